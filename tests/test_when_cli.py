"""The ``dateline timex`` and ``dateline eval timex`` commands, run through click."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from dateline.cli import cli

SAMPLE = Path(__file__).parent / "data" / "timex_sample.tml"
DATELINE = Path(sys.executable).parent / "dateline"


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


def test_eval_timex_writes_every_error_with_its_context(tmp_path):
    """--errors-out: one JSON record per disagreement, naming the document, both sides and the
    sentence, so a reviewer can tell a tagger error from an annotation quirk."""
    corpus = tmp_path / "quirks.tml"
    corpus.write_text(
        '<?xml version="1.0" ?>\n<TimeML>\n<DCT><TIMEX3 tid="t0" type="DATE" value="1989-10-30" '
        'functionInDocument="CREATION_TIME">1989-10-30</TIMEX3></DCT>\n<TEXT>\n'
        'Shares fell <TIMEX3 tid="t1" type="DATE" value="1989-WXX">last week</TIMEX3>. '
        'The company now expects a loss. It met <TIMEX3 tid="t2" type="DATE" value="1989-10-27">Friday'
        '</TIMEX3>.\n</TEXT>\n</TimeML>\n', encoding="utf-8")
    out = tmp_path / "errors.jsonl"
    result = subprocess.run([str(DATELINE), "eval", "timex", str(corpus), "--errors-out", str(out)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "errors written" in result.stderr
    errors = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_kind = {e["kind"]: e for e in errors}
    assert set(by_kind) == {"value", "spurious"}
    value = by_kind["value"]
    assert value["document"] == "quirks" and value["dct"] == "1989-10-30"
    assert (value["gold"]["value"], value["system"]["value"]) == ("1989-WXX", "1989-W43")
    assert "Shares fell last week" in value["context"]
    assert by_kind["spurious"]["gold"] is None and by_kind["spurious"]["system"]["text"] == "now"


def test_eval_timex_bad_paths_fail_at_once_with_one_line(tmp_path):
    unwritable = subprocess.run(
        [str(DATELINE), "eval", "timex", str(SAMPLE), "--errors-out", str(tmp_path / "absent" / "e.jsonl")],
        capture_output=True, text=True, timeout=600)
    assert unwritable.returncode == 2
    assert unwritable.stderr.strip().splitlines() == [
        f"dateline: error: {tmp_path / 'absent' / 'e.jsonl'}: cannot write: No such file or directory"]
    assert "strict" not in unwritable.stdout, "nothing is scored before the output can be written"
    malformed = tmp_path / "broken.tml"
    malformed.write_text("<TimeML><DCT>no text element</DCT></TimeML>", encoding="utf-8")
    broken = subprocess.run([str(DATELINE), "eval", "timex", str(malformed)],
                            capture_output=True, text=True, timeout=600)
    assert broken.returncode == 2 and "broken.tml" in broken.stderr and "Traceback" not in broken.stderr
