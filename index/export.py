"""Every parsed sheet as data, for open-data users and staff spreadsheets.

Each sheet is exported in its own form's shape, opened by ``city`` and ``form``: Tsukuba's sheets with the
keys documented in the README ("Export"), 大船渡市's as their records (``index.ofunato_model``: every field,
each number with its cell as printed, column and note, and the sheet's row as ``source``).
"""

from __future__ import annotations

import csv
import io
import json

from jimuqa.index.importers import AnySheet
from jimuqa.index.model import Sheet, sheet_to_dict
from jimuqa.index.ofunato_model import ofunato_record


def sheet_data(sheet: AnySheet) -> dict:
    """One sheet as the export writes it, opened by ``city`` and ``form``."""
    if isinstance(sheet, Sheet):
        return sheet_to_dict(sheet)
    data = ofunato_record(sheet)
    return {"city": data.pop("city"), "form": data.pop("form"), "number": sheet.number, **data}


def export_json(sheets: list[AnySheet]) -> str:
    """A JSON list of sheets (see ``sheet_data``)."""
    return json.dumps([sheet_data(sheet) for sheet in sheets], ensure_ascii=False, indent=2)


def export_csv(sheets: list[AnySheet]) -> str:
    """One row per sheet; nested keys are flattened with dots (``costs.R02.budget``).

    Section texts are left out: they repeat the other columns and would make cells of pages. Columns are
    the union over every form's sheets; a column another form does not have is empty.
    """
    rows = []
    for sheet in sheets:
        data = sheet_data(sheet)
        data.pop("sections")
        if isinstance(sheet, Sheet):
            data["sdgs"] = "、".join(data["sdgs"])
            data["indicators"] = {str(ind.pop("no")): ind for ind in data["indicators"]}
        else:
            data["indicators"] = {ind["letter"]: ind for ind in data["indicators"]}
            data["evaluations"] = {str(item["number"]): item for item in data["evaluations"]}
        rows.append(dict(_flatten(data)))
    columns = list(dict.fromkeys(column for row in rows for column in row))  # first-seen order
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _flatten(data: dict, prefix: str = ""):
    for name, value in data.items():
        column = f"{prefix}{name}"
        if isinstance(value, dict):
            yield from _flatten(value, column + ".")
        else:
            yield column, value
