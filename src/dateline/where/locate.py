"""Where an event happened: the place its clause names, else the dateline for today's events.

A place is the location of an event only when the clause says the event happened there: the
object of a locative preposition ("held a meeting ... in Singapore", "the G20 summit in
Osaka") reached from the clause's head without passing through another verb (in "decided to
reject signing during the summit in Osaka" the summit belongs to the signing, not to the
decision). Places that act ("Tokyo wanted", "Moscow states") are actors, left to ``who``.
A clause about a named occasion that the article places elsewhere ("the G20 summit, where Abe
and Putin are to meet" after "the G20 summit in Osaka") takes that place. Without such a place,
an event of the article's own day happened, as wire stories report it,
at the dateline; an event of another day (a 1956 declaration) gets no location at all.
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from spacy.tokens import Doc, Span, Token

from ..records import Article, Place
from . import resolve as resolver

OCCASION_PREPOSITIONS = frozenset({"at", "during"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "off", "within", "across"})
DESTINATION_PREPOSITIONS = LOCATIVE_PREPOSITIONS | {"to", "for"}  # "left Beijing for Vietnam"
DEMONYM = "demonym"  # "Russian troops" names Russia, but says nowhere that anything happened there
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _date_value(event_date: Any) -> str | None:
    """Accept the ISO string of the seam or an ``EventDate``-like object with ``value``."""
    if event_date is None:
        return None
    value = getattr(event_date, "value", event_date)
    return value if isinstance(value, str) else None


def _clause_head(clause: Sequence[Token]) -> Token | None:
    """The clause's top token: of those whose head lies outside it, the one governing most of it
    (a dateline cut from the clause leaves the subject's head outside too, as in "MUSCAT -
    Oman's minister flew to Tehran", where the subject hangs from MUSCAT)."""
    members = {t.i for t in clause}
    tops = [t for t in clause if t.head.i not in members or t.head.i == t.i]
    return max(tops, key=lambda t: sum(1 for d in t.subtree if d.i in members), default=None)


def _locative_path(place_root: Token, head: Token, members: set[int], prepositions: frozenset[str]) -> bool:
    """True when the place is governed by a locative preposition attached within the clause
    and the chain up to the clause head crosses no other verb. An infinitive complement is the
    clause's own verb, not another: "was expected to arrive in Baghdad" goes to Baghdad."""
    prep = place_root.head
    if place_root.dep_ != "pobj" or prep.lower_ not in prepositions:
        return False
    node = prep.head
    for _ in range(len(place_root.doc)):
        if node.i not in members:
            return False
        if node.i == head.i:
            return True
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("amod", "xcomp"):
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def place_in_clause(doc: Doc, clause: Sequence[Token], places: list[Place], destination: bool = False,
                    trigger: Token | None = None) -> Place | None:
    """The first place the clause names as where its event happened (with ``destination``, the
    event is a journey, which happens where it goes: "flew to Tehran"). A place on the event's
    own verb comes before one on the clause's head: "arrived in Nicaragua on Monday, and will
    leave for Panama on Tuesday" leaves for Panama."""
    if not clause:
        return None
    head = _clause_head(clause)
    if head is None:
        return None
    members = {t.i for t in clause}
    prepositions = DESTINATION_PREPOSITIONS if destination else LOCATIVE_PREPOSITIONS
    heads = [trigger, head] if trigger is not None and trigger.i != head.i and trigger.i in members else [head]
    named = []  # the clause's places with their root tokens, in text order
    for place in sorted(places, key=lambda p: p.start):
        if (place.lat is None and place.country is None) or place.feature == DEMONYM:
            continue
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None and span.root.i in members:
            named.append((place, span.root))
    for top in heads:
        for place, root in named:
            if _locative_path(root, top, members, prepositions):
                return place
    return None


def _named_occasion(noun: Token) -> str | None:
    """"the G20 summit" → "g20 summit": a noun with a name-like modifier names one occasion."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    modifiers = [c for c in noun.children if c.dep_ == "compound" and (c.pos_ == "PROPN" or not c.is_alpha)]
    if not modifiers:
        return None
    return " ".join([m.lower_ for m in sorted(modifiers, key=lambda t: t.i)] + [noun.lemma_.lower()])


def occasion_places(doc: Doc, places: list[Place]) -> dict[str, Place]:
    """Where the article places its named occasions: "the G20 summit in Osaka" → {g20 summit: Osaka}."""
    found: dict[str, Place] = {}
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None or place.lat is None or place.feature == DEMONYM:
            continue
        root = span.root
        if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS:
            occasion = _named_occasion(root.head.head)
            if occasion:
                found.setdefault(occasion, place)
    return found


def _antecedents(where: Token, steps: int = 4) -> list[Token]:
    """Nouns a relative "where" may refer to, nearest first: up from the relative clause, through
    a misattached date ("the summit due on June 28-29, where ...")."""
    node = where
    for _ in range(steps):
        if node.dep_ == "relcl" or node.head.i == node.i:
            break
        node = node.head
    if node.dep_ != "relcl":
        return []
    found = []
    node = node.head
    for _ in range(steps):
        found.append(node)
        if node.head.i == node.i:
            break
        node = node.head
    return found


def place_of_occasion(doc: Doc, clause: Sequence[Token], places: list[Place]) -> Place | None:
    """A clause about a named occasion placed elsewhere in the article ("... the G20 summit,
    where Abe and Putin are to meet" after "the G20 summit in Osaka")."""
    occasions = occasion_places(doc, places)
    if not occasions:
        return None
    # "at / during the G20 summit" (not "ahead of" or "before" it), and the antecedent of a
    # relative "where" ("the summit ..., where they will meet").
    nouns = [t for t in clause if t.dep_ == "pobj" and t.head.lower_ in OCCASION_PREPOSITIONS]
    for token in clause:
        if token.lower_ == "where":
            nouns[:0] = _antecedents(token)
    for noun in nouns:
        occasion = _named_occasion(noun)
        if occasion in occasions:
            return occasions[occasion]
    return None


def dateline_place(doc: Doc, places: list[Place], article: Article) -> Place | None:
    """The article's dateline place as a resolved Place (its mention in the text when present)."""
    if not article.dateline_place:
        return None
    wanted = article.dateline_place.split(",")[0].strip().casefold()
    for place in places:
        # a dateline names the city the story was filed from, never a region of the same name
        if place.text.casefold() == wanted and place.start < 400 and place.feature not in (DEMONYM, "adm1", "adm2"):
            return place
    entry = resolver._dateline_entry(article)
    if entry is None:
        return None
    position = article.text.casefold().find(wanted)
    start, end = (position, position + len(wanted)) if position >= 0 else (0, 0)
    return Place(
        start, end, article.text[start:end] if end else article.dateline_place, entry.name,
        entry.country, entry.lat, entry.lon, entry.id, entry.feature,
    )


def event_location(
    doc: Doc,
    clause: Sequence[Token],
    places: list[Place],
    article: Article,
    event_date: Any,
    destination: bool = False,
    trigger: Token | None = None,
) -> Place | None:
    """The place named in the event's clause (on its ``trigger`` first), else the dateline place
    for events of the day. A journey (``destination``: a visit) happens where it goes."""
    named = place_in_clause(doc, clause, places, destination, trigger) or place_of_occasion(doc, clause, places)
    if named is not None:
        return named
    value = _date_value(event_date)
    published = (article.published or "")[:10]
    if value and published and _DATE_PREFIX.match(value) and value[:10] == published:
        return dateline_place(doc, places, article)
    return None


def place_of(
    clause: Span | Token | Sequence[Token],
    places: list[Place],
    article: Article,
    event_date: Any = None,
) -> Place | None:
    """The place of a clause for callers that hold a span, a head token or a token list: a
    token stands for its subtree. Same answer as :func:`event_location`."""
    if isinstance(clause, Token):
        tokens: Sequence[Token] = list(clause.subtree)
    else:
        tokens = list(clause)
    if not tokens:
        return None
    return event_location(tokens[0].doc, tokens, places, article, event_date)
