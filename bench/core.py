"""Core speed: the engine against plain torch.optim loops (issue 2).

W1: 12 optimizers x 1 start x 1000 steps on Rosenbrock, against the naive loop (one
    torch.optim optimizer per 2-element parameter: zero_grad, loss, backward, step).
W2: the same 12 optimizers x 4096 starts (64x64 grid) x 500 steps, against batched
    torch.optim (one (4096, 2) parameter per optimizer). Both sides record the same
    outputs per step: positions, loss and gradient norm (float64).

Run: `python -m bench core` (or `make bench`). Prints times and ratios.
"""
from __future__ import annotations

import os
import time

import numpy as np
import torch

from optim_core import OPTIMIZERS, OptimizerRun, SimConfig, simulate, simulate_reference

KEYS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_centered", "adadelta",
        "adam", "amsgrad", "adamw", "nadam", "radam")


def runs() -> tuple:
    out = []
    for k in KEYS:
        spec = OPTIMIZERS[k]
        lr = 1e-3 if not spec.adaptive else spec.params[0].default   # SGD family: Rosenbrock's hint
        out.append(OptimizerRun(k, (("lr", lr),)))
    return tuple(out)


def best_of(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def batched_torch_optim(config: SimConfig) -> None:
    """One torch.optim optimizer per registry entry on one (M, 2) parameter, recording
    positions, loss and gradient norm each step (the engine's outputs)."""
    surface = config.make_surface()
    starts = torch.tensor(config.starts, dtype=torch.float64)
    M, T = len(starts), config.steps
    for run in config.optimizers:
        w = starts.clone().requires_grad_(True)
        opt = OPTIMIZERS[run.name].make([w], **run.hp)
        path = torch.empty((T + 1, M, 2), dtype=torch.float64)
        loss = torch.empty((T + 1, M), dtype=torch.float64)
        gnorm = torch.empty((T + 1, M), dtype=torch.float64)
        path[0] = w.detach()
        for t in range(T):
            opt.zero_grad()
            f = surface.value(w)
            f.sum().backward()
            loss[t] = f.detach()
            torch.linalg.vector_norm(w.grad, dim=-1, out=gnorm[t])
            opt.step()
            path[t + 1] = w.detach()


def main() -> dict:
    w1 = SimConfig(surface="rosenbrock", optimizers=runs(), starts=((-1.5, 2.0),), steps=1000)
    simulate(w1)   # warm-up
    naive = best_of(lambda: simulate_reference(w1), 2)
    ours = best_of(lambda: simulate(w1), 7)
    print(f"W1 12 optimizers x 1 start x 1000 steps: naive torch.optim loop {naive:.3f} s, "
          f"engine {ours * 1e3:.1f} ms  ->  {naive / ours:.1f}x (target >= 30x)")

    g = np.linspace(-2.0, 2.0, 64)
    X, Y = np.meshgrid(g, g)
    grid = tuple(zip(X.ravel().tolist(), (Y.ravel() + 1.0).tolist()))
    w2 = SimConfig(surface="rosenbrock", optimizers=runs(), starts=grid, steps=500,
                   record_rates=False)
    ratios = {}
    threads = torch.get_num_threads()
    for n in sorted({1, torch.get_num_interop_threads(), os.cpu_count() or 1}):
        torch.set_num_threads(n)   # the app runs 1 thread; torch's default is one per core
        batched = best_of(lambda: batched_torch_optim(w2), 2)
        ours2 = best_of(lambda: simulate(w2), 3)
        ratios[n] = batched / ours2
        print(f"W2 12 optimizers x 4096 starts x 500 steps, {n} torch thread(s): batched "
              f"torch.optim {batched:.2f} s, engine {ours2:.2f} s  ->  {batched / ours2:.2f}x "
              f"(target >= 3x)")
    torch.set_num_threads(threads)
    # How much of each is first-touch page faulting of the output buffers (this VM
    # pays ~1.5 ms per MB): allocate and fill the engine's outputs alone.
    t = time.perf_counter()
    K, M, T = len(w2.optimizers), len(grid), w2.steps
    for shape in ((T + 1, K, M, 2), (T + 1, K, M), (T + 1, K, M)):
        torch.empty(shape, dtype=torch.float64).fill_(0.0)
    fault = time.perf_counter() - t
    print(f"   of which allocating + first touch of the {K * M * (T + 1) * 32 / 1e6:.0f} MB of "
          f"outputs costs {fault:.2f} s on this machine (both sides pay it)")
    return {"w1_ratio": naive / ours, "w2_ratios": ratios}


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
