"""where: place mentions resolved against an offline gazetteer, and where events happen."""
from __future__ import annotations

from .locate import dateline_place, event_location, place_of
from .resolve import resolve

__all__ = ["resolve", "dateline_place", "event_location", "place_of"]
