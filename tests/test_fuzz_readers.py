"""Property tests (hypothesis) over every reader and the query filters: any bytes in, either
records or one ``InputError`` out, never another exception; every record read can be hashed,
stored and printed.

Inputs mix random bytes with the fragments hostile files are made of (escape sequences, lone
surrogates, stray bytes, deep brackets, byte-order marks, feed and HTML skeletons, gzip
headers), under small limits so the limit paths are walked too. CI runs ``FUZZ_EXAMPLES``
(2,000) examples per reader with a fixed seed (derandomised, so a run is repeatable); the
longer, randomised run is ``fuzz/run.sh`` (see ``fuzz/README.md``).
"""
from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline import limits
from dateline.errors import DatelineError, InputError
from dateline.read import read_all, read_bytes
from dateline.records import Actor, Article, Event
from dateline.store import Store

pytestmark = pytest.mark.filterwarnings("ignore::dateline.errors.InputWarning")

FUZZ_EXAMPLES = int(os.environ.get("DATELINE_FUZZ_EXAMPLES", "2000"))
RANDOM = bool(os.environ.get("DATELINE_FUZZ_RANDOM"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
)
#: Small limits, so fuzzed inputs cross them often.
SMALL = limits.Limits(max_input_bytes=40_000, max_story_chars=3_000, max_line_bytes=2_000, max_json_depth=6)

FRAGMENTS = [
    "\x1b[2J", "\x1b]0;title\x07", "\x9b31m", "\x00", "\x07", "\r\n", "\u2028", "\ufeff", "\ufffd",
    "\ud800", "\udfff", "\\ud800", "\\u0000", "[" * 40, "]", "{" * 10, "}", '{"text": "', '", "id": ',
    '"title": ', '"date": "2019-13-45"', '"id": {"a": 1}', "null", "true", "1e999", "-0", '"', "\\",
    "<rss><channel><item><title>", "</title><description>", "</description></item></channel></rss>",
    "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>", "</title></entry></feed>",
    "<html><body><p>", "</p></body></html>", "<![CDATA[", "]]>", "&#0;", "&amp;", "<!--", "-->",
    "<script>", "<div>" * 30, "TOKYO, June 1 (Reuters) - ", "MOSCOW, March 3 /TASS/. ",
    "Japan protested to Russia on Monday. ", "=HYPERLINK(\"x\")", "@SUM(1)", "%", "_",
    "é", "Tōkyō", "中文", "العربية", "\U0001f600", "e\u0301",
]
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _encode(pieces: list[str], codec: str) -> bytes:
    text = "".join(pieces)
    if codec == "utf-8":
        return text.encode("utf-8", errors="surrogatepass")  # lone surrogates as invalid bytes
    return text.encode(codec, errors="replace")


hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=40)
hostile_bytes = st.one_of(
    st.binary(max_size=3000),
    st.builds(_encode, hostile_text, st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"])),
    st.builds(lambda a, b, c: a + b + c, st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1f\x8b"]),
              st.builds(_encode, hostile_text, st.just("utf-8")), st.binary(max_size=20)),
)


def _json_value(depth: int = 0):
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                        st.text(max_size=30), st.sampled_from(["\ud800", "2019-06-01", "2019-13-45", ""]))
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                        max_leaves=12)


records = st.dictionaries(
    st.sampled_from(["id", "title", "text", "date", "url", "source", "language", "body", "extra", "published"]),
    _json_value(), max_size=6,
)
jsonl_bytes = st.one_of(
    hostile_bytes,
    st.lists(st.one_of(records.map(lambda r: json.dumps(r)), hostile_text.map("".join)), max_size=8).map(
        lambda lines: "\n".join(lines).encode("utf-8", errors="surrogatepass")),
)


def _feed(items: list[tuple[str, str]], atom: bool) -> bytes:
    if atom:
        body = "".join(f"<entry><title>{t}</title><summary>{s}</summary></entry>" for t, s in items)
        text = f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>{body}</feed>"
    else:
        body = "".join(f"<item><title>{t}</title><description>{s}</description></item>" for t, s in items)
        text = f"<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>{body}</channel></rss>"
    return text.encode("utf-8", errors="surrogatepass")


feed_bytes = st.one_of(
    hostile_bytes,
    st.builds(_feed, st.lists(st.tuples(hostile_text.map("".join), hostile_text.map("".join)), max_size=4),
              st.booleans()),
    st.builds(lambda items: json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode(),
              st.lists(records, max_size=4)),
)
html_bytes = st.one_of(
    hostile_bytes,
    st.builds(lambda title, body: (f"<html><head><title>{title}</title></head><body><article><p>{body}</p>"
                                   "</article></body></html>").encode("utf-8", errors="surrogatepass"),
              hostile_text.map("".join), hostile_text.map("".join)),
)


def _gzipped(data: bytes, cut: int, corrupt: bool) -> bytes:
    packed = gzip.compress(data)
    if corrupt and len(packed) > 12:
        packed = packed[:10] + bytes([packed[10] ^ 0xFF]) + packed[11:]
    return packed[: max(2, len(packed) - cut)] if cut else packed


gzip_bytes = st.builds(_gzipped, st.one_of(hostile_bytes, jsonl_bytes), st.integers(0, 30), st.booleans())


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    with Store(tmp_path_factory.mktemp("fuzz") / "fuzz.db") as opened:
        yield opened


