"""Where a server worker's memory goes: the bench's stages one after the other, with each worker's
peak resident memory (VmHWM) after each, and the requests a second of each stage.

    python bench/memory.py                           # smoke site, SQLite, serve's default threads
    python bench/memory.py --backend postgres --threads 5 --rounds 3

Each round starts a new server, since a worker's memory at start differs between starts.
"""

import argparse
import statistics
import threading
import time

import run


def peaks(backend: run.Backend) -> str:
    return "/".join(f"{peak:.0f}" for peak in sorted(backend.worker_peaks_rss_mb()))


def one_round(backend: run.Backend, question: dict, scripts: dict, seconds: int) -> dict:
    page = backend.url + question["path"]
    stages = {}
    print(f"  start: peak RSS {peaks(backend)} MB", flush=True)
    steps = [
        ("cached page", lambda: run.wrk(page, seconds=seconds)),
        ("render", lambda: run.wrk(page, seconds=seconds, connections=16,
                                   headers=run.PAST_THE_PAGE_CACHE)),
        ("first renders", lambda: run.wrk(backend.url + "/", seconds=seconds, connections=16,
                                          script=scripts["pages"])),
        ("search", lambda: run.wrk(backend.url + "/search/?q=wage+past", seconds=seconds,
                                   connections=16)),
        ("new searches", lambda: run.wrk(backend.url + "/", seconds=seconds, connections=16,
                                         script=scripts["searches"])),
    ]  # fmt: skip
    run.fetch(page)
    for name, step in steps:
        stages[name] = step()
        print(f"  {name}: {stages[name]:,.0f} req/s, peak RSS {peaks(backend)} MB", flush=True)
    writers = run.Writers(backend, question["id"], run=f"{time.time_ns()}")
    readers = threading.Thread(target=run.wrk, args=(page,), kwargs={"seconds": 2 * seconds})
    readers.start()
    writers.run_for(2 * seconds)
    readers.join()
    stages["posting p50 (ms)"] = run.percentile(writers.latencies, 0.5) * 1000
    stages["peak RSS (MB)"] = backend.worker_peak_rss_mb()
    print(f"  posting: p50 {stages['posting p50 (ms)']:.0f} ms, peak RSS {peaks(backend)} MB",
          flush=True)  # fmt: skip
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=None, help="serve's default if not given")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    backend = run.Backend(
        args.backend, args.pages, args.comments, args.postgres_url, args.redis_url
    )
    backend.prepare()
    backend.start(args.threads)
    try:
        question = backend.popular_question()
        scripts = {
            "pages": run.varied_pages(backend, 200),
            "searches": run.varied_searches(backend),
        }
    finally:
        backend.stop()
    rounds = []
    for number in range(args.rounds):
        print(f"round {number + 1}, threads {args.threads or 'default'}", flush=True)
        backend.start(args.threads)
        try:
            rounds.append(one_round(backend, question, scripts, args.seconds))
        finally:
            backend.stop()
    print("medians:")
    for name in rounds[0]:
        print(f"  {name}: {statistics.median(r[name] for r in rounds):,.0f}")


if __name__ == "__main__":
    main()
