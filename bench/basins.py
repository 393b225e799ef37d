"""Basin map speed (issue 18): the Basins page's workload against batched torch.optim.

Workload: 128 x 128 starts (16,384) x 6 optimizers x 300 steps on Himmelblau.
- reference: batched torch.optim (one optimizer object per registry entry on one
  (16384, 2) parameter, zero_grad / loss / backward / step), keeping only the end points
  (all a basin map needs), then the same labelling.
- ours: :func:`optim_core.basins.basin_map` (critical-point finder, the engine in chunks of
  starts, labelling), and its engine part alone.
Both in one process, one torch thread; the ratio is printed, and how far apart the ends of
the two are (the same runs, to round-off; chaotic runs can amplify it).

Run: `python -m bench basins`.
"""
from __future__ import annotations

import time

import numpy as np
import torch

from optim_core import OPTIMIZERS, OptimizerRun, simulate
from optim_core.basins import BASIN_LIMITS, BasinConfig, basin_map, label_ends, targets
from optim_core.config import LIMITS

RUNS = (OptimizerRun("sgd", (("lr", 0.01),)), OptimizerRun("momentum", (("lr", 0.01),)),
        OptimizerRun("nesterov", (("lr", 0.01),)), OptimizerRun("rmsprop", (("lr", 0.01),)),
        OptimizerRun("adam", (("lr", 0.1),)), OptimizerRun("adagrad", (("lr", 0.5),)))


def reference_ends(config: BasinConfig) -> tuple[np.ndarray, np.ndarray]:
    """End points and divergence of every run by batched torch.optim loops."""
    surface = config.make_surface()
    starts = torch.tensor(config.starts(), dtype=torch.float64)
    K, N = len(config.optimizers), len(starts)
    ends, bad = np.empty((K, N, 2)), np.zeros((K, N), dtype=bool)
    for k, run in enumerate(config.optimizers):
        w = starts.clone().requires_grad_(True)
        opt = OPTIMIZERS[run.name].make([w], **run.hp)
        for _ in range(config.steps):
            opt.zero_grad()
            surface.value(w).sum().backward()
            opt.step()
        ends[k] = w.detach().numpy()
        bad[k] = ~np.isfinite(ends[k]).all(-1)
    return ends, bad


def main() -> dict:
    cfg = BasinConfig("himmelblau", RUNS, resolution=128, steps=300)
    small = BasinConfig("himmelblau", RUNS, resolution=16, steps=20)
    basin_map(small)          # warm-up
    reference_ends(small)

    t = time.perf_counter()
    ends, bad = reference_ends(cfg)
    surface = cfg.make_surface()
    _, _, _, cand, owner = targets(cfg, surface)
    from optim_core.basins import typical_gradient
    gtol = cfg.grad_tol * typical_gradient(surface, cfg.starts())
    ref_labels = label_ends(surface, ends, bad, cand, owner, cfg.arrive_radius, gtol)
    ref = time.perf_counter() - t

    t = time.perf_counter()
    res = basin_map(cfg)
    ours = time.perf_counter() - t

    starts = cfg.starts()
    chunk = min(LIMITS["starts"], BASIN_LIMITS["chunk_points"] // (len(RUNS) * 2))  # ends only
    t = time.perf_counter()
    for s in range(0, len(starts), chunk):
        simulate(cfg.sim_config(starts[s:s + chunk]), every=cfg.steps)
    engine = time.perf_counter() - t
    t = time.perf_counter()
    full = max(1, BASIN_LIMITS["chunk_points"] // (len(RUNS) * (cfg.steps + 1)))
    for s in range(0, len(starts), full):
        simulate(cfg.sim_config(starts[s:s + full]))
    whole = time.perf_counter() - t

    ok = ~bad & (res.diverged_at.reshape(len(RUNS), -1) < 0)
    diff = np.abs(res.ends.reshape(len(RUNS), -1, 2) - ends)[ok]
    same = (res.labels.reshape(len(RUNS), -1) == ref_labels).mean()
    print(f"basin map 128x128 starts x 6 optimizers x 300 steps (Himmelblau), 1 thread:\n"
          f"  batched torch.optim ends + labels {ref:.2f} s\n"
          f"  basin_map (finder + engine + labels) {ours:.2f} s  ->  {ref / ours:.2f}x\n"
          f"  engine alone ({-(-len(starts) // chunk)} chunks of {chunk} starts) {engine:.2f} s"
          f"  ->  {ref / engine:.2f}x\n"
          f"  engine recording whole paths (before: {-(-len(starts) // full)} chunks) "
          f"{whole:.2f} s  ->  {ref / whole:.2f}x\n"
          f"  ends agree to {diff.max():.1e} (max |diff|, median {np.median(diff):.1e}); "
          f"labels equal for {same:.4%} of runs")
    page = page_times(cfg)
    return {"reference": ref, "ours": ours, "engine": engine, "whole_paths": whole,
            "ratio": ref / ours, **page}


def page_times(cfg: BasinConfig) -> dict:
    """The Basins page under AppTest opened on ``cfg`` by its link: a rerun with every cache
    cleared (a new configuration) and a rerun of the same configuration."""
    import sys
    from pathlib import Path

    import streamlit as st
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest

    from app import urlstate
    from app.cache import CACHE
    at = AppTest.from_file(ENTRY, default_timeout=600)
    at.query_params["cfg"] = urlstate.encode(cfg.to_dict())
    at.run()
    at.switch_page("pages/basins.py").run()
    assert not at.exception, at.exception
    cold, warm = [], []
    for _ in range(2):
        st.cache_data.clear()
        st.cache_resource.clear()
        CACHE.clear()               # the app's one cache: maps, figures
        t = time.perf_counter()
        at.run()
        cold.append(time.perf_counter() - t)
        t = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - t)
    sizes = [len(c.proto.spec.encode()) for c in at.get("plotly_chart")]
    print(f"Basins page at that configuration (AppTest, both tabs): rerun with caches "
          f"cleared {min(cold):.2f} s, same configuration {min(warm) * 1e3:.0f} ms; figures "
          f"{sum(sizes) / 1e6:.2f} MB ({', '.join(f'{s / 1e3:.0f} kB' for s in sizes)})")
    return {"page_cold": min(cold), "page_warm": min(warm), "payload_mb": sum(sizes) / 1e6}


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
