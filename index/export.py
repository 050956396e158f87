"""Every parsed sheet as data, for open-data users and staff spreadsheets."""

from __future__ import annotations

import csv
import io
import json

from jimuqa.index.model import Sheet, sheet_to_dict


def export_json(sheets: list[Sheet]) -> str:
    """A JSON list of sheets with the keys documented in the README ("Export")."""
    return json.dumps([sheet_to_dict(sheet) for sheet in sheets], ensure_ascii=False, indent=2)


def export_csv(sheets: list[Sheet]) -> str:
    """One row per sheet; nested keys are flattened with dots (``costs.R02.budget``).

    Section texts are left out: they repeat the other columns and would make cells of pages.
    """
    rows = []
    for sheet in sheets:
        data = sheet_to_dict(sheet)
        data.pop("sections")
        data["sdgs"] = "、".join(data["sdgs"])
        data["indicators"] = {str(ind.pop("no")): ind for ind in data["indicators"]}
        rows.append(dict(_flatten(data)))
    columns: list[str] = []
    for row in rows:
        columns.extend(column for column in row if column not in columns)
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
