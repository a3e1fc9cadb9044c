"""Who reports an event: *X said that ...*, *according to X*, *..., citing Y*.

Attribution is a list of source names in the order the text gives them (*the Asahi newspaper
said ... citing government sources* → ``["Asahi", "government sources"]``). The article's
publisher is not among them: it is on the article.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from .ontology import cues

DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their"})


MEDIA_NOUNS = frozenset({"paper", "newspaper", "agency", "daily", "weekly", "channel", "broadcaster", "television", "radio", "outlet", "site", "website"})


def source_name(token: Token) -> str:
    """A compact name for a reporting source: a publication's name (*the Asahi newspaper* →
    Asahi), else the noun phrase without determiners (*the Russian foreign ministry*)."""
    phrase = [t for t in token.subtree if t.i <= token.i and t.dep_ != "punct"]
    proper = [t.text for t in phrase if t.pos_ == "PROPN" and t.i != token.i]
    if proper and (token.lemma_.lower() in MEDIA_NOUNS or token.pos_ == "PROPN"):
        return " ".join(proper + ([token.text] if token.pos_ == "PROPN" else []))
    words = [t.text for t in phrase if t.lower_ not in DETERMINERS and t.dep_ != "case"]
    return " ".join(words) or token.text


def _citing(verb: Token) -> list[str]:
    names = []
    for child in verb.children:
        if child.lemma_.lower() in cues().citing_verbs and child.pos_ == "VERB":
            for obj in child.children:
                if obj.dep_ in ("dobj", "pobj"):
                    names.append(source_name(obj))
    return names


def according_to(unit: Span) -> list[str]:
    """Sources named with *according to X* (or the wire-speak *according X*) in a sentence."""
    names = []
    for token in unit:
        if token.lower_ != "according":
            continue
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "to":
                names.extend(source_name(p) for p in child.children if p.dep_ == "pobj")
            elif child.dep_ in ("pobj", "dobj", "npadvmod") and child.pos_ in ("PROPN", "NOUN"):
                names.append(source_name(child))
        if not any(c.dep_ in ("prep", "pobj", "dobj", "npadvmod") for c in token.children):
            nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
            if nxt is not None and nxt.pos_ == "PROPN":
                names.append(nxt.text)
    return names


def reporting_verb(token: Token) -> bool:
    """Whether ``token`` is a verb of saying whose complement is a reported clause."""
    return token.lemma_.lower() in cues().reporting_verbs and any(
        c.dep_ in ("ccomp", "parataxis") for c in token.children
    )


def reporters(trigger: Token, unit: Span) -> list[str]:
    """The attribution of the event triggered by ``trigger``, outermost source first."""
    chain: list[str] = []
    token = trigger
    while token.head.i != token.i:
        head = token.head
        if token.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in cues().reporting_verbs:
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
            found = [source_name(s) for s in subjects] + _citing(head)
            chain = found + chain
        token = head
    # "X did Y, the paper said": spaCy may hang the report off the event's own verb.
    for child in trigger.children:
        if child.dep_ in ("ccomp", "parataxis") and child.lemma_.lower() in cues().reporting_verbs \
                and not any(c.dep_ in ("ccomp",) for c in child.children):
            chain += [source_name(s) for s in child.children if s.dep_ == "nsubj"]
    names = according_to(unit) + chain
    unique: list[str] = []
    for name in names:
        if name not in unique:
            unique.append(name)
    return unique
