"""Title Case headlines are parsed as sentences (dateline.headlines), with the text unchanged."""
from __future__ import annotations

import pytest

from dateline import nlp as nlp_loader
from dateline.headlines import sentence_case, title_case_headline
from dateline.what import code_text


@pytest.mark.parametrize("title, expected", [
    ("Russia Expels Two Japanese Diplomats in Tit-for-Tat Move", ("RUS", "166", "JPN")),
    ("India Summons Pakistani Envoy Over Border Killing", ("IND", "114", "PAK")),
])
def test_a_title_case_headline_states_its_event(title, expected):
    found = {(e.source.country, e.cameo, e.target.country) for e in code_text(title, "2019-06-30") if e.target}
    assert expected in found


def test_the_text_and_the_names_stay_as_written():
    text = "Trump Imposes New Sanctions Targeting Iranian Supreme Leader\n\nThe measures, Trump said, hit Khamenei."
    doc = nlp_loader.load()(text)
    assert doc.text == text
    imposes = next(t for t in doc if t.text == "Imposes")
    assert imposes.pos_ == "VERB" and imposes.head.i == imposes.i  # the headline's verb, not part of a name


def test_only_a_title_case_headline_is_recased():
    headline = "Turkey Threatens to Cut Ties With UAE Over Israel Deal"
    body = "\n\nTurkey threatened on Friday to cut ties with the UAE.\n\nThe Foreign Ministry Released It Late Friday\n\n"
    assert title_case_headline(headline + body) == (0, len(headline))
    assert title_case_headline(body) is None  # a Title Case line further down is no headline
    assert title_case_headline("Turkey Threatens to Cut Ties With UAE.\n\nIt did.") is None  # a sentence
    # hard-wrapped wire copy: a line, not a paragraph
    assert title_case_headline("Japanese Finance Minister Kiichi\nMiyazawa said the Paris accord holds.") is None


def test_the_story_s_names_keep_their_capitals_in_the_copy():
    assert sentence_case("Trump Thanks Putin For Help", {"Putin"}) == "Trump thanks Putin for help"
