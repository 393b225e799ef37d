r"""The optimizer registry: every optimizer of the lecture notes and of today's practice.

Every entry carries its hyper-parameters (torch.optim's own keyword names), its update
rule in the lecture's framework (gradient :math:`g_t`, first moment :math:`m_t`, second
moment :math:`V_t`, step :math:`\eta_t`, update :math:`w_{t+1}=w_t-\eta_t`), when it shines
and when it fails, and two implementations:

* ``make(params, hp)``: the reference, a ``torch.optim.Optimizer`` (PyTorch's own, or a
  subclass in :mod:`optim_core.lecture` for the lecture's variants);
* ``coeffs(hp, T)``: the per-step coefficients of the engine's stages for ``T`` steps (see
  :mod:`optim_core.engine`), free of the learning rate (the engine applies it in one
  stage), tested against the reference in float64.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from . import lecture
from .specs import Param
from .text import Text

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
    # coeffs(hp, T: steps) -> Coeffs, free of the learning rate; None: the update does not
    # fit the engine's template and the run goes through the general path (optim_core.general)
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
    # the closure must call backward(create_graph=True): the update uses the exact Hessian
    hessian: bool = False
    # keyword arguments -> (reference class, its keyword arguments), when a hyper-parameter
    # picks another class (Adam without bias correction); None: always ``ref``
    variant: Callable[[dict], tuple[type, dict]] | None = None

    def ref_for(self, hp: dict) -> tuple[type, dict]:
        """The reference class and its keyword arguments for hyper-parameters ``hp``."""
        kwargs = self.to_kwargs(hp) if self.to_kwargs is not None else dict(hp)
        kwargs = {**kwargs, **dict(self.ref_kwargs)}
        return self.variant(kwargs) if self.variant is not None else (self.ref, kwargs)

    def make(self, params, **hp) -> torch.optim.Optimizer:
        """The reference optimizer over ``params`` with hyper-parameters ``hp``."""
        cls, kwargs = self.ref_for(hp)
        return cls(params, **kwargs)

    @property
    def reference(self) -> str:
        """The reference implementation's import path."""
        return self.source or (f"torch.optim.{self.ref.__name__}" if self.in_torch else
                               f"optim_core.lecture.{self.ref.__name__}")


def _lr(default: float) -> Param:
    return Param("lr", default, 1e-10, 10.0, log=True, help=Text("learning rate eta", "学习率 η"))


_WD = Param("weight_decay", 0.0, 0.0, 1.0, help=Text("L2 penalty added to the gradient",
                                                     "加到梯度上的 L2 惩罚"))
_BETAS = Param("betas", (0.9, 0.999), 0.0, 0.9999, kind="pair",
               help=Text("decay rates of the first and second moment", "一阶矩和二阶矩的衰减率"))


def _eps(default: float) -> Param:
    return Param("eps", default, 1e-12, 1.0, log=True, help=Text("added to the denominator",
                                                                 "加在分母上"))


def _steps(T: int) -> np.ndarray:
    return np.arange(1, T + 1, dtype=np.float64)


# --- coefficient builders: one per family -------------------------------------------
# ``builder(hp, T)`` returns the per-step coefficients of the engine's stages (see
# engine.DEFAULT_COEFFS): none of them contains the learning rate, which the engine applies
# in its one stage "scale by the learning rate" (``w <- w - eta_t u``). A rule with a rate
# schedule of its own (AdaGrad's lr_decay, RAdam's rectification, Adam->SGD's second rate)
# returns it as ``lr_factor``: the engine multiplies it into the rate table.

def _sgd_coeffs(hp, T, nesterov=False):
    k = _steps(T)
    mu, damp = hp.get("momentum", 0.0), hp.get("dampening", 0.0)
    c = {"wdc": hp["weight_decay"]}
    if mu != 0:
        c["a1"] = np.where(k == 1, 0.0, mu)
        c["b1"] = np.where(k == 1, 1.0, 1 - damp)
    c["nm"] = mu if nesterov else 1.0
    c["ng"] = 1.0 if nesterov else 0.0
    return c


def _adagrad_coeffs(hp, T):
    k = _steps(T)
    return {"wdc": hp["weight_decay"], "a2": 1.0, "b2": 1.0, "v0": hp["initial_accumulator_value"],
            "q": 1.0, "c": 1.0, "e_out": hp["eps"], "nm": 1.0,
            "lr_factor": 1 / (1 + (k - 1) * hp["lr_decay"])}


def _rmsprop_coeffs(hp, T, centered=False):
    a = hp["alpha"]
    c = {"wdc": hp["weight_decay"], "a2": a, "b2": 1 - a, "q": 1.0, "c": 1.0, "e_out": hp["eps"],
         "nm": 1.0}
    if centered:
        c.update(ac=a, bc=1 - a)
    if hp.get("momentum", 0.0) > 0:
        c["mu2"] = hp["momentum"]
    return c


def _adadelta_coeffs(hp, T):
    r, e = hp["rho"], hp["eps"]
    return {"wdc": hp["weight_decay"], "a2": r, "b2": 1 - r, "q": 1.0, "e_in": e, "c": 1.0,
            "e_out": 0.0, "rho_ad": r, "c_ad": 1 - r, "eps_ad": e, "nm": 1.0}


def _adam_coeffs(hp, T, amsgrad=False, decoupled=False):
    k = _steps(T)
    b1, b2 = hp["betas"]
    if not hp.get("bias_correction", True):   # the uncorrected form: 1 - beta^t taken as 1
        k = np.full_like(k, np.inf)
    bc1, bc2 = 1 - b1 ** k, 1 - b2 ** k
    c = {"a1": b1, "b1": 1 - b1, "a2": b2, "b2": 1 - b2, "q": 1.0, "c": 1 / np.sqrt(bc2),
         "e_out": hp["eps"], "nm": 1 / bc1, "amsk": 1.0 if amsgrad else 0.0}
    c["wdd" if decoupled else "wdc"] = hp["weight_decay"]
    return c


