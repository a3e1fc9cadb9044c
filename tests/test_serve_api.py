"""The web API: a real `dateline serve` on a local port, over a store filled by the real pipeline."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dateline.ask import open as open_ask
from dateline.ask.export import export
from dateline.serve.app import SECURITY_HEADERS, create_app
from dateline.serve.db import Readers, connect_readonly
from dateline.serve.openapi import document
from dateline.serve.run import bind_warning

from serving import ROOT, get, server

TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def base(pipeline_store):
    with server(pipeline_store) as url:
        yield url


def test_events_are_deduplicated_and_complete(base, pipeline_store):
    status, page, headers = get(base, "/api/events?limit=500")
    assert status == 200
    with open_ask(pipeline_store) as ask:
        expected = list(ask.events()["cluster_id"])
    assert [e["cluster_id"] for e in page["events"]] == expected
    assert page["total"] == len(expected) and page["next"] is None and not page["total_capped"]
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name.lower(), headers.get(name)) == value


@pytest.mark.parametrize("sort", ["date", "-date"])
def test_paging_visits_every_event_once_in_a_stable_order(base, sort):
    _, whole, _ = get(base, f"/api/events?limit=500&sort={sort}")
    seen, cursor, pages = [], "", 0
    while True:
        status, page, _ = get(base, f"/api/events?limit=3&sort={sort}" + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200 and len(page["events"]) <= 3
        seen += [e["cluster_id"] for e in page["events"]]
        pages += 1
        if not page["next"]:
            break
        cursor = page["next"]
    assert seen == [e["cluster_id"] for e in whole["events"]]
    assert len(set(seen)) == len(seen) and pages > 3
    dated = [e["date"] for e in whole["events"] if e["date"]]
    assert dated == sorted(dated, reverse=sort == "-date")


def test_mentions_page_through_the_per_story_records(base, pipeline_store):
    ids, cursor = [], ""
    while True:
        _, page, _ = get(base, "/api/mentions?limit=4&actor=RUS" + (f"&cursor={cursor}" if cursor else ""))
        ids += [m["event_id"] for m in page["mentions"]]
        if not page["next"]:
            break
        cursor = page["next"]
    with open_ask(pipeline_store) as ask:
        assert sorted(ids) == sorted(ask.mentions(actor="RUS")["event_id"])
    assert len(ids) == len(set(ids)) > 4


def test_every_filter_is_accepted(base):
    query = "actor=RUS&dyad=RUS,UKR&root=12&quad_class=3&since=2019&until=2019-12&place=UKR&modality=asserted&text=Russia"
    status, page, _ = get(base, "/api/events?" + query)
    assert status == 200
    for event in page["events"]:
        assert {event["source"]["key"], event["target"]["key"]} == {"RUS", "UKR"}
        assert event["root"] == "12" and event["quad_class"] == 3


def test_timeline_places_series_actors(base):
    _, timeline, _ = get(base, "/api/timeline?actor=RUS")
    assert timeline["points"] and all(p["date"] for p in timeline["points"])
    assert all("RUS" in (p["source"], p["target"]) for p in timeline["points"])
    _, places, _ = get(base, "/api/places")
    assert any(p["name"] == "Kyiv" and p["country"] == "UKR" for p in places["places"])
    _, series, _ = get(base, "/api/series?a=JPN&b=RUS&freq=M")
    assert series["dyad"] == ["JPN", "RUS"]
    assert {r["direction"] for r in series["rows"]} == {"JPN->RUS", "RUS->JPN"}
    _, actors, _ = get(base, "/api/actors?n=3")
    assert len(actors["actors"]) == 3 and actors["actors"][0]["events"] >= actors["actors"][-1]["events"]


def test_one_event_with_its_evidence_and_one_article_with_its_events(base):
    _, page, _ = get(base, "/api/events?dyad=JPN,RUS&root=04&since=2019-06-29&until=2019-06-29")
    osaka = page["events"][0]
    status, event, _ = get(base, f"/api/events/{osaka['cluster_id']}")
    assert status == 200 and event["sources"] >= 2
    assert {r["outlet"] for r in event["reports"]} >= {"TASS", "Kyodo"}
    start, end = event["highlight"]
    assert event["article"]["text"][start:end] in {r["sentence"] for r in event["reports"]}
    status, article, _ = get(base, f"/api/articles/{event['article']['id']}")
    assert status == 200 and article["title"] and article["events"]
    assert osaka["cluster_id"] in {e["cluster_id"] for e in article["events"]}


@pytest.mark.parametrize("path, message", [
    ("/api/events?colour=red", "unknown parameter 'colour'"),
    ("/api/events?since=2019-13-01", "since: '2019-13-01' is not an ISO date"),
    ("/api/events?until=yesterday", "until: 'yesterday' is not an ISO date"),
    ("/api/events?limit=501", "limit: 501 is out of range (1 to 500)"),
    ("/api/events?limit=0", "limit: 0 is out of range"),
    ("/api/events?limit=ten", "limit: 'ten' is not a whole number"),
    ("/api/events?cursor=bogus", "cursor: 'bogus' is not a cursor"),
    ("/api/events?sort=goldstein", "sort: 'goldstein' is not one of date, -date"),
    ("/api/events?quad_class=7", "quad_class: '7' is not a QuadClass"),
    ("/api/events?actor=RUS&actor=JPN", "parameter 'actor' given twice"),
    ("/api/timeline?limit=100000", "limit: 100000 is out of range"),
    ("/api/series?a=JPN", "series needs both actors"),
    ("/api/export?format=xls", "format: 'xls' is not one of"),
    ("/api/export?format=gdelt&level=mentions", "GDELT event table holds deduplicated events"),
    ("/api/events/abc", "event id 'abc' is not a number"),
])
def test_bad_parameters_are_a_400_with_a_clear_message(base, path, message):
    status, body, _ = get(base, path)
    assert status == 400
    assert message in body["error"]


def test_unknown_things_are_a_404(base):
    assert get(base, "/api/events/999999")[0] == 404
    assert get(base, "/api/articles/no-such-story")[0] == 404
    status, body, _ = get(base, "/api/nothing")
    assert status == 404 and "error" in body


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "gdelt", "parquet"])
def test_exports_download_what_the_library_writes(base, pipeline_store, fmt, tmp_path):
    status, body, headers = get(base, f"/api/export?format={fmt}&actor=RUS")
    assert status == 200
    assert "attachment" in headers.get("content-disposition", headers.get("Content-Disposition", ""))
    expected = tmp_path / f"expected.{fmt}"
    with open_ask(pipeline_store) as ask:
        rows = export(ask, fmt, expected, actor="RUS")
    assert rows > 0
    if fmt == "parquet":
        downloaded = tmp_path / "downloaded.parquet"
        downloaded.write_bytes(body)
        assert pq.read_table(downloaded).to_pylist() == pq.read_table(expected).to_pylist()
    else:
        assert body == expected.read_bytes()
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(body.decode())))) == rows + 1


def test_openapi_document_is_valid_and_describes_every_route(base, pipeline_store):
    from openapi_spec_validator import validate

    status, spec, _ = get(base, "/api/openapi.json")
    assert status == 200 and spec == json.loads(json.dumps(document()))
    validate(spec)
    app = create_app(str(pipeline_store))
    routes = {re.sub(r"\{(\w+)(:\w+)?\}", r"{\1}", r.path) for r in app.routes if r.path.startswith("/api/")}
    assert routes == set(spec["paths"])
    # Every parameter a route accepts is documented for it.
    for name in ("actor", "dyad", "root", "quad_class", "since", "until", "place", "modality", "text", "limit", "cursor", "sort"):
        assert name in {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}


def test_page_and_static_files_are_served_from_the_package(base):
    status, html, headers = get(base, "/")
    assert status == 200 and b'<script type="module" src="/static/js/main.js">' in html
    assert "script-src 'self'" in headers.get("content-security-policy", "")
    for src in re.findall(rb'(?:src|href)="(/static/[^"]+)"', html):
        assert get(base, src.decode())[0] == 200
    for module in (ROOT / "src" / "dateline" / "serve" / "static" / "js").glob("*.js"):
        text = module.read_text()
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text
        for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in text, f"{module.name} parses strings as HTML or code ({sink})"
        assert get(base, f"/static/js/{module.name}")[0] == 200
    status, world, _ = get(base, "/static/world.json")
    assert status == 200 and len(world["countries"]) > 150 and "Natural Earth" in world["source"]


def test_the_server_cannot_write(pipeline_store):
    readers = Readers(pipeline_store)
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
        readers.conn().execute("DELETE FROM events")
    conn = connect_readonly(pipeline_store)
    assert conn.execute("PRAGMA query_only").fetchone()[0] == 1


def test_serving_while_another_process_ingests(pipeline_store, tmp_path):
    db = tmp_path / "live.db"
    shutil.copy(pipeline_store, db)
    with server(db) as url:
        before = get(url, "/api/events?limit=1")[1]["total"]
        ingest = subprocess.Popen(
            [sys.executable, "-m", "dateline.cli", "ingest", str(TEST_DATA / "read"), str(TEST_DATA / "cli" / "reuters-iran.txt"),
             "--db", str(db), "--date", "2019-06-10", "--no-progress"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        answers = 0
        while ingest.poll() is None:
            status, page, _ = get(url, "/api/events?limit=5")
            assert status == 200, page
            answers += 1
            time.sleep(0.05)
        assert ingest.returncode == 0, ingest.stderr.read() if ingest.stderr else ""
        ingest.stderr.close()
        after = get(url, "/api/events?limit=1")[1]["total"]
        status, articles, _ = get(url, "/api/mentions?limit=500")
    assert answers > 0
    assert after > before
    assert status == 200


def test_bind_warning_only_off_loopback():
    assert bind_warning("127.0.0.1") is None and bind_warning("localhost") is None and bind_warning("::1") is None
    assert "0.0.0.0" in bind_warning("0.0.0.0") and "network" in bind_warning("0.0.0.0")


def test_cli_says_so_when_asked_to_bind_elsewhere_and_fails_cleanly_without_a_store(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "serve", "--db", str(tmp_path / "none.db"), "--host", "0.0.0.0", "--port", "1"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "warning: binding to 0.0.0.0" in result.stderr
    assert "none.db: no such database" in result.stderr


def readme_curl_lines() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```sh\n(.*?)```", readme, flags=re.S))
    return [line.split("  #")[0].strip() for line in blocks.splitlines() if line.startswith("curl ")]


def test_readme_curl_examples_run(base, tmp_path):
    lines = readme_curl_lines()
    assert len(lines) >= 5
    for line in lines:
        command = line.replace("http://127.0.0.1:8000", base)
        result = subprocess.run(["bash", "-c", f"{command} --fail --silent --show-error"], cwd=tmp_path,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"{line}: {result.stderr}"
        if "-O" not in line:
            assert result.stdout.startswith("{"), line
            json.loads(result.stdout)
    assert any(tmp_path.iterdir()), "the download example saved a file"


def test_make_demo_ends_by_showing_how_to_serve():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    last = [line for line in recipe.splitlines() if line.startswith("\t")][-1]
    assert "dateline serve --db dateline-demo.db" in last and last.lstrip().startswith("@echo")
