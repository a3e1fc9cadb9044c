"""when: every temporal expression of a story, normalised against the story's date.

``tag(doc, dct)`` finds and normalises the expressions (TimeML TIMEX3 types and values);
``event_date(doc, clause, timexes, dct)`` picks the one that dates an event clause. The words
the tagger knows live in ``data/time_words.yaml``; the patterns in ``grammar``; one reader per
pattern in ``interpret`` (company reporting periods in ``reporting``); anchoring and calendar arithmetic in ``normalise`` and ``values``.
"""
from __future__ import annotations

from ..records import Timex
from .dating import EventDate, event_date, value_precision
from .tagger import tag

__all__ = ["EventDate", "event_date", "tag", "tag_text", "value_precision"]


def tag_text(text: str, dct: str | None) -> list[Timex]:
    """Parse ``text`` with the shared pipeline and tag it (for the CLI and quick use)."""
    from .. import nlp

    return tag(nlp.load()(text), dct)
