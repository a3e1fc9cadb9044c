"""User dictionaries merged over the built-in knowledge base.

    load_kb(extra=[paths]) -> KnowledgeBase

Each path is read by its form:

* ``*.yaml`` / ``*.yml`` — our own format, any of three top-level keys::

      people:            # as in dateline/data/people.yaml (dated roles)
        - {name: Jane Roe, country: NZL, roles: [{sector: GOV, from: "2023-01-25"}]}
      actors:            # fixed actors; code is CAMEO-style, or give country/sector/org
        - {name: Acme Mining, aliases: [Acme], code: AUSBUS}
        - {name: Kuril Islands Council, country: RUS, sector: GOV, from: "2000-01-01"}
      roles:             # role words → sector
        peshmerga: MIL

* ``*.csv`` — one actor a row, header ``name,code,from,to`` (``aliases`` optional, ``|``-separated).
* anything else — a Phoenix/PETRARCH dictionary (TABARI format): an agents file when its entries
  carry ``[~SECTOR]`` codes, an actors file otherwise. Actor codes are CAMEO (``JPNGOV``; the first
  three letters the country, ``IGO...`` an organisation, ``---`` no country) with optional dates
  ``[JPNGOV 060926-070926]``, ``[X >070926]`` (from), ``[X <070926]`` (until), two-digit years
  up to 30 read as 20xx.

User entries take precedence over built-in ones for the same key; everything else is kept.
"""
from __future__ import annotations

import csv
import re
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import yaml

from ..errors import InputError
from .kb import Entry, KnowledgeBase, add_people, builtin, load_yaml_text

CODE = re.compile(r"\[\s*(~?[A-Z\-]{3,})\s*([<>]?\d{6,8}(?:\s*-\s*\d{6,8})?)?\s*\]")


def load_kb(extra: Sequence[str | Path] = ()) -> KnowledgeBase:
    """The built-in knowledge base with each file of ``extra`` merged over it, in order."""
    kb = builtin()
    for path in extra:
        kb = kb.merge(read_dictionary(Path(path)))
    return kb


def read_dictionary(path: Path) -> KnowledgeBase:
    """One user dictionary as a knowledge base of its own (see the module docstring)."""
    if not path.is_file():
        raise InputError(str(path), "no such dictionary file")
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _read_yaml(text, str(path))
    if suffix == ".csv":
        return _read_csv(text, str(path))
    if re.search(r"\[~[A-Z]{3}", text):
        return _read_phoenix_agents(text, str(path))
    return _read_phoenix_actors(text, str(path))


# --- our own formats --------------------------------------------------------------------------


def entry_from_code(code: str, name: str, origin: str, org_codes: dict[str, str], start: str | None = None,
                    end: str | None = None, step: str = "exact") -> Entry:
    """A CAMEO-style code (``JPNGOV``, ``IGOUNO``, ``---REB``) as an entry."""
    code = code.strip().upper()
    if code.startswith("IGO") or code.startswith("NGO"):
        orgs = {cameo: org for org, cameo in sorted(org_codes.items(), key=lambda kv: len(kv[0]))[::-1]}
        org = orgs.get(code) or next((o for c, o in orgs.items() if code.startswith(c)), None) or code[3:6]
        return Entry("org", name, org=org, sector=code[:3], code=code, entity_id=f"{origin}:{name}",
                     start=start, end=end, step=step, origin=origin)
    country = None if code[:3] == "---" else code[:3]
    sector = code[3:6] or None
    return Entry("person", name, country=country, sector=sector, code=code, entity_id=f"{origin}:{name}",
                 start=start, end=end, step=step, origin=origin)


