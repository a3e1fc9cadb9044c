"""Scoring the temporal tagger on TimeML corpora, as TempEval-3 does.

Gold comes from ``.tml`` files: the text inside ``<TEXT>`` with its ``TIMEX3`` tags removed,
and the document creation time from the ``TIMEX3`` whose ``functionInDocument`` is
``CREATION_TIME`` (WikiWars keeps the same layout in ``whole-tml/``). Measures: strict span F1
(identical extents), relaxed span F1 (overlapping extents, matched one to one), value F1 (a
relaxed match whose normalised value is also right, over all gold and all system expressions)
and type accuracy over the relaxed matches.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import InputError
from ..records import Timex

TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
ATTR = re.compile(r'([A-Za-z_]+)="([^"]*)"')


@dataclass
class TimeMLDoc:
    """One annotated document: plain text, creation time and gold expressions."""

    name: str
    text: str
    dct: str | None
    gold: list[Timex]


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def add(self, other: "Counts") -> None:
        for name in ("gold", "system", "strict", "relaxed", "value", "type"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _f1(hits: int, system: int, gold: int) -> tuple[float, float, float]:
    p = hits / system if system else 0.0
    r = hits / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class TimexError:
    """One disagreement with the gold: ``missed`` (gold only), ``spurious`` (system only),
    ``extent`` or ``value`` (a relaxed match whose extent or value differs)."""

    kind: str
    document: str
    dct: str | None
    gold: Timex | None
    system: Timex | None
    context: str = ""

    def to_json(self) -> dict:
        def side(timex: Timex | None) -> dict | None:
            return None if timex is None else {"text": timex.text, "type": timex.type,
                                               "value": timex.value, "mod": timex.mod}
        return {"kind": self.kind, "document": self.document, "dct": self.dct,
                "gold": side(self.gold), "system": side(self.system), "context": self.context}


@dataclass
class TimexScores:
    """Corpus-level scores; ``errors`` keeps every disagreement for inspection."""

    counts: Counts
    documents: int
    errors: list[TimexError] = field(default_factory=list)

    @property
    def strict_f1(self) -> float:
        return _f1(self.counts.strict, self.counts.system, self.counts.gold)[2]

    @property
    def relaxed_f1(self) -> float:
        return _f1(self.counts.relaxed, self.counts.system, self.counts.gold)[2]

    @property
    def value_f1(self) -> float:
        return _f1(self.counts.value, self.counts.system, self.counts.gold)[2]

    @property
    def type_accuracy(self) -> float:
        return self.counts.type / self.counts.relaxed if self.counts.relaxed else 0.0

    def as_dict(self) -> dict[str, float]:
        """The four headline figures by name, as gates and benchmarks compare them."""
        return {"strict": self.strict_f1, "relaxed": self.relaxed_f1, "value": self.value_f1,
                "type": self.type_accuracy}

    def report(self) -> str:
        c = self.counts
        lines = [f"documents {self.documents}  gold {c.gold}  system {c.system}",
                 f"{'measure':<10}{'P':>8}{'R':>8}{'F1':>8}"]
        for name, hits in (("strict", c.strict), ("relaxed", c.relaxed), ("value", c.value)):
            p, r, f = _f1(hits, c.system, c.gold)
            lines.append(f"{name:<10}{p:8.3f}{r:8.3f}{f:8.3f}")
        lines.append(f"type accuracy (over relaxed matches) {self.type_accuracy:.3f}")
        return "\n".join(lines)


def read_tml(path: Path) -> TimeMLDoc:
    """Text, DCT and gold TIMEX3 expressions of one TimeML file (errors name the file)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    dct = None
    for match in re.finditer(r"<TIMEX3([^>]*)>", raw):
        attrs = dict(ATTR.findall(match.group(1)))
        if attrs.get("functionInDocument") == "CREATION_TIME":
            dct = attrs.get("value")
            break
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    if body is None:
        raise InputError(str(path), "no <TEXT> element")
    pieces: list[str] = []
    gold: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    position = 0
    length = 0
    content = body.group(1)
    for tag in TAG.finditer(content):
        piece = html.unescape(content[position:tag.start()])
        pieces.append(piece)
        length += len(piece)
        position = tag.end()
        closing, name, attr_text = tag.group(1), tag.group(2), tag.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(ATTR.findall(attr_text)))
        elif open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            if attrs.get("functionInDocument") == "CREATION_TIME":
                continue
            gold.append(Timex(start, length, "", attrs.get("type", "DATE"), attrs.get("value"),
                              attrs.get("mod")))
    pieces.append(html.unescape(content[position:]))
    text = "".join(pieces)
    for timex in gold:
        timex.text = text[timex.start:timex.end]
    return TimeMLDoc(path.stem, text, dct[:10] if dct else None, gold)


