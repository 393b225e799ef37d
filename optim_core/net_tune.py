r"""Fair races on the Neural-network page: tune every optimizer's learning rate with the
same budget, then train each at its own best rate.

The protocol of :mod:`optim_core.tune` (Choi et al. 2019; Schmidt, Schneider & Hennig
2021), for a network:

* every optimizer of the network configuration gets the same log-spaced grid of
  ``lr_points`` rates in :math:`[\eta_{\min}, \eta_{\max}]`: ``lr_points`` training runs
  each (its other hyper-parameters and schedule as configured);
* every tuning run trains the same initial network on the same mini-batches for
  ``epochs`` epochs; its metric is the **validation loss** after them (``inf`` if it
  diverged); lower is better, the first of equals (the smallest rate) wins;
* the band is the contiguous range of rates around the best whose metric is within 10 %
  of the best (:func:`optim_core.tune.band`): a wide band means easy to tune;
* the tuned race trains every optimizer at its best rate for the network configuration's
  own epochs.

The JSON form is the network configuration with a ``tune`` section:
``{"net": {...}, "optimizers": [...], "tune": {"lr_min", "lr_max", "lr_points",
"epochs"}}`` (``python -m optim_core tune --config``; the page's link and export).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .config import OptimizerRun
from .nets import MAX_WORK, NetConfig, NetResult, train
from .specs import Param, check_keys
from .text import Text
from .tune import TuneConfig, TuneEntry, band

__all__ = ["NET_TUNE_LIMITS", "NET_TUNE_PARAMS", "NetTuneConfig", "NetTuneResult",
           "net_tune"]

NET_TUNE_LIMITS = {"lr_points": 12, "epochs": 1000, "chunk": 8}   # chunk: runs per train()
NET_TUNE_PARAMS = (
    Param("lr_min", 1e-3, 1e-7, 10.0, log=True, help=Text("smallest rate of the grid",
                                                          "网格中最小的学习率")),
    Param("lr_max", 1.0, 1e-7, 10.0, log=True, help=Text("largest rate of the grid",
                                                         "网格中最大的学习率")),
    Param("lr_points", 6, 2, NET_TUNE_LIMITS["lr_points"], kind="int",
          help=Text("rates per optimizer (log-spaced): its training runs",
                    "每个优化器的学习率个数（对数间隔），即它的训练次数")),
    Param("epochs", 20, 1, NET_TUNE_LIMITS["epochs"], kind="int",
          help=Text("epochs of each tuning run; the metric is the validation loss after them",
                    "每次调参训练的轮数；指标是训练这些轮后的验证损失")),
)


@dataclass(frozen=True)
class NetTuneConfig:
    """Equal-budget rate tuning of every optimizer of ``train``, then the tuned race."""
    train: NetConfig
    lr_min: float = 1e-3
    lr_max: float = 1.0
    lr_points: int = 6
    epochs: int = 20

    def __post_init__(self):
        if not isinstance(self.train, NetConfig):
            raise ValueError("train must be a network configuration")
        for p in NET_TUNE_PARAMS:
            object.__setattr__(self, p.name, p.check(getattr(self, p.name), f"tune.{p.name}"))
        if self.lr_min > self.lr_max:
            raise ValueError(f"tune.lr_min must be at most tune.lr_max; got {self.lr_min:g} > "
                             f"{self.lr_max:g}")
        if self.work > MAX_WORK:
            per = len(self.train.optimizers) * self.lr_points * self.train.epoch_work
            most = max(0, int((MAX_WORK - self.train.work) // per))
            raise ValueError(
                f"tuning and the tuned race are {self.work:.2g} weight-samples; at most "
                f"{MAX_WORK:.0e}, about 25 s: at most {most} tuning epochs here (fewer "
                f"rates, optimizers or epochs)")

    @property
    def work(self) -> float:
        """Weight-samples of the tuning runs and of the tuned race (what the limit counts)."""
        runs = len(self.train.optimizers) * self.lr_points
        return runs * self.epochs * self.train.epoch_work + self.train.work

    def rates(self) -> np.ndarray:
        return np.geomspace(self.lr_min, self.lr_max, self.lr_points)

    def grid(self, k: int) -> list[OptimizerRun]:
        """Optimizer ``k``'s settings: its run at each rate of the grid."""
        run = self.train.optimizers[k]
        return [TuneConfig._with(run, float(r), None, None, "tune.lr") for r in self.rates()]

    def tuning_config(self, runs) -> NetConfig:
        """The training of some tuning runs: the network, ``epochs`` epochs."""
        return NetConfig(tuple({**self.train.hp, "epochs": self.epochs}.items()), tuple(runs))

    def race_config(self, best: list[OptimizerRun]) -> NetConfig:
        """The tuned race: every optimizer at its best rate, the configuration's epochs."""
        return NetConfig(self.train.params, tuple(best))

    def section(self) -> dict:
        return {p.name: getattr(self, p.name) for p in NET_TUNE_PARAMS}

    def to_dict(self) -> dict:
        return {**self.train.to_dict(), "tune": self.section()}

    @classmethod
    def from_dict(cls, d: Any) -> NetTuneConfig:
        if not isinstance(d, Mapping):
            raise ValueError(f"the configuration must be a JSON object, got {type(d).__name__}")
        check_keys(d, ("net", "optimizers", "tune"), what="configuration field")
        sec = d.get("tune", {})
        if not isinstance(sec, Mapping):
            raise ValueError("tune must be an object {\"lr_min\", \"lr_max\", \"lr_points\", "
                             "\"epochs\"}")
        check_keys(sec, tuple(p.name for p in NET_TUNE_PARAMS), where="tune", what="field here")
        net = NetConfig.from_dict({k: v for k, v in d.items() if k != "tune"})
        return cls(net, **sec)


