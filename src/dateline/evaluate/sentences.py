"""Sentence-level gold for the learned sentence model: ConfliBERT's five classes and the roots
each wire-gold sentence states.

``pentaclass-dev.tsv`` has no split of its own, so one is fixed here by a hash of each sentence's
text (20% test, 10% dev, the rest train), decided before anything was fitted on it: the test
slice is what the five-class figure and its CI floor are measured on.
"""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from ..errors import InputError
from .events import Scores, shared_root

ROOTS = tuple(f"{n:02d}" for n in range(2, 21))
FIVE_LABELS = ("statement", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


def pentaclass_split(text: str) -> str:
    """``train``, ``dev`` or ``test``: fixed by the text's hash, never by its label."""
    bucket = int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "test" if bucket < 2 else "dev" if bucket == 2 else "train"


def load_pentaclass(path: Path | None = None) -> list[tuple[str, int]]:
    """(sentence, class 0–4) pairs of ``pentaclass-dev.tsv``."""
    path = path or shared_root() / "data" / "events" / "pentaclass-dev.tsv"
    rows = []
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            for lineno, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
                if len(row) != 2 or row[1].strip() not in "01234" or not row[1].strip():
                    raise InputError(f"{path}:{lineno}", "expected a sentence, a tab and a class 0-4")
                rows.append((row[0].strip(), int(row[1])))
    except OSError as exc:
        raise InputError(str(path), f"cannot read five-class sentences: {exc}") from exc
    return rows


def wire_gold_units(split: str) -> list[tuple[str, set[str]]]:
    """Each sentence of a wire-gold split that names a party, with the roots its gold states."""
    from .. import nlp as nlp_loader, who
    from ..what.actors import sentence_units
    from .wiregold import load_split

    articles, gold = load_split(split)
    by_id = {g["id"]: g for g in gold}
    nlp = nlp_loader.load()
    out = []
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=32)):
        actors = who.resolve(doc, article)
        for unit in sentence_units(doc):
            if not any(unit.start_char <= a.start < unit.end_char for a in actors):
                continue
            roots = set()
            for event in by_id[article.id]["events"]:
                at = article.text.find(event["evidence"])
                if event["root"] != "01" and unit.start_char <= at < unit.end_char:
                    roots.add(event["root"])
            out.append((" ".join(unit.text.split()), roots))
    return out


def evaluate_five(split: str = "test", path: Path | None = None) -> Scores:
    """Accuracy of the shipped sentence model's five classes on one slice of the sentences."""
    from ..what import sentences

    model = sentences.load()
    if model is None:
        raise InputError(str(sentences.MODELS / "sentences.onnx"), "the sentence model is not built "
                         "(python scripts/train_sentence_model.py)")
    rows = [(t, y) for t, y in load_pentaclass(path) if pentaclass_split(t) == split]
    readings = model.predict([t for t, _ in rows])
    right = sum(r.five.index(max(r.five)) == y for (_, y), r in zip(rows, readings))
    return Scores(f"five-class sentences, {split} slice (pentaclass-dev.tsv)",
                  {"accuracy": right / len(rows) if rows else 0.0}, {"sentences": len(rows)})
