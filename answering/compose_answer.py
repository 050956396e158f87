"""An answer composed from the executor's results (``answering.execute``): how the question was read, then
each number with a citation of the sheet section that prints it, each checked before it is shown.

A number read from a cell is shown as printed and must occur in the cited section's text; a computed number
must come out the same from ``recompute``. If any check fails, ``compose`` returns None and the caller
answers another way.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, replace

from jimuqa.answering import operators as ops
from jimuqa.answering.catalogue import GOAL, PRINTED_VALUES, SDG_TITLES_EN, catalogue
from jimuqa.answering.execute import Figure, Outcome, Row, recompute
from jimuqa.answering.normalise import normalise_text
from jimuqa.answering.phrases import SHEET_FIELD_SECTIONS
from jimuqa.answering.query import (
    Aggregate,
    Attainment,
    Combine,
    Field,
    Listing,
    Measure,
    Ranking,
    Series,
    Value,
    is_rate,
    measure_fields,
)
from jimuqa.answering.reading import measure_text, number_text, reading
from jimuqa.answering.sources import SheetRef, Sources
from jimuqa.answering.types import STRUCTURED, UNANSWERABLE, Answer
from jimuqa.index.model import COST_ITEMS
from jimuqa.index.parse import RESULTS_LABELS
from jimuqa.index.values import NOT_RECORDED
from jimuqa.index.years import ERA_YEAR_PRINTED
from jimuqa.index.years import label as year_label

# The section each table prints in; fields of the ``sheets`` table are looked up in ``SHEET_FIELD_SECTIONS``.
TABLE_SECTIONS = {"costs": "costs", "evaluations": "evaluation", "participation": "participation",
                  "sdgs": "basic_info", "indicators": "indicators", "indicator_values": "indicators",
                  "indicator_status": "indicators", "figures": "costs", "indicator_series": "indicators",
                  "indicator_figures": "indicators", "directions": "direction"}  # fmt: skip
READING_WORDS = ("質問の読み取り: {}", "How I read the question: {}")
READ_PAST_WORDS = ("（「{}」は読み取れなかったため、問いの条件に含めていません）", ' (the word "{}" could not be placed: it is not part of this reading)')
ASIDE_WORDS = ("（前置きの「{}」は問いの条件として読んでいません）", ' (the words "{}" before the question are read as background, not as part of what is asked)')
UNITS_EN = {"千円": "thousand yen", "時間": "hours", "人": "staff"}
# an indicator's counter in English, where it has one
INDICATOR_UNITS_EN = {"人": "people", "千人": "thousand people", "万人": "ten thousand people",
                      "円": "yen", "世帯": "households", "回": "times", "秒": "seconds", "分": "minutes", "時間": "hours", "日": "days",
                      "箇所": "places", "団体": "organisations", "校": "schools", "施設": "facilities",
                      "トン": "tonnes", "ha": "hectares", "km": "km", "m": "m", "m2": "square metres"}  # fmt: skip
CHANGE_WORDS = {"ja": ("{v}減少", "{v}増加"), "en": ("down {v}", "up {v}")}
AVERAGE_OF = ("（合計 {total} ÷ {n}件）", " (total {total} over {n})")
MAX_LISTED = 20  # rows of a count's projects shown in its text
MAX_MISSING_LISTED = 5  # rows left out for a blank shown one by one; more, by their numbers on one line
QUOTED_FROM = 20  # characters from which a text value is the sheet's prose, shown in 「」
SUPPORTED = (Value, Series, Listing, Ranking, Aggregate, Attainment)
SCORE_FIELDS = {key for key, info in catalogue().items() if info.table == "evaluations"}

BARE_NUMBER = re.compile(r"-?\d{4,}")  # digits without the separators a printed sheet has


RATE_OF_TOTALS = ("全体での割合", "taken together")  # the heading of a rate over several projects' totals
NO_VALUE = ("値なし", "no value")  # a total of rows none of which has a value (years the sheet does not report)


def section_of(key: str) -> str:
    """The section of the sheet that prints field ``key`` (what a citation of its value names)."""
    info = catalogue()[key]
    if info.section:
        return info.section
    if info.table in TABLE_SECTIONS:
        return TABLE_SECTIONS[info.table]
    if key in RESULTS_LABELS.values():
        return "results_issues"
    return SHEET_FIELD_SECTIONS.get(key, "basic_info")


def _say(lang: str, pair: tuple[str, str]) -> str:
    return pair[0] if lang == "ja" else pair[1]


class CheckFailed(Exception):
    """A number could not be matched with its cell or recomputed."""


@dataclass
class Composer:
    db: sqlite3.Connection
    refs: dict[tuple[str, str, str], SheetRef]  # by (city, number, fiscal year)
    lang: str

    many_cities: bool = False  # the answer's projects come from several cities: each is named with its city

    def __post_init__(self):
        self.sources = Sources(self.db)
        self.rows: list[dict] = []
        self.units: dict[tuple, str] = {}  # each indicator's printed unit, read once per answer (a Series shows six)

    # ---- figures ----------------------------------------------------------------------------------------

    def shown(self, figure: Figure, measure: Measure | None = None, checked: bool = False) -> str:
        """The figure as printed (a cell) or formatted (a computation), checked first; with its unit."""
        if not checked:
            self.check(figure)
        if figure.cell is not None and not figure.inputs:
            text = str(figure.cell.printed if figure.cell.printed is not None else figure.value).strip()
            if BARE_NUMBER.fullmatch(text) and isinstance(figure.value, int | float):
                text = number_text(figure.value)  # a spreadsheet's cell holds 2587524; people read 2,587,524
            unit = catalogue()[figure.cell.field].unit or self.indicator_unit(figure.cell)
            if catalogue()[figure.cell.field].kind == "status":
                text = catalogue()["indicator_status"].value_word(figure.value, self.lang)
            if figure.cell.field in SCORE_FIELDS and text:  # a score with the sheet's words for it
                text += _say(self.lang, ("（{}）", " ({})")).format(self.score_text(figure))
            elif self.lang == "en" and catalogue()[figure.cell.field].kind == GOAL and text:
                text = _goals_in_english(text)
            elif self.lang == "ja" and ERA_YEAR_PRINTED.fullmatch(text):
                text += "年度"  # (事業期間（始期） 「昭和34」: a fiscal year, as the form's column says)
            elif isinstance(figure.value, str) and len(text) > QUOTED_FROM:
                text = f"「{text}」"  # the sheet's own sentences, quoted as such
        else:
            text = _number(figure)
            if figure.op == "ratio" and isinstance(figure.value, float) and _of_one_unit(figure):
                # a ratio of two amounts of one unit (決算 ÷ 予算) is a share: said as a percentage too
                text += _say(self.lang, ("（{:,.1f}%）", " ({:,.1f}%)")).format(figure.value * 100)
            unit = "%" if figure.op == "percent" else _unit(measure) if measure is not None else _input_unit(figure)
            if not unit and figure.op in ("difference", "sum") and all(f.cell is not None for f in figure.inputs):
                # an indicator's change is counted in what it counts (「4.0件増加」), as its sheet prints it
                units = {self.indicator_unit(f.cell) for f in figure.inputs}
                unit = units.pop() if len(units) == 1 else ""
        if self.lang == "en":
            unit = UNITS_EN.get(unit, unit)
        return f"{text}{'' if self.lang == 'ja' or unit in ('', '%') else ' '}{unit}"

    def indicator_unit(self, cell) -> str:
        """The unit an indicator's value is counted in, as its sheet prints it (人, 件, 頭), for its value or actual."""
        info = catalogue()[cell.field]  # (in English, only people: other counters have no English words here)
        if cell.indicator is None or not info.per_indicator or info.kind != "number":
            return ""
        key = (cell.sheet, cell.city, cell.fiscal_year, cell.indicator)
        if key not in self.units:
            self.units[key] = ""
            for table in ("indicators", "indicator_series"):
                found = self.db.execute(
                    f"SELECT i.unit FROM {table} i JOIN sheets s ON s.id = i.sheet_id WHERE s.number = ? AND s.city = ? "
                    "AND s.fiscal_year = ? AND i.no = ?", key
                ).fetchone()
                if found and found[0] and found[0] not in ("%", "％"):  # (a share keeps its own sign, printed apart)
                    self.units[key] = normalise_text(found[0])
                    break
        return self.units[key] if self.lang == "ja" else INDICATOR_UNITS_EN.get(ops.unit_key(self.units[key]), "")

    def score_text(self, figure: Figure) -> str:
        cell = figure.cell
        row = self.db.execute(
            "SELECT e.text FROM evaluations e JOIN sheets s ON s.id = e.sheet_id "
            "WHERE s.number = ? AND s.fiscal_year = ? AND e.field = ?",
            (cell.sheet, cell.fiscal_year, cell.field),
        ).fetchone()
        return row[0] if row else ""

    def change(self, figure: Figure, measure: Measure | None) -> str:
        """A change between two years in words: 「7,615千円減少」 / "down 7,615 thousand yen"."""
        self.check(figure)  # the signed change, as computed; its magnitude is then only shown
        magnitude = self.shown(replace(figure, value=abs(figure.value)), measure, checked=True)
        return CHANGE_WORDS[self.lang][figure.value >= 0].format(v=magnitude)

    def check(self, figure: Figure) -> None:
        if figure.cell is not None and not figure.inputs:
            printed = figure.cell.printed
            if (marks := PRINTED_VALUES.get(figure.cell.field)) is not None:  # a number the sheet prints as a mark
                if marks.get(figure.value) != printed:
                    raise CheckFailed(f"{figure.cell}: {figure.value} is not {printed!r}")
            elif isinstance(figure.value, int | float) and printed is not None:
                if abs(float(str(printed).replace(",", "")) - figure.value) > 1e-6:
                    raise CheckFailed(f"{figure.cell}: {figure.value} is not {printed!r}")
            return
        again = recompute(figure)
        if (again is None) != (figure.value is None) or (again is not None and abs(again - figure.value) > 1e-6):
            raise CheckFailed(f"{figure.op}: {figure.value} recomputes to {again}")

    def formula(self, figure: Figure, inner: bool = False) -> str:
        """「10,310 − 17,925」: a computation's inputs, as shown; a change also as a share of the earlier year.
        ``inner``: the computation is an input of another, shown with its result (「1,270 − 4,930 = −3,660」)."""
        if figure.op not in ops.MEASURE_OPS or len(figure.inputs) != 2:
            return ""
        terms = _summed(figure) if figure.op == "sum" else list(figure.inputs)  # (a sum of sums is one sum)
        symbol = "÷" if figure.op in ("ratio", "percent") else ops.MEASURE_OPS[figure.op].symbol
        text = f" {symbol} ".join(self.shown(f) if f.cell else f"({self.formula(f, inner=True)})" for f in terms)
        text += " × 100" if figure.op == "percent" else ""
        if inner:
            return f"{text} = {self.shown(figure)}"
        earlier = figure.inputs[1]
        later = figure.inputs[0]
        if figure.op == "difference" and later.cell and earlier.cell and later.cell.field == earlier.cell.field:
            share = Figure(ops.MEASURE_OPS["percent"].compute(figure.value, earlier.value), op="percent",
                           inputs=(figure, earlier))  # fmt: skip
            if share.value is not None:
                text += f", {self.shown(share)}"
        return text

    def cite(self, figures: tuple[Figure | None, ...]) -> str:
        """Markers for the cells behind ``figures`` (their inputs too), each a line of its section."""
        markers = []
        for cell in (c for f in figures if f is not None for c in _cells(f)):
            ref = self.refs.get((cell.city, cell.sheet, cell.fiscal_year))
            if ref is None:
                continue
            section = section_of(cell.field)
            if section == "indicators" and cell.label:  # a form that labels each series (成果指標サ)
                marker = self.sources.cite(ref, section, f"{cell.label} ", lines=2)
            elif section == "indicators" and cell.indicator is not None:
                marker = self.sources.cite(ref, section, f"指標{cell.indicator} ", lines=3)
            else:
                marker = self.sources.cite(ref, section, catalogue()[cell.field].label_ja)
            markers.append(marker)
        return "".join(dict.fromkeys(markers))

    # ---- rows -------------------------------------------------------------------------------------------

    def subject(self, row: Row) -> str:
        head = f"{row.city} {row.sheet} {row.name}" if self.many_cities and row.city else f"{row.sheet} {row.name}"
        if row.indicator_label:
            head += f" {row.indicator_label}「{row.indicator_name}」"
        elif row.indicator is not None:
            head += f" {_say(self.lang, ('指標', 'indicator '))}{row.indicator}「{row.indicator_name}」"
        return head

    def row_line(self, row: Row, measure: Measure | None, labelled: bool = False) -> str:
        """One row: the subject, the measure's value (with its label when ``labelled``), the values its
        conditions were tested on, and the citations of every cell behind them."""
        values = []
        if row.figure is not None and measure is not None:
            formula = self.formula(row.figure)
            shown = self.change(row.figure, measure) if _is_change(row.figure) else self.shown(row.figure, measure)
            value = shown + (_say(self.lang, ("（{}）", " ({})")).format(formula) if formula else "") + self.assumed_year(row, measure)
            values.append(f"{measure_text(measure, self.lang, row.year)} {value}" if labelled else value)
        # (a condition on the figure shown, 「ゼロのは抜きで」, is not shown again)
        seen = {row.figure.cell} if row.figure is not None and measure is not None else set()
        tested = [f for f in row.evidence if f is not None and f.cell is not None and f.value is not None]
        # one field tested in two years (「R6の事業費がゼロで、R7に予算がついている」): each value says its year
        in_years = {f.cell.field for f in tested if len({g.cell.year for g in tested if g.cell.field == f.cell.field}) > 1}
        for f in tested:  # the values the conditions tested (not the name: the subject says it)
            if f.cell not in seen and f.cell.field != "name":
                seen.add(f.cell)
                label = catalogue()[f.cell.field].label_ja
                if f.cell.field in in_years and f.cell.year:
                    label = _say(self.lang, ("{}の{}", "{1} ({0})")).format(year_label(f.cell.year, self.lang), label)
                values.append(f"{label} {self.shown(f)}")
        self.rows.append(row_record(row, measure, " / ".join(values) or None))
        rank = f"{row.rank}. " if row.rank is not None else ""
        body = f"{rank}{self.subject(row)}" + (f": {' / '.join(values)}" if values else "")
        return f"- {body}" + self.cite((row.figure, *row.evidence))

    def assumed_year(self, row: Row, measure: Measure) -> str:
        """The sheet's own year, said, where the question named none for a yearly field."""
        if row.year is not None or not any(
            catalogue()[f.field].yearly and f.year is None for f in measure_fields(measure)
        ):
            return ""
        cell = row.figure.cell if row.figure is not None else None
        return _say(self.lang, ("（年度の指定がないため{}の値）", " (no year given: {})")).format(
            year_label(cell.year if cell is not None and cell.year else row.fiscal_year, self.lang)
        )

    def series_line(self, row: Row, measure: Measure) -> str:
        """One row of a Series: each year's value, oldest first (a planned year marked as a plan)."""
        plan = _say(self.lang, ("（計画）", " (plan)"))
        years = [_year_of(f) or row.year or row.fiscal_year for f in row.series]
        steps = [  # (a value with no year of its own or of its inputs, of a field the form lacks: shown unlabelled)
            f"{year_label(year, self.lang) if year else ''}{plan if f.cell and f.cell.plan else ''}"
            f" {self.shown(f, measure)}".strip()
            for f, year in zip(row.series, years, strict=True)
        ]
        self.rows.append({"sheet": row.sheet, "series": [[f.cell.year if f.cell else None, f.value]
                                                         for f in row.series]})  # fmt: skip
        return f"- {self.subject(row)}: {' → '.join(steps)}" + self.cite(row.series)

    def peak_line(self, row: Row, measure: Measure, peak: str) -> str:
        """The year a Series' measure was largest (or smallest), with its figure."""
        words = ("- {subject}: {m}が{direction}のは{year}（{value}）", "- {subject}: {m} was {direction} in {year} ({value})")
        direction, year = ops.DIRECTIONS[peak], _year_of(row.figure)
        self.rows.append({"sheet": row.sheet, "peak": [year, row.figure.value]})
        return _say(self.lang, words).format(
            subject=self.subject(row), m=measure_text(measure, self.lang), direction=_say(self.lang, (direction.ja, direction.en)),
            year=year_label(year, self.lang), value=self.shown(row.figure, measure)) + self.cite((row.figure,))

    def set_aside_lines(self, rows: list[Row], measure: Measure | None) -> list[str]:
        """The zeros left out of a smallest-first ranking, each with its figure; when many (大船渡's dozens of 0s),
        their numbers on one line."""
        if len(rows) > MAX_MISSING_LISTED:
            self.rows += [{"sheet": r.sheet, "set_aside": 0} for r in rows]
            numbers = _say(self.lang, ("、", ", ")).join(r.sheet for r in rows)
            words = ("- 0のため除いて順位をつけた事業: {numbers}", "- left out of the ranking at 0: {numbers}")
            return [_say(self.lang, words).format(numbers=numbers)]
        note = _say(self.lang, ("（0のため除いて順位をつけた）", " (0: left out of the ranking)"))
        return [f"- {self.subject(row)}: {self.shown(row.figure, measure)}{note}" + self.cite((row.figure,))
                for row in rows]  # fmt: skip

    def not_on_form_lines(self, rows: list[Row]) -> list[str]:
        """Sheets whose form has no such field, one line per city rather than one per sheet."""
        why = _say(self.lang, ops.MISSING_REASONS["not_on_form"])
        words = ("- {city}のシート: 対象外（{why}）", "- the sheets of {city}: left out ({why})")
        return [_say(self.lang, words).format(city=city, why=why) for city in dict.fromkeys(r.city for r in rows)]

    def missing_lines(self, rows: list[Row], measure: Measure | None = None) -> list[str]:
        """Rows without their figure, one line each; but those a condition could not be judged on (the figure is the
        condition's), when many, one line per reason with their numbers: a unit's projects asked for, the 52 sheets
        with no 係名 are not listed one by one."""
        # (a row left out by a condition carries the condition's figure as its own, the last of its evidence)
        undecided = [r for r in rows if any(r.figure is e for e in r.evidence)]
        if len(undecided) <= MAX_MISSING_LISTED:  # (a row counted in totals cites the cells it adds)
            return [self.missing_line(row, chosen=row.figure is not None and row.figure.missing == "in_totals_only",
                                      measure=measure) for row in rows]  # fmt: skip
        lines = [self.missing_line(row, measure=measure) for row in rows if row not in undecided]
        for reason in dict.fromkeys(r.figure.missing for r in undecided):
            same = [r for r in undecided if r.figure.missing == reason]
            why = self.missing_reason(reason)
            self.rows += [{"sheet": r.sheet, "missing": why} for r in same]
            numbers = _say(self.lang, ("、", ", ")).join(r.sheet for r in same)
            words = ("- 値なし（{why}）で判定できない事業: {numbers}", "- projects not judged, no value ({why}): {numbers}")
            lines.append(_say(self.lang, words).format(why=why, numbers=numbers))
        return lines

    def missing_reason(self, reason: str | None) -> str:
        return _say(self.lang, ops.MISSING_REASONS.get(reason, ("記載なし", "not reported")))

    def missing_line(self, row: Row, chosen: bool = False, measure: Measure | None = None) -> str:
        """A row without its figure; ``chosen``: a row the conditions chose, whose cells that chose it are cited
        (「今後の方向性が終了」 holds though the figure shown is blank); ``measure``: what is missing, said when several
        things are asked of one project (「方向性 継続」, then 「理由 値なし」)."""
        why = self.missing_reason(row.figure.missing if row.figure is not None else None)
        self.rows.append({"sheet": row.sheet, "missing": why})
        label = f"{measure_text(measure, self.lang, row.year)} " if measure is not None else ""
        line = f"- {self.subject(row)}: {label}" + _say(self.lang, ("値なし（{}）", "no value ({})")).format(why)
        return line + self.cite(tuple(row.evidence)) if chosen else line


