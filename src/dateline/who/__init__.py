"""who: actor mentions resolved against a dated knowledge base of countries, organisations,
media, role words and people.

    resolve(doc, article, at=None, dates=None, kb=None) -> list[Actor]
    load_kb(extra=[paths]) -> KnowledgeBase      built-in KB with user dictionaries merged over it

The resolution cascade is written down once, in :mod:`dateline.who.cascade`; the knowledge base
and its data files in :mod:`dateline.who.kb`; user dictionaries (Phoenix/PETRARCH and our own
YAML/CSV format) in :mod:`dateline.who.dictionaries`.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..records import Actor, Article
from .dictionaries import load_kb
from .kb import KnowledgeBase, builtin
from .cascade import DateLookup, dates_from_timexes, resolve_doc, sentence_years

__all__ = ["resolve", "load_kb", "KnowledgeBase", "builtin", "sentence_years", "dates_from_timexes", "DateLookup"]


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
