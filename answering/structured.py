"""Structured answers: a ``Plan`` run as queries over the table, rendered with a citation for every figure.

Every number shown comes from a table row; every citation quotes the section line that prints it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from jimuqa.answering import phrases as p
from jimuqa.answering.plan import AVERAGE, CHANGE, RANK, RATE, TOTAL, Filter, Plan
from jimuqa.answering.sources import SheetRef, Sources
from jimuqa.answering.types import Chart
from jimuqa.index.model import COST_ITEMS, EVALUATION_FIELDS
from jimuqa.index.years import label_ja

MAX_LISTED = 3  # longer lists also come as a Markdown table
MAX_TABLE_ROWS = 20  # a city's hundreds of projects are summed in full but tabled and cited by the top rows


@dataclass
class Result:
    """What the composer needs: sentences, an optional table, the rows behind the numbers."""

    lines: list[str] = field(default_factory=list)
    table: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    chart: Chart | None = None
    answered: bool = True  # False when every value asked for is not reported


def run_plan(plan: Plan, db: sqlite3.Connection, sources: Sources, lang: str) -> Result:
    if plan.projects:
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
    return _aggregate_answer(plan, db, sources, lang)


def sheet_ref(db: sqlite3.Connection, number: str) -> SheetRef:
    # Where a project has sheets of several years, the latest sheet speaks for it.
    row = db.execute(
        "SELECT id, number, name, fiscal_year FROM sheets WHERE number = ? ORDER BY fiscal_year DESC LIMIT 1", (number,)
    ).fetchone()
    return SheetRef(row["id"], row["number"], row["name"], row["fiscal_year"])


def latest_year(db: sqlite3.Connection) -> str:
    return db.execute("SELECT max(fiscal_year) FROM sheets").fetchone()[0]


# ---- one project ---------------------------------------------------------------------------


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


def _assumed(lang: str, sheet: SheetRef) -> str:
    return p.say(
        lang,
        f"（年度の指定がないため{label_ja(sheet.fiscal_year)}の値）",
        f" (no year given: {p.year_label(sheet.fiscal_year, 'en')}, the sheet's year)",
    )


def _cost_row(db, sheet: SheetRef, year: str) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM costs WHERE sheet_id = ? AND year = ?", (sheet.id, year)).fetchone()


def _cost_years(db, sheet: SheetRef) -> list[str]:
    return [r[0] for r in db.execute("SELECT year FROM costs WHERE sheet_id = ? ORDER BY rowid", (sheet.id,))]


def _cost_lookup(plan: Plan, db, sources: Sources, lang: str, sheet: SheetRef, item: str, result: Result) -> None:
    years, assumed = _years_for(plan, sheet)
    for year in years:
        row = _cost_row(db, sheet, year)
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
        suffix = _assumed(lang, sheet) if assumed else ""
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
    result.chart = Chart("attainment", [_chart_record(r) for r in records]) if records else None


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


def _chart_record(row: dict) -> dict:
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


def _change_years(plan: Plan, db, sheet: SheetRef) -> tuple[str, str]:
    years = _cost_years(db, sheet)
    if len(plan.years) >= 2:
        return plan.years[0], plan.years[-1]
    end = plan.years[0] if plan.years else sheet.fiscal_year
    position = years.index(end) if end in years else len(years) - 1
    return years[max(position - 1, 0)], end


def _change_one(plan: Plan, db, sources: Sources, lang: str, sheet: SheetRef, result: Result) -> None:
    item = (plan.cost_fields or ["settlement"])[0]
    first, last = _change_years(plan, db, sheet)
    a, b = _cost_row(db, sheet, first), _cost_row(db, sheet, last)
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
    change = _change(a[item], b[item])
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
    result.lines.append(_change_sentence(lang, item, first, last, a[item], b[item], change, marker))
    result.chart = _cost_chart(db, [sheet])


def _change(before: float, after: float) -> dict:
    difference = after - before
    percent = round(difference / before * 100, 1) if before else None
    return {"difference": difference, "percent": percent}


def _change_sentence(lang: str, item: str, first: str, last: str, before, after, change: dict, marker: str) -> str:
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
    row = _cost_row(db, sheet, years[0])
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
    row = _cost_row(db, sheet, years[0])
    value = _figure(plan, row, "budget")
    markers = _figure_markers(plan, sources, sheet, "budget")
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
    suffix = _assumed(lang, sheet) if assumed else ""
    result.lines.append(
        f"{p.year_label(years[0], lang)} {_figure_label(plan, 'budget', lang)}: {p.cost_value('budget', value, lang)} "
        f"({p.cost_value('budget', row['budget'], lang)} − {p.cost_value('settlement', row['settlement'], lang)})"
        f"{suffix}{markers}"
    )


# ---- all projects --------------------------------------------------------------------------


def _aggregate_answer(plan: Plan, db, sources: Sources, lang: str) -> Result:
    year = plan.years[0] if plan.years else latest_year(db)
    assumed = not plan.years
    sheets = _filtered_sheets(plan, db, year)
    if plan.op in (TOTAL, AVERAGE, RANK) and plan.cost_fields:
        result = _cost_aggregate(plan, db, sources, lang, sheets, year)
    elif plan.op == CHANGE:
        result = _change_ranking(plan, db, sources, lang, sheets)
        assumed = False
    elif any(f.kind == "status" for f in plan.filters):
        result = _attainment_list(plan, db, sources, lang, sheets, year)
    else:
        result = _selection(plan, db, sources, lang, sheets, year)
    if assumed and result.lines:
        result.lines[0] += _assumed(lang, SheetRef(0, "", "", year))
    return result


def _filtered_sheets(plan: Plan, db, year: str) -> list[SheetRef]:
    clauses, params = ["fiscal_year = (SELECT max(fiscal_year) FROM sheets)"], []
    for f in plan.filters:
        clause, values = _filter_sql(f, year)
        if clause:
            clauses.append(clause)
            params.extend(values)
    rows = db.execute(
        f"SELECT id, number, name, fiscal_year FROM sheets WHERE {' AND '.join(clauses)} ORDER BY rowid", params
    ).fetchall()
    return [SheetRef(r["id"], r["number"], r["name"], r["fiscal_year"]) for r in rows]


def _filter_sql(f: Filter, year: str) -> tuple[str, list]:
    if f.kind == "evaluation":
        return "id IN (SELECT sheet_id FROM evaluations WHERE field = ? AND score = ?)", [f.field, f.value]
    if f.kind in ("direction", "new_or_continuing", "section"):
        return f"{f.kind} = ?", [f.value]
    if f.kind == "sdg":
        return "id IN (SELECT sheet_id FROM sdgs WHERE goal = ?)", [f.value]
    if f.kind == "positive" and f.field in COST_ITEMS:
        return f"id IN (SELECT sheet_id FROM costs WHERE year = ? AND {f.field} > 0)", [year]
    if f.kind == "no_target":
        return "id NOT IN (SELECT sheet_id FROM indicator_values WHERE year = ? AND target IS NOT NULL)", [year]
    if f.kind == "status":
        return "id IN (SELECT sheet_id FROM indicator_status WHERE year = ? AND status = ?)", [year, f.value]
    return "", []


def _figure(plan: Plan, row: sqlite3.Row | None, item: str) -> float | None:
    """The figure an aggregate ranks or sums: a cost column, or 予算額 − 決算額 for unspent budget."""
    if row is None:
        return None
    if plan.derived == "unspent":
        return None if row["budget"] is None or row["settlement"] is None else row["budget"] - row["settlement"]
    return row[item]


def _figure_label(plan: Plan, item: str, lang: str) -> str:
    if plan.derived == "unspent":
        return p.say(lang, "不用額（予算額−決算額）", "unspent budget (予算額 − 決算額)")
    return p.cost_label(item, lang)


def _figure_markers(plan: Plan, sources: Sources, sheet: SheetRef, item: str) -> str:
    items = ("budget", "settlement") if plan.derived == "unspent" else (item,)
    return "".join(sources.cite(sheet, "costs", COST_ITEMS[name]) for name in items)


def _cost_aggregate(plan: Plan, db, sources: Sources, lang: str, sheets: list[SheetRef], year: str) -> Result:
    item = plan.cost_fields[0]
    values = []
    for sheet in sheets:
        value = _figure(plan, _cost_row(db, sheet, year), item)
        if value is not None:
            values.append((sheet, value))
    result = Result()
    label, year_text = _figure_label(plan, item, lang), p.year_label(year, lang)
    if not values:
        result.answered = False
        result.lines.append(
            p.say(
                lang,
                f"{year_text}の{label}はどの事業にも記載がありません。",
                f"No sheet reports a {label} for {year_text}.",
            )
        )
        return result

    def cite(sheet: SheetRef) -> str:
        return _figure_markers(plan, sources, sheet, item)

    if plan.op == RANK:
        return _ranking(plan, lang, values, item, year, label, cite, result)
    shown = sorted(values, key=lambda sv: -sv[1])[:MAX_TABLE_ROWS]
    markers = {s.number: cite(s) for s, _ in shown}
    total = sum(v for _, v in values)
    value = total if plan.op == TOTAL else round(total / len(values), 2)
    result.rows = [{"sheet": s.number, "year": year, "item": item, "value": v} for s, v in values]
    result.rows.append({"metric": plan.op, "item": item, "year": year, "value": value, "projects": len(values)})
    word = p.say(lang, "合計" if plan.op == TOTAL else "平均", "total" if plan.op == TOTAL else "average")
    result.lines.append(
        p.say(
            lang,
            f"{year_text}の{label}の{word}は{p.cost_value(item, value, lang)}です（{len(values)}事業）。",
            f"The {word} {label} for {year_text} is {p.cost_value(item, value, lang)} ({len(values)} projects).",
        )
    )
    if len(values) <= MAX_LISTED:  # a short list reads better in the sentence than as a table
        result.lines += [f"{s.number} {s.name}: {p.cost_value(item, v, lang)}{markers[s.number]}" for s, v in values]
    result.table = [_table_row(lang, s, p.cost_value(item, v, lang), markers[s.number], label) for s, v in shown]
    _note_cut(result, lang, len(values))
    return result


def _note_cut(result: Result, lang: str, total: int) -> None:
    if total > MAX_TABLE_ROWS:
        result.rows.append({"metric": "shown", "value": MAX_TABLE_ROWS, "of": total})
        result.lines.append(
            p.say(
                lang,
                f"（表は{total}件のうち上位{MAX_TABLE_ROWS}件）",
                f"(the table shows the top {MAX_TABLE_ROWS} of {total} rows)",
            )
        )


def _ranking(plan: Plan, lang: str, values: list, item: str, year: str, label: str, cite, result: Result) -> Result:
    excluded = []
    if not plan.descending:
        excluded = [s for s, v in values if v == 0]
        values = [(s, v) for s, v in values if v != 0] or values
    ranked = sorted(values, key=lambda sv: sv[1], reverse=plan.descending)
    chosen = ranked[: plan.limit or 1]
    shown = ranked[: max(MAX_TABLE_ROWS, len(chosen))]
    markers = {s.number: cite(s) for s, _ in shown}
    year_text = p.year_label(year, lang)
    result.rows = [
        {"sheet": s.number, "year": year, "item": item, "value": v, "rank": i}
        for i, (s, v) in enumerate(ranked, start=1)
    ]
    listed = "、".join(f"{s.number} {s.name}（{p.cost_value(item, v, lang)}）{markers[s.number]}" for s, v in chosen)
    listed_en = "; ".join(f"{s.number} {s.name} ({p.cost_value(item, v, lang)}){markers[s.number]}" for s, v in chosen)
    most = p.say(lang, "大きい" if plan.descending else "小さい", "largest" if plan.descending else "smallest")
    head = p.say(lang, f"{year_text}の{label}が最も{most}事業", f"The {most} {label} in {year_text}")
    if len(chosen) > 1:
        head = p.say(
            lang,
            f"{year_text}の{label}の{'多い' if plan.descending else '少ない'}順に上位{len(chosen)}事業",
            f"Top {len(chosen)} by {label} in {year_text}",
        )
    result.lines.append(p.say(lang, f"{head}: {listed}", f"{head}: {listed_en}"))
    if excluded:
        names = "、".join(s.number for s in excluded)
        result.lines.append(
            p.say(
                lang,
                f"（{label}が0の事業 {names} は除いています）",
                f"(projects with a {label} of 0 — {names} — are left out)",
            )
        )
    result.table = [_table_row(lang, s, p.cost_value(item, v, lang), markers[s.number], label) for s, v in shown]
    _note_cut(result, lang, len(ranked))
    return result


def _change_ranking(plan: Plan, db, sources: Sources, lang: str, sheets: list[SheetRef]) -> Result:
    item = (plan.cost_fields or ["settlement"])[0]
    result = Result()
    changes = []
    for sheet in sheets:
        first, last = _change_years(plan, db, sheet)
        a, b = _cost_row(db, sheet, first), _cost_row(db, sheet, last)
        if a is None or b is None or not a[item] or b[item] is None:
            continue  # no base to compare against (not reported, or 0)
        changes.append((sheet, first, last, a[item], b[item], _change(a[item], b[item])))
    if not changes:
        result.answered = False
        result.lines.append(p.say(lang, "比較できる値がシートにありません。", "The sheets have no values to compare."))
        return result
    key = (lambda c: c[5]["percent"]) if plan.percent else (lambda c: c[5]["difference"])
    ranked = sorted(changes, key=key, reverse=plan.descending)
    for sheet, first, last, before, after, change in ranked:
        marker = sources.cite(sheet, "costs", COST_ITEMS[item])
        result.rows.append(
            {
                "sheet": sheet.number,
                "item": item,
                "from": first,
                "to": last,
                "before": before,
                "value": after,
                "difference": change["difference"],
                "percent": change["percent"],
            }
        )
        result.table.append(
            {
                p.say(lang, "事業", "project"): f"{sheet.number} {sheet.name}",
                p.year_label(first, lang): p.cost_value(item, before, lang),
                p.year_label(last, lang): p.cost_value(item, after, lang),
                p.say(lang, "増減", "change"): f"{change['difference']:+,} ({change['percent']:+.1f}%){marker}",
            }
        )
    top_sheet, first, last, before, after, change = ranked[0]
    marker = sources.cite(top_sheet, "costs", COST_ITEMS[item])
    lead = p.say(
        lang,
        f"{'増加' if plan.descending else '減少'}{'率' if plan.percent else '額'}が最も大きいのは{top_sheet.number} {top_sheet.name}です。",
        f"The largest {'rise' if plan.descending else 'fall'}{' in percentage terms' if plan.percent else ''} "
        f"was {top_sheet.number} {top_sheet.name}.",
    )
    result.lines.append(lead)
    result.lines.append(_change_sentence(lang, item, first, last, before, after, change, marker))
    return result


def _attainment_list(plan: Plan, db, sources: Sources, lang: str, sheets: list[SheetRef], year: str) -> Result:
    status = next(f.value for f in plan.filters if f.kind == "status")
    result = Result()
    year_text = p.year_label(year, lang)
    records = []
    for sheet in sheets:
        rows = db.execute(
            "SELECT * FROM indicator_status WHERE sheet_id = ? AND year = ? AND status = ? ORDER BY indicator_no",
            (sheet.id, year, status),
        ).fetchall()
        for row in rows:
            if len(records) >= MAX_TABLE_ROWS:  # counted in full below, listed and cited by the first rows
                result.rows.append({"sheet": sheet.number, "status": status, "value": row["actual"]})
                continue
            marker = sources.cite(sheet, "indicators", f"指標{row['indicator_no']} ", lines=3)
            records.append({**dict(row), "marker": marker})
            result.rows.append(
                {
                    "sheet": sheet.number,
                    "indicator": row["indicator_no"],
                    "year": year,
                    "target": row["target"],
                    "actual": row["actual"],
                    "status": status,
                    "value": row["actual"],
                }
            )
            result.table.append(
                {
                    p.say(lang, "事業", "project"): f"{sheet.number} {sheet.name}",
                    p.say(lang, "指標", "indicator"): f"{row['indicator']}"
                    + (f" ({row['unit']})" if row["unit"] else ""),
                    p.say(lang, "目標値", "target"): p.number(row["target"]),
                    p.say(lang, "実績", "actual"): p.number(row["actual"]) + marker,
                }
            )
    word_ja, word_en = p.STATUS_WORDS[status]
    projects = list(dict.fromkeys(row["sheet"] for row in result.rows))
    shown_of = len(result.rows)
    result.rows.append({"metric": "count", "value": len(projects)})
    if not projects:
        result.lines.append(
            p.say(
                lang,
                f"{year_text}に目標を{word_ja}した事業はありません。",
                f"No project {word_en} a target in {year_text}.",
            )
        )
    else:
        listed = "、".join(
            f"{r['number']} {r['project']}（目標{p.number(r['target'])}に対し実績{p.number(r['actual'])}）{r['marker']}"
            for r in records
        )
        listed_en = "; ".join(
            f"{r['number']} {r['project']} (target {p.number(r['target'])}, actual {p.number(r['actual'])}){r['marker']}"
            for r in records
        )
        result.lines.append(
            p.say(
                lang,
                f"{year_text}に指標の目標が{word_ja}だった事業は{len(projects)}事業です: {listed}。",
                f"{len(projects)} projects {word_en} an indicator target in {year_text}: {listed_en}.",
            )
        )
    _note_cut(result, lang, shown_of)
    result.lines.append(p.say(lang, p.ATTAINMENT_RULE[0], p.ATTAINMENT_RULE[1]))
    result.chart = Chart("attainment", [_chart_record(r) for r in records]) if records else None
    return result


def _selection(plan: Plan, db, sources: Sources, lang: str, sheets: list[SheetRef], year: str) -> Result:
    result = Result()
    described = _describe_filters(plan, lang)
    for sheet in sheets[:MAX_TABLE_ROWS]:  # counted in full, listed and cited by the first rows
        marker, detail = _filter_evidence(plan, db, sources, lang, sheet, year)
        result.rows.append({"sheet": sheet.number, "name": sheet.name, "value": detail})
        result.table.append(
            {
                p.say(lang, "事業", "project"): f"{sheet.number} {sheet.name}",
                p.say(lang, "根拠", "evidence"): f"{detail}{marker}",
            }
        )
    if not sheets:
        result.lines.append(p.say(lang, f"{described}事業はありません。", f"No project is {described}."))
        result.answered = True
        return result
    listed = sheets[:MAX_TABLE_ROWS]
    names = "、".join(f"{s.number} {s.name}{_marker_of(result, i)}" for i, s in enumerate(listed))
    names_en = "; ".join(f"{s.number} {s.name}{_marker_of(result, i)}" for i, s in enumerate(listed))
    result.rows.append({"metric": "count", "value": len(sheets)})
    _note_cut(result, lang, len(sheets))
    result.lines.append(
        p.say(
            lang,
            f"{described}事業は{len(sheets)}事業です: {names}。",
            f"{len(sheets)} projects are {described}: {names_en}.",
        )
    )
    return result


def _marker_of(result: Result, index: int) -> str:
    evidence = list(result.table[index].values())[-1]
    return evidence[evidence.rfind("[") :] if "[" in evidence else ""


def _describe_filters(plan: Plan, lang: str) -> str:
    parts_ja, parts_en = [], []
    for f in plan.filters:
        if f.kind == "evaluation":
            parts_ja.append(f"{EVALUATION_FIELDS[f.field]}が{f.value}の")
            parts_en.append(f"scored {f.value} for {p.EVALUATION_LABELS_EN[f.field]}")
        elif f.kind in ("direction", "new_or_continuing"):
            parts_ja.append(f"{p.SHEET_FIELD_LABELS[f.kind][0]}が「{f.value}」の")
            parts_en.append(f"{p.value_word(f.value, 'en')} ({f.value})")
        elif f.kind == "sdg":
            parts_ja.append(f"SDGsの目標{f.value}に関わる")
            parts_en.append(f"linked to SDG {f.value}")
        elif f.kind == "section":
            parts_ja.append(f"{f.value}が担当する")
            parts_en.append(f"run by {f.value}")
        elif f.kind == "positive":
            parts_ja.append(f"{COST_ITEMS[f.field]}が入っている")
            parts_en.append(f"with {p.COST_LABELS_EN[f.field]}")
        elif f.kind == "no_target":
            parts_ja.append("指標の目標値が設定されていない")
            parts_en.append("without an indicator target")
    return "".join(parts_ja) if lang == "ja" else " and ".join(parts_en) or "listed"


def _filter_evidence(plan: Plan, db, sources: Sources, lang: str, sheet: SheetRef, year: str) -> tuple[str, str]:
    """The cited detail that puts ``sheet`` in the list."""
    f = plan.filters[0] if plan.filters else Filter("all")
    if f.kind == "evaluation":
        row = db.execute(
            "SELECT score, text FROM evaluations WHERE sheet_id = ? AND field = ?", (sheet.id, f.field)
        ).fetchone()
        return sources.cite(
            sheet, "evaluation", f"{EVALUATION_FIELDS[f.field]}:"
        ), f"{EVALUATION_FIELDS[f.field]} {row['score']}"
    if f.kind in ("direction", "new_or_continuing", "section"):
        label = p.SHEET_FIELD_LABELS[f.kind][0]
        section = p.SHEET_FIELD_SECTIONS[f.kind]
        return sources.cite(sheet, section, f"{label}:"), f"{label} {f.value}"
    if f.kind == "sdg":
        label = db.execute("SELECT label FROM sdgs WHERE sheet_id = ? AND goal = ?", (sheet.id, f.value)).fetchone()[0]
        return sources.cite(sheet, "basic_info", "SDGs:"), label
    if f.kind == "positive":
        value = _cost_row(db, sheet, year)[f.field]
        return sources.cite(
            sheet, "costs", COST_ITEMS[f.field]
        ), f"{COST_ITEMS[f.field]} {p.cost_value(f.field, value, lang)}"
    if f.kind == "no_target":
        return sources.cite(sheet, "indicators"), p.say(lang, f"{p.year_label(year, lang)}の目標値なし", "no target")
    return sources.cite(sheet, "basic_info"), ""


def _table_row(lang: str, sheet: SheetRef, value: str, marker: str, label: str) -> dict:
    return {p.say(lang, "事業", "project"): f"{sheet.number} {sheet.name}", label: f"{value}{marker}"}


def markdown_table(rows: list[dict]) -> str:
    if not rows:
        return ""
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
    lines += ["| " + " | ".join(str(row.get(c, "")).replace("|", "\\|") for c in columns) + " |" for row in rows]
    return "\n".join(lines)
