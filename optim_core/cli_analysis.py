"""The analyses of the pages on the command line: ``critical-points --config``, ``escape``,
``sweep``, ``landscape``, ``hessian`` and ``lr-range``.

Each reads one JSON object into a frozen, validated config (unknown keys refused, errors
name the field), calls the same core function the page calls, and returns plain JSON
(NaN and infinities as null). Importing this module registers the commands in
:data:`optim_core.cli.COMMANDS` and their field lists in :data:`optim_core.cli.HELP`.
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from . import cli
from .critical import CriticalConfig, find_critical_points
from .escape import ESCAPE_METHODS, EscapeConfig, escape_lab
from .nets import NET_PARAMS, NetConfig
from .specs import Param, check_keys
from .sweep import SWEEP_PARAMS, SweepConfig, sweep

__all__ = [
    "ANALYSES",
    "CONFIGS",
    "HessianConfig",
    "LandscapeConfig",
    "RangeConfig",
    "dump",
    "from_json",
    "jsonable",
    "load",
]


def jsonable(x: Any) -> Any:
    """Plain JSON values: arrays and tuples as lists, numpy scalars as Python numbers,
    NaN and infinities as None."""
    if isinstance(x, Mapping):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, np.ndarray):
        return jsonable(x.tolist())
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return float(x) if math.isfinite(x) else None
    return x


def _tuples(v: Any) -> Any:
    """JSON lists as (nested) tuples: configs are frozen and hashable."""
    return tuple(_tuples(e) for e in v) if isinstance(v, list) else v


def from_json(cls, d: Any, mapped: tuple[str, ...] = ()) -> Any:
    """``cls(**d)`` for a dataclass ``cls``; unknown keys refused; objects in ``mapped``
    (parameter maps) become ``((name, value), ...)``, lists become tuples."""
    if not isinstance(d, Mapping):
        raise ValueError(
            f"the configuration must be a JSON object, got {type(d).__name__}")
    check_keys(d, [f.name for f in fields(cls)])
    kw = {}
    for k, v in d.items():
        if k in mapped:
            if not isinstance(v, Mapping):
                raise ValueError(f"{k} must be an object of name: value")
            v = tuple(v.items())
        kw[k] = _tuples(v)
    return cls(**kw)


# --- network analyses: a network config ({"net", "optimizers"}) plus the analysis' fields --

def _check_fields(obj, specs: tuple[Param, ...]) -> None:
    for p in specs:
        object.__setattr__(obj, p.name, p.check(getattr(obj, p.name), p.name))


def _check_run(obj, name: str) -> None:
    v, n = getattr(obj, name), len(obj.net.optimizers)
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < n:
        raise ValueError(f"{name} must be an integer in [0, {n - 1}] (an index into "
                         f"optimizers), got {v!r}")


def _net_from_json(cls, d: Any):
    if not isinstance(d, Mapping):
        raise ValueError(
            f"the configuration must be a JSON object, got {type(d).__name__}")
    own = [f.name for f in fields(cls) if f.name != "net"]
    check_keys(d, ["net", "optimizers", *own])
    net = NetConfig.from_dict({k: d[k] for k in ("net", "optimizers") if k in d})
    return cls(net, **{k: _tuples(d[k]) for k in own if k in d})


LANDSCAPE_PARAMS = (
    Param("plane", "pca", 0, 0, kind="choice", choices=("pca", "random"),
          help="top two PCA directions of the paths, or two filter-normalized random ones"),
    Param("resolution", 31, 3, 101, kind="int", help="grid points per axis"),
    Param("seed", 0, 0, 2 ** 31 - 1, kind="int", help="seed of the random directions"),
    Param("center", 0, 0, 7, kind="int", help="the run whose final weights are at (0, 0)"),
)


@dataclass(frozen=True)
class LandscapeConfig:
    net: NetConfig
    plane: str = "pca"
    span: float | None = None    # half-width of the square; null = automatic
    resolution: int = 31
    seed: int = 0
    center: int = 0

    def __post_init__(self):
        _check_fields(self, LANDSCAPE_PARAMS)
        if self.span is not None:
            object.__setattr__(self, "span", Param("span", 1.0, 1e-6, 1e3).check(self.span,
                                                                                "span"))
        _check_run(self, "center")


HESSIAN_PARAMS = (
    Param("points", 5, 2, 50, kind="int", help="snapshots along training (the last is final)"),
    Param("max_products", 120, 2, 2000, kind="int",
          help="Hessian-vector products per snapshot (Lanczos iterations)"),
    Param("tol", 1e-3, 1e-12, 0.5, log=True, help="relative residual that counts as converged"),
)


@dataclass(frozen=True)
class HessianConfig:
    net: NetConfig
    run: int = -1                # the optimizer's index; -1 = the last (the page's default)
    points: int = 5
    max_products: int = 120
    tol: float = 1e-3

    def __post_init__(self):
        if self.run == -1:
            object.__setattr__(self, "run", len(self.net.optimizers) - 1)
        _check_run(self, "run")
        _check_fields(self, HESSIAN_PARAMS)


RANGE_PARAMS = (
    Param("lr_min", 1e-5, 1e-10, 100.0, log=True, help="first rate"),
    Param("lr_max", 10.0, 1e-10, 100.0, log=True, help="last rate"),
    Param("iterations", 200, 10, 5000, kind="int", help="mini-batches, one rate each"),
)


@dataclass(frozen=True)
class RangeConfig:
    net: NetConfig
    optimizer: int = 0           # index into optimizers
    lr_min: float = 1e-5
    lr_max: float = 10.0
    iterations: int = 200

    def __post_init__(self):
        _check_run(self, "optimizer")
        _check_fields(self, RANGE_PARAMS)
        if not self.lr_min < self.lr_max:
            raise ValueError(f"lr_min must be below lr_max; got {self.lr_min:g} >= "
                             f"{self.lr_max:g}")


# --- JSON <-> config (the same JSON is the command line's input and the page's state) ----

CONFIGS = {"critical-points": CriticalConfig, "escape": EscapeConfig, "sweep": SweepConfig,
           "landscape": LandscapeConfig, "hessian": HessianConfig, "lr-range": RangeConfig}
_MAPPED = ("surface_params",)


def load(command: str, d: Any):
    """The frozen config of ``command`` from its JSON object (ValueError naming the field)."""
    cls = CONFIGS[command]
    if cls is CriticalConfig and isinstance(d, Mapping) and d.get("formula") is not None:
        extra = sorted({"surface", "surface_params"} & set(d))
        if extra:   # the finder would ignore them: say so instead
            raise ValueError(f"{extra[0]} does not apply to a formula (give one of "
                             f"formula or surface)")
    if any(f.name == "net" for f in fields(cls)):
        return _net_from_json(cls, d)
    return from_json(cls, d, mapped=_MAPPED)


def dump(config) -> dict:
    """The JSON object of a config of :data:`CONFIGS`: ``load(command, dump(c)) == c``."""
    out = {}
    for f in fields(config):
        v = getattr(config, f.name)
        if f.name == "net":
            out.update(v.to_dict())
        elif f.name in _MAPPED:
            out[f.name] = {k: jsonable(x) for k, x in v}
        else:
            out[f.name] = jsonable(v)
    if getattr(config, "formula", None) is not None:   # a typed formula replaces the surface
        out.pop("surface", None), out.pop("surface_params", None)
    return out


# --- the commands -----------------------------------------------------------------------

def critical_points(d: Any) -> dict:
    config = load("critical-points", d)
    res = find_critical_points(config)
    return jsonable({**res.to_dict(), "counts": res.counts(), "iterations": res.iterations,
                     "curvature_scale": res.curvature_scale})


def escape(d: Any) -> dict:
    res = escape_lab(load("escape", d))
    return jsonable({"kind": res.kind, "direction": res.direction, "eigenvalue": res.eigenvalue,
                     "sigmas": res.sigmas,
                     "methods": {m: {"mean_steps": res.mean_steps[i], "escaped": res.escaped[i]}
                                 for i, m in enumerate(ESCAPE_METHODS)}})


def run_sweep(d: Any) -> dict:
    res = sweep(load("sweep", d))
    return jsonable({"rates": res.rates,
                     "runs": [{"optimizer": k, "final_loss": res.finals[k],
                               "diverged": res.diverged[k]} for k in res.finals],
                     "table": res.table()})


def _trained(config: NetConfig):
    from .nets import train
    return train(config)


def landscape(d: Any) -> dict:
    from .net_analysis import landscape_view
    c = load("landscape", d)
    v = landscape_view(_trained(c.net), c.plane, c.span, c.resolution, c.seed, c.center)
    return jsonable({"coords": v.coords, "loss": v.z, "explained": v.explained,
                     "center": v.center_run,
                     "runs": [{"optimizer": o.name, "epochs": s, "path": p, "loss": pl,
                               "slice_loss": ps}
                              for o, p, pl, ps, s in zip(c.net.optimizers, v.paths, v.path_loss,
                                                         v.path_slice, v.snapshots)]})


def hessian(d: Any) -> dict:
    from .net_analysis import hessian_along
    c = load("hessian", d)
    pts = hessian_along(_trained(c.net), c.run, c.points, tol=c.tol, max_iter=c.max_products)
    return jsonable({"run": c.run, "optimizer": c.net.optimizers[c.run].name,
                     "points": [{"epoch": e, "largest": x.largest, "smallest": x.smallest,
                                 "converged": list(x.converged), "residuals": x.residuals,
                                 "products": x.products} for e, x in pts]})


def lr_range(d: Any) -> dict:
    from .lr_finder import lr_range_test
    c = load("lr-range", d)
    r = lr_range_test(c.net, c.optimizer, c.lr_min, c.lr_max, c.iterations)
    return jsonable({"lr": r.lr, "loss": r.loss, "smooth": r.smooth, "steepest": r.steepest,
                     "low": r.low, "high": r.high, "stopped_early": r.stopped_early})


# --- help: the fields of each config -----------------------------------------------------

def _show(v: Any) -> str:
    return json.dumps(jsonable(dict(v) if v == () else v))


def _describe(specs: tuple[Param, ...], prefix: str = "") -> list[str]:
    out = []
    for p in specs:
        allowed = ("|".join(p.choices) if p.kind == "choice"
                   else f"[{p.low:g}, {p.high:g}]")
        out.append(f"  {prefix + p.name:<16} {allowed:<22} default {_show(p.default)}  "
                   f"{p.help}".rstrip())
    return out


def _lines(cls, specs: tuple[Param, ...] = (), notes: Mapping[str, str] | None = None):
    notes = dict(notes or {})
    given = {p.name for p in specs}
    out = [f"  {f.name:<16} default {_show(f.default)}  {notes.get(f.name, '')}".rstrip()
           for f in fields(cls) if f.name not in given and f.name != "net"]
    return _describe(specs) + out


_NET = ["  net              the network and its data, an object of:",
        *_describe(NET_PARAMS, "net."),
        ("  optimizers       [{\"name\", \"params\", \"schedule\": {\"name\", \"params\"}}, ...] "
         "(see `list optimizers`, `list schedules`)")]


def _help(title: str, lines: list[str]) -> str:
    return f"{title}\n\nconfig fields (a JSON object; unknown fields are refused):\n" + \
        "\n".join(lines)


ANALYSES: dict[str, tuple[Callable[[Any], dict], str]] = {
    "critical-points": (critical_points, _help(
        "Find and classify a surface's critical points (or --surface KEY [--bounds]).",
        _lines(CriticalConfig, notes={
            "surface": "a key of `list surfaces`",
            "surface_params": "{name: value} of the surface's parameters",
            "bounds": "[xmin, xmax, ymin, ymax]; null = the surface's",
            "formula": "a typed f(x, y); replaces surface"}))),
    "escape": (escape, _help(
        "Steps to leave a critical point: GD, GD with noise, momentum, eigenvector step.",
        _lines(EscapeConfig, notes={"point": "[x, y]", "offset": "[x, y]",
                                    "sigmas": "gradient-noise std devs (1 to 12)",
                                    "surface_params": "{name: value}"}))),
    "sweep": (run_sweep, _help(
        "Final loss of every optimizer at every rate of a log-spaced grid.",
        _lines(SweepConfig, SWEEP_PARAMS, notes={
            "optimizers": "optimizer keys", "surface_params": "{name: value}"}))),
    "landscape": (landscape, _help(
        "The loss on a plane through a trained network's weights, with the paths on it.",
        _NET + _describe(LANDSCAPE_PARAMS) + [
            ("  span             (0, 1000] or null  default null  half-width of the square "
             "(null: 1 for random, 1.15 x the farthest snapshot for pca)")])),
    "hessian": (hessian, _help(
        "Largest and smallest Hessian eigenvalue (Lanczos) along one run's training.",
        _NET + ["  run              index into optimizers, default -1 (the last)"]
        + _describe(HESSIAN_PARAMS))),
    "lr-range": (lr_range, _help(
        "The learning-rate range test of one optimizer on the network.",
        _NET + ["  optimizer        index into optimizers, default 0"]
        + _describe(RANGE_PARAMS))),
}

from .deep_lab import cli_help as _deep_help  # the Deep-networks page
from .deep_lab import cli_run as _deep

ANALYSES["deep"] = (_deep, _deep_help())

for _name, (_fn, _text) in ANALYSES.items():
    cli.COMMANDS[_name] = _fn
    cli.HELP[_name] = _text
