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



def test_names_matched_alike_come_in_the_order_of_their_numbers_whatever_the_rows_order():
    # (the index's sets iterate in an order that changes from one process to the next: ties go by number)
    rows = [("0897", "博物館資料整理事業", None), ("0894", "博物館資料収集事業", None), ("0896", "博物館資料展示事業", None)]
    question = parse_query("博物館資料の保管って、困ってることある？")
    resolved = [Catalogue.from_rows(order).resolve(question) for order in (rows, rows[::-1])]
    assert resolved[0].projects == resolved[1].projects == ["0894", "0896", "0897"]
    assert resolved[0].ambiguous
