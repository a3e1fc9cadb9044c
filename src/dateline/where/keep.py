"""The last learned place decision: is a name's chosen reading sure enough to report?

After the rules and the entry model (``ranking.py``) have read each name, some readings are
guesses: one of a dozen Springfields with nothing in the story to tell them apart, a word the
place model let through at 0.3, a town far from every other place the story names. Reporting a
guess costs more than leaving the name out: a wrong place misleads an event's location, the map
and the place filters, while a missing one only loses it. So each reading is scored by a
logistic regression over what the two earlier decisions knew and how sure they were (the
place model's probability, the entry choice's softmax share and whether it agrees with the
rules, the kind and size of the entry, how many namesakes it had, how much of the story lies in
its country and near it) and kept from ``threshold`` up.

It is trained by ``python -m dateline.where.train`` on the gold toponyms dateline finds in LGL
and TR-News train (positive when the reading lies within 161 km of the gold coordinates), and
its threshold is chosen with the place model's on the dev splits (``train.choose_thresholds``).
It replaces the earlier cut on the entry share alone, which it weighs among its features.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from . import model as place_model
from .ranking import _km

if TYPE_CHECKING:
    from .resolve import Mention, Settled

# Labels of mentions that the place model admitted; the rules' own mentions count as sure.
LEARNED_LABELS = frozenset({"MODEL", "DEMONYM"})


def keep_features(mention: "Mention", group: str, settled: "Settled", sureness: float, mentions: int) -> dict[str, float]:
    """The features of reporting ``mention`` as its chosen entry (names as in the model file)."""
    entry = mention.chosen
    assert entry is not None
    options = settled.groups[group]
    context = settled.contexts[group]
    label = mention.label
    f: dict[str, float] = {
        "bias": 1.0, f"label={label}": 1.0, f"feature={entry.feature}": 1.0,
        f"label_feature={label}_{entry.feature}": 1.0,
    }
    f["sureness"] = sureness
    f["unsure"] = float(sureness < 0.5)
    f["log_sureness"] = math.log(max(sureness, 1e-3))
    f[f"label={label}_sure"] = sureness
    f["probability"] = mention.probability if label in LEARNED_LABELS else 1.0
    f["options"] = math.log1p(len(options)) / 4.0
    f["single"] = float(len(options) == 1)
    f["log_population"] = math.log10(entry.population + 1) / 7.0
    top = max((o.population for o in options), default=0)
    f["most_populous"] = float(top > 0 and entry.population == top)
    f["curated"] = float(entry.id.startswith("dateline:"))
    f["alternate"] = float(entry.alternate)
    f["mentions"] = math.log1p(mentions)
    f["qualified"] = float(bool(mention.qualifier))
    rule_pick = settled.picks[group]
    f["rule_agrees"] = float(rule_pick.id == entry.id)
    countried = [o for o in context.others if o.country]
    same = sum(1 for o in countried if o.country == entry.country)
    f["country_share"] = same / len(countried) if countried else 0.0
    f["no_others"] = float(not context.others)
    located = [o for o in context.others if o.lat is not None and o.feature not in ("country", "continent")]
    if entry.lat is not None and located:
        nearest = min(_km(entry, o) for o in located)
        f["nearest_km"] = math.log1p(nearest) / 10.0
        f["near_other"] = float(nearest <= 161)
    f["in_context_country"] = float(bool(entry.countries) and bool(context.countries & set(entry.countries)))
    f["upper"] = float(mention.text.isupper() and len(mention.text) > 3)
    f["tokens"] = float(len(mention.text.split()))
    return f


def keep(mentions: list["Mention"], settled: "Settled", sureness: dict[str, float]) -> list["Mention"]:
    """The mentions whose reading the keep model finds sure enough (all, without a model)."""
    from .resolve import _group

    model = place_model.load(place_model.KEEP_MODEL_FILE)
    if model is None:
        return list(mentions)
    counts: dict[str, int] = {}
    for mention in mentions:
        counts[_group(mention)] = counts.get(_group(mention), 0) + 1
    kept = []
    for mention in mentions:
        group = _group(mention)
        if model.is_place(keep_features(mention, group, settled, sureness[group], counts[group])):
            kept.append(mention)
    return kept