def row_record(row: Row, measure: Measure | None, shown: str | None) -> dict:
    """A row as the answer's ``rows`` record it, in the shape the app's table reads (``ui.answer_table``):
    a money or staff figure of the cost table keeps its field (``item``), rank and raw number, so the table
    can head and format it; any other figure is recorded as shown and gets no table (the text says it)."""
    if isinstance(measure, Field) and measure.field in COST_ITEMS and row.figure is not None and row.indicator is None:
        record = {"sheet": row.sheet, "year": row.year or row.fiscal_year, "item": measure.field}
        record["value"] = row.figure.value
        return {**record, "rank": row.rank} if row.rank is not None else record
    record = {"sheet": row.sheet, "year": row.year, "shown": shown}
    return {**record, "rank": row.rank} if row.rank is not None else record


def aggregate_record(op: str, measure: Measure | None, year: str | None, value, projects: int) -> dict:
    """The total, average or count: a ``metric`` row the app's table labels when the rows above it are figures."""
    if isinstance(measure, Field) and measure.field in COST_ITEMS and op in ("total", "average"):
        return {"metric": op, "item": measure.field, "year": year, "value": value, "projects": projects}
    return {"aggregate": op, "value": value, "projects": projects}  # (the count an average divides by is shown)


def _goals_in_english(printed: str) -> str:
    """A sheet's SDG cell (「09産業と技術革新の基盤をつくろう、11…」) as its goals' English titles, the cell quoted after."""
    goals = [int(n) for n in re.findall(r"(?<!\d)\d{1,2}(?!\d)", printed) if 1 <= int(n) <= len(SDG_TITLES_EN)]
    titles = "; ".join(f"Goal {n}: {SDG_TITLES_EN[n - 1]}" for n in dict.fromkeys(goals))
    return f"{titles} (「{printed}」)" if goals else f"「{printed}」"


