"""大船渡市's records (``OfunatoSheet``) as rows of the table's generic tables, labelled as its form prints them.

Numbers stay numbers and a missing value is NULL with the cell as printed and the reason kept. Labels and
units come from ``index.ofunato_form``; this module only says which field goes where.
"""

from __future__ import annotations

from jimuqa.index.form_rows import FormRows, Row
from jimuqa.index.ofunato_form import (
    BACKGROUND_COLUMNS,
    BUDGET_PARTS,
    COST_ITEMS,
    DIRECTION_COLUMNS,
    LABELS,
    NARRATIVE_COLUMNS,
)
from jimuqa.index.ofunato_model import Cost, Direction, Figure, OfunatoSheet

# The fields ``sheets`` holds for every form: the same thing under the same printed label in both forms.
SHARED_FIELDS = ("department", "section", "legal_basis", "target", "overview")
DIRECTION_FIELDS = ("improvement_direction", "future_direction")  # in ``directions``; the rest of (1)–(4) are fields
_BUDGET_FIELDS = {label: field for field, label in BUDGET_PARTS.items()}


def form_rows(sheet: OfunatoSheet) -> FormRows:
    rows = FormRows(sheet=_sheet_row(sheet))
    rows.tables["sheet_fields"] = _fields(sheet)
    rows.tables["figures"] = [
        row for cost in _costs(sheet) for key, figure in cost.items().items() for row in [_figure_row(key, figure)]
    ]
    for no, ind in enumerate(sheet.indicators, start=1):
        rows.tables["indicator_series"].append(
            {
                "no": no,
                "kind": ind.kind,
                "slot": ind.letter,
                "label": f"{ind.kind_label}{ind.letter}",
                "name": ind.name,
                "unit": ind.unit,
                "note": ind.note,
                "location": f"{ind.name_column}, {ind.unit_column}",
            }  # fmt: skip
        )
        rows.tables["indicator_figures"] += [
            {"indicator_no": no, "year": year, **_value(figure)} for year, figure in ind.values.items()
        ]
    rows.tables["evaluation_items"] = [
        {
            "item": e.number,
            "label": e.label,
            "question": e.question,
            "judgement": e.judgement,
            "reason": e.reason,
            "location": f"{e.judgement_column}, {e.reason_column}",
        }  # fmt: skip
        for e in sheet.evaluations
    ]
    rows.tables["directions"] = [_direction(sheet, field) for field in DIRECTION_FIELDS]
    return rows


def _direction(sheet: OfunatoSheet, field: str) -> Row:
    d: Direction | None = getattr(sheet, field)
    row: Row = {"field": field, "label": LABELS[field], "note": sheet.notes.get(field),
                "location": sheet.columns.get(field)}  # fmt: skip
    if d is None:
        return {**row, "value": None, "number": None, "printed": None}
    return {**row, "value": d.value, "number": d.number, "printed": d.printed, "location": d.column}


def _sheet_row(sheet: OfunatoSheet) -> Row:
    return {
        "number": sheet.number,
        "name": sheet.name,
        "fiscal_year": sheet.fiscal_year,
        **{name: getattr(sheet, name) for name in SHARED_FIELDS},
        "file": sheet.source.file,
        "first_line": sheet.source.row,
        "last_line": sheet.source.row,
        "city": sheet.city,
        "form": sheet.form,
        "worksheet": sheet.source.worksheet,
    }


def _costs(sheet: OfunatoSheet) -> list[Cost]:
    return [*([sheet.overall_plan] if sheet.overall_plan else []), *sheet.costs.values()]


def _value(figure: Figure) -> Row:
    return {"value": figure.value, "printed": figure.printed, "is_plan": int(figure.is_plan), "note": figure.note,
            "location": figure.column}  # fmt: skip


def _figure_row(key: str, figure: Figure) -> Row:
    label, unit = COST_ITEMS[key]
    if figure.year is None:
        label = f"全体計画（{label}）"
    return {"year": figure.year, "field": key, "label": label, "unit": unit, **_value(figure)}


def _field(sheet: OfunatoSheet, field: str, label: str, section: str, value: object, column: str | None) -> Row:
    return {"field": field, "label": label, "section": section, "value": value, "note": sheet.notes.get(field),
            "location": column}  # fmt: skip


def _fields(sheet: OfunatoSheet) -> list[Row]:
    """Every scalar field, under the section it is shown in (``index.ofunato_sections``)."""
    c = sheet.columns
    period, created = sheet.period, sheet.created
    basic: list[tuple[str, str, object, str | None]] = [
        ("sheet_no", "No.", sheet.sheet_no, c.get("sheet_no")),
        ("created", "作成年月日", created.isoformat() if created else None, c.get("created_year")),
        ("project_id", LABELS["project_id"], sheet.project_id, c.get("project_id")),
        ("basic_project_id", LABELS["basic_project_id"], sheet.basic_project_id, c.get("basic_project_id")),
    ]
    for level, label in (("policy", "政策"), ("measure", "施策"), ("basic_project", "基本事業")):
        value = getattr(sheet, level)
        basic += [
            (f"{level}_number", f"{label}番号", value.number, c.get(f"{level}_tens")),
            (f"{level}_name", f"{label}名", value.name, c.get(f"{level}_name")),
        ]
    basic += [
        (name, LABELS[name], getattr(sheet, name), c.get(name)) for name in ("legal_basis", "department", "section")
    ]
    basic += [
        (
            "implementation_plan",
            LABELS["implementation_plan"],
            int(sheet.implementation_plan),
            c.get("implementation_plan"),
        ),
        ("strategy", LABELS["strategy"], int(sheet.strategy), c.get("strategy")),
        ("period_kind", LABELS["period_kind"], period.kind, c.get("period_kind")),
        ("period_start", LABELS["period_start"], period.start, c.get("period_start")),
        ("period_end", LABELS["period_end"], period.end, c.get("period_end")),
        ("period_start_year", "始期（年度）", period.start_year, c.get("period_start")),
        ("period_end_year", "終期（年度）", period.end_year, c.get("period_end")),
        *(
            (_BUDGET_FIELDS[part], f"予算科目（{part}）", value, c.get(_BUDGET_FIELDS[part]))
            for part, value in sheet.budget.items()
        ),
        ("category_code", "事務事業区分（記号）", sheet.category_code, c.get("category")),
        ("category", LABELS["category"], sheet.category, c.get("category")),
    ]
    rows = [_field(sheet, field, label, "basic_info", value, column) for field, label, value, column in basic]
    rows.append(_field(sheet, "overview", LABELS["overview"], "overview", sheet.overview, c.get("overview")))
    for columns, section in ((NARRATIVE_COLUMNS[:2], "means"), (NARRATIVE_COLUMNS[2:], "intent"),
                             (BACKGROUND_COLUMNS, "evaluation")):  # fmt: skip
        rows += [
            _field(sheet, col.field, col.label, section, getattr(sheet, col.field), c.get(col.field)) for col in columns
        ]
    rows += [
        _field(sheet, col.field, col.label, "direction", getattr(sheet, col.field), c.get(col.field))
        for col in DIRECTION_COLUMNS
        if col.field not in DIRECTION_FIELDS
    ]
    return rows
