"""Narrative questions are answered with sentences quoted as written from the retrieved sections."""

import pytest

from jimuqa.answering import answer
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