def _is_change(figure: Figure) -> bool:
    a, b = figure.inputs if len(figure.inputs) == 2 else (None, None)
    return figure.op == "difference" and bool(a and b and a.cell and b.cell and a.cell.field == b.cell.field)


def _number(figure: Figure) -> str:
    value = figure.value
    if isinstance(value, float):
        # a total, a difference or an average as exact as the figures it is made of (64.10 + 186.00 …: 1,494.34
        # hours; staff of 0.30, 1.40 …: 0.87 a project on average, not 0.9)
        exact = figure.op in ("total", "difference", "average")
        digits = _ratio_digits(value) if figure.op == "ratio" else max(1, _decimals(figure)) if exact else 1
        if figure.op == "average" and round(value, digits + 1) == value != round(value, digits):
            digits += 1  # an average that ends one digit further is shown whole: 7,130 over 8 is 891.25, not 891.2
        value = round(value, digits)
        return f"{value:,.{digits}f}"
    return number_text(value)


def _ratio_digits(value: float) -> int:
    """Three significant digits: 66.7 (times), 1.25, 0.953."""
    return 1 if abs(value) >= 10 else 2 if abs(value) >= 1 else 3


def _decimals(figure: Figure) -> int:
    """The most digits after the point the printed cells under ``figure`` have."""
    if figure.cell is not None and not figure.inputs:
        printed = str(figure.cell.printed if figure.cell.printed is not None else "")
        return len(printed.split(".")[1]) if "." in printed else 0
    return max((_decimals(f) for f in figure.inputs), default=0)


