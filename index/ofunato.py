"""Importer for 大船渡市's 事務事業評価 export: one .xlsx worksheet, one row per sheet → ``OfunatoSheet``.

Reading goes: open the workbook (``_load_rows``), find the header row and every labelled column by its
name (``find_layout``), place the six unlabelled year blocks between the labelled columns and check
their headers, then read each non-empty row (``RowReader``). Problems in a row are collected per cell;
``read_workbook`` raises the first, ``read_workbook_lenient`` returns the good sheets and every problem.
Problems with the file or its header stop both.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from jimuqa.index import ofunato_cells as cells
from jimuqa.index.ofunato_form import (
    ACTUAL_YEARS_BEFORE,
    BACKGROUND_COLUMNS,
    BLOCK_COUNT,
    BLOCK_HEADERS,
    BLOCK_WIDTH,
    BUDGET_PARTS,
    COLUMNS_AFTER_BLOCKS,
    COLUMNS_BEFORE_BLOCKS,
    COST_ITEMS,
    EVALUATION_ITEMS,
    EXTENSIONS,
    HEADER_SEARCH_ROWS,
    INDICATOR_SLOTS,
    LABELLED_COLUMNS,
    LABELS,
    NARRATIVE_COLUMNS,
    OVERALL_PLAN_COLUMNS,
    SIGNATURE_FIELDS,
    WORKSHEET,
    Column,
    header_key,
)
from jimuqa.index.ofunato_model import (
    Cost,
    Direction,
    Evaluation,
    Figure,
    Indicator,
    Level,
    OfunatoSheet,
    Period,
    Source,
    WorkbookError,
    new_sheet,
)
from jimuqa.index.years import code, from_western, parse_year, western

Row = tuple[object, ...]
_BY_FIELD = {column.field: column for column in LABELLED_COLUMNS}


def read_workbook(path: Path, worksheet: str | None = None) -> list[OfunatoSheet]:
    """Every sheet of the export; the first problem raises ``WorkbookError``."""
    sheets, problems = read_workbook_lenient(path, worksheet)
    if problems:
        raise problems[0]
    return sheets


def read_workbook_lenient(path: Path, worksheet: str | None = None) -> tuple[list[OfunatoSheet], list[WorkbookError]]:
    """The rows that read, and every problem of the rows that do not (possibly several per row).

    A file that is not a workbook, or a header that does not match the form, still raises.
    """
    file = str(path)
    name, rows = _load_rows(path, worksheet)
    layout = find_layout(rows, file, name)
    sheets, problems = [], []
    for number, values in enumerate(rows[layout.header_row :], start=layout.header_row + 1):
        if all(_is_blank(value) for value in values):
            continue
        reader = RowReader(values, Source(file, name, number), layout)
        sheet = reader.read()
        if reader.problems:
            problems.extend(reader.problems)
        else:
            sheets.append(sheet)
    return sheets, problems


def is_ofunato_workbook(path: Path) -> bool:
    """Whether ``path`` is this form's export: an .xlsx whose header row carries the form's signature."""
    if path.suffix.lower() not in EXTENSIONS:
        return False
    try:
        name, rows = _load_rows(path, None, max_rows=HEADER_SEARCH_ROWS)
        _find_header_row(rows, str(path), name)
    except WorkbookError:
        return False
    return True


def _load_rows(path: Path, worksheet: str | None, max_rows: int | None = None) -> tuple[str, list[Row]]:
    """The chosen worksheet's name and its rows from row 1 and column A (so indexes map to letters)."""
    file = str(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as err:
        raise WorkbookError(file, None, None, None, f"not a readable .xlsx workbook ({err})") from None
    try:
        name = _choose_worksheet(book.sheetnames, worksheet, file)
        rows = list(book[name].iter_rows(min_row=1, min_col=1, max_row=max_rows, values_only=True))
    finally:
        book.close()
    return name, rows


def _choose_worksheet(names: list[str], wanted: str | None, file: str) -> str:
    # The named worksheet when asked; else the export's own name; else the first. Others are ignored.
    if wanted is not None:
        if wanted not in names:
            raise WorkbookError(file, wanted, None, None, f"no such worksheet; the workbook has {names}")
        return wanted
    return WORKSHEET if WORKSHEET in names else names[0]


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Layout:
    """Where each field is: the 1-based header row, 0-based column indexes, the first year block's index."""

    header_row: int
    columns: dict[str, int]
    blocks_start: int

    @property
    def letters(self) -> dict[str, str]:
        return {field: get_column_letter(index + 1) for field, index in self.columns.items()}


def find_layout(rows: list[Row], file: str, worksheet: str) -> Layout:
    """The header row, every labelled column by its name, and the year blocks between them, checked."""
    header_row = _find_header_row(rows, file, worksheet)
    headers = [header_key(value) for value in rows[header_row - 1]]
    columns = _labelled_columns(headers, header_row, file, worksheet)
    start = columns[COLUMNS_BEFORE_BLOCKS[-1].field] + 1
    _check_blocks(headers, start, columns[COLUMNS_AFTER_BLOCKS[0].field], header_row, file, worksheet)
    return Layout(header_row, columns, start)


def _find_header_row(rows: list[Row], file: str, worksheet: str) -> int:
    # Most of the signature is enough to find the row, so a renamed column there is reported by name.
    wanted = {header_key(_BY_FIELD[field].header) for field in SIGNATURE_FIELDS}
    for number, values in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        if len(wanted & {header_key(value) for value in values}) > len(wanted) // 2:
            return number
    names = ", ".join(LABELS[field] for field in SIGNATURE_FIELDS)
    message = f"no header row in rows 1–{HEADER_SEARCH_ROWS}: no row names most of {names}"
    raise WorkbookError(file, worksheet, None, None, message)


def _labelled_columns(headers: list[str], header_row: int, file: str, worksheet: str) -> dict[str, int]:
    where: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        where.setdefault(header, []).append(index)
    columns: dict[str, int] = {}
    missing: list[tuple[Column, int]] = []
    for column in LABELLED_COLUMNS:
        found = where.get(header_key(column.header), [])
        if len(found) > 1:
            letters = ", ".join(get_column_letter(index + 1) for index in found)
            message = f"header {column.header!r} appears in more than one column ({letters})"
            raise WorkbookError(file, worksheet, header_row, get_column_letter(found[1] + 1), message)
        if found:
            columns[column.field] = found[0]
        else:
            # A renamed column stands where the column would be: right after the previous field's (or,
            # for the first column after the year blocks, after the blocks).
            expected_at = max(columns.values(), default=-1) + 1
            if column == COLUMNS_AFTER_BLOCKS[0]:
                expected_at += BLOCK_COUNT * BLOCK_WIDTH
            missing.append((column, expected_at))
    if missing:
        column, index = missing[0]
        there = headers[index] if index < len(headers) else ""
        more = f" (and {len(missing) - 1} more: {', '.join(c.label for c, _ in missing[1:])})" if missing[1:] else ""
        message = f"column {column.header!r} ({column.label}) not found; this column is headed {there!r}{more}"
        raise WorkbookError(file, worksheet, header_row, get_column_letter(index + 1), message)
    return columns


def _check_blocks(headers: list[str], start: int, end: int, header_row: int, file: str, worksheet: str) -> None:
    """The year blocks fill exactly the columns between the indicator units and ① きっかけ."""
    width = end - start
    if width != BLOCK_COUNT * BLOCK_WIDTH:
        message = (
            f"expected {BLOCK_COUNT} year blocks of {BLOCK_WIDTH} columns from here to column "
            f"{get_column_letter(end)}, found {width} columns"
        )
        raise WorkbookError(file, worksheet, header_row, get_column_letter(start + 1), message)
    for block in range(BLOCK_COUNT):
        for offset, expected in enumerate(BLOCK_HEADERS):
            index = start + block * BLOCK_WIDTH + offset
            if headers[index] != header_key(expected):
                message = f"year block {block + 1}: expected header {expected!r}, found {headers[index]!r}"
                raise WorkbookError(file, worksheet, header_row, get_column_letter(index + 1), message)


def block_years(evaluation_year: str) -> list[str]:
    """The years of the six blocks, oldest first: ``"R07"`` → R02…R07 (docs/ofunato.md, "Year blocks")."""
    last = western(evaluation_year)
    return [from_western(last - ACTUAL_YEARS_BEFORE + block) for block in range(BLOCK_COUNT)]


class RowReader:
    """One row into an ``OfunatoSheet``; each unreadable cell adds a ``WorkbookError`` and reading goes on."""

    def __init__(self, values: Row, source: Source, layout: Layout):
        self.values, self.source, self.layout = values, source, layout
        self.problems: list[WorkbookError] = []
        self.notes: dict[str, str] = {}

    def read(self) -> OfunatoSheet:
        year = self.evaluation_year()
        name = self.text("name")
        if name is None:
            self.fail(self.layout.columns["name"], "事務事業名 is empty")
        sheet = new_sheet(year or "", self.source, name or "", self.text("project_id"))
        self.read_basic(sheet)
        sheet.overall_plan = self.overall_plan()
        for column in (*NARRATIVE_COLUMNS, *BACKGROUND_COLUMNS):
            setattr(sheet, column.field, self.text(column.field))
        if year:
            years = block_years(year)
            sheet.costs = {y: self.cost(block, y, y == year) for block, y in enumerate(years)}
            sheet.indicators = self.indicators(years, year)
        sheet.evaluations = [self.evaluation(number) for number in range(1, len(EVALUATION_ITEMS) + 1)]
        self.read_direction(sheet)
        sheet.columns = self.layout.letters
        sheet.notes = self.notes
        return sheet

    # Cells ---------------------------------------------------------------------------------------

    def raw(self, index: int) -> object:
        return self.values[index] if index < len(self.values) else None

    def letter(self, field: str) -> str:
        return get_column_letter(self.layout.columns[field] + 1)

    def fail(self, index: int, message: str) -> None:
        source = self.source
        self.problems.append(
            WorkbookError(source.file, source.worksheet, source.row, get_column_letter(index + 1), message)
        )

    def _read(self, field: str, reading: Callable[[object], object], default: object = None) -> Any:
        # Reads one labelled cell; a CellError becomes a located problem and ``default`` is returned.
        index = self.layout.columns[field]
        try:
            result = reading(self.raw(index))
        except cells.CellError as err:
            self.fail(index, f"{_BY_FIELD[field].label}: {err}")
            return default
        if isinstance(result, cells.Reading):
            if result.note:
                self.notes[field] = result.note
            return result.value
        return result

    def text(self, field: str) -> str | None:
        return self._read(field, cells.read_text)

    def key(self, field: str) -> str | None:
        return self._read(field, cells.read_key)

    def number(self, field: str) -> int | float | None:
        return self._read(field, cells.read_number)

    def figure(self, index: int, year: str | None, is_plan: bool, label: str) -> Figure:
        raw = self.raw(index)
        column = get_column_letter(index + 1)
        try:
            reading = cells.read_number(raw)
        except cells.CellError as err:
            self.fail(index, f"{label} ({year or '全体計画'}): {err}")
            reading = cells.Reading(None, str(err))
        return Figure(reading.value, cells.printed(raw), column, year, is_plan, reading.note)

    # Parts of the sheet -------------------------------------------------------------------------

    def evaluation_year(self) -> str | None:
        index = self.layout.columns["evaluation_year"]
        raw = self.raw(index)
        if isinstance(raw, str) and parse_year(raw):
            return parse_year(raw)
        # The 年度 column holds the 令和 year alone (7 for 令和7年度), as 作成年 does.
        digits = None if isinstance(raw, bool) else cells.read_digits(raw)
        if digits and digits.isdigit() and int(digits) > 0:
            return code("R", int(digits))
        self.fail(index, f"年度 {raw!r} is not a year: expected the 令和 year number, such as 7")
        return None

    def read_basic(self, sheet: OfunatoSheet) -> None:
        sheet.sheet_no = self.number("sheet_no")
        sheet.created = self.created()
        sheet.basic_project_id = self.text("basic_project_id")
        sheet.policy = self.level("policy")
        sheet.measure = self.level("measure")
        sheet.basic_project = self.level("basic_project")
        for field in ("legal_basis", "department", "section", "overview"):
            setattr(sheet, field, self.text(field))
        sheet.implementation_plan = self.text("implementation_plan") is not None
        sheet.strategy = self.text("strategy") is not None
        start, start_year = self._read("period_start", cells.read_period_bound, (None, None))
        end, end_year = self._read("period_end", cells.read_period_bound, (None, None))
        sheet.period = Period(self.key("period_kind"), start, end, start_year, end_year)
        sheet.budget = {label: self.text(field) for field, label in BUDGET_PARTS.items()}
        sheet.category_code, sheet.category = self._read("category", cells.read_category, (None, None))

    def created(self) -> date | None:
        parts = [self.number(f"created_{part}") for part in ("year", "month", "day")]
        if not all(isinstance(part, int) for part in parts):
            return None
        year, month, day = parts
        try:
            return date(western(code("R", year)), month, day)
        except ValueError:
            self.notes["created_day"] = f"no such date: 令和{year}年{month}月{day}日"
            return None

    def level(self, prefix: str) -> Level:
        tens = self._read(f"{prefix}_tens", cells.read_digits)
        ones = self._read(f"{prefix}_ones", cells.read_digits)
        number = f"{tens}{ones}" if tens is not None and ones is not None else None
        return Level(number, self.text(f"{prefix}_name"))

    def overall_plan(self) -> Cost | None:
        indexes = [self.layout.columns[column.field] for column in OVERALL_PLAN_COLUMNS]
        figures = {
            key: self.figure(index, None, True, column.label)
            for (key, _), index, column in zip(COST_ITEMS.items(), indexes, OVERALL_PLAN_COLUMNS, strict=True)
        }
        # Sheets without a whole-period plan print 0 or nothing in all ten cells.
        if all(not figure.value for figure in figures.values()):
            return None
        return Cost(None, True, **figures)

    def cost(self, block: int, year: str, is_plan: bool) -> Cost:
        start = self.layout.blocks_start + block * BLOCK_WIDTH
        figures = {
            key: self.figure(start + offset, year, is_plan, label)
            for offset, (key, (label, _)) in enumerate(COST_ITEMS.items())
        }
        return Cost(year, is_plan, **figures)

    def indicators(self, years: list[str], plan_year: str) -> list[Indicator]:
        found = []
        for slot_number, slot in enumerate(INDICATOR_SLOTS):
            offset = len(COST_ITEMS) + slot_number
            values = {
                year: self.figure(
                    self.layout.blocks_start + block * BLOCK_WIDTH + offset,
                    year,
                    year == plan_year,
                    f"{slot.kind_label}{slot.letter}",
                )
                for block, year in enumerate(years)
            }
            name = self.text(slot.name_column.field)
            # An unused slot is blank or all zeros from the export's formulas; a nameless slot with values
            # is kept (one sheet has three), so no printed number is dropped.
            if name is None and not any(figure.value for figure in values.values()):
                continue
            found.append(
                Indicator(
                    slot.kind,
                    slot.letter,
                    name,
                    self.text(slot.unit_column.field),
                    values,
                    self.letter(slot.name_column.field),
                    self.letter(slot.unit_column.field),
                    note=None if name else "values without a name: the name cell is blank or 0",
                )
            )
        return found

    def evaluation(self, number: int) -> Evaluation:
        label, question = EVALUATION_ITEMS[number - 1]
        judgement_field, reason_field = f"evaluation_{number}_judgement", f"evaluation_{number}_reason"
        return Evaluation(
            number,
            label[2:],
            question,
            self.key(judgement_field),
            self.text(reason_field),
            self.letter(judgement_field),
            self.letter(reason_field),
        )

    def read_direction(self, sheet: OfunatoSheet) -> None:
        sheet.improvement_direction = self.direction("improvement_direction")
        sheet.expected_outcome = self.key("expected_outcome")
        sheet.expected_cost = self.key("expected_cost")
        sheet.issues = self.text("issues")
        sheet.future_direction = self.direction("future_direction")
        sheet.summary = self.text("summary")

    def direction(self, field: str) -> Direction | None:
        found = self._read(field, cells.read_direction)
        if found is None:
            if self.raw(self.layout.columns[field]) == 0:
                self.notes[field] = cells.EMPTY_FORMULA_NOTE
            return None
        number, value = found
        index = self.layout.columns[field]
        return Direction(value, number, cells.printed(self.raw(index)), get_column_letter(index + 1))
