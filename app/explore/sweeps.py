"""Instant what-if, the grid: which hyper-parameters one can sweep, a slider's values
(:class:`Sweep`), a page's explore settings (:class:`ExploreConfig`, one or two
:class:`Span`) and the batched configuration that runs them all (:func:`sweep_config`)."""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from optim_core import (
    OPTIMIZERS,
    OptimizerRun,
    Param,
    SimConfig,
    check_fields,
    check_keys,
    check_number,
    shown,
    with_hp,
)

# hyper-parameters one can sweep, as (registry name, index into a pair or None)
SWEEPABLE = {"lr": ("lr", None), "momentum": ("momentum", None),
             "betas[0]": ("betas", 0), "betas[1]": ("betas", 1)}
LR_SPAN = (1e-2, 10.0)      # the learning rate sweeps base/100 .. base*10 (log scale)
MAX_RUNS = 1024             # runs one explore figure may carry


@dataclass(frozen=True)
class Sweep:
    """One slider: a hyper-parameter and its values."""
    param: str                 # a key of SWEEPABLE
    values: tuple              # floats, in slider order

    def __post_init__(self):
        if self.param not in SWEEPABLE:
            raise ValueError(f"sweep.param must be one of {', '.join(SWEEPABLE)}; "
                             f"got {self.param!r}")
        if not 2 <= len(self.values) <= 256:
            raise ValueError(f"sweep.values must hold 2 to 256 values, got {len(self.values)}")


def sweepable(optimizer: str) -> list[str]:
    """The SWEEPABLE keys ``optimizer`` has (in SWEEPABLE's order)."""
    names = {p.name for p in OPTIMIZERS[optimizer].params}
    return [k for k, (name, _) in SWEEPABLE.items() if name in names]


def sweep_values(optimizer: str, param: str, n: int, base_lr: float) -> tuple:
    """``n`` values of ``param``: the rate on a log scale around ``base_lr``, momentum and
    beta1 evenly in [low, 0.99], beta2 as 1 - (0.5 .. 1e-4) on a log scale; clipped to the
    registry's range."""
    if param not in sweepable(optimizer):
        raise ValueError(f"param must be one of {', '.join(sweepable(optimizer))} for "
                         f"{optimizer}; got {param!r}")
    name, _ = SWEEPABLE[param]
    spec = next(p for p in OPTIMIZERS[optimizer].params if p.name == name)
    if param == "lr":
        v = np.geomspace(base_lr * LR_SPAN[0], base_lr * LR_SPAN[1], n)
    elif param == "betas[1]":
        v = 1 - np.geomspace(0.5, 1e-4, n)
    else:
        v = np.linspace(max(spec.low, 0.0), 0.99, n)
    return tuple(float(f"{x:.4g}") for x in np.clip(v, spec.low, spec.high))


def _set(hp: dict, param: str, value: float) -> dict:
    return with_hp(hp, *SWEEPABLE[param], value)


def explore_config(surface: dict, optimizer: str, hp: dict, sweeps: tuple, steps: int,
                   start: tuple) -> SimConfig:
    """Every combination of the sweeps' values (the first sweep slowest) as the K rows of
    one simulation from ``start``."""
    if not 1 <= len(sweeps) <= 2:
        raise ValueError(f"sweeps must hold one or two sliders, got {len(sweeps)}")
    hp = {**{p.name: p.default for p in OPTIMIZERS[optimizer].params}, **hp}
    runs = []
    for combo in itertools.product(*(s.values for s in sweeps)):
        p = dict(hp)
        for s, v in zip(sweeps, combo):
            p = _set(p, s.param, v)
        runs.append(OptimizerRun(optimizer, tuple(p.items())))
    if len(runs) > MAX_RUNS:
        raise ValueError(f"the sliders' values multiplied must be at most {MAX_RUNS}, "
                         f"got {len(runs)}")
    return SimConfig(optimizers=tuple(runs), starts=(tuple(start),), steps=steps,
                     record_rates=False, **surface)



# --- a page's explore settings: which run, which hyper-parameters, their ranges -----------

MAX_VALUES = 128            # values per slider
MAX_GRID = 512              # runs of one explore figure from a page (the core's optimizer cap)


@dataclass(frozen=True)
class Span:
    """One slider of a page's explore settings: ``n`` values of ``param`` from ``low`` to
    ``high`` (the rate on a log scale, β₂ by 1 - β₂ on a log scale, the others evenly)."""
    param: str
    n: int
    low: float
    high: float

    def __post_init__(self):
        check_fields(self, _SPAN_FIELDS, "explore.sliders[].")
        if not self.low < self.high:
            raise ValueError(f"explore slider {self.param}: low must be below high, got "
                             f"{self.low:g} and {self.high:g}")

    def values(self) -> tuple:
        if self.param == "lr":
            v = np.geomspace(self.low, self.high, self.n)
        elif self.param == "betas[1]":
            v = 1 - np.geomspace(1 - self.low, 1 - self.high, self.n)
        else:
            v = np.linspace(self.low, self.high, self.n)
        return tuple(float(f"{x:.6g}") for x in v)

    def sweep(self) -> Sweep:
        return Sweep(self.param, self.values())

    def to_dict(self) -> dict:
        return {"param": self.param, "n": self.n, "low": self.low, "high": self.high}


