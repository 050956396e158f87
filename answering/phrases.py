"""How answers are worded in Japanese and English: labels, units, refusals and number formats."""

from __future__ import annotations

from jimuqa.index.model import BASIC_INFO_LABELS, COST_ITEMS, COST_UNITS, EVALUATION_FIELDS
from jimuqa.index.sections import BY_ID, find_kind
from jimuqa.index.years import label

COST_LABELS_EN = {
    "budget": "budget",
    "settlement": "settled amount (actual spending)",
    "general_fund": "general revenue",
    "national_prefectural": "national/prefectural funds and bonds",
    "other": "other sources",
    "personnel_cost_total": "personnel costs",
    "staff_ratio": "regular staff assigned",
    "overtime_hours": "regular staff overtime",
    "part_time": "fiscal-year appointed staff",
}
EVALUATION_LABELS_EN = {
    "citizen_needs": "citizen needs",
    "progress": "progress",
    "city_involvement": "city involvement",
    "priority": "priority",
}
SHEET_FIELD_LABELS = {
    "section": ("係名", "team (係)"),
    "department": ("担当部課", "department"),
    "budget_code": ("予算科目", "budget code"),
    "mayor_pledge": ("市長公約", "mayor's pledge no."),
    "strategy_plan": ("戦略プラン", "strategy plan"),
    "new_or_continuing": ("新規・継続", "new or continuing"),
    "category": ("事業分類", "category"),
    "structure": ("事業体制", "delivery"),
    "individual_plan": ("個別計画", "sector plan"),
    "legal_basis": ("根拠法令等", "legal basis"),
    "period": ("事業期間", "period"),
    "sdgs": ("SDGs", "SDGs"),
    "target": ("対象", "who it serves"),
    "purpose": ("目的", "purpose"),
    "overview": ("概要 (取組内容)", "what it does"),
    "direction": ("方向性", "future direction"),
    "reason": ("理由", "reason"),
    "participation": ("市民参加の取組状況", "citizen participation"),
}
# The section each sheet field is printed in.
SHEET_FIELD_SECTIONS = {
    **dict.fromkeys(BASIC_INFO_LABELS, "basic_info"),
    "target": "overview",
    "purpose": "overview",
    "overview": "overview",
    "direction": "direction",
    "reason": "direction",
    "participation": "participation",
    "issues_business": "results_issues",  # the two cells of 課題
    "issues_org_budget": "results_issues",
}
STATUS_WORDS = {
    "met": ("達成", "met"),
    "missed": ("未達成", "missed"),
    "no_target": ("目標設定なし", "no target set"),
    "not_recorded": ("実績未記録", "not yet recorded"),
}
VALUE_WORDS_EN = {"継続": "continuing", "新規": "new", "終了": "ending", "有": "yes", "無": "none"}
ATTAINMENT_RULE = (
    "判定: 実績が目標値以上なら達成、未満なら未達成。目標が設定されていない指標と、実績が未記録の指標はどちらにも数えません。",
    "Rule: met when the actual reaches the target, missed when it does not; indicators with no target set or no "
    "recorded actual count as neither.",
)
REFUSALS = {
    "empty": (
        "質問の文が読み取れませんでした。事業名や知りたい項目を入れて質問してください。",
        "I could not read a question there. Please ask about a project or a figure.",
    ),
    "too_long": (
        "質問が長すぎます（{limit:,}文字まで）。短くしてもう一度お試しください。",
        "The question is too long (at most {limit:,} characters). Please shorten it.",
    ),
    "other_city": (
        "シートに含まれるのは{cities}の事業だけで、「{detail}」の事業は含まれていないため答えられません。",
        "The sheets only cover the projects of {cities}, so they do not say anything about {detail}.",
    ),
    "not_on_sheets": (
        "その情報（担当者名・個人の給与・連絡先など）は事務事業マネジメントシートに記載されていません。",
        "The sheets do not record that (staff names, what one person is paid, contact details and the like).",
    ),
    "opinion": (
        "シートは事実と市の自己評価を記録したもので、意見や賛否には答えられません。",
        "The sheets record facts and the city's own evaluation; they do not answer questions of opinion.",
    ),
    "future": (
        "シートは{latest}までの実績と計画を記録したもので、将来の出来事は記載されていません。",
        "The sheets record results and plans up to {latest}; they do not say what will happen.",
    ),
    "a_day": (
        "シートは年度ごとの実績と計画を記録したもので、ある日や時刻のこと（天気、時刻表など）は記載されていません。",
        "The sheets record each fiscal year's results and plans; they do not say what holds on a day or at an hour "
        "(the weather, a timetable).",
    ),
    "unknown_project": (
        "「{detail}」に当たる事業はシートにありません。",
        'No sheet covers a project called "{detail}".',
    ),
    "no_project": (
        "どの事業についての質問か分かりませんでした。事業名か番号（例: 097）を入れてください。",
        "I could not tell which project you mean. Please name it or give its number (e.g. 097).",
    ),
    "negation": (
        "「{detail}」の否定を条件として読み取れませんでした。逆の条件で答えてしまわないよう、ここでは答えません。"
        "「…以外」の形で言い換えると読み取れることがあります。",
        "I could not read the “not” of “{detail}” as a condition, so I do not answer rather than answer the opposite. "
        "Saying it as “other than …” may help.",
    ),
    "not_found": (
        "シートにはその内容についての記載が見つかりませんでした。",
        "The sheets do not say anything about that.",
    ),
}
# What the sheets cover, generated from the table (``answering.refusal.Coverage``); the refusals above take
# {cities} and {latest} (the latest fiscal year) from it too. An off-topic question is refused with the
# ``not_found`` words, after the words of it the sheets do not have.
NEAREST = ("シートにあるのは、{covered}。", "What the sheets do cover: {covered}.")


