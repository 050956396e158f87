"""Citations collected while an answer is composed: each one a line of a section's text, numbered."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from jimuqa.answering.types import Citation


@dataclass(frozen=True)
class SheetRef:
    id: int
    number: str
    name: str
    fiscal_year: str
    city: str = ""
    form: str = "tsukuba"  # the importer that read it (index.importers): which form's sections it has

    @property
    def key(self) -> tuple[str, str, str]:
        """The sheet's identity: a number is unique only within a city and a fiscal year."""
        return (self.city, self.number, self.fiscal_year)

    @classmethod
    def of(cls, row) -> SheetRef:
        """From a ``sheets`` row (its city and form when the row has them)."""
        keys = row.keys()
        city = row["city"] if "city" in keys else ""
        form = row["form"] if "form" in keys else "tsukuba"
        return cls(row["id"], row["number"], row["name"], row["fiscal_year"], city, form)


class Sources:
    """Numbers citations in order of first use; the same quote cited twice keeps its number."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.citations: list[Citation] = []
        self._numbers: dict[tuple[int, str, str], int] = {}

    @classmethod
    def after(cls, db: sqlite3.Connection, citations: list[Citation]) -> Sources:
        """Sources numbered on from ``citations``: an answer that quotes passages below its figures."""
        sources = cls(db)
        sources.citations = list(citations)
        return sources

    def section_text(self, sheet: SheetRef, section: str) -> tuple[str, sqlite3.Row]:
        row = self.db.execute(
            "SELECT text, heading, file, first_line, last_line, worksheet, columns FROM sections "
            "WHERE sheet_id = ? AND section = ?",
            (sheet.id, section),
        ).fetchone()
        return row["text"], row

    def cite(self, sheet: SheetRef, section: str, starts: str | None = None, lines: int = 1) -> str:
        """``[n]`` for the section's line(s) that start with ``starts`` (its first line when None)."""
        text, row = self.section_text(sheet, section)
        all_lines = text.split("\n")
        start = next((i for i, line in enumerate(all_lines) if starts and line.startswith(starts)), 0)
        return self.cite_quote(sheet, section, "\n".join(all_lines[start : start + lines]), row)

    def cite_quote(self, sheet: SheetRef, section: str, quote: str, row: sqlite3.Row | None = None) -> str:
        if row is None:
            _, row = self.section_text(sheet, section)
        key = (sheet.id, section, quote)
        if key not in self._numbers:
            self._numbers[key] = len(self.citations) + 1
            self.citations.append(
                Citation(
                    n=self._numbers[key],
                    sheet=sheet.number,
                    project=sheet.name,
                    fiscal_year=sheet.fiscal_year,
                    section=section,
                    heading=row["heading"],
                    quote=quote,
                    file=row["file"],
                    first_line=row["first_line"],
                    last_line=row["last_line"],
                    city=sheet.city,
                    worksheet=row["worksheet"],
                    columns=row["columns"],
                )
            )
        return f"[{self._numbers[key]}]"
