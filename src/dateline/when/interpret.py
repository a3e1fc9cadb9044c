"""One reader per grammar rule: the matched groups in, a TimeML reading out.

Readers return None to reject a match the pattern could not rule out by itself (a number that
is not a year, "fall" the verb); a rejected match frees its words for other rules.
"""
from __future__ import annotations

import calendar
import re

from .normalise import (
    GRANULARITY_OF_UNIT, Context, Groups, Handler, Reading, _day_point, _mod, _month, _norm, _num,
    _shifted, _unit, _year, duration_value, resolve_year, weekday_point,
)
from .reporting import (
    comparison_period, read_bare_quarter, read_half, read_quarter, read_whole_year,
    read_year_ago, read_year_end,
)
from .values import Point, make_day, shift

PRESENT_DIRS = {"this", "the current", "the present", "the same", "that", "the", "the latest",
                "that same", "that very",
                "the new"}
PAST_DIRS = {"last", "the previous", "the preceding", "the prior", "this past", "a previous"}
FUTURE_DIRS = {"next", "the following", "the coming", "the upcoming", "the subsequent",
               "this coming", "the next"}
DURATION_DIRS = {"the past", "the last", "the coming", "the next"}
ANAPHORIC_DIRS = {"the previous", "the following", "that", "the same", "the preceding",
                  "that same", "that very",
                  "the prior", "the subsequent", "the"}
RATE_WORDS = {"million", "billion", "thousand", "hundred", "dozen"}
SET_PREVIOUS_WORDS = {"once", "twice", "thrice", "times", "percent", "%", "cents", "dollars"}


GAME_CLOCK_WORDS = {"left", "remaining", "to", "into"}


def _clock(ctx: Context, g: Groups) -> Reading | None:
    hour = int(g["hour"])
    minute = int(g["minute"] or 0)
    ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm.startswith("inthe"):  # "4 in the morning", "8 in the evening"
        ampm = "am" if ampm.endswith("morning") else "pm"
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 24 or (ampm in ("am", "pm") and int(g["hour"]) > 12):
        return None
    if not ampm and ctx.next_word in GAME_CLOCK_WORDS:
        return None  # "trailing by two points with 1:14 left": a game clock, not a time of day
    day = _relday(ctx, g.get("relday") or g.get("relday2"))
    if day is None and g.get("cday"):
        day = read_month_day(ctx, {"month": g["month"], "day": g["cday"], "year": g.get("cyear")})
        day = day if isinstance(day, Reading) else None
    if day is None and g.get("weekday"):
        day = read_weekday(ctx, {"weekday": g["weekday"]})
    # A bare clock time belongs to the day under discussion ("was shot on Oct. 23 ... at
    # 10 p.m."), which is the article's day unless the text has moved to another one.
    base = ctx.reference if ctx.reference is not None and ctx.reference.granularity == "day" \
        else ctx.deictic_anchor
    prefix = day.value if day and day.value else (base.value() if base is not None
                                                   and base.granularity == "day"
                                                   else "XXXX-XX-XX")
    # A written date ("5:00 am on October 3, 1935") moves the text to that day, as it would alone.
    point = day.point if day is not None and g.get("cday") else None
    return Reading("TIME", f"{prefix}T{hour:02d}:{minute:02d}", point=point)


def _relday(ctx: Context, word: str | None) -> Reading | None:
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
               "the day before yesterday": -2, "the day after tomorrow": 2}
    offset = offsets.get(_norm(word))
    if offset is None:
        return None
    anchor = ctx.deictic_anchor
    if anchor is None or anchor.granularity != "day":
        return Reading("DATE", "XXXX-XX-XX")
    return _shifted(anchor, offset, "day")


def read_iso(ctx: Context, g: Groups) -> Reading | None:
    reading = _day_point(ctx, int(g["year"]), int(g["nmonth"]), int(g["day"]))
    if reading.value and g.get("hour"):
        return Reading("TIME", f"{reading.value}T{g['hour']}:{g['minute']}", point=reading.point)
    return reading if reading.value else None


def read_slash(ctx: Context, g: Groups) -> Reading | None:
    year = _year(g)
    month, day = int(g["nmonth"]), int(g["day"])
    return _day_point(ctx, year, month, day) if make_day(year or 2000, month, day) else None


