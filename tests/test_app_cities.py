"""The app over one city or two: its title, description, coverage and example questions come from the table,
the projects tab filters by city and department, and a 大船渡 sheet reads section by section.

Table-only builds (``tests/test_two_cities.py``'s corpus); the handlers read the live build's table without
an engine, as the page does while the engine loads.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

import jimuqa.ui.app as app
from jimuqa.answering import phrases as p
from jimuqa.index.build import build
from jimuqa.index.ofunato_form import CITY as OFUNATO
from jimuqa.index.sections import OFUNATO_SECTION_KINDS
from jimuqa.settings import TABLE_FILE, Settings, current_build
from jimuqa.ui import labels
from jimuqa.ui.sheets import ALL, sheet_key
from tests.test_two_cities import TSUKUBA, WORKBOOK, two_city_corpus


class NotLoading:
    """A loader whose engine is not loaded yet: the handlers read the live build's table."""

    def loaded(self) -> bool:
        return False


def handlers_over(settings: Settings) -> app.ChatApp:
    return app.ChatApp(settings, None, False, loader=NotLoading())


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> app.ChatApp:
    root = tmp_path_factory.mktemp("app-two")
    settings = Settings(corpus_dir=two_city_corpus(root / "corpus"), data_dir=root / "data")
    build(settings)
    return handlers_over(settings)


@pytest.fixture(scope="module")
def ofunato_only(tmp_path_factory) -> app.ChatApp:
    root = tmp_path_factory.mktemp("app-ofunato")
    (root / "corpus").mkdir()
    shutil.copy(WORKBOOK, root / "corpus")
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data")
    build(settings)
    return handlers_over(settings)


def page_words(page: dict) -> str:
    return "\n".join([page["title"], page["coverage"], page["placeholder"], *page["examples"]])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_title_description_and_examples_name_both_cities(two, lang):
    page = two.page_text(lang)
    description = page["title"].split("\n")[1]
    assert TSUKUBA in description and OFUNATO in description
    assert "407" in description and "10" in description
    assert TSUKUBA in page["coverage"] and OFUNATO in page["coverage"]
    examples = page["examples"]
    assert any(TSUKUBA in q for q in examples)  # a city's scope, with several loaded
    assert any("不法投棄対策事業" in q for q in examples)  # 大船渡's first project
    assert page["placeholder"].endswith(examples[0])
    assert len(examples) == len(set(examples))


def test_a_city_without_targets_or_budgets_gets_no_such_example(two):
    for lang in ("ja", "en"):
        about_ofunato = [q for q in two.page_text(lang)["examples"] if OFUNATO in q or "不法投棄" in q]
        assert about_ofunato and all("目標" not in q and "target" not in q for q in about_ofunato)
        assert all("予算" not in q and "budget" not in q for q in about_ofunato)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_with_only_ofunato_no_tsukuba_text_remains(ofunato_only, lang):
    words = page_words(ofunato_only.page_text(lang))
    for tsukuba in ("つくば", "Tsukuba", "令和2年度", "FY2020", "ロボット", "JAXA", "マネジメントシート"):
        assert tsukuba not in words
    assert OFUNATO in words and "407" in words
    assert OFUNATO + "の" not in "\n".join(ofunato_only.page_text(lang)["examples"])  # one city: no scope


def test_one_city_reads_naturally(built_settings):
    page = handlers_over(built_settings).page_text("ja")
    assert page["title"].split("\n")[1] == "つくば市（令和2年度・10事業）の事務事業評価シートに、出典つきで答えます。"
    assert page["examples"][0] == "令和2年度の目標を達成できなかった事業はどれ?"
    assert "Which projects missed their FY2020 targets?" in handlers_over(built_settings).page_text("en")["examples"]


def table_of(update: dict) -> dict:
    return update["value"]


def test_the_city_filter_keeps_only_that_citys_rows_and_departments(two):
    departments, table, choices = two.choose_city(OFUNATO, "ja")
    rows = table_of(table)["data"]
    assert len(rows) == 407 and {r[0] for r in rows} == {OFUNATO}
    assert table_of(table)["headers"][0] == "市"  # the city column, with two cities loaded
    assert departments["value"] == ALL and len(departments["choices"]) == 51  # 'all' and 50 departments
    assert all(key.startswith(f"{OFUNATO}:") for _, key in choices["choices"])
    _, tsukuba, _ = two.choose_city(TSUKUBA, "en")
    assert {r[0] for r in table_of(tsukuba)["data"]} == {TSUKUBA} and len(table_of(tsukuba)["data"]) == 10
    _, every, _ = two.choose_city(ALL, "ja")
    assert len(table_of(every)["data"]) == 417


def test_the_department_filter_keeps_only_that_departments_rows(two):
    department = next(s["department"] for s in two.sheets() if s["city"] == OFUNATO and s["number"] == "0086")
    table, choices = two.filter_projects(OFUNATO, department, "ja")
    shown = {(s["city"], s["number"]) for s in two.sheets() if s["department"] == department}
    assert {(r[0], r[1]) for r in table_of(table)["data"]} == shown and 0 < len(shown) < 407
    assert len(choices["choices"]) == len(shown)
    # Every city, one department; a department of another city than the chosen one shows that city's all.
    assert len(table_of(two.filter_projects(ALL, department, "ja")[0])["data"]) == len(shown)
    assert len(table_of(two.filter_projects(TSUKUBA, department, "ja")[0])["data"]) == 10


def test_one_city_has_no_city_column(built_settings):
    _, table, _ = handlers_over(built_settings).choose_city(ALL, "ja")
    assert table_of(table)["headers"][0] == "番号" and len(table_of(table)["data"]) == 10


