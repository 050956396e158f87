"""The Gradio app: a thin adapter over ``answering.answer(question, history)``.

    python app.py [--host 127.0.0.1] [--port 7860] [--data DIR]      (or: jimuqa serve)

Two tabs: a chat whose answers stream in with their cited sections (folded, the quote highlighted),
a table and a chart; and every sheet, readable section by section with its costs and indicators
charted. The interface is in Japanese with a switch to English. Everything from the corpus or the
user is HTML-escaped before any markup is added; nothing is fetched from outside the machine.
"""

from __future__ import annotations

import argparse
import html
import logging
import math
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from contextlib import closing
from functools import cache
from pathlib import Path

from jimuqa.settings import set_offline_environment

# Hugging Face and Gradio read these when imported: set them first.
set_offline_environment()

import gradio as gr  # noqa: E402

from answering import answer, load_engine  # noqa: E402
from answering import phrases as p  # noqa: E402
from answering.engine import current_engine  # noqa: E402
from answering.types import STRUCTURED, Answer, Citation  # noqa: E402
from index.sections import BY_ID, SECTION_KINDS  # noqa: E402
from index.table import open_table  # noqa: E402
from index.years import western  # noqa: E402
from jimuqa.feedback import add_comment, feedback_path, record_feedback  # noqa: E402
from jimuqa.settings import TABLE_FILE, Settings, load_settings  # noqa: E402

log = logging.getLogger("jimuqa.app")

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 7860
QUEUE_CONCURRENCY, QUEUE_MAX_SIZE = 2, 32  # 2 cores: two answers at a time, a bounded wait for the rest
STREAM_DELAY_S = 0.03  # between streamed lines, so an answer visibly arrives line by line
WARM_UP_QUESTION = "JAXAと協定を結んだ事業は?"  # a narrative question: loads the embedding model before serving

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
        "no_sheet": "事業を選ぶと、シートの内容とグラフを表示します。",
        "budget": "予算額",
        "settlement": "決算額",
        "target": "目標値",
        "actual": "実績",
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
        "no_sheet": "Choose a project to read its sheet and see its charts.",
        "budget": "Budget",
        "settlement": "Settled",
        "target": "Target",
        "actual": "Actual",
    },
}
LANGUAGES = (("日本語", "ja"), ("English", "en"))

CSS = """
.gradio-container { width: 100% !important; max-width: 1100px !important; margin: 0 auto !important; }
/* A wide table scrolls inside its box instead of widening the page (phones). */
#projects-table, #answer-table { max-width: 100%; min-width: 0 !important; overflow-x: auto; }
#chat table, .sheet-view table, #chat pre { display: block; max-width: 100%; overflow-x: auto; }
#chat .sources { margin-top: 0.5em; }
#chat .sources-title { font-weight: 600; margin: 0.25em 0; }
details.source { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 0.2em 0.6em;
  margin: 0.3em 0; }
details.source > summary { cursor: pointer; overflow-wrap: anywhere; }
.source-text { margin: 0.4em 0; max-height: 22em; overflow-y: auto; overflow-wrap: anywhere; font-size: 0.92em; }
.source-where { font-size: 0.8em; opacity: 0.75; overflow-wrap: anywhere; }
mark { background: #fde047; color: #111; padding: 0 0.1em; }
.sheet-view { overflow-wrap: anywhere; }
.sheet-view section { margin-bottom: 0.8em; }
.sheet-view h3, .sheet-view h4 { margin: 0.6em 0 0.2em; }
@media (max-width: 600px) {
  .gradio-container { padding: 4px !important; }
  #header-row, #question-row, #comment-row { flex-direction: column; }
  #header-row > *, #question-row > *, #comment-row > * { width: 100% !important; max-width: 100% !important; }
}
"""


# ---------------------------------------------------------------------------------------------
# Rendering: escape first, then add our own markup. Pure functions, unit-tested.

_BLOCKQUOTE = re.compile(r"^([ \t]*)((?:&gt;[ \t]?)+)", re.MULTILINE)
_LINK_DEFINITION = re.compile(r"^([ \t]{0,3})\[", re.MULTILINE)


