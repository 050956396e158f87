"""Running a Query on the table, exactly, with every number traceable to its cells.

The executor reads one edition of the sheets (``Query.sheet_year``, else the latest) from the table
(``index.table``, opened read-only) and evaluates measures and filters with the operations of
``answering.operators``. Its rules:

- a value the sheet does not report (``index.values``) is missing, with the sheet's reason
  (``operators.MISSING_REASONS``); it is left out of rankings, aggregates and comparisons and listed in
  ``Group.missing``, never read as 0;
- a difference is left − right, so a change from 令和元年度 to 令和2年度 that is a cut is negative, and
  "the largest cut" is the first row of an ascending ranking;
- rows with equal values share a rank (1, 2, 2, 4), and every row whose rank is within ``top_k`` is returned;
- a query whose measure is per indicator has one row per indicator; a per-indicator filter on a
  per-project query passes when any of the sheet's indicators does.

Every number in the result is a ``Figure``: a ``Cell`` (sheet, field, year, indicator, as printed) or an
operation over input Figures, which ``recompute`` re-derives.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from jimuqa.answering.catalogue import (
    INDICATOR_NAME_FIELDS,
    OFUNATO_KIND_LABELS,
    PRINTED_VALUES,
    STATUS,
    UNIT_BESIDE,
    FieldInfo,
    catalogue,
    counterpart,
)
from jimuqa.answering.operators import AGGREGATES, COMPARISONS, DIRECTIONS, INDICATOR, MEASURE_OPS, PROJECT
from jimuqa.answering.query import (
    Aggregate,
    Attainment,
    Combine,
    Compare,
    Field,
    Filter,
    Listing,
    Measure,
    Member,
    Narrative,
    Query,
    Ranking,
    Refusal,
    Series,
    Value,
    is_rate,
    measure_fields,
)
from jimuqa.index.sections import SECTION_IDS
from jimuqa.index.table import open_table
from jimuqa.index.values import is_not_given, reported_cost
from jimuqa.index.years import western

Scalar = int | float | str | None


@dataclass(frozen=True)
class Cell:
    """Where a number was read: one cell of one sheet, as printed."""

    sheet: str
    fiscal_year: str
    field: str
    year: str | None = None
    indicator: int | None = None
    printed: str | None = None
    city: str = ""  # a number is unique only within a city
    label: str | None = None  # the row's label as printed, where a form labels each row (成果指標サ)
    location: str | None = None  # the column(s) read, where the form is a workbook (BT, CD)
    plan: bool = False  # a planned figure (大船渡's evaluation year), not an actual


@dataclass(frozen=True)
class Figure:
    """A value with its source: a ``cell``, or ``op`` (a measure op or an aggregate) over ``inputs``.
    ``missing``: why ``value`` is None (a key of ``operators.MISSING_REASONS``)."""

    value: Scalar
    cell: Cell | None = None
    op: str | None = None
    inputs: tuple[Figure, ...] = ()
    missing: str | None = None


@dataclass(frozen=True)
class Row:
    """One project (or one indicator of a project) in the answer."""

    sheet: str
    name: str
    fiscal_year: str
    year: str | None = None
    indicator: int | None = None
    indicator_name: str | None = None
    figure: Figure | None = None
    rank: int | None = None
    status: str | None = None
    target: Figure | None = None
    actual: Figure | None = None
    section: str | None = None
    text: str | None = None
    evidence: tuple[Figure, ...] = ()  # the values the filters tested
    city: str = ""
    series: tuple[Figure, ...] = ()  # a Series ask's values, oldest year first
    indicator_label: str | None = None  # where the form labels each indicator (成果指標サ)


@dataclass
class Group:
    """The answer for one of the query's years (``year`` None: each sheet's own year)."""

    year: str | None
    rows: list[Row] = field(default_factory=list)
    missing: list[Row] = field(default_factory=list)
    set_aside: list[Row] = field(default_factory=list)  # zeros left out of a smallest-first ranking, and said
    aggregate: Figure | None = None
    counts: dict[str, int] = field(default_factory=dict)
    by_value: list[tuple[object, Figure]] = field(default_factory=list)  # an Aggregate ``by``: largest first


@dataclass
class Outcome:
    query: Query
    unit: str
    sheet_year: str | None
    groups: list[Group] = field(default_factory=list)
    unknown_projects: list[str] = field(default_factory=list)
    refusal: str | None = None

    def to_json(self) -> dict:
        from jimuqa.answering.query_json import to_json

        return to_json(self)


# ---- reading the table -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    sheet: sqlite3.Row
    indicator: sqlite3.Row | None = None


class Tables:
    """The rows of one edition of the sheets, keyed for the executor's look-ups (a few queries, then dicts)."""

    def __init__(self, db: sqlite3.Connection, sheet_year: str | None, cities: tuple[str, ...] = ()):
        self.db = db
        self.sheets = _edition(db, sheet_year, cities)
        years = {s["fiscal_year"] for s in self.sheets}
        self.sheet_year = sheet_year or (max(years, key=western) if years else None)
        self._ids = json.dumps([s["id"] for s in self.sheets])
        where = "JOIN sheets s ON s.id = t.sheet_id WHERE s.id IN (SELECT value FROM json_each(?))"
        self.costs = {(r["sheet_id"], r["year"]): r for r in self._rows(f"SELECT t.* FROM costs t {where}")}
        self.by_field = {
            (r["sheet_id"], r["field"]): r
            for table in ("evaluations", "participation")
            for r in self._rows(f"SELECT t.* FROM {table} t {where}")
        }
        self.sdgs: dict[int, list[int]] = {}
        self.sdg_labels: dict[tuple[int, int], str] = {}  # each goal as the sheet prints it (09産業と技術革新の…)
        for r in self._rows(f"SELECT t.* FROM sdgs t {where} ORDER BY goal"):
            self.sdgs.setdefault(r["sheet_id"], []).append(r["goal"])
            self.sdg_labels[(r["sheet_id"], r["goal"])] = r["label"]
        self.indicators: dict[int, list[sqlite3.Row]] = {}
        for r in self._rows(f"SELECT t.* FROM indicators t {where} ORDER BY t.no"):
            self.indicators.setdefault(r["sheet_id"], []).append(r)
        self.values = {(r["sheet_id"], r["indicator_no"], r["year"]): r
                       for r in self._rows(f"SELECT t.* FROM indicator_values t {where}")}  # fmt: skip
        self.status = {(r["sheet_id"], r["indicator_no"], r["year"]): r["status"]
                       for r in self._rows(f"SELECT t.* FROM indicator_status t {where}")}  # fmt: skip
        self._generic(where)

    def _generic(self, where: str) -> None:
        """The generic tables of other forms (``index.ofunato_table``): figures by year, indicator series and
        their figures, directions. An indicator series joins ``indicators`` (its sheet's own numbering)."""
        # (a row with no year is the 全体計画's: a field read with no year reads it)
        self.figures = {(r["sheet_id"], r["field"], r["year"]): r for r in self._rows(f"SELECT t.* FROM figures t {where}")}
        for table in ("directions", "sheet_fields"):
            self.by_field.update({(r["sheet_id"], r["field"]): r for r in self._rows(f"SELECT t.* FROM {table} t {where}")})
        self.by_field.update({(r["sheet_id"], f"evaluation_{r['item']}"): r
                              for r in self._rows(f"SELECT t.* FROM evaluation_items t {where}")})  # fmt: skip
        for r in self._rows(f"SELECT t.* FROM indicator_series t {where} ORDER BY t.no"):
            self.indicators.setdefault(r["sheet_id"], []).append(r)
        self.values.update({(r["sheet_id"], r["indicator_no"], r["year"]): r
                            for r in self._rows(f"SELECT t.* FROM indicator_figures t {where}")})  # fmt: skip

    def _rows(self, sql: str) -> list[sqlite3.Row]:
        return self.db.execute(sql, [self._ids]).fetchall()

    def years(self, sheet_id: int) -> list[str]:
        """The year columns a sheet has (costs, figures, indicator values), oldest first."""
        return self._years.get(sheet_id, [])

    @functools.cached_property
    def _years(self) -> dict[int, list[str]]:
        found: dict[int, set[str]] = {}
        for key in (*self.costs, *self.figures, *self.values):
            if key[-1]:
                found.setdefault(key[0], set()).add(key[-1])
        return {sheet: sorted(years, key=western) for sheet, years in found.items()}

    def indicator(self, sheet_id: int, no: int) -> sqlite3.Row | None:
        return next((r for r in self.indicators.get(sheet_id, []) if r["no"] == no), None)


