"""JSON Lines: one story per line, ``{"id", "title", "text", "date", "url", "source", ...}``.

A bad line (not JSON, not an object, no text) becomes an ``InputError`` naming ``file:line`` and
the other lines are still read, so one broken record does not cost a batch. Fields we do not
know are kept in ``Article.extra``; ``language`` (or ``lang``) is taken as given when present.
The text is kept exactly as given: corpora with gold annotations carry offsets into it.
"""
from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import InputError
from ..records import Article
from .build import build_article
from .text import decode_bytes

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
    whole = _whole_document(text)
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
    """Stream a JSON Lines file line by line, so memory stays flat on a large corpus.

    JSON text is UTF-8 (RFC 8259); a line that is not is an ``InputError`` for that line. A
    file that is empty, binary or in UTF-16/32 goes through whole-file decoding instead, which
    reports or decodes it.
    """
    with path.open("rb") as handle:
        head = handle.read(STREAM_CHECK_BYTES)
        if not head.strip() or b"\x00" in head or head.startswith(NON_UTF8_BOMS):
            yield from read_jsonl(decode_bytes(head + handle.read(), origin), origin, date=date)
            return
        handle.seek(0)
        lines = (_decode_line(raw, number) for number, raw in enumerate(handle, start=1))
        yield from _read_lines(lines, origin, date=date)


def _decode_line(raw: bytes, number: int) -> str | UnicodeError:
    if number == 1:
        raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return UnicodeError(f"not UTF-8 text (byte {exc.start + 1}); JSON Lines must be UTF-8")


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
            yield record_to_article(json.loads(line), where, date=date)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
        except InputError as exc:
            yield exc


def _whole_document(text: str) -> Any:
    """The JSON value of ``text`` if it is one array or one multi-line object, else None."""
    stripped = text.strip()
    if not (stripped.startswith("[") or (stripped.startswith("{") and "\n" in stripped)):
        return None
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError:
        return None  # ordinary JSON Lines: "Extra data" after the first record
    return value if isinstance(value, (list, dict)) else None


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
