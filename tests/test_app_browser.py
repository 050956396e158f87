"""The app in a real browser (Debian's chromium, headless), at desktop and phone width.

Ask which projects missed their R2 targets, read the answer and open a source (its quote is marked),
ask a follow-up, rate the answer, then open a sheet on the projects tab with its charts. Nothing may be
fetched from outside the machine and nothing hostile may run. The table under an answer reads in the
interface's language, with units, separators and a labelled total, and fits a phone's width.
Screenshots go to ``screenshots/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jimuqa.settings import set_offline_environment
from jimuqa.ui.feedback import read_feedback
from tests.test_app import IMG, MISSED, SCRIPT, start_app

set_offline_environment()

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
TIMEOUT_MS = 60_000
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def served(built_settings):
    demo, url = start_app(built_settings)
    yield url, built_settings
    demo.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A page at the test's viewport that refuses (and records) every request leaving the machine."""
    viewport = VIEWPORTS[request.param]
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    opened = context.new_page()
    opened.external = []
    opened.dialogs = []

    def only_local(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            opened.external.append(route.request.url)
            route.abort()

    opened.route("**/*", only_local)
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    opened.name = request.param
    yield opened
    context.close()


def ask(page, question: str, answers_before: int):
    page.fill("#question textarea", question)
    page.click("#send")
    bots = page.locator('#chat [data-testid="bot"]')
    # Streaming is over when the new answer is there and the chat's status tracker hides again.
    page.wait_for_function(
        """n => document.querySelectorAll('#chat [data-testid="bot"]').length === n
            && document.querySelector('#chat [data-testid="status-tracker"]').classList.contains('hide')""",
        arg=answers_before + 1,
        timeout=TIMEOUT_MS,
    )
    return bots.nth(answers_before)


def shoot(page, step: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"app-{page.name}-{step}.png"), full_page=True)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("page", list(VIEWPORTS), indirect=True)
def test_ask_read_sources_follow_up_and_open_a_sheet(page, served):
    from playwright.sync_api import expect

    url, settings = served
    page.goto(url, wait_until="domcontentloaded")
    page.locator("#question textarea").wait_for(timeout=TIMEOUT_MS)

    answer = ask(page, MISSED, 0)
    for project in ("097 ロボットの街つくば推進事業", "095", "009 未来共創プロジェクトの実施", "010"):
        expect(answer).to_contain_text(project, timeout=TIMEOUT_MS)
    sources = answer.locator("details.source")
    expect(sources).to_have_count(4, timeout=TIMEOUT_MS)
    mark = sources.first.locator("mark")
    expect(mark).to_be_hidden()  # folded by default
    sources.first.locator("summary").click()
    expect(mark).to_be_visible()
    expect(mark).to_contain_text("R02年度 3.0")
    expect(page.locator("#answer-plot img")).to_be_visible(timeout=TIMEOUT_MS)
    shoot(page, "1-answer")

    follow_up = ask(page, "それらの事業の決算額は?", 1)
    for amount in ("5,139", "10,310", "433"):
        expect(follow_up).to_contain_text(amount, timeout=TIMEOUT_MS)
    rated = len(read_feedback(settings.data_dir / "feedback.sqlite"))
    page.locator("#chat button[aria-label='Like']").last.click()
    expect(page.locator("#feedback-status")).to_contain_text("評価を記録しました", timeout=TIMEOUT_MS)
    assert len(read_feedback(settings.data_dir / "feedback.sqlite")) == rated + 1
    shoot(page, "2-follow-up")

    hostile = ask(page, f"{SCRIPT} {IMG}", 2)
    expect(page.locator('#chat [data-testid="user"]').last).to_contain_text("<script>alert(1)</script>")
    assert hostile.locator("img[src='x']").count() == 0 and page.locator("#chat img[src='x']").count() == 0
    assert page.locator("#chat script").count() == 0

    page.get_by_role("tab", name="事業一覧").click()
    expect(page.locator("#projects-table")).to_contain_text("ロボットの街つくば推進事業", timeout=TIMEOUT_MS)
    page.locator("#sheet-select input").click()
    page.get_by_role("option", name="097 ロボットの街つくば推進事業").click()
    expect(page.locator("#sheet-view h4").first).to_have_text("事業の基本情報", timeout=TIMEOUT_MS)
    expect(page.locator("#sheet-view")).to_contain_text("決算額 (千円): 平成30年度 9,390")
    expect(page.locator("#costs-plot img")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("#indicators-plot img")).to_be_visible(timeout=TIMEOUT_MS)
    shoot(page, "3-sheet")
    assert no_horizontal_scroll(page)

    page.locator("#lang").get_by_text("English").click()
    expect(page.get_by_role("tab", name="Projects")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("#sheet-view h4").first).to_have_text("Basic information (事業の基本情報)")
    shoot(page, "4-english")

    assert page.dialogs == [], "a script from an answer or the question ran"
    assert page.external == [], "the page fetched something from outside the machine"


def table_headers(page) -> list[str]:
    return [text.strip() for text in page.locator("#answer-table [role=columnheader]").all_inner_texts()]


def check_table(page, headers: list[str], total: list[str]) -> None:
    """The headers and the last (total) row as shown, and every column on screen (no page scroll)."""
    from playwright.sync_api import expect

    table = page.locator("#answer-table")
    expect(table).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("#answer-table [role=columnheader]")).to_have_count(len(headers), timeout=TIMEOUT_MS)
    assert table_headers(page) == headers
    assert not {"sheet", "metric", "value", "item", "field", "text"} & set(table_headers(page))
    expect(table).to_contain_text("50,000")
    # Gradio draws the body as rows of grid cells (a hidden <tbody> only measures them).
    total_row = page.locator("#answer-table [role=row]", has_text=total[0])
    expect(total_row).to_have_count(1)
    assert [cell.strip() for cell in total_row.locator("[role=gridcell]").all_inner_texts()][-2:] == total
    assert total_row.is_visible() and "font-weight: 600" in total_row.locator("[role=gridcell]").first.get_attribute(
        "style"
    )
    right = page.locator("#answer-table [role=columnheader]").last.evaluate("th => th.getBoundingClientRect().right")
    assert right <= page.viewport_size["width"], "the figure column is cut off"
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("page", list(VIEWPORTS), indirect=True)
def test_answer_table_and_chart_read_in_the_interface_language(page, served):
    from playwright.sync_api import expect

    url, _ = served
    page.goto(url, wait_until="domcontentloaded")
    page.locator("#question textarea").wait_for(timeout=TIMEOUT_MS)
    ask(page, "令和2年度の決算額の合計は?", 0)
    check_table(page, ["事業", "決算額（千円）"], ["合計", "83,606"])
    expect(page.locator("#answer-plot img")).to_be_visible(timeout=TIMEOUT_MS)
    shoot(page, "5-table-ja")

    page.locator("#lang").get_by_text("English").click()
    expect(page.get_by_role("tab", name="Projects")).to_be_visible(timeout=TIMEOUT_MS)
    ask(page, "What was the total settled amount across all projects in FY2020?", 1)
    check_table(page, ["Project", "Settled amount (thousand yen)"], ["Total", "83,606"])
    expect(page.locator("#answer-plot img")).to_be_visible(timeout=TIMEOUT_MS)
    shoot(page, "6-table-en")
    assert page.external == [], "the page fetched something from outside the machine"
