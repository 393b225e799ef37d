"""The loss landscape of a network: a 2-D slice through weights along two directions.

Directions are filter-normalized random directions (Li et al. 2018: each row of a weight
matrix, one output unit's filter, is scaled to the norm of the same row of the weights;
biases and batch-norm parameters get no component) or the top two PCA directions of
training trajectories. The slice ``L(theta + a d1 + b d2)`` of the default network
(float64 tanh, no batch norm) is evaluated one point at a time by :class:`_TanhNet`
(numpy, no allocation, the first layer's exp factored over the grid); any other network
for a whole block of grid points at once (:func:`batched_mlp_loss`: one batched matrix
product per layer). :func:`slice_serial` is the one-point-at-a-time loop the reference
tool uses.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

__all__ = [
    "Plane",
    "pca_plane",
    "penalty_rows",
    "plane_losses",
    "project",
    "random_plane",
    "slice_serial",
    "slice_values",
]


@dataclass
class Plane:
    center: torch.Tensor        # (P,) flattened weights at (0, 0)
    d1: torch.Tensor            # (P,)
    d2: torch.Tensor
    explained: tuple[float, float] | None = None   # PCA: share of the path's variance


def _shapes(model):
    return [(name, p.shape, p.numel()) for name, p in model.named_parameters()]


def unflatten(model, theta: torch.Tensor, shapes=None) -> dict:
    """``{name: tensor}`` views of a flat vector ``(..., P)`` in the model's shapes
    (``shapes``: :func:`_shapes` of the model, when the caller already has it)."""
    out, i = {}, 0
    lead = theta.shape[:-1]
    for name, shape, n in shapes or _shapes(model):
        out[name] = theta[..., i:i + n].reshape(*lead, *shape)
        i += n
    return out


def _penalized_mask(model) -> np.ndarray:
    """Which entries of the flat weight vector the training penalty covers (the linear
    layers' weights, :func:`optim_core.nets.penalized_names`)."""
    from .nets import penalized_names
    names = set(penalized_names(model))
    return np.concatenate([np.full(n, name in names) for name, _s, n in _shapes(model)])


def penalty_rows(model, theta: np.ndarray, penalty: tuple[float, float]) -> np.ndarray:
    """The training penalty ``weight_decay/2 * sum w^2 + l1 * sum |w|`` (over the linear
    layers' weights, as :func:`optim_core.nets.penalty`) at each row of ``theta`` (G, P);
    zeros when both terms are 0."""
    theta = np.atleast_2d(np.asarray(theta, dtype=np.float64))
    if not (penalty[0] or penalty[1]):
        return np.zeros(len(theta))
    return _penalty_of_weights(theta[:, _penalized_mask(model)], *penalty)


def _penalty_of_weights(w: np.ndarray, wd: float, l1: float) -> np.ndarray:
    out = np.zeros(len(w))
    if wd:
        out += wd / 2 * np.einsum("ij,ij->i", w, w)
    if l1:
        out += l1 * np.abs(w).sum(axis=1)
    return out


def _plane_penalty(model, plane: Plane, ab: torch.Tensor, penalty, block: int = 256):
    """:func:`penalty_rows` at ``center + a d1 + b d2`` for each row of ``ab`` (None when
    there is no penalty), in blocks of ``block`` points."""
    if not (penalty[0] or penalty[1]):
        return None
    m = _penalized_mask(model)
    c, d1, d2 = (v.detach().double().numpy()[m] for v in (plane.center, plane.d1, plane.d2))
    abn, out = ab.double().numpy(), np.empty(len(ab))
    for s in range(0, len(abn), block):
        w = c + abn[s:s + block, :1] * d1 + abn[s:s + block, 1:] * d2
        out[s:s + block] = _penalty_of_weights(w, *penalty)
    return out


def random_plane(model, center: torch.Tensor, seed: int) -> Plane:
    """Two filter-normalized Gaussian directions drawn from ``seed``."""
    gen = torch.Generator().manual_seed(seed)
    weights = unflatten(model, center)
    ds = []
    for _ in range(2):
        parts = []
        for w in weights.values():
            if w.dim() <= 1:   # biases and batch-norm parameters: left out
                parts.append(torch.zeros_like(w).reshape(-1))
                continue
            d = torch.randn(w.shape, generator=gen, dtype=w.dtype)
            d *= w.norm(dim=1, keepdim=True) / (d.norm(dim=1, keepdim=True) + 1e-10)
            parts.append(d.reshape(-1))
        ds.append(torch.cat(parts))
    return Plane(center, ds[0], ds[1])


def pca_plane(trajectories: list[np.ndarray], center: np.ndarray) -> Plane:
    """The top two principal directions of the trajectories' points about ``center``
    (orthonormal), and the share of the points' squared distance each explains."""
    pts = np.concatenate([t - center for t in trajectories])
    _, s, vt = np.linalg.svd(pts, full_matrices=False)
    total = float((s ** 2).sum()) or 1.0
    explained = (float(s[0] ** 2 / total), float(s[1] ** 2 / total) if len(s) > 1 else 0.0)
    d2 = vt[1] if len(vt) > 1 else np.zeros_like(vt[0])
    return Plane(torch.from_numpy(center.copy()), torch.from_numpy(vt[0].copy()),
                 torch.from_numpy(d2.copy()), explained)


def project(plane: Plane, points: np.ndarray) -> np.ndarray:
    """Coordinates ``(a, b)`` of ``points`` (N, P) in the plane: least squares on
    ``[d1 d2]`` (exact for points of the plane; the orthogonal part is dropped)."""
    D = torch.stack([plane.d1, plane.d2], dim=1).numpy()
    coef, *_ = np.linalg.lstsq(D, (points - plane.center.numpy()).T, rcond=None)
    return coef.T


def _tanh_of_double_(c: np.ndarray) -> None:
    """In place: ``c = 2 z`` becomes ``tanh(z) = 1 - 2 / (exp(2 z) + 1)``. numpy's
    vectorized exp makes this several times faster than ``np.tanh`` or ``torch.tanh`` in
    float64 on this CPU when ``c`` fits in cache; same values to round-off (absolute error
    about 1e-16; exactly +-1 where exp overflows or underflows)."""
    np.exp(c, out=c)   # the caller silences overflow (np.errstate): +-1 exactly
    c += 1.0
    np.divide(-2.0, c, out=c)
    c += 1.0


ACT_FN = {"sigmoid": torch.sigmoid, "relu": torch.relu,
          "leaky_relu": torch.nn.functional.leaky_relu, "elu": torch.nn.functional.elu,
          "silu": torch.nn.functional.silu}


def _hidden_layer(model, i: int, layer, W: dict, h: np.ndarray) -> np.ndarray:
    """Hidden layer ``i`` for every weight vector of the block: one batched matrix
    product, then bias, batch norm (eval: running statistics), activation and the residual
    sum one grid point at a time (``N x width`` values, in cache). For tanh in float64
    every pre-activation is doubled by doubling the weights (exact in binary floating
    point); in float32 numpy's own tanh is the fast kernel."""
    pre = f"layers.{i}."
    k = 2.0 if model.activation == "tanh" and h.dtype == np.float64 else 1.0
    w, b = W[pre + "0.weight"], W[pre + "0.bias"]
    z = np.matmul(h, (k * w).transpose(0, 2, 1))        # (G, N, width)
    # Linear, [BatchNorm1d], activation, [Dropout: the identity in evaluation]
    bn = layer[1] if isinstance(layer[1], torch.nn.BatchNorm1d) else None
    if bn is not None:
        scale = W[pre + "1.weight"] / np.sqrt(bn.running_var.numpy() + bn.eps)
        mean, shift = k * bn.running_mean.numpy(), k * W[pre + "1.bias"]
    residual = model.residual and i > 0
    for g, c in enumerate(z):
        c += k * b[g]
        if bn is not None:
            c -= mean
            c *= scale[g]
            c += shift[g]
        if k == 2.0:
            _tanh_of_double_(c)
        elif model.activation == "tanh":
            np.tanh(c, out=c)
        elif model.activation == "relu":
            np.maximum(c, 0.0, out=c)
        else:
            c[...] = ACT_FN[model.activation](torch.from_numpy(c)).numpy()
        if residual:
            c += h[g]
    return z


def batched_mlp_loss(model, theta: torch.Tensor, x: torch.Tensor, y: torch.Tensor,
                     shapes=None) -> torch.Tensor:
    """Cross-entropy of the :class:`~optim_core.nets.MLP` ``model`` (eval mode: batch norm
    with its running statistics) at each row of ``theta`` ``(G, P)``: one batched matrix
    product per layer for the whole block of weight vectors, in numpy (its batched matmul
    and its exp are the fast kernels here: see bench/RESULTS.md, learned surfaces)."""
    W = {k: v.numpy() for k, v in unflatten(model, theta.detach().contiguous(),
                                                      shapes).items()}
    h = x.detach().numpy()
    for i, layer in enumerate(model.layers):
        h = _hidden_layer(model, i, layer, W, h)
    # two classes: cross-entropy = log(1 + exp(-s d)), d = logit1 - logit0, s = +-1
    wo, bo = W["out.weight"], W["out.bias"]
    d = np.matmul(h, (wo[:, 1] - wo[:, 0])[:, :, None])[..., 0]
    d += (bo[:, 1] - bo[:, 0])[:, None]
    d *= 1.0 - 2.0 * y.numpy().astype(d.dtype)
    loss = np.log1p(np.exp(-np.abs(d))) + np.maximum(d, 0.0)
    return torch.from_numpy(loss.mean(1))


class _TanhNet:
    """A float64 tanh :class:`~optim_core.nets.MLP` without batch norm (the default
    network), evaluated one weight vector at a time with no allocation of its big arrays:
    per hidden layer one matrix product (numpy's BLAS) and ``tanh(z) = 1 - 2 / (exp(2 z) +
    1)`` in three passes (numpy's vectorized exp, add, divide). The weights come doubled
    (``2 theta``: exact in binary floating point), so the products are ``2 z`` directly.
    The ``1 -`` is never computed: a layer's output is kept as ``u + c`` with ``c`` a whole
    number (the count of tanh outputs summed into it: 1 without residual sums), folded into
    the next layer's bias as ``c`` times the row sums of its weights. Same values as the
    network to round-off (absolute error ~1e-15 on the loss)."""

    def __init__(self, model, x: np.ndarray, y: np.ndarray):
        self.x, self.residual = np.ascontiguousarray(x), model.residual
        self.half_sign = 0.5 - y.astype(np.float64)   # cross-entropy's +-1, and 2 theta's 1/2
        n, width = len(self.x), model.out.in_features
        self.bufs = [np.empty((n, width)) for _ in range(2)]
        self.d = np.empty(n)
        self.names = [(f"layers.{i}.0.weight", f"layers.{i}.0.bias")
                      for i in range(len(model.layers))]

    @staticmethod
    def applies(model, dtype) -> bool:
        return (dtype == torch.float64 and model.activation == "tanh"
                and all(len(layer) == 2 for layer in model.layers))

    def loss(self, W2: dict, e0=None) -> float:
        """The mean cross-entropy at the weights ``W2 / 2`` (numpy views of one doubled
        weight vector); ``e0``: the first layer's ``exp(2 z)`` when the caller has it (as
        a product ``(E0, E1)``, see :meth:`first_layer_factors`)."""
        h, c, residual = self.x, 0, self.residual
        for i, (wn, bn) in enumerate(self.names):
            w2, b2 = W2[wn], W2[bn]
            # the output's buffer: alternate; with residual sums, layer 0's holds the sum
            z = self.bufs[1] if residual and i > 0 else self.bufs[i % 2]
            if i == 0 and e0 is not None:
                np.multiply(e0[0], e0[1], out=z)
            else:
                np.matmul(h, w2.T, out=z)
                z += b2 if c == 0 else b2 + c * w2.sum(axis=1)
                np.exp(z, out=z)              # overflow -> inf -> tanh exactly +1
            z += 1.0
            np.divide(-2.0, z, out=z)         # tanh(pre) - 1
            if residual and i > 0:            # u <- u + (tanh - 1): h + layer(h)
                h += z
                c += 1
            else:
                h, c = z, 1
        wo2, bo2 = W2["out.weight"], W2["out.bias"]
        dw2 = wo2[1] - wo2[0]
        d = np.matmul(h, dw2, out=self.d)
        d += (bo2[1] - bo2[0]) + c * dw2.sum()
        d *= self.half_sign                   # (logit of the other class - own) / 1
        np.logaddexp(0.0, d, out=d)           # log(1 + exp(d)): the cross-entropy
        return float(d.sum()) / len(d)

    def first_layer_factors(self, planes2, a, b, points: int):
        """On a grid the first layer's ``2 z`` is ``Z0 + a Z1 + b Z2`` (it is affine in the
        weights and the inputs are fixed), so ``exp(2 z) = exp(Z0 + b Z2) exp(a Z1)``: one
        exp per grid row and one per grid column instead of one per point. ``(row
        factors (nb, N, width), column factors (na, N, width))`` for the distinct values
        ``a`` and ``b``, or None where a product could overflow (|2 z| terms above 700: far
        out, the direct evaluation saturates exactly), the tables would be large, or the
        points are no grid (scattered points: as many distinct values as points)."""
        n, width = self.bufs[0].shape
        if (len(a) + len(b)) * n * width * 8 > 64e6 or 4 * (len(a) + len(b)) > points:
            return None   # tables too large, or too few of the points share a row or column
        wn, bn = self.names[0]
        Z = [self.x @ W[wn].T + W[bn] for W in planes2]      # center, d1, d2: doubled
        bound = np.abs(Z[0]) + np.abs(a).max() * np.abs(Z[1]) + np.abs(b).max() * np.abs(Z[2])
        if not bound.max() < 700.0:
            return None
        rows = np.exp(Z[0] + b[:, None, None] * Z[2])
        cols = np.exp(a[:, None, None] * Z[1])
        return rows, cols


@torch.no_grad()
def plane_losses(model, plane: Plane, ab: torch.Tensor, x, y, loss_fn=None,
                 block: int = 4, penalty: tuple[float, float] = (0.0, 0.0)) -> torch.Tensor:
    """Loss at ``center + a d1 + b d2`` for each row ``(a, b)`` of ``ab``, in eval mode,
    plus the training ``penalty`` ``(weight_decay, l1)`` there (:func:`penalty_rows`): the
    training objective; the data loss alone with the default ``(0, 0)``.
    The default network (float64 tanh, no batch norm) is evaluated one point at a time by
    :class:`_TanhNet`; any other in blocks of ``block`` points per batched call (small
    blocks stay in cache). ``loss_fn`` must be the networks' cross-entropy
    (:func:`optim_core.nets.loss_fn`)."""
    z = _plane_losses(model, plane, ab, x, y, block)
    pen = _plane_penalty(model, plane, ab, penalty)
    return z if pen is None else z + torch.from_numpy(pen).to(z.dtype)


def _plane_losses(model, plane: Plane, ab: torch.Tensor, x, y, block: int) -> torch.Tensor:
    model.eval()
    dt = plane.center.dtype
    x = x.to(dt)
    shapes, out = _shapes(model), []
    with np.errstate(over="ignore"):
        if _TanhNet.applies(model, dt):
            net = _TanhNet(model, x.detach().numpy(), y.detach().numpy())
            center, d1, d2 = (2.0 * v.detach().numpy() for v in (plane.center, plane.d1,
                                                                 plane.d2))
            theta = np.empty_like(center)     # 2 (center + a d1 + b d2), exactly
            W2 = {k: v.numpy() for k, v in unflatten(model, torch.from_numpy(theta),
                                                     shapes).items()}   # views of theta
            abn = ab.to(dt).numpy()
            (av, ai), (bv, bi) = (np.unique(abn[:, k], return_inverse=True) for k in (0, 1))
            planes2 = [{k: v.numpy() for k, v in unflatten(model, torch.from_numpy(p),
                                                           shapes).items()}
                       for p in (center, d1, d2)]
            factors = net.first_layer_factors(planes2, av, bv, len(abn))
            z = np.empty(len(ab))
            for i in np.lexsort((ai, bi)):     # row by row: a row's factor stays in cache
                a, b = abn[i]
                np.multiply(d1, a, out=theta)
                theta += center
                theta += b * d2
                e0 = None if factors is None else (factors[0][bi[i]], factors[1][ai[i]])
                z[i] = net.loss(W2, e0)
            return torch.from_numpy(z)
        for s in range(0, len(ab), block):
            c = ab[s:s + block].to(dt)
            theta = plane.center + c[:, :1] * plane.d1 + c[:, 1:] * plane.d2
            out.append(batched_mlp_loss(model, theta, x, y, shapes))
    return torch.cat(out)


def _grid(span: float, n: int):
    a = torch.linspace(-span, span, n, dtype=torch.float64)
    A, B = torch.meshgrid(a, a, indexing="xy")
    return a, torch.stack([A.reshape(-1), B.reshape(-1)], dim=1)


def slice_values(model, plane: Plane, x, y, loss_fn, span: float = 1.0, n: int = 51,
                 block: int = 4, penalty: tuple[float, float] = (0.0, 0.0)
                 ) -> tuple[np.ndarray, np.ndarray]:
    """``(coords, Z)``: the loss (plus ``penalty``, see :func:`plane_losses`) on an ``n x n``
    grid over ``[-span, span]^2``; ``Z[j, i]`` is at ``(a_i, b_j)``."""
    a, ab = _grid(span, n)
    z = plane_losses(model, plane, ab, x, y, loss_fn, block, penalty)
    return a.numpy(), z.reshape(n, n).numpy()


@torch.no_grad()
def slice_serial(model, plane: Plane, x, y, loss_fn, span: float = 1.0,
                 n: int = 51, penalty: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """The reference: for each grid point, write the weights into the model and evaluate
    the loss plus :func:`optim_core.nets.penalty` of the model."""
    from .nets import penalty as penalty_of_model
    model.eval()
    _a, ab = _grid(span, n)
    params = list(model.parameters())
    saved = [p.detach().clone() for p in params]
    z = np.empty(len(ab))
    for i, (u, v) in enumerate(ab.tolist()):
        theta = plane.center + u * plane.d1 + v * plane.d2
        j = 0
        for p in params:
            p.copy_(theta[j:j + p.numel()].view_as(p))
            j += p.numel()
        z[i] = float(loss_fn(model(x), y) + penalty_of_model(model, *penalty))
    for p, s in zip(params, saved):
        p.copy_(s)
    return z.reshape(n, n)
