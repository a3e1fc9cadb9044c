"""Throughput of `dateline code` beside the bare spaCy parse, measured in one run.

Prints articles/s and words/s for (a) spaCy's `nlp.pipe` alone and (b) the whole dateline
pipeline (read → parse → when/who/where → what, with the sentence model and the learned decision),
and (c) the same with ``--no-model`` (clause rules alone) on the same fixed sample, their ratios, the
cost of each coding stage as a share of the parse, the speed-up with two worker processes,
and, with --memory, peak RSS while ingesting a large corpus into a temporary database.

    python bench/throughput.py [--sample 300] [--workers 2] [--memory [--memory-limit N]]

Ratios, not absolute times, are the figures to compare: the machine is shared and noisy, so
single-process figures use this process's CPU time (``time.process_time``), which other
processes on the machine disturb far less than wall time; the worker speed-up needs wall time.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared" / "data" / "corpora"

from dateline import nlp as nlp_loader, pipeline, what, when, where, who  # noqa: E402
from dateline.batch import analyse_stream, ingest  # noqa: E402
from dateline.read import read_all  # noqa: E402
from dateline.store import Store  # noqa: E402


def sample_articles(path: Path, n: int) -> list:
    """The first ``n`` stories of the corpus, as read by dateline (a fixed sample)."""
    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / "sample.jsonl"
        with open(path, encoding="utf-8") as src, open(part, "w", encoding="utf-8") as out:
            for _, line in zip(range(n), src):
                out.write(line)
        return [a for a in read_all([str(part)]) if not isinstance(a, Exception)]


def rss_mb() -> float:
    """Peak RSS of this process or of any finished child (the worker pool), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def tree_rss_mb() -> str:
    """Current RSS of this process and of each live child (workers), read from /proc."""
    me = os.getpid()
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid, ppid = int(entry.name), int(fields.get("PPid", "0").strip())
        if (pid == me or ppid == me) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) // 1024)
    return "+".join(str(size) for size in sorted(sizes, reverse=True)) + " MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "afp-xinhua-te3silver.jsonl")
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory", action="store_true", help="also ingest the Reuters corpus and print peak RSS")
    parser.add_argument("--memory-corpus", type=Path, default=SHARED / "reuters21578.jsonl")
    parser.add_argument("--memory-limit", type=int, default=0, help="stories to ingest (0: all)")
    args = parser.parse_args()

    if not args.corpus.exists():
        sys.exit(f"{args.corpus} is missing (../shared is needed for this benchmark)")
    articles = sample_articles(args.corpus, args.sample)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = nlp_loader.load()
    list(nlp.pipe(texts[:5]))  # warm up

    clock = time.process_time
    t0 = clock()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse = clock() - t0

    # Warm up every stage once (knowledge bases and the gazetteer index load on first use).
    pipeline.analyse_doc(articles[0], docs[0])
    stage_times = {"when": 0.0, "who": 0.0, "where": 0.0, "what (rules)": 0.0, "what (model)": 0.0}
    for article, doc in zip(articles, docs):
        if not pipeline.is_codable(article):
            continue
        t = clock(); times = when.tag(doc, article.published); stage_times["when"] += clock() - t
        t = clock(); actors = who.resolve(doc, article, dates=who.dates_from_timexes(doc, times)); stage_times["who"] += clock() - t
        t = clock(); places = where.resolve(doc, article); stage_times["where"] += clock() - t
        t = clock(); what.code(doc, article, actors, times, places, use_model=False); rules = clock() - t
        stage_times["what (rules)"] += rules
        t = clock(); what.code(doc, article, actors, times, places); stage_times["what (model)"] += clock() - t - rules

    t0 = clock()
    n_events = sum(len(a.events) for a in analyse_stream(articles, workers=1))
    full = clock() - t0
    t0 = clock()
    n_rule_events = sum(len(a.events) for a in analyse_stream(articles, workers=1, use_model=False))
    no_model = clock() - t0

    t0 = time.perf_counter()
    list(analyse_stream(articles, workers=1))
    serial_wall = time.perf_counter() - t0
    t0 = time.perf_counter()
    list(analyse_stream(articles, workers=args.workers))
    parallel = time.perf_counter() - t0

    n = len(articles)
    print(f"sample: {n} stories, {words} words from {args.corpus.name}")
    print("single process, CPU seconds of this process:")
    print(f"spaCy nlp.pipe alone : {n / parse:7.1f} articles/s {words / parse:9.0f} words/s")
    print(f"dateline (1 process) : {n / full:7.1f} articles/s {words / full:9.0f} words/s  ({n_events} events)")
    print(f"dateline --no-model  : {n / no_model:7.1f} articles/s {words / no_model:9.0f} words/s  ({n_rule_events} events)")
    print(f"ratio dateline/spaCy time: {full / parse:.3f} (goal at most 2.0)")
    print(f"ratio dateline --no-model/spaCy time: {no_model / parse:.3f} (goal at most 1.3)")
    for stage, seconds in stage_times.items():
        print(f"  {stage:<5} adds {100 * seconds / parse:5.1f}% of the parse time")
    print(f"  coding stages together: {100 * sum(stage_times.values()) / parse:5.1f}% of the parse time")
    print(f"wall clock: 1 process {n / serial_wall:.1f} articles/s, {args.workers} workers "
          f"{n / parallel:.1f} articles/s, speed-up x{serial_wall / parallel:.2f}")

    if args.memory:
        if not args.memory_corpus.exists():
            sys.exit(f"{args.memory_corpus} is missing")
        source = args.memory_corpus
        with tempfile.TemporaryDirectory() as tmp:
            if args.memory_limit:
                source = Path(tmp) / "part.jsonl"
                with open(args.memory_corpus, encoding="utf-8") as src, open(source, "w") as out:
                    for _, line in zip(range(args.memory_limit), src):
                        out.write(line)
            marks: list[str] = []
            seen = 0

            def on_article(_analysis) -> None:
                nonlocal seen
                seen += 1
                if seen % 2000 == 0:
                    marks.append(f"{seen}: {tree_rss_mb()}")

            t0 = time.perf_counter()
            with Store(Path(tmp) / "bench.db") as store:
                report = ingest([str(source)], store, workers=args.workers, on_article=on_article)
            elapsed = time.perf_counter() - t0
            print(f"ingest {source.name}: {report.summary()} in {elapsed:.0f} s "
                  f"({report.read / elapsed:.1f} articles/s, {args.workers} workers)")
            print("RSS as it went (main process + workers): " + ", ".join(marks))
            print(f"peak RSS of any one process over the run: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
