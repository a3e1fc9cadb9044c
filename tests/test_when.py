"""The temporal tagger on the seed story, on written cases of each kind, and on bad input."""
from __future__ import annotations

import pytest
import yaml

from dateline import when
from dateline.errors import DatelineError
from dateline.when import lexicon, tagger
from dateline.when.values import Point, make_day, shift


def tags(nlp, text: str, dct: str | None = "2019-06-01") -> dict[str, tuple[str, str | None, str | None]]:
    return {t.text: (t.type, t.value, t.mod) for t in when.tag(nlp(text), dct)}


def test_seed_story_expressions(nlp, seed_path):
    found = tags(nlp, seed_path.read_text(encoding="utf-8"), "2019-06-01")
    assert found["June 1"] == ("DATE", "2019-06-01", None)
    assert found["late June"] == ("DATE", "2019-06", "END")
    assert found["earlier this year"] == ("DATE", "2019", None)
    assert found["the mid-20th century"] == ("DATE", "19", "MID")
    assert found["November 14, 2018"] == ("DATE", "2018-11-14", None)
    assert found["January 27, 1960"] == ("DATE", "1960-01-27", None)
    assert found["June 28"][1] == "2019-06-28" and found["29"][1] == "2019-06-29"
    assert found["Saturday"][1] == "2019-06-01"  # the story ran on a Saturday: "said on Saturday"


def test_weekdays_follow_the_tense(nlp):
    # 2019-06-05 is a Wednesday.
    past = tags(nlp, "The minister said on Monday that talks had failed.", "2019-06-05")
    future = tags(nlp, "The ministers will meet on Monday in Tokyo.", "2019-06-05")
    assert past["Monday"][1] == "2019-06-03"
    assert future["Monday"][1] == "2019-06-10"


@pytest.mark.parametrize(
    "text, expression, value",
    [
        ("Prices rose last week.", "last week", "2019-W21"),
        ("Elections are due next month.", "next month", "2019-07"),
        ("The treaty was signed two years ago.", "two years ago", "2017"),
        ("He arrived yesterday.", "yesterday", "2019-05-31"),
        ("Sanctions have been in place since 2014.", "2014", "2014"),
        ("Talks have stalled recently.", "recently", "PAST_REF"),
        ("The talks are now in their third week.", "now", "PRESENT_REF"),
        ("Output will rise in the third quarter.", "the third quarter", "2019-Q3"),
        ("Exports peaked in the 1990s.", "the 1990s", "199"),
        ("They met in the summer of 2018.", "the summer of 2018", "2018-SU"),
        ("The meeting starts at 3 p.m. today.", "3 p.m. today", "2019-06-01T15:00"),
        ("He left office in nineteen ninety-six.", "nineteen ninety-six", "1996"),
        ("They met on Thanksgiving Day 1999.", "Thanksgiving Day 1999", "1999-11-25"),
        ("Polls open on Election Day 2018.", "Election Day 2018", "2018-11-06"),
        ("The minister said the weekend was calm.", "the weekend", "2019-W22-WE"),
    ],
)
def test_relative_and_partial_expressions(nlp, text, expression, value):
    assert tags(nlp, text)[expression][1] == value


def test_durations_and_sets(nlp):
    found = tags(nlp, "The talks lasted a month. The alliance has held for three decades. "
                      "They meet every year. The feud went on for half a century. "
                      "For decades, nothing changed.")
    assert found["a month"] == ("DURATION", "P1M", None)
    assert found["three decades"][:2] == ("DURATION", "P30Y")  # the issue's own example
    assert found["half a century"][:2] == ("DURATION", "P50Y")
    assert found["decades"][:2] == ("DURATION", "PXY")
    assert found["every year"][:2] == ("SET", "P1Y")


def test_narrative_anchor_moves_with_the_text(nlp):
    found = tags(nlp, "The treaty was signed in 1960. A year later, the troops left. "
                      "The next day, talks resumed.", "2019-06-01")
    assert found["1960"][1] == "1960"
    assert found["A year later"][1] == "1961"
    before = tags(nlp, "The talks ended on November 14, 2018. The day before, the ministers had met.")
    assert before["The day before"][1] == "2018-11-13"


