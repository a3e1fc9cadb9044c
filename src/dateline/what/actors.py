"""Finding the actors of a clause on the parse: which resolved mention fills which argument.

The ``who`` stage resolves mentions to actors (character spans); this module maps them onto
tokens and answers "which actors does this argument name?": the mention covering the argument's
head, else one inside its noun phrase (*Turkey's efforts*, *the military government of X*), with
coordination expanded (*Saudi Arabia, Iraq and Egypt* → three actors). Expressions for the
article's two main parties together (*the two countries*, *the sides*) resolve to that dyad.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..records import Actor
from .ontology import cues

RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
PERSONAL_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her"})
# Noun-phrase links along which an argument's actor may sit (not clause links).
NP_LINKS = frozenset({"compound", "amod", "poss", "nmod", "appos", "npadvmod"})
NP_PREPS = frozenset({"of", "in", "from"})


def actor_key(actor: Actor | None) -> str | None:
    """The identity used to compare and score actors: country, else organisation, else text."""
    if actor is None:
        return None
    return actor.country or actor.org or actor.code or actor.text.lower()


class ActorIndex:
    """Actor mentions of one document, addressable by token."""

    def __init__(self, doc: Doc, actors: list[Actor]) -> None:
        self.doc = doc
        self.by_token: dict[int, Actor] = {}
        self.heads: dict[int, Actor] = {}
        self.groups: dict[int, list[Actor]] = {}
        for actor in actors:
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            # who resolves a group reference (the two countries) to several actors on one span
            self.groups.setdefault(span.root.i, []).append(actor)
            for token in span:
                self.by_token.setdefault(token.i, actor)
            self.heads[span.root.i] = actor
        self.dyad = self._dyad(actors)
        self._sole: dict[tuple[int, int], str | None] = {}

    @staticmethod
    def _dyad(actors: list[Actor]) -> tuple[Actor, Actor] | None:
        """The article's two most mentioned country actors, when two clearly lead."""
        counts = Counter(a.country for a in actors if a.country)
        ranked = counts.most_common(3)
        if len(ranked) < 2 or ranked[1][1] < 2:
            return None
        if len(ranked) == 3 and ranked[2][1] == ranked[1][1]:
            return None
        first = {a.country: a for a in actors if a.country}
        return first[ranked[0][0]], first[ranked[1][0]]

    def covering(self, token: Token) -> Actor | None:
        return self.by_token.get(token.i)

    def dyad_reference(self, token: Token) -> bool:
        """Whether ``token`` heads an expression for the article's two parties together."""
        if self.dyad is None or token.pos_ not in ("NOUN", "PROPN"):
            return False
        left = token.left_edge.i
        phrase = self.doc[left : token.i + 1].text.lower().replace("’", "'")
        phrase = phrase.removesuffix("'").removesuffix("'s")
        return any(phrase.endswith(ref) or phrase == ref for ref in _dyad_refs())

    def in_phrase(self, token: Token, depth: int = 3, of_only: bool = False) -> Actor | None:
        """The actor named by the noun phrase headed by ``token`` (nearest first)."""
        actor = self.covering(token)
        if actor is not None and (actor.country or actor.org or actor.code or depth == 0):
            return actor
        if depth == 0:
            return None
        if token.pos_ in ("VERB", "AUX"):  # "The Red Cross operating in Iraq" parsed as a clause
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    found = self.in_phrase(child, depth - 1, of_only)
                    if found is not None:
                        return found
        if actor is not None:
            # an unresolved mention (refugees, security forces): a party its phrase names
            # (refugees from Liberia, security forces in Guinea) is more informative
            inner = self._coded_in_phrase(token, depth, of_only)
            return inner or actor
        for child in token.children:
            if child.dep_ == "amod" and child.text.islower():
                continue  # "official contact": only capitalised adjectives name a party
            if child.dep_ in NP_LINKS:
                found = self.in_phrase(child, depth - 1, of_only)
                if found is not None:
                    return found
        preps = ("of",) if of_only else NP_PREPS
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self.in_phrase(pobj, depth - 1, of_only)
                        if found is not None:
                            return found
        return None

    def _coded_in_phrase(self, token: Token, depth: int, of_only: bool) -> Actor | None:
        preps = ("of",) if of_only else NP_PREPS
        for child in token.children:
            links = [child] if child.dep_ in NP_LINKS else []
            if child.dep_ == "prep" and child.lower_ in preps:
                links = [p for p in child.children if p.dep_ == "pobj"]
            if child.dep_ == "acl":  # refugees fleeing the civil war in Liberia
                links = [p for g in child.children if g.dep_ in ("dobj", "prep") for p in [g, *g.children]
                         if p.dep_ in ("dobj", "pobj")]
            for link in links:
                if link.i in (t.i for t in token.subtree) and link.i != token.i:
                    found = self.in_phrase(link, depth - 1, of_only)
                    if found is not None and (found.country or found.org or found.code):
                        return found
        return None

    def sole_country(self, token: Token) -> str | None:
        """The one country a sentence names, if it names exactly one."""
        sent = token.sent
        key = (sent.start, sent.end)
        if key not in self._sole:
            countries = {a.country for i, a in self.by_token.items() if sent.start <= i < sent.end and a.country}
            self._sole[key] = next(iter(countries)) if len(countries) == 1 else None
        return self._sole[key]

    def named(self, token: Token, of_only: bool = False) -> list[Actor]:
        """Actors of the argument headed by ``token``, coordination expanded, in text order."""
        found: list[Actor] = []
        seen: set[int] = set()
        for member in self._members(token):
            if self.dyad_reference(member):
                for actor in self.dyad:  # type: ignore[union-attr]
                    if id(actor) not in seen:
                        seen.add(id(actor))
                        found.append(actor)
                continue
            group = self.groups.get(member.i, [])
            if len(group) > 1 and len({actor_key(a) for a in group}) > 1:
                for actor in group:
                    if id(actor) not in seen:
                        seen.add(id(actor))
                        found.append(actor)
                continue
            actor = self.in_phrase(member, of_only=of_only)
            if actor is not None and id(actor) not in seen:
                seen.add(id(actor))
                found.append(actor)  # left without a country by `who` (foreign, refugees): as it is
        return found

    def _members(self, token: Token) -> list[Token]:
        """The coordinated members of an argument: *A and B*; *A, B, and C* parsed as an
        apposition with a conjunct; a name split by the parser (*Barack* / *Obama and Putin*)."""
        members = [token, *token.conjuncts]
        for child in token.children:
            if child.dep_ == "appos" and any(c.dep_ == "conj" for c in child.children):
                members += [child, *child.conjuncts]
        actor = self.covering(token)
        if actor is not None:
            span = self.doc.char_span(actor.start, actor.end, alignment_mode="expand")
            for inside in span or ():
                if inside.i != token.i:
                    members += [c for c in inside.conjuncts if c.i not in {m.i for m in members}]
        unique: dict[int, Token] = {}
        for member in members:
            unique.setdefault(member.i, member)
        return sorted(unique.values(), key=lambda t: t.i)

    def preceding_subject(self, token: Token) -> Actor | None:
        """For a pronoun: the nearest actor before it in its sentence that is a clause subject."""
        for i in range(token.i - 1, token.sent.start - 1, -1):
            cand = self.doc[i]
            if cand.dep_ in ("nsubj", "nsubjpass") and self.in_phrase(cand) is not None:
                return self.in_phrase(cand)
        return None


@lru_cache(maxsize=1)
def _dyad_refs() -> tuple[str, ...]:
    return tuple(ref.lower() for ref in cues().dyad_references)


def sentence_units(doc: Doc) -> list[Span]:
    """Sentences, split further at blank lines (a headline is its own unit)."""
    units: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if token.is_space and token.text.count("\n") >= 2 and token.i > start:
                units.append(doc[start : token.i])
                start = token.i + 1
        if start < sent.end:
            units.append(doc[start : sent.end])
    return [u for u in units if any(not t.is_space for t in u)]
