"""what: the political events a document states, coded in CAMEO, with modality and attribution.

The cascade, once: sentences (headlines are their own) → coded clauses from the dependency parse
(clauses.py, patterns from data/patterns.yaml, optionally a user PETRARCH verb dictionary) → the
target when the clause names none: an earlier act named by a noun (*viewed that demand as
inadmissible*; *welcomed the announcement* → whoever last acted; *would respond to the drills* →
whoever held them; no guess at all when no earlier act says), else the other party of a two-party story, else the host of a visit or the place
of a coercive act, else, in a one-country sentence, that country (CAMEO's domestic coding) → one
event per source/target pair (coordinated subjects of a mutual act give one symmetric event) →
modality (modality.py; promises of cooperation become CAMEO 03, announced coercion 13, refused
concessions 12) → attribution (attribution.py) → date (``when.event_date``, else the clause's own
explicit date or the date of the document reporting it) and place (``where.event_location``) →
within-article deduplication (a headline and the lead stating one act become one event with every
evidence span in ``mentions``).

Precision first: an event needs a source actor and a known pattern; verbs of saying are never
events of their own, and acts governed by a coded act (*refused to sign*) are part of it.

Over the rules, the learned decision (learned.py, with the sentence model of sentences.py) takes
every pair of parties of each sentence: it keeps a pair the rules coded unless it finds an event
there unlikely, and adds the pairs the rules missed (``decided_events``). ``use_model=False``
codes with the rules alone.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from .. import when, where, who
from ..records import Actor, Article, Event, Place, Timex
from .actors import ActorIndex, actor_key, sentence_units
from .attribution import reporters
from .clauses import Clause, ClauseFinder
from .learned import Candidate, Model, candidates, home_country, identity, load_model, party_identity
from .matching import blocked_roots, reduced_passive, undergone_noun
from .pairs import (CIRCUMSTANCE_ROLES, act_predicate, inside_source_phrase, members_meeting,
                    named_as_place, one_direction, only_where, partnered, reports_another_party, shared_by_lists,
                    unique_pairs)
from .sentences import Reading
from .sentences import load as sentence_model
from .modality import NEGATING_ROOTS, governors, modality, refuses
from .ontology import Patterns, describe, intent_code, patterns, patterns_for, refusal_code, threat_code
from .stated import match_report, states_an_act

__all__ = ["code", "code_text"]

INTENT_MODALITIES = frozenset({"planned", "possible", "conditional"})
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$")


def code(
    doc: Doc,
    article: Article,
    actors: list[Actor],
    timexes: list[Timex],
    places: list[Place],
    use_model: bool = True,
    verb_dictionary: str | None = None,
) -> list[Event]:
    """The political events stated in ``doc`` (one per act, deduplicated within the article).

    ``use_model=False`` keeps the clause rules' events alone (no learned decision);
    ``verb_dictionary`` adds a user verb dictionary (PETRARCH/CAMEO format) to the rules.
    """
    units = sentence_units(doc)
    if match_report(doc.text, units):
        return []  # "Wales beat Hungary 2-0" is no assault
    events = rule_events(doc, article, actors, timexes, places, units, verb_dictionary)
    model = load_model() if use_model else None
    if model is not None:
        events = decided_events(model, doc, article, actors, timexes, places, units, events)
    lead_end = units[min(len(units), LEAD_UNITS) - 1].end_char if units else 0
    events = [e for e in events if states_an_act(e, units)]
    return deduplicate(_unplace_foreign_datelines(events, where.dateline_place(doc, places, article)), lead_end)


def _unplace_foreign_datelines(events: list[Event], dateline: Place | None) -> list[Event]:
    """An event placed only by its story's dateline keeps that place where the dateline's country
    is one of its parties: "WASHINGTON - Mexico agreed to deploy its National Guard" is filed
    from Washington, but the act is Mexico's own and happens there, not in Washington."""
    if dateline is None or not dateline.country:
        return events
    for event in events:
        place = event.location
        if place is None or (place.start, place.end) != (dateline.start, dateline.end):
            continue
        if dateline.country not in {a.country for a in (event.source, event.target) if a is not None}:
            event.location = None
    return events


def rule_events(doc: Doc, article: Article, actors: list[Actor], timexes: list[Timex], places: list[Place],
                units: list[Span], verb_dictionary: str | None = None) -> list[Event]:
    """The events the clause rules code, before deduplication (also the model's evidence)."""
    index = ActorIndex(doc, actors)
    finder = ClauseFinder(index, patterns_for(verb_dictionary))
    events: list[Event] = []
    for unit in units:
        for clause in finder.find(unit):
            if not clause.targets and clause.sources:
                named = anaphoric_target(clause, events)
                if named is None:  # acts on an event whose owners are unknown: no guess
                    named = []
                elif not named:
                    named = [dataclasses.replace(a, rule=f"{a.rule or 'named'}+dyad-partner")
                             for a in dyad_partner(clause, index)]
                clause.targets = named
            events.extend(_events(clause, doc, article, timexes, places, index))
    return events


