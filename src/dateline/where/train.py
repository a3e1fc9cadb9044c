"""Train the learned place decisions (``model.py``) and write them to ``data/``.

    PYTHONPATH=src python -m dateline.where.train [--cache /tmp/where-docs] [--out-dir DIR]

Both are linear models (a logistic regression, a conditional logit) fitted with numpy
(full-batch Adam with an L2 penalty), so training needs nothing beyond the runtime's own
dependencies; both learn from the train
articles of LGL and TR-News (``evaluate.places.split_of``) and are checked on the dev ones.
GeoVirus, the test set, is never read here. Deterministic: the same data gives the same files.

1. ``where_place_model.json``: is a candidate beyond the rules
   (``resolve.candidates_beyond_rules``) a place? Positive when it overlaps a gold toponym.
   The threshold is the one of best F1 on dev.
2. ``where_entry_model.json``: which entry does a name mean? One row per entry weighed
   (``ranking.options_of``) of each name found with the place model of step 1, positive when
   the entry lies within 161 km of the gold coordinates; names without a right entry are left
   out. A conditional logit (a softmax over each name's entries), so its weights rank entries;
   the entry of highest score wins. Kept only when it picks right more often than the rules
   on dev.
3. The two thresholds (a candidate's probability of being a place; the least share of the
   choice a name's reading must have, below which the name is left out) are chosen together on
   the dev splits, scored as ``dateline eval places`` scores them: the pair with the most gold
   toponyms found within 161 km among those that keep each dev split's accuracy within 161 km
   of found toponyms at least where it was before the learned decisions (``FORMER_ACC161``).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np

from ..evaluate import places as evaluation
from . import model as place_model
from . import ranking
from .resolve import _group, candidates_beyond_rules, find_mentions, settle

TRAIN_CORPORA = ("lgl.xml", "TR-News.xml")
MIN_FEATURE_COUNT = 3
L2 = 1e-3
STEPS = 1500
LEARNING_RATE = 0.5


GEO_DIR = evaluation.GEO_DIR
# Dev accuracy within 161 km of found toponyms before issue 18 (rules only, 2026-12-04).
FORMER_ACC161 = {"lgl": 0.849, "TR-News": 0.947}
PLACE_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4)
SURENESS_THRESHOLDS = (0.0, 0.3, 0.35, 0.4, 0.5)


def articles(split: str, cache_dir: Path | None):
    """(gold article, parsed doc) of one split of the training corpora (those present)."""
    for name in TRAIN_CORPORA:
        path = GEO_DIR / name
        if not path.exists():
            continue
        golds = evaluation.parse_gold(path)
        docs = evaluation.parse_docs([a.article.text for a in golds], cache_dir)
        for gold, doc in zip(golds, docs):
            if evaluation.split_of(path.stem, gold.article.id or "") == split:
                yield gold, doc


def entry_rows(split: str, cache_dir: Path | None) -> tuple[list[dict[str, float]], list[int], list[int], list[bool]]:
    """Features, labels and name numbers of the entries weighed for each name of one split, and
    per name whether the rules' pick was right."""
    features: list[dict[str, float]] = []
    labels: list[int] = []
    names: list[int] = []
    rule_right: list[bool] = []
    for gold, doc in articles(split, cache_dir):
        settled = settle(doc, gold.article)
        for group, options in settled.groups.items():
            if len(options) < 2:
                continue
            spans = [(m.start, m.end) for m in settled.mentions if _group(m) == group]
            truth = next(
                (t for t in gold.toponyms for s, e in spans if min(t.end, e) > max(t.start, s)), None
            )
            if truth is None:
                continue
            rule_pick = settled.picks[group]
            weighed = ranking.options_of(options, rule_pick)
            right = [
                int(e.lat is not None and evaluation.haversine_km(truth.lat, truth.lon, e.lat, e.lon or 0.0) <= evaluation.DISTANCE_KM)
                for e in weighed
            ]
            if not any(right):
                continue
            for entry, label in zip(weighed, right):
                features.append(ranking.entry_features(entry, weighed, rule_pick, settled.contexts[group], settled.labels[group]))
                labels.append(label)
                names.append(len(rule_right))
            rule_right.append(bool(right[weighed.index(rule_pick)]))
    return features, labels, names, rule_right


def rows(split: str, cache_dir: Path | None) -> tuple[list[dict[str, float]], list[int]]:
    """Features and labels of the candidates of one split of the training corpora."""
    features: list[dict[str, float]] = []
    labels: list[int] = []
    if True:
        for gold, doc in articles(split, cache_dir):
            for c in candidates_beyond_rules(doc, find_mentions(doc)):
                start, end = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])
                positive = any(min(t.end, end) > max(t.start, start) for t in gold.toponyms)
                features.append(c.features)
                labels.append(int(positive))
    return features, labels