@functools.lru_cache(maxsize=8)
def _tables(db: sqlite3.Connection, sheet_year: str | None, cities: tuple[str, ...]) -> Tables:
    # A build's table never changes (opened immutable; a rebuild is a new file and a new connection), and
    # reading every row of an edition costs about 0.1 s at 417 sheets: once per connection, year and cities.
    return Tables(db, sheet_year, cities)


def _edition(db: sqlite3.Connection, sheet_year: str | None, cities: tuple[str, ...]) -> list[sqlite3.Row]:
    """The sheets of ``cities`` (every city when empty) of ``sheet_year``, else each city's latest edition: a
    city's "current" sheets are its own latest year (つくば市 R02 beside 大船渡市 R07)."""
    sheets = [s for s in db.execute("SELECT * FROM sheets ORDER BY number") if not cities or s["city"] in cities]
    if sheet_year:
        return [s for s in sheets if s["fiscal_year"] == sheet_year]
    latest: dict[str, str] = {}
    for s in sheets:
        if s["city"] not in latest or western(s["fiscal_year"]) > western(latest[s["city"]]):
            latest[s["city"]] = s["fiscal_year"]
    return [s for s in sheets if s["fiscal_year"] == latest[s["city"]]]


def read(tables: Tables, info: FieldInfo, subject: Subject, year: str | None, indicator: int | None = None) -> Figure:
    """The value of one field for one subject: a Figure with its cell, or missing with the sheet's reason."""
    sheet = subject.sheet
    asked = year
    year = (year or sheet["fiscal_year"]) if info.yearly else None
    cell = Cell(sheet["number"], sheet["fiscal_year"], info.key, year, city=sheet["city"])
    own = counterpart(info, sheet["form"])  # the sheet's own form's field (一般財源 of either form)
    if own is None:
        return Figure(None, cell, missing="not_on_form")
    if own.form and own.form != info.form:
        info, cell = own, replace(cell, field=own.key)
    if info.table in ("figures", "directions", "indicator_series", "indicator_figures", "sheet_fields",
                      "evaluation_items"):
        figure = _read_generic(tables, info, subject, cell, indicator)
        if asked is None and info.per_indicator and figure.cell.plan:
            return _latest_recorded(tables, info, subject, cell, indicator) or figure
        return figure
    if info.per_indicator:
        no = indicator if indicator is not None else (subject.indicator["no"] if subject.indicator else None)
        if no is None or tables.indicator(sheet["id"], no) is None:
            return Figure(None, replace(cell, indicator=no), missing="no_indicator")
        return _read_indicator(tables, info, sheet, no, replace(cell, indicator=no))
    if info.table == "sheets":
        value = sheet[info.column]
        return Figure(value, replace(cell, printed=value), missing=None if value is not None else "blank")
    if info.table == "costs":
        return _read_cost(tables, info, sheet, cell)
    if info.table == "sdgs":
        goals = tables.sdgs.get(sheet["id"], [])
        text = "、".join(tables.sdg_labels.get((sheet["id"], g)) or str(g) for g in goals) or None
        return Figure(text, replace(cell, printed=text), missing=None if goals else "blank")
    row = tables.by_field.get((sheet["id"], info.key))
    value = row[info.column] if row is not None else None
    printed = (str(value) if value is not None else "-") if info.column == "score" else value
    reason = ("dash" if info.column == "score" else "blank") if value is None else None
    return Figure(value, replace(cell, printed=printed), missing=reason)


