"""Narrative questions are answered with sentences quoted as written from the retrieved sections."""

import re

import pytest

from jimuqa.answering import answer
from jimuqa.answering.query import Compare, Field, Ranking
from jimuqa.answering.reader import understand
from jimuqa.answering.types import NARRATIVE, UNANSWERABLE
from jimuqa.answering.verify import check


def ask(engine, question, history=None):
    result = answer(question, history, engine=engine)
    assert check(result, engine.db, question) == [], result.notes
    return result


def test_what_happened_with_a_partner_is_quoted_with_its_section(engine):
    result = ask(engine, "JAXAと協定を結んだ事業では、いつ、どんな協定を結んだの?")
    assert result.kind == NARRATIVE
    assert "094" in result.text and "6月25日" in result.text and "基本協定" in result.text
    citation = result.citations[0]
    assert (citation.sheet, citation.section, citation.heading) == ("094", "results_issues", "事業の成果と課題")
    assert citation.quote in result.text  # quoted as written


def test_english_question_gets_english_framing_and_japanese_quotes(engine):
    result = ask(engine, "What did Tsukuba agree with Grenoble in FY2020?")
    assert result.lang == "en" and result.text.startswith("The sheets say:")
    assert "096" in result.text and "連携合意書" in result.text


@pytest.mark.parametrize(
    ("question", "sheet", "words"),
    [
        ("095の課題は何ですか?", "095", ["対面型", "有機的な事業運営体制"]),
        ("ロボットの街つくば推進事業の改善目標は?", "097", ["規制緩和"]),
        ("科学教育の事業は令和2年度にどんな成果を上げましたか", "095", ["オンライン"]),
        ("特区の事業では相談対応やマッチングはどのくらいやったの?", "092", ["47件", "9件"]),
        ("what problems does the Society 5.0 trial project face?", "093", ["5,000千円"]),
    ],
)
def test_results_issues_and_goals(engine, question, sheet, words):
    result = ask(engine, question)
    assert {c.sheet for c in result.citations} == {sheet}
    for word in words:
        assert word in result.text


def _rows_quoted(result) -> list[str]:
    """The row of each quote, in order: 「- 事業の成果と課題・成果 [1]」 → 成果."""
    return [line.split("・")[-1].split(" [")[0] for line in result.text.splitlines() if re.match(r"- .* \[\d+\]$", line)]


def test_what_a_project_did_is_answered_by_its_results_row_first(engine):
    # its 課題 and 改善目標 say 「海外都市との…交流」 too, so they share more of the question's words; 「何をした」
    # asks for the 成果 row, whose sentences lead, the whole cell with them
    result = ask(engine, "海外都市との交流の事業は令和2年度に何をしたの?")
    assert {c.sheet for c in result.citations} == {"096"}
    # (quoted as passages, or as the sheet's cell when the words name the project: 「…: 成果 「…」」)
    assert (_rows_quoted(result) or re.findall(r"(?m)^- [^:]+: (\S+) 「", result.text))[0] == "成果"
    assert "グルノーブル" in result.text and "ボーフム" in result.text


def test_each_row_a_question_asks_for_is_quoted(engine):
    # "what happened" asks its 成果, "problems" its 課題, "improve" its 改善目標: each is quoted
    result = ask(engine, "For the science education project in FY2020: what happened, what problems remain, and how "
                         "will they improve it?")  # fmt: skip
    rows = _rows_quoted(result)
    assert "成果" in rows and any(row.startswith("課題") for row in rows), result.text
    assert "STEAMコンパス" in result.text  # its 改善目標
    assert "not answered" not in result.text


def test_the_word_that_picks_the_row_is_not_reported_as_unplaced(engine):
    result = ask(engine, "What did the work promoting the special zone accomplish in FY2020?")
    assert set(_rows_quoted(result)) == {"成果"} and "47件" in result.text
    assert "accomplish" not in result.text


