"""Watching news feeds: poll, fetch politely, code and store each story exactly once.

    Watcher(store, feeds, fetch_pages=False)   .round() once, .run(every) for ever
    load_feed_list(args)                       feed URLs and files listing them → FeedSpec
    feed_status(store)                         what `dateline feeds` lists
    export_pages(store, directory)             the raw-page archive as .html.gz files

The parts: ``fetch`` (the polite HTTP client: robots.txt, per-host limits, timeouts, size cap,
retries with backoff), ``state`` (what was seen, in the store's own tables, and why that makes
restarts safe), ``loop`` (a round: poll, take in, store). Reading feeds and pages, coding and
storing are the project's own readers, pipeline and store: a watched story is the same record
as an ingested one.
"""
from __future__ import annotations

from pathlib import Path

from ..store import Store
from . import state
from .fetch import Clock, FetchError, Fetcher, Politeness, SystemClock
from .loop import FeedSpec, RoundReport, Watcher, load_feed_list, parse_duration
from .state import FeedState

__all__ = [
    "Clock",
    "FeedSpec",
    "FeedState",
    "FetchError",
    "Fetcher",
    "Politeness",
    "RoundReport",
    "SystemClock",
    "Watcher",
    "export_pages",
    "feed_status",
    "load_feed_list",
    "parse_duration",
]


def feed_status(store: Store) -> list[FeedState]:
    """Every feed ever watched into ``store``: last success, last error, items seen, backoff."""
    return state.all_feeds(store.conn)


def export_pages(store: Store, directory: str | Path) -> int:
    """Write each archived page as ``HASH.html.gz`` (what ``dateline ingest DIR`` reads); returns how many.

    The archive keeps pages as fetched, so they can be coded again by a later dateline
    without fetching them again.
    """
    import gzip

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for digest, _url, content in state.archived_pages(store.conn):
        target = out / f"{digest}.html.gz"
        if not target.exists():
            target.write_bytes(gzip.compress(content, mtime=0))
        count += 1
    return count
