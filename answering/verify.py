"""The citation check: every quote occurs in its cited section, every number in a cited source.

A number in an answer is accepted when it occurs in a cited section's text or in the table rows
the answer came from (totals, differences and percentages are computed into those rows). Year
spellings, citation markers, indicators' places (「指標1」) and the sheet numbers cited are not figures and
are skipped. A number the question states is not evidence ("…9,999千円ですよね?"): it is accepted only
where the answer restates the question, on its reading lines ("市民ニーズが3以下の事業の一覧"); the points of a scale it
says in words ("behind schedule": 進捗状況 1 or 2) are stated by it too.
"""

from __future__ import annotations

import re
import sqlite3

from jimuqa.answering.catalogue import scale_points
from jimuqa.answering.operators import MONEY_RE, in_thousand_yen
from jimuqa.answering.types import Answer
from jimuqa.index.years import find_years, normalise, strip_years, western

_MARKER_RE = re.compile(r"\[\d+\]")
_INDICATOR_RE = re.compile(r"(?:indicator|指標)\s*\d+", re.IGNORECASE)  # an indicator's place on its sheet, no figure
_NUMBER_RE = re.compile(r"(?<![A-Za-z0-9_.])\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> set[float]:
    """The figures in ``text``: ``6,954`` and ``6954`` are the same number. Read as the answer's are (NFKC): a
    quoted 「④祝状の作成」 shows a 4, as its source does."""
    found = set()
    for match in _NUMBER_RE.finditer(normalise(text)):
        token = match.group(0).rstrip(",")
        try:
            found.add(round(float(token.replace(",", "")), 4))
        except ValueError:
            continue
    return found


def amounts_in(text: str) -> set[float]:
    """The amounts ``text`` says with a unit, in the 千円 answers print (「10億円」: 1,000,000): what a reading of
    the question repeats."""
    return {round(in_thousand_yen(float(m.group(0).replace(",", "")), text[m.end() :])[0], 4)
            for m in _NUMBER_RE.finditer(text) if MONEY_RE.match(text[m.end() :])}  # fmt: skip


def row_numbers(rows: list[dict]) -> set[float]:
    found: set[float] = set()
    for row in rows:
        for value in row.values():
            if isinstance(value, bool):
                continue
            if isinstance(value, list):  # (each side's total of a total of differences)
                found |= row_numbers([{"v": v} for v in value])
            elif isinstance(value, int | float):
                # as computed, and as shown: a float is printed to one decimal, or to as many as the figures it is
                # made of have (an average of 33.00, 147.50 and 122.30 hours: 100.93; compose_answer._number)
                for shown in (round(float(value), digits) for digits in range(1, 5)):
                    found |= {shown, abs(shown)}
            elif isinstance(value, str):
                found |= numbers_in(value)
    return found


def year_numbers(text: str) -> set[float]:
    """The Western years of the fiscal years ``text`` spells: "in 2020" restates its 令和2年度."""
    return {float(western(code)) for code in find_years(text)}


def check(answer: Answer, db: sqlite3.Connection, question: str = "") -> list[str]:
    """What is wrong with ``answer``'s citations; an empty list when it holds."""
    problems = []
    texts = []
    for citation in answer.citations:
        row = db.execute(
            "SELECT x.text FROM sections x JOIN sheets s ON s.id = x.sheet_id "
            "WHERE s.number = ? AND s.fiscal_year = ? AND x.section = ? AND (? = '' OR s.city = ?)",
            (citation.sheet, citation.fiscal_year, citation.section, citation.city, citation.city),
        ).fetchone()
        if row is None:
            problems.append(f"[{citation.n}] cites a section that does not exist: {citation.sheet}/{citation.section}")
            continue
        if citation.quote not in row["text"]:
            problems.append(
                f"[{citation.n}] quote not found in {citation.sheet}/{citation.section}: {citation.quote[:40]!r}"
            )
        texts.append(row["text"])
    markers = {int(m[1:-1]) for m in _MARKER_RE.findall(answer.text)}
    known = {c.n for c in answer.citations}
    problems += [f"[{n}] points at no citation" for n in sorted(markers - known)]
    allowed = row_numbers(answer.rows)
    for text in texts:
        allowed |= numbers_in(text) | year_numbers(text)
    allowed |= year_numbers(question)
    for citation in answer.citations:  # sheet numbers and names ("Society 5.0") are not figures
        allowed |= numbers_in(f"{citation.sheet} {citation.project}")
    allowed |= numbers_in(" ".join(answer.projects))
    for number in answer.projects:  # a listed project's name may hold digits (Society 5.0)
        allowed |= numbers_in(" ".join(r[0] for r in db.execute("SELECT name FROM sheets WHERE number = ?", (number,))))
    said = numbers_in(question) | amounts_in(question) | scale_points(question)
    # (a reading restates a project named by its name by its number too: "projects other than 012")
    named = re.findall(r"(?<!\d)\d{3,4}(?!\d)", answer.reading or "")
    if named:
        marks = ",".join("?" * len(named))
        said |= {float(n) for (n,) in db.execute(f"SELECT DISTINCT number FROM sheets WHERE number IN ({marks})", named)}
    for line in answer.text.splitlines():
        restated = said if _is_reading_line(line, answer) else set()
        for value in sorted(numbers_in(strip_years(_MARKER_RE.sub(" ", _INDICATOR_RE.sub(" ", line)))) - allowed - restated):
            problems.append(f"number {value:g} is in no cited source")
    return problems


def _is_reading_line(line: str, answer: Answer) -> bool:
    """A line that says how the question was read: the reading, or a part's heading (「**…の一覧**」)."""
    line = line.strip()
    return bool(answer.reading) and (answer.reading in line or (len(line) > 4 and line[:2] == line[-2:] == "**"))
