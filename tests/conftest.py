"""Session fixtures: the real spaCy pipeline and the shared gold data (skipped when absent)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TEST_DATA = Path(__file__).resolve().parent / "data"
SEED = SHARED / "data" / "seed" / "tass-japan-russia-peace-treaty.txt"


@pytest.fixture(scope="session")
def nlp():
    from dateline import nlp as nlp_loader

    return nlp_loader.load()


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared/data, or skip the test cleanly where it is absent."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip("../shared/data is not present")
    return data


@pytest.fixture(scope="session")
def seed_path(shared: Path) -> Path:
    return SEED


@pytest.fixture(scope="session")
def pipeline_store(tmp_path_factory) -> Path:
    """The demo corpus and the ask test stories through the real pipeline, in one store.

    Shared by the filter, web API and browser tests (read-only: copy it before writing).
    """
    from dateline.batch import ingest
    from dateline.demo import corpus_dir
    from dateline.store import Store

    path = tmp_path_factory.mktemp("pipeline-store") / "events.db"
    with Store(path) as store:
        report = ingest([str(corpus_dir()), str(TEST_DATA / "ask" / "stories.jsonl")], store)
    assert report.added == 12 and not report.errors
    return path


# -- PostgreSQL ---------------------------------------------------------------------------------
# Tests that need PostgreSQL use the server these machines (and CI) start before a session:
# socket /var/run/postgresql or 127.0.0.1:5432, trust auth, database ``test``. Each store gets
# a schema of its own (named after the run, the worker and a counter), so parallel xdist
# workers and reruns never meet; the schemas are dropped when the session ends.

_PG_CANDIDATES = (
    "postgresql:///test?host=/var/run/postgresql",
    "postgresql://postgres@127.0.0.1:5432/test",
    "postgresql://root@127.0.0.1:5432/test",
)


def _pg_base() -> str | None:
    configured = __import__("os").environ.get("DATELINE_TEST_PG")
    try:
        import psycopg
    except ImportError:
        return None
    for url in ([configured] if configured else _PG_CANDIDATES):
        try:
            psycopg.connect(url, connect_timeout=3).close()
            return url
        except psycopg.Error:
            continue
    return None


@pytest.fixture(scope="session")
def pg_schemas():
    """A factory of fresh PostgreSQL store URLs (one new schema each); skips without a server."""
    import itertools
    import os
    import uuid

    base = _pg_base()
    if base is None:
        pytest.skip("PostgreSQL is not reachable (socket /var/run/postgresql or 127.0.0.1:5432,"
                    " database test) or psycopg is not installed")
    import psycopg

    run = f"t{uuid.uuid4().hex[:8]}_{os.getpid()}"
    counter = itertools.count()
    made: list[str] = []

    def new() -> str:
        name = f"dl_{run}_{next(counter)}"
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        made.append(name)
        joiner = "&" if "?" in base else "?"
        return f"{base}{joiner}options=-csearch_path%3D{name}"

    yield new
    with psycopg.connect(base, autocommit=True) as conn:
        for name in made:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request, tmp_path):
    """Where a fresh store lives: an SQLite file, or a new PostgreSQL schema (same tests)."""
    if request.param == "sqlite":
        return str(tmp_path / "d.db")
    return request.getfixturevalue("pg_schemas")()
