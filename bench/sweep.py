"""Learning-rate sweep (issue 5): 64 rates x 6 optimizers x 500 steps as one batched run,
against the same 384 runs one after another through the same engine. Also: what a
loss-driven schedule (reduce-on-plateau, decided inside the loop) costs the engine.

Run: `python -m bench sweep`. Prints times and ratios (no assertions).
"""
from __future__ import annotations

import time
from functools import partial

import numpy as np

from bench.core import runs as core_runs
from optim_core import OptimizerRun, SimConfig, simulate

KEYS = ("sgd", "momentum", "rmsprop", "adagrad", "adam", "nadam")


def best_of(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def sweep() -> float:
    rates = np.geomspace(1e-4, 1.0, 64)
    runs = tuple(OptimizerRun(k, (("lr", float(r)),)) for k in KEYS for r in rates)
    cfg = SimConfig(surface="rosenbrock", optimizers=runs, steps=500, record_rates=False)
    simulate(SimConfig(surface="rosenbrock", optimizers=runs[:2], steps=10))   # warm-up
    batched = simulate(cfg)
    one = best_of(lambda: simulate(cfg), 3)
    t = time.perf_counter()
    paths = [simulate(SimConfig(surface="rosenbrock", optimizers=(r,), steps=500,
                                record_rates=False)).path[0] for r in runs]
    seq = time.perf_counter() - t
    same = all(np.array_equal(batched.path[i], p) for i, p in enumerate(paths))
    print(f"sweep 6 optimizers x 64 rates x 500 steps: one batched run {one:.3f} s, 384 runs "
          f"one after another {seq:.2f} s  ->  {seq / one:.1f}x (target >= 20x); "
          f"identical paths: {same}")
    return seq / one


def plateau_cost() -> None:
    """The W1 configuration (12 optimizers x 1000 steps on Rosenbrock) with and without
    reduce-on-plateau on every row, 1 and 64 starts."""
    for starts in (((-1.5, 2.0),), tuple((-1.5 + 0.01 * i, 2.0) for i in range(64))):
        base = SimConfig(surface="rosenbrock", optimizers=core_runs(), steps=1000, starts=starts)
        plat = SimConfig(surface="rosenbrock", steps=1000, starts=starts, optimizers=tuple(
            OptimizerRun(r.name, r.params, schedule="reduce_on_plateau",
                         schedule_params=(("patience", 5),)) for r in core_runs()))
        a, b = best_of(partial(simulate, base), 5), best_of(partial(simulate, plat), 5)
        drops = int((np.diff(simulate(plat).lr_runs, axis=2) != 0).sum())
        print(f"reduce-on-plateau, 12 optimizers x {len(starts)} start(s) x 1000 steps: constant "
              f"{a * 1e3:.1f} ms, plateau on every run {b * 1e3:.1f} ms ({b / a:.2f}x; "
              f"{drops} rate drops decided in the loop)")


def main() -> dict:
    ratio = sweep()
    plateau_cost()
    return {"ratio": ratio}


if __name__ == "__main__":
    import torch
    torch.set_num_threads(1)
    main()
