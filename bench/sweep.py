"""Learning-rate sweep (issue 5): 64 rates x 6 optimizers x 500 steps as one batched run,
against the same 384 runs one after another through the same engine."""
from __future__ import annotations

import time

import numpy as np

from optim_core import OptimizerRun, SimConfig, simulate

KEYS = ("sgd", "momentum", "rmsprop", "adagrad", "adam", "nadam")


def main() -> dict:
    rates = np.geomspace(1e-4, 1.0, 64)
    runs = tuple(OptimizerRun(k, (("lr", float(r)),)) for k in KEYS for r in rates)
    cfg = SimConfig(surface="rosenbrock", optimizers=runs, steps=500, record_rates=False)
    simulate(SimConfig(surface="rosenbrock", optimizers=runs[:2], steps=10))   # warm-up
    t = time.perf_counter()
    batched = simulate(cfg)
    one = time.perf_counter() - t
    t = time.perf_counter()
    paths = [simulate(SimConfig(surface="rosenbrock", optimizers=(r,), steps=500,
                                record_rates=False)).path[0] for r in runs]
    seq = time.perf_counter() - t
    same = all(np.array_equal(batched.path[i], p) for i, p in enumerate(paths))
    print(f"sweep 6 optimizers x 64 rates x 500 steps: one batched run {one:.2f} s, 384 runs "
          f"one after another {seq:.2f} s  ->  {seq / one:.1f}x (target >= 20x); "
          f"identical paths: {same}")
    return {"ratio": seq / one}


if __name__ == "__main__":
    import torch
    torch.set_num_threads(1)
    main()
