"""The Newton race on Compare and the softmax view on Learned surfaces in headless Chromium,
in English and Chinese: no exception, screenshots in tests/artifacts/ to look at."""
import pytest

from app.text import compare, learned
from app.urlstate import encode

NEWTON_RACE = {"surface": "saddle", "starts": [[1.5, 0.0]], "steps": 60, "noise": 0.05,
               "optimizers": [{"name": "newton"}, {"name": "sgd", "params": {"lr": 0.05}},
                              {"name": "lbfgs"}]}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_newton_race_and_softmax_view(app_url, browser, lang):
    from conftest import assert_no_exception, screenshot, wait_for_app
    ctx = browser.new_context(viewport={"width": 1440, "height": 1500}, locale="en-US")
    page = ctx.new_page()
    try:
        page.goto(f"{app_url}/compare?lang={lang}&cfg={encode(NEWTON_RACE)}")
        wait_for_app(page, "h1")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        page.wait_for_timeout(1500)
        assert_no_exception(page)
        screenshot(page, f"newton_compare_{lang}")
        tab = getattr(compare, lang.upper())["tab_curves"]
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(2500)
        assert_no_exception(page)
        # the loss figure's x-axis choice: steps or function evaluations
        page.get_by_text(getattr(compare, lang.upper())["evals_axis"]).first.click()
        page.wait_for_timeout(1000)
        screenshot(page, f"newton_curves_{lang}")
        doc = {"tab": "softmax", "softmax": {"config": {"classes": 3, "z1": 2.0, "z2": 0.5,
                                                        "z3": -1.0, "label": 2}}}
        page.goto(f"{app_url}/learned?lang={lang}&cfg={encode(doc)}")
        wait_for_app(page, "h1")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        page.wait_for_timeout(1500)
        assert_no_exception(page)
        want = getattr(learned, lang.upper())["sm_probs_title"]
        assert page.get_by_text(want).count() >= 1
        screenshot(page, f"softmax_{lang}")
    finally:
        ctx.close()
