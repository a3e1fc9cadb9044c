"""where, issue 18: candidates beyond NER, the learned decisions, regions and facilities, the
held-out splits of ``dateline eval places``, and ``where.place_of`` for the event stage."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.errors import InputError
from dateline.evaluate import places as evaluation
from dateline.records import Article
from dateline.where import place_of, resolve
from dateline.where import model as place_model
from dateline.where import train
from dateline.where.gazetteer import load as load_gazetteer


def _places(nlp, text: str, **article):
    doc = nlp(text)
    return doc, resolve(doc, Article(id="t", text=text, **article))


def _at(places, text):
    return [p for p in places if p.text == text]


# --- splits and evaluation ------------------------------------------------------------------

def test_split_is_fixed_by_article_id_and_geovirus_is_test():
    ids = [str(40_000_000 + i) for i in range(2000)]
    splits = [evaluation.split_of("lgl", i) for i in ids]
    assert splits == [evaluation.split_of("lgl", i) for i in ids]  # deterministic
    assert set(splits) == {"train", "dev"}
    assert 0.25 < splits.count("dev") / len(splits) < 0.35
    assert {evaluation.split_of("GeoVirus", i) for i in ids[:50]} == {"test"}


GOLD_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
{articles}
</articles>"""
ARTICLE = """<article docid="{docid}"><dltime>2009-03-20 12:00:00</dltime>
<text><![CDATA[{text}]]></text><toponyms>{toponyms}</toponyms></article>"""
TOPONYM = """<toponym><start>{start}</start><end>{end}</end><phrase>{phrase}</phrase>
<gaztag geonameid="1"><lat>{lat}</lat><lon>{lon}</lon></gaztag></toponym>"""


def _gold_file(tmp_path: Path, name: str) -> Path:
    stories = [
        ("Gainesville Police Department officers arrested a man on Tuesday.", "Gainesville", 29.65, -82.32),
        ("The Oxford Mail reported that a fire broke out in the city centre.", "Oxford", 51.75, -1.26),
        ("Russian troops moved toward Tbilisi, the Georgian capital.", "Tbilisi", 41.69, 44.83),
        ("A flight landed at Heathrow Airport after a delay.", "Heathrow Airport", 51.47, -0.45),
    ]
    articles = []
    for number, (text, phrase, lat, lon) in enumerate(stories * 3):
        start = text.index(phrase)
        toponym = TOPONYM.format(start=start, end=start + len(phrase), phrase=phrase, lat=lat, lon=lon)
        articles.append(ARTICLE.format(docid=1000 + number, text=text, toponyms=toponym))
    path = tmp_path / name
    path.write_text(GOLD_XML.format(articles="\n".join(articles)), encoding="utf-8")
    return path


def test_eval_places_prints_each_split_and_reuses_its_parse_cache(tmp_path: Path):
    gold = _gold_file(tmp_path, "lgl.xml")
    cache = tmp_path / "docs"
    runner = CliRunner()
    first = runner.invoke(cli, ["eval", "places", str(gold), "--cache", str(cache)])
    assert first.exit_code == 0, first.output
    rows = {line.split()[0]: line.split() for line in first.output.splitlines() if line.startswith("lgl/")}
    assert set(rows) == {"lgl/train", "lgl/dev"}
    assert "161/all" in first.output and "prec" in first.output
    assert len(list(cache.glob("docs-*.spacy"))) == 1
    second = runner.invoke(cli, ["eval", "places", str(gold), "--cache", str(cache), "--split", "dev"])
    assert second.exit_code == 0, second.output
    assert [line for line in second.output.splitlines() if line.startswith("lgl/dev")] == [
        line for line in first.output.splitlines() if line.startswith("lgl/dev")
    ]
    assert "lgl/train" not in second.output
    whole = runner.invoke(cli, ["eval", "places", str(gold), "--whole"])
    found = whole.output.splitlines()[1].split()
    assert found[0] == "lgl" and found[2] == "12"  # all 12 gold toponyms scored together
    # Recall: the Tbilisi and Heathrow stories are found (a facility included); "Gainesville
    # Police" and "The Oxford Mail" are candidates too, but one-sentence stories give their
    # many namesakes nothing to choose by, so the keep model leaves them out; what is reported is right.
    assert float(found[4]) >= 0.5 and float(found[6]) == 1.0


