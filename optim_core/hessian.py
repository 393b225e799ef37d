"""Extreme Hessian eigenvalues of a network's loss from Hessian-vector products.

:func:`lanczos` runs the Lanczos iteration with full re-orthogonalization and reads both
ends of the spectrum from the same Krylov space: the smallest eigenvalue is computed
directly, never by shifting. :func:`power_iteration` is PyHessian's method (and its shift
for the smallest), kept for comparison. Both count the products they use and say whether
they converged: at a trained point the smallest eigenvalues form a cluster near zero that
may need hundreds of products, and an unconverged value is reported as such.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
from torch.func import functional_call, grad, jvp

__all__ = ["HVP", "Extremes", "GDStability", "full_hessian", "gd_stability", "lanczos",
           "power_iteration", "surface_hessian"]


class HVP:
    """``v -> H v`` for the loss of ``model`` on ``(x, y)`` at its current weights (eval
    mode, float64), with a product counter."""

    def __init__(self, model, x, y, loss_fn, theta: torch.Tensor | None = None):
        from .landscape import unflatten
        model.eval()
        self.model, self.count = model, 0
        buffers = dict(model.named_buffers())
        self.theta = (theta if theta is not None else
                      torch.cat([p.detach().reshape(-1) for p in model.parameters()])).double()
        self.n = self.theta.numel()

        def loss(t):
            return loss_fn(functional_call(model, (unflatten(model, t), buffers), (x,)), y)
        self.loss = loss
        self._g = grad(loss)

    def __call__(self, v: torch.Tensor) -> torch.Tensor:
        self.count += 1
        return jvp(self._g, (self.theta,), (v,))[1]


@dataclass
class Extremes:
    largest: float
    smallest: float
    converged: tuple[bool, bool]     # each end's residual below the tolerance
    residuals: tuple[float, float]   # |beta_m s_m| bounds on |H q - theta q|
    products: int
    history: list = field(default_factory=list)   # (products, largest, smallest) per step


def lanczos(hvp, n: int, tol: float = 1e-3, max_iter: int = 300, seed: int = 0,
            check_every: int = 1) -> Extremes:
    """Largest and smallest eigenvalue; stops when both Ritz residuals are below
    ``tol * |largest|``."""
    gen = torch.Generator().manual_seed(seed)
    q = torch.randn(n, generator=gen, dtype=torch.float64)
    Q = torch.empty((min(max_iter, n) + 1, n), dtype=torch.float64)
    Q[0] = q / q.norm()
    alpha, beta, hist = [], [], []
    res = (np.inf, np.inf)
    ev = np.array([np.nan])
    m = 0
    for m in range(1, min(max_iter, n) + 1):
        w = hvp(Q[m - 1])
        alpha.append(float(w @ Q[m - 1]))
        # full re-orthogonalization (twice is enough)
        for _ in range(2):
            w = w - Q[:m].T @ (Q[:m] @ w)
        b = float(w.norm())
        T = np.diag(alpha) + np.diag(beta, 1) + np.diag(beta, -1)
        ev, S = np.linalg.eigh(T)
        res = (abs(b * S[-1, -1]), abs(b * S[-1, 0]))
        hist.append((m, float(ev[-1]), float(ev[0])))
        scale = max(abs(ev[-1]), abs(ev[0]), 1e-300)
        if (m % check_every == 0 and max(res) <= tol * scale) or b < 1e-12 * scale:
            res = res if b >= 1e-12 * scale else (0.0, 0.0)
            break
        beta.append(b)
        Q[m] = w / b
    scale = max(abs(ev[-1]), abs(ev[0]), 1e-300)
    conv = (res[0] <= tol * scale, res[1] <= tol * scale)
    return Extremes(float(ev[-1]), float(ev[0]), conv, (float(res[0]), float(res[1])), m, hist)


def _power(hvp, n, shift, tol, max_iter, gen):
    v = torch.randn(n, generator=gen, dtype=torch.float64)
    v /= v.norm()
    eig, used = None, 0
    for used in range(1, max_iter + 1):
        hv = hvp(v) - shift * v
        new = float(hv @ v)
        v = hv / hv.norm()
        if eig is not None and abs(new - eig) / (abs(eig) + 1e-6) < tol:
            return new + shift, True, used
        eig = new
    return eig + shift, False, used


def power_iteration(hvp, n: int, tol: float = 1e-3, max_iter: int = 1000,
                    seed: int = 0) -> Extremes:
    """PyHessian's power iteration for the largest eigenvalue (by modulus), then on
    ``H - largest I`` for the smallest; stops on a relative change below ``tol``."""
    gen = torch.Generator().manual_seed(seed)
    top, ok1, n1 = _power(hvp, n, 0.0, tol, max_iter, gen)
    low, ok2, n2 = _power(hvp, n, top, tol, max_iter, gen)
    return Extremes(top, low, (ok1, ok2), (np.nan, np.nan), n1 + n2)


def full_hessian(hvp: HVP) -> torch.Tensor:
    """The whole Hessian (small networks only): ``torch.func.hessian`` of the loss."""
    return torch.func.hessian(hvp.loss)(hvp.theta)


# --- two-parameter surfaces ----------------------------------------------------------

def surface_hessian(surface, xy) -> torch.Tensor:
    """The (2, 2) Hessian of ``surface.value`` at the point ``xy`` (float64, torch.func)."""
    p = torch.as_tensor(xy, dtype=torch.float64).reshape(2)
    with torch.inference_mode(False):
        return torch.func.hessian(surface.value)(p).detach()


@dataclass(frozen=True)
class GDStability:
    """Curvature at a point and what it means for plain gradient descent there: on a
    quadratic, GD is stable exactly for ``0 < lr < limit = 2 / largest``."""
    smallest: float
    largest: float
    condition: float      # largest / smallest (inf when smallest <= 0)
    limit: float          # 2 / largest (inf when largest <= 0)


def gd_stability(surface, xy) -> GDStability:
    """Eigenvalues of the Hessian at ``xy``, the condition number and GD's step limit."""
    lo, hi = (float(v) for v in torch.linalg.eigvalsh(surface_hessian(surface, xy)))
    return GDStability(lo, hi, hi / lo if lo > 0 else float("inf"),
                       2 / hi if hi > 0 else float("inf"))
