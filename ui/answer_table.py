"""The table under a chat answer: its figures in the interface's language, with units and a labelled total.

Which table an answer gets depends on the shape of its rows (the answering package's record of where
each figure came from), one kind at a time:

- a ranking (rows with ``rank``): rank, project and the ranked figure;
- a total or average over projects: each project's figure, then a 合計 / 平均 (Total / Average) row;
- changes between years over projects: both years' figures, the difference and the percentage;
- indicators over projects (e.g. targets missed): indicator, unit, year, target, actual and status;
- execution rates over projects: budget, settled amount and the rate;
- figures looked up for several projects: one column per figure asked for;
- a trend (rows with ``series``): one row per series, one column per fiscal year, oldest first;
- figures by a field's value (rows with ``group``, e.g. 部課ごとの件数): the value and its figure.

An answer about one project gets no table: its text already gives every figure with its unit and
source, and a one-row grid would only repeat it (so too a trend of one project, or figures for a single
value of a field: the answer's line holds them all). Nor do text answers (sheet fields, evaluations,
lists of projects meeting a condition): their sentences are the content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jimuqa.answering import phrases as p
from jimuqa.answering.catalogue import catalogue
from jimuqa.index.model import COST_UNITS
from jimuqa.index.years import western
from jimuqa.ui.labels import LABELS, item_label, with_unit

SUMMARIES = ("total", "average")  # the ``metric`` rows that sum up the rows above them
TWO_DECIMALS = ("staff_ratio", "overtime_hours")  # printed on the sheets with two decimals
BOLD, RIGHT = "font-weight: 600", "text-align: right"
# Words of the trend and by-value tables and the trend chart that the interface's LABELS do not have yet.
WORDS = {
    "ja": {"group": "区分", "count": "件数", "trend": "年度ごとの推移"},
    "en": {"group": "Group", "count": "Projects", "trend": "Year by year"},
}


@dataclass(frozen=True)
class Column:
    """One column: its heading, how a row gives its value, how the value reads, and whether it is a number.

    ``width`` is a share of the table's width; a ``foldable`` column whose value is the same on every row
    is left out and said once, beside the table's label (a phone has no room for a column of 令和2年度).
    """

    heading: str
    value: Callable[[dict], object]
    shown: Callable[[object], str] = str
    number: bool = False
    width: float = 1.3
    foldable: bool = False


@dataclass
class AnswerTable:
    headers: list[str]
    data: list[list]  # raw values: numbers stay numbers, so the table sorts by them
    shown: list[list[str]]  # what a person reads: separators, year and status words
    numbers: list[bool] = field(default_factory=list)  # per column
    widths: list[float] = field(default_factory=list)  # per column, shares of the table's width
    summary_rows: list[int] = field(default_factory=list)  # the labelled total/average row
    folded: list[str] = field(default_factory=list)  # what every row shares (a year, a status)

    def to_gradio(self) -> dict:
        """The Dataframe value: raw data, with the readable text, bold summary and right-aligned numbers as metadata."""
        styling = [
            ["; ".join(s for s in (BOLD if i in self.summary_rows else "", RIGHT if number else "") if s)
             for number in self.numbers]
            for i in range(len(self.data))
        ]  # fmt: skip
        return {
            "headers": self.headers,
            "data": self.data,
            "metadata": {"display_value": self.shown, "styling": styling},
        }

    def datatypes(self) -> list[str]:
        return ["number" if number else "str" for number in self.numbers]

    def column_widths(self) -> list[str]:
        """Percentages, so the whole table fits its box at any width and long names wrap instead."""
        total = sum(self.widths)
        return [f"{100 * w / total:.0f}%" for w in self.widths]

    def label(self, lang: str) -> str:
        """The table's label, with what every row shares: 回答の表（令和2年度・未達成）."""
        title = LABELS[lang]["answer_table"]
        return (
            LABELS[lang]["with_unit"].format(label=title, unit=LABELS[lang]["separator"].join(self.folded))
            if self.folded
            else title
        )


# ---------------------------------------------------------------------------------------------
# Numbers as a person reads them.


