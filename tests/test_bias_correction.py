"""Adam's bias correction switch (issue 15): on, the path stays torch.optim's; off, it is
the uncorrected formula, and the first steps are what the registry's note says."""
import numpy as np
import pytest
import torch

from app.exporters import reproduction_script
from optim_core import OPTIMIZERS, OptimizerRun, SimConfig, simulate, simulate_reference
from optim_core.lecture import UncorrectedAdam


def _cfg(key, on, **kw):
    hp = (("lr", 0.02), ("betas", (0.8, 0.99)), ("weight_decay", 0.05), ("bias_correction", on))
    return SimConfig(surface="rosenbrock", starts=((-1.2, 1.0), (0.5, -0.5)), steps=120,
                     optimizers=(OptimizerRun(key, hp),), **kw)


@pytest.mark.parametrize("key", ["adam", "adamw"])
def test_corrected_is_torch_optim_itself(key):
    cfg = _cfg(key, True)
    assert OPTIMIZERS[key].make([torch.zeros(2, requires_grad=True)],
                                **dict(cfg.optimizers[0].params)).__class__ in (
        torch.optim.Adam, torch.optim.AdamW)
    np.testing.assert_allclose(simulate(cfg).path, simulate_reference(cfg), rtol=0, atol=1e-12)


def _by_hand(start, steps, grad, lr, b1, b2, eps, wd, decoupled):
    w, m, v, out = np.array(start, float), np.zeros(2), np.zeros(2), [np.array(start, float)]
    for _ in range(steps):
        g = grad(w)
        if decoupled:
            w = w * (1 - lr * wd)
        else:
            g = g + wd * w
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w = w - lr * m / (np.sqrt(v) + eps)
        out.append(w)
    return np.array(out)


def _rosen_grad(w):
    x, y = w
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


@pytest.mark.parametrize("key", ["adam", "adamw"])
def test_uncorrected_is_the_formula(key):
    cfg = _cfg(key, False, noise=0.0)
    r = simulate(cfg)
    ref = simulate_reference(cfg)
    assert isinstance(OPTIMIZERS[key].make([torch.zeros(2, requires_grad=True)],
                                           **dict(cfg.optimizers[0].params)), UncorrectedAdam)
    for j, start in enumerate(cfg.starts):
        hand = _by_hand(start, cfg.steps, _rosen_grad, 0.02, 0.8, 0.99, 1e-8, 0.05,
                        key == "adamw")
        np.testing.assert_allclose(r.path[0, j], hand, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(r.path, ref, rtol=0, atol=1e-12)   # engine = its torch loop
    assert not np.allclose(r.path, simulate(_cfg(key, True)).path)


def test_first_steps_on_a_steady_slope_are_larger_without_correction():
    """The note's figures: on a constant gradient each uncorrected step is
    lr (1 - b1^t) / sqrt(1 - b2^t): 3.2 lr at step 1, 6.6 lr at its peak (step 12), still
    1.26 lr at step 1000; corrected, every step is lr."""
    lr, T = 1e-4, 1000

    def steps(on):
        cfg = SimConfig(formula="3*x + 4*y", starts=((0.0, 0.0),), steps=T, optimizers=(
            OptimizerRun("adam", (("lr", lr), ("bias_correction", on))),))
        return np.abs(np.diff(simulate(cfg).path[0, 0], axis=0)) / lr   # (T, 2)

    on, off = steps(True), steps(False)
    np.testing.assert_allclose(on, 1.0, rtol=1e-7)
    t = np.arange(1, T + 1)
    g = np.array([3.0, 4.0])
    expected = (1 - 0.9 ** t[:, None]) * g / (np.sqrt(1 - 0.999 ** t[:, None]) * g + 1e-8)
    np.testing.assert_allclose(off, expected, rtol=1e-9)
    note = OPTIMIZERS["adam"].lecture_note
    assert f"{off[0, 0]:.1f}" == "3.2" and r"$3.2\,\alpha$ at step 1" in note
    assert f"{off[:, 0].max():.1f}" == "6.6" and int(off[:, 0].argmax()) + 1 == 12
    assert r"$6.6\,\alpha$ at step 12" in note
    assert f"{off[-1, 0]:.2f}" == "1.26" and r"$1.26\,\alpha$ at step 1000" in note


def test_the_script_runs_the_uncorrected_class():
    cfg = _cfg("adam", False)
    script = reproduction_script(cfg)
    assert "from optim_core.lecture import UncorrectedAdam" in script
    assert "UncorrectedAdam, {" in script and "bias_correction" not in script
    assert "torch.optim.Adam, {" in reproduction_script(_cfg("adam", True))
