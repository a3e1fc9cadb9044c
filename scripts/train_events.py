"""Build the learned event decision (``src/dateline/data/models/events.json``) from wire-gold.

    python scripts/train_events.py [--shared ../shared] [--out src/dateline/data/models/events.json]

Fits two logistic regressions (scikit-learn, the ``train`` extra) on the candidates of the
wire-gold **train** split: event or not, and the root of an event. Chooses their regularisation,
how much the fine-tuned sentence model's reading of each pair weighs beside them, and the
decision threshold on **dev**, and never reads test. Prints the dev score of each
setting and the chosen one. The output is plain JSON (weights per feature, the threshold, the
CAMEO code most often annotated for each root and predicate), applied by
``dateline.what.learned`` without scikit-learn.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dateline import nlp as nlp_loader, pipeline, what  # noqa: E402
from dateline.evaluate import wiregold  # noqa: E402
from dateline.what.actors import sentence_units  # noqa: E402
from dateline.what.learned import MODEL_PATH, NONE, Model, candidates, home_country  # noqa: E402

VERSION = 2


def prepare(split: str):
    """Each article of a split with its parse, stage outputs and rule events."""
    articles, gold = wiregold.load_split(split)
    by_id = {g["id"]: g for g in gold}
    nlp = nlp_loader.load()
    out = []
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=32)):
        times, actors, places = pipeline.read_stages(doc, article)
        units = sentence_units(doc)
        rules = what.rule_events(doc, article, actors, times, places, units)
        readings = what.read_units(units, actors)
        out.append((article, doc, actors, times, places, units, rules, by_id[article.id], readings))
    return out


def labelled_candidates(prepared):
    """(unit, candidate, label, cameo) for every candidate pair; labels from the gold evidence."""
    for article, doc, actors, times, places, units, rules, gold, readings in prepared:
        home = home_country(actors)
        for unit in units:
            here = []
            for g in gold["events"]:
                if g["root"] == "01":
                    continue
                at = article.text.find(g["evidence"])
                if at < 0 or not (unit.start_char <= at < unit.end_char):
                    continue
                here.append(g)
            for cand in candidates(unit, actors, rules, home, readings.get(unit.start)):
                src = cand.source.ident
                tgt = cand.target.ident if cand.target else src
                label, cameo = NONE, None
                for g in sorted(here, key=lambda g: not g["required"]):
                    gs, gt = wiregold.ident(g["source"]), wiregold.ident(g.get("target")) or wiregold.ident(g["source"])
                    if (gs, gt) == (src, tgt) or (g.get("symmetric") and (gt, gs) == (src, tgt)):
                        label, cameo = g["root"], g["cameo"]
                        break
                yield unit, cand, label, cameo


def labelled(prepared):
    """(features, label, cameo, lemma) for every candidate."""
    return [(cand.features, label, cameo, cand.trigger.lemma_.lower())
            for _, cand, label, cameo in labelled_candidates(prepared)]


def fit(rows, c_event: float, c_root: float):
    """The two regressions: event or not over every candidate, the root over the events."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for feats, *_ in rows for f in set(feats))
    keep = {f for f, n in counts.items() if n >= 2}
    vec = DictVectorizer()
    x = vec.fit_transform([{f: v for f, v in feats.items() if f in keep} for feats, *_ in rows])
    labels = [label for _, label, *_ in rows]
    event = LogisticRegression(C=c_event, max_iter=3000).fit(x, [label != NONE for label in labels])
    positive = [i for i, label in enumerate(labels) if label != NONE]
    roots = LogisticRegression(C=c_root, max_iter=3000).fit(x[positive], [labels[i] for i in positive])
    names = [str(n) for n in vec.get_feature_names_out()]
    event_weights = {n: round(float(w), 4) for n, w in zip(names, event.coef_[0]) if abs(w) >= 0.001}
    classes = [str(k) for k in roots.classes_]
    root_weights = {}
    for j, name in enumerate(names):
        row = [round(float(roots.coef_[k][j]), 3) for k in range(len(classes))]
        if any(abs(v) >= 0.005 for v in row):
            root_weights[name] = row
    return (event_weights, round(float(event.intercept_[0]), 4), classes, root_weights,
            [round(float(b), 3) for b in roots.intercept_])


