"""Load benchmark for `dateline serve`: the JSON API under concurrent clients, and the page.

    PYTHONPATH=src python bench/serve.py [--db /tmp/dateline-million.db] [--events 1000000]
                                         [--clients 8] [--seconds 20] [--page]

1. Uses the store at ``--db`` (building ``--events`` synthetic events with ``bench/million.py``
   when it is missing) and starts the real server (`dateline serve`) on a free port of
   127.0.0.1.
2. Baseline, single client: each question once per query, called in-process through the
   library (no HTTP), so the API figures below have something to be a ratio of.
3. Phase "timeline": ``--clients`` threads, each with its own keep-alive connection, ask for
   filtered timelines (an actor in one year, a dyad, a dyad and a root, a QuadClass in a
   quarter) for ``--seconds``; then phase "page": the requests the page makes (an events
   page, the next page by cursor, places, a dyad series) the same way.
   Prints requests, throughput, median / p95 / p99 latency per phase and per endpoint.
4. With ``--page``: the page's first render on the demo store in headless Chromium (the time
   from navigation start until every view has drawn, median of 5 loads).

The load is bounded: loopback only, a fixed number of clients, a fixed duration, and at most
``--max-requests`` in all. No timed assertions: this prints figures for the issue note.
"""
from __future__ import annotations

import argparse
import http.client
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

YEARS = [str(y) for y in range(2015, 2025)]
ACTORS = ["JPN", "RUS", "USA", "CHN", "IND", "IRN", "TUR", "UKR", "FRA", "BRA"]
PAIRS = [("JPN", "RUS"), ("USA", "CHN"), ("RUS", "UKR"), ("IND", "PAK"), ("ISR", "PSE"), ("USA", "IRN")]


def timeline_query(rng: random.Random) -> dict[str, str]:
    """A filtered timeline as the page asks for it."""
    kind = rng.randrange(4)
    year = rng.choice(YEARS)
    if kind == 0:
        return {"actor": rng.choice(ACTORS), "since": year, "until": year}
    if kind == 1:
        return {"dyad": ",".join(rng.choice(PAIRS))}
    if kind == 2:
        return {"dyad": ",".join(rng.choice(PAIRS)), "root": rng.choice(["04", "11", "19"]), "since": year}
    quarter = rng.randrange(4)
    return {"quad_class": str(rng.randrange(1, 5)), "since": f"{year}-{quarter * 3 + 1:02d}",
            "until": f"{year}-{quarter * 3 + 3:02d}"}


def page_request(rng: random.Random, cursors: list[tuple[dict[str, str], str]]) -> tuple[str, dict[str, str]]:
    """One of the requests the page makes when a filter changes or the table pages."""
    filters = timeline_query(rng)
    choice = rng.randrange(4)
    if choice == 0:
        return "events", {**filters, "limit": "50"}
    if choice == 1 and cursors:
        filters, cursor = rng.choice(cursors)
        return "events (next page)", {**filters, "limit": "50", "cursor": cursor}
    if choice == 2:
        return "places", filters
    if choice == 3:
        a, b = rng.choice(PAIRS)
    return "series", {"a": a, "b": b, "since": rng.choice(YEARS)}


PATHS = {"timeline": "/api/timeline", "events": "/api/events", "events (next page)": "/api/events",
         "places": "/api/places", "series": "/api/series"}


