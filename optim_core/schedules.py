r"""The learning-rate schedule registry: every entry is a ``torch.optim.lr_scheduler``.

A schedule's table is the rate each optimizer step uses, read off PyTorch's own scheduler
stepped on a throw-away optimizer; the engine applies it in its rate stage and the
reference loop steps the real scheduler beside the real optimizer, so the two are compared
step by step in the tests.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch.optim import lr_scheduler as S

from .specs import Param, validate_params
from .text import Text, zh_of

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
    # a check across parameters (e.g. one milestone fewer than pieces): check(hp, field)
    check: Callable[[dict, str], None] | None = None

    def validate(self, params, field: str) -> dict:
        """The checked parameters (defaults filled in), or ValueError naming the field."""
        hp = validate_params(self.params, params, field)
        if self.check is not None:
            self.check(hp, field)
        return hp


def _steps(name, default, help):
    return Param(name, default, 1, 100_000, kind="int", help=help)


class Frozen(dict):
    """A read-only, hashable dict (one piece of a composite schedule): configs stay
    hashable cache keys, and JSON writes it as the object it was given as."""

    def __hash__(self):
        return hash(tuple(self.items()))

    def __reduce__(self):
        return Frozen, (dict(self),)

    def _read_only(self, *args, **kwargs):
        raise TypeError("a schedule piece is read-only")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = _read_only


class _Bad(ValueError):
    """A typed factor gave no rate (raised inside torch's scheduler, named by lr_table)."""


MAX_MILESTONES, MAX_PIECES = 64, 8


def _ints(least: int):
    def parse(value, field):
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)) or \
                not least <= len(value) <= MAX_MILESTONES:
            raise ValueError(f"{field} must be a list of {least} to {MAX_MILESTONES} steps in "
                             f"[1, 100000], got {value!r:.60}")
        step = Param("m", 1, 1, 100_000, kind="int")
        return tuple(sorted(step.check(v, f"{field}[{i}]") for i, v in enumerate(value)))
    return parse


_MILESTONES = Param("milestones", (100, 200), 1, 100_000, kind="ints", parse=_ints(1),
                    help=Text("the steps at which the rate drops (any number)",
                              "学习率下降的步数（个数不限）"))


def _factor_formula(value, field):
    from .formula import compile_formula
    if not isinstance(value, str):
        msg = f"{field} must be a formula of t (text), got {value!r:.60}"
        raise ValueError(msg)
    try:
        compile_formula(value, ("t",))
    except ValueError as e:
        raise ValueError(f"{field}: {e}") from None
    return value.strip()


def check_factor(lr_lambda: str, steps: int, field: str) -> None:
    """Refuse a typed factor that is not a rate (not finite, or < 0) at some t in
    0..``steps`` (what :func:`_lambda`'s scheduler would meet while training), naming
    ``field``: one vectorized evaluation, checked before any work starts."""
    from .formula import compile_formula
    t = torch.arange(steps + 1, dtype=torch.float64)
    v = compile_formula(lr_lambda, ("t",))(t) + 0.0 * t
    bad = ~(torch.isfinite(v) & (v >= 0))
    if bad.any():
        i = int(torch.nonzero(bad)[0])
        raise ValueError(f"{field}.lr_lambda: the factor at t = {i} is {float(v[i])!r}; it "
                         "must be finite and >= 0")


def _lambda(opt, steps, lr_lambda):
    """``LambdaLR`` whose factor is the typed formula of t (evaluated once for every step
    as a float64 vector, then read by torch's scheduler step by step)."""
    from .formula import compile_formula
    f = compile_formula(lr_lambda, ("t",))
    t = torch.arange(steps + 1, dtype=torch.float64)
    values = (f(t) + 0.0 * t).tolist()

    def factor(step):
        v = values[step] if step < len(values) else \
            float(f(torch.tensor(float(step), dtype=torch.float64)))
        if not (math.isfinite(v) and v >= 0.0):
            raise _Bad(f"lr_lambda: the factor at t = {step} is {v!r}; it must be finite "
                       "and >= 0")
        return v
    return S.LambdaLR(opt, factor)


