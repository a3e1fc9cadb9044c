"""Cost of the coding stages relative to the spaCy parse, measured in one run.

    PYTHONPATH=src python bench/coder_speed.py [--stories 200] [--corpus PATH]

Parses ``--stories`` wire stories (AFP/Xinhua from ../shared/data/corpora) with ``nlp.pipe``,
then runs resolution (who, when, where) and the event coder (what) over the parsed documents,
and prints each stage's time and the ratio (coder + resolution) / parse. The issue's budget is
a ratio of at most 0.30. No timed assertions anywhere: this prints figures for the issue note.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    shared = Path(os.environ.get("DATELINE_SHARED") or ROOT.parent / "shared")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=shared / "data" / "corpora" / "afp-xinhua-te3silver.jsonl")
    args = parser.parse_args()

    from dateline import nlp, what, when, where, who
    from dateline.records import Article

    articles = []
    with args.corpus.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            articles.append(Article(id=record["id"], text=record["text"], published=record.get("date"),
                                    source=record.get("source")))
            if len(articles) >= args.stories:
                break
    model = nlp.load()
    # warm up every stage once (data files, gazetteer index) so the loop measures steady work
    warm = model(articles[0].text)
    what.code(warm, articles[0], who.resolve(warm, articles[0]), when.tag(warm, articles[0].published),
              where.resolve(warm, articles[0]))

    start = time.perf_counter()
    docs = list(model.pipe((a.text for a in articles), batch_size=32))
    parse = time.perf_counter() - start

    timings = {"who": 0.0, "when": 0.0, "where": 0.0, "what": 0.0}
    events = 0
    for article, doc in zip(articles, docs):
        t0 = time.perf_counter()
        actors = who.resolve(doc, article)
        t1 = time.perf_counter()
        times = when.tag(doc, article.published)
        t2 = time.perf_counter()
        places = where.resolve(doc, article)
        t3 = time.perf_counter()
        events += len(what.code(doc, article, actors, times, places))
        t4 = time.perf_counter()
        timings["who"] += t1 - t0
        timings["when"] += t2 - t1
        timings["where"] += t3 - t2
        timings["what"] += t4 - t3
    tokens = sum(len(d) for d in docs)
    stages = sum(timings.values())
    print(f"stories: {len(articles)}  tokens: {tokens}  events: {events}")
    print(f"parse (spaCy nlp.pipe): {parse:.2f} s")
    for name, seconds in timings.items():
        print(f"{name:>5}: {seconds:.2f} s  ratio to parse {seconds / parse:.3f}")
    print(f"coder + resolution: {stages:.2f} s  ratio to parse {stages / parse:.3f} (budget 0.30)")
    print(f"coder (what) alone: ratio to parse {timings['what'] / parse:.3f}")


if __name__ == "__main__":
    main()
