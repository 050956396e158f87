"""The typed Query: what a question asks, over which sheets, which measure, which filters and years.

A ``Query`` is plain data: frozen dataclasses that serialise to JSON and back exactly
(``Query.to_json``/``Query.from_json``, ``answering.query_json``), with a JSON schema for constrained decoding
(``query_schema``). It names fields by their catalogue keys (``answering.catalogue``) and operations by
their keys in ``answering.operators``; ``problems`` checks both. Nothing here reads the table:
``answering.execute`` runs a Query, ``answering.reading`` says how it was read.

Example: the project whose 決算額 fell most from 令和元年度 to 令和2年度::

    Query(Ranking(Combine("difference", Field("settlement", "R02"), Field("settlement", "R01")), "asc", 1))
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import ClassVar

from jimuqa.answering.catalogue import TEXT, catalogue
from jimuqa.answering.operators import AGGREGATES, COMPARISONS, DIRECTIONS, MEASURE_OPS, REFUSAL_REASONS, UNITS
from jimuqa.index.sections import SECTION_IDS
from jimuqa.index.years import ERA_NAMES


def _enum(values) -> dict:
    return {"enum": tuple(values)}


FIELD_KEYS = _enum(catalogue())
YEAR_CODE = {"pattern": r"^[HR]\d{2}$"}  # index.years: H30, R01 …


# ---- measures: expressions over table fields ------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A field's value. ``year`` None: each of the query's years, else the sheet's own year. ``indicator``
    (per-indicator fields only) None: every indicator of the sheet, one row each."""

    KIND: ClassVar[str] = "field"
    field: str = dc_field(metadata=FIELD_KEYS)
    year: str | None = dc_field(default=None, metadata=YEAR_CODE)
    indicator: int | None = None


@dataclass(frozen=True)
class Combine:
    """Two measures combined by an operation of ``operators.MEASURE_OPS`` (difference, sum, ratio, percent)."""

    KIND: ClassVar[str] = "combine"
    op: str = dc_field(metadata=_enum(MEASURE_OPS))
    left: Measure
    right: Measure


Measure = Field | Combine


# ---- filters, combined with AND --------------------------------------------------------------------------


@dataclass(frozen=True)
class Compare:
    """``measure`` compared by an operation of ``operators.COMPARISONS``; zero-argument ones take no value."""

    KIND: ClassVar[str] = "compare"
    measure: Measure
    op: str = dc_field(metadata=_enum(COMPARISONS))
    value: float | int | str | None = None


@dataclass(frozen=True)
class Member:
    """The field's value is one of ``values`` (``negate``: none of them). On a per-project query a per-indicator
    field passes when any of the sheet's indicators does; ``year`` as for ``Field``."""

    KIND: ClassVar[str] = "member"
    field: str = dc_field(metadata=FIELD_KEYS)
    values: tuple[str | int, ...] = ()
    negate: bool = False
    year: str | None = dc_field(default=None, metadata=YEAR_CODE)


Filter = Compare | Member


# ---- what is asked ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    KIND: ClassVar[str] = "value"
    measure: Measure


@dataclass(frozen=True)
class Series:
    """The measure in every year the sheet reports it (or the query's years), oldest first (a trend: 推移, year by
    year); with ``peak``, the year it was largest or smallest asked too (「いちばん多かったのは何年度」)."""

    KIND: ClassVar[str] = "series"
    measure: Measure
    peak: str | None = dc_field(default=None, metadata=_enum(DIRECTIONS))  # the year it was largest (desc) or smallest


@dataclass(frozen=True)
class Listing:
    """The projects (or indicators) that pass the filters, with ``measure`` beside each when given."""

    KIND: ClassVar[str] = "list"
    measure: Measure | None = None


@dataclass(frozen=True)
class Ranking:
    KIND: ClassVar[str] = "ranking"
    measure: Measure
    direction: str = dc_field(default="desc", metadata=_enum(DIRECTIONS))
    top_k: int = 1  # 0: every one, in order (「安い順に並べて」)


@dataclass(frozen=True)
class Aggregate:
    """``op`` of ``operators.AGGREGATES`` (total, average, count) over the rows that pass; ``of`` for count;
    ``by``: one result per value of a field (projects per city, per 部課), largest first; ``over_years``: one result
    over the query's years taken together (「R2からR6の平均」 of one project), not one for each year."""

    KIND: ClassVar[str] = "aggregate"
    op: str = dc_field(metadata=_enum(AGGREGATES))
    measure: Measure | None = None
    of: str = dc_field(default="project", metadata=_enum(UNITS))
    by: str | None = dc_field(default=None, metadata=FIELD_KEYS)  # one result per value of this field
    top_k: int = 0  # with ``by``: only the values with the largest results (0: every value)
    over_years: bool = False


@dataclass(frozen=True)
class Attainment:
    """Each indicator's status (met, missed, no target, not recorded) in each of the query's years."""

    KIND: ClassVar[str] = "attainment"
    indicator: int | None = None


