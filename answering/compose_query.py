"""Building a Query from a question's recognised parts (``answering.understand``), compositionally.

Conditions first: a value word (新規, 未達成, 科学の街推進係) is a membership filter on its field; a number
next to a field is a comparison (the comparison word beside it, else equality); 記載/設定 is "is reported";
a negation after the condition (before it in English) turns it round. The fields left over make the measure:
one field; two fields joined by an operation word (決算÷予算, 割合); one field over two years with a change
word (増減, 減った, change); or a named measure (執行率), itself two fields and an operation. The ask follows
from the operation words: an aggregate (合計, 平均, 何件), a ranking (一番, 上位3, most), a list (どれ,
which), attainment (達成 of named projects), else the measure's value.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import replace

from jimuqa.answering import operators as ops
from jimuqa.answering.catalogue import (
    COST_OF,
    FUNDING_SOURCES,
    GOAL,
    PRINTED_SUMS,
    READ_AS,
    REASON_OF,
    SAME_FIELD,
    SCORE,
    STATUS,
    UNIT_BESIDE,
    UNIT_FIELDS,
    YEAR_FIELD,
    catalogue,
    counterpart,
)
from jimuqa.answering.normalise import compiled
from jimuqa.answering.query import (
    Aggregate,
    Attainment,
    Combine,
    Compare,
    Field,
    Listing,
    Measure,
    Member,
    Narrative,
    Query,
    Ranking,
    Series,
    Value,
    is_change,
    is_rate,
    measure_fields,
    problems,
    takes_years,
)
from jimuqa.answering.understand import (
    AGAINST_EN,
    GLOSSED_WORDS,
    HAVING_EN,
    ORDINAL_WORDS,
    TABLE_VALUE_FIELDS,
    Parse,
    Part,
    asked_counters,
    clause_around,
    counts_rows,
)
from jimuqa.index.sections import BY_ID, BY_TITLE
from jimuqa.index.values import MET, MISSED
from jimuqa.index.years import from_western, western

_ASK_KINDS = ("aggregate", "superlative", "named", "op", "compare")
NOTHING_POINTED_AT = "nothing_pointed_at"  # the reason a question pointing back at nothing is not built
CONDITION_GAP = 6  # characters between a field and its value or comparison word (particles, quotes, spaces)


def build(parse: Parse, context: Query | None = None) -> tuple[list[Query], str]:
    """The Queries the parts make (several when the question asks for several fields), or a reason why none.

    ``context``: the previous Query of the conversation. A question that names no project and sets no
    condition takes its projects (and its years, when it names none); one that also asks for no measure
    takes its ask: only what the question leaves out."""
    parts = _added_up(parse.text, [p for p in _drop_group_words(parse, _said_of_a_field(parse, parse.parts))
                                   if p.kind != "subject"])
    parts = _compared_as_before(_best_value_said(parse, _reached_a_number(parse, _which_one(parse, parts))), context)
    parts, peak = _peak_asked(parse, _headings_among_fields(parse, parts), context)
    parts, left_out = _projects_left_out(parse, parts)
    parts, moved = _moved_by_a_share(parse, parts)
    used: set[int] = set()
    said_at: list[int] = []
    filters = _conditions(parse, parts, used, said_at)
    if filters is None:
        return _each_field_of_a_value(parse, context) or ([], "unplaced_condition")
    if left_out:
        filters.append(Member("number", left_out, negate=True))
    if moved is not None:
        filters.append(moved)
    filters, pinned = _conditions_of_their_years(parts, filters, said_at)
    filters = list(dict.fromkeys(_one_member_per_field(filters)))  # (a condition said twice is one)
    # (not "which project used the smallest share of its budget": its own, in a question of a set of projects; nor
    # "how did the events for kids run, and the downside of doing it that way": words left may say what it is)
    if context is None and not filters and not parse.unplaced and _has(parts, "anaphor") and not any(
            p.kind in ("project", "name_run", "list", "superlative", "aggregate") for p in parts):  # fmt: skip
        return [], NOTHING_POINTED_AT  # "How much did its total cost go up…" first: not a question of every project
    # 「今年度（令和7年度）」: one year; a year a condition took is that condition's
    years = [y for y in dict.fromkeys(p.value for p in parts if p.kind == "year") if y not in pinned]
    if (others := _the_others(parts, context, years)) is not None:
        return [replace(others, lang=parse.lang)], ""
    years = _changed_into_a_year(parse, parts, years, context)
    series = _is_series(parse.text, parts, years, used)
    # 「それって人件費も入れると？」 after one project's 事業費計: the row added to the figure asked before
    before = getattr(context.ask, "measure", None) if context is not None and context.projects else None
    added_to = before.field if isinstance(before, Field) and not _has(parts, "project") else None
    measures, years = _measures(parse, parts, used, years, series, added_to)
    if measures is None:
        return [], "no_measure"
    parts, measures = _divided_by_counts(parse, parts, measures)
    measures = _of_indicator(parts, _share_of_the_figure_before(parse, parts, measures, added_to))
    # an operation the question's own fields made a figure of (or a printed total read through its rows: "the total
    # cost including labor")
    composed = any(isinstance(m, Combine) or (isinstance(m, Field) and m.field in PRINTED_SUMS) for m in measures)
    if not series:
        measures, years = _clause_years(parse, parts, measures, years)
    op_words = {p.value for p in parts if p.kind == "op"}
    pinned = [m for m in measures if isinstance(m, Field) and m.indicator is not None]
    if measures and pinned == measures and len({m.field for m in pinned}) == 1:
        # "how much did the donations grow between FY2023 and FY2024": the change of each indicator named
        change = _change(parse, parts, [pinned[0].field], years, op_words)
        if change is not None:
            measures, years = [_pinned(m, f.indicator) for f in pinned for m in change[0]], change[1]
    # 「課長等意見の今後の方向性が『終了』の事業」: a field said twice beside its value is the condition, not an ask
    said = {f.field for f in filters if isinstance(f, Member)}
    measures = [m for m in measures if not (isinstance(m, Field) and m.field in said and m.year is None)]
    projects = tuple(dict.fromkeys(p.value for p in parts if p.kind == "project"))
    # 「前の年と比べて何%減った?」 after one project's figure: the change of that figure, for those projects.
    previous = getattr(context.ask, "measure", None) if context is not None and context.projects else None
    change = None
    # "the budget jump in R3"; "the cost jump" after 大船渡's 事業費計, which its "cost" is
    again = isinstance(previous, Field) and len(measures) == 1 and isinstance(measures[0], Field) and (
        previous.field in _printed_as(measures[0].field))
    same_projects = not projects or set(projects) == set(context.projects if context else ())  # (named again)
    if (not measures or again) and same_projects and isinstance(previous, Field) and not _superlative(parse, parts):
        # 「令和7年度の計画だとどのくらい増えるの?」: one year said, changed from the year asked before (or the one
        # before it); the same field said again with it ("how much does the budget jump in R3?")
        since = [*context.years, from_western(western(years[0]) - 1)] if len(set(years)) == 1 else []
        since = [y for y in since if y != years[0]][:1]
        # (no year said: the two asked before, "so how big was the drop?" after FY2019 and FY2020's spending; the
        # one asked before and the year before it, 「どのくらい増えたの？」 after one year's figure)
        # (not a difference of the fields said, 「実績は目標を上回った？差は」, or of those asked, 「予算と決算、あと差額も」)
        moved = _has(parts, "direction") and not any(p.kind in ("field", "indicator", "named") for p in parts)
        asked = list(context.years) if len(set(context.years)) != 1 or not moved else \
            [from_western(western(context.years[0]) - 1), context.years[0]]  # fmt: skip
        change = _change(parse, parts, [previous.field], [*since, *years] or asked, op_words)
        if change is not None and previous.indicator is not None:  # of the indicator asked before, not every one
            change = [_pinned(m, previous.indicator) for m in change[0]], change[1]
    follows_change = change is not None
    if change is not None:  # (a change of the figure before, not its series: "this year - up or down, by how much?")
        measures, years, series = *change, False
    ranks = _superlative(parse, parts) or _has(parts, "direction")
    if not measures and projects and isinstance(previous, Field) and ("difference" in op_words or ranks):
        # 「Society 5.0のほうと比べると、どっちが多い?」 after one project's figure: that figure of both
        measures, years = [previous], years or _years_asked(context)
        projects = tuple(dict.fromkeys((*context.projects, *projects)))
    spread = _spread(parse, parts, measures, projects, years, op_words)
    # 「…どれくらい減った？何％減？」: a direction alone after a change of named projects says more of that change
    changed_again = (context is not None and bool(context.projects) and not projects and not filters and not measures
                     and _has(parts, "direction") and not _superlative(parse, parts)
                     and _is_change_of([getattr(context.ask, "measure", None)]))  # fmt: skip
    if changed_again:
        return [Query(context.ask, context.projects, context.filters, context.years, lang=parse.lang)], ""
    if not measures and context is not None and ranks and _of_attainment(context):
        # "which of those was furthest off?" after the indicators that missed their targets: ranked by how much of
        # its target each attained (実績 ÷ 目標値), among the same ones
        op, actual, target = ops.NAMED_MEASURES["attainment_rate"][0]
        measures, years = [Combine(op, Field(actual), Field(target))], years or _years_asked(context)
        filters = filters or list(context.filters)
    if not measures and context is not None and (_has(parts, "aggregate") or ranks) and (
            measure := getattr(context.ask, "measure", None) or _amount_listed_by(context)):
        # 「課全体の合計も」, "And the highest?": the total or ranking of what was just asked about, that year (of a list
        # of the projects that have some of an amount, 「国や県からのお金が入ってた事業は？全部でいくら？」: that amount)
        measures = [measure]
        years = years or _years_asked(context)
        if isinstance(context.ask, (Ranking, Aggregate)) and not filters and not projects:
            filters = list(context.filters)  # 「じゃあ2番目は？」「平均は？」 after a ranking or a total: the same projects
    if context is not None and _has(parts, "reverse") and not filters and not projects:
        # 「逆に、…一番少なかったのは？」 after a ranking of a unit's projects: the same projects, that year
        filters, years = list(context.filters), years or _years_asked(context)
    asks_anything = measures or filters or any(p.kind in (*_ASK_KINDS, "heading") for p in parts)  # (a section asked)
    # A question that leaves its projects out, or points back to them (「その3つ」, "those"), is about them.
    # An indicator named with no project named is one of the project asked about before ("how many applications").
    # "and how many overtime hours did staff put in?": a count of a field's figure asks the figure, of the same projects.
    # 「どんな課題があるの？」: "which ones" with no condition lists nothing of its own; it asks of the same projects.
    # "what share of the cost was national money?": an operation that made the figure asks it of the same projects;
    # so does a figure the form names by its operation (「使い残した額は?」: 予算額 − 決算額).
    # 「事業費の決算と足したら全部でいくら？」 after one project's 人件費: a total of fields added is their sum, not a total
    # over every project, unless every project is said
    summed = composed and "sum" in op_words and not _says_one_of(parse.text, ops.EVERY_PROJECT)
    of_a_figure = bool(measures) and not filters and all(p.value == "count" for p in parts if p.kind == "aggregate")
    elliptical = not projects and (
        follows_change or _has(parts, "anaphor") or _has(parts, "indicator")
        or not any((p.kind in _ASK_KINDS or (p.kind == "list" and filters))
                   and not (of_a_figure and p.kind in ("aggregate", "named"))
                   and not (composed and p.kind == "op")
                   and not (summed and p.kind == "aggregate" and p.value == "total") for p in parts)
    )  # fmt: skip
    # The projects asked about before, named, or chosen by conditions when this question sets none (「その2つ」).
    inherited = context is not None and elliptical and bool(context.projects or (context.filters and not filters))
    if context is not None and not projects and filters and context.filters and _has(parts, "anaphor"):
        # 「そのうち市民生活部のものは?」: its condition narrows the projects chosen before, it does not replace them
        filters = [*context.filters, *(f for f in filters if f not in context.filters)]
    if context is not None and projects and not asks_anything and not _has(parts, "list") and _asks_of(context):
        # 「デジタル情報プラットフォームのほうは?」, "and the smart city one?": the same ask of the project named now
        return [Query(context.ask, projects, (), tuple(years or context.years), lang=parse.lang)], ""
    if inherited:
        projects, years = context.projects, years or _years_asked(context)
        filters = filters if projects else list(context.filters)
        if not asks_anything and _HOW_IT_WENT.search(parse.text):
            return [], "no_ask"  # "and how did it go in 2020?": an account of it, not what was asked before
        if not asks_anything:
            return [Query(context.ask, projects, context.filters, tuple(years), lang=parse.lang)], ""
    # "How many of them had a budget over 5,000?", 「そのうち…を超えるのはどれ？」: conditions of its own, counted or
    # listed, narrow the projects before; they do not become those projects' values
    narrows = inherited and bool(projects) and bool(set(filters) - set(context.filters)) and (
        _has(parts, "aggregate", "count") or _has(parts, "list") or _among_those(parse))  # fmt: skip
    # 「綾里・越喜来・吉浜の3診療所のうち、事業費が1,200万円以下だったのはどれ？」: a comparison picks some of the
    # projects named, as it narrows those asked about before
    narrows = narrows or (len(projects) > 1 and any(isinstance(f, Compare) for f in filters) and (
        _has(parts, "list") or _among_those(parse) or _has(parts, "aggregate", "count")))  # fmt: skip
    of_a_unit = all(isinstance(f, Member) and f.field in UNIT_FIELDS for f in filters)
    if not projects and of_a_unit and not inherited and _which_have(parse, parts, measures, series):
        # "Which projects got money from the national government?", 「国県支出金がある事業は?」: a list asked with
        # one amount and nothing else picks the projects that have some of it (a text, that report it), shown; of
        # a unit's projects too ("which of the city museum's projects got no money from the national government")
        op = _some(measures[0].field)
        if any(p.kind == "negation" and i not in used for i, p in enumerate(parts)):  # "have no national funding"
            op = ops.NEGATED_COMPARISON[op]
        filters, measures = [*filters, Compare(measures[0], op)], []  # (each amount is shown as what chose it)
    signed = _signed_change(parse, parts, measures, projects)
    if signed is not None:  # (said again by a part after the first, 「どのくらい増える？」: the same condition)
        filters, asks = list(dict.fromkeys([*filters, signed])), [Listing(measures[0])]
    elif spread:
        asks, series = [Aggregate("spread", measures[0])], False
    elif series:
        asks = _series(parts, measures, filters, projects)
        if peak is not None:  # (between two years said, every year of the span)
            asks = [replace(a, peak=peak) for a in asks]
            years = [from_western(y) for y in range(western(years[0]), western(years[-1]) + 1)] if len(years) == 2 else years
    else:
        asks = _asks(parse, parts, measures, filters, () if narrows else projects)
        asks, years = _summed_over_years(parse, asks, projects, years)
    if not asks:
        return [], "no_ask"
    # a named project's attainment asked ("how did it do on its indicator"): each indicator's target, actual and status
    asks = [Attainment(a.measure.indicator) if isinstance(a, Value) and isinstance(a.measure, Field)
            and a.measure.field == "indicator_status" and projects and a.measure.year is None else a for a in asks]
    if _ranking_negated(parse, parts, used):
        # 「いちばんお金がかからなかった」: the verb ranked on, negated, turns the ranking round (the least, not the most)
        asks = [replace(a, direction=ops.NEGATED_DIRECTION[a.direction]) if isinstance(a, Ranking) else a for a in asks]
    if projects and not series and not narrows:  # conditions on named projects became what is asked (``_no_measure``)
        filters = []
    if inherited and len(projects) == 1 and all(isinstance(a, Ranking) for a in asks):
        projects = ()  # "And the highest?" after one project's figure: a ranking of every project
    each = [filters] if inherited else _each(parse, filters)  # それぞれ of the projects before: one answer each
    # (a figure each field of which says its year reads no other: 「何倍に増えるの？」 after two years)
    queries = [Query(a, projects, tuple(f), tuple(years) if takes_years(a, f) else (), lang=parse.lang)
               for a in asks for f in each]
    if any(problems(q) for q in queries):
        return [], "problem"
    return _with_reasons(queries), ""


_HOW_IT_WENT = re.compile(r"\bhow\s+(?:did|does|do|is|was|were|are|has|have)\s+(?:it|that|this|they|things)\s+"
                          r"(?:go|going|gone|turn(?:ed)?\s+out|work(?:ed)?\s+out)\b|\bwhat\s+happened\b")


def _years_asked(context: Query) -> list[str]:
    """The years a question asked: of a trend between two years, every year of the span (「H30からR2でどう推移」, then
    「その3年間の決算、合計すると」: H30, R01 and R02)."""
    years = list(context.years)
    if isinstance(context.ask, Series) and len(years) == 2:
        return [from_western(y) for y in range(western(years[0]), western(years[1]) + 1)]
    return years


def _summed_over_years(parse: Parse, asks: list, projects: tuple, years: list) -> tuple[list, list]:
    """A total of one project's figure over several years (「令和2年度から6年度までの5年間で事業費は合計いくら」) is one
    sum of its years: each year's total of that one project would be the figure itself; a ranking by a total over
    several years ranks each project's sum; an average, the mean of its years' figures ("the average rabies vaccination
    rate over R2 through R6", of one indicator). それぞれ asks each year's."""
    if len(years) > 1 and len(projects) == 1 and not _says_each(parse) and asks and all(
            isinstance(a, Aggregate) and a.op == "average" and isinstance(a.measure, Field) and a.measure.year is None
            and (a.measure.indicator is not None or not catalogue()[a.measure.field].per_indicator) for a in asks):
        return [replace(a, over_years=True) for a in asks], years
    # (so is a ranking by a total over the years: 「令和2年度から6年度までの事業費の合計が一番大きい事業」)
    ranked = parse.of("aggregate") and any(p.value == "total" for p in parse.of("aggregate")) and all(
        isinstance(a, Ranking) and isinstance(a.measure, Field) and a.measure.year is None for a in asks)  # fmt: skip
    if len(years) < 2 or _says_each(parse) or not (ranked or len(projects) == 1 and all(
            isinstance(a, Aggregate) and a.op == "total" and isinstance(a.measure, Field) and a.measure.year is None
            for a in asks)):  # fmt: skip
        return asks, years
    of = [[replace(a.measure, year=year) for year in years] for a in asks]
    return [replace(a, measure=functools.reduce(lambda m, f: Combine("sum", m, f), each))
            for a, each in zip(asks, of, strict=True)], []


def _which_one(parse: Parse, parts: list[Part]) -> list[Part]:
    """"which one is ending?": "one" after "which" says one project is meant, no number of a condition; with a
    ranking ("which one was the cheapest") it is the ranking's one."""
    if _has(parts, "direction") or _has(parts, "superlative"):
        return parts
    return [p for i, p in enumerate(parts) if not (
        p.kind == "number" and i and parts[i - 1].kind == "list" and parse.text[p.start : p.end].lower() == "one"
        and not parse.text[parts[i - 1].end : p.start].strip())]  # fmt: skip


def _which_have(parse: Parse, parts: list[Part], measures: list[Measure], series: bool) -> bool:
    """A list or a count of projects asked of one field of the form with no condition, ranking, total or change
    ("which projects got national money", "how many projects got national money")."""
    counted = [p for p in parts if p.kind == "aggregate"]
    # ("how many projects", 「何件」: the count says it counts rows)
    of_projects = len(counted) == 1 and counted[0].value == "count" and not _has(parts, "each") and (
        counts_rows(parse.text[counted[0].end :]) or parse.text[counted[0].start : counted[0].end].endswith("件"))
    return ((_has(parts, "list") or of_projects or _none_had(parse, parts)) and not series and len(measures) == 1
            and isinstance(measures[0], Field)
            and measures[0].indicator is None and not _superlative(parse, parts)
            and not any(p.kind in ("direction", "op") or (p.kind == "aggregate" and not of_projects) for p in parts))  # fmt: skip


def _none_had(parse: Parse, parts: list[Part]) -> bool:
    """「国庫支出金がない事業は？」: a field said not to be there, of the projects (or ones) after it: the projects
    without it asked, as 「…がある事業」 asks those with it."""
    return parse.lang == "ja" and any(
        p.kind == "field" and q.kind == "negation" and re.fullmatch(r"\s*[がはも]?\s*", parse.text[p.end : q.start])
        and re.match(r"\s*(?:事業|の[はが?？]|もの)", parse.text[q.end :]) for p, q in itertools.pairwise(parts))


def _said_of_a_field(parse: Parse, parts: list[Part]) -> list[Part]:
    """"actually got", "actual" name the actual figure of an indicator; said right before an amount of the form
    ("which projects actually got national money", "budget vs actual spend"), they say that amount is what was
    spent or got, no field of their own."""
    return [p for i, p in enumerate(parts) if not (
        p.kind == "field" and p.value == "indicator_actual" and parse.text[p.start : p.end].lower().startswith("actual")
        and i + 1 < len(parts) and parts[i + 1].kind == "field" and not parse.text[p.end : parts[i + 1].start].strip()
        and catalogue()[parts[i + 1].value].unit in ops.MONEY_UNITS
    )]  # fmt: skip


def _with_reasons(queries: list[Query]) -> list[Query]:
    """Each judgement asked of named projects, followed by the text its form prints beside it saying why; a team,
    by the department it is one of, and a department by the team of it that runs the project."""
    out = []
    for query in queries:
        out.append(query)
        measure = getattr(query.ask, "measure", None)
        if isinstance(query.ask, Value) and isinstance(measure, Field) and query.projects:
            beside = (*REASON_OF.get(measure.field, ()), *filter(None, [UNIT_BESIDE.get(measure.field)]))
            out += [replace(query, ask=Value(Field(key))) for key in beside]
    return list(dict.fromkeys(out))


def _ranking_negated(parse: Parse, parts: list[Part], used: set[int]) -> bool:
    """Whether a Japanese negation no condition took follows the ranking word (「一番かかってない」); an English one
    leaves something out ("the 水道課, not sewerage") and English says "least" for the other end."""
    first = next((p.start for p in parts if p.kind == "superlative"), None)
    negations = [p for i, p in enumerate(parts) if p.kind == "negation" and i not in used and first is not None
                 and p.start > first]  # fmt: skip
    # (「一番お金を使えてない（執行率が低い）」: a direction said again in brackets after it is the ranking, restated)
    restated = any(q.kind == "direction" and n.end <= q.start and re.search(r"[(（]", parse.text[n.end : q.start])
                   for n in negations for q in parts)  # fmt: skip
    return parse.lang == "ja" and bool(negations) and not restated


def _each_field_of_a_value(parse: Parse, context: Query | None) -> tuple[list[Query], str] | None:
    """「継続の事業は？」: a value word of several fields (新規・継続 and 方向性 both say 継続) with none named beside it
    is read as each field's in turn, and each reading answered and shown, rather than one guessed or none."""
    i = next((i for i, p in enumerate(parse.parts) if p.kind == "value" and len({k for k, _ in p.value}) > 1), None)
    if i is None:
        return None
    keys = list(dict.fromkeys(k for k, _ in parse.parts[i].value))
    # "continuing projects, not new ones": another value said of one of those fields says which field is meant
    said = {k for j, p in enumerate(parse.parts) if p.kind == "value" and j != i for k, _ in p.value}
    if context is not None:  # 「012は新規?継続?」: the field asked just before
        said |= {f.field for f in (*context.filters, getattr(context.ask, "measure", None)) if isinstance(f, Member | Field)}
    keys = [k for k in keys if k in said] or keys
    queries = []
    for key in keys:
        one = replace(parse.parts[i], value=tuple(c for c in parse.parts[i].value if c[0] == key))
        built, _ = build(replace(parse, parts=[*parse.parts[:i], one, *parse.parts[i + 1 :]]), context)
        if not built:
            return None
        queries += built
    return queries, ""


def _spread(
    parse: Parse, parts: list[Part], measures: list, projects: tuple, years: list[str], op_words: set[str]
) -> bool:
    """Two or more projects named and one figure compared between them: 「097と092の予算額の差」 (a difference with
    no two years to change between), 「どっちが多い?」, "which had more" (a direction that is no superlative)."""
    if len(projects) < 2 or len(measures) != 1 or not isinstance(measures[0], Field) or _superlative(parse, parts):
        return False
    differs = "difference" in op_words and len(set(years)) < 2
    return differs or _has(parts, "direction")


def _amount_listed_by(context: Query) -> Measure | None:
    """The amount a list chose its projects by having some of (the list shows it beside each), if it is one."""
    if not isinstance(context.ask, Listing) or len(context.filters) != 1:
        return None
    (chosen,) = context.filters
    if isinstance(chosen, Compare) and chosen.op == "nonzero" and isinstance(chosen.measure, Field) and (
            catalogue()[chosen.measure.field].unit in ops.MONEY_UNITS):
        return chosen.measure
    return None


def _the_others(parts: list[Part], context: Query | None, years: list[str]) -> Query | None:
    """"…how many should stay as they are? and which ones didn't?", 「…はいくつ？そうじゃないのは？」: a list asked with a
    negation and nothing else, after conditions, lists the projects of the same scope (the conditions said first) that
    fail the condition said last."""
    if context is None or not context.filters or not _has(parts, "negation") or context.projects:
        return None
    if not all(p.kind in ("list", "negation", "anaphor") for p in parts):
        return None
    *kept, last = context.filters
    if isinstance(last, Member):
        turned = replace(last, negate=not last.negate)
    elif isinstance(last, Compare) and last.op in ops.NEGATED_COMPARISON:
        turned = replace(last, op=ops.NEGATED_COMPARISON[last.op])
    else:
        return None
    return Query(Listing(None), (), (*kept, turned), tuple(years or context.years))


def _asks_of(context: Query) -> bool:
    """Whether the previous question asked something of its projects that another project can be asked."""
    return bool(context.projects) and isinstance(context.ask, (Value, Series, Attainment, Narrative))


def _has(parts: list[Part], kind: str, value: object = None) -> bool:
    return any(p.kind == kind and (value is None or p.value == value) for p in parts)


def _section_of(key: str) -> str:
    from jimuqa.answering.compose_answer import section_of

    return section_of(key)


def _compared_as_before(parts: list[Part], context: Query | None) -> list[Part]:
    """「（市民ニーズの平均は？）4より低いのはどれ？」: a number compared, with no field said, is compared with the
    field asked just before; its part stands, unsaid, where the number is."""
    measure = getattr(context.ask, "measure", None) if context is not None else None
    if not isinstance(measure, Field) or not catalogue()[measure.field].numeric or _has(parts, "field"):
        return parts
    number = next((p for p in parts if p.kind == "number"), None)
    if number is None or not _has(parts, "compare"):
        return parts
    return sorted([*parts, Part("field", number.start, number.start, measure.field)], key=lambda p: (p.start, p.end))


def _reached_a_number(parse: Parse, parts: list[Part]) -> list[Part]:
    """「進捗状況が4に届かなかった」, "fell short of 4": a target's word (met, missed) said of a number the question
    gives compares the field with that number (< 4; reached: ≥ 4); it is no indicator's attainment."""
    out = list(parts)
    for i, p in enumerate(parts):
        statuses = {v for k, v in p.value} if p.kind == "value" else set()
        if not statuses or any(k != "indicator_status" for k, _ in p.value) or not statuses <= {MET, MISSED}:
            continue
        number = parts[i - 1] if parse.lang == "ja" and i > 0 else parts[i + 1] if i + 1 < len(parts) else None
        if number is None or number.kind != "number":
            continue
        gap = parse.text[number.end : p.start] if parse.lang == "ja" else parse.text[p.end : number.start]
        if gap.strip().lower() in ("に", "には", "まで", "of", "", "to"):
            out[i] = Part("compare", p.start, p.end, "lt" if statuses == {MISSED} else "ge")
    return out


def _best_value_said(parse: Parse, parts: list[Part]) -> list[Part]:
    """"the top score of 5", 「最高評価の5」: a superlative said of a figure whose value the question gives describes
    that value (a condition, = 5); it asks for no ranking."""
    out = []
    for i, p in enumerate(parts):
        if p.kind == "superlative" or (p.kind == "direction" and _is_superlative(parse.text[p.start : p.end].lower())):
            rest = parts[i + 1 : i + 4]
            figure = list(itertools.takewhile(lambda q: q.kind in ("unit", "field"), rest))[:2]  # "優先度 score"
            number = rest[len(figure)] if len(rest) > len(figure) else None
            gap = parse.text[(figure[-1] if figure else p).end : number.start] if number is not None else ""
            if number is not None and number.kind == "number" and _VALUE_GAP.fullmatch(gap):
                continue
            # 「一番高い5がついてる」「いちばん高い評価(5)」: the value said right after the superlative's adjective, a
            # word for the figure between (not 「一番高い5事業」, a top 5)
            said, between = _after_the_adjective(parse, rest)
            if parse.lang == "ja" and said is not None and said.kind == "number" and \
                    between in ("", "の", "(", "（", "の(", "の（") and not _COUNTER_AFTER.match(parse.text, said.end):
                continue
        out.append(p)
    return out


def _after_the_adjective(parse: Parse, rest: list[Part]) -> tuple[Part | None, str]:
    """The part said after a superlative's adjective (``rest[0]``), past the figure's words (評価, 点), and the rest of
    the text between them."""
    if not rest or rest[0].kind != "direction":
        return None, ""
    figure = list(itertools.takewhile(lambda q: q.kind in ("heading", "unit"), rest[1:]))
    said = rest[1 + len(figure)] if len(rest) > 1 + len(figure) else None
    if said is None:
        return None, ""
    between = parse.text[rest[0].end : said.start]
    for q in figure:
        between = between.replace(parse.text[q.start : q.end], "", 1)
    return said, between


# between a figure and the value said of it: "of", a colon, a comma or a bracket, an article ("the highest priority
# rating, a 5", "(5)")
_VALUE_GAP = re.compile(r"\s*(?:of|の|:|、|,|\(|（)\s*(?:(?:a|an)\s+)?", re.IGNORECASE)
_COUNTER_AFTER = re.compile(r"\s*(?:件|つ|個|位|事業|プロジェクト|番目)")


def _added_up(text: str, parts: list[Part]) -> list[Part]:
    """「事業費ぜんぶ足したら」: a word adding (足した) said of one field adds up the projects' values, a total; of two
    fields (「決算額に人件費を足した額」) it adds the fields."""
    conditioned = {key for p in parts if p.kind == "value" for key, _ in p.value}  # 「消防署所管の」: a condition's field
    fields = {p.value for p in parts if p.kind == "field"} - conditioned
    if len(fields) != 1 or _has(parts, "aggregate") or _has(parts, "named"):
        return parts
    return [replace(p, kind="aggregate", value="total") if p.kind == "op" and p.value == "sum"
            and text[p.start : p.end].lower() not in _INCLUDING else p for p in parts]  # fmt: skip


# Words that say a row is included in a figure: "once staff costs are counted in" is the total cost, not a sum over
# projects
_INCLUDING = frozenset((*ops.INCLUDING_WORDS[0], *ops.INCLUDING_WORDS[1]))


def _drop_group_words(parse: Parse, parts: list[Part]) -> list[Part]:
    """A word naming a group (a section heading such as 評価, or 指標) is read as the group, not as a field,
    when a field of that group is also named: 「優先度の評価」 asks for 優先度. A heading that is a field's name
    too, said with "and" beside a field of its group, is that field: 「方向性とその理由」 asks for both."""
    fields = [p for p in parts if p.kind == "field"]
    # a field said in the words of a section's English title ("in the evaluation"), beside a field of that section
    # (citizen needs), is the section
    titled = {i: BY_TITLE[parse.text[p.start : p.end].lower()].id for i, p in enumerate(parts) if p.kind == "field"
              and parse.text[p.start : p.end].lower() in BY_TITLE}  # fmt: skip
    parts = [Part("heading", p.start, p.end, titled[i]) if i in titled and any(
        f is not p and _section_of(f.value) == titled[i] for f in fields) else p for i, p in enumerate(parts)]
    fields = [p for p in parts if p.kind == "field"]
    out = []
    for i, p in enumerate(parts):
        group = _group(p)
        after = parts[i + 1] if i + 1 < len(parts) else None
        if p.kind == "heading" and p.value in catalogue() and after is not None and after.kind in ("field", "anaphor") and (
            _AND_RE.fullmatch(parse.text[p.end : after.start])
        ):
            out.append(Part("field", p.start, p.end, p.value, p.rank))
        elif group and any(f is not p and group(f.value) and not _group(f) for f in fields):
            out.append(Part("heading", p.start, p.end, p.value))
        else:
            out.append(p)
    return out


_AND_RE = re.compile(r"\s*(?:と|及び|および|、|,|and)\s*", re.IGNORECASE)


def _group(p: Part):
    if p.kind == "heading":
        return lambda key: _section_of(key) == p.value
    if p.kind == "field" and p.value == "indicator_name":
        return lambda key: catalogue()[key].per_indicator
    return None


# ---- conditions -------------------------------------------------------------------------------------------


# A number said as a share (「20%」「2割」, "20 percent"), and how far from it its comparison and direction are said
_A_SHARE = re.compile(r"%|％|割|パーセント|\s*percent", re.IGNORECASE)
_BESIDE_A_SHARE = 12


def _moved_by_a_share(parse: Parse, parts: list[Part]) -> tuple[list[Part], Compare | None]:
    """「令和7年度の事業費が令和6年度より2割以上減っている事業」, "budgets that fell by 20% or more from FY2024 to FY2025":
    a share compared beside a direction word, of one yearly field in two years, is a condition on the field's change
    as a percentage of the earlier year's (≤ −20 for a fall); the parts that said it, no condition of their own."""
    years = sorted({p.value for p in parts if p.kind == "year"}, key=western)
    fields = [p for p in parts if p.kind == "field" and catalogue()[p.value].yearly]
    # (「20%」 is one number part; 「2割」 and "20 percent" end before their sign)
    shares = [p for p in parts if p.kind == "number" and any(_A_SHARE.match(parse.text, at) for at in (p.end - 1, p.end))]
    # (「2倍以上に増えた」: a number of times, the later year's over the earlier's; 「倍以上になってる」, "at least
    # double": a number of times said by its word)
    ordered = sorted(parts, key=lambda p: p.start)
    times = [(p, q) for p, q in itertools.pairwise([None, *ordered]) if (q.kind, q.value) == ("op", "ratio") and (
        (p is not None and p.kind == "number" and not parse.text[p.end : q.start].strip())
        or ((p is None or p.kind != "number") and parse.text[q.start : q.end].lower() in ops.TIMES))]  # fmt: skip
    if len(years) != 2 or len({p.value for p in fields}) != 1 or len(shares) + len(times) != 1:
        return parts, None
    number, ratio = times[0] if times else (shares[0], None)
    number = number if number is not None and number.kind == "number" else None
    end, start = (ratio or number).end, (number or ratio).start  # (what is compared: 「2割」, 「2倍」, 「倍」)
    near = [p for p in parts if p.kind in ("compare", "direction")
            and min(abs(p.start - end), abs(start - p.end)) <= _BESIDE_A_SHARE]  # fmt: skip
    compared = [p for p in near if p.kind == "compare" and p.value in ("ge", "gt", "le", "lt")]
    moved = [p for p in near if p.kind == "direction"]
    # (a share moved says which way; a number of times says it of itself: 「倍以上になってる」; a word of times
    # alone, "which budgets doubled", at least that many)
    said_alone = ratio and not number and not compared and parse.text[ratio.start : ratio.end].lower() != "倍"
    if (len(compared) != 1 and not said_alone) or len(moved) > 1 or (not moved and not ratio):
        return parts, None
    earlier, later = (Field(fields[0].value, year) for year in years)
    op = compared[0].value if compared else "ge"
    value = number.value if number else ops.TIMES[parse.text[ratio.start : ratio.end].lower()]
    said = [p for p in (number, ratio, *compared, *moved, *fields, *(p for p in parts if p.kind == "year")) if p]
    if ratio:
        return [p for p in parts if p not in said], Compare(Combine("ratio", later, earlier), op, value)
    change = Combine("percent", Combine("difference", later, earlier), earlier)
    if moved[0].value == "asc":  # a fall of 20% or more: a change of −20% or less
        op, value = {"ge": "le", "gt": "lt", "le": "ge", "lt": "gt"}[op], -value
    return [p for p in parts if p not in said], Compare(change, op, value)


# What may stand between a word that leaves out and the projects it leaves out ("excluding the data platform
# project", 「データプラットフォームの事業を除くと」, 「012以外で」), and between the projects of a list of them.
_BEFORE_LEFT_OUT = {"en": re.compile(r"\s*(?:the\s+)?(?:(?:projects?|sheets?|no\.?)\s*)?"),
                    "ja": re.compile(r"\s*(?:の?(?:事業|シート))?\s*[をはの]?\s*")}
_BETWEEN_LEFT_OUT = re.compile(r"[\s\-,、・と]*(?:(?:and|or)\s+)?(?:the\s+)?(?:projects?\s*)?")


def _projects_left_out(parse: Parse, parts: list[Part]) -> tuple[list[Part], tuple[str, ...]]:
    """The parts without the projects a word leaves out of those asked about, and those projects' numbers: their
    mention right after the word in English ("Leaving aside the data platform project, which …"; "other than 012"),
    right before it in Japanese (「…の事業を除くと」「012以外で」), when no other project is named (then the question
    is of every other project; "X rather than Y" compares the two)."""
    for i, cue in enumerate(parts):
        if cue.kind != "exclude" and not (cue.kind == "compare" and cue.value == "ne"):
            continue
        step = 1 if parse.lang == "en" else -1  # (the mention after the word in English, before it in Japanese)
        run: list[Part] = []
        j = i + step
        while 0 <= j < len(parts) and parts[j].kind == "project":
            edge = run[-1] if run else cue
            a, b = (edge.end, parts[j].start) if step == 1 else (parts[j].end, edge.start)
            joined = _BETWEEN_LEFT_OUT if run else _BEFORE_LEFT_OUT[parse.lang]
            if not joined.fullmatch(parse.text[a:b]):
                break
            run.append(parts[j])
            j += step
        if run and all(p in run for p in parts if p.kind == "project"):
            return [p for p in parts if p is not cue and p not in run], tuple(dict.fromkeys(p.value for p in run))
    return parts, ()


def _conditions(parse: Parse, parts: list[Part], used: set[int], at: list[int] | None = None) -> list | None:
    """The conditions the parts set, in order; ``at``: where each is said (the part that says it), appended."""
    filters = []
    at = [] if at is None else at

    def add(condition, i: int) -> None:
        filters.append(condition)
        at.append(i)

    for i, p in enumerate(parts):
        if p.kind == "name_run":  # 「博物館の事業はいくつ」: the projects whose name holds the words
            add(Compare(Field("name"), "contains", p.value), i)
            used.add(i)
        elif p.kind == "value":
            made = _member(parse, parts, i, used)
            if made is None:
                return None
            add(made, i)
            for j in _fields_it_holds_of_too(parse, parts, i, used, made):
                add(Member(parts[j].value, made.values, made.negate), i)
                used.add(j)
        elif p.kind == "number" and (_counts_projects(parse, p) or _per_one_of(parse, parts, p)):
            used.add(i)  # 「10事業の平均」, "all ten projects": the scope restated, not a condition; 「1人当たり」
        elif p.kind in ("number", "zero") and not _is_top_k(parse, parts, i):
            made = _comparison(parse, parts, i, used)
            if made is None:
                return None
            add(made, i)
        elif p.kind == "field" and _the_only_source(parse, p):  # 「一般財源だけで賄った」: it paid the whole cost
            cost = _cost_paid_from(p.value)
            op = "ne" if _negated(parse, parts, i, used) or _not_the_only_one(parse, parts, i, used) else "eq"
            add(Compare(Combine("percent", Field(p.value), Field(cost)), op, 100), i)
            # (the cost said with it is the whole it paid: "paid for their spending entirely out of general funds"; the
            # source said again is itself: "general funds (一般財源)")
            used.update(j for j, q in enumerate(parts) if j == i or (q.kind == "field" and q.value in (cost, p.value)))
        elif p.kind == "field" and _not_had(parse, parts, i, used):  # "… but didn't use a yen of the general fund"
            add(Compare(Field(p.value), "zero"), i)
            used.add(i)
        elif p.kind == "field" and _had(parse, parts, p):  # "which projects … but have a budget in R7"
            add(Compare(Field(p.value), _some(p.value)), i)
            used.add(i)
        elif p.kind == "compare" and p.value == "nonzero" and i and parts[i - 1].kind in ("number", "zero"):
            used.add(i)  # 「5がついてる」: the value said, which its number's comparison is
        elif p.kind == "compare" and p.value in ("present", "nonzero", "zero"):
            owner = _near_field(parse, parts, i, used, lambda info: True)
            named = next((j for j in range(i - 1, -1, -1) if parts[j].kind == "named" and j not in used), None)
            if owner is None and named is not None and p.value != "present":  # 「一般財源以外のお金が入ってた」
                op = ops.NEGATED_COMPARISON[p.value] if _negated(parse, parts, i, used) else p.value
                add(Compare(_named_measure(parts[named]), op), i)
                used.update((i, named))
                continue
            if (owner is None or _has(parts, "op")) and _has(parts, "project") and not _negated(parse, parts, i, used):
                # "the turnout recorded for 2020" of a named project: the value asked, said reported (so too a figure
                # its fields make: "how many work hours per staff member were recorded")
                used.add(i)
                continue
            if owner is None and filters and isinstance(filters[-1], Member):
                used.add(i)  # 「SDGsの9が入ってる」: the verb says the value is the project's, which the condition is
                continue
            if owner is None:
                return None
            op = ops.NEGATED_COMPARISON[p.value] if _negated(parse, parts, i, used) else p.value
            add(Compare(Field(parts[owner].value), op), i)
            used.update((i, owner))
    for i, p in enumerate(parts):  # 「人件費計が決算額を下回る」: two fields compared, by their difference with 0
        if p.kind == "compare" and i not in used and p.value in ("lt", "le", "gt", "ge", "eq"):
            pair = _compared_fields(parse, parts, i, used)
            if pair is not None:
                op = ops.NEGATED_COMPARISON[p.value] if _negated(parse, parts, i, used) else p.value
                op, value = ("zero", None) if op == "eq" else ("nonzero", None) if op == "ne" else (op, 0)
                add(Compare(Combine("difference", *(Field(parts[j].value) for j in pair)), op, value), i)
                used.update((i, *pair))
    return filters


def _fields_it_holds_of_too(parse: Parse, parts: list[Part], i: int, used: set[int], made) -> list[int]:
    """"marked 見直し余地がある on BOTH 政策体系との整合性 and 公共関与の妥当性": the other fields named that the value is one
    of, when the question says it holds of each (``operators.ON_EACH_WORDS``)."""
    words = ops.ON_EACH_WORDS[0 if parse.lang == "ja" else 1]
    if not isinstance(made, Member) or not any(compiled(rf"(?<![a-z]){re.escape(w)}(?![a-z])").search(parse.text.lower())
                                               for w in words):  # fmt: skip
        return []
    fields = {key for key, _ in parts[i].value} - {made.field}
    return [j for j, p in enumerate(parts) if j not in used and p.kind == "field" and p.value in fields]


def _some(key: str) -> str:
    """The comparison that says a project has some of a field: an amount not zero, a text reported."""
    return "nonzero" if catalogue()[key].unit in ops.MONEY_UNITS else "present"


def _had(parse: Parse, parts: list[Part], p: Part) -> bool:
    """An amount of the form said as what projects listed have, beside another condition ("which projects spent
    nothing in R6 but have a budget in R7"): a condition that they have some. (Alone, "which projects have a budget",
    it is ``_which_have``'s.)"""
    after = next((q for q in parts if q.start >= p.end), None)
    compared = after is not None and after.kind in ("compare", "zero", "number") and (
        after.start - p.end <= CONDITION_GAP)  # ("had a personnel cost greater than …", "spent something": its own)
    # ("among the projects that had a budget, which spent the least": another field ranked is the other condition)
    ranked = (_has(parts, "direction") or _has(parts, "superlative")) and any(
        q.kind == "field" and q.value != p.value for q in parts)
    # ("got no national subsidy money": said not had, which the negation right before it says)
    before = next((q for q in reversed(parts) if q.end <= p.start), None)
    negated = before is not None and before.kind == "negation" and not parse.text[before.end : p.start].strip()
    return (parse.lang == "en" and _has(parts, "list") and catalogue()[p.value].yearly and not compared and not negated
            and bool(_HAD_BEFORE.search(parse.text, 0, p.start) or _SOME_AFTER.match(parse.text, p.end))
            and (ranked or any(q.kind in ("zero", "number", "compare", "value", "negation") for q in parts)))  # fmt: skip


_ONLY_AROUND = 3  # English words before a source of money an "only" may be said in ("funded only by", "entirely out of")


def _the_only_source(parse: Parse, p: Part) -> bool:
    """Whether the source of money ``p`` is said as the only one ("funded only by general funds", "paid entirely out
    of general funds", "general funds only", 「一般財源だけで」, 「全額一般財源」)."""
    if not any(p.value in form for form in FUNDING_SOURCES):
        return False
    words = ops.ONLY_WORDS[0 if parse.lang == "ja" else 1]
    before, after = parse.text[: p.start], parse.text[p.end :]
    if parse.lang == "ja":
        return after.startswith(words) or before.endswith(words)
    said = [w for w in re.findall(r"[\w%]+", before.lower()) if w not in _DETERMINERS]  # ("out of the general fund")
    # (said in brackets after the English it restates, "only on general funds (一般財源)": before those words too)
    around = _ONLY_AROUND + (GLOSSED_WORDS if re.search(r"[a-z]\s*[(（]\s*$", before.lower()) else 0)
    near = [*said[-around:], *re.findall(r"[\w%]+", after.lower())[:1]]
    return any(w in words for w in near)


_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "own", "city", "s"})


