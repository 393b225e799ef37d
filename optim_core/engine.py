r"""The simulation engine: every optimizer x every start point x N steps in one loop.

State lives in ``(K, M, 2)`` tensors (K optimizer configurations, M start points). All
K optimizers share one gradient evaluation and one update rule whose per-row, per-step
coefficients come from each registry entry's ``coeffs`` (see :mod:`optim_core.optimizers`):

.. math::
    g &\leftarrow \nabla f(w) + \sigma z + \lambda_c w, \qquad w \leftarrow d_t\,w \\
    m &\leftarrow a_1 m + b_1 g \\
    V &\leftarrow \max\big(a_2 V + b_2 g^2,\ k_{\max}(|g|+\epsilon_{\max})^2\big),
        \qquad \bar g \leftarrow a_c \bar g + b_c g \\
    \hat V &\leftarrow \max(\text{ams}\cdot\hat V,\ V - \bar g^2) \\
    \sigma &= c_t\sqrt{q_t \hat V + e_{in}} + e_{out,t} \\
    u &= (n_m m + n_g g)\,\sqrt{D + \epsilon_D}\,/\,\sigma,
        \qquad D \leftarrow \rho_D D + c_D u^2 \\
    b &\leftarrow \mu_2 b + u, \qquad w \leftarrow w - p_t\, b

Stages that no selected optimizer needs are skipped. The result equals the plain
``torch.optim`` loop (:mod:`optim_core.reference`) to float64 round-off; the tests prove
it for every registry entry.

:func:`simulate` runs the same rule on the same tables as one compiled loop
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

__all__ = ["DEFAULT_COEFFS", "SimResult", "coefficient_array", "coefficient_tables", "simulate",
           "warm"]

DTYPE = torch.float64
DEFAULT_COEFFS = {
    "wdc": 0.0, "dec": 1.0, "a1": 0.0, "b1": 1.0, "a2": 0.0, "b2": 0.0, "v0": 0.0,
    "kmax": 0.0, "emax": 0.0, "ac": 0.0, "bc": 0.0, "amsk": 0.0, "q": 0.0, "e_in": 0.0,
    "c": 0.0, "e_out": 1.0, "rho_ad": 0.0, "c_ad": 0.0, "eps_ad": 1.0, "nm": 0.0, "ng": 0.0,
    "mu2": 0.0, "post": 1.0, "eta": None,
}
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

    def runs(self):
        """One dict per (optimizer, start): the command line's output rows."""
        for k, opt in enumerate(self.config.optimizers):
            for j, start in enumerate(self.config.starts):
                d = int(self.diverged_at[k, j])
                row = {"optimizer": opt.name, "params": opt.to_dict()["params"],
                       "start": list(start), "path": self.path[k, j].tolist(),
                       "loss": self.loss[k, j].tolist(), "diverged_at": None if d < 0 else d}
                if self.evals is not None:   # general-path rows: evaluations, records
                    row["evals"] = self.evals[k, j].tolist()
                for name, a in (self.extras or {}).items():
                    if np.isfinite(a[k, j]).all():
                        row[name] = a[k, j].tolist()
                yield row


COEFF_KEYS = tuple(DEFAULT_COEFFS)
_KEY_INDEX = {key: i for i, key in enumerate(COEFF_KEYS)}
_DEFAULTS = np.array([np.nan if v is None else v for v in DEFAULT_COEFFS.values()])


def coefficient_array(config: SimConfig, steps: int | None = None,
                      unit_rows: frozenset = frozenset()) -> tuple[np.ndarray, np.ndarray]:
    """Per-step coefficients of every optimizer as one ``(keys, K, T)`` array (keys in
    ``COEFF_KEYS`` order) and the rates ``(K, T)``. Rows in ``unit_rows`` are built for a
    rate of 1: the loop multiplies their rate in."""
    T, K = steps or config.steps, len(config.optimizers)
    out = np.empty((len(COEFF_KEYS), K, T))
    out[:] = _DEFAULTS[:, None, None]
    lrs = np.empty((K, T))
    eta = _KEY_INDEX["eta"]
    for k, run in enumerate(config.optimizers):
        lr = np.ones(T) if k in unit_rows else run.lr_table(T)
        lrs[k] = lr
        out[eta, k] = lr
        for key, value in get_optimizer(run.name).coeffs(run.hp, lr).items():
            if key in _KEY_INDEX:
                out[_KEY_INDEX[key], k] = value
    return out, lrs


