"""The rule parser: questions → Queries, the coverage rule, multi-part questions, follow-ups, and answers."""

import re

import pytest

from jimuqa.answering.catalogue import REASON_OF
from jimuqa.answering.query import (
    Aggregate,
    Attainment,
    Combine,
    Compare,
    Field,
    Listing,
    Member,
    Ranking,
    Series,
    Value,
    is_change,
    measure_fields,
)
from jimuqa.answering.reader import split, understand
from jimuqa.answering.understand import Words
from jimuqa.index.build import build
from jimuqa.index.table import open_table
from jimuqa.settings import TABLE_FILE, Settings, current_build
from tests.conftest import CORPUS_DIR


def _table(corpus, data):
    settings = Settings(corpus_dir=corpus, data_dir=data)
    build(settings, index_step=None)
    return settings, open_table(current_build(data) / TABLE_FILE)


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    settings, db = _table(CORPUS_DIR, tmp_path_factory.mktemp("understand"))
    yield settings, db, Words.from_db(db)
    db.close()


@pytest.fixture(scope="module")
def words(seed):
    return seed[2]


def one(question, words, history=None):
    """The one Query of a question; a judgement's is read with the reasons its sheet prints beside it (方向性 with its
    理由), which follow it."""
    understood = understand(question, history, words)
    assert understood.accepted, (question, understood.unplaced, [p.reason for p in understood.parses])
    first, *rest = understood.queries
    reasons = REASON_OF.get(getattr(first.ask.measure, "field", ""), ()) if isinstance(first.ask, Value) else ()
    assert [q.ask for q in rest] == [Value(Field(r)) for r in reasons], understood.queries
    return first


MISSED = Member("indicator_status", ("missed",))


@pytest.mark.parametrize(
    "question",
    ["令和2年度の目標を達成できなかった事業はどれ?", "Which projects have not met their FY2020 targets?",
     "Which projects missed their FY2020 targets?"],
)  # fmt: skip
def test_negation_turns_a_condition_round(words, question):
    query = one(question, words)
    assert query.ask == Listing() and query.filters == (MISSED,) and query.years == ("R02",)


def test_a_polite_negation_turns_a_condition_round(words):
    query = one("どの事業が令和2年度の目標を達成できませんでしたか？", words)
    assert query.filters == (MISSED,) and query.years == ("R02",)


@pytest.mark.parametrize("question", ["令和2年度の目標を達成した事業はありませんか", "令和2年度の目標を達成した事業はないですか"])
def test_asking_whether_there_are_none_is_no_condition_turned_round(words, question):
    # the negation is of the projects' being, the polite way to ask whether any met them
    query = one(question, words)
    assert query.filters == (Member("indicator_status", ("met",)),) and query.years == ("R02",)


@pytest.mark.parametrize(
    ("question", "op"),
    [
        ("令和2年度の予算額が5,000千円以上の事業は?", "ge"),
        ("令和2年度の予算額が5,000千円以下の事業は?", "le"),
        ("令和2年度の予算額が5,000千円未満の事業は?", "lt"),
        ("令和2年度の予算額が5,000千円を超える事業は?", "gt"),
        ("Which projects had a FY2020 budget of at least 5,000?", "ge"),
        ("Which projects had a FY2020 budget of more than 5,000?", "gt"),
        ("Which projects had a FY2020 budget of less than 5,000?", "lt"),
    ],
)
def test_each_comparison_is_read_from_its_words(words, question, op):
    query = one(question, words)
    assert query.filters == (Compare(Field("budget"), op, 5000),)
    assert query.years == ("R02",)


def test_zero_and_its_negation(words):
    query = one("令和2年度の予算額がゼロじゃない事業は?", words)
    assert query.filters == (Compare(Field("budget"), "nonzero"),)
    query = one("R2年度に指標の目標値が設定されていない事業はどれ?", words)
    assert query.filters == (Compare(Field("indicator_target"), "missing"),)


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("事業010の令和2年度の執行率は?", Combine("percent", Field("settlement"), Field("budget"))),
        ("What was the FY2020 execution rate of project 010?", Combine("percent", Field("settlement"), Field("budget"))),
        ("事業095の令和2年度の不用額は?", Combine("difference", Field("budget"), Field("settlement"))),
        ("What was the unspent budget of project 095 in FY2020?", Combine("difference", Field("budget"), Field("settlement"))),
        ("事業010の令和2年度の決算÷予算は?", Combine("ratio", Field("settlement"), Field("budget"))),
        ("事業097の決算額は令和元年度から令和2年度でどのくらい減った?",
         Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))),
        ("How did project 095's settlement change from R01 to R02?",
         Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))),
        # the year said again in brackets: 「前年度（R1）から」 is one year, the change from it to the sheet's
        ("事業095の決算額は前年度（R1）からいくら減った?",
         Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))),
        # the field said before に対して (or after "relative to") is the divisor, whichever is said first
        ("事業010の令和2年度、予算に対して実際に使ったお金の割合は?", Combine("percent", Field("settlement"), Field("budget"))),
        ("What did project 010 spend relative to its budget in FY2020?", Combine("percent", Field("settlement"), Field("budget"))),
        ("事業097の令和2年度の一般財源以外のお金は?", Combine("difference", Field("settlement"), Field("general_fund"))),
        # a gap between two fields in one year, not a change over the years
        ("事業092のR2の予算額と決算額の差額は?", Combine("difference", Field("budget"), Field("settlement"))),
        ("What was the gap between project 092's budget and settled amount in FY2020?",
         Combine("difference", Field("budget"), Field("settlement"))),
    ],
)  # fmt: skip
def test_derived_measures_are_compositions_of_fields(words, question, measure):
    query = one(question, words)
    assert query.ask == Value(measure)


def test_a_bracket_of_examples_after_a_project_says_what_it_does_and_asks_nothing(words):
    # "Challenge" of the Tsukuba Challenge is no 課題 asked; モビリティ is a word of the mention
    query = one("How much did the city spend on the robot town project (mobility robots, Tsukuba Challenge etc.) in "
                "FY2020?", words)  # fmt: skip
    assert query.ask == Value(Field("settlement")) and query.projects == ("097",)
    asked = [q.ask for q in understand("ロボットの事業（モビリティロボットとか）の令和2年度の課題は？", None, words).queries]
    assert asked == [Value(Field("issues_business")), Value(Field("issues_org_budget"))]


def test_a_change_asked_after_a_figure_of_two_indicators_is_the_change_of_each(words):
    # 092 has two indicators named 連携企業数 (the second plan's, printed 0.0 in R01 and R02): both were asked
    history = [{"role": "user", "content": "特区推進事業の連携企業数、R2の実績は？"},
               {"role": "assistant", "content": "連携企業数はR02年度実績685.0件です。"}]
    queries = understand("前の年からどれくらい増えた？", history, words).queries
    assert [q.ask.measure.left.indicator for q in queries] == [1, 2] and {q.projects for q in queries} == {("092",)}
    assert {q.ask.measure.op for q in queries} == {"difference"}


def test_a_count_asked_of_a_named_indicator_is_in_the_indicators_own_unit(words):
    # 何人 of 新規就職者数 (people) asks that figure, not the staff (正職員従事割合, also in 人) as well
    assert one("010のR2の新規就職者数の実績は何人？", words).ask == Value(Field("indicator_actual", indicator=2))


def test_a_change_word_of_one_field_with_no_two_years_is_its_course_over_the_years(words):
    assert one("事業092の予算額はどう変わった?", words).ask == Series(Field("budget"))


def test_two_conditions_combine(words):
    query = one("優先度が5で、令和2年度の予算額が1,000千円以上の事業はどれ?", words)
    assert set(query.filters) == {Compare(Field("priority"), "eq", 5), Compare(Field("budget"), "ge", 1000)}
    assert query.ask == Listing()


@pytest.mark.parametrize(
    ("question", "direction", "k"),
    [
        ("令和2年度の決算額が一番少ない事業は?", "asc", 1),
        ("2020年度の予算額がいちばん大きい事業は?", "desc", 1),
        ("令和２年度の決算額が多い順に上位3事業を教えて", "desc", 3),
        ("Which project had the highest FY2020 budget?", "desc", 1),
        ("Which project had the lowest FY2020 budget?", "asc", 1),
    ],
)
def test_rankings_in_both_directions(words, question, direction, k):
    query = one(question, words)
    assert isinstance(query.ask, Ranking) and (query.ask.direction, query.ask.top_k) == (direction, k)


