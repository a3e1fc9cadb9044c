"""The actor knowledge base: our data files (and optional user dictionaries) as one lookup table.

Every name the resolver can recognise becomes an :class:`Entry` under a normalised key
(:func:`normalise`). Keys written in capitals ("WHO", "US", "TASS") go into a case-sensitive
table, because their lower-case forms are ordinary words; all other keys are case-insensitive
but, except for role words, only match text that starts with a capital letter, so "chad" or
"turkey" in running text are not countries.

Entries carry ISO validity dates (``start``/``end``): "Moscow" has one entry for the Soviet
Union up to 1991-12-25 and one for Russia after, and a person has one entry per office held.
The built-in knowledge base is read once per process (``lru_cache``) and kept built in the user
cache between processes (:func:`builtin`); user dictionaries are merged over it
by :func:`load_kb` into a new, separate :class:`KnowledgeBase`.
"""
from __future__ import annotations

import bisect
import hashlib
import re
import sys
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import pycountry
import yaml

from .. import cache
from ..errors import InputError
from .names import other_spellings, spellings

if TYPE_CHECKING:
    from .compiled import CompiledIndex

ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
KINDS = (
    "country",  # a country's name ("Japan") or alias ("Britain")
    "adjective",  # adjective or demonym ("Japanese", "Emiratis")
    "capital",  # capital used as metonym for the government ("Tokyo")
    "seat",  # seat of power ("the Kremlin", "Downing Street")
    "org",  # international organisation
    "group",  # named non-state group: armed group, party, agency ("Hamas", "Taliban", "CIA")
    "media",  # news outlet (sector MED)
    "person",  # a person in one dated role
    "role",  # role or sector word ("president", "troops")
    "pair",  # "the two countries", "the sides"
    "not_actor",  # contains a country word but is no actor ("South China Sea", "New Mexico")
    "country_ref",  # "the country"
    "place",  # a city or province a dictionary ties to its country ("Kandahar" → AFG), no sector
)
# Name kinds that are resolved even when nothing else is next to them.
SECTORS_OF_METONYMS = {"capital": "GOV", "seat": "GOV", "media": "MED"}
COMPILED_FILE = "phoenix_actors.json.gz"  # the compiled Phoenix index (:mod:`dateline.who.compiled`)
COMPILED_ORIGIN = "phoenix"


@dataclass(frozen=True)
class Entry:
    """One meaning of one key. ``step`` says whether it is the exact name or an alias."""

    kind: str
    name: str
    country: str | None = None
    org: str | None = None
    sector: str | None = None
    code: str | None = None
    entity_id: str | None = None
    start: str | None = None
    end: str | None = None
    title: bool = False
    step: str = "exact"
    origin: str = "builtin"
    fallback: bool = False  # a person's standing facts, used when no dated role covers the date

    def valid_at(self, date: str | None) -> bool:
        """True when ``date`` (ISO, any precision) falls within the entry's validity."""
        if date is None:
            return True
        lo, hi = _date_bounds(date)
        if self.start and hi < self.start:
            return False
        if self.end and lo > self.end:
            return False
        return True


def _date_bounds(date: str) -> tuple[str, str]:
    """The first and last day an ISO date of any precision covers (``1956`` → whole year)."""
    if len(date) == 4:
        return f"{date}-01-01", f"{date}-12-31"
    if len(date) == 7:
        return f"{date}-01", f"{date}-31"
    return date[:10], date[:10]


def normalise(text: str) -> str:
    """The lookup form of a name: typographic quotes folded, whitespace collapsed."""
    if text.isascii() and "  " not in text and "\n" not in text and "\t" not in text and "\r" not in text \
            and text[:1] != " " and text[-1:] != " ":
        return text  # the common case, checked in C: nothing to fold
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.split())


def is_case_sensitive(key: str) -> bool:
    """Keys written in capitals (acronyms) must match exactly: "WHO" is not "who". So must a
    one-word key with a capital inside it: "LeT" (Lashkar-e-Taiba) is not the "Let" that starts a
    sentence (13 times in 181 web pages of the Scrapinghub benchmark)."""
    letters = [c for c in key if c.isalpha()]
    if not letters or len(letters) > 8:
        return False
    return all(c.isupper() for c in letters) or (key.isalpha() and any(c.isupper() for c in key[1:]))


