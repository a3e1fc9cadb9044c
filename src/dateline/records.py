"""The records every stage reads and writes, and their JSON form.

Stages never pass spaCy objects to each other's callers: they exchange these plain dataclasses,
so the store, the CLI and the API see one shape whatever produced it. Character offsets are
into ``Article.text``.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

#: The modality of an event, in the order of the README's event record.
MODALITIES: tuple[str, ...] = ("asserted", "planned", "possible", "conditional", "negated")


@dataclass
class Article:
    """One news story, whatever it was read from.

    ``published`` is an ISO date (``2019-06-01``) or None when unknown; ``published_from`` says
    where it came from (``metadata``, ``option``, ``text`` for an inferred date), so nothing
    downstream mistakes a guess for a fact. ``origin`` names the file (and line or item) the
    article was read from, for error messages and provenance.
    """

    id: str
    text: str
    title: str = ""
    published: str | None = None
    published_from: str | None = None
    source: str | None = None
    dateline_place: str | None = None
    url: str | None = None
    language: str | None = None
    origin: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """A hash of what the story says: the same story read twice hashes the same."""
        return content_hash(self.title, self.text)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def content_hash(title: str, text: str) -> str:
    normalised = " ".join((title or "").split()) + "\n" + " ".join((text or "").split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass
class Actor:
    """A political actor mentioned in the text, resolved as far as the knowledge base allows.

    ``country`` is ISO 3166-1 alpha-3 (``SUN`` for the Soviet Union); ``org`` the common acronym
    of an international organisation (``UN``, ``EU``, ``NATO``); ``code`` a CAMEO-style code such
    as ``JPNGOV``. ``rule`` names the resolution step that fired, so a user can see why.
    """

    text: str
    name: str | None = None
    code: str | None = None
    country: str | None = None
    org: str | None = None
    sector: str | None = None
    entity_id: str | None = None
    start: int = 0
    end: int = 0
    rule: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The public form inside an event record."""
        return {
            "text": self.text,
            "name": self.name,
            "code": self.code,
            "country": self.country,
            "org": self.org,
            "sector": self.sector,
        }