def test_without_dct_values_stay_underspecified(nlp):
    found = tags(nlp, "The summit opens on June 1. Talks failed last year.", None)
    assert found["June 1"][1] == "XXXX-06-01"
    assert found["last year"][1] == "XXXX"


@pytest.mark.parametrize("text", [
    "The deal was signed on February 30, 2019.",
    "In the year 99999 and 0000, on 31/31/31, at 99:99.",
    "",
    "   \n\n  ",
    "Since 12345 BC 2019-13-45 the end of the 99th century.",
])
def test_bad_input_does_not_crash(nlp, text):
    result = when.tag(nlp(text), "2019-06-01")
    for timex in result:
        assert timex.value is None or isinstance(timex.value, str)
    when.tag(nlp(text), "not a date")


def test_counts_are_not_years(nlp):
    found = tags(nlp, "Fifteen twenty soldiers and 2000 troops arrived in 1999.")
    assert list(found) == ["1999"]


@pytest.mark.parametrize("text, expected", [
    ("UK Prime Minister Theresa May said the tweet was unacceptable.", {}),
    ("Theresa May criticized Donald Trump on Friday.", {"Friday": "2019-07-19"}),
    ("Prime Minister Theresa May will visit China in June.", {"June": "2020-06"}),
    ("Elections were held in May, when Theresa May lost her majority.", {"May": "2019-05"}),
    ("Sen. Mark Warner met April Ryan on August 3.", {"August 3": "2019-08-03"}),
    ("The talks will resume Thursday May 5.", {"Thursday May 5": "2020-05-05"}),
])
def test_a_month_in_a_persons_name_is_no_date(nlp, text, expected):
    assert {t.text: t.value for t in when.tag(nlp(text), "2019-07-20")} == expected


def test_unparsed_doc_still_tags():
    import spacy

    doc = spacy.blank("en")("He said on Monday that on June 1 the talks failed.")
    assert {t.text for t in when.tag(doc, "2019-06-05")} == {"Monday", "June 1"}


def test_impossible_date_has_no_value(nlp):
    found = tags(nlp, "The deal was signed on February 30, 2019.")
    assert found["February 30, 2019"][1] is None


def test_very_long_document(nlp):
    text = "On June 1, 2019, the ministers met and said they would meet again next month. " * 300
    result = when.tag(nlp(text), "2019-06-01")
    assert len(result) == 600


def test_event_date_takes_the_clause_expression(nlp):
    doc = nlp("On November 14, 2018, Putin and Abe held a meeting in Singapore.")
    timexes = when.tag(doc, "2019-06-01")
    dated = when.event_date(doc, list(doc), timexes, "2019-06-01")
    assert (dated.value, dated.precision, dated.date_from) == ("2018-11-14", "day", "text")


def test_event_date_precision_and_fallbacks(nlp):
    doc = nlp("In 1956, the two countries signed a joint declaration.")
    timexes = when.tag(doc, "2019-06-01")
    assert when.event_date(doc, list(doc), timexes, "2019-06-01") == when.EventDate("1956", "year", "text")
    plain = nlp("The two countries signed a joint declaration.")
    assert when.event_date(plain, list(plain), [], "2019-06-01") == when.EventDate("2019-06-01", "day", "article")
    assert when.event_date(plain, list(plain), [], None) == when.EventDate(None, None, None)


def test_value_precision():
    assert when.value_precision("2019-06") == ("2019-06", "month")
    assert when.value_precision("19") == ("19", "century")
    assert when.value_precision("199") == ("199", "decade")
    assert when.value_precision("PAST_REF") is None
    assert when.value_precision("XXXX-06-01") is None


def test_calendar_arithmetic_is_safe():
    assert make_day(2019, 2, 30) is None
    assert shift(Point("year", 9999), 5, "year") is None
    assert shift(Point("month", 2019, 1, 31), 1, "month") == Point("month", 2019, 2, 28)
    assert Point("year", -490).value() == "BC0490"


