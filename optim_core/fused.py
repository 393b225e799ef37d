r"""The fused fast path: one compiled loop over optimizers x starts x steps (numba).

It runs the engine's one update rule (see :mod:`optim_core.engine`) on the same
coefficient tables, but as one compiled loop: for each optimizer row and each block of
``BLOCK`` starts, every step evaluates the surface (:mod:`optim_core.fast_surfaces`), adds
noise and clipping, runs the stages that row needs over the block's ``2 x BLOCK`` numbers
(held in cache) and records positions, loss, gradient norm and per-parameter rates, with
divergence detected and frozen on the fly. No torch call, no allocation per step.

It applies to the analytic registry surfaces with a kernel (``FAST_SURFACES``) and every
optimizer and schedule whose rate does not depend on the loss; typed formulas, surfaces
learned from data and reduce-on-plateau take the pure-torch engine, which stays the
reference and the fallback (:func:`applies` says which). Compiled code is cached on disk
(``cache=True``); :func:`warm` loads or compiles it once per process, before any request.

Options no page needs by default: ``every`` records every k-th step (and the last one),
``record_dtype=np.float32`` records in single precision; the state is always float64.
"""
from __future__ import annotations

import math
import time

import numba as nb
import numpy as np
import torch

from .fast_surfaces import FAST_SURFACES, eval_block, surface_arrays

__all__ = ["BLOCK", "applies", "run_arrays", "simulate_fused", "warm"]

BLOCK = 256          # starts per block: the block's state (~30 arrays of 2 x 256) stays in L1/L2
NOISE_CAP = 64e6     # bytes of pre-drawn noise above which noisy runs take the torch engine

# the engine's table rows (engine.TABLE_KEYS): the stages' coefficients, then the rate
KEYS = ("wdc", "a1", "b1", "a2", "b2", "v0", "kmax", "emax", "ac", "bc", "amsk", "q",
        "e_in", "c", "e_out", "rho_ad", "c_ad", "eps_ad", "nm", "ng", "mu2", "wdd", "rate")
(WDC, A1, B1, A2, B2, V0, KMAX, EMAX, AC, BC, AMSK, Q, E_IN, C, E_OUT, RHO_AD, C_AD,
 EPS_AD, NM, NG, MU2, WDD, RATE) = range(len(KEYS))
# per-row stage flags: a stage runs on a row only where its coefficients leave the default
STAGES = {"wd": ("wdc",), "wdd": ("wdd",), "m": ("nm", "a1"), "v": ("a2", "b2", "v0", "kmax"),
          "k": ("kmax",), "den": ("q", "c", "e_in", "e_out"), "c": ("ac", "bc"),
          "ams": ("amsk",), "ad": ("c_ad",), "mu2": ("mu2",)}
(F_WD, F_WDD, F_M, F_V, F_K, F_D, F_C, F_AMS, F_A, F_M2) = range(len(STAGES))


def applies(config, surface=None) -> str | None:
    """None when the fused path runs ``config``, else why it does not (a short reason).
    A ``surface`` passed along must be the configuration's own registry surface (its
    parameters are read from the configuration)."""
    from .engine import TABLE_KEYS
    from .optimizers import get_optimizer
    from .schedules import LOSS_DRIVEN
    if TABLE_KEYS != KEYS:
        return "the engine's coefficient keys changed: the kernel does not know them yet"
    if config.formula is not None:
        return "a typed formula"
    if config.surface not in FAST_SURFACES:
        return f"surface {config.surface!r} has no compiled kernel"
    if surface is not None and (surface.key != config.surface or surface.data is not None):
        return "a surface object other than the configuration's"
    if config.batch_size:
        return "mini-batches"
    if any(r.schedule in LOSS_DRIVEN for r in config.optimizers):
        return "a loss-driven schedule"
    if any(getattr(get_optimizer(r.name), "coeffs", None) is None for r in config.optimizers):
        return "an optimizer outside the coefficient template (the general path)"
    if config.noise > 0 and config.steps * len(config.starts) * 16 > NOISE_CAP:
        return "too much noise to pre-draw"
    return None


