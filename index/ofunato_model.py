"""Typed records for one 大船渡市 事務事業評価 sheet (one row of the city's export), with provenance.

Labels, headers and units live in ``index.ofunato_form``; these records hold values. A value the sheet
does not give is ``None`` and the reason is kept (``Figure.note`` for numbers, ``OfunatoSheet.notes`` for
the other fields), so nothing printed is lost and nothing missing is invented.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from jimuqa.index.model import Section
from jimuqa.index.ofunato_form import CITY, COST_ITEMS, FORM, NO_TARGETS_NOTE


@dataclass(eq=False)
class WorkbookError(ValueError):
    """A problem in the export, located by file, worksheet, row and column (a letter, as Excel shows it)."""

    file: str
    worksheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.worksheet:
            where.append(f"worksheet {self.worksheet!r}")
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True)
class Source:
    """Where a sheet is: the row of one worksheet of one file. Columns are kept per field."""

    file: str
    worksheet: str
    row: int


@dataclass
class Figure:
    """One number of a year block (or of the 全体計画), as read and as printed."""

    value: int | float | None
    printed: str | None  # the cell as stored, as text; None for an empty cell
    column: str
    year: str | None  # None for the 全体計画 (the whole period)
    is_plan: bool  # the evaluation year's block and the 全体計画 are plans, not actuals
    note: str | None = None  # why value is None, or how a text cell was read


@dataclass
class Cost:
    """One year's costs (or the 全体計画), with the form's own breakdown; labels and units in COST_ITEMS."""

    year: str | None
    is_plan: bool
    national: Figure
    prefectural: Figure
    bonds: Figure
    other: Figure
    general_fund: Figure
    project_cost: Figure
    staff: Figure
    work_hours: Figure
    personnel_cost: Figure
    total_cost: Figure

    def items(self) -> dict[str, Figure]:
        """Every row in the form's order: ``{"national": Figure, …}``."""
        return {key: getattr(self, key) for key in COST_ITEMS}


@dataclass
class Indicator:
    kind: str  # 活動 / 対象 / 成果
    letter: str  # ア…ス, the slot printed on the form
    name: str | None  # None only when a nameless slot still holds values (see note)
    unit: str | None
    values: dict[str, Figure]  # year code → value; the evaluation year's value is a plan
    name_column: str
    unit_column: str
    # The form has no targets: kept empty, with the note, so no reader mistakes a plan for a target.
    targets: dict[str, Figure] = field(default_factory=dict)
    targets_note: str = NO_TARGETS_NOTE
    note: str | None = None

    @property
    def kind_label(self) -> str:
        return f"{self.kind}指標"


@dataclass
class Evaluation:
    """One of the eight 評価項目: the judgement chosen and the reason written beside it."""

    number: int
    label: str  # as printed, without its circled number: 政策体系との整合性
    question: str  # the question heading the reason column
    judgement: str | None
    reason: str | None
    judgement_column: str
    reason_column: str


@dataclass
class Direction:
    """A 方向性 in the city's words: 現状維持 / 改革改善 / 終了・廃止・休止, with the cell as printed."""

    value: str
    number: int
    printed: str
    column: str


@dataclass
class Level:
    """A place in the policy structure (政策, 施策 or 基本事業): its number and name as printed."""

    number: str | None
    name: str | None


@dataclass
class Period:
    """事業期間: its kind (単年度繰返 …) and, for fixed-term projects, start and end as printed and as codes."""

    kind: str | None
    start: str | None
    end: str | None
    start_year: str | None  # a year code, when the era is 平成 or 令和 (years.py knows no other)
    end_year: str | None


