"""Train the learned place decision (``model.py``) and write ``data/where_model.json``.

    PYTHONPATH=src python -m dateline.where.train [--cache /tmp/where-docs] [--out FILE]

Rows are the candidates beyond the rules (``resolve.candidates_beyond_rules``) of the train
articles of LGL and TR-News (``evaluate.places.split_of``); a candidate is a place when it
overlaps a gold toponym. The model is a logistic regression fitted with numpy (batch gradient
descent with an L2 penalty), so training needs nothing beyond the runtime's own dependencies.
The threshold is the one that maximises F1 of the decision on the dev articles; GeoVirus, the
test set, is never read here. Deterministic: the same data gives the same file.
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
from .resolve import candidates_beyond_rules, find_mentions

TRAIN_CORPORA = ("lgl.xml", "TR-News.xml")
MIN_FEATURE_COUNT = 3
L2 = 1e-3
STEPS = 1500
LEARNING_RATE = 0.5


def rows(split: str, cache_dir: Path | None) -> tuple[list[dict[str, float]], list[int]]:
    """Features and labels of the candidates of one split of the training corpora."""
    features: list[dict[str, float]] = []
    labels: list[int] = []
    for name in TRAIN_CORPORA:
        path = evaluation.GEO_DIR / name
        articles = evaluation.parse_gold(path)
        docs = evaluation.parse_docs([a.article.text for a in articles], cache_dir)
        for gold, doc in zip(articles, docs):
            if evaluation.split_of(path.stem, gold.article.id or "") != split:
                continue
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None, help="folder of cached parsed docs")
    parser.add_argument("--out", type=Path, default=place_model.MODEL_FILE)
    options = parser.parse_args(argv)

    train_features, train_labels = rows("train", options.cache)
    dev_features, dev_labels = rows("dev", options.cache)
    counts = Counter(name for f in train_features for name in f)
    names = sorted(name for name, count in counts.items() if count >= MIN_FEATURE_COUNT)
    index = {name: i for i, name in enumerate(names)}
    y_train = np.array(train_labels, dtype=np.float64)
    y_dev = np.array(dev_labels)
    weights = fit(matrix(train_features, index), y_train)
    p_dev = 1.0 / (1.0 + np.exp(-np.clip(matrix(dev_features, index) @ weights, -30, 30)))
    threshold, figures = choose_threshold(p_dev, y_dev)
    bias_column = index.pop("bias")
    bias = float(weights[bias_column])
    kept = [(name, round(float(weights[i]), 4)) for name, i in index.items() if abs(weights[i]) >= 1e-3]
    data = {
        "format": place_model.FORMAT_VERSION,
        "version": f"{date.today().isoformat()}",
        "about": "Is a candidate beyond the rules a place? Logistic regression; "
        "built by python -m dateline.where.train on LGL and TR-News train splits.",
        "train_rows": len(train_labels),
        "train_positive": int(sum(train_labels)),
        "dev_rows": len(dev_labels),
        "dev": {k: round(v, 4) for k, v in figures.items()},
        "threshold": threshold,
        "bias": round(bias, 4),
        "features": [n for n, _ in kept],
        "weights": [w for _, w in kept],
    }
    options.out.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
    print(
        f"train rows {len(train_labels)} ({int(sum(train_labels))} places), dev rows {len(dev_labels)}; "
        f"threshold {threshold}: dev precision {figures['precision']:.3f} recall {figures['recall']:.3f} "
        f"F1 {figures['f1']:.3f}; {len(kept)} features -> {options.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
