"""JSON Lines: one story per line, ``{"id", "title", "text", "date", "url", "source", ...}``.

A bad line (not JSON, not an object, no text) becomes an ``InputError`` naming ``file:line`` and
the other lines are still read, so one broken record does not cost a batch. Fields we do not
know are kept in ``Article.extra``; ``language`` (or ``lang``) is taken as given when present.
The text is kept exactly as given: corpora with gold annotations carry offsets into it.

Limits (``limits.py``): a line longer than ``max_line_bytes`` is refused without being held
whole, and a record nested deeper than ``max_json_depth`` is refused before anything walks it
recursively. A line with a few bytes that are not UTF-8 is read with them replaced (and a
warning), as whole files are.
"""
from __future__ import annotations

import codecs
import gzip
import json
import warnings
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from .. import limits
from ..errors import InputError, InputWarning
from ..records import Article
from .build import build_article
from .text import decode_bytes, repair_utf8, too_large_message

#: How much of an over-long line is read at a time while skipping to its end.
SKIP_CHUNK = 1024 * 1024

#: How much of a JSONL file is looked at before streaming it as UTF-8 lines.
STREAM_CHECK_BYTES = 8192
NON_UTF8_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)

#: Fields that fill an Article; everything else goes to ``extra``.
KNOWN_FIELDS = ("id", "title", "text", "date", "url", "source", "language")
#: Other spellings that corpora use for the same fields.
ALIASES = {
    "published": "date",
    "publication_date": "date",
    "body": "text",
    "content": "text",
    "headline": "title",
    "link": "url",
    "lang": "language",
}


def read_jsonl(text: str, origin: str, *, date: str | None = None) -> Iterator[Article | InputError]:
    """Each line of ``text`` as an article, or an ``InputError`` naming ``origin:line``.

    A ``.json`` file holding one array of records (or one pretty-printed record) is read too;
    its records are named ``origin#record N``.
    """
    whole = _whole_document(text, origin)
    if whole is not None:
        records = whole if isinstance(whole, list) else [whole]
        for index, record in enumerate(records, start=1):
            where = f"{origin}#record {index}" if isinstance(whole, list) else origin
            try:
                yield record_to_article(record, where, date=date)
            except InputError as exc:
                yield exc
        return
    # Split on "\n" only: JSON strings may hold U+2028 and other characters str.splitlines cuts at.
    yield from _read_lines(text.split("\n"), origin, date=date)


def read_jsonl_file(path: Path, origin: str, *, date: str | None = None) -> Iterator[Article | InputError]:
    """Stream a JSON Lines file (``.gz`` too) line by line, so memory stays flat on a large corpus.

    JSON text is UTF-8 (RFC 8259); a line with a few bad bytes is repaired with a warning. A
    file that is empty, binary or in UTF-16/32 goes through whole-file decoding instead, which
    reports or decodes it (within the input limit).
    """
    bound = limits.current()
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rb") as handle:
        head = handle.read(STREAM_CHECK_BYTES)
        if not head.strip() or b"\x00" in head or head.startswith(NON_UTF8_BOMS):
            rest = handle.read(bound.max_input_bytes + 1 - len(head))
            if len(head) + len(rest) > bound.max_input_bytes:
                raise InputError(origin, too_large_message(bound))
            yield from read_jsonl(decode_bytes(head + rest, origin), origin, date=date)
            return
        handle.seek(0)
        lines = (_decode_line(raw, number, origin) for number, raw in enumerate(_bounded_lines(handle, bound), 1))
        yield from _read_lines(lines, origin, date=date)


def _bounded_lines(handle: IO[bytes], bound: limits.Limits) -> Iterator[bytes | Exception]:
    """The lines of ``handle``; a line over ``max_line_bytes`` is skipped and an error in its place."""
    while True:
        raw = handle.readline(bound.max_line_bytes + 1)
        if not raw:
            return
        if len(raw) > bound.max_line_bytes and not raw.endswith(b"\n"):
            while True:  # skip the rest of the line without holding it
                chunk = handle.readline(SKIP_CHUNK)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield _line_too_long(bound)
            continue
        yield raw


def _line_too_long(bound: limits.Limits) -> ValueError:
    return ValueError(
        f"line longer than {bound.max_line_bytes:,} bytes, over the line limit"
        f" (set {bound.setting('max_line_bytes')} higher to read it)"
    )


