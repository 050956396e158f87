"""Structured questions over 大船渡市's own fields (its cost rows, 部課名, 今後の方向性) on a two-city table.

The table is built without a search index (structured answers read the table only); expected values are
computed from ``index.ofunato.read_workbook``'s records, not from the table.
"""

from __future__ import annotations

import pytest

from jimuqa.answering.engine import answer, load_engine
from jimuqa.answering.types import STRUCTURED
from jimuqa.answering.verify import check
from jimuqa.index.build import build
from jimuqa.index.ofunato import read_workbook
from jimuqa.settings import Settings
from tests.test_two_cities import WORKBOOK, two_city_corpus


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("ofunato-answers")
    settings = Settings(corpus_dir=two_city_corpus(root / "corpus"), data_dir=root / "data", answer_mode="extractive")
    build(settings, index_step=None)
    return load_engine(settings, with_retriever=False)


@pytest.fixture(scope="module")
def records():
    return read_workbook(WORKBOOK)


def _ask(engine, question):
    result = answer(question, [], engine)
    assert result.kind == STRUCTURED, result.text
    assert not check(result, engine.db, question)
    return result


def _follow_up(engine, before, question):
    """The answer to ``question`` asked after ``before``."""
    return answer(question, [{"role": "user", "content": before}, {"role": "assistant", "content": "…"}], engine)


def _unit_total(records, department, item, year):
    """The sum of one cost row over a department's projects in a year."""
    return sum(getattr(s.costs[year], item).value or 0 for s in records if s.department == department)


def _largest(records, item, year):
    values = {s.number: getattr(s.costs[year], item).value for s in records if year in s.costs}
    best = max(v for v in values.values() if v is not None)
    return best, sorted(n for n, v in values.items() if v == best)


def test_the_largest_project_cost_in_a_year(engine, records):
    best, numbers = _largest(records, "project_cost", "R06")
    result = _ask(engine, "大船渡市でR6の事業費が一番大きい事業は?")
    assert "事業費計" in result.text and f"{best:,}千円" in result.text
    assert all(n in result.text for n in numbers)
    cited = result.citations[0]
    assert (cited.section, cited.city) == ("costs", "大船渡市") and "事業費計 (千円)" in cited.quote
    assert cited.worksheet and cited.columns


def test_the_largest_total_cost_in_english(engine, records):
    best, numbers = _largest(records, "total_cost", "R06")
    result = _ask(engine, "Which Ofunato project had the largest total cost in FY2024?")
    assert f"{best:,} thousand yen" in result.text and numbers[0] in result.text


def test_a_count_by_department(engine, records):
    expected = sum(1 for s in records if s.department and s.department.endswith("市民環境課"))
    result = _ask(engine, "市民環境課の事業は何件?")
    assert f"{expected}事業" in result.text


def test_a_list_by_future_direction(engine, records):
    ended = sorted(s.number for s in records if s.future_direction and s.future_direction.value == "終了・廃止・休止")
    result = _ask(engine, "終了・廃止・休止になる事業は?")
    assert "今後の方向性" in result.text
    assert all(n in result.text for n in ended)
    assert {c.section for c in result.citations} == {"direction"}


def test_tsukuba_fields_are_not_read_on_an_ofunato_sheet(engine):
    from jimuqa.answering.execute import execute
    from jimuqa.answering.query import Field, Query, Value

    [number] = [r.number for r in engine.sheet_refs.values() if r.name == "不法投棄対策事業"]
    outcome = execute(Query(Value(Field("overtime_hours")), (number,), years=("R06",)), engine.db, ("大船渡市",))
    assert outcome.groups[0].missing[0].figure.missing == "not_on_form"
    # the reason Tsukuba's form gives for its direction is, on 大船渡's, the 全体総括 beside the 今後の方向性
    outcome = execute(Query(Value(Field("reason")), (number,)), engine.db, ("大船渡市",))
    assert outcome.groups[0].rows[0].figure.cell.field == "ofunato_summary"
    # 大船渡's form prints no 決算額: a settlement asked of its sheet is the year's 事業費計 (``catalogue.READ_AS``)
    outcome = execute(Query(Value(Field("settlement")), (number,), years=("R06",)), engine.db, ("大船渡市",))
    assert outcome.groups[0].rows[0].figure.cell.field == "ofunato_project_cost"
    # 一般財源 is on both forms: the sheet's own form's row is read
    outcome = execute(Query(Value(Field("general_fund")), (number,), years=("R06",)), engine.db, ("大船渡市",))
    cell = outcome.groups[0].rows[0].figure.cell
    assert (cell.field, cell.location) == ("ofunato_general_fund", cell.location) and cell.location


def _named(records, name):
    (record,) = [s for s in records if s.name == name]
    return record


def test_a_project_named_by_its_names_english_words(engine, records):
    # 三陸鉄道支援事業: 三陸 "Sanriku" (a place name), 鉄道 "railway", 支援 "support", from JMdict, not a word list.
    record = _named(records, "三陸鉄道支援事業")
    result = _ask(engine, "How much did the Sanriku Railway support project cost in FY2024?")
    assert record.project_id in result.text and f"{record.costs['R06'].project_cost.value:,}" in result.text


def test_an_indicator_named_by_its_english_words(engine, records):
    record = _named(records, "越喜来診療所運営事業")
    (patients,) = [i for i in record.indicators if i.name == "延べ患者数"]
    result = _ask(engine, "How many patients did the Okirai clinic see in FY2024?")
    assert f"{patients.values['R06'].value:,}" in result.text


def test_a_unit_named_by_its_english_words(engine, records):
    expected = sum(1 for s in records if s.department == "大船渡消防署")
    result = _ask(engine, "How many projects does the fire station run?")
    assert f"{expected} projects" in result.text


def test_a_project_named_in_english_is_put_in_by_its_number_when_the_question_is_not_read_whole(engine, records):
    from jimuqa.answering.engine import _described

    record = _named(records, "越喜来診療所運営事業")
    found = _described("What is the Okirai clinic trying to achieve these days?", None, engine, ("大船渡市",))
    assert found.number == record.project_id and record.project_id in found.text and "clinic" not in found.text


def test_a_list_over_a_year_the_sheets_lack_says_so_for_each_project(engine, records):
    expected = sorted(s.project_id for s in records if s.department == "大船渡消防署")
    result = _ask(engine, "大船渡消防署の事業の令和9年度の事業費計は？")
    assert "None" not in result.text and result.text.count("値なし") == len(expected)


def test_words_before_program_name_a_project_not_the_unit_named_alike(engine, records):
    # 学校給食 is both 学校給食事業(小中学校) and the unit 北部学校給食センター; "program" says which is meant.
    record = _named(records, "学校給食事業(小中学校)")
    result = answer("What did the school lunch program cost in FY2024?", [], engine)
    assert result.projects == [record.project_id]


def test_a_decision_counted_in_all_by_the_forms_own_heading_for_it(engine, records):
    # 課長等意見 is the heading the form prints over 今後の方向性; 全部で with いくつ counts, it does not sum.
    ended = [s for s in records if s.future_direction is not None and s.future_direction.number == 3]
    result = _ask(engine, "課長等意見の今後の方向性が「終了・廃止・休止」とされた事務事業は全部でいくつありますか。")
    assert f"{len(ended)}事業" in result.text and all(s.project_id in result.text for s in ended)


