"""Load test: 200 readers and 20 writers at once, for 60 seconds, on each backend.

    python bench/load.py                          # SQLite, then PostgreSQL + Redis
    python bench/load.py --backends sqlite --seconds 20

Readers (wrk, 200 connections) go round the home page, topic pages, questions and searches;
writers (20 threads) each fetch a form token, wait the discussion's minimum writing time and post
a comment, over and over. It passes when no response was a server error and every comment the
site accepted is in the database afterwards; it prints the figures as a Markdown table
(docs/reliability.md keeps the latest).
"""

import argparse
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import Backend, Writers, fetch, paths_script, percentile

SITE = (1000, 10_000)  # pages, comments: a site big enough that pages are not all alike
READERS, WRITERS = 200, 20
QUERIES = ["war", "wage past", "water", "how much", "energy question"]


def reader_paths(backend: Backend) -> list[str]:
    code = (
        "import json\n"
        "from plainly.questions.models import QuestionPage, TopicPage\n"
        "questions = [q.url for q in QuestionPage.objects.live().order_by('?')[:300]]\n"
        "topics = [t.url for t in TopicPage.objects.live()]\n"
        "print(json.dumps(questions + topics))\n"
    )
    paths = json.loads(backend.plainly("shell", "-c", code, capture=True).strip().splitlines()[-1])
    searches = [f"/search/?{urlencode({'q': query})}" for query in QUERIES]
    return ["/", *paths, *searches]


def read(backend: Backend, seconds: int, results: dict) -> None:
    script = paths_script(backend, "load-readers", reader_paths(backend))
    done = subprocess.run(
        ["wrk", "-t", "2", "-c", str(READERS), "-d", f"{seconds}s", "--timeout", "10s",
         "--latency", "-s", str(script), backend.url + "/"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = done.stdout
    results["output"] = out
    results["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    results["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    results["non_2xx"] = int(errors.group(1)) if errors else 0
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        out)  # fmt: skip
    results["socket_errors"] = sum(int(n) for n in sockets.groups()) if sockets else 0
    results["p99"] = re.search(r"99%\s+([\d.]+\w+)", out).group(1)


def run(name: str, seconds: int, postgres_url: str, redis_url: str) -> dict:
    backend = Backend(name, *SITE, postgres_url, redis_url)
    backend.prepare()
    backend.start()
    try:
        question = backend.popular_question()
        fetch(backend.url + question["path"])
        reading: dict = {}
        readers = threading.Thread(target=read, args=(backend, seconds, reading))
        writers = Writers(backend, question["id"], run=f"load-{time.time_ns()}", threads=WRITERS)
        readers.start()
        writers.run_for(seconds)
        readers.join()
        stored = writers.stored()
        server_errors = sum(n for status, n in writers.refused.items() if status >= 500)
        return {
            "backend": name,
            "seconds": seconds,
            "reads": reading["requests"],
            "reads_per_second": reading["rps"],
            "read_p99": reading["p99"],
            # Readers ask only for pages anyone may see: any non-2xx answer is a failure.
            "read_errors": reading["non_2xx"] + reading["socket_errors"],
            "writes_accepted": writers.accepted,
            "writes_stored": stored,
            "write_refusals": writers.refused,
            "write_server_errors": server_errors,
            "write_p50_ms": round(percentile(writers.latencies, 0.5) * 1000),
            "write_p99_ms": round(percentile(writers.latencies, 0.99) * 1000),
            "peak_worker_rss_mb": round(backend.worker_peak_rss_mb()),
        }
    finally:
        backend.stop()


def table(results: list[dict]) -> str:
    lines = [
        "| backend | reads | reads/s | read p99 | read errors | writes accepted / stored "
        "| write p50 / p99 | write 5xx | refused | worker RSS |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        refused = ", ".join(f"{n}×{s}" for s, n in sorted(r["write_refusals"].items())) or "none"
        lines.append(
            f"| {r['backend']} | {r['reads']:,} | {r['reads_per_second']:,.0f} | {r['read_p99']} "
            f"| {r['read_errors']} | {r['writes_accepted']} / {r['writes_stored']} "
            f"| {r['write_p50_ms']} / {r['write_p99_ms']} ms | {r['write_server_errors']} "
            f"| {refused} | {r['peak_worker_rss_mb']} MB |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    results = [
        run(name, args.seconds, args.postgres_url, args.redis_url)
        for name in args.backends.split(",")
    ]
    print(table(results))
    failed = [
        r["backend"]
        for r in results
        if r["read_errors"]
        or r["write_server_errors"]
        or r["writes_stored"] != r["writes_accepted"]
    ]
    if failed:
        raise SystemExit(f"load test failed on {', '.join(failed)}: errors or lost writes")


if __name__ == "__main__":
    main()