def _unit(measure: Measure | None) -> str:
    while isinstance(measure, Combine):
        if measure.op in ("ratio", "percent"):
            return ""
        measure = measure.left
    return catalogue()[measure.field].unit if isinstance(measure, Field) else ""


def _joined(readings: list[str], lang: str) -> str:
    """Several readings of one project and year said once, the fields listed (「事業093 …の令和2年度の決算額、一般財源」,
    "budget (予算額) and settled amount (決算額) in FY2020 of project 012 …"); others joined by semicolons."""
    if len(readings) < 2:
        return "; ".join(readings)
    common = os.path.commonprefix(readings)
    if lang == "ja" and "の" in common:
        head = common[: common.rindex("の") + 1]
        return head + "／".join(r[len(head) :] for r in readings)  # labels hold 、 (国庫、県支出金、地方債)
    tails = [r[::-1] for r in readings]
    common = os.path.commonprefix(tails)[::-1]
    if lang == "en" and (" in " in common or " of " in common):
        tail = common[common.index(" in ") if " in " in common else common.index(" of ") :]
        return ", ".join(r[: -len(tail)] for r in readings[:-1]) + " and " + readings[-1]
    return "; ".join(readings)


def _input_unit(figure: Figure) -> str:
    """The unit of a difference or sum of cells: its inputs' (「1,270千円 − 4,930千円 = -3,660千円」)."""
    while figure.op in ("difference", "sum") and figure.inputs:
        figure = figure.inputs[0]
    return catalogue()[figure.cell.field].unit if figure.cell is not None and not figure.inputs else ""


