"""Momentum on the quadratic (optim_core.quadratic): the theory's numbers, and the same
numbers measured from real torch.optim.SGD runs."""
import math

import numpy as np
import pytest
import torch

from optim_core.quadratic import (
    REGIONS,
    QuadraticConfig,
    component_errors,
    critical_beta,
    divergence_alpha_lambda,
    eigenvalues,
    first_below,
    gd_optimal,
    optimal,
    radius,
    rate_map,
    roots,
    solve,
    steps_to,
    torch_sgd_kwargs,
)


def torch_errors(lams, kw, steps, gen, x0=1.0):
    """Run torch.optim.SGD on 0.5 (w - w*)^T Q diag(lams) Q^T (w - w*) with a random
    rotation Q and minimum w*; return the error along each eigenvector, (n, steps + 1)."""
    n = len(lams)
    q, _ = torch.linalg.qr(torch.randn(n, n, generator=gen, dtype=torch.float64))
    a = q @ torch.diag(torch.as_tensor(lams, dtype=torch.float64)) @ q.T
    w_star = torch.randn(n, generator=gen, dtype=torch.float64)
    w = (w_star + q @ torch.full((n,), float(x0), dtype=torch.float64)).requires_grad_()
    opt = torch.optim.SGD([w], **kw)
    out = [q.T @ (w.detach() - w_star)]
    for _ in range(steps):
        opt.zero_grad()
        loss = 0.5 * (w - w_star) @ a @ (w - w_star)
        loss.backward()
        opt.step()
        out.append(q.T @ (w.detach() - w_star))
    return torch.stack(out, dim=1).numpy()


def test_kappa_100_rates_and_bounds():
    lams = eigenvalues(100.0, 2)
    alpha, beta, rate = optimal(lams[0], lams[-1])
    assert alpha == pytest.approx(4 / 121, rel=1e-14)          # (2 / (1 + 10))^2
    assert beta == pytest.approx((9 / 11) ** 2, rel=1e-14)
    assert rate == pytest.approx(9 / 11, rel=1e-14)
    a_gd, r_gd = gd_optimal(lams[0], lams[-1])
    assert a_gd == pytest.approx(2 / 101, rel=1e-14) and r_gd == pytest.approx(99 / 101, rel=1e-14)
    assert steps_to(r_gd, 1e-6) == 691
    assert steps_to(rate, 1e-6) == 69
    # the per-step rate is what both methods' matrices say, component by component
    assert np.allclose(np.abs(1 - a_gd * lams), 99 / 101, rtol=1e-14)
    assert np.allclose(radius(alpha, beta, lams), 9 / 11, rtol=1e-7)   # double roots


def test_gd_measured_by_torch_takes_691_steps():
    gen = torch.Generator().manual_seed(1)
    lams = eigenvalues(100.0, 2)
    a_gd, _ = gd_optimal(lams[0], lams[-1])
    err = torch_errors(lams, {"lr": a_gd}, 800, gen)
    assert first_below(err, 1e-6) == 691
    # each component contracts by exactly 99/101 per step (sign flips on the steep one)
    ratio = err[:, 1:] / err[:, :-1]
    assert np.allclose(ratio[0], 99 / 101, rtol=1e-9)
    assert np.allclose(ratio[1], -99 / 101, rtol=1e-9)


