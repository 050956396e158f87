"""The structured table: parsed sheets in SQLite, one row per fact, numbers as numbers.

Answers take every number from here. Not-reported cells are NULL (``index.values``); the
printed text is kept beside them. The query side opens the file read-only.

Every sheet of every form has its row in ``sheets``: its city, form and identity (city, fiscal year,
number; the fiscal year is the evaluation year), its file and place. Tsukuba's form fills the tables
after it (``costs``, ``indicators`` …), which the answering layer reads. Other forms fill generic tables
that hold any form's fields under its own labels (``FORM_TABLES``: ``sheet_fields``, ``figures``,
``indicator_series``, ``indicator_figures``, ``evaluation_items``, ``directions``), so a third form needs
its rows for them (``index.ofunato_table`` is 大船渡市's), not new tables. ``sheets`` also carries, for every
form, the fields printed under the same label in both (部課名/担当部課, 係名, 根拠法令, 対象, 概要).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from jimuqa.index.form_rows import FORM_TABLES, FormRows
from jimuqa.index.glosses import Dictionary, english_names
from jimuqa.index.importers import BY_FORM, AnySheet
from jimuqa.index.model import (
    BASIC_INFO_LABELS,
    COST_ITEMS,
    EVALUATION_FIELDS,
    PARTICIPATION_FIELDS,
    TEXT_FIELDS,
    Section,
    Sheet,
    office_and_unit,
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
    first_line INTEGER NOT NULL,  -- a workbook's sheet: its row, in both
    last_line INTEGER NOT NULL,
    city TEXT NOT NULL,
    form TEXT NOT NULL,           -- the importer that read it (index.importers): tsukuba, ofunato
    worksheet TEXT,               -- NULL for a text file
    UNIQUE (city, fiscal_year, number)
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
    first_line INTEGER NOT NULL,  -- a workbook's section: its row, in both (index.model.Section)
    last_line INTEGER NOT NULL,
    text TEXT NOT NULL,
    worksheet TEXT,               -- a workbook's section: the worksheet and the columns read ("AW–AX")
    columns TEXT,
    PRIMARY KEY (sheet_id, section)
);
-- The generic tables of forms other than Tsukuba's. ``location`` is where the value was read (a column
-- letter of the sheet's row in a workbook); a missing value is NULL and ``note`` says why.
CREATE TABLE sheet_fields (           -- every scalar field as the form labels it: basic info, narratives
    sheet_id INTEGER NOT NULL REFERENCES sheets(id),
    field TEXT NOT NULL,              -- the record's field: overview, means_last_year, policy_name …
    label TEXT NOT NULL,              -- as printed: 事務事業の概要
    section TEXT NOT NULL,            -- the section it is shown in (index.sections)
    value,                            -- untyped: text stays text ('0086'), numbers and flags stay numbers
    note TEXT,
    location TEXT,
    PRIMARY KEY (sheet_id, field)
);
CREATE TABLE figures (                -- every yearly number but indicators': costs with the form's breakdown
    sheet_id INTEGER NOT NULL REFERENCES sheets(id),
    year TEXT,                        -- NULL for a whole-period plan (大船渡's 全体計画)
    field TEXT NOT NULL,              -- national, general_fund, project_cost, total_cost …
    label TEXT NOT NULL,              -- 国庫支出金
    unit TEXT NOT NULL,               -- 千円, 人, 時間
    value NUMERIC,
    printed TEXT,                     -- the cell as printed; NULL for an empty cell
    is_plan INTEGER NOT NULL,         -- 1 for a plan (the evaluation year's block, the 全体計画), 0 for an actual
    note TEXT,
    location TEXT
);
CREATE UNIQUE INDEX figures_key ON figures (sheet_id, field, coalesce(year, ''));
CREATE INDEX figures_year ON figures (year, field);
CREATE TABLE indicator_series (       -- a form's indicators: kind and slot as printed, no targets
    sheet_id INTEGER NOT NULL REFERENCES sheets(id),
    no INTEGER NOT NULL,              -- 1… in the form's order
    kind TEXT NOT NULL,               -- 活動 / 対象 / 成果
    slot TEXT NOT NULL,               -- the letter printed on the form: ア…ス
    label TEXT NOT NULL,              -- 活動指標ア
    name TEXT,                        -- NULL only for a nameless slot that holds values (note)
    unit TEXT,
    note TEXT,
    location TEXT,                    -- the name's and the unit's columns
    PRIMARY KEY (sheet_id, no)
);
CREATE TABLE indicator_figures (      -- each indicator's value per year; the evaluation year's is a plan
    sheet_id INTEGER NOT NULL,
    indicator_no INTEGER NOT NULL,
    year TEXT NOT NULL,
    value NUMERIC,
    printed TEXT,
    is_plan INTEGER NOT NULL,
    note TEXT,
    location TEXT,
    PRIMARY KEY (sheet_id, indicator_no, year),
    FOREIGN KEY (sheet_id, indicator_no) REFERENCES indicator_series(sheet_id, no)
);
CREATE TABLE evaluation_items (       -- judged items: the judgement chosen and the reason written beside it
    sheet_id INTEGER NOT NULL REFERENCES sheets(id),
    item INTEGER NOT NULL,            -- its number on the form
    label TEXT NOT NULL,              -- 政策体系との整合性
    question TEXT,
    judgement TEXT,
    reason TEXT,
    location TEXT,                    -- the judgement's and the reason's columns
    PRIMARY KEY (sheet_id, item)
);
CREATE TABLE directions (             -- 方向性 in the city's own words
    sheet_id INTEGER NOT NULL REFERENCES sheets(id),
    field TEXT NOT NULL,              -- improvement_direction, future_direction
    label TEXT NOT NULL,              -- 改革改善の方向性, 今後の方向性
    value TEXT,                       -- 現状維持 / 改革改善 / 終了・廃止・休止
    number INTEGER,                   -- the number printed before it
    printed TEXT,
    note TEXT,
    location TEXT,
    PRIMARY KEY (sheet_id, field)
);
CREATE TABLE english_names (          -- what a name's words are in English (index/glosses.py), for questions
    sheet_id INTEGER NOT NULL REFERENCES sheets(id),
    indicator_no INTEGER NOT NULL,    -- 0 for the project's name, else the indicator's no
    words TEXT NOT NULL,              -- normal forms (glosses.english_stem), separated by spaces
    own_words TEXT NOT NULL,          -- those of them that alone say the name: romaji (okirai), 火葬場's "crematorium"
    PRIMARY KEY (sheet_id, indicator_no)
);
CREATE TABLE english_values (         -- the same for the names of the units that run projects (部課名, 係名)
    field TEXT NOT NULL,              -- department or section
    value TEXT NOT NULL,
    words TEXT NOT NULL,
    own_words TEXT NOT NULL,
    PRIMARY KEY (field, value)
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


# Tables of Tsukuba's form, and the generic tables of the other forms (see the module's docstring).
TSUKUBA_TABLES = ("costs", "indicators", "indicator_values", "evaluations", "sdgs", "participation")
COUNTED = ("sheets", "costs", "indicators", "indicator_values", "evaluations", "sections", *FORM_TABLES)


def write_table(path: Path, sheets: list[AnySheet], dictionary: Dictionary | None = None) -> dict[str, int]:
    """Create the table file at ``path`` (which must not exist) and return row counts. With a ``dictionary``,
    the English words of every project's and indicator's name are written too."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(SCHEMA)
        with db:
            for sheet in sheets:
                rows = BY_FORM[sheet.form].rows
                if rows is None:
                    _insert_sheet(db, sheet)
                else:
                    _insert_form_sheet(db, rows(sheet), sheet.sections)
            if dictionary is not None:
                _insert_english(db, dictionary)
        counts = {name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in COUNTED}
        violations = db.execute("PRAGMA foreign_key_check").fetchall()
        if violations:
            raise RuntimeError(f"foreign key violations: {violations[:3]}")
    finally:
        db.close()
    return counts


