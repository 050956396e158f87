"""Parsed sheets cached per corpus file, so that a build parses again only the files that changed.

An entry is keyed by the file's name, its bytes and the source of the ``index`` package (every importer
and everything they read), so an edited file, a renamed file or a changed importer all miss the cache and
are read afresh. Entries are JSON, never pickle: each importer writes its records and reads them back
equal (``index.importers``), and problems keep their kind and place (file, sheet and line; or file,
worksheet, row and column). Each entry is written under a temporary name and then renamed, so a killed
build leaves none half-written; an entry that cannot be read is parsed again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

from jimuqa.index.cells import SheetError
from jimuqa.index.importers import BY_FORM, AnySheet, Importer, Problem
from jimuqa.index.model import FORM as TSUKUBA_FORM
from jimuqa.index.model import Sheet
from jimuqa.index.ofunato_model import WorkbookError

SHEETS_CACHE = "sheets"  # folder under the data directory's cache
_PARSER_SOURCE = Path(__file__).parent


@functools.cache
def parser_fingerprint() -> str:
    """A hash of every module of the ``index`` package: wider than the parser needs, never narrower."""
    digest = hashlib.sha256()
    for module in sorted(_PARSER_SOURCE.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return digest.hexdigest()


def entry_key(file: str, data: bytes) -> str:
    return hashlib.sha256(f"{parser_fingerprint()}\0{file}\0".encode() + data).hexdigest()


def read_cached(importer: Importer, path: Path, data: bytes, folder: Path) -> tuple[list[AnySheet], list[Problem], str]:
    """``importer.read(path, data)``, read from ``folder`` when an earlier build read the same bytes; and its key."""
    file = str(path)
    key = entry_key(file, data)
    entry = folder / f"{key}.json"
    try:
        record = json.loads(entry.read_text(encoding="utf-8"))
        if record["form"] != importer.form:
            raise ValueError("another form")
        sheets = [importer.from_record(s) for s in record["sheets"]]
        return sheets, [_problem(p) for p in record["problems"]], key
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass  # not cached yet, or unreadable: read the file
    sheets, problems = importer.read(path, data)
    record = {
        "form": importer.form,
        "sheets": [importer.record(sheet) for sheet in sheets],
        "problems": [_problem_record(p) for p in problems],
    }
    try:
        _write_atomically(entry, json.dumps(record, ensure_ascii=False))
    except OSError:
        pass  # a cache that cannot be written (full disk, read-only folder) only costs the next build a parse
    return sheets, problems, key


def parse_cached(file: str, data: bytes, folder: Path) -> tuple[list[Sheet], list[SheetError], str]:
    """A Tsukuba text file through the cache (``read_cached`` with its importer)."""
    return read_cached(BY_FORM[TSUKUBA_FORM], Path(file), data, folder)  # type: ignore[return-value]


def prune(folder: Path, keep: set[str]) -> None:
    """Delete the entries of files that are no longer in the corpus (or no longer read the same), and leftovers."""
    for path in folder.glob("*.json"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)
    for path in folder.glob(".*.tmp"):  # left by a killed build; the caller holds the build lock
        path.unlink(missing_ok=True)


def _problem_record(problem: Problem) -> dict:
    if isinstance(problem, WorkbookError):
        return {"kind": "workbook", "file": problem.file, "worksheet": problem.worksheet, "row": problem.row,
                "column": problem.column, "message": problem.message}  # fmt: skip
    return {"kind": "sheet", "file": problem.file, "sheet": problem.sheet, "line": problem.line,
            "message": problem.message}  # fmt: skip


def _problem(fields: dict) -> Problem:
    kind = fields.pop("kind")
    return WorkbookError(**fields) if kind == "workbook" else SheetError(**fields)


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
