"""The Learned-surfaces and Neural-network pages in headless Chromium: every tab renders
its charts, a widget change re-runs, no exception; screenshots are saved for review."""
import pytest
from conftest import assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.browser


VIEWPORT_HEIGHT = 2300   # a tall page (the page fixture in conftest.py)


def visible_plots(page) -> int:
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .filter(p => p.offsetParent !== null && p.querySelector('.main-svg')).length""")


def test_learned_page_in_browser(app_url, page):
    page.goto(f"{app_url}/learned")
    wait_for_app(page, "h1")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    assert_no_exception(page)
    assert visible_plots(page) == 3
    assert page.get_by_text("Stochastic B=1", exact=False).count() >= 1
    screenshot(page, "learned_batch")
    page.get_by_role("combobox", name="Model and data").click()
    page.get_by_role("option", name="Learned: the notes' y = 3x² + 2").click()
    wait_for_app(page, "h1")
    page.wait_for_selector("text=Learned: the notes' y = 3x² + 2: paths over 20 epochs")
    assert_no_exception(page)
    screenshot(page, "learned_quadfit")
    for tab, name, plots in (("MSE vs cross-entropy", "learned_logistic", 4),
                             ("Feature scaling", "learned_scaling", 4)):
        page.get_by_role("tab", name=tab).click()
        wait_for_app(page, "h1")             # only the open tab is computed: it reruns
        assert_no_exception(page)
        assert visible_plots(page) == plots, tab
        screenshot(page, name)
    assert page.get_by_text("stable only for η <").count() == 2


def test_network_page_in_browser(app_url, page):
    page.goto(f"{app_url}/network")
    wait_for_app(page, "h1")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
    assert_no_exception(page)
    assert visible_plots(page) == 2
    screenshot(page, "network_training")
    for tab, name, plots in (("Loss landscape", "network_landscape", 2),
                             ("Hessian", "network_hessian", 1),
                             ("Learning-rate range test", "network_range", 1)):
        page.get_by_role("tab", name=tab).click()
        wait_for_app(page, "h1", timeout=120_000)    # only the open tab is computed: it reruns
        page.wait_for_function("""n => [...document.querySelectorAll('.js-plotly-plot')]
            .filter(p => p.offsetParent !== null && p.querySelector('.main-svg')).length >= n""",
                               arg=plots, timeout=120_000)
        assert_no_exception(page)
        assert visible_plots(page) == plots, tab
        screenshot(page, name)
