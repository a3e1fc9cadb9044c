"""Scoring the event coder against gold data, three formats, one report.

- PLOVER gold standard records (``plover-gsr-dev.json``): one sentence each with a PLOVER 0.5b1
  type and source/target countries. A sentence is *type right* when one coded event has the gold
  type (0.5b1 names mapped: DEMAND→REQUEST, DISAPPROVE→ACCUSE, FIGHT→ASSAULT,
  INVESTIGATE→ACCUSE), and *type+actors right* when that event's source is among the gold
  sources and its target among the gold targets (a side the gold leaves empty is not checked).
- PETRARCH-2 validation records (``petr2-gsr-validation.xml``): CAMEO root per sentence, and root
  with source and target country (first three letters of the gold actor codes); sentences marked
  ``noevents`` count how often the coder invents an event.
- The project's own gold (``*.jsonl``, one article per line: ``{id, date, text | path, events:
  [{source, target, cameo, date, modality, symmetric, required, evidence}]}``): events matched
  one-to-one on source, target (either order when symmetric) and CAMEO root. Precision counts every
  coded event not matching a gold one as false; recall counts required gold events only (a coded
  event matching a non-required gold event is neither credited nor penalised). Date and modality
  accuracy are over matched events; a date is right when it equals the gold date.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from ..records import Actor, Article, Event

PLOVER_RENAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
# CAMEO's own country codes where they differ from ISO 3166 alpha-3 (the gold sets use them).
CAMEO_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS"}
REPO = Path(__file__).resolve().parents[3]


def shared_root() -> Path:
    """The shared data folder: ``$DATELINE_SHARED`` when set, else ``../shared`` of the checkout."""
    import os

    return Path(os.environ.get("DATELINE_SHARED") or REPO.parent / "shared")


@dataclass
class Scores:
    """Named scores of one gold file plus the lines of its report."""

    name: str
    scores: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # always printed (breakdowns), unlike notes

    def report(self) -> str:
        lines = [f"{self.name}"]
        lines += [f"  {k}: {v}" for k, v in self.counts.items()]
        lines += [f"  {k}: {v:.4f}" for k, v in self.scores.items()]
        lines += [f"  {n}" for n in self.details + self.notes]
        return "\n".join(lines)


def _code_articles(articles: list[Article], use_model: bool = True) -> list[list[Event]]:
    from ..pipeline import analyse

    return [analysis.events for analysis in analyse(articles, use_model=use_model)]


def _actor_codes(actor: Actor | None) -> set[str]:
    if actor is None:
        return set()
    codes = {c for c in (actor.country, actor.org) if c}
    if actor.org:
        codes.add("IGO")
        if actor.org.startswith("UN"):
            codes.add("UN")  # UN bodies (UNSC, UNHCR) are the UN for scoring
    if actor.code:
        codes.add(actor.code[:3])
    return codes


def _gold_codes(side: Any) -> set[str] | None:
    """Gold actor codes of one side, or None when the gold leaves the side open."""
    if not isinstance(side, list) or not side:
        return None
    codes = {str(a.get("code", ""))[:3] for a in side if isinstance(a, dict) and a.get("code")}
    return {CAMEO_COUNTRIES.get(c, c) for c in codes} or None


# --- PLOVER --------------------------------------------------------------------------------
def load_plover(path: Path) -> list[dict[str, Any]]:
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read PLOVER gold: {exc}") from exc
    if not isinstance(records, list):
        raise InputError(str(path), "expected a JSON list of records")
    return records


def plover_half(text: str) -> str:
    """``dev`` or ``test``: a fixed half of the PLOVER sentences by a hash of the text. The
    event decision's rule threshold is chosen with the dev half; the test half is reported."""
    import hashlib

    return "dev" if int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0 else "test"


def evaluate_plover(path: Path, limit: int | None = None, half: str | None = None, use_model: bool = True) -> Scores:
    records = load_plover(path)[:limit]
    if half is not None:
        records = [r for r in records if plover_half(str(r["text"])) == half]
    articles = [Article(id=str(r.get("id", i)), text=str(r["text"]).strip("{} ")) for i, r in enumerate(records)]
    coded = _code_articles(articles, use_model)
    type_right = both_right = 0
    for record, events in zip(records, coded):
        gold_type = PLOVER_RENAMES.get(record["event"], record["event"])
        sources, targets = _gold_codes(record.get("source")), _gold_codes(record.get("target"))
        typed = [e for e in events if e.plover == gold_type]
        type_right += bool(typed)
        both_right += any(
            (sources is None or _actor_codes(e.source) & sources)
            and (targets is None or _actor_codes(e.target) & targets
                 or (e.symmetric and _actor_codes(e.source) & targets))
            for e in typed
        )
    n = max(len(records), 1)
    return Scores(
        f"PLOVER dev ({path.name})" + (f", {half} half" if half else ""),
        {"type_accuracy": type_right / n, "type_source_target_accuracy": both_right / n,
         "events_per_sentence": sum(len(c) for c in coded) / n},
        {"sentences": len(records)},
    )


