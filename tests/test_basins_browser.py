"""The Basins page in a real browser: maps drawn, a click on a pixel shows that start's
paths, the fair-race tab draws its curves."""
import re

import pytest
from conftest import assert_no_exception, screenshot, wait_for_app

VIEWPORT_HEIGHT = 3000   # a tall page (the page fixture in conftest.py)


def click_map(page, x, y):
    """Click the first map at data coordinates (x, y)."""
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
def test_basins_page_in_browser(app_url, page):
    page.goto(app_url + "/basins")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot", timeout=120_000)
    page.wait_for_timeout(2000)
    assert_no_exception(page)
    assert page.locator("h1", has_text="Basins & fair races").count() == 1
    heatmaps = page.evaluate("""() => document.querySelector(
        "[data-testid='stPlotlyChart'] .js-plotly-plot").data
        .filter(d => d.type === 'heatmap').length""")
    assert heatmaps == 3
    screenshot(page, "basins_default")
    before = page.get_by_text("Paths from (").first.inner_text()
    click_map(page, 2.5, -3.5)
    assert_no_exception(page)
    after = page.get_by_text("Paths from (").first.inner_text()
    x, y = (float(v) for v in re.findall(r"-?\d+\.\d+", after)[:2])
    assert after != before and abs(x - 2.5) < 0.16 and abs(y + 3.5) < 0.16, (before, after)
    screenshot(page, "basins_clicked")
    page.get_by_role("tab", name="Fair race (tune, then race)").click()
    page.wait_for_timeout(1500)
    assert page.get_by_text("Budget per optimizer").count() == 1
    assert_no_exception(page)
    screenshot(page, "basins_race")