def test_time_words_file_is_valid():
    words = lexicon.load()
    assert words.months["sept"] == 9 and words.weekdays["saturday"] == 6
    assert (words.units["decade"].code, words.units["decade"].multiplier) == ("Y", 10)
    assert set(words.part_modifiers.values()) <= {"START", "MID", "END"}
    assert words.floating_holidays["thanksgiving"] == (11, 4, 4, 1)


def test_time_words_validation_names_the_problem():
    raw = yaml.safe_load(lexicon.DATA_PATH.read_text(encoding="utf-8"))
    raw["months"] = {**raw["months"], "January": 1}
    with pytest.raises(DatelineError, match="time_words.yaml.*months"):
        lexicon.parse(raw)
    with pytest.raises(DatelineError, match="missing sections"):
        lexicon.parse({"months": {"january": 1}})


@pytest.mark.parametrize(
    "text, expression, value",
    [
        ("The strike lasted 5 1/2 hours.", "5 1/2 hours", "PT5H30M"),
        ("The war dragged on for two and a half years.", "two and a half years", "P2Y6M"),
        ("The deal should close by year-end.", "year-end", "2019"),
        ("Profit rose in the latest period.", "the latest period", "2019-Q1"),
        ("For the year, sales were flat.", "the year", "2019"),
        ("Net income for the year ended March 31 rose.", "the year", "P1Y"),
        ("It may rise in coming months.", "coming months", "FUTURE_REF"),
        ("Stocks fell for several quarters.", "several quarters", "PXQ"),
        ("The guards arrived the next morning.", "the next morning", "2019-06-02TMO"),
    ],
)
def test_news_reporting_expressions(nlp, text, expression, value):
    assert tags(nlp, text)[expression][1] == value


def test_quantity_modifiers_stay_inside_the_extent(nlp):
    found = tags(nlp, "The siege lasted nearly two years. They met around Nov. 1.")
    assert found["nearly two years"] == ("DURATION", "P2Y", "LESS_THAN")
    assert found["around Nov. 1"] == ("DATE", "2018-11-01", "APPROX")


def test_rates_ages_and_index_values_are_not_times(nlp):
    found = tags(nlp, "The plan saves $2 million a year. Mr. Smith, 52 years old, retired. "
                      "The index closed at 2082.1 on Friday.")
    assert not {"a year", "52 years", "2082"} & set(found)
    assert "Friday" in found


def test_year_ago_compares_with_the_quarter_under_discussion(nlp):
    found = tags(nlp, "Profit rose in the first quarter. Last year the company lost money. "
                      "Sales were flat in the year-ago quarter.", dct="2019-05-10")
    assert found["the year-ago quarter"][1] == "2018-Q1"


def test_until_a_weekday_is_a_deadline_ahead(nlp):
    # 2019-06-01 is a Saturday.
    ahead = tags(nlp, "Officials postponed the vote until Tuesday.")
    assert ahead["Tuesday"][1] == "2019-06-04"
    back = tags(nlp, "Until Tuesday, they had not called him a suspect.")
    assert back["Tuesday"][1] == "2019-05-28"
    assert tags(nlp, "The injunction issued Thursday stands.")["Thursday"][1] == "2019-05-30"
    assert tags(nlp, "Prices fell from the previous Friday.", dct="2019-05-31")["the previous Friday"][1] == "2019-05-24"