@dataclass
class Timex:
    """A temporal expression, TIMEX3-style, normalised against an anchor date.

    ``value`` follows TimeML (``2019-06-01``, ``2019-06``, ``1956``, ``19``, ``P1M``,
    ``PRESENT_REF``, ``XXXX-06-01`` when it needs an anchor that was not there).
    """

    start: int
    end: int
    text: str
    type: str = "DATE"
    value: str | None = None
    mod: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Place:
    """A place mention resolved against the gazetteer."""

    start: int
    end: int
    text: str
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    id: str | None = None
    feature: str | None = None

    def to_location(self) -> dict[str, Any]:
        """The public ``location`` form inside an event record."""
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass
class Event:
    """One coded event: who did what to whom, when, where, how certainly, according to whom.

    ``span`` is the character span of the evidence sentence in the article text; ``mentions``
    holds further evidence spans when a headline and the lead state the same event.
    """

    article_id: str
    cameo: str
    source: Actor | None
    target: Actor | None
    sentence: str
    span: tuple[int, int]
    root: str = ""
    quad_class: int | None = None
    goldstein: float | None = None
    plover: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_from: str | None = None
    modality: str = "asserted"
    attribution: list[str] = field(default_factory=list)
    location: Place | None = None
    trigger: str | None = None
    symmetric: bool = False
    mentions: list[tuple[int, int]] = field(default_factory=list)
    event_id: str = ""

    def __post_init__(self) -> None:
        if not self.root and self.cameo:
            self.root = self.cameo[:2]
        if not self.event_id:
            self.event_id = self.make_id()

    def make_id(self) -> str:
        """Stable across runs: the same article, code, actors and evidence give the same id."""
        key = "|".join(
            [
                self.article_id,
                self.cameo,
                (self.source.code or self.source.text) if self.source else "",
                (self.target.code or self.target.text) if self.target else "",
                f"{self.span[0]}:{self.span[1]}",
                self.trigger or "",
            ]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        """The public JSONL event record (documented in the README; keep it stable)."""
        return {
            "article_id": self.article_id,
            "event_id": self.event_id,
            "cameo": self.cameo,
            "root": self.root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": self.plover,
            "source": self.source.to_json() if self.source else None,
            "target": self.target.to_json() if self.target else None,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_from": self.date_from,
            "modality": self.modality,
            "attribution": list(self.attribution),
            "location": self.location.to_location() if self.location else None,
            "sentence": self.sentence,
            "span": list(self.span),
        }


EVENT_FIELDS: tuple[str, ...] = (
    "article_id",
    "event_id",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "plover",
    "source",
    "target",
    "date",
    "date_precision",
    "date_from",
    "modality",
    "attribution",
    "location",
    "sentence",
    "span",
)


# -- the event record as columns ----------------------------------------------------------------
#
# The JSONL record nests actors, location and span; a table cannot. The flat form below is the
# ONE definition of the record's columns: the SQLite and PostgreSQL ``events`` tables
# (``store.py``), the cluster columns copied from a representative (``ask/dedupe.py``), the
# mentions export, the Parquet datasets of ``dateline batch`` and the bulk load
# (``dateline load``) are all generated from it, so a new field is added here and nowhere else.


@dataclass(frozen=True)
class Column:
    """One column of a stored record: its name, its type (``text``, ``int``, ``real``) and meaning."""

    name: str
    type: str
    doc: str


ACTOR_FIELDS: tuple[str, ...] = ("text", "name", "code", "country", "org", "sector")
_ACTOR_DOCS = {
    "text": "the words of the mention", "name": "the resolved name",
    "code": "CAMEO-style actor code (JPNGOV)", "country": "ISO 3166-1 alpha-3",
    "org": "acronym of an international organisation", "sector": "GOV, MIL, ...",
}


def _actor_columns(side: str) -> tuple[Column, ...]:
    return tuple(Column(f"{side}_{f}", "text", f"{side}: {_ACTOR_DOCS[f]}") for f in ACTOR_FIELDS)


#: The event record, flat: one column per leaf of ``Event.to_json`` plus ``symmetric``.
EVENT_COLUMNS: tuple[Column, ...] = (
    Column("event_id", "text", "stable id of the event (same input, same id)"),
    Column("article_id", "text", "the article the event was found in"),
    Column("cameo", "text", "CAMEO event code, e.g. 036"),
    Column("root", "text", "CAMEO root code, e.g. 03"),
    Column("quad_class", "int", "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"),
    Column("goldstein", "real", "Goldstein intensity, -10 to +10"),
    Column("plover", "text", "PLOVER event type"),
    *_actor_columns("source"),
    *_actor_columns("target"),
    Column("date", "text", "ISO 8601 at the precision the text supports"),
    Column("date_precision", "text", "day, month, year, decade or century"),
    Column("date_from", "text", "text or article"),
    Column("modality", "text", "asserted, planned, possible, conditional or negated"),
    Column("attribution", "text", "who reports it: a JSON list of strings"),
    Column("location_name", "text", "event location: name"),
    Column("location_country", "text", "event location: ISO 3166-1 alpha-3"),
    Column("lat", "real", "event location: latitude"),
    Column("lon", "real", "event location: longitude"),
    Column("sentence", "text", "the evidence sentence"),
    Column("span_start", "int", "start offset of the sentence in the article text"),
    Column("span_end", "int", "end offset of the sentence in the article text"),
    Column("symmetric", "int", "1 when the event has no direction (a meeting), else 0"),
)
EVENT_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in EVENT_COLUMNS)
#: Event columns a deduplicated event (a cluster) copies from its representative report: all
#: but the per-story evidence (who said it, where in the story).
CLUSTER_EVENT_COLUMNS: tuple[str, ...] = tuple(
    c for c in EVENT_COLUMN_NAMES if c not in ("attribution", "span_start", "span_end")
)

