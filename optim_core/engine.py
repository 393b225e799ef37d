r"""The simulation engine: every optimizer x every start point x N steps in one loop.

State lives in ``(K, M, 2)`` tensors (K optimizer configurations, M start points). All
K optimizers share one gradient evaluation and one update rule, a short chain of named
stages (in the spirit of optax's chained transformations) whose per-row, per-step
coefficients come from each registry entry's ``coeffs`` (see :mod:`optim_core.optimizers`):

.. math::
    g &\leftarrow \nabla f(w) + \sigma z + \lambda_c w \\
    m &\leftarrow a_1 m + b_1 g \\
    V &\leftarrow \max\big(a_2 V + b_2 g^2,\ k_{\max}(|g|+\epsilon_{\max})^2\big),
        \qquad \bar g \leftarrow a_c \bar g + b_c g \\
    \hat V &\leftarrow \max(\text{ams}\cdot\hat V,\ V - \bar g^2) \\
    \sigma &= c_t\sqrt{q_t \hat V + e_{in}} + e_{out,t} \\
    u &= (n_m m + n_g g)\,\sqrt{D + \epsilon_D}\,/\,\sigma,
        \qquad D \leftarrow \rho_D D + c_D u^2 \\
    u &\leftarrow b \leftarrow \mu_2 b + u, \qquad u \leftarrow u + \lambda_d w \\
    w &\leftarrow w - \eta_t\, u

Each line is a named stage of :class:`_Loop` (``step``: gradient -> weight decay -> first
moment -> second moment -> normalize -> Adadelta -> momentum -> decoupled weight decay ->
scale by the learning rate -> apply); stages that no selected optimizer needs are skipped.
The learning rate enters in exactly one place, the stage "scale by the learning rate":
no coefficient depends on it (``tests/test_engine.py`` builds every table at two rates),
so a schedule, or a rate decided inside the loop (reduce-on-plateau), only changes
:math:`\eta_t`. The result equals the plain ``torch.optim`` loop
(:mod:`optim_core.reference`) to float64 round-off; the tests prove it for every registry
entry.

:func:`simulate` runs the same stages on the same tables as one compiled loop
(:mod:`optim_core.fused`) wherever that applies; this pure-torch loop is the reference
and the fallback (typed formulas, surfaces learned from data, reduce-on-plateau).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .config import SimConfig
from .optimizers import get_optimizer
from .schedules import LOSS_DRIVEN, Plateau
from .surfaces import Surface

__all__ = ["DEFAULT_COEFFS", "TABLE_KEYS", "SimResult", "coefficient_array", "coefficient_tables",
           "simulate", "warm"]

DTYPE = torch.float64
# the stages' coefficients and their defaults (a stage is a no-op at its defaults); none
# of them contains the learning rate
DEFAULT_COEFFS = {
    "wdc": 0.0, "a1": 0.0, "b1": 1.0, "a2": 0.0, "b2": 0.0, "v0": 0.0,
    "kmax": 0.0, "emax": 0.0, "ac": 0.0, "bc": 0.0, "amsk": 0.0, "q": 0.0, "e_in": 0.0,
    "c": 0.0, "e_out": 1.0, "rho_ad": 0.0, "c_ad": 0.0, "eps_ad": 1.0, "nm": 0.0, "ng": 0.0,
    "mu2": 0.0, "wdd": 0.0,
}
# what a builder may return besides: the rule's own factor of the rate (AdaGrad's decay,
# RAdam's rectification), multiplied into the rate table
LR_FACTOR = "lr_factor"
# the rows of the table: the coefficients, then the one stage's rate eta_t
TABLE_KEYS = (*DEFAULT_COEFFS, "rate")
BOUND_FACTOR = 100.0   # a run diverges when it leaves the domain grown 100 times


@dataclass
class SimResult:
    """Arrays of a simulation; K optimizers, M starts, T steps (float64 numpy)."""
    config: SimConfig
    path: np.ndarray           # (K, M, T+1, 2) positions, frozen after divergence
    loss: np.ndarray           # (K, M, T+1)
    grad_norm: np.ndarray      # (K, M, T+1) norm of the true gradient at each position
    lr: np.ndarray             # (K, T) learning rate used by each step
    eff_lr: np.ndarray | None  # (K, M, T, 2) per-parameter eta_t / sigma_t, if recorded
    diverged_at: np.ndarray    # (K, M) int: first bad step, or -1
    # (K, M, T) each run's rate, when a loss-driven schedule (reduce-on-plateau) makes the
    # rate differ between starts; ``lr`` then holds the first start's. None otherwise.
    lr_runs: np.ndarray | None = None
    # (K, M, T) function evaluations of each step (L-BFGS: several), when a row took the
    # general path (optim_core.general); None: one per step everywhere
    evals: np.ndarray | None = None
    # general-path records, NaN on rows without them: "avg_path" (K, M, T+1, 2) averaged
    # iterate (ASGD, schedule-free's x), "d" (K, M, T+1) Prodigy's distance estimate
    extras: dict | None = None
    # (K, M) why each run stopped: "" (it did not), "diverged", or "singular_hessian" (a
    # Newton row whose H + lambda I had no inverse there: optim_core.general); None: every
    # stopped run diverged
    stop_reason: np.ndarray | None = None

    def reasons(self) -> np.ndarray:
        """(K, M) why each run stopped at ``diverged_at``: "", "diverged" or
        "singular_hessian"."""
        if self.stop_reason is not None:
            return self.stop_reason
        return np.where(self.diverged_at >= 0, "diverged", "")

    def singular(self) -> np.ndarray:
        """(K, M) bool: the run stopped because the Hessian was singular (a Newton row)."""
        return self.reasons() == "singular_hessian"

    def runs(self):
        """One dict per (optimizer, start): the command line's output rows."""
        for k, opt in enumerate(self.config.optimizers):
            for j, start in enumerate(self.config.starts):
                d = int(self.diverged_at[k, j])
                row = {"optimizer": opt.name, "params": opt.to_dict()["params"],
                       "start": list(start), "path": self.path[k, j].tolist(),
                       "loss": self.loss[k, j].tolist(), "diverged_at": None if d < 0 else d}
                if d >= 0:
                    row["stop_reason"] = str(self.reasons()[k, j])
                if self.evals is not None:   # general-path rows: evaluations, records
                    row["evals"] = self.evals[k, j].tolist()
                for name, a in (self.extras or {}).items():
                    if np.isfinite(a[k, j]).all():
                        row[name] = a[k, j].tolist()
                yield row