@dataclass
class OfunatoSheet:
    city: str
    form: str
    evaluation_year: str  # "R07" for 令和7年度
    source: Source
    name: str
    project_id: str | None
    sheet_no: int | None = None
    created: date | None = None
    basic_project_id: str | None = None
    policy: Level = field(default_factory=lambda: Level(None, None))
    measure: Level = field(default_factory=lambda: Level(None, None))
    basic_project: Level = field(default_factory=lambda: Level(None, None))
    legal_basis: str | None = None
    department: str | None = None
    section: str | None = None
    implementation_plan: bool = False  # 実施計画 ○
    strategy: bool = False  # 総合戦略 ○
    period: Period = field(default_factory=lambda: Period(None, None, None, None, None))
    budget: dict[str, str | None] = field(default_factory=dict)  # 会計/款/項/目/事業 → printed
    category_code: str | None = None  # A…E of 事務事業区分
    category: str | None = None  # 政策事業, 施設整備, 施設管理, 補助金等, 一般
    overview: str | None = None
    overall_plan: Cost | None = None  # 全体計画 of fixed-term projects; None when the form leaves it blank
    means_last_year: str | None = None
    means_this_year: str | None = None
    target: str | None = None
    intent: str | None = None
    result: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    costs: dict[str, Cost] = field(default_factory=dict)  # year code → Cost, oldest first
    origin: str | None = None
    change: str | None = None
    stakeholder_views: str | None = None
    evaluations: list[Evaluation] = field(default_factory=list)
    improvement_direction: Direction | None = None
    expected_outcome: str | None = None
    expected_cost: str | None = None
    issues: str | None = None
    future_direction: Direction | None = None
    summary: str | None = None
    # Field (as in ofunato_form's columns) → column letter, for citing any scalar field.
    columns: dict[str, str] = field(default_factory=dict)
    # Field → why it is None or how it was read, when the cell was not plain text.
    notes: dict[str, str] = field(default_factory=dict)
    # The sheet's text for search and citing, grouped as its printed sheet reads (``index.ofunato_sections``);
    # filled by the importer (``index.importers``), empty straight from ``read_workbook``.
    sections: list[Section] = field(default_factory=list)

    @property
    def plan_year(self) -> str:
        """The year whose block holds plans: the evaluation year."""
        return self.evaluation_year

    # The names every importer's records share (``index.importers``): the build, the table and the chunks
    # read a sheet of any form through them.
    @property
    def fiscal_year(self) -> str:
        """The sheet's year: its evaluation year (Tsukuba's ``Sheet.fiscal_year`` is the same thing)."""
        return self.evaluation_year

    @property
    def number(self) -> str:
        """The sheet's number within its city and year: its 事務事業ID as printed (``"0086"``).

        One sheet of the published export has no ID (the cell holds the export's 0 for an empty cell); it is
        numbered by its No. column instead (``"No.314"``), which is unique in the export.
        """
        if self.project_id:
            return self.project_id
        return f"No.{self.sheet_no}" if self.sheet_no is not None else f"row {self.source.row}"

    @property
    def file(self) -> str:
        return self.source.file


def new_sheet(evaluation_year: str, source: Source, name: str, project_id: str | None) -> OfunatoSheet:
    return OfunatoSheet(CITY, FORM, evaluation_year, source, name, project_id)


def ofunato_record(sheet: OfunatoSheet) -> dict:
    """Every field of ``sheet`` as JSON-ready data (``ofunato_from_record`` reads it back equal)."""
    data = asdict(sheet)
    data["created"] = sheet.created.isoformat() if sheet.created else None
    return data


def ofunato_from_record(record: dict) -> OfunatoSheet:
    """The ``OfunatoSheet`` that ``ofunato_record`` wrote: equal to the original, field for field."""

    def cost(data: dict | None) -> Cost | None:
        if data is None:
            return None
        figures = {key: Figure(**data[key]) for key in COST_ITEMS}
        return Cost(year=data["year"], is_plan=data["is_plan"], **figures)

    def indicator(data: dict) -> Indicator:
        values = {year: Figure(**figure) for year, figure in data["values"].items()}
        targets = {year: Figure(**figure) for year, figure in data["targets"].items()}
        return Indicator(**{**data, "values": values, "targets": targets})

    def direction(data: dict | None) -> Direction | None:
        return Direction(**data) if data is not None else None

    return OfunatoSheet(
        **{
            **record,
            "source": Source(**record["source"]),
            "created": date.fromisoformat(record["created"]) if record["created"] else None,
            "policy": Level(**record["policy"]),
            "measure": Level(**record["measure"]),
            "basic_project": Level(**record["basic_project"]),
            "period": Period(**record["period"]),
            "overall_plan": cost(record["overall_plan"]),
            "indicators": [indicator(item) for item in record["indicators"]],
            "costs": {year: cost(item) for year, item in record["costs"].items()},
            "evaluations": [Evaluation(**item) for item in record["evaluations"]],
            "improvement_direction": direction(record["improvement_direction"]),
            "future_direction": direction(record["future_direction"]),
            "sections": [Section(**item) for item in record["sections"]],
        }
    )
