"""How the planner's project catalogue (``answering.projects``) finds the projects a question names."""

from __future__ import annotations

from jimuqa.answering.normalise import parse_query
from jimuqa.answering.projects import Catalogue

ROWS = [
    ("001", "東京2020大会応援事業", None),
    ("002", "スマートシティの推進", "スマートシティ戦略室"),
    ("003", "市民マラソン2020開催事業", None),
]


def test_a_run_of_digits_shared_with_names_is_scored_without_error():
    # a run such as 2020 has no character pairs the index keeps (digits say nothing of a name)
    resolution = Catalogue.from_rows(ROWS).resolve(parse_query("2020応援事業の予算は？"))
    assert resolution.projects == ["001"]

