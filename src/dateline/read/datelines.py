"""Wire datelines: ``TOKYO, June 1. /TASS/.``, ``MOSCOW, March 3 (Reuters) -``,
``KYIV, Ukraine (AP) —``, ``Dec 3 (Reuters) -``.

A dateline tells three things the rest of the story rarely repeats: where it was filed (the place,
title-cased), which agency filed it (``according to whom``) and the day of filing (month and day,
the year usually left out). The agencies and their markers are data
(``data/read/datelines.yaml``); this module only knows the shape

    PLACE[, REGION][,] [Month Day[, Year]][.] MARKER [- | -- | — | .]

at the start of one of the first lines of the story; PLACE may be missing where the month, the
day and the marker are there (a ``place`` of ``""``). A dateline without an agency marker
is accepted only with a month, a day and a dash (``TOKYO, June 1 -``) or with an em or en dash
(``KYIV, Ukraine —``, as newspapers print it), so an ordinary sentence that starts with a
capitalised word and a comma or a hyphen is not taken for one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

#: Only the head of a story can hold its dateline (after a headline, a deck and a byline).
HEAD_LINES = 12


@dataclass(frozen=True)
class Dateline:
    """A parsed dateline; ``start``/``end`` are character offsets of the whole dateline."""

    place: str
    region: str | None
    agency: str | None
    month: int | None
    day: int | None
    year: int | None
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "place": self.place,
            "region": self.region,
            "agency": self.agency,
            "month": self.month,
            "day": self.day,
            "year": self.year,
        }


@dataclass(frozen=True)
class DatelineData:
    """The validated contents of ``datelines.yaml``."""

    agency_by_marker: dict[str, str]
    months: dict[str, int]
    place_particles: frozenset[str]
    not_places: frozenset[str]


@lru_cache(maxsize=1)
def load_data() -> DatelineData:
    """Agencies and month spellings, loaded and checked once."""
    raw = yaml.safe_load(
        resources.files("dateline").joinpath("data/read/datelines.yaml").read_text("utf-8")
    )
    agency_by_marker: dict[str, str] = {}
    for entry in raw["agencies"]:
        name, markers = entry.get("name"), entry.get("markers")
        if not name or not markers:
            raise ValueError(f"datelines.yaml: agency entry without name or markers: {entry}")
        for marker in markers:
            if marker in agency_by_marker:
                raise ValueError(f"datelines.yaml: marker {marker!r} listed twice")
            agency_by_marker[marker] = name
    months = {str(k).lower(): int(v) for k, v in raw["months"].items()}
    if sorted(set(months.values())) != list(range(1, 13)):
        raise ValueError("datelines.yaml: months must cover 1..12")
    particles = frozenset(str(p).lower() for p in raw.get("place_particles", []))
    not_places = frozenset(str(p).upper() for p in raw.get("not_places", []))
    return DatelineData(agency_by_marker, months, particles, not_places)


def _marker_pattern(marker: str) -> str:
    # Agencies are inconsistent about spaces inside the marker: "( Reuters )", "/ TASS /".
    inner = marker.strip("()/")
    opener, closer = marker[0], marker[-1]
    spaced_inner = re.escape(inner).replace(r"\ ", r"\s+")
    return re.escape(opener) + r"\s*" + spaced_inner + r"\s*" + re.escape(closer)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The dateline with a place, and the placeless one."""
    data = load_data()
    markers = sorted(data.agency_by_marker, key=len, reverse=True)
    marker_alt = "|".join(f"(?:{_marker_pattern(m)})" for m in markers)
    month_alt = "|".join(sorted(data.months, key=len, reverse=True))
    # The place is written in capitals (TOKYO, ST. PETERSBURG, MAR DEL PLATA, N'DJAMENA);
    # the optional region is a country or state in ordinary case (Ukraine, Calif.).
    place = r"(?P<place>[A-Z][A-Z'’.\-]*(?:[ \t]+[A-Z][A-Z'’.\-]*){0,4})"
    # A region is never a month followed by a day ("MOSCOW, March 3"): that is the date.
    not_date = rf"(?!(?i:{month_alt})\.?\s+\d)"
    region = rf"(?:,[ \t]*{not_date}(?P<region>[A-Z][A-Za-z'’.\-]*(?:[ \t]+[A-Z][A-Za-z'’.\-]*){{0,3}}))?"
    date = (
        rf"(?:,?\s*(?P<month>(?i:{month_alt}))\.?\s+(?P<day>\d{{1,2}})(?!\d)"
        r"(?:\s*,\s*(?P<year>(?:1[89]|20)\d\d))?)?"
    )
    marker = rf"(?:\s*\.?\s*(?P<marker>{marker_alt}))?"
    dash = r"(?P<dash>\s*(?:-{1,2}|—|–|\.)(?=\s|[A-Z\"“]|$))?"
    # Reuters files stories gathered from several places with no place at all ("Dec 3 (Reuters) -").
    return (re.compile(rf"^{place}{region}{date}{marker}{dash}[ \t]*", re.MULTILINE),
            re.compile(rf"^(?P<place>)(?P<region>){date}{marker}{dash}[ \t]*", re.MULTILINE))


