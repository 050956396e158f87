"""The Gradio app: a thin adapter over ``answering.answer(question, history)``.

    jimuqa serve [--host 127.0.0.1] [--port 7860] [--data DIR]      (or: python app.py …)

Two tabs: a chat whose answers stream in with their cited sections (folded, the quote highlighted),
a table and a chart; and every sheet, readable section by section with its costs and indicators
charted. The interface is in Japanese with a switch to English. Everything from the corpus or the
user is HTML-escaped before any markup is added; nothing is fetched from outside the machine.
"""

from __future__ import annotations

import html
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from jimuqa.settings import set_offline_environment

# Hugging Face and Gradio read these when imported: set them first.
set_offline_environment()

import gradio as gr  # noqa: E402

from jimuqa.answering import answer, load_engine  # noqa: E402
from jimuqa.answering import phrases as p  # noqa: E402
from jimuqa.answering.engine import answer_stream, current_engine, load_generator  # noqa: E402
from jimuqa.answering.llm import ModelUnavailable  # noqa: E402
from jimuqa.answering.refusal import coverage  # noqa: E402
from jimuqa.answering.types import STRUCTURED, Answer  # noqa: E402
from jimuqa.index.table import open_table  # noqa: E402
from jimuqa.settings import GENERATIVE, TABLE_FILE, Settings, current_build, load_settings  # noqa: E402
from jimuqa.ui import labels  # noqa: E402
from jimuqa.ui.answer_table import answer_table  # noqa: E402
from jimuqa.ui.charts import answer_figure, attainment_figure, configure_charts, costs_figure  # noqa: E402
from jimuqa.ui.feedback import add_comment, feedback_path, record_feedback  # noqa: E402
from jimuqa.ui.labels import LABELS, LANGUAGES  # noqa: E402
from jimuqa.ui.render import _lang, answer_markdown, safe_markdown, sheet_html  # noqa: E402
from jimuqa.ui.sheets import (  # noqa: E402
    ALL,
    cities_of,
    city_examples,
    departments_of,
    filter_sheets,
    indicator_names,
    list_sheets,
    project_columns,
    project_names,
    projects_table,
    section_texts,
    sheet_costs,
    sheet_indicators,
    sheet_key,
    sheet_sections,
)

log = logging.getLogger("jimuqa.app")

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 7860
QUEUE_CONCURRENCY, QUEUE_MAX_SIZE = 2, 64  # 2 cores: two answers at a time, a bounded wait for the rest
# Turns of a conversation kept for follow-ups (user and assistant messages): a follow-up needs the last few,
# and a bound keeps one visitor's state, and the planning over it, small.
HISTORY_KEPT = 20
SESSION_CAPACITY = 1000  # conversations kept in memory at once (gradio's default is 10,000)
STREAM_DELAY_S = 0.03  # between streamed lines, so an answer visibly arrives line by line

CSS = """
.gradio-container { width: 100% !important; max-width: 1100px !important; margin: 0 auto !important; }
/* A wide table scrolls inside its box instead of widening the page (phones). */
#projects-table, #answer-table { max-width: 100%; min-width: 0 !important; overflow-x: auto; }
/* The answer table holds Japanese names: the page's font, not the monospace one cells default to. */
#answer-table [role=gridcell] *, #answer-table [role=columnheader] * { font-family: var(--font); }
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
# The app.


def new_state() -> dict:
    """Per browser session: the raw history for answer(), what the chat shows, and each answer's record."""
    return {"history": [], "display": [], "turns": {}, "last_feedback": None}