def _of_one_unit(figure: Figure) -> bool:
    """Whether both cells ``figure`` divides are amounts of the form's one unit (千円, 人): not an indicator's."""
    units = {catalogue()[f.cell.field].unit if f.cell is not None and not f.inputs and f.cell.indicator is None
             else None for f in figure.inputs}  # fmt: skip
    return len(figure.inputs) == 2 and len(units) == 1 and None not in units and "" not in units


def _summed(figure: Figure) -> list[Figure]:
    """The terms of a computed sum of sums, in order."""
    if figure.op == "sum" and figure.cell is None and len(figure.inputs) == 2:
        return [*_summed(figure.inputs[0]), *_summed(figure.inputs[1])]
    return [figure]


def _cells(figure: Figure):
    if figure.cell is not None and not figure.inputs:
        yield figure.cell
    for f in figure.inputs:
        yield from _cells(f)


# ---- asks ---------------------------------------------------------------------------------------------------


def _sides_totalled(group, measure: Measure | None) -> tuple[Figure, Figure] | None:
    """Each side's total of a total of differences or sums of two fields, over the rows that have both."""
    if not (isinstance(measure, Combine) and measure.op in ("difference", "sum")
            and isinstance(measure.left, Field) and isinstance(measure.right, Field)):  # (not a sum of years)
        return None
    pairs = [r.figure.inputs for r in group.rows if r.figure is not None and len(r.figure.inputs) == 2]
    if not pairs or any(f.value is None for pair in pairs for f in pair):
        return None
    left, right = (tuple(pair[k] for pair in pairs) for k in (0, 1))
    return tuple(Figure(sum(f.value for f in side), op="total", inputs=side) for side in (left, right))


