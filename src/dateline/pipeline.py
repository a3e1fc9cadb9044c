"""The one place the stages are wired together: read → nlp → when → who → where → what.

Each stage is a plain function over our records and the spaCy ``Doc``; this module only
orders them, batches the parse with ``nlp.pipe`` (the parse dominates the cost) and skips
what the coder cannot read (non-English stories are kept but not coded).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

from spacy.tokens import Doc

from . import nlp as nlp_loader
from . import what, when, where, who
from .records import Actor, Article, Event, Place, Timex

CODED_LANGUAGES = frozenset({"en"})


@dataclass
class Analysis:
    """Everything the stages found in one article."""

    article: Article
    coded: bool
    doc: Doc | None = None
    actors: list[Actor] = field(default_factory=list)
    times: list[Timex] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    skipped_reason: str | None = None


def is_codable(article: Article) -> bool:
    """English (or undetected) text with something in it."""
    return bool(article.text.strip()) and (article.language in (None, *CODED_LANGUAGES))


def analyse_doc(article: Article, doc: Doc, use_model: bool = True, kb: who.KnowledgeBase | None = None,
                verb_dictionary: str | None = None) -> Analysis:
    """Run the coding stages over an already parsed article."""
    times, actors, places = read_stages(doc, article, kb)
    events = what.code(doc, article, actors, times, places, use_model=use_model, verb_dictionary=verb_dictionary)
    return Analysis(article, True, doc, actors, times, places, events)


@lru_cache(maxsize=4)
def knowledge_base(dictionaries: tuple[str, ...]) -> who.KnowledgeBase:
    """The built-in knowledge base with user dictionaries merged over it (built once per process)."""
    return who.load_kb(extra=list(dictionaries))


def read_stages(doc: Doc, article: Article, kb: who.KnowledgeBase | None = None) -> tuple[list[Timex], list[Actor], list[Place]]:
    """The times, actors and places of a parsed article: what the event coder reads."""
    # when runs first so that each actor is resolved at the time of its own sentence (a 1956
    # "Soviet" leader, a former minister), not at the story's date
    times = when.tag(doc, article.published)
    actors = who.resolve(doc, article, dates=who.dates_from_timexes(doc, times), kb=kb)
    places = where.resolve(doc, article)
    return times, actors, places


def analyse(articles: Iterable[Article], batch_size: int = 32, use_model: bool = True,
            dictionaries: tuple[str, ...] = (), verb_dictionary: str | None = None) -> Iterator[Analysis]:
    """Analyse articles in order, parsing them in batches.

    ``use_model=False`` codes events with the clause rules alone (no learned decision, no
    sentence model): faster, and what ``--no-model`` asks for. ``dictionaries`` are user actor
    dictionaries merged over the built-in knowledge base (``--dict``); ``verb_dictionary`` a
    user verb dictionary added to the clause rules (``--verbs``).
    """
    nlp = nlp_loader.load()
    kb = knowledge_base(tuple(dictionaries)) if dictionaries else None
    pending: list[Article] = []

    def flush() -> Iterator[Analysis]:
        docs = nlp.pipe((a.text for a in pending), batch_size=batch_size)
        for article, doc in zip(pending, docs):
            yield analyse_doc(article, doc, use_model, kb, verb_dictionary)
        pending.clear()

    for article in articles:
        if not is_codable(article):
            reason = "empty text" if not article.text.strip() else f"language {article.language} is not coded"
            # Keep order: analyses already pending come out before this one.
            yield from flush()
            yield Analysis(article, False, skipped_reason=reason)
            continue
        pending.append(article)
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()


def analyse_one(article: Article) -> Analysis:
    """Analyse a single article (convenience for the API and tests)."""
    return next(analyse([article]))
