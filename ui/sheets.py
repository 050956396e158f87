"""The table, read-only, as the app shows it: section texts for sources and the sheets for the projects tab."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass

from jimuqa.answering import phrases as p
from jimuqa.answering.catalogue import field_info
from jimuqa.answering.types import Citation
from jimuqa.index.model import FORM as TSUKUBA
from jimuqa.index.ofunato_form import FORM as OFUNATO
from jimuqa.index.sections import FORM_SECTION_KINDS, SECTION_KINDS
from jimuqa.index.years import western
from jimuqa.ui.render import status_text

# ---------------------------------------------------------------------------------------------
# The table, read-only: section texts for sources, and the sheets for the projects tab.

SECTION_TEXT_SQL = """
SELECT se.text FROM sections se JOIN sheets s ON s.id = se.sheet_id
WHERE s.number = ? AND s.fiscal_year = ? AND se.section = ? AND (? = '' OR s.city = ?)
"""


def section_texts(db: sqlite3.Connection, citations: list[Citation]) -> list[str | None]:
    texts = []
    for c in citations:
        row = db.execute(SECTION_TEXT_SQL, (c.sheet, c.fiscal_year, c.section, c.city, c.city)).fetchone()
        texts.append(row[0] if row else None)
    return texts


# What the projects tab shows of each form, as catalogue fields (``answering.catalogue``): the money a sheet
# says was spent in a year (an actual, never a plan) and the decision on the project's future. A form not
# named here shows neither.
SPENT_FIELD = {TSUKUBA: "settlement", OFUNATO: "ofunato_project_cost"}
DIRECTION_FIELD = {TSUKUBA: "direction", OFUNATO: "ofunato_future_direction"}

SHEETS_SQL = """
SELECT s.id, s.city, s.form, s.department, s.number, s.name, s.fiscal_year, s.section AS team,
       coalesce(d.value, s.direction) AS direction
FROM sheets s LEFT JOIN directions d ON d.sheet_id = s.id AND d.field = :direction_row
ORDER BY s.fiscal_year, s.rowid
"""
# Every actual amount spent, by sheet and year: Tsukuba's 決算額, and the generic tables' plan-free rows.
SPENT_SQL = """
SELECT sheet_id, year, settlement FROM costs WHERE settlement IS NOT NULL
UNION ALL
SELECT sheet_id, year, value FROM figures
WHERE field = :spent_row AND is_plan = 0 AND year IS NOT NULL AND value IS NOT NULL
"""


def list_sheets(db: sqlite3.Connection) -> list[dict]:
    """Every sheet with what the projects tab shows: the latest year with an actual amount spent and that amount
    (``spent_year``, ``spent``), its indicators' status counts in its own year (``statuses``; a form whose
    indicators have no targets: none) or their number (``indicators``), and its ``direction`` as printed."""
    rows = {
        "direction_row": field_info(DIRECTION_FIELD[OFUNATO]).row,
        "spent_row": field_info(SPENT_FIELD[OFUNATO]).row,
    }
    sheets = [dict(row) for row in db.execute(SHEETS_SQL, rows)]
    spent: dict[int, tuple[str, float]] = {}
    for sheet_id, year, amount in db.execute(SPENT_SQL, rows):
        if sheet_id not in spent or western(year) > western(spent[sheet_id][0]):
            spent[sheet_id] = (year, amount)
    statuses: dict[int, dict[str, int]] = {}
    for sheet_id, status, count in db.execute(
        "SELECT sheet_id, status, count(*) FROM indicator_status WHERE year = sheet_year GROUP BY sheet_id, status"
    ):
        statuses.setdefault(sheet_id, {})[status] = count
    series = dict(db.execute("SELECT sheet_id, count(*) FROM indicator_series GROUP BY sheet_id").fetchall())
    for sheet in sheets:
        sheet["spent_year"], sheet["spent"] = spent.get(sheet["id"], (None, None))
        sheet["statuses"] = statuses.get(sheet["id"], {})
        sheet["indicators"] = series.get(sheet["id"], 0)
    return sheets


def sheet_key(sheet: dict) -> str:
    """A sheet's key in the projects tab: a number is unique within a city and year only."""
    return f"{sheet['city']}:{sheet['fiscal_year']}:{sheet['number']}"


ALL = "*"  # the filters' value for every city / every department


def cities_of(sheets: list[dict]) -> list[str]:
    return list(dict.fromkeys(s["city"] for s in sheets))


