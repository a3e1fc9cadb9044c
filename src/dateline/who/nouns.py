"""An organisation or a country called by a common noun once the story has named it: "the
alliance" after NATO, "the bloc" after the EU, "the council" after the Security Council; "the
North" after North Korea, "the island" after Taiwan, "the kingdom" after Saudi Arabia.

Which nouns each goes by is data (``called`` in ``organisations.yaml`` and ``countries.yaml``).
The noun must be definite ("the alliance", "the bloc's"), and no party may be named inside its
phrase ("the EU bloc" is already the EU's, "the Russian-led alliance" is not NATO). It stands for
the latest organisation, or country named as such (not through its army or its capital), named
before it that goes by that noun; the new actor copies that identity under the rule
``coref:org-noun`` or ``coref:country-noun``.
"""
from __future__ import annotations

import bisect
import dataclasses
from typing import Sequence

from spacy.tokens import Doc

from ..records import Actor
from .kb import KnowledgeBase

NOUN_TAGS = frozenset({"NOUN", "PROPN"})


def resolve_nouns(doc: Doc, actors: Sequence[Actor], kb: KnowledgeBase,
                  texts: list[str] | None = None) -> list[Actor]:
    """The actors of the organisation and country nouns of ``doc`` (not yet in ``actors``), in
    text order."""
    if not kb.nouns or len(doc) == 0:
        return []
    texts = texts if texts is not None else [t.text for t in doc]
    spans = sorted((a.start, a.end) for a in actors)
    starts = [s for s, _ in spans]

    def covered(char: int) -> bool:
        at = bisect.bisect_right(starts, char) - 1
        return at >= 0 and spans[at][0] <= char < spans[at][1]

    # A country counts only where it is named as the country itself: "the North" after "North
    # Korean troops" would otherwise copy the army.
    named = sorted((a for a in actors if a.org or (a.country and a.entity_id == a.country and not a.sector)),
                   key=lambda a: a.start)
    out: list[Actor] = []
    for i, text in enumerate(texts):
        called = kb.nouns.get(text.lower())
        if not called:
            continue
        noun = doc[i]
        if noun.pos_ not in NOUN_TAGS or covered(noun.idx):
            continue
        determiners = [c for c in noun.children if c.dep_ == "det"]
        if not determiners or determiners[0].lower_ != "the":
            continue
        if any(covered(t.idx) for t in noun.subtree if t.i < noun.i):
            continue
        earlier = [a for a in named if a.end <= determiners[0].idx and {a.entity_id, a.org} & called]
        if not earlier:
            continue
        start, end = determiners[0].idx, noun.idx + len(noun)
        out.append(dataclasses.replace(earlier[-1], text=doc.text[start:end], start=start, end=end,
                                       rule="coref:org-noun" if earlier[-1].org else "coref:country-noun"))
    return out
