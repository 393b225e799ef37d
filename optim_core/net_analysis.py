"""What the network page shows, computed from a :class:`~optim_core.nets.NetResult`:
the decision boundary, the landscape plane with the trajectories on it, and the extreme
Hessian eigenvalues along training.

The landscape, the Hessian and the final gradient norm are those of the **training
objective**: the data loss (cross-entropy, eval mode: dropout off, batch norm with its
running statistics) plus the configuration's penalty ``weight_decay/2 * sum w^2 + l1 *
sum |w|`` over the linear layers' weights (:func:`optim_core.nets.penalty`), the function
the optimizers minimized. Its Hessian is the data loss's plus ``weight_decay`` on the
diagonal entry of every penalized weight (the second derivative of ``weight_decay/2 *
w^2``; the L1 term adds nothing away from ``w = 0``)."""
from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch

from .hessian import HVP, Extremes, lanczos
from .landscape import (
    pca_plane,
    penalty_rows,
    plane_losses,
    project,
    random_plane,
    slice_values,
    unflatten,
)
from .nets import NetResult, loss_fn, penalized_names, penalty_of

__all__ = ["LandscapeView", "decision_grid", "hessian_along", "landscape_view",
           "objective_hvp", "set_weights", "training_penalty"]


def training_penalty(result: NetResult) -> tuple[float, float]:
    """``(weight_decay, l1)`` of the penalty the runs of ``result`` were trained with."""
    p = result.config.hp
    return float(p["weight_decay"]), float(p["l1"])


def objective_hvp(model, x, y, penalty: tuple[float, float] = (0.0, 0.0)) -> HVP:
    """Hessian-vector products of the training objective at the weights of ``model``
    (eval mode): the cross-entropy on ``(x, y)`` plus the penalty ``(weight_decay, l1)``
    of :func:`optim_core.nets.penalty`, written on the flat weight vector."""
    hvp = HVP(model, x, y, loss_fn)
    if not (penalty[0] or penalty[1]):
        return hvp
    from torch.func import functional_call, grad
    buffers, names = dict(model.named_buffers()), penalized_names(model)

    def objective(theta):
        params = unflatten(model, theta)
        return (loss_fn(functional_call(model, (params, buffers), (x,)), y)
                + penalty_of([params[n] for n in names], *penalty))
    hvp.loss, hvp._g = objective, grad(objective)
    return hvp


def _train_tensors(result: NetResult):
    d = result.config.data()
    return torch.tensor(d.x_train, dtype=torch.float64), torch.tensor(d.y_train)


def set_weights(model, theta: np.ndarray, buffers: dict | None = None):
    """A copy of ``model`` with the flat weights ``theta`` (and batch-norm statistics)."""
    m = copy.deepcopy(model)
    with torch.no_grad():
        i = 0
        for p in m.parameters():
            p.copy_(torch.as_tensor(theta[i:i + p.numel()]).view_as(p))
            i += p.numel()
        for name, b in (buffers or {}).items():
            m.get_buffer(name).copy_(b)
    return m.eval()


@torch.no_grad()
def decision_grid(model, n: int = 120, pad: float = 0.5, data=None):
    """P(class 1) on an ``n x n`` grid around the data: ``(xs, ys, P)``, ``P[j, i]`` at
    ``(xs[i], ys[j])``."""
    X = np.concatenate([data.x_train, data.x_val])
    lo, hi = X.min(0) - pad, X.max(0) + pad
    xs, ys = np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n)
    G = torch.tensor(np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2), dtype=torch.float64)
    model.eval()
    p = torch.softmax(model(G), dim=1)[:, 1]
    return xs, ys, p.reshape(n, n).numpy()


@dataclass
class LandscapeView:
    coords: np.ndarray              # (n,) a = b grid coordinates
    z: np.ndarray                   # (n, n) loss, z[j, i] at (a_i, b_j)
    paths: list                     # per run: (S, 2) projected snapshots, or None
    path_loss: list                 # per run: (S,) true training loss at the snapshots
    path_slice: list                # per run: (S,) the slice's loss at the projected points
    snapshots: list                 # per run: (S,) epochs
    explained: tuple | None         # PCA: share of the variance of the paths' points
    center_run: int                 # the run whose final weights are at (0, 0)
    penalty: tuple = (0.0, 0.0)     # (weight_decay, l1) in every value: the training objective


