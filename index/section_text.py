"""Each printed section as readable text: the units that answers quote and cite.

Cells are joined as ``label: value`` lines, ``<p>`` tags and empty placeholder indicators are
gone, and narrative text is kept word for word so quotes can be checked against it. Numbers
appear as printed (``9,697``); a cell the form does not report is shown as ``—``.
"""

from __future__ import annotations

from jimuqa.index import sections as section_kinds
from jimuqa.index.model import (
    BASIC_INFO_LABELS,
    COST_ITEMS,
    COST_UNITS,
    EVALUATION_FIELDS,
    PARTICIPATION_FIELDS,
    Section,
    Sheet,
)
from jimuqa.index.years import label_ja

NOT_REPORTED = "—"


def render_sections(sheet: Sheet, spans: dict[str, tuple[int, int]]) -> list[Section]:
    """One ``Section`` per printed section, with its source lines."""
    renderers = {
        "basic_info": _basic_info,
        "overview": _overview,
        "costs": _costs,
        "participation": _participation,
        "indicators": _indicators,
        "results_issues": _results_issues,
        "evaluation": _evaluation,
        "direction": _direction,
    }
    return [
        Section(
            id=kind.id,
            heading=kind.heading,
            file=sheet.file,
            first_line=spans[kind.id][0],
            last_line=spans[kind.id][1],
            text="\n".join(renderers[kind.id](sheet)),
        )
        for kind in section_kinds.SECTION_KINDS
    ]


def _row(label: str, value: object) -> str:
    return f"{label}: {value if value not in (None, '') else NOT_REPORTED}"


def _basic_info(sheet: Sheet) -> list[str]:
    fields = [_row(label, getattr(sheet, name)) for name, label in BASIC_INFO_LABELS.items() if name != "sdgs"]
    return [
        _row("事務事業名", f"{sheet.number} {sheet.name}"),
        _row("会計年度", label_ja(sheet.fiscal_year)),
        *fields,
        _row(BASIC_INFO_LABELS["sdgs"], "、".join(sheet.sdgs)),
    ]


def _overview(sheet: Sheet) -> list[str]:
    return [_row("対象", sheet.target), _row("目的", sheet.purpose), _row("概要 (取組内容)", sheet.overview)]


def _costs(sheet: Sheet) -> list[str]:
    lines = []
    for item, label in COST_ITEMS.items():
        unit = f" ({COST_UNITS[item]})" if COST_UNITS[item] else ""
        cells = [
            f"{label_ja(year)} {cost.printed[item] if getattr(cost, item) is not None else NOT_REPORTED}"
            for year, cost in sheet.costs.items()
        ]
        lines.append(f"{label}{unit}: " + " / ".join(cells))
    return lines


def _participation(sheet: Sheet) -> list[str]:
    return [_row(label, sheet.citizen_participation.get(name)) for name, label in PARTICIPATION_FIELDS.items()]


def _indicators(sheet: Sheet) -> list[str]:
    if not sheet.indicators:
        return ["指標: 設定なし"]
    lines = []
    for ind in sheet.indicators:
        unit = f" ({ind.unit})" if ind.unit else ""
        lines.append(f"指標{ind.no} {ind.name}{unit} [{ind.type}]")
        for label, values, printed in (
            ("目標値", ind.targets, ind.printed_targets),
            ("実績", ind.actuals, ind.printed_actuals),
        ):
            cells = [
                f"{year}年度 {printed[year] if value is not None else NOT_REPORTED}" for year, value in values.items()
            ]
            lines.append(f"{label}: " + " / ".join(cells))
        if ind.description:
            lines.append(_row("指標の概要", ind.description))
    return lines


def _results_issues(sheet: Sheet) -> list[str]:
    return [
        _row("前年度の課題への対応", sheet.response_to_previous),
        _row("成果", sheet.results),
        _row("課題（業務）", sheet.issues_business),
        _row("課題（組織、予算等）", sheet.issues_org_budget),
        _row("改善目標", sheet.improvement_goal),
    ]


def _evaluation(sheet: Sheet) -> list[str]:
    return [
        f"{label}: {score.score if score.score is not None else '-'} {score.text}".rstrip()
        for name, label in EVALUATION_FIELDS.items()
        for score in [sheet.evaluation[name]]
    ]


def _direction(sheet: Sheet) -> list[str]:
    return [_row("方向性", sheet.direction), _row("理由", sheet.reason)]
