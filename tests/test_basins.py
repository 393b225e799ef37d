"""Basin maps (optim_core.basins): labels agree with each run's own end, small-step GD
follows the gradient flow's basins on Himmelblau, validation, and the CLI."""
import json
import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from optim_core import OptimizerRun, SimConfig, get_surface, simulate
from optim_core.basins import DIVERGED, NOT_ARRIVED, BasinConfig, basin_map, typical_gradient

HIMMELBLAU = get_surface("himmelblau", {})
KNOWN = np.array([k.point for k in HIMMELBLAU.known])


def himmelblau_grad(x, y):
    """The gradient by hand (independent of the registry's)."""
    a, b = x * x + y - 11, x + y * y - 7
    return 4 * x * a + 2 * b, 2 * a + 4 * y * b


@pytest.fixture(scope="module")
def mixed():
    """Three GD rates on Himmelblau: one that arrives, one that oscillates, one that
    diverges, so every kind of label occurs."""
    cfg = BasinConfig("himmelblau", (OptimizerRun("sgd", (("lr", 0.01),)),
                                     OptimizerRun("sgd", (("lr", 0.02),)),
                                     OptimizerRun("sgd", (("lr", 0.04),))),
                      resolution=12, steps=200)
    return basin_map(cfg)


def test_labels_agree_with_each_runs_own_end(mixed):
    r, cfg = mixed, mixed.config
    assert r.labels.shape == (3, 12, 12)
    kinds = set(np.unique(r.labels))
    assert DIVERGED in kinds and NOT_ARRIVED in kinds and kinds & {0, 1, 2, 3}, kinds
    xmin, xmax, ymin, ymax = cfg.domain
    radius = cfg.arrive_tol * math.hypot(xmax - xmin, ymax - ymin)
    gtol = cfg.grad_tol * typical_gradient(HIMMELBLAU, cfg.starts())
    rng = np.random.default_rng(0)
    picks = [(int(i), int(j)) for i, j in rng.integers(0, 12, (40, 2))]
    starts = tuple(r.start(i, j) for i, j in picks)
    own = simulate(SimConfig("himmelblau", cfg.optimizers, starts, cfg.steps,
                             record_rates=False))       # every run again, in another batch
    for k in range(3):
        for n, (i, j) in enumerate(picks):
            end, label = own.path[k, n, -1], r.labels[k, i, j]
            np.testing.assert_allclose(r.ends[k, i, j], end, rtol=1e-12, atol=1e-12)
            if own.diverged_at[k, n] >= 0:
                assert label == DIVERGED
                continue
            d = np.linalg.norm(r.points - end, axis=1)
            gn = math.hypot(*himmelblau_grad(*end))
            if d.min() <= radius and gn <= gtol:
                assert label == int(d.argmin()), (k, i, j)
            else:
                assert label == NOT_ARRIVED, (k, i, j, d.min(), gn)


def test_shares_count_the_labels(mixed):
    sh = mixed.shares()
    np.testing.assert_allclose(sh.sum(1), 1.0)
    for k in range(3):
        assert sh[k, -1] == np.mean(mixed.labels[k] == DIVERGED)
        assert sh[k, 0] == np.mean(mixed.labels[k] == 0)


def test_critical_points_are_himmelblaus(mixed):
    """The finder's points are the surface's nine known points."""
    assert len(mixed.points) == 9
    d = np.linalg.norm(mixed.points[:, None] - KNOWN[None], axis=-1).min(1)
    assert d.max() < 1e-5


def flow_labels(starts: np.ndarray, t_end: float = 30.0) -> np.ndarray:
    """Where the gradient flow d(theta)/dt = -grad f from each start ends: index into
    KNOWN (one vectorized scipy solve_ivp), -1 if not within 1e-3 of a known point."""
    def rhs(_, z):
        x, y = z[0::2], z[1::2]
        gx, gy = himmelblau_grad(x, y)
        out = np.empty_like(z)
        out[0::2], out[1::2] = -gx, -gy
        return out
    sol = solve_ivp(rhs, (0, t_end), starts.ravel(), method="RK45", rtol=1e-9, atol=1e-11)
    assert sol.success
    ends = sol.y[:, -1].reshape(-1, 2)
    d = np.linalg.norm(ends[:, None] - KNOWN[None], axis=-1)
    return np.where(d.min(1) < 1e-3, d.argmin(1), -1)


