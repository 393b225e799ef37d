"""Compare page (issues 3 and 13): what a new configuration costs against the simulation it
shows, part by part, and the size of the figures sent to the browser.

Three levels, each for a NEW configuration (the start moved by 0.001: the same surface,
so its grid and map image are already made, as when a student changes a rate or a start):

* the core simulation alone (``simulate``);
* the page's bundle (``app.compare.view.compare_view``: simulation, five figures as plain
  dicts, table, JSON, script) — what the page computes for a configuration;
* the whole page rerun under AppTest after moving the start, against a rerun of the same
  configuration (every value cached): the difference is the configuration's own cost, the
  rest is Streamlit running the script and its ~30 widgets.

Also the bundle with every cache cleared (a new surface too). Best and median of N; the
machine is shared, so medians move between runs.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
N = 15


def _stats(xs) -> tuple[float, float]:
    return min(xs), statistics.median(xs)


def _moved(cfg, i: int):
    from dataclasses import replace
    (x, y), *rest = cfg.starts
    return replace(cfg, starts=((x + 0.001 * (i + 1), y), *rest))


def core_and_bundle(cfg, n: int = N) -> dict:
    """Simulation alone vs the page's bundle, for new configurations on one surface; and
    the bundle with every cache cleared."""
    from app.cache import CACHE
    from app.compare.view import compare_view
    from optim_core import simulate
    compare_view(_moved(cfg, 10_000))          # imports, grid and map image of the surface
    sims, views, colds = [], [], []
    for i in range(n):
        c = _moved(cfg, i)
        t = time.perf_counter()
        simulate(c)
        sims.append(time.perf_counter() - t)
        t = time.perf_counter()
        compare_view(c)
        views.append(time.perf_counter() - t)
        CACHE.clear()
        c = _moved(cfg, n + i)
        t = time.perf_counter()
        compare_view(c)
        colds.append(time.perf_counter() - t)
    return {"sim": _stats(sims), "bundle": _stats(views), "bundle_cold": _stats(colds)}


def page_reruns(n: int = N) -> dict:
    """AppTest: a rerun after moving the start (new configuration) and a rerun without a
    change (the same configuration: everything cached, Streamlit's own floor)."""
    from conftest import app_test
    at = app_test("compare")
    x0 = at.number_input(key="cmp.x").value
    new, same = [], []
    for i in range(n):
        at.number_input(key="cmp.x").set_value(x0 + 0.001 * (i + 1))
        t = time.perf_counter()
        at.run()
        new.append(time.perf_counter() - t)
        assert not at.exception, at.exception
        t = time.perf_counter()
        at.run()
        same.append(time.perf_counter() - t)
    sizes = [len(c.proto.spec.encode()) for c in at.get("plotly_chart")]
    return {"page_new": _stats(new), "page_same": _stats(same),
            "payload_mb": sum(sizes) / 1e6, "charts": len(sizes)}


def main() -> dict:
    from app.compare.form import DEFAULT
    from optim_core import SimConfig
    cfg = SimConfig.from_dict({**DEFAULT, "optimizers": list(DEFAULT["optimizers"])})
    out = {**core_and_bundle(cfg), **page_reruns()}
    ms = {k: tuple(v * 1e3 for v in out[k]) for k in
          ("sim", "bundle", "bundle_cold", "page_new", "page_same")}
    sim = ms["sim"][0]
    print(f"default config: {len(cfg.optimizers)} optimizers x {cfg.steps} steps on "
          f"{cfg.surface}; best / median of {N}")
    print(f"core simulation                      {ms['sim'][0]:7.2f} / {ms['sim'][1]:7.2f} ms")
    print(f"bundle, new config (same surface)    {ms['bundle'][0]:7.2f} / {ms['bundle'][1]:7.2f}"
          f" ms  ({ms['bundle'][0] / sim:.1f}x the simulation; target <= 2x)")
    print(f"bundle, every cache cleared          {ms['bundle_cold'][0]:7.2f} / "
          f"{ms['bundle_cold'][1]:7.2f} ms")
    print(f"page rerun, new config (AppTest)     {ms['page_new'][0]:7.1f} / "
          f"{ms['page_new'][1]:7.1f} ms")
    print(f"page rerun, same config (floor)      {ms['page_same'][0]:7.1f} / "
          f"{ms['page_same'][1]:7.1f} ms")
    print(f"  -> a new configuration adds {ms['page_new'][0] - ms['page_same'][0]:.1f} ms "
          f"(best) / {ms['page_new'][1] - ms['page_same'][1]:.1f} ms (median) to a rerun")
    print(f"figure payload {out['payload_mb']:.2f} MB over {out['charts']} charts")
    return out


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