def find_tml(dirs: Sequence[Path]) -> list[Path]:
    """The ``.tml`` files under ``dirs``, each document once (WikiWars ships its files twice)."""
    seen: set[str] = set()
    files: list[Path] = []
    for directory in dirs:
        if directory.is_file():
            candidates = [directory]
        elif directory.is_dir():
            candidates = sorted(directory.rglob("*.tml"))
        else:
            raise InputError(str(directory), "no such file or directory")
        for path in candidates:
            if path.name not in seen:
                seen.add(path.name)
                files.append(path)
    return files


def score_document(gold: list[Timex], system: list[Timex]) -> tuple[Counts, list[TimexError]]:
    """Counts for one document and its errors (without document name or context)."""
    counts = Counts(gold=len(gold), system=len(system))
    errors: list[TimexError] = []
    strict_spans = {(g.start, g.end) for g in gold}
    counts.strict = sum(1 for s in system if (s.start, s.end) in strict_spans)
    used: set[int] = set()
    for g in gold:
        match = None
        for i, s in enumerate(system):
            if i not in used and s.start < g.end and g.start < s.end:
                match = i
                break
        if match is None:
            errors.append(TimexError("missed", "", None, g, None))
            continue
        used.add(match)
        s = system[match]
        counts.relaxed += 1
        if (s.start, s.end) != (g.start, g.end):
            errors.append(TimexError("extent", "", None, g, s))
        if (s.value or "") == (g.value or ""):
            counts.value += 1
        else:
            errors.append(TimexError("value", "", None, g, s))
        if s.type == g.type:
            counts.type += 1
    for i, s in enumerate(system):
        if i not in used:
            errors.append(TimexError("spurious", "", None, None, s))
    return counts, errors


def _context(text: str, timex: Timex, width: int = 80) -> str:
    return " ".join(text[max(0, timex.start - width):timex.end + width].split())


def evaluate(dirs: Sequence[Path | str], limit: int | None = None) -> TimexScores:
    """Tag every TimeML document under ``dirs`` and score it against its gold expressions."""
    from .. import nlp as nlp_loader
    from .. import when

    files = find_tml([Path(d) for d in dirs])[:limit]
    docs = [read_tml(path) for path in files]
    nlp = nlp_loader.load()
    total = Counts()
    errors: list[TimexError] = []
    for tml, doc in zip(docs, nlp.pipe(d.text for d in docs)):
        counts, doc_errors = score_document(tml.gold, when.tag(doc, tml.dct))
        total.add(counts)
        for error in doc_errors:
            error.document, error.dct = tml.name, tml.dct
            error.context = _context(tml.text, error.gold or error.system)
        errors.extend(doc_errors)
    return TimexScores(total, len(docs), errors)


def error_summary(scores: TimexScores, per_kind: int = 15) -> str:
    """The most frequent errors of each kind, for deciding which class of error to fix next."""
    lines = []
    by_kind: dict[str, Counter] = {}
    for error in scores.errors:
        gold, system = error.gold, error.system
        if error.kind == "extent":
            key = (gold.text.lower(), system.text, "")
        elif error.kind == "spurious":
            key = (system.text.lower(), system.value or "", "")
        else:
            key = (gold.text.lower(), gold.value or "", system.value or "" if system else "")
        by_kind.setdefault(error.kind, Counter())[key] += 1
    for kind, counter in by_kind.items():
        lines.append(f"== {kind} ({sum(counter.values())})")
        for (a, b, c), n in counter.most_common(per_kind):
            lines.append(f"  {n:3d}  {a!r}  {b}  {c}")
    return "\n".join(lines)