def figure_text(value, item: str | None = None) -> str:
    """``50000`` → ``50,000``; ``9777.5`` → ``9,777.5``; hours and staff ratios keep two decimals."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if item in TWO_DECIMALS:
        return f"{value:,.2f}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def signed_text(value) -> str:
    return "" if value is None else ("+" if value > 0 else "") + figure_text(value)


def percent_text(value) -> str:
    return "" if value is None else f"{value:+.1f}"


# ---------------------------------------------------------------------------------------------
# The kinds of answer, told apart by their rows.


def data_rows(rows: list[dict]) -> list[dict]:
    """The rows about one project each (not the count, total or 'table cut' lines)."""
    return [row for row in rows if "sheet" in row and "metric" not in row]


def answer_kind(rows: list[dict]) -> str | None:
    """``ranking``, ``aggregate``, ``change``, ``indicators``, ``rate``, ``figures``, ``trend``, ``by_value``,
    or None (no table)."""
    if any("group" in row for row in rows):
        return "by_value" if sum("group" in row for row in rows) > 1 else None
    mine = data_rows(rows)
    if any("series" in row for row in mine):
        return "trend" if len({row["sheet"] for row in mine if "series" in row}) > 1 else None
    if len({row["sheet"] for row in mine}) < 2:
        return None
    if any("rank" in row for row in mine):
        return "ranking"
    if any(row.get("metric") in SUMMARIES for row in rows):
        return "aggregate"
    if any("difference" in row for row in mine):
        return "change"
    if any("indicator" in row for row in mine):
        return "indicators"
    if all("budget" in row and "settlement" in row for row in mine):
        return "rate"
    if all("item" in row for row in mine):
        return "figures"
    return None


def answer_table(rows: list[dict], lang: str, names: dict[str, str], indicators: dict | None = None):
    """The table an answer shows in ``lang``, or None where its text already says everything.

    ``names`` maps sheet numbers to project names; ``indicators`` maps (sheet number, indicator
    number) to (indicator name, unit).
    """
    kind = answer_kind(rows)
    if kind is None:
        return None
    builder = {
        "ranking": _ranking,
        "aggregate": _aggregate,
        "change": _change,
        "indicators": lambda r, lang, n: _indicators(r, lang, n, indicators or {}),
        "rate": _rate,
        "figures": _figures,
        "trend": _trend,
        "by_value": _by_value,
    }[kind]
    return builder(rows, lang, names)


def _build(columns: list[Column], rows: list[dict], summary: list[list] | None = None) -> AnswerTable:
    folded = [c for c in columns if c.foldable and len({c.value(row) for row in rows}) == 1 and rows]
    notes = [str(column.value(rows[0])) for column in folded]
    columns = [c for c in columns if c not in folded]
    data = [[column.value(row) for column in columns] for row in rows]
    shown = [[column.shown(v) for column, v in zip(columns, values, strict=True)] for values in data]
    table = AnswerTable(
        [c.heading for c in columns], data, shown, [c.number for c in columns], [c.width for c in columns]
    )
    table.folded = [note for note in notes if note]
    for values in summary or []:
        table.summary_rows.append(len(table.data))
        table.data.append(values)
        table.shown.append(
            [column.shown(v) if column.number else str(v) for column, v in zip(columns, values, strict=True)]
        )
    return table


def _project(lang: str, names: dict[str, str]) -> Column:
    return Column(
        LABELS[lang]["project"], lambda row: p.project_label(row["sheet"], names.get(row["sheet"], "")), width=3.0
    )


def _year(lang: str, key: str = "year") -> Column:
    return Column(LABELS[lang]["year"], lambda row: _year_word(row.get(key), lang), width=1.2, foldable=True)


def _year_word(year, lang: str) -> str:
    try:
        return p.year_label(year, lang) if year else ""
    except (KeyError, ValueError):
        return str(year)


def _figure(item: str, lang: str, key: str = "value", heading: str | None = None) -> Column:
    label = heading or item_label(item, lang)
    return Column(
        with_unit(label, COST_UNITS.get(item, ""), lang),
        lambda row: row.get(key),
        lambda v: figure_text(v, item) if not isinstance(v, str) else p.value_word(v, lang),
        number=True,
    )


def _item(rows: list[dict]) -> str:
    return next(row["item"] for row in data_rows(rows) if "item" in row)


def _ranking(rows: list[dict], lang: str, names: dict[str, str]) -> AnswerTable:
    item = _item(rows)
    ranked = sorted(data_rows(rows), key=lambda row: row["rank"])
    rank = Column(LABELS[lang]["rank"], lambda row: row["rank"], str, number=True, width=0.8)
    return _build([rank, _project(lang, names), _figure(item, lang)], ranked)


def _aggregate(rows: list[dict], lang: str, names: dict[str, str]) -> AnswerTable:
    """Each project's figure, largest first, then the total (or average) the answer computed, labelled."""
    item = _item(rows)
    mine = sorted(data_rows(rows), key=lambda row: -(row["value"] or 0))
    summary = next(row for row in rows if row.get("metric") in SUMMARIES)
    label = LABELS[lang][summary["metric"]]
    return _build([_project(lang, names), _figure(item, lang)], mine, [[label, summary["value"]]])


