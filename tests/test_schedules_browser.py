"""The Learning-rate page in headless Chromium: every tab renders its charts, a widget
change redraws the schedule, and screenshots are saved for review."""
import pytest
from conftest import assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.browser


VIEWPORT_HEIGHT = 2100   # a tall page (the page fixture in conftest.py)


def visible_plots(page) -> int:
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .filter(p => p.offsetParent !== null && p.querySelector('.main-svg')).length""")


def test_schedules_page_in_browser(app_url, page):
    page.goto(f"{app_url}/schedules")
    wait_for_app(page, "h1")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    assert_no_exception(page)
    assert visible_plots(page) == 3
    assert page.get_by_text("warm-up", exact=True).count() >= 1      # the shaded band
    screenshot(page, "schedules_builder")
    # pick SGDR: the curve redraws with restarts, the warm-up stays
    page.get_by_role("combobox", name="Schedule (decay, cycles, restarts)").click()
    page.get_by_role("option", name="Cosine with warm restarts (SGDR)").click()
    wait_for_app(page, "h1")
    page.wait_for_selector("text=Warm-up, then cosine with warm restarts (SGDR): the rate each step uses")
    assert_no_exception(page)
    screenshot(page, "schedules_builder_sgdr")
    # reduce-on-plateau: the curve is the rate the run used, with its note
    page.get_by_role("combobox", name="Schedule (decay, cycles, restarts)").click()
    page.get_by_role("option", name="Reduce on plateau", exact=True).click()
    wait_for_app(page, "h1")
    page.wait_for_selector("text=Reduce on plateau: the rate each step uses")
    assert page.get_by_text("watches the loss of the run").count() == 1
    assert_no_exception(page)
    screenshot(page, "schedules_builder_plateau")
    for tab, name, plots in (("Stuck ≠ small gradient", "schedules_stuck", 3),
                             ("Learning-rate sweep", "schedules_sweep", 1),
                             ("Adaptive rates", "schedules_adaptive", 1)):
        page.get_by_role("tab", name=tab).click()
        wait_for_app(page, "h1")             # only the open tab is computed: it reruns
        assert_no_exception(page)
        assert visible_plots(page) == plots, tab
        screenshot(page, name)
        if name == "schedules_stuck":
            assert page.get_by_text("the loss changed by").count() == 1    # the verdict
