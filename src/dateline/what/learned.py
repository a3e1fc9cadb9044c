"""The learned event decision: for every pair of parties a sentence names, which CAMEO root
(if any) links them.

Why pairs: an event in news is two parties joined by a predicate. Rules keyed on verbs miss
every predicate they do not list and every clause shape they were not written for; a
classifier over *all* pairs of parties in a sentence, with features read off the parse (the
predicate governing each party, the party's role under it, the words of the clause) and the
rule coder's own decision as one more feature, learns from annotated news which of them are
events. Domestic acts (police arrested students) are the pair of a country with itself.

The model is two logistic regressions over sparse string features (event or not; which root);
its weights are a data file (``data/models/events.json``) built by ``scripts/train_events.py``
from the wire-gold train split, and applied here with plain Python, so a user's install needs
no learning library.
"""
from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from ..errors import InputError
from ..nlp import DATELINE_END
from ..records import Actor, Event
from .sentences import Reading

ROOTS = tuple(f"{n:02d}" for n in range(2, 21))
DATA = Path(__file__).resolve().parents[1] / "data"
MODEL_PATH = DATA / "models" / "events.json"
NONE = "none"
MAX_HOPS = 6  # how far up from a party to look for the predicate that governs it
CONTENT_POS = frozenset({"VERB", "NOUN"})
CONTEXT_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "OPP", "REB", "PTY", "SPY"})
SAYING = frozenset({"say", "tell", "add", "state", "report", "announce", "quote", "note", "explain"})


def identity(actor: Actor) -> str | None:
    """The party an actor stands for, as the gold and the scorer compare them."""
    return actor.country or actor.org


@dataclass
class Mention:
    """One party mention in a sentence, placed under the predicate that governs it."""

    actor: Actor
    ident: str
    head: Token
    predicate: Token
    role: str  # the link under the predicate: nsubj, dobj, prep_with, poss, ...
    context: bool = False  # the country comes from the story, not the mention


@dataclass
class Candidate:
    """A pair of parties in one sentence (source may equal target: a domestic act)."""

    unit: Span
    source: Mention
    target: Mention | None
    features: dict[str, float]
    pair_probabilities: list[float] = dataclasses.field(default_factory=list)  # the sentence model's, by PAIR_LABELS

    @property
    def trigger(self) -> Token:
        return self.source.predicate

    @property
    def pair(self) -> tuple[str, str]:
        """(source, target) identities; a domestic pair names the source twice."""
        return self.source.ident, (self.target.ident if self.target else self.source.ident)


def _predicate(head: Token) -> tuple[Token, str]:
    """The nearest verb governing ``head`` (else the sentence root) and the party's role under it."""
    token, role = head, head.dep_
    for _ in range(MAX_HOPS):
        if token.head.i == token.i:
            return token, "root"
        parent = token.head
        if token.dep_ == "pobj" and parent.dep_ == "prep":
            role = f"prep_{parent.lower_}"
        elif token.dep_ != "prep":
            role = token.dep_
        if parent.pos_ in ("VERB", "AUX"):
            return parent, role
        token = parent
    return token, role


def home_country(actors: list[Actor]) -> str | None:
    """The country a story is about: the one its parties name most (first named on a tie)."""
    counts = Counter(a.country for a in actors if a.country)
    if not counts:
        return None
    top = max(counts.values())
    return next(a.country for a in actors if a.country and counts[a.country] == top)


def party_identity(actor: Actor, home: str | None) -> str | None:
    """The party an actor stands for in the learned decision, or None: a participant named only by
    its sector (police, the army, the parliament) stands for the story's home country when `who`
    left it without one; a news outlet is no party (it reports; its mention stays for
    attribution, and the acronym may be something else: "signed the DPA")."""
    if actor.sector == "MED":
        return None
    return identity(actor) or (home if actor.sector in CONTEXT_SECTORS else None)