@pytest.fixture(scope="module")
def flow_sample():
    """16 x 16 starts; those whose flow basin is the same for the 4 neighbours at
    +-0.1 in x and y are outside the border band."""
    cfg = BasinConfig("himmelblau", (OptimizerRun("sgd", (("lr", 0.002),)),
                                     OptimizerRun("momentum", (("lr", 0.01), ("momentum", 0.9))),
                                     OptimizerRun("adam", (("lr", 0.1),))),
                      resolution=16, steps=2000)
    res = basin_map(cfg)
    starts = cfg.starts()
    band = 0.1
    shifts = np.array([[0, 0], [band, 0], [-band, 0], [0, band], [0, -band]])
    labels = flow_labels((starts[None] + shifts[:, None]).reshape(-1, 2)).reshape(5, -1)
    clear = (labels == labels[0]).all(0) & (labels[0] >= 0)
    # the map's label, as an index into KNOWN
    to_known = np.linalg.norm(res.points[:, None] - KNOWN[None], axis=-1).argmin(1)
    mapped = np.where(res.labels >= 0, to_known[np.clip(res.labels, 0, None)], -1)
    return res, labels[0], clear, mapped.reshape(3, -1)


def test_small_step_gd_basins_are_the_gradient_flow_basins(flow_sample):
    res, flow, clear, mapped = flow_sample
    assert clear.mean() > 0.75, "most starts lie outside the border band"
    assert set(flow[clear]) == {0, 1, 2, 3}, "the sample covers all four minima"
    gd = mapped[0]
    bad = np.flatnonzero(clear & (gd != flow))
    assert len(bad) == 0, [(res.config.starts()[i], gd[i], flow[i]) for i in bad]


def test_momentum_crosses_basin_borders(flow_sample):
    """The page's claim: heavy-ball momentum and Adam end in another minimum than the flow
    from starts well away from any border (measured: 72 and 17 of 256)."""
    _, flow, clear, mapped = flow_sample
    momentum = clear & (mapped[1] >= 0) & (mapped[1] != flow)
    adam = clear & (mapped[2] >= 0) & (mapped[2] != flow)
    assert momentum.sum() >= 0.1 * clear.sum() and adam.sum() >= 5, (momentum.sum(), adam.sum())


@pytest.mark.parametrize("kw, field", [
    ({"resolution": 257}, "resolution"), ({"resolution": 1}, "resolution"),
    ({"resolution": 8.5}, "resolution"), ({"steps": 0}, "steps"), ({"steps": 10**6}, "steps"),
    ({"surface": "nope"}, "surface"), ({"bounds": (0, 1, 0, 1)}, "bounds"),
    ({"arrive_tol": 0.0}, "arrive_tol"), ({"grad_tol": -1.0}, "grad_tol"),
    ({"optimizers": ()}, "optimizers"), ({"optimizers": ({"name": "nope"},)}, "optimizer"),
    ({"optimizers": ({"name": "sgd", "params": {"lr": -1}},)}, "optimizers[0].params.lr"),
    ({"formula": "x**2 +", "bounds": None}, "formula"),
    ({"formula": "x**2 + y**2", "bounds": (1, 0, 0, 1)}, "bounds"),
    ({"surface": "linreg"}, "learned from data"),
    ({"resolution": 256, "steps": 2000}, r"resolution\^2 x optimizers x steps"),
])
def test_bad_config_names_the_field(kw, field):
    with pytest.raises(ValueError, match=field.replace("[", r"\[").replace("]", r"\]")):
        BasinConfig(**kw)


def test_from_dict_round_trip_and_unknown_field():
    cfg = BasinConfig(formula="x**2 - y**2 + 0.1*y**4", bounds=(-2, 2, -3, 3), resolution=8,
                      steps=20)
    assert BasinConfig.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg
    with pytest.raises(ValueError, match="colour is not a configuration field"):
        BasinConfig.from_dict({"colour": 1})