def test_a_follow_up_is_read_with_the_words_of_the_city_its_project_is_in(engine, records):
    # 地方債 is a field of both forms: the project asked about before says which form's.
    record = _named(records, "火葬場管理運営事業")
    result = _follow_up(engine, "火葬場管理運営事業の令和7年度の事業費は？", "そのうち地方債はいくら？")
    assert result.kind == STRUCTURED and f"{record.costs['R07'].bonds.value:,}千円" in result.text


def test_a_word_of_several_fields_said_before_one_of_them_is_that_one(engine, records):
    best, numbers = _largest(records, "work_hours", "R06")
    result = _ask(engine, "Which project took the most staff working hours in FY2024, and how many hours?")
    assert f"{best:,} hours" in result.text and numbers[0] in result.text


def test_of_indicators_sharing_a_word_the_one_holding_most_of_the_question_is_named(engine, records):
    record = _named(records, "ふるさと納税事務")
    (donations,) = [i for i in record.indicators if i.name and i.name.endswith("応援寄附｣件数")]
    result = _ask(engine, "For the hometown tax (furusato nozei), how many donations came in during FY2024?")
    assert f"{donations.values['R06'].value:,}" in result.text


def test_the_change_of_each_indicator_named_between_two_years(engine, records):
    record = _named(records, "生活保護実施事業")
    result = _ask(engine, "生活保護実施事業の保護開始世帯数と保護廃止世帯数は、R2からR6でそれぞれ何%変わった？")
    for name in ("保護開始世帯数", "保護廃止世帯数"):
        (indicator,) = [i for i in record.indicators if i.name == name]
        before, after = (indicator.values[year].value for year in ("R02", "R06"))
        assert f"{(after - before) / before * 100:.1f}%" in result.text


def test_a_count_asked_in_its_indicators_unit_and_as_a_share(engine, records):
    record = _named(records, "老人クラブ育成補助金交付事業")
    (members,) = [i for i in record.indicators if i.name == "会員数"]
    before, after = (members.values[year].value for year in ("R02", "R06"))
    # 「人数と」: in the people the indicator counts; 「割合で」: as a share of the first year's
    result = _ask(engine, "老人クラブ育成補助金交付事業の会員数、令和2年度から令和6年度でどれくらい減った？人数と割合で教えて。")
    assert f"{(after - before) / before * 100:.1f}%" in result.text and f"{after - before:,}" in result.text


def test_a_clause_describing_the_unit_named_in_brackets_is_its_description(engine, records):
    department = "商工港湾部港湾振興課"
    best = max((s for s in records if s.department == department), key=lambda s: s.costs["R06"].project_cost.value or 0)
    result = _ask(engine, "港湾とか鉄道・バスを担当してる課（港湾振興課）の事業で、令和6年度に事業費が一番大きいのはどれ？")
    assert best.project_id in result.text and f"{best.costs['R06'].project_cost.value:,}千円" in result.text


def test_a_cost_with_staff_time_included_is_the_cost_with_the_staffs_cost(engine, records):
    record = _named(records, "ふるさと納税事務")
    total = record.costs["R06"].total_cost.value
    for question in ("What did project 1397 cost in FY2024, staff time included?",
                     "What did project 1397 cost in FY2024 including staff time?"):  # fmt: skip
        assert f"{total:,} thousand yen" in _ask(engine, question).text, question


def test_a_second_part_asking_a_total_including_labor_asks_it_of_the_same_project(engine, records):
    record = _named(records, "ふるさと納税事務")
    costs = record.costs["R06"]
    result = _ask(engine, "For project 1397, how many staff hours went into it in FY2024, and what was the total cost "
                          "including labor?")  # fmt: skip
    assert f"{costs.work_hours.value:,} hours" in result.text and f"{costs.total_cost.value:,} thousand yen" in result.text


def test_a_follow_up_naming_an_indicator_in_its_own_words_keeps_them(engine, records):
    # 世帯 is a word of the indicator 市営住宅等入居世帯数; another name's 家庭 (a gloss they share) is not read for it
    record = _named(records, "市営住宅管理事業")
    (indicator,) = [i for i in record.indicators if i.name and "入居世帯数" in i.name]
    from jimuqa.answering.reader import in_usual_spelling
    from jimuqa.answering.understand import Words
    from jimuqa.index.glosses import english_stem

    # as a full build's translations have it: "household" is 世帯 of indicators and 家庭 of names (こども家庭センター…)
    words = Words.from_db(engine.db, ("大船渡市",), {english_stem("household"): ["家庭", "世帯"]})
    assert "入居世帯数" in in_usual_spelling("その年の入居世帯数は？", words)
    result = _follow_up(engine, "市営住宅の管理の事業って令和6年度にいくら使ったの？", "その年の入居世帯数は？")
    assert result.kind == STRUCTURED and f"{indicator.values['R06'].value:,}世帯" in result.text, result.text


def test_a_question_one_city_s_words_read_whole_is_read_with_them(engine, records):
    # "society" is also a word of Tsukuba's "Society 5.0" project: with both cities' words the division is not read
    division = [s for s in records if s.department == "保健福祉部長寿社会課" and s.costs["R06"].total_cost.value is not None]
    least = min(division, key=lambda s: s.costs["R06"].total_cost.value)
    result = _ask(engine, "In the longevity society (elderly) division, which project had the smallest total cost in R6?")
    assert least.project_id in result.text and f"{least.costs['R06'].total_cost.value:,}" in result.text


def test_one_specific_word_names_the_project_whose_name_it_translates(engine, records):
    record = _named(records, "火葬場管理運営事業")  # 火葬場: "crematorium", a word JMdict gives one entry
    result = _ask(engine, "What did the crematorium cost in FY2024?")
    assert record.project_id in result.text and f"{record.costs['R06'].project_cost.value:,}" in result.text


def test_how_a_project_deals_with_something_asks_for_an_account_not_a_figure(engine):
    from jimuqa.answering.reader import understand

    understood = understand("How does the city deal with illegal dumping of garbage?", None, engine.words)
    assert not understood.accepted and not [p for parse in understood.parses for p in parse.of("indicator")]


def test_a_clause_describing_the_project_named_is_part_of_its_mention(engine, records):
    record = _named(records, "コンテナ定期航路利用促進事業")  # 「利用を促す補助事業」: words of its clause, not asked
    result = _ask(engine, "コンテナ定期航路の利用を促す補助事業は、どの係が担当していますか？")
    assert record.section in result.text


def test_an_evaluation_item_named_by_its_printed_label(engine, records):
    record = _named(records, "福祉灯油事業")
    (item,) = [e for e in record.evaluations if e.label == "対象・意図の妥当性"]
    result = _ask(engine, "福祉灯油事業の評価で「対象・意図の妥当性」はどう判定されていますか。")
    assert item.judgement in result.text


def test_the_budget_of_the_evaluation_year_is_its_planned_project_cost(engine, records):
    # 大船渡's form prints no 予算額; the 事業費計 of R07 (the plan) is read, and the reading says so.
    water = sorted((s for s in records if s.department == "上下水道部水道課"),
                   key=lambda s: -(s.costs["R07"].project_cost.value or 0))[:3]  # fmt: skip
    result = _ask(engine, "水道課の事業で、今年度（令和7年度）の予算が大きい上位3つはどれですか？")
    assert "事業費計" in result.text and result.text.count("**令和7年度**") == 0
    assert [s.project_id for s in water] == [n for n in result.projects if n in {s.project_id for s in water}]


