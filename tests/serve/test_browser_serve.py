"""Live reload in a real browser: save a file, the open tab changes by itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from browserkit import CHROMIUM, CHROMIUM_ARGS, have_chromium
from test_serve import TOUCHPOINT, Served, project  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium (see .ci/run)"),
]


def test_open_tab_reloads_on_save_and_shows_errors_until_fixed(project: Path) -> None:  # noqa: F811
    sync_api = pytest.importorskip("playwright.sync_api")
    served = Served(project)
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(served.url + "journeys/first-order/compares-plans/")
            heading = page.locator("h1")
            original = heading.inner_text()

            path = project / TOUCHPOINT
            text = path.read_text(encoding="utf-8")
            path.write_text(
                text.replace(f"title: {original}", "title: Compara tarifas, ¿cuál?"),
                encoding="utf-8",
            )
            sync_api.expect(heading).to_have_text("Compara tarifas, ¿cuál?", timeout=15_000)

            path.write_text(text.replace("importance:", "importance: [", 1), encoding="utf-8")
            sync_api.expect(page.locator("body")).to_contain_text(
                TOUCHPOINT, timeout=15_000
            )  # the error page names the file

            path.write_text(text, encoding="utf-8")
            sync_api.expect(heading).to_have_text(original, timeout=15_000)
            assert errors == []
            browser.close()
    finally:
        served.stop()