def safe_markdown(text: str) -> str:
    """Markdown that can format (bold, lists, tables, quotes) but neither inject HTML nor load anything.

    Every ``<`` and ``&`` is escaped, so no tag or entity trick survives; ``>`` is kept only where it
    starts a Markdown quote. Image and link syntax (``![x](url)``, ``[x](url)``, ``[x]: url``) is
    broken with entities so it shows as text and nothing is fetched.
    """
    escaped = html.escape(text or "", quote=False)
    escaped = _BLOCKQUOTE.sub(lambda m: m.group(1) + m.group(2).replace("&gt;", ">"), escaped)
    escaped = escaped.replace("![", "&#33;[").replace("](", "]&#40;")
    return _LINK_DEFINITION.sub(r"\1&#91;", escaped)


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, line breaks kept (no raw newline, so it stays one Markdown block)."""
    return html.escape(text or "").replace("\r\n", "\n").replace("\n", "<br>")


def highlight(text: str, quote: str) -> str:
    """``text`` as escaped HTML with the first occurrence of ``quote`` wrapped in ``<mark>``."""
    start = text.find(quote) if quote else -1
    if start < 0:
        return text_html(text)
    end = start + len(quote)
    return f"{text_html(text[:start])}<mark>{text_html(quote)}</mark>{text_html(text[end:])}"


def citation_title(citation: Citation, lang: str) -> str:
    heading = p.section_heading(citation.section, lang) if _known_section(citation.section) else citation.heading
    return f"[{citation.n}] {citation.sheet} {citation.project} — {heading}"


def _known_section(section_id: str) -> bool:
    return section_id in BY_ID


def source_html(citation: Citation, section_text: str | None, lang: str) -> str:
    """One cited source, folded: its title; opened, the section's full text with the quote marked."""
    body = highlight(section_text, citation.quote) if section_text else f"<mark>{text_html(citation.quote)}</mark>"
    where = LABELS[lang]["lines"].format(file=citation.file, first=citation.first_line, last=citation.last_line)
    return (
        f'<details class="source"><summary>{html.escape(citation_title(citation, lang))}</summary>'
        f'<div class="source-text">{body}</div><div class="source-where">{html.escape(where)}</div></details>'
    )


def sources_html(citations: list[Citation], section_texts: list[str | None], lang: str) -> str:
    """The sources under an answer, on one line so Markdown passes it through as one HTML block."""
    if not citations:
        return ""
    items = "".join(source_html(c, t, lang) for c, t in zip(citations, section_texts, strict=True))
    return f'<div class="sources"><div class="sources-title">{LABELS[lang]["sources"]}</div>{items}</div>'


def answer_markdown(result: Answer, section_texts: list[str | None]) -> str:
    """What the chat shows for an answer: its escaped Markdown, then its folded sources."""
    sources = sources_html(result.citations, section_texts, _lang(result.lang))
    return safe_markdown(result.text) + (f"\n\n{sources}" if sources else "")


def sheet_html(title: str, sections: list[dict], lang: str) -> str:
    """A whole sheet, section by section, as escaped readable text."""
    parts = [f'<div class="sheet-view"><h3>{html.escape(title)}</h3>']
    for section in sections:
        heading = p.section_heading(section["section"], lang) if _known_section(section["section"]) else ""
        parts.append(
            f"<section><h4>{html.escape(heading or section['heading'])}</h4><p>{text_html(section['text'])}</p></section>"
        )
    parts.append("</div>")
    return "".join(parts)


def status_text(counts: dict[str, int], lang: str) -> str:
    """Indicator status of a sheet's own year, e.g. ``達成1/未達成0/目標なし1``."""
    words = {
        "ja": {"met": "達成", "missed": "未達成", "no_target": "目標なし", "not_recorded": "未記録"},
        "en": {"met": "met ", "missed": "missed ", "no_target": "no target ", "not_recorded": "not recorded "},
    }[lang]
    shown = ["met", "missed", "no_target"] + (["not_recorded"] if counts.get("not_recorded") else [])
    return ("/" if lang == "ja" else " / ").join(f"{words[s]}{counts.get(s, 0)}" for s in shown)


def _lang(lang: str | None) -> str:
    return "en" if lang == "en" else "ja"


# ---------------------------------------------------------------------------------------------
# The table, read-only: section texts for sources, and the sheets for the projects tab.

SECTION_TEXT_SQL = """
SELECT se.text FROM sections se JOIN sheets s ON s.id = se.sheet_id
WHERE s.number = ? AND s.fiscal_year = ? AND se.section = ?
"""


def section_texts(db: sqlite3.Connection, citations: list[Citation]) -> list[str | None]:
    texts = []
    for c in citations:
        row = db.execute(SECTION_TEXT_SQL, (c.sheet, c.fiscal_year, c.section)).fetchone()
        texts.append(row[0] if row else None)
    return texts


