"""Benchmark of place resolution: its time as a share of the spaCy parse, index load and memory.

    PYTHONPATH=src python bench/places_speed.py [--articles N] [--rebuild]

Parses N TR-News articles (../shared/data/geo, else the seed story repeated), then times
``where.resolve`` over the parsed docs, and prints the ratio resolve / parse (goal <= 0.10),
the time to open the gazetteer index and the learned decisions (goal < 0.1 s; a first run, or
``--rebuild``, also builds the index, timed apart: goal < 60 s), and the memory the index adds
(goal < 300 MB). Building the index (once per install, from
80 MB of JSON) peaks near 600 MB; opening it afterwards costs next to nothing.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def _rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true", help="build the index afresh first")
    options = parser.parse_args(argv)

    from dateline import nlp as nlp_loader
    from dateline.records import Article
    from dateline.where import gazetteer
    from dateline.where import model as place_model
    from dateline.where.resolve import resolve

    if options.rebuild or not gazetteer.index_path().exists():
        started = time.perf_counter()
        gazetteer.build_index(gazetteer.index_path())
        print(f"index build (once per install): {time.perf_counter() - started:.1f} s  (goal < 60 s)")

    nlp = nlp_loader.load()
    geo = SHARED / "geo" / "TR-News.xml"
    if geo.exists():
        from dateline.evaluate.places import parse_gold

        articles = [g.article for g in parse_gold(geo)][: options.articles]
    else:
        seed = (SHARED / "seed" / "tass-japan-russia-peace-treaty.txt").read_text(encoding="utf-8")
        articles = [Article(id=str(i), text=seed) for i in range(options.articles)]

    rss_before_index = _current_rss_mb()
    started = time.perf_counter()
    db = gazetteer.load()
    db.lookup("Osaka")
    db.phrase_keys()
    db.big_city_keys()
    gazetteer.demonyms()
    place_model.load(place_model.PLACE_MODEL_FILE)
    place_model.load(place_model.ENTRY_MODEL_FILE)
    place_model.load(place_model.KEEP_MODEL_FILE)
    load_seconds = time.perf_counter() - started
    index_mb = _current_rss_mb() - rss_before_index

    started = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    parse_seconds = time.perf_counter() - started

    started = time.perf_counter()
    mentions = sum(len(resolve(doc, article)) for doc, article in zip(docs, articles))
    resolve_seconds = time.perf_counter() - started

    index_mb_after = _current_rss_mb() - rss_before_index
    words = sum(len(d) for d in docs)
    print(f"articles: {len(articles)}, tokens: {words}, place mentions: {mentions}")
    print(f"spaCy parse:   {parse_seconds:7.2f} s")
    print(f"where.resolve: {resolve_seconds:7.2f} s  ratio to parse: {resolve_seconds / parse_seconds:.3f} (goal <= 0.10)")
    print(f"index load:    {load_seconds:7.3f} s  (goal < 0.1 s), {db.path.stat().st_size / 2**20:.0f} MB on disk")
    print(f"index memory:  {index_mb:7.1f} MB resident after load (goal < 300 MB)")
    print(f"               {index_mb_after:7.1f} MB process growth after parsing and resolving (spaCy docs included)")
    print(f"process peak:  {_rss_mb():7.1f} MB (spaCy model included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
