"""What `dateline watch` has seen, kept in the store so that restarts neither lose nor repeat.

Three tables (created by the store's migration 3 → 4):

* ``watch_feeds``: one row per feed URL: its name, the validators of its last good answer
  (ETag, Last-Modified) for conditional requests, when it last succeeded or failed and why,
  how many failures in a row, when it may be polled again (backoff), and how many items it
  has given.
* ``watch_items``: one row per feed item ever seen, keyed by the feed and the item's GUID
  (else by its canonical URL, else by its content hash). An item is first written as
  ``pending`` together with the item itself (as Article JSON), in the same transaction that
  saves the feed's new validators: from then on a 304 may hide the item from the feed, but not
  from us. It becomes ``stored`` once its story is in the store (``article_id``).
* ``watch_pages``: the raw bytes of each fetched page, gzipped, by SHA-256 of the bytes. An item
  records the hash of its page before coding, so a restart re-reads the page from here rather
  than fetching it again (and gets the same story), and the archive can be coded again later.

Why this order makes "exactly once" hold when the process is killed at any instant: every
step is one SQLite transaction, and each step's effect is either invisible (killed before its
commit: the step is redone) or makes redoing it a no-op (the story's id is its content hash,
and ``Store.add`` ignores a story whose content is already stored).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..records import Article

#: Query parameters that only track the reader; dropped from canonical URLs.
_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_", "ocid", "cmpid", "ns_")


def canonical_url(url: str | None) -> str | None:
    """The URL under which the same page is recognised: lower-case host, no fragment or trackers."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    host = parts.netloc.lower()
    if host.endswith(":80") and parts.scheme.lower() == "http":
        host = host[:-3]
    if host.endswith(":443") and parts.scheme.lower() == "https":
        host = host[:-4]
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", urlencode(query), ""))


def item_key(feed_url: str, guid: str | None, url: str | None, content_hash: str) -> str:
    """The identity of a feed item: GUIDs are unique only within their feed, URLs everywhere."""
    if guid:
        return f"{feed_url}#guid:{guid}"
    if url:
        return f"url:{url}"
    return f"hash:{content_hash}"


@dataclass
class FeedState:
    url: str
    name: str | None
    etag: str | None
    last_modified: str | None
    last_polled: float | None
    last_success: float | None
    last_error: str | None
    last_error_at: float | None
    failures: int
    next_poll: float
    items_seen: int

    @property
    def label(self) -> str:
        return self.name or self.url

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class PendingItem:
    """An item seen in a feed whose story is not stored yet."""

    key: str
    feed_url: str
    url: str | None
    article: Article
    page_hash: str | None
    attempts: int


# -- feeds -------------------------------------------------------------------------------


def register_feeds(conn: sqlite3.Connection, feeds: list[tuple[str, str | None]]) -> None:
    """Make sure every (url, name) has a row; a changed name is updated."""
    with _transaction(conn):
        for url, name in feeds:
            conn.execute(
                "INSERT INTO watch_feeds (url, name) VALUES (?, ?)"
                " ON CONFLICT(url) DO UPDATE SET name = coalesce(excluded.name, name)",
                (url, name),
            )


def feed_state(conn: sqlite3.Connection, url: str) -> FeedState | None:
    row = conn.execute("SELECT * FROM watch_feeds WHERE url = ?", (url,)).fetchone()
    return FeedState(**dict(row)) if row else None


def all_feeds(conn: sqlite3.Connection) -> list[FeedState]:
    return [FeedState(**dict(r)) for r in conn.execute("SELECT * FROM watch_feeds ORDER BY coalesce(name, url)")]


def feed_failed(conn: sqlite3.Connection, url: str, reason: str, now: float, next_poll: float) -> int:
    """Record a failure; returns the failures in a row so far (including this one)."""
    with _transaction(conn):
        conn.execute(
            "UPDATE watch_feeds SET last_polled = ?, last_error = ?, last_error_at = ?,"
            " failures = failures + 1, next_poll = ? WHERE url = ?",
            (now, reason, now, next_poll, url),
        )
        return int(conn.execute("SELECT failures FROM watch_feeds WHERE url = ?", (url,)).fetchone()[0])


def feed_not_modified(conn: sqlite3.Connection, url: str, now: float) -> None:
    with _transaction(conn):
        conn.execute(
            "UPDATE watch_feeds SET last_polled = ?, last_success = ?, failures = 0, next_poll = 0"
            " WHERE url = ?",
            (now, now, url),
        )


