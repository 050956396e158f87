"""The table, read-only, as the app shows it: section texts for sources and the sheets for the projects tab."""

from __future__ import annotations

import sqlite3

from jimuqa.answering import phrases as p
from jimuqa.answering.types import Citation
from jimuqa.index.sections import SECTION_KINDS
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
            "SELECT s.id, s.number, s.name, s.fiscal_year, s.section AS team, s.direction, c.settlement "
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
    return f"{sheet['fiscal_year']}:{sheet['number']}"


def projects_table(sheets: list[dict], lang: str) -> dict:
    years = sorted({s["fiscal_year"] for s in sheets})
    year = p.year_label(years[0], lang) if len(years) == 1 else ""
    headers = {
        "ja": ["番号", "事業名", "係", f"{year} 決算額（千円）".strip(), "指標の達成状況", "方向性"],
        "en": ["No.", "Project", "Team (係)", f"{year} settled (thousand yen)".strip(), "Indicators", "Direction"],
    }[lang]
    data = [
        [
            s["number"],
            s["name"],
            s["team"] or "",
            s["settlement"],
            status_text(s["statuses"], lang),
            p.value_word(s["direction"], lang) if s["direction"] else "",
        ]
        for s in sheets
    ]
    return {"headers": headers, "data": data}


def sheet_sections(db: sqlite3.Connection, sheet_id: int) -> list[dict]:
    rows = {r["section"]: dict(r) for r in db.execute("SELECT * FROM sections WHERE sheet_id = ?", (sheet_id,))}
    ordered = [rows.pop(kind.id) for kind in SECTION_KINDS if kind.id in rows]
    return ordered + list(rows.values())


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
