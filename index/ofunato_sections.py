"""大船渡市's sheets as sections of readable text: the units that search finds and answers quote and cite.

The export is one row of columns per sheet; its sections (``index.sections.OFUNATO_SECTION_KINDS``) group
those columns the way the printed sheet reads. Each line is ``label: value`` with the form's own labels
(``index.ofunato_form``); narrative text is kept word for word so quotes can be checked against it; numbers
appear as the cell holds them, and a missing one as ``—``. A section's location is the sheet's row and
the span of columns its text was read from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from openpyxl.utils import column_index_from_string

from jimuqa.index import sections as section_kinds
from jimuqa.index.model import Section
from jimuqa.index.ofunato_form import (
    BACKGROUND_COLUMNS,
    COST_ITEMS,
    DIRECTION_COLUMNS,
    FORM,
    LABELS,
    MARK,
    NARRATIVE_COLUMNS,
)
from jimuqa.index.ofunato_model import Cost, Direction, Figure, Level, OfunatoSheet
from jimuqa.index.section_text import NOT_REPORTED
from jimuqa.index.years import label_ja

Lines = tuple[list[str], list[str]]  # the section's lines, and the columns they were read from


def render_sections(sheet: OfunatoSheet) -> list[Section]:
    """One ``Section`` per kind of ``OFUNATO_SECTION_KINDS``, located by row and columns."""
    renderers: dict[str, Callable[[OfunatoSheet], Lines]] = {
        "basic_info": _basic_info,
        "overview": _overview,
        "means": lambda s: _fields(s, NARRATIVE_COLUMNS[:2]),
        "intent": lambda s: _fields(s, NARRATIVE_COLUMNS[2:]),
        "indicators": _indicators,
        "costs": _costs,
        "evaluation": _evaluation,
        "direction": _direction,
    }
    out = []
    for kind in section_kinds.FORM_SECTION_KINDS[FORM]:
        lines, columns = renderers[kind.id](sheet)
        out.append(
            Section(
                id=kind.id,
                heading=kind.heading,
                file=sheet.source.file,
                first_line=sheet.source.row,
                last_line=sheet.source.row,
                text="\n".join(lines),
                worksheet=sheet.source.worksheet,
                columns=column_span(columns),
            )
        )
    return out


def column_span(letters: Iterable[str]) -> str:
    """The columns as one span, first to last: ``["AY", "BA", "AZ"]`` → ``"AY–BA"``; one column alone."""
    ordered = sorted(set(letters), key=column_index_from_string)
    if not ordered:
        return ""
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]}–{ordered[-1]}"


def _row(label: str, value: object) -> str:
    return f"{label}: {value if value not in (None, '') else NOT_REPORTED}"


def _figure(figure: Figure) -> str:
    return figure.printed if figure.value is not None and figure.printed is not None else NOT_REPORTED


def _year(year: str, is_plan: bool) -> str:
    return f"{label_ja(year)}{'（計画）' if is_plan else ''}"


def _level(level: Level) -> str | None:
    parts = [part for part in (level.number, level.name) if part]
    return " ".join(parts) or None


def _basic_info(sheet: OfunatoSheet) -> Lines:
    c = sheet.columns
    period = sheet.period
    span = "～".join(part for part in (period.start, period.end) if part)
    budget = _budget(sheet.budget)
    category = " ".join(part for part in (sheet.category_code, sheet.category) if part)
    lines = [
        _row("事務事業名", f"{sheet.number} {sheet.name}"),
        _row("事務事業ID", sheet.project_id),
        _row("年度", label_ja(sheet.evaluation_year)),
        _row("No.", sheet.sheet_no),
        _row("作成年月日", sheet.created.isoformat() if sheet.created else None),
        _row(LABELS["basic_project_id"], sheet.basic_project_id),
        _row("政策", _level(sheet.policy)),
        _row("施策", _level(sheet.measure)),
        _row("基本事業", _level(sheet.basic_project)),
        _row(LABELS["legal_basis"], sheet.legal_basis),
        _row(LABELS["department"], sheet.department),
        _row(LABELS["section"], sheet.section),
        _row(LABELS["implementation_plan"], MARK if sheet.implementation_plan else None),
        _row(LABELS["strategy"], MARK if sheet.strategy else None),
        _row("事業期間", " ".join(part for part in (period.kind, span) if part)),
        _row("予算科目", budget),
        _row(LABELS["category"], category),
    ]
    return lines, [c["sheet_no"], c["category"]]


def _budget(parts: dict[str, str | None]) -> str:
    """予算科目 as budget lines: a cell of two lines lists two budget lines, one per line of each part."""
    split = {part: value.split("\n") for part, value in parts.items() if value}
    count = max((len(lines) for lines in split.values()), default=0)
    if any(len(lines) != count for lines in split.values()):  # not one line per budget line: as printed
        return " ".join(f"{part} {'／'.join(lines)}" for part, lines in split.items())
    return "、".join(" ".join(f"{part} {lines[n]}" for part, lines in split.items()) for n in range(count))


def _fields(sheet: OfunatoSheet, columns) -> Lines:
    return (
        [_row(column.label, getattr(sheet, column.field)) for column in columns],
        [sheet.columns[column.field] for column in columns],
    )


def _overview(sheet: OfunatoSheet) -> Lines:
    lines = [_row(LABELS["overview"], sheet.overview)]
    letters = [sheet.columns["overview"]]
    plan = sheet.overall_plan
    if plan is None:
        lines.append(_row("全体計画", None))
    else:
        lines += [_cost_line(key, [("全体計画", figure)]) for key, figure in plan.items().items()]
        letters += [figure.column for figure in plan.items().values()]
    return lines, letters


def _cost_line(key: str, cells: list[tuple[str, Figure]]) -> str:
    label, unit = COST_ITEMS[key]
    return f"{label} ({unit}): " + " / ".join(f"{when} {_figure(figure)}" for when, figure in cells)


def _costs(sheet: OfunatoSheet) -> Lines:
    if not sheet.costs:
        return ["コスト: —"], []
    costs: list[Cost] = list(sheet.costs.values())
    lines = [
        _cost_line(key, [(_year(cost.year or "", cost.is_plan), cost.items()[key]) for cost in costs])
        for key in COST_ITEMS
    ]
    return lines, [figure.column for cost in costs for figure in cost.items().values()]


def _indicators(sheet: OfunatoSheet) -> Lines:
    if not sheet.indicators:
        return ["指標: 設定なし"], []
    lines, letters = [], []
    for ind in sheet.indicators:
        unit = f" ({ind.unit})" if ind.unit else ""
        lines.append(f"{ind.kind_label}{ind.letter} {ind.name or NOT_REPORTED}{unit}")
        lines.append(
            "実績・計画: "
            + " / ".join(f"{_year(year, figure.is_plan)} {_figure(figure)}" for year, figure in ind.values.items())
        )
        letters += [ind.name_column, ind.unit_column, *(figure.column for figure in ind.values.values())]
    return lines, letters


def _evaluation(sheet: OfunatoSheet) -> Lines:
    lines, letters = _fields(sheet, BACKGROUND_COLUMNS)
    for item in sheet.evaluations:
        lines.append(_row(f"{item.number}. {item.label}", item.judgement))
        lines.append(_row("理由", item.reason))
        letters += [item.judgement_column, item.reason_column]
    return lines, letters


def _direction(sheet: OfunatoSheet) -> Lines:
    lines = []
    for column in DIRECTION_COLUMNS:
        value = getattr(sheet, column.field)
        if isinstance(value, Direction):
            value = value.printed
        lines.append(_row(column.label, value))
    return lines, [sheet.columns[column.field] for column in DIRECTION_COLUMNS]