def test_the_law_a_project_is_based_on(engine, records):
    record = _named(records, "狂犬病予防事業")
    result = _ask(engine, "狂犬病予防事業は何という法律に基づいて行われていますか？")
    assert record.legal_basis in result.text


def test_a_japanese_word_saying_what_a_word_of_the_name_says_is_its_mention(engine, records):
    record = _named(records, "旅券発給事務")  # パスポート and 旅券: both "passport" in JMdict
    result = _ask(engine, "パスポートの発給事務って、市役所のどの係が担当してるんですか？")
    assert record.section in result.text


def test_national_government_money_is_the_national_subsidy(engine, records):
    record = _named(records, "放課後児童健全育成事業")
    result = _ask(engine, "How much national government money went into the 放課後児童健全育成事業 in FY2024?")
    assert f"{record.costs['R06'].national.value:,} thousand yen" in result.text


def test_how_many_ten_thousands_asks_a_number(engine):
    from jimuqa.answering.reader import understand

    assert understand("三陸鉄道の乗車人数って、令和6年度は何万人くらいだった？", None, engine.words).accepted


def test_a_budget_asked_of_an_ofunato_sheet_reads_its_project_cost(engine, records):
    # Its form prints no 予算額: the ranking reads 事業費計 on 大船渡's sheets (FY2025 is a year of theirs only, so the
    # question is about them).
    best = max(records, key=lambda s: s.costs["R07"].project_cost.value or 0)
    result = _ask(engine, "Across the whole city, which three projects have the biggest budgets planned for FY2025?")
    assert f"1. {best.project_id}" in result.text and "事業費計" in result.reading


def test_a_name_said_as_a_phrase_beats_words_scattered_over_the_question(engine, records):
    from jimuqa.answering.reader import understand

    record = _named(records, "スクールバス運行事業")
    question = "How much did the school bus service for kids who live far from school cost in FY2024?"
    (parse,) = understand(question, None, engine.words_for(("大船渡市",))).parses
    assert {p.value for p in parse.of("project")} == {record.project_id}


def test_all_of_a_units_projects_put_together_is_a_total(engine, records):
    total = _unit_total(records, "上下水道部水道課", "project_cost", "R07")
    result = _ask(engine, "上下水道部水道課の事業を全部合わせると、令和7年度の事業費はいくらになりますか？")
    assert f"{total:,}" in result.text and "合計" in result.reading


def test_how_many_hours_a_units_projects_took_altogether_is_a_total_of_hours(engine, records):
    total = _unit_total(records, "大船渡消防署", "work_hours", "R06")
    result = _ask(engine, "How many hours did the fire station's projects take altogether in FY2024?")
    assert f"{total:,}" in result.text


def test_what_a_units_projects_cost_together_is_their_total(engine, records):
    total = _unit_total(records, "大船渡消防署", "project_cost", "R06")
    result = _ask(engine, "What did the fire station's projects cost together in FY2024?")
    assert f"{total:,}" in result.text and "total" in result.reading


def test_a_word_before_another_field_says_whose_it_is(engine, records):
    station = [s for s in records if s.department == "大船渡消防署"]
    most = max(station, key=lambda s: s.costs["R06"].work_hours.value or 0)
    result = _ask(engine, "Among the fire station's projects, which one took up the most staff working hours in FY2024?")
    assert most.project_id in result.text and f"{most.costs['R06'].work_hours.value:,}" in result.text


def test_words_only_one_projects_indicator_holds_name_that_indicator_and_project(engine, records):
    holders = [(s, i) for s in records for i in s.indicators if i.name and "貸出点数" in i.name]
    assert len(holders) == 1  # what makes the words name one project
    record, indicator = holders[0]
    result = _ask(engine, "令和6年度の貸出点数は？")
    assert record.project_id in result.text and f"{indicator.values['R06'].value:,}" in result.text


def test_how_much_in_a_follow_up_asks_for_the_figure_not_a_list(engine, records):
    record = _named(records, "市議会議員選挙の執行事務")
    result = _follow_up(engine, "令和6年度の市議会議員選挙の執行事務の事業費はいくら？", "人件費はどれくらいかかった？")
    assert result.kind == STRUCTURED and f"{record.costs['R06'].personnel_cost.value:,}千円" in result.text


def _words_with(engine, translations):
    """The two-city table's words, with the sheets' Japanese for a few English words (the build's map keys each
    by its normal form)."""
    from jimuqa.answering.understand import Words
    from jimuqa.index.glosses import english_words

    keyed = {english_words(word)[0]: terms for word, terms in translations.items()}
    return Words.from_db(engine.db, ("大船渡市",), keyed)


def test_a_clause_after_the_name_that_its_sheet_bears_out_describes_the_project(engine, records):
    from jimuqa.answering.reader import understand

    record = _named(records, "公衆トイレ維持管理事業")
    question = "By what percentage did spending on the public toilets at the train stations go up from FY2023 to FY2024?"
    understood = understand(question, [], _words_with(engine, {"station": ["駅"], "train": ["列車"]}))
    assert understood.accepted and understood.queries[0].projects == (record.project_id,)
    # a clause whose words the sheet does not hold stays unplaced: the question is not read as about the toilets
    understood = understand(question.replace("train stations", "airport"), [], _words_with(engine, {"airport": ["空港"]}))
    assert not understood.accepted and "airport" in understood.unplaced


def test_a_classification_said_in_full_is_a_condition(engine, records):
    measure = "交通・港湾物流ネットワークの充実"
    ranked = sorted((s for s in records if s.measure.name == measure),
                    key=lambda s: -(s.costs["R07"].project_cost.value or 0))[:3]  # fmt: skip
    result = _ask(engine, f"施策「{measure}」に入ってる事業で、今年度（令和7年度）の予算が大きいトップ3は？")
    positions = [result.text.index(s.project_id) for s in ranked]  # each of the three, in order
    assert positions == sorted(positions)


def test_from_which_year_to_which_year_is_the_period(engine, records):
    record = _named(records, "水道施設整備事業")
    result = _ask(engine, "水道施設整備事業の事業期間は何年度から何年度まで？")
    assert record.period.start in result.text and record.period.end in result.text


def test_the_second_after_a_ranking_ranks_the_same_projects(engine, records):
    water = sorted((s for s in records if s.department == "上下水道部水道課"),
                   key=lambda s: -(s.costs["R06"].project_cost.value or 0))  # fmt: skip
    result = _follow_up(engine, "水道課の事業で、令和6年度にいちばん事業費がかかったのはどれ？", "じゃあ2番目は？")
    assert result.kind == STRUCTURED and water[1].project_id in result.text
    assert all(s.project_id not in result.text for s in water[2:])


def test_a_units_programs_are_its_projects_not_one_project_named_alike(engine, records):
    office = [s for s in records if s.department == "農業委員会事務局"]
    least = min(office, key=lambda s: s.costs["R06"].project_cost.value or 0)
    result = _ask(engine, "Which of the Agricultural Committee office's programs spent the least money in FY2024?")
    assert least.project_id in result.text