def mentions(unit: Span, actors: list[Actor], home: str | None = None) -> list[Mention]:
    """The party mentions inside ``unit`` (:func:`party_identity`), each under its governing predicate."""
    doc = unit.doc
    found = []
    for actor in actors:
        ident = party_identity(actor, home)
        if not ident or actor.start < unit.start_char or actor.end > unit.end_char:
            continue
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        predicate, role = _predicate(span.root)
        context = identity(actor) is None
        if context:
            actor = dataclasses.replace(actor, country=ident, code=ident + (actor.sector or ""),
                                        rule=f"{actor.rule or 'sector'}+home-country")
        found.append(Mention(actor, ident, span.root, predicate, role, context))
    return found


def _pick(group: list[Mention], prefer: tuple[str, ...]) -> Mention:
    for role in prefer:
        for mention in group:
            if mention.role == role:
                return mention
    return group[0]


def _in_subtree(token: Token, root: Token) -> bool:
    return root.left_edge.i <= token.i <= root.right_edge.i


def _clause_words(predicate: Token) -> list[str]:
    """Lemmas of the content words of the predicate's own clause (not of clauses under it)."""
    words = []
    for token in predicate.subtree:
        if token.pos_ in CONTENT_POS and not token.is_stop:
            words.append(token.lemma_.lower())
    return words[:40]


def candidates(unit: Span, actors: list[Actor], rules: list[Event], home: str | None = None,
               reading: Reading | None = None) -> list[Candidate]:
    """Every ordered pair of parties the sentence names, with the features of each.

    ``reading`` is the sentence model's reading of the unit (root and five-class probabilities),
    added as graded features.
    """
    found = mentions(unit, actors, home)
    if not found:
        return []
    groups: dict[str, list[Mention]] = {}
    for mention in found:
        groups.setdefault(mention.ident, []).append(mention)
    rule_pairs: dict[tuple[str | None, str | None], set[str]] = {}
    rule_sources: dict[str | None, set[str]] = {}
    rule_roots = set()
    for event in rules:
        if event.span[0] < unit.start_char or event.span[0] >= unit.end_char:
            continue
        src = identity(event.source) if event.source else None
        tgt = identity(event.target) if event.target else None
        rule_pairs.setdefault((src, tgt), set()).add(event.root)
        if event.symmetric:
            rule_pairs.setdefault((tgt, src), set()).add(event.root)
        rule_sources.setdefault(src, set()).add(event.root)
        rule_roots.add(event.root)
    sentence = _sentence_features(unit, len(groups), rule_roots)
    graded: dict[str, float] = {}
    if reading is not None:
        graded.update({f"sroot={root}": p for root, p in zip(ROOTS, reading.roots)})
        graded.update({f"five={k}": p for k, p in enumerate(reading.five)})
    out = []
    for s_id, s_group in groups.items():
        source = _pick(s_group, ("nsubj", "nsubjpass", "agent", "poss", "compound", "amod"))
        source_part = _source_features(source, rule_sources.get(s_id, set()))
        for t_id, t_group in groups.items():
            if t_id == s_id:
                target = None
            else:
                target = _pick(t_group, ("dobj", "prep_with", "prep_to", "prep_against", "prep_on", "pobj", "nsubjpass"))
            features = list(sentence)
            features += _pair_features(source, target, rule_pairs.get((s_id, t_id if target else s_id), set())
                                       | (rule_pairs.get((s_id, None), set()) if target is None else set()),
                                       source_part)
            weighted = dict.fromkeys(features, 1.0)
            weighted.update(graded)
            if target is None:  # the sentence's reading as a domestic act
                weighted.update({f"dom_{k}": v for k, v in graded.items()})
            pair = reading.pair(_within(source, unit), _within(target, unit) if target else None) if reading else []
            out.append(Candidate(unit, source, target, weighted, pair))
    return out


def _within(mention: Mention, unit: Span) -> tuple[int, int]:
    """A mention's characters, counted from the start of its sentence."""
    return mention.actor.start - unit.start_char, mention.actor.end - unit.start_char