class ChatApp:
    """The handlers, over one engine loaded once per process: ``engine``, or the one ``loader`` is loading."""

    def __init__(self, settings: Settings, engine, japanese_charts: bool, loader: EngineLoader | None = None):
        if engine is None and loader is None:
            raise ValueError("ChatApp needs an engine or a loader")
        self.settings = settings
        self.engine = engine
        self.loader = loader
        self.japanese = japanese_charts
        self.feedback_path = feedback_path(settings.data_dir)
        self._lock = threading.Lock()

    def _engine(self):
        """The engine over the live build: after a rebuild the next question uses the new data.

        A question asked while the engine is still loading waits here for it (and gets its error if it failed).
        """
        with self._lock:
            if self.engine is None:
                self.engine = self.loader.engine()
            self.engine = current_engine(self.engine, self.settings)
            return self.engine

    def _db(self) -> sqlite3.Connection:
        # The sheets tab and the sources never wait for the engine: until it is loaded, the live build's table.
        if self.engine is None and not self.loader.loaded():
            return open_table(current_build(self.settings.data_dir).resolve() / TABLE_FILE)
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
        shown = [*state["display"], {"role": "user", "content": safe_markdown(question)}]
        result = None
        try:
            # A generated answer arrives as checked prefixes; an extractive one all at once.
            for item in answer_stream(question, state["history"], engine=self._engine()):
                if isinstance(item, Answer):
                    result = item
                else:
                    yield [*shown, {"role": "assistant", "content": safe_markdown(item)}], "", *hidden, state
        except Exception:  # a failure answers this question only; the app stays up
            log.exception("answer() failed for %r", question)
            result = Answer(question, LABELS[_lang(ui_lang)]["error"], _lang(ui_lang), "unanswerable")
        if len(question) > self.settings.max_question_chars:
            gr.Warning(result.text)
        if result.mode != GENERATIVE:
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
        ][-HISTORY_KEPT:]
        return {**state, "history": history, "display": display, "turns": turns}

    def _answer_extras(self, result: Answer, lang: str) -> tuple:
        """The table and chart under an answer (answer_table.py says which answers get a table)."""
        hidden = gr.update(visible=False, value=None)
        if result.kind != STRUCTURED:
            return hidden, hidden
        with closing(self._db()) as db:
            names, indicators = project_names(db), indicator_names(db)
        shown = answer_table(result.rows, lang, names, indicators)
        table = hidden
        if shown is not None:
            table = gr.update(
                visible=True,
                value=shown.to_gradio(),
                datatype=shown.datatypes(),
                column_widths=shown.column_widths(),
                label=shown.label(lang),
            )
        figure = answer_figure(result, lang, self.japanese, names)
        return table, gr.update(visible=figure is not None, value=figure)

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
        feedback_id = self._record(turn, rating=rating, comment=comment or "")
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
        feedback_id = self._record(turn, comment=comment)
        return words["comment_saved"], "", {**state, "last_feedback": feedback_id}

    def _record(self, turn: dict, **feedback) -> int:
        """Store feedback on one answered turn: its question, answer and citations, nothing about the person."""
        return record_feedback(
            self.feedback_path,
            question=turn["question"],
            answer=turn["answer"],
            citations=turn["citations"],
            lang=turn["lang"],
            **feedback,
        )

    # -- the page's words about the loaded sheets ------------------------------------------

    def page_text(self, lang: str) -> dict:
        """The title with its description, what the sheets cover, and example questions: from the table."""
        with closing(self._db()) as db:
            cover, cities = coverage(db), city_examples(db)
        examples = labels.example_questions(cities, lang)
        return {
            "title": labels.title(cover, lang),
            "coverage": labels.coverage_text(cover, lang),
            "examples": examples,
            "placeholder": LABELS[lang]["question_placeholder"].format(example=examples[0]) if examples else "",
        }

    # -- projects --------------------------------------------------------------------------

    def sheets(self) -> list[dict]:
        with closing(self._db()) as db:
            return list_sheets(db)

    def show_sheet(self, key: str | None, ui_lang: str):
        """The chosen sheet as readable text, with its costs and indicator charts (a form without them: none)."""
        lang = _lang(ui_lang)
        every = self.sheets()
        sheet = next((s for s in every if sheet_key(s) == key), None)
        if sheet is None:
            return f"<p>{html.escape(LABELS[lang]['no_sheet'])}</p>", None, None
        with closing(self._db()) as db:
            sections, costs, indicators = (
                sheet_sections(db, sheet["id"], sheet["form"]),
                sheet_costs(db, sheet),
                sheet_indicators(db, sheet),
            )
        city = f"{sheet['city']} " if len(cities_of(every)) > 1 else ""
        title = f"{city}{sheet['number']} {sheet['name']}（{p.year_label(sheet['fiscal_year'], lang)}）"
        costs_plot = costs_figure(costs, lang, self.japanese) if costs else None
        indicators_plot = attainment_figure(indicators, lang, self.japanese) if indicators else None
        return sheet_html(title, sections, lang), costs_plot, indicators_plot

    def select_row(self, data: gr.SelectData) -> str | None:
        """Clicking a row of the projects table chooses its sheet (the row starts with its city when shown)."""
        row = [str(cell) for cell in data.row_value or []]
        every = self.sheets()
        many = len(cities_of(every)) > 1
        match = [s for s in every if row and (row[:2] == [s["city"], s["number"]] if many else row[0] == s["number"])]
        return sheet_key(match[0]) if match else gr.update()

    def filter_projects(self, city: str | None, department: str | None, ui_lang: str) -> tuple:
        """The projects table and the sheet choices of one city and department (``ALL``: every one)."""
        every = self.sheets()
        if department not in departments_of(every, city or ALL):
            department = ALL  # a department of another city: the city's choice wins
        shown = filter_sheets(every, city, department)
        return (
            _projects_update(shown, _lang(ui_lang), many_cities=len(cities_of(every)) > 1),
            gr.update(choices=_sheet_choices(shown, many_cities=len(cities_of(every)) > 1), value=None),
        )

    def choose_city(self, city: str | None, ui_lang: str) -> tuple:
        """A city chosen: its departments to choose from, and its projects."""
        lang = _lang(ui_lang)
        departments = gr.update(choices=_filter_choices(departments_of(self.sheets(), city or ALL), lang), value=ALL)
        return departments, *self.filter_projects(city, ALL, lang)