def test_optimal_momentum_measured_by_torch_takes_more_than_the_bound():
    """Critically damped: x_t = (1 + c t) mu^t with a double root mu = +-9/11."""
    gen = torch.Generator().manual_seed(2)
    lams = eigenvalues(100.0, 2)
    alpha, beta, rate = optimal(lams[0], lams[-1])
    err = torch_errors(lams, torch_sgd_kwargs(alpha, beta), 300, gen)
    measured = first_below(err, 1e-6)
    assert measured == 93 and measured > steps_to(rate, 1e-6) == 69
    t = np.arange(err.shape[1])
    for i, lam in enumerate(lams):
        mu = (1 + beta - alpha * lam) / 2                     # the double root
        assert abs(mu) == pytest.approx(rate, rel=1e-12)
        c = (1 - alpha * lam) / mu - 1                        # from x_0 = 1, x_1 = 1 - alpha lam
        closed = (1 + c * t) * mu ** t
        # torch holds w = w* + x with |w*| ~ 1: x is known to ~1e-16 absolute (round-off)
        assert np.allclose(err[i], closed, rtol=1e-8, atol=1e-14)
    # the decay is t rho^t, not rho^t: the error over rho^t keeps growing linearly
    # (the recurrence itself, in error coordinates, so far below w*'s round-off)
    exact = component_errors(lams, alpha, beta, 1.0, 1000)
    scaled = np.linalg.norm(exact, axis=0) / rate ** np.arange(1001)
    assert scaled[1000] / scaled[500] == pytest.approx(2.0, rel=0.02)


@pytest.mark.parametrize("seed", range(6))
def test_recurrence_equals_torch_sgd(seed):
    """component_errors is what torch.optim.SGD(lr=alpha, momentum=beta) does, to round-off,
    over random spectra, settings and rotations."""
    gen = torch.Generator().manual_seed(100 + seed)
    u = torch.rand(4, generator=gen, dtype=torch.float64).tolist()
    n = 2 + int(u[0] * 6)
    lams = eigenvalues(1 + 999 * u[1], n, lam1=0.1 + u[2])
    beta = 0.95 * u[3]
    alpha = (0.2 + 1.6 * u[0]) * (1 + beta) / lams[-1]       # inside the stable range
    ours = component_errors(lams, alpha, beta, 1.0, 120)
    ref = torch_errors(lams, torch_sgd_kwargs(alpha, beta), 120, gen)
    assert np.allclose(ours, ref, rtol=0, atol=1e-11)


@pytest.mark.parametrize("form", ["distill", "lecture", "averaged"])
def test_each_written_form_is_torch_sgd_with_the_stated_kwargs(form):
    gen = torch.Generator().manual_seed(7)
    lams = eigenvalues(30.0, 3)
    alpha, beta = 0.05, 0.8
    x = np.ones(3)
    m = np.zeros(3)
    hand = [x.copy()]
    for _ in range(60):
        g = lams * x
        if form == "distill":
            m = beta * m + g
            x = x - alpha * m
        elif form == "lecture":
            m = beta * m + alpha * g
            x = x - m
        else:   # starts from m = 0, so torch's dampening (its first step is m = g) is not it
            m = beta * m + (1 - beta) * g
            x = x - alpha * m
        hand.append(x.copy())
    ref = torch_errors(lams, torch_sgd_kwargs(alpha, beta, form), 60, gen)
    assert np.allclose(np.stack(hand, axis=1), ref, rtol=0, atol=1e-12)


def test_radius_is_the_spectral_radius_of_the_2x2_matrix():
    rng = np.random.default_rng(3)
    alpha, beta, lam = rng.uniform(0, 0.5, 50), rng.uniform(0, 0.999, 50), rng.uniform(0, 20, 50)
    mats = np.stack([np.stack([beta, lam], -1), np.stack([-alpha * beta, 1 - alpha * lam], -1)], 1)
    ref = np.abs(np.linalg.eigvals(mats)).max(axis=1)
    assert np.allclose(radius(alpha, beta, lam), ref, rtol=1e-6, atol=1e-12)
    assert np.allclose(radius(alpha, 0.0, lam), np.abs(1 - alpha * lam), rtol=1e-12)


