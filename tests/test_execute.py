"""The executor on the seed table, checked against the parsed sheets (an independent path to every value)."""

import operator

import pytest

from jimuqa.answering.execute import Figure, execute, recompute, run
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
)
from jimuqa.index.table import open_table, write_table

PYTHON_OPS = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le, "gt": operator.gt,
              "ge": operator.ge}  # fmt: skip
EXECUTION_RATE = Combine("ratio", Field("settlement"), Field("budget"))
UNSPENT = Combine("difference", Field("budget"), Field("settlement"))
TOTAL_COST = Combine("sum", Field("settlement"), Field("personnel_cost_total"))


@pytest.fixture(scope="module")
def table_path(seed_sheets, tmp_path_factory):
    path = tmp_path_factory.mktemp("query") / "table.sqlite"
    write_table(path, list(seed_sheets.values()))
    return path


@pytest.fixture(scope="module")
def db(table_path):
    connection = open_table(table_path)
    yield connection
    connection.close()


def one_group(outcome):
    assert len(outcome.groups) == 1
    return outcome.groups[0]


def numbers(rows):
    return sorted(r.sheet for r in rows)


def cost(sheet, item, year):
    return getattr(sheet.costs[year], item) if year in sheet.costs else None


def all_figures(figure):
    yield figure
    for f in figure.inputs:
        yield from all_figures(f)


def assert_traceable(outcome):
    """Every number recomputes from its inputs, and every leaf names its sheet and field."""
    for group in outcome.groups:
        figures = [r.figure for r in group.rows + group.missing if r.figure] + [group.aggregate] * bool(group.aggregate)
        for figure in figures:
            assert recompute(figure) == figure.value
            for leaf in all_figures(figure):
                assert leaf.cell is not None or leaf.op is not None


# ---- comparisons, zero, missing ----------------------------------------------------------------------------


@pytest.mark.parametrize("op", list(PYTHON_OPS))
def test_each_comparison(db, seed_sheets, op):
    threshold = 5823  # a budget one sheet has exactly, so = and ≠, ≤ and < differ
    query = Query(Listing(), filters=(Compare(Field("budget"), op, threshold),), years=("R02",))
    expected = [n for n, s in seed_sheets.items() if PYTHON_OPS[op](cost(s, "budget", "R02"), threshold)]
    assert numbers(one_group(execute(query, db)).rows) == sorted(expected)


def test_zero_and_nonzero(db, seed_sheets):
    zero = Query(Listing(), filters=(Compare(Field("settlement", "R02"), "zero"),))
    nonzero = Query(Listing(), filters=(Compare(Field("settlement", "R02"), "nonzero"),))
    expected_zero = [n for n, s in seed_sheets.items() if cost(s, "settlement", "R02") == 0]
    assert expected_zero and numbers(one_group(execute(zero, db)).rows) == sorted(expected_zero)
    assert numbers(one_group(execute(nonzero, db)).rows) == sorted(set(seed_sheets) - set(expected_zero))


def test_a_missing_value_is_neither_zero_nor_compared_and_is_reported_with_its_reason(db, seed_sheets):
    # The form prints 0 for budgets before the sheet's year: not reported, so not zero.
    query = Query(Listing(), filters=(Compare(Field("budget", "R01"), "zero"),))
    group = one_group(execute(query, db))
    assert group.rows == []
    assert numbers(group.missing) == sorted(n for n, s in seed_sheets.items() if cost(s, "budget", "R01") is None)
    assert {r.figure.missing for r in group.missing} == {"budget_not_reported"}
    assert {r.figure.cell.printed for r in group.missing} == {"0"}


def test_missing_filter_lists_projects_with_the_reason_the_sheet_gives(db, seed_sheets):
    query = Query(Listing(Field("priority")), filters=(Compare(Field("priority"), "missing"),))
    group = one_group(execute(query, db))
    expected = [n for n, s in seed_sheets.items() if s.evaluation["priority"].score is None]
    assert expected and numbers(group.rows) == sorted(expected)
    assert {(r.figure.missing, r.figure.cell.printed) for r in group.rows} == {("dash", "-")}


def test_not_settled_and_not_recorded_reasons(db, seed_sheets):
    settled = one_group(execute(Query(Value(Field("settlement", "R03")), projects=("097",)), db))
    assert settled.rows == [] and settled.missing[0].figure.missing == "not_settled"
    actual = one_group(execute(Query(Value(Field("indicator_actual", "R03")), projects=("097",)), db))
    assert seed_sheets["097"].indicators[0].actuals["R03"] is None
    assert actual.missing[0].figure.missing == "not_recorded"
    column = one_group(execute(Query(Value(Field("budget", "R06")), projects=("097",)), db))
    assert column.missing[0].figure.missing == "no_column"


