"""The learning-rate sweep: every optimizer at every rate of a log-spaced grid, one batched
simulation from the surface's start; per optimizer the final losses, which rates
diverged, the best rate and the smallest diverging one.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import LIMITS, OptimizerRun, SimConfig, _freeze
from .engine import SimResult, simulate
from .optimizers import OPTIMIZERS
from .specs import Param, validate_params
from .surfaces import SURFACES

__all__ = [
    "SWEEP_DEFAULT",
    "SWEEP_PARAMS",
    "SweepConfig",
    "SweepResult",
    "sweep",
    "sweep_rates",
]

SWEEP_DEFAULT = ("sgd", "momentum", "rmsprop", "adagrad", "adam", "nadam")
SWEEP_PARAMS = (   # the scalar fields of a SweepConfig
    Param("steps", 300, 1, LIMITS["steps"], kind="int", help="steps per run"),
    Param("lr_min", 1e-4, 1e-10, 10.0, log=True, help="smallest rate of the grid"),
    Param("lr_max", 1.0, 1e-10, 10.0, log=True, help="largest rate of the grid"),
    Param("rates", 64, 2, 512, kind="int", help="log-spaced rates from lr_min to lr_max"),
)


def sweep_rates(lr_min: float = 1e-4, lr_max: float = 1.0, n: int = 64) -> np.ndarray:
    """The rate grid: ``n`` log-spaced rates (the page's default is 1e-4 .. 1, 64)."""
    return np.geomspace(lr_min, lr_max, n)


@dataclass(frozen=True)
class SweepConfig:
    surface: str = "rosenbrock"          # a key of SURFACES
    surface_params: tuple = ()           # ((name, value), ...)
    optimizers: tuple = SWEEP_DEFAULT    # optimizer keys, each run with its defaults
    steps: int = 300
    lr_min: float = 1e-4
    lr_max: float = 1.0
    rates: int = 64

    def __post_init__(self):
        if not isinstance(self.surface, str) or self.surface not in SURFACES:
            raise ValueError(f"surface must be one of {', '.join(SURFACES)}; got {self.surface!r}")
        sp = validate_params(SURFACES[self.surface].params, self.surface_params, "surface_params")
        object.__setattr__(self, "surface_params", _freeze(sp))
        opts = self.optimizers
        if not isinstance(opts, (list, tuple)) or not 1 <= len(opts) <= len(OPTIMIZERS):
            raise ValueError(f"optimizers must list 1 to {len(OPTIMIZERS)} optimizer keys")
        for i, k in enumerate(opts):
            if not isinstance(k, str) or k not in OPTIMIZERS:
                raise ValueError(f"optimizers[{i}] must be one of {', '.join(OPTIMIZERS)}; "
                                 f"got {k!r:.60}")
        if len(set(opts)) != len(opts):
            raise ValueError("optimizers must not repeat a key")
        object.__setattr__(self, "optimizers", tuple(opts))
        for p in SWEEP_PARAMS:
            object.__setattr__(self, p.name, p.check(getattr(self, p.name), p.name))
        if not self.lr_min < self.lr_max:
            raise ValueError(f"lr_min must be below lr_max; got {self.lr_min:g} >= {self.lr_max:g}")
        points = len(opts) * self.rates * self.steps
        if points > LIMITS["points"]:
            raise ValueError(f"optimizers x rates x steps must be at most "
                             f"{LIMITS['points']:,}; got {points:,}")

    @property
    def grid(self) -> np.ndarray:
        return sweep_rates(self.lr_min, self.lr_max, self.rates)

    def sim_config(self) -> SimConfig:
        """Every optimizer at every rate: one batched simulation from the surface's start."""
        runs = tuple(OptimizerRun(k, (("lr", float(r)),)) for k in self.optimizers
                     for r in self.grid)
        return SimConfig(surface=self.surface, surface_params=self.surface_params,
                         optimizers=runs, steps=self.steps, record_rates=False,
                         starts=(SURFACES[self.surface].start,))

    def to_dict(self) -> dict:
        return {"surface": self.surface, "surface_params": dict(self.surface_params),
                "optimizers": list(self.optimizers),
                **{p.name: getattr(self, p.name) for p in SWEEP_PARAMS}}


@dataclass
class SweepResult:
    config: SweepConfig
    rates: np.ndarray            # (R,)
    finals: dict                 # key -> (R,) final loss per rate
    diverged: dict               # key -> (R,) bool
    sim: SimResult

    def table(self) -> list[dict]:
        """Best rate, its final loss and the smallest diverging rate of each optimizer."""
        rows = []
        for k, f in self.finals.items():
            ok = ~self.diverged[k]
            best = int(np.argmin(np.where(ok, f, np.inf))) if ok.any() else None
            bad = np.flatnonzero(self.diverged[k])
            rows.append({"key": k, "best_lr": None if best is None else float(self.rates[best]),
                         "best_loss": None if best is None else float(f[best]),
                         "diverges_from": float(self.rates[bad[0]]) if len(bad) else None})
        return rows


def sweep(config: SweepConfig, result: SimResult | None = None) -> SweepResult:
    """Run the sweep (or read an already computed simulation of ``config.sim_config()``)."""
    res = simulate(config.sim_config()) if result is None else result
    n = config.rates
    finals = {k: res.loss[i * n:(i + 1) * n, 0, -1] for i, k in enumerate(config.optimizers)}
    diverged = {k: res.diverged_at[i * n:(i + 1) * n, 0] >= 0
                for i, k in enumerate(config.optimizers)}
    return SweepResult(config, config.grid, finals, diverged, res)
