"""serve: a local web app and JSON API for exploring a store (``dateline serve``).

    app.py      the Starlette app: JSON API routes over ``dateline.ask`` and the page
    db.py       read-only, per-thread SQLite connections
    openapi.py  the OpenAPI 3.1 document describing the API
    run.py      starting uvicorn (host, port, the warning when not on loopback)
    static/     the page: plain ES modules, CSS and the bundled Natural Earth outline

Starlette and uvicorn are imported only when the server starts.
"""
from __future__ import annotations

__all__ = ["create_app", "serve"]


def create_app(db_path: str):  # type: ignore[no-untyped-def]
    from .app import create_app as make

    return make(db_path)


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    from .run import serve as run

    run(db_path, host=host, port=port)
