"""The learned place decisions: is a candidate (``candidates.py``) a place, and which entry is it?

Each is a linear model over named features (a logistic regression; for the entry, a
conditional logit), trained by ``python -m dateline.where.train`` on the train splits of LGL
and TR-News and stored as ``data/where_place_model.json``, ``data/where_entry_model.json`` and
``data/where_keep_model.json`` (is a name's reading sure enough to report? ``keep.py``)
(feature names, weights, the threshold chosen on the dev splits, and the figures behind it).
Applying it is a sparse dot product in plain Python: no torch, no scikit-learn, and the file
is a few tens of kilobytes that a reviewer can read.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import InputError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PLACE_MODEL_FILE = DATA_DIR / "where_place_model.json"
ENTRY_MODEL_FILE = DATA_DIR / "where_entry_model.json"
KEEP_MODEL_FILE = DATA_DIR / "where_keep_model.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class PlaceModel:
    """Weights by feature name, a bias and a threshold: for the place and keep models the
    probability from which a candidate is a place or a reading is reported; the entry model,
    which ranks, has none (0)."""

    weights: dict[str, float]
    bias: float
    threshold: float
    version: str

    def score(self, features: dict[str, float]) -> float:
        """The linear score (log-odds; for the entry model, the softmax logit)."""
        z = self.bias
        weights = self.weights
        for name, value in features.items():
            weight = weights.get(name)
            if weight is not None:
                z += weight * value
        return z

    def probability(self, features: dict[str, float]) -> float:
        z = self.score(features)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def is_place(self, features: dict[str, float]) -> bool:
        return self.probability(features) >= self.threshold


def parse_model(text: str, origin: str) -> PlaceModel:
    """Read and check a model file; errors name the file."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{origin}:{exc.lineno}", f"not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        raise InputError(origin, f"not a where model of format {FORMAT_VERSION}")
    names, weights = data.get("features"), data.get("weights")
    if not isinstance(names, list) or not isinstance(weights, list) or len(names) != len(weights):
        raise InputError(origin, "features and weights must be lists of the same length")
    threshold = float(data.get("threshold", 0.5))
    if not 0.0 <= threshold < 1.0:
        raise InputError(origin, f"threshold {threshold} is not a probability")
    return PlaceModel(
        {str(n): float(w) for n, w in zip(names, weights)}, float(data.get("bias", 0.0)), threshold,
        str(data.get("version", "")),
    )


@lru_cache(maxsize=4)
def load(path: Path = PLACE_MODEL_FILE) -> PlaceModel | None:
    """A shipped model, or None where it has not been trained (the rules then decide alone)."""
    if not path.exists():
        return None
    return parse_model(path.read_text(encoding="utf-8"), f"dateline/data/{path.name}")
