"""Scale benchmark for ask: a million synthetic events, then the questions analysts ask.

    PYTHONPATH=src python bench/million.py [--events 1000000] [--db /tmp/million.db] [--keep]

1. Generates ``--events`` synthetic event rows into a fresh store with bulk inserts (one
   transaction, executemany): articles from several outlets, a few hundred dyads with a
   Zipf-like weight (JPN–RUS among the busiest), ten years of day-level dates, and about a
   third of events re-reported by 2–5 other outlets so deduplication has work to do.
2. Clusters them with the same incremental dedupe the ingest uses (``dedupe_pending``).
3. Times, each in a fresh process so the peak memory (``VmHWM``, else ``ru_maxrss``)
   belongs to that step alone: a monthly dyad series, a filtered timeline (one actor, one year), the deduplicated
   event count, and streaming exports (CSV and GDELT of everything; JSONL of one actor).

No timed assertions anywhere: this prints figures for the issue note.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

COUNTRIES = ("USA RUS CHN JPN GBR FRA DEU IND PAK IRN ISR PSE SYR IRQ TUR UKR KOR PRK EGY SAU "
             "BRA MEX CAN AUS IDN PHL VNM THA MYS AFG NGA ZAF KEN ETH SDN LBY YEM QAT ARE POL").split()
OUTLETS = ("AFP", "Xinhua", "Reuters", "AP", "TASS", "Kyodo", "BBC", "DPA", "EFE", "ANSA")
GOLDSTEIN = {"01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0,
             "08": 5.0, "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5,
             "15": -7.2, "16": -4.0, "17": -7.0, "18": -9.0, "19": -10.0, "20": -10.0}
ROOT_WEIGHTS = {"01": 20, "02": 6, "03": 8, "04": 18, "05": 6, "06": 4, "07": 3, "08": 2,
                "09": 2, "10": 4, "11": 7, "12": 3, "13": 3, "14": 3, "15": 2, "16": 2,
                "17": 4, "18": 4, "19": 3, "20": 1}
PLACES = {"JPN": ("Tokyo", 35.69, 139.69), "RUS": ("Moscow", 55.75, 37.62),
          "USA": ("Washington", 38.9, -77.04), "CHN": ("Beijing", 39.9, 116.4)}


def quad_class(root: str) -> int:
    value = int(root)
    return 1 if value <= 5 else 2 if value <= 8 else 3 if value <= 13 else 4


def generate(path: Path, total: int, seed: int = 7) -> float:
    """Fill a fresh store with ``total`` event rows; returns the seconds it took."""
    from dateline.store import connect

    rng = random.Random(seed)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    conn = connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    pairs = [(a, b) for a in COUNTRIES for b in COUNTRIES if a != b]
    rng.shuffle(pairs)
    pairs.remove(("JPN", "RUS"))
    pairs.insert(3, ("JPN", "RUS"))
    pair_weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(pairs))]
    roots = list(ROOT_WEIGHTS)
    root_weights = list(ROOT_WEIGHTS.values())
    start = dt.date(2015, 1, 1)
    days = 3650
    started = time.perf_counter()
    conn.execute("BEGIN")
    made = 0
    article_no = 0
    batch_articles: list[tuple] = []
    batch_events: list[tuple] = []
    batch_evidence: list[tuple] = []
    while made < total:
        a, b = rng.choices(pairs, pair_weights)[0]
        if rng.random() < 0.5:
            a, b = b, a
        root = rng.choices(roots, root_weights)[0]
        cameo = root + rng.choice(("0", "1", "2", "3"))
        date = (start + dt.timedelta(days=rng.randrange(days))).isoformat()
        reports = 1 if rng.random() < 0.67 else rng.randint(2, 5)
        goldstein = GOLDSTEIN[root]
        place = PLACES.get(b) if rng.random() < 0.4 else None
        for _ in range(min(reports, total - made)):
            article_no += 1
            article_id = f"syn-{article_no}"
            outlet = rng.choice(OUTLETS)
            sentence = f"{a} and {b}: synthetic event {cameo} on {date} reported by {outlet}."
            batch_articles.append((article_id, f"h{article_no}", "", sentence, date, "metadata",
                                   outlet, None, None, "en", "bench", "{}", 1, None))
            event_id = f"e{article_no}"
            batch_events.append((
                event_id, article_id, cameo, root, quad_class(root), goldstein, None,
                a, a, None, a, None, None, b, b, None, b, None, None,
                date, "day", "text", "asserted", "[]",
                place[0] if place else None, b if place else None,
                place[1] if place else None, place[2] if place else None,
                sentence, 0, len(sentence), 0,
            ))
            batch_evidence.append((event_id, article_id, 0, len(sentence), None))
            made += 1
        if len(batch_events) >= 50_000 or made >= total:
            conn.executemany("INSERT INTO articles (id, content_hash, title, text, published, published_from,"
                             " source, dateline_place, url, language, origin, extra, coded, skipped_reason)"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch_articles)
            conn.executemany("INSERT INTO events VALUES (" + ",".join("?" * 32) + ")", batch_events)
            conn.executemany("INSERT INTO evidence VALUES (?,?,?,?,?)", batch_evidence)
            batch_articles, batch_events, batch_evidence = [], [], []
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


def cluster(path: Path) -> tuple[float, int]:
    """Run the ingest's dedupe over the bulk-loaded events."""
    from dateline.ask.dedupe import dedupe_pending
    from dateline.store import connect

    conn = connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    dedupe_pending(conn)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    clusters = conn.execute("SELECT count(*) FROM clusters").fetchone()[0]
    conn.execute("ANALYZE")
    conn.close()
    return elapsed, clusters


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    ``getrusage`` is the portable figure, but on Linux a child started by fork + exec
    inherits its parent's high-water mark in ``ru_maxrss``; the kernel's own high-water mark
    of the current image (``VmHWM``) is used when it can be read.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(path: Path, name: str) -> None:
    """One timed question, run in its own process; prints time, result size and peak memory."""
    import dateline.ask as ask
    from dateline.ask.export import export

    store = ask.open(path)
    if name.startswith("export_"):
        # Loaded before the clock and the memory baseline: the writers' own imports.
        import pyarrow.parquet  # noqa: F401
    baseline_mb = peak_rss_mb()
    started = time.perf_counter()
    cpu_started = time.process_time()
    if name == "dyad_series":
        result = len(store.dyad_series("JPN", "RUS", freq="M"))
        what = "monthly rows (both directions)"
    elif name == "timeline":
        result = len(store.timeline(actor="JPN", since="2019-01-01", until="2019-12-31"))
        what = "events (JPN, 2019)"
    elif name == "timeline_dyad_root":
        result = len(store.timeline(dyad=("JPN", "RUS"), root="04", since="2018"))
        what = "events (JPN-RUS, consult, since 2018)"
    elif name == "top_actors":
        result = len(store.top_actors(n=10, since="2020-01-01", until="2020-03"))
        what = "actors (Q1 2020)"
    elif name.startswith("export_"):
        fmt = name.split("_", 1)[1]
        out = Path(str(path) + "." + fmt)
        filters = {"actor": "JPN"} if fmt == "jsonl" else {}
        result = export(store, fmt, out, **filters)
        what = f"rows to {out.name} ({out.stat().st_size / 1e6:.0f} MB)" + (" (actor JPN)" if filters else "")
        out.unlink()
    else:
        raise SystemExit(f"unknown step {name}")
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak_mb = peak_rss_mb()
    print(f"{name:20s} {elapsed:8.3f} s wall {cpu:8.3f} s CPU  {result:>9,} {what}; peak RSS {peak_mb:.0f} MB"
          f" (+{peak_mb - baseline_mb:.0f} MB over the process before the step)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/dateline-million.db"))
    parser.add_argument("--keep", action="store_true", help="reuse an existing store")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        step(args.db, args.step)
        return
    if not (args.keep and args.db.exists()):
        seconds = generate(args.db, args.events)
        print(f"generate             {seconds:8.1f} s  {args.events:>9,} events (bulk insert)", flush=True)
        seconds, clusters = cluster(args.db)
        print(f"dedupe               {seconds:8.1f} s  {clusters:>9,} deduplicated events"
              f" ({args.events / seconds:,.0f} events/s)", flush=True)
    from dateline.store import connect

    conn = connect(args.db)  # brings an older bench store up to the current schema
    conn.execute("ANALYZE")
    conn.close()
    print(f"store size {args.db.stat().st_size / 1e6:.0f} MB", flush=True)
    env = dict(os.environ)
    for name in ("dyad_series", "timeline", "timeline_dyad_root", "top_actors",
                 "export_csv", "export_gdelt", "export_jsonl", "export_parquet"):
        subprocess.run([sys.executable, __file__, "--db", str(args.db), "--step", name], check=True, env=env)


if __name__ == "__main__":
    main()
