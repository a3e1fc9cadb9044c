"""Publication dates: metadata normalisation and inference from the text (dates.py's rule)."""
from __future__ import annotations

import time

import pytest

from dateline.read.dates import choose_published, infer_published, latest_past_year, normalise_date
from dateline.read.datelines import find_dateline


def infer(text: str) -> str | None:
    return infer_published(text, find_dateline(text))


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2019-06-01", "2019-06-01"),
        ("2019-06-01T23:30:00Z", "2019-06-01"),
        ("1987-02-26T15:01:01", "1987-02-26"),
        ("Sat, 01 Jun 2019 10:00:00 GMT", "2019-06-01"),
        ("20190601", "2019-06-01"),
        (time.struct_time((2019, 6, 1, 0, 0, 0, 5, 152, 0)), "2019-06-01"),
        ("2019-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_date(value: object, iso: str | None) -> None:
    assert normalise_date(value) == iso


def test_seed_rule_weekday_and_latest_past_year() -> None:
    text = (
        "TOKYO, June 1. /TASS/. The paper said on Saturday that talks stalled.\n\n"
        "On November 14, 2018, the leaders met. In 1956 a declaration was signed."
    )
    assert infer(text) == "2019-06-01"


def test_future_years_are_no_bound() -> None:
    text = (
        "TOKYO, June 1. /TASS/. The paper said on Saturday that talks stalled.\n\n"
        "The leaders met in 2018. They will sign a treaty by 2030. The plan for 2027 stands."
    )
    assert latest_past_year(text) == 2018
    assert infer(text) == "2019-06-01"


def test_without_a_weekday_the_date_is_unknown() -> None:
    assert infer("TOKYO, June 1. /TASS/. The paper said that talks stalled, as in 2018.") is None


def test_without_a_year_the_date_is_unknown() -> None:
    assert infer("TOKYO, June 1. /TASS/. The paper said on Saturday that talks stalled.") is None


def test_without_a_dateline_day_the_date_is_unknown() -> None:
    assert infer("KYIV, Ukraine (AP) — Officials said on Saturday, as in 2018, ...") is None


def test_a_dateline_with_its_year_needs_no_inference() -> None:
    assert infer("ST. PETERSBURG, May 5, 2019 /TASS/. Talks opened.") == "2019-05-05"


def test_a_weekday_far_from_the_latest_year_is_refused() -> None:
    # 29 February fell on a Saturday in 2020 and before that in 1992.
    assert infer("TOKYO, Feb 29. /TASS/. Talks opened on Saturday, as they had in 2019.") == "2020-02-29"
    assert infer("TOKYO, Feb 29. /TASS/. Talks opened on Saturday, as they had in 1993.") is None
    # June 1 was a Saturday in 2019 and 2024: from 2020 the next match is four years on, too far.
    assert infer("TOKYO, June 1. /TASS/. Talks opened on Saturday, as they had in 2020.") is None


def test_order_metadata_option_text() -> None:
    text = "TOKYO, June 1. /TASS/. Talks stalled on Saturday, as in 2018."
    dateline = find_dateline(text)
    assert choose_published("2019-05-31", "2019-01-01", text, dateline) == ("2019-05-31", "metadata")
    assert choose_published(None, "2019-01-01", text, dateline) == ("2019-01-01", "option")
    assert choose_published("garbage", None, text, dateline) == ("2019-06-01", "text")
    assert choose_published(None, None, "No dateline here.", None) == (None, None)


def test_years_that_name_things_are_no_bound() -> None:
    text = (
        "TOKYO, June 1. /TASS/. Officials said on Saturday that preparations for the 2020 Olympics "
        "were on track.\n\nThe two countries signed a 1956 declaration. They met in 2018."
    )
    assert latest_past_year(text) == 2018
    assert infer(text) == "2019-06-01"
