"""The read stage's data files load, validate, and say what the code expects."""
from __future__ import annotations

from dateline.read.dates import load_evidence
from dateline.read.datelines import load_data
from dateline.read.text import navigation_lines


def test_datelines_yaml() -> None:
    data = load_data()
    for agency in ("TASS", "Reuters", "AP", "AFP", "Xinhua"):
        assert agency in data.agency_by_marker.values()
    assert data.agency_by_marker["/TASS/"] == "TASS"
    assert data.months["sept"] == 9 and data.months["december"] == 12
    assert all(marker[0] in "(/" and marker[-1] in ")/" for marker in data.agency_by_marker)
    assert {"de", "del", "am"} <= data.place_particles
    assert all(p == p.lower() for p in data.place_particles)


def test_dates_yaml() -> None:
    evidence = load_evidence()
    assert {"will", "plans"} <= evidence.future_words
    assert {"by", "until"} <= evidence.future_prepositions
    assert {"in", "since"} <= evidence.time_words
    assert not evidence.time_words & evidence.future_prepositions
    assert 1 <= evidence.max_years_after <= 28


def test_navigation_txt() -> None:
    lines = navigation_lines()
    assert "all news" in lines
    assert all(line == line.strip().lower() and not line.startswith("#") for line in lines)