COEFF_KEYS = tuple(DEFAULT_COEFFS)
_KEY_INDEX = {key: i for i, key in enumerate(TABLE_KEYS)}
_DEFAULTS = np.array([*DEFAULT_COEFFS.values(), 1.0])


def coefficient_array(config: SimConfig, steps: int | None = None,
                      unit_rows: frozenset = frozenset()) -> tuple[np.ndarray, np.ndarray]:
    """Per-step tables of every optimizer as one ``(keys, K, T)`` array (keys in
    ``TABLE_KEYS`` order: the stages' coefficients, built without the learning rate, then
    ``rate``: the rate eta_t of the stage "scale by the learning rate", the schedule's rate
    times the rule's own ``lr_factor``) and the schedule's rates ``(K, T)``. Rows in
    ``unit_rows`` get a rate of 1 (times ``lr_factor``): the loop multiplies theirs in."""
    T, K = steps or config.steps, len(config.optimizers)
    out = np.empty((len(TABLE_KEYS), K, T))
    out[:] = _DEFAULTS[:, None, None]
    lrs = np.empty((K, T))
    rate = _KEY_INDEX["rate"]
    for k, run in enumerate(config.optimizers):
        lrs[k] = np.ones(T) if k in unit_rows else run.lr_table(T)
        coeffs = dict(get_optimizer(run.name).coeffs(run.hp, T))
        out[rate, k] = lrs[k] * coeffs.pop(LR_FACTOR, 1.0)
        for key, value in coeffs.items():
            if key not in DEFAULT_COEFFS:
                raise ValueError(f"{run.name}: unknown coefficient {key!r} (one of "
                                 f"{', '.join(DEFAULT_COEFFS)}, or {LR_FACTOR})")
            out[_KEY_INDEX[key], k] = value
    return out, lrs


