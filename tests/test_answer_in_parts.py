"""Questions of several parts the parser reads only some of, follow-ups that ask a prose field, and what a
project did: each part is answered, the part the parser reads from the table (on the seed build)."""

from __future__ import annotations

import re

from jimuqa.answering import engine as engine_module
from jimuqa.answering.engine import answer
from jimuqa.answering.narrative import asked_rows
from jimuqa.answering.normalise import parse_query
from jimuqa.answering.types import STRUCTURED
from jimuqa.answering.verify import check

# A conversation about 012's progress score, which its answer gives.
ABOUT_012 = [
    {"role": "user", "content": "デジタル情報プラットフォームの事業、進捗状況の評価はどうなってる？"},
    {"role": "assistant", "content": "012 デジタル情報プラットフォームの導入による地域との連携推進の進捗状況は2です。"},
]


def quoted(citations) -> set[tuple[str, str, str]]:
    return {(c.sheet, c.section, c.quote) for c in citations}


def test_a_follow_up_asking_which_issues_there_are_is_about_the_project_before(engine):
    # 「どんな課題があるの？」 names a field and "which ones" with no condition: of the project asked about before,
    # not the field asked before (進捗状況) nor a list over every project
    result = answer("どんな課題があるの？", ABOUT_012, engine=engine)
    own = answer("012の課題は？", engine=engine)
    assert result.kind == STRUCTURED and result.projects == ["012"], result.text
    assert quoted(result.citations) == quoted(own.citations)
    assert "進捗状況" not in result.text


def test_each_part_is_answered_when_the_parser_reads_only_one(engine):
    # 「遅れているのはなぜ？」 is not read whole; 「どんな課題があるの？」 is: its issues come from the table, and the
    # first part keeps the answer it had; one numbering of citations runs through both
    result = answer("遅れているのはなぜ？どんな課題があるの？", ABOUT_012, engine=engine)
    issues = answer("012の課題は？", engine=engine)
    assert quoted(issues.citations) <= quoted(result.citations), result.text
    assert [c.n for c in result.citations] == list(range(1, len(result.citations) + 1))
    assert len(quoted(result.citations)) == len(result.citations)  # a source cited twice is cited once
    assert {int(n) for n in re.findall(r"\[(\d+)\]", result.text)} == {c.n for c in result.citations}
    assert "answered in parts" in result.notes
    assert check(result, engine.db, result.question) == []


def test_a_question_the_parser_reads_whole_is_not_cut_into_parts(engine):
    result = answer("097の令和2年度の決算額は？予算額は？", engine=engine)
    assert result.kind == STRUCTURED and "answered in parts" not in result.notes


def test_what_a_project_did_said_in_the_past_is_its_results_and_what_it_does_its_overview(engine):
    did = answer("096は今年度何をしたの？", engine=engine)
    does = answer("096はどんなことをする事業？", engine=engine)
    assert {c.section for c in did.citations} == {"results_issues"} and "成果" in did.reading, did.text
    assert {c.section for c in does.citations} == {"overview"} and "概要" in does.reading, does.text


def test_a_part_saying_in_its_own_words_what_it_counts_is_not_the_figure_the_part_before_asked(engine):
    result = answer("未来共創プロジェクトの申請件数、令和2年度の目標と実績はどうでしたか？あと実際に採択されたのは何件？", engine=engine)
    assert any("3件を採択" in c.quote for c in result.citations)


def test_parts_none_of_which_the_parser_reads_are_not_answered_one_by_one(engine, monkeypatch):
    # "…, and how many matches came out of it?": neither part is read from the table, so the whole is answered as
    # one; the parts are not each searched first only to be dropped (each search embeds its text)
    planned = []
    plan = engine_module._planned
    monkeypatch.setattr(engine_module, "_planned", lambda text, *rest, **kw: planned.append(text) or plan(text, *rest, **kw))
    question = "How many consultations did the TGI help desk handle for project 092, and how many matches came of it?"
    result = answer(question, engine=engine)
    assert planned == [question], planned
    assert "92" in result.text or "092" in result.text
    assert "answered in parts" not in result.notes


def test_what_the_money_went_on_is_told_by_the_passages_beside_its_amount(engine):
    # the amount is read from the table; what it was spent on is an account (成果: 負担金を拠出した)
    result = answer("012の令和2年度の決算額はいくら？それと、そのお金は何に使ったの？", engine=engine)
    assert "50,000" in result.text and "負担金" in result.text, result.text
    assert {c.section for c in result.citations} == {"costs", "results_issues"}
    english = answer("What did project 012 spend its money on?", engine=engine)
    assert english.kind != STRUCTURED and "負担金" in english.text, english.text


def test_how_it_was_done_is_answered_by_what_was_done(engine):
    # 「どのように行ったの？」 asks how the events were held: the 成果 row says (すべてオンラインで行った)
    result = answer("科学教育の事業では、イベントをどのように行ったの？", engine=engine)
    assert "オンライン" in result.text and "成果" in result.text, result.text
    # how it will be done is a plan, not what was done
    assert "成果" not in asked_rows(parse_query("これからどうやって巻き返すつもりなの？"))
    assert "成果" in asked_rows(parse_query("どうやって開催したの？"))


def test_a_part_that_reads_with_the_described_project_put_in_is_answered_from_the_table(engine):
    # the description (データ連携基盤) finds 012; put in by its number, the first part reads whole (方向性, 改善目標)
    # though the second, a remark, does not
    result = answer("データ連携基盤の事業って、今後どう改善していくの？協議会の体制も変わるって聞いたけど", engine=engine)
    assert "answered in parts" in result.notes and "改善目標" in result.text, result.text


def test_a_described_project_is_the_one_its_words_find_though_a_shared_name_says_two(engine):
    # スマートシティ is in 011's name and 012's team; the rest (データ連携基盤を作る) describes 012 alone
    result = answer("スマートシティのデータ連携基盤（都市OS）をつくる事業、令和2年度って実際いくら使ったの？", engine=engine)
    assert {c.sheet for c in result.citations} == {"012"} and "50,000千円" in result.text, result.text


def test_what_is_changing_from_next_year_is_the_improvement_goal(engine):
    # 改善目標 holds what changes from 令和3年度 (the council's chair and secretariat)
    result = answer("For project 012, what's changing about its council from FY2021?", engine=engine)
    assert "改善目標" in result.text and "一本化" in result.text, result.text
