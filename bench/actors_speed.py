"""Actor resolution cost as a ratio to the bare spaCy parse of the same texts, in one run.

    PYTHONPATH=src python bench/actors_speed.py [N_STORIES] [CORPUS_JSONL]

Parses the first N stories (default 200) of ../shared/data/corpora/afp-xinhua-te3silver.jsonl
with the shared pipeline, then resolves their actors, and prints both times and the ratio.
Loading the knowledge base (our data files over the compiled Phoenix index) happens once per
process and is reported separately, in fresh processes over an empty user cache: the first
builds it from the data files and caches it, the second reads that cache, as every later
process does. Both are given as wall-clock and CPU time: on a shared machine the CPU time of
the second is the figure to hold to the 0.3 s budget.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dateline import nlp as nlp_loader
from dateline import who
from dateline.records import Article

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "afp-xinhua-te3silver.jsonl"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    corpus = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_CORPUS
    stories = []
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            stories.append(Article(id=str(record.get("id")), text=record.get("text") or "", published=record.get("date")))
            if len(stories) >= n:
                break
    with tempfile.TemporaryDirectory() as cache:
        build_wall, build_cpu = _fresh_load(cache)
        kb_wall, kb_cpu = _fresh_load(cache)
    nlp = nlp_loader.load()
    kb = who.builtin()

    t0 = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in stories), batch_size=32))
    parse_seconds = time.perf_counter() - t0

    t0 = time.perf_counter()
    mentions = 0
    for article, doc in zip(stories, docs):
        mentions += len(who.resolve(doc, article, kb=kb))
    resolve_seconds = time.perf_counter() - t0

    tokens = sum(len(d) for d in docs)
    print(f"stories {len(stories)}, tokens {tokens}, actor mentions {mentions}")
    print(f"knowledge base build (first process, empty cache): {build_wall:.3f} s wall, {build_cpu:.3f} s CPU")
    print(f"knowledge base load (every later process, from the cache): {kb_wall:.3f} s wall, {kb_cpu:.3f} s CPU")
    print(f"spaCy parse: {parse_seconds:.2f} s")
    print(f"who.resolve: {resolve_seconds:.2f} s")
    print(f"ratio resolve/parse: {resolve_seconds / parse_seconds:.3f} (resolution is "
          f"{100 * resolve_seconds / parse_seconds:.1f}% of the parse time)")


def _fresh_load(cache: str) -> tuple[float, float]:
    """Wall and CPU seconds of ``who.builtin()`` in a new interpreter using the user cache ``cache``."""
    code = ("import time; from dateline import who; w = time.perf_counter(); c = time.process_time(); "
            "who.builtin(); print(time.perf_counter() - w, time.process_time() - c)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "DATELINE_CACHE_DIR": cache}).stdout.split()
    return float(out[0]), float(out[1])


if __name__ == "__main__":
    main()
