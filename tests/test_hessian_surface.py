"""The two-parameter Hessian the Learned-surfaces page shows, against autograd, and the
step limit it states (GD stable below 2/λmax, unstable above) on the page's surfaces."""
import math

import pytest
import torch

from optim_core import OptimizerRun, SimConfig, gd_stability, get_surface, simulate, surface_hessian


@pytest.mark.parametrize("key,params,xy", [
    ("scaling_raw", {}, None), ("scaling_std", {}, None), ("rosenbrock", {}, (-1.2, 1.0)),
    ("ill_conditioned", {"kappa": 7.0}, (0.3, -0.4)), ("beale", {}, (1.0, 0.5)),
    ("linreg", {"loss": "huber", "seed": 3}, (0.5, 0.2)),
])
def test_surface_hessian_equals_autograd_functional_hessian(key, params, xy):
    s = get_surface(key, params)
    p = torch.tensor(xy or s.start, dtype=torch.float64)
    want = torch.autograd.functional.hessian(s.value, p)
    got = surface_hessian(s, p)
    assert got.shape == (2, 2)
    torch.testing.assert_close(got, want, rtol=1e-10, atol=1e-12)
    ev = torch.linalg.eigvalsh(want)
    st = gd_stability(s, p)
    assert math.isclose(st.smallest, float(ev[0]), rel_tol=1e-10, abs_tol=1e-14)
    assert math.isclose(st.largest, float(ev[1]), rel_tol=1e-10, abs_tol=1e-14)


def test_quadratic_values_in_closed_form():
    st = gd_stability(get_surface("ill_conditioned", {"kappa": 7.0}), (1.0, 2.0))
    assert (st.smallest, st.largest) == pytest.approx((1.0, 7.0), rel=1e-12)
    assert st.condition == pytest.approx(7.0) and st.limit == pytest.approx(2 / 7)


def test_saddle_has_no_finite_condition_number():
    st = gd_stability(get_surface("saddle"), (0.0, 0.0))
    assert st.smallest < 0 < st.largest and st.condition == math.inf


@pytest.mark.parametrize("key", ["scaling_raw", "scaling_std"])
def test_the_stated_step_limit_separates_convergence_from_divergence(key):
    s = get_surface(key)
    limit = gd_stability(s, s.start).limit

    def final_loss(lr):
        cfg = SimConfig(surface=key, optimizers=(OptimizerRun("sgd", (("lr", lr),)),),
                        starts=(s.start,), steps=400)
        r = simulate(cfg)
        return float(r.loss[0, 0, -1]), int(r.diverged_at[0, 0])

    start_loss = float(s.value(torch.tensor(s.start, dtype=torch.float64)))
    below, _ = final_loss(0.9 * limit)
    above, diverged = final_loss(1.1 * limit)
    assert below < start_loss
    assert diverged >= 0 or above > start_loss