def _latest_recorded(tables: Tables, info: FieldInfo, subject: Subject, cell: Cell, indicator: int | None):
    """An indicator's figure asked with no year, where the sheet's own year is a plan (大船渡's 令和7年度): the
    latest year before it with a figure recorded, not planned. None when there is none."""
    for year in reversed(tables.years(subject.sheet["id"])):
        if western(year) < western(cell.year):
            figure = _read_generic(tables, info, subject, replace(cell, year=year), indicator)
            if figure.value is not None and not figure.cell.plan:
                return figure
    return None


def _read_cost(tables: Tables, info: FieldInfo, sheet: sqlite3.Row, cell: Cell) -> Figure:
    row = tables.costs.get((sheet["id"], cell.year))
    if row is None:
        return Figure(None, cell, missing="no_column")
    printed = json.loads(row["printed"]).get(info.column)
    value = row[info.column]
    reason = None if value is not None else _cost_reason(info.column, cell.year, sheet["fiscal_year"], printed)
    return Figure(value, replace(cell, printed=printed), missing=reason)


def _read_generic(tables: Tables, info: FieldInfo, subject: Subject, cell: Cell, indicator: int | None) -> Figure:
    """A field of a form's generic tables: the value as stored, the cell as printed, the sheet's reason."""
    sheet = subject.sheet
    if info.per_indicator:
        no = indicator if indicator is not None else (subject.indicator["no"] if subject.indicator else None)
        series = tables.indicator(sheet["id"], no) if no is not None else None
        cell = replace(cell, indicator=no)
        if series is None:
            return Figure(None, cell, missing="no_indicator")
        cell = replace(cell, label=series["label"])
        if info.table == "indicator_series":
            value = series[info.column]
            value = OFUNATO_KIND_LABELS.get(value, value) if info.column == "kind" else value
            return Figure(value, replace(cell, printed=value), missing=None if value is not None else "blank")
        row = tables.values.get((sheet["id"], no, cell.year))
    elif info.table == "figures":
        row = tables.figures.get((sheet["id"], info.row or info.key, cell.year))
    else:
        row = tables.by_field.get((sheet["id"], info.row or info.key))
    if row is None:
        return Figure(None, cell, missing="no_column")
    value = row[info.column]
    printed = row["printed"] if "printed" in row.keys() else PRINTED_VALUES.get(info.key, {}).get(value, value)
    reason = None if value is not None else ("dash" if printed and str(printed).strip() in ("-", "－") else "blank")
    plan = bool(row["is_plan"]) if "is_plan" in row.keys() else False
    cell = replace(cell, printed=printed if printed is None else str(printed), location=row["location"], plan=plan)
    return Figure(value, cell, missing=reason)


