"""The compiled Phoenix/PETRARCH actor index (built by :mod:`dateline.who.build_index`): about
26,000 dated people, organisations and places up to 2014, under our own data files.

Loading it costs one ``json.loads`` of prebuilt key tables; a record is split into knowledge-base
entries only when one of its keys is first looked up, and checked then, so that a damaged file
gives one clear error naming the file and the record.
"""
from __future__ import annotations

import re
from dataclasses import replace
from importlib import resources
from typing import Any

from ..errors import InputError
from .kb import COMPILED_FILE, COMPILED_ORIGIN, Entry

# CAMEO country codes that differ from ISO 3166 alpha-3.
CAMEO_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "BUR": "MMR", "KOS": "XKX"}
COMPILED_KINDS = {"c": "place", "p": "person", "g": "group"}


class CompiledIndex:
    """The Phoenix/PETRARCH actors (built by :mod:`dateline.who.build_index`), indexed by key.

    Lines are split into entries only when one of their keys is looked up, so loading costs a
    dictionary of keys, not 30,000 parsed records. Our own data files take precedence: the
    knowledge base asks this index only for keys none of our files has.
    """

    def __init__(self, tables: dict[str, Any], origin: str, org_codes: dict[str, str], known: set[str],
                 org_names: dict[str, str] | None = None) -> None:
        self.lines: list[str] = tables["lines"]
        self.exact: dict[str, list[int]] = tables["exact"]
        self.folded: dict[str, list[int]] = tables["folded"]
        self.first_words: dict[str, int] = tables["first_words"]
        self.origin = origin
        self.file = f"dateline/data/{COMPILED_FILE}"
        self.org_names = org_names or {}  # our organisations by name: a record of the same body is that organisation
        # Our organisations by CAMEO code (the shortest acronym where two share one), and the same
        # codes longest first, so that a record's code finds the most specific prefix it starts with.
        self._orgs_by_code = {cameo: org for org, cameo in sorted(org_codes.items(), key=lambda kv: len(kv[0]))[::-1]}
        self._org_prefixes = sorted(self._orgs_by_code.items(), key=lambda kv: -len(kv[0]))
        self.known = known
        self._entries: dict[tuple[int, bool], list[Entry]] = {}

    def lookup(self, key: str) -> list[Entry]:
        """Entries for a normalised key with a capital letter in it (acronyms exactly)."""
        refs = self.exact.get(key) or self.folded.get(key.lower())
        if not refs:
            return []
        out: list[Entry] = []
        for ref in refs:
            out.extend(self.entries(ref // 2, bool(ref % 2)))
        return out

    def entries(self, i: int, alias: bool) -> list[Entry]:
        cached = self._entries.get((i, alias))
        if cached is not None:
            return cached
        kind_letter, codes, name, keys = check_record(self.lines[i], i, self.file)
        kind = COMPILED_KINDS.get(kind_letter, "group")
        # The dictionaries code some bodies under another's prefix (the World Bank as IGOUNODEVWBK,
        # read as the UNDP's IGOUNODEV): a record that shares a name with one of ours is that body.
        ours = next((self.org_names[k.lower()] for k in keys.split("|") if k.lower() in self.org_names), None)
        step = "alias" if alias or kind == "place" else "exact"
        entries: list[Entry] = []
        for spec in codes.split(","):
            code, start, end, flag = spec.split(":")
            entry = self._entry(code, name, kind, start or None, end or None, step, ours)
            if entry is not None:
                entries.append(replace(entry, fallback=flag == "f"))
        if kind == "place" and not alias:
            entries = [replace(e, kind="country") for e in entries]
        self._entries[(i, alias)] = entries
        return entries

    def _entry(self, code: str, name: str, kind: str, start: str | None, end: str | None, step: str,
               ours: str | None = None) -> Entry | None:
        head, sector = code[:3], (code[3:6] or None)
        entity_id = f"{self.origin}:{name}"
        if head in ("IGO", "NGO"):
            org = ours or self._orgs_by_code.get(code) or next((o for c, o in self._org_prefixes if code.startswith(c)),
                                                               None)
            if org is None:
                # An organisation we do not list: known by its own name, sector from its code.
                return Entry("org", name, org=name, sector=head if head == "IGO" else (sector if sector in SECTORS_NGO else "NGO"),
                             code=code, entity_id=entity_id, start=start, end=end, step=step, origin=self.origin)
            return Entry("org", name, org=org, sector="NGO" if head == "NGO" else "IGO", code=code,
                         entity_id=f"org:{org}", start=start, end=end, step=step, origin=self.origin)
        if head == "MNC":
            country = CAMEO_COUNTRIES.get(code[3:6], code[3:6]) if code[3:6] else None
            return Entry(kind if kind != "place" else "group", name, country=country if country in self.known else None,
                         sector="BUS", entity_id=entity_id, start=start, end=end, step=step, origin=self.origin)
        country = CAMEO_COUNTRIES.get(head, head)
        if country not in self.known:
            if kind == "place":
                return None
            # International militarised groups (IMG...) and regions: a non-state actor, no country.
            return Entry(kind, name, sector=sector if sector and sector.isalpha() else "REB", entity_id=entity_id,
                         start=start, end=end, step=step, origin=self.origin)
        if kind == "place":  # a country's own record: its names and places, no sector
            return Entry(kind, name, country=country, entity_id=country, start=start, end=end, step=step,
                         origin=self.origin)
        return Entry(kind, name, country=country, sector=sector, entity_id=entity_id,
                     start=start, end=end, step=step, origin=self.origin)


SECTORS_NGO = frozenset({"HRI", "HLH", "REF", "MED", "EDU", "REL", "LAB", "ENV", "DEV"})


def load_compiled(org_codes: dict[str, str], known: set[str], org_names: dict[str, str] | None = None) -> CompiledIndex | None:
    """The compiled Phoenix index shipped with the package, or None when it is not installed."""
    import gzip
    import json

    ref = resources.files("dateline") / "data" / COMPILED_FILE
    origin = f"dateline/data/{COMPILED_FILE}"
    try:
        tables = json.loads(gzip.decompress(ref.read_bytes()))
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError) as exc:
        raise InputError(origin, f"cannot read the compiled index: {exc}") from exc
    return CompiledIndex(check_compiled(tables, origin), COMPILED_ORIGIN, org_codes, known, org_names)


def check_compiled(tables: Any, origin: str) -> dict[str, Any]:
    """The compiled index's tables, or one clear error naming the file and the bad record."""
    hint = "; rebuild it with python -m dateline.who.build_index"
    if not isinstance(tables, dict) or not all(isinstance(tables.get(k), t) for k, t in
                                               (("lines", list), ("exact", dict), ("folded", dict), ("first_words", dict))):
        raise InputError(origin, "expected an object with lines, exact, folded and first_words" + hint)
    return tables


def check_record(line: Any, n: int, origin: str) -> list[str]:
    """One record's four fields, or one clear error naming the file and the record (checked when
    the record is first looked up, so that loading stays one ``json.loads``)."""
    parts = line.split("\t") if isinstance(line, str) else []
    if len(parts) != 4 or parts[0] not in COMPILED_KINDS or not parts[1] or \
            not all(CODE_SPEC.match(spec) for spec in parts[1].split(",")):
        raise InputError(f"{origin}: record {n + 1}", f"malformed record {line!r} (expected kind, codes as "
                         "CODE:from:to:flag, name, keys); rebuild it with python -m dateline.who.build_index")
    return parts


CODE_SPEC = re.compile(r"^[A-Z\-]{3,}:(\d{4}-\d{2}-\d{2})?:(\d{4}-\d{2}-\d{2})?:f?$")
