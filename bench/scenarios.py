"""Some of ``bench/run.py``'s scenarios alone, on a site it generated.

    python bench/scenarios.py sqlite                 # 3, 3c, 4 and 4b, on 100,000 pages
    python bench/scenarios.py postgres 3c 3c 3c      # scenario 3c three times
    python bench/scenarios.py sqlite 1w --rounds 5   # the cached page against a bare WSGI app

For measuring one change in a few minutes rather than a whole ``make bench``: each scenario is
the same wrk run as there, against the same bare view, on the site ``make bench`` left in
``var/bench/`` (generate it first). To compare two versions of the code, run this from a
checkout of each (``git worktree add``, with ``var`` linked to this one's): ``python -m
plainly`` serves the code of the folder it is started from.
"""

import argparse
import json
from urllib.parse import urlencode

import run

SCENARIOS = ("1w", "3", "3c", "4", "4b")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("backend", choices=("sqlite", "postgres"))
    parser.add_argument("scenarios", nargs="*", choices=SCENARIOS, default=["3", "3c", "4", "4b"])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="of 1w, the median reported")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    options = parser.parse_args()
    site = run.Backend(
        options.backend, options.pages, options.comments, options.postgres_url, options.redis_url
    )
    if not (site.home / "generated").exists():
        raise SystemExit(f"No site in {site.home}: make bench generates it.")
    seconds = options.seconds
    site.start()
    try:
        question = site.popular_question()
        # What the bare view answers with: the popular page's bytes.
        (site.home / "page.html").write_bytes(run.fetch(site.url + question["path"]))
        bare = run.wrk(
            site.url + "/bench/bare/",
            seconds=seconds,
            connections=16,
            headers=run.PAST_THE_PAGE_CACHE,
        )
        rendered = run.uncached_render(site, question, seconds)
        print(f"bare view {bare:,.0f} req/s; 3. render past the page cache {rendered:,.0f} "
              f"req/s ({rendered / bare:.3f} of the bare view)", flush=True)  # fmt: skip
        results = {"bare": round(bare), "3": round(rendered)}
        for scenario in options.scenarios:
            if scenario == "1w":
                rate, bare_app = cached_page(site, question, seconds, options.rounds)
                said = f"{rate / bare_app:.3f} of a bare WSGI app's {bare_app:,.0f} req/s"
            elif scenario == "3c":
                pages = run.varied_pages(site)
                rate = run.wrk(site.url + "/", seconds=seconds, connections=16, script=pages)
                said = f"{rate / bare:.3f} of the bare view"
            elif scenario == "4":
                searched = site.url + "/search/?" + urlencode({"q": run.SEARCH_QUERY})
                rate = run.wrk(searched, seconds=seconds, connections=16)
                said = f"{rate / rendered:.3f} of scenario 3"
            elif scenario == "4b":
                queries = run.varied_searches(site)
                site.forget_searches()
                rate = run.wrk(site.url + "/", seconds=seconds, connections=16, script=queries)
                said = f"{rate / rendered:.3f} of scenario 3"
            else:
                continue  # 3 is measured above, as the others' baseline
            results.setdefault(scenario, []).append(round(rate))
            print(f"{scenario}. {rate:,.0f} req/s ({said})", flush=True)
        print(json.dumps(results))
    finally:
        site.stop()


def cached_page(site: run.Backend, question: dict, seconds: int, rounds: int) -> tuple:
    """Scenario 1w: the cached page and a bare WSGI app answering with its bytes, in turn;
    each one's median rate over ``rounds``."""
    url = site.url + question["path"]
    run.fetch(url)
    page, headers = run.fetch_with_headers(url)  # the cached copy
    with run.bare_wsgi(site.home, page, headers) as bare_app:
        rates = run.in_turn(rounds, {
            "plainly": lambda: run.wrk(url, seconds=seconds),
            "bare": lambda: run.wrk(bare_app + question["path"], seconds=seconds),
        })  # fmt: skip
    return rates["plainly"], rates["bare"]


if __name__ == "__main__":
    main()
