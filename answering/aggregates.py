"""Aggregates: questions across projects (totals, averages, rankings, changes, attainment lists, filtered lists).

Projects are those of the latest fiscal year; every figure is read per sheet as ``lookups`` reads it, and the
rows a table shows are cited one by one.
"""

from __future__ import annotations

import sqlite3

from jimuqa.answering import phrases as p
from jimuqa.answering.lookups import (
    assumed_year_note,
    change_sentence,
    change_years,
    chart_record,
    cost_change,
    cost_row,
    figure,
    figure_label,
    figure_markers,
)
from jimuqa.answering.plan import AVERAGE, CHANGE, RANK, TOTAL, Filter, Plan
from jimuqa.answering.result import Result
from jimuqa.answering.sources import SheetRef, Sources
from jimuqa.answering.types import Chart
from jimuqa.index.model import COST_ITEMS, EVALUATION_FIELDS

MAX_LISTED = 3  # longer lists also come as a Markdown table
MAX_TABLE_ROWS = 20  # a city's hundreds of projects are summed in full but tabled and cited by the top rows


# The planner's aggregates read the tables of Tsukuba's form (costs, indicators …): only its sheets, and its
# latest year (another city's sheets of a later year have no rows there).
_READ_FORM = "form = 'tsukuba'"


def latest_year(db: sqlite3.Connection) -> str:
    return db.execute(f"SELECT max(fiscal_year) FROM sheets WHERE {_READ_FORM}").fetchone()[0]


def aggregate_answer(plan: Plan, db, sources: Sources, lang: str) -> Result:
    """The answer across the latest year's projects that pass the plan's filters."""
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
        result.lines[0] += assumed_year_note(lang, SheetRef(0, "", "", year))
    return result


def _filtered_sheets(plan: Plan, db, year: str) -> list[SheetRef]:
    clauses, params = [f"fiscal_year = (SELECT max(fiscal_year) FROM sheets WHERE {_READ_FORM})", _READ_FORM], []
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


def _cost_aggregate(plan: Plan, db, sources: Sources, lang: str, sheets: list[SheetRef], year: str) -> Result:
    item = plan.cost_fields[0]
    values = []
    for sheet in sheets:
        value = figure(plan, cost_row(db, sheet, year), item)
        if value is not None:
            values.append((sheet, value))
    result = Result()
    label, year_text = figure_label(plan, item, lang), p.year_label(year, lang)
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
        return figure_markers(plan, sources, sheet, item)

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
        first, last = change_years(plan, db, sheet)
        a, b = cost_row(db, sheet, first), cost_row(db, sheet, last)
        if a is None or b is None or not a[item] or b[item] is None:
            continue  # no base to compare against (not reported, or 0)
        changes.append((sheet, first, last, a[item], b[item], cost_change(a[item], b[item])))
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
    result.lines.append(change_sentence(lang, item, first, last, before, after, change, marker))
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
    result.chart = Chart("attainment", [chart_record(r) for r in records]) if records else None
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
        value = cost_row(db, sheet, year)[f.field]
        return sources.cite(
            sheet, "costs", COST_ITEMS[f.field]
        ), f"{COST_ITEMS[f.field]} {p.cost_value(f.field, value, lang)}"
    if f.kind == "no_target":
        return sources.cite(sheet, "indicators"), p.say(lang, f"{p.year_label(year, lang)}の目標値なし", "no target")
    return sources.cite(sheet, "basic_info"), ""


def _table_row(lang: str, sheet: SheetRef, value: str, marker: str, label: str) -> dict:
    return {p.say(lang, "事業", "project"): f"{sheet.number} {sheet.name}", label: f"{value}{marker}"}
