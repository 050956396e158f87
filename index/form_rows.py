"""A sheet of a form other than Tsukuba's as rows of the table's generic tables (``index.table``).

An importer maps its records to ``FormRows`` (``index.ofunato_table`` does 大船渡市's); the table writes them
without knowing the form. Each row is a dict of column → value, without ``sheet_id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The generic tables, in the order rows are written (indicator_series before the figures that refer to it).
FORM_TABLES = ("sheet_fields", "figures", "indicator_series", "indicator_figures", "evaluation_items", "directions")

Row = dict[str, object]


@dataclass
class FormRows:
    sheet: Row  # the sheet's row in ``sheets``
    tables: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in FORM_TABLES})
