"""The web app: a JSON API over ``dateline.ask`` and the page that uses it, on Starlette.

Every route is a thin edge: it validates its query parameters (unknown names, bad values and
out-of-range sizes are a 400 with one clear message), calls one library function, and returns
JSON. Handlers are plain functions, so Starlette runs them in its thread pool; each thread
keeps its own read-only SQLite connection (``db.py``), which lets requests run side by side and
lets another process ingest into the same file while the server answers.
"""
from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import DatelineError
from ..filters import NAMES as FILTER_NAMES
from ..filters import FilterError, Filters
from ..ask import pages
from ..ask.export import FORMATS, LEVELS, lines
from ..ask.query import FREQUENCIES
from . import openapi
from .db import Readers

STATIC = Path(str(resources.files("dateline") / "serve" / "static"))

# Headers on every response. The page needs nothing from elsewhere, so the policy allows
# only this server: an injected inline script or event handler would not run even if some
# text were ever inserted unescaped (escaping is the defence; this is the second wall).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class BadRequest(DatelineError):
    """A query parameter the API cannot use; becomes a 400 with the message."""


def _params(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    """The query parameters, refusing unknown and repeated names."""
    seen: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name not in allowed:
            raise BadRequest(f"unknown parameter {name!r}: this endpoint takes {', '.join(allowed)}")
        if name in seen:
            raise BadRequest(f"parameter {name!r} given twice")
        seen[name] = value
    return seen


def _filters(params: dict[str, str]) -> Filters:
    values: dict[str, Any] = {k: params[k] for k in FILTER_NAMES if k in params}
    return Filters.parse(**values)


def _int(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    text = params.get(name)
    if text is None or text == "":
        return default
    if not text.strip().lstrip("-").isdigit():
        raise BadRequest(f"{name}: {text!r} is not a whole number")
    value = int(text)
    if not low <= value <= high:
        raise BadRequest(f"{name}: {value} is out of range ({low} to {high})")
    return value


def _choice(params: dict[str, str], name: str, default: str, choices: tuple[str, ...] | list[str]) -> str:
    value = params.get(name) or default
    if value not in choices:
        raise BadRequest(f"{name}: {value!r} is not one of {', '.join(choices)}")
    return value


PAGE_PARAMS = (*FILTER_NAMES, "limit", "cursor", "sort")


def create_app(db_path: str | Path) -> Starlette:
    """The app serving the store at ``db_path`` (opened read-only, per thread)."""
    readers = Readers(db_path)
    readers.check()

    def api(allowed: tuple[str, ...], answer: Callable[[dict[str, str], Request], Any]) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            try:
                result = answer(_params(request, allowed), request)
            except (BadRequest, FilterError) as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
            if isinstance(result, Response):
                return result
            if result is None:
                return JSONResponse({"error": "not found"}, status_code=404)
            return JSONResponse(result)
        return endpoint

    def events(p: dict[str, str], _: Request) -> Any:
        return pages.event_page(
            readers.conn(), _filters(p), limit=_int(p, "limit", 50, 1, pages.PAGE_MAX),
            cursor=p.get("cursor") or None, sort=_choice(p, "sort", "date", pages.SORTS),
        )

    def mentions(p: dict[str, str], _: Request) -> Any:
        return pages.mention_page(
            readers.conn(), _filters(p), limit=_int(p, "limit", 50, 1, pages.PAGE_MAX),
            cursor=p.get("cursor") or None, sort=_choice(p, "sort", "date", pages.SORTS),
        )

    def timeline(p: dict[str, str], _: Request) -> Any:
        return pages.timeline_points(readers.conn(), _filters(p),
                                     limit=_int(p, "limit", pages.POINTS_DEFAULT, 1, pages.POINTS_MAX))

    def places(p: dict[str, str], _: Request) -> Any:
        return pages.places(readers.conn(), _filters(p), limit=_int(p, "limit", 500, 1, 5000))

    def series(p: dict[str, str], _: Request) -> Any:
        if not p.get("a") or not p.get("b"):
            raise BadRequest("series needs both actors: ?a=JPN&b=RUS")
        freq = _choice(p, "freq", "M", tuple(FREQUENCIES)).upper()
        filters = _filters({k: v for k, v in p.items() if k in FILTER_NAMES})
        pair = Filters.parse(dyad=(p["a"], p["b"])).dyad
        assert pair is not None
        return pages.series(readers.ask(), pair[0], pair[1], filters, freq=freq)

    def actors(p: dict[str, str], _: Request) -> Any:
        return pages.top_actors(readers.ask(), _filters(p), n=_int(p, "n", 10, 1, 100))

    def event(p: dict[str, str], request: Request) -> Any:
        text = request.path_params["cluster_id"]
        if not text.isdigit():
            raise BadRequest(f"event id {text!r} is not a number")
        return pages.event_detail(readers.conn(), int(text))

    def article(p: dict[str, str], request: Request) -> Any:
        return pages.article_detail(readers.conn(), request.path_params["article_id"])

    def export(p: dict[str, str], _: Request) -> Any:
        fmt = _choice(p, "format", "jsonl", FORMATS)
        level = _choice(p, "level", "events", LEVELS)
        if fmt == "gdelt" and level != "events":
            raise BadRequest("level: the GDELT event table holds deduplicated events: use level=events")
        filters = _filters(p).as_dict()
        suffix = {"jsonl": "jsonl", "csv": "csv", "gdelt": "tsv", "parquet": "parquet"}[fmt]
        name = f"dateline-{level}.{suffix}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        if fmt == "parquet":
            return _parquet_download(readers, level, filters, headers)
        media = {"jsonl": "application/x-ndjson", "csv": "text/csv", "gdelt": "text/tab-separated-values"}[fmt]
        return StreamingResponse(_stream_lines(readers, fmt, level, filters), media_type=media + "; charset=utf-8",
                                 headers=headers)

    def roots(p: dict[str, str], _: Request) -> Any:
        return pages.roots()

    def spec(p: dict[str, str], _: Request) -> Any:
        return openapi.document()

    def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    routes = [
        Route("/", index),
        Route("/api/events", api(PAGE_PARAMS, events)),
        Route("/api/mentions", api(PAGE_PARAMS, mentions)),
        Route("/api/timeline", api((*FILTER_NAMES, "limit"), timeline)),
        Route("/api/places", api((*FILTER_NAMES, "limit"), places)),
        Route("/api/series", api((*FILTER_NAMES, "a", "b", "freq"), series)),
        Route("/api/actors", api((*FILTER_NAMES, "n"), actors)),
        Route("/api/events/{cluster_id}", api((), event)),
        Route("/api/articles/{article_id:path}", api((), article)),
        Route("/api/export", api((*FILTER_NAMES, "format", "level"), export)),
        Route("/api/roots", api((), roots)),
        Route("/api/openapi.json", api((), spec)),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]

    async def not_found(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail or "not found"}, status_code=exc.status_code)
        return Response(str(exc.detail), status_code=exc.status_code, media_type="text/plain")

    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found},
                    middleware=[Middleware(SecurityHeaders)])

    app.state.readers = readers
    return app