FIRST_WORD = re.compile(r"\w+")
FUZZY_KINDS = ("country", "capital")


def _fuzzy_target(entry: "Entry") -> bool:
    """Names a misspelling may stand for: a country's own name and capitals (not aliases such as
    "States" or "Wales", whose near neighbours are ordinary words)."""
    return entry.origin != "phoenix" and (entry.kind == "capital" or entry.kind == "country" and entry.step == "exact")


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one deletion, insertion, substitution or neighbour swap."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


# Remembered answers per knowledge base (runs of text, words) before the memory is emptied and
# refilled: enough for the vocabulary of a large batch, a few tens of MB at most.
MAX_REMEMBERED = 200_000


@lru_cache(maxsize=65536)
def first_word(text: str) -> str:
    match = FIRST_WORD.search(text.lower())
    return match.group(0) if match else text.lower()


@dataclass
class KnowledgeBase:
    """Lookup tables from normalised keys to entries, plus per-entity facts."""

    folded: dict[str, list[Entry]] = field(default_factory=dict)
    exact: dict[str, list[Entry]] = field(default_factory=dict)
    first_words: dict[str, int] = field(default_factory=dict)  # first word → longest key (chars)
    max_key_chars: int = 0
    org_codes: dict[str, str] = field(default_factory=dict)
    org_parents: dict[str, str] = field(default_factory=dict)  # a body -> the organisation it acts for
    org_nouns: dict[str, set[str]] = field(default_factory=dict)  # "alliance" -> {"NATO", ...} (entity ids)
    pair_sector: dict[str, str | None] = field(default_factory=dict)
    surnames: dict[str, str] = field(default_factory=dict)
    successors: dict[str, tuple[str, str]] = field(default_factory=dict)  # see recoded_successors
    origins: list[str] = field(default_factory=list)
    compiled: "CompiledIndex | None" = None  # the Phoenix index, consulted for keys our files lack
    # Tables derived from the keys on first use (sorted keys, the fuzzy index) and answers
    # remembered per word; emptied whenever a key is added, so they never go stale.
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def add(self, key: str, entry: Entry, *, plural: bool = False) -> None:
        """Index ``entry`` under ``key`` (and its regular plural when asked)."""
        key = normalise(key)
        if not key:
            return
        keys = [key]
        if plural and not key.endswith("s"):
            keys.append(key + ("es" if key.endswith(("ch", "sh", "x")) else "s"))
        for k in keys:
            if is_case_sensitive(k) and entry.kind != "role":
                table, lookup = self.exact, k
            else:
                table, lookup = self.folded, k.lower()
                if lookup.startswith("the ") and entry.kind not in ("pair", "country_ref", "capital"):
                    lookup = lookup[4:]
            bucket = table.setdefault(lookup, [])
            if entry not in bucket:
                bucket.append(entry)
            self._note_key(lookup)

    def _note_key(self, key: str) -> None:
        word = first_word(key)
        self.first_words[word] = max(self.first_words.get(word, 0), len(key))
        self.max_key_chars = max(self.max_key_chars, len(key))
        if self._derived:
            self._derived = {}

    def could_start(self, probe: str) -> bool:
        """False when no key (of any table, ours or the compiled index's) starts with ``probe``,
        a lower-cased, normalised text.

        The longest-match scan asks this as it extends a token run, and stops at the first run
        no key starts with, instead of looking up each longer run: most runs start with a word
        such as "the" or "in" that begins some long dictionary phrase, and die after a token or
        two. The sorted keys are built on first use (nothing at load); answers are remembered,
        because the same few thousand runs recur in every story.
        """
        answers = self._derived.get("could_start")
        if answers is None:
            keys = {k.lower() for k in self.exact}
            keys.update(self.folded)
            if self.compiled is not None:
                keys.update(k.lower() for k in self.compiled.exact)
                keys.update(self.compiled.folded)
            self._derived["sorted_keys"] = sorted(keys)
            answers = self._derived["could_start"] = {}
        found = answers.get(probe)
        if found is None:
            keys = self._derived["sorted_keys"]

            def starts(text: str) -> bool:
                at = bisect.bisect_left(keys, text)
                return at < len(keys) and keys[at].startswith(text)

            # as :meth:`lookup` reads them: a hyphen as a space, a name in its other spellings
            probe_spaced = probe.replace("-", " ")
            forms = (probe, probe_spaced) if probe_spaced != probe else (probe,)
            found = any(starts(form) for form in forms) \
                or any(starts(other) for form in forms for other in other_spellings(form))
            if len(answers) >= MAX_REMEMBERED:
                answers.clear()
            answers[probe] = found
        return found

    def longest_key(self, token: str) -> int | None:
        """The length in characters of the longest key whose first word is ``token``'s first
        word (the longest-match scan's bound), or None when no key starts with that word."""
        answers = self._derived.setdefault("longest_key", {})
        if token in answers:
            return answers[token]
        word = first_word(token)
        found = self.first_words.get(word)
        for other in spellings().get(word, ()):
            if self.first_words.get(other, 0) > (found or 0):
                found = self.first_words[other]
        if len(answers) >= MAX_REMEMBERED:
            answers.clear()
        answers[token] = found
        return found

    def lookup(self, text: str, respell: bool = True) -> list[Entry]:
        """Entries for a span of text: case-sensitive keys first, then folded ones. A hyphen the
        keys lack reads as a space: the dictionaries write "JEAN_LUC_DEHAENE" and "BAN_KI_MOON",
        the wires "Jean-Luc Dehaene" and "Ban Ki-moon". A name not known as written is looked up
        in its other spellings (:func:`other_spellings`: "Mohammad" is also "Muhammad")."""
        key = normalise(text)
        forms = [key, key.replace("-", " ")] if "-" in key else [key]
        for form in forms:
            found = self._lookup(form)
            if found:
                return found
        if respell and key != key.lower():
            for other in (other for form in forms for other in other_spellings(form)):
                found = self._lookup(other)
                if found:
                    return found
        return []

    def _lookup(self, key: str) -> list[Entry]:
        found = self.exact.get(key)
        if found:
            return found
        found = self.folded.get(key.lower())
        if not found:
            if self.compiled is not None and key != key.lower():
                return self.compiled.lookup(key)
            return []
        if key != key.lower():  # a capital letter: "Japan", "al-Qaeda", "von der Leyen"
            return found
        # Lower-case text only matches role words, the pair/country phrases and the phrases
        # that hold a role word but name no actor ("social media").
        return [e for e in found if e.kind in ("role", "pair", "country_ref", "not_actor")]

    def fuzzy(self, word: str) -> list[Entry]:
        """A country or capital name of 5+ letters that ``word`` misspells by one letter ("Ethopia",
        "Quatar"): one deletion, insertion, substitution or swap of neighbours, and only when a
        single place is that close. The entries come back with step ``fuzzy``."""
        if len(word) < 5 or not word.isalpha():
            return []
        answers = self._derived.setdefault("fuzzy", {})
        found = answers.get(word)
        if found is None:
            found = answers[word] = tuple(self._fuzzy(word))
            if len(answers) >= MAX_REMEMBERED:
                answers.clear()
        return list(found)

    def _fuzzy(self, word: str) -> list[Entry]:
        index = self._fuzzy_index()
        lowered = word.lower()
        candidates: set[str] = set()
        for variant in {lowered, *_deletions(lowered)}:
            candidates.update(index.get(variant, ()))
        # A typo rarely hits the first letter, and "Inland" is no misspelled "Finland".
        close = {name for name in candidates if name != lowered and name[0] == lowered[0] and _one_edit(lowered, name)}
        entries = [e for name in close for e in self.folded.get(name, []) if _fuzzy_target(e)]
        if len({e.country for e in entries}) != 1:
            return []
        return [replace(e, step="fuzzy") for e in entries]

    def _fuzzy_index(self) -> dict[str, list[str]]:
        index = self._derived.get("fuzzy_index")
        if index is None:
            index = {}
            for key, entries in self.folded.items():
                if len(key) >= 5 and key.isalpha() and any(_fuzzy_target(e) for e in entries):
                    for variant in {key, *_deletions(key)}:
                        index.setdefault(variant, []).append(key)
            self._derived["fuzzy_index"] = index
        return index

    def merge(self, other: "KnowledgeBase") -> "KnowledgeBase":
        """A new knowledge base: ``other``'s entries take precedence over ours, key by key."""
        merged = KnowledgeBase(
            folded={k: list(v) for k, v in self.folded.items()},
            exact={k: list(v) for k, v in self.exact.items()},
            first_words=dict(self.first_words),
            max_key_chars=max(self.max_key_chars, other.max_key_chars),
            org_codes={**self.org_codes, **other.org_codes},
            pair_sector={**self.pair_sector, **other.pair_sector},
            surnames={**self.surnames, **other.surnames},
            successors={**self.successors, **other.successors},
            origins=[*self.origins, *other.origins],
            compiled=self.compiled or other.compiled,
        )
        for table, theirs in ((merged.folded, other.folded), (merged.exact, other.exact)):
            for key, entries in theirs.items():
                table[key] = list(entries) + [e for e in table.get(key, []) if e not in entries]
        for word, length in other.first_words.items():
            merged.first_words[word] = max(merged.first_words.get(word, 0), length)
        return merged


