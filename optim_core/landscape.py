"""The loss landscape of a network: a 2-D slice through weights along two directions.

Directions are filter-normalized random directions (Li et al. 2018: each row of a weight
matrix, one output unit's filter, is scaled to the norm of the same row of the weights;
biases and batch-norm parameters get no component) or the top two PCA directions of
training trajectories. The slice ``L(theta + a d1 + b d2)`` is evaluated for a whole
block of grid points at once with ``torch.func.functional_call`` under ``vmap``;
:func:`slice_serial` is the one-point-at-a-time loop the reference tool uses.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.func import functional_call, vmap

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


def _loss_of(model, x, y, loss_fn, buffers):
    def loss(params):
        return loss_fn(functional_call(model, (params, buffers), (x,)), y)
    return loss


@torch.no_grad()
def plane_losses(model, plane: Plane, ab: torch.Tensor, x, y, loss_fn,
                 block: int = 128) -> torch.Tensor:
    """Loss at ``center + a d1 + b d2`` for each row ``(a, b)`` of ``ab``, in eval mode,
    ``block`` points per batched call."""
    model.eval()
    buffers = dict(model.named_buffers())
    f = vmap(_loss_of(model, x, y, loss_fn, buffers))
    out = []
    for s in range(0, len(ab), block):
        c = ab[s:s + block].to(plane.center.dtype)
        theta = plane.center + c[:, :1] * plane.d1 + c[:, 1:] * plane.d2
        out.append(f(unflatten(model, theta)))
    return torch.cat(out)


def _grid(span: float, n: int):
    a = torch.linspace(-span, span, n, dtype=torch.float64)
    A, B = torch.meshgrid(a, a, indexing="xy")
    return a, torch.stack([A.reshape(-1), B.reshape(-1)], dim=1)


def slice_values(model, plane: Plane, x, y, loss_fn, span: float = 1.0, n: int = 51,
                 block: int = 128) -> tuple[np.ndarray, np.ndarray]:
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