def test_a_narrative_follow_up_uses_the_project_named_in_the_previous_answer(engine):
    history = [
        {"role": "user", "content": "JAXAと協定を結んだのはどの事業?"},
        {"role": "assistant", "content": "094 市内大学・研究機関等との連携事業です。"},
    ]
    result = ask(engine, "同じ年にほかにどこと協定を結んだ?", history)
    assert "国土地理院" in result.text and "6月19日" in result.text


def test_nothing_relevant_is_said_plainly(engine):
    result = ask(engine, "ふるさと納税の返礼品について教えて")
    assert result.kind == UNANSWERABLE
    assert "記載が見つかりませんでした" in result.text and "10事業" in result.text


def test_words_of_names_the_planner_cannot_place_are_answered_from_the_passages(engine):
    # "smart city" is words of 011's name and of a team's (スマートシティ戦略室): a project the passages answer
    # for, not one the sheets lack; "Kyoto tower" is no words of theirs
    result = answer("what happened with the smart city initiative in FY2020? any concrete progress?", engine=engine)
    assert result.kind == NARRATIVE and "011" in result.projects
    refused = answer("What is the budget of the Kyoto tower project?", engine=engine)
    assert refused.kind == UNANSWERABLE and "kyoto tower" in refused.text.lower()


def test_a_follow_up_after_a_reply_naming_a_project_the_planner_did_not_find_is_of_it(engine):
    # "the future co-creation project" is no name the planner finds; the reply named 009, and "OK, and how did it
    # go?" is of it ("OK," and "I heard" ask nothing)
    history = [{"role": "user", "content": "What does the future co-creation project do?"},
               {"role": "assistant", "content": "Project 009 (未来共創プロジェクトの実施) runs a window for proposals."}]
    result = ask(engine, "OK, and how did it go in 2020? I heard it fell short of its goal — what happened?", history)
    assert result.kind == NARRATIVE and "009" in result.projects, result.text


def test_a_project_described_after_its_word_is_found_by_the_description(engine):
    # "the project about …": the description follows the word that makes it a project
    result = ask(engine, "The project about women researchers and ties with overseas cities — by what percentage did"
                         " its actual spending fall between FY2019 and FY2020?")  # fmt: skip
    assert "096" in result.projects and "74.2%" in result.text, result.text
    # 「…してるやつ」 with the description's Latin words in any case
    sdgs = ask(engine, "IoTとかAIの実験を全国から募集して補助してるやつ、SDGsのどのゴールに関係してることになってる？")
    assert "093" in sdgs.text and "産業と技術革新の基盤をつくろう" in sdgs.text, sdgs.text


def test_a_figure_of_a_project_described_in_words_its_sheet_alone_writes_is_the_tables(engine):
    # three of the five sections closest in meaning are 093's, and only 093 writes 全国, 公募, 実験 and 補助
    from tests.test_reading_more import printed_costs

    result = ask(engine, "全国からIoTやAIの実験を公募して補助してる事業、令和3年度の予算額は？")
    assert result.projects == ["093"] and f"{printed_costs('093', '予算額')['R03']:,}千円" in result.text, result.text


def test_a_particle_a_name_shares_with_the_question_is_no_word_of_the_name(engine):
    # 「育成と」 is in 095's 人材育成と科学技術; 育成 alone is too short to name it, so the description finds 096
    from tests.test_reading_more import printed_costs

    result = ask(engine, "女性研究者の育成とか海外都市との連携をやってる事業の、令和元年度の人件費を教えてください。")
    assert result.projects == ["096"] and f"{printed_costs('096', '人件費計')['R01']:,}千円" in result.text, result.text


def test_counts_a_passage_gives_in_the_words_asked_are_quoted_not_figures_close_in_meaning(engine):
    # no indicator of 092 counts consultations or matchings; its 成果 says both, in the question's words
    from tests.conftest import SEED_FILE

    said = next(line for line in SEED_FILE.read_text(encoding="utf-8").splitlines() if "技術相談" in line)
    told = re.search(r"[^\t。]*技術相談[^。]*。", said).group(0)
    result = ask(engine, "TGIと組んでる特区の事業、技術相談は何件対応して、マッチングは何件できた？")
    assert result.kind == NARRATIVE and any(told.strip() in c.quote for c in result.citations), result.text
    assert "意味がいちばん近い数値" not in result.text


