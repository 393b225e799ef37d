"""The Saddles & Hessian page in a real browser: map, click-to-inspect, escape lab."""
import pytest
from conftest import assert_no_exception, screenshot, shown, wait_for_app

VIEWPORT_HEIGHT = 3000   # a tall page (the page fixture in conftest.py)


@pytest.mark.browser
def test_critical_page_in_browser(app_url, page):
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("link", name="Saddles & Hessian").click()
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot", timeout=90_000)
    page.wait_for_timeout(1500)
    assert_no_exception(page)
    assert page.locator("h1", has_text="Saddles & Hessian").count() == 1
    # the lecture's example is preloaded: the saddle at the origin with eigenvalues +-2
    assert page.get_by_text("The point (0.0000, 0.0000)").count() == 1
    assert page.get_by_text("Saddle point").count() >= 1
    screenshot(page, "critical_lecture")

    # switch to Himmelblau and click its maximum marker
    page.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="Himmelblau").click()
    wait_for_app(page)
    page.wait_for_timeout(1500)
    plot = page.locator("[data-testid='stPlotlyChart']").first
    box = plot.bounding_box()
    click_at(page, -0.2708, -0.9230)       # the maximum of Himmelblau
    assert_no_exception(page)
    assert shown(page, "Local maximum"), "clicking the maximum inspects it"
    screenshot(page, "critical_himmelblau_max")
    assert box is not None

    # any spot of the map can be inspected: it is not critical, -grad is drawn
    click_at(page, 1.0, 1.0)
    assert shown(page, "Not a critical point")
    assert page.get_by_text("Escape lab: leaving a saddle").count() == 1
    assert page.locator("[data-testid='stPlotlyChart']").count() == 5
    assert_no_exception(page)
    screenshot(page, "critical_himmelblau_anywhere")


def click_at(page, x, y):
    """Click the map at data coordinates (x, y)."""
    xy = page.evaluate("""([x, y]) => {
        const gd = document.querySelector("[data-testid='stPlotlyChart'] .js-plotly-plot");
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const r = gd.getBoundingClientRect();
        return [r.left + xa._offset + xa.l2p(x), r.top + ya._offset + ya.l2p(y)];
    }""", [x, y])
    page.mouse.click(xy[0], xy[1])
    wait_for_app(page)
    page.wait_for_timeout(1500)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_escape_seeds_caption_in_browser(app_url, page, lang):
    """The escape lab's seeds control states its work limit, in either language."""
    page.goto(f"{app_url}/critical?lang={lang}")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot", timeout=90_000)
    caption = page.get_by_text("seeds here" if lang == "en" else "个随机种子：", exact=False)
    assert caption.count() == 1
    assert_no_exception(page)
    screenshot(page, f"critical_escape_seeds_{lang}")
