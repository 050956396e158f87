"""Sheet structure: corpus text → typed ``Sheet`` records with provenance.

A file holds any number of sheets, each opening with a title line such as
``令和 2年度 事務事業マネジメントシート`` and divided by the printed section headings of
``index.sections``. Every problem is a ``SheetError`` naming the file, sheet and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jimuqa.index import sections as section_kinds
from jimuqa.index.cells import Line, SheetError, decode_text, key, split_lines
from jimuqa.index.model import (
    BASIC_INFO_LABELS,
    BASIC_INFO_LEFT,
    COST_ITEMS,
    EVALUATION_FIELDS,
    INDICATOR_TYPES,
    PARTICIPATION_FIELDS,
    Cost,
    Indicator,
    Score,
    Sheet,
)
from jimuqa.index.section_text import render_sections
from jimuqa.index.values import (
    canonical_vocabulary,
    is_not_given,
    parse_float,
    parse_int,
    reported_actual,
    reported_cost,
    reported_target,
    vocabulary_field,
)
from jimuqa.index.years import parse_year

TITLE_RE = re.compile(r"^(令和|平成)\s*(元|\d{1,2})\s*年度\s*事務事業マネジメントシート$")
NAME_RE = re.compile(r"^([0-9０-９]{1,4})\s+(.+)$")


def parse_file(path: Path) -> list[Sheet]:
    """Every sheet of one corpus file; the first problem raises ``SheetError``."""
    sheets, problems = parse_file_lenient(path)
    if problems:
        raise problems[0]
    return sheets


def parse_file_lenient(path: Path) -> tuple[list[Sheet], list[SheetError]]:
    """The sheets that parse, and a ``SheetError`` for each one that does not."""
    return parse_bytes(path.read_bytes(), str(path))


def parse_bytes(data: bytes, file: str) -> tuple[list[Sheet], list[SheetError]]:
    """``parse_file_lenient`` of the file named ``file`` whose bytes are ``data``."""
    try:
        text = decode_text(data, file)
    except SheetError as err:
        return [], [err]
    return parse_text(text, file)


def parse_text(text: str, file: str) -> tuple[list[Sheet], list[SheetError]]:
    sheets, problems = [], []
    try:
        blocks = split_sheets(split_lines(text), file)
    except SheetError as err:
        return [], [err]
    for block in blocks:
        try:
            sheets.append(parse_sheet(block, file))
        except SheetError as err:
            problems.append(err)
    return sheets, problems


def split_sheets(lines: list[Line], file: str) -> list[list[Line]]:
    """Lines grouped by sheet, each group starting at its title line."""
    blocks: list[list[Line]] = []
    for line in lines:
        if len(line.values) == 1 and TITLE_RE.match(line.keys[0]):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
        elif not line.is_blank:
            raise SheetError(
                file, None, line.number, "text before the first sheet title (令和N年度 事務事業マネジメントシート)"
            )
    if not blocks:
        raise SheetError(file, None, None, "no sheet title (令和N年度 事務事業マネジメントシート) found")
    return blocks


@dataclass
class Block:
    """The lines of one printed section, without its heading line."""

    heading_line: int
    lines: list[Line] = field(default_factory=list)

    @property
    def last_line(self) -> int:
        filled = [line.number for line in self.lines if not line.is_blank]
        return filled[-1] if filled else self.heading_line


def parse_sheet(lines: list[Line], file: str) -> Sheet:
    title = lines[0]
    fiscal_year = parse_year(title.keys[0])
    number = _peek_number(lines)
    if fiscal_year is None:
        raise SheetError(file, number, title.number, f"cannot read the fiscal year in {title.values[0]!r}")
    blocks = split_sections(lines[1:], file, number, title.number)
    ctx = Context(file, number)
    sheet = Sheet(
        number=number or "",
        name="",
        fiscal_year=fiscal_year,
        file=file,
        first_line=title.number,
        last_line=max(block.last_line for block in blocks.values()),
    )
    parse_basic_info(sheet, blocks["basic_info"], ctx)
    ctx.sheet = sheet.number
    parse_overview(sheet, blocks["overview"], ctx)
    parse_costs(sheet, blocks["costs"], ctx)
    parse_participation(sheet, blocks["participation"], ctx)
    parse_indicators(sheet, blocks["indicators"], ctx)
    parse_results_issues(sheet, blocks["results_issues"], ctx)
    parse_evaluation(sheet, blocks["evaluation"], ctx)
    parse_direction(sheet, blocks["direction"], ctx)
    sheet.sections = render_sections(sheet, {sid: (b.heading_line, b.last_line) for sid, b in blocks.items()})
    return sheet


@dataclass
class Context:
    file: str
    sheet: str | None

    def error(self, line: int | None, message: str) -> SheetError:
        return SheetError(self.file, self.sheet, line, message)


def _peek_number(lines: list[Line]) -> str | None:
    # The sheet number is needed for error messages before basic info is parsed.
    for line in lines:
        keys = line.keys
        if keys and keys[0] == "事務事業名" and len(keys) > 1:
            match = NAME_RE.match(keys[1])
            return match.group(1) if match else None
    return None


def split_sections(lines: list[Line], file: str, number: str | None, title_line: int) -> dict[str, Block]:
    blocks: dict[str, Block] = {}
    current: Block | None = None
    for line in lines:
        if len(line.cells) == 1 and line.values:
            kind = section_kinds.BY_HEADING.get(line.keys[0])
            if kind is None:
                raise SheetError(file, number, line.number, f"unknown heading {line.values[0][:60]!r}")
            if kind.id in blocks:
                raise SheetError(file, number, line.number, f"section {kind.heading} appears twice")
            current = blocks[kind.id] = Block(line.number)
        elif current is not None:
            current.lines.append(line)
        elif not line.is_blank:
            raise SheetError(file, number, line.number, "text before the first section heading")
    missing = [kind.heading for kind in section_kinds.SECTION_KINDS if kind.id not in blocks]
    if missing:
        raise SheetError(file, number, title_line, f"missing section(s): {', '.join(missing)}")
    return blocks


# ---- 事業の基本情報 -------------------------------------------------------------------------

LEFT_LABELS = {"事務事業名": "name", **{BASIC_INFO_LABELS[f]: f for f in BASIC_INFO_LEFT}}
RIGHT_LABELS = {label: field for field, label in BASIC_INFO_LABELS.items() if field not in BASIC_INFO_LEFT}
LABELS = {**LEFT_LABELS, **RIGHT_LABELS}
_LABEL_GLUED_RE = re.compile(r"^(" + "|".join(map(re.escape, LABELS)) + r")\s+(.+)$")
_PLAN_CODE_RE = re.compile(r"^[IVXⅠ-Ⅻ]+(-\d+)?$|^\d{1,2}$")


@dataclass
class Token:
    line: int
    column: int
    text: str
    label: str | None = None  # the field this label names, for label tokens


def _basic_tokens(line: Line) -> list[Token]:
    tokens = []
    for column, cell in enumerate(line.cells):
        if not cell:
            continue
        name = key(cell)
        glued = _LABEL_GLUED_RE.match(name)
        if name in LABELS:
            tokens.append(Token(line.number, column, cell, LABELS[name]))
        elif glued:  # label and value share one cell, as in 012's "新規・継続 新規"
            tokens.append(Token(line.number, column, glued.group(1), LABELS[glued.group(1)]))
            tokens.append(Token(line.number, column, glued.group(2)))
        else:
            tokens.append(Token(line.number, column, cell))
    return tokens


def parse_basic_info(sheet: Sheet, block: Block, ctx: Context) -> None:
    """Assign each value to its field, reading shifted layouts as a careful person would.

    Rules, in order: (1) a closed-vocabulary value (新規/継続, 自治事務…, 職員のみ…, 毎年度…,
    an SDG) belongs to its field wherever it sits; (2) other values belong to the label
    before them on the same line; (3) an unlabelled value in the left column belongs to
    the next left label below if that label has no value of its own (011 prints 根拠法令等's
    value a row above its label), otherwise it continues the left label above it; an
    unlabelled value in the right column continues the right label above it.
    """
    found: dict[str, list[Token]] = {}
    seen_labels: list[Token] = []
    orphans: list[tuple[Token, Token | None, Token | None]] = []  # (value, left label above, right label above)
    left_above = right_above = None
    for line in block.lines:
        current = None
        for token in _basic_tokens(line):
            if token.label:
                seen_labels.append(token)
                current = token
                if token.label in LEFT_LABELS.values():
                    left_above = token
                else:
                    right_above = token
                continue
            vocab = vocabulary_field(token.text)
            if vocab:
                found.setdefault(vocab, []).append(token)
            elif current is not None:
                found.setdefault(current.label, []).append(token)
            else:
                orphans.append((token, left_above, right_above))
    right_column = min((t.column for t in seen_labels if t.label in RIGHT_LABELS.values()), default=99)
    for token, left, right in orphans:
        target = right if token.column >= right_column else _left_owner(token, left, seen_labels, found)
        if target is None:
            raise ctx.error(token.line, f"basic info: value {token.text[:40]!r} has no label")
        found.setdefault(target.label, []).append(token)
    _fill_basic_info(sheet, found, block, ctx)


def _left_owner(token: Token, above: Token | None, labels: list[Token], found: dict) -> Token | None:
    below = next((t for t in labels if t.line > token.line and t.label in LEFT_LABELS.values()), None)
    if below is not None and below.label not in found:
        return below
    return above


def _fill_basic_info(sheet: Sheet, found: dict[str, list[Token]], block: Block, ctx: Context) -> None:
    def texts(name: str) -> list[str]:
        return [token.text for token in found.get(name, [])]

    names = texts("name")
    match = NAME_RE.match(names[0].strip()) if names else None
    if not match:
        raise ctx.error(block.heading_line, "basic info: 事務事業名 must be a number and a name, e.g. '097 ロボット…'")
    sheet.number, sheet.name = key(match.group(1)), match.group(2).strip()
    ctx.sheet = sheet.number
    budget = [t for t in texts("budget_code") if not is_not_given(t)]
    sheet.budget_code = "".join(budget) or None
    sheet.mayor_pledge = ", ".join(texts("mayor_pledge")) or None
    sheet.strategy_plan = _strategy_plan(texts("strategy_plan"))
    sheet.individual_plan = " ".join(texts("individual_plan")) or None
    sheet.legal_basis = " ".join(texts("legal_basis")) or None
    sheet.department = " ".join(texts("department")) or None
    sheet.section = " ".join(texts("section")) or None
    for name in ("new_or_continuing", "category", "structure", "period"):
        values = texts(name)
        if len(values) > 1:
            line = found[name][1].line
            raise ctx.error(line, f"basic info: two values for {_label_of(name)}: {values}")
        setattr(sheet, name, canonical_vocabulary(values[0]) if values else None)
    sheet.sdgs = texts("sdgs")
    for name in ("department", "new_or_continuing", "category"):
        if getattr(sheet, name) is None:
            raise ctx.error(block.heading_line, f"basic info: no value for {_label_of(name)}")


def _label_of(field_name: str) -> str:
    return next(label for label, name in LABELS.items() if name == field_name)


def _strategy_plan(parts: list[str]) -> str | None:
    """``["IV-1", "2", "1", "社会実装トライアルの支援"]`` → ``"IV-1-2-1 社会実装トライアルの支援"``.

    The PDF prints the plan's code in separate cells (policy, measure, action); the code
    cells are joined with hyphens, as the sheets' own indicator notes write them (IV-1-②).
    """
    codes = []
    while parts and _PLAN_CODE_RE.match(key(parts[0])):
        codes.append(parts.pop(0))
    return " ".join(filter(None, ["-".join(codes), " ".join(parts)])) or None


# ---- 事業の概要 and 市民参加の取組状況 ---------------------------------------------------------

OVERVIEW_LABELS = {"対象": "target", "目的": "purpose", "概要": "overview"}


def _labelled_rows(block: Block, labels: dict[str, str], ctx: Context, what: str) -> dict[str, str]:
    """Rows of ``label → text``; unlabelled rows continue the row above. Every label must appear."""
    rows: dict[str, list[str]] = {}
    current = None
    for line in block.lines:
        if line.is_blank:
            continue
        first = line.keys[0]
        label = next((lab for lab in labels if first == lab or first.startswith(lab + " ")), None)
        if label is not None:
            current = labels[label]
            rows[current] = line.values[1:]
        elif current is not None and not line.cells[0]:
            rows[current].extend(line.values)
        else:
            raise ctx.error(line.number, f"{what}: unexpected row {line.values[0][:40]!r}")
    missing = [lab for lab, name in labels.items() if name not in rows]
    if missing:
        raise ctx.error(block.heading_line, f"{what}: missing row(s) {', '.join(missing)}")
    return {name: " ".join(values) for name, values in rows.items()}


def parse_overview(sheet: Sheet, block: Block, ctx: Context) -> None:
    for name, text in _labelled_rows(block, OVERVIEW_LABELS, ctx, "事業の概要").items():
        setattr(sheet, name, text or None)


def parse_participation(sheet: Sheet, block: Block, ctx: Context) -> None:
    labels = {label: name for name, label in PARTICIPATION_FIELDS.items()}
    rows = _labelled_rows(block, labels, ctx, "市民参加の取組状況")
    sheet.citizen_participation = {name: rows[name] or None for name in PARTICIPATION_FIELDS}


# ---- コストの推移 ----------------------------------------------------------------------------

_UNIT_RE = re.compile(r"^[(（]([^()（）]*)[)）]\s*(.*)$")
_COST_LABELS = {label: item for item, label in COST_ITEMS.items()}


def parse_costs(sheet: Sheet, block: Block, ctx: Context) -> None:
    years: list[str] = []
    rows: dict[str, tuple[int, list[str]]] = {}
    for line in block.lines:
        keys = line.keys
        if not keys:
            continue
        if keys[0] == "項目":
            years = [year for year in map(parse_year, keys[1:]) if year]
            continue
        position = next((i for i, k in enumerate(keys) if k in _COST_LABELS), None)
        if position is None:
            continue
        item = _COST_LABELS[keys[position]]
        rows[item] = (line.number, _cost_cells(line.values[position + 1 :], line.number, ctx))
    if not years:
        raise ctx.error(block.heading_line, "コストの推移: no header row of years (項目 … 平成30年度 …)")
    missing = [COST_ITEMS[item] for item in COST_ITEMS if item not in rows]
    if missing:
        raise ctx.error(block.heading_line, f"コストの推移: missing row(s) {', '.join(missing)}")
    sheet.costs = {year: Cost(year=year) for year in years}
    for item, (number, cells) in rows.items():
        if len(cells) != len(years):
            raise ctx.error(number, f"コストの推移: {COST_ITEMS[item]} has {len(cells)} values for {len(years)} years")
        for year, cell in zip(years, cells, strict=True):
            cost = sheet.costs[year]
            cost.printed[item] = cell
            setattr(cost, item, reported_cost(item, year, sheet.fiscal_year, _cost_value(item, cell, number, ctx)))


def _cost_cells(cells: list[str], number: int, ctx: Context) -> list[str]:
    """The value cells after a row's label: the unit cell comes first, sometimes glued to the first value."""
    if not cells:
        raise ctx.error(number, "コストの推移: row has no values")
    unit = _UNIT_RE.match(key(cells[0]))
    if unit is None:
        return cells
    return ([unit.group(2)] if unit.group(2) else []) + cells[1:]


