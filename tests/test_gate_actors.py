"""Quality gate for actor resolution: gold actors found among the sentence's resolved actors.

Floors are pinned at the measured values (rounded down by at most 0.01); never lower them
silently. Measured with `dateline eval actors` on the full gold sets (164 PLOVER sentences,
78 PETRARCH validation sentences; about 20 s here):
    plover-gsr-dev        0.9787 (321/328)
    petr2-gsr-validation  0.9680 (121/125)
"""
from __future__ import annotations

import pytest

from dateline.evaluate.actors import evaluate

FLOORS = {"plover-gsr-dev": 0.97, "petr2-gsr-validation": 0.96}


@pytest.mark.slow
def test_actor_accuracy_gate(shared):
    report = evaluate(shared)
    scores = report.as_dict()
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, f"{name} actor accuracy {scores[name]:.4f} fell below {floor}\n{report.format()}"
