"""The hostile inputs of issue 14, written by code rather than committed as blobs.

Each case is a file name, how to build its bytes, and what dateline must do with it:

* ``refused``: one ``InputError`` naming the file (and line) and the limit or fault, while the
  good files around it are stored;
* ``read``: the input is read and stored (repaired where it had to be), with nothing lost.

Small cases are committed in this folder (``test_reliability.py`` checks that they equal what
this script writes); the large ones (``large=True``: a 1,000,001-character story, a 20 MB JSONL
line, a 50 MB text file, a 1 GiB gzip bomb) are written by the tests into a temporary folder.

    python tests/data/bad/make_bad.py             # rewrite the small cases here
    python tests/data/bad/make_bad.py OUT --all   # every case, large ones too, into OUT
"""
from __future__ import annotations

import json
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
MIB = 1024 * 1024

#: A sentence the coder reads as an event, so a case can show that its events survive.
EVENT = "Japan's foreign minister protested to Russia on Monday over the disputed islands."


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    expect: str  # "refused" or "read"
    #: For a refused case, words its one error line must contain.
    error: str = ""
    large: bool = False


def _jsonl(*records: dict) -> bytes:
    # ensure_ascii keeps lone surrogates as \ud800 escapes: valid JSON text, invalid Unicode.
    return "".join(json.dumps(r) + "\n" for r in records).encode("ascii")


def story_1m() -> bytes:
    """Over spaCy's 1,000,000-character limit (E088 with a traceback before)."""
    body = (EVENT + " ") * (1_000_001 // (len(EVENT) + 1) + 1)
    return body[:1_000_001].encode("utf-8")


def story_950k_jsonl() -> bytes:
    """Under spaCy's limit but 348 s and 3.2 GB to code before: refused by the story limit."""
    text = ((EVENT + " ") * 12_000)[:950_000]
    return _jsonl({"id": "long-950k", "text": text, "date": "2019-06-03"})


def line_20mb_jsonl() -> bytes:
    text = "x" * (20 * MIB)
    return _jsonl({"id": "line-20mb", "text": text})


def text_50mb() -> bytes:
    line = (EVENT + "\n").encode("utf-8")
    return line * (50 * MIB // len(line) + 1)


def gzip_bomb() -> bytes:
    """1 GiB of one letter in about 1 MB: 17.8 GB of memory before decompression had a cap."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip container
    chunk = b"A" * MIB
    parts = [compressor.compress(chunk) for _ in range(1024)]
    parts.append(compressor.flush())
    return b"".join(parts)


def nested_jsonl() -> bytes:
    """Deeper than Python's recursion limit: a RecursionError traceback before."""
    return b"[" * 20_000 + b"\n"


def nested_record_jsonl() -> bytes:
    """A story whose extra field nests 100 levels: over the depth limit of 64."""
    value: object = "deep"
    for _ in range(100):
        value = {"a": value}
    return _jsonl({"id": "nested-100", "text": EVENT, "meta": value})


def surrogate_jsonl() -> bytes:
    """Lone surrogates in text, title and id: a UnicodeEncodeError in the content hash before."""
    return _jsonl(
        {"id": "sur\ud800", "title": "Talks \udc00", "text": "\ud800 " + EVENT, "date": "2019-06-03"},
    )


def formula_jsonl() -> bytes:
    """Evidence sentences that start like spreadsheet formulas."""
    records = [
        {"id": f"formula-{n}", "text": f"{start} {EVENT}", "date": "2019-06-03"}
        for n, start in enumerate(["=HYPERLINK(\"http://example.invalid\",\"x\")", "+1+1",
                                   "-2+3", "@SUM(1,1)"])
    ]
    return _jsonl(*records)


def escape_txt() -> bytes:
    """ESC and OSC sequences in a story: clear screen, retitle the window, colour."""
    return (
        "Islands \x1b[5mtalks\x1b[0m\n\n"
        "TOKYO, June 3 (Reuters) - \x1b]0;owned\x07\x1b[2J " + EVENT + " \x1b[31mRed\x1b[0m text,"
        " and an 8-bit CSI \x9b2J. The two sides will meet again next month in Moscow to"
        " discuss a peace treaty, officials said.\n\n" + _PADDING + _PADDING
    ).encode("utf-8")


#: Plain sentences, so that the few control characters stay under the 1% that marks a
#: binary file (the reader refuses those as not text).
_PADDING = (
    "The talks have stalled for decades over four islands seized by Soviet troops in 1945."
    " Officials in Tokyo said the minister would raise the matter again at the next meeting,"
    " while Moscow said the islands were Russian territory and not open to negotiation."
    " Fishermen from Hokkaido have long asked both governments for safe access to the waters."
    " Analysts said a settlement was unlikely before the end of the year.\n"
)


def stray_byte_txt() -> bytes:
    """A UTF-8 story (accents, dashes, quotes) with one stray byte: Mac Roman before."""
    text = (
        "TOKYO, June 3 (Reuters) — Japan’s foreign minister protested to Russia on Monday over the"
        " disputed islands, the ministry said in Tōkyō. “We regret it,” said Ms Müller."
    ).encode("utf-8")
    return text[:40] + b"\xff" + text[40:] + b"\n"


def dict_id_jsonl() -> bytes:
    """An id that is an object: stored as its Python repr before."""
    return _jsonl({"id": {"nested": 1}, "text": EVENT})


def bad_date_jsonl() -> bytes:
    """A metadata date that is not a date: dropped silently before, now with a warning."""
    return _jsonl({"id": "bad-date", "text": EVENT, "date": "2019-13-45"})


def broken_json_jsonl() -> bytes:
    """An unterminated string: the message said "starting at at column" before."""
    return b'{"id": "broken", "text": "Japan protested\n'


CASES: tuple[Case, ...] = (
    Case("story-1m.txt", story_1m, "refused", "over the limit of 100,000", large=True),
    Case("story-950k.jsonl", story_950k_jsonl, "refused", "over the limit of 100,000", large=True),
    Case("line-20mb.jsonl", line_20mb_jsonl, "refused", "line longer than 8,388,608 bytes", large=True),
    Case("text-50mb.txt", text_50mb, "refused", "over the limit of 100,000", large=True),
    Case("bomb.txt.gz", gzip_bomb, "refused", "decompresses to more than", large=True),
    Case("nested.jsonl", nested_jsonl, "refused", "nested deeper than 64 levels"),
    Case("nested-record.jsonl", nested_record_jsonl, "refused", "nested deeper than 64 levels"),
    Case("dict-id.jsonl", dict_id_jsonl, "refused", "'id' must be a string or a number"),
    Case("broken-json.jsonl", broken_json_jsonl, "refused", "not valid JSON"),
    Case("surrogate.jsonl", surrogate_jsonl, "read"),
    Case("formula.jsonl", formula_jsonl, "read"),
    Case("escape.txt", escape_txt, "read"),
    Case("stray-byte.txt", stray_byte_txt, "read"),
    Case("bad-date.jsonl", bad_date_jsonl, "read"),
)


def case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


def write(case_: Case, folder: Path) -> Path:
    path = folder / case_.name
    path.write_bytes(case_.build())
    return path


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv and not argv[0].startswith("-") else HERE
    every = "--all" in argv
    folder.mkdir(parents=True, exist_ok=True)
    for item in CASES:
        if every or not item.large:
            print(write(item, folder))


if __name__ == "__main__":
    main(sys.argv[1:])