@pytest.mark.parametrize(
    "text, dct, expression, expected",
    [
        # Weekdays: future only with a future cue; a verbless or possessive weekday looks back.
        ("Shares traded at a premium over Thursday's closing price.", "1989-10-30", "Thursday",
         ("DATE", "1989-10-26", None)),
        ("The group could leave as soon as Tuesday, Castro said.", "2000-04-03", "Tuesday",
         ("DATE", "2000-04-04", None)),
        ("The offer had been scheduled to expire at midnight Friday.", "1989-10-30", "midnight Friday",
         ("TIME", "1989-10-27T24:00", None)),
        ("Women's Day falls this coming Sunday.", "1998-03-05", "this coming Sunday",
         ("DATE", "1998-03-08", None)),
        # 1997-04-15 is a Tuesday: plans look ahead, a plan for the day itself is that day.
        ("Ruggiero is due to visit China from Friday.", "1997-04-15", "Friday", ("DATE", "1997-04-18", None)),
        ("Diplomats were to meet Wednesday in New York.", "1997-04-15", "Wednesday",
         ("DATE", "1997-04-16", None)),
        ("Ramgoolam was due to meet Tuesday with Jiang Zemin.", "1997-04-15", "Tuesday",
         ("DATE", "1997-04-15", None)),
        ("Mobutu could meet Kabila probably on Monday.", "1997-04-19", "Monday", ("DATE", "1997-04-21", None)),
        ("The offer had been due to expire Friday.", "1989-10-30", "Friday", ("DATE", "1989-10-27", None)),
        # Calendar phrases.
        ("He was shot last Oct. 23 at his home.", "1999-04-19", "last Oct. 23", ("DATE", "1998-10-23", None)),
        ("A hearing is set for the week of March 6.", "2000-02-24", "the week of March 6",
         ("DATE", "2000-W10", None)),
        ("In London at mid-afternoon yesterday, shares rose.", "1989-11-02", "mid-afternoon yesterday",
         ("TIME", "1989-11-01TAF", None)),
        ("The father will leave at 4 in the morning.", "2000-04-05", "4 in the morning",
         ("TIME", "2000-04-05T04:00", None)),
        ("The deal should close by year-end.", "2019-06-01", "year-end", ("DATE", "2019", "END")),
        ("Sales rose in the current quarter.", "1989-10-26", "the current quarter", ("DATE", "1989-Q4", None)),
        # Sets and long durations.
        ("Orangemen march each July through the town.", "1998-03-22", "each July", ("SET", "XXXX-07", None)),
        ("They ski every winter.", "1998-03-22", "every winter", ("SET", "XXXX-WI", None)),
        ("The first Roman emperor in 1,460 years spoke.", "2009-12-19", "1,460 years",
         ("DURATION", "P1460Y", None)),
    ],
)
def test_news_calendar_phrases(nlp, text, dct, expression, expected):
    assert tags(nlp, text, dct)[expression] == expected


def test_coordinated_dates_share_the_written_year(nlp):
    """A yearless month or day takes the year of the dated one it is joined to, a year earlier
    when it comes later in the calendar; month ranges with a dash split into their two ends."""
    found = tags(nlp, "Russia lost in August and September 1914. Troops left from November 15 "
                      "to February 15, 1989. They prepared in the spring and summer of 1979. "
                      "Occupation: December 1979-February 1980. Operation Glory (July-November 1954).",
                 "2009-12-19")
    assert found["August"][1] == "1914-08"
    assert found["November 15"][1] == "1988-11-15"
    assert found["the spring"][1] == "1979-SP"
    assert (found["December 1979"][1], found["February 1980"][1]) == ("1979-12", "1980-02")
    assert (found["July"][1], found["November 1954"][1]) == ("1954-07", "1954-11")


def test_quotations_and_eras_do_not_make_a_history_news(nlp):
    """A war history quoting "It will be you tomorrow" is still a history: its bare dates take
    the narrative's year, not the article's."""
    text = ("The Italian advance began in 1935. On October 5, the corps took Adigrat. "
            "Haile Selassie warned in 1936: \"It is us today. It will be you tomorrow.\" "
            "The League met in 1936 and again in 1937 and 1938. On May 4, he sailed.")
    found = tags(nlp, text, "2009-12-19")
    assert found["October 5"][1] == "1935-10-05"
    assert found["May 4"][1].startswith("193")
    assert tagger.is_narrative("Xerxes invaded in 480 BC; Athens burned in 480 BC and won in 479 BC.",
                             Point("day", 2009, 12, 19))


def test_a_march_and_a_fall_are_not_always_times(nlp):
    text = ("He led the Long March across China. Sherman began his March to the Sea. "
            "After the fall of Saigon, trade stopped. The March accession helps. "
            "The crisis came in the fall of 1962. Prices rose in March.")
    found = [(text[:t.start].split()[-1], t.text, t.value) for t in when.tag(nlp(text), "1999-02-10")]
    assert found == [("The", "March", "1999-03"), ("in", "the fall of 1962", "1962-FA"),
                     ("in", "March", "1999-03")]