def read_noon(ctx: Context, g: Groups) -> Reading | None:
    if ctx.previous_word == "high" and _norm(g["noon"]) == "noon":
        return None  # "high noon": the idiom (and the film), not a time
    anchor = ctx.deictic_anchor
    prefix = anchor.value() if anchor and anchor.granularity == "day" else "XXXX-XX-XX"
    day = _relday(ctx, g.get("relday")) or (read_weekday(ctx, {"weekday": g["weekday"]})
                                            if g.get("weekday") else None)
    if day is not None and day.value:
        prefix = day.value
    # TimeML writes midnight as the end of the day it closes: "midnight Friday" is Friday T24:00.
    return Reading("TIME", f"{prefix}T{'24:00' if _norm(g['noon']) == 'midnight' else '12:00'}")


OF_YEAR_OFFSETS = {"last": -1, "next": 1, "the following": 1, "the previous": -1}


def _of_year(ctx: Context, ofdir: str) -> int | None:
    """The year of "of that year", "of last year", "of the following year"."""
    anaphoric = ofdir in ("that", "the same", "the following", "the previous")
    anchor = ctx.anaphoric_anchor if anaphoric else ctx.deictic_anchor
    return anchor.year + OF_YEAR_OFFSETS.get(ofdir, 0) if anchor is not None else None


def read_month_day(ctx: Context, g: Groups) -> list[Reading] | Reading | None:
    month = _month(ctx.lexicon, g)
    day = int(g["day"])
    if month is None or not 1 <= day <= 31:
        return None
    year = _year(g) or (_of_year(ctx, _norm(g["ofdir"])) if g.get("ofdir") else None)
    direction = _norm(g.get("dir"))
    if year is None and direction and ctx.deictic_anchor is not None:
        # "last Oct. 23": the most recent one before the article's day; "next May 1" the coming one
        anchor = ctx.deictic_anchor
        year = anchor.year
        later = (month, day) > (anchor.month, anchor.day or 1)
        if direction in ("last", "this past") and later:
            year -= 1
        elif direction in ("next", "this coming") and not later:
            year += 1
    if year is None:
        year = resolve_year(ctx, month, day)
    first = _day_point(ctx, year, month, day)
    if first.value is None:
        return Reading("DATE", None)
    first.mod = _mod(ctx.lexicon, g)
    if g.get("daypart"):
        first.type = "TIME"
        first.value += "T" + ctx.lexicon.day_parts[_norm(g["daypart"])]
    if g.get("day2"):
        second = _day_point(ctx, year, month, int(g["day2"]))
        return [first, second]
    return first


def read_month_word_day(ctx: Context, g: Groups) -> list[Reading] | Reading | None:
    """"expire April Nine", "Pay April eight": wire style spells out days below ten (not
    "in March two companies merged", where the number counts the noun after it)."""
    day = _num(g["wday"], ctx.lexicon)
    if day is None or not day.is_integer() or ctx.next_tag in ("NNS", "NNPS", "NN", "JJ"):
        return None
    return read_month_day(ctx, {"month": g["month"], "day": str(int(day)), "year": g.get("year")})


def read_month_year(ctx: Context, g: Groups) -> Reading | None:
    month = _month(ctx.lexicon, g)
    if month is None:
        return None
    bare = not (g.get("year") or g.get("byear") or g.get("ofdir") or g.get("dir") or g.get("part"))
    if bare and ctx.previous_word in NAME_DETERMINERS and ctx.next_word in ("for", "of"):
        return None  # "the annual March for Life", "the March of the Mothers": a name
    if bare and _norm(g["month"]) == "march" and ctx.previous_word not in MONTH_CONTEXT \
            and ctx.next_tag not in ("NN", "NNS"):
        # "the Long March", "Sherman's March to the Sea": a march ("the March accession" is not)
        return None
    if _norm(g.get("dir")) == "past" and not g.get("year") and ctx.next_tag == "CD":
        return None  # "any delay past June 30": beyond a day, not "the past June"
    mod = _mod(ctx.lexicon, g)
    year = _year(g)
    direction = _norm(g.get("dir"))
    anchor = ctx.deictic_anchor
    ofdir = _norm(g.get("ofdir"))
    if year is None and ofdir:
        year = _of_year(ctx, ofdir)
    if year is None and direction in ("last", "next", "this", "coming", "past") and anchor:
        year = anchor.year
        if direction in ("last", "past") and month >= anchor.month:
            year -= 1
        elif direction in ("next", "coming") and month <= anchor.month:
            year += 1
    elif year is None:
        year = resolve_year(ctx, month, None)
    if year is None:
        return Reading("DATE", f"XXXX-{month:02d}", mod)
    point = Point("month", year, month)
    return Reading("DATE", point.value(), mod, point)