def _first_after_dateline(unit: Span) -> bool:
    """The story's first sentence behind a wire dateline (the dateline is a sentence of its own):
    the lead, which the model learned from wire-gold's texts, whose datelines are cut, as the
    story's first sentence. As filed, wire-gold dev F1 0.545 -> 0.552, train 0.662 -> 0.663."""
    end = unit.doc.user_data.get(DATELINE_END)
    return end is not None and end <= unit.start_char and not unit.doc.text[end : unit.start_char].strip()


def _sentence_features(unit: Span, parties: int, rule_roots: set[str]) -> list[str]:
    features = [f"parties={min(parties, 4)}"]
    features += [f"rule_any={r}" for r in sorted(rule_roots)]
    text = unit.text  # spaCy joins the tokens on every access
    if unit.start == 0 or text.isupper() or _first_after_dateline(unit):
        features.append("headline")
    if '"' in text or "\u201c" in text:
        features.append("quote")
    return features


@lru_cache(maxsize=1)
def verb_roots() -> dict[str, list[str]]:
    """Verb lemma → CAMEO roots, from ``data/verb_roots.tsv`` (built from the CAMEO 2.0 verb
    dictionary by ``scripts/build_verb_roots.py``)."""
    table: dict[str, list[str]] = {}
    path = DATA / "verb_roots.tsv"
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        lemma, _, roots = line.partition("\t")
        codes = roots.split(",")
        if not lemma or not all(len(c) == 2 and c.isdigit() for c in codes):
            raise InputError(f"{path}:{lineno}", "expected a lemma, a tab and comma-separated two-digit roots")
        table[lemma] = codes
    return table


def _lexical(prefix: str, token: Token) -> list[str]:
    """What the verb dictionary says of a predicate and of the noun it takes (held *talks*)."""
    table = verb_roots()
    features = []
    roots = table.get(token.lemma_.lower())
    if roots:
        features.append(f"{prefix}vd={roots[0]}")
        features += [f"{prefix}vd_any={r}" for r in roots[1:4]]
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "nsubjpass") and child.pos_ == "NOUN":
            features.append(f"{prefix}obj={child.lemma_.lower()}")
    return features


def _source_features(source: Mention, source_roots: set[str]) -> tuple[list[str], list[str]]:
    """The features of a pair that depend on its source alone, computed once per source: those
    before the pair's rule roots and those after them (the order the model was fitted in)."""
    predicate = source.predicate
    lemma = predicate.lemma_.lower()
    before = [
        "bias",
        f"p={lemma}",
        f"sr={source.role}",
        f"p_sr={lemma}|{source.role}",
        f"ssec={source.actor.sector or '-'}",
        f"sorg={bool(source.actor.org)}",
        f"sctx={source.context}",
    ]
    before += [f"w={w}" for w in _clause_words(predicate)]
    before += _lexical("", predicate)
    after = [f"rule_src={r}" for r in sorted(source_roots)]
    if lemma in SAYING:
        after.append("saying")
    if any(c.dep_ == "neg" for c in predicate.children):
        after.append("neg")
    if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "could", "may", "might") for c in predicate.children):
        after.append("modal")
    return before, after


def _pair_features(source: Mention, target: Mention | None, pair_roots: set[str],
                   source_part: tuple[list[str], list[str]]) -> list[str]:
    predicate = source.predicate
    lemma = predicate.lemma_.lower()
    before, after = source_part
    features = before + ([f"rule_pair={r}" for r in sorted(pair_roots)] or ["rule_pair=none"]) + after
    if target is None:
        features += ["domestic", f"dom_p={lemma}", f"dom_sr={source.role}", f"dom_ssec={source.actor.sector or '-'}"]
        return features
    features += [f"tr={target.role}", f"p_tr={lemma}|{target.role}", f"tsec={target.actor.sector or '-'}",
                 f"torg={bool(target.actor.org)}"]
    if target.predicate.i == predicate.i:
        features.append("same_pred")
    elif _in_subtree(target.head, predicate):
        features.append("t_under")
    else:
        features.append("t_outside")
    if target.predicate.i != predicate.i:
        features.append(f"t_p={target.predicate.lemma_.lower()}")
        features.append(f"t_path={_clause_path(target.predicate, predicate)}")
        features += _lexical("t_", target.predicate)
    features.append("s_first" if source.head.i < target.head.i else "t_first")
    features.append(f"roles={source.role}|{target.role}")
    return features


