"""RSS, Atom and JSON Feed files: one article per item.

Each item gives a title, a link, a summary or full content (HTML stripped to text) and a date.
``Article.text`` is the title, a blank line, then the content, so the headline is coded too.
Feed-level fields (the feed's title and link) and item fields (author, tags, guid) go to
``extra``; the site's name (the feed title) is the source unless a wire dateline names an agency.
An item's language is detected from its text; when the text is too short to tell, the language
the feed declares (``<language>es-ES</language>``) is used.

Feeds in the wild are often broken: undeclared Latin-1, stray ``&`` and undefined entities. The
XML feeds go through feedparser, which recovers the items it can read from a document that is
not well-formed; only when no item at all can be read is the file an ``InputError``. JSON Feed
(https://jsonfeed.org) is a small JSON format and is read here directly.
"""
from __future__ import annotations

import json
import warnings
from typing import Any, Iterator

from ..errors import InputError
from ..records import Article
from .build import build_article
from .html import strip_html
from .language import detect_language


def read_feed(text: str, origin: str, *, date: str | None = None) -> Iterator[Article | InputError]:
    """The items of an RSS or Atom feed as articles (``origin#item N``)."""
    import feedparser

    parsed = feedparser.parse(text)
    entries = list(parsed.entries)
    if not entries:
        problem = parsed.get("bozo_exception")
        reason = (
            f"not a readable feed ({problem})"
            if problem
            else "no feed items found (not an RSS or Atom feed?)"
        )
        yield InputError(origin, reason)
        return
    feed = parsed.feed
    feed_fields = _present({"feed_title": feed.get("title"), "feed_link": feed.get("link")})
    site = feed.get("title") or None
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}#item {number}"
        content = _entry_content(entry)
        title = strip_html(entry.get("title") or "")
        extra = dict(feed_fields)
        extra.update(
            _present(
                {
                    "guid": entry.get("id"),
                    "author": entry.get("author"),
                    "tags": [t.get("term") for t in entry.get("tags", []) if t.get("term")] or None,
                }
            )
        )
        language = entry.get("language") or feed.get("language")
        yield _item_article(
            title,
            content,
            where,
            link=entry.get("link"),
            when=_entry_date(entry),
            date=date,
            site=site,
            extra=extra,
            declared_language=language,
        )


def _entry_date(entry: Any) -> Any:
    """The item's publication time, else its update time (feedparser's parsed UTC tuples)."""
    with warnings.catch_warnings():
        # feedparser warns when asked for a field it only maps from another one.
        warnings.simplefilter("ignore", DeprecationWarning)
        return entry.get("published_parsed") or entry.get("updated_parsed")


def _entry_content(entry: Any) -> str:
    """The fullest text an item carries: its content if longer than its summary."""
    summary = strip_html(entry.get("summary") or "")
    contents = [strip_html(c.get("value") or "") for c in entry.get("content", [])]
    fullest = max(contents, key=len, default="")
    return fullest if len(fullest) > len(summary) else summary


def read_json_feed(text: str, origin: str, *, date: str | None = None) -> Iterator[Article | InputError]:
    """The items of a JSON Feed (version 1 or 1.1) as articles (``origin#item N``)."""
    try:
        feed = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(origin, f"JSON Feed is not valid JSON ({exc.msg}, line {exc.lineno})")
        return
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list) or not items:
        yield InputError(origin, "JSON Feed holds no items")
        return
    feed_fields = _present({"feed_title": _str(feed.get("title")), "feed_link": _str(feed.get("home_page_url"))})
    site = _str(feed.get("title")) or None
    for number, item in enumerate(items, start=1):
        where = f"{origin}#item {number}"
        if not isinstance(item, dict):
            yield InputError(where, "feed item is not a JSON object")
            continue
        # The spec's fields are text: a number or an object where text belongs is ignored.
        content = _str(item.get("content_text")) or strip_html(_str(item.get("content_html")))
        summary = _str(item.get("summary"))
        authors = item.get("authors") or [item.get("author")]
        extra = dict(feed_fields)
        extra.update(
            _present(
                {
                    "guid": item.get("id"),
                    "author": _author_names(authors),
                    "tags": item.get("tags"),
                }
            )
        )
        yield _item_article(
            strip_html(_str(item.get("title"))),
            content if len(content) >= len(summary) else summary,
            where,
            link=_str(item.get("url")) or _str(item.get("external_url")) or None,
            when=item.get("date_published") or item.get("date_modified"),
            date=date,
            site=site,
            extra=extra,
            declared_language=_str(item.get("language")) or _str(feed.get("language")) or None,
        )


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _item_article(
    title: str,
    content: str,
    origin: str,
    *,
    link: str | None,
    when: object,
    date: str | None,
    site: str | None,
    extra: dict[str, Any],
    declared_language: str | None,
) -> Article | InputError:
    if not title and not content:
        return InputError(origin, "feed item has neither a title nor any text")
    try:
        return _build(title, content, origin, link, when, date, site, extra, declared_language)
    except InputError as exc:  # one item over a limit does not cost the rest of the feed
        return exc


def _build(title: str, content: str, origin: str, link: str | None, when: object, date: str | None,
           site: str | None, extra: dict[str, Any], declared_language: str | None) -> Article:
    if title and content and not content.startswith(title):
        text = f"{title}\n\n{content}"
    else:
        text = content or title
    extra["body_start"] = len(text) - len(content) if content else len(text)
    return build_article(
        text,
        origin=origin,
        title=title,
        metadata_date=when,
        option_date=date,
        fallback_source=site,
        url=link or None,
        language=detect_language(text) or _language_code(declared_language),
        extra=extra,
    )


def _author_names(authors: Any) -> str | None:
    """JSON Feed authors (``[{"name": ...}]``) as one comma-separated string."""
    if not isinstance(authors, list):
        return None
    names = [a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"]]
    return ", ".join(names) or None


def _language_code(declared: str | None) -> str | None:
    """``es-ES`` → ``es``: the feed's own word for its language, when the text is too short."""
    if not declared or not isinstance(declared, str):
        return None
    code = declared.strip().lower().replace("_", "-").split("-")[0]
    return code if len(code) == 2 and code.isalpha() else None


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v not in (None, "", [])}