def coefficient_tables(config: SimConfig, steps: int | None = None,
                       unit_rows: frozenset = frozenset()) -> dict[str, np.ndarray]:
    """Per-step tables of every optimizer: ``{name: (T, K) array}`` for ``TABLE_KEYS`` and
    ``lr`` (the schedule's rates); see :func:`coefficient_array`."""
    arr, lr = coefficient_array(config, steps, unit_rows)
    return {**{key: arr[i].T for i, key in enumerate(TABLE_KEYS)}, "lr": lr.T}


class _Tables:
    """Coefficient tables as per-step lists of ``(K, 1, 1)`` tensors (free to index).

    ``span(keys)`` is the smallest block of rows where any of ``keys`` differs from its
    default: a stage that only some optimizers need runs on those rows alone.
    """

    def __init__(self, tables: dict[str, np.ndarray]):
        self.raw = tables

    def span(self, *keys: str) -> slice | None:
        rows = np.zeros(self.raw["lr"].shape[1], dtype=bool)
        for key in keys:
            rows |= np.any(self.raw[key] != DEFAULT_COEFFS[key], axis=0)
        idx = np.flatnonzero(rows)
        return slice(int(idx[0]), int(idx[-1]) + 1) if len(idx) else None

    def get(self, key: str, rows: slice | None = None) -> list:
        a = self.raw[key][:, rows or slice(None)]
        if np.all(a == a[:1]):   # constant in time: one tensor for every step
            return [torch.tensor(a[0], dtype=DTYPE).view(-1, 1)] * len(a)
        return list(torch.tensor(a, dtype=DTYPE).view(len(a), -1, 1))


BACKENDS = ("auto", "fused", "torch")


