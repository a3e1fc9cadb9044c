"""Batches: parallel workers give the same answers as one process, in the same order."""
from __future__ import annotations

from pathlib import Path

from dateline.batch import analyse_stream
from dateline.read import read_text

TEXTS = [
    "BERLIN, May 14 (AFP) - German Chancellor Angela Merkel met Polish Prime Minister Mateusz Morawiecki in Berlin on Tuesday.",
    "PARIS, May 13 (AFP) - France condemned the attack on a police station in Mali on Monday.",
    "Das ist ein deutscher Text über die Regierung in Berlin und ihre Pläne für das nächste Jahr.",
    "TEHRAN, May 12 (Reuters) - Iran warned the United States on Sunday against sending warships to the Gulf.",
] * 9


def summary(analyses):
    return [
        (a.article.id, a.coded, [(e.cameo, e.event_id) for e in a.events], [x.text for x in a.actors])
        for a in analyses
    ]


def test_two_workers_match_one_process():
    articles = [read_text(t, origin=f"t{i}", date="2019-05-14") for i, t in enumerate(TEXTS)]
    one = summary(analyse_stream(articles, workers=1))
    two = summary(analyse_stream(articles, workers=2))
    assert one == two
    assert len(one) == len(TEXTS)
    assert any(not coded for _, coded, _, _ in one), "the German story is kept but not coded"
