r"""Momentum on the convex quadratic, the way Distill's "Why Momentum Really Works" tells it.

On :math:`f(w) = \tfrac12 (w - w^*)^\top A (w - w^*)` with eigenvalues
:math:`\lambda_1 \le \dots \le \lambda_n` (:math:`\kappa = \lambda_n / \lambda_1`), write the
error :math:`x = Q^\top (w - w^*)` in the eigenvectors of :math:`A`. Every component then
evolves on its own:

.. math::
    \text{GD:}\quad x_i^{t+1} = (1 - \alpha\lambda_i)\, x_i^t
    \qquad\qquad
    \text{momentum:}\quad
    \begin{pmatrix} y_i^{t+1} \\ x_i^{t+1} \end{pmatrix} =
    \underbrace{\begin{pmatrix} \beta & \lambda_i \\ -\alpha\beta & 1 - \alpha\lambda_i
    \end{pmatrix}}_{R_i} \begin{pmatrix} y_i^{t} \\ x_i^{t} \end{pmatrix}

for momentum written as :math:`z \leftarrow \beta z + \nabla f(w),\ w \leftarrow w - \alpha z`
(Distill), which is ``torch.optim.SGD(lr=alpha, momentum=beta)`` exactly (dampening 0:
torch's buffer is :math:`z`). The lecture's :math:`m \leftarrow \gamma m + \eta g,\ w
\leftarrow w - m` is the same with :math:`m = \eta z`: ``lr = eta, momentum = gamma``. The
averaged form :math:`m \leftarrow \beta m + (1-\beta) g,\ w \leftarrow w - \alpha m` (from
:math:`m = 0`) is Distill's :math:`(\alpha(1-\beta), \beta)`: ``SGD(lr=alpha (1 - beta),
momentum=beta)``. (torch's ``dampening=beta`` is not quite it: torch's first step takes the
whole gradient, ``m = g``.) See :func:`torch_sgd_kwargs`.

The rate of a component is the spectral radius of :math:`R_i`, whose eigenvalues solve
:math:`\mu^2 - (1 + \beta - \alpha\lambda_i)\mu + \beta = 0`; the method's rate is the
largest over :math:`i`. The best choice (Polyak's heavy ball) is

.. math::
    \alpha^* = \Big(\frac{2}{\sqrt{\lambda_1} + \sqrt{\lambda_n}}\Big)^2, \quad
    \beta^* = \Big(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\Big)^2, \quad
    \text{rate} = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1},

against GD's best :math:`\alpha = 2/(\lambda_1 + \lambda_n)`, rate :math:`(\kappa-1)/(\kappa+1)`.
At :math:`(\alpha^*, \beta^*)` the extreme components sit on the critical-damping line
(a double root of :math:`R_i`), so they decay as :math:`t\,\rho^t`, not :math:`\rho^t`.

One component alone is a ball in a bowl: :math:`x^{t+1} - 2x^t + x^{t-1} + (1-\beta)(x^t -
x^{t-1}) + \alpha\lambda\, x^t = 0`, a damped oscillator with damping :math:`1 - \beta` and
stiffness :math:`\alpha\lambda` (unit mass, unit time step). Critically damped where the
double root appears: :math:`\beta = (1 - \sqrt{\alpha\lambda})^2`.

Pure numpy; nothing here imports torch (the tests check it against ``torch.optim.SGD``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .specs import check_number

__all__ = [
    "DAMPING",
    "MOMENTUM_FORMS",
    "REGIONS",
    "QuadraticConfig",
    "QuadraticResult",
    "component_errors",
    "critical_beta",
    "damping_regions",
    "divergence_alpha_lambda",
    "eigenvalues",
    "first_below",
    "gd_optimal",
    "measured_steps",
    "optimal",
    "radius",
    "rate_map",
    "roots",
    "solve",
    "steps_to",
    "torch_sgd_kwargs",
]

REGIONS = ("monotone", "oscillating", "divergent")     # codes 0, 1, 2 of rate_map
MOMENTUM_FORMS = ("distill", "lecture", "averaged")
LIMITS = {"n": 64, "steps": 5000, "grid": 400, "kappa": 1e6}


def eigenvalues(kappa: float, n: int = 2, lam1: float = 1.0) -> np.ndarray:
    """``n`` eigenvalues from ``lam1`` to ``kappa * lam1``, spaced geometrically."""
    kappa = check_number(kappa, "kappa", 1.0, LIMITS["kappa"])
    lam1 = check_number(lam1, "lam1", 1e-6, 1e6)
    if isinstance(n, bool) or not isinstance(n, int) or not 2 <= n <= LIMITS["n"]:
        raise ValueError(f"n must be an integer in [2, {LIMITS['n']}], got {n!r}")
    return lam1 * np.geomspace(1.0, kappa, n)


def optimal(lam_min: float, lam_max: float) -> tuple[float, float, float]:
    r"""Polyak's :math:`(\alpha^*, \beta^*)` and the rate :math:`\sqrt{\beta^*}`."""
    s1, sn = math.sqrt(lam_min), math.sqrt(lam_max)
    sk = sn / s1
    beta = ((sk - 1) / (sk + 1)) ** 2
    return (2 / (s1 + sn)) ** 2, beta, math.sqrt(beta)


