"""Build ``src/dateline/data/verb_roots.tsv``: for each verb of the CAMEO 2.0 verb dictionary
(and its synonym sets), the CAMEO roots its patterns code, the block's default root first.

    python scripts/build_verb_roots.py [../shared/data/reference/dictionaries/CAMEO.2.0.txt]

The learned event decision reads these as lexical evidence for verbs our own patterns do not
list. The dictionary is the Phoenix/PETRARCH CAMEO 2.0 verb dictionary (MIT); only the
lemma-to-root facts are kept.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dateline.what.petrarch import load_verb_dictionary  # noqa: E402

OUT = REPO / "src" / "dateline" / "data" / "verb_roots.tsv"


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else REPO.parent / "shared" / "data" / "reference" / "dictionaries" / "CAMEO.2.0.txt")
    verbs = load_verb_dictionary(source)
    lines = ["# lemma\troots (most frequent first), from the CAMEO 2.0 verb dictionary (Phoenix/PETRARCH, MIT)"]
    for lemma in sorted(verbs):
        roots = Counter(rule.code[:2] for rule in verbs[lemma] if rule.code)
        if roots and " " not in lemma:
            lines.append(f"{lemma}\t{','.join(r for r, _ in roots.most_common())}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(lines) - 1} verbs)", file=sys.stderr)


if __name__ == "__main__":
    main()
