"""Every example question the app offers over two cities is answered, with citations, through the engine: an
example drawn from a city's table (``ui.sheets.city_examples``) must be one the planner reads.

The two-city engine of ``tests/test_two_cities_answers.py`` (table and fake-embedder index, built once here).
"""

from __future__ import annotations

import pytest

from jimuqa.answering.engine import answer
from jimuqa.answering.types import NARRATIVE, STRUCTURED
from jimuqa.index.ofunato_form import CITY as OFUNATO
from jimuqa.ui import labels
from jimuqa.ui.sheets import city_examples
from tests.test_two_cities import TSUKUBA

# The fixture, imported: the tests below take it by name (hence F811 on their parameters).
from tests.test_two_cities_answers import engine  # noqa: F401


def examples_by_template(two, lang: str) -> list[tuple[labels.ExampleTemplate, str]]:
    cities = city_examples(two.db)
    return [
        (template, question)
        for template in labels.EXAMPLE_TEMPLATES
        for question in labels.example_questions(cities, lang, templates=(template,))
    ]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_example_is_answered_with_citations(engine, lang):  # noqa: F811
    examples = examples_by_template(engine, lang)
    assert {template.needs for template, _ in examples} == {t.needs for t in labels.EXAMPLE_TEMPLATES}
    assert any(OFUNATO in q for _, q in examples) and any(TSUKUBA in q for _, q in examples)
    for template, question in examples:
        result = answer(question, engine=engine)
        # A question about a project's issues may be read as its issues field or answered from its sections.
        wanted = (NARRATIVE, STRUCTURED) if template is labels.NARRATIVE_EXAMPLE else (STRUCTURED,)
        assert result.kind in wanted and result.citations, (question, result.text)
        assert result.lang == lang, question


def test_an_ofunato_example_is_answered_from_its_own_sheets(engine):  # noqa: F811
    for lang in ("ja", "en"):
        question = next(q for t, q in examples_by_template(engine, lang) if t.needs == "department" and OFUNATO in q)
        result = answer(question, engine=engine)
        assert {c.city for c in result.citations} == {OFUNATO} and len(result.citations) == 30, result.text
