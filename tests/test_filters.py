"""One filter definition: per-story records, deduplicated events, the CLI, exports and the
web API keep the same events for the same filters (issue 15, item 2)."""
from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from dateline.ask import open as open_ask
from dateline.ask.dedupe import actor_key
from dateline.ask.export import export
from dateline.cli import cli
from dateline.filters import NAMES, FilterError, Filters
from dateline.store import FILTER_NAMES, Store

# Filter sets over the pipeline store; each keeps some events and leaves others out.
CASES = [
    {"actor": "RUS"}, {"actor": "rus"}, {"actor": "JPN"}, {"actor": "IRN"}, {"actor": "IRNGOV"},
    {"actor": "USA"}, {"dyad": ("JPN", "RUS")}, {"dyad": ("RUS", "UKR")}, {"root": "4"},
    {"root": "04"}, {"quad_class": 3}, {"since": "2019-06-05"}, {"until": "2019-06-03"},
    {"until": "2019"}, {"since": "2019-06", "until": "2019-06-30"}, {"text": "talks"},
    {"actor": "RUS", "since": "2019-06-29"}, {"dyad": ("JPN", "RUS"), "root": "04"},
]


def test_one_list_of_names():
    assert FILTER_NAMES == NAMES


@pytest.mark.parametrize("values, message", [
    ({"since": "2019-13"}, "since: '2019-13' is not an ISO date"),
    ({"until": "June"}, "until: 'June' is not an ISO date"),
    ({"root": "21"}, "root: '21' is not a CAMEO root code"),
    ({"quad_class": "5"}, "quad_class: '5' is not a QuadClass"),
    ({"modality": "maybe"}, "modality: 'maybe' is not one of asserted"),
    ({"actor": "<script>"}, "actor: '<script>' is not an actor code"),
    ({"dyad": "JPN"}, "dyad: give two actor codes"),
    ({"text": "x" * 201}, "text: at most 200 characters"),
    ({"colour": "red"}, "unknown filter 'colour'"),
])
def test_bad_values_are_one_clear_error(values, message):
    with pytest.raises(FilterError, match=message.replace("(", r"\(")):
        Filters.parse(**values)


def test_values_are_normalised():
    f = Filters.parse(actor=" jpn ", dyad="rus,jpn", root="4", quad_class="2", modality="Planned", text="")
    assert (f.actor, f.dyad, f.root, f.quad_class, f.modality, f.text) == ("JPN", ("RUS", "JPN"), "04", 2, "planned", None)


def test_like_wildcards_are_literal(pipeline_store):
    with open_ask(pipeline_store) as ask:
        assert len(ask.events(text="%")) == 0 or all("%" in s for s in ask.mentions(text="%")["sentence"])
        assert len(ask.mentions(text="_")) == 0 or all("_" in s for s in ask.mentions(text="_")["sentence"])


def test_identity_key_is_the_dedupe_key(pipeline_store):
    """The SQL key over per-story rows equals the key dedupe stored for clusters."""
    conn = sqlite3.connect(pipeline_store)
    conn.row_factory = sqlite3.Row
    expression = ("coalesce(nullif(upper({s}_country), ''), nullif(upper({s}_org), ''),"
                  " nullif(upper({s}_code), ''))")
    rows = conn.execute(f"SELECT *, {expression.format(s='source')} AS sk, {expression.format(s='target')} AS tk FROM events").fetchall()
    assert rows
    for row in rows:
        for side, key in (("source", row["sk"]), ("target", row["tk"])):
            identified = any(row[f"{side}_{column}"] for column in ("country", "org", "code"))
            assert key == (actor_key(row, side) if identified else None)


@pytest.mark.parametrize("filters", CASES, ids=[json.dumps(c) for c in CASES])
def test_deduplicated_and_per_story_answers_agree(pipeline_store, filters):
    """The clusters a filter keeps are exactly the clusters of the per-story records it keeps."""
    with open_ask(pipeline_store) as ask:
        clusters = set(ask.events(**filters)["cluster_id"])
        mentions = set(ask.mentions(**filters)["cluster_id"])
        everything = set(ask.events()["cluster_id"])
    assert clusters == mentions
    assert everything  # the store is not empty, so the equality above says something


def test_filters_keep_and_drop(pipeline_store):
    with open_ask(pipeline_store) as ask:
        total = len(ask.events())
        for filters in CASES:
            kept = len(ask.events(**filters))
            assert kept <= total
        assert 0 < len(ask.events(actor="RUS")) < total
        assert len(ask.events(actor="IRNGOV")) >= 1
        assert len(ask.events(until="2019")) == len(ask.events(until="2019-12-31")) > len(ask.events(until="2019-06-03"))


@pytest.mark.parametrize("actor", ["RUS", "JPN", "IRNGOV"])
def test_cli_events_timeline_export_and_api_agree(pipeline_store, actor, tmp_path):
    """`events --actor`, `timeline --actor`, the export and the web API find the same events."""
    runner = CliRunner()
    result = runner.invoke(cli, ["events", "--db", str(pipeline_store), "--actor", actor, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    story_ids = {json.loads(line)["event_id"] for line in result.output.splitlines() if line.strip()}
    with Store(pipeline_store) as store:
        members = dict(store.conn.execute("SELECT event_id, cluster_id FROM cluster_members").fetchall())
    from_events_command = {members[e] for e in story_ids}

    with open_ask(pipeline_store) as ask:
        from_timeline = set(ask.timeline(actor=actor)["cluster_id"])
        out = tmp_path / "e.jsonl"
        export(ask, "jsonl", out, actor=actor)
        from_export = {json.loads(line)["cluster_id"] for line in out.read_text().splitlines()}

    from dateline.ask.pages import event_page

    conn = sqlite3.connect(pipeline_store)
    conn.row_factory = sqlite3.Row
    from_api = {e["cluster_id"] for e in event_page(conn, Filters.parse(actor=actor), limit=500)["events"]}
    assert from_events_command == from_timeline == from_export == from_api
    assert from_timeline


def test_cli_reports_a_bad_filter_in_one_line(pipeline_store):
    result = CliRunner().invoke(cli, ["timeline", "--db", str(pipeline_store), "--since", "2019-02-30"])
    assert result.exit_code == 2
    assert "since: '2019-02-30' is not an ISO date" in result.output


@pytest.mark.parametrize("filters", CASES + [{"quad_class": 1, "place": "Kyiv"}, {"modality": "planned"}],
                         ids=[json.dumps(c) for c in CASES] + ["quad+place", "modality"])
def test_every_export_keeps_what_the_query_keeps(pipeline_store, filters, tmp_path):
    with open_ask(pipeline_store) as ask:
        expected = len(ask.events(**filters))
        mentions = len(ask.mentions(**filters))
        for fmt in ("jsonl", "csv", "gdelt"):
            assert export(ask, fmt, tmp_path / f"out.{fmt}", **filters) == expected, fmt
        assert export(ask, "jsonl", tmp_path / "m.jsonl", level="mentions", **filters) == mentions
