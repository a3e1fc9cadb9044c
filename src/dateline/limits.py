"""The limits that keep one hostile input from stopping a batch or exhausting memory.

All of them live here, each with its default, its setting and the reason for its size:

    setting (environment)          default      what it bounds
    DATELINE_MAX_INPUT_BYTES       64 MiB       one file read as a whole (text, HTML, feed, JSON
                                                document), *after* gzip decompression
    DATELINE_MAX_STORY_CHARS       100,000      one story's title + text, in characters
    DATELINE_MAX_LINE_BYTES        8 MiB        one JSON Lines line
    DATELINE_MAX_JSON_DEPTH        64           nesting of one JSON record
    DATELINE_DB_TIMEOUT            30 (s)       how long a write waits for another writer's lock

Why these sizes:

* **Input bytes.** A news page or feed is kilobytes to a few megabytes; 64 MiB leaves room for
  a large feed dump while a ``.gz`` that expands to gigabytes (a "zip bomb") is cut off after
  64 MiB of output, so the process stays far under 500 MB. JSON Lines files are streamed line
  by line (gzipped ones too), so a corpus of any size is read with flat memory and is bound
  only per line.
* **Story length.** The longest story in our corpora (Reuters-21578, AFP/Xinhua) is 13,387
  characters; a 100,000-character story is already a short book. Longer "stories" are dumps or
  concatenations: spaCy refuses anything over 1,000,000 characters (E088), and a 950,000
  character text took 348 s and 3.2 GB to code. We **refuse** them with one error rather than
  split them: a split would invent article boundaries (the dateline, the publication date and
  the "first paragraph" of the second part would be wrong, and cross-story deduplication would
  count the parts as separate reports), while a refusal says exactly what to fix. Raise the
  limit to code a genuinely long text in one piece.
* **Line length.** A JSONL line holds one story and its metadata: 8 MiB is 80 times the
  longest story allowed, and stops a runaway line (a missing newline, a binary blob) from being
  held in memory whole.
* **JSON depth.** News records are flat (a few levels for ``extra`` fields); 64 levels is
  generous, and stays far below Python's recursion limit, which a deeply nested line would
  otherwise hit with a ``RecursionError`` (in the parser, the store's JSON encoding or pickling
  to a worker).
* **Lock timeout.** SQLite writers queue; 30 s covers another ingest committing a chunk, and
  a lock held longer is reported as an error rather than a hang.

A value is read from the environment each time ``current()`` is called, so a test or a shell
can set it for one run; ``use(Limits(...))`` overrides it in Python for the duration of a block.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import Iterator

from .errors import DatelineError

MIB = 1024 * 1024

#: Each limit's environment variable.
ENVIRONMENT = {
    "max_input_bytes": "DATELINE_MAX_INPUT_BYTES",
    "max_story_chars": "DATELINE_MAX_STORY_CHARS",
    "max_line_bytes": "DATELINE_MAX_LINE_BYTES",
    "max_json_depth": "DATELINE_MAX_JSON_DEPTH",
    "db_timeout": "DATELINE_DB_TIMEOUT",
}


@dataclass(frozen=True)
class Limits:
    """The bounds every reader and the store obey (see the module docstring for why)."""

    max_input_bytes: int = 64 * MIB
    max_story_chars: int = 100_000
    max_line_bytes: int = 8 * MIB
    max_json_depth: int = 64
    db_timeout: float = 30.0

    @classmethod
    def from_environment(cls) -> "Limits":
        """The defaults, with any ``DATELINE_MAX_*`` setting of the environment applied."""
        values: dict[str, float | int] = {}
        for item in fields(cls):
            name = ENVIRONMENT[item.name]
            raw = os.environ.get(name)
            if raw is None or not raw.strip():
                continue
            kind = float if item.name == "db_timeout" else int
            try:
                value = kind(raw.strip().replace("_", ""))
            except ValueError:
                raise DatelineError(f"{name}={raw!r} is not a number") from None
            if value <= 0:
                raise DatelineError(f"{name}={raw!r} must be greater than 0")
            values[item.name] = value
        return replace(cls(), **values)

    def setting(self, name: str) -> str:
        """How a user raises limit ``name``, for error messages."""
        return f"{ENVIRONMENT[name]}={getattr(self, name)}"


_override: Limits | None = None


def current() -> Limits:
    """The limits in force: an override set with ``use``, else the environment's."""
    return _override if _override is not None else Limits.from_environment()


@contextmanager
def use(limits: Limits) -> Iterator[Limits]:
    """Apply ``limits`` to everything read or stored inside the block."""
    global _override
    previous, _override = _override, limits
    try:
        yield limits
    finally:
        _override = previous
