"""How the parser reads more kinds of question, and what the answers say, checked against the sheets themselves.

Each expected value is read here from the source files by a path of its own (never from the table):
Tsukuba's text (``corpus/tsukuba_r02_kagaku_gijutsu_shinko.txt``) by its printed lines, and 大船渡市's workbook
(``tests/data/ofunato_report.xlsx``) by its header row, its year blocks taken oldest first by the rule of
``docs/ofunato.md`` ("Year blocks": the five years before the evaluation year, then the evaluation year's plan).

The two tables are built once per module, table only (every question here is answered from the table):
the seed corpus, and the seed text beside 大船渡's workbook (``tests.test_two_cities.two_city_corpus``).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from types import SimpleNamespace

import openpyxl
import pytest

from jimuqa.answering import operators as ops
from jimuqa.answering.by_meaning import described_project
from jimuqa.answering.catalogue import REASON_OF, SAME_FIELD, catalogue, counterpart
from jimuqa.answering.engine import (
    _checked,
    _executed,
    _figure_stated,
    _may_read_past,
    _name_words,
    _named_in_english,
    _negation_dropped,
    _per_one,
    _pointed_back_to,
    _projects_parsed,
    answer,
    asks_how,
    load_engine,
)
from jimuqa.answering.execute import execute
from jimuqa.answering.figure_by_meaning import (
    DURATION,
    MONEY,
    Ask,
    asked_figures,
    closest,
    counted_in,
    per_head,
    sheet_figures,
)
from jimuqa.answering.narrative import asked_rows
from jimuqa.answering.normalise import normalise_text, parse_query, through_its_bracket, without_glosses
from jimuqa.answering.plan import A_DAY, OPINION, Plan, refusal_of
from jimuqa.answering.plan import Filter as PlanFilter
from jimuqa.answering.projects import _common_runs
from jimuqa.answering.query import (
    Aggregate,
    Attainment,
    Combine,
    Compare,
    Field,
    Listing,
    Member,
    Query,
    Ranking,
    Series,
    Value,
    is_change,
    measure_fields,
)
from jimuqa.answering.reader import in_usual_spelling, split, understand, without_opening
from jimuqa.answering.reading import reading
from jimuqa.answering.refusal import SINCE, absent_detail, asked_detail, city_mentions, proper_names
from jimuqa.answering.types import NARRATIVE, STRUCTURED, UNANSWERABLE, Answer
from jimuqa.answering.understand import (
    THINGS_ASKED,
    USE_ASKED,
    Words,
    _through_generic,
    asked_counters,
    counts_in,
    read_parts,
)
from jimuqa.answering.vocabulary import FUNDING
from jimuqa.index.build import build
from jimuqa.index.glosses import english_stem, installed_dictionary
from jimuqa.index.ofunato_form import CITY as OFUNATO
from jimuqa.index.search.keywords import japanese_terms, tokenise
from jimuqa.settings import Settings
from tests.conftest import CORPUS_DIR, SEED_FILE
from tests.test_two_cities import TSUKUBA, WORKBOOK, two_city_corpus

# ---- the sources, read directly ----------------------------------------------------------------------------


def year_label(code: str, lang: str = "ja") -> str:
    """R02 → 令和2年度 (R01 → 令和元年度), or FY2020: how answers name a year."""
    n = int(code[1:])
    if lang == "en":
        return f"FY{2018 + n}"
    return f"令和{'元' if n == 1 else n}年度"


@functools.cache
def seed_text_sheets() -> dict[str, str]:
    """Each Tsukuba sheet's text by its number, from its 事務事業名 line to the next sheet's."""
    chunks = re.split(r"(?m)^(?=事務事業名\t)", SEED_FILE.read_text(encoding="utf-8"))
    return {m[1]: chunk for chunk in chunks if (m := re.match(r"事務事業名\t(\d{3}) ", chunk))}


# The コストの推移 columns as every Tsukuba sheet prints them: 平成30年度 令和元年度 令和 2年度 令和 3年度 令和 4年度.
COST_COLUMNS = ("H30", "R01", "R02", "R03", "R04")


def printed_costs(number: str, label: str) -> dict[str, int]:
    """A cost line of a Tsukuba sheet (予算額, 決算額), year by year, as printed."""
    line = re.search(rf"{label}\t\(千円\)(.*)", seed_text_sheets()[number])[1]
    values = [int(v.replace(",", "")) for v in re.findall(r"\d[\d,]*", line)]
    assert len(values) == len(COST_COLUMNS), line
    return dict(zip(COST_COLUMNS, values, strict=True))


def seed_sheet_year() -> str:
    """The fiscal year every seed sheet is headed with (「令和 2年度 事務事業マネジメントシート」)."""
    years = set(re.findall(r"令和\s*(\d+)年度 事務事業マネジメントシート", SEED_FILE.read_text(encoding="utf-8")))
    assert len(years) == 1, years
    return f"R{int(years.pop()):02d}"


@functools.cache
def workbook() -> dict[str, dict[str, list]]:
    """大船渡's workbook: each project (事務事業ID) → header (as printed in row 2) → its cells, left to right.
    A header repeated in the six year blocks has six cells, oldest year first."""
    sheet = openpyxl.load_workbook(WORKBOOK, read_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    next(rows)  # 調整用…: the export's own note
    headers = [str(h or "") for h in next(rows)]
    id_column = headers.index("事務事業ID")
    out: dict[str, dict[str, list]] = {}
    for row in rows:
        number = row[id_column] if len(row) > id_column else None
        if number is None or not str(number).strip():
            continue
        record: dict[str, list] = {}
        for header, value in zip(headers, row, strict=False):
            record.setdefault(header, []).append(value)
        out[str(number).strip()] = record
    return out


def cell(number: str, header: str, block: int = 0):
    """The cell under ``header`` (the first header starting with it) of project ``number``; ``block``: which
    of a year-block header's cells (0: the oldest)."""
    record = workbook()[number]
    key = next(h for h in record if h.startswith(header))
    return record[key][block]


def block_years(number: str) -> list[str]:
    """The years of the six blocks: the five before the evaluation year (column 年度), then the evaluation year."""
    evaluation = int(cell(number, "年度"))
    return [f"R{y:02d}" for y in range(evaluation - 5, evaluation + 1)]


def workbook_number(name: str) -> str:
    (number,) = [n for n, r in workbook().items() if r["事務事業名"][0] == name]
    return number


def shown(value) -> str:
    """A workbook cell as an answer prints it: thousands separated."""
    number = float(str(value).replace(",", ""))
    return f"{int(number):,}" if number.is_integer() and "." not in str(value) else str(value)


# ---- the tables ----------------------------------------------------------------------------------------------


def _engine(corpus, data):
    settings = Settings(corpus_dir=corpus, data_dir=data, answer_mode="extractive")
    build(settings, index_step=None)
    return load_engine(settings, with_retriever=False)


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    engine = _engine(CORPUS_DIR, tmp_path_factory.mktemp("reading-seed"))
    yield engine
    engine.db.close()


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    root = tmp_path_factory.mktemp("reading-two")
    engine = _engine(two_city_corpus(root / "corpus"), root / "data")
    yield engine
    engine.db.close()


@pytest.fixture(scope="module")
def ofunato_words(two):
    return Words.from_db(two.db, (OFUNATO,))


def one(question: str, words: Words, history=None):
    understood = understand(question, history, words)
    assert understood.accepted, (question, understood.unplaced, [p.reason for p in understood.parses])
    assert len(understood.queries) == 1, understood.queries
    return understood.queries[0]


def judged(question: str, words: Words, history=None):
    """The one Query of a question that asks a judgement, read with the reasons its sheet prints beside it (方向性
    with its 理由): the judgement's."""
    understood = understand(question, history, words)
    assert understood.accepted, (question, understood.unplaced)
    first, *rest = understood.queries
    reasons = REASON_OF.get(getattr(first.ask.measure, "field", ""), ()) if isinstance(first.ask, Value) else ()
    assert [q.ask for q in rest] == [Value(Field(r)) for r in reasons], understood.queries
    return first


def ask(engine, question: str):
    result = answer(question, engine=engine, mode="extractive")
    assert result.kind == STRUCTURED and result.reading, result.text
    return result


# ---- 1. trends: a Series ask -------------------------------------------------------------------------------------


def test_a_trend_is_a_series_of_the_field_one_figure_per_year_with_a_value_oldest_first(seed):
    query = one("097の予算額の推移は?", seed.words)
    assert query.ask == Series(Field("budget")) and query.projects == ("097",)

    # The form prints 0 in the budget columns before the sheet's own year: those are not reported, not zero.
    budget = printed_costs("097", "予算額")
    own = COST_COLUMNS.index(seed_sheet_year())
    assert [budget[y] for y in COST_COLUMNS[:own]] == [0, 0]
    expected = [(y, budget[y]) for y in COST_COLUMNS[own:]]

    (group,) = execute(query, seed.db).groups
    (row,) = group.rows
    assert [(f.cell.year, f.value) for f in row.series] == expected

    result = ask(seed, "097の予算額の推移は?")
    assert " → ".join(f"{year_label(y)} {v:,}千円" for y, v in expected) in result.text
    assert {(c.sheet, c.section) for c in result.citations} == {("097", "costs")}


@pytest.mark.parametrize(
    ("question", "lang"),
    [("How did the outcome indicators of 0086 change?", "en"), ("不法投棄対策事業の成果指標の推移は?", "ja")],
)
def test_an_indicator_kind_with_a_change_word_is_the_series_of_those_indicators_actuals(two, question, lang):
    query = one(question, two.words)
    assert query.ask == Series(Field("indicator_actual")) and query.projects == ("0086",)
    (kind,) = query.filters  # the outcome kind: Tsukuba's 指標の種類, read on 大船渡's sheet through its counterpart
    assert isinstance(kind, Member) and kind.values == ("成果指標",) and not kind.negate
    assert "indicator_type" in (kind.field, SAME_FIELD.get(kind.field))

    # 大船渡's one outcome indicator (⑦ サ) of 0086, year by year; the evaluation year's block is its plan.
    assert (
        cell("0086", "⑦ 成果指標（対象における意図の達成度を表す指標）\nサ：名称")
        == "処理して改善された不法投棄箇所の数"
    )
    years = block_years("0086")
    values = [cell("0086", "⑦成果指標\nサ", i) for i in range(6)]
    plan = {"ja": "（計画）", "en": " (plan)"}[lang]
    # a Japanese answer counts each value in the indicator's unit as printed (件); an English one gives the number
    unit = cell("0086", "⑦ 成果指標（対象における意図の達成度を表す指標）\nサ：単位") if lang == "ja" else ""
    steps = [
        f"{year_label(y, lang)}{plan if y == years[-1] else ''} {shown(v)}{unit}"
        for y, v in zip(years, values, strict=True)
    ]

    result = ask(two, question)
    assert "成果指標サ" in result.text and "処理して改善された不法投棄箇所の数" in result.text
    assert " → ".join(steps) in result.text
    if lang == "ja":
        assert "令和7年度（計画）" in result.text
    assert {(c.city, c.sheet, c.section) for c in result.citations} == {(OFUNATO, "0086", "indicators")}


# ---- 2. an indicator named by its words ------------------------------------------------------------------------


def test_an_indicator_named_by_its_words_is_that_indicator(two):
    number = workbook_number("二十歳のつどい開催事業")
    name = cell(number, "⑦ 成果指標（対象における意図の達成度を表す指標）\nサ：名称")
    assert name == "対象者の二十歳のつどい出席率"
    (no,) = [r[0] for r in two.db.execute(
        "SELECT i.no FROM indicator_series i JOIN sheets s ON s.id = i.sheet_id WHERE s.number = ? AND i.name = ?",
        (number, name),
    )]  # fmt: skip

    question = "二十歳のつどい、令和6年度の出席率は何％でしたか？"
    query = one(question, two.words)
    assert query.ask == Value(Field("indicator_actual", indicator=no))
    assert query.projects == (number,) and query.years == ("R06",)

    attendance = cell(number, "⑦成果指標\nサ", block_years(number).index("R06"))
    result = ask(two, question)
    assert shown(attendance) in result.text, result.text
    assert {(c.city, c.sheet, c.section) for c in result.citations} == {(OFUNATO, number, "indicators")}


def test_on_tsukuba_a_word_of_one_indicators_name_picks_that_indicator(seed):
    assert re.search(r"指標名\t([^\t\n]+)", seed_text_sheets()["097"])[1] == "ロボットのまち中実証実験数（種類）"
    query = one("097の実証実験数の推移は?", seed.words)
    assert query.ask == Series(Field("indicator_actual", indicator=1)) and query.projects == ("097",)


# ---- 3. a project's own name words --------------------------------------------------------------------------------


def test_the_words_of_a_projects_own_name_are_placed(two):
    question = "火葬場の管理運営事業の根拠になっている法令を教えてください。"
    understood = understand(question, None, two.words)
    assert understood.accepted and understood.unplaced == []
    number = workbook_number("火葬場管理運営事業")
    (query,) = understood.queries
    assert query.ask == Value(Field("legal_basis")) and query.projects == (number,)

    result = ask(two, question)
    assert cell(number, "根拠法令") in result.text


# ---- 4. projects named by runs several names share ------------------------------------------------------------


def test_a_run_several_names_share_names_the_project_the_question_explains_best(two, ofunato_words):
    sharing = sorted(n for n, r in workbook().items() if "三陸鉄道" in r["事務事業名"][0])
    support = workbook_number("三陸鉄道支援事業")
    assert len(sharing) == 2 and support in sharing  # and 岩手県三陸鉄道強化促進協議会参画事業

    question = "三陸鉄道への支援、令和6年度は地方債をいくら充てた？"
    query = one(question, ofunato_words)
    assert query.projects == (support,) and query.years == ("R06",)
    assert isinstance(query.ask, Value) and catalogue()[query.ask.measure.field].label_ja == "地方債"

    bonds = cell(support, "地方債", block_years(support).index("R06"))
    result = ask(two, question)
    assert f"{bonds:,}千円" in result.text and {c.sheet for c in result.citations} == {support}


def test_a_run_a_teams_name_shares_is_asked_of_both(seed):
    # スマートシティ: in 011's name, and in 012's 係名 (the team that runs it), so the question may mean either.
    sheets = seed_text_sheets()
    assert "スマートシティ" in re.search(r"事務事業名\t([^\t\n]+)", sheets["011"])[1]
    assert "スマートシティ" in re.search(r"係名\t([^\t\n]+)", sheets["012"])[1]
    assert "スマートシティ" not in re.search(r"事務事業名\t([^\t\n]+)", sheets["012"])[1]

    question = "スマートシティの令和2年度の予算額は?"
    understood = understand(question, None, seed.words)
    assert understood.accepted and [q.projects for q in understood.queries] == [("011", "012")]

    result = answer(question, engine=seed, mode="extractive")  # each project it may mean is answered
    assert {c.sheet for c in result.citations} >= {"011", "012"}
    for number in ("011", "012"):
        assert f"{printed_costs(number, '予算額')['R02']:,}千円" in result.text


# ---- 5. years ------------------------------------------------------------------------------------------------------


def test_a_bare_year_after_an_era_year_is_in_that_era(two):
    number = "0086"
    query = one(f"{number}の令和2年度と6年度の事業費計は?", two.words)
    assert query.years == ("R02", "R06") and query.projects == (number,)

    result = ask(two, f"{number}の令和2年度と6年度の事業費計は?")
    years = block_years(number)
    for year in ("R02", "R06"):
        assert f"{year_label(year)}の事業費計 {cell(number, '事業費計', years.index(year)):,}千円" in result.text


@pytest.mark.parametrize("question", ["事業097の前年度の決算額は?", "What was project 097's settlement last year?"])
def test_last_year_on_sheets_of_one_year_is_the_year_before_it(seed, question):
    before = f"R{int(seed_sheet_year()[1:]) - 1:02d}"
    assert before == "R01"
    query = one(question, seed.words)
    assert query.years == (before,) and query.ask == Value(Field("settlement"))

    result = ask(seed, question)
    assert f"{printed_costs('097', '決算額')[before]:,}" in result.text


def test_last_year_is_not_a_year_on_a_table_of_two_fiscal_years(two, ofunato_words):
    assert {r[0] for r in two.db.execute("SELECT DISTINCT fiscal_year FROM sheets")} == {"R02", "R07"}
    understood = understand("0086の前年度の事業費計は?", None, two.words)
    assert not any(p.kind == "year" for parse in understood.parses for p in parse.parts)
    assert all(q.years == () for q in understood.queries)
    # 大船渡's sheets alone share one year (令和7年度): there 前年度 is 令和6年度.
    assert one("0086の前年度の事業費計は?", ofunato_words).years == ("R06",)


# ---- 6. a change with a direction --------------------------------------------------------------------------------

SETTLEMENT_CHANGE = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))


def fell() -> dict[str, int]:
    """The projects whose printed 決算額 fell from 令和元年度 to 令和2年度, with the change."""
    changes = {n: printed_costs(n, "決算額")["R02"] - printed_costs(n, "決算額")["R01"] for n in seed_text_sheets()}
    return {n: change for n, change in changes.items() if change < 0}


def test_a_change_with_a_direction_and_no_superlative_lists_the_projects_with_that_sign(seed):
    query = one("R1からR2で決算額が減った事業は?", seed.words)
    assert query.ask == Listing(SETTLEMENT_CHANGE)
    assert query.filters == (Compare(SETTLEMENT_CHANGE, "lt", 0),)

    expected = fell()
    assert expected and len(expected) < len(seed_text_sheets())
    (group,) = execute(query, seed.db).groups
    assert {r.sheet: r.figure.value for r in group.rows} == expected

    rose = one("R1からR2で決算額が増えた事業は?", seed.words)
    assert rose.filters == (Compare(SETTLEMENT_CHANGE, "gt", 0),)


def test_with_a_superlative_the_change_stays_a_ranking(seed):
    query = one("R1からR2で決算額が一番減った事業は?", seed.words)
    assert query.ask == Ranking(SETTLEMENT_CHANGE, "asc", 1) and query.filters == ()
    expected = fell()
    (group,) = execute(query, seed.db).groups
    assert [r.sheet for r in group.rows] == [n for n, v in expected.items() if v == min(expected.values())]


@pytest.mark.parametrize("question", ["R1からR2で決算額が減った事業は?", "R1からR2で決算額が一番減った事業は?"])
def test_the_answer_names_the_projects_whose_settlement_fell_with_the_fall(seed, question):
    result = ask(seed, question)
    expected = fell()
    shown_rows = (
        expected if "一番" not in question else {n: v for n, v in expected.items() if v == min(expected.values())}
    )
    for number, change in shown_rows.items():
        assert f"{number} " in result.text and f"{-change:,}千円減少" in result.text


# ---- 7. a number counting projects is scope ------------------------------------------------------------------


def test_a_count_of_projects_restates_the_scope_and_is_no_condition(seed):
    scores = {n: int(re.search(r"(?m)^市民ニーズ\t(\d)", t)[1]) for n, t in seed_text_sheets().items()}
    assert len(scores) == 10  # 「10事業」 is every project of the table

    query = one("市民ニーズの評価点、10事業の平均は？", seed.words)
    assert query.ask == Aggregate("average", Field("citizen_needs")) and query.filters == ()
    result = ask(seed, "市民ニーズの評価点、10事業の平均は？")
    total = sum(scores.values())  # the average says what it divides
    assert f"**平均: {total / len(scores):.1f}（合計 {total} ÷ {len(scores)}件）**" in result.text


def test_a_count_of_projects_in_a_ranking_is_its_length(seed, two):
    assert one("What are the top three projects by budget?", seed.words).ask == Ranking(Field("budget"), "desc", 3)
    query = one("令和6年度の事業費計が大きい3事業は?", two.words)
    assert isinstance(query.ask, Ranking) and (query.ask.direction, query.ask.top_k) == ("desc", 3)
    assert query.filters == () and query.years == ("R06",)


# ---- 8. answers over two cities --------------------------------------------------------------------------------


def test_a_ranking_over_both_cities_names_each_city_and_says_the_other_forms_sheets_once(two):
    costs = {n: cell(n, "事業費計", block_years(n).index("R06")) for n in workbook()}
    top = sorted(costs.items(), key=lambda item: -item[1])[:3]
    assert len({v for _, v in top}) == 3 and sorted(costs.values())[-4] < top[-1][1]  # no tie at the third

    result = ask(two, "令和6年度の事業費計が大きい3事業は?")
    for rank, (number, value) in enumerate(top, start=1):
        assert f"{rank}. {OFUNATO} {number} " in result.text and f"{value:,}千円" in result.text
    assert result.text.count(TSUKUBA) == 1  # つくば市's form has no 事業費計: one line for its sheets
    assert not any(f" {n} " in result.text for n in seed_text_sheets())


def test_money_from_a_source_glossed_with_the_sheets_label_is_that_labels_field(two):
    # 「国からのお金（国庫支出金）」: the label in brackets says which field the source's money is
    national = {n: cell(n, "国庫支出金", block_years(n).index("R06")) or 0 for n in workbook()}
    top = sorted(national.items(), key=lambda item: -item[1])[:3]
    assert len({v for _, v in top}) == 3 and sorted(national.values())[-4] < top[-1][1]  # no tie at the third

    result = ask(two, "令和6年度に国からのお金（国庫支出金）を一番多く受けた事業、上から3つ教えて。")
    for rank, (number, value) in enumerate(top, start=1):
        assert f"{rank}. {OFUNATO} {number} " in result.text and f"{value:,}千円" in result.text


def ended_projects() -> list[str]:
    """大船渡's projects whose 課長等意見 今後の方向性 is 終了・廃止・休止, from the workbook."""
    return sorted(n for n in workbook() if "終了・廃止・休止" in str(cell(n, "４\u3000課長等意見\n(1) 今後の方向性")))


def test_a_list_by_a_value_of_one_form_lists_that_citys_projects(two):
    ended = ended_projects()
    assert ended
    result = ask(two, "終了・廃止・休止になる事業は?")
    listed = re.findall(r"(?m)^- (?:\S+市 )?(\d{3,4}) ", result.text)
    assert sorted(listed) == ended
    assert {(c.city, c.section) for c in result.citations} == {(OFUNATO, "direction")}
    assert not any(f" {n} " in result.text for n in seed_text_sheets())  # no line for each Tsukuba sheet


# ---- 9. 大船渡's evaluation items and text fields --------------------------------------------------------


def test_an_evaluation_item_is_answered_with_the_judgement_as_printed(two):
    number = workbook_number("福祉灯油事業")
    judgement = cell(number, "③ 対象・意図の妥当性")
    question = "福祉灯油事業で「対象・意図の妥当性」はどう評価されてる？"
    query, reason = understand(question, None, two.words).queries  # the judgement, then the reason printed beside it
    assert query.projects == (number,) and isinstance(query.ask, Value)
    assert catalogue()[query.ask.measure.field].label_ja == "対象・意図の妥当性"
    assert reason.ask == Value(Field(f"{query.ask.measure.field}_reason"))

    result = ask(two, question)
    assert f"対象・意図の妥当性 {judgement}" in result.text
    assert {(c.city, c.sheet, c.section) for c in result.citations} == {(OFUNATO, number, "evaluation")}


def test_the_issues_of_an_ofunato_project_are_its_issues_and_solutions_text(two):
    number = workbook_number("不法投棄対策事業")
    issues = cell(number, "(3) 改革改善を実現する上で解決すべき課題とその解決策")
    result = ask(two, "不法投棄対策事業の課題は?")
    assert "課題と解決策" in result.reading
    assert issues.strip() in result.text
    assert {(c.city, c.sheet) for c in result.citations} == {(OFUNATO, number)}


# ---- 10. counts by a field's value ------------------------------------------------------------------------------


def workbook_departments() -> Counter:
    """大船渡's projects per 部課名, as the workbook prints it (a trailing space is no other department)."""
    return Counter(str(cell(n, "部課名")).strip() for n in workbook())


def by_value_lines(text: str, noun: str) -> list[tuple[str, int]]:
    """The answer's 「- value: N事業」 lines, in order."""
    return [(key, int(n)) for key, n in re.findall(rf"(?m)^- (.+): (\d+) ?{noun}$", text)]


def test_the_sheets_of_each_city_are_counted_largest_first(two):
    question = "How many evaluation sheets does each city have in the system?"
    query = one(question, two.words)
    assert query.ask == Aggregate("count", by="city") and query.filters == () and query.projects == ()

    expected = sorted([(OFUNATO, len(workbook())), (TSUKUBA, len(seed_text_sheets()))], key=lambda kv: -kv[1])
    assert expected[0][1] > expected[1][1]
    assert by_value_lines(ask(two, question).text, "projects") == expected


def test_the_projects_of_each_department_are_counted_largest_first(two, ofunato_words):
    query = one("部課ごとの事業の件数は?", ofunato_words)
    assert query.ask == Aggregate("count", by="department") and query.filters == ()

    expected = workbook_departments()
    (group,) = execute(query, two.db, (OFUNATO,)).groups
    counts = [(key, figure.value) for key, figure in group.by_value]
    assert dict(counts) == expected
    assert [n for _, n in counts] == sorted(expected.values(), reverse=True)

    result = ask(two, "大船渡市の部課ごとの事業の件数は?")
    lines = by_value_lines(result.text, "事業")
    assert dict(lines) == expected and [n for _, n in lines] == sorted(expected.values(), reverse=True)


def test_the_department_with_the_most_projects_is_the_top_one_with_ties_kept(two, ofunato_words):
    query = one("事業の数が一番多い部課はどこ？", ofunato_words)
    assert query.ask == Aggregate("count", by="department", top_k=1)

    expected = workbook_departments()
    most = max(expected.values())
    top = sorted(k for k, n in expected.items() if n == most)
    result = ask(two, "大船渡市で事業の数が一番多い部課はどこ？")
    lines = by_value_lines(result.text, "事業")
    assert sorted(k for k, _ in lines) == top and {n for _, n in lines} == {most}


def test_a_count_by_a_fields_value_survives_a_json_round_trip(ofunato_words):
    query = one("事業の数が一番多い部課はどこ？", ofunato_words)
    data = json.loads(json.dumps(query.to_json(), ensure_ascii=False))
    assert (data["ask"]["kind"], data["ask"]["op"], data["ask"]["by"], data["ask"]["top_k"]) == (
        "aggregate",
        "count",
        "department",
        1,
    )
    assert Query.from_json(data) == query
    data["ask"]["by"] = "colour"  # no field of the catalogue
    with pytest.raises(ValueError, match="colour"):
        Query.from_json(data)


# ---- 11. a project described in English -------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    city: str
    sheet: str


class FakeRetriever:
    """Returns the sheets it is given, in order (of the cities asked for), and remembers what it was asked."""

    def __init__(self, *sheets: str, city: str = OFUNATO):
        self.hits = [Hit(*s) if isinstance(s, tuple) else Hit(city, s) for s in sheets]
        self.asked: list[tuple] = []

    def search(self, text, k, mode, cities=None, **_):  # the narrative path's filters are not looked at
        self.asked.append((text, k, mode, cities))
        return [hit for hit in self.hits if not cities or hit.city in cities][:k]


SCHOOL_BUS = "Which department in Ofunato runs the school bus service?"


def test_a_description_is_the_words_before_a_project_word_back_to_an_article():
    retriever = FakeRetriever("0952", "0952", "0952", "0952", "0952")
    found = described_project(SCHOOL_BUS, ["school", "bus"], retriever)
    assert [(text, mode) for text, _, mode, _ in retriever.asked] == [("school bus", "dense")]
    assert found.description == "school bus" and (found.city, found.number) == (OFUNATO, "0952")
    assert found.text == "Which department in Ofunato runs the 0952?"

    for question in (
        "What is the budget of the rabies prevention program?",
        "How much went to rabies prevention programs?",
    ):
        found = described_project(question, ["rabies", "prevention"], retriever)
        assert found.description == "rabies prevention" and retriever.asked[-1][0] == "rabies prevention"


def test_four_of_five_hits_on_one_sheet_find_it_and_three_do_not():
    four = FakeRetriever("0952", "0951", "0952", "0952", "0952")
    found = described_project(SCHOOL_BUS, ["school", "bus"], four)
    assert found is not None and found.number == "0952" and "0952" in found.text and "school" not in found.text

    three = FakeRetriever("0952", "0951", "0952", "0086", "0952")
    assert described_project(SCHOOL_BUS, ["school", "bus"], three) is None


def test_a_topic_is_found_by_three_of_five_with_the_closest_when_no_other_sheet_comes_near():
    topic = ("The school buses for kids who live far away: what did they cost?", ["school", "buses", "kids", "live",
             "far", "away"])  # fmt: skip
    three = FakeRetriever("0952", "0951", "0952", "0086", "0952")
    assert described_project(*topic, three, topic=True).number == "0952"
    close_second = FakeRetriever("0952", "0951", "0952", "0951", "0952")  # by rank, more than half as close
    assert described_project(*topic, close_second, topic=True) is None
    not_the_closest = FakeRetriever("0951", "0952", "0952", "0952", "0086")
    assert described_project(*topic, not_the_closest, topic=True) is None


def test_a_description_searched_in_both_cities_is_searched_again_in_the_one_most_closest_sections_are_of():
    mixed = FakeRetriever(("つくば市", "096"), "0952", "0952", ("つくば市", "011"), "0952", "0952", "0952")
    found = described_project(SCHOOL_BUS, ["school", "bus"], mixed)
    assert found is not None and found.number == "0952" and mixed.asked[-1][3] == [OFUNATO]


def test_a_one_word_description_needs_every_hit_on_one_sheet():
    question = "What was the FY2024 cost of the crematorium project?"
    assert described_project(question, ["crematorium"], FakeRetriever("0080", "0080", "0080", "0080", "0081")) is None
    found = described_project(question, ["crematorium"], FakeRetriever(*["0080"] * 5))
    assert found is not None and found.text == "What was the FY2024 cost of the 0080?"


def test_words_left_joined_by_a_verbs_ending_are_one_description():
    dogs = FakeRetriever(*["0065"] * 5)
    question = "市に登録されてる犬の数って減ってるの？"
    found = described_project(question, ["登録", "犬"], dogs, of_one=True)
    assert found is not None and found.description == "登録されてる犬" and found.number == "0065"


def test_the_topic_a_question_opens_with_describes_the_project_it_asks_of():
    bus = FakeRetriever(*["0952"] * 5)
    question = "遠くから通う小中学生を乗せてるバス、あれって令和6年度はいくらかかったの？"
    found = described_project(question, ["遠く", "通う", "乗せ", "バス"], bus, topic=True)
    assert found.description == "遠くから通う小中学生を乗せてるバス"
    assert found.text == "0952、あれって令和6年度はいくらかかったの？"
    # in English: a phrase before a colon, a sentence asking nothing before the question
    question = "About the city-run public housing: how many households lived in it in R6?"
    found = described_project(question, ["city-run", "public", "housing", "lived"], bus, topic=True)
    assert found.description == "the city-run public housing" and found.text.startswith("About 0952: how many")
    question = "There used to be winter heating-oil money for poorer households. Why is the city dropping it?"
    found = described_project(question, ["winter", "heating", "oil", "poorer", "households"], bus, topic=True)
    assert found.description == "There used to be winter heating-oil money for poorer households"
    # not a topic the parser read (「狂犬病予防事業の」 is a name), nor the question itself, nor without ``topic``
    assert described_project("狂犬病予防事業の、令和6年度の予算は？", ["令和"], bus, topic=True) is None
    assert described_project("スーパーシティの公募はいつ?", ["スーパー", "シティ", "公募"], bus, topic=True) is None
    assert described_project("How much did the city's winter heating oil money cost?", ["winter", "heating", "oil",
                             "money"], bus, topic=True) is None  # fmt: skip
    assert described_project("遠くから通う小中学生を乗せてるバス、いくら？", ["遠く", "通う", "乗せ", "バス"], bus) is None


def test_a_year_said_before_a_described_project_is_when_not_what():
    election = FakeRetriever(*["1458"] * 5)
    question = "去年の市議選、選挙の事務にいくらかかって、立候補したのは何人だった？"
    found = described_project(question, ["市議", "選", "選挙", "候補"], election, topic=True)
    assert found is not None and found.description == "市議選"
    assert found.text.startswith("去年の1458、")  # the year stays in the question, to be read as its year


@dataclass(frozen=True)
class Chunk:
    city: str
    sheet: str
    text: str


def _retriever_over(closest: list[str], texts: list[tuple[str, str]]) -> FakeRetriever:
    """A retriever whose closest sections are of ``closest`` (no sheet stands out by meaning), over ``texts``."""
    retriever = FakeRetriever(*closest, city=TSUKUBA)
    retriever.chunks = {i: Chunk(TSUKUBA, n, t) for i, (n, t) in enumerate(texts)}
    return retriever


def test_a_japanese_description_quoting_one_sheets_words_names_it_where_meaning_does_not_tell():
    retriever = _retriever_over(["009", "093", "009", "093", "010"], [
        ("009", "企業等から先端技術の実証実験の提案を受け付ける窓口を設置し、支援する。"),
        ("093", "IoTやAIなどの実証実験を全国から公募し、支援を行う。"),
        ("010", "近未来技術の体験イベントを開催する。"),
    ])  # fmt: skip
    question = "企業から実証実験の提案を受け付ける窓口の事業、担当はどこの係?"
    found = described_project(question, ["実証", "実験", "提案", "受け", "付ける", "窓口"], retriever)
    assert found is not None and found.number == "009" and found.text.startswith("009")
    # words most sheets say, or a run that is a small part of what the description says, name none
    assert described_project("実証実験の事業の担当は?", ["実証", "実験"], retriever) is None
    assert described_project("子ども向けの科学体験イベントの事業の担当は?", ["子ども", "科学", "体験"], retriever) is None


def test_an_english_description_with_an_acronym_one_sheet_writes_names_that_sheet():
    retriever = _retriever_over(["094", "093", "012", "094", "012"], [
        ("094", "宇宙航空研究開発機構（JAXA）と相互協力の促進に関する基本協定を締結した。"),
        ("093", "IoTやAIなどの実証実験を全国から公募し、支援を行う。"),
        ("012", "IoTを活用したデータ連携基盤の協定を締結した。"),
    ])  # fmt: skip
    question = "For the project that signed the cooperation agreements with JAXA, how many overtime hours were there?"
    found = described_project(question, ["signed", "cooperation", "agreements", "jaxa"], retriever)
    assert found is not None and found.number == "094"
    # an acronym two sheets write names neither
    question = "For the project that works with IoT, how many overtime hours were there?"
    assert described_project(question, ["works", "iot"], retriever) is None
    # in Japanese too, the acronym set off by kana (「JAXAとか」: no word boundary there for \b)
    found = described_project("JAXAとか国土地理院と協定を結んだ事業の担当は？", ["jaxa", "国土", "地理", "院", "協定", "結ん"],
                              retriever)
    assert found is not None and found.number == "094"
    assert described_project("IoTとかの協定を結んだ事業の担当は？", ["iot", "協定", "結ん"], retriever) is None


def test_a_project_named_by_a_few_of_its_names_words_is_the_one_its_topic_describes(two, monkeypatch):
    # 「小中学生」 is a run of another name's words (学校給食事業(小中学校)); the topic, mostly words the parser could
    # not place, describes the school bus, and the search by meaning (here a fake: the embedder is one) finds it
    number = workbook_number("スクールバス運行事業")
    topic = "遠くから通う小中学生を乗せてるバス"
    retriever = FakeRetriever(*[number] * 5)
    monkeypatch.setattr(two, "retriever", retriever)
    result = answer(f"{topic}、あれって令和6年度はいくらかかったの？", engine=two, mode="extractive")
    assert (topic, "dense") in [(text, mode) for text, _, mode, _ in retriever.asked]
    cost = cell(number, "事業費計", block_years(number).index("R06"))
    assert result.kind == STRUCTURED and list(result.projects) == [number], result.text
    assert f"{cost:,}千円" in result.text


def test_a_japanese_question_is_never_described_by_meaning():
    retriever = FakeRetriever(*["0952"] * 5)
    assert described_project("スクールバス運行サービスの部課は?", ["スクールバス運行サービス"], retriever) is None
    assert retriever.asked == []


# ---- 12. follow-ups ----------------------------------------------------------------------------------------------


def conversation(engine, *questions: str):
    """Each question answered after the ones before; the last answer, its reading and the history before it."""
    history: list[dict] = []
    for question in questions[:-1]:
        result = answer(question, history, engine=engine, mode="extractive")
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": result.text}]
    return answer(questions[-1], history, engine=engine, mode="extractive"), history


def indicator_no(engine, number: str, name: str) -> int:
    (no,) = [r[0] for r in engine.db.execute(
        "SELECT i.no FROM indicator_series i JOIN sheets s ON s.id = i.sheet_id WHERE s.number = ? AND i.name = ?",
        (number, name),
    )]  # fmt: skip
    return no


def test_the_year_before_follows_the_conversations_year_and_indicator(two):
    number = workbook_number("狂犬病予防事業")
    name = cell(number, "⑦ 成果指標（対象における意図の達成度を表す指標）\nサ：名称")
    assert name == "予防接種率"
    no = indicator_no(two, number, name)

    first = "狂犬病予防事業の令和6年度の予防接種率は？"
    result, history = conversation(two, first, "その前の年はどうだった？")
    query = one(first, two.words)
    assert query.ask == Value(Field("indicator_actual", indicator=no)) and query.years == ("R06",)
    (again,) = understand("その前の年はどうだった？", history, two.words).queries
    assert again.ask == query.ask and again.projects == (number,) and again.years == ("R05",)

    rate = cell(number, "⑦成果指標\nサ", block_years(number).index("R05"))
    assert result.kind == STRUCTURED and year_label("R05") in result.text and shown(rate) in result.text
    assert {(c.city, c.sheet, c.section) for c in result.citations} == {(OFUNATO, number, "indicators")}


def test_those_two_are_the_projects_the_question_before_found(two):
    chosen = sorted(n for n in ended_projects() if str(cell(n, "部課名")).strip().endswith("市民環境課"))
    assert len(chosen) == 2
    result, _ = conversation(
        two,
        "市民環境課の事業で、終了とか廃止の方向になってるものってある？",
        "その2つ、令和5年度の事業費はそれぞれいくらだった？",
    )
    assert result.kind == STRUCTURED and year_label("R05") in result.reading
    lines = {m[1]: m[0] for m in re.finditer(r"(?m)^- (?:\S+市 )?(\d{3,4}) .*$", result.text)}
    assert sorted(lines) == chosen
    for number in chosen:
        cost = cell(number, "事業費計", block_years(number).index("R05"))
        assert f"{cost:,}千円" in lines[number]
    assert {c.sheet for c in result.citations} == set(chosen)


def test_a_year_and_attainment_after_a_project_question_is_that_projects_attainment(seed):
    result, history = conversation(seed, "097の予算額は?", "令和2年度は目標を達成できた?")
    (query,) = understand("令和2年度は目標を達成できた?", history, seed.words).queries
    assert query.ask == Attainment() and query.projects == ("097",) and query.years == ("R02",)
    assert {(c.sheet, c.section) for c in result.citations} == {("097", "indicators")}


# ---- 13. questions in several parts --------------------------------------------------------------------------------


def r06_costs(numbers) -> dict[str, int]:
    return {n: cell(n, "事業費計", block_years(n).index("R06")) for n in numbers}


def test_the_top_project_of_a_department_and_the_departments_total(two):
    costs = r06_costs(n for n in workbook() if str(cell(n, "部課名")).strip().endswith("下水道課"))
    top = max(costs, key=costs.get)
    assert len(costs) > 1 and sorted(costs.values())[-2] < costs[top]

    result = ask(two, "下水道課の事業で令和6年度に一番お金がかかったのはどれ？課全体の合計も。")
    assert re.search(rf"(?m)^- 1\. {top} .*{costs[top]:,}千円", result.text), result.text
    assert f"{sum(costs.values()):,}千円" in result.text
    assert {c.sheet for c in result.citations} == set(costs)


def test_a_second_part_about_a_period_word_asks_about_the_project_before(two):
    period = re.search(r"事業期間\t([^\t\n]+)", seed_text_sheets()["092"])[1]
    every_year = [n for n, t in seed_text_sheets().items() if re.search(r"事業期間\t毎年度", t)]
    assert period != "毎年度" and len(every_year) > 1

    result = ask(two, "092の事業期間は？毎年度の事業？")
    assert period in result.text and {c.sheet for c in result.citations} == {"092"}
    assert not any(f"{n} " in result.text for n in every_year)


def museum_projects() -> list[str]:
    names = {n: r["事務事業名"][0] for n, r in workbook().items()}
    seed_names = [re.search(r"事務事業名\t\d{3} ([^\t\n]+)", t)[1] for t in seed_text_sheets().values()]
    assert not any("博物館" in name for name in seed_names)
    return sorted(n for n, name in names.items() if "博物館" in name)


MUSEUM = "博物館の事業っていくつある？令和6年度の事業費の合計も知りたい。"


def test_the_projects_a_name_word_counts_are_counted_beside_a_total(two):
    museums = museum_projects()
    result = ask(two, MUSEUM)
    assert f"{len(museums)}事業" in result.text
    assert "None" not in result.text


def test_the_projects_a_name_word_counts_are_totalled_in_the_second_part(two):
    museums = museum_projects()
    assert len(museums) > 1
    result = ask(two, MUSEUM)
    assert f"合計: {sum(r06_costs(museums).values()):,}千円" in result.text
    assert {c.sheet for c in result.citations} == set(museums)


# ---- 14. several indicators named by their words -------------------------------------------------------------------


RAILWAY = "三陸鉄道の営業係数と乗車人数、R6の実績を教えて。"


def test_two_indicators_named_by_their_words_are_both_answered(two):
    support = workbook_number("三陸鉄道支援事業")
    names = {
        letter: cell(support, f"⑦ 成果指標（対象における意図の達成度を表す指標）\n{letter}：名称")
        for letter in ("サ", "シ")
    }
    assert names == {"サ": "営業係数", "シ": "三陸鉄道乗車人数"}
    numbers = {letter: indicator_no(two, support, name) for letter, name in names.items()}

    queries = understand(RAILWAY, None, two.words).queries
    assert [(q.ask.measure.field, q.ask.measure.indicator) for q in queries] == [
        ("indicator_actual", numbers["サ"]),
        ("indicator_actual", numbers["シ"]),
    ]
    assert all(q.projects == (support,) and q.years == ("R06",) for q in queries)

    result = ask(two, RAILWAY)
    for letter, no in numbers.items():
        value = cell(support, f"⑦成果指標\n{letter}", block_years(support).index("R06"))
        # (the value in the indicator's unit as printed: 60万人)
        assert re.search(rf"(?m)^- .*指標{no}\D.* {shown(value)}[^\d\[]*\[", result.text), (letter, result.text)


def test_a_short_field_word_is_matched_as_a_whole_word_only(two):
    (parse,) = understand(RAILWAY, None, two.words).parses
    assert not any(p.kind == "field" and p.value == "section" for p in parse.parts)  # 係 (係名) is not in 営業係数
    assert "section" not in {key for p in parse.parts if p.kind == "value" for key, _ in p.value}


def test_a_projects_name_words_next_to_its_mention_are_no_indicator(seed):
    sheet = seed_text_sheets()["094"]
    indicators = re.findall(r"(?m)^\d?\t?指標名\t([^\t\n(（]+)", sheet)
    assert "連携事業" in re.search(r"事務事業名\t094 ([^\t\n]+)", sheet)[1]
    no = [name.strip() for name in indicators].index("連携事業数") + 1

    question = "市内大学・研究機関との連携事業の令和2年度の人件費を教えてください。"
    assert one(question, seed.words) == Query(Value(Field("personnel_cost_total")), ("094",), years=("R02",), lang="ja")
    assert f"{printed_costs('094', '人件費計')['R02']:,}千円" in ask(seed, question).text

    further = one("市内大学・研究機関等との連携事業の令和3年度の連携事業数の実績は？", seed.words)
    assert further.ask == Value(Field("indicator_actual", indicator=no)) and further.projects == ("094",)
    assert further.years == ("R03",)


# ---- 15. a value the sheet has no place for ------------------------------------------------------------------------


def without_names(text: str, *numbers: str) -> str:
    """The answer with its project numbers and year names taken out: what is left holds no figure."""
    for number in numbers:
        text = text.replace(number, "")
    return re.sub(r"令和(?:元|\d+)年度", "", text)


def test_a_target_on_a_form_with_no_target_is_declined_with_the_reason(two):
    number = workbook_number("不法投棄対策事業")
    assert not any("目標" in header for header in workbook()[number])  # the export has no target column
    result = answer("不法投棄対策事業の令和6年度の目標値はいくつに設定されてた？", engine=two, mode="extractive")
    assert result.kind == UNANSWERABLE and "欄がない" in result.text
    assert not re.search(r"\d", without_names(result.text, number))


def test_a_year_the_sheet_has_no_column_for_is_declined_with_the_reason(two):
    support = workbook_number("三陸鉄道支援事業")
    assert "R01" not in block_years(support)
    result = answer("三陸鉄道支援事業の令和元年度の事業費はいくらでしたか？", engine=two, mode="extractive")
    assert result.kind == UNANSWERABLE and "年度の欄がない" in result.text
    assert not re.search(r"\d", without_names(result.text, support))


# ---- a form's closed vocabularies, plans, and what the question names for a city ------------------------------


def test_a_value_of_a_field_with_few_values_is_a_condition_on_it(two, ofunato_words):
    # 事務事業区分 holds one of five words (its cells say Ａ　一般 … Ｅ; the table keeps the word): 施設整備 is a value
    # of it, not a run of the names that hold 施設整備.
    question = "水産課の事業で、事務事業区分が「施設整備」になっているのはいくつ?"
    query = one(question, ofunato_words)
    assert Member("ofunato_category", ("施設整備",)) in query.filters
    expected = [n for n, r in workbook().items()
                if str(r["部課名"][0]).endswith("水産課") and "施設整備" in str(cell(n, "事務事業区分"))]  # fmt: skip
    assert expected and f"{len(expected)}事業" in ask(two, question).text


def test_a_plan_said_of_a_years_figure_is_that_years_figure(two, ofunato_words):
    number = workbook_number("下水道施設整備事業（管渠）")
    question = "下水道施設整備事業（管渠）、令和7年度は地方債をいくら充てる計画?"
    query = one(question, ofunato_words)
    assert query.ask == Value(Field("ofunato_bonds")) and query.years == ("R07",) and query.projects == (number,)
    assert shown(cell(number, "地方債", block_years(number).index("R07"))) in ask(two, question).text


def test_a_japanese_description_is_its_clause_before_a_project_word():
    question = "蛸ノ浦から合足に抜ける市道の改良工事、事業期間はいつからいつまで?"
    retriever = FakeRetriever(*["1863"] * 5)
    found = described_project(question, ["蛸ノ浦", "合足", "抜ける"], retriever)
    assert [(text, mode) for text, _, mode, _ in retriever.asked] == [("蛸ノ浦から合足に抜ける市道の改良", "dense")]
    assert found.text == "1863、事業期間はいつからいつまで?"
    # 事業費 is a field, not the word that makes a description a project's name; placed words describe nothing
    assert described_project("令和6年度の事業費の合計は?", ["合計"], retriever) is None
    assert described_project("火葬場の管理運営事業の予算は?", ["予算"], retriever) is None
    # a clause of words the parser read (a year, a value) with one verb left is no description of a project
    assert described_project("令和2年度に新規で始まった事業はどれ?", ["始まっ"], retriever) is None


def test_a_bu_names_every_department_of_it(ofunato_words):
    departments = {str(r["部課名"][0]) for r in workbook().values()}
    under = tuple(sorted(d for d in departments if d.startswith("市民生活部")))
    assert len(under) > 1
    query = one("市民生活部の事業はどれ?", ofunato_words)
    assert len(query.filters) == 1 and sorted(query.filters[0].values) == list(under)


def test_an_offices_name_in_a_projects_name_is_the_office(two, ofunato_words):
    # 三陸支所 is an office (総務部三陸支所) and the bracketed words of one of its projects' names.
    assert any(n.endswith("（三陸支所）") for n in (r["事務事業名"][0] for r in workbook().values()))
    query = one("三陸支所の事業の中で、令和6年度の事業費がいちばん大きかったのは?", ofunato_words)
    assert query.projects == () and query.filters == (Member("department", ("総務部三陸支所",)),)


def test_a_field_glossed_in_brackets_is_the_bracketed_field(ofunato_words):
    query = one("Which three projects had the biggest project cost (事業費計) in FY2023?", ofunato_words)
    assert query.ask == Ranking(Field("ofunato_project_cost"), "desc", 3) and query.years == ("R05",)


def test_among_those_narrows_the_projects_chosen_before(ofunato_words):
    understood = understand("今後の方向性が「終了・廃止・休止」の事業は何件?そのうち市民生活部のものは?", None, ofunato_words)
    assert understood.accepted
    first, second = understood.queries
    assert first.filters[0] in second.filters and len(second.filters) == 2


def test_english_words_before_a_bracketed_japanese_part_are_its_translation(ofunato_words):
    query = one("How many projects does the fire station (大船渡消防署) run?", ofunato_words)
    assert query.filters == (Member("department", ("大船渡消防署",)),)
    # Without the brackets the words name the unit by what its name says (消防 "fire", 署 "station": JMdict).
    query = one("How many projects does the fire station run?", ofunato_words)
    assert query.filters == (Member("department", ("大船渡消防署",)),)


def test_a_follow_up_is_about_the_project_found_by_meaning_before(two):
    from dataclasses import replace as with_field

    engine = with_field(two, retriever=FakeRetriever(*["0952"] * 5))
    history = [{"role": "user", "content": "What was the project cost of the school bus service in FY2024?"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    result = answer("And the year before?", history, engine=engine, mode="extractive")
    assert result.projects == ["0952"] and "FY2023" in result.reading
    assert shown(cell("0952", "事業費計", block_years("0952").index("R05"))) in result.text


def test_a_printed_label_beats_a_computation_of_its_name(ofunato_words):
    # Tsukuba's トータルコスト is 決算額 + 人件費; 大船渡 prints its own row.
    query = one("令和7年度のトータルコストが大きい3事業は?", ofunato_words)
    assert query.ask == Ranking(Field("ofunato_total_cost"), "desc", 3)


def test_a_field_word_of_several_fields_is_the_one_its_value_belongs_to(two):
    query = one("事業期間が「単年度のみ」になってる事業はどれ?", two.words)
    assert query.filters == (Member("ofunato_period_kind", ("単年度のみ",)),)


def test_the_forms_own_words_name_no_project(two):
    # 事務事業 runs on through 事業 in some names; it is the form's word (事務事業区分, 事務事業評価).
    query = one("事務事業評価で、今後の方向性が「終了・廃止・休止」の事業は何件?", two.words)
    assert query.projects == () and query.ask == Aggregate("count")


def test_the_forms_noun_for_a_project_and_among_them_split_two_counts(ofunato_words):
    understood = understand("農林水産部水産課の事務事業は全部で何件あって、そのうち今後の方向性が「現状維持」なのは何件?",
                            None, ofunato_words)  # fmt: skip
    assert understood.accepted
    everything, some = understood.queries
    assert everything.filters == (Member("department", ("農林水産部水産課",)),)
    assert some.filters == (*everything.filters, Member("ofunato_future_direction", ("現状維持",)))


def test_one_of_an_items_cells_after_noochi_is_that_cell(ofunato_words):
    query = one("中小企業融資あっせん事業の令和5年度の財源のうち、「その他」はいくらですか。", ofunato_words)
    assert query.ask == Value(Field("ofunato_other")) and query.years == ("R05",)


def test_a_run_beginning_with_a_verbs_ending_names_no_project(ofunato_words):
    # 「する事務」 is shared with names ending in …に関する事務; it is no name's own words.
    query = one("大船渡消防署が所管する事務事業について、令和6年度の事業費計を合計するといくらになりますか。", ofunato_words)
    assert query.filters == (Member("department", ("大船渡消防署",)),)


def test_an_english_field_word_before_a_bracketed_value_of_that_field_is_its_translation(ofunato_words):
    query = one("Of the General Affairs Division's (総務部総務課) projects, which had the lowest total cost in R6?",
                ofunato_words)  # fmt: skip
    assert query.filters == (Member("department", ("総務部総務課",)),) and query.ask.direction == "asc"


# ---- two projects compared, conversations, brackets ---------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["097と092の令和2年度の予算額の差は？", "ロボットの街つくば推進事業と国際戦略総合特区推進事業、令和2年度の予算はどっちが多い？",
     "Which had the bigger FY2020 budget, 097 or 092?"],
)  # fmt: skip
def test_one_figure_of_two_projects_compared_is_both_figures_and_how_far_apart(seed, question):
    query = one(question, seed.words)
    assert query.ask == Aggregate("spread", Field("budget")) and set(query.projects) == {"097", "092"}
    budgets = {n: printed_costs(n, "予算額")["R02"] for n in ("097", "092")}
    result = ask(seed, question)
    larger, smaller = sorted(budgets, key=budgets.get, reverse=True)
    assert f"{budgets[larger] - budgets[smaller]:,}" in result.text
    # the larger is listed first
    assert result.text.index(f"{budgets[larger]:,}") < result.text.index(f"{budgets[smaller]:,}")


def test_a_follow_up_comparing_another_project_compares_the_figure_asked_before(seed):
    history = [{"role": "user", "content": "ロボットの街つくば推進事業の令和2年度の予算額は？"}]
    query = one("じゃあ国際戦略総合特区のほうと比べるとどっちが多い？", seed.words, history)
    assert query.ask == Aggregate("spread", Field("budget"))
    assert set(query.projects) == {"097", "092"} and query.years == ("R02",)


def test_a_project_an_answer_names_by_number_is_what_the_next_question_is_about(seed):
    history = [{"role": "user", "content": "What does it do?"},
               {"role": "assistant", "content": "The robot city project (097) holds trials of mobility robots."}]  # fmt: skip
    query = one("What was its budget in FY2020?", seed.words, history)
    assert query.projects == ("097",) and query.ask == Value(Field("budget"))
    # an answer naming several projects names none of them for the next question
    history[1]["content"] = "Projects 097 and 092 do."
    assert not understand("What was its budget in FY2020?", history, seed.words).queries


def test_a_message_read_in_part_still_says_which_figure_a_follow_up_asks_again(seed):
    # "clocked" is not read, so the first message has no query; its one field and project stay.
    history = [{"role": "user", "content": "How many overtime hours were clocked for 094 in FY2020?"}]
    assert not understand(history[0]["content"], None, seed.words).accepted
    query = one("And the year before?", seed.words, history)
    assert query == Query(Value(Field("overtime_hours")), ("094",), years=("R01",), lang="en")


def test_a_fields_other_name_in_brackets_is_read_as_that_field(seed):
    query = one("Which project had the lowest staff (personnel) cost in FY2020?", seed.words)
    assert query.ask == Ranking(Field("personnel_cost_total"), "asc", 1)
    # brackets holding anything else are not dropped
    assert not understand("Which project had the lowest staff (robot) cost in FY2020?", None, seed.words).accepted


@pytest.mark.parametrize(
    ("question", "fields"),
    [("What is the international science city program meant to do, and who is it for?", {"purpose", "target"}),
     ("科学教育の事業って誰向けで、具体的にどんなことやってるの？", {"target", "overview"}),
     ("ロボットの街の事業、いま抱えてる課題と改善目標は？", {"issues_business", "issues_org_budget", "improvement_goal"})],
)  # fmt: skip
def test_ordinary_words_for_the_overview_fields(seed, question, fields):
    understood = understand(question, None, seed.words)
    assert understood.accepted
    assert {q.ask.measure.field for q in understood.queries} == fields


def test_from_the_top_asks_for_a_ranking(seed):
    query = one("令和2年度の決算額が大きい事業を上から3つ挙げてください。", seed.words)
    assert query.ask == Ranking(Field("settlement"), "desc", 3)


# ---- amounts in other units, indicators in English, clauses describing a project -----------------------------


def _amount(value) -> float:
    return float(str(value).replace(",", "")) if value not in (None, "") else 0.0


def test_an_amount_said_in_oku_yen_is_read_and_shown_in_thousand_yen(two):
    question = "令和7年度の計画で事業費が10億円を超えてる事業って何件ある？"
    query = one(question, two.words)
    assert query.filters == (Compare(Field("ofunato_project_cost"), "gt", 1_000_000),) and query.years == ("R07",)
    expected = [n for n in workbook() if "R07" in block_years(n)
                and _amount(cell(n, "事業費計", block_years(n).index("R07"))) > 1_000_000]  # fmt: skip
    result = ask(two, question)  # the reading repeats 1,000,000千円, which the check takes from the question
    assert "1,000,000千円" in result.reading and f"{len(expected)}事業" in result.text
    assert all(n in result.text for n in expected)


def test_how_much_a_named_indicator_grew_is_the_change_of_its_amount(two):
    number = workbook_number("ふるさと納税事務")
    assert cell(number, "⑦ 成果指標（対象における意図の達成度を表す指標）\nシ：名称") == "｢ふるさと大船渡応援寄附｣金額"
    no = indicator_no(two, number, "｢ふるさと大船渡応援寄附｣金額")
    question = "How much did the hometown tax (furusato nozei) donations grow between FY2023 and FY2024, in percent?"
    query = one(question, two.words)
    before, after = (Field("indicator_actual", y, no) for y in ("R05", "R06"))
    assert query.ask == Value(Combine("percent", Combine("difference", after, before), before))
    assert query.projects == (number,)
    old, new = (_amount(cell(number, "⑦成果指標\nシ", block_years(number).index(y))) for y in ("R05", "R06"))
    assert f"{(new - old) / old * 100:.1f}%" in ask(two, question).text


def test_words_before_a_project_that_its_sheet_holds_describe_it(seed):
    # マイスター制度 and 科学の甲子園 are on 095's sheet: they say which science education project is meant
    sheet = seed_text_sheets()["095"]
    assert "マイスター制度" in sheet and "科学の甲子園" in sheet
    query = one("マイスター制度とか科学の甲子園やってる科学教育の事業、R2の予算額は？", seed.words)
    assert query.projects == ("095",) and query.ask == Value(Field("budget"))
    # words its sheet does not hold stay unplaced
    understood = understand("天気の良い日の科学教育の事業の予算は？", None, seed.words)
    assert not understood.accepted and "天気" in understood.unplaced
    # words written onto a name are a thing the project has, asked about: no clause, no description
    assert "自動消毒ロボット" in seed_text_sheets()["097"]
    assert not understand("自動消毒ロボットってどこかで使われたの?", None, seed.words).accepted


@pytest.mark.parametrize(
    "question",
    ["駅前に展示してる千石船の事業、評価シートだと事業費は削れるって判断？",
     "千石船気仙丸利活用事業、事務事業評価だと「事業費を減らせる余地」はあるって判定？"],
)  # fmt: skip
def test_room_to_cut_costs_in_everyday_words(two, question):
    query, _ = understand(question, None, two.words).queries  # (and its reason)
    assert query.ask == Value(Field("ofunato_evaluation_6")) and query.projects == (workbook_number("千石船気仙丸利活用事業"),)


def test_a_total_and_an_average_asked_together_are_both_answered(seed):
    understood = understand("令和2年度の人件費計について、10事業の合計と1事業あたりの平均を出してください。", None, seed.words)
    assert understood.accepted
    assert [q.ask for q in understood.queries] == [Aggregate("total", Field("personnel_cost_total")),
                                                   Aggregate("average", Field("personnel_cost_total"))]  # fmt: skip


def test_places_in_a_ranking_are_answered_down_to_the_last_one_said(seed):
    history = [{"role": "user", "content": "令和2年度の予算額がいちばん大きい事業は？"}]
    query = one("じゃあ2番目と3番目は？", seed.words, history)
    assert query.ask == Ranking(Field("budget"), "desc", 3)


def test_a_score_is_asked_as_its_points(seed):
    understood = understand("近未来技術等社会実装加速化推進事業の方向性とその理由、それと市民ニーズの点数も知りたい。", None, seed.words)
    assert understood.accepted
    assert [q.ask.measure.field for q in understood.queries] == ["direction", "reason", "citizen_needs"]


def test_a_settlement_asked_of_a_form_without_one_is_its_spending(ofunato_words):
    # 大船渡's form prints 事業費計 for each year, and no 決算額: a past year's 事業費計 is what was spent
    query = one("大船渡消防署が所管している事務事業で、令和6年度決算の事業費が大きい順にトップ3を教えてください。", ofunato_words)
    assert query.ask == Ranking(Field("ofunato_project_cost"), "desc", 3) and query.years == ("R06",)
    query = one("水道施設改良更新事業って、今年度の予算は去年度の決算と比べて何％増えてるの？", ofunato_words)
    assert isinstance(query.ask.measure, Combine) and query.ask.measure.op == "percent"


@pytest.mark.parametrize(
    ("question", "field"),
    [("近未来技術の社会実装を加速させるってやつ、この先も続けるんですか？", "direction"),
     ("スマートシティの推進って新しく始まった事業？", "new_or_continuing")],
)  # fmt: skip
def test_everyday_words_for_the_direction_and_for_new(seed, question, field):
    assert judged(question, seed.words).ask == Value(Field(field))


@pytest.mark.parametrize(
    ("question", "history"),
    [("Which project had the second largest FY2020 budget?", None),
     ("what's in second place?", [{"role": "user", "content": "Which project had the largest FY2020 budget?"}])],
)  # fmt: skip
def test_an_english_ordinal_is_a_place_in_the_ranking(seed, question, history):
    assert one(question, seed.words, history).ask == Ranking(Field("budget"), "desc", 2)


def test_grew_is_a_change_upwards(ofunato_words):
    query = one("ふるさと納税事務の事業費計は令和5年度から令和6年度でどれくらい伸びたの？", ofunato_words)
    assert query.ask == Value(Combine("difference", Field("ofunato_project_cost", "R06"), Field("ofunato_project_cost", "R05")))


@pytest.mark.parametrize(
    "question", ["ILC（国際リニアコライダー）の誘致って、市役所のどこの部署が担当してるの？", "国際リニアコライダー（ILC）の誘致の担当部署は？"]
)
def test_a_short_name_beside_the_name_in_brackets_is_the_project(two, question):
    # ILC is in this project's indicator names too; beside the name it is the project's short name
    number = workbook_number("国際リニアコライダー誘致促進事業")
    assert any("ILC" in unicodedata.normalize("NFKC", str(v[0])) for h, v in workbook()[number].items() if h.endswith("名称"))
    understood = understand(question, None, two.words)
    assert understood.accepted
    # 部署 is the unit in charge: its 部課 and its 係, both (the 係 may be blank, as it is here)
    assert [(q.projects, q.ask) for q in understood.queries] == [
        ((number,), Value(Field("department"))), ((number,), Value(Field("section")))]


def test_year_digits_in_a_question_name_no_project(two):
    # 東京2020オリンピックレガシー継承事業 shares the digits "20" with every FY20xx: the old planner's partial
    # names compare no pairs of digits
    from jimuqa.answering.engine import project_catalogue
    from jimuqa.answering.normalise import parse_query

    catalogue = project_catalogue(two.db)
    resolved = catalogue.resolve(parse_query("At the city crematorium, how many cremations were there in FY2024?"))
    assert workbook_number("東京2020オリンピックレガシー継承事業") not in resolved.projects


def test_a_change_to_one_year_said_after_a_figure_is_from_the_year_asked_before(ofunato_words):
    number = workbook_number("火葬場管理運営事業")
    history = [{"role": "user", "content": "火葬場管理運営事業って令和6年度いくらかかってる？"}]
    first = one(history[0]["content"], ofunato_words)
    assert first.ask == Value(Field("ofunato_project_cost")) and first.years == ("R06",)
    query = one("令和7年度の計画だとどのくらい増えるの？", ofunato_words, history)
    before, after = Field("ofunato_project_cost", "R06"), Field("ofunato_project_cost", "R07")
    assert query.projects == (number,) and query.ask == Value(Combine("difference", after, before))
    # with no year asked before, the change is from the year before the one said
    query = one("令和7年度の計画だとどのくらい増えるの？", ofunato_words, [{"role": "user", "content": "火葬場管理運営事業の事業費計は？"}])
    assert query.ask == Value(Combine("difference", after, before))


def test_ate_up_is_took_up(ofunato_words):
    query = one("Looking across every evaluated project, which one ate up the most staff working hours in FY2024?",
                ofunato_words)  # fmt: skip
    assert query.ask == Ranking(Field("ofunato_work_hours"), "desc", 1)


def test_english_words_before_a_teams_name_in_brackets_gloss_the_team(seed):
    # "science city" is also words of 096's English name; before 科学の街推進係 in brackets they are the team's
    query = one("What's the combined FY2020 personnel cost for all the projects handled by the 'science city' team "
                "(科学の街推進係)?", seed.words)  # fmt: skip
    assert query.projects == () and query.filters == (Member("section", ("科学の街推進係",)),)
    assert query.ask == Aggregate("total", Field("personnel_cost_total"))


def test_where_the_money_came_from_is_the_funding(seed):
    understood = understand("For the Society 5.0 trial-support scheme, where did the FY2020 money actually come from?",
                            None, seed.words)  # fmt: skip
    assert understood.accepted
    assert {q.ask.measure.field for q in understood.queries} == {"general_fund", "national_prefectural", "other"}


def test_a_staff_request_in_formal_words_is_read_whole(ofunato_words):
    understood = understand("省エネ家電等買替え促進事業に関し、令和6年度決算の国庫支出金額及び課長等意見上の今後の方向性について回答願います。",
                            None, ofunato_words)  # fmt: skip
    assert understood.accepted
    assert {"ofunato_national", "ofunato_future_direction"} <= {q.ask.measure.field for q in understood.queries}


def test_compare_asks_for_the_figures_not_a_change(seed):
    understood = understand("Compare the R02 personnel costs of 011 and 012, and give their combined total.", None, seed.words)
    assert understood.accepted
    assert Aggregate("total", Field("personnel_cost_total")) in [q.ask for q in understood.queries]


def test_why_is_never_read_silently(seed, ofunato_words):
    # Tsukuba's form has the 理由 of its direction; 大船渡's has no such field, so its passages answer
    assert {q.ask.measure.field for q in understand("010はなんで終了するの？", None, seed.words).queries} >= {"reason"}
    understood = understand("公衆トイレ維持管理事業の事業費、前の年と比べてずいぶん増えてるけど、なんで？", None, ofunato_words)
    assert not understood.accepted and "なんで" in understood.unplaced


def test_how_much_with_a_field_asks_that_field_not_an_indicators_amount(ofunato_words):
    # "donation" is in the names of 寄附件数 and 寄附金額; "how much … cost" asks the cost, not the amount donated
    history = [{"role": "user", "content": "How much did the furusato nozei (hometown tax donation) program cost the city in "
                                           "FY2024?"}]  # fmt: skip
    query = one("What was it the year before?", ofunato_words, history)
    assert query.ask == Value(Field("ofunato_project_cost")) and query.years == ("R05",)


# ---- every one in order, amounts in 千万円, kana comparisons, descriptions with no word for a project ----------


def test_in_order_with_no_number_ranks_every_one_of_them(two):
    question = "会計課の事業を、令和6年度のトータルコスト（人件費込み）が安い順にならべてほしい"
    query = one(question, two.words)
    assert query.ask == Ranking(Field("ofunato_total_cost"), "asc", 0)
    team = [n for n in workbook() if cell(n, "部課名") == "会計課"]
    total = {n: _amount(cell(n, "トータルコスト(A)＋(B)", block_years(n).index("R06"))) for n in team}
    result = ask(two, question)
    assert "すべて" in result.reading
    assert [n for n in sorted(team, key=total.get)] == sorted(team, key=result.text.index)  # cheapest first, all


def test_an_amount_in_sen_man_yen_and_a_comparison_in_kana(two):
    query = one("水産課の事業のうち、令和6年度の事業費が5千万円をこえたのはどれ？", two.words)
    assert Compare(Field("ofunato_project_cost"), "gt", 50_000) in query.filters


def test_a_year_in_brackets_after_the_year_said_glosses_no_words(ofunato_words):
    query = one("What did the city spend on the rabies prevention project last fiscal year (2024)?", ofunato_words)
    assert query.years == ("R06",) and query.projects == (workbook_number("狂犬病予防事業"),)


def test_in_charge_of_and_itself_are_said_of_the_unit(two):
    query = one("Of the projects the Ofunato fire station itself is in charge of, which one had the biggest total cost "
                "in FY2024?", two.words)  # fmt: skip
    assert query.filters == (Member("department", ("大船渡消防署",)),)
    assert query.ask == Ranking(Field("ofunato_total_cost"), "desc", 1)


def test_how_many_people_is_a_count_not_words_of_a_name(seed):
    # 095's English name holds "people" (人材); "how many people" asks a count, which its indicators give
    understood = understand("How many people took part in 095's hands-on science events in R2?", None, seed.words)
    assert "people" not in understood.unplaced


def test_the_words_left_describe_the_one_project_asked_of_with_no_word_for_a_project():
    question = "How much did Ofunato spend on handing out uniforms and gear to the volunteer fire corps in fiscal 2023?"
    left = ["handing", "uniforms", "gear", "volunteer", "fire", "corps"]
    retriever = FakeRetriever(*["1104"] * 5)
    assert described_project(question, left, retriever) is None  # no word says "a project"
    found = described_project(question, left, retriever, of_one=True)
    assert found.description == "handing out uniforms and gear to the volunteer fire corps"
    assert found.text == "How much did Ofunato spend on 1104 in fiscal 2023?"
    # in Japanese, particles joining nouns stand inside a description
    question = "農地の転用とか権利移動の許可、令和6年度は何件許可したの？"
    found = described_project(question, ["農地", "転用", "権利", "移動", "許可"], FakeRetriever(*["0742"] * 5), of_one=True)
    assert found.description == "農地の転用とか権利移動の許可" and found.text == "0742、令和6年度は何件許可したの？"
    # another city's (「陸前高田市の…」) is no project of these sheets
    question = "陸前高田市の空き家対策の予算っていくらですか？"
    assert described_project(question, ["空き家", "対策"], FakeRetriever(*["1815"] * 5), of_one=True) is None
    # punctuation and a question's words end a description
    found = described_project("The marriage matchmaking thing — what problems did they find?",
                              ["marriage", "matchmaking", "thing", "problems", "find"], retriever, of_one=True)  # fmt: skip
    assert found.description == "marriage matchmaking thing"


def test_an_english_word_one_letter_off_a_word_of_a_name_is_read_as_it(ofunato_words):
    query = one("How much did the city spend on the Sanriku Railwy support project in FY2024?", ofunato_words)
    assert query.projects == (workbook_number("三陸鉄道支援事業"),)


def test_an_english_word_one_letter_off_a_word_of_the_form_is_read_as_it(seed):
    for slip in ("personel", "persnonel", "personnnel"):
        query = one(f"Which three projects had the lowest {slip} costs in FY2020?", seed.words)
        assert query.ask == Ranking(Field("personnel_cost_total"), "asc", 3)
    # a word of the dictionary is no slip: "sending" is not "spending"
    understood = understand("Which project is sending the most in FY2020?", None, seed.words)
    assert "sending" in understood.unplaced


def test_an_indicator_printed_in_percent_is_named_only_when_a_share_is_asked(two, ofunato_words):
    number = workbook_number("大船渡市鳥獣被害対策実施隊設置事業")
    assert cell(number, "⑦ 成果指標（対象における意図の達成度を表す指標）\nサ：名称").startswith("駆除率")
    culled = dict(two.db.execute("SELECT i.no, i.name FROM indicator_series i JOIN sheets s ON s.id = i.sheet_id "
                                 "WHERE s.number = ?", (number,)))  # fmt: skip
    query = one(f"{number}の駆除率は令和6年度どれくらい？", ofunato_words)
    assert culled[query.ask.measure.indicator].startswith("駆除率")
    # 「どれくらい駆除した」 asks no share: 駆除率 (％) is not what it names
    understood = understand(f"{number}で令和6年度にどれくらい駆除したの？", None, ofunato_words)
    assert not any(culled.get(getattr(q.ask.measure, "indicator", None), "").startswith("駆除率") for q in understood.queries)


def test_an_actual_not_yet_recorded_is_declined_with_the_sheets_reason(seed):
    result = answer("092の連携企業数って、令和5年度の実績はどうだったの？", engine=seed, mode="extractive")
    assert result.kind == UNANSWERABLE and "実績が未記録" in result.text and "連携企業数" in result.text


def test_everyday_words_around_a_field_asked_of_a_project(ofunato_words):
    number = workbook_number("防犯灯設置事業")
    understood = understand(f"Which team at city hall deals with {number}?", None, ofunato_words)
    # (a team is shown with the department it is one of)
    assert [(q.ask, q.projects) for q in understood.queries] == [
        (Value(Field("section")), (number,)), (Value(Field("department")), (number,))]
    query = one(f"{number}のきっかけは、どのようなものですか？", ofunato_words)
    assert query.ask == Value(Field("ofunato_origin"))


def test_words_written_as_they_read_are_read_as_the_words_the_parser_knows(seed, ofunato_words):
    # hiragana for a field, the words of a name and the year (よさん: 予算, ねんど: 年度)
    query = one("ろぼっとのまちの事業の、れいわ2ねんどのよさんはいくら？", seed.words)
    assert query.ask == Value(Field("budget")) and query.projects == ("097",) and query.years == ("R02",)
    # the conversion's slip to a word read alike: 人権費 for 人件費
    assert one("097の人権費は令和2年度いくら？", seed.words).ask == Value(Field("personnel_cost_total"))
    # the words of a name: かそうば is 火葬場
    number = workbook_number("火葬場管理運営事業")
    query = one("かそうばの管理運営事業の令和6年度の事業費は？", ofunato_words)
    assert query.projects == (number,) and query.ask == Value(Field("ofunato_project_cost"))


def test_what_percent_asks_the_indicator_printed_in_percent(two, ofunato_words):
    number = workbook_number("狂犬病予防事業")
    query = one(f"{number}、令和6年度は何%？", ofunato_words)
    (name,) = [r[0] for r in two.db.execute("SELECT i.name FROM indicator_series i JOIN sheets s ON s.id = i.sheet_id "
                                            "WHERE s.number = ? AND i.no = ?", (number, query.ask.measure.indicator))]  # fmt: skip
    assert query.ask.measure.field == "indicator_actual" and name.endswith("率")


def test_a_units_projects_that_missed_their_targets_keep_the_units_condition(seed):
    team = {r[0] for r in seed.db.execute("SELECT number FROM sheets WHERE section = '科学の街推進係'")}
    missed = set(answer("Which projects missed their FY2020 targets?", engine=seed, mode="extractive").projects)
    result = ask(seed, "科学の街推進係の事業で、令和2年度の目標を達成できなかったのは？")
    assert missed & team and missed - team
    assert all(n in result.text for n in missed & team) and not any(n in result.text for n in missed - team)


def test_an_elliptical_follow_up_is_about_the_city_the_question_before_was_about(two):
    number = workbook_number("学校給食事業(小中学校)")
    history = [{"role": "user", "content": "How much is budgeted for school lunches this year?"}]
    result = answer("And what did it actually cost in FY2024?", history, engine=two, mode="extractive")
    spent = cell(number, "事業費計  （A）", block_years(number).index("R06"))
    assert result.kind == STRUCTURED and number in result.text and shown(spent) in result.text


def test_the_last_one_is_the_last_project_the_answer_before_showed(seed):
    asked = "Which projects missed their FY2020 targets?"
    before = answer(asked, engine=seed, mode="extractive")
    shown = sorted(before.projects, key=before.text.index)  # in the order the answer shows them
    history = [{"role": "user", "content": asked}, {"role": "assistant", "content": before.text}]
    last = answer("What was the budget of that last one in FY2020?", history, engine=seed, mode="extractive")
    assert last.kind == STRUCTURED and last.projects == [shown[-1]]
    first = answer("最初のやつの令和2年度の予算は？", history, engine=seed, mode="extractive")
    assert first.projects == [shown[0]]


def test_the_attainment_the_parser_read_is_the_one_answered(seed):
    missed = answer("Which projects missed their FY2020 targets?", engine=seed, mode="extractive")
    negated = answer("Which projects didn't hit their FY2020 indicator targets?", engine=seed, mode="extractive")
    met = answer("Which projects hit their FY2020 targets?", engine=seed, mode="extractive")
    assert set(negated.projects) == set(missed.projects) != set(met.projects)  # (a project may have both)
    assert "missed" in negated.text and "met" in met.text


def test_a_unit_in_hiragana_a_year_only_one_citys_sheets_hold_and_ended_in_other_words(two, ofunato_words):
    # すいさん is cut by Sudachi into function words (すい + さん); read as it reads, it is 水産 of 水産課
    understood = understand("すいさん課の事業で、令和7年度いちばん予算が大きいのってどれですか？", None, ofunato_words)
    assert understood.accepted and understood.queries[0].filters == (Member("department", ("農林水産部水産課",)),)
    # a word is read whole or not at all: どういう is not 同意 + う
    number = workbook_number("千石船気仙丸利活用事業")
    assert one(f"{number}ってそもそもどういう経緯ではじまったの？", ofunato_words).ask == Value(Field("ofunato_origin"))
    # FY2025 is a year of 大船渡's sheets only: "spending" is its 事業費計, not Tsukuba's 決算額
    result = answer("What are the three biggest projects by planned spending for FY2025?", engine=two, mode="extractive")
    assert result.kind == STRUCTURED and "事業費計" in result.reading
    assert "終了・廃止・休止" in one("Which projects are discontinued?", ofunato_words).filters[0].values
    query = one("Among the museum's projects, which one had the lowest total cost (staff costs included) in FY2024?",
                ofunato_words)  # fmt: skip
    assert query.ask == Ranking(Field("ofunato_total_cost"), "asc", 1)
    assert Compare(Field("ofunato_project_cost"), "gt", 50_000) in one(
        "水産課の事業で、R6の事業費が5千万円こえてるのっていくつある？", ofunato_words).filters


def test_cheapest_is_the_lowest_and_other_is_no_topic(ofunato_words):
    query = one("Of the museum's projects, which one had the cheapest total cost in FY2024?", ofunato_words)
    assert query.ask == Ranking(Field("ofunato_total_cost"), "asc", 1)
    library = workbook_number("図書館運営事業")
    query = one("How many books and other items did the city library lend out in FY2024?", ofunato_words)
    assert query.projects == (library,) and query.ask.measure.field == "indicator_actual"
    # "other than" stays a comparison
    understood = understand(f"Which projects other than {library} had a total cost above 100,000 in FY2024?",
                            None, ofunato_words)  # fmt: skip
    assert any(p.kind == "compare" and p.value == "ne" for p in understood.parses[0].parts)


def seed_name(number: str) -> str:
    """A Tsukuba sheet's 事務事業名 as printed after its number."""
    return re.match(r"事務事業名\t\d{3} (\S+)", seed_text_sheets()[number])[1]


def test_a_slip_typing_katakana_is_read_as_the_katakana_word_of_a_name(seed):
    # the names' own katakana words, with the slips of typing them: no ッ or ー, a small kana written large
    named = [(n, w) for n in seed_text_sheets() for w in re.findall("[ァ-ヺー]{4,}", seed_name(n))]
    checked = 0
    for number, word in named:
        slipped = word.replace("ッ", "", 1) if "ッ" in word else word.replace("ー", "", 1) if "ー" in word else None
        slipped = slipped or word.translate(str.maketrans("ィェォャュョ", "イエオヤユヨ"))
        asked = "{}の事業の令和2年度の予算は？"
        if slipped == word or [q.projects for q in understand(asked.format(word), None, seed.words).queries] != [(number,)]:
            continue  # a word several names share, or one that names no project alone (プロジェクト)
        assert one(asked.format(slipped), seed.words).projects == (number,), slipped
        checked += 1
    assert checked >= 2, named


def test_words_of_a_name_before_city_are_no_city(seed):
    # "Smart City" and "Robot City" say words of the seed's names (スマートシティ, ロボット); Kyoto City is a city
    smart = next(n for n in seed_text_sheets() if "スマートシティ" in seed_name(n))
    result = answer("Smart City project: how much was budgeted in FY2020?", engine=seed, mode="extractive")
    assert result.kind == STRUCTURED and smart in result.projects
    assert shown(printed_costs(smart, "予算額")["R02"]) in result.text
    for city in ("Kyoto City", "Mito City"):
        refused = answer(f"How much did {city} spend on its science projects in FY2020?", engine=seed, mode="extractive")
        assert refused.kind == UNANSWERABLE and city in refused.text


def test_how_much_of_a_project_alone_asks_its_money(seed, ofunato_words):
    # 「いくら」 with no field: what the form's word for a project's money (お金) names: 決算額 on Tsukuba's form,
    # 事業費計 on 大船渡's
    assert one("ロボットの事業っていくら？", seed.words) == one("ロボットの事業のお金は？", seed.words)
    assert one("097っていくら？", seed.words).ask == Value(Field("settlement"))
    number = workbook_number("敬老会開催補助金交付事業")
    assert one(f"{number}はいくら？", ofunato_words).ask == Value(Field("ofunato_project_cost"))
    assert one(f"How much money went to {number}?", ofunato_words).ask == Value(Field("ofunato_project_cost"))
    # a field said is the one asked
    assert one("097の人件費っていくら？", seed.words).ask == Value(Field("personnel_cost_total"))


def test_a_clause_before_the_question_about_the_asker_is_read_as_background(seed):
    plain = ask(seed, "ロボットの事業の令和2年度の決算額は？")
    prefaced = ask(seed, "うちの子が夏休みの自由研究で調べているんだけど、ロボットの事業の令和2年度の決算額は？")
    assert prefaced.projects == plain.projects and shown(printed_costs("097", "決算額")["R02"]) in prefaced.text
    assert "前置き" in prefaced.reading or "前置き" in prefaced.text.splitlines()[0]
    english = ask(seed, "My kid is doing a summer homework, so how much did the robot project spend in FY2020?")
    assert "background" in english.text.splitlines()[0]
    # a clause with a part of the question in it is part of the question: both are answered
    both = understand("予算が増えたけど、ロボットの事業の決算額は？", None, seed.words)
    assert not any(p.aside for p in both.parses)
    # a first sentence that states something is a preface too; an operator's word in it ("most") asks nothing
    stated = ask(seed, "うちの子が自由研究で調べています。ロボットの事業の令和2年度の決算額は？")
    assert stated.projects == plain.projects and "前置き" in stated.text.splitlines()[0]
    english = ask(seed, "My dad visits most robot events, so I wonder. How much did the robot project spend in FY2020?")
    assert "background" in english.text.splitlines()[0] and "097" in english.projects
    assert not any(p.aside for p in understand("The budget was 5,000. What was 097's spending?", None, seed.words).parses)


def test_adding_up_one_field_is_a_total_of_the_projects(two, ofunato_words):
    # 「ぜんぶ足したら」 said of one field adds up the projects' values; of two fields (「事業費に人件費を足した」) it
    # adds the fields
    costs = r06_costs(n for n in workbook() if str(cell(n, "部課名")).strip().endswith("下水道課"))
    result = ask(two, "下水道課が持ってる事業、R6の事業費ぜんぶ足したらいくら？")
    assert f"合計: {sum(costs.values()):,}千円" in result.text
    number = workbook_number("三陸鉄道支援事業")
    assert one(f"{number}の事業費に人件費を足した額は？", ofunato_words).ask.measure != Field("ofunato_project_cost")


def test_colloquial_amounts_and_the_percentage_of_a_change(two, ofunato_words):
    number = workbook_number("学校施設整備事業")
    years = block_years(number)
    before, after = (cell(number, "事業費計", years.index(y)) for y in ("R05", "R06"))
    result = ask(two, f"{number}、R5→R6で事業費どんだけ減った？何％減？")
    assert f"{abs(after - before):,}千円" in result.text
    assert f"{abs(after - before) / before * 100:.1f}%" in result.text
    # 「何％減」 asks the change's percentage, not an indicator printed in %
    understood = understand(f"{number}、R5→R6で事業費どんだけ減った？何％減？", None, ofunato_words)
    assert not any(getattr(q.ask.measure, "indicator", None) for q in understood.queries)


def test_a_field_only_another_form_has_is_declined_in_the_words_holding_its_label(two):
    number = workbook_number("防犯灯設置事業")
    result = answer(f"{number}ってSDGsのどのゴールにひもづいてる？", engine=two, mode="extractive")
    assert result.kind == UNANSWERABLE and "この様式にはその欄がない" in result.text


def test_ok_before_a_follow_up_asks_nothing_and_the_year_before_is_kept(two):
    costs = r06_costs(n for n in workbook() if str(cell(n, "部課名")).strip().endswith("下水道課"))
    least = min(costs, key=costs.get)
    result, _ = conversation(two, "Which project of the sewerage division (下水道課) had the biggest spending in FY2024?",
                             "ok, and which one spent the least?")  # fmt: skip
    assert "largest" not in result.reading and "FY2024" in result.reading
    assert re.search(rf"(?m)^- 1\. {least} .*{costs[least]:,} thousand yen", result.text), result.text


def test_a_field_said_again_with_a_change_word_and_a_year_changes_from_the_year_before(seed):
    budgets = printed_costs("011", "予算額")
    result, _ = conversation(seed, "What was the FY2020 budget for 011?", "and how much does the budget jump in R3?")
    assert "FY2020 to FY2021" in result.reading
    assert f"{budgets['R03'] - budgets['R02']:,} thousand yen" in result.text
    assert "（" not in result.text  # an English answer's brackets are English ones


def test_a_description_that_names_what_is_asked_of_the_project_is_read_whole(two):
    # "people attended the ILC lectures" describes 1721 and names its indicator (ＩＬＣ講演会聴講者数): with the project
    # found put before the question, its words read as the indicator
    number = workbook_number("国際リニアコライダー誘致促進事業")
    header = next(h for h in workbook()[number] if h.startswith("⑦ 成果指標") and "名称" in h
                  and str(cell(number, h)).startswith("ＩＬＣ講演会"))  # fmt: skip
    assert "聴講者数" in str(cell(number, header))
    engine = dataclasses.replace(two, retriever=FakeRetriever(*[number] * 5))
    result = answer("How many people attended the ILC lectures in FY2024?", engine=engine, mode="extractive")
    assert result.kind == STRUCTURED and number in result.projects and "ＩＬＣ講演会聴講者数" in result.text


def test_the_citys_own_name_alone_names_no_project(two, ofunato_words):
    # many names hold 大船渡 (大船渡港…): said alone it is the city, not a list of every such project
    named = [n for n, r in workbook().items() if "大船渡" in str(r["事務事業名"][0])]
    assert len(named) > 3
    understood = understand("大船渡から盛岡まで車でどのくらいかかる？", None, ofunato_words)
    assert not any(p.kind == "project" for parse in understood.parses for p in parse.parts)
    result = answer("大船渡から盛岡まで車でどのくらいかかる？", engine=two, mode="extractive")
    assert "複数の事業" not in result.text


def test_what_a_project_is_for_is_its_intent_on_a_form_that_prints_one(two, ofunato_words):
    # Tsukuba's form prints 目的; 大船渡's prints ③ 意図 (what the project intends for its 対象)
    number = workbook_number("大船渡港物流強化促進協議会運営事業")
    assert one(f"{number}の目的は？", ofunato_words).ask == Value(Field("ofunato_intent"))
    intent = str(cell(number, "③ 意図")).strip().splitlines()[0]
    assert intent[:20] in ask(two, f"{number}の目的は？").text
    assert one("097の目的は？", two.words).ask == Value(Field("purpose"))


def citizen_needs() -> dict[str, int]:
    return {n: int(re.search(r"(?m)^市民ニーズ\t(\d)", t)[1]) for n, t in seed_text_sheets().items()}


def test_a_number_compared_after_a_measure_is_compared_with_that_measure(seed):
    scores = citizen_needs()
    below = sorted(n for n, s in scores.items() if s < 4)
    assert below and len(below) < len(scores)
    result = ask(seed, "市民ニーズの評価点、10事業の平均っていくつ？4より低いのはどれ？")
    assert f"{sum(scores.values()) / len(scores):.1f}" in result.text
    listed = result.text.split("4未満")[-1]
    assert all(n in listed for n in below) and not any(f"{n} " in listed for n in set(scores) - set(below))
    # より低い / より高い are comparisons
    assert one("市民ニーズが4より低い事業は？", seed.words).filters[0].op == "lt"
    assert one("市民ニーズが4より高い事業は？", seed.words).filters[0].op == "gt"


def test_how_a_field_is_treated_asks_the_field(seed):
    query = one("国際戦略総合特区のやつ、事業期間はどういう扱い？", seed.words)
    assert query.ask == Value(Field("period")) and query.projects == ("092",)


def test_a_units_word_for_owning_is_its_condition_not_a_second_field(two):
    costs = r06_costs(n for n in workbook() if str(cell(n, "部課名")).strip().endswith("下水道課"))
    result = ask(two, "下水道課所管の事業、R6の事業費ぜんぶ足したらいくらになる？")
    assert f"合計: {sum(costs.values()):,}千円" in result.text


def test_an_aggregate_word_of_the_indicator_asked_is_the_indicators(two):
    # 「平均」 of 年平均保護世帯数, asked of the project asked about before: that indicator's figure, not an average
    number = workbook_number("生活保護実施事業")
    assert any(str(v) == "年平均保護世帯数" for h, cells in workbook()[number].items() if h.startswith("⑦") for v in cells)
    result, _ = conversation(two, f"{number}の事業費って令和6年度いくらだった？", "その年の保護世帯って平均でどれくらい？")
    assert result.kind == STRUCTURED and "年平均保護世帯数" in result.text and "平均:" not in result.text


def test_a_field_word_another_fields_label_holds_says_whose_it_is(seed):
    line = re.search(r"正職員時間外勤務\t\(時間\)\t(.*)", seed_text_sheets()["097"])[1].split("\t")
    r02 = dict(zip(COST_COLUMNS, line, strict=True))["R02"]
    result, _ = conversation(seed, "What's the FY2020 budget for 097?", "and how many overtime hours did staff put in that year?")
    assert result.kind == STRUCTURED and result.projects == ["097"] and r02 in result.text
    assert "overtime" in result.reading and "staff assigned" not in result.reading
    # joined by "and", both are asked
    both = understand("How many staff and how many overtime hours did 097 have in FY2020?", None, seed.words)
    assert {q.ask.measure.field for q in both.queries} == {"staff_ratio", "overtime_hours"}


# ---- stop 26 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "then"),
    [("令和2年度の目標を達成できなかった事業はどれ?", "そのうち予算が5,000千円を超えるのはいくつ？"),
     ("Which projects missed their FY2020 targets?", "How many of them had a budget over 5,000?")],
)  # fmt: skip
def test_conditions_said_of_the_projects_before_narrow_them(seed, first, then):
    missed = answer(first, engine=seed, mode="extractive").projects
    over = sorted(n for n in missed if printed_costs(n, "予算額")["R02"] > 5000)
    assert 0 < len(over) < len(missed)
    result, _ = conversation(seed, first, then)
    assert result.kind == STRUCTURED and sorted({r["sheet"] for r in result.rows if "sheet" in r}) == over
    assert f"{len(over)}" in result.text.split("\n")[1]


def test_a_value_word_of_two_fields_is_read_as_each_and_both_answered(seed):
    both = understand("継続の事業はどれ？", None, seed.words)
    assert {f.field for q in both.queries for f in q.filters} == {"new_or_continuing", "direction"}
    # another value of one of them, said beside it or asked just before, says which field is meant
    one_field = understand("Which projects are continuing projects, not new ones?", None, seed.words)
    assert {f.field for q in one_field.queries for f in q.filters} == {"new_or_continuing"}
    asked = understand("012は新規?継続?", None, seed.words)
    assert {q.ask.measure.field for q in asked.queries} == {"new_or_continuing"}
    # an English verb form of a direction's value
    assert one("Which projects will be continued?", seed.words).filters == (Member("direction", ("継続",)),)


def test_the_top_score_said_with_its_value_is_that_value_not_a_ranking(seed):
    query = one("Among projects that aren't new, which ones gave themselves the top score of 5 for priority?", seed.words)
    assert isinstance(query.ask, Listing)
    assert set(query.filters) == {Member("new_or_continuing", ("新規",), negate=True), Compare(Field("priority"), "eq", 5)}
    assert one("優先度が最高の5の事業は？", seed.words).filters == (Compare(Field("priority"), "eq", 5),)


def test_a_not_the_planner_cannot_carry_withholds_its_answer(seed):
    assert Member("new_or_continuing", ("新規",), negate=True) in one("新規ではなく、予算が5,000千円を超える事業は？", seed.words).filters
    plan = Plan(route=STRUCTURED, filters=[PlanFilter("new_or_continuing", value="新規")])
    assert _negation_dropped("Which projects aren't new and scored well?", plan, seed, ()) == "aren't new"
    assert _negation_dropped("新規ではなくて評価の高い事業は？", plan, seed, ()) == "新規ではなく"
    assert _negation_dropped("Which projects are new?", plan, seed, ()) is None
    # an unmet target is a condition the planner carries with its "not"
    missed = Plan(route=STRUCTURED, filters=[PlanFilter("status", value="missed")])
    assert _negation_dropped("Which projects did not meet their targets?", missed, seed, ()) is None


def test_a_word_the_sheets_say_otherwise_is_read_as_the_names_word(two):
    # パスポート and 旅券 share the one-word gloss "passport": the question is read (and searched) with the name's word
    # (the build keeps the dictionary's words for the sheets' own beside its keyword index; these tables have none)
    names = [tokenise(name) for (name,) in two.db.execute("SELECT name FROM sheets")]
    words = Words.from_db(two.db, translations=japanese_terms(names, installed_dictionary()))
    assert any("旅券" in variant for variant in words.by_number[workbook_number("旅券発給事務")].variants)
    read = in_usual_spelling("パスポートの申請受付とか交付やってる事務って、根拠になってる法律なに？", words)
    assert read.startswith("旅券の申請受付") and "パスポート" not in read
    # the form's own words (職員) are never replaced
    kept = in_usual_spelling("デジタル情報プラットフォームの事業は市の職員だけで回してるの？", words)
    assert "職員" in kept


def test_english_words_a_units_own_name_says_name_that_unit(two):
    departments = {str(cell(n, "部課名")).strip() for n in workbook()}
    fisheries = next(d for d in departments if d.endswith("水産課"))
    forestry = next(d for d in departments if d.endswith("農林課"))
    assert fisheries.removesuffix("水産課") == forestry.removesuffix("農林課")  # one 部 runs both
    assert one("How many projects does the fisheries division have?", two.words).filters == (
        Member("department", (fisheries,)),)
    assert one("How many projects does the agriculture and forestry division have?", two.words).filters == (
        Member("department", (forestry,)),)


def test_a_travel_time_the_sheets_do_not_give_is_said_to_be_missing():
    question = parse_query("大船渡から盛岡まで車でどのくらいかかる？")
    road = "国道107号は大船渡港と岩手県内陸部を結ぶ基幹的な路線である。"
    assert absent_detail(question, [road]).lead.startswith("シートには所要時間や距離は書かれていません")
    assert absent_detail(question, [road + "盛岡まで約2時間かかる。"]) is None
    # overtime hours are the form's own figure, not a travel time
    assert asked_detail(parse_query("097の時間外勤務は何時間？")) is None
    assert asked_detail(parse_query("がん検診の事業、R6って延べ何時間かかってて、人件費いくら？")) is None
    assert asked_detail(parse_query("How long does it take to drive to Morioka?")).key == "duration"


def test_an_operations_word_beside_an_indicators_word_may_be_the_indicators_own(two, ofunato_words):
    # "rate" is a ratio's word, and 予防接種率's: with "vaccination" it names that indicator, not 予防接種を受けた犬の頭数
    number = workbook_number("狂犬病予防事業")
    no = indicator_no(two, number, "予防接種率")
    query = one(f"What was the vaccination rate of project {number} in FY2024?", ofunato_words)
    assert query.ask == Value(Field("indicator_actual", indicator=no)) and query.years == ("R06",)


def test_falling_short_of_a_number_is_a_comparison_not_a_targets_attainment(seed):
    query = one("市民ニーズの評価は4以上あるのに、進捗状況が4に届かなかった事業ってありますか？", seed.words)
    assert set(query.filters) == {Compare(Field("citizen_needs"), "ge", 4), Compare(Field("progress"), "lt", 4)}
    assert one("Which projects had a progress score that fell short of 4?", seed.words).filters == (
        Compare(Field("progress"), "lt", 4),)
    # a target, not a number, missed: the indicators' attainment
    assert one("目標に届かなかった事業は？", seed.words).filters[0].field == "indicator_status"


def test_a_follow_up_keeps_every_figure_asked_and_the_number_of_projects_pointed_at(seed):
    first = "How many field experiments did the Society 5.0 trial program carry out in FY2020, and what was the target?"
    result, history = conversation(seed, first, "What about the year before?")
    asked = understand(first, None, seed.words).queries
    again = understand("What about the year before?", history, seed.words).queries
    assert len(again) == len(asked) == 2 and {q.ask for q in again} == {q.ask for q in asked}
    assert all(q.years == ("R01",) for q in again)
    # "those three": the projects listed before, their number said again
    listed = "Three: 094 (市内大学・研究機関等との連携事業), 095 (次代を担う人材育成と科学技術の理解の醸成事業), and 096 (国際科学技術都市「つくば」の推進事業)."
    history = [{"role": "user", "content": "Which projects are handled by the 科学の街推進係?"},
               {"role": "assistant", "content": listed}]  # fmt: skip
    result = answer("And what did those three spend in total in FY2020?", history, engine=seed, mode="extractive")
    total = sum(printed_costs(n, "決算額")["R02"] for n in ("094", "095", "096"))
    assert result.kind == STRUCTURED and f"{total:,}" in result.text


def test_the_year_an_answer_showed_is_the_year_a_follow_up_counts_from(two):
    number = workbook_number("スクールバス運行事業")
    history = [{"role": "user", "content": f"How much did project {number} cost?"},
               {"role": "assistant", "content": f"The project cost of {number} in R6 was 103,961 thousand yen."}]  # fmt: skip
    (query,) = understand("What about the year before that?", history, two.words).queries
    assert query.projects == (number,) and query.years == ("R05",)


def test_a_city_described_is_no_city_named():
    assert city_mentions("I heard Tsukuba signed something with a French city. What was that?") == []
    assert city_mentions("How much does Mito City spend?") == ["Mito City"]


def test_words_said_of_the_answer_and_of_who_decides_are_placed(two, ofunato_words):
    # 「金額つきで」: how the answer is to be given; "the section chiefs say": 大船渡's 課長等意見
    query = one("令和5年度の事業費計が大きい事務事業の上位3つを、金額つきで教えてください。", ofunato_words)
    assert query.ask == Ranking(Field("ofunato_project_cost"), "desc", 3) and query.years == ("R05",)
    departments = {str(cell(n, "部課名")).strip() for n in workbook()}
    both = tuple(sorted(d for d in departments if d.startswith("農林水産部")))
    listed = one("How many of the agriculture, forestry and fisheries department's projects did the section chiefs say "
                 "should be ended?", ofunato_words)  # fmt: skip
    by_field = {f.field: f.values for f in listed.filters}
    assert tuple(sorted(by_field["department"])) == both and "終了・廃止・休止" in by_field["ofunato_future_direction"]


def test_a_figure_asked_around_one_word_not_placed_is_answered_and_the_word_named(seed):
    result = answer("What was the FY2020 budget of 097 according to the spreadsheet?", engine=seed, mode="extractive")
    budget = printed_costs("097", "予算額")["R02"]
    assert result.kind == STRUCTURED and f"{budget:,}" in result.text
    assert '"spreadsheet" could not be placed' in result.text.split("\n")[0]
    # two words not placed, a verb ("cull": what is asked may be that), a word of the year: not read past
    for question in ("What was the FY2020 budget of 097 per the spreadsheet's tab?",
                     "How much of its FY2020 budget did 097 cull?", "What was 097's budget in that final year?"):
        assert not understand(question, None, seed.words).read_past, question


def test_a_word_few_names_have_names_its_project_anywhere_in_the_question(two, ofunato_words):
    number = workbook_number("狂犬病予防事業")
    parse = understand(f"What percentage of the dogs got vaccinated under project {number} in R6?", None,
                       ofunato_words).parses[0]  # fmt: skip
    assert "dogs" not in parse.unplaced and any(p.kind == "project" and p.value == number for p in parse.parts)


def test_the_askers_own_belief_is_no_request_for_an_opinion(seed):
    own = answer("海外の都市と交流する事業、去年はコロナで行けなかったと思うけど何やってたの？", engine=seed, mode="extractive")
    assert "refused: opinion" not in own.notes
    for question in ("ロボットの街つくば推進事業は必要だと思う？", "ロボットの街って本当に必要だと思います？あなたの意見を聞かせて。"):
        assert "refused: opinion" in answer(question, engine=seed, mode="extractive").notes, question


def test_ending_said_as_a_verb_is_the_directions_value_and_a_best_score_given_is_a_condition(seed):
    query = one("Which projects got the top 優先度 score of 5?", seed.words)
    assert isinstance(query.ask, Listing) and query.filters == (Compare(Field("priority"), "eq", 5),)
    asked = understand("近未来技術の社会実装を加速させる事業って、もう終わっちゃうの？2020年度はいくら使った？", None, seed.words)
    assert {q.ask.measure.field for q in asked.queries} == {"direction", "reason", "settlement"}  # (its 理由 beside)


def test_a_unit_left_out_is_a_negated_condition(two, ofunato_words):
    departments = {str(cell(n, "部課名")).strip() for n in workbook()}
    water, sewer = "上下水道部水道課", "上下水道部下水道課"
    assert {water, sewer} <= departments
    query = one("上下水道部水道課（下水道課は含めない）の事務事業について、令和6年度の事業費計を合計するといくらになりますか。",
                ofunato_words)  # fmt: skip
    assert set(query.filters) == {Member("department", (water,)), Member("department", (sewer,), negate=True)}


def test_a_gloss_in_brackets_after_a_value_and_a_preface_ending_in_a_colon_are_set_aside(seed):
    query = one("優先度が5で、しかも進捗状況が4（計画通り）の事業はどれ？", seed.words)
    assert set(query.filters) == {Compare(Field("priority"), "eq", 5), Compare(Field("progress"), "eq", 4)}
    parse = understand("Journalist here: how many overtime hours did regular staff log on 094 in FY2019 versus FY2020?",
                       None, seed.words).parses[0]  # fmt: skip
    assert parse.aside and {q.ask.measure.field for q in parse.queries} == {"overtime_hours"}
    assert set(parse.queries[0].years) == {"R01", "R02"}


def test_what_was_left_of_the_budget_is_the_unspent_budget(seed):
    (query,) = understand("令和2年度、予算を一番使い残した事業はどれ？いくら残ったの？", None, seed.words).queries
    assert query.ask == Ranking(Combine("difference", Field("budget"), Field("settlement")), "desc", 1)
    assert query.years == ("R02",)


def test_a_preface_set_aside_keeps_a_name_said_as_a_city_a_name_and_the_final_year_is_no_pointer(seed):
    result = answer("Staffing check: how many full-time-equivalent regular staff were assigned to Robot City Tsukuba in "
                    "FY2020?", engine=seed, mode="extractive")  # fmt: skip
    assert result.kind == STRUCTURED and result.projects == ["097"]
    parse = understand("最後の年は何をやったの？", None, seed.words).parses[0]
    assert not parse.of("anaphor")


def test_a_field_word_of_two_forms_is_read_as_the_named_projects_forms_field(two):
    number = workbook_number("狂犬病予防事業")
    asked = understand(f"What did project {number} cost in FY2023?", None, two.words)
    assert asked.accepted and [q.ask.measure.field for q in asked.queries] in (["settlement"], ["ofunato_project_cost"])
    result = answer(f"What did project {number} cost in FY2023?", engine=two, mode="extractive")
    assert result.kind == STRUCTURED and shown(cell(number, "事業費計", 3)) in result.text


def test_a_verb_said_of_the_amount_asked_is_read_past_and_named(seed):
    budget = printed_costs("097", "予算額")["R02"]
    question = "097の令和2年度の予算っていくらで組んでるの？"
    asked = understand(question, None, seed.words)
    assert asked.read_past and [q.ask.measure.field for q in asked.queries] == ["budget"], question
    result = answer(question, engine=seed, mode="extractive")
    assert result.kind == STRUCTURED and f"{budget:,}" in result.text and asked.read_past[0] in result.text
    # 見込む (「見込んでた」, Sudachi's 見 + 込ん) is a function word: nothing to read past
    asked = understand("097は令和2年度の予算をいくら見込んでたの？", None, seed.words)
    assert asked.accepted and not asked.read_past and [q.ask.measure.field for q in asked.queries] == ["budget"]
    # a verb not said of an amount may be what is asked: not read past
    assert not understand("097はどんな協定をむすんだの？", None, seed.words).read_past


def test_an_amount_given_or_received_is_not_read_past_as_the_projects_money(seed):
    # 「いくらもらえる」 asks what one recipient is given: the project's money would answer another question
    for question in ("097って、参加した人はいくらもらえるの？", "097は去年いくら配ったの？"):
        asked = understand(question, None, seed.words)
        assert asked.read_past and not _may_read_past(question, asked, seed.words), question
    question = "097の令和2年度の予算っていくらで組んでるの？"
    assert _may_read_past(question, understand(question, None, seed.words), seed.words)


def test_a_name_put_in_by_its_number_keeps_the_rest_of_the_question_as_typed(seed):
    # "TGI" is a word of 092's sheet as written there; lowercased, it would be a word no sheet holds
    question = "Who is the special economic zone project (the one with TGI) aimed at?"
    found = _named_in_english(question, understand(question, None, seed.words), seed, seed.cities)
    assert found is not None and found.number == "092" and found.text.startswith("Who is the 092")
    assert "(the one with TGI)" in found.text


def test_a_particle_completes_the_verb_before_it_and_a_dash_ends_a_preface(seed):
    asked = understand("Which project soaked up the most staff hours in FY2020?", None, seed.words)
    assert "up" not in asked.unplaced
    parse = understand("I'm doing a school report - what was 097's budget in FY2020?", None, seed.words).parses[0]
    assert parse.aside and [q.ask.measure.field for q in parse.queries] == ["budget"]


def test_a_preface_may_name_the_project_the_question_names_again(two):
    number = workbook_number("狂犬病予防事業")
    parse = understand(f"Dog owner here. What did project {number} spend in FY2023?", None, two.words).parses[0]
    assert parse.aside == "dog owner here" and [q.projects for q in parse.queries] == [(number,)]


def test_an_sdg_said_by_its_title_without_its_last_particle_and_its_number_with_ban(seed):
    query = one("SDGsの11番「住み続けられるまちづくり」に紐づく事業は？", seed.words)
    assert query.filters == (Member("sdgs", (11,)),)


def test_nouns_joined_to_a_projects_name_say_which_project_and_its_period_is_no_absent_date(seed):
    assert "市民" in seed_text_sheets()["095"]
    query = one("市民の科学教育の事業の令和2年度の予算は？", seed.words)
    assert query.projects == ("095",)
    assert asked_detail(parse_query("092の事業期間はいつからいつまで？")) is None
    assert asked_detail(parse_query("092の協定はいつ結んだ？")) is not None


def test_a_series_of_a_derived_measure_labels_each_value_with_its_inputs_year(seed):
    from jimuqa.answering.compose_answer import compose

    query = Query(Series(Combine("difference", Field("budget"), Field("settlement"))), ("096",), years=("R02",))
    names = {ref.number: ref.name for ref in seed.sheet_refs.values()}
    built = compose("096の予算と決算の差の推移", [execute(query, seed.db)], seed.db, seed.sheet_refs, "ja", names)
    budget, settled = printed_costs("096", "予算額")["R02"], printed_costs("096", "決算額")["R02"]
    assert f"{year_label('R02')} {budget - settled:,}千円" in built.text


def test_bond_issues_and_a_hyphenated_word_of_a_name(two):
    bridges = workbook_number("橋梁長寿命化事業")
    asked = understand("For the bridge life-extension project, how much of the R6 spending came from bond issues?", None,
                       two.words)  # fmt: skip
    assert asked.accepted and Value(Field("ofunato_bonds")) in [q.ask for q in asked.queries]
    assert all(q.projects == (bridges,) and q.years == ("R06",) for q in asked.queries)


def test_human_waste_is_a_thing_a_waste_of_money_an_opinion(two):
    thing = answer("How much did the human waste processing facility project spend in R6?", engine=two, mode="extractive")
    assert "refused: opinion" not in thing.notes
    opinion = answer("Is the ILC project a waste of money?", engine=two, mode="extractive")
    assert "refused: opinion" in opinion.notes


def test_expenses_are_the_project_cost(two, ofunato_words):
    number = workbook_number("ふるさと納税事務")
    query = one("ふるさと納税事務の令和6年度の経費は？", ofunato_words)
    assert query.projects == (number,) and query.ask == Value(Field("ofunato_project_cost"))


def test_a_count_named_by_its_indicators_words_is_its_figure_with_the_unit(two):
    ilc = workbook_number("国際リニアコライダー誘致促進事業")
    assert cell(ilc, "⑦ 成果指標（対象における意図の達成度を表す指標）\nサ：名称") == "ＩＬＣ講演会聴講者数"
    unit = cell(ilc, "⑦ 成果指標（対象における意図の達成度を表す指標）\nサ：単位")
    value = cell(ilc, "⑦成果指標\nサ", block_years(ilc).index("R06"))
    result = answer("国際リニアコライダーの誘致に向けた講演会、R6は何人くらい聴きに来た？", engine=two, mode="extractive")
    # (聴きに来た: 聞く, what the asker heard or attended, is no topic of its own)
    assert result.kind == STRUCTURED and f"{shown(value)}{unit}[" in result.text


def test_no_word_is_read_past_in_a_part_that_asks_nothing_the_parser_read(seed):
    # the first part asks an account around コロナ, the second the issues: reading past コロナ would drop the first
    asked = understand("科学教育の事業、コロナの年はどうしてたの？で、課題は何？", None, seed.words)
    assert not asked.read_past
    assert understand("097の予算額、令和2年度はいくらで組んだの？で、決算額は？", None, seed.words).read_past == ["組ん"]


def test_spending_is_no_ending_and_a_request_to_include_the_amounts_asks_nothing_more(seed):
    from jimuqa.answering.plan import make_plan

    plan = make_plan(parse_query("Top 3 projects by actual spending in R2? zork the amounts"), seed.catalogue_for(()), None)
    assert not [f for f in plan.filters if f.kind == "direction"]  # "spending" holds "ending"
    query = one("Top 3 projects by actual spending (settled amount) in R2? pls include the amounts", seed.words)
    assert query.ask == Ranking(Field("settlement"), "desc", 3) and query.years == ("R02",)


def test_the_best_value_said_after_its_adjective_is_a_condition_not_a_top_k(seed):
    query = one("優先度が一番高い5がついてる事業を全部教えてください", seed.words)
    assert isinstance(query.ask, Listing) and query.filters == (Compare(Field("priority"), "eq", 5),)
    assert one("予算が一番高い5事業は？", seed.words).ask == Ranking(Field("budget"), "desc", 5)


def test_an_asker_introduced_is_background_whatever_its_words_name(seed):
    parse = understand("Council staff here. Which project spent the smallest share of its FY2020 budget?", None,
                       seed.words).parses[0]  # fmt: skip
    assert parse.aside == "council staff here" and isinstance(parse.queries[0].ask, Ranking)


def test_what_a_project_did_is_an_account_no_word_read_past_for_a_figure(seed):
    asked = understand("What did the hands-on science education program actually do in 2020 with covid going on?", None,
                       seed.words)  # fmt: skip
    assert not asked.read_past
    # a part asking a change in percent is an ask of its own: a word there may be read past
    two_parts = understand("Did 097's budget go up between FY2019 and FY2020? By how much, in cash and percent?",
                           None, seed.words)  # fmt: skip
    assert two_parts.read_past == ["cash"]


def test_an_article_before_program_is_no_projects_name(seed):
    result = answer("What was the FY2020 budget for the program that invites IoT and AI field experiments from all over "
                    "Japan and subsidizes them?", engine=seed, mode="extractive")  # fmt: skip
    assert 'called "the"' not in result.text


def test_the_verb_of_a_count_says_which_indicator_counting_in_its_counter_is_meant(two):
    squad = workbook_number("大船渡市鳥獣被害対策実施隊設置事業")
    culled = indicator_no(two, squad, "有害捕獲頭数")
    asked = understand("大船渡市鳥獣被害対策実施隊設置事業、令和6年度は何頭くらい獲ったの？", None, two.words)
    # 獲る ("to catch, to capture") says 捕獲; the estimated population, also counted in 頭, is not meant
    assert [(q.ask.measure.field, q.ask.measure.indicator) for q in asked.queries] == [("indicator_actual", culled)]


def test_a_chiefs_recommendation_is_the_direction_asked_and_a_recommendation_asked_of_us_an_opinion(two):
    asked = understand("How many projects did the section chiefs recommend abolishing or suspending?", None, two.words)
    assert asked.accepted and isinstance(asked.queries[0].ask, Aggregate)
    opinion = answer("Can you recommend a good seafood restaurant near the station?", engine=two, mode="extractive")
    assert "refused: opinion" in opinion.notes


def test_words_its_sheet_holds_are_read_past_as_describing_the_one_project_named(seed):
    sheet = seed_text_sheets()["095"]
    assert all(word in sheet for word in ("研究", "協力", "オンライン"))
    asked = understand("095って研究者も協力してオンラインでやったけど、令和2年度の決算額は？", None, seed.words)
    assert asked.read_past == ["研究", "協力", "オンライン"] and asked.queries[0].ask == Value(Field("settlement"))
    # words written onto the start of a name are a thing the project has, asked about: not read past
    assert not understand("自動消毒ロボットってどこかで使われたの?", None, seed.words).read_past
    # a word its sheet does not hold may ask something else
    assert not understand("095って天気も良くてオンラインでやったけど、令和2年度の決算額は？", None, seed.words).read_past


def test_a_field_word_between_two_words_of_a_name_is_the_names(seed):
    parse = understand("Which SDGs does the Society 5.0 social implementation trial project list?", None, seed.words).parses[0]
    assert not [p for p in parse.of("field") if p.value == "implementation"]
    assert [q.ask for q in parse.queries] == [Value(Field("sdgs"))]


def test_no_name_spans_a_colon_and_money_asked_is_no_count_indicator(two, ofunato_words):
    question = ("Budget question: rank the fisheries division (水産課) projects by R6 spending — which are the top three "
                "and how much did each spend?")  # fmt: skip
    assert not understand(question, None, two.words).parses[0].of("project")  # "budget" and "rank" name no project
    result = answer(question, engine=two, mode="extractive")
    assert result.kind == STRUCTURED and "農林水産部水産課" in result.text.split("\n")[0]
    silver = workbook_number("大船渡市シルバー人材センター補助金交付事業")
    assert cell(silver, "⑤ 活動指標（事務事業の活動量を表す指標）\nア：名称") == "補助金交付決定数"  # counted in 件
    query = one("シルバー人材センターに市が出している補助金、令和6年度はいくらだった？", ofunato_words)
    assert query.projects == (silver,) and query.ask == Value(Field("ofunato_project_cost"))
    # a count asked beside the money keeps the indicator counting it
    rebate = workbook_number("省エネ家電等買替え促進事業")
    asked = understand("省エネ家電の買い替え補助、令和6年度は何件申請があって事業費はいくらだった？", None, ofunato_words)
    assert asked.accepted and {q.ask.measure.field for q in asked.queries} == {"ofunato_project_cost", "indicator_actual"}
    assert all(q.projects == (rebate,) for q in asked.queries)



def test_final_reading_fixes_a_hyphen_a_count_per_ask_and_a_settlement_not_yet_settled(seed, two):
    # "long-life" beside a unit's words is the unit's, not a project's hyphenated name word
    parse = understand("In the elderly/long-life society division (長寿社会課), which project spent the least in R6?", None,
                       two.words).parses[0]  # fmt: skip
    assert not parse.of("project")
    # three counts asked, one read: the words left are not read past
    assert not understand("未来共創プロジェクト、R2は申請何件きて、何件採択、実際に支援できたのは何件?", None, seed.words).read_past
    # a settlement of a year after the sheet's is declined by the query parser, stating no value
    result = answer("How much did the city end up spending on the data platform project in FY2021?", engine=seed,
                    mode="extractive")  # fmt: skip
    assert result.kind == UNANSWERABLE and "012" in result.text and not re.search(r"\d{2},\d{3}", result.text)


# ---- stop 31 ------------------------------------------------------------------------------------------------


def test_where_money_came_from_is_the_cell_said_on_either_citys_form(two):
    # "came from" is an item word (財源内訳) of both forms: beside one of its cells it asks that cell, on 大船渡's
    # form as on Tsukuba's; "the national government" and "the prefecture" are cells of their own
    clubs = workbook_number("放課後児童健全育成事業")
    query = one(f"{clubs}: how much money came from the national government in R6?", two.words)
    assert query.ask == Value(Field("ofunato_national")) and query.projects == (clubs,) and query.years == ("R06",)
    asked = understand(f"{clubs}: how much came from the prefecture and from the national government?", None, two.words)
    assert {q.ask.measure.field for q in asked.queries} == {"ofunato_prefectural", "ofunato_national"}


def test_a_ranking_by_a_word_left_unplaced_is_not_read_past(two):
    # 「一番人気」 ranks by popularity, which no figure of the sheet is: the ranking the rest makes is not the question
    understood = understand("ふるさと納税の返礼品で一番人気があるのは何？", None, two.words)
    assert not understood.read_past and not understood.accepted
    understood = understand("Which return gift of the furusato nozei is the most popular?", None, two.words)
    assert not understood.read_past and not understood.accepted



def test_all_of_a_number_of_sheets_is_every_one_and_spending_asked_with_how_much_is_money(two):
    # "all 407 sheets" is every one of them, not a ranking's top 407
    understood = understand("Across all 407 sheets, which single program spent the most money in R6?", None, two.words)
    assert not any(p.kind == "number" for parse in understood.parses for p in parse.parts)
    # 「いくら使ってる」 asks the money spent
    understood = understand("こども家庭センターが担当してる事業、全部合わせると令和6年度にいくら使ってるの？", None, two.words)
    assert understood.accepted and understood.queries[0].ask == Aggregate("total", Field("settlement"))


# ---- 12. the staff's time on 大船渡's form ----------------------------------------------------------------------


def test_hours_asked_of_a_unit_are_its_forms_staff_hours_and_a_year_said_alone_after_is_the_years(ofunato_words):
    # 何時間, 延べ時間: counted in 時間, which on 大船渡's form is 延べ業務時間 (not Tsukuba's 時間外勤務); 職員 says whose
    # they are; 「仕事」 is the unit's projects; 「令和6年度で。」 after a part saying no year is its year
    query = one("税務課の仕事の中で、職員の手間（延べ時間）が一番かかってるのはどれ？令和6年度で。", ofunato_words)
    assert isinstance(query.ask, Ranking) and query.ask.measure.field == "ofunato_work_hours"
    assert query.years == ("R06",) and query.filters == (Member("department", ("総務部税務課",)),)
    query = one("税務課の事業で、令和6年度は合計何時間？", ofunato_words)
    assert isinstance(query.ask, Aggregate) and query.ask.measure.field == "ofunato_work_hours"


def test_the_current_year_is_the_sheets_year(ofunato_words):
    query = one("What is the project cost of project 0081 for the current year?", ofunato_words)
    assert query.years == ("R07",)


# ---- stop 37 ------------------------------------------------------------------------------------------------


def test_a_departments_office_and_unit_are_glossed_apart(ofunato_words):
    # read as one word run, 上下水道部下水道課's 部下 is "subordinate" and its 下水道, "sewerage", is lost
    sewerage = ofunato_words.named_english[("value", ("department", "上下水道部下水道課"))]
    water = ofunato_words.named_english[("value", ("department", "上下水道部水道課"))]
    assert english_stem("sewerage") in sewerage and english_stem("sewerage") not in water
    query = one("Which sewerage division project spent the most in FY2024?", ofunato_words)
    assert query.filters == (Member("department", ("上下水道部下水道課",)),) and query.years == ("R06",)


def test_a_unit_and_the_project_named_after_it_share_their_word(ofunato_words):
    # "library" is the word of 図書館運営事業 and of the department 図書館 alike: one name, the project's
    library = workbook_number("図書館運営事業")
    query = one("What was the city library's project cost in FY2024?", ofunato_words)
    assert query.projects == (library,) and query.years == ("R06",)
    assert query.ask == Value(Field("ofunato_project_cost"))


def test_a_percent_said_with_a_rise_is_the_changes_rate_not_a_share(ofunato_words):
    # 「何％くらい増えてる」 after the project's cost: the change of that figure, in %, not its indicators printed in %
    clubs = workbook_number("放課後児童健全育成事業")
    history = [{"role": "user", "content": f"{clubs}の令和6年度の事業費は？"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    query = one("それって前の年と比べて何％くらい増えてる？", ofunato_words, history)
    assert query.projects == (clubs,)
    assert isinstance(query.ask.measure, Combine) and query.ask.measure.op == "percent"
    assert {f.field for f in measure_fields(query.ask.measure)} == {"ofunato_project_cost"}
    assert {f.year for f in measure_fields(query.ask.measure)} == {"R05", "R06"}


def test_a_classification_said_in_other_words_is_its_one_value_holding_them(ofunato_words):
    # 「交通や港の物流ネットワークを充実させる施策」: each word before 施策 is in one 施策名 only
    measures = {str(cell(n, "施策名")).strip() for n in workbook()}
    (meant,) = [m for m in measures if all(w in m for w in ("交通", "港", "物流", "ネットワーク", "充実"))]
    query = one("交通や港の物流ネットワークを充実させる施策に入ってる事業のうち、令和6年度にいちばんお金を使った上位3つは？",
                ofunato_words)  # fmt: skip
    assert query.filters == (Member("ofunato_measure_name", (meant,)),)
    assert query.ask == Ranking(Field("ofunato_project_cost"), "desc", 3) and query.years == ("R06",)
    # words two values hold name neither
    assert not understand("充実させる施策の事業はいくつ？", None, ofunato_words).accepted


def test_a_one_character_word_after_a_noun_and_its_no_is_the_indicator_writing_them_together(ofunato_words):
    # 「水揚げの量」: 量 is 水揚量, the name that writes 水揚 and 量 together (not 水揚金額, nor 水揚数量に占める…割合)
    market = workbook_number("大船渡市魚市場水揚増強対策事業")
    names = dict(ofunato_words.indicators[market])
    query = one(f"{market}の水揚げの量は令和6年度でどれくらい？", ofunato_words)
    assert names[query.ask.measure.indicator].endswith("水揚量") and query.years == ("R06",)


def test_a_count_asked_takes_the_indicator_its_own_clause_names(ofunato_words):
    # 「対象者が何人いて、出席率は」: 何人 is the indicator whose name says 対象者 (not the staff, not 実行委員数); 出席率,
    # asked in the next clause, is asked too
    gathering = workbook_number("二十歳のつどい開催事業")
    names = dict(ofunato_words.indicators[gathering])
    understood = understand("二十歳のつどい、令和6年度は対象者が何人いて、出席率はどのくらいだった？", None, ofunato_words)
    assert understood.accepted and all(q.years == ("R06",) for q in understood.queries)
    asked = [names[q.ask.measure.indicator] for q in understood.queries]
    assert len(asked) == 2 and "対象者数" in asked[0] and asked[1].endswith("出席率")


def test_three_words_left_in_a_run_are_found_like_a_topic_and_two_are_not():
    # "the city's childbirth celebration vouchers": three words the parser cannot place describe one project as a
    # topic does (three of the five closest with the closest, standing out), where two words need four of five
    question = "How many newborns were covered by the city's childbirth celebration vouchers in FY2024?"
    words = ["newborns", "childbirth", "celebration", "vouchers"]
    three = FakeRetriever("1720", "1720", "1720", "1716", "0232")
    found = described_project(question, words, three, of_one=True)
    assert found is not None and found.number == "1720" and found.description == "childbirth celebration vouchers"
    two = "How many newborns were covered by the city's birth vouchers in FY2024?"
    assert described_project(two, ["newborns", "birth", "vouchers"], three, of_one=True) is None


def test_words_for_ending_a_project_say_each_citys_direction(two):
    # 「終わりにする」: Tsukuba's 終了 and 大船渡's 終了・廃止・休止 alike
    query = one("水道課の事業で、終わりにする予定のはある？", two.words)
    direction = next(f for f in query.filters if f.field in ("direction", "ofunato_future_direction"))
    assert set(direction.values) == {"終了", "終了・廃止・休止"}
    assert Member("department", ("上下水道部水道課",)) in query.filters


def test_a_row_included_by_the_verb_include_is_the_total_cost(ofunato_words):
    # "once you include staff time": the total with the staff's cost (トータルコスト), not a sum over the projects
    query = one("Of all the tax division's projects, which was the cheapest in FY2024 once you include staff time?",
                ofunato_words)  # fmt: skip
    assert query.ask == Ranking(Field("ofunato_total_cost"), "asc", 1) and query.years == ("R06",)
    assert query.filters == (Member("department", ("総務部税務課",)),)
    query = one("Which three fire station projects cost the most in FY2024 once you count staff time too?", ofunato_words)
    assert query.ask == Ranking(Field("ofunato_total_cost"), "desc", 3)


def test_what_a_project_did_said_in_the_past_is_last_years_means_on_ofunatos_form(ofunato_words):
    # 「どんなことをやった」: 大船渡's 手段（前年度実績）, as it is Tsukuba's 成果; 「どんなことをする」 stays the overview
    crematorium = workbook_number("火葬場管理運営事業")
    query = one(f"{crematorium}は去年は具体的にどんなことをやったの？", ofunato_words)
    assert query.ask == Value(Field("ofunato_means_last_year")) and query.projects == (crematorium,)


def test_the_field_before_no_uchi_is_what_a_share_is_taken_of(seed):
    # 「予算のうち実際に使えたのは何パーセント」: the settled amount as a share of the budget, not the budget of the settled
    query = one("近未来技術等社会実装加速化推進事業、予算のうち実際に使えたのは何パーセントくらいですか？", seed.words)
    assert query.ask.measure == Combine("percent", Field("settlement"), Field("budget"))


def test_direct_spending_citywide_is_the_project_cost_of_every_project(ofunato_words):
    # "citywide" is every sheet of the city, which a question asks by default; "direct" spending leaves the staff out
    query = one("Citywide, what were the three biggest projects by direct project spending in fiscal 2023?", ofunato_words)
    assert query.ask == Ranking(Field("ofunato_project_cost"), "desc", 3) and query.filters == ()
    assert query.years == ("R05",)


def test_the_managers_saying_a_project_should_be_stopped_is_its_direction(ofunato_words):
    query = one("Which water supply division projects did the managers say should be stopped?", ofunato_words)
    direction = next(f for f in query.filters if f.field in ("direction", "ofunato_future_direction"))
    assert "終了・廃止・休止" in direction.values and Member("department", ("上下水道部水道課",)) in query.filters


def test_a_drop_asked_after_a_figure_in_two_years_is_its_change_between_them(seed):
    # "so how big was the drop in percent?" after one project's spending in FY2019 and FY2020: that change, in %,
    # of that project (not a ranking of every project by its smallest spending)
    history = [{"role": "user", "content": "What did project 097 spend in FY2019 and FY2020?"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    query = one("so how big was the drop in percent?", seed.words, history)
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    assert query.projects == ("097",) and query.ask == Value(Combine("percent", change, Field("settlement", "R01")))


def test_from_now_on_asks_ofunatos_direction_going_forward(ofunato_words):
    # 「市としてはこれからどうしていくつもり」: 今後の方向性 (「これから」 is 「今後」), whatever else the clause before says
    railway = workbook_number("三陸鉄道支援事業")
    understood = understand(f"{railway}にずっとお金を出してるけど、市としてはこれからどうしていくつもりなの？", None,
                            ofunato_words)  # fmt: skip
    assert understood.accepted
    assert Value(Field("ofunato_future_direction")) in [q.ask for q in understood.queries]


def test_last_fiscal_year_and_next_year_in_other_words_are_the_years_around_the_sheets(ofunato_words):
    # 去年度, 昨年 and 来年 are 前年度 and 来年度 said otherwise: the years before and after the sheets' own
    crematorium = workbook_number("火葬場管理運営事業")
    for said, year in (("去年度", "R06"), ("昨年", "R06"), ("来年", "R08")):
        assert one(f"{crematorium}の{said}の事業費は？", ofunato_words).years == (year,), said


def test_each_clause_asks_of_its_own_year_and_a_first_sentence_naming_the_project_says_whose(ofunato_words):
    # 「去年度は何か所で…、今年度の事業費は…」: the places counted the year before, the spending planned this year; the
    # count's clause is its own (事業費 in the next is asked apart), and 「…のこと教えて。」 names the project asked about
    clubs = workbook_number("放課後児童健全育成事業")
    understood = understand("放課後児童クラブのこと教えて。去年度は何か所でやってて、今年度の事業費はいくらの予定？"
                            "あと課長は今後どうするって？", None, ofunato_words)  # fmt: skip
    assert understood.accepted and all(q.projects == (clubs,) for q in understood.queries)
    asks = [q.ask for q in understood.queries]
    assert Value(Field("ofunato_project_cost", "R07")) in asks and Value(Field("ofunato_future_direction")) in asks
    counted = [a.measure for a in asks if a.measure.field == "indicator_actual"]
    assert counted and all(m.year == "R06" for m in counted)
    # one clause with two years asks both of each figure; a year beside a field no year has is not that field's
    both = understand(f"{clubs}の令和5年度と令和6年度の事業費は？", None, ofunato_words).queries
    assert [q.years for q in both] == [("R05", "R06")]
    mixed = understand(f"{clubs}は令和5年度は事業費いくらで、令和6年度は根拠法令なに？", None, ofunato_words).queries
    assert all(q.years == ("R05", "R06") for q in mixed)
    apart = understand(f"{clubs}は令和5年度は事業費いくらで、令和6年度は人件費いくら？", None, ofunato_words).queries
    assert [q.ask for q in apart] == [Value(Field("ofunato_project_cost", "R05")), Value(Field("ofunato_personnel_cost", "R06"))]


def test_a_negation_typed_without_its_apostrophe_or_with_a_curly_one_is_still_a_negation(seed):
    # "which ones didnt hit their target": the projects that missed it, never the ones that met it
    for said in ("didnt", "didn’t"):
        query = one(f"Of the projects with a 2020 budget over 5 million yen, which ones {said} hit their indicator target?",
                    seed.words)  # fmt: skip
        assert Member("indicator_status", ("missed",)) in query.filters, said
        assert Compare(Field("budget"), "gt", 5000) in query.filters


def test_the_value_said_in_brackets_after_the_highest_is_the_condition(seed):
    # 「優先度が一番高い（5の）事業のうち…」: the projects whose priority is 5, not the top one of those left
    query = one("優先度が一番高い（5の）事業のうち、イノベーション推進係の担当じゃないのはどれですか？", seed.words)
    assert set(query.filters) == {Compare(Field("priority"), "eq", 5),
                                  Member("section", ("イノベーション推進係",), negate=True)}  # fmt: skip


def test_what_actually_happened_beside_the_targets_is_the_actuals(seed):
    query_asks = [q.ask for q in understand("For project 010's indicators, what were the FY2020 targets and what "
                                            "actually happened?", None, seed.words).queries]  # fmt: skip
    assert Value(Field("indicator_target")) in query_asks and Value(Field("indicator_actual")) in query_asks


def test_how_many_of_the_thing_a_project_is_named_after_is_its_indicator_counting_that_thing(two):
    # "how many school buses": スクールバスの台数 of スクールバス運行事業, not how many projects there are (the English
    # words are the dictionary's for the sheets' own, as a build keeps them)
    names = [tokenise(name) for (name,) in two.db.execute("SELECT name FROM sheets UNION SELECT name FROM indicator_series "
                                                          "WHERE name IS NOT NULL")]
    ofunato_words = Words.from_db(two.db, (OFUNATO,), translations=japanese_terms(names, installed_dictionary()))
    buses = workbook_number("スクールバス運行事業")
    names = [v[0] for h, v in workbook()[buses].items() if h.endswith("：名称") and v[0]]  # its indicators, in order
    (counting,) = [no for no, name in enumerate(names, start=1) if re.fullmatch(r"スクールバスの?\S{0,2}数", name)]
    query = one("How many school buses does the city run?", ofunato_words)
    assert query.projects == (buses,) and query.ask == Value(Field("indicator_actual", indicator=counting))


def test_a_named_projects_judgement_is_shown_with_the_reason_its_sheet_gives(ofunato_words):
    # 大船渡's form prints each 評価項目 with its 理由, and 今後の方向性 with the 課題と解決策 and 全体総括 saying what it means
    disaster = workbook_number("防災関係事業")
    asks = [q.ask for q in understand("防災関係事業って、事業費を削る余地はあるって自己評価してる？", None, ofunato_words).queries]
    assert asks == [Value(Field("ofunato_evaluation_6")), Value(Field("ofunato_evaluation_6_reason"))]
    asks = [q.ask for q in understand(f"{disaster}の今後の方向性は？", None, ofunato_words).queries]
    assert asks == [Value(Field("ofunato_future_direction")), Value(Field("ofunato_issues")), Value(Field("ofunato_summary"))]
    # not of a condition: the projects whose direction is 現状維持 are listed by it alone
    listed = understand("今後の方向性が終了・廃止・休止の事業は？", None, ofunato_words).queries
    assert all(Field("ofunato_summary") not in measure_fields(getattr(q.ask, "measure", None)) for q in listed)


def test_what_the_staff_time_cost_is_the_personnel_cost(ofunato_words):
    # "what did that staff time cost": 人件費, what the form says those hours cost, not the project's own cost
    crematorium = workbook_number("火葬場管理運営事業")
    query = one(f"For project {crematorium}, what did the staff time cost in FY2024?", ofunato_words)
    assert query.ask == Value(Field("ofunato_personnel_cost")) and query.years == ("R06",)


def test_a_unit_said_whose_before_project_is_the_unit_not_a_project_named_alike(two):
    # "the election board's project costs": the projects 選挙管理委員会事務局 runs (whose, said with 's), even with the
    # singular "project" after it
    names = [tokenise(name) for (name,) in two.db.execute("SELECT name FROM sheets UNION SELECT department FROM sheets")]
    ofunato_words = Words.from_db(two.db, (OFUNATO,), translations=japanese_terms(names, installed_dictionary()))
    board = next(d for d in {cell(n, "部課名") for n in workbook()} if d and "選挙" in d)
    query = one("What were the election board's project costs in FY2024?", ofunato_words)
    assert query.filters == (Member("department", (board,)),) and query.ask.measure == Field("ofunato_project_cost")


def test_a_count_of_people_is_of_the_indicator_counting_people_though_a_share_names_them_too(ofunato_words):
    # "how many people received it": 贈呈対象者 (人), not 支給割合（…支給人数） in ％, whose name holds 人数 ("people")
    gifts = workbook_number("敬老祝金支給事業")
    record = workbook()[gifts]
    units = [record[h.replace("名称", "単位")][0] for h, v in record.items() if h.endswith("：名称") and v[0]]
    history = [{"role": "user", "content": f"What did project {gifts} cost in FY2024?"}, {"role": "assistant", "content": "…"}]
    query = one("And how many people actually received it that year?", ofunato_words, history)
    assert query.projects == (gifts,) and units[query.ask.measure.indicator - 1] == "人"


def test_a_year_said_alone_before_the_ask_is_the_asks(seed):
    # "and compared to the year before? by roughly what % did it go down?": one ask, the change since the year before
    history = [{"role": "user", "content": "What did project 092 spend in FY2020?"}, {"role": "assistant", "content": "…"}]
    query = one("and compared to the year before? by roughly what % did it go down?", seed.words, history)
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    assert query.projects == ("092",) and query.ask == Value(Combine("percent", change, Field("settlement", "R01")))


def test_two_words_for_one_item_ask_it_and_other_everyday_words_for_the_forms_fields(seed):
    # 「うまくいってない点とか課題」 names the item 課題 twice: both its cells are asked (neither word is the other's cell)
    asks = [q.ask for q in understand("094の、うまくいってない点とか課題はなんて書いてある？", None, seed.words).queries]
    assert asks == [Value(Field("issues_business")), Value(Field("issues_org_budget"))]
    # 「実際の件数」 beside 目標 is the actual; 「お金の出どころ」 the sources of the money
    asks = [q.ask for q in understand("009の申請件数って、R2の目標と実際の件数それぞれいくつでした？", None, seed.words).queries]
    assert asks == [Value(Field("indicator_target", indicator=1)), Value(Field("indicator_actual", indicator=1))]
    asks = [q.ask for q in understand("093のお金の出どころは？", None, seed.words).queries]
    assert asks == [Value(Field(f)) for f in ("general_fund", "national_prefectural", "other")]


def test_something_other_than_a_source_and_winding_up(ofunato_words):
    # "covered by something other than the city's own general revenue": 事業費計 − 一般財源, no condition on "something"
    clubs = workbook_number("放課後児童健全育成事業")
    query = one(f"For project {clubs}, how much of its FY2024 spending was covered by something other than the city's "
                "own general revenue?", ofunato_words)  # fmt: skip
    assert query.ask == Value(Combine("difference", Field("ofunato_project_cost"), Field("ofunato_general_fund")))
    # "wind up" a project ends it
    query = one("Is the digital strategy division planning to wind up any of its projects?", ofunato_words)
    assert any(isinstance(f, Member) and "終了・廃止・休止" in f.values for f in query.filters)


def test_how_many_donations_and_what_they_added_up_to_are_the_count_and_the_amount_indicators(two):
    # "how many … donations": …寄附件数 (the donations right before its 件数), not …寄附募集事業数; "how much did they add
    # up to": the indicator of their amount (…寄附額), not the count added up over one project
    names = [tokenise(name) for (name,) in two.db.execute("SELECT name FROM sheets UNION SELECT name FROM indicator_series "
                                                          "WHERE name IS NOT NULL")]  # fmt: skip
    ofunato_words = Words.from_db(two.db, (OFUNATO,), translations=japanese_terms(names, installed_dictionary()))
    corporate = workbook_number("企業版ふるさと納税事務")
    names = [v[0] for h, v in workbook()[corporate].items() if h.endswith("：名称") and v[0]]
    counted = next(no for no, name in enumerate(names, start=1) if name.endswith("寄附件数"))
    amount = next(no for no, name in enumerate(names, start=1) if name == names[counted - 1].replace("件数", "額"))
    asks = [q.ask for q in understand("How many corporate hometown-tax donations did the city get in fiscal 2024, and "
                                      "how much did they add up to?", None, ofunato_words).queries]  # fmt: skip
    assert asks == [Value(Field("indicator_actual", indicator=counted)), Value(Field("indicator_actual", indicator=amount))]


def test_the_cheapest_after_a_ranking_by_money_ranks_that_money(seed):
    # "And which of them was the cheapest?" after the biggest budget: the smallest budget, not the form's "cost"
    history = [{"role": "user", "content": "Which project had the biggest budget in FY2020?"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    query = one("And which of them was the cheapest?", seed.words, history)
    assert query.ask == Ranking(Field("budget"), "asc", 1)


def test_everyday_words_for_involvement_and_for_the_actual(seed):
    # "how much the city needs to be involved": 市の関与, not 市民ニーズ's "needs" nor an amount; "end up with": the actual
    asks = [q.ask for q in understand("How did project 097 score on how much the city needs to be involved, and on "
                                      "priority?", None, seed.words).queries]  # fmt: skip
    assert asks == [Value(Field("city_involvement")), Value(Field("priority"))]
    asks = [q.ask for q in understand("For project 092, what was the 2020 goal, and how many did they actually end up "
                                      "with?", None, seed.words).queries]  # fmt: skip
    assert asks == [Value(Field("indicator_target")), Value(Field("indicator_actual"))]


def test_a_count_asked_in_a_counter_no_indicator_counts_in_is_not_an_indicator_named_by_words(seed):
    # 「何校参加した」 of a sheet whose 延べ参加者数 counts people: that figure is no count of schools
    assert not understand("095の科学教育の事業、何校参加したんですか？", None, seed.words).accepted
    assert understand("095の科学教育の事業、何人参加したんですか？", None, seed.words).accepted


def test_an_indicator_named_by_its_words_is_not_read_past_a_word_when_no_figure_is_asked(ofunato_words):
    # 「最近どこかから修繕しろって言われたりしてるの？」: 修繕要望依頼件数's words, asked as an account (not its count)
    market = workbook_number("大船渡市魚市場維持管理事業")
    understood = understand(f"{market}の魚市場の施設、最近どこかから修繕しろって言われたりしてるの？", None, ofunato_words)
    assert not understood.accepted and not understood.read_past
    counted = understand(f"{market}の魚市場の施設、最近修繕の要望依頼は何件来てるの？", None, ofunato_words)
    assert counted.accepted or counted.read_past


def test_the_forms_words_for_a_judgement_a_measure_and_a_direction_said_otherwise(ofunato_words):
    # 「政策体系とちゃんと結びついてる？」: item 1, judged 結びついている; 「施策にぶら下がってる事業」: the 施策's projects;
    # "slated for reform or improvement": 改革改善; "put on hold": 休止
    volunteers = workbook_number("地域おこし協力隊事業")
    asks = [q.ask for q in understand(f"{volunteers}って、市の政策体系とちゃんと結びついてるって評価されてる？", None,
                                      ofunato_words).queries]  # fmt: skip
    assert asks[0] == Value(Field("ofunato_evaluation_1"))
    sport = next(v for v in {cell(n, "施策名") for n in workbook()} if v and "生涯スポーツ" in v)
    query = one(f"{sport}っていう施策にぶら下がってる事業、令和6年度の事業費を全部足すといくら？", ofunato_words)
    assert query.filters == (Member("ofunato_measure_name", (sport,)),) and query.ask.op == "total"
    query = one("Among the fisheries division's projects, which ones are slated for reform or improvement and still "
                "spent more than 10 million yen in fiscal 2024?", ofunato_words)  # fmt: skip
    assert Member("ofunato_future_direction", ("改革改善",)) in query.filters
    assert "終了・廃止・休止" in one("Which fire station projects are put on hold?", ofunato_words).filters[-1].values


def test_a_change_asked_of_the_figure_before_with_its_project_named_again(ofunato_words):
    # "How much did the hometown tax program's cost jump the following year, in percent?" after its FY2023 cost: the
    # change of that cost from FY2023 to FY2024 (大船渡's "cost" is 事業費計, read as the 決算額 asked before)
    tax = workbook_number("ふるさと納税事務")
    history = [{"role": "user", "content": f"How much did project {tax} spend in fiscal 2023?"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    query = one(f"How much did project {tax}'s cost jump the following year, in percent?", ofunato_words, history)
    assert isinstance(query.ask.measure, Combine) and query.ask.measure.op == "percent"
    assert {f.year for f in measure_fields(query.ask.measure)} == {"R05", "R06"}


def test_how_many_people_said_with_dono_kurai_counts_people(ofunato_words):
    # 「どのくらいの人が来館した」: the indicator counting people (年間入館者数), not the floor area the words are nearest
    hall = workbook_number("市民文化会館運営事業")
    names = [v[0] for h, v in workbook()[hall].items() if h.endswith("：名称") and v[0]]
    units = [workbook()[hall][h.replace("名称", "単位")][0] for h, v in workbook()[hall].items() if h.endswith("：名称") and v[0]]
    understood = understand(f"{hall}って、令和6年度はどのくらいの人が来館したの？", None, ofunato_words)
    (query,) = understood.queries  # (read past 来館, which the answer says)
    assert units[query.ask.measure.indicator - 1] == "人" and "延べ床面積" not in names[query.ask.measure.indicator - 1]


def test_i_mean_restates_and_how_many_of_a_thing_an_indicator_counts_is_that_indicator(seed):
    # "What did staffing cost … I mean personnel expenses.": 人件費計, no average ("mean")
    asks = {q.ask for q in understand("What did staffing cost for project 009 in 2020? I mean personnel expenses.", None,
                                      seed.words).queries}  # fmt: skip
    assert asks == {Value(Field("personnel_cost_total"))}
    # "how many companies": the indicator counting companies (連携企業数), not a count of projects
    names = [tokenise(name) for name in seed_text_sheets().values()]
    words = Words.from_db(seed.db, translations=japanese_terms(names, installed_dictionary()))
    query = understand("How many companies did project 092 work with in FY2020?", None, words).queries[0]
    assert query.ask.measure.field == "indicator_actual" and query.projects == ("092",)
    # "like what % of the budget was that?": "like" is a filler
    history = [{"role": "user", "content": "What was project 097's budget in FY2020?"}, {"role": "assistant", "content": "…"}]
    understood = understand("and how much of it did they actually end up spending? like what % of the budget was that?",
                            history, seed.words)  # fmt: skip
    assert understood.accepted and understood.queries[-1].ask == Value(Combine("percent", Field("settlement"), Field("budget")))


def test_leaning_hardest_ranks_and_an_office_with_one_of_its_units_is_that_unit(seed, ofunato_words):
    # "which three projects leaned hardest on the general fund": the top three by it ("lean" names no project)
    query = one("Which three projects leaned hardest on the general fund in FY2020?", seed.words)
    assert query.ask == Ranking(Field("general_fund"), "desc", 3) and query.projects == ()
    # 「上下水道部の水道課」: the office's unit 水道課 only, not every unit of the office
    water = next(d for d in {cell(n, "部課名") for n in workbook()} if d and d.endswith("部水道課"))
    query = one("上下水道部の水道課がやってる事業、令和6年度の事業費は1事業あたり平均いくらぐらい？", ofunato_words)
    assert query.filters == (Member("department", (water,)),)
    # "once staff time is counted too": the total cost
    query = one("Which fire station project was cheapest in FY2024 once staff time is counted too?", ofunato_words)
    assert query.ask == Ranking(Field("ofunato_total_cost"), "asc", 1)


def test_a_value_written_with_dots_between_its_words_and_a_one_kanji_word_inside_another(seed, ofunato_words):
    # 「改革・改善」 is the form's 改革改善 (and 課長のコメント its 課長等意見); 「全国から」 holds no 国から (national funds)
    environment = next(d for d in {cell(n, "部課名") for n in workbook()} if d and d.endswith("市民環境課"))
    query = one("市民環境課の事業で、課長のコメントでは今後「改革・改善」とされていて、令和6年度の事業費は？", ofunato_words)
    assert query.filters == (Member("department", (environment,)), Member("ofunato_future_direction", ("改革改善",)))
    understood = understand("Society 5.0の支援事業、R2の決算額と、全国から何件提案がきたのか教えて", None, seed.words)
    assert not any(p.value == "national_prefectural" for parse in understood.parses for p in parse.parts)


def test_what_someone_did_asked_with_the_doer_between_is_what_was_done(seed, ofunato_words):
    # "What did <anyone> (actually) do": the form's account of what was done; "What does … do": its overview
    assert one("What did project 097 do in FY2020?", seed.words).ask == Value(Field("results"))
    assert one("What does project 097 actually do?", seed.words).ask == Value(Field("overview"))
    crematorium = workbook_number("火葬場管理運営事業")
    history = [{"role": "user", "content": f"Is the city planning to spend more on project {crematorium} this year?"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    query = one("What did they actually do there last year?", ofunato_words, history)
    assert query.ask == Value(Field("ofunato_means_last_year")) and query.projects == (crematorium,)
    evaluated = block_years(crematorium)[-1]  # "the past year": the year before the sheet's
    query = one(f"What did project {crematorium} do over the past year?", ofunato_words)
    assert query.years == (f"R{int(evaluated[1:]) - 1:02d}",)


def test_a_name_after_the_word_a_question_begins_with_is_a_name_and_dates_asked_are_a_date():
    # "What's" is capitalised for beginning the question, not as a title's word beside "Rikuzentakata's"
    assert proper_names("What's Rikuzentakata's budget for its school buses?", ["rikuzentakata"]) == [
        "Rikuzentakata"
    ]
    assert asked_detail(parse_query("What are the exact opening and closing dates for next year's festival?")).key == "date"
    assert asked_detail(parse_query("What is the total spent on it to date?")) is None


def test_what_was_paid_is_money_and_a_follow_up_is_of_the_figure_the_answer_stated(two, ofunato_words):
    # 「払ってる負担金」: the project's money (its 事業費計), not a figure of its indicators
    fire = workbook_number("大船渡地区消防組合事務費負担金支出事務")
    understood = understand("消防組合に払ってる負担金、令和5年度から6年度でどれくらい増えた？", None, ofunato_words)
    assert {q.projects for q in understood.queries} == {(fire,)}
    assert {f.field for q in understood.queries for f in measure_fields(q.ask.measure)} == {"ofunato_project_cost"}
    # 「いくら集まった？」 answered with the donations (an indicator), not the project's money its words were read as:
    # 「それって前の年度から何％増えたの？」 is the donations' change
    tax = workbook_number("ふるさと納税事務")
    old, new = (_amount(cell(tax, "⑦成果指標\nシ", block_years(tax).index(y))) for y in ("R05", "R06"))
    history = [{"role": "user", "content": "ふるさと納税、令和6年度はいくら集まった？"},
               {"role": "assistant", "content": f"令和6年度の「ふるさと大船渡応援寄附」は{new:,}円でした（事務事業{tax}）。"}]
    result = answer("それって前の年度から何％くらい増えたの？", history, engine=two, mode="extractive")
    assert f"{(new - old) / old * 100:.1f}%" in result.text and "事業費" not in result.reading


def test_both_of_them_after_one_project_and_then_another_is_the_two(seed):
    history = [{"role": "user", "content": "How much overtime did project 011 log in FY2020?"},
               {"role": "assistant", "content": "…"},
               {"role": "user", "content": "and project 012?"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    query = one("ok, and what's planned for FY2021 for both of them?", seed.words, history)
    assert query.projects == ("011", "012") and query.years == ("R03",)
    assert one("じゃあ両方の令和3年度の計画は？", seed.words, history).projects == ("011", "012")
    assert one("and what's planned for FY2021?", seed.words, history).projects == ("012",)  # the last one alone


def test_a_classification_named_by_what_it_is_of_with_a_verb_for_what_it_does(ofunato_words):
    # 「生涯スポーツを広める施策」: the 施策 生涯スポーツの振興, by what it is of (before its の) and a verb for 振興
    sport = next(v for v in {cell(n, "施策名") for n in workbook()} if v and v.startswith("生涯スポーツの"))
    head = sport.rpartition("の")[0]
    query = one(f"{head}を広める施策に入ってる事業の中で、令和6年度にいちばん事業費が少なかったのは？", ofunato_words)
    assert query.filters == (Member("ofunato_measure_name", (sport,)),)
    assert query.ask == Ranking(Field("ofunato_project_cost"), "asc", 1) and query.years == ("R06",)


def test_everyday_words_for_still_running_aims_budgeting_and_working_hours(seed, ofunato_words):
    assert judged("Is project 097 still running?", seed.words).ask == Value(Field("direction"))
    plastics = workbook_number("一般廃棄物試験分別収集事業")
    asks = [q.ask for q in understand(f"{plastics}って、今もやってるの？", None, ofunato_words).queries]
    assert asks[0] == Value(Field("ofunato_future_direction"))  # (with the reasons its sheet gives)
    teachers = workbook_number("外国青年招致事業")
    assert one(f"{teachers}って、どうなることを狙ってるの？", ofunato_words).ask == Value(Field("ofunato_intent"))
    query = one(f"What's the city budgeting this fiscal year for project {teachers}?", ofunato_words)
    assert query.ask == Value(Field("ofunato_project_cost")) and query.years == (block_years(teachers)[-1],)
    rabies = workbook_number("狂犬病予防事業")
    asks = [q.ask for q in understand(f"{rabies}で、職員の作業時間を減らせる余地はある？", None, ofunato_words).queries]
    assert asks == [Value(Field("ofunato_evaluation_7")), Value(Field("ofunato_evaluation_7_reason"))]  # and why


def test_a_person_asked_is_not_given_by_an_organisations_name(seed):
    # 「署名したのは誰」 asks a person: JAXA's name in the passage does not give one; 「誰と」 asks the partner
    signed = asked_detail(parse_query("JAXAとの基本協定、市側で署名したのは誰だったんですか？"))
    passage = next(line for line in seed_text_sheets()["094"].splitlines() if "JAXA" in line and "協定" in line)
    assert signed.key == "name" and not signed.detects(passage)
    partner = asked_detail(parse_query("JAXA以外に誰と協定を結んだの？"))
    assert partner.key == "name" and partner.detects(passage)


def test_this_forms_words_before_another_forms_and_those_people(seed, ofunato_words):
    # "national/prefectural subsidies": Tsukuba's 国庫、県支出金、地方債, not 大船渡's "prefectural subsidies" row
    query = one("How much of project 095's FY2020 money was covered by national/prefectural subsidies?", seed.words)
    assert query.ask == Value(Field("national_prefectural"))
    teachers = workbook_number("外国青年招致事業")
    asks = [q.ask for q in understand(f"{teachers}って誰を対象にした事業で、その人たちがどうなることを狙ってるの？", None,
                                      ofunato_words).queries]  # fmt: skip
    assert asks == [Value(Field("target")), Value(Field("ofunato_intent"))]


def test_a_field_set_aside_for_another_is_not_asked(ofunato_words):
    # 「一般財源じゃなくて、国や県のお金」, "not from the general fund but from national subsidies": only what is asked
    centre = workbook_number("地域子育て支援センター事業")
    history = [{"role": "user", "content": f"{centre}の令和6年度の事業費はいくらだった？"}, {"role": "assistant", "content": "…"}]
    asks = [q.ask for q in understand("そのうち市の一般財源じゃなくて、国や県のお金で賄われた分はいくら？", history,
                                      ofunato_words).queries]  # fmt: skip
    assert asks == [Value(Field("ofunato_national")), Value(Field("ofunato_prefectural"))]
    query = one(f"How much of project {centre}'s FY2024 money came not from the general fund but from national "
                "subsidies?", ofunato_words)  # fmt: skip
    assert query.ask == Value(Field("ofunato_national"))


def test_citizens_requests_are_their_needs_and_better_than_another_is_an_opinion(seed):
    query = one("市民からの要望の評価が4以上で、しかも優先順位も最高の5になってる事業ってある？", seed.words)
    assert query.filters == (Compare(Field("citizen_needs"), "ge", 4), Compare(Field("priority"), "eq", 5))
    refused = refusal_of(parse_query("Is Tsukuba's smart city effort better than what Kashiwa-no-ha is doing?"))
    assert refused is not None and refused.reason == OPINION
    assert refusal_of(parse_query("Did project 097 do better than its target in FY2020?")) is None


def test_an_answer_that_fails_the_citation_check_with_no_source_to_show_is_declined(seed):
    # a number the sources do not hold (the question's own 4, restated as a finding) and no citation to fall back on
    built = Answer(question="…", text="市民ニーズが4以上の事業はありません。", lang="ja", kind=STRUCTURED)
    checked = _checked(built, seed, parse_query("市民ニーズが4以上の事業は？"))
    assert checked.kind == UNANSWERABLE and "4" not in checked.text
    assert any(n.startswith("citation check") for n in checked.notes)


def test_how_many_times_a_figure_grew_is_the_later_year_over_the_earlier(seed):
    for question in ("スマートシティ推進の予算は令和2年度から3年度で何倍になった？",
                     "How many times bigger was the smart city budget in FY2021 than in FY2020?"):
        query = one(question, seed.words)
        assert query.ask == Value(Combine("ratio", Field("budget", "R03"), Field("budget", "R02"))), question
    result = ask(seed, "スマートシティ推進の予算は令和2年度から3年度で何倍になった？")
    assert "66.7" in result.text  # 200,000 ÷ 3,000, to three figures


def test_a_figure_that_says_its_own_years_is_not_repeated_for_each_year_asked_before(seed):
    # 「…それぞれいくら？何倍に増えるの？」: the budgets of each year, then the ratio once
    understood = understand("スマートシティ推進の予算、令和2年度と3年度でそれぞれいくら？何倍に増えるの？", None, seed.words)
    ratio = [q for q in understood.queries if isinstance(q.ask.measure, Combine)]
    assert len(ratio) == 1 and ratio[0].years == ()
    assert [q.years for q in understood.queries if isinstance(q.ask.measure, Field)] == [("R02", "R03")]


def test_an_english_word_one_letter_off_is_read_as_the_word_by_every_reader(seed):
    # the old planner and the search read the question as the parser spelt it ("recieved": received)
    assert in_usual_spelling("Which projects recieved national money in FY2020?", seed.words) == (
        "Which projects received national money in FY2020?")
    assert in_usual_spelling("Which projects received national money in FY2020?", seed.words) == (
        "Which projects received national money in FY2020?")


def test_places_in_a_ranking_said_with_i_follow_the_ranking_before(seed):
    history = [{"role": "user", "content": "令和2年度の予算がいちばん大きい事業はどれ？"},
               {"role": "assistant", "content": "012 デジタル情報プラットフォームの導入による地域との連携推進で、予算額は50,000千円です。"}]
    query = one("じゃあ2位と3位は？", seed.words, history)
    assert query.ask == Ranking(Field("budget"), "desc", 3) and query.years == ("R02",)
    assert one("予算が3位の事業は？", seed.words).ask == Ranking(Field("budget"), "desc", 3)


def test_what_the_money_went_on_is_an_account_not_its_amount(seed):
    for question in ("012のお金って何に使ったの？", "What did project 012 spend its money on?"):
        assert [p.reason for p in understand(question, None, seed.words).parses] == [USE_ASKED], question
    assert "50,000" in ask(seed, "How much did 012 spend in FY2020?").text


def test_a_value_said_by_its_verb_in_another_form_is_the_value(seed):
    # "discontinued" is a value's word; "discontinue" and "discontinues" say the same value
    said = one("Which projects will be discontinued?", seed.words)
    for question in ("Which projects will the city discontinue?", "Which project discontinues next year?"):
        assert one(question, seed.words).filters == said.filters, question


def test_a_row_chosen_by_its_conditions_cites_them_when_its_figure_is_blank(two):
    # the period's end is blank on these sheets; that each row's direction is 終了・廃止・休止 is still shown where
    direction = Member("ofunato_future_direction", ("終了・廃止・休止",))
    query = Query(Listing(Field("ofunato_period_end")), filters=(Member("department", ("市民生活部市民環境課",)), direction))
    result = _executed([query], "市民環境課の終わる事業の終期は？", two, (OFUNATO,))
    blank = [line for line in result.text.splitlines() if "値なし" in line]
    assert blank and all(re.search(r"\[\d+\]", line) for line in blank), result.text
    # (the one unit asked of is said once, by the reading: its 基本情報 is not cited beside each row)
    assert "direction" in {c.section for c in result.citations} and "basic_info" not in {c.section for c in result.citations}


def test_putting_right_is_the_improvement_goal(seed):
    assert one("009の事業、これからどう直していくつもり？", seed.words).ask == Value(Field("improvement_goal"))


def test_colloquial_nano_tte_and_a_slash_between_words_are_grammar(ofunato_words):
    # Sudachi reads 「なのって」 as 名乗る; "reform/improvement" is one value said two ways, not a division
    query = one("市民環境課の事業で、今後の方向性が「現状維持」なのっていくつある？", ofunato_words)
    assert query.ask == Aggregate("count") and Member("ofunato_future_direction", ("現状維持",)) in query.filters
    query = one("Which 観光交流推進室 projects are not headed for reform/improvement in the section chief's direction?",
                ofunato_words)
    assert Member("ofunato_future_direction", ("改革改善",), negate=True) in query.filters
    assert one("What is 1397's project cost / its staff hours?", ofunato_words).ask == Value(
        Combine("ratio", Field("ofunato_project_cost"), Field("ofunato_work_hours")))


def test_a_years_actual_or_plan_beside_a_cost_says_which_figure_of_that_year(ofunato_words):
    # "last year's actual", 「今年度の計画」: the cost of that year as done or planned, not an indicator's value
    change = Combine("difference", Field("ofunato_project_cost", "R07"), Field("ofunato_project_cost", "R06"))
    for question in ("How much did the 1397 budget jump from last year's actual to this year's plan?",
                     "1397の事業費は去年度の実績から今年度の計画でいくら増えた？"):
        assert one(question, ofunato_words).ask == Value(change), question


def test_adding_it_all_up_is_a_total_and_a_slash_between_words_divides_nothing(seed):
    query = one("Add it all up: what did the projects of 政策イノベーション部科学技術振興課 spend in FY2020?", seed.words)
    assert query.ask == Aggregate("total", Field("settlement")) and query.years == ("R02",)
    # the slash is inside the project's description, so the change in percent is asked, not a ratio of two years
    query = one("By how much did spending on 095, the science education / talent project, drop from FY2019 to FY2020, "
                "in percent?", seed.words)
    assert isinstance(query.ask.measure, Combine) and query.ask.measure.op == "percent"


def test_a_new_project_asked_is_its_new_or_continuing_field(seed):
    understood = understand("スマートシティの推進って新しい事業?あと令和3年度の予算はいくら付いてる?", None, seed.words)
    assert [q.ask for q in understood.queries] == [Value(Field("new_or_continuing")), Value(Field("budget"))]


def test_a_count_of_a_fields_hours_asks_its_hours(ofunato_words):
    # "how many regular staff hours": the staff's hours (延べ業務時間), not how many staff
    query = one("For project 1721, how many regular staff hours did the city put in last year?", ofunato_words)
    assert query.ask == Value(Field("ofunato_work_hours")) and query.years == ("R06",)


def test_how_many_days_something_was_done_is_a_count_not_a_date():
    assert asked_detail(parse_query("去年は何日診療したの？")) is None or asked_detail(
        parse_query("去年は何日診療したの？")).key != "date"
    assert asked_detail(parse_query("協定は何日に結んだ？")).key == "date"


def test_the_one_furthest_off_after_targets_missed_is_the_lowest_share_of_its_target_attained(seed):
    history = [{"role": "user", "content": "Which projects missed their FY2020 indicator targets?"},
               {"role": "assistant", "content": "Four: 097, 095, 009 and 010."}]
    query = one("which of those was furthest off, proportionally?", seed.words, history)
    assert query.ask == Ranking(Combine("percent", Field("indicator_actual"), Field("indicator_target")), "asc", 1)
    # among the same ones: the projects the answer named, or (read without the table) the condition that chose them
    assert Member("indicator_status", ("missed",)) in query.filters and query.years == ("R02",)


def test_the_chiefs_direction_is_the_section_chiefs(ofunato_words):
    query = one("Which 企画調整課 projects did not get 'reform' as the chief's direction?", ofunato_words)
    assert Member("ofunato_future_direction", ("改革改善",), negate=True) in query.filters


def test_the_older_planner_never_lists_every_project_for_a_condition_it_could_not_read(seed):
    # 「ならす」 is no word the parser knows; a list of all ten projects would answer another question
    numbers = [name.number for name in seed.words.names]
    result = answer("市民ニーズの評価って、10事業ならすと平均何点くらい？", engine=seed, mode="extractive")
    assert sum(number in result.text for number in numbers) < len(numbers), result.text


def test_actually_got_before_a_field_is_the_verb_of_its_amount(seed):
    query = one("Which projects actually got national or prefectural money in FY2020?", seed.words)
    assert query.filters == (Compare(Field("national_prefectural"), "nonzero"),) and query.years == ("R02",)


def test_an_english_abbreviation_reads_as_the_word_it_stands_for(seed):
    said = "How much national {} money did 097 get in FY2020?"
    assert one(said.format("govt"), seed.words) == one(said.format("government"), seed.words)


def test_a_crowd_ranks_from_the_most_and_a_verb_of_marking_says_no_more_than_the_value(two):
    query = one("令和6年度で、正規職員がいちばん大勢かかわってた事業ってどれ？", two.words)
    assert isinstance(query.ask, Ranking) and query.ask.direction == "desc"
    query = one("How many projects did the section chiefs mark to be ended, abolished or paused?", two.words)
    (chosen,) = query.filters
    assert isinstance(chosen, Member) and chosen.values == ("終了・廃止・休止",) and not chosen.negate


class ItemRetriever(FakeRetriever):
    """Finds one sheet for each item it knows, the sheets of ``mixed`` for anything else (a whole description)."""

    def __init__(self, items: dict[str, str], mixed: tuple[str, ...]):
        super().__init__()
        self.items, self.mixed = items, mixed

    def search(self, text, k, mode, cities=None, **_):
        self.asked.append((text, k, mode, cities))
        return [Hit(OFUNATO, self.items.get(text, s)) for s in (self.mixed * 4)[:k]]


def test_a_description_listing_what_a_project_does_is_the_sheet_each_item_finds():
    from jimuqa.answering.by_meaning import _one_sheet

    mixed = ("0443", "1690", "0511", "1816", "0443")
    agree = ItemRetriever({"overseas exchanges": "1690", "women researchers": "1690"}, mixed)
    assert _one_sheet("overseas exchanges and women researchers", agree, (), 4) == (OFUNATO, "1690")
    differ = ItemRetriever({"overseas exchanges": "1690", "women researchers": "0511"}, mixed)
    assert _one_sheet("overseas exchanges and women researchers", differ, (), 4) is None


# ---- stop 43: a year after a description, a subject between a question's words, shares of two sources -----------


def test_a_year_said_after_a_topic_is_when_it_is_asked_not_a_word_of_the_description():
    retriever = FakeRetriever(*["1721"] * 5)
    question = "For the ILC promotion work in FY2024: what did it cost?"
    found = described_project(question, ["ILC", "promotion", "work"], retriever, topic=True)
    assert [text for text, *_ in retriever.asked] == ["the ILC promotion work"]
    assert found.number == "1721" and "FY2024" in found.text and found.text.startswith("For 1721 in FY2024")


class WritingRetriever(FakeRetriever):
    """A retriever whose closest sheet writes ``text``: the words a Japanese description is checked against."""

    def __init__(self, sheet: str, text: str):
        super().__init__(*[sheet] * 5)
        self.chunks = {"chunk": SimpleNamespace(city=OFUNATO, sheet=sheet, text=text)}


def test_a_japanese_description_the_closest_sheet_writes_no_word_of_describes_no_project():
    question = "ドローン配送の実証事業って予算いくら？"
    left = ["ドローン", "配送", "実証"]
    unrelated = WritingRetriever("1217", "コンテナ定期航路の利用を促進する。荷主に補助金を交付した。")
    assert described_project(question, left, unrelated) is None
    writing = WritingRetriever("1217", "ドローンによる物資輸送の実証実験を行った。")
    assert described_project(question, left, writing).number == "1217"


@pytest.mark.parametrize(
    ("question", "field"),
    [("Who is the robot town project for?", "target"), ("How is the robot town project run?", "overview"),
     ("What did the robot town project actually do?", "results")],
)  # fmt: skip
def test_a_question_word_asked_of_a_project_said_between_its_words_asks_that_field(seed, question, field):
    query = one(question, seed.words)
    assert query.ask == Value(Field(field)) and query.projects == ("097",)


def test_a_preposition_that_does_not_end_the_clause_is_no_question_of_whom(seed):
    understood = understand("Who is responsible for the robot town project?", None, seed.words)
    assert not any(q.ask == Value(Field("target")) for q in understood.queries)


def test_a_share_of_the_cost_two_sources_pay_together_is_their_sum_over_it(seed):
    query = one("What share of 097's FY2020 settlement was general revenue plus other sources?", seed.words)
    assert query.ask == Value(Combine("percent", Combine("sum", Field("general_fund"), Field("other")),
                                      Field("settlement")))  # fmt: skip
    result = ask(seed, "What share of 097's FY2020 settlement was general revenue plus other sources?")
    costs = printed_costs("097", "決算額")
    general, other = printed_costs("097", "一般財源")["R02"], printed_costs("097", "その他")["R02"]
    assert f"{100 * (general + other) / costs['R02']:.1f}%" in result.text


def test_a_share_asked_in_a_conversation_about_a_project_is_that_projects(seed):
    before = [{"role": "user", "content": "097の令和2年度の決算額は？"}, {"role": "assistant", "content": "…"}]
    query = one("what share of the settlement was general revenue?", seed.words, before)
    assert query.projects == ("097",) and query.ask == Value(Combine("percent", Field("general_fund"),
                                                                     Field("settlement")))  # fmt: skip


def test_a_value_said_after_rather_than_is_left_out(two):
    query = one("Which projects does the section chief want to keep as they are rather than reform?", two.words)
    assert [(f.values, f.negate) for f in query.filters] == [(("現状維持",), False), (("改革改善",), True)]


def test_the_department_heads_final_opinion_is_the_section_chiefs_direction(two):
    query = one("How many projects has the department head's final opinion marked to be ended or suspended?", two.words)
    (chosen,) = query.filters
    assert isinstance(chosen, Member) and chosen.values == ("終了・廃止・休止",) and not chosen.negate


def test_an_indicator_named_alone_after_several_figures_of_another_is_asked_the_same_figures(seed):
    understood = understand("010のR2の試用件数の目標と実績は？あと新規就職者数はどうだった？", None, seed.words)
    assert understood.accepted
    asked = [(q.ask.measure.field, q.ask.measure.indicator) for q in understood.queries]
    assert asked == [("indicator_target", 1), ("indicator_actual", 1), ("indicator_target", 2), ("indicator_actual", 2)]
    before = [{"role": "user", "content": "010のR2の試用件数の目標と実績は？"}, {"role": "assistant", "content": "…"}]
    later = understand("新規就職者数は？", before, seed.words).queries
    assert [(q.ask.measure.field, q.ask.measure.indicator, q.years) for q in later] == [
        ("indicator_target", 2, ("R02",)), ("indicator_actual", 2, ("R02",))]


def test_what_was_done_said_without_its_particle_is_what_was_done(seed, ofunato_words):
    assert one("097はR2にどんなことやったの？", seed.words).ask == Value(Field("results"))
    assert one("0086って去年度どんなことやったの？", ofunato_words).ask == Value(Field("ofunato_means_last_year"))


def test_how_that_money_was_financed_asks_each_source_of_it(seed):
    understood = understand("How much did 097 spend in FY2020, and how was that money financed?", None, seed.words)
    assert understood.accepted
    asked = {q.ask.measure.field for q in understood.queries}
    assert {"general_fund", "national_prefectural", "other"} <= asked and all(q.years == ("R02",)
                                                                            for q in understood.queries)


@pytest.mark.parametrize("said", ["three", "3"])
def test_a_number_before_a_superlative_is_how_many_are_ranked(seed, said):
    query = one(f"What are the {said} biggest FY2020 budgets?", seed.words)
    assert isinstance(query.ask, Ranking) and query.ask.top_k == 3 and query.ask.direction == "desc"


def test_the_section_chiefs_verdict_is_the_direction(two):
    query = one("Which projects are to be ended or put on hold, per the section chief's verdict?", two.words)
    (chosen,) = query.filters
    assert isinstance(chosen, Member) and chosen.values == ("終了・廃止・休止",)


def test_a_noun_two_words_of_an_indicators_name_describe_is_that_indicator(seed):
    query = one("How many people joined 095's hands-on science events in FY2020?", seed.words)
    assert query.ask == Value(Field("indicator_actual", indicator=1)) and query.years == ("R02",)


# ---- stop 43: a score's scale said in words -----------------------------------------------------------------------


def printed_score(number: str, label: str) -> int | None:
    """An evaluation score of a Tsukuba sheet as printed (「進捗状況\t4\t…」); None for 「-」."""
    found = re.search(rf"(?m)^{label}\t(\d|-)\t", seed_text_sheets()[number])[1]
    return None if found == "-" else int(found)


def progress_below(point: int) -> list[str]:
    """The sheets whose printed 進捗状況 is below ``point``."""
    return sorted(n for n in seed_text_sheets() if (printed_score(n, "進捗状況") or point) < point)


def behind_schedule() -> list[str]:
    """Behind the plan: 2「計画から遅れている」 or below (3 is 「やや遅れたが、…達成された」)."""
    return progress_below(3)


@pytest.mark.parametrize(
    ("question", "below"),
    [("Which projects are behind schedule?", 3), ("進捗が計画より遅れている事業は？", 3), ("Which projects were delayed?", 4),
     ("Which projects didn't go according to plan?", 4), ("Which projects had progress rated below 'on schedule'?", 4)],
)  # fmt: skip
def test_a_point_of_the_progress_scale_said_in_words_chooses_the_projects_it_says(seed, question, below):
    result = ask(seed, question)
    listed = sorted(set(re.findall(r"(?m)^- (\d{3}) ", result.text)))
    assert listed == progress_below(below) and listed


def test_of_those_a_condition_narrows_the_projects_listed_before(seed):
    before = [{"role": "user", "content": "優先度が5の事業は？"},
              {"role": "assistant", "content": ", ".join(n for n in seed_text_sheets()
                                                         if printed_score(n, "優先度") == 5)}]  # fmt: skip
    result = answer("そのうち進捗が計画より遅れているのは？", before, engine=seed, mode="extractive")
    assert result.kind == STRUCTURED, result.text
    expected = [n for n in behind_schedule() if printed_score(n, "優先度") == 5]
    assert sorted(set(re.findall(r"(?m)^- (\d{3}) ", result.text))) == expected and expected


def test_words_on_how_to_answer_or_what_the_city_thinks_ask_nothing_more(seed):
    query = one("What's the average FY2020 budget of the ten projects? (one decimal is fine)", seed.words)
    assert query.ask == Aggregate("average", Field("budget")) and query.years == ("R02",)
    understood = understand("097について、市はどんな課題があるって考えてる？", None, seed.words)
    assert understood.accepted
    assert {q.ask.measure.field for q in understood.queries} == {"issues_business", "issues_org_budget"}


def test_a_clause_asking_how_in_which_nothing_is_read_is_not_dropped(seed):
    understood = understand("Who is the robot town project for, and how does the city run it?", None, seed.words)
    assert not understood.accepted and "how" in understood.unplaced
    result = answer("Who is the robot town project for, and how does the city run it?", engine=seed, mode="extractive")
    assert "answered in parts" in result.notes or not result.reading, result.text


def test_a_word_of_a_description_in_katakana_is_found_in_hiragana_too():
    writing = WritingRetriever("0082", "湾内の浮遊ごみを清掃船で回収する。")
    assert described_project("湾に浮いてるゴミを拾う船の事業の課題は？", ["湾", "浮い", "ゴミ", "拾う", "船"], writing).number == "0082"


def test_a_hyphenated_function_word_and_a_fields_words_name_no_project(two):
    # "city-wide" is every project, not 大船渡's wide-area (広域) union; "staff time" is the field, its "time" no name's
    query = one("Which project used the most staff time city-wide in R6?", two.words)
    assert query.projects == () and query.ask == Ranking(Field("ofunato_work_hours"), "desc", 1)
    assert query.years == ("R06",)
    # "getting" before a past participle is a passive's, and asks nothing of its own
    understood = understand("How many projects are getting ended?", None, two.words)
    assert understood.accepted and isinstance(understood.queries[0].ask, Aggregate), understood.queries


def test_full_time_staff_are_the_regular_staff_of_either_form(seed, two):
    query = one("Which program has the most full-time city staff assigned to it in R6?", two.words)
    assert query.ask == Ranking(Field("ofunato_staff"), "desc", 1) and query.years == ("R06",)
    assert one("Which project had the most full-time staff in FY2020?", seed.words).ask == Ranking(
        Field("staff_ratio"), "desc", 1)


# ---- stop 46: words said of another, totals ranked, parts a ranking answers, amounts after counts --------------


def test_a_verb_of_spending_said_of_a_source_of_money_asks_that_source(two):
    # 「国庫支出金を使った」: the money the project used is its 国庫支出金, no spending (決算額) asked besides
    query = one("令和6年度、国のお金（国庫支出金）を一番多く使った事業は？", two.words)
    assert query.ask == Ranking(Field("ofunato_national"), "desc", 1) and query.years == ("R06",)
    assert one("令和6年度、一般財源を一番たくさん使った事業は？", two.words).ask == Ranking(
        Field("general_fund"), "desc", 1)


def test_a_two_character_noun_of_one_name_names_it_when_its_sheet_holds_the_rest(two, seed):
    heating = workbook_number("福祉灯油事業")
    understood = understand("冬の灯油代を低所得の世帯に配ってた事業の今後の方向性は？", None, two.words)
    assert understood.accepted and {q.projects for q in understood.queries} == {(heating,)}
    # 都市 is one name's word, but that sheet says nothing of a データ連携基盤: no project is named by it
    understood = understand("データ連携基盤（都市OS）を作る事業の進捗状況の評価は何点？", None, seed.words)
    assert not any(q.projects for q in understood.queries) and "データ" in understood.unplaced
    # (nor "OS", a word in Latin letters that sheet does not write, however many of the form's words hold "os")
    understood = understand("都市OSをつくる事業、令和2年度はどんな成果があった？", None, seed.words)
    assert not any(q.projects for q in understood.queries) and "都市" in understood.unplaced


@pytest.mark.parametrize("question", ["top 3 projects by total budget in FY2020?", "令和2年度の予算額の合計が大きい順に3つ",
                                      "Which 3 projects had the highest total budget in FY2020?"])  # fmt: skip
def test_a_total_that_is_each_projects_figure_ranked_is_a_ranking(seed, question):
    query = one(question, seed.words)
    assert query.ask == Ranking(Field("budget"), "desc", 3) and query.years == ("R02",)
    total = one("What is the total budget of all projects in FY2020?", seed.words)
    assert total.ask == Aggregate("total", Field("budget"))


def test_the_words_a_label_in_brackets_glosses_are_that_field(two):
    query = one("top 3 projects by total staff work hours (延べ業務時間) in FY2024?", two.words)
    assert query.ask == Ranking(Field("ofunato_work_hours"), "desc", 3) and query.years == ("R06",)


@pytest.mark.parametrize("later", ["減った額も。", "どれくらい減った？"])
def test_a_later_part_asking_the_figure_a_ranking_shows_is_that_ranking(seed, later):
    understood = understand(f"令和元年度→令和2年度で決算額が一番減ったのはどの事業？{later}", None, seed.words)
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    assert understood.accepted and [q.ask for q in understood.queries] == [Ranking(change, "asc", 1)]


@pytest.mark.parametrize(("question", "indicator"), [
    ("how many joint projects (連携事業数) were there in FY2020 vs the target?", 2),
    ("ロボットの街つくば推進事業の令和2年度の指標、目標に対してどうだった？", None),
])  # fmt: skip
def test_a_figure_set_against_the_target_asks_the_actual_too(seed, question, indicator):
    understood = understand(question, None, seed.words)
    asked = {(q.ask.measure.field, q.ask.measure.indicator) for q in understood.queries}
    assert understood.accepted and asked == {("indicator_actual", indicator), ("indicator_target", indicator)}


def test_a_follow_up_for_another_year_asks_again_only_what_the_sheet_records_by_year(seed):
    first = "ロボットの街つくば推進事業の指標って何？R2の結果は？"
    understood = understand(first, None, seed.words)
    # 結果 of an indicator on Tsukuba's form is its actual (実績), as "result" is
    assert [q.ask.measure.field for q in understood.queries] == ["indicator_name", "indicator_actual"]
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": "目標5.0に対し実績3.0でした。"}]
    again = understand("その前の年はどうだった？", history, seed.words)
    assert [(q.ask.measure.field, q.years) for q in again.queries] == [("indicator_actual", ("R01",))]


def test_the_amount_asked_alone_after_a_count_is_the_indicator_of_that_amount(two):
    number = workbook_number("ふるさと納税事務")
    names = dict(two.words.indicators[number])
    history = [{"role": "user", "content": "ふるさと納税って令和6年度は何件寄附があった？"},
               {"role": "assistant", "content": "「ふるさと大船渡応援寄附」件数は62,075件です。"}]  # fmt: skip
    understood = understand("じゃあ金額は？前の年と比べてどのくらい増えた？", history, two.words)
    read = {leaf.indicator for q in understood.queries for leaf in measure_fields(q.ask.measure)}
    assert understood.accepted and len(read) == 1 and names[read.pop()].endswith("金額")
    # (the topic asked alone is no opening that asks nothing: what follows is of it)
    assert without_opening("じゃあ金額は？前の年と比べてどのくらい増えた？", two.words).startswith("じゃあ金額は")


def test_an_average_said_of_one_projects_indicators_is_the_one_its_name_says_an_average_of(two):
    number = workbook_number("生活保護実施事業")
    names = dict(two.words.indicators[number])
    query = one("avg number of households on public assistance (seikatsu hogo) in fy2024?", two.words)
    assert isinstance(query.ask, Value) and query.projects == (number,)
    assert "平均" in names[query.ask.measure.indicator] and "世帯" in names[query.ask.measure.indicator]


def test_set_to_a_value_is_that_value_not_a_field_being_reported(two):
    query = one("Among the museum's projects, which ones are NOT set to 現状維持 in the section chief's opinion on future "
                "direction?", two.words)  # fmt: skip
    # (the direction of either form's sheets, read through Tsukuba's field where both are loaded)
    assert query.ask == Listing() and any(isinstance(f, Member) and f.values == ("現状維持",) and f.negate
                                          and f.field in ("direction", SAME_FIELD["direction"]) for f in query.filters)


def test_leaving_out_another_fields_zeros_keeps_the_ranking_of_the_field_asked(two):
    query = one("Leaving out projects that cost nothing at all, which one had the smallest total cost in FY2024?",
                two.words_for((OFUNATO,)))  # fmt: skip
    assert query.ask == Ranking(Field("ofunato_total_cost"), "asc", 1)
    assert query.filters == (Compare(Field("ofunato_project_cost"), "nonzero"),)


class SheetsRetriever(FakeRetriever):
    """A retriever returning ``hits`` (sheet numbers, closest first) whose sheets write ``texts``."""

    def __init__(self, hits: list[str], texts: dict[str, str]):
        super().__init__(*hits)
        self.chunks = {n: SimpleNamespace(city=OFUNATO, sheet=n, text=t) for n, t in texts.items()}


def test_of_sheets_close_in_meaning_the_closest_is_described_when_it_alone_writes_most_of_the_words():
    question = "赤ちゃんが生まれた家にもらえる商品券、令和6年度は延べ何人の子が対象だった？"
    left = ["赤ちゃん", "生まれ", "家", "商品", "券", "延べ", "子"]
    texts = {"1720": "出生児の保護者に商品券を支給する。", "1716": "子育て家庭を支援する。", "1718": "乳幼児健診を行う。"}
    closest = ["1720", "1716", "1718", "1716", "1718"]  # (no sheet four of the five closest: no agreement)
    found = described_project(question, left, SheetsRetriever(closest, texts), topic=True, figure=True)
    assert found is not None and found.number == "1720"
    # (a question asking no figure may be answered from passages: no sheet is taken on the words alone)
    assert described_project(question, left, SheetsRetriever(closest, texts), topic=True) is None
    # another close sheet writing as many of the words: none is described
    texts["1716"] = "子育て家庭に商品券を配る。"
    assert described_project(question, left, SheetsRetriever(closest, texts), topic=True, figure=True) is None


# ---- stop 46, round 3 ------------------------------------------------------------------------------------------


def test_a_word_of_a_fields_english_label_right_beside_it_is_that_fields(seed):
    query = one("097 national/prefectural funds in FY2020?", seed.words)
    assert query.ask == Value(Field("national_prefectural")) and query.projects == ("097",)
    # (a word of a synonym is not: "actually get done" asks what was done, not the indicators' actual figures)
    assert "done" in understand("What did 092 actually get done in FY2020?", None, seed.words).unplaced


def test_hearsay_is_grammar_and_the_situation_told_is_asked_with_the_rest(seed):
    understood = understand("データプラットフォームの事業、進捗が遅れてるみたいだけど課題は何て書いてある？", None, seed.words)
    assert understood.accepted and {q.projects for q in understood.queries} == {("012",)}
    assert {"issues_business", "issues_org_budget"} <= {q.ask.measure.field for q in understood.queries}


def test_their_in_a_follow_up_asking_of_no_set_points_back_at_the_project_found(seed):
    history = [{"role": "user", "content": "Which project had the lowest progress (進捗状況) score?"},
               {"role": "assistant", "content": "012, with a score of 2."}]  # fmt: skip
    result = answer("ok so what's their improvement goal?", history, engine=seed, mode="extractive")
    assert result.kind == STRUCTURED and "012" in result.reading and "改善目標" in result.reading, result.text


def test_an_indicators_change_is_counted_in_what_it_counts(seed):
    history = [{"role": "user", "content": "ロボットの街つくば推進事業の実証実験数、令和2年度の実績は？"},
               {"role": "assistant", "content": "令和2年度の実績は3.0種類でした。"}]  # fmt: skip
    result = answer("前年度と比べてどれくらい変わった？", history, engine=seed, mode="extractive")
    assert re.search(r"7(?:\.0)?種類減少", result.text), result.text


@pytest.mark.parametrize(("question", "name"), [("衆院選の投票率は？", "衆議院議員総選挙の執行事務"),
                                                ("参院の補欠選挙の事業費は？", "参議院議員補欠選挙の執行事務")])  # fmt: skip
def test_a_kanji_noun_shortening_one_names_words_names_that_project(two, question, name):
    understood = understand(question, None, two.words_for((OFUNATO,)))
    assert understood.accepted and {q.projects for q in understood.queries} == {(workbook_number(name),)}


def test_how_precisely_a_figure_is_asked_for_is_no_part_of_what_is_asked(seed):
    query = one("097の令和元年度から令和2年度の決算額は何倍になった？小数第2位まで", seed.words)
    assert query.ask == Value(Combine("ratio", Field("settlement", "R02"), Field("settlement", "R01")))


# ---- stop 47 -----------------------------------------------------------------------------------------------------


def test_a_follow_up_pointing_back_in_words_no_field_carries_is_of_the_project_before_that_year(seed):
    history = [{"role": "user", "content": "ロボットの街つくば推進事業の令和元年度の予算は？"},
               {"role": "assistant", "content": "097 ロボットの街つくば推進事業の令和元年度の予算額です。"}]  # fmt: skip
    assert _pointed_back_to("how many kids rode on it last year?", history, seed.words) == (("097",), ("R01",))
    # (one naming a project of its own is not pointing back)
    assert _pointed_back_to("how many kids rode on 092's robots?", history, seed.words) == ((), ())
    assert _pointed_back_to("how many kids rode on it last year?", None, seed.words) == ((), ())


def test_a_number_an_answer_states_in_another_unit_is_not_the_figure_it_equals(two):
    number, words = workbook_number("福祉灯油事業"), two.words_for((OFUNATO,))
    staff = next(f for f in sheet_figures(number, words.form_of[number], words) if f.field.key == "ofunato_staff")
    year = block_years(number)[4]  # the year before the evaluation year
    value = shown(cell(number, "正規職員従事人数", 4))
    asked = "福祉灯油って去年はどういう支援をしてたの？"
    said = f"福祉灯油事業（{number}）では{year_label(year)}、{value}{staff.unit}が従事しました。"
    stated = _figure_stated(asked, said, two, (OFUNATO,))
    assert stated is not None and stated[0].ask == Value(Field("ofunato_staff")), stated
    # 「1世帯あたり」 counts households: not the staff figure, whatever its value
    other = _figure_stated(asked, said.replace(f"{value}{staff.unit}が従事", f"{value}世帯あたり支給"), two, (OFUNATO,))
    assert other is None or other[0].ask != Value(Field("ofunato_staff")), other


def test_how_a_change_was_made_is_asked_not_which_changed_most(two):
    words = two.words_for((OFUNATO,))
    understood = understand("how has the school lunch service cut its labor costs?", None, words)
    assert "how" in understood.unplaced
    # "how much" asks the amount: nothing is left
    assert "how" not in understand("how much did the school lunch service cut its labor costs?", None, words).unplaced


def test_an_amount_of_money_left_out_of_a_ranking_is_a_condition_not_a_number_of_rows(seed):
    understood = understand("令和2年度の決算額が一番大きい事業と一番小さい事業はどれ？0円のは除外で。", None, seed.words)
    assert understood.accepted and len(understood.queries) == 2
    nonzero = Compare(Field("settlement"), "nonzero")
    assert [(q.ask.direction, q.ask.top_k, q.filters) for q in understood.queries] == [
        ("desc", 1, (nonzero,)), ("asc", 1, (nonzero,))]  # fmt: skip


@pytest.mark.parametrize(("question", "limit"), [("Which projects spent 500k yen or less in FY2020?", 500),
                                                 ("Which projects spent 2m yen or less in FY2020?", 2000)])  # fmt: skip
def test_k_and_m_yen_are_thousands_and_millions_of_yen(seed, question, limit):
    query = one(question, seed.words)
    assert Compare(Field("settlement"), "le", limit) in query.filters


def test_an_abbreviation_with_its_full_stop_is_the_word_in_one_clause():
    assert normalise_text("Staff equiv. were on it, dept. of x") == "staff equivalent were on it, department of x"
    assert normalise_text("the yr. Then") == "the year. then"  # (before a capital: the sentence ends)


def test_what_the_city_paid_is_what_it_spent(seed, two):
    assert one("How much did the city pay for 097 in FY2020?", seed.words).ask == Value(Field("settlement"))
    number = workbook_number("大船渡地区消防組合事務費負担金支出事務")
    query = one(f"What did the city pay into {number} in FY2024?", two.words_for((OFUNATO,)))
    assert query.ask == Value(Field("ofunato_project_cost"))


def test_what_ending_a_project_would_do_is_its_evaluation_of_abolition(two):
    understood = understand("スクールバスをやめたらどんな影響があるって書いてある？", None, two.words_for((OFUNATO,)))
    assert understood.accepted
    assert {q.ask.measure.field for q in understood.queries} <= {"ofunato_evaluation_5", "ofunato_evaluation_5_reason"}


@pytest.mark.parametrize("question", ["市民活動支援センターの事業って、なんで終わっちゃうの？",
                                      "why did they stop the trial?", "Why is it being abolished?"])  # fmt: skip
def test_why_a_project_ends_is_read_in_the_chiefs_issues_and_solutions(question):
    assert "課題と解決策" in asked_rows(parse_query(question))


@pytest.mark.parametrize(("question", "op", "value"), [("R2で執行率（決算額÷予算額）が50%を下回った事業はどれ？", "lt", 50),
                                                       ("執行率が80%に届かなかった事業は？", "lt", 80)])  # fmt: skip
def test_a_status_word_said_of_a_number_compares_with_it(seed, question, op, value):
    query = one(question, seed.words)
    assert [(f.op, f.value) for f in query.filters] == [(op, value)]
    # said of the target, it is the indicator's status
    missed = one("令和2年度に目標を下回った事業は？", seed.words)
    assert missed.filters == (Member("indicator_status", ("missed",)),)


@pytest.mark.parametrize("question", ["how many projects got national or prefectural funding in R2?",
                                      "国県支出金がある事業は何件？"])  # fmt: skip
def test_how_many_projects_have_some_of_an_amount_counts_those_that_have_it(seed, question):
    query = one(question, seed.words)
    assert query.ask == Aggregate("count") and query.filters == (Compare(Field("national_prefectural"), "nonzero"),)


@pytest.mark.parametrize(("question", "years"), [("and what about the next two years?", ("R03", "R04")),
                                                 ("その後の2年は？", ("R03", "R04")),
                                                 ("and over the past three years?", ("H30", "R01", "R02")),
                                                 ("過去3年は？", ("H30", "R01", "R02")),
                                                 ("and the previous two years?", ("H30", "R01"))])  # fmt: skip
def test_several_years_said_from_the_one_asked_about(seed, question, years):
    history = [{"role": "user", "content": "012の令和2年度の予算額は？"},
               {"role": "assistant", "content": "012の令和2年度の予算額は50,000千円です。"}]  # fmt: skip
    query = one(question, seed.words, history)
    assert query.projects == ("012",) and query.years == years


def test_a_sign_between_the_words_before_sheets_is_no_word(seed):
    query = one("What's the total 決算額 across all 10 science & tech promotion division sheets for R2?", seed.words)
    assert query.ask == Aggregate("total", Field("settlement")) and query.years == ("R02",)


# ---- stop 48 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["優先度が5（最高）の事業はいくつある？", "How many projects have a priority of 5 (the highest)?"])
def test_a_direction_word_in_brackets_after_a_number_says_where_it_stands_on_its_scale(seed, question):
    query = one(question, seed.words)
    assert query.ask == Aggregate("count") and query.filters == (Compare(Field("priority"), "eq", 5),)


def test_a_year_said_relative_and_again_in_brackets_is_the_year_in_brackets(seed):
    query = one("Which project had the lowest personnel cost last year (R2)?", seed.words)
    assert query.ask == Ranking(Field("personnel_cost_total"), "asc", 1) and query.years == ("R02",)


def test_a_span_of_years_said_with_its_length_is_every_year_of_it_and_one_projects_total_sums_them(seed):
    question = "097の平成30年度から令和2年度までの3年間の決算額を合計するといくら？"
    query = one(question, seed.words)
    years = ("H30", "R01", "R02")
    assert query.ask == Aggregate("total", Combine("sum", Combine("sum", *(Field("settlement", y) for y in years[:2])),
                                                   Field("settlement", "R02")))  # fmt: skip
    result = ask(seed, question)
    printed = printed_costs("097", "決算額")
    assert f"{sum(printed[y] for y in years):,}" in result.text
    assert "平成30年度〜令和2年度" in result.reading
    # each year's, when each is asked; two ends alone are no span (a change may be asked between them)
    assert one("097の令和元年度と令和2年度の予算額はそれぞれいくら？", seed.words).years == ("R01", "R02")
    assert not understand("097の令和元年度から令和2年度までの4年間の予算額の合計は？", None, seed.words).accepted


def test_a_question_each_citys_words_read_whole_is_answered_for_each_city(two):
    result = answer("Excluding projects with zero cost, which one was the cheapest in total cost last year?",
                    engine=two, mode="extractive")
    assert result.kind == STRUCTURED
    assert result.text.index(f"**{TSUKUBA}**") < result.text.index(f"**{OFUNATO}**")
    # 大船渡's: its total cost in the year before its sheets' year, of those whose 事業費計 is not zero
    years = {n: block_years(n) for n in workbook()}
    last = {n: years[n].index(f"R{int(years[n][-1][1:]) - 1:02d}") for n in workbook()}
    spent = [n for n in workbook() if _amount(cell(n, "事業費計", last[n]))]
    cheapest = min(spent, key=lambda n: _amount(cell(n, "トータルコスト(A)＋(B)", last[n])))
    assert cheapest in result.text.split(f"**{OFUNATO}**")[1]


def test_a_name_said_without_the_word_it_ends_with_is_the_whole_name(two):
    number = workbook_number("地域おこし協力隊事業")
    understood = understand("地域おこし協力隊について、去年度末の現役隊員は何人？", None, two.words_for((OFUNATO,)))
    named = [p for parse in understood.parses for p in parse.parts if p.kind == "project"]
    assert [(p.value, p.rank) for p in named] == [(number, 0)]  # a name, not a run of its words


def test_a_short_value_of_a_closed_vocabulary_is_read_when_quoted(two):
    words = two.words_for((OFUNATO,))
    query = one("期待成果（成果）が「低下」の事業はいくつ？", words)
    assert query.ask == Aggregate("count") and query.filters == (Member("ofunato_expected_outcome", ("低下",)),)
    fell = [n for n in workbook() if cell(n, "(2) 改革・改善による期待成果\n（成果）") == "低下"]
    assert f"{len(fell)}事業" in ask(two, "期待成果（成果）が「低下」の事業はいくつ？").text
    # unquoted, the word is a question's own (成果が低下した: a direction), no value
    said = understand("成果が低下した事業は？", None, words)
    assert not any(p.kind == "value" for parse in said.parses for p in parse.parts)


def test_cheaper_and_goes_up_ask_a_change(two):
    words = two.words_for((OFUNATO,))
    number = workbook_number("衆議院議員総選挙の執行事務")
    history = [{"role": "user", "content": f"What was the total cost of {number} in FY2024?"},
               {"role": "assistant", "content": f"{number}'s total cost in FY2024 was …"}]  # fmt: skip
    query = one("and compared with the 2021 one, how much cheaper was it?", words, history)
    assert query.projects == (number,)
    assert query.ask == Value(Combine("difference", Field("ofunato_total_cost", "R06"), Field("ofunato_total_cost", "R03")))
    ranked = one("which project's 事業費 goes up the most from last year to this year?", words)
    assert ranked.ask == Ranking(Combine("difference", Field("ofunato_project_cost", "R07"),
                                         Field("ofunato_project_cost", "R06")), "desc", 1)  # fmt: skip


def test_a_comparison_among_projects_named_picks_those_that_pass_it(two):
    names = ["綾里診療所運営事業", "越喜来診療所運営事業", "吉浜診療所運営事業"]
    numbers = [workbook_number(n) for n in names]
    question = "綾里・越喜来・吉浜の3診療所のうち、令和6年度の事業費が1,200万円以下だったのはどこ？"
    query = one(question, two.words_for((OFUNATO,)))
    assert set(query.projects) == set(numbers) and query.filters == (Compare(Field("ofunato_project_cost"), "le", 12_000),)
    cost = {n: _amount(cell(n, "事業費計", block_years(n).index("R06"))) for n in numbers}
    listed = [line for line in ask(two, question).text.splitlines() if line.startswith("- ")]
    assert {n for n in numbers if any(n in line for line in listed)} == {n for n in numbers if cost[n] <= 12_000}
    assert len(listed) < len(numbers)


def test_up_or_down_asks_the_change(two):
    number = workbook_number("図書館運営事業")
    history = [{"role": "user", "content": f"How many items did {number} lend out in FY2024?"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    query = one("was that up or down compared with the year before?", two.words_for((OFUNATO,)), history)
    assert isinstance(query.ask, Value) and isinstance(query.ask.measure, Combine)
    assert query.ask.measure.op == "difference" and query.projects == (number,)


def test_a_total_said_to_include_what_it_adds_up_is_that_total(two):
    # 大船渡's トータルコスト is 事業費計 + 人件費: "incl. staff" says what it holds, no sum of staff numbers
    query = one("which had the highest total cost incl. staff in FY2024?", two.words_for((OFUNATO,)))
    assert query.ask == Ranking(Field("ofunato_total_cost"), "desc", 1)


def test_the_share_of_a_projects_money_a_source_paid(two):
    number = workbook_number("三陸鉄道支援事業")
    query = one(f"What share of {number}'s money last year was financed by municipal bonds (地方債)?",
                two.words_for((OFUNATO,)))
    assert query.ask == Value(Combine("percent", Field("ofunato_bonds"), Field("ofunato_project_cost")))


def test_a_time_within_a_year_is_no_field(two):
    number = workbook_number("地域おこし協力隊事業")
    query = one(f"{number}の令和6年度の年度末の現役隊員数は？", two.words_for((OFUNATO,)))
    assert query.ask == Value(Field("indicator_actual", indicator=2)) and query.years == ("R06",)


def test_a_judgement_of_an_evaluation_item_said_in_english(two):
    query = one("which projects said that abolishing or suspending them would have NO impact on results?",
                two.words_for((OFUNATO,)))
    assert query.filters == (Member("ofunato_evaluation_5", ("影響がない",)),)
    judged = [n for n in workbook() if cell(n, "⑤ 廃止・休止の成果への影響") == "影響がない"]
    listed = [line for line in ask(two, "which projects said that abolishing or suspending them would have NO impact "
                                        "on results?").text.splitlines() if line.startswith("- ") and "影響がない" in line]
    assert judged and sorted(n for n in judged if any(n in line for line in listed)) == sorted(judged) and len(
        listed) == len(judged)  # fmt: skip
    query = one("How many projects were NOT judged 妥当である on whether the city should be doing it at all "
                "(公共関与の妥当性)?", two.words_for((OFUNATO,)))  # fmt: skip
    assert query.ask == Aggregate("count") and query.filters == (Member("ofunato_evaluation_2", ("妥当である",), True),)


def test_one_unit_asked_of_is_said_by_the_reading_several_beside_each_project(two):
    one_unit = ask(two, "消防署が担当してる事業、R6のトータルコストを全部足すといくら？")
    assert "basic_info" not in {c.section for c in one_unit.citations} and "大船渡消防署" in one_unit.reading
    office = ask(two, "保健福祉部の事業のうち、廃止・休止しても「影響がない」と自己評価しているのはどれ？")
    listed = [line for line in office.text.splitlines() if line.startswith("- ")]
    assert listed and all("担当部課 保健福祉部" in line for line in listed)  # which of the office's units, each
    assert "basic_info" in {c.section for c in office.citations}
    # its projects asked for alone are each shown with it: the only thing said of them, cited
    counted = ask(two, "水産課が担当してる事務事業って全部でいくつある？")
    listed = [line for line in counted.text.splitlines() if line.startswith("- ") and "省略" not in line]
    assert listed and all("担当部課 農林水産部水産課" in line and re.search(r"\[\d+\]$", line) for line in listed)


# ---- stop 48, round 8 --------------------------------------------------------------------------------------------


def test_another_forms_value_is_read_as_this_forms_own_or_not_at_all(seed):
    # 大船渡's 終了・廃止・休止 ("scrapped", "ending") is Tsukuba's 終了; its 改革改善 ("reform") is no value of Tsukuba's
    assert one("Which projects will be scrapped?", seed.words).filters == (Member("direction", ("終了",)),)
    understood = understand("How many of these projects are set to continue, and which one is ending?", None, seed.words)
    assert understood.accepted
    assert [(q.ask, q.filters) for q in understood.queries] == [
        (Aggregate("count"), (Member("direction", ("継続",)),)), (Listing(), (Member("direction", ("終了",)),))]


@pytest.mark.parametrize("question", ["図書館には何冊あるの？", "消防署に何台あるの？", "市立図書館の蔵書って何冊あるの？"])
def test_things_counted_are_no_list_of_projects(two, question):
    # 何冊 counts books, 何台 vehicles: no list or count of the unit's projects is either
    understood = understand(question, None, two.words)
    assert not any(isinstance(q.ask, Listing | Aggregate) for q in understood.queries)


def test_the_unit_asked_by_its_own_word(two):
    number = workbook_number("千石船気仙丸利活用事業")
    # (with the team in it that runs the project, which the office is too)
    queries = understand("千石船気仙丸利活用事業って、どこの課が担当してるの？", None, two.words_for((OFUNATO,))).queries
    assert [(q.projects, q.ask) for q in queries] == [((number,), Value(Field(unit))) for unit in ("department", "section")]
    assert cell(number, "部課名") in ask(two, "千石船気仙丸利活用事業って、どこの課が担当してるの？").text


def test_signing_up_is_registering():
    assert normalise_text("How many kids signed up? Enrolment?") == "how many kids registered? registration?"


def test_a_word_some_names_hold_is_not_read_past_in_a_question_over_every_project(two):
    # 選挙 (2 characters, no run of a name) says which projects: a list of every project over 20,000千円 is not it
    understood = understand("選挙事務の事業で、令和6年度のトータルコストが2万千円を超えたのはどれ？", None,
                            two.words_for((OFUNATO,)))  # fmt: skip
    assert not understood.accepted and not understood.queries


def test_a_question_pointing_back_at_nothing_asks_which_project(two):
    result = answer("How much did its total cost go up from FY2020 to FY2024?", engine=two, mode="extractive")
    assert result.kind == UNANSWERABLE and not result.citations and "which project" in result.text


def test_many_zeros_left_out_of_a_ranking_are_said_on_one_line(two):
    result = ask(two, "which project saw the largest drop in project cost between FY2023 and FY2024?")
    (line,) = [line for line in result.text.splitlines() if line.startswith("- left out of the ranking at 0")]
    said = set(re.findall(r"\d{4}", line))
    years = {n: block_years(n) for n in workbook()}
    unchanged = {n for n in workbook() if "R05" in years[n] and "R06" in years[n]
                 and cell(n, "事業費計", years[n].index("R05")) not in (None, "")
                 and _amount(cell(n, "事業費計", years[n].index("R06"))) == _amount(cell(n, "事業費計", years[n].index("R05")))}  # fmt: skip
    assert len(said) > 5 and said <= unchanged and not re.search(r"\[\d+\]", line)


# ---- stop 49 -----------------------------------------------------------------------------------------------------

OUTCOME_NAME = "⑦ 成果指標（対象における意図の達成度を表す指標）\n{}：名称"
OUTCOME_VALUES = "⑦成果指標\n{}"


def series_no(engine, number: str, name: str) -> int:
    """The no of the indicator ``name`` on 大船渡's sheet ``number``, as the table holds it."""
    (no,) = [r[0] for r in engine.db.execute(
        "SELECT i.no FROM indicator_series i JOIN sheets s ON s.id = i.sheet_id WHERE s.number = ? AND i.name = ?",
        (number, name))]  # fmt: skip
    return no


def test_a_word_of_the_name_written_on_into_an_indicators_name_is_that_indicator(two, ofunato_words):
    # 移住 is a word of 移住・定住促進事業; 「移住者数」 writes it on into its outcome indicator's name
    number = workbook_number("移住・定住促進事業")
    assert cell(number, OUTCOME_NAME.format("サ")) == "移住者数"
    question = "移住定住の促進事業で、令和6年度の移住者数は？"
    query = one(question, ofunato_words)
    assert query.projects == (number,) and query.years == ("R06",)
    assert query.ask == Value(Field("indicator_actual", indicator=series_no(two, number, "移住者数")))
    assert shown(cell(number, OUTCOME_VALUES.format("サ"), block_years(number).index("R06"))) in ask(two, question).text


def test_two_years_written_with_one_era_are_both_years(ofunato_words):
    query = one("図書館運営事業の令和5・6年度の貸出点数は？", ofunato_words)
    assert query.years == ("R05", "R06")


@pytest.mark.parametrize("question, direction", [
    ("図書館の貸出点数って、令和2〜6年度でいちばん多かったのは何年度？", "desc"),
    ("図書館運営事業の貸出点数がいちばん少なかったのはいつ？", "asc"),
])  # fmt: skip
def test_the_year_a_figure_peaked_is_read_off_its_series(two, ofunato_words, question, direction):
    number = workbook_number("図書館運営事業")
    name = cell(number, OUTCOME_NAME.format("サ"))
    assert name == "図書館資料の貸出点数"
    query = one(question, ofunato_words)
    assert query.projects == (number,)
    assert query.ask == Series(Field("indicator_actual", indicator=series_no(two, number, name)), peak=direction)
    # the years reported (the last block is the evaluation year's plan, never a peak), within the span said
    years = block_years(number)[:-1]
    values = {y: cell(number, OUTCOME_VALUES.format("サ"), i) for i, y in enumerate(years)}
    peak = (max if direction == "desc" else min)(values, key=values.get)
    result = ask(two, question)
    (line,) = [line for line in result.text.splitlines() if "のは" in line and line.startswith("- ")]
    assert f"{year_label(peak)}（{shown(values[peak])}点）" in line
    assert {(c.sheet, c.section) for c in result.citations} == {(number, "indicators")}


def test_a_non_zero_ranking_ranks_the_field_it_leaves_zeros_out_of(ofunato_words):
    for question in ("Which project had the smallest non-zero total cost in FY2024?",
                     "令和6年度のトータルコストがゼロでない事業で、いちばん小さいのは？"):
        query = one(question, ofunato_words)
        assert query.ask == Ranking(Field("ofunato_total_cost"), "asc", 1) and query.years == ("R06",)
        assert query.filters == (Compare(Field("ofunato_total_cost"), "nonzero"),)


def test_a_field_word_written_into_an_indicators_name_is_the_names(ofunato_words):
    # 対象 of 「対象になってる児童生徒数」 is 対象となる児童生徒数's, not the form's 対象 field asked as well
    number = workbook_number("学校給食事業(小中学校)")
    query = one("学校給食の対象になってる児童生徒数、今年度の計画だと何人？", ofunato_words)
    assert query.projects == (number,) and query.ask.measure.field == "indicator_actual"


def test_why_a_judgement_was_made_is_answered_by_the_reasons_its_form_prints(ofunato_words):
    number = workbook_number("寡婦・寡夫医療費助成事業")
    for question in ("why is the city winding down the medical subsidy for widows and widowers?",
                     "寡婦・寡夫医療費助成事業はなんで廃止になるの？"):
        understood = understand(question, None, ofunato_words)
        assert understood.accepted and not understood.unplaced
        asked = [q.ask.measure.field for q in understood.queries if q.projects == (number,)]
        assert asked[0] == "ofunato_future_direction" and len(asked) > 1  # with the text saying why


def test_an_actual_amount_is_that_amount_spent(seed):
    understood = understand("Special zone (特区) promotion: R2 budget vs actual spend?", None, seed.words)
    assert understood.accepted
    assert [q.ask for q in understood.queries] == [Value(Field("budget")), Value(Field("settlement"))]


def test_a_follow_up_naming_an_indicator_of_the_project_before_keeps_that_project(two, ofunato_words):
    # 子ども is a word of 子ども医療費助成事業's name; 乗車対象 names スクールバス乗車対象の児童生徒数 of the buses
    number = workbook_number("スクールバス運行事業")
    name = cell(number, "⑥ 対象指標（対象の大きさを表す指標）\nカ：名称")
    assert "乗車対象の児童生徒数" in name
    history = [{"role": "user", "content": "市のスクールバスって何台あるの？"},
               {"role": "assistant", "content": "令和6年度は14台です（全14路線）。"}]
    query = one("じゃあ乗車対象の子どもは去年何人だった？", ofunato_words, history)
    assert query.projects == (number,)
    assert query.ask == Value(Field("indicator_actual", indicator=series_no(two, number, name)))


def test_a_share_said_with_the_verb_it_takes_up_is_a_percentage(ofunato_words):
    # 「事業費に占める一般財源の割合」, 「事業費のうち一般財源って何％くらい占めてる」: 占める says what it is a share of
    share = Value(Combine("percent", Field("ofunato_general_fund"), Field("ofunato_project_cost")))
    for question in ("福祉灯油事業の令和6年度の事業費に占める一般財源の割合は？",
                     "福祉灯油事業の令和6年度の事業費のうち一般財源って何％くらい占めてる？"):
        assert one(question, ofunato_words).ask == share


def test_a_short_value_said_right_after_its_fields_word_is_that_value(ofunato_words):
    # 低下 (two characters) is a word of questions too, but 「期待成果が低下」 says the value of 期待成果（成果）, and so
    # does 「成果 低下」, the item its label names written as the form writes it
    lowered = Member("ofunato_expected_outcome", ("低下",))
    for question in ("期待成果が低下の事業は？", "期待成果で成果 低下の事業は？"):
        query = one(question, ofunato_words)
        assert query.ask == Listing() and query.filters == (lowered,)


def test_a_function_word_with_two_letters_swapped_is_that_word(seed):
    history = [{"role": "user", "content": "How much did the kids' science education project spend in FY2020?"},
               {"role": "assistant", "content": "095 had a 令和2年度 決算額 of 10,310 thousand yen."}]
    understood = understand("and the year before? how big was teh drop?", history, seed.words)
    assert understood.accepted and not understood.unplaced
    assert understood.queries[-1].ask == Value(Combine("difference", Field("settlement", "R02"), Field("settlement", "R01")))


def test_a_question_read_as_of_two_projects_answered_of_one_is_followed_up_of_that_one(seed):
    history = [{"role": "user", "content": "市のスマートシティ事業、令和2年度の人件費ってどれくらい？"},
               {"role": "assistant", "content": "011 スマートシティの推進の令和2年度の人件費計は10,626千円です。"}]
    assert len(understand(history[0]["content"], None, seed.words).queries[0].projects) > 1
    query = one("来年度はどうなる見込み？", seed.words, history)
    assert query.projects == ("011",) and query.years == ("R03",)


def test_a_count_in_a_counter_the_passages_do_not_give_is_said_to_be_missing():
    question = parse_query("Society5.0トライアルの最終審査のネット投票って、何票集まったの？")
    vote = "最終審査に全国初のデジタルIDアプリを活用したインターネット投票を導入した。"
    assert absent_detail(question, [vote]).lead.startswith("シートには数は書かれていません")
    assert absent_detail(question, [vote + "投票数は1,234票であった。"]) is None


def test_the_last_word_of_an_indicators_name_said_after_its_other_words_is_that_name(two, ofunato_words):
    number = workbook_number("不法投棄対策事業")
    name = cell(number, OUTCOME_NAME.format("サ"))
    assert name.endswith("の数") and name.startswith("処理して改善された")
    understood = understand("不法投棄対策事業の去年の発見箇所数と、処理して改善された数も教えて", None, ofunato_words)
    assert understood.accepted and not understood.unplaced
    assert understood.queries[-1].ask == Value(Field("indicator_actual", indicator=series_no(two, number, name)))


# ---- stop 49, round 10 -----------------------------------------------------------------------------------------


def test_two_fields_said_equal_is_their_difference_zero(seed):
    spent_all = sorted(n for n in seed_text_sheets() if printed_costs(n, "決算額")["R02"] == printed_costs(n, "予算額")["R02"])
    assert spent_all and len(spent_all) < len(seed_text_sheets())
    for question in ("Which projects had settled = budget in R2?", "R2の決算額が予算額と同じ事業は？"):
        query = one(question, seed.words)
        assert query.filters == (Compare(Combine("difference", Field("settlement"), Field("budget")), "zero"),)
        assert sorted(r.sheet for g in execute(query, seed.db).groups for r in g.rows) == spent_all


def test_a_project_being_shut_down_is_one_ending(seed):
    understood = understand("why is the near-future tech acceleration project being shut down?", None, seed.words)
    assert understood.accepted and [q.ask for q in understood.queries] == [Value(Field("direction")), Value(Field("reason"))]


def test_a_sections_heading_said_beside_fields_is_the_field_it_labels(seed):
    understood = understand("スマートシティ推進の市民ニーズと優先度、それと方向性を教えてください", None, seed.words)
    assert understood.accepted
    assert [q.ask.measure.field for q in understood.queries] == ["citizen_needs", "priority", "direction", "reason"]
    # a heading alone after a project's figure asks that section, never the figure again
    history = [{"role": "user", "content": "011の優先度は？"}, {"role": "assistant", "content": "5です。"}]
    assert not any(q.ask == Value(Field("priority")) for q in understand("方向性を教えてください", history, seed.words).queries)


def test_a_change_between_two_years_goes_from_the_earlier_whichever_is_said_first(seed):
    overtime = re.search(r"正職員時間外勤務\t\(時間\)(.*)", seed_text_sheets()["097"])[1].split()
    before, after = (overtime[COST_COLUMNS.index(y)] for y in ("R01", "R02"))
    result = answer("robot town: how many street trials in R2 vs the targt, and did staff overtime go up or down "
                    "compared with R1?", engine=seed, mode="extractive")  # fmt: skip
    assert "from FY2019 to FY2020" in result.text and f"({after} hours − {before} hours" in result.text
    assert "ロボットのまち中実証実験数" in result.text  # the first part answered too


def test_a_letter_dropped_from_a_longer_word_is_that_word(seed):
    assert "targt" not in understand("how many street trials in R2 vs the targt for 097?", None, seed.words).unplaced


def test_how_a_ranked_ones_figure_compares_with_another_year_is_its_change(seed):
    history = [{"role": "user", "content": "Which project has the biggest R2 budget in the science & technology division?"},
               {"role": "assistant", "content": "012 デジタル情報プラットフォームの導入による地域との連携推進, with a 令和2年度 "
                                                "budget of 50,000 thousand yen."}]  # fmt: skip
    result = answer("How does that compare w/ its R3 budget? how big is the jump?", history, seed, mode="extractive")
    budget = printed_costs("012", "予算額")
    assert result.kind == STRUCTURED and "012" in result.reading and "FY2020 to FY2021" in result.reading
    assert f"{budget['R03'] - budget['R02']:,}" in result.text


def test_a_place_said_after_a_project_is_the_same_kind_of_project_there(two, ofunato_words):
    # 吉浜 is a word of three names; of them, 吉浜診療所運営事業 is 越喜来診療所運営事業 with 吉浜 in its place
    assert len([n for n, r in workbook().items() if "吉浜" in r["事務事業名"][0]]) > 1
    history = [{"role": "user", "content": "越喜来の診療所、去年の延べ患者数は？"},
               {"role": "assistant", "content": "越喜来診療所運営事業（0306）の令和6年度の延べ患者数は10,074人です。"}]
    assert one("吉浜のほうは？", ofunato_words, history).projects == (workbook_number("吉浜診療所運営事業"),)
    # the same figure of it, by its name: the dental clinic's sheet numbers 延べ患者数 otherwise
    dental = workbook_number("歯科診療所運営事業")
    query = one("歯科のほうは？", ofunato_words, history)
    assert query.projects == (dental,) and query.ask == Value(Field("indicator_actual", indicator=series_no(two, dental, "延べ患者数")))
    assert series_no(two, dental, "延べ患者数") != series_no(two, workbook_number("越喜来診療所運営事業"), "延べ患者数")


def test_runs_several_names_share_that_together_are_one_names_name_that_project(ofunato_words):
    # 越喜来 (the clinic, the window office…) and 診療所 (three clinics, and their team) together: 越喜来診療所運営事業
    query = one("越喜来の診療所、去年の延べ患者数は？", ofunato_words)
    assert query.projects == (workbook_number("越喜来診療所運営事業"),) and query.years == ("R06",)


# ---- stop 49, round 11 -----------------------------------------------------------------------------------------


def test_a_follow_up_after_a_message_naming_one_indicator_asks_that_indicator(seed):
    # the first message is read past a word (イベント), so it has no Query of its own; its one indicator is the figure
    history = [{"role": "user", "content": "科学教育推進事業の体験型イベントの延べ参加者数、R2はどうだった？"},
               {"role": "assistant", "content": "令和2年度の実績は57人で、目標200人を下回りました。"}]
    query = one("その前の年はどうだった？", seed.words, history)
    assert query.projects == ("095",) and query.years == ("R01",)
    assert query.ask == Value(Field("indicator_actual", indicator=1))


def test_compounds_its_sheet_holds_describe_what_is_asked_of_the_project(seed):
    # 警察庁, 有識者検討会 (Sudachi's five pieces) and 参加 are on 097's sheet: the 成果 asked is answered
    question = "ロボットの街の事業、警察庁の有識者検討会に参加してどんな成果があったの？"
    assert "有識者検討会" in seed_text_sheets()["097"] and "警察庁" in seed_text_sheets()["097"]
    result = ask(seed, question)
    assert {(c.sheet, c.section) for c in result.citations} == {("097", "results_issues")}
    assert "警察庁、有識者検討会、参加" in result.text


def test_a_superlative_inside_a_direction_phrase_ranks_the_named_projects(ofunato_words):
    query = one("綾里・越喜来・吉浜・歯科の診療所のうち、去年の人件費が一番かかってるのはどこ？", ofunato_words)
    assert query.ask == Ranking(Field("ofunato_personnel_cost"), "desc", 1) and len(query.projects) == 4


def test_a_teams_one_project_is_asked_what_the_words_left_count(two, ofunato_words):
    # 空家等対策係 runs one project; "how many … consultations" counts its consultations, not projects
    number = workbook_number("空家等対策推進事業")
    query = one("How many vacant-house (akiya) consultations did the city get in FY2024?", ofunato_words)
    assert query.projects == (number,) and query.years == ("R06",)
    named = [r[0] for r in two.db.execute(  # (an activity and a target indicator of one name: the first is answered)
        "SELECT i.no FROM indicator_series i JOIN sheets s ON s.id = i.sheet_id WHERE s.number = ? AND i.name = ?",
        (number, "空家等に関する相談件数"))]  # fmt: skip
    assert query.ask == Value(Field("indicator_actual", indicator=min(named)))


def test_a_planned_amount_against_last_years_actual_is_the_project_cost(ofunato_words):
    query = one("今年度の計画額が、前年度実績と比べて一番大きく増える事業はどれ？", ofunato_words)
    assert query.ask == Ranking(Combine("difference", Field("ofunato_project_cost", "R07"),
                                        Field("ofunato_project_cost", "R06")), "desc", 1)  # fmt: skip


# ---- stop 49, round 12 -----------------------------------------------------------------------------------------


def test_a_number_in_a_fields_unit_compares_that_field(seed):
    # "200 hours or more of staff overtime": 時間 is the overtime's unit; "staff" says whose, no field of its own
    query = one("Which projects had 200 hours or more of staff overtime in FY2020?", seed.words)
    assert query.filters == (Compare(Field("overtime_hours"), "ge", 200),)
    overtime = {n: float(re.search(r"正職員時間外勤務\t\(時間\)(.*)", t)[1].split()[COST_COLUMNS.index("R02")])
                for n, t in seed_text_sheets().items()}  # fmt: skip
    listed = sorted(r.sheet for g in execute(query, seed.db).groups for r in g.rows)
    assert listed == sorted(n for n, hours in overtime.items() if hours >= 200) and listed


def test_a_count_of_projects_said_with_of_the_restates_the_scope(seed):
    query = one("What's the total settled amount for all 10 of the science & tech promotion division's projects in R2?",
                seed.words)  # fmt: skip
    assert query.ask == Aggregate("total", Field("settlement")) and query.years == ("R02",)
    assert [f.field for f in query.filters] == ["department"]


def test_words_several_names_end_alike_in_are_a_condition_on_the_names(two, ofunato_words):
    # 「選挙の執行事務」: 参議院議員補欠…, 市議会議員…, 衆議院議員総選挙の執行事務 alike; the shortest is no better
    query = one("R6の選挙の執行事務、事業費を全部足すといくら？", ofunato_words)
    assert query.filters == (Compare(Field("name"), "contains", "選挙の執行事務"),)
    assert query.ask == Aggregate("total", Field("ofunato_project_cost")) and query.years == ("R06",)
    held = [n for n, r in workbook().items() if "選挙の執行事務" in r["事務事業名"][0]]
    total = sum(_amount(cell(n, "事業費計", block_years(n).index("R06"))) for n in held)
    assert len(held) > 1 and f"{int(total):,}千円" in ask(two, "R6の選挙の執行事務、事業費を全部足すといくら？").text


def test_last_years_actual_and_this_years_plan_of_an_amount_are_its_columns(ofunato_words):
    query = one("Which project is planning the biggest jump in 事業費 from last year's actual to this year's plan?",
                ofunato_words)  # fmt: skip
    assert query.ask == Ranking(Combine("difference", Field("ofunato_project_cost", "R07"),
                                        Field("ofunato_project_cost", "R06")), "desc", 1)  # fmt: skip


# ---- stop 49, round 13 -----------------------------------------------------------------------------------------


def test_disbursements_of_the_state_and_prefecture_are_their_money(seed):
    # 支出金 of 「国や県の支出金」 is 国庫支出金・県支出金's, not 支出 (spending) and a word left
    query = one("令和2年度に国や県の支出金（国庫、県支出金）が入ってる事業はいくつ？どれ？", seed.words)
    assert query.filters == (Compare(Field("national_prefectural"), "nonzero"),) and query.years == ("R02",)
    rows = [r for g in execute(query, seed.db).groups for r in g.rows]
    assert rows and len(rows) < len(seed_text_sheets())


def test_the_top_of_a_scale_said_by_its_point_lists_the_projects_at_it(seed):
    query = one("Which projects got the top priority score (優先度 5)?", seed.words)
    assert query.ask == Listing() and query.filters == (Compare(Field("priority"), "eq", 5),)


def test_a_short_value_alone_in_brackets_is_that_value(ofunato_words):
    understood = understand("which projects expect their results to actually go DOWN (低下) after the reform?", None,
                            ofunato_words)  # fmt: skip
    values = [p.value for parse in understood.parses for p in parse.parts if p.kind == "value"]
    assert (("ofunato_expected_outcome", "低下"),) in values



# ---- stop 50 ------------------------------------------------------------------------------------------------------


def test_the_point_of_a_project_is_its_purpose(seed):
    query = one("What's the point of the robot project?", seed.words)
    assert query.ask == Value(Field("purpose")) and query.projects == ("097",)


def test_need_said_as_a_verb_asks_for_no_citizen_needs(seed):
    query = one("I need the budget of the robot project", seed.words)
    assert query.ask == Value(Field("budget")) and query.projects == ("097",)
    assert one("What are the citizen needs of the robot project?", seed.words).ask == Value(Field("citizen_needs"))


def test_a_name_asked_again_after_a_persons_name_was_refused_is_refused_with_it(seed):
    result = answer("Who's the staff member in charge of the robot town project? need a name", engine=seed,
                    mode="extractive")  # fmt: skip
    assert result.kind == UNANSWERABLE and not result.citations, result.text
    # another thing asked after it is answered
    result = answer("Who's the staff member in charge of the robot town project? and what's its budget?",
                    engine=seed, mode="extractive")  # fmt: skip
    assert any(c.section == "costs" for c in result.citations) and "6,954" in result.text


def test_the_year_before_asked_after_an_indicators_name_is_its_figures_that_year(seed):
    history = [{"role": "user", "content": "ロボットの街つくば推進事業の指標って何？"},
               {"role": "assistant", "content": "「ロボットのまち中実証実験数（種類）」で、令和2年度は目標5に対して実績3でした。"}]
    understood = understand("その前の年はどうだった？", history, seed.words)
    assert understood.accepted
    assert {q.ask.measure.field for q in understood.queries} == {"indicator_target", "indicator_actual"}
    assert {q.years for q in understood.queries} == {("R01",)}
    # the name asked again by its own word stays the name
    assert one("令和元年度の指標名は？", seed.words, history).ask == Value(Field("indicator_name"))


def test_a_period_bound_printed_as_an_era_year_is_said_as_a_fiscal_year(two):
    number, start = next((n, cell(n, "事業期間（期間（始期")) for n in sorted(workbook())
                         if re.fullmatch(r"昭和\d+", str(cell(n, "事業期間（期間（始期") or "")))  # fmt: skip
    name = workbook()[number]["事務事業名"][0]
    assert f"{start}年度" in ask(two, f"{name}の事業期間（始期）は？").text


def test_the_things_an_indicator_counts_asked_by_what_they_are_are_an_account(seed):
    for question in ("What agreements did 094 sign in 2020?", "どんな協定を094は結んだの？"):
        assert understand(question, None, seed.words).parses[0].reason == THINGS_ASKED, question
    query = one("How many agreements did 094 conclude in 2020?", seed.words)
    assert query.ask == Value(Field("indicator_actual", indicator=1)) and query.years == ("R02",)


def test_the_questions_other_words_tell_indicators_holding_its_words_alike_apart(two, ofunato_words):
    # 利用者数 and 講座参加延べ人数 both count people: "used" says which
    number = workbook_number("働く婦人の家運営事業")
    query = one("How many people used the working women's house (働く婦人の家) in fiscal 2024?", ofunato_words)
    (indicator,) = [no for no, name in ofunato_words.indicators[number] if name == "働く婦人の家利用者数"]
    assert isinstance(query.ask, Value) and query.ask.measure.indicator == indicator


def test_a_value_word_after_a_possessive_names_the_act_not_a_value(ofunato_words):
    understood = understand("In this year's review, how many programs did the section chiefs mark to be ended, "
                            "abolished or suspended?", None, ofunato_words)  # fmt: skip
    values = [v for parse in understood.parses for p in parse.parts if p.kind == "value" for v in p.value]
    assert values == [("ofunato_future_direction", "終了・廃止・休止")]


def test_a_word_asking_why_is_never_placed_silently(seed, ofunato_words):
    # Sudachi's adverb なぜ and pronoun なん + で are function words by their kind; a reason is asked all the same
    understood = understand("ロボットの街つくば推進事業の決算額はなぜ減ったの？", None, seed.words)
    assert not understood.accepted and understood.read_past == ["なぜ"]
    assert [q.ask for q in understood.queries] == [Value(Field("settlement"))]
    understood = understand("スクールバス運行事業の事業費、なんで増えたの？", None, ofunato_words)
    assert understood.read_past == ["なんで"]
    # (how a project will go on is no why: 「どうしていく」)
    assert understand("095は今後どうしていくつもりなの?", None, seed.words).accepted


def test_why_beside_another_figure_is_not_the_reason_given_for_the_direction(seed):
    # the form's 理由 is its direction's; why a settled amount fell is not it
    understood = understand("How much did the robot project's settled amount change from FY2019 to FY2020, and why?",
                            None, seed.words)  # fmt: skip
    assert understood.read_past == ["why"] and all(
        "reason" not in {f.field for f in measure_fields(q.ask.measure)} for q in understood.queries)
    assert {q.ask.measure.field for q in understand("Why is project 010 ending?", None, seed.words).queries} == {
        "direction", "reason"}  # fmt: skip


def test_how_many_times_more_is_a_ratio_not_a_count_of_times(ofunato_words):
    number = workbook_number("ふるさと納税事務")
    (donations,) = [no for no, name in ofunato_words.indicators[number] if name.endswith("応援寄附｣件数") or name.endswith("応援寄附」件数")]
    query = one("How many times more furusato nozei donations did Ofunato get in FY2024 than in FY2020?", ofunato_words)
    measure = query.ask.measure
    assert isinstance(measure, Combine) and measure.op == "ratio"
    assert [(f.year, f.indicator) for f in measure_fields(measure)] == [("R06", donations), ("R02", donations)]


def test_names_listed_with_one_head_each_name_their_project(ofunato_words):
    # 綾里 alone is in several names; 綾里 and "clinic" in one
    clinics = {workbook_number(f"{place}診療所運営事業") for place in ("綾里", "越喜来", "吉浜")}
    for question in ("Which of the Ryori, Okirai and Yoshihama clinics had the highest total cost last year?",
                     "Of the three district clinics (Ryori, Okirai, Yoshihama), which one had the highest total cost "
                     "last year?"):  # fmt: skip
        query = one(question, ofunato_words)
        assert set(query.projects) == clinics and isinstance(query.ask, Ranking), question


def test_a_fee_asked_is_not_the_projects_money(two):
    # 使用料 is what one user pays; 「いくら」 alone reads no field of the sheet (the passages say the fee, if any)
    result = answer("火葬場の使用料って市内の人だといくら？", engine=two, mode="extractive")
    assert result.kind != STRUCTURED and "事業費" not in result.text, result.text
    assert ask(two, "火葬場の事業費はいくら？").reading


def test_money_asked_of_a_field_named_leaves_the_indicators_asked_beside_it(ofunato_words):
    # 「いくら」 is the 事業費's: the 投票率 asked beside it is still read (not only indicators counted in yen)
    understood = understand("衆院選の事務、令和3年度と令和6年度それぞれ事業費いくらかかって、投票率(小選挙区)はどうだった？", None,
                            ofunato_words)  # fmt: skip
    assert understood.accepted, understood.unplaced
    number = workbook_number("衆議院議員総選挙の執行事務")
    (turnout,) = [no for no, name in ofunato_words.indicators[number] if name.startswith("投票率")]
    asked = {(q.ask.measure.field, q.ask.measure.indicator) for q in understood.queries}
    assert ("ofunato_project_cost", None) in asked and any(indicator == turnout for _, indicator in asked)


def test_an_indicator_whose_name_says_the_thing_counted_is_asked_in_that_counter(ofunato_words):
    number = workbook_number("ふるさと納税事務")
    names = dict(ofunato_words.indicators[number])
    (gifts,) = [no for no, name in names.items() if name.startswith("返礼品")]
    history = [{"role": "user", "content": "ふるさと納税、去年の寄附件数って何件？"},
               {"role": "assistant", "content": "令和6年度の件数は62,075件です（ふるさと納税事務 1397）。"}]
    query = one("返礼品って何品あったの？同じ年で", ofunato_words, history)
    assert query.ask == Value(Field("indicator_actual", indicator=gifts)) and query.years == ("R06",)
    # an indicator counting in another unit is not the count asked, and its words are left said so
    understood = understand("寄附者は何校？", history, ofunato_words)
    assert not understood.accepted and "寄附" in understood.unplaced


def test_the_overall_plans_cost_items_are_fields_of_their_own(two, ofunato_words):
    # the 全体計画 columns: each cost item for a fixed-term project's whole period, no year
    planned = {n: _amount(cell(n, "全体計画\n（事業費計）")) for n in workbook()
               if str(cell(n, "全体計画\n（事業費計）") or "").strip() not in ("", "-", "－")}  # fmt: skip
    query = one("全体計画の事業費がいちばん大きい事業は？", ofunato_words)
    assert query.ask == Ranking(Field("ofunato_overall_project_cost"), "desc", 1)
    top = max(planned, key=planned.get)
    result = ask(two, "全体計画の事業費がいちばん大きい事業は？")
    assert top in result.text and f"{int(planned[top]):,}千円" in result.text
    assert {c.section for c in result.citations if c.sheet == top} >= {"overview"}
    # the year's own 事業費 is still the yearly one
    assert one("事業費がいちばん大きい事業は？", ofunato_words).ask.measure == Field("ofunato_project_cost")


def test_a_condition_said_alone_after_a_projects_figure_asks_whether_it_holds_there(seed):
    history = [{"role": "user", "content": "国際戦略総合特区の事業の連携企業数、R2の目標は？"},
               {"role": "assistant", "content": "092 国際戦略総合特区推進事業の連携企業数（累計）の令和2年度目標値は641件です。"}]
    query = one("で、実績は目標を上回った？差はどれくらい？", seed.words, history)
    assert query.projects == ("092",) and query.years == ("R02",)
    assert query.ask == Value(Combine("difference", Field("indicator_actual"), Field("indicator_target")))
    # 「…のは？」 asks the ones that do, over every project
    query = one("実績が目標を上回ったのは？", seed.words, history)
    assert isinstance(query.ask, Listing) and not query.projects



def test_words_left_side_by_side_that_a_field_read_prints_say_it_again(seed):
    # 正 and 職員 of 「正職員の残業時間」: together, words of 正職員時間外勤務's label
    understood = understand("令和2年度の正職員の残業時間、いちばん多い事業といちばん少ない事業はどれ？", None, seed.words)
    assert understood.accepted, understood.unplaced
    assert {(q.ask.measure.field, q.ask.direction) for q in understood.queries} == {
        ("overtime_hours", "desc"), ("overtime_hours", "asc")}  # fmt: skip


# ---- stop 51 ----


def test_two_noun_phrases_joined_by_to_are_each_asked_with_the_questions_ending():
    from jimuqa.answering.reader import asked_of_each

    assert asked_of_each("福祉灯油、R6の支給件数と1世帯あたりの支給額は？") == ["福祉灯油、R6の支給件数は？", "1世帯あたりの支給額は？"]
    # と after a noun that a verb or a comparison takes is no joining of two things asked
    for question in ("市民と協力して何をしたの？", "昨年度と比べて決算額は？", "予算が増えたのと減ったのは？"):
        assert asked_of_each(question) == [question]


def test_a_figure_asked_as_its_number_or_as_a_proportion(seed):
    # 「数字」 asks the figure itself, as 「数値」 does; "what proportion/chunk of" a share, as "what share of" does
    assert one("097の令和2年度の決算額の数字は？", seed.words) == one("097の令和2年度の決算額は？", seed.words)
    share = one("What share of project 012's FY2020 settlement was general funds?", seed.words)
    for word in ("proportion", "chunk", "portion"):
        assert one(f"What {word} of project 012's FY2020 settlement was general funds?", seed.words) == share
    assert isinstance(share.ask.measure, Combine) and share.ask.measure.op == "percent"


def test_an_area_or_the_hours_a_place_is_open_are_given_only_by_one():
    burned = parse_query("今年の林野火災って、何ヘクタール焼けたの？")
    assert asked_detail(burned).key == "area"
    assert absent_detail(burned, ["消防団車両による火災予防広報（山火事予防運動）を3回実施した。"]) is not None
    assert absent_detail(burned, ["焼失面積は約2,900ヘクタールに及んだ。"]) is None
    hours = parse_query("What are the library's weekend opening hours?")
    assert asked_detail(hours).key == "hours"
    assert absent_detail(hours, ["指定管理者（令和7年度～9年度）の募集を行い、決定した。"]) is not None
    assert absent_detail(hours, ["土日の開館時間は9時から17時まで。"]) is None


def test_a_project_dropped_is_a_project_ended_and_a_figure_dropped_a_fall(seed):
    # "drop" said of a project (and typed "r" for "are") asks why it ends, as "being discontinued" does
    dropping = understand("why r they dropping the robot project?", None, seed.words)
    assert dropping.accepted and dropping.queries == understand("why is the robot project being discontinued?", None,
                                                                seed.words).queries  # fmt: skip
    # said of a figure, it is a fall
    query = one("which projects' settled amounts dropped from FY2019 to FY2020?", seed.words)
    assert query.filters[0].op == "lt" and query.filters[0].measure.op == "difference"


def test_an_indicators_word_between_words_of_a_projects_name_is_the_names(seed):
    # "field" of "the Society 5.0 field trial support program" is its name's (フィールド実験 is an indicator's too)
    query = one("What priority (優先度) score did the Society 5.0 field trial support program get?", seed.words)
    assert query.ask == Value(Field("priority")) and query.projects == ("093",)


def test_the_rules_a_project_is_based_on_are_its_legal_basis(seed):
    assert one("what rules is the robot project based on?", seed.words).ask == Value(Field("legal_basis"))
    assert one("ロボットの街つくば推進事業はどの要綱に基づいてる？", seed.words).ask == Value(Field("legal_basis"))


def test_a_source_of_money_used_as_a_source_is_one_the_project_had(seed):
    # 「…を財源に使ってた」: the projects that had some of it, as 「…がある」 asks
    assert one("去年度（R2）に国や県の支出金を財源に使ってた事業はどれ？", seed.words) == one("R2に国県支出金がある事業はどれ？", seed.words)


def test_the_staff_member_in_charge_asked_is_a_persons_name():
    asked = parse_query("Who was the staff member in charge of the robot town project?")
    assert asked_detail(asked).words[1] == "a person's name"
    assert absent_detail(asked, ["つくばモビリティロボット実証実験推進協議会の運営を行った。"]) is not None


def test_a_fee_asked_why_is_the_topic_not_the_detail_asked():
    # 「使用料が上がったのはなんで」 asks a reason: no yen amount is asked, so none is missing
    assert asked_detail(parse_query("火葬場の使用料が上がったって聞いたけど、なんで？")) is None
    assert asked_detail(parse_query("火葬場の使用料はいくら？")).key == "price"


def test_a_total_over_the_years_of_a_trend_asked_before_sums_every_year_of_it(seed):
    history = [{"role": "user", "content": "国際戦略総合特区推進事業の決算額ってH30からR2でどう推移してる？"},
               {"role": "assistant", "content": "平成30年度12,677千円 → 令和元年度10,025千円 → 令和2年度8,582千円と減少しています。"}]
    query = one("じゃあその3年間の決算、合計するといくら？", seed.words, history)
    assert [f.year for f in measure_fields(query.ask.measure)] == ["H30", "R01", "R02"]
    assert {f.field for f in measure_fields(query.ask.measure)} == {"settlement"}


def test_staff_overtime_hours_and_a_count_of_these_projects(seed):
    query = one("which project had the fewest staff overtime hours in 2020, not counting ones with zero?", seed.words)
    assert query.ask == Ranking(Field("overtime_hours"), "asc", 1)
    assert query.filters == (Compare(Field("overtime_hours"), "nonzero"),) and query.years == ("R02",)
    # "how many of these projects": a count of rows, as "how many projects" is
    assert one("How many of these projects got any national or prefectural funding in FY2020?", seed.words) == \
        one("How many projects got any national or prefectural funding in FY2020?", seed.words)  # fmt: skip


def test_an_abbreviated_prefectural_is_read_in_full():
    assert "national/prefectural funds" in normalise_text("what share came from national/pref funds?")


def test_this_fy_is_this_fiscal_year():
    assert normalise_text("the planned total cost this FY?") == "the planned total cost this fiscal year?"
    assert normalise_text("the budget in FY2024") == "the budget in fy2024"


# ---- stop 52 ----


def test_a_word_said_right_before_an_indicator_that_its_name_holds_is_the_indicators(seed):
    # "new agreements": 新規協定締結数, not the 新規 of 新規・継続
    query = one("how many new agreements did the university partnership project have in R2?", seed.words)
    assert isinstance(query.ask, Value) and query.ask.measure.field == "indicator_actual"
    assert query.projects == ("094",)


def test_a_change_between_two_years_of_staff_overtime_is_one_figures_change(seed):
    # "staff" says whose overtime, as it does in a ranking: one change, not staff allocation's too
    query = one("how did staff overtime change from R1 to R2 for project 094?", seed.words)
    assert {f.field for f in measure_fields(query.ask.measure)} == {"overtime_hours"}
    assert query.ask.measure.op == "difference"


def test_per_between_two_figures_divides_them(ofunato_words):
    query = one("how many work hours per regular staff member did 1105 have in R6?", ofunato_words)
    assert query.ask.measure.op == "ratio"
    assert [f.field for f in measure_fields(query.ask.measure)] == ["ofunato_work_hours", "ofunato_staff"]


def test_a_bracket_saying_which_project_is_meant_asks_nothing_of_its_own(ofunato_words):
    # 「（移住支援金のやつ）」 says which 移住支援事業: no indicator named 移住支援金… is asked
    query = one("移住支援事業（移住支援金のやつ）の事業期間の終期はいつ？", ofunato_words)
    assert query == one("移住支援事業の事業期間の終期はいつ？", ofunato_words)


def test_a_field_glossed_by_one_forms_printed_label_is_that_forms(two):
    # "national treasury disbursements (国庫支出金)": 大船渡's 国庫支出金, not Tsukuba's 国庫、県支出金、地方債 too
    result = ask(two, "Which three projects received the most national treasury disbursements (国庫支出金) in R6?")
    assert "国庫支出金" in result.reading
    assert {c.sheet for c in result.citations} and all(len(c.sheet) == 4 for c in result.citations)


def test_a_count_of_people_in_man_is_a_number_of_people():
    # 「269万人」 gives a number of people
    asked = parse_query("三陸鉄道、開業したころは何人くらい乗ってたの？")
    assert absent_detail(asked, ["開業時269万人だった利用客は、令和５年度には62万人まで減少している。"]) is None
    assert absent_detail(asked, ["自家用車の普及や少子化による影響等により赤字経営が続いている。"]) is not None


def test_what_a_thing_is_for_asks_its_purpose_only_when_for_ends_the_clause():
    assert "目的" in asked_rows(parse_query("What is the robot project for?"))
    assert "目的" not in asked_rows(parse_query("What was the theme for this year's call for proposals?"))


def test_a_span_of_days_is_counted_in_days_and_a_rate_counts_what_is_over_its_slash():
    assert asked_counters("つばきまつりって去年は何日間やってたの？", "ja")[0][2] == "日"
    assert asked_counters("how many animals did they catch?", "en")[0][2] == "頭"
    assert counts_in("日", "日") and counts_in("人/日", "人") and not counts_in("人/日", "日")


def test_the_reason_for_a_direction_asked_of_an_ofunato_sheet_is_its_summary(ofunato_words):
    # Tsukuba's form prints a 理由 beside its 方向性; 大船渡's gives the 全体総括 beside its 今後の方向性
    assert counterpart(catalogue()["reason"], "ofunato").key == "ofunato_summary"
    history = [{"role": "user", "content": "省エネ家電の買い替え補助って今後どうなるの？"},
               {"role": "assistant", "content": "省エネ家電等買替え促進事業（1876）の今後の方向性は「３ 終了・廃止・休止」です。"}]
    assert one("え、なんで？理由は書いてある？", ofunato_words, history).ask == Value(Field("reason"))


def test_an_indicators_whole_printed_name_names_it_and_its_project(ofunato_words):
    name = next(n for (number, _), n in ofunato_words.printed_indicators.items() if number == "1397" and "金額" in n)
    query = one(f"By how much did the donation amount ({name}) change between R5 and R6?", ofunato_words)
    assert query.projects == ("1397",) and query.ask.measure.op == "difference"


def test_not_carrying_a_project_on_is_its_ending(seed):
    # 「なんで続けないの」 asks why it ends, as 「なんでやめるの」 does
    asked = understand("近未来技術の社会実装の事業、なんで続けないの？", None, seed.words)
    assert asked.accepted and asked.queries == understand("近未来技術の社会実装の事業、なんでやめるの？", None, seed.words).queries
    assert {q.ask.measure.field for q in asked.queries} == {"direction", "reason"}


def test_a_staffing_level_is_the_staff_assigned(seed):
    query = one("what was the FY2020 staffing level of project 011?", seed.words)
    assert query.ask == Value(Field("staff_ratio"))


def test_what_asked_across_a_verb_is_no_kind_of_project(seed):
    # "what kinds of services is the smart city project planning": "what" asks of the project, not "which smart city
    # project" (a kind, which a 係's name would say before a project's: スマートシティ戦略室)
    understood = understand("What kinds of services and tech is the smart city project planning to roll out?", None,
                            seed.words)  # fmt: skip
    assert {p.value for parse in understood.parses for p in parse.of("project")} == {"011"}
    assert not any(p.kind == "value" and "section" in dict(p.value) for parse in understood.parses for p in parse.parts)


def test_a_verb_sudachi_cuts_in_two_is_one_verb(ofunato_words):
    # 「見込んでる」: 見 + 込ん, the function word 見込む
    assert understand("図書館運営事業の令和7年度の図書館資料の貸出点数はどのくらいを見込んでるの？", None, ofunato_words).accepted


def test_a_first_sentence_trailing_off_is_background(two):
    result = ask(two, "theres a falling-apart empty house next to mine.. which office at city hall actually deals with "
                      "vacant houses?")  # fmt: skip
    assert "空家等対策係" in result.reading and "read as background" in result.text


def test_numbered_items_of_a_list_each_ask_their_own_figure(ofunato_words):
    understood = understand("For ふるさと納税事務, please give the R6 figures for (1) number of donations, (2) total "
                            "amount donated, and (3) number of return-gift items.", None, ofunato_words)  # fmt: skip
    assert understood.accepted
    names = [ofunato_words.printed_indicators[("1397", q.ask.measure.indicator)] for q in understood.queries]
    assert len(names) == 3 and names[0].endswith("件数") and names[1].endswith("金額") and "返礼品" in names[2]


def test_the_reasons_of_a_judgement_are_its_own(ofunato_words):
    # "(④ 成果の向上余地)": the item's number says which judgement; the reasons asked are that item's
    understood = understand("On the 椿利活用推進事業 sheet, what reasons are given for judging there is no room to improve "
                            "results (④ 成果の向上余地)?", None, ofunato_words)  # fmt: skip
    assert understood.accepted
    assert {q.ask.measure.field for q in understood.queries} == {"ofunato_evaluation_4", "ofunato_evaluation_4_reason"}


def test_counting_a_cost_too_adds_it(seed):
    assert one("Counting staff costs too, which two projects cost the most in FY2020?", seed.words) == \
        one("Including staff costs, which two projects cost the most in FY2020?", seed.words)  # fmt: skip


def test_this_division_is_the_one_the_sheets_are_of(seed):
    # the seed's sheets are of one department: "all the projects in this division" says every sheet again
    assert one("What's the average citizen-needs score across all the projects in this division?", seed.words) == \
        one("What's the average citizen-needs score across all the projects?", seed.words)  # fmt: skip


def test_a_projects_name_said_again_after_its_number_names_it(seed):
    # "Future" of "the Future Co-creation Project" is its name's word, no direction asked
    query = one("What was the regular-staff allocation (正職員従事割合) for project 009, the Future Co-creation Project, in R02?",
                seed.words)  # fmt: skip
    assert query.ask.measure.field == "staff_ratio" and query.projects == ("009",)


def test_the_kind_of_period_asked_of_a_tsukuba_sheet_is_its_period():
    assert counterpart(catalogue()["ofunato_period_kind"], "tsukuba").key == "period"


def test_a_noun_joined_to_an_indicator_by_no_says_what_it_counts(ofunato_words):
    # 「本の貸出点数」: the library's 図書館資料の貸出点数, its change between two years
    query = one("図書館の本の貸出点数、R5からR6でどれくらい増えた？", ofunato_words)
    assert query.ask.measure.op == "difference" and query.projects == (workbook_number("図書館運営事業"),)


def test_a_kind_of_project_said_in_english_and_with_its_letter(ofunato_words):
    query = one("Within 水産課, which of the subsidy-type projects (事務事業区分 Ｄ 補助金等) have 改革改善 as the 課長等意見 "
                "future direction?", ofunato_words)  # fmt: skip
    assert Member("ofunato_category", ("補助金等",)) in query.filters


def test_more_than_the_year_before_is_the_change_from_it(ofunato_words):
    number = workbook_number("地域おこし協力隊事業")
    history = [{"role": "user", "content": f"What was {number}'s 事業費計 in R6?"},
               {"role": "assistant", "content": f"{number}: R6 事業費計 34,823千円"}]
    query = one("Is that more than the year before?", ofunato_words, history)
    assert query.ask.measure.op == "difference" and query.projects == (number,)


# ---- stop 53 ----
def test_a_top_score_stated_is_the_condition_not_a_ranking(seed):
    # "top priority (5)": the point of the scale said, not the top project by priority; "carry out" asks nothing
    query = one("Among the projects rated top priority (5), which one did NOT carry out its plan on schedule in FY2020?",
                seed.words)  # fmt: skip
    assert isinstance(query.ask, Listing) and Compare(Field("priority"), "eq", 5) in query.filters


def test_whether_a_target_was_met_in_a_year_not_yet_recorded_is_declined(seed):
    later = answer("スマートシティの社会実装数、令和3年度は目標の1件を達成できた？", engine=seed, mode="extractive")
    assert later.kind == UNANSWERABLE and "011" in later.text and not later.citations
    assert answer("スマートシティの社会実装数、令和2年度は目標を達成できた？", engine=seed).kind == STRUCTURED


def test_a_figure_asked_alone_after_a_ranking_is_of_the_one_it_found(seed):
    # 009 had no budget (no share to rank): the amount left over is asked of 010, the one the ranking found
    result = ask(seed, "令和2年度で予算の執行率（決算÷予算）が一番低かった事業はどれ？使い残した額もあわせて教えて。")
    ranked = [r["sheet"] for r in result.rows if r.get("rank") == 1]
    left_over = [r["sheet"] for r in result.rows if "−" in (r.get("shown") or "")]
    assert left_over == ranked and len(ranked) == 1
    # and asked next, of the one found: 「不用額は？」 after the largest spending
    largest = ask(seed, "令和2年度の決算額が一番大きい事業は？")
    history = [{"role": "user", "content": "令和2年度の決算額が一番大きい事業は？"},
               {"role": "assistant", "content": largest.text}]
    (query,) = understand("不用額は？", history, seed.words, lambda q: tuple(
        row.sheet for group in execute(q, seed.db).groups for row in group.rows)).queries
    assert query.projects == tuple(r["sheet"] for r in largest.rows if r.get("rank") == 1)


def test_a_direction_asked_of_a_named_project_comes_with_its_reason(seed):
    result = ask(seed, "近未来技術の社会実装を加速させる事業、今後どうなる予定？")
    assert {c.section for c in result.citations} == {"direction"} and len(result.citations) == 2


def test_ids_asked_beside_a_ranking_are_what_it_shows(seed):
    asked = ask(seed, "Which three projects had the largest budget in FY2020? Give the IDs and amounts.")
    assert asked.reading == ask(seed, "Which three projects had the largest budget in FY2020?").reading


def test_a_place_written_in_kanji_is_a_place_in_the_ranking(seed):
    assert one("令和2年度の決算額が一番少なかったのと二番目に少なかったのはどれ？", seed.words).ask == \
        Ranking(Field("settlement"), "asc", 2)  # fmt: skip
    assert one("決算額が三位の事業は？", seed.words).ask.top_k == 3


def test_a_change_in_absolute_terms_and_as_a_share_asks_both(ofunato_words):
    understood = understand("図書館の貸出点数は令和2年度から6年度で実数と率でどれだけ変わった？", None, ofunato_words)
    assert [q.ask.measure.op for q in understood.queries] == ["difference", "percent"]


def test_dropped_by_a_share_is_a_fall_not_an_ending(seed):
    history = [{"role": "user", "content": "097の令和2年度の決算額は？"},
               {"role": "assistant", "content": "097 ロボットの街つくば推進事業: 令和2年度の決算額 5,139千円"}]
    query = one("By what % has it dropped since FY2018?", seed.words, history)
    assert query.ask.measure.op == "percent" and query.projects == ("097",)


def test_a_kind_of_project_said_in_two_kanji_is_a_condition_on_names(ofunato_words):
    query = one("選挙関係の事務事業3つ、令和6年度のトータルコストって平均するといくら？", ofunato_words)
    assert query.ask == Aggregate("average", Field("ofunato_total_cost"))
    assert query.filters == (Compare(Field("name"), "contains", "選挙"),)


# ---- stop 53, round 28 ----
def test_an_average_ending_one_digit_further_is_shown_whole():
    from jimuqa.answering.compose_answer import _number
    from jimuqa.answering.execute import Figure

    hours = tuple(Figure(float(h)) for h in (2300, 2000, 80, 100, 50, 300, 600, 1700))
    assert _number(Figure(sum(f.value for f in hours) / len(hours), op="average", inputs=hours)) == "891.25"
    costs = tuple(Figure(float(c)) for c in (1, 2, 2, 2, 2, 2, 2, 2))
    assert _number(Figure(15 / 8, op="average", inputs=costs)) == "1.9"  # (1.875: two digits further, rounded)


def test_a_part_asking_a_count_in_a_unit_nothing_reads_is_not_read_away(ofunato_words):
    # 「何歳から」 asks an age no figure gives: the question is not read as the counts the other part asks
    assert not understand("敬老祝金は何歳から？あと去年と今年それぞれ何件くらい？", None, ofunato_words).accepted
    assert understand("敬老祝金、去年と今年それぞれ何件くらい？", None, ofunato_words).accepted


def test_the_letter_of_a_coded_value_said_after_it_in_brackets(ofunato_words):
    query = one("水産課の補助金等（D区分）の事業のうち、課長等意見の今後の方向性が「改革改善」になっているのは何件？",
                ofunato_words)  # fmt: skip
    assert Member("ofunato_category", ("補助金等",)) in query.filters


@pytest.mark.parametrize("question", ["What is the overall planned 事業費 (全体計画) for project {n}?", "{n}の事業費（全体計画）は？",
                                      "What is the 全体計画 事業費 for project {n}?", "{n}の全体計画事業費は？"])  # fmt: skip
def test_the_overall_plan_said_before_or_after_a_cost(ofunato_words, question):
    number = workbook_number("おおふなと版窓口改革（DX）事業")
    assert one(question.format(n=number), ofunato_words).ask == Value(Field("ofunato_overall_project_cost"))


def test_a_noun_between_two_words_of_an_indicator_is_of_its_mention(seed):
    # 「体験型イベントの参加者数」: 体験型科学教育事業の延べ参加者数, the events its sheet counts the participants of
    assert one("095の体験型イベントの参加者数は？", seed.words).ask.measure.indicator == 1


def test_how_a_project_did_on_its_indicator_is_its_attainment(seed):
    query = one("How did project 097 do on its indicator in FY2020?", seed.words)
    assert query.ask == Attainment() and query.years == ("R02",)


def test_run_in_house_is_the_structure_of_staff_only(seed):
    assert one("直営の事業はいくつ？", seed.words).filters == (Member("structure", ("職員のみ",)),)


# ---- stop 53, round 29 ----
def test_a_total_said_of_one_projects_figures_asks_each_figure(ofunato_words):
    library = workbook_number("図書館運営事業")
    understood = understand(f"For {library} in R6: how many regular staff worked on it, total work hours, and the total "
                            "cost including personnel?", None, ofunato_words)  # fmt: skip
    assert [q.ask for q in understood.queries] == [Value(Field(f)) for f in ("ofunato_staff", "ofunato_work_hours",
                                                                             "ofunato_total_cost")]  # fmt: skip


def test_a_later_part_of_one_question_is_about_the_project_before_it(seed):
    from jimuqa.answering.engine import _pointed_back_to

    history = [{"role": "user", "content": "097の令和2年度の決算額は？"},
               {"role": "assistant", "content": "097 ロボットの街つくば推進事業: 令和2年度の決算額 5,139千円"}]
    assert _pointed_back_to("how many kids were eligible to ride?", history, seed.words) == ((), ())
    assert _pointed_back_to("how many kids were eligible to ride?", history, seed.words, later_part=True)[0] == ("097",)


def test_a_total_of_differences_shows_each_sides_total(seed):
    sides = [ask(seed, f"令和2年度の{field}の合計は？").rows[0]["value"] for field in ("予算額", "決算額")]
    unspent = ask(seed, "令和2年度の不用額の合計は？")
    assert all(f"{value:,}" in unspent.text for value in sides)


def test_staff_costs_added_to_the_spending_are_summed(seed):
    query = one("Of all ten projects, which one cost the most in FY2020 once you add staff costs to the actual spending?",
                seed.words)  # fmt: skip
    assert query.ask.measure.op == "sum" and {f.field for f in measure_fields(query.ask.measure)} == {
        "settlement", "personnel_cost_total"}  # fmt: skip


def test_spending_broken_down_by_funding_source_asks_each_source(seed):
    understood = understand("Break down the robot town project's FY2020 spending by funding source.", None, seed.words)
    asked = {q.ask.measure.field for q in understood.queries}
    assert {"general_fund", "national_prefectural", "other"} <= asked and understood.accepted


# ---- stop 53, round 30 ----
def test_staff_doing_hours_on_a_project_is_no_attainment(seed):
    # "do on its indicator" asks how it went; "did staff do on the … project" does not
    understood = understand("how many hours of overtime did staff do on project 011 in 2020?", None, seed.words)
    assert [q.ask.KIND for q in understood.queries] == ["value"]


def test_worst_three_is_a_ranking_from_the_bottom(seed):
    query = one("R2の予算の執行率(決算÷予算)が低い事業、ワースト3を教えてください。", seed.words)
    assert isinstance(query.ask, Ranking) and (query.ask.direction, query.ask.top_k) == ("asc", 3) and not query.filters


def test_a_row_also_put_in_is_added_to_the_figure_before(seed):
    history = [{"role": "user", "content": "097の令和2年度の決算額は？"},
               {"role": "assistant", "content": "097 ロボットの街つくば推進事業: 令和2年度の決算額 5,139千円"}]
    query = one("人件費も入れるといくら？", seed.words, history)
    assert query.ask.measure.op == "sum" and query.projects == ("097",)
    assert {f.field for f in measure_fields(query.ask.measure)} == {"settlement", "personnel_cost_total"}


def test_and_also_before_a_verb_joins_two_conditions(seed):
    query = one("How many projects are tagged with SDG 11 and also had an FY2020 budget above 5,000 thousand yen?",
                seed.words)  # fmt: skip
    assert query.ask.op == "count" and len(query.filters) == 2


def test_a_total_says_how_many_projects_it_adds_up(seed):
    result = ask(seed, "What is the total FY2020 budget?")
    added = [r for r in result.rows if r.get("sheet")]
    assert f"({len(added)} projects)" in result.text


def test_words_several_names_share_name_their_city(two):
    from jimuqa.answering.engine import _city_of_projects

    assert _city_of_projects("鳥獣被害の実施隊って、去年は何頭くらい捕獲したの？", None, two) == (OFUNATO,)


def test_what_was_said_and_done_about_a_fee_is_no_fee_asked():
    assert asked_detail(parse_query("火葬場の使用料について、議会からどんな提言があって、市はどう対応した？")) is None
    assert asked_detail(parse_query("火葬場の使用料はいくら？")).key == "price"


# ---- stop 53, round 31 ----
def test_a_hyphenated_kind_after_a_units_possessive_is_the_kind(ofunato_words):
    query = one("Which of the 農林課's facility-management (Ｃ 施設管理) projects spent more than 10,000 thousand yen in R6?",
                ofunato_words)  # fmt: skip
    assert Member("ofunato_category", ("施設管理",)) in query.filters and isinstance(query.ask, Listing)


def test_english_in_brackets_after_a_unit_says_the_unit_again(seed):
    query = one("For the projects run by the 科学の街推進係 (Science City Promotion section), what was the total FY2020 "
                "cost including personnel costs?", seed.words)  # fmt: skip
    assert query.ask.op == "total" and not query.projects
    assert [f.field for f in query.filters if isinstance(f, Member)] == ["section"]


def test_what_kind_of_things_were_done_asks_the_results_row():
    assert "成果" in asked_rows(parse_query("国際科学技術都市つくばの事業、令和2年度は海外とどんなことしたの?"))


# ---- stop 53, round 32 ----
def test_a_stage_of_citizen_participation_said_as_a_stage(seed):
    understood = understand("未来共創プロジェクトって誰が対象？あと市民は実行段階でどう関われるの？", None, seed.words)
    assert Field("implementation") in [q.ask.measure for q in understood.queries]


def test_what_fraction_in_wari_is_a_share(seed):
    query = one("097の令和2年度の決算額のうち一般財源は何割？", seed.words)
    assert query.ask.measure == Combine("percent", Field("general_fund"), Field("settlement"))


# ---- stop 54 ----
def _paid_only_from_general_funds(year: str) -> set[str]:
    """The seed sheets whose 決算額 that year, as printed, is all 一般財源 (and not nothing)."""
    return {n for n in seed_text_sheets() if (spent := printed_costs(n, "決算額")[year])
            and printed_costs(n, "一般財源")[year] == spent}  # fmt: skip


@pytest.mark.parametrize("question", [
    "Which projects were funded only by general funds in FY2020?",
    "How many projects paid for their FY2020 spending entirely out of general funds?",
    "令和2年度の決算を一般財源だけでまかなった事業は？",
    "令和2年度、一般財源のみの事業はどれ？",
])  # fmt: skip
def test_a_source_of_money_said_as_the_only_one_paid_the_whole_cost(seed, question):
    query = one(question, seed.words)
    assert query.filters == (Compare(Combine("percent", Field("general_fund"), Field("settlement")), "eq", 100),)
    result = answer(question, engine=seed)
    listed = {c.sheet for c in result.citations}
    assert listed == _paid_only_from_general_funds(seed_sheet_year())
    assert "all of" in result.text or "全額が一般財源" in result.text  # the reading says "all", no bare 100


def test_a_source_of_money_without_only_is_one_it_had_some_of(seed):
    query = one("Which projects were funded by general funds in FY2020?", seed.words)
    assert query.filters == (Compare(Field("general_fund", None), "nonzero"),)
    assert one("一般財源全部でいくら？", seed.words).ask.op == "total"  # 全部: all of them, added up


def test_a_team_asked_is_shown_with_its_department(two):
    number = workbook_number("貝毒検査事業")
    result = answer(f"{number}は市役所のどこの係がやってるの？", engine=two)
    assert str(cell(number, "係名")).strip() in result.text and str(cell(number, "部課名")).strip() in result.text


def test_a_money_problem_is_the_budget_issue(seed):
    for question in ("What money problem does 093 mention?", "093の予算面の課題は？"):
        assert one(question, seed.words).ask == Value(Field("issues_org_budget"))


def test_why_an_event_is_held_in_the_afternoon_is_asked_of_its_sheet():
    # (what holds on a day is not on the sheets; why an event is held at an hour may be)
    assert refusal_of(parse_query("成人式（二十歳のつどい）って午後にやってるけど、なんで午後になったの？")) is None
    assert refusal_of(parse_query("今日の午後の天気は？")).reason == A_DAY


def test_a_value_said_of_a_field_that_prints_another_fields_words_is_that_fields(two):
    # 改革改善の方向性 prints the words of 今後の方向性: a value said right after it is its own
    question = "改革改善の方向性が現状維持で、課長等意見の今後の方向性が終了・廃止・休止の事業は？"
    query = one(question, two.words)
    assert Member("ofunato_improvement_direction", ("現状維持",)) in query.filters and len(query.filters) == 2
    expected = {n for n in ended_projects() if "現状維持" in str(cell(n, "(1) 改革改善の方向性"))}
    assert expected and {c.sheet for c in answer(question, engine=two).citations} == expected


def test_how_much_of_a_figure_asks_that_figure_not_money(seed):
    result = answer("How much of a regular staffer's time (FTE) went to 009 in R2?", engine=seed)
    assert "正職員従事割合" in result.text and "決算額" not in result.text


def test_english_asks_one_after_another_are_parts():
    assert split("What's happening with the legacy project — what's its future direction, what events did it run "
                 "last year, and how many people took part?") == [
        "What's happening with the legacy project", "what's its future direction", "what events did it run last year",
        "how many people took part?"]  # fmt: skip
    # words that ask nothing before the comma say what the ask is of
    assert split("For the crematorium project, how many cremations were there?") == [
        "For the crematorium project, how many cremations were there?"]


def test_what_came_out_of_a_project_asks_its_results():
    assert "成果" in asked_rows(parse_query("what came out of the partnership with TGI last year?"))


def test_a_change_asked_after_the_same_figure_for_the_year_before_is_between_the_two(seed):
    history = [{"role": "user", "content": "097の令和2年度の決算額は？"},
               {"role": "assistant", "content": "097 ロボットの街つくば推進事業の令和2年度の決算額は5,139千円です。"}]
    understood = understand("その前の年は？増えた？減った？", history, seed.words)
    assert understood.accepted
    assert [(q.ask, q.years) for q in understood.queries] == [
        (Value(Field("settlement")), ("R01",)),
        (Value(Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))), ())]


def test_a_figure_per_another_said_recorded_is_their_ratio(two):
    number = workbook_number("消防・防災訓練事業")
    year = block_years(number)[4]
    hours, staff = cell(number, "延べ業務時間", 4), cell(number, "正規職員従事人数", 4)
    query = one(f"For {number}, how many work hours per regular staff member were recorded in {year}?", two.words)
    assert query.ask == Value(Combine("ratio", Field("ofunato_work_hours"), Field("ofunato_staff")))
    result = answer(f"For {number}, how many work hours per regular staff member were recorded in {year}?", engine=two)
    assert f"{hours / staff:,.1f}" in result.text


def test_one_figure_per_one_of_another_in_japanese_is_their_ratio(two):
    number = workbook_number("消防・防災訓練事業")
    per_staff = Combine("ratio", Field("ofunato_work_hours"), Field("ofunato_staff"))
    assert one(f"{number}の令和6年度の正規職員1人当たりの延べ業務時間は？", two.words).ask == Value(per_staff)
    # 長い ranks hours (and 「1人あたり」 stays a number, no word of an indicator's name 「…一人当たり…」)
    query = one("令和6年度、正規職員1人あたりの延べ業務時間が一番長い事業は？", two.words)
    assert query.ask == Ranking(per_staff, "desc", 1) and not query.projects


def test_a_stage_of_citizen_participation_written_with_a_dot_is_that_row(seed):
    query = one("096って、市民参加の「評価・検証」では何をやってるの？", seed.words)
    assert query.ask == Value(Field("assessment")) and query.projects == ("096",)


def test_the_sheets_own_words_in_an_english_question_name_an_indicator(two):
    number = workbook_number("消費者保護対策事業")  # (its indicator 消費生活相談件数)
    for question in ("How many 消費生活相談 were handled in R6?",
                     "How many consumer-affairs consultations (消費生活相談) were handled in R6?"):  # fmt: skip
        query = one(question, two.words)
        assert query.projects == (number,) and query.ask.measure.field == "indicator_actual", question


def test_an_indicator_name_a_sheet_prints_twice_asks_both(two):
    number = workbook_number("空家等対策推進事業")
    understood = understand("空家等対策推進事業の令和6年度の空家等に関する相談件数を教えてください。", None, two.words)
    assert understood.accepted and {q.projects for q in understood.queries} == {(number,)}
    assert len({q.ask.measure.indicator for q in understood.queries}) == 2


def test_at_the_time_of_is_said_with_function_words(two):
    number = workbook_number("つばきまつり運営事業")
    understood = understand("つばきまつりの時の椿館の1日あたり入館者、令和5年度から6年度でどれくらい減った？何％？", None,
                            two.words)  # fmt: skip
    assert understood.accepted and {q.projects for q in understood.queries} == {(number,)}


def test_why_a_facility_was_torn_down_asks_why_it_ends():
    for question in ("綾里駅のとこの直売所、なんで取り壊したの？", "why did they demolish the shop by the station?"):
        assert "課題と解決策" in asked_rows(parse_query(question)), question


def test_a_person_asked_in_english_with_the_sheets_word_is_still_a_person(seed):
    result = answer("Who is the section chief (課長) of the science and technology promotion division?", engine=seed)
    assert result.kind == UNANSWERABLE and not result.citations


# ---- stop 54, round 35 ----
def test_the_total_cost_said_with_no_between_its_words(seed):
    query = one("令和2年度、決算額に人件費も足したトータルのコストが一番大きかったのはどの事業？", seed.words)
    assert query.ask.measure == Combine("sum", Field("settlement"), Field("personnel_cost_total"))


def test_how_many_said_after_a_ranking_is_its_number(seed):
    understood = understand("Which projects had the fewest staff overtime hours in FY2020? Give me the bottom three.", None,
                            seed.words)  # fmt: skip
    assert [q.ask for q in understood.queries] == [Ranking(Field("overtime_hours"), "asc", 3)]
    history = [{"role": "user", "content": "Which project had the fewest staff overtime hours in FY2020?"},
               {"role": "assistant", "content": "094: 33.00 hours"}]
    assert one("Give me the bottom three.", seed.words, history).ask == Ranking(Field("overtime_hours"), "asc", 3)


def test_what_percentage_a_change_is_asked_after_it_is_given_with_it(seed):
    # the change is given with its percentage, so a share asked of it is answered from the table, not the passages
    result = answer("By how much did 097 spending grow from R1 to R2, and what percentage increase is that?",
                    engine=seed)  # fmt: skip
    before, after = printed_costs("097", "決算額")["R01"], printed_costs("097", "決算額")["R02"]
    assert result.kind == STRUCTURED and f"{(after - before) / before * 100:.1f}%" in result.text


def test_a_text_fields_word_counted_after_an_indicators_word_is_what_it_counts(two):
    number = workbook_number("広報おおふなと発行事業")
    query = one("How many regular issues of the city newsletter (広報おおふなと) were published in R6?", two.words)
    assert query.projects == (number,) and query.ask.measure.field == "indicator_actual"  # not its 課題 (issues)


@pytest.mark.parametrize("question", ["Which projects were NOT paid for entirely out of the general fund in FY2020?",
                                      "令和2年度に一般財源だけで賄っていない事業は？"])  # fmt: skip
def test_a_source_of_money_said_not_to_be_the_only_one(seed, question):
    query = one(question, seed.words)
    assert query.filters == (Compare(Combine("percent", Field("general_fund"), Field("settlement")), "ne", 100),)
    spent = {n for n in seed_text_sheets() if printed_costs(n, "決算額")[seed_sheet_year()]}
    paid_only = _paid_only_from_general_funds(seed_sheet_year())
    assert {c.sheet for c in answer(question, engine=seed).citations} == spent - paid_only


def test_words_of_a_name_said_without_its_no_find_it(two):
    names = {n for n, r in workbook().items() if "選挙執行事務" in str(r["事務事業名"][0]).replace("の", "")}
    question = "選挙管理委員会の選挙執行事務について、令和6年度のトータルコストの平均はいくらですか。"
    assert names and {c.sheet for c in answer(question, engine=two).citations} == names


# ---- stop 55 ----
def test_an_english_gloss_in_brackets_after_a_name_says_the_name_again(seed):
    # "Science City" in the gloss is no city's name: the average is over the team the Japanese names
    sheets = seed_text_sheets()
    team = {n for n, text in sheets.items() if re.search(r"係名\t([^\t\n]+)", text)[1].strip() == "科学の街推進係"}
    result = answer("What's the average FY2020 actual spending across the projects run by the 科学の街推進係 "
                    "(Science City Promotion section)?", engine=seed)  # fmt: skip
    spent = [printed_costs(n, "決算額")[seed_sheet_year()] for n in team]
    assert result.kind == STRUCTURED and {c.sheet for c in result.citations} == team
    assert f"{sum(spent) / len(spent):,.1f}" in result.text


def test_a_gloss_does_not_narrow_what_the_name_before_it_holds(two):
    # 観光交流推進室 is written on its own and after its 部 (商工港湾部観光交流推進室): the gloss keeps both
    plain = answer("Within the 観光交流推進室, which three projects had the largest 事業費計 in R6?", engine=two)
    glossed = answer("Within the 観光交流推進室 (tourism & exchange promotion office), which three projects had the "
                     "largest 事業費計 in R6?", engine=two)  # fmt: skip
    assert len({c.sheet for c in plain.citations}) == 3 and glossed.text == plain.text


def test_a_thing_said_likely_to_become_an_issue_asks_the_issues(two):
    # 「なりそう」: an auxiliary of likelihood, not a word of what is asked
    number = workbook_number("大船渡市鳥獣被害対策実施隊設置事業")
    understood = understand("鳥獣被害対策実施隊設置事業って、この先なにが課題になりそう？", None, two.words)
    fields = {f.field for q in understood.queries for f in measure_fields(q.ask.measure)}
    assert understood.accepted and {q.projects for q in understood.queries} == {(number,)}
    assert "ofunato_issues" in fields


def test_a_short_word_one_letter_off_a_names_word_is_that_word(seed):
    # "smrt": a slip of the keyboard for "smart" (スマートシティ), no word of the dictionary
    named = [n for n, text in seed_text_sheets().items() if "スマートシティ" in re.search(r"事務事業名\t([^\t\n]+)", text)[1]]
    query = one("how many hours of overtime did staff put in on the smrt city project in 2020?", seed.words)
    assert query.projects == tuple(named) and query.ask.measure == Field("overtime_hours")


def indicator_actual(number: str, name: str, year: str) -> float:
    """An indicator's figure in a year, read under the letter its name is printed with (「⑥ 対象指標…\nカ：名称」:
    its figures under 「⑥対象指標\nカ」)."""
    header = next(h for h, v in workbook()[number].items() if h.endswith("：名称") and v == [name])
    kind, letter = header.split("\n")
    figures = f"{kind.split(' ')[0]}{kind.split(' ')[1].split('（')[0]}\n{letter.split('：')[0]}"
    return cell(number, figures, block_years(number).index(year))


@pytest.mark.parametrize("question", ["出産祝金支給事業の令和6年度の、支給対象延べ児童数1人あたりの事業費計は？",
                                      "出産祝金支給事業の令和6年度の事業費計を支給対象延べ児童数で割るといくら？",
                                      "What was the R6 事業費計 of 出産祝金支給事業 per 支給対象延べ児童数?"])  # fmt: skip
def test_a_cost_per_one_of_what_an_indicator_counts_divides_by_its_actual(two, question):
    number = workbook_number("出産祝金支給事業")
    counted = next(no for no, name in two.words.indicators[number] if name == "支給対象延べ児童数")
    query = one(question, two.words)
    assert query.ask.measure == Combine("ratio", Field("ofunato_project_cost"), Field("indicator_actual", indicator=counted))
    cost = cell(number, "事業費計", block_years(number).index("R06"))
    children = indicator_actual(number, "支給対象延べ児童数", "R06")
    result = answer(question, engine=two)
    assert result.kind == STRUCTURED and {c.section for c in result.citations} == {"costs", "indicators"}
    assert f"{cost / children:.1f}" in result.text and f"{shown(children)}" in result.text


def test_one_indicators_figure_per_one_of_what_another_counts(two):
    number = workbook_number("図書館運営事業")
    by_name = {name: no for no, name in two.words.indicators[number]}
    query = one("図書館運営事業の令和6年度の、図書館利用登録者1人あたりの図書館資料の貸出点数は？", two.words)
    assert query.ask.measure == Combine("ratio", Field("indicator_actual", indicator=by_name["図書館資料の貸出点数"]),
                                        Field("indicator_actual", indicator=by_name["図書館利用登録者"]))  # fmt: skip
    loans, users = (indicator_actual(number, name, "R06") for name in ("図書館資料の貸出点数", "図書館利用登録者"))
    assert f"{loans / users:.2f}" in answer("図書館運営事業の令和6年度の、図書館利用登録者1人あたりの図書館資料の貸出点数は？",
                                            engine=two).text  # fmt: skip


def test_an_amount_per_household_no_field_holds_is_no_ratio(two):
    # 「1世帯あたりの支給額」: the 1 is not read as a condition, nor 支給件数 divided by anything
    understood = understand("福祉灯油事業のR6の支給件数と1世帯あたりの支給額は？", None, two.words)
    assert not any(isinstance(getattr(q.ask, "measure", None), Combine) for q in understood.queries)


def test_a_hyphenated_description_is_described_whole_and_a_year_after_it_is_when():
    gift = FakeRetriever(*["0193"] * 5)
    question = "How many people got the city's 100th-birthday longevity gift last year?"
    found = described_project(question, ["people", "100th", "birthday", "longevity", "gift", "last"], gift, of_one=True)
    assert found is not None and found.description == "100th-birthday longevity gift"
    assert found.text == "How many people got the city's 0193 last year?"


# ---- stop 55, round 38 ----
def test_an_aside_in_brackets_is_no_gloss():
    # a name glossed is said once; an aside says something of its own and stays
    assert without_glosses("the 科学の街推進係 (Science City Promotion section)?") == "the 科学の街推進係?"
    assert without_glosses("the 一般財源 (not the national subsidies)") == "the 一般財源 (not the national subsidies)"


def test_the_only_source_said_before_its_japanese_in_brackets(seed):
    query = one("Which projects did NOT rely only on general funds (一般財源) in FY2020?", seed.words)
    assert query.filters == (Compare(Combine("percent", Field("general_fund"), Field("settlement")), "ne", 100),)


def test_projects_left_out_after_a_ranking_are_left_out_of_it(seed):
    understood = understand("決算÷予算の執行率がいちばん低かった事業はどれ？何％くらい？（R2、予算ゼロの事業は除いて）", None,
                            seed.words)  # fmt: skip
    (query,) = understood.queries
    assert isinstance(query.ask, Ranking) and query.ask.direction == "asc" and query.years == ("R02",)
    assert query.filters == (Compare(Field("budget"), "nonzero"),)


def test_whether_a_thing_is_going_to_happen_is_a_prediction(seed):
    result = answer("Is Tsukuba going to be picked as a Super City by the Cabinet Office?", engine=seed)
    assert result.kind == UNANSWERABLE and "refused: future" in result.notes and not result.citations


def test_another_citys_own_spending_asked_in_english_is_refused(two):
    result = answer("How much did 陸前高田市 spend on running its city library in R6?", engine=two)
    assert result.kind == UNANSWERABLE and "refused: other_city" in result.notes and not result.citations


def test_a_name_shortened_to_the_first_character_of_its_words_is_that_name(two):
    support = workbook_number("三陸鉄道支援事業")
    query = one("三鉄の支援事業、令和6年度は地方債いくら？", two.words)
    assert query.projects == (support,) and catalogue()[query.ask.measure.field].label_ja == "地方債"


def test_a_second_condition_said_with_and_also_and_a_verb_is_one_more_condition(ofunato_words):
    understood = understand("Which projects were marked 改革改善 in the section chief's opinion and also spent more "
                            "than 100,000 (thousand yen) in R6?", None, ofunato_words)  # fmt: skip
    (query,) = understood.queries
    assert isinstance(query.ask, Listing) and len(query.filters) == 2 and query.years == ("R06",)


def test_a_name_in_english_does_not_run_across_an_auxiliary(ofunato_words):
    # "consultations … center", a run across "did the", is not 心の教室相談員配置事業 (相談員, 心: "center")
    (parse,) = understand("How many consultations did the marriage support center handle in R6?", None,
                          ofunato_words).parses  # fmt: skip
    assert not parse.of("project") and "consultations" in parse.unplaced


def test_how_many_names_the_indicator_counting_what_it_says(ofunato_words):
    # what "how many" counts is the indicator counting consultations (相談件数), not centres opened (…センターの開設数)
    number = workbook_number("結婚支援事業")
    counting = next(no for no, name in ofunato_words.indicators[number] if name == "相談件数")
    (parse,) = understand("How many consultations did the 結婚支援事業 center handle in R6?", None, ofunato_words).parses
    assert {p.value for p in parse.of("project")} == {number} and {p.value for p in parse.of("indicator")} == {counting}


# ---- stop 55, round 39 ----
def test_the_percentage_of_a_change_asked_after_its_ranking_is_shown_with_it(seed):
    # "By what percentage?" asks the share of the change ranked, not a ranking by the share
    understood = understand("Which project's actual spending dropped the most in yen from R1 to R2? By what "
                            "percentage?", None, seed.words)  # fmt: skip
    (query,) = understood.queries
    assert query.ask == Ranking(Combine("difference", Field("settlement", "R02"), Field("settlement", "R01")), "asc", 1)
    costs = {n: printed_costs(n, "決算額") for n in seed_text_sheets()}
    fell = min(costs, key=lambda n: costs[n]["R02"] - costs[n]["R01"])
    before, after = costs[fell]["R01"], costs[fell]["R02"]
    result = answer("Which project's actual spending dropped the most in yen from R1 to R2? By what percentage?",
                    engine=seed)  # fmt: skip
    assert fell in result.text and f"{before - after:,}" in result.text
    assert f"{(after - before) / before * 100:.1f}%" in result.text


@pytest.mark.parametrize("question", ["綾里・越喜来・吉浜の各診療所の令和6年度の事業費計の合計は？",
                                      "綾里診療所、越喜来診療所、吉浜診療所の令和6年度の事業費計の合計は？"])  # fmt: skip
def test_names_listed_with_one_head_or_in_full_are_each_a_project(ofunato_words, question):
    # 越喜来診療所 is a 係 too; said in a list of projects, it is the project its name begins
    clinics = {workbook_number(f"{place}診療所運営事業") for place in ("綾里", "越喜来", "吉浜")}
    query = one(question, ofunato_words)
    assert set(query.projects) == clinics and isinstance(query.ask, Aggregate) and query.ask.op == "total"


# ---- stop 56, round 40 ----
def test_a_projects_full_name_holding_a_departments_name_is_that_project(two):
    # 図書館運営事業 holds the department name 図書館: the name is read before departments are taken out
    library = workbook_number("図書館運営事業")
    resolution = two.catalogue_for((OFUNATO,)).resolve(parse_query("図書館運営事業で指定管理者制度を入れたのはいつ？"))
    assert resolution.projects == [library] and not resolution.ambiguous


def test_an_indicator_named_after_the_unit_said_is_read_on_each_of_its_sheets(ofunato_words):
    # 「博物館の…入館者数」: 博物館入館者数, on each 博物館 sheet printing it
    holders = {n for n, r in workbook().items() if "博物館入館者数" in r.get("⑥ 対象指標（事業の対象を数値化したもの）\nカ：名称", [])
               or any(v == ["博物館入館者数"] for h, v in r.items() if h.endswith("：名称"))}  # fmt: skip
    understood = understand("博物館の令和6年度の入館者数を教えてください。", None, ofunato_words)
    (query,) = understood.queries
    assert isinstance(query.ask, Listing) and query.years == ("R06",)
    assert Member("indicator_name", ("博物館入館者数",)) in query.filters and len(holders) > 1


def test_a_score_glossed_as_the_top_of_its_scale_is_that_score(seed):
    assert without_glosses("How many are rated 5 (top) for priority?") == "How many are rated 5 for priority?"
    query = one(without_glosses("How many of these projects are rated 5 (top) for priority?"), seed.words)
    assert isinstance(query.ask, Aggregate) and query.ask.op == "count"
    assert query.filters == (Compare(Field("priority"), "eq", 5),)


def test_a_share_of_a_staff_member_is_the_staff_share_the_sheet_prints(seed):
    staff = re.search(r"正職員従事割合\t\(人\)(.*)", seed_text_sheets()["009"])[1].split()
    result = answer("What share of a full-time staff member was assigned to project 009 in 2020?", engine=seed)
    assert result.kind == STRUCTURED and staff[COST_COLUMNS.index("R02")] in result.text
    assert {c.section for c in result.citations} == {"costs"}


def test_the_sheets_words_for_a_field_in_brackets_after_it_are_no_other_fields(ofunato_words):
    query = judged("For つばきまつり運営事業, did the city judge there was room to cut staff hours (人件費 / 延べ業務時間)?",
                   ofunato_words)  # fmt: skip
    assert catalogue()[query.ask.measure.field].label_ja == "人件費（延べ業務時間）の削減余地"


def test_an_elliptical_follow_up_is_read_with_the_words_of_its_projects_city(two):
    squad = workbook_number("大船渡市鳥獣被害対策実施隊設置事業")
    history = [{"role": "user", "content": "What was the deer removal rate of 大船渡市鳥獣被害対策実施隊設置事業 in R6?"},
               {"role": "assistant", "content": f"For 大船渡市鳥獣被害対策実施隊設置事業 ({squad}), it was 11% in R6."}]
    result = answer("ok and how much of last year's money came from the prefecture?", history, engine=two)
    prefectural = cell(squad, "都道府県支出金", block_years(squad).index("R06"))
    assert result.kind == STRUCTURED and {c.sheet for c in result.citations} == {squad}
    assert f"{shown(prefectural)} thousand yen" in result.text


def test_an_average_per_eligible_one_of_one_project_is_its_figure_per_one(two):
    number = workbook_number("出産祝金支給事業")
    counted = next(no for no, name in two.words.indicators[number] if name == "支給対象延べ児童数")
    question = f"For project {number}, how much was paid out per eligible child in R6 on average?"
    query = one(question, two.words)
    assert isinstance(query.ask, Value) and query.ask.measure.op == "ratio"
    assert query.ask.measure.right == Field("indicator_actual", indicator=counted)
    cost = cell(number, "事業費計", block_years(number).index("R06"))
    children = indicator_actual(number, "支給対象延べ児童数", "R06")
    text = answer(question, engine=two).text
    assert f"{cost / children:.1f} (" in text and "average" not in text


# ---- stop 56, round 41 ----
def test_a_units_projects_said_to_get_no_money_from_a_source_are_those_with_none(ofunato_words, two):
    museum = {n for n, r in workbook().items() if r["係名"][0] == "博物館"}
    none = {n for n in museum if float(cell(n, "国庫支出金", block_years(n).index("R06"))) == 0}
    question = "Which of the city museum's projects got no money from the national government in FY2024?"
    query = one(question, ofunato_words)
    assert isinstance(query.ask, Listing) and query.years == ("R06",)
    assert query.filters == (Member("section", ("博物館",)), Compare(Field("ofunato_national"), "zero"))
    cited = {c.sheet for c in answer(question, engine=two).citations}
    assert none and none < museum and cited == none


def test_a_field_said_not_to_be_there_asks_the_projects_without_it(ofunato_words):
    query = one("令和6年度に国庫支出金がない事業は何件？", ofunato_words)
    assert isinstance(query.ask, Aggregate) and query.ask.op == "count"
    assert query.filters == (Compare(Field("ofunato_national"), "zero"),)


def test_a_sources_money_said_with_no_is_that_source(seed):
    # 「国とか県のお金」: the money of the source said before it (国庫、県支出金、地方債), one field
    query = one("R2に国とか県のお金が全く入ってないのはどれ？", seed.words)
    assert query.filters == (Compare(Field("national_prefectural"), "zero"),) and query.years == ("R02",)
    without = {n for n in seed_text_sheets() if printed_costs(n, "国庫、県支出金、地方債")["R02"] == 0}
    cited = {c.sheet for c in answer("R2に国とか県のお金が全く入ってないのはどれ？", engine=seed).citations}
    assert without and cited == without


# ---- stop 56, round 42 ----
def test_adding_a_cost_on_top_of_the_one_before_is_their_sum_not_a_ranking(seed):
    history = [{"role": "user", "content": "How much did project 095 spend in FY2020?"},
               {"role": "assistant", "content": "095 had a settled amount of 10,310 thousand yen in R2."}]
    query = one("and if you add the staff costs on top?", seed.words, history)
    assert query.ask == Value(Combine("sum", Field("settlement"), Field("personnel_cost_total")))
    assert query.projects == ("095",) and query.years == ("R02",)
    spent, staff = printed_costs("095", "決算額")["R02"], printed_costs("095", "人件費計")["R02"]
    result = answer("and if you add the staff costs on top?", history, engine=seed)
    assert f"{spent + staff:,} thousand yen ({spent:,} thousand yen + {staff:,} thousand yen)" in result.text


def test_a_description_that_opened_a_bracket_is_put_in_with_its_closing_bracket():
    question = "how many companies partnered under the tokku (special zone) project?"
    start = question.index("tokku")
    assert question[start : through_its_bracket(question, start, question.index(" project"))] == "tokku (special zone)"
    assert through_its_bracket("the robot project", 4, 9) == 9  # (no bracket opened: as it was)


def test_a_comparison_word_before_a_projects_name_is_a_preposition(seed):
    (parse,) = understand("How many companies were linked under the 092 project in FY2020?", None, seed.words).parses
    assert not parse.of("compare") and {p.value for p in parse.of("project")} == {"092"}


def test_an_average_per_one_of_something_asks_of_one_project_not_several(ofunato_words):
    # "the avg benefit per kid": a figure per one, so the words before may describe the one project it is of
    (parse,) = understand("kids medical subsidy - whats the avg benefit per kid?", None, ofunato_words).parses
    (average,) = [p for p in parse.parts if p.value == "average"]
    assert _per_one(parse, average)
    (parse,) = understand("what is the average project cost of the 博物館 projects in R6?", None, ofunato_words).parses
    assert not any(_per_one(parse, p) for p in parse.parts)


# ---- stop 56, round 43 ----
def test_a_negated_ranking_restated_in_brackets_is_ranked_as_restated(seed):
    # 「一番お金を使えてない（執行率が低い）」: the bracket says the lowest rate; the negation before it is not applied again
    query = one("R2で予算に対して一番お金を使えてない（執行率が低い）事業ってどれ？", seed.words)
    assert isinstance(query.ask, Ranking) and query.ask.direction == "asc"
    assert query.ask.measure == Combine("percent", Field("settlement"), Field("budget"))
    rates = {n: printed_costs(n, "決算額")["R02"] / b for n in seed_text_sheets() if (b := printed_costs(n, "予算額")["R02"])}
    assert min(rates, key=rates.get) in answer("R2で予算に対して一番お金を使えてない（執行率が低い）事業ってどれ？", engine=seed).text


def test_an_amount_of_a_budget_said_unspent_is_a_condition_on_the_unspent_amount(seed):
    query = one("Which projects had more than 2 million yen of their FY2020 budget unspent?", seed.words)
    unspent = Combine("difference", Field("budget"), Field("settlement"))
    assert query.filters == (Compare(unspent, "gt", 2000),) and query.years == ("R02",)
    left = {n for n in seed_text_sheets() if printed_costs(n, "予算額")["R02"] - printed_costs(n, "決算額")["R02"] > 2000}
    result = answer("Which projects had more than 2 million yen of their FY2020 budget unspent?", engine=seed)
    assert left and {c.sheet for c in result.citations} == left


def test_a_verb_of_purpose_before_an_amount_says_what_the_money_was_for(ofunato_words):
    # 「それ作るのに」: what the money was for (the newsletter made), no word left unread
    number = workbook_number("広報おおふなと発行事業")
    history = [{"role": "user", "content": "広報おおふなとって去年何回出たの？"},
               {"role": "assistant", "content": f"広報おおふなと発行事業（{number}）の令和6年度の発行回数は12回でした。"}]
    query = one("で、それ作るのに人件費込みで去年いくらかかってんの？", ofunato_words, history)
    assert query.projects == (number,) and query.years == ("R06",)
    assert catalogue()[query.ask.measure.field].label_ja == "トータルコスト"


# ---- stop 56, round 44 ----
def test_a_score_restated_in_brackets_after_its_words_is_the_same_condition(seed):
    # "on schedule (progress score 4)": the bracket says the value again; NOT applies to it once
    question = "Which projects were NOT rated as on schedule (progress score 4) in R2?"
    understood = understand(question, None, seed.words)
    assert understood.accepted and len(understood.queries) == 1
    others = {n for n in seed_text_sheets() if printed_score(n, "進捗状況") not in (4, None)}
    assert others and {c.sheet for c in answer(question, engine=seed).citations} == others


def test_names_listed_in_english_with_a_unit_among_them_are_each_a_project(ofunato_words):
    clinics = {workbook_number(f"{place}診療所運営事業") for place in ("綾里", "越喜来", "吉浜")}
    query = one("What was the average R6 事業費 across the clinic projects (綾里診療所, 越喜来診療所 and 吉浜診療所)?",
                ofunato_words)  # fmt: skip
    assert set(query.projects) == clinics and isinstance(query.ask, Aggregate) and query.ask.op == "average"


@pytest.mark.parametrize("question", ["Which projects got no national subsidy money in R6?",
                                      "which of the 水道課 projects didn't use any general-fund money (一般財源) at all in R6?"])  # fmt: skip
def test_money_said_not_had_is_a_condition_that_it_is_zero(ofunato_words, question):
    (query,) = understand(question, None, ofunato_words).queries
    zero = [f for f in query.filters if isinstance(f, Compare)]
    assert len(zero) == 1 and zero[0].op == "zero" and query.years == ("R06",)


# ---- stop 57, round 45 ----
def test_a_follow_up_after_a_question_not_read_is_of_the_figure_its_answer_states(two):
    # the first question is not read whole ("showed up"): "the year before" is of the share the answer states
    number = workbook_number("二十歳のつどい開催事業")
    years = block_years(number)
    last, before = (cell(number, "⑦成果指標\nサ", years.index(y)) for y in ("R06", "R05"))
    history = [{"role": "user", "content": "What share of the eligible young people showed up at the 二十歳のつどい ceremony last year?"},
               {"role": "assistant", "content": f"The 二十歳のつどい開催事業 sheet ({number}) reports an attendance rate "
                                                f"(対象者の二十歳のつどい出席率) of {shown(last)}% for R6."}]  # fmt: skip
    result = answer("what about the year before?", history, engine=two, mode="extractive")
    assert shown(before) in result.text and "対象者の二十歳のつどい出席率" in result.text, result.text


@pytest.mark.parametrize("question", ["その前の年と比べるとどのくらい増えたの？", "前年よりどのくらい増えたの？", "どのくらい増えたの？"])
def test_a_change_asked_after_one_years_figure_is_from_the_year_before_it(seed, question):
    # 「その前の年」 holds 「前の年」: one year before, said once; the change is from it into the year asked before
    history = [{"role": "user", "content": "097の令和2年度の決算額は？"},
               {"role": "assistant", "content": "097 ロボットの街つくば推進事業の令和2年度の決算額は5,139千円です。"}]
    query = one(question, seed.words, history)
    assert query.projects == ("097",)
    assert query.ask == Value(Combine("difference", Field("settlement", "R02"), Field("settlement", "R01")))


def test_a_share_asked_after_a_change_is_of_the_change_not_an_indicator_in_percent(ofunato_words):
    number = workbook_number("スクールバス運行事業")
    assert {"%", "％"} & set(ofunato_words.indicator_units[number].values())  # (it has an indicator in ％)
    history = [{"role": "user", "content": "スクールバスの運行に去年いくらかかった？"},
               {"role": "assistant", "content": f"スクールバス運行事業（{number}）の令和6年度の事業費計は…千円です。"}]
    understood = understand("今年度はそれより減るの？何％くらい？", history, ofunato_words)
    assert understood.accepted and [q.ask for q in understood.queries] == [
        Value(Combine("difference", Field("ofunato_project_cost", "R07"), Field("ofunato_project_cost", "R06")))]


def test_a_score_not_reached_is_below_it(seed):
    # 「4以上もらえなかった」: not ≥ 4, which is < 4
    query = one("市民ニーズの評価が4以上もらえなかった事業ってどれ?", seed.words)
    assert query.filters == (Compare(Field("citizen_needs"), "lt", 4),)


@pytest.mark.parametrize("question", [
    "What does the international science city Tsukuba project plan to do to improve things, given overseas travel is hard right now?",
    "今日は雨だけど、国際科学技術都市の事業は今後どうするの？"])  # fmt: skip
def test_a_day_said_in_the_circumstance_of_a_question_is_no_day_asked(question):
    assert refusal_of(parse_query(question)) is None
    assert refusal_of(parse_query("Is the robot project running today?")).reason == A_DAY


def test_an_amount_of_a_thing_the_sheets_never_name_is_refused_whole(engine):
    # 097's sheet speaks of 観光 (tourism): not of the mountain's visitors, whose change is asked
    result = answer("筑波山の観光客数って最近増えてるの?", engine=engine, mode="extractive")
    assert result.kind == UNANSWERABLE and not result.citations and "筑波" in result.text


def test_a_preface_that_says_what_picks_the_project_is_not_set_aside(engine):
    # 「…って聞いたけど、どの事業で」: which project is what the preface says, the agreement with JAXA
    result = answer("JAXAとなんか協定結んだって聞いたけど、どの事業で、何をしたの?", engine=engine, mode="extractive")
    assert {c.sheet for c in result.citations} == {"094"} and "JAXA" in result.text


def test_a_facility_asked_is_not_a_count_of_facilities(two):
    # its 委託した施設数 is no answer to which facility: the passages are (its overview names the one it is)
    number = workbook_number("病後児保育事業")
    question = "病後児保育ってどこの施設に委託してるんですか？"
    assert answer(question, engine=two, mode="extractive").kind != STRUCTURED
    detail = asked_detail(parse_query(question))
    assert detail.key == "name" and detail.detects(cell(number, "事務事業の概要"))
    assert not detail.detects("事業を委託した施設数（病児保育事業） (施設)")


def test_how_many_came_counts_in_that_unit_not_per_day_and_a_word_of_its_name_is_no_field(ofunato_words):
    # 「つばきまつりの期間中」 is つばきまつり期間中の入館者数's words (not 事業期間); 人, not 人/日
    number = workbook_number("つばきまつり運営事業")
    query = one("つばきまつりの期間中、椿館には去年何人来たの？", ofunato_words)
    header = next(h for h, v in workbook()[number].items() if h.endswith("：名称") and v[0] == "つばきまつり期間中の入館者数")
    assert header and query.projects == (number,) and query.years == ("R06",)
    names = dict(ofunato_words.indicators[number])
    assert names[query.ask.measure.indicator] == "つばきまつり期間中の入館者数"


def test_people_who_applied_are_counted_by_the_applications_named(ofunato_words):
    number = workbook_number("省エネ家電等買替え促進事業")
    query = one(f"How many people applied for project {number} last year?", ofunato_words)
    names = dict(ofunato_words.indicators[number])
    assert "申請" in names[query.ask.measure.indicator] and query.years == ("R06",)


def test_the_owner_of_a_field_and_the_forms_item_numbers_are_not_asked(ofunato_words):
    number = workbook_number("広域生活バス路線維持支援事業")
    understood = understand(f"For {number}, what is the department's (1) 改革改善の方向性?", None, ofunato_words)
    assert understood.accepted and [q.ask for q in understood.queries] == [Value(Field("ofunato_improvement_direction"))]


def test_a_guess_asked_about_what_came_before_is_refused_whole(seed):
    result = answer("Will the data platform have a business using it by the end of 2021? What's your guess?",
                    engine=seed, mode="extractive")  # fmt: skip
    assert result.kind == UNANSWERABLE and not result.citations


def test_what_the_city_is_going_to_do_asks_its_plan_rows():
    rows = asked_rows(parse_query("what is the city going to do to get more donations?"))
    assert "課題と解決策" in rows and "改善目標" in rows


# ---- stop 57, round 46 ----
def test_a_topic_gives_way_to_the_one_sheet_writing_every_word_left():
    # 「五葉山のあたりで」 is closest to a sheet on tourism there; the deer culled are another sheet's words, and it
    # writes the mountain's name too
    retriever = _retriever_over(["012", "012", "012", "012", "012"], [
        ("012", "五葉山の自然公園の観光案内を行う。"),
        ("094", "五葉山地域のシカの推定生息頭数を調べ、有害捕獲により駆除する。"),
    ])  # fmt: skip
    question = "去年って五葉山のあたりでシカ何頭くらい駆除したの？"
    found = described_project(question, ["去年", "五葉", "山", "シカ", "駆除"], retriever, of_one=True)
    assert found is not None and found.number == "094" and "094" in found.text


def test_a_follow_up_is_of_the_figure_the_answer_states_in_the_city_the_question_named(two):
    number = workbook_number("ふるさと納税事務")
    history = [{"role": "user", "content": "How much money did Ofunato get through furusato nozei last year?"},
               {"role": "assistant", "content": f"In R6 the city received 902,262,879 yen in ふるさと大船渡応援寄附 "
                                                f"(ふるさと納税事務, {number})."}]  # fmt: skip
    result = answer("and the year before that?", history, engine=two, mode="extractive")
    donations = cell(number, "⑦成果指標\nシ", block_years(number).index("R05"))
    assert shown(donations) in result.text and {c.section for c in result.citations} == {"indicators"}, result.text


def test_a_fields_word_with_the_count_after_it_in_an_indicators_name_is_that_indicator(ofunato_words):
    number = workbook_number("二十歳のつどい開催事業")
    query = one("二十歳のつどい開催事業の対象者数は、R2からR6でどれだけ減少しましたか。", ofunato_words)
    names = dict(ofunato_words.indicators[number])
    measure = query.ask.measure
    assert is_change(measure) and names[measure.left.indicator] == "二十歳のつどい対象者数"


def test_the_office_asked_of_a_project_is_its_department_and_the_team_in_it(ofunato_words):
    number = workbook_number("火葬場管理運営事業")
    for question in (f"{number}の担当課は？", f"which office at city hall deals with project {number}?"):
        asks = [q.ask for q in understand(question, None, ofunato_words).queries]
        assert asks == [Value(Field("department")), Value(Field("section"))], question


# ---- stop 57, round 47 ----
def test_a_percentage_asked_after_and_is_shown_with_the_change_ranked(seed):
    # ", and by what percentage did it fall?" is a second ask, of the change ranked: not a ranking by the percentage
    question = "Which project saw the biggest drop in actual spending in yen from FY2019 to FY2020, and by what percentage did it fall?"
    (query,) = understand(question, None, seed.words).queries
    assert query.ask == Ranking(Combine("difference", Field("settlement", "R02"), Field("settlement", "R01")), "asc", 1)
    # (", and why?" asks nothing of its own beside the figure)
    assert split("How much did 097's settled amount change from FY2019 to FY2020, and why?") == [
        "How much did 097's settled amount change from FY2019 to FY2020, and why?"]


def test_words_opening_the_clause_of_a_projects_name_say_what_kind_it_is(seed):
    # 「子ども向けの」 is said of the science-education project its words name, not a word left unread
    understood = understand("子ども向けの科学教育の事業、今後どう改善していくって書いてある？", None, seed.words)
    assert understood.accepted and {q.projects for q in understood.queries} == {("095",)}
    assert Value(Field("improvement_goal")) in [q.ask for q in understood.queries]


def test_a_field_asked_of_a_project_a_topic_describes_finds_it(engine):
    # 「海外の都市との連携」 describes 096, whose sheet alone writes most of its words; 今後 asks its direction
    result = answer("海外の都市との連携、コロナで行き来できない中で今後どうしていくつもりなの？", engine=engine, mode="extractive")
    assert result.citations and {c.sheet for c in result.citations} == {"096"}, result.text


# ---- stop 58, round 48 ----
def test_not_rated_a_score_or_higher_is_below_it(seed):
    query = one("Which projects were NOT rated 4 or higher on citizen needs (市民ニーズ)?", seed.words)
    assert query.filters == (Compare(Field("citizen_needs"), "lt", 4),)
    assert one("projects with 市民ニーズ 3 or below", seed.words).filters == (Compare(Field("citizen_needs"), "le", 3),)


def test_fields_added_up_in_a_follow_up_are_that_projects_sum_unless_every_project_is_said(seed):
    history = [{"role": "user", "content": "スマートシティ推進の事業の人件費、R2はいくら？"},
               {"role": "assistant", "content": "011 スマートシティの推進の令和2年度の人件費計は10,626千円です。"}]  # fmt: skip
    total_cost = Combine("sum", Field("personnel_cost_total"), Field("settlement"))
    query = one("事業費の決算と足したら全部でいくらかかってる？", seed.words, history)
    assert query.projects == ("011",) and query.ask.measure == total_cost
    assert one("全事業の決算と足したら全部でいくら？", seed.words, history).projects == ()


def test_fields_counted_together_and_ranked_in_total_rank_their_sum(seed):
    query = one("Counting both program spending and staff costs, which project cost the least in total in FY2020?", seed.words)
    assert query.ask == Ranking(Combine("sum", Field("settlement"), Field("personnel_cost_total")), "asc", 1)


def test_the_citys_money_is_its_general_revenue(seed):
    understood = understand("ロボットの街の事業、R2の決算の財源って市のお金と国・県のお金でそれぞれいくら？", None, seed.words)
    assert {Value(Field("general_fund")), Value(Field("national_prefectural"))} <= {q.ask for q in understood.queries}


def test_a_rate_of_every_project_together_divides_the_totals(seed):
    result = ask(seed, "全事業を合わせると、R2の決算額に対する一般財源の割合は？")
    row = next(r for r in result.rows if "sides" in r)
    general, settled = row["sides"]
    assert f"{100 * general / settled:.1f}%" in result.text and f"{settled:,}千円" in result.text


def test_its_reason_asked_after_a_judgement_is_the_one_printed_beside_it(ofunato_words):
    number = workbook_number("千石船気仙丸利活用事業")
    question = f"{number} 千石船気仙丸利活用事業の評価で、「⑥事業費の削減余地」はどう判定されていますか。その理由も教えてください。"
    asks = [q.ask for q in understand(question, None, ofunato_words).queries]
    assert asks == [Value(Field("ofunato_evaluation_6")), Value(Field("ofunato_evaluation_6_reason"))]


def test_a_count_said_per_day_is_the_indicator_counted_per_day(ofunato_words):
    number = workbook_number("つばきまつり運営事業")
    names = dict(ofunato_words.indicators[number])
    per_day = one("つばきまつりって1日あたり椿館に何人くらい来たの？", ofunato_words).ask.measure.indicator
    whole = one("つばきまつりって椿館に何人くらい来たの？", ofunato_words).ask.measure.indicator
    assert "1日当たり" in names[per_day] and "1日当たり" not in names[whole]


def test_a_verb_saying_what_the_indicator_before_counts_asks_it_again(two):
    number = workbook_number("大船渡市鳥獣被害対策実施隊設置事業")
    history = [{"role": "user", "content": "五葉山のシカって、去年は何頭くらい駆除したの？"},
               {"role": "assistant", "content": f"大船渡市鳥獣被害対策実施隊設置事業({number})によると、令和6年度の有害捕獲頭数は"
                                                "1,240頭でした。"}]  # fmt: skip
    result = answer("今年はどのくらい捕る予定なの？", history, engine=two, mode="extractive")
    planned = cell(number, "⑤活動指標\nイ", block_years(number).index("R07"))
    assert result.kind == STRUCTURED and "有害捕獲頭数" in result.text and shown(planned) in result.text, result.text


def test_english_words_of_an_indicator_said_before_the_projects_name_are_the_indicators(ofunato_words):
    number = workbook_number("図書館運営事業")
    query = one("How many people were registered library users in Ofunato last year?", ofunato_words)
    assert query.projects == (number,) and dict(ofunato_words.indicators[number])[query.ask.measure.indicator] == "図書館利用登録者"


def test_two_indicators_holding_the_words_alike_are_both_asked(ofunato_words):
    # "the ILC lectures" (put in by the project they describe): its 講演会 and its 出前講座 are both lectures; the count
    # of lectures held is no number of people
    number = workbook_number("国際リニアコライダー誘致促進事業")
    understood = understand(f"{number}: How many people came to the ILC lectures the city held in R6?", None, ofunato_words)
    names = dict(ofunato_words.indicators[number])
    asked = {names[q.ask.measure.indicator] for q in understood.queries}
    assert understood.accepted and len(asked) == 2 and all("者数" in name for name in asked), asked


def test_a_why_word_does_not_stop_an_indicators_words_naming_its_project(ofunato_words):
    number = workbook_number("結婚支援事業")
    understood = understand("結婚相談のセンター、なんでやめることになったの？これからはどうするの？", None, ofunato_words)
    assert understood.accepted and {q.projects for q in understood.queries} == {(number,)}
    assert all(getattr(q.ask.measure, "indicator", None) is None for q in understood.queries)


def test_a_units_words_said_of_its_own_project_say_what_is_counted(ofunato_words):
    number = workbook_number("空家等対策推進事業")
    question = ("For the vacant houses project, how many consultations were there in R6, how many of them got "
                "resolved, and how many vacant houses were on the register?")  # fmt: skip
    understood = understand(question, None, ofunato_words)
    assert understood.accepted and all(not q.filters and q.projects == (number,) for q in understood.queries)
    names = dict(ofunato_words.indicators[number])
    assert any("空き家台帳" in names[q.ask.measure.indicator] for q in understood.queries)


def test_a_fields_word_said_of_an_indicator_after_a_copula_is_its_and_and_what_opens_another_ask(two):
    number = workbook_number("二十歳のつどい開催事業")
    result = answer("For the coming-of-age (二十歳のつどい) ceremony, how many people were eligible in R6 and what share "
                    "of them attended?", engine=two, mode="extractive")  # fmt: skip
    year = block_years(number).index("R06")
    eligible = cell(number, "⑥対象指標\nカ", year)
    attended = cell(number, "⑦成果指標\nサ", year)
    assert shown(eligible) in result.text and str(attended) in result.text, result.text


def test_a_relative_year_after_the_sheets_last_column_is_the_future_whatever_is_asked(two):
    # "next year" of sheets ending with this year's plan: the project's start year (a field with no year) is no
    # answer to when next year's festival starts
    number = workbook_number("つばきまつり運営事業")
    for question in (f"What date does next year's {number} start?", "つばきまつりって来年はいつから始まるの？"):
        result = answer(question, engine=two, mode="extractive")
        assert result.kind == UNANSWERABLE and "refused: future" in result.notes, (question, result.text)


# ---- stop 58, round 49 ----
def test_the_other_half_of_an_either_or_question_is_the_same_ask(seed):
    for question in ("スマートシティの推進って、新しく始まった事業？それとも前からあるやつ？", "Is 011 a new project? Or is it continuing?"):
        understood = understand(question, None, seed.words)
        assert understood.accepted and [q.ask for q in understood.queries] == [Value(Field("new_or_continuing"))], question


def test_a_fields_word_inside_a_run_of_an_indicators_name_is_the_indicators(ofunato_words):
    # 「そのうち解決した件数」: 解決 is not 課題と解決策 here but a word of 相談のうち、解決した件数
    number = workbook_number("空家等対策推進事業")
    understood = understand("空家等対策推進事業の令和6年度の実績で、空き家の相談件数、そのうち解決した件数を教えて。", None, ofunato_words)
    names = dict(ofunato_words.indicators[number])
    assert understood.accepted and all(isinstance(q.ask.measure, Field) and q.ask.measure.indicator for q in understood.queries)
    assert any("解決した件数" in names[q.ask.measure.indicator] for q in understood.queries)


def test_a_name_in_brackets_after_a_projects_is_its_other_name(ofunato_words):
    # 「火葬場（おおふなと斎苑）」: おおふなと is in other names too; in brackets after 火葬場 it names the same project (and
    # the planner, which finds several names holding おおふなと, takes the one the parser reads)
    number = workbook_number("火葬場管理運営事業")
    question = "今の火葬場（おおふなと斎苑）っていつ頃できたの？建てた経緯も知りたい"
    assert _projects_parsed(question, None, ofunato_words) == {number}


def test_a_part_asking_what_no_word_reads_is_not_dropped_for_the_others_ask(seed):
    # read whole, "what did it give out last year" would be dropped for "who was eligible"
    understood = understand("What did the 097 project actually give out last year, and who was it for?", None, seed.words)
    assert not understood.accepted


# ---- stop 58, round 50 ----
def test_the_city_the_sheets_are_of_is_not_the_matter_a_name_is_asked_of():
    # 「つくば市って…どこと協定むすんだ？」: the agreement's partners are named (国土地理院, JAXA) though the sentence does
    # not say つくば
    query = parse_query("つくば市ってR2にどっかの研究機関と協定むすんだんだっけ？どこと？")
    sentences = ["6月19日に、国土交通省国土地理院と基本協定を締結し、また、6月25日には、国立研究開発法人宇宙航空研究開発機構"
                 "（JAXA）と基本協定を締結した。", "つくば市が抱える地域課題の解決に専門的知見や研究成果を活かす。"]  # fmt: skip
    assert absent_detail(query, sentences, query.text) is None
    assert absent_detail(query, sentences[1:], query.text) is not None


def test_words_opening_a_phrase_of_an_indicators_and_a_projects_words_say_what_kind_it_is(seed):
    understood = understand("子ども向けの体験型の科学教育イベント、R2って延べ何人参加したの？", None, seed.words)
    assert understood.accepted and [(q.projects, q.ask.measure.indicator) for q in understood.queries] == [(("095",), 1)]


def test_from_one_end_to_the_other_orders_every_project(seed):
    for question in ("Rank the projects from cheapest to most expensive by FY2020 settled amount.",
                     "R2の決算額が安いものから高いものへ事業を並べて"):  # fmt: skip
        query = one(question, seed.words)
        assert query.ask == Ranking(Field("settlement"), "asc", 0), question


def test_a_unit_said_as_the_one_thinking_is_not_asked_for(ofunato_words):
    understood = understand("Why does the department think 福祉灯油事業 should be scrapped?", None, ofunato_words)
    assert understood.accepted and Value(Field("department")) not in [q.ask for q in understood.queries]
    asked = understand("Which department runs 福祉灯油事業?", None, ofunato_words)
    assert Value(Field("department")) in [q.ask for q in asked.queries]


def test_a_name_the_question_says_gives_no_detail_of_it():
    # the company running 「火葬場（おおふなと斎苑）」 is not おおふなと斎苑, which the sentence names (Sudachi reads 斎 as a
    # person's name)
    query = parse_query("火葬場（おおふなと斎苑）の指定管理者の会社名を教えて")
    sentence = "おおふなと斎苑は、旧火葬場の隣接地を拡張して平成10年6月に建設に着手した。"
    assert absent_detail(query, [sentence], query.text) is not None
    assert absent_detail(query, [sentence + "指定管理者は株式会社大船渡サービスである。"], query.text) is None


def test_english_words_the_parser_reads_as_a_projects_name_are_its(ofunato_words):
    # "Kesen" (気仙) is no name the sheets lack when the parser reads it as 千石船気仙丸利活用事業's
    number = workbook_number("千石船気仙丸利活用事業")
    question = "how did the Kesen-maru (the old wooden cargo ship) project get started?"
    assert {"kesen", "maru"} <= _name_words(question, None, ofunato_words, number)


# ---- stop 59, round 51 ----
def test_a_count_of_one_typed_in_kana_is_read_as_in_digits(seed):
    # 「いっこあたり」: the tokeniser would split 「合計といっこ」 into 「とい」「っこ」
    understood = understand("R2の人件費って10事業の合計といっこあたりの平均はどのくらい？", None, seed.words)
    assert understood.accepted
    assert [q.ask.op for q in understood.queries] == ["total", "average"]


def test_the_city_the_sheets_are_of_chooses_no_sentence(engine):
    # 「つくば市が…」: つくば is in a sentence of 012 too (つくばスマートシティ協議会), which says nothing of JAXA
    result = answer("つくば市がJAXAと協定結んだって聞いたけど、いつ、どんな協定？", engine=engine, mode="extractive")
    assert {c.sheet for c in result.citations} == {"094"}, result.text


def test_a_total_said_of_fields_added_and_ranked_is_the_ranked_ones_sum(seed):
    summed = {Combine("sum", Field("personnel_cost_total"), Field("settlement")),
              Combine("sum", Field("settlement"), Field("personnel_cost_total"))}  # fmt: skip
    for question in ("If you add staff costs to actual spending, which project cost the most in FY2020 and what was the total?",
                     "決算額と人件費を足すと、令和2年度に一番お金がかかった事業はどれで、合計はいくら？"):  # fmt: skip
        query = one(question, seed.words)
        assert isinstance(query.ask, Ranking) and query.ask.measure in summed and query.ask.top_k == 1, question
    # with nothing ranked, the fields' totals over every project
    asked = understand("令和2年度の決算額と人件費を足すと合計いくら？", None, seed.words).queries
    assert [q.ask for q in asked] == [Aggregate("total", Field("settlement")), Aggregate("total", Field("personnel_cost_total"))]


def test_a_projects_description_after_with_finds_it(engine):
    question = ("For the partnership project with local universities and research institutes: what was the FY2020 "
                "budget, how much was actually spent, and how many new agreements were signed?")
    result = answer(question, engine=engine, mode="extractive")
    budget, settled = printed_costs("094", "予算額")["R02"], printed_costs("094", "決算額")["R02"]
    assert f"{budget:,}" in result.text and f"{settled:,}" in result.text
    assert "新規協定締結数" in result.text and {(c.sheet, c.section) for c in result.citations} >= {("094", "indicators")}


def test_a_change_asked_of_several_figures_is_asked_of_each(seed):
    understood = understand("Robot town project: staff FTE and overtime hours in R2, and how do they compare with R1?",
                            None, seed.words)
    changed = {f.field for q in understood.queries if is_change(q.ask.measure) for f in measure_fields(q.ask.measure)}
    assert changed == {"staff_ratio", "overtime_hours"}
    history = [{"role": "user", "content": "097の令和2年度の正職員従事割合と時間外勤務は？"},
               {"role": "assistant", "content": "097 ロボットの街つくば推進事業: 1.20人、186.00時間"}]  # fmt: skip
    again = understand("令和元年度と比べてどう変わった？", history, seed.words)
    assert {f.field for q in again.queries for f in measure_fields(q.ask.measure)} == {"staff_ratio", "overtime_hours"}


def test_a_count_asked_in_one_word_the_passages_give_beside_a_number_is_theirs(engine):
    # "how many proposals": 「提案21件」 in 成果, not フィールド実験の実施件数 close in meaning
    result = answer("how did the Society 5.0 trial program go this year? how many proposals and how was judging done",
                    engine=engine, mode="extractive")
    assert "21" in result.text and {c.section for c in result.citations} == {"results_issues"}, result.text


def test_an_english_answer_gives_the_goals_english_titles(seed):
    result = ask(seed, "which SDG is project 010 linked to?")
    assert "Goal 11: sustainable cities and communities" in result.text


def test_a_value_said_with_no_between_its_words_is_that_value(two):
    result = ask(two, "水産課の事業で、期間限定の複数年度事業のうち、課長意見の今後の方向性が「現状維持」になってるのはどれ？")
    expected = {n for n, r in workbook().items() if (r["部課名"][0] or "").endswith("水産課")
                and r["事業期間（区分）"][0] == "期間限定複数年度"
                and "現状維持" in str(r["４\u3000課長等意見\n(1) 今後の方向性"][0])}  # fmt: skip
    assert expected and {c.sheet for c in result.citations} == expected, result.text


def test_a_later_ask_setting_another_condition_on_the_same_field_is_of_the_same_projects(two):
    question = ("Of the projects run by the Ofunato Fire Station (大船渡消防署), how many did the section chief (課長等意見) "
                "keep at 現状維持 - and which ones did NOT get 現状維持?")
    understood = understand(question, None, two.words_for((OFUNATO,)))
    count, listing = understood.queries
    assert isinstance(count.ask, Aggregate) and isinstance(listing.ask, Listing)
    departments = [f for f in listing.filters if isinstance(f, Member) and f.field == "department"]
    kept = [f for f in count.filters if isinstance(f, Member) and f.field == "department"]
    assert departments == kept and [f.negate for f in listing.filters if f not in departments] == [True]


def test_a_word_a_name_writes_as_it_is_is_not_spelt_out_as_an_abbreviation(ofunato_words):
    # 保管 is a word of 博物館収集保管事業's name, not 保護管理 shortened (文化財保護管理事業)
    parse = read_parts("博物館の資料の保管で何か困ってることある？", ofunato_words)
    assert "保管" in parse.text and "保護管理" not in parse.text


def test_of_two_phrases_naming_projects_the_first_is_the_name_as_english_compounds_nouns(ofunato_words):
    school_bus = workbook_number("スクールバス運行事業")
    parse = read_parts("How many school bus routes does the city run?", ofunato_words)
    assert {p.value for p in parse.parts if p.kind == "project"} == {school_bus}


# ---- stop 59, round 52 ----
def test_a_fields_label_said_with_no_between_its_words_is_that_field(ofunato_words):
    query = one("課長等の意見で「終了・廃止・休止」と判断された事業って全部で何件ある？", ofunato_words)
    assert query.ask == Aggregate("count") and [f.field for f in query.filters] == ["ofunato_future_direction"]


def test_the_divisions_sheets_as_many_as_the_sheets_are_every_project(seed):
    query = one("What was the average FY2020 personnel cost per project across the division's ten sheets?", seed.words)
    assert query.ask == Aggregate("average", Field("personnel_cost_total")) and not query.filters
    # three of its sheets are not all of them
    assert not understand("What was the average FY2020 personnel cost across the division's three sheets?", None,
                          seed.words).accepted  # fmt: skip


def test_by_what_percentage_one_years_figure_is_bigger_than_anothers_is_their_change(ofunato_words):
    number = workbook_number("放課後児童健全育成事業")
    query = one("By what percentage is the FY2025 plan for 放課後児童健全育成事業 bigger than what was spent in FY2024?",
                ofunato_words)  # fmt: skip
    assert query.projects == (number,)
    later, earlier = Field("ofunato_project_cost", "R07"), Field("ofunato_project_cost", "R06")
    assert query.ask == Value(Combine("percent", Combine("difference", later, earlier), earlier))


def test_the_actual_number_is_the_indicators_figure_not_the_projects_number(seed):
    understood = understand("For the robot town project, what was the FY2020 target, and what was the actual number?",
                            None, seed.words)  # fmt: skip
    asked = [q.ask for q in understood.queries]
    assert Value(Field("number")) not in asked and Value(Field("indicator_actual")) in asked, asked


# ---- stop 60, round 53 ----
@pytest.mark.parametrize("question", [
    "Excluding the data platform project, which project spent the most in FY2020?",
    "Leaving aside the data platform project, which project actually spent the most money in FY2020?",
    "データプラットフォームの事業を除くと、令和2年度に決算額が一番多い事業は？",
    "012以外で、令和2年度に決算額が一番多い事業は？",
])  # fmt: skip
def test_a_project_left_out_leaves_every_other_project_to_rank(seed, question):
    spent = {n: printed_costs(n, "決算額")["R02"] for n in seed_text_sheets()}
    top = max((n for n in spent if n != "012"), key=spent.get)
    result = ask(seed, question)
    assert [c.sheet for c in result.citations] == [top] and f"{spent[top]:,}" in result.text, result.text


def test_a_project_named_with_another_is_not_left_out_of_a_comparison(seed):
    query = one("Which spent more in FY2020, the robot project rather than the data platform project?", seed.words)
    assert set(query.projects) == {"097", "012"} and not query.filters


def test_a_ratio_of_two_amounts_is_said_as_a_percentage_too(seed):
    result = ask(seed, "Which project had the lowest spend-to-budget ratio in FY2020?")
    number = result.citations[0].sheet
    share = printed_costs(number, "決算額")["R02"] / printed_costs(number, "予算額")["R02"] * 100
    assert f"({share:.1f}%)" in result.text, result.text


def test_a_number_written_inside_a_projects_english_name_is_no_year(ofunato_words):
    legacy = workbook_number("東京2020オリンピックレガシー継承事業")
    parse = read_parts("What did the Tokyo 2020 Olympic legacy project do last year?", ofunato_words)
    assert {p.value for p in parse.parts if p.kind == "project"} == {legacy}
    assert [p.value for p in parse.parts if p.kind == "year"] == ["R06"]


def test_a_field_word_said_as_a_word_of_a_projects_name_is_its_mention(ofunato_words):
    number = workbook_number("自治体情報システム標準化事業")
    query = one("On the local-government system standardisation project: what did it spend in FY2024?", ofunato_words)
    assert query.projects == (number,) and query.ask == Value(Field("ofunato_project_cost"))


def test_an_indicators_word_describing_the_program_named_is_no_figure_asked(seed):
    query = one("What progress rating did the hands-on science education program get this year?", seed.words)
    assert query.projects == ("095",) and query.ask == Value(Field("progress"))


def test_an_indicators_word_in_the_topic_set_off_before_the_ask_names_the_project(ofunato_words):
    number = workbook_number("貝毒検査事業")
    query = one("貝毒検査事業のノロの検査補助について、漁業者からはどんな声が出てる？", ofunato_words)
    assert query.projects == (number,) and query.ask == Value(Field("ofunato_stakeholder_views"))


def test_a_share_of_the_whole_asked_after_a_source_of_money_is_its_share_of_the_cost(ofunato_words):
    understood = understand("福祉灯油事業の令和6年度の国から出てるお金はいくら？全体の何％くらい？", None, ofunato_words)
    asked = [q.ask for q in understood.queries]
    national, cost = Field("ofunato_national"), Field("ofunato_project_cost")
    assert asked == [Value(national), Value(Combine("percent", national, cost))], asked


@pytest.mark.parametrize("question", ["市立図書館を運営してる指定管理者って、なんていう会社？",
                                      "What's the name of the company that runs the city library?"])
def test_a_company_asked_by_what_it_is_called_is_a_name_asked(question):
    assert asked_detail(parse_query(question)).key == "name"


def test_how_much_each_is_after_a_ranking_of_amounts_is_the_amounts_it_shows(ofunato_words):
    question = "Which three projects have the largest planned project budgets (事業費) for FY2025, and how much is each?"
    query = one(question, ofunato_words)
    assert query.ask == Ranking(Field("ofunato_project_cost"), "desc", 3) and query.years == ("R07",)


def test_a_sheet_with_no_team_of_another_department_is_none_of_the_teams_projects(two):
    query = Query(Aggregate("total", Field("ofunato_project_cost")), filters=(Member("section", ("博物館",)),),
                  years=("R06",))  # fmt: skip
    theirs = {n for n, r in workbook().items() if r["係名"][0] == "博物館"}
    departments = {workbook()[n]["部課名"][0] for n in theirs}
    blank = {n for n, r in workbook().items() if str(r["係名"][0] or "").strip() in ("", "-")}  # (「-」: none)
    assert theirs and blank and len(departments) == 1
    outcome = execute(query, two.db, (OFUNATO,))
    group = outcome.groups[0]
    assert {r.sheet for r in group.rows} == theirs
    # only a sheet of the team's own department that leaves its team blank could be one of them
    assert {r.sheet for r in group.missing} == {n for n in blank if workbook()[n]["部課名"][0] in departments}


def test_a_two_kanji_word_said_as_a_kind_of_project_and_again_is_one_condition_on_names(ofunato_words):
    query = one("選挙の事務の中で、令和6年度に一番お金がかかった選挙はどれ？", ofunato_words)
    assert query.filters == (Compare(Field("name"), "contains", "選挙"),)
    assert query.ask == Ranking(Field("ofunato_project_cost"), "desc", 1) and query.years == ("R06",)


def test_a_how_many_asked_of_a_fields_word_an_indicators_name_holds_is_that_indicator(ofunato_words):
    number = workbook_number("二十歳のつどい開催事業")
    query = one("For the coming-of-age ceremony (二十歳のつどい), how many people were eligible in R6?", ofunato_words)
    eligible = next(no for no, name in ofunato_words.indicators[number] if "対象者数" in name)
    assert query.ask == Value(Field("indicator_actual", indicator=eligible)), query


def test_an_account_of_the_one_project_the_parser_reads_is_from_its_own_sheet(engine):
    question = "Why does the city support local universities and research institutes?"
    (named,) = {p.value for parse in understand(question, None, engine.words_for(())).parses for p in parse.of("project")}
    result = answer(question, engine=engine, mode="extractive")
    assert result.kind == NARRATIVE and {c.sheet for c in result.citations} == {named}, result.text


def test_the_end_of_a_compound_before_its_projects_is_no_kind_of_project(ofunato_words):
    # 所管 of 「中央公民館所管の事務事業」 is no word of its own, though one project's name holds it
    query = one("中央公民館所管の事務事業について、令和6年度事業費計の1事業あたりの平均はいくらですか。", ofunato_words)
    assert [f.field for f in query.filters] == ["department"]


def test_from_now_said_of_how_another_thing_is_done_asks_no_direction(seed):
    query = one("スマートシティの推進って、今後どう改善していくつもりなの？", seed.words)
    assert query.projects == ("011",) and query.ask == Value(Field("improvement_goal"))
    # said alone, it is the direction asked
    asked = [q.ask for q in understand("スマートシティの推進の今後は？", None, seed.words).queries]
    assert Value(Field("direction")) in asked, asked


# ---- stop 60, round 54 ----
def test_a_noun_an_indicators_words_and_a_word_of_its_name_describe_is_that_indicators(seed):
    # 体験型科学教育事業の延べ参加者数: "science" is 095's name's word too, "events" the noun they describe
    query = one("How many people joined the hands-on science events in FY2020?", seed.words)
    assert query.projects == ("095",) and query.ask == Value(Field("indicator_actual", indicator=1))


def test_a_team_of_the_one_department_asked_of_is_said_once_by_the_reading(two):
    result = ask(two, "水産課の振興係の事業で、令和6年度の事業費が一番多いのはどれ？")
    assert "振興係" in result.reading and {c.section for c in result.citations} == {"costs"}, result.text
    # said alone, a team is shown beside each project: teams of other departments share its name
    alone = ask(two, "振興係の事業で、令和6年度の事業費が一番多いのはどれ？")
    assert "basic_info" in {c.section for c in alone.citations}, alone.text


def test_its_last_year_is_the_year_spoken_of_not_the_year_before(seed):
    history = [{"role": "user", "content": "Which of the science and technology projects is being wound up after FY2020?"},
               {"role": "assistant", "content": "Project 010 has direction 終了: the project ends this fiscal year."}]
    understood = understand("How much of its budget did it actually spend that last year, as a percentage?", history,
                            seed.words)  # fmt: skip
    (query,) = understood.queries
    assert query.projects == ("010",) and query.years == ("R02",), query


def test_how_much_it_cost_asked_in_the_past_of_a_project_asks_its_money(ofunato_words):
    number = workbook_number("つばきまつり運営事業")
    query = one("つばきまつりの運営費って、令和6年度はどれくらいかかった？", ofunato_words)
    assert query.projects == (number,) and query.ask == Value(Field("ofunato_project_cost")) and query.years == ("R06",)


@pytest.mark.parametrize("question", ["令和7年度の事業費が令和6年度より2割以上減っているのはどれ？",
                                      "Which projects' project cost fell by 20% or more from FY2024 to FY2025?"])
def test_a_share_said_beside_a_fall_is_a_condition_on_the_change_as_a_percentage(ofunato_words, question):
    query = one(question, ofunato_words)
    earlier, later = Field("ofunato_project_cost", "R06"), Field("ofunato_project_cost", "R07")
    change = Combine("percent", Combine("difference", later, earlier), earlier)
    assert query.filters == (Compare(change, "le", -20),), query


def test_a_share_of_the_field_said_before_noushi_is_taken_of_it(ofunato_words):
    number = workbook_number("放課後児童健全育成事業")
    query = one("放課後児童クラブの事業、令和6年度の事業費のうち国と県のお金でまかなった割合は何％？", ofunato_words)
    sources = Combine("sum", Field("ofunato_national"), Field("ofunato_prefectural"))
    assert query.projects == (number,) and query.ask == Value(Combine("percent", sources, Field("ofunato_project_cost")))


def test_more_in_one_year_than_another_is_the_sign_of_the_change_and_which_are_they_its_list(ofunato_words):
    question = ("Among the projects run by the Ofunato Fire Station, how many plan to spend more in FY2025 than they "
                "actually spent in FY2024, and which are they?")  # fmt: skip
    query = one(question, ofunato_words)
    change = Combine("difference", Field("ofunato_project_cost", "R07"), Field("ofunato_project_cost", "R06"))
    assert Compare(change, "gt", 0) in query.filters and isinstance(query.ask, Listing), query


def test_supposed_to_be_says_nothing_of_its_own(ofunato_words):
    history = [{"role": "user", "content": "What's the crematorium's planned budget for FY2025?"},
               {"role": "assistant", "content": "The crematorium management project (0081) plans 93,158 thousand yen."}]
    query = one("How much of that is supposed to be covered by municipal bonds?", ofunato_words, history)
    assert query.ask == Value(Field("ofunato_bonds")) and query.years == ("R07",), query


def test_the_average_total_work_time_is_an_average_of_each_ones_total(ofunato_words):
    query = one("What's the average total staff work time across the Agricultural Committee secretariat's projects in "
                "FY2024?", ofunato_words)  # fmt: skip
    assert query.ask == Aggregate("average", Field("ofunato_work_hours")) and query.years == ("R06",), query


# ---- stop 61, round 56 ----


def test_a_compound_name_its_sheet_does_not_write_is_no_project_of_the_sheets(engine):
    from jimuqa.answering.by_meaning import _writes_some_of

    (tsukuba,) = engine.cities
    # the closest sheet in meaning writes 整備 but not 水道: a 下水道整備 project is none of these sheets
    assert not _writes_some_of("下水道整備", (tsukuba, "012"), engine.retriever)
    assert _writes_some_of("海外都市交流", (tsukuba, "096"), engine.retriever)
    result = answer("つくば市の下水道整備事業の令和2年度の決算額は？", engine=engine, mode="extractive")
    assert result.kind == UNANSWERABLE and "下水道整備" in result.text and not result.citations, result.text


def test_cost_in_staff_is_the_personnel_cost(seed):
    query = one("How much did 012 cost in staff in FY2020?", seed.words)
    assert query.ask == Value(Field("personnel_cost_total")) and query.projects == ("012",), query


@pytest.mark.parametrize(("question", "left"), [("how many new hires did 010 have?", {"new", "hires"}),
                                                ("how did 095's participant numbers compare?", {"participant", "numbers"})])
def test_a_word_of_the_form_describing_a_word_left_is_left_with_it(seed, question, left):
    # "new hires" are no 新規 projects; "participant numbers" no project number: the figure they name is asked
    parsed = read_parts(question, seed.words)
    assert left <= set(parsed.unplaced), parsed.unplaced
    assert not any(p.kind == "value" or (p.kind, p.value) == ("field", "number") for p in parsed.parts), parsed.parts


def test_a_later_part_naming_no_project_asks_of_the_earlier_parts_one_with_its_target(engine, seed_sheets):
    question = ("For the near-future technology rollout project in FY2020: budget, actual spend, and how many new hires "
                "at the startups versus the goal?")  # fmt: skip
    result = answer(question, engine=engine, mode="extractive")
    assert {c.sheet for c in result.citations} == {"010"}, result.text
    hires = next(i for i in seed_sheets["010"].indicators if "就職" in i.name)
    for value in (hires.targets["R02"], hires.actuals["R02"]):
        assert f"{value:.1f}" in result.text, result.text


def test_how_much_of_a_unit_asks_the_figure_counted_in_it(ofunato_words):
    number = workbook_number("地域おこし協力隊事業")
    query = one("地域おこし協力隊の事業って、市の職員は年間どれくらいの時間をかけてるの？令和6年度で。", ofunato_words)
    assert query.projects == (number,) and query.ask == Value(Field("ofunato_work_hours")), query
    # a counter is no measure: how many people came asks no staff count
    came = understand("碁石海岸のインフォメーションセンターって去年どれくらいの人が来たの？", None, ofunato_words)
    assert not any(q.ask == Value(Field("ofunato_staff")) for q in came.queries), came.queries


@pytest.mark.parametrize("question", ["096は今後どう進めていく？", "096は今後どのように進めていきますか？"])
def test_how_it_goes_on_asks_the_direction_and_what_it_will_do(seed, question):
    asked = {q.ask.measure.field for q in understand(question, None, seed.words).queries}
    assert {"direction", "improvement_goal"} <= asked, asked


def test_names_listed_with_one_head_after_other_words_are_each_named(ofunato_words):
    parsed = read_parts("Add up the patient visits at the Ryori, Okirai and Yoshihama clinics in FY2024", ofunato_words)
    clinics = {workbook_number(f"{place}診療所運営事業") for place in ("綾里", "越喜来", "吉浜")}
    assert {p.value for p in parsed.parts if p.kind == "project"} == clinics, parsed.parts


# ---- stop 61, round 57 ----


@pytest.mark.parametrize("question", ["1719の令和2年度から令和6年度までの事業費の合計は？",
                                      "What did 1719 cost in total over FY2020 through FY2024?"])
def test_a_total_over_a_span_of_years_adds_up_every_year_of_it(ofunato_words, question):
    query = one(question, ofunato_words)
    assert {f.field for f in measure_fields(query.ask.measure)} == {"ofunato_project_cost"}
    years = {leaf.year for leaf in _leaves(query.ask.measure)}
    assert years == {"R02", "R03", "R04", "R05", "R06"}, query
    # two ends alone, with a change word, are a change between them
    change = one("1719の令和2年度から令和6年度の事業費の変化は？", ofunato_words)
    assert change.ask.measure.op == "difference", change


def _leaves(measure):
    return [measure] if isinstance(measure, Field) else [*_leaves(measure.left), *_leaves(measure.right)]


def test_a_ranking_by_a_total_over_years_ranks_each_projects_sum(ofunato_words):
    query = one("令和2年度から令和6年度までの事業費の合計が一番大きい事業は？", ofunato_words)
    assert isinstance(query.ask, Ranking) and query.ask.direction == "desc"
    assert {leaf.year for leaf in _leaves(query.ask.measure)} == {"R02", "R03", "R04", "R05", "R06"}, query


@pytest.mark.parametrize("question", ["0952の令和7年度の事業費って令和6年度の実績に対して何％？",
                                      "What is 0952's FY2025 project cost as a percentage of FY2024's?"])
def test_one_years_figure_as_a_percentage_of_another_years(ofunato_words, question):
    query = one(question, ofunato_words)
    cost = "ofunato_project_cost"
    assert query.ask == Value(Combine("percent", Field(cost, "R07"), Field(cost, "R06"))), query


def test_the_reason_for_what_a_clause_tells_is_no_reason_field(seed):
    # 「目標に届かなかった理由」 asks why the target was missed: the passages' account, not the 理由 of the direction
    understood = understand("009が目標に届かなかった理由は？", None, seed.words)
    assert "理由" in understood.unplaced and not any(
        q.ask == Value(Field("reason")) for q in understood.queries), understood.queries  # fmt: skip
    # the direction's own reason is the field
    assert Value(Field("reason")) in {q.ask for q in understand("009の方向性の理由は？", None, seed.words).queries}


def test_a_blank_beside_others_says_what_is_blank_and_a_figure_asked_twice_is_shown_once(seed):
    result = ask(seed, "What is 012's budget in FY2020, its progress and is it continuing?")
    lines = [line for line in result.text.splitlines() if line.startswith("- ")]
    assert len(lines) == len(set(lines)), result.text
    assert all(not re.search(r": (?:no value|値なし)", line) for line in lines), result.text


def test_a_word_beginning_one_value_of_the_field_said_is_that_value(ofunato_words):
    query = one("環境衛生係の事業で補助金タイプに分類されてるのはどれ？", ofunato_words)
    assert Member("ofunato_category", ("補助金等",)) in query.filters, query
    assert not any(isinstance(f, Compare) and f.measure == Field("name") for f in query.filters), query


# ---- stop 61, round 58 ----


@pytest.mark.parametrize("question", [
    "担当課は終了・廃止・休止にしてないのに、課長等意見で「終了・廃止・休止」になってる事業ってどれ？",
    "課長意見では終了・廃止・休止になってるのに、担当課の方向性は終了になっていなかった事業ってどれ？"])
def test_the_departments_own_direction_and_the_chiefs_are_two_conditions(ofunato_words, question):
    query = one(question, ofunato_words)
    ended = ("終了・廃止・休止",)
    assert set(query.filters) == {Member("ofunato_improvement_direction", ended, negate=True),
                                  Member("ofunato_future_direction", ended)}, query


@pytest.mark.parametrize("question", [
    "In the Fisheries Division, which projects did the division itself want to keep unchanged but the section chief "
    "said need reform?",
    # (a unit field, 係 too, speaks for the department; a word after a value and a slash says it again)
    "In the fisheries division (水産課), how many projects did the section itself mark as 'keep as is' but the division "
    "head then pushed to 'reform/improve'? Which ones?"])
def test_the_division_itself_and_the_section_chief_in_english(ofunato_words, question):
    query = one(question, ofunato_words)
    assert Member("ofunato_improvement_direction", ("現状維持",)) in query.filters, query
    assert Member("ofunato_future_direction", ("改革改善",)) in query.filters, query


def test_a_number_of_times_over_two_years_is_a_condition_on_their_ratio(ofunato_words):
    query = one("中央公民館の事業のうち、令和5年度から6年度にかけて事業費が2倍以上に増えたのはどれ？", ofunato_words)
    cost = "ofunato_project_cost"
    assert Compare(Combine("ratio", Field(cost, "R06"), Field(cost, "R05")), "ge", 2) in query.filters, query


def test_money_said_to_come_in_to_a_named_project_asks_its_amount(seed):
    asked = {q.ask for q in understand("097は令和2年度は国とか県からいくらお金が入ってるの？", None, seed.words).queries}
    assert Value(Field("national_prefectural")) in asked, asked


# ---- stop 61, round 59 ----


def test_why_after_an_answer_that_was_no_judgement_asks_the_account(seed):
    history = [{"role": "user", "content": "未来共創プロジェクトの申請件数、R2は目標達成できた？"},
               {"role": "assistant", "content": "目標6件に対して実績4件で、未達成でした。"}]
    understood = understand("その理由は？", history, seed.words)
    assert not understood.queries and "理由" in understood.unplaced, understood.queries
    # after a judgement the form prints a reason beside, the reason is that one
    judged = [{"role": "user", "content": "010の方向性は？"}, {"role": "assistant", "content": "010: 方向性 終了"}]
    assert [q.ask for q in understand("その理由は？", judged, seed.words).queries] == [Value(Field("reason"))]


def test_the_steepest_drop_is_the_largest_fall(seed):
    query = one("Which project saw the steepest percentage drop in settled spending from FY2019 to FY2020?", seed.words)
    assert isinstance(query.ask, Ranking) and query.ask.direction == "asc", query


def test_the_total_after_sources_of_money_is_the_cost_they_pay(ofunato_words):
    number = workbook_number("三陸鉄道支援事業")
    understood = understand(f"For {number} in R6, how much came from municipal bonds, how much from general revenue, "
                            "and what was the total?", None, ofunato_words)  # fmt: skip
    asked = [q.ask for q in understood.queries]
    assert asked == [Value(Field("ofunato_bonds")), Value(Field("ofunato_general_fund")),
                     Value(Field("ofunato_project_cost"))], asked


# ---- stop 62, round 60 ----


def test_a_later_part_asking_how_many_the_year_before_is_of_the_figure_an_earlier_part_stated(engine):
    result = answer("The hands-on science events for kids: what was the participant target for FY2020, how many "
                    "actually took part, and how many the year before?", engine=engine, mode="extractive")  # fmt: skip
    said = result.text.split("\n\n")[-1]  # the last part's answer
    assert "FY2019" in said and "actual" in said and "count" not in said, result.text


def test_a_names_words_said_again_and_counted_are_the_indicator_they_name(seed):
    understood = understand("大学や研究機関との連携の事業で、令和2年度の新規協定の数と連携事業の数、目標と実績をそれぞれ教えて。",
                            None, seed.words)  # fmt: skip
    indicators = {q.ask.measure.indicator for q in understood.queries}
    names = dict(seed.words.indicators[understood.queries[0].projects[0]])
    assert len(indicators) == 2 and any("連携事業" in names[no] for no in indicators), understood.queries
    assert {q.ask.measure.field for q in understood.queries} == {"indicator_target", "indicator_actual"}


def test_the_staffs_own_assessment_against_the_chiefs_opinion_said_as_alternatives(ofunato_words):
    understood = understand("Are there projects where the staff's own assessment said keep things as they are, but the "
                            "section chief's opinion says end or abolish it? Which ones?", None, ofunato_words)  # fmt: skip
    (query,) = understood.queries
    assert isinstance(query.ask, Listing) and query.ask.measure is None, query
    assert set(query.filters) == {Member("ofunato_improvement_direction", ("現状維持",)),
                                  Member("ofunato_future_direction", ("終了・廃止・休止",))}, query


def test_the_total_of_a_units_projects_and_the_most_expensive_share_the_year_said_once(ofunato_words):
    understood = understand("What was the total cost of running elections in FY2024, and which election was the most "
                            "expensive?", None, ofunato_words)  # fmt: skip
    total, ranking = understood.queries
    assert isinstance(total.ask, Aggregate) and total.ask.op == "total" and isinstance(ranking.ask, Ranking)
    assert total.years == ranking.years == ("R06",) and total.filters == ranking.filters, understood.queries
    (unit,) = total.filters
    assert unit.field == "department" and all("選挙" in workbook()[n]["事務事業名"][0] for n in workbook()
                                              if workbook()[n]["部課名"][0] in unit.values)  # fmt: skip


def test_an_ending_only_tried_asks_what_happened_not_the_direction(ofunato_words):
    question = "敬老祝金って廃止しようとしたことがあるって聞いたけど、どうなったの？"
    assert not understand(question, None, ofunato_words).queries
    assert "全体総括" not in asked_rows(parse_query(question)), asked_rows(parse_query(question))
    assert "全体総括" in asked_rows(parse_query("敬老祝金は廃止されるの？"))


def test_nouns_said_together_are_a_word_of_their_own():
    from jimuqa.index.search.keywords import words_and_compounds

    said, compounds = words_and_compounds("火葬場の使用料が上がったのはなんで？")
    assert "使用料" in compounds and "火葬場" in compounds and "使用料" not in said
    assert not {c for c in compounds if "上が" in c}  # a verb joins no noun


def test_a_series_word_beginning_a_value_said_of_what_a_project_is_is_that_value(seed):
    query = one("国際戦略総合特区の事業って、毎年やる事業？", seed.words)
    assert query.ask == Value(Field("period")) and len(query.projects) == 1, query


def test_a_description_agreeing_only_in_the_city_fewer_closest_sections_are_of_is_found_there():
    mixed = FakeRetriever(("つくば市", "096"), ("つくば市", "011"), "0952", ("つくば市", "096"), ("つくば市", "010"),
                          "0952", "0952", "0952", "0952")  # fmt: skip
    found = described_project(SCHOOL_BUS, ["school", "bus"], mixed)
    assert found is not None and (found.city, found.number) == (OFUNATO, "0952")
    assert [cities for *_, cities in mixed.asked[1:3]] == [["つくば市"], [OFUNATO]], mixed.asked



# ---- stop 62, round 61 ----


def test_not_reaching_a_number_is_less_than_it(seed):
    query = one("市民ニーズの評価が4以上あるのに、進捗状況が4に届いていない事業ってある？", seed.words)
    assert set(query.filters) == {Compare(Field("citizen_needs"), "ge", 4), Compare(Field("progress"), "lt", 4)}, query


def test_a_city_in_a_units_english_name_is_no_city():
    assert city_mentions("How many projects does the Science City Promotion unit (科学の街推進係) handle?") == []
    assert city_mentions("What's the average across the projects of the 'Science City Promotion' team?") == []
    assert city_mentions("How much does Mito City spend on robots?") == ["Mito City"]


def test_one_off_projects_not_recurring_or_multi_year(ofunato_words):
    understood = understand("How many projects are one-off, single-year-only projects (not recurring or multi-year)? "
                            "Which ones?", None, ofunato_words)  # fmt: skip
    (query,) = understood.queries
    values = {v for n in workbook() for v in workbook()[n]["事業期間（区分）"]}
    (only,) = [v for v in values if "のみ" in v]
    assert Member("ofunato_period_kind", (only,)) in query.filters, query
    (others,) = [f for f in query.filters if f.negate]
    assert set(others.values) == values - {only}, query


def test_a_word_of_one_indicators_name_before_ratio_is_that_indicator(ofunato_words):
    number = workbook_number("三陸鉄道支援事業")
    understood = understand(f"How many riders did {number} have in R5 and in R6, and what was its operating ratio in R6?",
                            None, ofunato_words)  # fmt: skip
    last = understood.queries[-1]
    names = dict(ofunato_words.indicators[number])
    assert isinstance(last.ask, Value) and last.ask.measure.field == "indicator_actual", last
    assert names[last.ask.measure.indicator] == "営業係数" and last.years == ("R06",), last


def test_a_name_said_as_where_words_came_from_beside_the_topic_is_no_project(ofunato_words):
    question = "火葬場について市議会から何か言われてる？"
    projects = {p.value for p in read_parts(question, ofunato_words).parts if p.kind == "project"}
    assert projects == {workbook_number("火葬場管理運営事業")}, projects
    assert "関係者の意見" in asked_rows(parse_query(question))


def test_which_section_asks_the_section_of_the_project_described(ofunato_words):
    parse = read_parts("Which section at city hall takes care of the public toilets at the train stations?", ofunato_words)
    assert {p.value for p in parse.parts if p.kind == "project"} == {workbook_number("公衆トイレ維持管理事業")}, parse.parts
    assert ("field", "section") in {(p.kind, p.value) for p in parse.parts} and not parse.of("value"), parse.parts


def test_an_indicator_named_as_whom_the_project_is_for_is_not_asked(ofunato_words):
    query = one("東京圏からの移住者向けの支援金、R6は県からいくら入ってる？", ofunato_words)
    assert query.ask == Value(Field("ofunato_prefectural")) and query.years == ("R06",), query


def test_a_figure_an_answer_states_for_two_years_is_of_both(two):
    number, words = workbook_number("狂犬病予防事業"), two.words_for((OFUNATO,))
    (dogs,) = [f for f in sheet_figures(number, words.form_of[number], words) if f.label == "台帳登録頭数"]
    years = block_years(number)[0], block_years(number)[4]
    rows = [row for group in execute(dogs.query(number, years, "ja"), two.db, (OFUNATO,)).groups for row in group.rows]
    values = {row.year: f"{row.figure.value:,}" for row in rows}
    said = (f"狂犬病予防事業（{number}）の「台帳登録頭数」は{year_label(years[0])} {values[years[0]]}頭、"
            f"{year_label(years[1])} {values[years[1]]}頭です。")  # fmt: skip
    stated = _figure_stated("登録されてる犬の数はどれだけ減った？", said, two, (OFUNATO,))
    assert stated is not None and stated[0].years == years, stated


# ---- stop 62, round 62 ----


@pytest.mark.parametrize("question", ["令和2年度に指標の目標を下回ってしまった事業を全部教えてください",
                                      "Which projects fell below their target in FY2020?"])
def test_falling_below_the_target_itself_is_missing_it(seed, question):
    query = one(question, seed.words)
    assert query.filters == (Member("indicator_status", ("missed",)),) and query.years == ("R02",), query


def test_an_area_asked_in_the_word_people_use_is_counted_in_square_metres(ofunato_words):
    number = workbook_number("図書館運営事業")
    query = one("市立図書館の延べ床面積って何平米？", ofunato_words)
    assert query.projects == (number,) and ofunato_words.indicator_units[number][query.ask.measure.indicator] == "m2"


def test_a_kind_of_project_and_a_second_condition_joined_by_while(ofunato_words):
    query = one("How many facility-management type projects did division heads decide to keep as they are, while "
                "spending at least 50 million yen in FY2024?", ofunato_words)  # fmt: skip
    assert Member("ofunato_future_direction", ("現状維持",)) in query.filters, query
    assert Compare(Field("ofunato_project_cost"), "ge", 50000) in query.filters and query.years == ("R06",), query
    assert any(f.field == "ofunato_category" for f in query.filters), query


def test_a_span_marked_off_is_a_fixed_term(ofunato_words):
    query = one("建設課が期間を区切ってやってる事業で、令和7年度の予定事業費がいちばん大きいのはどれ？", ofunato_words)
    assert Member("ofunato_period_kind", ("期間限定複数年度",)) in query.filters, query


def test_as_planned_is_no_plan_asked(seed):
    query = one("市民ニーズは4以上あるのに、進捗が計画どおりにいかなかった（4未満）事業ってある？", seed.words)
    assert set(query.filters) == {Compare(Field("citizen_needs"), "ge", 4), Compare(Field("progress"), "lt", 4)}, query


# ---- stop 62, round 63 ----


def test_every_project_in_the_one_division_totalled_and_averaged(seed):
    understood = understand("If you add up the FY2020 budgets of all ten projects in the division, what's the total, "
                            "and what's the average per project?", None, seed.words)  # fmt: skip
    assert [q.ask for q in understood.queries] == [Aggregate("total", Field("budget")), Aggregate("average", Field("budget"))]
    assert all(not q.filters and not q.projects and q.years == ("R02",) for q in understood.queries), understood.queries


def test_projects_linked_to_an_sdg_said_by_its_title(seed):
    query = one("SDGsの「働きがいも経済成長も」につながっている事業って何件ある？", seed.words)
    assert query.ask == Aggregate("count") and query.filters == (Member("sdgs", (8,)),), query


@pytest.mark.parametrize("times", ["倍以上", "2倍以上"])
def test_a_budget_become_twice_the_years_before_is_a_condition_on_their_ratio(ofunato_words, times):
    query = one(f"市民環境課の事業で、今年度の予算が前年度の実績の{times}になってるのはどれ？", ofunato_words)
    cost = "ofunato_project_cost"
    assert Compare(Combine("ratio", Field(cost, "R07"), Field(cost, "R06")), "ge", 2) in query.filters, query


def test_an_indicators_word_in_a_topic_set_off_before_a_cost_field_names_the_project(ofunato_words):
    query = one("三陸鉄道への補助って、令和6年度は地方債でどれくらい賄ってたの？", ofunato_words)
    assert query.ask == Value(Field("ofunato_bonds")) and query.projects == (workbook_number("三陸鉄道支援事業"),), query
    # (with no field of the form's after it, the topic is the indicator asked)
    riders = one("三陸鉄道の乗車人数って、令和6年度は何人？", ofunato_words)
    names = dict(ofunato_words.indicators[riders.projects[0]])
    assert names[riders.ask.measure.indicator] == "三陸鉄道乗車人数", riders


# ---- stop 62, round 64 ----


def test_racked_up_says_had_and_three_is_how_many(seed):
    query = one("Which three projects racked up the most staff overtime in FY2020?", seed.words)
    assert query.ask == Ranking(Field("overtime_hours"), "desc", 3) and query.years == ("R02",), query


# ---- stop 63, round 65 ----


def _marked(number: str, header: str) -> bool:
    return str(cell(number, header) or "").strip() == "○"


def test_projects_placed_in_the_comprehensive_strategy_are_those_the_form_marks(two, ofunato_words):
    question = "総合戦略に位置づけられてる事業のうち、課長意見が「現状維持」になってるのはどれ？"
    query = one(question, ofunato_words)
    assert set(query.filters) == {Member("ofunato_strategy", (1,)), Member("ofunato_future_direction", ("現状維持",))}
    expected = {n for n in workbook() if _marked(n, "総合戦略")
                and "現状維持" in str(cell(n, "４\u3000課長等意見\n(1) 今後の方向性"))}  # fmt: skip
    result = ask(two, question)
    assert expected and {r["sheet"] for r in result.rows if "sheet" in r} == expected, result.text


def test_a_mark_is_shown_as_the_sheet_prints_it(two):
    number = workbook_number("三陸鉄道支援事業")
    result = ask(two, f"{number}は総合戦略に入ってる？")
    assert f"総合戦略 {'○' if _marked(number, '総合戦略') else '—'}" in result.text, result.text


def test_at_least_double_is_a_ratio_of_two_and_a_word_of_times_alone_at_least_that(ofunato_words):
    cost = "ofunato_project_cost"
    doubled = Compare(Combine("ratio", Field(cost, "R07"), Field(cost, "R06")), "ge", 2)
    query = one("Which projects of the citizens' environment division (市民環境課) plan to spend at least double in R7 "
                "what they spent in R6?", ofunato_words)  # fmt: skip
    assert doubled in query.filters, query
    tripled = one("Which projects' budgets tripled from FY2024 to FY2025?", ofunato_words)
    assert replace(doubled, value=3) in tripled.filters, tripled


def test_the_departments_own_direction_said_not_to_be_the_chiefs(ofunato_words):
    query = one("課長の意見だと「終了・廃止・休止」なのに、担当課の方向性はそうなってない事業ってどれ？", ofunato_words)
    ended = ("終了・廃止・休止",)
    assert set(query.filters) == {Member("ofunato_future_direction", ended),
                                  Member("ofunato_improvement_direction", ended, negate=True)}, query


def test_two_directions_asked_whether_alike_are_both_shown(ofunato_words):
    understood = understand("貝毒検査事業、担当課が出した方向性と課長の意見って同じなの？", None, ofunato_words)
    assert understood.accepted, understood.unplaced
    asked = [q.ask.measure.field for q in understood.queries]
    assert asked[:1] == ["ofunato_improvement_direction"] and "ofunato_future_direction" in asked, asked


def test_a_department_named_in_english_is_every_division_of_it(ofunato_words):
    query = one("In the water and sewerage department, which three projects have the biggest planned budgets for R7?",
                ofunato_words)  # fmt: skip
    units = {str(cell(n, "部課名")) for n in workbook()} - {"None"}
    (member,) = [f for f in query.filters if isinstance(f, Member)]
    assert set(member.values) == {u for u in units if u.startswith("上下水道部")} and len(member.values) > 1, member
    division = one("Which projects does the sewerage division run?", ofunato_words)
    assert division.filters == (Member("department", ("上下水道部下水道課",)),), division


def test_what_a_sheet_expects_for_its_plan_year_is_its_plan(two):
    number = workbook_number("敬老祝金支給事業")
    history = [{"role": "user", "content": "敬老祝金の事業について教えて"},
               {"role": "assistant", "content": f"{number} 敬老祝金支給事業は100歳到達者に祝金を贈呈する事業です。"}]
    result = answer("How many people received it in R6, and how many are expected this year?", history, engine=two,
                    mode="extractive")  # fmt: skip
    assert result.kind == STRUCTURED and "FY2024" in result.text and "FY2025" in result.text, result.text


def test_improving_names_the_improvement_goal(seed):
    query = one("What's the plan for improving the science education project going forward?", seed.words)
    assert query.ask == Value(Field("improvement_goal")), query


# ---- stop 63, round 66 ----


def test_the_chief_ending_what_the_department_had_not_proposed_ending(ofunato_words):
    query = one("Which projects did the section chief recommend ending, even though the department itself hadn't "
                "proposed ending them?", ofunato_words)  # fmt: skip
    ended = ("終了・廃止・休止",)
    assert set(query.filters) == {Member("ofunato_future_direction", ended),
                                  Member("ofunato_improvement_direction", ended, negate=True)}, query


def test_a_cost_over_its_whole_period_is_the_overall_plans(ofunato_words):
    query = one("Among the fixed-term, multi-year projects, which one has the largest overall plan budget (project "
                "cost over its whole period)?", ofunato_words)  # fmt: skip
    assert query.ask == Ranking(Field("ofunato_overall_project_cost"), "desc", 1), query
    assert query.filters == (Member("ofunato_period_kind", ("期間限定複数年度",)),), query


def test_a_verbs_te_form_sets_off_no_topic(ofunato_words):
    understood = understand("省エネ家電への買い替え補助、令和6年度は申請が何件あって、事業費はいくらだった？", None, ofunato_words)
    asked = {q.ask.measure.field for q in understood.queries}
    assert asked == {"ofunato_project_cost", "indicator_actual"}, understood.queries


def test_an_indicators_words_in_a_topic_before_a_text_field_ask_no_figure(ofunato_words):
    understood = understand("カキやホヤの貝毒検査への補助って、課長の意見では今後どうする方向になってる？", None, ofunato_words)
    asked = [q.ask.measure.field for q in understood.queries]
    assert asked[0] == "ofunato_future_direction" and "indicator_actual" not in asked, asked


def test_the_citys_involvement_is_the_public_involvement_item_and_reconsidered_its_review(ofunato_words):
    understood = understand("For the 戦没者追悼式開催事業, why does its evaluation say the city's involvement could be "
                            "reconsidered?", None, ofunato_words)  # fmt: skip
    asked = [q.ask.measure.field for q in understood.queries]
    assert asked == ["ofunato_evaluation_2", "ofunato_evaluation_2_reason"], (asked, understood.unplaced)


# ---- stop 63, round 67 ----


def test_the_departments_direction_said_in_several_words_is_negated_whole(ofunato_words):
    query = one("担当課は終了・廃止を出していないのに、課長等意見で「終了・廃止・休止」とされた事業は何件？", ofunato_words)
    ended = ("終了・廃止・休止",)
    assert set(query.filters) == {Member("ofunato_improvement_direction", ended, negate=True),
                                  Member("ofunato_future_direction", ended)}, query


def test_how_big_a_drop_asks_the_size_of_a_fall_not_an_ending(seed):
    history = [{"role": "user", "content": "How much overtime did the university and research institute partnership "
                                           "project log in FY2020?"},
               {"role": "assistant", "content": "Project 094 logged 33.00 hours of regular-staff overtime in R2."}]
    understood = understand("What about the year before, and how big a drop is that?", history, seed.words)
    measures = [q.ask.measure for q in understood.queries]
    assert measures and all(isinstance(m, Combine) and m.op == "difference" for m in measures), understood.queries


def test_a_unit_named_in_english_before_its_kind_word_is_that_kind_of_unit(seed):
    query = one("What's the combined FY2020 personnel cost of all the projects run by the innovation promotion unit?",
                seed.words)  # fmt: skip
    assert query.filters == (Member("section", ("イノベーション推進係",)),), query


def test_a_unit_written_with_and_without_its_office_is_both(ofunato_words):
    query = one("Which three tourism office projects spent the most in R6?", ofunato_words)
    (member,) = query.filters
    units = {str(cell(n, "部課名")) for n in workbook()}
    assert set(member.values) == {u for u in units if u.endswith("観光交流推進室")} and len(member.values) == 2, member


def test_beating_a_target_is_meeting_it(seed):
    query = one("Which projects beat their FY2020 targets?", seed.words)
    assert query.filters == (Member("indicator_status", ("met",)),), query


def test_an_average_from_one_year_through_another_is_of_every_year_between(ofunato_words):
    query = one("On average, what did the 0952 project cost per year from R2 through R6?", ofunato_words)
    assert query.years == ("R02", "R03", "R04", "R05", "R06"), query


# ---- stop 64, round 68 ----


def _judged(number: str, label: str) -> str:
    """The judgement a 大船渡 sheet prints for an evaluation item (「④ 成果の向上余地」)."""
    return str(cell(number, label)).strip()


@pytest.mark.parametrize(("question", "said"), [("成果の向上余地が「ある」事業は何件？", "向上余地がある"),
                                                ("成果の向上余地がある事業は何件？", "向上余地がある"),
                                                ("成果の向上余地はない事業は何件？", "向上余地がない")])
def test_an_items_judgement_said_with_aru_or_nai_is_that_judgement_not_its_being_reported(two, question, said):
    query = one(question, two.words)
    assert query.filters == (Member("ofunato_evaluation_4", (said,)),), query
    (group,) = execute(query, two.db, (OFUNATO,)).groups
    assert len(group.rows) == sum(_judged(n, "④ 成果の向上余地") == said for n in workbook()), len(group.rows)


def test_an_item_named_in_english_as_room_to_do_a_thing_is_its_judgement_that_there_is_room(ofunato_words):
    query = one("Which projects admit in their self-assessment that project costs could be cut?", ofunato_words)
    assert query.filters == (Member("ofunato_evaluation_6", ("削減余地がある",)),), query


def test_the_departments_direction_and_the_chiefs_said_by_whom_each_is(ofunato_words):
    query = one("水産課の事業で、担当課は「現状維持」としたのに課長が「改革改善」に変えたものはどれ？", ofunato_words)
    (unit,) = {str(cell(n, "部課名")).strip() for n in workbook() if str(cell(n, "部課名")).strip().endswith("水産課")}
    assert set(query.filters) == {Member("department", (unit,)), Member("ofunato_improvement_direction", ("現状維持",)),
                                  Member("ofunato_future_direction", ("改革改善",))}, query


def test_a_verb_of_change_said_of_one_year_is_the_change_into_it(seed):
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    query = one("令和2年度に決算額が増えた事業は？", seed.words)
    assert query.filters == (Compare(change, "gt", 0),), query
    ranked = one("令和2年度に決算額が一番増えた事業は？", seed.words)
    assert isinstance(ranked.ask, Ranking) and ranked.ask.measure == change and ranked.ask.direction == "desc", ranked
    still = one("令和2年度に決算額が一番多い事業は？", seed.words)  # (no change said: that year's figure)
    assert still.ask.measure == Field("settlement") and still.years == ("R02",), still


def test_the_year_before_said_beside_a_year_with_versus_is_the_year_before_that_one(seed):
    query = one("What was the overtime of project 097 in FY2020 versus the year before?", seed.words)
    assert set(query.years) == {"R01", "R02"}, query


def test_the_account_said_with_de_before_its_sources_is_no_figure_asked(seed):
    understood = understand("令和2年度の決算で、国庫・県支出金・地方債が財源に入っている事業はどれ？合計額も知りたい。", None,
                            seed.words)  # fmt: skip
    fields = {f.field for q in understood.queries for f in measure_fields(q.ask.measure)}
    assert understood.queries and fields == {"national_prefectural"}, understood.queries


def test_a_name_said_with_no_between_its_words_and_a_clause_of_what_it_does(ofunato_words):
    query = one("シカを駆除してる鳥獣被害対策の実施隊、令和6年度の事業費のうち県からのお金は何パーセント？", ofunato_words)
    assert query.projects == (workbook_number("大船渡市鳥獣被害対策実施隊設置事業"),), query
    assert query.ask.measure == Combine("percent", Field("ofunato_prefectural"), Field("ofunato_project_cost")), query


def test_a_share_of_it_is_of_the_figure_asked_just_before(seed):
    history = [{"role": "user", "content": "How much did project 093 spend in FY2020?"},
               {"role": "assistant", "content": "Project 093 settled 4,002 thousand yen in FY2020."}]
    understood = understand("And what was its budget? What share of it got spent?", history, seed.words)
    measures = [q.ask.measure for q in understood.queries]
    assert measures == [Field("budget"), Combine("percent", Field("settlement"), Field("budget"))], understood.queries


def test_a_score_said_given_with_tsukeru_is_the_condition(seed):
    understood = understand("優先度が一番高い5をつけられている事業は何件ある？", None, seed.words)
    assert understood.queries and understood.queries[0].filters == (Compare(Field("priority"), "eq", 5),), understood


def test_kinds_of_body_and_a_cut_off_character_are_no_companys_name():
    # (the crematorium's sheet says it is run by a designated manager, names kinds of body that may run one, and the
    # facility's name, which the dictionary cuts; no company's name)
    record = workbook()[workbook_number("火葬場管理運営事業")]
    sentences = [s for cells in record.values() for c in cells if isinstance(c, str) for s in c.split("。") if s]
    assert any("法人等" in s for s in sentences) and any("指定管理" in s for s in sentences)
    assert absent_detail(parse_query("火葬場の指定管理をしている会社はどこ？会社名を知りたい。"), sentences) is not None


# ---- stop 64, round 69 ----


def test_a_goal_held_up_is_one_the_project_is_linked_to_and_not_so_when_negated(seed):
    query = one("SDGsの11番「住み続けられるまちづくりを」を掲げていない事業はどれですか", seed.words)
    (member,) = query.filters
    assert member.field == "sdgs" and member.negate and list(member.values) == [11], query


def test_another_citys_office_or_facility_is_that_citys_own(two):
    result = answer("陸前高田市の図書館の運営費ってどれくらい？", None, engine=two)
    assert result.kind == UNANSWERABLE and "refused: other_city" in result.notes, (result.text, result.notes)
    # (its partnership with the city here is a topic of the sheets)
    assert "refused: other_city" not in answer("陸前高田市との連携はどんなことをしてる？", None, engine=two).notes


def test_this_years_planned_amount_as_a_percentage_of_last_years_actual(ofunato_words):
    query = one("水道施設の改良・更新の事業、今年度の計画額って去年の実績の何％くらいになってる？", ofunato_words)
    assert query.projects == (workbook_number("水道施設改良更新事業"),), query
    cost = "ofunato_project_cost"
    assert query.ask.measure == Combine("percent", Field(cost, "R07"), Field(cost, "R06")), query


def test_two_directions_listed_as_the_departments_are_each_its_own(ofunato_words):
    query = one("Which projects did the section chief want to end even though the department itself proposed keeping "
                "or reforming them?", ofunato_words)  # fmt: skip
    own = [f for f in query.filters if f.field == "ofunato_improvement_direction"]
    chiefs = [f for f in query.filters if f.field != "ofunato_improvement_direction"]
    assert len(own) == 1 and set(own[0].values) == {"現状維持", "改革改善"} and not own[0].negate, query
    assert [f.values for f in chiefs] == [("終了・廃止・休止",)], query


# ---- stop 64, round 70 ----


def test_a_staff_allocation_in_persons_is_the_staff_assigned(seed):
    query = one("What was the full-time staff allocation (in persons) on the robot city project in FY2020?", seed.words)
    assert query.ask.measure == Field("staff_ratio") and query.projects == ("097",), query


def test_the_name_right_before_jigyou_is_the_project_another_names_words_describe(seed):
    query = one("企業や研究機関から実証実験の提案を受け付ける未来共創の事業って、優先度は何点になってますか", seed.words)
    assert query.projects == ("009",) and query.ask.measure == Field("priority"), query


def test_not_marking_as_a_value_is_that_value_negated_not_a_mark(ofunato_words):
    query = one("Among the Agricultural Committee secretariat's projects, which ones did the section chief NOT mark as "
                "'maintain status quo' going forward?", ofunato_words)  # fmt: skip
    directions = [f for f in query.filters if f.field in ("direction", "ofunato_future_direction")]
    assert [(f.values, f.negate) for f in directions] == [(("現状維持",), True)], query
    assert not any(f.field.startswith(("ofunato_implementation", "ofunato_strategy")) for f in query.filters), query


@pytest.mark.parametrize("question", ["097はいくら？", "How much did 097 get in FY2020?"])
def test_the_money_word_the_parser_puts_in_is_no_word_of_the_question_other_readers_read(seed, question):
    # (the parser reads a bare いくら of a project as its money, 「いくら お金」; the passages' readers read the
    # question as asked)
    assert in_usual_spelling(question, seed.words) == question


# ---- stop 64, round 71 ----


def test_run_by_staff_alone_asks_the_projects_delivery(seed):
    understood = understand("デジタル情報プラットフォームの事業、進み具合の評価は何点？あと事業は職員だけでやってるの？", None,
                            seed.words)  # fmt: skip
    asked = [q.ask.measure for q in understood.queries if isinstance(q.ask, Value)]
    assert Field("structure") in asked and Field("progress") in asked, understood.queries


def test_the_departments_direction_spelt_out_in_brackets_after_its_word(ofunato_words):
    query = one("担当課は続ける（現状維持や改革改善）つもりなのに、課長等意見では「終了・廃止・休止」になっている事業ってどれ？",
                ofunato_words)  # fmt: skip
    own = [f for f in query.filters if f.field == "ofunato_improvement_direction"]
    chiefs = [f for f in query.filters if f.field != "ofunato_improvement_direction"]
    assert len(own) == 1 and set(own[0].values) == {"現状維持", "改革改善"}, query
    assert [f.values for f in chiefs] == [("終了・廃止・休止",)], query


def test_whether_the_city_need_do_it_is_the_public_involvement_item(ofunato_words):
    understood = understand("中央公民館の市民講座って、市がわざわざやる必要あるのか評価ではどう判断されてる？", None, ofunato_words)
    asked = {q.ask.measure.field for q in understood.queries if isinstance(q.ask, Value)}
    assert "ofunato_evaluation_2" in asked and not understood.read_past, understood.queries


def test_neither_of_two_values_said_with_demo_nai_is_each_negated(ofunato_words):
    query = one("総合戦略に位置付けられている事業のうち、課長意見が「改革改善」でも「終了」でもないのはどれ？", ofunato_words)
    directions = [f for f in query.filters if f.field in ("direction", "ofunato_future_direction")]
    assert directions and all(f.negate for f in directions), query
    assert {"改革改善", "終了・廃止・休止"} <= {v for f in directions for v in f.values}, query


def test_a_billion_yen_is_a_million_of_the_sheets_thousands(ofunato_words):
    query = one("Which projects have a planned FY2025 project cost of at least 1 billion yen?", ofunato_words)
    assert query.filters == (Compare(Field("ofunato_project_cost"), "ge", 1_000_000),) and query.years == ("R07",), query


# ---- stop 65, round 72 ----


def test_a_value_overturned_by_the_chief_is_a_condition_on_each_speakers_judgement(ofunato_words):
    query = one("担当課は「現状維持」って評価してたのに、課長が「終了・廃止・休止」にひっくり返した事業ってある？", ofunato_words)
    said = {(f.field, f.values) for f in query.filters}
    assert said == {("ofunato_improvement_direction", ("現状維持",)),
                    ("ofunato_future_direction", ("終了・廃止・休止",))}, query  # fmt: skip


def test_cost_items_asked_of_the_whole_period_are_the_overall_plans(ofunato_words):
    number = workbook_number("市道蛸ノ浦合足線道路改良事業")
    understood = understand("蛸ノ浦合足線の道路改良って、全体でいくらかかる計画で、そのうち国からのお金はいくら？", None,
                            ofunato_words)  # fmt: skip
    assert [q.ask.measure for q in understood.queries] == [Field("ofunato_overall_project_cost"),
                                                            Field("ofunato_overall_national")], understood.queries
    assert all(q.projects == (number,) for q in understood.queries), understood.queries


def test_a_share_of_it_is_of_the_field_the_question_named_before(seed):
    query = one("Looking only at projects that had a budget in FY2020, which one spent the smallest share of it?",
                seed.words)  # fmt: skip
    assert query.ask.measure == Combine("percent", Field("settlement"), Field("budget")), query
    assert query.ask.direction == "asc" and query.years == ("R02",), query


def test_what_the_chief_concluded_is_the_overall_summary_and_a_word_of_an_indicator_describes_the_project(
        ofunato_words):  # fmt: skip
    understood = understand("What did the section chief conclude about the city's subsidy for the Sanriku Railway?", None,
                            ofunato_words)  # fmt: skip
    asked = [q.ask.measure for q in understood.queries]
    assert Field("ofunato_summary") in asked, understood.queries
    assert not any(m.indicator is not None or m.field.startswith("indicator") for m in asked), understood.queries


@pytest.mark.parametrize("question", ["How much did 012 spend in FY2020, and on what?",
                                      "What did 012 spend its money on in FY2020?"])  # fmt: skip
def test_what_money_went_on_is_asked_in_english_after_its_amount_or_before_a_year(seed, question):
    understood = understand(question, None, seed.words)
    assert [p.reason for p in understood.parses] == [USE_ASKED], understood.parses


def test_cities_in_the_plural_are_no_ask_for_the_projects_municipality(seed):
    parsed = read_parts("What came out of the international science city project's work with overseas cities in FY2020?",
                        seed.words)  # fmt: skip
    assert "city" not in [p.value for p in parsed.of("field")], parsed.parts
    assert [p.value for p in read_parts("Which city runs project 097?", seed.words).of("field")] == ["city"]


# ---- stop 65, round 73 ----


@pytest.mark.parametrize("question", ["What was the average rabies vaccination rate for dogs over R2 through R6?",
                                      "狂犬病予防事業の予防接種率の令和2年度から6年度までの平均は？"])  # fmt: skip
def test_an_average_of_one_projects_figure_over_years_is_the_mean_of_its_years(two, ofunato_words, question):
    query = one(question, ofunato_words)
    assert isinstance(query.ask, Aggregate) and query.ask.op == "average" and query.ask.over_years, query
    assert query.projects == (workbook_number("狂犬病予防事業"),) and len(query.years) == 5, query
    (group,) = execute(query, two.db).groups
    each = [execute(replace(query, ask=Value(query.ask.measure), years=(year,)), two.db).groups[0].rows[0].figure.value
            for year in query.years]  # fmt: skip
    assert [r.figure.value for r in group.rows] == each
    assert group.aggregate.value == pytest.approx(sum(each) / len(each))
    assert "taken together" in reading(query, "en") and "を通した" in reading(query, "ja")


def test_a_name_said_with_no_names_its_one_project_in_a_total_over_years(ofunato_words):
    query = one("鳥獣被害対策の実施隊、令和6年度は何頭捕獲した？", ofunato_words)
    assert query.projects == (workbook_number("大船渡市鳥獣被害対策実施隊設置事業"),), query
    understood = understand("鳥獣被害対策の実施隊、令和2年度から6年度までの5年間でシカを合計何頭捕獲した？", None,
                            ofunato_words)  # fmt: skip
    (summed,) = understood.queries
    assert {leaf.year for leaf in _leaves(summed.ask.measure)} == {"R02", "R03", "R04", "R05", "R06"}, summed
    assert understood.read_past == ["シカ"], understood


def test_a_change_in_an_indicator_of_money_is_no_fee_asked(two):
    result = ask(two, "出産祝い金の支給額、令和5年度から6年度で何％増えた？")
    number = workbook_number("出産祝金支給事業")
    assert {c.sheet for c in result.citations} == {number} and "%" in result.text, result.text


def test_a_generic_word_after_no_joins_no_name(ofunato_words):
    # 「博物館の施設管理の事業」: の事業 is no word of a name (施設管理事業 is one project's, not the museum's)
    parsed = read_parts("博物館の施設管理の事業って、いつから始まったんですか？", ofunato_words)
    assert not parsed.of("project"), parsed.parts


# ---- stop 65: the vocabulary, reviewed ----


def test_asking_to_have_figures_together_is_no_ask_for_the_overall_summary(ofunato_words):
    # (まとめて: "together"; the 全体総括 is the chief's 総括 or 結論)
    understood = understand("1397と0380の令和6年度の事業費をまとめて教えて", None, ofunato_words)
    assert [q.ask.measure for q in understood.queries] == [Field("ofunato_project_cost")], understood.queries
    assert Field("ofunato_summary") in [q.ask.measure for q in understand("0380の課長の結論は？", None, ofunato_words).queries]


def test_an_adverb_that_only_stresses_does_not_break_a_phrase(ofunato_words):
    # 「市がわざわざやる必要」 is 「市がやる必要」 (公共関与の妥当性), as 「改革・改善」 is 改革改善
    plain, stressed = (read_parts(f"中央公民館の市民講座って、市が{said}やる必要あるのか評価ではどう判断されてる？", ofunato_words)
                       for said in ("", "わざわざ"))  # fmt: skip
    assert [p.value for p in stressed.of("field")] == [p.value for p in plain.of("field")], stressed.parts


# ---- stop 66, round 74 ----


def _amount(value) -> float:
    try:
        return float(str(value).replace(",", ""))
    except ValueError:  # (a blank or 「-」)
        return 0.0


def test_a_committees_projects_are_those_of_its_secretariat_too(two, ofunato_words):
    # 「教育委員会の事業」: the projects of 教育委員会博物館 and of each 教育委員会事務局… department
    query = one("教育委員会の事業で、令和6年度のトータルコストが1億円を超えたのはどれ？", ofunato_words)
    (member,) = [f for f in query.filters if isinstance(f, Member)]
    assert set(member.values) == {d for d in workbook_departments() if d.startswith("教育委員会")}, member
    over = {n for n in workbook() if str(cell(n, "部課名")).strip().startswith("教育委員会")
            and _amount(cell(n, "トータルコスト(A)", block_years(n).index("R06"))) > 100_000}  # fmt: skip
    found = {row.sheet for group in execute(query, two.db, (OFUNATO,)).groups for row in group.rows}
    assert over and found == over


def test_how_many_minutes_asks_the_indicator_counted_in_minutes(ofunato_words):
    # Sudachi reads 何分 as one word (なにぶん, "anyhow"); before a verb it asks a count of minutes
    assert [counter for *_, counter in asked_counters("申請1件の受付に何分かかる？", "ja")] == ["分"]
    number = workbook_number("旅券発給事務")
    understood = understand("旅券発給事務で、申請1件の受付に何分かかる？", None, ofunato_words)
    units = {ofunato_words.indicator_units[number][q.ask.measure.indicator] for q in understood.queries}
    assert understood.queries and units == {"分"}, understood.queries


def test_how_long_it_takes_asks_a_figure_counted_in_time(ofunato_words):
    (asked,) = asked_figures("How long does it take staff to process one of those applications?", "en")
    assert asked.kind == DURATION
    number = workbook_number("旅券発給事務")
    figures = sheet_figures(number, ofunato_words.form_of[number], ofunato_words)
    timed = {f.unit for f in figures if counted_in(f, DURATION)}
    # (the 所要時間 indicators in minutes, and the staff's hours of the cost rows; no money nor count)
    assert timed == {"分", "時間"} and not counted_in(next(f for f in figures if "円" in f.unit), DURATION)
    assert not any(counted_in(f, DURATION) for f in figures if f.unit == "件")


def test_how_it_will_go_on_asks_in_what_way_not_a_figure():
    # 「今後どうしていくつもり」 asks how (the improvement goal's passages), as 「どうするつもり」 does; 「どうして」 alone asks why
    assert asks_how("海外都市との連携は今後どうしていくつもり？")
    assert not asks_how("どうして廃止するの？")


@pytest.mark.parametrize("question", ["鳥獣被害対策の実施隊、令和6年度は何頭捕獲した？", "図書館の運営費って削れない？",
                                      "スクールバスの事業費はいくら？"])  # fmt: skip
def test_only_names_sharing_two_characters_with_a_question_share_a_run_with_it(ofunato_words, question):
    # (a run that may name a project: of its distinctive words, or through a generic word from two of them)
    compact = re.sub(r"\s", "", normalise_text(question))
    sharing = ofunato_words.names_sharing_a_pair(compact)
    with_a_run = [n for n in ofunato_words.names if any(_common_runs(compact, v) for v in n.masked)
                  or any(_through_generic(r) for v in n.compact for r in _common_runs(compact, v))]  # fmt: skip
    assert with_a_run and [n for n in sharing if n in with_a_run] == with_a_run
    assert len(sharing) < len(ofunato_words.names) / 2


def test_a_word_before_no_joined_to_a_shared_run_names_the_one_project_holding_both(ofunato_words):
    # 「図書館の運営費」: 運営 is many names' word, 図書館 (also a department's name) and 運営 together one name's
    parsed = read_parts("図書館の運営費って、もう少し削れないものなの？", ofunato_words)
    assert {p.value for p in parsed.of("project")} == {workbook_number("図書館運営事業")}, parsed.parts


def test_a_noun_of_its_sheet_after_a_topic_naming_a_project_is_a_word_of_the_mention(ofunato_words):
    # 「出産祝いの商品券って、…」: the 商品券 the project gives (its sheet says so) names it, it is no thing asked
    number = workbook_number("出産祝金支給事業")
    assert "商品券" in str(cell(number, "事務事業の概要"))
    query = one("出産祝いの商品券って、令和6年度は何人だった？", ofunato_words)
    assert query.projects == (number,) and query.years == ("R06",), query
    # (a noun its sheet does not write is left: the question may ask of another thing)
    assert "天気" in read_parts("出産祝いの天気って、令和6年度は何人だった？", ofunato_words).unplaced


def test_the_department_and_the_chief_said_together_ask_each_ones_direction(ofunato_words):
    number = workbook_number("福祉灯油事業")
    understood = understand("福祉灯油事業で、担当課と課長で今後の方向性の判断は同じ？", None, ofunato_words)
    asked = [q.ask.measure.field for q in understood.queries]
    assert asked[:2] == ["ofunato_improvement_direction", "ofunato_future_direction"], understood.queries
    assert "department" not in asked and all(q.projects == (number,) for q in understood.queries)


def test_asks_after_a_topic_set_off_by_a_colon_are_each_answered(ofunato_words):
    question = "For hometown tax donations in FY2024: how many donations came in, what was the total amount?"
    assert split(question) == ["For hometown tax donations in FY2024: how many donations came in",
                               "For hometown tax donations in FY2024: what was the total amount?"]  # fmt: skip
    number = workbook_number("ふるさと納税事務")
    understood = understand(question, None, ofunato_words)
    units = [ofunato_words.indicator_units[number][q.ask.measure.indicator] for q in understood.queries]
    assert units == ["件", "円"] and all(q.projects == (number,) and q.years == ("R06",) for q in understood.queries)


# ---- stop 66, round 75 ----


def test_the_time_it_takes_asks_a_figure_counted_in_time():
    (asked,) = asked_figures("あと受付1件にかかる時間も教えて。", "ja")
    assert asked.kind == DURATION


# ---- stop 67, round 76 ----


def test_a_unit_said_or_printed_another_way_is_the_same_unit():
    # ｔ and トン, か所 and 箇所, ㏊ and ha: one unit (the sheets print each several ways)
    assert counts_in("ｔ", "トン") and counts_in("千トン", "トン") and counts_in("ヶ所", "箇所") and counts_in("㏊", "ha")
    assert not counts_in("トン／日", "日") and not counts_in("回", "トン")
    assert [counter for *_, counter in asked_counters("how many tonnes were collected in r5?", "en")] == ["トン"]


def test_how_many_tonnes_asks_the_indicator_counted_in_tonnes(ofunato_words):
    number = workbook_number("一般廃棄物試験分別収集事業")
    understood = understand("In the trial separate collection of recyclable waste, how many tonnes were collected in R5?",
                            None, ofunato_words)  # fmt: skip
    units = {ofunato_words.indicator_units[number][q.ask.measure.indicator] for q in understood.queries}
    assert understood.queries and {counts_in(unit, "トン") for unit in units} == {True}, understood.queries


def test_a_rate_per_month_or_head_is_answered_by_no_years_total(ofunato_words):
    # 「月いくら」 of a sheet printing only a year's money: no figure is guessed (the passages say what there is)
    lunch = workbook_number("学校給食事業(小中学校)")
    figures = sheet_figures(lunch, ofunato_words.form_of[lunch], ofunato_words)
    assert closest(Ask("給食費って、保護者は月いくら払ってるの？", MONEY), figures, None, set()) == []
    # what a parent pays is a fee the sheets would print in yen: the detail asked, which a passage must give
    assert asked_detail(parse_query("給食費って、保護者は月いくら払ってるの？")).key == "price"
    # a figure printed per one answers it: 敬老会's 1人当たりの補助金額
    elders = workbook_number("敬老会開催補助金交付事業")
    figures = sheet_figures(elders, ofunato_words.form_of[elders], ofunato_words)
    (found,) = closest(Ask("敬老会の補助金、お年寄り1人あたりいくら？", MONEY), figures, None, set())
    assert "当たり" in found.label
    # a year is what the sheets count in: "per year" asks no rate
    assert not ops.RATE_ASKED.search("how much does it cost per year?") and ops.RATE_ASKED.search("how much per month?")


def test_a_total_of_several_fields_of_one_project_is_their_sum_beside_each(two, ofunato_words):
    # sources of money said with 合計: the cost they make up (事業費計), not the sum of those said
    number = workbook_number("福祉灯油事業")
    understood = understand("福祉灯油事業の令和6年度の国庫支出金と一般財源はそれぞれいくらで、合計いくら？", None, ofunato_words)
    national, general = Field("ofunato_national"), Field("ofunato_general_fund")
    assert [q.ask for q in understood.queries] == [Value(national), Value(general), Value(Field("ofunato_project_cost"))]
    # other fields counted alike: their sum
    library = workbook_number("図書館運営事業")
    understood = understand("図書館運営事業の令和6年度の事業費計と人件費計の合計は？", None, ofunato_words)
    total = understood.queries[-1]
    assert total.ask == Value(Combine("sum", Field("ofunato_project_cost"), Field("ofunato_personnel_cost")))
    r6 = block_years(library).index("R06")
    expected = sum(_amount(cell(library, label, r6)) for label in ("事業費計", "人件費計"))
    (group,) = execute(total, two.db, (OFUNATO,)).groups
    assert [row.figure.value for row in group.rows] == [expected] and number != library


def test_since_when_asks_the_date_it_began_not_any_date():
    kind = asked_detail(parse_query("少年センターの事業って、そもそもいつからやってた事業なの？"))
    assert kind is SINCE and asked_detail(parse_query("Since when has the youth centre been running?")) is SINCE
    assert kind.detects("少年非行に対応し、昭和47年から少年センターを設置し、補導を実施している。")
    assert not kind.detects("少年センター事業は、令和5年度をもって終了する。")
    assert "きっかけ" in asked_rows(parse_query("そもそもいつからやってた事業なの？"))


def test_it_in_capitals_is_information_technology_not_the_pronoun(ofunato_words):
    assert "information system" in normalise_text("the local-government IT system") and "it" in normalise_text("is it")
    parsed = read_parts("For the local-government IT system standardisation project, what was the R6 project cost?",
                        ofunato_words)  # fmt: skip
    assert {p.value for p in parsed.of("project")} == {workbook_number("自治体情報システム標準化事業")}
    assert not any(p.kind == "field" and p.value == "city" for p in parsed.parts), parsed.parts


def test_a_place_several_names_hold_names_the_one_holding_a_word_said_beside_it(ofunato_words):
    # 「吉浜」 is in the names of several projects; with "clinics" said, the 吉浜 clinic is meant
    parsed = read_parts("Of the clinics (Ryori, Okirai and Yoshihama), which one cost the most in R6?", ofunato_words)
    clinics = {workbook_number(f"{place}診療所運営事業") for place in ("綾里", "越喜来", "吉浜")}
    assert {p.value for p in parsed.of("project")} == clinics, parsed.parts
    alone = read_parts("What did Yoshihama spend in R6?", ofunato_words)
    assert workbook_number("吉浜診療所運営事業") not in {p.value for p in alone.of("project")}


def test_an_average_per_head_no_sheet_prints_is_the_money_over_the_count_of_them(ofunato_words, engine):
    # 「子ども1人あたり平均いくら」 of a sheet printing a total and a count of children: the one over the other (the
    # figures weighed by the real model's meaning)
    number = workbook_number("出産祝金支給事業")
    figures = sheet_figures(number, ofunato_words.form_of[number], ofunato_words)
    asked = Ask("出産祝金って、子ども1人あたり平均いくら出てる計算になる？", MONEY)
    money, count = per_head(asked, figures, engine.retriever.embedder, set())
    assert money.unit == "千円" and counts_in(count.unit, "人") and count.indicator is not None
    # not asked as an average, a rate is what one is given, which a passage prints (not the cost over the count)
    assert per_head(Ask("出産祝金って、子ども1人あたりいくら？", MONEY), figures, engine.retriever.embedder, set()) is None


def test_a_rate_asked_is_not_read_past_to_a_years_total(two):
    # "per household" is no word to leave out: a year's cost would answer another question
    result = answer("How much per household did the welfare heating oil project pay in R6?", engine=two, mode="extractive")
    assert not any(c.section == "costs" for c in result.citations), result.text


# ---- stop 67, round 77 ----


def test_what_a_project_is_doing_now_asks_its_overview_what_it_did_its_results(seed, ofunato_words):
    understood = understand("科学教育の推進事業って、誰を対象に何をやっているんですか？", None, seed.words)
    assert {q.ask.measure.field for q in understood.queries} == {"target", "overview"}
    assert {q.ask.measure.field for q in understand("ロボットの事業は、令和2年度は何をやったんですか？", None, seed.words).queries} \
        == {"results"}
    assert "概要 (取組内容)" in asked_rows(parse_query("What does the illegal dumping project actually involve day to day?"))


def test_what_the_asker_thinks_or_heard_before_a_question_is_background(seed):
    question = "ロボットの街の事業は、コロナでなかなか実証実験ができなかったと思いますが、令和2年度は何をやったんですか？"
    (parse,) = understand(question, None, seed.words).parses
    assert parse.aside.startswith("コロナ") and [q.ask.measure.field for q in parse.queries] == ["results"]
    # a condition set off by が is part of the question, not background
    assert not any(p.aside for p in understand("予算は増えたが、決算は減った事業は？", None, seed.words).parses)


def test_a_breakdown_by_something_else_is_not_the_sources_of_funds():
    assert re.search(FUNDING, "事業費の内訳は？") and re.search(FUNDING, "財源の内訳")
    assert not re.search(FUNDING, "47件の相談、分野ごとの内訳を教えて") and not re.search(FUNDING, "地区別の内訳")


def test_a_count_asked_of_an_indicator_named_is_its_figure_not_its_name(seed):
    question = "How many people got new jobs at the near-future-tech ventures in FY2020, according to the acceleration project's indicator?"
    query = one(question, seed.words)
    (no,) = seed.db.execute("SELECT i.no FROM indicators i JOIN sheets s ON s.id = i.sheet_id "
                            "WHERE s.number = '010' AND i.name = '新規就職者数'").fetchone()  # fmt: skip
    assert query.ask == Value(Field("indicator_actual", indicator=no))


def test_the_department_and_the_chief_said_apart_in_english_are_each_ones_direction(ofunato_words):
    query = one("Were there any projects where the department proposed keeping things as they are, but the section chief "
                "said the project should end?", ofunato_words)  # fmt: skip
    assert set(query.filters) == {Member("ofunato_improvement_direction", ("現状維持",)),
                                  Member("ofunato_future_direction", ("終了・廃止・休止",))}  # fmt: skip


def test_a_total_amount_asks_money():
    assert [a.kind for a in asked_figures("出産祝金のR6の支給総額も教えて。", "ja")] == [MONEY]


def test_what_is_done_in_a_field_said_before_is_that_fields_content(seed):
    # 「「評価・検証」では何をやってるの」: the participation stage's entry, not the project's overview too
    understood = understand("国際科学技術都市つくばの事業って、市民参加の「評価・検証」では何をやってるの？", None, seed.words)
    assert understood.queries and "overview" not in {q.ask.measure.field for q in understood.queries}


def test_a_bare_fiscal_year_is_in_the_era_of_the_sheets_in_scope(ofunato_words):
    query = one("千石船気仙丸利活用事業の6年度の事業費計は？", ofunato_words)
    assert query.years == ("R06",)


def test_a_road_named_after_places_is_no_city():
    assert city_mentions("For the Sekiya-Rokuroishi city road improvement, what did it cost?") == []
    assert city_mentions("How much does Mito City spend on roads?") == ["Mito City"]


def test_whether_it_is_right_for_the_city_to_do_it_asks_the_public_involvement_item(ofunato_words):
    understood = understand("Why does Ofunato think it's right for the city to subsidise the Sanriku Railway at all?", None,
                            ofunato_words)  # fmt: skip
    assert {q.ask.measure.field for q in understood.queries} >= {"ofunato_evaluation_2", "ofunato_evaluation_2_reason"}


def test_a_noun_of_an_indicators_name_read_past_asks_that_indicator_not_the_projects_cost(ofunato_words, engine):
    # 「いくら寄付が集まった」: 寄付 is the donations' indicator's word (「…寄附」金額, in Sudachi's normal form), so the
    # project's 事業費計 is not answered with 寄付 read past; by meaning, the one indicator holding the word is found
    question = "ふるさと納税って令和6年度はいくら寄付が集まったんですか？"
    assert not _may_read_past(question, understand(question, None, ofunato_words), ofunato_words)
    number = workbook_number("ふるさと納税事務")
    figures = sheet_figures(number, ofunato_words.form_of[number], ofunato_words)
    (found,) = closest(Ask(question, MONEY), figures, engine.retriever.embedder, set(), project="ふるさと納税事務")
    assert found.indicator is not None and "寄附" in found.label and found.unit == "円"


def test_the_departments_own_proposed_direction_said_with_a_negation_is_its_improvement_direction(ofunato_words):
    query = one("Which projects did the section chief say should be ended even though the department's own proposed "
                "direction was not to end them?", ofunato_words)  # fmt: skip
    assert set(query.filters) == {Member("ofunato_future_direction", ("終了・廃止・休止",)),
                                  Member("ofunato_improvement_direction", ("終了・廃止・休止",), negate=True)}  # fmt: skip


def test_a_share_asked_after_several_figures_is_the_last_sources_share_of_its_cost(seed):
    understood = understand("For the robot city project in FY2020: what was the budget, how much was actually spent, "
                            "how much of that came from the general fund, and what share is that?", None, seed.words)  # fmt: skip
    asks = [q.ask for q in understood.queries]
    assert asks[-1] == Value(Combine("percent", Field("general_fund"), Field("settlement")))
    assert Value(Field("budget")) in asks and Value(Field("settlement")) in asks
    (group,) = execute(understood.queries[-1], seed.db).groups
    costs = printed_costs("097", "一般財源")["R02"], printed_costs("097", "決算額")["R02"]
    assert round(group.rows[0].figure.value, 1) == round(costs[0] / costs[1] * 100, 1)