def pack(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The engine's ``(keys, K, T)`` table made ready for the kernel (in place: ``arr`` is
    changed and returned), and each row's stage flags ``(K, stages)``. As in the engine,
    rows whose first moment is the gradient itself fold ``nm`` into ``ng``."""
    from .engine import DEFAULT_COEFFS, TABLE_KEYS
    assert TABLE_KEYS == KEYS
    tab = arr
    plain = np.all(tab[A1] == 0, axis=1) & np.all(tab[B1] == 1, axis=1)
    tab[NG, plain] += tab[NM, plain]
    tab[NM, plain] = 0.0
    flags = np.zeros((tab.shape[1], len(STAGES)), dtype=np.uint8)
    for i, keys in enumerate(STAGES.values()):
        for key in keys:
            flags[:, i] |= np.any(tab[KEYS.index(key)] != DEFAULT_COEFFS[key], axis=1)
    return tab, flags


def _noise(config, M: int, T: int) -> np.ndarray:
    """The engine's stream: one (M, 2) standard normal draw per step from the seed."""
    if config.noise <= 0:
        return np.zeros((0, M, 2))
    gen = torch.Generator().manual_seed(config.seed)
    out = torch.empty((T, M, 2), dtype=torch.float64)
    for t in range(T):
        torch.randn((M, 2), generator=gen, dtype=torch.float64, out=out[t])
    return out.numpy()


def record_rows(T: int, every: int) -> tuple[np.ndarray, np.ndarray]:
    """Output row of each position 0..T (and each step 0..T-1), -1 where not recorded:
    every ``every``-th one, and always the last position."""
    pos = np.full(T + 1, -1, dtype=np.int64)
    keep = np.arange(0, T + 1, every)
    if keep[-1] != T:
        keep = np.append(keep, T)
    pos[keep] = np.arange(len(keep))
    step = np.full(T, -1, dtype=np.int64)
    ks = np.arange(0, T, every)
    step[ks] = np.arange(len(ks))
    return pos, step


def run_arrays(sid, prm, tab, flags, starts, noise=None, noise_scale=0.0, clip=0.0,
               bounds=(-1.0, 1.0, -1.0, 1.0), every=1, record_rates=False,
               record_dtype=np.float64):
    """The fused loop on plain arrays: ``starts`` (M, 2), ``tab``/``flags`` from
    :func:`pack`. Returns ``(path (R, 2, K, M), loss (R, K, M), gnorm (R, K, M),
    eff (Re, 2, K, M) or None, first (K, M))`` with R recorded positions."""
    _, K, T = tab.shape
    M = len(starts)
    pos_row, step_row = record_rows(T, every)
    R, Re = int(pos_row.max()) + 1, int(step_row.max()) + 1
    dt = np.dtype(record_dtype)
    path = np.empty((R, 2, K, M), dtype=dt)
    loss = np.empty((R, K, M), dtype=dt)
    gnorm = np.empty((R, K, M), dtype=dt)
    eff = np.empty((Re, 2, K, M) if record_rates else (0, 2, K, M), dtype=dt)
    first = np.empty((K, M), dtype=np.int64)
    xmin, xmax, ymin, ymax = bounds
    center = np.array([(xmin + xmax) / 2, (ymin + ymax) / 2])
    bound = 100.0 * max(xmax - xmin, ymax - ymin)   # engine.BOUND_FACTOR
    noise = np.zeros((0, M, 2)) if noise is None else noise
    _kernel(sid, prm, tab, flags, np.ascontiguousarray(np.asarray(starts, np.float64).T),
            noise, float(noise_scale), float(clip), center, bound, pos_row, step_row,
            path, loss, gnorm, eff, first)
    return path, loss, gnorm, (eff if record_rates else None), first


def simulate_fused(config, every: int = 1, record_dtype=np.float64):
    """:func:`~optim_core.engine.simulate` on the fused path (see :func:`applies`)."""
    from .engine import SimResult, coefficient_array
    arr, lr = coefficient_array(config)
    tab, flags = pack(arr)
    sid, prm = surface_arrays(config.surface, dict(config.surface_params))
    M, T = len(config.starts), config.steps
    surface = config.make_surface()
    path, loss, gnorm, eff, first = run_arrays(
        sid, prm, tab, flags, config.starts, _noise(config, M, T), config.noise, config.clip,
        surface.bounds, every, config.record_rates, record_dtype)
    return SimResult(config, path.transpose(2, 3, 0, 1), loss.transpose(1, 2, 0),
                     gnorm.transpose(1, 2, 0), lr,
                     None if eff is None else eff.transpose(2, 3, 0, 1), first, None)


BIG = float(np.finfo(np.float64).max)


