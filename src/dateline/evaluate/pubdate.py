"""How often the publication date inferred from a story's text is right.

The inference (``dateline.read.dates``) answers only when the text holds enough evidence, so
it is scored on two counts over stories whose metadata date is known: of the stories with a
dated wire dateline, how many get a date (coverage), and of those, how many get the right year
(precision; the day is the dateline's own, the year is what is inferred). The metadata date is
hidden from the inference. The corpus is ``../shared/data/corpora/afp-xinhua-te3silver.jsonl``,
whose Xinhua stories carry datelines like ``BEIJING, Nov. 11 (Xinhua) --``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..read.dates import infer_published, normalise_date
from ..read.datelines import find_dateline


@dataclass
class PubdateScore:
    """Counts over stories with a metadata date and a dateline giving month and day."""

    stories: int = 0
    with_day: int = 0
    inferred: int = 0
    right_year: int = 0

    @property
    def coverage(self) -> float:
        return self.inferred / self.with_day if self.with_day else 0.0

    @property
    def precision(self) -> float:
        return self.right_year / self.inferred if self.inferred else 0.0

    def report(self) -> str:
        return (
            "Publication date inferred from text (metadata date hidden)\n"
            f"stories={self.stories} with a dated dateline={self.with_day} "
            f"inferred={self.inferred} (coverage {self.coverage:.3f}) "
            f"right year={self.right_year} (precision {self.precision:.3f})"
        )


def evaluate_pubdate(corpus: Path) -> PubdateScore:
    """Score date inference on a JSONL corpus with a ``date`` and a ``text`` per line."""
    if not corpus.is_file():
        raise InputError(str(corpus), "no such file (expected a JSONL corpus with dates)")
    score = PubdateScore()
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            gold = normalise_date(record.get("date"))
            if not gold or not isinstance(record.get("text"), str):
                continue
            score.stories += 1
            dateline = find_dateline(record["text"])
            if dateline is None or dateline.month is None or dateline.day is None:
                continue
            score.with_day += 1
            inferred = infer_published(record["text"], dateline)
            if inferred is None:
                continue
            score.inferred += 1
            score.right_year += inferred[:4] == gold[:4]
    return score