def list_sheets(db: sqlite3.Connection) -> list[dict]:
    """Every sheet with its settled amount and indicator status counts for the sheet's own year."""
    sheets = [
        dict(row)
        for row in db.execute(
            "SELECT s.id, s.number, s.name, s.fiscal_year, s.section AS team, s.direction, c.settlement "
            "FROM sheets s LEFT JOIN costs c ON c.sheet_id = s.id AND c.year = s.fiscal_year "
            "ORDER BY s.fiscal_year, s.rowid"
        )
    ]
    counts: dict[int, dict[str, int]] = {}
    for sheet_id, status, count in db.execute(
        "SELECT sheet_id, status, count(*) FROM indicator_status WHERE year = sheet_year GROUP BY sheet_id, status"
    ):
        counts.setdefault(sheet_id, {})[status] = count
    for sheet in sheets:
        sheet["statuses"] = counts.get(sheet["id"], {})
    return sheets


def sheet_key(sheet: dict) -> str:
    return f"{sheet['fiscal_year']}:{sheet['number']}"


def projects_table(sheets: list[dict], lang: str) -> dict:
    years = sorted({s["fiscal_year"] for s in sheets})
    year = p.year_label(years[0], lang) if len(years) == 1 else ""
    headers = {
        "ja": ["番号", "事業名", "係", f"{year} 決算額（千円）".strip(), "指標の達成状況", "方向性"],
        "en": ["No.", "Project", "Team (係)", f"{year} settled (thousand yen)".strip(), "Indicators", "Direction"],
    }[lang]
    data = [
        [
            s["number"],
            s["name"],
            s["team"] or "",
            s["settlement"],
            status_text(s["statuses"], lang),
            p.value_word(s["direction"], lang) if s["direction"] else "",
        ]
        for s in sheets
    ]
    return {"headers": headers, "data": data}


def sheet_sections(db: sqlite3.Connection, sheet_id: int) -> list[dict]:
    rows = {r["section"]: dict(r) for r in db.execute("SELECT * FROM sections WHERE sheet_id = ?", (sheet_id,))}
    ordered = [rows.pop(kind.id) for kind in SECTION_KINDS if kind.id in rows]
    return ordered + list(rows.values())


def sheet_costs(db: sqlite3.Connection, sheet: dict) -> list[dict]:
    rows = db.execute("SELECT year, budget, settlement FROM costs WHERE sheet_id = ?", (sheet["id"],))
    records = [{"project": sheet["number"], **dict(r)} for r in rows]
    return sorted(records, key=lambda r: western(r["year"]))


def sheet_indicators(db: sqlite3.Connection, sheet: dict) -> list[dict]:
    rows = db.execute(
        "SELECT indicator_no, indicator, year, target, actual FROM indicator_status "
        "WHERE sheet_id = ? AND (target IS NOT NULL OR actual IS NOT NULL)",
        (sheet["id"],),
    )
    records = [
        {
            "project": sheet["number"],
            "indicator": f"{sheet['number']}-{r['indicator_no']} {r['indicator']}",
            "year": r["year"],
            "target": r["target"],
            "actual": r["actual"],
        }
        for r in rows
    ]
    return sorted(records, key=lambda r: (r["indicator"], western(r["year"])))


def rows_table(rows: list[dict], lang: str) -> dict:
    """An answer's rows for a Dataframe: headers and status/item words in the interface language."""
    keys = list(dict.fromkeys(key for row in rows for key in row))
    header_words = {
        "sheet": ("事業番号", "project no."),
        "indicator": ("指標番号", "indicator no."),
        "year": ("年度", "year"),
        "target": ("目標値", "target"),
        "actual": ("実績", "actual"),
        "status": ("判定", "status"),
        "value": ("値", "value"),
        "item": ("項目", "item"),
    }
    headers = [p.say(lang, *header_words[k]) if k in header_words else k for k in keys]
    return {"headers": headers, "data": [[_cell(k, row.get(k), lang) for k in keys] for row in rows]}


def _cell(key: str, value, lang: str):
    if value is None:
        return ""
    if key == "status" and value in p.STATUS_WORDS:
        return p.say(lang, *p.STATUS_WORDS[value])
    if key == "item" and value in p.COST_LABELS_EN:
        return p.cost_label(value, lang)
    if key == "year" and isinstance(value, str):
        try:
            return p.year_label(value, lang)
        except (KeyError, ValueError):
            return value
    return value if isinstance(value, str | int | float) else str(value)


