"""Issue 14: no input can stop a batch, exhaust memory, or reach a user's spreadsheet or terminal.

Each hostile input is a case of ``tests/data/bad/make_bad.py`` (small ones committed there,
large ones written into tmp_path); each test here failed on the code before the issue was
fixed. Commands run through the installed console script, as a user runs them, on real SQLite
files and the real spaCy model.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from dateline.errors import InputError
from dateline.read import read_all
from dateline.records import Actor, Article, Event
from dateline.store import Store

BAD = Path(__file__).resolve().parent / "data" / "bad"
DATELINE = Path(sys.executable).parent / "dateline"

_spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
make_bad = importlib.util.module_from_spec(_spec)
sys.modules["make_bad"] = make_bad  # dataclasses look their module up while it loads
_spec.loader.exec_module(make_bad)

GOOD = {"id": "good-1", "language": "en", "date": "2019-06-01",
        "text": "TOKYO, June 1 (Reuters) - Japan protested to Russia on Saturday over the islands."}
GOOD2 = {"id": "good-2", "language": "en", "date": "2019-06-02",
         "text": "MOSCOW, June 2 (Reuters) - Russia's foreign minister criticised Japan on Sunday."}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTROL = [chr(c) for c in [*range(0, 9), *range(11, 32), *range(127, 160)]]


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 600,
        **kwargs) -> subprocess.CompletedProcess:
    """The installed console script in its own process: for exit codes, signals and pipes."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([str(DATELINE), *args], capture_output=True, text=True, input=input,
                          env=full_env, timeout=timeout, **kwargs)


