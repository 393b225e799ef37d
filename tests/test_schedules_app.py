"""The Learning-rate page: AppTest and a real browser."""
import json

import pytest

from conftest import app_test, assert_no_exception, screenshot, wait_for_app


def test_page_renders_and_reacts():
    at = app_test("schedules")
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 7
    curve = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["y"]
    at.selectbox(key="lr.sched").set_value("step").run()
    assert not at.exception
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["y"] != curve
    at.selectbox(key="lr.sched").set_value("reduce_on_plateau").run()
    assert not at.exception and not at.error
    at.multiselect(key="lr.sweep_opts").set_value(["sgd"]).run()
    assert not at.exception and len(at.get("plotly_chart")) == 7


def test_stuck_is_not_a_small_gradient():
    """The claim the page makes, checked on its own configuration."""
    from app.schedules_page import stuck
    from optim_core import simulate
    r = simulate(stuck(0.0995))
    loss, g = r.loss[0, 0], r.grad_norm[0, 0]
    assert r.diverged_at[0, 0] < 0
    assert loss[-100:].min() > 10.0          # stuck far above the minimum (f = 0)...
    assert g[-100:].min() > 10.0             # ...while the gradient stays large
    calm = simulate(stuck(0.05))             # a smaller rate does arrive
    assert calm.loss[0, 0, -1] < 0.1


@pytest.mark.browser
def test_schedules_page_in_browser(app_url, page):
    page.goto(f"{app_url}/schedules")
    wait_for_app(page, "h1")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    assert_no_exception(page)
    screenshot(page, "schedules_builder")
    for tab, name in (("Stuck ≠ small gradient", "schedules_stuck"),
                      ("Learning-rate sweep", "schedules_sweep"), ("Adaptive rates", "schedules_adaptive")):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(1500)
        assert_no_exception(page)
        screenshot(page, name)