def read_units(units: list[Span], actors: list[Actor]) -> dict[int, Reading]:
    """The sentence model's reading of each unit that names a party of the learned decision (keyed
    by its first token); the readings serve its candidates alone, so a unit that names only a news
    outlet or a mention without a country is not read."""
    model = sentence_model()
    if model is None:
        return {}
    home = home_country(actors)
    named = [u for u in units if any(u.start_char <= a.start and a.end <= u.end_char and party_identity(a, home)
                                     for a in actors)]
    return {u.start: r for u, r in zip(named, model.predict([u.text for u in named]))}


def decided_events(model: Model, doc: Doc, article: Article, actors: list[Actor], timexes: list[Timex],
                   places: list[Place], units: list[Span], rules: list[Event],
                   readings: dict[int, Reading] | None = None) -> list[Event]:
    """The events the learned decision keeps among every pair of parties of each sentence.

    A pair the clause rules coded keeps the rules' events (their code, date and modality are the
    more specific) unless the model finds an event there unlikely (below ``rule_threshold``); a
    pair the rules did not code becomes an event when the model finds one likely (``threshold``),
    with the model's root, dated and placed from its predicate's clause, unless the rules coded
    the same act the other way round (wire-gold dev F1 0.494 → 0.497, train 0.622 → 0.620: one
    false alarm fewer on dev; it keeps "Ukraine demanded that Moscow withdraw" one way round).

    A rule event with no target is read as its source's domestic act: it stays only where the
    model finds that act likely (``threshold``, as for its own readings) and then falls on the
    source's own country. Left without a target, it matched no wire-gold event (train: 64 such
    events, none right). Wire-gold train F1 0.627 -> 0.651, dev 0.507 -> 0.537 (precision
    0.503 -> 0.548); PLOVER dev half type 0.870 -> 0.844, type and actors 0.753 -> 0.766.
    The rules' own domestic acts (target the source's country) are held to the same bar: of
    the rule events kept, they were the least often right on train (0.45, pairs 0.62), as in
    "retail sales in the United States declined". Train F1 0.658 -> 0.669, dev 0.536 -> 0.538
    (precision 0.545 -> 0.568, recall 0.526 -> 0.511); PLOVER and the own stories unchanged.
    A pair whose source only reports another party's act is no act of the source's
    (:func:`reports_another_party`); a decided act of one listed party is each listed party's
    (:func:`shared_by_lists`); an organisation's members meeting in a host country meet among
    themselves (:func:`members_meeting`).
    So are the rule events whose target the story's other party fills in (``dyad_partner``): they
    were right 23 of 45 times on train and 4 of 9 on dev. Train F1 0.6591 -> 0.6607, dev 0.5429 ->
    0.5446 (precision 0.650 -> 0.655, recall unchanged).
    """
    events: list[Event] = []
    home = home_country(actors)
    known = patterns()
    if readings is None:
        readings = read_units(units, actors)
    for unit in units:
        here = [e for e in rules if unit.start_char <= e.span[0] < unit.end_char]
        first_kept = len(events)  # the rule events this unit keeps are appended from here
        decided, undecided = [], []
        likeliest: dict[str, float] = {}  # each source's likeliest pair in the unit
        for candidate in candidates(unit, actors, rules, home, readings.get(unit.start)):
            if any(m is not None and _is_publisher(m.actor, article) for m in (candidate.source, candidate.target)):
                continue  # the agency reporting the story is not a party to it
            if only_where(candidate.source) or named_as_place(candidate.source):
                continue  # "would meet again in Istanbul", "troops in Bosnia raided": where, not who
            if _subject_acted_on(candidate, known):
                continue  # "UN urged to launch ...", "Tillerson has faced criticism": the one acted on
            if inside_source_phrase(candidate, known.nouns.keys()):
                continue  # "the US embassy in Bern said": where the source is, not whom it acts on
            if candidate.target is not None and candidate.target.role in CIRCUMSTANCE_ROLES:
                continue  # "fight alongside Russian forces", "despite condemnation by Iran": not whom the act is on
            ruled = [] if candidate.source.context or (candidate.target and candidate.target.context) \
                else [e for e in here if candidate.pair in _rule_pairs(e)]
            p = model.event_probability(candidate.features, candidate.pair_probabilities)
            likeliest[candidate.source.ident] = max(p, likeliest.get(candidate.source.ident, 0.0))
            if ruled:
                if p >= model.rule_threshold:
                    kept = [e if e.target is not None else _domestic(e) for e in ruled
                            if p >= model.threshold or not (_domestic_act(e) or _partner_guessed(e))]
                    events.extend(e for e in kept if e not in events)
            elif p >= model.threshold and not reports_another_party(candidate, actors):
                root = model.root(candidate.features, candidate.pair_probabilities)
                if root not in blocked_roots(candidate.trigger, known):  # "released a video" frees no one
                    decided.append((candidate, (root, p)))
            elif p < model.threshold:
                undecided.append(candidate)
        decided += unique_pairs(shared_by_lists(decided, undecided))
        events.extend(e for e in here if _target_from_another_sentence(e, unit) and e not in events
                      and likeliest.get(identity(e.source), 0.0) >= model.rule_threshold)
        ruled_here = {(identity(e.source) if e.source else None, identity(e.target) if e.target else None, e.root)
                      for e in events[first_kept:] if not e.symmetric}
        with_partner = partnered(decided, events[first_kept:])
        for candidate, (root, _) in one_direction(decided):
            reverse = (candidate.target.ident if candidate.target else None, candidate.source.ident, root)
            if reverse in ruled_here:
                continue  # the rules coded this act the other way round: one act, one direction
            if (candidate.target is not None and only_where(candidate.target) and candidate.source.ident in with_partner
                    and model.code_for(root, candidate.trigger.lemma_.lower()) != "042"):
                continue  # met Witkoff in Berlin: where a party with a partner acts, not a host (touched down in Cairo: a visit)
            if members_meeting(candidate, root):
                candidate = dataclasses.replace(candidate, target=None)
            events.append(_decided_event(model, candidate, root, doc, article, timexes, places))
    return events