def test_formula_surface_has_two_basins():
    """f = x^2 - y^2 + y^4/10: minima at y = +-sqrt(5), the saddle at the origin; GD ends in
    the minimum on its own side of y = 0."""
    cfg = BasinConfig(formula="x**2 - y**2 + 0.1*y**4", bounds=(-2, 2, -3, 3), resolution=10,
                      steps=400, optimizers=(OptimizerRun("sgd", (("lr", 0.05),)),))
    r = basin_map(cfg)
    kinds = sorted(r.kinds)
    assert kinds == ["minimum", "minimum", "saddle"]
    top = int(np.argmax(r.points[:, 1]))
    bottom = int(np.argmin(r.points[:, 1]))
    assert (r.labels[0][r.y > 0] == top).all() and (r.labels[0][r.y < 0] == bottom).all()


def test_cli_basins_prints_the_map(cli):
    d = {"surface": "himmelblau", "resolution": 6, "steps": 100,
         "optimizers": [{"name": "sgd", "params": {"lr": 0.01}}]}
    out = cli("basins", "--config", "-", stdin=json.dumps(d))
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    expect = basin_map(BasinConfig.from_dict(d))
    assert got["maps"][0]["labels"] == expect.labels[0].tolist()
    assert len(got["points"]) == 9 and got["maps"][0]["optimizer"] == "sgd"
    assert abs(sum(got["maps"][0]["shares"]["points"]) + got["maps"][0]["shares"]["diverged"]
               + got["maps"][0]["shares"]["not_arrived"] - 1) < 1e-12
    bad = cli("basins", "--config", "-", stdin='{"resolution": 999}')
    assert bad.returncode == 2 and "resolution must be" in bad.stderr


def test_large_rates_fray_the_borders():
    """The page's third claim: near GD's stability limit 2 / 133.8 (the largest curvature at
    Himmelblau's minima) every run still arrives, yet the borders between basins grow
    longer than the gradient flow's (measured: 1.6x at 96 x 96)."""
    cfg = BasinConfig("himmelblau", (OptimizerRun("sgd", (("lr", 0.002),)),
                                     OptimizerRun("sgd", (("lr", 0.0145),))),
                      resolution=64, steps=600)
    r = basin_map(cfg)
    assert (r.labels >= 0).all()

    def border(L):
        return int((L[1:] != L[:-1]).sum() + (L[:, 1:] != L[:, :-1]).sum())
    assert border(r.labels[1]) > 1.3 * border(r.labels[0]), (border(r.labels[0]),
                                                              border(r.labels[1]))


