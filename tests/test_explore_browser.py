"""The explore sliders of the Compare page and of the lesson's gradient-descent and momentum
scenes in headless Chromium: dragging each slider changes the figure with no message to the
server, and the time each slider step takes to redraw (tests/artifacts/
explore_redraw_pages.json; bench/RESULTS.md quotes it)."""
import json
import re
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

from app import urlstate

pytestmark = pytest.mark.browser

# the visible explore figure (the Compare map has a slider too: pick by uirevision)
GD = ("Array.from(document.querySelectorAll('.js-plotly-plot'))"
      ".find(g => g.layout && g.layout.uirevision === 'explore' && g.offsetParent !== null)")

STATE = f"""() => {{
    const g = {GD};
    const vis = g.data.map((d, i) => [i, d.visible !== false]).filter(p => p[1] && p[0] > 0)
                      .map(p => p[0]);
    return {{visible: vis, path: JSON.stringify(g.calcdata[vis[0]].map(c => [c.x, c.y])),
             loss: JSON.stringify(g.calcdata[vis[1]].map(c => c.y)),
             text: g.data[vis[2]].text[0], active: g.layout.sliders.map(s => s.active)}};
}}"""

TIMER = redraw_timer(GD)

RECT = f"""([cls, i]) => {{
    const r = {GD}.querySelectorAll(cls)[i].getBoundingClientRect();
    return {{x: r.x, y: r.y, width: r.width, height: r.height}};
}}"""

# each move lands on a new value (also on a slider of five values), away from the start
FRACTIONS = (0.3, 0.5, 0.7, 0.9, 0.1)


def drag(page, index: int) -> list[dict]:
    page.evaluate(f"() => {GD}.scrollIntoView({{block: 'center'}})")
    page.wait_for_timeout(200)
    rail = page.evaluate(RECT, [".slider-rail-rect", index])
    grip = page.evaluate(RECT, [".slider-grip-rect", index])
    return drag_grip(page, rail, grip, FRACTIONS, STATE)


def check_drags(page, sliders: int, name: str) -> dict:
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(f)))
    page.evaluate(TIMER)
    seen = [page.evaluate(STATE)]
    n0 = len(sent)
    per = []
    for i in range(sliders):
        k = len(page.evaluate("() => window._redraw"))
        states = drag(page, i)
        per.append([x[1] for x in page.evaluate("() => window._redraw")[k:]])
        assert len({s["active"][i] for s in states}) == len(FRACTIONS), "the slider moved"
        for a, b in zip(seen[-1:] + states, states):   # every step changed what is drawn
            assert (a["path"], a["loss"], a["text"]) != (b["path"], b["loss"], b["text"])
        seen += states
    assert len(sent) == n0, f"{len(sent) - n0} messages went to the server while dragging"
    times = page.evaluate("() => window._redraw")
    assert len(times) >= sliders * len(FRACTIONS)
    assert_no_exception(page)
    screenshot(page, name)
    applied, painted = (sorted(x[i] for x in times) for i in (0, 1))
    kb = re.search(r"\((\d+) kB\)", page.inner_text("[data-testid='stMain']"))
    return {"steps": len(times), "applied_median_ms": round(applied[len(applied) // 2], 1),
            "painted_median_ms": round(painted[len(painted) // 2], 1),
            "painted_max_ms": round(painted[-1], 1),
            "painted_median_ms_per_slider": [round(sorted(v)[len(v) // 2], 1) for v in per],
            "payload_kB": int(kb.group(1)) if kb else None}


def _explore_tab(page, name="Explore (instant sliders)"):
    page.get_by_role("tab", name=name).click()


def test_compare_explore_sliders_redraw_without_the_server(app_url, page):
    timing = {}
    page.set_viewport_size({"width": 1440, "height": 1600})
    t0 = time.perf_counter()
    page.goto(f"{app_url}/compare")
    wait_for_app(page, "h1")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    _explore_tab(page)
    page.get_by_text("Build the explore figure").click()        # the toggle
    page.wait_for_function(f"() => !!({GD})", timeout=120_000)
    wait_for_app(page, "h1")
    assert "explore=" in page.url
    timing["compare_one_slider_64"] = check_drags(page, 1, "explore_compare_one")
    # two sliders from a link: the momentum run, learning rate 32 x momentum 16
    ex = {"run": 1, "sliders": [{"param": "lr", "n": 32, "low": 1e-4, "high": 1e-2},
                                {"param": "momentum", "n": 16, "low": 0.0, "high": 0.99}]}
    page.goto(f"{app_url}/compare?explore={urlstate.encode(ex)}")
    wait_for_app(page, "h1")
    _explore_tab(page)
    page.wait_for_function(f"() => {GD} && {GD}.layout.sliders.length === 2", timeout=120_000)
    wait_for_app(page, "h1")
    timing["compare_two_sliders_32x16"] = check_drags(page, 2, "explore_compare_two")
    # Chinese: the same tab, its labels translated
    page.goto(f"{app_url}/compare?lang=zh&explore={urlstate.encode(ex)}")
    wait_for_app(page, "h1")
    _explore_tab(page, "探索（即时滑块）")
    page.wait_for_function(f"() => !!({GD})", timeout=120_000)
    wait_for_app(page, "h1")
    assert "拖动滑块" in page.evaluate(f"() => {GD}.layout.title.text")
    assert_no_exception(page)
    screenshot(page, "explore_compare_two_zh")
    timing["wall_s"] = round(time.perf_counter() - t0, 1)
    _save("compare", timing)


def test_lesson_explore_sliders_redraw_without_the_server(app_url, page):
    timing = {}
    page.set_viewport_size({"width": 1440, "height": 1800})
    for scene, sliders, key in ((2, 1, "lesson_gd_eta_96"), (7, 2, "lesson_momentum_34x5")):
        page.goto(f"{app_url}/lesson?scene={scene}")
        wait_for_app(page, "h1")
        page.wait_for_function(f"() => !!({GD})", timeout=120_000)
        wait_for_app(page, "h1")
        timing[key] = check_drags(page, sliders, f"explore_{key}")
    page.goto(f"{app_url}/lesson?scene=7&lang=zh")
    wait_for_app(page, "h1")
    page.wait_for_function(f"() => !!({GD})", timeout=120_000)
    wait_for_app(page, "h1")
    assert "拖动" in page.inner_text("[data-testid='stMain']")
    assert_no_exception(page)
    screenshot(page, "explore_lesson_momentum_zh")
    _save("lesson", timing)


def _save(name: str, timing: dict) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "explore_redraw_pages.json"
    old = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps({**old, name: timing}, indent=1))
    print(f"explore redraw per slider step ({name}):", json.dumps(timing))