def _subject_acted_on(candidate: Candidate, known: Patterns) -> bool:
    """Whether the candidate's source is the subject of a verb whose subject does not act: a
    headline's passive without its auxiliary ("UN urged to launch global effort"; "Migrant Aid
    Ship Captain Arrested After Ramming Italian Police Boat", which the parser reads as a noun
    with a participle) or an undergoing verb ("Tillerson has faced criticism over his ties with
    Putin"). Only the subject itself: in "the Pope's appeal got a mixed hearing" the Pope made
    the appeal."""
    head, trigger = candidate.source.head, candidate.trigger
    if head.dep_ == "ROOT" and head.i == trigger.i:
        return any(c.dep_ == "acl" and c.tag_ == "VBN" for c in head.children)
    return head.dep_ == "nsubj" and head.head.i == trigger.i \
        and (reduced_passive(trigger, known) or undergone_noun(trigger, known) is not None)


def _target_from_another_sentence(event: Event, unit: Span) -> bool:
    """Whether a rule event's target is a party of an earlier sentence, which the clause's words
    point back to: whoever made "the decision" Iran condemned, "the sanctions" France criticized,
    "both sides" China urged. No candidate pair of the unit holds such a target (the model pairs
    the parties a sentence names), so the rule event is kept where the model finds its source's
    likeliest pair no less likely than a pair the rules coded (``rule_threshold``). The story's
    other party filled in for a missing target (``dyad_partner``) is a guess, not a reference,
    and stays out; so does a country the act is placed in (a dateline's, for one). Wire-gold
    train: one hit and two false alarms more (F1 0.6769 -> 0.6774); dev and PLOVER unchanged; the
    own stories gain 8 of 82 events (F1 0.790 -> 0.841).
    """
    target, source = event.target, event.source
    return (target is not None and source is not None and not _partner_guessed(event)
            and not (target.rule or "").startswith(PLACE_PARTY_RULES)
            and not unit.start_char <= target.start < unit.end_char and identity(target) != identity(source))


def _partner_guessed(event: Event) -> bool:
    """A rule event whose target the text does not name: the story's other party (``dyad_partner``)."""
    return event.target is not None and (event.target.rule or "").endswith("+dyad-partner")


def _rule_pairs(event: Event) -> set[tuple[str | None, str | None]]:
    """A rule event's parties as candidate pairs: a mutual act either way round, an act with no
    target as the source's domestic pair."""
    source = identity(event.source) if event.source else None
    target = identity(event.target) if event.target else source
    return {(source, target), (target, source)} if event.symmetric else {(source, target)}


