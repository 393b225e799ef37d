"""The loss landscape of a network: a 2-D slice through weights along two directions.

Directions are filter-normalized random directions (Li et al. 2018: each row of a weight
matrix, one output unit's filter, is scaled to the norm of the same row of the weights;
biases and batch-norm parameters get no component) or the top two PCA directions of
training trajectories. The slice ``L(theta + a d1 + b d2)`` is evaluated for a whole
block of grid points at once (:func:`batched_mlp_loss`: one batched matrix product per
layer, tanh through numpy's vectorized kernel);
:func:`slice_serial` is the one-point-at-a-time loop the reference tool uses.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

__all__ = ["Plane", "random_plane", "pca_plane", "slice_values", "slice_serial", "project",
           "plane_losses"]


@dataclass
class Plane:
    center: torch.Tensor        # (P,) flattened weights at (0, 0)
    d1: torch.Tensor            # (P,)
    d2: torch.Tensor
    explained: tuple[float, float] | None = None   # PCA: share of the path's variance


def _shapes(model):
    return [(name, p.shape, p.numel()) for name, p in model.named_parameters()]


def unflatten(model, theta: torch.Tensor) -> dict:
    """``{name: tensor}`` views of a flat vector ``(..., P)`` in the model's shapes."""
    out, i = {}, 0
    lead = theta.shape[:-1]
    for name, shape, n in _shapes(model):
        out[name] = theta[..., i:i + n].reshape(*lead, *shape)
        i += n
    return out


def random_plane(model, center: torch.Tensor, seed: int) -> Plane:
    """Two filter-normalized Gaussian directions drawn from ``seed``."""
    gen = torch.Generator().manual_seed(seed)
    weights = unflatten(model, center)
    ds = []
    for _ in range(2):
        parts = []
        for name, w in weights.items():
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


def _tanh_(t: torch.Tensor) -> torch.Tensor:
    """In-place tanh through numpy's vectorized kernel (same values to round-off as
    ``torch.tanh``, several times faster on this CPU)."""
    np.tanh(t.numpy(), out=t.numpy())
    return t


def _act_(model, z: torch.Tensor) -> torch.Tensor:
    if model.activation == "tanh":
        return _tanh_(z)
    return ACT_FN[model.activation](z)


ACT_FN = {"sigmoid": torch.sigmoid, "relu": torch.relu,
          "leaky_relu": torch.nn.functional.leaky_relu, "elu": torch.nn.functional.elu,
          "silu": torch.nn.functional.silu}


def batched_mlp_loss(model, theta: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of the :class:`~optim_core.nets.MLP` ``model`` (eval mode: batch norm
    with its running statistics) at each row of ``theta`` ``(G, P)``: one batched matrix
    product per layer for the whole block of weight vectors."""
    W = unflatten(model, theta)
    G = theta.shape[0]
    h = None
    for i, layer in enumerate(model.layers):
        pre = f"layers.{i}."
        w, b = W[pre + "0.weight"], W[pre + "0.bias"]
        if h is None:   # the first layer reads the shared input
            z = torch.baddbmm(b.unsqueeze(1), x.expand(G, *x.shape), w.transpose(1, 2))
        else:
            z = torch.baddbmm(b.unsqueeze(1), h, w.transpose(1, 2))
        if len(layer) == 3:   # Linear, BatchNorm1d, activation
            bn = layer[1]
            scale = W[pre + "1.weight"] / torch.sqrt(bn.running_var + bn.eps)
            z.sub_(bn.running_mean).mul_(scale.unsqueeze(1)).add_(W[pre + "1.bias"].unsqueeze(1))
        z = _act_(model, z)
        h = z if h is None or not model.residual else h + z
    # two classes: cross-entropy = log(1 + exp(-s d)), d = logit1 - logit0, s = +-1
    wo, bo = W["out.weight"], W["out.bias"]
    d = torch.baddbmm((bo[:, 1] - bo[:, 0]).view(G, 1, 1), h,
                      (wo[:, 1] - wo[:, 0]).unsqueeze(2)).squeeze(2)
    t = d.mul_(1.0 - 2.0 * y.to(d.dtype))
    return (torch.log1p(torch.exp(-t.abs())) + t.clamp_min(0)).mean(1)


@torch.no_grad()
def plane_losses(model, plane: Plane, ab: torch.Tensor, x, y, loss_fn=None,
                 block: int = 8) -> torch.Tensor:
    """Loss at ``center + a d1 + b d2`` for each row ``(a, b)`` of ``ab``, in eval mode,
    ``block`` points per batched call (small blocks stay in cache). ``loss_fn`` must be
    the networks' cross-entropy (:func:`optim_core.nets.loss_fn`)."""
    model.eval()
    dt = plane.center.dtype
    x = x.to(dt)
    out = []
    for s in range(0, len(ab), block):
        c = ab[s:s + block].to(dt)
        theta = plane.center + c[:, :1] * plane.d1 + c[:, 1:] * plane.d2
        out.append(batched_mlp_loss(model, theta, x, y))
    return torch.cat(out)


def _grid(span: float, n: int):
    a = torch.linspace(-span, span, n, dtype=torch.float64)
    A, B = torch.meshgrid(a, a, indexing="xy")
    return a, torch.stack([A.reshape(-1), B.reshape(-1)], dim=1)


def slice_values(model, plane: Plane, x, y, loss_fn, span: float = 1.0, n: int = 51,
                 block: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """``(coords, Z)``: the loss on an ``n x n`` grid over ``[-span, span]^2``; ``Z[j, i]``
    is at ``(a_i, b_j)``."""
    a, ab = _grid(span, n)
    z = plane_losses(model, plane, ab, x, y, loss_fn, block)
    return a.numpy(), z.reshape(n, n).numpy()


@torch.no_grad()
def slice_serial(model, plane: Plane, x, y, loss_fn, span: float = 1.0,
                 n: int = 51) -> np.ndarray:
    """The reference: for each grid point, write the weights into the model and evaluate."""
    model.eval()
    a, ab = _grid(span, n)
    params = list(model.parameters())
    saved = [p.detach().clone() for p in params]
    z = np.empty(len(ab))
    for i, (u, v) in enumerate(ab.tolist()):
        theta = plane.center + u * plane.d1 + v * plane.d2
        j = 0
        for p in params:
            p.copy_(theta[j:j + p.numel()].view_as(p))
            j += p.numel()
        z[i] = float(loss_fn(model(x), y))
    for p, s in zip(params, saved):
        p.copy_(s)
    return z.reshape(n, n)
