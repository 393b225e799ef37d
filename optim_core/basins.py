r"""Basins of attraction: from where does each optimizer end up in which critical point?

A grid of ``n x n`` starts (cell centres over the domain) runs every optimizer of the
configuration for ``steps`` steps (:func:`~optim_core.engine.simulate`, all starts of a
chunk in one batched call). Each run's end point :math:`e` gets a label:

* the critical point :math:`c` (from :func:`~optim_core.critical.find_critical_points`:
  minima, and the saddles, maxima and degenerate points a run can stall on) nearest to
  :math:`e`, if :math:`\|e - c\| \le \text{arrive\_tol}\cdot\text{diag}` and
  :math:`\|\nabla f(e)\| \le \text{grad\_tol}\cdot\bar g` (:math:`\bar g`: the median
  gradient norm over the starts, the surface's typical slope);
* ``diverged`` if the run left the domain grown 100 times or became non-finite;
* ``not arrived`` otherwise (still moving, orbiting, or stuck away from any critical point).

With a small rate, gradient descent follows the gradient flow
:math:`\dot\theta = -\nabla f(\theta)`: its basins are the flow's basins (the tests check
it on Himmelblau). Momentum and Adam carry speed across basin borders, and large rates
make the borders fractal.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from .config import LIMITS, OptimizerRun, SimConfig, surface_of
from .critical import CriticalConfig, find_critical_points, start_grid
from .engine import simulate
from .specs import Param, check_keys, shown
from .surfaces import SURFACES, check_surface
from .text import Text

__all__ = [
    "BASIN_LIMITS",
    "BASIN_PARAMS",
    "DIVERGED",
    "NOT_ARRIVED",
    "BasinConfig",
    "BasinResult",
    "basin_ends",
    "basin_fused",
    "basin_map",
    "basin_rows",
    "label_basins",
    "label_ends",
]

DIVERGED, NOT_ARRIVED = -2, -1      # labels besides a critical point's index
BASIN_LIMITS = {"resolution": 256, "steps": 2000, "optimizers": 8,
                "work": 120_000_000,         # starts x optimizers x steps of one map
                "chunk_points": 2_000_000}   # recorded positions per call (see basin_map)
# the map's own settings, checked like every registry's hyper-parameters
BASIN_PARAMS = (
    Param("resolution", 64, 2, BASIN_LIMITS["resolution"], kind="int",
          help=Text("starts per axis: resolution^2 starts, cell centres of the domain",
                    "每个坐标轴上的起点数 n：共 n² 个起点，位于区域各网格的中心")),
    Param("steps", 300, 1, BASIN_LIMITS["steps"], kind="int", help=Text("optimizer steps per run",
                                                                        "每次运行的优化器步数")),
    Param("arrive_tol", 0.01, 1e-9, 0.5, log=True,
          help=Text("an end within this x the domain's diagonal of a critical point arrives",
                    "终点与临界点的距离小于 该值 x 区域对角线长度 时，算作到达")),
    Param("grad_tol", 0.01, 1e-12, 10.0, log=True,
          help=Text("... if |grad| there <= this x the median |grad| over the starts",
                    "……且该处梯度范数不超过 该值 x 所有起点梯度范数的中位数")),
)
DEFAULT_OPTIMIZERS = (OptimizerRun("sgd", (("lr", 0.01),)),
                      OptimizerRun("momentum", (("lr", 0.01), ("momentum", 0.9))),
                      OptimizerRun("adam", (("lr", 0.1),)))


@dataclass(frozen=True)
class BasinConfig:
    """One basin map: every optimizer from every start of an ``n x n`` grid."""
    surface: str = "himmelblau"          # a key of SURFACES
    optimizers: tuple = DEFAULT_OPTIMIZERS   # OptimizerRun (or {"name", "params"} dicts)
    resolution: int = 64                 # starts per axis: resolution^2 starts
    steps: int = 300                     # optimizer steps per run
    surface_params: tuple = ()           # ((name, value), ...)
    formula: str | None = None           # a typed f(x, y); replaces `surface` when given
    bounds: tuple | None = None          # (xmin, xmax, ymin, ymax) of a formula surface
    arrive_tol: float = 0.01             # end within this x domain diagonal of a point
    grad_tol: float = 0.01               # and |grad| <= this x the median |grad| at starts

    def __post_init__(self):
        # the surface, optimizers and steps are checked by the SimConfig they make
        if not isinstance(self.optimizers, (list, tuple)):
            raise ValueError(f"optimizers must be a list, got {shown(self.optimizers)}")
        opts = tuple(o if isinstance(o, OptimizerRun) else OptimizerRun.from_dict(o, i)
                     for i, o in enumerate(self.optimizers))
        if not 1 <= len(opts) <= BASIN_LIMITS["optimizers"]:
            raise ValueError(f"optimizers must list 1 to {BASIN_LIMITS['optimizers']} "
                             f"entries, got {len(opts)}")
        object.__setattr__(self, "optimizers", opts)
        for p in BASIN_PARAMS:
            object.__setattr__(self, p.name, p.check(getattr(self, p.name), p.name))
        n, s = self.resolution, self.steps
        work = n * n * len(opts) * s
        if work > BASIN_LIMITS["work"]:
            raise ValueError(f"resolution^2 x optimizers x steps must be at most "
                             f"{BASIN_LIMITS['work']:,}; got {work:,} (fewer starts, steps "
                             "or optimizers)")
        surface, sp, bounds = check_surface(self.surface, self.surface_params, self.formula,
                                            self.bounds, analytic=True)
        object.__setattr__(self, "surface", surface)
        object.__setattr__(self, "bounds", bounds)
        object.__setattr__(self, "surface_params", tuple(sp.items()))

    @property
    def domain(self) -> tuple[float, float, float, float]:
        return self.bounds or SURFACES[self.surface].bounds

    @property
    def arrive_radius(self) -> float:
        """``arrive_tol`` times the domain's diagonal."""
        xmin, xmax, ymin, ymax = self.domain
        return self.arrive_tol * math.hypot(xmax - xmin, ymax - ymin)

    def make_surface(self):
        return surface_of(self.surface, self.surface_params, self.formula, self.bounds)

    def starts(self) -> np.ndarray:
        """``(n*n, 2)`` cell centres, row-major from the bottom row: index ``i*n + j`` is
        the start at row ``i`` (y) and column ``j`` (x)."""
        return start_grid(self.domain, self.resolution)

    def sim_config(self, starts) -> SimConfig:
        """The simulation of these starts (the same runs a user can replay)."""
        where = ({"formula": self.formula, "bounds": self.bounds} if self.formula else
                 {"surface": self.surface, "surface_params": self.surface_params})
        return SimConfig(optimizers=self.optimizers, starts=tuple(map(tuple, starts)),
                         steps=self.steps, record_rates=False, **where)

    def critical_config(self) -> CriticalConfig:
        return CriticalConfig(self.surface, self.surface_params, bounds=self.bounds,
                              formula=self.formula)

    def to_dict(self) -> dict:
        where = ({"formula": self.formula, "bounds": list(self.bounds)} if self.formula
                 else {"surface": self.surface, "surface_params": dict(self.surface_params)})
        return {**where, "resolution": self.resolution, "steps": self.steps,
                "arrive_tol": self.arrive_tol, "grad_tol": self.grad_tol,
                "optimizers": [o.to_dict() for o in self.optimizers]}

    @classmethod
    def from_dict(cls, d: Any) -> BasinConfig:
        if not isinstance(d, Mapping):
            raise ValueError(
                f"the configuration must be a JSON object, got {type(d).__name__}")
        check_keys(d, sorted(cls.__dataclass_fields__), what="configuration field")
        kw = dict(d)
        if isinstance(kw.get("bounds"), list):
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


