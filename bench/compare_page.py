"""Compare page (issue 3): the cost of a full rerun against the simulation it shows, and
the size of the figures sent to the browser.

A rerun is measured under AppTest with the caches cleared (cold: the page computes the
simulation and the grid, builds and serializes every figure) and warm (cached core calls).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import streamlit as st
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main() -> dict:
    from conftest import app_test

    from app.cache import CACHE
    from app.urlstate import decode
    from optim_core import SimConfig, simulate
    at = app_test("compare")                       # warm the imports
    raw = at.query_params["cfg"]
    cfg = SimConfig.from_dict(decode(raw if isinstance(raw, str) else raw[0]))
    sims = []
    for _ in range(5):
        t = time.perf_counter()
        simulate(cfg)
        sims.append(time.perf_counter() - t)
    sim = min(sims)
    parts = view_parts(cfg)
    cold, warm = [], []
    for _ in range(5):
        st.cache_data.clear()
        st.cache_resource.clear()
        CACHE.clear()               # the app's one cache: simulation, figure bundle, figures
        t = time.perf_counter()
        at.run()
        cold.append(time.perf_counter() - t)
        t = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - t)
    charts = at.get("plotly_chart")
    sizes = [len(c.proto.spec.encode()) for c in charts]
    total = sum(sizes) / 1e6
    print(f"default config: {len(cfg.optimizers)} optimizers x {cfg.steps} steps on {cfg.surface}")
    print(f"core simulation {sim * 1e3:.1f} ms; full page rerun cold {min(cold) * 1e3:.0f} ms "
          f"({min(cold) / sim:.1f}x the simulation; target <= 2x), warm {min(warm) * 1e3:.0f} ms")
    print(f"figure payload {total:.2f} MB over {len(sizes)} charts "
          f"({', '.join(f'{s / 1e3:.0f} kB' for s in sizes)}; target <= 2 MB)")
    print("a new configuration's view bundle, built directly (best of 5): "
          + ", ".join(f"{k} {v * 1e3:.1f} ms" for k, v in parts.items()))
    return {"sim": sim, "cold": min(cold), "warm": min(warm), "payload_mb": total, **parts}


def view_parts(cfg) -> dict:
    """What a new configuration costs beyond the widgets, part by part: the simulation, the
    surface grid, the five figures (plain dicts), the table and the CSV / JSON / script."""
    import pandas as pd

    from app.compare import figures as F
    from app.compare.form import results_rows
    from app.exporters import config_json, reproduction_script
    from optim_core import simulate
    from optim_core.grid import evaluate_grid
    best: dict[str, float] = {}
    surface = cfg.make_surface()
    for _ in range(5):
        t0 = time.perf_counter()
        res = simulate(cfg)
        t1 = time.perf_counter()
        grid = evaluate_grid(surface, 160)
        t2 = time.perf_counter()
        F.trajectory_figure(surface, grid, res, title="t", slider_label="s", play="p", pause="q")
        F.surface3d_figure(surface, grid, res, title="t", zlabel="z")
        F.series_figure(res, res.loss[:, 0], title="t", ylabel="y", log=True)
        F.series_figure(res, res.grad_norm[:, 0], title="t", ylabel="y", log=True)
        F.rate_figure(res, title="t", ylabel="y", xname="x", yname="y")
        t3 = time.perf_counter()
        pd.DataFrame(results_rows(res, surface, F.labels(res), grid.z))
        config_json(cfg), reproduction_script(cfg)      # the CSV is made when downloaded
        t4 = time.perf_counter()
        for name, dt in (("simulation", t1 - t0), ("grid", t2 - t1), ("figures", t3 - t2),
                         ("table+exports", t4 - t3)):
            best[name] = min(best.get(name, 1e9), dt)
    return best


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
