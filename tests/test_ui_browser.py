"""What people see, in headless Chromium: Play keeps the contour, nothing needs the
internet, a formula error keeps the optimizer selection, the legend stays off the slider."""
import pytest
from conftest import assert_no_exception, screenshot, shown, wait_for_app

pytestmark = pytest.mark.browser

PLOT = "[data-testid='stPlotlyChart'] .js-plotly-plot"


def test_play_updates_the_paths_without_redrawing_the_contour(app_url, page):
    page.goto(f"{app_url}/compare")
    wait_for_app(page, "h1")
    page.wait_for_selector(PLOT, timeout=60_000)
    page.evaluate("""(sel) => {
        const gd = document.querySelector(sel);
        // the filled levels: a contour trace's layer or the map's background image
        const LEVELS = '.contourlayer, .contour, .hm, .imagelayer image';
        window.__contourRemoved = 0; window.__contourMissing = 0; window.__frames = new Set();
        new MutationObserver(ms => ms.forEach(m => m.removedNodes.forEach(n => {
            if (n.nodeType === 1 && (n.matches(LEVELS)
                || n.querySelector && n.querySelector(LEVELS))) window.__contourRemoved++;
        }))).observe(gd, {childList: true, subtree: true});
        window.__poll = setInterval(() => {
            if (!gd.querySelector('.contourlayer .contour, .imagelayer image'))
                window.__contourMissing++;
            window.__frames.add(gd._fullLayout.sliders[0].active);
        }, 20);
    }""", PLOT)
    page.get_by_text("▶ Play 2×").first.click()
    page.wait_for_timeout(1500)
    out = page.evaluate("() => [window.__contourRemoved, window.__contourMissing,"
                        " window.__frames.size]")
    screenshot(page, "compare_playing")
    page.get_by_text("❚❚ Pause").first.click()
    assert out[0] == 0 and out[1] == 0, f"contour removed {out[0]}x, missing in {out[1]} polls"
    assert out[2] > 3, "the animation did not advance"
    assert_no_exception(page)


def test_legend_sits_right_of_the_plot_and_off_the_slider(app_url, page):
    page.goto(f"{app_url}/compare")
    wait_for_app(page, "h1")
    page.wait_for_selector(PLOT, timeout=60_000)
    boxes = page.evaluate("""(sel) => {
        const gd = document.querySelector(sel);
        const r = e => { const b = e.getBoundingClientRect();
                         return [b.left, b.top, b.right, b.bottom]; };
        return {legend: r(gd.querySelector('.legend')), plot: r(gd.querySelector('.nsewdrag')),
                slider: r(gd.querySelector('.slider-container')),
                buttons: r(gd.querySelector('.updatemenu-container'))};
    }""", PLOT)
    leg, plot, slider = boxes["legend"], boxes["plot"], boxes["slider"]
    assert leg[0] >= plot[2] - 1                      # right of the plotting area
    assert leg[3] <= slider[1] or leg[0] >= slider[2]   # never over the slider
    assert boxes["buttons"][3] <= slider[1] + 2         # buttons above the slider row
    screenshot(page, "compare_layout")


def test_nothing_needs_the_internet(app_url, browser):
    """Every request to a host other than the app's is blocked and recorded: the pages
    must render, with their icons, without one."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    outside = []

    def gate(route):
        url = route.request.url
        if url.startswith((app_url, "data:", "blob:")):
            return route.continue_()
        outside.append(url)
        return route.abort()
    ctx.route("**/*", gate)
    page = ctx.new_page()
    try:
        for path in ("", "/compare", "/schedules"):
            page.goto(f"{app_url}{path}")
            wait_for_app(page, "h1")
            page.wait_for_timeout(1500)
            assert_no_exception(page)
        fonts = page.evaluate("""async () => { await document.fonts.ready;
            return [...document.fonts].filter(f => /Material/i.test(f.family))
                                      .map(f => f.status); }""")
        icon_w = page.evaluate("""() => { const i = document.querySelector(
            '[data-testid="stSidebarNav"] [data-testid="stIconMaterial"]');
            return i ? i.getBoundingClientRect().width : -1; }""")
        screenshot(page, "offline_schedules")
    finally:
        ctx.close()
    assert outside == [], outside
    assert "loaded" in fonts, fonts            # the bundled icon font, served by the app
    assert 0 < icon_w < 40, icon_w             # a glyph, not the icon's name spelled out


def test_a_formula_error_keeps_the_selection_in_the_browser(app_url, page):
    from app import urlstate
    from optim_core import OptimizerRun, SimConfig
    cfg = SimConfig(formula="x**2 + y**2", bounds=(-2, 2, -2, 2), starts=((1.5, 1.0),),
                    steps=50, optimizers=(OptimizerRun("adam"), OptimizerRun("nesterov")))
    page.goto(f"{app_url}/compare?cfg={urlstate.encode(cfg.to_dict())}")
    wait_for_app(page, "h1")
    page.wait_for_selector(PLOT, timeout=60_000)
    box = page.get_by_label("f(x, y) =", exact=True).and_(page.get_by_test_id("stTextInputField"))
    box.fill("")
    box.press("Enter")
    page.wait_for_selector("text=formula is empty", timeout=30_000)
    assert_no_exception(page)
    screenshot(page, "compare_formula_empty")
    box.fill("x**2 + 2*y**2")
    box.press("Enter")
    wait_for_app(page, "h1")
    page.wait_for_selector(PLOT, timeout=60_000)
    chips = page.locator("[data-testid='stMultiSelect']").first.inner_text()
    assert "Adam" in chips and "Nesterov (NAG)" in chips and "RMSProp" not in chips, chips
    assert_no_exception(page)


def test_stuck_tab_shows_the_curvature(app_url, page):
    page.goto(f"{app_url}/schedules")
    wait_for_app(page, "h1")
    page.get_by_role("tab", name="Stuck ≠ small gradient").click()
    wait_for_app(page, "h1")                 # only the open tab is computed: it reruns
    assert shown(page, "Steepest curvature λmax under the run")
    assert_no_exception(page)
    screenshot(page, "schedules_stuck")
