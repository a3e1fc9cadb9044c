"""Finding and normalising the temporal expressions of a parsed document.

The cascade, once: every grammar rule proposes matches over the document text; readers reject
the matches that are not times after all (a count "2000 troops", "may" the verb); among the
rest the longest match wins and the rest of it is discarded; the winners are then normalised
in document order, so each date the text fixes becomes the reference time for the anaphoric
expressions after it ("In 1960 ... a year later" is 1961). Extents are snapped to spaCy tokens.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from ..records import Timex
from . import syntax
from .grammar import Rule, rules
from .interpret import READERS
from .lexicon import Lexicon, load
from .normalise import Context, Reading
from .values import FINENESS, Point, parse_iso

TENSE_RULES = {"weekday", "month_day", "month_word_day", "week_of", "day_month", "month_year", "holiday", "season", "quarter",
               "clock", "noon", "bare_weekend", "relunit", "year_end"}
YEAR_TOKEN = re.compile(r"(?<![\w$.,])(1[0-9]|20)\d\d(?![\w%])")
NOT_YEAR_NEXT_TAGS = {"NNS", "NNPS", "CD"}
NOT_YEAR_NEXT_WORDS = {"%", "percent", "km", "kilometers", "miles", "meters", "feet", "tons", "hours"}
MAX_EXPRESSION_CHARS = 120
APPROX_BEFORE = re.compile(r"(?<![\w])(?:[Aa]round|[Aa]pproximately)\s+$")
PLANNED_BEFORE = re.compile(r"\b(?:planned|planning|plans?|scheduled|expected|intended|slated|due)\b[\w\s]{0,24}$"
                            r"|\bsince\s+$", re.IGNORECASE)
UNTIL_BEFORE = re.compile(r"\b(?:until|till)\b[\w\s]{0,30}$", re.IGNORECASE)  # "lasted until the fall of Budapest in"
APPROX_RULES = {"month_day", "month_word_day", "day_month", "clock", "clock24", "noon", "year_end", "month_year"}


@dataclass
class Candidate:
    start: int
    end: int
    order: int
    rule: Rule
    match: re.Match[str]


class TokenIndex:
    """Character offset → token lookups in O(log n), for words around a match."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt from the tokens on every access
        # Read in one call: iterating the tokens in Python costs more than the tagging itself.
        columns = doc.to_array([IDX, SENT_START]).tolist() if len(doc) else []
        self.starts = [idx for idx, _ in columns]
        self.sent_starts = [0]
        if doc.has_annotation("SENT_START"):
            self.sent_starts += [idx for i, (idx, start) in enumerate(columns) if start == 1 and i > 0]

    def previous(self, char: int):
        i = bisect.bisect_left(self.starts, char) - 1
        return self.doc[i] if i >= 0 else None

    def next(self, char: int):
        i = bisect.bisect_left(self.starts, char)
        return self.doc[i] if i < len(self.starts) else None

    def at(self, char: int):
        i = bisect.bisect_right(self.starts, char) - 1
        return self.doc[i] if 0 <= i < len(self.starts) else None

    def sentence(self, char: int) -> int:
        return bisect.bisect_right(self.sent_starts, char) - 1

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """The match extended to whole tokens (a match never splits a token)."""
        first, last = self.at(start), self.at(max(start, end - 1))
        if first is None or last is None:
            return start, end
        text = self.text
        # Only a match that starts or ends inside a word grows; "August-24" stays split.
        if start > 0 and text[start - 1].isalnum():
            start = min(start, first.idx)
        if end < len(text) and text[end].isalnum():
            end = max(end, last.idx + len(last.text))
        return start, end