@nb.njit(cache=True, nogil=True, inline="always", error_model="numpy")
def _clean(v):
    """torch.nan_to_num(nan=0, posinf=max): what the engine applies to gnorm and rates."""
    if math.isnan(v):
        return 0.0
    if v > BIG:
        return BIG
    if v < -BIG:
        return -BIG
    return v


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _kernel(sid, prm, tab, flags, starts, noise, nscale, clip, center, bound, pos_row,
            step_row, path, loss, gnorm, eff, first):
    _, K, T = tab.shape
    M = starts.shape[1]
    B = BLOCK
    rec_eff = eff.shape[0] > 0
    noisy = noise.shape[0] > 0
    pa = np.empty(2 * B)        # positions: this step's and (swapped) the previous one's
    pb = np.empty(2 * B)
    f = np.empty(B)
    one = np.empty(3)           # loss and gradient at one point (a freeze)
    ea = np.empty(2 * B)        # rates of the previous step and the one before
    eb = np.empty(2 * B)
    g = np.empty(2 * B)
    num = np.empty(2 * B)
    den = np.empty(2 * B)
    vd_ = np.empty(2 * B)
    r = np.empty(2 * B)
    m = np.empty(2 * B)
    v = np.empty(2 * B)
    ga = np.empty(2 * B)
    vmax = np.empty(2 * B)
    acc = np.empty(2 * B)
    buf = np.empty(2 * B)
    fz_p = np.empty(2 * B)      # a diverged run's frozen position, loss, norm, rate
    fz_f = np.empty(B)
    fz_g = np.empty(B)
    fz_e = np.empty(2 * B)
    fst = np.empty(B, dtype=np.int64)
    cx, cy = center[0], center[1]
    for k in range(K):
        fl = flags[k]
        wd, wdd, hm, hv, hk = fl[F_WD], fl[F_WDD], fl[F_M], fl[F_V], fl[F_K]
        hd, hc, hams, ha, hm2 = fl[F_D], fl[F_C], fl[F_AMS], fl[F_A], fl[F_M2]
        for j0 in range(0, M, B):
            n = min(B, M - j0)
            n2 = 2 * n
            p, p_old = pa, pb
            e_new, e_old = ea, eb   # after a step: e_old = the rates of the step before
            for j in range(n):
                p[j] = starts[0, j0 + j]
                p[n + j] = starts[1, j0 + j]
                fst[j] = -1
            frozen = 0
            v0 = tab[V0, k, 0]
            for i in range(n2):
                m[i] = 0.0
                v[i] = v0 if hv else 0.0
                ga[i] = 0.0
                vmax[i] = 0.0
                acc[i] = 0.0
                buf[i] = 0.0
                den[i] = 1.0
                r[i] = 1.0
                e_new[i] = 0.0
                e_old[i] = 0.0
            for t in range(T + 1):
                eval_block(sid, prm, p[:n], p[n:n2], f, g[:n], g[n:n2], n)
                # divergence: the first position out of bounds or with a non-finite loss
                nbad = 0
                for j in range(n):
                    bad = ((abs(p[j] - cx) > bound) | (abs(p[n + j] - cy) > bound)
                           | (f[j] - f[j] != 0.0))
                    nbad += bad & (fst[j] < 0)
                if nbad > 0:
                    for j in range(n):
                        if fst[j] < 0 and (abs(p[j] - cx) > bound or abs(p[n + j] - cy) > bound
                                           or not np.isfinite(f[j])):
                            fst[j] = t
                            frozen += 1
                            if t == 0:
                                fz_p[j], fz_p[n + j], fz_f[j] = p[j], p[n + j], f[j]
                                fz_g[j] = np.sqrt(g[j] * g[j] + g[n + j] * g[n + j])
                            else:   # the last good point's loss and gradient, again
                                fz_p[j], fz_p[n + j] = p_old[j], p_old[n + j]
                                eval_block(sid, prm, p_old[j:j + 1], p_old[n + j:n + j + 1],
                                           one[0:1], one[1:2], one[2:3], 1)
                                fz_f[j] = one[0]
                                fz_g[j] = np.sqrt(one[1] * one[1] + one[2] * one[2])
                            if rec_eff and t >= 1:   # rates from the last good step on: frozen
                                src = e_old if t >= 2 else e_new
                                fz_e[j], fz_e[n + j] = src[j], src[n + j]
                                row = step_row[t - 1]
                                if row >= 0:
                                    eff[row, 0, k, j0 + j] = _clean(fz_e[j])
                                    eff[row, 1, k, j0 + j] = _clean(fz_e[n + j])
                row = pos_row[t]
                if row >= 0:
                    for j in range(n):
                        path[row, 0, k, j0 + j] = p[j]
                        path[row, 1, k, j0 + j] = p[n + j]
                        loss[row, k, j0 + j] = f[j]
                        gnorm[row, k, j0 + j] = _clean(np.sqrt(g[j] * g[j] + g[n + j] * g[n + j]))
                    if frozen:
                        for j in range(n):
                            if fst[j] >= 0:
                                path[row, 0, k, j0 + j] = fz_p[j]
                                path[row, 1, k, j0 + j] = fz_p[n + j]
                                loss[row, k, j0 + j] = fz_f[j]
                                gnorm[row, k, j0 + j] = _clean(fz_g[j])
                if t == T:
                    break
                # the update as named stages (each below); a row runs the ones it needs
                if noisy:
                    _add_noise(g, noise, t, j0, n, nscale)
                if clip > 0:
                    _clip_per_run(g, n, clip)
                if wd:
                    _weight_decay(g, p, tab[WDC, k, t], n2)
                if hm:
                    _first_moment(num, g, m, tab[A1, k, t], tab[B1, k, t], tab[NM, k, t],
                                  tab[NG, k, t], n2)
                else:
                    _gradient_term(num, g, tab[NG, k, t], n2)
                fast = hv and hd and not (hk or hc or hams)
                if fast:   # the common adaptive rows: second moment and normalize, one pass
                    _adam_normalize(num, g, v, den, tab[A2, k, t], tab[B2, k, t], tab[Q, k, t],
                                    tab[E_IN, k, t], tab[C, k, t], tab[E_OUT, k, t], n2)
                else:
                    if hv:
                        _second_moment(v, g, tab[A2, k, t], tab[B2, k, t], n2)
                        if hk:
                            _infinity_moment(v, g, tab[KMAX, k, t], tab[EMAX, k, t], n2)
                    if hd:
                        if hc:
                            _center(vd_, v, ga, g, tab[AC, k, t], tab[BC, k, t], n2)
                        else:
                            vd_[:n2] = v[:n2]
                        if hams:
                            _running_max(vd_, vmax, tab[AMSK, k, t], n2)
                        _normalize(num, den, vd_, tab[Q, k, t], tab[E_IN, k, t], tab[C, k, t],
                                   tab[E_OUT, k, t], n2)
                if ha:
                    _adadelta_scale(num, r, acc, tab[EPS_AD, k, t], tab[RHO_AD, k, t],
                                    tab[C_AD, k, t], n2)
                if hm2:
                    _momentum_buffer(num, buf, tab[MU2, k, t], n2)
                if wdd:
                    _decoupled_weight_decay(num, p, tab[WDD, k, t], n2)
                # scale by the learning rate (the one place it enters) and apply, into the
                # other buffer: the old position stays for a freeze
                eta = tab[RATE, k, t]
                _scale_and_apply(p_old, p, num, eta, n2)
                p, p_old = p_old, p
                if rec_eff:
                    e_new, e_old = e_old, e_new
                    for i in range(n2):
                        e_new[i] = eta / den[i]
                    if ha:
                        for i in range(n2):
                            e_new[i] *= r[i]
                    row = step_row[t]
                    if frozen or t == 0:
                        for j in range(n):
                            if fst[j] == 0 and t == 0:   # diverged at the start: step 0's
                                fz_e[j], fz_e[n + j] = e_new[j], e_new[n + j]
                    if row >= 0:
                        for j in range(n):
                            eff[row, 0, k, j0 + j] = _clean(e_new[j])
                            eff[row, 1, k, j0 + j] = _clean(e_new[n + j])
                        if frozen:
                            for j in range(n):
                                if fst[j] >= 0:
                                    eff[row, 0, k, j0 + j] = _clean(fz_e[j])
                                    eff[row, 1, k, j0 + j] = _clean(fz_e[n + j])
            for j in range(n):
                first[k, j0 + j] = fst[j]


