"""Routing and planning: what a question asks, as a ``Plan`` over the table or over retrieved sections.

The planner is deterministic: it reads cue words (``answering.vocabulary``), the projects the
question names (``answering.projects``) and the conversation so far, and decides the route:
``structured`` (answered from the table), ``narrative`` (answered from retrieved sections) or
``unanswerable`` (with the reason).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from jimuqa.answering import vocabulary as v
from jimuqa.answering.normalise import Query, compiled, parse_query
from jimuqa.answering.operators import SUBJECT_POINTERS
from jimuqa.answering.projects import Catalogue, Resolution
from jimuqa.answering.types import NARRATIVE, STRUCTURED, UNANSWERABLE, Message

# Refusal reasons (the composer words them). Other cities are refused before planning, against the table's
# cities (``answering.refusal.other_city``).
EMPTY, TOO_LONG, OTHER_CITY, NOT_ON_SHEETS, OPINION, FUTURE, A_DAY, UNKNOWN_PROJECT, NO_PROJECT = (
    "empty",
    "too_long",
    "other_city",
    "not_on_sheets",
    "opinion",
    "future",
    "a_day",
    "unknown_project",
    "no_project",
)
# Structured operations.
LOOKUP, ATTAINMENT, RANK, TOTAL, AVERAGE, CHANGE, RATE, SELECT = (
    "lookup",
    "attainment",
    "rank",
    "total",
    "average",
    "change",
    "rate",
    "select",
)


@dataclass(frozen=True)
class Filter:
    kind: str  # evaluation | direction | new_or_continuing | sdg | section | positive | no_target | status
    field: str = ""
    value: object = None


@dataclass
class Plan:
    route: str
    op: str = ""
    projects: list[str] = field(default_factory=list)
    ambiguous: bool = False
    cost_fields: list[str] = field(default_factory=list)
    sheet_fields: list[str] = field(default_factory=list)
    evaluation_fields: list[str] = field(default_factory=list)
    indicator: bool = False
    indicator_parts: tuple[str, ...] = ("actual",)  # which of target and actual the question asks for
    years: list[str] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    descending: bool = True
    limit: int | None = None
    nonzero: bool = False
    derived: str = ""  # "unspent": 予算額 − 決算額
    percent: bool = False
    count: bool = False
    reason: str = ""
    detail: str = ""  # words for the refusal, e.g. the unknown project's name
    sections: list[str] = field(default_factory=list)  # narrative: the sections the question is about

    @property
    def has_fields(self) -> bool:
        return bool(self.cost_fields or self.sheet_fields or self.evaluation_fields or self.indicator)


def make_plan(query: Query, catalogue: Catalogue, history: list[Message] | None = None) -> Plan:
    return _plan_after(query, catalogue, _previous_plan(catalogue, history))


def _plan_after(query: Query, catalogue: Catalogue, previous: Plan | None) -> Plan:
    """The plan of ``query`` asked after a conversation whose last answerable plan is ``previous``."""
    refusal = refusal_of(query)
    if refusal:
        return refusal
    plan = _fields(query)
    resolution = catalogue.resolve(query)
    if previous and _is_follow_up(query, resolution, plan):
        if previous.route == UNANSWERABLE and not plan.has_fields and not _narrative_wording(query.text):
            # the question before was not read (its project only known from its answer): "And FY2022?" asks
            # nothing of its own
            return Plan(UNANSWERABLE, reason="not_found")
        plan = _inherit(plan, previous, resolution, why=bool(compiled(v.WHY).search(query.text)))
        resolution = Resolution(plan.projects, plan.ambiguous, "history")
    plan.projects, plan.ambiguous = resolution.projects, resolution.ambiguous
    section_filter = _section_filter(query, catalogue)
    if section_filter:
        plan.filters.append(section_filter)
        plan.projects, plan.ambiguous = [], False
    _aggregate_filters(query, plan)
    if plan.projects:
        narrative = _narrative_wording(query.text)
        if not plan.has_fields and not narrative and catalogue.mentions_indicator(query, plan.projects):
            plan.indicator = True
        return _project_plan(query, plan)
    if plan.has_fields or plan.filters:
        if not _is_aggregate(query, plan):
            if resolution.phrase and _names_something(resolution.phrase):
                return Plan(UNANSWERABLE, reason=UNKNOWN_PROJECT, detail=resolution.phrase)
            return Plan(UNANSWERABLE, reason=NO_PROJECT)
        return _aggregate_plan(query, plan)
    return _narrative_plan(query, plan)


def refusal_of(query: Query) -> Plan | None:
    if not re.search(r"[\w\u3040-\u30ff\u3400-\u9fff]", query.text):
        return Plan(UNANSWERABLE, reason=EMPTY)
    for pattern, reason in ((v.NOT_ON_SHEETS, NOT_ON_SHEETS), (v.OPINION, OPINION), (v.FUTURE, FUTURE), (v.A_DAY, A_DAY)):
        # (a count or an amount asked "right now" is of the latest year: 「今」 is no day then; a reason asked of an
        # hour, 「なんで午後になったの」, is the sheet's to give)
        if reason == A_DAY and (query.has(v.COUNT) or query.has(v.AMOUNT) or query.has(v.WHY) or _in_a_premise(query.text)):
            continue
        if query.has(pattern):
            return Plan(UNANSWERABLE, reason=reason)
    return None


def _in_a_premise(text: str) -> bool:
    """Whether each day or hour said is said in a clause stating the question's circumstance."""
    days = list(re.finditer(v.A_DAY, text))
    return bool(days) and all(re.search(v.PREMISE_BEFORE, text[: day.start()]) or re.search(v.PREMISE_AFTER, text[day.end() :])
                              for day in days)  # fmt: skip


