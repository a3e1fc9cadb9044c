"""where: place mentions resolved against an offline gazetteer (placeholder seam)."""
from __future__ import annotations

from typing import Sequence

from spacy.tokens import Doc, Token

from .records import Article, Place


def resolve(doc: Doc, article: Article) -> list[Place]:
    """Place mentions of ``doc`` with coordinates and country."""
    return []


def event_location(
    doc: Doc,
    clause: Sequence[Token],
    places: list[Place],
    article: Article,
    event_date: str | None,
) -> Place | None:
    """The place named in the event's clause, else the dateline place for events of the day."""
    return None