# --- the stages: each a small loop over a block's 2 x n numbers, inlined into the kernel ---

_stage = nb.njit(cache=True, nogil=True, inline="always", error_model="numpy")


@_stage
def _add_noise(g, noise, t, j0, n, scale):
    """g += sigma z: the step's shared standard normal draw (the engine's stream)."""
    for j in range(n):
        g[j] += scale * noise[t, j0 + j, 0]
        g[n + j] += scale * noise[t, j0 + j, 1]


@_stage
def _clip_per_run(g, n, clip):
    """Each run's gradient scaled to norm <= clip (torch's clip_grad_norm_)."""
    for j in range(n):
        c = clip / (np.sqrt(g[j] * g[j] + g[n + j] * g[n + j]) + 1e-6)
        if c > 1.0:  # noqa: PLR1730  (not min: NaN stays NaN, as torch.clamp)
            c = 1.0
        g[j] *= c
        g[n + j] *= c


@_stage
def _weight_decay(g, p, wd, n2):
    """L2 decay coupled into the gradient: g += wd w."""
    for i in range(n2):
        g[i] += p[i] * wd


@_stage
def _gradient_term(num, g, ng, n2):
    """The numerator of rows whose first moment is the gradient itself."""
    for i in range(n2):
        num[i] = g[i] * ng


