"""dateline batch (in process and on a real local Spark) and dateline load (real PostgreSQL).

The corpus is small on purpose (CI runs this): the demo stories and the ask test stories for
the engines, and a sample of the AFP/Xinhua corpus spread over its eight months for the load.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline import bulk
from dateline.records import EVENT_COLUMN_NAMES, event_json_from_row

TEST_DATA = Path(__file__).resolve().parent / "data"

DATELINE = Path(sys.executable).parent / "dateline"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(DATELINE), *args], capture_output=True, text=True, timeout=900,
                          env={**os.environ, **(env or {})})


def small_inputs() -> list[str]:
    from dateline.demo import corpus_dir

    return [str(corpus_dir()), str(TEST_DATA / "ask" / "stories.jsonl")]


def read_dataset(out: Path, dataset: str) -> list[dict]:
    import pyarrow.dataset as ds

    path = out / dataset
    if not any(path.rglob("*.parquet")):
        return []
    table = ds.dataset(str(path), format="parquet", partitioning="hive").to_table()
    return table.to_pylist()


def event_key(record: dict) -> str:
    return json.dumps(record, sort_keys=True)


@pytest.fixture(scope="module")
def coded_small() -> list[dict]:
    """``dateline code --format jsonl`` of the small corpus: what every engine must match."""
    result = run("code", *small_inputs(), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def local_batch(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    report = bulk.run(small_inputs(), out)
    assert report.ok and report.articles == 12
    return out


def test_batch_in_process_gives_the_events_of_code(local_batch, coded_small):
    events = read_dataset(local_batch, "events")
    assert sorted(event_key(event_json_from_row(r)) for r in events) == \
        sorted(event_key(r) for r in coded_small)


def test_parquet_columns_are_the_documented_record(local_batch):
    """The files' columns are records.py's, and docs/scaling.md lists each of them."""
    import pyarrow.dataset as ds

    docs = (Path(__file__).resolve().parents[1] / "docs" / "scaling.md").read_text(encoding="utf-8")
    for dataset in ("articles", "events", "mentions", "errors"):
        expected = bulk.arrow_schema(dataset)
        files = list((local_batch / dataset).rglob("*.parquet"))
        for file in files:
            schema = ds.dataset(str(file), format="parquet").schema
            assert schema.names == [n for n in expected.names if n != "month"]
        for name in expected.names:
            assert f"`{name}`" in docs, f"{dataset}.{name} is not documented in docs/scaling.md"
    events = bulk.arrow_schema("events").names
    assert events[:len(EVENT_COLUMN_NAMES)] == list(EVENT_COLUMN_NAMES)


def test_rerun_gives_the_same_rows(local_batch, tmp_path):
    again = tmp_path / "again"
    bulk.run(small_inputs(), again)
    for dataset in ("articles", "events", "mentions"):
        first = sorted(json.dumps(r, sort_keys=True) for r in read_dataset(local_batch, dataset))
        second = sorted(json.dumps(r, sort_keys=True) for r in read_dataset(again, dataset))
        assert first == second and first


def test_bad_records_go_to_errors_and_the_batch_goes_on(tmp_path, monkeypatch):
    """An unreadable line and a story whose coding fails are rows of errors/, with the reason."""
    from dateline import pipeline

    inputs = tmp_path / "in.jsonl"
    good = {"id": "good", "text": "Japan protested to Russia on Monday.", "date": "2019-06-03"}
    bad = {"id": "bad", "text": "Russia protested to Japan on Monday.", "date": "2019-06-03"}
    inputs.write_text(json.dumps(good) + "\n{not json\n" + json.dumps(bad) + "\n", encoding="utf-8")
    real = pipeline.analyse_doc

    def failing(article, *args, **kwargs):
        if article.id == "bad":
            raise RuntimeError("a coder bug")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse_doc", failing)
    report = bulk.run([str(inputs)], tmp_path / "out")
    assert not report.ok and report.articles == 1 and report.errors == 2
    errors = {r["stage"]: r for r in read_dataset(tmp_path / "out", "errors")}
    assert errors["read"]["origin"].endswith("in.jsonl:2") and errors["read"]["input"] is None
    assert errors["code"]["article_id"] == "bad" and "a coder bug" in errors["code"]["reason"]
    assert json.loads(errors["code"]["input"])["text"] == bad["text"]
    assert [r["id"] for r in read_dataset(tmp_path / "out", "articles")] == ["good"]


def test_batch_command_reports_and_refuses_a_foreign_folder(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    result = run("batch", small_inputs()[1], "--out", str(tmp_path), "--no-model")
    assert result.returncode == 2 and "mine.txt" in result.stderr
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


# -- Spark ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark():
    """One real local Spark session (local[2]) for the module; skipped without PySpark or Java."""
    pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'dateline[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java (17), which is not installed")
    from dateline.bulk.spark import session

    spark = session("local[2]", app="dateline tests")
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()


def test_spark_gives_the_events_of_code_and_the_rows_of_the_local_engine(spark, coded_small, local_batch, tmp_path):
    from dateline.bulk import spark as engine

    articles, errors, _ = bulk.read_inputs(small_inputs())
    out = tmp_path / "spark"
    bulk.prepare_out(out)
    counts = engine.run(articles, errors, out, master="local[2]", partitions=3, use_model=True,
                        dictionaries=(), verb_dictionary=None, spark=spark)
    assert counts["articles"] == 12 and counts["errors"] == 0
    events = read_dataset(out, "events")
    assert sorted(event_key(event_json_from_row(r)) for r in events) == \
        sorted(event_key(r) for r in coded_small)
    for dataset in ("articles", "events", "mentions"):
        assert sorted(json.dumps(r, sort_keys=True) for r in read_dataset(out, dataset)) == \
            sorted(json.dumps(r, sort_keys=True) for r in read_dataset(local_batch, dataset))
    assert len(list((out / "events").rglob("part-*.parquet"))) >= 3


# -- load into PostgreSQL -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory, shared) -> Path:
    """Four stories of each month of the AFP/Xinhua corpus (25 stories, 8 months), in file order."""
    corpus = shared / "corpora" / "afp-xinhua-te3silver.jsonl"
    taken: dict[str, int] = {}
    lines = []
    with open(corpus, encoding="utf-8") as handle:
        for line in handle:
            month = (json.loads(line).get("date") or "")[:7]
            if taken.get(month, 0) < 4:
                taken[month] = taken.get(month, 0) + 1
                lines.append(line)
    # One story twice under another id: the copy must be dropped by both paths.
    copy = json.loads(lines[1])
    copy["id"] += "-copy"
    lines.append(json.dumps(copy) + "\n")
    path = tmp_path_factory.mktemp("sample") / "sample.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_batch(sample, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample-batch") / "out"
    report = bulk.run([str(sample)], out)
    assert report.ok and report.duplicates == 1
    return out


@pytest.fixture(scope="module")
def sample_ingested(sample, tmp_path_factory) -> Path:
    from dateline.batch import ingest
    from dateline.store import Store

    path = tmp_path_factory.mktemp("sample-ingest") / "ingest.db"
    with Store(path) as store:
        report = ingest([str(sample)], store)
    assert report.ok and report.already_stored == 1
    return path


def clusters(target: str) -> list[tuple]:
    """Deduplicated events as comparable facts: members, counts and the key they share."""
    from dateline.store import Store

    with Store(target, readonly=True) as store:
        members: dict[int, list[str]] = {}
        for cluster_id, event_id in store.conn.execute("SELECT cluster_id, event_id FROM cluster_members"):
            members.setdefault(cluster_id, []).append(event_id)
        rows = store.conn.execute(
            "SELECT cluster_id, match_key, reports, mentions, articles, sources, first_seen, modality,"
            " date, source_key, target_key, root FROM clusters"
        ).fetchall()
    return sorted((tuple(sorted(members.get(r[0], []))), *tuple(r)[1:]) for r in rows)


def counts(target: str) -> dict[str, int]:
    from dateline.store import Store

    with Store(target, readonly=True) as store:
        return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "evidence", "clusters", "cluster_members")}


def test_batch_then_load_gives_the_deduplicated_events_of_ingest(sample_batch, sample_ingested, pg_schemas):
    url = pg_schemas()
    result = run("load", str(sample_batch), "--db", url)
    assert result.returncode == 0, result.stderr
    assert clusters(url) == clusters(str(sample_ingested))
    assert counts(url) == counts(str(sample_ingested))
    # Loading again adds nothing, and the store answers the usual questions.
    again = run("load", str(sample_batch), "--db", url)
    assert again.returncode == 0 and "8 already loaded" in again.stderr
    assert counts(url) == counts(str(sample_ingested))
    timeline = run("timeline", "--db", url, "--limit", "5")
    assert timeline.returncode == 0 and timeline.stdout.strip()


def test_killed_load_reruns_to_exact_counts(sample_batch, sample_ingested, pg_schemas):
    """SIGKILL between months (and maybe within one): the rerun ends with the exact rows, once."""
    url = pg_schemas()
    proc = subprocess.Popen([str(DATELINE), "load", str(sample_batch), "--db", url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "DATELINE_LOAD_PAUSE": "0.5"})
    import psycopg

    loaded = 0
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None and loaded < 3:
        time.sleep(0.1)
        try:
            with psycopg.connect(url) as conn:
                loaded = conn.execute("SELECT count(*) FROM load_progress").fetchone()[0]
        except psycopg.Error:
            continue
    assert proc.poll() is None, "the load finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = counts(url)
    assert 0 < partial["articles"] < counts(str(sample_ingested))["articles"]
    result = run("load", str(sample_batch), "--db", url)
    assert result.returncode == 0, result.stderr
    assert "already loaded" in result.stderr
    assert counts(url) == counts(str(sample_ingested))
    assert clusters(url) == clusters(str(sample_ingested))