def _cost_reason(item: str, year: str, sheet_year: str, printed: str | None) -> str:
    if is_not_given(printed):
        return "dash" if printed and printed.strip() else "blank"
    if reported_cost(item, year, sheet_year, 0) is None:  # index.values: the printed 0 that is not reported
        return "budget_not_reported" if item == "budget" else "not_settled"
    return "blank"


def _read_indicator(tables: Tables, info: FieldInfo, sheet: sqlite3.Row, no: int, cell: Cell) -> Figure:
    if info.table == "indicators":
        value = tables.indicator(sheet["id"], no)[info.column]
        return Figure(value, replace(cell, printed=value))
    key = (sheet["id"], no, cell.year)
    if info.kind == STATUS:
        status = tables.status.get(key)
        return Figure(status, replace(cell, printed=status), missing=None if status else "no_column")
    row = tables.values.get(key)
    if row is None:
        return Figure(None, cell, missing="no_column")
    value = row[info.column]
    reason = None if value is not None else ("no_target" if info.column == "target" else "not_recorded")
    return Figure(value, replace(cell, printed=row[f"{info.column}_printed"]), missing=reason)


# ---- measures and filters --------------------------------------------------------------------------------


def evaluate(tables: Tables, measure: Measure, subject: Subject, year: str | None) -> Figure:
    if isinstance(measure, Field):
        return read(tables, catalogue()[measure.field], subject, measure.year or year, measure.indicator)
    left, right = (evaluate(tables, m, subject, year) for m in (measure.left, measure.right))
    op = MEASURE_OPS[measure.op]
    if left.value is None or right.value is None:
        return Figure(None, op=op.key, inputs=(left, right), missing=left.missing or right.missing)
    if not all(_is_number(f.value) for f in (left, right)):
        return Figure(None, op=op.key, inputs=(left, right), missing="not_a_number")
    value = op.compute(left.value, right.value)
    return Figure(value, op=op.key, inputs=(left, right), missing=None if value is not None else op.undefined)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _variants(tables: Tables, subject: Subject, fields: list[Field]) -> list[Subject]:
    """A per-project subject seen once per indicator when a filter reads a per-indicator field of no fixed
    indicator (the filter then passes when any of them does)."""
    loose = any(catalogue()[f.field].per_indicator and f.indicator is None for f in fields)
    if subject.indicator is not None or not loose:
        return [subject]
    return [Subject(subject.sheet, ind) for ind in tables.indicators.get(subject.sheet["id"], [])] or [subject]