def _not_the_only_one(parse: Parse, parts: list[Part], i: int, used: set[int]) -> bool:
    """"NOT paid for entirely out of the general fund": an English negation before the verb the only source is said
    with, in its clause (further from the field than a condition's own negation, ``_negated``)."""
    if parse.lang != "en":
        return False
    for j in range(i - 1, -1, -1):
        p = parts[j]
        if p.kind != "negation" or j in used:
            continue
        if _CLAUSE_BREAK_EN.search(parse.text, p.end, parts[i].start) or any(
                q.kind not in ("subject", "year") for q in parts[j + 1 : i]):  # fmt: skip
            return False
        used.add(j)
        return True
    return False


def _not_had(parse: Parse, parts: list[Part], i: int, used: set[int]) -> bool:
    """An amount of the form in a list of projects, after a negated verb of its own, beside another field ("which
    project spent money in 2020 but didn't use a single yen of the general fund"): a condition that it is zero."""
    p = parts[i]
    if parse.lang != "en" or not _has(parts, "list") or catalogue()[p.value].unit not in ops.MONEY_UNITS:
        return False
    if not any(q.kind == "field" and q is not p for q in parts):
        return False  # (one amount and a negation alone, "which have no national funding", is ``_which_have``'s)
    # the part before it, but the owner said ("the city's") and a number ("a single yen"), in its clause
    before = next((j for j in range(i - 1, -1, -1) if parts[j].kind not in ("subject", "number")), None)
    if before is None or parts[before].kind != "negation" or before in used:
        return False
    if _CLAUSE_BREAK_EN.search(parse.text, parts[before].end, p.start):
        return False
    used.add(before)
    return True


