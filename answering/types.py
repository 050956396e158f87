"""The small typed results passed between answering stages and out to the CLI, app and evaluation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from jimuqa.index.model import location
from jimuqa.settings import EXTRACTIVE

STRUCTURED, NARRATIVE, UNANSWERABLE = "structured", "narrative", "unanswerable"
KINDS = (STRUCTURED, NARRATIVE, UNANSWERABLE)


@dataclass(frozen=True)
class Citation:
    """One source behind an answer: a sheet's section and the words quoted from it."""

    n: int  # the marker number shown in the answer text, [1], [2], …
    sheet: str  # sheet number, e.g. "097"
    project: str  # project name as printed
    fiscal_year: str  # "R02"
    section: str  # section id, e.g. "costs"
    heading: str  # heading as printed, e.g. "コストの推移"
    quote: str  # text that occurs word for word in the section's text
    file: str
    first_line: int  # a workbook's section: its row, in both
    last_line: int
    city: str = ""  # "" in citations made before there were two cities
    worksheet: str | None = None  # a workbook's section: the worksheet and the columns read ("AW–AX")
    columns: str | None = None

    @property
    def location(self) -> str:
        return location(self.first_line, self.last_line, self.worksheet, self.columns)

    def to_json(self) -> dict:
        return {
            "n": self.n,
            "city": self.city,
            "sheet": self.sheet,
            "project": self.project,
            "fiscal_year": self.fiscal_year,
            "section": self.section,
            "heading": self.heading,
            "quote": self.quote,
            "file": self.file,
            "lines": [self.first_line, self.last_line],
            "location": self.location,
            "worksheet": self.worksheet,
            "columns": self.columns,
        }


@dataclass(frozen=True)
class Chart:
    """Data for a chart beside a structured answer.

    ``kind`` is ``attainment`` (records: project, indicator, year, target, actual) or ``costs``
    (records: project, year, budget, settlement).
    """

    kind: str
    records: list[dict]


@dataclass
class Answer:
    question: str
    text: str  # Markdown, with citation markers [n]
    lang: str  # "ja" or "en"
    kind: str  # one of KINDS
    citations: list[Citation] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # the table rows the answer's numbers came from
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)  # assumptions and checks, for staff and evaluators
    projects: list[str] = field(default_factory=list)  # sheet numbers the question was resolved to
    latency_ms: float = 0.0
    mode: str = EXTRACTIVE
    fallback: str | None = None  # why a generated answer was not used, when one was asked for
    reading: str | None = None  # how the question was read ("how I read the question"), when a Query was
    proposed: bool = False  # the Query was proposed by the local model (answering.propose), not the rule parser

    def to_json(self) -> dict:
        """The CLI's ``--json`` shape (README, "Asking")."""
        return {
            "question": self.question,
            "answer": self.text,
            "lang": self.lang,
            "kind": self.kind,
            "citations": [c.to_json() for c in self.citations],
            "rows": self.rows,
            "chart": asdict(self.chart) if self.chart else None,
            "projects": self.projects,
            "notes": self.notes,
            "latency_ms": round(self.latency_ms, 1),
            "mode": self.mode,
            "fallback": self.fallback,
            "reading": self.reading,
            "proposed": self.proposed,
        }


Message = dict  # {"role": "user" | "assistant", "content": str}, as in Gradio's messages format
