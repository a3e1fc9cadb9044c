"""Quality gate for ``where``: geoparsing scores may not fall below what was measured.

Scored per split as ``dateline eval places`` prints them: the dev splits of TR-News and LGL
(fixed by ``evaluate.places.split_of``; the learned decisions were trained on the train
splits) and GeoVirus, the test set, which nothing was tuned on. Parsing all three takes about
a minute on the CI machine. Floors are the measured values rounded down to two decimals; raise
them when the scores rise, never lower them silently.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate import places as evaluation

FLOORS = {
    # split: (recall, acc161, acc161 of all gold, country)
    # measured 2026-12-04 with the keep model (issue 18), `dateline eval places`:
    #   TR-News/dev   0.938 / 0.964 / 0.904 / 0.993
    #   lgl/dev       0.859 / 0.879 / 0.755 / 0.958
    #   GeoVirus/test 0.924 / 0.848 / 0.783 (no gold countries)
    "TR-News/dev": (0.93, 0.96, 0.90, 0.99),
    "lgl/dev": (0.85, 0.87, 0.75, 0.95),
    "GeoVirus/test": (0.92, 0.84, 0.78, None),
}


@pytest.mark.slow
def test_places_gate(shared: Path) -> None:
    geo = shared / "geo"
    results = evaluation.evaluate_files(
        [geo / "TR-News.xml", geo / "lgl.xml", geo / "GeoVirus.xml"], splits=["dev", "test"]
    )
    print(evaluation.report(results))
    assert {s.corpus for s in results} == set(FLOORS)
    for scores in results:
        recall, acc161, acc161_all, country = FLOORS[scores.corpus]
        assert scores.recall >= recall, (scores.corpus, "recall", scores.recall)
        assert scores.acc161 >= acc161, (scores.corpus, "acc161", scores.acc161)
        assert scores.acc161_all >= acc161_all, (scores.corpus, "acc161_all", scores.acc161_all)
        if country is not None:
            assert scores.country >= country, (scores.corpus, "country", scores.country)
