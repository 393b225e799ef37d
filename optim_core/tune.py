r"""Fair races: tune every optimizer with the same budget, then race each at its own best.

"Is Adam faster, or just better tuned here?" Comparisons of optimizers are decided by how
much tuning each one gets (Choi et al. 2019, "On Empirical Comparisons of Optimizers for
Deep Learning"; Schmidt, Schneider & Hennig 2021, "Descending through a Crowded Valley").
So every optimizer here gets the **same budget** of tuning runs:

* a log-spaced grid of learning rates :math:`\eta \in [\eta_{\min}, \eta_{\max}]`;
* optionally a second hyper-parameter (momentum, :math:`\beta_1`, ...) with ``S`` values
  for some optimizers; the others get ``S`` times as many rates over the same range, so
  every optimizer makes ``lr_points x S`` settings;
* every setting runs from every start, ``seeds`` times (with gradient noise, each replica
  sees its own noise; every optimizer sees the same noise).

The metric of a run is its final loss (``inf`` if it diverged) or the number of steps until
its loss first reaches ``target`` (``steps + 1`` if never); a setting's metric is the mean
over its runs; lower is better. The best setting minimizes it; the *band* is the
contiguous range of rates around the best (at the best second value) whose metric is within
10 % of the best: a wide band means easy to tune. All tuning runs are one batched
:func:`~optim_core.engine.simulate` call; the race reruns each optimizer's best setting.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .config import LIMITS, OptimizerRun, SimConfig, with_hp
from .engine import SimResult, simulate
from .optimizers import get_optimizer
from .specs import Param, check_keys, check_number
from .surfaces import check_surface
from .text import Text

__all__ = [
    "BAND",
    "METRICS",
    "TUNE_LIMITS",
    "TUNE_PARAMS",
    "TuneConfig",
    "TuneEntry",
    "TuneResult",
    "tune",
]

METRICS = ("final_loss", "steps_to_loss")
BAND = 0.10          # rates whose metric is within 10 % of the best
TUNE_LIMITS = {"lr_points": 32, "second_values": 8, "runs": 64, "steps": 2000,
               "optimizers": 8, "points": 3_000_000}   # rows x runs x (steps + 1)
SECOND_ALIASES = {"beta1": ("betas", 0), "beta2": ("betas", 1)}
# the protocol's own settings, checked like every registry's hyper-parameters
TUNE_PARAMS = (
    Param("lr_min", 1e-4, 1e-10, 10.0, log=True, help=Text("smallest rate of the grid",
                                                           "网格中最小的学习率")),
    Param("lr_max", 1.0, 1e-10, 10.0, log=True, help=Text("largest rate of the grid",
                                                          "网格中最大的学习率")),
    Param("lr_points", 12, 1, TUNE_LIMITS["lr_points"], kind="int",
          help=Text("rates per second value (log-spaced)",
                    "每个第二维取值对应的学习率个数（对数间隔）")),
    Param("seeds", 1, 1, TUNE_LIMITS["runs"], kind="int", help=Text("noisy replicas of each start",
                                                                    "每个起点的带噪声副本数")),
    Param("steps", 300, 1, TUNE_LIMITS["steps"], kind="int", help=Text("steps per run",
                                                                       "每次运行的步数")),
    Param("metric", "final_loss", 0, 0, kind="choice", choices=METRICS,
          help=Text("final loss, or steps until the loss first reaches target",
                    "最终损失，或损失首次达到目标所需的步数")),
    Param("target", 1e-3, -1e300, 1e300, help=Text("the loss to reach (steps_to_loss)",
                                                   "要达到的损失（steps_to_loss）")),
)


@dataclass(frozen=True)
class TuneConfig:
    """One tuning protocol and race on one surface."""
    surface: str = "rosenbrock"          # a key of SURFACES
    optimizers: tuple = ("sgd", "momentum", "adam")   # names or OptimizerRun (fixed params)
    lr_min: float = 1e-4                 # the rate grid: log-spaced from lr_min
    lr_max: float = 1.0                  # to lr_max (inclusive)
    lr_points: int = 12                  # rates per second value
    second: tuple = ()                   # ((optimizer, param, (v1, ..., vS)), ...)
    starts: tuple = ((-1.5, 2.0),)       # ((x, y), ...) every setting runs from each
    seeds: int = 1                       # noisy replicas of each start (needs noise > 0)
    noise: float = 0.0                   # gradient noise std (SimConfig.noise)
    seed: int = 0                        # seeds the noise
    steps: int = 300                     # steps per run
    metric: str = "final_loss"           # one of METRICS
    target: float = 1e-3                 # the loss to reach (metric steps_to_loss)
    surface_params: tuple = ()           # ((name, value), ...)
    formula: str | None = None           # a typed f(x, y); replaces `surface` when given
    bounds: tuple | None = None          # (xmin, xmax, ymin, ymax) of a formula surface

    def __post_init__(self):
        # the surface fields: the check every config shares (a bounds without a formula,
        # or surface_params with one, is refused, not dropped)
        surface, sp, bounds = check_surface(self.surface, self.surface_params, self.formula,
                                            self.bounds)
        object.__setattr__(self, "surface", surface)
        object.__setattr__(self, "bounds", bounds)
        object.__setattr__(self, "surface_params", tuple(sp.items()))
        if not isinstance(self.optimizers, (list, tuple)) or \
                not 1 <= len(self.optimizers) <= TUNE_LIMITS["optimizers"]:
            raise ValueError(f"optimizers must list 1 to {TUNE_LIMITS['optimizers']} entries")
        opts = tuple(o if isinstance(o, OptimizerRun) else OptimizerRun.from_dict(o, i)
                     for i, o in enumerate(self.optimizers))
        object.__setattr__(self, "optimizers", opts)
        for p in TUNE_PARAMS:
            object.__setattr__(self, p.name, p.check(getattr(self, p.name), p.name))
        if self.lr_min > self.lr_max:
            raise ValueError(f"lr_min must be at most lr_max; got {self.lr_min:g} > "
                             f"{self.lr_max:g}")
        object.__setattr__(self, "second", self._check_second())
        if self.seeds > 1 and self.noise == 0:
            raise ValueError("seeds > 1 needs noise > 0 (without noise every seed runs the "
                             "same path)")
        runs = len(self.starts) * self.seeds if isinstance(self.starts, (list, tuple)) else 0
        if runs > TUNE_LIMITS["runs"]:
            raise ValueError(f"starts x seeds must be at most {TUNE_LIMITS['runs']}, got {runs}")
        cfg = self.sim_config(self.optimizers)   # checks surface, starts, noise, seed
        object.__setattr__(self, "starts", cfg.starts)
        object.__setattr__(self, "surface", cfg.surface)
        object.__setattr__(self, "surface_params", cfg.surface_params)
        object.__setattr__(self, "bounds", cfg.bounds)
        rows = len(opts) * self.settings_per_optimizer
        if rows > LIMITS["optimizers"]:
            raise ValueError(f"optimizers x settings must be at most {LIMITS['optimizers']}, "
                             f"got {rows}")
        points = rows * runs * (self.steps + 1)
        if points > TUNE_LIMITS["points"]:
            raise ValueError(f"optimizers x settings x runs x (steps + 1) must be at most "
                             f"{TUNE_LIMITS['points']:,}; got {points:,}")

    def _check_second(self) -> tuple:
        if not isinstance(self.second, (list, tuple)):
            raise ValueError(
                "second must be a list of [optimizer, param, [values]]")
        names = [o.name for o in self.optimizers]
        out, sizes = [], set()
        for i, entry in enumerate(self.second):
            where = f"second[{i}]"
            if not isinstance(entry, (list, tuple)) or len(entry) != 3 or \
                    not isinstance(entry[2], (list, tuple)):
                raise ValueError(f"{where} must be [optimizer, param, [values]], got {entry!r:.80}")
            opt, param, values = entry
            if opt not in names:
                raise ValueError(f"{where}[0] must be one of the optimizers "
                                 f"({', '.join(names)}); got {opt!r}")
            if opt in [o for o, _, _ in out]:
                raise ValueError(f"{where}: {opt} has a second grid already")
            allowed = self.second_params(opt)
            if param not in allowed:
                raise ValueError(f"{where}[1] must be one of {', '.join(allowed)}; got {param!r}")
            if not 1 <= len(values) <= TUNE_LIMITS["second_values"]:
                raise ValueError(f"{where}[2] must list 1 to {TUNE_LIMITS['second_values']} "
                                 "values")
            vals = tuple(check_number(v, f"{where}[2][{j}]") for j, v in enumerate(values))
            for v in vals:   # each value must be valid for the optimizer (checked there)
                self._with(self.optimizers[names.index(opt)], 1e-3, param, v, where)
            sizes.add(len(vals))
            out.append((opt, param, vals))
        if len(sizes) > 1:
            raise ValueError("second: every optimizer's grid must have the same number of "
                             f"values (equal budget); got {sorted(sizes)}")
        return tuple(out)

    @staticmethod
    def second_params(name: str) -> list[str]:
        """The hyper-parameters a second grid may vary for optimizer ``name``."""
        out = []
        for p in get_optimizer(name).params:
            if p.name == "lr" or p.kind == "choice":
                continue
            out += ["beta1", "beta2"] if p.name == "betas" else [p.name]
        return out

    @property
    def second_size(self) -> int:
        return len(self.second[0][2]) if self.second else 1

    @property
    def settings_per_optimizer(self) -> int:
        return self.lr_points * self.second_size

    @staticmethod
    def _with(run: OptimizerRun, lr: float, param: str | None, value, where: str):
        hp = with_hp(run.hp, "lr", None, lr)
        if param is not None:
            hp = with_hp(hp, *SECOND_ALIASES.get(param, (param, None)), value)
        try:
            return OptimizerRun(run.name, tuple(hp.items()), schedule=run.schedule,
                                schedule_params=run.schedule_params)
        except ValueError as e:
            raise ValueError(f"{where}: {e}") from None

    def grid(self, k: int) -> list[tuple[OptimizerRun, float, Any]]:
        """Optimizer ``k``'s settings: ``(run, lr, second value or None)``, the same
        number for every optimizer."""
        run = self.optimizers[k]
        entry = next((e for e in self.second if e[0] == run.name), None)
        if entry is None:   # no second grid: the budget goes to a denser rate grid
            rates = np.geomspace(self.lr_min, self.lr_max, self.settings_per_optimizer)
            return [(self._with(run, float(r), None, None, "lr"), float(r), None) for r in rates]
        rates = np.geomspace(self.lr_min, self.lr_max, self.lr_points)
        return [(self._with(run, float(r), entry[1], v, "second"), float(r), v)
                for v in entry[2] for r in rates]

    def run_starts(self):
        """Every run's start: each start ``seeds`` times (the noise differs per row); a
        value that is not a list goes to SimConfig as it is, which names ``starts``."""
        if not isinstance(self.starts, (list, tuple)):
            return self.starts
        return tuple(s for s in self.starts for _ in range(self.seeds))

    def sim_config(self, runs) -> SimConfig:
        where = ({"formula": self.formula, "bounds": self.bounds} if self.formula is not None
                 else {"surface": self.surface, "surface_params": self.surface_params})
        return SimConfig(optimizers=tuple(runs), starts=self.run_starts(), steps=self.steps,
                         noise=self.noise, seed=self.seed, record_rates=False, **where)

    def to_dict(self) -> dict:
        where = ({"formula": self.formula, "bounds": list(self.bounds)} if self.formula
                 else {"surface": self.surface, "surface_params": dict(self.surface_params)})
        return {**where, "optimizers": [o.to_dict() for o in self.optimizers],
                "lr_min": self.lr_min, "lr_max": self.lr_max, "lr_points": self.lr_points,
                "second": [[o, p, list(v)] for o, p, v in self.second],
                "starts": [list(s) for s in self.starts], "seeds": self.seeds,
                "noise": self.noise, "seed": self.seed, "steps": self.steps,
                "metric": self.metric, "target": self.target}

    @classmethod
    def from_dict(cls, d: Any) -> TuneConfig:
        if not isinstance(d, Mapping):
            raise ValueError(
                f"the configuration must be a JSON object, got {type(d).__name__}")
        check_keys(d, sorted(cls.__dataclass_fields__), what="configuration field")
        kw = dict(d)
        if isinstance(kw.get("bounds"), list):
            kw["bounds"] = tuple(kw["bounds"])
        if isinstance(kw.get("surface_params"), Mapping):
            kw["surface_params"] = tuple(kw["surface_params"].items())
        if isinstance(kw.get("optimizers"), list):
            kw["optimizers"] = tuple(OptimizerRun.from_dict(o, i)
                                     for i, o in enumerate(kw["optimizers"]))
        if isinstance(kw.get("second"), list):
            kw["second"] = tuple(tuple(e) if isinstance(e, list) else e for e in kw["second"])
        return cls(**kw)


@dataclass
class TuneEntry:
    """One optimizer's tuning: its grid, metric per setting and the choice."""
    run: OptimizerRun          # as configured (its own lr ignored)
    settings: list             # OptimizerRun per grid point
    lrs: np.ndarray            # (G,) rate of each setting
    second: tuple | None       # (param, values per setting) or None
    metric: np.ndarray         # (G,) mean metric over the runs (lower is better)
    best: int                  # index of the best setting
    band: tuple                # (lo, hi) rates within BAND of the best, at its second value
    runs: int                  # tuning runs made (counted from the batched call)
    steps: int                 # optimizer steps made by those runs

    @property
    def best_setting(self) -> OptimizerRun:
        return self.settings[self.best]

    @property
    def at_edge(self) -> bool:
        """The best rate is the grid's smallest or largest: widen the range."""
        return self.lrs[self.best] in (self.lrs.min(), self.lrs.max()) and len(self.lrs) > 1

    def curve(self) -> tuple[np.ndarray, np.ndarray]:
        """The sensitivity curve: rates and metric at the best second value."""
        rows = self.curve_rows()
        return self.lrs[rows], self.metric[rows]

    def curve_rows(self) -> np.ndarray:
        if self.second is None:
            return np.arange(len(self.lrs))
        vals = np.asarray(self.second[1], dtype=np.float64)
        return np.flatnonzero(vals == vals[self.best])


