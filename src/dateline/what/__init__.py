"""what: the political events a document states, coded in CAMEO, with modality and attribution.

The cascade, once: sentences (headlines are their own) → coded clauses from the dependency parse
(clauses.py, patterns from data/patterns.yaml) → one event per source/target pair (symmetric acts
of coordinated subjects give one event) → modality (modality.py) → attribution (attribution.py)
→ date (``when.event_date``, with the clause's own explicit date as a fallback) and place
(``where.event_location``) → within-article deduplication (a headline and the lead stating the
same act become one event with every evidence span in ``mentions``).

Precision first: an event needs a resolved source actor and a known pattern; verbs of saying are
never events of their own, and acts governed by a coded act (*refused to sign*) are part of it.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .. import when, where
from ..records import Actor, Article, Event, Place, Timex
from .actors import ActorIndex, actor_key, fallback_actors, historical, sentence_units
from .attribution import reporters
from .clauses import Clause, ClauseFinder
from .modality import governors, modality
from .ontology import describe, intent_code

__all__ = ["code", "code_text"]

INTENT_MODALITIES = frozenset({"planned", "possible", "conditional"})
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
FULL_DATE = re.compile(r"\b([A-Z][a-z]+)\s+(\d{1,2}),\s*(\d{4})\b")
YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")


def code(
    doc: Doc,
    article: Article,
    actors: list[Actor],
    timexes: list[Timex],
    places: list[Place],
) -> list[Event]:
    """The political events stated in ``doc`` (one per act, deduplicated within the article)."""
    index = ActorIndex(doc, actors or fallback_actors(doc))
    finder = ClauseFinder(index)
    events: list[Event] = []
    for unit in sentence_units(doc):
        for clause in finder.find(unit):
            events.extend(_events(clause, doc, article, timexes, places))
    return deduplicate(events)


def code_text(text: str, published: str | None = None, article_id: str = "text") -> list[Event]:
    """Code a bare text with the full pipeline (parse and every stage): for tests and evaluation."""
    from .. import pipeline

    article = Article(id=article_id, text=text, published=published)
    return pipeline.analyse_one(article).events


def _pairs(clause: Clause) -> list[tuple[Actor, Actor | None, bool]]:
    """Source/target pairs of a clause: one symmetric event for coordinated mutual actors."""
    sources, targets = clause.sources, clause.targets
    if clause.symmetric and not targets and len(sources) >= 2:
        return [(sources[0], other, True) for other in sources[1:]]
    if targets:
        return [(s, t, clause.symmetric) for s in sources for t in targets]
    return [(s, None, False) for s in sources]


def clause_tokens(trigger: Token) -> list[Token]:
    """The tokens of the trigger's clause, for dating and placing the event.

    From the outermost governor (through coordination, so *On November 14 ... held a meeting and
    agreed* dates both acts) down, leaving out reported and relative clauses not holding the
    trigger; a *where*-clause borrows its antecedent's phrase (*the summit due on June 28-29,
    where they are scheduled to meet*).
    """
    top = governors(trigger)[-1]
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    inside = {t.i for t in trigger.ancestors} | {trigger.i}
    tokens: list[Token] = []
    skip: set[int] = set()
    for child in top.subtree:
        if child.i in skip:
            continue
        if child.dep_ in ("ccomp", "relcl", "parataxis") and child.i not in inside and child.i != top.i:
            skip.update(t.i for t in child.subtree)
            continue
        tokens.append(child)
    if top.dep_ == "relcl":
        tokens.extend(t for t in top.head.subtree if t.i not in {x.i for x in top.subtree})
    return tokens


def _explicit_date(tokens: list[Token], timexes: list[Timex], trigger: Token) -> tuple[str, str] | None:
    """The clause's own explicit calendar date (value, precision), nearest the trigger."""
    if not tokens:
        return None
    chars = {t.idx for t in tokens}
    best: tuple[int, str] | None = None
    for timex in timexes:
        if timex.start not in chars:
            continue
        value = timex.value if timex.value and ISO_DATE.match(timex.value) else _parse_date(timex.text)
        if value is None:
            continue
        distance = abs(timex.start - trigger.idx)
        if best is None or distance < best[0]:
            best = (distance, value)
    if best is None:
        return None
    value = best[1]
    return value, {4: "year", 7: "month", 10: "day"}[len(value)]


