"""Bytes to text, and plain-text stories to articles.

Decoding is where bad input first shows, so every refusal here is an ``InputError`` naming the
file. The order of trust:

1. a byte-order mark (UTF-8, UTF-16 or UTF-32) says the encoding outright;
2. strict UTF-8, since nearly all news text is UTF-8 and Latin-1 bytes almost never pass it;
2b. UTF-8 with its few bad bytes replaced by U+FFFD (and a warning), when the valid multi-byte
   UTF-8 sequences outnumber the bad bytes: one stray byte in a UTF-8 file must not switch the
   whole file to a legacy code page and garble every accent in it;
3. an encoding the document declares (``<?xml encoding=...>``, ``<meta charset=...>``);
4. charset-normalizer's best guess (Latin-1 / Windows-1252 texts land here);
5. otherwise the file is binary, or text in an encoding we cannot tell: refused.

Plain text keeps its headline lines (they are coded like the rest) but loses the lines that are
site navigation ("All news"), listed in ``data/read/navigation.txt``.
"""
from __future__ import annotations

import codecs
import gzip
import io
import re
import warnings
import zlib
from functools import lru_cache
from importlib import resources

from .. import limits
from ..errors import InputError, InputWarning
from ..records import Article
from .build import build_article

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED_RE = re.compile(rb"""(?:encoding|charset)\s*=\s*["']?([A-Za-z0-9_.:\-]+)""")
#: Control characters other than tab, newline, carriage return and form feed mark binary data.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: Code pages whose "chaos" (mess) scores differ by less than this fit the bytes equally well.
CHAOS_TIE = 0.01
WESTERN_DEFAULT = "cp1252"
#: Languages Windows-1252 writes in full (charset-normalizer's names for them).
LATIN1_LANGUAGES = frozenset(
    "English French German Spanish Portuguese Italian Dutch Danish Swedish Norwegian Finnish".split()
)
#: More than this share of control characters in decoded text means it was not text.
MAX_CONTROL_SHARE = 0.01
#: "By Jane Doe", "By Sportswriter Cao Jianjie": the writer, not the headline.
_BYLINE_RE = re.compile(r"^(?:By|BY|by)\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and))*$")
#: How much decompressed data is held at a time while a gzip file's size is counted.
GZIP_CHUNK = 1024 * 1024
#: A headline is a short line that does not end like a sentence.
MAX_HEADLINE_CHARS = 200


