"""The tagger's vocabulary, read once from ``data/time_words.yaml`` and checked.

Keeping the words in data lets a reader see (and extend) what the tagger knows without reading
regular expressions; this module validates the file and turns each list into a regex fragment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..errors import DatelineError

DATA_FILE = "time_words.yaml"
DATA_PATH = Path(__file__).resolve().parents[1] / "data" / DATA_FILE
REQUIRED = (
    "months", "weekdays", "seasons", "day_parts", "number_words", "vague_numbers", "ordinals",
    "decade_words", "units", "plural_units", "set_adverbs", "references", "part_modifiers",
    "quantity_modifiers", "holidays", "floating_holidays", "season_events",
)
MODS = {"START", "MID", "END", "APPROX", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS",
        "EQUAL_OR_MORE", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"}


@dataclass(frozen=True)
class Unit:
    """A time unit: its TimeML duration code, whether it follows the ``T``, and a multiplier."""

    code: str
    time: bool
    multiplier: int = 1


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    day_parts: dict[str, str]
    number_words: dict[str, float]
    vague_numbers: tuple[str, ...]
    ordinals: dict[str, int]
    decade_words: dict[str, int]
    units: dict[str, Unit]
    plural_units: dict[str, str]
    set_adverbs: dict[str, str]
    references: dict[str, str]
    part_modifiers: dict[str, str]
    quantity_modifiers: dict[str, str]
    holidays: dict[str, tuple[int, int]]
    floating_holidays: dict[str, tuple[int, int, int, int]]
    season_events: frozenset[str]

    def unit(self, word: str) -> tuple[str, Unit] | None:
        """The singular unit name and its description for ``word`` (plural or singular)."""
        word = word.lower().rstrip(".")
        if word in self.plural_units:
            word = self.plural_units[word]
        elif word not in self.units and word.endswith("s"):
            word = word[:-1]
        found = self.units.get(word)
        return (word, found) if found else None


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that the longest word wins."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _check_mapping(raw: dict[str, Any], key: str, value_type: type | tuple[type, ...]) -> dict:
    table = raw.get(key)
    if not isinstance(table, dict) or not table:
        raise DatelineError(f"{DATA_FILE}: '{key}' must be a non-empty mapping")
    for word, value in table.items():
        if not isinstance(word, str) or word != word.lower():
            raise DatelineError(f"{DATA_FILE}: '{key}' key {word!r} must be a lower-case string")
        if not isinstance(value, value_type):
            raise DatelineError(f"{DATA_FILE}: '{key}.{word}' has a value of the wrong kind")
    return table


def parse(raw: Any) -> Lexicon:
    """Validate the loaded YAML and build the lexicon; errors name the file and the key."""
    if not isinstance(raw, dict):
        raise DatelineError(f"{DATA_FILE}: top level must be a mapping")
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise DatelineError(f"{DATA_FILE}: missing sections {', '.join(missing)}")
    months = _check_mapping(raw, "months", int)
    weekdays = _check_mapping(raw, "weekdays", int)
    if not all(1 <= m <= 12 for m in months.values()):
        raise DatelineError(f"{DATA_FILE}: month numbers must be 1-12")
    if not all(1 <= d <= 7 for d in weekdays.values()):
        raise DatelineError(f"{DATA_FILE}: weekday numbers must be 1-7")
    for key in ("part_modifiers", "quantity_modifiers"):
        bad = set(_check_mapping(raw, key, str).values()) - MODS
        if bad:
            raise DatelineError(f"{DATA_FILE}: '{key}' uses unknown mods {sorted(bad)}")
    units = {}
    for name, spec in _check_mapping(raw, "units", dict).items():
        if not isinstance(spec.get("code"), str):
            raise DatelineError(f"{DATA_FILE}: 'units.{name}' needs a code")
        units[name] = Unit(spec["code"], bool(spec.get("time")), int(spec.get("multiplier", 1)))
    holidays = {}
    for name, mmdd in _check_mapping(raw, "holidays", str).items():
        match = re.fullmatch(r"(\d\d)-(\d\d)", mmdd)
        if not match:
            raise DatelineError(f"{DATA_FILE}: 'holidays.{name}' must be MM-DD")
        holidays[name] = (int(match[1]), int(match[2]))
    floating = {}
    for name, spec in _check_mapping(raw, "floating_holidays", dict).items():
        try:
            rule = (int(spec["month"]), int(spec["weekday"]), int(spec["nth"]), int(spec.get("from", 1)))
        except (KeyError, TypeError, ValueError) as exc:
            raise DatelineError(f"{DATA_FILE}: 'floating_holidays.{name}' needs month, weekday, nth") from exc
        if not (1 <= rule[0] <= 12 and 1 <= rule[1] <= 7 and rule[2] in (-1, 1, 2, 3, 4, 5)):
            raise DatelineError(f"{DATA_FILE}: 'floating_holidays.{name}' is out of range")
        floating[name] = rule
    vague, events = _check_words(raw, "vague_numbers"), _check_words(raw, "season_events")
    return Lexicon(
        months=months,
        weekdays=weekdays,
        seasons=_check_mapping(raw, "seasons", str),
        day_parts=_check_mapping(raw, "day_parts", str),
        number_words={k: float(v) for k, v in _check_mapping(raw, "number_words", (int, float)).items()},
        vague_numbers=tuple(vague),
        ordinals=_check_mapping(raw, "ordinals", int),
        decade_words=_check_mapping(raw, "decade_words", int),
        units=units,
        plural_units=_check_mapping(raw, "plural_units", str),
        set_adverbs=_check_mapping(raw, "set_adverbs", str),
        references=_check_mapping(raw, "references", str),
        part_modifiers=_check_mapping(raw, "part_modifiers", str),
        quantity_modifiers=_check_mapping(raw, "quantity_modifiers", str),
        holidays=holidays,
        floating_holidays=floating,
        season_events=frozenset(events),
    )


def _check_words(raw: dict, key: str) -> list[str]:
    words = raw.get(key)
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise DatelineError(f"{DATA_FILE}: '{key}' must be a list of strings")
    return words


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The packaged lexicon, read and validated once per process."""
    text = DATA_PATH.read_text(encoding="utf-8")
    return parse(yaml.safe_load(text))