# ---------------------------------------------------------------------------------------------
# Charts (matplotlib, rendered to an image on the server: nothing loads in the browser).


@cache
def japanese_font() -> str | None:
    """The family name of an installed font that renders Japanese, registered with matplotlib; or None."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listing = subprocess.run([fc_list, ":lang=ja", "file"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    from matplotlib import font_manager

    for path in sorted(line.split(":")[0].strip() for line in listing.splitlines() if line.strip()):
        try:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
    return None


def configure_charts() -> bool:
    """Headless rendering, and a Japanese font first when one is installed. True when Japanese renders."""
    import matplotlib

    matplotlib.use("Agg")
    font = japanese_font()
    if font:
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["font.sans-serif"] = [font, *matplotlib.rcParams["font.sans-serif"]]
    return font is not None


def _chart_lang(lang: str, japanese: bool) -> str:
    # Without a Japanese font every chart word is English, so nothing renders as tofu boxes.
    return lang if japanese else "en"


def _year_tick(year: str, lang: str) -> str:
    return year if lang == "ja" else p.year_label(year, "en")


def _indicator_title(label: str, japanese: bool) -> str:
    # Without a Japanese font, only the "097-1" part: no tofu boxes.
    code, _, name = label.partition(" ")
    return "\n".join(textwrap.wrap(label, 18)[:2]) if japanese and name else code


def _grid(count: int, width: float = 3.4, height: float = 2.8):
    from matplotlib.figure import Figure

    columns = min(3, max(1, count))
    rows = math.ceil(count / columns)
    figure = Figure(figsize=(width * columns, height * rows), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for extra in axes[count:]:
        extra.set_visible(False)
    return figure, axes[:count]


def _paired_bars(ax, ticks: list[str], first: list, second: list, names: tuple[str, str], colors: tuple[str, str]):
    width = 0.38
    for offset, values, name, color in (
        (-width / 2, first, names[0], colors[0]),
        (width / 2, second, names[1], colors[1]),
    ):
        xs = [i + offset for i, v in enumerate(values) if v is not None]
        heights = [v for v in values if v is not None]
        bars = ax.bar(xs, heights, width, label=name, color=color)
        ax.bar_label(bars, labels=[p.number(v) for v in heights], fontsize=7, padding=1)
    ax.set_xticks(range(len(ticks)), ticks, fontsize=8)
    ax.margins(y=0.15)
    ax.tick_params(axis="y", labelsize=7)


def attainment_figure(records: list[dict], lang: str, japanese: bool):
    """Target against actual for each indicator (one small chart each: their scales differ)."""
    lang = _chart_lang(lang, japanese)
    indicators = list(dict.fromkeys(r["indicator"] for r in records))
    figure, axes = _grid(len(indicators))
    for ax, indicator in zip(axes, indicators, strict=True):
        mine = sorted((r for r in records if r["indicator"] == indicator), key=lambda r: western(r["year"]))
        _paired_bars(
            ax,
            [_year_tick(r["year"], lang) for r in mine],
            [r["target"] for r in mine],
            [r["actual"] for r in mine],
            (LABELS[lang]["target"], LABELS[lang]["actual"]),
            ("#94a3b8", "#2563eb"),
        )
        ax.set_title(_indicator_title(indicator, japanese), fontsize=9)
    axes[0].legend(fontsize=7)
    figure.suptitle(LABELS[lang]["indicators_plot"], fontsize=10)
    return figure


def costs_figure(records: list[dict], lang: str, japanese: bool):
    """予算額 and 決算額 per year, one chart per project."""
    lang = _chart_lang(lang, japanese)
    words = LABELS[lang]
    projects = list(dict.fromkeys(r["project"] for r in records))
    figure, axes = _grid(len(projects), width=5.2, height=3.0)
    for ax, project in zip(axes, projects, strict=True):
        mine = sorted((r for r in records if r["project"] == project), key=lambda r: western(r["year"]))
        _paired_bars(
            ax,
            [_year_tick(r["year"], lang) for r in mine],
            [r.get("budget") for r in mine],
            [r.get("settlement") for r in mine],
            (words["budget"], words["settlement"]),
            ("#94a3b8", "#059669"),
        )
        ax.set_title(project, fontsize=9)
    axes[0].legend(fontsize=7)
    figure.suptitle(words["costs_plot"], fontsize=10)
    return figure


def chart_figure(chart, lang: str, japanese: bool):
    """The figure for an answer's chart, or None."""
    if chart is None or not chart.records:
        return None
    if chart.kind == "attainment":
        return attainment_figure(chart.records, lang, japanese)
    if chart.kind == "costs":
        return costs_figure(chart.records, lang, japanese)
    return None