def passes(tables: Tables, f: Filter, subject: Subject, year: str | None) -> tuple[bool, Figure]:
    """Whether ``subject`` passes ``f``, and the figure it was judged on (missing: left out, with the reason)."""
    fields = measure_fields(f.measure) if isinstance(f, Compare) else [Field(f.field, f.year)]
    judged = None
    for variant in _variants(tables, subject, fields):
        ok, judged = (_compare if isinstance(f, Compare) else _member)(tables, f, variant, year)
        if ok:
            return True, judged
    return False, judged


def _compare(tables: Tables, f: Compare, subject: Subject, year: str | None) -> tuple[bool, Figure]:
    figure = evaluate(tables, f.measure, subject, year)
    comparison = COMPARISONS[f.op]
    if comparison.on_missing:
        return comparison.test(figure.value, None), figure
    if figure.value is None:
        return False, figure
    try:
        return bool(comparison.test(figure.value, f.value)), figure
    except TypeError:  # a number compared with text
        return False, replace(figure, missing="not_a_number")


def _member(tables: Tables, f: Member, subject: Subject, year: str | None) -> tuple[bool, Figure]:
    info = catalogue()[f.field]
    if info.table == "sdgs" and subject.sheet["form"] == info.form:
        goals = tables.sdgs.get(subject.sheet["id"], [])
        figure = read(tables, info, subject, year)
        return bool(goals) and any(g in f.values for g in goals) != f.negate, figure
    figure = read(tables, info, subject, f.year or year)
    if figure.value is None:
        decided = f.field in INDICATOR_NAME_FIELDS or _in_another_unit(tables, f, subject)
        return False, replace(figure, missing=None) if decided else figure
    return (figure.value in f.values) != f.negate, figure


def _in_another_unit(tables: Tables, f: Member, subject: Subject) -> bool:
    """Whether a project whose sheet leaves its team (係名) blank is of another department than every team asked
    of: it is none of theirs (and the same of a department left blank beside a team)."""
    beside = UNIT_BESIDE.get(f.field)
    if beside is None or f.negate or not subject.sheet[beside]:
        return False
    theirs = {s[beside] for s in tables.sheets if s[f.field] in f.values}
    return bool(theirs) and subject.sheet[beside] not in theirs


# ---- asks ------------------------------------------------------------------------------------------------


def unit_of(query: Query) -> str:
    """Indicators for attainment, an indicator count, or a measure on a per-indicator field; else projects."""
    ask = query.ask
    if isinstance(ask, Attainment) or (isinstance(ask, Aggregate) and ask.of == INDICATOR):
        return INDICATOR
    leaves = measure_fields(getattr(ask, "measure", None))
    return INDICATOR if any(catalogue()[f.field].per_indicator and f.indicator is None for f in leaves) else PROJECT


def _row(subject: Subject, year: str | None, **kw) -> Row:
    sheet, ind = subject.sheet, subject.indicator
    label = ind["label"] if ind is not None and "label" in ind.keys() else None
    return Row(sheet["number"], sheet["name"], sheet["fiscal_year"], year,
               ind["no"] if ind is not None else None, ind["name"] if ind is not None else None,
               city=sheet["city"], indicator_label=label, **kw)  # fmt: skip


def _measured(
    tables: Tables, query: Query, chosen: list[tuple[Subject, tuple]], group: Group, numeric: bool = True
) -> list[Row]:
    """Rows with the ask's measure; those whose value is missing (or, when ``numeric``, not a number) go to
    ``group.missing``."""
    rows = []
    pinned = query.ask.measure.indicator if isinstance(query.ask.measure, Field) else None
    for subject, evidence in chosen:
        figure = evaluate(tables, query.ask.measure, subject, group.year)
        if pinned is not None and subject.indicator is None:  # the row names the indicator its figure is of
            subject = replace(subject, indicator=tables.indicator(subject.sheet["id"], pinned))
        if numeric and figure.value is not None and not _is_number(figure.value):
            figure = replace(figure, value=None, missing="not_a_number")
        row = _row(subject, group.year, figure=figure, evidence=evidence)
        (rows if figure.value is not None else group.missing).append(row)
    return rows


def _value(tables: Tables, query: Query, chosen, group: Group) -> None:
    group.rows = _measured(tables, query, chosen, group, numeric=False)


