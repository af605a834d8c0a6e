"""What the tests share: real servers (mail, Plainly, nginx, Varnish, Redis), a real browser, and
requests straight to the WSGI stack. The root ``conftest.py`` loads each module as a pytest
plugin, so their fixtures reach every test; their functions are imported where used."""