def matrix(features: list[dict[str, float]], index: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(features), len(index)), dtype=np.float64)
    for row, f in enumerate(features):
        for name, value in f.items():
            column = index.get(name)
            if column is not None:
                x[row, column] = value
    return x


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression weights (the bias is the weight of the constant feature ``bias``)."""
    w = np.zeros(x.shape[1])
    # Adam on the full batch: plain and quick for a few thousand rows.
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for step in range(1, STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) / len(y) + L2 * w
        m = 0.9 * m + 0.1 * gradient
        v = 0.999 * v + 0.001 * gradient**2
        w -= LEARNING_RATE * 0.1 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def fit_choice(x: np.ndarray, y: np.ndarray, names: np.ndarray) -> np.ndarray:
    """Weights of a conditional logit: per name, a softmax over its entries, trained to put
    the probability on the right ones (rows of one name are contiguous in ``names``)."""
    w = np.zeros(x.shape[1])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    starts = np.flatnonzero(np.r_[True, names[1:] != names[:-1]])
    count = len(starts)
    for step in range(1, STEPS + 1):
        s = np.clip(x @ w, -30, 30)
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - np.repeat(top, np.diff(np.r_[starts, len(s)])))
        sizes = np.diff(np.r_[starts, len(s)])
        p = e / np.repeat(np.add.reduceat(e, starts), sizes)
        right = p * y
        q = right / np.repeat(np.add.reduceat(right, starts), sizes)
        gradient = x.T @ (p - q) / count + L2 * w
        m = 0.9 * m + 0.1 * gradient
        v = 0.999 * v + 0.001 * gradient**2
        w -= LEARNING_RATE * 0.1 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def choose_threshold(p: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, float]]:
    """The threshold of best F1 on dev, with the precision and recall it gives."""
    best = (0.5, {"f1": -1.0})
    for threshold in np.arange(0.2, 0.81, 0.05):
        taken = p >= threshold
        tp = float((taken & (y == 1)).sum())
        precision = tp / taken.sum() if taken.sum() else 0.0
        recall = tp / (y == 1).sum() if (y == 1).sum() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best[1]["f1"] + 1e-9:
            best = (round(float(threshold), 2), {"f1": f1, "precision": precision, "recall": recall})
    return best


def _train(features: list[dict[str, float]], labels: list[int]) -> tuple[dict[str, int], np.ndarray]:
    counts = Counter(name for f in features for name in f)
    names = sorted(name for name, count in counts.items() if count >= MIN_FEATURE_COUNT)
    index = {name: i for i, name in enumerate(names)}
    return index, fit(matrix(features, index), np.array(labels, dtype=np.float64))


def _probabilities(features: list[dict[str, float]], index: dict[str, int], weights: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(matrix(features, index) @ weights, -30, 30)))


def _write(path: Path, about: str, index: dict[str, int], weights: np.ndarray, threshold: float, extra: dict) -> int:
    index = dict(index)
    bias = float(weights[index.pop("bias")])
    kept = [(name, round(float(weights[i]), 4)) for name, i in index.items() if abs(weights[i]) >= 1e-3]
    data = {
        "format": place_model.FORMAT_VERSION,
        "version": date.today().isoformat(),
        "about": about + " Built by python -m dateline.where.train on LGL and TR-News train.",
        **extra,
        "threshold": threshold,
        "bias": round(bias, 4),
        "features": [n for n, _ in kept],
        "weights": [w for _, w in kept],
    }
    path.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
    return len(kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None, help="folder of cached parsed docs")
    parser.add_argument("--out-dir", type=Path, default=place_model.DATA_DIR)
    parser.add_argument("--geo-dir", type=Path, default=evaluation.GEO_DIR, help="folder of lgl.xml and TR-News.xml")
    parser.add_argument("--thresholds-only", action="store_true", help="keep both models in --out-dir, choose their thresholds")
    parser.add_argument("--entry-only", action="store_true", help="keep the place model in --out-dir, retrain the entry model")
    options = parser.parse_args(argv)
    global GEO_DIR
    GEO_DIR = options.geo_dir

    # 1. Is a candidate a place? (Without any model: candidates come from the rules alone.)
    place_path = options.out_dir / place_model.PLACE_MODEL_FILE.name
    entry_path = options.out_dir / place_model.ENTRY_MODEL_FILE.name
    if not (options.entry_only or options.thresholds_only):
        train_place(place_path, options.cache)
    if not options.thresholds_only:
        train_entry(place_path, entry_path, options.cache)
    if entry_path.exists():
        choose_thresholds(place_path, entry_path, options.cache)
    return 0


def choose_thresholds(place_path: Path, entry_path: Path, cache: Path | None) -> None:
    """Step 3 of the module docstring; writes the pair into the two model files."""
    import dataclasses

    dev: dict[str, list] = {}
    for name in TRAIN_CORPORA:
        path = GEO_DIR / name
        if not path.exists():
            continue
        golds = evaluation.parse_gold(path)
        docs = evaluation.parse_docs([a.article.text for a in golds], cache)
        dev[path.stem] = [(g, d) for g, d in zip(golds, docs) if evaluation.split_of(path.stem, g.article.id or "") == "dev"]
    place = place_model.parse_model(place_path.read_text(encoding="utf-8"), str(place_path))
    entry = place_model.parse_model(entry_path.read_text(encoding="utf-8"), str(entry_path))
    shipped = place_model.load
    best: tuple[float, float, float] | None = None
    try:
        for threshold in PLACE_THRESHOLDS:
            for least in SURENESS_THRESHOLDS:
                models = {
                    place_model.PLACE_MODEL_FILE: dataclasses.replace(place, threshold=threshold),
                    place_model.ENTRY_MODEL_FILE: dataclasses.replace(entry, threshold=least),
                }
                place_model.load = lambda path=place_model.PLACE_MODEL_FILE, _m=models: _m.get(path)  # type: ignore[assignment]
                within, meets, line = 0, True, []
                for corpus, pairs in dev.items():
                    scores = evaluation.score_docs(corpus, [g for g, _ in pairs], [d for _, d in pairs])
                    within += scores.within
                    meets &= scores.acc161 >= FORMER_ACC161.get(corpus, 0.0)
                    line.append(f"{corpus} recall {scores.recall:.3f} acc161 {scores.acc161:.3f} 161/all {scores.acc161_all:.3f}")
                print(f"thresholds {threshold} / {least}: {' | '.join(line)}{'' if meets else ' (below former acc161)'}", file=sys.stderr)
                if meets and (best is None or within > best[0]):
                    best = (within, threshold, least)
    finally:
        place_model.load = shipped  # type: ignore[assignment]
    if best is None:
        print("thresholds: no pair keeps the former acc161 on dev; the files keep theirs", file=sys.stderr)
        return
    for path, value in ((place_path, best[1]), (entry_path, best[2])):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["threshold"] = value
        path.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
    print(f"thresholds: place {best[1]}, least share {best[2]}", file=sys.stderr)


def train_place(place_path: Path, cache: Path | None) -> None:
    """Step 1 of the module docstring."""
    # The rules' mentions do not depend on the place model, so none needs unloading here.
    train_features, train_labels = rows("train", cache)
    dev_features, dev_labels = rows("dev", cache)
    index, weights = _train(train_features, train_labels)
    threshold, figures = choose_threshold(_probabilities(dev_features, index, weights), np.array(dev_labels))
    size = _write(
        place_path, "Is a candidate beyond the rules a place? Logistic regression.", index, weights, threshold,
        {"train_rows": len(train_labels), "train_positive": int(sum(train_labels)), "dev_rows": len(dev_labels),
         "dev": {k: round(v, 4) for k, v in figures.items()}},
    )
    print(
        f"place: train rows {len(train_labels)} ({int(sum(train_labels))} places), dev rows {len(dev_labels)}; "
        f"threshold {threshold}: dev precision {figures['precision']:.3f} recall {figures['recall']:.3f} "
        f"F1 {figures['f1']:.3f}; {size} features -> {place_path}",
        file=sys.stderr,
    )


def train_entry(place_path: Path, entry_path: Path, cache: Path | None) -> None:
    """Step 2: names found with the place model of ``place_path``, the rules' readings as features."""
    shipped = place_model.PLACE_MODEL_FILE
    place_model.PLACE_MODEL_FILE = place_path
    place_model.load.cache_clear()
    try:
        _train_entry(entry_path, cache)
    finally:
        place_model.PLACE_MODEL_FILE = shipped
        place_model.load.cache_clear()


