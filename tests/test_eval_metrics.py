"""The scoring rules of the evaluation, shown on small synthetic answers (no model, no stores)."""

import json

import pytest

from jimuqa.answering.types import Answer, Citation
from jimuqa.eval.metrics import (
    breakdown,
    citation_precision,
    citation_recall,
    contains_fact,
    fact_accuracy,
    language_match,
    normalise,
    numbers_in,
    percentile,
    retrieval_recall,
    retrieved_pairs,
    score_question,
    sentence_lang,
    summarise,
)
from jimuqa.eval.runner import (
    System,
    check_floors,
    compare_reports,
    format_comparison,
    load_floors,
    rescore,
    run_eval,
    run_side_by_side,
)


def cite(sheet: str, section: str, n: int = 1) -> Citation:
    return Citation(n, sheet, "project", "R02", section, "heading", "", "corpus/x.txt", 1, 2)


def answer(text: str, lang: str = "ja", kind: str = "structured", citations=(), latency_ms: float = 10.0) -> Answer:
    return Answer(question="q", text=text, lang=lang, kind=kind, citations=list(citations), latency_ms=latency_ms)


# ---------------------------------------------------------------- facts


def test_normalise_folds_width_separators_and_spaces():
    assert normalise("６，９５４ 千円") == "6954 千円"
    assert normalise("Ｒ２\n  （任意）") == "R2 (任意)"
    assert normalise("6,9541") == "6,9541"  # not a thousands separator: kept


@pytest.mark.parametrize(
    "text",
    ["予算額は6,954千円です。", "6954", "６，９５４千円", "6954.0 thousand yen", "[1] 6,954[2]"],
)
def test_a_number_fact_matches_the_same_number_however_written(text):
    assert contains_fact(text, "6,954")


@pytest.mark.parametrize("text", ["16,954千円", "6,9541", "69,540", "695.4", "6,955"])
def test_a_number_fact_never_matches_part_of_another_number(text):
    assert not contains_fact(text, "6,954")


def test_trailing_zeros_and_one_decimal_tolerance():
    assert contains_fact("1.4人", "1.40")
    assert contains_fact("33.00時間", "33")
    assert contains_fact("42.5%減", "42.5")
    assert contains_fact("a decrease of 42.48%", "42.5")  # one-decimal facts are rounded: ±0.05
    assert not contains_fact("42.6%", "42.5")
    assert not contains_fact("1.41人", "1.40")  # two decimals: exact
    assert contains_fact("score 5", 5)  # facts may be JSON numbers
    assert contains_fact("Four: 009, 093, 011 and 012.", "4")  # English number words up to twenty
    assert not contains_fact("Fourteen projects", "4")


def test_years_and_citation_markers_are_not_values():
    assert numbers_in("令和2年度[1]はR02、FY2020、2020年度、平成30年度") == []
    assert not contains_fact("012の令和2年度の進捗状況は3です[2]。", "2")
    assert contains_fact("012の令和2年度の進捗状況は2です。", "2")


def test_string_facts_are_normalised_substrings():
    assert contains_fact("基本協定を締結", "基本協定")
    assert contains_fact("SDGs ０９「産業と技術革新の\n基盤をつくろう」", "産業と技術革新の基盤をつくろう")
    assert contains_fact("jaxa", "JAXA")
    assert contains_fact("６月２５日に締結", "6月25日")
    assert contains_fact("予算科目 01-020108-18", "01-020108-18")  # not a number: a substring
    assert not contains_fact("01-020108-16", "01-020108-18")


def test_fact_accuracy_is_the_share_found():
    assert fact_accuracy("決算額4,002千円、その他財源", ["4,002", "その他"]) == 1.0
    assert fact_accuracy("決算額4,002千円", ["4,002", "その他"]) == 0.5
    assert fact_accuracy("何でも", []) is None


# ---------------------------------------------------------------- citations, retrieval, abstention


def test_citation_precision_and_recall_at_sheet_section_level():
    gold = {("097", "costs"), ("095", "costs")}
    assert citation_precision({("097", "costs")}, gold) == 1.0
    assert citation_recall({("097", "costs")}, gold) == 0.5
    assert citation_precision({("097", "costs"), ("097", "overview")}, gold) == 0.5
    assert citation_precision(set(), gold) == 0.0  # an answer that cites nothing is not precise
    assert citation_precision({("097", "costs")}, set()) is None  # no gold: not judged


def test_retrieval_recall_counts_every_section_a_hit_holds():
    class Hit:
        def __init__(self, sheet, section, sections=None):
            self.sheet, self.section = sheet, section
            if sections:
                self.sections = sections

    hits = [Hit("094", "indicators", [("094", "indicators"), ("094", "results_issues")]), Hit("097", "costs")]
    retrieved = retrieved_pairs(hits)
    assert retrieved == [("094", "indicators"), ("094", "results_issues"), ("097", "costs")]
    assert retrieval_recall(retrieved, {("094", "results_issues"), ("092", "overview")}) == 0.5
    assert retrieval_recall(retrieved, set()) is None


