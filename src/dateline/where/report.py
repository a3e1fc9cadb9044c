"""Place mentions of a file, for ``dateline places``: read, parse, resolve, format.

The reader here is deliberately tiny (the whole file is one plain-text article, with a wire
dateline such as "TOKYO, June 1. /TASS/" recognised in its first lines); the pipeline's real
readers replace it once they are merged.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

from .. import nlp as nlp_loader
from ..errors import InputError
from ..records import Article, Place
from .resolve import resolve

_WIRE_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]{1,40}?)\s*,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b", re.MULTILINE)
JSONL_FIELDS = ("article_id", "start", "end", "text", "name", "country", "lat", "lon", "id")


def read_plain(path: Path) -> Article:
    """One article from a plain-text file (UTF-8); the dateline place when the text has one."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    match = _WIRE_DATELINE.search(text[:2000])
    return Article(id=path.stem, text=text, dateline_place=match.group(1).strip() if match else None, origin=str(path))


def places_of(articles: Iterable[Article]) -> Iterable[tuple[Article, list[Place]]]:
    nlp = nlp_loader.load()
    for article in articles:
        yield article, resolve(nlp(article.text), article)


def place_record(article: Article, place: Place) -> dict[str, Any]:
    """The JSONL form of one resolved mention."""
    return {
        "article_id": article.id, "start": place.start, "end": place.end, "text": place.text,
        "name": place.name, "country": place.country, "lat": place.lat, "lon": place.lon, "id": place.id,
    }


def format_jsonl(article: Article, places: list[Place]) -> str:
    return "\n".join(json.dumps(place_record(article, p), ensure_ascii=False) for p in places)


def format_table(article: Article, places: list[Place]) -> str:
    lines = [f"{'start':>6} {'end':>6}  {'text':<24} {'name':<24} {'ctry':<4} {'lat':>8} {'lon':>9}  {'feature':<11} id"]
    for p in places:
        lat = f"{p.lat:8.3f}" if p.lat is not None else f"{'-':>8}"
        lon = f"{p.lon:9.3f}" if p.lon is not None else f"{'-':>9}"
        lines.append(
            f"{p.start:>6} {p.end:>6}  {p.text[:24]:<24} {(p.name or '-')[:24]:<24} "
            f"{p.country or '-':<4} {lat} {lon}  {p.feature or '-':<11} {p.id or '-'}"
        )
    return "\n".join(lines)
