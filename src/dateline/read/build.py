"""One place where an ``Article`` is assembled, whatever it was read from.

Every reader (plain text, JSONL, HTML, feeds) hands over the text and whatever metadata its
format carries; this module adds what the text itself tells: the wire dateline (place, agency,
day), the publication date when the metadata has none, the language, and a stable id.

It is also the one gate every story passes, so two guards live here: a story longer than the
story limit (``limits.py``) is refused with an ``InputError`` before any work is spent on it,
and lone surrogates (``"\\ud800"`` in JSON) become U+FFFD, one code point for one, so offsets
stay true while hashing, storing and printing can no longer fail on them.
"""
from __future__ import annotations

import re
import warnings
from typing import Any

from .. import limits
from ..errors import InputError, InputWarning
from ..records import Article, content_hash
from .dates import choose_published, normalise_date
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
    check_story_length(origin, title, text)
    text, title = scrub(text), scrub(title)
    article_id, source, fallback_source, url, language = (
        scrub(v) if v is not None else None for v in (article_id, source, fallback_source, url, language)
    )
    extra = scrub(dict(extra or {}))
    if metadata_date not in (None, "") and normalise_date(metadata_date) is None:
        warnings.warn(InputWarning(origin, f"date {_shown(metadata_date)} is not a date; ignored"))
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
        dateline_place=(dateline.place or None) if dateline else None,
        url=url,
        language=language,
        origin=origin,
        extra=extra,
    )


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def check_story_length(origin: str, title: str, text: str) -> None:
    """Refuse a story over the story limit (see ``limits.py`` for why refuse, not split)."""
    bound = limits.current()
    length = len(text) + len(title or "")
    if length > bound.max_story_chars:
        raise InputError(
            origin,
            f"story of {length:,} characters is over the limit of {bound.max_story_chars:,}"
            f" (set {bound.setting('max_story_chars')} higher to code it)",
        )


def scrub(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings (and keys) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE_RE.sub("\ufffd", value) if _SURROGATE_RE.search(value) else value
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def _shown(value: object) -> str:
    text = repr(scrub(value) if isinstance(value, str) else value)
    return text if len(text) <= 60 else text[:59] + "…"
