"""Actor accuracy: are the gold source and target actors among the sentence's resolved actors?

Two gold sets (read in place from ../shared, never copied):

* ``plover-gsr-dev.json`` — each record's ``source``/``target`` lists of ``{actorText, code}``;
  ``code`` is ISO3 (two legacy codes are mapped: ``JAP``→JPN, ``ITL``→ITA), ``IGO``/``NGO`` for
  an organisation. Every gold actor entry counts once.
* ``petr2-gsr-validation.xml`` — ``<EventCoding sourcecode= targetcode=>`` CAMEO codes; the first
  three letters are the country, ``IGO...``/``NGO...`` an organisation. Each distinct code of a
  sentence counts once.

A gold country is found when a resolved actor of the sentence has that ``country``; a gold
organisation when a resolved actor has an ``org`` (for PETR codes such as ``IGOUNO``, the actor's
code must start with the same six letters, or name the same organisation). Gold actors with no
country (``---REB``) or non-state group codes (``IMG``, ``ISM``) cannot be scored this way and are
reported as excluded, never silently dropped.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..errors import InputError
from ..records import Actor, Article

LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "ZAR": "COD", "BUR": "MMR"}
ORG_PREFIXES = ("IGO", "NGO")
NON_STATE = {"IMG", "ISM", "MNC", "UIS", "REB", "INS"}


@dataclass
class GoldSentence:
    id: str
    text: str
    date: str | None
    actors: list[str]  # gold codes: ISO3, or IGO/NGO codes


@dataclass
class Miss:
    sentence_id: str
    gold: str
    text: str
    found: list[str]


@dataclass
class ActorScore:
    name: str
    total: int = 0
    found: int = 0
    excluded: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.found / self.total if self.total else 0.0


@dataclass
class ActorReport:
    scores: list[ActorScore]

    def as_dict(self) -> dict[str, float]:
        return {s.name: round(s.accuracy, 4) for s in self.scores}

    def format(self, show_misses: int = 10) -> str:
        lines = []
        for s in self.scores:
            lines.append(f"{s.name}: actor accuracy {s.accuracy:.4f} ({s.found}/{s.total} gold actors found; "
                         f"{s.excluded} excluded: no country or non-state group code)")
            for miss in s.misses[:show_misses]:
                lines.append(f"  miss {miss.sentence_id}: gold {miss.gold}, resolved {miss.found or '-'}: {miss.text[:100]}")
        return "\n".join(lines)


# --- reading gold -----------------------------------------------------------------------------


def read_plover(path: Path) -> list[GoldSentence]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read PLOVER gold: {exc}") from exc
    out = []
    for i, record in enumerate(records):
        codes = []
        for key in ("source", "target"):
            value = record.get(key)
            if isinstance(value, list):
                codes += [str(a.get("code") or "") for a in value if isinstance(a, dict)]
        date = record.get("date")
        out.append(GoldSentence(str(record.get("id", i)), str(record.get("text", "")), date, codes))
    return out


def read_petr(path: Path) -> list[GoldSentence]:
    """PETRARCH validation file: ``<Sentence .../>``, its ``<EventCoding>``s and ``<Text>``.

    The file is not well-formed XML (comment banners, stray tags), so each sentence block is
    read with patterns rather than an XML parser.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    out: list[GoldSentence] = []
    blocks = re.split(r"(?=<Sentence\s)", raw)
    for block in blocks[1:]:
        head = re.match(r"<Sentence\s([^>]*)>", block)
        text = re.search(r"<Text>(.*?)</Text>", block, re.S)
        if head is None or text is None:
            continue
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', head.group(1)))
        date = attrs.get("date", "")
        iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 and date.isdigit() else None
        codes: list[str] = []
        for coding in re.findall(r"<EventCoding\s([^>]*)>", block):
            for key, value in re.findall(r'(sourcecode|targetcode)="([^"]*)"', coding):
                if value and value not in codes:
                    codes.append(value)
        sentence = GoldSentence(attrs.get("id", str(len(out))), " ".join(text.group(1).split()), iso, codes)
        if sentence.text:
            out.append(sentence)
    if not out:
        raise InputError(str(path), "no <Sentence> with <Text> found")
    return out


# --- scoring ----------------------------------------------------------------------------------


def gold_target(code: str) -> tuple[str, str] | None:
    """("country", ISO3) or ("org", code) for a gold code, None when it cannot be scored."""
    code = code.strip().upper()
    if not code:
        return None
    head = LEGACY_CODES.get(code[:3], code[:3])
    if head in ORG_PREFIXES:
        return ("org", code)
    if head == "---" or head in NON_STATE:
        return None
    return ("country", head)


def matches(target: tuple[str, str], actors: Iterable[Actor]) -> bool:
    kind, value = target
    for actor in actors:
        if kind == "country" and actor.country == value:
            return True
        if kind == "org" and (actor.org or (actor.sector in ("NGO", "IGO", "HRI"))):
            if len(value) <= 3 or (actor.code or "").startswith(value[:6]) or actor.org and value[3:6] in (actor.code or ""):
                return True
            if value.startswith("NGO") and actor.sector in ("NGO", "HRI"):
                return True
    return False


def score(name: str, sentences: list[GoldSentence], kb=None) -> ActorScore:  # type: ignore[no-untyped-def]
    """Resolve actors in every gold sentence and count the gold actors found."""
    from .. import nlp as nlp_loader
    from .. import who

    nlp = nlp_loader.load()
    result = ActorScore(name)
    docs = nlp.pipe((s.text for s in sentences), batch_size=64)
    for sentence, doc in zip(sentences, docs):
        article = Article(id=sentence.id, text=sentence.text, published=sentence.date)
        actors = who.resolve(doc, article, kb=kb)
        for code in sentence.actors:
            target = gold_target(code)
            if target is None:
                result.excluded += 1
                continue
            result.total += 1
            if matches(target, actors):
                result.found += 1
            else:
                result.misses.append(Miss(sentence.id, code, sentence.text, [a.code or a.text for a in actors]))
    return result


def evaluate(shared_data: Path, which: Iterable[str] = ("plover", "petr2"), extra_dictionaries: Iterable[str] = ()) -> ActorReport:
    """Score the gold sets under ``shared_data`` (the ../shared/data folder)."""
    from ..who import load_kb

    kb = load_kb(list(extra_dictionaries)) if extra_dictionaries else None
    events = shared_data / "events"
    scores = []
    for name in which:
        if name == "plover":
            scores.append(score("plover-gsr-dev", read_plover(events / "plover-gsr-dev.json"), kb))
        elif name == "petr2":
            scores.append(score("petr2-gsr-validation", read_petr(events / "petr2-gsr-validation.xml"), kb))
        else:
            raise InputError(name, "unknown gold set (plover, petr2)")
    return ActorReport(scores)


def evaluate_file(path: Path, extra_dictionaries: Iterable[str] = ()) -> ActorReport:
    """Score one gold file, its format told by its suffix (.json PLOVER, .xml PETRARCH)."""
    from ..who import load_kb

    kb = load_kb(list(extra_dictionaries)) if extra_dictionaries else None
    if path.suffix.lower() == ".json":
        return ActorReport([score(path.name, read_plover(path), kb)])
    if path.suffix.lower() == ".xml":
        return ActorReport([score(path.name, read_petr(path), kb)])
    raise InputError(str(path), "expected a PLOVER .json or a PETRARCH validation .xml file")

