"""Bad input never stops a batch: each case is an InputError naming the file (and line), and the
good records around it are still read. Every file here is written by the test into tmp_path."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from dateline.errors import InputError
from dateline.read import read_all
from dateline.records import Article

GOOD_STORY = "BERLIN, May 4 (Reuters) - Germany and Poland agreed on Tuesday to expand rail links.\n"


def read_split(paths: list[Path | str]) -> tuple[list[Article], list[InputError]]:
    results = list(read_all(paths))
    good = [r for r in results if isinstance(r, Article)]
    bad = [r for r in results if isinstance(r, InputError)]
    assert len(good) + len(bad) == len(results)
    return good, bad


def with_good_neighbour(tmp_path: Path, bad: Path) -> tuple[list[Article], list[InputError]]:
    """Read the bad file between two good ones: the batch must go on."""
    before = tmp_path / "before.txt"
    after = tmp_path / "after.txt"
    before.write_text(GOOD_STORY, encoding="utf-8")
    after.write_text(GOOD_STORY.replace("Poland", "Czechia"), encoding="utf-8")
    good, errors = read_split([before, bad, after])
    assert [Path(a.origin).name for a in good] == ["before.txt", "after.txt"]
    return good, errors


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    _, [error] = with_good_neighbour(tmp_path, empty)
    assert error.origin == str(empty)
    assert "empty" in str(error) and str(empty) in str(error)


def test_white_space_only_file(tmp_path: Path) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\t\n")
    _, [error] = with_good_neighbour(tmp_path, blank)
    assert "white space" in error.reason


def test_binary_file(tmp_path: Path) -> None:
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    _, [error] = with_good_neighbour(tmp_path, binary)
    assert error.origin == str(binary)
    assert "binary" in error.reason


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    story = (
        "PARIS, Jan 5 (AFP) - Le président français a rencontré à l'Élysée le ministre "
        "allemand des Affaires étrangères pour évoquer la sécurité européenne.\n"
    )
    path = tmp_path / "latin1.txt"
    path.write_bytes(story.encode("latin-1"))
    [article], errors = read_split([path])
    assert not errors
    assert "président français a rencontré à l'Élysée" in article.text
    assert article.language == "fr"
    assert article.source == "AFP"


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(GOOD_STORY.encode("utf-16"))  # Python writes the BOM for "utf-16"
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    [article], errors = read_split([path])
    assert not errors
    assert article.text == GOOD_STORY.strip()
    assert article.dateline_place == "Berlin"


def test_utf8_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_STORY.encode("utf-8"))
    [article], _ = read_split([path])
    assert article.text.startswith("BERLIN")


def test_truncated_html_keeps_what_is_there(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>Paragraph {i}: the ministers of both countries met in Vienna to discuss the "
        f"pipeline agreement and the sanctions that followed the dispute over gas prices.</p>"
        for i in range(1, 6)
    )
    page = (
        "<!DOCTYPE html><html><head><title>Ministers meet in Vienna</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>Ministers meet in Vienna</h1>{paragraphs}"
    )
    path = tmp_path / "cut.html"
    path.write_text(page[: len(page) - 40], encoding="utf-8")  # cut inside the last paragraph
    [article], errors = read_split([path])
    assert not errors
    assert "Paragraph 1: the ministers" in article.text
    assert article.title == "Ministers meet in Vienna"


def test_html_without_article_text(tmp_path: Path) -> None:
    path = tmp_path / "shell.html"
    path.write_text("<html><head><title>x</title></head><body><div></div></body></html>")
    _, [error] = with_good_neighbour(tmp_path, path)
    assert error.origin == str(path)
    assert "no article text" in error.reason


def test_malformed_feed_with_readable_items_recovers_them(tmp_path: Path) -> None:
    feed = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Wire</title>"
        "<item><title>Talks open in Geneva</title><description>Delegations met on Monday "
        "in Geneva.</description></item>"
        "<item><title>Fish & chips</title><description>An unescaped ampersand &nbsp; and an "
        "undefined entity.</description></item>"
    )  # never closed, and not well-formed
    path = tmp_path / "broken.rss"
    path.write_text(feed, encoding="utf-8")
    good, errors = read_split([path])
    assert not errors
    assert good and good[0].title == "Talks open in Geneva"
    assert good[0].origin == f"{path}#item 1"


def test_feed_with_nothing_readable(tmp_path: Path) -> None:
    path = tmp_path / "nothing.xml"
    path.write_text("<?xml version='1.0'?><rss><channel><<<</rss", encoding="utf-8")
    _, [error] = with_good_neighbour(tmp_path, path)
    assert error.origin == str(path)
    assert "feed" in error.reason


def test_json_feed_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text('{"version": "https://jsonfeed.org/version/1.1", "items": [', encoding="utf-8")
    _, [error] = with_good_neighbour(tmp_path, path)
    assert error.origin == str(path)


def test_jsonl_with_bad_lines_names_each_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Ministers met in Rome."}),
        '{"id": "b", "text": "cut off',
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "c", "title": "no text"}),
        json.dumps({"id": "d", "text": "Leaders met in Oslo."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    good, errors = read_split([path])
    assert [a.id for a in good] == ["a", "d"]
    assert [e.origin for e in errors] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert "not valid JSON" in errors[0].reason
    assert f"{path}:2" in str(errors[0])
    assert "object" in errors[1].reason
    assert "'text'" in errors[2].reason


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "story.txt"
    _, [error] = with_good_neighbour(tmp_path, missing)
    assert error.origin == str(missing)
    assert "no such file" in error.reason


def test_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    data = gzip.compress(b"<html><body><p>" + b"Words of a story. " * 200 + b"</p></body></html>")
    path.write_bytes(data[: len(data) // 2])
    _, [error] = with_good_neighbour(tmp_path, path)
    assert error.origin == str(path)
    assert "gzip" in error.reason


def test_unreadable_file(tmp_path: Path) -> None:
    folder_named_like_a_file = tmp_path / "story.txt"
    folder_named_like_a_file.mkdir()
    # A directory named like a story holds no news files: reported, not raised.
    _, [error] = with_good_neighbour(tmp_path, folder_named_like_a_file)
    assert error.origin == str(folder_named_like_a_file)


def test_jsonl_line_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "ok", "text": "Leaders met in Oslo."}).encode("utf-8")
    latin1 = json.dumps({"id": "bad", "text": "Réunion à Genève."}, ensure_ascii=False).encode("latin-1")
    path.write_bytes(good + b"\n" + latin1 + b"\n" + good.replace(b'"ok"', b'"ok2"') + b"\n")
    found, [error] = read_split([path])
    assert [a.id for a in found] == ["ok", "ok2"]
    assert error.origin == f"{path}:2"
    assert "UTF-8" in error.reason


def test_empty_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"\n\n")
    _, [error] = with_good_neighbour(tmp_path, path)
    assert error.origin == str(path)


def test_utf16_jsonl_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes((json.dumps({"id": "w", "text": "Talks in Minsk."}) + "\n").encode("utf-16"))
    [article], errors = read_split([path])
    assert not errors and article.id == "w"