# --- reading our data files -------------------------------------------------------------------


def load_yaml_text(text: str) -> Any:
    """YAML with the C loader when PyYAML has it (ten times faster on our data files)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


def _data_text(name: str) -> tuple[str, str]:
    ref = resources.files("dateline") / "data" / name
    return ref.read_text(encoding="utf-8"), f"dateline/data/{name}"


def _load_yaml(name: str) -> tuple[dict[str, Any], str]:
    text, origin = _data_text(name)
    try:
        data = load_yaml_text(text)
    except yaml.YAMLError as exc:
        raise InputError(origin, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(origin, "expected a mapping at the top level")
    return data, origin


def _check_date(value: Any, origin: str, where: str) -> str | None:
    if value is None:
        return None
    value = str(value)
    if not ISO_DATE.match(value):
        raise InputError(origin, f"{where}: {value!r} is not an ISO date")
    return value


def _check_country(code: Any, origin: str, where: str, known: set[str]) -> str:
    if not isinstance(code, str) or code not in known:
        raise InputError(origin, f"{where}: unknown country code {code!r}")
    return code


def _names(item: Any) -> list[tuple[str, str | None, str | None]]:
    """``"Moscow"`` or ``{name: Moscow, from: ..., to: ...}`` → [(name, from, to)]."""
    if isinstance(item, str):
        return [(item, None, None)]
    if isinstance(item, dict) and "name" in item:
        return [(str(item["name"]), item.get("from"), item.get("to"))]
    return []


def _add_countries(kb: KnowledgeBase) -> set[str]:
    data, origin = _load_yaml("countries.yaml")
    countries: dict[str, dict[str, Any]] = data.get("countries") or {}
    historical: dict[str, dict[str, Any]] = data.get("historical") or {}
    known = set(countries) | set(historical)
    # Names a historical state shares with its successor ("Germany" for West Germany) are dated.
    shared_until: dict[tuple[str, str], str] = {}
    for code, info in historical.items():
        successor = info.get("successor")
        for name in info.get("names_shared") or []:
            if successor:
                shared_until[(successor, name)] = _check_date(info.get("to"), origin, f"{code}.to") or ""

    def add_state(code: str, info: dict[str, Any], start: str | None, end: str | None, historic: bool) -> None:
        name = str(info.get("name") or code)
        base = Entry("country", name, country=code, entity_id=code, start=start if historic else None,
                     end=end if historic else None, origin=origin)
        iso = pycountry.countries.get(alpha_3=code)
        exact_names = {name}
        if iso is not None:
            exact_names |= {iso.name, getattr(iso, "common_name", iso.name), getattr(iso, "official_name", iso.name)}
        for n in exact_names:
            kb.add(n, base)
        for item in info.get("aliases") or []:
            for n, lo, hi in _names(item):  # "Congo" is DR Congo only from its renaming on
                kb.add(n, replace(base, step="alias", start=_check_date(lo, origin, f"{code}.aliases") or base.start,
                                  end=_check_date(hi, origin, f"{code}.aliases") or base.end))
        for n in info.get("adjectives") or []:
            kb.add(str(n), replace(base, kind="adjective", step="alias"))
        for n in info.get("names_shared") or []:
            kind = "adjective" if n[:1].isupper() and n.endswith(("an", "ans", "ese")) else "country"
            kb.add(str(n), replace(base, kind=kind, step="alias"))
        for kind in ("capitals", "seats"):
            for item in info.get(kind) or []:
                for n, lo, hi in _names(item):
                    lo = _check_date(lo, origin, f"{code}.{kind}") or start
                    hi = _check_date(hi, origin, f"{code}.{kind}") or end
                    kb.add(n, replace(base, kind=kind[:-1], sector="GOV", step="alias", start=lo, end=hi))

    for code, info in countries.items():
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise InputError(origin, f"country code {code!r} is not ISO 3166-1 alpha-3")
        start = _check_date(info.get("from"), origin, f"{code}.from")
        add_state(code, info, start, None, historic=False)
    for code, info in historical.items():
        start = _check_date(info.get("from"), origin, f"{code}.from")
        end = _check_date(info.get("to"), origin, f"{code}.to")
        add_state(code, info, start, end, historic=True)
    # A successor acting before its state's end is that state (Russia up to 1991-12-25 is SUN).
    for code, info in historical.items():
        if info.get("successor_recoded"):
            if not info.get("successor") or not info.get("to"):
                raise InputError(origin, f"{code}: successor_recoded needs a successor and a 'to' date")
            kb.successors[str(info["successor"])] = (code, _check_date(info["to"], origin, f"{code}.to") or "")
    # Date the shared names of successors ("Germany" is DEU only from reunification on).
    for (successor, name), until in shared_until.items():
        for table in (kb.folded, kb.exact):
            key = normalise(name) if table is kb.exact else normalise(name).lower()
            for i, entry in enumerate(table.get(key, [])):
                if entry.country == successor and until:
                    table[key][i] = replace(entry, start=_day_after(until))
    for phrase in data.get("not_actors") or []:
        kb.add(str(phrase), Entry("not_actor", str(phrase), origin=origin), plural=True)  # US dollars
    # Every other ISO country pycountry knows, by its names, so nothing is missing.
    for country in pycountry.countries:
        if country.alpha_3 not in countries:
            known.add(country.alpha_3)
            kb.add(country.name, Entry("country", country.name, country=country.alpha_3, entity_id=country.alpha_3, origin="pycountry"))
    return known


def _day_after(iso: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()


def _add_organisations(kb: KnowledgeBase) -> dict[str, str]:
    """Our organisations into ``kb``; returns each of their names and acronyms (lower case) with
    the organisation it stands for, so that a dictionary record of the same body is ours too."""
    data, origin = _load_yaml("organisations.yaml")
    names: dict[str, str] = {}
    for i, item in enumerate(data.get("organisations") or []):
        where = f"organisations[{i}]"
        if not isinstance(item, dict) or not item.get("org") or not item.get("cameo"):
            raise InputError(origin, f"{where}: needs org and cameo")
        org = str(item["org"])
        if item.get("part_of"):
            kb.org_parents[org] = str(item["part_of"])
        entry = Entry("org", (item.get("names") or [org])[0], org=kb.org_parents.get(org, org),
                      sector=item.get("sector", "IGO"),
                      code=str(item["cameo"]), entity_id=org,
                      start=_check_date(item.get("from"), origin, where), end=_check_date(item.get("to"), origin, where),
                      origin=origin)
        kb.org_codes[org] = str(item["cameo"])
        called = item.get("called") or []
        if not isinstance(called, list) or not all(isinstance(n, str) and n.strip() for n in called):
            raise InputError(origin, f"{where}: called must be a list of nouns")
        for noun in called:
            kb.org_nouns.setdefault(noun.lower(), set()).add(org)
        for n in item.get("names") or []:
            kb.add(str(n), entry)
            names.setdefault(normalise(str(n)).lower(), entry.org)
        for n in item.get("acronyms") or []:
            # Acronyms are matched exactly as written, whatever their case ("Nato", "UN").
            key = normalise(str(n))
            names.setdefault(key.lower(), entry.org)
            bucket = kb.exact.setdefault(key, [])
            if entry not in bucket:
                bucket.append(replace(entry, step="alias"))
            kb._note_key(key)
    for i, item in enumerate(data.get("organisations") or []):
        if item.get("part_of") and str(item["part_of"]) not in kb.org_codes:
            raise InputError(origin, f"organisations[{i}]: part_of {item['part_of']!r} names no organisation of the file")
    return names


def _add_media(kb: KnowledgeBase, known: set[str]) -> None:
    data, origin = _load_yaml("media.yaml")
    for i, item in enumerate(data.get("media") or []):
        where = f"media[{i}]"
        if not isinstance(item, dict) or not item.get("name"):
            raise InputError(origin, f"{where}: needs a name")
        country = _check_country(item.get("country"), origin, where, known)
        entry = Entry("media", str(item["name"]), country=country, sector="MED", entity_id=f"media:{item['name']}", origin=origin)
        kb.add(str(item["name"]), entry)
        for n in item.get("aliases") or []:
            kb.add(str(n), replace(entry, step="alias"))


def _add_groups(kb: KnowledgeBase, known: set[str]) -> None:
    data, origin = _load_yaml("groups.yaml")
    for i, item in enumerate(data.get("groups") or []):
        where = f"groups[{i}]"
        if not isinstance(item, dict) or not item.get("name") or not item.get("sector"):
            raise InputError(origin, f"{where}: needs a name and a sector")
        country = item.get("country")
        if country is not None:
            _check_country(country, origin, where, known)
        name = str(item["name"])
        base = Entry("group", name, country=country, sector=str(item["sector"]), entity_id=f"group:{name}",
                     start=_check_date(item.get("from"), origin, where), end=_check_date(item.get("to"), origin, where),
                     origin=origin)
        entries = [
            replace(base, sector=str(d["sector"]), start=_check_date(d.get("from"), origin, where),
                    end=_check_date(d.get("to"), origin, where))
            for d in item.get("dated") or []
        ]
        # Outside its dated roles a group has its usual sector.
        entries.append(replace(base, fallback=bool(entries)))
        for n in [name, *(item.get("aliases") or [])]:
            for entry in entries:
                kb.add(str(n), entry if n == name else replace(entry, step="alias"))


def _add_roles(kb: KnowledgeBase) -> None:
    data, origin = _load_yaml("roles.yaml")
    sectors = data.get("sectors") or {}
    for sector, words in (data.get("roles") or {}).items():
        if sector not in sectors:
            raise InputError(origin, f"roles.{sector}: sector not declared under sectors")
        for group in ("title", "collective"):
            for word in words.get(group) or []:
                entry = Entry("role", str(word), sector=sector, title=group == "title", origin=origin)
                # The first sector listed for a word wins; later duplicates are ignored.
                key = normalise(str(word)).lower()
                if any(e.kind == "role" for e in kb.folded.get(key, [])):
                    continue
                kb.add(str(word), entry, plural=True)
    for phrase in data.get("pair_phrases") or []:
        sector = "GOV" if re.search(r"sides|parties|governments|leaders|presidents|ministers", phrase) else None
        kb.add(str(phrase), Entry("pair", str(phrase), sector=sector, step="coref", origin=origin))
    for phrase in data.get("country_phrases") or []:
        kb.add(str(phrase), Entry("country_ref", str(phrase), step="coref", origin=origin))
    for phrase in data.get("not_actors") or []:
        kb.add(str(phrase), Entry("not_actor", str(phrase), origin=origin), plural=True)  # US dollars


def add_people(kb: KnowledgeBase, people: Sequence[Any], origin: str, known: set[str] | None = None) -> None:
    """Index people with dated roles (our people.yaml format, also used for user files)."""
    known = known or set()
    for i, item in enumerate(people):
        where = f"people[{i}]"
        if not isinstance(item, dict) or not item.get("name"):
            raise InputError(origin, f"{where}: needs a name")
        name = str(item["name"])
        country = item.get("country")
        if known and country is not None:
            _check_country(country, origin, where, known)
        entity_id = item.get("id") or "person:" + name.lower().replace(" ", "_")
        entries: list[Entry] = []
        for j, role in enumerate(item.get("roles") or []):
            if not isinstance(role, dict):
                raise InputError(origin, f"{where}.roles[{j}]: expected a mapping")
            org = kb.org_parents.get(role.get("org"), role.get("org"))
            entries.append(
                # Acting for an international organisation, a person is the organisation, not their state.
                Entry("person", name, country=None if org else role.get("country", country), org=org,
                      sector=role.get("sector"),
                      code=kb.org_codes.get(role.get("org")) if org else None, entity_id=entity_id,
                      start=_check_date(role.get("from"), origin, f"{where}.roles[{j}].from"),
                      end=_check_date(role.get("to"), origin, f"{where}.roles[{j}].to"), origin=origin)
            )
        # Outside any dated role the person keeps their country (and default sector, if any).
        fallback = Entry("person", name, country=country, sector=item.get("default"), entity_id=entity_id,
                         origin=origin, fallback=True)
        for full in [name, *(item.get("aliases") or [])]:
            for entry in [*entries, fallback]:
                kb.add(str(full), entry)
        for short in item.get("short") or []:
            for entry in [*entries, fallback]:
                kb.add(str(short), replace(entry, step="alias"))
        kb.surnames[name.split()[-1]] = name


@lru_cache(maxsize=1)
def builtin() -> KnowledgeBase:
    """The knowledge base of our own data files over the compiled Phoenix index (our keys win;
    see :class:`~dateline.who.compiled.CompiledIndex`), once per process.

    Reading and validating the files costs 0.2-0.4 s, more than a process should pay to start,
    so the first process writes the built tables to the user cache (:mod:`dateline.cache`) under
    a digest of everything they are built from, and later processes unpickle that in about
    0.04 s. A changed data file or loader changes the digest, so it is read and validated again;
    a cache file that cannot be read is rebuilt.
    """
    import gc

    # Loading creates some hundred thousand small objects and none is garbage: the cyclic
    # collector would rescan them again and again (half the load time), so it waits.
    enabled = gc.isenabled()
    gc.disable()
    try:
        path = _cache_path()
        kb = cache.read_pickle(path)
        if not isinstance(kb, KnowledgeBase):
            kb = _builtin()
            cache.write_pickle(kb, path, "actors-*.pickle")
        cache.mark_used(path)
        return kb
    finally:
        if enabled:
            gc.enable()


CACHE_FORMAT = "1"


def _cache_path() -> Path:
    """The cache file of this knowledge base, named by a digest of its inputs: every YAML data
    file (not only those the build reads today, so a file added to it is never missed), the
    compiled index, this module and the compiled index's (the tables' shape and the build rules),
    pycountry (whose country names are added) and the Python version (pickle's)."""
    h = hashlib.sha1()
    parts: list[bytes] = [CACHE_FORMAT.encode(), sys.version.encode(), str(getattr(pycountry, "__version__", "")).encode(),
                          Path(__file__).read_bytes(), Path(__file__).with_name("compiled.py").read_bytes()]
    data = resources.files("dateline") / "data"
    parts += [_data_text(name)[0].encode("utf-8") for name in sorted(f.name for f in data.iterdir() if f.name.endswith(".yaml"))]
    compiled = data / COMPILED_FILE
    parts.append(compiled.read_bytes() if compiled.is_file() else b"")
    for part in parts:
        h.update(part)
        h.update(b"\0")
    return cache.cache_dir() / f"actors-{h.hexdigest()[:16]}.pickle"


def _builtin() -> KnowledgeBase:
    kb = KnowledgeBase(origins=["builtin"])
    known = _add_countries(kb)
    org_names = _add_organisations(kb)
    _add_media(kb, known)
    _add_groups(kb, known)
    _add_roles(kb)
    data, origin = _load_yaml("people.yaml")
    add_people(kb, data.get("people") or [], origin, known)
    from .compiled import load_compiled  # it reads this module's Entry

    kb.compiled = load_compiled(kb.org_codes, known, org_names)
    if kb.compiled is not None:
        for word, length in kb.compiled.first_words.items():
            if length > kb.first_words.get(word, 0):
                kb.first_words[word] = length
        kb.origins.append(COMPILED_ORIGIN)
    return kb


def known_countries() -> set[str]:
    """Every country code the built-in knowledge base can produce."""
    kb = builtin()
    return {e.country for table in (kb.folded, kb.exact) for es in table.values() for e in es if e.country}


def iter_entries(kb: KnowledgeBase) -> Iterable[tuple[str, Entry]]:
    for table in (kb.folded, kb.exact):
        for key, entries in table.items():
            for entry in entries:
                yield key, entry


def recoded_successors() -> dict[str, tuple[str, str]]:
    """Successor country → (historical state, its last day), for the historical states of
    ``countries.yaml`` marked ``successor_recoded``: Russia acting up to 1991-12-25 is the
    Soviet Union."""
    return builtin().successors