def table_rows(update: dict) -> list[dict]:
    """The table's rows as {header: cell}."""
    table = table_of(update)
    return [dict(zip(table["headers"], row, strict=True)) for row in table["data"]]


def ofunato_figure(settings: Settings, number: str, field: str, year: str) -> float:
    with closing(sqlite3.connect(current_build(settings.data_dir) / TABLE_FILE)) as db:
        return db.execute(
            "SELECT f.value FROM figures f JOIN sheets s ON s.id = f.sheet_id "
            "WHERE s.number = ? AND f.field = ? AND f.year = ?",
            (number, field, year),
        ).fetchone()[0]


def test_an_ofunato_row_shows_its_department_spending_indicators_and_direction(two):
    _, table, _ = two.choose_city(OFUNATO, "ja")
    assert table_of(table)["headers"] == [
        "市", "番号", "事業名", "部課", "係", "金額の年度", "事業費計（千円）", "指標", "今後の方向性",
    ]  # fmt: skip
    row = next(r for r in table_rows(table) if r["番号"] == "0086")
    assert (row["部課"], row["係"]) == ("市民生活部市民環境課", "環境衛生係")
    # The latest actual year is R06: R07, the evaluation year, holds the plan (another amount).
    actual, plan = (ofunato_figure(two.settings, "0086", "project_cost", year) for year in ("R06", "R07"))
    assert row["金額の年度"] == "令和6年度" and row["事業費計（千円）"] == actual != plan
    assert row["指標"] == "指標4件"  # no targets on this form: a count, never a status
    assert row["今後の方向性"] == "現状維持"
    rows = table_rows(table)
    assert all(r["事業費計（千円）"] is not None and r["金額の年度"] == "令和6年度" for r in rows)
    assert {r["今後の方向性"] for r in rows} == {"現状維持", "改革改善", "終了・廃止・休止"}
    assert not any("達成" in r["指標"] for r in rows)


def test_with_both_cities_the_headers_name_each_forms_field_and_rows_their_year(two):
    _, table, _ = two.choose_city(ALL, "en")
    headers = table_of(table)["headers"]
    assert "Spent, thousand yen (決算額 / 事業費計)" in headers and "Direction (方向性 / 今後の方向性)" in headers
    rows = {r["No."]: r for r in table_rows(table)}
    tsukuba, ofunato = rows["097"], rows["0086"]
    assert (tsukuba["Year of amount"], tsukuba["Spent, thousand yen (決算額 / 事業費計)"]) == ("FY2020", 5139)
    assert (
        tsukuba["Indicators"] == "met 0 / missed 1 / no target 0"
        and tsukuba["Direction (方向性 / 今後の方向性)"] == "continuing (継続)"
    )
    assert ofunato["Year of amount"] == "FY2024" and ofunato["Indicators"] == "4 indicator(s)"
    assert ofunato["Direction (方向性 / 今後の方向性)"] == "unchanged (現状維持)"
    assert tsukuba["Department (部課)"] == "政策イノベーション部科学技術振興課"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_city_gets_structured_examples_from_its_own_table(two, lang):
    examples = two.page_text(lang)["examples"]
    ofunato = [q for q in examples if OFUNATO in q or "不法投棄" in q]
    assert any("事業費計" in q and p.year_label("R06", lang) in q for q in ofunato)  # its latest actual year
    assert any("市民生活部市民環境課" in q for q in ofunato)  # its largest department (30 of 407 projects)
    assert any("不法投棄対策事業" in q and "今後の方向性" in q for q in ofunato)
    tsukuba = [q for q in examples if TSUKUBA in q or "国際戦略総合特区推進事業" in q]
    assert any("決算額" in q and "一番大きい" in q or "largest 決算額" in q for q in tsukuba)
    assert any(q.endswith("の方向性は?") or "the 方向性 of" in q for q in tsukuba)
    assert not any("科学技術振興課" in q for q in tsukuba)  # one department: its count would be every project


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_ofunato_sheet_reads_section_by_section_without_charts(two, lang):
    sheet = next(s for s in two.sheets() if s["city"] == OFUNATO and s["number"] == "0086")
    view, costs, indicators = two.show_sheet(sheet_key(sheet), lang)
    assert f"{OFUNATO} 0086 不法投棄対策事業" in view
    assert view.count("<h4>") == len(OFUNATO_SECTION_KINDS) and "不法投棄" in view
    first = OFUNATO_SECTION_KINDS[0]
    assert f"<h4>{first.heading if lang == 'ja' else f'{first.title_en} ({first.heading})'}</h4>" in view
    assert costs is None and indicators is None  # the chart code knows Tsukuba's cost and indicator rows only


def test_a_tsukuba_sheet_still_has_its_charts_beside_ofunato(two):
    sheet = next(s for s in two.sheets() if s["city"] == TSUKUBA and s["number"] == "097")
    view, costs, indicators = two.show_sheet(sheet_key(sheet), "ja")
    assert "<h4>事業の基本情報</h4>" in view and costs is not None and indicators is not None


def test_the_warm_up_question_is_about_the_tables_first_project(two):
    from jimuqa.index.table import open_table
    from jimuqa.settings import TABLE_FILE, current_build

    with closing(open_table(current_build(two.settings.data_dir) / TABLE_FILE)) as db:
        question = app.warm_up_question(db)
    assert question == labels.NARRATIVE_EXAMPLE.ja.format(scope="", project="国際戦略総合特区推進事業")


def test_labels_name_no_city():
    text = Path(labels.__file__).read_text(encoding="utf-8") + Path(app.__file__).read_text(encoding="utf-8")
    for word in ("つくば", "Tsukuba", "大船渡", "Ofunato", "JAXA", "ロボット", "令和2年度"):
        assert word not in text, word
