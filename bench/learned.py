"""Learned surfaces (issue 6).

1. A 51x51 loss-landscape slice of a 2-32-32-2 tanh MLP on 1,000 points: the reference
   tool's serial loop (write the weights, evaluate; one grid point at a time) against
   ``optim_core.landscape.slice_values``, same values; in float64 (the app's dtype: one
   point at a time in numpy without allocation, tanh through exp with the first layer's
   exp factored on the grid, see ``landscape._TanhNet``) and float32 (torch's default:
   blocks of 4 grid points, one batched matrix product per layer).
2. The largest and the smallest Hessian eigenvalue near a saddle of a ~10k-parameter MLP
   (1,500 full-batch Adam steps from a symmetric initialization; indefinite Hessian),
   each to 1e-3 of |lambda|max: Hessian-vector products used by Lanczos against power
   iteration (PyHessian's method, shifted for the smallest), both stopped by an oracle
   (the first product count whose estimate is within the tolerance of the true value),
   and with their own stopping rules.

Run: `python -m bench learned`. Prints times, counts and ratios (no assertions).
"""
from __future__ import annotations

import time

import numpy as np
import torch

from optim_core.hessian import HVP, lanczos
from optim_core.landscape import random_plane, slice_serial, slice_values
from optim_core.nets import NetConfig, build_model, flat, loss_fn


def _data(config):
    d = config.data()
    return torch.tensor(d.x_train, dtype=torch.float64), torch.tensor(d.y_train)


def best_of(fn, n, clock=time.perf_counter):
    out, best = None, float("inf")
    for _ in range(n):
        t = clock()
        out = fn()
        best = min(best, clock() - t)
    return best, out


def _both(fn, n):
    """Best wall time and best CPU time of this process (``time.process_time``: steadier
    on a shared machine, as in the core engine's figures) over ``n`` calls each."""
    wall, out = best_of(fn, n)
    cpu, _ = best_of(fn, n, time.process_time)
    return wall, cpu, out


def landscape() -> dict:
    cfg = NetConfig((("n", 1334), ("val_fraction", 0.25), ("width", 32), ("depth", 2),
                     ("activation", "tanh")))
    x, y = _data(cfg)
    assert len(y) == 1000
    out = {}
    for name, dtype in (("float64", torch.float64), ("float32", torch.float32)):
        model = build_model(cfg).to(dtype)
        xd = x.to(dtype)
        plane = random_plane(model, flat(model), seed=0)
        slice_values(model, plane, xd, y, loss_fn, n=5)   # warm-up
        w_ref, c_ref, z_ref = _both(
            lambda m=model, p=plane, xd=xd: slice_serial(m, p, xd, y, loss_fn, n=51), 2)
        w_vec, c_vec, (_, z) = _both(
            lambda m=model, p=plane, xd=xd: slice_values(m, p, xd, y, loss_fn, n=51), 3)
        err = float(np.abs(z - z_ref).max() / np.abs(z_ref).max())
        print(f"51x51 slice, 2-32-32-2 tanh, 1000 points, {name}: serial loop {w_ref:.3f} s "
              f"(CPU {c_ref:.3f} s), slice_values {w_vec:.3f} s (CPU {c_vec:.3f} s)  ->  "
              f"{w_ref / w_vec:.1f}x wall, {c_ref / c_vec:.1f}x CPU (target >= 3x); "
              f"max relative difference {err:.1e}")
        out[name] = c_ref / c_vec
    return out


def _symmetric_saddle(width=100, steps=1500):
    """A 2-100-100-2 tanh MLP (10,602 weights) started from a symmetric initialization (in
    each hidden layer every unit has the same weights) and trained by full-batch Adam:
    every unit keeps getting the same gradient, so the network stays on the symmetric
    subspace, heading for its saddle. Not exactly critical (the gradient norm is printed);
    the Hessian there is indefinite."""
    cfg = NetConfig((("n", 1334), ("width", width), ("depth", 2), ("activation", "tanh"),
                     ("epochs", 1), ("batch_size", 0)))
    x, y = _data(cfg)
    model = build_model(cfg)
    with torch.no_grad():
        first, hidden, out = model.layers[0][0], model.layers[1][0], model.out
        first.weight.copy_(first.weight[:1].expand_as(first.weight))
        first.bias.fill_(float(first.bias[0]))
        hidden.weight.fill_(float(hidden.weight[0, 0]))
        hidden.bias.fill_(float(hidden.bias[0]))
        out.weight.copy_(out.weight[:, :1].expand_as(out.weight))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    return model, x, y