def _when_and_where(trigger: Token, unit: Span, doc: Doc, article: Article, timexes: list[Timex],
                    places: list[Place], cameo: str) -> tuple[str | None, str | None, str | None, Place | None]:
    """Date (value, precision, whence) and place of the event of ``trigger``, from its clause
    (a visit, CAMEO 042, is placed where it goes)."""
    tokens = _clause_in_unit(clause_tokens(trigger), unit)
    dated = when.event_date(doc, tokens, timexes, article.published, trigger)
    date, precision, date_from = dated.value, dated.precision, dated.date_from
    if date_from != "text":
        explicit = _explicit_date(tokens, timexes, trigger) or _document_date(trigger, timexes) \
            or _sentence_date(unit, timexes, article.published)
        if explicit:
            date, precision, date_from = explicit[0], explicit[1], "text"
    return date, precision, date_from, where.event_location(doc, tokens, places, article, date,
                                                            destination=cameo in ("042", "036"), trigger=trigger)


def _sentence(unit: Span) -> tuple[str, tuple[int, int]]:
    """The evidence sentence and its character span, without trailing white space.

    Read from the span, not ``doc.text``: spaCy rebuilds the whole text from its tokens on every
    access, which cost a quarter of the parse time when done per event.
    """
    sentence = unit.text.rstrip()
    return sentence, (unit.start_char, unit.start_char + len(sentence))


def _decided_event(model: Model, candidate: Candidate, root: str, doc: Doc, article: Article,
                   timexes: list[Timex], places: list[Place]) -> Event:
    trigger, unit = act_predicate(candidate), candidate.unit
    cameo = model.code_for(root, trigger.lemma_.lower())
    mood = modality(trigger, cameo)
    if root in NEGATING_ROOTS and mood == "negated":
        mood = "asserted"  # "promised not to sign": the rejection is made, as the rules code a refusal
    date, precision, date_from, place = _when_and_where(trigger, unit, doc, article, timexes, places, cameo)
    source = candidate.source.actor
    target = candidate.target.actor if candidate.target else _domestic_party(source)
    host = _visited(cameo, place, trigger, unit)
    if host is not None and host.country not in (source.country, identity(target)):
        target = host  # a visit falls on the country it goes to, not on a party named elsewhere
    info = describe(cameo)
    sentence, span = _sentence(unit)
    return Event(
        article_id=article.id, cameo=cameo, source=who.as_of(source, date),
        target=who.as_of(target, date), sentence=sentence, span=span,
        root=info.root, quad_class=info.quad_class, goldstein=info.goldstein, plover=info.plover,
        date=date, date_precision=precision, date_from=date_from, modality=mood,
        attribution=[n for n in reporters(trigger, unit) if n != source.text], location=place,
        trigger=trigger.text, symmetric=False, mentions=[span],
    )


def _domestic_party(source: Actor) -> Actor:
    """The party a domestic act falls on: the source's own country (or organisation)."""
    return Actor(source.country or source.org or "", source.name, source.country, source.country, source.org,
                 rule="what-domestic")


def _domestic_act(event: Event) -> bool:
    """An act with no target, or on its source's own country."""
    return event.target is None or identity(event.target) == identity(event.source)


def _domestic(event: Event) -> Event:
    """A rule event with no target, kept as its source's domestic act, falls on the source's own
    country, as the model's own domestic readings do and as wire-gold codes domestic acts."""
    return dataclasses.replace(event, target=who.as_of(_domestic_party(event.source), event.date))


def _visited(cameo: str, place: Place | None, trigger: Token, unit: Span) -> Actor | None:
    """The host of a visit (CAMEO 042) whose clause names where it goes ("flew to Tehran"), as
    a party; None for other acts and for a visit placed only by its dateline."""
    if cameo != "042" or place is None or not place.country:
        return None
    if not _named_in_clause(place, trigger, unit):
        return None
    return _place_party(place, VISIT_PLACE)


def _named_in_clause(place: Place, trigger: Token, unit: Span) -> bool:
    """Whether the act's own clause names the place, rather than the story's dateline."""
    return any(t.idx == place.start for t in _clause_in_unit(clause_tokens(trigger), unit))


VISIT_PLACE, EVENT_PLACE = "what-visit-place", "what-event-place"  # the rules of a place made a party
PLACE_PARTY_RULES = (VISIT_PLACE, EVENT_PLACE)


def _place_party(place: Place, rule: str) -> Actor:
    """The country of a place as a party to an event (the host of a visit, where an act falls)."""
    return Actor(place.text, place.name, place.country, place.country, start=place.start, end=place.end, rule=rule)