def _group_lines(c: Composer, outcome: Outcome, group) -> list[str]:
    ask = outcome.query.ask
    measure = getattr(ask, "measure", None)
    missing = measure if isinstance(ask, Value) else None  # (said beside a row left blank: 「理由 値なし」)
    lines = []
    if isinstance(ask, Aggregate) and ask.by is not None:
        return _by_value_lines(c, outcome, group)
    if isinstance(ask, Aggregate):
        total = group.aggregate
        word = _say(c.lang, (ops.AGGREGATES[ask.op].ja, ops.AGGREGATES[ask.op].en))
        head = word.split("}")[-1].strip("の ") if c.lang == "ja" else ops.AGGREGATES[ask.op].heading
        noun = ops.UNIT_WORDS[outcome.unit]
        counted = _say(c.lang, (f"{total.value}{noun[0]}", f"{total.value} {noun[1 if total.value == 1 else 2]}"))
        value = counted if ask.op == "count" else _say(c.lang, NO_VALUE) if total.value is None else c.shown(total, measure)
        record = aggregate_record(ask.op, measure, group.year, total.value, len(group.rows))
        if ask.op == "average" and total.value is not None:  # what it divides, so it can be checked by hand
            values = [r.figure.value for r in group.rows if r.figure is not None and r.figure.value is not None]
            shown_sum = c.shown(Figure(sum(values), op="sum"), measure, checked=True)
            value += _say(c.lang, AVERAGE_OF).format(total=shown_sum, n=len(values))
            record["sum"] = sum(values)
        rate_of_totals = ask.op == "total" and is_rate(measure)
        if rate_of_totals:  # a rate of totals: each side's total, checked by hand too
            head = _say(c.lang, RATE_OF_TOTALS)
            if total.value is not None:
                left, right = (c.shown(side, part) for side, part in zip(total.inputs, (measure.left, measure.right), strict=True))
                times = " × 100" if measure.op == "percent" else ""
                value += _say(c.lang, ("（{} ÷ {}{}）", " ({} ÷ {}{})")).format(left, right, times)
                record["sides"] = [side.value for side in total.inputs]
        elif ask.op == "total" and total.value is not None and (sides := _sides_totalled(group, measure)) is not None:
            # a total of differences, with each side's total (予算額 97,775 − 決算額 83,606), checked by hand too
            left, right = (c.shown(side, part) for side, part in zip(sides, (measure.left, measure.right), strict=True))
            value += _say(c.lang, ("（{} {} {}）", " ({} {} {})")).format(left, ops.MEASURE_OPS[measure.op].symbol, right)
            record["sides"] = [side.value for side in sides]
        added = len(total.inputs[0].inputs) if rate_of_totals and total.inputs else len(group.rows)
        if ask.op == "total" and total.value is not None and added > 1:  # how many projects it adds up
            value += _say(c.lang, ("（{n}{unit}）", " ({n} {unit})")).format(n=added, unit=_say(c.lang, (noun[0], noun[2])))
        c.rows.append(record)
        lines.append(f"**{head}: {value}**")
    if isinstance(ask, Attainment):
        for row in group.rows:
            status = catalogue()["indicator_status"].value_word(row.status, c.lang)
            target, actual = (c.shown(f) if f.value is not None else "—" for f in (row.target, row.actual))
            words = ("目標値 {} / 実績 {} → {}", "target {} / actual {} → {}")
            c.rows.append({"sheet": row.sheet, "indicator": row.indicator, "status": row.status,
                           "target": row.target.value, "actual": row.actual.value})  # fmt: skip
            lines.append(f"- {c.subject(row)}: " + _say(c.lang, words).format(target, actual, status)
                         + c.cite((row.target, row.actual)))  # fmt: skip
    elif isinstance(ask, Series):
        for row in group.rows:
            if row.figure is not None:  # the year asked for first, then the years it was read from
                lines.append(c.peak_line(row, measure, ask.peak))
            lines.append(c.series_line(row, measure))
    else:
        shown_measure = measure if not (isinstance(ask, Aggregate) and ask.op == "count") else None
        # a row whose figure the sheet leaves empty (a year it does not reach) says so, never "None"
        rows = [c.missing_line(row, chosen=True, measure=missing)
                if shown_measure is not None and row.figure is not None and row.figure.value is None
                else c.row_line(row, shown_measure, labelled=isinstance(ask, Value) or getattr(ask, "over_years", False))
                for row in group.rows]  # fmt: skip
        # A count shows its projects up to a page; every one is still cited, and in the app's table.
        if isinstance(ask, Aggregate) and ask.op == "count" and len(rows) > MAX_LISTED:
            rows = [*rows[:MAX_LISTED], _say(c.lang, ("- …（以下省略）", "- … (more in the table)"))]
        # how many, before which; of a ranking, when ties make more than were asked for (four share the top score)
        tied = isinstance(ask, Ranking) and bool(ask.top_k) and len(group.rows) > ask.top_k
        if (isinstance(ask, Listing) and not outcome.query.projects and group.rows) or tied:
            n, noun = len(group.rows), ops.UNIT_WORDS[outcome.unit]
            lines.append(_say(c.lang, (f"**{n}{noun[0]}**", f"**{n} {noun[1 if n == 1 else 2]}**")))
            c.rows.append(aggregate_record("count", None, group.year, n, n))
        lines += rows
    lines += c.set_aside_lines(group.set_aside, measure)
    absent = [r for r in group.missing if r.figure is not None and r.figure.missing == "not_on_form"]
    lines += c.missing_lines([row for row in group.missing if row not in absent], missing)
    return lines + c.not_on_form_lines(absent)


