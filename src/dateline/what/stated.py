"""Whether a sentence states an act at all. A match report's "beat" and "crushed" are results,
not assaults; a yes-no question asks whether an act happened; a headline that announces an
explanation leaves the acts to its lead; a visit to one's own country is no visit. These are
read after coding, on the events and their sentences.
"""
from __future__ import annotations

from spacy.tokens import Span

from ..records import Event
from .clauses import ATTACK_ROOTS
from .learned import identity
from .ontology import cues, states_score


def states_an_act(event: Event, units: list[Span]) -> bool:
    """Whether ``event`` is an act its sentence states (``units``: the story's sentence units)."""
    return not (_sporting(event) or _visit_at_home(event) or _asked(event) or (units and _explains(event, units[0])))


def match_report(text: str, units: list[Span]) -> bool:
    """Whether the story is a match report (:meth:`Cues.about_sport`); its sentences are only
    read where the story names sport or a score at all, which most stories do not."""
    sport = cues()
    return (sport.names_sport(text) or states_score(text)) and sport.about_sport([unit.text for unit in units])


def _sporting(event: Event) -> bool:
    """A use of force stated in a sentence about sport: a match result ("beat", "crushed",
    "defeated"), not an assault. Only force: politics around a tournament is politics ("Sarkozy
    heads to Beijing for the opening of the Olympic Games" is a visit; with every root, PETR2's
    root accuracy fell 0.500 -> 0.485). A story about sport as a whole states nothing
    (:meth:`Cues.about_sport`)."""
    return event.root in ATTACK_ROOTS and cues().names_sport(event.sentence)


YES_NO_STARTS = frozenset({"do", "does", "did", "will", "would", "can", "could", "should", "shall", "is", "are",
                           "was", "were", "has", "have", "had", "may", "might", "must"})


def _asked(event: Event) -> bool:
    """An event stated in a yes-no question ("Did Israel strike Iran on Monday?", "Will Iran
    attack Israel?"): it asks whether the act happened, it does not report it. A wh-question
    presupposes its act ("Why did Turkey shoot down the Russian jet?") and keeps it. Wire-gold
    train and dev hold 8 questions, with no event coded and one optional gold event."""
    text = (event.sentence or "").strip().strip("\"'\u201c\u201d\u2018\u2019")
    first = text.split(maxsplit=1)[0].lower() if text else ""
    return text.endswith("?") and first in YES_NO_STARTS


EXPLAINER_STARTS = frozenset({"how", "what", "why"})


def _explains(event: Event, first: Span) -> bool:
    """An event of a headline that announces an explanation ("How Trump's cuts to public lands
    threaten future dinosaur discoveries", "What Kim Jong-un's Latest Threats Say About His Trump
    Strategy"): the story's first sentence, opening with how, what or why and ending with no full
    stop or question mark, promises an account; the acts it names are the lead's to state."""
    if not first.start_char <= event.span[0] < first.end_char:
        return False
    text = first.text.strip().strip("\"'\u201c\u201d\u2018\u2019")
    words = text.split(maxsplit=1)
    return bool(words) and words[0].lower() in EXPLAINER_STARTS and not text.endswith((".", "?", "!"))


def _visit_at_home(event: Event) -> bool:
    """A visit (042) of a party to its own country: no visit in CAMEO's sense, which is travel to
    another party ("Rocky Syria talks in Russia end" gave Syria -> Syria and Russia -> Russia
    visits). Wire-gold train and dev annotate none of the 110 visits so, and code none."""
    return event.cameo == "042" and event.source is not None and event.target is not None \
        and identity(event.source) is not None and identity(event.source) == identity(event.target)