@dataclass(frozen=True)
class Narrative:
    KIND: ClassVar[str] = "narrative"
    sections: tuple[str, ...] = dc_field(default=(), metadata=_enum(SECTION_IDS))
    topic: str = ""


@dataclass(frozen=True)
class Refusal:
    KIND: ClassVar[str] = "refusal"
    reason: str = dc_field(metadata=_enum(REFUSAL_REASONS))
    detail: str = ""


Ask = Value | Series | Listing | Ranking | Aggregate | Attainment | Narrative | Refusal


@dataclass(frozen=True)
class Query:
    """``ask`` over ``projects`` (sheet numbers; empty: every project) passing every one of ``filters``.

    ``years``: the year columns read by fields without their own year (empty: each sheet's own year).
    ``sheet_year``: which edition of the sheets (empty: the latest in the table).
    """

    ask: Ask
    projects: tuple[str, ...] = ()
    filters: tuple[Filter, ...] = ()
    years: tuple[str, ...] = dc_field(default=(), metadata=YEAR_CODE)
    sheet_year: str | None = dc_field(default=None, metadata=YEAR_CODE)
    lang: str = dc_field(default="ja", metadata=_enum(("ja", "en")))

    def to_json(self) -> dict:
        from jimuqa.answering.query_json import to_json

        return to_json(self)

    @classmethod
    def from_json(cls, data: dict) -> Query:
        from jimuqa.answering.query_json import from_json

        return from_json(data, cls)


def query_schema() -> dict:
    """The JSON schema of ``Query`` (for a model's constrained decoding)."""
    from jimuqa.answering.query_json import json_schema

    return json_schema(Query)


# ---- checks ----------------------------------------------------------------------------------------------


def is_change(measure: Measure | None) -> bool:
    """Whether ``measure`` is one field's difference between two years (its change)."""
    return isinstance(measure, Combine) and measure.op == "difference" and isinstance(measure.left, Field) and \
        isinstance(measure.right, Field) and measure.left.field == measure.right.field  # fmt: skip


def is_rate(measure: Measure | None) -> bool:
    """Whether ``measure`` is one amount over another (a ratio or a percentage): its total over several projects is
    the rate of their totals (「農業委員会の事業を全部合わせると一般財源の割合は」), never a sum of rates."""
    return isinstance(measure, Combine) and measure.op in ("ratio", "percent")


def measure_fields(measure: Measure | None) -> list[Field]:
    """The ``Field`` leaves of a measure, left to right."""
    if measure is None:
        return []
    if isinstance(measure, Field):
        return [measure]
    return measure_fields(measure.left) + measure_fields(measure.right)


def takes_years(ask: Ask, filters: tuple[Filter, ...] | list[Filter] = ()) -> bool:
    """Whether an ask and its filters read the query's years: not when each field they name says its own."""
    fields = [*measure_fields(getattr(ask, "measure", None)),
              *(g for f in filters for g in (measure_fields(f.measure) if isinstance(f, Compare) else [f]))]
    return not fields or any(f.year is None for f in fields)


def problems(query: Query) -> list[str]:
    """What in ``query`` the catalogue or the operator tables do not know; empty when it can run."""
    found: list[str] = []
    fields = catalogue()
    measures = [getattr(query.ask, "measure", None), *(f.measure for f in query.filters if isinstance(f, Compare))]
    for leaf in (leaf for m in measures for leaf in measure_fields(m)):
        if leaf.field not in fields:
            found.append(f"unknown field {leaf.field!r}")
        if leaf.year is not None and not _is_year(leaf.year):
            found.append(f"not a year code: {leaf.year!r}")
    for f in query.filters:
        if isinstance(f, Member) and f.field not in fields:
            found.append(f"unknown field {f.field!r}")
        if isinstance(f, Compare) and COMPARISONS.get(f.op) and COMPARISONS[f.op].arity and f.value is None:
            found.append(f"{f.op} needs a value")
    found += [f"not a year code: {y!r}" for y in (*query.years, query.sheet_year or "R01") if not _is_year(y)]
    # a ranking, a total or an operation on figures needs figures: no sheet's text is added up or ranked
    ranked = isinstance(query.ask, Ranking) or (isinstance(query.ask, Aggregate) and query.ask.op != "count")
    # (what is ranked or added up, and what an operation combines; a condition on a text, a name holding words, is none)
    figures = [m for i, m in enumerate(measures) if m is not None and ((ranked and i == 0) or isinstance(m, Combine))]
    found += [f"{leaf.field!r} is text, not a figure" for m in figures for leaf in measure_fields(m)
              if leaf.field in fields and fields[leaf.field].kind == TEXT]  # fmt: skip
    return found


def _is_year(code: str) -> bool:
    return len(code) == 3 and code[0] in ERA_NAMES and code[1:].isdigit()
