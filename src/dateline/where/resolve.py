"""Place mentions of a parsed article, resolved against the gazetteer.

The cascade, written down once:

1. **Mentions.** spaCy GPE, LOC and FAC entities, plus every run of tokens that spells a
   name from the curated part of the gazetteer (countries, continents, data/places.tsv), which
   the small spaCy model often tags as ORG, NORP or PERSON ("Habomai", "the Southern Kurils")
   or misses. Nationality words ("Japanese") are never places; they only inform the context.
2. **Candidates.** Exact name lookup (accents, case, dots, hyphens and "the" ignored); for an
   entity that is not found, the name without a generic last word ("Shikotan Island").
3. **Qualifiers.** "Paris, Texas" and "Ankara, the Turkish capital" keep only candidates inside
   the region or country that qualifies them.
4. **Scores.** A prior by kind of place (countries and curated places first, then cities by
   population, names matched only as alternates last) plus a context bonus for candidates in
   the countries (and US states) that the rest of the article is about: the dateline place,
   nationality words and the other mentions' best readings, the mention's own name excluded
   so that a wrong first reading cannot confirm itself.
5. **One sense per name.** Every mention of the same name in an article gets the same place.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..records import Article, Place
from . import gazetteer
from .gazetteer import Entry, normalize

ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entities inside which a curated name is not a place ("George Washington", "Jordan Peele").
BLOCKING_LABELS = frozenset({"PERSON", "WORK_OF_ART", "PRODUCT", "LAW", "EVENT"})
GENERIC_LAST_WORDS = frozenset(
    {"island", "islands", "province", "state", "region", "oblast", "prefecture", "governorate",
     "district", "city", "area", "county", "territory", "republic"}
)
CURATED_PRIOR = {
    "country": 9.0, "historical": 9.0, "continent": 8.0, "adm1": 6.5, "territory": 8.0,
    "island": 7.5, "archipelago": 7.5, "sea": 7.5, "strait": 7.5, "gulf": 7.5, "region": 7.0,
    "river": 6.0, "lake": 7.0, "mountains": 7.0, "peninsula": 7.5, "desert": 7.0,
}
CONTEXT_COUNTRY_BONUS = 3.0
CONTEXT_STATE_BONUS = 2.0
DATELINE_BONUS = 1.0
ALTERNATE_PENALTY = 1.5
MAX_PHRASE_TOKENS = 6
_CAPITAL_QUALIFIER = re.compile(r"^\s*,\s*(?:the\s+)?([A-Z][\w-]+)\s+capital\b")


@dataclass
class Mention:
    """A stretch of text that names a place, and the places it may name."""

    start: int
    end: int
    text: str
    candidates: tuple[Entry, ...]
    label: str
    key: str = ""
    chosen: Entry | None = None
    qualifier: list[Entry] = field(default_factory=list)


def prior(entry: Entry) -> float:
    """How likely a bare mention of the name means this entry, before context."""
    if entry.id.startswith("dateline:") or entry.feature in ("country", "continent"):
        score = CURATED_PRIOR.get(entry.feature, 7.0)
    elif entry.feature in ("city", "capital"):
        score = math.log10(max(entry.population, 100)) + (1.5 if entry.feature == "capital" else 0.0)
    elif entry.feature == "adm1":
        # ISO subdivisions: below the same-named city ("Osaka"), above villages.
        score = 5.5 if entry.lat is not None else 4.5
    else:
        score = 4.5
    if entry.alternate:
        score -= ALTERNATE_PENALTY
    return score


@lru_cache(maxsize=1)
def _phrase_keys() -> frozenset[str]:
    """Names worth finding in running text whatever spaCy thinks: the curated places."""
    db = gazetteer.load()
    rows = db._db.execute(
        "SELECT DISTINCT n.key FROM names n JOIN places p ON p.pid = n.pid "
        "WHERE p.feature IN ('country', 'continent') OR p.gid LIKE 'dateline:%'"
    )
    return frozenset(key for (key,) in rows if len(key) > 2 or key in {"us", "uk"})


def _strip_span(span: Span) -> Span:
    """Drop a leading article and a trailing possessive: "the Kuril Islands'" → "Kuril Islands"."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "'s", "’s"):
        start += 1
    while end > start and span.doc[end - 1].lower_ in ("'s", "’s", "'", "’", "-", ".", ","):
        end -= 1
    return span.doc[start:end]


def _candidates(text: str) -> tuple[Entry, ...]:
    db = gazetteer.load()
    found = db.lookup(text)
    if not found:
        words = text.split()
        if len(words) > 1 and words[-1].lower() in GENERIC_LAST_WORDS:
            found = db.lookup(" ".join(words[:-1]))
    return found


