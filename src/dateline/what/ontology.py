"""The coder's knowledge, loaded and validated once: CAMEO codes, event patterns and cues.

Three data files under ``dateline/data``: ``cameo.tsv`` (every CAMEO code with root, QuadClass,
Goldstein value and PLOVER type), ``patterns.yaml`` (verbs and nouns → codes) and ``cues.yaml``
(modality and attribution words). A malformed file raises ``InputError`` naming it, so a bad
edit is found at load time rather than as silently missing events.
"""
from __future__ import annotations

import csv
import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError

DATA = Path(str(resources.files("dateline") / "data"))


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    plover: str | None


@dataclass(frozen=True)
class Rule:
    """One way a word becomes an event; see the header of patterns.yaml for the fields."""

    code: str | None
    objects: frozenset[str] = frozenset()
    particle: str | None = None
    preps: frozenset[str] = frozenset()
    comps: frozenset[str] = frozenset()
    symmetric: bool = False
    target: str | None = None
    voice: str | None = None  # "active" / "passive" when restricted


@dataclass(frozen=True)
class Patterns:
    verbs: dict[str, tuple[Rule, ...]]
    nouns: dict[str, Rule]
    light_verbs: frozenset[str]
    light_overrides: dict[str, dict[str, str | None]]
    adjectives: dict[str, Rule] = field(default_factory=dict)
    # verb (with its preposition: "come under") -> the roots its event noun may have (None: any)
    undergoing: dict[str, frozenset[str] | None] = field(default_factory=dict)
    object_control: frozenset[str] = frozenset()  # urge, ask: the object does the infinitive's act


@dataclass(frozen=True)
class Cues:
    planned_governors: frozenset[str]
    planned_auxiliaries: frozenset[str]
    possible_governors: frozenset[str]
    possible_auxiliaries: frozenset[str]
    conditional_markers: frozenset[str]
    negated_governors: frozenset[str]
    negation_words: frozenset[str]
    reporting_verbs: frozenset[str]
    citing_verbs: frozenset[str]
    source_nouns: frozenset[str]
    dyad_references: tuple[str, ...] = field(default_factory=tuple)
    obligation_auxiliaries: frozenset[str] = frozenset()
    wish_verbs: frozenset[str] = frozenset()
    planned_modifiers: frozenset[str] = frozenset()
    possible_modifiers: frozenset[str] = frozenset()
    occurrence_verbs: frozenset[str] = frozenset()
    sport_words: frozenset[str] = frozenset()

    def names_sport(self, text: str) -> bool:
        """Whether ``text`` has a word of sport ("seeded", "World Cup")."""
        return bool(self.sport_words) and _phrases(self.sport_words).search(text.lower()) is not None

    def about_sport(self, sentences: list[str]) -> bool:
        """Whether a story is about sport: at least two of its sentences, and a quarter of them,
        name sport or state a score ("Wales beat Hungary 2-0", "6-4, 6-4")."""
        sporty = sum(1 for text in sentences if self.names_sport(text) or states_score(text))
        return sporty >= 2 and sporty >= len(sentences) / 4


SCORE = re.compile(r"(?<![\w./-])\d{1,2}-\d{1,2}(?![\w/-])")
MONTH_BEFORE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$")
NOT_A_SCORE_BEFORE = re.compile(r"\bvot\w*\s+(?:with\s+)?(?:an?\s+)?$")
NOT_A_SCORE_AFTER = re.compile(r"\s*(?:pct|percent|%|mln|million|billion|margin|vote|votes)\b")
RECAP = re.compile(r"^\s*(?:[A-Z][\w.'-]* )+\d{1,3}, (?:[A-Z][\w.'-]* )+\d{1,3}(?:\s*\(\w+\))?:")


def states_score(text: str) -> bool:
    """Whether ``text`` states a match score: two small numbers joined by a hyphen, not a range
    of days ("Nov. 15-16"), a vote ("voted 79-19", "a 71-41 margin") or a range of figures
    ("10-25 pct"); or a result's headline, each side with its score ("Blues 3, Lightning 1: ...")."""
    if RECAP.match(text):
        return True
    lower = text.lower()
    for match in SCORE.finditer(lower):
        before, after = lower[max(0, match.start() - 16) : match.start()], lower[match.end() :]
        if not (MONTH_BEFORE.search(before) or NOT_A_SCORE_BEFORE.search(before) or NOT_A_SCORE_AFTER.match(after)):
            return True
    return False