def say(lang: str, ja: str, en: str) -> str:
    return ja if lang == "ja" else en


def cost_label(item: str, lang: str) -> str:
    return COST_ITEMS[item] if lang == "ja" else f"{COST_LABELS_EN[item]} ({COST_ITEMS[item]})"


def evaluation_label(name: str, lang: str) -> str:
    return EVALUATION_FIELDS[name] if lang == "ja" else f"{EVALUATION_LABELS_EN[name]} ({EVALUATION_FIELDS[name]})"


def field_label(name: str, lang: str) -> str:
    ja, en = SHEET_FIELD_LABELS[name]
    return ja if lang == "ja" else f"{en} ({ja})"


def section_heading(section_id: str, lang: str, form: str | None = None, heading: str | None = None) -> str:
    """The section's heading as its form prints it (Tsukuba's unless ``form`` or the printed ``heading`` says)."""
    kind = BY_ID[section_id] if form is None and heading is None else find_kind(section_id, heading, form)
    return kind.heading if lang == "ja" else f"{kind.title_en} ({kind.heading})"


def year_label(year: str, lang: str) -> str:
    return label(year, lang)


def cost_value(item: str, value: float | int | str | None, lang: str) -> str:
    """``6954`` → ``6,954千円`` / ``6,954 thousand yen``; ratios and hours keep two decimals as printed."""
    if isinstance(value, str):
        return value if lang == "ja" else VALUE_WORDS_EN.get(value, value)
    unit = COST_UNITS[item]
    # (an average of amounts keeps one decimal, as the parser's answers print it: 6,283.4)
    whole = float(value).is_integer()
    number = f"{value:,.2f}" if item in ("staff_ratio", "overtime_hours") else f"{value:,.0f}" if whole else f"{value:,.1f}"
    if lang == "ja":
        return f"{number}{unit}"
    english_units = {"千円": " thousand yen", "人": " FTE", "時間": " hours"}
    return f"{number}{english_units.get(unit, '')}"


def number(value: float) -> str:
    """An indicator value as the sheet prints it: ``685.0`` → ``685``, ``1.5`` → ``1.5``."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def value_word(text: str, lang: str) -> str:
    return text if lang == "ja" else VALUE_WORDS_EN.get(text, text)


def project_label(number: str, name: str) -> str:
    return f"{number} {name}"
