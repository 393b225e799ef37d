r"""The general path: optimizers whose update does not fit the engine's coefficient template.

Sign-based (Rprop, Lion), relative to the weights' norm (Adafactor, LAMB), closure-based
(L-BFGS, which evaluates f several times per step), Hessian-based (Newton, damped Newton:
their closure keeps the gradient's graph, ``backward(create_graph=True)``), distance-estimating (Prodigy) or
iterate-averaging (ASGD, schedule-free) updates run through their reference optimizer
itself, in a plain loop like :mod:`optim_core.reference`: the result is the library's own
path, not a re-implementation. Entries whose update is coordinate-wise (``batched``) put
all starts in one ``(M, 2)`` parameter; the others run each start on its own 2-vector
(so Adafactor sees a vector, not a factored matrix, and LAMB's trust ratio and Prodigy's
distance are each run's own).

:func:`simulate_mixed` is what :func:`optim_core.engine.simulate` calls when a config has
such rows: the template rows run in the engine, these here, and the results are merged
into one :class:`~optim_core.engine.SimResult` with the engine's divergence rule (a run
diverges at its first step whose loss is not finite or that leaves the surface's bounds
grown 100 times, and is frozen at its last good position).

Besides the arrays of every run, general rows record ``stop_reason`` (``"diverged"``, or
``"singular_hessian"`` when a Newton row stopped because its system had no solution) and
``evals`` (function evaluations per step: 1, or L-BFGS's count) and ``extras``:
``avg_path`` (ASGD's averaged iterate, schedule-free's averaged point x) and ``d``
(Prodigy's distance estimate), NaN for rows without them.
"""
from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import torch

from .optimizers import get_optimizer
from .schedules import LOSS_DRIVEN, _quiet, attach

__all__ = ["DIVERGED", "HESSIAN_COST", "MAX_LOOP_STEPS", "SINGULAR", "SINGULAR_COND", "check_work",
           "general_rows", "run_general", "simulate_mixed"]

DTYPE = torch.float64
BOUND_FACTOR = 100.0   # the engine's rule: a run diverges outside the bounds grown 100 times
# optimizer steps taken in Python loops (a step is ~0.1-1 ms of CPU: torch.optim's own
# overhead), over every general row: a batched row counts its steps once, the others
# steps x starts
MAX_LOOP_STEPS = 20_000   # ~1 ms a step measured on a loaded 2-core machine: ~20 s at most
# a Newton step (gradient with its graph, one Hessian row per coordinate, a solve) costs
# about 4-5 plain ones (6.5 ms against rprop's 1.5 ms, measured under load): counted so
HESSIAN_COST = 5
# why a run stopped (SimResult.stop_reason): it blew up, or Newton's system had no solution
DIVERGED, SINGULAR = "diverged", "singular_hessian"
REASON_DTYPE = "<U16"
# a run that diverged right after a Newton step whose H + lambda I had this condition number
# or more (inf: exactly singular, no solution) stopped because the Hessian is singular or
# nearly so: the step, ~|g| / (its smallest |eigenvalue|), flew off (on (1 - w1 w2)^2, 1e-4
# from the singular line w1 w2 = 1/3: condition number 6e3, a step of 2e3)
SINGULAR_COND = 1e4
# (torch.linalg.LinAlgError, a singular Newton system, is a RuntimeError)
_STEP_ERRORS = (RuntimeError, ValueError, ZeroDivisionError, OverflowError, FloatingPointError)


def general_rows(config) -> list[int]:
    """Indices of the optimizers of ``config`` that take the general path."""
    return [k for k, r in enumerate(config.optimizers) if get_optimizer(r.name).coeffs is None]


class _Rows:
    """Output arrays of the general rows (R rows x M starts x T steps)."""

    def __init__(self, R, M, T):
        self.path = np.full((R, M, T + 1, 2), np.nan)
        self.grad = np.zeros((R, M, T, 2))           # the gradient each step used (1st eval)
        self.evals = np.zeros((R, M, T), dtype=np.int64)
        self.lr = np.zeros((R, M, T))
        self.avg = np.full((R, M, T + 1, 2), np.nan)
        self.d = np.full((R, M, T + 1), np.nan)
        self.cond = np.full((R, M, T), np.nan)       # Newton: condition number of each system


def _out_of_bounds(surface):
    xmin, xmax, ymin, ymax = surface.bounds
    center = np.array([(xmin + xmax) / 2, (ymin + ymax) / 2])
    bound = BOUND_FACTOR * max(xmax - xmin, ymax - ymin)
    return lambda p: ~np.isfinite(p).all(-1) | (np.abs(p - center).max(-1) > bound)


