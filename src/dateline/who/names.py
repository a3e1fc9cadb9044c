"""Names in running text: where a proper name ends, its surname, its other spellings, and which
tokens may be a misspelled country. Helpers of the mention finder in :mod:`dateline.who.mentions`
and of the knowledge base's lookup."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..errors import InputError


def fuzzy_candidate(tok: Token) -> bool:
    """A capitalised proper noun the parser does not take for a person or a title: the only
    tokens worth a misspelled-country lookup ("Ethopia", "Quatar"; never "Sedan" or Rosa "Parks";
    not a company either: "Columbia said" is Columbia Gas)."""
    if tok.pos_ != "PROPN" or not tok.is_alpha or tok.text.isupper() or tok.ent_type_ in ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT"):
        return False
    # A misspelled country stands alone, not inside a longer name ("Santa Fe", "Inland Steel").
    doc = tok.doc
    before = next((doc[k] for k in range(tok.i - 1, -1, -1) if not doc[k].is_space), None)
    after = next((doc[k] for k in range(tok.i + 1, len(doc)) if not doc[k].is_space), None)
    return not any(t is not None and t.pos_ == "PROPN" and t.text[:1].isupper() for t in (before, after))


NOT_SURNAMES = frozenset({"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
                          "February", "March", "April", "May", "June", "July", "August", "September", "October",
                          "November", "December"})
# "Jr.", "Sr." and regnal numbers from II ("Abdullah II", "Benedict XVI"; "I" is the pronoun).
NAME_SUFFIX = re.compile(r"(?:Jr|Sr)\.?|(?=[IVX]{2})X{0,2}(?:IX|IV|V?I{0,3})")


def surname(doc: Doc, i: int) -> str | None:
    """The last token of a full name, if it can stand for the person later ("Abe"); before a
    suffix, the token it follows ("Abdullah" of "King Abdullah II", "Gore" of "Albert Gore Jr.")."""
    tok = doc[i]
    if NAME_SUFFIX.fullmatch(tok.text):
        if i == 0:
            return None
        tok = doc[i - 1] if doc[i - 1].text != "," or i < 2 else doc[i - 2]
    if tok.text in NOT_SURNAMES or NAME_SUFFIX.fullmatch(tok.text) or not tok.text[:1].isupper() \
            or not tok.is_alpha and "-" not in tok.text:
        return None
    return tok.text


def family_name_first(doc: Doc, last: int) -> int:
    """The index of the family name of a name written family name first that ends at ``last``:
    the token before the given name, which may be hyphenated ("Hu Jintao", "Ban Ki-moon", parsed
    "Ban Ki - moon", and the wire's "Ban Ki- moon")."""
    i = last
    while i - 1 > 0:
        before = doc[i - 1].text
        if before in ("-", "–") and i - 2 >= 0:
            i -= 2  # "Jong - il": back to "Jong"
        elif len(before) > 1 and before.endswith("-"):
            i -= 1  # "Ki- moon": back to "Ki-"
        else:
            break
    return i - 1


# Lower-case links inside Arabic, Dutch, German, Portuguese... names ("Yusuf bin Alawi").
NAME_PARTICLES = frozenset({"bin", "ibn", "bint", "al", "el", "de", "da", "di", "du", "van", "von", "der", "den",
                            "dos", "das", "del", "la", "le", "abu", "ben", "ould", "ter", "zu"})


HYPHENED_PARTICLE = re.compile(r"^(?:al|el|bin|ibn|abu|ben|ould)-[A-Z][a-z]")


def name_after(doc: Doc, j: int) -> int:
    """End of a proper name right after a title ("President Mahendra Chaudhry", "foreign minister
    Yusuf bin Alawi"), or ``j``. A particle joins only between two capitalised words."""
    k = j
    while k < len(doc) and k - j < 5:
        tok = doc[k]
        if tok.ent_type_ in ("DATE", "TIME"):
            break  # "Prime Minister Jean-Luc Dehaene Friday promised"
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and (tok.is_alpha or "-" in tok.text):
            k += 1
        elif k > j and HYPHENED_PARTICLE.match(tok.text):  # "Mohammad Said al-Sahhaf"
            k += 1
        elif k > j and _joins_name(doc, k):  # "Jean-Luc Dehaene"; "Gerhard\nStoltenberg" in hard-wrapped text
            k += 1
        elif (k > j and tok.lower_ in NAME_PARTICLES and k + 2 < len(doc) and doc[k + 1].text == "-"
              and doc[k + 2].text[:1].isupper()):  # the same, tokenised "al", "-", "Sahhaf"
            k += 3
        elif (tok.lower_ in NAME_PARTICLES and k > j and k + 1 < len(doc) and doc[k + 1].text[:1].isupper()
              and doc[k + 1].is_alpha):
            k += 1
        else:
            break
    return k


def _joins_name(doc: Doc, k: int) -> bool:
    """Whether token ``k`` links two parts of one name: a hyphen written without spaces between
    capitalised words, or the single line break of a hard-wrapped line."""
    tok = doc[k]
    if k + 1 >= len(doc) or not doc[k + 1].text[:1].isupper() or not doc[k + 1].is_alpha:
        return False
    if tok.text == "-":
        return not doc[k - 1].whitespace_ and not tok.whitespace_
    return tok.is_space and tok.text.count("\n") == 1 and doc[k + 1].pos_ == "PROPN"


def particle_surname(doc: Doc, i: int, surnames: dict[str, object]) -> int:
    """"Bin Alawi" (after "Yusuf bin Alawi"): a particle and a known surname, one reference."""
    if doc[i].lower_ in NAME_PARTICLES and i + 1 < len(doc) and doc[i + 1].text in surnames:
        return i + 2
    return i


@lru_cache(maxsize=1)
def spellings() -> dict[str, tuple[str, ...]]:
    """Lower-cased word -> its other spellings, from ``data/name_spellings.yaml``."""
    from .kb import _load_yaml  # the data files' one reader (kb imports this module)

    data, origin = _load_yaml("name_spellings.yaml")
    groups = data.get("groups")
    if not isinstance(groups, list) or not all(isinstance(g, list) and all(isinstance(w, str) for w in g)
                                               for g in groups):
        raise InputError(origin, "expected 'groups': a list of lists of spellings")
    table: dict[str, tuple[str, ...]] = {}
    for group in groups:
        words = [w.lower() for w in group]
        for word in words:
            table[word] = tuple(w for w in words if w != word)
    return table


def other_spellings(key: str) -> list[str]:
    """``key`` with one of its words spelled another way ("Mohammad Shia al Sudani" ->
    "Muhammad Shia al Sudani", ...), capitals kept; a lower-cased key gives lower-cased ones."""
    table = spellings()
    words = key.split(" ")
    out = []
    for i, word in enumerate(words):
        for other in table.get(word.lower(), ()):
            spelled = other.capitalize() if word[:1].isupper() else other
            out.append(" ".join(words[:i] + [spelled] + words[i + 1:]))
    return out
