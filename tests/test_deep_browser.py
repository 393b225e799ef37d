"""The Deep-networks page in headless Chromium, opened on each tab by its link, in English
and Chinese: the figure is drawn, no exception; screenshots in tests/artifacts/."""
import importlib

import pytest
from conftest import assert_no_exception, screenshot, wait_for_app

from app.urlstate import encode

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("lang", "tab"), [("en", "vanishing"), ("en", "bias"),
                                           ("en", "batch"), ("zh", "init"),
                                           ("zh", "saddles"), ("zh", "vanishing"),
                                           ("en", "snapshots"), ("zh", "snapshots")])
def test_deep_tab_in_browser(app_url, browser, lang, tab):
    text = getattr(importlib.import_module("app.text.deep"), lang.upper())
    ctx = browser.new_context(viewport={"width": 1440, "height": 1600})
    page = ctx.new_page()
    try:
        page.goto(f"{app_url}/deep?lang={lang}&cfg={encode({'tab': tab})}")
        wait_for_app(page, "h1", timeout=180_000)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=180_000)
        page.wait_for_timeout(1500)
        assert_no_exception(page)
        assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == \
            text["title"]
        selected = page.locator("[data-testid='stTab'][aria-selected='true']").first
        assert selected.inner_text().strip() == text[f"tab_{tab}"]
        screenshot(page, f"deep_{lang}_{tab}")
    finally:
        ctx.close()
