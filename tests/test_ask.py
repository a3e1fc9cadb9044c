"""ask: queries, cross-story dedupe, exports and plots over real SQLite stores.

Two stores are built from ``tests/data/ask/stories.jsonl`` (wire stories written for these
tests, several reporting the same events), both read by the real reader:

- the *pipeline* store: the stories through the real pipeline (``dateline.ingest``), checked
  for what must hold whatever the coder finds (everything clustered, the Osaka meeting told
  by three outlets is one event, year-level dates never merged, every command answers);
- the *hand-coded* store: the same stories with the events of ``tests/data/ask/events.yaml``
  added through ``Store.add``, so each dedupe rule and each query is checked against an
  exact, known answer that does not move when the coder improves.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

from dateline.ask import Ask, dedupe_new, dedupe_pending
from dateline.ask import open as open_ask
from dateline.ask.dedupe import match_key, rules
from dateline.ask.export import export, gdelt_columns
from dateline.ask.plot import dyad_chart, timeline_chart
from dateline.cli import cli
from dateline.errors import DatelineError
from dateline.read import read_all
from dateline.records import Actor, Article, Event, Place
from dateline.store import Store

DATA = Path(__file__).resolve().parent / "data" / "ask"
STORIES = DATA / "stories.jsonl"
# CAMEO facts for the codes used in events.yaml: quad class and Goldstein score.
CODES = {"040": (1, 1.0), "042": (1, 1.9), "030": (1, 4.0), "057": (1, 8.0),
         "111": (3, -2.0), "152": (4, -7.2), "120": (3, -4.0)}

# The GDELT 2.0 event table's columns in file order, as its codebook lists them.
GDELT_2_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor1{f}" for f in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                             "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")],
    *[f"Actor2{f}" for f in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                             "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action")
      for f in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
]


def stories() -> dict[str, Article]:
    return {a.id: a for a in read_all([STORIES]) if isinstance(a, Article)}


def coded_events() -> dict[str, list[Event]]:
    """events.yaml as Event records, with evidence spans found in the story texts."""
    articles = stories()
    result: dict[str, list[Event]] = {}
    for item in yaml.safe_load((DATA / "events.yaml").read_text(encoding="utf-8")):
        article = articles[item["article"]]
        result.setdefault(article.id, []).append(make_event(article, item))
    return result


def make_event(article: Article, item: dict) -> Event:
    start = article.text.index(item["evidence"])
    quad, goldstein = CODES[item["cameo"]]
    location = None
    if item.get("location"):
        name, country, lat, lon = item["location"]
        at = article.text.find(name)
        location = Place(max(at, 0), max(at, 0) + len(name), name, name=name, country=country, lat=lat, lon=lon)

    def actor(pair: list[str] | None) -> Actor | None:
        if not pair:
            return None
        return Actor(pair[0], name=pair[0], country=pair[1])

    mentions = []
    for text in item.get("mentions", []):
        at = article.text.index(text)
        mentions.append((at, at + len(text)))
    return Event(
        article_id=article.id, cameo=item["cameo"], source=actor(item["source"]),
        target=actor(item.get("target")), sentence=item["evidence"],
        span=(start, start + len(item["evidence"])), quad_class=quad, goldstein=goldstein,
        date=item["date"], date_precision=item.get("precision", "day"), date_from="text",
        modality=item.get("modality", "asserted"), location=location,
        symmetric=bool(item.get("symmetric")), mentions=mentions,
    )


def fill(path: Path, order: list[str] | None = None) -> Path:
    articles, events = stories(), coded_events()
    with Store(path) as store:
        for article_id in order or list(articles):
            store.add(articles[article_id], events=events.get(article_id, []))
    return path


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return fill(tmp_path / "ask.db")


@pytest.fixture()
def ask(db: Path):
    with open_ask(db) as opened:
        yield opened


def osaka(ask) -> pd.Series:
    frame = ask.events(dyad=("JPN", "RUS"), root="04", since="2019-06-29", until="2019-06-29")
    assert len(frame) == 1
    return frame.iloc[0]


# -- dedupe ------------------------------------------------------------------------------------


def test_one_event_reported_by_four_stories_is_one_event(ask):
    meeting = osaka(ask)
    assert meeting["reports"] == 4
    assert meeting["articles"] == 4
    assert meeting["sources"] == 3  # TASS twice, Kyodo, AFP
    assert meeting["mentions"] == 5  # Kyodo restates the meeting in a second sentence
    assert meeting["modality"] == "asserted"  # the preview's "will hold talks" does not win
    assert meeting["location_name"] == "Osaka"
    evidence = ask.evidence(int(meeting["cluster_id"]))
    assert sorted(set(evidence["article_id"])) == [
        "afp-osaka-abe-putin", "kyodo-osaka-summit", "tass-osaka-preview", "tass-osaka-talks"]
    assert "the 26th meeting between Abe and Putin" in set(evidence["text"])


def test_counts_of_the_whole_store(ask):
    assert len(ask.mentions()) == 13
    assert len(ask.events()) == 9
    protest = ask.events(root="11").iloc[0]
    assert (protest["reports"], protest["sources"]) == (2, 2)


def test_talks_on_another_day_are_another_event(ask):
    talks = ask.events(dyad=("RUS", "JPN"), root="04")
    assert list(talks["date"]) == ["2019-06-29", "2019-07-15"]
    assert list(talks["reports"]) == [4, 1]


def test_year_level_dates_never_merge(ask):
    declarations = ask.events(until="1956")
    assert len(declarations) == 2
    assert set(declarations["date_precision"]) == {"year"}
    assert set(declarations["reports"]) == {1}


def test_denied_event_stays_apart_from_the_same_event_asserted(tmp_path):
    article = stories()["afp-osaka-abe-putin"]
    item = {"evidence": "Japan did not sign a peace treaty with Russia at the meeting", "cameo": "057",
            "source": ["Japan", "JPN"], "target": ["Russia", "RUS"], "date": "2019-06-29", "symmetric": True}
    denied = make_event(article, {**item, "modality": "negated"})
    other = stories()["kyodo-osaka-summit"]
    asserted = make_event(other, {**item, "evidence": "the two agreed to keep working toward a peace treaty"})
    with Store(tmp_path / "n.db") as store:
        store.add(article, events=[denied])
        store.add(other, events=[asserted])
    with open_ask(tmp_path / "n.db") as ask:
        assert sorted(ask.events()["modality"]) == ["asserted", "negated"]


def test_distant_places_on_one_day_stay_apart(tmp_path):
    first, second = stories()["tass-osaka-talks"], stories()["xinhua-moscow-deputies"]
    base = {"cameo": "040", "source": ["Vladimir Putin", "RUS"], "target": ["Shinzo Abe", "JPN"],
            "date": "2019-06-29", "symmetric": True}
    in_osaka = make_event(first, {**base, "evidence": "held talks in Osaka", "location": ["Osaka", "JPN", 34.69, 135.5]})
    in_moscow = make_event(second, {**base, "evidence": "held talks in Moscow", "location": ["Moscow", "RUS", 55.75, 37.62]})
    no_place = make_event(stories()["kyodo-osaka-summit"], {**base, "evidence": "the two agreed"})
    with Store(tmp_path / "p.db") as store:
        for article, event in ((first, in_osaka), (second, in_moscow), (stories()["kyodo-osaka-summit"], no_place)):
            store.add(article, events=[event])
    with open_ask(tmp_path / "p.db") as ask:
        frame = ask.events()
    assert len(frame) == 2  # the place-less report joins the first compatible cluster
    assert sorted(frame["reports"]) == [1, 2]


def test_match_key_rules():
    row = {"source_country": "RUS", "source_org": None, "source_code": None, "source_name": "Putin",
           "source_text": "Putin", "target_country": "JPN", "target_org": None, "target_code": None,
           "target_name": "Abe", "target_text": "Abe", "root": "04", "date": "2019-06-29",
           "date_precision": "day", "symmetric": 0, "modality": "asserted"}
    assert match_key(row) == "JPN|RUS|04|2019-06-29|day|pos"  # root 04 is undirected
    assert match_key({**row, "root": "11"}) == "RUS|JPN|11|2019-06-29|day|pos"
    assert match_key({**row, "date": "1956", "date_precision": "year"}) is None
    assert match_key({**row, "date": None}) is None
    assert match_key({**row, "modality": "negated"}).endswith("|neg")
    assert "day" in rules().mergeable_precisions and "year" not in rules().mergeable_precisions


def test_dedupe_is_incremental_and_order_free(tmp_path):
    order = ["tass-osaka-preview", "kyodo-kuril-protest", "tass-osaka-talks", "afp-osaka-abe-putin",
             "tass-kuril-reject", "xinhua-moscow-deputies", "kyodo-osaka-summit"]
    articles, events = stories(), coded_events()
    with Store(tmp_path / "i.db") as store:
        store.add(articles[order[0]], events=events[order[0]])
        with Ask(store=store) as ask:
            assert osaka(ask)["modality"] == "planned"
            for article_id in order[1:]:
                store.add(articles[article_id], events=events[article_id])
            meeting = osaka(ask)
            assert (meeting["reports"], meeting["modality"]) == (4, "asserted")
            incremental = ask.events()[["date", "cameo", "reports", "mentions", "sources"]]
    with open_ask(fill(tmp_path / "all.db")) as ask:
        at_once = ask.events()[["date", "cameo", "reports", "mentions", "sources"]]
    key = ["date", "reports", "mentions", "sources"]
    assert incremental.sort_values(key).reset_index(drop=True)[key].equals(
        at_once.sort_values(key).reset_index(drop=True)[key])


def test_corrected_story_updates_its_clusters(db):
    corrected = stories()["afp-osaka-abe-putin"]
    corrected.text = corrected.text.replace("no breakthrough", "little progress")
    with Store(db) as store:
        store.add(corrected, events=[])  # the corrected version has no coded events
        with Ask(store=store) as ask:
            meeting = osaka(ask)
            assert (meeting["reports"], meeting["sources"]) == (3, 2)
            assert len(ask.events(until="1956")) == 1


def test_bulk_catch_up_matches_ingest(db):
    with Store(db) as store:
        before = [tuple(r) for r in store.conn.execute(
            "SELECT match_key, reports, mentions, articles, sources FROM clusters ORDER BY match_key, reports")]
        store.conn.execute("DELETE FROM clusters")  # members go with them (cascade)
        assert store.conn.execute("SELECT count(*) FROM cluster_members").fetchone()[0] == 0
        assert dedupe_pending(store) == 13
        after = [tuple(r) for r in store.conn.execute(
            "SELECT match_key, reports, mentions, articles, sources FROM clusters ORDER BY match_key, reports")]
        assert dedupe_new(store, ["tass-osaka-talks"]) == 0  # already assigned: a no-op
    assert [r for r in before if not r[0].startswith("alone:")] == [r for r in after if not r[0].startswith("alone:")]
    assert len(before) == len(after)


@pytest.fixture(scope="module")
def pipeline_db(tmp_path_factory) -> Path:
    """The test stories through the real pipeline (read → who/when/where → what → store)."""
    from dateline.batch import ingest

    path = tmp_path_factory.mktemp("pipeline") / "pipeline.db"
    with Store(path) as store:
        report = ingest([STORIES], store)
    assert report.added == 7 and not report.errors
    return path


def test_pipeline_ingest_is_clustered(pipeline_db):
    """Every event the pipeline stores lands in exactly one cluster, and counts add up."""
    with Store(pipeline_db) as store:
        events = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        members = store.conn.execute("SELECT count(*) FROM cluster_members").fetchone()[0]
        assert events > 0 and members == events
        with Ask(store=store) as ask:
            frame = ask.events()
            assert frame["reports"].sum() == events
            assert len(frame) < events  # the stories repeat each other: something merged


def test_pipeline_osaka_meeting_is_one_event_from_several_outlets(pipeline_db):
    with open_ask(pipeline_db) as ask:
        meeting = ask.events(dyad=("JPN", "RUS"), root="04", since="2019-06-29", until="2019-06-29")
        assert len(meeting) == 1
        assert meeting.iloc[0]["sources"] >= 2 and meeting.iloc[0]["articles"] >= 2
        evidence = ask.evidence(int(meeting.iloc[0]["cluster_id"]))
        assert evidence["article_id"].nunique() == meeting.iloc[0]["articles"]
        # The 1956 declaration is told by two stories at year precision: never merged.
        declaration = ask.events(until="1956")
        assert len(declaration) >= 1 and set(declaration["reports"]) == {1}


def test_pipeline_store_answers_every_command(pipeline_db, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["timeline", "--db", str(pipeline_db), "--dyad", "JPN", "RUS"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() and all(line[:4].isdigit() for line in result.output.splitlines())
    result = runner.invoke(cli, ["dyad", "JPN", "RUS", "--db", str(pipeline_db)])
    assert result.exit_code == 0 and "2019-06" in result.output
    result = runner.invoke(cli, ["export", "--db", str(pipeline_db), "--format", "gdelt"])
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert rows and {len(row) for row in rows} == {61}
    out = tmp_path / "pipeline.png"
    result = runner.invoke(cli, ["plot", "dyad", "JPN", "RUS", "--db", str(pipeline_db), "--out", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 0


# -- queries -------------------------------------------------------------------------------------


def test_filters(ask):
    assert set(ask.events(actor="sun")["cameo"]) == {"057"}
    assert list(ask.events(place="Kuril Islands")["cameo"]) == ["111", "120"]
    assert list(ask.events(place="RUS")["cameo"]) == ["111", "152", "120", "040"]
    assert list(ask.events(text="over the drills")["cameo"]) == ["111"]  # a member's sentence
    assert list(ask.events(modality="negated")["cameo"]) == ["057"]
    assert list(ask.events(since="2019-07", until="2019-07-02")["cameo"]) == ["111", "152"]
    assert ask.events(actor="JPN", root="12")["event"].tolist() == ["rejected"]


def test_mentions_are_the_raw_records(ask):
    raw = ask.mentions(dyad=("JPN", "RUS"), root="04", until="2019-06")
    assert len(raw) == 4
    assert raw["cluster_id"].nunique() == 1
    assert set(raw["outlet"]) == {"TASS", "Kyodo", "AFP"}


def test_timeline_reads_as_a_dated_list(ask):
    frame = ask.timeline(dyad=("JPN", "RUS"))
    assert list(frame["date"]) == sorted(frame["date"])
    first = frame[frame["date"] == "2019-06-29"].iloc[0]
    assert "(RUS)" in first["actors"] and "(JPN)" in first["actors"]
    assert first["sources"] >= 1
    assert set(frame.columns) >= {"date", "actors", "event", "modality", "sources", "place"}


def test_dyad_series_counts_each_direction(ask):
    series = ask.dyad_series("JPN", "RUS", freq="M")
    july = series[series["period"].astype(str) == "2019-07"].set_index("direction")
    assert july.loc["JPN->RUS", "verbal_conflict"] == 1  # the protest, reported twice, counted once
    assert july.loc["JPN->RUS", "goldstein_sum"] == -2.0
    assert july.loc["RUS->JPN", "verbal_conflict"] == 1  # the rejection
    assert july.loc["RUS->JPN", "verbal_coop"] == 1  # the Moscow talks
    assert july.loc["RUS->JPN", "goldstein_mean"] == pytest.approx((-4.0 + 1.0) / 2)
    june = series[series["period"].astype(str) == "2019-06"]
    assert june["events"].sum() == 2  # the meeting and the intent; the denied signing is not counted
    denied = ask.dyad_series("JPN", "RUS", modality="negated")
    assert denied["events"].sum() == 1 and denied["verbal_coop"].sum() == 1
    assert series.attrs["too_coarse"] == 0
    yearly = ask.dyad_series("RUS", "JPN", freq="Y")
    assert list(yearly["period"].astype(str).unique()) == ["2019"]
    with pytest.raises(DatelineError, match="frequency"):
        ask.dyad_series("JPN", "RUS", freq="fortnight")


def test_top_actors(ask):
    top = ask.top_actors(n=3)
    assert list(top["actor"][:2]) == ["JPN", "RUS"]
    assert list(top["name"][:2]) == ["Japan", "Russia"]  # the country, not whoever spoke for it
    assert top.iloc[0]["events"] == top.iloc[0]["as_source"] + top.iloc[0]["as_target"]


# -- exports ---------------------------------------------------------------------------------------


def test_gdelt_export_has_the_61_columns_in_order(ask, tmp_path):
    assert list(gdelt_columns()) == GDELT_2_COLUMNS
    out = tmp_path / "events.gdelt.tsv"
    assert export(ask, "gdelt", out) == 9
    lines = out.read_text(encoding="utf-8").splitlines()
    assert all(len(line.split("\t")) == 61 for line in lines)
    table = pd.read_csv(out, sep="\t", header=None, names=GDELT_2_COLUMNS, dtype=str, keep_default_na=False)
    meeting = table[(table["SQLDATE"] == "20190629") & (table["EventRootCode"] == "04")].iloc[0]
    assert (meeting["NumMentions"], meeting["NumSources"], meeting["NumArticles"]) == ("5", "3", "4")
    assert meeting["ActionGeo_FullName"] == "Osaka, Japan"
    assert meeting["ActionGeo_CountryCode"] == "JA"  # FIPS, as GDELT writes it
    assert meeting["Actor1CountryCode"] in {"JPN", "RUS"}
    assert meeting["MonthYear"] == "201906" and meeting["Year"] == "2019"
    declaration = table[table["Year"] == "1956"]
    assert len(declaration) == 2 and set(declaration["SQLDATE"]) == {"19560101"}


def test_jsonl_events_keep_every_evidence_span(ask, tmp_path):
    out = tmp_path / "events.jsonl"
    export(ask, "jsonl", out, dyad=("JPN", "RUS"), since="2019-06-29", until="2019-06-29", root="04")
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["mentions"] == len(record["evidence"]) == 5
    assert {e["outlet"] for e in record["evidence"]} == {"TASS", "Kyodo", "AFP"}


def test_jsonl_mentions_are_public_records(ask, tmp_path):
    from dateline.records import EVENT_FIELDS

    out = tmp_path / "mentions.jsonl"
    assert export(ask, "jsonl", out, level="mentions") == 13
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(record) == {*EVENT_FIELDS, "cluster_id"}


def test_csv_and_parquet(ask, tmp_path):
    export(ask, "csv", tmp_path / "e.csv", actor="RUS")
    frame = pd.read_csv(tmp_path / "e.csv")
    assert len(frame) == len(ask.events(actor="RUS")) and "sources" in frame.columns
    assert export(ask, "parquet", tmp_path / "e.parquet") == 9
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 9
    assert table.schema.field("goldstein").type == "double"
    assert sorted(table.column("reports").to_pylist(), reverse=True)[:2] == [4, 2]
    assert export(ask, "parquet", tmp_path / "m.parquet", level="mentions") == 13
    assert pq.read_table(tmp_path / "m.parquet").num_rows == 13


def test_export_refuses_what_it_cannot_write(ask, tmp_path):
    with pytest.raises(DatelineError, match="format"):
        export(ask, "xml", tmp_path / "x")
    with pytest.raises(DatelineError, match="--out"):
        export(ask, "parquet", None)
    with pytest.raises(DatelineError, match="deduplicated"):
        export(ask, "gdelt", tmp_path / "g", level="mentions")


# -- plots -----------------------------------------------------------------------------------------


def test_dyad_chart(ask, tmp_path):
    out = tmp_path / "dyad.png"
    figure = dyad_chart(ask, "JPN", "RUS", out=out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000
    top, bottom = figure.axes[:2]
    assert top.get_title(loc="left") == "Japan → Russia"
    assert "cooperation" in top.get_ylabel() and bottom.get_xlabel() == "date"
    bars = [p.get_height() for p in top.patches]
    assert max(bars) > 0 and min(bars) < 0  # cooperation above the axis, conflict below


def test_timeline_chart(ask, tmp_path):
    out = tmp_path / "timeline.svg"
    figure = timeline_chart(ask, out=out, actor="JPN")
    (axes,) = [a for a in figure.axes if a.get_xlabel()]
    assert axes.get_xlabel() == "date" and "Goldstein" in axes.get_ylabel()
    labels = [t.get_text() for t in axes.texts]
    assert any("2019-06-29" in text for text in labels)
    assert not any("2019-06-29  Japan (JPN) → Russia (RUS): sign" in text for text in labels)  # denied
    assert "<svg" in out.read_text(encoding="utf-8")[:500]
    with pytest.raises(DatelineError, match="png or .svg"):
        timeline_chart(ask, out=tmp_path / "chart.pdf")


# -- command line ----------------------------------------------------------------------------------


def test_cli_timeline_dyad_plot_export(db, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["timeline", "--db", str(db), "--dyad", "JPN", "RUS", "--since", "2019-07"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("2019-07-02")
    assert "(2 outlets, 2 stories)" in result.output
    result = runner.invoke(cli, ["dyad", "JPN", "RUS", "--db", str(db)])
    assert result.exit_code == 0 and "JPN->RUS" in result.output and "verbal_conflict" in result.output
    result = runner.invoke(cli, ["plot", "dyad", "JPN", "RUS", "--db", str(db), "--out", str(tmp_path / "d.svg")])
    assert result.exit_code == 0 and (tmp_path / "d.svg").stat().st_size > 0
    result = runner.invoke(cli, ["plot", "timeline", "--db", str(db), "--out", str(tmp_path / "t.png")])
    assert result.exit_code == 0 and (tmp_path / "t.png").stat().st_size > 0
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "gdelt", "--actor", "SUN"])
    assert result.exit_code == 0
    assert [len(line.split("\t")) for line in result.output.splitlines()] == [61, 61]
    result = runner.invoke(cli, ["plot", "dyad", "JPN", "RUS", "--db", str(db), "--out", str(tmp_path / "d.gif")])
    assert result.exit_code == 2 and "png or .svg" in result.output


# -- data files ------------------------------------------------------------------------------------


def test_cameo_root_readings_cover_every_root_and_quad_class():
    from dateline.ask.query import _names, event_name, quad_name

    roots, quads = _names()
    assert sorted(roots) == [f"{n:02d}" for n in range(1, 21)]
    assert sorted(quads) == [1, 2, 3, 4] and quad_name(4) == "material conflict"
    assert event_name("190") == "fought"  # "..., not specified below" reads as its root
    assert event_name(None, "99") == "CAMEO 99"


def test_dedupe_rules_file_is_valid():
    loaded = rules()
    assert loaded.max_distance_km > 0
    assert loaded.modality_rank[0] == "asserted" and loaded.modality_rank[-1] == "negated"
    assert loaded.mergeable_precisions <= {"day", "month"}


def test_cli_bad_input_is_one_clear_line(db, tmp_path):
    runner = CliRunner()
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("not a database\n" * 200, encoding="utf-8")
    result = runner.invoke(cli, ["timeline", "--db", str(not_a_db)])
    assert result.exit_code == 2 and f"{not_a_db}: cannot open the database" in result.output
    result = runner.invoke(cli, ["dyad", "JPN", "RUS", "--db", str(db), "--freq", "X"])
    assert result.exit_code == 2 and "unknown frequency 'X'" in result.output
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path / "no" / "x.csv")])
    assert result.exit_code == 2 and "cannot write" in result.output


def test_timeline_label_of_actor_without_name_is_its_code():
    """Regression: a missing name came back from pandas as NaN and printed as 'nan (PSE)'."""
    from dateline.ask.query import _label

    assert _label(float("nan"), "PSE") == "PSE"
    assert _label("Israel", "ISR") == "Israel (ISR)"