LEAD_UNITS = 6  # navigation, headline, standfirst, dateline, lead and its follow-up: where a story restates its news


def dyad_partner(clause: Clause, index: ActorIndex) -> list[Actor]:
    """In a story about two parties, an act of one with no named target is on the other.

    Only when the sentence names no third country (the act could be on it) and the act is not
    symmetric with coordinated subjects (those already have their pair).
    """
    if index.dyad is None or len(clause.sources) != 1:
        return []
    for prep in clause.trigger.children:
        if prep.dep_ == "prep" and prep.lower_ in ("into", "at", "toward", "towards", "over"):
            if any(index.covering(p) is None for p in prep.children if p.dep_ == "pobj"):
                return []  # fired missiles into the sea: the act names its own non-party target
    source = clause.sources[0]
    keys = [actor_key(a) for a in index.dyad]
    own = actor_key(source)
    if own not in keys and not (source.country == "SUN" and "RUS" in keys):
        return []
    for token in clause.unit:
        actor = index.covering(token)
        if actor is not None and actor_key(actor) not in keys and actor.country not in (None, "SUN") \
                and actor.country != source.country:
            return []
    partner = index.dyad[1] if own == keys[0] else index.dyad[0]
    if source.country == "SUN" and partner.country == "RUS":
        partner = index.dyad[0]
    return [partner]


# Event nouns that point back to an earlier act: "Japan viewed *that demand* as inadmissible"
# (the target is who made the demand); "the Soviet Union withdrew *its obligation*" (the target
# is whom the obligation was to).
ANAPHORIC_NOUNS = {
    "demand": "10", "request": "02", "call": "02", "appeal": "02", "proposal": "03",
    "offer": "03", "obligation": "03", "commitment": "03", "promise": "03", "pledge": "03",
    "ultimatum": "13", "threat": "13", "accusation": "11", "criticism": "11",
    "sanction": "16", "sanctions": "16", "embargo": "16", "attack": "19", "offensive": "19",
    "launch": "19", "strike": "19", "raid": "19", "shelling": "19", "bombing": "18", "killing": "18",
}
ANAPHORIC_DETERMINERS = frozenset({"that", "this", "the", "its", "their", "these", "those", "such"})


# Nouns for military manoeuvres, which an earlier sentence may have coded as planned cooperation
# (0312), military cooperation (062) or a show of force (15).
EXERCISE_NOUNS = frozenset({"drill", "drills", "exercise", "exercises", "manoeuvres", "maneuvers", "wargames"})
EXERCISE_CODES = ("15", "062", "0312")


# Nouns that name whatever was last done: "Sudan welcomed *the announcement*", "Iran condemned
# *the decision*": the target is whoever did it.
GENERIC_EVENT_NOUNS = frozenset({"announcement", "decision", "move", "step"})


def anaphoric_target(clause: Clause, earlier: list[Event]) -> list[Actor] | None:
    """The target of an act on an earlier act named by a demonstrative or possessive noun.

    Also an act aimed at earlier manoeuvres (*warned that it would respond to the drills*): the
    target is whoever held them. Returns None when the act names such an event but no earlier
    event says whose it is: then the text does not support guessing a target at all.
    """
    objects = [c for c in clause.trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    for obj in objects:
        root = ANAPHORIC_NOUNS.get(obj.lower_) or ANAPHORIC_NOUNS.get(obj.lemma_.lower())
        if root is None or not any(c.lower_ in ANAPHORIC_DETERMINERS for c in obj.children
                                   if c.dep_ in ("det", "poss")):
            continue
        source = actor_key(clause.sources[0])
        for prior in reversed(earlier):
            if prior.root != root and not (root == "16" and prior.cameo in ("163", "1312")):
                continue
            if actor_key(prior.source) == source or _same_state(prior.source, clause.sources[0]):
                return [prior.target] if prior.target is not None else []
            return [prior.source] if prior.source is not None else []
    for obj in objects:
        if obj.pos_ == "NOUN" and len(clause.sources) == 1 and obj.lemma_.lower() in GENERIC_EVENT_NOUNS and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in obj.children):
            source = actor_key(clause.sources[0])
            for prior in reversed(earlier):  # the latest act of another party
                if actor_key(prior.source) != source and not _same_state(prior.source, clause.sources[0]):
                    parties = [prior.source] + ([prior.target] if prior.symmetric and prior.target else [])
                    return [a for a in parties if a is not None and actor_key(a) != source]
            break
    exercises = [t for t in clause.trigger.subtree if t.lower_ in EXERCISE_NOUNS and t.dep_ in ("dobj", "pobj")
                 and any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETERMINERS for c in t.children)]
    if exercises:
        source = actor_key(clause.sources[0])
        for prior in reversed(earlier):
            if prior.cameo.startswith(EXERCISE_CODES) and source not in (actor_key(prior.source), actor_key(prior.target)):
                holders = [prior.source] + ([prior.target] if prior.symmetric and prior.target else [])
                return [a for a in holders if a is not None]
        return None
    return []


