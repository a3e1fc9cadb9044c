"""From a matched pattern to a TimeML type, value and mod, against the right anchor.

Deictic expressions ("yesterday", "last year", "two years ago") are anchored on the document
creation time (DCT) in news, and on the narrative's reference time in histories; anaphoric
ones ("a year later", "the following day", "that year") always on the reference time, which
is the last date the text itself fixed. Without any anchor the value keeps ``X`` placeholders
(``XXXX-06-01``) so a reader can see what is missing. Nothing here raises on odd input: an
impossible date gives None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .lexicon import Lexicon
from .syntax import Tense
from .values import FINENESS, Point, make_day, shift, start_of

Groups = dict[str, str | None]


@dataclass
class Reading:
    """One normalised expression; ``point`` is kept to become the next reference time."""

    type: str
    value: str | None
    mod: str | None = None
    point: Point | None = None


@dataclass
class Context:
    """What normalisation needs besides the words: anchors, genre and the clause's tense."""

    lexicon: Lexicon
    dct: Point | None
    narrative: bool = False
    reference: Point | None = None
    reference_sentence: int = -1
    left_behind: Point | None = None  # in a history, the time a flash-forward jumped away from
    sentence: int = 0
    tense: Tense = "unknown"
    previous_word: str = ""
    previous_tag: str = ""
    before: str = ""  # the text just before the expression, lower case
    pluperfect: bool = False
    modal: bool = False
    next_word: str = ""
    next_tag: str = ""
    explicit_year: int | None = None
    explicit_year_sentence: int = -1
    earlier: list[Reading] = field(default_factory=list)  # this sentence's expressions so far

    @property
    def deictic_anchor(self) -> Point | None:
        """What "today", "last year" and "ago" count from."""
        if self.narrative and self.reference is not None:
            return self.reference
        return self.dct or self.reference

    @property
    def anaphoric_anchor(self) -> Point | None:
        """What "later", "the following day" and "that year" count from."""
        return self.reference or self.dct

    def anchor_for(self, unit: str) -> Point | None:
        """The anaphoric anchor for counting days or weeks; in news a year named in passing
        ("a majority elected in 2005, a day earlier vowed") cannot anchor them, the story's day does."""
        anchor = self.anaphoric_anchor
        if (not self.narrative and self.dct is not None and anchor is not None
                and anchor.granularity in ("year", "decade", "century") and unit in ("day", "night", "week", "weekend")):
            return self.dct
        return anchor


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").lower()).strip()


def _num(text: str | None, lex: Lexicon) -> float | None:
    """The number a count word stands for; None when the text leaves it vague ("several")."""
    if text is None:
        return 1.0
    word = re.sub(r"\s+", " ", text.lower().strip())
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", word):
        word = word.replace(",", "")  # "1,460 years"
    if word in lex.vague_numbers:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", word):
        return float(word)
    if word.endswith(" and a half"):
        whole = _num(word[: -len(" and a half")], lex)
        return None if whole is None else whole + 0.5
    fraction = re.fullmatch(r"(\d+)[\s-]+1/2", word)
    if fraction:
        return int(fraction.group(1)) + 0.5
    if word in lex.number_words:
        return lex.number_words[word]
    parts = re.split(r"[\s-]", word)
    if len(parts) == 2 and parts[1] in ("hundred", "thousand") and parts[0] in lex.number_words:
        return lex.number_words[parts[0]] * (100 if parts[1] == "hundred" else 1000)  # "six hundred years"
    if len(parts) == 2 and all(p in lex.number_words for p in parts):
        return lex.number_words[parts[0]] + lex.number_words[parts[1]]
    return None


def _fmt_num(value: float | None) -> str:
    if value is None:
        return "X"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _unit(lex: Lexicon, word: str | None):
    if not word:
        return None
    return lex.unit(re.sub(r"\s+", " ", word.lower()).replace("fiscal ", ""))


def duration_value(lex: Lexicon, count: float | None, unit_word: str) -> str | None:
    """``P3Y``, ``PT2H``, ``PXD`` for a count of units (None for an unknown unit)."""
    found = _unit(lex, unit_word)
    if found is None:
        return None
    _, unit = found
    number = None if count is None else count * unit.multiplier
    if number is not None and not float(number).is_integer() and (unit.code, unit.time) in FRACTION_UNITS:
        # "2 1/2 years" is P2Y6M, "5 1/2 hours" PT5H30M: the remainder in the next unit down.
        smaller, factor, smaller_time = FRACTION_UNITS[(unit.code, unit.time)]
        whole, rest = int(number), (number - int(number)) * factor
        if float(rest).is_integer():
            head = f"{whole}{unit.code}" if whole else ""
            time_mark = "T" if unit.time or smaller_time else ""
            if unit.time:
                return f"PT{head}{int(rest)}{smaller}"
            return f"P{head}{time_mark}{int(rest)}{smaller}"
    return f"P{'T' if unit.time else ''}{_fmt_num(number)}{unit.code}"


FRACTION_UNITS = {("Y", False): ("M", 12, False), ("M", False): ("D", 30, False),
                  ("W", False): ("D", 7, False), ("D", False): ("H", 24, True),
                  ("H", True): ("M", 60, True), ("M", True): ("S", 60, True)}


def _mod(lex: Lexicon, groups: Groups) -> str | None:
    for key, table in (("part", lex.part_modifiers), ("part2", lex.part_modifiers),
                       ("qmod", lex.quantity_modifiers)):
        word = groups.get(key)
        if word:
            found = table.get(re.sub(r"\s+", " ", word.lower()))
            if found:
                return found
    return None