def test_map_ends_equal_batched_torch_optim():
    """The map's end points are torch.optim's (batched reference loops), to round-off."""
    from optim_core import simulate_reference
    cfg = BasinConfig("himmelblau", (OptimizerRun("sgd", (("lr", 0.01),)),
                                     OptimizerRun("nesterov", (("lr", 0.005),)),
                                     OptimizerRun("adam", (("lr", 0.1),))),
                      resolution=10, steps=100)
    r = basin_map(cfg)
    ref = simulate_reference(cfg.sim_config(cfg.starts()), batched=True)[:, :, -1]
    np.testing.assert_allclose(r.ends.reshape(3, -1, 2), ref, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("bad", [
    {"surface": "nope"}, {"surface": 7}, {"surface": ["x" * 200]},
    {"surface": "ill_conditioned", "surface_params": {"kappa": -1}},
    {"surface": "ill_conditioned", "surface_params": {"nope": 1}},
    {"bounds": [0, 1, 0, 1]}, {"formula": "x**2", "bounds": [1, 0, 0, 1]},
    {"formula": "x**2", "surface_params": {"kappa": 2}}, {"formula": "__import__('os')"},
])
def test_one_surface_check_for_every_config(bad):
    """BasinConfig, TuneConfig and SimConfig refuse a bad surface with the same message
    (one shared check, values shown cut to one short line)."""
    from optim_core.tune import TuneConfig

    messages = []
    for make in (lambda: SimConfig(**bad), lambda: BasinConfig(**bad),
                 lambda: TuneConfig(**bad), lambda: BasinConfig.from_dict(bad),
                 lambda: TuneConfig.from_dict(bad)):
        with pytest.raises(ValueError) as e:
            make()
        messages.append(str(e.value))
    assert len(set(messages)) == 1, messages
    assert len(messages[0]) < 400 and "\n" not in messages[0]


def test_basins_refuse_a_learned_surface_and_unknown_keys_like_the_others():
    with pytest.raises(ValueError, match="analytic surface"):
        BasinConfig(surface="linreg")
    from optim_core.tune import TuneConfig
    for cls in (SimConfig, BasinConfig, TuneConfig):
        with pytest.raises(ValueError, match="^colour is not a configuration field; allowed: "):
            cls.from_dict({"colour": 1})


def test_map_is_its_rows_stacked_bit_for_bit():
    """On the fused kernel every optimizer is its own row: the map of several optimizers
    has exactly the ends of each optimizer's own map (what lets the page recompute only
    the row whose settings changed), and the labelling settings do not change a row."""
    from optim_core.basins import basin_ends, basin_fused, basin_rows, label_basins
    cfg = BasinConfig("himmelblau", (OptimizerRun("sgd", (("lr", 0.04),)),
                                     OptimizerRun("momentum", (("lr", 0.01),)),
                                     OptimizerRun("rmsprop", (("lr", 0.01),)),
                                     OptimizerRun("adam", (("lr", 0.1),))),
                      resolution=16, steps=150, arrive_tol=0.05, grad_tol=0.1)
    assert basin_fused(cfg)
    ends, div = basin_ends(cfg)
    parts = [basin_ends(row) for row in basin_rows(cfg)]
    np.testing.assert_array_equal(ends, np.concatenate([p[0] for p in parts]))
    np.testing.assert_array_equal(div, np.concatenate([p[1] for p in parts]))
    assert (div[0] >= 0).any() and len({e.tobytes() for e in ends}) == 4   # rows differ
    assert [r.optimizers for r in basin_rows(cfg)] == [(o,) for o in cfg.optimizers]
    assert {(r.arrive_tol, r.grad_tol) for r in basin_rows(cfg)} == {(0.01, 0.01)}
    # a run's label: its own end and the labelling settings (the rows', with the map's)
    own = basin_rows(cfg, tolerances=True)
    assert {(r.arrive_tol, r.grad_tol) for r in own} == {(0.05, 0.1)}
    whole = label_basins(cfg, ends, div)
    stacked = np.concatenate([label_basins(r, *p).labels for r, p in zip(own, parts)])
    np.testing.assert_array_equal(whole.labels, stacked)
    assert len(set(np.unique(stacked))) >= 4
    np.testing.assert_array_equal(label_basins(cfg, ends, div, stacked).labels, whole.labels)
    assert not basin_fused(BasinConfig(formula="x**2 + y**2", bounds=(-1.0, 1.0, -1.0, 1.0)))


@pytest.mark.parametrize("P", [1, 9, 200])
def test_nearest_point_is_the_first_nearest(P):
    """Labels' nearest critical point: the same as the full distance table's argmin (the
    first on a tie), with few points (a pass per point) and many (a k-d tree)."""
    from optim_core.basins import nearest
    rng = np.random.default_rng(P)
    pts = rng.uniform(-5, 5, (P, 2))
    if P > 1:
        pts[-1] = pts[0]                       # a tie: the first one wins
    e = np.concatenate([rng.uniform(-6, 6, (5000, 2)), pts[:3]])
    d, near = nearest(e, pts)
    table = np.sqrt(((e[:, None, :] - pts[None]) ** 2).sum(-1))
    np.testing.assert_array_equal(near, table.argmin(1))
    np.testing.assert_allclose(d, table.min(1), rtol=1e-15, atol=0)


def test_non_finite_ends_are_not_arrived_or_diverged():
    from optim_core.basins import label_ends
    ends = np.array([[3.0, 2.0], [np.nan, 1.0], [np.inf, 0.0], [3.0, 2.0]])
    bad = np.array([False, False, True, True])
    labels = label_ends(HIMMELBLAU, ends, bad, KNOWN[:1], np.array([0]), 0.1, 1.0)
    assert labels.tolist() == [0, NOT_ARRIVED, DIVERGED, DIVERGED]
