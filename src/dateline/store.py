"""The database: one SQLite file (WAL), a versioned schema, idempotent atomic ingest.

Why SQLite: it installs with Python, one file moves with the analyst, and WAL mode lets a
reader query while another process ingests. Each article is written in one transaction
(article, actors, places, times, events, evidence), so an interrupted run leaves no half
article; a content hash makes re-ingesting the same story a no-op.

The schema is versioned with ``PRAGMA user_version``; ``MIGRATIONS[i]`` takes version ``i`` to
``i + 1`` and runs once, in order, when a store is opened.

Whose file it is matters: a store is only ever created in a new or empty file. An SQLite file
that already has tables but no dateline schema version belongs to another application and is
refused, as is a store from a newer dateline. Read commands open the store **read-only**
(``Store(path, readonly=True)``): a missing file is an error, not a new empty store, and
nothing is written. The one exception is a dateline store written by an older dateline, which
is brought up to this schema once, as ingest would.

Every SQLite failure (a locked, read-only or full database, a damaged file) leaves this module
as a ``StoreError`` that says what happened to which file; a failed write is rolled back
without masking its cause.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from . import limits
from .errors import StoreError
from . import pg_store
from .records import (
    ARTICLE_COLUMN_NAMES, CLUSTER_EVENT_COLUMNS, EVENT_COLUMN_NAMES, EVENT_COLUMNS, MENTION_COLUMN_NAMES, Actor, Article, Event, Place, Timex,
    article_row, event_json_from_row, event_row, mention_rows,
)
from .sqldb import db_errors, is_postgres

DEFAULT_PATH = "dateline.db"

MIGRATIONS: list[str] = [
    # 0 → 1: the first schema.
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT, text TEXT NOT NULL,
        published TEXT, published_from TEXT,
        source TEXT, dateline_place TEXT, url TEXT, language TEXT, origin TEXT,
        extra TEXT,
        coded INTEGER NOT NULL, skipped_reason TEXT,
        ingested_at TEXT NOT NULL DEFAULT {now}
    );
    CREATE TABLE actors (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER, "end" INTEGER, text TEXT,
        name TEXT, code TEXT, country TEXT, org TEXT, sector TEXT, entity_id TEXT, rule TEXT
    );
    CREATE INDEX actors_article ON actors(article_id);
    CREATE TABLE places (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER, "end" INTEGER, text TEXT,
        name TEXT, country TEXT, lat {real}, lon {real}, place_id TEXT, feature TEXT
    );
    CREATE INDEX places_article ON places(article_id);
    CREATE TABLE times (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER, "end" INTEGER, text TEXT, type TEXT, value TEXT, mod TEXT
    );
    CREATE INDEX times_article ON times(article_id);
    CREATE TABLE events (
        {event_columns}{events_seq}
    );
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_dyad ON events(source_country, target_country, date);
    CREATE INDEX events_target ON events(target_country, date);
    CREATE INDEX events_root ON events(root, date);
    CREATE TABLE evidence (
        event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, sentence TEXT,
        PRIMARY KEY (event_id, start, "end")
    );
    """,
    # 1 → 2: cross-story deduplication (dateline.ask.dedupe). A cluster is one real-world
    # event; its members are the per-story event rows, which stay as they were. Cluster rows
    # carry the event columns of a representative member (same names as ``events``, so the
    # same filters apply) plus the report counts. Removing a member (a corrected story
    # replacing its old version) marks the cluster dirty; the dedupe step recounts it.
    """
    CREATE TABLE clusters (
        cluster_id {serial_pk},
        match_key TEXT NOT NULL,
        source_key TEXT, target_key TEXT,
        {cluster_event_columns},
        reports INTEGER NOT NULL DEFAULT 0, mentions INTEGER NOT NULL DEFAULT 0,
        articles INTEGER NOT NULL DEFAULT 0, sources INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT,
        dirty INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX clusters_match ON clusters(match_key);
    CREATE INDEX clusters_dyad ON clusters(source_key, target_key, date);
    CREATE INDEX clusters_target ON clusters(target_key, date);
    CREATE INDEX clusters_date ON clusters(date);
    CREATE INDEX clusters_root ON clusters(root, date);
    CREATE INDEX clusters_dirty ON clusters(dirty) WHERE dirty = 1;
    CREATE TABLE cluster_members (
        event_id TEXT PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE,
        cluster_id INTEGER NOT NULL REFERENCES clusters(cluster_id) ON DELETE CASCADE
    );
    CREATE INDEX cluster_members_cluster ON cluster_members(cluster_id);
    {member_removed_trigger};
    """,
    # 2 → 3: "everything one actor did" reads a (source_key, date) range instead of scanning
    # a date range of every actor's events.
    """
    CREATE INDEX clusters_source ON clusters(source_key, date);
    """,
    # 3 → 4: what `dateline watch` has seen (see dateline.watch.state for the columns' use).
    # Kept in the store so that a restart, wherever it was killed, knows every feed's
    # validators and every item already taken in; pages are the raw HTML, gzipped, by hash.
    """
    CREATE TABLE IF NOT EXISTS watch_feeds (
        url TEXT PRIMARY KEY, name TEXT,
        etag TEXT, last_modified TEXT,
        last_polled {real}, last_success {real}, last_error TEXT, last_error_at {real},
        failures INTEGER NOT NULL DEFAULT 0, next_poll {real} NOT NULL DEFAULT 0,
        items_seen INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS watch_items (
        item_key TEXT PRIMARY KEY,
        feed_url TEXT NOT NULL, guid TEXT, url TEXT,
        state TEXT NOT NULL, item TEXT, page_hash TEXT,
        article_id TEXT, content_hash TEXT, note TEXT,
        attempts INTEGER NOT NULL DEFAULT 0, next_try {real} NOT NULL DEFAULT 0,
        first_seen {real} NOT NULL, stored_at {real}
    );
    CREATE INDEX IF NOT EXISTS watch_items_url ON watch_items(url);
    CREATE INDEX IF NOT EXISTS watch_items_pending ON watch_items(state) WHERE state = 'pending';
    CREATE TABLE IF NOT EXISTS watch_pages (
        hash TEXT PRIMARY KEY, url TEXT, content_type TEXT, fetched_at {real},
        size INTEGER, content {blob} NOT NULL
    );
    """,
    # 4 → 5: what `dateline load` has loaded (dateline.bulk.load): one row per batch and month
    # partition, written in the partition's own transaction, so a killed load resumes where it
    # stopped and never loads a month twice.
    """
    CREATE TABLE IF NOT EXISTS load_progress (
        batch_id TEXT NOT NULL, month TEXT NOT NULL,
        articles INTEGER NOT NULL, events INTEGER NOT NULL,
        loaded_at TEXT NOT NULL DEFAULT {now},
        PRIMARY KEY (batch_id, month)
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

# Constraints of the event columns (the columns themselves are ``records.EVENT_COLUMNS``).
_EVENT_CONSTRAINTS = {
    "event_id": "PRIMARY KEY",
    "article_id": "NOT NULL REFERENCES articles(id) ON DELETE CASCADE",
    "cameo": "NOT NULL", "root": "NOT NULL", "modality": "NOT NULL",
    "symmetric": "NOT NULL DEFAULT 0",
}
_TYPES = {
    "sqlite": {"text": "TEXT", "int": "INTEGER", "real": "REAL"},
    "postgresql": {"text": "TEXT", "int": "INTEGER", "real": "DOUBLE PRECISION"},
}


def _column_ddl(names: Sequence[str], dialect: str, constraints: dict[str, str]) -> str:
    types = {c.name: c.type for c in EVENT_COLUMNS}
    return ",\n        ".join(
        " ".join(filter(None, (f'"{name}"', _TYPES[dialect][types[name]], constraints.get(name))))
        for name in names
    )


def migration_sql(number: int, dialect: str = "sqlite") -> str:
    """Migration ``number`` in one dialect's spelling: the same tables and columns on both.

    The event columns come from ``records.EVENT_COLUMNS``; only types, the identity column, the
    default timestamp and the trigger's body are spelled per dialect. On PostgreSQL ``events``
    also has ``seq``, an identity column standing for SQLite's ``rowid`` (insertion order).
    """
    pg = dialect == "postgresql"
    trigger = (
        "CREATE TRIGGER cluster_member_removed AFTER DELETE ON cluster_members\n"
        "    BEGIN\n        UPDATE clusters SET dirty = 1 WHERE cluster_id = OLD.cluster_id;\n    END"
    )
    if pg:
        trigger = (
            "CREATE FUNCTION dateline_member_removed() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "    BEGIN UPDATE clusters SET dirty = 1 WHERE cluster_id = OLD.cluster_id; RETURN OLD; END $$;\n"
            "    CREATE TRIGGER cluster_member_removed AFTER DELETE ON cluster_members\n"
            "    FOR EACH ROW EXECUTE FUNCTION dateline_member_removed()"
        )
    script = MIGRATIONS[number].format(
        event_columns=_column_ddl(EVENT_COLUMN_NAMES, dialect, _EVENT_CONSTRAINTS),
        events_seq=",\n        seq BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE" if pg else "",
        cluster_event_columns=_column_ddl(CLUSTER_EVENT_COLUMNS, dialect,
                                          {"symmetric": "NOT NULL DEFAULT 0"}),
        serial_pk="BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" if pg else "INTEGER PRIMARY KEY",
        real=_TYPES[dialect]["real"],
        blob="BYTEA" if pg else "BLOB",
        now=("(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))" if pg
             else "(strftime('%Y-%m-%dT%H:%M:%SZ','now'))"),
        member_removed_trigger=trigger,
    )
    # Text compares byte by byte, as SQLite's BINARY collation does, whatever the database's
    # locale: sorting (and keyset paging) must not depend on the server's settings.
    return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', script) if pg else script


#: The event filters every query and export accepts (defined in ``dateline.filters``).
FILTER_NAMES = ("actor", "dyad", "root", "quad_class", "since", "until", "place", "modality", "text")


def default_path() -> str:
    """``DATELINE_DB`` if set, else ``./dateline.db``."""
    return os.environ.get("DATELINE_DB") or DEFAULT_PATH


def connect(path: str | Path, *, readonly: bool = False) -> Any:
    """An SQLite connection in WAL mode, or a PostgreSQL one for a ``postgresql://`` URL,
    migrated to the current schema (see the module doc)."""
    if is_postgres(path):
        return pg_store.connect(str(path), readonly=readonly)
    if readonly:
        return _connect_readonly(path)

    def prepare(conn: sqlite3.Connection) -> None:
        check_schema(conn, path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        migrate(conn)

    return _open(path, str(path), prepare)


def _connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to an existing dateline store (an older one is upgraded first)."""
    file = Path(path)
    if not file.exists():
        raise StoreError(f"{path}: no such database (dateline ingest creates one; or give --db FILE)")
    if file.is_dir():
        raise StoreError(f"{path}: is a directory, not a database")
    versions: list[int] = []
    conn = _open(path, f"{file.resolve().as_uri()}?mode=ro",
                 lambda c: versions.append(check_schema(c, path, empty_ok=False)))
    if versions[0] == SCHEMA_VERSION:
        return conn
    conn.close()
    connect(path).close()  # a store of an older dateline: upgrade it once, then reopen
    return _open(path, f"{file.resolve().as_uri()}?mode=ro", lambda c: check_schema(c, path, empty_ok=False))


