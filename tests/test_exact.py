"""Exactness: the vectorized engine equals plain torch.optim loops, to float64 round-off.

Every test runs on both engines: the compiled fused loop (``backend="fused"``) and the
pure-torch engine (``backend="torch"``), the reference and fallback.

For every optimizer in the registry (PyTorch's own and the lecture's, whose reference is a
``torch.optim.Optimizer`` subclass), randomized hyper-parameters, surfaces, start points,
gradient noise and clipping. Chaos is handled as ARCHITECTURE.md says: compare over the
horizon where the reference is stable against its own 1e-13 nudge of the start, and
require that horizon to be long; the tolerance is never loosened.
"""
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from optim_core import OPTIMIZERS, SURFACES, OptimizerRun, SimConfig, simulate, simulate_reference

TOL = 1e-10
NUDGE = 1e-13
STEPS = 80
MIN_HORIZON = 40
SURFACE_KEYS = ["bowl", "ill_conditioned", "booth", "himmelblau", "rosenbrock", "beale",
                "six_hump_camel", "saddle", "lecture_w1w2", "ravine", "styblinski_tang"]

# sane sub-ranges of each spec (inside the registry's allowed range), so runs mostly
# stay finite; the nudge horizon decides what is comparable.
RANGES = {
    "momentum": (0.0, 0.95), "dampening": (0.0, 0.5), "weight_decay": (0.0, 0.1),
    "lr_decay": (0.0, 0.1), "initial_accumulator_value": (0.0, 1.0), "alpha": (0.8, 0.999),
    "rho": (0.8, 0.99), "momentum_decay": (0.0, 0.01), "sgd_momentum": (0.0, 0.9),
}
LOG_RANGES = {"eps": (1e-10, 1e-6), "sgd_lr": (1e-3, 0.05)}
BACKENDS = ["fused", "torch"]


def _draw_value(draw, p, key, lr_scale):
    if p.name == "lr":
        return lr_scale * math.exp(draw(st.floats(math.log(0.2), math.log(2.0))))
    if p.kind == "pair":
        return (draw(st.floats(0.5, 0.95)), draw(st.floats(0.9, 0.9999)))
    if p.kind == "int":
        return draw(st.integers(1, STEPS // 2))
    if p.kind == "bool":
        return draw(st.booleans())
    if p.name in LOG_RANGES:
        lo, hi = LOG_RANGES[p.name]
        return math.exp(draw(st.floats(math.log(lo), math.log(hi))))
    lo, hi = RANGES.get(p.name, (p.low, p.high))
    if key == "nesterov" and p.name == "momentum":
        lo = 0.05
    return draw(st.floats(max(lo, p.low), min(hi, p.high)))


@st.composite
def settings_for(draw, key):
    surface = SURFACES[draw(st.sampled_from(SURFACE_KEYS))]
    spec = OPTIMIZERS[key]
    # SGD-like steps scale with the gradient: use the surface's hint; adaptive steps ~ lr.
    lr_scale = surface.lr_hint if not spec.adaptive else spec.params[0].default
    if key in ("adadelta",):
        lr_scale = 1.0
    hp = {p.name: _draw_value(draw, p, key, lr_scale) for p in spec.params}
    xmin, xmax, ymin, ymax = surface.bounds
    starts = tuple((draw(st.floats(xmin, xmax)), draw(st.floats(ymin, ymax))) for _ in range(2))
    noise = draw(st.sampled_from([0.0, 0.0, 0.3]))
    clip = draw(st.sampled_from([0.0, 0.0, 2.0]))
    return SimConfig(surface=surface.key, optimizers=(OptimizerRun(key, tuple(hp.items())),),
                     starts=starts, steps=STEPS, noise=noise, seed=draw(st.integers(0, 99)),
                     clip=clip)


# the engine's entries; the general path's are tests/test_optimizers_more.py's
ENGINE = sorted(k for k, o in OPTIMIZERS.items() if o.coeffs is not None)


def stable_horizon(config: SimConfig) -> np.ndarray:
    """Per start: the number of leading steps where the reference is robust to a nudge."""
    ref = simulate_reference(config)[0]
    nudged = simulate_reference(SimConfig.from_dict({
        **config.to_dict(), "starts": [[x + NUDGE, y + NUDGE] for x, y in config.starts]}))[0]
    ok = np.isfinite(ref).all(-1) & (np.abs(ref - nudged).max(-1) <= TOL / 10)
    ok &= np.abs(ref).max(-1) < 1e6
    return ref, np.where(ok.all(-1), ok.shape[-1], np.argmin(ok, axis=-1))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("key", ENGINE)
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(data=st.data())
def test_engine_equals_torch_optim(key, backend, data):
    config = data.draw(settings_for(key))
    ref, horizon = stable_horizon(config)
    assume(horizon.min() >= MIN_HORIZON)
    ours = simulate(config, backend=backend)
    for j, h in enumerate(horizon):
        diff = np.abs(ours.path[0, j, :h] - ref[j, :h]).max()
        assert diff <= TOL, (key, config, j, diff)
        assert ours.diverged_at[0, j] == -1 or ours.diverged_at[0, j] >= h


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("key", ENGINE)
def test_defaults_on_a_bowl_match_for_many_steps(key, backend):
    """Default hyper-parameters, 300 steps, three starts at once: a non-chaotic setting."""
    cfg = SimConfig(surface="bowl", optimizers=(OptimizerRun(key),),
                    starts=((-1.5, 1.2), (0.7, -0.4), (1.9, 1.9)), steps=300)
    ref = simulate_reference(cfg)
    assert np.abs(simulate(cfg, backend=backend).path - ref).max() <= TOL


@pytest.mark.parametrize("backend", BACKENDS)
def test_all_optimizers_together_equal_each_alone(backend):
    """Rows share one update rule; selecting more optimizers must not change any path."""
    keys = ENGINE if backend == "fused" else OPTIMIZERS   # the general path is not fused
    runs = tuple(OptimizerRun(k, (("lr", 1e-3),)) for k in keys)
    cfg = SimConfig(surface="himmelblau", optimizers=runs, starts=((0.0, 0.0), (-1, 2)), steps=150)
    together = simulate(cfg, backend=backend).path
    for i, run in enumerate(runs):
        alone = simulate(SimConfig(surface="himmelblau", optimizers=(run,),
                                   starts=cfg.starts, steps=150), backend=backend).path[0]
        assert np.abs(together[i] - alone).max() <= 1e-14, run.name


def test_batched_reference_equals_plain_reference():
    runs = (OptimizerRun("adam", (("lr", 0.01),)), OptimizerRun("momentum"))
    cfg = SimConfig(surface="booth", optimizers=runs, starts=((-8, -6), (4, 9), (0, 0)),
                    steps=100, noise=0.2, clip=5.0)
    assert np.abs(simulate_reference(cfg) - simulate_reference(cfg, batched=True)).max() <= 1e-12


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_test_can_fail(backend):
    """A wrong coefficient is caught: perturbing Adam's beta2 in the engine breaks equality."""
    base = SimConfig(surface="bowl", optimizers=(OptimizerRun("adam", (("lr", 0.05),)),),
                     steps=50)
    other = SimConfig(surface="bowl", optimizers=(OptimizerRun(
        "adam", (("lr", 0.05), ("betas", (0.9, 0.99)))),), steps=50)
    assert np.abs(simulate(other, backend=backend).path - simulate_reference(base)).max() > TOL
