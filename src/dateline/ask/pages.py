"""Reads for interactive use: pages of events, timeline points, map places, one event, one story.

The web API (``dateline.serve``) is a thin HTTP edge over these functions; they return plain
JSON-ready dicts so any other front end can call them too.

Pages are *keyset* pages: a cursor holds the sort key of the last row shown, and the next page
starts after it from the date index. An offset would make page 20,000 of a million events read
the 999,950 rows before it; a keyset makes every page cost the same. The sort is stable: by
date, then by id, with undated events after every dated one, in both directions.
"""
from __future__ import annotations

import base64
import json
import sqlite3
from typing import Any

from ..filters import FilterError, Filters
from ..store import event_record
from .query import EVENT_SELECT, Ask, country_name, event_name

PAGE_MAX = 500
POINTS_MAX = 5000
# A chart a thousand pixels wide cannot show more dots than this one by one: past it the page
# says how to narrow the view, and the table (which pages) has every event.
POINTS_DEFAULT = 1000
COUNT_CAP = 10_000
SORTS = ("date", "-date")
# Coordinates to 0.01° for grouping map points, in SQL both SQLite and PostgreSQL accept (the
# latter rounds numerics only; its numeric comes back as a float).
_ROUND_LAT = "CAST(round(CAST(lat AS NUMERIC), 2) AS DOUBLE PRECISION)"
_ROUND_LON = "CAST(round(CAST(lon AS NUMERIC), 2) AS DOUBLE PRECISION)"


def _where(conditions: list[str]) -> str:
    return (" WHERE " + " AND ".join(conditions)) if conditions else ""


