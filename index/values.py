"""What printed values mean: numbers, closed vocabularies, and cells the form does not report.

The form prints 0 where it has nothing to say. Those cells are kept as printed but read as
"not reported" (None), so no answer ever says "the R5 actual was 0":

- a target (目標値) of 0.0 means no target was set;
- an actual (実績) of 0.0 for a year after the sheet's year is not yet recorded;
- a 決算額 (and its funding breakdown) of 0 for a year after the sheet's year is not yet settled;
- the form leaves 予算額 of years before the sheet's year as 0: not reported.

An indicator's status in a year follows from that (the table's ``indicator_status`` view):
``no_target``, ``not_recorded``, else ``met`` when the actual reaches the target and ``missed``
when it does not. Every indicator in the corpus counts upward (more is better); a
lower-is-better indicator would need a flag.
"""

from __future__ import annotations

import re

from jimuqa.index.cells import key
from jimuqa.index.model import FUNDING_ITEMS
from jimuqa.index.years import western

NOT_GIVEN = {"-", "—", "－", "ー", "―", "‐"}

MET, MISSED, NO_TARGET, NOT_RECORDED = "met", "missed", "no_target", "not_recorded"
STATUSES = (MET, MISSED, NO_TARGET, NOT_RECORDED)

_INT_RE = re.compile(r"^-?\d{1,3}(,\d{3})*$|^-?\d+$")
_FLOAT_RE = re.compile(r"^-?(\d{1,3}(,\d{3})*|\d+)(\.\d+)?$")


def parse_int(text: str) -> int:
    """``"9,697"`` → 9697. Raises ValueError for anything that is not a whole number."""
    cell = key(text)
    if not _INT_RE.match(cell):
        raise ValueError(f"not a whole number: {text!r}")
    return int(cell.replace(",", ""))


def parse_float(text: str) -> float:
    """``"1.00"`` → 1.0, ``"5,000.0"`` → 5000.0. Raises ValueError otherwise."""
    cell = key(text)
    if not _FLOAT_RE.match(cell):
        raise ValueError(f"not a number: {text!r}")
    return float(cell.replace(",", ""))


def is_not_given(text: str | None) -> bool:
    """A dash (any of the sheet's dash characters) or nothing: the form's "no value"."""
    return text is None or key(text) in NOT_GIVEN or not key(text)


def reported_cost(item: str, year: str, sheet_year: str, value: float | int | str) -> float | int | str | None:
    """``value`` as reported, or None where the printed 0 means "not reported"."""
    if value != 0:
        return value
    if item == "budget" and _before(year, sheet_year):
        return None
    if item in ("settlement", *FUNDING_ITEMS) and _before(sheet_year, year):
        return None
    return value


def reported_target(value: float) -> float | None:
    return None if value == 0 else value


def reported_actual(year: str, sheet_year: str, value: float) -> float | None:
    return None if value == 0 and _before(sheet_year, year) else value


def _before(year: str, other: str) -> bool:
    # Year codes compare by their Gregorian year (H30 < R01 < R02 …).
    return western(year) < western(other)


# Closed vocabularies of the basic-info block. Shifted layouts (sheets 011, 012) put these
# values beside the wrong label; a careful reader recognises them by what they say.
VOCABULARIES: dict[str, re.Pattern[str]] = {
    "new_or_continuing": re.compile(r"^(新規|継続)$"),
    "category": re.compile(r"^(自治事務|法定受託事務)"),
    "structure": re.compile(r"^(職員のみ|一部委託|全部委託|委託|補助|指定管理)"),
    "period": re.compile(r"^(毎年度|単年度|期間限定.*)$"),
    "sdgs": re.compile(r"^(0?[1-9]|1[0-7])\s*[^\d\s.,-]"),
}


def vocabulary_field(text: str) -> str | None:
    """The basic-info field a value belongs to by its wording, if it is a closed-vocabulary value."""
    cell = key(text).replace(" ", "")
    for field_name, pattern in VOCABULARIES.items():
        if pattern.match(cell):
            return field_name
    return None


def canonical_vocabulary(text: str) -> str:
    """One spelling per value: ``自治事務 (任意)`` and ``自治事務（任意）`` are the same."""
    return key(text).replace(" ", "").replace("(", "（").replace(")", "）")
