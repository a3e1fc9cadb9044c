"""The OpenAPI 3.1 document of the JSON API, served at ``/api/openapi.json``.

Written out here, next to the routes, rather than generated: the API is small, and a test
validates this document and checks that every route in ``app.py`` is described in it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..records import MODALITIES

_FILTERS: list[dict[str, Any]] = [
    {"name": "actor", "description": "Country code, organisation acronym or actor code on either side (JPN, NATO, JPNGOV).",
     "schema": {"type": "string", "maxLength": 32}, "example": "JPN"},
    {"name": "dyad", "description": "Two actors, both directions, separated by a space or comma.",
     "schema": {"type": "string"}, "example": "JPN,RUS"},
    {"name": "root", "description": "CAMEO root code, 01 to 20.", "schema": {"type": "string", "pattern": "^[0-9]{1,2}$"}},
    {"name": "quad_class", "description": "QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.",
     "schema": {"type": "integer", "minimum": 1, "maximum": 4}},
    {"name": "since", "description": "ISO date or prefix, inclusive (2019, 2019-06, 2019-06-01).",
     "schema": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}},
    {"name": "until", "description": "ISO date or prefix, inclusive (until=2019 keeps all of 2019).",
     "schema": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}},
    {"name": "place", "description": "Event location name or its country code.", "schema": {"type": "string", "maxLength": 100}},
    {"name": "modality", "description": "Modality of the event.", "schema": {"type": "string", "enum": list(MODALITIES)}},
    {"name": "text", "description": "Words that must appear in an evidence sentence.", "schema": {"type": "string", "maxLength": 200}},
]
_PAGING: list[dict[str, Any]] = [
    {"name": "limit", "description": "Page size.", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}},
    {"name": "cursor", "description": "The `next` value of the previous page.", "schema": {"type": "string"}},
    {"name": "sort", "description": "Date order: `date` (oldest first) or `-date`; undated events come last either way.",
     "schema": {"type": "string", "enum": ["date", "-date"], "default": "date"}},
]


def _query(params: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"in": "query", "required": False, **p} for p in params]


def _ok(schema: str, description: str) -> dict[str, Any]:
    return {
        "200": {"description": description,
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}},
        "400": {"$ref": "#/components/responses/BadRequest"},
    }


def _get(summary: str, params: list[dict[str, Any]], responses: dict[str, Any], op: str) -> dict[str, Any]:
    return {"get": {"summary": summary, "operationId": op, "parameters": params, "responses": responses}}


_NULLABLE_STRING = {"type": ["string", "null"]}
_ACTOR = {
    "type": ["object", "null"],
    "properties": {k: _NULLABLE_STRING for k in ("key", "name", "code", "country", "org")},
}
_LOCATION = {
    "type": ["object", "null"],
    "properties": {"name": _NULLABLE_STRING, "country": _NULLABLE_STRING,
                   "lat": {"type": ["number", "null"]}, "lon": {"type": ["number", "null"]}},
}
_EVENT = {
    "type": "object",
    "description": "A deduplicated event: one real-world event however many stories reported it.",
    "required": ["cluster_id", "date", "cameo", "quad_class", "reports", "sources"],
    "properties": {
        "cluster_id": {"type": "integer"}, "date": _NULLABLE_STRING, "date_precision": _NULLABLE_STRING,
        "source": _ACTOR, "target": _ACTOR, "cameo": {"type": "string"}, "event": {"type": "string"},
        "root": {"type": "string"}, "quad_class": {"type": ["integer", "null"]},
        "goldstein": {"type": ["number", "null"]}, "plover": _NULLABLE_STRING, "modality": {"type": "string"},
        "location": _LOCATION, "reports": {"type": "integer"}, "mentions": {"type": "integer"},
        "articles": {"type": "integer"}, "sources": {"type": "integer"}, "first_seen": _NULLABLE_STRING,
        "sentence": _NULLABLE_STRING, "article_id": {"type": "string"},
    },
}
_RECORD = {
    "type": "object",
    "description": "A per-story event record in dateline's public JSONL form, with its cluster and outlet.",
    "required": ["article_id", "event_id", "cameo", "modality", "sentence", "span"],
    "properties": {
        "article_id": {"type": "string"}, "event_id": {"type": "string"}, "cameo": {"type": "string"},
        "root": {"type": "string"}, "quad_class": {"type": ["integer", "null"]},
        "goldstein": {"type": ["number", "null"]}, "plover": _NULLABLE_STRING,
        "source": {"type": ["object", "null"]}, "target": {"type": ["object", "null"]},
        "date": _NULLABLE_STRING, "date_precision": _NULLABLE_STRING, "date_from": _NULLABLE_STRING,
        "modality": {"type": "string"}, "attribution": {"type": "array", "items": {"type": "string"}},
        "location": _LOCATION, "sentence": {"type": "string"},
        "span": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
        "cluster_id": {"type": ["integer", "null"]}, "outlet": _NULLABLE_STRING, "published": _NULLABLE_STRING,
    },
}


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    """The OpenAPI document (a fresh dict is not needed: callers only serialise it)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("dateline")
    except PackageNotFoundError:
        release = "0"
    filters = _query(_FILTERS)
    page = {"type": "object", "required": ["next", "total", "total_capped"],
            "properties": {"next": _NULLABLE_STRING, "total": {"type": "integer"},
                           "total_capped": {"type": "boolean", "description": "true when more than 10,000 match"}}}
    schemas: dict[str, Any] = {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
        "Event": _EVENT,
        "Record": _RECORD,
        "EventPage": {"allOf": [page, {"type": "object", "required": ["events"], "properties": {
            "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}]},
        "MentionPage": {"allOf": [page, {"type": "object", "required": ["mentions"], "properties": {
            "mentions": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}}}}]},
        "Timeline": {"type": "object", "required": ["points", "truncated"], "properties": {
            "points": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "date": {"type": "string"}, "quad": {"type": ["integer", "null"]},
                "goldstein": {"type": ["number", "null"]}, "sources": {"type": "integer"},
                "reports": {"type": "integer"}, "event": {"type": "string"},
                "source": _NULLABLE_STRING, "target": _NULLABLE_STRING}}},
            "truncated": {"type": "boolean"}}},
        "Places": {"type": "object", "required": ["places"], "properties": {"places": {"type": "array", "items": {
            "type": "object", "properties": {"name": _NULLABLE_STRING, "country": _NULLABLE_STRING,
                                             "lat": {"type": "number"}, "lon": {"type": "number"},
                                             "events": {"type": "integer"}, "cooperation": {"type": "integer"},
                                             "conflict": {"type": "integer"}}}}}},
        "Series": {"type": "object", "required": ["dyad", "freq", "rows"], "properties": {
            "dyad": {"type": "array", "items": {"type": "string"}}, "freq": {"type": "string"},
            "too_coarse": {"type": "integer"},
            "rows": {"type": "array", "items": {"type": "object", "properties": {
                "period": {"type": "string"}, "direction": {"type": "string"}, "events": {"type": "integer"},
                "verbal_coop": {"type": "integer"}, "material_coop": {"type": "integer"},
                "verbal_conflict": {"type": "integer"}, "material_conflict": {"type": "integer"},
                "goldstein_sum": {"type": ["number", "null"]}, "goldstein_mean": {"type": ["number", "null"]},
                "mentions": {"type": "integer"}}}}}},
        "Actors": {"type": "object", "required": ["actors"], "properties": {"actors": {"type": "array", "items": {
            "type": "object", "properties": {"actor": {"type": "string"}, "name": _NULLABLE_STRING,
                                             "events": {"type": "integer"}}}}}},
        "EventDetail": {"allOf": [{"$ref": "#/components/schemas/Event"}, {"type": "object", "properties": {
            "reports": {"type": "array", "items": {"type": "object"}},
            "article": {"$ref": "#/components/schemas/Article"},
            "highlight": {"type": ["array", "null"], "items": {"type": "integer"}}}}]},
        "Roots": {"type": "object", "required": ["roots", "quad_classes"], "properties": {
            "roots": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}},
            "quad_classes": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "integer"}, "name": {"type": "string"}}}}}},
        "Article": {"type": ["object", "null"], "properties": {
            "id": {"type": "string"}, "title": _NULLABLE_STRING, "text": {"type": "string"},
            "published": _NULLABLE_STRING, "source": _NULLABLE_STRING, "url": _NULLABLE_STRING,
            "events": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}}}},
    }
    not_found = {"404": {"description": "No such item.",
                         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
    paths = {
        "/api/events": _get("Deduplicated events, a page at a time", filters + _query(_PAGING),
                            _ok("EventPage", "A page of events and the cursor of the next."), "events"),
        "/api/mentions": _get("Per-story event records (the evidence), a page at a time", filters + _query(_PAGING),
                              _ok("MentionPage", "A page of records and the cursor of the next."), "mentions"),
        "/api/timeline": _get("Dated events as chart points, in date order",
                              filters + _query([{"name": "limit", "schema": {"type": "integer", "minimum": 1, "maximum": 5000, "default": 1000}}]),
                              _ok("Timeline", "At most `limit` points; `truncated` when more match."), "timeline"),
        "/api/places": _get("Event locations with their event counts",
                            filters + _query([{"name": "limit", "schema": {"type": "integer", "minimum": 1, "maximum": 5000, "default": 500}}]),
                            _ok("Places", "The busiest places first."), "places"),
        "/api/series": _get("A dyad per period, both directions: counts by QuadClass and Goldstein",
                            _query([{"name": "a", "schema": {"type": "string"}, "description": "First actor (required)."},
                                    {"name": "b", "schema": {"type": "string"}, "description": "Second actor (required)."},
                                    {"name": "freq", "schema": {"type": "string", "enum": ["D", "W", "M", "Q", "Y"], "default": "M"}}])
                            + [f for f in filters if f["name"] != "dyad"],
                            _ok("Series", "One row per period and direction."), "series"),
        "/api/actors": _get("The actors in most events",
                            filters + _query([{"name": "n", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}}]),
                            _ok("Actors", "Actors by event count."), "actors"),
        "/api/events/{cluster_id}": {"get": {
            "summary": "One deduplicated event with every report of it and its first story's text",
            "operationId": "event",
            "parameters": [{"name": "cluster_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {**_ok("EventDetail", "The event."), **not_found}}},
        "/api/articles/{article_id}": {"get": {
            "summary": "One stored story with the events found in it", "operationId": "article",
            "parameters": [{"name": "article_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {**_ok("Article", "The story."), **not_found}}},
        "/api/export": {"get": {
            "summary": "Download the filtered events (streamed)", "operationId": "export",
            "parameters": _query([
                {"name": "format", "schema": {"type": "string", "enum": ["jsonl", "csv", "gdelt", "parquet"], "default": "jsonl"}},
                {"name": "level", "schema": {"type": "string", "enum": ["events", "mentions"], "default": "events"}},
            ]) + filters,
            "responses": {"200": {"description": "The file, as an attachment.", "content": {
                "application/x-ndjson": {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}},
                "text/tab-separated-values": {"schema": {"type": "string"}},
                "application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}}}},
                "400": {"$ref": "#/components/responses/BadRequest"}}}},
        "/api/roots": {"get": {"summary": "CAMEO roots and QuadClasses with their readings", "operationId": "roots",
                               "responses": {"200": {"description": "Codes and names.", "content": {"application/json": {
                                   "schema": {"$ref": "#/components/schemas/Roots"}}}}}}},
        "/api/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                                      "responses": {"200": {"description": "OpenAPI 3.1",
                                                            "content": {"application/json": {"schema": {"type": "object"}}}}}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "dateline", "version": release,
                 "description": "Political events coded from news text: deduplicated events, the evidence behind"
                                " them, dyads, actors and places. Unknown parameters and bad values are a 400."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {"BadRequest": {"description": "A parameter is unknown, malformed or out of range.",
                                         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
        },
    }