# ---------------------------------------------------------------------------------------------
# The app.


def new_state() -> dict:
    """Per browser session: the raw history for answer(), what the chat shows, and each answer's record."""
    return {"history": [], "display": [], "turns": {}, "last_feedback": None}


class ChatApp:
    """The handlers, over one engine loaded once per process."""

    def __init__(self, settings: Settings, engine, japanese_charts: bool):
        self.settings = settings
        self.engine = engine
        self.japanese = japanese_charts
        self.feedback_path = feedback_path(settings.data_dir)
        self._lock = threading.Lock()

    def _engine(self):
        """The engine over the live build: after a rebuild the next question uses the new data."""
        with self._lock:
            self.engine = current_engine(self.engine, self.settings)
            return self.engine

    def _db(self) -> sqlite3.Connection:
        return open_table(Path(self._engine().build_dir) / TABLE_FILE)

    # -- chat ------------------------------------------------------------------------------

    def chat(self, question: str, state: dict | None, ui_lang: str):
        """Answer ``question`` with the conversation so far, streaming the answer line by line."""
        state = state or new_state()
        question = (question or "").strip()
        hidden = (gr.update(visible=False, value=None), gr.update(visible=False, value=None))
        if not question:
            yield state["display"], "", *hidden, state
            return
        try:
            result = answer(question, state["history"], engine=self._engine())
        except Exception:  # a failure answers this question only; the app stays up
            log.exception("answer() failed for %r", question)
            result = Answer(question, LABELS[_lang(ui_lang)]["error"], _lang(ui_lang), "unanswerable")
        if len(question) > self.settings.max_question_chars:
            gr.Warning(result.text)
        shown = [*state["display"], {"role": "user", "content": safe_markdown(question)}]
        lines = safe_markdown(result.text).split("\n")
        for count in range(1, len(lines) + 1):
            yield [*shown, {"role": "assistant", "content": "\n".join(lines[:count])}], "", *hidden, state
            time.sleep(STREAM_DELAY_S)
        with closing(self._db()) as db:
            texts = section_texts(db, result.citations)
        final = [*shown, {"role": "assistant", "content": answer_markdown(result, texts)}]
        state = self._remember(state, question, result, final)
        yield final, "", *self._answer_extras(result, _lang(ui_lang)), state

    def _remember(self, state: dict, question: str, result: Answer, display: list[dict]) -> dict:
        turns = dict(state["turns"])
        turns[str(len(display) - 1)] = {
            "question": question,
            "answer": result.text,
            "citations": [c.to_json() for c in result.citations],
            "lang": result.lang,
        }
        history = [
            *state["history"],
            {"role": "user", "content": question},
            {"role": "assistant", "content": result.text},
        ]
        return {**state, "history": history, "display": display, "turns": turns}

    def _answer_extras(self, result: Answer, lang: str) -> tuple:
        words = LABELS[lang]
        table = gr.update(visible=False, value=None)
        if result.kind == STRUCTURED and result.rows:
            table = gr.update(visible=True, value=rows_table(result.rows, lang), label=words["answer_table"])
        figure = chart_figure(result.chart, lang, self.japanese) if result.kind == STRUCTURED else None
        plot = gr.update(visible=figure is not None, value=figure)
        return table, plot

    def clear(self):
        state = new_state()
        hidden = gr.update(visible=False, value=None)
        return [], "", hidden, hidden, "", state

    # -- feedback --------------------------------------------------------------------------

    def rate(self, state: dict | None, comment: str, ui_lang: str, data: gr.LikeData):
        """👍 / 👎 under an answer: stored with the question, answer and citations (and the comment so far)."""
        state = state or new_state()
        index = data.index[0] if isinstance(data.index, list | tuple) else data.index
        turn = state["turns"].get(str(index))
        rating = {True: "up", False: "down"}.get(data.liked) if isinstance(data.liked, bool) else None
        words = LABELS[_lang(ui_lang)]
        if turn is None or rating is None:
            return words["nothing_to_rate"], comment, state
        feedback_id = record_feedback(
            self.feedback_path,
            question=turn["question"],
            answer=turn["answer"],
            citations=turn["citations"],
            rating=rating,
            comment=comment or "",
            lang=turn["lang"],
        )
        return words["rated"], "", {**state, "last_feedback": feedback_id}

    def comment(self, comment: str, state: dict | None, ui_lang: str):
        """A comment on the answer rated last (or, before any rating, on the latest answer)."""
        state = state or new_state()
        words = LABELS[_lang(ui_lang)]
        if not (comment or "").strip():
            return words["empty_comment"], comment, state
        if state["last_feedback"] is not None and add_comment(self.feedback_path, state["last_feedback"], comment):
            return words["comment_saved"], "", state
        if not state["turns"]:
            return words["nothing_to_rate"], comment, state
        turn = state["turns"][max(state["turns"], key=int)]
        feedback_id = record_feedback(
            self.feedback_path,
            question=turn["question"],
            answer=turn["answer"],
            citations=turn["citations"],
            comment=comment,
            lang=turn["lang"],
        )
        return words["comment_saved"], "", {**state, "last_feedback": feedback_id}

    # -- projects --------------------------------------------------------------------------

    def sheets(self) -> list[dict]:
        with closing(self._db()) as db:
            return list_sheets(db)

    def show_sheet(self, key: str | None, ui_lang: str):
        """The chosen sheet as readable text, with its costs and indicator charts."""
        lang = _lang(ui_lang)
        sheet = next((s for s in self.sheets() if sheet_key(s) == key), None)
        if sheet is None:
            return f"<p>{html.escape(LABELS[lang]['no_sheet'])}</p>", None, None
        with closing(self._db()) as db:
            sections, costs, indicators = (
                sheet_sections(db, sheet["id"]),
                sheet_costs(db, sheet),
                sheet_indicators(db, sheet),
            )
        title = f"{sheet['number']} {sheet['name']}（{p.year_label(sheet['fiscal_year'], lang)}）"
        costs_plot = costs_figure(costs, lang, self.japanese) if costs else None
        indicators_plot = attainment_figure(indicators, lang, self.japanese) if indicators else None
        return sheet_html(title, sections, lang), costs_plot, indicators_plot

    def select_row(self, data: gr.SelectData) -> str | None:
        """Clicking a row of the projects table chooses its sheet."""
        row = data.row_value or []
        number = str(row[0]) if row else None
        match = [s for s in self.sheets() if s["number"] == number]
        return sheet_key(match[0]) if match else gr.update()


