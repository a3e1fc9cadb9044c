"""The HTML scoring arithmetic (shingle overlap, benchmark-style averaging) on small texts."""
from __future__ import annotations

from dateline.evaluate.html import CorpusScore, page_overlap, score_pages, shingles


def test_shingles_are_overlapping_four_token_windows() -> None:
    assert list(shingles("a b c d e")) == [("a", "b", "c", "d"), ("b", "c", "d", "e")]
    assert list(shingles("too short")) == [("too", "short")]
    assert not shingles("  ")


def test_identical_text_is_a_perfect_page() -> None:
    assert page_overlap("One two three four five.", "One two three four five.") == (1.0, 0.0, 0.0)


def test_extra_boilerplate_costs_precision_not_recall() -> None:
    gold = "the minister met his counterpart in Vienna on Monday"
    score = score_pages("t", [("ignored", gold)], extractor=lambda _html: gold + " subscribe to our newsletter today now")
    assert score.recall == 1.0
    assert 0.0 < score.precision < 1.0


def test_missing_text_costs_recall_and_is_counted_empty() -> None:
    score = score_pages("t", [("x", "the minister met his counterpart")], extractor=lambda _html: "")
    assert score.empty == 1
    assert score.recall == 0.0
    assert score.f1 == 0.0


def test_scores_average_over_pages() -> None:
    score = CorpusScore("t", pages=2, per_page=[(1.0, 0.0, 0.0), (0.5, 0.5, 0.0)])
    assert score.precision == 0.75
    assert score.recall == 1.0
    assert round(score.f1, 4) == round(2 * 0.75 / 1.75, 4)