def test_a_count_asked_in_its_counter_is_given_only_by_a_number_in_it(engine):
    # 「何団体」: the passages on the council count its 分科会 (5つ), no 団体: the number asked is not given
    missing = answer("つくばスマートシティ協議会の会員機関は何団体あるの？", None, engine=engine)
    assert missing.kind == UNANSWERABLE and missing.citations, missing.text
    given = ask(engine, "TGIの技術相談窓口で何件の相談に対応した？")
    assert given.kind == NARRATIVE and any("47件" in c.quote for c in given.citations), given.text


def test_how_after_a_dash_asks_an_account(engine):
    result = ask(engine, "the society 5.0 trial support thing - how do they plan to keep the budget at the usual level?")
    assert result.kind == NARRATIVE and all(c.section == "results_issues" for c in result.citations), result.text


def test_a_project_described_by_a_relative_clause_is_found_without_its_verb(engine):
    from tests.test_reading_more import printed_costs

    result = ask(engine, "For the project that promotes women researchers and ties with overseas cities, what was the "
                         "personnel cost in 2020?")  # fmt: skip
    assert "096" in result.projects and f"{printed_costs('096', '人件費計')['R02']:,}" in result.text, result.text


def test_whether_a_described_project_goes_on_is_its_direction(engine):
    result = ask(engine, "市内の会社が新しい技術の製品を安く試せるっていう事業、来年度以降も続くんですか？")
    direction = engine.db.execute("SELECT direction FROM sheets WHERE number = '010'").fetchone()[0]
    assert "010" in result.text and f"方向性 {direction}" in result.text, result.text


def test_a_word_that_names_no_topic_is_not_said_to_be_missing(engine):
    # 「結局」 and 「思う」 are no topics of a sheet: the answer does not say they are not on the sheets
    result = ask(engine, "ロボットの事業って、コロナで公道の実験もあまりできなかったと思うけど、去年は結局どんな成果があったの？")
    assert result.kind == NARRATIVE and "結局" not in result.text and "思う" not in result.text


def test_an_elliptical_follow_up_to_a_question_not_read_asks_nothing_of_its_own(engine):
    # the question before was not read, only its project is known from the reply: "What about FY2022?" asks no
    # figure that could be known, and gets no passages of that project
    history = [{"role": "user", "content": "What was the actual number of partner companies for the special zone "
                                           "project in FY2020?"},
               {"role": "assistant", "content": "685, against a target of 641 (project 092)."}]  # fmt: skip
    assert ask(engine, "What about FY2022?", history).kind == UNANSWERABLE


def test_a_question_pointing_back_anywhere_in_it_is_a_follow_up(engine):
    # "of it", not at the start: the project asked about before, for the planner too
    history = [{"role": "user", "content": "What did the robot project spend in FY2020?"},
               {"role": "assistant", "content": "097 ロボットの街つくば推進事業: 5,139千円."}]  # fmt: skip
    result = ask(engine, "How much of it did the national and prefectural governments chip in?", history)
    assert "097" in result.projects and "3,797" in result.text, result.text


def test_a_detail_asked_by_name_that_the_quoted_passages_give_is_not_said_to_be_missing(engine):
    # 「相手先」「日付」 are words no sheet prints, but the sentence quoted names the partners and dates
    result = ask(engine, "大学や研究機関との連携事業で、令和2年度に結んだ協定の相手先と日付を教えてください")
    assert "6月19日" in result.text and "国土地理院" in result.text
    assert "『日付』" not in result.text and "『相手" not in result.text


def test_the_thing_to_work_on_is_the_issue_row(engine):
    result = ask(engine, "What does the robot project see as the thing to work on next?")
    assert "課題（業務）" in result.text  # "the thing to work on" asks for its issues


