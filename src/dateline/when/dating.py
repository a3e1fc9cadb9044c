"""Dating an event clause: the temporal expression that governs it, else the article's date.

An event is dated by the expression attached to its clause: to the clause's verb ("met on
Friday"), to one of its prepositional modifiers ("On November 14, 2018, ... held a meeting",
"In 1956, ... signed") or to a noun inside the clause ("the 1956 declaration"). Expressions
that hang on a word nearer the event's trigger win (each of two coordinated acts keeps its own
day), then those closer to the clause's head in the dependency tree. Durations, sets and vague
references ("recently") do not date an event; without a usable expression the article's date
stands in, and the record says so (``date_from="article"``).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Sequence

from spacy.tokens import Doc, Token

from ..records import Timex

PRECISE_VALUE = re.compile(
    r"^(?:BC)?(?P<y>\d{2,4})(?:-(?P<rest>\d\d(?:-\d\d)?|W\d\d|Q\d|H\d|SP|SU|FA|WI))?"
)


@dataclass
class EventDate:
    """The date of an event: ISO value at the precision the text supports, and its origin."""

    value: str | None
    precision: str | None
    date_from: str | None  # "text" or "article"


def value_precision(value: str | None) -> tuple[str, str] | None:
    """An ISO value and its precision for a TimeML value, or None when it names no date.

    Weeks are given by their month, quarters, halves and seasons by their year: the event
    record only knows day, month, year, decade and century.
    """
    if not value or "X" in value[:4] or value.endswith("_REF") or value.startswith("P"):
        return None
    head = value.split("T", 1)[0]
    match = PRECISE_VALUE.match(head)
    if match is None:
        return None
    era = "BC" if head.startswith("BC") else ""
    year, rest = match.group("y"), match.group("rest")
    if len(year) == 2:
        return era + year, "century"
    if len(year) == 3:
        return era + year, "decade"
    if rest is None or rest[0] in "QHSFW" and not rest.startswith("W"):
        return era + year, "year"
    if rest.startswith("W"):
        try:
            day = dt.date.fromisocalendar(int(year), int(rest[1:]), 4)
            return f"{day.year:04d}-{day.month:02d}", "month"
        except ValueError:
            return era + year, "year"
    if len(rest) == 2:
        return f"{era}{year}-{rest}", "month"
    return f"{era}{year}-{rest}", "day"


def _climb(token: Token, targets: set[int] | dict[int, int], limit: int = 20) -> tuple[int, Token] | None:
    """Steps up the tree from ``token`` to the first token in ``targets``, and that token (None
    if never, within ``limit`` steps)."""
    current = token
    for depth in range(limit):
        if current.i in targets:
            return depth, current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _starts_a_state(root: Token) -> bool:
    """*Since the mid-20th century, Russia and Japan have been holding consultations*: the
    expression dates when an ongoing state began, not the act the story reports."""
    return root.dep_ == "pobj" and root.head.lower_ == "since"


def _attachment(token: Token, chain: dict[int, int]) -> int:
    """How far up the trigger's chain of governors the expression at ``token`` hangs (0: on the
    trigger itself); 99 when it hangs on none of them."""
    found = _climb(token, chain, limit=40)
    return chain[found[1].i] if found else 99


def governing_timex(doc: Doc, clause: Sequence[Token], timexes: list[Timex],
                    trigger: Token | None = None) -> Timex | None:
    """The datable expression whose head sits inside ``clause`` nearest to the clause's head.

    Given the event's ``trigger``, an expression that hangs on a governor nearer the trigger comes
    first: in "held talks Friday and on Saturday was scheduled to meet", *Saturday* hangs on
    *scheduled*, the meeting's own conjunct, and *Friday* on the talks' verb above it. Without a
    trigger, or between expressions on the same governor, the one nearer the clause's head wins."""
    indices = {t.i for t in clause}
    if not indices:
        return None
    heads = {t.i for t in clause if t.head.i not in indices or t.head.i == t.i}
    chain = {t.i: n for n, t in enumerate([trigger, *trigger.ancestors])} if trigger is not None else {}
    best: tuple[int, int, int, Timex] | None = None
    for timex in timexes:
        if timex.type not in ("DATE", "TIME") or value_precision(timex.value) is None:
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or span.root.i not in indices or _starts_a_state(span.root):
            continue
        climbed = _climb(span.root, heads)
        depth = climbed[0] if climbed else None
        rank = (_attachment(span.root, chain) if chain else 0, depth if depth is not None else 99,
                abs(span.root.i - min(heads)))
        if best is None or rank < best[:3]:
            best = (*rank, timex)
    return best[3] if best else None


def event_date(
    doc: Doc, clause: Sequence[Token], timexes: list[Timex], dct: str | None, trigger: Token | None = None
) -> EventDate:
    """The date of the event whose clause is ``clause``: its governing expression, else ``dct``."""
    timex = governing_timex(doc, clause, timexes, trigger)
    if timex is not None:
        found = value_precision(timex.value)
        if found is not None:
            return EventDate(found[0], found[1], "text")
    if dct:
        return EventDate(dct[:10], "day", "article")
    return EventDate(None, None, None)
