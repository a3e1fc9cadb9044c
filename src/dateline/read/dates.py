"""Publication dates: normalising metadata dates, and inferring a missing one from the text.

Where a story's date comes from, in order (the first that gives one wins):

1. **metadata** — a date field of the JSONL record, the HTML page or the feed item;
2. **option** — the date the user gave (``--date``);
3. **text** — inferred from the story itself, by the rule below;
4. otherwise **unknown**: ``published`` and ``published_from`` are None, and no later stage
   invents one.

The inference rule. A wire dateline gives the month and day (``TOKYO, June 1. /TASS/.``) but
rarely the year. The year is fixed by two more pieces of evidence in the text:

* a **weekday** said of the filing day in the dateline paragraph ("said on Saturday"), and
* the **latest year the text mentions as past or present** (the seed story mentions 2018 as past),
  counting only years used as times: after a month ("November 14, 2018") or a time word
  ("in 2018", "since 1991"), not names of things ("the 2020 Olympics").
  A year spoken of as future ("will double by 2030", "plans for 2025": a future word shortly
  before it, or "by"/"until" right before it) is no bound, since it may lie after publication
  (the words are data: ``data/read/dates.yaml``).

The publication year is the nearest year, not before that latest year, in which the dateline's
month and day fall on that weekday, provided it lies within ``max_years_after_latest_mention``
years. For the seed story: June 1, Saturday, latest past year 2018 → 2019-06-01.

Without a dateline month and day, a weekday, or a year mention there is not enough evidence: a
weekday alone repeats every few years, a year alone says nothing of the gap. Then the date is
left unknown. A dateline that states its year (``March 3, 2019``) needs no inference.
"""
from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .datelines import Dateline, load_data

WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(calendar.day_name) + r")\b")
# A year stands alone: not inside a number ("1,960", "12018"), a decimal or a date like 3/2018.
_YEAR_RE = re.compile(r"(?<![\d.\-/])(?<!\d,)(1[89]\d\d|20\d\d)(?!\d|,\d)")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n\s*\n")
_WORD_RE = re.compile(r"[A-Za-z']+")
#: A future word counts against a year only this close before it, in its own clause
#: ("will double by 2030", "the plan for 2025"), not anywhere in a long sentence.
FUTURE_WINDOW_WORDS = 6


@dataclass(frozen=True)
class DateEvidence:
    """The words that signal a future year, and how far past the latest year to look."""

    future_words: frozenset[str]
    future_prepositions: frozenset[str]
    time_words: frozenset[str]
    max_years_after: int


@lru_cache(maxsize=1)
def load_evidence() -> DateEvidence:
    """``data/read/dates.yaml``, loaded and checked once."""
    raw = yaml.safe_load(
        resources.files("dateline").joinpath("data/read/dates.yaml").read_text("utf-8")
    )
    words = frozenset(str(w).lower() for w in raw["future_words"])
    prepositions = frozenset(str(w).lower() for w in raw["future_prepositions"])
    time_words = frozenset(str(w).lower() for w in raw["time_words"])
    max_after = int(raw["max_years_after_latest_mention"])
    if not words or not prepositions or not time_words or not 0 < max_after <= 28:
        raise ValueError(
            "dates.yaml: future_words, future_prepositions, time_words and a max in 1..28 needed"
        )
    return DateEvidence(words, prepositions, time_words, max_after)


def normalise_date(value: object) -> str | None:
    """An ISO date (``2019-06-01``) from a metadata value, or None if it is not a date.

    Accepts ISO dates and datetimes (``2019-06-01T10:00:00Z``), RFC 2822 dates as feeds write
    them (``Sat, 01 Jun 2019 10:00:00 GMT``), ``time.struct_time`` and ``datetime`` objects.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        try:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
        except ValueError:
            return None
    text = str(value).strip()
    if not text:
        return None
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        try:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        except ValueError:
            return None
    compact = re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if compact:
        try:
            return dt.date(int(compact[1]), int(compact[2]), int(compact[3])).isoformat()
        except ValueError:
            return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed else None


def latest_past_year(text: str) -> int | None:
    """The latest year ``text`` mentions other than as a future year."""
    evidence = load_evidence()
    months = load_data().months
    latest: int | None = None
    for sentence in _SENTENCE_END_RE.split(text):
        years = list(_YEAR_RE.finditer(sentence))
        if not years:
            continue
        for match in years:
            before = [w.lower() for w in _WORD_RE.findall(sentence[: match.start()])]
            if before and before[-1] in evidence.future_prepositions:
                continue
            if set(before[-FUTURE_WINDOW_WORDS:]) & evidence.future_words:
                continue
            # Only a year used as a time ("in 2018", "November 14, 2018") dates an event; "the
            # 2020 Olympics" or "a 1956 declaration" may name something yet to come.
            if not before or (before[-1] not in evidence.time_words and before[-1] not in months):
                continue
            year = int(match.group(1))
            latest = year if latest is None else max(latest, year)
    return latest


def paragraph_at(text: str, offset: int) -> str:
    """The paragraph (block of lines between blank lines) holding ``offset``."""
    start = text.rfind("\n\n", 0, offset)
    end = text.find("\n\n", offset)
    return text[start + 2 if start >= 0 else 0 : end if end >= 0 else len(text)]


def dateline_weekday(text: str, dateline: Dateline) -> int | None:
    """The weekday (0 = Monday) named first in the dateline's paragraph, after the dateline."""
    paragraph_start = text.rfind("\n\n", 0, dateline.start)
    paragraph_start = paragraph_start + 2 if paragraph_start >= 0 else 0
    paragraph = paragraph_at(text, dateline.start)
    after = paragraph[dateline.end - paragraph_start :]
    match = _WEEKDAY_RE.search(after)
    return WEEKDAYS[match.group(1).lower()] if match else None


def infer_published(text: str, dateline: Dateline | None) -> str | None:
    """The publication date implied by the text (see the module docstring), or None."""
    if dateline is None or dateline.month is None or dateline.day is None:
        return None
    if dateline.year is not None:
        try:
            return dt.date(dateline.year, dateline.month, dateline.day).isoformat()
        except ValueError:
            return None
    weekday = dateline_weekday(text, dateline)
    floor = latest_past_year(text)
    if weekday is None or floor is None:
        return None
    for year in range(floor, floor + load_evidence().max_years_after + 1):
        try:
            candidate = dt.date(year, dateline.month, dateline.day)
        except ValueError:  # 29 February outside a leap year
            continue
        if candidate.weekday() == weekday:
            return candidate.isoformat()
    return None


def choose_published(
    metadata: object, option: str | None, text: str, dateline: Dateline | None
) -> tuple[str | None, str | None]:
    """``(published, published_from)`` by the order metadata → option → text → unknown."""
    from_metadata = normalise_date(metadata)
    if from_metadata:
        return from_metadata, "metadata"
    from_option = normalise_date(option)
    if from_option:
        return from_option, "option"
    inferred = infer_published(text, dateline)
    if inferred:
        return inferred, "text"
    return None, None
