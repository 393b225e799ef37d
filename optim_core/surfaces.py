"""Analytic 2-D error surfaces: one registry, one entry per surface.

Each entry is a pure torch function ``f(x, y, **params)`` of two broadcastable tensors,
with an optional hand-written gradient (tested against autograd) that keeps the
simulation engine fast. :func:`get_surface` binds the parameters and returns a
:class:`Surface`, the one interface the engine, the critical-point finder and the pages
use (formula and learned surfaces implement it too).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import torch

from .data_surfaces import DATA_ENTRIES, data_loss, fitted
from .specs import Param, check_bounds, shown, validate_params
from .surface_spec import KnownPoint, SurfaceSpec
from .text import Text

__all__ = ["SURFACES", "KnownPoint", "Surface", "SurfaceSpec", "check_surface", "get_surface"]

Tensor = torch.Tensor


@dataclass(frozen=True)
class Surface:
    """A surface ready to evaluate: ``value(xy)`` and ``grad(xy)`` on ``(..., 2)``."""
    key: str
    name: str
    latex: str
    bounds: tuple[float, float, float, float]
    start: tuple[float, float]
    teaches: str
    known: tuple[KnownPoint, ...]
    log_levels: bool
    lr_hint: float
    f: Callable[[Tensor, Tensor], Tensor] = field(repr=False)
    g: Callable[[Tensor, Tensor], tuple[Tensor, Tensor]] | None = field(repr=False,
                                                                          default=None)
    # a surface learned from data: its loss on a mini-batch (DataLoss), else None
    data: object | None = field(repr=False, default=None)
    axes: tuple[str, str] = ("x", "y")

    def value(self, xy: Tensor) -> Tensor:
        return self.f(xy[..., 0], xy[..., 1])

    def grad(self, xy: Tensor) -> Tensor:
        """Gradient at ``xy``: analytic where the entry has one, else autograd."""
        if self.g is not None:
            return torch.stack(self.g(xy[..., 0], xy[..., 1]), dim=-1)
        return autograd_grad(self.value, xy)

    def grad_xy(self, x: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
        """Gradient as two planes (the engine's layout); autograd where no analytic one."""
        if self.g is not None:
            return self.g(x, y)
        with torch.inference_mode(False), torch.enable_grad():
            qx = x.detach().clone().requires_grad_(True)
            qy = y.detach().clone().requires_grad_(True)
            gx, gy = torch.autograd.grad(self.f(qx, qy).sum(), (qx, qy))
        return gx, gy


def autograd_grad(fn: Callable[[Tensor], Tensor], xy: Tensor) -> Tensor:
    with torch.inference_mode(False), torch.enable_grad():
        q = xy.detach().clone().requires_grad_(True)
        (g,) = torch.autograd.grad(fn(q).sum(), q)
    return g


# --- the surfaces: value and gradient -----------------------------------------------

def _bowl(x, y):
    return x * x + y * y


def _bowl_g(x, y):
    return 2 * x, 2 * y


def _quad(x, y, kappa):
    return 0.5 * (x * x + kappa * y * y)


def _quad_g(x, y, kappa):
    return x, kappa * y


def _rosen(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _rosen_g(x, y):
    r = y - x * x
    return -2 * (1 - x) - 400 * x * r, 200 * r


def _beale_terms(x, y):
    return 1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y ** 3


def _beale(x, y):
    a, b, c = _beale_terms(x, y)
    return a * a + b * b + c * c


def _beale_g(x, y):
    a, b, c = _beale_terms(x, y)
    y2 = y * y
    dx = 2 * (a * (y - 1) + b * (y2 - 1) + c * (y2 * y - 1))
    dy = 2 * x * (a + 2 * b * y + 3 * c * y2)
    return dx, dy


def _himmel(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def _himmel_g(x, y):
    a, b = x * x + y - 11, x + y * y - 7
    return 4 * x * a + 2 * b, 2 * a + 4 * y * b


def _booth(x, y):
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def _booth_g(x, y):
    a, b = x + 2 * y - 7, 2 * x + y - 5
    return 2 * a + 4 * b, 4 * a + 2 * b


def _camel(x, y):
    x2, y2 = x * x, y * y
    return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (-4 + 4 * y2) * y2


def _camel_g(x, y):
    x2 = x * x
    return 8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y, x - 8 * y + 16 * y ** 3


def _rastrigin(x, y):
    tau = 2 * math.pi
    return 20 + x * x - 10 * torch.cos(tau * x) + y * y - 10 * torch.cos(tau * y)


def _rastrigin_g(x, y):
    tau = 2 * math.pi
    return 2 * x + 10 * tau * torch.sin(tau * x), 2 * y + 10 * tau * torch.sin(tau * y)


def _ackley(x, y):
    tau = 2 * math.pi
    r = torch.sqrt(0.5 * (x * x + y * y))
    return (-20 * torch.exp(-0.2 * r) - torch.exp(0.5 * (torch.cos(tau * x) + torch.cos(tau * y)))
            + math.e + 20)


def _ackley_g(x, y):
    tau = 2 * math.pi
    r = torch.sqrt(0.5 * (x * x + y * y)).clamp_min(1e-300)
    a = 2 * torch.exp(-0.2 * r) / r                       # d/dx of the first term is a*x
    b = math.pi * torch.exp(0.5 * (torch.cos(tau * x) + torch.cos(tau * y)))
    return a * x + b * torch.sin(tau * x), a * y + b * torch.sin(tau * y)


def _gp_parts(x, y):
    s, d = x + y + 1, 2 * x - 3 * y
    p = 19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y
    q = 18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y
    return s, d, p, q, 1 + s * s * p, 30 + d * d * q


def _gp(x, y):
    *_, a, b = _gp_parts(x, y)
    return a * b


def _gp_g(x, y):
    s, d, p, q, a, b = _gp_parts(x, y)
    da = 2 * s * p + s * s * (-14 + 6 * x + 6 * y)        # same for x and y
    dbx = 4 * d * q + d * d * (-32 + 24 * x - 36 * y)
    dby = -6 * d * q + d * d * (48 - 36 * x + 54 * y)
    return da * b + a * dbx, da * b + a * dby


def _st(x, y):
    return 0.5 * (x ** 4 - 16 * x * x + 5 * x + y ** 4 - 16 * y * y + 5 * y)


def _st_g(x, y):
    return 0.5 * (4 * x ** 3 - 32 * x + 5), 0.5 * (4 * y ** 3 - 32 * y + 5)


def _saddle(x, y):
    return x * x - y * y


def _saddle_g(x, y):
    return 2 * x, -2 * y


def _monkey(x, y):
    return x ** 3 - 3 * x * y * y


def _monkey_g(x, y):
    return 3 * x * x - 3 * y * y, -6 * x * y


def _lecture(x, y):
    return (1 - x * y) ** 2


def _lecture_g(x, y):
    r = -2 * (1 - x * y)
    return r * y, r * x


def _plateau(x, y):
    return 1 - torch.sigmoid(8 * (x - 1)) + 0.005 * (x - 2) ** 2 + 0.1 * y * y


def _plateau_g(x, y):
    s = torch.sigmoid(8 * (x - 1))
    return -8 * s * (1 - s) + 0.01 * (x - 2), 0.2 * y


def _ravine(x, y):
    return x * x / 20 + 10 * (y - 0.4 * torch.sin(x)) ** 2


def _ravine_g(x, y):
    r = 20 * (y - 0.4 * torch.sin(x))
    return x / 10 - 0.4 * torch.cos(x) * r, r


_HIMMEL_KNOWN = (
    KnownPoint((3.0, 2.0), "minimum"), KnownPoint((-2.805118, 3.131312), "minimum"),
    KnownPoint((-3.779310, -3.283186), "minimum"), KnownPoint((3.584428, -1.848126), "minimum"),
    KnownPoint((-0.270845, -0.923039), "maximum"),
    KnownPoint((0.086677, 2.884254), "saddle"), KnownPoint((-3.073026, -0.081353), "saddle"),
    KnownPoint((3.385154, 0.073852), "saddle"), KnownPoint((-0.127961, -1.953715), "saddle"),
)

_ENTRIES = (
    SurfaceSpec("bowl", Text("Convex bowl",
                             "凸碗"), r"f(x,y)=x^2+y^2", _bowl, (-2, 2, -2, 2), (-1.5, 1.2),
                Text("Round and convex: every method gets there; the baseline.",
                     "圆而凸：每种方法都能到达；作为基准。"),
                _bowl_g, (KnownPoint((0.0, 0.0), "minimum"),), lr_hint=0.1),
    SurfaceSpec("ill_conditioned", Text("Ill-conditioned quadratic", "病态二次函数"),
                r"f(x,y)=\tfrac12\,(x^2+\kappa\,y^2)", _quad, (-2, 2, -2, 2), (-1.8, 0.8),
                Text("One direction is kappa times steeper: plain GD zig-zags, adaptive methods "
                "rescale each coordinate.",
                     "一个方向比另一个陡 κ 倍：普通梯度下降来回震荡（zig-zag），自适应方法则对每个坐标分别缩放。"), _quad_g, (KnownPoint((0.0, 0.0), "minimum"),),
                params=(Param("kappa", 20.0, 1.0, 1000.0, log=True,
                              help=Text("condition number: ratio of the two curvatures",
                                        "条件数：两个方向曲率之比")),),
                lr_hint=0.05),
    SurfaceSpec("rosenbrock", "Rosenbrock", r"f(x,y)=(1-x)^2+100\,(y-x^2)^2", _rosen,
                (-2, 2, -1, 3), (-1.5, 2.0),
                Text("A curved, flat-bottomed valley: easy to reach, slow to follow to (1, 1).",
                     "弯曲、谷底平坦的山谷：容易到达，却很难沿着谷底走到 (1, 1)。"),
                _rosen_g, (KnownPoint((1.0, 1.0), "minimum"),), log_levels=True,
                lr_hint=1e-3),
    SurfaceSpec("beale", "Beale",
                r"f=(1.5-x+xy)^2+(2.25-x+xy^2)^2+(2.625-x+xy^3)^2", _beale,
                (-4.5, 4.5, -4.5, 4.5), (1.0, 1.5),
                Text("Flat plateaus and sharp ridges: the gradient scale changes by orders of "
                "magnitude.", "平坦的高原和陡峭的山脊：梯度的大小相差好几个数量级。"), _beale_g,
                (KnownPoint((3.0, 0.5), "minimum"), KnownPoint((0.0, 1.0), "saddle")),
                log_levels=True, lr_hint=1e-3),
    SurfaceSpec("himmelblau", "Himmelblau", r"f(x,y)=(x^2+y-11)^2+(x+y^2-7)^2", _himmel,
                (-5, 5, -5, 5), (0.0, 0.0),
                Text("Four equal minima, one maximum and four saddles: where you start decides "
                "where you end.",
                     "四个同样深的最小值、一个最大值和四个鞍点：起点决定终点。"), _himmel_g, _HIMMEL_KNOWN, log_levels=True, lr_hint=0.01),
    SurfaceSpec("booth", "Booth", r"f(x,y)=(x+2y-7)^2+(2x+y-5)^2", _booth,
                (-10, 10, -10, 10), (-8.0, -6.0),
                Text("A tilted quadratic bowl: convex but not axis-aligned.",
                     "倾斜的二次碗：是凸的，但不与坐标轴对齐。"), _booth_g,
                (KnownPoint((1.0, 3.0), "minimum"),), log_levels=True, lr_hint=0.02),
    SurfaceSpec("six_hump_camel", Text("Six-hump camel", "六峰驼背函数"),
                r"f=(4-2.1x^2+\tfrac{x^4}{3})x^2+xy+(-4+4y^2)y^2", _camel,
                (-2, 2, -1.2, 1.2), (-1.6, 0.9),
                Text("Six local minima, two of them global, and a saddle at the origin.",
                     "六个局部最小值，其中两个是全局最小值，原点处有一个鞍点。"),
                _camel_g,
                (KnownPoint((0.0898, -0.7126), "minimum"), KnownPoint((-0.0898, 0.7126), "minimum"),
                 KnownPoint((0.0, 0.0), "saddle")), lr_hint=0.01),
    SurfaceSpec("rastrigin", "Rastrigin",
                r"f=20+\sum_{i}\left(x_i^2-10\cos 2\pi x_i\right)", _rastrigin,
                (-5.12, 5.12, -5.12, 5.12), (3.2, -2.7),
                Text("A bowl covered in bumps: every method is caught by a local minimum "
                "unless it is large-stepped or noisy.",
                     "布满小坑的碗：除非步子大或有噪声，每种方法都会被困在局部最小值。"), _rastrigin_g,
                (KnownPoint((0.0, 0.0), "minimum"),), lr_hint=2e-3),
    SurfaceSpec("ackley", "Ackley",
                r"f=-20e^{-0.2\sqrt{(x^2+y^2)/2}}-e^{(\cos 2\pi x+\cos 2\pi y)/2}+e+20",
                _ackley, (-5, 5, -5, 5), (3.5, -3.2),
                Text("A nearly flat outer region full of ripples around one deep, sharp hole.",
                     "外围几乎平坦、布满波纹，中间是一个又深又尖的洞。"),
                _ackley_g, (KnownPoint((0.0, 0.0), "minimum"),), lr_hint=0.05),
    SurfaceSpec("goldstein_price", "Goldstein-Price",
                r"f=[1+(x+y+1)^2(19-14x+3x^2-14y+6xy+3y^2)]"
                r"\,[30+(2x-3y)^2(18-32x+12x^2+48y-36xy+27y^2)]",
                _gp, (-2, 2, -3, 1), (-1.2, 0.5),
                Text("Values span six orders of magnitude: a fixed rate is too large on the "
                "walls and too small in the basin.",
                     "函数值跨越六个数量级：固定的学习率在谷壁上太大，在谷底又太小。"), _gp_g,
                (KnownPoint((0.0, -1.0), "minimum"),), log_levels=True, lr_hint=1e-5),
    SurfaceSpec("styblinski_tang", "Styblinski-Tang",
                r"f=\tfrac12\sum_i\left(x_i^4-16x_i^2+5x_i\right)", _st, (-5, 5, -5, 5),
                (0.5, 0.5),
                Text("Four basins of different depth: the nearest minimum is not the best one.",
                     "四个深浅不同的盆地：最近的最小值不是最好的那个。"),
                _st_g, (KnownPoint((-2.903534, -2.903534), "minimum"),), lr_hint=0.01),
    SurfaceSpec("saddle", Text("Saddle",
                               "鞍面"), r"f(x,y)=x^2-y^2", _saddle, (-2, 2, -2, 2), (1.5, 1e-3),
                Text("A saddle at the origin: downhill in y, uphill in x. Plain GD starting on "
                "the x axis never leaves it.",
                     "原点处是鞍点：沿 y 下坡，沿 x 上坡。从 x 轴上出发的普通梯度下降永远离不开 x 轴。"), _saddle_g,
                (KnownPoint((0.0, 0.0), "saddle"),), lr_hint=0.05),
    SurfaceSpec("monkey_saddle", Text("Monkey saddle", "猴鞍面"), r"f(x,y)=x^3-3xy^2", _monkey,
                (-1.5, 1.5, -1.5, 1.5), (1.0, 0.2),
                Text("Three valleys meet at a flat point: the Hessian is zero there, so the "
                "second-order test cannot decide.",
                     "三条山谷交汇于一个平坦点：那里的海森矩阵为零，二阶判别法无法判断。"), _monkey_g,
                (KnownPoint((0.0, 0.0), "degenerate"),), lr_hint=0.02),
    SurfaceSpec("lecture_w1w2", Text("Lecture: (1 - w1 w2)^2",
                                     "课上的例子：(1 - w1 w2)^2"), r"L(w_1,w_2)=(1-w_1w_2)^2",
                _lecture, (-2, 2, -2, 2), (0.05, -0.03),
                Text("The lecture's model y = w1 w2 x on the data point (1, 1): a saddle at the "
                "origin and a valley of minima along w1 w2 = 1.",
                     "课上的模型 y = w1 w2 x，数据点为 (1, 1)：原点是鞍点，沿 w1 w2 = 1 是一条由最小值组成的山谷。"), _lecture_g,
                (KnownPoint((0.0, 0.0), "saddle"),), lr_hint=0.05),
    SurfaceSpec("plateau_cliff", Text("Plateau and cliff", "高原与悬崖"),
                r"f=1-\sigma\big(8(x-1)\big)+0.005(x-2)^2+0.1y^2", _plateau,
                (-3, 3.5, -2, 2), (-2.5, 1.0),
                Text("A long, almost flat plateau ends in a cliff: the gradient is tiny for a "
                "long time, then huge.",
                     "一片又长又几乎平坦的高原，尽头是悬崖：梯度长时间很小，然后突然很大。"), _plateau_g, lr_hint=0.5),
    SurfaceSpec("ravine", Text("Narrow ravine",
                               "狭窄峡谷"), r"f(x,y)=\frac{x^2}{20}+10\,(y-0.4\sin x)^2",
                _ravine, (-6, 6, -3, 3), (-5.0, 1.5),
                Text("Steep walls, gentle floor: a fixed rate bounces between the walls while the "
                "loss barely falls.",
                     "谷壁陡、谷底缓：固定的学习率在两壁之间来回弹跳，损失却几乎不降。"), _ravine_g, (KnownPoint((0.0, 0.0), "minimum"),),
                lr_hint=0.09),
)

SURFACES: dict[str, SurfaceSpec] = {s.key: s for s in (*_ENTRIES, *DATA_ENTRIES)}


FORMULA_BOUNDS = (-2.0, 2.0, -2.0, 2.0)     # a typed formula's domain unless given


def check_surface(surface, surface_params=(), formula: str | None = None, bounds=None, *,
                  analytic: bool = False) -> tuple[str, dict, tuple | None]:
    """The one check of a configuration's surface fields (every config calls it):
    ``(surface, checked parameters, bounds)``, ``surface == "formula"`` for a typed
    formula. ``analytic`` refuses a surface learned from data."""
    if formula is not None:
        from .formula import compile_formula
        compile_formula(formula)
        bounds = check_bounds(FORMULA_BOUNDS if bounds is None else bounds)
        if surface_params:
            raise ValueError("surface_params do not apply to a formula")
        return "formula", {}, bounds
    if bounds is not None:
        raise ValueError("bounds apply only to a formula surface")
    if not isinstance(surface, str) or surface not in SURFACES:
        raise ValueError(f"surface must be one of {', '.join(SURFACES)}; got {shown(surface)}")
    if analytic and SURFACES[surface].data:
        raise ValueError("surface must be an analytic surface here (a surface learned from "
                         f"data is not supported); got {shown(surface)}")
    return surface, validate_params(SURFACES[surface].params, surface_params,
                                    "surface_params"), None


def get_surface(key: str, params: Mapping | None = None) -> Surface:
    """Bind ``params`` (validated against the entry's specs) and return a :class:`Surface`."""
    if key not in SURFACES:
        raise ValueError(f"surface must be one of {', '.join(SURFACES)}; got {key!r}")
    spec = SURFACES[key]
    bound = validate_params(spec.params, params, "surface_params")

    def f(x, y):
        return spec.f(x, y, **bound)

    g = None
    if spec.grad is not None:
        def g(x, y):
            return spec.grad(x, y, **bound)
    known, data = spec.known, None
    if spec.data:
        data = data_loss(key, tuple(sorted(bound.items())))
        best = fitted(key, tuple(sorted(bound.items())))
        known = (KnownPoint(best, "minimum"),) if best is not None else ()
    return Surface(spec.key, spec.name, spec.latex, spec.bounds, spec.start, spec.teaches,
                   known, spec.log_levels, spec.lr_hint, f, g, data, spec.axes)
