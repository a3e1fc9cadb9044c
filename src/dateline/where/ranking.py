"""Which gazetteer entry a name means: the learned choice over the rules' reading.

The rules (``resolve.settle``) score each entry by a hand-set prior and context bonuses. The
learned choice weighs the same evidence and more (the rules' own score and pick, population
relative to the namesakes, feature class, the entity label, how far the entry lies from the
other places the article names) with a conditional logit (a softmax over the entries of a name) trained on LGL and TR-News train
(``python -m dateline.where.train``, ``data/where_entry_model.json``); the entry of highest
probability is taken. Without a shipped model the rules' readings stand.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Sequence

from . import model as place_model
from .gazetteer import Entry

if TYPE_CHECKING:
    from .resolve import Context, Settled

MAX_OPTIONS = 30


def _km(a: Entry, b: Entry) -> float:
    p1, p2 = math.radians(a.lat or 0.0), math.radians(b.lat or 0.0)
    dp, dl = p2 - p1, math.radians((b.lon or 0.0) - (a.lon or 0.0))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def options_of(options: Sequence[Entry], rule_pick: Entry) -> list[Entry]:
    """The entries weighed: the rules' pick and the most prominent others."""
    from .resolve import prior

    ranked = sorted(options, key=prior, reverse=True)[:MAX_OPTIONS]
    if rule_pick not in ranked:
        ranked.append(rule_pick)
    return ranked


def entry_features(entry: Entry, options: Sequence[Entry], rule_pick: Entry, context: "Context", label: str) -> dict[str, float]:
    """The features of reading a name as ``entry`` (names as stored in the model file)."""
    from .resolve import prior, score

    f: dict[str, float] = {"bias": 1.0}
    f["prior"] = prior(entry) / 10.0
    f["rule_score"] = score(entry, context.countries, context.states, context.possible, context.dateline) / 15.0
    f["rule_pick"] = float(entry is rule_pick or entry == rule_pick)
    top = max((o.population for o in options), default=0)
    f["log_population"] = math.log10(entry.population + 1) / 7.0
    f["population_share"] = entry.population / top if top else 0.0
    f["most_populous"] = float(top > 0 and entry.population == top)
    f[f"feature={entry.feature}"] = 1.0
    f[f"label={label}"] = 1.0
    f[f"label_feature={label}_{entry.feature}"] = 1.0
    f["alternate"] = float(entry.alternate)
    f["curated"] = float(entry.id.startswith("dateline:"))
    f["no_coordinates"] = float(entry.lat is None)
    f["options"] = math.log1p(len(options)) / 4.0
    in_country = bool(entry.countries) and bool(context.countries & set(entry.countries))
    f["context_country"] = float(in_country)
    f["international"] = float(not entry.countries)
    if context.dateline is not None and entry.country and entry.country == context.dateline.country:
        f["dateline_country"] = 1.0
    if entry.country == "USA":
        f["usa"] = 1.0
        if entry.admin1:
            f["state_names"] = math.log1p(context.states[entry.admin1])
            f["possible_state"] = float(entry.admin1 in context.possible)
    same_country = sum(1 for o in context.others if o.country and o.country == entry.country)
    f["same_country_names"] = math.log1p(same_country)
    located = [o for o in context.others if o.lat is not None and o.feature not in ("country", "continent")]
    if entry.lat is not None and located:
        nearest = min(_km(entry, o) for o in located)
        f["nearest_km"] = math.log1p(nearest) / 10.0
        f["near_other"] = float(nearest <= 100)
    else:
        f["no_located_others"] = 1.0
    # The same against the names that have one entry only: evidence the rules cannot have
    # got wrong ("Huntsville" and "Walker County" agreeing on Alabama proves nothing when
    # both are guesses; "Conroe" has one reading, in Texas).
    anchors = [a for a in context.anchors if a.feature not in ("continent",)]
    if anchors:
        f["anchor_country_share"] = sum(1 for a in anchors if a.country and a.country == entry.country) / len(anchors)
        if entry.country == "USA" and entry.admin1:
            f["anchor_state"] = float(any(a.country == "USA" and a.admin1 == entry.admin1 for a in anchors))
        placed = [a for a in anchors if a.lat is not None and a.feature != "country"]
        if entry.lat is not None and placed:
            nearest = min(_km(entry, a) for a in placed)
            f["anchor_km"] = math.log1p(nearest) / 10.0
            f["anchor_near"] = float(nearest <= 161)
    return f


def choose(settled: "Settled") -> tuple[dict[str, Entry], dict[str, float]]:
    """Each name's reading and how sure the choice is (the softmax share of the chosen entry
    among those weighed; 1.0 for a name with one entry or without a shipped model)."""
    model = place_model.load(place_model.ENTRY_MODEL_FILE)
    if model is None:
        return dict(settled.picks), {group: 1.0 for group in settled.groups}
    picks: dict[str, Entry] = {}
    sureness: dict[str, float] = {}
    for group, options in settled.groups.items():
        rule_pick = settled.picks[group]
        if len(options) == 1:
            picks[group], sureness[group] = rule_pick, 1.0
            continue
        weighed = options_of(options, rule_pick)
        context, label = settled.contexts[group], settled.labels[group]
        scores = [model.score(entry_features(e, weighed, rule_pick, context, label)) for e in weighed]
        top = max(scores)
        best = scores.index(top)
        picks[group] = weighed[best]
        sureness[group] = 1.0 / sum(math.exp(s - top) for s in scores)
    return picks, sureness


def rerank(settled: "Settled") -> dict[str, Entry]:
    """Each name's reading: the learned choice where a model is shipped, else the rules'."""
    return choose(settled)[0]