def departments_of(sheets: list[dict], city: str = ALL) -> list[str]:
    """The departments of ``city``'s sheets (of every city's with ``ALL``), in the table's order."""
    return list(dict.fromkeys(s["department"] for s in filter_sheets(sheets, city) if s["department"]))


def filter_sheets(sheets: list[dict], city: str | None = ALL, department: str | None = ALL) -> list[dict]:
    """The sheets of one city and one department; ``ALL`` (or nothing chosen) keeps every one."""
    return [
        s
        for s in sheets
        if (city in (ALL, None, "") or s["city"] == city)
        and (department in (ALL, None, "") or s["department"] == department)
    ]


# The projects table's columns: (JA header, EN header, gradio datatype, width in px). ``{spent}`` and
# ``{direction}`` are the fields (``SPENT_FIELD``, ``DIRECTION_FIELD``) of the forms shown, as printed: the
# two columns read a different field on each form, and the year column says which year each amount is of.
# The city column shows only when several cities are loaded.
CITY_COLUMN = ("市", "City", "str", 80)
PROJECT_COLUMNS = (
    ("番号", "No.", "str", 56),
    ("事業名", "Project", "str", 260),
    ("部課", "Department (部課)", "str", 170),
    ("係", "Team (係)", "str", 150),
    ("金額の年度", "Year of amount", "str", 100),
    ("{spent}（千円）", "Spent, thousand yen ({spent})", "number", 130),
    ("指標", "Indicators", "str", 180),
    ("{direction}", "Direction ({direction})", "str", 110),
)
# Between the labels of several forms in one header.
LABEL_SEPARATOR = {"ja": "／", "en": " / "}


def project_columns(many_cities: bool) -> tuple[tuple[str, str, str, int], ...]:
    return ((CITY_COLUMN,) if many_cities else ()) + PROJECT_COLUMNS


def projects_table(sheets: list[dict], lang: str, many_cities: bool = False) -> dict:
    """The projects tab's table of ``sheets``; with ``many_cities`` its first column is the city."""
    forms = [f for f in dict.fromkeys(s["form"] for s in sheets) if f in SPENT_FIELD] or list(SPENT_FIELD)
    labels = {
        name: LABEL_SEPARATOR[lang].join(dict.fromkeys(field_info(fields[f]).label_ja for f in forms))
        for name, fields in (("spent", SPENT_FIELD), ("direction", DIRECTION_FIELD))
    }
    column = 0 if lang == "ja" else 1
    headers = [c[column].format(**labels) for c in project_columns(many_cities)]
    data = [
        ([s["city"]] if many_cities else [])
        + [
            s["number"],
            s["name"],
            s["department"] or "",
            s["team"] or "",
            p.year_label(s["spent_year"], lang) if s["spent_year"] else "",
            s["spent"],
            indicators_text(s, lang),
            direction_text(s, lang),
        ]
        for s in sheets
    ]
    return {"headers": headers, "data": data}


INDICATOR_COUNT = {"ja": "指標{n}件", "en": "{n} indicator(s)"}


def indicators_text(sheet: dict, lang: str) -> str:
    """Status counts where the form sets targets; else only how many indicators (no status without targets)."""
    if sheet["statuses"]:
        return status_text(sheet["statuses"], lang)
    return INDICATOR_COUNT[lang].format(n=sheet["indicators"]) if sheet["indicators"] else ""


def direction_text(sheet: dict, lang: str) -> str:
    """The direction as the city prints it; in English, the catalogue's word before it."""
    value = sheet["direction"]
    if not value or sheet["form"] not in DIRECTION_FIELD:
        return value or ""
    english = field_info(DIRECTION_FIELD[sheet["form"]]).value_word(value, "en")
    return value if lang == "ja" or english == value else f"{english} ({value})"


def sheet_sections(db: sqlite3.Connection, sheet_id: int, form: str | None = None) -> list[dict]:
    """A sheet's sections in its form's print order (any section the form does not declare last)."""
    rows = {r["section"]: dict(r) for r in db.execute("SELECT * FROM sections WHERE sheet_id = ?", (sheet_id,))}
    ordered = [rows.pop(kind.id) for kind in FORM_SECTION_KINDS.get(form, SECTION_KINDS) if kind.id in rows]
    return ordered + list(rows.values())