def _by_value_lines(c: Composer, outcome: Outcome, group) -> list[str]:
    """One line per value of the grouping field: 「- 大船渡市: 407事業」, largest first."""
    ask, noun = outcome.query.ask, ops.UNIT_WORDS[outcome.unit]
    info = catalogue()[ask.by]
    lines = []
    for key, figure in group.by_value:
        c.check(figure)
        value = figure.value
        shown = (_say(c.lang, (f"{value}{noun[0]}", f"{value} {noun[1 if value == 1 else 2]}")) if ask.op == "count"
                 else c.shown(figure, ask.measure))  # fmt: skip
        c.rows.append({"group": str(key), "by": ask.by, "aggregate": ask.op, "value": value, "top_k": ask.top_k or None})
        lines.append(f"- {info.value_word(key, c.lang)}: {shown}")
    return lines


def _year_of(figure) -> str | None:
    """The year of a figure's cell, or of its inputs' cells when they share one (a difference of two fields)."""
    if figure.cell is not None:
        return figure.cell.year
    years = {_year_of(f) for f in figure.inputs}
    return years.pop() if len(years) == 1 else None


def compose(question: str, outcomes: list[Outcome], db, refs, lang: str, names: dict[str, str]) -> Answer | None:
    """The answer to ``question`` from ``outcomes`` (one per Query), or None when a number fails its check
    or nothing was found (then the question is better answered, or refused, another way). When the sheets
    asked about hold no value for what is asked, the answer says so with the sheet's reason for each
    (a year the sheet has no column for, a field the form does not have): an answer that declines."""
    if not any(g.aggregate or g.by_value or not all(map(_unrecorded, g.rows)) for o in outcomes for g in o.groups):
        return _declined(question, outcomes, db, refs, lang, names)
    cities = {r.city for o in outcomes for g in o.groups for r in (*g.rows, *g.missing, *g.set_aside)}
    c = Composer(db, refs, lang, many_cities=len(cities) > 1)
    readings = [reading(o.query, lang, names) for o in outcomes]
    lines = [_say(lang, READING_WORDS).format(_joined(readings, lang))]
    try:
        for outcome, read in zip(outcomes, readings, strict=True):
            if len(outcomes) > 1 and not isinstance(outcome.query.ask, Value):
                lines.append(f"**{read}**")  # which part of the question the lines below answer
            for group in outcome.groups:
                if len(outcome.groups) > 1 and group.year:
                    lines.append(f"**{year_label(group.year, lang)}**")
                lines += _group_lines(c, outcome, group)
    except CheckFailed as err:
        return Answer(question, "", lang, STRUCTURED, notes=[f"check failed: {err}"])
    # the projects answered, and those the reading names (a ranking "among projects 009, 010 …")
    named = [p for o in outcomes for p in o.query.projects]
    projects = list(dict.fromkeys([*(r["sheet"] for r in c.rows if r.get("sheet")), *named]))
    answer = Answer(question, "\n".join(lines), lang, STRUCTURED, c.sources.citations, c.rows, projects=projects)
    answer.reading = _joined(readings, lang)
    answer.notes.append("read by the query parser: " + "; ".join(measure_text_of(o) for o in outcomes))
    return answer