def _month(lex: Lexicon, groups: Groups) -> int | None:
    if groups.get("nmonth"):
        return int(groups["nmonth"])
    word = groups.get("month")
    return lex.months.get(word.lower().rstrip(".")) if word else None


def _year(groups: Groups) -> int | None:
    """The year written in the expression, with its era (``490 BC`` is -490)."""
    text = groups.get("year") or groups.get("byear") or groups.get("ayear") or groups.get("qyear")
    if not text:
        return None
    year = int(text)
    if len(text) == 2:
        year += 1900 if year > 30 else 2000
    era = (groups.get("era") or "").upper().replace(".", "")
    if era in ("BC", "BCE"):
        year = -year
    return year


def _unknown_year_value(point: Point) -> str:
    return "XXXX" + point.value()[4:]


DEADLINE_WORDS = {"until", "through", "till", "by", "before", "effective"}


def resolve_year(ctx: Context, month: int, day: int | None) -> int | None:
    """The year of a month (and day) written without one.

    A year written earlier in the same sentence wins; histories keep the narrative's year;
    news takes the DCT's year, moved back for a past-tense clause about a later date and
    forward for a future-tense clause about an earlier one.
    """
    if ctx.explicit_year is not None and ctx.explicit_year_sentence == ctx.sentence and ctx.narrative:
        return ctx.explicit_year
    if ctx.narrative or ctx.dct is None:
        ref = ctx.reference
        if ref is None:
            return None
        # A history moves forward across a new year: "December 1941 ... in January" is 1942.
        if ref.granularity in ("month", "day", "week") and ref.month >= 10 and month <= 3:
            return ref.year + 1
        back = ctx.left_behind
        if (back is not None and back.granularity in ("month", "day") and ref.granularity in ("month", "day")
                and (back.month, back.day) <= (month, day or 1) < (ref.month, ref.day)):
            # "On April 9 Baghdad fell ... In November 2008, ... on April 15": a date before the
            # flash-forward's and after the story's own time returns to the story (2003-04-15)
            return back.year
        return ref.year
    year = ctx.dct.year
    # Months from the DCT's month; past-tense clauses still often name a near deadline
    # ("gave them until mid-November"), so only a date well ahead is pushed back a year.
    ahead = (month - ctx.dct.month) + ((day or 15) - ctx.dct.day) / 31
    if ctx.previous_word in DEADLINE_WORDS and ahead < -8:
        return year + 1  # "loans through January", "by February": a deadline ahead
    if ctx.tense == "past":
        return year - 1 if ahead > 2 else year
    if ctx.tense == "future":
        return year + 1 if ahead < -1 else year
    if ahead > 6:
        return year - 1
    if ahead < -8:
        return year + 1
    return year


def _day_point(ctx: Context, year: int | None, month: int, day: int) -> Reading:
    if year is None:
        probe = make_day(2000, month, day)
        return Reading("DATE", f"XXXX-{month:02d}-{day:02d}" if probe else None)
    point = make_day(year, month, day) if year > 0 else None
    return Reading("DATE", point.value() if point else None, point=point)


def weekday_point(anchor: Point, weekday: int, tense: Tense, direction: str | None) -> Point | None:
    """The date of ``weekday`` near ``anchor``: past tense looks back, future tense ahead, and
    any other tense takes the nearer of the two (a deadline, "until Tuesday"; a headline's
    present, "Arafat meets Albright Monday"; a plan without a verb of its own)."""
    base = anchor.date()
    if base is None:
        return None
    delta = weekday - base.isoweekday()
    if direction == "last":
        delta = delta - 7 if delta >= 0 else delta
    elif direction in ("next", "coming"):
        delta = delta + 7 if delta <= 0 else delta
    elif tense == "future":
        delta = delta + 7 if delta < 0 else delta  # "is due to meet Tuesday", on a Tuesday: today
    elif tense == "past":
        delta = delta - 7 if delta > 0 else delta
    elif delta > 3:
        delta -= 7
    elif delta < -3:
        delta += 7
    return shift(anchor.at("day"), delta, "day")


GRANULARITY_OF_UNIT = {"day": "day", "night": "day", "week": "week", "weekend": "week",
                       "month": "month", "quarter": "quarter", "year": "year", "decade": "decade",
                       "century": "century", "fiscal year": "year"}


def _shifted(anchor: Point | None, amount: int, unit: str, keep: bool = False) -> Reading:
    """``anchor`` moved by ``amount`` units, at the unit's granularity (or the anchor's)."""
    granularity = GRANULARITY_OF_UNIT.get(unit, "day")
    if anchor is None:
        return Reading("DATE", {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX",
                                "quarter": "XXXX-QX"}.get(granularity, "XXXX"))
    if keep and anchor.granularity in ("quarter", "half") and FINENESS[granularity] < FINENESS["quarter"]:
        granularity = anchor.granularity
    if FINENESS.get(anchor.granularity, 0) < FINENESS[granularity] and anchor.granularity in ("year", "month"):
        # "four days later" after "in 1915": the day is not known, only the year (1915-XX-XX).
        known = anchor.value()
        pattern = {"day": "-XX-XX", "week": "-WXX", "month": "-XX"}.get(granularity, "")
        if anchor.granularity == "month":
            pattern = {"day": "-XX", "week": "-WXX"}.get(granularity, "")
            if granularity == "week":
                known = known[:4]
        return Reading("DATE", known + pattern)
    moved = shift(start_of(anchor, granularity) if granularity != "day" else anchor, amount, unit)
    if moved is None:
        return Reading("DATE", None)
    moved = start_of(moved, granularity)
    return Reading("DATE", moved.value(), point=moved)


Handler = Callable[[Context, Groups], "Reading | list[Reading] | None"]