def _sheet_choices(sheets: list[dict]) -> list[tuple[str, str]]:
    many_years = len({s["fiscal_year"] for s in sheets}) > 1
    return [
        (f"{s['number']} {s['name']}" + (f" ({s['fiscal_year']})" if many_years else ""), sheet_key(s)) for s in sheets
    ]


def create_app(settings: Settings | None = None) -> gr.Blocks:
    """The Blocks app over the live build of ``settings.data_dir``; the engine and model load here, once."""
    settings = settings or load_settings()
    engine = load_engine(settings)
    answer(WARM_UP_QUESTION, engine=engine)  # the embedding model loads now, not on a user's first question
    handlers = ChatApp(settings, engine, configure_charts())
    with gr.Blocks(title="jimuqa", analytics_enabled=False) as demo:
        ui = _layout(handlers)
        _wire(handlers, ui)
    return demo


def _layout(handlers: ChatApp) -> dict:
    """The components, labelled in Japanese; ``_relabel`` switches them."""
    ja = LABELS["ja"]
    ui: dict = {"state": gr.State(new_state())}
    with gr.Row(elem_id="header-row"):
        ui["title"] = gr.Markdown(ja["title"], elem_id="title")
        ui["lang"] = gr.Radio(LANGUAGES, value="ja", label="言語 / Language", elem_id="lang", scale=0, min_width=200)
    with gr.Tabs():
        with gr.Tab(ja["chat_tab"], id="chat-tab", elem_id="chat-tab") as ui["chat_tab"]:
            _chat_layout(ui)
        with gr.Tab(ja["projects_tab"], id="projects-tab", elem_id="projects-tab") as ui["projects_tab"]:
            _projects_layout(ui, handlers)
    return ui