@dataclass
class BasinResult:
    """Labels of every (optimizer, start). ``labels[k, i, j]``: optimizer ``k`` from the
    start at row ``i`` (y), column ``j`` (x); a point index, NOT_ARRIVED or DIVERGED."""
    config: BasinConfig
    points: np.ndarray        # (P, 2) the critical points runs can end at
    kinds: list               # (P,) minimum | maximum | saddle | degenerate
    values: np.ndarray        # (P,) f at each point
    x: np.ndarray             # (n,) start columns
    y: np.ndarray             # (n,) start rows
    labels: np.ndarray        # (K, n, n) int
    ends: np.ndarray          # (K, n, n, 2) each run's end (last finite position)
    diverged_at: np.ndarray   # (K, n, n) first bad step or -1

    def shares(self) -> np.ndarray:
        """``(K, P + 2)``: fraction of starts ending at each point, then not arrived, then
        diverged. Each row sums to 1."""
        K, P = len(self.labels), len(self.points)
        flat = self.labels.reshape(K, -1)
        cols = [*(flat == p for p in range(P)), flat == NOT_ARRIVED, flat == DIVERGED]
        return np.stack([c.mean(1) for c in cols], 1)

    def start(self, i: int, j: int) -> tuple[float, float]:
        return float(self.x[j]), float(self.y[i])

    def pixel(self, xy) -> tuple[int, int]:
        """Row and column of the start nearest ``xy``."""
        return (int(np.abs(self.y - float(xy[1])).argmin()),
                int(np.abs(self.x - float(xy[0])).argmin()))

    def to_dict(self) -> dict:
        sh = self.shares()
        return {"config": self.config.to_dict(),
                "points": [{"point": p.tolist(), "type": k, "value": float(v)}
                           for p, k, v in zip(self.points, self.kinds, self.values)],
                "x": self.x.tolist(), "y": self.y.tolist(),
                "labels": {"legend": "index into points; -1 not arrived; -2 diverged"},
                "maps": [{"optimizer": o.name, "params": o.to_dict()["params"],
                          "labels": self.labels[k].tolist(),
                          "shares": {"points": sh[k, :-2].tolist(), "not_arrived": sh[k, -2],
                                     "diverged": sh[k, -1]}}
                         for k, o in enumerate(self.config.optimizers)]}


