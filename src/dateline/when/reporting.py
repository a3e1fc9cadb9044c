"""Company results and their reporting periods: quarters, halves, the fiscal year, year-end.

News of company results speaks in periods the text rarely dates: "the quarter" is the last one
reported, "a year earlier" the same quarter a year back, "the same period" whatever period the
sentence named. These readers keep that knowledge apart from the calendar readers.
"""
from __future__ import annotations

import re

from .normalise import Context, Groups, Reading, _norm, _shifted, _year
from .values import Point, shift, start_of

QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
                 "4th": 4}


def read_quarter(ctx: Context, g: Groups) -> Reading | None:
    """Quarters, and the reporting periods of company results ("the latest period")."""
    word = _norm(g.get("qword"))
    if _norm(g.get("qnoun")) == "period" and not (
            word in ("latest", "same", "comparable", "corresponding", "year-ago", "year-earlier")
            or g.get("qyear2")):
        return None  # "a transition period", "the period": not a date by themselves
    if _norm(g.get("qnoun")) == "period" and word in ("same", "comparable", "corresponding"):
        same = _same_period(ctx, g)
        if same is not None:
            return same if same.value is not None else None
    if word in ("final", "last") and g.get("year"):
        word = "fourth"  # "the final quarter of 2005"
    if g.get("lastyear") or g.get("yago"):
        if word in QUARTER_WORDS:
            inner = read_quarter(ctx, {**g, "lastyear": None, "yago": None})
            if inner is None or inner.point is None:
                return inner
            return _shifted(inner.point, -1, "year", keep=True)
        word = "year-ago"
    year = _year(g) or (int(g["qyear2"]) if g.get("qyear2") else None)
    anchor = ctx.anaphoric_anchor
    ydir = _norm(g.get("ydir"))
    if ydir and year is None and ctx.deictic_anchor is not None:
        year = ctx.deictic_anchor.year + {"last": -1, "next": 1}.get(ydir, 0)
        if word not in QUARTER_WORDS:
            base = anchor if anchor is not None and anchor.granularity == "quarter" else _reporting_quarter(ctx, ctx.deictic_anchor)
            point = Point("quarter", year, base.month)
            return Reading("DATE", point.value(), point=point)
    if not word and year is not None and anchor is not None:
        # "the 1988 quarter": the quarter under discussion, in that year
        base = anchor if anchor.granularity == "quarter" else _reporting_quarter(ctx, anchor)
        point = Point("quarter", year, base.month)
        return Reading("DATE", point.value(), point=point)
    if not word:
        return None
    if word in QUARTER_WORDS:
        if year is None and ctx.explicit_year is not None and ctx.explicit_year_sentence == ctx.sentence:
            year = ctx.explicit_year
        if year is None and anchor is not None:
            year = (anchor if ctx.narrative else ctx.deictic_anchor or anchor).year
            current = ctx.deictic_anchor
            if (not ctx.narrative and current is not None and ctx.tense != "future"
                    and QUARTER_WORDS[word] > current.quarter):
                year -= 1
        if year is None:
            return Reading("DATE", f"XXXX-Q{QUARTER_WORDS[word]}")
        point = Point("quarter", year, (QUARTER_WORDS[word] - 1) * 3 + 1)
        return Reading("DATE", point.value(), point=point)
    if anchor is None:
        return Reading("DATE", "XXXX-QX")
    recent = ctx.deictic_anchor is None or ctx.narrative or (
        anchor.granularity == "quarter" and 0 <= _months_between(anchor, ctx.deictic_anchor) <= 6)
    if word == "current":  # the quarter under way ("this quarter" is the one just reported on)
        return _shifted(start_of(ctx.deictic_anchor or anchor, "quarter"), 0, "quarter")
    if anchor.granularity == "quarter" and word != "latest" and recent:
        base = anchor
    else:  # "the latest quarter" is the last one ended, even in a forecast of its results
        base = _reporting_quarter(ctx, anchor, ahead=word != "latest")
    if word in ("year-ago", "year-earlier"):
        return _shifted(base, -1, "year", keep=True)
    if word in ("previous", "past", "last"):
        if anchor.granularity == "quarter" and word == "previous":
            return _shifted(anchor, -1, "quarter")
        return _shifted(start_of(ctx.deictic_anchor or anchor, "quarter"), -1, "quarter")
    if word == "next":
        return _shifted(start_of(ctx.deictic_anchor or anchor, "quarter"), 1, "quarter")
    if word in ("fiscal", "calendar"):
        return None
    return Reading("DATE", base.value(), point=base)


