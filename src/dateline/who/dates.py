"""Which date a mention is resolved at, and which dated knowledge-base entry holds then.

The order (written down in :mod:`dateline.who.cascade`): the event's date when given; else the
`when` stage's timexes (:func:`dates_from_timexes`); else the year written nearest the mention in
its sentence (:func:`sentence_years`); else the article's date. :func:`pick` then chooses, among
a key's entries, the one valid at that date.
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Callable, Iterable

from spacy.tokens import Doc

from .doctext import SentenceIndex, Tokens
from .kb import Entry

if TYPE_CHECKING:
    from ..records import Timex

DateLookup = Callable[[int], "str | None"]
# Which meaning of a key comes first when several are valid: a person over an organisation over
# a country ... over a role word.
KIND_PRIORITY = {"person": 0, "org": 1, "group": 1, "media": 2, "country": 3, "seat": 4, "capital": 5, "adjective": 6,
                 "pair": 7, "country_ref": 8, "place": 8, "role": 9}


def sentence_years(doc: Doc) -> DateLookup:
    """The default per-mention date: the year written nearest the mention in its sentence.

    Only four-digit numbers 1800-2099 count, and not when they count things ("2000 troops").
    Returns ``None`` for sentences without a year, so the caller falls back to the article date.
    """
    return sentence_years_of(doc, Tokens(doc), SentenceIndex(doc))


def sentence_years_of(doc: Doc, tokens: "Tokens", index: SentenceIndex) -> DateLookup:
    years_by_sentence: dict[int, list[tuple[int, str]]] = {}
    for i, text in enumerate(tokens.text):
        if len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2099:
            if i + 1 < tokens.n and doc[i + 1].tag_ == "NNS":
                continue
            years_by_sentence.setdefault(index.start_char[i], []).append((tokens.idx[i], text))
    if not years_by_sentence:
        return lambda offset: None
    starts = sorted(set(index.start_char))

    def lookup(offset: int) -> str | None:
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return None
        found = years_by_sentence.get(starts[i])
        if not found:
            return None
        return min(found, key=lambda item: abs(item[0] - offset))[1]

    return lookup


def dates_from_timexes(doc: Doc, timexes: "Iterable[Timex]") -> DateLookup:
    """A ``dates`` callable from the `when` stage's timexes: the dated timex nearest the mention
    in its sentence (values such as ``1956``, ``2018-11-14``, ``1960-01``; durations and
    references like ``PRESENT_REF`` are ignored). Pass it as ``who.resolve(..., dates=...)``
    when the timexes are known before actors are resolved.
    """
    index = SentenceIndex(doc)
    by_sentence: dict[int, list[tuple[int, str]]] = {}
    starts = [t.idx for t in doc]
    for timex in timexes:
        value = timex.value or ""
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            continue
        i = max(0, bisect.bisect_right(starts, timex.start) - 1)
        if i < len(index.start_char):
            by_sentence.setdefault(index.start_char[i], []).append((timex.start, value))

    def lookup(offset: int) -> str | None:
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        if i >= len(index.start_char):
            return None
        found = by_sentence.get(index.start_char[i])
        if not found:
            return None
        return min(found, key=lambda item: abs(item[0] - offset))[1]

    return lookup


def pick(entries: list[Entry], date: str | None, prefer_sector: str | None = None) -> Entry:
    """The entry meant at ``date``: a live dated one, else the standing facts, else the nearest.

    When a person held two roles at once (army chief and president), the text's own role word
    (``prefer_sector``) chooses between them.
    """
    ranked = sorted(entries, key=lambda e: KIND_PRIORITY.get(e.kind, 9))
    live = [e for e in ranked if not e.fallback and e.valid_at(date)]
    if prefer_sector and len(live) > 1:
        live.sort(key=lambda e: e.sector != prefer_sector)  # stable: otherwise as listed
    if live and date is None:
        # No date at all: today's knowledge, i.e. the current (open-ended, latest) role.
        best_kind = KIND_PRIORITY.get(live[0].kind, 9)
        same_kind = [e for e in live if KIND_PRIORITY.get(e.kind, 9) == best_kind]
        return max(same_kind, key=lambda e: (e.end is None, e.end or "", e.start or ""))
    if live:
        return live[0]
    standing = [e for e in ranked if e.fallback]
    if standing:
        return standing[0]
    if date is None:
        return ranked[0]
    # Nothing valid at that date: the entry whose validity is closest to it.
    return min(ranked, key=lambda e: _distance(e, date))


def pick_named(entries: list[Entry], date: str | None, named: Iterable[str | None]) -> Entry:
    """A name two countries go by at ``date`` ("Congo") means the one the story has already
    ``named`` ("the Democratic Republic of Congo ... eastern Congo"); else :func:`pick`'s entry.
    ``named`` is only read for such a name (a generator keeps the common case cheap)."""
    live = [e for e in entries if e.country and e.valid_at(date)]
    if len({e.country for e in live}) > 1:
        countries = set(named)
        story = [e for e in live if e.country in countries]
        if len({e.country for e in story}) == 1:
            return pick(story, date)
    return pick(entries, date)


def _distance(entry: Entry, date: str) -> int:
    year = int(date[:4])
    lo = int(entry.start[:4]) if entry.start else -9999
    hi = int(entry.end[:4]) if entry.end else 9999
    return 0 if lo <= year <= hi else min(abs(year - lo), abs(year - hi))
