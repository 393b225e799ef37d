"""The fused fast path (optim_core.fused): compiled surfaces equal the torch ones; the fused
loop equals the pure-torch engine in every recorded quantity (positions, loss, gradient
norm, rates, divergence) and torch.optim under every schedule; what falls back and why;
thinned and single-precision recording; warm-up. (tests/test_exact.py runs its exactness
tests on both engines.)"""
import numpy as np
import pytest
import torch

from optim_core import (
    OPTIMIZERS,
    SCHEDULES,
    SURFACES,
    OptimizerRun,
    SimConfig,
    get_surface,
    simulate,
    simulate_reference,
)
from optim_core.fast_surfaces import FAST_SURFACES, eval_block, surface_arrays
from optim_core.fused import applies, warm
from optim_core.schedules import LOSS_DRIVEN


@pytest.mark.parametrize("key", sorted(FAST_SURFACES))
def test_compiled_surface_equals_torch(key):
    spec = SURFACES[key]
    assert not spec.data and tuple(p.name for p in spec.params) == FAST_SURFACES[key][1]
    rng = np.random.default_rng(len(key))
    xmin, xmax, ymin, ymax = spec.bounds
    # across the domain, and far outside it (the bound is 100 domains wide)
    x = np.concatenate([rng.uniform(xmin, xmax, 300), rng.uniform(-50, 50, 100)])
    y = np.concatenate([rng.uniform(ymin, ymax, 300), rng.uniform(-50, 50, 100)])
    for params in ({p.name: p.default for p in spec.params},
                   {p.name: p.high for p in spec.params}):
        s = get_surface(key, params)
        sid, prm = surface_arrays(key, params)
        n = len(x)
        f, gx, gy = np.empty(n), np.empty(n), np.empty(n)
        eval_block(sid, prm, x, y, f, gx, gy, n)
        tx, ty = torch.tensor(x), torch.tensor(y)
        want_f = s.f(tx, ty).numpy()
        want_gx, want_gy = (t.numpy() for t in s.grad_xy(tx, ty))
        for got, want in ((f, want_f), (gx, want_gx), (gy, want_gy)):
            scale = np.maximum(np.abs(want), 1.0)
            assert np.all(np.abs(got - want) <= 1e-13 * scale), key


def test_the_kernel_knows_every_coefficient():
    """A new coefficient key makes the fused path step aside (until it learns the key)."""
    from optim_core.engine import TABLE_KEYS
    from optim_core.fused import KEYS
    assert TABLE_KEYS == KEYS


def test_every_analytic_surface_has_a_kernel():
    """A new analytic surface still works without one (torch), but should get one."""
    analytic = {k for k, s in SURFACES.items() if not s.data}
    assert analytic == set(FAST_SURFACES)


def _same(a, b, tol=1e-10):   # the project-wide tolerance (tests/test_exact.py)
    assert a.path.shape == b.path.shape
    assert np.array_equal(a.diverged_at, b.diverged_at)
    assert np.array_equal(a.lr, b.lr)
    for x, y in ((a.path, b.path), (a.loss, b.loss), (a.grad_norm, b.grad_norm)):
        scale = np.maximum(np.abs(y), 1.0)
        assert np.all(np.abs(x - y) <= tol * scale)
    if a.eff_lr is None:
        assert b.eff_lr is None
    else:
        assert np.all(np.abs(a.eff_lr - b.eff_lr) <= tol * np.maximum(np.abs(b.eff_lr), 1.0))


# the template's entries (the general path's optimizers never take the fused loop)
FUSED = tuple(k for k, o in OPTIMIZERS.items() if o.coeffs is not None)
ALL = tuple(OptimizerRun(k, (("lr", 1e-3),)) for k in FUSED)


@pytest.mark.parametrize("surface", ["himmelblau", "rosenbrock", "ackley", "plateau_cliff",
                                     "goldstein_price", "ill_conditioned"])
@pytest.mark.parametrize("noise,clip", [(0.0, 0.0), (0.3, 0.0), (0.0, 2.0), (0.2, 1.0)])
def test_fused_equals_torch_engine(surface, noise, clip):
    """All optimizers at once, several starts; 60 steps at small rates (not chaotic)."""
    s = SURFACES[surface]
    xmin, xmax, ymin, ymax = s.bounds
    rng = np.random.default_rng(7)
    starts = tuple(zip(rng.uniform(xmin, xmax, 5).tolist(), rng.uniform(ymin, ymax, 5).tolist()))
    cfg = SimConfig(surface=surface, optimizers=ALL, starts=starts, steps=60, noise=noise,
                    clip=clip, seed=5)
    _same(simulate(cfg, backend="fused"), simulate(cfg, backend="torch"))


def test_many_starts_span_blocks():
    """More starts than one block (256) and a partial last block, with some diverging."""
    rng = np.random.default_rng(3)
    starts = tuple(zip(rng.uniform(-5, 5, 300).tolist(), rng.uniform(-5, 5, 300).tolist()))
    runs = (OptimizerRun("adam", (("lr", 0.05),)), OptimizerRun("sgd", (("lr", 0.03),)),
            OptimizerRun("rmsprop_centered", (("lr", 0.01),)))
    cfg = SimConfig(surface="himmelblau", optimizers=runs, starts=starts, steps=40, noise=0.1)
    a, b = simulate(cfg, backend="fused"), simulate(cfg, backend="torch")
    assert (a.diverged_at[1] >= 0).any() and (a.diverged_at[1] < 0).any()
    _same(a, b)