def _cost_value(item: str, cell: str, number: int, ctx: Context) -> int | float | str:
    try:
        if item == "part_time":
            if key(cell) not in ("有", "無"):
                raise ValueError(f"expected 有 or 無, not {cell!r}")
            return key(cell)
        if item in ("staff_ratio", "overtime_hours"):
            return parse_float(cell)
        return parse_int(cell)
    except ValueError as err:
        raise ctx.error(number, f"コストの推移: {COST_ITEMS[item]}: {err}") from None


# ---- 指標の推移 ------------------------------------------------------------------------------

INDICATOR_LABELS = ("指標名", "目標値", "実績", "指標の概要")
_NUMBERED_LABEL_RE = re.compile(r"^(\d{1,2})\s*(" + "|".join(INDICATOR_LABELS) + r")$")
_NAME_UNIT_RE = re.compile(r"^(.*?)\s*[(（]([^()（）]*)[)）]$")


@dataclass
class IndicatorRows:
    line: int
    no: int | None = None
    name: str = ""
    type: str = ""
    years: list[str] = field(default_factory=list)
    rows: dict[str, tuple[int, list[str]]] = field(default_factory=dict)


def _indicator_row(line: Line) -> tuple[int | None, str | None, list[str]]:
    """(number printed on the row, its label, the cells after the label)."""
    number, values = None, line.values
    for position, cell in enumerate(values):
        name = key(cell)
        glued = _NUMBERED_LABEL_RE.match(name)
        if glued:  # "1 目標値": the number shares a cell with the label (095)
            return int(glued.group(1)), glued.group(2), values[position + 1 :]
        if name in INDICATOR_LABELS:
            return number, name, values[position + 1 :]
        if name.isdigit() and position == 0:
            number = int(name)
    return number, None, values


