"""The largest request each limit accepts, run for real: CPU time and peak memory.

`python -m bench limits` (or `python -m bench.limits [kind ...]`). Every request is built
from the core's own limits (``LIMITS``, ``max_points``, ``max_epochs``, ...), never from
numbers written here, and runs in a fresh process so its peak memory (ru_maxrss) is its
own; the baseline is the same process after its imports, before the request.
"""
from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import time
from contextlib import redirect_stdout

OPTS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "amsgrad", "radam")
LONG_FORMULA = "+".join(["sin(x*1.1)*cos(y)+exp(-x*y)"] * 4)   # 119 syntax-tree nodes


def _starts(m: int) -> tuple:
    import numpy as np
    return tuple((float(x), float(y)) for x, y in np.random.default_rng(0).uniform(-1, 1, (m, 2)))


def _sim(record_rates: bool, **surface):
    from optim_core import OptimizerRun, SimConfig, simulate
    from optim_core.config import max_points
    cap = max_points(surface.get("surface", "formula"), surface.get("surface_params", ()),
                     surface.get("formula"), record_rates)
    m = 512 if cap >= 8 * 512 * 100 else 2
    steps = min(cap // (len(OPTS) * m), 10_000)
    cfg = SimConfig(optimizers=tuple(OptimizerRun(k) for k in OPTS), starts=_starts(m),
                    steps=steps, record_rates=record_rates, **surface)
    return (lambda: simulate(cfg)), f"{len(OPTS)} optimizers x {m} starts x {steps} steps"


def _cli():
    from optim_core.cli import main
    from optim_core.config import BYTES_PER_NUMBER, LIMITS
    m = 16
    steps = min(LIMITS["output_bytes"] // (len(OPTS) * m * 3 * BYTES_PER_NUMBER) - 1, 10_000)
    cfg = {"surface": "rosenbrock", "optimizers": list(OPTS), "starts": _starts(m),
           "steps": steps, "record_rates": False}

    def run():
        sys.stdin = io.StringIO(json.dumps(cfg))
        out = io.StringIO()
        with redirect_stdout(out):
            assert main(["simulate", "--config", "-"]) == 0
        return len(out.getvalue())
    return run, f"CLI simulate, {len(OPTS)} x {m} starts x {steps} steps"


def _net(n_opts: int, **params):
    from optim_core import OptimizerRun
    from optim_core.nets import NET_PARAMS, NetConfig, max_epochs, train
    values = {**{p.name: p.default for p in NET_PARAMS}, **params}
    epochs = min(1000, max_epochs(values, n_opts))
    opts = tuple(OptimizerRun(k) for k in OPTS[:n_opts])
    while True:   # the weight snapshots may bound it first: the largest accepted
        try:
            cfg = NetConfig(tuple({**values, "epochs": epochs}.items()), opts)
            break
        except ValueError:
            epochs -= max(1, epochs // 20)
    shown = ", ".join(f"{k} {v}" for k, v in params.items()) or "default settings"
    return (lambda: train(cfg)), f"{n_opts} optimizers, {shown}, {epochs} epochs"


def _escape():
    from optim_core.config import LIMITS
    from optim_core.escape import ESCAPE_EXTRA, EscapeConfig, escape_lab
    steps, sigmas = 5000, len(EscapeConfig().sigmas)   # the longest runs, every level
    cap = int(LIMITS["work"] // (1 + ESCAPE_EXTRA))
    seeds = min(512, (cap - steps) // (4 * steps * sigmas))
    cfg = EscapeConfig(steps=steps, seeds=int(seeds))
    what = f"escape lab, {cfg.steps} steps x {cfg.seeds} seeds x {len(cfg.sigmas)} noise levels"
    return (lambda: escape_lab(cfg)), what


def _escape_learned():
    from optim_core import SURFACES
    from optim_core.escape import default_escape, escape_lab
    cfg = default_escape("logistic_ce", SURFACES["logistic_ce"].start)
    what = f"escape lab, {cfg.steps} steps x {cfg.seeds} seeds x {len(cfg.sigmas)} levels"
    return (lambda: escape_lab(cfg)), what


KINDS = {
    "simulate, rates recorded (analytic)": lambda: _sim(True, surface="rosenbrock"),
    "simulate, no rates (analytic)": lambda: _sim(False, surface="rosenbrock"),
    "simulate, 119-node formula": lambda: _sim(True, formula=LONG_FORMULA),
    "simulate, logistic_ce n=1000": lambda: _sim(True, surface="logistic_ce",
                                                 surface_params=(("n", 1000),)),
    "simulate, logistic_mse n=1000": lambda: _sim(True, surface="logistic_mse",
                                                  surface_params=(("n", 1000),)),
    "CLI simulate at the output cap": _cli,
    "network: batch 1, n 2000": lambda: _net(8, batch_size=1, n=2000),
    "network: defaults": lambda: _net(8),
    "network: width 128, depth 6, batch norm, full batch": lambda: _net(
        2, width=128, depth=6, batch_norm="on", batch_size=0, n=2000),
    "escape lab (lecture_w1w2)": _escape,
    "escape lab, logistic_ce defaults (Saddles page)": _escape_learned,
}


def one(kind: str) -> dict:
    import torch
    torch.set_num_threads(1)
    run, what = KINDS[kind]()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, w0 = time.process_time(), time.perf_counter()
    run()
    cpu, wall = time.process_time() - t0, time.perf_counter() - w0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"kind": kind, "what": what, "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
            "base_mb": round(base), "peak_mb": round(peak)}


def main(kinds=None) -> list[dict]:
    rows = []
    for kind in kinds or KINDS:
        out = subprocess.run([sys.executable, "-m", "bench.limits", "--one", kind],
                             capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{row['kind']:<52} {row['what']:<62} cpu {row['cpu_s']:6.2f} s  "
              f"wall {row['wall_s']:6.2f} s  peak {row['peak_mb']:5d} MB "
              f"(baseline {row['base_mb']} MB)", flush=True)
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one(sys.argv[2])))
    else:
        main(sys.argv[1:] or None)