UNANSWERABLE_Q = {"id": "u", "lang": "ja", "question": "水戸市の予算は?", "type": "unanswerable",
                  "answer_facts": [], "citations": []}  # fmt: skip
LOOKUP_Q = {"id": "l", "lang": "ja", "question": "097の予算は?", "type": "lookup", "answer_facts": ["6,954"],
            "citations": [{"sheet": "097", "section": "costs"}]}  # fmt: skip


def test_unanswerable_questions_must_be_refused_and_answerable_ones_must_not():
    refused = answer("資料には記載がありません。", kind="unanswerable")
    answered = answer("6,954千円です。", citations=[cite("097", "costs")])
    assert score_question(UNANSWERABLE_Q, refused).abstention_correct is True
    assert score_question(UNANSWERABLE_Q, answered).abstention_correct is False
    assert score_question(LOOKUP_Q, refused).abstention_correct is False
    assert score_question(LOOKUP_Q, answered).abstention_correct is True
    # Unanswerable questions have no facts or citations to score: only the refusal counts.
    score = score_question(UNANSWERABLE_Q, refused)
    assert score.fact_accuracy is None and score.citation_precision is None and score.citation_recall is None


# ---------------------------------------------------------------- language


def test_sentence_language_heuristic():
    assert sentence_lang("097 ロボットの街つくば推進事業の令和2年度予算額は6,954千円です") == "ja"
    assert sentence_lang("Project 097 ロボットの街つくば推進事業 had a budget of 6,954 thousand yen") == "en"
    assert sentence_lang("094 市内大学・研究機関等との連携事業") is None  # a name alone: no language to judge
    assert sentence_lang("012 デジタル情報プラットフォームの導入による地域との連携推進") is None
    assert sentence_lang("Project 012 デジタル情報プラットフォームの導入による地域との連携推進 missed it") == "en"
    assert sentence_lang("Society 5.0社会実装トライアル支援事業の決算額は4,002千円で、全額その他財源でした") == "ja"


def test_english_answers_may_quote_japanese_but_must_be_written_in_english():
    quoted = "Its team is 「科学の街推進係」 (政策イノベーション部). The budget was 6,954 thousand yen [1]."
    assert language_match("en", "en", quoted)
    listing = "Projects that missed:\n- 097 ロボットの街つくば推進事業\n- 095 科学教育推進事業"
    assert language_match("en", "en", listing)
    nested = "- Results (事業の成果と課題)・成果: 「警察庁「多様な交通主体の交通ルール等の在り方に関する有識者検討会」へ市長が参加した。」[1]"
    assert language_match("en", "en", "The sheets say:\n" + nested)
    blockquote = "The sheet says:\n> 令和2年6月25日にJAXAと基本協定を締結した。"
    assert language_match("en", "en", blockquote)
    pasted = "092 国際戦略総合特区推進事業\n事業の概要\n特区プロジェクト等の推進や新たなプロジェクトを創出するため。"
    assert not language_match("en", "en", pasted)  # pasted Japanese prose is not an English answer
    assert not language_match("en", "ja", "The budget was 6,954 thousand yen.")  # declared language counts too


def test_japanese_answers_must_not_be_english_prose():
    assert language_match("ja", "ja", "JAXAとの基本協定は6月25日に締結されました。")
    assert not language_match("ja", "ja", "The agreement with JAXA was signed on June 25.")


# ---------------------------------------------------------------- aggregates and unscored questions


def test_questions_without_gold_are_answered_but_not_scored():
    bare = {"id": "x", "question": "What is project 097?"}
    score = score_question(bare, answer("It is a robot project.", lang="en", kind="narrative"))
    assert not score.scored and score.lang == "en"  # language guessed from the question
    assert score.fact_accuracy is None and score.abstention_correct is None and score.language_match is None
    lookup = score_question(LOOKUP_Q, answer("6,954千円です。", citations=[cite("097", "costs")]))
    summary = summarise([score, lookup])
    assert summary["n"] == 2 and summary["scored"] == 1
    assert summary["fact_accuracy"] == 1.0 and summary["abstention"] == 1.0
    assert set(breakdown([score, lookup], "type")) == {"-", "lookup"}


def test_latency_percentiles_interpolate():
    assert percentile([10, 20, 30, 40], 50) == 25
    assert percentile([10, 20, 30, 40], 95) == pytest.approx(38.5)
    assert percentile([], 50) is None


# ---------------------------------------------------------------- runner, comparison, floors


def fake_system(texts: dict[str, Answer]) -> System:
    def search(query, k):
        return []

    return System("fake", lambda question, history: texts[question], search)


def write_questions(path, questions):
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")