def coefficient_tables(config: SimConfig, steps: int | None = None,
                       unit_rows: frozenset = frozenset()) -> dict[str, np.ndarray]:
    """Per-step coefficients of every optimizer: ``{name: (T, K) array}``. Rows in
    ``unit_rows`` are built for a rate of 1: the loop multiplies their rate in."""
    arr, lr = coefficient_array(config, steps, unit_rows)
    return {**{key: arr[i].T for i, key in enumerate(COEFF_KEYS)}, "lr": lr.T}


# The coefficients a rate enters: each is linear in it (``dec`` through dec - 1 = -lr wd),
# and the rate never enters a state update (torch applies it last); checked per run.
RATE_KEYS = ("nm", "ng", "post", "eta", "dec")


def rate_linear_keys(run, steps: int) -> set[str]:
    """The coefficients of ``run`` that scale with its rate. Raises if a coefficient depends
    on the rate in any other way (the loss-driven loop could not follow it exactly)."""
    spec, hp = get_optimizer(run.name), run.hp
    one, two = (spec.coeffs(hp, np.full(steps, r)) for r in (1.0, 2.0))
    keys = set()
    for key, default in DEFAULT_COEFFS.items():
        base = 1.0 if key == "dec" else 0.0
        a = np.asarray(one.get(key, 1.0 if key == "eta" else default), dtype=np.float64) - base
        b = np.asarray(two.get(key, 2.0 if key == "eta" else default), dtype=np.float64) - base
        if np.array_equal(a, b):
            continue
        if key not in RATE_KEYS or not np.allclose(b, 2 * a, rtol=1e-12, atol=0):
            raise RuntimeError(f"{run.name}: coefficient {key} is not linear in the rate")
        keys.add(key)
    return keys


