"""Newton's method and damped Newton (issue 15, "Newton's method, and why not"): the
claims the Compare page makes about them, each run through the page's own SimConfig."""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from app.exporters import reproduction_script
from optim_core import OPTIMIZERS, OptimizerRun, SimConfig, simulate, simulate_reference

NEWTON = OptimizerRun("newton")


@pytest.mark.parametrize("surface,params,minimum", [
    ("bowl", (), (0.0, 0.0)),
    ("ill_conditioned", (("kappa", 1000.0),), (0.0, 0.0)),
    ("booth", (), (1.0, 3.0)),
])
def test_newton_solves_a_convex_quadratic_in_one_step_from_any_start(surface, params, minimum):
    starts = tuple(map(tuple, np.random.default_rng(3).uniform(-9, 9, (6, 2))))
    r = simulate(SimConfig(surface=surface, surface_params=params, starts=starts, steps=3,
                           optimizers=(NEWTON,)))
    assert (r.diverged_at == -1).all()
    np.testing.assert_allclose(r.path[0, :, 1], np.broadcast_to(minimum, (6, 2)), rtol=0,
                               atol=1e-12)
    assert not np.allclose(r.path[0, :, 0], minimum)   # it had somewhere to go


def test_newton_is_attracted_to_the_saddle_noisy_gd_leaves():
    """x^2 - y^2, start on the x axis near the saddle: with noise in every gradient, GD
    leaves along y; Newton, with the same noise, jumps back onto the saddle every step
    (its step solves grad = 0: it lands at the saddle plus the noise's own Newton step)."""
    noise = 0.05
    cfg = SimConfig(surface="saddle", starts=((1.5, 0.0),), steps=200, noise=noise, seed=4,
                    optimizers=(NEWTON, OptimizerRun("sgd", (("lr", 0.05),))))
    r = simulate(cfg)
    newton, gd = r.path[0, 0], r.path[1, 0]
    gen = torch.Generator().manual_seed(cfg.seed)     # the engine's noise stream
    kicks = np.array([torch.randn((1, 2), generator=gen, dtype=torch.float64)[0].numpy()
                      for _ in range(cfg.steps)])
    # w_{t+1} = -H^-1 (noise * n_t), H = diag(2, -2): the saddle plus the noise's step
    np.testing.assert_allclose(newton[1:], -noise * kicks / np.array([2.0, -2.0]), rtol=0,
                               atol=1e-12)
    assert np.abs(newton[1:]).max() < 0.2 and r.diverged_at[0, 0] == -1
    assert r.diverged_at[1, 0] >= 0 or np.abs(gd[-1, 1]) > 1.5   # GD has left (or escaped far)
    assert np.abs(gd[:, 1]).max() > 1.5
    # without noise GD, started on the x axis, converges to the saddle too: noise is the way out
    calm = simulate(SimConfig(surface="saddle", starts=((1.5, 0.0),), steps=200,
                              optimizers=(OptimizerRun("sgd", (("lr", 0.05),)),)))
    assert np.abs(calm.path[0, 0, -1]).max() < 1e-6


def _rosen_g_h(w):
    x, y = w
    g = np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
    h = np.array([[2 - 400 * (y - x * x) + 800 * x * x, -400 * x], [-400 * x, 200.0]])
    return g, h


def test_damped_newton_is_its_formula_step_by_step():
    lr, lam = 0.5, 2.0
    cfg = SimConfig(surface="rosenbrock", starts=((-1.2, 1.0),), steps=25, optimizers=(
        OptimizerRun("damped_newton", (("lr", lr), ("damping", lam))),))
    path = simulate(cfg).path[0, 0]
    w = np.array([-1.2, 1.0])
    for t in range(cfg.steps):
        g, h = _rosen_g_h(w)
        w = w - lr * np.linalg.solve(h + lam * np.eye(2), g)
        np.testing.assert_allclose(path[t + 1], w, rtol=1e-10, atol=1e-12)


def test_a_singular_hessian_is_a_named_result_not_an_exception():
    # f = x^2: H = diag(2, 0) has no inverse; damped with lambda = 2 on x^2 - y^2: H + 2I
    # = diag(4, 0) neither
    for cfg in (SimConfig(formula="x**2", starts=((1.0, 0.5),), steps=5, optimizers=(NEWTON,)),
                SimConfig(surface="saddle", starts=((1.0, 0.5),), steps=5, optimizers=(
                    OptimizerRun("damped_newton", (("damping", 2.0),)),))):
        r = simulate(cfg)
        assert r.diverged_at[0, 0] == 1
        np.testing.assert_array_equal(r.path[0, 0, -1], (1.0, 0.5))   # frozen where it was
    # a damping that is not -eigenvalue: a step exists
    ok = simulate(SimConfig(surface="saddle", starts=((1.0, 0.5),), steps=5, optimizers=(
        OptimizerRun("damped_newton", (("damping", 1.0),)),)))
    assert ok.diverged_at[0, 0] == -1


