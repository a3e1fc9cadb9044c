"""`dateline watch` against a real local news server: rounds, exactly once, backoff, SIGKILL.

The server (tests/watch_site.py) serves the real feeds of ../shared/data/feeds (the malformed
ones included) with their links pointing back to it, real article pages, and misbehaviour.
"""
from __future__ import annotations

import json
import os
import random
import re
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.batch import ingest
from dateline.cli import cli
from dateline.errors import DatelineError, InputError
from dateline.store import Store
from dateline.watch import FeedSpec, Politeness, Watcher, export_pages, feed_status, load_feed_list, parse_duration
from dateline.watch.state import canonical_url
from watch_site import Site

ROOT = Path(__file__).resolve().parents[1]
DATELINE = Path(sys.executable).parent / "dateline"

#: Good feeds of the CLI tests: real, small, one malformed (europapress), one Latin-1 labelled
#: UTF-8 (uolNoticias), one in German, one reached through a redirect.
GOOD = [
    ("/feeds/react-native-rss-parser-samples/reuters_world.xml", "Reuters World"),
    ("/feeds/jmanuelbr-chrome-extension-mocks/europapress.xml", "Europa Press"),
    ("/feeds/rss-parser-tests/uolNoticias.rss", "UOL"),
    ("/feeds/feed-rs-fixtures/rss_2.0_spiegel.xml", "Spiegel"),
    ("/moved/feed-rs-fixtures/rss_2.0_nbcny.xml", "NBC New York"),
    ("/changing.xml", "Changing"),
]
BAD = [
    ("/status/500", "Broken server"),
    ("/status/429", "Rate limited"),
    ("/status/404", "Gone"),
    ("/garbage.xml", "Not a feed"),
    ("/broken.xml", "Cut off"),
    ("/private/feed.xml", "Forbidden"),
    ("/slow/5/rss-parser-tests/heise.atom", "Too slow"),
    ("/loop", "Loop"),
]


@pytest.fixture()
def site(shared):
    with Site(shared) as running:
        yield running


def feed_list(site: Site, tmp_path: Path, feeds) -> Path:
    path = tmp_path / "feeds.txt"
    lines = ["# feeds for the test", ""]
    lines += [f"{site.url(p)}  {name}" for p, name in feeds]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(DATELINE), *args], capture_output=True, text=True, timeout=timeout)


def expected_items(site: Site, path: str) -> set[str]:
    """The distinct item links of a feed as the server sends it now, read independently."""
    import feedparser

    from dateline.watch.fetch import Fetcher

    with Fetcher(Politeness(host_delay=0)) as client:
        content = client.get(site.url(path)).content
    if path.endswith(".json"):
        return {canonical_url(i.get("url")) or i.get("id") for i in json.loads(content)["items"]}
    return {canonical_url(e.get("link")) or e.get("id") for e in feedparser.parse(content).entries}


def count(db: Path, table: str) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=5)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0
    finally:
        conn.close()