def test_a_count_of_a_thing_no_indicator_counts_is_not_the_indicator_its_counter_finds(engine):
    result = ask(engine, "未来共創プロジェクトで実際に採択されたのは何件？")
    assert any("3件を採択" in c.quote for c in result.citations)


@pytest.mark.parametrize(
    ("question", "row"),
    [
        ("不法投棄の見回りとかしてる事業って、そもそもいつ、なんで始まったの？", "きっかけ"),
        ("What have parents been asking the city for about the after-school clubs?", "関係者の意見"),
        ("What do council members think about the bus subsidy?", "関係者の意見"),
        ("Could you sum up how the trial support program went?", "成果"),
        ("スクールバスっていつ頃、どういう理由で走らせるようになったの？", "きっかけ"),
        ("シカの駆除って、そもそもどういういきさつで市がやるようになったの？", "きっかけ"),
        ("科学教育の事業、これからどう良くしていくって書いてありますか？", "改善目標"),
    ],
)
def test_the_row_a_question_asks_for_is_read_from_its_words(question, row):
    from jimuqa.answering.narrative import asked_rows
    from jimuqa.answering.normalise import parse_query

    assert row in asked_rows(parse_query(question))


def test_an_english_description_of_a_project_is_not_read_as_the_forms_words(engine):
    result = ask(engine, "How did the Future Co-creation Project go in 2020 — how many proposals came in and how many "
                         "actually got help?")  # fmt: skip
    assert result.kind == NARRATIVE and any("3件を採択" in c.quote for c in result.citations)


def test_a_follow_up_naming_other_fields_in_its_own_words_is_not_the_figure_asked_before(engine):
    # 体制 and 今後 are fields, but not the budget asked before: the words 協議会 and 変わる say what is asked
    history = [{"role": "user", "content": "デジタル情報プラットフォームの事業、R2の予算っていくらだった？"},
               {"role": "assistant", "content": "012の令和2年度予算額は50,000千円です。"}]  # fmt: skip
    result = ask(engine, "それで、協議会の体制って今後どう変わる予定なん？", history)
    assert result.kind == NARRATIVE and "一本化" in result.text and "予算額" not in result.text


def test_a_follow_up_naming_the_indicators_the_plan_reads_is_answered_from_them(engine):
    history = [{"role": "user", "content": "Which of the science and technology division's projects ended in FY2020?"},
               {"role": "assistant", "content": "Only 010 — its direction is 終了."}]  # fmt: skip
    result = ask(engine, "What were 010's indicator results in that final year?", history)
    assert result.kind != NARRATIVE and "target 99, actual 7" in result.text


def test_going_to_is_no_count_and_from_now_on_asks_the_improvement_goal(engine):
    # 「強めていくつもり」 holds いくつ but asks no count; 「これから」 asks the row of what will be done next (改善目標)
    result = ask(engine, "市内の大学や研究機関との連携って、これからどうやって強めていくつもりなんでしょうか?")
    assert result.kind == NARRATIVE and not any(n.startswith("figure by meaning") for n in result.notes)
    assert result.citations[0].sheet == "094" and "改善目標" in result.text.split("[1]")[0]


def test_each_ask_of_a_narrative_question_has_its_own_sentence():
    # the whole question's words rank three sentences about results first; the second ask ("who is it open to")
    # still has the sentence that answers it
    from jimuqa.answering.narrative import Sentence, choose
    from jimuqa.answering.plan import NARRATIVE as ROUTE
    from jimuqa.answering.plan import Plan
    from jimuqa.answering.sources import SheetRef

    sheet = SheetRef(1, "093", "トライアル支援事業", "R02")
    said = [("成果", {"実証", "実験", "審査"}, 3.0), ("成果", {"実証", "実験"}, 2.9), ("成果", {"実験", "採択"}, 2.8),
            ("対象", {"企業", "全国"}, 0.5)]  # fmt: skip
    sentences = [Sentence(sheet, "overview", label, f"s{i}", i, tokens, score=score)
                 for i, (label, tokens, score) in enumerate(said)]  # fmt: skip
    plan = Plan(ROUTE, projects=["093"])
    assert sentences[3] not in choose(sentences, plan)
    assert sentences[3] in choose(sentences, plan, asks=[{"実験"}, {"企業"}])


