"""Answering over two cities: 大船渡's sheets are quoted with their workbook location, a question naming a city
held by the table is answered from that city's sheets only, and Tsukuba's questions still cite Tsukuba.

The table and the search index of both cities are built once, with the fake embedder (``tests/fakes.py``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import openpyxl
import pytest

from jimuqa.answering.cities import city_scope
from jimuqa.answering.engine import answer, load_engine
from jimuqa.answering.types import NARRATIVE, STRUCTURED
from jimuqa.answering.verify import check
from jimuqa.index.build import build
from jimuqa.index.ofunato_form import CITY as OFUNATO
from jimuqa.index.search import search_index
from jimuqa.index.search.search_index import write_indexes
from jimuqa.index.sections import kind_of
from jimuqa.settings import Settings
from tests.fakes import FakeEmbedder
from tests.test_two_cities import TSUKUBA, WORKBOOK, two_city_corpus


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("two-answers")
    patch = pytest.MonkeyPatch()
    patch.setattr(search_index, "load_embedder", lambda data_dir, model: FakeEmbedder(model_id=model))
    settings = Settings(corpus_dir=two_city_corpus(root / "corpus"), data_dir=root / "data", embed_model="fake-hash",
                        answer_mode="extractive")  # fmt: skip
    build(settings, index_step=write_indexes)
    patch.undo()
    loaded = load_engine(settings)
    loaded.retriever._embedder = FakeEmbedder(model_id="fake-hash")
    return loaded


def workbook_row(number: str) -> int:
    """The worksheet row of the sheet whose 事務事業ID is ``number``, read from the workbook itself."""
    sheet = openpyxl.load_workbook(WORKBOOK, read_only=True).worksheets[0]
    for index, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if any(str(cell).strip() == number for cell in row[:10] if cell is not None):
            return index
    raise LookupError(number)


def test_the_engine_knows_both_cities_from_the_table(engine):
    assert set(engine.cities) == {TSUKUBA, OFUNATO}
    scope = city_scope("大船渡市の空き家対策の課題は?", engine.cities)
    assert scope.cities == (OFUNATO,) and "大船渡" not in scope.text
    assert city_scope("ロボットの街つくば推進事業の予算は?", engine.cities).cities == ()  # a project's name
    assert city_scope("大船渡市の事業", (TSUKUBA,)).text == "大船渡市の事業"  # one city: nothing taken out
    assert city_scope("明日の大船渡の天気は?", engine.cities).cities == (OFUNATO,)  # the name after の, a word too
    assert city_scope("大船渡湾水質改善対策事業の予算は?", engine.cities).cities == ()  # inside a project's name


def test_a_narrative_answer_about_an_ofunato_project_quotes_its_means_with_the_workbook_location(engine):
    result = answer("不法投棄対策事業ではどんな活動をしている?", engine=engine)
    assert result.kind == NARRATIVE and result.citations, result.text
    cited = result.citations[0]
    assert (cited.city, cited.sheet, cited.section) == (OFUNATO, "0086", "means")
    assert cited.heading == kind_of("ofunato", "means").heading
    assert cited.worksheet and cited.columns == "AW–AX" and cited.first_line == workbook_row("0086")
    assert cited.location == f"{cited.worksheet} row {cited.first_line}, columns AW–AX"
    assert cited.to_json()["location"] == cited.location and cited.to_json()["city"] == OFUNATO
    assert "パトロール" in result.text and f"{OFUNATO} 0086" in result.text  # two cities: the city beside it
    assert check(result, engine.db, result.question) == []  # every quote is in its 大船渡 section


def test_the_citation_check_finds_a_quote_that_is_not_in_the_ofunato_section(engine):
    result = answer("不法投棄対策事業ではどんな活動をしている?", engine=engine)
    result.citations = [replace(result.citations[0], quote="書かれていない文。")]
    assert any("quote not found" in problem for problem in check(result, engine.db))


def test_a_question_naming_ofunato_gets_ofunato_sheets_only(engine):
    result = answer("大船渡市の空き家対策の課題は?", engine=engine)
    assert result.question == "大船渡市の空き家対策の課題は?"
    assert result.citations and {c.city for c in result.citations} == {OFUNATO}
    result = answer("大船渡市で市民との協定はどうなった?", engine=engine)
    assert {c.city for c in result.citations} <= {OFUNATO}


def test_tsukuba_questions_on_the_two_city_build_still_cite_tsukuba(engine):
    result = answer("つくば市のJAXAとの協定はどうなった?", engine=engine)
    assert result.kind == NARRATIVE and {c.city for c in result.citations} == {TSUKUBA}
    assert all(c.worksheet is None for c in result.citations)
    # The typed path reads each city's own latest sheets (Tsukuba's R02 beside 大船渡's R07).
    result = answer("ロボットの街つくば推進事業の令和2年度の予算は?", engine=engine)
    assert result.kind == STRUCTURED and "6,954" in result.text, result.text
    assert {c.city for c in result.citations} == {TSUKUBA}


def test_the_ofunato_sections_hold_their_rows_location(engine):
    db: sqlite3.Connection = engine.db
    row = db.execute(
        "SELECT x.first_line, x.columns FROM sections x JOIN sheets s ON s.id = x.sheet_id "
        "WHERE s.city = ? AND s.number = '0086' AND x.section = 'means'",
        [OFUNATO],
    ).fetchone()
    assert tuple(row) == (workbook_row("0086"), "AW–AX")
    assert engine.sheet_refs[(OFUNATO, "0086", "R07")].form == "ofunato"


def test_a_figure_question_the_parser_cannot_read_about_an_ofunato_project_is_answered_from_its_sheet(engine):
    # The planner's look-ups read Tsukuba's form only; it once said 0086 had no indicators. Its own sections answer.
    result = answer("不法投棄対策事業の成果指標の推移は?", engine=engine)
    assert result.citations and {(c.city, c.sheet) for c in result.citations} == {(OFUNATO, "0086")}
    assert "設定されていません" not in result.text  # (which section is quoted is retrieval's choice: fake vectors here)
    assert check(result, engine.db, result.question) == []


def test_a_figure_asked_in_words_no_indicator_carries_is_the_closest_counted_in_the_unit_asked(engine):
    # 「券」「使われた」 name no indicator of 0169 (タクシー券の発行枚数, 使用枚数): the parser cannot read the question
    # whole, so its passages' sheet is searched for a figure counted in 枚, answered from the table and said so
    result = answer("福祉タクシーの券って、令和6年度は何枚くらい使われたの？", engine=engine)
    assert result.kind == STRUCTURED, result.text
    assert "意味がいちばん近い数値" in result.text and any(n.startswith("figure by meaning") for n in result.notes)
    counted = {name: value for name, value in engine.db.execute(
        "SELECT i.name, f.printed FROM indicator_series i JOIN sheets s ON s.id = i.sheet_id JOIN indicator_figures f"
        " ON f.sheet_id = i.sheet_id AND f.indicator_no = i.no WHERE s.number = '0169' AND i.unit = '枚'"
        " AND f.year = 'R06'")}  # fmt: skip
    assert any(f"「{name}」" in result.text and f"{int(value):,}枚" in result.text for name, value in counted.items())
    assert [(c.sheet, c.section) for c in result.citations] == [("0169", "indicators")]
    assert check(result, engine.db, result.question) == []


def test_passages_that_give_the_amount_asked_are_quoted_not_replaced_by_a_figure(engine):
    # 「いくらもらえる」 asked of a subsidy its passages state in yen: the passage answers, no cost row is chosen
    result = answer("移住支援金って、いくらもらえるんですか？", engine=engine)
    assert not any(n.startswith("figure by meaning") for n in result.notes), result.text


def test_a_question_asking_an_account_and_a_figure_gets_the_figure_above_the_passages(engine):
    # 「どんなものを」 asks an account, 「何件貸し出された」 a count no indicator's name carries: both are answered
    result = answer("赤ちゃん用品を市から借りられると聞きました。どんなものを借りられますか？また令和6年度は何件貸し出されましたか？",
                    engine=engine)  # fmt: skip
    assert result.kind == NARRATIVE, result.text
    figure, passages = result.text.split("\n\n", 1)
    assert "意味がいちばん近い数値" in figure and "令和6年度" in figure
    sections = [(c.sheet, c.section) for c in result.citations]
    assert sections[0] == ("1716", "indicators") and sections[1:] and {s for s, _ in sections} == {"1716"}
    assert "[2]" in passages and "[1]" not in passages  # the quotes are numbered on from the figure's
    assert check(result, engine.db, result.question) == []


def test_projects_are_chosen_by_the_judgement_an_evaluation_item_was_given(engine):
    # each evaluation item's judgements (影響がある / 影響がない) are a closed choice of the form, as a condition
    result = answer("評価項目の「廃止・休止の成果への影響」で「影響がない」と判断された事業をすべて挙げてください。", engine=engine)
    judged = {number for (number,) in engine.db.execute(
        "SELECT s.number FROM evaluation_items e JOIN sheets s ON s.id = e.sheet_id WHERE e.item = 5"
        " AND e.judgement = '影響がない'")}  # fmt: skip
    assert judged and result.kind == STRUCTURED, result.text
    assert {c.sheet for c in result.citations} == judged
    assert check(result, engine.db, result.question) == []


def test_a_follow_up_to_a_question_not_read_is_of_the_figure_its_answer_states(engine):
    # The first question is not read by the parser; its answer names 1397 and states two of its figures. The
    # money one is what 「いくら」 asked: 「前の年と比べて何％」 is that figure's change.
    rows = engine.db.execute(
        "SELECT i.unit, f.year, f.value FROM indicator_series i JOIN sheets s ON s.id = i.sheet_id JOIN"
        " indicator_figures f ON f.sheet_id = i.sheet_id AND f.indicator_no = i.no WHERE s.number = '1397'"
        " AND f.year IN ('R05', 'R06') AND i.unit IN ('円', '件') AND f.value > 0").fetchall()  # fmt: skip
    money = {year: value for unit, year, value in rows if unit == "円"}
    count = max(value for unit, year, value in rows if unit == "件" and year == "R06")
    history = [{"role": "user", "content": "大船渡市のふるさと納税の寄附、令和6年度はいくら集まった？"},
               {"role": "assistant", "content": f"ふるさと納税事務（1397）によると、令和6年度は{count:,.0f}件、"
                                                f"{money['R06']:,.0f}円でした。"}]  # fmt: skip
    result = answer("それって前の年と比べて何％くらい増えたんですか？", history, engine=engine)
    change = (money["R06"] - money["R05"]) / money["R05"] * 100
    assert result.kind == STRUCTURED and f"{change:.1f}%" in result.text, result.text
    assert check(result, engine.db, result.question) == []


def test_a_team_asked_of_a_project_described_is_that_of_the_sheet_its_passages_are_from(engine):
    # no project is named: the sheet of the closest passages is, and the answer says which; a team is shown with
    # its department (where to go)
    result = answer("管理されていない古い家屋について相談できる係はどこですか？", engine=engine)
    assert any(n.startswith("project of the passages") for n in result.notes), result.text
    number = result.notes[[n.startswith("project of the passages") for n in result.notes].index(True)].split()[-1]
    team, department = engine.db.execute("SELECT section, department FROM sheets WHERE number = ?", (number,)).fetchone()
    assert f"{number} " in result.text.splitlines()[0] and team in result.text and department in result.text
    assert ("basic_info" in {c.section for c in result.citations if c.sheet == number})
    assert check(result, engine.db, result.question) == []


def test_a_division_named_in_english_is_the_one_whose_own_name_says_it(engine):
    from jimuqa.answering.reader import understand

    def units(question):
        return {value for q in understand(question, [], engine.words_for(())).queries for f in q.filters
                for value in getattr(f, "values", ())}  # fmt: skip

    # 上下水道部 says "water supply" for all its divisions; of them, 水道課's own name says it, and least besides
    assert units("Which projects does the water supply division run?") == {"上下水道部水道課"}
    # a department said whole is all its divisions
    assert units("Which projects does the agriculture, forestry and fisheries department run?") == {
        "農林水産部水産課", "農林水産部農林課"}


def test_a_change_asked_of_a_figure_said_in_other_words_is_that_of_the_closest_figure(engine):
    result = answer("By what percentage did the hometown tax donations grow from R5 to R6?", engine=engine)
    assert result.kind == STRUCTURED and any(n.startswith("figure by meaning") for n in result.notes), result.text
    label = next(n for n in result.notes if n.startswith("figure by meaning")).split(": ", 1)[1]
    assert f"「{label}」" in result.text.splitlines()[0] and "FY2023 to FY2024" in result.text
    assert check(result, engine.db, result.question) == []


def test_a_follow_up_pointing_back_is_of_the_project_the_answer_named(engine):
    # the earlier question as the engine reads it, its project found by meaning put in by number (0084); its
    # answer named another (1446): what the asker saw is what "they" points back at
    history = [{"role": "user", "content": "0084: There was a trial where some neighborhoods sorted plastics out of "
                                           "their burnable garbage. What was that?"},
               {"role": "assistant", "content": "That was the trial separate collection (sheet 1446)."}]  # fmt: skip
    result = answer("How much did they collect in its final year?", history, engine=engine)
    assert "1446" in result.projects and "0084" not in result.projects, result.text


def test_figures_asked_are_given_from_the_table_and_passages_giving_a_number_quoted_below(engine):
    # 「何件」「いくら」 of 1397: its indicators counting in 件 and 円 answer from the table (which one in 件 is the
    # fake vectors' choice); a passage giving a number of 件 and an amount (「約７千件117,854千円の寄附」, the
    # disaster relief's) is quoted below as the sheet's words, not taken for the answer
    result = answer("ふるさと納税って令和6年度は何件きて、金額はいくら集まったの？", engine=engine)
    assert result.kind == STRUCTURED and any(n.startswith("figure by meaning") for n in result.notes), result.text
    (amount,) = engine.db.execute(
        "SELECT f.printed FROM indicator_series i JOIN sheets s ON s.id = i.sheet_id JOIN indicator_figures f"
        " ON f.sheet_id = i.sheet_id AND f.indicator_no = i.no WHERE s.number = '1397' AND f.year = 'R06'"
        " AND i.unit = '円'").fetchone()  # fmt: skip
    figures, quoted = result.text.split("シートの記載にも数があります。")
    assert f"{int(amount):,}円" in figures and "117,854千円" in quoted
    assert check(result, engine.db, result.question) == []


def test_money_asked_of_a_project_is_a_figure_in_yen_not_the_counts_its_other_words_name(engine):
    # "shipper companies" and "container route" name 1217's indicators (荷主企業, counted in 社), but "how much
    # money" asks money: a figure of its sheet in 千円 is chosen by meaning, not its counts of companies
    result = answer("How much money went in FY2024 into getting shipper companies to use the container route?",
                    engine=engine)  # fmt: skip
    assert result.kind == STRUCTURED and any(n.startswith("figure by meaning") for n in result.notes), result.text
    assert {(c.sheet, c.section) for c in result.citations} == {("1217", "costs")}
    assert "thousand yen" in result.text and "荷主企業" not in result.text
    assert check(result, engine.db, result.question) == []


def test_what_a_project_did_last_year_is_quoted_from_its_means_of_last_year_first(engine):
    # 「去年…やったの？」 on 大船渡's form: the row 手段（前年度実績）, ahead of the sheet's other rows the words share
    result = answer("ふるさと納税を増やすために、去年は具体的にどんなことをやったの？", engine=engine)
    assert result.kind == NARRATIVE and result.citations, result.text
    first = result.citations[0]
    assert (first.sheet, first.section) == ("1397", "means") and "手段（前年度実績）" in result.text.split("[1]")[0]
    assert check(result, engine.db, result.question) == []


def test_a_field_only_one_citys_form_has_names_that_city(engine):
    # 事業費 is 大船渡's form's (事業費計); "this fiscal year" is then its sheets' year, and the ranking its projects'
    result = answer("Which three projects have the biggest planned 事業費 this fiscal year?", engine=engine)
    assert result.kind == STRUCTURED and result.citations, result.text
    assert {c.city for c in result.citations} == {OFUNATO} and "FY2025" in result.text


def test_a_follow_up_in_a_conversation_about_one_citys_project_is_read_with_that_citys_words(engine):
    # 「今年の目標は？」 reads whole with Tsukuba's words alone, but the conversation is about 大船渡's 1623
    history = [{"role": "user", "content": "シカの有害捕獲をやってる実施隊、去年は何頭とったの？"},
               {"role": "assistant", "content": "大船渡市鳥獣被害対策実施隊設置事業（1623）では、令和6年度にシカ1,240頭を"
                                                "捕獲しました。"}]  # fmt: skip
    result = answer("今年の目標は？", history, engine=engine)
    assert result.citations and {c.sheet for c in result.citations} == {"1623"}, result.text


def test_a_city_whose_words_read_a_question_only_by_setting_its_opening_aside_is_not_chosen_for_it(engine):
    # Tsukuba's words read "…, what did they do last year and why is it being wound up?" whole only by leaving the
    # opening words as background: the opening is what says which project, and it is 大船渡's
    result = answer("the olympic legacy thing with the US host town - what did they actually do last year and why is it"
                    " being wound up?", engine=engine)  # fmt: skip
    cited = {c.sheet for c in result.citations}
    assert {ref.city for ref in engine.sheet_refs.values() if ref.number in cited} <= {OFUNATO}, result.text
    assert "ending" not in (result.reading or ""), result.reading  # not the list of every project being ended


def test_a_count_a_passage_gives_in_the_sheets_words_for_the_english_asked_is_quoted(engine):
    # "sanitation monitors": 衛生監視員, counted in the overview's 「衛生監視員（34人）」, though the passages on
    # illegal dumping share more of the question's words and the sheet's indicators count places
    result = answer("How many sanitation monitors does the 不法投棄対策事業 have out patrolling?", engine=engine)
    assert result.kind == NARRATIVE and "衛生監視員（34人）" in result.text, result.text
    assert check(result, engine.db, result.question) == []


def test_a_date_a_parts_passages_give_is_not_said_to_be_missing_for_the_whole_question(engine):
    # the first part's passages give the year (令和4年度より導入); the second part is a figure of the table
    result = answer("図書館運営事業で指定管理者制度を入れたのはいつ？それと令和6年度の利用登録者数は？", engine=engine)
    assert "answered in parts" in result.notes and "書かれていません" not in result.text, result.text
    assert "令和4年度" in result.text and "複数の事業" not in result.text


def test_an_ask_pointing_back_at_the_thing_counted_before_is_of_that_thing(engine):
    # "how much money was that": the donations just counted, not the project's own cost
    result = answer("For corporate hometown-tax donations in FY2024: how many donations came in, and how much money "
                    "was that?", engine=engine)  # fmt: skip
    label = next((n for n in result.notes if n.startswith("figure by meaning")), ": ").split(": ", 1)[1]
    assert result.kind == STRUCTURED and "事業費計" not in result.text, result.text
    assert len(label.split(", ")) == 2 and all("寄附" in name for name in label.split(", ")), result.notes


def _overview_of(name: str) -> str:
    """The 事務事業の概要 cell of the sheet named ``name``, read from the workbook itself."""
    rows = openpyxl.load_workbook(WORKBOOK, read_only=True).worksheets[0].iter_rows(values_only=True)
    next(rows)  # the export's own note
    headers = [str(h or "") for h in next(rows)]
    name_at, overview_at = headers.index("事務事業名"), next(i for i, h in enumerate(headers) if h.startswith("事務事業の概要"))
    return next(str(row[overview_at]) for row in rows if len(row) > name_at and row[name_at] == name)


def test_a_sum_one_receives_asked_by_a_bare_how_much_is_the_passage_giving_it_not_the_projects_cost(engine):
    # 「いくらもらえる」 of a subsidy: what one mover gets, which its overview states in yen; not its 事業費計
    stated = next(s for s in _overview_of("移住支援事業").split("。") if "移住支援金" in s and "万円" in s)
    for question in ("移住支援金っていくらもらえるの？", "東京から単身で大船渡に移住したら、移住支援金っていくらもらえるの？"):
        result = answer(question, engine=engine)
        assert result.kind == NARRATIVE and "事業費計" not in result.text, result.text
        assert stated.strip()[:40] in result.text.replace("\u3000", " "), result.text