@dataclass
class TuneResult:
    config: TuneConfig
    entries: list              # TuneEntry per optimizer
    race: SimResult            # each optimizer at its best setting, every run
    race_metric: np.ndarray    # (K,) the metric of each optimizer's race

    def to_dict(self) -> dict:
        def num(v):
            return None if not np.isfinite(v) else float(v)
        return {"config": self.config.to_dict(), "metric": self.config.metric,
                "optimizers": [{
                    "optimizer": e.run.name,
                    "grid": [{"params": s.to_dict()["params"], "metric": num(m)}
                             for s, m in zip(e.settings, e.metric)],
                    "best": e.best_setting.to_dict()["params"], "best_metric": num(e.metric[e.best]),
                    "band": list(e.band), "at_edge": bool(e.at_edge), "runs": e.runs,
                    "steps": e.steps}
                    for e in self.entries],
                "race": [{"optimizer": e.run.name, "metric": num(m),
                          "mean_loss": self.race.loss[k].mean(0).tolist()}
                         for k, (e, m) in enumerate(zip(self.entries, self.race_metric))]}


def run_metric(result: SimResult, metric: str, target: float) -> np.ndarray:
    """``(K, M)`` metric of each run: final loss (inf if diverged) or steps to reach
    ``target`` (steps + 1 if never)."""
    if metric == "final_loss":
        return np.where(result.diverged_at >= 0, np.inf, result.loss[:, :, -1])
    reached = result.loss <= target
    T = result.loss.shape[-1] - 1
    first = np.where(reached.any(-1), reached.argmax(-1), T + 1)
    return first.astype(np.float64)