def label_ends(surface, ends: np.ndarray, diverged: np.ndarray, points: np.ndarray,
               owner: np.ndarray, radius: float, gtol: float) -> np.ndarray:
    """Labels of end points ``(..., 2)``: ``owner`` of the nearest of ``points`` within
    ``radius`` where ``|grad| <= gtol``; NOT_ARRIVED otherwise; DIVERGED where ``diverged``."""
    shape = ends.shape[:-1]
    e = ends.reshape(-1, 2)
    label = np.full(len(e), NOT_ARRIVED, dtype=np.int64)
    fin = np.isfinite(e).all(1)
    if len(points) and fin.any():
        ef = e[fin] if not fin.all() else e
        dist, near = nearest(ef, points)
        with torch.inference_mode():
            t = torch.as_tensor(ef if ef.flags.writeable else ef.copy())   # shared ends
            gx, gy = surface.grad_xy(t[:, 0], t[:, 1])
            gn = torch.hypot(gx, gy).numpy()
        ok = (dist <= radius) & (gn <= gtol)
        sub = np.full(len(ef), NOT_ARRIVED, dtype=np.int64)
        sub[ok] = owner[near[ok]]
        label[fin] = sub
    label[diverged.reshape(-1)] = DIVERGED
    return label.reshape(shape)


NEAREST_LOOP = 64    # up to this many points: one pass per point; beyond, a k-d tree


