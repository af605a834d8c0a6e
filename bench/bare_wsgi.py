"""The limit for a Python server on this machine: a WSGI application that answers every request
with the bytes and headers of a cached page, and does nothing else, under the very settings
``plainly serve`` gives granian (workers, request threads, timeouts).

    python bench/bare_wsgi.py PAGE HEADERS PORT [WORKERS]

PAGE holds the page's bytes, HEADERS its response headers as a JSON list of pairs. bench/run.py
runs it beside Plainly for scenario 1w.
"""

import json
import os
import sys
from pathlib import Path


def _load():
    body = Path(os.environ["BARE_WSGI_PAGE"]).read_bytes()
    pairs = json.loads(Path(os.environ["BARE_WSGI_HEADERS"]).read_text())
    headers = [(name, value) for name, value in pairs]
    return body, headers


if "BARE_WSGI_PAGE" in os.environ:  # in granian's workers
    BODY, HEADERS = _load()

    def application(environ, start_response):
        start_response("200 OK", HEADERS)
        return [BODY]


def main() -> None:
    page, headers, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    workers = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    os.environ["BARE_WSGI_PAGE"], os.environ["BARE_WSGI_HEADERS"] = page, headers
    from plainly.management.commands.serve import THREADS, granian_for

    server = granian_for(
        "bare_wsgi:application",
        host="127.0.0.1",
        port=port,
        workers=workers,
        threads=THREADS,
        working_dir=Path(__file__).resolve().parent,
    )
    server.serve()


if __name__ == "__main__":
    main()