def _series(tables: Tables, query: Query, chosen, group: Group) -> None:
    """Each subject's measure in every year its sheet has a column for (or in the query's years), oldest first;
    the years without a value are left out (a subject with none at all is reported missing). With a peak asked,
    the row's figure is the year's that was largest (or smallest), of the years reported, not planned."""
    ask: Series = query.ask
    for subject, evidence in chosen:
        years = [y for y in tables.years(subject.sheet["id"]) if not query.years or y in query.years]
        figures = [evaluate(tables, ask.measure, subject, year) for year in years]
        present = tuple(f for f in figures if f.value is not None)
        if present:
            done = [f for f in present if not (f.cell and f.cell.plan)]
            peak = None
            if ask.peak and done:
                peak = (max if DIRECTIONS[ask.peak].reverse else min)(done, key=lambda f: f.value)
            group.rows.append(_row(subject, None, figure=peak, series=present, evidence=evidence))
        else:
            first = next((f for f in figures if f.missing != "no_column"), figures[0] if figures else None)
            group.missing.append(_row(subject, None, figure=first, evidence=evidence))


def _listing(tables: Tables, query: Query, chosen, group: Group) -> None:
    measure = query.ask.measure
    group.rows = [
        _row(s, group.year, figure=evaluate(tables, measure, s, group.year) if measure else None, evidence=e)
        for s, e in chosen
    ]


def _ranking(tables: Tables, query: Query, chosen, group: Group) -> None:
    ask: Ranking = query.ask
    measured = _measured(tables, query, chosen, group)
    if not DIRECTIONS[ask.direction].reverse:
        # Smallest first, a 0 (nothing budgeted or spent: a staff-only project) would win every time and
        # say nothing; it is set aside and said beside the ranking instead.
        group.set_aside = [r for r in measured if r.figure.value == 0]
        measured = [r for r in measured if r.figure.value != 0]
    ordered = sorted(measured, key=lambda r: r.figure.value, reverse=DIRECTIONS[ask.direction].reverse)
    rank, previous = 0, object()
    for position, row in enumerate(ordered, start=1):
        if row.figure.value != previous:
            rank, previous = position, row.figure.value
        if ask.top_k and rank > ask.top_k:
            break
        group.rows.append(replace(row, rank=rank))


def _aggregate(tables: Tables, query: Query, chosen, group: Group) -> None:
    ask: Aggregate = query.ask
    if ask.measure is not None:
        group.rows = _measured(tables, query, chosen, group)
        inputs = tuple(r.figure for r in group.rows)
    else:
        group.rows = [_row(s, group.year, evidence=e) for s, e in chosen]
        inputs = tuple(
            Figure(r.sheet, Cell(r.sheet, r.fiscal_year, "number", indicator=r.indicator, city=r.city))
            for r in group.rows
        )
    if ask.by is not None:
        _by_value(tables, ask, group, inputs)
        return
    if ask.op == "total" and is_rate(ask.measure):
        # (a project whose rate divides by zero still adds its amounts: nothing to something is a rise too)
        group.missing = [replace(r, figure=replace(r.figure, missing="in_totals_only"), evidence=r.figure.inputs)
                         if r.figure is not None and r.figure.missing == "zero_divisor" else r for r in group.missing]
        counted = tuple(r.figure for r in group.missing if r.figure is not None and r.figure.missing == "in_totals_only")
        group.aggregate = _rate_of_totals(ask.measure, (*inputs, *counted))
        return
    _aggregate_of(ask, group, inputs)


def _aggregate_of(ask: Aggregate, group: Group, inputs: tuple[Figure, ...]) -> None:
    """``group.aggregate``: the aggregate ``ask`` names of ``inputs``, the figures of ``group.rows``."""
    aggregate = AGGREGATES[ask.op]
    values = [f.value for f in inputs] if aggregate.needs_measure else list(inputs)
    value = aggregate.compute(values)
    if ask.op == "spread":  # which is more: the larger first
        group.rows.sort(key=lambda r: -(r.figure.value or 0) if r.figure is not None else 0)
    group.aggregate = Figure(value, op=aggregate.key, inputs=inputs, missing=None if value is not None else "no_values")


def _over_years(tables: Tables, query: Query, unit: str, sheets: list) -> Group:
    """One aggregate of the measure over every year of the query taken together: a row for each subject in each year
    (its year said by the row), those with no value reported missing."""
    group = Group(None)
    for year in query.years:
        each = Group(year)
        chosen = _chosen(tables, query, _subjects(tables, query, unit, sheets, each), each)
        group.rows += _measured(tables, query, chosen, each)
        group.missing += each.missing
    _aggregate_of(query.ask, group, tuple(r.figure for r in group.rows))
    return group