def nearest(e: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance to, and index of, the nearest of ``points`` (P, 2) for every row of ``e``
    (N, 2), the first on a tie; never an (N, P) array. Few points (the usual surface): a
    pass over ``e`` per point; many (Rastrigin's hundreds): scipy's k-d tree."""
    if len(points) > NEAREST_LOOP:
        from scipy.spatial import cKDTree
        uniq, first = np.unique(points, axis=0, return_index=True)   # a copy: its first
        d, i = cKDTree(uniq).query(e, k=2, workers=1)
        i = first[np.minimum(i, len(uniq) - 1)]
        tie = d[:, 0] == d[:, 1]                  # equally near: the first of the two
        return d[:, 0], np.where(tie, np.minimum(i[:, 0], i[:, 1]), i[:, 0])
    ex, ey = np.ascontiguousarray(e[:, 0]), np.ascontiguousarray(e[:, 1])
    best = np.full(len(e), np.inf)
    near = np.zeros(len(e), dtype=np.int64)
    d2 = np.empty(len(e))
    tmp = np.empty(len(e))
    closer = np.empty(len(e), dtype=bool)
    for i, (px, py) in enumerate(points):
        np.subtract(ex, px, out=d2)
        np.multiply(d2, d2, out=d2)
        np.subtract(ey, py, out=tmp)
        np.multiply(tmp, tmp, out=tmp)
        np.add(d2, tmp, out=d2)
        np.less(d2, best, out=closer)
        np.copyto(best, d2, where=closer)
        near[closer] = i
    return np.sqrt(best), near


@functools.lru_cache(maxsize=16)
def _critical(config):
    """The finder's points of an analytic surface or formula: a pure function of its
    configuration, kept for the next map on the same surface (another grid, optimizers)."""
    return find_critical_points(config)


def targets(config: BasinConfig, surface) -> tuple:
    """The critical points (positions, kinds, values) and the candidate positions a run's
    end is matched against: each point, plus every member of a valley of points."""
    crit = _critical(config.critical_config())
    pts = np.array([p.point for p in crit.points]).reshape(-1, 2)
    cand, owner = [pts], [np.arange(len(pts))]
    for i, p in enumerate(crit.points):
        if p.family is not None:
            cand.append(p.family)
            owner.append(np.full(len(p.family), i))
    return (pts, [p.kind for p in crit.points], np.array([p.value for p in crit.points]),
            np.concatenate(cand), np.concatenate(owner))


def typical_gradient(surface, starts: np.ndarray) -> float:
    """The median gradient norm over the starts (finite ones), the surface's slope scale."""
    with torch.inference_mode():
        t = torch.as_tensor(starts)
        gn = torch.hypot(*surface.grad_xy(t[:, 0], t[:, 1])).numpy()
    gn = gn[np.isfinite(gn)]
    return float(np.median(gn)) if gn.size else 1.0


def basin_map(config: BasinConfig, progress=None) -> BasinResult:
    """Run every optimizer from every start and label where each run ends:
    :func:`label_basins` of :func:`basin_ends`. ``progress(done, total)`` is called as starts
    finish, if given."""
    return label_basins(config, *basin_ends(config, progress))


def basin_ends(config: BasinConfig, progress=None) -> tuple[np.ndarray, np.ndarray]:
    """Each run's end ``(K, N, 2)`` and first bad step ``(K, N)`` (-1: none), optimizer
    ``k`` from start ``i`` (:meth:`BasinConfig.starts` order).

    A map needs only each run's end. On the compiled fused path (:mod:`optim_core.fused`:
    registry surfaces with a kernel, optimizers of the coefficient template) every start
    runs in ONE call of the kernel on the grid's arrays, recording the start and the last
    position only (the same loop and tables :func:`simulate` uses, without building and
    checking a simulation of up to 65,536 starts). Elsewhere (typed formulas, optimizers
    outside the template) :func:`simulate` runs chunks of starts: the pure-torch engine
    records whole paths before thinning them, so a chunk holds at most
    ``BASIN_LIMITS["chunk_points"]`` recorded positions."""
    surface = config.make_surface()
    starts = config.starts()
    one = config.sim_config(starts[:1])
    if basin_fused(config):
        ends, div = _ends_fused(one, starts, config.steps)
        if progress is not None:
            progress(len(starts), len(starts))
        return ends, div
    return _ends_chunked(config, surface, starts, progress)


def basin_fused(config: BasinConfig) -> bool:
    """Whether :func:`basin_ends` runs ``config`` on the fused kernel, where every optimizer
    is its own row: then the ends of ``config`` are the ends of its :func:`basin_rows`, stacked,
    bit for bit (the tests check it)."""
    from .engine import _fused_unavailable
    return _fused_unavailable(config.sim_config(config.starts()[:1]), None) is None


def basin_rows(config: BasinConfig, tolerances: bool = False) -> tuple[BasinConfig, ...]:
    """One map per optimizer of ``config``, with everything that decides a run's end
    (surface, grid, steps); the labelling settings at their defaults (they do not decide
    an end), or ``config``'s with ``tolerances`` (they decide a label)."""
    defaults = {p.name: p.default for p in BASIN_PARAMS}
    base = config.to_dict()
    if not tolerances:
        base.update(arrive_tol=defaults["arrive_tol"], grad_tol=defaults["grad_tol"])
    return tuple(BasinConfig.from_dict({**base, "optimizers": [run.to_dict()]})
                 for run in config.optimizers)


def label_basins(config: BasinConfig, ends: np.ndarray, div: np.ndarray,
                 labels: np.ndarray | None = None) -> BasinResult:
    """The map of ``config`` from its runs' ends and first bad steps (:func:`basin_ends`):
    each end labelled by the rule of the module docstring. A run's label depends on its
    own end and the labelling settings only, so ``labels`` may come from the rows' own
    maps (:func:`basin_rows` with ``config``'s tolerances), stacked."""
    surface = config.make_surface()
    starts = config.starts()
    pts, kinds, values, cand, owner = targets(config, surface)
    K, n = len(config.optimizers), config.resolution
    if labels is None:
        gtol = config.grad_tol * typical_gradient(surface, starts)
        labels = label_ends(surface, ends, div >= 0, cand, owner, config.arrive_radius, gtol)
    gx = starts[:n, 0]
    gy = starts[::n, 1]
    return BasinResult(config, pts, kinds, values, gx, gy, labels.reshape(K, n, n),
                       ends.reshape(K, n, n, 2), div.reshape(K, n, n))


def _ends_fused(one: SimConfig, starts: np.ndarray, steps: int) -> tuple:
    """End points ``(K, N, 2)`` and first bad steps ``(K, N)`` of every optimizer of
    ``one`` (a simulation of one start: its tables, surface and bounds) from every start,
    in one call of the fused kernel, recording positions 0 and ``steps`` only."""
    from .engine import coefficient_array
    from .fast_surfaces import surface_arrays
    from .fused import pack, run_arrays
    tab, flags = pack(coefficient_array(one)[0])
    sid, prm = surface_arrays(one.surface, dict(one.surface_params))
    path, _, _, _, first = run_arrays(sid, prm, tab, flags, starts,
                                      bounds=one.make_surface().bounds, every=steps)
    return np.ascontiguousarray(path[-1].transpose(1, 2, 0)), first


def _ends_chunked(config: BasinConfig, surface, starts: np.ndarray, progress) -> tuple:
    """The same through :func:`simulate` (the pure-torch engine), in chunks of starts."""
    K, N = len(config.optimizers), len(starts)
    per_start = K * (config.steps + 1)
    chunk = max(1, min(LIMITS["starts"], BASIN_LIMITS["chunk_points"] // per_start))
    ends = np.empty((K, N, 2))
    div = np.empty((K, N), dtype=np.int64)
    for s in range(0, N, chunk):
        res = simulate(config.sim_config(starts[s:s + chunk]), surface, every=config.steps)
        ends[:, s:s + chunk] = res.path[:, :, -1]
        div[:, s:s + chunk] = res.diverged_at
        del res
        if progress is not None:
            progress(min(s + chunk, N), N)
    return ends, div
