"""Quality gate: publication dates inferred from text, against the AFP/Xinhua corpus's dates.

Floors pinned at the figures `dateline eval pubdate ../shared/data/corpora/afp-xinhua-te3silver.jsonl`
printed (43 stories with a dated dateline; 5 inferred, all 5 in the right year). The rule is
built to abstain rather than guess, so precision is the figure that must hold.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate.pubdate import evaluate_pubdate


@pytest.mark.slow
def test_inferred_dates_meet_pinned_floors(shared: Path) -> None:
    score = evaluate_pubdate(shared / "corpora" / "afp-xinhua-te3silver.jsonl")
    print(score.report())
    assert score.with_day >= 43
    assert score.precision >= 1.0
    assert score.coverage >= 0.11