def _parse_date(text: str) -> str | None:
    full = FULL_DATE.search(text)
    if full and full.group(1).lower() in MONTHS:
        return f"{full.group(3)}-{MONTHS[full.group(1).lower()]:02d}-{int(full.group(2)):02d}"
    year = YEAR.search(text)
    if year and text.strip().lower().removeprefix("in ").strip() == year.group(1):
        return year.group(1)
    return None


def _events(clause: Clause, doc: Doc, article: Article, timexes: list[Timex], places: list[Place]) -> list[Event]:
    trigger = clause.trigger
    unit: Span = clause.unit
    mood = modality(trigger, clause.code)
    cameo = clause.code
    if mood in INTENT_MODALITIES and cameo[:2] in ("04", "05", "06", "07", "08"):
        cameo = intent_code(cameo)
    tokens = clause_tokens(trigger)
    dated = when.event_date(doc, tokens, timexes, article.published)
    date, precision, date_from = dated.value, dated.precision, dated.date_from
    if date_from != "text":
        explicit = _explicit_date(tokens, timexes, trigger)
        if explicit:
            date, precision, date_from = explicit[0], explicit[1], "text"
    year = int(date[:4]) if date and date[:4].isdigit() else None
    place = where.event_location(doc, tokens, places, article, date)
    attribution = reporters(trigger, unit)
    info = describe(cameo)
    span = (unit.start_char, unit.end_char)
    while span[1] > span[0] and doc.text[span[1] - 1].isspace():
        span = (span[0], span[1] - 1)
    events = []
    for source, target, symmetric in _pairs(clause):
        if _is_publisher(source, article) or (target is not None and actor_key(source) == actor_key(target)):
            continue
        events.append(Event(
            article_id=article.id,
            cameo=cameo,
            source=historical(source, year),
            target=historical(target, year) if target else None,
            sentence=doc.text[span[0]:span[1]],
            span=span,
            root=info.root,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            plover=info.plover,
            date=date,
            date_precision=precision,
            date_from=date_from,
            modality=mood,
            attribution=attribution,
            location=place,
            trigger=trigger.text if clause.noun is None else f"{trigger.text} {clause.noun.text}",
            symmetric=symmetric,
            mentions=[span],
        ))
    return events


def _is_publisher(actor: Actor, article: Article) -> bool:
    return bool(article.source) and actor.text.strip().lower() == (article.source or "").strip().lower()


def _dedup_key(event: Event) -> tuple:
    source, target = actor_key(event.source), actor_key(event.target)
    pair: tuple = tuple(sorted([str(source), str(target)])) if event.symmetric else (source, target)
    date = event.date if event.date_from == "text" else None
    return event.root, pair, event.modality, date


def deduplicate(events: list[Event]) -> list[Event]:
    """One event per act within an article; repeated statements add their spans to ``mentions``.

    Two events are the same act when root, actors (unordered for symmetric acts) and modality
    agree and their text dates do not differ (an undated mention joins a dated one).
    """
    kept: list[Event] = []
    for event in events:
        key = _dedup_key(event)
        match = None
        for other in kept:
            okey = _dedup_key(other)
            if okey[:3] == key[:3] and (okey[3] is None or key[3] is None or okey[3] == key[3]):
                match = other
                break
        if match is None:
            kept.append(event)
            continue
        for span in event.mentions:
            if span not in match.mentions:
                match.mentions.append(span)
        if match.date_from != "text" and event.date_from == "text":
            match.date, match.date_precision, match.date_from = event.date, event.date_precision, "text"
        for name in event.attribution:
            if name not in match.attribution:
                match.attribution.append(name)
    return kept