def _clause_path(lower: Token, upper: Token) -> str:
    """How the target's clause hangs from the source's: the dependency labels from the lower
    predicate up to the upper one ("xcomp" in "urged Iran to stop", "advcl>parataxis" in "flew to
    Tehran, the ministry said, as tensions between Iran and the US rose"), or "apart"."""
    labels, token = [], lower
    for _ in range(2 * MAX_HOPS):
        if token.i == upper.i:
            return ">".join(labels) or "same"
        if token.head.i == token.i:
            break
        if token.pos_ in ("VERB", "AUX") or token.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp", "conj"):
            labels.append(token.dep_)
        token = token.head
    return "apart"


@dataclass
class Model:
    """Two logistic regressions over string features: is this pair an event (``event``), and
    if so, of which root (``roots``, multinomial, fitted on the event pairs alone).

    Splitting the decision lets every annotated event teach what an event pair looks like,
    whatever its root; with a single 20-way model each root learned it from its own few cases.
    """

    event_weights: dict[str, float]
    event_bias: float
    classes: list[str]  # the roots
    weights: dict[str, list[float]]
    bias: list[float]
    threshold: float
    codes: dict[str, str]  # "root|lemma" or "root" -> the most frequent CAMEO code in training
    rule_threshold: float = 0.0  # below it, the model drops a pair the clause rules coded
    pair_weight: float = 0.0  # the share of the sentence model's pair reading in each decision

    def event_probability(self, features: dict[str, float], pair: list[float] | None = None) -> float:
        """How likely the pair is an event: the regression's probability, blended (``pair_weight``)
        with the fine-tuned sentence model's reading of the pair where there is one."""
        score = self.event_bias + sum(self.event_weights.get(f, 0.0) * v for f, v in features.items())
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))
        if pair and self.pair_weight:
            p = (1 - self.pair_weight) * p + self.pair_weight * (1.0 - pair[0])
        return p

    def root_probabilities(self, features: dict[str, float], pair: list[float] | None = None) -> list[float]:
        scores = list(self.bias)
        for feature, value in features.items():
            row = self.weights.get(feature)
            if row is not None:
                scores = [a + b * value for a, b in zip(scores, row)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        probabilities = [e / total for e in exps]
        if pair and self.pair_weight:
            mass = sum(pair[1:]) or 1.0
            reading = {root: v / mass for root, v in zip(ROOTS, pair[1:])}
            probabilities = [(1 - self.pair_weight) * p + self.pair_weight * reading.get(root, 0.0)
                             for root, p in zip(self.classes, probabilities)]
        return probabilities

    def root(self, features: dict[str, float], pair: list[float] | None = None) -> str:
        probabilities = self.root_probabilities(features, pair)
        return self.classes[max(range(len(probabilities)), key=probabilities.__getitem__)]

    def code_for(self, root: str, lemma: str) -> str:
        return self.codes.get(f"{root}|{lemma}") or self.codes.get(root) or f"{root}0"

    def to_json(self) -> dict:
        return {"event": {"weights": self.event_weights, "bias": self.event_bias},
                "roots": {"classes": self.classes, "weights": self.weights, "bias": self.bias},
                "threshold": self.threshold, "rule_threshold": self.rule_threshold, "pair_weight": self.pair_weight,
                "codes": self.codes}

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        return cls(data["event"]["weights"], data["event"]["bias"], data["roots"]["classes"],
                   data["roots"]["weights"], data["roots"]["bias"], data["threshold"], data["codes"],
                   data.get("rule_threshold", 0.0), data.get("pair_weight", 0.0))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> Model | None:
    """The shipped model, or None where it has not been built."""
    file = Path(path) if path else MODEL_PATH
    if not file.exists():
        return None
    try:
        return Model.from_json(json.loads(file.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise InputError(str(file), f"not an event model (rebuild it with scripts/train_events.py): {exc}") from exc
