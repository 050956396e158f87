"""Structured questions are answered from the table, in the question's language, with cited sources."""

from dataclasses import replace

import pytest

from jimuqa.answering import answer, load_engine
from jimuqa.answering.types import STRUCTURED, UNANSWERABLE
from jimuqa.answering.verify import check
from jimuqa.index.build import build
from jimuqa.settings import Settings


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from tests.conftest import CORPUS_DIR

    settings = Settings(corpus_dir=CORPUS_DIR, data_dir=tmp_path_factory.mktemp("data"))
    build(settings)
    return load_engine(settings, with_retriever=False)


def ask(engine, question, history=None):
    result = answer(question, history, engine=engine)
    assert check(result, engine.db, question) == [], result.notes
    return result


def cited(result):
    return {(c.sheet, c.section) for c in result.citations}


def test_a_budget_asked_colloquially(engine):
    result = ask(engine, "ロボットの事業の予算は?")
    assert result.kind == STRUCTURED and result.lang == "ja"
    assert "6,954千円" in result.text
    assert cited(result) == {("097", "costs")}
    assert "年度の指定がないため令和2年度" in result.text  # the assumption is stated


def test_the_same_in_english(engine):
    result = ask(engine, "What was the FY2020 budget of the robot project?")
    assert result.lang == "en" and "6,954 thousand yen" in result.text
    assert "ロボットの街つくば推進事業" in result.text  # Japanese names stay Japanese


def test_every_citation_quotes_its_section(engine):
    result = ask(engine, "事業097の令和2年度の予算額と決算額をそれぞれ教えて")
    quotes = [c.quote for c in result.citations]
    assert any(q.startswith("予算額 (千円):") and "6,954" in q for q in quotes)
    assert any(q.startswith("決算額 (千円):") and "5,139" in q for q in quotes)
    assert all(c.first_line <= c.last_line and c.file.endswith(".txt") for c in result.citations)


def test_funding_sources(engine):
    result = ask(engine, "097のR2決算の財源の内訳は?")
    assert "1,342千円" in result.text and "3,797千円" in result.text


@pytest.mark.parametrize(
    ("question", "expected", "missed_010"),
    [
        (
            "令和2年度の目標を達成できなかった事業はどれ?",
            ["097", "095", "009", "010"],
            "010 近未来技術等社会実装加速化推進事業（目標99に対し実績7）",
        ),
        (
            "Which projects missed their FY2020 targets?",
            ["097", "095", "009", "010"],
            "010 近未来技術等社会実装加速化推進事業 (target 99, actual 7)",
        ),
        # the polite negation (「ませんでした」), and 「達成していない事業」, which is not 「目標が設定されていない事業」
        (
            "どの事業が令和2年度の目標を達成できませんでしたか？",
            ["097", "095", "009", "010"],
            "010 近未来技術等社会実装加速化推進事業（目標99に対し実績7）",
        ),
        (
            "令和2年度の目標を達成していない事業はありますか",
            ["097", "095", "009", "010"],
            "010 近未来技術等社会実装加速化推進事業（目標99に対し実績7）",
        ),
    ],
)
def test_projects_that_missed_targets_with_target_actual_and_rule(engine, question, expected, missed_010):
    result = ask(engine, question)
    assert sorted(result.projects or {r["sheet"] for r in result.rows}) == sorted(expected)
    for number in expected:
        assert number in result.text
    assert {s for s, _ in cited(result)} == set(expected)
    # 010's indicator 1 in R02: target 99, actual 7, in the rows behind the answer and in its sentence.
    fact = {"sheet": "010", "indicator": 1, "year": "R02", "target": 99, "actual": 7, "status": "missed"}
    assert [row for row in result.rows if row.get("sheet") == "010"] == [{**fact, "value": 7}]
    assert missed_010 in result.text
    assert ("判定" in result.text) or ("Rule:" in result.text)
    assert "011" not in result.text  # no target set is neither met nor missed
    assert result.chart and result.chart.kind == "attainment"


def test_totals_rankings_and_changes(engine):
    assert "83,606千円" in ask(engine, "全部の事業のR2決算額を合計するといくら?").text
    assert "97,775 thousand yen" in ask(engine, "What was the combined FY2020 budget of all the projects?").text
    top = ask(engine, "令和２年度の決算額が多い順に上位3事業を教えて")
    assert top.text.index("012") < top.text.index("095") < top.text.index("092")
    change = ask(engine, "科学教育推進事業の決算額は令和元年度から令和2年度でどのくらい減った?")
    assert "7,615千円減少" in change.text and "42.5%" in change.text
    biggest_drop = ask(engine, "決算額が令和元年度から令和2年度にかけていちばん大きな割合で減ったのはどの事業?")
    assert "1. 096" in biggest_drop.text and "74.2%" in biggest_drop.text  # ranked first, its share of R01