_GAMMA = Param("gamma", 0.5, 1e-4, 1.0, help=Text("multiplicative factor", "乘法系数"))
_ETA_MIN = Param("eta_min", 0.0, 0.0, 10.0, help=Text("lowest rate", "最低学习率"))


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
    ScheduleSpec("constant", Text("Constant", "常数"), (), r"\eta_t=\eta",
                 Text("The same rate at every step: the baseline.", "每一步学习率都相同：作为基准。"),
                 lambda opt, steps: S.LambdaLR(opt, lambda t: 1.0)),
    ScheduleSpec("step", Text("Step decay",
                              "阶梯衰减"), (_steps("step_size", 100, Text("steps between decays",
                                                                      "两次衰减之间的步数")), _GAMMA),
                 r"\eta_t=\eta\,\gamma^{\lfloor t/s\rfloor}",
                 Text("Annealing in stairs: cut the rate every s steps.",
                      "像台阶一样退火：每 s 步降低一次学习率。"),
                 lambda opt, steps, step_size, gamma: S.StepLR(opt, step_size, gamma)),
    ScheduleSpec("multistep", Text("Multi-step decay", "多阶梯衰减"),
                 (_MILESTONES, _GAMMA),
                 r"\eta_t=\eta\,\gamma^{\#\{m_i\le t\}}",
                 Text("Drop the rate at chosen milestones (the ResNet recipe).",
                      "在选定的里程碑处降低学习率（训练残差网络的经典做法）。"),
                 lambda opt, steps, milestones, gamma: S.MultiStepLR(opt, list(milestones), gamma)),
    ScheduleSpec("exponential", Text("Exponential decay", "指数衰减"),
                 (Param("gamma", 0.99, 0.5, 1.0, help=Text("factor per step", "每步的系数")),),
                 r"\eta_t=\eta\,\gamma^t", Text("Shrink the rate a little at every step.",
                                                "每一步都把学习率缩小一点。"),
                 lambda opt, steps, gamma: S.ExponentialLR(opt, gamma)),
    ScheduleSpec("cosine", Text("Cosine annealing", "余弦退火"),
                 (_steps("T_max", 300, Text("steps of one half cosine",
                                            "半个余弦周期的步数")), _ETA_MIN),
                 r"\eta_t=\eta_{\min}+\tfrac12(\eta-\eta_{\min})(1+\cos\tfrac{\pi t}{T})",
                 Text("Glide smoothly from the rate down to eta_min.",
                      "从初始学习率平滑地降到 eta_min。"),
                 lambda opt, steps, T_max, eta_min: S.CosineAnnealingLR(opt, T_max, eta_min)),
    ScheduleSpec("cyclic_triangular", Text("Cyclical (triangular)", "周期性（triangular）"),
                 (Param("max_lr", 0.1, 1e-6, 10.0, log=True, help=Text("top of the cycle",
                                                                       "周期的最高学习率")),
                  _steps("step_size_up", 50, Text("steps from bottom to top", "从最低到最高的步数"))),
                 r"\eta_t=\eta+(\eta_{\max}-\eta)\max(0,1-|t/s-2c-1|)",
                 Text("Bounce between two rates: large rates jump out of sharp valleys.",
                      "在两个学习率之间来回：大的学习率能跳出尖锐的山谷。"),
                 _cyclic("triangular")),
    ScheduleSpec("cyclic_triangular2", Text("Cyclical (triangular2)",
                                            "周期性（triangular2）"),
                 (Param("max_lr", 0.1, 1e-6, 10.0, log=True, help=Text("top of the first cycle",
                                                                       "第一个周期的最高学习率")),
                  _steps("step_size_up", 50, Text("steps from bottom to top", "从最低到最高的步数"))),
                 r"\text{triangular, amplitude halved every cycle}",
                 Text("Like triangular, with the amplitude halved every cycle.",
                      "与三角形周期相同，但每个周期振幅减半。"),
                 _cyclic("triangular2")),
    ScheduleSpec("cyclic_exp_range", Text("Cyclical (exp_range)", "周期性（exp_range）"),
                 (Param("max_lr", 0.1, 1e-6, 10.0, log=True, help=Text("top of the first cycle",
                                                                       "第一个周期的最高学习率")),
                  _steps("step_size_up", 50, Text("steps from bottom to top", "从最低到最高的步数")),
                  Param("gamma", 0.995, 0.5, 1.0, help=Text("amplitude factor per step",
                                                            "每步的振幅系数"))),
                 r"\text{triangular}\times\gamma^t", Text("Triangular cycles whose amplitude decays.",
                                                          "振幅逐渐衰减的三角形周期。"),
                 _cyclic("exp_range")),
    ScheduleSpec("sgdr", Text("Cosine with warm restarts (SGDR)", "带热重启的余弦退火（SGDR）"),
                 (_steps("T_0", 100, Text("steps of the first cycle", "第一个周期的步数")),
                  Param("T_mult", 1, 1, 4, kind="int", help=Text("cycle length multiplier",
                                                                 "周期长度的倍数")), _ETA_MIN),
                 r"\eta_t=\eta_{\min}+\tfrac12(\eta-\eta_{\min})(1+\cos\tfrac{\pi T_{cur}}{T_i})",
                 Text("Cosine decay, then jump back up: restarts (and snapshot ensembles).",
                      "余弦衰减后再跳回高处：重启（以及快照集成）。"),
                 lambda opt, steps, T_0, T_mult, eta_min: S.CosineAnnealingWarmRestarts(
                     opt, T_0, T_mult, eta_min)),
    ScheduleSpec("onecycle", Text("One-cycle", "单周期（One-cycle）"),
                 (Param("max_lr", 0.1, 1e-6, 10.0, log=True, help=Text("peak rate", "峰值学习率")),
                  Param("pct_start", 0.3, 0.01, 0.99, help=Text("share of steps spent rising",
                                                                "上升阶段所占的步数比例")),
                  Param("div_factor", 25.0, 1.0, 1e4, log=True, help=Text("max_lr / first rate",
                                                                          "max_lr / 初始学习率")),
                  Param("final_div_factor", 1e4, 1.0, 1e6, log=True,
                        help=Text("first rate / last rate", "初始学习率 / 最终学习率"))),
                 r"\text{up from }\eta_{\max}/d\text{ to }\eta_{\max},\text{ then cosine down}",
                 Text("One warm-up to a large rate and one long anneal (Smith's super-convergence).",
                      "一次预热到很大的学习率，再一次长长的退火（即所谓超收敛）。"),
                 lambda opt, steps, max_lr, pct_start, div_factor, final_div_factor: OneCycle(
                     opt, max_lr, total_steps=steps, pct_start=pct_start, div_factor=div_factor,
                     final_div_factor=final_div_factor, cycle_momentum=False)),
    ScheduleSpec("linear", Text("Linear (LinearLR)", "线性（LinearLR）"),
                 (Param("start_factor", 0.1, 1e-4, 1.0, log=True, help=Text("first rate / rate",
                                                                            "初始学习率 / 学习率")),
                  # not 0: torch's recursive form then ends at -1e-28 x lr, not 0 (a decay to
                  # exactly 0 is "polynomial" with power 1)
                  Param("end_factor", 1.0, 1e-4, 1.0, log=True,
                        help=Text("rate after total_iters / rate",
                                  "total_iters 之后的学习率 / 学习率")),
                  _steps("total_iters", 100, Text("steps of the linear change", "线性变化的步数"))),
                 r"\eta_t=\eta\big(f_0+(f_1-f_0)\min(t,T)/T\big)",
                 Text("A straight line between two rates: a warm-up (f0 < f1) or a linear decay.",
                      "两个学习率之间的一条直线：预热（f0 < f1）或线性衰减。"),
                 lambda opt, steps, start_factor, end_factor, total_iters: S.LinearLR(
                     opt, start_factor, end_factor, total_iters)),
    ScheduleSpec("polynomial", Text("Polynomial decay", "多项式衰减"),
                 (_steps("total_iters", 300, Text("steps until the rate reaches 0",
                                                  "学习率降到 0 所需的步数")),
                  Param("power", 1.0, 0.0, 10.0, help=Text("exponent of the decay", "衰减的指数"))),
                 r"\eta_t=\eta\,\big(1-\min(t,T)/T\big)^{p}",
                 Text("Decay to zero at step T along (1 - t/T)^p: linear for p = 1.",
                      "沿 (1 - t/T)^p 在第 T 步衰减到零：p = 1 时是线性的。"),
                 lambda opt, steps, total_iters, power: S.PolynomialLR(opt, total_iters, power)),
    ScheduleSpec("constant_factor", Text("Constant factor, then the full rate (ConstantLR)",
                                         "先乘常数系数，再用完整学习率（ConstantLR）"),
                 (Param("factor", 1 / 3, 1e-4, 1.0, log=True, help=Text("rate share at the start",
                                                                        "开始时学习率的比例")),
                  _steps("total_iters", 50, Text("steps at the reduced rate",
                                                 "使用较小学习率的步数"))),
                 r"\eta_t=\eta\,f\ (t<T),\qquad \eta_t=\eta\ (t\ge T)",
                 Text("A reduced rate for the first steps, then the full rate: the simplest warm-up.",
                      "最初几步用较小的学习率，之后用完整学习率：最简单的预热。"),
                 lambda opt, steps, factor, total_iters: S.ConstantLR(opt, factor, total_iters)),
    ScheduleSpec("multiplicative", Text("Multiplicative (constant factor)", "乘法式（常数系数）"),
                 (Param("factor", 0.99, 1e-4, 1.0, help=Text("multiplies the rate at every step",
                                                             "每一步乘在学习率上")),),
                 r"\eta_t=\eta_{t-1}\,f",
                 Text("Multiply the rate by the same factor after every step (MultiplicativeLR).",
                      "每一步之后都把学习率乘以同一个系数（MultiplicativeLR）。"),
                 lambda opt, steps, factor: S.MultiplicativeLR(opt, lambda t: factor)),
    ScheduleSpec("lambda", Text("Your own factor lambda(t) (LambdaLR)",
                                "自定义系数 λ(t) 的调度（LambdaLR）"),
                 (Param("lr_lambda", "1 / sqrt(1 + t / 10)", 0, 0, kind="formula",
                        parse=_factor_formula,
                        help=Text("a formula of the step t (t = 0, 1, ...); rate = lr x factor",
                                  "步数 t 的公式（t = 0, 1, ...）；学习率 = lr x 系数")),),
                 r"\eta_t=\eta\,\lambda(t)",
                 Text("Any factor you can type as a formula of the step t.",
                      "任何能写成步数 t 的公式的系数。"),
                 _lambda),
    ScheduleSpec("inverse_sqrt", Text("Inverse square root with warm-up (Transformer)",
                                      "带预热的平方根倒数衰减（Transformer）"),
                 (_steps("warmup_steps", 50, Text("steps of linear warm-up", "线性预热的步数")),),
                 r"\eta_t=\eta\,\min\!\big(\tfrac{t+1}{w},\sqrt{\tfrac{w}{t+1}}\big)",
                 Text("Linear warm-up, then decay like 1/sqrt(t): the original Transformer schedule.",
                      "先线性预热，再按 1/sqrt(t) 衰减：最早的变换器（Transformer）模型用的就是它。"),
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
        f"warmup_{decay.key}",
        Text(f"Warm-up, then {decay.name[0].lower()}{decay.name[1:]}",
             f"先预热，再{zh_of(decay.name) or decay.name}"),
        (Param("total_iters", 30, 1, 100_000, kind="int", help=Text("steps of linear warm-up",
                                                                    "线性预热的步数")),
         Param("start_factor", 0.01, 1e-4, 1.0, log=True, help=Text("first rate / rate",
                                                                    "初始学习率 / 学习率")),
         *decay.params),
        r"\begin{gathered}\eta_t=\eta\,\big(f_0+(1-f_0)\tfrac{t}{w}\big)\quad(t<w),\\"
        r"\text{then }\eta_t=" + decay.latex.removeprefix(r"\eta_t=")
        + r"\ \text{with }t\to t-w\end{gathered}",
        Text(f"Warm up linearly while the statistics settle, then {decay.explain[0].lower()}"
             f"{decay.explain[1:]}",
             f"先线性预热，等统计量稳定下来；之后：{zh_of(decay.explain) or decay.explain}"),
        build)


