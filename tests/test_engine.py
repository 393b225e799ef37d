"""Engine behaviour: divergence, noise and seeds, recorded quantities, shapes; every test
runs on both engines (the compiled fused loop and the pure-torch engine)."""
import numpy as np
import pytest
import torch

from optim_core import OptimizerRun, SimConfig, simulate, simulate_reference


@pytest.fixture(params=["fused", "torch"])
def sim(request):
    """``simulate`` on one engine."""
    return lambda cfg, **kw: simulate(cfg, backend=request.param, **kw)


def test_divergence_is_marked_and_frozen(sim):
    runs = (OptimizerRun("sgd", (("lr", 1.0),)), OptimizerRun("adam", (("lr", 0.01),)))
    cfg = SimConfig(surface="rosenbrock", optimizers=runs, starts=((-1.5, 2.0),), steps=100)
    r = sim(cfg)
    k = r.diverged_at[0, 0]
    assert 1 <= k <= 100
    for arr in (r.path, r.loss, r.grad_norm, r.eff_lr):
        assert np.isfinite(arr).all()
    assert (r.path[0, 0, k:] == r.path[0, 0, k - 1]).all()
    assert (r.loss[0, 0, k:] == r.loss[0, 0, k - 1]).all()
    # the reference really blows up at that step, and the healthy run is untouched
    ref = simulate_reference(cfg)
    assert not np.isfinite(ref[0, 0, k]).all() or np.abs(ref[0, 0, k]).max() > 100
    assert np.isfinite(ref[0, 0, :k]).all()
    assert r.diverged_at[1, 0] == -1
    assert np.abs(r.path[1, 0] - ref[1, 0]).max() < 1e-10


def test_leaving_the_bound_is_divergence(sim):
    cfg = SimConfig(surface="saddle", optimizers=(OptimizerRun("sgd", (("lr", 0.5),)),),
                    starts=((0.0, 0.1),), steps=400)   # y grows by 2x per step
    r = sim(cfg)
    k = r.diverged_at[0, 0]
    assert k > 0 and np.abs(r.path[0, 0]).max() <= 100 * 4
    assert np.abs(r.path[0, 0, k - 1, 1]) > 1


def test_noise_is_seeded_per_run_and_never_global(sim):
    cfg = SimConfig(surface="bowl", optimizers=(OptimizerRun("sgd"), OptimizerRun("adam")),
                    starts=((1.0, 1.0), (-1.0, 0.5)), steps=50, noise=0.5, seed=3)
    state = torch.random.get_rng_state()
    np_state = np.random.get_state()[1].copy()
    a, b = sim(cfg), sim(cfg)
    assert torch.equal(state, torch.random.get_rng_state())
    assert (np_state == np.random.get_state()[1]).all()
    assert (a.path == b.path).all()
    c = sim(SimConfig.from_dict({**cfg.to_dict(), "seed": 4}))
    assert np.abs(a.path - c.path).max() > 1e-3


def test_manual_seed_is_never_called(sim, monkeypatch):
    def boom(*_):
        raise AssertionError("torch.manual_seed called")
    monkeypatch.setattr(torch, "manual_seed", boom)
    sim(SimConfig(surface="bowl", noise=0.1, seed=1, steps=10))
    simulate_reference(SimConfig(surface="bowl", noise=0.1, seed=1, steps=10))


def test_optimizers_share_the_noise_stream(sim):
    """Common random numbers: at step 1 every SGD rate sees the same noisy gradient."""
    runs = (OptimizerRun("sgd", (("lr", 0.1),)), OptimizerRun("sgd", (("lr", 0.2),)))
    r = sim(SimConfig(surface="bowl", optimizers=runs, starts=((1.0, 1.0),), steps=1,
                           noise=1.0, seed=0))
    step = r.path[:, 0, 1] - r.path[:, 0, 0]
    assert np.allclose(step[1], 2 * step[0])


def test_recorded_quantities(sim):
    cfg = SimConfig(surface="himmelblau", steps=30, starts=((0.0, 0.0), (1.0, 1.0)),
                    optimizers=(OptimizerRun("sgd", (("lr", 0.01),)),
                                OptimizerRun("adam", (("lr", 0.05),))))
    r = sim(cfg)
    K, M, T = 2, 2, 30
    assert r.path.shape == (K, M, T + 1, 2) and r.loss.shape == (K, M, T + 1)
    assert r.grad_norm.shape == (K, M, T + 1) and r.lr.shape == (K, T)
    assert r.eff_lr.shape == (K, M, T, 2)
    s = cfg.make_surface()
    pos = torch.tensor(r.path)
    assert np.allclose(r.loss, s.value(pos).numpy(), rtol=1e-14)
    assert np.allclose(r.grad_norm, s.grad(pos).norm(dim=-1).numpy(), rtol=1e-14)
    assert (r.lr[0] == 0.01).all() and (r.lr[1] == 0.05).all()
    assert np.allclose(r.eff_lr[0], 0.01)           # SGD: eta_t / sigma_t = lr
    # Adam: eta_t / sigma_t = lr / (sqrt(v_t / (1 - b2^t)) + eps), by hand
    b2, eps = 0.999, 1e-8
    for j in range(M):
        v = np.zeros(2)
        for t in range(T):
            g = s.grad(torch.tensor(r.path[1, j, t])).numpy()
            v = b2 * v + (1 - b2) * g * g
            expect = 0.05 / (np.sqrt(v / (1 - b2 ** (t + 1))) + eps)
            assert np.allclose(r.eff_lr[1, j, t], expect, rtol=1e-10)