def test_aggregates(words):
    assert one("全部の事業のR2決算額を合計するといくら?", words).ask == Aggregate("total", Field("settlement"))
    assert one("What was the average FY2020 budget of all the projects?", words).ask == Aggregate(
        "average", Field("budget")
    )
    query = one("優先度が5の事業はいくつある?", words)
    assert query.ask == Aggregate("count") and query.filters == (Compare(Field("priority"), "eq", 5),)


def test_a_grand_total_over_a_unit_named_with_a_clipped_word(words):
    query = one("What's the grand total of the FY2020 settled amounts of the science & tech division's projects?", words)
    assert query.ask == Aggregate("total", Field("settlement"))
    assert query.filters == (Member("department", ("政策イノベーション部科学技術振興課",)),)


def test_whether_a_named_project_is_new_asks_its_new_or_continuing(words):
    # 「…事業なんですか」 is the copula asking, not 「なんで」 (why)
    query = one("スマートシティの推進って新しく始めた事業なんですか?", words)
    assert query.ask == Value(Field("new_or_continuing")) and query.projects == ("011",)


@pytest.mark.parametrize(
    ("question", "fields"),
    [("How many partner companies did the special zone project aim for vs actually get in FY2020?",
      ["indicator_target", "indicator_actual"]),  # "aim for" a number: its target, not the project's aim
     ("デジタル情報プラットフォームの事業、進み具合の評価と優先度はそれぞれどうなってますか?", ["progress", "priority"]),
     ("特区推進の事業(092)って期間は決まってるの?", ["period"])],
)  # fmt: skip
def test_the_forms_fields_in_other_words(words, question, fields):
    understood = understand(question, None, words)
    read = [f.field for q in understood.queries for f in measure_fields(q.ask.measure)]
    assert understood.accepted or understood.read_past, understood.unplaced
    assert sorted(dict.fromkeys(read)) == sorted(fields)


def test_an_amount_a_project_has_at_all_is_a_condition_of_nonzero(words):
    query = one("予算がついてる事業のなかで、令和2年度の決算額がいちばん少なかったのってどれですか?", words)
    assert query.ask == Ranking(Field("settlement"), "asc", 1)
    assert query.filters == (Compare(Field("budget"), "nonzero"),)
    assert one("予算がついてない事業はどれ?", words).filters == (Compare(Field("budget"), "zero"),)


@pytest.mark.parametrize(
    ("question", "measure"),
    [  # a share said of one field: the named measure that is a percentage of it
        ("Which project used the smallest share of it's FY2020 budget?", Combine("percent", Field("settlement"), Field("budget"))),
        # the word for the sources beside 一般財源以外 says what it is of
        ("097の一般財源以外の財源はいくら?", Combine("difference", Field("settlement"), Field("general_fund"))),
        # money other than one source: the cost less that source
        ("How much of project 097's FY2020 spending came from money other than the city's own general revenue?",
         Combine("difference", Field("settlement"), Field("general_fund"))),
    ],
)  # fmt: skip
def test_measures_said_of_one_field(words, question, measure):
    assert getattr(one(question, words).ask, "measure", None) == measure


@pytest.mark.parametrize("question", ["how much money is lined up for project 011 in FY2021?",
                                      "how much money is penciled in for project 011 in FY2021?"])
def test_money_lined_up_is_the_budget(words, question):
    assert one(question, words).ask == Value(Field("budget"))


def test_how_much_of_a_field_percentage_wise_is_a_share_of_it(words):
    query = one("how much of its budget did project 010 actually end up spending in FY2020, percentage-wise?", words)
    assert query.ask == Value(Combine("percent", Field("settlement"), Field("budget")))


def test_more_of_the_forms_words(words):
    assert one("人件費が令和2年度いちばん安く済んでる事業はどれですか?", words).ask == Ranking(
        Field("personnel_cost_total"), "asc", 1)
    assert one("ロボットの街つくば推進事業の優先順位の評価は何点?", words).ask == Value(Field("priority"))


def test_multi_part_questions_are_split_and_each_part_read(words):
    understood = understand("事業097の令和2年度の予算額は?あと優先度は?", None, words)
    assert understood.accepted
    assert [q.ask for q in understood.queries] == [Value(Field("budget")), Value(Field("priority"))]
    assert all(q.projects == ("097",) for q in understood.queries)


def test_follow_ups_inherit_only_what_they_leave_out(words):
    history = [{"role": "user", "content": "事業097の令和2年度の予算額は?"}, {"role": "assistant", "content": "…"}]
    elliptical = one("決算額は?", words, history)
    assert (elliptical.projects, elliptical.years, elliptical.ask) == (("097",), ("R02",), Value(Field("settlement")))
    year_only = one("what about R01?", words, history)
    assert (year_only.projects, year_only.years, year_only.ask) == (("097",), ("R01",), Value(Field("budget")))
    own = one("事業095の優先度は?", words, history)
    assert (own.projects, own.years) == (("095",), ())
    attainment = one("令和2年度は目標を達成できた?", words, history)
    assert attainment.ask == Attainment() and attainment.projects == ("097",)


def test_the_year_after_is_counted_from_the_year_asked_before(words):
    history = [{"role": "user", "content": "事業097の令和2年度の予算額は?"}, {"role": "assistant", "content": "…"}]
    for question in ("and the year after?", "その次の年は?"):
        after = one(question, words, history)
        assert (after.projects, after.years, after.ask) == (("097",), ("R03",), Value(Field("budget")))


def test_words_pointing_back_keep_the_projects_of_the_question_before(words):
    history = [{"role": "user", "content": "科学の街推進係の事業はどれ?"}, {"role": "assistant", "content": "…"}]
    total = one("その3つの令和2年度の決算額を合計するといくら?", words, history)
    assert total.filters == (Member("section", ("科学の街推進係",)),)
    assert total.ask == Aggregate("total", Field("settlement"))
    assert one("令和2年度の決算額の合計は?", words).filters == ()  # nothing to point back to


def test_a_word_for_an_item_of_several_cells_asks_each(words):
    # 課題 is printed as two cells (業務, 組織・予算等), 財源内訳 as three: the word alone asks every one.
    issues = understand("事業012の課題は?", None, words)
    assert issues.accepted
    assert [q.ask.measure.field for q in issues.queries] == ["issues_business", "issues_org_budget"]
    history = [{"role": "user", "content": "事業012の進捗状況は何点?"}, {"role": "assistant", "content": "…"}]
    written = understand("じゃあ課題は何て書いてある?", history, words)  # 書いてある: what the cell says, no list
    assert written.queries == issues.queries
    funding = understand("事業093の令和元年度の財源内訳は?", None, words)
    assert [q.ask.measure.field for q in funding.queries] == ["general_fund", "national_prefectural", "other"]


def test_a_number_in_thousand_yen_is_read_in_the_sheets_unit(words):
    query = one("Which projects spent 5,000 thousand yen or more in FY2020?", words)
    assert query.filters == (Compare(Field("settlement"), "ge", 5000),)


@pytest.mark.parametrize(
    ("question", "years"),
    [("What was project 092's settlement in 2019?", ("R01",)), ("事業092の2019年の決算額は?", ("R01",)),
     ("Which projects settled more than 2019 thousand yen in FY2020?", ("R02",))],
)  # fmt: skip
def test_a_western_year_is_a_year_and_a_figure_is_not(words, question, years):
    assert one(question, words).years == years


def test_a_name_run_through_a_generic_word_names_the_project(words):
    # 特区 alone is two characters; 特区推進 runs on through 推進 in 国際戦略総合特区推進事業 alone.
    assert one("特区推進の市民ニーズは何点?", words).projects == ("092",)
    assert not understand("推進事業の市民ニーズは何点?", None, words).accepted  # generic words alone name none


def test_belonging_verbs_read_as_membership(words):
    query = one("SDGsの9に入っていない事業はどれ?", words)
    assert query.filters == (Member("sdgs", (9,), negate=True),)


