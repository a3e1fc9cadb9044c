"""``dateline load``: a batch's Parquet output into a PostgreSQL store, with COPY.

One month partition is one transaction: its articles, events and evidence are copied into
temporary staging tables (``COPY … FROM STDIN``, the fastest way into PostgreSQL), moved into
the store with ``INSERT … SELECT … ON CONFLICT DO NOTHING``, clustered with the events already
there (``ask.dedupe``, under the same advisory lock as ingest), and the month is recorded in
``load_progress``, all before one COMMIT. Hence:

* **idempotent**: a story whose id or content is already stored is skipped by the same
  unique keys ingest relies on (the article's id and content hash; an event's id), and only
  the events of stories inserted now are inserted;
* **resumable**: killed anywhere, a month is either wholly in (and recorded) or not at all;
  a rerun skips the recorded months and loads the rest. Counts come out exact;
* **the same as ingest**: rows go in, and are clustered, in input order within a month
  (``seq``, ``ordinal``), so deduplication sees the stories in the order ingest would. A
  story replacing an older version (same id, other content) replaces it, as ingest does.

Stories are loaded with their events and evidence; the per-mention actor, place and time
tables that ingest also fills (for ``dateline actors``-style inspection) are not part of a
batch's output.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import DatelineError
from ..records import ARTICLE_COLUMN_NAMES, EVENT_COLUMN_NAMES, MENTION_COLUMN_NAMES
from . import columns

_PG_TYPES = {"text": "TEXT", "int": "BIGINT", "real": "DOUBLE PRECISION"}


@dataclass
class LoadReport:
    months: int = 0
    skipped_months: int = 0
    articles: int = 0
    events: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        rate = self.events / self.seconds if self.seconds else 0.0
        return (f"{self.months} months loaded ({self.skipped_months} already loaded),"
                f" {self.articles} articles, {self.events} events added,"
                f" {self.seconds:.1f} s ({rate:.0f} events/s)")


def batch_id(folder: Path) -> str:
    """The batch's identity (``_batch.json``, written when a batch has finished)."""
    marker = folder / "_batch.json"
    if not marker.is_file():
        raise DatelineError(f"{folder}: not a finished batch (no _batch.json): run dateline batch --out {folder}")
    try:
        return str(json.loads(marker.read_text(encoding="utf-8"))["batch_id"])
    except (ValueError, KeyError) as exc:
        raise DatelineError(f"{marker}: unreadable ({exc})") from exc


def months(folder: Path) -> list[str]:
    """The month partitions of a batch, in order (``unknown`` last)."""
    found = {p.name.split("=", 1)[1] for p in (folder / "articles").glob("month=*") if p.is_dir()}
    return sorted(found, key=lambda m: (m == "unknown", m))


def load(folder: str | Path, store: Any, *, on_month: Callable[[str, int], None] | None = None) -> LoadReport:
    """Load every month of the batch in ``folder`` not yet loaded into ``store``."""
    if getattr(store, "dialect", "sqlite") != "postgresql":
        raise DatelineError("dateline load fills a PostgreSQL store (--db postgresql://…);"
                            " for SQLite, ingest the inputs")
    folder = Path(folder)
    ident = batch_id(folder)
    started = time.perf_counter()
    report = LoadReport()
    pause = float(os.environ.get("DATELINE_LOAD_PAUSE", "0") or 0)  # tests: time to kill it
    for month in months(folder):
        added = _load_month(store.conn, folder, ident, month)
        if added is None:
            report.skipped_months += 1
            continue
        report.months += 1
        report.articles += added[0]
        report.events += added[1]
        if on_month:
            on_month(month, added[0])
        if pause:
            time.sleep(pause)
    report.seconds = time.perf_counter() - started
    return report


def _read(folder: Path, dataset: str, month: str) -> list[tuple[Any, ...]]:
    """A dataset's rows of one month, in the staging column order (no ``month``)."""
    import pyarrow.parquet as pq

    path = folder / dataset / f"month={month}"
    names = [c.name for c in columns(dataset) if c.name != "month"]
    if not path.is_dir():
        return []
    table = pq.read_table(path, columns=names)
    return list(zip(*(table.column(n).to_pylist() for n in names)))