_HAD_BEFORE = re.compile(rf"\b{HAVING_EN}\s+(?:a\s+|an\s+|some\s+|any\s+)?(?:project\s+)?$")
_SOME_AFTER = re.compile(r"\s+(?:some\s+)?(?:money|something)\b")  # "which project spent money … but": spent some


def _conditions_of_their_years(parts: list[Part], filters: list, said_at: list[int]) -> tuple[list, set[str]]:
    """Conditions on a yearly figure, as many as the years said, each year said between the conditions before and
    after its own, in the same order (「R6の事業費がゼロで、R7に予算がついている」, "spent nothing in R6 but has a
    budget in R7"): each of its own year; and the years they took."""
    yearly = [k for k, f in enumerate(filters) if isinstance(f, Compare) and isinstance(f.measure, Field)
              and f.measure.year is None and catalogue()[f.measure.field].yearly]  # fmt: skip
    years = [p for p in parts if p.kind == "year"]
    if len(yearly) < 2 or len(years) != len(yearly) or len({p.value for p in years}) != len(years):
        return filters, set()
    said = sorted((parts[said_at[k]].start, k) for k in yearly)
    pinned = list(filters)
    for n, ((_, k), year) in enumerate(zip(said, years, strict=True)):
        after_the_one_before = n == 0 or year.start > said[n - 1][0]
        before_the_next = n == len(said) - 1 or year.start < said[n + 1][0]
        if not (after_the_one_before and before_the_next):
            return filters, set()
        pinned[k] = replace(filters[k], measure=replace(filters[k].measure, year=year.value))
    return pinned, {p.value for p in years}


