"""The Query types, their JSON and schema, the catalogue and the renderings ("how I read the question")."""

import json

import pytest

from jimuqa.answering import operators as ops
from jimuqa.answering.catalogue import PRINTED_LABELS, WORDS, catalogue, lexicon, schema_columns
from jimuqa.answering.query import (
    Aggregate,
    Attainment,
    Combine,
    Compare,
    Field,
    Listing,
    Member,
    Narrative,
    Query,
    Ranking,
    Refusal,
    Value,
    problems,
    query_schema,
)
from jimuqa.answering.reading import reading
from jimuqa.index.model import BASIC_INFO_LABELS, COST_ITEMS, COST_UNITS, EVALUATION_FIELDS, INDICATOR_TYPES

CHANGE = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
EXECUTION_RATE = Combine("ratio", Field("settlement"), Field("budget"))
UNSPENT = Combine("difference", Field("budget"), Field("settlement"))
TOTAL_COST = Combine("sum", Field("settlement"), Field("personnel_cost_total"))

# One query of every kind of ask, filter and measure.
QUERIES = [
    Query(Value(Field("budget", "R02")), projects=("097",)),
    Query(Value(Field("indicator_actual", indicator=2)), projects=("094",), years=("R01", "R02")),
    Query(Listing(), filters=(Member("new_or_continuing", ("新規",)),)),
    Query(Listing(Field("priority")), filters=(Compare(Field("priority"), "missing"),)),
    Query(Ranking(CHANGE, "asc", 1)),
    Query(Ranking(EXECUTION_RATE, "desc", 3), years=("R02",), filters=(Compare(Field("budget"), "nonzero"),)),
    Query(Aggregate("total", TOTAL_COST), years=("R02",), filters=(Member("direction", ("継続",)),)),
    Query(Aggregate("average", UNSPENT), years=("R02",), sheet_year="R02"),
    Query(Aggregate("count", of="indicator"), years=("R02",), filters=(Member("indicator_status", ("missed",)),)),
    Query(Attainment(), projects=("097", "094"), years=("R01", "R02"), lang="en"),
    Query(Narrative(("results_issues", "direction"), "協定"), projects=("094",)),
    Query(Refusal("opinion", "無駄だと思う？")),
    Query(
        Listing(),
        filters=(
            Member("sdgs", (8, 11)),
            Member("indicator_type", ("成果指標",), negate=True),
            Compare(Field("overtime_hours", "R02"), "ge", 100.5),
            Compare(Combine("percent", Field("settlement"), Field("budget")), "lt", 90),
        ),
        years=("R02",),
    ),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: type(q.ask).__name__)
def test_json_round_trip_is_exact(query):
    text = json.dumps(query.to_json(), ensure_ascii=False)
    again = Query.from_json(json.loads(text))
    assert again == query
    assert again.to_json() == query.to_json()


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: type(q.ask).__name__)
def test_every_query_fits_the_schema(query):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(query.to_json(), query_schema())
    assert problems(query) == []


def test_schema_rejects_what_from_json_rejects():
    jsonschema = pytest.importorskip("jsonschema")
    bad = QUERIES[4].to_json()
    bad["ask"]["direction"] = "sideways"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, query_schema())
    with pytest.raises(ValueError, match="sideways"):
        Query.from_json(bad)
    unknown = {"ask": {"kind": "value", "measure": {"kind": "field", "field": "budget"}}, "colour": "red"}
    with pytest.raises(ValueError, match="colour"):
        Query.from_json(unknown)


def test_schema_names_every_field_and_operation():
    defs = query_schema()["$defs"]
    assert set(defs["Field"]["properties"]["field"]["enum"]) == set(catalogue())
    assert defs["Compare"]["properties"]["op"]["enum"] == list(ops.COMPARISONS)
    assert defs["Combine"]["properties"]["op"]["enum"] == list(ops.MEASURE_OPS)
    assert defs["Aggregate"]["properties"]["op"]["enum"] == list(ops.AGGREGATES)


def test_problems_names_what_cannot_run():
    query = Query(Value(Field("budget", "2020")), filters=(Compare(Field("budget"), "gt"),), years=("FY20",))
    assert problems(query) == ["not a year code: '2020'", "gt needs a value", "not a year code: 'FY20'"]


