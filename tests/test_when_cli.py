"""The ``dateline timex`` and ``dateline eval timex`` commands, run through click."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dateline.cli import cli

SAMPLE = Path(__file__).parent / "data" / "timex_sample.tml"


def test_timex_prints_expressions_as_jsonl(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("TOKYO, June 1. The talks held earlier this year failed.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["timex", str(story), "--date", "2019-06-01", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert {(r["text"], r["value"]) for r in records} == {("June 1", "2019-06-01"), ("earlier this year", "2019")}


def test_timex_table_and_bad_date(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("They met on June 1.", encoding="utf-8")
    table = CliRunner().invoke(cli, ["timex", str(story)])
    assert table.exit_code == 0
    row = next(line for line in table.output.splitlines() if line.rstrip().endswith("June 1"))
    assert "XXXX-06-01" in row and "DATE" in row
    bad = CliRunner().invoke(cli, ["timex", str(story), "--date", "June 1"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_eval_timex_scores_a_small_corpus():
    result = CliRunner().invoke(cli, ["eval", "timex", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "strict" in result.output and "value" in result.output
    strict_line = next(line for line in result.output.splitlines() if line.startswith("strict"))
    assert float(strict_line.split()[-1]) >= 0.75


def test_timex_anchors_on_the_date_the_reader_infers(seed_path):
    """No --date: the seed story's date (2019-06-01) comes from its text, as everywhere else."""
    result = CliRunner().invoke(cli, ["timex", str(seed_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    values = {r["text"]: (r["value"], r["mod"]) for r in map(json.loads, result.output.splitlines())}
    assert values["late June"] == ("2019-06", "END")
    assert values["earlier this year"] == ("2019", None)


def test_timex_reports_an_unreadable_input_and_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("They met on June 1.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["timex", str(empty), str(tmp_path / "missing.txt"), str(good), "--date", "2019-06-02"])
    assert result.exit_code == 1
    assert "missing.txt" in result.output and "empty.txt" in result.output
    assert "2019-06-01" in result.output, "the good file is still tagged"
