"""Learned two-parameter surfaces: data, losses, gradients, minima, and mini-batch descent."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from optim_core import (
    OPTIMIZERS,
    SURFACES,
    SimConfig,
    datasets,
    get_surface,
    simulate,
    simulate_reference,
)
from optim_core.data_surfaces import batch_schedule, batches_per_epoch
from optim_core.surfaces import autograd_grad

DATA_KEYS = sorted(k for k, s in SURFACES.items() if s.data)


def test_every_learned_surface_of_the_issue_is_registered():
    assert {"linreg", "quadfit", "logistic_mse", "logistic_ce", "scaling_raw",
            "scaling_std"} <= set(DATA_KEYS)
    assert "lecture_w1w2" in SURFACES     # y = w1 w2 x with data {(1, 1)}


@settings(max_examples=12, deadline=None)
@given(key=st.sampled_from(DATA_KEYS), seed=st.integers(0, 10_000), n=st.integers(5, 300),
       loss=st.sampled_from(["mse", "mae", "huber"]), u=st.floats(0, 1), v=st.floats(0, 1))
def test_gradient_and_batch_gradient_equal_autograd(key, seed, n, loss, u, v):
    spec = SURFACES[key]
    params = {"seed": seed, "n": n}
    if any(p.name == "loss" for p in spec.params):
        params["loss"] = loss
    s = get_surface(key, params)
    xmin, xmax, ymin, ymax = s.bounds
    xy = torch.tensor([[xmin + u * (xmax - xmin), ymin + v * (ymax - ymin)]], dtype=torch.float64)
    g = autograd_grad(s.value, xy)
    assert torch.allclose(s.grad(xy), g, rtol=1e-10, atol=1e-12 * (1 + g.abs().max()))
    idx = torch.randperm(s.data.n, generator=torch.Generator().manual_seed(seed))[:3]
    gb = autograd_grad(lambda q: s.data.value(q[..., 0], q[..., 1], idx), xy)
    assert torch.allclose(torch.stack(s.data.grad(xy[..., 0], xy[..., 1], idx), -1), gb,
                          rtol=1e-10, atol=1e-12 * (1 + gb.abs().max()))


@settings(max_examples=16, deadline=None)
@given(key=st.sampled_from(DATA_KEYS), seed=st.integers(0, 10_000), n=st.integers(5, 300),
       loss=st.sampled_from(["mse", "mae", "huber"]), u=st.floats(0, 1), v=st.floats(0, 1))
def test_closed_form_hessian_equals_autograd_at_many_points_at_once(key, seed, n, loss, u, v):
    """``DataLoss.hess_grad`` (all points in one pass, used by the critical-point finder)
    equals autograd's double backward of the value at each point."""
    spec = SURFACES[key]
    params = {"seed": seed, "n": n}
    if any(p.name == "loss" for p in spec.params):
        params["loss"] = loss
    s = get_surface(key, params)
    xmin, xmax, ymin, ymax = s.bounds
    gen = np.random.default_rng(seed)
    pts = np.stack([xmin + np.r_[u, gen.uniform(0, 1, 6)] * (xmax - xmin),
                    ymin + np.r_[v, gen.uniform(0, 1, 6)] * (ymax - ymin)], -1)
    xy = torch.tensor(pts, dtype=torch.float64)
    H, g = s.data.hess_grad(xy[:, 0], xy[:, 1])
    assert H.shape == (7, 2, 2) and g.shape == (7, 2)
    for i in range(7):
        q = xy[i].clone().requires_grad_(True)
        Ha = torch.autograd.functional.hessian(s.value, q)
        (ga,) = torch.autograd.grad(s.value(q), q)
        assert torch.allclose(g[i], ga, rtol=1e-10, atol=1e-12 * (1 + ga.abs().max()))
        assert torch.allclose(H[i], Ha, rtol=1e-10, atol=1e-12 * (1 + Ha.abs().max()))


def test_losses_follow_their_formulas():
    s = get_surface("linreg", {"n": 30, "seed": 4, "loss": "huber", "delta": 0.7})
    x, y = datasets.regression("synthetic", 30, 0.5, 4)
    w, b = 1.3, -0.4
    r = b + w * x - y
    huber = np.where(np.abs(r) < 0.7, 0.5 * r * r, 0.7 * (np.abs(r) - 0.35)).mean()
    assert float(s.f(torch.tensor(w, dtype=torch.float64), torch.tensor(b, dtype=torch.float64))) \
        == pytest.approx(huber, rel=1e-13)
    ce = get_surface("logistic_ce", {"n": 40, "seed": 1})
    x, t = datasets.two_class_1d(40, 2.0, 1)
    p = 1 / (1 + np.exp(-(w * x + b)))
    want = np.mean(-t * np.log(p) - (1 - t) * np.log(1 - p))
    got = float(ce.f(torch.tensor(w, dtype=torch.float64), torch.tensor(b, dtype=torch.float64)))
    assert got == pytest.approx(want, rel=1e-12)


