"""Lookups: one project's facts from the table (costs, sheet fields, evaluations, indicators, a change, a rate).

Each fact is cited by the section line that prints it. ``aggregates`` reuses the per-sheet readings defined here
(a sheet's cost row, the change between two years, the unspent figure) so a fact is read one way everywhere.
"""

from __future__ import annotations

import sqlite3

from jimuqa.answering import phrases as p
from jimuqa.answering.plan import CHANGE, RATE, Plan
from jimuqa.answering.result import Result
from jimuqa.answering.sources import SheetRef, Sources
from jimuqa.answering.types import Chart
from jimuqa.index.model import COST_ITEMS, EVALUATION_FIELDS
from jimuqa.index.years import label_ja, western


def project_answers(plan: Plan, db: sqlite3.Connection, sources: Sources, lang: str) -> Result:
    """The facts asked about each project the plan names, one block per project."""
    sheets = [sheet_ref(db, number) for number in plan.projects]
    result = Result()
    if plan.ambiguous:
        names = "、".join(f"{s.number} {s.name}" for s in sheets)
        result.lines.append(
            p.say(
                lang,
                f"「どの事業か」が複数に当てはまります: {names}。それぞれ答えます。",
                f"That could mean more than one project: {names}. Here is each.",
            )
        )
    for sheet in sheets:
        _project_answer(plan, db, sources, lang, sheet, result)
    if result.chart and result.chart.kind == "costs":  # one chart with every project asked about
        result.chart = _cost_chart(db, sheets)
    result.answered = any(row.get("value") is not None or row.get("text") for row in result.rows)
    return result


def sheet_ref(db: sqlite3.Connection, number: str) -> SheetRef:
    # Where a project has sheets of several years, the latest sheet speaks for it.
    row = db.execute(
        "SELECT id, number, name, fiscal_year FROM sheets WHERE number = ? ORDER BY fiscal_year DESC LIMIT 1", (number,)
    ).fetchone()
    return SheetRef(row["id"], row["number"], row["name"], row["fiscal_year"])


def _project_answer(plan: Plan, db, sources: Sources, lang: str, sheet: SheetRef, result: Result) -> None:
    title = f"**{sheet.number} {sheet.name}**"
    start = len(result.lines)
    if plan.op == CHANGE:
        _change_one(plan, db, sources, lang, sheet, result)
    elif plan.op == RATE:
        _rate_one(plan, db, sources, lang, sheet, result)
    elif plan.derived == "unspent":
        _unspent_one(plan, db, sources, lang, sheet, result)
    else:
        for item in plan.cost_fields:
            _cost_lookup(plan, db, sources, lang, sheet, item, result)
        for name in plan.sheet_fields:
            _field_lookup(db, sources, lang, sheet, name, result)
        for name in plan.evaluation_fields:
            _evaluation_lookup(db, sources, lang, sheet, name, result)
        if plan.indicator:
            _indicator_lookup(plan, db, sources, lang, sheet, result)
    result.lines.insert(start, title)


def _years_for(plan: Plan, sheet: SheetRef) -> tuple[list[str], bool]:
    """The years asked about, or the sheet's own year (an assumption the answer states)."""
    return (plan.years, False) if plan.years else ([sheet.fiscal_year], True)


def assumed_year_note(lang: str, sheet: SheetRef) -> str:
    return p.say(
        lang,
        f"（年度の指定がないため{label_ja(sheet.fiscal_year)}の値）",
        f" (no year given: {p.year_label(sheet.fiscal_year, 'en')}, the sheet's year)",
    )


def cost_row(db, sheet: SheetRef, year: str) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM costs WHERE sheet_id = ? AND year = ?", (sheet.id, year)).fetchone()


def _cost_years(db, sheet: SheetRef) -> list[str]:
    return [r[0] for r in db.execute("SELECT year FROM costs WHERE sheet_id = ? ORDER BY rowid", (sheet.id,))]


def _cost_lookup(plan: Plan, db, sources: Sources, lang: str, sheet: SheetRef, item: str, result: Result) -> None:
    years, assumed = _years_for(plan, sheet)
    for year in years:
        row = cost_row(db, sheet, year)
        label = p.cost_label(item, lang)
        if row is None:
            covered = "、".join(p.year_label(y, lang) for y in _cost_years(db, sheet))
            result.lines.append(
                p.say(
                    lang,
                    f"{p.year_label(year, lang)}の{label}はシートにありません（コストの推移は{covered}）。",
                    f"The sheet has no {label} for {p.year_label(year, lang)} (costs cover {covered}).",
                )
            )
            result.rows.append({"sheet": sheet.number, "year": year, "item": item, "value": None})
            continue
        value = row[item]
        marker = sources.cite(sheet, "costs", COST_ITEMS[item])
        result.rows.append({"sheet": sheet.number, "year": year, "item": item, "value": value})
        if value is None:
            result.lines.append(_not_reported(lang, item, year, row, marker))
            continue
        suffix = assumed_year_note(lang, sheet) if assumed else ""
        result.lines.append(
            p.say(
                lang,
                f"{p.year_label(year, lang)}の{label}: {p.cost_value(item, value, lang)}{suffix}{marker}",
                f"{p.year_label(year, lang)} {label}: {p.cost_value(item, value, lang)}{suffix}{marker}",
            )
        )
    if len(years) == 1 and not plan.years and item in ("budget", "settlement"):
        result.chart = result.chart or _cost_chart(db, [sheet])