def _rate_of_totals(measure: Combine, inputs: tuple[Figure, ...]) -> Figure:
    """A rate over several projects taken together: each side totalled over the projects that have the rate, then
    divided (一般財源 8,829 ÷ 事業費計 11,696), not the rates added."""
    total = AGGREGATES["total"]
    pairs = [f.inputs for f in inputs if len(f.inputs) == 2 and all(_is_number(side.value) for side in f.inputs)]
    sides = [tuple(pair[k] for pair in pairs) for k in (0, 1)]
    left, right = (Figure(total.compute([f.value for f in side]), op="total", inputs=side) for side in sides)
    if left.value is None or right.value is None:
        return Figure(None, op=measure.op, inputs=(left, right), missing="no_values")
    value = MEASURE_OPS[measure.op].compute(left.value, right.value)
    return Figure(value, op=measure.op, inputs=(left, right), missing=None if value is not None else "no_values")


def _by_value(tables: Tables, ask: Aggregate, group: Group, inputs: tuple[Figure, ...]) -> None:
    """The aggregate of each value of ``ask.by`` among the rows, largest first (ties kept at the cut)."""
    aggregate, info = AGGREGATES[ask.op], catalogue()[ask.by]
    sheets = {(s["city"], s["number"]): s for s in tables.sheets}
    parts: dict[object, list[Figure]] = {}
    for row, figure in zip(group.rows, inputs, strict=True):
        key = read(tables, info, Subject(sheets[(row.city, row.sheet)]), group.year).value
        if key is not None:
            parts.setdefault(key, []).append(figure)
    results = []
    for key, figures in parts.items():
        values = [f.value for f in figures] if aggregate.needs_measure else list(figures)
        results.append((key, Figure(aggregate.compute(values), op=aggregate.key, inputs=tuple(figures))))
    results.sort(key=lambda item: -(item[1].value or 0))
    if ask.top_k:
        cut = results[min(ask.top_k, len(results)) - 1][1].value if results else None
        results = [r for r in results if (r[1].value or 0) >= (cut or 0)]
    group.by_value = results


def _attainment(tables: Tables, query: Query, chosen, group: Group) -> None:
    fields = catalogue()
    for subject, evidence in chosen:
        status, target, actual = (
            read(tables, fields[key], subject, group.year)
            for key in ("indicator_status", "indicator_target", "indicator_actual")
        )
        row = _row(subject, group.year, status=status.value, target=target, actual=actual, evidence=evidence)
        (group.rows if status.value is not None else group.missing).append(row)
    group.counts = dict(Counter(r.status for r in group.rows))


def _narrative(tables: Tables, query: Query, chosen, group: Group) -> None:
    sections = query.ask.sections or SECTION_IDS
    for subject, evidence in chosen:
        rows = tables.db.execute(
            "SELECT section, text FROM sections WHERE sheet_id = ?", [subject.sheet["id"]]
        ).fetchall()
        texts = {r["section"]: r["text"] for r in rows}
        group.rows += [
            _row(subject, group.year, section=s, text=texts[s], evidence=evidence) for s in sections if s in texts
        ]


ASKS = {
    Value: _value,
    Series: _series,
    Listing: _listing,
    Ranking: _ranking,
    Aggregate: _aggregate,
    Attainment: _attainment,
    Narrative: _narrative,
}


# ---- running a query -------------------------------------------------------------------------------------


def execute(query: Query, db: sqlite3.Connection, cities: tuple[str, ...] = ()) -> Outcome:
    """The Query's answer from the table ``db`` (opened with ``index.table.open_table``), over the sheets of
    ``cities`` (every city's when empty)."""
    tables = _tables(db, query.sheet_year, cities)
    unit = unit_of(query)
    outcome = Outcome(query, unit, tables.sheet_year)
    if isinstance(query.ask, Refusal):
        outcome.refusal = query.ask.reason
        return outcome
    sheets = tables.sheets
    if query.projects:
        known = {s["number"] for s in sheets}
        outcome.unknown_projects = [n for n in query.projects if n not in known]
        sheets = [s for s in sheets if s["number"] in query.projects]
    if isinstance(query.ask, Aggregate) and query.ask.over_years and query.ask.measure is not None:
        outcome.groups.append(_over_years(tables, query, unit, sheets))
        return outcome
    for year in (query.years if not isinstance(query.ask, Series) else ()) or (None,):  # (a series: its years at once)
        group = Group(year)
        chosen = _chosen(tables, query, _subjects(tables, query, unit, sheets, group), group)
        ASKS[type(query.ask)](tables, query, chosen, group)
        outcome.groups.append(group)
    return outcome