def _power_trace(hvp, n, shift, count, gen, truth, tol):
    """Estimates of power iteration on ``H - shift I`` after each product, until one is
    within ``tol`` of ``truth`` or ``count`` products were used."""
    v = torch.randn(n, generator=gen, dtype=torch.float64)
    v /= v.norm()
    est = []
    for _ in range(count):
        hv = hvp(v) - shift * v
        est.append(float(hv @ v) + shift)
        v = hv / hv.norm()
        if abs(est[-1] - truth) <= tol:
            break
    return np.array(est)


def _first_within(est, truth, tol):
    ok = np.flatnonzero(np.abs(np.asarray(est) - truth) <= tol)
    return int(ok[0]) + 1 if len(ok) else None


def hessian(cap: int = 2000) -> dict:
    model, x, y = _symmetric_saddle()
    hvp = HVP(model, x, y, loss_fn)
    grad_norm = float(torch.func.grad(hvp.loss)(hvp.theta).norm())
    t = time.perf_counter()
    truth = lanczos(hvp, hvp.n, tol=1e-10, max_iter=800, seed=7)
    t_truth = time.perf_counter() - t
    lmax, lmin = truth.largest, truth.smallest
    tol = 1e-3 * max(abs(lmax), abs(lmin))
    print(f"near the symmetric saddle of a 2-100-100-2 tanh MLP ({hvp.n:,} weights, gradient norm "
          f"{grad_norm:.1e}): lambda_max {lmax:.6g}, lambda_min {lmin:.6g} (Lanczos to 1e-10: "
          f"{truth.products} products, {t_truth:.1f} s); tolerance 1e-3 |lambda|max = {tol:.2e}")
    # Lanczos: the first product count where both Ritz values are within tol
    run = lanczos(hvp, hvp.n, tol=1e-12, max_iter=800, seed=0)
    hist = np.array(run.history)
    both = np.flatnonzero((np.abs(hist[:, 1] - lmax) <= tol) & (np.abs(hist[:, 2] - lmin) <= tol))
    n_lanczos = int(hist[both[0], 0]) if len(both) else None
    own = lanczos(hvp, hvp.n, tol=1e-3, max_iter=800, seed=0)
    # power iteration: largest |lambda| first, then shifted by it
    gen = torch.Generator().manual_seed(0)
    first, second = (lmax, lmin) if abs(lmax) >= abs(lmin) else (lmin, lmax)
    top = _power_trace(hvp, hvp.n, 0.0, cap, gen, first, tol)
    n_top = _first_within(top, first, tol)
    shift = float(top[-1])
    low = _power_trace(hvp, hvp.n, shift, cap, gen, second, tol)
    n_low = _first_within(low, second, tol)
    n_power = None if n_top is None or n_low is None else n_top + n_low
    from optim_core.hessian import power_iteration
    hvp.count = 0
    ph = power_iteration(hvp, hvp.n, tol=1e-3, max_iter=cap, seed=0)
    fmt = lambda n: f"not within tolerance in {cap} products" if n is None else f"{n} products"
    print(f"  Lanczos (full re-orthogonalization), oracle stop: {fmt(n_lanczos)}; own residual "
          f"stop at 1e-3: {own.products} products -> {own.largest:.6g} / {own.smallest:.6g}")
    print(f"  power iteration, oracle stop: largest {fmt(n_top)}, shifted smallest "
          f"{fmt(n_low)}, total {fmt(n_power)}")
    print(f"  power iteration, PyHessian's stop (relative change < 1e-3): {ph.products} products "
          f"-> {ph.largest:.6g} / {ph.smallest:.6g} (errors {abs(ph.largest - lmax):.1e} / "
          f"{abs(ph.smallest - lmin):.1e})")
    if n_lanczos and n_power:
        print(f"  -> {n_power / n_lanczos:.1f}x fewer products with Lanczos (target >= 3x)")
    elif n_lanczos:
        print(f"  -> power iteration did not reach the tolerance in {2 * cap} products; Lanczos "
              f"needed {n_lanczos} (>= {2 * cap / n_lanczos:.1f}x fewer; target >= 3x)")
    return {"lanczos": n_lanczos, "power": n_power}


def main() -> dict:
    return {"slice": landscape(), "hessian": hessian()}


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