def _loop(out, i, cols, run, surface, config, starts, noise, batches):
    """One reference optimizer over the starts ``cols`` (a slice): step by step."""
    spec, T = get_optimizer(run.name), config.steps
    n = len(starts)
    single = n == 1
    w = (starts[0] if single else starts).clone().requires_grad_(True)
    with _quiet():
        opt = spec.make([w], **run.hp)
        sched = attach(opt, run.schedule, dict(run.schedule_params), T) \
            if run.schedule is not None else None
    clip, t, calls, first = config.clip, 0, [0], {}

    def closure():
        opt.zero_grad()
        x = w.view(1, 2) if single else w
        loss = surface.value(x) if batches is None else \
            surface.data.value(x[:, 0], x[:, 1], batches[t])
        if spec.hessian:   # Newton: the gradient keeps its graph, for the exact Hessian
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)   # the documented grad cycle
                loss.sum().backward(create_graph=True)
        else:
            loss.sum().backward()
        g = w.grad.view(-1, 2)
        with torch.no_grad():   # noise and clipping change g, not the Hessian of f
            if noise is not None:
                g += config.noise * noise[t][cols]
            if clip > 0:   # each run's gradient on its own, as the engine clips
                norm = torch.linalg.vector_norm(g, dim=1, keepdim=True)
                g.mul_(torch.clamp(clip / (norm + 1e-6), max=1.0))
        if calls[0] == 0:
            first["loss"], first["grad"] = loss.detach().clone(), g.detach().clone()
        calls[0] += 1
        return loss.sum()

    def observe(step):
        if spec.observe is None:
            return
        with torch.no_grad():
            seen = spec.observe(opt, w)
        if "avg_path" in seen:
            out.avg[i, cols, step] = seen["avg_path"].detach().view(-1, 2).numpy()
        if "d" in seen:
            out.d[i, cols, step] = float(seen["d"])

    out.path[i, cols, 0] = w.detach().view(-1, 2).numpy()
    observe(0)
    for t in range(T):
        out.lr[i, cols, t] = opt.param_groups[0]["lr"]
        calls[0] = 0
        try:
            opt.step(closure)
        except _STEP_ERRORS:   # a library giving up on non-finite numbers: divergence
            out.path[i, cols, t + 1:] = np.nan
            out.lr[i, cols, t + 1:] = out.lr[i, cols, t:t + 1]
            break
        p = w.detach().view(-1, 2).numpy()
        out.path[i, cols, t + 1] = p
        out.grad[i, cols, t] = first["grad"].numpy()
        out.evals[i, cols, t] = calls[0]
        if spec.hessian:
            out.cond[i, cols, t] = opt.state[w]["cond"]
        observe(t + 1)
        if sched is not None:
            with _quiet():
                if run.schedule in LOSS_DRIVEN:
                    sched.step(float(first["loss"].sum()))
                else:
                    sched.step()


def check_work(config) -> None:
    """Raise ValueError when the general rows of ``config`` would take more than
    MAX_LOOP_STEPS optimizer steps in Python loops (SimConfig calls this)."""
    rows = general_rows(config)
    M, T = len(config.starts), config.steps
    work = sum(T * (1 if get_optimizer(config.optimizers[k].name).batched and
                    config.optimizers[k].schedule not in LOSS_DRIVEN else M)
               * (HESSIAN_COST if get_optimizer(config.optimizers[k].name).hessian else 1)
               for k in rows)
    if work > MAX_LOOP_STEPS:
        names = ", ".join(sorted({config.optimizers[k].name for k in rows}))
        raise ValueError(f"optimizers: {names} run as their own torch.optim loops (about 1 ms "
                         f"a step): at most {MAX_LOOP_STEPS:,} of their steps per simulation "
                         f"(steps x starts, or steps alone for a batched one; a Newton step "
                         f"counts {HESSIAN_COST}); got {work:,}: "
                         "use fewer steps, starts or such optimizers")


def run_general(config, surface, rows: list[int]) -> dict:
    """The general rows of ``config``, as arrays with the engine's divergence rule."""
    M, T = len(config.starts), config.steps
    starts = torch.tensor(config.starts, dtype=DTYPE)
    noise = None
    if config.noise > 0:   # the engine's stream: one (M, 2) draw per step
        gen = torch.Generator().manual_seed(config.seed)
        noise = [torch.randn((M, 2), generator=gen, dtype=DTYPE) for _ in range(T)]
    check_work(config)
    batches = config.batches()
    out = _Rows(len(rows), M, T)
    for i, k in enumerate(rows):
        run = config.optimizers[k]
        spec = get_optimizer(run.name)
        # a loss-driven schedule follows each run's own loss: one optimizer per start
        together = spec.batched and run.schedule not in LOSS_DRIVEN
        for cols in ([slice(None)] if together else [slice(j, j + 1) for j in range(M)]):
            _loop(out, i, cols, run, surface, config, starts[cols], noise, batches)
    return _finish(out, surface, config)