def _agency_for(marker_text: str) -> str | None:
    normalised = re.sub(r"\s+", "", marker_text)
    for marker, agency in load_data().agency_by_marker.items():
        if marker.replace(" ", "") == normalised:
            return agency
    # Case variants that the YAML does not spell out ("(reuters)") are not datelines.
    return None


def title_case_place(place: str) -> str:
    """``ST. PETERSBURG`` → ``St. Petersburg``; ``MAR DEL PLATA`` → ``Mar del Plata``."""
    particles = load_data().place_particles
    words = []
    for index, word in enumerate(place.split()):
        if index > 0 and word.lower() in particles:
            words.append(word.lower())
            continue
        parts = re.split(r"([\-'’])", word.lower())
        words.append("".join(p[:1].upper() + p[1:] if p not in "-'’" else p for p in parts))
    return " ".join(words)


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of one of the first lines of ``text``, or None."""
    offset = 0
    for line_number, line in enumerate(text.splitlines(keepends=True)):
        if line_number >= HEAD_LINES:
            break
        stripped = line.lstrip()
        lead = len(line) - len(stripped)
        for pattern in _patterns():
            match = pattern.match(stripped)
            dateline = _from_match(match, offset + lead) if match else None
            if dateline is not None:
                return dateline
        offset += len(line)
    return None


def _from_match(match: re.Match[str], base: int) -> Dateline | None:
    marker_text = match.group("marker")
    agency = _agency_for(marker_text) if marker_text else None
    month_text, day_text = match.group("month"), match.group("day")
    if marker_text is None:
        # Without an agency marker, demand the full "PLACE, Month Day -" shape, or a place and an
        # em or en dash, as newspapers and agencies' own sites print it ("KYIV, Ukraine — ").
        dash = (match.group("dash") or "").strip()
        dated = month_text and day_text and dash in {"-", "--", "—", "–"}
        place = match.group("place") or ""
        if not (dated or dash in {"—", "–"} and len(place) >= 3 and place not in load_data().not_places):
            return None
    elif agency is None:
        return None
    place = (match.group("place") or "").rstrip(".,")
    if not place and not (agency and month_text and day_text):
        return None  # a placeless dateline is a month, a day and an agency's marker
    if place and (len(place) < 2 or not any(c.isalpha() for c in place)):
        return None
    month = load_data().months.get(month_text.lower()) if month_text else None
    day = int(day_text) if day_text else None
    if day is not None and not 1 <= day <= 31:
        return None
    year = int(match.group("year")) if match.group("year") else None
    end = match.start() + len(match.group(0).rstrip())
    return Dateline(
        place=title_case_place(place),
        region=match.group("region") or None,
        agency=agency,
        month=month,
        day=day,
        year=year,
        start=base,
        end=base + (end - match.start()),
        text=match.group(0).strip(),
    )
