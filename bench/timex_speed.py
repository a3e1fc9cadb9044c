"""Tagging time as a share of the spaCy parse time, on the same TimeML texts, in one run.

    PYTHONPATH=src python bench/timex_speed.py [DIR] [--limit N]

The goal is at most 10%: the tagger must not be what makes the pipeline slow.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from dateline import nlp as nlp_loader
from dateline import when
from dateline.evaluate import timex as timex_eval

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "time" / "TBAQ-cleaned" / "TimeBank"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, default=60)
    args = parser.parse_args()
    docs = [timex_eval.read_tml(p) for p in timex_eval.find_tml([args.dir])[: args.limit]]
    nlp = nlp_loader.load()
    nlp("warm up")
    when.tag(nlp("warm up on June 1"), "2019-06-01")
    started = time.perf_counter()
    parsed = list(nlp.pipe(d.text for d in docs))
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    found = sum(len(when.tag(doc, d.dct)) for doc, d in zip(parsed, docs))
    tag_seconds = time.perf_counter() - started
    words = sum(len(doc) for doc in parsed)
    print(f"documents {len(docs)}  tokens {words}  expressions {found}")
    print(f"spaCy parse {parse_seconds:.2f} s   tagging {tag_seconds:.2f} s")
    print(f"tagging / parse = {tag_seconds / parse_seconds:.1%}")


if __name__ == "__main__":
    main()
