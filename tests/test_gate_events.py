"""Quality gate for the event coder: scores on the shared gold sets and the project's own gold
may not fall below the floors pinned here at measured values (rounded down by at most 0.01).

Raise a floor when the coder improves; never lower one silently. (The own-gold and held-out
floors were re-pinned once, when two held-out articles were added to the gold set.) Runs all 164 PLOVER dev
sentences, all 79 PETRARCH-2 validation records and every tests/data/gold/*.jsonl article
(about 30 s of parsing on the development machine).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate import events as evaluation

GOLD = Path(__file__).resolve().parent / "data" / "gold"

PLOVER_FLOORS = {"type_accuracy": 0.80, "type_source_target_accuracy": 0.65}
PETR2_FLOORS = {"root_accuracy": 0.40, "root_source_target_accuracy": 0.27}
PETR2_CEILINGS = {"false_event_rate_on_noevent_sentences": 0.25}
OWN_FLOORS = {"precision": 0.96, "recall": 0.96, "f1": 0.96, "date_accuracy": 1.0, "modality_accuracy": 1.0}
HELDOUT_FLOORS = {"precision": 0.92, "recall": 0.92}


@pytest.mark.slow
def test_plover_dev_floors(shared):
    scores = evaluation.evaluate_plover(shared / "events" / "plover-gsr-dev.json").scores
    for name, floor in PLOVER_FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])


@pytest.mark.slow
def test_petr2_validation_floors(shared):
    scores = evaluation.evaluate_petr2(shared / "events" / "petr2-gsr-validation.xml").scores
    for name, floor in PETR2_FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])
    for name, ceiling in PETR2_CEILINGS.items():
        assert scores[name] <= ceiling, (name, scores[name])


@pytest.mark.slow
def test_own_gold_floors(shared):
    # the seed story's text is read in place from ../shared, hence the fixture
    scores = evaluation.evaluate_gold_files(sorted(GOLD.glob("*.jsonl"))).scores
    for name, floor in OWN_FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])


@pytest.mark.slow
def test_heldout_gold_floors():
    """Articles annotated before the coder was run on them: the honest own-gold figure."""
    scores = evaluation.evaluate_gold(GOLD / "heldout.jsonl").scores
    for name, floor in HELDOUT_FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])