def _filter_choices(values: list[str], lang: str) -> list[tuple[str, str]]:
    return [(LABELS[lang]["all"], ALL), *((v, v) for v in values)]


def _projects_update(sheets: list[dict], lang: str, many_cities: bool, **more) -> dict:
    columns = project_columns(many_cities)
    return gr.update(
        value=projects_table(sheets, lang, many_cities),
        datatype=[c[2] for c in columns],
        column_widths=[c[3] for c in columns],  # px: on a phone the table scrolls sideways in its box
        **more,
    )


def _sheet_choices(sheets: list[dict], many_cities: bool = False) -> list[tuple[str, str]]:
    many_years = len({s["fiscal_year"] for s in sheets}) > 1
    return [
        ((f"{s['city']} " if many_cities else "") + f"{s['number']} {s['name']}"
         + (f" ({s['fiscal_year']})" if many_years else ""), sheet_key(s))
        for s in sheets
    ]  # fmt: skip


def create_app(settings: Settings | None = None, loader: EngineLoader | None = None) -> gr.Blocks:
    """The Blocks app over the live build of ``settings.data_dir``.

    The engine and the models load once, behind the page, in ``loader`` (started here when not given): the app
    can be served at once, and a question asked before they are ready waits for them.
    """
    settings = settings or load_settings()
    loader = loader or EngineLoader(settings)
    loader.start()
    handlers = ChatApp(settings, None, configure_charts(), loader=loader)
    with gr.Blocks(title="jimuqa", analytics_enabled=False) as demo:
        ui = _layout(handlers)
        _wire(handlers, ui)
    return demo


def _layout(handlers: ChatApp) -> dict:
    """The components, labelled in Japanese; ``_relabel`` switches them."""
    ja = LABELS["ja"]
    # A conversation is dropped an hour after its last use: API clients never close their sessions.
    ui: dict = {"state": gr.State(new_state(), time_to_live=3600)}
    page = handlers.page_text("ja")
    with gr.Row(elem_id="header-row"):
        ui["title"] = gr.Markdown(page["title"], elem_id="title")
        ui["lang"] = gr.Radio(LANGUAGES, value="ja", label="言語 / Language", elem_id="lang", scale=0, min_width=200)
    with gr.Accordion(ja["coverage"], open=False, elem_id="coverage") as ui["coverage"]:
        ui["coverage_text"] = gr.Markdown(page["coverage"], elem_id="coverage-text")
    with gr.Tabs():
        with gr.Tab(ja["chat_tab"], id="chat-tab", elem_id="chat-tab") as ui["chat_tab"]:
            _chat_layout(ui, page)
        with gr.Tab(ja["projects_tab"], id="projects-tab", elem_id="projects-tab") as ui["projects_tab"]:
            _projects_layout(ui, handlers)
    return ui


