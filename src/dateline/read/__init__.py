"""Reading news: every form a story comes in, into one ``Article`` record.

    read_all(paths, date=None)   files, directories (recursive), "-" for stdin → Article | InputError
    read_text(text, date=None)   one plain-text story → Article

Bad input never stops a batch: each unreadable file, line or feed is *yielded* as an
``InputError`` naming it (``path``, ``path:line``), so the caller stores the good records and
reports the bad. What each form gives:

* plain text (``text``): headline kept, navigation lines dropped, wire dateline parsed
  (``datelines``);
* JSONL (``jsonl``): one record a line, extra fields kept;
* HTML (``html``): main text, title, date and site via trafilatura;
* RSS / Atom / JSON Feed (``feeds``): one article per item;
* every article: language (``language``) and a publication date from metadata, the ``date``
  option, or the text, marked as such (``dates``).

A file's form is told from its name (``.jsonl``, ``.html``, ``.rss``, ... also gzipped) and,
where the name does not say, from its first bytes. Directories are walked for known names only.

Every input is read within the limits of ``dateline.limits`` (file size after decompression,
story length, JSONL line length, JSON depth): an input over a limit is one ``InputError``
naming it and the limit, and the batch goes on. Only regular files are read (a FIFO or device
named on the command line would block or never end; pipe it to ``-`` instead).

Where each Article field comes from:

    field           plain text         JSONL               HTML                feed item
    id              content hash       "id", else hash     content hash        content hash
    title           headline line      "title"             page title (clean)  item title
    text            the story          "text" exactly      title + body        title + summary
    published       option / text      "date" / opt / text page date / ...     item date / ...
    source          dateline agency    "source", else agency, else site name / feed title
    dateline_place  dateline           dateline            dateline            dateline
    url             -                  "url"               page url            item link
    language        detected           "language", else detected (feeds: else declared)
    origin          path               path:line           path                path#item N
"""
from __future__ import annotations

import gzip
import stat
import sys
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator, Sequence

from .. import limits
from ..errors import DatelineError, InputError
from ..records import Article
from .dates import normalise_date
from .feeds import read_feed, read_json_feed
from .html import read_html
from .jsonl import read_jsonl, read_jsonl_file
from .text import decode_bytes, gunzip_if_needed, read_text, too_large_message

__all__ = ["read_all", "read_text", "read_path", "read_bytes", "sniff_kind", "STDIN"]

STDIN = "-"

#: File-name endings of each form; directories are walked for these only.
SUFFIX_KINDS = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
}


def read_all(
    paths: Sequence[str | Path], *, date: str | None = None
) -> Iterator[Article | InputError]:
    """Articles from every input in order; an ``InputError`` for each bad file or line.

    ``date`` (ISO) is the publication date of stories whose metadata gives none; a malformed
    ``date`` is a usage error and raises ``DatelineError`` before anything is read.
    """
    check_date_option(date)
    for path in paths:
        if str(path) == STDIN:
            try:
                data = read_bounded(sys.stdin.buffer, "<stdin>")
            except InputError as exc:
                yield exc
                continue
            yield from read_bytes(data, "<stdin>", date=date)
            continue
        yield from read_path(Path(path), date=date)


def check_date_option(date: str | None) -> None:
    """Refuse a ``--date`` that is not a date, rather than silently ignore it."""
    if date is not None and normalise_date(date) is None:
        raise DatelineError(f"--date {date!r} is not a date (expected YYYY-MM-DD)")


def read_path(path: Path, *, date: str | None = None) -> Iterator[Article | InputError]:
    """A file, or every file of a known kind under a directory (sorted, hidden ones skipped)."""
    try:
        mode = path.stat().st_mode  # follows links: a loop or a dangling link fails here
    except OSError as exc:
        message = "no such file or directory" if isinstance(exc, FileNotFoundError) else exc.strerror or str(exc)
        yield InputError(str(path), message)
        return
    if stat.S_ISDIR(mode):
        found = False
        for child in sorted(path.rglob("*")):
            if child.is_file() and _walkable(child, path):
                found = True
                yield from _read_file(child, date=date)
        if not found:
            yield InputError(str(path), "directory holds no news files (.txt, .jsonl, .html, .xml, ...)")
        return
    yield from _read_file(path, date=date)