def test_a_word_written_with_other_okurigana_is_the_names_word(engine, records):
    record = _named(records, "省エネ家電等買替え促進事業")
    result = _ask(engine, "省エネ家電の買い替え助成の今後の方向性は？")
    assert record.project_id in result.text and record.future_direction.value in result.text


def test_a_field_left_out_of_a_figure_is_not_asked(engine, records):
    total = _unit_total(records, "保健福祉部長寿社会課", "project_cost", "R06")
    result = _ask(engine, "長寿社会課の事業って、令和6年度の事業費（人件費抜き）を全部合わせるといくらになる？")
    assert f"{total:,}" in result.text


def test_a_printed_total_is_its_rows_said_together(engine, records):
    record = [s for s in records if s.project_id == "1099"][0]
    result = _ask(engine, "What was the project cost of 1099 in FY2023 including personnel costs?")
    assert f"{record.costs['R05'].total_cost.value:,}" in result.text
    best, numbers = _largest(records, "total_cost", "R06")
    result = _ask(engine, "Which three Ofunato projects had the highest total cost including personnel in FY2024?")
    assert f"{best:,}" in result.text and numbers[0] in result.text


def test_an_indicator_named_by_another_form_of_its_word(engine, records):
    record = [s for s in records if s.project_id == "1815"][0]
    (resolved,) = [i for i in record.indicators if i.name and "解決" in i.name]
    result = _follow_up(engine, "How many consultations about vacant houses did 1815 handle in FY2024?",
                        "how many of those got resolved?")  # fmt: skip
    assert result.kind == STRUCTURED and f"{resolved.values['R06'].value:,}" in result.text


def test_two_years_before_the_year_asked(engine, records):
    record = _named(records, "学校給食事業(小中学校)")
    result = _follow_up(engine, "学校給食事業(小中学校)の令和6年度の事業費は？", "What about two years before that?")
    assert result.kind == STRUCTURED and f"{record.costs['R04'].project_cost.value:,}" in result.text


def test_indicators_the_words_cannot_tell_apart_are_each_answered(engine, records):
    record = _named(records, "広報おおふなと発行事業")
    issues = [i for i in record.indicators if i.name and "発行回数" in i.name]
    assert len(issues) == 2  # 定例広報の and 特集号の: the question says neither
    result = _ask(engine, "広報おおふなとって令和6年度は年に何回発行されたの？")
    assert all(f"{i.values['R06'].value:,}" in result.text for i in issues)


def test_the_cheapest_first(engine, records):
    station = sorted((s for s in records if s.department == "大船渡消防署"),
                     key=lambda s: s.costs["R06"].total_cost.value or 0)  # fmt: skip
    result = _ask(engine, "大船渡消防署が担当している事業で、令和6年度のトータルコストが安い順に2つ教えてください。")
    assert station[0].project_id in result.text and station[1].project_id in result.text


def test_the_funding_of_the_project_a_ranking_found(engine, records):
    fisheries = max((s for s in records if s.department == "農林水産部水産課"),
                    key=lambda s: s.costs["R06"].project_cost.value or 0)  # fmt: skip
    result = _follow_up(engine, "水産課の事業で、令和6年度の事業費がいちばん大きいのはどれ？", "その事業の財源の内訳はどうなってる？")
    assert result.kind == STRUCTURED and fisheries.project_id in result.text
    assert f"{fisheries.costs['R06'].bonds.value:,}千円" in result.text


def test_a_noun_written_onto_a_name_says_its_kind_when_that_reads_the_question(engine, records):
    record = _named(records, "省エネ家電等買替え促進事業")
    result = _ask(engine, "省エネ家電の買い替え補助って、どんな内容でした？")
    assert record.project_id in result.text and "概要" in result.reading


def test_a_unit_said_with_an_indicators_words_narrows_the_search_and_is_not_asked(engine, records):
    record = _named(records, "図書館運営事業")
    result = answer("図書館の令和元年度の貸出点数は何点でしたか？", [], engine)  # the sheets start at 令和2年度
    assert record.project_id in result.text and "担当部課" not in result.text and "値なし" in result.text


def test_an_indicators_words_name_no_project_when_the_rest_is_not_read(engine):
    from jimuqa.answering.reader import understand

    understood = understand("パスポートの申請受付って、市役所のどこの係がやってるの？", [], engine.words_for(("大船渡市",)))
    assert not any(p.kind == "project" for parse in understood.parses for p in parse.parts)


def test_a_possessive_plural_before_a_bracketed_name_is_part_of_its_gloss(engine, records):
    ended = {s.project_id for s in records if s.department == "市民生活部市民環境課"
             and s.future_direction and s.future_direction.value == "終了・廃止・休止"}  # fmt: skip
    result = _ask(engine, "Which projects of the Citizens' Environment Division (市民生活部市民環境課) are slated to be ended, "
                          "abolished or suspended under the future direction (今後の方向性)?")  # fmt: skip
    assert ended and all(n in result.text for n in ended)


def _indicator(record, name):
    return next(i for i in record.indicators if i.name == name)


def test_a_count_asked_with_a_counter_is_what_the_projects_indicator_counts_in_it(engine, records):
    liaison = _indicator(_named(records, "行政連絡員事業"), "行政連絡員委嘱数")  # its one indicator in 人
    result = _ask(engine, "行政連絡員は令和6年度に何名でしたか？")
    assert "行政連絡員委嘱数" in result.text and f"{liaison.values['R06'].value:,}" in result.text


def test_a_counter_typed_in_kana_is_a_counter(engine, records):
    liaison = _indicator(_named(records, "行政連絡員事業"), "行政連絡員委嘱数")
    result = _ask(engine, "行政連絡員って令和5年度はなんにんいたの？")  # なんにん: 何人, which Sudachi cuts otherwise
    assert "行政連絡員委嘱数" in result.text and f"{liaison.values['R05'].value:,}" in result.text


def test_a_counter_keeps_of_the_indicators_named_those_counting_in_it(engine, records):
    record = _named(records, "放課後児童健全育成事業")
    children = _indicator(record, "登録児童数")
    result = _ask(engine, "放課後児童クラブに登録している児童は令和5年度に何人？")
    assert f"{children.values['R05'].value:,}" in result.text
    assert "登録児童数/必要とする児童数" not in result.text  # also 登録, but counted in ％


def test_a_verb_said_of_the_count_is_read_when_it_says_the_indicators_word(engine, records):
    liaison = _indicator(_named(records, "行政連絡員事業"), "行政連絡員委嘱数")
    result = _ask(engine, "行政連絡員には令和5年度、何人に頼んでいましたか？")  # 頼む: to entrust (委嘱)
    assert f"{liaison.values['R05'].value:,}" in result.text
    other = answer("行政連絡員は令和5年度に何人が辞めましたか？", [], engine)  # 辞める says nothing of 委嘱
    assert other.kind != STRUCTURED