DEICTIC_CUE = re.compile(
    r"\b(?:yesterday|today|tomorrow|(?:this|last|next)\s+(?:week|month|year)|ago"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


ERA_YEAR = re.compile(r"\b\d{1,4}\s+(?:BC|B\.C\.|BCE|AD|A\.D\.)(?!\w)|\b(?:AD|A\.D\.)\s+\d{1,4}\b")
QUOTED = re.compile(r"[\"“][^\"”\n]{0,400}[\"”]")


def is_narrative(text: str, dct: Point | None) -> bool:
    """A history rather than news: written years are mostly far from the article's own date
    and the text hardly ever speaks from its own day ("yesterday", "last week", "on Friday").
    Words inside quotations are the speaker's day, not the text's ("It is us today. It will
    be you tomorrow"), and years with an era ("480 BC") are always far."""
    if dct is None:
        return True
    years = [int(m.group(0)) for m in YEAR_TOKEN.finditer(text)]
    years += [-1] * len(ERA_YEAR.findall(text))
    if len(years) < 3:
        return False
    far = sum(1 for y in years if abs(y - dct.year) > 2) / len(years)
    cues = len(DEICTIC_CUE.findall(QUOTED.sub(" ", text)))
    # A long text full of written years that never says "yesterday" or "on Friday" is a
    # history even when its years are recent (a Wikipedia article on the Iraq war).
    return (far > 0.7 and cues < 0.1 * len(years)) or (len(years) >= 20 and cues < 0.05 * len(years))


ASIDE_YEARS = 30


def _aside(point: Point | None, reference: Point | None) -> bool:
    """A bare year far from the day or month a history has reached is a remark made from
    elsewhere (a later discovery, an earlier precedent), not a move of the story's time."""
    return (point is not None and reference is not None and point.granularity == "year"
            and reference.granularity in ("day", "month") and abs(point.year - reference.year) > ASIDE_YEARS)


def _contains(outer: Point, inner: Point | None) -> bool:
    """Whether ``inner`` is a finer period inside the year or month ``outer``."""
    if inner is None or outer.granularity not in ("year", "month"):
        return False
    if FINENESS.get(inner.granularity, 0) <= FINENESS[outer.granularity]:
        return False
    return inner.year == outer.year and (outer.granularity == "year" or inner.month == outer.month)


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    lexicon = load()
    return frozenset(lexicon.months) | frozenset(lexicon.weekdays)


def _plausible(candidate: Candidate, index: TokenIndex) -> bool:
    """Checks that need the parse: capitalised month names, years that are not counts."""
    match, text = candidate.match, candidate.match.string
    for group in candidate.rule.capitalised:
        if match.group(group) and not text[match.start(group)].isupper():
            return False
    month = match.groupdict().get("month")
    if month and month.rstrip(".").isupper() and len(month.rstrip(".")) <= 4 and candidate.rule.name == "month_year" \
            and not match.group("year") and not text[max(0, candidate.start - 40):candidate.start].isupper():
        return False  # "systems from IBM and DEC.": a company, not December
    if month:
        token = index.at(match.start("month"))
        if syntax.in_a_name(token, _calendar_words()) or token is not None and token.tag_ == "MD":
            return False  # "Theresa May", "June Carter"; "Iran May Strike Back" in a Title Case headline
    if candidate.rule.name == "clock24" and text[max(0, candidate.start - 1):candidate.start] == ":":
        return False  # "ran 2:06:20": a race time, not a time of day
    if candidate.rule.name == "spoken_year":
        following = index.next(candidate.end)
        if following is not None and following.tag_ in NOT_YEAR_NEXT_TAGS:
            return False  # "nineteen ninety-seven people"; "a nineteen ninety-seven attack" is a year
    if candidate.rule.name == "year" and match.group("year") and not (
        match.group("era") or match.group("part") or match.group("fiscal")
    ):
        following = index.next(candidate.end)
        before = index.previous(candidate.start)
        if following is not None and (
            following.tag_ in NOT_YEAR_NEXT_TAGS and following.lower_ not in ("bc", "ad")
            and not (following.tag_ == "NNPS" and before is not None and before.lower_ == "the")  # "the 2000 Olympics"
            or following.lower_ in NOT_YEAR_NEXT_WORDS
        ):
            return False
        if before is not None and before.text in ("$", "#", "No.", "no.", "number", "Number", "£", "€", "base"):
            return False  # "index (base 1980)": an index's base year, not a time
        if text[candidate.end:candidate.end + 1] == "=":
            return False  # "(1980=100)"
        if re.match(r"[.,]\d", text[candidate.end:candidate.end + 2]):
            return False  # "closed at 2082.1": an index value, not a year
    return True


ANCHOR_WINDOW = (100, 40)  # characters before and after an anchor word a match may reach


def _windows(rule: Rule, text: str, lowered: str) -> list[tuple[int, int]]:
    """Where to scan for ``rule``: the whole text, or merged windows around its anchor words."""
    if not rule.anchor:
        return [(0, len(text))]
    before, after = ANCHOR_WINDOW
    hits = []
    for word in rule.anchor:
        position = lowered.find(word)
        while position != -1:
            hits.append(position)
            position = lowered.find(word, position + 1)
    windows: list[tuple[int, int]] = []
    for position in sorted(hits):
        start, end = max(0, position - before), min(len(text), position + after)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _matches(rule: Rule, text: str, lowered: str):
    for start, end in _windows(rule, text, lowered):
        yield from rule.pattern.finditer(text, start, end)


def _candidates(doc: Doc, index: TokenIndex) -> list[Candidate]:
    text = index.text
    lowered = text.lower()
    found: list[Candidate] = []
    for order, rule in enumerate(rules()):
        if rule.trigger is not None and not rule.trigger.search(text):
            continue
        for match in _matches(rule, text, lowered):
            start, end = match.span()
            if end - start > MAX_EXPRESSION_CHARS:
                continue
            start, end = index.snap(start, end)
            candidate = Candidate(start, end, order, rule, match)
            if _plausible(candidate, index):
                found.append(candidate)
    return found


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest first, then earlier rule; no two chosen matches share a character."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), c.order, c.start)):
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)