def _open(path: str | Path, target: str, prepare) -> sqlite3.Connection:  # type: ignore[no-untyped-def]
    """Connect to ``target`` and run ``prepare`` on the connection; any SQLite failure is one
    ``StoreError`` naming ``path``, and a failed connection is closed."""
    try:
        conn = sqlite3.connect(target, uri=target.startswith("file:"), timeout=limits.current().db_timeout,
                               isolation_level=None)
    except sqlite3.Error as exc:
        raise store_error(path, exc, "cannot open the database") from exc
    try:
        conn.row_factory = sqlite3.Row
        prepare(conn)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise store_error(path, exc, "cannot open the database") from exc
    return conn


def check_schema(conn: sqlite3.Connection, path: str | Path, *, empty_ok: bool = True) -> int:
    """The store's schema version; a ``StoreError`` when the file is not a dateline store we can use."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: the database has schema version {version}, newer than this dateline"
            f" ({SCHEMA_VERSION}): upgrade dateline to read it"
        )
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if version < 0 or (version == 0 and tables):
        raise StoreError(f"{path}: not a dateline store (an SQLite database of another application)")
    if version == 0 and not empty_ok:
        raise StoreError(f"{path}: not a dateline store (an empty SQLite database)")
    return version


def store_error(path: str | Path, exc: BaseException, action: str) -> StoreError:
    """One clear line for an SQLite failure: what happened, to which file, and what to do."""
    if not isinstance(exc, sqlite3.Error):
        return pg_store.store_error(str(path), exc, action)
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_BUSY") or "locked" in str(exc):
        timeout = limits.current().db_timeout
        return StoreError(f"{path}: {action}: the database is locked by another process"
                          f" (waited {timeout:g} s; set DATELINE_DB_TIMEOUT to wait longer)")
    if name.startswith("SQLITE_READONLY"):
        return StoreError(f"{path}: {action}: the database is read-only (check its permissions)")
    if name.startswith("SQLITE_FULL"):
        return StoreError(f"{path}: {action}: the disk (or the database's size limit) is full")
    if name.startswith("SQLITE_IOERR"):
        return StoreError(f"{path}: {action}: disk I/O error (is the disk full, or the file over a size limit?)")
    if name.startswith("SQLITE_NOTADB") or "not a database" in str(exc):
        return StoreError(f"{path}: {action}: not a dateline store (not an SQLite database)")
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(f"{path}: {action}: unable to open the file (check the folder exists and is writable)")
    return StoreError(f"{path}: {action}: {exc}")


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to ``SCHEMA_VERSION``; refuse a database from a newer dateline."""
    version = check_schema(conn, "the database")
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # executescript would commit on its own; run statements one by one inside BEGIN.
            for statement in _statements(migration_sql(number)):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is open; SQLite may have rolled back already (a full disk),
    and a failing ROLLBACK must not hide the error that caused it."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except db_errors():
            pass


