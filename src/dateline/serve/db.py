"""Read-only access to the store for the web server: one SQLite connection per thread.

The server never writes. Opening with ``mode=ro`` makes that a guarantee rather than a habit,
and with the store in WAL mode a reader sees each ingested article as soon as its transaction
commits, while ``dateline ingest`` goes on writing in another process.
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote

from ..ask import dedupe
from ..ask.query import Ask
from ..errors import StoreError
from ..sqldb import is_postgres
from ..store import SCHEMA_VERSION


def connect_readonly(path: str | Path, *, any_thread: bool = False) -> sqlite3.Connection:
    """A read-only connection to an existing store of the current schema."""
    if is_postgres(path):
        from .. import pg_store

        conn = pg_store.connect(str(path), readonly=True)
        return conn  # type: ignore[return-value]
    file = Path(path)
    if not file.is_file():
        raise StoreError(f"{path}: no such database (make one with `dateline ingest` or `dateline demo`)")
    uri = f"file:{quote(str(file.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None,
                               check_same_thread=not any_thread)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only=ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the database read-only: {exc}") from exc
    if version != SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"{path}: schema version {version}, this dateline reads {SCHEMA_VERSION}; open it once"
            " with a dateline command that writes (e.g. `dateline articles --db FILE`) to migrate it"
        )
    return conn


class _ReadOnlyStore:
    """What ``Ask`` needs of a store: a connection and a path."""

    def __init__(self, path: str, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    def close(self) -> None:
        self.conn.close()


class Readers:
    """Per-thread read-only connections (and ``Ask`` objects over them) to one store."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()

    def check(self) -> None:
        """Fail at start-up, with the reason, if the store cannot be served."""
        conn = connect_readonly(self.path)
        try:
            if dedupe.needs_dedupe(conn):
                raise StoreError(
                    f"{self.path}: some events are not yet deduplicated; run"
                    f" `dateline timeline --db {self.path} --limit 1` once to bring it up to date"
                )
        finally:
            conn.close()

    def conn(self) -> sqlite3.Connection:
        return self.ask().conn

    def ask(self) -> Ask:
        ask = getattr(self._local, "ask", None)
        if ask is None:
            store = _ReadOnlyStore(self.path, connect_readonly(self.path))
            ask = Ask(store=store, catch_up=False)  # type: ignore[arg-type]
            self._local.ask = ask
        return ask

    def private_ask(self) -> Ask:
        """An ``Ask`` on a connection of its own, usable from any thread (for a long export)."""
        store = _ReadOnlyStore(self.path, connect_readonly(self.path, any_thread=True))
        return Ask(store=store, catch_up=False)  # type: ignore[arg-type]
