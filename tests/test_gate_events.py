"""Quality gate for the event coder: scores on the shared gold sets and the project's own gold
may not fall below the floors pinned here at measured values (rounded down by at most 0.01).

The accuracy floors are the ones on data never fitted on: the wire-gold **test** split (real
AFP, Xinhua and Reuters stories; the models were fitted on train and settings chosen on dev)
and the held-out test slice of the five-class sentences. The other floors (PLOVER, PETRARCH-2,
the project's own stories) are regression tests of behaviour, not accuracy figures: the own
stories were written for the project, and their floors sit at what the learned decision
gives on them.

Raise a floor when the coder improves; never lower one silently. The held-out articles
(heldout.jsonl, annotated before the coder was run on them) have their own floors and are kept out
of the own-gold pool, whose floors measure the articles the coder was developed on. (Held-out
floors were re-pinned when held-out articles were added: 0.92 with four articles; 0.85 with
seven, the three added being Thailand-Cambodia, Niger-France and Egypt-Ethiopia.) When the
learned decision joined the clause rules, the own-story floors were re-pinned at what it gives
(own 1.0 → precision 0.54, recall 0.82; held-out 0.87/0.85 → 0.47/0.80): it was chosen on real
wire stories (wire-gold dev), and these stories were written for the project. The PETRARCH-2
false-event ceiling rose to 0.50 (6 of 12 no-event sentences) for the same reason. Runs all 164
PLOVER dev sentences, all 79 PETRARCH-2 validation records and every tests/data/gold/*.jsonl
article (about 30 s of parsing on the development machine).

When the sentence encoder was fine-tuned (five classes and party pairs) and the event model
refitted on it, the wire-gold test floors rose (F1 0.29 → 0.36, date 0.81 → 0.89, modality
0.77 → 0.84), the five-class slice 0.73 → 0.89 and PLOVER type 0.81 → 0.85; the PETRARCH-2
floors fell (root 0.50 → 0.46, root and actors 0.40 → 0.39) and so did the own-story date floor
(0.97 → 0.94: two of the seed story's acts are now dated at another precision than their
gold: a month for a day, the story's day for its year). The PETRARCH-2 records are single sentences outside the news the model was fitted
and chosen on; they stay regression tests.

The int8 encoder does not give the same figures on every CPU: its integer kernels differ
between processors with and without VNNI instructions (wire-gold test F1 0.366 on the machine
that pinned the earlier floors, 0.358 on the next with the same model). CI runs on the machine
of the session that lands the change, so the floors are pinned at that machine's figures. At the
last refit (the encoder reading one sentence per run, a clause-path feature, a model pair
dropped where the rules coded the act the other way round; chosen on wire-gold dev, F1 0.497 →
0.507) and the ethnic-group rule of `who`, this machine measured: wire-gold test P 0.350
R 0.359 F1 0.355, date 0.895, modality 0.855; five-class slice 0.896; PLOVER 0.860 / 0.738;
PETRARCH-2 0.515 / 0.409; own stories P 0.680 R 0.829 F1 0.747 date 0.941; held-out P 0.744
R 0.780 date 0.969. Lower than before: wire-gold test F1 0.36 → 0.35 and recall 0.39 → 0.35,
held-out recall 0.80 → 0.78 (the settings were chosen on dev; these are what they give on test).
The next session's machine (AMD EPYC, AVX2 without VNNI) measured, with the same models: wire-gold
test P 0.351 R 0.359 F1 0.355, date 0.896, modality 0.857; five-class slice 0.896; PLOVER 0.860 /
0.738; PETRARCH-2 0.500 / 0.394, so the PETRARCH-2 floors sit at 0.50 and 0.39 there.

When a rule event left without a target became its source's domestic act where the model finds
that act likely, and was dropped elsewhere (chosen on wire-gold dev: F1 0.507 -> 0.537, precision
0.503 -> 0.548), a machine with VNNI measured wire-gold test P 0.353 -> 0.380, R 0.359 -> 0.367,
F1 0.356 -> 0.374, date 0.895 -> 0.886, modality 0.855 -> 0.861; PLOVER type 0.860 -> 0.835, type
and actors 0.738 -> 0.744 (a PLOVER sentence whose one event had no target now has none, and
PLOVER scores type without actors); own stories, held-out stories and PETRARCH-2 unchanged. The
test floors rose (F1 0.35 -> 0.37, precision 0.34 -> 0.37, recall 0.35 -> 0.36; a hundredth
under the measure, for the CPUs without VNNI), the date floor fell to 0.88 and the PLOVER type
floor to 0.83 (the change was chosen on dev; these are what it gives).

When an act with no date in its own clause took the one day near the story's date that its
sentence names (chosen on wire-gold train and dev: date accuracy 0.854 -> 0.866 and 0.864 ->
0.884), the same machine measured wire-gold test date 0.886 -> 0.900, F1 0.374 -> 0.376,
modality 0.861 -> 0.863; nothing else moved, and the test date floor rose to 0.89.

When the rules' own domestic acts were held to the model's event threshold, as the targetless
ones are (chosen on wire-gold dev: F1 0.536 -> 0.538, precision 0.545 -> 0.568, recall 0.526 ->
0.511, date 0.884 -> 0.870), the same machine measured wire-gold test P 0.384 -> 0.391, R 0.367
-> 0.359, F1 0.376 -> 0.374, date 0.900 -> 0.899, modality 0.863 -> 0.873; PLOVER, PETRARCH-2 and
the own stories unchanged. The test recall floor fell to 0.35.

Refitting the event model under these rules (`scripts/train_events.py`, unchanged) chose the
event threshold 0.3 instead of 0.25 by the script's own rule (the most precise setting within
0.005 of the best wire-gold dev F1: dev F1 0.538 -> 0.536, precision 0.568 -> 0.645, recall 0.511
-> 0.459). The same machine measured wire-gold test P 0.391 -> 0.465, R 0.359 -> 0.344, F1 0.374
-> 0.395, date 0.899 -> 0.903, modality 0.873 -> 0.861; PLOVER type 0.835 -> 0.811 and type and
actors 0.744 -> 0.732 (dev half 0.844 -> 0.831, held-out half 0.828 -> 0.793); PETRARCH-2 0.515
-> 0.500 and 0.409 -> 0.394; own stories P 0.680 -> 0.773, held-out stories P 0.744 -> 0.780.
Floors, each at the measure rounded down to the hundredth: test F1 0.39, precision 0.46, recall
0.34, date 0.90, modality 0.86; PLOVER 0.81 / 0.73; own stories precision 0.77, F1 0.79 (0.773,
0.7999...: 0.80 in floating point); held-out stories precision 0.78 (0.780).
The next machine (AMD EPYC without VNNI, the same models) measured wire-gold test P 0.462,
R 0.344, F1 0.394, date 0.901, modality 0.859, so the modality floor sits at 0.85 there.

The test split is also scored as filed, a wire dateline written back in front of each story
(wire-gold's texts have theirs cut; `dateline eval events --datelines`). Before the dateline
became a sentence of its own, the lead behind it lost its acts (test F1 0.394, recall 0.328 as
filed); after, F1 0.399, recall 0.336 (train 0.632 -> 0.660, dev 0.523 -> 0.543 as filed; without
datelines the splits are unchanged). Floors F1 0.39, recall 0.33.

Then, chosen on train and dev (each step's figures in its commit): the UN's organs acting as the
UN and the Arab League as ARL, as CAMEO and the guide code them; a name after a role's posting
("US envoy in Sudan Andrew Natsios") as the role holder; a gazetteer place ("Sanya") never a
misspelled capital; and a target the rules guess from the story's other party held to the
model's threshold. Wire-gold train F1 0.6555 -> 0.6607, dev 0.5353 -> 0.5446; this machine then
measured test P 0.462 -> 0.471, R 0.344, F1 0.394 -> 0.397, and as filed F1 0.402, recall 0.336;
PLOVER, PETRARCH-2 and the own stories unchanged. Floors: test precision 0.47, as filed F1 0.40.

When the lead behind a dateline kept the event model's first-sentence feature (chosen on the
splits as filed: train F1 0.662 -> 0.663, dev 0.545 -> 0.552), the test split as filed went from
P 0.500 R 0.336 F1 0.402 to P 0.477 R 0.344 F1 0.3997; without datelines nothing moved. The
as-filed floors are now F1 0.39 and recall 0.34 (the change was chosen on dev; this is what it
gives on test).

When a time of day came to date its act ("on Monday afternoon", chosen on train: F1 0.6607 ->
0.6628; dev unchanged), a machine without VNNI measured test P 0.471 R 0.344 F1 0.3974, date
0.900 -> 0.901, modality 0.859; as filed F1 0.3997, date 0.903; PLOVER 0.811 / 0.732. No floor
moves: each already sits at its measure rounded down to the hundredth.

When a name's own title came to place it ("UNSCOM chief Rolf Ekeus", "Gustave Feissel, the UN
representative in Nicosia"; chosen on wire-gold actor recall, train 0.8625 -> 0.8643 and dev
unchanged; events train F1 0.6645 -> 0.6669, dev 0.5453 -> 0.5437, one false alarm from a rightly
placed official), a machine with VNNI measured test P 0.4744 -> 0.4713, R 0.3438, F1 0.3986 ->
0.3976, date 0.903, modality 0.861; as filed F1 0.4009 -> 0.3998; PLOVER, PETRARCH-2 and the own
stories unchanged. Floors at this machine's measures rounded down: precision 0.47, modality 0.86
(0.861; a CPU without VNNI measured 0.859 before this change and its precision may fall under
0.47 with this one false alarm: a session there re-measures and re-pins, with the figures here).
The next machine (no VNNI, the same models) measured wire-gold test P 0.4679, R 0.3438, F1 0.3963,
date 0.901, modality 0.859; as filed F1 0.3986: the precision floor sits at 0.46 and modality at
0.85, the lower of the two CPUs' measures rounded down.

Then, chosen on train and dev (each step's figures in its commit; dev did not move, train hits
364 -> 369, false alarms 229 -> 218, actor recall 0.8647 -> 0.8724): a surname keeps its
person's country through a story and stands for the person at a sentence's start; a name in
apposition takes its phrase's country and a role a country possesses is that country's; West
Germany is DEU, as ISO 3166 and the Phoenix dictionaries code it (DEW matched no gold); a date is
not the group named after it; "they" is the plural subject of the verb governing it; a country
before "-backed" is not the group's actor; a model pair whose source only reports another
party's act is dropped; a role of a place the parser tags takes the gazetteer's country. This
machine (VNNI) measured wire-gold test, at the session's start and after: P 0.4713 -> 0.4733,
R 0.3438 -> 0.3203, F1 0.3976 -> 0.3821 (hits 44 -> 41, events 157 -> 150), date 0.903 -> 0.913,
modality 0.861 -> 0.870; as filed F1 0.3998 -> 0.3888, recall 0.3438 -> 0.3281. Three test hits
fewer is inside the split's bootstrap interval (F1 0.298-0.462); the floors follow the measure:
test F1 0.38, recall 0.32, as filed F1 0.38, recall 0.32 (the changes were chosen on train and
dev; this is what they give on test). The other test floors rise to this machine's measures
rounded down: precision 0.47 (0.4733), date 0.91 (0.913), modality 0.86 (0.870). A CPU without
VNNI read precision 0.4679 and modality 0.859 before these changes: a session there re-measures
with `dateline eval events --split test` and re-pins, with its figures here.

Then (2026-12-07, second session; each step's figures in its commit): a rule event whose target
an earlier sentence names ("Iran condemned the decision", "China urged both sides") is kept where
the model finds its source's likeliest pair above the rule threshold (no candidate pair held such
a target, so the model had dropped every one); "up to 16 advisers" is the object; a coercive act
falls on the country its clause names, not the dateline's; "the alliance" and "the bloc" stand
for the organisation named before them; an event noun's modifier sets its modality. Wire-gold
train hits 369 -> 370 (F1 0.6769 -> 0.6774), dev F1 0.5437 -> 0.5446 (one matched optional
event), PLOVER dev half type 0.831 -> 0.844. This machine (VNNI) then measured wire-gold test
P 0.4733 -> 0.4737, R 0.3203, F1 0.3821 -> 0.3822, date 0.913, modality 0.870; as filed F1 0.3888
-> 0.3900; PLOVER 0.817 / 0.732 (held-out half 0.793 / 0.713, unchanged); PETRARCH-2 unchanged;
own stories (developed on) P 0.792 R 0.927 F1 0.854 date 0.947; held-out stories P 0.783 R 0.878
date 0.972. The own and held-out floors rise to these measures rounded down; the test floors stay.

Then (2026-12-07, third session; each step's figures in its commit): who places "his security
forces" by the person "his" stands for and troops by the country that sends them; 26 officials
and five groups of 2025; "social media" is no media actor; the coder no longer gives a party who
left without a country the sentence's one country; a capital in a prepositional phrase is no
source the model pairs, nor a party "alongside" a target; placeless ("Dec 3 (Reuters) -") and
newspaper ("KYIV, Ukraine —") datelines are read; a hyphenated pair names an event noun's parties
("US-China talks resumed") and "will be held" makes such a noun planned; tariffs raised and cut,
a summoned ambassador, fired drones, a weapons test, an observed ceasefire, "his counterpart" and
an object pronoun of a participle are coded. Wire-gold train F1 0.6774 -> 0.6789 (hits 370,
false alarms 220 -> 216), dev unchanged (0.5446). This machine (VNNI) then measured wire-gold test
P 0.4737 -> 0.4733, R 0.3203, F1 0.3822 -> 0.3821 (hits 41, events 152 -> 150), date 0.913 ->
0.9265, modality 0.870 -> 0.8824; as filed F1 0.3900 -> 0.3910; PLOVER, PETRARCH-2, five-class
and the own and held-out stories unchanged. The date and modality floors rise to these measures
rounded down (0.92, 0.88).

2026-12-07: units a country fires are never its attack's target; plural not_actors ("US
dollars"); seas named after countries; "help" + verb, "have" + relation, "provide", "sign a
motion", "pull out of talks", "phone call", "each other", a mutual act's object as partner; the
model never targets a "despite"/"amid" party or, beside a partner, a capital's host. Wire-gold
train F1 0.6789 -> 0.6931, dev 0.5446 -> 0.5462; this machine (VNNI) then measured test unchanged
(P 0.4733, R 0.3203, F1 0.3821, date 0.9265, modality 0.8824; as filed F1 0.3910, R 0.3281),
PLOVER, PETRARCH-2, five-class and the own and held-out stories unchanged. The as-filed F1 floor
rises to its measure rounded down (0.38 -> 0.39).

2026-12-07 (evening): the subject of an undergoing verb ("faces pressure from Congress") or of a
headline's passive ("UN urged to ...") is no source of the learned decision. PETRARCH-2 root
accuracy 0.500 -> 0.485: in "Obama faces pressure from Congress to help Iran" (gold: a demand,
source unknown, target USA) the one event coded had been Obama -> Iran 100, the right root with
both actors wrong; now there is none ("Congress" alone names no country in a one-sentence story).
Root and actors 0.394 unchanged. The root floor moves to that measure rounded down (0.50 -> 0.48).
With the rest of the session's changes (chosen on train and dev: train F1 0.6954 -> 0.6984, dev
unchanged), this machine (VNNI) measured wire-gold test P 0.4830 -> 0.4931, R 0.3203, F1 0.3852
-> 0.3883, date 0.9265, modality 0.8824; as filed F1 0.3941 -> 0.3973. The test precision floor
rises 0.47 -> 0.49, the measure rounded down; the PETRARCH-2 false-event ceiling on its no-event
sentences falls 0.50 -> 0.25, its measure (3 of 12 sentences, from 4 when headline passives
stopped making their subjects act).
The next session ran on a CPU without VNNI. At its start (76c2be7) it measured wire-gold test
P 0.4930, R 0.3203, F1 0.3883, date 0.9254, modality 0.8806; after its changes (chosen on train and
dev: train F1 0.6963 -> 0.7018, dev 0.5682 -> 0.5699) P 0.4965, R 0.3203, F1 0.3894, date 0.9265,
modality 0.8971; as filed F1 0.3973 -> 0.3984. The modality floor rises to that measure rounded
down (0.88 -> 0.89: called-off acts are negated, put-off ones planned, and a decided act on a
coordinated verb takes that verb's mood); the other floors already sit at the measures rounded
down. A CPU with VNNI measured modality 0.8824 before these changes: a session there re-measures.
The session after (2026-12-08, a CPU without VNNI; chosen on train and dev: news outlets are no
parties of the learned decision, as filed train false alarms 195 -> 190 and dev hits 66 -> 67)
measured at its start (d113c17) wire-gold test P 0.4931, R 0.3203, F1 0.3883, and after it
P 0.4932, R 0.3281, F1 0.3941, date 0.9275, modality 0.8986; as filed F1 0.3962 -> 0.4019, recall
0.3281 -> 0.3359. The test F1 floor rises to 0.39 and the as-filed floors to F1 0.40 and recall
0.33, the measures rounded down; the own developed-on floors fall (see OWN_FLOORS).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate import events as evaluation
from dateline.evaluate import sentences, wiregold

GOLD = Path(__file__).resolve().parent / "data" / "gold"

PLOVER_FLOORS = {"type_accuracy": 0.81, "type_source_target_accuracy": 0.73}
PETR2_FLOORS = {"root_accuracy": 0.48, "root_source_target_accuracy": 0.39}
PETR2_CEILINGS = {"false_event_rate_on_noevent_sentences": 0.25}
# Stories written for the project, regression floors only. Precision 0.79 -> 0.77 and F1 0.85 -> 0.84
# when news outlets left the learned decision (wire-gold as filed: train false alarms 195 -> 190,
# dev hits 66 -> 67): the seed story's headline act "sign" (RUS -> JPN 036, a wrong direction
# that had matched a symmetric gold 031 by its root) is now an extra event (0.7917 -> 0.7755).
OWN_FLOORS = {"precision": 0.77, "recall": 0.92, "f1": 0.84, "date_accuracy": 0.94, "modality_accuracy": 1.0}
HELDOUT = "heldout.jsonl"
HELDOUT_FLOORS = {"precision": 0.78, "recall": 0.87, "date_accuracy": 0.97, "modality_accuracy": 1.0}


@pytest.mark.slow
def test_plover_dev_floors(shared):
    scores = evaluation.evaluate_plover(shared / "events" / "plover-gsr-dev.json").scores
    for name, floor in PLOVER_FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])


@pytest.mark.slow
def test_petr2_validation_floors(shared):
    scores = evaluation.evaluate_petr2(shared / "events" / "petr2-gsr-validation.xml").scores
    for name, floor in PETR2_FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])
    for name, ceiling in PETR2_CEILINGS.items():
        assert scores[name] <= ceiling, (name, scores[name])


@pytest.mark.slow
def test_own_gold_floors(shared):
    # the seed story's text is read in place from ../shared, hence the fixture
    developed_on = [path for path in sorted(GOLD.glob("*.jsonl")) if path.name != HELDOUT]
    scores = evaluation.evaluate_gold_files(developed_on).scores
    for name, floor in OWN_FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])


@pytest.mark.slow
def test_heldout_gold_floors():
    """Articles annotated before the coder was run on them: the honest own-gold figure."""
    scores = evaluation.evaluate_gold(GOLD / HELDOUT).scores
    for name, floor in HELDOUT_FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])


WIRE_GOLD_TEST_FLOORS = {"f1": 0.39, "precision": 0.49, "recall": 0.32, "date_accuracy": 0.92,
                         "modality_accuracy": 0.89}
FIVE_CLASS_TEST_FLOOR = 0.89


@pytest.mark.slow
def test_wire_gold_test_split_floors(shared):
    """Real wire stories never fitted on or used to choose a setting."""
    scores = wiregold.evaluate_split("test", details=False).scores
    for name, floor in WIRE_GOLD_TEST_FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])


WIRE_GOLD_FILED_FLOORS = {"f1": 0.40, "recall": 0.33}


@pytest.mark.slow
def test_wire_gold_test_split_as_filed_floors(shared):
    """The same stories with a wire dateline written back in front ("BEIJING, Nov. 6 (Xinhua) - "),
    as stories come from the wire and the readers: the lead must code as it does without one."""
    scores = wiregold.evaluate_split("test", details=False, datelines=True).scores
    for name, floor in WIRE_GOLD_FILED_FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])


@pytest.mark.slow
def test_five_class_held_out_slice_floor(shared):
    assert sentences.evaluate_five("test").scores["accuracy"] >= FIVE_CLASS_TEST_FLOOR
