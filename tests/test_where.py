"""where: gazetteer data files, mention resolution and event location, on real text."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline import cache
from dateline.cli import cli
from dateline.errors import InputError
from dateline.records import Article
from dateline.where import event_location, gazetteer, resolve
from dateline.where.gazetteer import normalize, parse_demonyms, parse_places

TEST_DATA = Path(__file__).resolve().parent / "data"
SEED_DATELINE = "TOKYO"
SEED_DATE = "2019-06-01"


@pytest.fixture(scope="module")
def seed(seed_path: Path, nlp):
    text = seed_path.read_text(encoding="utf-8")
    article = Article(id="seed", text=text, published=SEED_DATE, dateline_place=SEED_DATELINE)
    doc = nlp(text)
    return article, doc, resolve(doc, article)


def _by_text(places):
    found: dict[str, list] = {}
    for place in places:
        found.setdefault(place.text, []).append(place)
    return found


# --- data files -------------------------------------------------------------------------

def test_places_tsv_validates_and_covers_the_news():
    rows = gazetteer.curated_places()
    names = {normalize(n) for row in rows for n in (row.name, *row.aliases)}
    for wanted in ("Kuril Islands", "Southern Kurils", "Shikotan", "Habomai", "Iturup", "Kunashir",
                   "Crimea", "Donbas", "Gaza Strip", "West Bank", "Golan Heights", "Kashmir",
                   "Nagorno-Karabakh", "Black Sea", "Taiwan Strait", "South China Sea",
                   "Persian Gulf", "Middle East"):
        assert normalize(wanted) in names, wanted
    disputed = {row.name: row.countries for row in rows}
    assert disputed["Kuril Islands"] == ("RUS", "JPN")
    assert set(disputed["Crimea"]) == {"UKR", "RUS"}


def test_places_tsv_errors_name_the_line():
    header = "name\taliases\tfeature\tcountries\tlat\tlon\n"
    with pytest.raises(InputError, match=r"places.tsv:2: 'ZZZ' is not an ISO 3166-1"):
        parse_places(header + "Atlantis\t\tisland\tZZZ\t1\t2\n", "places.tsv")
    with pytest.raises(InputError, match=r":2: coordinates out of range"):
        parse_places(header + "Atlantis\t\tisland\tGRC\t100\t2\n", "places.tsv")
    with pytest.raises(InputError, match=r":2: unknown feature"):
        parse_places(header + "Atlantis\t\tcontinent-ish\tGRC\t1\t2\n", "places.tsv")
    with pytest.raises(InputError, match=r":3: 'Atlantis' repeats line 2"):
        parse_places(header + "Atlantis\t\tisland\tGRC\t1\t2\n" + "Atlantis\t\tisland\tGRC\t1\t2\n", "places.tsv")


def test_demonyms_tsv_validates():
    table = gazetteer.demonyms()
    assert table["japanese"] == "JPN" and table["soviet"] == "SUN" and table["turkish"] == "TUR"
    with pytest.raises(InputError, match=r"demonyms.tsv:3: 'Japanese' is listed twice"):
        parse_demonyms("demonym\tcountry\nJapanese\tJPN\nJapanese\tJPN\n", "demonyms.tsv")


def test_normalize_meets_spelling_variants():
    assert normalize("U.S.") == normalize("US")
    assert normalize("Nagorno-Karabakh") == normalize("nagorno karabakh")
    assert normalize("the Côte d’Ivoire") == normalize("Cote d'Ivoire")


def test_gazetteer_index_has_cities_countries_and_curated_places():
    db = gazetteer.load()
    assert len(db) > 200_000
    japan = db.country("JPN")
    assert japan is not None and japan.name == "Japan"
    osaka = max(db.lookup("Osaka"), key=lambda e: e.population)
    assert osaka.country == "JPN" and abs(osaka.lat - 34.69) < 0.1
    assert db.us_state("TX").name == "Texas"


# --- resolution -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,country,feature",
    [
        ("Osaka", "JPN", "city"),
        ("Singapore", "SGP", None),
        ("Tokyo", "JPN", "capital"),
        ("Kuril Islands", "RUS", "archipelago"),
        ("Shikotan", "RUS", "island"),
        ("Iturup", "RUS", "island"),
        ("Kunashir", "RUS", "island"),
        ("Russia", "RUS", "country"),
        ("Japan", "JPN", "country"),
    ],
)
def test_seed_places_resolve(seed, text, country, feature):
    _, _, places = seed
    found = _by_text(places)
    assert text in found, sorted(found)
    place = found[text][0]
    assert place.country == country
    assert place.lat is not None and place.lon is not None
    if feature:
        assert place.feature == feature


def test_seed_habomai_and_southern_kurils_found_although_spacy_misses_them(seed):
    _, _, places = seed
    names = {p.name for p in places}
    assert {"Habomai", "Southern Kurils", "Soviet Union"} <= names
    kurils = next(p for p in places if p.name == "Southern Kurils")
    assert kurils.text == "Southern Kurils"  # the sentence's full stop is not part of it


def test_demonyms_are_their_country_marked_as_demonyms(seed):
    # Geoparsing gold marks "Japanese" as a toponym of Japan (issue 18); the mark keeps it out
    # of event locations (see test_where_recall.py).
    _, _, places = seed
    demonyms = [p for p in places if p.text in ("Japanese", "Russian", "Soviet")]
    assert demonyms and all(p.feature == "demonym" for p in demonyms)
    assert {p.country for p in demonyms if p.text == "Japanese"} == {"JPN"}


def test_qualifiers_paris_texas_and_the_texas_capital(nlp):
    text = (TEST_DATA / "where_paris_texas.txt").read_text(encoding="utf-8")
    article = Article(id="paris", text=text)
    places = resolve(nlp(text), article)
    paris_texas = next(p for p in places if p.text == "Paris")
    assert paris_texas.country == "USA" and abs(paris_texas.lon - -95.55) < 0.5
    austin = next(p for p in places if p.text == "Austin")
    assert austin.country == "USA" and abs(austin.lat - 30.27) < 0.3


def test_context_picks_the_article_country(nlp):
    text = "Police in Alexandria, a city in Rapides Parish in central Louisiana, arrested two men."
    places = resolve(nlp(text), Article(id="a", text=text))
    alexandria = next(p for p in places if p.text == "Alexandria")
    assert alexandria.country == "USA" and abs(alexandria.lat - 31.3) < 0.2
    text = "Protesters gathered in Alexandria and Cairo as Egypt's election neared."
    places = resolve(nlp(text), Article(id="b", text=text))
    assert next(p for p in places if p.text == "Alexandria").country == "EGY"


# --- event location ---------------------------------------------------------------------

def _sentence_with(doc, words: str):
    return next(list(s) for s in doc.sents if words in s.text)


def test_event_location_is_the_place_of_the_clause(seed):
    article, doc, places = seed
    clause = _sentence_with(doc, "held a meeting on the sidelines of the ASEAN summit")
    place = event_location(doc, clause, places, article, "2018-11-14")
    assert place is not None and place.name == "Singapore" and place.country == "SGP"


def test_event_location_of_the_day_is_the_dateline(seed):
    article, doc, places = seed
    clause = _sentence_with(doc, "Japan viewed that demand as inadmissible")
    place = event_location(doc, clause, places, article, SEED_DATE)
    assert place is not None and place.name == "Tokyo" and place.country == "JPN"


def test_event_location_of_a_past_event_is_none(seed):
    article, doc, places = seed
    clause = _sentence_with(doc, "In 1956, the two countries signed a joint declaration")
    assert event_location(doc, clause, places, article, "1956") is None


def test_acting_capitals_are_not_event_locations(seed):
    """ "Moscow has stated ..." : Moscow acts; the event is not placed there (but at the dateline)."""
    article, doc, places = seed
    clause = _sentence_with(doc, "Moscow has stated many times")
    place = event_location(doc, clause, places, article, SEED_DATE)
    assert place is not None and place.name == "Tokyo"


def test_summit_in_osaka_is_its_location(nlp):
    text = "Abe and Putin will meet at the G20 summit in Osaka later this month."
    doc = nlp(text)
    article = Article(id="g20", text=text, published=SEED_DATE, dateline_place="TOKYO")
    places = resolve(doc, article)
    place = event_location(doc, list(doc), places, article, "2019-06-28")
    assert place is not None and place.name == "Osaka"


# --- command line -----------------------------------------------------------------------

def test_places_command_jsonl(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text("TOKYO, June 1. /TASS/. Talks on the Kuril Islands resumed in Moscow.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["places", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    import json

    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {r["name"] for r in rows} >= {"Tokyo", "Kuril Islands", "Moscow"}
    assert set(rows[0]) == {"article_id", "start", "end", "text", "name", "country", "lat", "lon", "id", "feature"}
    assert all(path.read_text()[r["start"]:r["end"]] == r["text"] for r in rows)


def test_places_command_missing_file_is_one_clear_error(tmp_path: Path):
    result = CliRunner().invoke(cli, ["places", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "nope.txt: no such file" in result.output


def test_where_clause_takes_the_place_of_its_named_occasion(seed):
    """ "... the G20 summit due on June 28-29, where Abe and Putin are scheduled to have a
    working meeting" : the summit was placed in Osaka earlier in the article."""
    article, doc, places = seed
    sentence = _sentence_with(doc, "are scheduled to have a working meeting")
    meeting = next(t for t in sentence if t.text == "meeting")
    clause = [t for t in sentence if t.i >= meeting.i - 17]  # "where ... meeting"
    place = event_location(doc, clause, places, article, "2019-06-28")
    assert place is not None and place.name == "Osaka"


def test_ahead_of_an_occasion_is_not_at_it(seed):
    article, doc, places = seed
    clause = _sentence_with(doc, "ahead of the G20 summit Russia and Japan would focus")
    place = event_location(doc, clause, places, article, "2019-06-20")
    assert place is None


def test_building_an_index_keeps_those_other_checkouts_use(tmp_path: Path):
    """Regression: building the index deleted every other version in the shared cache, so two
    worktrees with different places.tsv rebuilt in turn or lost the file they had just opened."""
    import os
    import time

    mine, fresh, old = (tmp_path / f"gazetteer-{n}.sqlite" for n in ("mine", "fresh", "old"))
    for path in (mine, fresh, old):
        path.write_bytes(b"")
    (tmp_path / "other.txt").write_text("not an index")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    assert gazetteer.remove_stale_indexes(mine) == [old]
    assert mine.exists() and fresh.exists() and not old.exists() and (tmp_path / "other.txt").exists()
    # Loading an index marks it as in use, so a day of use keeps it.
    os.utime(fresh, (two_days_ago, two_days_ago))
    cache.mark_used(fresh)
    assert time.time() - fresh.stat().st_mtime < 60