def test_regions_are_what_a_run_does():
    """Monotone: the error never changes sign; oscillating: it does; divergent: it grows."""
    lam = np.array([1.0])
    alphas, betas = np.linspace(0.01, 4.4, 23), np.linspace(0.0, 0.98, 17)
    rate, region = rate_map(lam, alphas, betas)
    seen = set()
    for i, b in enumerate(betas):
        for j, a in enumerate(alphas):
            x = component_errors(lam, a, b, 1.0, 400)[0]
            kind = REGIONS[region[i, j]]
            seen.add(kind)
            if kind == "divergent":
                assert abs(x[-1]) > 1 or rate[i, j] == pytest.approx(1.0, abs=1e-9)
            elif kind == "monotone":
                assert np.all(x[np.abs(x) > 1e-250] > 0)
            else:
                assert np.any(x[1:][np.abs(x[1:]) > 1e-250] < 0)
    assert seen == set(REGIONS)


def test_critical_and_divergence_lines():
    al = np.linspace(0.01, 0.99, 40)
    b = critical_beta(al)
    s = 1 + b - al
    assert np.allclose(s * s, 4 * b, atol=1e-12)              # double root on the line
    r1, r2 = roots(al, b, 1.0)
    assert np.allclose(r1, r2, atol=1e-6)
    beta = np.linspace(0, 0.99, 20)
    edge = divergence_alpha_lambda(beta)
    assert np.all(radius(edge * (1 - 1e-6), beta, 1.0) < 1)
    assert np.all(radius(edge * (1 + 1e-6), beta, 1.0) > 1)


def test_rate_map_optimum_is_the_best_cell():
    lams = eigenvalues(100.0, 5)
    res = solve(QuadraticConfig(kappa=100.0, n=5, grid=200))
    a_opt, b_opt, r_opt = res.optimum
    assert res.rate.min() >= r_opt - 1e-9                      # nothing on the map beats it
    # a fine grid centred on the optimum (a node of it): its best cell is the centre
    rate, _ = rate_map(lams, np.linspace(0.9, 1.1, 201) * a_opt, b_opt + np.linspace(-0.05, 0.05, 201))
    assert np.unravel_index(np.argmin(rate), rate.shape) == (100, 100)
    assert res.alpha == a_opt and res.beta == b_opt
    assert np.allclose(res.rates, radius(a_opt, b_opt, lams))
    assert math.isinf(steps_to(1.0))


@pytest.mark.parametrize("kw,field", [
    ({"kappa": 0.5}, "kappa"), ({"kappa": "x"}, "kappa"), ({"n": 1}, "n"),
    ({"n": 2.5}, "n"), ({"alpha": -1.0}, "alpha"), ({"beta": 1.0}, "beta"),
    ({"steps": 0}, "steps"), ({"grid": 10_000}, "grid")])
def test_bad_input_names_the_field(kw, field):
    with pytest.raises(ValueError, match=rf"^{field} must"):
        QuadraticConfig(**kw)


def test_unknown_form_is_rejected():
    with pytest.raises(ValueError, match="form must be one of distill, lecture, averaged"):
        torch_sgd_kwargs(0.1, 0.9, "adam")


def test_the_engine_on_the_ill_conditioned_surface_agrees():
    """The app's engine (what Compare runs) on f = (x^2 + 100 y^2) / 2 from (1, 1): the
    same 691 and 93 steps, and the same errors as the recurrence."""
    from optim_core import OptimizerRun, SimConfig, simulate
    alpha, beta, _ = optimal(1.0, 100.0)
    a_gd, _ = gd_optimal(1.0, 100.0)
    cfg = SimConfig(surface="ill_conditioned", surface_params=(("kappa", 100.0),),
                    starts=((1.0, 1.0),), steps=800, record_rates=False, optimizers=(
                        OptimizerRun("sgd", (("lr", a_gd),)),
                        OptimizerRun("momentum", tuple(torch_sgd_kwargs(alpha, beta).items()))))
    res = simulate(cfg)
    lams = np.array([1.0, 100.0])
    for k, (a, b, steps) in enumerate(((a_gd, 0.0, 691), (alpha, beta, 93))):
        err = res.path[k, 0].T                                  # (2, T+1): x and y
        assert first_below(err, 1e-6) == steps
        assert np.allclose(err, component_errors(lams, a, b, 1.0, 800), rtol=1e-9, atol=1e-300)
