"""Typed records for a parsed sheet, with the provenance answers cite.

Field names here are the export's keys (README, "Export"); a value the form does not
really report is ``None``, never 0 (see ``index.values``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

# Basic-info fields: export key → label as printed, in the order the section's text lists them.
# 事務事業名 (number and name) heads the section; the others are the sheet's own fields.
BASIC_INFO_LABELS: dict[str, str] = {
    "budget_code": "予算科目",
    "department": "担当部課",
    "section": "係名",
    "mayor_pledge": "市長公約",
    "strategy_plan": "戦略プラン",
    "new_or_continuing": "新規・継続",
    "category": "事業分類",
    "structure": "事業体制",
    "individual_plan": "個別計画",
    "legal_basis": "根拠法令等",
    "period": "事業期間",
    "sdgs": "SDGs",
}
# A 部課名 cell prints the office (部, 局, 委員会, with its 事務局) before its unit: 市民生活部|市民環境課,
# 教育委員会事務局|学校教育課 (not 教育委員会|事務局学校教育課).
_OFFICE_AND_UNIT = re.compile(r"(.{2,}?(?:部|局|委員会)(?:事務局)?)\s*(.{2,})")


def office_and_unit(department: str) -> tuple[str, str] | None:
    """A department's cell cut into its office and its unit (上下水道部, 下水道課); None when it names one only."""
    m = _OFFICE_AND_UNIT.fullmatch(department)
    return (m[1].strip(), m[2].strip()) if m else None


# Printed in the left column of the form; the rest are in the right column.
BASIC_INFO_LEFT = ("budget_code", "mayor_pledge", "strategy_plan", "individual_plan", "legal_basis")

# The sheet's prose fields (事業の概要 and 事業の成果と課題), in the order the sheet prints them.
TEXT_FIELDS = (
    "target",
    "purpose",
    "overview",
    "response_to_previous",
    "results",
    "issues_business",
    "issues_org_budget",
    "improvement_goal",
)

# Cost rows: export key → label as printed on the sheet. Order is the sheet's order.
COST_ITEMS: dict[str, str] = {
    "budget": "予算額",
    "settlement": "決算額",
    "general_fund": "一般財源",
    "national_prefectural": "国庫、県支出金、地方債",
    "other": "その他",
    "personnel_cost_total": "人件費計",
    "staff_ratio": "正職員従事割合",
    "overtime_hours": "正職員時間外勤務",
    "part_time": "会計年度任用職員有無",
}
COST_UNITS: dict[str, str] = {
    "budget": "千円",
    "settlement": "千円",
    "general_fund": "千円",
    "national_prefectural": "千円",
    "other": "千円",
    "personnel_cost_total": "千円",
    "staff_ratio": "人",
    "overtime_hours": "時間",
    "part_time": "",
}
MONEY_ITEMS = ("budget", "settlement", "general_fund", "national_prefectural", "other", "personnel_cost_total")
# The three funding sources that add up to 決算額.
FUNDING_ITEMS = ("general_fund", "national_prefectural", "other")

PARTICIPATION_FIELDS: dict[str, str] = {
    "sharing": "共有、理解",
    "planning": "企画・立案、計画",
    "implementation": "実行",
    "assessment": "評価、検証",
}

EVALUATION_FIELDS: dict[str, str] = {
    "citizen_needs": "市民ニーズ",
    "progress": "進捗状況",
    "city_involvement": "市の関与",
    "priority": "優先度",
}

INDICATOR_TYPES = ("活動結果指標", "成果指標")

# This form (the text of Tsukuba's published PDFs, ``index.parse``) and the city whose sheets it holds. The
# sheets do not print the city's name, so the importer gives it (``index.importers``).
FORM = "tsukuba"
CITY = "つくば市"


@dataclass
class Cost:
    """One printed year's column of コストの推移."""

    year: str
    budget: int | None = None
    settlement: int | None = None
    general_fund: int | None = None
    national_prefectural: int | None = None
    other: int | None = None
    personnel_cost_total: int | None = None
    staff_ratio: float | None = None
    overtime_hours: float | None = None
    part_time: str | None = None
    # Cell text as printed, keyed like the fields, so nothing printed is lost.
    printed: dict[str, str] = field(default_factory=dict)


