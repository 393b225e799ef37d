"""The Momentum page through AppTest, and the explore figure: every run it carries is the
engine's run at that setting, in slider order."""
import base64
import json
import re

import numpy as np
import pytest
from conftest import app_test

from app import explore
from optim_core import OPTIMIZERS, OptimizerRun, SimConfig, get_surface, simulate
from optim_core.grid import evaluate_grid


def texts(at):
    return " ".join(m.value for m in at.markdown)


def test_page_shows_the_theory_numbers():
    at = app_test("momentum")
    assert not at.exception
    assert at.title[0].value == "Momentum"
    body = texts(at)
    # kappa = 100 (the default): GD 99/101 per step, 691 steps; momentum 9/11, 69 steps
    assert "contracts the error by **0.98020** per step (bound: 691 steps" in body
    assert "contracts by **0.81818** per step (bound: 69 steps)." in body
    assert "GD 664 steps, momentum 90 steps" in body    # measured, 6-eigenvalue spectrum
    assert "All 512 runs" in body                 # the explore figure: 32 x 16
    assert len(at.get("plotly_chart")) == 4       # decomposition, rate map, ball, explore


def test_own_setting_and_gradient_descent():
    at = app_test("momentum")
    at.toggle(key="mom.opt").set_value(False).run()
    assert not at.exception
    at.slider(key="mom.beta.100").set_value(0.0).run()
    body = texts(at)
    assert not at.exception
    # beta = 0 is gradient descent: momentum's rate equals GD's at the same alpha
    line = next(m.value for m in at.markdown if m.value.startswith("At your setting"))
    rates = re.findall(r"\*\*([0-9.]+)\*\*", line)
    assert len(rates) == 2 and rates[0] == rates[1]
    assert "β = 0:" in line and "(bound: diverges)" in line and body


def test_explore_with_one_slider():
    at = app_test("momentum")
    at.selectbox(key="mom.ex.p2.momentum").set_value("none").run()
    assert not at.exception
    assert "All 64 runs" in texts(at)


def _decode(spec):
    if isinstance(spec, dict):
        a = np.frombuffer(base64.b64decode(spec["bdata"]), dtype="<f4")
        return a.reshape([int(n) for n in spec["shape"].split(",")]) if "shape" in spec else a
    return np.asarray(spec, dtype=np.float32)


@pytest.mark.parametrize("optimizer,params,surface", [
    ("momentum", ("lr", "momentum"), "ill_conditioned"),
    ("adam", ("betas[0]", "betas[1]"), "ill_conditioned"),
    ("sgd", ("lr",), "ill_conditioned"),
    ("momentum", ("momentum",), "six_hump_camel")])     # negative loss: a linear axis
def test_explore_figure_carries_each_run_in_slider_order(optimizer, params, surface):
    surface = {"surface": surface}
    hp = {"lr": 0.05} if optimizer != "adam" else {"lr": 0.1}
    counts = (5, 3)[:len(params)]
    sweeps = tuple(explore.Sweep(p, explore.sweep_values(optimizer, p, n, hp["lr"]))
                   for p, n in zip(params, counts))
    start = (-1.8, 0.8)
    config = explore.explore_config(surface, optimizer, hp, sweeps, 120, start)
    result = simulate(config)
    grid = evaluate_grid(config.make_surface(), 40)
    labels = {k: k for k in ("title", "x", "y", "step", "loss", "play", "pause",
                                 *explore.SWEEPABLE)}
    labels.update(final="final {loss:.3g} {steps}", diverged="div {step}")
    fig = explore.explore_figure(result, grid, config.make_surface().bounds, sweeps, labels)
    json.dumps(fig)                                   # plain JSON, nothing plotly-specific
    nA, nB = counts[0], counts[1] if len(counts) > 1 else 1
    assert len(fig["frames"]) == nA and len(fig["layout"]["sliders"]) == len(params)
    keep = _decode(fig["data"][2]["x"]).astype(int)
    for i in (0, nA - 1):
        for j in range(nB):
            values = {sweeps[0].param: sweeps[0].values[i]}
            if nB > 1:
                values[sweeps[1].param] = sweeps[1].values[j]
            one = {**{p.name: p.default for p in OPTIMIZERS[optimizer].params}, **hp}
            for p, v in values.items():
                one = explore._set(one, p, v)
            alone = simulate(SimConfig(optimizers=(OptimizerRun(optimizer, tuple(one.items())),),
                                       starts=(start,), steps=120, record_rates=False, **surface))
            data = fig["frames"][i]["data"][3 * j: 3 * j + 3]
            assert np.array_equal(_decode(data[0]["x"]), alone.path[0, 0, keep, 0].astype("f4"))
            assert np.array_equal(_decode(data[0]["y"]), alone.path[0, 0, keep, 1].astype("f4"))
            log = fig["layout"]["yaxis2"]["type"] == "log"
            loss = explore.shown_loss(alone.loss[0, 0, keep], log).astype("f4")
            assert log == (surface["surface"] != "six_hump_camel")
            assert log or (loss < 0).any()
            assert np.array_equal(_decode(data[1]["y"]), loss)
    if nB > 1:   # slider 2 step j shows group j only
        step = fig["layout"]["sliders"][1]["steps"][1]["args"]
        assert step[0]["visible"][:6] == [False] * 3 + [True] * 3


def test_kept_steps_stay_in_budget():
    for runs, steps in ((1, 300), (64, 300), (512, 300), (1024, 10_000)):
        keep = explore.kept_steps(runs, steps)
        assert keep[0] == 0 and keep[-1] == steps and np.all(np.diff(keep) > 0)
        assert runs * len(keep) <= max(explore.MAX_POINTS, 16 * runs) + runs
    assert len(explore.kept_steps(64, 300)) == 301        # small grids keep every step


def test_bad_explore_input_names_the_field():
    with pytest.raises(ValueError, match="sweep.param must be one of"):
        explore.Sweep("weight_decay", (0.0, 0.1))
    with pytest.raises(ValueError, match="param must be one of lr for sgd"):
        explore.sweep_values("sgd", "momentum", 8, 0.1)
    big = (explore.Sweep("lr", tuple(np.geomspace(1e-3, 1, 64))),
           explore.Sweep("momentum", tuple(np.linspace(0, 0.9, 32))))
    with pytest.raises(ValueError, match="at most 1024"):
        explore.explore_config({"surface": "bowl"}, "momentum", {"lr": 0.1}, big, 50, (1, 1))


def test_surface_picture_is_a_png_of_the_grid():
    grid = evaluate_grid(get_surface("bowl"), 32)
    uri = explore.surface_png(grid.z)
    assert uri.startswith("data:image/png;base64,")
    from io import BytesIO

    from PIL import Image
    img = Image.open(BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert img.size == (32, 32)
    px = np.asarray(img)
    assert px[16, 16].sum() < px[0, 0].sum()      # the minimum (dark) in the middle


@pytest.mark.parametrize("surface,optimizer", [("rosenbrock", "adam"), ("six_hump_camel", "nesterov"),
                                               ("himmelblau", "rmsprop")])
def test_explore_other_optimizers_and_surfaces(surface, optimizer):
    at = app_test("momentum")
    at.selectbox(key="mom.ex.surf").set_value(surface).run()
    at.selectbox(key="mom.ex.opt").set_value(optimizer).run()
    assert not at.exception
    assert "All 512 runs" in texts(at)               # slider 1 x slider 2 = 32 x 16
    at.selectbox(key=f"mom.ex.p2.{optimizer}").set_value("none").run()
    assert not at.exception and "All 64 runs" in texts(at)
