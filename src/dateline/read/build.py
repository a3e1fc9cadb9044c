"""One place where an ``Article`` is assembled, whatever it was read from.

Every reader (plain text, JSONL, HTML, feeds) hands over the text and whatever metadata its
format carries; this module adds what the text itself tells: the wire dateline (place, agency,
day), the publication date when the metadata has none, the language, and a stable id.
"""
from __future__ import annotations

from typing import Any

from ..records import Article, content_hash
from .dates import choose_published
from .datelines import find_dateline
from .language import detect_language

#: Article ids made from content: long enough never to collide in a news archive.
ID_HEX_CHARS = 16


def content_id(title: str, text: str) -> str:
    """The id of a story without one: the same title and text always give the same id."""
    return content_hash(title, text)[:ID_HEX_CHARS]


def build_article(
    text: str,
    *,
    origin: str,
    title: str = "",
    article_id: str | None = None,
    metadata_date: object = None,
    option_date: str | None = None,
    source: str | None = None,
    fallback_source: str | None = None,
    url: str | None = None,
    language: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Article:
    """An ``Article`` from text and the metadata its format gave (None where it gave none).

    ``source`` is an explicit source field (JSONL); without one the agency of a wire dateline
    names who is speaking, and only then ``fallback_source`` (the site name of a page or feed,
    which often just republishes an agency story).
    """
    extra = dict(extra or {})
    dateline = find_dateline(text)
    if dateline is not None:
        extra["dateline"] = dateline.to_json()
    published, published_from = choose_published(metadata_date, option_date, text, dateline)
    if language is None:
        language = detect_language(f"{title}\n{text}" if title and title not in text else text)
    return Article(
        id=article_id or content_id(title, text),
        text=text,
        title=title,
        published=published,
        published_from=published_from,
        source=source or (dateline.agency if dateline else None) or fallback_source,
        dateline_place=dateline.place if dateline else None,
        url=url,
        language=language,
        origin=origin,
        extra=extra,
    )
