"""The city-scale benchmark asks questions whose right sheets it knows, and checks the answers cite them."""

import json

import pytest

from jimuqa.bench.bench import child_queries, cites_an_expected_sheet, make_questions
from jimuqa.bench.generate import generate, read_truth
from jimuqa.index.build import build
from jimuqa.index.search.search_index import write_indexes
from jimuqa.settings import Settings


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return generate(12, 3, tmp_path_factory.mktemp("generated"))


def test_questions_that_name_a_project_expect_its_sheet(generated):
    truth = read_truth(generated)
    by_number = {sheet["number"]: sheet for sheet in truth}
    questions = make_questions(truth, 120)
    named = [q for q in questions if "sheets" in q and "sentence" not in q]
    assert named and {q["kind"] for q in questions} == {"structured", "narrative"}
    for q in named:
        (number,) = q["sheets"]
        assert number in q["question"] or by_number[number]["name"] in q["question"]


def test_a_sentence_expects_every_sheet_that_holds_it(generated):
    truth = read_truth(generated)
    about_a_sentence = [q for q in make_questions(truth, 200) if "sentence" in q]
    assert about_a_sentence
    for q in about_a_sentence:
        assert q["sentence"] in q["question"]
        holding = [s["number"] for s in truth if any(q["sentence"] in text for text in s["texts"].values())]
        assert q["sheets"] == holding and holding


def test_questions_over_every_project_expect_no_one_sheet(generated):
    aggregates = [q for q in make_questions(read_truth(generated), 200) if "sheets" not in q]
    assert aggregates and all(q["kind"] == "structured" for q in aggregates)


def test_an_answer_is_right_when_it_cites_an_expected_sheet():
    class Cited:
        def __init__(self, sheet):
            self.sheet = sheet

    assert cites_an_expected_sheet({"sheets": ["101", "102"]}, [Cited("300"), Cited("102")]) is True
    assert cites_an_expected_sheet({"sheets": ["101"]}, [Cited("300")]) is False
    assert cites_an_expected_sheet({"sheets": ["101"]}, []) is False
    assert cites_an_expected_sheet({}, [Cited("101")]) is None


def test_answers_on_a_generated_corpus_cite_the_sheets_asked_about(generated, tmp_path):
    # The real model and engine on generated sheets, as the benchmark runs them, at a size CI can afford.
    data = tmp_path / "data"
    build(Settings(corpus_dir=generated, data_dir=data), index_step=write_indexes)
    questions = tmp_path / "questions.json"
    questions.write_text(json.dumps(make_questions(read_truth(generated), 40), ensure_ascii=False))
    measured = child_queries(data, questions, warmup=0, chroma_url=None, profile=0)
    for kind in ("structured", "narrative"):
        right, asked = measured["sheet_cited"][kind]
        assert asked >= 5 and right / asked >= 0.8, (kind, right, asked)
        assert measured["latency_ms"][kind]["n"] == 20