def _context_words(ctx: Context, cand: Candidate, index: TokenIndex) -> None:
    before, after = index.previous(cand.start), index.next(cand.end)
    ctx.previous_word = before.lower_ if before is not None else ""
    ctx.previous_tag = before.tag_ if before is not None else ""
    ctx.next_word = after.lower_ if after is not None else ""
    ctx.next_tag = after.tag_ if after is not None else ""
    ctx.before = index.text[max(0, cand.start - 24):cand.start].lower()


def _read(ctx: Context, cand: Candidate, index: TokenIndex, doc: Doc,
          year_hint: int | None = None) -> Reading | list[Reading] | None:
    sentence = index.sentence(cand.start)
    if sentence != ctx.sentence:
        ctx.earlier = []
    ctx.sentence = sentence
    _context_words(ctx, cand, index)
    ctx.tense = "unknown"
    ctx.pluperfect = False
    ctx.modal = False
    if cand.rule.name in TENSE_RULES:
        span = syntax.tokens_in(doc, cand.start, cand.end)
        if span is not None and len(span):
            ctx.tense = syntax.tense(span)
            ctx.pluperfect = syntax.pluperfect(span)
            ctx.modal = syntax.modal(span)
    groups = cand.match.groupdict()
    if year_hint is not None:
        groups["year"] = str(year_hint)
    try:
        return READERS[cand.rule.name](ctx, groups)
    except (ValueError, KeyError, OverflowError, IndexError):
        # A reader meeting text its rule did not foresee drops the match rather than the doc.
        return None


CALENDAR_RULES = {"month_day", "month_word_day", "day_month", "month_year", "season"}
COORDINATION = re.compile(r"\s*(?:,?\s*(?:and|or|to|through|until|till)|-|–|/)\s*(?:the\s+)?", re.IGNORECASE)
RANGE = re.compile(r"\s*(?:-|–|to|through|until|till)\s*", re.IGNORECASE)  # not "and": a list
SEASON_MONTHS = {"WI": 1, "SP": 4, "SU": 7, "FA": 10}


def _calendar_month(cand: Candidate, lexicon: Lexicon) -> int | None:
    groups = cand.match.groupdict()
    if groups.get("month"):
        return lexicon.months.get(groups["month"].lower().rstrip("."))
    if groups.get("season"):
        return SEASON_MONTHS[lexicon.seasons[groups["season"].lower()]]
    return None


