r"""The escape lab: how many steps does it take to leave a saddle?

From a start at (or near) a critical point :math:`\theta'`, four strategies run until they
leave the ball :math:`\|\theta - \theta'\| > r`:

- plain gradient descent: at a saddle the gradient is zero, so it never moves (stalls);
- gradient descent with noise: :math:`g = \nabla L + \sigma z`, :math:`z \sim N(0, I)`;
- momentum (heavy ball, torch.optim.SGD(momentum=beta)) with the same noise;
- one step along the eigenvector :math:`u` of the most negative Hessian eigenvalue,
  :math:`\theta \leftarrow \theta' + h\,u` (then :math:`L` falls, since
  :math:`u^\top H u = \lambda \|u\|^2 < 0`), followed by gradient descent with the noise.

The eigenvector step does not leave at once: the kick puts the run at distance ``h``
along ``u``, and gradient descent then grows that distance by about ``1 + eta |lambda|``
per step, so it needs about ``1 + ln(r / h) / ln(1 + eta |lambda|)`` steps (26 at the
lecture surface's defaults); with noise, momentum can leave sooner.

For every noise level :math:`\sigma` one :func:`~optim_core.engine.simulate` call runs
both optimizers from ``seeds`` copies of both starts (every copy draws its own noise from
the config's seed), and the steps to escape are averaged over the copies. A run that
never leaves counts as ``steps`` (censored) and lowers the escaped fraction. A run that
blows up (the engine marks it diverged, with its loss above the start's) is *diverged*,
not escaped: it is left out of the mean and counted in ``diverged``. A run that runs away
downhill (a surface unbounded below, such as x^2 - y^2) has escaped.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import LIMITS, OptimizerRun, SimConfig, point_cost
from .critical import point_info
from .engine import simulate
from .specs import Param, check_fields, shown, validate_params
from .surfaces import SURFACES, get_surface
from .text import Text

__all__ = [
    "ESCAPE_METHODS",
    "EscapeConfig",
    "EscapeResult",
    "default_escape",
    "escape_lab",
    "escape_limits",
    "escape_work",
    "noise_levels",
]

ESCAPE_METHODS = ("gd", "gd_noise", "momentum", "eigen")
MAX_SIGMAS = 12
ESCAPE_EXTRA = 0.5   # a path point here also costs its distance test, in analytic points
#                      (the largest accepted request without it: 5.5 s, measured)
ESCAPE_FIELDS = (   # the plain fields of an EscapeConfig, checked by their specs
    Param("point", (0.0, 0.0), -1e6, 1e6, kind="pair", help=Text("the critical point", "临界点")),
    Param("offset", (0.0, 0.0), -1e6, 1e6, kind="pair", help=Text("start = point + offset",
                                                                  "起点 = 临界点 + 偏移")),
    Param("radius", 0.5, 1e-6, 1e6, log=True, help=Text("escaped once this far from the point",
                                                        "离开该点这么远即算逃离")),
    Param("lr", 0.05, 1e-10, 10.0, log=True, help=Text("learning rate of every method",
                                                       "所有方法的学习率")),
    Param("momentum", 0.9, 0.0, 0.999, help=Text("beta of the momentum method", "动量法的 β")),
    Param("kick", 0.05, 0.0, 1e6, help=Text("length of the step along the eigenvector",
                                            "沿特征向量迈出的步长")),
    Param("steps", 300, 1, 5000, kind="int", help=Text("steps per run", "每次运行的步数")),
    Param("seeds", 32, 1, 512, kind="int", help=Text("runs per (method, sigma)",
                                                     "每个（方法, σ）组合的运行次数")),
    Param("seed", 0, 0, 2 ** 63 - 1, kind="int", help=Text("seeds every noise draw",
                                                           "所有噪声采样的随机种子")),
)
SIGMA_FRACTIONS = (0.0, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)


def noise_levels(sigma_max: float) -> tuple:
    """Zero and six log-spaced noise levels up to ``sigma_max``."""
    return tuple(float(f"{sigma_max * f:.6g}") for f in SIGMA_FRACTIONS)


def default_escape(surface: str, point, params: tuple = ()) -> EscapeConfig:
    """Sensible settings for a surface: r = 1/8 of the shorter side, its lr hint."""
    spec = SURFACES[surface]
    xmin, xmax, ymin, ymax = spec.bounds
    r = float(f"{0.125 * min(xmax - xmin, ymax - ymin):.3g}")
    return EscapeConfig(surface, params, tuple(point), radius=r, lr=spec.lr_hint, kick=r / 10)


@dataclass(frozen=True)
class EscapeConfig:
    surface: str = "lecture_w1w2"        # a key of SURFACES
    surface_params: tuple = ()
    point: tuple = (0.0, 0.0)            # the critical point to escape from
    offset: tuple = (0.0, 0.0)           # start = point + offset
    radius: float = 0.5                  # escaped once |theta - point| > radius
    lr: float = 0.05                     # learning rate of every method
    momentum: float = 0.9                # beta of the momentum method
    kick: float = 0.05                   # length h of the step along the eigenvector
    steps: int = 300                     # steps per run (a stall counts as this many)
    sigmas: tuple = (0.0, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)   # gradient-noise std devs
    seeds: int = 32                      # runs per (method, sigma), averaged
    seed: int = 0                        # seeds every noise draw

    def __post_init__(self):
        check_fields(self, ESCAPE_FIELDS)
        if not isinstance(self.surface, str) or self.surface not in SURFACES:
            raise ValueError(f"surface must be one of {', '.join(SURFACES)}; "
                             f"got {shown(self.surface)}")
        sp = validate_params(SURFACES[self.surface].params, self.surface_params,
                             "surface_params")
        object.__setattr__(self, "surface_params", tuple(sp.items()))
        s = self.sigmas
        if not isinstance(s, (list, tuple)) or not 1 <= len(s) <= MAX_SIGMAS:
            raise ValueError(f"sigmas must list 1 to {MAX_SIGMAS} noise levels; got {shown(s)}")
        sigma = Param("sigmas", 0.0, 0.0, 1e3)
        object.__setattr__(self, "sigmas", tuple(sigma.check(v, f"sigmas[{i}]")
                                                 for i, v in enumerate(s)))
        cap, most = escape_limits(self.surface, self.surface_params, self.steps,
                                  len(self.sigmas))
        if escape_work(self) > cap:
            raise ValueError(f"noise levels x seeds x steps x 4 runs must be at most "
                             f"{cap:,} on this surface; got {escape_work(self):,} "
                             f"(at most {most} seeds here)")


def escape_limits(surface: str, surface_params, steps: int, levels: int) -> tuple[int, int]:
    """The escape lab's work limit on this surface (path points) and the most seeds it
    allows with ``steps`` steps and ``levels`` noise levels."""
    cap = int(LIMITS["work"] // (point_cost(surface, surface_params) + ESCAPE_EXTRA))
    return cap, max(0, (cap - steps) // (4 * levels * steps))


def escape_work(config: EscapeConfig) -> int:
    """Path points the escape lab computes: per noise level 2 optimizers x 2 starts x seeds,
    and one plain run."""
    return 4 * config.seeds * config.steps * len(config.sigmas) + config.steps


@dataclass
class EscapeResult:
    config: EscapeConfig
    kind: str                  # what the start point is (minimum / saddle / ...)
    direction: np.ndarray      # (2,) unit eigenvector of the smallest eigenvalue
    eigenvalue: float          # that eigenvalue
    sigmas: np.ndarray         # (S,)
    mean_steps: np.ndarray     # (4, S) mean steps to escape per ESCAPE_METHODS (censored),
                               # over the runs that did not diverge (NaN when all did)
    escaped: np.ndarray        # (4, S) fraction of runs that escaped
    diverged: np.ndarray       # (4, S) fraction of runs that blew up (not escaped)
    paths: np.ndarray          # (4, S, n_show, T+1, 2) a few example runs per method


def _steps_to_escape(path: np.ndarray, point: np.ndarray, radius: float, extra: int):
    """path (..., T+1, 2) -> (steps (...), escaped (...)); ``extra`` steps already taken."""
    out = np.linalg.norm(path - point, axis=-1) > radius
    hit = out.any(-1)
    first = np.where(hit, out.argmax(-1), path.shape[-2] - 1)
    return first + extra, hit


def _blew_up(loss: np.ndarray, diverged_at: np.ndarray) -> np.ndarray:
    """Runs the engine marked diverged whose loss at the last good point is above the
    start's (an explosion), not a runaway downhill. loss (..., T+1), diverged_at (...)."""
    d = np.asarray(diverged_at)
    last = np.take_along_axis(loss, np.clip(d - 1, 0, None)[..., None], axis=-1)[..., 0]
    with np.errstate(invalid="ignore"):
        up = ~(last < loss[..., 0])
    return (d >= 0) & ((d == 0) | up)


