from plainly.cli import main

main()