def simulate(config: SimConfig, surface: Surface | None = None, *, backend: str = "auto",
             every: int = 1, record_dtype=np.float64) -> SimResult:
    """Run every optimizer of ``config`` from every start for ``config.steps`` steps.

    ``backend``: "auto" takes the compiled fused loop (:mod:`optim_core.fused`) where it
    applies and this pure-torch engine elsewhere; "fused" requires the fused loop (raises
    ValueError saying why not), "torch" forces this engine (the reference and fallback).
    ``every`` > 1 records every k-th position (and the last) and every k-th step's rates;
    ``record_dtype=np.float32`` records in single precision. The state stays float64.

    A loss-driven schedule (reduce-on-plateau) decides each run's rate inside the loop from
    the loss before each step, as torch's scheduler does, and the stage "scale by the
    learning rate" multiplies it in (the one place the rate enters)."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}; got {backend!r}")
    if isinstance(every, bool) or not isinstance(every, (int, np.integer)) or every < 1:
        raise ValueError(f"every must be a whole number >= 1, got {every!r}")
    if np.dtype(record_dtype) not in (np.float64, np.float32):
        raise ValueError(f"record_dtype must be float64 or float32, got {record_dtype!r}")
    if backend != "torch":
        why = _fused_unavailable(config, surface)
        if why is None:
            from .fused import simulate_fused
            return simulate_fused(config, every, record_dtype)
        if backend == "fused":
            raise ValueError(f"backend 'fused' does not apply to this configuration: {why}")
    res = _simulate_torch(config, surface)
    if every == 1 and np.dtype(record_dtype) == np.float64:
        return res
    return _thin(res, every, record_dtype)


def warm() -> float | None:
    """Load (or compile and cache on disk) the fused path's kernels: once per process,
    before any request. Seconds taken, or None where the fused path is unavailable."""
    try:
        from .fused import warm as warm_fused
    except (ImportError, RuntimeError):
        return None
    return warm_fused()


def _fused_unavailable(config: SimConfig, surface: Surface | None) -> str | None:
    try:
        from .fused import applies
    except (ImportError, RuntimeError) as e:   # numba missing or no cache dir: torch runs all
        return f"the compiled path is unavailable ({e})"
    return applies(config, surface)


def _thin(res: SimResult, every: int, dtype) -> SimResult:
    """Keep every k-th position (and the last) and every k-th step, in ``dtype``."""
    T = res.config.steps
    pos = np.unique(np.append(np.arange(0, T + 1, every), T))
    step = np.arange(0, T, every)
    dt = np.dtype(dtype)
    return SimResult(res.config, res.path[:, :, pos].astype(dt), res.loss[:, :, pos].astype(dt),
                     res.grad_norm[:, :, pos].astype(dt), res.lr,
                     None if res.eff_lr is None else res.eff_lr[:, :, step].astype(dt),
                     res.diverged_at, res.lr_runs, stop_reason=res.stop_reason)


def _simulate_torch(config: SimConfig, surface: Surface | None = None) -> SimResult:
    """The pure-torch engine: the reference every fast path is tested against."""
    surface = surface or config.make_surface()
    if any(get_optimizer(r.name).coeffs is None for r in config.optimizers):
        # rows outside the coefficient template: their own loops (optim_core.general)
        from .general import simulate_mixed
        return simulate_mixed(config, surface, simulate)
    K, M, T = len(config.optimizers), len(config.starts), config.steps
    driven = [k for k, r in enumerate(config.optimizers) if r.schedule in LOSS_DRIVEN]
    tab = _Tables(coefficient_tables(config, unit_rows=frozenset(driven)))
    starts = torch.tensor(config.starts, dtype=DTYPE).T          # (2, M)
    with torch.inference_mode():
        plateau = _PlateauRows(config, driven, tab, M, T) if driven else None
        out = _run(surface, config, tab, starts.unsqueeze(1).expand(2, K, M).clone(), T, plateau)
        return _finish(surface, config, tab, *out, plateau)


class _PlateauRows:
    """The loss-driven rows' schedulers (:class:`~optim_core.schedules.Plateau`) and the
    ``(K, M)`` factor the rate stage multiplies the rate table by (1 on the other rows)."""

    def __init__(self, config, driven, tab, M, T):
        K = len(config.optimizers)
        self.rows = torch.tensor(driven)
        self.sched = Plateau([config.optimizers[k] for k in driven], M)
        self.record = torch.empty((T, len(driven), M), dtype=DTYPE)
        self.factor = torch.ones((K, M), dtype=DTYPE)

    def refresh(self):
        self.factor[self.rows] = self.sched.rate


def _rel(inner: slice | None, outer: slice) -> slice | None:
    return None if inner is None else slice(inner.start - outer.start, inner.stop - outer.start)


def _fold_plain_first_moment(tab) -> None:
    """Rows whose first moment is the gradient itself (a1 = 0, b1 = 1) take their
    numerator from g: fold nm into ng so the first-moment stage runs on the other rows."""
    raw = tab.raw
    plain = np.all(raw["a1"] == 0, axis=0) & np.all(raw["b1"] == 1, axis=0)
    raw["ng"] = raw["ng"] + np.where(plain, raw["nm"], 0.0)
    raw["nm"] = np.where(plain, 0.0, raw["nm"])


class _Loop:
    """One step of the update as a sequence of named stages (:meth:`step`), each on the
    block of rows (optimizers) that needs it. Layout: positions and state are ``(2, K, M)``
    planes (x and y), so every operation runs over long contiguous rows; coefficients are
    per-step ``(K, 1)`` tensors. The order of every floating-point operation is the
    reference's: the fused loop and torch.optim agree with it to round-off."""

    def __init__(self, surface, config, tab, p, plateau=None):
        _fold_plain_first_moment(tab)
        self.config, self.plateau = config, plateau
        self._spans(tab)
        self._coefficients(tab)
        self._state(tab, p)
        self.gen = torch.Generator().manual_seed(config.seed) if config.noise > 0 else None
        self.grad_xy, self.batches = surface.grad_xy, config.batches()
        if self.batches is not None:   # mini-batch: each step's gradient from its batch
            self.data, self.grad_xy = surface.data, None
        self.surface = surface

    def _spans(self, tab):
        """Each stage's rows: the smallest block where its coefficients differ from the
        defaults (see :meth:`_Tables.span`)."""
        self.sw, self.sd, self.sm = tab.span("wdc"), tab.span("wdd"), tab.span("nm", "a1")
        self.sv, self.sk = tab.span("a2", "b2", "v0", "kmax"), tab.span("kmax")
        # the denominator's rows cover every row that keeps a second moment: RAdam keeps V
        # while its rectification is off (q = c = 0, the defaults), beside rows that use it
        self.sD = tab.span("q", "c", "e_in", "e_out", "a2", "b2", "v0", "kmax", "ac", "bc",
                           "amsk")
        self.sc, self.sa = tab.span("ac", "bc"), tab.span("amsk")
        self.sA, self.sM = tab.span("c_ad"), tab.span("mu2")
        if self.sD:   # stages that read the denominator's rows, relative to them
            self.vrel, self.crel = _rel(self.sv, self.sD), _rel(self.sc, self.sD)
            self.arel = _rel(self.sa, self.sD)
        self.same_rows = self.sD == self.sv and not self.sc and not self.sa

    def _coefficients(self, tab):
        """Per-step coefficient lists, each cut to its stage's rows."""
        self.wdc = tab.get("wdc", self.sw)
        self.wdd = tab.get("wdd", self.sd)
        self.a1, self.b1 = tab.get("a1", self.sm), tab.get("b1", self.sm)
        self.nm, self.ng = tab.get("nm", self.sm), tab.get("ng")
        self.a2, self.b2 = tab.get("a2", self.sv), tab.get("b2", self.sv)
        self.kmax, self.emax = tab.get("kmax", self.sk), tab.get("emax", self.sk)
        self.ac, self.bc = tab.get("ac", self.sc), tab.get("bc", self.sc)
        self.amsk = tab.get("amsk", self.sa)
        self.q, self.c, self.e_in, self.e_out = (tab.get(k, self.sD)
                                                 for k in ("q", "c", "e_in", "e_out"))
        self.rho_ad, self.c_ad, self.eps_ad = (tab.get(k, self.sA)
                                               for k in ("rho_ad", "c_ad", "eps_ad"))
        self.mu2, self.rate = tab.get("mu2", self.sM), tab.get("rate")
        if self.plateau is not None:
            self.plateau.refresh()

    def _state(self, tab, p):
        zeros = torch.zeros_like(p)
        new = lambda rows: zeros[:, rows].clone() if rows else None
        self.m, self.ga, self.vmax = new(self.sm), new(self.sc), new(self.sa)
        self.acc, self.buf = new(self.sA), new(self.sM)
        self.v = (zeros + tab.get("v0")[0])[:, self.sv].clone() if self.sv else None
        self.denom = torch.ones_like(p)
        self.den = self.denom[:, self.sD] if self.sD else None
        self.r = None

    def rate_of(self, t):
        """The rate eta_t of step ``t``: ``(K, 1)``, or ``(K, M)`` when a loss-driven
        schedule decides each run's rate (its rows' table holds the rule's own factor)."""
        if self.plateau is None:
            return self.rate[t]
        return self.rate[t] * self.plateau.factor

    def step_loss(self, p, t):
        """The loss-driven rows' loss before step ``t`` (the batch's, on mini-batches)."""
        rows = self.plateau.rows
        if self.grad_xy:
            return self.surface.f(p[0, rows], p[1, rows])
        return self.data.value(p[0, rows], p[1, rows], self.batches[t])

    def gradient(self, p, t):
        """The surface's (or the batch's) gradient, plus seeded noise, then clipped."""
        g = torch.stack(self.grad_xy(p[0], p[1]) if self.grad_xy
                        else self.data.grad(p[0], p[1], self.batches[t]))
        if self.gen is not None:
            z = torch.randn((p.shape[2], 2), generator=self.gen, dtype=DTYPE)
            g.add_(z.T.unsqueeze(1), alpha=self.config.noise)
        clip = self.config.clip
        if clip > 0:
            n = torch.addcmul(g[0] * g[0], g[1], g[1]).sqrt_()
            g.mul_(torch.clamp(clip / (n + 1e-6), max=1.0))
        return g

    def weight_decay(self, g, p, t):
        """Coupled weight decay: ``g += wd w``."""
        if self.sw:
            g[:, self.sw].addcmul_(p[:, self.sw], self.wdc[t])

    def first_moment(self, g, num, t):
        """``m = a1 m + b1 g``; the numerator gains ``nm m`` (it starts as ``ng g``)."""
        sm = self.sm
        if sm:
            self.m.mul_(self.a1[t]).addcmul_(g[:, sm], self.b1[t])
            num[:, sm].addcmul_(self.m, self.nm[t])

    def second_moment(self, g, t):
        """``V = max(a2 V + b2 g^2, kmax (|g| + emax)^2)`` (the max: Adamax's norm)."""
        sv, sk = self.sv, self.sk
        if sv:
            self.v.mul_(self.a2[t]).addcmul_(g[:, sv].square(), self.b2[t])
            if sk:
                vk = self.v[:, _rel(sk, sv)]
                torch.maximum(vk, (g[:, sk].abs() + self.emax[t]).square_().mul_(self.kmax[t]),
                              out=vk)

    def _variance(self, g, t):
        """The denominator's variance on its rows: V, minus the centered mean's square,
        through AMSGrad's running max."""
        if self.same_rows:
            vd = self.v
        else:
            vd = torch.zeros_like(self.den)
            vd[:, self.vrel] = self.v
        if self.sc:
            self.ga.mul_(self.ac[t]).addcmul_(g[:, self.sc], self.bc[t])
            vd[:, self.crel].addcmul_(self.ga, self.ga, value=-1.0)
        if self.sa:
            torch.maximum(self.vmax.mul_(self.amsk[t]), vd[:, self.arel], out=self.vmax)
            vd[:, self.arel] = self.vmax
        return vd

    def normalize(self, g, num, t):
        """``num /= c sqrt(q Vhat + e_in) + e_out`` (the adaptive denominator)."""
        if self.sD:
            den = self.den
            torch.mul(self._variance(g, t), self.q[t], out=den)
            if self.sA:
                den.add_(self.e_in[t])
            den.sqrt_().mul_(self.c[t]).add_(self.e_out[t])
            num.div_(self.denom)

    def adadelta(self, num, t):
        """``u = num sqrt(D + eps)``, then ``D = rho D + c u^2`` (Adadelta's unit fix)."""
        sA = self.sA
        if sA:
            self.r = (self.acc + self.eps_ad[t]).sqrt_()
            num[:, sA].mul_(self.r)
            self.acc.mul_(self.rho_ad[t]).addcmul_(num[:, sA].square(), self.c_ad[t])

    def momentum(self, num, t):
        """Heavy ball on the normalized step: ``b = mu2 b + u``."""
        if self.sM:
            self.buf.mul_(self.mu2[t]).add_(num[:, self.sM])
            num[:, self.sM] = self.buf

    def decoupled_weight_decay(self, num, p, t):
        """AdamW's decay, outside the normalization: ``u += wd w``."""
        if self.sd:
            num[:, self.sd].addcmul_(p[:, self.sd], self.wdd[t])

    def scale_by_rate(self, num, rate_t):
        """``u *= eta_t``: the one place the learning rate enters."""
        num.mul_(rate_t)

    def apply(self, p, num, out):
        """``w' = w - u``, into ``out``."""
        torch.sub(p, num, out=out)

    def record_rates(self, rate_t, out):
        """The per-parameter effective rate ``eta / sigma`` (times Adadelta's factor)."""
        e = torch.div(rate_t, self.denom, out=out)
        if self.sA:
            e[:, self.sA].mul_(self.r)

    def step(self, p, t, out, eff):
        """One step from ``p`` into ``out``: gradient -> weight decay -> first moment ->
        second moment -> normalize -> Adadelta -> momentum -> decoupled weight decay ->
        scale by the learning rate -> apply."""
        g = self.gradient(p, t)
        self.weight_decay(g, p, t)
        num = g * self.ng[t]
        self.first_moment(g, num, t)
        self.second_moment(g, t)
        self.normalize(g, num, t)
        self.adadelta(num, t)
        self.momentum(num, t)
        self.decoupled_weight_decay(num, p, t)
        rate_t = self.rate_of(t)
        self.scale_by_rate(num, rate_t)
        self.apply(p, num, out)
        if eff is not None:
            self.record_rates(rate_t, eff[t])