@lru_cache(maxsize=4)
def _phrases(words: frozenset[str]) -> re.Pattern[str]:
    """One pattern for a set of lower-case words and phrases, each whole, any spacing inside."""
    alternatives = sorted((re.escape(w).replace("\\ ", "\\s+") for w in words), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


@lru_cache(maxsize=1)
def cameo_codes(path: str | None = None) -> dict[str, CameoCode]:
    """Every CAMEO code by code string."""
    file = Path(path) if path else DATA / "cameo.tsv"
    codes: dict[str, CameoCode] = {}
    with file.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    for lineno, row in enumerate(reader, start=2):
        try:
            code = row["code"].strip()
            if not code.isdigit() or not 2 <= len(code) <= 4 or row["root"] != code[:2]:
                raise ValueError(f"bad code or root {code!r}")
            codes[code] = CameoCode(
                code,
                row["name"],
                row["root"],
                int(row["quad_class"]),
                float(row["goldstein"]),
                row["plover"] or None,
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise InputError(f"{file}:{lineno}", f"malformed CAMEO row: {exc}") from exc
    return codes


def describe(code: str) -> CameoCode:
    """The ontology entry of ``code``."""
    return cameo_codes()[code]


def _rule(raw: Any, origin: str, codes: dict[str, CameoCode]) -> Rule:
    if raw is None or isinstance(raw, str):
        raw = {"code": raw}
    if not isinstance(raw, dict) or "code" not in raw:
        raise InputError(origin, f"a pattern needs a code: {raw!r}")
    code = raw["code"]
    if code is not None and str(code) not in codes:
        raise InputError(origin, f"unknown CAMEO code {code!r}")
    unknown = set(raw) - {"code", "object", "particle", "prep", "comp", "symmetric", "target",
                          "active_only", "passive_only"}
    if unknown:
        raise InputError(origin, f"unknown pattern fields {sorted(unknown)}")
    for key in ("object", "prep", "comp"):
        words = raw.get(key) or []
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            # YAML reads a bare on/off/yes/no as a boolean: quote such words
            raise InputError(origin, f"{key} must be a list of quoted words: {words!r}")
    for key, meaning in (("comp", "any verb of the trigger's own subject"), ("object", "any direct object")):
        if "*" in (raw.get(key) or []) and len(raw[key]) > 1:
            raise InputError(origin, f"{key} ['*'] ({meaning}) stands alone: {raw[key]!r}")
    voice = "active" if raw.get("active_only") else "passive" if raw.get("passive_only") else None
    return Rule(
        code=None if code is None else str(code),
        objects=frozenset(raw.get("object") or ()),
        particle=raw.get("particle"),
        preps=frozenset(raw.get("prep") or ()),
        comps=frozenset(raw.get("comp") or ()),
        symmetric=bool(raw.get("symmetric", False)),
        target=raw.get("target"),
        voice=voice,
    )


@lru_cache(maxsize=4)
def patterns(path: str | None = None) -> Patterns:
    """The event pattern dictionary (validated against the ontology)."""
    file = Path(path) if path else DATA / "patterns.yaml"
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(str(file), f"not valid YAML: {exc}") from exc
    if not isinstance(raw, dict) or "verbs" not in raw or "nouns" not in raw:
        raise InputError(str(file), "needs 'verbs' and 'nouns' sections")
    codes = cameo_codes()
    verbs: dict[str, tuple[Rule, ...]] = {}
    for lemma, entry in raw["verbs"].items():
        entries = entry if isinstance(entry, list) else [entry]
        verbs[str(lemma)] = tuple(_rule(e, f"{file}: verb {lemma}", codes) for e in entries)
    nouns = {str(lemma): _rule(e, f"{file}: noun {lemma}", codes) for lemma, e in raw["nouns"].items()}
    overrides: dict[str, dict[str, str | None]] = {}
    for verb, table in (raw.get("light_overrides") or {}).items():
        for noun, code in table.items():
            if code is not None and str(code) not in codes:
                raise InputError(str(file), f"unknown CAMEO code {code!r} for {verb} {noun}")
        overrides[str(verb)] = {str(n): (None if c is None else str(c)) for n, c in table.items()}
    adjectives = {str(lemma): _rule(e, f"{file}: adjective {lemma}", codes)
                  for lemma, e in (raw.get("adjectives") or {}).items()}
    return Patterns(verbs, nouns, frozenset(raw.get("light_verbs") or ()), overrides, adjectives,
                    _undergoing(raw.get("undergoing_verbs") or {}, str(file), codes),
                    _words(raw.get("object_control_verbs") or [], file, "object_control_verbs"))


def _undergoing(raw: Any, origin: str, codes: dict[str, CameoCode]) -> dict[str, frozenset[str] | None]:
    """``undergoing_verbs``: verb (and its preposition) -> the two-digit roots its noun may have,
    or null for any."""
    if not isinstance(raw, dict):
        raise InputError(origin, f"undergoing_verbs must map verbs to lists of roots: {raw!r}")
    table: dict[str, frozenset[str] | None] = {}
    for verb, roots in raw.items():
        if roots is not None and not (isinstance(roots, list) and all(isinstance(r, str) and r in codes and len(r) == 2
                                                                     for r in roots)):
            raise InputError(origin, f"undergoing_verbs {verb}: expected null or a list of quoted CAMEO roots, got {roots!r}")
        table[str(verb)] = None if roots is None else frozenset(roots)
    return table


def patterns_for(verb_dictionary: str | None) -> Patterns:
    """Our patterns, with a user verb dictionary (PETRARCH/CAMEO format) added when one is
    given; ours are tried first for verbs both know. A bad file fails here, with its name."""
    return with_dictionary(str(verb_dictionary)) if verb_dictionary else patterns()


@lru_cache(maxsize=4)
def with_dictionary(path: str) -> Patterns:
    from .petrarch import load_verb_dictionary

    ours = patterns()
    merged = dict(ours.verbs)
    for verb, rules in load_verb_dictionary(path).items():
        merged[verb] = merged.get(verb, ()) + rules
    return dataclasses.replace(ours, verbs=merged)


@lru_cache(maxsize=1)
def cues(path: str | None = None) -> Cues:
    """Modality and attribution cue words."""
    file = Path(path) if path else DATA / "cues.yaml"
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        mod, att = raw["modality"], raw["attribution"]
        return Cues(
            planned_governors=frozenset(mod["planned_governors"]),
            planned_auxiliaries=frozenset(mod["planned_auxiliaries"]),
            possible_governors=frozenset(mod["possible_governors"]),
            possible_auxiliaries=frozenset(mod["possible_auxiliaries"]),
            conditional_markers=frozenset(mod["conditional_markers"]),
            negated_governors=frozenset(mod["negated_governors"]),
            negation_words=frozenset(mod["negation_words"]),
            reporting_verbs=frozenset(att["reporting_verbs"]),
            citing_verbs=frozenset(att["citing_verbs"]),
            source_nouns=frozenset(att["source_nouns"]),
            dyad_references=tuple(raw.get("dyad_references") or ()),
            obligation_auxiliaries=frozenset(mod.get("obligation_auxiliaries") or ()),
            wish_verbs=frozenset(mod.get("wish_verbs") or ()),
            planned_modifiers=frozenset(mod.get("planned_modifiers") or ()),
            possible_modifiers=frozenset(mod.get("possible_modifiers") or ()),
            occurrence_verbs=frozenset(mod.get("occurrence_verbs") or ()),
            sport_words=_words(raw.get("sport_words") or [], file, "sport_words"),
        )
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise InputError(str(file), f"malformed cue file: {exc}") from exc


def _words(value: object, file: Path, key: str) -> frozenset[str]:
    """A cue list that must be a list of words (a bare string would read as its letters)."""
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise InputError(str(file), f"{key} must be a list of words")
    return frozenset(w.lower() for w in value)


def threat_code(code: str) -> str:
    """The CAMEO 'threaten' code for a conflictual act that is only announced or planned.

    *Israel threatened to ban voting*, *will boycott all contact*: CAMEO codes the announcement of
    a coercive act as a threat (root 13), with the sub-code naming the act threatened.
    """
    specific = {
        "163": "1312", "161": "1313", "162": "1311", "164": "134", "165": "135", "166": "136",
        "172": "132", "1721": "1321", "1722": "1322", "1723": "1323", "1724": "1324",
        "175": "137", "191": "1381", "192": "1382", "143": "1312", "204": "1385", "2041": "1385",
    }
    table = {"14": "133", "15": "138", "16": "131", "17": "132", "18": "1383", "19": "1384", "20": "1385"}
    return specific.get(code) or table.get(code[:2], code)


def refusal_code(code: str) -> str:
    """The CAMEO 'reject' code for a cooperative act explicitly not to be made (*will not accept*,
    *would not meet demands*, *would not provide support*): a refusal is an act of its own, root 12.
    A past non-event (*did not sign*) is not a refusal; the caller decides which it is."""
    specific = {"0841": "1243", "0842": "1243", "084": "1243", "085": "1244", "086": "1245",
                "087": "1246", "081": "1241", "082": "1242", "075": "120", "080": "124",
                "057": "127", "061": "1211", "062": "1212", "071": "1221", "072": "1222",
                "073": "1223", "074": "1224"}
    by_root = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
    return specific.get(code) or by_root.get(code[:2], code)


def intent_code(code: str) -> str:
    """The CAMEO 'express intent' code for a cooperative act that is only planned or offered.

    CAMEO codes a promise to act (will provide aid, ready to negotiate) under root 03, not under
    the act's own root; the act stays visible in the sub-code chosen here.
    """
    table = {
        "04": "036", "05": "032", "06": "031", "07": "033", "08": "035",
    }
    specific = {
        "061": "0311", "062": "0312", "063": "0313", "064": "0314",
        "071": "0331", "072": "0332", "073": "0333", "074": "0334",
        "0841": "0353", "0842": "0353", "084": "0353", "085": "0354", "087": "0356",
        "0871": "0356", "081": "0351", "086": "0355", "045": "039", "057": "030",
    }
    return specific.get(code) or table.get(code[:2], code)