def _same_period(ctx: Context, g: Groups) -> Reading | None:
    """"the same period" is the period its sentence named, in the year it names or a year back
    (None: the sentence names none, so the quarter under discussion is meant)."""
    explicit = _year(g)
    back = 1 if g.get("lastyear") or g.get("yago") else 0
    spans = [i for i, r in enumerate(ctx.earlier) if re.fullmatch(r"P\d+[MQ]", r.value or "")]
    if spans and ctx.deictic_anchor is not None:
        # "the first nine months of this year ... the same period last year": those months of
        # the year before, so only the year is known
        years = [r.point.year for r in ctx.earlier[spans[0]:] if r.point is not None and r.point.granularity == "year"]
        point = Point("year", explicit or (years[0] if years else ctx.deictic_anchor.year) - back)
        return Reading("DATE", point.value(), point=point)
    named = [r.point for r in ctx.earlier if r.point is not None
             and r.point.granularity in ("quarter", "half", "month", "week", "day")]
    if named and (explicit or back):
        # "the first half of 2005 against the same period last year": that half, a year back;
        # "March 1 sales ... the same period a year ago": March, a year back
        period = named[-1] if named[-1].granularity in ("quarter", "half") else start_of(named[-1], "month")
        if sum(1 for p in named if p.granularity in ("month", "week", "day")) > 1:
            period = start_of(period, "year")  # "from January to October ... the same period": months of a year
        moved = shift(period, (explicit - period.year) if explicit else -back, "year")
        return Reading("DATE", moved.value(), point=moved) if moved is not None else Reading("DATE", None)
    if explicit is not None and ctx.anaphoric_anchor is not None:
        # "the first quarter of 1997 ... the same period of 1996": that quarter, in 1996
        anchor = ctx.anaphoric_anchor
        base = anchor if anchor.granularity == "quarter" else _reporting_quarter(ctx, anchor)
        point = Point("quarter", explicit, base.month)
        return Reading("DATE", point.value(), point=point)
    return None


def _reporting_quarter(ctx: Context, anchor: Point, ahead: bool = True) -> Point:
    """Companies report on the quarter just ended: "the quarter" is the last complete one
    (the one under way when the clause looks ahead)."""
    current = start_of(ctx.deictic_anchor or anchor, "quarter")
    return current if ahead and ctx.tense == "future" else (shift(current, -1, "quarter") or current)


def _months_between(earlier: Point, later: Point) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def read_bare_quarter(ctx: Context, g: Groups) -> Reading | None:
    return read_quarter(ctx, {"qword": "same"})


YEAR_END_PREPOSITIONS = {"by", "since", "at", "before", "until", "till", "through", "around", "after",
                         "to", "toward", "towards", "near", "of"}


def read_year_end(ctx: Context, g: Groups) -> Reading | None:
    """"by year-end": the end of the current year ("since year-end": of the last one).
    Only after a preposition: "year-end results" is a kind of result, not a time."""
    if ctx.previous_word not in YEAR_END_PREPOSITIONS:
        return None
    anchor = ctx.anaphoric_anchor if ctx.narrative else ctx.deictic_anchor
    year = anchor.year if anchor is not None else None
    if year is not None and not ctx.narrative and (ctx.previous_word in ("since", "after") or ctx.tense == "past"):
        year -= 1  # "since year-end": the end of last year
    if year is None:
        return Reading("DATE", "XXXX", "END")
    # TimeML: the end of a period is the period with mod END, as "late June" is 2019-06 END.
    point = Point("year", year)
    return Reading("DATE", point.value(), "END", point)


def read_whole_year(ctx: Context, g: Groups) -> Reading | None:
    """"the full year" is the year under discussion; "the fiscal year" its length."""
    if _norm(g["whole"]) in ("fiscal", "whole", "entire"):
        return Reading("DURATION", "P1Y")
    anchor = ctx.anaphoric_anchor if ctx.narrative else ctx.deictic_anchor
    if anchor is None:
        return Reading("DATE", "XXXX")
    return Reading("DATE", str(anchor.year) if anchor.year > 0 else Point("year", anchor.year).value())


def read_half(ctx: Context, g: Groups) -> Reading | None:
    word = _norm(g["hword"])
    half = 1 if word in ("first", "1st") else 2
    year = _year(g)
    anchor = ctx.deictic_anchor
    ofdir = _norm(g.get("ofdir"))
    if not year and not ofdir:
        return None
    if year is None and anchor is not None:
        year = anchor.year + {"last": -1, "next": 1}.get(ofdir, 0)
    if year is None:
        return Reading("DATE", f"XXXX-H{half}")
    point = Point("half", year, 1 if half == 1 else 7)
    return Reading("DATE", point.value(), point=point)


def comparison_period(ctx: Context) -> Point | None:
    """The period a news report compares with "a year earlier" / "year-ago" (None: no rule).

    Results are reported for a period just ended: the quarter or half under discussion when
    the text has fixed one within the last year (not a "last year" said in between).
    """
    if ctx.narrative or ctx.dct is None:
        return None
    ref = ctx.reference
    if ref is not None and ref.granularity in ("quarter", "half") and 0 <= _months_between(ref, ctx.dct) <= 12:
        return ref
    if ref is not None and ref.year < ctx.dct.year:
        # The text last spoke of an earlier year ("last year"); a comparison still starts
        # from the present period, never from that year.
        if ref.granularity == "quarter":
            return _reporting_quarter(ctx, ctx.dct)
        return Point("year", ctx.dct.year)
    return None


def read_year_ago(ctx: Context, g: Groups) -> Reading:
    base = comparison_period(ctx)
    return _shifted(base if base is not None else ctx.anaphoric_anchor, -1, "year", keep=True)
