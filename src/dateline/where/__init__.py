"""where: place mentions resolved against an offline gazetteer, and where events happen."""
from __future__ import annotations

from .locate import event_location, place_of
from .resolve import resolve

__all__ = ["resolve", "event_location", "place_of"]