def test_data_sets_are_reproducible_from_their_seed():
    for fn, args in ((datasets.regression, ("synthetic", 50, 0.5)),
                     (datasets.lecture_quadratic, (50, 0.2)), (datasets.two_class_1d, (50, 2.0)),
                     (datasets.scaled_features, (50, 0.1))):
        a, b, c = fn(*args, 3), fn(*args, 3), fn(*args, 4)
        assert all(np.array_equal(p, q) for p, q in zip(a, b))
        assert not all(np.array_equal(p, q) for p, q in zip(a, c))
    x, _y = datasets.regression("diabetes", 0, 0.0, 0)
    assert len(x) == 442 and abs(x.mean()) < 1e-12 and abs(x.std() - 1) < 1e-12


def test_least_squares_minimum_and_the_notes_quadratic():
    x, y = datasets.regression("synthetic", 60, 0.5, 0)
    w, b = np.polyfit(x, y, 1)
    (mw, mb), = [k.point for k in get_surface("linreg").known]
    assert (mw, mb) == pytest.approx((w, b), abs=1e-10)
    (qw, qb), = [k.point for k in get_surface("quadfit").known]
    assert abs(qw - 3) < 0.3 and abs(qb - 2) < 0.1     # noise 0.2: near, not at (3, 2)


def test_mse_plateau_against_the_cross_entropy_slope():
    """Confidently wrong: the MSE gradient nearly vanishes, cross-entropy's does not."""
    start = torch.tensor([SURFACES["logistic_mse"].start], dtype=torch.float64)
    g_mse = get_surface("logistic_mse").grad(start).norm()
    g_ce = get_surface("logistic_ce").grad(start).norm()
    assert g_ce > 20 * g_mse


def test_standardizing_makes_the_surface_round():
    def cond(key):
        s = get_surface(key)
        h = torch.func.hessian(lambda q: s.value(q))(torch.zeros(2, dtype=torch.float64))
        ev = torch.linalg.eigvalsh(h)
        return float(ev[-1] / ev[0])
    assert cond("scaling_raw") > 1e6 and cond("scaling_std") < 5


def test_batch_schedule_epochs_shuffle_and_last_batch():
    n, b = 23, 5
    steps = 3 * batches_per_epoch(n, b, False)
    sched = batch_schedule(n, b, True, False, 7, steps)
    epochs = [torch.cat(sched[i:i + 5]) for i in range(0, steps, 5)]
    assert [len(s) for s in sched[:5]] == [5, 5, 5, 5, 3]
    for e in epochs:      # every epoch sees every point exactly once
        assert sorted(e.tolist()) == list(range(n))
    assert not torch.equal(epochs[0], epochs[1])      # reshuffled every epoch
    dropped = batch_schedule(n, b, True, True, 7, 8)
    assert [len(s) for s in dropped] == [5] * 8 and batches_per_epoch(n, b, True) == 4
    plain = batch_schedule(n, b, False, False, 7, 5)
    assert torch.equal(torch.cat(plain), torch.arange(n))
    assert all(torch.equal(p, q) for p, q in zip(sched, batch_schedule(n, b, True, False, 7, steps)))


@settings(max_examples=8, deadline=None)
@given(key=st.sampled_from(sorted(OPTIMIZERS)), b=st.integers(1, 40), seed=st.integers(0, 99),
       shuffle=st.booleans(), drop=st.booleans(), surface=st.sampled_from(["linreg", "quadfit",
                                                                           "logistic_ce"]))
def test_mini_batch_engine_equals_torch_optim_loop(key, b, seed, shuffle, drop, surface):
    cfg = SimConfig(surface=surface, optimizers=({"name": key},), starts=((0.5, -0.5), (1.0, 1.0)),
                    steps=40, batch_size=b, shuffle=shuffle, drop_last=drop, seed=seed)
    r, ref = simulate(cfg), simulate_reference(cfg)
    got, d = r.path, r.diverged_at[0]
    # a run that diverges (Newton on a separable or one-point batch) is compared up to there
    h = np.where(d >= 0, d, cfg.steps + 1)
    xmin, xmax, ymin, ymax = cfg.make_surface().bounds
    center, far = np.array([(xmin + xmax) / 2, (ymin + ymax) / 2]), 100 * max(xmax - xmin,
                                                                             ymax - ymin)
    for j in np.flatnonzero(d >= 0):   # ours stopped where the loop's point is bad
        p = ref[0, j, d[j]]
        assert not np.isfinite(p).all() or np.abs(p - center).max() > far, (key, d)
    for j in range(len(h)):
        part = ref[0, j, :h[j]]
        assert np.allclose(got[0, j, :h[j]], part, rtol=0, atol=1e-10 * (1 + np.abs(part).max()))