def gd_optimal(lam_min: float, lam_max: float) -> tuple[float, float]:
    r"""GD's best step :math:`2/(\lambda_1+\lambda_n)` and its rate :math:`(\kappa-1)/(\kappa+1)`."""
    return 2 / (lam_min + lam_max), (lam_max - lam_min) / (lam_max + lam_min)


def roots(alpha, beta, lam) -> tuple[np.ndarray, np.ndarray]:
    r"""The two eigenvalues of :math:`R` (complex arrays, broadcast over the inputs), the
    one of larger modulus first."""
    s = 1 + np.asarray(beta, dtype=float) - np.asarray(alpha, dtype=float) * np.asarray(lam)
    d = np.sqrt((s * s - 4 * np.asarray(beta, dtype=float)).astype(complex))
    a, b = (s + d) / 2, (s - d) / 2
    swap = np.abs(b) > np.abs(a)
    return np.where(swap, b, a), np.where(swap, a, b)


def radius(alpha, beta, lam) -> np.ndarray:
    """Spectral radius of momentum's matrix ``R`` per component (beta = 0 gives GD's
    ``|1 - alpha lam|``)."""
    return np.abs(roots(alpha, beta, lam)[0])


def component_errors(lams, alpha: float, beta: float, x0, steps: int) -> np.ndarray:
    """``(n, steps + 1)`` error along each eigenvector, by the recurrence (z starts at 0,
    as torch's momentum buffer does: its first step is plain GD)."""
    lams = np.asarray(lams, dtype=float)
    x = np.array(np.broadcast_to(np.asarray(x0, dtype=float), lams.shape))
    out = np.empty((len(lams), steps + 1))
    out[:, 0] = x
    z = np.zeros_like(x)
    with np.errstate(over="ignore", invalid="ignore"):   # divergence is a result: inf / nan
        for t in range(steps):
            z = beta * z + lams * x
            x = x - alpha * z
            out[:, t + 1] = x
    return out


def rate_map(lams, alphas, betas) -> tuple[np.ndarray, np.ndarray]:
    """Rate (max spectral radius over the eigenvalues) on the grid ``betas x alphas`` and
    its region code (0 monotone, 1 oscillating, 2 divergent; see :data:`REGIONS`). The
    region is the slowest component's: oscillating when its leading root is complex or
    negative."""
    a = np.asarray(alphas, dtype=float)[None, :, None]
    b = np.asarray(betas, dtype=float)[:, None, None]
    lead = roots(a, b, np.asarray(lams, dtype=float)[None, None, :])[0]   # (B, A, n)
    mod = np.abs(lead)
    worst = np.argmax(mod, axis=2)
    rate = np.take_along_axis(mod, worst[..., None], axis=2)[..., 0]
    mu = np.take_along_axis(lead, worst[..., None], axis=2)[..., 0]
    osc = (np.abs(mu.imag) > 1e-12 * np.maximum(1.0, np.abs(mu))) | (mu.real < 0)
    region = np.where(rate >= 1.0, 2, np.where(osc, 1, 0))
    return rate, region


def steps_to(rate: float, tol: float = 1e-6) -> int:
    """Steps for ``rate ** t`` to reach ``tol`` (the bound; infinite if rate >= 1)."""
    if rate >= 1:
        return math.inf
    if rate <= 0:
        return 1
    return math.ceil(math.log(tol) / math.log(rate))


def first_below(errors: np.ndarray, tol: float = 1e-6) -> int | None:
    """First step at which the error norm (over axis 0) is at most ``tol`` times the
    initial one, and stays there to the end; None if never."""
    with np.errstate(over="ignore", invalid="ignore"):
        norm = np.linalg.norm(errors, axis=0)
    above = np.flatnonzero(~(norm <= tol * norm[0]))      # inf and nan count as above
    if len(above) == 0:
        return 0
    last = int(above[-1]) + 1
    return last if last < len(norm) else None


def measured_steps(lams, alpha: float, beta: float, tol: float = 1e-6,
                   max_steps: int = LIMITS["steps"]) -> int | None:
    """Steps the recurrence (every component starting at 1) takes to bring the error norm
    to ``tol`` of the initial one for good; None if not within ``max_steps``."""
    return first_below(component_errors(lams, alpha, beta, 1.0, max_steps), tol)


DAMPING = ("over-damped", "under-damped", "sign flip", "divergent")