def parse_indicators(sheet: Sheet, block: Block, ctx: Context) -> None:
    """Read each indicator block; the number may sit on the 指標名 row or, shifted, on the 目標値 row."""
    groups: list[IndicatorRows] = []
    for line in block.lines:
        if line.is_blank:
            continue
        number, label, rest = _indicator_row(line)
        if label == "指標名":
            groups.append(IndicatorRows(line.number, number))
            _read_name(groups[-1], rest)
            continue
        if not groups:
            raise ctx.error(line.number, f"指標の推移: row before the first 指標名: {line.values[0][:40]!r}")
        group = groups[-1]
        if number is not None and group.no is None:
            group.no = number
        if label is None:
            years = [parse_year(cell) for cell in rest]
            if years and all(years):
                group.years = years
                continue
            raise ctx.error(line.number, f"指標の推移: unexpected row {line.values[0][:40]!r}")
        group.rows[label] = (line.number, rest)
    sheet.indicators = []
    for position, group in enumerate(groups, start=1):
        indicator = _indicator(group, position, sheet.fiscal_year, ctx)
        if indicator is not None:
            sheet.indicators.append(indicator)


def _read_name(group: IndicatorRows, cells: list[str]) -> None:
    types = [cell for cell in cells if key(cell) in INDICATOR_TYPES]
    group.type = key(types[0]) if types else ""
    names = [cell for cell in cells if key(cell) not in INDICATOR_TYPES]
    group.name = names[0] if names else ""