def load(port: int, phase: str, clients: int, seconds: float, max_requests: int,
         cursors: list[tuple[dict[str, str], str]]) -> dict[str, list[float]]:
    """Run ``clients`` threads for ``seconds``; latencies (ms) by endpoint."""
    results: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    budget = [max_requests]

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: dict[str, list[float]] = {}
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            name, params = ("timeline", timeline_query(rng)) if phase == "timeline" else page_request(rng, cursors)
            started = time.perf_counter()
            conn.request("GET", PATHS[name] + "?" + urlencode(params))
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                with lock:
                    errors.append(f"{response.status} {name} {params}: {body[:200]!r}")
                continue
            mine.setdefault(name, []).append(elapsed)
        conn.close()
        with lock:
            for name, values in mine.items():
                results.setdefault(name, []).extend(values)

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, e.g. {errors[0]}")
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def report(title: str, results: dict[str, list[float]], seconds: float) -> float:
    everything = [v for values in results.values() for v in values]
    print(f"\n{title}: {len(everything):,} requests in {seconds:.0f} s = {len(everything) / seconds:,.1f} requests/s")
    print(f"  {'endpoint':20s} {'requests':>9s} {'median':>9s} {'p95':>9s} {'p99':>9s}")
    for name, values in sorted(results.items()) + [("all", everything)]:
        print(f"  {name:20s} {len(values):9,d} {statistics.median(values):7.1f}ms {percentile(values, 95):7.1f}ms"
              f" {percentile(values, 99):7.1f}ms")
    return statistics.median(everything)


def baseline(db: Path, rng: random.Random, n: int = 40) -> float:
    """Median ms of the same filtered timelines called in-process, one at a time (no HTTP)."""
    from dateline.ask.pages import timeline_points
    from dateline.filters import Filters
    from dateline.serve.db import connect_readonly

    conn = connect_readonly(db)
    times = []
    for _ in range(n):
        filters = Filters.parse(**timeline_query(rng))
        started = time.perf_counter()
        timeline_points(conn, filters)
        times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return statistics.median(times)


def first_render(loads: int = 5) -> list[float]:
    """The page's first render on the demo store, in ms from navigation start (headless Chromium)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from serving import server

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        subprocess.run([sys.executable, "-m", "dateline.cli", "demo", "--db", str(db)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1300"):
            options.add_argument(argument)
        browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        times = []
        try:
            with server(db) as url:
                for _ in range(loads):
                    browser.get("about:blank")
                    browser.get(url + "/")
                    for _ in range(300):
                        value = browser.execute_script("return window.dateline_first_render || null")
                        if value:
                            times.append(float(value))
                            break
                        time.sleep(0.02)
        finally:
            browser.quit()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/dateline-million.db"))
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--page", action="store_true", help="also time the page's first render on the demo store")
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 0 < args.seconds <= 120:
        raise SystemExit("keep the load bounded: 1-64 clients, at most 120 s")

    if not args.db.exists():
        import million

        print(f"building {args.events:,} synthetic events into {args.db} (bench/million.py)", flush=True)
        million.generate(args.db, args.events)
        million.cluster(args.db)
    from serving import get, server

    from dateline.serve.db import connect_readonly

    conn = connect_readonly(args.db)
    events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    clusters = conn.execute("SELECT count(*) FROM clusters").fetchone()[0]
    conn.close()
    print(f"store {args.db}: {events:,} events, {clusters:,} deduplicated, {args.db.stat().st_size / 1e6:,.0f} MB")

    rng = random.Random(15)
    direct = baseline(args.db, rng)
    print(f"baseline: a filtered timeline called in-process, one at a time: median {direct:.1f} ms")

    with server(args.db) as base:
        port = int(base.rsplit(":", 1)[1])
        cursors = []
        for filters in (timeline_query(random.Random(seed)) for seed in range(20)):
            _, page, _ = get(base, "/api/events?" + urlencode({**filters, "limit": "50"}))
            if page["next"]:
                cursors.append((filters, page["next"]))
        results = load(port, "timeline", args.clients, args.seconds, args.max_requests, cursors)
        median = report(f"filtered timelines, {args.clients} clients", results, args.seconds)
        print(f"  ratio: median under load / in-process baseline = {median / direct:.1f}x")
        results = load(port, "page", args.clients, args.seconds, args.max_requests, cursors)
        report(f"the page's other requests, {args.clients} clients", results, args.seconds)

    if args.page:
        times = first_render()
        print(f"\npage first render on the demo store (headless Chromium, {len(times)} loads):"
              f" median {statistics.median(times):.0f} ms, max {max(times):.0f} ms")


if __name__ == "__main__":
    main()