def test_a_history_mentioning_a_plan_stays_in_its_year(nlp):
    text = ("On 13 December 1974, the army attacked. Phuoc Binh fell on 6 January 1975. "
            "On 10 March 1975, General Dung struck, and the troops that would be exposed for a "
            "planned campaign in 1976 moved. The defenders collapsed on 11 March. In 1978 and 1979 "
            "the war went on.")
    found = tags(nlp, text, "2009-12-19")
    assert found["1976"][1] == "1976"
    assert found["11 March"][1] == "1975-03-11"


def test_a_history_keeps_its_time_across_an_aside(nlp):
    """"found in 2004" and "since 1813" are remarks from another time: the bare dates after
    them stay in 1920."""
    text = ("The Poles counterattacked on August 16, 1920. The Red Army was encircled by August 18. "
            "Documents found in 2004 proved that the cipher had been broken. The cavalry met near "
            "Zamosc, the largest cavalry battle since 1813. The army retreated on 6 September. "
            "In 1921 and 1922 the treaty held, and in 1923 it was ratified.")
    found = tags(nlp, text, "2009-12-19")
    assert found["2004"][1] == "2004" and found["1813"][1] == "1813"
    assert found["6 September"][1] == "1920-09-06"


@pytest.mark.parametrize(
    "text, dct, expression, expected",
    [
        # 1997-04-23 is a Wednesday.
        ("Analysts believe they will be admitted before the end of the year.", "1997-04-23",
         "the end of the year", ("DATE", "1997", "END")),
        ("Delegates arrive for the next week's conference.", "1997-04-23", "the next week",
         ("DATE", "1997-W18", None)),
        ("Troops will be pulled out by the next month.", "1997-04-23", "the next month", ("DATE", "1997-05", None)),
        ("Prices will rise over the next month.", "1997-04-23", "the next month", ("DURATION", "P1M", None)),
        ("Pollutants climbed in the first nine months compared with the same period last year.",
         "2006-11-21", "the same period last year", ("DATE", "2005", None)),
        ("Trade rose over the same period of last year.", "2006-11-11", "the same period of last year",
         ("DATE", "2005-Q3", None)),
        ("We saw that level in the winter of nineteen ninety-four.", "1998-02-23",
         "the winter of nineteen ninety-four", ("DATE", "1994-WI", None)),
        ("The day before last Tuesday's hearing, Manuel went home.", "2000-02-24",
         "The day before last Tuesday", ("DATE", "2000-02-21", None)),
        ("Islam will one day be the second largest religion.", "1998-03-03", "one day",
         ("DATE", "FUTURE_REF", None)),
        ("The strike lasted one day.", "1998-03-03", "one day", ("DURATION", "P1D", None)),
        ("The British entered winter quarters.", "2009-12-19", "winter", ("DATE", "XXXX-WI", None)),
        # 1999-10-24 is a Sunday: a plan reported as called off is the nearer day.
        ("A memorial service planned for Saturday was canceled.", "1999-10-24", "Saturday",
         ("DATE", "1999-10-23", None)),
        ("A summit planned for Friday will open in Geneva.", "1999-10-24", "Friday", ("DATE", "1999-10-29", None)),
        # 2005-11-04 is a Friday: a gerund under a past clause is past.
        ("The helicopter was written off after making an emergency landing on Monday.", "2005-11-04", "Monday",
         ("DATE", "2005-10-31", None)),
        # 2005-12-13 is a Tuesday: a perfect infinitive is a plan that came and went.
        ("The service was to have begun on Thursday.", "2005-12-13", "Thursday", ("DATE", "2005-12-08", None)),
        # A participle the parser makes a preposition heads no clause: the past "went" governs.
        ("The refugees went on a five-month trekking odyssey following the launch of the rebels' offensive "
         "against President Mobutu Sese Seko's army in October.", "1997-04-21", "October", ("DATE", "1996-10", None)),
    ],
)
def test_news_phrases_read_from_their_own_clause(nlp, text, dct, expression, expected):
    assert tags(nlp, text, dct)[expression] == expected