class SecurityHeaders:
    """ASGI middleware adding ``SECURITY_HEADERS`` to every response (streamed ones too)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _stream_lines(readers: Readers, fmt: str, level: str, filters: dict[str, Any]) -> Iterator[bytes]:
    """Export lines in chunks of about 64 kB, read by a connection of their own.

    Starlette pulls each chunk in its thread pool, maybe from another thread each time, so
    the export gets its own connection (made for use across threads) instead of a pooled one.
    """
    ask = readers.private_ask()
    try:
        chunk: list[str] = []
        size = 0
        for line in lines(ask, fmt, level=level, **filters):
            chunk.append(line)
            size += len(line)
            if size >= 65536:
                yield "".join(chunk).encode("utf-8")
                chunk, size = [], 0
        if chunk:
            yield "".join(chunk).encode("utf-8")
    finally:
        ask.conn.close()


def _parquet_download(readers: Readers, level: str, filters: dict[str, Any], headers: dict[str, str]) -> Response:
    """Parquet needs a seekable file: write it to a temporary file, send it, delete it."""
    from starlette.background import BackgroundTask

    from ..ask.export import export

    handle = tempfile.NamedTemporaryFile(suffix=".parquet", delete=False)
    handle.close()
    ask = readers.private_ask()
    try:
        export(ask, "parquet", handle.name, level=level, **filters)
    finally:
        ask.conn.close()
    return FileResponse(handle.name, media_type="application/vnd.apache.parquet", headers=headers,
                        background=BackgroundTask(Path(handle.name).unlink, missing_ok=True))