NAME_DETERMINERS = {"the", "a", "an", "annual", "``", "`", '"', "“"}
# Words after which a bare "March" is the month ("in March", "by March", "early March").
MONTH_CONTEXT = {"in", "since", "until", "till", "by", "during", "of", "from", "through", "to",
                 "before", "after", "early", "late", "mid", "last", "next", "this", "that", "each",
                 "every", "and", "or", ",", "between", "throughout", "on", "around", "for",
                 "than", "as", "into", "ending", "ended", "—", "-", "–", "("}
SEASON_CONTEXT = {"in", "during", "by", "since", "until", "through", "this", "the", "last", "next",
                  "early", "late", "of", "over", "before", "after"}
SEASON_START = {"WI": 1, "SP": 4, "SU": 7, "FA": 10}


def read_season(ctx: Context, g: Groups) -> Reading | None:
    """Seasons; "fall" is one only where a year, a direction or a preposition says so."""
    word = _norm(g["season"])
    code = ctx.lexicon.seasons[word]
    direction = _norm(g.get("dir")) or _norm(g.get("ofdir"))
    if word == "fall" and not (g.get("year") or direction or g.get("part")
                               or ctx.previous_word in SEASON_CONTEXT):
        return None
    if word == "fall" and not (g.get("year") or direction) and ctx.next_word == "of":
        return None  # "the fall of Saigon", "after the fall of the regime": a defeat, not autumn
    if _norm(g.get("dir")) == "that" and ctx.next_tag in ("NN", "NNS") and ctx.previous_tag.startswith("VB"):
        return None  # "analysts noted that spring crops yield less": "that" opens a clause
    if (g["season"][:1].isupper() and ctx.next_tag in ("NNP", "NNPS") and ctx.previous_word not in ("", ".")
            and ctx.next_word not in ctx.lexicon.season_events):
        return None  # "the Spring Festival", "the Mid-Autumn Festival": a holiday's name (not "the Spring Offensive")
    mod = _mod(ctx.lexicon, g)
    year = _year(g) or _spoken_year(ctx, g)
    bare = not (year or direction or g.get("part"))
    if (bare and ctx.next_tag in ("NN", "NNS") and g["season"].islower()
            and ctx.next_word not in ctx.lexicon.season_events):
        return Reading("DATE", f"XXXX-{code}")  # "winter quarters", "its summer capital": any winter
    ahead = not ctx.narrative and (ctx.tense == "future" or ctx.modal)  # "will continue into the spring"
    deictic = direction in ("last", "next", "this", "coming", "past") or (not direction and ahead)
    anchor = ctx.deictic_anchor if deictic else ctx.anaphoric_anchor
    if year is None and anchor is not None:
        year = anchor.year
        if direction in ("last", "past", "previous", "the previous") and (
                SEASON_START[code] >= anchor.month or code == "WI"):
            year -= 1
        elif direction in ("next", "coming", "following", "the following", "the next") and (
                SEASON_START[code] <= anchor.month):
            year += 1
        elif not direction and code == "WI" and anchor.granularity != "year" and anchor.month >= 10:
            year += 1  # a winter reached in the autumn is the one ending in the new year
        elif not direction and ahead and anchor.granularity != "year" and SEASON_START[code] + 2 < anchor.month:
            year += 1  # "growth will continue into the spring", said in November: next spring
    if year is None:
        return Reading("DATE", f"XXXX-{code}", mod)
    point = Point("season", year, SEASON_START[code], 1, code)
    return Reading("DATE", point.value(), mod, point)