def _finish(out: _Rows, surface, config) -> dict:
    """Loss and true gradient norm along the paths; first bad step; freeze after it."""
    path = out.path
    with torch.inference_mode():
        p = torch.from_numpy(path)
        loss = surface.f(p[..., 0], p[..., 1]).numpy().copy()
        gx, gy = surface.grad_xy(p[..., 0], p[..., 1])
        gnorm = torch.sqrt(gx * gx + gy * gy).numpy().copy()
    bad = _out_of_bounds(surface)(path) | ~np.isfinite(loss)
    first = np.where(bad.any(-1), bad.argmax(-1), -1)
    # the realized step per unit gradient, the per-parameter rate of a general update
    with np.errstate(divide="ignore", invalid="ignore"):
        eff = np.where(out.grad != 0, (path[:, :, :-1] - path[:, :, 1:]) / out.grad, 0.0)
    reason = np.where(first >= 0, DIVERGED, "").astype(REASON_DTYPE)
    for r, j in zip(*np.nonzero(first >= 0)):
        s = first[r, j]
        last = max(s - 1, 0)
        if s > 0 and out.cond[r, j, s - 1] >= SINGULAR_COND:   # the step from a singular H
            reason[r, j] = SINGULAR
        for arr in (path, loss, gnorm, out.avg, out.d):
            arr[r, j, s:] = arr[r, j, last]
        out.evals[r, j, s:] = 0   # no step is taken from a bad position
        if config.record_rates:
            eff[r, j, last:] = eff[r, j, max(last - 1, 0)]
    big = float(np.finfo(np.float64).max)
    return {"path": path, "loss": loss, "grad_norm": np.nan_to_num(gnorm, nan=0.0, posinf=big),
            "lr_runs": out.lr, "diverged_at": first,
            "eff_lr": np.nan_to_num(eff, nan=0.0, posinf=big, neginf=-big)
            if config.record_rates else None,
            "evals": out.evals, "avg_path": out.avg, "d": out.d, "stop_reason": reason}


def simulate_mixed(config, surface, simulate):
    """``simulate(config)`` when some rows take the general path: the template rows run in
    the engine (``simulate``), the others here; one merged SimResult."""
    from .engine import SimResult
    rows = general_rows(config)
    fused = [k for k in range(len(config.optimizers)) if k not in rows]
    K, M, T = len(config.optimizers), len(config.starts), config.steps
    g = run_general(config, surface, rows)
    path = np.empty((K, M, T + 1, 2))
    loss, gnorm = np.empty((K, M, T + 1)), np.empty((K, M, T + 1))
    lr_runs = np.empty((K, M, T))
    first = np.empty((K, M), dtype=g["diverged_at"].dtype)
    reason = np.full((K, M), "", dtype=REASON_DTYPE)
    eff = np.empty((K, M, T, 2)) if config.record_rates else None
    evals = np.ones((K, M, T), dtype=np.int64)
    avg, d = np.full((K, M, T + 1, 2), np.nan), np.full((K, M, T + 1), np.nan)
    if fused:
        sub = simulate(dataclasses.replace(config, optimizers=tuple(config.optimizers[k]
                                                                    for k in fused)), surface)
        path[fused], loss[fused], gnorm[fused] = sub.path, sub.loss, sub.grad_norm
        first[fused] = sub.diverged_at
        reason[fused] = np.where(sub.diverged_at >= 0, DIVERGED, "")
        lr_runs[fused] = sub.lr_runs if sub.lr_runs is not None else sub.lr[:, None, :]
        if eff is not None:
            eff[fused] = sub.eff_lr
        for a, k in enumerate(fused):   # the engine's frozen runs take no more evaluations
            s = sub.diverged_at[a]
            evals[k, s >= 0] = np.where(np.arange(T) < s[s >= 0, None], 1, 0)
    path[rows], loss[rows], gnorm[rows] = g["path"], g["loss"], g["grad_norm"]
    first[rows], lr_runs[rows], evals[rows] = g["diverged_at"], g["lr_runs"], g["evals"]
    reason[rows] = g["stop_reason"]
    avg[rows], d[rows] = g["avg_path"], g["d"]
    if eff is not None:
        eff[rows] = g["eff_lr"]
    varies = not all(np.array_equal(lr_runs[k], np.broadcast_to(lr_runs[k, :1], (M, T)))
                     for k in range(K))
    extras = {}
    if not np.isnan(avg).all():
        extras["avg_path"] = avg
    if not np.isnan(d).all():
        extras["d"] = d
    return SimResult(config, path, loss, gnorm, lr_runs[:, 0].copy(), eff, first,
                     lr_runs if varies else None, evals=evals, extras=extras, stop_reason=reason)
