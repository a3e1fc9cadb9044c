"""Where the actor mentions are: every run of tokens the knowledge base knows (longest match
first), names a title or an honorific introduces, and surnames that refer back to a full name.

The first step of actor resolution (:mod:`dateline.who.cascade` groups these hits into mentions
and resolves them); what is no actor although it matches ("US-made", "TOKYO," in a dateline,
"Kerry Katona") is left out here (:func:`_keep`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .context import PLACE_WORDS
from .dates import KIND_PRIORITY
from .doctext import Tokens
from .kb import COMPILED_ORIGIN, Entry, KnowledgeBase, normalise
from .names import NAME_PARTICLES, family_name_first, fuzzy_candidate, name_after, particle_surname, surname

# "US-made missiles" names no actor; "US-led" does.
NON_ACTOR_PARTICIPLES = {"made", "based", "built", "funded", "owned", "held", "brokered", "sponsored", "style",
                         "born", "educated", "supplied", "designed", "produced", "registered", "flagged",
                         "controlled", "occupied", "administered", "bound", "backed", "supported", "aligned",
                         "allied", "linked", "affiliated", "inspired", "armed", "trained"}
MAX_SPAN_TOKENS = 9
# Countries whose names put the family name first: "Hu" is Hu Jintao, "Kim" Kim Gye-gwan.
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "VNM", "SGP"})


@dataclass
class Hit:
    """A run of tokens that matched the knowledge base (or a name that a title introduced)."""

    start: int
    end: int
    kind: str
    entries: list[Entry] = field(default_factory=list)
    ref: "Hit | None" = None  # for surnames: the full-name hit they refer back to
    trim: tuple[int, int] | None = None  # character span inside a token with punctuation ("/TASS/.")
    trim_text: str | None = None


def find_hits(doc: Doc, kb: KnowledgeBase, tokens: "Tokens | None" = None) -> list[Hit]:
    """Longest-match lookup of every token run, plus names introduced by title roles or NER."""
    tokens = tokens or Tokens(doc)
    text = tokens.doc_text
    hits: list[Hit] = []
    surnames: dict[str, Hit] = {}

    def add_name(start: int, end: int) -> None:
        """A name the knowledge base lacks; its surname may stand for it later in the story."""
        name = Hit(start, end, "name")
        hits.append(name)
        if end - start > 1 and (last := surname(doc, end - 1)):
            surnames[last] = name

    ents = doc.ents
    person_ents = {ent.start: ent.end for ent in ents if ent.label_ == "PERSON"}
    org_ents = {ent.start: ent.end for ent in ents if ent.label_ == "ORG" and len(ent) > 1}
    introduced: dict[str, Hit] = {}  # organisations a story introduced with a country or role
    n = tokens.n
    i = 0
    after_title = False
    while i < n:
        if tokens.space[i]:
            i += 1
            continue
        tok_text = tokens.text[i]
        if i in org_ents and kb.lookup(doc[i : org_ents[i]].text) == []:
            # "Togo's opposition Union of Forces for Change": an organisation the knowledge base
            # lacks, introduced right after a country or role word, is one name (not the role
            # words "Union" and "Forces"); the story's later "Union of Forces for Change" is it.
            end = org_ents[i]
            name_text = re.sub(r"^[Tt]he ", "", doc[i:end].text)
            previous = hits[-1] if hits else None
            if name_text in introduced:
                hits.append(Hit(i, end, "surname", ref=introduced[name_text]))
                i = end
                continue
            if previous is not None and previous.end == i and previous.kind in ("role", "country", "adjective") \
                    and not doc[i].is_sent_start:
                name = Hit(i, end, "name")
                hits.append(name)
                introduced[name_text] = name
                i = end
                continue
        if tok_text in ("Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr") and i + 1 < n:
            # "the Iranian envoy, Mr. Hosseinzadeh": an honorific introduces a name, whose surname
            # the story may use alone later.
            end = name_after(doc, i + 1)
            if end > i + 1 and not kb.lookup(doc[i + 1 : end].text):
                add_name(i, end)
                i = end
                continue
        best = _longest_match(tokens, i, kb)
        if best is not None and tok_text in surnames and best[0] == i + 1 and all(e.kind == "role" for e in best[1]):
            best = None  # "Imam" after "Adel Imam" is the person, not a role word
        trim = None
        if best is None and not (tok_text[0].isalnum() and tok_text[-1].isalnum()):
            trim, entries_in_token = _match_inside_token(tok_text, tokens.idx[i], kb)
            if entries_in_token:
                best = (i + 1, entries_in_token)
        if best is None and len(tok_text) >= 5 and tok_text[0].isupper():
            fuzzy = kb.fuzzy(tok_text)  # a few dictionary probes, before asking the parse
            if fuzzy and fuzzy_candidate(doc[i]) and not _named_place(tok_text):
                best = (i + 1, fuzzy)
        if best is not None and any(e.kind == "not_actor" for e in best[1]):
            i = best[0]  # "South China Sea": the longer phrase wins and names no actor
            continue
        if best is not None:
            j, entries = best
            hit = Hit(i, j, min(entries, key=lambda e: KIND_PRIORITY.get(e.kind, 9)).kind, list(entries), trim=trim,
                      trim_text=text[trim[0] : trim[1]] if trim else None)
            if _keep(doc, hit, tokens):
                hits.append(hit)
                after_title = hit.kind == "role" and any(e.title for e in entries)
                if hit.kind == "person" and j - i > 1:
                    if last := surname(doc, j - 1):
                        surnames[last] = hit
                    family = family_name_first(doc, j - 1)
                    if any(e.country in FAMILY_NAME_FIRST for e in entries) and family >= i \
                            and surname(doc, family) and not kb.lookup(doc[family].text):
                        surnames[doc[family].text] = hit  # "Hu Jintao" ... "Hu said"; "Ban Ki-moon" ... "Ban"
                i = j
                continue
        if after_title:
            # "President Mahendra Chaudhry": a name the KB lacks, introduced by a title.
            after_title = False
            name_end = name_after(doc, i)
            if name_end > i:
                add_name(i, name_end)
                i = name_end
                continue
        if tok_text in surnames and _used_as_name(doc[i]):
            hits.append(Hit(i, i + 1, "surname", ref=surnames[tok_text]))
            i += 1
            continue
        if surnames and tok_text.lower() in NAME_PARTICLES and particle_surname(doc, i, surnames) > i:
            hits.append(Hit(i, i + 2, "surname", ref=surnames[doc[i + 1].text]))
            i += 2
            continue
        if i in person_ents and person_ents[i] - i > 1:
            end = person_ents[i]
            if doc[end - 1].text in surnames and not kb.lookup(doc[i:end].text):
                # "Al-Sahhaf" after "Mohammad Said al-Sahhaf": the same person, not a new name.
                hits.append(Hit(i, end, "surname", ref=surnames[doc[end - 1].text]))
                i = end
                continue
            add_name(i, end)
            i = end
            continue
        i += 1
    return hits


def _used_as_name(token: Token) -> bool:
    """Whether a word the story introduced as a surname stands for the person here. The small
    model tags an unfamiliar name opening a sentence as a common noun ("Natsios arrived in
    Khartoum"), so a sentence's first word or a word NER calls a person counts beside PROPN."""
    return token.pos_ == "PROPN" or token.is_sent_start or token.ent_type_ == "PERSON"


def _named_place(word: str) -> bool:
    """Whether ``word`` is itself the name of a place in the gazetteer: "Sanya" is a Chinese
    city, not a misspelled "Sanaa", and "Chana" a Thai district, not "China"."""
    from ..where import gazetteer

    return any(not entry.alternate for entry in gazetteer.load().lookup(word))


def _longest_match(tokens: "Tokens", i: int, kb: KnowledgeBase) -> tuple[int, list[Entry]] | None:
    """The longest token run starting at ``i`` whose text is a KB key, with its entries."""
    longest = kb.longest_key(tokens.text[i])
    if longest is None:
        return None
    best = ours = None
    start_char = tokens.idx[i]
    for j in range(i + 1, min(tokens.n, i + MAX_SPAN_TOKENS) + 1):
        if tokens.space[j - 1]:
            if j - 1 > i and tokens.text[j - 1].count("\n") == 1:
                continue  # a hard-wrapped line inside a name ("the United\nStates"): read on
            break
        end_char = tokens.idx[j - 1] + len(tokens.text[j - 1])
        if end_char - start_char > longest + 1:
            break
        key = normalise(tokens.doc_text[start_char:end_char])
        # No key starts with this run, so none starts with a longer one. (Only asked of ASCII
        # text, where lower-casing a longer run keeps the shorter run's form as its prefix.)
        if key.isascii() and not kb.could_start(key.lower()):
            break
        entries = kb.lookup(key)
        if entries and j < tokens.n and tokens.text[j].istitle() and not kb.lookup(key, respell=False):
            continue  # "Mohamed Hussein" respelled is someone else than "Mohamed Hussein Aidid"
        if entries:
            if entries[0].origin != COMPILED_ORIGIN:
                ours = (j, entries)
            best = (j, entries)
    if best is not None and ours is not None and best[0] > ours[0] and ours[0] < tokens.n:
        # Our files take precedence: "President Bush" is our title and our dated surname, not the
        # dictionary's one-man phrase, when what follows our match is a name we know ourselves.
        following = kb.lookup(tokens.text[ours[0]])
        if any(e.origin != COMPILED_ORIGIN for e in following):
            return ours
    return best


WRAPPED = re.compile(r"^\W*(\w[\w.\-']*\w|\w)\W*$")


def _match_inside_token(text: str, idx: int, kb: KnowledgeBase) -> tuple[tuple[int, int] | None, list[Entry]]:
    """A name wrapped in punctuation the tokenizer kept attached ("/TASS/." in wire datelines),
    in the token of text ``text`` at character ``idx``."""
    match = WRAPPED.match(text)
    if not match or match.group(1) == text:
        return None, []
    entries = [e for e in kb.lookup(match.group(1)) if e.kind != "role"]
    if not entries:
        return None, []
    return (idx + match.start(1), idx + match.end(1)), entries


def _day_of_month(text: str) -> bool:
    """"May 15", "17 November": a month (the `when` stage's month words) and a day number."""
    from ..when import lexicon

    words = text.lower().split()
    return len(words) == 2 and any(w.isdigit() and len(w) <= 2 for w in words) \
        and any(w.rstrip(".") in lexicon.load().months for w in words)


def _keep(doc: Doc, hit: Hit, tokens: "Tokens") -> bool:
    """Drop matches that are not actors: datelines ("TOKYO,"), "US-made", names inside names."""
    texts, n = tokens.text, tokens.n
    span_text = tokens.doc_text[tokens.idx[hit.start] : tokens.idx[hit.end - 1] + len(texts[hit.end - 1])]
    if hit.kind in ("capital", "place") and span_text.isupper() and len(span_text) > 3:
        return False  # a wire dateline such as "TOKYO, June 1" or "JEDDAH, September 16"
    if hit.end + 1 < n and texts[hit.end] == "-" and texts[hit.end + 1] in NON_ACTOR_PARTICIPLES:
        return hit.kind not in ("country", "adjective")
    if len(span_text) == 2 and span_text.isupper() and hit.start >= 2 and texts[hit.start - 1] == "," \
            and doc[hit.start - 2].pos_ == "PROPN" and (hit.end >= n or doc[hit.end].is_punct or doc[hit.end].is_space):
        return False  # "Harrisburg, PA": a US state's postal code after its town, not the Palestinian Authority
    if _day_of_month(span_text) and all(doc[i].ent_type_ == "DATE" for i in range(hit.start, hit.end)):
        return False  # "a disputed May 15 election": a date, not the dictionary's May 15 group
    following = doc[hit.end] if hit.end < n else None
    if hit.kind in ("person", "capital", "country", "place") and hit.end - hit.start == 1 and following is not None \
            and following.ent_type_ == "PERSON" and following.ent_iob_ == "I":
        return False  # "Kerry Katona", "Israel Folau", "London Rene": a first name inside another person's name
    if hit.kind == "adjective" and hit.end - hit.start == 1 and _a_language(doc[hit.start]):
        return False  # "texts written in Spanish": a language, not Spain
    if hit.kind == "capital" and following is not None and following.lower_ in PLACE_WORDS - {"city"}:
        return False  # "Kabul province", "Douglas County": a region named after the city, not its government
    if hit.kind != "role":
        return True
    if span_text.lower() == "side" and following is not None and following.pos_ == "PROPN":
        return False  # "Greek side AEK Athens": a sports team, not a government
    if span_text.lower() == "opposition" and following is not None and following.lower_ == "to":
        return False  # "Moscow's opposition to NATO" is a stance, not the political opposition
    # Role words inside a proper name ("Security Council" handled by the longer key; "House"
    # of "White House" likewise) are kept; lower-case role words inside a PERSON entity are not.
    return doc[hit.start].ent_type_ != "PERSON"


LANGUAGE_VERBS = frozenset({"speak", "learn", "teach", "understand", "translate", "write", "read"})


def _a_language(token: Token) -> bool:
    """A nationality word standing alone as what is spoken or written in: "in Spanish", "into
    Arabic", "speaks French"; not "in Spanish waters" (it modifies a noun there)."""
    if token.dep_ == "pobj":
        return token.head.lower_ in ("in", "into")
    return token.dep_ == "dobj" and token.head.lemma_.lower() in LANGUAGE_VERBS


# --- grouping hits into mentions --------------------------------------------------------------


