"""Scale benchmark: coding in process and on Spark, loading into PostgreSQL, querying 1M events.

    PYTHONPATH=src python bench/scale.py [--corpus FILE] [--pg postgresql:///test?...]
                                         [--events 1000000] [--skip-coding] [--skip-million]

1. ``dateline batch`` of the AFP/Xinhua corpus (2,452 stories) three ways, each timed end to
   end (reading, model loading, Spark start-up, writing Parquet): in process, Spark
   ``local[1]``, Spark ``local[2]``. Prints stories/s, the local[2]/local[1] speed-up and the
   per-story cost of Spark local[1] against in process (its overhead ratio).
2. ``dateline load`` of the local[2] output into a fresh PostgreSQL schema: events/s with COPY
   (a month per transaction, clustering included).
3. ``--events`` synthetic events (``bench/million.py``'s generator) clustered in SQLite, copied
   into PostgreSQL with COPY, then the same timeline and dyad questions timed on both
   (median of 5 after one warm-up).

Figures are printed for the issue note and docs/scaling.md; nothing is asserted. The machine's
other load shows in every figure: the ratios come from one run, side by side.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "afp-xinhua-te3silver.jsonl"
PG = "postgresql:///test?host=/var/run/postgresql"


def new_schema(base: str) -> str:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{name}"


def coding(corpus: Path, work: Path) -> dict[str, float]:
    from dateline import bulk

    figures: dict[str, float] = {}
    for label, engine, master in (("in process", "local", ""), ("spark local[1]", "spark", "local[1]"),
                                  ("spark local[2]", "spark", "local[2]")):
        out = work / label.replace(" ", "-").replace("[", "").replace("]", "")
        started = time.perf_counter()
        report = bulk.run([str(corpus)], out, engine=engine, master=master or "local[2]")
        seconds = time.perf_counter() - started
        figures[label] = report.articles / seconds
        print(f"{label:<16} {report.articles} stories, {report.events} events in {seconds:7.1f} s"
              f" = {figures[label]:6.2f} stories/s", flush=True)
    print(f"speed-up local[2] / local[1]: {figures['spark local[2]'] / figures['spark local[1]']:.2f}x")
    print(f"Spark overhead, per-story cost local[1] / in process:"
          f" {figures['in process'] / figures['spark local[1]']:.2f}x")
    return figures


def load(out: Path, base: str) -> str:
    from dateline.bulk.load import load as run_load
    from dateline.store import Store

    url = new_schema(base)
    with Store(url) as store:
        report = run_load(out, store)
    print(f"load (COPY) {report.articles} stories, {report.events} events in {report.seconds:.1f} s"
          f" = {report.events / report.seconds:,.0f} events/s ({report.articles / report.seconds:,.0f} stories/s)",
          flush=True)
    return url


def copy_to_postgres(sqlite_path: Path, url: str) -> float:
    """The generated store's tables into PostgreSQL with COPY; returns events/s."""
    import sqlite3

    from dateline.store import Store

    source = sqlite3.connect(sqlite_path)
    started = time.perf_counter()
    with Store(url) as store:
        raw = store.conn.raw
        for table in ("articles", "events", "evidence", "clusters", "cluster_members"):
            cursor = source.execute(f"SELECT * FROM {table}")
            names = ", ".join(f'"{d[0]}"' for d in cursor.description)
            with raw.cursor() as pg, pg.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in cursor:
                    copy.write_row(row)
        raw.execute("SELECT setval(pg_get_serial_sequence('clusters', 'cluster_id'), max(cluster_id)) FROM clusters")
        raw.execute("ANALYZE")
    events = source.execute("SELECT count(*) FROM events").fetchone()[0]
    return events / (time.perf_counter() - started)


def latency(target: str) -> dict[str, float]:
    import dateline.ask as ask

    questions = {
        "timeline JPN 2019": lambda s: s.timeline(actor="JPN", since="2019-01-01", until="2019-12-31"),
        "timeline JPN-RUS consult": lambda s: s.timeline(dyad=("JPN", "RUS"), root="04", since="2018"),
        "dyad JPN RUS monthly": lambda s: s.dyad_series("JPN", "RUS", freq="M"),
    }
    figures = {}
    with ask.open(target) as store:
        for name, question in questions.items():
            question(store)
            times = []
            for _ in range(5):
                started = time.perf_counter()
                question(store)
                times.append(time.perf_counter() - started)
            figures[name] = statistics.median(times) * 1000
    return figures


def million(total: int, base: str, work: Path) -> None:
    from million import cluster, generate

    path = work / "million.db"
    seconds = generate(path, total)
    clustered, clusters = cluster(path)
    print(f"synthetic: {total:,} events generated in {seconds:.0f} s, clustered in {clustered:.0f} s"
          f" ({clusters:,} clusters)", flush=True)
    url = new_schema(base)
    rate = copy_to_postgres(path, url)
    print(f"COPY of the clustered store into PostgreSQL: {rate:,.0f} events/s", flush=True)
    on_sqlite, on_pg = latency(str(path)), latency(url)
    print(f"{'question (median of 5)':<28} {'SQLite':>10} {'PostgreSQL':>11}")
    for name in on_sqlite:
        print(f"{name:<28} {on_sqlite[name]:>8.1f} ms {on_pg[name]:>8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--pg", default=PG)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=None, help="keep outputs here (default: a temp folder)")
    parser.add_argument("--skip-coding", action="store_true")
    parser.add_argument("--skip-million", action="store_true")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="dateline-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"work folder: {work}", flush=True)
    if not args.skip_coding:
        coding(args.corpus, work)
        url = load(work / "spark-local2", args.pg)
        print(f"loaded store: {url}")
    if not args.skip_million:
        million(args.events, args.pg, work)


if __name__ == "__main__":
    main()