def _run(surface, config, tab, p, T, plateau=None):
    """The loop: ``T`` steps of :class:`_Loop` from ``p`` ``(2, K, M)``; a loss-driven
    schedule reads the loss before each step and sets the next step's rate."""
    _, K, M = p.shape
    path = torch.empty((T + 1, 2, K, M), dtype=DTYPE)
    eff = torch.empty((T, 2, K, M), dtype=DTYPE) if config.record_rates else None
    path[0] = p
    loop = _Loop(surface, config, tab, path[0], plateau)
    for t in range(T):
        p = path[t]
        if plateau is not None:
            step_loss = loop.step_loss(p, t)
            plateau.record[t] = plateau.sched.rate
        loop.step(p, t, path[t + 1], eff)
        if plateau is not None and plateau.sched.step(step_loss):
            plateau.refresh()
    return path, eff


def _finish(surface, config, tab, path, eff, plateau=None) -> SimResult:
    """Loss and gradient norm along the paths; each run's first bad step (non-finite or
    out of bounds), where it is frozen. Computed in slabs of steps that stay in cache."""
    T = config.steps
    T1, _, K, M = path.shape
    loss = torch.empty((T1, K, M), dtype=DTYPE)
    gnorm = torch.empty((T1, K, M), dtype=DTYPE)
    xmin, xmax, ymin, ymax = surface.bounds
    center = torch.tensor([(xmin + xmax) / 2, (ymin + ymax) / 2], dtype=DTYPE).view(2, 1, 1)
    bound = BOUND_FACTOR * max(xmax - xmin, ymax - ymin)
    first = torch.full((K, M), -1, dtype=torch.long)
    chunk = max(1, 2 ** 17 // (K * M))
    for s in range(0, T1, chunk):
        pc = path[s:s + chunk]
        x, y = pc[:, 0], pc[:, 1]
        loss[s:s + chunk] = surface.f(x, y)
        gx, gy = surface.grad_xy(x, y)
        torch.addcmul(gx * gx, gy, gy, out=gnorm[s:s + chunk]).sqrt_()
        # a NaN position has a NaN loss, which isfinite catches
        bad = ((pc - center).abs_().amax(1) > bound) | ~torch.isfinite(loss[s:s + chunk])
        hit = bad.any(0) & (first < 0)
        if hit.any():
            hk, hj = torch.nonzero(hit, as_tuple=True)
            first[hk, hj] = bad[:, hk, hj].to(torch.uint8).argmax(0) + s
    dk, dj = torch.nonzero(first >= 0, as_tuple=True)
    if len(dk):   # freeze diverged runs at their last good position
        n = torch.arange(len(dk))
        s = first[dk, dj]
        last = (s - 1).clamp_min(0)
        t = torch.arange(T1).view(-1, 1)
        frozen = t >= s.view(1, -1)                          # (T+1, n)
        sel = path[:, :, dk, dj]                             # (T+1, 2, n)
        path[:, :, dk, dj] = torch.where(frozen.unsqueeze(1), sel[last, :, n].T.unsqueeze(0), sel)
        for arr in (loss, gnorm):
            sel = arr[:, dk, dj]
            arr[:, dk, dj] = torch.where(frozen, sel[last, n], sel)
        if eff is not None:
            sel = eff[:, :, dk, dj]
            keep = t[:T] >= last.view(1, -1)
            idx = (last - 1).clamp_min(0)
            eff[:, :, dk, dj] = torch.where(keep.unsqueeze(1), sel[idx, :, n].T.unsqueeze(0), sel)
    big = float(np.finfo(np.float64).max)
    torch.nan_to_num_(gnorm, nan=0.0, posinf=big)
    eff_np = None
    if eff is not None:
        eff_np = torch.nan_to_num_(eff, nan=0.0, posinf=big).permute(2, 3, 0, 1).numpy()
    lr, lr_runs = tab.raw["lr"].T.copy(), None
    if plateau is not None:
        rows = plateau.rows.numpy()
        lr_runs = np.repeat(lr[:, None, :], M, axis=1)
        lr_runs[rows] = plateau.record.permute(1, 2, 0).numpy()
        lr[rows] = lr_runs[rows, 0]
    return SimResult(config, path.permute(2, 3, 0, 1).numpy(), loss.permute(1, 2, 0).numpy(),
                     gnorm.permute(1, 2, 0).numpy(), lr, eff_np, first.numpy(), lr_runs)