def _compared_fields(parse: Parse, parts: list[Part], i: int, used: set[int]) -> tuple[int, int] | None:
    """The two numeric fields a comparison word with no number compares, in the order said: both before it in
    Japanese (AがBを下回る), one either side in English (A is less than B)."""
    numeric = [j for j, q in enumerate(parts) if q.kind == "field" and j not in used and catalogue()[q.value].numeric]
    before = [j for j in numeric if j < i]
    if parse.lang == "ja":
        return (before[-2], before[-1]) if len(before) >= 2 else None
    after = [j for j in numeric if j > i]
    return (before[-1], after[0]) if before and after else None


def _member(parse: Parse, parts: list[Part], i: int, used: set[int]) -> Member | None:
    """A value word as a condition on its field; a word that is a value of several fields (継続) needs its
    field named beside it (「方向性が継続」), else it is ambiguous and None."""
    candidates = parts[i].value
    near = [parts[j] for j in _neighbours(parts, i)]
    named = [c for c in candidates if any(p.kind in ("field", "heading") and _names(p, c[0]) for p in near)]
    if (sharing := _field_said_of_the_word(parts, i)) is not None:
        named = [sharing]
    if len({c[0] for c in candidates}) == 1 and len(candidates) > 1:  # one field, a value in each city's words
        named = [(candidates[0][0], tuple(c[1] for c in candidates))]
    elif not named and {c[0] for c in candidates} == {"department", "section"}:
        # an office named as both its 部課 and a 係 (博物館: 教育委員会博物館 and its 係 博物館): the 部課 holds the 係
        named = [(key, tuple(v for k, v in candidates if k == key)) for key in ("department",)]
    if len(named) != 1 and len(candidates) != 1:
        return None
    key, value = named[0] if len(named) == 1 else candidates[0]
    used.add(i)
    if (than := _compared_to_a_point(parse, parts, i, key, value)) is not None:
        used.add(than)  # "rated below the normal 'on schedule'": below that point of the scale
        return Compare(Field(key), parts[than].value, value)
    # The field's own word beside its value ("方向性が「終了」") and, for attainment, the target it is of.
    for j in _neighbours(parts, i):
        other = parts[j]
        if other.kind == "field" and (other.value == key or (key == "indicator_status" and _per_indicator(other))):
            used.add(j)
    negate = _negated(parse, parts, i, used)
    after = i + 1
    if after < len(parts) and parts[after].kind == "compare" and parts[after].value == "ne":  # 「継続」以外
        negate = not negate
        used.add(after)
    if key == "indicator_status" and negate and value == "met":
        return Member(key, ("missed",))
    return Member(key, value if isinstance(value, tuple) else (value,), negate=negate)


def _field_said_of_the_word(parts: list[Part], i: int) -> tuple[str, str] | None:
    """The field said right before value ``i`` that prints it too, though the word is read as another field's
    (「改革改善の方向性が現状維持」: 改革改善の方向性 prints 今後の方向性's words): that field and the value."""
    before = next((j for j in _neighbours(parts, i) if j < i), None)
    if before is None or parts[before].kind != "field":
        return None
    key = parts[before].value
    held = [v for k, v in parts[i].value if k != key and isinstance(v, str) and v in (catalogue()[key].values or ())]
    return (key, held[0]) if len(held) == 1 and all(k != key for k, _ in parts[i].value) else None


def _compared_to_a_point(parse: Parse, parts: list[Part], i: int, key: str, value) -> int | None:
    """The comparison word said before a value that is one point of a score's scale ("below 'on schedule'"), in its
    clause; None for any other value."""
    if not isinstance(value, int) or not catalogue()[key].numeric:
        return None
    before = next((j for j in range(i - 1, -1, -1) if parts[j].kind not in ("field", "unit", "subject")), None)
    if before is None or parts[before].kind != "compare" or parts[before].value not in ("lt", "le", "gt", "ge"):
        return None
    return before if parts[i].start - parts[before].end <= 2 * CONDITION_GAP else None


def _names(p: Part, key: str) -> bool:
    """Whether a field word or a section heading names field ``key`` (方向性 is both)."""
    return p.value == key or (p.kind == "heading" and _section_of(key) == p.value and key == p.value)


def _per_indicator(p: Part) -> bool:
    return catalogue()[p.value].per_indicator


def _neighbours(parts: list[Part], i: int) -> list[int]:
    out = []
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(parts) and abs(parts[j].start - parts[i].start) < 4 * CONDITION_GAP:
            if parts[j].kind in ("field", "heading"):
                out.append(j)
                break
            j += step
    return out


# The projects asked for, said before a negation of their being: the negation asks whether any are, it is no
# condition on them.
_LISTED_BEFORE = re.compile(r"(?:事業|もの)(?:は|が|って)")
_OR_LISTED = re.compile(r"\s*,?\s*(?:or|nor)\s+")


def _negated(parse: Parse, parts: list[Part], i: int, used: set[int]) -> bool:
    """A negation right after the condition (Japanese) or right before it (English); a word leaving out is one
    (「下水道課は含めない」, "excluding the museum")."""
    order = range(i - 1, -1, -1) if parse.lang == "en" else range(i + 1, len(parts))
    reach = (5 if parse.lang == "en" else 3) * CONDITION_GAP  # "aren't linked to SDG 9": a verb between
    edge = parts[i].start  # in English, where the condition begins: its field word ("didn't rate their progress as …")
    for j in order:
        p = parts[j]
        # from the condition's end in Japanese: a long value (an SDG's title) before its 「ない」
        if (edge - p.start if parse.lang == "en" else p.start - parts[i].end) > reach:
            return False
        if p.kind == "negation" and _LISTED_BEFORE.search(parse.text, parts[i].end, p.start):
            return False  # 「達成した事業はないですか」「…事業はありませんか」: asks whether there are any
        if parse.lang == "ja" and j == i + 1 and p.kind == "value" and _NOR_BETWEEN.fullmatch(
                parse.text[parts[i].end : p.start]) and _NOR_AFTER.match(parse.text, p.end):  # fmt: skip
            return True  # 「「改革改善」でも「終了」でもない」: neither, the first negated as the second is
        if parse.lang == "en" and j == i - 1 and p.kind == "value" and _OR_LISTED.fullmatch(parse.text[p.end : edge]):
            # "not recurring or multi-year": a value listed after a negated one is negated with it
            return j > 0 and parts[j - 1].kind == "negation" and not parse.text[parts[j - 1].end : p.start].strip()
        if p.kind in ("negation", "exclude") and j not in used:
            used.add(j)
            return True
        if j in used and p.kind in ("field", "heading", "unit"):
            edge = min(edge, p.start)
            continue  # the condition's own field word ("not linked to SDG 9": SDG before its number)
        if p.kind in ("field", "value", "number", "project"):
            return False
    return False


_NOR_BETWEEN = re.compile(r"[」』\"]?\s*でも\s*[「『\"]?")
_NOR_AFTER = re.compile(r"[」』\"]?\s*でも\s*(?:ない|なく|無い)")


_CHANGE_WORDS = frozenset(w.lower() for words in ops.MEASURE_CUES["difference"] for w in words)


def _changed_into_a_year(parse: Parse, parts: list[Part], years: list[str], context: Query | None) -> list[str]:
    """「令和3年度に予算が増える事業」, "which projects' spending fell in FY2020": a verb of change said of one year
    is the change into that year from the one before, which is asked too: the projects whose change has the verb's
    sign (``_signed_change``), not the largest figures of that year; 「一番増えた」, the largest change."""
    moved = [p for p in parts if p.kind == "direction"]
    fields = {p.value for p in parts if p.kind == "field"}
    if len(set(years)) != 1 or not moved or len(fields) != 1 or not catalogue()[next(iter(fields))].yearly or (
            _has(parts, "project") or _has(parts, "number") or (context is not None and context.projects)):  # fmt: skip
        return years  # (of one yearly figure: "fell below their target in FY2020" is an indicator's status)
    if not any(parse.text[p.start : p.end].lower() in _CHANGE_WORDS for p in moved):
        return years  # ("spent the most in FY2020", "spent more in FY2020": no change said)
    return [from_western(western(years[0]) - 1), *years]


def _superlative(parse: Parse, parts: list[Part]) -> bool:
    """一番, 上位, top; or a direction word that is a superlative itself (最大, largest, most)."""
    return _has(parts, "superlative") or any(p.kind == "direction" and _is_superlative(parse.text[p.start : p.end])
                                             for p in parts)  # fmt: skip


def _the_average_total(parse: Parse, parts: list[Part]) -> bool:
    """Whether "total" is said right after "average" ("the average total staff work time"): of each one's figure."""
    return any((a.kind, a.value, b.kind, b.value) == ("aggregate", "average", "aggregate", "total")
               and not parse.text[a.end : b.start].strip() for a, b in itertools.pairwise(parts))  # fmt: skip


def _each_ones_total_ranked(parse: Parse, parts: list[Part]) -> bool:
    """Whether each total said is a project's own figure, ranked ("top 3 projects by total staff hours", "the
    highest total budget", 「予算額の合計が大きい順に3つ」): no total over the projects is asked."""
    totals = [i for i, p in enumerate(parts) if (p.kind, p.value) == ("aggregate", "total")]
    if not totals or not _superlative(parse, parts):
        return False
    text = parse.text.lower()
    for i in totals:
        before, at, after = parts[i - 1] if i else None, parts[i], parts[i + 1] if i + 1 < len(parts) else None
        if parse.lang == "en":
            ranked = re.search(r"\bby\s+(?:the\s+)?$", text[: at.start]) or (
                before is not None and before.kind in ("superlative", "direction")
                and re.fullmatch(r"\s*", text[before.end : at.start]))  # fmt: skip
            # (the field's words may be glossed by its label in brackets: "total staff work hours (延べ業務時間)")
            said = after is not None and after.kind in ("field", "indicator") and re.fullmatch(
                r"\s*(?:[a-z'\- ]*[(（]\s*)?", text[at.end : after.start])
        else:
            said = before is not None and before.kind in ("field", "indicator") and text[before.end : at.start] == "の"
            ranked = after is not None and after.kind in ("superlative", "direction") and re.fullmatch(
                r"[がは]?", text[at.end : after.start])
        if not (said and ranked):
            return False
    return True


