r"""The optimizer registry: every optimizer of the lecture notes and of today's practice.

Every entry carries its hyper-parameters (torch.optim's own keyword names), its update
rule in the lecture's framework (gradient :math:`g_t`, first moment :math:`m_t`, second
moment :math:`V_t`, step :math:`\eta_t`, update :math:`w_{t+1}=w_t-\eta_t`), when it shines
and when it fails, and two implementations:

* ``make(params, hp)``: the reference, a ``torch.optim.Optimizer`` (PyTorch's own, or a
  subclass in :mod:`optim_core.lecture` for the lecture's variants);
* ``coeffs(hp, lr)``: the per-step coefficients of the engine's one vectorized update
  rule (see :mod:`optim_core.engine`), tested against the reference in float64.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from . import lecture
from .specs import Param

__all__ = ["GROUPS", "OPTIMIZERS", "OptimizerSpec", "get_optimizer"]

# the picker's groups, in order
GROUPS = ("classic", "adaptive", "lecture", "second-order", "recent")

Coeffs = dict  # name -> float or (T,) array; see engine.DEFAULT_COEFFS


@dataclass(frozen=True)
class OptimizerSpec:
    key: str
    name: str
    params: tuple[Param, ...]
    latex: str                     # update rule in the lecture's framework
    shines: str
    fails: str
    ref: type                      # the reference torch.optim.Optimizer class
    # coeffs(hp, lr: (T,) array) -> Coeffs; None: the update does not fit the engine's
    # template and the run goes through the general path (optim_core.general)
    coeffs: Callable[..., Coeffs] | None = None
    adaptive: bool = False         # has a per-parameter step size eta_t / sigma_t
    lecture_note: str = ""         # how the lecture's form differs from PyTorch's
    in_torch: bool = True          # the reference is torch.optim itself
    ref_kwargs: tuple = ()         # fixed keyword arguments of the reference, e.g. nesterov
    group: str = "classic"         # the picker's group: one of GROUPS
    source: str = ""               # the reference's import path, e.g. "lion_pytorch.Lion"
    # registry hyper-parameters -> the reference's keyword arguments (None: the same)
    to_kwargs: Callable[[dict], dict] | None = None
    # general path only: the update is coordinate-wise, so the starts may share one
    # (M, 2) parameter (one optimizer for all); otherwise each start runs on its own 2-vector
    batched: bool = False
    # general path only: what to record after each step besides the position, from the
    # optimizer and its parameter: {"avg_path": (.., 2) tensor, "d": float} (see general)
    observe: Callable | None = None

    def make(self, params, **hp) -> torch.optim.Optimizer:
        """The reference optimizer over ``params`` with hyper-parameters ``hp``."""
        kwargs = self.to_kwargs(hp) if self.to_kwargs is not None else hp
        return self.ref(params, **kwargs, **dict(self.ref_kwargs))

    @property
    def reference(self) -> str:
        """The reference implementation's import path."""
        return self.source or (f"torch.optim.{self.ref.__name__}" if self.in_torch else
                               f"optim_core.lecture.{self.ref.__name__}")


def _lr(default: float) -> Param:
    return Param("lr", default, 1e-10, 10.0, log=True, help="learning rate eta")


_WD = Param("weight_decay", 0.0, 0.0, 1.0, help="L2 penalty added to the gradient")
_BETAS = Param("betas", (0.9, 0.999), 0.0, 0.9999, kind="pair",
               help="decay rates of the first and second moment")


def _eps(default: float) -> Param:
    return Param("eps", default, 1e-12, 1.0, log=True, help="added to the denominator")


def _steps(lr: np.ndarray) -> np.ndarray:
    return np.arange(1, len(lr) + 1, dtype=np.float64)


# --- coefficient builders: one per family -------------------------------------------

def _sgd_coeffs(hp, lr, nesterov=False):
    k = _steps(lr)
    mu, damp = hp.get("momentum", 0.0), hp.get("dampening", 0.0)
    c = {"wdc": hp["weight_decay"]}
    if mu != 0:
        c["a1"] = np.where(k == 1, 0.0, mu)
        c["b1"] = np.where(k == 1, 1.0, 1 - damp)
    c["nm"] = lr * mu if nesterov else lr
    c["ng"] = lr if nesterov else 0.0
    return c


def _adagrad_coeffs(hp, lr):
    k = _steps(lr)
    return {"wdc": hp["weight_decay"], "a2": 1.0, "b2": 1.0, "v0": hp["initial_accumulator_value"],
            "q": 1.0, "c": 1.0, "e_out": hp["eps"], "nm": lr / (1 + (k - 1) * hp["lr_decay"]),
            "eta": lr / (1 + (k - 1) * hp["lr_decay"])}


