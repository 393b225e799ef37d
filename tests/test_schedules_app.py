"""The Learning-rate page under AppTest: it renders, reacts to its widgets, shows bad input
next to the control, and the claims its texts make hold on its own configurations."""
import json

import numpy as np
from conftest import app_test


def charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def open_tab(at, i: int):
    """Open tab ``i`` (only the open tab is computed)."""
    at.session_state["lr.tab"] = at.tabs[i].label
    return at.run()


def test_page_renders_every_tab():
    at = app_test("schedules")
    assert not at.exception and not at.error
    figs, tables = charts(at), []
    assert len(figs) == 3                                   # the builder only
    for i in (1, 2, 3):
        open_tab(at, i)
        assert not at.exception and not at.error
        figs += charts(at)
        tables += [d.value for d in at.dataframe]
    assert len(figs) == 8
    titles = [f["layout"]["title"]["text"] for f in figs]
    assert titles[0].startswith("Warm-up, then cosine annealing")
    assert any("ravine" in s for s in titles) and any("vs learning rate" in s for s in titles)
    assert len(tables) == 1 and len(tables[0]) == 6                     # the sweep table
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
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 3
    at.text_input(key="lr.formula").set_value("x**2 + __import__('os')").run()
    assert not at.exception and len(at.error) == 1 and "check this input" in at.error[0].value
    assert len(at.get("plotly_chart")) == 0
    open_tab(at, 1)                                  # the other tabs still render
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 3
    open_tab(at, 0)
    assert at.text_input(key="lr.formula").value == "x**2 + __import__('os')"
    at.text_input(key="lr.formula").set_value("(x - 1)**2 + 3*y**2").run()
    assert not at.exception and not at.error
    at.number_input(key="lr.noise").set_value(100.0).run()     # divergence is a result
    at.slider(key="lr.steps").set_value(1000).run()
    assert not at.exception and not at.error


def test_sweep_and_adaptive_tabs_react():
    at = open_tab(app_test("schedules"), 2)
    at.multiselect(key="lr.sweep_opts").set_value(["sgd", "adam"]).run()
    assert not at.exception and len(at.dataframe[0].value) == 2
    sweep = next(f for f in charts(at) if "vs learning rate" in f["layout"]["title"]["text"])
    names = {tr["name"] for tr in sweep["data"]}
    assert {"SGD", "Adam"} <= names and any("diverged" in n for n in names)
    at.multiselect(key="lr.sweep_opts").set_value([]).run()
    assert not at.exception and len(charts(at)) == 0
    open_tab(at, 3)
    at.selectbox(key="lr.ad_surf").set_value("ravine").run()
    assert not at.exception and "Narrow ravine" in charts(at)[-1]["layout"]["title"]["text"]


def test_stuck_is_not_a_small_gradient():
    """The claim the page makes, checked on its own configuration."""
    from app.schedules.form import STUCK_LR, stuck, stuck_summary
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


def test_stuck_mechanism_is_the_one_the_page_states():
    """The page says: 0.099 is above the limit at the minimum (2/23.2 = 0.086); the run
    locks into a 2-cycle centred where the steepest curvature lambda_max equals 2/eta; half
    the rate is below the limit everywhere on the floor and keeps sliding."""
    import math

    from app.schedules.form import STUCK_LR, curvature_along, stuck, stuck_summary
    from app.text import t
    from optim_core import simulate
    from optim_core.critical import derivatives
    text = t("schedules.stuck_intro")
    assert "2/23.2 = 0.086" in text and "2/20 = 0.1" not in text
    for lr in (STUCK_LR, 0.0985):
        r = simulate(stuck(lr))
        s = stuck_summary(r)
        assert s["stuck"] and s["cycle"] < 1e-6                 # a 2-cycle
        assert abs(s["lam"] - 2 / lr) < 1e-3 * (2 / lr)         # centred where lam = 2/eta
        assert abs(s["lam_min"] - 23.2) < 0.05 and lr > 2 / s["lam_min"]
    # the floor's steepest curvature is 20 + 3.2 cos^2 x to within 0.2, minimum at x = 0
    xs = np.linspace(-6, 6, 61)
    floor = np.stack([xs, 0.4 * np.sin(xs)], axis=1)
    _, _, hess = derivatives(stuck(STUCK_LR).make_surface(), floor)
    lam = np.linalg.eigvalsh(hess)[:, -1]
    assert np.all(np.abs(lam - (20 + 3.2 * np.cos(xs) ** 2)) < 0.2)
    assert math.isclose(2 / lam.max(), 0.0862, abs_tol=5e-4)
    r = simulate(stuck(STUCK_LR))
    calm = curvature_along(r, 1)
    assert np.all(calm[10:] < 2 / (STUCK_LR / 2))               # the calm run: always stable


def test_schedule_decay_beats_constant_under_noise():
    """The builder's default shows the point of decay: with noisy gradients a constant rate
    keeps jittering, the decaying schedule settles lower."""
    from app.schedules.form import compose, with_without
    from optim_core import simulate
    key, sp = compose("cosine", {"T_max": 300, "eta_min": 0.0}, {"total_iters": 30, "start_factor": 0.01})
    r = simulate(with_without({"surface": "himmelblau", "surface_params": ()}, "momentum", 0.01,
                              key, sp, 300, 2.0))
    tail = r.loss[:, 0, -50:].mean(axis=1)
    assert tail[1] < tail[0] / 10
    assert np.all(r.lr[1, :30] < 0.01) and r.lr[1, 30] == 0.01


def test_a_formula_error_keeps_the_builder_widgets_drawn():
    """Streamlit drops the value of a widget a run does not draw: while the formula is
    rejected, the rate, noise and steps widgets stay on the page (with their values)."""
    at = app_test("schedules")
    at.number_input(key="lr.noise").set_value(0.5).run()
    at.selectbox(key="lr.surface").set_value("formula").run()
    at.text_input(key="lr.formula").set_value("").run()
    assert not at.exception and any("formula is empty" in e.value for e in at.error)
    assert at.number_input(key="lr.noise").value == 0.5
    assert at.slider(key="lr.steps").value == 300