def test_run_eval_writes_reports_and_compare_finds_worse_and_better(tmp_path):
    questions = tmp_path / "questions.jsonl"
    write_questions(questions, [LOOKUP_Q, UNANSWERABLE_Q, {"id": "x", "question": "自由な質問"}])
    good = answer("6,954千円です。", citations=[cite("097", "costs")])
    refusal = answer("記載がありません。", kind="unanswerable")
    old = run_eval(
        questions, tmp_path / "old", "fake", None,
        system=fake_system({LOOKUP_Q["question"]: good, UNANSWERABLE_Q["question"]: good, "自由な質問": good}),
    )  # fmt: skip
    run_eval(
        questions, tmp_path / "new", "fake", None,
        system=fake_system({LOOKUP_Q["question"]: refusal, UNANSWERABLE_Q["question"]: refusal, "自由な質問": good}),
    )  # fmt: skip
    for name in ("answers.jsonl", "report.json", "report.md", "scores_by_type.png"):
        assert (tmp_path / "old" / name).stat().st_size > 0
    assert old["headline"]["scored"] == 2 and old["headline"]["abstention"] == 0.5
    record = json.loads((tmp_path / "old" / "answers.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert record["answer_facts"] == ["6,954"] and record["response"]["answer"] == "6,954千円です。"
    assert rescore(tmp_path / "old") == old  # scoring again from answers.jsonl gives the same report

    comparison = compare_reports(tmp_path / "old", tmp_path / "new" / "report.json")
    assert [e["id"] for e in comparison["worse"]] == ["l"]  # lost its fact, citation and its answer
    assert [e["id"] for e in comparison["better"]] == ["u"]  # now refused
    assert comparison["worse"][0]["changes"]["fact_accuracy"] == [1.0, 0.0]
    assert comparison["headline"]["fact_accuracy"]["delta"] == -1.0
    assert "## Worse (1)" in format_comparison(comparison)


def test_a_failing_answer_is_scored_wrong_not_fatal(tmp_path):
    questions = tmp_path / "questions.jsonl"
    write_questions(questions, [LOOKUP_Q])

    def broken(question, history):
        raise RuntimeError("store missing")

    report = run_eval(questions, tmp_path / "out", "fake", None, system=System("fake", broken, lambda q, k: []))
    assert report["headline"]["errors"] == 1 and report["headline"]["fact_accuracy"] == 0.0
    assert "store missing" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_check_floors_lists_metrics_below_their_floor():
    report = {
        "headline": {"fact_accuracy": 0.8, "abstention": 0.5},
        "by_type": {"lookup": {"fact_accuracy": 0.9}},
        "by_lang": {},
    }
    floors = {"headline": {"fact_accuracy": 0.75, "abstention": 0.6}, "by_type": {"lookup": {"fact_accuracy": 0.95},
              "aggregate": {"fact_accuracy": 0.1}}}  # fmt: skip
    failures = check_floors(report, floors)
    assert failures == [
        "abstention: 0.500 < floor 0.600",
        "fact_accuracy [type=lookup]: 0.900 < floor 0.950",
        "fact_accuracy [type=aggregate]: missing from the report (floor 0.100)",
    ]
    assert check_floors(report, {"headline": {"fact_accuracy": 0.8}}) == []


def test_the_shipped_floors_name_real_metrics():
    floors = load_floors()
    assert set(floors["headline"]) <= set(summarise([]))
    assert set(floors["by_type"]) == {"lookup", "aggregate", "narrative", "multi_part", "unanswerable"}


def test_side_by_side_lists_a_mode_that_cannot_load(tmp_path):
    questions = tmp_path / "questions.jsonl"
    write_questions(questions, [LOOKUP_Q])
    headlines = run_side_by_side(questions, tmp_path / "out", None, modes=("nonsense",))
    assert headlines["nonsense"].startswith("ValueError: unknown mode")
    table = (tmp_path / "out" / "side_by_side.md").read_text(encoding="utf-8")
    assert "| nonsense | failed: ValueError" in table


# ---------------------------------------------------------------- generative mode


def test_fallback_rate_counts_only_answers_a_model_was_asked_to_phrase():
    shown = score_question(LOOKUP_Q, {**answer("6,954千円です。[1]").to_json(), "mode": "generative"})
    set_aside = score_question(LOOKUP_Q, {**answer("6,954千円").to_json(), "fallback": "number 9 is in no evidence"})
    extractive = score_question(LOOKUP_Q, answer("6,954千円"))
    assert (shown.generated, set_aside.fallback, extractive.generated, extractive.fallback) == (True, True, False, False)
    assert summarise([shown, set_aside, extractive])["fallback_rate"] == 0.5
    assert summarise([extractive])["fallback_rate"] is None  # an extractive run has no fallback rate


def test_side_by_side_compares_modes_by_question_type(tmp_path, monkeypatch):
    questions = tmp_path / "questions.jsonl"
    write_questions(questions, [LOOKUP_Q])

    def loader(mode, settings):
        text = "6,954千円です。" if mode == "first" else "わかりません。"
        return System(mode, lambda q, h: answer(text), lambda q, k: [])

    monkeypatch.setattr("jimuqa.eval.runner.load_system", loader)
    run_side_by_side(questions, tmp_path / "out", None, modes=("first", "second"))
    table = (tmp_path / "out" / "side_by_side.md").read_text(encoding="utf-8")
    by_type = table.split("## By type")[1]
    assert "| lookup | first | 1 | 1 | 1.000 |" in by_type and "| lookup | second | 1 | 1 | 0.000 |" in by_type
