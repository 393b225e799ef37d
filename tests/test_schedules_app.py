"""The Learning-rate page under AppTest: it renders, reacts to its widgets, shows bad input
next to the control, and the claims its texts make hold on its own configurations."""
import json

import numpy as np

from conftest import app_test


def charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_page_renders_every_tab():
    at = app_test("schedules")
    assert not at.exception and not at.error
    figs = charts(at)
    assert len(figs) == 7
    titles = [f["layout"]["title"]["text"] for f in figs]
    assert titles[0].startswith("Warm-up, then cosine annealing")
    assert any("ravine" in s for s in titles) and any("vs learning rate" in s for s in titles)
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == 6     # the sweep table
    for f in figs:                                # every chart: title, axis titles, legend
        lay = f["layout"]
        assert lay["title"]["text"]
        for axis in ("xaxis", "yaxis"):
            assert any(v.get("title", {}).get("text") for k, v in lay.items() if k.startswith(axis))
        assert sum(1 for tr in f["data"] if tr.get("showlegend", True) and tr.get("name")) >= 1


def test_builder_reacts():
    at = app_test("schedules")
    curve = charts(at)[0]["data"][0]["y"]
    at.toggle(key="lr.warm").set_value(False).run()
    assert not at.exception and charts(at)[0]["data"][0]["y"] != curve
    assert charts(at)[0]["layout"]["title"]["text"].startswith("Cosine annealing")
    at.selectbox(key="lr.sched").set_value("step").run()
    assert not at.exception and not at.error
    assert charts(at)[0]["layout"]["title"]["text"].startswith("Step decay")
    at.selectbox(key="lr.sched").set_value("reduce_on_plateau").run()
    assert not at.exception and not at.error
    assert any("patience" in c.value for c in at.caption)          # the loss-driven note
    at.selectbox(key="lr.sched").set_value("onecycle").run()
    assert not at.exception and not at.error and len(at.toggle) == 0   # no extra warm-up


def test_bad_input_is_shown_next_to_the_control():
    at = app_test("schedules")
    at.selectbox(key="lr.surface").set_value("formula").run()
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 7
    at.text_input(key="lr.formula").set_value("x**2 + __import__('os')").run()
    assert not at.exception and len(at.error) == 1 and "check this input" in at.error[0].value
    assert len(at.get("plotly_chart")) == 4        # the other tabs still render
    at.text_input(key="lr.formula").set_value("(x - 1)**2 + 3*y**2").run()
    assert not at.exception and not at.error
    at.number_input(key="lr.noise").set_value(100.0).run()     # divergence is a result
    at.slider(key="lr.steps").set_value(1000).run()
    assert not at.exception and not at.error


def test_sweep_and_adaptive_tabs_react():
    at = app_test("schedules")
    at.multiselect(key="lr.sweep_opts").set_value(["sgd", "adam"]).run()
    assert not at.exception and len(at.dataframe[0].value) == 2
    sweep = next(f for f in charts(at) if "vs learning rate" in f["layout"]["title"]["text"])
    names = {tr["name"] for tr in sweep["data"]}
    assert {"SGD", "Adam"} <= names and any("diverged" in n for n in names)
    at.multiselect(key="lr.sweep_opts").set_value([]).run()
    assert not at.exception and len(charts(at)) == 6
    at.selectbox(key="lr.ad_surf").set_value("ravine").run()
    assert not at.exception and "Narrow ravine" in charts(at)[-1]["layout"]["title"]["text"]


def test_stuck_is_not_a_small_gradient():
    """The claim the page makes, checked on its own configuration."""
    from app.schedules_page import STUCK_LR, stuck, stuck_summary
    from optim_core import simulate
    r = simulate(stuck(STUCK_LR))
    assert (r.diverged_at < 0).all()
    s = stuck_summary(r)
    assert s["stuck"] and s["loss"] > 1.0 and s["g"] > 10.0   # flat, high, steep
    assert r.loss[0, 0, -1] < 0.6 * r.loss[0, 0, 0]            # it did fall first
    calm_loss, calm_g = r.loss[1, 0], r.grad_norm[1, 0]           # half the rate slides on:
    assert calm_loss[-1] < s["loss"] / 50 and calm_g[-1] < 1.0    # both fall together
    assert calm_loss[-1] < 0.5 * calm_loss[-101] and calm_g[-1] < calm_g[-101]
    assert not stuck_summary(simulate(stuck(0.05)))["stuck"]


def test_schedule_decay_beats_constant_under_noise():
    """The builder's default shows the point of decay: with noisy gradients a constant rate
    keeps jittering, the decaying schedule settles lower."""
    from app.schedules_page import compose, with_without
    from optim_core import simulate
    key, sp = compose("cosine", {"T_max": 300, "eta_min": 0.0}, {"total_iters": 30, "start_factor": 0.01})
    r = simulate(with_without({"surface": "himmelblau", "surface_params": ()}, "momentum", 0.01,
                              key, sp, 300, 2.0))
    tail = r.loss[:, 0, -50:].mean(axis=1)
    assert tail[1] < tail[0] / 10
    assert np.all(r.lr[1, :30] < 0.01) and r.lr[1, 30] == 0.01
