"""`dateline eval events` scores wire-gold exactly as the reference scorer does."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from dateline.evaluate import wiregold

CLI = [sys.executable, "-m", "dateline.cli"]


@pytest.mark.slow
def test_scores_agree_with_the_reference_scorer(shared, tmp_path):
    """The dev split's first 15 stories, coded by the real CLI, scored both ways."""
    folder = shared / "events" / "wire-gold"
    articles = (folder / "dev.articles.jsonl").read_text(encoding="utf-8").splitlines()[:15]
    ids = {json.loads(line)["id"] for line in articles}
    gold = [line for line in (folder / "dev.gold.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line)["id"] in ids]
    (tmp_path / "a.jsonl").write_text("\n".join(articles) + "\n", encoding="utf-8")
    (tmp_path / "g.jsonl").write_text("\n".join(gold) + "\n", encoding="utf-8")
    coded = subprocess.run([*CLI, "code", str(tmp_path / "a.jsonl"), "--format", "jsonl"],
                           capture_output=True, text=True, check=True).stdout
    (tmp_path / "s.jsonl").write_text(coded, encoding="utf-8")
    assert coded.strip(), "the coder found no event in 15 real stories"
    reference = subprocess.run([sys.executable, str(shared.parent / "tools" / "score_events.py"),
                                str(tmp_path / "g.jsonl"), str(tmp_path / "s.jsonl")],
                               capture_output=True, text=True, check=True).stdout
    expected = {k: float(v) for k, v in re.findall(r"(F1|P|R|date_acc|modality_acc)=([0-9.]+)", reference)}
    ours = wiregold.score_files(tmp_path / "g.jsonl", tmp_path / "s.jsonl").scores
    assert round(ours["f1"], 3) == expected["F1"]
    assert round(ours["precision"], 3) == expected["P"]
    assert round(ours["recall"], 3) == expected["R"]
    assert round(ours["date_accuracy"], 3) == expected["date_acc"]
    assert round(ours["modality_accuracy"], 3) == expected["modality_acc"]
    counts = dict(re.findall(r"(required_gold|hit|system|false_alarms)=(\d+)", reference))
    scored = wiregold.score_files(tmp_path / "g.jsonl", tmp_path / "s.jsonl").counts
    assert scored["hit"] == int(counts["hit"]) and scored["false_alarms"] == int(counts["false_alarms"])


def test_symmetric_and_optional_gold_follow_the_reference_rules():
    gold = {"id": "a", "events": [
        {"source": "JPN", "target": "RUS", "root": "04", "cameo": "040", "date": "2019-06",
         "modality": "asserted", "symmetric": True, "required": True},
        {"source": "RUS", "target": "JPN", "root": "12", "cameo": "120", "date": "2019",
         "modality": "asserted", "required": False},
    ]}
    events = [
        {"source": {"country": "RUS"}, "target": {"country": "JPN"}, "root": "04", "date": "2019-06-28"},
        {"source": {"country": "RUS"}, "target": {"country": "JPN"}, "root": "12", "date": "2019-06-01"},
        {"source": {"country": "RUS"}, "target": {"country": "JPN"}, "root": "12", "date": "2019-06-01"},
        {"source": {"country": "CHN"}, "target": {"country": "JPN"}, "root": "19", "date": "2019-06-01"},
        {"source": {"country": "CHN"}, "target": {"country": "JPN"}, "root": "01", "date": "2019-06-01"},
    ]
    tally = wiregold.Tally()
    wiregold.score_article(gold, events, tally)
    # the symmetric meeting matches in either order and at a finer date; the optional refusal
    # absorbs its duplicate; the root-01 comment is ignored; the attack is a false alarm
    assert (tally.required, tally.hit, tally.system, tally.false_alarms) == (1, 1, 3, 1)


def test_the_f1_interval_brackets_the_score_and_narrows_with_more_stories():
    gold = {"id": "a", "events": [
        {"source": "JPN", "target": "RUS", "root": "04", "cameo": "040", "date": "2019-06",
         "modality": "asserted", "required": True},
        {"source": "RUS", "target": "JPN", "root": "12", "cameo": "120", "date": "2019",
         "modality": "asserted", "required": True, "evidence": "Russia rejected the proposal"},
    ]}
    hit = [{"source": {"country": "JPN"}, "target": {"country": "RUS"}, "root": "04", "date": "2019-06-28"}]
    wrong = [{"source": {"country": "CHN"}, "target": {"country": "JPN"}, "root": "19", "date": "2019-06-01"}]
    tallies = {}
    for stories in (20, 200):
        tally = wiregold.Tally()
        for n in range(stories):
            wiregold.score_article(gold, hit if n % 2 else hit + wrong, tally)
        tallies[stories] = tally
    f1 = wiregold.scores_of("x", tallies[20], details=False).scores["f1"]
    low, high = wiregold.f1_interval(tallies[20].articles)
    assert low < f1 < high
    assert wiregold.f1_interval(tallies[20].articles) == (low, high)  # a fixed seed: reproducible
    low_200, high_200 = wiregold.f1_interval(tallies[200].articles)
    assert high_200 - low_200 < (high - low) / 2
    details = wiregold.scores_of("x", tallies[20]).details
    assert f"F1 95% interval, bootstrap over its 20 articles: {low:.3f}-{high:.3f}" in details


def test_a_story_gets_its_wire_dateline_back_as_the_reader_reads_it():
    from dateline.read.datelines import find_dateline
    from dateline.records import Article

    story = Article(id="x", text="Hu Jintao met Robert Mugabe on Monday.", published="2006-11-06", source="Xinhua")
    filed = wiregold.with_dateline(story, "CHN")
    assert filed.text == "BEIJING, Nov. 6 (Xinhua) - Hu Jintao met Robert Mugabe on Monday."
    found = find_dateline(filed.text)
    assert (found.place, found.agency, found.month, found.day) == ("Beijing", "Xinhua", 11, 6)
    assert filed.dateline_place == "Beijing" and filed.source == "Xinhua"
    # without a country or a date there is no dateline to write
    assert wiregold.with_dateline(story, None) is story
    assert wiregold.with_dateline(Article(id="y", text="t", published=None), "CHN").text == "t"
