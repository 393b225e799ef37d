"""The Neural-network page's "Weights and optimizers" and "Widths" tabs in headless
Chromium, in English and Chinese: no exception, the figures drawn; screenshots under
tests/artifacts/netreg_<tab>_<lang>.png."""
import pytest

from app.urlstate import encode

TRAIN = {"net": {"n": 120, "width": 8, "depth": 2, "epochs": 20, "batch_size": 16,
                 "l1": 0.003, "dropout": 0.1},
         "optimizers": [{"name": "adam", "params": {"lr": 0.01}},
                        {"name": "muon", "params": {"lr": 0.02}}]}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("tab,figures", [("weights", 3), ("widths", 1)])
def test_netreg_tabs_in_browser(app_url, browser, tab, figures, lang):
    from conftest import assert_no_exception, screenshot, wait_for_app
    ctx = browser.new_context(viewport={"width": 1440, "height": 2000}, locale="en-US")
    page = ctx.new_page()
    try:
        cfg = encode({"tab": tab, "train": TRAIN})
        page.goto(f"{app_url}/network?lang={lang}&cfg={cfg}")
        wait_for_app(page, "h1", timeout=240_000)   # a cold start trains in the pool
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {figures}",
            timeout=180_000)
        page.wait_for_timeout(1500)
        assert_no_exception(page)
        path = screenshot(page, f"netreg_{tab}_{lang}")
        if tab == "weights":     # Muon's and Adafactor's figures, further down
            page.locator(".js-plotly-plot").nth(2).scroll_into_view_if_needed()
            page.wait_for_timeout(800)
            page.screenshot(path=str(path.with_name(f"netreg_{tab}_{lang}_2.png")))
    finally:
        ctx.close()
