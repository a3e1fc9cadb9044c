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

* ``wire-gold/{train,dev,test}`` — real wire stories with gold events. For each gold event, its
  source and its target (a side the gold leaves null is not counted) are *found* when some actor
  the article's resolution placed inside the event's evidence sentence (the sentences the
  ``evidence`` string overlaps) has the gold identity: its ``country``, or its organisation
  (UN bodies count as ``UN``, and the scorer maps al-Qaeda to ``ALQ``). Actors are resolved over
  the whole article, so coreference counts. Reported per split as the share of sides found
  (``recall``) and of events with both sides found; events whose evidence is not in the text are
  reported as excluded.
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
    events: int = 0  # wire-gold: gold events scored, and those with every side found
    events_found: int = 0

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
            if s.events:
                lines.append(f"{s.name}: actor recall {s.accuracy:.4f} ({s.found}/{s.total} gold sources and targets "
                             f"found in their evidence sentence; events with both found "
                             f"{s.events_found / s.events:.4f} ({s.events_found}/{s.events}); "
                             f"{s.excluded} events excluded: evidence not in the text)")
            else:
                lines.append(f"{s.name}: actor accuracy {s.accuracy:.4f} ({s.found}/{s.total} gold actors found; "
                             f"{s.excluded} excluded: no country or non-state group code)")
            for miss in s.misses[:show_misses]:
                text = " ".join(miss.text.split())
                lines.append(f"  miss {miss.sentence_id}: gold {miss.gold}, resolved {miss.found or '-'}: {text[:160]}")
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


# --- wire-gold: actors of real stories in their evidence sentences ----------------------------

WIRE_SPLITS = ("train", "dev", "test")
# Our organisation and group identities under the acronyms the wire-gold guide uses.
WIRE_ALIASES = {"group:al-Qaeda": "ALQ", "AI": "AMNESTY"}


def wire_identities(actor: Actor) -> set[str]:
    """The wire-gold identities an actor stands for: its country, its organisation (a UN body
    is also ``UN``), and the guide's acronyms for our names (``ALQ``)."""
    keys = {k for k in (actor.country, actor.org) if k}
    if (actor.code or "").startswith("IGOUNO") or (actor.org or "").startswith("UN") or actor.org == "ICTY":
        keys.add("UN")
    for ours in (actor.org, actor.entity_id):
        if ours in WIRE_ALIASES:
            keys.add(WIRE_ALIASES[ours])
    return keys


def read_wire_gold(folder: Path, split: str) -> list[tuple[Article, list[dict]]]:
    """Articles of one wire-gold split with their gold events (read as the event scorer reads them)."""
    from .wiregold import load_split

    articles, gold = load_split(split, folder)
    by_id = {article.id: article for article in articles}
    pairs = []
    for lineno, record in enumerate(gold, start=1):
        try:
            pairs.append((by_id[str(record["id"])], list(record["events"])))
        except (KeyError, TypeError) as exc:
            raise InputError(f"{folder / f'{split}.gold.jsonl'}:{lineno}", f"bad wire-gold record: {exc}") from exc
    return pairs


def _evidence_span(doc, text: str, evidence: str) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """The character span of the sentences the evidence string overlaps."""
    at = text.find(evidence)
    if at < 0 or not evidence:
        return None
    end = at + len(evidence)
    sents = [s for s in doc.sents if s.start_char < end and s.end_char > at]
    if not sents:
        return at, end
    return sents[0].start_char, sents[-1].end_char


def score_wire(name: str, pairs: list[tuple[Article, list[dict]]], kb=None) -> ActorScore:  # type: ignore[no-untyped-def]
    """Gold sources and targets found among the actors resolved inside their evidence sentence."""
    from .. import nlp as nlp_loader
    from .. import who

    nlp = nlp_loader.load()
    result = ActorScore(name)
    docs = nlp.pipe((article.text for article, _ in pairs), batch_size=16)
    for (article, events), doc in zip(pairs, docs):
        actors = who.resolve(doc, article, kb=kb)
        for event in events:
            span = _evidence_span(doc, article.text, str(event.get("evidence") or ""))
            if span is None:
                result.excluded += 1
                continue
            inside = [a for a in actors if a.start < span[1] and a.end > span[0]]
            keys = set().union(*(wire_identities(a) for a in inside)) if inside else set()
            result.events += 1
            all_found = True
            for side in ("source", "target"):
                gold = event.get(side)
                if not gold:
                    continue
                result.total += 1
                if gold in keys:
                    result.found += 1
                else:
                    all_found = False
                    result.misses.append(Miss(f"{article.id} {side}", gold, article.text[span[0]:span[1]],
                                              [f"{a.text}={a.country or a.org or a.rule}" for a in inside]))
            result.events_found += all_found
    return result


def evaluate(shared_data: Path, which: Iterable[str] = ("plover", "petr2", "wire-train", "wire-dev", "wire-test"),
             extra_dictionaries: Iterable[str] = ()) -> ActorReport:
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
        elif name.startswith("wire-") and name[5:] in WIRE_SPLITS:
            pairs = read_wire_gold(events / "wire-gold", name[5:])
            scores.append(score_wire(f"wire-gold {name[5:]}", pairs, kb))
        else:
            raise InputError(name, "unknown gold set (plover, petr2, wire-train, wire-dev, wire-test)")
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

