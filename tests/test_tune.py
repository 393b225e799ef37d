"""Fair races (optim_core.tune): the grid's best by the metric, equal budgets counted at the
engine, the 10 % band, the race at the best setting, validation and the CLI."""
import json

import numpy as np
import pytest

import optim_core.tune as tune_mod
from optim_core import OptimizerRun, SimConfig, simulate
from optim_core.tune import BAND, TuneConfig, tune

STARTS = ((-1.5, 2.0), (0.5, -0.5), (-1.0, 0.0))


def metric_of(run: OptimizerRun, cfg: TuneConfig) -> float:
    """One setting's metric computed on its own, by hand, from a separate simulation."""
    res = simulate(SimConfig(cfg.surface, (run,), cfg.run_starts(), cfg.steps,
                             noise=cfg.noise, seed=cfg.seed, record_rates=False))
    loss, div = res.loss[0], res.diverged_at[0]
    if cfg.metric == "final_loss":
        vals = [np.inf if d >= 0 else l[-1] for l, d in zip(loss, div)]
    else:
        vals = [next((t for t, v in enumerate(l) if v <= cfg.target), cfg.steps + 1)
                for l in loss]
    return float(np.mean(vals))


@pytest.mark.parametrize("metric, target", [("final_loss", 0.0), ("steps_to_loss", 1e-2)])
def test_picks_the_grids_best_by_the_metric(metric, target):
    cfg = TuneConfig("rosenbrock", ("sgd", "momentum", "adam"), 1e-4, 0.5, 6, starts=STARTS,
                     steps=300, metric=metric, target=target)
    res = tune(cfg)
    for e in res.entries:
        own = np.array([metric_of(s, cfg) for s in e.settings])
        np.testing.assert_allclose(e.metric, own, rtol=1e-9)
        assert e.best == int(np.argmin(own))
        assert e.best_setting.hp["lr"] == e.lrs[e.best]
    assert len({round(e.lrs[e.best], 12) for e in res.entries}) > 1, "not a trivial choice"


def test_noisy_seeds_pick_the_best_mean():
    cfg = TuneConfig("rosenbrock", ("sgd", "adam"), 1e-3, 0.3, 5, starts=STARTS[:2], seeds=3,
                     noise=0.5, seed=7, steps=200, metric="steps_to_loss", target=0.05)
    res = tune(cfg)
    for e in res.entries:
        own = np.array([metric_of(s, cfg) for s in e.settings])
        np.testing.assert_allclose(e.metric, own, rtol=1e-9)
        assert e.best == int(np.argmin(own))


def test_budget_is_equal_per_optimizer_counted_at_the_engine(monkeypatch):
    """Runs and steps handed to the engine, tallied per optimizer, are equal, also when only
    some optimizers tune a second hyper-parameter (the others get more rates)."""
    counted: dict[str, list[int]] = {}
    real = tune_mod.simulate

    def counting(config, *a, **kw):
        for run in config.optimizers:
            c = counted.setdefault(run.name, [0, 0])
            c[0] += len(config.starts)
            c[1] += len(config.starts) * config.steps
        return real(config, *a, **kw)

    monkeypatch.setattr(tune_mod, "simulate", counting)
    cfg = TuneConfig("rosenbrock", ("sgd", "momentum", "adam", "rmsprop"), 1e-4, 0.5, 4,
                     second=(("momentum", "momentum", (0.5, 0.9, 0.99)),
                             ("adam", "beta1", (0.0, 0.5, 0.9))),
                     starts=STARTS, steps=50)
    res = tune(cfg)
    race_runs = len(cfg.run_starts())
    tuned = {k: (v[0] - race_runs, v[1] - race_runs * cfg.steps) for k, v in counted.items()}
    assert len(set(tuned.values())) == 1, tuned
    assert tuned["sgd"] == (4 * 3 * 3, 4 * 3 * 3 * 50)
    for e in res.entries:
        assert (e.runs, e.steps) == tuned[e.run.name]
        assert len(e.settings) == 12
    adam = res.entries[2]
    assert sorted({s.hp["betas"][0] for s in adam.settings}) == [0.0, 0.5, 0.9]
    assert len({s.hp["lr"] for s in res.entries[0].settings}) == 12   # denser rates for SGD


def test_band_is_within_ten_percent_and_contiguous():
    cfg = TuneConfig("rosenbrock", ("sgd", "adam"), 1e-4, 1.0, 16, starts=STARTS,
                     steps=300, metric="steps_to_loss", target=0.05)
    for e in tune(cfg).entries:
        lrs, m = e.curve()
        best = m.min()
        inside = (lrs >= e.band[0]) & (lrs <= e.band[1])
        assert inside[np.argmin(m)]
        assert np.all(m[inside] <= best + BAND * abs(best))
        idx = np.flatnonzero(inside)
        for j in (idx[0] - 1, idx[-1] + 1):   # the neighbours just outside are worse
            if 0 <= j < len(m):
                assert not m[j] <= best + BAND * abs(best)


def test_race_runs_each_optimizer_at_its_best():
    cfg = TuneConfig("rosenbrock", ("sgd", "momentum", "adam"), 1e-4, 0.5, 6, starts=STARTS,
                     steps=200, second=(("momentum", "momentum", (0.5, 0.9)),
                                        ("adam", "beta1", (0.5, 0.9))))
    res = tune(cfg)
    assert [r.to_dict() for r in res.race.config.optimizers] == \
        [e.best_setting.to_dict() for e in res.entries]
    np.testing.assert_allclose(res.race_metric, [e.metric[e.best] for e in res.entries],
                               rtol=1e-12)


@pytest.mark.parametrize("kw, field", [
    ({"lr_min": 1.0, "lr_max": 0.1}, "lr_min"), ({"lr_points": 0}, "lr_points"),
    ({"lr_points": 33}, "lr_points"), ({"metric": "speed"}, "metric"),
    ({"seeds": 3}, "seeds > 1 needs noise"), ({"steps": 0}, "steps"),
    ({"optimizers": ()}, "optimizers"), ({"surface": "nope"}, "surface"),
    ({"second": (("adam", "momentum", (0.5,)),)}, r"second\[0\]\[1\]"),
    ({"second": (("nadam", "beta1", (0.5,)),)}, r"second\[0\]\[0\]"),
    ({"second": (("adam", "beta1", (1.5,)),)}, "second"),
    ({"second": (("adam", "beta1", (0.5, 0.9)), ("momentum", "momentum", (0.9,)))},
     "same number of values"),
    ({"starts": ((0, 0),) * 65}, "starts x seeds"),
    ({"lr_points": 32, "optimizers": ("sgd",) * 8, "second": (("sgd", "weight_decay",
                                                                 (0, 0.1, 0.2)),)},
     "optimizers x settings must be at most 512"),
])
def test_bad_config_names_the_field(kw, field):
    with pytest.raises(ValueError, match=field):
        TuneConfig(**kw)


def test_round_trip_and_cli(cli):
    cfg = TuneConfig("himmelblau", ("sgd", "adam"), 1e-3, 0.1, 3,
                     second=(("adam", "beta1", (0.5, 0.9)),), starts=((1.0, 1.0),), steps=40)
    assert TuneConfig.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg
    out = cli("tune", "--config", "-", stdin=json.dumps(cfg.to_dict()))
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    expect = tune(cfg)
    assert [o["best"] for o in got["optimizers"]] == \
        [e.best_setting.to_dict()["params"] for e in expect.entries]
    assert [len(o["grid"]) for o in got["optimizers"]] == [6, 6]
    assert [r["optimizer"] for r in got["race"]] == ["sgd", "adam"]