def _stage(conn: Any, name: str, dataset: str, rows: list[tuple[Any, ...]]) -> None:
    cols = [c for c in columns(dataset) if c.name != "month"]
    conn.execute_native(
        f"CREATE TEMP TABLE {name} ({', '.join(f'{_q(c.name)} {_PG_TYPES[c.type]}' for c in cols)})"
        " ON COMMIT DROP"
    )
    with conn.raw.cursor() as cursor:
        with cursor.copy(f"COPY {name} ({', '.join(_q(c.name) for c in cols)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _q(name: str) -> str:
    return f'"{name}"'


def _load_month(conn: Any, folder: Path, ident: str, month: str) -> tuple[int, int] | None:
    """Load one month in one transaction; None when it was loaded before."""
    from ..ask.dedupe import dedupe_rows
    from ..store import rollback

    articles = _read(folder, "articles", month)
    events = _read(folder, "events", month)
    mentions = _read(folder, "mentions", month)
    conn.execute_native("BEGIN")
    try:
        done = conn.execute_native("SELECT 1 FROM load_progress WHERE batch_id = %s AND month = %s",
                                   (ident, month)).fetchone()
        if done:
            conn.execute_native("ROLLBACK")
            return None
        _stage(conn, "stage_articles", "articles", articles)
        _stage(conn, "stage_events", "events", events)
        _stage(conn, "stage_mentions", "mentions", mentions)
        # A corrected story (same id, other content) replaces the stored version, as in ingest.
        conn.execute_native(
            "DELETE FROM articles a USING stage_articles s WHERE a.id = s.id AND a.content_hash <> s.content_hash"
        )
        cols = ", ".join(_q(c) for c in ARTICLE_COLUMN_NAMES)
        conn.execute_native("CREATE TEMP TABLE new_articles (id TEXT PRIMARY KEY) ON COMMIT DROP")
        conn.execute_native(
            f"WITH added AS (INSERT INTO articles ({cols}) SELECT {cols} FROM stage_articles ORDER BY seq"
            " ON CONFLICT DO NOTHING RETURNING id) INSERT INTO new_articles SELECT id FROM added"
        )
        added_articles = conn.execute_native("SELECT count(*) FROM new_articles").fetchone()[0]
        cols = ", ".join(_q(c) for c in EVENT_COLUMN_NAMES)
        added_events = conn.execute_native(
            f"INSERT INTO events ({cols}) SELECT {', '.join('s.' + _q(c) for c in EVENT_COLUMN_NAMES)}"
            " FROM stage_events s JOIN new_articles n ON n.id = s.article_id ORDER BY s.seq, s.ordinal"
            " ON CONFLICT DO NOTHING"
        ).rowcount
        cols = ", ".join(_q(c) for c in MENTION_COLUMN_NAMES)
        conn.execute_native(
            f"INSERT INTO evidence ({cols}) SELECT {', '.join('s.' + _q(c) for c in MENTION_COLUMN_NAMES)}"
            " FROM stage_mentions s JOIN new_articles n ON n.id = s.article_id"
            " JOIN events e ON e.event_id = s.event_id ORDER BY s.seq ON CONFLICT DO NOTHING"
        )
        # Cluster the new events in input order, with everything stored before them.
        rows = conn.execute(
            "SELECT e.* FROM events e JOIN new_articles n ON n.id = e.article_id"
            " WHERE NOT EXISTS (SELECT 1 FROM cluster_members m WHERE m.event_id = e.event_id)"
            " ORDER BY e.rowid"
        ).fetchall()
        dedupe_rows(conn, rows)
        conn.execute_native(
            "INSERT INTO load_progress (batch_id, month, articles, events) VALUES (%s, %s, %s, %s)",
            (ident, month, added_articles, added_events),
        )
        conn.execute_native("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    return added_articles, added_events