def _fields(query: Query) -> Plan:
    text = query.text.replace("改善目標", "改善策").replace("improvement goal", "improvement plan")
    plan = Plan(STRUCTURED, years=list(query.years))
    plan.cost_fields = [name for name, pattern in v.COST_FIELDS.items() if compiled(pattern).search(text)]
    if compiled(v.NARRATIVE_STRONG).search(text) and not compiled(v.AMOUNT).search(text):
        plan.cost_fields = []  # "予算面の課題": the budget is the topic of an issue, not the figure asked for
    if compiled(v.UNSPENT).search(text):
        plan.derived, plan.cost_fields = "unspent", ["budget", "settlement"]
    if compiled(v.FUNDING).search(text) and not set(plan.cost_fields) & {"general_fund", "national_prefectural", "other"}:
        plan.cost_fields += ["general_fund", "national_prefectural", "other"]
    if compiled(v.EXECUTION_RATE).search(text):
        plan.op, plan.cost_fields = RATE, ["budget", "settlement"]
    plan.evaluation_fields = [name for name, pattern in v.EVALUATION_CUES.items() if compiled(pattern).search(text)]
    if not plan.evaluation_fields and compiled(v.EVALUATION_ANY).search(text) and not plan.cost_fields:
        plan.evaluation_fields = list(v.EVALUATION_CUES)
    sdg_goal = re.search(r"sdgs?.{0,8}?(?:目標|goal)\s*(\d{1,2})", text)
    plan.indicator = bool(compiled(v.INDICATOR).search(text)) and not sdg_goal and not plan.evaluation_fields
    if _narrative_wording(text) and not plan.cost_fields:
        plan.indicator = False
    plan.indicator_parts = _indicator_parts(text)
    plan.sheet_fields = [name for name, pattern in v.SHEET_FIELDS.items() if compiled(pattern).search(text)]
    if "sdgs" in plan.sheet_fields and not re.search(r"指標|実績|達成|kpi|indicator", text):
        plan.indicator = False
    if plan.indicator or plan.evaluation_fields:
        plan.sheet_fields = [f for f in plan.sheet_fields if f not in ("target", "category", "direction")]
    if "budget_code" in plan.sheet_fields or "staff_ratio" in plan.cost_fields:
        plan.cost_fields = [f for f in plan.cost_fields if f != "budget"]
        plan.sheet_fields = [f for f in plan.sheet_fields if f != "section"]
    if plan.cost_fields and "structure" in plan.sheet_fields and "委託" not in text:
        plan.sheet_fields.remove("structure")
    if re.search(r"参加|participat|take part", text) and not plan.cost_fields:
        plan.sheet_fields.append("participation")
    if "reason" in plan.sheet_fields and "direction" not in plan.sheet_fields:
        plan.sheet_fields = [f for f in plan.sheet_fields if f != "reason"]
    if _narrative_wording(text) and not (plan.cost_fields or plan.evaluation_fields):
        plan.sheet_fields = [f for f in plan.sheet_fields if f in ("purpose", "target", "participation")]
    return plan


def _indicator_parts(text: str) -> tuple[str, ...]:
    """An indicator's value is its actual; the target only when asked for, both for attainment."""
    if compiled(v.ATTAINMENT).search(text) or re.search(
        r"(目標|target|goal).{0,8}(実績|actual)|(実績|actual).{0,8}(目標|target)", text
    ):
        return ("target", "actual")
    return ("target",) if re.search(r"目標|target|goal", text) else ("actual",)


