"""ask: questions answered from the store — events, timelines, dyads, exports, plots.

    query.py    ``open(db)`` → :class:`Ask`, whose methods return DataFrames
    dedupe.py   many stories reporting one event → one clustered event (runs at ingest)
    export.py   streaming JSONL, CSV, Parquet and GDELT 2.0 event-table exports
    plot.py     dyad and timeline charts (matplotlib, Agg)

Names are imported on first use: ``import dateline`` (and every CLI command) should not pay
for pandas unless a question is asked.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dedupe import dedupe_new, dedupe_pending
    from .query import Ask, event_name

__all__ = ["Ask", "dedupe_new", "dedupe_pending", "event_name", "open"]

_LAZY = {"Ask": "query", "event_name": "query", "dedupe_new": "dedupe", "dedupe_pending": "dedupe"}


def open(path: str | Path | None = None) -> "Ask":  # noqa: A001 - the issue's public name
    """Open a store for questions: ``dateline.open("dateline.db").dyad_series("JPN", "RUS")``."""
    from .query import Ask

    return Ask(path)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