def _indicator(group: IndicatorRows, position: int, sheet_year: str, ctx: Context) -> Indicator | None:
    no = group.no if group.no is not None else position
    for label in ("目標値", "実績"):
        if label not in group.rows:
            raise ctx.error(group.line, f"指標の推移: indicator {no} has no {label} row")
    if not group.years:
        raise ctx.error(group.line, f"指標の推移: indicator {no} has no row of years (R01年度 …)")
    targets = _indicator_values(group, "目標値", no, ctx)
    actuals = _indicator_values(group, "実績", no, ctx)
    description = " ".join(group.rows.get("指標の概要", (0, []))[1])
    name_unit = _NAME_UNIT_RE.match(group.name.strip())
    name, unit = (name_unit.group(1).strip(), name_unit.group(2).strip()) if name_unit else (group.name.strip(), "")
    if not name:
        if any(targets.values()) or any(actuals.values()) or description:
            raise ctx.error(group.line, f"指標の推移: indicator {no} has values but no name")
        return None  # the form's empty "()" placeholder row: not an indicator
    if not group.type:
        raise ctx.error(group.line, f"指標の推移: indicator {no} has no type ({' / '.join(INDICATOR_TYPES)})")
    return Indicator(
        no=no,
        name=name,
        unit=unit,
        type=group.type,
        description=description,
        targets={year: reported_target(value) for year, value in targets.items()},
        actuals={year: reported_actual(year, sheet_year, value) for year, value in actuals.items()},
        printed_targets=dict(zip(group.years, group.rows["目標値"][1], strict=True)),
        printed_actuals=dict(zip(group.years, group.rows["実績"][1], strict=True)),
        line=group.line,
    )