# a warm-up can precede each of these decays (key -> the warm-up entry's key)
WARMUP = {k: f"warmup_{k}" for k in ("constant", "step", "multistep", "exponential", "cosine",
                                       "sgdr")}
_BY_KEY = {s.key: s for s in _ENTRIES}
_ENTRIES = (*_ENTRIES, *(_warmup(_BY_KEY[k]) for k in WARMUP))


def _plateau(mode: str, name: str, threshold: Param, rule: str) -> ScheduleSpec:
    return ScheduleSpec(
        "reduce_on_plateau" + ("" if mode == "rel" else "_abs"), name,
        (Param("factor", 0.5, 1e-3, 0.999, help=Text("multiply the rate by this on a plateau",
                                                     "遇到平台期时学习率乘以这个数")),
         Param("patience", 10, 0, 10_000, kind="int", help=Text("steps without improvement to wait",
                                                                "没有改进时等待的步数")),
         threshold,
         Param("cooldown", 0, 0, 10_000, kind="int", help=Text("steps to wait after a reduction",
                                                               "降低学习率后等待的步数")),
         Param("min_lr", 0.0, 0.0, 10.0, help=Text("lowest rate", "最低学习率"))),
        r"\begin{gathered}\eta\leftarrow\max(\eta_{\min},\,\text{factor}\cdot\eta)\\"
        r"\text{after more than \textit{patience} steps with }" + rule + r"\end{gathered}",
        Text("Watch the loss and cut the rate when it stops improving.",
             "盯着损失，当它不再下降时降低学习率。"),
        lambda opt, steps, **hp: S.ReduceLROnPlateau(opt, mode="min", threshold_mode=mode, **hp))


