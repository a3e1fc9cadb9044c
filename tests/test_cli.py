"""The command line through its real entry point: ingest, code, events, articles, show, demo."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.records import EVENT_FIELDS

TEST_DATA = Path(__file__).resolve().parent / "data"

CLI_DATA = TEST_DATA / "cli"
DATELINE = Path(sys.executable).parent / "dateline"


def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
    """The installed console script, as a user runs it."""
    return subprocess.run(
        [str(DATELINE), *args], capture_output=True, text=True, input=input, timeout=600
    )


def all_commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


def test_every_command_has_help():
    runner = CliRunner()
    for path, command in all_commands(cli):
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert (command.help or "").strip(), f"{' '.join(path)} has no help text"


def test_ingest_stores_good_records_and_reports_bad(tmp_path):
    db = tmp_path / "d.db"
    missing = tmp_path / "nowhere.txt"
    result = run("ingest", str(CLI_DATA), str(missing), "--db", str(db))
    assert result.returncode == 1
    # One line per bad input, naming the file (and line).
    assert f"{CLI_DATA / 'mixed.jsonl'}:2" in result.stderr
    assert str(missing) in result.stderr
    conn = sqlite3.connect(db)
    ids = {row[0] for row in conn.execute("SELECT id FROM articles")}
    assert {"cli-1", "cli-3"} <= ids and len(ids) == 3
    # A rerun adds nothing.
    again = run("ingest", str(CLI_DATA), "--db", str(db))
    assert "0 added" in again.stderr
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


def test_ingest_clean_batch_exits_zero_and_uses_env_db(tmp_path):
    env = {**os.environ, "DATELINE_DB": str(tmp_path / "env.db")}
    result = subprocess.run(
        [str(DATELINE), "ingest", str(CLI_DATA / "reuters-iran.txt"), "--progress"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "1 articles [" in result.stderr, "a progress bar on stderr"
    assert (tmp_path / "env.db").exists() and not (tmp_path / "dateline.db").exists()


def test_stdin_and_date_option(tmp_path):
    db = tmp_path / "d.db"
    result = run("ingest", "-", "--db", str(db), "--date", "2020-02-03",
                 input="China and India held talks on the border dispute.")
    assert result.returncode == 0, result.stderr
    row = sqlite3.connect(db).execute("SELECT published, published_from FROM articles").fetchone()
    assert row == ("2020-02-03", "option")


def test_bad_date_option_is_one_clear_error(tmp_path):
    result = run("code", str(CLI_DATA / "reuters-iran.txt"), "--date", "June 1st")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("dateline: error:") and "--date" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_code_seed_story_jsonl(seed_path):
    result = run("code", str(seed_path), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records, "the seed story yields events"
    for record in records:
        assert tuple(record) == EVENT_FIELDS
    article_dated = [r for r in records if r["date_from"] == "article"]
    assert article_dated and all(r["date"] == "2019-06-01" for r in article_dated)


def test_events_articles_show(tmp_path, seed_path):
    db = str(tmp_path / "d.db")
    assert run("ingest", str(seed_path), "--db", db).returncode == 0
    listing = run("articles", "--db", db)
    assert "2019-06-01" in listing.stdout and "text" in listing.stdout
    article_id = listing.stdout.splitlines()[1].split()[0]
    as_csv = run("events", "--db", db, "--dyad", "JPN", "RUS", "--format", "csv")
    assert as_csv.stdout.startswith("article_id,event_id,date")
    assert len(as_csv.stdout.splitlines()) > 1
    table = run("events", "--db", db, "--actor", "JPN")
    assert "JPN" in table.stdout
    shown = run("show", article_id, "--db", db)
    assert shown.returncode == 0 and "⟦" in shown.stdout
    missing = run("show", "no-such-id", "--db", db)
    assert missing.returncode == 2 and "no-such-id" in missing.stderr


def test_demo_prints_a_timeline(tmp_path):
    result = run("demo", "--db", str(tmp_path / "demo.db"))
    assert result.returncode == 0, result.stderr
    assert "5 added" in result.stderr
    assert "2019-06" in result.stdout


def test_killed_ingest_leaves_whole_articles_and_rerun_completes(tmp_path, shared):
    """SIGKILL mid-run: every stored article is whole; a rerun stores the rest once."""
    corpus = shared / "corpora" / "afp-xinhua-te3silver.jsonl"
    part = tmp_path / "part.jsonl"
    with open(corpus, encoding="utf-8") as src:
        part.write_text("".join(line for _, line in zip(range(60), src)), encoding="utf-8")
    db = tmp_path / "d.db"
    proc = subprocess.Popen([str(DATELINE), "ingest", str(part), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 3:
                break
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    partial = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < partial
    # No orphans: every event, actor and time row belongs to a stored article.
    for table in ("events", "actors", "times", "places"):
        orphans = conn.execute(
            f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        assert orphans == 0
    rerun = run("ingest", str(part), "--db", str(db))
    assert rerun.returncode == 0, rerun.stderr
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 60
    assert conn.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()[0] == 60