def _finite_rows(run):
    ok = np.all(np.isfinite(run.weights), axis=1)
    return run.weights[ok], run.snapshots[ok], [b for b, k in zip(run.buffers, ok) if k]


def landscape_view(result: NetResult, kind: str = "pca", span: float | None = None, n: int = 41,
                   seed: int = 0, center_run: int = 0, block: int = 8) -> LandscapeView:
    """The training objective (data loss + the configuration's penalty, eval mode) on a
    plane through the final weights of run ``center_run``: along the top
    two PCA directions of every (finite part of every) run's trajectory, or along two
    filter-normalized random directions; each run's snapshots projected onto it.
    ``span`` (the half-width of the square) defaults to 1 for random directions and to
    1.15 times the farthest projected snapshot for PCA."""
    runs = result.runs
    base = runs[center_run]
    model = base.model
    x, y = _train_tensors(result)
    trajs = [_finite_rows(r)[0] for r in runs]
    center = trajs[center_run][-1]
    if kind == "pca":
        plane = pca_plane([t for t in trajs if len(t)], center)
        if span is None:
            far = max((np.abs(project(plane, t)).max() for t in trajs if len(t)), default=0.0)
            span = float(1.15 * far) if far > 0 else 1.0
    else:
        plane = random_plane(model, torch.from_numpy(center.copy()), seed)
        span = 1.0 if span is None else span
    buffers = _finite_rows(base)[2][-1]
    ref = set_weights(model, center, buffers)
    pen = training_penalty(result)
    coords, z = slice_values(ref, plane, x, y, loss_fn, span=span, n=n, block=block,
                             penalty=pen)
    paths, true_loss, on_plane, snaps = [], [], [], []
    for r, traj in zip(runs, trajs):
        w, s, _bufs = _finite_rows(r)
        if not len(w):
            paths.append(None), true_loss.append(None), on_plane.append(None), snaps.append(None)
            continue
        ab = project(plane, w)
        paths.append(ab)
        snaps.append(s)
        true_loss.append(r.train_loss[s] + penalty_rows(model, w, pen))
        on_plane.append(plane_losses(ref, plane, torch.from_numpy(ab), x, y, loss_fn,
                                     block, pen).numpy())
    return LandscapeView(coords, z, paths, true_loss, on_plane, snaps, plane.explained,
                         center_run, pen)


def hessian_along(result: NetResult, run: int, points: int = 6, tol: float = 1e-3,
                  max_iter: int = 150) -> list[tuple[int, Extremes]]:
    """Largest and smallest eigenvalue (Lanczos) of the training objective's Hessian
    (:func:`objective_hvp`) at ``points`` snapshots of run ``run``, the last being the
    final weights; each says whether it converged."""
    r = result.runs[run]
    w, snaps, bufs = _finite_rows(r)
    if not len(w):
        return []
    idx = sorted(set(np.linspace(0, len(w) - 1, min(points, len(w))).round().astype(int)))
    x, y = _train_tensors(result)
    out = []
    for i in idx:
        m = set_weights(r.model, w[i], bufs[i])
        hvp = objective_hvp(m, x, y, training_penalty(result))
        out.append((int(snaps[i]), lanczos(hvp, hvp.n, tol=tol, max_iter=max_iter)))
    return out


def final_gradient_norm(result: NetResult, run: int) -> float:
    """The training objective's gradient norm (full training set, eval mode, with the
    penalty) at the last finite weights of run ``run`` (where :func:`hessian_along` takes
    its last point); NaN when no weights are finite."""
    r = result.runs[run]
    w, _, bufs = _finite_rows(r)
    if not len(w):
        return float("nan")
    x, y = _train_tensors(result)
    hvp = objective_hvp(set_weights(r.model, w[-1], bufs[-1]), x, y, training_penalty(result))
    return float(torch.linalg.vector_norm(hvp._g(hvp.theta)))