def test_smallest_leaves_out_zero_and_says_so(engine):
    result = ask(engine, "令和2年度の予算額が一番少ない事業は?")
    answer_lines = [line for line in result.text.splitlines() if not line.startswith(("質問の読み取り", "How I read"))]
    assert "094" in answer_lines[0] and "1,583" in answer_lines[0]
    assert "009" in result.text and "除いて" in result.text


def test_filters_and_counts(engine):
    priority = ask(engine, "優先度が5の事業はいくつある?")
    assert "4事業" in priority.text
    assert cited(priority) == {(n, "evaluation") for n in ("009", "093", "011", "012")}
    assert "010" in ask(engine, "方向性が「終了」になっている事業はある?").text
    new = ask(engine, "Which projects are new (not continuing) in R2?")
    assert "011" in new.text and "012" in new.text and "097" not in new.text
    sdg = ask(engine, "SDGsの目標11に関わる事業を全部挙げて")
    assert "7事業" in sdg.text
    team = ask(engine, "科学の街推進係が担当している事業の令和2年度決算額の合計は?")
    assert "12,450千円" in team.text


def test_basic_info_lookups(engine):
    assert "科学の街推進係" in ask(engine, "国際科学技術都市「つくば」の推進事業の担当係はどこ?").text
    assert "一部委託" in ask(engine, "デジタル情報プラットフォームの事業は職員だけでやってるの?").text
    assert "01-020113-11" in ask(engine, "What is the budget code of project 010?").text
    assert "期間限定複数年度" in ask(engine, "国際戦略総合特区推進事業の事業期間は?").text


def test_evaluation_score_with_its_text(engine):
    result = ask(engine, "012の進捗状況の評価は何点?")
    assert "2（計画から遅れている。（未達成））" in result.text
    dash = ask(engine, "国際戦略総合特区推進事業の優先度は何点?")
    assert "-（法令等により市の実施が定められている。）" in dash.text


def test_typos_are_forgiven(engine):
    assert "5（市が直接担うべき事業である。）" in ask(engine, "ロボトの街つくば推進事業の「市の関与」の評価点は?").text
    assert "14,070千円" in ask(engine, "科学教育推進事業の平成30年度の決済額はいくら?").text


def test_follow_ups_use_the_conversation(engine):
    history = [
        {"role": "user", "content": "ロボットの街つくば推進事業の令和2年度の予算は?"},
        {"role": "assistant", "content": "6,954千円です。"},
    ]
    assert "186.00時間" in ask(engine, "その残業時間は?", history).text
    english = [{"role": "user", "content": "What was the settled amount of the robot project in FY2020?"}]
    assert "7,980 thousand yen" in ask(engine, "what about R01?", english).text


def test_an_ambiguous_name_lists_what_it_could_mean(engine):
    result = ask(engine, "スマートシティの事業って令和2年度の予算いくら?")
    assert "011" in result.reading and "012" in result.reading  # the reading names each project it may mean
    assert "3,000千円" in result.text and "50,000千円" in result.text


@pytest.mark.parametrize(
    "question",
    [
        "097の令和5年度の決算額は?",  # a year the costs do not cover
        "What was project 097's budget in FY2018?",  # printed 0, not reported
        "国際科学技術都市「つくば」の推進事業の令和2年度の目標値は?",  # the sheet sets no indicator
        "つくば市の公園整備事業の令和2年度予算はいくら?",  # not in the corpus
        "水戸市のロボット関連事業の予算はどれくらい?",  # another city
        "スマートシティ事業って税金の無駄遣いだと思う?",  # an opinion
        "ロボットの街つくば推進事業の担当職員の名前を教えて",  # not on the sheets
    ],
)
def test_unanswerable_questions_are_refused_plainly(engine, question):
    result = ask(engine, question)
    assert result.kind == UNANSWERABLE
    assert " 0千円" not in result.text and ": 0 " not in result.text


def test_not_reported_says_what_is_nearest(engine):
    result = ask(engine, "What was project 097's budget in FY2018?")
    assert "does not report" in result.text and "9,390 thousand yen" in result.text


