r"""Two-parameter models learned from data: the parameters are the plot's axes.

Every model here is linear in its two parameters before the loss: for data point *i*,
:math:`z_i = x\,A_i + y\,B_i` (``x``, ``y`` the parameters, e.g. ``w`` and ``b`` of
``y = b + w\cdot x``), and the surface is the mean loss :math:`\frac1N\sum_i \ell(z_i, t_i)`.
Value and gradient are written out (:math:`\nabla = \frac1N\sum_i \ell'(z_i)\,(A_i, B_i)`)
and tested against autograd; :class:`DataLoss` also gives the loss of a mini-batch, which
the engine uses for mini-batch and stochastic gradient descent (:func:`batch_schedule`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from . import datasets
from .specs import Param
from .surface_spec import SurfaceSpec
from .text import Text

__all__ = ["DATA_ENTRIES", "DataLoss", "batch_schedule", "batches_per_epoch", "data_loss"]

Tensor = torch.Tensor
LOSSES = ("mse", "mae", "huber")
CHUNK = 1 << 22          # values of (points x data) evaluated at once
HG_CHUNK = 1 << 16       # the same for hess_grad: its ~15 temporaries stay in the CPU's
                         # cache (76 -> 47 ms for 1600 starts x 1000 points here)


@dataclass(frozen=True, eq=False)
class DataLoss:
    """Mean of ``loss(x*A + y*B, t)`` over the data (or a mini-batch ``idx`` of it)."""
    A: Tensor
    B: Tensor
    t: Tensor
    loss: str                  # mse | mae | huber | logistic_mse | logistic_ce
    delta: float = 1.0         # Huber's threshold

    @property
    def n(self) -> int:
        return len(self.t)

    def _terms(self, z: Tensor, t: Tensor) -> Tensor:
        r = z - t
        if self.loss == "mse":
            return r * r
        if self.loss == "mae":
            return r.abs()
        if self.loss == "huber":
            a = r.abs()
            return torch.where(a < self.delta, 0.5 * r * r, self.delta * (a - 0.5 * self.delta))
        if self.loss == "logistic_mse":
            s = torch.sigmoid(z) - t
            return s * s
        # logistic_ce: log(1 + e^z) - t z, stable and exact (torch's softplus is linear
        # beyond z = 20, which would make the gradient below differ from this value's)
        return torch.log1p(torch.exp(-z.abs())) + z.clamp_min(0) - t * z

    def _dterms(self, z: Tensor, t: Tensor) -> Tensor:
        r = z - t
        if self.loss == "mse":
            return 2 * r
        if self.loss == "mae":
            return torch.sign(r)
        if self.loss == "huber":
            return r.clamp(-self.delta, self.delta)
        s = torch.sigmoid(z)
        if self.loss == "logistic_mse":
            return 2 * (s - t) * s * (1 - s)
        return s - t

    def _d12terms(self, z: Tensor, t: Tensor) -> tuple[Tensor, Tensor]:
        """First and second derivative of each term in ``z`` (the second is 0 where the
        loss is piecewise linear, as autograd differentiates ``abs`` and Huber's line)."""
        if self.loss in ("mse", "mae", "huber"):
            d1 = self._dterms(z, t)
            if self.loss == "mse":
                return d1, torch.full_like(z, 2.0)
            if self.loss == "mae":
                return d1, torch.zeros_like(z)
            return d1, ((z - t).abs() < self.delta).to(z.dtype)
        s = torch.sigmoid(z)
        ds = s * (1 - s)
        if self.loss == "logistic_mse":
            e = s - t
            return 2 * e * ds, 2 * ds * (ds + e * (1 - 2 * s))
        return s - t, ds

    def _data(self, idx):
        return (self.A, self.B, self.t) if idx is None else (self.A[idx], self.B[idx], self.t[idx])

    def value(self, x: Tensor, y: Tensor, idx: Tensor | None = None) -> Tensor:
        A, B, t = self._data(idx)
        return _chunked(lambda x, y: self._terms(x[..., None] * A + y[..., None] * B, t)
                        .mean(-1), x, y, len(t))

    def grad(self, x: Tensor, y: Tensor, idx: Tensor | None = None) -> tuple[Tensor, Tensor]:
        A, B, t = self._data(idx)

        def g(x, y):
            d = self._dterms(x[..., None] * A + y[..., None] * B, t)
            return torch.stack([(d * A).mean(-1), (d * B).mean(-1)])
        out = _chunked(g, x, y, len(t), parts=2)
        return out[0], out[1]

    def hess_grad(self, x: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
        r"""Hessian ``(..., 2, 2)`` and gradient ``(..., 2)`` at the points ``(x, y)`` in
        closed form, all points at once:
        :math:`H = \frac1N\sum_i \ell''(z_i)\,(A_i, B_i)^\top (A_i, B_i)`."""
        A, B, t = self.A, self.B, self.t
        n = len(t)
        second = torch.stack([A * A, A * B, B * B], -1) / n    # (n, 3)
        first = torch.stack([A, B], -1) / n                     # (n, 2)

        def hg(x, y):
            d1, d2 = self._d12terms(x[..., None] * A + y[..., None] * B, t)
            return torch.cat([d2 @ second, d1 @ first], -1).movedim(-1, 0)
        h00, h01, h11, g0, g1 = _chunked(hg, x, y, n, parts=5, chunk=HG_CHUNK)
        H = torch.stack([torch.stack([h00, h01], -1), torch.stack([h01, h11], -1)], -2)
        return H, torch.stack([g0, g1], -1)


def _chunked(fn, x: Tensor, y: Tensor, n: int, parts: int = 0, chunk: int = 0) -> Tensor:
    """``fn(x, y)`` over broadcast points, a slab at a time so points x data stays small."""
    chunk = chunk or CHUNK
    x, y = torch.broadcast_tensors(x, y)
    if x.numel() * n <= chunk:
        return fn(x, y)
    shape, xf, yf = x.shape, x.reshape(-1), y.reshape(-1)
    step = max(1, chunk // n)
    out = torch.cat([fn(xf[s:s + step], yf[s:s + step]) for s in range(0, len(xf), step)],
                    dim=-1)
    return out.reshape(*((parts,) if parts else ()), *shape)


def _t(a) -> Tensor:
    return torch.as_tensor(np.ascontiguousarray(a), dtype=torch.float64)


@lru_cache(maxsize=64)
def data_loss(key: str, params: tuple) -> DataLoss:
    """The data and loss of registry entry ``key`` with (validated) ``params``."""
    p = dict(params)
    if key == "linreg":
        x, y = datasets.regression(p["data"], p["n"], p["noise"], p["seed"])
        return DataLoss(_t(x), torch.ones(len(x), dtype=torch.float64), _t(y), p["loss"],
                        p["delta"])
    if key == "quadfit":
        x, y = datasets.lecture_quadratic(p["n"], p["noise"], p["seed"])
        return DataLoss(_t(x * x), torch.ones(len(x), dtype=torch.float64), _t(y), p["loss"],
                        p["delta"])
    if key in ("logistic_mse", "logistic_ce"):
        x, label = datasets.two_class_1d(p["n"], p["separation"], p["seed"])
        return DataLoss(_t(x), torch.ones(len(x), dtype=torch.float64), _t(label), key)
    if key in ("scaling_raw", "scaling_std"):
        X, y = datasets.scaled_features(p["n"], p["noise"], p["seed"])
        if key == "scaling_std":
            X, y = (X - X.mean(0)) / X.std(0), y - y.mean()
        return DataLoss(_t(X[:, 0]), _t(X[:, 1]), _t(y), "mse")
    raise ValueError(f"{key} is not a data surface")


def minimum(loss: DataLoss) -> tuple[float, float] | None:
    """The fitted parameters (numerically; exact least squares for MSE), or None."""
    A, B, t = (a.numpy() for a in (loss.A, loss.B, loss.t))
    X = np.stack([A, B], axis=1)
    w0 = np.linalg.lstsq(X, t, rcond=None)[0]
    if loss.loss == "mse":
        return float(w0[0]), float(w0[1])
    from scipy.optimize import minimize
    if loss.loss.startswith("logistic"):
        w0 = np.array([1.0, 0.0])

    def fun(w):
        x, y = torch.tensor(w[0], dtype=torch.float64), torch.tensor(w[1], dtype=torch.float64)
        return float(loss.value(x, y)), np.array([float(g) for g in loss.grad(x, y)])
    if loss.loss == "mae":   # convex and piecewise linear: no gradient method
        r = minimize(lambda w: fun(w)[0], w0, method="Nelder-Mead",
                     options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 4000})
    else:
        if loss.loss == "logistic_mse":   # start from the cross-entropy fit
            ce = DataLoss(loss.A, loss.B, loss.t, "logistic_ce")
            w0 = np.array(minimum(ce))
        r = minimize(fun, w0, jac=True, method="BFGS", options={"gtol": 1e-12})
    return (float(r.x[0]), float(r.x[1])) if np.all(np.isfinite(r.x)) else None


@lru_cache(maxsize=64)
def fitted(key: str, params: tuple) -> tuple[float, float] | None:
    """:func:`minimum` of a registry entry, computed once per parameters."""
    return minimum(data_loss(key, params))


def batches_per_epoch(n: int, batch_size: int, drop_last: bool) -> int:
    return n // batch_size if drop_last else -(-n // batch_size)


def batch_schedule(n: int, batch_size: int, shuffle: bool, drop_last: bool, seed: int,
                   steps: int) -> list[Tensor]:
    """The data indices of each of ``steps`` iterations: epoch after epoch, a fresh
    permutation each epoch when ``shuffle`` (``torch.randperm`` from a generator seeded
    with ``seed``, as ``torch.utils.data.RandomSampler`` draws it), cut into batches of
    ``batch_size``; the last partial batch is kept or dropped."""
    per = batches_per_epoch(n, batch_size, drop_last)
    if per < 1:
        raise ValueError(f"batch_size must be at most the number of data points ({n}) "
                         f"when drop_last is on; got {batch_size}")
    gen = torch.Generator().manual_seed(seed)
    out: list[Tensor] = []
    while len(out) < steps:
        order = torch.randperm(n, generator=gen) if shuffle else torch.arange(n)
        out += [order[i * batch_size:(i + 1) * batch_size] for i in range(per)]
    return out[:steps]


# --- registry entries (added to optim_core.surfaces.SURFACES) -------------------------

def _entries() -> tuple[SurfaceSpec, ...]:
    def f(key):
        def fn(x, y, **p):
            return data_loss(key, tuple(sorted(p.items()))).value(x, y)
        fn.__name__ = f"data_{key}"
        return fn

    def g(key):
        def fn(x, y, **p):
            return data_loss(key, tuple(sorted(p.items()))).grad(x, y)
        return fn

    seed = Param("seed", 0, 0, 2 ** 31 - 1, kind="int", help=Text("seed of the data",
                                                                  "数据的随机种子"))
    loss = Param("loss", "mse", 0, 0, kind="choice", choices=LOSSES,
                 help=Text("mean squared, mean absolute or Huber error",
                           "均方误差、平均绝对误差或 Huber 误差"))
    delta = Param("delta", 1.0, 0.01, 10.0, help=Text("Huber's threshold between square and line",
                                                      "Huber 误差中平方与直线的分界点"))

    def spec(key, name, latex, bounds, start, teaches, params, lr_hint, log=False):
        axes = ("w1", "w2") if key.startswith("scaling") else ("w", "b")
        return SurfaceSpec(key, name, latex, f(key), bounds, start, teaches, grad=g(key),
                           params=params, lr_hint=lr_hint, log_levels=log, data=True,
                           axes=axes)

    return (
        spec("linreg", Text("Learned: linear regression",
                            "从数据学习：线性回归"), r"L(w,b)=\frac1N\sum_i \ell(b+w x_i,\ y_i)",
             (-2.0, 5.0, -3.0, 4.0), (-1.5, -2.5),
             Text("The lecture's first model: each point of the plane is a line y = b + w x, its height the error on the data. MSE is a smooth bowl, MAE a cone with creases, Huber between.",
                  "课上的第一个模型：平面上每个点是一条直线 y = b + w x，高度是它在数据上的误差。MSE 是光滑的碗，MAE 是带折痕的锥，Huber 介于两者之间。"),
             (Param("data", "synthetic", 0, 0, kind="choice", choices=datasets.REGRESSION,
                    help=Text("synthetic y = 1 + 2x + noise, or diabetes (body-mass index)",
                              "合成数据 y = 1 + 2x + 噪声，或糖尿病数据集（体重指数）")),
              loss, Param("n", 60, 5, 1000, kind="int", help=Text("data points (synthetic)",
                                                                  "数据点个数（合成数据）")),
              Param("noise", 0.5, 0.0, 5.0, help=Text("std of the noise (synthetic)",
                                                      "噪声的标准差（合成数据）")), seed, delta),
             0.05),
        spec("quadfit", Text("Learned: the notes' y = 3x² + 2",
                             "从数据学习：讲义中的 y = 3x² + 2"), r"L(w,b)=\frac1N\sum_i \ell(w x_i^2+b,\ y_i)",
             (-1.0, 6.0, -1.0, 5.0), (0.0, 0.0),
             Text("The notes' data y = 3x² + 2 + 0.2·noise on [-1, 1], fitted as w·x² + b: the minimum sits near (3, 2), not exactly there, because of the noise.",
                  "讲义中的数据 y = 3x² + 2 + 0.2·噪声，x 在 [-1, 1] 上，用 w·x² + b 拟合：因为有噪声，最小值在 (3, 2) 附近，而不正好在那里。"),
             (loss, Param("n", 40, 5, 1000, kind="int", help=Text("data points", "数据点个数")),
              Param("noise", 0.2, 0.0, 5.0, help=Text("std of the noise",
                                                      "噪声的标准差")), seed, delta), 0.1),
        spec("logistic_mse", Text("Learned: logistic regression, MSE", "从数据学习：逻辑回归，MSE"),
             r"L(w,b)=\frac1N\sum_i (\sigma(w x_i+b)-y_i)^2", (-6.0, 6.0, -6.0, 6.0), (-4.0, 4.0),
             Text("Squared error on a sigmoid: where the model is confidently wrong the surface is a flat plateau and the gradient vanishes.",
                  "sigmoid 上的平方误差：模型自信地犯错时，曲面是平坦的高原，梯度消失。"), _logistic_params(seed), 1.0),
        spec("logistic_ce", Text("Learned: logistic regression, cross-entropy",
                                 "从数据学习：逻辑回归，交叉熵"),
             r"L(w,b)=\frac1N\sum_i -y_i\log\sigma(w x_i+b)-(1-y_i)\log(1-\sigma(w x_i+b))",
             (-6.0, 6.0, -6.0, 6.0), (-4.0, 4.0), Text("Cross-entropy on the same data: where the model is confidently wrong the surface is a steep slope, so gradient descent recovers.",
                                                       "同样的数据用交叉熵：模型自信地犯错时，曲面是陡坡，所以梯度下降能纠正过来。"), _logistic_params(seed), 1.0),
        spec("scaling_raw", Text("Learned: unscaled features (x₂ ~ 1000 x₁)",
                                 "从数据学习：未缩放的特征 (x₂ ~ 1000 x₁)"),
             r"L(w_1,w_2)=\frac1N\sum_i (w_1 x_{i1}+w_2 x_{i2}-y_i)^2",
             (-1.5, 2.5, -0.0015, 0.0025), (-1.0, 0.002),
             Text("Features on scales 1-10 and 1000-10000: the error surface is a long thin ellipse, and one learning rate cannot suit both directions.",
                  "特征的尺度分别是 1-10 和 1000-10000：误差曲面是细长的椭圆，一个学习率无法同时适合两个方向。"), _scaling_params(seed),
             2e-8, log=True),
        spec("scaling_std", Text("Learned: standardized features", "从数据学习：标准化的特征"),
             r"L(w_1,w_2)=\frac1N\sum_i (w_1 \tilde x_{i1}+w_2 \tilde x_{i2}-\tilde y_i)^2",
             (-2.0, 3.5, -2.0, 3.5), (-1.5, 3.0),
             Text("The same features standardized (x - mean) / std: the surface is nearly round and one learning rate suits both directions.",
                  "同样的特征做标准化 (x - mean) / std：曲面几乎是圆的，一个学习率就适合两个方向。"), _scaling_params(seed), 0.1),
    )


def _logistic_params(seed):
    return (Param("n", 100, 4, 1000, kind="int", help=Text("data points (half in each class)",
                                                           "数据点个数（每类各一半）")),
            Param("separation", 2.0, 0.0, 6.0, help=Text("distance between the two class means",
                                                         "两类均值之间的距离")),
            seed)


def _scaling_params(seed):
    return (Param("n", 50, 5, 1000, kind="int", help=Text("data points", "数据点个数")),
            Param("noise", 0.1, 0.0, 5.0, help=Text("std of the noise", "噪声的标准差")), seed)


DATA_ENTRIES: tuple[SurfaceSpec, ...] = _entries()