def _narrative_wording(text: str) -> bool:
    """'どんな成果', 'what did … do', 「届かなかった理由」: asking for an account, not a figure."""
    return bool(
        re.search(
            r"どんな(?!事業がある)|どういう(?!目的)|どのような|どうやって|何をした|どうだった|どう(なった|進んだ|変わ|なる)|"
            r"what (did|kind|happened)|how (did|do|does|will|is)|tell me about|" + v.WHY,
            text,
        )
        and not re.search(r"何点|いくら|何件|何人|何時間|how (many|much)|score|rating", text)
    )


def _previous_plan(catalogue: Catalogue, history: list[Message] | None) -> Plan | None:
    """The plan of the last answerable question in the conversation, with the projects its answer named.

    One pass from the first turn: each question is planned once, after the plans before it, so planning
    grows linearly with the conversation (re-planning each earlier turn from scratch doubled with every
    elliptical turn)."""
    history = history or []
    previous: Plan | None = None
    for position, message in enumerate(history):
        if message.get("role") != "user" or not message.get("content"):
            continue
        plan = _plan_after(parse_query(message["content"]), catalogue, previous)
        # "JAXAと協定を結んだのは?": the answer said which project it was; so for a project found by meaning and
        # answered as another, or not found by the planner at all (what the asker saw is what a follow-up is about)
        replies = [m.get("content", "") for m in history[position + 1 : position + 2] if m.get("role") == "assistant"]
        named = catalogue.resolve(parse_query(replies[0])) if replies else Resolution()
        if named.how == "number" and (not plan.projects or len(named.projects) == 1):
            plan.projects, plan.ambiguous = named.projects, False
        if plan.route == UNANSWERABLE and not plan.projects:
            continue
        previous = plan
    return previous


def _is_follow_up(query: Query, resolution: Resolution, plan: Plan) -> bool:
    if resolution.resolved:
        return False
    short = len(query.text) <= 30
    points_back = compiled(v.POINTS_BACK).search(query.text) or any(re.search(rf"\b{w}\b", query.text) for w in SUBJECT_POINTERS)
    return (bool(compiled(v.FOLLOW_UP).search(query.text) or points_back) or short
            or not (plan.has_fields or _is_aggregate(query, plan)))  # fmt: skip


def _inherit(plan: Plan, previous: Plan, resolution: Resolution, why: bool = False) -> Plan:
    """A follow-up keeps what it does not say from the question before it; one asking why (「その理由は？」) keeps
    its projects and years, not the figures the answer before gave: it asks the account of them."""
    inherited = replace(plan, projects=previous.projects, ambiguous=previous.ambiguous)
    if not plan.has_fields and not why:
        inherited.cost_fields = previous.cost_fields
        inherited.sheet_fields = previous.sheet_fields
        inherited.evaluation_fields = previous.evaluation_fields
        inherited.indicator = previous.indicator
        inherited.indicator_parts = previous.indicator_parts
        inherited.op = previous.op if previous.op in (LOOKUP, ATTAINMENT, CHANGE, RATE) else ""
        if previous.route == NARRATIVE:
            inherited.route, inherited.sections = NARRATIVE, previous.sections
    if not plan.years and previous.op != CHANGE:
        inherited.years = previous.years
    return inherited


def _section_filter(query: Query, catalogue: Catalogue) -> Filter | None:
    """A 係名 named in the question ("科学の街推進係が担当している事業") selects its projects."""
    for project in catalogue.projects.values():
        name = project.section.strip("()（）")
        if name and len(name) >= 4 and name.lower() in query.text and "担当" in query.text:
            return Filter("section", value=project.section)
    return None


def _aggregate_filters(query: Query, plan: Plan) -> None:
    text = query.text
    score = re.search(r"(?:が|=|of|score of|scored|score)\s*(\d)(?!\d)|(\d)\s*(?:点|for)", text)
    if plan.evaluation_fields and score and not plan.projects:
        value = int(score.group(1) or score.group(2))
        plan.filters += [Filter("evaluation", name, value) for name in plan.evaluation_fields[:1]]
        plan.evaluation_fields = plan.evaluation_fields[:1]
    direction = _direction_value(text)
    if direction and not plan.projects:
        plan.filters.append(Filter("direction", value=direction))
        plan.sheet_fields = [f for f in plan.sheet_fields if f != "direction"]
    if re.search(r"新規|\bnew\b", text) and not plan.projects and "new_or_continuing" in plan.sheet_fields:
        plan.filters.append(Filter("new_or_continuing", value="新規"))
        plan.sheet_fields.remove("new_or_continuing")
    goal = re.search(r"(?:sdgs?|目標|goal)\D{0,6}?(\d{1,2})(?!\d)", text)
    if "sdgs" in plan.sheet_fields and goal and not plan.projects:
        plan.filters.append(Filter("sdg", value=int(goal.group(1))))
        plan.sheet_fields.remove("sdgs")
    if re.search(r"入っている|入った|受けている|received|with (national|prefectural)|has (national|any)", text):
        for name in ("national_prefectural", "general_fund", "other"):
            if name in plan.cost_fields and not plan.projects:
                plan.filters.append(Filter("positive", name))
                break
    if plan.indicator and re.search(r"設定されていない|設定がない|ない事業|no target|without (a )?target", text):
        plan.filters.append(Filter("no_target"))
    elif plan.indicator and compiled(v.ATTAINMENT).search(text) and not plan.projects:
        plan.filters.append(Filter("status", value="missed" if compiled(v.MISSED).search(text) else "met"))
    plan.nonzero = bool(compiled(v.NONZERO).search(text))