def test_a_quote_numbered_with_circled_digits_passes_the_check(engine):
    from jimuqa.answering.types import NARRATIVE, Answer, Citation

    number, year, city, section, text = engine.db.execute(
        "SELECT s.number, s.fiscal_year, s.city, x.section, x.text FROM sections x JOIN sheets s ON s.id = x.sheet_id "
        "WHERE x.text LIKE '%④%' LIMIT 1").fetchone()  # fmt: skip
    quote = next(line for line in text.splitlines() if "④" in line)
    cited = Citation(1, number, "", year, section, "", quote, "", 0, 0, city=city)
    result = Answer("?", f"> {quote} [1]", "ja", NARRATIVE, [cited], projects=[number])
    assert check(result, engine.db) == []  # ④ reads as 4 in the answer and in its source alike


def test_an_indicators_figure_asked_with_no_year_is_its_latest_recorded_not_the_plan(engine, records):
    members = _indicator(_named(records, "図書館運営事業"), "図書館利用登録者")
    assert members.values["R07"].is_plan and members.values["R06"].value != members.values["R07"].value
    result = _ask(engine, "図書館運営事業の図書館利用登録者は何人？")
    assert f"{members.values['R06'].value:,}" in result.text and "令和6年度" in result.text


def _by_project_cost(records, department):
    """A unit's projects, the largest 令和6年度 事業費計 first."""
    unit = [s for s in records if s.department == department]
    return sorted(unit, key=lambda s: s.costs["R06"].project_cost.value or 0, reverse=True)


def test_one_english_word_only_a_units_projects_hold_names_that_unit(engine, records):
    cheapest = _by_project_cost(records, "教育委員会博物館")[-1]
    result = _ask(engine, "Among the city museum's projects, which one had the smallest project cost in FY2024?")
    assert cheapest.project_id in result.text and f"{cheapest.costs['R06'].project_cost.value:,}" in result.text


def test_english_words_joined_by_an_ampersand_gloss_the_unit_in_brackets(engine, records):
    port = _by_project_cost(records, "商工港湾部港湾振興課")
    result = _ask(engine, "top 3 projects of the port & transport division (港湾振興課) by FY2024 spending?")
    assert all(s.project_id in result.text for s in port[:3])


@pytest.mark.parametrize(
    ("name", "question"),
    [
        # the city named in kana sets the scope
        ("火葬場管理運営事業", "おおふなと斎苑（火葬場）の管理運営って、令和6年度の事業費はいくらだった？"),
        # a name written with other okurigana (祝い金: 祝金) names the project
        ("出産祝金支給事業", "出産祝い金支給事業の令和6年度の事業費は？"),
        # a function word written in kana (おしえて: 教えて) is one
        ("カメリアホール運営管理事業", "カメリアホール運営管理事業の令和6年度の事業費と一般財源、おしえて"),
    ],
)
def test_a_projects_cost_asked_in_other_spellings(engine, records, name, question):
    record = _named(records, name)
    assert f"{record.costs['R06'].project_cost.value:,}千円" in _ask(engine, question).text


def test_a_word_for_another_kind_of_unit_still_glosses_the_unit_in_brackets(engine, records):
    fisheries = _by_project_cost(records, "農林水産部水産課")
    result = _ask(engine, "In the fisheries section (水産課), which 3 projects spent the most in FY2024?")
    assert all(s.project_id in result.text for s in fisheries[:3])


def test_a_year_after_the_sheets_last_column_is_the_future_not_another_years_passages(engine):
    from jimuqa.answering.types import UNANSWERABLE

    result = answer("三陸鉄道支援事業って、令和10年度はどうなっていきそう？", [], engine)
    assert result.kind == UNANSWERABLE and "refused: future" in result.notes


def test_another_city_asked_how_much_it_spends_is_refused(engine):
    from jimuqa.answering.types import UNANSWERABLE

    result = answer("陸前高田市は三陸鉄道支援にいくら出してる？", [], engine)
    assert result.kind == UNANSWERABLE and "陸前高田市" in result.text


@pytest.mark.parametrize("question", ["Among the fire station's programs, which one had the biggest total cost (incl. "
                                      "personnel) in FY2024?", "大船渡消防署の事業で、令和6年度のトータルコスト（人件費込み）が"
                                      "一番大きいのはどれ？"])  # fmt: skip
def test_what_a_field_includes_said_in_brackets_is_not_asked_apart(engine, records, question):
    station = [s for s in records if s.department == "大船渡消防署"]
    most = max(station, key=lambda s: s.costs["R06"].total_cost.value or 0)
    result = _ask(engine, question)
    assert most.project_id in result.text and f"{most.costs['R06'].total_cost.value:,}" in result.text
    assert "人件費計" not in result.text  # the bracket says what トータルコスト holds; it is not asked as well


def test_a_units_kind_word_and_the_word_its_gloss_is_made_from_name_the_unit(engine, records):
    # 税務課 is glossed "taxation business": "tax" is the word it is made from; "division" is the kind of unit.
    # "staff costs" are the form's words: they name no project (産休等代替職員費事業's English words hold both).
    total = _unit_total(records, "総務部税務課", "project_cost", "R06")
    result = _ask(engine, "If you add up FY2024 project spending (not counting staff costs) across all of the tax "
                          "division's programs, what do you get?")  # fmt: skip
    assert f"{total:,}" in result.text and "0234" not in result.text


def test_english_words_only_one_projects_indicator_holds_with_its_names_name_them(engine, records):
    # "library" is 図書館運営事業's name's; "items" and "lend" its indicator 図書館資料の貸出点数's English words
    (record,) = [s for s in records if s.name == "図書館運営事業"]
    (loans,) = [i for i in record.indicators if i.name and "貸出点数" in i.name]
    result = _ask(engine, "How many items did the city library lend out in fiscal 2024?")
    assert record.project_id in result.text and f"{loans.values['R06'].value:,}" in result.text


def test_an_english_average_over_a_units_projects_passes_the_citation_check(engine, records):
    # the count it divides by ("over 8") is the answer's own, not a number missing from the sources
    held = [s.costs["R06"].project_cost.value or 0 for s in records if s.department == "農業委員会事務局"]
    result = _ask(engine, "On average, how much did each of the agricultural committee's projects spend in FY2024?")
    assert f"{sum(held) / len(held):,.1f}" in result.text and f"over {len(held)}" in result.text


def test_a_unit_named_by_all_its_names_words_common_ones_too(engine, records):
    # "management" is a word of many names; "disaster" and "management" together only of 防災管理室's
    total = _unit_total(records, "総務部防災管理室", "project_cost", "R06")
    result = _ask(engine, "If you add up all of the Disaster Management Office's projects, what did they spend in FY2024?")
    assert f"{total:,}" in result.text


def test_money_other_than_the_general_fund_is_the_cost_less_the_general_fund(engine, records):
    record = _named(records, "スポーツ施設整備事業")
    costs = record.costs["R06"]
    result = _ask(engine, "スポーツ施設整備事業って、令和6年度は一般財源以外のお金でいくらまかなってたの？")
    assert f"{costs.project_cost.value - costs.general_fund.value:,}千円" in result.text


def test_a_rate_asked_after_a_count_is_the_projects_one_indicator_in_percent(engine, records):
    record = _named(records, "健康増進事業（各種がん検診）")
    (rate,) = [i for i in record.indicators if i.unit in ("%", "％")]
    result = _ask(engine, "How many people had cancer screenings in FY2024, and what was the screening rate?")
    assert f"{rate.name}" in result.text and f"{rate.values['R06'].value}" in result.text


