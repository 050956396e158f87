"""The structured table: parsed sheets in SQLite, one row per fact, numbers as numbers.

Answers take every number from here. Not-reported cells are NULL (``index.values``); the
printed text is kept beside them. The query side opens the file read-only.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from jimuqa.index.model import (
    BASIC_INFO_LABELS,
    COST_ITEMS,
    EVALUATION_FIELDS,
    PARTICIPATION_FIELDS,
    TEXT_FIELDS,
    Sheet,
)
from jimuqa.index.values import MET, MISSED, NO_TARGET, NOT_RECORDED

SHEET_TEXT_FIELDS = (
    *(name for name in BASIC_INFO_LABELS if name != "sdgs"),  # SDGs have a table of their own
    *TEXT_FIELDS,
    "direction",
    "reason",
)
_COST_TYPES = {"staff_ratio": "REAL", "overtime_hours": "REAL", "part_time": "TEXT"}

SCHEMA = f"""
CREATE TABLE sheets (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    name TEXT NOT NULL,
    fiscal_year TEXT NOT NULL,
    {", ".join(f"{name} TEXT" for name in SHEET_TEXT_FIELDS)},
    file TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL,
    UNIQUE (fiscal_year, number)
);
CREATE TABLE sdgs (
    sheet_id INTEGER NOT NULL REFERENCES sheets(id),
    goal INTEGER NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (sheet_id, goal)
);
CREATE TABLE participation (
    sheet_id INTEGER NOT NULL REFERENCES sheets(id),
    field TEXT NOT NULL,
    label TEXT NOT NULL,
    text TEXT,
    PRIMARY KEY (sheet_id, field)
);
CREATE TABLE costs (
    sheet_id INTEGER NOT NULL REFERENCES sheets(id),
    year TEXT NOT NULL,
    {", ".join(f"{item} {_COST_TYPES.get(item, 'INTEGER')}" for item in COST_ITEMS)},
    printed TEXT NOT NULL,
    PRIMARY KEY (sheet_id, year)
);
CREATE TABLE indicators (
    sheet_id INTEGER NOT NULL REFERENCES sheets(id),
    no INTEGER NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    type TEXT NOT NULL,
    description TEXT NOT NULL,
    line INTEGER NOT NULL,
    PRIMARY KEY (sheet_id, no)
);
CREATE TABLE indicator_values (
    sheet_id INTEGER NOT NULL,
    indicator_no INTEGER NOT NULL,
    year TEXT NOT NULL,
    target REAL,
    actual REAL,
    target_printed TEXT NOT NULL,
    actual_printed TEXT NOT NULL,
    PRIMARY KEY (sheet_id, indicator_no, year),
    FOREIGN KEY (sheet_id, indicator_no) REFERENCES indicators(sheet_id, no)
);
CREATE TABLE evaluations (
    sheet_id INTEGER NOT NULL REFERENCES sheets(id),
    field TEXT NOT NULL,
    label TEXT NOT NULL,
    score INTEGER CHECK (score BETWEEN 1 AND 5),
    text TEXT NOT NULL,
    PRIMARY KEY (sheet_id, field)
);
CREATE TABLE sections (
    sheet_id INTEGER NOT NULL REFERENCES sheets(id),
    section TEXT NOT NULL,
    heading TEXT NOT NULL,
    file TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (sheet_id, section)
);
-- Each indicator's status per year; the rule is documented in index/values.py.
CREATE VIEW indicator_status AS
SELECT s.id AS sheet_id, s.number, s.name AS project, s.fiscal_year AS sheet_year,
       i.no AS indicator_no, i.name AS indicator, i.unit, i.type,
       v.year, v.target, v.actual, v.target_printed, v.actual_printed,
       CASE WHEN v.target IS NULL THEN '{NO_TARGET}'
            WHEN v.actual IS NULL THEN '{NOT_RECORDED}'
            WHEN v.actual >= v.target THEN '{MET}'
            ELSE '{MISSED}' END AS status
FROM indicator_values v
JOIN indicators i ON i.sheet_id = v.sheet_id AND i.no = v.indicator_no
JOIN sheets s ON s.id = v.sheet_id;
CREATE INDEX costs_year ON costs (year);
CREATE INDEX indicator_values_year ON indicator_values (year);
"""


def write_table(path: Path, sheets: list[Sheet]) -> dict[str, int]:
    """Create the table file at ``path`` (which must not exist) and return row counts."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(SCHEMA)
        with db:
            for sheet in sheets:
                _insert_sheet(db, sheet)
        counts = {
            name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in ("sheets", "costs", "indicators", "indicator_values", "evaluations", "sections")
        }
        violations = db.execute("PRAGMA foreign_key_check").fetchall()
        if violations:
            raise RuntimeError(f"foreign key violations: {violations[:3]}")
    finally:
        db.close()
    return counts


def _insert_sheet(db: sqlite3.Connection, sheet: Sheet) -> None:
    columns = ("number", "name", "fiscal_year", *SHEET_TEXT_FIELDS, "file", "first_line", "last_line")
    values = [getattr(sheet, column) for column in columns]
    cursor = db.execute(f"INSERT INTO sheets ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", values)
    sheet_id = cursor.lastrowid
    db.executemany(
        "INSERT OR IGNORE INTO sdgs VALUES (?, ?, ?)",
        [(sheet_id, int(label[:2].strip()), label) for label in sheet.sdgs],
    )
    db.executemany(
        "INSERT INTO participation VALUES (?, ?, ?, ?)",
        [
            (sheet_id, name, label, sheet.citizen_participation.get(name))
            for name, label in PARTICIPATION_FIELDS.items()
        ],
    )
    db.executemany(
        f"INSERT INTO costs VALUES (?, ?, {', '.join('?' * len(COST_ITEMS))}, ?)",
        [
            (
                sheet_id,
                year,
                *(getattr(cost, item) for item in COST_ITEMS),
                json.dumps(cost.printed, ensure_ascii=False),
            )
            for year, cost in sheet.costs.items()
        ],
    )
    for ind in sheet.indicators:
        db.execute(
            "INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?)",
            (sheet_id, ind.no, ind.name, ind.unit, ind.type, ind.description, ind.line),
        )
        db.executemany(
            "INSERT INTO indicator_values VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    sheet_id,
                    ind.no,
                    year,
                    ind.targets[year],
                    ind.actuals[year],
                    ind.printed_targets[year],
                    ind.printed_actuals[year],
                )
                for year in ind.targets
            ],
        )
    db.executemany(
        "INSERT INTO evaluations VALUES (?, ?, ?, ?, ?)",
        [
            (sheet_id, name, label, sheet.evaluation[name].score, sheet.evaluation[name].text)
            for name, label in EVALUATION_FIELDS.items()
        ],
    )
    db.executemany(
        "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(sheet_id, s.id, s.heading, s.file, s.first_line, s.last_line, s.text) for s in sheet.sections],
    )


def open_table(path: Path) -> sqlite3.Connection:
    """The table, read-only: no question can change it, and serving writes nothing into the build.

    ``immutable=1`` because a build's table never changes once written: SQLite then takes no locks and
    never looks for a journal to roll back (which a read-only connection could not do anyway).
    """
    db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA query_only = ON")
    return db