def test_how_a_project_plans_to_do_a_thing_is_its_account_not_the_figure_named(engine):
    # "secure its budget" names the budget, but asks how: the sheet's sentences on it answer
    result = ask(engine, "How does the Society 5.0 trial support program plan to secure its budget from now on?")
    assert result.kind == NARRATIVE and "地方創生推進交付金" in result.text, result.text




def test_words_of_a_clause_describing_the_project_name_none_of_its_indicators(engine):
    # "products" is a word of 010's indicator (製品等の試用件数), but here of the clause that says which project: why it
    # is ending is its 方向性 and 理由, and no count of products tried is added
    result = ask(engine, "Why is the project that promoted near-future tech products to local businesses being wound up?")
    assert {c.sheet for c in result.citations} == {"010"} and "indicators" not in {c.section for c in result.citations}
    assert "今年度で事業が終了" in result.text


def test_a_figure_asked_with_why_is_the_figure_and_the_projects_passages(engine):
    # no cell says why a settled amount fell: the figure from the table, then the project's own passages
    result = ask(engine, "How much did the robot project's settled amount change from FY2019 to FY2020, and why?")
    assert result.reading and "2,841" in result.text
    sections = {(c.sheet, c.section) for c in result.citations}
    assert ("097", "costs") in sections and len(sections) > 1 and {sheet for sheet, _ in sections} == {"097"}


def test_an_english_word_several_names_say_is_a_condition_on_the_names(engine):
    # "promotion": 推進, in several names (the dictionary's word for it, on a full build)
    understood = understand("Of the promotion projects, which one had the largest budget in FY2020?", None, engine.words)
    assert understood.accepted, understood.unplaced
    (query,) = understood.queries
    assert isinstance(query.ask, Ranking) and query.ask.measure == Field("budget")
    assert query.filters == (Compare(Field("name"), "contains", "推進"),)


def test_an_amount_asked_with_what_it_went_on_is_the_amount_and_the_passages(engine):
    # 「いくらで」 asks the table's 決算額; 「何に使ったの」 what it went on, which the passages say
    result = ask(engine, "012の令和2年度の決算はいくらで、そのお金は何に使ったの？")
    assert result.reading and "50,000千円" in result.text and "負担金" in result.text
    assert {c.section for c in result.citations} >= {"costs", "results_issues"}
    # what it went on, asked alone, is the passages' only
    assert ask(engine, "012の予算は何に使ったの？").kind == NARRATIVE


def test_a_figure_of_a_place_the_sheets_do_not_name_is_refused_naming_it(engine):
    # "the robot project" would be found by meaning; a capitalised name the sheets lack says it is another city's
    result = ask(engine, "What was Rikuzentakata's robot project total in FY2020?")
    assert result.kind == UNANSWERABLE and "Rikuzentakata" in result.text and not result.citations


def test_a_company_asked_is_not_given_by_a_councils_name(engine):
    # 「どこの会社」 asks a company: the passages name a council (協議会), which is none
    result = ask(engine, "ロボットの街つくば推進事業の公道実証実験に協力したのはどこの会社？")
    assert result.kind == UNANSWERABLE and "会社の名前" in result.text


def test_an_english_word_names_projects_only_said_as_their_kind(engine):
    # "of the promotions": the projects whose names say 推進; "for promotion" is no kind of project
    understood = understand("Of the promotions, which one had the largest budget in FY2020?", None, engine.words)
    assert understood.accepted and understood.queries[0].filters == (Compare(Field("name"), "contains", "推進"),)
    understood = understand("Which project had the largest budget for promotion in FY2020?", None, engine.words)
    assert not understood.accepted and "promotion" in understood.unplaced


# ---- stop 52 ----


def test_a_year_the_question_names_picks_the_sentence_naming_it(engine):
    # 「令和3年度から体制が変わる」: of the sentences on the council, the one that says what changes from 令和3年度
    result = ask(engine, "スマートシティ協議会って、令和3年度から体制が変わるって聞いたけど、どうなるの？")
    assert result.kind == NARRATIVE and "一本化" in result.text