def test_the_citation_check_rejects_a_fabricated_quote_and_number(engine):
    result = answer("ロボットの事業の予算は?", engine=engine)
    forged = replace(result.citations[0], quote="予算額 (千円): 令和2年度 9,999")
    bad = replace(result, citations=[forged])
    problems = check(bad, engine.db, "")
    assert any("quote not found" in p for p in problems)
    invented = replace(result, text=result.text + " 残り12,345千円。")
    assert any("12345" in p for p in check(invented, engine.db, ""))


def test_a_number_the_question_states_is_evidence_only_where_the_answer_restates_the_question(engine):
    question = "市民ニーズが3以下の事業は？"
    result = answer(question, engine=engine)
    assert result.reading and "3以下" in result.text.splitlines()[0] and not check(result, engine.db, question)
    # the same number stated as a fact of a sheet, not as how the question was read
    claimed = replace(result, text=result.text + "\nロボットの事業の予算は9,999千円です。")
    assert any("9999" in p for p in check(claimed, engine.db, question + " 予算は9,999千円ですよね?"))


def test_long_and_empty_questions_get_clear_messages(engine):
    assert answer("", engine=engine).kind == UNANSWERABLE
    long = answer("予算" * 5000, engine=engine)
    assert long.kind == UNANSWERABLE and "長すぎ" in long.text


def test_planning_reads_each_earlier_turn_once(engine, monkeypatch):
    # An elliptical question asked again and again used to re-plan the whole history for every turn
    # (doubling with each one); now each earlier question is planned once, so the work is linear.
    from jimuqa.answering import plan

    parsed = []
    real = plan.parse_query
    monkeypatch.setattr(plan, "parse_query", lambda text: parsed.append(text) or real(text))
    # No turn names a project, so none is answerable and every earlier turn must be looked at.
    history = [{"role": "user", "content": "根拠法令は?"}, {"role": "assistant", "content": "どの事業ですか?"}] * 12
    plan.make_plan(real("根拠法令は?"), engine.catalogue, history)
    # the 12 earlier user turns and the 12 replies (which may name the project), once each (it was 2**12 - 1)
    assert len(parsed) == 24


def test_a_share_of_a_change_shows_the_change_it_divides(engine):
    # 決算額 of 096: 4,930 (R01) → 1,270 (R02); the working shows the change, then its share of R01.
    result = ask(engine, "国際科学技術都市つくばの推進事業の決算額は令和元年度から令和2年度で何%減った？")
    assert "-74.2%" in result.text and "(1,270千円 − 4,930千円 = -3,660千円)" in result.text


def _value(engine, query):
    from jimuqa.answering.execute import execute

    (group,) = execute(query, engine.db).groups
    return group.rows