def _shared_years(chosen: list[Candidate], text: str, lexicon: Lexicon) -> list[int | None]:
    """The year a yearless date borrows from the dated one it is coordinated with: "August
    and September 1914", "from May 15 to August 16, 1988", "the spring and summer of 1979".
    A first date later in the calendar than the second belongs to the year before
    ("November 15 to February 15, 1989")."""
    hints: list[int | None] = [None] * len(chosen)
    for i in range(len(chosen) - 2, -1, -1):
        cand, following = chosen[i], chosen[i + 1]
        groups = cand.match.groupdict()
        if cand.rule.name not in CALENDAR_RULES or following.rule.name not in CALENDAR_RULES:
            continue
        if groups.get("year") or groups.get("byear") or groups.get("ofdir") or groups.get("dir"):
            continue
        if not COORDINATION.fullmatch(text, cand.end, following.start):
            continue
        after = following.match.groupdict()
        year = hints[i + 1] if hints[i + 1] is not None else (
            int(after["year"]) if after.get("year") and not after.get("era") else None)
        first, second = _calendar_month(cand, lexicon), _calendar_month(following, lexicon)
        if year is None or first is None or second is None:
            continue
        hints[i] = year - 1 if first > second else year
    return hints


def _range_year(previous: tuple[Candidate, Reading] | None, cand: Candidate, text: str,
                lexicon: Lexicon) -> int | None:
    """The year of the second of two yearless dates joined as a range: "October-December"
    runs on from October's year; a month earlier in the calendar is in the year after."""
    if previous is None or cand.rule.name not in CALENDAR_RULES:
        return None
    before, reading = previous
    groups = cand.match.groupdict()
    if (before.rule.name not in CALENDAR_RULES or reading.point is None
            or any(groups.get(k) for k in ("year", "byear", "ofdir", "dir"))
            or not RANGE.fullmatch(text, before.end, cand.start)):
        return None
    first, second = _calendar_month(before, lexicon), _calendar_month(cand, lexicon)
    if first is None or second is None:
        return None
    return reading.point.year + (1 if second < first else 0)


LENGTH_VERBS = {"last", "take", "spend", "need", "require", "wait", "stay", "remain", "be"}  # "took over a month"


def _over_as_across(cand: Candidate, index: TokenIndex) -> tuple[int, int] | None:
    """The extent without "over" where "over three years" means "across" them: after a verb or
    an amount ("be used over three years", "$2.5 billion over five years"); None where it means
    "more than" ("for over a year", "just over an hour", "took over a month")."""
    groups = cand.match.groupdict()
    if (groups.get("qmod") or "").lower() != "over" or cand.rule.name != "duration":
        return None
    before = index.previous(cand.start)
    if before is None or before.tag_[:2] not in ("VB", "CD", "NN") or before.tag_[:3] == "NNP" \
            or before.lemma_ in LENGTH_VERBS:
        return None
    text = index.text
    start = cand.match.end("qmod")
    return start + len(text[start:cand.end]) - len(text[start:cand.end].lstrip()), cand.end


FLASH_FORWARD_YEARS = 2


def _flash_forward_from(ctx: Context, cand: Candidate, point: Point) -> Point | None:
    """In a history, the story's time a written date jumps years ahead of ("In November 2008,
    the statue ..." in the middle of 2003), kept so that the next bare date can return to it."""
    old = ctx.reference
    if (ctx.narrative and old is not None and cand.match.groupdict().get("year")
            and point.granularity in ("month", "day") and point.year - old.year >= FLASH_FORWARD_YEARS):
        return old
    return None


COMPARISON_WORDS = {"earlier", "before", "ago", "previously", "the previous", "the preceding", "the prior"}