def read_decade(ctx: Context, g: Groups) -> Reading | None:
    mod = _mod(ctx.lexicon, g)
    era_bc = (g.get("era") or "").upper().replace(".", "") in ("BC", "BCE")
    if g.get("decade"):
        digits = g["decade"]
        year = int(digits)
        if len(digits) == 4 and digits.endswith("00") and not era_bc:
            return Reading("DATE", f"{year // 100:02d}", mod, Point("century", year))
        if len(digits) < 4 and not era_bc:
            return None
    elif g.get("decade2"):
        year = 1900 + int(g["decade2"])
    else:
        year = 1900 + 10 * ctx.lexicon.decade_words[_norm(g["decword"])]
    point = Point("decade", -year if era_bc else year)
    return Reading("DATE", point.value(), mod, point)


def read_century(ctx: Context, g: Groups) -> Reading | None:
    word = _norm(g["ordinal"])
    number = ctx.lexicon.ordinals.get(word) if not word[0].isdigit() else int(word[:-2])
    if not number or number > 30:
        return None
    era_bc = (g.get("era") or "").upper().replace(".", "") in ("BC", "BCE")
    start = (number - 1) * 100
    point = Point("century", -start if era_bc else start)
    value = ("BC" if era_bc else "") + f"{number - 1:02d}"
    return Reading("DATE", value, _mod(ctx.lexicon, g), point)


def read_year(ctx: Context, g: Groups) -> Reading | None:
    if g.get("byear") and not g.get("era"):
        return None
    if g.get("ayear") and not g.get("preera"):
        return None
    year = _year(g) if not g.get("ayear") else int(g["ayear"])
    if year is None or year == 0:
        return None
    if g.get("year") and not g.get("era") and not 1000 <= year <= 2099:
        return None
    point = Point("year", year)
    return Reading("DATE", point.value(), _mod(ctx.lexicon, g), point)


def _spoken_year(ctx: Context, g: Groups) -> int | None:
    """The year of "nineteen ninety-six" or "two thousand and two", when the match holds one."""
    if g.get("century"):
        first = _num(g["century"], ctx.lexicon)
        second = _num(re.sub(r"^oh[\s-]+", "", _norm(g["yy"])), ctx.lexicon)
        if first is None or second is None or not 10 <= first <= 20:
            return None
        return int(first * 100 + second)
    if g.get("yy2"):
        return 2000 + int(_num(g["yy2"], ctx.lexicon) or 0)
    return None


def read_spoken_year(ctx: Context, g: Groups) -> Reading | None:
    """Years read out in broadcast transcripts: "nineteen ninety-six", "two thousand"."""
    year = _spoken_year(ctx, g) or (None if g.get("century") else 2000)
    if year is None:
        return None
    month = _month(ctx.lexicon, g)
    if month:
        point = Point("month", year, month)
        return Reading("DATE", point.value(), point=point)
    point = Point("year", year)
    return Reading("DATE", point.value(), point=point)


def read_bare_weekend(ctx: Context, g: Groups) -> Reading | None:
    return read_relunit(ctx, {"dir": "this", "unit": "weekend"})


def read_relday(ctx: Context, g: Groups) -> Reading | None:
    day = _relday(ctx, g["relday"])
    if day is None:
        return None
    if g.get("daypart") or _norm(g["relday"]) == "tonight":
        code = ctx.lexicon.day_parts[_norm(g.get("daypart") or "night")]
        return Reading("TIME", f"{day.value}T{code}")
    return day


def read_daypart(ctx: Context, g: Groups) -> Reading | None:
    code = ctx.lexicon.day_parts[_norm(g["daypart"])]
    direction = _norm(g["dir"])
    if direction == "that" and ctx.previous_tag.startswith("VB") and ctx.next_tag.startswith("NN"):
        return None  # "dealers said that overnight rates would rise": "that" opens a clause
    # "that evening", "by mid afternoon": of the day under discussion
    anaphoric = direction in ("that", "the same", "the next", "the following", "mid")
    anchor = ctx.anaphoric_anchor if anaphoric else ctx.deictic_anchor
    offset = {"last": -1, "the next": 1, "the following": 1}.get(direction, 0)
    if anchor is None or anchor.granularity != "day":
        return Reading("TIME", f"XXXX-XX-XXT{code}")
    day = _shifted(anchor, offset, "day")
    return Reading("TIME", f"{day.value}T{code}")


EARLIEST_BEFORE = re.compile(r"\bas\s+(?:soon|early)\s+as\s+$")