def _not_reported(lang: str, item: str, year: str, row: sqlite3.Row, marker: str) -> str:
    label = p.cost_label(item, lang)
    nearest = [k for k in ("settlement", "budget") if k != item and row[k] is not None]
    tail = ""
    if nearest:
        other = nearest[0]
        tail = p.say(
            lang,
            f" 同じ年度の{p.cost_label(other, lang)}は{p.cost_value(other, row[other], lang)}です。",
            f" The {p.cost_label(other, lang)} that year was {p.cost_value(other, row[other], lang)}.",
        )
    return p.say(
        lang,
        f"{p.year_label(year, lang)}の{label}はシートに記載がありません（様式上0と印字されているだけで、報告された値ではありません）{marker}。{tail}",
        f"The sheet does not report a {label} for {p.year_label(year, lang)} (the form prints 0 there, "
        f"which is not a reported value){marker}.{tail}",
    )


def _field_lookup(db, sources: Sources, lang: str, sheet: SheetRef, name: str, result: Result) -> None:
    section = p.SHEET_FIELD_SECTIONS[name]
    label_ja = p.SHEET_FIELD_LABELS[name][0]
    if name == "participation":
        texts = {
            r["label"]: r["text"]
            for r in db.execute("SELECT label, text FROM participation WHERE sheet_id = ? ORDER BY rowid", (sheet.id,))
        }
        for label, text in texts.items():
            marker = sources.cite(sheet, section, f"{label}:")
            result.lines.append(f"{label}: {text or '—'}{marker}")
            result.rows.append({"sheet": sheet.number, "field": label, "text": text})
        return
    if name == "sdgs":
        goals = db.execute("SELECT goal, label FROM sdgs WHERE sheet_id = ? ORDER BY goal", (sheet.id,)).fetchall()
        text = "、".join(g["label"] for g in goals)
        shown = text if lang == "ja" else ", ".join(f"Goal {g['goal']} ({g['label']})" for g in goals)
    else:
        text = db.execute(f"SELECT {name} FROM sheets WHERE id = ?", (sheet.id,)).fetchone()[0]
        shown = p.value_word(text, lang) if text else None
    marker = sources.cite(sheet, section, f"{label_ja}:")
    result.rows.append({"sheet": sheet.number, "field": name, "text": text})
    if not text:
        result.lines.append(
            p.say(lang, f"{label_ja}: 記載なし{marker}", f"{p.field_label(name, lang)}: not given{marker}")
        )
        return
    result.lines.append(p.say(lang, f"{label_ja}: {shown}{marker}", f"{p.field_label(name, lang)}: {shown}{marker}"))


def _evaluation_lookup(db, sources: Sources, lang: str, sheet: SheetRef, name: str, result: Result) -> None:
    row = db.execute(
        "SELECT score, text FROM evaluations WHERE sheet_id = ? AND field = ?", (sheet.id, name)
    ).fetchone()
    marker = sources.cite(sheet, "evaluation", f"{EVALUATION_FIELDS[name]}:")
    score = row["score"] if row["score"] is not None else "-"
    result.rows.append({"sheet": sheet.number, "field": name, "value": row["score"], "text": row["text"]})
    result.lines.append(
        p.say(
            lang,
            f"{EVALUATION_FIELDS[name]}: {score}（{row['text']}）{marker}",
            f"{p.evaluation_label(name, lang)}: {score} — 「{row['text']}」{marker}",
        )
    )