def escape_lab(config: EscapeConfig, n_show: int = 4) -> EscapeResult:
    surface = get_surface(config.surface, dict(config.surface_params))
    p0 = np.array(config.point)
    info = point_info(surface, p0)
    u, lam = info.eigenvectors[0], float(info.eigenvalues[0])
    if not np.all(np.isfinite(u)):   # no Hessian at the point (a kink): no eigenvector step
        u = np.zeros(2)
    start = p0 + np.array(config.offset)
    kicked = start + config.kick * u
    S, N, T = len(config.sigmas), config.seeds, config.steps
    opts = (OptimizerRun("sgd", (("lr", config.lr),)),
            OptimizerRun("momentum", (("lr", config.lr), ("momentum", config.momentum))))
    starts = tuple([tuple(start)] * N + [tuple(kicked)] * N)
    mean = np.zeros((4, S))
    frac = np.zeros((4, S))
    blown = np.zeros((4, S))
    show = min(n_show, N)
    paths = np.zeros((4, S, show, T + 1, 2))
    plain = None
    for i, sigma in enumerate(config.sigmas):
        cfg = SimConfig(config.surface, opts, starts, T, noise=sigma, seed=config.seed + i,
                        surface_params=config.surface_params, record_rates=False)
        res = simulate(cfg, surface)
        bad = _blew_up(res.loss, res.diverged_at)
        runs = {"gd_noise": (res.path[0, :N], bad[0, :N]), "momentum": (res.path[1, :N], bad[1, :N]),
                "eigen": (res.path[0, N:], bad[0, N:])}
        if plain is None:   # plain GD: no noise, from the start (one run decides it)
            cfg0 = SimConfig(config.surface, opts[:1], (tuple(start),), T, noise=0.0,
                             surface_params=config.surface_params, record_rates=False)
            r0 = simulate(cfg0, surface)
            plain = (r0.path[0], _blew_up(r0.loss, r0.diverged_at)[0])
        runs["gd"] = (np.repeat(plain[0], N, axis=0), np.repeat(plain[1], N, axis=0))
        for m, name in enumerate(ESCAPE_METHODS):
            path, blew = runs[name]
            if name == "eigen":   # show the kick itself: start -> kicked point -> GD
                path = np.concatenate([np.broadcast_to(start, (N, 1, 2)), path], axis=1)[:, :T + 1]
            steps, hit = _steps_to_escape(path, p0, config.radius, 0)
            ok = ~blew
            mean[m, i] = steps[ok].mean() if ok.any() else np.nan
            frac[m, i], blown[m, i] = (hit & ok).mean(), blew.mean()
            paths[m, i] = path[:show]
    return EscapeResult(config, info.kind, u, lam, np.array(config.sigmas), mean, frac, blown,
                        paths)