def test_a_parse_that_does_not_cover_the_question_names_the_words_left_over(words):
    understood = understand("事業097の予算額と天気は?", None, words)
    assert not understood.accepted and "天気" in understood.unplaced
    understood = understand("つくば市の公園整備事業の令和2年度予算はいくら?", None, words)
    assert not understood.accepted and {"公園", "整備"} <= set(understood.unplaced)


def test_a_value_word_of_two_fields_is_not_guessed(words):
    # 新規・継続 or 方向性? Neither is guessed: each is read, and each answered under its reading
    both = understand("継続の事業はいくつある?", None, words)
    assert both.accepted and [f.field for q in both.queries for f in q.filters] == ["new_or_continuing", "direction"]
    assert one("方向性が継続の事業はいくつある?", words).filters == (Member("direction", ("継続",)),)


def test_a_field_word_of_two_fields_takes_the_one_its_neighbours_point_to(words):
    # 実績 is printed for an indicator's actual and also names the 成果 prose: beside 目標 it is the actual.
    paired = understand("事業095の令和2年度の目標と実績は?", None, words)
    assert paired.accepted and {q.ask.measure.field for q in paired.queries} == {"indicator_target", "indicator_actual"}
    alone = one("事業009はどんな実績があった?", words)
    assert alone.ask.measure == Field("results")


def test_answers_from_the_executor_say_how_they_read_the_question(seed):
    from jimuqa.answering import load_engine
    from jimuqa.answering.engine import answer

    engine = load_engine(seed[0], with_retriever=False)
    result = answer("令和２年度の決算額が多い順に上位3事業を教えて", engine=engine, mode="extractive")
    assert result.reading == "令和2年度の決算額が最も大きい事業を3件"
    assert result.to_json()["reading"] == result.reading
    assert result.text.startswith("質問の読み取り: ") and "50,000" in result.text
    assert {(c.sheet, c.section) for c in result.citations} == {("012", "costs"), ("095", "costs"), ("092", "costs")}
    english = answer("What was the FY2020 budget for project 097?", engine=engine, mode="extractive")
    assert english.text.startswith("How I read the question:") and "6,954" in english.text
    # Not read whole: the planner answers, as before, with no reading.
    assert answer("ロボットの事業の評判はどう？", engine=engine, mode="extractive").reading is None


def test_names_of_another_corpus_need_no_new_words(tmp_path):
    from jimuqa.bench.generate import generate, read_truth

    corpus = generate(12, seed=7, out_dir=tmp_path / "corpus")
    _, db = _table(corpus, tmp_path / "data")
    try:
        words = Words.from_db(db)
        sheets = db.execute("SELECT number, name FROM sheets").fetchall()
        assert len(sheets) == len(read_truth(corpus))
        for number, name in sheets:
            query = one(f"{name}の令和2年度の予算額は?", words)
            assert query.projects == (number,) and query.ask == Value(Field("budget"))
            assert one(f"事業{number}の優先度は?", words).projects == (number,)
    finally:
        db.close()


EXECUTION = Combine("percent", Field("settlement"), Field("budget"))


def test_a_number_after_a_named_measure_is_compared_with_it(words):
    query = one("令和2年度の執行率が50%未満の事業は?", words)
    assert query.filters == (Compare(EXECUTION, "lt", 50),)
    same = one("令和2年度に予算額と決算額が同額（執行率100%）だった事業は?", words)  # 同額, said again in brackets
    assert same.filters == (Compare(EXECUTION, "eq", 100),)


def test_each_named_measure_is_asked_and_its_formula_in_brackets_is_not_asked_again(words):
    understood = understand("事業096の令和2年度の執行率（決算÷予算）と不用額（予算−決算）は?", None, words)
    assert [q.ask.measure for q in understood.queries] == [
        EXECUTION, Combine("difference", Field("budget"), Field("settlement"))
    ]


def test_a_comparison_word_after_the_numbers_unit_applies(words):
    query = one("令和2年度の正職員時間外勤務が200時間を超えている事業はどれ?", words)
    assert query.filters == (Compare(Field("overtime_hours"), "gt", 200),)


@pytest.mark.parametrize(
    ("question", "op"),
    [("令和2年度の人件費計が決算額を下回っている事業は?", "lt"),
     ("Which projects had a personnel cost greater than their settled amount in FY2020?", "gt")],
)  # fmt: skip
def test_two_fields_compared_without_a_number_compare_their_difference_with_0(words, question, op):
    difference = Combine("difference", Field("personnel_cost_total"), Field("settlement"))
    assert one(question, words).filters == (Compare(difference, op, 0),)


def test_a_value_other_than_is_its_negation(words):
    assert one("方向性が「継続」以外の事業は?", words).filters == (Member("direction", ("継続",), negate=True),)


def test_words_pointing_back_keep_the_condition_of_the_list_before(words):
    history = [{"role": "user", "content": "SDGsの目標8に関わっている事業はどれ?"}, {"role": "assistant", "content": "…"}]
    top = one("その中で令和2年度の決算額が一番多いのは?", words, history)
    assert top.filters == (Member("sdgs", (8,)),) and top.ask == Ranking(Field("settlement"))


@pytest.mark.parametrize(
    "question", ["Which projects are not linked to SDG 9?", "Are there any projects that aren't linked to SDG 9?",
                 "SDGsの9に入っていない事業は？"],
)  # fmt: skip
def test_a_negation_before_the_field_of_its_condition_turns_it_round(words, question):
    assert one(question, words).filters == (Member("sdgs", (9,), negate=True),)


def test_the_last_word_of_a_topic_naming_a_project_is_the_noun_its_name_describes(words):
    query = one("For the robot promotion squad, what was the FY2020 budget?", words)
    assert query.projects == ("097",) and query.ask == Value(Field("budget"))


@pytest.mark.parametrize("question", ["Who can apply to the robot project?", "Who is eligible for the robot project?",
                                      "ロボットの事業は誰が使えるの？"])
def test_who_may_get_or_use_a_project_asks_whom_it_serves(words, question):
    query = one(question, words)
    assert query.projects == ("097",) and query.ask == Value(Field("target"))


def test_words_one_name_and_another_sheets_team_hold_ask_of_both_the_named_first(words):
    # 011 is スマートシティの推進; 012's team is (スマートシティ戦略室): both asked of, in one reading
    understood = understand("スマートシティの事業って何を目指してるの？対象は誰？", None, words)
    assert understood.accepted
    assert [(q.ask, q.projects) for q in understood.queries] == [(Value(Field("purpose")), ("011", "012")),
                                                                 (Value(Field("target")), ("011", "012"))]  # fmt: skip
    # a word left that neither sheet holds says nothing of which (結局: in the end)
    understood = understand("スマートシティの事業って結局なにを目指してるの？", None, words)
    assert [q.projects for q in understood.queries] == [("011", "012")], understood.queries


def test_money_from_a_source_is_the_source_s_field_and_its_examples_are_no_ask(words):
    query = one("令和2年度に国や県からのお金（補助金とか）が入ってた事業はどれ？", words)
    assert query.filters == (Compare(Field("national_prefectural"), "nonzero"),) and query.ask == Listing(None)


def test_a_total_after_a_list_of_those_having_an_amount_is_of_that_amount(words):
    queries = understand("令和2年度に国や県からのお金(国庫・県支出金とか)が入ってた事業はどれ?全部でいくら?", None, words).queries
    assert [q.ask for q in queries] == [Listing(None), Aggregate("total", Field("national_prefectural"))]
    assert {q.filters for q in queries} == {(Compare(Field("national_prefectural"), "nonzero"),)}


def test_falls_under_in_japanese_is_accounted_for(words):
    query = one("SDGsの「住み続けられるまちづくり」に当てはまる事業はいくつある？", words)
    assert query.filters == (Member("sdgs", (11,)),) and query.ask == Aggregate("count")


