"""Modality of an event: planned, possible, conditional, negated or asserted.

Read off the trigger and the chain of words that govern it inside its own clause (*plans to*,
*ready to*, *failed to*, *will*, *could*, *if*, *not*). Precedence when several apply:
negated > conditional > possible > planned > asserted. A refusal is coded as its own event
(root 12), so *refused to sign* is an asserted refusal, not a negated signing.
"""
from __future__ import annotations

from spacy.tokens import Token

from ..when.syntax import in_a_name
from .ontology import cues

# Links that stay inside one event's clause when walking up from the trigger.
CHAIN_LINKS = frozenset({"xcomp", "acomp", "pcomp", "pobj", "prep", "dobj", "acl", "conj", "oprd", "advcl", "attr", "auxpass"})


def governors(trigger: Token) -> list[Token]:
    """The trigger and the words governing it within its clause, nearest first.

    The walk stops at a clausal complement (*said that ...*): the reporting verb's tense and
    negation are not the event's. An event noun that is the subject of a verb that only says it
    happens (*the summit will be held*), or that calls it off or puts it off (*the visit was
    cancelled*, *talks were postponed*), is governed by that verb.
    """
    chain = [trigger]
    token = trigger
    c = cues()
    if trigger.pos_ == "NOUN" and trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.lemma_.lower() in (
            c.occurrence_verbs | c.negated_governors | c.planned_governors if trigger.dep_ == "nsubjpass"
            else c.occurrence_verbs):
        token = trigger.head  # "the summit will be held": the noun's act happens as its verb says
        chain.append(token)
    while token.dep_ in CHAIN_LINKS and token.head.i != token.i:
        if token.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.children):
            break  # a subordinate clause (after X signed ...) is its own event, not a governor
        token = token.head
        chain.append(token)
    return chain


def _conditional(token: Token) -> bool:
    c = cues()
    for child in token.children:
        if child.dep_ == "advcl":
            marks = {m.lower_ for m in child.children if m.dep_ in ("mark", "advmod")}
            if marks & c.conditional_markers:
                return True
    return False


NEGATABLE_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj"})
OWN_POSSIBLE = frozenset({"offer"})
OWN_PLANNED = frozenset({"pledge", "promise", "vow", "postpone", "reschedule"})
# Roots whose act a negation or a calling-off states rather than denies: "promised not to sign",
# "cancelled the visit" coded as a rejection (11, 12) or cut ties (16) are made, not negated.
NEGATING_ROOTS = frozenset({"11", "12", "16"})
COMMITTING = frozenset({"decide", "resolve", "agree", "vow", "pledge", "promise"})


def modality(trigger: Token, code: str = "") -> str:
    """The modality of the event triggered by ``trigger`` (coded ``code``).

    A decision to refuse is the refusal (*decided to reject* is an asserted rejection).
    """
    c = cues()
    chain = governors(trigger)
    negated = conditional = possible = planned = False
    own_lemma = trigger.lemma_.lower()
    if own_lemma in OWN_POSSIBLE:
        possible = True  # an offer is the offered act, possible
    elif own_lemma in OWN_PLANNED and code[:2] != "13":
        planned = True  # a pledge is the pledged act, planned; a vow to attack is a threat, made
    elif own_lemma in c.negated_governors and code[:2] not in NEGATING_ROOTS:
        negated = True  # "cancelled talks with Russia" read as talks: they will not happen
    for index, token in enumerate(chain):
        own = index == 0
        peer = not own and chain[index - 1].dep_ == "conj"  # the trigger is coordinated with it
        for child in token.children:
            word = child.lower_
            if not peer and (child.dep_ == "neg" or (child.dep_ in ("advmod", "det") and word in ("never", "no"))):
                negated = True  # a peer's negation is its own: "was not happy and threatened sanctions"
            if own and child.dep_ in NEGATABLE_ARGUMENTS and any(d.dep_ == "det" and d.lower_ == "no"
                                                                  for d in child.children):
                negated = True  # "no agreement was reached", "they reached no deal"
            if own and child.dep_ == "amod" and token.pos_ == "NOUN":  # "a planned meeting"
                possible = possible or word in c.possible_modifiers
                planned = planned or word in c.planned_modifiers
            if child.dep_ == "aux" and not in_a_name(child):  # "Theresa May Says": a name, no modal
                if word in c.possible_auxiliaries:
                    possible = True
                elif word in c.planned_auxiliaries or (word == "going" and own):
                    planned = True
        if _conditional(token):
            conditional = True
        if not own and not peer:  # a peer ("scrapped X but agreed to meet") governs nothing
            lemma = token.lemma_.lower()
            if lemma in c.negated_governors:
                negated = True
            elif lemma in c.possible_governors:
                possible = True
            elif lemma in c.planned_governors and not (code[:2] == "12" and lemma in COMMITTING):
                planned = True
    if negated:
        return "negated"
    if conditional:
        return "conditional"
    if possible:
        return "possible"
    if planned:
        return "planned"
    return "asserted"


def refuses(trigger: Token) -> bool:
    """A negated future or volitional act (*will not*, *would not*, *won't*): a refusal."""
    c = cues()
    for token in governors(trigger):
        children = list(token.children)
        if any(ch.dep_ == "neg" for ch in children) and any(
            ch.dep_ == "aux" and ch.lower_ in c.planned_auxiliaries | {"wo", "ca"} for ch in children
        ):
            return True
    return False
