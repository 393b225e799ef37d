"""The Neural-network page's replay in headless Chromium: dragging the epoch slider and
Play redraw the boundary, the landscape point and the loss markers in the browser, with
no message to the server; the redraw time per step is measured (bench/RESULTS.md)."""
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

from app.urlstate import encode

pytestmark = pytest.mark.browser

GD = ("Array.from(document.querySelectorAll('.js-plotly-plot'))"
      ".find(g => g.layout.sliders && g.layout.sliders.length)")
DOC = {"tab": "replay", "train": {"net": {"epochs": 40}, "optimizers": [
    {"name": "momentum", "params": {"lr": 0.05}}, {"name": "adam", "params": {"lr": 0.01}}]}}

# what is drawn: the boundary (a checksum of the heatmap's z), the landscape points, the
# loss markers and the slider's position
STATE = f"""() => {{
    const g = {GD};
    const n = g.data.length, z = g.calcdata[0][0].z;
    let sum = 0;
    for (const row of z) {{ if (typeof row === 'number') sum += row; else for (const v of row) sum += v; }}
    const xy = i => JSON.stringify(g.calcdata[i].map(c => [c.x, c.y]));
    return {{z: sum, plane: xy(n - 2), loss: xy(n - 1),
             active: g.layout.sliders[0].active}};
}}"""

TIMER = redraw_timer(GD, ("plotly_animated",))


def open_replay(page, url: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 1400})
    page.goto(url)
    wait_for_app(page, "h1", timeout=240_000)
    page.wait_for_function(f"() => !!({GD})", timeout=180_000)
    wait_for_app(page, "h1", timeout=240_000)
    assert_no_exception(page)


def test_replay_slider_and_play_run_in_the_browser(app_url, page):
    open_replay(page, f"{app_url}/network?cfg={encode(DOC)}")
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(f)))
    page.evaluate(TIMER)
    before = page.evaluate(STATE)
    n0 = len(sent)
    page.locator(".slider-rail-rect").first.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    rail = page.locator(".slider-rail-rect").first.bounding_box()
    grip = page.locator(".slider-grip-rect").first.bounding_box()
    states = drag_grip(page, rail, grip, (0.15, 0.35, 0.55, 0.75, 0.95), STATE, pause=250)
    assert len({s["active"] for s in states}) == 5, "the slider moved"
    for a, b in zip([before, *states], states):   # every step moved all three views
        assert a["z"] != b["z"] and a["plane"] != b["plane"] and a["loss"] != b["loss"]
    assert len(sent) == n0, f"{len(sent) - n0} messages went to the server while dragging"
    times = page.evaluate("() => window._redraw")
    assert len(times) >= 5
    screenshot(page, "network_replay_en")
    # Play walks the epochs in the browser; Pause stops it
    page.mouse.click(rail["x"] + 2, rail["y"] + rail["height"] / 2)     # back to epoch 0
    page.wait_for_timeout(400)
    assert page.evaluate(f"() => {GD}.layout.sliders[0].active") == 0
    z0 = page.evaluate(STATE)["z"]
    page.get_by_text("▶ Play").click()
    page.wait_for_timeout(1500)
    page.get_by_text("⏸ Pause").click()
    assert page.evaluate(f"() => {GD}.layout.sliders[0].active") > 0, "Play moved the slider"
    assert page.evaluate(STATE)["z"] != z0
    assert len(sent) == n0, "Play sent messages to the server"
    assert_no_exception(page)
    painted = sorted(x[1] for x in times)
    applied = sorted(x[0] for x in times)
    kb = page.evaluate(
        "() => Number(document.body.innerText.match(/([\\d,]+) kB sent/)[1].replace(',', ''))")
    timing = {"steps": len(times), "applied_median_ms": round(applied[len(applied) // 2], 1),
              "painted_median_ms": round(painted[len(painted) // 2], 1),
              "painted_max_ms": round(painted[-1], 1), "payload_kB": kb,
              "frames": len(page.evaluate(f"() => {GD}.layout.sliders[0].steps"))}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "replay_redraw.json").write_text(json.dumps(timing, indent=1))
    print("replay redraw per slider step:", json.dumps(timing))


def test_replay_in_chinese(app_url, page):
    t0 = time.perf_counter()
    open_replay(page, f"{app_url}/network?cfg={encode(DOC)}&lang=zh")
    assert "回放" in page.inner_text("[data-testid='stMain']")
    assert page.get_by_text("▶ 播放").count() == 1
    screenshot(page, "network_replay_zh")
    print(f"replay page (zh) opened in {time.perf_counter() - t0:.1f} s")


TUNE_DOC = {"tab": "tune", "train": {"net": {"epochs": 20}, "optimizers": [
    {"name": "momentum", "params": {"lr": 0.05}}, {"name": "adam", "params": {"lr": 0.01}}]},
    "tune": {"lr_min": 1e-3, "lr_max": 1.0, "lr_points": 5, "epochs": 8}}


@pytest.mark.parametrize("lang, title", [("en", "Sensitivity"), ("zh", "敏感性")])
def test_tune_tab_shows_the_race(app_url, page, lang, title):
    page.set_viewport_size({"width": 1440, "height": 2200})
    page.goto(f"{app_url}/network?cfg={encode(TUNE_DOC)}&lang={lang}")
    wait_for_app(page, "h1", timeout=240_000)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2",
                           timeout=240_000)
    wait_for_app(page, "h1", timeout=240_000)
    assert_no_exception(page)
    assert title in page.inner_text("[data-testid='stMain']")
    screenshot(page, f"network_tune_{lang}")
