"""Equal-budget rate tuning on the Neural-network page's training (optim_core.net_tune)."""
import json
from collections import Counter

import numpy as np
import pytest

from optim_core import OptimizerRun
from optim_core import net_tune as nt
from optim_core.cli import main
from optim_core.nets import NetConfig, train
from optim_core.tune import BAND

NET = {"n": 120, "epochs": 6, "width": 6, "batch_size": 30}
OPTS = (OptimizerRun("sgd", (("lr", 0.1),)), OptimizerRun("momentum", (("lr", 0.05),)),
        OptimizerRun("adam", (("lr", 0.01),)))


def small(points=5, epochs=3, opts=OPTS, **kw) -> nt.NetTuneConfig:
    return nt.NetTuneConfig(NetConfig(tuple(NET.items()), opts), lr_min=1e-3, lr_max=3.0,
                            lr_points=points, epochs=epochs, **kw)


@pytest.fixture(scope="module")
def counted():
    """The tuning of ``small()`` with every training call counted (runs and epochs per
    optimizer)."""
    calls = Counter()
    epochs = Counter()
    real = nt.train

    def spy(config, progress=None):
        for r in config.optimizers:
            calls[r.name] += 1
            epochs[r.name] += config.hp["epochs"]
        return real(config, progress)
    nt.train = spy
    try:
        result = nt.net_tune(small(), race=False)
    finally:
        nt.train = real
    return result, calls, epochs


def test_budget_is_equal_per_optimizer(counted):
    result, calls, epochs = counted
    assert set(calls) == {"sgd", "momentum", "adam"}
    assert len(set(calls.values())) == 1 and next(iter(calls.values())) == 5
    assert len(set(epochs.values())) == 1 and next(iter(epochs.values())) == 5 * 3
    assert [e.runs for e in result.entries] == [5, 5, 5]
    per = NetConfig(tuple(NET.items()), OPTS).iterations_per_epoch
    assert all(e.steps <= 5 * 3 * per for e in result.entries)


def test_choice_is_the_grids_best_by_validation_loss(counted):
    """Each grid point trained again on its own: the same validation loss; the choice is
    the smallest, and the band holds the rates within 10 % of it around it."""
    result, _, _ = counted
    cfg = small()
    for k, e in enumerate(result.entries):
        assert np.allclose(e.lrs, np.geomspace(1e-3, 3.0, 5))
        again = []
        for s in cfg.grid(k):
            run = train(NetConfig(tuple({**NET, "epochs": 3}.items()), (s,))).runs[0]
            again.append(np.inf if run.diverged_at is not None else run.val_loss[-1])
        again = np.array(again)
        np.testing.assert_allclose(e.metric, again, rtol=1e-12)
        assert e.best == int(np.argmin(again))
        assert dict(e.best_setting.params)["lr"] == pytest.approx(e.lrs[e.best])
        lo, hi = e.band
        inside = (e.lrs >= lo) & (e.lrs <= hi)
        assert inside[e.best]
        assert np.all(again[inside] <= again[e.best] * (1 + BAND))


def test_race_trains_each_at_its_best_rate_for_the_configs_epochs():
    cfg = small(points=3, epochs=2, opts=OPTS[:2])
    res = nt.net_tune(cfg)
    assert [r.name for r in res.race.config.optimizers] == ["sgd", "momentum"]
    assert [dict(r.params)["lr"] for r in res.race.config.optimizers] == \
        [float(e.lrs[e.best]) for e in res.entries]
    assert all(len(r.val_loss) == NET["epochs"] + 1 for r in res.race.runs)
    direct = train(cfg.race_config(res.best))
    for a, b in zip(res.race.runs, direct.runs):
        np.testing.assert_array_equal(a.val_loss, b.val_loss)


def test_cli_tune_takes_a_network_config(tmp_path, capsys):
    cfg = small(points=3, epochs=2, opts=OPTS[:2])
    path = tmp_path / "t.json"
    path.write_text(json.dumps(cfg.to_dict()))
    assert main(["tune", "--config", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    want = json.loads(json.dumps(nt.net_tune(cfg).to_dict()))
    assert out == want
    assert [o["best"]["params"]["lr"] for o in out["optimizers"]] == \
        [r["lr"] for r in out["race"]]


@pytest.mark.parametrize("tune, msg", [
    ({"lr_min": 1.0, "lr_max": 0.1}, "lr_min must be at most"),
    ({"lr_points": 1}, "tune.lr_points"),
    ({"epochs": 0}, "tune.epochs"),
    ({"rate": 1}, "tune.rate is not a field here"),
])
def test_bad_tune_sections_are_refused(tune, msg):
    from app.text._errors import to_zh
    with pytest.raises(ValueError, match=msg) as e:
        nt.NetTuneConfig.from_dict({"net": NET, "optimizers": ["adam"], "tune": tune})
    assert to_zh(str(e.value)) is not None          # a Chinese page shows it in Chinese


def test_work_limit_counts_tuning_and_race():
    big = {"n": 2000, "width": 128, "depth": 6, "epochs": 10, "batch_size": 0}
    from app.text._errors import to_zh
    with pytest.raises(ValueError, match="tuning epochs here") as e:
        nt.NetTuneConfig.from_dict({"net": big, "optimizers": ["sgd", "adam"],
                                    "tune": {"lr_points": 12, "epochs": 1000}})
    assert "轮调参训练" in to_zh(str(e.value))
