"""One importer per sheet form, behind one interface: which files a form reads, and how they become records.

The build finds each corpus file's importer by asking every importer, in order, whether the file is
its form (``Importer.detects``); a file no importer claims is a problem the build reports, never a file it
quietly leaves out. Documentation beside the sheets is not a sheet file (``is_documentation``).

Every importer's records share the names the build, the table and the search read: ``city``, ``form``,
``fiscal_year`` (the evaluation year), ``number`` (unique within a city and year), ``name``, ``file``,
``indicators`` and ``sections`` (``index.model.Section``). Each importer also writes its records as JSON and
reads them back equal, for the parsed-sheet cache (``index.sheet_cache``).

To add a city whose sheets use a form known here, nothing is needed in code if its files are detected;
a new form needs an importer (a reader, a detector, a record round trip and its sections) added to
``IMPORTERS`` and its rows for the table (``index.table``). ``corpus/README.md`` says how.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jimuqa.index import model, ofunato_form
from jimuqa.index.cells import SheetError
from jimuqa.index.form_rows import FormRows
from jimuqa.index.model import Sheet, sheet_from_record, sheet_record
from jimuqa.index.ofunato import is_ofunato_workbook, read_workbook_lenient
from jimuqa.index.ofunato_model import OfunatoSheet, WorkbookError, ofunato_from_record, ofunato_record
from jimuqa.index.ofunato_sections import render_sections
from jimuqa.index.ofunato_table import form_rows
from jimuqa.index.parse import parse_bytes

AnySheet = Sheet | OfunatoSheet
Problem = SheetError | WorkbookError
Reader = Callable[[Path, bytes], tuple[list, list[Problem]]]

# Files in a corpus folder that are not sheets, by name: documentation (README.md and any *.md), metadata
# about the folder (*.json, such as the truth.json ``jimuqa bench generate`` writes beside its sheets; no
# form is JSON), hidden files (.DS_Store, editors' backups) and the lock files Office leaves beside an open
# workbook (~$name.xlsx). Every other file must be read by an importer or is reported.
DOCUMENTATION_SUFFIXES = (".md", ".json")
IGNORED_PREFIXES = (".", "~$")


@dataclass(frozen=True)
class Importer:
    """One sheet form: the city whose sheets it holds, how to recognise its files and read them."""

    form: str
    city: str
    description: str  # what its files are, for messages: "Tsukuba's sheets as text (*.txt)"
    detects: Callable[[Path], bool]
    read: Reader  # (path, its bytes) → records and problems; never raises for a bad file
    record: Callable[[AnySheet], dict]
    from_record: Callable[[dict], AnySheet]
    # Its rows of the table's generic tables (``index.form_rows``); None for Tsukuba's form, which has tables
    # of its own (``index.table``).
    rows: Callable[[AnySheet], FormRows] | None


def _read_tsukuba_text(path: Path, data: bytes) -> tuple[list[Sheet], list[Problem]]:
    sheets, problems = parse_bytes(data, str(path))
    return sheets, list(problems)


def _read_ofunato_export(path: Path, data: bytes) -> tuple[list[OfunatoSheet], list[Problem]]:
    # openpyxl reads the file itself; ``data`` is what the build hashed and the cache keys on.
    try:
        sheets, problems = read_workbook_lenient(path)
    except WorkbookError as error:  # the file or its header row: nothing of it can be read
        return [], [error]
    for sheet in sheets:
        sheet.sections = render_sections(sheet)
    return sheets, list(problems)


IMPORTERS: tuple[Importer, ...] = (
    Importer(
        form=model.FORM,
        city=model.CITY,
        description="Tsukuba's 事務事業マネジメントシート as extracted text (*.txt)",
        detects=lambda path: path.suffix.lower() == ".txt",
        read=_read_tsukuba_text,
        record=sheet_record,
        from_record=sheet_from_record,
        rows=None,
    ),
    Importer(
        form=ofunato_form.FORM,
        city=ofunato_form.CITY,
        description="大船渡市's 事務事業評価 export (an .xlsx workbook with its header row)",
        detects=is_ofunato_workbook,
        read=_read_ofunato_export,
        record=ofunato_record,
        from_record=ofunato_from_record,
        rows=form_rows,
    ),
)
BY_FORM: dict[str, Importer] = {importer.form: importer for importer in IMPORTERS}


def is_documentation(path: Path) -> bool:
    """Whether a corpus file is not a sheet file by its name (the rule is in ``corpus/README.md``)."""
    return path.suffix.lower() in DOCUMENTATION_SUFFIXES or path.name.startswith(IGNORED_PREFIXES)


def importer_for(path: Path) -> Importer | None:
    """The first importer that recognises ``path`` as its form; None when none does."""
    return next((importer for importer in IMPORTERS if importer.detects(path)), None)


def unknown_file(path: Path) -> SheetError:
    """The problem of a file no importer reads: named, with the forms that are known."""
    known = "; ".join(importer.description for importer in IMPORTERS)
    return SheetError(
        str(path), None, None, f"no importer reads this file (known forms: {known}); see corpus/README.md"
    )


def location(sheet: AnySheet) -> str:
    """Where a sheet starts in its file: ``line 3``, or ``row 5`` of a workbook."""
    if isinstance(sheet, OfunatoSheet):
        return f"row {sheet.source.row}"
    return f"line {sheet.first_line}"


def problem_at(sheet: AnySheet, message: str) -> Problem:
    """A problem located at ``sheet``, of the kind its form reports."""
    if isinstance(sheet, OfunatoSheet):
        column = sheet.columns.get("project_id")
        return WorkbookError(sheet.source.file, sheet.source.worksheet, sheet.source.row, column, message)
    return SheetError(sheet.file, sheet.number, sheet.first_line, message)
