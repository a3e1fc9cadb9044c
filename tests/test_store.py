"""The SQLite store: schema, idempotent and atomic ingest, concurrent reading."""
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


def test_same_content_twice_adds_nothing(tmp_path):
    with Store(tmp_path / "d.db") as store:
        assert store.add(make_article(), events=[make_event()]).added
        again = store.add(make_article(id="other-id"), events=[make_event("other-id")])
        assert not again.added
        assert store.counts()["articles"] == 1
        assert store.counts()["events"] == 1


def test_corrected_story_replaces_old_version(tmp_path):
    with Store(tmp_path / "d.db") as store:
        store.add(make_article(), events=[make_event()])
        store.add(make_article(text="Japan protested to Russia again."), events=[])
        assert store.counts() == {"articles": 1, "events": 0, "actors": 0, "places": 0, "times": 0}


def test_failure_mid_article_leaves_nothing(tmp_path):
    bad = make_event()
    bad.span = ("not", "ints", "at all")  # insert of evidence fails after the event row
    with Store(tmp_path / "d.db") as store:
        with pytest.raises(Exception):
            store.add(make_article(), actors=[Actor("Japan")], events=[make_event(span=(0, 5)), bad])
        assert store.counts() == {"articles": 0, "events": 0, "actors": 0, "places": 0, "times": 0}
        # The rerun completes it.
        assert store.add(make_article(), events=[make_event()]).added


def test_events_filters(tmp_path):
    with Store(tmp_path / "d.db") as store:
        store.add(make_article(), events=[make_event()])
        assert len(list(store.events(dyad=("RUS", "JPN")))) == 1
        assert len(list(store.events(actor="jpn"))) == 1
        assert len(list(store.events(actor="CHN"))) == 0
        assert len(list(store.events(since="2019", until="2019"))) == 1
        assert len(list(store.events(until="2018"))) == 0
        assert len(list(store.events(root="11"))) == 1
        record = next(store.events())
        assert record["source"]["country"] == "JPN" and record["span"] == [0, 26]


def test_readable_while_another_connection_writes(tmp_path):
    path = tmp_path / "d.db"
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
