"""The records every stage reads and writes, and their JSON form.

Stages never pass spaCy objects to each other's callers: they exchange these plain dataclasses,
so the store, the CLI and the API see one shape whatever produced it. Character offsets are
into ``Article.text``.
"""
from __future__ import annotations

import dataclasses
import hashlib
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
