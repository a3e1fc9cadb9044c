"""Build the compiled actor index from the Phoenix/PETRARCH actor dictionaries.

    python -m dateline.who.build_index [DICTIONARY_FOLDER] [--corpora FOLDER] [--out FILE]

Reads ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt`` and
``Phoenix.MilNonState.actors.txt`` (the Open Event Data Alliance dictionaries, MIT licence; by
default from ``../shared/data/reference/dictionaries``) and writes
``src/dateline/data/phoenix_actors.json.gz``, which the knowledge base loads *under* our own data
files (:func:`dateline.who.kb.builtin`): a key our files know keeps our meaning.

Why a compiled file: parsing the TABARI text format (60,000 lines) on every start costs about a
second; the compiled form is one JSON object (gzip) holding one line per record and the key tables
already built (:func:`index_tables`), loaded in a few tens of milliseconds; records are split into
entries only when looked up. Each line is ``kind<TAB>codes<TAB>name<TAB>key|key|...``: ``kind`` is ``c`` for a
country's record (its aliases are spellings, cities and provinces: places of that country), ``p``
for a person (a record with dated roles), ``g`` for anything else (an organisation, an armed
group, a company, a national institution); ``codes`` is a comma list of
``CODE:from:to:flag`` (ISO dates or empty; flag ``f`` marks an undated code that stands outside the
dated ones) and the first key is the record's own name, the others aliases. Keys are normalised
lower-case phrases; short all-capital words stay as written (acronyms, matched case-sensitively).

What is left out, so that the index does not turn words into actors: single-word names that the
news corpora in ``../shared/data/corpora`` use as ordinary lower-case words ("Target", "Shell",
"Amal" is kept: it never appears lower-case), also after "the" (the index drops it: "THE
FOUNDATION"), multinational corporations named by one word, names
of fewer than three letters, given names alone (a word that begins two or more people's names:
"Hussein", "Hassan"), and records without a usable code.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
import sys
from pathlib import Path

from .dictionaries import phoenix_records

FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
REPO = Path(__file__).resolve().parents[3]
DEFAULT_DICTIONARIES = REPO.parent / "shared" / "data" / "reference" / "dictionaries"
DEFAULT_CORPORA = REPO.parent / "shared" / "data" / "corpora"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "phoenix_actors.json.gz"
WORD = re.compile(r"[A-Za-z][A-Za-z\-']+")


def common_words(corpora: Path, limit: int = 40000) -> set[str]:
    """Words the corpora write in lower case at least twice: ordinary words, never names alone."""
    counts: collections.Counter[str] = collections.Counter()
    for path in sorted(corpora.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for n, line in enumerate(handle):
                if n >= limit:
                    break
                text = json.loads(line).get("text") or ""
                counts.update(w for w in WORD.findall(text) if w.islower())
    return {w for w, c in counts.items() if c >= 2}


def given_names(records: list[tuple[list[str], list[tuple[str, str | None, str | None]]]]) -> set[str]:
    """Words that begin two or more people's names ("hassan", "hussein", "charlotte"): alone they
    name nobody in particular, so they are no key on their own."""
    counts: collections.Counter[str] = collections.Counter()
    for names, codes in records:
        if any(start or end for _c, start, end in codes):
            counts.update({n.split()[0] for n in names if len(n.split()) > 1})
    return {w for w, c in counts.items() if c >= 2}


def _keep_key(key: str, codes: list[str], common: set[str]) -> bool:
    words = key.split()
    if len(words) == 2 and words[0].lower() == "the" and len(words[1]) > 3:
        words = words[1:]  # the index drops a leading "the": "THE FOUNDATION" would match "Foundation"
    if len(key.replace(" ", "")) < 3:
        return False
    if len(words) == 1:
        if words[0].lower() in common:
            return False
        if all(c.startswith("MNC") for c in codes):
            return False  # one-word company names are too often ordinary words or people
    return True


def build(dictionaries: Path, corpora: Path | None, files: tuple[str, ...] = FILES) -> list[str]:
    """The lines of the compiled index (see the module docstring): the records of ``files`` in
    ``dictionaries``, the person files first."""
    common = common_words(corpora) if corpora is not None and corpora.is_dir() else set()
    records = [(name, rec) for name in files
               for rec in phoenix_records((dictionaries / name).read_text(encoding="utf-8", errors="replace"))]
    common |= given_names([rec for _name, rec in records])
    lines: list[str] = []
    seen: set[str] = set()
    for name, (names, codes) in records:
        dated = [c for c in codes if c[1] or c[2]]
        spec = []
        for code, start, end in codes:
            if not re.fullmatch(r"[A-Z\-]{3,}", code):
                continue
            flag = "f" if not (start or end) and dated else ""
            spec.append(f"{code}:{start or ''}:{end or ''}:{flag}")
        if not spec:
            continue
        plain = [c.split(":")[0] for c in spec]
        keys = []
        for key in (" ".join(n.replace("|", " ").split()) for n in names):
            if key and key not in keys and _keep_key(key, plain, common):
                keys.append(key)
        if not keys:
            continue
        display = " ".join(names[0].replace("|", " ").split())
        display = display if display.isupper() else display.title()
        if any(re.fullmatch(r"[A-Z]{3}", c) for c in plain):
            kind = "c"  # a bare country code: the country's own record (dated for new states)
        elif dated:
            kind = "p"
        else:
            kind = "g"
        line = f"{kind}\t{','.join(dict.fromkeys(spec))}\t{display}\t{'|'.join(keys)}"
        if line not in seen:
            seen.add(line)
            lines.append(line)
    return lines


def index_tables(lines: list[str]) -> dict[str, object]:
    """The file's JSON: the record lines and, precomputed so that loading is one ``json.loads``,
    the key tables (``exact`` for acronyms, ``folded`` for lower-case keys, a leading "the "
    dropped) mapping a key to ``2 * line + (1 if the key is an alias)``, and the longest key per
    first word (the resolver's longest-match bound)."""
    from .kb import first_word

    exact: dict[str, list[int]] = {}
    folded: dict[str, list[int]] = {}
    first_words: dict[str, int] = {}
    for i, line in enumerate(lines):
        for j, key in enumerate(line.rsplit("\t", 1)[1].split("|")):
            ref = i * 2 + (j > 0)
            if key.islower():
                key = key[4:] if key.startswith("the ") else key
                folded.setdefault(key, []).append(ref)
            else:
                exact.setdefault(key, []).append(ref)
            word = first_word(key)
            first_words[word] = max(first_words.get(word, 0), len(key))
    return {"about": "dateline compiled actor index from the Phoenix/PETRARCH dictionaries (MIT, Open Event "
                     "Data Alliance); built by python -m dateline.who.build_index",
            "lines": lines, "exact": exact, "folded": folded, "first_words": first_words}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dictionaries", nargs="?", type=Path, default=DEFAULT_DICTIONARIES)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    missing = [f for f in FILES if not (args.dictionaries / f).is_file()]
    if missing:
        print(f"build_index: {args.dictionaries}: missing {', '.join(missing)}", file=sys.stderr)
        return 1
    lines = build(args.dictionaries, args.corpora)
    data = json.dumps(index_tables(lines), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # mtime=0: the same dictionaries give the same bytes, so the committed file only changes with them.
    with args.out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as out:
        out.write(data.encode("utf-8"))
    print(f"{len(lines)} records, {sum(l.count('|') + 1 for l in lines)} names → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
