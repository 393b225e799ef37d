r"""The learning-rate schedule registry: every entry is a ``torch.optim.lr_scheduler``.

A schedule's table is the rate each optimizer step uses, read off PyTorch's own scheduler
stepped on a throw-away optimizer; the engine multiplies it into its coefficients and the
reference loop steps the real scheduler beside the real optimizer, so the two are compared
step by step in the tests.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch.optim import lr_scheduler as S

from .specs import Param, validate_params

__all__ = [
    "LOSS_DRIVEN",
    "SCHEDULES",
    "WARMUP",
    "Plateau",
    "ScheduleSpec",
    "attach",
    "get_schedule",
    "lr_table",
]


@dataclass(frozen=True)
class ScheduleSpec:
    key: str
    name: str
    params: tuple[Param, ...]     # named as the torch scheduler's keyword arguments
    latex: str
    explain: str
    build: Callable[..., S.LRScheduler]   # build(optimizer, steps, **hp)


def _steps(name, default, help):
    return Param(name, default, 1, 100_000, kind="int", help=help)


_GAMMA = Param("gamma", 0.5, 1e-4, 1.0, help="multiplicative factor")
_ETA_MIN = Param("eta_min", 0.0, 0.0, 10.0, help="lowest rate")


def _halving(cycle: float) -> float:
    """triangular2's amplitude 1 / 2**(cycle - 1), as ``ldexp``: torch's ``2.0 ** (x - 1)``
    raises OverflowError from cycle 1025 on; ldexp is the same power of two before that
    and underflows gracefully (to a subnormal, then 0) after."""
    return math.ldexp(1.0, 1 - int(cycle))


def _cyclic(mode):
    def build(opt, steps, max_lr, step_size_up, gamma=1.0):
        base = opt.param_groups[0]["lr"]
        if mode == "triangular2":   # torch's own rule, without its overflow
            return S.CyclicLR(opt, base_lr=base, max_lr=max_lr, step_size_up=step_size_up,
                              scale_fn=_halving, scale_mode="cycle", cycle_momentum=False)
        return S.CyclicLR(opt, base_lr=base, max_lr=max_lr, step_size_up=step_size_up,
                          mode=mode, gamma=gamma, cycle_momentum=False)
    return build


class OneCycle(S.OneCycleLR):
    """torch's ``OneCycleLR`` (two phases), defined where torch divides by zero.

    When ``pct_start * total_steps == 1`` the rising phase ends at step 0 and has no
    length: torch raises ZeroDivisionError. Its rates as ``pct_start * total_steps``
    approaches 1 from below start the anneal at step 0 from ``max_lr``; this class takes
    that limit (the rising phase is skipped), and equals torch everywhere else.
    """

    def get_lr(self):
        first = self._schedule_phases[0]
        if first["end_step"] == 0.0:
            # just below 0: step 0 falls into the anneal, whose start (-5e-324) rounds
            # away in every step's share (t + 5e-324) / (T - 1 + 5e-324) = t / (T - 1)
            first["end_step"] = -math.ulp(0.0)
        return super().get_lr()


def _inverse_sqrt(opt, steps, warmup_steps):
    w = warmup_steps
    return S.LambdaLR(opt, lambda t: min((t + 1) / w, math.sqrt(w / (t + 1))))


_ENTRIES = (
    ScheduleSpec("constant", "Constant", (), r"\eta_t=\eta",
                 "The same rate at every step: the baseline.",
                 lambda opt, steps: S.LambdaLR(opt, lambda t: 1.0)),
    ScheduleSpec("step", "Step decay", (_steps("step_size", 100, "steps between decays"), _GAMMA),
                 r"\eta_t=\eta\,\gamma^{\lfloor t/s\rfloor}",
                 "Annealing in stairs: cut the rate every s steps.",
                 lambda opt, steps, step_size, gamma: S.StepLR(opt, step_size, gamma)),
    ScheduleSpec("multistep", "Multi-step decay",
                 (Param("milestones", (100, 200), 1, 100_000, kind="pair",
                        help="the two steps at which the rate drops"), _GAMMA),
                 r"\eta_t=\eta\,\gamma^{\#\{m_i\le t\}}",
                 "Drop the rate at chosen milestones (the ResNet recipe).",
                 lambda opt, steps, milestones, gamma: S.MultiStepLR(
                     opt, sorted({int(m) for m in milestones}), gamma)),
    ScheduleSpec("exponential", "Exponential decay",
                 (Param("gamma", 0.99, 0.5, 1.0, help="factor per step"),),
                 r"\eta_t=\eta\,\gamma^t", "Shrink the rate a little at every step.",
                 lambda opt, steps, gamma: S.ExponentialLR(opt, gamma)),
    ScheduleSpec("cosine", "Cosine annealing",
                 (_steps("T_max", 300, "steps of one half cosine"), _ETA_MIN),
                 r"\eta_t=\eta_{\min}+\tfrac12(\eta-\eta_{\min})(1+\cos\tfrac{\pi t}{T})",
                 "Glide smoothly from the rate down to eta_min.",
                 lambda opt, steps, T_max, eta_min: S.CosineAnnealingLR(opt, T_max, eta_min)),
    ScheduleSpec("cyclic_triangular", "Cyclical (triangular)",
                 (Param("max_lr", 0.1, 1e-6, 10.0, log=True, help="top of the cycle"),
                  _steps("step_size_up", 50, "steps from bottom to top")),
                 r"\eta_t=\eta+(\eta_{\max}-\eta)\max(0,1-|t/s-2c-1|)",
                 "Bounce between two rates: large rates jump out of sharp valleys.",
                 _cyclic("triangular")),
    ScheduleSpec("cyclic_triangular2", "Cyclical (triangular2)",
                 (Param("max_lr", 0.1, 1e-6, 10.0, log=True, help="top of the first cycle"),
                  _steps("step_size_up", 50, "steps from bottom to top")),
                 r"\text{triangular, amplitude halved every cycle}",
                 "Like triangular, with the amplitude halved every cycle.",
                 _cyclic("triangular2")),
    ScheduleSpec("cyclic_exp_range", "Cyclical (exp_range)",
                 (Param("max_lr", 0.1, 1e-6, 10.0, log=True, help="top of the first cycle"),
                  _steps("step_size_up", 50, "steps from bottom to top"),
                  Param("gamma", 0.995, 0.5, 1.0, help="amplitude factor per step")),
                 r"\text{triangular}\times\gamma^t", "Triangular cycles whose amplitude decays.",
                 _cyclic("exp_range")),
    ScheduleSpec("sgdr", "Cosine with warm restarts (SGDR)",
                 (_steps("T_0", 100, "steps of the first cycle"),
                  Param("T_mult", 1, 1, 4, kind="int", help="cycle length multiplier"), _ETA_MIN),
                 r"\eta_t=\eta_{\min}+\tfrac12(\eta-\eta_{\min})(1+\cos\tfrac{\pi T_{cur}}{T_i})",
                 "Cosine decay, then jump back up: restarts (and snapshot ensembles).",
                 lambda opt, steps, T_0, T_mult, eta_min: S.CosineAnnealingWarmRestarts(
                     opt, T_0, T_mult, eta_min)),
    ScheduleSpec("onecycle", "One-cycle",
                 (Param("max_lr", 0.1, 1e-6, 10.0, log=True, help="peak rate"),
                  Param("pct_start", 0.3, 0.01, 0.99, help="share of steps spent rising"),
                  Param("div_factor", 25.0, 1.0, 1e4, log=True, help="max_lr / first rate"),
                  Param("final_div_factor", 1e4, 1.0, 1e6, log=True,
                        help="first rate / last rate")),
                 r"\text{up from }\eta_{\max}/d\text{ to }\eta_{\max},\text{ then cosine down}",
                 "One warm-up to a large rate and one long anneal (Smith's super-convergence).",
                 lambda opt, steps, max_lr, pct_start, div_factor, final_div_factor: OneCycle(
                     opt, max_lr, total_steps=steps, pct_start=pct_start, div_factor=div_factor,
                     final_div_factor=final_div_factor, cycle_momentum=False)),
    ScheduleSpec("inverse_sqrt", "Inverse square root with warm-up (Transformer)",
                 (_steps("warmup_steps", 50, "steps of linear warm-up"),),
                 r"\eta_t=\eta\,\min\!\big(\tfrac{t+1}{w},\sqrt{\tfrac{w}{t+1}}\big)",
                 "Linear warm-up, then decay like 1/sqrt(t): the original Transformer schedule.",
                 _inverse_sqrt),
)


def _warmup(decay: ScheduleSpec) -> ScheduleSpec:
    """Linear warm-up (``LinearLR``) for ``total_iters`` steps, then ``decay`` from its own
    step 0 (``SequentialLR``): any decay of the registry can start with a warm-up."""
    def build(opt, steps, start_factor, total_iters, **hp):
        w = min(total_iters, steps)
        return S.SequentialLR(opt, [S.LinearLR(opt, start_factor, 1.0, total_iters=w),
                                    decay.build(opt, max(steps - w, 1), **hp)], milestones=[w])
    return ScheduleSpec(
        f"warmup_{decay.key}", f"Warm-up, then {decay.name[0].lower()}{decay.name[1:]}",
        (Param("total_iters", 30, 1, 100_000, kind="int", help="steps of linear warm-up"),
         Param("start_factor", 0.01, 1e-4, 1.0, log=True, help="first rate / rate"),
         *decay.params),
        r"\begin{gathered}\eta_t=\eta\,\big(f_0+(1-f_0)\tfrac{t}{w}\big)\quad(t<w),\\"
        r"\text{then }\eta_t=" + decay.latex.removeprefix(r"\eta_t=")
        + r"\ \text{with }t\to t-w\end{gathered}",
        f"Warm up linearly while the statistics settle, then {decay.explain[0].lower()}"
        f"{decay.explain[1:]}", build)


# a warm-up can precede each of these decays (key -> the warm-up entry's key)
WARMUP = {k: f"warmup_{k}" for k in ("constant", "step", "multistep", "exponential", "cosine",
                                       "sgdr")}
_BY_KEY = {s.key: s for s in _ENTRIES}
_ENTRIES = (*_ENTRIES, *(_warmup(_BY_KEY[k]) for k in WARMUP))


def _plateau(mode: str, name: str, threshold: Param, rule: str) -> ScheduleSpec:
    return ScheduleSpec(
        "reduce_on_plateau" + ("" if mode == "rel" else "_abs"), name,
        (Param("factor", 0.5, 1e-3, 0.999, help="multiply the rate by this on a plateau"),
         Param("patience", 10, 0, 10_000, kind="int", help="steps without improvement to wait"),
         threshold,
         Param("cooldown", 0, 0, 10_000, kind="int", help="steps to wait after a reduction"),
         Param("min_lr", 0.0, 0.0, 10.0, help="lowest rate")),
        r"\begin{gathered}\eta\leftarrow\max(\eta_{\min},\,\text{factor}\cdot\eta)\\"
        r"\text{after more than \textit{patience} steps with }" + rule + r"\end{gathered}",
        "Watch the loss and cut the rate when it stops improving.",
        lambda opt, steps, **hp: S.ReduceLROnPlateau(opt, mode="min", threshold_mode=mode, **hp))


_ENTRIES = (
    *_ENTRIES,
    _plateau("rel", "Reduce on plateau",
             Param("threshold", 1e-4, 0.0, 0.999, help="relative improvement that counts"),
             r"f\ge f_{best}(1-\text{threshold})"),
    _plateau("abs", "Reduce on plateau (absolute threshold)",
             Param("threshold", 1e-4, 0.0, 1e6, help="improvement of the loss that counts"),
             r"f\ge f_{best}-\text{threshold}"))
SCHEDULES: dict[str, ScheduleSpec] = {s.key: s for s in _ENTRIES}
# schedules whose rate follows the run's own loss: key -> threshold_mode
LOSS_DRIVEN = {"reduce_on_plateau": "rel", "reduce_on_plateau_abs": "abs"}


class Plateau:
    """torch's ``ReduceLROnPlateau`` (mode ``min``) for many runs at once.

    ``rate`` is ``(R, M)``: the rate of R loss-driven optimizer rows x M starts.
    ``step(loss)`` takes each run's loss (measured before the step just taken, as a
    training loop reports it) and applies torch's rule elementwise: best loss,
    ``num_bad_epochs``, cooldown, threshold (``rel`` or ``abs``), ``min_lr`` and ``eps``.
    It returns whether any rate changed.
    """
    EPS = 1e-8   # ReduceLROnPlateau's default eps: smaller changes are ignored

    def __init__(self, runs, starts: int):
        hp = [dict(r.schedule_params) for r in runs]

        def col(values, dtype=torch.float64):
            return torch.tensor(values, dtype=dtype).view(-1, 1)
        self.rate = col([float(r.hp["lr"]) for r in runs]).expand(-1, starts).clone()
        self.factor, self.threshold, self.min_lr = (col([h[k] for h in hp])
                                                    for k in ("factor", "threshold", "min_lr"))
        self.patience, self.cooldown = (col([h[k] for h in hp], torch.long)
                                        for k in ("patience", "cooldown"))
        self.rel = col([LOSS_DRIVEN[r.schedule] == "rel" for r in runs], torch.bool)
        self.best = torch.full_like(self.rate, math.inf)
        self.bad = torch.zeros(self.rate.shape, dtype=torch.long)
        self.cool = torch.zeros_like(self.bad)

    def step(self, loss: torch.Tensor) -> bool:
        better = torch.where(self.rel, loss < self.best * (1.0 - self.threshold),
                             loss < self.best - self.threshold)
        self.best = torch.where(better, loss, self.best)
        self.bad = torch.where(better, 0, self.bad + 1)
        cooling = self.cool > 0
        self.cool = torch.where(cooling, self.cool - 1, self.cool)
        self.bad = torch.where(cooling, 0, self.bad)
        reduce = self.bad > self.patience
        if not reduce.any():
            return False
        new = torch.maximum(self.rate * self.factor, self.min_lr)
        changed = reduce & (self.rate - new > self.EPS)
        self.rate = torch.where(changed, new, self.rate)
        self.cool = torch.where(reduce, self.cooldown, self.cool)
        self.bad = torch.where(reduce, 0, self.bad)
        return bool(changed.any())


def get_schedule(key: str) -> ScheduleSpec:
    if key not in SCHEDULES:
        raise ValueError(f"schedule must be one of {', '.join(SCHEDULES)}; got {key!r}")
    return SCHEDULES[key]


def attach(optimizer: torch.optim.Optimizer, key: str, params: dict, steps: int):
    """The torch scheduler of ``key`` on ``optimizer`` (call ``.step()`` after each step)."""
    return get_schedule(key).build(optimizer, steps, **params)


def lr_table(key: str, params: dict | None, lr: float, steps: int,
             field: str = "schedule.params") -> np.ndarray:
    """The rate each of ``steps`` optimizer steps uses, read off torch's scheduler."""
    hp = validate_params(get_schedule(key).params, params, field)
    if key in LOSS_DRIVEN:
        raise ValueError(f"schedule {key} follows the loss of a run: use it on an optimizer "
                         "in a simulation, where its rates are recorded")
    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
    with _quiet():
        sched = attach(opt, key, hp, steps)
        out = np.empty(steps)
        for t in range(steps):
            out[t] = opt.param_groups[0]["lr"]
            opt.step()
            sched.step()
    return out


class _quiet:
    """Silence torch's 'scheduler.step() before optimizer.step()' style warnings."""

    def __enter__(self):
        import warnings
        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        return self._w.__exit__(*exc)