def read_week_of(ctx: Context, g: Groups) -> Reading | None:
    """"the week of March 6": the calendar week that holds that day."""
    day = read_month_day(ctx, {"month": g["month"], "day": g["day"], "year": g.get("year")})
    if not isinstance(day, Reading) or day.point is None:
        return None
    return _shifted(day.point, 0, "week")


def read_weekday(ctx: Context, g: Groups) -> Reading | None:
    weekday = ctx.lexicon.weekdays[_norm(g["weekday"]).rstrip(".")]
    anchor = ctx.deictic_anchor
    direction = _norm(g.get("dir"))
    if ctx.narrative and ctx.reference is not None or direction in ("the previous", "the following"):
        anchor = ctx.reference  # "the previous Friday": the one before the day under discussion
        g = {**g, "dir": {"the previous": "last", "the following": "next"}.get(direction, direction)}
    if anchor is None or anchor.granularity != "day":
        value = f"XXXX-WXX-{weekday}"
        point = None
    else:
        # "gave them until Tuesday", "postponed until Tuesday morning": a deadline ahead,
        # whatever the tense of the clause.
        deadline = ctx.previous_word in ("until", "till") and not ctx.narrative and not ctx.pluperfect
        tense = "present" if deadline else ctx.tense  # the nearer of the two
        if tense in ("present", "unknown") and ctx.modal and not deadline:
            tense = "future"
        if ctx.next_word == "'s" and tense != "future":
            tense = "past"  # "Thursday's closing price", "Wednesday's ruling": already happened
        if tense != "past" and EARLIEST_BEFORE.search(ctx.before):
            tense = "future"  # "as soon as Tuesday", "as early as Monday": a day still to come
        direction = _norm(g.get("dir"))
        direction = {"this coming": "coming", "this past": "last", "past": "last"}.get(direction, direction)
        point = weekday_point(anchor, weekday, tense, direction or None)
        if deadline and point is not None and point.date() < anchor.date():
            point = shift(point, 7, "day")
        value = point.value() if point else None
    if g.get("daypart"):
        part = _norm(g["daypart"])
        code = ctx.lexicon.day_parts.get(part) or ctx.lexicon.day_parts[part.rstrip("s")]
        if part.endswith("s") and part not in ctx.lexicon.day_parts:
            return Reading("SET", f"XXXX-WXX-{weekday}T{code}")
        return Reading("TIME", f"{value}T{code}" if value else None, point=point)
    return Reading("DATE", value, _mod(ctx.lexicon, g), point=point)


def read_day_beside_weekday(ctx: Context, g: Groups) -> Reading | None:
    """"the day before last Tuesday's hearing": the weekday's date, one day off."""
    reading = read_weekday(ctx, {**g, "daypart": None})
    if reading is None or reading.point is None:
        return Reading("DATE", "XXXX-XX-XX")
    return _shifted(reading.point, -1 if _norm(g["rel"]) == "before" else 1, "day")


CALENDAR_CODES = {"D": "day", "W": "week", "M": "month", "Y": "year"}


def read_ago(ctx: Context, g: Groups) -> Reading | None:
    rel = _norm(g["rel"])
    if rel in ("before", "after", "on") and ctx.next_word not in ("", ",", ".", ";", ":", ")", "that"):
        return None
    count = _num(g.get("num"), ctx.lexicon)
    if count is not None and g.get("half"):
        count += 0.5
    found = _unit(ctx.lexicon, g["unit"])
    if found is None:
        return None
    unit, described = found
    if unit in ("second", "minute", "hour"):
        return Reading("DURATION", duration_value(ctx.lexicon, count, g["unit"]), _mod(ctx.lexicon, g))
    if (unit not in GRANULARITY_OF_UNIT or unit == "decade") and described.code in CALENDAR_CODES and count is not None:
        # "a fortnight ago": two weeks ago; "a decade later" after 1980: 1990, not the 1990s
        unit, count = CALENDAR_CODES[described.code], count * described.multiplier
    backwards = rel in ("ago", "earlier", "before", "previously", "back")
    if count is None or not float(count).is_integer():
        return Reading("DATE", "PAST_REF" if backwards else "FUTURE_REF")
    anchor = ctx.deictic_anchor if rel in ("ago", "from now", "hence", "back") else ctx.anchor_for(unit)
    same_sentence = ctx.reference is not None and ctx.sentence - ctx.reference_sentence <= 3
    keep = rel != "ago"
    if rel == "ago" and unit == "year" and count <= 5 and same_sentence and ctx.reference.granularity in ("quarter", "half"):
        # "profit rose from the third quarter a year ago": the same quarter, a year back.
        anchor, keep = ctx.reference, True
    if unit == "year" and count == 1 and rel in ("ago", "earlier"):
        base = comparison_period(ctx)
        if base is not None:
            anchor, keep = base, True
    reading = _shifted(anchor, int(count) * (-1 if backwards else 1), unit, keep=keep)
    reading.mod = _mod(ctx.lexicon, g)
    return reading


