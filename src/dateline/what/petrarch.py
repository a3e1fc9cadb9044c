"""Reading user verb dictionaries in the PETRARCH / CAMEO verb format into our pattern rules.

The format (as in CAMEO.2.0.txt): ``&NAME`` blocks list synonym sets (``+WORD`` lines); a verb
block opens with ``---  NAME   [code]  ---``, lists the verb and its synonyms (irregular forms in
braces), then patterns ``- * OBJECT ... [code]`` where ``*`` stands for the verb. We keep what
a dependency coder can use: the block's default code, and patterns whose first word after the
verb names the object (a word, a ``{phrase}`` or an ``&SET``) or a preposition (``(TO ...)``).
Patterns with words before the verb, and codes outside our ontology (``---``, ``042:043``
source/target pairs keep their first code), are skipped.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from .ontology import Rule, cameo_codes

HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]+)\]")


def _code(raw: str) -> str | None:
    code = raw.strip().split(":")[0].strip()
    return code if code in cameo_codes() else None


def _word(token: str) -> str:
    return token.strip("{}()$%^=_").replace("_", " ").lower()


def load_verb_dictionary(path: str | Path) -> dict[str, tuple[Rule, ...]]:
    """Verb lemma → rules, from a PETRARCH-format verb dictionary."""
    file = Path(path)
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise InputError(str(file), f"cannot read verb dictionary: {exc}") from exc
    sets: dict[str, set[str]] = {}
    current_set: str | None = None
    rules: dict[str, list[Rule]] = {}
    verbs: list[str] = []
    default: str | None = None
    for line in lines:
        text = line.split("#", 1)[0].rstrip()
        if not text.strip():
            continue
        if text.startswith("&"):
            current_set = text[1:].strip()
            sets[current_set] = set()
            continue
        if text.startswith("+") and current_set:
            sets[current_set].add(_word(text[1:]))
            continue
        header = HEADER.match(text)
        if header:
            current_set = None
            verbs = []
            default = _code(header.group(2))
            continue
        pattern = PATTERN.match(text)
        if pattern and verbs:
            body, code = pattern.group(1).split(), _code(pattern.group(2))
            if code is None or "*" not in body or body[0] != "*" or len(body) < 2:
                continue
            first = body[1]
            if first.startswith("("):
                rule = Rule(code, preps=frozenset({_word(first)}))
            elif first.startswith("&"):
                rule = Rule(code, objects=frozenset(sets.get(first[1:].strip("}"), set())))
            else:
                rule = Rule(code, objects=frozenset({_word(first).split()[-1]}))
            if rule.objects or rule.preps:
                for verb in verbs:
                    rules.setdefault(verb, []).append(rule)
            continue
        if not text.startswith(("-", "+", "~", "<", "!")) and text.split() and current_set is None:
            verb = _word(text.split()[0])
            if verb and verb.isalpha():
                verbs.append(verb)
                if default:
                    rules.setdefault(verb, [])
                    rules[verb].append(Rule(default))
    if not rules:
        raise InputError(str(file), "no verb patterns found (is this a PETRARCH verb dictionary?)")
    # object rules, then preposition rules, then the block default
    return {verb: tuple(sorted(found, key=lambda r: (not r.objects, not r.preps))) for verb, found in rules.items()}
