"""How fast a WordPress export is imported, and how much memory it takes.

    python bench/imports.py                          # 1,000 posts with 5,000 comments, SQLite
    python bench/imports.py --posts 4000 --comments 20000 --words 400   # a ~16 MB export

Writes an export of made-up posts (topics, paragraphs, an FAQ, key facts, sources, threaded
comments in every state), then runs `plainly import wordpress` on it in a fresh installation of
its own (migrated first, not timed), twice: the second run is the "nothing changed" pass. Prints
posts a second and the import process's peak resident memory.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

WORDS = [
    *("answer", "border", "armistice", "treaty", "peninsula", "river", "mountain", "city"),
    *("village", "coast", "island", "population", "census", "harbour", "railway", "school"),
    *("market", "festival", "winter", "summer", "museum", "bridge", "language", "history"),
    *("war", "peace", "family", "letter", "journey", "report", "figure", "people", "north"),
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def post(rng: random.Random, n: int, comments: int, words: int) -> str:
    paragraphs = "".join(
        f"<!-- wp:paragraph --><p>{sentence(rng, words // 5)}</p><!-- /wp:paragraph -->"
        for _ in range(5)
    )
    faq = "".join(f"<h3>{sentence(rng, 6)[:-1]}?</h3><p>{sentence(rng, 20)}</p>" for _ in range(3))
    facts = "".join(f"<li>{sentence(rng, 8)}</li>" for _ in range(3))
    content = (
        f"{paragraphs}<h2>More about {rng.choice(WORDS)}</h2><ul>{facts}</ul>"
        f"<h2>Frequently Asked Questions</h2>{faq}"
        f'<h2>Sources</h2><ul><li><a href="https://example.org/{n}">A report</a></li></ul>'
    )
    threads = []
    for c in range(comments):
        comment_id = n * 1000 + c
        parent = n * 1000 + rng.randrange(c) if c and rng.random() < 0.3 else 0
        state = rng.choices(["1", "0", "spam", "trash"], weights=[85, 8, 5, 2])[0]
        threads.append(
            f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
            f"<wp:comment_author><![CDATA[Reader {c}]]></wp:comment_author>"
            f"<wp:comment_author_email>reader{c}@mail.example</wp:comment_author_email>"
            f"<wp:comment_date_gmt>2026-0{1 + c % 9}-1{c % 10} 10:00:00</wp:comment_date_gmt>"
            f"<wp:comment_content><![CDATA[{sentence(rng, 25)}]]></wp:comment_content>"
            f"<wp:comment_approved>{state}</wp:comment_approved>"
            f"<wp:comment_type>comment</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
        )
    topic = f"topic-{n % 20}"
    return (
        f"<item><title>{escape(sentence(rng, 7)[:-1])} {n}?</title>"
        f"<link>https://old.example/{n}/question-{n}/</link>"
        f"<dc:creator>writer</dc:creator>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[{sentence(rng, 15)}]]></excerpt:encoded>"
        f"<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>2025-05-0{1 + n % 9} 08:00:00"
        f"</wp:post_date_gmt><wp:post_name>question-{n}</wp:post_name>"
        f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        f'<category domain="category" nicename="{topic}"><![CDATA[Topic {n % 20}]]></category>'
        f"{''.join(threads)}</item>"
    )


def write_export(path: Path, posts: int, comments: int, words: int, seed: int = 1) -> None:
    rng = random.Random(seed)  # noqa: S311 - made-up text, the same each run
    per_post = [comments // posts + (1 if n < comments % posts else 0) for n in range(posts)]
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Bench</title>'
            "<link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version>\n"
        )
        for n in range(posts):
            out.write(post(rng, n + 1, per_post[n], words) + "\n")
        out.write("</channel></rss>\n")


def timed_import(env: dict, export: Path) -> tuple[float, float]:
    """Seconds the import took, and its own peak resident memory in MB."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "plainly", "import", "wordpress", str(export), "-v0"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    # wait4 gives this child's own resource use, not the largest of all children so far.
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"the import failed ({process.returncode})")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--words", type=int, default=150, help="words in each post's body")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plainly-import-bench-") as folder:
        folder = Path(folder)
        export = folder / "export.xml"
        write_export(export, args.posts, args.comments, args.words)
        size = export.stat().st_size / 1e6
        env = {**os.environ, "PLAINLY_VAR_DIR": str(folder / "var")}
        env.pop("PLAINLY_DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "plainly", "migrate", "-v0"], env=env, check=True)
        print(f"export: {args.posts:,} posts, {args.comments:,} comments, {size:.1f} MB")
        first, peak = timed_import(env, export)
        print(
            f"first import: {first:.1f} s, {args.posts / first:.1f} posts/s, peak RSS {peak:.0f} MB"
        )
        again, peak = timed_import(env, export)
        print(f"second run (nothing changed): {again:.1f} s, {args.posts / again:.1f} posts/s")


if __name__ == "__main__":
    main()