def run(query: Query, table_path: Path) -> Outcome:
    """``execute`` on the table file at ``table_path``, opened read-only."""
    db = open_table(table_path)
    try:
        return execute(query, db)
    finally:
        db.close()


def _subjects(tables: Tables, query: Query, unit: str, sheets: list, group: Group) -> list[Subject]:
    if unit == PROJECT:
        return [Subject(s) for s in sheets]
    only = getattr(query.ask, "indicator", None)
    # (indicators asked for by their name: a sheet with none is not one of them)
    by_name = any(isinstance(f, Member) and f.field in INDICATOR_NAME_FIELDS for f in query.filters)
    subjects = []
    for sheet in sheets:
        indicators = [i for i in tables.indicators.get(sheet["id"], []) if only is None or i["no"] == only]
        if not indicators and not by_name:  # a sheet with no (such) indicator is reported, not silently dropped
            cell = Cell(sheet["number"], sheet["fiscal_year"], "indicator_name", indicator=only, city=sheet["city"])
            group.missing.append(_row(Subject(sheet), group.year, figure=Figure(None, cell, missing="no_indicator")))
        subjects += [Subject(sheet, i) for i in indicators]
    return subjects


def _chosen(tables: Tables, query: Query, subjects: list[Subject], group: Group) -> list[tuple[Subject, tuple]]:
    """The subjects that pass every filter, each with the figures its filters tested. A subject left out
    because a filter's value is missing is reported in ``group.missing``."""
    chosen = []
    # One department asked of (「科学技術振興課の事業」) is said once, by the reading, beside a figure or another condition
    # shown for each project it holds; its projects asked for alone are each shown with it, cited.
    others = getattr(query.ask, "measure", None) is not None or not all(_one_unit(f, query.filters) for f in query.filters)
    for subject in subjects:
        evidence, ok, undecided = [], True, None
        for f in query.filters:
            passed, figure = passes(tables, f, subject, group.year)
            if not (passed and ((others and _one_unit(f, query.filters)) or _said_by_its_row(f))):
                evidence.append(figure)
            if passed:
                continue
            ok = False
            if figure is None or figure.value is not None or not figure.missing:
                undecided = None  # (another condition fails on a value: left out, not undecided)
                break
            # a condition that cannot be judged (no 係名) leaves the subject undecided unless another one fails
            undecided = undecided or _row(subject, group.year, figure=figure, evidence=tuple(evidence))
        if undecided is not None:
            group.missing.append(undecided)
        if ok:
            chosen.append((subject, tuple(evidence)))
    return chosen


def _one_unit(f: Filter, filters: tuple[Filter, ...] = ()) -> bool:
    """One department asked of, or one team of the one department asked of (大船渡消防署's 消防団係). (A team said
    alone is shown beside each project: teams of other departments share its name, 振興係.)"""
    one = isinstance(f, Member) and len(f.values) == 1 and not f.negate
    if one and f.field == "section":
        return any(g is not f and _one_unit(g) for g in filters)
    return one and f.field == "department"


def _said_by_its_row(f: Filter) -> bool:
    """A condition on the project's number or name (「012以外」, 「名前に選挙を含む」): each project's row says both."""
    fields = [Field(f.field)] if isinstance(f, Member) else measure_fields(f.measure)
    return [x.field for x in fields] in (["number"], ["name"])


# ---- checking ------------------------------------------------------------------------------------------


def recompute(figure: Figure) -> Scalar:
    """The figure's value derived again from its cells by the same operations: what a verifier checks."""
    if figure.cell is not None and not figure.inputs:
        return figure.value
    values = [recompute(f) for f in figure.inputs]
    if figure.op in MEASURE_OPS:
        if any(v is None for v in values) or not all(_is_number(v) for v in values):
            return None
        return MEASURE_OPS[figure.op].compute(*values)
    aggregate = AGGREGATES[figure.op]
    return aggregate.compute(values if aggregate.needs_measure else figure.inputs)
