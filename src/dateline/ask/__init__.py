"""ask: questions answered from the store — events, timelines, dyads, exports, plots.

    query.py    ``open(db)`` → :class:`Ask`, whose methods return DataFrames
    dedupe.py   many stories reporting one event → one clustered event (runs at ingest)
    export.py   streaming JSONL, CSV, Parquet and GDELT 2.0 event-table exports
    plot.py     dyad and timeline charts (matplotlib, Agg)
"""
from __future__ import annotations

from .dedupe import dedupe_new, dedupe_pending
from .query import Ask, event_name, open

__all__ = ["Ask", "dedupe_new", "dedupe_pending", "event_name", "open"]