def _same_state(a: Actor | None, b: Actor | None) -> bool:
    """Russia and the Soviet Union are one party across an article's history."""
    states = {a.country if a else None, b.country if b else None}
    return states == {"RUS", "SUN"}


def code_text(text: str, published: str | None = None, article_id: str = "text", use_model: bool = True,
              verb_dictionary: str | None = None) -> list[Event]:
    """Code a bare text with the full pipeline (parse and every stage): for tests and evaluation."""
    from .. import pipeline

    article = Article(id=article_id, text=text, published=published)
    return next(pipeline.analyse([article], use_model=use_model, verb_dictionary=verb_dictionary)).events


def _pairs(clause: Clause) -> list[tuple[Actor, Actor | None, bool]]:
    """Source/target pairs of a clause: one symmetric event for coordinated mutual actors."""
    sources, targets = clause.sources, clause.targets
    if clause.symmetric and not targets and len(sources) >= 2:
        return [(sources[0], other, True) for other in sources[1:]]
    if targets:
        return [(s, t, clause.symmetric) for s in sources for t in targets]
    if clause.symmetric:
        return []  # a mutual act (met, negotiated) with one party named is not a coded event
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
        # acts governed by the trigger keep their own times (gives up plans to sign ... in June)
        # talks held in May; rounds of talks, held in May
        own_participle = trigger.pos_ == "NOUN" and child.head.i in (trigger.i, trigger.head.head.i)
        if child.i not in inside and child.pos_ == "VERB" and not own_participle and \
                child.dep_ in ("acl", "pcomp", "xcomp", "ccomp", "relcl"):
            skip.update(t.i for t in child.subtree)
            continue
        if _noun_modifier_year(child):
            continue  # "confirm the 1956 declaration" is not an act of 1956
        tokens.append(child)
    if top.dep_ == "relcl":
        # "the 1956 declaration, in which Moscow states ...": the antecedent's date is the act's
        tokens.extend(t for t in top.head.subtree if t.i not in {x.i for x in top.subtree})
    return tokens


def _noun_modifier_year(token: Token) -> bool:
    return (token.dep_ in ("compound", "amod", "nummod", "nmod") and token.like_num
            and len(token.text) == 4 and token.head.pos_ in ("NOUN", "PROPN")
            and token.head.lemma_.lower() not in ("year", "summer", "winter", "spring", "autumn", "fall"))


def _explicit_date(tokens: list[Token], timexes: list[Timex], trigger: Token) -> tuple[str, str] | None:
    """The clause's own explicit calendar date (value, precision), nearest the trigger."""
    if not tokens:
        return None
    chars = {t.idx for t in tokens}
    best: tuple[int, str] | None = None
    best_start = -1
    for timex in timexes:
        if timex.start not in chars:
            continue
        value = _calendar_value(timex.value)
        if value is None:
            continue  # the `when` stage normalises dates; what reads its values, never the text
        distance = abs(timex.start - trigger.idx)
        if best is None or distance < best[0]:
            best = (distance, value)
            best_start = timex.start
    if best is None:
        return None
    value = best[1]
    # a range (June 28-29) is dated by its start
    for timex in timexes:
        start = _calendar_value(timex.value)
        if start is not None and timex.start in chars and 0 < (best_start - timex.end) <= 2:
            value = start
    return value, "week" if "W" in value else {4: "year", 7: "month", 10: "day"}[len(value)]


def _sentence_date(unit: Span, timexes: list[Timex], published: str | None) -> tuple[str, str] | None:
    """The one day within a week of the story's date that the sentence names (its dateline
    aside), for an act whose own clause names no date: in "Russian troops, who entered the
    Georgian village on Tuesday, detained two Georgian soldiers" the detention was on Tuesday
    too, not on the day of the story. Only days near the story's date: a sentence's other years
    and months are mostly background (wire-gold train date accuracy 0.854 -> 0.866, dev 0.864 ->
    0.884, F1 0.651 -> 0.658 and 0.537 -> 0.536; with every date of the sentence, date accuracy
    0.836 and 0.838)."""
    story_day = _iso_day(published)
    if story_day is None:
        return None
    dateline = DATELINE.match(unit.text)  # it dates the report, not the event
    start = unit.start_char + (dateline.end() if dateline else 0)
    days = set()
    for timex in timexes:
        if not start <= timex.start < unit.end_char:
            continue
        value = _calendar_value(timex.value)
        day = _iso_day(value)
        if day is not None and abs((day - story_day).days) <= 7:
            days.add(value)
    return (days.pop(), "day") if len(days) == 1 else None