def test_adagrad_effective_rate_shrinks(sim):
    r = sim(SimConfig(surface="ravine", optimizers=(OptimizerRun("adagrad", (("lr", 0.5),)),),
                           steps=200))
    e = r.eff_lr[0, 0]
    assert (np.diff(e, axis=0) <= 1e-15).all() and (e[-1] < e[0]).all()


def test_record_rates_off(sim):
    r = sim(SimConfig(steps=10, record_rates=False))
    assert r.eff_lr is None and r.path.shape[-2] == 11


def test_gradient_clipping_bounds_the_first_step(sim):
    cfg = SimConfig(surface="booth", optimizers=(OptimizerRun("sgd", (("lr", 0.1),)),),
                    starts=((-8.0, -6.0),), steps=1, clip=1.0)
    step = np.linalg.norm(sim(cfg).path[0, 0, 1] - sim(cfg).path[0, 0, 0])
    assert step == pytest.approx(0.1, rel=1e-5)


def test_runs_rows_for_the_cli(sim):
    r = sim(SimConfig(steps=5, starts=((0.0, 0.0), (1.0, 2.0))))
    rows = list(r.runs())
    assert len(rows) == 2 and len(rows[0]["path"]) == 6 and len(rows[1]["loss"]) == 6
    assert rows[1]["start"] == [1.0, 2.0] and rows[0]["diverged_at"] is None


def _rates_times(run: OptimizerRun, s: float) -> OptimizerRun:
    """``run`` with every rate of its rule times ``s`` (``lr``, and Adam->SGD's ``sgd_lr``)."""
    hp = {k: v * s if k == "lr" or k.endswith("_lr") else v for k, v in run.params}
    return OptimizerRun(run.name, tuple(hp.items()), schedule=run.schedule,
                        schedule_params=run.schedule_params)


@pytest.mark.parametrize("schedule", [None, "step", "cosine"])
def test_the_learning_rate_enters_one_stage_only(schedule):
    """Built at eta and at 2 eta, every coefficient table is the same, and the rate stage's
    table doubles: the rate enters nowhere else (no coefficient carries it)."""
    from optim_core import OPTIMIZERS
    from optim_core.engine import TABLE_KEYS, coefficient_array
    keys = [k for k, o in OPTIMIZERS.items() if o.coeffs is not None]
    extra = {"momentum": (("momentum", 0.9), ("weight_decay", 0.1)),
             "rmsprop": (("momentum", 0.5), ("weight_decay", 0.2)),
             "adamw": (("weight_decay", 0.1),), "adagrad": (("lr_decay", 0.01),),
             "adam_sgd": (("switch_step", 20),)}
    runs = tuple(OptimizerRun(k, (("lr", 0.003), *extra.get(k, ())), schedule=schedule)
                 for k in keys)
    cfg = SimConfig(surface="bowl", optimizers=runs, steps=60)
    one, lr1 = coefficient_array(cfg)
    two, lr2 = coefficient_array(SimConfig.from_dict({
        **cfg.to_dict(), "optimizers": [_rates_times(r, 2.0).to_dict() for r in runs]}))
    rate = TABLE_KEYS.index("rate")
    assert rate == len(TABLE_KEYS) - 1
    for i, key in enumerate(TABLE_KEYS[:-1]):
        assert np.array_equal(one[i], two[i]), key
    assert np.array_equal(two[rate], 2 * one[rate])
    assert np.array_equal(lr2, 2 * lr1)
    # and the rate table is not trivially the schedule's: the rules' own factors are in it
    k = keys.index("adagrad")
    assert one[rate, k, -1] < lr1[k, -1]


def test_a_builder_never_sees_the_rate_table():
    """Builders take the hyper-parameters and the number of steps, not a rate table."""
    from optim_core import OPTIMIZERS
    for key, spec in OPTIMIZERS.items():
        if spec.coeffs is not None:
            hp = {p.name: p.default for p in spec.params}
            table = spec.coeffs(hp, 7)
            for name, value in table.items():
                assert np.shape(value) in ((), (7,)), (key, name)
