"""Reading corpus files into numbered lines of tab-separated cells.

The sheets come from PDF extraction: one text line per printed row, cells separated by
tabs, with the extraction's noise kept. This module only reads; it gives every later
stage the file and line number it needs to name in an error.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# A generous bound: a real sheet file is ~50 KB; a cell of a megabyte is hostile or broken.
MAX_FILE_BYTES = 50_000_000
_SPACES = re.compile(r"\s+")


class SheetError(ValueError):
    """A problem in the corpus, located by file, sheet number and line."""

    def __init__(self, file: str, sheet: str | None, line: int | None, message: str):
        self.file, self.sheet, self.line, self.message = file, sheet, line, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        where.append(f"sheet {self.sheet}" if self.sheet else "sheet ?")
        if self.line:
            where.append(f"line {self.line}")
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    cells: tuple[str, ...]
    # The non-empty cells, in order: split_lines fills them once, since the parser asks for them on
    # every step. Callers slice it and never change it.
    values: list[str]

    @property
    def keys(self) -> list[str]:
        """The non-empty cells in NFKC form, for matching labels."""
        return [key(cell) for cell in self.values]

    @property
    def is_blank(self) -> bool:
        return not self.values


# Labels and headings recur on every sheet, so most calls repeat a few hundred strings: caching them is the
# largest part of the parser's speed-up.
@functools.lru_cache(maxsize=1 << 14)
def key(text: str) -> str:
    """A cell's form for matching labels and vocabularies: NFKC, single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def read_text(path: Path) -> str:
    """A corpus file's text, or a SheetError saying why it cannot be read."""
    return decode_text(path.read_bytes(), str(path))


def decode_text(data: bytes, name: str) -> str:
    """The text of the corpus file ``name`` whose bytes are ``data``, or a SheetError saying why it has none."""
    if len(data) > MAX_FILE_BYTES:
        raise SheetError(name, None, None, f"file is larger than {MAX_FILE_BYTES:,} bytes")
    if not data.strip():
        raise SheetError(name, None, None, "file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise SheetError(
            name, None, line, f"not UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SheetError(name, None, line, "file contains NUL bytes: not a text file")
    return text


def split_lines(text: str, first_number: int = 1) -> list[Line]:
    """Text into numbered lines of stripped cells."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = []
    for number, raw in enumerate(lines, start=first_number):
        cells = tuple(map(str.strip, raw.split("\t")))
        numbered.append(Line(number, cells, [cell for cell in cells if cell]))
    return numbered