def test_words_saying_when_name_no_project_by_its_indicator(engine, records):
    # 後期 (「岩手県後期高齢者医療広域連合」) is glossed "last", and an indicator of its project "fiscal": "last
    # fiscal year" says the year before, and the unit said keeps to its own projects
    fisheries = _by_project_cost(records, "農林水産部水産課")
    result = _ask(engine, "Within the fisheries division, which three projects had the biggest budgets last fiscal year?")
    assert all(s.project_id in result.text for s in fisheries[:3])


def test_a_bare_how_much_in_a_clause_before_the_figures_named_asks_the_projects_money(engine, records):
    # "how much did the city pay toward …": its 事業費計; "how much of that … bonds": its 地方債
    record = _named(records, "大船渡地区消防組合事務費負担金支出事務")
    costs = record.costs["R06"]
    result = _ask(engine, f"How much did the city pay toward project {record.number} in FY2024, and how much of that was "
                          "financed with municipal bonds?")  # fmt: skip
    assert f"{costs.project_cost.value:,}" in result.text and f"{costs.bonds.value:,}" in result.text


def test_a_department_in_english_is_every_division_of_its_bu(engine, records):
    expected = sum(1 for s in records if s.department and s.department.startswith("保健福祉部"))
    result = _ask(engine, "How many projects does the health and welfare department run?")
    assert f"{expected} projects" in result.text


@pytest.mark.parametrize(
    ("question", "kept"),
    [("Across all of Ofunato's evaluated projects, how many are slated to be ended, abolished or paused in the section heads' "
      "opinion?", False),
     ("How many of the Citizen Environment Division's projects did management decide NOT to simply keep as they are "
      "going forward?", True)],
)  # fmt: skip
def test_the_section_heads_direction_in_other_words(engine, records, question, kept):
    if kept:  # not kept as they are: 改革改善 or 終了・廃止・休止
        expected = sum(1 for s in records if s.department == "市民生活部市民環境課" and s.future_direction
                       and s.future_direction.value != "現状維持")  # fmt: skip
    else:
        expected = sum(1 for s in records if s.future_direction and s.future_direction.value == "終了・廃止・休止")
    assert f"{expected} projects" in _ask(engine, question).text


def test_a_follow_up_of_a_figure_answered_for_a_year_is_of_that_year(engine, records):
    # the question before said no year; the answer said 令和6年度: 「そのうち」 is of that year's figure
    record = _named(records, "三陸鉄道支援事業")
    costs = record.costs["R06"]
    history = [{"role": "user", "content": "三陸鉄道支援事業って、市は年間いくら出してるの？"},
               {"role": "assistant", "content": f"三陸鉄道支援事業（{record.number}）の令和6年度の事業費は"
                                                f"{costs.project_cost.value:,}千円です。"}]  # fmt: skip
    result = answer("そのうち、借金（市債）でまかなった分はどれくらい？", history, engine)
    assert f"{costs.bonds.value:,}千円" in result.text and "令和6年度" in result.text


def test_the_most_and_the_least_asked_together_are_both_answered(engine, records):
    station = [s for s in records if s.department == "大船渡消防署"]
    most = max(station, key=lambda s: s.costs["R06"].total_cost.value or 0)
    least = min(station, key=lambda s: s.costs["R06"].total_cost.value or 0)
    result = _ask(engine, "大船渡消防署が受け持ってる事業で、令和6年度のトータルコストが一番かかったのと一番少なかったのは"
                          "それぞれどれ？")  # fmt: skip
    assert most.project_id in result.text and least.project_id in result.text


def test_money_not_from_the_general_fund_glossed_in_brackets(engine, records):
    record = _named(records, "放課後児童健全育成事業")
    costs = record.costs["R06"]
    result = _ask(engine, f"{record.number}の令和6年度の事業費のうち市の一般財源じゃないお金（国や県からの分など）はいくら？")
    assert f"{costs.project_cost.value - costs.general_fund.value:,}千円" in result.text


def test_the_cheapest_once_staff_costs_are_counted_in_ranks_the_total_cost(engine, records):
    office = [s for s in records if s.department == "農業委員会事務局"]
    cheapest = min(office, key=lambda s: s.costs["R06"].total_cost.value or 0)
    result = _ask(engine, "Of the agricultural committee office's projects, which was the cheapest in fiscal 2024 once "
                          "staff costs are counted in?")  # fmt: skip
    assert cheapest.project_id in result.text and f"{cheapest.costs['R06'].total_cost.value:,}" in result.text


def test_a_division_in_english_is_a_departments_unit_before_a_team_named_alike(engine, records):
    # 総務課 and 庶務係 are both "general affairs": "division" says the 部課
    held = [s.costs["R06"].project_cost.value or 0 for s in records if s.department == "総務部総務課"]
    result = _ask(engine, "On average, how much did each of the General Affairs Division's projects spend in FY2024?")
    assert f"{sum(held) / len(held):,.1f}" in result.text


def test_a_sheet_leaving_its_team_blank_in_another_department_is_not_said_to_be_undecided(engine, records):
    # 係名 blank cannot say the team, but a team is of one department: a sheet of another department is none of
    # the team's projects (every blank 係名 here is an office's that has no teams), so none is listed as undecided
    theirs = {s.project_id for s in records if s.section == "環境衛生係"}
    departments = {s.department for s in records if s.section == "環境衛生係"}
    blank = {s.project_id for s in records if not s.section and s.project_id}
    assert theirs and blank and not {s.department for s in records if s.project_id in blank} & departments
    result = _ask(engine, "環境衛生係の事業はどれ？")
    assert {c.sheet for c in result.citations} == theirs and "値なし" not in result.text, result.text


def test_why_is_never_answered_by_a_value_alone(engine):
    # "why" asks a reason: the direction's value alone would answer another question; the text 大船渡's form prints
    # beside it saying why (課題と解決策, 全体総括) answers it
    result = answer("Why is project 0161 being ended?", [], engine)
    (read,) = [note for note in result.notes if note.startswith("read by the query parser")]
    assert "future direction" in read and "issues and solutions" in read and "overall summary" in read


def test_borrowed_and_city_bonds_are_the_local_bonds(engine, records):
    record = _named(records, "火葬場管理運営事業")
    costs = record.costs["R07"]
    result = _ask(engine, f"What's project {record.number}'s budget for this year, and how much of that is being borrowed?")
    assert f"{costs.project_cost.value:,}" in result.text and f"{costs.bonds.value:,}" in result.text
    assert f"{costs.bonds.value:,}千円" in _ask(engine, f"{record.number}の今年度の市債は？").text


def test_a_direction_to_review_is_the_reform_direction(engine, records):
    reform = sorted(s.number for s in records if s.department and s.department.endswith("国保医療課")
                    and s.future_direction and s.future_direction.value == "改革改善")  # fmt: skip
    result = _ask(engine, "国保医療課の事業で、課長が「今のままじゃなくて見直す」って判断してるのはどれ？")
    assert reform and f"{len(reform)}事業" in result.text and all(n in result.text for n in reform)


def test_a_fall_from_the_year_before_a_year_said(engine, records):
    fell = sorted(s.number for s in records if s.department and s.department.endswith("部水道課")
                  and s.costs["R06"].project_cost.value < s.costs["R05"].project_cost.value)  # fmt: skip
    result = _ask(engine, "水道課の事業で、令和6年度の事業費が前の年より減ったのってどれ？")
    assert fell and f"{len(fell)}事業" in result.text and all(n in result.text for n in fell)