# ---- membership and AND ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (Member("direction", ("終了",)), lambda s: s.direction == "終了"),
        (Member("direction", ("終了",), negate=True), lambda s: s.direction != "終了"),
        (Member("new_or_continuing", ("新規",)), lambda s: s.new_or_continuing == "新規"),
        (Member("sdgs", (8,)), lambda s: any(g.startswith("08") for g in s.sdgs)),
        (Member("section", ("科学の街推進係",)), lambda s: s.section == "科学の街推進係"),
        (Member("indicator_type", ("成果指標",)), lambda s: any(i.type == "成果指標" for i in s.indicators)),
    ],
    ids=["direction", "direction-not", "new", "sdg", "section", "indicator-kind"],
)
def test_each_membership_filter(db, seed_sheets, member, expected):
    want = sorted(n for n, s in seed_sheets.items() if expected(s))
    assert want and numbers(one_group(execute(Query(Listing(), filters=(member,)), db)).rows) == want


def status(indicator, year):
    target, actual = indicator.targets.get(year), indicator.actuals.get(year)
    if target is None:
        return "no_target"
    if actual is None:
        return "not_recorded"
    return "met" if actual >= target else "missed"


def test_indicator_status_filter_did_not_meet(db, seed_sheets):
    query = Query(Listing(), filters=(Member("indicator_status", ("missed",)),), years=("R02",))
    want = sorted(n for n, s in seed_sheets.items() if any(status(i, "R02") == "missed" for i in s.indicators))
    group = one_group(execute(query, db))
    assert want and numbers(group.rows) == want
    # Sheets without indicators are reported, not silently dropped.
    assert {r.figure.missing for r in group.missing} == {"no_indicator"}
    assert numbers(group.missing) == sorted(n for n, s in seed_sheets.items() if not s.indicators)


def test_filters_combine_with_and(db, seed_sheets):
    filters = (Member("section", ("イノベーション推進係",)), Compare(Field("settlement", "R02"), "gt", 1000))
    want = sorted(
        n for n, s in seed_sheets.items() if s.section == "イノベーション推進係" and cost(s, "settlement", "R02") > 1000
    )
    only_first = [n for n, s in seed_sheets.items() if s.section == "イノベーション推進係"]
    assert want and len(want) < len(only_first)
    assert numbers(one_group(execute(Query(Listing(), filters=filters), db)).rows) == want


# ---- rankings ----------------------------------------------------------------------------------------------


