"""Basin map speed (issue 18): the Basins page's workload against batched torch.optim.

Workload: 128 x 128 starts (16,384) x 6 optimizers x 300 steps on Himmelblau.
- reference: batched torch.optim (one optimizer object per registry entry on one
  (16384, 2) parameter, zero_grad / loss / backward / step), keeping only the end points
  (all a basin map needs), then the same labelling.
- ours: :func:`optim_core.basins.basin_map` (critical-point finder, cached per surface or
  anew; every start in one call of the fused kernel; labelling), and its parts.
- the page: AppTest reruns for a new configuration, the same one and every cache cleared,
  beside the Compare page's reruns in the same process (issue 18's target).
Both in one process, one torch thread; the ratio is printed, and how far apart the ends of
the two are (the same runs, to round-off; chaotic runs can amplify it).

Run: `python -m bench basins`.
"""
from __future__ import annotations

import statistics
import time

import numpy as np
import torch

from optim_core import OPTIMIZERS, OptimizerRun
from optim_core.basins import BasinConfig, basin_map, label_ends, targets

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


N = 7    # runs per measurement: best and median


def _stats(xs) -> tuple[float, float]:
    return min(xs), statistics.median(xs)


def _timed(f) -> float:
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def main() -> dict:
    from optim_core.basins import _critical, basin_ends, label_basins
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

    res = basin_map(cfg)
    ours, finder, engine, labels = [], [], [], []
    for _ in range(N):
        ours.append(_timed(lambda: basin_map(cfg)))
        _critical.cache_clear()
        finder.append(_timed(lambda: basin_map(cfg)))
    e, d = basin_ends(cfg)
    for _ in range(N):
        engine.append(_timed(lambda: basin_ends(cfg)))
        labels.append(_timed(lambda: label_basins(cfg, e, d)))
    steps = len(RUNS) * cfg.resolution ** 2 * cfg.steps

    ok = ~bad & (res.diverged_at.reshape(len(RUNS), -1) < 0)
    diff = np.abs(res.ends.reshape(len(RUNS), -1, 2) - ends)[ok]
    same = (res.labels.reshape(len(RUNS), -1) == ref_labels).mean()
    ms = {k: tuple(v * 1e3 for v in _stats(x)) for k, x in
          (("ours", ours), ("finder", finder), ("engine", engine), ("labels", labels))}
    print(f"basin map 128x128 starts x 6 optimizers x 300 steps (Himmelblau), 1 thread; "
          f"best / median of {N}:\n"
          f"  batched torch.optim ends + labels {ref:.2f} s (once)\n"
          f"  basin_map, finder cached   {ms['ours'][0]:6.1f} / {ms['ours'][1]:6.1f} ms  ->  "
          f"{ref / min(ours):.0f}x\n"
          f"  basin_map, finder anew     {ms['finder'][0]:6.1f} / {ms['finder'][1]:6.1f} ms\n"
          f"  engine alone (basin_ends)    {ms['engine'][0]:6.1f} / {ms['engine'][1]:6.1f} ms  "
          f"({min(engine) / steps * 1e9:.2f} ns per optimizer step)\n"
          f"  labels (label_basins)         {ms['labels'][0]:6.1f} / {ms['labels'][1]:6.1f} ms\n"
          f"  ends agree to {diff.max():.1e} (max |diff|, median {np.median(diff):.1e}); "
          f"labels equal for {same:.4%} of runs")
    page = page_times(cfg)
    return {"reference": ref, "ours": min(ours), "engine": min(engine),
            "ratio": ref / min(ours), **page}


def page_times(cfg: BasinConfig, n: int = N) -> dict:
    """The Basins page under AppTest opened on ``cfg`` by its link, against the Compare
    page's reruns measured in the same process (bench.compare_page): a NEW configuration
    by the page's own widgets (one optimizer's rate: one row of the map runs; every
    optimizer's rate: every row runs), the same configuration again (Streamlit's floor),
    and a rerun with every cache cleared (a new surface: the finder and the race too)."""
    import sys
    from pathlib import Path

    import streamlit as st
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest

    from app import urlstate
    from app.cache import CACHE
    from bench.compare_page import page_reruns
    from optim_core.basins import _critical
    at = AppTest.from_file(ENTRY, default_timeout=600)
    at.query_params["cfg"] = urlstate.encode(cfg.to_dict())
    at.run()
    at.switch_page("pages/basins.py").run()
    assert not at.exception, at.exception

    def rerun() -> float:
        dt = _timed(at.run)
        assert not at.exception, at.exception
        return dt
    out = {"one": [], "all": [], "same": [], "cleared": []}
    for i in range(n):
        for r in cfg.optimizers[:1]:          # a new rate for SGD
            at.session_state[f"bas.hp.himmelblau.{r.name}.lr"] = r.hp["lr"] * (1 + (i + 1) / 1e3)
        out["one"].append(rerun())
        out["same"].append(rerun())
        for r in cfg.optimizers:              # a new rate for every optimizer
            at.session_state[f"bas.hp.himmelblau.{r.name}.lr"] = r.hp["lr"] * (1 - (i + 1) / 1e3)
        out["all"].append(rerun())
        st.cache_data.clear()
        st.cache_resource.clear()
        CACHE.clear()               # the app's one cache: maps, rows, figures
        _critical.cache_clear()     # the finder's points
        out["cleared"].append(rerun())
    sizes = [len(c.proto.spec.encode()) for c in at.get("plotly_chart")]
    cmp = page_reruns(n)
    ms = {k: tuple(v * 1e3 for v in _stats(x)) for k, x in out.items()}
    cm = {k: tuple(v * 1e3 for v in cmp[k]) for k in ("page_new", "page_same")}
    print(f"page reruns (AppTest), best / median of {n}:\n"
          f"  Basins, new config: one optimizer's rate {ms['one'][0]:6.0f} / {ms['one'][1]:6.0f} ms\n"
          f"  Basins, new config: every rate           {ms['all'][0]:6.0f} / {ms['all'][1]:6.0f} ms\n"
          f"  Basins, same config                      {ms['same'][0]:6.0f} / {ms['same'][1]:6.0f} ms\n"
          f"  Basins, every cache cleared              {ms['cleared'][0]:6.0f} / "
          f"{ms['cleared'][1]:6.0f} ms\n"
          f"  Compare, new config (start moved)        {cm['page_new'][0]:6.0f} / "
          f"{cm['page_new'][1]:6.0f} ms\n"
          f"  Compare, same config                     {cm['page_same'][0]:6.0f} / "
          f"{cm['page_same'][1]:6.0f} ms\n"
          f"  Basins figures {sum(sizes) / 1e6:.2f} MB "
          f"({', '.join(f'{s / 1e3:.0f} kB' for s in sizes)})")
    return {f"page_{k}": min(v) for k, v in out.items()} | {
        "compare_new": cmp["page_new"][0], "payload_mb": sum(sizes) / 1e6}


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