def test_words_both_forms_read_are_read_with_the_city_whose_table_answers_them(engine, records):
    best, numbers = _largest(records, "total_cost", "R06")
    result = _ask(engine, "Which three had the highest all-in cost in FY2024, staff time included?")
    assert "トータルコスト" in result.text and f"{best:,} thousand yen" in result.text and numbers[0] in result.text


def test_a_division_named_in_english_by_its_kind_word_too(engine, records):
    big = sorted(s.number for s in records if s.department == "教育委員会事務局学校教育課"
                 and (s.costs["R06"].project_cost.value or 0) > 50_000)  # fmt: skip
    result = _ask(engine, "How many of the school education division's projects spent more than 50 million yen in FY2024?")
    assert "学校教育課" in result.text and f"{len(big)} project" in result.text


def test_no_general_revenue_used_with_a_bracketed_condition(engine, records):
    chosen = sorted(s.number for s in records if s.department == "保健福祉部長寿社会課"
                    and s.costs["R06"].general_fund.value == 0 and s.costs["R06"].project_cost.value)  # fmt: skip
    result = _ask(engine, "長寿社会課の事業で、令和6年度に市の一般財源をまったく使ってないのはどれ？（事業費がゼロのは除いて）")
    assert chosen and f"{len(chosen)}事業" in result.text and all(n in result.text for n in chosen)


def test_hours_staff_spend_are_the_staff_hours(engine, records):
    hours = [s.costs["R06"].work_hours.value for s in records if s.department == "総務部税務課"]
    result = _ask(engine, "税務課の事業って、令和6年度に職員が1事業あたり平均何時間くらい使ってる？")
    assert "延べ業務時間" in result.text and f"{sum(hours) / len(hours):,.1f}時間" in result.text


def test_the_most_expensive_once_staff_time_is_counted_is_the_total_cost(engine, records):
    best, numbers = _largest(records, "total_cost", "R06")
    result = _ask(engine, "Which project was the most expensive in fiscal 2024 once staff time is counted in?")
    assert "トータルコスト" in result.text and f"{best:,} thousand yen" in result.text and numbers[0] in result.text


def test_words_of_the_form_said_loosely_in_english(engine, records):
    bonds = sorted(records, key=lambda s: -(s.costs["R06"].bonds.value or 0))[:3]
    result = _ask(engine, "Which three programs took on the most municipal bond (borrowing) financing in fiscal 2024, in yen terms?")
    assert all(s.number in result.text for s in bonds)


def test_a_project_named_by_its_names_words_and_a_head_noun_and_its_sources_in_plain_words(engine, records):
    [club] = [s for s in records if s.number == "0231"]
    result = _ask(engine, "What's the after-school club budget for FY2025, and how is it split between national, "
                          "prefectural and city money?")  # fmt: skip
    costs = club.costs["R07"]
    for figure in (costs.project_cost, costs.national, costs.prefectural, costs.general_fund):
        assert f"{figure.value:,} thousand yen" in result.text


def test_a_count_in_another_unit_asks_that_units_figure_too(engine, records):
    [lunch] = [s for s in records if s.number == "0946"]
    costs = lunch.costs["R06"]
    result = _ask(engine, "学校給食事業(小中学校)の令和6年度の事業費はいくら？あと、正職員は何人関わってて延べ何時間働いたの？")
    for figure, unit in ((costs.project_cost, "千円"), (costs.staff, "人"), (costs.work_hours, "時間")):
        assert f"{figure.value:,}{unit}" in result.text


def test_a_condition_on_an_amount_spent_said_with_more_than(engine, records):
    chosen = sorted(s.number for s in records if s.department == "市民生活部市民環境課"
                    and (s.costs["R06"].general_fund.value or 0) > 10000)  # fmt: skip
    result = _ask(engine, "市民環境課の事業で、令和6年度に一般財源を1,000万円より多く使ってるのはどれ？")
    assert chosen and f"{len(chosen)}事業" in result.text and all(n in result.text for n in chosen)


def test_the_sources_of_a_years_cost_in_plain_english(engine, records):
    [bridges] = [s for s in records if s.number == "1811"]
    costs = bridges.costs["R06"]
    result = _ask(engine, "For 1811 in FY2024, how much came from national grants, how much from borrowing, and how "
                          "much out of the city's general budget?")  # fmt: skip
    for figure in (costs.national, costs.bonds, costs.general_fund):
        assert f"{figure.value:,} thousand yen" in result.text


def test_a_follow_up_of_two_parts_after_an_answer_no_question_was_read_for(engine, records):
    [crematorium] = [s for s in records if s.number == "0081"]
    history = [{"role": "user", "content": "火葬場の運営って年間どのくらいお金がかかってるの？"},
               {"role": "assistant", "content": "火葬場管理運営事業（0081）の令和6年度の事業費は33,570千円です。"}]  # fmt: skip
    result = answer("今年度の計画だといくらになってる？そのうち借入れ（地方債）はどのくらい？", history, engine)
    costs = crematorium.costs["R07"]
    assert f"{costs.project_cost.value:,}千円" in result.text and f"{costs.bonds.value:,}千円" in result.text


def _read_projects(engine, question):
    from jimuqa.answering.reader import understand

    parses = understand(question, None, engine.words_for(("大船渡市",))).parses
    return {p.value for parse in parses for p in parse.parts if p.kind == "project"}


def test_short_words_side_by_side_that_one_name_holds_apart_name_it(engine, records):
    # 窓口 alone is in four names; 窓口 and DX together only in one, where they stand apart
    [counter] = [s.number for s in records if "窓口" in s.name and "DX" in s.name]
    assert _read_projects(engine, "市役所の窓口DXって、そもそも何のためにやってるの？") == {counter}
    # Latin letters are pieces only as whole words: "ci" and "ty" of "city" are none of "society"
    assert not _read_projects(engine, "What did the city do last year?")


def test_one_name_said_in_two_clauses_is_no_tie(engine, records):
    from jimuqa.answering.understand import read_parts

    # (the question read whole, as the search for a project by meaning reads it, not part by part)
    crematorium = _named(records, "火葬場管理運営事業")
    parse = read_parts("What did the crematorium actually do last year? number of cremations etc",
                       engine.words_for(("大船渡市",)))
    assert {p.value for p in parse.of("project")} == {crematorium.number} and not parse.unplaced


def test_a_unit_that_runs_one_project_said_for_it(engine, records):
    [library] = [s for s in records if s.department == "協働まちづくり部図書館"]
    question = "市立図書館、去年度は本をどれくらい貸し出したの？"
    assert _read_projects(engine, question) == {library.number}
    # its project's indicators, said by the verb (貸し出した: 貸出点数), are what is asked
    assert "図書館資料の貸出点数" in answer(question, [], engine).text
    # asked of the unit's projects as a set, it stays the unit
    assert not _read_projects(engine, "図書館の事業は何件？")