def reference_ranking(values: dict[str, float], descending: bool, k: int) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4) of every value within the top k."""
    ranks = {n: 1 + sum((w > v) if descending else (w < v) for w in values.values()) for n, v in values.items()}
    return {n: r for n, r in ranks.items() if r <= k}


@pytest.mark.parametrize(("item", "year"), [("staff_ratio", "R02"), ("budget", "R03"), ("overtime_hours", "R02")])
@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("k", [1, 3])
def test_rankings_with_ties(db, seed_sheets, item, year, direction, k):
    query = Query(Ranking(Field(item), direction, k), years=(year,))
    group = one_group(execute(query, db))
    rows = group.rows
    values = {n: cost(s, item, year) for n, s in seed_sheets.items() if cost(s, item, year) is not None}
    if direction == "asc":  # smallest first, zeros are set aside (and said), not ranked
        assert {r.sheet for r in group.set_aside} == {n for n, v in values.items() if v == 0}
        values = {n: v for n, v in values.items() if v != 0}
    assert {r.sheet: r.rank for r in rows} == reference_ranking(values, direction == "desc", k)
    ordered = [r.figure.value for r in rows]
    assert ordered == sorted(ordered, reverse=direction == "desc")


def test_ties_straddling_top_k_are_all_returned(db):
    group = one_group(execute(Query(Ranking(Field("budget"), "desc", 10), years=("R03",)), db))
    lowest = min(r.figure.value for r in group.rows)
    tied_last = [r for r in group.rows if r.figure.value == lowest]
    assert len(tied_last) == 2 and lowest == 0 and len({r.rank for r in tied_last}) == 1
    smallest = one_group(execute(Query(Ranking(Field("budget"), "asc", 1), years=("R03",)), db))
    assert {r.figure.value for r in smallest.set_aside} == {0} and len(smallest.set_aside) == 2
    assert smallest.rows and all(r.rank == 1 and r.figure.value > 0 for r in smallest.rows)
    ratio = one_group(execute(Query(Ranking(Field("staff_ratio"), "desc", 3), years=("R02",)), db)).rows
    assert [r.rank for r in ratio][:2] == [1, 2] and len(ratio) > 3 and {r.rank for r in ratio[2:]} == {3}


def test_missing_values_are_left_out_of_rankings(db, seed_sheets):
    group = one_group(execute(Query(Ranking(Field("budget"), "desc", 10), years=("R01",)), db))
    assert group.rows == [] and len(group.missing) == len(seed_sheets)


# ---- derived measures --------------------------------------------------------------------------------------


def test_execution_rate(db, seed_sheets):
    group = one_group(execute(Query(Value(EXECUTION_RATE), years=("R02",)), db))
    for row in group.rows:
        sheet = seed_sheets[row.sheet]
        assert row.figure.value == pytest.approx(cost(sheet, "settlement", "R02") / cost(sheet, "budget", "R02"))
        assert [f.cell.field for f in row.figure.inputs] == ["settlement", "budget"]
    zero_budget = [n for n, s in seed_sheets.items() if cost(s, "budget", "R02") == 0]
    assert numbers(group.missing) == zero_budget and group.missing[0].figure.missing == "zero_divisor"
    assert_traceable(execute(Query(Value(EXECUTION_RATE), years=("R02",)), db))


def test_unspent_budget_and_total_cost(db, seed_sheets):
    for measure, compute in (
        (UNSPENT, lambda s: cost(s, "budget", "R02") - cost(s, "settlement", "R02")),
        (TOTAL_COST, lambda s: cost(s, "settlement", "R02") + cost(s, "personnel_cost_total", "R02")),
    ):
        outcome = execute(Query(Value(measure), years=("R02",)), db)
        assert {r.sheet: r.figure.value for r in one_group(outcome).rows} == {
            n: compute(s) for n, s in seed_sheets.items()
        }
        assert_traceable(outcome)


def test_a_cut_is_negative_and_the_largest_cut_ranks_first_ascending(db, seed_sheets):
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    changes = {n: cost(s, "settlement", "R02") - cost(s, "settlement", "R01") for n, s in seed_sheets.items()}
    values = one_group(execute(Query(Value(change)), db)).rows
    assert {r.sheet: r.figure.value for r in values} == changes
    assert min(changes.values()) < 0
    first = one_group(execute(Query(Ranking(change, "asc", 1)), db)).rows
    assert [r.sheet for r in first] == [n for n, v in changes.items() if v == min(changes.values())]
    assert first[0].figure.value < 0
    cell = first[0].figure.inputs[0].cell
    assert (cell.sheet, cell.field, cell.year) == (first[0].sheet, "settlement", "R02")


# ---- aggregates --------------------------------------------------------------------------------------------


def test_total_average_count(db, seed_sheets):
    values = [cost(s, "settlement", "R02") for s in seed_sheets.values()]
    total = one_group(execute(Query(Aggregate("total", Field("settlement")), years=("R02",)), db)).aggregate
    average = one_group(execute(Query(Aggregate("average", Field("settlement")), years=("R02",)), db)).aggregate
    count = one_group(execute(Query(Aggregate("count"), filters=(Member("direction", ("継続",)),)), db)).aggregate
    assert total.value == sum(values) and len(total.inputs) == len(values)
    assert average.value == pytest.approx(sum(values) / len(values))
    assert count.value == sum(s.direction == "継続" for s in seed_sheets.values())
    for figure in (total, average, count):
        assert recompute(figure) == figure.value


def test_a_total_of_a_rate_is_the_rate_of_the_totals(db, seed_sheets):
    # what share of the spending was general revenue, every project together: 一般財源 totalled over 決算額 totalled,
    # not the shares added up
    share = Combine("percent", Field("general_fund"), Field("settlement"))
    group = one_group(execute(Query(Aggregate("total", share), years=("R02",)), db))
    pairs = [(cost(s, "general_fund", "R02"), cost(s, "settlement", "R02")) for s in seed_sheets.values()]
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
    assert group.aggregate.value == pytest.approx(100 * sum(a for a, _ in pairs) / sum(b for _, b in pairs))
    assert group.aggregate.value < 100 and recompute(group.aggregate) == group.aggregate.value


def test_a_total_of_a_rate_adds_the_projects_that_have_no_rate_of_their_own(db, seed_sheets):
    # the change of the total spending: a project that spent nothing the year before has no rate of its own (it
    # divides by 0), but its spending is part of the total's rise; it is reported, not dropped
    change = Combine("difference", Field("settlement", "R02"), Field("settlement", "R01"))
    group = one_group(execute(Query(Aggregate("total", Combine("percent", change, Field("settlement", "R01")))), db))
    pairs = [(cost(s, "settlement", "R02"), cost(s, "settlement", "R01")) for s in seed_sheets.values()]
    pairs = [(later, earlier) for later, earlier in pairs if later is not None and earlier is not None]
    want = 100 * (sum(a for a, _ in pairs) - sum(b for _, b in pairs)) / sum(b for _, b in pairs)
    assert group.aggregate.value == pytest.approx(want)
    assert any(r.figure.missing == "in_totals_only" for r in group.missing)
    assert_traceable(execute(Query(Aggregate("total", Combine("percent", change, Field("settlement", "R01")))), db))


def test_aggregates_leave_out_missing_values_and_report_them(db, seed_sheets):
    group = one_group(execute(Query(Aggregate("average", Field("priority"))), db))
    scores = [s.evaluation["priority"].score for s in seed_sheets.values()]
    present = [v for v in scores if v is not None]
    assert group.aggregate.value == pytest.approx(sum(present) / len(present))
    assert len(group.missing) == scores.count(None) > 0
    empty = one_group(execute(Query(Aggregate("total", Field("budget")), years=("R01",)), db)).aggregate
    assert empty.value is None and empty.missing == "no_values"


def test_count_of_indicators_that_did_not_meet(db, seed_sheets):
    query = Query(
        Aggregate("count", of="indicator"), filters=(Member("indicator_status", ("missed",)),), years=("R02",)
    )
    want = sum(status(i, "R02") == "missed" for s in seed_sheets.values() for i in s.indicators)
    assert one_group(execute(query, db)).aggregate.value == want > 0


# ---- attainment and indicators -----------------------------------------------------------------------------


def test_attainment_per_indicator_and_year(db, seed_sheets):
    outcome = execute(Query(Attainment(), years=("R01", "R02")), db)
    assert [g.year for g in outcome.groups] == ["R01", "R02"]
    for group in outcome.groups:
        want = {(n, i.no): status(i, group.year) for n, s in seed_sheets.items() for i in s.indicators}
        assert {(r.sheet, r.indicator): r.status for r in group.rows} == want
        assert sum(group.counts.values()) == len(want)
        for row in group.rows:
            assert row.actual.cell.field == "indicator_actual" and row.actual.cell.indicator == row.indicator


def test_attainment_filtered_to_did_not_meet(db, seed_sheets):
    query = Query(Attainment(), filters=(Member("indicator_status", ("met",), negate=True),), years=("R02",))
    rows = one_group(execute(query, db)).rows
    want = {(n, i.no) for n, s in seed_sheets.items() for i in s.indicators if status(i, "R02") != "met"}
    assert {(r.sheet, r.indicator) for r in rows} == want
    assert "met" not in {r.status for r in rows}


def test_several_indicators_per_project(db, seed_sheets):
    rows = one_group(execute(Query(Value(Field("indicator_actual")), projects=("094",), years=("R02",)), db)).rows
    assert [(r.indicator, r.figure.value) for r in rows] == [
        (i.no, i.actuals["R02"]) for i in seed_sheets["094"].indicators
    ]
    assert len(rows) > 1


# ---- other asks --------------------------------------------------------------------------------------------


def test_named_projects_unknown_projects_and_years(db, seed_sheets):
    outcome = execute(Query(Value(Field("budget")), projects=("097", "999"), years=("R02", "R03")), db)
    assert outcome.unknown_projects == ["999"]
    assert [[r.figure.value for r in g.rows] for g in outcome.groups] == [
        [cost(seed_sheets["097"], "budget", y)] for y in ("R02", "R03")
    ]
    own_year = one_group(execute(Query(Value(Field("budget")), projects=("097",)), db))
    assert own_year.rows[0].figure.cell.year == seed_sheets["097"].fiscal_year


def test_narrative_returns_the_sections_and_refusal_its_reason(db, seed_sheets):
    rows = one_group(execute(Query(Narrative(("direction",)), projects=("010",)), db)).rows
    assert [r.section for r in rows] == ["direction"]
    assert rows[0].text == seed_sheets["010"].section_by_id("direction").text
    refused = execute(Query(Refusal("opinion")), db)
    assert refused.refusal == "opinion" and refused.groups == []


def test_filters_carry_their_evidence(db):
    query = Query(Listing(), filters=(Compare(Field("budget"), "gt", 10000),), years=("R02",))
    for row in one_group(execute(query, db)).rows:
        (evidence,) = row.evidence
        assert isinstance(evidence, Figure) and evidence.value > 10000 and evidence.cell.sheet == row.sheet


def test_run_opens_the_table_read_only_and_results_serialise(table_path):
    outcome = run(Query(Ranking(EXECUTION_RATE, "desc", 2), years=("R02",)), table_path)
    data = outcome.to_json()
    assert data["groups"][0]["rows"][0]["figure"]["op"] == "ratio"
    assert data["query"]["ask"]["kind"] == "ranking"