#: A stored article (``metadata`` fields of ``Article`` plus what ingest decided).
ARTICLE_COLUMNS: tuple[Column, ...] = (
    Column("id", "text", "article id"),
    Column("content_hash", "text", "SHA-256 of the normalised title and text (same story, same hash)"),
    Column("title", "text", "headline"),
    Column("text", "text", "the story"),
    Column("published", "text", "publication date, ISO"),
    Column("published_from", "text", "metadata, option or text (inferred)"),
    Column("source", "text", "the outlet"),
    Column("dateline_place", "text", "place of the dateline"),
    Column("url", "text", "where it was read from"),
    Column("language", "text", "ISO 639-1"),
    Column("origin", "text", "file (and line) it was read from"),
    Column("extra", "text", "other input fields, a JSON object"),
    Column("coded", "int", "1 if events were coded (0: not English, or skipped)"),
    Column("skipped_reason", "text", "why it was not coded"),
)
ARTICLE_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in ARTICLE_COLUMNS)

#: One evidence span of an event (the sentence, and a headline restating it).
MENTION_COLUMNS: tuple[Column, ...] = (
    Column("event_id", "text", "the event"),
    Column("article_id", "text", "the article"),
    Column("start", "int", "start offset in the article text"),
    Column("end", "int", "end offset in the article text"),
    Column("sentence", "text", "unused (null): the text is the article's between the offsets"),
)
MENTION_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in MENTION_COLUMNS)


def event_row(event: Event) -> dict[str, Any]:
    """An event as one flat row of ``EVENT_COLUMNS`` (the stored and Parquet form)."""
    row: dict[str, Any] = {
        "event_id": event.event_id, "article_id": event.article_id, "cameo": event.cameo,
        "root": event.root, "quad_class": event.quad_class, "goldstein": event.goldstein,
        "plover": event.plover,
    }
    for side, actor in (("source", event.source), ("target", event.target)):
        data = actor.to_json() if actor else {}
        row.update({f"{side}_{f}": data.get(f) for f in ACTOR_FIELDS})
    loc = event.location
    row.update({
        "date": event.date, "date_precision": event.date_precision, "date_from": event.date_from,
        "modality": event.modality, "attribution": json.dumps(event.attribution, ensure_ascii=False),
        "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "sentence": event.sentence, "span_start": event.span[0], "span_end": event.span[1],
        "symmetric": int(event.symmetric),
    })
    return row


def mention_rows(event: Event) -> list[dict[str, Any]]:
    """The evidence spans of an event as rows of ``MENTION_COLUMNS`` (sentence span first)."""
    spans = [tuple(event.span), *[tuple(m) for m in event.mentions]]
    return [{"event_id": event.event_id, "article_id": event.article_id, "start": s, "end": e,
             "sentence": None} for s, e in spans]


def article_row(article: Article, coded: bool, skipped_reason: str | None) -> dict[str, Any]:
    """An article as one row of ``ARTICLE_COLUMNS``."""
    return {
        "id": article.id, "content_hash": article.content_hash, "title": article.title,
        "text": article.text, "published": article.published,
        "published_from": article.published_from, "source": article.source,
        "dateline_place": article.dateline_place, "url": article.url,
        "language": article.language, "origin": article.origin,
        "extra": json.dumps(article.extra, ensure_ascii=False, default=str),
        "coded": int(coded), "skipped_reason": skipped_reason,
    }


def event_json_from_row(row: Any) -> dict[str, Any]:
    """A flat event row (stored, or read from Parquet) in the public JSONL form of ``Event.to_json``."""

    def actor(prefix: str) -> dict[str, Any] | None:
        data = {f: row[f"{prefix}_{f}"] for f in ACTOR_FIELDS}
        return data if any(v is not None for v in data.values()) else None

    location = None
    if row["location_name"] is not None:
        location = {"name": row["location_name"], "country": row["location_country"],
                    "lat": row["lat"], "lon": row["lon"]}
    record = {name: row[name] for name in EVENT_FIELDS if name in EVENT_COLUMN_NAMES}
    record.update({
        "source": actor("source"), "target": actor("target"),
        "attribution": json.loads(row["attribution"] or "[]"), "location": location,
        "span": [row["span_start"], row["span_end"]],
    })
    return {name: record[name] for name in EVENT_FIELDS}