_ENTRIES = (
    *_ENTRIES,
    _plateau("rel", Text("Reduce on plateau", "平台期降低学习率"),
             Param("threshold", 1e-4, 0.0, 0.999, help=Text("relative improvement that counts",
                                                            "算作改进的相对下降量")),
             r"f\ge f_{best}(1-\text{threshold})"),
    _plateau("abs", Text("Reduce on plateau (absolute threshold)",
                          "平台期降低学习率（绝对阈值）"),
             Param("threshold", 1e-4, 0.0, 1e6, help=Text("improvement of the loss that counts",
                                                          "算作改进的损失下降量")),
             r"f\ge f_{best}-\text{threshold}"))
SCHEDULES: dict[str, ScheduleSpec] = {s.key: s for s in _ENTRIES}
# schedules whose rate follows the run's own loss: key -> threshold_mode
LOSS_DRIVEN = {"reduce_on_plateau": "rel", "reduce_on_plateau_abs": "abs"}


# --- composite schedules: pieces of the registry, in sequence or multiplied together ----
# pieces: every timed entry except the composite ones (no nesting)
PIECE_EXCLUDED = {"sequential", "chained", *LOSS_DRIVEN, *WARMUP.values()}


def _pieces(value, field):
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, (list, tuple)) or \
            not 1 <= len(value) <= MAX_PIECES:
        raise ValueError(f"{field} must be a list of 1 to {MAX_PIECES} pieces "
                         f'{{"name": ..., "params": {{...}}}}, got {value!r:.60}')
    allowed = [k for k in SCHEDULES if k not in PIECE_EXCLUDED]
    out = []
    for i, piece in enumerate(value):
        where = f"{field}[{i}]"
        if isinstance(piece, str):
            piece = {"name": piece}
        if not isinstance(piece, dict):
            msg = f'{where} must be an object {{"name": ..., "params": {{...}}}}, got {piece!r:.60}'
            raise ValueError(msg)
        extra = sorted(set(piece) - {"name", "params"}, key=str)
        if extra:
            raise ValueError(f"{where}.{str(extra[0])[:40]!r} is not a field; allowed: name, "
                             "params")
        name = piece.get("name")
        if not isinstance(name, str) or name not in allowed:
            raise ValueError(f"{where}.name must be one of {', '.join(allowed)}; "
                             f"got {name!r:.60}")
        hp = SCHEDULES[name].validate(piece.get("params"), f"{where}.params")
        out.append(Frozen(name=name, params=Frozen(hp)))
    return tuple(out)