def _indicator_lookup(plan: Plan, db, sources: Sources, lang: str, sheet: SheetRef, result: Result) -> None:
    indicators = db.execute(
        "SELECT DISTINCT indicator_no, indicator, unit FROM indicator_status WHERE sheet_id = ? ORDER BY indicator_no",
        (sheet.id,),
    ).fetchall()
    if not indicators:
        result.lines.append(p.say(lang, "このシートには指標が設定されていません。", "This sheet sets no indicators."))
        sources.cite(sheet, "indicators")
        return
    years, assumed = _years_for(plan, sheet)
    records = []
    for ind in indicators:
        marker = sources.cite(sheet, "indicators", f"指標{ind['indicator_no']} ", lines=3)
        for year in years:
            row = db.execute(
                "SELECT * FROM indicator_status WHERE sheet_id = ? AND indicator_no = ? AND year = ?",
                (sheet.id, ind["indicator_no"], year),
            ).fetchone()
            if row is None:
                continue
            records.append(dict(row))
            asked = [row[part] for part in plan.indicator_parts if row[part] is not None]
            result.rows.append(
                {
                    "sheet": sheet.number,
                    "indicator": ind["indicator_no"],
                    "year": year,
                    "target": row["target"],
                    "actual": row["actual"],
                    "status": row["status"],
                    "value": asked[0] if asked else None,
                }
            )
            result.lines.append(_indicator_sentence(lang, row, marker, assumed and len(years) == 1))
    if not records:
        covered = "R01–R06"
        result.lines.append(
            p.say(lang, f"指標の記録がある年度は{covered}です。", f"Indicators are recorded for {covered}.")
        )
    result.chart = Chart("attainment", [chart_record(r) for r in records]) if records else None


def _indicator_sentence(lang: str, row: sqlite3.Row, marker: str, assumed: bool) -> str:
    unit = f"（{row['unit']}）" if row["unit"] and lang == "ja" else (f" ({row['unit']})" if row["unit"] else "")
    target = p.number(row["target"]) if row["target"] is not None else p.say(lang, "設定なし", "none set")
    actual = p.number(row["actual"]) if row["actual"] is not None else p.say(lang, "未記録", "not recorded")
    status_ja, status_en = p.STATUS_WORDS[row["status"]]
    year = p.year_label(row["year"], lang)
    return p.say(
        lang,
        f"指標{row['indicator_no']}「{row['indicator']}」{unit} {year}: 目標値 {target}、実績 {actual} → {status_ja}{marker}",
        f"Indicator {row['indicator_no']} 「{row['indicator']}」{unit}, {year}: target {target}, actual {actual} → "
        f"{status_en}{marker}",
    )


def chart_record(row: dict) -> dict:
    return {
        "project": row["number"],
        "indicator": f"{row['number']}-{row['indicator_no']} {row['indicator']}",
        "year": row["year"],
        "target": row["target"],
        "actual": row["actual"],
    }


def _cost_chart(db, sheets: list[SheetRef]) -> Chart:
    records = [
        {"project": s.number, "year": r["year"], "budget": r["budget"], "settlement": r["settlement"]}
        for s in sheets
        for r in db.execute("SELECT year, budget, settlement FROM costs WHERE sheet_id = ? ORDER BY rowid", (s.id,))
    ]
    return Chart("costs", records)


def change_years(plan: Plan, db, sheet: SheetRef) -> tuple[str, str]:
    years = _cost_years(db, sheet)
    if len(plan.years) >= 2:  # from the earlier to the later, whichever was said first ("in R2 … compared with R1")
        ordered = sorted(plan.years, key=western)
        return ordered[0], ordered[-1]
    end = plan.years[0] if plan.years else sheet.fiscal_year
    position = years.index(end) if end in years else len(years) - 1
    return years[max(position - 1, 0)], end


def _change_one(plan: Plan, db, sources: Sources, lang: str, sheet: SheetRef, result: Result) -> None:
    item = (plan.cost_fields or ["settlement"])[0]
    first, last = change_years(plan, db, sheet)
    a, b = cost_row(db, sheet, first), cost_row(db, sheet, last)
    marker = sources.cite(sheet, "costs", COST_ITEMS[item])
    if a is None or b is None or a[item] is None or b[item] is None:
        result.lines.append(
            p.say(
                lang,
                f"{p.cost_label(item, lang)}の{first}と{last}の両方の値がシートにありません{marker}。",
                f"The sheet does not report {p.cost_label(item, lang)} for both {first} and {last}{marker}.",
            )
        )
        result.rows.append({"sheet": sheet.number, "item": item, "value": None})
        return
    change = cost_change(a[item], b[item])
    result.rows.append(
        {
            "sheet": sheet.number,
            "item": item,
            "from": first,
            "to": last,
            "value": b[item],
            "before": a[item],
            "difference": change["difference"],
            "percent": change["percent"],
        }
    )
    result.lines.append(change_sentence(lang, item, first, last, a[item], b[item], change, marker))
    result.chart = _cost_chart(db, [sheet])


def cost_change(before: float, after: float) -> dict:
    difference = after - before
    percent = round(difference / before * 100, 1) if before else None
    return {"difference": difference, "percent": percent}


