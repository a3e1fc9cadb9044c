"""The sentence model: what kind of event a sentence states.

The all-MiniLM-L6-v2 encoder, exported by ``scripts/train_sentence_model.py`` as int8 ONNX
(``data/models/sentences.onnx``) with its tokenizer, runs with onnxruntime and tokenizers alone
on one thread; two linear heads fitted on annotated sentences (``sentences.json``) read its
embedding: ConfliBERT's five classes (statement, verbal/material cooperation, verbal/material
conflict) and, for each CAMEO root 02–20, the probability that the sentence states an event of
that root. The event decision (:mod:`dateline.what.learned`) takes both as evidence; the parse
still decides who the parties are. Only sentences that name a party are read, which keeps the
model's cost to a fraction of the parse.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODELS = Path(__file__).resolve().parents[1] / "data" / "models"


@dataclass
class Reading:
    five: list[float]  # probabilities of the five classes
    roots: list[float]  # probability of each root 02–20


class SentenceModel:
    """The ONNX encoder, its tokenizer and (when given) the heads over its embedding."""

    def __init__(self, model: Path, tokenizer: Path, max_length: int = 96, threads: int = 1,
                 heads: dict | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.enable_padding()
        self.heads = heads

    def embed(self, texts: list[str], batch: int = 32) -> list[list[float]]:
        import numpy as np

        out: list[list[float]] = []
        for i in range(0, len(texts), batch):
            encoded = self.tokenizer.encode_batch([" ".join(t.split()) for t in texts[i:i + batch]])
            feeds = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            (embedding,) = self.session.run(["embedding"], feeds)
            out.extend(embedding.tolist())
        return out

    def predict(self, texts: list[str]) -> list[Reading]:
        """The five-class and root probabilities of each text (needs the heads)."""
        import numpy as np

        if not texts:
            return []
        x = np.array(self.embed(texts))
        five = x @ np.array(self.heads["five"]["weights"]).T + np.array(self.heads["five"]["bias"])
        five = np.exp(five - five.max(axis=1, keepdims=True))
        five /= five.sum(axis=1, keepdims=True)
        roots = x @ np.array(self.heads["roots_head"]["weights"]).T + np.array(self.heads["roots_head"]["bias"])
        roots = 1.0 / (1.0 + np.exp(-roots))
        return [Reading(f.tolist(), r.tolist()) for f, r in zip(five, roots)]


@lru_cache(maxsize=1)
def load() -> SentenceModel | None:
    """The shipped sentence model, or None where it has not been built."""
    model = MODELS / "sentences.onnx"
    meta_path = MODELS / "sentences.json"
    if not model.exists() or not meta_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if "five" not in meta:
        return None
    return SentenceModel(model, MODELS / "sentences-tokenizer.json", meta.get("max_length", 96), heads=meta)