def test_ranges_and_names_that_only_look_like_times(nlp):
    """Both ends of a yearless month range share a year; a year range is two years, not a
    reporting period; the Communist Party daily is a newspaper."""
    found = tags(nlp, "October-December rubber traded at 113 cents. Investment will reach $60 "
                      "billion in 2006-2010 period. The Communist Party daily Granma said so.", "1997-04-15")
    assert found["October"][1][:4] == found["December"][1][:4]
    listed = tags(nlp, "The rate equalled the level set in January and December. The project is "
                       "unaffected by any delay past June 30.", "1987-03-30")
    assert (listed["January"][1], listed["December"][1]) == ("1987-01", "1986-12")  # a list, not a range
    assert listed["June 30"][1] == "1987-06-30"
    assert (found["2006"][1], found["2010"][1]) == ("2006", "2010")
    assert "daily" not in found
    assert tags(nlp, "Traders expect a daily loss.", "1997-04-15")["daily"] == ("SET", "P1D", None)


def test_a_history_winter_is_named_by_its_new_year(nlp):
    """A winter reached in the autumn ends in the new year (the December 1914 offensive was a
    winter of 1915); a bare season does not move the story, so the dates after it stay put."""
    text = ("The war began in 1914. He launched an offensive in December 1914; attacking in winter, he lost his army. "
            "The front held through 1915, 1916 and 1917. "
            "On 10 October 1918 the army fell back. Rupprecht doubted they could hold out over "
            "the winter. On 24 October the assault began.")
    found = tags(nlp, text, "2009-12-19")
    assert found["winter"][1] == "1915-WI"
    assert found["the winter"][1] == "1919-WI"
    assert found["24 October"][1] == "1918-10-24"
    assert tags(nlp, "Their main summer offensive began in June 1942.", "2009-12-19")["summer"][1] != "XXXX-SU"


def test_over_a_span_and_other_lookalikes(nlp):
    """"over five years" after an amount spreads across them (no mod, "over" outside); "for over
    a year" is more than one. A table's share count above "Year" is no span, and "said that
    overnight rates" no night."""
    found = tags(nlp, "Reagan will seek 2.5 billion dlrs over five years. The front was static for "
                      "over a year. The tour was likely to last over a week.", "1987-03-18")
    assert found["five years"] == ("DURATION", "P5Y", None)
    assert found["over a year"] == ("DURATION", "P1Y", "MORE_THAN")
    assert found["over a week"] == ("DURATION", "P1W", "MORE_THAN")
    found = tags(nlp, "Avg shrs 5,719,000\n    Year\n Shr loss. Dealers said that overnight call money "
                      "rates would rise. The prison fell that afternoon.", "1987-03-18")
    assert not any(value.startswith("P5719000") for _, value, _ in found.values() if value)
    assert "that overnight" not in found
    assert found["that afternoon"][1] == "1987-03-18TAF"


