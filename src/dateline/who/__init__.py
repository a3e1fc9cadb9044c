"""who: actor mentions resolved against a dated knowledge base of countries, organisations,
media, role words and people.

    resolve(doc, article, at=None, dates=None, kb=None) -> list[Actor]
    load_kb(extra=[paths]) -> KnowledgeBase      built-in KB with user dictionaries merged over it

The resolution cascade is written down once, in :mod:`dateline.who.cascade`; the knowledge base
and its data files in :mod:`dateline.who.kb`; user dictionaries (Phoenix/PETRARCH and our own
YAML/CSV format) in :mod:`dateline.who.dictionaries`.
"""
from __future__ import annotations

import dataclasses

from spacy.tokens import Doc

from ..records import Actor, Article
from .dictionaries import load_kb
from .kb import KnowledgeBase, builtin
from .cascade import DateLookup, dates_from_timexes, resolve_doc, sentence_years

__all__ = ["as_of", "resolve", "load_kb", "KnowledgeBase", "builtin", "sentence_years", "dates_from_timexes", "DateLookup"]


def resolve(
    doc: Doc,
    article: Article,
    at: str | None = None,
    *,
    dates: DateLookup | None = None,
    kb: KnowledgeBase | None = None,
) -> list[Actor]:
    """Actor mentions of ``doc`` (character offsets into the article text), resolved.

    ``at`` (ISO date) resolves every mention at that date (the event's date). Otherwise each
    mention is resolved at ``dates(char_offset)`` when that callable is given and returns a date
    (e.g. from the `when` stage's timexes), else at the year written nearest it in its sentence,
    else at ``article.published``. ``kb`` defaults to the built-in knowledge base; pass
    ``load_kb(extra=[...])`` to use user dictionaries. A mention such as "the two countries" may
    yield two Actor records with the same offsets.
    """
    return resolve_doc(doc, article, at=at, dates=dates, kb=kb)


def as_of(actor: Actor, date: str | None) -> Actor:
    """The actor as the state it was at ``date`` (an event's date, at any precision): Russia
    before 1992 is the Soviet Union (``SUN``). The rule is data: ``successor_recoded`` states in
    ``countries.yaml``. Mentions are resolved at their own sentence's date; an event's date can
    differ (a group reference such as "the two countries"), so the coder asks again here."""
    from .kb import recoded_successors

    entry = recoded_successors().get(actor.country or "")
    head = (date or "").split("-")[0]
    if entry is None or not head.isdigit():
        return actor
    state, last_day = entry
    if int(head.ljust(4, "9")) <= int(last_day[:4]):  # the latest year the date can mean (decade 195: 1959)
        code = (actor.code or actor.country or "").replace(actor.country or "", state, 1)
        return dataclasses.replace(actor, country=state, code=code)
    return actor