def test_text_is_never_added_up_ranked_or_combined_but_listed_and_counted():
    assert problems(Query(Aggregate("spread", Field("ofunato_stakeholder_views")), projects=("1397", "1315")))
    assert problems(Query(Ranking(Field("purpose"))))
    assert problems(Query(Value(Combine("difference", Field("budget"), Field("purpose")))))
    assert problems(Query(Listing(Field("purpose")))) == []
    assert problems(Query(Aggregate("total", Field("budget")))) == []
    # a condition on a text (the names holding words) chooses what is added up; it is not added up itself
    assert problems(Query(Aggregate("total", Field("budget")), filters=(Compare(Field("name"), "contains", "選挙"),))) == []


# ---- the catalogue -----------------------------------------------------------------------------------------


def test_catalogue_has_every_field_of_the_model_with_its_printed_label():
    fields = catalogue()
    for labels in (COST_ITEMS, EVALUATION_FIELDS, {k: v for k, v in BASIC_INFO_LABELS.items()}):
        for key, label in labels.items():
            assert fields[key].label_ja == label
    for key, unit in COST_UNITS.items():
        assert fields[key].unit == unit
    assert fields["indicator_type"].values == INDICATOR_TYPES
    assert fields["settlement"].yearly and not fields["settlement"].per_indicator
    assert fields["indicator_actual"].yearly and fields["indicator_actual"].per_indicator
    assert fields["priority"].numeric and not fields["direction"].numeric


def test_catalogue_covers_every_column_of_the_schema():
    columns = schema_columns()
    fields = catalogue()
    by_place = {(f.table, f.column) for f in fields.values()}
    for table in ("sheets", "costs", "indicators", "indicator_values"):
        for column, _ in columns[table]:
            if column in {"id", "sheet_id", "year", "printed", "file", "first_line", "last_line", "no", "form", "worksheet"}:
                continue
            if column in {"indicator_no", "line"} or column.endswith("_printed"):
                continue
            assert (table, column) in by_place, f"{table}.{column} is not in the catalogue"


def test_every_field_has_english_words_and_synonyms():
    for key, info in catalogue().items():
        assert key in WORDS, f"{key}: no English label or synonyms in catalogue.WORDS"
        assert key in PRINTED_LABELS
        assert info.label_en and info.synonyms_ja and info.synonyms_en


def test_the_catalogue_names_no_project(seed_sheets):
    words = set(lexicon())
    for sheet in seed_sheets.values():
        assert sheet.name not in words
        assert not any(sheet.name in word for word in words)


def test_lexicon_maps_labels_and_synonyms_to_fields():
    words = lexicon()
    assert words["決算額"] == "settlement"
    assert words["spending"] == "settlement"
    assert words["残業"] == "overtime_hours"
    assert words["優先度"] == "priority"


# ---- renderings --------------------------------------------------------------------------------------------


def test_the_briefs_change_example_in_both_languages():
    query = Query(Ranking(CHANGE, "asc", 1))
    assert reading(query, "ja") == "令和元年度→令和2年度の決算額の増減が最も小さい（最も減った）事業を1件"
    assert reading(query, "en") == (
        "the 1 project whose settled amount (決算額) changed least from FY2019 to FY2020 (the largest cut)"
    )
    up = Query(Ranking(CHANGE, "desc", 3))
    assert reading(up, "ja") == "令和元年度→令和2年度の決算額の増減が最も大きい（最も増えた）事業を3件"
    assert reading(up, "en") == (
        "the 3 projects whose settled amount (決算額) changed most from FY2019 to FY2020 (the largest increase)"
    )