def code_table(rows):
    by_root, by_lemma = defaultdict(Counter), defaultdict(Counter)
    for _, label, cameo, lemma in rows:
        if label != NONE and cameo:
            by_root[label][cameo] += 1
            by_lemma[f"{label}|{lemma}"][cameo] += 1
    codes = {root: c.most_common(1)[0][0] for root, c in by_root.items()}
    codes.update({k: c.most_common(1)[0][0] for k, c in by_lemma.items() if sum(c.values()) >= 2})
    return codes


def score(model: Model, prepared) -> wiregold.Scores:
    tally = wiregold.Tally()
    for article, doc, actors, times, places, units, rules, gold, readings in prepared:
        events = what.decided_events(model, doc, article, actors, times, places, units, rules, readings)
        lead_end = units[min(len(units), what.LEAD_UNITS) - 1].end_char if units else 0
        wiregold.score_article(gold, what.deduplicate(events, lead_end), tally)
    return wiregold.scores_of("dev", tally, details=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=None)
    parser.add_argument("--out", default=str(MODEL_PATH))
    args = parser.parse_args()
    if args.shared:
        os.environ["DATELINE_SHARED"] = args.shared
    train, dev = prepare("train"), prepare("dev")
    rows = labelled(train)
    print(f"train candidates {len(rows)}, events {sum(r[1] != NONE for r in rows)}", file=sys.stderr)
    codes = code_table(rows)
    tried = []
    for c_event in (0.03, 0.1, 0.3, 1.0):
        for c_root in (0.1, 0.3, 1.0):
            fitted = fit(rows, c_event, c_root)
            for pair_weight in (0.0, 0.25, 0.5, 0.75):
                for threshold in (0.25, 0.3, 0.35, 0.4, 0.5):
                    model = Model(*fitted, threshold, codes, pair_weight=pair_weight)
                    s = score(model, dev).scores
                    print(f"C event={c_event} root={c_root} pair weight={pair_weight} threshold={threshold} "
                          f"dev F1={s['f1']:.3f} P={s['precision']:.3f} R={s['recall']:.3f}", file=sys.stderr)
                    tried.append((s["f1"], s["precision"], c_event, c_root, model))
    # the best F1 on dev; among settings within 0.005 of it, the most precise (precision first)
    top = max(t[0] for t in tried)
    f1, _, c_event, c_root, model = max((t for t in tried if t[0] >= top - 0.005), key=lambda t: t[1])
    # How far the model may overrule the clause rules, weighed on the wire-gold dev split and
    # the PLOVER dev half (single sentences of the CAMEO manual, where the rules are sound);
    # the PLOVER test half is only reported.
    from dateline.evaluate.events import evaluate_plover, shared_root

    plover = shared_root() / "data" / "events" / "plover-gsr-dev.json"
    sweeps = []
    for rule_threshold in (0.0, 0.05, 0.1, 0.2, 0.3):
        model.rule_threshold = rule_threshold
        s = score(model, dev).scores
        what.load_model = lambda path=None: model  # the pipeline codes PLOVER with this model
        p = evaluate_plover(plover, half="dev").scores["type_accuracy"]
        print(f"rule threshold {rule_threshold}: dev F1={s['f1']:.3f} P={s['precision']:.3f} "
              f"R={s['recall']:.3f}, PLOVER dev half type {p:.3f}", file=sys.stderr)
        sweeps.append((s["f1"], p, rule_threshold))
    # Within 0.01 of the best wire-gold dev F1 (one or two events of 133), the threshold that
    # keeps the most PLOVER dev-half sentences right: overruling the rules more buys noise there.
    best = max(f for f, _, _ in sweeps)
    model.rule_threshold = max((p, f, t) for f, p, t in sweeps if f >= best - 0.01)[2]
    print(f"chosen rule threshold {model.rule_threshold}", file=sys.stderr)
    print(f"chosen C event={c_event} root={c_root} pair weight={model.pair_weight} threshold={model.threshold} "
          f"(dev F1 {f1:.3f})", file=sys.stderr)
    out = {"version": VERSION, "trained_on": "wire-gold train (settings chosen on dev)",
           "C": {"event": c_event, "root": c_root}, **model.to_json()}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({Path(args.out).stat().st_size // 1024} KB)", file=sys.stderr)


if __name__ == "__main__":
    main()