def _the_sum_ranked(parse: Parse, parts: list[Part], measures: list[Measure]) -> bool:
    """"If you add staff costs to actual spending, which project cost the most, and what was the total?": the total
    is the sum of the fields added, of the project ranked; not a total over the projects, unless every project is
    said."""
    return (len(measures) == 1 and isinstance(measures[0], Combine) and measures[0].op == "sum"
            and _superlative(parse, parts) and not _says_one_of(parse.text, ops.EVERY_PROJECT))  # fmt: skip


def _is_superlative(word: str) -> bool:
    return word.startswith(("最", *ops.MOST_JA, *ops.LEAST_JA)) or word.endswith("est") or word in (
        "most", "least", "maximum", "minimum", *ops.LEAST_EN)


_AN_AMOUNT = re.compile(r"円|yen|%|％", re.IGNORECASE)


def _is_top_k(parse: Parse, parts: list[Part], i: int) -> bool:
    """上位3, top 3, 3件 beside a ranking word, or a count of projects in a ranking question ("the three
    projects with the highest …", 「大きい3事業」): a count of rows, not a condition."""
    if not isinstance(parts[i].value, int) or not (_superlative(parse, parts) or _has(parts, "direction")):
        return False
    if parts[i].value < 1 or _AN_AMOUNT.search(parse.text[parts[i].start : parts[i].end]):
        return False  # 「…どれ？0円のは除外で」: an amount of money is a condition, never a number of rows
    if _is_ordinal(parse, parts[i]):
        return True
    before = parts[i - 1] if i else None
    # 「上位3」, "top 3", "which three have the biggest …": the number right after a ranking or a "which"; "the
    # three biggest": right before a superlative
    beside = bool(before and (before.kind in ("superlative", "list") or (
        before.kind == "direction" and _is_superlative(parse.text[before.start : before.end])))
        and parts[i].start - before.end <= 1) or any(
        p.kind == "superlative" or (p.kind == "direction" and _is_superlative(parse.text[p.start : p.end])
                                    and p.start - parts[i].end <= 1)
        for p in parts[i + 1 : i + 2]
    )
    return beside or _counts_projects(parse, parts[i])


def _is_ordinal(parse: Parse, p: Part) -> bool:
    return parse.text[p.start : p.end].lower() in ORDINAL_WORDS


# 「職員1人当たりの業務時間」: one figure per one of another (the one said before it)
_PER_ONE = re.compile(r"\s*(?:1|一)\s*[^\s\d]{0,2}?(?:当たり|あたり)")
_PER_ONE_BETWEEN = re.compile(rf"{_PER_ONE.pattern}の?\s*")
# what an indicator counts said as the divisor: after it 「1人あたり」「で割る」, before it "per", "divided by"
_PER_AFTER = re.compile(rf"{_PER_ONE.pattern}|\s*で割")
_PER_BEFORE = re.compile(r"\b(?:per|divided by|for each|for every)\s+$")


def _per_one_said(parse: Parse, parts: list[Part]) -> Combine | None:
    """Two fields with 「1人当たり」 between them, and nothing else (「正規職員1人当たりの延べ業務時間」): the second
    divided by the first."""
    said = [(i, p) for i, p in enumerate(parts) if p.kind == "field"]
    for (i, first), (j, second) in itertools.pairwise(said):
        between = [p.kind for p in parts[i + 1 : j]]
        if between in (["number"], ["number", "unit"]) and _PER_ONE_BETWEEN.fullmatch(parse.text, first.end, second.start):
            return Combine("ratio", Field(second.value), Field(first.value))
    return None


def _per_one_counted(parse: Parse, parts: list[Part]) -> list[tuple[Part, Part | None]]:
    """Each indicator said as what a figure is per one of (「支給対象延べ児童数1人あたりの事業費計」「事業費計を支給対象延べ
    児童数で割ると」, "loans per registered user"), with the part naming that figure when it is said right beside the
    per-phrase (another indicator, or a numeric field of the project's own), else None."""
    ordered = sorted(parts, key=lambda q: q.start)
    out = []
    for said in ordered:
        if said.kind != "indicator":
            continue
        after, before = _PER_AFTER.match(parse.text, said.end), _PER_BEFORE.search(parse.text, 0, said.start)
        figures = [q for q in ordered if q.kind in ("indicator", "field") and q is not said]
        if after:
            figure = next((q for q in figures if q.start >= after.end()), None)
            beside = figure is not None and re.fullmatch(r"の?\s*", parse.text[after.end() : figure.start])
        elif before:
            figure = next((q for q in reversed(figures) if q.end <= before.start()), None)
            beside = figure is not None and not parse.text[figure.end : before.start()].strip()
        else:
            continue
        divided = beside and ((figure.kind == "indicator" and figure.value != said.value) or (
            figure.kind == "field" and catalogue()[figure.value].numeric and not catalogue()[figure.value].per_indicator))
        out.append((said, figure if divided else None))
    return out


def _divided_by_counts(parse: Parse, parts: list[Part], measures: list[Measure]) -> tuple[list[Part], list[Measure]]:
    """The measures with each figure said per one of what an indicator counts made its ratio to that indicator's
    actual (the figure beside the per-phrase, else the one numeric field asked); the parts without the indicators
    that made a ratio, which are not asked themselves."""
    out, made = list(measures), set()
    for count, figure in _per_one_counted(parse, parts):
        if figure is None:
            numeric = [m for m in out if isinstance(m, Field) and catalogue()[m.field].numeric
                       and not catalogue()[m.field].per_indicator]  # fmt: skip
            if len(numeric) != 1:
                continue
            divided = numeric[0]
        elif figure.kind == "indicator":
            divided = Field("indicator_actual", indicator=figure.value)
            made.add(figure)
        else:
            divided = Field(figure.value)
        made.add(count)
        out = [m for m in out if m != divided] + [Combine("ratio", divided, Field("indicator_actual", indicator=count.value))]
    # (with the other indicators the same words were read as: 「貸出点数」 is of 貸出点数, not of 貸出者数 too)
    return [p for p in parts if not any(p.kind == q.kind and p.start < q.end and q.start < p.end for q in made)], out


def _per_one_of(parse: Parse, parts: list[Part], p: Part) -> bool:
    """Whether number ``p`` is the one of 「1人当たり」 in a ratio the question asks (not 「1世帯あたりの支給額」, a
    figure no field holds)."""
    # (「…を支給対象延べ児童数で割ると、1人あたり何千円？」 says the ratio again)
    return bool(_PER_ONE.match(parse.text, p.start)) and (
        bool(_per_one_counted(parse, parts)) or _per_one_said(parse, parts) is not None)


def _per_one(parse: Parse, parts: list[Part], fields: list[str]) -> Combine | None:
    """The ratio ``_per_one_said`` reads, when the two fields are the ones asked."""
    per = _per_one_said(parse, parts)
    return per if per is not None and len(fields) == 2 and {per.left.field, per.right.field} == set(fields) else None


def _counts_projects(parse: Parse, p: Part) -> bool:
    """A number followed by a word that counts projects (件, 事業, projects; an English word may come between:
    "three Ofunato projects")."""
    return counts_rows(parse.text[p.end :])


def _comparison(parse: Parse, parts: list[Part], i: int, used: set[int]) -> Compare | Member | None:
    if (combined := _combined_before(parts, i, used)) is not None:  # 「予算と決算の差が2,000千円を超えてた」
        measure, said = combined
        used.update((i, *said))
        return _compared(parse, parts, i, used, measure)
    owner = _near_field(parse, parts, i, used, lambda info: info.numeric or info.kind == GOAL)
    # "200 hours or more of staff overtime": the unit said with the number is its field's (時間: overtime), of the
    # fields said the one it owns, whichever is nearer
    unit = parts[i + 1].value if i + 1 < len(parts) and parts[i + 1].kind == "unit" else None
    owned = [j for j, p in enumerate(parts) if p.kind == "field" and p.value == unit and j not in used]
    if owned and (owner is None or parts[owner].value != unit):
        owner = min(owned, key=lambda j: abs(j - i))
        before = owner - 1  # ("staff overtime": the word right before it says whose, no field of its own)
        if before >= 0 and parts[before].kind == "field" and not parse.text[parts[before].end : parts[owner].start].strip():
            used.add(before)
    named = i - 1 if i > 0 and parts[i - 1].kind == "named" else None  # 「執行率100%」: the named measure's number
    if owner is None and named is None:  # "more than 2 million yen of their FY2020 budget unspent": said after it
        named = next((j for j in range(i + 1, len(parts)) if parts[j].kind == "named" and j not in used
                      and all(q.kind in ("year", "subject") for q in parts[i + 1 : j])
                      and parts[j].start - parts[i].end <= NAMED_AFTER), None)  # fmt: skip
    if owner is None and named is None:
        return None
    if named is not None and (owner is None or parts[owner].start < parts[named].start):
        used.update((i, named) if named > i else (i,))
        return _compared(parse, parts, i, used, _named_measure(parts[named]))
    key, value = parts[owner].value, parts[i].value
    # 「事業費が一番小さいのは？（ゼロのは抜きで）」, "the smallest non-zero total cost": zeros left out of a ranking of
    # the field, which is still what is ranked (not another field's zeros: "leaving out projects that cost nothing,
    # which had the smallest total cost")
    left_out = any(p.kind == "exclude" for p in parts) or _negated(parse, parts, i, set(used))
    leaves_zeros_out = value == 0 and _superlative(parse, parts) and left_out and not any(
        p.kind == "field" and p.value != key for p in parts)
    used.update((i,) if leaves_zeros_out else (i, owner))
    if catalogue()[key].kind == GOAL:
        return Member(key, (value,), negate=_negated(parse, parts, i, used))
    return _compared(parse, parts, i, used, Field(key))


NAMED_AFTER = 32  # characters between a number and the named measure said after it, its condition's


def _compared(parse: Parse, parts: list[Part], i: int, used: set[int], measure: Measure) -> Compare:
    """``measure`` compared with the number ``parts[i]`` as the words beside it say."""
    value = parts[i].value
    op = _compare_op(parse, parts, i, used, value)
    return Compare(measure, op, value if ops.COMPARISONS[op].arity else None)


def _named_measure(part: Part) -> Combine:
    """The composition a named measure's word says (「執行率」: 決算 ÷ 予算 as a percentage)."""
    (op, left, right), _, _ = ops.NAMED_MEASURES[part.value]
    return Combine(op, Field(left), Field(right))


def _combined_before(parts: list[Part], i: int, used: set[int]) -> tuple[Combine, tuple[int, ...]] | None:
    """Two numeric fields and the operation between them said right before a number (「AとBの差が」+ N, "the gap
    between A and B" + N): what the number is compared with."""
    i -= 1 if i and parts[i - 1].kind == "compare" else 0  # "… of more than 2,000"
    if i < 3:
        return None
    # the operation after the two fields (Japanese), else before them ("the gap between A and B")
    a, b, op = next(((a, b, op) for a, b, op in ((i - 3, i - 2, i - 1), (i - 2, i - 1, i - 3))
                     if parts[op].kind == "op" and parts[op].value in ops.MEASURE_OPS and op not in used), (0, 0, None))
    if op is None or {a, b} & used or not all(
            parts[j].kind == "field" and catalogue()[parts[j].value].numeric for j in (a, b)):  # fmt: skip
        return None
    return Combine(parts[op].value, Field(parts[a].value), Field(parts[b].value)), (a, b, op)


def _compare_op(parse: Parse, parts: list[Part], i: int, used: set[int], value: object) -> str:
    """The comparison said beside the number ``parts[i]`` (equality when none is), turned round by a negation."""
    op = "zero" if value == 0 else "eq"
    for step in (-1, 1):  # the comparison word beside the number, past its unit (「200時間を超える」)
        j = i + step
        while 0 <= j < len(parts) and parts[j].kind == "unit":
            j += step
        if 0 <= j < len(parts) and parts[j].kind == "compare" and parts[j].value not in ("present", "nonzero"):
            op = parts[j].value
            used.add(j)
    if _negated(parse, parts, i, used):
        op = ops.NEGATED_COMPARISON[op]
    return op


def _near_field(parse: Parse, parts: list[Part], i: int, used: set[int], fits) -> int | None:
    """The nearest unused field of the right kind: before the number in Japanese, either side in English."""
    sides = [range(i - 1, -1, -1)] + ([range(i + 1, len(parts))] if parse.lang == "en" else [])
    best = None
    for side in sides:
        for j in side:
            p = parts[j]
            if p.kind == "field" and j not in used and fits(catalogue()[p.value]):
                distance = abs(p.start - parts[i].start) + 1000 * _across_a_clause(parse, p, parts[i])
                if best is None or distance < best[0]:
                    best = (distance, j)
                break
    if best is None and parse.lang == "ja":  # 「5,000万円を超えてお金を使った」: the field right after its comparison
        j = i + 1
        while j < len(parts) and parts[j].kind in ("unit", "compare"):
            j += 1
        if j < len(parts) and parts[j].kind == "field" and j not in used and fits(catalogue()[parts[j].value]):
            return j
    return best[1] if best else None


_CLAUSE_BREAK_EN = re.compile(r"\b(?:and|but|while|whereas)\b|[,;]", re.IGNORECASE)


def _across_a_clause(parse: Parse, a: Part, b: Part) -> bool:
    """An English field and number with a clause's break between them ("needs of 4 or more and the priority"):
    each belongs to its own clause, so a field on the number's side of the break is the nearer."""
    first, second = sorted((a, b), key=lambda p: p.start)
    return parse.lang == "en" and bool(_CLAUSE_BREAK_EN.search(parse.text, first.end, second.start))


# ---- the measure ------------------------------------------------------------------------------------------


def _one_member_per_field(filters: list) -> list:
    """Values of one field named together are alternatives: 「現状維持」「改革改善」 is 現状維持 or 改革改善; of two where one
    holds the other's values, the narrower is meant."""
    out: list = []
    for f in filters:
        if isinstance(f, Member) and len(f.values) == 1 and not f.negate and Compare(Field(f.field, f.year), "eq",
                                                                                     f.values[0]) in filters:
            continue  # a point of a scale glossing the number said ("進捗状況が4（計画通り）"): said once
        # the same values said again, as a gloss ("SDG 9 (industry, innovation and infrastructure)"): one condition,
        # negated when either saying is
        again = next((i for i, g in enumerate(out) if isinstance(g, Member) and isinstance(f, Member)
                      and (g.field, g.values) == (f.field, f.values)), None)  # fmt: skip
        if again is not None:
            out[again] = replace(out[again], negate=out[again].negate or f.negate)
            continue
        same = next((i for i, g in enumerate(out) if isinstance(g, Member) and isinstance(f, Member)
                     and (g.field, g.negate, g.year) == (f.field, f.negate, f.year)), None)  # fmt: skip
        if same is None:
            out.append(f)
        elif set(f.values) <= set(out[same].values) or set(out[same].values) <= set(f.values):
            # 「上下水道部の水道課」: an office and one of its units, the one naming the other's part: that part
            out[same] = min((out[same], replace(out[same], values=f.values)), key=lambda g: len(g.values))
        else:
            out[same] = replace(out[same], values=tuple(dict.fromkeys((*out[same].values, *f.values))))
    return out


