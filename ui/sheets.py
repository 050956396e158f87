"""The table, read-only, as the app shows it: section texts for sources and the sheets for the projects tab."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from jimuqa.answering import phrases as p
from jimuqa.answering.types import Citation
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


def list_sheets(db: sqlite3.Connection) -> list[dict]:
    """Every sheet with its settled amount and indicator status counts for the sheet's own year."""
    sheets = [
        dict(row)
        for row in db.execute(
            "SELECT s.id, s.city, s.form, s.department, s.number, s.name, s.fiscal_year, s.section AS team, "
            "s.direction, c.settlement "
            "FROM sheets s LEFT JOIN costs c ON c.sheet_id = s.id AND c.year = s.fiscal_year "
            "ORDER BY s.fiscal_year, s.rowid"
        )
    ]
    counts: dict[int, dict[str, int]] = {}
    for sheet_id, status, count in db.execute(
        "SELECT sheet_id, status, count(*) FROM indicator_status WHERE year = sheet_year GROUP BY sheet_id, status"
    ):
        counts.setdefault(sheet_id, {})[status] = count
    for sheet in sheets:
        sheet["statuses"] = counts.get(sheet["id"], {})
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


# The projects table's columns: (JA header, EN header, gradio datatype, width in px). ``{year}`` is the one
# fiscal year of the sheets shown, when there is one. The city column shows only when several are loaded.
CITY_COLUMN = ("市", "City", "str", 80)
PROJECT_COLUMNS = (
    ("番号", "No.", "str", 56),
    ("事業名", "Project", "str", 300),
    ("係", "Team (係)", "str", 170),
    ("{year} 決算額（千円）", "{year} settled (thousand yen)", "number", 110),
    ("指標の達成状況", "Indicators", "str", 190),
    ("方向性", "Direction", "str", 80),
)


def project_columns(many_cities: bool) -> tuple[tuple[str, str, str, int], ...]:
    return ((CITY_COLUMN,) if many_cities else ()) + PROJECT_COLUMNS


def projects_table(sheets: list[dict], lang: str, many_cities: bool = False) -> dict:
    """The projects tab's table of ``sheets``; with ``many_cities`` its first column is the city."""
    years = sorted({s["fiscal_year"] for s in sheets})
    year = p.year_label(years[0], lang) if len(years) == 1 else ""
    column = 0 if lang == "ja" else 1
    headers = [c[column].format(year=year).strip() for c in project_columns(many_cities)]
    data = [
        ([s["city"]] if many_cities else [])
        + [
            s["number"],
            s["name"],
            s["team"] or "",
            s["settlement"],
            status_text(s["statuses"], lang) if s["statuses"] else "",
            p.value_word(s["direction"], lang) if s["direction"] else "",
        ]
        for s in sheets
    ]
    return {"headers": headers, "data": data}


def sheet_sections(db: sqlite3.Connection, sheet_id: int, form: str | None = None) -> list[dict]:
    """A sheet's sections in its form's print order (any section the form does not declare last)."""
    rows = {r["section"]: dict(r) for r in db.execute("SELECT * FROM sections WHERE sheet_id = ?", (sheet_id,))}
    ordered = [rows.pop(kind.id) for kind in FORM_SECTION_KINDS.get(form, SECTION_KINDS) if kind.id in rows]
    return ordered + list(rows.values())


@dataclass(frozen=True)
class CityExamples:
    """What a city's sheets can show in an example question (``labels.EXAMPLE_TEMPLATES``): a project, a
    project with a budget, and a year whose indicators have targets (None where the sheets have none)."""

    city: str
    project: str
    budget_project: str | None
    budget_year: str | None
    target_year: str | None


def city_examples(db: sqlite3.Connection) -> list[CityExamples]:
    """Each city's first project, first project with a budget for its year, and latest year with targets."""
    first = dict(reversed(db.execute("SELECT city, name FROM sheets ORDER BY rowid").fetchall()))
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
    return [
        CityExamples(city, name, *budget.get(city, (None, None)), targets.get(city))
        for city, name in sorted(first.items())
    ]


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