def test_it_after_a_ranking_is_the_project_the_ranking_found(engine):
    from jimuqa.answering.query import Field, Query, Ranking, Value

    (top,) = _value(engine, Query(Ranking(Field("budget"), "desc", 1), years=("R02",)))
    (next_year,) = _value(engine, Query(Value(Field("budget")), (top.sheet,), years=("R03",)))
    history = [{"role": "user", "content": "Which project had the biggest budget in FY2020?"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    result = ask(engine, "And what's planned for it the following year?", history)
    assert top.sheet in result.text and f"{next_year.figure.value:,} thousand yen" in result.text


def test_of_those_ranks_only_the_projects_the_list_before_found(engine):
    from jimuqa.answering.query import Field, Listing, Member, Query, Ranking

    missed = _value(engine, Query(Listing(), filters=(Member("indicator_status", ("missed",)),), years=("R02",)))
    numbers = tuple(dict.fromkeys(r.sheet for r in missed))
    (top,) = _value(engine, Query(Ranking(Field("settlement"), "desc", 1), numbers, years=("R02",)))
    history = [{"role": "user", "content": "Which projects missed their FY2020 targets?"},
               {"role": "assistant", "content": "…"}]  # fmt: skip
    result = ask(engine, "Of those, which one spent the most in FY2020?", history)
    assert f"1. {top.sheet}" in result.text and all(n in result.text for n in numbers)


def test_an_indicators_attainment_rate_is_its_actual_over_its_target(engine):
    from jimuqa.answering.query import Combine, Field, Query, Ranking

    rate = Combine("percent", Field("indicator_actual"), Field("indicator_target"))
    (lowest,) = _value(engine, Query(Ranking(rate, "asc", 1), years=("R02",)))
    result = ask(engine, "Which project had the lowest attainment rate in FY2020?")
    assert lowest.sheet in result.text and f"{lowest.figure.value:.1f}%" in result.text


def test_how_many_hours_in_total_is_a_sum(engine):
    from jimuqa.answering.query import Aggregate, Field, Query

    (group,) = __import__("jimuqa.answering.execute", fromlist=["execute"]).execute(
        Query(Aggregate("total", Field("overtime_hours")), years=("R02",)), engine.db
    ).groups
    result = ask(engine, "In total, how many hours of overtime did regular staff work in FY2020?")
    assert f"{group.aggregate.value:,.2f}" in result.text


def test_a_word_written_in_hiragana_is_read_in_its_usual_spelling(engine):
    from jimuqa.answering.query import Listing, Member, Query

    missed = {row.sheet for row in _value(engine, Query(Listing(), filters=(Member("indicator_status", ("missed",)),),
                                                        years=("R02",)))}  # fmt: skip
    result = ask(engine, "R2の指標で目標にとどかなかった事業はどれ？")  # とどか: 届か
    assert result.kind == STRUCTURED and all(n in result.text for n in missed)
    assert "未達成だった" in result.text  # not the projects that met them


def test_a_names_katakana_written_in_hiragana_names_the_project(engine):
    assert ask(engine, "ろぼっとの事業の予算は?").text == ask(engine, "ロボットの事業の予算は?").text


def test_words_of_the_counted_indicators_name_said_apart_are_its_mention(engine):
    from jimuqa.answering.query import Field, Query, Value

    (row,) = _value(engine, Query(Value(Field("indicator_actual", indicator=1)), projects=("095",), years=("R02",)))
    result = ask(engine, "科学教育の体験事業、R2は延べで何人参加した？")  # 体験型科学教育事業の延べ参加者数 (人)
    assert result.kind == STRUCTURED and f"{row.figure.value:,}" in result.text


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        # 「割合」 asks a share, but here it is the field's own name (従事割合, counted in 人)
        ("009の令和2年度の正職員従事割合を教えて", "0.30人"),
        # "how much" before a field of hours asks its amount, not money
        ("How much overtime did regular staff put in on project 094 in FY2020?", "33.00 hours"),
    ],
)
def test_the_figure_a_question_names_is_answered_whatever_its_asking_words_say_elsewhere(engine, question, figure):
    result = ask(engine, question)
    assert result.kind == STRUCTURED and figure in result.text, result.text


def test_an_average_is_as_exact_as_the_figures_it_is_made_of(engine):
    # 正職員従事割合 is printed to two decimals (0.30, 1.40 …): their average over ten projects is 0.87, not 0.9
    result = ask(engine, "令和2年度の正職員の従事割合、10事業ぜんぶ平均すると1事業あたり何人くらい？")
    assert "0.87人" in result.text


def test_an_average_printed_to_its_figures_decimals_passes_the_check(engine):
    # 33.00, 147.50 and 122.30 hours average 100.9333…, printed 100.93: the check recomputes it as printed
    result = ask(engine, "科学の街推進係の事業だけで、R2の残業時間は平均どれくらい?")
    assert result.kind == STRUCTURED and "100.93時間" in result.text, result.text


def test_a_ranking_tied_beyond_the_number_asked_says_how_many_share_the_place(engine):
    result = answer("How many projects got the top priority score, and which ones?", engine=engine)
    tied = [line for line in result.text.splitlines() if line.startswith("- 1. ")]
    assert len(tied) > 1 and f"**{len(tied)} projects**" in result.text


def test_a_follow_up_pointing_back_with_that_keeps_the_project(engine):
    from jimuqa.answering.normalise import parse_query
    from jimuqa.answering.plan import make_plan

    history = [{"role": "user", "content": "What was 097's budget in FY2020?"}, {"role": "assistant", "content": "…"}]
    # (alone, "that" is also the relative pronoun: "this"/"that" point back as a subject, after their verb)
    plan = make_plan(parse_query("ok and how many people is that serving these days?"), engine.catalogue, history)
    assert list(plan.projects) == ["097"]


def test_an_average_of_amounts_keeps_its_decimal():
    from jimuqa.answering.phrases import cost_value

    # (printed as the integer, 6,283 was no number of the answer's rows, and the checker rejected the answer)
    assert cost_value("settlement", 6283.4, "en") == "6,283.4 thousand yen"
    assert cost_value("settlement", 6283, "ja") == "6,283千円"
