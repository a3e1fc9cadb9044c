"""Reading the real feeds and pages in ../shared/data (skipped cleanly where it is absent)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from dateline.errors import InputError
from dateline.read import read_all
from dateline.records import Article

SCRAPINGHUB_REUTERS = "57d46c9d751e3fd3ffaf3ede7ac20cebd30eacb5ea78e1a6aa0a72059244e7ca"


def split(paths: list[Path]) -> tuple[list[Article], list[InputError]]:
    results = list(read_all(paths))
    return (
        [r for r in results if isinstance(r, Article)],
        [r for r in results if isinstance(r, InputError)],
    )


def test_every_shared_feed_reads_without_error(shared: Path) -> None:
    items, errors = split([shared / "feeds"])
    assert not errors, errors
    files = Counter(a.origin.split("#item")[0] for a in items)
    # Every feed file gives items, the broken ones included (LICENSE files are not feeds).
    assert len(files) == 23
    assert all(a.title or a.text for a in items)


@pytest.mark.parametrize(
    ("name", "items"),
    [
        ("jmanuelbr-chrome-extension-mocks/elpais.xml", 81),  # not well-formed: items recovered
        ("jmanuelbr-chrome-extension-mocks/europapress.xml", 10),  # undefined entity
        ("rss-parser-tests/uolNoticias.rss", 15),  # Latin-1 without a declaration
    ],
)
def test_malformed_real_feeds_recover_their_items(shared: Path, name: str, items: int) -> None:
    found, errors = split([shared / "feeds" / name])
    assert not errors
    assert len(found) == items
    assert found[0].origin == f"{shared / 'feeds' / name}#item 1"


def test_latin1_feed_is_decoded_correctly(shared: Path) -> None:
    found, _ = split([shared / "feeds" / "rss-parser-tests" / "uolNoticias.rss"])
    assert found[0].title == "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno"
    assert found[0].source == "UOL Noticias"


def test_feed_item_fields(shared: Path) -> None:
    found, _ = split([shared / "feeds" / "react-native-rss-parser-samples" / "reuters_world.xml"])
    first = found[0]
    assert first.title == "U.S. general says North Korea not demonstrated all components of ICBM"
    assert first.text.startswith(first.title + "\n\n")
    assert "<" not in first.text  # summary HTML stripped
    assert first.url and first.url.startswith("http")
    assert (first.published, first.published_from) == ("2018-01-30", "metadata")
    assert first.dateline_place == "Washington"
    assert first.source == "Reuters"
    assert first.language == "en"
    assert first.extra["feed_title"] == "Reuters: World News"


def test_json_feed_items(shared: Path) -> None:
    found, errors = split([shared / "feeds" / "trafilatura-resources" / "npr-technology-feed.json"])
    assert not errors
    assert len(found) == 25
    assert found[0].title == "Keller Rinaudo: How can delivery drones save lives?"
    assert found[0].published == "2021-10-29"
    assert found[0].source == "Technology"


def test_feed_languages_are_detected(shared: Path) -> None:
    feeds = shared / "feeds"
    for name, language in [
        ("jmanuelbr-chrome-extension-mocks/elmundo.xml", "es"),
        ("rss-parser-tests/encoding.rss", "pt"),
        ("rss-parser-tests/heise.atom", "de"),
        ("feed-rs-fixtures/rss_2.0_ilgiornale.xml", "it"),
        ("jmanuelbr-chrome-extension-mocks/bbc.xml", "en"),
    ]:
        found, _ = split([feeds / name])
        counts = Counter(a.language for a in found)
        assert counts.most_common(1)[0][0] == language, (name, counts)


def test_html_page_gives_text_title_date_and_site(shared: Path) -> None:
    page = shared / "html" / "scrapinghub-article-extraction-benchmark" / "html" / f"{SCRAPINGHUB_REUTERS}.html.gz"
    [article], errors = split([page])
    assert not errors
    assert article.title == "Oversupply angst drags oil lower, stocks drift near highs"
    assert article.text.startswith(article.title + "\n\n")
    assert "Oil prices fell sharply on Tuesday" in article.text
    assert (article.published, article.published_from) == ("2019-11-19", "metadata")
    assert article.extra["site"] == "Reuters"
    assert article.source == "Reuters"
    assert article.dateline_place == "New York"
    assert article.language == "en"


def test_html_page_metadata_matches_newspaper4k(shared: Path) -> None:
    page = shared / "html" / "newspaper4k-tests" / "head" / "html" / "cnn_article.html.gz"
    [article], _ = split([page])
    assert article.title == "After storm, forecasters see smooth sailing for Thanksgiving"
    assert article.published == "2013-11-27"
    assert article.source == "CNN"
    assert article.url == "http://www.cnn.com/2013/11/27/travel/weather-thanksgiving/index.html"
