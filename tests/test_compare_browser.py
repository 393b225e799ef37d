"""The Compare page in headless Chromium: render, play, click to move the start."""
import pytest
from conftest import assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_compare_page_plays_and_moves_the_start(app_url, page):
    page.goto(f"{app_url}/compare")
    wait_for_app(page, "h1")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    assert_no_exception(page)
    screenshot(page, "compare_default")
    start_x = page.get_by_label("start x")
    before = start_x.input_value()
    # click the contour away from the current start: the start moves
    xy = page.evaluate("""() => {
        const gd = document.querySelector("[data-testid='stPlotlyChart'] .js-plotly-plot");
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const r = gd.getBoundingClientRect();
        return [r.left + xa._offset + xa.l2p(1.2), r.top + ya._offset + ya.l2p(2.0)];
    }""")
    page.mouse.click(xy[0], xy[1])
    for _ in range(60):
        page.wait_for_timeout(500)
        if start_x.input_value() != before:
            break
    wait_for_app(page, "h1")
    assert float(start_x.input_value()) == pytest.approx(1.2, abs=0.11)
    assert page.locator(".js-plotly-plot").count() >= 1
    assert_no_exception(page)
    screenshot(page, "compare_clicked")
    # play the animation (frames move only the paths), then pause mid-way
    slider_before = page.locator(".slider-container .slider-label, .slider-group").count()
    page.get_by_text("▶ Play").first.click()
    page.wait_for_timeout(800)
    page.get_by_text("❚❚ Pause").first.click()
    assert slider_before >= 0
    frames = page.evaluate("() => document.querySelector('.js-plotly-plot')._transitionData"
                           "._frames.length")
    assert frames > 10
    assert_no_exception(page)
    screenshot(page, "compare_paused")
    # other views render too
    page.get_by_role("tab", name="3-D surface").click()
    page.wait_for_timeout(1500)
    screenshot(page, "compare_3d")
    page.get_by_role("tab", name="Loss & gradient").click()
    page.wait_for_timeout(1000)
    assert page.locator(".js-plotly-plot").count() >= 3
    screenshot(page, "compare_curves")
    assert_no_exception(page)


def test_typed_formula_in_browser(app_url, page):
    from app import urlstate
    from optim_core import OptimizerRun, SimConfig
    cfg = SimConfig(formula="x**2 - y**2 + 0.1*sin(3*x)", bounds=(-2, 2, -2, 2),
                    starts=((1.5, 0.05),), steps=150,
                    optimizers=(OptimizerRun("sgd", (("lr", 0.05),)),
                                OptimizerRun("momentum", (("lr", 0.02),)),
                                OptimizerRun("adam", (("lr", 0.05),))))
    page.goto(f"{app_url}/compare?cfg={urlstate.encode(cfg.to_dict())}")
    wait_for_app(page, "h1")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    assert page.get_by_label("f(x, y) =", exact=True).and_(page.get_by_test_id("stTextInputField")).input_value() == "x**2 - y**2 + 0.1*sin(3*x)"
    assert_no_exception(page)
    screenshot(page, "compare_formula")
    box = page.get_by_label("f(x, y) =", exact=True).and_(page.get_by_test_id("stTextInputField"))
    box.fill("x**2 + y.real")
    box.press("Enter")
    page.wait_for_selector("text=not allowed in a formula", timeout=30_000)
    assert_no_exception(page)
    screenshot(page, "compare_formula_rejected")


def test_back_and_forward_walk_through_the_students_changes(app_url, page):
    """Every change is a history entry (st.query_params pushes one); Back reruns the page
    with the older ?cfg=, and the page shows it instead of keeping its session values."""
    from app import urlstate
    from optim_core import OptimizerRun, SimConfig
    cfg = SimConfig(surface="himmelblau", starts=((1.0, 1.0),), steps=60,
                    optimizers=(OptimizerRun("sgd", (("lr", 0.01),)),
                                OptimizerRun("sgd", (("lr", 0.001),))))
    page.goto(f"{app_url}/compare?cfg={urlstate.encode(cfg.to_dict())}")
    wait_for_app(page, "h1")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    start_x = page.get_by_label("start x")
    assert float(start_x.input_value()) == 1.0

    def change_x(value: str) -> str:
        before = page.url
        start_x.fill(value)
        start_x.press("Enter")
        for _ in range(60):
            page.wait_for_timeout(500)
            if page.url != before:
                break
        wait_for_app(page, "h1")
        assert page.url != before
        return page.url

    def shown_after(action, expect: float) -> float:
        """The start shown once the page settles after ``action`` (waits up to 30 s for
        ``expect``; returns whatever it shows then)."""
        action()
        for _ in range(60):
            page.wait_for_timeout(500)
            wait_for_app(page, "h1")
            if float(start_x.input_value()) == expect:
                break
        return float(start_x.input_value())

    change_x("-2")
    third = change_x("3")
    assert shown_after(page.go_back, -2.0) == -2.0
    assert shown_after(page.go_back, 1.0) == 1.0
    # both SGD runs came back from the link too (two paths, labelled by their rate)
    names = page.evaluate("""() => document.querySelector('.js-plotly-plot').data
        .filter(d => d.mode === 'lines').map(d => d.name)""")
    assert names == ["SGD η=0.01", "SGD η=0.001"]
    assert shown_after(page.go_forward, -2.0) == -2.0
    assert shown_after(page.go_forward, 3.0) == 3.0
    assert page.url == third
    assert_no_exception(page)
    screenshot(page, "compare_back_forward")


def test_home_scene_opens_compare_with_every_run(app_url, page):
    """The Home page's first prepared scene (SGD at three rates) opens Compare with the
    three runs, labelled by their rate; the Copy link button copies the address."""
    page.goto(f"{app_url}/")
    wait_for_app(page, "h1")
    page.get_by_text("SGD at three learning rates").first.click()
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    wait_for_app(page, "h1")
    names = page.evaluate("""() => document.querySelector('.js-plotly-plot').data
        .filter(d => d.mode === 'lines').map(d => d.name)""")
    assert names == ["SGD η=0.001", "SGD η=0.01", "SGD η=0.8"]
    assert "cfg=" in page.url
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("tab", name="Share & export").click()
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_selector("text=Link copied", timeout=10_000)
    assert page.evaluate("() => navigator.clipboard.readText()") == page.url
    assert_no_exception(page)
    screenshot(page, "compare_scene_export")