def read_vague_ago(ctx: Context, g: Groups) -> Reading:
    return Reading("DATE", "PAST_REF" if _norm(g["rel"]) in ("ago", "earlier") else "FUTURE_REF")


def read_unit_rel(ctx: Context, g: Groups) -> Reading:
    unit = _norm(g["unit"])
    return _shifted(ctx.anchor_for(unit), -1 if _norm(g["rel"]) == "before" else 1, unit)


POINT_PREPOSITIONS = {"by", "until", "till"}


def read_relunit(ctx: Context, g: Groups) -> Reading | None:
    direction = _norm(g["dir"])
    unit = _norm(g["unit"]).replace("fiscal ", "")
    if g["unit"][:1].isupper() and ctx.previous_word not in ("", ".") and (
            g["dir"][:1].isupper() or ctx.previous_word == "of"):
        return None  # "ABC's This Week", "Player of the Year": a title, capitalised in mid-sentence
    mod = _mod(ctx.lexicon, g)
    if not mod and g.get("part2"):
        mod = {"earlier": None, "later": None}.get(_norm(g["part2"]))
    if direction == "the" and unit in ("day", "night"):
        return None  # "later in the day": annotators leave the day of the story untagged
    if direction == "the" and not g.get("part2"):
        # Company results: "in the year ended June 30" is a year's length; "for the year",
        # "a high for the year" the current one.
        if unit == "year" and ctx.next_word in ("ended", "ending"):
            return Reading("DURATION", "P1Y")
        if not (unit == "year" and ctx.previous_word in ("for", "of", "during", "throughout")):
            return None
    if direction in DURATION_DIRS and (ctx.next_word in ("'s", "’s") or ctx.previous_word in POINT_PREPOSITIONS):
        # "the next week's conference", "pulled out by the next month": a time, not a length
        direction = "next" if direction in ("the next", "the coming") else "last"
    if direction in DURATION_DIRS and not g.get("part2"):
        if unit in ("day", "night") and direction in ("the next", "the coming"):
            return _shifted(ctx.anaphoric_anchor, 1, "day")
        if unit in ("day", "night") and direction in ("the last", "the past"):
            return None
        return Reading("DURATION", duration_value(ctx.lexicon, 1, unit))
    anaphoric = direction in ANAPHORIC_DIRS or unit in ("day", "night")
    if direction == "the" and (ctx.tense in ("future", "present") or ctx.modal) and not ctx.narrative:
        anaphoric = False  # "will be admitted before the end of the year": this year, whatever came before
    anchor = ctx.anchor_for(unit) if anaphoric else ctx.deictic_anchor
    if unit == "night" and direction == "last":
        anchor = ctx.deictic_anchor
        day = _shifted(anchor, -1, "day") if anchor and anchor.granularity == "day" else Reading("TIME", "XXXX-XX-XX")
        return Reading("TIME", f"{day.value}TNI")
    if direction in PAST_DIRS:
        offset = -1
    elif direction in FUTURE_DIRS or (direction == "the new" and unit == "year" and anchor is not None
                                      and anchor.granularity != "year" and anchor.month >= 10):
        offset = 1  # "revived for the start of the New Year", said in December: the coming one
    else:
        offset = 0
    if unit == "weekend":
        today = anchor.date() if anchor is not None else None
        if offset == 0 and ctx.tense == "past" and today is not None and today.isoweekday() < 6:
            offset = -1  # "police said the weekend was quiet": the weekend just gone
        reading = _shifted(anchor, offset, "week")
        if reading.value and "W" in reading.value and not reading.value.startswith("XXXX"):
            reading.value += "-WE"
        reading.mod = mod
        return reading
    if unit in ("day", "night") and anchor is not None and anchor.granularity not in ("day", "year", "month"):
        return Reading("DATE", "XXXX-XX-XX")
    # After "in October 1998", "that same day" is a day of that month: 1998-10-XX.
    reading = _shifted(anchor, offset, unit)
    moved = shift(reading.point, -1, "year") if g.get("lastyear") and reading.point is not None else None
    if moved is not None:  # "sales in February ... the same month last year": a year back, as fine
        reading = Reading("DATE", moved.value(), point=moved)
    reading.mod = mod
    return reading


