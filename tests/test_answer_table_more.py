"""The table and chart under two more kinds of answer: a trend over fiscal years, and figures by a field's value."""

from __future__ import annotations

import pytest

from jimuqa.answering.types import Answer
from jimuqa.settings import set_offline_environment
from jimuqa.ui import charts
from jimuqa.ui.answer_table import answer_kind, answer_table

set_offline_environment()

NAMES = {"0086": "市民活動推進事業", "097": "ロボットの街つくば推進事業"}
TREND = [
    {"sheet": "0086", "series": [["R02", 3], ["R03", 2], ["R04", 2500], ["R05", 4], ["R06", 5], ["R07", 3]]},
    {"sheet": "097", "series": [["R03", 6954.5], ["R02", 6954], ["R04", None]]},  # out of order, one year unreported
]
ONE_PROJECT = [{"sheet": "097", "series": [["R02", 6954], ["R03", 6954], ["R04", 6954]]}]
BY_VALUE = [
    {"group": "市民生活部市民環境課", "aggregate": "count", "value": 30, "top_k": None},
    {"group": "政策イノベーション部科学技術振興課", "aggregate": "count", "value": 1200, "top_k": None},
]


def answer(rows: list[dict], lang: str = "ja", reading: str | None = None) -> Answer:
    result = Answer("q", "t", lang, "structured", rows=rows)
    result.reading = reading
    return result


def texts_of(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(lambda artist: hasattr(artist, "get_text"))]


# --------------------------------------------------------------------------- trends


def test_trend_table_has_one_column_per_year_oldest_first():
    ja, en = answer_table(TREND, "ja", NAMES), answer_table(TREND, "en", NAMES)
    years = ["R02", "R03", "R04", "R05", "R06", "R07"]
    assert ja.headers == ["事業", "令和2年度", "令和3年度", "令和4年度", "令和5年度", "令和6年度", "令和7年度"]
    assert en.headers == ["Project", *(f"FY{2018 + int(y[1:])}" for y in years)]
    assert ja.shown[0] == ["0086 市民活動推進事業", "3", "2", "2,500", "4", "5", "3"]
    assert en.shown[1] == ["097 ロボットの街つくば推進事業", "6,954", "6,954.5", "", "", "", ""]
    assert ja.data[0][3] == 2500 and ja.numbers == [False, *[True] * 6]  # raw numbers, so columns sort
    assert ja.label("ja") == "回答の表" and not ja.summary_rows


def test_trend_of_one_project_gets_no_table_but_a_chart():
    assert answer_kind(ONE_PROJECT) is None and answer_table(ONE_PROJECT, "ja", NAMES) is None
    repeated = [ONE_PROJECT[0], {"sheet": "097", "series": [["R01", 10.0], ["R02", 3.0]]}]  # two indicators of 097
    assert answer_table(repeated, "en", NAMES) is None
    assert charts.answer_figure(answer(ONE_PROJECT), "ja", True, NAMES) is not None
    assert charts.answer_figure(answer(repeated), "en", False, NAMES) is not None


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_trend_chart_draws_one_line_per_series_over_the_years(lang):
    figure = charts.answer_figure(answer(TREND), lang, True, NAMES)
    ax = figure.axes[0]
    lines = ax.get_lines()
    assert len(lines) == 2
    assert list(lines[0].get_ydata()) == [3, 2, 2500, 4, 5, 3]
    assert list(lines[1].get_xdata()) == [0, 1] and list(lines[1].get_ydata()) == [6954, 6954.5]  # no R04 point
    figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    if lang == "ja":
        assert ticks[:2] == ["令和2", "令和3"] and ax.get_xlabel() == "年度"
        assert figure.get_suptitle() == "年度ごとの推移"
    else:
        assert ticks[:2] == ["FY2020", "FY2021"] and ax.get_xlabel() == "Fiscal year"
        assert figure.get_suptitle() == "Year by year"
    values = [t.get_text() for t in ax.get_yticklabels()]
    assert "2,000" in values and not any(v.startswith("-") for v in values)  # as the table prints; from zero
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["0086 市民活動推進事業", "097 ロボットの街つくば推進…"]  # project ticks, as the ranking's


def test_trend_chart_is_titled_by_the_reading_in_its_own_language():
    reading = "事業097 ロボットの街つくば推進事業の予算額の年度ごとの推移"
    ja = charts.answer_figure(answer(ONE_PROJECT, "ja", reading), "ja", True, NAMES)
    assert ja.get_suptitle().replace("\n", "") == reading  # wrapped onto lines, nothing dropped
    other = charts.answer_figure(answer(ONE_PROJECT, "ja", reading), "en", True, NAMES)
    assert other.get_suptitle() == "Year by year"  # an English interface gets no Japanese title


def test_trend_chart_without_a_japanese_font_is_all_ascii():
    figure = charts.answer_figure(answer(TREND, "ja", "0086の件数の年度ごとの推移"), "ja", False, NAMES)
    figure.canvas.draw()
    assert all(text.isascii() for text in texts_of(figure)), texts_of(figure)


def test_trend_of_a_single_year_gets_no_chart():
    rows = [{"sheet": s, "series": [["R02", 5]]} for s in ("0086", "097")]
    assert charts.answer_figure(answer(rows), "ja", True, NAMES) is None
    assert answer_table(rows, "ja", NAMES).headers == ["事業", "令和2年度"]
    unreported = [{"sheet": s, "series": [["R02", None], ["R03", None]]} for s in ("0086", "097")]
    assert charts.answer_figure(answer(unreported), "en", True, NAMES) is None


# --------------------------------------------------------------------------- by a field's value


def test_counts_by_value_read_as_value_and_count_largest_first():
    ja, en = answer_table(BY_VALUE, "ja", NAMES), answer_table(BY_VALUE, "en", NAMES)
    assert ja.headers == ["区分", "件数"] and en.headers == ["Group", "Projects"]
    assert ja.shown == [["市民生活部市民環境課", "30"], ["政策イノベーション部科学技術振興課", "1,200"]]  # as given
    assert en.data[1] == ["政策イノベーション部科学技術振興課", 1200] and en.numbers == [False, True]
    assert en.to_gradio()["metadata"]["styling"][0] == ["", "text-align: right"]


def test_totals_by_value_are_headed_by_the_operation():
    totals = [{**row, "aggregate": "total", "value": row["value"] * 1000.5} for row in BY_VALUE]
    assert answer_table(totals, "ja", NAMES).headers == ["区分", "合計"]
    assert answer_table(totals, "en", NAMES).shown[0] == ["市民生活部市民環境課", "30,015"]


def test_count_for_one_value_gets_no_table_and_counts_get_no_chart():
    assert answer_table(BY_VALUE[:1], "ja", NAMES) is None  # 「- 政策イノベーション部科学技術振興課: 10事業」 says it
    for lang in ("ja", "en"):
        assert charts.answer_figure(answer(BY_VALUE, lang), lang, True, NAMES) is None


def test_counts_by_a_field_are_headed_by_that_fields_label():
    rows = [
        {"group": "市民生活部市民環境課", "by": "department", "aggregate": "count", "value": 30, "top_k": None},
        {"group": "農林水産部水産課", "by": "department", "aggregate": "count", "value": 25, "top_k": None},
    ]
    assert answer_table(rows, "ja", {}).headers[0] == "担当部課"
    assert answer_table(rows, "en", {}).headers[0] == "Department"