def test_a_list_of_a_field_in_two_years_says_each_value_with_its_year(engine, records):
    housing = "都市整備部住宅管理課"
    chosen = sorted(s.number for s in records if s.department == housing
                    and s.costs["R06"].project_cost.value == 0 and (s.costs["R07"].project_cost.value or 0) > 0)  # fmt: skip
    result = _ask(engine, "In the housing management division, which projects spent nothing in R6 but have a budget in R7?")
    assert chosen and all(n in result.text for n in chosen) and f"{len(chosen)} projects" in result.text
    assert "事業費計 (FY2024) 0 thousand yen" in result.text


def test_a_unit_after_its_offices_secretariat_is_named_alone(engine, records):
    # 教育委員会事務局|教育研究所: the office is the committee's secretariat, not 教育委員会 with 事務局教育研究所
    chosen = [s for s in records if s.department == "教育委員会事務局教育研究所"]
    result = _ask(engine, "教育研究所の事業は何件？")
    assert chosen and f"{len(chosen)}事業" in result.text


def test_names_said_as_a_list_before_the_noun_they_share(engine, records):
    clinics = {_named(records, f"{place}診療所運営事業").number for place in ("綾里", "越喜来", "吉浜")}
    assert _read_projects(engine, "綾里・越喜来・吉浜の診療所の令和6年度の事業費はそれぞれいくら?") == clinics
    total = sum(s.costs["R06"].project_cost.value for s in records if s.number in clinics)
    result = _ask(engine, "綾里・越喜来・吉浜の診療所の令和6年度の事業費を合計するといくら？")
    assert f"{total:,}千円" in result.text
    # their number said before the noun they share
    assert _read_projects(engine, "綾里・越喜来・吉浜の3つの診療所の運営事業、令和6年度の事業費は?") == clinics


def test_what_the_section_chief_says_of_the_time_ahead_is_the_direction(engine, records):
    before = "観光センター管理運営事業の令和6年度の事業費は？"
    result = _follow_up(engine, before, "で、課長はこの先どうするって言ってる？")
    [centre] = [s for s in records if s.name == "観光センター管理運営事業"]
    assert result.kind == STRUCTURED and "今後の方向性" in result.text and centre.number in result.text


# ---- stop 51 ----


def test_an_indicator_name_several_projects_hold_is_read_on_each_of_them(engine, records):
    # 観光入込客数(暦年) is an indicator of several projects: each one's figure is given, none chosen for the asker
    holding = [(s, i) for s in records for i in s.indicators
               if i.name and i.name.split("(")[0].split("（")[0].strip() == "観光入込客数"]  # fmt: skip
    assert len({s.number for s, _ in holding}) > 1
    result = _ask(engine, "令和6年の観光入込客数って何千人くらい？")
    for sheet, indicator in holding:
        assert sheet.project_id in result.text and f"{indicator.values['R06'].value:,}千人" in result.text
    assert {c.sheet for c in result.citations} == {s.project_id for s, _ in holding}
    # ranked, they are the indicators ranked, not every project's
    ranked = _ask(engine, "観光入込客数がいちばん多い事業は？")
    assert "指標名" in ranked.reading and {c.sheet for c in ranked.citations} <= {s.project_id for s, _ in holding}


def test_a_figure_ranked_in_total_is_each_ones_total_cost(engine, records):
    station = max((s for s in records if s.department == "大船渡消防署"), key=lambda s: s.costs["R06"].total_cost.value or 0)
    result = _ask(engine, "Which fire station program cost the most last year in total?")
    assert station.project_id in result.text and f"{station.costs['R06'].total_cost.value:,} thousand yen" in result.text
    # a word said again ("the election sheets, … which election") is the condition said again
    again = _ask(engine, "Out of the election sheets, which election cost the most in total in FY2024?")
    assert again.reading == _ask(engine, "which election cost the most in total in FY2024?").reading


def test_library_items_checked_out_are_its_loans_of_items(engine, records):
    library = _named(records, "図書館運営事業")
    (loans,) = [i for i in library.indicators if i.name == "図書館資料の貸出点数"]
    result = _ask(engine, "How many library items were checked out in FY2024?")
    assert f"{loans.values['R06'].value:,}" in result.text and result.text.count("成果指標") == 1


def test_two_things_joined_by_to_are_each_asked(engine, records):
    oil = _named(records, "福祉灯油事業")
    (count,) = [i for i in oil.indicators if i.name == "支給件数"]
    result = answer("福祉灯油、R6の支給件数と1世帯あたりの支給額は？", [], engine)
    assert f"{count.values['R06'].value:,}件" in result.text and "令和6年度" in result.reading
    # (the amount a household got is in the passages: this table is built without their index)


def test_money_a_project_brought_in_is_what_it_got(engine, records):
    furusato = _named(records, "ふるさと納税事務")
    (amount,) = [i for i in furusato.indicators if i.name and i.name.endswith("金額")]
    result = _ask(engine, "how much did ofunato bring in from furusato nozei donations in FY2024?")
    assert f"{amount.values['R06'].value:,}" in result.text and "closest in meaning" not in result.text


def test_a_value_said_to_hold_of_both_fields_named_is_a_condition_on_each(engine, records):
    def judged(sheet, label):
        return next((e.judgement for e in sheet.evaluations if e.label == label), None)

    both = {s.project_id for s in records
            if judged(s, "政策体系との整合性") == judged(s, "公共関与の妥当性") == "見直し余地がある"}  # fmt: skip
    either = {s.project_id for s in records if judged(s, "政策体系との整合性") == "見直し余地がある"}
    assert both and either - both
    result = _ask(engine, "which projects got marked 見直し余地がある on BOTH 政策体系との整合性 and 公共関与の妥当性?")
    assert {c.sheet for c in result.citations} == both


def test_a_departments_kind_word_inside_another_names_words_names_that_one(engine, records):
    # "fire department" is 消防, of 大船渡地区消防組合's name: not the 部課 大船渡地区環境衛生組合 ("district", "union")
    union = _named(records, "大船渡地区消防組合事務費負担金支出事務")
    result = _ask(engine, "how much did the city pay to the Ofunato district fire department union in FY2024?")
    assert union.project_id in result.text and f"{union.costs['R06'].project_cost.value:,}" in result.text



def test_the_item_of_a_labels_brackets_said_after_it_names_that_field(engine, records):
    # 期待成果（成果） and 期待成果（コスト）: the item said after 期待成果 is the form's, not the results or a cost word
    falling = {s.project_id for s in records if s.expected_outcome == "低下"}
    result = _ask(engine, "改革改善による期待成果で、成果が「低下」すると見込んでる事業ってどれ？")
    assert falling and {c.sheet for c in result.citations} == falling
    cut = sum(1 for s in records if s.expected_cost == "削減")
    assert f"{cut}事業" in _ask(engine, "期待成果のコストが削減の事業は何件？").text


def test_a_value_said_in_english_and_glossed_in_brackets_is_one_value(engine, records):
    # "room for review" is the value of several items; "(見直し余地がある)" glosses it, "fit with … policy framework"
    # names the item
    review = {s.project_id for s in records for e in s.evaluations
              if e.label == "政策体系との整合性" and e.judgement == "見直し余地がある"}  # fmt: skip
    result = _ask(engine, "Which projects were rated as having room for review (見直し余地がある) on fit with the city's "
                          "policy framework?")
    assert review and {c.sheet for c in result.citations} == review and "could not be placed" not in result.text