@pytest.mark.parametrize(
    ("query", "ja", "en"),
    [
        (
            Query(Value(EXECUTION_RATE), projects=("092",), years=("R02",)),
            "事業092の令和2年度の決算額 ÷ 予算額",
            "settled amount (決算額) ÷ budget (予算額) in FY2020 of project 092",
        ),
        (
            Query(Aggregate("total", TOTAL_COST), years=("R02",), filters=(Member("direction", ("継続",)),)),
            "方向性が継続の事業の令和2年度の決算額 + 人件費計の合計",
            "the total of settled amount (決算額) + personnel costs (人件費計) in FY2020 over projects"
            " where future direction (方向性) is continuing",
        ),
        (
            Query(Aggregate("average", UNSPENT), years=("R02",)),
            "全事業の令和2年度の予算額 − 決算額の平均",
            "the average of budget (予算額) − settled amount (決算額) in FY2020 over all projects",
        ),
        (
            Query(Aggregate("count"), filters=(Member("new_or_continuing", ("新規",)),)),
            "新規・継続が新規の事業の件数",
            "the number of projects where new or continuing (新規・継続) is new",
        ),
        (
            Query(Listing(), filters=(Member("indicator_status", ("missed",), year="R02"),)),
            "令和2年度の達成状況が未達成の指標がある事業の一覧",
            "the list of projects where some indicator's attainment (達成状況) in FY2020 is missed",
        ),
        (
            Query(Attainment(), projects=("097",), years=("R01", "R02")),
            "事業097の指標の令和元年度・令和2年度の目標達成状況",
            "whether the indicators of project 097 met their targets in FY2019 and FY2020",
        ),
        (
            Query(
                Ranking(Field("staff_ratio"), "desc", 2),
                years=("R02",),
                filters=(Compare(Field("budget"), "gt", 5000),),
            ),
            "令和2年度の予算額が5,000千円を超える事業のうち、令和2年度の正職員従事割合が最も大きい事業を2件",
            "the 2 projects with the largest regular staff assigned (正職員従事割合) in FY2020 among projects where"
            " budget (予算額) in FY2020 is more than 5,000 thousand yen",
        ),
        (
            Query(Listing(), filters=(Member("sdgs", (8,)), Compare(Field("settlement", "R02"), "zero"))),
            "SDGsに目標8を含む、かつ令和2年度の決算額が0の事業の一覧",
            "the list of projects where SDG goals (SDGs) include goal 8 and settled amount (決算額) in FY2020 is zero",
        ),
        (
            Query(Listing(Field("priority")), filters=(Compare(Field("priority"), "missing"),)),
            "優先度の記載がない事業の一覧と優先度",
            "the list of projects where priority (優先度) is not reported with priority (優先度)",
        ),
        (
            Query(Narrative(("results_issues",), "協定"), projects=("094",)),
            "事業094のシートの「事業の成果と課題」の記述（協定について）",
            "what the sheets of project 094 say under Results and issues (about “協定”)",
        ),
        (
            Query(Refusal("future")),
            "答えられない質問（将来の予測）",
            "a question the sheets cannot answer (a prediction)",
        ),
        (
            Query(Value(Field("budget")), projects=("092",), years=("R01", "R02")),
            "令和元年度・令和2年度それぞれの事業092の予算額",
            "budget (予算額) of project 092 (for each of FY2019 and FY2020)",
        ),
        (
            Query(
                Value(Combine("percent", Field("settlement"), Field("budget"))), projects=("092", "097"), years=("R02",)
            ),
            "事業092・097の令和2年度の予算額に対する決算額の割合（%）",
            "settled amount (決算額) as a percentage of budget (予算額) in FY2020 of projects 092 and 097",
        ),
    ],
)
def test_renderings(query, ja, en):
    assert reading(query, "ja") == ja
    assert reading(query, "en") == en


def test_rendering_defaults_to_the_query_language_and_shows_names():
    query = Query(Value(Field("budget", "R02")), projects=("097",), lang="en")
    assert reading(query) == "budget (予算額) in FY2020 of project 097"
    assert (
        reading(query, "ja", names={"097": "ロボットの街つくば推進事業"})
        == "事業097 ロボットの街つくば推進事業の令和2年度の予算額"
    )


@pytest.mark.parametrize("op", list(ops.COMPARISONS))
def test_every_comparison_renders_in_both_languages(op):
    comparison = ops.COMPARISONS[op]
    value = ("ロボット" if op == "contains" else 1000) if comparison.arity else None  # contains: words, a string
    query = Query(Listing(), filters=(Compare(Field("budget", "R02"), op, value),))
    ja, en = reading(query, "ja"), reading(query, "en")
    assert "令和2年度の予算額" in ja and "budget (予算額) in FY2020" in en
    if op == "contains":
        assert "「ロボット」" in ja and "“ロボット”" in en
    elif comparison.arity:
        assert "1,000千円" in ja and "1,000 thousand yen" in en