def test_scores_within_161_km_of_all_gold_is_found_and_right():
    scores = evaluation.Scores("x", gold=10, found=8, within=6, predicted=9, predicted_matched=8)
    assert scores.acc161 == 0.75 and scores.acc161_all == 0.6 and scores.recall == 0.8
    assert scores.precision == pytest.approx(8 / 9)


# --- candidates beyond NER and the learned decisions --------------------------------------

def test_town_tagged_as_org_is_found_by_the_learned_decision(nlp):
    _, places = _places(nlp, "Gainesville Police Department officers arrested a man on Tuesday in Alachua County.")
    town = _at(places, "Gainesville")
    assert town and town[0].country == "USA" and town[0].feature in ("city", "capital")


def test_word_that_is_also_a_town_is_not_a_place(nlp):
    _, places = _places(nlp, "Reading the report, the minister said Justice would be done.")
    assert not _at(places, "Reading") and not _at(places, "Justice")


def test_nationality_word_is_its_country_but_no_event_location(nlp):
    text = "Russian troops fought in Gori on Tuesday."
    doc, places = _places(nlp, text, published="2008-08-12")
    russian = _at(places, "Russian")
    assert russian and russian[0].country == "RUS" and russian[0].feature == "demonym"
    article = Article(id="t", text=text, published="2008-08-12")
    location = place_of(doc[:], places, article, "2008-08-12")
    assert location is not None and location.text == "Gori"


def test_place_of_takes_a_head_token_or_a_span(nlp):
    text = "Ministers met in Singapore on Friday."
    doc, places = _places(nlp, text)
    article = Article(id="t", text=text, published="2019-06-01")
    met = next(t for t in doc if t.lemma_ == "meet")
    assert place_of(met, places, article).name == "Singapore"
    assert place_of(doc[0:6], places, article).name == "Singapore"
    assert place_of([], places, article) is None


def test_shipped_models_load_and_were_checked_on_dev():
    for path in (place_model.PLACE_MODEL_FILE, place_model.ENTRY_MODEL_FILE, place_model.KEEP_MODEL_FILE):
        data = json.loads(path.read_text(encoding="utf-8"))
        loaded = place_model.load(path)
        assert loaded is not None and len(loaded.weights) == len(data["features"]) > 10
    entry = json.loads(place_model.ENTRY_MODEL_FILE.read_text(encoding="utf-8"))
    assert entry["dev_right_model"] > entry["dev_right_rules"]  # kept only where it beats rules
    keep_model = place_model.load(place_model.KEEP_MODEL_FILE)
    assert 0 < keep_model.threshold < 1 and keep_model.threshold in train.KEEP_THRESHOLDS


def test_keep_model_drops_a_guess_and_keeps_a_sure_reading(nlp):
    """The keep decision (keep.py): a reading the entry choice is sure of, in a story that
    agrees, is reported; one the story gives no hold on is scored lower."""
    from dateline.where import keep
    from dateline.where.resolve import _group, read_mentions

    sure = "Prime Minister Shinzo Abe met President Vladimir Putin in Moscow on Monday, Russian media said."
    doc = nlp(sure)
    mentions, settled, sureness = read_mentions(doc, Article(id="t", text=sure))
    moscow = next(m for m in mentions if m.text == "Moscow")
    model = place_model.load(place_model.KEEP_MODEL_FILE)
    features = keep.keep_features(moscow, _group(moscow), settled, sureness[_group(moscow)], 1)
    assert model.is_place(features)
    assert moscow in keep.keep(mentions, settled, sureness)
    guess = dict(features, sureness=0.1, log_sureness=-2.3, unsure=1.0, rule_agrees=0.0, most_populous=0.0)
    assert model.probability(guess) < model.probability(features)