@dataclass
class NetTuneResult:
    config: NetTuneConfig
    entries: list                # TuneEntry per optimizer (metric: validation loss)
    race: NetResult | None       # every optimizer trained at its best rate (or None)

    @property
    def best(self) -> list[OptimizerRun]:
        return [e.best_setting for e in self.entries]

    def to_dict(self) -> dict:
        def num(v):
            return float(v) if np.isfinite(v) else None
        out = {"config": self.config.to_dict(), "metric": "val_loss",
               "optimizers": [{
                   "optimizer": e.run.name,
                   "grid": [{"lr": float(r), "val_loss": num(m)} for r, m in zip(e.lrs, e.metric)],
                   "best": e.best_setting.to_dict(), "best_val_loss": num(e.metric[e.best]),
                   "band": list(e.band), "at_edge": bool(e.at_edge), "runs": e.runs,
                   "steps": e.steps} for e in self.entries]}
        if self.race is not None:
            out["race"] = [{"optimizer": r.name, "lr": float(dict(o.params)["lr"]),
                            "train_loss": [num(v) for v in r.train_loss],
                            "val_loss": [num(v) for v in r.val_loss],
                            "val_acc": [num(v) for v in r.val_acc],
                            "diverged_at": r.diverged_at}
                           for r, o in zip(self.race.runs, self.race.config.optimizers)]
        return out


def metric_of(run) -> float:
    """A tuning run's metric: its final validation loss, ``inf`` if it diverged."""
    v = float(run.val_loss[-1])
    return math.inf if run.diverged_at is not None or not math.isfinite(v) else v


def net_tune(config: NetTuneConfig, progress=None, race: bool = True) -> NetTuneResult:
    """Train every (optimizer, rate) of the grid, pick each optimizer's best rate by the
    validation loss, then (``race``) train every optimizer at its best rate.

    ``progress(done, total)`` counts epochs of all trainings (tuning, then race)."""
    K, G = len(config.train.optimizers), config.lr_points
    grids = [config.grid(k) for k in range(K)]
    rows = [s for g in grids for s in g]
    total = len(rows) * config.epochs + (K * config.train.hp["epochs"] if race else 0)
    chunk = NET_TUNE_LIMITS["chunk"]
    metrics, steps, done = [], [], 0
    for s in range(0, len(rows), chunk):
        part = rows[s:s + chunk]

        def report(d, t, base=done):
            if progress is not None:
                progress(base + d, total)
        res = train(config.tuning_config(part), report)
        metrics += [metric_of(r) for r in res.runs]
        steps += [int(np.isfinite(r.batch_loss).sum()) for r in res.runs]
        done += len(part) * config.epochs
    metrics, steps = np.array(metrics), np.array(steps)
    entries = []
    lrs = config.rates()
    for k in range(K):
        m = metrics[k * G:(k + 1) * G]
        best = int(np.argmin(m))      # the first of equals: the smallest rate
        entries.append(TuneEntry(config.train.optimizers[k], grids[k], lrs.copy(), None, m,
                                 best, band(lrs, m, best), runs=G,
                                 steps=int(steps[k * G:(k + 1) * G].sum())))
    result = NetTuneResult(config, entries, None)
    if race:
        def report_race(d, t):
            if progress is not None:
                progress(done + d, total)
        result.race = train(config.race_config(result.best), report_race)
    return result
