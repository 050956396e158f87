"""The app's words in Japanese and English, and its example questions."""

from __future__ import annotations

from jimuqa.answering import phrases as p
from jimuqa.index.model import COST_ITEMS

EXAMPLES = (
    "令和2年度の目標を達成できなかった事業はどれ?",
    "ロボットの事業の予算は?",
    "JAXAと協定を結んだ事業は?",
    "各事業の令和2年度の決算額は?",
    "Which projects missed their FY2020 targets?",
    "What was the total settled amount across all projects in FY2020?",
    "What is the budget of the robot project?",
)

# Every word of the interface, by language. Component labels are switched with the language radio.
LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "title": "## 事務事業マネジメントシート Q&A\nつくば市・令和2年度の事務事業マネジメントシートに、出典つきで答えます。",
        "chat_tab": "質問する",
        "projects_tab": "事業一覧",
        "chatbot": "会話",
        "chat_placeholder": "質問を入力するか、下の例をクリックしてください。",
        "question": "質問",
        "question_placeholder": "例: 令和2年度の目標を達成できなかった事業はどれ?",
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
        "title": "## Project management sheet Q&A\nAnswers, with their sources, from Tsukuba City's FY2020 "
        "事務事業マネジメントシート (project management sheets).",
        "chat_tab": "Ask",
        "projects_tab": "Projects",
        "chatbot": "Conversation",
        "chat_placeholder": "Type a question, or click an example below.",
        "question": "Question",
        "question_placeholder": "e.g. Which projects missed their FY2020 targets?",
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