def test_newton_rows_equal_their_plain_torch_loop():
    cfg = SimConfig(surface="himmelblau", starts=((-0.3, -0.8), (4.0, 1.0)), steps=15,
                    noise=0.1, clip=5.0, optimizers=(
                        NEWTON, OptimizerRun("damped_newton", (("lr", 0.7), ("damping", 3.0)))))
    got, ref = simulate(cfg).path, simulate_reference(cfg)
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-10)


def test_newton_entries_are_second_order_and_say_why_not():
    for key in ("newton", "damped_newton"):
        o = OPTIMIZERS[key]
        assert o.group == "second-order" and o.hessian and o.coeffs is None
        assert "saddle" in o.fails or "Hessian" in o.fails
    assert "(number of weights)^2" in OPTIMIZERS["newton"].fails
    assert "Levenberg" in OPTIMIZERS["damped_newton"].lecture_note


def test_a_network_refuses_newton_by_the_hessian_size():
    from optim_core.nets import NetConfig
    with pytest.raises(ValueError, match=r"optimizers\[1\]: newton needs the exact Hessian"):
        NetConfig(optimizers=({"name": "adam"}, {"name": "newton"}))


def test_the_script_reproduces_newton(tmp_path):
    cfg = SimConfig(surface="himmelblau", steps=8, starts=((-0.3, -0.8),), optimizers=(
        NEWTON, OptimizerRun("damped_newton", (("damping", 3.0),))))
    f = tmp_path / "reproduce.py"
    f.write_text(reproduction_script(cfg))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    out = subprocess.run([sys.executable, str(f)], check=False, capture_output=True, text=True,
                         timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    result = simulate(cfg)
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2
    for k, line in enumerate(lines):
        w = json.loads(line.split("w = ")[1].split(", loss")[0])
        assert w == pytest.approx(result.path[k, 0, -1].tolist(), abs=1e-10)


def test_newton_work_is_bounded_by_its_cost():
    from optim_core.general import HESSIAN_COST, MAX_LOOP_STEPS
    steps = MAX_LOOP_STEPS // HESSIAN_COST
    SimConfig(surface="bowl", steps=steps, optimizers=(NEWTON,))   # accepted
    with pytest.raises(ValueError, match=rf"newton .* a Newton step counts {HESSIAN_COST}\)"):
        SimConfig(surface="bowl", steps=steps + 1, optimizers=(NEWTON,))
    with pytest.raises(ValueError, match="at most"):   # steps x starts
        SimConfig(surface="bowl", steps=steps // 2 + 1, starts=((1.0, 1.0), (0.5, 0.5)),
                  optimizers=(OptimizerRun("damped_newton"),))


def test_the_compare_page_shows_newton_held_at_the_saddle():
    """The same race opened on the Compare page from its link: Newton's drawn path ends at
    the saddle (within the noise's own step), noisy GD's far from it; the rules say why."""
    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest

    from app.urlstate import encode
    cfg = SimConfig(surface="saddle", starts=((1.5, 0.0),), steps=200, noise=0.05, seed=4,
                    optimizers=(NEWTON, OptimizerRun("sgd", (("lr", 0.05),))))
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.query_params["cfg"] = encode(cfg.to_dict())
    at.run()
    at.switch_page("pages/compare.py").run()
    assert not at.exception and not at.error
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    lines = {d["name"]: d for d in fig["data"] if d.get("mode") == "lines"
             and d.get("line", {}).get("dash") != "dash"}
    assert set(lines) == {"Newton's method", "SGD"}
    def xy(trace):
        import base64
        return np.stack([np.frombuffer(base64.b64decode(trace[a]["bdata"]), np.float32)
                         if isinstance(trace[a], dict) else np.asarray(trace[a], float)
                         for a in ("x", "y")], -1)
    newton, gd = xy(lines["Newton's method"]), xy(lines["SGD"])
    r = simulate(cfg)
    np.testing.assert_allclose(newton[-1], r.path[0, 0, -1], atol=1e-6)
    assert np.abs(newton[1:]).max() < 0.2 and np.abs(gd[:, 1]).max() > 1.5
    rules = " ".join(m.value for m in at.markdown)
    assert "attracted to saddles" in rules and "H_t^{-1}g_t" in rules