def _decode_line(raw: bytes | Exception, number: int, origin: str) -> str | Exception:
    """One line as text: UTF-8, or UTF-8 with a few stray bytes repaired as whole files are."""
    if isinstance(raw, Exception):
        return raw
    if number == 1:
        raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            repaired = repair_utf8(raw, f"{origin}:{number}")
        if repaired is None:
            return UnicodeError(f"not UTF-8 text (byte {exc.start + 1}); JSON Lines must be UTF-8")
        for warning in caught:
            warnings.warn(warning.message)
        return repaired


def _read_lines(
    lines: Iterable[str | Exception], origin: str, *, date: str | None
) -> Iterator[Article | InputError]:
    for number, line in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        if isinstance(line, Exception):
            yield InputError(where, str(line))
            continue
        if not line.strip():
            continue
        try:
            yield record_to_article(parse_json(line, where), where, date=date)
        except InputError as exc:
            yield exc


def parse_json(text: str, origin: str) -> Any:
    """The JSON value of ``text`` within the line and depth limits; an ``InputError`` if not."""
    bound = limits.current()
    text = text.rstrip("\r\n")
    if len(text) > bound.max_line_bytes or (
        4 * len(text) > bound.max_line_bytes
        and len(text.encode("utf-8", errors="surrogatepass")) > bound.max_line_bytes
    ):
        raise InputError(origin, str(_line_too_long(bound)))
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        # json's messages end in "at" ("Unterminated string starting at"): say where once.
        message = exc.msg.removesuffix(" at")
        where = f"line {exc.lineno}, column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
        raise InputError(origin, f"not valid JSON: {message} ({where})") from None
    except RecursionError:
        raise InputError(origin, _too_deep(bound)) from None
    if json_depth(value) > bound.max_json_depth:
        raise InputError(origin, _too_deep(bound))
    return value


def _too_deep(bound: limits.Limits) -> str:
    return (f"JSON nested deeper than {bound.max_json_depth} levels, over the depth limit"
            f" (set {bound.setting('max_json_depth')} higher to read it)")


def json_depth(value: Any) -> int:
    """How deeply ``value`` nests (a scalar is 0, ``[]`` is 1), walked without recursion."""
    deepest = 0
    stack = [(value, 1)] if isinstance(value, (list, dict)) else []
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, (list, dict)))
    return deepest


def _whole_document(text: str, origin: str) -> Any:
    """The JSON value of ``text`` if it is one array or one multi-line object, else None."""
    stripped = text.strip()
    if not (stripped.startswith("[") or (stripped.startswith("{") and "\n" in stripped)):
        return None
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError:
        return None  # ordinary JSON Lines: "Extra data" after the first record
    except RecursionError:
        raise InputError(origin, _too_deep(limits.current())) from None
    if isinstance(value, (list, dict)):
        records = value if isinstance(value, list) else [value]
        bound = limits.current()
        # The document's own array level does not count against each record's depth.
        if any(json_depth(record) > bound.max_json_depth for record in records):
            raise InputError(origin, _too_deep(bound))
        return value
    return None


def record_to_article(record: Any, origin: str, *, date: str | None = None) -> Article:
    """One decoded JSON record as an article; an ``InputError`` if it is not a story."""
    if not isinstance(record, dict):
        raise InputError(origin, f"expected a JSON object, found {type(record).__name__}")
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in record.items():
        name = ALIASES.get(key, key)
        if name in KNOWN_FIELDS and name not in fields:
            fields[name] = value
        else:
            extra[key] = value
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(origin, "record has no 'text' (a non-empty string is required)")
    title = fields.get("title")
    language = fields.get("language")
    record_id = fields.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, (str, int, float, type(None))):
        raise InputError(origin, f"'id' must be a string or a number, not {type(record_id).__name__}")
    return build_article(
        text,
        origin=origin,
        title=str(title).strip() if title else "",
        article_id=str(record_id) if record_id not in (None, "") else None,
        metadata_date=fields.get("date"),
        option_date=date,
        source=str(fields["source"]) if fields.get("source") else None,
        url=str(fields["url"]) if fields.get("url") else None,
        language=str(language).lower()[:2] if isinstance(language, str) and language else None,
        extra=extra,
    )