def band(lrs: np.ndarray, metric: np.ndarray, best: int) -> tuple[float, float]:
    """The contiguous rates around ``best`` (``lrs`` ascending) within BAND of its metric."""
    m = metric[best]
    ok = np.isfinite(metric) & (metric <= m + BAND * abs(m))
    lo = hi = best
    while lo > 0 and ok[lo - 1]:
        lo -= 1
    while hi < len(lrs) - 1 and ok[hi + 1]:
        hi += 1
    return float(lrs[lo]), float(lrs[hi])


def tune(config: TuneConfig) -> TuneResult:
    """Tune every optimizer on its grid (one batched call), pick the best, race them."""
    grids = [config.grid(k) for k in range(len(config.optimizers))]
    rows = [g[0] for grid in grids for g in grid]
    owner = np.repeat(np.arange(len(grids)), [len(g) for g in grids])
    sim = config.sim_config(rows)
    res = simulate(sim)
    per_run = run_metric(res, config.metric, config.target)
    mean = per_run.mean(1)
    entries = []
    for k, grid in enumerate(grids):
        idx = np.flatnonzero(owner == k)
        m, lrs = mean[idx], np.array([g[1] for g in grid])
        best = int(np.argmin(m))   # the first of equals: the smallest rate
        entry = next((e for e in config.second if e[0] == config.optimizers[k].name), None)
        second = None if entry is None else (entry[1], tuple(g[2] for g in grid))
        e = TuneEntry(config.optimizers[k], [g[0] for g in grid], lrs, second, m, best,
                      (0.0, 0.0), runs=len(idx) * len(sim.starts),
                      steps=len(idx) * len(sim.starts) * sim.steps)
        rows_c = e.curve_rows()
        e.band = band(lrs[rows_c], m[rows_c], int(np.flatnonzero(rows_c == best)[0]))
        entries.append(e)
    race = simulate(config.sim_config([e.best_setting for e in entries]))
    race_metric = run_metric(race, config.metric, config.target).mean(1)
    return TuneResult(config, entries, race, race_metric)