@_stage
def _first_moment(num, g, m, a1, b1, nm, ng, n2):
    """m <- a1 m + b1 g; numerator ng g + nm m (Nesterov and Nadam use both)."""
    for i in range(n2):
        mi = m[i] * a1 + g[i] * b1
        m[i] = mi
        num[i] = g[i] * ng + mi * nm


@_stage
def _adam_normalize(num, g, v, den, a2, b2, q, e_in, c, e_out, n2):
    """_second_moment and _normalize in one pass (the same operations, in the same order)."""
    for i in range(n2):
        vi = v[i] * a2 + g[i] * g[i] * b2
        v[i] = vi
        d = np.sqrt(vi * q + e_in) * c + e_out
        den[i] = d
        num[i] /= d


@_stage
def _second_moment(v, g, a2, b2, n2):
    """V <- a2 V + b2 g^2."""
    for i in range(n2):
        v[i] = v[i] * a2 + g[i] * g[i] * b2


@_stage
def _infinity_moment(v, g, kmax, emax, n2):
    """Adamax: V <- max(V, kmax (|g| + eps)^2), so sqrt(V) is the infinity norm."""
    for i in range(n2):
        u = abs(g[i]) + emax
        v[i] = max(v[i], u * u * kmax)


@_stage
def _center(vd, v, ga, g, ac, bc, n2):
    """Centered RMSProp: the running mean of g, and V minus its square."""
    for i in range(n2):
        ga[i] = ga[i] * ac + g[i] * bc
        vd[i] = v[i] - ga[i] * ga[i]


@_stage
def _running_max(vd, vmax, amsk, n2):
    """AMSGrad: the running maximum of V (torch.maximum: NaN wins)."""
    for i in range(n2):
        vm = vmax[i] * amsk
        vmax[i] = vm if (vm >= vd[i] or math.isnan(vm)) else vd[i]
        vd[i] = vmax[i]


@_stage
def _normalize(num, den, vd, q, e_in, c, e_out, n2):
    """num /= sigma, sigma = c sqrt(q V + e_in) + e_out (bias corrections live in q, c)."""
    for i in range(n2):
        den[i] = np.sqrt(vd[i] * q + e_in) * c + e_out
    for i in range(n2):
        num[i] /= den[i]


@_stage
def _adadelta_scale(num, r, acc, eps, rho, cad, n2):
    """AdaDelta: num *= sqrt(D + eps), then D <- rho D + (1 - rho) num^2."""
    for i in range(n2):
        r[i] = np.sqrt(acc[i] + eps)
        num[i] *= r[i]
        acc[i] = acc[i] * rho + num[i] * num[i] * cad


@_stage
def _momentum_buffer(num, buf, mu2, n2):
    """RMSProp's momentum on the normalized step: b <- mu b + num."""
    for i in range(n2):
        buf[i] = buf[i] * mu2 + num[i]
        num[i] = buf[i]


@_stage
def _decoupled_weight_decay(num, p, wdd, n2):
    """AdamW's decay, outside the normalization: u += wd w."""
    for i in range(n2):
        num[i] += p[i] * wdd


@_stage
def _scale_and_apply(p_new, p, num, eta, n2):
    """Scale by the learning rate, u <- eta u (the one place it enters), then apply:
    w <- w - u (one pass, the same operations in the same order)."""
    for i in range(n2):
        p_new[i] = p[i] - num[i] * eta


def warm(verbose: bool = False) -> float:
    """Load (or compile and cache on disk) every compiled kernel: call once per process,
    before any request. Returns the seconds it took."""
    t0 = time.perf_counter()
    from .config import OptimizerRun, SimConfig
    from .optimizers import OPTIMIZERS
    cfg = SimConfig(surface="bowl", optimizers=tuple(OptimizerRun(k) for k, o in OPTIMIZERS.items()
                                                     if o.coeffs is not None),
                    steps=3, noise=0.1, clip=1.0)
    simulate_fused(cfg)
    simulate_fused(SimConfig.from_dict({**cfg.to_dict(), "record_rates": False}),
                   every=2, record_dtype=np.float32)
    dt = time.perf_counter() - t0
    if verbose:
        print(f"fused kernels ready in {dt:.2f} s")
    return dt