def _read_yaml(text: str, origin: str) -> KnowledgeBase:
    try:
        data = load_yaml_text(text) or {}
    except yaml.YAMLError as exc:
        raise InputError(origin, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(origin, "expected a mapping with people:, actors: or roles:")
    kb = KnowledgeBase(origins=[origin], org_codes=dict(builtin().org_codes))
    add_people(kb, data.get("people") or [], origin)
    for i, item in enumerate(data.get("actors") or []):
        if not isinstance(item, dict) or not item.get("name"):
            raise InputError(origin, f"actors[{i}]: needs a name")
        start, end = item.get("from"), item.get("to")
        start = str(start) if start else None
        end = str(end) if end else None
        if item.get("code"):
            entry = entry_from_code(str(item["code"]), str(item["name"]), origin, kb.org_codes, start, end)
        else:
            kind = "org" if item.get("org") else "person"
            entry = Entry(kind, str(item["name"]), country=item.get("country"), org=item.get("org"),
                          sector=item.get("sector"), code=kb.org_codes.get(item.get("org") or ""),
                          entity_id=f"{origin}:{item['name']}", start=start, end=end, origin=origin)
        kb.add(str(item["name"]), entry)
        for alias in item.get("aliases") or []:
            kb.add(str(alias), replace(entry, step="alias"))
    roles = data.get("roles") or {}
    if not isinstance(roles, dict):
        raise InputError(origin, "roles: expected a mapping of word → sector")
    for word, sector in roles.items():
        kb.add(str(word), Entry("role", str(word), sector=str(sector), origin=origin), plural=True)
    return kb


def _read_csv(text: str, origin: str) -> KnowledgeBase:
    kb = KnowledgeBase(origins=[origin], org_codes=dict(builtin().org_codes))
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "name" not in reader.fieldnames or "code" not in reader.fieldnames:
        raise InputError(origin, "line 1: a CSV dictionary needs the columns name,code (from,to,aliases optional)")
    for line, row in enumerate(reader, start=2):
        name, code = (row.get("name") or "").strip(), (row.get("code") or "").strip()
        if not name or not re.fullmatch(r"[A-Z\-]{3,}", code):
            raise InputError(origin, f"line {line}: needs a name and a CAMEO-style code such as JPNGOV")
        entry = entry_from_code(code, name, origin, kb.org_codes, row.get("from") or None, row.get("to") or None)
        kb.add(name, entry)
        for alias in (row.get("aliases") or "").split("|"):
            if alias.strip():
                kb.add(alias.strip(), replace(entry, step="alias"))
    return kb


# --- Phoenix / PETRARCH (TABARI) dictionaries -------------------------------------------------


def _phoenix_date(text: str) -> str | None:
    """YYMMDD (years up to 30 are 20xx) or YYYYMMDD; anything else (a typo) is no date."""
    digits = text.strip()
    if len(digits) not in (6, 8):
        return None
    if len(digits) == 6:
        yy = int(digits[:2])
        digits = ("20" if yy <= 30 else "19") + digits
    month = digits[4:6] if digits[4:6] != "00" else "01"
    day = digits[6:8] if digits[6:8] != "00" else "01"
    return f"{digits[:4]}-{month}-{day}"


def _phoenix_phrase(raw: str) -> str:
    """``VLADIMIR_V._PUTIN_`` → ``vladimir v. putin`` (short all-capital words stay acronyms)."""
    words = [w for w in raw.strip().strip("_").split("_") if w]
    if len(words) == 1 and len(words[0]) <= 4 and words[0].isalpha():
        return words[0]
    return " ".join(words).lower()


def _codes(line: str) -> list[tuple[str, str | None, str | None]]:
    found = []
    for code, dates in CODE.findall(line):
        start = end = None
        if dates:
            dates = dates.replace(" ", "")
            if dates.startswith(">"):
                start = _phoenix_date(dates[1:])
            elif dates.startswith("<"):
                end = _phoenix_date(dates[1:])
            elif "-" in dates:
                lo, hi = dates.split("-")
                start, end = _phoenix_date(lo), _phoenix_date(hi)
        found.append((code, start, end))
    return found


def phoenix_records(text: str) -> Iterator[tuple[list[str], list[tuple[str, str | None, str | None]]]]:
    """The records of a Phoenix/TABARI actors file: (names, codes), the first name the main one.

    A record is a name line, its ``+alias`` lines and its indented ``[CODE dates]`` lines; the
    build script of the compiled index (:mod:`dateline.who.build_index`) reads the same records.
    """
    names: list[str] = []
    codes: list[tuple[str, str | None, str | None]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line[0] in " \t" or line.lstrip().startswith("["):
            codes.extend(_codes(line))
            continue
        if line.startswith("+"):
            names.append(_phoenix_phrase(CODE.sub("", line[1:])))
            codes.extend(_codes(line))
            continue
        if names and codes:
            yield list(names), list(codes)
        names.clear()
        codes.clear()
        names.append(_phoenix_phrase(CODE.sub("", line)))
        codes.extend(_codes(line))
    if names and codes:
        yield list(names), list(codes)


def _read_phoenix_actors(text: str, origin: str) -> KnowledgeBase:
    kb = KnowledgeBase(origins=[origin], org_codes=dict(builtin().org_codes))
    for names, codes in phoenix_records(text):
        dated = [c for c in codes if c[1] or c[2]]
        undated = [c for c in codes if not (c[1] or c[2])]
        display = names[0].title() if not names[0].isupper() else names[0]
        entries = [entry_from_code(c, display, origin, kb.org_codes, s, e) for c, s, e in dated]
        # An undated code is the standing default; with dated ones it applies outside them.
        for c, _s, _e in undated:
            entry = entry_from_code(c, display, origin, kb.org_codes)
            entries.append(replace(entry, fallback=bool(dated)))
        for i, name in enumerate(names):
            for entry in entries:
                kb.add(name, entry if i == 0 else replace(entry, step="alias"))
    return kb


def _read_phoenix_agents(text: str, origin: str) -> KnowledgeBase:
    kb = KnowledgeBase(origins=[origin])
    substitutions: dict[str, list[str]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        sub = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
        if sub:
            substitutions[sub.group(1)] = [w.strip() for w in sub.group(2).split(",") if w.strip()]
            continue
        match = re.search(r"\[~([A-Z]{3})[A-Z]*\]", line)
        if not match:
            continue
        sector = match.group(1)
        body = line[: match.start()]
        plurals = re.findall(r"\{([^}]*)\}", body)
        body = re.sub(r"\{[^}]*\}", "", body).strip()
        forms = _expand(body, substitutions) + [p for p in plurals if p.strip()]
        for form in forms:
            phrase = " ".join(w for w in form.strip().strip("_").split("_") if w).lower()
            if phrase:
                kb.add(phrase, Entry("role", phrase, sector=sector, origin=origin), plural=not plurals)
    return kb


def _expand(body: str, substitutions: dict[str, list[str]]) -> list[str]:
    match = re.search(r"![A-Z]+!", body)
    if not match or match.group(0) not in substitutions:
        return [body]
    out: list[str] = []
    for word in substitutions[match.group(0)]:
        out.extend(_expand(body[: match.start()] + word + body[match.end():], substitutions))
    return out


def iter_paths(values: Iterable[str]) -> list[Path]:
    return [Path(v) for v in values]