def _chat_layout(ui: dict, page: dict) -> None:
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
            label=ja["question"], placeholder=page["placeholder"], elem_id="question", scale=5, min_width=200
        )
        ui["send"] = gr.Button(ja["send"], variant="primary", elem_id="send", scale=1, min_width=80)
    ui["examples"] = gr.Dataset(
        components=[ui["question"]],
        samples=[[q] for q in page["examples"]],
        label=ja["examples"],
        elem_id="examples",
        samples_per_page=max(len(page["examples"]), 1),
    )
    ui["clear"] = gr.Button(ja["clear"], elem_id="clear", size="sm")
    # Tall enough that a dozen wrapped rows and their total show without scrolling inside the box.
    ui["answer_table"] = gr.Dataframe(
        label=ja["answer_table"], visible=False, interactive=False, wrap=True, max_height=1000, elem_id="answer-table"
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
    many = len(cities_of(sheets)) > 1
    columns = project_columns(many)
    with gr.Row(elem_id="filter-row"):
        ui["city_filter"] = gr.Dropdown(
            choices=_filter_choices(cities_of(sheets), "ja"), value=ALL, label=ja["city_filter"], elem_id="city-filter"
        )
        ui["department_filter"] = gr.Dropdown(
            choices=_filter_choices(departments_of(sheets), "ja"),
            value=ALL,
            label=ja["department_filter"],
            elem_id="department-filter",
        )
    ui["projects_table"] = gr.Dataframe(
        value=projects_table(sheets, "ja", many),
        label=ja["projects_table"],
        interactive=False,
        wrap=True,
        show_search="search",
        datatype=[c[2] for c in columns],
        column_widths=[c[3] for c in columns],  # px: on a phone the table scrolls sideways in its box
        elem_id="projects-table",
    )
    ui["sheet_select"] = gr.Dropdown(
        choices=_sheet_choices(sheets, many), value=None, label=ja["sheet_select"], elem_id="sheet-select"
    )
    ui["sheet_view"] = gr.HTML(f"<p>{html.escape(ja['no_sheet'])}</p>", elem_id="sheet-view")
    with gr.Row():
        ui["costs_plot"] = gr.Plot(show_label=False, format="png", elem_id="costs-plot", min_width=300)
        ui["indicators_plot"] = gr.Plot(show_label=False, format="png", elem_id="indicators-plot", min_width=300)


CHAT_OUTPUTS = ("chatbot", "question", "answer_table", "answer_plot", "state")
RELABELLED = (
    "title", "coverage", "coverage_text", "city_filter", "department_filter", "chat_tab", "projects_tab", "chatbot", "question", "send", "examples", "clear", "answer_table",
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
    projects = [ui["projects_table"], ui["sheet_select"]]
    ui["city_filter"].input(
        handlers.choose_city, [ui["city_filter"], ui["lang"]], [ui["department_filter"], *projects],
        api_visibility="private",
    )  # fmt: skip
    ui["department_filter"].input(
        handlers.filter_projects, [ui["city_filter"], ui["department_filter"], ui["lang"]], projects,
        api_visibility="private",
    )  # fmt: skip
    ui["lang"].change(
        lambda lang, key, city, department: _relabel(handlers, lang, key, city, department),
        [ui["lang"], ui["sheet_select"], ui["city_filter"], ui["department_filter"]],
        [ui[name] for name in RELABELLED] + sheet_outputs,
        api_visibility="private",
    )


def _pick_example(sample) -> str:
    return sample[0] if isinstance(sample, list | tuple) else str(sample)


def _relabel(handlers: ChatApp, ui_lang: str, key: str | None, city: str | None, department: str | None) -> list:
    lang = _lang(ui_lang)
    w = LABELS[lang]
    page = handlers.page_text(lang)
    every = handlers.sheets()
    shown = filter_sheets(every, city, department)
    updates = {
        "title": gr.update(value=page["title"]),
        "coverage": gr.update(label=w["coverage"]),
        "coverage_text": gr.update(value=page["coverage"]),
        "city_filter": gr.update(label=w["city_filter"], choices=_filter_choices(cities_of(every), lang)),
        "department_filter": gr.update(
            label=w["department_filter"], choices=_filter_choices(departments_of(every, city or ALL), lang)
        ),
        "chat_tab": gr.update(label=w["chat_tab"]),
        "projects_tab": gr.update(label=w["projects_tab"]),
        "chatbot": gr.update(label=w["chatbot"], placeholder=w["chat_placeholder"]),
        "question": gr.update(label=w["question"], placeholder=page["placeholder"]),
        "send": gr.update(value=w["send"]),
        "examples": gr.update(
            label=w["examples"], samples=[[q] for q in page["examples"]], samples_per_page=max(len(page["examples"]), 1)
        ),
        "clear": gr.update(value=w["clear"]),
        "answer_table": gr.update(label=w["answer_table"]),
        "feedback_note": gr.update(value=w["feedback_note"]),
        "comment": gr.update(label=w["comment"], placeholder=w["comment_placeholder"]),
        "comment_send": gr.update(value=w["comment_send"]),
        "projects_table": _projects_update(shown, lang, len(cities_of(every)) > 1, label=w["projects_table"]),
        "sheet_select": gr.update(label=w["sheet_select"]),
    }
    return [updates[name] for name in RELABELLED] + list(handlers.show_sheet(key, lang))


# ---------------------------------------------------------------------------------------------
# Starting it.


def prepare_data(settings: Settings, progress=print) -> None:
    """Build the data directory when it is missing or older than its corpus, printing progress.

    Its corpus is the folder given, else the one the live build was made from (``index.build.corpus_folder``).
    """
    from jimuqa.index.build import BuildError, build, corpus_folder, is_stale, read_manifest
    from jimuqa.index.search.search_index import write_indexes

    settings = replace(settings, corpus_dir=corpus_folder(settings))
    try:
        stale = is_stale(settings)
    except BuildError as err:  # no corpus here: serve the existing build if there is one
        if read_manifest(settings.data_dir) is None:
            raise
        progress(f"warning: {err}; serving the existing build in {settings.data_dir}")
        return
    if not stale:
        progress(f"data in {settings.data_dir} is up to date with {settings.corpus_dir}")
        return
    progress(f"building {settings.data_dir} from {settings.corpus_dir} (missing, older than the corpus, or of an older layout)…")
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
        state_session_capacity=SESSION_CAPACITY,
        theme=theme(),
        css=CSS,
    )
    if block:
        demo.block_thread()


def theme() -> gr.themes.Base:
    fonts = gr.themes.utils.fonts
    family = [fonts.LocalFont("IBM Plex Sans"), "Hiragino Sans", "Noto Sans CJK JP", "IPAexGothic", "Meiryo"]
    return gr.themes.Default(primary_hue="blue", font=[*family, "system-ui", "sans-serif"])


class EngineLoader:
    """The engine, then its models, loaded once in a background thread while the page is already served.

    ``engine()`` waits for the table, catalogue and indexes (under a second); the embedding model and, for
    ``generative`` answers, the language model load after that, and a question that needs one while it loads
    waits for it (the retriever and the generator each load theirs once, under a lock).
    """

    def __init__(self, settings: Settings, progress: Callable[[str], None] = log.info):
        self.settings = settings
        self.progress = progress
        self._engine: Future = Future()
        self._thread = threading.Thread(target=self._load, name="jimuqa-loader", daemon=True)
        self.warm = threading.Event()  # set once the models are loaded (or failed to)

    def start(self) -> EngineLoader:
        if not self._thread.is_alive() and not self._engine.done():
            self._thread.start()
        return self

    def engine(self, timeout: float | None = None):
        """The loaded engine, waiting for it; raises what loading raised."""
        return self._engine.result(timeout)

    def loaded(self) -> bool:
        """True once the engine can be used (not while loading, nor after loading failed)."""
        return self._engine.done() and self._engine.exception() is None

    def _load(self) -> None:
        try:
            engine = load_engine(self.settings)
        except BaseException as err:  # every question will say so; the page stays up
            log.exception("the engine could not be loaded")
            self._engine.set_exception(err)
            self.warm.set()
            return
        self._engine.set_result(engine)
        self.progress("engine loaded; loading the embedding model…")
        try:
            self._warm_up(engine)
        finally:
            self.warm.set()

    def _warm_up(self, engine) -> None:
        try:
            answer(warm_up_question(engine.db), engine=engine)  # the model loads now, not on a user's question
        except Exception:  # the user's question will load it again, and fail visibly if it must
            log.exception("warming up the engine failed")
            return
        if self.settings.answer_mode == GENERATIVE:  # and the language model, when every answer is to be phrased
            try:
                load_generator(self.settings)
            except ModelUnavailable as err:
                log.warning("generative answers are off: %s", err)
        self.progress("models loaded: every answer is ready")


def warm_up_question(db: sqlite3.Connection) -> str:
    """A narrative question about the table's first project (``labels.NARRATIVE_EXAMPLE``)."""
    cities = city_examples(db)
    project = cities[0].project if cities else ""
    return labels.NARRATIVE_EXAMPLE.ja.format(scope="", project=project)


def serve(settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, block: bool = True) -> gr.Blocks:
    """Build if needed, serve the page at once, load the engine and models behind it, and say when each is ready."""
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"{message} ({time.perf_counter() - started:.1f}s after start)", flush=True)

    prepare_data(settings)
    demo = create_app(settings, EngineLoader(settings, progress=say))
    launch(demo, host, port, block=False)
    say(f"serving http://{host}:{port}; questions asked before the models are loaded wait for them")
    if block:
        demo.block_thread()
    return demo
