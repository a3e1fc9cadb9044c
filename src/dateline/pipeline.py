"""The one place the stages are wired together: read → nlp → who / when / where → what.

Each stage is a plain function over our records and the spaCy ``Doc``; this module only
orders them, batches the parse with ``nlp.pipe`` (the parse dominates the cost) and skips
what the coder cannot read (non-English stories are kept but not coded).
"""
from __future__ import annotations

from dataclasses import dataclass, field
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


def analyse_doc(article: Article, doc: Doc) -> Analysis:
    """Run the coding stages over an already parsed article."""
    actors = who.resolve(doc, article)
    times = when.tag(doc, article.published)
    places = where.resolve(doc, article)
    events = what.code(doc, article, actors, times, places)
    return Analysis(article, True, doc, actors, times, places, events)


def analyse(articles: Iterable[Article], batch_size: int = 32) -> Iterator[Analysis]:
    """Analyse articles in order, parsing them in batches."""
    nlp = nlp_loader.load()
    pending: list[Article] = []

    def flush() -> Iterator[Analysis]:
        docs = nlp.pipe((a.text for a in pending), batch_size=batch_size)
        for article, doc in zip(pending, docs):
            yield analyse_doc(article, doc)
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
