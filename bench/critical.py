"""Critical-point finder speed (issue 4): all critical points of Himmelblau from a 40 x 40
grid of starts, in one batched Levenberg-Marquardt solve, against a loop of
``scipy.optimize.root`` over the same starts.

The reference gets the same derivatives the finder uses: the gradient as the residual
and the Hessian as its Jacobian, both through ``torch.func`` in float64 (variant A), or
the hand-written analytic gradient with the torch.func Hessian (variant B, cheaper per
call). Both sides then verify (gradient small, inside the bounds), deduplicate and
classify; the script checks that both found the same set of points and types.
Variant C gives scipy hand-written numpy derivatives of Himmelblau: the fastest the
reference can be, but it needs a human to differentiate each surface (no typed formulas,
no learned surfaces), so it is shown for honesty, not as the target.

Learned surfaces (issue 12): the finder with the torch.func derivatives (what it used
before: vmap over the starts of jacfwd(grad) of the data loss) against the closed-form
``DataLoss.hess_grad`` (all starts x data in one pass), same grid, same answer checked.

Run: `python -m bench critical` (or `make bench`). Prints times and ratios.
"""
from __future__ import annotations

import time

import numpy as np
import scipy.optimize
import torch
from torch.func import grad, hessian

from optim_core import CriticalConfig, find_critical_points, get_surface
from optim_core.critical import classify, start_grid


def best_of(fn, n: int):
    times, out = [], None
    for _ in range(n):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def _himmel_numpy():
    """Hand-written numpy gradient and Hessian of Himmelblau (variant C only)."""
    def fun(p):
        x, y = p
        a, b = x * x + y - 11, x + y * y - 7
        return np.array([4 * x * a + 2 * b, 2 * a + 4 * y * b])

    def jac(p):
        x, y = p
        return np.array([[12 * x * x + 4 * y - 42, 4 * (x + y)],
                         [4 * (x + y), 4 * x + 12 * y * y - 26]])
    return fun, jac


def scipy_loop(config: CriticalConfig, variant: str) -> list[tuple]:
    """One scipy.optimize.root (hybr, with Jacobian) per start; verify, dedupe, classify."""
    s = config.make_surface()
    def f(p):
        return s.value(p)
    g_func, h_func = grad(f), hessian(f)
    xmin, xmax, ymin, ymax = config.domain
    size = np.hypot(xmax - xmin, ymax - ymin)

    def fun(p):
        t = torch.from_numpy(p)
        return (s.grad(t) if variant == "B" else g_func(t)).numpy()

    def jac(p):
        return h_func(torch.from_numpy(p)).numpy()

    if variant == "C":
        fun, jac = _himmel_numpy()

    found: list[tuple] = []
    for x0 in start_grid(config.domain, config.grid):
        sol = scipy.optimize.root(fun, x0, jac=jac, method="hybr", options={"xtol": 1e-13})
        x = sol.x
        if not (sol.success and np.all(np.isfinite(x)) and xmin <= x[0] <= xmax
                and ymin <= x[1] <= ymax and np.linalg.norm(fun(x)) < 1e-6):
            continue
        if any(np.linalg.norm(x - q[0]) < 1e-6 * size for q in found):
            continue
        lam = np.linalg.eigvalsh(jac(x))
        found.append((x, classify(lam)))
    return found


def same_set(ours, theirs, tol=1e-6) -> bool:
    if len(ours) != len(theirs):
        return False
    for p in ours:
        if not any(np.linalg.norm(p.point - x) < tol and p.kind == k for x, k in theirs):
            return False
    return True


def main() -> None:
    torch.set_num_threads(1)
    config = CriticalConfig("himmelblau", grid=40)
    find_critical_points(config)                        # warm up torch.func
    t_ours, res = best_of(lambda: find_critical_points(config), 5)
    print(f"Himmelblau, {config.grid}x{config.grid} = {config.grid ** 2} starts")
    print(f"  batched LM finder (ours)            {t_ours * 1e3:8.1f} ms  "
          f"({res.iterations} iterations, {len(res.points)} points: {res.counts()})")
    for name in ("A: torch.func gradient + Hessian", "B: analytic gradient + torch.func Hessian",
                 "C: hand-written numpy gradient + Hessian"):
        t_ref, ref = best_of(lambda n=name: scipy_loop(config, n[0]), 2)
        ok = same_set(res.points, ref)
        print(f"  scipy.optimize.root loop, {name:<42} {t_ref * 1e3:8.1f} ms  "
              f"ratio {t_ref / t_ours:6.1f}x  same set: {ok}")
    surface = get_surface("himmelblau")
    print(f"  (known points of the registry: {len(surface.known)})")
    learned()


LEARNED = (("logistic_ce", ()), ("logistic_mse", ()), ("linreg", ()), ("quadfit", ()),
           ("scaling_raw", ()), ("scaling_std", ()), ("logistic_ce", (("n", 1000),)),
           ("logistic_mse", (("n", 1000),)))


def learned() -> None:
    """Learned surfaces: torch.func derivatives (before) against the closed form (now)."""
    print("Learned surfaces, 40x40 starts: torch.func derivatives vs closed form")
    for key, params in LEARNED:
        config = CriticalConfig(key, params)
        find_critical_points(config)                                  # data, warm-up
        t_new, new = best_of(lambda c=config: find_critical_points(c), 3)
        t_old, old = best_of(lambda c=config: find_critical_points(c, closed_form=False), 1)
        same = (len(new.points) == len(old.points)
                and all(a.kind == b.kind and np.abs(a.point - b.point).max() <= 1e-8
                        for a, b in zip(new.points, old.points)))
        print(f"  {key:<13} {dict(params)!s:<12} torch.func {t_old:7.2f} s   closed form "
              f"{t_new * 1e3:7.1f} ms   ratio {t_old / t_new:6.1f}x   "
              f"({new.iterations} it., {len(new.points)} points, same to 1e-8: {same})",
              flush=True)


if __name__ == "__main__":
    main()
