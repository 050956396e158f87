"""The Gradio app: escaping and highlighting, charts, the feedback store, and the chat endpoint end to end."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

import jimuqa.ui.app as app
from jimuqa.answering.types import Answer, Chart, Citation
from jimuqa.settings import TABLE_FILE, Settings, current_build, set_offline_environment
from jimuqa.ui import charts, labels, render, sheets
from jimuqa.ui.answer_table import answer_table
from jimuqa.ui.cli import cli
from jimuqa.ui.feedback import COLUMNS, add_comment, export_csv, read_feedback, record_feedback

set_offline_environment()

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MD_IMAGE = "![x](http://evil/x.png)"
MISSED = "令和2年度の目標を達成できなかった事業はどれ?"


def citation(**overrides) -> Citation:
    fields = {
        "n": 1,
        "sheet": "097",
        "project": "ロボットの街つくば推進事業",
        "fiscal_year": "R02",
        "section": "indicators",
        "heading": "指標の推移",
        "quote": "実績: R01年度 10.0 / R02年度 3.0",
        "file": "corpus/x.txt",
        "first_line": 310,
        "last_line": 337,
    }
    return Citation(**{**fields, **overrides})


def no_raw_html(text: str) -> bool:
    """No tag a browser would run or load: every ``<`` from the input is escaped."""
    return not re.search(r"<\s*(script|img|iframe|svg|a|object|embed|style)\b", text, re.IGNORECASE)


# --------------------------------------------------------------------------- safe Markdown for the chat


@pytest.mark.parametrize("hostile", [SCRIPT, IMG, f"前文 {SCRIPT} 後文", f"**太字** {IMG}"])
def test_safe_markdown_escapes_html(hostile):
    out = render.safe_markdown(hostile)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out or "&lt;img" in out


@pytest.mark.parametrize(
    "hostile",
    [MD_IMAGE, "[click](http://evil/)", "[x]: http://evil/x.png\n![x][x]", "<http://evil/>"],
)
def test_safe_markdown_breaks_images_and_links(hostile):
    out = render.safe_markdown(hostile)
    assert "![" not in out
    assert "](" not in out
    assert not re.search(r"^\s*\[[^\]]*\]:", out, re.MULTILINE)
    assert "<http" not in out


def test_safe_markdown_keeps_entities_as_text():
    # An entity in the input shows as the entity, never turns into a tag.
    assert render.safe_markdown("&lt;script&gt;") == "&amp;lt;script&amp;gt;"


def test_safe_markdown_keeps_formatting_and_citation_markers():
    text = "**097 ロボット**\n- 予算額: 6,954千円[1]\n  > 引用 <b>\n\n| a | b |\n| --- | --- |\n| 1 | 2[2] |"
    out = render.safe_markdown(text)
    assert "**097 ロボット**" in out
    assert "- 予算額: 6,954千円[1]" in out
    assert "  > 引用 &lt;b&gt;" in out  # the quote marker survives, the tag does not
    assert "| 1 | 2[2] |" in out
    assert out.count("\n") == text.count("\n")  # line by line, so it can stream


# --------------------------------------------------------------------------- sources: escaped, quote marked


def test_highlight_marks_the_quote_and_escapes_everything():
    text = f"前の行\n{SCRIPT}の引用部分\n{IMG} 後"
    out = render.highlight(text, f"{SCRIPT}の引用部分")
    assert out.count("<mark>") == 1
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;の引用部分</mark>" in out
    assert "<script" not in out and "<img" not in out
    assert "\n" not in out and out.count("<br>") == 2


def test_highlight_without_the_quote_is_plain_escaped_text():
    assert render.highlight("a < b", "missing") == "a &lt; b"
    assert render.highlight("a < b", "") == "a &lt; b"


def test_highlight_of_a_multiline_quote():
    out = render.highlight("指標1\n目標値: 5\n実績: 3\n概要", "目標値: 5\n実績: 3")
    assert out == "指標1<br><mark>目標値: 5<br>実績: 3</mark><br>概要"


def test_source_html_is_folded_and_escapes_names_and_text():
    hostile = citation(project=IMG, quote=SCRIPT, file='x".txt')
    out = render.source_html(hostile, f"前 {SCRIPT} 後", "ja")
    assert out.startswith('<details class="source"><summary>') and "<details open" not in out
    assert "[1] 097 &lt;img src=x onerror=alert(1)&gt; — 指標の推移" in out
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in out
    assert "310〜337行" in out
    assert no_raw_html(out) and "\n" not in out


def test_source_html_in_english_names_the_section_in_both_languages():
    out = render.source_html(citation(), "実績: R01年度 10.0 / R02年度 3.0", "en")
    assert "Indicators (指標の推移)" in out and "lines 310–337" in out
    assert "<mark>実績: R01年度 10.0 / R02年度 3.0</mark>" in out


def test_answer_markdown_puts_sources_after_the_escaped_text():
    result = Answer(MISSED, f"答え {MD_IMAGE} [1]", "ja", "structured", citations=[citation()])
    out = render.answer_markdown(result, ["実績: R01年度 10.0 / R02年度 3.0"])
    text, sources = out.split("\n\n", 1)
    assert "![" not in text and "[1]" in text
    assert sources.startswith('<div class="sources">') and "出典" in sources
    assert render.answer_markdown(Answer("q", "no sources", "en", "unanswerable"), []) == "no sources"


def test_sheet_html_escapes_every_section():
    sections = [{"section": "overview", "heading": "事業の概要", "text": f"目的: {SCRIPT}\n{IMG}"}]
    out = render.sheet_html(f"097 {IMG}", sections, "ja")
    assert "<h4>事業の概要</h4>" in out and no_raw_html(out)
    assert "&lt;script&gt;" in out


def test_status_text():
    assert render.status_text({"met": 1, "no_target": 1}, "ja") == "達成1/未達成0/目標なし1"
    assert (
        render.status_text({"missed": 2, "not_recorded": 1}, "en") == "met 0 / missed 2 / no target 0 / not recorded 1"
    )


# --------------------------------------------------------------------------- the table under an answer

NAMES = {"012": "デジタル情報プラットフォーム", "095": "科学教育推進事業", "097": "ロボットの街つくば推進事業"}
RANKED = [
    {"sheet": "012", "year": "R02", "item": "settlement", "value": 50000, "rank": 1},
    {"sheet": "095", "year": "R02", "item": "settlement", "value": 10310, "rank": 2},
    {"sheet": "097", "year": "R02", "item": "settlement", "value": 5139, "rank": 3},
]
TOTAL = [
    *(dict((k, v) for k, v in row.items() if k != "rank") for row in RANKED),
    {"metric": "total", "item": "settlement", "year": "R02", "value": 65449, "projects": 3},
]
MISSED_ROWS = [
    {"sheet": "097", "indicator": 1, "year": "R02", "target": 5.0, "actual": 3.0, "status": "missed", "value": 3.0},
    {
        "sheet": "095",
        "indicator": 1,
        "year": "R02",
        "target": 1200.0,
        "actual": 57.0,
        "status": "missed",
        "value": 57.0,
    },
    {"metric": "count", "value": 2},
]
INTERNAL = {"sheet", "field", "text", "metric", "value", "item", "rank", "projects", "indicator", "status", "year"}


@pytest.mark.parametrize("rows", [RANKED, TOTAL, MISSED_ROWS], ids=["ranking", "total", "indicators"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_answer_table_headers_are_labels_never_internal_names(rows, lang):
    table = answer_table(rows, lang, NAMES, {("097", 1): ("実証実験数", "種類"), ("095", 1): ("参加者数", "人")})
    assert table.headers and not INTERNAL & set(table.headers)
    words = [w for w in labels.LABELS[lang].values() if "{" not in w]
    assert all(any(header.startswith(word) for word in words) for header in table.headers), table.headers


def test_answer_table_headers_carry_the_unit_in_each_language():
    assert answer_table(RANKED, "ja", NAMES).headers == ["順位", "事業", "決算額（千円）"]
    assert answer_table(RANKED, "en", NAMES).headers == ["Rank", "Project", "Settled amount (thousand yen)"]
    hours = [{**row, "item": "overtime_hours", "value": 186.0} for row in RANKED]
    assert answer_table(hours, "ja", NAMES).headers[-1] == "正職員時間外勤務（時間）"
    assert answer_table(hours, "en", NAMES).shown[0][-1] == "186.00"


def test_answer_table_total_row_is_labelled_and_numbers_have_separators():
    ja, en = answer_table(TOTAL, "ja", NAMES), answer_table(TOTAL, "en", NAMES)
    assert ja.shown[-1] == ["合計", "65,449"] and en.shown[-1] == ["Total", "65,449"]
    assert ja.shown[0] == ["012 デジタル情報プラットフォーム", "50,000"]
    value = ja.to_gradio()
    assert value["data"][0][1] == 50000  # the raw number, so the column sorts as numbers
    assert value["metadata"]["display_value"][-1] == ["合計", "65,449"]
    assert "font-weight" in value["metadata"]["styling"][-1][0]  # the total reads as a total
    average = [*TOTAL[:-1], {**TOTAL[-1], "metric": "average", "value": 21816.33}]
    assert answer_table(average, "en", NAMES).shown[-1] == ["Average", "21,816.33"]


def test_answer_table_of_indicators_folds_what_every_row_shares():
    table = answer_table(MISSED_ROWS, "ja", NAMES, {("097", 1): ("実証実験数", "種類"), ("095", 1): ("参加者数", "人")})
    assert table.headers == ["事業", "指標", "目標値", "実績"]
    assert table.shown[1] == ["095 科学教育推進事業", "1 参加者数（人）", "1,200", "57"]
    assert table.label("ja") == "回答の表（令和2年度・未達成）"
    assert answer_table(MISSED_ROWS, "en", NAMES).label("en") == "Answer table (FY2020, missed)"
    assert len(table.column_widths()) == 4 and all(w.endswith("%") for w in table.column_widths())


@pytest.mark.parametrize(
    "rows",
    [
        [{"sheet": "097", "year": "R02", "item": "budget", "value": 6954}],  # one project: the text says it all
        [
            {"sheet": "097", "field": "direction", "text": "継続"},
            {"sheet": "095", "field": "direction", "text": "継続"},
        ],
        [{"sheet": "097", "name": "ロボット", "value": "方向性 継続"}, {"metric": "count", "value": 1}],
    ],
    ids=["one-project", "text-fields", "selection"],
)
def test_answers_whose_text_says_everything_get_no_table(rows):
    assert answer_table(rows, "ja", NAMES) is None


def test_figures_of_several_projects_get_one_column_per_item():
    rows = [
        {"sheet": s, "year": "R02", "item": item, "value": v}
        for s, values in (("097", (6954, 5139)), ("095", (12559, 10310)))
        for item, v in zip(("budget", "settlement"), values, strict=True)
    ]
    table = answer_table(rows, "en", NAMES)
    assert table.headers == ["Project", "Budget (thousand yen)", "Settled amount (thousand yen)"]
    assert (
        table.shown[1] == ["095 科学教育推進事業", "12,559", "10,310"] and table.label("en") == "Answer table (FY2020)"
    )


# --------------------------------------------------------------------------- charts

ATTAINMENT = [
    {"project": "097", "indicator": "097-1 ロボットのまち中実証実験数", "year": "R02", "target": 5.0, "actual": 3.0},
    {"project": "095", "indicator": "095-1 延べ参加者数", "year": "R02", "target": 200.0, "actual": 57.0},
]
COSTS = [
    {"project": "097", "year": "H30", "budget": None, "settlement": 9390},
    {"project": "097", "year": "R02", "budget": 6954, "settlement": 5139},
]


def texts_of(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(lambda artist: hasattr(artist, "get_text"))]


def test_attainment_figure_has_one_chart_per_indicator():
    figure = charts.attainment_figure(ATTAINMENT, "ja", japanese=True)
    visible = [ax for ax in figure.axes if ax.get_visible()]
    assert len(visible) == 2
    assert any("ロボット" in t for t in texts_of(figure))
    heights = sorted(round(bar.get_height()) for bar in visible[0].patches)
    assert heights == [3, 5]


def test_charts_without_a_japanese_font_use_numbers_not_names():
    for figure in (charts.attainment_figure(ATTAINMENT, "ja", False), charts.costs_figure(COSTS, "ja", False)):
        assert all(text.isascii() for text in texts_of(figure)), texts_of(figure)
    assert "097-1" in texts_of(charts.attainment_figure(ATTAINMENT, "ja", False))


def test_costs_figure_skips_unreported_years():
    figure = charts.costs_figure(COSTS, "en", japanese=False)
    assert len(figure.axes[0].patches) == 3  # no bar for H30's unreported budget
    assert charts.chart_figure(Chart("costs", COSTS), "ja", False) is not None
    assert charts.chart_figure(None, "ja", False) is None


def test_chart_titles_and_axes_are_in_the_interface_language():
    ja, en = charts.ranked_figure(RANKED, "ja", True, NAMES), charts.ranked_figure(RANKED, "en", True, NAMES)
    assert ja.get_suptitle() == "令和2年度の決算額（千円）"
    assert en.get_suptitle() == "Settled amount (thousand yen), FY2020"
    assert ja.axes[0].get_xlabel() == "千円" and en.axes[0].get_xlabel() == "thousand yen"
    assert charts.costs_figure(COSTS, "ja", True).get_suptitle() == "予算額と決算額（千円）"
    assert charts.costs_figure(COSTS, "en", True).get_suptitle() == "Budget and settled amount (thousand yen)"
    assert charts.attainment_figure(ATTAINMENT, "ja", True).axes[0].get_xlabel() == "年度"
    assert charts.attainment_figure(ATTAINMENT, "en", True).axes[0].get_xlabel() == "Fiscal year"


def test_chart_ticks_are_years_and_numbers_as_people_write_them():
    figure = charts.ranked_figure(RANKED, "ja", True, NAMES)
    figure.canvas.draw()
    assert "50,000" in texts_of(figure) and "012 デジタル情報プラットフ…" in texts_of(figure)
    costs = charts.costs_figure(COSTS, "ja", True)
    costs.canvas.draw()
    assert [t.get_text() for t in costs.axes[0].get_xticklabels()] == ["平成30", "令和2"]
    assert charts.answer_figure(Answer("q", "t", "ja", "structured", rows=TOTAL), "ja", True, NAMES) is not None
    assert charts.answer_figure(Answer("q", "t", "ja", "structured", rows=RANKED[:1]), "ja", True, NAMES) is None


@pytest.mark.skipif(not list(Path("/usr/share/fonts").rglob("ipaexg.ttf")), reason="fonts-ipaexfont-gothic missing")
def test_configure_charts_finds_the_installed_japanese_font():
    assert charts.configure_charts() and charts.japanese_font() == "IPAexGothic"


# --------------------------------------------------------------------------- feedback store


def test_feedback_schema_is_created_on_first_write(tmp_path):
    path = tmp_path / "sub" / "feedback.sqlite"
    assert export_csv(path).strip() == ",".join(COLUMNS)  # reading creates nothing
    assert not path.exists()
    first = record_feedback(path, question="q", answer="a", citations=[{"n": 1}], rating="up", lang="ja")
    assert path.exists() and first == 1


def test_feedback_round_trip_and_csv(tmp_path):
    path = tmp_path / "feedback.sqlite"
    cites = [citation().to_json()]
    up = record_feedback(path, question=MISSED, answer="097, 095", citations=cites, rating="up", lang="ja")
    down = record_feedback(path, question="q2", answer="a2", rating="down", comment=" 違う ")
    assert add_comment(path, up, "分かりやすい")
    assert not add_comment(path, 999, "nobody")
    rows = read_feedback(path)
    assert [r["rating"] for r in rows] == ["up", "down"] and rows[1]["id"] == down
    assert rows[0]["comment"] == "分かりやすい" and rows[1]["comment"] == "違う"
    assert json.loads(rows[0]["citations"])[0]["sheet"] == "097"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", rows[0]["created_at"])
    parsed = list(csv.DictReader(io.StringIO(export_csv(path))))
    assert [r["question"] for r in parsed] == [MISSED, "q2"]
    assert set(parsed[0]) == set(COLUMNS)
    assert not {"ip", "user", "session", "user_agent"} & set(COLUMNS)


def test_feedback_rejects_unknown_ratings(tmp_path):
    with pytest.raises(ValueError):
        record_feedback(tmp_path / "f.sqlite", question="q", answer="a", rating="meh")


def test_feedback_export_command(tmp_path):
    record_feedback(tmp_path / "feedback.sqlite", question="質問", answer="答え", rating="down")
    runner = CliRunner()
    shown = runner.invoke(cli, ["feedback", "export", "--data", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    assert "質問" in shown.output and shown.output.startswith("id,created_at")
    out = tmp_path / "out.csv"
    written = runner.invoke(cli, ["feedback", "export", "--data", str(tmp_path), "--out", str(out)])
    assert written.exit_code == 0 and "1 rating" in written.output
    assert out.read_text(encoding="utf-8") == export_csv(tmp_path / "feedback.sqlite")


def handlers_for(tmp_path) -> app.ChatApp:
    from types import SimpleNamespace

    return app.ChatApp(Settings(data_dir=tmp_path), SimpleNamespace(build_dir=tmp_path / "build"), False)


def one_answer_state() -> dict:
    state = app.new_state()
    state["turns"] = {"1": {"question": MISSED, "answer": "097 …", "citations": [{"n": 1}], "lang": "ja"}}
    return state


def test_rating_an_answer_stores_it_with_the_comment_so_far(tmp_path):
    from types import SimpleNamespace

    handlers = handlers_for(tmp_path)
    status, comment, state = handlers.rate(one_answer_state(), "良い", "ja", SimpleNamespace(index=1, liked=True))
    assert "記録しました" in status and comment == "" and state["last_feedback"] == 1
    stored = read_feedback(tmp_path / "feedback.sqlite")
    assert [(r["rating"], r["comment"], r["question"]) for r in stored] == [("up", "良い", MISSED)]
    status, _, _ = handlers.comment("追記", state, "en")
    assert "comment was recorded" in status
    assert read_feedback(tmp_path / "feedback.sqlite")[0]["comment"] == "追記"


def test_rating_nothing_or_commenting_first(tmp_path):
    from types import SimpleNamespace

    handlers = handlers_for(tmp_path)
    status, _, _ = handlers.rate(app.new_state(), "", "ja", SimpleNamespace(index=0, liked=False))
    assert status == labels.LABELS["ja"]["nothing_to_rate"]
    assert handlers.comment("  ", one_answer_state(), "ja")[0] == labels.LABELS["ja"]["empty_comment"]
    status, _, state = handlers.comment("先にコメント", one_answer_state(), "ja")
    assert state["last_feedback"] == 1
    assert read_feedback(tmp_path / "feedback.sqlite")[0]["rating"] is None


def test_serve_command_has_help():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--host" in result.output and "127.0.0.1" in result.output


def test_importing_the_app_creates_nothing(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "JIMUQA_DATA": str(tmp_path / "data")}
    code = "import jimuqa.ui.app as app; assert callable(app.create_app)"
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True, timeout=120)
    assert list(tmp_path.iterdir()) == []  # no data folder, feedback file or build at import


# --------------------------------------------------------------------------- end to end, real model


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_app(settings: Settings):
    """The app on a free loopback port, in a background thread; returns (demo, url)."""
    demo = app.create_app(settings)
    port = free_port()
    app.launch(demo, "127.0.0.1", port, block=False)
    return demo, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def app_settings(built_settings) -> Settings:
    """The seed corpus built with the real model (conftest's ``built_settings``: one build per session)."""
    return built_settings


@pytest.fixture(scope="module")
def served(app_settings):
    demo, url = start_app(app_settings)
    yield url
    demo.close()


@pytest.fixture(scope="module")
def client(served):
    from gradio_client import Client

    return Client(served, verbose=False)


def last_answer(result) -> str:
    chat = result[0]
    message = chat[-1]
    assert message["role"] == "assistant"
    content = message["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


def test_chat_answers_missed_targets_with_sources_and_a_follow_up(client):
    first = client.predict(MISSED, "ja", api_name="/chat")
    text = last_answer(first)
    for number in ("097", "095", "009", "010"):
        assert number in text
    assert "[1]" in text and '<details class="source">' in text and "<mark>" in text
    table, plot = first[2], first[3]
    assert table["value"]["headers"] == ["事業", "指標", "目標値", "実績"] and plot["value"] is not None
    assert table["label"] == "回答の表（令和2年度・未達成）" and len(table["value"]["data"]) == 4
    follow = client.predict("それらの事業の決算額は?", "ja", api_name="/chat")
    assert len(follow[0]) == 4  # both turns are in the conversation
    answer = last_answer(follow)
    for amount in ("5,139", "10,310", "433"):
        assert amount in answer


def test_chat_answers_in_english_and_escapes_a_hostile_question(served):
    from gradio_client import Client

    fresh = Client(served, verbose=False)
    english = last_answer(fresh.predict("Which projects missed their FY2020 targets?", "en", api_name="/chat"))
    assert "4 projects" in english and "Sources" in english
    hostile = fresh.predict(f"{SCRIPT} {IMG} {MD_IMAGE}", "ja", api_name="/chat")
    question = hostile[0][-2]["content"]
    question = question if isinstance(question, str) else question[0]["text"]
    assert no_raw_html(question) and "![" not in question


@pytest.mark.parametrize(
    ("question", "lang", "headers", "total"),
    [
        ("令和2年度の決算額の合計は?", "ja", ["事業", "決算額（千円）"], ["合計", "83,606"]),
        ("What was the total settled amount across all projects in FY2020?", "en",
         ["Project", "Settled amount (thousand yen)"], ["Total", "83,606"]),
    ],
)  # fmt: skip
def test_chat_table_is_in_the_interface_language_with_a_labelled_total(served, question, lang, headers, total):
    from gradio_client import Client

    result = Client(served, verbose=False).predict(question, lang, api_name="/chat")
    table = result[2]["value"]
    assert table["headers"] == headers and not {"sheet", "metric", "value", "item"} & set(table["headers"])
    shown = table["metadata"]["display_value"]
    assert shown[-1] == total and shown[0][1] == "50,000"
    assert result[3]["value"] is not None  # the projects' figures, charted


def test_concurrent_questions_are_queued_and_all_answered(served):
    from gradio_client import Client

    jobs = [Client(served, verbose=False).submit(MISSED, "ja", api_name="/chat") for _ in range(4)]
    assert all("097" in last_answer(job.result(timeout=120)) for job in jobs)


def test_chat_refuses_a_too_long_question(served, app_settings):
    from gradio_client import Client

    long_question = "あ" * (app_settings.max_question_chars + 1)
    text = last_answer(Client(served, verbose=False).predict(long_question, "ja", api_name="/chat"))
    assert f"{app_settings.max_question_chars:,}" in text and "長すぎ" in text


def test_projects_listing_reads_the_table(app_settings):
    from jimuqa.index.table import open_table

    with closing(open_table(current_build(app_settings.data_dir) / TABLE_FILE)) as db:
        listed = sheets.list_sheets(db)
        table = sheets.projects_table(listed, "ja")
        robot = next(s for s in listed if s["number"] == "097")
        sections = sheets.sheet_sections(db, robot["id"])
        costs = sheets.sheet_costs(db, robot)
        indicators = sheets.sheet_indicators(db, robot)
    assert len(table["data"]) == 10
    assert table["headers"] == ["番号", "事業名", "部課", "係", "金額の年度", "決算額（千円）", "指標", "方向性"]
    row = dict(zip(table["headers"], next(r for r in table["data"] if r[0] == "097"), strict=True))
    assert row["部課"] == "政策イノベーション部科学技術振興課" and row["金額の年度"] == "令和2年度"
    assert row["決算額（千円）"] == 5139 and row["指標"] == "達成0/未達成1/目標なし0" and row["方向性"] == "継続"
    assert [s["section"] for s in sections][:3] == ["basic_info", "overview", "costs"]
    assert [c["year"] for c in costs] == ["H30", "R01", "R02", "R03", "R04"]
    assert {(i["year"], i["actual"]) for i in indicators} >= {("R02", 3.0)}


def test_asking_records_no_feedback(app_settings, client):
    # Feedback is stored only when someone rates an answer (the browser test rates one).
    assert app.feedback_path(app_settings.data_dir) == app_settings.data_dir / "feedback.sqlite"
    assert not app.feedback_path(app_settings.data_dir).exists()


def test_a_conversation_keeps_a_bounded_history(tmp_path):
    from jimuqa.ui.app import HISTORY_KEPT

    handlers = handlers_for(tmp_path)
    state = {"history": [], "display": [], "turns": {}, "last_feedback": None}
    for n in range(HISTORY_KEPT):
        result = Answer(f"質問{n}", f"回答{n}", "ja", "structured", [])
        state = handlers._remember(state, f"質問{n}", result, [])
    assert len(state["history"]) == HISTORY_KEPT
    assert state["history"][-2:] == [
        {"role": "user", "content": f"質問{HISTORY_KEPT - 1}"},
        {"role": "assistant", "content": f"回答{HISTORY_KEPT - 1}"},
    ]
