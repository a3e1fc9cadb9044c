"""Place mentions of articles, for ``dateline places``: parse, resolve, format."""
from __future__ import annotations

import json
from typing import Any, Iterable

from .. import nlp as nlp_loader
from ..records import Article, Place
from .resolve import resolve

JSONL_FIELDS = ("article_id", "start", "end", "text", "name", "country", "lat", "lon", "id", "feature")


def places_of(articles: Iterable[Article]) -> Iterable[tuple[Article, list[Place]]]:
    nlp = nlp_loader.load()
    for article in articles:
        yield article, resolve(nlp(article.text), article)


def place_record(article: Article, place: Place) -> dict[str, Any]:
    """The JSONL form of one resolved mention."""
    return {
        "article_id": article.id, "start": place.start, "end": place.end, "text": place.text,
        "name": place.name, "country": place.country, "lat": place.lat, "lon": place.lon, "id": place.id,
        "feature": place.feature,
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
