"""Parsed sheets cached per corpus file, so that a build parses again only the files that changed.

An entry is keyed by the file's name, its bytes and the source of the ``index`` package (the parser and
everything it reads), so an edited file, a renamed file or a changed parser all miss the cache and are
parsed afresh. Entries are JSON, never pickle, and each is written under a temporary name and then
renamed, so a killed build leaves none half-written; an entry that cannot be read is parsed again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

from jimuqa.index.cells import SheetError
from jimuqa.index.model import Sheet, sheet_from_record, sheet_record
from jimuqa.index.parse import parse_bytes

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


def parse_cached(file: str, data: bytes, folder: Path) -> tuple[list[Sheet], list[SheetError], str]:
    """``parse_bytes(data, file)``, read from ``folder`` when an earlier build parsed the same bytes; and its key."""
    key = entry_key(file, data)
    path = folder / f"{key}.json"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return [sheet_from_record(s) for s in record["sheets"]], [_problem(p) for p in record["problems"]], key
    except (OSError, ValueError, TypeError, KeyError):
        pass  # not cached yet, or unreadable: parse it
    sheets, problems = parse_bytes(data, file)
    record = {
        "sheets": [sheet_record(sheet) for sheet in sheets],
        "problems": [[p.file, p.sheet, p.line, p.message] for p in problems],
    }
    try:
        _write_atomically(path, json.dumps(record, ensure_ascii=False))
    except OSError:
        pass  # a cache that cannot be written (full disk, read-only folder) only costs the next build a parse
    return sheets, problems, key


def prune(folder: Path, keep: set[str]) -> None:
    """Delete the entries of files that are no longer in the corpus (or no longer read the same), and leftovers."""
    for path in folder.glob("*.json"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)
    for path in folder.glob(".*.tmp"):  # left by a killed build; the caller holds the build lock
        path.unlink(missing_ok=True)


def _problem(fields: list) -> SheetError:
    file, sheet, line, message = fields
    return SheetError(file, sheet, line, message)


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