def cli(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> SimpleNamespace:
    """The same click command group in this process, so the spaCy model loads once per worker."""
    from dateline.cli import cli as group

    result = CliRunner().invoke(group, list(args), env=env, input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback that would have reached the user
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("dateline: error:")]


def assert_clean(result: subprocess.CompletedProcess) -> None:
    """No traceback reached the user."""
    assert "Traceback" not in result.stderr, result.stderr
    assert "Exception ignored" not in result.stderr, result.stderr


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def stored_ids(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM articles")}


@pytest.fixture
def goods(tmp_path: Path) -> tuple[Path, Path]:
    return write_jsonl(tmp_path / "good.jsonl", GOOD), write_jsonl(tmp_path / "good2.jsonl", GOOD2)


def bad_path(name: str, tmp_path: Path) -> Path:
    case = make_bad.case(name)
    return make_bad.write(case, tmp_path) if case.large else BAD / name


# -- the generator and its committed cases ---------------------------------------------------


def test_committed_cases_are_what_the_generator_writes():
    for case in make_bad.CASES:
        if not case.large:
            assert (BAD / case.name).read_bytes() == case.build(), case.name


# -- ingest good.jsonl BAD good2.jsonl, for every BAD ---------------------------------------

REFUSED = [c for c in make_bad.CASES if c.expect == "refused"]
READ = [c for c in make_bad.CASES if c.expect == "read"]


def _good(n: int) -> dict:
    return {**GOOD, "id": f"good-{n}", "text": GOOD["text"] + f" Talks number {n} went on."}


def test_every_refused_input_is_one_error_line_and_every_good_file_is_stored(tmp_path):
    """`dateline ingest good BAD good ...`, one bad file of each kind between good ones."""
    paths: list[str] = [str(write_jsonl(tmp_path / "good-0.jsonl", _good(0)))]
    for number, case in enumerate(REFUSED, start=1):
        paths.append(str(bad_path(case.name, tmp_path)))
        paths.append(str(write_jsonl(tmp_path / f"good-{number}.jsonl", _good(number))))
    db = tmp_path / "d.db"
    result = run("ingest", *paths, "--db", str(db))
    assert_clean(result)
    assert result.returncode == 1, result.stderr
    lines = error_lines(result.stderr)
    assert len(lines) == len(REFUSED), lines
    for case, line in zip(REFUSED, lines):
        assert str(tmp_path / case.name) in line or str(BAD / case.name) in line, line
        assert case.error in line, line
    assert stored_ids(db) == {f"good-{n}" for n in range(len(REFUSED) + 1)}


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
def test_refused_input_between_two_good_files(case, tmp_path, goods):
    good, good2 = goods
    bad = bad_path(case.name, tmp_path)
    db = tmp_path / "d.db"
    result = cli("ingest", str(good), str(bad), str(good2), "--db", str(db))
    assert result.returncode == 1, result.stderr
    [line] = error_lines(result.stderr)
    assert str(bad) in line and case.error in line, line
    assert stored_ids(db) == {"good-1", "good-2"}


@pytest.mark.parametrize("case", READ, ids=lambda c: c.name)
def test_repaired_input_is_stored_with_its_neighbours(case, tmp_path, goods):
    good, good2 = goods
    db = tmp_path / "d.db"
    result = cli("ingest", str(good), str(BAD / case.name), str(good2), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert not error_lines(result.stderr)
    ids = stored_ids(db)
    assert {"good-1", "good-2"} <= ids and len(ids) > 2


# -- 1, 10: oversized stories ----------------------------------------------------------------


def test_story_over_the_limit_is_refused_before_coding(tmp_path):
    path = make_bad.write(make_bad.case("story-1m.txt"), tmp_path)
    [error] = list(read_all([path]))
    assert isinstance(error, InputError)
    assert "1,000,001 characters" in error.reason and "DATELINE_MAX_STORY_CHARS" in error.reason


def test_story_limit_is_a_setting(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("Japan protested to Russia. " * 10, encoding="utf-8")
    assert isinstance(next(iter(read_all([path]))), Article)
    result = cli("code", str(path), env={"DATELINE_MAX_STORY_CHARS": "100"})
    assert result.returncode == 1 and "over the limit of 100" in result.stderr


def test_jsonl_line_over_the_limit_is_skipped_not_held(tmp_path):
    path = tmp_path / "lines.jsonl"
    long_line = json.dumps({"id": "long", "text": "x" * 5000})
    path.write_text(json.dumps(GOOD) + "\n" + long_line + "\n" + json.dumps(GOOD2) + "\n", encoding="utf-8")
    from dateline import limits

    with limits.use(limits.Limits(max_line_bytes=1000)):
        results = list(read_all([path]))
    assert [r.id for r in results if isinstance(r, Article)] == ["good-1", "good-2"]
    [error] = [r for r in results if isinstance(r, InputError)]
    assert error.origin == f"{path}:2" and "line longer than 1,000 bytes" in error.reason


# -- 2: deep JSON ----------------------------------------------------------------------------


def test_deeply_nested_json_line_is_one_error(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + b"[" * 50_000 + b"\n" + json.dumps(GOOD2).encode() + b"\n")
    results = list(read_all([path]))
    assert [r.id for r in results if isinstance(r, Article)] == ["good-1", "good-2"]
    [error] = [r for r in results if isinstance(r, InputError)]
    assert error.origin == f"{path}:2" and "nested deeper than" in error.reason


def test_deeply_nested_json_document_is_one_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_bytes(b"[" * 50_000)
    [error] = list(read_all([path]))
    assert isinstance(error, InputError) and "nested" in error.reason


# -- 3: lone surrogates ----------------------------------------------------------------------


def test_lone_surrogates_become_replacement_characters_with_offsets_kept():
    [article] = list(read_all([BAD / "surrogate.jsonl"]))
    assert article.id == "sur\ufffd" and article.title == "Talks \ufffd"
    assert article.text.startswith("\ufffd ") and len(article.text) == len("\ud800 " + make_bad.EVENT)
    assert len(article.content_hash) == 64


@pytest.mark.parametrize("command", ["code", "actors", "timex", "places"])
def test_lone_surrogates_do_not_stop_the_stage_commands(command):
    result = cli(command, str(BAD / "surrogate.jsonl"))
    assert_clean(result)
    assert result.returncode == 0, result.stderr


# -- 4: the gzip bomb ------------------------------------------------------------------------


def test_gzip_bomb_is_refused_with_little_memory(tmp_path):
    """Read the 1 GiB bomb in a fresh process and measure its peak memory.

    The peak is the process's own high-water mark (VmHWM): ``ru_maxrss`` would also count the
    test process it was forked from, since Linux keeps that figure across exec.
    """
    bomb = make_bad.write(make_bad.case("bomb.txt.gz"), tmp_path)
    script = (
        "import json, re, sys\n"
        "from dateline.read import read_all\n"
        "results = [str(r) for r in read_all([sys.argv[1]])]\n"
        "status = open('/proc/self/status').read()\n"
        "peak_kib = int(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1))\n"
        "print(json.dumps({'results': results, 'peak_mib': peak_kib / 1024}))\n"
    )

    def cap_memory() -> None:  # so the code before the fix fails fast instead of filling the machine
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    done = subprocess.run([sys.executable, "-c", script, str(bomb)], capture_output=True, text=True,
                          preexec_fn=cap_memory, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    [message] = report["results"]
    assert "decompresses to more than 67,108,864 bytes" in message
    assert report["peak_mib"] < 500, report


def test_gzip_limit_is_a_setting(tmp_path):
    import gzip

    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(("Japan protested to Russia. " * 100).encode()))
    assert isinstance(next(iter(read_all([path]))), Article)
    from dateline import limits

    with limits.use(limits.Limits(max_input_bytes=1000)):
        [error] = list(read_all([path]))
    assert isinstance(error, InputError) and "more than 1,000 bytes" in error.reason


# -- 5: CSV formulas -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def formula_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("formula") / "f.db"
    result = cli("ingest", str(BAD / "formula.jsonl"), str(BAD / "escape.txt"), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize("args", [
    ("export", "--format", "csv"),
    ("export", "--format", "csv", "--level", "mentions"),
    ("events", "--format", "csv"),
])
def test_csv_cells_never_start_a_formula(formula_db, args):
    result = cli(*args, "--db", str(formula_db))
    assert result.returncode == 0, result.stderr
    cells = _cells(result.stdout)
    assert not [c for c in cells if c.startswith(FORMULA_STARTS) and not _is_number(c)]
    assert any(c.startswith("'=HYPERLINK(") for c in cells)
    if "--level" in args or args[0] == "events":  # every story's own sentence, not one per cluster
        assert any(c.startswith("'@SUM(") for c in cells) and any(c.startswith("'+1+1") for c in cells)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


# -- 6: escape sequences ---------------------------------------------------------------------


@pytest.mark.parametrize("args", [("events",), ("timeline", "--quote"), ("articles",), ("show", "ESCAPE")])
def test_terminal_output_has_no_control_characters(formula_db, args):
    if args[0] == "show":
        with sqlite3.connect(formula_db) as conn:
            [article_id] = conn.execute("SELECT id FROM articles WHERE text LIKE '%owned%'").fetchone()
        args = ("show", article_id)
    result = cli(*args, "--db", str(formula_db))
    assert result.returncode == 0, result.stderr
    assert "protested to Russia" in result.stdout or args[0] == "articles"
    assert not [c for c in CONTROL if c in result.stdout], repr(result.stdout[:500])


def test_json_output_keeps_the_text_exactly(formula_db):
    result = cli("events", "--format", "jsonl", "--db", str(formula_db))
    sentences = [json.loads(line)["sentence"] for line in result.stdout.splitlines()]
    assert any("\x1b[2J" in s for s in sentences)  # data for programs is not altered


# -- 7: database states ----------------------------------------------------------------------


def _small_store(path: Path) -> Path:
    with Store(path) as store:
        store.add(Article(id="a1", text="Japan protested to Russia.", title="T", published="2019-06-01"))
    return path


def test_locked_database_is_one_error_line(tmp_path, goods):
    db = _small_store(tmp_path / "d.db")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = cli("ingest", str(goods[0]), "--db", str(db), env={"DATELINE_DB_TIMEOUT": "0.5"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_clean(result)
    assert result.returncode == 2
    [line] = error_lines(result.stderr)
    assert str(db) in line and "locked" in line and "DATELINE_DB_TIMEOUT" in line


def test_full_disk_is_reported_not_masked(tmp_path):
    """RLIMIT_FSIZE makes the database's file stop growing, as a full disk would."""
    db = tmp_path / "d.db"
    many = tmp_path / "many.jsonl"
    write_jsonl(many, *[{**GOOD, "id": f"n{i}", "text": GOOD["text"] + f" Item {i}."} for i in range(300)])
    warm = cli("ingest", str(write_jsonl(tmp_path / "one.jsonl", GOOD)), "--db", str(db))
    assert warm.returncode == 0, warm.stderr  # builds every cache, so only the store writes after
    size = db.stat().st_size

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 64 * 1024, size + 64 * 1024))

    result = run("ingest", str(many), "--db", str(db), preexec_fn=small_disk)
    assert_clean(result)
    assert result.returncode == 2
    assert "cannot rollback" not in result.stderr
    [line] = error_lines(result.stderr)
    assert str(db) in line and ("disk" in line or "full" in line)
    stored = len(stored_ids(db))
    assert f"{stored - 1} added" in result.stderr  # the summary says what was stored


def test_read_only_database_is_one_error_line(tmp_path, goods):
    db = _small_store(tmp_path / "d.db")
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
            pytest.skip("root, and chattr +i is not available to make a file read-only")
    else:
        db.chmod(0o444)
    try:
        result = cli("ingest", str(goods[0]), "--db", str(db))
        events = cli("events", "--db", str(db))
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(db)])
    assert_clean(result)
    assert result.returncode == 2
    [line] = error_lines(result.stderr)
    assert str(db) in line and "read-only" in line
    assert events.returncode == 0, events.stderr  # reading a read-only store works


def test_writing_through_a_read_only_store_is_a_store_error(tmp_path):
    from dateline.errors import StoreError

    db = _small_store(tmp_path / "d.db")
    with Store(db, readonly=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.add(Article(id="a2", text="Russia answered Japan.", title="U"))
        assert store.counts()["articles"] == 1


def test_foreign_database_is_refused_and_left_alone(tmp_path, goods):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    before = db.read_bytes()
    for args in (("ingest", str(goods[0])), ("events",), ("timeline",), ("export",)):
        result = cli(*args, "--db", str(db))
        assert_clean(result)
        assert result.returncode == 2, args
        [line] = error_lines(result.stderr)
        assert "not a dateline store" in line
    assert db.read_bytes() == before


@pytest.mark.parametrize("version", [-1, 99])
def test_unknown_schema_versions_are_one_error_line(tmp_path, version):
    db = _small_store(tmp_path / "d.db")
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {version}")
    for args in (("events",), ("articles",), ("export",)):
        result = cli(*args, "--db", str(db))
        assert_clean(result)
        assert result.returncode == 2
        [line] = error_lines(result.stderr)
        assert ("newer" in line) if version > 0 else ("not a dateline store" in line)


def test_ctrl_c_with_workers_ends_cleanly_with_a_count(tmp_path):
    db = tmp_path / "d.db"
    many = write_jsonl(tmp_path / "many.jsonl", *[
        {**GOOD, "id": f"n{i}", "text": GOOD["text"] + f" The talks on item {i} will go on in Moscow."}
        for i in range(3000)
    ])
    process = subprocess.Popen([str(DATELINE), "ingest", str(many), "--db", str(db), "--workers", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.5)
        if db.exists() and _count(db) >= 20:
            break
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr
    stored = _count(db)
    assert 20 <= stored < 3000
    assert f"{stored} added" in stderr


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


# -- 8: one stray byte -----------------------------------------------------------------------


def test_stray_byte_in_utf8_is_repaired_not_a_codepage_switch():
    with pytest.warns(UserWarning, match="1 byte not valid UTF-8"):
        [article] = list(read_all([BAD / "stray-byte.txt"]))
    assert "Tōkyō" in article.text and "Müller" in article.text and "“We regret it,”" in article.text
    assert article.text.count("\ufffd") == 1


def test_latin1_file_is_still_decoded_as_latin1(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le président a rencontré le ministre à l'Élysée mardi.".encode("cp1252"))
    [article] = list(read_all([path]))
    assert "président" in article.text and "\ufffd" not in article.text


# -- 9: the smaller ones ---------------------------------------------------------------------


def test_read_commands_do_not_create_a_database(tmp_path):
    for args in (("events",), ("articles",), ("timeline",), ("export",), ("show", "x"), ("dyad", "JPN", "RUS")):
        typo = tmp_path / "typo.db"
        result = cli(*args, "--db", str(typo))
        assert_clean(result)
        assert result.returncode == 2, args
        [line] = error_lines(result.stderr)
        assert "no such database" in line
        assert not typo.exists(), args


def test_read_commands_leave_a_store_unchanged(tmp_path):
    db = _small_store(tmp_path / "d.db")
    cli("events", "--db", str(db))  # the first read may catch up an un-deduplicated store
    before = db.read_bytes()
    for args in (("events",), ("articles",), ("timeline",), ("export",)):
        assert cli(*args, "--db", str(db)).returncode == 0
    assert db.read_bytes() == before


def _store_with_events(path: Path, count: int = 400) -> Path:
    with Store(path) as store:
        for i in range(count):
            sentence = f"Japan protested to Russia over item {i} in a long evidence sentence " + "x" * 200
            article = Article(id=f"a{i}", text=sentence, title=f"T{i}", published="2019-06-01")
            event = Event(article_id=article.id, cameo="111",
                          source=Actor("Japan", name="Japan", code="JPN", country="JPN"),
                          target=Actor("Russia", name="Russia", code="RUS", country="RUS"),
                          sentence=sentence, span=(0, len(sentence)), date="2019-06-01",
                          date_precision="day", date_from="article")
            store.add(article, events=[event])
    return path


def test_like_filters_treat_percent_and_underscore_as_characters(tmp_path):
    db = _store_with_events(tmp_path / "d.db", count=3)
    for args in (("--text", "%"), ("--text", "_"), ("--text", "item_1"), ("--place", "%")):
        result = cli("export", "--db", str(db), *args)
        assert result.returncode == 0, result.stderr
        assert result.stdout == "", args
    assert len(cli("export", "--db", str(db), "--text", "item 1").stdout.splitlines()) == 1


def test_export_into_a_closed_pipe_is_quiet(tmp_path):
    db = _store_with_events(tmp_path / "d.db")
    for args in (("export",), ("export", "--level", "mentions"), ("export", "--format", "csv"),
                 ("events", "--format", "jsonl")):
        process = subprocess.Popen([str(DATELINE), *args, "--db", str(db)], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        process.stdout.readline()
        process.stdout.close()  # `| head -1`
        stderr = process.stderr.read()
        process.wait(timeout=120)
        assert stderr == "", (args, stderr)


def test_fifo_is_refused_not_waited_on(tmp_path, goods):
    """In a process of its own, so the code before the fix (which blocked forever) times out."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    script = "import sys\nfrom dateline.read import read_all\nfor r in read_all(sys.argv[1:]): print(repr(r))\n"
    done = subprocess.run([sys.executable, "-c", script, str(goods[0]), str(fifo), str(goods[1])],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    results = done.stdout.splitlines()
    assert len(results) == 3 and "not a regular file" in results[1] and str(fifo) in results[1]


def test_symlink_loop_is_not_called_missing(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    [error] = list(read_all([loop]))
    assert isinstance(error, InputError)
    assert "no such file" not in error.reason and "symbolic links" in error.reason


def test_limit_zero_and_negative_agree_between_commands(tmp_path):
    db = _store_with_events(tmp_path / "d.db", count=3)
    for command in ("events", "articles", "timeline"):
        zero = cli(command, "--limit", "0", "--db", str(db))
        assert zero.returncode == 0 and zero.stdout == "", (command, zero.stdout)
        negative = cli(command, "--limit", "-1", "--db", str(db))
        assert negative.returncode == 2 and "--limit" in negative.stderr, command
        one = cli(command, "--limit", "1", "--db", str(db))
        assert one.returncode == 0 and one.stdout.strip(), command


def test_invalid_metadata_date_is_warned_about(tmp_path):
    result = cli("ingest", str(BAD / "bad-date.jsonl"), "--db", str(tmp_path / "d.db"))
    assert result.returncode == 0
    assert f"dateline: warning: {BAD / 'bad-date.jsonl'}:1: date '2019-13-45' is not a date; ignored" in result.stderr


def test_dict_id_is_refused_not_stored_as_repr():
    [error] = list(read_all([BAD / "dict-id.jsonl"]))
    assert isinstance(error, InputError) and "'id' must be a string or a number" in error.reason


def test_json_error_message_reads_well():
    [error] = list(read_all([BAD / "broken-json.jsonl"]))
    assert "at at" not in error.reason
    assert "Unterminated string" in error.reason and "column" in error.reason


def test_actors_reads_stdin_for_dash():
    result = cli("actors", "-", input="TOKYO, June 1 (Reuters) - Japan protested to Russia on Saturday.\n")
    assert result.returncode == 0, result.stderr
    assert "JPN" in result.stdout and "RUS" in result.stdout


def test_summary_counts_only_the_events_stored(tmp_path):
    article = Article(id="a1", text="Japan protested to Russia.", title="T")
    event = Event(article_id="a1", cameo="111", source=Actor("Japan", country="JPN"),
                  target=Actor("Russia", country="RUS"), sentence="Japan protested to Russia.", span=(0, 26))
    with Store(tmp_path / "d.db") as store:
        result = store.add(article, events=[event, event])  # the same event found twice
        assert result.events == 1 == store.counts()["events"]


def test_every_limit_is_documented_in_the_readme():
    from dateline import limits

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for setting in limits.ENVIRONMENT.values():
        assert f"`{setting}`" in readme, setting
    assert "OWASP" in readme and "read-only" in readme


def test_limit_settings_are_checked(tmp_path):
    result = cli("code", str(BAD / "escape.txt"), env={"DATELINE_MAX_STORY_CHARS": "lots"})
    assert result.returncode == 2 and "DATELINE_MAX_STORY_CHARS='lots' is not a number" in result.stderr


def test_reading_a_store_that_needs_deduplication_catches_it_up_once(tmp_path):
    """A store filled before dedupe existed: the first read clusters it, later reads write nothing."""
    from dateline.ask.query import Ask

    db = _store_with_events(tmp_path / "d.db", count=3)
    with Ask(db, readonly=True) as ask:
        clusters = ask.events()[["mentions", "articles"]].values.tolist()
    assert clusters == [[3, 3]]  # one event, reported by three stories
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM cluster_members")
        conn.execute("DELETE FROM clusters")
    with Ask(db, readonly=True) as ask:
        assert ask.events()[["mentions", "articles"]].values.tolist() == clusters
        assert ask.store.readonly
    before = db.read_bytes()
    with Ask(db, readonly=True) as ask:
        assert ask.events()[["mentions", "articles"]].values.tolist() == clusters
    assert db.read_bytes() == before
