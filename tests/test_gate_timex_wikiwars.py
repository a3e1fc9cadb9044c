"""Quality gate for the temporal tagger on WikiWars: war histories, where dates must follow the
narrative rather than the article's date. Floors as in ``test_gate_timex.py``."""
from __future__ import annotations

import pytest

from dateline.evaluate import timex as timex_eval

WIKIWARS_FLOORS = {"strict": 0.865, "relaxed": 0.93, "value": 0.86, "type": 0.88}


@pytest.mark.slow
def test_wikiwars_scores_hold(shared):
    measured = timex_eval.evaluate([shared / "time" / "wikiwars" / "whole-tml"]).as_dict()
    for name, floor in WIKIWARS_FLOORS.items():
        assert measured[name] >= floor, f"WikiWars {name} F1 {measured[name]:.3f} < floor {floor}"