def _indicator_values(group: IndicatorRows, label: str, no: int, ctx: Context) -> dict[str, float]:
    number, cells = group.rows[label]
    if len(cells) != len(group.years):
        raise ctx.error(
            number, f"指標の推移: indicator {no} {label} has {len(cells)} values for {len(group.years)} years"
        )
    try:
        return {year: parse_float(cell) for year, cell in zip(group.years, cells, strict=True)}
    except ValueError as err:
        raise ctx.error(number, f"指標の推移: indicator {no} {label}: {err}") from None


# ---- 事業の成果と課題 -------------------------------------------------------------------------

RESULTS_LABELS = {
    "前年度の課題への対応": "response_to_previous",
    "成果": "results",
    "課題": "issues",
    "改善目標": "improvement_goal",
}
_TAG_RE = re.compile(r"</?p\s*>", re.IGNORECASE)
_ISSUES_RE = re.compile(r"^\s*(?:業務)?\s*(.*?)\s*(?:組織、予算等\s*(.*?))?\s*$", re.DOTALL)


def clean_text(text: str) -> str:
    """Cell text for reading: no ``<p>`` tags, single spaces."""
    return re.sub(r"\s+", " ", _TAG_RE.sub(" ", text)).strip()


def parse_results_issues(sheet: Sheet, block: Block, ctx: Context) -> None:
    """The 課題 row holds two parts, 業務 and 組織、予算等, in cells of their own or in one cell (097, 095)."""
    rows = _labelled_rows(block, RESULTS_LABELS, ctx, "事業の成果と課題")
    sheet.response_to_previous = clean_text(rows["response_to_previous"]) or None
    sheet.results = clean_text(rows["results"]) or None
    sheet.improvement_goal = clean_text(rows["improvement_goal"]) or None
    issues = _ISSUES_RE.match(clean_text(rows["issues"]))
    sheet.issues_business = (issues.group(1) or "").strip() or None
    sheet.issues_org_budget = (issues.group(2) or "").strip() or None


