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
   (``ranking.options_of``) of each name found with the place model of step 1 (at the lowest
   threshold step 4 weighs), positive when
   the entry lies within 161 km of the gold coordinates; names without a right entry are left
   out. A conditional logit (a softmax over each name's entries), so its weights rank entries;
   the entry of highest score wins. Kept only when it picks right more often than the rules
   on dev.
3. ``where_keep_model.json``: is a name's chosen reading sure enough to report
   (``keep.py``)? One row per mention of train that overlaps a gold toponym, read with the
   place model at its lowest threshold of step 4 and the entry model of step 2, positive when
   the reading lies within 161 km of the gold coordinates.
4. The two thresholds (a candidate's probability of being a place; a reading's probability of
   being right) are chosen together on the dev splits, scored as ``dateline eval places``
   scores them: the pair of highest mean accuracy within 161 km of found toponyms among those
   that keep each dev split's recall at ``RECALL_FLOOR`` or more. Why that objective: a wrong
   place misleads (an event's location, the map, the place filters) while a missing one is
   only missing, and issue 18 asks for recall 0.80 on unseen news; the floor leaves a margin
   over it for news unlike the dev splits.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterator

import numpy as np

from ..evaluate import places as evaluation
from . import keep
from . import model as place_model
from . import ranking
from .resolve import _group, candidates_beyond_rules, find_mentions, read_mentions, settle

TRAIN_CORPORA = ("lgl.xml", "TR-News.xml")
MIN_FEATURE_COUNT = 3
L2 = 1e-3
STEPS = 1500
LEARNING_RATE = 0.5


GEO_DIR = evaluation.GEO_DIR
# The least recall on each dev split a pair of thresholds must keep (step 4).
RECALL_FLOOR = 0.85
PLACE_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4)
KEEP_THRESHOLDS = (0.0, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def _articles_of(path: Path, split: str, cache_dir: Path | None):
    golds = evaluation.parse_gold(path)
    docs = evaluation.parse_docs([a.article.text for a in golds], cache_dir)
    for gold, doc in zip(golds, docs):
        if evaluation.split_of(path.stem, gold.article.id or "") == split:
            yield gold, doc


def articles(split: str, cache_dir: Path | None):
    """(gold article, parsed doc) of one split of the training corpora (those present)."""
    for name in TRAIN_CORPORA:
        path = GEO_DIR / name
        if path.exists():
            yield from _articles_of(path, split, cache_dir)


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
    parser.add_argument("--thresholds-only", action="store_true", help="keep the models in --out-dir, choose their thresholds")
    parser.add_argument("--entry-only", action="store_true", help="keep the place model in --out-dir, retrain the entry and keep models")
    parser.add_argument("--keep-only", action="store_true", help="keep the place and entry models in --out-dir, retrain the keep model")
    options = parser.parse_args(argv)
    global GEO_DIR
    GEO_DIR = options.geo_dir

    paths = {
        place_model.PLACE_MODEL_FILE: options.out_dir / place_model.PLACE_MODEL_FILE.name,
        place_model.ENTRY_MODEL_FILE: options.out_dir / place_model.ENTRY_MODEL_FILE.name,
        place_model.KEEP_MODEL_FILE: options.out_dir / place_model.KEEP_MODEL_FILE.name,
    }
    # 1. Is a candidate a place? (Without any model: candidates come from the rules alone.)
    if not (options.entry_only or options.thresholds_only or options.keep_only):
        train_place(paths[place_model.PLACE_MODEL_FILE], options.cache)
    if not (options.thresholds_only or options.keep_only):
        train_entry(paths[place_model.PLACE_MODEL_FILE], paths[place_model.ENTRY_MODEL_FILE], options.cache)
    if not options.thresholds_only:
        train_keep(paths, options.cache)
    if paths[place_model.KEEP_MODEL_FILE].exists():
        choose_thresholds(paths, options.cache)
    return 0


@contextmanager
def _using(paths: dict[Path, Path], thresholds: dict[Path, float] | None = None) -> Iterator[None]:
    """Run with the models of ``paths`` (shipped file -> file to use) in place of the shipped
    ones, their thresholds replaced by ``thresholds``; a model without a file is absent."""
    models = {}
    for shipped, path in paths.items():
        if path.exists():
            loaded = place_model.parse_model(path.read_text(encoding="utf-8"), str(path))
            if thresholds and shipped in thresholds:
                loaded = dataclasses.replace(loaded, threshold=thresholds[shipped])
            models[shipped] = loaded
    original = place_model.load
    place_model.load = lambda path=place_model.PLACE_MODEL_FILE: models.get(path)  # type: ignore[assignment]
    try:
        yield
    finally:
        place_model.load = original  # type: ignore[assignment]


def _dev(cache: Path | None) -> dict[str, list]:
    """(gold article, parsed doc) pairs of each training corpus's dev split."""
    dev: dict[str, list] = {}
    for name in TRAIN_CORPORA:
        path = GEO_DIR / name
        if path.exists():
            dev[path.stem] = list(_articles_of(path, "dev", cache))
    return dev


def choose_thresholds(paths: dict[Path, Path], cache: Path | None) -> None:
    """Step 4 of the module docstring; writes the pair into the place and keep model files."""
    dev = _dev(cache)
    best: tuple[float, float, float] | None = None
    for threshold in PLACE_THRESHOLDS:
        for least in KEEP_THRESHOLDS:
            chosen = {place_model.PLACE_MODEL_FILE: threshold, place_model.KEEP_MODEL_FILE: least}
            with _using(paths, chosen):
                accuracy, meets, line = [], True, []
                for corpus, pairs in dev.items():
                    scores = evaluation.score_docs(corpus, [g for g, _ in pairs], [d for _, d in pairs])
                    accuracy.append(scores.acc161)
                    meets &= scores.recall >= RECALL_FLOOR
                    line.append(f"{corpus} recall {scores.recall:.3f} acc161 {scores.acc161:.3f} 161/all {scores.acc161_all:.3f}")
            mean = sum(accuracy) / len(accuracy) if accuracy else 0.0
            print(f"thresholds {threshold} / {least}: {' | '.join(line)}{'' if meets else ' (below the recall floor)'}", file=sys.stderr)
            if meets and (best is None or mean > best[0] + 1e-9):
                best = (mean, threshold, least)
    if best is None:
        print("thresholds: no pair keeps the recall floor on dev; the files keep theirs", file=sys.stderr)
        return
    for shipped, value in ((place_model.PLACE_MODEL_FILE, best[1]), (place_model.KEEP_MODEL_FILE, best[2])):
        path = paths[shipped]
        data = json.loads(path.read_text(encoding="utf-8"))
        data["threshold"] = value
        path.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
    print(f"thresholds: place {best[1]}, keep {best[2]}", file=sys.stderr)


def keep_rows(split: str, cache: Path | None) -> tuple[list[dict[str, float]], list[int]]:
    """Features and labels of the readings of one split (step 3): every mention that overlaps
    a gold toponym, positive when its entry lies within 161 km of the gold coordinates."""
    features: list[dict[str, float]] = []
    labels: list[int] = []
    for gold, doc in articles(split, cache):
        mentions, settled, sureness = read_mentions(doc, gold.article)
        counts = Counter(_group(m) for m in mentions)
        for mention in mentions:
            overlapping = [t for t in gold.toponyms if min(t.end, mention.end) > max(t.start, mention.start)]
            if not overlapping:
                continue
            truth = max(overlapping, key=lambda t: min(t.end, mention.end) - max(t.start, mention.start))
            entry = mention.chosen
            right = entry is not None and entry.lat is not None and evaluation.haversine_km(
                truth.lat, truth.lon, entry.lat, entry.lon or 0.0) <= evaluation.DISTANCE_KM
            group = _group(mention)
            features.append(keep.keep_features(mention, group, settled, sureness[group], counts[group]))
            labels.append(int(right))
    return features, labels


def train_keep(paths: dict[Path, Path], cache: Path | None) -> None:
    """Step 3: readings with the place model at its lowest threshold of step 4 (its probability
    is a feature, so every candidate a later threshold admits is seen) and no keep model."""
    lowest = {place_model.PLACE_MODEL_FILE: min(PLACE_THRESHOLDS)}
    without_keep = {k: v for k, v in paths.items() if k != place_model.KEEP_MODEL_FILE}
    with _using(without_keep, lowest):
        train_features, train_labels = keep_rows("train", cache)
        dev_features, dev_labels = keep_rows("dev", cache)
    if not train_labels:
        print("keep: no readings in train; no keep model written", file=sys.stderr)
        return
    index, weights = _train(train_features, train_labels)
    p = _probabilities(dev_features, index, weights)
    y = np.array(dev_labels)
    right = float(y.mean()) if len(y) else 0.0
    size = _write(
        paths[place_model.KEEP_MODEL_FILE],
        "Is a name's chosen reading sure enough to report (within 161 km of the truth)? Logistic regression.",
        index, weights, 0.5,
        {"train_rows": len(train_labels), "train_right": int(sum(train_labels)), "dev_rows": len(dev_labels),
         "dev_right": round(right, 4),
         "dev_log_loss": round(float(-np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))), 4) if len(y) else None},
    )
    print(
        f"keep: train rows {len(train_labels)} ({int(sum(train_labels))} right), dev rows {len(dev_labels)} "
        f"({right:.3f} right); {size} features -> {paths[place_model.KEEP_MODEL_FILE]}",
        file=sys.stderr,
    )


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
    """Step 2: names found with the place model of ``place_path`` at its lowest threshold of
    step 4 (so the names of every threshold later chosen are seen, and the result does not
    depend on the threshold the file held before), the rules' readings as features."""
    lowest = {place_model.PLACE_MODEL_FILE: min(PLACE_THRESHOLDS)}
    with _using({place_model.PLACE_MODEL_FILE: place_path}, lowest):
        _train_entry(entry_path, cache)


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
            entry_path, "Which gazetteer entry does a name mean? Conditional logit (a softmax over each name's entries); it ranks, so its threshold is unused (the keep model decides what is reported).", index, weights, 0.0,
            {"train_names": len(train_rule), "dev_names": len(dev_rule), "dev_right_rules": round(rules, 4),
             "dev_right_model": round(learned, 4)},
        )
        print(f"entry: {size} features -> {entry_path}", file=sys.stderr)
    else:
        entry_path.unlink(missing_ok=True)
        print("entry: the rules are as good on dev; no entry model written", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