def read_set(ctx: Context, g: Groups) -> Reading | None:
    every = _norm(g["every"])
    if every == "a" and ctx.previous_word not in SET_PREVIOUS_WORDS:
        return None
    if every == "a" and g.get("num"):
        return None
    count = _num(g.get("num"), ctx.lexicon)
    if g.get("weekday"):
        weekday = ctx.lexicon.weekdays[_norm(g["weekday"]).rstrip(".")]
        return Reading("SET", f"XXXX-WXX-{weekday}")
    if g.get("daypart"):
        return Reading("SET", f"XXXX-XX-XXT{ctx.lexicon.day_parts[_norm(g['daypart'])]}")
    if g.get("month"):  # "each July"
        return Reading("SET", f"XXXX-{_month(ctx.lexicon, g):02d}")
    if g.get("season"):  # "every spring"
        return Reading("SET", f"XXXX-{ctx.lexicon.seasons[_norm(g['season'])]}")
    value = duration_value(ctx.lexicon, count, g["unit"])
    if value is None:
        return None
    return Reading("SET", value)


def read_set_adverb(ctx: Context, g: Groups) -> Reading | None:
    """"daily", "annually"; not a rate of growth ("8.5% annually") or a measure ("average daily
    volume"), which annotators leave untagged."""
    if ctx.previous_word in ("%", "percent", "average"):
        return None
    word = g["adverb"]
    if ctx.next_tag in ("NNP", "NNPS") or (word[:1].isupper() and ctx.previous_word not in ("", ".")) or (
            ctx.previous_tag in ("NNP", "NNPS") and ctx.next_tag.startswith("VB")):
        return None  # "the Communist Party daily Granma", "the Cambodian Daily", "the Yediot daily found"
    return Reading("SET", ctx.lexicon.set_adverbs[_norm(g["adverb"])])


MAX_DURATION_COUNT = 100_000


def read_duration(ctx: Context, g: Groups) -> Reading | None:
    det = _norm(g.get("det"))
    num_text = _norm(g.get("num"))
    if det == "nearly":
        g = {**g, "qmod": "nearly"}
        det = ""
    count = _num(g.get("num"), ctx.lexicon)
    if count is not None and g.get("half"):
        count += 0.5  # "a minute and a half"
    if num_text in ("a", "an") and ctx.previous_word in SET_PREVIOUS_WORDS:
        return read_set(ctx, {"every": "every", "unit": g["unit"]})
    if num_text in ("a", "an") and (ctx.previous_tag in ("CD", "NNS") or ctx.previous_word in RATE_WORDS):
        return None  # a rate ("$2 million a year", "four flights a week"), left untagged
    if ctx.next_word == "old":
        return None  # an age ("52 years old"), not a period of time
    if num_text in ("some",) and count is None:
        return None
    if num_text == "one" and _norm(g["unit"]) == "day" and not det and (
            ctx.previous_tag == "MD" or ctx.next_tag in ("VB", "VBD")):
        # "Islam will one day be", "he hoped he one day follow": some day, not a day's length
        return Reading("DATE", "PAST_REF" if ctx.next_tag == "VBD" else "FUTURE_REF")
    if count is not None and count > MAX_DURATION_COUNT:
        return None  # "5,719,000 / Year" across a table's lines: a share count, not a span
    value = duration_value(ctx.lexicon, count, g["unit"])
    if value is None:
        return None
    found = _unit(ctx.lexicon, g["unit"])
    if found and found[0] == "second" and num_text in ("a", "one") and (
            ctx.next_word.isalpha() or ctx.previous_tag.startswith("VB")):
        return None  # "a second front", "Van Persie claimed a second": the ordinal, not a duration
    if found and found[0] == "quarter" and ctx.next_word == "of" and not det:
        return None  # "three quarters of the vote" (not "the first three quarters of the year")
    if num_text and num_text.isdigit() and len(num_text) == 4:
        return None  # "the 1988 quarter", "1990 year": a year, not a count
    return Reading("DURATION", value, _mod(ctx.lexicon, g))


