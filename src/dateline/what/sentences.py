"""The sentence model: what kind of event a sentence states, and which of its pairs of parties
it links.

The all-MiniLM-L6-v2 encoder, fine-tuned by ``scripts/train_sentence_model.py`` on annotated
news and exported as int8 ONNX (``data/models/sentences.onnx``) with its tokenizer, runs with
onnxruntime and tokenizers alone on one thread. One forward pass per sentence gives its
embedding and its token vectors; small heads (``sentences.json``) read them in numpy:
ConfliBERT's five classes and, for each CAMEO root 02–20, the probability that the sentence
states an event of it (from the embedding), and for a pair of party mentions the probability of
each root linking them, or none (from the mentions' tokens and the sentence). The event decision
(:mod:`dateline.what.learned`) takes all three as evidence; the parse still decides who the
parties are. Only sentences that name a party are read, which keeps the model's cost to a
fraction of the parse.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

MODELS = Path(__file__).resolve().parents[1] / "data" / "models"
PAIR_LABELS = ("none",) + tuple(f"{n:02d}" for n in range(2, 21))


@dataclass
class Reading:
    five: list[float]  # probabilities of the five classes
    roots: list[float]  # probability of each root 02–20
    tokens: Any = None  # the token vectors (numpy, tokens x size), for pairs
    offsets: list[tuple[int, int]] = field(default_factory=list)  # each token's characters in the text
    embedding: Any = None
    model: "SentenceModel | None" = None
    shares: dict[Any, Any] = field(default_factory=dict)  # the pair head's hidden-layer share of each part

    def pair(self, source: tuple[int, int], target: tuple[int, int] | None) -> list[float]:
        """The model's probabilities of ``PAIR_LABELS`` for two party mentions of this sentence."""
        return self.model.pair(self, source, target) if self.model is not None else []


def mention_tokens(offsets: list[tuple[int, int]], span: tuple[int, int]) -> list[int]:
    """The tokens (by index) whose characters overlap ``span``; special tokens have none."""
    start, end = span
    return [i for i, (a, b) in enumerate(offsets) if b > a and a < end and b > start]


class SentenceModel:
    """The ONNX encoder, its tokenizer and (when given) the heads over its outputs."""

    def __init__(self, model: Path, tokenizer: Path, max_length: int = 128, threads: int = 1,
                 heads: dict | None = None) -> None:
        import numpy as np
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.outputs = [o.name for o in self.session.get_outputs()]
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.no_padding()  # encode runs one text at a time
        self.heads = heads
        self._pair = None
        if heads and "pair" in heads:
            pair = heads["pair"]
            self._pair = tuple(np.array(pair[k], dtype=np.float32)
                               for k in ("hidden_weights", "hidden_bias", "weights", "bias"))

    def encode(self, texts: list[str]) -> list[tuple[Any, Any, list]]:
        """(embedding, token vectors, token offsets) of each text.

        One text per run, unpadded. On one thread this is faster than batches (batch 8, sorted by
        length, took 1.2 times as long on 60 corpus stories: padding costs more than the calls),
        and it keeps a sentence's reading independent of its neighbours: the int8 activations are
        scaled per run, so in a batch the other sentences shifted the result.
        """
        import numpy as np

        out = []
        for e in self.tokenizer.encode_batch(texts):
            feeds = {"input_ids": np.array([e.ids], dtype=np.int64),
                     "attention_mask": np.array([e.attention_mask], dtype=np.int64),
                     "token_type_ids": np.array([e.type_ids], dtype=np.int64)}
            results = dict(zip(self.outputs, self.session.run(None, feeds)))
            tokens = results.get("tokens")
            out.append((results["embedding"][0], tokens[0] if tokens is not None else None, e.offsets))
        return out

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [embedding.tolist() for embedding, _, _ in self.encode(texts)]

    def predict(self, texts: list[str]) -> list[Reading]:
        """The five-class and root probabilities of each text (needs the heads)."""
        import numpy as np

        if not texts:
            return []
        encoded = self.encode(texts)
        x = np.array([e for e, _, _ in encoded])
        five = x @ np.array(self.heads["five"]["weights"]).T + np.array(self.heads["five"]["bias"])
        five = np.exp(five - five.max(axis=1, keepdims=True))
        five /= five.sum(axis=1, keepdims=True)
        roots = x @ np.array(self.heads["roots_head"]["weights"]).T + np.array(self.heads["roots_head"]["bias"])
        roots = 1.0 / (1.0 + np.exp(-roots))
        return [Reading(f.tolist(), r.tolist(), tokens, offsets, embedding, self)
                for f, r, (embedding, tokens, offsets) in zip(five, roots, encoded)]

    def pair(self, reading: Reading, source: tuple[int, int], target: tuple[int, int] | None) -> list[float]:
        """Probabilities of ``PAIR_LABELS`` for the parties at ``source`` and ``target`` (character
        spans in the sentence; no target: a domestic act), or [] without a pair head."""
        import numpy as np

        if self._pair is None or reading.tokens is None:
            return []
        w1, b1, w2, b2 = self._pair
        size = len(reading.embedding)
        # The hidden layer reads [source; target; sentence; no target] through one matrix; its
        # blocks are applied apart, so that each mention's share is computed once per sentence
        # and a pair costs a sum (the float32 sums differ from the whole product in the last bits).
        if reading.shares.get("sentence") is None:
            reading.shares["sentence"] = w1[:, 2 * size:3 * size] @ reading.embedding.astype(np.float32) + b1

        def share(span: tuple[int, int], block: int):
            key = (span, block)
            vector = reading.shares.get(key)
            if vector is None:
                rows = mention_tokens(reading.offsets, span)
                pooled = reading.tokens[rows].mean(axis=0) if rows else reading.embedding
                vector = reading.shares[key] = w1[:, block * size:(block + 1) * size] @ pooled.astype(np.float32)
            return vector

        hidden = reading.shares["sentence"] + share(source, 0)
        hidden = hidden + share(target, 1) if target is not None else hidden + w1[:, 3 * size]
        scores = w2 @ np.maximum(hidden, 0.0) + b2
        scores = np.exp(scores - scores.max())
        return (scores / scores.sum()).tolist()


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