def _moves_the_story(ctx: Context, cand: Candidate, reading: Reading, text: str) -> bool:
    """Whether a date the text names becomes the time later anaphora count from.

    Not when it compares ("a year earlier" in news compares with the period under discussion),
    not a period holding the finer time already fixed ("December 8, 1941 ... in 1941"), and in
    a history not a plan ("a campaign planned for 1976"), a look back ("since 1614") or a far
    year named in an aside ("documents found in 2004 proved that").
    """
    point = reading.point
    if point is None or reading.type not in ("DATE", "TIME") or point.granularity in ("decade", "century"):
        return False
    groups = cand.match.groupdict()
    if not ctx.narrative and cand.rule.name in ("ago", "year_ago"):
        return False
    if cand.rule.name in ("ago", "relunit") and (groups.get("rel") or groups.get("dir") or "").lower() in COMPARISON_WORDS:
        return False
    if cand.rule.name == "quarter" and (groups.get("lastyear") or groups.get("yago")):
        return False  # "down 22 percent from the same period last year": a comparison
    if cand.rule.name == "season" and not any(groups.get(k) for k in ("year", "dir", "ofdir", "century", "yy2")):
        return False  # "over the winter", "in spring": a season of the time already reached
    if _contains(point, ctx.reference):
        return False
    if ctx.narrative and PLANNED_BEFORE.search(text, max(0, cand.start - 40), cand.start):
        return False
    if ctx.narrative and ctx.reference_sentence >= 0 and UNTIL_BEFORE.search(text, max(0, cand.start - 40), cand.start):
        return False  # an end point ahead ("a siege that lasted until ... February 1945") is not the story's time
    return not (ctx.narrative and ctx.reference_sentence >= 0 and _aside(point, ctx.reference))


def tag(doc: Doc, dct: str | None) -> list[Timex]:
    """Temporal expressions of ``doc`` normalised against the document creation time ``dct``.

    ``dct`` is an ISO date or None; without it, values that need it keep ``X`` placeholders.
    """
    anchor = parse_iso(dct)
    index = TokenIndex(doc)
    lexicon = load()
    probe = Context(lexicon, anchor, narrative=False, reference=anchor)
    viable = [c for c in _candidates(doc, index) if _read(probe, c, index, doc) is not None]
    text = index.text
    ctx = Context(lexicon, anchor, narrative=is_narrative(text, anchor), reference=anchor)
    timexes: list[Timex] = []
    chosen = _select(viable)
    previous: tuple[Candidate, Reading] | None = None
    for cand, year_hint in zip(chosen, _shared_years(chosen, text, lexicon)):
        if year_hint is None:
            year_hint = _range_year(previous, cand, text, lexicon)
        reading = _read(ctx, cand, index, doc, year_hint)
        if reading is None:
            previous = None
            continue
        readings = reading if isinstance(reading, list) else [reading]
        # "about", "nearly", "more than" stay inside the extent (TimeML: the mod says what they
        # mean); the TimeBank and WikiWars annotators include them about three times in four.
        spans = [(cand.start, cand.end)]
        if len(readings) == 2:
            match = cand.match
            spans = [(cand.start, match.end("day")), index.snap(match.start("day2"), cand.end)]
        across = _over_as_across(cand, index)
        if across is not None and len(readings) == 1:
            spans, readings[0].mod = [across], None
        approx = APPROX_BEFORE.search(text, max(0, cand.start - 16), cand.start)
        if approx and len(readings) == 1 and readings[0].type in ("DATE", "TIME") and cand.rule.name in APPROX_RULES:
            # "around Nov. 1", "around 7:15 p.m.": the qualifier belongs to the expression.
            spans = [(approx.start(), cand.end)]
            readings[0].mod = readings[0].mod or "APPROX"
        for (start, end), read in zip(spans, readings):
            timexes.append(Timex(start, end, text[start:end], read.type, read.value, read.mod))
        last = readings[-1]
        ctx.earlier.append(last)
        previous = (cand, last)
        if _moves_the_story(ctx, cand, last, text):
            ctx.left_behind = _flash_forward_from(ctx, cand, last.point)
            ctx.reference = last.point
            ctx.reference_sentence = ctx.sentence
        groups = cand.match.groupdict()
        if groups.get("year") and last.point is not None:
            ctx.explicit_year = last.point.year
            ctx.explicit_year_sentence = ctx.sentence
    return timexes