def _walkable(child: Path, root: Path) -> bool:
    relative = child.relative_to(root).parts
    if any(part.startswith(".") for part in relative):
        return False
    return _suffix_kind(child) is not None


def _suffix_kind(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return SUFFIX_KINDS.get(suffixes[-1]) if suffixes else None


def _read_file(path: Path, *, date: str | None) -> Iterator[Article | InputError]:
    origin = str(path)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        yield InputError(origin, exc.strerror or str(exc))
        return
    if not stat.S_ISREG(mode):
        yield InputError(origin, "not a regular file (a FIFO, socket or device); give its content on stdin with -")
        return
    kind = _suffix_kind(path)
    if kind == "jsonl":
        # Corpora come as large JSONL files (gzipped too): stream them rather than hold them.
        yield from _guarded(read_jsonl_file(path, origin, date=date), origin)
        return
    try:
        with path.open("rb") as handle:
            data = read_bounded(handle, origin)
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(origin, exc.strerror or str(exc))
        return
    yield from read_bytes(data, origin, kind=kind, date=date)


def read_bounded(handle: BinaryIO, origin: str) -> bytes:
    """All of ``handle``, or an ``InputError`` once it passes the input limit."""
    bound = limits.current()
    data = handle.read(bound.max_input_bytes + 1)
    if len(data) > bound.max_input_bytes:
        raise InputError(origin, too_large_message(bound))
    return data


def _guarded(results: Iterator[Article | InputError], origin: str) -> Iterator[Article | InputError]:
    """``results``, with a failure part-way through turned into one last ``InputError``."""
    try:
        yield from results
    except InputError as exc:
        yield exc
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield InputError(origin, f"truncated or corrupt gzip data ({exc})")
    except OSError as exc:
        yield InputError(origin, exc.strerror or str(exc))


def read_bytes(
    data: bytes, origin: str, *, kind: str | None = None, date: str | None = None
) -> Iterator[Article | InputError]:
    """The articles in one file's bytes; ``kind`` from the file name if known, else sniffed."""
    try:
        data = gunzip_if_needed(data, origin)
        text = decode_bytes(data, origin)
        kind = sniff_kind(text, kind)
        if kind == "jsonl":
            yield from read_jsonl(text, origin, date=date)
        elif kind == "json_feed":
            yield from read_json_feed(text, origin, date=date)
        elif kind == "feed":
            yield from read_feed(text, origin, date=date)
        elif kind == "html":
            yield read_html(text, origin, date=date)
        else:
            yield read_text(text, origin=origin, date=date)
    except InputError as exc:
        yield exc
    except RecursionError:
        yield InputError(origin, "could not be read (nested too deeply for the parser)")
    except Exception as exc:  # noqa: BLE001
        # A third-party parser failing on one file must not end the batch.
        yield InputError(origin, f"could not be read ({type(exc).__name__}: {_short(str(exc))})")


def _short(message: str, width: int = 200) -> str:
    return message if len(message) <= width else message[: width - 1] + "…"


def sniff_kind(text: str, hinted: str | None = None) -> str:
    """``text``, ``jsonl``, ``json_feed``, ``feed`` or ``html``: the name's hint, checked by content."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    lowered = head.lower()
    if hinted in ("text", "jsonl"):
        return hinted
    if head.startswith(("{", "[")):
        if '"version"' in lowered and "jsonfeed.org" in lowered:
            return "json_feed"
        return "jsonl"
    if head.startswith("<"):
        if any(tag in lowered for tag in ("<rss", "<feed", "<rdf:rdf", "<channel")):
            return "feed"
        if any(tag in lowered for tag in ("<html", "<!doctype html", "<body", "<head", "<p>", "<div")):
            return "html"
        return hinted if hinted in ("feed", "html") else "html"
    if hinted == "json":
        return "jsonl"
    if hinted in ("feed", "html"):
        return hinted
    return "text"
