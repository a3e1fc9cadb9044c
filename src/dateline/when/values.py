"""Calendar points at a granularity, their arithmetic and their TimeML value strings.

A temporal expression names a period at some granularity (a day, a month, a quarter, a
decade); shifting "a year earlier" from a quarter must give a quarter, so points carry their
granularity and arithmetic keeps it. Years before 1 AD are negative (1 BC = -1, no year 0 in
the output). Anything outside what the calendar can hold gives None, never an exception.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

GRANULARITIES = ("century", "decade", "year", "half", "season", "quarter", "month", "week", "day")
FINENESS = {g: i for i, g in enumerate(GRANULARITIES)}
SEASON_MONTH = {"WI": 1, "SP": 4, "SU": 7, "FA": 10}
MIN_YEAR, MAX_YEAR = -9999, 9999
ISO_DAY = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


@dataclass(frozen=True)
class Point:
    """A period named by its first day and its granularity (``month`` 2019-06 is June 2019)."""

    granularity: str
    year: int
    month: int = 1
    day: int = 1
    season: str | None = None

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    @property
    def half(self) -> int:
        return 1 if self.month <= 6 else 2

    def value(self) -> str:
        """The TimeML value string (``2019-06-01``, ``2019-W22``, ``2019-Q2``, ``199``, ``19``)."""
        prefix, year = ("BC", -self.year) if self.year < 0 else ("", self.year)
        g = self.granularity
        if g == "century":
            return f"{prefix}{year // 100:02d}"
        if g == "decade":
            return f"{prefix}{year // 10:03d}"
        ys = f"{prefix}{year:04d}"
        if g == "year":
            return ys
        if g == "half":
            return f"{ys}-H{self.half}"
        if g == "quarter":
            return f"{ys}-Q{self.quarter}"
        if g == "season":
            return f"{ys}-{self.season or 'XX'}"
        if g == "month":
            return f"{ys}-{self.month:02d}"
        if g == "week":
            try:
                iso_year, week, _ = dt.date(self.year, self.month, self.day).isocalendar()
            except ValueError:
                return f"{ys}-WXX"
            return f"{prefix}{iso_year:04d}-W{week:02d}"
        return f"{ys}-{self.month:02d}-{self.day:02d}"

    def date(self) -> dt.date | None:
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    def at(self, granularity: str) -> Point:
        """The same period seen at another granularity (coarser keeps the containing period)."""
        if granularity == "season":
            season = self.season or {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU",
                                     7: "SU", 8: "SU"}.get(self.month, "FA")
            return replace(self, granularity="season", season=season)
        return replace(self, granularity=granularity)


def make_day(year: int, month: int, day: int) -> Point | None:
    """A day, or None for an impossible date (February 30) or a year out of range."""
    if not (1 <= year <= MAX_YEAR) or not (1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return Point("day", year, month, day)


def from_date(day: dt.date) -> Point:
    return Point("day", day.year, day.month, day.day)


def parse_iso(value: str | None) -> Point | None:
    """A day point from an ISO date (``2019-06-01``, ``20190601``, or a datetime); else None."""
    if not value:
        return None
    match = ISO_DAY.match(str(value).strip())
    if match is None:
        return None
    return make_day(int(match[1]), int(match[2]), int(match[3]))


def shift(point: Point, amount: int, unit: str) -> Point | None:
    """``point`` moved by ``amount`` units (day, week, month, quarter, year, decade, century).

    The result keeps the point's granularity; None when it leaves the calendar.
    """
    try:
        if unit in ("day", "week", "weekend", "night"):
            days = amount * (7 if unit in ("week", "weekend") else 1)
            base = point.date()
            if base is None:
                return None
            moved = base + dt.timedelta(days=days)
            return replace(point, year=moved.year, month=moved.month, day=moved.day)
        months = {"month": 1, "quarter": 3, "season": 3, "half": 6, "year": 12, "decade": 120,
                  "century": 1200, "millennium": 12000}.get(unit)
        if months is None:
            return None
        total = point.year * 12 + (point.month - 1) + amount * months
        year, month = divmod(total, 12)
        month += 1
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        day = min(point.day, calendar.monthrange(year if year > 0 else 2000, month)[1])
        return replace(point, year=year, month=month, day=day)
    except (OverflowError, ValueError):
        return None


def start_of(point: Point, granularity: str) -> Point:
    """The first day-level coordinates of the ``granularity`` period containing ``point``."""
    if granularity == "year":
        return Point("year", point.year)
    if granularity == "quarter":
        return Point("quarter", point.year, (point.quarter - 1) * 3 + 1)
    if granularity == "half":
        return Point("half", point.year, 1 if point.half == 1 else 7)
    if granularity == "month":
        return Point("month", point.year, point.month)
    if granularity == "week":
        day = point.date()
        if day is None:
            return replace(point, granularity="week")
        monday = day - dt.timedelta(days=day.weekday())
        return Point("week", monday.year, monday.month, monday.day)
    if granularity == "decade":
        return Point("decade", point.year - point.year % 10)
    if granularity == "century":
        return Point("century", point.year - point.year % 100)
    if granularity == "season":
        return point.at("season")
    return replace(point, granularity=granularity)