def _chat_layout(ui: dict) -> None:
    ja = LABELS["ja"]
    ui["chatbot"] = gr.Chatbot(
        label=ja["chatbot"],
        placeholder=ja["chat_placeholder"],
        elem_id="chat",
        height="65vh",
        min_height=320,
        latex_delimiters=[],  # "$" in a sheet is money, not math
        sanitize_html=True,
        allow_tags=False,
        feedback_options=("Like", "Dislike"),
        buttons=["copy"],
    )
    with gr.Row(elem_id="question-row"):
        ui["question"] = gr.Textbox(
            label=ja["question"], placeholder=ja["question_placeholder"], elem_id="question", scale=5, min_width=200
        )
        ui["send"] = gr.Button(ja["send"], variant="primary", elem_id="send", scale=1, min_width=80)
    ui["examples"] = gr.Dataset(
        components=[ui["question"]],
        samples=[[q] for q in EXAMPLES],
        label=ja["examples"],
        elem_id="examples",
        samples_per_page=len(EXAMPLES),
    )
    ui["clear"] = gr.Button(ja["clear"], elem_id="clear", size="sm")
    ui["answer_table"] = gr.Dataframe(
        label=ja["answer_table"], visible=False, interactive=False, wrap=True, elem_id="answer-table"
    )
    # Charts carry their own titles: a floating label would cover them.
    ui["answer_plot"] = gr.Plot(
        label=ja["answer_plot"], show_label=False, visible=False, format="png", elem_id="answer-plot"
    )
    ui["feedback_note"] = gr.Markdown(ja["feedback_note"], elem_id="feedback-note")
    with gr.Row(elem_id="comment-row"):
        ui["comment"] = gr.Textbox(
            label=ja["comment"], placeholder=ja["comment_placeholder"], elem_id="comment", scale=5, min_width=200
        )
        ui["comment_send"] = gr.Button(ja["comment_send"], elem_id="comment-send", scale=1, min_width=80)
    ui["feedback_status"] = gr.Markdown(elem_id="feedback-status")


def _projects_layout(ui: dict, handlers: ChatApp) -> None:
    ja = LABELS["ja"]
    sheets = handlers.sheets()
    ui["projects_table"] = gr.Dataframe(
        value=projects_table(sheets, "ja"),
        label=ja["projects_table"],
        interactive=False,
        wrap=True,
        show_search="search",
        datatype=["str", "str", "str", "number", "str", "str"],
        column_widths=[56, 300, 170, 110, 190, 80],  # px: on a phone the table scrolls sideways in its box
        elem_id="projects-table",
    )
    ui["sheet_select"] = gr.Dropdown(
        choices=_sheet_choices(sheets), value=None, label=ja["sheet_select"], elem_id="sheet-select"
    )
    ui["sheet_view"] = gr.HTML(f"<p>{html.escape(ja['no_sheet'])}</p>", elem_id="sheet-view")
    with gr.Row():
        ui["costs_plot"] = gr.Plot(show_label=False, format="png", elem_id="costs-plot", min_width=300)
        ui["indicators_plot"] = gr.Plot(show_label=False, format="png", elem_id="indicators-plot", min_width=300)


CHAT_OUTPUTS = ("chatbot", "question", "answer_table", "answer_plot", "state")
RELABELLED = (
    "title", "chat_tab", "projects_tab", "chatbot", "question", "send", "examples", "clear", "answer_table",
    "feedback_note", "comment", "comment_send", "projects_table", "sheet_select",
)  # fmt: skip


def _wire(handlers: ChatApp, ui: dict) -> None:
    chat_inputs = [ui["question"], ui["state"], ui["lang"]]
    chat_outputs = [ui[name] for name in CHAT_OUTPUTS]
    gr.on([ui["send"].click, ui["question"].submit], handlers.chat, chat_inputs, chat_outputs, api_name="chat")
    ui["examples"].click(_pick_example, ui["examples"], ui["question"], api_visibility="private").then(
        handlers.chat, chat_inputs, chat_outputs, api_visibility="private"
    )
    cleared = [*chat_outputs[:4], ui["feedback_status"], ui["state"]]
    ui["clear"].click(handlers.clear, None, cleared, api_visibility="private")
    ui["chatbot"].clear(handlers.clear, None, cleared, api_visibility="private")  # its own trash button
    ui["chatbot"].like(
        handlers.rate,
        [ui["state"], ui["comment"], ui["lang"]],
        [ui["feedback_status"], ui["comment"], ui["state"]],
        api_visibility="private",
    )
    ui["comment_send"].click(
        handlers.comment,
        [ui["comment"], ui["state"], ui["lang"]],
        [ui["feedback_status"], ui["comment"], ui["state"]],
        api_visibility="private",
    )
    sheet_outputs = [ui["sheet_view"], ui["costs_plot"], ui["indicators_plot"]]
    ui["sheet_select"].change(
        handlers.show_sheet, [ui["sheet_select"], ui["lang"]], sheet_outputs, api_visibility="private"
    )
    ui["projects_table"].select(handlers.select_row, None, ui["sheet_select"], api_visibility="private")
    ui["lang"].change(
        lambda lang, key: _relabel(handlers, lang, key),
        [ui["lang"], ui["sheet_select"]],
        [ui[name] for name in RELABELLED] + sheet_outputs,
        api_visibility="private",
    )