def _sequential_check(hp, field):
    n, m = len(hp["schedulers"]), hp["milestones"]
    if len(m) != n - 1:
        raise ValueError(f"{field}.milestones must list {n - 1} step(s) for {n} pieces "
                         f"(where each piece after the first starts); got {len(m)}")
    if any(b <= a for a, b in itertools.pairwise(m)):
        raise ValueError(f"{field}.milestones must be distinct steps; got {list(m)}")


def _build_piece(opt, steps, piece):
    return SCHEDULES[piece["name"]].build(opt, steps, **piece["params"])


def _sequential(opt, steps, schedulers, milestones):
    """``SequentialLR``: piece i runs from milestone i-1 for its own span of steps."""
    edges = [0, *milestones, max(steps, milestones[-1] + 1 if milestones else steps)]
    parts = [_build_piece(opt, max(edges[i + 1] - edges[i], 1), p)
             for i, p in enumerate(schedulers)]
    return S.SequentialLR(opt, parts, milestones=list(milestones))


def _chained(opt, steps, schedulers):
    """``ChainedScheduler``: every piece steps at every step; their factors multiply."""
    return S.ChainedScheduler([_build_piece(opt, steps, p) for p in schedulers], optimizer=opt)


_DEFAULT_PIECES = (Frozen(name="linear", params=Frozen(start_factor=0.1, end_factor=1.0,
                                                      total_iters=30)),
                   Frozen(name="cosine", params=Frozen(T_max=270, eta_min=0.0)))