def _says_each(parse: Parse) -> bool:
    return bool(parse.of("each"))


def _groups_by(m: Measure) -> bool:
    """A field whose values sort projects into groups: the city, a department, a team, a closed vocabulary."""
    if not isinstance(m, Field):
        return False
    info = catalogue()[m.field]
    return not info.per_indicator and not info.numeric and (m.field in ("city", *TABLE_VALUE_FIELDS) or bool(info.values))


def _each(parse: Parse, filters: list) -> list[list]:
    """The filters, or with それぞれ/each one set of filters per value of a condition naming several."""
    several = next((f for f in filters if isinstance(f, Member) and len(f.values) > 1), None)
    if several is None or not _says_each(parse):
        return [filters]
    return [[replace(f, values=(v,)) if f is several else f for f in filters] for v in several.values]


def _of_indicator(parts: list[Part], measures: list[Measure]) -> list[Measure]:
    """An indicator named by its words: the per-indicator fields asked for are that indicator's, and with no
    field asked for, what it counted (its actual figures)."""
    numbers = list(dict.fromkeys(p.value for p in parts if p.kind == "indicator"))
    if not numbers:
        # indicators named by their name with no project (「観光入込客数」, of several): what each counted
        by_name = any(p.kind == "value" and all(key == "indicator_name" for key, _ in p.value) for p in parts)
        named = any(catalogue()[f.field].per_indicator for m in measures for f in measure_fields(m))
        return [*measures, Field("indicator_actual")] if by_name and not named else measures
    per_indicator = [m for m in measures if any(catalogue()[f.field].per_indicator and f.indicator is None
                                                for f in measure_fields(m))]  # (not one already of an indicator)
    if per_indicator:  # 「営業係数と乗車人数の実績」: the field asked for, of each indicator named
        return [m for m in measures if m not in per_indicator] + [_pinned(m, no) for no in numbers for m in per_indicator]
    # each indicator named: what it counted, beside the other fields asked for (「担当課と係、それと支給件数」)
    return [*measures, *(Field("indicator_actual", indicator=no) for no in numbers)]


def _pinned(m: Measure, no: int) -> Measure:
    if isinstance(m, Field):
        return replace(m, indicator=no) if catalogue()[m.field].per_indicator else m
    return replace(m, left=_pinned(m.left, no), right=_pinned(m.right, no))


# the year asked in words no field is read from (「何年度」 is the year field's)
def _headings_among_fields(parse: Parse, parts: list[Part]) -> list[Part]:
    """「市民ニーズと優先度、それと方向性を教えて」: a section's heading said beside fields asked is the field it is the
    label of (方向性), asked with them, never dropped; alone, it asks the section (its passages answer)."""
    if not _has(parts, "field"):
        return parts
    labels = _fields_by_label()
    return [Part("field", p.start, p.end, labels[said]) if p.kind == "heading" and (said := parse.text[p.start : p.end])
            in labels else p for p in parts]  # fmt: skip


@functools.cache
def _fields_by_label() -> dict[str, str]:
    return {info.label_ja: key for key, info in catalogue().items()}


_YEAR_ASKED = {"ja": re.compile(r"いつ"), "en": re.compile(r"\b(?:(?:which|what)\s+(?:fiscal\s+)?year|when)\b")}


def _peak_asked(parse: Parse, parts: list[Part], context: Query | None) -> tuple[list[Part], str | None]:
    """「いちばん多かったのは何年度？」, "in which year were loans highest": which year a named project's figure was
    largest (or smallest) asks its series and the year at its peak. The words that said so become one trend
    word; returns the parts and the direction (None when no peak is asked)."""
    named = any(p.kind == "project" for p in parts) or (context is not None and bool(context.projects))
    said = _YEAR_ASKED[parse.lang].search(parse.text)
    asked = [p for p in parts if (p.kind == "field" and p.value == YEAR_FIELD)
             or (said and p.kind == "list" and said.start() <= p.start < said.end())]  # fmt: skip
    ends = [p for p in parts if p.kind in ("direction", "superlative")]
    if not named or not (asked or said) or not ends or _has(parts, "aggregate", "series"):
        return parts, None
    direction = next((p.value for p in ends if p.kind == "direction"), "desc")
    trend = Part("series", ends[0].start, ends[0].end, True)
    return sorted([*(p for p in parts if p not in asked and p not in ends), trend], key=lambda p: p.start), direction


def _is_series(text: str, parts: list[Part], years: list[str], used: set[int] = frozenset()) -> bool:
    """A trend word (推移, year by year); or a change word with no two years to change between and nothing
    to rank by (「どう変わった?」, "how did it change"), which asks for the course over the years (not one a
    condition took: 「予算と決算の差が2,000千円を超えた」, nor the gap between two fields: 「予算額と決算額の差額」)."""
    if _has(parts, "series"):
        return True
    changes = [p for i, p in enumerate(parts) if p.kind == "op" and p.value == "difference" and i not in used]
    gap = len({p.value for p in parts if p.kind == "field"}) > 1 and any(
        text[p.start : p.end].lower() in ops.GAP_WORDS for p in changes)
    return bool(changes) and not gap and len(years) < 2 and not any(
        p.kind in ("direction", "superlative", "aggregate") for p in parts)


def _counts_an_indicator_named(parse: Parse, parts: list[Part]) -> bool:
    """Whether a count is asked ("how many", 何人) of an indicator the question names by its words."""
    return any(p.kind == "indicator" for p in parts) and (
        bool(asked_counters(parse.text, parse.lang)) or any(p.kind == "aggregate" and p.value == "count" for p in parts)
        or any(p.kind == "subject" and parse.text[p.start : p.end].startswith("how many") for p in parts))


def _measures(parse: Parse, parts: list[Part], used: set[int], years: list[str], series: bool = False,
              added_to: str | None = None):
    """The measures asked for (one, or one per field named with no operation), and the query's years. ``added_to``:
    the field a follow-up's one field said "including" is added to (the figure asked before)."""
    named = [p for p in parts if p.kind == "named"]
    left_out = _left_out(parse, parts)
    # two field words side by side where one measure is asked (a ranking, a total): the first says whose
    # (and a change between two years: "how did staff overtime change from R1 to R2")
    change = len(years) > 1 and any(p.kind == "op" and p.value == "difference" for p in parts)
    # (a total said of one project's figures in one year is no total over projects: "how many regular staff, total
    # work hours, and the total cost" asks three figures)
    of_one = len({p.value for p in parts if p.kind == "project"}) == 1 and len(set(years)) <= 1
    one_asked = _superlative(parse, parts) or _has(parts, "direction") or (_has(parts, "aggregate") and not of_one) \
        or change
    modifiers = _modifiers(parse, parts) if one_asked else set()
    modifiers |= _said_by_another(parse, parts) | _year_qualifiers(parse, parts) | _before_a_unit(parse, parts)
    fields = [p.value for i, p in enumerate(parts) if p.kind == "field" and i not in used | modifiers | left_out]
    # a count in a unit no field named is in asks that unit's figure too (「正職員は何人で延べ何時間」)
    named_units = {catalogue()[f].unit for f in fields}
    # (not when an indicator is named: 「新規就職者数の実績は何人？」 counts in the indicator's own unit)
    counted = [] if any(p.kind == "indicator" for p in parts) else _counted_units(parse, parts)
    fields = list(dict.fromkeys([*fields, *(u for u in counted if catalogue()[u].unit not in named_units)]))
    if fields == ["indicator_name"] and _counts_an_indicator_named(parse, parts):
        fields = []  # "how many people got new jobs, according to its indicator": the indicator's figure, not its name
    op_words = {p.value for p in parts if p.kind == "op"}
    apart: list[str] = []
    if "sum" in op_words:  # "what it cost, staff time included": the staff's cost added, in the unit of the rest
        # (staff time said in another clause is asked as it is: "how many regular staff, total work hours, and the
        # total cost including personnel")
        added = _clause_of(parse.text, next(p for p in parts if p.kind == "op" and p.value == "sum"))
        inside = {p.value for p in parts if p.kind == "field" and added[0] <= p.start < added[1]}
        apart = [f for f in fields if f in COST_OF and f not in inside and inside - set(COST_OF)]
        units = {catalogue()[f].unit for f in fields if f not in COST_OF}
        fields = list(dict.fromkeys(COST_OF[f] if f in COST_OF and catalogue()[COST_OF[f]].unit in units else f
                                    for f in fields if f not in apart))  # fmt: skip
    if added_to is not None and "sum" in op_words and len(fields) == 1 and fields[0] != added_to:
        fields = [added_to, *fields]
    fields, summed = _printed_sum(fields, {parts[i].value for i in left_out}, op_words)
    fields = list(dict.fromkeys([*apart, *fields]))
    op_words -= {"sum"} if summed else set()
    if named:  # each named measure asked (「執行率と不用額」), in the order named
        definitions = [ops.NAMED_MEASURES[key][0] for key in dict.fromkeys(p.value for p in named)]
        # (each operand as either form prints it: 大船渡's 一般財源 and 事業費計 are 一般財源以外's too)
        operands = {g for _, left, right in definitions for f in (left, right) for g in _printed_as(f)}
        if any(catalogue()[f].per_indicator for f in operands):  # 「指標の達成率」: the word for its group
            fields = [f for f in fields if f != "indicator_name"]
        sources = {f for form in FUNDING_SOURCES for f in form}
        if operands & sources:  # 「一般財源以外の財源」: the word for the sources says what the measure is of
            fields = [f for f in fields if f not in sources]
        if set(fields) - operands:
            return None, years
        # each operand as the form the question was read with prints it (大船渡's 事業費計 for 決算額)
        said = {f: g for f in operands for g in fields if g in _printed_as(f)}
        return [Combine(op, Field(said.get(left, left)), Field(said.get(right, right)))
                for op, left, right in definitions], years  # fmt: skip
    if not fields:
        return [], years
    change = _change(parse, parts, fields, years, op_words)
    if change is not None:
        return change
    source = _other_than_a_source(parse, parts)
    if source is not None and set(fields) <= {source, "settlement", READ_AS["settlement"]}:
        return [Combine("difference", Field(_cost_paid_from(source)), Field(source))], years
    if len(fields) == 1 and "percent" in op_words and (share := _share_of(parse, parts, fields[0])) is not None:
        return [share], years
    if len(fields) == 3 and "percent" in op_words and (share := _share_of_two(parse, parts, fields)) is not None:
        return [share], years
    if (per := _per_one(parse, parts, fields)) is not None:
        return [per], years
    if len(fields) == 2 and op_words & {"ratio", "percent", "difference", "sum"}:
        # a share said with how it is computed ("the smallest share of its budget (spend divided by budget)"): a
        # percentage
        op = next(o for o in ("percent", "ratio", "difference", "sum") if o in op_words)
        left, right = (Field(f) for f in _operands(parse, parts, fields, share=op in ("percent", "ratio")))
        if op in ("difference", "sum") and catalogue()[left.field].unit != catalogue()[right.field].unit:
            return None, years  # yen and hours ("total cost including staff time") add up to no figure
        return [Combine(op, left, right)], years
    if op_words - {"percent"} and not _has(parts, "direction") and not (series and op_words == {"difference"}) and not (
            op_words == {"ratio"} and _per_one_counted(parse, parts)):  # (「…で割ると」: what an indicator counts)
        return None, years  # an operation word with nothing to apply it to
    own = _own_years(parse, parts, used)
    if len(fields) > 1 and len(set(years)) > 1 and set(own) == set(fields):
        return [Field(f, own[f]) for f in fields], []  # 「令和3年度の予算額と、令和2年度の人件費」: each its year
    # "…, how much of that came from the general fund, and what share is that?": a share asked in a clause of its
    # own after several figures is the last one's, a source of money's, of the cost it pays part of
    shared = [p for p in parts if (p.kind, p.value) == ("op", "percent") and not any(
        q.kind == "field" and _clause_of(parse.text, p) == _clause_of(parse.text, q) for q in parts)]  # fmt: skip
    if op_words == {"percent"} and len(fields) > 2 and shared and (share := share_of_its_cost(fields[-1])) is not None:
        return [*(Field(f) for f in fields), share], years
    return [Field(f) for f in fields], years


_CLAUSE_BREAK = re.compile(r"[,、;，；。?？]")


