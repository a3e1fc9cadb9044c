"""The fine-tuned sentence model: what kind of event a sentence states.

A MiniLM encoder fine-tuned by ``scripts/train_sentence_model.py`` and shipped as int8 ONNX
(``data/models/sentences.onnx``) with its tokenizer, so it runs with onnxruntime and tokenizers
alone, on one thread. It gives two readings of a sentence: ConfliBERT's five classes (statement,
verbal/material cooperation, verbal/material conflict) and, for each CAMEO root 02–20, the
probability that the sentence states an event of that root. The event decision
(:mod:`dateline.what.learned`) reads both; the parse still decides who the parties are.
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
    """An ONNX sentence model and its tokenizer."""

    def __init__(self, model: Path, tokenizer: Path, max_length: int = 96, threads: int = 1) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.enable_padding()

    def predict(self, texts: list[str], batch: int = 32) -> list[Reading]:
        import numpy as np

        readings: list[Reading] = []
        for i in range(0, len(texts), batch):
            encoded = self.tokenizer.encode_batch([" ".join(t.split()) for t in texts[i:i + batch]])
            feeds = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            five, roots = self.session.run(["five", "roots"], feeds)
            five = np.exp(five - five.max(axis=1, keepdims=True))
            five /= five.sum(axis=1, keepdims=True)
            readings.extend(Reading(f.tolist(), r.tolist()) for f, r in zip(five, roots))
        return readings


@lru_cache(maxsize=1)
def load() -> SentenceModel | None:
    """The shipped sentence model, or None where it is not built (or onnxruntime is missing)."""
    model = MODELS / "sentences.onnx"
    if not model.exists():
        return None
    meta = json.loads((MODELS / "sentences.json").read_text(encoding="utf-8"))
    return SentenceModel(model, MODELS / "sentences-tokenizer.json", meta.get("max_length", 96))
