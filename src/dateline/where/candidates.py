"""Place candidates beyond what the rules of ``resolve.find_mentions`` accept, with the features
the learned decision (``model.py``) weighs.

The small spaCy model tags many towns as ORG ("Gainesville Police"), PERSON ("Greer") or
nothing at all, and the rules only take such a name when a locative word or a qualifier vouches
for it. Here every capitalised stretch of text that spells a gazetteer name is a candidate:
inside or outside any entity, whatever its label, and "X County" or "the X region" by the
name without its generic word. So is every nationality word ("Russian", "Palestinians"), read
as its country, which gold geoparsing data marks as a toponym. Whether a candidate is a place
is not decided here: each one carries its context (neighbouring words, the entity label, the
syntactic head, what the gazetteer holds under the name, whether the article names it as a
place elsewhere) for the model to weigh.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from . import gazetteer
from .gazetteer import Entry, normalize

MAX_TOKENS = 5
# Lower-case words allowed inside a capitalised name ("Stratford upon Avon", "Isle of Wight").
NAME_JOINERS = frozenset({"of", "de", "del", "du", "la", "le", "el", "upon", "on", "-", "'s", "da", "al"})
GENERIC_WORDS = frozenset(
    {"county", "province", "state", "region", "district", "governorate", "prefecture", "oblast",
     "township", "parish", "borough", "city", "town", "village", "island", "islands", "area",
     "territory", "valley", "river", "municipality", "department"}
)
# Lower-case words that end a facility's or region's name in running text ("the Rafah
# crossing", "Kabul airport", "Hodeidah port"): the longer name is looked up first.
TRAILING_WORDS = frozenset({"crossing", "airport", "port", "checkpoint", "corridor", "base", "airbase", "plant"})
# A capitalised word that spaCy reads as one of these is a word, not a name ("Reading the report").
NOT_NAME_POS = frozenset({"VERB", "AUX", "ADV", "ADP", "PRON", "DET", "CCONJ", "SCONJ", "PART", "INTJ", "NUM"})
SKIP_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
LOCATIVE = frozenset({"in", "at", "near", "outside", "from", "to", "into", "across", "toward", "towards", "around", "through", "of", "between", "throughout", "inside", "within"})


@dataclass
class Candidate:
    """A span that may name a place, its gazetteer entries and its features."""

    start: int  # token offsets
    end: int
    text: str
    key: str
    entries: tuple[Entry, ...]
    kind: str  # "name" or "demonym"
    features: dict[str, float] = field(default_factory=dict)


def _is_capitalised(text: str) -> bool:
    return text[:1].isupper()


def _demonym_key(text: str, table: dict[str, str]) -> str | None:
    key = normalize(text)
    if key in table:
        return key
    if key.endswith("s") and key[:-1] in table:  # "Palestinians", "Russians"
        return key[:-1]
    return None


def find_candidates(doc: Doc, taken: list[bool]) -> list[Candidate]:
    """Capitalised gazetteer names and nationality words on tokens no rule mention holds,
    longest first, without overlaps, in text order."""
    db = gazetteer.load()
    demonyms = gazetteer.demonyms()
    found: list[Candidate] = []
    tokens = list(doc)  # indexing a list is far cheaper than indexing the Doc, in this hot loop
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        if taken[i] or not _is_capitalised(token.text) or not token.is_alpha:
            i += 1
            continue
        match: Candidate | None = None
        for j in range(min(n, i + MAX_TOKENS), i, -1):
            last = tokens[j - 1]
            if not (_is_capitalised(last.text) and last.is_alpha):
                continue
            if any(taken[k] for k in range(i, j)):
                continue
            if any(not _is_capitalised(t.text) and t.lower_ not in NAME_JOINERS for t in tokens[i:j]):
                continue
            span = doc[i:j]
            # A nationality word, of one or more words ("Sri Lankan"), before any namesake.
            demonym = _demonym_key(span.text, demonyms)
            if demonym is not None:
                country = db.country(demonyms[demonym])
                if country is not None:
                    match = Candidate(i, j, span.text, demonym, (country,), "demonym")
                    break
            entries = db.lookup(span.text)
            if not entries and len(span) > 1 and last.lower_ in GENERIC_WORDS:
                entries = tuple(e for e in db.lookup(span[:-1].text) if e.feature not in ("city", "capital") or last.lower_ in ("city", "town", "village"))
            if entries:
                key = normalize(span.text)
                if len(key.replace(" ", "")) <= 2:
                    continue
                if len(span) == 1 and token.pos_ in NOT_NAME_POS:
                    continue
                match = Candidate(i, j, span.text, key, entries, "name")
                if j < n and not taken[j] and doc[j].lower_ in TRAILING_WORDS:
                    longer = doc[i : j + 1]
                    named = db.lookup(longer.text)
                    if named:
                        match = Candidate(i, j + 1, longer.text, normalize(longer.text), named, "name")
                break
        if match is None:
            i += 1
            continue
        found.append(match)
        i = match.end
    return found


def _entity_of(doc: Doc) -> list[Span | None]:
    owner: list[Span | None] = [None] * len(doc)
    for ent in doc.ents:
        for k in range(ent.start, ent.end):
            owner[k] = ent
    return owner


def describe(doc: Doc, candidates: list[Candidate], rule_keys: set[str]) -> None:
    """Fill each candidate's features (the names the model's weights are stored under)."""
    owner = _entity_of(doc)
    place_keys = set(rule_keys)
    person_keys: set[str] = set()
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC"):
            place_keys.add(normalize(ent.text))
        elif ent.label_ == "PERSON":
            person_keys.update(normalize(t.text) for t in ent)
    lower_words = {t.lower_ for t in doc if t.is_lower}
    counts: dict[str, int] = {}
    for c in candidates:
        counts[c.key] = counts.get(c.key, 0) + 1
    for c in candidates:
        span = doc[c.start : c.end]
        f: dict[str, float] = {"bias": 1.0, f"kind={c.kind}": 1.0}
        ent = owner[c.start]
        if ent is None or ent.label_ in SKIP_LABELS:
            f["ent=none"] = 1.0
        else:
            f[f"ent={ent.label_}"] = 1.0
            exact = ent.start == c.start and ent.end == c.end
            f[f"ent_exact={exact}"] = 1.0
            f[f"ent_exact_{ent.label_}={exact}"] = 1.0
            if not exact:
                f["ent_first" if ent.start == c.start else "ent_inner"] = 1.0
        prev = doc[c.start - 1] if c.start > 0 else None
        prev2 = doc[c.start - 2] if c.start > 1 else None
        nxt = doc[c.end] if c.end < len(doc) else None
        nxt2 = doc[c.end + 1] if c.end + 1 < len(doc) else None
        f[f"prev={prev.lower_ if prev is not None else '<s>'}"] = 1.0
        if prev2 is not None and prev is not None and prev.lower_ == "the":
            f[f"prev2={prev2.lower_}"] = 1.0
        f[f"next={nxt.lower_ if nxt is not None else '</s>'}"] = 1.0
        if nxt is not None and nxt.text == "," and nxt2 is not None:
            f["next_comma_place"] = float(normalize(nxt2.text) in place_keys or bool(
                [e for e in gazetteer.load().lookup(nxt2.text) if e.feature in ("adm1", "country")]
            ))
        if prev is not None and prev.lower_ in LOCATIVE:
            f["prev_locative"] = 1.0
        root = span.root
        f[f"dep={root.dep_}"] = 1.0
        # "Reading the report": a verb or adjective that happens to share a town's name.
        f[f"pos={root.pos_}"] = 1.0
        f[f"tag={doc[c.start].tag_}"] = 1.0
        if root.head.i != root.i and not (c.start <= root.head.i < c.end):
            f[f"head={root.head.lemma_.lower()}"] = 1.0
        if span[-1].lower_ in GENERIC_WORDS:
            f[f"last={span[-1].lower_}"] = 1.0
        f["sent_start"] = float(doc[c.start].is_sent_start or (prev is not None and prev.text in ('"', "“", "(")))
        at_paragraph = c.start == 0 or "\n" in doc[c.start - 1].text_with_ws
        f["para_start"] = float(at_paragraph)
        f["upper"] = float(span.text.isupper() and len(span.text) > 3)
        f["tokens"] = float(len(span))
        f["repeated"] = math.log1p(counts[c.key] - 1)
        f["named_place_elsewhere"] = float(c.key in place_keys)
        f["in_person_name"] = float(c.key in person_keys or any(normalize(t.text) in person_keys for t in span))
        f["word_in_lowercase"] = float(c.key in lower_words)
        f["stop_word"] = float(len(span) == 1 and (doc[c.start].is_stop or doc[c.start].lower_ in lower_words))
        _gazetteer_features(c.entries, f)
        c.features = f


def _gazetteer_features(entries: tuple[Entry, ...], f: dict[str, float]) -> None:
    cities = [e for e in entries if e.feature in ("city", "capital") and not e.alternate]
    population = max((e.population for e in cities), default=0)
    f["log_population"] = math.log10(population + 1) / 7.0
    f["big_city"] = float(population >= 100_000)
    f["town"] = float(0 < population < 100_000)
    f["candidates"] = math.log1p(len(entries)) / 5.0
    f["only_alternate"] = float(all(e.alternate for e in entries))
    for feature in {e.feature for e in entries}:
        f[f"has={feature}"] = 1.0
    f["curated"] = float(any(e.id.startswith("dateline:") for e in entries))
    f["usa"] = float(any(e.country == "USA" for e in entries))
