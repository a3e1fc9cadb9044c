"""The one definition of the event filters: the CLI, the Python API, exports and the web API.

Before this module, ``store.event_filters`` (per-story records) and ``query.cluster_filters``
(deduplicated events) each wrote their own SQL, and ``events --actor`` and ``timeline --actor``
could disagree. Now both tables are filtered by :meth:`Filters.where`, from one reading:

``actor``
    matches a side whose identity is that code — its country, else its organisation, else its
    actor code (the key deduplication groups by, ``dedupe.actor_key``) — or, for a code longer
    than three letters (``JPNGOV``, ``NATO``), a side whose full actor code it is. Either side.
``dyad``
    two actors, in either direction, each matched as ``actor`` is.
``root``, ``quad_class``, ``modality``
    equal to the CAMEO root (``4`` and ``04`` alike), QuadClass (1-4), modality.
``since``, ``until``
    ISO prefixes, both inclusive: ``until="2019"`` keeps 2019-12-31, ``since="2019-06"`` keeps
    June on. A year-level date ("2019") sorts before any day of that year.
``place``
    the event location's name (case-insensitive) or country code.
``text``
    words in an evidence sentence (``%`` and ``_`` are literal).

A deduplicated event (a row of ``clusters``) matches ``text`` or a long actor code when *any*
of its reports does, so the clusters a filter keeps are exactly the clusters of the per-story
records it keeps (``tests/test_filters.py`` checks this). ``modality`` and ``place`` read the
cluster's own values (its most certain modality and first known place).

Values are validated here, once, so a bad date or root is the same clear error in the CLI
and a 400 in the web API; every value reaches SQL as a parameter.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any, Mapping

from .errors import DatelineError
from .records import MODALITIES

#: The filter names, in the order the CLI and the API list them.
NAMES: tuple[str, ...] = (
    "actor", "dyad", "root", "quad_class", "since", "until", "place", "modality", "text",
)
_CODE = re.compile(r"^[A-Z0-9_]*[A-Z][A-Z0-9_]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_TEXT = 200

# The identity of one side of a per-story record, as ``dedupe.actor_key`` computes it for
# ``clusters.source_key`` (the name fallback is lower-cased there, so no code can equal it).
_KEY_SQL = ("coalesce(nullif(upper({side}_country), ''), nullif(upper({side}_org), ''),"
            " nullif(upper({side}_code), ''))")
_MEMBERS = ("EXISTS (SELECT 1 FROM cluster_members fm JOIN events fe ON fe.event_id = fm.event_id"
            " WHERE fm.cluster_id = clusters.cluster_id AND {condition})")


class FilterError(DatelineError):
    """A filter value that cannot be used: names the filter and what it accepts."""


@dataclass(frozen=True)
class Filters:
    """Validated event filters; ``Filters.parse(**values)`` builds one from user input."""

    actor: str | None = None
    dyad: tuple[str, str] | None = None
    root: str | None = None
    quad_class: int | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    modality: str | None = None
    text: str | None = None

    @classmethod
    def parse(cls, **values: Any) -> "Filters":
        """Check and normalise each value; unknown names and bad values raise FilterError."""
        unknown = sorted(k for k in values if k not in NAMES)
        if unknown:
            raise FilterError(f"unknown filter {unknown[0]!r}: use {', '.join(NAMES)}")
        v = {k: values.get(k) for k in NAMES}
        v = {k: (None if x is None or x == "" or x == () else x) for k, x in v.items()}
        return cls(
            actor=_code("actor", v["actor"]) if v["actor"] is not None else None,
            dyad=_dyad(v["dyad"]) if v["dyad"] is not None else None,
            root=_root(v["root"]) if v["root"] is not None else None,
            quad_class=_quad(v["quad_class"]) if v["quad_class"] is not None else None,
            since=_date("since", v["since"]) if v["since"] is not None else None,
            until=_date("until", v["until"]) if v["until"] is not None else None,
            place=_bounded("place", v["place"], 100) if v["place"] is not None else None,
            modality=_modality(v["modality"]) if v["modality"] is not None else None,
            # words searched for are taken as given: " % " is not "%"
            text=_bounded("text", v["text"], MAX_TEXT, strip=False) if v["text"] is not None else None,
        )

    def as_dict(self) -> dict[str, Any]:
        """The filters that are set, as keyword arguments (``Ask.timeline(**f.as_dict())``)."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    def where(self, table: str) -> tuple[list[str], list[Any]]:
        """SQL conditions and parameters over ``events`` or ``clusters`` (unaliased).

        The clusters form is written so SQLite answers an actor or dyad from an index range.
        """
        if table not in ("events", "clusters"):
            raise ValueError(f"filters apply to events or clusters, not {table!r}")
        clusters = table == "clusters"
        where: list[str] = []
        params: list[Any] = []

        def side(prefix: str, code: str, by_key: bool = False) -> str:
            """One side matches ``code``: by identity key, or by a long actor code."""
            if by_key:
                params.append(code)
                return f"{prefix}_key = ?"
            params.append(code)
            condition = f"{_KEY_SQL.format(side=prefix)} = ?"
            if len(code) > 3:
                params.append(code)
                condition = f"({condition} OR {prefix}_code = ?)"
            return condition

        def either(a: str, b: str | None, prefix: str = "", by_key: bool = False) -> str:
            """``a`` on either side (an actor), or ``a`` and ``b`` in either direction (a dyad)."""
            s, t = f"{prefix}source", f"{prefix}target"
            if b is None:
                return f"({side(s, a, by_key)} OR {side(t, a, by_key)})"
            return (f"(({side(s, a, by_key)} AND {side(t, b, by_key)})"
                    f" OR ({side(s, b, by_key)} AND {side(t, a, by_key)}))")

        for codes in ((self.actor, None) if self.actor else None, self.dyad):
            if not codes:
                continue
            a, b = codes
            if not clusters:
                where.append(either(a, b))
            elif max(len(a), len(b or "")) <= 3:
                where.append(either(a, b, by_key=True))
            else:
                # Reports of one cluster share their identity keys but not their actor codes:
                # a long code matches when any report has it.
                by_key = either(a, b, by_key=True)
                member = _MEMBERS.format(condition=either(a, b, prefix="fe."))
                where.append(f"({by_key} OR {member})")
        if self.root:
            where.append("root = ?")
            params.append(self.root)
        if self.quad_class:
            where.append("quad_class = ?")
            params.append(self.quad_class)
        if self.since:
            where.append("date >= ?")
            params.append(self.since)
        if self.until:
            # A prefix bound that still uses the date index: "~" sorts after every character
            # of an ISO date, so "2019~" is above every 2019 date at any precision.
            where.append("date <= ?")
            params.append(self.until + "~")
        if self.place:
            where.append("(location_name LIKE ? ESCAPE '\\' OR location_country = ?)")
            params.extend([_like_literal(self.place), self.place.upper()])
        if self.modality:
            where.append("modality = ?")
            params.append(self.modality)
        if self.text:
            pattern = f"%{_like_literal(self.text)}%"
            if clusters:
                member = _MEMBERS.format(condition="fe.sentence LIKE ? ESCAPE '\\'")
                where.append(f"(sentence LIKE ? ESCAPE '\\' OR {member})")
                params.extend([pattern, pattern])
            else:
                where.append("sentence LIKE ? ESCAPE '\\'")
                params.append(pattern)
        return where, params


