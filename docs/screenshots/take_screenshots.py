"""Screenshots of the chat, after a ranking question in Japanese and a total in English, at 1280 and 375 px.

    jimuqa serve --data /tmp/ui-data --port 7871 &
    .venv/bin/python docs/screenshots/take_screenshots.py [URL] [FOLDER]

Uses Debian's chromium (``make browser``), never a downloaded one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:7871/"
FOLDER = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent
ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
WIDTHS = {"desktop": (1280, 900), "375": (375, 812)}
QUESTIONS = {  # file name: (interface language, question)
    "chat": ("ja", "令和2年度の決算額が大きい事業トップ3は?"),
    "chat-en": ("en", "What was the total settled amount across all projects in FY2020?"),
}
TIMEOUT_MS = 60_000


def ask(page, question: str) -> None:
    page.fill("#question textarea", question)
    page.click("#send")
    page.wait_for_function(
        """() => document.querySelectorAll('#chat [data-testid="bot"]').length === 1
            && document.querySelector('#chat [data-testid="status-tracker"]').classList.contains('hide')""",
        timeout=TIMEOUT_MS,
    )
    page.locator("#answer-plot img").wait_for(state="visible", timeout=TIMEOUT_MS)


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width_name, (width, height) in WIDTHS.items():
            for name, (lang, question) in QUESTIONS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(URL, wait_until="domcontentloaded")
                page.locator("#question textarea").wait_for(timeout=TIMEOUT_MS)
                if lang == "en":
                    page.locator("#lang").get_by_text("English").click()
                    page.get_by_role("tab", name="Projects").wait_for(timeout=TIMEOUT_MS)
                ask(page, question)
                path = FOLDER / f"{name}-{width_name}.png"
                page.screenshot(path=str(path), full_page=True)
                print(path)
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