def _clause_of(text: str, part: Part) -> tuple[int, int]:
    """The span of the clause ``part`` is said in: between the punctuation around it."""
    before = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, part.start)]
    after = _CLAUSE_BREAK.search(text, part.end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def _clause_years(parse: Parse, parts: list[Part], measures: list, years: list[str]) -> tuple[list, list[str]]:
    """Several years, each said in a clause of its own with what is asked of it (「去年度は何か所でやってて、今年度の
    事業費はいくら」, "how many in FY2023, and the FY2025 budget?"): each measure of its own clause's year."""
    if len(set(years)) < 2 or not all(isinstance(m, Field) and m.year is None and catalogue()[m.field].yearly
                                      for m in measures):  # (a year said beside a field no year has is not its)
        return measures, years
    year_of: dict[tuple[int, int], set[str]] = {}
    for p in parts:
        if p.kind == "year":
            year_of.setdefault(clause_around(parse.text, p.start, p.end), set()).add(p.value)
    pinned = []
    for m in measures:
        said = {clause_around(parse.text, p.start, p.end) for p in parts if (p.kind == "field" and p.value == m.field)
                or (p.kind == "indicator" and p.value == m.indicator)}  # fmt: skip
        own = year_of.get(next(iter(said))) if len(said) == 1 else None
        if own is None or len(own) > 1:
            return measures, years
        pinned.append(replace(m, year=next(iter(own))))
    return (pinned, []) if {m.year for m in pinned} == set(years) else (measures, years)


_JOINED = re.compile(r"\band\b|\bor\b|[,/]")


# Words that say which figure of a year is meant, actual or planned ("last year's actual", 「今年度の計画」), beside a
# field that has both
_OF_A_YEAR = re.compile(r"\s*(?:'s|’s|の)?\s*$")
_YEAR_QUALIFIERS = ("actual", "actuals", "plan", "planned", "実績", "計画")


def _of_attainment(context: Query) -> bool:
    """Whether a Query asked after the attainment of targets: each indicator's status, or the ones met or missed."""
    return isinstance(context.ask, Attainment) or any(
        isinstance(f, Member) and f.field == "indicator_status" for f in context.filters)


def _year_qualifiers(parse: Parse, parts: list[Part]) -> set[int]:
    """Indicator-value words said right after a year ("from last year's actual to this year's plan") where the
    question names a yearly figure of the project's own (a cost): they say the year's actual or planned figure of it,
    not an indicator's."""
    own = any(p.kind == "field" and catalogue()[p.value].yearly and not catalogue()[p.value].per_indicator
              for p in parts)  # fmt: skip
    if not own:
        return set()
    return {i for i, p in enumerate(parts) if p.kind == "field" and catalogue()[p.value].per_indicator and i > 0
            and parse.text[p.start : p.end].lower() in _YEAR_QUALIFIERS and parts[i - 1].kind == "year"
            and _OF_A_YEAR.match(parse.text[parts[i - 1].end : p.start])}  # fmt: skip


def _before_a_unit(parse: Parse, parts: list[Part]) -> set[int]:
    """A field word right before a unit another field counts in says whose the count is ("how many regular staff
    hours": the staff's hours, 延べ業務時間, not how many staff)."""
    ordered = sorted(range(len(parts)), key=lambda i: parts[i].start)
    return {i for i, j in zip(ordered, ordered[1:], strict=False)
            if parts[i].kind == "field" and parts[j].kind == "unit" and parts[j].value in catalogue()
            and not parse.text[parts[i].end : parts[j].start].strip()
            and catalogue()[parts[j].value].unit != catalogue()[parts[i].value].unit}  # fmt: skip


def _said_by_another(parse: Parse, parts: list[Part]) -> set[int]:
    """Field words another field's printed label holds, said apart from it (not side by side) and not joined to it by
    "and": who that field is of ("how many overtime hours did staff put in": 正職員時間外勤務, "regular staff
    overtime")."""
    fields = [(i, p) for i, p in enumerate(parts) if p.kind == "field"]
    out = set()
    for i, p in fields:
        said = parse.text[p.start : p.end].lower()
        if not said.isascii():
            continue  # a Japanese field's word is a compound's: 財源 of 一般財源 is a field of its own
        for _, q in fields:
            between = parse.text[min(p.end, q.end) : max(p.start, q.start)]
            apart = bool(between.strip())  # side by side ("staff overtime") is ``_modifiers``'s, where one is ranked
            if q.value != p.value and apart and not _JOINED.search(between) and re.search(
                rf"\b{re.escape(said)}\b", catalogue()[q.value].label_en.lower()
            ):
                out.add(i)
    return out


def _own_years(parse: Parse, parts: list[Part], used: set[int]) -> dict[str, str]:
    """Each field said with a year of its own right beside it: 「令和3年度の予算額」, "the FY2021 budget", "the
    budget in FY2021"."""
    own: dict[str, str] = {}
    for i, p in enumerate(parts):
        if p.kind != "field" or i in used:
            continue
        before = parts[i - 1] if i else None
        after = parts[i + 1] if i + 1 < len(parts) else None
        if before is not None and before.kind == "year" and re.fullmatch(r"\s*の?\s*", parse.text[before.end : p.start]):
            own.setdefault(p.value, before.value)
        elif after is not None and after.kind == "year" and re.fullmatch(r"\s*(?:in|for|of)?\s*(?:the\s+)?",
                                                                       parse.text[p.end : after.start]):
            own.setdefault(p.value, after.value)
    return own


# "what share of its FY2020 budget did it spend", "spending relative to the budget": the field said right after
# "share of" or "relative to" is the divisor
_DIVISOR_BEFORE = re.compile(
    r"(?:(?:share|percentage|proportion|fraction|percent|%|how\s+much|part|portion)\s+of|relative\s+to|against|"
    r"compared\s+(?:to|with)|"
    r"out\s+of)\s+(?:(?:the|its|it's|their|this|that|total|fiscal|year|fy\s?\d{4}|\d{4}|r\d{1,2})\s+)*$",
    re.IGNORECASE,
)
# 「予算に対する決算の割合」, 「予算に対して使った割合」, 「予算に占める」, 「予算のうち使えた」: the field said right before is
# the divisor; so is the one a percentage is asked of (「去年の実績の何％」)
_DIVISOR_AFTER_JA = re.compile(r"\s*(?:額)?(?:に対(?:する|して|し)|に占める|と比べ(?:て|た)?|比|のうち|の(?:何|なん)\s*(?:%|パーセント|割))")
# A year's words up to what says its figure is the whole (「令和6年度の実績に対して」: の and a word of the figure)
_YEAR_AS_WHOLE_JA = re.compile(r"(?:の[一-龥ァ-ヶー]{0,6})?" + _DIVISOR_AFTER_JA.pattern)


def _said_as_the_whole(text: str, year: Part) -> bool:
    """Whether a year is said as what a percentage is taken of: before 「に対して」, after "as a percentage of"."""
    return bool(_YEAR_AS_WHOLE_JA.match(text, year.end) or _DIVISOR_BEFORE.search(text[: year.start]))


def _left_out(parse: Parse, parts: list[Part]) -> set[int]:
    """The fields a word leaves out of the figure asked: said right before 抜き/を除く, right after "not counting"."""
    out = set()
    for i, p in enumerate(parts):
        if p.kind != "exclude":
            continue
        if parse.lang == "ja" and i and parts[i - 1].kind == "field" and re.fullmatch(r"\s*[をはも]?\s*", parse.text[parts[i - 1].end : p.start]):
            out.add(i - 1)
        elif parse.lang == "en" and i + 1 < len(parts) and parts[i + 1].kind == "field" and re.fullmatch(
            r"\s*(?:the\s+)?", parse.text[p.end : parts[i + 1].start]
        ):
            out.add(i + 1)
    return out


def _printed_sum(fields: list[str], left_out: set[str], op_words: set[str]) -> tuple[list[str], bool]:
    """A printed total read through the rows it adds up (``catalogue.PRINTED_SUMS``): the rows said "including"
    each other, the total "including" a row, or a row alone said "counted in", are the total; the total with a row
    left out is the other row.
    Returns the fields and whether a "sum" word was read so."""
    for total, rows in PRINTED_SUMS.items():
        named_rows = {_row_of(f, rows) for f in fields} - {None}
        out_rows = {_row_of(f, rows) for f in left_out} - {None}
        if total in fields and out_rows:  # "the total cost not counting personnel": the other row
            kept = [r for r in rows if r not in out_rows]
            return [kept[0] if f == total else f for f in fields], False
        if "sum" in op_words and (named_rows == set(rows) or (total in fields and named_rows)):
            return [total, *(f for f in fields if f != total and _row_of(f, rows) is None)], True
        if "sum" in op_words and len(fields) == 1 and named_rows:  # "the cheapest once staff costs are counted in":
            return [total], True  # the row said added to the rest, the total
    return fields, False


def _printed_as(key: str) -> set[str]:
    """The keys field ``key`` is printed as on either form: itself, its counterpart, what 大船渡's form reads it as."""
    return {k for k in (key, SAME_FIELD.get(key), READ_AS.get(key)) if k}


def _row_of(key: str, rows: tuple[str, ...]) -> str | None:
    """The row of ``rows`` that field ``key`` is, itself, as the same thing on another form (人件費計), or as what
    the row costs (staff: 人件費)."""
    return next((r for r in rows if key in (r, SAME_FIELD.get(r)) or COST_OF.get(key) == r), None)


def _modifiers(parse: Parse, parts: list[Part]) -> set[int]:
    """English field words said right before another ("the most staff working hours"): the first says whose the
    second is, it is not asked for itself (where each is a figure of its own, "staff allocation and overtime", both
    are asked)."""
    return {i for i, (p, q) in enumerate(zip(parts, parts[1:], strict=False))
            if parse.lang == "en" and p.kind == q.kind == "field" and p.value != q.value
            and not parse.text[p.end : q.start].strip()
            and not re.fullmatch(AGAINST_EN, parse.text[p.start : p.end])}  # fmt: skip  ("actual vs target": both)


def _counted_units(parse: Parse, parts: list[Part]) -> list[str]:
    """The fields a count asks for in their unit: "how many hours" (何時間) is the figure in hours, not a count; so
    is "how many regular staff hours" (a field word between says whose, ``_before_a_unit``)."""
    owners = [parts[i] for i in _before_a_unit(parse, parts)]
    ordered = sorted(parts, key=lambda p: p.start)
    out = []
    for n, unit in enumerate(ordered):
        if unit.kind != "unit" or unit.value not in catalogue():
            continue
        said = n - 1 if n and ordered[n - 1] in owners else n  # where the unit's words begin, whose first
        count = ordered[said - 1] if said else None
        asked = count is not None and count.kind == "aggregate" and count.value == "count"
        # (「どれくらいの時間をかけてる」: how much, of the figure measured in hours; not a counter, 「どれくらいの人が来た」,
        # which counts whatever came)
        much = count is not None and count.kind == "amount" and parse.text[count.end : ordered[said].start] == "の" \
            and len(parse.text[unit.start : unit.end]) > 1  # fmt: skip
        if (asked and ordered[said].start - count.end <= 1) or much or parse.text[: unit.start].endswith(("何", "なん")):
            out.append(unit.value)
    return out


def _operands(parse: Parse, parts: list[Part], fields: list[str], share: bool = False) -> list[str]:
    """The two fields in the order divided: 「予算に対する決算の割合」, 「予算に対して使った割合」 and "the share of the
    budget spent" divide by the budget; a ``share`` said with neither, by the whole the other is part of; otherwise
    by the field said second."""
    for key in fields:
        if _said_as_divisor(parse, parts, key):
            return [f for f in fields if f != key] + [key]
    whole = _whole_of(fields) if share else None
    return [f for f in fields if f != whole] + [whole] if whole is not None else fields


def _whole_of(fields: list[str]) -> str | None:
    """Of amounts, the one the others are part of, which a share of them is taken of when the question says none: the
    budget of what was spent (the execution rate's), a project's cost of its sources of money ("what it spent, how
    much of that came from the national govt, what share …"; "the share of the cost paid by national + prefectural
    money")."""
    for op, part, whole in (definition for definition, _, _ in ops.NAMED_MEASURES.values()):
        if op == "percent" and set(fields) == {part, whole}:
            return whole
    sources = [f for f in fields if any(f in form for form in FUNDING_SOURCES)]
    others = [f for f in fields if f not in sources]
    if sources and len(others) == 1 and others[0] in {"settlement", _cost_paid_from(sources[0])}:
        return others[0]
    return None


def _cost_paid_from(source: str) -> str:
    """The cost a source of money (a row of its 財源内訳) pays part of: its form's own 決算額 (大船渡's 事業費計)."""
    total = counterpart(catalogue()["settlement"], catalogue()[source].form)
    return total.key if total else "settlement"


def _said_as_divisor(parse: Parse, parts: list[Part], key: str) -> bool:
    """Whether field ``key`` is said as what a share is taken of: before 「に対して」, after "share of"."""
    text, info = parse.text, catalogue()[key]
    return any(_DIVISOR_AFTER_JA.match(text, m.end()) for word in (info.label_ja, *info.synonyms_ja) if word
               for m in re.finditer(re.escape(word), text)) or any(
        p.kind == "field" and p.value == key and _DIVISOR_BEFORE.search(text[: p.start]) for p in parts)  # fmt: skip


_OWNER_WORDS = re.compile(r"\s*(?:(?:the|its|their|city's|own)\s+)*")


def _other_than_a_source(parse: Parse, parts: list[Part]) -> str | None:
    """The source of a project's money said after "other than" ("money other than the city's own general
    revenue"): what was paid from the others is its cost less that source."""
    said = [p for p in parts if p.kind != "subject"]  # ("the city's own": the city said as the owner)
    for p, q in itertools.pairwise(said):
        if (p.kind, p.value) == ("compare", "ne") and q.kind == "field" and any(q.value in s for s in FUNDING_SOURCES) \
                and _OWNER_WORDS.fullmatch(parse.text[p.end : q.start]):  # fmt: skip
            return q.value
    return None


_SHARE_OF_IT = re.compile(r"\b(?:share|percentage|proportion|portion|fraction|percent|%)\s+of\s+(?:it|that|this)\b")


def _share_of_the_figure_before(parse: Parse, parts: list[Part], measures: list[Measure],
                                before: str | None) -> list[Measure]:
    """"And what was its budget? What share of it got spent?": a share of "it" is of the figure asked before (its
    予算額), the one field said (決算額) the part of it, in the same unit; with none asked before, of the other field
    said before it in the question ("projects that had a budget …, which one spent the smallest share of it")."""
    if len(measures) != 1 or not isinstance(measures[0], Field) or (share := _SHARE_OF_IT.search(parse.text)) is None:
        return measures
    if before is None:
        said = [p.value for p in parts if p.kind == "field" and p.end <= share.start() and p.value != measures[0].field]
        before = said[-1] if said else None
    if before is None or measures[0].field == before or catalogue()[measures[0].field].unit != catalogue()[before].unit:
        return measures
    return [Combine("percent", measures[0], Field(before))]


def _share_of(parse: Parse, parts: list[Part], key: str) -> Combine | None:
    """A share said of one field as what it is taken of ("the smallest share of its budget", 「目標に対する割合」):
    the one named measure that is a percentage of that field (決算額 of 予算額, 実績 of 目標値); said of a source of
    money ("what share of the railway support money was financed by municipal bonds"), its share of the cost it pays
    part of. None otherwise."""
    shares = [left for (op, left, right), _, _ in ops.NAMED_MEASURES.values() if op == "percent" and right == key]
    if len(shares) == 1 and _said_as_divisor(parse, parts, key):
        return Combine("percent", Field(shares[0]), Field(key))
    return share_of_its_cost(key)


def cost_of_a_source(key: str) -> Field | None:
    """The cost a source of money pays part of (事業費計 of 地方債); None for any other field."""
    return Field(_cost_paid_from(key)) if any(key in form for form in FUNDING_SOURCES) else None


def share_of_its_cost(key: str) -> Combine | None:
    """A source of money's share of the cost it pays part of (国庫支出金 ÷ 事業費計 × 100); None for any other field."""
    whole = cost_of_a_source(key)
    return Combine("percent", Field(key), whole) if whole is not None else None


def _share_of_two(parse: Parse, parts: list[Part], fields: list[str]) -> Combine | None:
    """A share of one amount that two others make up together ("the share of the cost paid by national + prefectural
    money"): their sum over the whole, the field said as what the share is of, else the cost two sources pay into."""
    whole = next((f for f in fields if _said_as_divisor(parse, parts, f)), None) or _whole_of(fields)
    summed = [f for f in fields if f != whole]
    if whole is None or len(summed) != 2 or len({catalogue()[f].unit for f in fields}) != 1:
        return None  # (yen and hours make no share)
    return Combine("percent", Combine("sum", Field(summed[0]), Field(summed[1])), Field(whole))


def _change(parse: Parse, parts: list[Part], fields: list[str], years: list[str], op_words: set[str]):
    """One yearly field over two years with a change word: later − earlier (over the earlier, for a share; the
    later over the earlier, for how many times it is)."""
    # ("By what percentage is the FY2025 plan bigger than what was spent in FY2024?": a comparison of the two years
    # by a percentage, no number compared and nothing listed, is the change between them)
    compared = "percent" in op_words and _has(parts, "compare") and not _has(parts, "number") and not _has(parts, "list")
    moved = bool(op_words & {"difference", "ratio"}) or _has(parts, "direction") or compared
    # (「令和7年度の計画額は令和6年度の実績に対して何％」: one year's figure as a percentage of the other's)
    divisor = next((p.value for p in parts if p.kind == "year" and _said_as_the_whole(parse.text, p)), None)
    if divisor is not None and op_words == {"percent"} and len(fields) == 1 and len(set(years)) == 2 \
            and catalogue()[fields[0]].yearly and not _has(parts, "direction"):  # fmt: skip
        other = next(y for y in years if y != divisor)
        return [Combine("percent", Field(fields[0], other), Field(fields[0], divisor))], []
    if not (len(fields) == 1 and len(set(years)) == 2 and moved and catalogue()[fields[0]].yearly):
        return None  # one year said twice ("a FY2020 budget … the smallest FY2020 spending") is no change
    earlier, later = sorted(years, key=western)
    if "ratio" in op_words:
        return [Combine("ratio", Field(fields[0], later), Field(fields[0], earlier))], []
    diff = Combine("difference", Field(fields[0], later), Field(fields[0], earlier))
    if "percent" in op_words:
        share = Combine("percent", diff, Field(fields[0], earlier))
        absolute = any(word in parse.text.lower() for words in ops.ABSOLUTE_WORDS for word in words)
        return [diff, share] if absolute else [share], []  # (「実数と率で」: both)
    return [diff], []


def _counted_alike(measures: list[Measure]) -> bool:
    """Whether ``measures`` are several fields a year of a project prints in one unit (国庫支出金, 一般財源: 千円)."""
    fields = [catalogue()[m.field] for m in measures if isinstance(m, Field) and m.indicator is None]
    return len(fields) > 1 and len(fields) == len(measures) and all(f.numeric and f.yearly for f in fields) and len(
        {f.unit for f in fields}) == 1 and bool(fields[0].unit)


# ---- the ask ------------------------------------------------------------------------------------------------


def _asks(parse: Parse, parts: list[Part], measures: list[Measure], filters: list, projects: tuple) -> list:
    if not measures and ops.THINGS_COUNTED.search(parse.text):
        return []  # 「図書館の蔵書って何冊あるの」: things counted, which no list or count of projects gives
    # A count of the projects the question itself names says nothing: いくつ/how many asks for a value there.
    of_projects = projects and not _counts_indicators(parse)
    counts_a_unit = bool(measures) and bool(_counted_units(parse, parts))
    aggregates = [p.value for p in parts if p.kind == "aggregate"
                  and not ((of_projects or counts_a_unit) and p.value == "count")]  # fmt: skip
    if {"count", "total"} <= set(aggregates):  # 「全部でいくつ」: a count in all; "how many hours in total": a sum
        aggregates = [a for a in aggregates if a != ("count" if measures else "total")]
    if _the_average_total(parse, parts):  # "the average total staff work time": each one's total (延べ), averaged
        aggregates = [a for a in aggregates if a != "total"]
    if len({p.value for p in parts if p.kind == "project"}) == 1 and measures and len(
            {p.value for p in parts if p.kind == "year"}) <= 1:  # fmt: skip
        # "total work hours", "the total cost" of one project in one year: its figures, no total over projects;
        # "how much per child on average": a figure per one is that average, of one project none over projects
        per_one = all(isinstance(m, Combine) and m.op == "ratio" for m in measures)
        # (but a total of several of its fields counted alike is their sum: 「国庫支出金と一般財源、合計いくら」)
        summed = "total" in aggregates and _counted_alike(measures)
        aggregates = [a for a in aggregates if a != "total" and not (a == "average" and per_one)]
        if summed and not _superlative(parse, parts) and not filters:
            # (sources of money said with "the total": the cost they pay, which all of them make up, not the sum of
            # those said: 「国、県…それぞれいくらで、合計いくら」 is 事業費計)
            wholes = {cost_of_a_source(m.field) for m in measures}
            whole = wholes.pop() if len(wholes) == 1 and None not in wholes else None
            total = whole or functools.reduce(lambda a, b: Combine("sum", a, b), measures)
            return [*(Value(m) for m in measures), Value(total)]
    numeric = all(_numeric(m) for m in measures)
    if "count" in aggregates and not measures and _says_each(parse):  # 方向性ごと: a heading that is a field
        measures = [Field(p.value) for p in parts if p.kind == "heading" and p.value in catalogue()][:1]
    if "count" in aggregates and not measures:
        of = ops.INDICATOR if _counts_indicators(parse) else ops.PROJECT
        return [Aggregate("count", of=of)]
    if "count" in aggregates and len(measures) == 1 and _groups_by(measures[0]):
        if _superlative(parse, parts) or _says_each(parse):  # 課ごとの件数, each city; 一番多い部課
            top = [p.value for i, p in enumerate(parts) if p.kind == "number" and _is_top_k(parse, parts, i)]
            k = (int(top[0]) if top else 1) if _superlative(parse, parts) else 0
            return [Aggregate("count", by=measures[0].field, top_k=k)]
    if "total" in aggregates and (_each_ones_total_ranked(parse, parts) or _the_sum_ranked(parse, parts, measures)):
        aggregates = [a for a in aggregates if a != "total"]
    if {"total", "average"} <= set(aggregates) and len(measures) == 1 and numeric:
        return [Aggregate("total", measures[0]), Aggregate("average", measures[0])]  # 「合計と1事業あたりの平均」
    for op in ("total", "average"):
        if op in aggregates:  # 「R2決算の合計とR3予算の合計」: one of each measure, when each is asked one
            said = aggregates.count(op)
            each = len(measures) == 1 or said == len(measures)
            # (a total of rates is the rate of the totals, ``query.is_rate``: 「全部合わせると何％増えた」 the change of
            # the total over the earlier total)
            return [Aggregate(op, m) for m in measures] if measures and numeric and each else []
    # (「which of those … furthest off」: a direction asked of which of several named projects ranks them)
    which = _has(parts, "list") and _has(parts, "anaphor") and len(projects) > 1
    if _superlative(parse, parts) or (_has(parts, "direction") and (not projects or which) and measures):
        if not measures and filters and all(isinstance(f, Compare) and f.op == "eq" and isinstance(f.measure, Field)
                                            and catalogue()[f.measure.field].kind == SCORE for f in filters):
            return [Listing()]  # "the top priority score (優先度 5)": the point said is the end of the scale meant
        if len(measures) != 1 or not numeric:
            return []
        ranking = _ranking(parse, parts, measures)
        both = {p.value for p in parts if p.kind == "direction"} == {"asc", "desc"} and not _is_change_of(measures)
        # 「いちばん大きな割合で減った」: a change word says the direction, the size word only "most"
        both = both and not any(p.kind == "direction" and _is_change_word(parse, p) for p in parts)
        # 「いちばんお金を使ったのと、いちばん少なかったのは」: two superlatives, the least said, the most by its verb
        supers = [p for p in parts if p.kind == "superlative" and parse.text[p.start : p.end] not in IN_ORDER]
        said = [p.value for p in parts if p.kind == "direction"]
        both = both or (len(supers) == 2 and said == ["asc"] and not _is_change_of(measures))
        # 「一番大きいのと一番小さいの」: both ends (but "from cheapest to most expensive" is every one, in that order)
        both = both and _from_one_end_to_the_other(parse, parts) is None
        return [replace(ranking, direction="desc"), replace(ranking, direction="asc")] if both else [ranking]
    if not measures or (projects and filters):
        return _no_measure(parse, parts, measures, filters, projects)
    if not projects and not filters:
        return []  # a value of every project: the old planner asks which one
    if not projects and _a_total_of_many(parse, parts, measures):
        return [Aggregate("total", measures[0])]
    if not projects:  # each figure of the projects the conditions choose (「どんな課題があるって」: its two cells)
        return [Listing(m) for m in measures]
    return [Value(m) for m in measures]


def _a_total_of_many(parse: Parse, parts: list[Part], measures: list[Measure]) -> bool:
    """"What was the total cost of running elections?": a field said as a "total" of projects a condition chooses,
    none listed, is the sum over them (its answer gives each one's too); 「トータルコスト」 itself is the field's name."""
    said = [parse.text[p.start : p.end] for p in parts if p.kind == "field"]
    field = catalogue().get(getattr(measures[0], "field", "")) if len(measures) == 1 else None
    return field is not None and field.numeric and len(said) == 1 and said[0].startswith("total ") \
        and not _has(parts, "list")  # fmt: skip


def _series(parts: list[Part], measures: list[Measure], filters: list, projects: tuple) -> list:
    """A trend of each measure of named projects (or of the projects the conditions pick). An indicator named
    with no measure (「成果指標の推移」) is its actual figures; a measure with no yearly field has no trend."""
    if any(p.kind in ("aggregate", "superlative") for p in parts) or not (projects or filters):
        return []
    indicator_words = any(p.kind == "heading" and p.value == "indicators" for p in parts) or any(
        catalogue()[f.field].per_indicator for f in filters if isinstance(f, Member)
    )
    if not measures and indicator_words:
        measures = [Field("indicator_actual")]
    out = []
    for m in measures:
        if isinstance(m, Field) and not catalogue()[m.field].yearly and catalogue()[m.field].per_indicator:
            m = Field("indicator_actual", indicator=m.indicator)  # 「指標の推移」: what the indicator counted
        if not any(catalogue()[f.field].yearly and f.year is None for f in measure_fields(m)):
            return []
        out.append(Series(m))
    return out


def _is_change_of(measures: list[Measure]) -> bool:
    """One measure, a field's change between two years."""
    return len(measures) == 1 and is_change(measures[0])


def _signed_change(parse: Parse, parts: list[Part], measures: list[Measure], projects: tuple) -> Compare | None:
    """「予算が増える事業は?」, no superlative: not a ranking but the projects whose change has the word's sign. Not
    of something pointed back at ("How much did its total cost go up…" with no project before it: not every project
    whose total cost went up; "they" after the projects said, "how many … spend more than they spent", is theirs)."""
    pointed = any(p.kind == "anaphor" and not any(q.kind in _SAY_PROJECTS and q.start < p.start for q in parts)
                  for p in parts)  # fmt: skip
    if projects or _superlative(parse, parts) or not _is_change_of(measures) or pointed:
        return None
    direction = next((p.value for p in parts if p.kind == "direction"), None)
    return Compare(measures[0], "gt" if direction == "desc" else "lt", 0) if direction else None


_SAY_PROJECTS = ("value", "list", "aggregate")  # what says the projects a later "they" is


def _says_one_of(text: str, cues: tuple[tuple[str, ...], tuple[str, ...]]) -> bool:
    """Whether ``text`` says one of the Japanese words (as a substring) or English ones (as whole words)."""
    text = text.lower()
    return any(word in text for word in cues[0]) or any(re.search(rf"\b{word}\b", text) for word in cues[1])


def _among_those(parse: Parse) -> bool:
    """Whether the question takes some of the things it points back at (「そのうち進捗が遅れているのは？」)."""
    return _says_one_of(parse.text, ops.AMONG_THOSE)


def _no_measure(parse: Parse, parts: list[Part], measures: list, filters: list, projects: tuple) -> list:
    """Conditions on named projects ask for those projects' values (「012は新規?」: its 新規・継続; 「達成
    できた?」: its attainment); conditions alone ask for the projects that meet them."""
    if projects and filters:
        # (「097は国とか県からいくらお金が入ってるの？」: what came in, of a named project, is its amount)
        reported = [f for f in filters if isinstance(f, Compare) and f.op in ("present", "missing", "zero", "nonzero")]
        if not all(isinstance(f, Member) or f in reported for f in filters):
            return []
        statuses = [f for f in filters if isinstance(f, Member) and catalogue()[f.field].kind == STATUS]
        asks = [Attainment()] if statuses else []
        # 「012は新規?」: its 新規・継続; 「目標値は設定されてる?」: its 目標値 (set or not, the sheet says)
        keys = [f.field if isinstance(f, Member) else f.measure.field for f in filters if f not in statuses]
        asks += [Value(Field(key)) for key in dict.fromkeys(keys)]
        return asks + [Value(m) for m in measures]
    if filters and not projects:
        # a computed measure compared (「予算と決算の差が2,000千円を超えた」): shown beside each project listed
        computed = [f.measure for f in filters if isinstance(f, Compare) and isinstance(f.measure, Combine)]
        return [Listing(computed[0] if len(computed) == 1 else None)]
    return []


def _numeric(m: Measure) -> bool:
    return not isinstance(m, Field) or catalogue()[m.field].numeric


def _counts_indicators(parse: Parse) -> bool:
    return any(w in parse.text for w in (f"{ops.UNIT_WORDS[ops.INDICATOR][0]}の数", "指標は何", "indicators"))


def _ranking(parse: Parse, parts: list[Part], measures: list[Measure]) -> Ranking:
    measure = measures[0]
    directions = [p.value for p in parts if p.kind == "direction"]
    of_change = measure.left if is_rate(measure) else measure
    change = isinstance(of_change, Combine) and isinstance(of_change.left, Field) and of_change.left.year is not None
    if change:  # 減った / dropped: the largest cut is the smallest (most negative) change
        cut = any(p.kind == "direction" and p.value == "asc" and _is_change_word(parse, p) for p in parts)
        direction = "asc" if cut else "desc"
        if isinstance(measure, Combine) and measure.op == "percent":
            direction = "asc" if cut else "desc"
    else:
        direction = directions[0] if directions else "desc"
    numbers = [p for i, p in enumerate(parts) if p.kind == "number" and _is_top_k(parse, parts, i)]
    # 「2番目と3番目」, "the second largest": places in the order, down to the last one said
    ordinal = any(parse.text.startswith(("番目", "位"), p.end) or _is_ordinal(parse, p) for p in numbers)
    top = [int(p.value) for p in numbers]
    # 「安い順に」 with no number: every one, in that order; "from cheapest to most expensive", in the first end's
    in_order = any(p.kind == "superlative" and parse.text[p.start : p.end] in IN_ORDER for p in parts)
    if (first := _from_one_end_to_the_other(parse, parts)) is not None and not change:
        direction, in_order = first, True
    return Ranking(measure, direction, (max(top) if ordinal else top[0]) if top else 0 if in_order else 1)


IN_ORDER = ("順に", "順で")  # the superlative cues that order every row rather than pick the first
_FROM_END = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_TO_END = re.compile(r"\s*(?:to|through)\s+(?:the\s+)?|\s*から\s*", re.IGNORECASE)


def _from_one_end_to_the_other(parse: Parse, parts: list[Part]) -> str | None:
    """The direction an order is said from, when the question says both ends as its span ("from cheapest to most
    expensive", 「安いものから高いもの」): every one in that order, not the first of each end."""
    ends = [p for p in parts if p.kind == "direction"]
    for a, b in itertools.pairwise(ends):
        between = parse.text[a.end : b.start]
        if a.value != b.value and (_TO_END.fullmatch(between) or re.fullmatch(r"\s*(?:もの|の|方|ほう)?から\s*", between)) \
                and (_FROM_END.search(parse.text[: a.start]) or "から" in between):  # fmt: skip
            return a.value
    return None


def _is_change_word(parse: Parse, p: Part) -> bool:
    word = parse.text[p.start : p.end]
    ja, en = ops.MEASURE_CUES["difference"]
    return word in ja or word in en


SECTION_TITLES = {s.id: s.heading for s in BY_ID.values()}
