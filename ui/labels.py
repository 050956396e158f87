"""The app's words in Japanese and English, and the templates its title and example questions are made from.

Nothing here names a corpus: the cities, years and projects come from the live build's table
(``sheets.city_examples`` and ``answering.refusal.coverage``), so one city or several read naturally.
"""

from __future__ import annotations

from dataclasses import dataclass

from jimuqa.answering import phrases as p
from jimuqa.answering.catalogue import field_info
from jimuqa.answering.cities import english_name
from jimuqa.answering.refusal import Coverage
from jimuqa.index.model import COST_ITEMS


@dataclass(frozen=True)
class ExampleTemplate:
    """An example question, filled in for each city whose sheets have what it ``needs`` (``sheets.CityExamples``):
    ``targets`` (a year whose indicators have targets: ``{year}``), ``budget`` (a project with a budget:
    ``{project}``, and its ``{year}``), ``spent`` (the latest ``{year}`` with an amount spent, and the field that
    holds it: ``{spent}``), ``department`` (``{department}``), ``direction`` (a project with a direction:
    ``{project}``, and the field: ``{direction}``) or ``project`` (any project: ``{project}``). ``{scope}`` names
    the city when several are loaded; a project's name needs none. Fields are named as the city's form prints
    them, in English too: the planner reads a form's own labels in either language."""

    needs: str
    ja: str
    en: str


EXAMPLE_TEMPLATES = (
    ExampleTemplate("targets", "{scope}{year}の目標を達成できなかった事業はどれ?", "Which projects{scope} missed their {year} targets?"),
    ExampleTemplate("budget", "{scope}{year}の決算額の合計は?", "What was the total settled amount{scope} in {year}?"),
    ExampleTemplate("spent", "{scope}{year}の{spent}が一番大きい事業は?", "Which project{scope} had the largest {spent} in {year}?"),
    ExampleTemplate("department", "{scope}{department}の事業は何件?", "How many projects{scope} does {department} have?"),
    ExampleTemplate("budget", "{project}の予算は?", "What is the budget of {project}?"),
    ExampleTemplate("direction", "{project}の{direction}は?", "What is the {direction} of {project}?"),
    ExampleTemplate("project", "{project}の課題は?", "What are the issues of {project}?"),
)  # fmt: skip
# ``{scope}`` of a template, when more than one city is loaded. English names the city as printed too: the
# planner reads the printed name, but an English name followed by it in parentheses turned a structured
# question narrative (checked on the two-city build, docs/two-cities.md).
CITY_SCOPE = {"ja": "{city}の", "en": " of {city}"}
NARRATIVE_EXAMPLE = EXAMPLE_TEMPLATES[-1]  # the app's warm-up question: it loads the embedding model

# Every word of the interface, by language. Component labels are switched with the language radio.
LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "title": "## 事務事業評価シート Q&A",
        "description": "{cities}の事務事業評価シートに、出典つきで答えます。",
        "city_cover": "{city}（{years}・{sheets}事業）",
        "and": "と",
        "coverage": "シートの範囲",
        "coverage_text": "シートにあるのは、{covered}。",
        "all": "すべて",
        "city_filter": "市",
        "department_filter": "部課",
        "chat_tab": "質問する",
        "projects_tab": "事業一覧",
        "chatbot": "会話",
        "chat_placeholder": "質問を入力するか、下の例をクリックしてください。",
        "question": "質問",
        "question_placeholder": "例: {example}",
        "send": "送信",
        "clear": "会話をクリア",
        "examples": "質問の例（クリックで質問します）",
        "answer_table": "回答の表",
        "answer_plot": "回答のグラフ",
        "feedback_note": "各回答の下の親指ボタン（👍 良い / 👎 良くない）で評価できます。コメントは任意です。個人を特定する情報は保存しません。",
        "comment": "コメント（任意）",
        "comment_placeholder": "回答へのご意見をどうぞ",
        "comment_send": "コメントを送信",
        "projects_table": "全事業（列名で並べ替え・検索）",
        "sheet_select": "シートを表示する事業",
        "costs_plot": "予算額と決算額（千円）",
        "indicators_plot": "指標の目標値と実績",
        "sources": "出典",
        "lines": "{file} {first}〜{last}行",
        "rated": "評価を記録しました。ありがとうございます。",
        "comment_saved": "コメントを記録しました。ありがとうございます。",
        "nothing_to_rate": "評価できる回答がまだありません。",
        "empty_comment": "コメントが空です。",
        "error": "回答を作れませんでした（内部エラー）。もう一度お試しください。",
        "generated": "この回答は言語モデルが出典の記述から作成し、数字と出典を照合済みです。",
        "fallback": "言語モデルの回答は照合できなかったか時間内に得られなかったため、シートの記述をそのまま示しています。",
        "no_sheet": "事業を選ぶと、シートの内容とグラフを表示します。",
        "budget": "予算額",
        "settlement": "決算額",
        "target": "目標値",
        "actual": "実績",
        # The table and charts under an answer.
        "rank": "順位",
        "project": "事業",
        "year": "年度",
        "years": "比較した年度",
        "indicator": "指標",
        "unit": "単位",
        "status": "判定",
        "before": "比較元",
        "after": "比較先",
        "difference": "増減",
        "percent": "増減率",
        "rate": "執行率",
        "total": "合計",
        "average": "平均",
        "fiscal_year_axis": "年度",
        "value_axis": "値",
        "figure_title": "{year}の{item}",
        "with_unit": "{label}（{unit}）",
        "separator": "・",
    },
    "en": {
        "title": "## Project evaluation sheet Q&A",
        "description": "Answers, with their sources, from the project evaluation sheets (事務事業評価) of {cities}.",
        "city_cover": "{english} ({city}; {years}, {sheets} projects)",
        "and": " and ",
        "coverage": "What the sheets cover",
        "coverage_text": "The sheets hold {covered}.",
        "all": "All",
        "city_filter": "City",
        "department_filter": "Department",
        "chat_tab": "Ask",
        "projects_tab": "Projects",
        "chatbot": "Conversation",
        "chat_placeholder": "Type a question, or click an example below.",
        "question": "Question",
        "question_placeholder": "e.g. {example}",
        "send": "Send",
        "clear": "Clear conversation",
        "examples": "Example questions (click to ask)",
        "answer_table": "Answer table",
        "answer_plot": "Answer chart",
        "feedback_note": "Rate an answer with the thumb buttons below it (👍 good / 👎 not good). A comment is optional. "
        "Nothing that identifies you is stored.",
        "comment": "Comment (optional)",
        "comment_placeholder": "What did you think of the answer?",
        "comment_send": "Send comment",
        "projects_table": "All projects (sort by column; search)",
        "sheet_select": "Show the sheet of",
        "costs_plot": "Budget and settled amount (thousand yen)",
        "indicators_plot": "Indicator targets and actuals",
        "sources": "Sources",
        "lines": "{file}, lines {first}–{last}",
        "rated": "Thank you: your rating was recorded.",
        "comment_saved": "Thank you: your comment was recorded.",
        "nothing_to_rate": "There is no answer to rate yet.",
        "empty_comment": "The comment is empty.",
        "error": "Something went wrong while answering (internal error). Please try again.",
        "generated": "A language model wrote this answer from the cited sources; its numbers and citations were checked.",
        "fallback": "The language model's answer could not be checked or took too long, so the sheets' own words are shown.",
        "no_sheet": "Choose a project to read its sheet and see its charts.",
        "budget": "Budget",
        "settlement": "Settled amount",
        "target": "Target",
        "actual": "Actual",
        # The table and charts under an answer.
        "rank": "Rank",
        "project": "Project",
        "year": "Year",
        "years": "Years compared",
        "indicator": "Indicator",
        "unit": "Unit",
        "status": "Status",
        "before": "From",
        "after": "To",
        "difference": "Change",
        "percent": "Change",
        "rate": "Execution rate",
        "total": "Total",
        "average": "Average",
        "fiscal_year_axis": "Fiscal year",
        "value_axis": "Value",
        "figure_title": "{item}, {year}",
        "with_unit": "{label} ({unit})",
        "separator": ", ",
    },
}
LANGUAGES = (("日本語", "ja"), ("English", "en"))

