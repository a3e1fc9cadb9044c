"""what: events from the dependency parse, coded in CAMEO (placeholder seam)."""
from __future__ import annotations

from spacy.tokens import Doc

from .records import Actor, Article, Event, Place, Timex


def code(
    doc: Doc,
    article: Article,
    actors: list[Actor],
    timexes: list[Timex],
    places: list[Place],
) -> list[Event]:
    """The political events stated in ``doc``."""
    return []