def test_the_sentence_after_a_quoted_one_in_its_cell_is_quoted_when_a_row_is_not_asked_for(engine):
    # "what was the theme for this year's call": "for" does not end the clause, so no 目的 is asked; the cell of
    # the best sentence (前年度の課題への対応) is quoted whole, with the theme
    result = ask(engine, "What was the theme for this year's Society 5.0 trial call for proposals?")
    assert "With/After" in result.text and "目的" not in result.text


def test_a_field_word_among_words_the_sheets_hold_that_nothing_reads_asks_an_account(engine):
    # "going forward" reads as 方向性, but website, pull together and event info are what is asked: the passages
    result = ask(engine, "For the science education program, what website do they want to use going forward to pull "
                         "together event info from universities and research institutes?")  # fmt: skip
    assert result.kind == NARRATIVE and "ポータルサイト" in result.text


def test_what_was_concluded_asks_what_was_done(engine):
    # 「何を結んだの」: an agreement concluded is a result (成果), as 締結 is
    result = ask(engine, "国際都市つくばの事業、R2はどこの海外都市と何を結んだの？")
    assert "事業の成果と課題・成果" in result.text.split("\n")[2] and "グルノーブル" in result.text


def test_partnering_said_in_everyday_words_finds_the_sheets_word(engine):
    # 「どこと組んで」: the sheets say 連携
    result = ask(engine, "097では、市はどこと組んでいるの？")
    assert result.kind == NARRATIVE and "連携" in result.citations[0].quote


def test_a_name_typed_in_lower_case_is_found_as_the_name(engine):
    result = answer("how much did the future co-creation project pay in staff time in FY2020?", engine=engine)
    assert result.projects == [n for n, p in engine.catalogue.projects.items() if "未来共創" in p.name]


def test_a_row_the_form_splits_in_two_is_quoted_from_both_cells():
    # 課題（業務） and 課題（組織、予算等） are both the 課題 asked for, ahead of the best sentence (成果, not asked)
    from jimuqa.answering.narrative import Sentence, choose
    from jimuqa.answering.plan import NARRATIVE as ROUTE
    from jimuqa.answering.plan import Plan
    from jimuqa.answering.sources import SheetRef

    sheet = SheetRef(1, "095", "科学教育推進事業", "R02")
    said = [("成果", {"オンライン", "イベント"}, 3.0), ("課題（業務）", {"イベント"}, 2.5),
            ("課題（組織、予算等）", {"体制"}, 1.2)]  # fmt: skip
    sentences = [Sentence(sheet, "results_issues", label, f"s{i}", i, tokens, score=score)
                 for i, (label, tokens, score) in enumerate(said)]  # fmt: skip
    chosen = choose(sentences, Plan(ROUTE, projects=["095"]), rows=["課題"])
    assert chosen[:2] == [sentences[1], sentences[2]] and sentences[0] in chosen


def test_each_english_ask_finds_its_sentence_by_the_sheets_words_for_its_words(engine):
    # "how many proposals came in" shares no word with the sheets but 提案, the Japanese for "proposals": its
    # sentence is quoted beside the one giving the call's theme
    result = ask(engine, "For the Society 5.0 trial support program this year, how many proposals came in, how many "
                         "got picked, and what was the theme of the call?")  # fmt: skip
    assert result.kind == NARRATIVE and "提案21件" in result.text and "With/Afterコロナ" in result.text


def test_every_row_asked_is_quoted_even_past_three(engine):
    # "problems … run into" asks its 課題 (two cells), "did" its 成果, "the plan to fix them" its 改善目標: four rows,
    # each quoted
    result = ask(engine, "What problems did the kids' science education program run into, and what's the plan to fix "
                         "them?")  # fmt: skip
    assert {"課題（業務）", "課題（組織、予算等）", "改善目標"} <= set(_rows_quoted(result)), result.text
