r"""Critical points: gradient and Hessian by ``torch.func``, the second-order test, and a
batched Newton-type finder that locates minima, maxima, saddles and degenerate points.

Second-order test at a point :math:`\theta'` with :math:`\nabla L(\theta') = 0` and
Hessian eigenvalues :math:`\lambda_i`:

.. math::
    L(\theta) \approx L(\theta') + \tfrac12 (\theta-\theta')^\top H (\theta-\theta'),
    \qquad \tau = \text{rel\_tol}\cdot\max\big(\max_i|\lambda_i|,\ \kappa\big)

minimum if every :math:`\lambda_i > \tau`, maximum if every :math:`\lambda_i < -\tau`,
saddle if some :math:`\lambda_i > \tau` and some :math:`\lambda_j < -\tau`, otherwise
*degenerate*: an eigenvalue is indistinguishable from zero and the second-order test
cannot decide. :math:`\kappa` is the surface's typical curvature over the search domain
(the median of :math:`\max_i|\lambda_i|` over the start grid), so a point where the
whole Hessian vanishes (the monkey saddle) is degenerate, not "a saddle with tiny
eigenvalues".

Finder: every start of an ``n x n`` grid runs Levenberg-Marquardt on the residual
:math:`r(\theta) = \nabla L(\theta)` with Jacobian :math:`H` (all starts in one batched
loop), so it converges to zeros of the gradient of *any* type, not only minima:

.. math::
    d = -(H^2 + \mu I)^{-1} H\,\nabla L, \qquad
    \mu \leftarrow 0.3\mu \text{ if } \|\nabla L(\theta + d)\| < \|\nabla L(\theta)\|
    \text{ (accept) else } 5\mu \text{ (reject)}

Ends are verified (finite, gradient small, inside the bounds), deduplicated by distance
and classified. Non-isolated critical points (a valley of minima such as
:math:`w_1 w_2 = 1` in the lecture's example) come out as many degenerate ends along a
curve; they are chained into one *family* and reported once, with its members.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch.func import grad as fgrad
from torch.func import jacfwd, vmap

from .specs import Param, check_bounds, check_fields, shown, validate_params
from .surfaces import SURFACES, Surface
from .text import Text

__all__ = [
    "CRITICAL_LIMITS",
    "KINDS",
    "CriticalConfig",
    "CriticalPoint",
    "CriticalResult",
    "PointInfo",
    "classify",
    "derivatives",
    "find_critical_points",
    "point_info",
    "taylor_window",
]

DTYPE = torch.float64
KINDS = ("minimum", "maximum", "saddle", "degenerate")
CRITICAL_LIMITS = {"grid": 80, "max_iter": 500}
CRITICAL_FIELDS = (   # the plain fields of a CriticalConfig, checked by their specs
    Param("grid", 40, 2, CRITICAL_LIMITS["grid"], kind="int", help=Text("starts per axis",
                                                                        "每个坐标轴上的起点数")),
    Param("max_iter", 100, 2, CRITICAL_LIMITS["max_iter"], kind="int",
          help=Text("Levenberg-Marquardt iterations",
                    "Levenberg-Marquardt 迭代次数")),
    Param("grad_tol", 1e-8, 1e-15, 0.1, log=True, help=Text("relative gradient tolerance",
                                                            "梯度的相对容差")),
    Param("rel_tol", 1e-9, 1e-15, 0.1, log=True, help=Text("relative eigenvalue tolerance",
                                                           "特征值的相对容差")),
    Param("dedupe_tol", 1e-6, 1e-15, 0.1, log=True, help=Text("ends closer than this are one",
                                                              "终点距离小于此值视为同一点")),
)


def _freeze(d: Mapping[str, Any]) -> tuple:
    return tuple(d.items())


@dataclass(frozen=True)
class CriticalConfig:
    """One critical-point search on one surface (the cache key and the CLI's input)."""
    surface: str = "himmelblau"          # a key of SURFACES
    surface_params: tuple = ()           # ((name, value), ...)
    bounds: tuple | None = None          # (xmin, xmax, ymin, ymax); None = the surface's
    grid: int = 40                       # starts per axis: grid x grid starts
    max_iter: int = 100                  # Levenberg-Marquardt iterations
    grad_tol: float = 1e-8               # |grad| <= grad_tol x typical |grad| = critical
    rel_tol: float = 1e-9                # eigenvalue tolerance tau, relative (see module)
    dedupe_tol: float = 1e-6             # ends closer than this x domain size are one point
    formula: str | None = None           # a typed f(x, y); replaces `surface` when given

    def __post_init__(self):
        check_fields(self, CRITICAL_FIELDS)
        if self.formula is not None:
            from .formula import compile_formula
            compile_formula(self.formula)
            object.__setattr__(self, "surface", "formula")
            if self.surface_params:
                raise ValueError("surface_params do not apply to a formula")
            object.__setattr__(self, "bounds", check_bounds(self.bounds or (-2.0, 2.0, -2.0, 2.0)))
            return
        if not isinstance(self.surface, str) or self.surface not in SURFACES:
            raise ValueError(f"surface must be one of {', '.join(SURFACES)}; "
                             f"got {shown(self.surface)}")
        sp = validate_params(SURFACES[self.surface].params, self.surface_params,
                             "surface_params")
        object.__setattr__(self, "surface_params", _freeze(sp))
        if self.bounds is not None:
            object.__setattr__(self, "bounds", check_bounds(self.bounds))

    def make_surface(self) -> Surface:
        from .config import surface_of
        return surface_of(self.surface, self.surface_params, self.formula, self.bounds)

    @property
    def domain(self) -> tuple[float, float, float, float]:
        return self.bounds or SURFACES[self.surface].bounds


# --- derivatives and the second-order test --------------------------------------------

def _hess_grad_fn(surface: Surface, closed_form: bool = True):
    """``(N, 2) -> (H (N, 2, 2), g (N, 2))`` for all points at once: in closed form for a
    surface learned from data (its ``DataLoss.hess_grad``: data x points in one pass),
    else one forward-over-reverse ``torch.func`` pass."""
    data = getattr(surface, "data", None)
    if closed_form and hasattr(data, "hess_grad"):
        return lambda xy: data.hess_grad(xy[..., 0], xy[..., 1])
    g = fgrad(lambda p: surface.value(p))

    def g_aux(p):
        v = g(p)
        return v, v

    return vmap(jacfwd(g_aux, has_aux=True))


def derivatives(surface: Surface, xy, closed_form: bool = True
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Value, gradient and Hessian at points ``(..., 2)``: ``f (...)``, ``g (..., 2)``,
    ``H (..., 2, 2)`` as float64 numpy (torch.func: grad, jacfwd, vmap; closed form on
    learned surfaces unless ``closed_form`` is False)."""
    p = torch.as_tensor(np.asarray(xy, dtype=np.float64))
    flat = p.reshape(-1, 2)
    with torch.inference_mode():
        H, g = _hess_grad_fn(surface, closed_form)(flat)
    f = surface.value(flat).detach()
    shape = p.shape[:-1]
    return (f.reshape(shape).numpy(), g.detach().reshape(*shape, 2).numpy(),
            H.detach().reshape(*shape, 2, 2).numpy())


def classify(eigenvalues, rel_tol: float = 1e-9, scale: float = 0.0) -> str:
    """minimum / maximum / saddle / degenerate from Hessian eigenvalues (module docstring):
    ``tau = rel_tol * max(max|lambda|, scale)``."""
    lam = np.asarray(eigenvalues, dtype=np.float64)
    tau = rel_tol * max(float(np.abs(lam).max()), scale)
    if tau == 0.0 or not np.all(np.isfinite(lam)):
        return "degenerate"
    pos, neg = lam > tau, lam < -tau
    if pos.all():
        return "minimum"
    if neg.all():
        return "maximum"
    if pos.any() and neg.any():
        return "saddle"
    return "degenerate"


@dataclass
class PointInfo:
    """Everything the second-order test says about one point."""
    point: np.ndarray          # (2,)
    value: float
    gradient: np.ndarray       # (2,)
    hessian: np.ndarray        # (2, 2)
    eigenvalues: np.ndarray    # (2,) ascending
    eigenvectors: np.ndarray   # (2, 2): row i is the unit eigenvector of eigenvalues[i]
    kind: str                  # a KINDS entry, "not critical", or "not smooth" (no Hessian)

    @property
    def critical(self) -> bool:
        return self.kind in KINDS


def _eig(H: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    H = np.asarray(H)
    if not np.all(np.isfinite(H)):   # no Hessian here (a kink): NaN, not an error
        bad = np.full(H.shape[:-1], np.nan)
        return bad, np.full(H.shape, np.nan)
    lam, vec = torch.linalg.eigh(torch.as_tensor(H))
    vec = vec.transpose(-1, -2)                                      # rows = eigenvectors
    sign = torch.where(vec[..., :1] < 0, -1.0, 1.0).to(vec.dtype)    # first component >= 0
    return lam.numpy(), (vec * sign).numpy()


def point_info(surface: Surface, xy, *, grad_tol: float = 1e-6, rel_tol: float = 1e-9,
               scale: float = 0.0) -> PointInfo:
    """Gradient, Hessian and its eigen-decomposition at ``xy``; the point is critical
    when ``|grad| <= grad_tol * max(1, |H|)``."""
    f, g, H = derivatives(surface, np.asarray(xy, dtype=np.float64).reshape(2))
    lam, vec = _eig(H)
    finite = np.all(np.isfinite(H)) and np.all(np.isfinite(g))
    critical = finite and np.linalg.norm(g) <= grad_tol * max(1.0, float(np.abs(H).max()))
    kind = (classify(lam, rel_tol, scale) if critical
            else "not critical" if finite else "not smooth")
    return PointInfo(np.asarray(xy, dtype=np.float64).reshape(2), float(f), g, H, lam, vec,
                     kind)


# --- the finder -------------------------------------------------------------------------

@dataclass
class CriticalPoint:
    point: np.ndarray          # (2,)
    value: float
    kind: str                  # minimum | maximum | saddle | degenerate
    eigenvalues: np.ndarray    # (2,) ascending
    eigenvectors: np.ndarray   # (2, 2) rows
    gradient: np.ndarray       # (2,)
    hessian: np.ndarray        # (2, 2)
    starts: int                # how many grid starts ended here
    family: np.ndarray | None = None   # (n, 2) members when not isolated (a curve)

    def to_dict(self) -> dict:
        d = {"point": self.point.tolist(), "value": float(self.value), "type": self.kind,
             "eigenvalues": self.eigenvalues.tolist(),
             "eigenvectors": self.eigenvectors.tolist()}
        if self.family is not None:
            d["family_size"] = len(self.family)
        return d


@dataclass
class CriticalResult:
    config: CriticalConfig
    points: list = field(default_factory=list)   # CriticalPoint, sorted by kind then value
    starts: np.ndarray | None = None             # (N, 2)
    ends: np.ndarray | None = None               # (N, 2)
    label: np.ndarray | None = None              # (N,) index into points, -1 = rejected
    iterations: int = 0
    curvature_scale: float = 0.0                 # kappa of the module docstring

    def to_dict(self) -> dict:
        return {"points": [p.to_dict() for p in self.points]}

    def counts(self) -> dict[str, int]:
        return {k: sum(p.kind == k for p in self.points) for k in KINDS}

    def snap(self, xy, tol: float | None = None) -> tuple[float, float]:
        """The critical point (or valley member) nearest ``xy`` if within ``tol``
        (default: 1 % of the domain's diagonal), else ``xy`` itself: clicks on a chart
        come back rounded, critical points must not."""
        xmin, xmax, ymin, ymax = self.config.domain
        tol = 0.01 * math.hypot(xmax - xmin, ymax - ymin) if tol is None else tol
        q = np.asarray(xy, dtype=np.float64).reshape(2)
        cands = [p.point[None] for p in self.points] + [p.family for p in self.points
                                                         if p.family is not None]
        if not cands:
            return float(q[0]), float(q[1])
        allp = np.concatenate(cands)
        d = np.linalg.norm(allp - q, axis=-1)
        best = allp[int(np.argmin(d))] if d.min() <= tol else q
        return float(best[0]), float(best[1])

    def family_size(self, xy) -> int:
        """Members of the valley ``xy`` belongs to (0 for an isolated point)."""
        q = np.asarray(xy, dtype=np.float64).reshape(2)
        for p in self.points:
            if p.family is not None and (np.abs(p.family - q).sum(-1) < 1e-9).any():
                return len(p.family)
        return 0

    def default_point(self, surface_start) -> tuple[float, float]:
        """What the page shows first: the first saddle, else the first point, else the
        surface's start."""
        pts = [p for p in self.points if p.kind == "saddle"] or self.points
        return tuple(float(v) for v in pts[0].point) if pts else tuple(surface_start)


def _lm_solve(jac, x: torch.Tensor, max_iter: int, max_step: float, xtol: float):
    """Batched Levenberg-Marquardt on grad = 0. Returns ends, H, g and iterations."""
    H, g = jac(x)
    gn = torch.linalg.vector_norm(g, dim=-1)
    ok = torch.isfinite(gn) & torch.isfinite(H).all((-1, -2))
    mu = 1e-3 * (H * H).sum((-1, -2)).nan_to_num(1.0) + 1e-12
    active = ok.clone()
    it = 0
    for it in range(1, max_iter + 1):
        if not bool(active.any()):
            break
        a, b, c = H[:, 0, 0], H[:, 0, 1], H[:, 1, 1]
        # A = H^2 + mu I (symmetric 2x2), v = H g; d = -A^{-1} v in closed form
        A00, A01, A11 = a * a + b * b + mu, b * (a + c), b * b + c * c + mu
        v0, v1 = a * g[:, 0] + b * g[:, 1], b * g[:, 0] + c * g[:, 1]
        det = A00 * A11 - A01 * A01
        d = -torch.stack([A11 * v0 - A01 * v1, A00 * v1 - A01 * v0], -1) / det.unsqueeze(-1)
        dn = torch.linalg.vector_norm(d, dim=-1)
        d = d * torch.clamp(max_step / dn, max=1.0).unsqueeze(-1)
        d = torch.where(active.unsqueeze(-1), d.nan_to_num(0.0), 0.0)
        xt = x + d
        Ht, gt = _at_active(jac, xt, active, H, g)
        gnt = torch.linalg.vector_norm(gt, dim=-1)
        acc = active & torch.isfinite(gnt) & torch.isfinite(Ht).all((-1, -2)) & (gnt < gn)
        x = torch.where(acc.unsqueeze(-1), xt, x)
        H = torch.where(acc.view(-1, 1, 1), Ht, H)
        g = torch.where(acc.unsqueeze(-1), gt, g)
        gn = torch.where(acc, gnt, gn)
        mu = torch.where(acc, mu * 0.3, mu * 5.0).clamp(1e-300, 1e300)
        # stop a start once its proposed step no longer moves it (converged, or damped
        # to nothing at a non-zero minimum of |grad|, which verification then rejects)
        active = active & (gn > 0) & (dn > xtol)
    return x, H, g, it


def _at_active(jac, x: torch.Tensor, active: torch.Tensor, H: torch.Tensor, g: torch.Tensor):
    """``jac`` at the active rows of ``x`` only (the others keep ``H``, ``g``: they are
    not updated), so starts that have stopped cost nothing."""
    n_active = int(active.sum())
    if n_active == len(x):
        return jac(x)
    rows = torch.nonzero(active).squeeze(-1)
    Ha, ga = jac(x[rows])
    return H.index_copy(0, rows, Ha), g.index_copy(0, rows, ga)


def _components(xy: np.ndarray, radius: float, also: np.ndarray | None = None,
                vtol: float = 0.0) -> np.ndarray:
    """Connected components of points linked when closer than ``radius`` (and, if given,
    with ``|also_i - also_j| <= vtol``). Many ends sit on few points: they are first
    collapsed into cells of size ``radius``, then the cells are linked."""
    from scipy.sparse.csgraph import connected_components
    if also is None and len(xy) > 64:
        _, first, inv = np.unique(np.round(xy / radius), axis=0, return_index=True,
                                  return_inverse=True)
        if len(first) < len(xy):
            return _components(xy[first], radius)[inv.ravel()]
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    link = d <= radius
    if also is not None:
        link &= np.abs(also[:, None] - also[None, :]) <= vtol
    return connected_components(link, directed=False)[1]


def start_grid(domain, n: int) -> np.ndarray:
    xmin, xmax, ymin, ymax = domain
    # cell centres: never exactly on an axis of symmetry unless the centre is one
    gx = xmin + (np.arange(n) + 0.5) * (xmax - xmin) / n
    gy = ymin + (np.arange(n) + 0.5) * (ymax - ymin) / n
    X, Y = np.meshgrid(gx, gy)
    return np.stack([X.ravel(), Y.ravel()], -1)


def find_critical_points(config: CriticalConfig, surface: Surface | None = None, *,
                         closed_form: bool = True) -> CriticalResult:
    """Every critical point reachable from a grid of starts over the domain (one batch).
    ``closed_form=False`` takes learned surfaces' derivatives through ``torch.func`` too
    (slow: the reference the closed form is tested against)."""
    surface = surface or config.make_surface()
    xmin, xmax, ymin, ymax = dom = config.domain
    size = math.hypot(xmax - xmin, ymax - ymin)
    starts = start_grid(dom, config.grid)
    jac = _hess_grad_fn(surface, closed_form)
    with torch.inference_mode():
        x0 = torch.tensor(starts, dtype=DTYPE)
        H0, g0 = jac(x0)
        lam0 = torch.linalg.eigvalsh(H0.nan_to_num(0.0)).abs().amax(-1)
        kappa = float(lam0[torch.isfinite(lam0)].median()) if len(lam0) else 0.0
        gscale = torch.linalg.vector_norm(g0, dim=-1)
        gscale = float(gscale[torch.isfinite(gscale)].median()) if len(gscale) else 1.0
        x, H, g, it = _lm_solve(jac, x0, config.max_iter, 0.25 * size, 1e-13 * size)
        f = surface.value(x)
    x, H, g, f = x.numpy(), H.numpy(), g.numpy(), f.numpy()
    gtol = config.grad_tol * max(gscale, 1e-12)
    slack = 1e-9 * size
    good = (np.isfinite(f) & np.isfinite(H).all((-1, -2)) & np.isfinite(g).all(-1)
            & (np.linalg.norm(g, axis=-1) <= gtol)
            & (x[:, 0] >= xmin - slack) & (x[:, 0] <= xmax + slack)
            & (x[:, 1] >= ymin - slack) & (x[:, 1] <= ymax + slack))
    label = np.full(len(x), -1)
    idx = np.flatnonzero(good)
    points: list[CriticalPoint] = []
    if len(idx):
        comp = _components(x[idx], config.dedupe_tol * size)
        reps = []
        for c in np.unique(comp):
            members = idx[comp == c]
            best = members[np.argmin(np.linalg.norm(g[members], axis=-1))]
            reps.append((best, members))
        rep_idx = np.array([r[0] for r in reps])
        lam, vec = _eig(H[rep_idx])
        kinds = [classify(l, config.rel_tol, kappa) for l in lam]
        points, label = _group(x, f, g, H, lam, vec, kinds, reps, label, config, size, kappa)
    order = sorted(range(len(points)), key=lambda i: (KINDS.index(points[i].kind),
                                                      points[i].value, *points[i].point))
    remap = np.full(len(points) + 1, -1)
    remap[np.array(order, dtype=int)] = np.arange(len(order))
    label = np.where(label >= 0, remap[label], -1)
    return CriticalResult(config, [points[i] for i in order], starts, x, label, it, kappa)


def _group(x, f, g, H, lam, vec, kinds, reps, label, config, size, kappa):
    """Isolated points as they are; degenerate ends lying on a curve chained into one
    family (represented by the member nearest the family's centroid)."""
    n = config.grid
    xmin, xmax, ymin, ymax = config.domain
    link = 2.5 * math.hypot((xmax - xmin) / n, (ymax - ymin) / n)
    points, out_label = [], label.copy()
    degen = [i for i, k in enumerate(kinds) if k == "degenerate"]
    fam = {}
    if len(degen) > 1:
        r = np.array([reps[i][0] for i in degen])
        vscale = max(float(np.abs(f[r]).max()), 1e-12)
        comp = _components(x[r], link, f[r], 1e-6 * vscale + 1e-12)
        for c in np.unique(comp):
            group = [degen[j] for j in np.flatnonzero(comp == c)]
            if len(group) > 1:
                for gi in group:
                    fam[gi] = group
    done = set()
    for i, (best, members) in enumerate(reps):
        if i in done:
            continue
        if i in fam:
            group = fam[i]
            done.update(group)
            pts = x[[reps[j][0] for j in group]]
            c = pts.mean(0)
            j = group[int(np.argmin(np.linalg.norm(pts - c, axis=-1)))]
            best = reps[j][0]
            members = np.concatenate([reps[k][1] for k in group])
            family = pts[np.lexsort((pts[:, 1], pts[:, 0]))]
            k = j
        else:
            family, k = None, i
        out_label[members] = len(points)
        points.append(CriticalPoint(x[best].copy(), float(f[best]), kinds[k], lam[k], vec[k],
                                    g[best].copy(), H[best].copy(), len(members), family))
    return points, out_label


# --- the second-order Taylor model around a point -----------------------------------

def taylor_window(surface: Surface, center, half: float, n: int = 61) -> dict[str, np.ndarray]:
    """True surface and its quadratic model
    :math:`q(\theta) = L(\theta') + g^\top v + \tfrac12 v^\top H v` on a square window
    of half-width ``half`` around ``center``."""
    if not (isinstance(half, (int, float)) and half > 0 and math.isfinite(half)):
        raise ValueError(f"half must be a positive number, got {half!r}")
    if not 5 <= n <= 201:
        raise ValueError(f"n must be in [5, 201], got {n}")
    c = np.asarray(center, dtype=np.float64).reshape(2)
    f0, g, H = derivatives(surface, c)
    xs = c[0] + np.linspace(-half, half, n)
    ys = c[1] + np.linspace(-half, half, n)
    X, Y = np.meshgrid(xs, ys)
    V = np.stack([X - c[0], Y - c[1]], -1)
    model = f0 + V @ g + 0.5 * np.einsum("...i,ij,...j->...", V, H, V)
    with torch.inference_mode():
        true = surface.value(torch.tensor(np.stack([X, Y], -1))).numpy()
    true = np.where(np.isfinite(true), true, np.nan)
    return {"x": xs, "y": ys, "true": true, "model": model}