# ---- 評価 and 方向性 -------------------------------------------------------------------------


def parse_evaluation(sheet: Sheet, block: Block, ctx: Context) -> None:
    labels = {label: name for name, label in EVALUATION_FIELDS.items()}
    seen: dict[str, Score] = {}
    for line in block.lines:
        keys = line.keys
        if not keys:
            continue
        name = labels.get(keys[0])
        if name is None:
            raise ctx.error(line.number, f"評価: unexpected row {line.values[0][:40]!r}")
        score_cell = keys[1] if len(keys) > 1 else "-"
        if is_not_given(score_cell):
            score = None
        elif score_cell.isdigit() and 1 <= int(score_cell) <= 5:
            score = int(score_cell)
        else:
            raise ctx.error(line.number, f"評価: {keys[0]} score must be 1–5 or '-', not {score_cell!r}")
        seen[name] = Score(score, clean_text(" ".join(line.values[2:])))
    missing = [label for label, name in labels.items() if name not in seen]
    if missing:
        raise ctx.error(block.heading_line, f"評価: missing row(s) {', '.join(missing)}")
    sheet.evaluation = {name: seen[name] for name in EVALUATION_FIELDS}


def parse_direction(sheet: Sheet, block: Block, ctx: Context) -> None:
    rows = _labelled_rows(block, {"方向性": "direction", "理由": "reason"}, ctx, "方向性")
    if is_not_given(rows["direction"]):
        raise ctx.error(block.heading_line, "方向性: no direction given")
    sheet.direction = clean_text(rows["direction"])
    sheet.reason = None if is_not_given(rows["reason"]) else clean_text(rows["reason"])