def damping_regions(alpha_lam, beta) -> np.ndarray:
    r"""One component's behaviour over :math:`(\alpha\lambda, \beta)` as codes into
    :data:`DAMPING`: leading root real positive, complex, real negative, or of modulus >= 1."""
    mu = roots(alpha_lam, beta, 1.0)[0]
    cplx = np.abs(mu.imag) > 1e-12 * np.maximum(1.0, np.abs(mu))
    return np.where(np.abs(mu) >= 1, 3, np.where(cplx, 1, np.where(mu.real < 0, 2, 0)))


def critical_beta(alpha_lam):
    r"""The critical-damping line :math:`\beta = (1 - \sqrt{\alpha\lambda})^2`
    (for :math:`\alpha\lambda \le 1`)."""
    return (1 - np.sqrt(np.asarray(alpha_lam, dtype=float))) ** 2


def divergence_alpha_lambda(beta):
    r"""Momentum diverges beyond :math:`\alpha\lambda = 2(1 + \beta)`."""
    return 2 * (1 + np.asarray(beta, dtype=float))


def torch_sgd_kwargs(alpha: float, beta: float, form: str = "distill") -> dict:
    """``torch.optim.SGD`` keyword arguments running momentum written in ``form``:

    - ``distill``: z <- beta z + g, w <- w - alpha z
    - ``lecture``: m <- beta m + alpha g, w <- w - m   (the notes' gamma = beta, eta = alpha)
    - ``averaged``: m <- beta m + (1 - beta) g, w <- w - alpha m
    """
    if form not in MOMENTUM_FORMS:
        raise ValueError(f"form must be one of {', '.join(MOMENTUM_FORMS)}; got {form!r}")
    return {"lr": alpha * (1 - beta) if form == "averaged" else alpha, "momentum": beta}


@dataclass(frozen=True)
class QuadraticConfig:
    """The Momentum page's one question: a spectrum, a setting, a horizon."""
    kappa: float = 100.0        # condition number lambda_n / lambda_1 (lambda_1 = 1)
    n: int = 6                  # eigenvalues, geometric from 1 to kappa
    alpha: float | None = None  # step size; None = Polyak's optimum
    beta: float | None = None   # momentum; None = Polyak's optimum
    steps: int = 150            # iterations shown
    grid: int = 160             # rate-map cells per axis

    def __post_init__(self):
        check_number(self.kappa, "kappa", 1.0, LIMITS["kappa"])
        eigenvalues(self.kappa, self.n)
        if self.alpha is not None:
            check_number(self.alpha, "alpha", 1e-9, 10.0)
        if self.beta is not None:
            check_number(self.beta, "beta", 0.0, 0.9999)
        for name, hi in (("steps", LIMITS["steps"]), ("grid", LIMITS["grid"])):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or not 2 <= v <= hi:
                raise ValueError(f"{name} must be an integer in [2, {hi}], got {v!r}")


@dataclass
class QuadraticResult:
    config: QuadraticConfig
    lams: np.ndarray            # (n,)
    alpha: float
    beta: float
    optimum: tuple              # (alpha*, beta*, rate*)
    gd: tuple                   # (alpha_gd, rate_gd) GD's best
    gd_errors: np.ndarray       # (n, T+1) GD at its best alpha, 2 / (lam_1 + lam_n)
    mom_errors: np.ndarray      # (n, T+1) momentum at (alpha, beta)
    rates: np.ndarray           # (n,) momentum's radius per component
    gd_rates: np.ndarray        # (n,) |1 - alpha_gd lam|
    alphas: np.ndarray          # (G,) rate-map axes
    betas: np.ndarray           # (G,)
    rate: np.ndarray            # (G, G) rate over (beta, alpha)
    region: np.ndarray          # (G, G) codes into REGIONS
    gd_measured: int | None     # steps to 1e-6 measured: GD at its best alpha,
    opt_measured: int | None    # momentum at the optimum,
    measured: int | None        # momentum at (alpha, beta)


def solve(config: QuadraticConfig) -> QuadraticResult:
    """Everything the Momentum page draws, from one config (all starts at x_i = 1)."""
    lams = eigenvalues(config.kappa, config.n)
    opt = optimal(lams[0], lams[-1])
    alpha = opt[0] if config.alpha is None else config.alpha
    beta = opt[1] if config.beta is None else config.beta
    T = config.steps
    alphas = np.linspace(0, 4.4 / lams[-1], config.grid + 1)[1:]   # past 4/lam_n: all diverge
    betas = np.linspace(0, 0.999, config.grid)
    rate, region = rate_map(lams, alphas, betas)
    gd = gd_optimal(lams[0], lams[-1])
    return QuadraticResult(
        config, lams, alpha, beta, opt, gd,
        component_errors(lams, gd[0], 0.0, 1.0, T), component_errors(lams, alpha, beta, 1.0, T),
        radius(alpha, beta, lams), np.abs(1 - gd[0] * lams), alphas, betas, rate, region,
        measured_steps(lams, gd[0], 0.0),
        measured_steps(lams, opt[0], opt[1]), measured_steps(lams, alpha, beta))