def _statements(script: str) -> list[str]:
    """Split a migration into statements; a trigger body's inner ``;`` does not end it."""
    statements: list[str] = []
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                statements.append(buffer.strip().rstrip(";").strip())
            buffer = ""
    if buffer.strip(" \n;"):
        statements.append(buffer.strip().rstrip(";").strip())
    return statements


@dataclass
class AddResult:
    """What ``Store.add`` did with one article."""

    article_id: str
    added: bool
    events: int


class Store:
    """The event database. ``Store(path)`` opens (and creates or migrates) it;
    ``Store(path, readonly=True)`` opens an existing store for reading only."""

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False) -> None:
        self.path = str(path or default_path())
        self.readonly = readonly
        self.dialect = "postgresql" if is_postgres(self.path) else "sqlite"
        self.conn = connect(self.path, readonly=readonly)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def has(self, article: Article) -> bool:
        """Whether this story (same content) is already stored."""
        row = self.conn.execute(
            "SELECT 1 FROM articles WHERE content_hash = ?", (article.content_hash,)
        ).fetchone()
        return row is not None

    def add(
        self,
        article: Article,
        *,
        coded: bool = True,
        actors: Sequence[Actor] = (),
        places: Sequence[Place] = (),
        times: Sequence[Timex] = (),
        events: Sequence[Event] = (),
        skipped_reason: str | None = None,
    ) -> AddResult:
        """Store one article and everything found in it, all or nothing.

        The same content again is a no-op; an article id seen before with other content (a
        corrected story) replaces the old version with its events.
        """
        try:
            return self._add(article, coded, actors, places, times, events, skipped_reason)
        except db_errors() as exc:
            raise store_error(self.path, exc, f"cannot store article {article.id!r}") from exc

    def _add(
        self,
        article: Article,
        coded: bool,
        actors: Sequence[Actor],
        places: Sequence[Place],
        times: Sequence[Timex],
        events: Sequence[Event],
        skipped_reason: str | None,
    ) -> AddResult:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute(
                "SELECT 1 FROM articles WHERE content_hash = ?", (article.content_hash,)
            ).fetchone():
                conn.execute("ROLLBACK")
                return AddResult(article.id, False, 0)
            conn.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            # OR IGNORE: on PostgreSQL another writer may commit the same story between the
            # check above and this insert (the unique content hash decides; SQLite's
            # BEGIN IMMEDIATE already excludes that).
            inserted = conn.execute(
                f"INSERT OR IGNORE INTO articles ({', '.join(ARTICLE_COLUMN_NAMES)})"
                f" VALUES ({', '.join('?' * len(ARTICLE_COLUMN_NAMES))})",
                list(article_row(article, coded, skipped_reason).values()),
            ).rowcount
            if not inserted:
                conn.execute("ROLLBACK")
                return AddResult(article.id, False, 0)
            conn.executemany(
                'INSERT INTO actors (article_id, start, "end", text, name, code, country, org,'
                " sector, entity_id, rule) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (article.id, a.start, a.end, a.text, a.name, a.code, a.country, a.org,
                     a.sector, a.entity_id, a.rule)
                    for a in actors
                ],
            )
            conn.executemany(
                'INSERT INTO places (article_id, start, "end", text, name, country, lat, lon,'
                " place_id, feature) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (article.id, p.start, p.end, p.text, p.name, p.country, p.lat, p.lon,
                     p.id, p.feature)
                    for p in places
                ],
            )
            conn.executemany(
                'INSERT INTO times (article_id, start, "end", text, type, value, mod)'
                " VALUES (?,?,?,?,?,?,?)",
                [(article.id, t.start, t.end, t.text, t.type, t.value, t.mod) for t in times],
            )
            # Two events of one story can share an id (the same clause found twice): the
            # store keeps one, and the count says what was stored, not what was found.
            stored = sum(self._insert_event(article.id, event) for event in events)
            # Cross-story deduplication in the same transaction (imported here: ask uses store).
            from .ask.dedupe import dedupe_new

            dedupe_new(conn, [article.id])
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
        return AddResult(article.id, True, stored)

    def _insert_event(self, article_id: str, event: Event) -> int:
        """Insert one event and its evidence; 1 if the event row is new, 0 if already there."""
        row = event_row(event)
        row["article_id"] = article_id
        cursor = self.conn.execute(
            f"INSERT OR IGNORE INTO events ({', '.join(EVENT_COLUMN_NAMES)})"
            f" VALUES ({', '.join('?' * len(EVENT_COLUMN_NAMES))})",
            [row[c] for c in EVENT_COLUMN_NAMES],
        )
        self.conn.executemany(
            f"INSERT OR IGNORE INTO evidence ({', '.join(_quoted(MENTION_COLUMN_NAMES))})"
            f" VALUES ({', '.join('?' * len(MENTION_COLUMN_NAMES))})",
            [[m[c] if c != "article_id" else article_id for c in MENTION_COLUMN_NAMES]
             for m in mention_rows(event)],
        )
        return cursor.rowcount

    # -- reading -------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article_from_row(row) if row else None

    def articles(self, limit: int | None = None) -> Iterator[sqlite3.Row]:
        """Stored articles with their event counts, newest publication first."""
        sql = (
            "SELECT a.id, a.title, a.published, a.published_from, a.source, a.language,"
            " a.coded, a.skipped_reason, a.origin,"
            " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events"
            " FROM articles a ORDER BY a.published DESC NULLS LAST, a.id"
        )
        if limit is not None:
            sql += f" LIMIT {max(0, int(limit))}"
        yield from self.conn.execute(sql)

    def events(
        self,
        *,
        actor: str | None = None,
        dyad: tuple[str, str] | None = None,
        since: str | None = None,
        until: str | None = None,
        article_id: str | None = None,
        root: str | None = None,
        modality: str | None = None,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Events as public JSONL records, in date order, filtered.

        The filters are those of ``dateline.filters`` (the same for every query): ``actor``
        either side, ``dyad`` both directions, ``since``/``until`` inclusive ISO prefixes.
        """
        where, params = event_filters(
            actor=actor, dyad=dyad, since=since, until=until, article_id=article_id,
            root=root, modality=modality,
        )
        sql = "SELECT * FROM events" + (" WHERE " + " AND ".join(where) if where else "")
        # rowid last: ties keep insertion order, on PostgreSQL too (where it is ``seq``).
        sql += " ORDER BY date IS NULL, date, article_id, span_start, rowid"
        if limit is not None:
            sql += f" LIMIT {max(0, int(limit))}"
        for row in self.conn.execute(sql, params):
            yield event_record(row)

    def counts(self) -> dict[str, int]:
        return {
            table: self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "events", "actors", "places", "times")
        }


def event_filters(*, article_id: str | None = None, **filters: Any) -> tuple[list[str], list[Any]]:
    """SQL conditions (over the ``events`` table) and their parameters for the common filters.

    The filters are defined once, in ``dateline.filters`` (shared with the deduplicated
    queries, exports and the web API); ``article_id`` narrows to one story.
    """
    from .filters import Filters

    where, params = Filters.parse(**filters).where("events")
    if article_id:
        where.append("article_id = ?")
        params.append(article_id)
    return where, params


def event_record(row: Any) -> dict[str, Any]:
    """A stored event row in the public JSONL form (the same keys as ``Event.to_json``)."""
    return event_json_from_row(row)


def _quoted(names: Sequence[str]) -> list[str]:
    """Column names as SQL identifiers (``end`` is a reserved word in PostgreSQL)."""
    return [f'"{n}"' for n in names]


def _article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"] or "",
        published=row["published"],
        published_from=row["published_from"],
        source=row["source"],
        dateline_place=row["dateline_place"],
        url=row["url"],
        language=row["language"],
        origin=row["origin"],
        extra=json.loads(row["extra"] or "{}"),
    )