def known(conn: sqlite3.Connection, key: str, url: str | None, content_hash: str) -> bool:
    """Whether an item was seen before: same feed and GUID, same page URL, or same story."""
    if conn.execute("SELECT 1 FROM watch_items WHERE item_key = ?", (key,)).fetchone():
        return True
    if url and conn.execute("SELECT 1 FROM watch_items WHERE url = ?", (url,)).fetchone():
        return True
    return bool(conn.execute("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)).fetchone())


def feed_fetched(
    conn: sqlite3.Connection,
    url: str,
    now: float,
    *,
    etag: str | None,
    last_modified: str | None,
    new_items: list[tuple[str, str | None, str | None, Article]],
) -> int:
    """Save the new items as pending and the feed's validators, in one transaction.

    ``new_items`` holds (key, guid, canonical url, item article). Returns how many were new
    (an item already known, e.g. written by a concurrent round, is skipped).
    """
    added = 0
    with _transaction(conn):
        for key, guid, item_url, article in new_items:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO watch_items (item_key, feed_url, guid, url, state, item,"
                " first_seen) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
                (key, url, guid, item_url, json.dumps(article.to_dict(), ensure_ascii=False, default=str), now),
            )
            added += cursor.rowcount
        conn.execute(
            "UPDATE watch_feeds SET etag = ?, last_modified = ?, last_polled = ?, last_success = ?,"
            " failures = 0, next_poll = 0, items_seen = items_seen + ? WHERE url = ?",
            (etag, last_modified, now, now, added, url),
        )
    return added


# -- items -------------------------------------------------------------------------------


def pending_items(conn: sqlite3.Connection, now: float) -> list[PendingItem]:
    """Items waiting for their story to be stored (due now), oldest first."""
    rows = conn.execute(
        "SELECT item_key, feed_url, url, item, page_hash, attempts FROM watch_items"
        " WHERE state = 'pending' AND next_try <= ? ORDER BY first_seen, rowid",
        (now,),
    ).fetchall()
    return [
        PendingItem(r["item_key"], r["feed_url"], r["url"], Article(**json.loads(r["item"])),
                    r["page_hash"], r["attempts"])
        for r in rows
    ]


def count_pending(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM watch_items WHERE state = 'pending'").fetchone()[0])


def item_stored(conn: sqlite3.Connection, key: str, article: Article, now: float, note: str | None) -> None:
    with _transaction(conn):
        conn.execute(
            "UPDATE watch_items SET state = 'stored', item = NULL, article_id = ?, content_hash = ?,"
            " note = ?, stored_at = ? WHERE item_key = ?",
            (article.id, article.content_hash, note, now, key),
        )


def item_retry(conn: sqlite3.Connection, key: str, reason: str, next_try: float) -> None:
    """A page that failed for now: count the attempt and wait before the next."""
    with _transaction(conn):
        conn.execute(
            "UPDATE watch_items SET attempts = attempts + 1, note = ?, next_try = ? WHERE item_key = ?",
            (reason, next_try, key),
        )


# -- the page archive --------------------------------------------------------------------


def archive_page(
    conn: sqlite3.Connection, key: str, url: str, content: bytes, content_type: str | None, now: float
) -> str:
    """Keep a page's raw bytes (gzipped, by hash) and tie the item to it; returns the hash."""
    digest = hashlib.sha256(content).hexdigest()
    with _transaction(conn):
        conn.execute(
            "INSERT OR IGNORE INTO watch_pages (hash, url, content_type, fetched_at, size, content)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (digest, url, content_type, now, len(content), gzip.compress(content, mtime=0)),
        )
        conn.execute("UPDATE watch_items SET page_hash = ? WHERE item_key = ?", (digest, key))
    return digest


def archived_page(conn: sqlite3.Connection, digest: str) -> tuple[str, bytes, str | None] | None:
    """(url, raw bytes, content type) of an archived page, or None."""
    row = conn.execute("SELECT url, content, content_type FROM watch_pages WHERE hash = ?", (digest,)).fetchone()
    if row is None:
        return None
    return row["url"], gzip.decompress(row["content"]), row["content_type"]


def archived_pages(conn: sqlite3.Connection) -> Iterator[tuple[str, str, bytes]]:
    """Every archived page as (hash, url, raw bytes), in the order they were fetched."""
    for row in conn.execute("SELECT hash, url, content FROM watch_pages ORDER BY fetched_at, hash"):
        yield row["hash"], row["url"], gzip.decompress(row["content"])


class _transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (the store's connection is in autocommit mode)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")


def _when(epoch: float | None) -> str | None:
    if not epoch:
        return None
    import datetime as dt

    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def format_feeds(feeds: list[FeedState], fmt: str = "table") -> str:
    """``dateline feeds``: one JSON object per feed (times in ISO UTC), or a table."""
    if fmt == "jsonl":
        lines = []
        for feed in feeds:
            data = feed.to_json()
            for key in ("last_polled", "last_success", "last_error_at", "next_poll"):
                data[key] = _when(data[key])
            lines.append(json.dumps(data, ensure_ascii=False))
        return "\n".join(lines)
    header = f"{'feed':<28} {'last success':<20} {'items':>6} {'fails':>5}  last error"
    rows = [header]
    for feed in feeds:
        error = feed.last_error if feed.failures else ""
        if feed.failures and feed.next_poll:
            error += f" (next try {_when(feed.next_poll)})"
        rows.append(
            f"{_short(feed.label, 28):<28} {_when(feed.last_success) or 'never':<20} {feed.items_seen:>6}"
            f" {feed.failures:>5}  {error}"
        )
    return "\n".join(rows)


def _short(label: str, width: int) -> str:
    """A label that fits: URLs keep their end (the path names the feed), names their start."""
    if len(label) <= width:
        return label
    return "…" + label[-(width - 1):] if "://" in label else label[: width - 1] + "…"