def check(results: list, store: Store, *, third_party: bool = False) -> None:
    """Every result is a storable Article or an InputError that names its input."""
    for result in results:
        assert isinstance(result, (Article, InputError)), type(result)
        if isinstance(result, InputError):
            assert result.origin and result.reason
            if not third_party:
                # Our own readers say what is wrong; the catch-all message means a bug.
                assert not result.reason.startswith("could not be read ("), result.reason
            assert "RecursionError" not in result.reason and "MemoryError" not in result.reason
            continue
        for value in (result.id, result.title, result.text, result.source or "", result.url or ""):
            assert isinstance(value, str) and not _SURROGATE_RE.search(value)
        assert result.text.strip()
        assert len(result.text) + len(result.title) <= SMALL.max_story_chars
        assert len(result.content_hash) == 64
        json.dumps(result.extra, ensure_ascii=False, default=str)
        store.add(result)


def _read(data: bytes, kind: str | None, origin: str = "fuzz") -> list:
    with limits.use(SMALL):
        return list(read_bytes(data, origin, kind=kind))


@FUZZ
@given(data=hostile_bytes)
def test_text_reader(data: bytes, store: Store) -> None:
    check(_read(data, "text"), store)


@FUZZ
@given(data=html_bytes)
def test_html_reader(data: bytes, store: Store) -> None:
    check(_read(data, "html"), store, third_party=True)


@FUZZ
@given(data=feed_bytes)
def test_feed_reader(data: bytes, store: Store) -> None:
    check(_read(data, "feed"), store, third_party=True)


@FUZZ
@given(data=jsonl_bytes)
def test_jsonl_reader_streamed_from_a_file(data: bytes, store: Store, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(data)
    with limits.use(SMALL):
        results = list(read_all([path]))
    check(results, store)


@FUZZ
@given(data=gzip_bytes, suffix=st.sampled_from([".txt.gz", ".jsonl.gz", ".html.gz", ".xml.gz", ".gz"]))
def test_gzip_reader(data: bytes, suffix: str, store: Store, tmp_path: Path) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    with limits.use(SMALL):
        results = list(read_all([path]))
    check(results, store, third_party=suffix in (".html.gz", ".xml.gz", ".gz"))


@FUZZ
@given(data=hostile_bytes)
def test_sniffed_reader(data: bytes, store: Store) -> None:
    """No name to go by (stdin): the form is sniffed from the bytes."""
    check(_read(data, None, "<stdin>"), store, third_party=True)


# -- the filters of the query commands --------------------------------------------------------


SENTENCES = ["Japan protested to Russia.", "100% of the vote_count was Russia's.", "Tōkyō AND Moscow met.",
             "=cmd|' /C calc'!A0 said Japan.", "Talks in Paris_Texas on 50%."]


@pytest.fixture(scope="module")
def filter_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("filters") / "filters.db"
    with Store(path) as opened:
        for number, sentence in enumerate(SENTENCES):
            article = Article(id=f"a{number}", text=sentence, title=f"T{number}", published="2019-06-01")
            opened.add(article, events=[Event(
                article_id=article.id, cameo="111", source=Actor("Japan", country="JPN", code="JPN"),
                target=Actor("Russia", country="RUS", code="RUS"), sentence=sentence, span=(0, len(sentence)),
                date=f"2019-06-0{number + 1}", date_precision="day", date_from="article")])
    return path


def _ascii_lower(text: str) -> str:
    """SQLite's LIKE folds ASCII letters only."""
    return text.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"))


filter_text = st.one_of(st.text(max_size=12), st.sampled_from(["%", "_", "\\", "'", '"', "% ", "vote_", "50%",
                                                               "\\%", "*", "?", "--", "; DROP TABLE events"]))


@FUZZ
@given(text=filter_text)
def test_text_filter_matches_exactly_the_sentences_containing_it(text: str, filter_store: Path) -> None:
    from dateline.ask.query import Ask

    with Ask(filter_store, readonly=True) as ask:
        if "\0" in text:  # SQLite would end the pattern there: refused, not matched
            with pytest.raises(DatelineError, match="NUL"):
                ask.mentions(text=text)
            return
        found = set(ask.mentions(text=text)["sentence"]) if text else set(SENTENCES)
    expected = {s for s in SENTENCES if _ascii_lower(text) in _ascii_lower(s)}
    assert found == expected


@settings(FUZZ, max_examples=max(200, FUZZ_EXAMPLES // 4))
@given(options=st.lists(st.tuples(st.sampled_from(["--text", "--place", "--actor", "--root", "--since", "--until",
                                                   "--modality"]), filter_text), max_size=4),
       command=st.sampled_from(["export", "timeline", "events"]))
def test_cli_filters_never_raise(options, command, filter_store: Path) -> None:
    from click.testing import CliRunner

    from dateline.cli import cli

    args = [command, "--db", str(filter_store)]
    for name, value in options:
        if command == "events" and name in ("--text", "--place"):
            continue  # events has the store's own filters only
        args += [name, value]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), result.output
    if command in ("timeline", "events"):  # printed for people: no control characters
        assert not _CONTROL_RE.search(result.stdout.replace("\n", "").replace("\t", ""))