def encode_cursor(phase: str, date: str | None, key: int) -> str:
    raw = json.dumps([phase, date, key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str | None, int]:
    """The (phase, date, id) a cursor holds; a cursor not made here raises FilterError."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        phase, date, key = json.loads(raw)
        if phase not in ("d", "u") or not isinstance(key, int) or (date is not None and not isinstance(date, str)):
            raise ValueError
        return phase, date, key
    except (ValueError, TypeError, json.JSONDecodeError):
        raise FilterError(f"cursor: {cursor[:40]!r} is not a cursor this server gave out") from None


def _keyset(
    conn: sqlite3.Connection, select: str, where: list[str], params: list[Any], *,
    date: str, key: str, limit: int, cursor: str | None, descending: bool,
) -> tuple[list[sqlite3.Row], str | None]:
    """One page of ``select`` in (date, key) order, undated rows last; and the next cursor."""
    phase, last_date, last_key = decode_cursor(cursor) if cursor else ("d", None, None)
    op, direction = ("<", "DESC") if descending else (">", "ASC")
    rows: list[sqlite3.Row] = []
    if phase == "d":
        conditions = [*where, f"{date} IS NOT NULL"]
        extra: list[Any] = []
        if last_key is not None:
            # Written with a plain bound first so SQLite reads it as a range of the date index.
            conditions.append(f"{date} {op}= ? AND ({date} {op} ? OR {key} {op} ?)")
            extra = [last_date, last_date, last_key]
        rows = conn.execute(
            f"{select}{_where(conditions)} ORDER BY {date} {direction}, {key} {direction} LIMIT ?",
            [*params, *extra, limit + 1],
        ).fetchall()
        if len(rows) > limit:
            last = rows[limit - 1]
            return rows[:limit], encode_cursor("d", last["sort_date"], last["sort_key"])
        phase, last_key = "u", None
    conditions = [*where, f"{date} IS NULL"]
    extra = []
    if last_key is not None:
        conditions.append(f"{key} {op} ?")
        extra = [last_key]
    more = conn.execute(
        f"{select}{_where(conditions)} ORDER BY {key} {direction} LIMIT ?",
        [*params, *extra, limit - len(rows) + 1],
    ).fetchall()
    rows += more
    if len(rows) > limit:
        last = rows[limit - 1]
        return rows[:limit], encode_cursor("u", None, last["sort_key"])
    return rows, None


def _count(conn: sqlite3.Connection, table: str, where: list[str], params: list[Any]) -> tuple[int, bool]:
    """How many rows match, counted up to COUNT_CAP (a count of a million is not worth a scan)."""
    n = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {table}{_where(where)} LIMIT {COUNT_CAP + 1}) AS capped", params
    ).fetchone()[0]
    return min(n, COUNT_CAP), n > COUNT_CAP


def _actor(row: Any, prefix: str) -> dict[str, Any] | None:
    key = row[f"{prefix}_key"]
    if not key and not row[f"{prefix}_name"]:
        return None
    return {
        "key": key, "name": country_name(key) or row[f"{prefix}_name"] or key,
        "code": row[f"{prefix}_code"], "country": row[f"{prefix}_country"], "org": row[f"{prefix}_org"],
    }


def cluster_json(row: Any) -> dict[str, Any]:
    """A deduplicated event (a ``clusters`` row) as the web API returns it."""
    return {
        "cluster_id": row["cluster_id"],
        "date": row["date"], "date_precision": row["date_precision"],
        "source": _actor(row, "source"), "target": _actor(row, "target"),
        "cameo": row["cameo"], "event": event_name(row["cameo"], row["root"]), "root": row["root"],
        "quad_class": row["quad_class"], "goldstein": row["goldstein"], "plover": row["plover"],
        "modality": row["modality"],
        "location": None if row["location_name"] is None else {
            "name": row["location_name"], "country": row["location_country"],
            "lat": row["lat"], "lon": row["lon"],
        },
        "reports": row["reports"], "mentions": row["mentions"], "articles": row["articles"],
        "sources": row["sources"], "first_seen": row["first_seen"],
        "sentence": row["sentence"], "article_id": row["article_id"],
    }


def event_page(conn: sqlite3.Connection, filters: Filters, *, limit: int = 50,
               cursor: str | None = None, sort: str = "date") -> dict[str, Any]:
    """A page of deduplicated events, the next cursor, and the (capped) number that match."""
    where, params = filters.where("clusters")
    rows, next_cursor = _keyset(
        conn, "SELECT *, date AS sort_date, cluster_id AS sort_key FROM clusters", where, params,
        date="date", key="cluster_id", limit=limit, cursor=cursor, descending=sort == "-date",
    )
    total, capped = _count(conn, "clusters", where, params)
    return {"events": [cluster_json(r) for r in rows], "next": next_cursor,
            "total": total, "total_capped": capped}


def mention_page(conn: sqlite3.Connection, filters: Filters, *, limit: int = 50,
                 cursor: str | None = None, sort: str = "date") -> dict[str, Any]:
    """A page of per-story event records (the public JSONL form, plus cluster and outlet)."""
    where, params = filters.where("events")
    select = (
        f"SELECT {EVENT_SELECT}, m.cluster_id, a.source AS outlet, a.published, e.date AS sort_date,"
        " e.rowid AS sort_key FROM events e JOIN articles a ON a.id = e.article_id"
        " LEFT JOIN cluster_members m ON m.event_id = e.event_id"
    )
    rows, next_cursor = _keyset(conn, select, where, params, date="e.date", key="e.rowid",
                                limit=limit, cursor=cursor, descending=sort == "-date")
    total, capped = _count(conn, "events", where, params)
    records = []
    for row in rows:
        record = event_record(row)
        record.update(cluster_id=row["cluster_id"], outlet=row["outlet"], published=row["published"])
        records.append(record)
    return {"mentions": records, "next": next_cursor, "total": total, "total_capped": capped}


def timeline_points(conn: sqlite3.Connection, filters: Filters, *, limit: int = POINTS_DEFAULT) -> dict[str, Any]:
    """Dated deduplicated events as compact points for a chart, in date order (at most ``limit``)."""
    where, params = filters.where("clusters")
    rows = conn.execute(
        "SELECT cluster_id, date, quad_class, goldstein, sources, reports, cameo, root,"
        " source_key, target_key FROM clusters"
        + _where([*where, "date IS NOT NULL"]) + " ORDER BY date, cluster_id LIMIT ?",
        [*params, limit + 1],
    ).fetchall()
    points = [
        {"id": r["cluster_id"], "date": r["date"], "quad": r["quad_class"], "goldstein": r["goldstein"],
         "sources": r["sources"], "reports": r["reports"], "event": event_name(r["cameo"], r["root"]),
         "source": r["source_key"], "target": r["target_key"]}
        for r in rows[:limit]
    ]
    return {"points": points, "truncated": len(rows) > limit}


def places(conn: sqlite3.Connection, filters: Filters, *, limit: int = 500) -> dict[str, Any]:
    """Event locations with how many events happened there, the busiest first (for a map)."""
    where, params = filters.where("clusters")
    rows = conn.execute(
        f"SELECT location_name, location_country, {_ROUND_LAT} AS lat, {_ROUND_LON} AS lon,"
        " count(*) AS events, sum(CASE WHEN quad_class IN (1, 2) THEN 1 ELSE 0 END) AS cooperation,"
        " sum(CASE WHEN quad_class IN (3, 4) THEN 1 ELSE 0 END) AS conflict FROM clusters"
        + _where([*where, "lat IS NOT NULL", "lon IS NOT NULL"])
        + f" GROUP BY location_name, location_country, {_ROUND_LAT}, {_ROUND_LON}"
        " ORDER BY events DESC, location_name LIMIT ?",
        [*params, limit],
    ).fetchall()
    return {"places": [
        {"name": r["location_name"], "country": r["location_country"], "lat": r["lat"], "lon": r["lon"],
         "events": r["events"], "cooperation": r["cooperation"] or 0, "conflict": r["conflict"] or 0}
        for r in rows
    ]}


def event_detail(conn: sqlite3.Connection, cluster_id: int) -> dict[str, Any] | None:
    """One deduplicated event with every report of it and the text of its first story."""
    row = conn.execute("SELECT * FROM clusters WHERE cluster_id = ?", (cluster_id,)).fetchone()
    if row is None:
        return None
    reports = conn.execute(
        "SELECT e.event_id, e.article_id, e.cameo, e.modality, e.attribution, e.sentence,"
        " e.span_start, e.span_end, a.source AS outlet, a.published, a.url, a.title"
        " FROM cluster_members m JOIN events e ON e.event_id = m.event_id"
        " JOIN articles a ON a.id = e.article_id WHERE m.cluster_id = ?"
        " ORDER BY a.published, e.article_id, e.span_start",
        (cluster_id,),
    ).fetchall()
    result = cluster_json(row)
    result["reports"] = [
        {"event_id": r["event_id"], "article_id": r["article_id"], "outlet": r["outlet"],
         "published": r["published"], "url": r["url"], "title": r["title"], "cameo": r["cameo"],
         "modality": r["modality"], "attribution": json.loads(r["attribution"] or "[]"),
         "sentence": r["sentence"], "span": [r["span_start"], r["span_end"]]}
        for r in reports
    ]
    result["report_count"] = row["reports"]
    first = next((r for r in result["reports"] if r["article_id"] == row["article_id"]),
                 result["reports"][0] if result["reports"] else None)
    result["article"] = article_detail(conn, first["article_id"], events=False) if first else None
    result["highlight"] = first["span"] if first else None
    return result


def article_detail(conn: sqlite3.Connection, article_id: str, *, events: bool = True) -> dict[str, Any] | None:
    """One stored story: its text and metadata, and (by default) the events found in it."""
    row = conn.execute(
        "SELECT id, title, text, published, published_from, source, dateline_place, url, language,"
        " coded, skipped_reason FROM articles WHERE id = ?", (article_id,),
    ).fetchone()
    if row is None:
        return None
    result: dict[str, Any] = {k: row[k] for k in row.keys()}
    result["coded"] = bool(row["coded"])
    if events:
        found = conn.execute(
            f"SELECT {EVENT_SELECT}, m.cluster_id FROM events e"
            " LEFT JOIN cluster_members m ON m.event_id = e.event_id"
            " WHERE e.article_id = ? ORDER BY e.span_start", (article_id,),
        ).fetchall()
        result["events"] = [{**event_record(r), "cluster_id": r["cluster_id"]} for r in found]
    return result


def series(ask: Ask, a: str, b: str, filters: Filters, freq: str = "M") -> dict[str, Any]:
    """A dyad's counts per period, both directions (``Ask.dyad_series``), as JSON rows."""
    options = {k: v for k, v in filters.as_dict().items() if k != "dyad"}
    frame = ask.dyad_series(a, b, freq=freq, **options)
    rows = []
    for record in frame.to_dict(orient="records"):
        record["period"] = str(record["period"])
        rows.append({k: _plain(v) for k, v in record.items()})
    return {"dyad": [a.upper(), b.upper()], "freq": freq.upper(), "rows": rows,
            "too_coarse": int(frame.attrs.get("too_coarse", 0))}


def top_actors(ask: Ask, filters: Filters, n: int = 10) -> dict[str, Any]:
    frame = ask.top_actors(n, **filters.as_dict())
    rows = []
    for record in frame.to_dict(orient="records"):
        rows.append({k: _plain(v) for k, v in record.items()})
    return {"actors": rows}


def roots() -> dict[str, Any]:
    """The CAMEO roots and QuadClasses with their readings (``data/ask/cameo_roots.tsv``)."""
    from .query import _names

    root_names, quad_names = _names()
    return {"roots": [{"code": code, "name": name} for code, name in sorted(root_names.items())],
            "quad_classes": [{"code": code, "name": name} for code, name in sorted(quad_names.items())]}


def _plain(value: Any) -> Any:
    """A pandas/numpy scalar as a JSON value (NaN as null)."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value