def with_aside(answer: Answer, asides: list[str], words: tuple[str, str] = ASIDE_WORDS) -> Answer:
    """``answer`` whose reading line says which words before the question it read as background (``Parse.aside``),
    or (``words``: ``READ_PAST_WORDS``) which word of the question it could not place."""
    first, _, rest = answer.text.partition("\n")
    if not asides or not first.startswith(_say(answer.lang, READING_WORDS).split("{")[0]):
        return answer
    first += _say(answer.lang, words).format("、".join(asides) if answer.lang == "ja" else "; ".join(asides))
    return replace(answer, text=f"{first}\n{rest}" if rest else first)


# Missing reasons a decline gives: the sheet has no such cell, prints 0 for an indicator where nothing is recorded
# (an actual after the sheet's year, no target set), or prints 0 for a settlement of a year not yet settled. A budget
# not reported the planner answers with the nearest figure.
DECLINED = ("not_on_form", "no_column", "no_indicator", "not_recorded", "no_target", "not_settled")


def _unrecorded(row: Row) -> bool:
    """Whether a target was met in a year whose actual the sheet has not recorded yet: a question it cannot answer."""
    return row.status == NOT_RECORDED


def _declined(question: str, outcomes: list[Outcome], db, refs, lang: str, names: dict[str, str]) -> Answer | None:
    """Named projects whose sheets hold no value for what is asked: each with the sheet's reason, no value."""
    unrecorded = Figure(None, missing="not_recorded")
    groups = [replace(g, missing=[*g.missing, *(replace(r, figure=unrecorded) for r in g.rows)])
              for o in outcomes for g in o.groups]  # fmt: skip
    if not all(o.query.projects for o in outcomes) or not any(g.missing for g in groups):
        return None
    # Not a '-' or a blank: those have the sheet's own words, which the planner shows.
    if any(r.figure is None or r.figure.missing not in DECLINED for g in groups for r in g.missing):
        return None
    c = Composer(db, refs, lang)
    lines = [_say(lang, READING_WORDS).format("; ".join(reading(o.query, lang, names) for o in outcomes))]
    lines.append(_say(lang, ("シートにはその値がありません。", "The sheets do not give that value.")))
    # A field the form lacks is lacking for the whole sheet: said once per project, not per indicator; a value two
    # parts ask for (whether a target was met, and the actual), once.
    shown: dict[tuple, Row] = {}
    for row in (row for group in groups for row in group.missing):
        whole = row.figure is not None and row.figure.missing == "not_on_form"
        shown.setdefault((row.city, row.sheet) if whole else (row.city, row.sheet, row.indicator, row.year),
                         replace(row, indicator=None, indicator_label=None) if whole else row)  # fmt: skip
    lines += [c.missing_line(row) for row in shown.values()]
    answer = Answer(question, "\n".join(lines), lang, UNANSWERABLE, rows=c.rows)
    answer.notes.append("read by the query parser; no value on the sheets")
    return answer


def measure_text_of(outcome: Outcome) -> str:
    m = getattr(outcome.query.ask, "measure", None)
    return f"{outcome.query.ask.KIND}" + (f" {measure_text(m, 'en')}" if m is not None else "")