@dataclass(frozen=True)
class CityExamples:
    """What a city's sheets can show in an example question (``labels.EXAMPLE_TEMPLATES``), None where they have
    none: a project; a project with a budget and its year; a year whose indicators have targets; the latest
    year with an amount spent and the field that holds it (``SPENT_FIELD``); a department holding some of the
    city's projects; a project with a direction and the field that holds it (``DIRECTION_FIELD``)."""

    city: str
    project: str
    budget_project: str | None = None
    budget_year: str | None = None
    target_year: str | None = None
    spent_year: str | None = None
    spent_field: str | None = None
    department: str | None = None
    direction_project: str | None = None
    direction_field: str | None = None


def city_examples(db: sqlite3.Connection) -> list[CityExamples]:
    """For each city, from its own sheets (``list_sheets``): its first project, first project with a budget for
    its year, latest year with targets, latest year with an amount spent, its largest department (when it has
    more than one: one department's count is then not simply every project) and first project with a direction."""
    budget: dict[str, tuple[str, str]] = {}
    for city, name, year in db.execute(
        "SELECT s.city, s.name, s.fiscal_year FROM costs c JOIN sheets s ON s.id = c.sheet_id "
        "WHERE c.year = s.fiscal_year AND c.budget IS NOT NULL ORDER BY s.rowid"
    ):
        budget.setdefault(city, (name, year))
    targets = dict(
        db.execute(
            "SELECT s.city, max(i.year) FROM indicator_status i JOIN sheets s ON s.id = i.sheet_id "
            "WHERE i.year = i.sheet_year AND i.target IS NOT NULL GROUP BY s.city"
        ).fetchall()
    )
    every = sorted(list_sheets(db), key=lambda s: s["id"])  # the table's order: its first project first
    out = []
    for city in sorted(cities_of(every)):
        sheets = [s for s in every if s["city"] == city]
        out.append(
            CityExamples(
                city,
                sheets[0]["name"],
                *budget.get(city, (None, None)),
                target_year=targets.get(city),
                department=_largest_department(sheets),
                **_spent_example(sheets),
                **_direction_example(sheets),
            )
        )
    return out


def _spent_example(sheets: list[dict]) -> dict:
    spent = [s for s in sheets if s["spent_year"] is not None and s["form"] in SPENT_FIELD]
    if not spent:
        return {}
    latest = max(spent, key=lambda s: western(s["spent_year"]))
    return {"spent_year": latest["spent_year"], "spent_field": SPENT_FIELD[latest["form"]]}


def _largest_department(sheets: list[dict]) -> str | None:
    counts = Counter(s["department"] for s in sheets if s["department"])
    return counts.most_common(1)[0][0] if len(counts) > 1 else None


def _direction_example(sheets: list[dict]) -> dict:
    sheet = next((s for s in sheets if s["direction"] and s["form"] in DIRECTION_FIELD), None)
    return {"direction_project": sheet["name"], "direction_field": DIRECTION_FIELD[sheet["form"]]} if sheet else {}


def sheet_costs(db: sqlite3.Connection, sheet: dict) -> list[dict]:
    rows = db.execute("SELECT year, budget, settlement FROM costs WHERE sheet_id = ?", (sheet["id"],))
    records = [{"project": sheet["number"], **dict(r)} for r in rows]
    return sorted(records, key=lambda r: western(r["year"]))


def sheet_indicators(db: sqlite3.Connection, sheet: dict) -> list[dict]:
    rows = db.execute(
        "SELECT indicator_no, indicator, year, target, actual FROM indicator_status "
        "WHERE sheet_id = ? AND (target IS NOT NULL OR actual IS NOT NULL)",
        (sheet["id"],),
    )
    records = [
        {
            "project": sheet["number"],
            "indicator": f"{sheet['number']}-{r['indicator_no']} {r['indicator']}",
            "year": r["year"],
            "target": r["target"],
            "actual": r["actual"],
        }
        for r in rows
    ]
    return sorted(records, key=lambda r: (r["indicator"], western(r["year"])))


def project_names(db: sqlite3.Connection) -> dict[str, str]:
    """Sheet number → project name (the latest sheet's name where a project has several years)."""
    return {r["number"]: r["name"] for r in db.execute("SELECT number, name FROM sheets ORDER BY fiscal_year")}


def indicator_names(db: sqlite3.Connection) -> dict[tuple[str, int], tuple[str, str]]:
    """(sheet number, indicator number) → (indicator name, unit), for the table under an answer."""
    rows = db.execute(
        "SELECT s.number, i.no, i.name, i.unit FROM indicators i JOIN sheets s ON s.id = i.sheet_id "
        "ORDER BY s.fiscal_year"
    )
    return {(r["number"], r["no"]): (r["name"], r["unit"]) for r in rows}