def gunzip_if_needed(data: bytes, origin: str) -> bytes:
    """The content of gzip data (``.html.gz`` pages), or the data unchanged.

    The content's size is counted first, a chunk at a time and without keeping it: a small
    file that expands to gigabytes (a "zip bomb") is refused once it passes ``max_input_bytes``
    having held one chunk, and only content within the limit is decompressed for real.
    """
    if not data.startswith(b"\x1f\x8b"):
        return data
    bound = limits.current()
    try:
        size = 0
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while size <= bound.max_input_bytes:
                chunk = stream.read(GZIP_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
        if size > bound.max_input_bytes:
            raise InputError(origin, too_large_message(bound, "decompresses to"))
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(origin, f"truncated or corrupt gzip data ({exc})") from exc


def too_large_message(bound: "limits.Limits", verb: str = "is") -> str:
    """The refusal of an input over ``max_input_bytes``, saying how to raise the limit."""
    return (f"{verb} more than {bound.max_input_bytes:,} bytes, over the input limit"
            f" (set {bound.setting('max_input_bytes')} higher to read it)")


def decode_bytes(data: bytes, origin: str) -> str:
    """The text of ``data``; an ``InputError`` for empty, binary or undecodable input."""
    if not data.strip():
        raise InputError(origin, "empty file" if not data else "file holds only white space")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked_text(data.decode(encoding), origin)
            except UnicodeDecodeError as exc:
                raise InputError(origin, f"invalid {encoding} text after its byte-order mark") from exc
    try:
        return _checked_text(data.decode("utf-8"), origin)
    except UnicodeDecodeError:
        pass
    repaired = repair_utf8(data, origin)
    if repaired is not None:
        return _checked_text(repaired, origin)
    if b"\x00" not in data:
        declared = _DECLARED_RE.search(data[:2048])
        if declared:
            try:
                return _checked_text(data.decode(declared.group(1).decode("ascii")), origin)
            except (LookupError, UnicodeDecodeError):
                pass
    return _checked_text(_guess_decode(data, origin), origin)


def repair_utf8(data: bytes, origin: str) -> str | None:
    """``data`` as UTF-8 with its bad bytes replaced, if it is UTF-8 with a few bad bytes.

    Evidence for UTF-8 is its valid multi-byte sequences: Latin-1 text almost never forms
    them, while a UTF-8 story with one stray byte has many (every accent, dash and quote).
    When the valid sequences outnumber the bad bytes the text is UTF-8, and each bad byte
    becomes U+FFFD with a warning; otherwise None, and the legacy code pages are tried.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    multibyte = len(text) - len(text.encode("ascii", errors="ignore")) - text.count("\ufffd")
    if bad <= 0 or multibyte <= bad:
        return None
    warnings.warn(InputWarning(
        origin, f"{bad} byte{'s' if bad != 1 else ''} not valid UTF-8, replaced by U+FFFD"))
    return text


def _guess_decode(data: bytes, origin: str) -> str:
    """charset-normalizer's reading of legacy bytes, Windows-1252 first among equals.

    Short Western texts often fit several single-byte code pages equally well (no "chaos"), and
    the detector may then rank a Baltic or Central European page first, garbling every accent.
    When the detector itself reads the text as a language written in Latin-1's letters,
    Windows-1252 (the web's default for undeclared legacy text) wins such ties.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise InputError(origin, "binary file, or text in an encoding that cannot be told (not text)")
    best = matches[0]
    if best.language not in LATIN1_LANGUAGES:
        return str(best)  # Polish in cp1250, Russian in cp1251: the detector knows best
    calm = [m for m in matches if m.chaos <= best.chaos + CHAOS_TIE]
    western = [m for m in calm if WESTERN_DEFAULT in (m.encoding, *m.could_be_from_charset)]
    return str(western[0] if western else best)


def _checked_text(text: str, origin: str) -> str:
    if not text.strip():
        raise InputError(origin, "file holds no text")
    controls = len(_CONTROL_RE.findall(text[:65536]))
    if controls > MAX_CONTROL_SHARE * min(len(text), 65536):
        raise InputError(origin, "binary file (control characters in the data), not text")
    return text


@lru_cache(maxsize=1)
def navigation_lines() -> frozenset[str]:
    """Whole lines that are site navigation, lower-cased (``data/read/navigation.txt``)."""
    raw = resources.files("dateline").joinpath("data/read/navigation.txt").read_text("utf-8")
    lines = frozenset(
        line.strip().lower() for line in raw.splitlines() if line.strip() and not line.startswith("#")
    )
    if not lines:
        raise ValueError("navigation.txt lists no lines")
    return lines


def normalise_text(text: str) -> str:
    """Unix newlines, no navigation lines, at most one blank line in a row, no outer space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    navigation = navigation_lines()
    kept = [line.rstrip() for line in text.split("\n") if line.strip().lower() not in navigation]
    text = "\n".join(kept)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def headline_of(text: str) -> str:
    """The first line when it reads as a headline (short, not a finished sentence), else ''."""
    first = text.split("\n", 1)[0].strip()
    if not first or len(first) > MAX_HEADLINE_CHARS or "\n" not in text:
        return ""
    if first.endswith((".", ",", ";", ":")) and not first.endswith("..."):
        return ""
    if _BYLINE_RE.match(first):
        return ""
    from .datelines import find_dateline

    dateline = find_dateline(first)
    return "" if dateline is not None else first


def read_text(text: str, *, origin: str = "<text>", date: str | None = None) -> Article:
    """An article from a plain-text story (headline lines kept, navigation lines dropped)."""
    bound = limits.current()
    if len(text) > 2 * bound.max_story_chars + 4096:
        # Far over the story limit whatever normalising removes: refuse before copying it.
        from .build import check_story_length

        check_story_length(origin, "", text)
    body = normalise_text(text)
    if not body:
        raise InputError(origin, "no text")
    return build_article(body, origin=origin, title=headline_of(body), option_date=date)