@pytest.mark.parametrize("question", ["And which ones aren't?", "そうじゃないのは？"])
def test_which_ones_not_after_conditions_lists_those_failing_the_last_condition(words, question):
    history = [{"role": "user", "content": "担当が科学の街推進係で、SDGsの9に関わる事業はいくつ？"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    query = one(question, words, history)
    assert query.ask == Listing(None)
    assert query.filters == (Member("section", ("科学の街推進係",)), Member("sdgs", (9,), negate=True))


def test_a_year_asked_as_its_own_topic_before_another_part_asks_what_was_asked_before(words):
    history = [{"role": "user", "content": "ロボットの事業の令和2年度の決算額は？"}, {"role": "assistant", "content": "…"}]
    queries = understand("じゃあ令和元年度は？そのうち一般財源は？", history, words).queries
    assert [(q.ask, q.years) for q in queries] == [(Value(Field("settlement")), ("R01",)),
                                                   (Value(Field("general_fund")), ("R01",))]  # fmt: skip


def test_a_clause_before_project_naming_one_describes_it_in_its_other_words(words):
    # 使った is no 決算額 and 製品 no indicator here: what the project named by 近未来技術 does; 以降: on from that year
    query = one("近未来技術を使った製品の導入を後押しする事業って、来年度以降も続くの?", words)
    assert query.projects == ("010",) and query.ask == Value(Field("direction"))


def test_among_projects_that_had_an_amount_another_is_ranked(words):
    query = one("Among the projects that had a project budget in FY2020, which one actually spent the least?", words)
    assert query.filters == (Compare(Field("budget"), "nonzero"),)
    assert query.ask == Ranking(Field("settlement"), "asc", 1) and query.years == ("R02",)


def test_two_superlatives_one_saying_least_ask_both_ends(words):
    # the most is said by the verb of spending alone
    queries = understand("令和2年度にいちばんお金を使ったのと、いちばん少なかったのはどれ？", None, words).queries
    assert [q.ask for q in queries] == [Ranking(Field("settlement"), "desc", 1), Ranking(Field("settlement"), "asc", 1)]


def test_a_money_word_after_its_source_is_the_source_s_field(words):
    assert one("097の令和2年度の国や県からの支出金は？", words).ask == Value(Field("national_prefectural"))


def test_best_and_a_number_is_a_ranking_of_that_many(words):
    query = one("令和2年度の人件費が多い事業ベスト3を教えて", words)
    assert query.ask == Ranking(Field("personnel_cost_total"), "desc", 3)


def test_what_a_project_aims_at_is_its_purpose(words):
    assert one("011って何を目指してるの？", words).ask == Value(Field("purpose"))


def test_together_with_says_with_whom_not_a_total(words):
    from jimuqa.answering.understand import read_parts

    together = read_parts("What did the robot and the special zone projects cost together in FY2020?", words)
    assert together.of("aggregate")
    along = read_parts("What was the FY2020 budget of the special zone project the city runs together with TGI?", words)
    assert not along.of("aggregate")


def test_a_negation_reaches_its_condition_across_a_verb_and_the_condition_s_field(words):
    # the distance is from the negation to where the condition begins (its field), not to its value
    query = one("Which projects didn't rate their progress as going according to plan?", words)
    assert query.filters == (Member("progress", (4,), negate=True),)


def test_a_change_from_one_year_said_is_to_the_sheets_year(words):
    query = one("ロボットの街つくば推進事業の決算額は前年度から何％減った？", words)
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    assert query.ask == Value(Combine("percent", change, Field("settlement", "R01"))) and query.projects == ("097",)


def test_a_follow_up_asking_for_a_change_keeps_the_project_and_its_figure(words):
    history = [{"role": "user", "content": "科学教育推進事業の令和2年度の決算額は？"}, {"role": "assistant", "content": "…"}]
    query = one("前の年と比べて何パーセント減った？", words, history)
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    assert query.ask == Value(Combine("percent", change, Field("settlement", "R01"))) and query.projects == ("095",)


@pytest.mark.parametrize("question", ["What was the settled amount of project 097 in fiscal 2020?",
                                      "What was the settled amount of project 097 in fiscal year 2020?"])  # fmt: skip
def test_fiscal_before_a_western_year_is_part_of_the_year(words, question):
    query = one(question, words)
    assert query.years == ("R02",) and query.projects == ("097",)


def test_an_sdg_named_by_its_goals_printed_words(words, seed):
    _, db, _ = seed
    goal, label = db.execute("SELECT goal, label FROM sdgs ORDER BY goal LIMIT 1").fetchone()
    words_of_goal = label.lstrip("0123456789")  # the goal as printed, without its number
    query = one(f"SDGsの「{words_of_goal}」に関わる事業はいくつある？", words)
    assert query.filters == (Member("sdgs", (goal,)),)


def test_going_up_between_two_years_is_a_change(words):
    query = one("By what percentage did the settled amount of project 097 go up from fiscal 2019 to fiscal 2020?", words)
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    assert query.ask == Value(Combine("percent", change, Field("settlement", "R01")))


@pytest.mark.parametrize("bounds", [("since", "up to"), ("from", "until"), ("since", "through")])
def test_the_words_bounding_a_span_of_years_are_read_with_the_years(words, bounds):
    since, until = bounds
    query = one(
        f"Has the settled amount of project 097 gone up {since} FY2019? By how much in percent {until} FY2020?", words
    )
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    assert query.ask == Value(Combine("percent", change, Field("settlement", "R01")))


@pytest.mark.parametrize(
    "question", ["Which project is not tied to SDG 9 (industry, innovation and infrastructure)?",
                 "SDGsの9（産業と技術革新の基盤をつくろう）に入っていない事業は？"],
)  # fmt: skip
def test_an_sdg_glossed_by_its_title_is_one_condition(words, question):
    assert one(question, words).filters == (Member("sdgs", (9,), negate=True),)


@pytest.mark.parametrize(
    "question", ["What share of its FY2020 budget did project 097 actually spend?",
                 "What percentage of the FY2020 budget of project 097 was spent?",
                 "事業097の令和2年度の予算に対する決算の割合は？"],
)  # fmt: skip
def test_the_field_a_share_is_of_is_the_divisor(words, question):
    query = one(question, words)
    assert query.ask == Value(Combine("percent", Field("settlement"), Field("budget"))) and query.years == ("R02",)


def test_a_share_of_one_field_said_first_is_divided_by_the_second(words):
    query = one("What was the FY2020 budget of project 097 as a percentage of its settled amount?", words)
    assert query.ask == Value(Combine("percent", Field("budget"), Field("settlement")))


@pytest.mark.parametrize("verb", ["jump", "fall between", "increase", "decline"])
def test_english_verbs_of_change_between_two_years(words, verb):
    query = one(f"By what percentage did the settled amount of project 097 {verb} FY2019 and FY2020?".replace(
        f"{verb} FY2019", f"{verb} from FY2019 to" if verb != "fall between" else "fall between FY2019"), words)
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    assert query.ask == Value(Combine("percent", change, Field("settlement", "R01")))


def test_a_count_in_all_is_a_count_not_a_total(words):
    assert one("方向性が継続の事業は全部でいくつ？", words).ask == Aggregate("count", of="project")
    assert one("How many projects are tied to SDG 9 in total?", words).ask == Aggregate("count", of="project")


def test_the_city_doing_something_is_no_field_asked(words):
    query = one("How much did the city spend on project 097 in FY2020?", words)
    assert query.ask == Value(Field("settlement")) and query.projects == ("097",)
    assert one("Which city runs project 097?", words).ask == Value(Field("city"))


def test_the_citys_possessive_and_a_hedge_leave_a_change_between_two_years_read(words):
    # "the city's …" is the city, "seems to" a hedge, "than in FY2019" the year compared with
    query = one("The city's spending on project 097 seems to have jumped. How much more was settled in FY2020 than in "
                "FY2019, in percent?", words)  # fmt: skip
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    assert query.ask == Value(Combine("percent", change, Field("settlement", "R01"))) and query.projects == ("097",)


def test_should_inside_a_noun_phrase_is_no_word_left(words):
    understood = understand("ロボットの街つくば推進事業で今後取り組むべき課題は？", None, words)
    assert "す" not in understood.unplaced and "べき" not in understood.unplaced
    understood = understand("ロボットの街つくば推進事業で今後対応すべき課題は？", None, words)
    assert "す" not in understood.unplaced  # 対応す・べき: する's old form, a function word


def test_which_kind_of_project_names_the_unit_that_runs_them(words, seed):
    _, db, _ = seed
    (department,) = {r[0] for r in db.execute("SELECT department FROM sheets")}
    for question in ("Which science and technology project spent the most money in FY2020?",
                     "What's the combined FY2020 budget of all ten science and technology projects?"):  # fmt: skip
        query = one(question, words)
        assert query.filters == (Member("department", (department,)),) and query.projects == ()


def test_a_units_name_before_the_word_project_is_no_description_of_one(words):
    understood = understand("科学技術振興課の事業で、令和2年度決算額が多い順にトップ3を教えて。", None, words)
    assert "振興課" not in [p.value for parse in understood.parses for p in parse.of("project")]
    assert all(not q.projects for q in understood.queries)  # never a top 3 among one project


def test_an_indicators_attainment_rate_is_a_measure(words):
    query = one("令和2年度の指標の達成率が一番高い事業は？", words)
    rate = Combine("percent", Field("indicator_actual"), Field("indicator_target"))
    assert query.ask == Ranking(rate, "desc", 1) and query.years == ("R02",)


def test_a_year_said_twice_is_one_year(words):
    assert one("今年度（令和2年度）の予算が一番大きい事業は？", words).years == ("R02",)


def test_which_with_a_number_word_asks_for_that_many(words):
    query = one("Which three projects had the biggest budgets in FY2020?", words)
    assert query.ask == Ranking(Field("budget"), "desc", 3)


def test_a_western_year_before_a_comma_is_a_year(words):
    # ", and how much …" asks a second thing: each part its year, the second of the project the first named
    understood = understand("How much was budgeted for project 012 in 2020, and how much is planned for 2021?", [], words)
    assert understood.accepted and [q.years for q in understood.queries] == [("R02",), ("R03",)]
    assert {q.projects for q in understood.queries} == {("012",)}


def test_of_two_indicators_of_one_name_the_first_is_read(words, seed):
    _, db, _ = seed
    sql = "SELECT i.no FROM indicators i JOIN sheets s ON s.id = i.sheet_id WHERE s.number = '092' ORDER BY i.no"
    first = db.execute(sql).fetchone()[0]
    query = one("How many companies were working with the city through the international strategic special zone "
                "program as of fiscal 2020?", words)  # fmt: skip
    assert query.projects == ("092",) and query.ask.measure.indicator == first


def test_citizen_demand_is_citizen_needs(words):
    query = one("On average, how did the city rate citizen demand across these ten projects?", words)
    assert query.ask == Aggregate("average", Field("citizen_needs"))


def test_the_citys_own_word_owning_a_kind_of_project_names_none(words, seed):
    _, db, _ = seed
    (department,) = {r[0] for r in db.execute("SELECT department FROM sheets")}
    query = one("If you add up all ten of the city's science and technology projects, how much was actually spent "
                "in fiscal 2020?", words)  # fmt: skip
    assert query.filters == (Member("department", (department,)),) and query.projects == ()


def test_an_era_year_in_romaji_is_a_year(words):
    query = one("What was the settled amount of project 097 in Reiwa 2?", words)
    assert query.years == ("R02",)


def test_an_amount_said_again_in_brackets_is_one_amount(words):
    query = one("令和2年度の決算額が5,000千円（500万円）を超える事業は？", words)
    assert query.filters == (Compare(Field("settlement"), "gt", 5000),)


def test_a_field_word_right_before_another_says_whose_it_is_where_one_figure_is_ranked(words):
    query = one("Which project had the most staff overtime in FY2020?", words)
    assert query.ask == Ranking(Field("overtime_hours"), "desc", 1)
    # where figures are asked, not ranked, each word's figure is given ("regular-staff allocation and overtime")
    understood = understand("What was the staff overtime of the robot project in FY2020?", [], words)
    assert {q.ask.measure.field for q in understood.queries} == {"staff_ratio", "overtime_hours"}


def test_spending_on_staff_is_the_personnel_cost_and_the_ten_projects_restate_the_scope(words):
    query = one("On average, how much did each of the ten science and technology projects spend on staff in fiscal 2020?", words)
    assert query.ask == Aggregate("average", Field("personnel_cost_total")) and query.years == ("R02",)


def test_the_scores_of_a_project_are_its_evaluation_fields(words):
    understood = understand("スマートシティの推進の評価点を教えて。", [], words)
    assert understood.accepted
    assert [q.ask for q in understood.queries] == [Value(Field(k)) for k in ("citizen_needs", "progress",
                                                                            "city_involvement", "priority")]


def test_another_project_named_alone_is_asked_what_the_last_message_asked(words):
    history = [{"role": "user", "content": "スマートシティの推進の評価点を教えて。"}, {"role": "assistant", "content": "…"}]
    understood = understand("デジタル情報プラットフォームのほうは?", history, words)
    assert understood.accepted and len(understood.queries) == 4
    assert {q.projects for q in understood.queries} == {("012",)}


def test_how_much_in_a_follow_up_is_a_figure_of_the_project_before(words):
    history = [{"role": "user", "content": "ロボットの街つくば推進事業の令和2年度の予算額は?"}, {"role": "assistant", "content": "…"}]
    query = one("人件費はどれくらいかかった?", words, history)
    assert query.ask == Value(Field("personnel_cost_total")) and query.projects == ("097",)


def test_a_value_said_recorded_of_a_named_project_is_that_value(words):
    query = one("What was the budget recorded for the robot project in FY2020?", words)
    assert query.ask == Value(Field("budget")) and query.projects == ("097",) and query.years == ("R02",)


def test_what_a_project_is_trying_to_achieve_is_its_purpose(words):
    query = one("What is the smart city project ultimately trying to achieve?", words)
    assert query.ask == Value(Field("purpose")) and query.projects == ("011",)


def test_each_field_said_with_its_own_year_is_read_in_that_year(words):
    understood = understand("スマートシティ推進事業について、令和3年度の予算額と、令和2年度の人件費を教えてください。", [], words)
    assert understood.accepted
    assert [q.ask for q in understood.queries] == [Value(Field("budget", "R03")), Value(Field("personnel_cost_total", "R02"))]
    assert {q.projects for q in understood.queries} == {("011",)}  # a name said without its の


def test_a_unit_is_named_without_its_office(words):
    query = one("科学技術振興課の事業の令和2年度の人件費の合計は?", words)
    assert query.ask == Aggregate("total", Field("personnel_cost_total"))
    assert query.filters == (Member("department", ("政策イノベーション部科学技術振興課",)),)


def test_an_average_after_a_total_is_of_the_same_projects(words):
    history = [{"role": "user", "content": "科学技術振興課の10事業、令和2年度の人件費を全部足すといくら？"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    query = one("じゃあ1事業あたりの平均は？", words, history)
    assert query.ask == Aggregate("average", Field("personnel_cost_total")) and query.years == ("R02",)
    assert query.filters == (Member("department", ("政策イノベーション部科学技術振興課",)),)


def test_a_percentage_asked_after_a_change_is_of_that_change(words):
    understood = understand("科学教育の事業、令和元年度から2年度で決算額はどれくらい減った？何％減？", [], words)
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    assert understood.accepted and [(q.ask, q.projects) for q in understood.queries] == [(Value(change), ("095",))]


def test_an_indicator_of_the_project_before_is_asked_of_it(words):
    history = [{"role": "user", "content": "How many experiments did project 009 support in FY2020?"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    understood = understand("What was its application target that year, and how many applications came in?", history, words)
    assert understood.accepted
    assert [q.ask for q in understood.queries] == [Value(Field("indicator_target", indicator=1)),
                                                   Value(Field("indicator_actual", indicator=1))]  # fmt: skip
    assert {(q.projects, q.years) for q in understood.queries} == {(("009",), ("R02",))}


def test_fewer_than_one_person_is_a_comparison_with_its_counter(words):
    query = one("令和2年度の正職員の従事割合が1人に満たない事業はいくつある？", words)
    assert query.ask == Aggregate("count") and query.filters == (Compare(Field("staff_ratio"), "lt", 1),)


def test_being_related_to_a_goal_and_a_figure_are_two_conditions(words):
    query = one("SDGsの8番（働きがいも経済成長も）に関係していて、しかも令和2年度の決算が4,000千円以上の事業は？", words)
    assert query.filters == (Member("sdgs", (8,)), Compare(Field("settlement"), "ge", 4000))


def test_what_is_not_going_well_is_a_projects_issues(words):
    understood = understand("未来共創プロジェクトがうまくいってない点って何？", [], words)
    assert understood.accepted and {q.ask.measure.field for q in understood.queries} == {"issues_business",
                                                                                         "issues_org_budget"}


def test_planning_to_do_something_asks_for_no_planning_field(words):
    query = one("What is the science education program planning to improve going forward?", words)
    assert query.ask == Value(Field("improvement_goal")) and query.projects == ("095",)


def test_a_total_of_each_field_over_the_projects_named(words):
    understood = understand("スマートシティ関係の2事業（スマートシティの推進とデジタル情報プラットフォーム）について、"
                            "R2決算の合計とR3予算の合計をそれぞれ教えて。", [], words)  # fmt: skip
    assert understood.accepted
    assert [q.ask for q in understood.queries] == [Aggregate("total", Field("settlement", "R02")),
                                                   Aggregate("total", Field("budget", "R03"))]  # fmt: skip
    assert {frozenset(q.projects) for q in understood.queries} == {frozenset({"011", "012"})}


def test_the_citys_own_name_asks_for_nothing(words):
    query = one("What is the purpose of the robot project in Tsukuba?", words)
    assert query.ask == Value(Field("purpose")) and query.projects == ("097",)


def test_the_year_before_said_with_the_year_itself_is_that_year(words):
    query = one("科学教育の事業、決算額は前の年度（R1）と比べてどれくらい減った？", words)
    assert query.ask == Value(Combine("difference", Field("settlement", "R02"), Field("settlement", "R01")))


def test_the_state_and_the_prefecture_said_together(words):
    history = [{"role": "user", "content": "ロボットの街つくばの事業、令和2年度は実際いくら使ったの？"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    understood = understand("そのうち国とか県から出てるお金はどれくらい？", history, words)
    assert understood.accepted and Value(Field("national_prefectural")) in [q.ask for q in understood.queries]


def test_a_total_said_twice_of_one_measure_is_one_total(words):
    query = one("If you add up the FY2020 actual spending (settled amounts) of all ten projects, what's the total?", words)
    assert query.ask == Aggregate("total", Field("settlement")) and query.years == ("R02",)


def test_results_said_with_a_year_are_the_indicators_figures_unless_an_account_is_asked(words):
    query = one("Society 5.0社会実装トライアル支援事業の令和元年度の実績は？", words)
    assert query.ask.measure.field == "indicator_actual" and query.years == ("R01",)
    query = one("未来共創プロジェクトは令和2年度にどんな実績があった?", words)
    assert query.ask == Value(Field("results"))


def test_a_later_part_asking_for_another_year_asks_every_figure_again(words):
    understood = understand("How many staff (FTE) and overtime hours did the smart city project use in FY2020, and what "
                            "is planned for FY2021?", [], words)  # fmt: skip
    asked = {(q.ask.measure.field, q.years) for q in understood.queries}
    assert understood.accepted and asked == {(f, (y,)) for f in ("staff_ratio", "overtime_hours") for y in ("R02", "R03")}


def test_together_with_is_no_total(words):
    understood = understand("未来共創プロジェクトとSociety 5.0社会実装トライアル支援事業の令和2年度の指標実績を、目標値とあわせて"
                            "それぞれ教えてください。", [], words)  # fmt: skip
    assert understood.accepted and {q.ask for q in understood.queries} == {Value(Field("indicator_actual")),
                                                                            Value(Field("indicator_target"))}


def test_a_total_of_rates_is_read_as_a_total_of_the_rate(words):
    # 「全部合わせると何％増えた」 asks the change of the total: a total of the rate, which the executor computes as
    # the rate of the totals (never a sum of each project's percentage: tests/test_execute.py)
    understood = understand("科学技術振興課の決算額を全部合わせると、令和元年度から令和2年度で何％増えた？", [], words)
    (query,) = understood.queries
    assert query.ask.op == "total" and query.ask.measure.op == "percent" and is_change(query.ask.measure.left)
    total = one("科学技術振興課の令和2年度の決算額を全部合わせるといくら？", words)
    assert total.ask == Aggregate("total", Field("settlement"))  # a total of amounts still is


def test_all_together_asks_a_total(words):
    query = one("All together, how much did the robot project and the smart city project spend in FY2020?", words)
    assert query.ask == Aggregate("total", Field("settlement")) and set(query.projects) == {"097", "011"}


def test_after_that_is_no_second_question():
    # 「そのあと」 is "after that", not 「あと」 ("and also") that starts a second question
    assert split("いつ廃止になって、そのあと地域の足はどうなってるんですか？") == ["いつ廃止になって、そのあと地域の足はどうなってるんですか？"]
    assert split("097の予算は？あと決算額も") == ["097の予算は？", "決算額も"]


def test_an_amount_asked_of_a_word_not_read_is_no_list_of_projects(words):
    # 「年収」 is not read: what is left, 「科学技術振興課の…」, would list the division's projects, which answers no
    # 「いくら」; the word is not read past
    understood = understand("科学技術振興課の課長の年収っていくら？", [], words)
    assert not understood.accepted and not understood.read_past
    assert not any(isinstance(q.ask, Listing) for q in understood.queries)


def test_two_figures_in_different_units_add_up_to_no_measure(words):
    # yen and hours have no sum: "the budget plus the overtime" is not read as one
    understood = understand("Which project had the largest budget plus overtime hours in FY2020?", [], words)
    assert not any(isinstance(getattr(q.ask, "measure", None), Combine) for q in understood.queries)
    summed = one("Which project had the largest budget plus personnel costs in FY2020?", words)
    assert summed.ask.measure == Combine("sum", Field("budget"), Field("personnel_cost_total"))


def test_paid_for_beside_one_of_its_sources_asks_that_source(words):
    # "paid for" names every funding row; with one of them said, that one is asked
    query = one("How much of the robot project was paid for with national and prefectural subsidies in FY2020?", words)
    assert query.ask == Value(Field("national_prefectural")) and query.projects == ("097",)


def test_a_follow_up_is_about_the_project_the_answer_named():
    from jimuqa.answering.query import Query
    from jimuqa.answering.reader import _answered_about

    asked = Query(Value(Field("settlement")), ("011",), years=("R02",))
    words = type("W", (), {"numbers": {"011", "012"}})()
    # the answer named another project than the one the question was read as (found by meaning): it is the one
    assert _answered_about(asked, "012 デジタル情報プラットフォームの決算額は50,000千円です。", words).projects == ("012",)
    assert _answered_about(asked, "011 スマートシティの推進の決算額は3,000千円です。", words).projects == ("011",)


def test_what_a_count_counts_may_be_a_word_left(words):
    # "kids" is not read: a count of the projects the rest names is not what "how many kids" asks (reader: not read
    # past); nor is a count of people (何人)
    from jimuqa.answering.reader import _counts_a_word_left
    from jimuqa.answering.understand import read_parts

    assert _counts_a_word_left(read_parts("How many kids were covered by school lunches in FY2020?", words))
    assert _counts_a_word_left(read_parts("科学技術振興課は令和2年度に何人集めた？", words))
    assert not _counts_a_word_left(read_parts("How many projects does the division run?", words))


def test_an_opening_that_asks_nothing_is_not_part_of_the_question(words):
    # "Hm." before a follow-up: the follow-up's "And …" starts what is asked
    from jimuqa.answering.reader import without_opening

    assert without_opening("Hm. And in FY2019, which ones fell short?", words) == "And in FY2019, which ones fell short?"
    assert without_opening("なるほど。じゃあ令和元年度は？", words) == "じゃあ令和元年度は？"
    assert without_opening("097の予算は? 決算額は?", words) == "097の予算は? 決算額は?"


def test_a_word_a_question_word_asks_of_is_not_read_past(words):
    # 「何が問題」: 問題 is what is asked; the project's money the rest names answers nothing of it
    understood = understand("ロボットの事業にお金を出してるけど、何が問題になってるの？", [], words)
    assert not understood.accepted and not understood.read_past


def test_a_follow_up_is_about_the_project_the_answer_named_by_its_name(words):
    # the reply names the project by its whole name, not its number: the follow-up is of it
    history = [{"role": "user", "content": "街中で新しい機械の実験をしてる事業の予算は？"},
               {"role": "assistant", "content": "ロボットの街つくば推進事業の予算額は6,954千円です。"}]  # fmt: skip
    assert one("その前の年は？", words, history).projects == ("097",)


@pytest.mark.parametrize("question", ["095の予算を教えてもらえますか", "095の予算を教えてもらえる？"])
def test_a_verb_helping_the_one_before_it_asks_nothing_more(words, question):
    # もらえる, くれる, みる after a て say who benefits or how, not what is asked
    assert one(question, words) == one("095の予算は?", words)


def test_a_word_in_kana_is_read_only_as_a_whole_word(words):
    from jimuqa.answering.understand import read_parts

    # 「いくつ」 across 「直していく・つもり」 is no count, 「なんで」 in 「なんでしょう」 no "why"
    parse = read_parts("未来共創プロジェクト、今後どこを直していくつもりなんでしょう？", words)
    assert not parse.of("aggregate") and "reason" not in {p.value for p in parse.of("field")}
    assert "reason" not in {p.value for p in read_parts("095の目的はなんでしょうか", words).of("field")}
    # a verb's stem is read into its word (「いくらかか」 in 「いくら・かかっ・てる」), as is its て said with いる
    total = one("科学技術振興課の事業、全部合わせると令和2年度はいくらかかってる？", words)
    assert total.ask == Aggregate("total", Field("settlement")) and total.years == ("R02",)


def test_an_intent_said_asks_nothing_more(words):
    # 「つもり」 says what is intended; 「今後」 asks the project's direction
    assert one("095は今後どうしていくつもりなの?", words) == one("095の今後は?", words)


def test_a_counter_ending_a_noun_is_no_unit(words):
    from jimuqa.answering.understand import read_parts

    # 問題「点」 is a problem, not a score in 点; 何点 is
    assert not read_parts("095の事業で何か問題点はありますか", words).of("unit")
    assert read_parts("095の市民ニーズは何点?", words).of("unit")


@pytest.mark.parametrize("question", ["令和2年度の人件費がいちばんかかってない事業は?", "令和2年度、人件費が一番かからなかった事業はどれ?"])
def test_the_verb_ranked_on_negated_ranks_from_the_other_end(words, question):
    query = one(question, words)
    assert query.ask == Ranking(Field("personnel_cost_total"), "asc", 1) and query.years == ("R02",)


@pytest.mark.parametrize(
    "question",
    ["令和元年度の決算額が前の年より減った事業は？", "Which projects settled less in FY2019 than the year before?"],
)
def test_a_year_said_relative_to_a_year_said_is_counted_from_that_year(words, question):
    [query] = understand(question, [], words).queries
    fall = Combine("difference", Field("settlement", "R01"), Field("settlement", "H30"))
    assert Compare(fall, "lt", 0) in query.filters


def test_a_field_said_right_after_its_comparison_is_what_is_compared(words):
    [query] = understand("令和2年度に500万円を超えて決算額があった事業は？", [], words).queries
    assert query.filters == (Compare(Field("settlement"), "gt", 5000),)


def test_a_reversal_asks_the_ranking_before_the_other_way_over_the_same_projects(words):
    before = "方向性が継続の事業で、令和2年度の決算額が最も大きいのは？"
    [first] = understand(before, [], words).queries
    history = [{"role": "user", "content": before}, {"role": "assistant", "content": "…"}]
    [query] = understand("逆に、決算額が一番小さいのは？", history, words).queries
    assert query.ask.direction == "asc" and query.filters == first.filters and query.years == ("R02",)


def test_a_share_said_with_how_it_is_computed_is_a_percentage(words):
    question = "which project used the smallest share of its budget in 2020 (actual spend divided by budget)?"
    [query] = understand(question, [], words).queries
    assert query.ask.measure == Combine("percent", Field("settlement"), Field("budget"))


def test_budget_left_unused_is_the_unspent_amount(words):
    [query] = understand("令和2年度、予算を使い切れずに残った分って、課全体で合計いくらありました？", [], words).queries
    assert query.ask.op == "total" and query.ask.measure == Combine("difference", Field("budget"), Field("settlement"))


def test_money_from_outside_a_source_is_the_cost_less_that_source(words):
    question = "Which project relied most on money from outside the city's general fund in FY2020?"
    [query] = understand(question, [], words).queries
    assert query.ask.direction == "desc"
    assert query.ask.measure == Combine("difference", Field("settlement"), Field("general_fund"))


@pytest.mark.parametrize("question", ["令和2年度に一般財源を使っていない事業は？", "Which projects used no general fund in FY2020?"])
def test_a_source_not_used_is_zero(words, question):
    [query] = understand(question, [], words).queries
    assert query.filters == (Compare(Field("general_fund"), "zero"),)


def test_a_bracketed_condition_after_the_question_is_one_of_its_conditions(words):
    [query] = understand("令和2年度に一般財源を使っていない事業は？（決算額がゼロのは除いて）", [], words).queries
    assert set(query.filters) == {Compare(Field("general_fund"), "zero"), Compare(Field("settlement"), "nonzero")}


def test_money_come_in_from_other_sources_is_a_nonzero_condition_on_the_named_measure(words):
    question = "令和2年度に市の一般財源以外のお金（国・県のお金やその他）が入ってた事業を教えてください"
    [query] = understand(question, [], words).queries
    other = Combine("difference", Field("settlement"), Field("general_fund"))
    assert query.filters == (Compare(other, "nonzero"),)
    [query] = understand("令和2年度に国のお金が入ってた事業は？", [], words).queries
    assert query.filters == (Compare(Field("national_prefectural"), "nonzero"),)


def test_not_a_yen_in_is_zero(words):
    [query] = understand("令和2年度に一般財源が一円も入ってない事業は？", [], words).queries
    assert query.filters == (Compare(Field("general_fund"), "zero"),)


@pytest.mark.parametrize(("question", "direction"), [("Which project was the most expensive in FY2020?", "desc"),
                                                     ("Which project was the cheapest in FY2020?", "asc")])
def test_a_price_word_ranks_what_projects_cost(words, question, direction):
    [query] = understand(question, [], words).queries
    assert query.ask == Ranking(Field("settlement"), direction, 1)


def test_projects_that_spent_something_have_a_nonzero_cost(words):
    question = "Of the projects that actually spent something in FY2020, which one spent the least?"
    [query] = understand(question, [], words).queries
    assert query.ask.direction == "asc" and query.filters == (Compare(Field("settlement"), "nonzero"),)


@pytest.mark.parametrize(
    "question",
    ["予算と決算の差が2,000千円を超えてた事業ってどれですか？（令和2年度）",
     "Which projects had a gap between budget and settlement of more than 2,000 thousand yen in FY2020?"],
)  # fmt: skip
def test_a_number_compared_with_two_fields_and_their_operation(words, question):
    [query] = understand(question, [], words).queries
    gap = Combine("difference", Field("budget"), Field("settlement"))
    assert query.filters == (Compare(gap, "gt", 2000),) and query.ask == Listing(gap)


def test_per_the_project_is_according_to_it_not_one_each(words):
    parse = understand("How many people got newly hired in 2020, per the acceleration project?", [], words).parses[0]
    assert not any(p.kind == "each" for p in parse.parts)


def test_a_drop_confirmed_with_a_tag_asks_its_percentage(words):
    history = [{"role": "user", "content": "how much did project 096 actually spend in FY2020?"},
               {"role": "assistant", "content": "096's settled amount for FY2020 was 1,270 thousand yen."}]  # fmt: skip
    [query] = understand("that's way down from the year before, right? by how many percent?", history, words).queries
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    assert query.projects == ("096",) and query.ask == Value(Combine("percent", change, Field("settlement", "R01")))


def test_a_place_said_by_its_verb_ranks(words):
    history = [{"role": "user", "content": "令和2年度の決算額が一番大きい事業は？"}, {"role": "assistant", "content": "012です。"}]
    [query] = understand("And which one came second?", history, words).queries
    assert query.ask == Ranking(Field("settlement"), "desc", 2) and query.years == ("R02",)


def test_an_english_number_belongs_to_the_field_of_its_own_clause(words):
    # "4 or more" is nearer "priority" in characters, but "and" begins priority's clause
    query = one("Which projects got a citizen-needs score of 4 or more AND the top priority score of 5?", words)
    assert query.filters == (Compare(Field("citizen_needs"), "ge", 4), Compare(Field("priority"), "eq", 5))


def test_a_goal_glossed_by_the_head_of_its_title_is_that_goal(words):
    # the table prints 「09産業と技術革新の基盤をつくろう」; its head before の says the same goal again
    query = one("SDGsの9番（産業と技術革新）に紐づいてない事業ってある？", words)
    assert query.filters == (Member("sdgs", (9,), negate=True),)


@pytest.mark.parametrize("said", ["より多く", "より多い", "より多かった"])
def test_more_than_in_each_form_of_the_adjective(words, said):
    query = one(f"令和2年度の決算額が10,000千円{said}事業は？", words)
    assert query.filters == (Compare(Field("settlement"), "gt", 10000),)


@pytest.mark.parametrize("question", ["093の令和2年度の決算って、どこのお金でまかなってるの？",
                                      "093の令和2年度の決算って、お金はどこから出てるの？"])  # fmt: skip
def test_which_money_pays_for_it_asks_the_sources(words, question):
    understood = understand(question, [], words)
    asked = {q.ask.measure.field for q in understood.queries}
    assert understood.accepted and {"general_fund", "national_prefectural", "other"} <= asked


@pytest.mark.parametrize(
    ("question", "op"),
    [("Which projects got money from the national government, and how much each?", "nonzero"),
     ("国県支出金がある事業はどれ？", "nonzero"), ("Which projects have no national funding?", "zero"),
     ("Which projects have personnel costs?", "nonzero")],
)  # fmt: skip
def test_a_list_asked_with_one_amount_picks_the_projects_that_have_it(words, question, op):
    query = one(question, words)
    field = query.filters[0].measure
    assert query.filters == (Compare(field, op),) and query.ask == Listing()
    assert field.field in ("national_prefectural", "personnel_cost_total")


def test_worst_and_best_rank_from_either_end(words):
    assert one("Which project has the worst progress rating?", words).ask.direction == "asc"
    assert one("Which project has the best citizen needs score?", words).ask.direction == "desc"


@pytest.mark.parametrize(("said", "value"), [("5,000千円", 5000), ("1万千円", 10000), ("1億円", 100000)])
def test_money_compared_with_no_field_named_is_the_projects_money(words, said, value):
    # the form's money word (決算 on this form): 「…円を超えた事業」 names no field, the amount says money
    query = one(f"令和2年度に{said}を超えた事業はどれ？", words)
    assert query.filters == (Compare(Field("settlement"), "gt", value),) and query.years == ("R02",)



@pytest.mark.parametrize("question", ["Which projects got the highest priority rating, a 5?",
                                      "Which projects got the highest priority rating (5) in the evaluation?",
                                      "優先度でいちばん高い評価(5)がついてる事業、全部おしえてください"])  # fmt: skip
def test_the_top_value_said_after_a_superlative_is_a_condition(words, question):
    query = one(question, words)
    assert query.ask == Listing() and query.filters == (Compare(Field("priority"), "eq", 5),)
    # a number with a counter after the adjective is how many are ranked
    assert one("決算額が一番高い5事業は？", words).ask == Ranking(Field("settlement"), "desc", 5)


def test_a_sections_english_title_beside_one_of_its_fields_is_the_section(words):
    # "in the evaluation" says where 市民ニーズ is printed: no second field to average
    query = one("What is the average citizen needs score in the evaluation?", words)
    assert query.ask == Aggregate("average", Field("citizen_needs"))


def test_the_division_said_as_where_to_look_is_every_project(words):
    # every sheet here is of one 課: "across the division" is where to look, as 「課全体」 is, not a field to average
    query = one("whats the average personnel cost per project across the division in R2?", words)
    assert query.ask == Aggregate("average", Field("personnel_cost_total")) and not query.filters
    asks = [q.ask for q in understand("which division runs 097?", None, words).queries]
    assert asks == [Value(Field("department")), Value(Field("section"))]  # (and its team running it)


def test_the_words_of_a_fields_label_said_apart_are_that_field(words):
    # 正職員従事割合, said in a sentence's order: 「正職員が…従事」
    assert one("009には正職員がどれくらい従事してたの?令和2年度で", words).ask == Value(Field("staff_ratio"))


def test_this_or_that_after_its_verb_points_back_and_alone_does_not():
    from jimuqa.answering.operators import ANAPHORA
    from jimuqa.answering.understand import _en_word

    said = [w for w in ANAPHORA[1] if _en_word(w).search("ok and how many students is that feeding?")]
    assert said == ["is that"]
    assert not [w for w in ANAPHORA[1] if _en_word(w).search("which projects that missed their targets?")]


def test_downsides_are_the_issues_and_revenue_is_the_funding(words):
    downsides = understand("What are the downsides of 095?", None, words)
    assert downsides.accepted
    assert {q.ask.measure.field for q in downsides.queries} == {"issues_business", "issues_org_budget"}
    # 財源: "source of revenue"
    assert one("Which projects were funded from other revenue in FY2020?", words).filters == (
        Compare(Field("other"), "nonzero"),)
    sources = understand("What were 093's revenue sources in FY2020?", None, words)
    assert {q.ask.measure.field for q in sources.queries} == {"general_fund", "national_prefectural", "other"}


@pytest.mark.parametrize(
    ("question", "second"),
    [("which projects spent nothing in R1 but had money in R2?", Field("settlement", year="R02")),
     ("which projects spent nothing in R1 but have a budget in R2?", Field("budget", year="R02")),
     ("令和元年度の決算額がゼロで、令和2年度に予算がついている事業は？", Field("budget", year="R02"))],
)  # fmt: skip
def test_each_condition_takes_the_year_said_beside_it(words, question, second):
    query = one(question, words)
    assert query.filters == (Compare(Field("settlement", year="R01"), "zero"), Compare(second, "nonzero"))
    assert query.years == ()


def test_one_year_said_for_two_conditions_is_each_ones(words):
    query = one("令和2年度に決算額がゼロで予算がついている事業は？", words)
    assert [f.measure.year for f in query.filters] == [None, None] and query.years == ("R02",)


def test_a_share_of_two_amounts_is_taken_of_the_whole_the_other_is_part_of(words):
    # spent of the budget (the execution rate's order), whichever is said first
    query = one("010: what was the 2020 budget vs what was actually spent, what % is that?", words)
    assert query.ask.measure == Combine("percent", Field("settlement"), Field("budget"))
    # a source of the money of the project's cost
    query = one("What % of 093's settled amount came from other funding in R2?", words)
    assert query.ask.measure == Combine("percent", Field("other"), Field("settlement"))


def test_a_negated_amount_beside_another_is_a_condition_that_it_is_zero(words):
    query = one("Which project spent money in 2020 but didn't use a single yen of the city's general fund for it?", words)
    assert query.filters == (Compare(Field("settlement"), "nonzero"), Compare(Field("general_fund"), "zero"))
    assert query.ask == Listing() and query.years == ("R02",)


def test_zeros_left_out_of_a_ranking_leave_it_ranked(words):
    query = one("令和2年度の決算額が一番小さい事業は？（ゼロのは抜きで）", words)
    assert query.ask == Ranking(Field("settlement"), "asc", 1)
    assert query.filters == (Compare(Field("settlement"), "nonzero"),)


def test_a_slump_is_a_fall_and_stopping_asks_the_direction(words):
    query = one("令和元年度から令和2年度で決算額の落ち込みが一番大きい事業は？", words)
    assert query.ask.direction == "asc"
    assert one("097は止めちゃうの？", words).ask == Value(Field("direction"))


def test_a_year_abbreviated_and_aimed_at_as_who_it_serves(words):
    assert one("What did 097 spend last yr?", words) == one("What did 097 spend last year?", words)
    assert one("What did 097 spend last yr?", words).years
    from jimuqa.answering import vocabulary as v

    assert re.search(v.SHEET_FIELDS["target"], "who is the trial aimed at")
    assert not re.search(v.SHEET_FIELDS["purpose"], "who is the trial aimed at")


def test_a_gap_keeps_the_order_said_and_a_share_takes_the_whole(words):
    # only a share is taken of the whole: a gap between the budget and what was spent is budget − spent
    query = one("Which project had the biggest gap between its FY2020 budget and what it actually spent?", words)
    assert query.ask.measure == Combine("difference", Field("budget"), Field("settlement"))