# The sheets' units, as an English reader writes them (a unit missing here is shown as printed).
UNITS_EN = {"千円": "thousand yen", "人": "FTE", "時間": "hours", "%": "%"}


def unit_word(unit: str, lang: str) -> str:
    return unit if lang == "ja" else UNITS_EN.get(unit, unit)


def with_unit(label: str, unit: str, lang: str) -> str:
    """``決算額（千円）`` / ``Settled amount (thousand yen)``; the label alone when there is no unit."""
    return LABELS[lang]["with_unit"].format(label=label, unit=unit_word(unit, lang)) if unit else label


def item_label(item: str, lang: str) -> str:
    """A cost item's short name: the interface's own word where it has one, else the sheet's (or its English)."""
    if item in LABELS[lang]:
        return LABELS[lang][item]
    return COST_ITEMS[item] if lang == "ja" else p.COST_LABELS_EN[item].capitalize()


# ---- the page's words about the loaded sheets ------------------------------------------------------------


def description(cover: Coverage, lang: str) -> str:
    """The line under the title: which cities' sheets, of which years, how many projects."""
    w = LABELS[lang]
    cities = [
        w["city_cover"].format(
            city=c.city,
            english=english_name(c.city),
            years=w["separator"].join(p.year_label(y, lang) for y in c.years),
            sheets=c.sheets,
        )
        for c in cover.cities
    ]
    return w["description"].format(cities=w["and"].join(cities))


def title(cover: Coverage, lang: str) -> str:
    return f"{LABELS[lang]['title']}\n{description(cover, lang)}" if cover.cities else LABELS[lang]["title"]


def coverage_text(cover: Coverage, lang: str) -> str:
    return LABELS[lang]["coverage_text"].format(covered=cover.covered(lang)) if cover.cities else ""


def example_questions(cities: list, lang: str, templates: tuple[ExampleTemplate, ...] = EXAMPLE_TEMPLATES) -> list[str]:
    """``templates`` filled in for each city (``sheets.CityExamples``) that has what a template needs."""
    out = []
    for template in templates:
        for c in cities:
            fields = _example_fields(c, template.needs, lang, many=len(cities) > 1)
            if fields is not None:
                out.append((template.ja if lang == "ja" else template.en).format(**fields))
    return out


def _example_fields(c, needs: str, lang: str, many: bool) -> dict | None:
    scope = CITY_SCOPE[lang].format(city=c.city) if many else ""
    if needs == "targets":
        return {"scope": scope, "year": p.year_label(c.target_year, lang)} if c.target_year else None
    if needs == "budget":
        return (
            {"scope": scope, "project": c.budget_project, "year": p.year_label(c.budget_year, lang)}
            if c.budget_project
            else None
        )
    if needs == "spent":
        return (
            {"scope": scope, "year": p.year_label(c.spent_year, lang), "spent": field_info(c.spent_field).label_ja}
            if c.spent_year
            else None
        )
    if needs == "department":
        return {"scope": scope, "department": c.department} if c.department else None
    if needs == "direction":
        return (
            {"project": c.direction_project, "direction": field_info(c.direction_field).label_ja}
            if c.direction_project
            else None
        )
    return {"scope": scope, "project": c.project}
