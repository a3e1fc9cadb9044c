"""The patterns that find temporal expressions, built once from the lexicon.

Each rule is a regular expression with named groups (``month``, ``day``, ``year``, ``unit``,
``num``, ``dir``, ``part`` ...); the normaliser reads the groups, not the rule, so rules stay
declarative. Rules are tried independently over the text; where matches overlap the longest
wins, then the earlier rule. The expression extents follow TimeML: determiners and modifiers
("the", "late", "about") belong to the expression, prepositions ("on", "in", "since") do not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Lexicon, alternation, load

ERA = r"(?P<era>B\.?C\.?E?\.?|A\.?D\.?|C\.?E\.?)(?!\w)"
NEAR_DIR = r"last|next|this|coming|past|previous|following|that|that\s+same|the\s+same|the\s+previous|the\s+following|the\s+next"
REF_DIRS = (
    r"last|this|next|that|the\s+previous|the\s+following|the\s+current|the\s+same|the\s+preceding"
    r"|the\s+prior|the\s+latest|the\s+present|the\s+upcoming|the\s+subsequent|the\s+new|the\s+last"
    r"|the\s+past|the\s+coming|the\s+next|the\s+same|this\s+past|this\s+coming|the|a\s+previous"
    r"|that\s+same|that\s+very"
)
DURATION_DETS = (
    r"the\s+past|the\s+last|the\s+next|the\s+first|the\s+coming|the\s+previous|the\s+final"
    r"|the\s+following|the\s+latest|the\s+remaining|the\s+last|the\s+initial|the\s+same|the"
    r"|past|last|next|first|another|an\s+additional|nearly"
)
SPOKEN_UNITS = "one|two|three|four|five|six|seven|eight|nine"
SPOKEN_TEENS = "eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
SPOKEN_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
TIME_ZONES = r"EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|local\s+time"


@dataclass(frozen=True)
class Rule:
    """A named pattern; ``capitalised`` lists groups whose words must be capitalised in the
    text; ``trigger``, when set, is a cheap pattern the text must contain for the rule to run
    at all (most documents have no century or season, and scanning costs time); ``anchor``,
    when set, lists words one of which every match contains, so the rule is only tried in a
    window around each occurrence (durations start with a number word, and "a" is everywhere;
    finding the unit words with ``str.find`` is far cheaper than trying the rule everywhere)."""

    name: str
    pattern: re.Pattern[str]
    capitalised: tuple[str, ...] = ()
    trigger: re.Pattern[str] | None = None
    anchor: tuple[str, ...] = ()  # lower-case words one of which every match contains


TRIGGERS = {
    "century": r"(?i)centur", "decade": r"(?i)0'?s\b|ties\b", "season": r"(?i)spring|summer|autumn|fall|winter",
    "quarter": r"(?i)quarter|period", "bare_quarter": r"(?i)quarter", "year_end": r"(?i)year(?:-|\s+|'s\s+)end", "half": r"(?i)half", "bare_weekend": r"(?i)weekend",
    "whole_year": r"(?i)year", "spoken_year": r"(?i)(?:teen|twenty|thousand)[\s-]+\w", "iso_date": r"\d-\d", "clock24": r"\d:\d", "unit_long": r"(?i)-long", "slash_date": r"\d/\d", "clock": r"(?i)\d\s*(?:[ap]\.?\s?m|o'clock|in\s+the\s+(?:morning|afternoon|evening))",
    "noon": r"(?i)noon|midday|midnight", "year_ago": r"(?i)year-", "unit_rel": r"(?i)\b(?:before|after)\b",
    "vague_ago": r"(?i)ago|earlier|later", "ago": r"(?i)ago|earlier|later|before|after|previously|from now|hence|back|on",
    "daypart": r"(?i)morning|afternoon|evening|night|daytime", "daypart_relday": r"(?i)(?:morning|afternoon|evening|night)\s+(?:yesterday|today|tomorrow)",
    "week_of": r"(?i)week\s+of", "set_calendar": r"(?i)\b(?:every|each)\s", "set_adverb": r"(?i)ly\b",
    "duration_adjective": r"(?i)\w-(?:second|minute|hour|day|night|week|month|quarter|year|decade|century|fortnight|weekend|millennium)",
    "day_month": r"\d\s+(?:of\s+)?[A-Z]", "month_day": r"[A-Za-z]\.?\s+\d",
}


def _number_pattern(lex: Lexicon) -> str:
    units = [w for w, v in lex.number_words.items() if v < 10 and " " not in w and len(w) > 2]
    tens = [w for w, v in lex.number_words.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)]
    compound = rf"(?:{alternation(tens)})[\s-](?:{alternation(units)})"
    simple = rf"\d+|{compound}|{alternation([w for w, v in lex.number_words.items() if v >= 1 and ' ' not in w])}"
    hundreds = rf"(?:{alternation(units)})\s+(?:hundred|thousand)"
    return (
        rf"(?P<num>(?:{simple})\s+and\s+a\s+half|\d+[\s-]+1/2|\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{hundreds}|{compound}|{alternation(lex.number_words)}"
        rf"|{alternation(lex.vague_numbers)})"
    )


def _stems(words: list[str]) -> tuple[str, ...]:
    """The shortest forms to look for: "apr" finds "april" too."""
    unique = set(words)
    return tuple(sorted(w for w in unique if not any(w != v and w.startswith(v) for v in unique)))


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """All rules, most specific first (the order breaks ties between equally long matches)."""
    lex = load()
    full_months = [m for m in lex.months if len(m) > 4 or m in ("may", "june", "july")]
    abbr_months = [m for m in lex.months if m not in full_months]
    month = rf"(?P<month>(?:{alternation(full_months)})|(?:{alternation(abbr_months)})(?:\.|(?=\s+\d)))"
    full_days = [d for d in lex.weekdays if len(d) > 4]
    abbr_days = [d for d in lex.weekdays if d not in full_days]
    weekday = rf"(?P<weekday>(?:{alternation(full_days)})|(?:{alternation(abbr_days)})\.)"
    part = rf"(?P<part>{alternation(lex.part_modifiers)})"
    qmod = rf"(?P<qmod>{alternation(lex.quantity_modifiers)})"
    unit_words = list(lex.units) + [u + "s" for u in lex.units] + list(lex.plural_units)
    unit = rf"(?P<unit>{alternation(unit_words)})"
    calendar_units = r"(?P<unit>week|weekend|month|quarter|year|decade|century|day|night|fiscal\s+year)"
    num = _number_pattern(lex)
    season = rf"(?P<season>{alternation(lex.seasons)})"
    daypart = rf"(?P<daypart>{alternation(lex.day_parts)})"
    ordinal = rf"(?P<ordinal>{alternation(lex.ordinals)}|\d{{1,2}}(?:st|nd|rd|th))"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year4 = r"(?P<year>[12]\d{3})"
    clock = (
        r"(?P<hour>[0-2]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\.?(?!\w)|o'clock|in\s+the\s+(?:morning|afternoon|evening))"
        rf"(?:\s+(?P<tz>{TIME_ZONES}))?"
    )
    clock_date = rf"(?:,?\s+(?:on\s+)?{month}\s+(?P<cday>[0-3]?\d)(?!\d)(?:,\s+(?P<cyear>[12]\d{{3}})(?!\d))?)?"
    rel_word = r"(?P<rel>ago|earlier|later|before|after|previously|from\s+now|hence|back|on)"
    spoken_year = (rf"(?P<century>{SPOKEN_TEENS})[\s-]+(?:hundred(?:\s+and)?[\s-]+)?"
                   rf"(?P<yy>(?:oh[\s-]+)?(?:{SPOKEN_UNITS})|{SPOKEN_TEENS}|ten|(?:{SPOKEN_TENS})(?:[\s-](?:{SPOKEN_UNITS}))?)"
                   rf"|two\s+thousand(?:\s+and\s+(?P<yy2>{SPOKEN_UNITS}|ten))?")
    table: list[tuple[str, str, tuple[str, ...]]] = [
        ("iso_date", r"(?P<year>[12]\d{3})-(?P<nmonth>[01]\d)-(?P<day>[0-3]\d)(?:T(?P<hour>\d\d):(?P<minute>\d\d))?", ()),
        ("slash_date", r"(?P<nmonth>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:[12]\d)?\d\d)", ()),
        ("clock", rf"(?:(?P<relday>today|yesterday|tomorrow|tonight)\s+(?:at\s+)?)?{clock}"
                  rf"(?:\s+(?:on\s+)?(?P<relday2>today|yesterday|tomorrow|tonight)|\s+(?:on\s+)?{weekday})?{clock_date}", ("weekday", "month")),
        ("clock24", r"(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?!:?\d)(?:\s+(?:hours|hrs|GMT|UTC|local\s+time))?", ()),
        ("noon", rf"(?P<noon>noon|midday|midnight)(?:\s+(?:on\s+)?(?:(?P<relday>today|yesterday|tomorrow)|{weekday}))?", ("weekday",)),
        ("month_day", rf"(?:{weekday},?\s+)?(?:the\s+{daypart}\s+of\s+)?(?:{part}\s+|(?P<dir>last|next|this\s+past|this\s+coming)\s+)?{month}\s+{day}"
                      r"(?:\s*(?:-|–|to|and|through)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
                      rf"(?:,?\s+{year4}|\s+of\s+(?P<ofdir>that|the\s+same|the\s+following|the\s+previous|this|last|next)\s+year)?(?!\d|:\d)", ("month", "weekday")),
        ("month_word_day", rf"{month}\s+(?P<wday>(?:twenty|thirty)[\s-](?:{SPOKEN_UNITS})|{SPOKEN_UNITS}|ten|{SPOKEN_TEENS}|twenty|thirty)"
                           rf"(?:,?\s+{year4})?(?![\w-])", ("month",)),
        ("day_month", rf"(?:{weekday},?\s+)?(?:the\s+{daypart}\s+of\s+)?(?:the\s+)?{day}(?:\s*[-–]\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?\s+(?:of\s+)?{month}(?:,?\s+{year4})?(?!\d)",
         ("month", "weekday")),
        ("month_year", rf"(?:{part}[\s-]+|(?P<dir>{NEAR_DIR})\s+)?{month}(?:,?\s+(?:of\s+)?(?:{year4}|(?P<byear>\d{{1,4}})\s+{ERA}|(?:of\s+)?(?P<ofdir>this|last|next|that|the\s+same|the\s+following|the\s+previous)\s+year))?",
         ("month",)),
        ("season", rf"(?:{part}\s+|(?P<dir>{NEAR_DIR})\s+)?(?:(?P<sdet>the)\s+)?{season}"
                   rf"(?:\s+(?:of\s+)?{year4}|\s+of\s+(?P<ofdir>last|next|this|that|the\s+same|the\s+following|the\s+previous)\s+year"
                   rf"|\s+of\s+(?:{spoken_year}))?", ()),
        ("decade", rf"(?:{part}[\s-]+)?(?:the\s+)?(?:(?P<decade>[12]?\d{{2}}0)'?s|'(?P<decade2>\d0)s"
                   rf"|(?P<decword>{alternation(lex.decade_words)}))(?:\s+{ERA})?", ()),
        ("century", rf"(?:{part}[\s-]+)?(?:the\s+)?{ordinal}[\s-]+centur(?:y|ies)(?:\s+{ERA})?", ()),
        ("year", rf"(?:{part}[\s-]+)?(?:(?P<fiscal>fiscal(?:\s+year)?|calendar(?:\s+year)?|FY|the\s+years?|model\s+year)\s+)?"
                 rf"(?:(?:{year4}|(?P<byear>\d{{1,4}}))(?:\s+{ERA})?|(?P<preera>A\.?D\.?)\s+(?P<ayear>\d{{1,4}}))", ()),
        ("spoken_year", rf"(?:(?:the\s+year|{month})\s+)?(?:{spoken_year})", ("month",)),
        ("quarter", r"(?:the\s+(?=\S+\s+(?:\S+\s+)?(?:quarter|period)|fiscal|calendar))?(?:(?P<yago>year-ago|year-earlier)\s+(?=\S+\s+quarter))?"
                    r"(?:(?<=the\s)(?P<qyear2>[12]\d{3})\s+|(?P<ydir>this|last|next)\s+year's\s+)?(?:fiscal\s+(?=\S+\s+quarter))?(?:(?P<qword>first|second|third|fourth|1st|2nd|3rd|4th|final|latest|current"
                    r"|previous|past|year-ago|year-earlier|same|comparable|corresponding|last|next|this|fiscal|calendar)"
                    r"(?:[\s-]+(?:fiscal|calendar))?[\s-]+)?(?P<qnoun>quarter|period)"
                    rf"(?:\s+(?:of|in)\s+(?:fiscal\s+)?{year4}|,?\s+(?P<qyear>[12]\d{{3}})|\s+(?P<lastyear>(?:of\s+)?last\s+year|a\s+year\s+(?:ago|earlier)))?", ()),
        ("bare_quarter", r"the\s+quarter", ()),
        ("year_end", r"(?:the\s+)?year(?:-|\s+|'s\s+)end", ()),
        ("bare_weekend", r"the\s+weekend", ()),
        ("whole_year", r"the\s+(?P<whole>full|fiscal|calendar|whole|entire)\s+year", ()),
        ("half", r"(?:the\s+)?(?P<hword>first|second|1st|2nd|latter|last)[\s-]+half"
                 rf"(?:\s+of\s+(?:the\s+)?(?:{year4}|(?P<ofdir>last|this|next|the)\s+year))?", ()),
        ("relday", rf"(?:(?P<part>early|late)\s+)?(?P<relday>today|yesterday|tomorrow|tonight|the\s+day\s+before\s+yesterday"
                   rf"|the\s+day\s+after\s+tomorrow)(?:\s+{daypart})?", ()),
        ("daypart", rf"(?P<dir>this|that|last|the\s+same|the\s+next|the\s+following|early\s+this|late\s+this|later\s+this|earlier\s+this|mid)[\s-]+{daypart}", ()),
        ("daypart_relday", rf"(?:(?:early|late|mid)[\s-]?)?{daypart}\s+(?P<relday>yesterday|today|tomorrow)", ()),
        ("week_of", rf"the\s+week\s+of\s+{month}\s+{day}(?:,?\s+{year4})?", ("month",)),
        ("day_beside_weekday", rf"the\s+day\s+(?P<rel>before|after)\s+(?:(?P<dir>last|next|this)\s+)?{weekday}", ("weekday",)),
        ("weekday", rf"(?:(?P<dir>last|next|this|coming|past|this\s+coming|this\s+past|the\s+previous|the\s+following)\s+|(?P<part>early|late)\s+)?{weekday}(?:\s+{daypart}s?)?", ("weekday",)),
        ("ago", rf"(?:{qmod}\s+)?{num}[\s-]+{unit}(?P<half>\s+and\s+a\s+half)?\s+{rel_word}", ()),
        ("vague_ago", rf"(?P<vunit>years|months|weeks|days|decades|centuries)\s+(?P<rel>ago|earlier|later)", ()),
        ("year_ago", r"(?:the\s+(?=\S+\s+(?:period|quarter)))?(?P<yrel>year-ago|year-earlier|year-before)(?:\s+(?:period|quarter))?", ()),
        ("unit_rel", r"the\s+(?P<unit>day|week|month|year|night)\s+(?P<rel>before|after)(?=\s*[,.;:)]|\s+that\b)", ()),
        ("relunit", rf"(?:(?P<part2>{alternation(lex.part_modifiers)}|earlier(?:\s+in)?|later(?:\s+in)?)\s+)?(?P<dir>{REF_DIRS})\s+{calendar_units}"
                    r"(?:\s+(?:of\s+)?(?P<lastyear>last\s+year|a\s+year\s+(?:ago|earlier)))?", ()),
        ("set", rf"(?P<every>every|each|per|a)\s+(?:other\s+)?(?:{num}\s+)?(?:{unit}|{weekday}|{daypart})", ()),
        ("set_calendar", rf"(?P<every>every|each)\s+(?:{month}|{season})", ("month",)),
        ("set_adverb", rf"(?P<adverb>{alternation(lex.set_adverbs)})", ()),
        ("duration", rf"(?:{qmod}\s+(?!the\s))?(?:(?P<det>{DURATION_DETS})\s+)?{num}\s+(?:more\s+|trading\s+|business\s+|working\s+|consecutive\s+|straight\s+)?{unit}"
                     r"(?P<half>\s+and\s+a\s+half)?", ()),
        ("unit_long", rf"(?P<unit>{alternation(list(lex.units))})-long", ()),
        ("duration_adjective", rf"{num}-(?P<unit>{alternation(list(lex.units))})(?:-long)?(?!-old)", ()),
        ("bare_units", rf"(?:(?P<det>recent|coming|the\s+past|the\s+last|the\s+coming|the\s+next|the\s+following"
                       r"|the\s+previous|the\s+first|the\s+final|the\s+early|the\s+last\s+few|the\s+past\s+few)\s+)?"
                       r"(?P<vunit>years|months|weeks|days|decades|centuries|hours|minutes|quarters)", ()),
        ("reference", rf"(?P<ref>{alternation(lex.references)})", ()),
        ("holiday", rf"(?:(?P<dir>last|next|this)\s+)?(?P<holiday>{alternation(list(lex.holidays) + list(lex.floating_holidays))})"
                    rf"(?:,?\s+{year4})?", ("holiday",)),
    ]
    unit_stems = _stems([u[:6] for u in list(lex.units) + list(lex.plural_units)])
    month_words = _stems(list(lex.months))
    weekday_words = _stems(full_days + [d + "." for d in abbr_days])
    relative_days = ("today", "yesterday", "tomorrow", "tonight")
    anchors = {**{name: unit_stems for name in ("ago", "duration", "duration_adjective", "bare_units", "relunit")},
               **{name: month_words for name in ("month_day", "month_word_day", "day_month", "month_year", "week_of")},
               "weekday": weekday_words, "day_beside_weekday": weekday_words, "season": _stems(list(lex.seasons)), "century": ("centur",),
               "quarter": ("quarter", "period"), "bare_quarter": ("quarter",), "year_end": ("year",),
               "whole_year": ("year",), "half": ("half",), "bare_weekend": ("weekend",),
               "noon": ("noon", "midday", "midnight"), "year_ago": ("year-",), "vague_ago": ("ago", "earlier", "later"),
               "daypart": _stems(list(lex.day_parts)), "daypart_relday": relative_days, "relday": relative_days,
               "set_calendar": ("every", "each"), "set_adverb": _stems(list(lex.set_adverbs)), "unit_long": ("-long",),
               "reference": _stems(list(lex.references)), "unit_rel": ("before", "after"),
               "holiday": _stems(list(lex.holidays) + list(lex.floating_holidays))}
    return tuple(
        Rule(name, re.compile(rf"(?<![\w$£€'])(?:(?<![A-Za-z]-)|(?=\d)|(?=(?-i:[A-Z])))(?:{body})(?!\w)(?!-(?-i:[a-z]))", re.IGNORECASE),
             caps, re.compile(TRIGGERS[name]) if name in TRIGGERS else None, anchors.get(name, ()))
        for name, body, caps in table
    )
