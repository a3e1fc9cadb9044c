"""evaluate.actors on wire-gold: reading the splits, the identities scored, and the CLI line."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.errors import InputError
from dateline.evaluate.actors import read_wire_gold, score_wire, wire_identities
from dateline.records import Actor, Article


def test_wire_identities_follow_the_annotation_guide():
    assert wire_identities(Actor("UN Security Council", org="UNSC", code="IGOUNO")) == {"UNSC", "UN"}
    assert wire_identities(Actor("Arab League", org="ARL")) == {"ARL"}
    assert "ALQ" in wire_identities(Actor("al-Qaeda", entity_id="group:al-Qaeda", sector="REB"))
    assert wire_identities(Actor("Police", country="IDN", sector="COP")) == {"IDN"}


def test_a_bad_wire_gold_line_names_its_file_and_line(tmp_path):
    (tmp_path / "x.articles.jsonl").write_text(json.dumps({"id": "a", "text": "Japan met Russia."}) + "\n")
    (tmp_path / "x.gold.jsonl").write_text(json.dumps({"id": "a", "events": []}) + "\n{not json\n")
    with pytest.raises(InputError, match=r"x\.gold\.jsonl:2"):
        read_wire_gold(tmp_path, "x")


def test_sources_and_targets_are_found_in_their_evidence_sentence(nlp):
    text = "Police arrested 24 students in Jakarta. Indonesia and Japan signed a trade deal on Monday."
    events = [{"source": "IDN", "target": "IDN", "evidence": "Police arrested 24 students"},
              {"source": "IDN", "target": "JPN", "evidence": "signed a trade deal"},
              {"source": "CHN", "target": None, "evidence": "signed a trade deal"},
              {"source": "IDN", "target": "IDN", "evidence": "not in the story"}]
    score = score_wire("mini", [(Article(id="a", text=text, published="2005-06-01"), events)])
    assert (score.found, score.total, score.events, score.events_found, score.excluded) == (4, 5, 3, 2, 1)
    assert [m.gold for m in score.misses] == ["CHN"]


@pytest.mark.slow
def test_eval_actors_prints_one_wire_gold_line_per_split(shared):
    result = CliRunner().invoke(cli, ["eval", "actors", "--set", "wire-dev", "--shared", str(shared)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wire-gold dev: actor recall 0.")
    assert "events with both found" in result.output
