"""Feedback on answers: 👍 / 👎 and an optional comment, kept in a local SQLite file.

One row per rating: the question, the answer text, its citations (JSON) and the time (UTC, ISO 8601).
Nothing that identifies the person (no address, session or browser) is stored. The schema is created on
the first write, never at import or on a read.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

FEEDBACK_FILE = "feedback.sqlite"
RATINGS = ("up", "down")
COLUMNS = ("id", "created_at", "rating", "comment", "lang", "question", "answer", "citations")

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    rating TEXT CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL DEFAULT '[]'
)
"""


def feedback_path(data_dir: Path) -> Path:
    """Where the app keeps feedback: beside the builds, so a rebuild never touches it."""
    return data_dir / FEEDBACK_FILE


@contextmanager
def _writing(path: Path) -> Iterator[sqlite3.Connection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=10)) as db:
        with db:  # one transaction, committed on success
            db.execute(SCHEMA)
            yield db


def record_feedback(
    path: Path,
    *,
    question: str,
    answer: str,
    citations: list[dict] | None = None,
    rating: str | None = None,
    comment: str = "",
    lang: str = "",
) -> int:
    """Store one rating (``up``, ``down`` or None for a comment alone) and return its id."""
    if rating is not None and rating not in RATINGS:
        raise ValueError(f"rating must be one of {RATINGS} or None, not {rating!r}")
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    with _writing(path) as db:
        cursor = db.execute(
            "INSERT INTO feedback (created_at, rating, comment, lang, question, answer, citations) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                created_at,
                rating,
                comment.strip(),
                lang,
                question,
                answer,
                json.dumps(citations or [], ensure_ascii=False),
            ),
        )
        return int(cursor.lastrowid)


def add_comment(path: Path, feedback_id: int, comment: str) -> bool:
    """Set the comment of a stored rating; False when there is no such rating."""
    with _writing(path) as db:
        cursor = db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment.strip(), feedback_id))
        return cursor.rowcount == 1


def read_feedback(path: Path) -> list[dict]:
    """Every stored rating, oldest first; an empty list when nothing was recorded yet."""
    if not path.exists():
        return []
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'feedback'").fetchone():
            return []
        return [dict(row) for row in db.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")]


def export_csv(path: Path) -> str:
    """All feedback as CSV (a header row, then one row per rating; citations as JSON)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(read_feedback(path))
    return out.getvalue()