_PIECES = Param("schedulers", _DEFAULT_PIECES, 1, MAX_PIECES, kind="pieces", parse=_pieces,
                help=Text('the pieces: a list of {"name": ..., "params": {...}}',
                          "各段调度：由 `{\"name\": ..., \"params\": {...}}` 组成的列表"))
_ENTRIES = (
    *_ENTRIES,
    ScheduleSpec("sequential", Text("Sequence of schedules (SequentialLR)",
                                    "调度序列（SequentialLR）"),
                 (_PIECES, Param("milestones", (30,), 1, 100_000, kind="ints", parse=_ints(0),
                                 help=Text("the step at which each piece after the first starts",
                                           "第一段之后每一段开始的步数"))),
                 r"\eta_t=\text{piece}_i(t-m_{i-1})\quad(m_{i-1}\le t<m_i)",
                 Text("Any schedules one after the other, each restarted at its milestone.",
                      "多个调度依次进行，每个在自己的里程碑处重新开始。"),
                 _sequential, _sequential_check),
    ScheduleSpec("chained", Text("Chained schedules (ChainedScheduler)",
                                 "链式调度（ChainedScheduler）"),
                 (Param("schedulers", (Frozen(name="constant_factor",
                                              params=Frozen(factor=0.1, total_iters=20)),
                                       Frozen(name="exponential", params=Frozen(gamma=0.99))),
                        1, MAX_PIECES, kind="pieces", parse=_pieces,
                        help=Text('the pieces: a list of {"name": ..., "params": {...}}',
                                  "各段调度：由 `{\"name\": ..., \"params\": {...}}` 组成的列表")),),
                 r"\text{every piece steps at every step; their factors multiply}",
                 Text("Several schedules at once: each one's change is applied in turn.",
                      "同时使用多个调度：依次应用每个调度的变化。"),
                 _chained))
SCHEDULES = {s.key: s for s in _ENTRIES}


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
    hp = get_schedule(key).validate(params, field)
    if key in LOSS_DRIVEN:
        raise ValueError(f"schedule {key} follows the loss of a run: use it on an optimizer "
                         "in a simulation, where its rates are recorded")
    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
    with _quiet():
        try:
            sched = attach(opt, key, hp, steps)
            out = np.empty(steps)
            for t in range(steps):
                out[t] = opt.param_groups[0]["lr"]
                opt.step()
                sched.step()
        except _Bad as e:   # a typed factor that is not a rate: name the field
            raise ValueError(f"{field}.{e}") from None
    bad = ~np.isfinite(out)
    if bad.any():
        t = int(np.argmax(bad))
        raise ValueError(f"{field}: the rate at step {t} is {out[t]!r}; every rate must be "
                         "finite (lower lr or the schedule's factors)")
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