def change_sentence(lang: str, item: str, first: str, last: str, before, after, change: dict, marker: str) -> str:
    difference, percent = change["difference"], change["percent"]
    amount = p.cost_value(item, abs(difference), lang)
    pct = f"{abs(percent):.1f}%" if percent is not None else ""
    if lang == "ja":
        verb = "増加" if difference > 0 else "減少" if difference < 0 else "変化なし"
        pct_text = f"（{pct}{'増' if difference > 0 else '減'}）" if pct and difference else ""
        return (
            f"{p.cost_label(item, lang)}は{p.year_label(first, lang)}の{p.cost_value(item, before, lang)}から"
            f"{p.year_label(last, lang)}の{p.cost_value(item, after, lang)}へ、{amount}{verb}{pct_text}{marker}"
        )
    verb = "rose" if difference > 0 else "fell" if difference < 0 else "did not change"
    pct_text = f" ({pct} {'increase' if difference > 0 else 'decrease'})" if pct and difference else ""
    return (
        f"The {p.cost_label(item, lang)} {verb} from {p.cost_value(item, before, lang)} in "
        f"{p.year_label(first, lang)} to {p.cost_value(item, after, lang)} in {p.year_label(last, lang)}, "
        f"by {amount}{pct_text}{marker}"
    )


def _rate_one(plan: Plan, db, sources: Sources, lang: str, sheet: SheetRef, result: Result) -> None:
    years, _ = _years_for(plan, sheet)
    row = cost_row(db, sheet, years[0])
    budget_marker = sources.cite(sheet, "costs", COST_ITEMS["budget"])
    settlement_marker = sources.cite(sheet, "costs", COST_ITEMS["settlement"])
    if row is None or not row["budget"] or row["settlement"] is None:
        result.lines.append(
            p.say(
                lang,
                "執行率を計算できる予算額・決算額がシートにありません。",
                "The sheet lacks the budget or settled amount needed for an execution rate.",
            )
        )
        return
    rate = round(row["settlement"] / row["budget"] * 100, 1)
    result.rows.append(
        {
            "sheet": sheet.number,
            "year": years[0],
            "budget": row["budget"],
            "settlement": row["settlement"],
            "value": rate,
        }
    )
    year = p.year_label(years[0], lang)
    result.lines.append(
        p.say(
            lang,
            f"{year}の執行率（決算額÷予算額）は{rate:.1f}%です: 決算額{p.cost_value('settlement', row['settlement'], lang)}"
            f"{settlement_marker} ÷ 予算額{p.cost_value('budget', row['budget'], lang)}{budget_marker}",
            f"The {year} execution rate (settled ÷ budget) was {rate:.1f}%: "
            f"{p.cost_value('settlement', row['settlement'], lang)}{settlement_marker} ÷ "
            f"{p.cost_value('budget', row['budget'], lang)}{budget_marker}",
        )
    )


def _unspent_one(plan: Plan, db, sources: Sources, lang: str, sheet: SheetRef, result: Result) -> None:
    years, assumed = _years_for(plan, sheet)
    row = cost_row(db, sheet, years[0])
    value = figure(plan, row, "budget")
    markers = figure_markers(plan, sources, sheet, "budget")
    result.rows.append({"sheet": sheet.number, "year": years[0], "metric": "unspent", "value": value})
    if value is None:
        result.lines.append(
            p.say(
                lang,
                f"予算額と決算額の両方がそろっていません{markers}。",
                f"The sheet does not report both the budget and the settled amount{markers}.",
            )
        )
        return
    suffix = assumed_year_note(lang, sheet) if assumed else ""
    result.lines.append(
        f"{p.year_label(years[0], lang)} {figure_label(plan, 'budget', lang)}: {p.cost_value('budget', value, lang)} "
        f"({p.cost_value('budget', row['budget'], lang)} − {p.cost_value('settlement', row['settlement'], lang)})"
        f"{suffix}{markers}"
    )


def figure(plan: Plan, row: sqlite3.Row | None, item: str) -> float | None:
    """A cost row's figure: a cost column, or 予算額 − 決算額 for unspent budget (what an aggregate ranks or sums)."""
    if row is None:
        return None
    if plan.derived == "unspent":
        return None if row["budget"] is None or row["settlement"] is None else row["budget"] - row["settlement"]
    return row[item]


def figure_label(plan: Plan, item: str, lang: str) -> str:
    if plan.derived == "unspent":
        return p.say(lang, "不用額（予算額−決算額）", "unspent budget (予算額 − 決算額)")
    return p.cost_label(item, lang)


def figure_markers(plan: Plan, sources: Sources, sheet: SheetRef, item: str) -> str:
    items = ("budget", "settlement") if plan.derived == "unspent" else (item,)
    return "".join(sources.cite(sheet, "costs", COST_ITEMS[name]) for name in items)
