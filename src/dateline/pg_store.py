"""The store on PostgreSQL: connecting, the schema version, migrations and errors.

The tables, the migrations and every query are the SQLite store's (``store.py``), spelled for
PostgreSQL by ``store.migration_sql`` and ``sqldb.translate``; what differs lives here. The
schema version is a row of ``dateline_schema`` (PostgreSQL has no ``user_version``), and a
migration runs under a transaction-level advisory lock, so several writers starting at once
migrate a new database exactly once.

Which database and schema: the ``postgresql://`` URL says, including its ``search_path``
(``?options=-csearch_path%3Dmyschema``), so one PostgreSQL database can hold several stores.
A schema that has an ``events`` table but no ``dateline_schema`` belongs to another
application and is refused, as an SQLite file of another application is.
"""
from __future__ import annotations

from typing import Any

from .errors import StoreError
from .sqldb import PgConnection, redact

#: Advisory lock keys (any constants unique to dateline): schema migration, and cross-story
#: deduplication (see ``ask.dedupe``).
MIGRATE_LOCK = 7_716_001
DEDUPE_LOCK = 7_716_002


def connect(url: str, *, readonly: bool = False) -> PgConnection:
    """A connection to a dateline store in PostgreSQL, migrated to the current schema."""
    from . import store

    conn = PgConnection(url)
    try:
        version = check_schema(conn, url, empty_ok=not readonly)
        if version < store.SCHEMA_VERSION:
            migrate(conn, url)
        if readonly:
            # A guarantee, not a habit: this session refuses writes.
            conn.execute_native("SET default_transaction_read_only = on")
    except StoreError:
        conn.close()
        raise
    except Exception as exc:
        conn.close()
        if _is_db_error(exc):
            raise store_error(url, exc, "cannot open the database") from exc
        raise
    return conn


def schema_version(conn: PgConnection) -> int | None:
    """The version row, or None when there is no ``dateline_schema`` table in the search path."""
    if conn.execute_native("SELECT to_regclass('dateline_schema')").fetchone()[0] is None:
        return None
    row = conn.execute_native("SELECT version FROM dateline_schema").fetchone()
    return int(row[0]) if row else 0


def check_schema(conn: PgConnection, url: str, *, empty_ok: bool = True) -> int:
    """The store's schema version; a ``StoreError`` when the schema is not one we can use."""
    from . import store

    version = schema_version(conn)
    if version is None:
        if conn.execute_native("SELECT to_regclass('events')").fetchone()[0] is not None:
            raise StoreError(f"{redact(url)}: not a dateline store (an events table of another application)")
        if not empty_ok:
            raise StoreError(f"{redact(url)}: no dateline store here (dateline ingest creates one)")
        return 0
    if version > store.SCHEMA_VERSION:
        raise StoreError(
            f"{redact(url)}: the database has schema version {version}, newer than this dateline"
            f" ({store.SCHEMA_VERSION}): upgrade dateline to read it"
        )
    return version


def migrate(conn: PgConnection, url: str) -> None:
    """Run the migrations this store lacks, once, whoever else is starting up."""
    from . import store

    conn.execute_native("BEGIN")
    try:
        conn.execute_native("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
        conn.execute_native("CREATE TABLE IF NOT EXISTS dateline_schema (version INTEGER NOT NULL)")
        version = schema_version(conn) or 0
        if conn.execute_native("SELECT count(*) FROM dateline_schema").fetchone()[0] == 0:
            conn.execute_native("INSERT INTO dateline_schema VALUES (0)")
        for number in range(version, store.SCHEMA_VERSION):
            # One script per migration (no parameters: PostgreSQL runs it as one simple query).
            conn.execute_native(store.migration_sql(number, "postgresql"))
            conn.execute_native("UPDATE dateline_schema SET version = %s", (number + 1,))
        conn.execute_native("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute_native("ROLLBACK")
        raise


def _is_db_error(exc: BaseException) -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    return isinstance(exc, psycopg.Error)


def store_error(url: str, exc: BaseException, action: str) -> StoreError:
    """One clear line for a PostgreSQL failure, naming the database (without its password)."""
    message = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if "read-only transaction" in message:
        return StoreError(f"{redact(url)}: {action}: the store is open read-only")
    return StoreError(f"{redact(url)}: {action}: {message}")


def lock_dedupe(conn: Any) -> None:
    """Serialise cross-story deduplication between writers, until this transaction ends.

    Two writers clustering reports of one event at once would each find no cluster and make
    one; with this lock the second waits for the first to commit and then finds its cluster.
    The lock is taken just before clustering (the end of an article's transaction), so
    parsing, and inserting the article and its events, still run in parallel.
    """
    if getattr(conn, "dialect", "sqlite") == "postgresql":
        conn.execute_native("SELECT pg_advisory_xact_lock(%s)", (DEDUPE_LOCK,))