def test_divergence_is_the_same_on_both_engines():
    """Runs that blow up at different steps (NaN, inf, leaving the bound), rates recorded."""
    runs = (OptimizerRun("sgd", (("lr", 1.0),)), OptimizerRun("sgd", (("lr", 0.02),)),
            OptimizerRun("momentum", (("lr", 0.05), ("momentum", 0.99))),
            OptimizerRun("adam", (("lr", 0.01),)), OptimizerRun("adagrad", (("lr", 5.0),)),
            OptimizerRun("adadelta", (("lr", 10.0),)), OptimizerRun("rmsprop", (("lr", 3.0),)))
    starts = ((-1.5, 2.0), (1.9, -0.9), (0.0, 0.0), (2.0, 3.0), (1e4, 1e4))
    cfg = SimConfig(surface="rosenbrock", optimizers=runs, starts=starts, steps=120)
    a, b = simulate(cfg, backend="fused"), simulate(cfg, backend="torch")
    d = a.diverged_at
    assert (d == 0).any() and (d > 1).any() and (d == -1).any()   # the test covers each case
    _same(a, b)


@pytest.mark.parametrize("key", sorted(k for k in SCHEDULES if k not in LOSS_DRIVEN))
def test_fused_under_every_schedule_equals_torch_optim(key):
    def run(opt):   # the settings of tests/test_schedules.py
        lr = 0.5 if opt == "adadelta" else 0.01 if OPTIMIZERS[opt].adaptive else 0.004
        peak = (("max_lr", 2 * lr),) if any(p.name == "max_lr"
                                            for p in SCHEDULES[key].params) else ()
        extra = {"rmsprop": (("momentum", 0.5),), "adamw": (("weight_decay", 0.1),)}.get(opt, ())
        return OptimizerRun(opt, (("lr", lr), *extra), schedule=key, schedule_params=peak)
    cfg = SimConfig(surface="himmelblau", optimizers=tuple(run(k) for k in FUSED),
                    starts=((0.5, -1.0),), steps=100)
    assert applies(cfg) is None
    fused = simulate(cfg)
    assert np.abs(fused.path - simulate_reference(cfg)).max() <= 1e-10
    _same(fused, simulate(cfg, backend="torch"))


def test_what_falls_back_to_torch():
    plateau = OptimizerRun("adam", (("lr", 0.1),), schedule="reduce_on_plateau")
    data = next(k for k, s in SURFACES.items() if s.data)
    cases = {
        "formula": SimConfig(formula="x**2 + 3*y**2", steps=5),
        "kernel": SimConfig(surface=data, steps=5, starts=(SURFACES[data].start,)),
        "loss-driven": SimConfig(optimizers=(plateau,), steps=5),
    }
    for what, cfg in cases.items():
        why = applies(cfg)
        assert why is not None and what in why
        with pytest.raises(ValueError, match="backend 'fused'"):
            simulate(cfg, backend="fused")
        simulate(cfg)   # auto: the torch engine runs it
    cfg = SimConfig(steps=5)
    assert applies(cfg) is None
    assert applies(cfg, get_surface("bowl")) is not None   # another surface object


@pytest.mark.parametrize("bad,match", [({"backend": "gpu"}, "backend must be one of"),
                                       ({"every": 0}, "every must be"),
                                       ({"every": 1.5}, "every must be"),
                                       ({"record_dtype": np.int32}, "record_dtype must be")])
def test_bad_options_name_the_field(bad, match):
    with pytest.raises(ValueError, match=match):
        simulate(SimConfig(steps=5), **bad)


@pytest.mark.parametrize("backend", ["fused", "torch"])
def test_thinned_and_single_precision_recording(backend):
    runs = (OptimizerRun("adam", (("lr", 0.05),)), OptimizerRun("sgd", (("lr", 1.2),)))
    cfg = SimConfig(surface="himmelblau", optimizers=runs, starts=((0.0, 0.0), (1, -2)),
                    steps=47)
    full = simulate(cfg, backend=backend)
    assert full.diverged_at[1].min() >= 0    # the freeze is part of what is thinned
    for every in (1, 5, 47, 100):
        thin = simulate(cfg, backend=backend, every=every, record_dtype=np.float32)
        pos = sorted(set(range(0, 48, every)) | {47})
        assert thin.path.dtype == np.float32 and thin.path.shape[2] == len(pos)
        assert np.array_equal(thin.path, full.path[:, :, pos].astype(np.float32))
        assert np.array_equal(thin.loss, full.loss[:, :, pos].astype(np.float32))
        assert np.array_equal(thin.grad_norm, full.grad_norm[:, :, pos].astype(np.float32))
        assert np.array_equal(thin.eff_lr, full.eff_lr[:, :, ::every].astype(np.float32))
        assert np.array_equal(thin.diverged_at, full.diverged_at)


def test_warm_is_cheap_once_warm():
    warm()
    assert warm() < 1.0


def test_sessions_in_threads_get_their_own_results():
    """Streamlit sessions are threads: the kernel releases the GIL and shares no state."""
    from concurrent.futures import ThreadPoolExecutor
    cfgs = [SimConfig(surface="rastrigin", optimizers=ALL, starts=((3.2, -2.7), (1.0, 1.0)),
                      steps=200, noise=0.1 * i, seed=i) for i in range(4)]
    alone = [simulate(c, backend="fused").path for c in cfgs]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda c: simulate(c, backend="fused").path, cfgs * 2))
    for i, path in enumerate(together):
        assert np.array_equal(path, alone[i % 4])