def find_mentions(doc: Doc) -> list[Mention]:
    """Entity mentions and curated-name matches, without overlaps, in text order."""
    mentions: list[Mention] = []
    taken = [False] * len(doc)
    blocked = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ in BLOCKING_LABELS:
            for i in range(ent.start, ent.end):
                blocked[i] = True
        if ent.label_ not in ENTITY_LABELS:
            continue
        span = _strip_span(ent)
        if len(span) == 0:
            continue
        candidates = _candidates(span.text)
        if not candidates:
            continue
        mentions.append(Mention(span.start_char, span.end_char, span.text, candidates, ent.label_))
        for i in range(span.start, span.end):
            taken[i] = True

    keys = _phrase_keys()
    i = 0
    while i < len(doc):
        token = doc[i]
        if taken[i] or blocked[i] or not (token.is_title or token.is_upper) or not token.is_alpha:
            i += 1
            continue
        matched = 0
        for j in range(min(len(doc), i + MAX_PHRASE_TOKENS), i, -1):
            if any(taken[k] or blocked[k] for k in range(i, j)):
                continue
            span = doc[i:j]
            if not (span[-1].is_alpha or span[-1].text.endswith(".")):
                continue
            if normalize(span.text) in keys:
                matched = j - i
                break
        if matched:
            span = doc[i : i + matched]
            candidates = gazetteer.load().lookup(span.text)
            end_char = span.end_char
            # "Kurils." at a sentence end: the full stop is not part of the name ("U.S." keeps its).
            if span.text.endswith(".") and len(span.text) > 1 and span.text[-2].islower():
                end_char -= 1
            mentions.append(Mention(span.start_char, end_char, doc.text[span.start_char:end_char], candidates, "GAZ"))
            for k in range(i, i + matched):
                taken[k] = True
            i += matched
        else:
            i += 1
    mentions.sort(key=lambda m: m.start)
    for mention in mentions:
        mention.key = normalize(mention.text)
    return mentions


def _apply_qualifiers(doc: Doc, mentions: list[Mention]) -> None:
    """"Paris, Texas" keeps the Paris in Texas; "Ankara, the Turkish capital" a Turkish capital."""
    demonyms = gazetteer.demonyms()
    text = doc.text
    for here, after in zip(mentions, mentions[1:] + [None]):
        if after is not None and text[here.end : after.start].strip() == ",":
            regions = [e for e in after.candidates if e.feature in ("adm1", "country", "territory")]
            kept = [
                c for c in here.candidates
                if c is not None and any(_inside(c, region) for region in regions) and c not in regions
            ]
            if kept:
                here.qualifier = kept
                continue
        match = _CAPITAL_QUALIFIER.match(text[here.end : here.end + 60])
        if match:
            country = demonyms.get(normalize(match.group(1)))
            kept = [c for c in here.candidates if c.feature == "capital" and c.country == country]
            if kept:
                here.qualifier = kept


def _inside(entry: Entry, region: Entry) -> bool:
    if region.feature == "country" or region.feature == "territory":
        return bool(set(entry.countries) & set(region.countries))
    if region.admin1 and region.country == "USA":
        return entry.country == "USA" and entry.admin1 == region.admin1
    return entry.country == region.country and entry.feature in ("city", "capital")


def _dateline_entry(article: Article) -> Entry | None:
    """The place of the dateline ("TOKYO"), read as its most prominent reading."""
    if not article.dateline_place:
        return None
    candidates = gazetteer.load().lookup(article.dateline_place.split(",")[0])
    return max(candidates, key=prior, default=None)


def _context(doc: Doc, mentions: list[Mention], dateline: Entry | None) -> tuple[Counter, Counter]:
    """Countries and US states the article is about, per mention key (first readings)."""
    countries: Counter = Counter()
    states: Counter = Counter()
    demonyms = gazetteer.demonyms()
    for token in doc:
        if token.is_title:
            country = demonyms.get(normalize(token.text))
            if country:
                countries[(country, "")] += 1
    if dateline is not None:
        for country in dateline.countries:
            countries[(country, "")] += 2
        if dateline.country == "USA" and dateline.admin1:
            states[(dateline.admin1, "")] += 2
    for mention in mentions:
        options = mention.qualifier or mention.candidates
        best = max(options, key=prior)
        for country in best.countries:
            countries[(country, mention.key)] += 1
        if best.country == "USA" and best.admin1:
            states[(best.admin1, mention.key)] += 1
    return countries, states


def _context_for(counter: Counter, key: str) -> set[str]:
    return {code for (code, owner), n in counter.items() if owner != key and n > 0}


def score(entry: Entry, countries: set[str], states: set[str], dateline: Entry | None) -> float:
    """Prior plus what the rest of the article says."""
    value = prior(entry)
    if countries & set(entry.countries):
        value += CONTEXT_COUNTRY_BONUS
    if entry.country == "USA" and entry.admin1 in states:
        value += CONTEXT_STATE_BONUS
    if dateline is not None and entry.country == dateline.country and entry.country:
        value += DATELINE_BONUS
    return value


def resolve_mentions(doc: Doc, article: Article) -> list[Mention]:
    """Mentions with their chosen gazetteer entry (the steps of the module docstring)."""
    mentions = find_mentions(doc)
    if not mentions:
        return mentions
    _apply_qualifiers(doc, mentions)
    dateline = _dateline_entry(article)
    country_counts, state_counts = _context(doc, mentions, dateline)
    chosen: dict[str, Entry] = {}
    for mention in mentions:
        if mention.qualifier:
            options = mention.qualifier
        elif mention.key in chosen:
            mention.chosen = chosen[mention.key]
            continue
        else:
            options = mention.candidates
        countries = _context_for(country_counts, mention.key)
        states = _context_for(state_counts, mention.key)
        best = max(options, key=lambda e: score(e, countries, states, dateline))
        mention.chosen = best
        chosen.setdefault(mention.key, best)
    return mentions


def to_place(mention: Mention) -> Place:
    entry = mention.chosen
    if entry is None:
        return Place(mention.start, mention.end, mention.text)
    return Place(
        mention.start, mention.end, mention.text, entry.name, entry.country, entry.lat,
        entry.lon, entry.id, entry.feature,
    )


def resolve(doc: Doc, article: Article) -> list[Place]:
    """Place mentions of ``doc`` with name, country (ISO3), coordinates, id and feature."""
    return [to_place(m) for m in resolve_mentions(doc, article)]
