"""Live reload in a real browser: save a file, the open tab changes by itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from browserkit import needs_chromium
from test_serve import TOUCHPOINT, Served, project  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.slow,
    needs_chromium,
]


def test_open_tab_reloads_on_save_and_shows_errors_until_fixed(
    project: Path,  # noqa: F811
    browser: object,
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    served = Served(project)
    try:
        context = browser.new_context()
        try:
            page = context.new_page()
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
        finally:
            context.close()
    finally:
        served.stop()
