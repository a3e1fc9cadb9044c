""""He" and "she" as the subject of a clause: the person the story was just talking about.

"They" as a clause subject stands for the plural subject of the verb its clause depends on ("the
rebels said they would ..."), else for the previous sentence's plural subject: coordinated
parties ("Turkey and Israel ...") give one actor each, a plural role ("Israeli officials") its
actor; a country or organisation alone is "it", so it never takes "they", but a movement or
armed group is its people ("the Houthis said they fired ...").

Only where the parse is clear: the pronoun is a clause subject, and the person it stands for is
either the subject of the previous sentence (or of an earlier clause of the same sentence), or the
only person named in the previous sentence and in the pronoun's sentence so far. A person is an
actor the cascade found as a person, a name, a surname, or a singular title ("the minister"), and
who has a country or organisation. The new actor's rule is ``coref:pronoun``; it copies the
person's identity, so "Bin Alawi met Zarif in Tehran. He said ..." gives "He" = Oman; a resolved
pronoun is itself the subject the next sentence's pronoun may refer to.
"""
from __future__ import annotations

import bisect
from typing import Sequence

from spacy.tokens import Doc, Token

from ..records import Actor
from .context import sentences, token_span

PRONOUNS = frozenset({"he", "she"})
WANTED = frozenset({"he", "she", "they"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def resolve_pronouns(doc: Doc, actors: Sequence[Actor], people: set[int],
                     sents: list | None = None, texts: list[str] | None = None,  # type: ignore[type-arg]
                     spans: dict[int, tuple[int, int]] | None = None) -> list[Actor]:
    """The pronoun actors of ``doc`` (not yet in ``actors``), in text order. ``spans``: the
    actors' tokens when the caller knows them (:func:`dateline.who.context.token_span`)."""
    if len(doc) == 0:
        return []
    if not doc.has_annotation("DEP"):
        return []  # no parse, no clear subject
    sents = sentences(doc) if sents is None else sents
    sent_starts = [s.start_char for s in sents]
    heads: list[tuple[Actor, int, int]] = []  # actor, sentence number, head token
    for actor in actors:
        if id(actor) not in people or not (actor.country or actor.org):
            continue
        found = token_span(doc, actor, spans)
        if found is None:
            continue
        heads.append((actor, bisect.bisect_right(sent_starts, actor.start) - 1, _root(doc, found)))
    out: list[Actor] = []
    plural = _plural_subjects(doc, actors, sent_starts, spans)
    if not heads and not plural:
        return []
    texts = texts if texts is not None else [t.text for t in doc]
    for n, sent in enumerate(sents):
        # Only the pronoun tokens become spaCy objects: the rest is a list of strings.
        for tok in (doc[i] for i in range(sent.start, sent.end) if texts[i].lower() in WANTED):
            if tok.lower_ == "they" and tok.dep_ in SUBJECT_DEPS:
                # "Houthi rebels said they would halt ...": the plural subject before it in its own
                # sentence, else the previous sentence's.
                same = plural.get(n)
                group = same if same and same[1] < tok.i and _governs(doc[same[1]].head, tok) else plural.get(n - 1)
                if group and group[0]:
                    for referent in group[0]:
                        out.append(_copy(referent, tok, "coref:pronoun"))
                continue
            if tok.lower_ not in PRONOUNS or tok.dep_ not in SUBJECT_DEPS:
                continue
            earlier = [(a, k, h) for a, k, h in heads if (k == n and h < tok.i) or k == n - 1]
            if not earlier:
                continue
            subjects = [a for a, _k, h in earlier if doc[h].dep_ in SUBJECT_DEPS]
            identities = {(a.country, a.org) for a, _k, _h in earlier}
            if subjects:
                referent = subjects[-1]
            elif len(identities) == 1:
                referent = earlier[-1][0]
            else:
                continue
            pronoun = Actor(text=tok.text, name=referent.name, code=referent.code, country=referent.country,
                            org=referent.org, sector=referent.sector, entity_id=referent.entity_id,
                            start=tok.idx, end=tok.idx + len(tok.text), rule="coref:pronoun")
            out.append(pronoun)
            heads.append((pronoun, n, tok.i))  # "He met ... Later he said ...": the chain goes on
    return out


def _governs(verb: Token, pronoun: Token) -> bool:
    """Whether ``verb`` is the next predicate above the pronoun's own ("the rebels said they
    would halt": said), not a more distant one ("officials said investigators accepted the
    account of the settlers that they opened fire": accepted, whose subject is no plural party)."""
    clause = pronoun.head
    above = clause.head
    while above.pos_ not in ("VERB", "AUX") and above.head.i != above.i:
        above = above.head
    return above.i == verb.i and clause.i != verb.i


def _root(doc: Doc, span: tuple[int, int]) -> int:
    """The head token of a token span (a one-token span is its own head)."""
    start, end = span
    return start if end - start == 1 else doc[start:end].root.i


def _copy(referent: Actor, tok, rule: str) -> Actor:  # type: ignore[no-untyped-def]
    return Actor(text=tok.text, name=referent.name, code=referent.code, country=referent.country, org=referent.org,
                 sector=referent.sector, entity_id=referent.entity_id, start=tok.idx, end=tok.idx + len(tok.text),
                 rule=rule)


def _group(actor: Actor) -> bool:
    """A movement or armed group named as such ("the Houthis", "the Taliban" as insurgents): its
    people, "they", though the tagger reads the name as singular. Not a group that governs or is
    an institution ("the Palestinian Authority"): that is "it"."""
    return (actor.rule or "").endswith(":group") and actor.sector not in (None, "GOV", "LEG", "JUD", "BUS", "MED")


def _companions(verb: Token, by_head: dict[int, Actor]) -> list[Actor]:
    """The parties a verb's subject acts together with ("Hu held talks with Triet in Hanoi"): with
    the subject, who "they" in the next sentence are ("They agreed to boost trade")."""
    heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]  # "met with X", "held talks with X"
    return [by_head[pobj.i] for head in heads for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "with"
            for pobj in prep.children if pobj.dep_ == "pobj" and pobj.i in by_head]


def _plural_subjects(doc: Doc, actors: Sequence[Actor], sent_starts: list[int],
                     spans: dict[int, tuple[int, int]] | None = None) -> dict[int, tuple[list[Actor], int]]:
    """Per sentence, the actors of its first plural subject: coordinated parties ("Turkey and
    Israel signed ...") or a plural role ("Israeli officials said ...") — what "they" in the
    next sentence stands for. Singular countries and organisations are "it", never "they"; a
    singular subject with the party it acts with (:func:`_companions`) is "they". Wire-gold train
    actor recall 2379 -> 2381, one event hit more, dev unchanged."""
    by_head: dict[int, Actor] = {}
    for actor in actors:
        if actor.country or actor.org:
            found = token_span(doc, actor, spans)
            if found is not None:
                by_head.setdefault(_root(doc, found), actor)
    found: dict[int, tuple[list[Actor], int]] = {}
    for head, actor in sorted(by_head.items()):
        tok = doc[head]
        if tok.dep_ not in SUBJECT_DEPS:
            continue
        n = bisect.bisect_right(sent_starts, tok.idx) - 1
        if n in found:
            continue
        members = [by_head[c.i] for c in tok.conjuncts if c.i in by_head]
        if members:
            group = [actor, *members]
        elif tok.tag_ in ("NNS", "NNPS") or (actor.rule or "").startswith("coref:pair") or _group(actor):
            group = [a for a in actors if a.start == actor.start and (a.country or a.org)]
        elif partners := _companions(tok.head, by_head):
            group = [actor, *partners]
        else:
            continue
        unique: dict[tuple[str | None, str | None], Actor] = {}
        for a in group:
            unique.setdefault((a.country, a.org), a)
        found[n] = (list(unique.values()), head)
    return found