def stored_items(db: Path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM watch_items").fetchall()
    finally:
        conn.close()


def article_ids(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM articles")}
    finally:
        conn.close()


# -- the feed list and options ---------------------------------------------------------------


def test_feed_list_file_names_and_errors(tmp_path):
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        "# comment\n\nhttps://a.example/rss  Agency A\nWire B https://b.example/atom\nhttps://a.example/rss\n",
        encoding="utf-8",
    )
    feeds = load_feed_list([str(listing), "https://c.example/feed.json"])
    assert feeds == [
        FeedSpec("https://a.example/rss", "Agency A"),
        FeedSpec("https://b.example/atom", "Wire B"),
        FeedSpec("https://c.example/feed.json", None),
    ]
    listing.write_text("https://a.example/rss\nnot a url here\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"feeds.txt:2: expected one feed URL"):
        load_feed_list([str(listing)])
    with pytest.raises(InputError, match="no such file"):
        load_feed_list([str(tmp_path / "absent.txt")])
    assert parse_duration("15m") == 900 and parse_duration("90s") == 90 and parse_duration("2h") == 7200
    with pytest.raises(DatelineError):
        parse_duration("soon")


def test_canonical_url_drops_trackers_and_fragments():
    assert canonical_url("HTTPS://News.Example.COM:443/a/b?id=3&utm_source=rss#top") == "https://news.example.com/a/b?id=3"
    assert canonical_url("http://x.example") == "http://x.example/"


# -- rounds in process -----------------------------------------------------------------------


def test_rounds_conditional_changing_feed_backoff_and_archive(site, tmp_path, nlp):
    feeds = [
        FeedSpec(site.url("/changing.xml"), "Changing"),
        FeedSpec(site.url("/feeds/feed-rs-fixtures/rss_2.0_nbcny.xml"), "NBC"),
        FeedSpec(site.url("/status/500"), "Broken server"),
        FeedSpec(site.url("/status/429"), "Rate limited"),
    ]
    with Store(tmp_path / "w.db") as store:
        watcher = Watcher(store, feeds, fetch_pages=True, politeness=Politeness(host_delay=0, retries=0))
        first = watcher.round()
        assert first.polled == 4 and first.new_items == 4  # 3 changing + 1 NBC
        assert first.stored == 4 and first.pending == 0
        assert {p.name for p in first.feed_errors} == {"Broken server", "Rate limited"}
        # Story 3 links under /private/: robots.txt forbids the page, the feed's text is kept.
        assert first.from_feed_text == 1 and site.paths("/private/") == []
        assert site.paths("/site/example.org/story-1") and site.paths("/site/example.org/story-2")

        status = {f.name: f for f in feed_status(store)}
        assert status["Rate limited"].last_error.startswith("HTTP 429")
        assert status["Rate limited"].next_poll >= status["Rate limited"].last_error_at + 120  # Retry-After
        assert status["Broken server"].failures == 1 and status["Broken server"].next_poll > time.time()
        assert status["Changing"].items_seen == 3 and status["Changing"].last_error is None

        site.clear()
        site.changing_round = 1  # now stories 2 (title corrected) .. 4
        second = watcher.round()
        assert second.backing_off == 2 and second.polled == 2
        assert second.not_modified == 1  # NBC: 304 to If-None-Match
        assert second.new_items == 1 and second.stored == 1  # only story 4; story 2 is known by GUID
        nbc = [r for r in site.requests if r["path"].endswith("nbcny.xml")]
        assert nbc and nbc[0]["headers"].get("If-None-Match")
        assert site.paths("/site/") == ["/site/example.org/story-4"]

        third = watcher.round()
        assert third.new_items == 0 and third.stored == 0 and third.not_modified == 2

        pages = store.conn.execute("SELECT count(*) FROM watch_pages").fetchone()[0]
        assert pages == 4  # stories 1, 2, 4 and NBC's item
        stored_ids = {r[0] for r in store.conn.execute("SELECT article_id FROM watch_items WHERE page_hash IS NOT NULL")}
        watcher.close()

        # The archive codes again without the network: same stories, same ids.
        assert export_pages(store, tmp_path / "pages") == 4
    with Store(tmp_path / "again.db") as again:
        report = ingest([str(tmp_path / "pages")], again)
        assert report.added == 4
        assert {r["id"] for r in again.articles()} == stored_ids


def test_json_feed_and_atom_are_watched_from_their_own_text(site, tmp_path, nlp):
    paths = ["/feeds/trafilatura-resources/npr-technology-feed.json", "/feeds/rss-parser-tests/heise.atom"]
    with Store(tmp_path / "w.db") as store:
        watcher = Watcher(store, [FeedSpec(site.url(p)) for p in paths], politeness=Politeness(host_delay=0))
        first = watcher.round()
        expected = sum(len(expected_items(site, p)) for p in paths)
        assert first.errors == 0 and first.new_items == expected == first.stored
        assert site.paths("/site/") == []  # no --fetch-pages: the feeds' own text is the story
        second = watcher.round()
        assert second.not_modified == 2 and second.new_items == 0
        # The feed's title names the site of each story (no wire dateline in these).
        assert {r["source"] for r in store.articles()} == {"Technology", "heise developer neueste Meldungen"}
        watcher.close()


def test_transient_page_failure_waits_for_a_later_round(site, tmp_path, nlp):
    with Store(tmp_path / "w.db") as store:
        watcher = Watcher(store, [FeedSpec(site.url("/flaky-page.xml"), "Flaky")], fetch_pages=True,
                          politeness=Politeness(host_delay=0, retries=0))
        # The item's page answers 503 once: the item stays pending, then is stored from its page.
        first = watcher.round()
        assert first.new_items == 1 and first.stored == 0 and first.pending == 1
        assert any("HTTP 503" in p and "will try again" in p for p in first.item_problems)
        assert watcher.round().stored == 0  # not due yet: its page backs off
        store.conn.execute("UPDATE watch_items SET next_try = 0")  # the backoff is over
        third = watcher.round()
        assert third.stored == 1 and third.pending == 0 and third.from_feed_text == 0
        assert site.paths("/site/flaky.example/story").count("/site/flaky.example/story") == 2
        (row,) = store.conn.execute("SELECT attempts, page_hash FROM watch_items").fetchall()
        assert row["attempts"] == 1 and row["page_hash"]
        watcher.close()


def test_run_keeps_the_interval_on_the_injected_clock(site, tmp_path, nlp):
    from test_watch_fetch import FakeClock

    clock = FakeClock()
    reports = []
    with Store(tmp_path / "w.db") as store:
        watcher = Watcher(store, [FeedSpec(site.url("/changing.xml"))], clock=clock,
                          politeness=Politeness(host_delay=2.0))
        watcher.run(900.0, rounds=3, on_round=reports.append)
        watcher.close()
    assert [r.round for r in reports] == [1, 2, 3]
    assert [r.new_items for r in reports] == [3, 0, 0]
    assert [r.not_modified for r in reports] == [0, 1, 1]
    # Round 1 waits the host delay once (robots.txt, then the feed) and sleeps what is left of
    # the 15 minutes; round 2's one request comes long after the delay, so it sleeps all 900 s;
    # round 3 is the last and does not sleep.
    assert clock.sleeps == [2.0, 898.0, 900.0]


def test_failing_feed_backs_off_longer_each_time_on_the_injected_clock(site, tmp_path, nlp):
    from test_watch_fetch import FakeClock

    clock = FakeClock()
    feeds = [FeedSpec(site.url("/status/500"), "Broken"), FeedSpec(site.url("/changing.xml"), "Changing")]
    waits = []
    with Store(tmp_path / "w.db") as store:
        watcher = Watcher(store, feeds, clock=clock, rng=random.Random(3), feed_backoff=300.0,
                          politeness=Politeness(host_delay=0, retries=0))
        for number in range(1, 5):
            site.changing_round = number - 1
            report = watcher.round()
            broken = {f.name: f for f in feed_status(store)}["Broken"]
            assert [p.name for p in report.feed_errors] == ["Broken"] and broken.failures == number
            assert report.new_items == (3 if number == 1 else 1)  # the good feed goes on regardless
            waits.append(broken.next_poll - broken.last_error_at)
            # Until its time comes the broken feed is skipped, not polled.
            clock.sleep(waits[-1] / 2)
            assert watcher.round().backing_off == 1
            clock.sleep(waits[-1])
        watcher.close()
    for number, wait in enumerate(waits, start=1):
        full = 300.0 * 2 ** (number - 1)
        assert full / 2 <= wait <= full, (number, wait)
    assert site.paths("/status/500").count("/status/500") == 4


def test_watch_command_shows_progress_and_logs_a_line(site, tmp_path):
    result = CliRunner().invoke(cli, ["watch", site.url("/changing.xml"), "--once", "--progress",
                                      "--host-delay", "0", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 0, result.output
    assert "stories" in result.output  # the progress bar
    assert re.search(r"(^|\r)round 1: 1 feeds polled .* 3 new items, 3 stored", result.output, re.M)


# -- the command line ------------------------------------------------------------------------


@pytest.mark.slow
def test_watch_once_stores_every_good_item_once_and_names_bad_feeds(site, tmp_path):
    listing = feed_list(site, tmp_path, GOOD + BAD)
    db = tmp_path / "watch.db"
    args = ["watch", str(listing), "--once", "--fetch-pages", "--db", str(db), "--host-delay", "0",
            "--timeout", "2", "--log-format", "json"]
    first = run(*args)
    assert first.returncode == 1, first.stderr  # some feeds failed
    for _path, name in BAD:
        assert re.search(rf"^dateline: error: {re.escape(name)} \(http://127\.0\.0\.1:\d+/", first.stderr, re.M), name
    for _path, name in GOOD:
        assert f"error: {name} (" not in first.stderr
    log = json.loads(first.stderr.strip().splitlines()[-1])
    assert log["polled"] == len(GOOD) + len(BAD) and log["errors"] == len(BAD) and log["pending"] == 0
    assert site.paths("/private/") == []

    rows = stored_items(db)
    assert all(r["state"] == "stored" and r["article_id"] for r in rows)
    by_feed: dict[str, set[str]] = {}
    for row in rows:
        by_feed.setdefault(row["feed_url"], set()).add(row["url"] or row["guid"])
    expected = {}
    for path, _name in GOOD:
        final = site.url("/feeds/" + path[len("/moved/"):]) if path.startswith("/moved/") else site.url(path)
        expected[site.url(path)] = expected_items(site, final.split(str(site.port), 1)[1])
    # Every good item, exactly once: one row per distinct item, one story per row.
    for url, links in expected.items():
        assert by_feed.get(url) == links, url
    assert len(rows) == sum(len(v) for v in expected.values()) == log["new_items"]
    assert len(article_ids(db)) == len({r["article_id"] for r in rows}) == len(rows)
    assert log["stored"] == len(rows)

    site.clear()
    second = run(*args)
    log2 = json.loads(second.stderr.strip().splitlines()[-1])
    assert log2["new_items"] == 0 and log2["stored"] == 0 and log2["backing_off"] == len(BAD)
    assert log2["not_modified"] == log2["polled"] == len(GOOD)
    assert site.paths("/site/") == []
    assert second.returncode == 0, second.stderr
    assert article_ids(db) == {r["article_id"] for r in rows}

    listed = run("feeds", "--db", str(db), "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr
    status = {f["name"]: f for f in map(json.loads, listed.stdout.splitlines())}
    assert set(status) == {name for _p, name in GOOD + BAD}
    for _path, name in BAD:
        assert status[name]["last_error"] and status[name]["failures"] == 1 and status[name]["last_success"] is None
    for path, name in GOOD:
        assert status[name]["last_success"] and status[name]["items_seen"] == len(expected[site.url(path)])
    table = run("feeds", "--db", str(db))
    assert "Too slow" in table.stdout and "timed out" in table.stdout
    exported = run("feeds", "--db", str(db), "--export-pages", str(tmp_path / "pages"))
    pages = sorted((tmp_path / "pages").glob("*.html.gz"))
    assert exported.returncode == 0 and pages and f"{len(pages)} pages written" in exported.stderr
    assert {p.name.split(".")[0] for p in pages} == {r["page_hash"] for r in rows if r["page_hash"]}


@pytest.mark.slow
def test_sigkill_mid_round_five_times_stores_the_same_as_one_clean_run(site, tmp_path):
    feeds = [GOOD[0], GOOD[1], GOOD[5]]  # 23 items, each with its page
    listing = feed_list(site, tmp_path, feeds)

    def args(db: Path) -> list[str]:
        return [str(DATELINE), "watch", str(listing), "--once", "--fetch-pages", "--db", str(db),
                "--host-delay", "0", "--log-format", "json"]

    clean = tmp_path / "clean.db"
    assert subprocess.run(args(clean), capture_output=True, timeout=600).returncode == 0

    killed = tmp_path / "killed.db"
    rng = random.Random(17)
    kills_mid_round = 0
    for run_number in range(5):
        # Odd runs die right after their first story is stored; even runs at a random moment
        # after their first page is archived (fetching, parsing, coding or storing).
        watched = "articles" if run_number % 2 else "watch_pages"
        before = count(killed, watched)
        process = subprocess.Popen(args(killed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 300
        while process.poll() is None and time.time() < deadline and count(killed, watched) <= before:
            time.sleep(0.02)
        if watched == "watch_pages":
            time.sleep(rng.uniform(0, 1.0))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills_mid_round += 1
        process.wait()
    assert kills_mid_round == 5, "each kill landed while the round was storing"
    assert len(article_ids(killed)) < len(article_ids(clean)), "the kills left work to do"
    assert any(r["state"] == "pending" for r in stored_items(killed)), "killed between taking in and storing"
    final = subprocess.run(args(killed), capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr

    def stored(db: Path) -> tuple[set, set]:
        rows = stored_items(db)
        assert all(r["state"] == "stored" for r in rows)
        return {(r["item_key"], r["article_id"]) for r in rows}, article_ids(db)

    assert stored(killed) == stored(clean)
    again = subprocess.run(args(killed), capture_output=True, text=True, timeout=600)
    assert json.loads(again.stderr.strip().splitlines()[-1])["new_items"] == 0


# -- the README ------------------------------------------------------------------------------

_CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")


def test_readme_cron_example_is_valid(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```crontab\n(.*?)```", readme, flags=re.S)
    assert blocks, "the README shows a crontab example for watch"
    entries = [line for line in blocks[0].splitlines() if line.strip() and not line.startswith("#")]
    assert entries
    limits = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
    for entry in entries:
        fields = entry.split(None, 5)
        assert len(fields) == 6, entry
        for field, (low, high) in zip(fields[:5], limits):
            assert _CRON_FIELD.match(field), (field, entry)
            for number in map(int, re.findall(r"\d+", field.split("/")[0])):
                assert low <= number <= high, (field, entry)
        command = shlex.split(fields[5])
        at = next(i for i, word in enumerate(command) if word.endswith("dateline"))
        assert command[at + 1] == "watch" and "--once" in command
        # The command line the cron entry runs is one the CLI accepts.
        words = [w for w in command[at + 1:] if not w.startswith((">", "2>"))]
        words = words[: next((i for i, w in enumerate(words) if w in (">>", ">", "2>&1")), len(words))]
        _accepted_by_the_cli(words)


def _accepted_by_the_cli(words: list[str]) -> None:
    context = cli.make_context("dateline", list(words))
    command = context.command.get_command(context, words[0])
    command.make_context(words[0], words[1:])


def test_readme_systemd_unit_is_valid():
    import configparser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```ini\n(.*?)```", readme, flags=re.S)
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # systemd keys are case-sensitive
    unit.read_string(block)
    assert set(unit.sections()) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    command = shlex.split(service["ExecStart"])
    assert Path(command[0]).is_absolute() and command[0].endswith("/dateline")  # systemd wants a path
    assert command[1] == "watch" and "--once" not in command
    _accepted_by_the_cli(command[1:])
    assert service["Restart"] in {"no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"}
    assert unit["Install"]["WantedBy"].endswith(".target")


def test_watch_usage_errors_name_the_file(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["watch", str(tmp_path / "absent.txt"), "--once", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 2 and "absent.txt: no such file" in result.output
    result = runner.invoke(cli, ["watch", "https://example.org/rss", "--every", "often"])
    assert result.exit_code == 2 and "not a duration" in result.output


def test_watch_help_and_empty_feeds_listing(tmp_path):
    runner = CliRunner()
    assert "--fetch-pages" in runner.invoke(cli, ["watch", "--help"]).output
    result = runner.invoke(cli, ["feeds", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 0 and "no feeds watched yet" in result.output


def test_readme_documents_every_log_and_feeds_field():
    import dataclasses

    from dateline.watch import FeedState, RoundReport

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Watching feeds"):readme.index("## From Python")]
    documented = set(re.findall(r"`([a-z_]+)`", section))
    assert set(RoundReport().to_json()) <= documented
    assert {f.name for f in dataclasses.fields(FeedState)} <= documented