def _calendar_value(value: str | None) -> str | None:
    """The calendar part of a TimeML value ("2005-10-31" of "2005-10-31TAF", Monday afternoon;
    "2019-06" as it is), or None when it names no calendar date: a time of day dates its act."""
    date = (value or "").split("T", 1)[0]
    return date if ISO_DATE.match(date) else None


def _iso_day(value: str | None) -> dt.date | None:
    """The calendar day an ISO value starts with, or None when it names no day."""
    try:
        return dt.date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


DOCUMENT_NOUNS = frozenset({"declaration", "memorandum", "treaty", "agreement", "communique",
                            "statement", "letter", "resolution", "accord", "pact", "charter"})


def _document_date(trigger: Token, timexes: list[Timex]) -> tuple[str, str] | None:
    """The date of the document that states the event (*a memorandum dated January 27, 1960,
    said that ...*; *the Joint Declaration said* after *the 1956 joint declaration*)."""
    token = trigger
    while token.head.i != token.i and token.dep_ != "ccomp":
        token = token.head
    if token.dep_ != "ccomp":
        return None
    for subject in (c for c in token.head.children if c.dep_ == "nsubj"):
        if subject.lemma_.lower() not in DOCUMENT_NOUNS:
            return None
        own = _explicit_date(list(subject.subtree), timexes, subject)
        if own:
            return own
        doc = subject.doc
        for earlier in doc[: subject.left_edge.i]:
            if earlier.lemma_.lower() == subject.lemma_.lower():
                years = [c for c in earlier.children if _noun_modifier_year(c)]
                if years:
                    return years[0].text, "year"
    return None


def _events(clause: Clause, doc: Doc, article: Article, timexes: list[Timex], places: list[Place],
            index: ActorIndex) -> list[Event]:
    trigger = clause.trigger
    unit: Span = clause.unit
    mood = modality(trigger, clause.code)
    cameo = clause.code
    if cameo == "141" and trigger.lemma_.lower() == "protest" and all(_is_state(a) for a in clause.sources):
        cameo = "114"  # a state protests officially; people demonstrate
    if cameo[:2] == "15" and clause.noun is not None and any(c.lower_ == "joint" for c in clause.noun.children):
        cameo, clause.symmetric = "062", True  # joint exercises are military cooperation
    if mood in INTENT_MODALITIES and cameo[:2] in ("04", "05", "06", "07", "08"):
        cameo = intent_code(cameo)
    elif mood in INTENT_MODALITIES and cameo[:2] in ("14", "15", "16", "17", "18", "19", "20"):
        cameo = threat_code(cameo)
    elif mood == "negated" and (cameo[:2] == "08" or cameo == "075"
                                or (cameo[:2] in ("03", "04", "05", "06", "07") and refuses(trigger))):
        cameo, mood = refusal_code(cameo), "asserted"
    date, precision, date_from, place = _when_and_where(trigger, unit, doc, article, timexes, places, cameo)
    attribution = reporters(trigger, unit)
    speakers = {a.text for a in clause.sources}
    info = describe(cameo)
    sentence, span = _sentence(unit)
    pairs = _pairs(clause)
    if cameo in ("042", "036") and place is not None and place.country and \
            all(t is None for _, t, _ in pairs):
        # a visit's target is the host country: Saddam Hussein arrived in Amman
        host = _place_party(place, VISIT_PLACE)
        pairs = [(s, host if s.country != place.country else None, False) for s, _, _ in pairs]
    elif cameo[:2] in DOMESTIC_ROOTS and all(t is None for _, t, _ in pairs):
        if place is not None and place.country and _named_in_clause(place, trigger, unit):
            # a coercive act in another country falls on it (exercises in Alaska); at home, on
            # the country itself (Sudan lifted the state of emergency in West Darfur)
            where_actor = _place_party(place, EVENT_PLACE)
            pairs = [(s, where_actor if s.country and s.country != place.country
                      else _domestic_target(s, trigger, index), False) for s, _, _ in pairs]
        else:
            pairs = [(s, _domestic_target(s, trigger, index), False) for s, _, _ in pairs]
    events = []
    for source, target, symmetric in pairs:
        if not _coded(source):
            if place is not None and place.country:
                # prisoners rioted at a jail in Dili: an unnamed group acts for its place's country
                source = dataclasses.replace(source, country=place.country,
                                             rule=(source.rule or "") + "+event-place")
            elif target is None or not _coded(target):
                continue  # "a protestor demolished the building": no party named on either side
        if _is_publisher(source, article) or target is source or (
                target is not None and (target.start, target.end) == (source.start, source.end)
                and actor_key(target) == actor_key(source)):
            continue
        events.append(Event(
            article_id=article.id,
            cameo=cameo,
            source=who.as_of(source, date),
            target=who.as_of(target, date) if target else None,
            sentence=sentence,
            span=span,
            root=info.root,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            plover=info.plover,
            date=date,
            date_precision=precision,
            date_from=date_from,
            modality=mood,
            attribution=[name for name in attribution if name not in speakers],
            location=place,
            trigger=trigger.text if clause.noun is None else f"{trigger.text} {clause.noun.text}",
            symmetric=symmetric,
            mentions=[span],
        ))
    return events


