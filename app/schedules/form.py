"""Configs and summaries of the Learning-rate page, built from widget values.

No maths beyond reading results, no torch: the page turns widgets into these frozen
configs, the cached core call runs them, and the figure builders draw the results.
"""
from __future__ import annotations

import numpy as np

from app.controls import suggested_lr
from app.text import tr
from optim_core import (
    LOSS_DRIVEN,
    OPTIMIZERS,
    SCHEDULES,
    SURFACES,
    WARMUP,
    OptimizerRun,
    SimConfig,
    SimResult,
    SweepConfig,
    SweepResult,
    derivatives,
    surface_of,
)

ADAPTIVE = ("adagrad", "rmsprop", "adam")
# the builder's first menu: every registry entry except the generated "warm-up, then X"
# ones, which the warm-up toggle selects
DECAYS = tuple(k for k in SCHEDULES if k not in set(WARMUP.values()))
# above the ravine's stability limit at its minimum (2/23.2 = 0.086): the run locks into
# a bounce centred where the steepest curvature equals 2/eta (tests/test_claims_app.py)
STUCK_LR = 0.099


def compose(decay: str, params: dict, warmup: dict | None) -> tuple[str, tuple]:
    """The registry key and parameters of ``decay``, preceded by a warm-up if given."""
    if warmup and decay in WARMUP:
        return WARMUP[decay], tuple({**warmup, **params}.items())
    return decay, tuple(params.items())


def warmup_steps(key: str, params: tuple) -> int:
    """Steps of linear warm-up of a composed schedule (0 without one)."""
    return int(dict(params).get("total_iters", 0)) if key in WARMUP.values() else 0


def with_without(surface: dict, opt: str, lr: float, schedule: str, sparams: tuple,
                 steps: int, noise: float = 0.0) -> SimConfig:
    """Row 0: constant rate; row 1: the same optimizer under the schedule (same noise)."""
    start = surface_of(**surface).start
    hp = (("lr", lr),)
    config = SimConfig(steps=steps, starts=(tuple(start),), noise=noise, **surface, optimizers=(
        OptimizerRun(opt, hp), OptimizerRun(opt, hp, schedule=schedule, schedule_params=sparams)))
    config.optimizers[1].lr_table(steps)   # a typed factor's bad value: a ValueError here
    return config


def tail_loss(result: SimResult, n: int = 50) -> dict:
    """Mean loss over the last ``n`` steps of both runs, and schedule / constant."""
    n = min(n, result.loss.shape[-1])
    loss = result.loss[:, 0, -n:].mean(axis=1)
    return {"n": n, "loss": loss, "ratio": float(loss[1] / loss[0]) if loss[0] > 0 else float("nan")}


def is_loss_driven(key: str) -> bool:
    return key in LOSS_DRIVEN


def stuck(lr: float, steps: int = 300) -> SimConfig:
    """SGD on the ravine at ``lr`` (row 0) and at half of it (row 1), from its start."""
    return SimConfig(surface="ravine", steps=steps, starts=(SURFACES["ravine"].start,),
                     optimizers=(OptimizerRun("sgd", (("lr", lr),)),
                                 OptimizerRun("sgd", (("lr", lr / 2),))))


def curvature_along(result: SimResult, row: int = 0) -> np.ndarray:
    """Largest Hessian eigenvalue at the centre of each bounce: the midpoints of
    consecutive iterates of run ``row`` (T,)."""
    path = result.path[row, 0]
    _, _, hess = derivatives(result.config.make_surface(), (path[1:] + path[:-1]) / 2)
    return np.linalg.eigvalsh(hess)[:, -1]


def curvature_at_minimum(result: SimResult) -> float:
    """The largest Hessian eigenvalue at the surface's listed minimum."""
    surface = result.config.make_surface()
    point = next(k.point for k in surface.known if k.kind == "minimum")
    _, _, hess = derivatives(surface, np.asarray(point, dtype=np.float64))
    return float(np.linalg.eigvalsh(hess)[-1])


def stuck_summary(result: SimResult, window: int = 100) -> dict:
    """Relative change of the loss between the two halves of the last ``window`` steps
    (means, so a wall-to-wall bounce does not count as change) and the smallest gradient
    norm there."""
    loss, g = result.loss[0, 0, -window:], result.grad_norm[0, 0, -window:]
    early, late = loss[: window // 2].mean(), loss[window // 2:].mean()
    dloss = float(abs(late - early) / max(early, 1e-300))
    path = result.path[0, 0]
    lr = dict(result.config.optimizers[0].params)["lr"]
    return {"n": window, "dloss": dloss, "change": "< 0.01%" if dloss < 1e-4 else f"{dloss:.2%}",
            "g": float(g.min()), "loss": float(loss[-1]),
            "stuck": dloss < 0.01 and float(g.min()) > 1.0,
            "cycle": float(np.abs(path[-1] - path[-3]).max()),   # 0 for a 2-cycle
            "lam": float(curvature_along(result)[-1]), "limit": 2.0 / lr,
            "lam_min": (lam_min := curvature_at_minimum(result)), "lim_min": 2.0 / lam_min}


def sweep(surface: str, optimizers: list[str], steps: int) -> SweepConfig:
    """The page's sweep: every optimizer at every rate of the default grid (the core's
    optim_core.sweep runs it; the command line's ``sweep`` reads the same JSON)."""
    return SweepConfig(surface=surface, optimizers=tuple(optimizers), steps=steps)


def sweep_rows(result: SweepResult, head: dict) -> list[dict]:
    """The sweep table for display: optimizer, best rate, its loss, first diverging rate."""
    return [{head["name"]: tr(OPTIMIZERS[r["key"]].name),
             head["best"]: "—" if r["best_lr"] is None else f"{r['best_lr']:.3g}",
             head["loss"]: "—" if r["best_loss"] is None else f"{r['best_loss']:.3g}",
             head["diverges"]: head["never"] if r["diverges_from"] is None
             else f"{r['diverges_from']:.3g}"}
            for r in result.table()]


def adaptive(surface: str, steps: int) -> SimConfig:
    return SimConfig(surface=surface, steps=steps, starts=(SURFACES[surface].start,),
                     optimizers=tuple(OptimizerRun(k, (("lr", suggested_lr(k, surface)),))
                                      for k in ADAPTIVE))