def _rmsprop_coeffs(hp, lr, centered=False):
    a = hp["alpha"]
    c = {"wdc": hp["weight_decay"], "a2": a, "b2": 1 - a, "q": 1.0, "c": 1.0, "e_out": hp["eps"]}
    if centered:
        c.update(ac=a, bc=1 - a)
    if hp.get("momentum", 0.0) > 0:
        c.update(mu2=hp["momentum"], post=lr, nm=1.0)
    else:
        c["nm"] = lr
    return c


def _adadelta_coeffs(hp, lr):
    r, e = hp["rho"], hp["eps"]
    return {"wdc": hp["weight_decay"], "a2": r, "b2": 1 - r, "q": 1.0, "e_in": e, "c": 1.0,
            "e_out": 0.0, "rho_ad": r, "c_ad": 1 - r, "eps_ad": e, "nm": 1.0, "post": lr}


def _adam_coeffs(hp, lr, amsgrad=False, decoupled=False):
    k = _steps(lr)
    b1, b2 = hp["betas"]
    bc1, bc2 = 1 - b1 ** k, 1 - b2 ** k
    c = {"a1": b1, "b1": 1 - b1, "a2": b2, "b2": 1 - b2, "q": 1.0, "c": 1 / np.sqrt(bc2),
         "e_out": hp["eps"], "nm": lr / bc1, "amsk": 1.0 if amsgrad else 0.0}
    if decoupled:
        c["dec"] = 1 - lr * hp["weight_decay"]
    else:
        c["wdc"] = hp["weight_decay"]
    return c


def _adamax_coeffs(hp, lr):
    k = _steps(lr)
    b1, b2 = hp["betas"]
    # The engine keeps u^2 in V so that sqrt(V) = u = max(b2 u, |g| + eps).
    return {"wdc": hp["weight_decay"], "a1": b1, "b1": 1 - b1, "a2": b2 * b2, "b2": 0.0,
            "kmax": 1.0, "emax": hp["eps"], "q": 1.0, "c": 1.0, "e_out": 0.0,
            "nm": lr / (1 - b1 ** k)}


def _nadam_coeffs(hp, lr):
    k = _steps(lr)
    b1, b2 = hp["betas"]
    psi = hp["momentum_decay"]
    mu = b1 * (1.0 - 0.5 * 0.96 ** (k * psi))
    mu_next = b1 * (1.0 - 0.5 * 0.96 ** ((k + 1) * psi))
    # torch keeps the running product of mu in a float32 tensor: reproduce its rounding.
    # (a cumulative product runs in order, rounding each step to float32 as torch does)
    prod = np.cumprod(mu.astype(np.float32), dtype=np.float32).astype(np.float64)
    return {"wdc": hp["weight_decay"], "a1": b1, "b1": 1 - b1, "a2": b2, "b2": 1 - b2,
            "q": 1 / (1 - b2 ** k), "c": 1.0, "e_out": hp["eps"],
            "ng": lr * (1.0 - mu) / (1.0 - prod), "nm": lr * mu_next / (1.0 - prod * mu_next)}


def _radam_coeffs(hp, lr):
    k = _steps(lr)
    b1, b2 = hp["betas"]
    bc1, bc2 = 1 - b1 ** k, 1 - b2 ** k
    rho_inf = 2 / (1 - b2) - 1
    rho = rho_inf - 2 * k * b2 ** k / bc2
    on = rho > 5.0
    safe = np.where(on, rho, 6.0)
    with np.errstate(invalid="ignore", divide="ignore"):   # rho_inf <= 5: never on, unused
        rect = np.sqrt((safe - 4) * (safe - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * safe))
    c = 1 / np.sqrt(bc2)
    return {"wdc": hp["weight_decay"], "a1": b1, "b1": 1 - b1, "a2": b2, "b2": 1 - b2,
            "q": np.where(on, 1.0, 0.0), "c": np.where(on, c, 0.0),
            "e_out": np.where(on, hp["eps"] * c, 1.0),
            "nm": np.where(on, lr * rect / bc1, lr / bc1), "eta": np.where(on, lr * rect, lr)}


def _lecture_adagrad_coeffs(hp, lr):
    k = _steps(lr)
    return {"a2": (k - 1) / k, "b2": 1 / k, "q": 1.0, "c": 1.0, "e_out": hp["eps"], "nm": lr}


def _lecture_rmsprop_coeffs(hp, lr):
    k = _steps(lr)
    a = hp["alpha"]
    return {"a2": np.where(k == 1, 0.0, a), "b2": np.where(k == 1, 1.0, 1 - a), "q": 1.0,
            "c": 1.0, "e_out": hp["eps"], "nm": lr}


