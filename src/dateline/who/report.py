"""Actors of stories for people: read, parse, resolve, and show each mention with its rule."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Sequence

from ..errors import InputError
from ..records import Actor, Article
from .cascade import resolve_doc
from .dictionaries import load_kb


def articles_of(text_or_path: str, published: str | None = None) -> Iterator[Article]:
    """The stories of a file or directory (any form the `read` stage knows), or of the text itself.

    ``published`` is the date for stories that carry none. An unreadable input raises its
    ``InputError`` (naming the file and line).
    """
    from .. import read

    try:
        is_path = len(text_or_path) < 4096 and "\n" not in text_or_path and Path(text_or_path).exists()
    except OSError:
        is_path = False
    if not is_path:
        if _looks_like_path(text_or_path):
            raise InputError(text_or_path, "no such file or directory")
        yield read.read_text(text_or_path, date=published)
        return
    for item in read.read_all([text_or_path], date=published):
        if isinstance(item, InputError):
            raise item
        yield item


def _looks_like_path(value: str) -> bool:
    """A single word with a slash or a news-file ending is a path that is missing, not a story."""
    return not any(c.isspace() for c in value) and (
        "/" in value or value.lower().endswith((".txt", ".jsonl", ".json", ".html", ".htm", ".xml", ".rss", ".gz")))


def actors_of_articles(
    articles: Sequence[Article] | Iterator[Article],
    *,
    at: str | None = None,
    dictionaries: Sequence[str] = (),
) -> Iterator[tuple[Article, list[Actor]]]:
    """Each article with its resolved actors (``at``: resolve every mention at this date)."""
    from .. import nlp as nlp_loader

    kb = load_kb(list(dictionaries))
    nlp = nlp_loader.load()
    for article in articles:
        yield article, resolve_doc(nlp(article.text), article, at=at, kb=kb)


def format_actors(actors: Sequence[Actor], fmt: str = "table", article: Article | None = None) -> str:
    """A table (offset, mention, code, country, org, sector, rule) or one JSON object a line."""
    if fmt == "jsonl":
        return "\n".join(
            json.dumps({**({"article_id": article.id} if article else {}), **actor.to_json(), "start": actor.start,
                        "end": actor.end, "rule": actor.rule, "entity_id": actor.entity_id}, ensure_ascii=False)
            for actor in actors
        )
    rows = [("offset", "mention", "code", "country", "org", "sector", "rule")]
    for a in actors:
        mention = " ".join(a.text.split())
        rows.append((str(a.start), mention[:48], a.code or "-", a.country or "-", a.org or "-", a.sector or "-",
                     a.rule or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    table = "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)
    if article is None:
        return table
    return f"# {article.origin or article.id} (published {article.published or 'unknown'})\n{table}"