def test_stochastic_path_is_noisy_full_batch_is_not():
    base = {"surface": "linreg", "optimizers": ({"name": "sgd", "params": {"lr": 0.05}},),
                "starts": ((-1.5, -2.5),), "steps": 300}
    full = simulate(SimConfig(**base)).loss[0, 0]
    sgd = simulate(SimConfig(**base, batch_size=1)).loss[0, 0]
    assert np.all(np.diff(full) <= 1e-12)                 # smooth descent
    assert np.sum(np.diff(sgd) > 0) > 30                  # the noisy path goes up at times
    assert sgd[-1] < 0.5 * sgd[0]                         # and still descends
    whole = simulate(SimConfig(**base, batch_size=60, shuffle=True)).path
    assert np.allclose(whole, simulate(SimConfig(**base)).path, atol=1e-12)


@pytest.mark.parametrize("bad, message", [
    ({"surface": "rosenbrock", "batch_size": 4}, "batch_size applies only"),
    ({"surface": "linreg", "batch_size": 61}, "at most the number of data points (60)"),
    ({"surface": "linreg", "batch_size": -1}, "batch_size must be an integer"),
    ({"surface": "linreg", "batch_size": True}, "batch_size must be an integer"),
    ({"surface": "linreg", "batch_size": 4, "shuffle": "yes"}, "shuffle must be true or false"),
    ({"surface": "linreg", "surface_params": (("loss", "l3"),)}, "surface_params.loss must be one of"),
    ({"surface": "linreg", "surface_params": (("data", 3),)}, "surface_params.data must be one of"),
])
def test_bad_batch_settings_name_the_field(bad, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        SimConfig(**bad)


def test_config_round_trip_with_batches():
    cfg = SimConfig(surface="linreg", batch_size=8, drop_last=True, seed=5)
    assert SimConfig.from_dict(cfg.to_dict()) == cfg
    assert cfg.batches_per_epoch == 7
    assert "batch_size" not in SimConfig(surface="linreg").to_dict()


@pytest.mark.parametrize("key", DATA_KEYS)
def test_every_page_core_takes_a_learned_surface(key):
    """The Saddles page's escape lab and critical-point finder, on each learned surface."""
    from optim_core import CriticalConfig, escape_lab, find_critical_points
    from optim_core.escape import default_escape
    res = find_critical_points(CriticalConfig(key, grid=12))
    assert any(p.kind == "minimum" for p in res.points)
    s = get_surface(key)
    cfg = default_escape(key, s.known[0].point, ())
    assert escape_lab(cfg) is not None


def _imports(path):
    """Every ``from .x import`` / ``import optim_core.x`` in a module: (module, top_level)."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            name = ("optim_core." if node.level else "") + (node.module or "")
            out.append((name, id(node) in top))
        elif isinstance(node, ast.Import):
            out += [(a.name, id(node) in top) for a in node.names]
    return out


def test_the_two_surface_modules_form_no_cycle():
    from pathlib import Path

    import optim_core.data_surfaces as ds
    import optim_core.surface_spec as spec_mod
    import optim_core.surfaces as su

    root = Path(su.__file__).parent
    data_imports = [m for m, _ in _imports(root / "data_surfaces.py")]
    assert "optim_core.surfaces" not in data_imports           # not even lazily
    assert "optim_core.surface_spec" in data_imports
    surf = _imports(root / "surfaces.py")
    # surfaces reads the data entries once, at the top, never from inside a function
    assert [top for m, top in surf if m == "optim_core.data_surfaces"] == [True]
    assert not any(m in ("optim_core.surfaces", "optim_core.data_surfaces")
                   for m, _ in _imports(root / "surface_spec.py"))
    # the record types are one and the same; DATA_ENTRIES is a constant, not a function
    assert su.SurfaceSpec is spec_mod.SurfaceSpec is ds.SurfaceSpec
    assert isinstance(ds.DATA_ENTRIES, tuple) and ds.DATA_ENTRIES
    assert all(isinstance(e, spec_mod.SurfaceSpec) and e.data for e in ds.DATA_ENTRIES)
    assert {e.key for e in ds.DATA_ENTRIES} == {k for k, s in su.SURFACES.items() if s.data}


def test_data_surfaces_imports_alone_in_a_fresh_process():
    """The data module loads first without the analytic registry having been imported."""
    import subprocess
    import sys

    code = ("import importlib.util, sys; "
            "spec = importlib.util.find_spec('optim_core'); "
            "import types; pkg = types.ModuleType('optim_core'); "
            "pkg.__path__ = list(spec.submodule_search_locations); "
            "sys.modules['optim_core'] = pkg; "
            "import optim_core.data_surfaces as d; "
            "print(len(d.DATA_ENTRIES), 'optim_core.surfaces' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split() == [str(len(DATA_KEYS)), "False"]