DOMESTIC_ROOTS = frozenset({"08", "12", "14", "15", "17", "18", "19", "20"})


def _domestic_target(source: Actor, trigger: Token, index: ActorIndex) -> Actor | None:
    """In a sentence naming one country only, a coercive or conceding act with no named target
    falls on that country (CAMEO's domestic coding: Sudan lifted the state of emergency)."""
    if source.country and index.sole_country(trigger) == source.country:
        return Actor(source.country, source.country, source.country, source.country, rule="what-domestic")
    return None


DATELINE = re.compile(r"^\s*[A-Z][A-Za-z .'-]*,\s+[A-Z][a-z]+\.?\s+\d{1,2}\b[^-–—/]{0,40}?(?:/[A-Za-z]+/\.?|[-–—]+)")


def _clause_in_unit(tokens: list[Token], unit: Span) -> list[Token]:
    """A clause's tokens within its own sentence unit and after a wire dateline (*NEW DELHI,
    March 3 (Wire) -*): the dateline dates the report, not the event, and the parser may hang a
    headline or standfirst above a blank line into the tree of the sentence below it (a
    standfirst's "11th-century site" dated the lead's bombing to the 11th century)."""
    match = DATELINE.match(unit.text)
    start = unit.start_char + match.end() if match else unit.start_char
    return [t for t in tokens if start <= t.idx < unit.end_char]


def _coded(actor: Actor | None) -> bool:
    """Whether an actor names a party (a country, an organisation or a coded group)."""
    return actor is not None and bool(actor.country or actor.org or actor.code)


def _is_state(actor: Actor) -> bool:
    """A country or its government as a whole (not its people, rebels or opposition)."""
    return bool(actor.country) and (actor.sector in (None, "", "GOV") and not actor.org)


def _is_publisher(actor: Actor, article: Article) -> bool:
    return bool(article.source) and actor.text.strip().lower() == (article.source or "").strip().lower()


def _dedup_key(event: Event) -> tuple:
    source, target = actor_key(event.source), actor_key(event.target)
    pair: tuple = tuple(sorted([str(source), str(target)])) if event.symmetric else (source, target)
    return event.cameo, pair, event.modality


def _compatible_dates(a: str | None, b: str | None) -> bool:
    """Same date, or one is the other at a coarser precision (2019-06 and 2019-06-01)."""
    if a is None or b is None:
        return True
    return a.startswith(b) or b.startswith(a)


def deduplicate(events: list[Event], lead_end: int = 0) -> list[Event]:
    """One event per act within an article; repeated statements add their spans to ``mentions``.

    Two events are the same act when code, actors (unordered for symmetric acts) and modality
    agree and their dates are compatible (equal, or one the other at a coarser precision), and
    both are in the lead (before ``lead_end``: headline, standfirst, lead) or both
    carry the same date from the text. Two undated mentions further down may be two acts.
    """
    kept: list[Event] = []
    for event in events:
        key = _dedup_key(event)
        match = None
        for other in kept:
            in_lead = other.span[0] < lead_end and event.span[0] < lead_end
            okey = _dedup_key(other)
            # the headline and the lead may word one act differently (air strikes / struck)
            same_act = okey == key or (in_lead and other.span != event.span
                                       and okey[1:] == key[1:] and other.root == event.root)
            if not same_act:
                continue
            # a headline carries no date of its own: its article date yields to the lead's
            undated = "article" in (other.date_from, event.date_from)
            if not (_compatible_dates(other.date, event.date) or (in_lead and undated)):
                continue
            same_text_date = other.date_from == event.date_from == "text" and other.date == event.date
            if in_lead or same_text_date:
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


