"""What the parse says around an expression: the tense that governs it, the words next to it.

Weekdays and bare months are resolved forwards or backwards from the article date depending on
the tense of the clause ("said on Saturday" is the past Saturday, "will meet on Monday" the next
Monday); bare numbers are years only when the parse does not make them counts of something.
"""
from __future__ import annotations

from typing import Literal

from spacy.tokens import Doc, Span, Token

Tense = Literal["past", "future", "present", "unknown"]
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
# "said he would travel Thursday", "might meet on Monday": a day ahead, unless perfect ("would
# have met"); "could" and "can" are as often a past or present ability ("could not be located").
# Only weekdays use this: a month after "would" is as often an earlier event's ("would discuss
# the decisions made in September").
MODAL_AUX = {"would", "'d", "may", "might", "should", "must"}
PLANNING_LEMMAS = {"plan", "schedule", "intend", "slate"}
FORECAST_LEMMAS = {"expect", "forecast", "project", "predict", "anticipate"}
INTENT_HEADS = {"plan", "expect", "schedule", "intend", "hope", "agree", "decide", "go", "want", "set",
                "due", "likely", "able", "ready", "prepare", "promise", "pledge", "vow", "aim"}
PLANNING_WORDS = {"scheduled", "expected", "due", "set", "planned", "slated", "going", "plan", "plans", "targeted"}


def tokens_in(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering characters ``start:end`` (expanded to whole tokens)."""
    return doc.char_span(start, end, alignment_mode="expand")


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` in the dependency tree (itself when it is one).

    A participle the parser attaches as a preposition ("following the launch", "including")
    heads no clause: the verb above it does ("went ... following the launch of the offensive in
    October" is past, so October is the last one)."""
    current = token
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX") and current.dep_ != "prep":
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def tense(span: Span) -> Tense:
    """The tense of the clause governing ``span`` as past, future or present."""
    verb = governing_verb(span.root)
    if verb is None and span.doc.has_annotation("SENT_START"):
        root = span.sent.root
        verb = root if root.pos_ in ("VERB", "AUX") else None
    if verb is None:
        return "unknown"
    words = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowered = {w.lower_ for w in words}
    infinitive = any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)
    # "had been scheduled to expire Friday", "had been due to expire": looked ahead from a past
    # moment, so the day is already past (the "had" may sit two heads up, on "been").
    chain = [verb, verb.head, verb.head.head] if infinitive else [verb]
    if any(c.lower_ == "had" and c.dep_ in ("aux", "auxpass") for head in chain for c in head.children):
        return "past"
    # "set for Tuesday" is a plan, "the record set on Aug. 6" an event: only "for" plans.
    ambiguous_plan = verb.lower_ == "set" and not (span.root.dep_ == "pobj" and span.root.head.lower_ == "for")
    if verb.lemma_ in FORECAST_LEMMAS and verb.tag_ in ("VBZ", "VBP"):
        return "future"  # "expects earnings of 40 cts for the quarter": a forecast is about what is ahead
    if verb.lower_ in PLANNING_WORDS and verb.dep_ == "acl" and _head_verb_tag(verb) == "VBD":
        return "present"  # "a service planned for Saturday was canceled": the nearer Saturday
    if lowered & FUTURE_AUX \
            or verb.lower_ in PLANNING_WORDS and verb.tag_ in ("VBN", "VBG", "JJ") and not ambiguous_plan \
            or verb.lemma_ in PLANNING_LEMMAS:
        return "future"
    # "is due to visit", "were to meet", "plans to go": an infinitive of intent looks ahead, but
    # not a perfect one ("the service was to have begun on Thursday": a plan that came and went)
    if infinitive and "have" in lowered:
        return "past"
    if infinitive and verb.dep_ == "xcomp" and (verb.head.lemma_ in INTENT_HEADS or verb.head.lemma_ == "be"):
        return "future"
    tags = {w.tag_ for w in words}
    if tags & {"VBD"} or ("VBN" in tags and {"have", "has", "had"} & lowered):
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ == "acl" and len(words) == 1:
        return "past"  # "the injunction issued Thursday": a participle reports a done event
    if "VBN" in tags and lowered & {"was", "were"}:
        return "past"
    if verb.tag_ == "VBG" and verb.dep_ in ("pcomp", "advcl") and _head_verb_tag(verb) == "VBD":
        return "past"  # "was written off after making an emergency landing on Monday"
    if tags & {"VBZ", "VBP"} or verb.tag_ == "VBG":
        return "present"
    return "unknown"


def _head_verb_tag(verb: Token) -> str:
    """The tag of the verb of the clause a participle phrase sits in ("was canceled": VBD)."""
    above = governing_verb(verb.head) if verb.head.i != verb.i else None
    if above is None:
        return ""
    auxes = [c for c in above.children if c.dep_ in ("aux", "auxpass")]
    return "VBD" if above.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes) else above.tag_


def modal(span: Span) -> bool:
    """Whether a modal that looks ahead governs ``span`` ("said he would travel Thursday",
    "might meet Monday"), but not a perfect one ("would have met")."""
    verb = governing_verb(span.root)
    if verb is None:
        return False
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(auxes & MODAL_AUX) and not auxes & {"have", "has", "had"}


def pluperfect(span: Span) -> bool:
    """Whether the clause governing ``span`` is in the past perfect ("until Thursday they had
    not called him a suspect"): it looks back from a past moment, never ahead."""
    verb = governing_verb(span.root)
    return verb is not None and any(c.lower_ in ("had", "'d") and c.dep_ in ("aux", "auxpass")
                                    for c in verb.children)


def in_a_name(token: Token | None, not_names: frozenset[str] = frozenset()) -> bool:
    """Whether a capitalised word that could be a month or a modal is part of a person's name:
    "Theresa May", "Prime Minister May", "June Carter", and "Theresa May Says" in a Title Case
    headline. The parser's person names hold it, or it follows a proper noun that names no other
    kind of thing (and is none of ``not_names``: "Thursday May 5"), with no number after it."""
    if token is None or not token.is_title:
        return False
    if token.ent_type_ == "PERSON":
        return True
    before = token.nbor(-1) if token.i > 0 and not token.is_sent_start else None
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return before is not None and before.tag_ == "NNP" and before.is_title and before.ent_type_ in ("", "PERSON") \
        and before.lower_.rstrip(".") not in not_names and not (after is not None and after.like_num)