def _adam_sgd_coeffs(hp, lr):
    k = _steps(lr)
    adam = _adam_coeffs({**hp, "weight_decay": 0.0}, lr)
    s, mu = hp["switch_step"], hp["sgd_momentum"]
    sgd_lr = hp["sgd_lr"] * lr / hp["lr"]
    on = k >= s
    out = {}
    for key, sgd_value in (("a1", np.where(k == s, 0.0, mu)), ("b1", 1.0), ("q", 0.0),
                           ("c", 0.0), ("e_out", 1.0), ("nm", sgd_lr), ("eta", sgd_lr)):
        out[key] = np.where(on, sgd_value, adam.get(key, lr))
    return {**adam, **out}


_ADAM_LATEX = (r"m_t=\beta_1 m_{t-1}+(1-\beta_1)g_t,\quad V_t=\beta_2V_{t-1}+(1-\beta_2)g_t^2\\"
               r"\eta_t=\alpha\,\frac{m_t/(1-\beta_1^t)}{\sqrt{V_t/(1-\beta_2^t)}+\epsilon}")

_ENTRIES = (
    OptimizerSpec(
        "sgd", "SGD", (_lr(0.01), _WD),
        r"m_t=g_t,\quad V_t=1,\quad \eta_t=\alpha\,g_t",
        "Simple and predictable; with a well-tuned rate and decay it generalizes well.",
        "Slow on flat regions and zig-zags across ravines; one rate for every direction.",
        torch.optim.SGD, _sgd_coeffs,
        group="classic"),
    OptimizerSpec(
        "momentum", "SGD with momentum",
        (_lr(0.01), Param("momentum", 0.9, 0.0, 0.999, help="lambda: weight of the previous move"),
         Param("dampening", 0.0, 0.0, 0.999, help="shrinks the new gradient's share"), _WD),
        r"m_t=\lambda m_{t-1}+g_t,\quad V_t=1,\quad \eta_t=\alpha\,m_t",
        "Rolls through flat regions and small bumps; oscillations across a ravine cancel.",
        "Overshoots and circles around a minimum when lambda or the rate is large.",
        torch.optim.SGD, _sgd_coeffs,
        lecture_note=r"The lecture writes $m^{t+1}=\lambda m^t-\eta g^t$, $\theta^{t+1}="
                     r"\theta^t+m^{t+1}$; PyTorch folds $\eta$ out of the buffer. With a "
                     r"constant rate the paths are identical.",
        group="classic"),
    OptimizerSpec(
        "nesterov", "Nesterov (NAG)",
        (_lr(0.01), Param("momentum", 0.9, 0.01, 0.999, help="lambda: weight of the previous move"),
         _WD),
        r"m_t=\lambda m_{t-1}+g_t,\quad \eta_t=\alpha\,(g_t+\lambda m_t)",
        "Looks ahead before stepping, so it brakes earlier than plain momentum.",
        "Still overshoots with large rates; needs momentum > 0.",
        torch.optim.SGD, lambda hp, lr: _sgd_coeffs(hp, lr, nesterov=True),
        lecture_note=r"The lecture takes the gradient at the look-ahead point "
                     r"$w_t-\alpha\lambda m_{t-1}$ (the previous move scaled by the momentum "
                     r"factor $\lambda$); PyTorch uses the equivalent reformulation "
                     r"in the shifted variable, so no second gradient is needed.",
        ref_kwargs=(("nesterov", True),),
        group="classic"),
    OptimizerSpec(
        "adagrad", "AdaGrad",
        (_lr(0.01), Param("lr_decay", 0.0, 0.0, 1.0, help="eta_t = eta / (1 + (t-1) decay)"), _WD,
         Param("initial_accumulator_value", 0.0, 0.0, 10.0, help="starting value of V"),
         _eps(1e-10)),
        r"m_t=g_t,\quad V_t=\sum_{i\le t} g_i^2,\quad \eta_t=\alpha\,\frac{g_t}{\sqrt{V_t}+\epsilon}",
        "Rescales each coordinate by its gradient history: great on sparse, badly scaled "
        "problems.", "The sum only grows, so the step shrinks towards zero and training stalls.",
        torch.optim.Adagrad, _adagrad_coeffs, adaptive=True,
        lecture_note=r"The lecture's $\sigma$ is the root *mean* square (see AdaGrad, "
                     r"lecture form); PyTorch divides by the root of the sum.",
        group="adaptive"),
    OptimizerSpec(
        "adagrad_lecture", "AdaGrad (lecture form)", (_lr(0.1), _eps(1e-10)),
        r"\sigma_i^t=\sqrt{\tfrac{1}{t+1}\sum_{k=0}^{t}(g_i^k)^2},\quad "
        r"\theta_i^{t+1}=\theta_i^t-\frac{\eta}{\sigma_i^t}\,g_i^t",
        "Steep directions get small steps, flat ones large: the lecture's first adaptive rate.",
        "Averages the whole history equally, so it reacts slowly when the slope changes.",
        lecture.LectureAdagrad, _lecture_adagrad_coeffs, adaptive=True, in_torch=False,
        lecture_note="Exactly the lecture's formula (with a tiny epsilon for safety).",
        group="lecture"),
    OptimizerSpec(
        "rmsprop", "RMSProp",
        (_lr(0.01), Param("alpha", 0.99, 0.0, 0.9999, help="decay of the squared-gradient average"),
         _eps(1e-8), _WD, Param("momentum", 0.0, 0.0, 0.999, help="momentum on the scaled step")),
        r"m_t=g_t,\quad V_t=\alpha V_{t-1}+(1-\alpha)g_t^2,\quad "
        r"\eta_t=\eta\,\frac{g_t}{\sqrt{V_t}+\epsilon}",
        "Forgets old gradients, so the rate adapts when the slope changes.",
        "No momentum by default and no bias correction: the first steps are large.",
        torch.optim.RMSprop, _rmsprop_coeffs, adaptive=True,
        lecture_note=r"The lecture starts with $\sigma^0=|g^0|$; PyTorch starts $V_0=0$ (see "
                     r"RMSProp, lecture form).",
        group="adaptive"),
    OptimizerSpec(
        "rmsprop_centered", "RMSProp (centered)",
        (_lr(0.01), Param("alpha", 0.99, 0.0, 0.9999, help="decay of the averages"), _eps(1e-8),
         _WD, Param("momentum", 0.0, 0.0, 0.999, help="momentum on the scaled step")),
        r"\bar g_t=\alpha\bar g_{t-1}+(1-\alpha)g_t,\quad V_t=\alpha V_{t-1}+(1-\alpha)g_t^2,"
        r"\quad \eta_t=\eta\,\frac{g_t}{\sqrt{V_t-\bar g_t^2}+\epsilon}",
        "Divides by the gradient's variance rather than its second moment.",
        "Where the gradient is steady the variance is tiny and the step explodes.",
        torch.optim.RMSprop, lambda hp, lr: _rmsprop_coeffs(hp, lr, centered=True),
        adaptive=True, ref_kwargs=(("centered", True),),
        group="adaptive"),
    OptimizerSpec(
        "rmsprop_lecture", "RMSProp (lecture form)",
        (_lr(0.01), Param("alpha", 0.9, 0.0, 0.9999, help="decay of the squared-gradient average"),
         _eps(1e-8)),
        r"\sigma_i^0=|g_i^0|,\quad \sigma_i^t=\sqrt{\alpha(\sigma_i^{t-1})^2+(1-\alpha)(g_i^t)^2},"
        r"\quad \theta_i^{t+1}=\theta_i^t-\frac{\eta}{\sigma_i^t}g_i^t",
        "Like RMSProp but without the oversized first steps.",
        "Still no momentum: slow to cross flat regions.",
        lecture.LectureRMSprop, _lecture_rmsprop_coeffs, adaptive=True, in_torch=False,
        lecture_note="Exactly the lecture's formula (with a tiny epsilon for safety).",
        group="lecture"),
    OptimizerSpec(
        "adadelta", "AdaDelta",
        (_lr(1.0), Param("rho", 0.9, 0.0, 0.9999, help="decay of both running averages"),
         _eps(1e-6), _WD),
        r"V_t=\rho V_{t-1}+(1-\rho)g_t^2,\quad \Delta_t=\frac{\sqrt{D_{t-1}+\epsilon}}"
        r"{\sqrt{V_t+\epsilon}}g_t,\quad D_t=\rho D_{t-1}+(1-\rho)\Delta_t^2,\quad \eta_t=\alpha\Delta_t",
        "Units-consistent steps with no rate to tune (lr = 1).",
        "Starts with tiny steps (D_0 = 0) and can crawl for a long time.",
        torch.optim.Adadelta, _adadelta_coeffs, adaptive=True,
        group="adaptive"),
    OptimizerSpec(
        "adam", "Adam", (_lr(1e-3), _BETAS, _eps(1e-8), _WD), _ADAM_LATEX,
        "Momentum plus RMSProp with bias correction: the robust default for deep nets.",
        "Can converge to sharper minima and generalize worse than tuned SGD; wd is coupled.",
        torch.optim.Adam, _adam_coeffs, adaptive=True,
        group="adaptive"),
    OptimizerSpec(
        "amsgrad", "AMSGrad", (_lr(1e-3), _BETAS, _eps(1e-8), _WD),
        _ADAM_LATEX.replace(r"\sqrt{V_t", r"\sqrt{\max_{i\le t}V_i"),
        "Adam whose denominator never shrinks: fixes Adam's known non-convergence examples.",
        "The step only shrinks, so it can be slower than Adam in practice.",
        torch.optim.Adam, lambda hp, lr: _adam_coeffs(hp, lr, amsgrad=True),
        adaptive=True, ref_kwargs=(("amsgrad", True),),
        group="adaptive"),
    OptimizerSpec(
        "adamw", "AdamW",
        (_lr(1e-3), _BETAS, _eps(1e-8), Param("weight_decay", 0.01, 0.0, 1.0,
                                                help="decoupled decay: w <- w (1 - lr wd)")),
        _ADAM_LATEX + r",\quad w_t\leftarrow(1-\alpha\lambda)w_t",
        "Adam with decoupled weight decay: regularization that is not rescaled by V.",
        "Same adaptive pitfalls as Adam; the decay pulls every weight towards 0.",
        torch.optim.AdamW, lambda hp, lr: _adam_coeffs(hp, lr, decoupled=True),
        adaptive=True,
        group="adaptive"),
    OptimizerSpec(
        "nadam", "Nadam",
        (_lr(2e-3), _BETAS, _eps(1e-8), _WD,
         Param("momentum_decay", 4e-3, 0.0, 1.0, help="psi: schedule of the momentum factor")),
        r"\mu_t=\beta_1(1-\tfrac12 0.96^{t\psi}),\quad \eta_t=\alpha\Big(\frac{(1-\mu_t)g_t}"
        r"{1-\prod_{i\le t}\mu_i}+\frac{\mu_{t+1}m_t}{1-\prod_{i\le t+1}\mu_i}\Big)"
        r"\Big/\Big(\sqrt{V_t/(1-\beta_2^t)}+\epsilon\Big)",
        "Adam with a Nesterov look-ahead on the momentum: often a little faster.",
        "Same adaptive pitfalls as Adam; one more schedule to reason about.",
        torch.optim.NAdam, _nadam_coeffs, adaptive=True,
        group="adaptive"),
    OptimizerSpec(
        "radam", "RAdam", (_lr(1e-3), _BETAS, _eps(1e-8), _WD),
        r"\rho_t=\rho_\infty-\frac{2t\beta_2^t}{1-\beta_2^t},\quad \eta_t=\begin{cases}"
        r"\alpha\,r_t\,\hat m_t/(\sqrt{V_t}+\epsilon)\cdot\sqrt{1-\beta_2^t} & \rho_t>5\\"
        r"\alpha\,\hat m_t & \text{otherwise}\end{cases}",
        "A built-in warm-up: SGD with momentum until the variance estimate is trustworthy.",
        "The first steps are un-normalized momentum steps, too large on steep surfaces.",
        torch.optim.RAdam, _radam_coeffs, adaptive=True,
        group="adaptive"),
    OptimizerSpec(
        "adamax", "Adamax", (_lr(2e-3), _BETAS, _eps(1e-8), _WD),
        r"m_t=\beta_1m_{t-1}+(1-\beta_1)g_t,\quad u_t=\max(\beta_2u_{t-1},|g_t|+\epsilon),"
        r"\quad \eta_t=\frac{\alpha}{1-\beta_1^t}\frac{m_t}{u_t}",
        "The infinity-norm Adam: the step is bounded by the rate, robust to gradient spikes.",
        "A single large gradient dominates u for a long time and slows every later step.",
        torch.optim.Adamax, _adamax_coeffs, adaptive=True,
        group="adaptive"),
    OptimizerSpec(
        "adam_sgd", "Adam, then SGD",
        (_lr(1e-3), _BETAS, _eps(1e-8),
         Param("switch_step", 100, 1, 10000, kind="int", help="first step taken by SGD"),
         Param("sgd_lr", 0.01, 1e-6, 10.0, log=True, help="SGD's rate after the switch"),
         Param("sgd_momentum", 0.0, 0.0, 0.999, help="SGD's momentum after the switch")),
        _ADAM_LATEX + r"\quad(t<k),\qquad \eta_t=\alpha_{\mathrm{SGD}}\,m_t\quad(t\ge k)",
        "Adam's fast start, then SGD's well-behaved endgame (the lecture's 'switch' tip).",
        "When to switch and which rate to use after are two more hyper-parameters.",
        lecture.AdamThenSGD, _adam_sgd_coeffs, adaptive=True, in_torch=False,
        group="lecture"),
)