class _Tables:
    """Coefficient tables as per-step lists of ``(K, 1, 1)`` tensors (free to index).

    ``span(keys)`` is the smallest block of rows where any of ``keys`` differs from its
    default: a stage that only some optimizers need runs on those rows alone.
    """

    def __init__(self, tables: dict[str, np.ndarray], scaled: dict[str, np.ndarray] | None = None):
        self.raw = tables
        self.scaled = scaled or {}   # key -> (K,) rows whose rate the loop multiplies in

    def span(self, *keys: str) -> slice | None:
        rows = np.zeros(self.raw["lr"].shape[1], dtype=bool)
        for key in keys:
            rows |= np.any(self.raw[key] != DEFAULT_COEFFS[key], axis=0)
            rows |= self.scaled.get(key, False)
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
    the loss before each step, as torch's scheduler does; its rows' coefficients are built
    for a rate of 1 and the rate is multiplied into the ones it enters (``RATE_KEYS``)."""
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
                     res.diverged_at, res.lr_runs)


def _simulate_torch(config: SimConfig, surface: Surface | None = None) -> SimResult:
    """The pure-torch engine: the reference every fast path is tested against."""
    surface = surface or config.make_surface()
    if any(get_optimizer(r.name).coeffs is None for r in config.optimizers):
        # rows outside the coefficient template: their own loops (optim_core.general)
        from .general import simulate_mixed
        return simulate_mixed(config, surface, simulate)
    K, M, T = len(config.optimizers), len(config.starts), config.steps
    driven = [k for k, r in enumerate(config.optimizers) if r.schedule in LOSS_DRIVEN]
    scaled = {}
    if driven:
        scaled = {key: np.zeros(K, dtype=bool) for key in RATE_KEYS}
        for k in driven:
            for key in rate_linear_keys(config.optimizers[k], T):
                scaled[key][k] = True
    tab = _Tables(coefficient_tables(config, unit_rows=frozenset(driven)), scaled)
    starts = torch.tensor(config.starts, dtype=DTYPE).T          # (2, M)
    with torch.inference_mode():
        plateau = _PlateauRows(config, driven, tab, M, T) if driven else None
        out = _run(surface, config, tab, starts.unsqueeze(1).expand(2, K, M).clone(), T, plateau)
        return _finish(surface, config, tab, *out, plateau)


class _PlateauRows:
    """The loss-driven rows' schedulers (:class:`~optim_core.schedules.Plateau`) and, per
    rate-scaled coefficient, the ``(K, M)`` factor the loop multiplies its table by."""

    def __init__(self, config, driven, tab, M, T):
        K = len(config.optimizers)
        self.rows = torch.tensor(driven)
        self.sched = Plateau([config.optimizers[k] for k in driven], M)
        self.record = torch.empty((T, len(driven), M), dtype=DTYPE)
        self.ones = torch.ones((K, M), dtype=DTYPE)
        self.tab = tab

    def refresh(self):
        rate = self.ones.clone()
        rate[self.rows] = self.sched.rate
        self.factor = {key: torch.where(torch.from_numpy(m).view(-1, 1), rate, 1.0)
                       for key, m in self.tab.scaled.items()}


def _rel(inner: slice | None, outer: slice) -> slice | None:
    return None if inner is None else slice(inner.start - outer.start, inner.stop - outer.start)


def _run(surface, config, tab, p, T, plateau=None):
    """The loop. Layout: positions and state are ``(2, K, M)`` planes (x and y), so every
    operation runs over long contiguous rows; coefficients are ``(K, 1)``."""
    _, K, M = p.shape
    path = torch.empty((T + 1, 2, K, M), dtype=DTYPE)
    eff = torch.empty((T, 2, K, M), dtype=DTYPE) if config.record_rates else None
    path[0] = p
    p = path[0]
    gen = torch.Generator().manual_seed(config.seed) if config.noise > 0 else None
    raw = tab.raw
    # Rows whose first moment is the gradient itself (a1 = 0, b1 = 1) take their
    # numerator from g: fold nm into ng so the m stage runs on the other rows only.
    plain = np.all(raw["a1"] == 0, axis=0) & np.all(raw["b1"] == 1, axis=0)
    raw["ng"] = raw["ng"] + np.where(plain, raw["nm"], 0.0)
    raw["nm"] = np.where(plain, 0.0, raw["nm"])
    if plateau is not None:   # and so does a rate-scaled nm
        tab.scaled["ng"] = tab.scaled["ng"] | (plain & tab.scaled["nm"])
        tab.scaled["nm"] = tab.scaled["nm"] & ~plain
    sw, sd, sm = tab.span("wdc"), tab.span("dec"), tab.span("nm", "a1")
    sv, sk = tab.span("a2", "b2", "v0", "kmax"), tab.span("kmax")
    # the denominator's rows cover every row that keeps a second moment: RAdam keeps V
    # while its rectification is off (q = c = 0, the defaults), beside rows that use it
    sD = tab.span("q", "c", "e_in", "e_out", "a2", "b2", "v0", "kmax", "ac", "bc", "amsk")
    sc, sa = tab.span("ac", "bc"), tab.span("amsk")
    sA, sM, sP = tab.span("c_ad"), tab.span("mu2"), tab.span("post")
    wdc, decm1 = tab.get("wdc", sw), tab.get("dec", sd)
    decm1 = [d - 1.0 for d in decm1] if sd else decm1
    a1, b1, nm, ng = tab.get("a1", sm), tab.get("b1", sm), tab.get("nm", sm), tab.get("ng")
    a2, b2 = tab.get("a2", sv), tab.get("b2", sv)
    kmax, emax = tab.get("kmax", sk), tab.get("emax", sk)
    ac, bc, amsk = tab.get("ac", sc), tab.get("bc", sc), tab.get("amsk", sa)
    q, c, e_in, e_out = (tab.get(k, sD) for k in ("q", "c", "e_in", "e_out"))
    rho_ad, c_ad, eps_ad = (tab.get(k, sA) for k in ("rho_ad", "c_ad", "eps_ad"))
    mu2, post, eta = tab.get("mu2", sM), tab.get("post", sP), tab.get("eta")
    if plateau is not None:   # the loss-driven rows' factors, cut to each stage's rows
        spans = {"nm": sm, "post": sP, "dec": sd}
        cut = {key: spans.get(key) or slice(None) for key in RATE_KEYS}
        plateau.refresh()
        scale = {key: f[cut[key]] for key, f in plateau.factor.items()}
        rows = plateau.rows
    zeros = torch.zeros_like(p)
    m = zeros[:, sm].clone() if sm else None
    v = (zeros + tab.get("v0")[0])[:, sv].clone() if sv else None
    ga = zeros[:, sc].clone() if sc else None
    vmax = zeros[:, sa].clone() if sa else None
    acc = zeros[:, sA].clone() if sA else None
    buf = zeros[:, sM].clone() if sM else None
    denom = torch.ones_like(p)
    den = denom[:, sD] if sD else None
    if sD:   # stages that read the denominator's rows, relative to them
        vrel, crel, arel = _rel(sv, sD), _rel(sc, sD), _rel(sa, sD)
    noise, clip = config.noise, config.clip
    grad_xy = surface.grad_xy
    batches = config.batches()
    if batches is not None:   # mini-batch: each step's gradient from its batch of the data
        data = surface.data
        grad_xy = None
    same_rows = sD == sv and not sc and not sa
    for t in range(T):
        if plateau is not None:   # the loss before this step decides the next step's rate
            step_loss = (surface.f(p[0, rows], p[1, rows]) if grad_xy else   # the batch's loss
                         data.value(p[0, rows], p[1, rows], batches[t]))
            plateau.record[t] = plateau.sched.rate
            ng_t, nm_t, post_t = ng[t] * scale["ng"], nm[t] * scale["nm"], post[t] * scale["post"]
            dec_t, eta_t = decm1[t] * scale["dec"], eta[t] * scale["eta"]
        else:
            ng_t, nm_t, post_t, dec_t, eta_t = ng[t], nm[t], post[t], decm1[t], eta[t]
        g = torch.stack(grad_xy(p[0], p[1]) if grad_xy else data.grad(p[0], p[1], batches[t]))
        if gen is not None:
            z = torch.randn((M, 2), generator=gen, dtype=DTYPE)
            g.add_(z.T.unsqueeze(1), alpha=noise)
        if clip > 0:
            n = torch.addcmul(g[0] * g[0], g[1], g[1]).sqrt_()
            g.mul_(torch.clamp(clip / (n + 1e-6), max=1.0))
        if sw:
            g[:, sw].addcmul_(p[:, sw], wdc[t])
        num = g * ng_t
        if sm:
            m.mul_(a1[t]).addcmul_(g[:, sm], b1[t])
            num[:, sm].addcmul_(m, nm_t)
        if sv:
            v.mul_(a2[t]).addcmul_(g[:, sv].square(), b2[t])
            if sk:
                vk = v[:, _rel(sk, sv)]
                torch.maximum(vk, (g[:, sk].abs() + emax[t]).square_().mul_(kmax[t]), out=vk)
        if sD:
            if same_rows:
                vd = v
            else:
                vd = torch.zeros_like(den)
                vd[:, vrel] = v
            if sc:
                ga.mul_(ac[t]).addcmul_(g[:, sc], bc[t])
                vd[:, crel].addcmul_(ga, ga, value=-1.0)
            if sa:
                torch.maximum(vmax.mul_(amsk[t]), vd[:, arel], out=vmax)
                vd[:, arel] = vmax
            torch.mul(vd, q[t], out=den)
            if sA:
                den.add_(e_in[t])
            den.sqrt_().mul_(c[t]).add_(e_out[t])
            num.div_(denom)
        if sA:
            r = (acc + eps_ad[t]).sqrt_()
            num[:, sA].mul_(r)
            acc.mul_(rho_ad[t]).addcmul_(num[:, sA].square(), c_ad[t])
        if sM:
            buf.mul_(mu2[t]).add_(num[:, sM])
            num[:, sM] = buf
        if sP:
            num[:, sP].mul_(post_t)
        nxt = path[t + 1]
        torch.sub(p, num, out=nxt)
        if sd:
            nxt[:, sd].addcmul_(p[:, sd], dec_t)
        if eff is not None:
            e = torch.div(eta_t, denom, out=eff[t])
            if sA:
                e[:, sA].mul_(r)
        p = nxt
        if plateau is not None and plateau.sched.step(step_loss):
            plateau.refresh()
            scale = {key: f[cut[key]] for key, f in plateau.factor.items()}
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