def _change(rows: list[dict], lang: str, names: dict[str, str]) -> AnswerTable:
    item = _item(rows)
    w = LABELS[lang]
    years = Column(
        w["years"], lambda row: f"{_year_word(row['from'], lang)} → {_year_word(row['to'], lang)}", foldable=True
    )
    difference = Column(
        with_unit(w["difference"], COST_UNITS.get(item, ""), lang), lambda row: row["difference"], signed_text, True
    )
    percent = Column(with_unit(w["percent"], "%", lang), lambda row: row["percent"], percent_text, True)
    columns = [
        _project(lang, names),
        years,
        _figure(item, lang, "before", f"{item_label(item, lang)} {w['before']}".strip()),
        _figure(item, lang, "value", f"{item_label(item, lang)} {w['after']}".strip()),
        difference,
        percent,
    ]
    return _build(columns, data_rows(rows))


def _indicators(rows: list[dict], lang: str, names: dict[str, str], indicators: dict) -> AnswerTable:
    w = LABELS[lang]

    def indicator(row: dict) -> str:
        # The unit beside the name, as the sheet prints it: 延べ参加者数（人）.
        name, unit = indicators.get((row["sheet"], row.get("indicator")), ("", ""))
        return with_unit(f"{row.get('indicator', '')} {name}".strip(), unit or "", lang)

    value = {"shown": lambda v: "" if v is None else p.number(v), "number": True}
    status = Column(
        w["status"],
        lambda row: p.say(lang, *p.STATUS_WORDS[row["status"]]) if row.get("status") else "",
        foldable=True,
    )
    columns = [
        _project(lang, names),
        Column(w["indicator"], indicator, width=2.4),
        _year(lang),
        Column(w["target"], lambda row: row.get("target"), **value),
        Column(w["actual"], lambda row: row.get("actual"), **value),
        status,
    ]
    return _build(columns, [row for row in data_rows(rows) if "indicator" in row])


def _rate(rows: list[dict], lang: str, names: dict[str, str]) -> AnswerTable:
    rate = Column(with_unit(LABELS[lang]["rate"], "%", lang), lambda row: row["value"], lambda v: f"{v:.1f}", True)
    columns = [
        _project(lang, names),
        _year(lang),
        _figure("budget", lang, "budget"),
        _figure("settlement", lang, "settlement"),
        rate,
    ]
    return _build(columns, data_rows(rows))


def _figures(rows: list[dict], lang: str, names: dict[str, str]) -> AnswerTable:
    """Figures looked up for several projects: one line per project and year, one column per item asked."""
    items = list(dict.fromkeys(row["item"] for row in data_rows(rows)))
    lines: dict[tuple, dict] = {}
    for row in data_rows(rows):
        line = lines.setdefault((row["sheet"], row.get("year")), {"sheet": row["sheet"], "year": row.get("year")})
        line[row["item"]] = row.get("value")
    columns = [_project(lang, names), _year(lang), *(_figure(item, lang, item) for item in items)]
    return _build(columns, list(lines.values()))


def series_years(rows: list[dict]) -> list[str]:
    """Every fiscal year of the rows' series, oldest first (a point with no year cannot be placed)."""
    years = {year for row in rows for year, _ in row.get("series") or () if year}
    return sorted(years, key=_year_order)


def _year_order(year: str) -> tuple:
    try:
        return (western(year), year)
    except (KeyError, ValueError, IndexError):
        return (10_000, str(year))  # an unknown spelling goes last rather than failing the table


def series_of(row: dict) -> dict:
    """A trend row's values by fiscal year."""
    return {year: value for year, value in row.get("series") or () if year}


def _trend(rows: list[dict], lang: str, names: dict[str, str]) -> AnswerTable:
    """One row per series (a project, or one of its indicators), one column per fiscal year."""
    mine = [row for row in data_rows(rows) if "series" in row]
    years = [
        Column(_year_word(year, lang), lambda row, year=year: series_of(row).get(year), figure_text, True, 1.0)
        for year in series_years(mine)
    ]
    return _build([_project(lang, names), *years], mine)


def _by_value(rows: list[dict], lang: str, names: dict[str, str]) -> AnswerTable:
    """The field's value and its figure (a count of projects, or a total or average), largest first."""
    mine = [row for row in rows if "group" in row]
    op = mine[0].get("aggregate")
    heading = WORDS[lang]["count"] if op == "count" else LABELS[lang].get(op or "", LABELS[lang]["value_axis"])
    by = catalogue().get(mine[0].get("by") or "")  # the field grouped by, as the sheet prints it (部課名)
    columns = [
        Column(_heading(by.label(lang)) if by else WORDS[lang]["group"], lambda row: row["group"], width=3.0),
        Column(heading, lambda row: row.get("value"), figure_text, number=True),
    ]
    return _build(columns, mine)


def _heading(label: str) -> str:
    return label[:1].upper() + label[1:]  # "department" heads a column as "Department"