def get_optimizer(key: str) -> OptimizerSpec:
    if key not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}; got {key!r}")
    return OPTIMIZERS[key]


# --- the general path: updates outside the coefficient template ---------------------

class _Lazy:
    """A reference class imported on first use (pytorch-optimizer takes ~2 s to import)."""

    def __init__(self, module: str, name: str):
        self.module, self.__name__ = module, name

    def __call__(self, *args, **kwargs):
        import importlib
        return getattr(importlib.import_module(self.module), self.__name__)(*args, **kwargs)


def _asgd_observe(opt, w):
    st = opt.state[w]
    return {"avg_path": st.get("ax", w)}


def _schedulefree_observe(opt, w):
    """The averaged point x (what schedule-free evaluates with ``opt.eval()``), computed
    from y (the parameter: where gradients are taken) and z as eval() does, without
    touching the parameter."""
    st, group = opt.state[w], opt.param_groups[0]
    beta = group["betas"][0] if "betas" in group else group["momentum"]
    return {"avg_path": w.lerp(st["z"], 1 - 1 / beta) if "z" in st else w}


def _prodigy_observe(opt, w):
    return {"d": opt.param_groups[0]["d"]}


def _schedulefree(cls):
    def make(params, **kw):
        opt = cls(params, foreach=False, **kw)
        opt.train()   # gradients are taken at y: the training mode
        return opt
    make.__name__ = cls.__name__
    return make


