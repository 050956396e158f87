"""What the cells of the 大船渡市 export mean: text, numbers, dashes, years, vocabularies.

Every reading returns the value and, when the cell was not plain, a note saying how it was read, so
the record can keep the reason a value is missing (docs/ofunato.md, "Cell readings"). A cell that cannot
be read raises ``CellError``; the row reader adds the file, worksheet, row and column.

- Text (names, narratives) keeps its printed characters, only trimmed: NFKC would turn ① into 1 and
  ㎡ into m2, and quotes must match the sheet. Codes, numbers, years and closed vocabularies are read in
  NFKC form (``cells.key``), so full-width digits and ideographic spaces do not matter.
- A dash of any kind, or an empty cell, is missing (None).
- The number 0 in a text column is the export's formula copying an empty cell: missing.
- ``29（4）`` (消費者保護対策事業, 貸付件数（新規貸付件数）) is read as 29, the leading number; the
  parenthesised part stays in the printed text and the note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from jimuqa.index.cells import key
from jimuqa.index.ofunato_form import DIRECTIONS
from jimuqa.index.values import NOT_GIVEN
from jimuqa.index.years import ERA_BY_NAME, code

# The Tsukuba sheets' dashes, plus the en dash this export also uses once.
DASHES = NOT_GIVEN | {"–"}
EMPTY_FORMULA_NOTE = "0 in a text column: the export's formula for an empty cell"

_NUMBER = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER_RE = re.compile(_NUMBER)
_NUMBER_WITH_ASIDE_RE = re.compile(rf"({_NUMBER})\s*\((.+)\)")
_ERA_YEAR_RE = re.compile(r"(昭和|平成|令和)(元|\d{1,2})(?:年度?)?")
_CATEGORY_RE = re.compile(r"([A-Z])\s*(.+)")
_DIRECTION_RE = re.compile(r"(\d)?\s*(.+)", re.DOTALL)


class CellError(ValueError):
    """A cell that cannot be read; the message names the cell's text."""


@dataclass(frozen=True)
class Reading:
    value: object
    note: str | None = None


def printed(raw: object) -> str | None:
    """The cell as text, as stored: what a reader of the workbook sees."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def read_text(raw: object) -> Reading:
    """Names and narratives: printed characters, trimmed; dashes, blanks and formula zeros are missing."""
    if raw is None:
        return Reading(None)
    if isinstance(raw, bool):
        raise CellError(f"a true/false value where text belongs: {raw!r}")
    if isinstance(raw, int | float):
        return Reading(None, EMPTY_FORMULA_NOTE) if raw == 0 else Reading(printed(raw))
    if isinstance(raw, datetime | date):
        return Reading(raw.isoformat())
    text = str(raw).replace("\r\n", "\n").strip()
    if not text:
        return Reading(None, "blank cell")
    if key(text) in DASHES:
        return Reading(None, f"printed {text!r}: none given")
    return Reading(text)


def read_key(raw: object) -> Reading:
    """Codes and closed vocabularies (判断, 区分): as ``read_text``, in NFKC form with single spaces."""
    reading = read_text(raw)
    return reading if reading.value is None else Reading(key(reading.value), reading.note)


def read_digits(raw: object) -> str | None:
    """A number cell read as its digits (政策番号 十の位 ``0`` is a real 0, unlike 0 in a text column)."""
    if raw is None:
        return None
    text = key(printed(raw))
    return None if not text or text in DASHES else text


def read_number(raw: object) -> Reading:
    """A cost or indicator value: a number, or None with the reason; unreadable text raises ``CellError``."""
    if raw is None:
        return Reading(None, "empty cell")
    if isinstance(raw, bool) or isinstance(raw, datetime | date):
        raise CellError(f"not a number: {raw!r}")
    if isinstance(raw, int | float):
        return Reading(_plain(raw))
    text = key(str(raw))
    if not text:
        return Reading(None, "blank cell")
    if text in DASHES:
        return Reading(None, f"printed {str(raw).strip()!r}: no value")
    if _NUMBER_RE.fullmatch(text):
        return Reading(_plain(float(text.replace(",", ""))))
    aside = _NUMBER_WITH_ASIDE_RE.fullmatch(text)
    if aside:
        value = _plain(float(aside.group(1).replace(",", "")))
        return Reading(value, f"read the leading number {value}; ({aside.group(2)}) kept as printed")
    raise CellError(f"cannot read {str(raw)!r} as a number")


def _plain(number: int | float) -> int | float:
    # Whole numbers as int; the sheet's formulas leave binary artefacts (17757.39999999999), so round.
    if float(number).is_integer():
        return int(number)
    return round(number, 6)


def read_period_bound(raw: object) -> Reading:
    """事業期間 始期/終期: ``"令和３"`` → value ``("令和3", "R03")``, the text in NFKC form and its year code.

    0 and dashes are not given. 昭和 years and bare numbers (``18``) keep their text with no code: years.py
    codes only 平成 and 令和, and a bare number does not say its era.
    """
    text = read_digits(raw)
    if text is None or text == "0":
        return Reading((None, None), None if text is None else "0: not given")
    match = _ERA_YEAR_RE.fullmatch(text)
    if match is None:
        return Reading((text, None), f"{text!r}: no era printed, so no year code")
    era = ERA_BY_NAME.get(match.group(1))
    if era is None:
        return Reading((text, None), f"{text!r}: years.py codes only 平成 and 令和")
    number = 1 if match.group(2) == "元" else int(match.group(2))
    return Reading((text, code(era, number)))


def read_category(raw: object) -> tuple[str | None, str | None]:
    """事務事業区分 ``"Ｅ　一般"`` → ``("E", "一般")``."""
    text = read_key(raw).value
    if text is None:
        return None, None
    match = _CATEGORY_RE.fullmatch(text)
    return (match.group(1), match.group(2)) if match else (None, text)


def read_direction(raw: object) -> tuple[int, str] | None:
    """方向性 ``"１　現状維持"`` → ``(1, "現状維持")``; None when not given. Unknown words raise."""
    reading = read_key(raw)
    if reading.value is None:
        return None
    number, words = _DIRECTION_RE.fullmatch(reading.value).groups()
    for candidate, value in DIRECTIONS.items():
        if words.startswith(value) and (number is None or int(number) == candidate):
            return candidate, value
    expected = ", ".join(f"{n} {value}" for n, value in DIRECTIONS.items())
    raise CellError(f"unknown 方向性 {str(raw)!r}: expected one of {expected}")
