"""The store, on SQLite and on PostgreSQL: schema, idempotent and atomic ingest, concurrent
reading and writing. Tests taking ``store_target`` run once per backend (``conftest.py``)."""
from __future__ import annotations

import sqlite3

import pytest

from dateline.errors import StoreError
from dateline.records import Actor, Article, Event
from dateline.store import SCHEMA_VERSION, Store, default_path


def make_article(text: str = "Japan protested to Russia.", **kw) -> Article:
    return Article(id=kw.pop("id", "art-1"), text=text, title="T", published="2019-06-01", **kw)


def make_event(article_id: str = "art-1", cameo: str = "111", span=(0, 26)) -> Event:
    return Event(
        article_id=article_id,
        cameo=cameo,
        source=Actor("Japan", name="Japan", code="JPN", country="JPN"),
        target=Actor("Russia", name="Russia", code="RUS", country="RUS"),
        sentence="Japan protested to Russia.",
        span=span,
        date="2019-06-01",
        date_precision="day",
        date_from="article",
    )


def test_new_store_is_wal_and_current_schema(tmp_path):
    with Store(tmp_path / "d.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_same_content_twice_adds_nothing(store_target):
    with Store(store_target) as store:
        assert store.add(make_article(), events=[make_event()]).added
        again = store.add(make_article(id="other-id"), events=[make_event("other-id")])
        assert not again.added
        assert store.counts()["articles"] == 1
        assert store.counts()["events"] == 1


def test_corrected_story_replaces_old_version(store_target):
    with Store(store_target) as store:
        store.add(make_article(), events=[make_event()])
        store.add(make_article(text="Japan protested to Russia again."), events=[])
        assert store.counts() == {"articles": 1, "events": 0, "actors": 0, "places": 0, "times": 0}


def test_failure_mid_article_leaves_nothing(store_target):
    bad = make_event()
    bad.span = ("not", "ints", "at all")  # insert of evidence fails after the event row
    with Store(store_target) as store:
        with pytest.raises(Exception):
            store.add(make_article(), actors=[Actor("Japan")], events=[make_event(span=(0, 5)), bad])
        assert store.counts() == {"articles": 0, "events": 0, "actors": 0, "places": 0, "times": 0}
        # The rerun completes it.
        assert store.add(make_article(), events=[make_event()]).added


def test_events_filters(store_target):
    with Store(store_target) as store:
        store.add(make_article(), events=[make_event()])
        assert len(list(store.events(dyad=("RUS", "JPN")))) == 1
        assert len(list(store.events(actor="jpn"))) == 1
        assert len(list(store.events(actor="CHN"))) == 0
        assert len(list(store.events(since="2019", until="2019"))) == 1
        assert len(list(store.events(until="2018"))) == 0
        assert len(list(store.events(root="11"))) == 1
        record = next(store.events())
        assert record["source"]["country"] == "JPN" and record["span"] == [0, 26]


def test_readable_while_another_connection_writes(store_target):
    path = store_target
    with Store(path) as writer, Store(path) as reader:
        writer.add(make_article(), events=[make_event()])
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute(
            "INSERT INTO articles (id, content_hash, text, coded) VALUES ('x', 'h', 't', 1)"
        )
        # The reader sees the committed state, without waiting for the writer.
        assert reader.counts()["articles"] == 1
        writer.conn.execute("COMMIT")
        assert reader.counts()["articles"] == 2


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "d.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "d.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="d.db"):
        Store(path)


def test_default_path_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATELINE_DB", str(tmp_path / "env.db"))
    assert default_path() == str(tmp_path / "env.db")
    monkeypatch.delenv("DATELINE_DB")
    assert default_path() == "dateline.db"


def test_schema_is_the_records_definition(store_target):
    """The events table has exactly the record's columns (records.EVENT_COLUMNS), on both."""
    from dateline.records import EVENT_COLUMN_NAMES

    with Store(store_target) as store:
        row = store.conn.execute("SELECT * FROM events LIMIT 0")
        names = [d[0] for d in row.description]
        assert [n for n in names if n != "seq"] == list(EVENT_COLUMN_NAMES)


def test_reopening_keeps_the_store_and_its_version(store_target):
    with Store(store_target) as store:
        store.add(make_article(), events=[make_event()])
    with Store(store_target, readonly=True) as store:
        assert store.counts()["events"] == 1
        assert next(store.events())["event_id"] == make_event().event_id


def test_read_only_store_refuses_writes(store_target):
    Store(store_target).close()
    with Store(store_target, readonly=True) as store:
        with pytest.raises(StoreError):
            store.add(make_article(), events=[make_event()])


def test_deduplication_and_queries_agree_across_backends(store_target):
    """Two stories reporting one protest are one deduplicated event, whatever the backend."""
    from dateline.ask.query import Ask

    with Store(store_target) as store:
        store.add(make_article(), events=[make_event()])
        store.add(make_article("Japan protested to Russia on Saturday.", id="art-2", source="AP"),
                  events=[make_event("art-2", span=(0, 38))])
    with Ask(store_target, readonly=True) as ask:
        events = ask.events()
        assert len(events) == 1 and events["reports"][0] == 2 and events["articles"][0] == 2
        assert len(ask.timeline(dyad=("JPN", "RUS"))) == 1
        series = ask.dyad_series("JPN", "RUS")
        assert series["events"].sum() == 1
        assert ask.top_actors()["events"].tolist() == [1, 1]
        assert len(ask.mentions()) == 2 and len(ask.evidence(int(events["cluster_id"][0]))) == 2


def test_several_writers_make_one_cluster_per_event(store_target):
    """Writers in separate processes report one event at once: still one cluster.

    On PostgreSQL this is the advisory lock of ``pg_store.lock_dedupe``; on SQLite, BEGIN
    IMMEDIATE already makes writers take turns.
    """
    import multiprocessing as mp

    Store(store_target).close()
    context = mp.get_context("fork")
    procs = [context.Process(target=_write_reports, args=(store_target, n)) for n in range(3)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    with Store(store_target) as store:
        assert store.counts()["articles"] == 3 * 4
        clusters = store.conn.execute("SELECT count(*), sum(reports) FROM clusters").fetchone()
        assert (clusters[0], clusters[1]) == (1, 12)


def _write_reports(target: str, writer: int) -> None:
    with Store(target) as store:
        for n in range(4):
            article_id = f"w{writer}-{n}"
            text = f"Japan protested to Russia ({writer}/{n})."
            store.add(make_article(text, id=article_id, source=f"S{writer}"),
                      events=[make_event(article_id, span=(0, len(text)))])