def _adamax_coeffs(hp, T):
    k = _steps(T)
    b1, b2 = hp["betas"]
    # The engine keeps u^2 in V so that sqrt(V) = u = max(b2 u, |g| + eps).
    return {"wdc": hp["weight_decay"], "a1": b1, "b1": 1 - b1, "a2": b2 * b2, "b2": 0.0,
            "kmax": 1.0, "emax": hp["eps"], "q": 1.0, "c": 1.0, "e_out": 0.0,
            "nm": 1 / (1 - b1 ** k)}


def _nadam_coeffs(hp, T):
    k = _steps(T)
    b1, b2 = hp["betas"]
    psi = hp["momentum_decay"]
    mu = b1 * (1.0 - 0.5 * 0.96 ** (k * psi))
    mu_next = b1 * (1.0 - 0.5 * 0.96 ** ((k + 1) * psi))
    # torch keeps the running product of mu in a float32 tensor: reproduce its rounding.
    # (a cumulative product runs in order, rounding each step to float32 as torch does)
    prod = np.cumprod(mu.astype(np.float32), dtype=np.float32).astype(np.float64)
    return {"wdc": hp["weight_decay"], "a1": b1, "b1": 1 - b1, "a2": b2, "b2": 1 - b2,
            "q": 1 / (1 - b2 ** k), "c": 1.0, "e_out": hp["eps"],
            "ng": (1.0 - mu) / (1.0 - prod), "nm": mu_next / (1.0 - prod * mu_next)}


def _radam_coeffs(hp, T):
    k = _steps(T)
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
            "e_out": np.where(on, hp["eps"] * c, 1.0), "nm": 1 / bc1,
            "lr_factor": np.where(on, rect, 1.0)}


def _lecture_adagrad_coeffs(hp, T):
    k = _steps(T)
    return {"a2": (k - 1) / k, "b2": 1 / k, "q": 1.0, "c": 1.0, "e_out": hp["eps"], "nm": 1.0}


def _lecture_rmsprop_coeffs(hp, T):
    k = _steps(T)
    a = hp["alpha"]
    return {"a2": np.where(k == 1, 0.0, a), "b2": np.where(k == 1, 1.0, 1 - a), "q": 1.0,
            "c": 1.0, "e_out": hp["eps"], "nm": 1.0}


def _adam_sgd_coeffs(hp, T):
    """Adam until ``switch_step``, then SGD (with momentum) at ``sgd_lr``: the second phase's
    rate is ``sgd_lr / lr`` times the first's (a schedule scales both alike)."""
    k = _steps(T)
    adam = _adam_coeffs({**hp, "weight_decay": 0.0}, T)
    s, mu = hp["switch_step"], hp["sgd_momentum"]
    on = k >= s
    out = {}
    for key, sgd_value in (("a1", np.where(k == s, 0.0, mu)), ("b1", 1.0), ("q", 0.0),
                           ("c", 0.0), ("e_out", 1.0), ("nm", 1.0),
                           ("lr_factor", hp["sgd_lr"] / hp["lr"])):
        out[key] = np.where(on, sgd_value, adam.get(key, 1.0))
    return {**adam, **out}


_BC = Param("bias_correction", True, 0, 0, kind="bool",
            help=Text("divide m and V by 1 - beta^t (off: the uncorrected form, small first "
                      "steps)", "把 m 和 V 除以 1 - β^t（关闭：未修正的形式，最初几步很小）"))
_BC_NOTE = Text(r"bias_correction off: $m_t$ and $V_t$ start at 0 and are used as they are. "
                r"On a steady slope each step is then $\alpha(1-\beta_1^t)/\sqrt{1-\beta_2^t}$ "
                r"instead of $\alpha$: $3.2\,\alpha$ at step 1 with the defaults, up to "
                r"$6.6\,\alpha$ at step 12, still $1.26\,\alpha$ at step 1000. $V$'s bias "
                r"($\beta_2$ close to 1) outweighs $m$'s: without the correction the first "
                r"steps are too large, not too small.",
                "关闭 bias_correction：$m_t$ 和 $V_t$ 从 0 开始并直接使用。在坡度不变的地方，"
                "每一步是 $\\alpha(1-\\beta_1^t)/\\sqrt{1-\\beta_2^t}$ 而不是 $\\alpha$："
                "默认值下第 1 步为 $3.2\\,\\alpha$，第 12 步最大，达 $6.6\\,\\alpha$，"
                "第 1000 步仍为 $1.26\\,\\alpha$。$V$ 的偏差（$\\beta_2$ 接近 1）"
                "压过了 $m$ 的偏差：不做修正时，最初几步不是太小，而是太大。")


def _adam_variant(decoupled: bool):
    """torch.optim.Adam / AdamW with bias correction, optim_core.lecture.UncorrectedAdam
    without."""
    def pick(kw):
        kw = dict(kw)
        if kw.pop("bias_correction", True):
            return (torch.optim.AdamW if decoupled else torch.optim.Adam), kw
        return lecture.UncorrectedAdam, {**kw, **({"decoupled": True} if decoupled else {})}
    return pick


_ADAM_LATEX = (r"m_t=\beta_1 m_{t-1}+(1-\beta_1)g_t,\quad V_t=\beta_2V_{t-1}+(1-\beta_2)g_t^2\\"
               r"\eta_t=\alpha\,\frac{m_t/(1-\beta_1^t)}{\sqrt{V_t/(1-\beta_2^t)}+\epsilon}")