_SPAN_FIELDS = (
    Param("param", "lr", 0, 0, kind="choice", choices=tuple(SWEEPABLE)),
    Param("n", 64, 2, MAX_VALUES, kind="int", help="values on this slider"),
    Param("low", 0.0, 0.0, 10.0, help="the slider's first value"),
    Param("high", 1.0, 0.0, 10.0, help="the slider's last value"),
)


@dataclass(frozen=True)
class ExploreConfig:
    """A page's explore view: run ``run`` of the page's configuration (its optimizer, its
    other settings, its schedule) at every combination of the sliders' values, from the
    first start. The ``?explore=`` link of the Compare page."""
    run: int = 0
    sliders: tuple = ()

    def __post_init__(self):
        check_fields(self, (Param("run", 0, 0, MAX_GRID - 1, kind="int"),), "explore.")
        if not isinstance(self.sliders, (list, tuple)) or not 1 <= len(self.sliders) <= 2:
            raise ValueError(f"explore.sliders must hold one or two sliders, got "
                             f"{shown(self.sliders)}")
        spans = tuple(s if isinstance(s, Span) else _span(s, i)
                      for i, s in enumerate(self.sliders))
        object.__setattr__(self, "sliders", spans)
        if len({s.param for s in spans}) < len(spans):
            raise ValueError("explore.sliders must sweep two different hyper-parameters")
        runs = int(np.prod([s.n for s in spans]))
        if runs > MAX_GRID:
            raise ValueError(f"explore: the sliders' values multiplied must be at most "
                             f"{MAX_GRID}, got {runs}")

    @property
    def runs(self) -> int:
        return int(np.prod([s.n for s in self.sliders]))

    def sweeps(self) -> tuple:
        return tuple(s.sweep() for s in self.sliders)

    def to_dict(self) -> dict:
        return {"run": self.run, "sliders": [s.to_dict() for s in self.sliders]}

    @classmethod
    def from_dict(cls, d) -> ExploreConfig:
        if not isinstance(d, dict):
            raise ValueError(f"explore must be an object, got {shown(d)}")
        check_keys(d, ("run", "sliders"), "explore")
        return cls(d.get("run", 0), tuple(d.get("sliders") or ()))

    def check(self, base: SimConfig) -> None:
        """Raise ValueError naming the field when this does not fit ``base``: the run
        exists, has each hyper-parameter, and each range lies in the registry's."""
        if self.run >= len(base.optimizers):
            raise ValueError(f"explore.run must be below {len(base.optimizers)} (the runs of "
                             f"the configuration), got {self.run}")
        name = base.optimizers[self.run].name
        ok = sweepable(name)
        for i, s in enumerate(self.sliders):
            if s.param not in ok:
                raise ValueError(f"explore.sliders[{i}].param must be one of "
                                 f"{', '.join(ok) or 'none'} for {name}; got {s.param!r}")
            spec = next(p for p in OPTIMIZERS[name].params if p.name == SWEEPABLE[s.param][0])
            for end in ("low", "high"):
                check_number(getattr(s, end), f"explore.sliders[{i}].{end}", spec.low,
                             min(spec.high, 10.0))


def _span(d, i: int) -> Span:
    if not isinstance(d, dict):
        raise ValueError(f"explore.sliders[{i}] must be an object, got {shown(d)}")
    check_keys(d, ("param", "n", "low", "high"), f"explore.sliders[{i}]")
    missing = [k for k in ("param", "n", "low", "high") if k not in d]
    if missing:
        raise ValueError(f"explore.sliders[{i}].{missing[0]} is missing")
    return Span(d["param"], d["n"], d["low"], d["high"])


def default_span(optimizer: str, param: str, n: int, base_lr: float) -> Span:
    """The default range of ``param`` (see :func:`sweep_values`) with ``n`` values."""
    v = sweep_values(optimizer, param, n, base_lr)
    return Span(param, n, min(v), max(v))


def sweep_config(base: SimConfig, ex: ExploreConfig, max_steps: int) -> SimConfig:
    """``base`` with run ``ex.run`` (its settings and schedule) at every combination of the
    sliders' values (the first slider slowest), from the first start, for at most
    ``max_steps`` steps, without the per-parameter rates."""
    import dataclasses
    ex.check(base)
    run = base.optimizers[ex.run]
    runs = []
    for combo in itertools.product(*(s.values() for s in ex.sliders)):
        p = run.hp
        for s, v in zip(ex.sliders, combo):
            p = _set(p, s.param, v)
        runs.append(OptimizerRun(run.name, tuple(p.items()), schedule=run.schedule,
                                 schedule_params=run.schedule_params))
    return dataclasses.replace(base, optimizers=tuple(runs), starts=base.starts[:1],
                               steps=min(base.steps, max_steps), record_rates=False)


def start_of(base: SimConfig, ex: ExploreConfig) -> tuple:
    """Where each slider opens: the value nearest the run's own (the rate on a log scale;
    1 - β₂ too), so the figure first shows the run the page races."""
    hp = base.optimizers[ex.run].hp
    out = []
    for s in ex.sliders:
        name, i = SWEEPABLE[s.param]
        own = float(hp[name] if i is None else hp[name][i])
        v = np.array(s.values())
        if s.param == "lr":
            v, own = np.log(v), np.log(own)
        elif s.param == "betas[1]":
            v, own = np.log(1 - v), np.log(max(1 - own, 1e-12))
        out.append(int(np.argmin(np.abs(v - own))))
    return (*out, 0)[:2]