@dataclass
class Indicator:
    no: int
    name: str
    unit: str
    type: str
    description: str
    targets: dict[str, float | None]
    actuals: dict[str, float | None]
    printed_targets: dict[str, str] = field(default_factory=dict)
    printed_actuals: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass
class Score:
    score: int | None
    text: str


def location(first_line: int, last_line: int, worksheet: str | None = None, columns: str | None = None) -> str:
    """Where a section is, for a citation: ``lines 22–33`` in a text file, or ``データ集計マクロ用シート row 5,
    columns AW–AX`` in a workbook (its row is in both line numbers)."""
    if worksheet is None:
        return f"lines {first_line}–{last_line}"
    return f"{worksheet} row {first_line}, columns {columns}"


@dataclass
class Section:
    """A printed section of one sheet: the unit that answers cite.

    In a text file it spans ``first_line``–``last_line``. In a workbook of one row per sheet it is part of
    one row: ``first_line`` and ``last_line`` both hold the row (so a reader of lines still points at the
    right place), ``worksheet`` names the worksheet and ``columns`` the columns it was read from (``"AW–AX"``).
    """

    id: str
    heading: str
    file: str
    first_line: int
    last_line: int
    text: str
    worksheet: str | None = None
    columns: str | None = None

    @property
    def location(self) -> str:
        return location(self.first_line, self.last_line, self.worksheet, self.columns)


@dataclass
class Sheet:
    number: str
    name: str
    fiscal_year: str
    file: str
    first_line: int
    last_line: int
    budget_code: str | None = None
    department: str | None = None
    section: str | None = None
    mayor_pledge: str | None = None
    strategy_plan: str | None = None
    new_or_continuing: str | None = None
    category: str | None = None
    structure: str | None = None
    individual_plan: str | None = None
    legal_basis: str | None = None
    period: str | None = None
    sdgs: list[str] = field(default_factory=list)
    target: str | None = None
    purpose: str | None = None
    overview: str | None = None
    costs: dict[str, Cost] = field(default_factory=dict)
    citizen_participation: dict[str, str | None] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    response_to_previous: str | None = None
    results: str | None = None
    issues_business: str | None = None
    issues_org_budget: str | None = None
    improvement_goal: str | None = None
    evaluation: dict[str, Score] = field(default_factory=dict)
    direction: str | None = None
    reason: str | None = None
    sections: list[Section] = field(default_factory=list)
    city: str = CITY
    form: str = FORM

    def section_by_id(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)


def sheet_record(sheet: Sheet) -> dict:
    """Every field of ``sheet`` as JSON-ready data, printed text and provenance included (``sheet_from_record``)."""
    return asdict(sheet)


def sheet_from_record(record: dict) -> Sheet:
    """The ``Sheet`` that ``sheet_record`` wrote: equal to the original, field for field."""
    return Sheet(
        **{
            **record,
            "costs": {year: Cost(**cost) for year, cost in record["costs"].items()},
            "indicators": [Indicator(**indicator) for indicator in record["indicators"]],
            "evaluation": {name: Score(**score) for name, score in record["evaluation"].items()},
            "sections": [Section(**section) for section in record["sections"]],
        }
    )


def sheet_to_dict(sheet: Sheet) -> dict:
    """The export's JSON shape (README, "Export"): printed text is left out."""
    data = sheet_record(sheet)
    data["costs"] = {
        year: {key: value for key, value in cost.items() if key not in ("year", "printed")}
        for year, cost in data["costs"].items()
    }
    data["indicators"] = [
        {key: value for key, value in ind.items() if not key.startswith("printed_") and key != "line"}
        for ind in data["indicators"]
    ]
    for key in ("file", "first_line", "last_line"):
        data.pop(key)
    for section in data["sections"]:  # a text file's sections have lines, not a worksheet and columns
        for key in ("worksheet", "columns"):
            if section[key] is None:
                del section[key]
    return {"city": data.pop("city"), "form": data.pop("form"), **data}
