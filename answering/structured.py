"""Structured answers: a ``Plan`` run as queries over the table, rendered with a citation for every figure.

Every number shown comes from a table row; every citation quotes the section line that prints it. A plan that
names projects is answered by ``lookups`` (each project's facts), any other by ``aggregates`` (across projects).
"""

from __future__ import annotations

import sqlite3

from jimuqa.answering.aggregates import aggregate_answer
from jimuqa.answering.lookups import project_answers
from jimuqa.answering.plan import Plan
from jimuqa.answering.result import Result
from jimuqa.answering.sources import Sources


def run_plan(plan: Plan, db: sqlite3.Connection, sources: Sources, lang: str) -> Result:
    if plan.projects:
        return project_answers(plan, db, sources, lang)
    return aggregate_answer(plan, db, sources, lang)


def markdown_table(rows: list[dict]) -> str:
    if not rows:
        return ""
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
    lines += ["| " + " | ".join(str(row.get(c, "")).replace("|", "\\|") for c in columns) + " |" for row in rows]
    return "\n".join(lines)