def parse(values: Mapping[str, Any] | None = None, **more: Any) -> Filters:
    """``Filters.parse`` over a mapping (CLI options, query parameters) and keywords."""
    return Filters.parse(**{**dict(values or {}), **more})


def _like_literal(text: str) -> str:
    """``text`` as a LIKE pattern that matches itself: ``%`` and ``_`` are characters. SQLite
    ends a pattern at a NUL (so ``"\\0"`` would match everything): a filter holding one is refused."""
    if "\0" in text:
        raise FilterError(f"a filter cannot hold a NUL character: {text!r}")
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _code(name: str, value: Any) -> str:
    code = str(value).strip().upper()
    if not _CODE.match(code) or len(code) > 32:
        raise FilterError(
            f"{name}: {value!r} is not an actor code (a country code such as JPN, an"
            " organisation such as NATO, or an actor code such as JPNGOV)"
        )
    return code


def _dyad(value: Any) -> tuple[str, str]:
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    parts = list(value)
    if len(parts) != 2:
        raise FilterError(f"dyad: give two actor codes (e.g. JPN RUS), not {value!r}")
    return _code("dyad", parts[0]), _code("dyad", parts[1])


def _root(value: Any) -> str:
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 20:
        raise FilterError(f"root: {value!r} is not a CAMEO root code (01 to 20)")
    return f"{int(text):02d}"


def _quad(value: Any) -> int:
    text = str(value).strip()
    if text not in ("1", "2", "3", "4"):
        raise FilterError(
            f"quad_class: {value!r} is not a QuadClass (1 verbal cooperation, 2 material"
            " cooperation, 3 verbal conflict, 4 material conflict)"
        )
    return int(text)


def _date(name: str, value: Any) -> str:
    text = str(value).strip()
    if _DATE.match(text):
        parts = [int(p) for p in text.split("-")]
        try:
            dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
            return text
        except ValueError:
            pass
    raise FilterError(f"{name}: {value!r} is not an ISO date or prefix (2019, 2019-06 or 2019-06-01)")


def _modality(value: Any) -> str:
    text = str(value).strip().lower()
    if text not in MODALITIES:
        raise FilterError(f"modality: {value!r} is not one of {', '.join(MODALITIES)}")
    return text


def _bounded(name: str, value: Any, limit: int, strip: bool = True) -> str:
    text = str(value).strip() if strip else str(value)
    if len(text) > limit:
        raise FilterError(f"{name}: at most {limit} characters")
    return text
