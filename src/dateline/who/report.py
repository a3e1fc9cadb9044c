"""Actors of a text for people: parse, resolve, and print each mention with the rule that fired."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from ..errors import InputError
from ..records import Actor, Article
from .dictionaries import load_kb
from .cascade import resolve_doc


def read_text_or_path(value: str) -> tuple[str, str]:
    """``(text, origin)``: the file's text when ``value`` names a file, else ``value`` itself.

    A deliberately tiny reader (plain text, UTF-8 with replacement) until the `read` stage
    offers one for every format.
    """
    path = Path(value)
    try:
        is_file = len(value) < 4096 and path.is_file()
    except OSError:
        is_file = False
    if not is_file:
        return value, "<text>"
    try:
        return path.read_text(encoding="utf-8", errors="replace"), str(path)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc


def actors_of_text(
    text: str,
    *,
    published: str | None = None,
    at: str | None = None,
    dictionaries: Sequence[str] = (),
    origin: str = "<text>",
) -> list[Actor]:
    """Parse ``text`` and resolve its actors (``published``: the article date; ``at``: event date)."""
    from .. import nlp as nlp_loader

    kb = load_kb(list(dictionaries))
    doc = nlp_loader.load()(text)
    article = Article(id=origin, text=text, published=published, origin=origin)
    return resolve_doc(doc, article, at=at, kb=kb)


def format_actors(actors: Sequence[Actor], fmt: str = "table") -> str:
    """A table (offset, mention, code, country, org, sector, rule) or one JSON object a line."""
    if fmt == "jsonl":
        return "\n".join(
            json.dumps({**actor.to_json(), "start": actor.start, "end": actor.end, "rule": actor.rule,
                        "entity_id": actor.entity_id}, ensure_ascii=False)
            for actor in actors
        )
    rows = [("offset", "mention", "code", "country", "org", "sector", "rule")]
    for a in actors:
        mention = " ".join(a.text.split())
        rows.append((str(a.start), mention[:48], a.code or "-", a.country or "-", a.org or "-", a.sector or "-",
                     a.rule or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)
