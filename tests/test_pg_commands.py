"""Every command over a PostgreSQL store answers exactly as over SQLite.

The same stories are ingested (by the real CLI) into an SQLite file and a PostgreSQL schema;
then each read command, the exports, the Python API and the web API are asked the same
questions of both, and must give the same answers.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from serving import get, server

TEST_DATA = Path(__file__).resolve().parent / "data"
DATELINE = Path(sys.executable).parent / "dateline"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(DATELINE), *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def stores(pg_schemas, tmp_path_factory) -> tuple[str, str]:
    from dateline.demo import corpus_dir

    inputs = [str(corpus_dir()), str(TEST_DATA / "ask" / "stories.jsonl")]
    sqlite = str(tmp_path_factory.mktemp("pg-commands") / "events.db")
    url = pg_schemas()
    for target in (sqlite, url):
        result = run("ingest", *inputs, "--db", target)
        assert result.returncode == 0, result.stderr
        assert "12 added" in result.stderr
    # The environment variable names a PostgreSQL store as well as a file.
    again = run("ingest", *inputs, env={"DATELINE_DB": url})
    assert again.returncode == 0 and "12 already stored" in again.stderr
    return sqlite, url


QUESTIONS = [
    ("events", "--format", "jsonl"),
    ("events", "--actor", "RUS", "--format", "csv"),
    ("articles",),
    ("show", "demo-ap-us-mexico"),
    ("timeline",),
    ("timeline", "--actor", "RUS", "--since", "2019", "--text", "Russia"),
    ("dyad", "RUS", "UKR", "--freq", "M"),
    ("export", "--format", "jsonl"),
    ("export", "--format", "csv", "--level", "mentions"),
]


@pytest.mark.parametrize("question", QUESTIONS, ids=[" ".join(q) for q in QUESTIONS])
def test_commands_answer_the_same(stores, question):
    sqlite, url = stores
    on_sqlite = run(*question, "--db", sqlite)
    on_pg = run(*question, "--db", url)
    assert on_sqlite.returncode == on_pg.returncode == 0, on_pg.stderr
    assert on_pg.stdout == on_sqlite.stdout and on_pg.stdout.strip()


def test_gdelt_and_parquet_exports_match(stores, tmp_path):
    import pyarrow.parquet as pq

    sqlite, url = stores
    tables = []
    for n, target in enumerate((sqlite, url)):
        gdelt = run("export", "--format", "gdelt", "--db", target)
        assert gdelt.returncode == 0, gdelt.stderr
        # DATEADDED (column 60) is when each story was stored: the one honest difference.
        tables.append([line.split("\t")[:59] + line.split("\t")[60:] for line in gdelt.stdout.splitlines()])
        out = tmp_path / f"e{n}.parquet"
        assert run("export", "--format", "parquet", "--out", str(out), "--db", target).returncode == 0
        tables.append(pq.read_table(out).to_pylist())
    assert tables[0] == tables[2] and tables[1] == tables[3] and tables[0]


def test_python_api_answers_the_same(stores):
    import dateline

    sqlite, url = stores
    with dateline.open(sqlite) as a, dateline.open(url) as b:
        assert a.events().equals(b.events())
        assert a.timeline(actor="RUS").equals(b.timeline(actor="RUS"))
        assert a.dyad_series("RUS", "UKR").equals(b.dyad_series("RUS", "UKR"))
        assert a.top_actors().equals(b.top_actors())
        assert a.mentions().equals(b.mentions())


def test_web_api_answers_the_same(stores):
    sqlite, url = stores
    paths = ["/api/events?limit=3", "/api/mentions?dyad=RUS,UKR", "/api/timeline?quad_class=4",
             "/api/series?a=RUS&b=UKR&freq=M", "/api/actors?n=5", "/api/places", "/api/events/1",
             "/api/articles/demo-ap-us-mexico"]
    answers = []
    for target in (sqlite, url):
        with server(target) as base:
            answers.append([get(base, path)[:2] for path in paths])
            status, page, _ = get(base, "/api/events?limit=3")
            if page.get("next"):
                answers[-1].append(get(base, f"/api/events?limit=3&cursor={page['next']}")[:2])
    assert answers[0] == answers[1]
    assert all(status == 200 for status, _ in answers[1])