_ENTRIES = (
    OptimizerSpec(
        "sgd", "SGD", (_lr(0.01), _WD),
        r"m_t=g_t,\quad V_t=1,\quad \eta_t=\alpha\,g_t",
        Text("Simple and predictable; with a well-tuned rate and decay it generalizes well.",
             "简单、可预测；学习率和衰减调好后泛化很好。"),
        Text("Slow on flat regions and zig-zags across ravines; one rate for every direction.",
             "在平坦区域很慢，在峡谷中来回震荡；所有方向共用一个学习率。"),
        torch.optim.SGD, _sgd_coeffs,
        group="classic"),
    OptimizerSpec(
        "momentum", Text("SGD with momentum", "带动量的 SGD"),
        (_lr(0.01), Param("momentum", 0.9, 0.0, 0.999, help=Text("lambda: weight of the previous move",
                                                                 "λ：上一步移动的权重")),
         Param("dampening", 0.0, 0.0, 0.999, help=Text("shrinks the new gradient's share",
                                                       "减小新梯度所占的份额")), _WD),
        r"m_t=\lambda m_{t-1}+g_t,\quad V_t=1,\quad \eta_t=\alpha\,m_t",
        Text("Rolls through flat regions and small bumps; oscillations across a ravine cancel.",
             "能滚过平坦区域和小坑；峡谷两壁间的震荡会相互抵消。"),
        Text("Overshoots and circles around a minimum when lambda or the rate is large.",
             "λ 或学习率太大时会冲过头，在最小值附近绕圈。"),
        torch.optim.SGD, _sgd_coeffs,
        lecture_note=Text(r"The lecture writes $m^{t+1}=\lambda m^t-\eta g^t$, $\theta^{t+1}="
                     r"\theta^t+m^{t+1}$; PyTorch folds $\eta$ out of the buffer. With a "
                     r"constant rate the paths are identical.",
                          "课上写作 $m^{t+1}=\\lambda m^t-\\eta g^t$，$\\theta^{t+1}=\\theta^t+m^{t+1}$；PyTorch 把 $\\eta$ 从动量缓存中提了出来。学习率不变时，两者的路径完全相同。"),
        group="classic"),
    OptimizerSpec(
        "nesterov", "Nesterov (NAG)",
        (_lr(0.01), Param("momentum", 0.9, 0.01, 0.999, help=Text("lambda: weight of the previous move",
                                                                  "λ：上一步移动的权重")),
         _WD),
        r"m_t=\lambda m_{t-1}+g_t,\quad \eta_t=\alpha\,(g_t+\lambda m_t)",
        Text("Looks ahead before stepping, so it brakes earlier than plain momentum.",
             "迈步前先往前看一眼，所以比普通动量更早刹车。"),
        Text("Still overshoots with large rates; needs momentum > 0.",
             "学习率大时仍会冲过头；需要 momentum > 0。"),
        torch.optim.SGD, lambda hp, T: _sgd_coeffs(hp, T, nesterov=True),
        lecture_note=Text(r"The lecture takes the gradient at the look-ahead point "
                     r"$w_t-\alpha\lambda m_{t-1}$ (the previous move scaled by the momentum "
                     r"factor $\lambda$); PyTorch uses the equivalent reformulation "
                     r"in the shifted variable, so no second gradient is needed.",
                          "课上在前瞻点 $w_t-\\alpha\\lambda m_{t-1}$（上一步的移动乘以动量系数 $\\lambda$）处求梯度；PyTorch 用平移后变量的等价写法，所以不需要再算一次梯度。"),
        ref_kwargs=(("nesterov", True),),
        group="classic"),
    OptimizerSpec(
        "adagrad", "AdaGrad",
        (_lr(0.01), Param("lr_decay", 0.0, 0.0, 1.0, help="eta_t = eta / (1 + (t-1) decay)"), _WD,
         Param("initial_accumulator_value", 0.0, 0.0, 10.0, help=Text("starting value of V",
                                                                      "V 的初始值")),
         _eps(1e-10)),
        r"m_t=g_t,\quad V_t=\sum_{i\le t} g_i^2,\quad \eta_t=\alpha\,\frac{g_t}{\sqrt{V_t}+\epsilon}",
        Text("Rescales each coordinate by its gradient history: great on sparse, badly scaled "
        "problems.",
             "按每个坐标的梯度历史分别缩放：适合稀疏、尺度很不均匀的问题。"), Text("The sum only grows, so the step shrinks towards zero and training stalls.",
                          "累加和只增不减，所以步长趋向于零，训练停滞。"),
        torch.optim.Adagrad, _adagrad_coeffs, adaptive=True,
        lecture_note=Text(r"The lecture's $\sigma$ is the root *mean* square (see AdaGrad, "
                     r"lecture form); PyTorch divides by the root of the sum.",
                          "课上的 $\\sigma$ 是均方根（见 AdaGrad（课堂形式））；PyTorch 除以的是平方和的平方根。"),
        group="adaptive"),
    OptimizerSpec(
        "adagrad_lecture", Text("AdaGrad (lecture form)",
                                "AdaGrad（课堂形式）"), (_lr(0.1), _eps(1e-10)),
        r"\sigma_i^t=\sqrt{\tfrac{1}{t+1}\sum_{k=0}^{t}(g_i^k)^2},\quad "
        r"\theta_i^{t+1}=\theta_i^t-\frac{\eta}{\sigma_i^t}\,g_i^t",
        Text("Steep directions get small steps, flat ones large: the lecture's first adaptive rate.",
             "陡的方向步子小，平的方向步子大：课上讲的第一个自适应学习率。"),
        Text("Averages the whole history equally, so it reacts slowly when the slope changes.",
             "对全部历史一视同仁地平均，所以坡度变化时反应很慢。"),
        lecture.LectureAdagrad, _lecture_adagrad_coeffs, adaptive=True, in_torch=False,
        lecture_note=Text("Exactly the lecture's formula (with a tiny epsilon for safety).",
                          "与课上的公式完全一致（为安全起见加了一个极小的 ε）。"),
        group="lecture"),
    OptimizerSpec(
        "rmsprop", "RMSProp",
        (_lr(0.01), Param("alpha", 0.99, 0.0, 0.9999, help=Text("decay of the squared-gradient average",
                                                                "梯度平方平均的衰减率")),
         _eps(1e-8), _WD, Param("momentum", 0.0, 0.0, 0.999, help=Text("momentum on the scaled step",
                                                                       "缩放后步长上的动量"))),
        r"m_t=g_t,\quad V_t=\alpha V_{t-1}+(1-\alpha)g_t^2,\quad "
        r"\eta_t=\eta\,\frac{g_t}{\sqrt{V_t}+\epsilon}",
        Text("Forgets old gradients, so the rate adapts when the slope changes.",
             "会遗忘旧的梯度，所以坡度变化时学习率能跟着调整。"),
        Text("No momentum by default and no bias correction: the first steps are large.",
             "默认没有动量，也没有偏差修正：最初几步很大。"),
        torch.optim.RMSprop, _rmsprop_coeffs, adaptive=True,
        lecture_note=Text(r"The lecture starts with $\sigma^0=|g^0|$; PyTorch starts $V_0=0$ (see "
                     r"RMSProp, lecture form).",
                          "课上从 $\\sigma^0=|g^0|$ 开始；PyTorch 从 $V_0=0$ 开始（见 RMSProp（课堂形式））。"),
        group="adaptive"),
    OptimizerSpec(
        "rmsprop_centered", Text("RMSProp (centered)", "RMSProp（中心化）"),
        (_lr(0.01), Param("alpha", 0.99, 0.0, 0.9999, help=Text("decay of the averages",
                                                                "平均值的衰减率")), _eps(1e-8),
         _WD, Param("momentum", 0.0, 0.0, 0.999, help=Text("momentum on the scaled step",
                                                           "缩放后步长上的动量"))),
        r"\bar g_t=\alpha\bar g_{t-1}+(1-\alpha)g_t,\quad V_t=\alpha V_{t-1}+(1-\alpha)g_t^2,"
        r"\quad \eta_t=\eta\,\frac{g_t}{\sqrt{V_t-\bar g_t^2}+\epsilon}",
        Text("Divides by the gradient's variance rather than its second moment.",
             "除以梯度的方差，而不是它的二阶矩。"),
        Text("Where the gradient is steady the variance is tiny and the step explodes.",
             "梯度稳定的地方方差极小，步长会爆炸。"),
        torch.optim.RMSprop, lambda hp, T: _rmsprop_coeffs(hp, T, centered=True),
        adaptive=True, ref_kwargs=(("centered", True),),
        group="adaptive"),
    OptimizerSpec(
        "rmsprop_lecture", Text("RMSProp (lecture form)", "RMSProp（课堂形式）"),
        (_lr(0.01), Param("alpha", 0.9, 0.0, 0.9999, help=Text("decay of the squared-gradient average",
                                                               "梯度平方平均的衰减率")),
         _eps(1e-8)),
        r"\sigma_i^0=|g_i^0|,\quad \sigma_i^t=\sqrt{\alpha(\sigma_i^{t-1})^2+(1-\alpha)(g_i^t)^2},"
        r"\quad \theta_i^{t+1}=\theta_i^t-\frac{\eta}{\sigma_i^t}g_i^t",
        Text("Like RMSProp but without the oversized first steps.",
             "和 RMSProp 一样，但最初几步不会过大。"),
        Text("Still no momentum: slow to cross flat regions.", "仍然没有动量：穿过平坦区域很慢。"),
        lecture.LectureRMSprop, _lecture_rmsprop_coeffs, adaptive=True, in_torch=False,
        lecture_note=Text("Exactly the lecture's formula (with a tiny epsilon for safety).",
                          "与课上的公式完全一致（为安全起见加了一个极小的 ε）。"),
        group="lecture"),
    OptimizerSpec(
        "adadelta", "AdaDelta",
        (_lr(1.0), Param("rho", 0.9, 0.0, 0.9999, help=Text("decay of both running averages",
                                                            "两个滑动平均的衰减率")),
         _eps(1e-6), _WD),
        r"V_t=\rho V_{t-1}+(1-\rho)g_t^2,\quad \Delta_t=\frac{\sqrt{D_{t-1}+\epsilon}}"
        r"{\sqrt{V_t+\epsilon}}g_t,\quad D_t=\rho D_{t-1}+(1-\rho)\Delta_t^2,\quad \eta_t=\alpha\Delta_t",
        Text("Units-consistent steps with no rate to tune (lr = 1).",
             "步长单位一致，没有学习率要调（lr = 1）。"),
        Text("Starts with tiny steps (D_0 = 0) and can crawl for a long time.",
             "开始时步子极小（D_0 = 0），可能爬行很久。"),
        torch.optim.Adadelta, _adadelta_coeffs, adaptive=True,
        group="adaptive"),
    OptimizerSpec(
        "adam", "Adam", (_lr(1e-3), _BETAS, _eps(1e-8), _WD, _BC), _ADAM_LATEX,
        Text("Momentum plus RMSProp with bias correction: the robust default for deep nets.",
             "动量加 RMSProp，再加偏差修正：深度网络稳健的默认选择。"),
        Text("Can converge to sharper minima and generalize worse than tuned SGD; wd is coupled.",
             "可能收敛到更尖的最小值，泛化不如调好的 SGD；权重衰减与梯度耦合。"),
        torch.optim.Adam, _adam_coeffs, adaptive=True, lecture_note=_BC_NOTE,
        variant=_adam_variant(False),
        group="adaptive"),
    OptimizerSpec(
        "amsgrad", "AMSGrad", (_lr(1e-3), _BETAS, _eps(1e-8), _WD),
        _ADAM_LATEX.replace(r"\sqrt{V_t", r"\sqrt{\max_{i\le t}V_i"),
        Text("Adam whose denominator never shrinks: fixes Adam's known non-convergence examples.",
             "分母永不减小的 Adam：修正了 Adam 已知的不收敛反例。"),
        Text("The step only shrinks, so it can be slower than Adam in practice.",
             "步长只减不增，所以实际中可能比 Adam 慢。"),
        torch.optim.Adam, lambda hp, T: _adam_coeffs(hp, T, amsgrad=True),
        adaptive=True, ref_kwargs=(("amsgrad", True),),
        group="adaptive"),
    OptimizerSpec(
        "adamw", "AdamW",
        (_lr(1e-3), _BETAS, _eps(1e-8), Param("weight_decay", 0.01, 0.0, 1.0,
                                                help=Text("decoupled decay: w <- w (1 - lr wd)",
                                                          "解耦的衰减：w <- w (1 - lr wd)")),
         _BC),
        _ADAM_LATEX + r",\quad w_t\leftarrow(1-\alpha\lambda)w_t",
        Text("Adam with decoupled weight decay: regularization that is not rescaled by V.",
             "权重衰减解耦的 Adam：正则化不会被 V 缩放。"),
        Text("Same adaptive pitfalls as Adam; the decay pulls every weight towards 0.",
             "自适应方法的陷阱与 Adam 相同；衰减把每个权重拉向 0。"),
        torch.optim.AdamW, lambda hp, T: _adam_coeffs(hp, T, decoupled=True),
        adaptive=True, lecture_note=_BC_NOTE, variant=_adam_variant(True),
        group="adaptive"),
    OptimizerSpec(
        "nadam", "Nadam",
        (_lr(2e-3), _BETAS, _eps(1e-8), _WD,
         Param("momentum_decay", 4e-3, 0.0, 1.0, help=Text("psi: schedule of the momentum factor",
                                                           "ψ：动量系数的调度"))),
        r"\mu_t=\beta_1(1-\tfrac12 0.96^{t\psi}),\quad \eta_t=\alpha\Big(\frac{(1-\mu_t)g_t}"
        r"{1-\prod_{i\le t}\mu_i}+\frac{\mu_{t+1}m_t}{1-\prod_{i\le t+1}\mu_i}\Big)"
        r"\Big/\Big(\sqrt{V_t/(1-\beta_2^t)}+\epsilon\Big)",
        Text("Adam with a Nesterov look-ahead on the momentum: often a little faster.",
             "动量带 Nesterov 前瞻的 Adam：通常稍快一些。"),
        Text("Same adaptive pitfalls as Adam; one more schedule to reason about.",
             "自适应方法的陷阱与 Adam 相同；还多了一个调度要考虑。"),
        torch.optim.NAdam, _nadam_coeffs, adaptive=True,
        group="adaptive"),
    OptimizerSpec(
        "radam", "RAdam", (_lr(1e-3), _BETAS, _eps(1e-8), _WD),
        r"\rho_t=\rho_\infty-\frac{2t\beta_2^t}{1-\beta_2^t},\quad \eta_t=\begin{cases}"
        r"\alpha\,r_t\,\hat m_t/(\sqrt{V_t}+\epsilon)\cdot\sqrt{1-\beta_2^t} & \rho_t>5\\"
        r"\alpha\,\hat m_t & \text{otherwise}\end{cases}",
        Text("A built-in warm-up: SGD with momentum until the variance estimate is trustworthy.",
             "内置预热（warm-up）：在方差估计可信之前，按带动量的 SGD 走。"),
        Text("The first steps are un-normalized momentum steps, too large on steep surfaces.",
             "最初几步是未归一化的动量步，在陡峭曲面上太大。"),
        torch.optim.RAdam, _radam_coeffs, adaptive=True,
        group="adaptive"),
    OptimizerSpec(
        "adamax", "Adamax", (_lr(2e-3), _BETAS, _eps(1e-8), _WD),
        r"m_t=\beta_1m_{t-1}+(1-\beta_1)g_t,\quad u_t=\max(\beta_2u_{t-1},|g_t|+\epsilon),"
        r"\quad \eta_t=\frac{\alpha}{1-\beta_1^t}\frac{m_t}{u_t}",
        Text("The infinity-norm Adam: the step is bounded by the rate, robust to gradient spikes.",
             "用无穷范数的 Adam：步长受学习率限制，对梯度尖峰很稳健。"),
        Text("A single large gradient dominates u for a long time and slows every later step.",
             "一次很大的梯度会长时间主导 u，拖慢之后的每一步。"),
        torch.optim.Adamax, _adamax_coeffs, adaptive=True,
        group="adaptive"),
    OptimizerSpec(
        "adam_sgd", Text("Adam, then SGD", "先 Adam，后 SGD"),
        (_lr(1e-3), _BETAS, _eps(1e-8),
         Param("switch_step", 100, 1, 10000, kind="int", help=Text("first step taken by SGD",
                                                                   "由 SGD 走的第一步")),
         Param("sgd_lr", 0.01, 1e-6, 10.0, log=True, help=Text("SGD's rate after the switch",
                                                               "切换后 SGD 的学习率")),
         Param("sgd_momentum", 0.0, 0.0, 0.999, help=Text("SGD's momentum after the switch",
                                                          "切换后 SGD 的动量"))),
        _ADAM_LATEX + r"\quad(t<k),\qquad \eta_t=\alpha_{\mathrm{SGD}}\,m_t\quad(t\ge k)",
        Text("Adam's fast start, then SGD's well-behaved endgame (the lecture's 'switch' tip).",
             "用 Adam 快速起步，再用 SGD 稳稳收尾（课上讲的“切换”技巧）。"),
        Text("When to switch and which rate to use after are two more hyper-parameters.",
             "何时切换、切换后用什么学习率，又多了两个超参数。"),
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
            "asgd", Text("ASGD (averaged SGD)", "平均 SGD"),
            (_lr(0.01), Param("lambd", 1e-4, 0.0, 1.0, help=Text("decay term of the rate",
                                                                 "学习率的衰减项")),
             Param("alpha", 0.75, 0.0, 2.0, help=Text("power of the rate's decay",
                                                      "学习率衰减的幂次")),
             Param("t0", 100.0, 0.0, 1e6, help=Text("step from which the iterates are averaged",
                                                    "从第几步开始对迭代点求平均")),
             _WD),
            r"m_t=g_t,\quad V_t=1,\quad \eta_t=\frac{\alpha}{(1+\lambda\alpha t)^{a}}\,g_t,"
            r"\quad w_t\leftarrow(1-\lambda\eta_t)w_t\\ \bar w_t=\bar w_{t-1}+\mu_t(w_t-"
            r"\bar w_{t-1}),\quad \mu_t=1/\max(1,t-t_0)",
            Text("The average of the iterates (dashed) is far less noisy than the last one: "
            "Polyak-Ruppert averaging for noisy gradients.",
                 "迭代点的平均（虚线）比最后一个迭代点的噪声小得多：这就是针对带噪声梯度的迭代平均。"),
            Text("The raw iterate is plain SGD with a slowly decaying rate; the average lags "
            "behind while the iterates still travel.",
                 "原始迭代点就是学习率缓慢衰减的普通 SGD；迭代点还在移动时，平均点会落在后面。"),
            torch.optim.ASGD, None, group="classic", batched=True, observe=_asgd_observe),
        OptimizerSpec(
            "rprop", "Rprop",
            (_lr(0.01), Param("etaminus", 0.5, 0.01, 0.99, help=Text("step-size factor on a sign flip",
                                                                     "符号翻转时的步长系数")),
             Param("etaplus", 1.2, 1.01, 5.0, help=Text("step-size factor while the sign holds",
                                                        "符号不变时的步长系数")),
             Param("step_min", 1e-6, 1e-12, 1e-3, log=True, help=Text("smallest step size",
                                                                      "最小步长")),
             Param("step_max", 50.0, 1e-3, 1e3, log=True, help=Text("largest step size", "最大步长"))),
            r"s_t=\begin{cases}\min(\eta^+s_{t-1},s_{\max})&g_tg_{t-1}>0\\ \max(\eta^-s_{t-1},"
            r"s_{\min}),\ g_t\leftarrow0&g_tg_{t-1}<0\\ s_{t-1}&\text{else}\end{cases},\quad "
            r"m_t=\operatorname{sign}g_t,\quad V_t=1,\quad \eta_t=s_t\,m_t",
            Text("Only the gradient's sign counts: each coordinate grows its own step while the "
            "sign holds, so flat plateaus and steep walls are crossed at the same pace.",
                 "只看梯度的符号：符号不变时，每个坐标各自增大步长，所以平坦高原和陡峭谷壁以同样的速度穿过。"),
            Text("Sign flips from noisy gradients shrink every step: it needs full-batch gradients.",
                 "噪声梯度造成的符号翻转会让每一步都缩小：它需要全批量梯度。"),
            torch.optim.Rprop, None, adaptive=True, group="adaptive", batched=True,
            to_kwargs=lambda hp: {"lr": hp["lr"], "etas": (hp["etaminus"], hp["etaplus"]),
                                  "step_sizes": (hp["step_min"], hp["step_max"])}),
        OptimizerSpec(
            "adafactor", "Adafactor",
            (_lr(0.01), Param("beta2_decay", -0.8, -1.0, -0.1,
                              help="1 - beta2_t = t^decay"),
             Param("eps2", 1e-3, 1e-8, 1.0, log=True, help=Text("smallest relative step scale",
                                                                "最小的相对步长尺度")),
             Param("d", 1.0, 1.0, 10.0, help=Text("clipping threshold of the update's RMS",
                                                  "更新量 RMS 的裁剪阈值")), _WD),
            r"V_t=\beta_{2,t}V_{t-1}+(1-\beta_{2,t})g_t^2,\ \beta_{2,t}=1-t^{c},\quad "
            r"u_t=\frac{g_t}{\sqrt{V_t}}\Big/\max\!\big(1,\tfrac{\mathrm{RMS}(u)}{d}\big)\\ "
            r"\eta_t=\max(\epsilon_2,\mathrm{RMS}(w_t))\,\min(\alpha,1/\sqrt t)\,u_t",
            Text("Steps relative to the weights' own size and a second moment that, for a matrix, "
            "is stored as row and column sums: little memory for huge models. On this 2-vector "
            "it is NOT factored (a vector keeps the full V).",
                 "步长相对于权重自身的大小；对矩阵，二阶矩只存行和与列和：大模型也只需很少的内存。在这里的二维向量上它不做分解（向量保留完整的 V）。"),
            Text("The step scales with |w|: near w = 0 it crawls at eps2; no first moment here.",
                 "步长与 |w| 成正比：在 w = 0 附近以 eps2 爬行；这里没有一阶矩。"),
            torch.optim.Adafactor, None, adaptive=True, group="adaptive",
            to_kwargs=lambda hp: {"lr": hp["lr"], "beta2_decay": hp["beta2_decay"],
                                  "eps": (None, hp["eps2"]), "d": hp["d"],
                                  "weight_decay": hp["weight_decay"]}),
        OptimizerSpec(
            "lbfgs", "L-BFGS",
            (_lr(1.0), Param("max_iter", 5, 1, 50, kind="int",
                             help=Text("inner iterations per step (each evaluates f)",
                                       "每步的内部迭代次数（每次都计算 f）")),
             Param("history_size", 10, 1, 100, kind="int", help=Text("curvature pairs kept",
                                                                     "保留的曲率对个数")),
             Param("line_search_fn", "strong_wolfe", 0, 0, kind="choice",
                   choices=("strong_wolfe", "none"), help=Text("line search of each iteration",
                                                               "每次迭代的线搜索"))),
            r"H_t\approx(\nabla^2f)^{-1}\text{ from the last pairs }(s_i,y_i)=(\Delta w,"
            r"\Delta g),\quad m_t=H_tg_t,\quad V_t=1,\quad \eta_t=\alpha_t\,H_tg_t\ "
            r"(\alpha_t\text{ by line search})",
            Text("A quasi-Newton method: curvature from gradient differences, so a quadratic "
            "bowl is solved in a few steps regardless of its conditioning.",
                 "拟牛顿法：从梯度之差得到曲率，所以无论条件数多大，二次碗几步就能解决。"),
            Text("Every step evaluates f several times (see the evaluations) and needs exact, "
            "full-batch gradients: noise breaks its curvature pairs.",
                 "每一步都要计算 f 好几次（见函数求值次数），而且需要精确的全批量梯度：噪声会破坏它的曲率对。"),
            torch.optim.LBFGS, None, group="second-order",
            to_kwargs=lambda hp: {**hp, "line_search_fn": None if hp["line_search_fn"] ==
                                  "none" else hp["line_search_fn"]}),
        OptimizerSpec(
            "newton", Text("Newton's method", "牛顿法"), (_lr(1.0),),
            r"H_t=\nabla^2L(w_t)\ (\text{exact, autograd}),\quad m_t=H_t^{-1}g_t,\quad "
            r"V_t=1,\quad \eta_t=\alpha\,H_t^{-1}g_t\quad(\alpha=1:\text{ pure Newton})",
            Text("Uses the curvature: on a quadratic it lands on the critical point in one step "
                 "(lr = 1), whatever the conditioning.",
                 "利用曲率：在二次函数上，一步（lr = 1）就落到临界点上，不管条件数多大。"),
            Text("It solves grad L = 0, whatever the curvature: it is attracted to saddles and "
                 "maxima as much as to minima. The Hessian has (number of weights)^2 entries "
                 "and must be inverted: out of reach for a network. A singular Hessian has no "
                 "step: the run stops there, and says so (singular Hessian at step k).",
                 "它求解的是 ∇L = 0，不管曲率如何：鞍点和极大值对它的吸引力和最小值一样大。"
                 "海森矩阵有（权重个数）² 个元素，还要求逆：对神经网络来说做不到。"
                 "海森矩阵奇异时没有牛顿步：这次运行就停在那里，并说明原因（第 k 步海森矩阵奇异）。"),
            lecture.Newton, None, in_torch=False, group="second-order", hessian=True),
        OptimizerSpec(
            "damped_newton", Text("Damped Newton", "阻尼牛顿法"),
            (_lr(1.0), Param("damping", 1.0, 0.0, 100.0,
                             help=Text("lambda added to the Hessian's diagonal",
                                       "加到海森矩阵对角线上的 λ"))),
            r"\eta_t=\alpha\,(H_t+\lambda I)^{-1}g_t,\quad H_t=\nabla^2L(w_t)\quad"
            r"(\text{Levenberg damping; }\lambda\to\infty:\ \text{gradient descent with rate }"
            r"\alpha/\lambda)",
            Text("Between Newton (lambda = 0) and gradient descent (large lambda): the damping "
                 "shortens the steps along directions of small curvature, where pure Newton "
                 "jumps far.",
                 "介于牛顿法（λ = 0）和梯度下降（λ 很大）之间：阻尼缩短曲率小的方向上的步子，"
                 "纯牛顿法在这些方向上会跳得很远。"),
            Text("A negative curvature larger than lambda still turns the step uphill; where an "
                 "eigenvalue of H equals -lambda there is no step (the run stops: singular "
                 "Hessian). Same Hessian cost as Newton.",
                 "比 λ 大的负曲率仍会让这一步朝上坡走；H 的某个特征值等于 -λ 时没有这一步"
                 "（运行停下：海森矩阵奇异）。海森矩阵的开销与牛顿法相同。"),
            lecture.Newton, None, in_torch=False, group="second-order", hessian=True,
            lecture_note=Text("The notes give no damping rule; this is Levenberg's: "
                              "(H + lambda I) replaces H, with a fixed lambda and rate "
                              "(no line search).",
                              "讲义没有给出阻尼的规则；这里用 Levenberg 的做法：用 (H + λI) "
                              "代替 H，λ 和学习率都固定（没有线搜索）。")),
        OptimizerSpec(
            "lion", "Lion",
            (_lr(1e-3), Param("betas", (0.9, 0.99), 0.0, 0.9999, kind="pair",
                              help=Text("interpolation of the update, decay of the momentum",
                                        "更新的插值系数、动量的衰减率")),
             Param("weight_decay", 0.0, 0.0, 1.0, help=Text("decoupled: w <- w (1 - lr wd)",
                                                            "解耦：w <- w (1 - lr wd)"))),
            r"c_t=\beta_1m_{t-1}+(1-\beta_1)g_t,\quad \eta_t=\alpha\,\operatorname{sign}(c_t),"
            r"\quad m_t=\beta_2m_{t-1}+(1-\beta_2)g_t,\quad V_t=1",
            Text("Found by program search: the sign of a momentum blend, so every coordinate "
            "moves by exactly lr; cheap (one state) and strong for large models.",
                 "由程序搜索找到：取动量混合的符号，所以每个坐标恰好移动 lr；开销小（只有一个状态），在大模型上效果好。"),
            Text("Every step has the same size: it never settles closer than about lr to a "
            "minimum (it keeps dithering) unless the rate decays.",
                 "每一步大小相同：除非学习率衰减，它离最小值总差大约 lr（一直在抖动）。"),
            Lion, None, in_torch=False, group="recent", source="lion_pytorch.Lion",
            batched=True),
        OptimizerSpec(
            "sf_adamw", Text("Schedule-Free AdamW",
                             "免调度 AdamW"),
            (_lr(0.0025), Param("betas", (0.9, 0.999), 0.01, 0.9999, kind="pair",
                                help=Text("interpolation factor and second-moment decay",
                                          "插值系数和二阶矩衰减率")),
             _eps(1e-8), _WD,
             Param("warmup_steps", 0, 0, 10_000, kind="int", help=Text("linear warm-up steps",
                                                                       "线性预热的步数"))),
            r"y_t=(1-\beta_1)z_t+\beta_1x_t,\ V_t=\beta_2V_{t-1}+(1-\beta_2)g(y_t)^2,\ "
            r"z_{t+1}=z_t-\alpha\frac{g(y_t)}{\sqrt{V_t/(1-\beta_2^t)}+\epsilon}\\ "
            r"x_{t+1}=(1-c_{t+1})x_t+c_{t+1}z_{t+1},\quad c_{t+1}=\frac{\alpha_{\max}^2}"
            r"{\sum_{i\le t+1}\alpha_{\max}^2}",
            Text("No schedule to tune: averaging the iterates replaces the decay. The path is y "
            "(where gradients are taken); the averaged point x (dashed) is the one to use.",
                 "没有调度要调：对迭代点求平均代替了衰减。路径是 y（在这里求梯度）；真正要用的是平均点 x（虚线）。"),
            Text("x lags behind y on long journeys; the rate still matters, and a schedule on "
            "top defeats the purpose.",
                 "路程长时 x 落后于 y；学习率仍然重要，再叠加调度就失去了意义。"),
            _schedulefree(AdamWScheduleFree), None, adaptive=True, in_torch=False,
            group="recent", source="schedulefree.AdamWScheduleFree", batched=True,
            observe=_schedulefree_observe),
        OptimizerSpec(
            "sf_sgd", Text("Schedule-Free SGD", "免调度 SGD"),
            (_lr(0.01), Param("momentum", 0.9, 0.01, 0.999,
                              help=Text("interpolation between z and the average x",
                                        "z 与平均点 x 之间的插值")), _WD,
             Param("warmup_steps", 0, 0, 10_000, kind="int", help=Text("linear warm-up steps",
                                                                       "线性预热的步数"))),
            r"y_t=(1-\beta)z_t+\beta x_t,\quad z_{t+1}=z_t-\alpha\,g(y_t),\quad "
            r"x_{t+1}=(1-c_{t+1})x_t+c_{t+1}z_{t+1},\quad m_t=g(y_t),\ V_t=1",
            Text("SGD whose averaged point x converges without a decaying rate; the path is y.",
                 "平均点 x 不需要衰减学习率就能收敛的 SGD；路径是 y。"),
            Text("Needs the eval/train switch in real code (BatchNorm statistics); x lags behind.",
                 "实际代码中需要在训练模式和评估模式之间切换（批量归一化的统计量）；x 会落后。"),
            _schedulefree(SGDScheduleFree), None, in_torch=False, group="recent",
            source="schedulefree.SGDScheduleFree", batched=True,
            observe=_schedulefree_observe),
        OptimizerSpec(
            "prodigy", "Prodigy",
            (_lr(1.0), _BETAS, _eps(1e-8),
             Param("weight_decay", 0.0, 0.0, 1.0, help=Text("decoupled weight decay",
                                                            "解耦的权重衰减")),
             Param("d0", 1e-6, 1e-10, 1.0, log=True, help=Text("initial estimate of the distance",
                                                               "距离的初始估计")),
             Param("d_coef", 1.0, 0.01, 10.0, log=True, help=Text("multiplies the estimate",
                                                                  "乘在估计值上"))),
            r"d_t=\max\!\Big(d_{t-1},\frac{\sum_i\langle g_i,w_0-w_i\rangle d_i}"
            r"{\|\sum_i d_ig_i\|_1}\Big),\quad m_t=\beta_1m_{t-1}+(1-\beta_1)d_tg_t,\\ "
            r"V_t=\beta_2V_{t-1}+(1-\beta_2)d_t^2g_t^2,\quad \eta_t=\alpha\,d_t\,\frac{m_t}"
            r"{\sqrt{V_t}+d_t\epsilon}",
            Text("Learning-rate free: it estimates the distance d to the solution as it goes "
            "(see d over time) and scales an Adam step by it; lr = 1 is the default.",
                 "不用设学习率：边走边估计到解的距离 d（见 d 随时间的变化），并用它缩放 Adam 的步长；默认 lr = 1。"),
            Text("d only grows: an early overestimate is never corrected; the first steps are "
            "tiny while d0 is small.",
                 "d 只增不减：早期的高估永远不会被纠正；d0 很小时最初几步极小。"),
            Prodigy, None, adaptive=True, in_torch=False, group="recent",
            source="prodigyopt.Prodigy", observe=_prodigy_observe),
        OptimizerSpec(
            "adan", "Adan",
            (_lr(1e-3), Param("beta1", 0.98, 0.0, 0.9999, help=Text("decay of the gradient average",
                                                                    "梯度平均的衰减率")),
             Param("beta2", 0.92, 0.0, 0.9999, help=Text("decay of the gradient-difference average",
                                                         "梯度差平均的衰减率")),
             Param("beta3", 0.99, 0.0, 0.9999, help=Text("decay of the second moment",
                                                         "二阶矩的衰减率")),
             _eps(1e-8), _WD),
            r"m_t=\beta_1m_{t-1}+(1-\beta_1)g_t,\ n_t=\beta_2n_{t-1}+(1-\beta_2)(g_t-g_{t-1}),"
            r"\\ V_t=\beta_3V_{t-1}+(1-\beta_3)\big(g_t+\beta_2(g_t-g_{t-1})\big)^2,\quad "
            r"\eta_t=\alpha\frac{\hat m_t+\beta_2\hat n_t}{\sqrt{\hat V_t}+\epsilon}",
            Text("Nesterov momentum without the look-ahead gradient: the gradient difference "
            "anticipates where the slope is going (fast on vision and language models).",
                 "不需要前瞻梯度的 Nesterov 动量：用梯度之差预判坡度的走向（在视觉和语言模型上很快）。"),
            Text("Three betas to tune, and three states per weight.",
                 "有三个 β 要调，每个权重有三个状态。"),
            _Lazy("pytorch_optimizer", "Adan"), None, adaptive=True, in_torch=False,
            group="recent", source="pytorch_optimizer.Adan", batched=True,
            to_kwargs=lambda hp: {"lr": hp["lr"], "betas": (hp["beta1"], hp["beta2"],
                                                            hp["beta3"]),
                                  "eps": hp["eps"], "weight_decay": hp["weight_decay"],
                                  "foreach": False}),
        OptimizerSpec(
            "lamb", "LAMB",
            (_lr(1e-3), _BETAS, _eps(1e-6), Param("weight_decay", 0.0, 0.0, 1.0,
                                                  help=Text("decoupled weight decay",
                                                            "解耦的权重衰减"))),
            r"r_t=\frac{m_t}{\sqrt{V_t}+\epsilon}\ (\text{Adam's }m_t,V_t\text{, no bias "
            r"correction}),\quad \eta_t=\alpha\,\frac{\min(\|w_t\|,10)}{\|r_t\|}\,r_t",
            Text("Adam with a trust ratio: each layer's step is scaled to its weights' norm, so "
            "huge batches train stably (BERT in 76 minutes).",
                 "带信任比（trust ratio）的 Adam：每层的步长按该层权重的范数缩放，所以超大批次也能稳定训练（曾用 76 分钟训完一个大型语言模型）。"),
            Text("On one 2-vector the ratio makes the step ~ lr x |w|: it crawls near w = 0 and "
            "the trust ratio is 1 when |w| = 0.",
                 "在一个二维向量上，这个比值使步长 ~ lr x |w|：在 w = 0 附近爬行；|w| = 0 时信任比为 1。"),
            _Lazy("pytorch_optimizer", "Lamb"), None, adaptive=True, in_torch=False,
            group="recent", source="pytorch_optimizer.Lamb",
            to_kwargs=lambda hp: {**hp, "foreach": False}),
    )


_ENTRIES = (*_ENTRIES, *_general_entries())
OPTIMIZERS: dict[str, OptimizerSpec] = {o.key: o for o in _ENTRIES}
