"""Frozen, validated configurations: the cache key, the URL state, the CLI's JSON.

A config is built from plain values, checks them in ``__post_init__`` and raises
``ValueError`` naming the field and what is allowed. ``to_dict`` / ``from_dict`` are the
JSON form the command line reads and the app exports.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .optimizers import get_optimizer
from .specs import (
    Param,
    check_fields,
    check_keys,
    check_number,
    shown,
    validate_params,
)
from .surfaces import SURFACES, check_surface

__all__ = [
    "LIMITS",
    "SIM_FIELDS",
    "OptimizerRun",
    "ScheduleConfig",
    "SimConfig",
    "max_points",
    "output_bytes",
    "point_cost",
    "with_hp",
]

LIMITS = {
    "steps": 10_000,            # optimizer steps per run
    "starts": 4096,             # start points per simulation
    "optimizers": 512,          # optimizer configurations per simulation
    "points": 25_000_000,       # optimizers x starts x steps (memory: 32 bytes a point;
                                # bench core W2, 12 x 4096 x 500, fits)
    "rate_points": 5_000_000,   # the same, when per-parameter rates are recorded (48 bytes)
    "work": 30_000_000,         # points x the cost of a point (point_cost): about 3 s of CPU
    "coord": 1e6,               # |start coordinate|
    "formula_chars": 300,       # a typed formula: characters,
    "formula_nodes": 120,       # syntax-tree nodes,
    "formula_depth": 24,        # and nesting depth (optim_core.formula enforces them)
    "output_bytes": 50_000_000,  # JSON the command line writes for one request
}
# the plain fields of a SimConfig, checked by their specs (the same Param as every registry)
SIM_FIELDS = (
    Param("steps", 200, 1, LIMITS["steps"], kind="int", help="optimizer steps per run"),
    Param("noise", 0.0, 0.0, 1e6, help="std of Gaussian noise added to every gradient"),
    Param("seed", 0, 0, 2 ** 63 - 1, kind="int", help="seeds the gradient noise"),
    Param("clip", 0.0, 0.0, 1e12, help="clip each run's gradient norm to this (0 = off)"),
    Param("record_rates", True, 0, 0, kind="bool", help="record eta_t / sigma_t"),
    Param("batch_size", 0, 0, 10 ** 6, kind="int", help="data points per iteration (0 = all)"),
    Param("shuffle", True, 0, 0, kind="bool", help="reshuffle the data every epoch"),
    Param("drop_last", False, 0, 0, kind="bool", help="drop the last partial batch"),
)
# what one point of a path costs, in points of an analytic surface (measured, bench/RESULTS.md
# "Largest accepted requests"): a typed formula by its syntax-tree nodes, a surface learned
# from data by its data points (the loss and gradient run over every point)
FORMULA_COST = (2.0, 25)   # autograd: 2 + nodes / 25 (13 nodes: 2.6x measured, 119: 6.3x)
DATA_COST_PER_POINT = 1.0  # x data points (logistic_ce: 1.3 n measured at 2 starts, 1.1 n at 64)
# bytes of JSON per number the command line writes (a float64 repr and its separator)
BYTES_PER_NUMBER = 22


def with_hp(hp: Mapping[str, Any], name: str, index: int | None, value: Any) -> dict:
    """A copy of ``hp`` with ``name`` set to ``value``, or only its ``index``-th element
    when it is a pair such as ``betas``."""
    out = dict(hp)
    if index is None:
        out[name] = value
    else:
        pair = list(out[name])
        pair[index] = value
        out[name] = tuple(pair)
    return out


def _freeze(d: Mapping[str, Any]) -> tuple:
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in d.items())


@dataclass(frozen=True)
class OptimizerRun:
    """One optimizer with its hyper-parameters (defaults filled in, validated)."""
    name: str
    params: tuple = ()          # ((keyword, value), ...) in the registry's order
    field_name: str = field(default="optimizers[0]", compare=False, repr=False)
    schedule: str | None = None     # a key of SCHEDULES; None = constant rate
    schedule_params: tuple = ()     # ((keyword, value), ...) of the schedule

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise ValueError(f"{self.field_name}.name must be a string, got {shown(self.name)}")
        try:
            spec = get_optimizer(self.name)
        except ValueError as e:   # name the run: optimizers[i].name
            raise ValueError(f"{self.field_name}.name: {e}") from None
        hp = validate_params(spec.params, self.params, f"{self.field_name}.params")
        object.__setattr__(self, "params", _freeze(hp))
        if self.schedule is not None:
            from .schedules import SCHEDULES
            if not isinstance(self.schedule, str) or self.schedule not in SCHEDULES:
                raise ValueError(f"{self.field_name}.schedule.name must be one of "
                                 f"{', '.join(SCHEDULES)}; got {shown(self.schedule)}")
            sp = SCHEDULES[self.schedule].validate(self.schedule_params,
                                                   f"{self.field_name}.schedule.params")
            object.__setattr__(self, "schedule_params", _freeze(sp))

    def lr_table(self, steps: int):
        """The rate each of ``steps`` steps uses (the schedule's, or constant)."""
        import numpy as np
        lr = float(self.hp["lr"])
        from .schedules import LOSS_DRIVEN, lr_table
        if self.schedule is None or self.schedule in LOSS_DRIVEN:   # the engine solves those
            return np.full(steps, lr)
        return lr_table(self.schedule, dict(self.schedule_params), lr, steps,
                        field=f"{self.field_name}.schedule.params")

    @property
    def hp(self) -> dict[str, Any]:
        return dict(self.params)

    def to_dict(self) -> dict:
        d = {"name": self.name,
             "params": {k: list(v) if isinstance(v, tuple) else v for k, v in self.params}}
        if self.schedule is not None:
            d["schedule"] = {"name": self.schedule, "params": {
                k: list(v) if isinstance(v, tuple) else v for k, v in self.schedule_params}}
        return d

    @classmethod
    def from_dict(cls, d: Any, index: int = 0) -> OptimizerRun:
        where = f"optimizers[{index}]"
        if isinstance(d, str):
            d = {"name": d}
        if not isinstance(d, Mapping) or "name" not in d:
            raise ValueError(f"{where} must be an object with a 'name', got {shown(d)}")
        check_keys(d, ("name", "params", "schedule"), where)
        params = d.get("params") or {}
        if not isinstance(params, Mapping):
            raise ValueError(f"{where}.params must be an object, got {shown(params)}")
        sched = d.get("schedule")
        name, sparams = None, ()
        if sched is not None:
            if not isinstance(sched, Mapping) or not isinstance(sched.get("params", {}), Mapping):
                raise ValueError(f"{where}.schedule must be an object "
                                 "{\"name\": ..., \"params\": {...}}")
            check_keys(sched, ("name", "params"), f"{where}.schedule")
            name, sparams = sched.get("name"), tuple((sched.get("params") or {}).items())
        return cls(d["name"], tuple(params.items()), field_name=where, schedule=name,
                   schedule_params=sparams)


@dataclass(frozen=True)
class SimConfig:
    """Optimizers x start points x steps on one surface."""
    surface: str = "rosenbrock"          # a key of SURFACES
    optimizers: tuple = (OptimizerRun("adam"),)
    starts: tuple = ((-1.5, 2.0),)      # ((x, y), ...)
    steps: int = 200                     # optimizer steps; paths have steps + 1 points
    noise: float = 0.0                   # std of Gaussian noise added to every gradient
    seed: int = 0                        # seeds the noise (a torch.Generator per run)
    clip: float = 0.0                    # clip each run's gradient norm to this (0 = off)
    surface_params: tuple = ()           # ((name, value), ...) e.g. (("kappa", 50.0),)
    record_rates: bool = True            # record eta_t / sigma_t per parameter
    formula: str | None = None           # a typed f(x, y); replaces `surface` when given
    bounds: tuple | None = None          # (xmin, xmax, ymin, ymax) of a formula surface
    batch_size: int = 0                  # data points per iteration (0 = the full batch);
    shuffle: bool = True                 # only for surfaces learned from data: reshuffle
    drop_last: bool = False              # every epoch; drop the last partial batch

    def __post_init__(self):
        check_fields(self, SIM_FIELDS)
        surface, sp, bounds = check_surface(self.surface, self.surface_params, self.formula,
                                            self.bounds)
        object.__setattr__(self, "surface", surface)
        object.__setattr__(self, "bounds", bounds)
        object.__setattr__(self, "surface_params", _freeze(sp))
        if not isinstance(self.optimizers, (list, tuple)):
            raise ValueError(f"optimizers must be a list, got {shown(self.optimizers)}")
        if not 1 <= len(self.optimizers) <= LIMITS["optimizers"]:
            raise ValueError(f"optimizers must list 1 to {LIMITS['optimizers']} entries, "
                             f"got {len(self.optimizers)}")
        opts = tuple(o if isinstance(o, OptimizerRun) else OptimizerRun.from_dict(o, i)
                     for i, o in enumerate(self.optimizers))
        object.__setattr__(self, "optimizers", opts)
        object.__setattr__(self, "starts", _check_starts(self.starts))
        self._check_batches()
        points = len(opts) * len(self.starts) * self.steps
        cap = LIMITS["rate_points" if self.record_rates else "points"]
        if points > cap:
            raise ValueError(f"optimizers x starts x steps must be at most {cap:,}"
                             f"{' when record_rates is on' if self.record_rates else ''}; "
                             f"got {points:,}")
        cost = self.point_cost()
        if points * cost > LIMITS["work"]:
            raise ValueError(f"optimizers x starts x steps must be at most "
                             f"{int(LIMITS['work'] // cost):,} on this surface (each point "
                             f"costs {cost:g} points of an analytic surface); got {points:,}")
        from .general import check_work
        check_work(self)   # optimizers outside the engine's template run as Python loops

    def point_cost(self) -> float:
        """What one point of a path costs here, in points of an analytic surface."""
        return point_cost(self.surface, self.surface_params, self.formula)

    def _check_batches(self) -> None:
        b = self.batch_size
        if b == 0:
            return
        if self.formula is not None or not SURFACES[self.surface].data:
            data = ", ".join(k for k, s in SURFACES.items() if s.data)
            raise ValueError(f"batch_size applies only to a surface learned from data "
                             f"({data}); use 0 here")
        n = self.make_surface().data.n
        if b > n:
            raise ValueError(f"batch_size must be at most the number of data points ({n}), "
                             f"got {b}")
        if self.drop_last and n // b == 0:
            raise ValueError("drop_last leaves no batch")

    @property
    def batches_per_epoch(self) -> int:
        """Iterations per epoch (1 for the full batch)."""
        if not self.batch_size:
            return 1
        from .data_surfaces import batches_per_epoch
        return batches_per_epoch(self.make_surface().data.n, self.batch_size, self.drop_last)

    def batches(self):
        """Each step's data indices (None for the full batch)."""
        if not self.batch_size:
            return None
        from .data_surfaces import batch_schedule
        return batch_schedule(self.make_surface().data.n, self.batch_size, self.shuffle,
                              self.drop_last, self.seed, self.steps)

    def make_surface(self):
        """The :class:`~optim_core.surfaces.Surface` this configuration runs on."""
        return surface_of(self.surface, self.surface_params, self.formula, self.bounds)

    def to_dict(self) -> dict:
        where = ({"formula": self.formula, "bounds": list(self.bounds)} if self.formula
                 else {"surface": self.surface, "surface_params": dict(self.surface_params)})
        return {**where, "starts": [list(s) for s in self.starts], "steps": self.steps,
                "noise": self.noise, "seed": self.seed, "clip": self.clip,
                "record_rates": self.record_rates,
                **({"batch_size": self.batch_size, "shuffle": self.shuffle,
                    "drop_last": self.drop_last} if self.batch_size else {}),
                "optimizers": [o.to_dict() for o in self.optimizers]}

    @classmethod
    def from_dict(cls, d: Any) -> SimConfig:
        if not isinstance(d, Mapping):
            raise ValueError(f"the configuration must be a JSON object, got {type(d).__name__}")
        check_keys(d, sorted(cls.__dataclass_fields__), what="configuration field")
        kw = dict(d)
        if "bounds" in kw and isinstance(kw["bounds"], list):
            kw["bounds"] = tuple(kw["bounds"])
        if "optimizers" in kw:
            if not isinstance(kw["optimizers"], list):
                raise ValueError("optimizers must be a list of {\"name\", \"params\"} objects")
            kw["optimizers"] = tuple(OptimizerRun.from_dict(o, i)
                                     for i, o in enumerate(kw["optimizers"]))
        if "surface_params" in kw:
            if not isinstance(kw["surface_params"], Mapping):
                raise ValueError("surface_params must be an object")
            kw["surface_params"] = tuple(kw["surface_params"].items())
        return cls(**kw)


def surface_of(surface: str, surface_params: tuple = (), formula: str | None = None,
               bounds: tuple | None = None):
    """A registry surface with its parameters, or a typed formula over ``bounds``."""
    if formula is not None:
        from .formula import formula_surface
        return formula_surface(formula, bounds or (-2.0, 2.0, -2.0, 2.0))
    from .surfaces import get_surface
    return get_surface(surface, dict(surface_params))


def _check_starts(starts: Any) -> tuple:
    if not isinstance(starts, (list, tuple)) or not 1 <= len(starts) <= LIMITS["starts"]:
        raise ValueError(f"starts must list 1 to {LIMITS['starts']} points [x, y]; "
                         f"got {shown(starts)}")
    out = []
    for i, s in enumerate(starts):
        if not isinstance(s, (list, tuple)) or len(s) != 2:
            raise ValueError(f"starts[{i}] must be a point [x, y], got {shown(s)}")
        c = LIMITS["coord"]
        out.append(tuple(check_number(v, f"starts[{i}][{j}]", -c, c) for j, v in enumerate(s)))
    return tuple(out)


def output_bytes(config: SimConfig) -> int:
    """About how many bytes of JSON the command line writes for ``config``: every run's
    path (2 numbers per point) and loss (1), ``steps + 1`` points each."""
    runs = len(config.optimizers) * len(config.starts)
    return runs * (config.steps + 1) * 3 * BYTES_PER_NUMBER


SCHEDULE_FIELDS = (
    Param("lr", 0.1, 1e-8, 10.0, log=True, help="the base learning rate"),
    Param("steps", 100, 1, LIMITS["steps"], kind="int", help="optimizer steps"),
)


@dataclass(frozen=True)
class ScheduleConfig:
    """One learning-rate schedule over ``steps`` steps (the command line's `schedule`)."""
    schedule: str = "constant"      # a key of SCHEDULES
    params: tuple = ()              # ((name, value), ...) of the schedule's Param specs
    lr: float = 0.1
    steps: int = 100

    def __post_init__(self):
        from .schedules import SCHEDULES
        check_fields(self, SCHEDULE_FIELDS)
        if not isinstance(self.schedule, str) or self.schedule not in SCHEDULES:
            raise ValueError(f"schedule must be one of {', '.join(SCHEDULES)}; "
                             f"got {shown(self.schedule)}")
        hp = validate_params(SCHEDULES[self.schedule].params, self.params, "params")
        object.__setattr__(self, "params", _freeze(hp))

    def table(self):
        from .schedules import lr_table
        return lr_table(self.schedule, dict(self.params), self.lr, self.steps, field="params")

    @classmethod
    def from_dict(cls, d: Any) -> ScheduleConfig:
        if not isinstance(d, Mapping):
            raise ValueError(f"the configuration must be a JSON object, got {type(d).__name__}")
        check_keys(d, ("schedule", "params", "lr", "steps"), what="configuration field")
        params = d.get("params") or {}
        if not isinstance(params, Mapping):
            raise ValueError(f"params must be an object, got {shown(params)}")
        return cls(d.get("schedule"), tuple(params.items()),
                   d.get("lr", 0.1), d.get("steps", 100))


def point_cost(surface: str, surface_params: tuple = (), formula: str | None = None) -> float:
    """What one point of a path costs on a (valid) surface, in points of an analytic one."""
    if formula is not None:
        import ast

        from .formula import MAX_NODES
        try:
            nodes = sum(1 for _ in ast.walk(ast.parse(formula.strip(), mode="eval")))
        except (SyntaxError, ValueError, RecursionError):   # not a formula: the dearest one
            nodes = MAX_NODES
        return FORMULA_COST[0] + min(nodes, MAX_NODES) / FORMULA_COST[1]
    if SURFACES[surface].data:
        return DATA_COST_PER_POINT * surface_of(surface, tuple(surface_params)).data.n
    return 1.0


def max_points(surface: str = "rosenbrock", surface_params: tuple = (),
               formula: str | None = None, record_rates: bool = True) -> int:
    """The most optimizers x starts x steps a simulation on this surface accepts: what the
    page states next to its controls ("at most ...")."""
    cap = LIMITS["rate_points" if record_rates else "points"]
    return min(cap, int(LIMITS["work"] // point_cost(surface, surface_params, formula)))
