"""The Momentum page in headless Chromium: the explore sliders redraw the figure in the
browser with no message to the server, and the time each slider step takes to redraw."""
import json
import time

import pytest
from conftest import (
    ARTIFACTS,
    assert_no_exception,
    drag_grip,
    redraw_timer,
    screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser

GD = ("Array.from(document.querySelectorAll('.js-plotly-plot'))"
      ".find(g => g.layout.sliders && g.layout.sliders.length)")

# what the figure shows: the visible group's path, loss and result text, and the sliders
STATE = f"""() => {{
    const g = {GD};
    const vis = g.data.map((d, i) => [i, d.visible !== false && d.opacity !== 0])
                      .filter(p => p[1] && p[0] > 0).map(p => p[0]);
    const path = g.calcdata[vis[0]].map(c => [c.x, c.y]);
    return {{visible: vis, path: JSON.stringify(path), text: g.data[vis[2]].text[0],
             active: g.layout.sliders.map(s => s.active)}};
}}"""

# from each slider change to its redraw: "applied" when plotly reports the change done
# (plotly_animated / plotly_restyle), "painted" after the next frame is drawn
TIMER = redraw_timer(GD)


def drag(page, index: int, fractions) -> list[dict]:
    """Drag slider ``index``'s grip through ``fractions`` of its rail; the state after
    each move."""
    rail = page.locator(".slider-rail-rect").nth(index).bounding_box()
    grip = page.locator(".slider-grip-rect").nth(index).bounding_box()
    return drag_grip(page, rail, grip, fractions, STATE)


def check_drags(page, sliders: int, name: str) -> dict:
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(f)))
    page.evaluate(TIMER)
    before = page.evaluate(STATE)
    n0 = len(sent)
    fractions = [0.1, 0.3, 0.5, 0.7, 0.9]
    seen, per = [before], {}
    for i in range(sliders):
        k = len(page.evaluate("() => window._redraw"))
        states = drag(page, i, fractions)
        per[i] = [x[1] for x in page.evaluate("() => window._redraw")[k:]]
        assert len({s["active"][i] for s in states}) == len(fractions), "the slider moved"
        # every step of the drag changed what is drawn
        for a, b in zip(seen[-1:] + states, states):
            assert (a["path"], a["text"], a["visible"]) != (b["path"], b["text"], b["visible"])
        seen += states
    assert len(sent) == n0, f"{len(sent) - n0} messages went to the server while dragging"
    times = page.evaluate("() => window._redraw")
    assert len(times) >= sliders * len(fractions)
    assert_no_exception(page)
    screenshot(page, name)
    applied, painted = (sorted(x[i] for x in times) for i in (0, 1))
    return {"steps": len(times), "applied_median_ms": round(applied[len(applied) // 2], 1),
            "painted_median_ms": round(painted[len(painted) // 2], 1),
            "painted_max_ms": round(painted[-1], 1),
            "painted_median_ms_per_slider": [round(sorted(v)[len(v) // 2], 1)
                                             for v in per.values()]}


def test_explore_sliders_redraw_without_the_server(app_url, page):
    timing = {}
    page.set_viewport_size({"width": 1440, "height": 1800})
    page.goto(f"{app_url}/momentum")
    wait_for_app(page, "h1")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    assert_no_exception(page)
    screenshot(page, "momentum_default")
    page.get_by_role("tab", name="Explore (instant sliders)").click()
    page.wait_for_function(f"() => !!({GD})", timeout=120_000)
    wait_for_app(page, "h1")
    t0 = time.perf_counter()
    timing["two_sliders"] = check_drags(page, 2, "momentum_explore_two")
    timing["two_sliders"]["payload_kB"] = page.evaluate(
        "() => Number(document.body.innerText.match(/figure \\((\\d+) kB\\)/)[1])")
    # one slider: choose "none" for the second one (a server rerun), then drag
    page.locator("[data-testid='stSelectbox']", has_text="Slider 2 (optional)").click()
    page.get_by_role("option", name="none").click()
    wait_for_app(page, "h1")
    page.wait_for_function(f"() => {GD} && {GD}.layout.sliders.length === 1", timeout=120_000)
    timing["one_slider"] = check_drags(page, 1, "momentum_explore_one")
    # Play walks slider 1 through its values in the browser; Pause stops it
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(f)))
    page.evaluate(f"() => Plotly_animate_start = {GD}.layout.sliders[0].active")
    page.get_by_text("▶ Play").click()
    page.wait_for_timeout(1200)
    page.get_by_text("⏸ Pause").click()
    moved = page.evaluate(f"() => {GD}.layout.sliders[0].active")
    assert moved != page.evaluate("() => Plotly_animate_start")
    assert not sent, "Play sent messages to the server"
    timing["one_slider"]["payload_kB"] = page.evaluate(
        "() => Number(document.body.innerText.match(/figure \\((\\d+) kB\\)/)[1])")
    timing["wall_s"] = round(time.perf_counter() - t0, 1)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "explore_redraw.json").write_text(json.dumps(timing, indent=1))
    print("explore redraw per slider step:", json.dumps(timing))
