"""Quality gate for the temporal tagger: TempEval-3 scores may not fall below pinned floors.

The gate scores whole corpora, as the issue states its goals: TimeBank+AQUAINT (TBAQ-cleaned,
256 documents) here and WikiWars in ``test_gate_timex_wikiwars.py`` (a separate file, so the
two run on different workers). Floors are what ``dateline eval timex`` measured, rounded down
by at most 0.01; raise them when the tagger improves, never lower them.
"""
from __future__ import annotations

import pytest

from dateline.evaluate import timex as timex_eval

TBAQ_FLOORS = {"strict": 0.885, "relaxed": 0.94, "value": 0.815, "type": 0.95}


@pytest.mark.slow
def test_tbaq_scores_hold(shared):
    measured = timex_eval.evaluate([shared / "time" / "TBAQ-cleaned"]).as_dict()
    for name, floor in TBAQ_FLOORS.items():
        assert measured[name] >= floor, f"TBAQ {name} F1 {measured[name]:.3f} < floor {floor}"


def test_tml_reader_offsets_match_the_text(shared):
    path = sorted((shared / "time" / "TBAQ-cleaned" / "TimeBank").glob("*.tml"))[0]
    doc = timex_eval.read_tml(path)
    assert doc.dct and len(doc.dct) == 10
    assert doc.gold and all(doc.text[g.start:g.end] == g.text and g.text.strip() for g in doc.gold)


def test_scoring_counts_strict_relaxed_and_value():
    from dateline.records import Timex

    gold = [Timex(0, 6, "June 1", "DATE", "2019-06-01"), Timex(10, 19, "last week", "DATE", "2019-W21")]
    system = [Timex(0, 6, "June 1", "DATE", "2019-06-01"), Timex(15, 19, "week", "DURATION", "P1W"),
              Timex(30, 33, "now", "DATE", "PRESENT_REF")]
    counts, errors = timex_eval.score_document(gold, system)
    assert (counts.gold, counts.system, counts.strict, counts.relaxed, counts.value, counts.type) == (
        2, 3, 1, 2, 1, 1)
    assert sorted((e.kind, e.gold.text if e.gold else None, e.system.text if e.system else None)
                  for e in errors) == [("extent", "last week", "week"), ("spurious", None, "now"),
                                       ("value", "last week", "week")]


def test_missing_directory_is_a_clear_error(tmp_path):
    from dateline.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        timex_eval.find_tml([tmp_path / "absent"])
    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML>no text element</TimeML>", encoding="utf-8")
    with pytest.raises(InputError, match="bad.tml"):
        timex_eval.read_tml(bad)
