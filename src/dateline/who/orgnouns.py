"""An organisation called by a common noun once the story has named it: "the alliance" after NATO,
"the bloc" after the EU, "the watchdog" after the IAEA, "the council" after the Security Council.

Which nouns an organisation goes by is data (``called`` in ``organisations.yaml``). The noun must
be definite ("the alliance", "the bloc's"), and no party may be named inside its phrase ("the EU
bloc" is already the EU's, "the Russian-led alliance" is not NATO). It stands for the latest
organisation named before it that goes by that noun; the new actor copies that organisation's
identity under the rule ``coref:org-noun``.
"""
from __future__ import annotations

import bisect
import dataclasses
from typing import Sequence

from spacy.tokens import Doc

from ..records import Actor
from .kb import KnowledgeBase

NOUN_TAGS = frozenset({"NOUN", "PROPN"})


def resolve_org_nouns(doc: Doc, actors: Sequence[Actor], kb: KnowledgeBase,
                      texts: list[str] | None = None) -> list[Actor]:
    """The actors of the organisation nouns of ``doc`` (not yet in ``actors``), in text order."""
    if not kb.org_nouns or len(doc) == 0:
        return []
    texts = texts if texts is not None else [t.text for t in doc]
    spans = sorted((a.start, a.end) for a in actors)
    starts = [s for s, _ in spans]

    def covered(char: int) -> bool:
        at = bisect.bisect_right(starts, char) - 1
        return at >= 0 and spans[at][0] <= char < spans[at][1]

    orgs = sorted((a for a in actors if a.org), key=lambda a: a.start)
    out: list[Actor] = []
    for i, text in enumerate(texts):
        called = kb.org_nouns.get(text.lower())
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
        earlier = [a for a in orgs if a.end <= determiners[0].idx and {a.entity_id, a.org} & called]
        if not earlier:
            continue
        start, end = determiners[0].idx, noun.idx + len(noun)
        out.append(dataclasses.replace(earlier[-1], text=doc.text[start:end], start=start, end=end,
                                       rule="coref:org-noun"))
    return out