def _direction_value(text: str) -> str | None:
    """The 方向性 a question filters on: quoted (方向性が「拡充」), ending, or continuing."""
    quoted = re.search(r"(?:方向性|direction)\D{0,4}[「\"']([^」\"']{1,8})[」\"']", text)
    if quoted:
        return quoted.group(1)
    if re.search(r"終了|廃止|discontinu|\bended\b|\bending\b", text):  # (not "spending")
        return "終了"
    if re.search(r"方向性|今後|direction", text) and re.search(r"継続|continu", text):
        return "継続"
    return None


def _is_aggregate(query: Query, plan: Plan) -> bool:
    patterns = (v.TOTAL, v.AVERAGE, v.LARGEST, v.SMALLEST, v.COUNT, v.LIST, v.ALL_PROJECTS)
    return bool(plan.filters) or any(query.has(p) for p in patterns)


def _names_something(phrase: str) -> bool:
    """Whether the words before 事業 name a project ('公園整備') rather than describe one ('全部の')."""
    words = re.sub(r"[のがをはにでとも]|全部|全て|すべて|各|どの|どれ|この|その|ある|ない|いる", "", phrase)
    words = re.sub(r"\b(?:the|a|an|this|that|these|those|its|their|our|your|which|what|any|every|each)\b", "", words,
                   flags=re.IGNORECASE).strip()  # ("the program that …": an article, no name)
    return len(words) >= 2 and not re.search(r"年度|予算|決算|残業|優先|評価|方向|目標|指標|sdg|\d", phrase)


def _project_plan(query: Query, plan: Plan) -> Plan:
    if not plan.has_fields:
        return _narrative_plan(query, plan)
    if plan.op == RATE:
        return plan
    if plan.indicator and not plan.cost_fields:
        plan.op = ATTAINMENT if query.has(v.ATTAINMENT) else LOOKUP
    elif plan.cost_fields and (len(plan.years) >= 2 or query.has(v.CHANGE)) and not query.has(r"それぞれ|each"):
        plan.op, plan.percent = CHANGE, query.has(v.PERCENT)
    else:
        plan.op = plan.op or LOOKUP
    return plan


def _aggregate_plan(query: Query, plan: Plan) -> Plan:
    plan.count = query.has(v.COUNT)
    top = re.search(r"(?:上位|トップ|top)\s*(\d+)|(\d+)\s*(?:位|事業|projects)", query.text)
    plan.limit = int(top.group(1) or top.group(2)) if top else None
    if plan.cost_fields and (len(plan.years) >= 2 or query.has(v.CHANGE)) and not plan.filters:
        plan.op, plan.percent = CHANGE, query.has(v.PERCENT)
        plan.descending = not re.search(r"減|drop|decreas|fell|down", query.text)
        return plan
    if query.has(v.TOTAL) and plan.cost_fields:
        plan.op = TOTAL
    elif query.has(v.AVERAGE) and plan.cost_fields:
        plan.op = AVERAGE
    elif query.has(v.SMALLEST) and plan.cost_fields:
        plan.op, plan.descending = RANK, False
    elif (query.has(v.LARGEST) or plan.limit) and plan.cost_fields:
        plan.op = RANK
    elif plan.indicator and not plan.filters:
        plan.op, plan.filters = SELECT, [Filter("status", value="missed" if query.has(v.MISSED) else "met")]
    else:
        plan.op = SELECT
    return plan


def _narrative_plan(query: Query, plan: Plan) -> Plan:
    sections = [name for name, pattern in v.NARRATIVE_SECTIONS.items() if query.has(pattern)]
    return replace(plan, route=NARRATIVE, op="", sections=sections or ["results_issues", "overview"])