# Each story: its text, its date, and what some of its expressions must be read as (None: not a time).
NEWS_IN_CONTEXT = [
    ("Investment rose in the first nine months of this year, up 27 percent from the same period of 2005. "
     "Profits in the first quarter of 1997 slumped from 202 million in the same period of 1996. Growth was "
     "slowest since the final quarter of 2005. Six hundred years ago, Zheng He sailed.", "2006-11-13",
     {"the same period of 2005": "2005",  # nine months of it: only the year is known
      "the same period of 1996": "1996-Q1", "the final quarter of 2005": "2005-Q4", "Six hundred years ago": "1406"}),
    ("He was quoted by the Cambodian Daily as saying. A survey published by the Yediot Aharonot daily found "
     "that Kadima leads. Flights leave for Beijing daily.", "2006-11-13",
     {"Daily": None, "daily": "P1D"}),  # newspapers; the last "daily" is the flights' set
    ("Serbia registered 6.1 percent growth in the first half of 2005 against the same period last year. With "
     "his team trailing by two points with 1:14 left, he fouled Anderson. The treaty was signed in 1979. The "
     "summits would be an important move at the end of the year. Growth will continue through the winter "
     "and into the spring.", "2006-11-20",
     {"the same period last year": "2004-H1", "1:14": None, "the end of the year": "2006",
      "the winter": "2007-WI", "the spring": "2007-SP"}),
    ("A fortnight ago the Frenchman scored twice. With four minutes left Van Persie claimed a second, steering "
     "the ball home. Festivals like the Spring Festival matter.", "2005-11-02",
     {"A fortnight ago": "2005-W42", "a second": None, "the Spring": None}),
    ("Its four-week March 1 sales fell eight pct from the same period a year ago. Large banks reporting "
     "fourth-quarter losses totaled 22. The Ministry said forecasts would be prepared before the autumn.",
     "1987-03-09", {"the same period a year ago": "1986-03", "fourth-quarter": "1986-Q4", "the autumn": "1987-FA"}),
    ("From January to October, revenues rose 19 percent from the same period last year.", "2006-11-16",
     {"the same period last year": "2005"}),
    ("Gebrselassie ran 2:06:20 in Amsterdam. The rules will be crafted after the ordinance becomes law at the "
     "end of the week. Marcelinho was voted German Player of the Year. Siniora, who heads a government backed "
     "by a majority elected in 2005, a day earlier vowed not to cave in.", "2006-12-13",
     {"06:20": None, "the Year": None, "the end of the week": "2006-W50", "a day earlier": "2006-12-12"}),
    # Reuters spells out days below ten.
    ("The rights expire April Nine unless extended. Pay April eight     Record March 27. In March two companies "
     "merged. The index (base 1980) for January was revised. The 3B cannot match rival systems from IBM and "
     "DEC. Heinz is moving ahead with a plant targeted for completion by June.", "1987-03-17",
     {"April Nine": "1987-04-09", "April eight": "1987-04-08", "March": "1987-03", "1980": None, "DEC.": None,
      "January": "1987-01", "June": "1987-06"}),
    ("Prices rose 1.1 pct over the first nine months of last year compared with a decline in the corresponding "
     "period in 1985. Knutson said it expects strong earnings for its fiscal second quarter. Revenue in the "
     "latest quarter is expected to total $28 million.", "1987-03-03",
     {"the corresponding period in 1985": "1985", "fiscal second quarter": "1987-Q2", "the latest quarter": "1986-Q4"}),
    ("Walgreen said its sales in February rose 18.8 pct over sales during the same month last year. \"The "
     "economy has a weakening bent to it early in the year.\" Schroeder was elected in 1980 and became governor "
     "a decade later. China's exports rose in the first three quarters of this year, up 19 percent from the "
     "same period of last year.", "1987-03-04",
     {"the same month last year": "1986-02", "early in the year": "1987", "a decade later": "1990",
      "the first three quarters": "P3Q", "the same period of last year": "1986"}),
    ("Analysts noted that spring crops yield less than winter wheat. I hope to be revived for the start of "
     "the New Year.", "2006-12-24",
     {"that spring": None, "winter": "XXXX-WI", "the start of the New Year": "2007"}),
]


@pytest.mark.parametrize("text, dct, expected", NEWS_IN_CONTEXT)
def test_news_expressions_in_their_story(nlp, text, dct, expected):
    found = tags(nlp, text, dct)
    assert {expression: found[expression][1] if expression in found else None for expression in expected} == expected


def test_a_history_returns_from_a_flash_forward(nlp):
    """"In November 2008, ..." inside the story of 2003 is a look ahead: the next bare date
    between the story's time and the flash-forward's returns to 2003."""
    text = ("Planning began in 2001 and 2002. The invasion began on March 20, 2003. On April 9 Baghdad fell. "
            "In November 2008, the statue was sold. On April 15 the coalition declared the invasion over. "
            "The occupation lasted into 2004 and 2005.")
    found = tags(nlp, text, "2009-12-19")
    assert found["April 15"][1] == "2003-04-15"
    assert found["November 2008"][1] == "2008-11"


def test_a_history_end_point_ahead_does_not_move_the_story(nlp):
    text = ("The war began in 1939 and the Allies landed in 1943. In September 1944, the Soviets attacked "
            "Hungary in a campaign that lasted until the fall of Budapest in February 1945. By the start "
            "of July, Commonwealth forces had repelled the sieges.")
    found = tags(nlp, text, "2009-12-19")
    assert found["February 1945"][1] == "1945-02"
    assert found["the start of July"][1].startswith("1944")
