"""Reading news: plain text with wire datelines, JSONL, directories, stdin, and the read API."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from dateline.errors import DatelineError, InputError
from dateline.read import read_all, read_text, sniff_kind
from dateline.records import Article, content_hash

DATA = Path(__file__).resolve().parent / "data" / "read"


def articles(paths, **kwargs) -> list[Article]:
    results = list(read_all(paths, **kwargs))
    errors = [r for r in results if isinstance(r, InputError)]
    assert not errors, errors
    return [r for r in results if isinstance(r, Article)]


def test_seed_story_is_tass_from_tokyo_dated_by_inference(seed_path: Path) -> None:
    [article] = articles([seed_path])
    assert article.source == "TASS"
    assert article.dateline_place == "Tokyo"
    assert article.published == "2019-06-01"
    assert article.published_from == "text"
    assert article.language == "en"
    assert article.origin == str(seed_path)


def test_seed_story_drops_navigation_but_keeps_the_headline(seed_path: Path) -> None:
    [article] = articles([seed_path])
    assert not article.text.startswith("All news")
    assert "All news" not in article.text.splitlines()
    assert article.title == "Japan gives up plans to sign agreement on peace treaty with Russia in June - paper"
    assert article.text.startswith(article.title)
    # The dateline stays in the text; its span is recorded for later stages.
    span = article.extra["dateline"]
    assert article.text[span["start"] : span["end"]] == "TOKYO, June 1. /TASS/."


def test_seed_story_id_is_a_stable_content_hash(seed_path: Path) -> None:
    [first] = articles([seed_path])
    [second] = articles([seed_path])
    assert first.id == second.id == content_hash(first.title, first.text)[:16]


@pytest.mark.parametrize(
    ("name", "agency", "place", "published"),
    [
        # March 3 was a Friday in 2023, the first such year from 2021 (the latest year mentioned).
        ("reuters-moscow.txt", "Reuters", "Moscow", "2023-03-03"),
        # The AP dateline has no day: nothing to infer from.
        ("ap-kyiv.txt", "AP", "Kyiv", None),
        # Jan 5 was a Thursday in 2023, the first such year from 2022.
        ("afp-paris.txt", "AFP", "Paris", "2023-01-05"),
        # A weekday but no year mentioned: not enough evidence.
        ("xinhua-johannesburg.txt", "Xinhua", "Johannesburg", None),
    ],
)
def test_wire_datelines(name: str, agency: str, place: str, published: str | None) -> None:
    [article] = articles([DATA / name])
    assert article.source == agency
    assert article.dateline_place == place
    assert article.published == published
    assert article.published_from == ("text" if published else None)


def test_byline_is_not_taken_for_a_headline() -> None:
    [article] = articles([DATA / "xinhua-johannesburg.txt"])
    assert article.title == ""


def test_headline_becomes_title() -> None:
    [article] = articles([DATA / "reuters-moscow.txt"])
    assert article.title == "Russia says it will hold talks with Ukraine next week"


def test_date_option_is_used_when_there_is_no_metadata() -> None:
    [article] = articles([DATA / "ap-kyiv.txt"], date="2024-02-20")
    assert (article.published, article.published_from) == ("2024-02-20", "option")


def test_date_option_wins_over_inference() -> None:
    [article] = articles([DATA / "reuters-moscow.txt"], date="2022-03-03")
    assert (article.published, article.published_from) == ("2022-03-03", "option")


def test_malformed_date_option_is_a_usage_error() -> None:
    with pytest.raises(DatelineError, match="not a date"):
        list(read_all([DATA / "ap-kyiv.txt"], date="next tuesday"))


def test_read_text_for_a_string() -> None:
    article = read_text(
        "Talks resume\n\nLONDON, May 3 (Reuters) - Britain and Ireland resumed talks on Monday.",
        origin="pasted",
    )
    assert article.title == "Talks resume"
    assert article.source == "Reuters"
    assert article.dateline_place == "London"
    assert article.origin == "pasted"
    # A weekday but no year mention: unknown, and said so.
    assert article.published is None and article.published_from is None


def test_read_text_of_nothing_is_an_input_error() -> None:
    with pytest.raises(InputError, match="<text>"):
        read_text("  \n\n ")


def test_jsonl_records_keep_ids_metadata_and_extra_fields() -> None:
    first, second, third = articles([DATA / "stories.jsonl"])
    assert first.id == "story-1"
    assert (first.published, first.published_from) == ("2019-06-01", "metadata")
    assert first.url == "https://example.org/1"
    assert first.source == "TASS"
    assert first.dateline_place == "Tokyo"
    assert first.extra["desk"] == "Asia"
    assert first.origin == f"{DATA / 'stories.jsonl'}:1"
    # An unreadable metadata date does not count as one; the text gives no day either.
    assert second.published is None
    # No id: a content hash.
    assert third.id == content_hash(third.title, third.text)[:16]
    assert third.origin.endswith("stories.jsonl:3")


def test_jsonl_text_is_kept_exactly(tmp_path: Path) -> None:
    text = "  Gold offsets point into this text.\r\n\n\n\nAll news\n"
    path = tmp_path / "exact.jsonl"
    path.write_text(json.dumps({"id": "x", "text": text}) + "\n", encoding="utf-8")
    [article] = articles([path])
    assert article.text == text


def test_json_array_of_records(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"text": "One story about a summit."}, {"text": "Another story."}]))
    first, second = articles([path])
    assert first.origin == f"{path}#record 1"
    assert second.text == "Another story."


def test_directory_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second story about a strike in Lagos.")
    (tmp_path / "a.txt").write_text("First story about elections in Peru.")
    (tmp_path / "notes.csv").write_text("not,news\n")
    (tmp_path / ".hidden.txt").write_text("Hidden story.")
    found = articles([tmp_path])
    assert [Path(a.origin).name for a in found] == ["a.txt", "two.txt"]


def test_directory_without_news_files_is_reported(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a,b\n")
    [error] = list(read_all([tmp_path]))
    assert isinstance(error, InputError)
    assert str(tmp_path) in str(error)


def test_stdin_is_read_for_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    story = "KYIV, Ukraine (AP) — Officials said the talks went well.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(story.encode("utf-8"))))
    [article] = articles(["-"])
    assert article.origin == "<stdin>"
    assert article.source == "AP"


def test_stdin_jsonl_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    line = json.dumps({"id": "s1", "text": "A story piped in as JSON Lines."}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(line.encode("utf-8"))))
    [article] = articles(["-"])
    assert article.id == "s1"
    assert article.origin == "<stdin>:1"


@pytest.mark.parametrize(
    ("text", "hint", "kind"),
    [
        ('{"text": "x"}', None, "jsonl"),
        ('{"version": "https://jsonfeed.org/version/1.1", "items": []}', "json", "json_feed"),
        ("<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>", None, "feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', None, "feed"),
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", None, "html"),
        ("<html><p>x</p></html>", "feed", "html"),
        ("Plain words.", None, "text"),
        ("<b>bold</b> words in a .txt file", "text", "text"),
    ],
)
def test_sniff_kind(text: str, hint: str | None, kind: str) -> None:
    assert sniff_kind(text, hint) == kind


def test_language_is_detected_and_short_text_left_undetected() -> None:
    spanish = read_text(
        "El Gobierno de España anunció el lunes un acuerdo con los sindicatos para subir el "
        "salario mínimo, después de varias semanas de negociaciones en Madrid."
    )
    assert spanish.language == "es"
    assert read_text("Putin meets Abe").language is None


def test_jsonl_line_separator_inside_a_string_does_not_split_the_record(tmp_path: Path) -> None:
    path = tmp_path / "u2028.jsonl"
    record = {"id": "ls", "text": "First part\u2028second part of one story."}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [article] = articles([path])
    assert article.text == record["text"]


@pytest.mark.parametrize(
    ("title", "site", "host", "headline"),
    [
        ("Takeaways from the trial | CNN Politics", "CNN", "cnn.com", "Takeaways from the trial"),
        ("Headline here » Local » Noticias » Ultima Hora", "Ultima Hora", "ultimahora.es", "Headline here"),
        ("Russia hits Kyiv - Reuters", "Reuters", "reuters.com", "Russia hits Kyiv"),
        # A dash inside a headline stays when no part of it names the site.
        ("Japan gives up plans in June - paper", "TASS", "tass.com", "Japan gives up plans in June - paper"),
    ],
)
def test_page_titles_lose_site_names(title: str, site: str, host: str, headline: str) -> None:
    from dateline.read.html import clean_page_title

    assert clean_page_title(title, site, host) == headline


def test_public_surface() -> None:
    import dateline.read as read

    assert sorted(read.__all__) == sorted(
        ["read_all", "read_text", "read_path", "read_bytes", "sniff_kind", "STDIN"]
    )
    assert all(hasattr(read, name) for name in read.__all__)


@pytest.mark.parametrize(
    ("line", "place", "region"),
    [
        ("MAR DEL PLATA, Argentina, Nov. 5 (Xinhua) -- The summit opened.", "Mar del Plata", "Argentina"),
        ("ST. PETERSBURG, May 5 /TASS/. Talks opened.", "St. Petersburg", None),
        ("N'DJAMENA, March 2 (Reuters) - Troops moved.", "N'Djamena", None),
        ("WASHINGTON (AP) — The Senate voted.", "Washington", None),
        ("KYIV, Ukraine — Russia fired drones overnight.", "Kyiv", "Ukraine"),  # a newspaper's: no agency
    ],
)
def test_dateline_places_are_title_cased(line: str, place: str, region: str | None) -> None:
    from dateline.read.datelines import find_dateline

    dateline = find_dateline(line)
    assert dateline is not None
    assert (dateline.place, dateline.region) == (place, region)


def test_a_placeless_reuters_dateline_names_the_agency_and_day_and_is_no_party() -> None:
    """Reuters files stories gathered in several places as "Dec 3 (Reuters) - ..."."""
    from dateline.read import read_text
    from dateline.pipeline import analyse
    from dateline.read.datelines import find_dateline

    text = "Dec 3 (Reuters) - Japan lodged a protest with China on Wednesday, its defence ministry said."
    dateline = find_dateline(text)
    assert dateline is not None
    assert (dateline.place, dateline.region, dateline.agency, dateline.month, dateline.day) == ("", None, "Reuters", 12, 3)
    article = read_text(text, date="2025-12-04")
    assert (article.source, article.dateline_place) == ("Reuters", None)
    events = next(analyse([article])).events
    assert [(e.source.country, e.target.country) for e in events] == [("JPN", "CHN")]


@pytest.mark.parametrize(
    "line",
    [
        "US, China agree to hold talks next month.",
        "NATO said on Monday it would respond.",
        "TOKYO - Japan said it would respond.",  # no day and no agency: not enough to be a dateline
        "LONDON, May 3 (reuters) - lower-case marker is not an agency's.",
        "March 3 was a day like any other.",
        "Dec 3 - no agency, no place: a date at the start of a line.",
        "Dec 3 (reuters) - a placeless dateline needs the agency's own marker.",
        "BREAKING — a web page's label is no place.",
    ],
)
def test_ordinary_lines_are_not_datelines(line: str) -> None:
    from dateline.read.datelines import find_dateline

    assert find_dateline(line) is None