def _general_entries():
    from lion_pytorch import Lion
    from prodigyopt import Prodigy
    from schedulefree import AdamWScheduleFree, SGDScheduleFree
    return (
        OptimizerSpec(
            "asgd", "ASGD (averaged SGD)",
            (_lr(0.01), Param("lambd", 1e-4, 0.0, 1.0, help="decay term of the rate"),
             Param("alpha", 0.75, 0.0, 2.0, help="power of the rate's decay"),
             Param("t0", 100.0, 0.0, 1e6, help="step from which the iterates are averaged"),
             _WD),
            r"m_t=g_t,\quad V_t=1,\quad \eta_t=\frac{\alpha}{(1+\lambda\alpha t)^{a}}\,g_t,"
            r"\quad w_t\leftarrow(1-\lambda\eta_t)w_t\\ \bar w_t=\bar w_{t-1}+\mu_t(w_t-"
            r"\bar w_{t-1}),\quad \mu_t=1/\max(1,t-t_0)",
            "The average of the iterates (dashed) is far less noisy than the last one: "
            "Polyak-Ruppert averaging for noisy gradients.",
            "The raw iterate is plain SGD with a slowly decaying rate; the average lags "
            "behind while the iterates still travel.",
            torch.optim.ASGD, None, group="classic", batched=True, observe=_asgd_observe),
        OptimizerSpec(
            "rprop", "Rprop",
            (_lr(0.01), Param("etaminus", 0.5, 0.01, 0.99, help="step-size factor on a sign flip"),
             Param("etaplus", 1.2, 1.01, 5.0, help="step-size factor while the sign holds"),
             Param("step_min", 1e-6, 1e-12, 1e-3, log=True, help="smallest step size"),
             Param("step_max", 50.0, 1e-3, 1e3, log=True, help="largest step size")),
            r"s_t=\begin{cases}\min(\eta^+s_{t-1},s_{\max})&g_tg_{t-1}>0\\ \max(\eta^-s_{t-1},"
            r"s_{\min}),\ g_t\leftarrow0&g_tg_{t-1}<0\\ s_{t-1}&\text{else}\end{cases},\quad "
            r"m_t=\operatorname{sign}g_t,\quad V_t=1,\quad \eta_t=s_t\,m_t",
            "Only the gradient's sign counts: each coordinate grows its own step while the "
            "sign holds, so flat plateaus and steep walls are crossed at the same pace.",
            "Sign flips from noisy gradients shrink every step: it needs full-batch gradients.",
            torch.optim.Rprop, None, adaptive=True, group="adaptive", batched=True,
            to_kwargs=lambda hp: {"lr": hp["lr"], "etas": (hp["etaminus"], hp["etaplus"]),
                                  "step_sizes": (hp["step_min"], hp["step_max"])}),
        OptimizerSpec(
            "adafactor", "Adafactor",
            (_lr(0.01), Param("beta2_decay", -0.8, -1.0, -0.1,
                              help="1 - beta2_t = t^decay"),
             Param("eps2", 1e-3, 1e-8, 1.0, log=True, help="smallest relative step scale"),
             Param("d", 1.0, 1.0, 10.0, help="clipping threshold of the update's RMS"), _WD),
            r"V_t=\beta_{2,t}V_{t-1}+(1-\beta_{2,t})g_t^2,\ \beta_{2,t}=1-t^{c},\quad "
            r"u_t=\frac{g_t}{\sqrt{V_t}}\Big/\max\!\big(1,\tfrac{\mathrm{RMS}(u)}{d}\big)\\ "
            r"\eta_t=\max(\epsilon_2,\mathrm{RMS}(w_t))\,\min(\alpha,1/\sqrt t)\,u_t",
            "Steps relative to the weights' own size and a second moment that, for a matrix, "
            "is stored as row and column sums: little memory for huge models. On this 2-vector "
            "it is NOT factored (a vector keeps the full V).",
            "The step scales with |w|: near w = 0 it crawls at eps2; no first moment here.",
            torch.optim.Adafactor, None, adaptive=True, group="adaptive",
            to_kwargs=lambda hp: {"lr": hp["lr"], "beta2_decay": hp["beta2_decay"],
                                  "eps": (None, hp["eps2"]), "d": hp["d"],
                                  "weight_decay": hp["weight_decay"]}),
        OptimizerSpec(
            "lbfgs", "L-BFGS",
            (_lr(1.0), Param("max_iter", 5, 1, 50, kind="int",
                             help="inner iterations per step (each evaluates f)"),
             Param("history_size", 10, 1, 100, kind="int", help="curvature pairs kept"),
             Param("line_search_fn", "strong_wolfe", 0, 0, kind="choice",
                   choices=("strong_wolfe", "none"), help="line search of each iteration")),
            r"H_t\approx(\nabla^2f)^{-1}\text{ from the last pairs }(s_i,y_i)=(\Delta w,"
            r"\Delta g),\quad m_t=H_tg_t,\quad V_t=1,\quad \eta_t=\alpha_t\,H_tg_t\ "
            r"(\alpha_t\text{ by line search})",
            "A quasi-Newton method: curvature from gradient differences, so a quadratic "
            "bowl is solved in a few steps regardless of its conditioning.",
            "Every step evaluates f several times (see the evaluations) and needs exact, "
            "full-batch gradients: noise breaks its curvature pairs.",
            torch.optim.LBFGS, None, group="second-order",
            to_kwargs=lambda hp: {**hp, "line_search_fn": None if hp["line_search_fn"] ==
                                  "none" else hp["line_search_fn"]}),
        OptimizerSpec(
            "lion", "Lion",
            (_lr(1e-3), Param("betas", (0.9, 0.99), 0.0, 0.9999, kind="pair",
                              help="interpolation of the update, decay of the momentum"),
             Param("weight_decay", 0.0, 0.0, 1.0, help="decoupled: w <- w (1 - lr wd)")),
            r"c_t=\beta_1m_{t-1}+(1-\beta_1)g_t,\quad \eta_t=\alpha\,\operatorname{sign}(c_t),"
            r"\quad m_t=\beta_2m_{t-1}+(1-\beta_2)g_t,\quad V_t=1",
            "Found by program search: the sign of a momentum blend, so every coordinate "
            "moves by exactly lr; cheap (one state) and strong for large models.",
            "Every step has the same size: it never settles closer than about lr to a "
            "minimum (it keeps dithering) unless the rate decays.",
            Lion, None, in_torch=False, group="recent", source="lion_pytorch.Lion",
            batched=True),
        OptimizerSpec(
            "sf_adamw", "Schedule-Free AdamW",
            (_lr(0.0025), Param("betas", (0.9, 0.999), 0.01, 0.9999, kind="pair",
                                help="interpolation factor and second-moment decay"),
             _eps(1e-8), _WD,
             Param("warmup_steps", 0, 0, 10_000, kind="int", help="linear warm-up steps")),
            r"y_t=(1-\beta_1)z_t+\beta_1x_t,\ V_t=\beta_2V_{t-1}+(1-\beta_2)g(y_t)^2,\ "
            r"z_{t+1}=z_t-\alpha\frac{g(y_t)}{\sqrt{V_t/(1-\beta_2^t)}+\epsilon}\\ "
            r"x_{t+1}=(1-c_{t+1})x_t+c_{t+1}z_{t+1},\quad c_{t+1}=\frac{\alpha_{\max}^2}"
            r"{\sum_{i\le t+1}\alpha_{\max}^2}",
            "No schedule to tune: averaging the iterates replaces the decay. The path is y "
            "(where gradients are taken); the averaged point x (dashed) is the one to use.",
            "x lags behind y on long journeys; the rate still matters, and a schedule on "
            "top defeats the purpose.",
            _schedulefree(AdamWScheduleFree), None, adaptive=True, in_torch=False,
            group="recent", source="schedulefree.AdamWScheduleFree", batched=True,
            observe=_schedulefree_observe),
        OptimizerSpec(
            "sf_sgd", "Schedule-Free SGD",
            (_lr(0.01), Param("momentum", 0.9, 0.01, 0.999,
                              help="interpolation between z and the average x"), _WD,
             Param("warmup_steps", 0, 0, 10_000, kind="int", help="linear warm-up steps")),
            r"y_t=(1-\beta)z_t+\beta x_t,\quad z_{t+1}=z_t-\alpha\,g(y_t),\quad "
            r"x_{t+1}=(1-c_{t+1})x_t+c_{t+1}z_{t+1},\quad m_t=g(y_t),\ V_t=1",
            "SGD whose averaged point x converges without a decaying rate; the path is y.",
            "Needs the eval/train switch in real code (BatchNorm statistics); x lags behind.",
            _schedulefree(SGDScheduleFree), None, in_torch=False, group="recent",
            source="schedulefree.SGDScheduleFree", batched=True,
            observe=_schedulefree_observe),
        OptimizerSpec(
            "prodigy", "Prodigy",
            (_lr(1.0), _BETAS, _eps(1e-8),
             Param("weight_decay", 0.0, 0.0, 1.0, help="decoupled weight decay"),
             Param("d0", 1e-6, 1e-10, 1.0, log=True, help="initial estimate of the distance"),
             Param("d_coef", 1.0, 0.01, 10.0, log=True, help="multiplies the estimate")),
            r"d_t=\max\!\Big(d_{t-1},\frac{\sum_i\langle g_i,w_0-w_i\rangle d_i}"
            r"{\|\sum_i d_ig_i\|_1}\Big),\quad m_t=\beta_1m_{t-1}+(1-\beta_1)d_tg_t,\\ "
            r"V_t=\beta_2V_{t-1}+(1-\beta_2)d_t^2g_t^2,\quad \eta_t=\alpha\,d_t\,\frac{m_t}"
            r"{\sqrt{V_t}+d_t\epsilon}",
            "Learning-rate free: it estimates the distance d to the solution as it goes "
            "(see d over time) and scales an Adam step by it; lr = 1 is the default.",
            "d only grows: an early overestimate is never corrected; the first steps are "
            "tiny while d0 is small.",
            Prodigy, None, adaptive=True, in_torch=False, group="recent",
            source="prodigyopt.Prodigy", observe=_prodigy_observe),
        OptimizerSpec(
            "adan", "Adan",
            (_lr(1e-3), Param("beta1", 0.98, 0.0, 0.9999, help="decay of the gradient average"),
             Param("beta2", 0.92, 0.0, 0.9999, help="decay of the gradient-difference average"),
             Param("beta3", 0.99, 0.0, 0.9999, help="decay of the second moment"),
             _eps(1e-8), _WD),
            r"m_t=\beta_1m_{t-1}+(1-\beta_1)g_t,\ n_t=\beta_2n_{t-1}+(1-\beta_2)(g_t-g_{t-1}),"
            r"\\ V_t=\beta_3V_{t-1}+(1-\beta_3)\big(g_t+\beta_2(g_t-g_{t-1})\big)^2,\quad "
            r"\eta_t=\alpha\frac{\hat m_t+\beta_2\hat n_t}{\sqrt{\hat V_t}+\epsilon}",
            "Nesterov momentum without the look-ahead gradient: the gradient difference "
            "anticipates where the slope is going (fast on vision and language models).",
            "Three betas to tune, and three states per weight.",
            _Lazy("pytorch_optimizer", "Adan"), None, adaptive=True, in_torch=False,
            group="recent", source="pytorch_optimizer.Adan", batched=True,
            to_kwargs=lambda hp: {"lr": hp["lr"], "betas": (hp["beta1"], hp["beta2"],
                                                            hp["beta3"]),
                                  "eps": hp["eps"], "weight_decay": hp["weight_decay"],
                                  "foreach": False}),
        OptimizerSpec(
            "lamb", "LAMB",
            (_lr(1e-3), _BETAS, _eps(1e-6), Param("weight_decay", 0.0, 0.0, 1.0,
                                                  help="decoupled weight decay")),
            r"r_t=\frac{m_t}{\sqrt{V_t}+\epsilon}\ (\text{Adam's }m_t,V_t\text{, no bias "
            r"correction}),\quad \eta_t=\alpha\,\frac{\min(\|w_t\|,10)}{\|r_t\|}\,r_t",
            "Adam with a trust ratio: each layer's step is scaled to its weights' norm, so "
            "huge batches train stably (BERT in 76 minutes).",
            "On one 2-vector the ratio makes the step ~ lr x |w|: it crawls near w = 0 and "
            "the trust ratio is 1 when |w| = 0.",
            _Lazy("pytorch_optimizer", "Lamb"), None, adaptive=True, in_torch=False,
            group="recent", source="pytorch_optimizer.Lamb",
            to_kwargs=lambda hp: {**hp, "foreach": False}),
    )


_ENTRIES = (*_ENTRIES, *_general_entries())
OPTIMIZERS: dict[str, OptimizerSpec] = {o.key: o for o in _ENTRIES}