def _train_entry(entry_path: Path, cache: Path | None) -> None:
    train_features, train_labels, train_names, train_rule = entry_rows("train", cache)
    dev_features, dev_labels, dev_names, dev_rule = entry_rows("dev", cache)
    if not train_rule:
        print("entry: no ambiguous names in train; no entry model written", file=sys.stderr)
        return
    counts = Counter(name for f in train_features for name in f)
    index = {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= MIN_FEATURE_COUNT))}
    weights = fit_choice(
        matrix(train_features, index), np.array(train_labels, dtype=np.float64), np.array(train_names)
    )
    p = _probabilities(dev_features, index, weights)
    best: dict[int, tuple[float, int]] = {}
    for probability, label, name in zip(p, dev_labels, dev_names):
        if name not in best or probability > best[name][0]:
            best[name] = (float(probability), label)
    learned = sum(label for _, label in best.values()) / len(best) if best else 0.0
    rules = sum(dev_rule) / len(dev_rule) if dev_rule else 0.0
    print(
        f"entry: train rows {len(train_labels)} ({len(train_rule)} names), dev names {len(dev_rule)}: "
        f"right by rules {rules:.3f}, by the model {learned:.3f}",
        file=sys.stderr,
    )
    if learned > rules:
        size = _write(
            entry_path, "Which gazetteer entry does a name mean? Conditional logit (a softmax over each name's entries); threshold: the least share kept.", index, weights, 0.0,
            {"train_names": len(train_rule), "dev_names": len(dev_rule), "dev_right_rules": round(rules, 4),
             "dev_right_model": round(learned, 4)},
        )
        print(f"entry: {size} features -> {entry_path}", file=sys.stderr)
    else:
        entry_path.unlink(missing_ok=True)
        print("entry: the rules are as good on dev; no entry model written", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