def read_bare_units(ctx: Context, g: Groups) -> Reading | None:
    det = _norm(g.get("det"))
    if not det and ctx.previous_word not in ("for", "over", "in", "within", "took", "take", "lasted"):
        return None
    if det == "recent":
        return Reading("DATE", "PAST_REF")
    if det == "coming":
        return Reading("DATE", "FUTURE_REF")  # "in coming months"
    return Reading("DURATION", duration_value(ctx.lexicon, None, g["vunit"]))


def read_reference(ctx: Context, g: Groups) -> Reading | None:
    word = _norm(g["ref"])
    if word in ("future", "current", "recent") and ctx.next_word in ("", ".", ","):
        return None if word != "future" else Reading("DATE", "FUTURE_REF")
    if word == "the present" and ctx.previous_word not in ("to", "until", "till", "at"):
        return None
    return Reading("DATE", ctx.lexicon.references[word])


def floating_day(year: int, rule: tuple[int, int, int, int]) -> int | None:
    """The day of the month of a holiday on the nth weekday (Thanksgiving: 4th Thursday)."""
    month, weekday, nth, first = rule
    start = make_day(year, month, first)
    if start is None:
        return None
    first_date = start.date()
    offset = (weekday - first_date.isoweekday()) % 7
    if nth == -1:
        days = calendar.monthrange(year, month)[1]
        last = make_day(year, month, days).date()
        return days - ((last.isoweekday() - weekday) % 7)
    day = first + offset + 7 * (nth - 1)
    return day if day <= calendar.monthrange(year, month)[1] else None


def read_holiday(ctx: Context, g: Groups) -> Reading | None:
    name = _norm(g["holiday"])
    direction = _norm(g.get("dir"))
    rule = ctx.lexicon.floating_holidays.get(name)
    month, day = ctx.lexicon.holidays[name] if rule is None else (rule[0], 15)
    year = _year(g)
    anchor = ctx.deictic_anchor
    if year is None and direction and anchor is not None:
        year = anchor.year + {"last": -1, "next": 1}.get(direction, 0)
    if year is None:
        year = resolve_year(ctx, month, day)
    if rule is not None:
        if year is None or year <= 0:
            return Reading("DATE", f"XXXX-{month:02d}")
        found = floating_day(year, rule)
        if found is None:
            return None
        day = found
    return _day_point(ctx, year, month, day)


READERS: dict[str, Handler] = {
    "iso_date": read_iso, "slash_date": read_slash, "clock": _clock, "noon": read_noon,
    "month_day": read_month_day, "day_month": read_month_day, "month_year": read_month_year,
    "season": read_season, "decade": read_decade, "century": read_century, "year": read_year,
    "quarter": read_quarter, "bare_quarter": read_bare_quarter, "year_end": read_year_end, "bare_weekend": read_bare_weekend, "month_word_day": read_month_word_day, "day_beside_weekday": read_day_beside_weekday, "whole_year": read_whole_year, "clock24": _clock,
    "unit_long": lambda ctx, g: Reading("DURATION", duration_value(ctx.lexicon, 1, g["unit"])), "spoken_year": read_spoken_year,
    "duration_adjective": lambda ctx, g: read_duration(ctx, g), "half": read_half,
    "relday": read_relday, "daypart_relday": read_relday, "week_of": read_week_of, "daypart": read_daypart, "weekday": read_weekday, "ago": read_ago,
    "vague_ago": read_vague_ago, "year_ago": read_year_ago, "unit_rel": read_unit_rel,
    "relunit": read_relunit, "set": read_set, "set_calendar": read_set, "set_adverb": read_set_adverb,
    "duration": read_duration, "bare_units": read_bare_units, "reference": read_reference,
    "holiday": read_holiday,
}