def test_model_file_errors_name_the_file():
    with pytest.raises(InputError, match=r"m.json:1: not valid JSON"):
        place_model.parse_model("{", "m.json")
    with pytest.raises(InputError, match=r"m.json: features and weights"):
        place_model.parse_model('{"format": 1, "features": ["a"], "weights": []}', "m.json")
    model = place_model.parse_model('{"format": 1, "features": ["a"], "weights": [2.0], "bias": -1, "threshold": 0.5}', "m.json")
    assert model.is_place({"a": 1.0}) and not model.is_place({})


def test_training_fits_a_separable_problem_and_picks_a_threshold():
    x = np.array([[1.0, 0.0], [1.0, 0.1], [1.0, 0.9], [1.0, 1.0]] * 10)
    y = np.array([0, 0, 1, 1] * 10, dtype=float)
    weights = train.fit(x, y)
    p = 1 / (1 + np.exp(-(x @ weights)))
    threshold, figures = train.choose_threshold(p, y.astype(int))
    assert figures["f1"] == 1.0 and 0.2 <= threshold <= 0.8


# --- regions and facilities -----------------------------------------------------------------

def test_admin2_regions_everywhere_and_us_counties_have_centres():
    db = load_gazetteer()
    oxfordshire = [e for e in db.lookup("Oxfordshire") if e.feature == "adm2"]
    assert oxfordshire and oxfordshire[0].country == "GBR" and oxfordshire[0].lat is not None
    walker = [e for e in db.lookup("Walker County") if e.admin1 == "GA"]
    assert walker and evaluation.haversine_km(walker[0].lat, walker[0].lon, 34.74, -85.30) < 40
    england = [e for e in db.lookup("England") if e.feature == "adm1"]
    assert england and england[0].country == "GBR"


@pytest.mark.parametrize(
    "text, name, feature, country",
    [
        ("The plane landed at Heathrow Airport on Monday.", "Heathrow Airport", "airport", "GBR"),
        ("Aid trucks waited at the Rafah crossing for days.", "Rafah crossing", "crossing", "PSE"),
        ("Detainees remain at Guantanamo Bay, officials said.", "Guantanamo Bay", "base", "CUB"),
        ("Ships were loaded at the Port of Odesa on Friday.", "Port of Odesa", "port", "UKR"),
        ("Flights from Kabul airport resumed.", "Hamid Karzai International Airport", "airport", "AFG"),
    ],
)
def test_facilities_news_names(nlp, text, name, feature, country):
    _, places = _places(nlp, text)
    found = [p for p in places if p.name == name]
    assert found and found[0].feature == feature and found[0].country == country, places


def test_train_command_writes_models_that_load(tmp_path: Path):
    """`python -m dateline.where.train` as the README shows it, on a small gold folder."""
    geo = tmp_path / "geo"
    geo.mkdir()
    _gold_file(geo, "lgl.xml")
    out = tmp_path / "models"
    out.mkdir()
    assert train.main(["--geo-dir", str(geo), "--out-dir", str(out), "--cache", str(tmp_path / "docs")]) == 0
    written = place_model.parse_model((out / place_model.PLACE_MODEL_FILE.name).read_text(), "place")
    assert written.weights and 0 < written.threshold < 1
    kept = place_model.parse_model((out / place_model.KEEP_MODEL_FILE.name).read_text(), "keep")
    assert kept.weights and 0 <= kept.threshold < 1
    assert place_model.PLACE_MODEL_FILE.parent == place_model.DATA_DIR  # the shipped model is back in use


@pytest.mark.parametrize(
    "text, mention, country, features",
    [
        ("Fighting spread in Helmand province on Monday.", "Helmand province", "AFG", {"adm1"}),
        ("Floods hit the Oxfordshire region last week.", "Oxfordshire", "GBR", {"adm2", "adm1"}),
        ("Officials near Greer said the road was closed.", "Greer", "USA", {"city"}),
        ("HUNTSVILLE, Ala. - The city council met on Monday.", "HUNTSVILLE", "USA", {"city"}),
    ],
)
def test_regions_locatives_and_datelines_are_found(nlp, text, mention, country, features):
    _, places = _places(nlp, text)
    found = _at(places, mention)
    assert found and found[0].country == country and found[0].feature in features, places
