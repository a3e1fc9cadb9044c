"""Two databases behind one connection interface: SQLite (the default) and PostgreSQL.

Why not an ORM: the store, deduplication, queries, exports and the web API are written as SQL
over ``sqlite3`` connections, and that SQL is almost all standard. PostgreSQL differs in a few
spellings, so a PostgreSQL connection here *looks like* an ``sqlite3`` connection (``execute``
with ``?`` parameters, rows readable by name and position, ``in_transaction``) and rewrites
those spellings as each statement passes:

=============================  =========================================
SQLite                         PostgreSQL
=============================  =========================================
``?`` parameters               ``%s`` (and a literal ``%`` doubled)
``INSERT OR IGNORE INTO …``    ``INSERT INTO … ON CONFLICT DO NOTHING``
``BEGIN IMMEDIATE``            ``BEGIN``
``rowid`` of ``events``        ``seq`` (an identity column, same order)
``temp.`` tables               ``pg_temp.``
``instr``, ``char``            ``strpos``, ``chr``
column ``symmetric``           ``"symmetric"`` (a reserved word there)
=============================  =========================================

The few things that cannot be rewritten (types in ``CREATE TABLE``, a trigger's body, the
schema version) are the store's to say per dialect (``store.py``). Everything else is written
once, in SQL both accept (``CASE WHEN`` instead of summing booleans, for one).

The PostgreSQL connection runs in autocommit mode, so the ``BEGIN``/``COMMIT`` statements the
store issues delimit its transactions exactly as they do on SQLite.
"""
from __future__ import annotations

import os
import re
from typing import Any, Iterable, Iterator, Sequence

from .errors import StoreError


def is_postgres(target: str | os.PathLike[str] | None) -> bool:
    """Whether a ``--db`` value names a PostgreSQL database (a ``postgresql://`` URL)."""
    return str(target or "").startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """A URL for messages, without its password."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


class Row(tuple):
    """A result row readable by position and by column name, like ``sqlite3.Row``."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> "Row":
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: Any) -> Any:
    description = cursor.description
    if description is None:
        return None
    index: dict[str, int] = {}
    for position, column in enumerate(description):
        # As in sqlite3.Row, the first column of a name wins (``SELECT e.*, m.cluster_id``).
        index.setdefault(column.name, position)

    def make(values: Sequence[Any]) -> Row:
        return Row(values, index)

    return make


_WORDS = [
    (re.compile(r"\bBEGIN IMMEDIATE\b", re.I), "BEGIN"),
    (re.compile(r"\browid\b"), "seq"),
    (re.compile(r"\btemp\."), "pg_temp."),
    (re.compile(r"\binstr\("), "strpos("),
    (re.compile(r"\bchar\(10\)"), "chr(10)"),
    # A column name that PostgreSQL reserves as a keyword.
    (re.compile(r'(?<![\w"])symmetric(?![\w"])'), '"symmetric"'),
]
_OR_IGNORE = re.compile(r"\bINSERT OR IGNORE INTO\b", re.I)


def translate(sql: str) -> str:
    """An SQLite statement of this package in PostgreSQL's spelling (see the module docstring)."""
    for pattern, replacement in _WORDS:
        sql = pattern.sub(replacement, sql)
    if _OR_IGNORE.search(sql):
        sql = _OR_IGNORE.sub("INSERT INTO", sql) + " ON CONFLICT DO NOTHING"
    out: list[str] = []
    quoted = False
    for ch in sql:
        if ch == "'":
            quoted = not quoted
            out.append(ch)
        elif ch == "%":
            out.append("%%")
        elif ch == "?" and not quoted:
            out.append("%s")
        else:
            out.append(ch)
    return "".join(out)


class PgCursor:
    """What callers use of an ``sqlite3.Cursor``: iteration, fetches, ``rowcount``."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def description(self) -> Any:
        return self._cursor.description

    def fetchone(self) -> Row | None:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Row]:
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self) -> Iterator[Row]:
        if self._cursor.description is None:
            return iter(())
        return iter(self._cursor)

    def close(self) -> None:
        self._cursor.close()


class PgConnection:
    """A psycopg 3 connection with the ``sqlite3.Connection`` surface the package uses."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                f"{redact(url)}: PostgreSQL needs psycopg: pip install 'dateline[postgres]'"
            ) from None
        self.url = url
        self._psycopg = psycopg
        try:
            self.raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory)
        except psycopg.Error as exc:
            raise StoreError(f"{redact(url)}: cannot connect: {_first_line(exc)}") from exc

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        cursor = self.raw.cursor()
        cursor.execute(translate(sql), tuple(params or ()))
        return PgCursor(cursor)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            with self.raw.cursor() as cursor:
                cursor.executemany(translate(sql), rows)

    def execute_native(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        """A statement in PostgreSQL's own spelling, passed as it is (DDL, COPY helpers)."""
        cursor = self.raw.cursor()
        cursor.execute(sql, params)
        return PgCursor(cursor)

    def close(self) -> None:
        self.raw.close()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def db_errors() -> tuple[type[BaseException], ...]:
    """The exception types a database failure raises, for ``except`` clauses on either backend."""
    import sqlite3

    try:
        import psycopg
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, psycopg.Error)


def frame(conn: Any, sql: str, params: Sequence[Any] = ()) -> Any:
    """A query's rows as a pandas DataFrame, on either backend (``pd.read_sql`` wants SQLAlchemy
    for anything but sqlite3)."""
    import pandas as pd

    cursor = conn.execute(sql, params)
    columns = [d[0] for d in cursor.description] if cursor.description else []
    return pd.DataFrame.from_records([tuple(r) for r in cursor.fetchall()], columns=columns)
