"""The lesson's instant sliders (issue 19): the gradient-descent and momentum scenes carry
the Compare page's explore figure, their links open it on Compare, and every sentence the
scenes say about what the sliders show is checked on the runs the figure carries."""
import json

import numpy as np
import pytest
from conftest import ENTRY

from app import explore, urlstate
from app.compare.explore import MAX_STEPS
from app.lesson import links
from app.lesson.scenes import GD_ETA, GD_ETA_EXPLORE, MOMENTUM, MOMENTUM_EXPLORE, scenes

SCENES = {s.key: (i, s) for i, s in enumerate(scenes())}


def _grid(cfg, ex):
    sweep = explore.sweep_config(cfg, ex, MAX_STEPS)
    return sweep, explore.simulate32(sweep)


def test_gd_eta_slider_below_half_slides_in_below_one_oscillates_above_one_grows():
    _, res = _grid(GD_ETA, GD_ETA_EXPLORE)
    etas = GD_ETA_EXPLORE.sliders[0].values()
    assert len(etas) == 96 and etas[0] == 0.01 and etas[-1] == 1.1
    seen = set()
    for k, eta in enumerate(etas):
        x, loss = res.path[k, 0, :, 0].astype(float), res.loss[k, 0].astype(float)
        if eta < 0.5:
            seen.add("in")
            assert np.all(x * x[0] >= 0), eta                  # never crosses the minimum
            assert np.all(np.diff(loss) <= 0), eta
        elif eta < 1:
            seen.add("across")
            assert np.all(np.sign(x[1:11]) == -np.sign(x[:10])), eta   # across every step
            assert loss[-1] < loss[0], eta
        else:
            seen.add("out")
            d = res.diverged_at[k, 0]      # frozen at the last good point from step d on
            assert np.all(np.diff(loss[:d] if d >= 0 else loss) > 0), eta
    assert seen == {"in", "across", "out"}


def test_momentum_sliders_best_momentum_and_too_much():
    sweep, res = _grid(MOMENTUM, MOMENTUM_EXPLORE)
    ms, lrs = (s.values() for s in MOMENTUM_EXPLORE.sliders)
    assert len(ms) == 34 and ms[0] == 0 and ms[-1] == 0.99 and len(lrs) == 5
    assert lrs[-1] == 0.09 == MOMENTUM.optimizers[1].hp["lr"] and lrs[0] == 0.01
    assert sweep.steps == 200
    final = res.loss[:, 0, -1].astype(float).reshape(34, 5)
    assert not (res.diverged_at >= 0).any()
    at09 = final[:, -1]
    assert 0.025 < at09[0] < 0.04                           # about 0.03 without momentum
    best = int(np.argmin(at09))
    assert abs(ms[best] - 0.84) < 0.02 and at09[best] < 1e-12
    assert at09[-1] > at09[0]                               # 0.99: higher than no momentum
    x = res.path[33 * 5 + 4, 0, -50:, 0]                    # momentum 0.99, eta 0.09
    assert (np.diff(np.sign(x)) != 0).sum() >= 2            # still swinging at the end
    for j in range(5):
        assert 0.8 <= ms[int(np.argmin(final[:, j]))] <= 0.97, lrs[j]


@pytest.mark.parametrize("key,frames,sliders", [("gd_eta", 96, 1), ("momentum", 34, 2)])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_scene_shows_the_explore_figure_and_links_it(key, frames, sliders, lang):
    from streamlit.testing.v1 import AppTest
    i, scene = SCENES[key]
    at = AppTest.from_file(ENTRY, default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/lesson.py")
    at.query_params["scene"] = str(i + 1)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception and not at.error
    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    ex = [f for f in figs if f["layout"].get("uirevision") == "explore"]
    assert len(ex) == 1 and len(ex[0]["frames"]) == frames
    assert len(ex[0]["layout"]["sliders"]) == sliders
    text = " ".join(m.value for m in at.markdown)
    assert ("Drag" in text) == (lang == "en") and (("拖动" in text) == (lang == "zh"))
    _, params = links.link(scene, lang)
    assert explore.ExploreConfig.from_dict(urlstate.decode(params["explore"])) == scene.explore


def test_scene_link_opens_compare_with_the_explore_tab_built():
    from streamlit.testing.v1 import AppTest
    _, scene = SCENES["momentum"]
    script, params = links.link(scene, "en")
    at = AppTest.from_file(ENTRY, default_timeout=180)
    at.run()
    at.switch_page(script)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception and not at.error
    assert at.toggle(key="cmp.ex.on").value
    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert any(f["layout"].get("uirevision") == "explore" and len(f["frames"]) == 34
               for f in figs)


def test_gd_eta_figure_opens_at_the_scenes_rate_on_a_log_loss_axis():
    """Rates near 0.5 reach a loss of exactly 0 (float32): the axis stays logarithmic."""
    from app.compare.explore import labels, result_lines
    sweep, res = _grid(GD_ETA, GD_ETA_EXPLORE)
    assert (res.loss == 0).any()
    surface = sweep.make_surface()
    start = explore.start_of(GD_ETA, GD_ETA_EXPLORE)
    assert abs(GD_ETA_EXPLORE.sliders[0].values()[start[0]] - 0.1) < 0.005
    fig = explore.explore_figure(res, explore_grid(surface), surface.bounds,
                                 GD_ETA_EXPLORE.sweeps(), labels("sgd", "bowl", surface.axes),
                                 texts=result_lines(res, surface, explore_grid(surface)),
                                 start=start)
    assert fig["layout"]["yaxis2"]["type"] == "log"
    assert fig["layout"]["sliders"][0]["active"] == start[0]


def explore_grid(surface):
    from optim_core.grid import evaluate_grid
    return evaluate_grid(surface, 40)