# --- PETRARCH-2 validation -----------------------------------------------------------------
SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>|<Sentence\b([^>]*)/>(.*?)(?=<Sentence\b|</Sentences>)", re.S)


def load_petr2(path: Path) -> list[dict[str, Any]]:
    """Records ``{id, date, text, codings: [(root, source, target)], noevents}``."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read PETRARCH validation file: {exc}") from exc
    records = []
    for match in SENTENCE.finditer(raw):
        attrs = match.group(1) or match.group(3) or ""
        body = match.group(2) or match.group(4) or ""
        if 'evaluate="true"' not in attrs:
            continue
        text = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if not text:
            continue
        codings = [
            (m.group(1)[:2], CAMEO_COUNTRIES.get(m.group(2)[:3], m.group(2)[:3]),
             CAMEO_COUNTRIES.get(m.group(3)[:3], m.group(3)[:3]))
            for m in re.finditer(r'eventcode="(\d+)"\s+sourcecode="([^"]*)"\s+targetcode="([^"]*)"', body)
        ]
        ident = re.search(r'id="([^"]+)"', attrs)
        records.append({
            "id": ident.group(1) if ident else str(len(records)),
            "text": " ".join(text.group(1).split()),
            "codings": codings,
            "noevents": 'noevents="True"' in body,
        })
    if not records:
        raise InputError(str(path), "no <Sentence evaluate=\"true\"> records with <Text>")
    return records


def evaluate_petr2(path: Path, limit: int | None = None, use_model: bool = True) -> Scores:
    records = load_petr2(path)[:limit]
    coded = _code_articles([Article(id=r["id"], text=r["text"]) for r in records], use_model)
    with_events = [(r, e) for r, e in zip(records, coded) if r["codings"]]
    empty = [(r, e) for r, e in zip(records, coded) if r["noevents"]]
    root_right = full_right = 0
    for record, events in with_events:
        roots = {c[0] for c in record["codings"]}
        root_right += any(e.root in roots for e in events)
        full_right += any(
            e.root == root and src in _actor_codes(e.source) and tgt in _actor_codes(e.target)
            for e in events for root, src, tgt in record["codings"]
        )
    n = max(len(with_events), 1)
    return Scores(
        f"PETRARCH-2 validation ({path.name})",
        {"root_accuracy": root_right / n, "root_source_target_accuracy": full_right / n,
         "false_event_rate_on_noevent_sentences": sum(bool(e) for _, e in empty) / max(len(empty), 1)},
        {"sentences_with_events": len(with_events), "noevent_sentences": len(empty)},
    )


# --- own gold --------------------------------------------------------------------------------
def load_gold(path: Path) -> list[dict[str, Any]]:
    """Articles of a gold JSONL file (text inline or by ``path`` relative to the file)."""
    articles = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read gold file: {exc}") from exc
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if "text" not in record:
                name = str(record["path"])
                if name.startswith("shared:"):  # third-party texts stay in ../shared, never copied
                    text_path = shared_root() / name.removeprefix("shared:")
                else:
                    text_path = Path(name)
                    if not text_path.is_absolute():
                        text_path = Path(path).parent / text_path
                record["text"] = text_path.read_text(encoding="utf-8")
            for event in record["events"]:
                if not str(event["cameo"]).isdigit():
                    raise ValueError(f"bad cameo {event['cameo']!r}")
            articles.append(record)
        except (json.JSONDecodeError, KeyError, ValueError, OSError) as exc:
            raise InputError(f"{path}:{lineno}", f"bad gold article: {exc}") from exc
    return articles


def _gold_matches(gold: dict[str, Any], event: Event) -> bool:
    if str(gold["cameo"])[:2] != event.root:
        return False
    source, target = _actor_codes(event.source), _actor_codes(event.target)
    gs, gt = gold.get("source"), gold.get("target")

    def side(code: str | None, ours: set[str]) -> bool:
        return (not ours) if code is None else code in ours

    if side(gs, source) and side(gt, target):
        return True
    symmetric = gold.get("symmetric") or event.symmetric
    return bool(symmetric) and side(gs, target) and side(gt, source)


def match_article(gold_events: list[dict[str, Any]], events: list[Event]) -> tuple[list[tuple[dict, Event]], list[Event], list[dict]]:
    """One-to-one matches (required gold first), unmatched coded events, unmatched gold."""
    free = list(events)
    pairs: list[tuple[dict, Event]] = []
    ordered = sorted(gold_events, key=lambda g: not g.get("required", True))
    missed = []
    for gold in ordered:
        candidates = [e for e in free if _gold_matches(gold, e)]
        # the closest reading first: same code, same date, same modality
        found = max(candidates, key=lambda e: (e.cameo == str(gold["cameo"]), e.date == gold.get("date"),
                                              e.modality == gold.get("modality", "asserted")), default=None)
        if found is None:
            missed.append(gold)
            continue
        free.remove(found)
        pairs.append((gold, found))
    return pairs, free, missed


def evaluate_gold(path: Path, use_model: bool = True) -> Scores:
    records = load_gold(path)
    articles = [Article(id=str(r["id"]), text=r["text"], title=r.get("title", ""),
                        published=r.get("date"), source=r.get("source")) for r in records]
    coded = _code_articles(articles, use_model)
    tp = fp = required = dates = modalities = matched = 0
    notes = []
    for record, events in zip(records, coded):
        pairs, extra, missed = match_article(record["events"], events)
        required += sum(1 for g in record["events"] if g.get("required", True))
        for gold, event in pairs:
            if not gold.get("required", True):
                continue
            tp += 1
            matched += 1
            dates += gold.get("date") == event.date
            modalities += gold.get("modality", "asserted") == event.modality
            if gold.get("date") != event.date or gold.get("modality", "asserted") != event.modality:
                notes.append(f"{record['id']}: {gold['cameo']} {gold.get('source')}->{gold.get('target')} "
                             f"date {event.date} (gold {gold.get('date')}) modality {event.modality} "
                             f"(gold {gold.get('modality', 'asserted')})")
        fp += len(extra)
        for event in extra:
            notes.append(f"{record['id']}: extra {event.cameo} {_key(event.source)}->{_key(event.target)} "
                         f"[{event.trigger}] {event.sentence[:70]!r}")
        for gold in missed:
            if gold.get("required", True):
                notes.append(f"{record['id']}: missed {gold['cameo']} {gold.get('source')}->{gold.get('target')} "
                             f"{str(gold.get('evidence', ''))[:70]!r}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / required if required else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        f"own gold ({path.name})",
        {"precision": precision, "recall": recall, "f1": f1,
         "date_accuracy": dates / matched if matched else 0.0,
         "modality_accuracy": modalities / matched if matched else 0.0},
        {"articles": len(records), "gold_required": required, "true_positives": tp, "false_positives": fp},
        notes,
    )


def _key(actor: Actor | None) -> str | None:
    return None if actor is None else (actor.country or actor.org or actor.code or actor.text)


def evaluate_gold_files(paths: Iterable[Path], use_model: bool = True) -> Scores:
    """Micro-averaged scores over several own-gold files (one report)."""
    parts = [evaluate_gold(Path(p), use_model) for p in paths]
    tp = sum(p.counts["true_positives"] for p in parts)
    fp = sum(p.counts["false_positives"] for p in parts)
    required = sum(p.counts["gold_required"] for p in parts)
    matched_dates = sum(p.scores["date_accuracy"] * p.counts["true_positives"] for p in parts)
    matched_modal = sum(p.scores["modality_accuracy"] * p.counts["true_positives"] for p in parts)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / required if required else 0.0
    return Scores(
        "own gold (all files)",
        {"precision": precision, "recall": recall,
         "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
         "date_accuracy": matched_dates / tp if tp else 0.0,
         "modality_accuracy": matched_modal / tp if tp else 0.0},
        {"articles": sum(p.counts["articles"] for p in parts), "gold_required": required,
         "true_positives": tp, "false_positives": fp},
        [n for p in parts for n in p.notes],
    )


def default_files() -> list[Path]:
    """The shared gold sets and the project's own gold articles."""
    own = sorted((REPO / "tests" / "data" / "gold").glob("*.jsonl"))
    events = shared_root() / "data" / "events"
    return [events / "plover-gsr-dev.json", events / "petr2-gsr-validation.xml", *own]


def evaluate_files(paths: list[Path], limit: int | None = None, use_model: bool = True) -> list[Scores]:
    """Score each file by its format; own-gold JSONL files are pooled into one score."""
    results: list[Scores] = []
    own = [p for p in paths if p.suffix == ".jsonl"]
    for path in paths:
        if not path.exists():
            raise InputError(str(path), "no such gold file")
        if path.suffix == ".json":
            # whole, then the halves: the dev half chose how far the model may overrule the rules
            results += [evaluate_plover(path, limit, half=half, use_model=use_model) for half in (None, "dev", "test")]
        elif path.suffix == ".xml":
            results.append(evaluate_petr2(path, limit, use_model))
        elif path.suffix != ".jsonl":
            raise InputError(str(path), "unknown gold format (expected .json, .xml or .jsonl)")
    if own:
        results.append(evaluate_gold_files(own, use_model))
    return results


def report(results: list[Scores], verbose: bool = False) -> str:
    blocks = []
    for result in results:
        text = result.report() if verbose else Scores(result.name, result.scores, result.counts,
                                                      details=result.details).report()
        blocks.append(text)
    return "\n".join(blocks)