def _pick_example(sample) -> str:
    return sample[0] if isinstance(sample, list | tuple) else str(sample)


def _relabel(handlers: ChatApp, ui_lang: str, key: str | None) -> list:
    lang = _lang(ui_lang)
    w = LABELS[lang]
    updates = {
        "title": gr.update(value=w["title"]),
        "chat_tab": gr.update(label=w["chat_tab"]),
        "projects_tab": gr.update(label=w["projects_tab"]),
        "chatbot": gr.update(label=w["chatbot"], placeholder=w["chat_placeholder"]),
        "question": gr.update(label=w["question"], placeholder=w["question_placeholder"]),
        "send": gr.update(value=w["send"]),
        "examples": gr.update(label=w["examples"]),
        "clear": gr.update(value=w["clear"]),
        "answer_table": gr.update(label=w["answer_table"]),
        "feedback_note": gr.update(value=w["feedback_note"]),
        "comment": gr.update(label=w["comment"], placeholder=w["comment_placeholder"]),
        "comment_send": gr.update(value=w["comment_send"]),
        "projects_table": gr.update(value=projects_table(handlers.sheets(), lang), label=w["projects_table"]),
        "sheet_select": gr.update(label=w["sheet_select"]),
    }
    return [updates[name] for name in RELABELLED] + list(handlers.show_sheet(key, lang))


# ---------------------------------------------------------------------------------------------
# Starting it.


def prepare_data(settings: Settings, progress=print) -> None:
    """Build the data directory when it is missing or older than the corpus, printing progress."""
    from index.build import BuildError, build, is_stale, read_manifest
    from index.search_index import write_indexes

    try:
        stale = is_stale(settings)
    except BuildError as err:  # no corpus here: serve the existing build if there is one
        if read_manifest(settings.data_dir) is None:
            raise
        progress(f"warning: {err}; serving the existing build in {settings.data_dir}")
        return
    if not stale:
        progress(f"data in {settings.data_dir} is up to date")
        return
    progress(f"building {settings.data_dir} from {settings.corpus_dir} (missing or older than the corpus)…")
    report = build(settings, progress=progress, index_step=write_indexes)
    progress(f"built {report.manifest['counts']['sheets']} sheets into {report.build_dir}")


def launch(demo: gr.Blocks, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, block: bool = True) -> None:
    """Serve on ``host:port`` (loopback by default): never shared, queued with a bound, nothing external."""
    demo.queue(default_concurrency_limit=QUEUE_CONCURRENCY, max_size=QUEUE_MAX_SIZE)
    demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        prevent_thread_lock=True,
        show_error=False,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        enable_monitoring=False,
        quiet=True,
        theme=theme(),
        css=CSS,
    )
    if block:
        demo.block_thread()


def theme() -> gr.themes.Base:
    fonts = gr.themes.utils.fonts
    family = [fonts.LocalFont("IBM Plex Sans"), "Hiragino Sans", "Noto Sans CJK JP", "IPAexGothic", "Meiryo"]
    return gr.themes.Default(primary_hue="blue", font=[*family, "system-ui", "sans-serif"])


def serve(settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, block: bool = True) -> gr.Blocks:
    """Build if needed, load the models, start the server, and say how long it took to be usable."""
    started = time.perf_counter()
    prepare_data(settings)
    print("loading the engine and the embedding model…", flush=True)
    demo = create_app(settings)
    launch(demo, host, port, block=False)
    print(f"ready: http://{host}:{port} ({time.perf_counter() - started:.1f}s after start)", flush=True)
    if block:
        demo.block_thread()
    return demo


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the jimuqa question-answering app.")
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--data", type=Path, default=None, help="data directory (default: JIMUQA_DATA or data)")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: JIMUQA_CORPUS or corpus)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from index.build import BuildError

    try:
        serve(load_settings(data_dir=args.data, corpus_dir=args.corpus), args.host, args.port)
    except BuildError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        raise SystemExit(f"error: {err}") from None


if __name__ == "__main__":
    main()