def _insert_english(db: sqlite3.Connection, dictionary: Dictionary) -> None:
    """The English words of every name the sheets hold: projects', indicators', and the units' that run them."""
    names = db.execute(
        "SELECT id, 0, name FROM sheets UNION ALL SELECT sheet_id, no, name FROM indicators "
        "UNION ALL SELECT sheet_id, no, name FROM indicator_series WHERE name IS NOT NULL"
    ).fetchall()
    db.executemany("INSERT OR IGNORE INTO english_names VALUES (?, ?, ?, ?)", english_names(names, dictionary))
    units = db.execute(
        "SELECT DISTINCT 'department', department, department FROM sheets WHERE department IS NOT NULL "
        "UNION SELECT DISTINCT 'section', section, section FROM sheets WHERE section IS NOT NULL"
    ).fetchall()
    # A department's office and unit are glossed apart: read as one, 上下水道部下水道課's 部下 is "subordinate",
    # and its 下水道 ("sewerage") is lost.
    units = [(key, value, " ".join(office_and_unit(name) or (name,))) for key, value, name in units]
    db.executemany("INSERT INTO english_values VALUES (?, ?, ?, ?)", english_names(units, dictionary))


def _insert_row(db: sqlite3.Connection, table: str, row: dict[str, object]) -> int:
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
    )
    return int(cursor.lastrowid or 0)


def _insert_form_sheet(db: sqlite3.Connection, rows: FormRows, sections: list[Section]) -> None:
    """A sheet of another form: its ``sheets`` row, its rows of ``FORM_TABLES`` and its sections."""
    sheet_id = _insert_row(db, "sheets", rows.sheet)
    for table in FORM_TABLES:
        for row in rows.tables[table]:
            _insert_row(db, table, {"sheet_id": sheet_id, **row})
    _insert_sections(db, sheet_id, sections)


def _insert_sections(db: sqlite3.Connection, sheet_id: int, sections: list[Section]) -> None:
    db.executemany(
        "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (sheet_id, s.id, s.heading, s.file, s.first_line, s.last_line, s.text, s.worksheet, s.columns)
            for s in sections
        ],
    )


def _insert_sheet(db: sqlite3.Connection, sheet: Sheet) -> None:
    columns = ("number", "name", "fiscal_year", *SHEET_TEXT_FIELDS, "file", "first_line", "last_line", "city", "form")
    sheet_id = _insert_row(db, "sheets", {column: getattr(sheet, column) for column in columns})
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
    _insert_sections(db, sheet_id, sheet.sections)


def open_table(path: Path) -> sqlite3.Connection:
    """The table, read-only: no question can change it, and serving writes nothing into the build.

    ``immutable=1`` because a build's table never changes once written: SQLite then takes no locks and
    never looks for a journal to roll back (which a read-only connection could not do anyway).
    """
    db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA query_only = ON")
    return db
