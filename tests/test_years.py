"""Every spelling of a fiscal year comes to one code."""

import pytest

from jimuqa.index import years


@pytest.mark.parametrize(
    "text",
    [
        "R2",
        "R02",
        "R02年度",
        "Ｒ２",
        "令和2年度",
        "令和２年度",
        "令和 2年度",
        "2020年度",
        "FY2020",
        "fy 2020",
        "２０２０年度",
    ],
)
def test_spellings_of_reiwa_2(text):
    assert years.parse_year(text) == "R02"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("令和元年度", "R01"),
        ("R1", "R01"),
        ("令和1年度", "R01"),
        ("平成31年度", "R01"),
        ("平成30年度", "H30"),
        ("H30", "H30"),
        ("2018年度", "H30"),
        ("R06年度", "R06"),
        ("FY2024", "R06"),
    ],
)
def test_other_years(text, code):
    assert years.parse_year(text) == code


def test_labels_round_trip():
    assert years.label_ja("R01") == "令和元年度"
    assert years.label_ja("R02") == "令和2年度"
    assert years.label_en("R02") == "FY2020"
    assert years.western("H30") == 2018
    assert years.from_western(2019) == "R01"


def test_find_years_in_a_question_keeps_order_and_drops_repeats():
    assert years.find_years("R1からR2でどれだけ減った? 令和2年度は?") == ["R01", "R02"]
    assert years.find_years("ロボットの事業の予算は?") == []
    assert years.find_years("How many deer will it cull in fiscal 2027, and in financial year 2024?") == ["R09", "R06"]


def test_words_that_only_look_like_years_are_not_years():
    assert years.find_years("AR2 glasses and PR01 codes") == []


def test_an_era_written_in_romaji_is_that_era():
    from jimuqa.index.years import find_years, parse_year

    assert parse_year("Reiwa 6") == "R06" and parse_year("heisei 30") == "H30"
    assert find_years("FY2024 (Reiwa 6)") == ["R06"]
    assert parse_year("令和2") is None  # in Japanese the era's year still needs 年


def test_an_era_name_typed_in_kana_is_the_era():
    assert years.find_years("れいわ6年度の事業費と、へいせい30年度の予算") == ["R06", "H30"]
