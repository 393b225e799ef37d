"""Instant what-if sliders (issue 19), the server's side: for each explore view, the time
to build the figure (one batched simulation of every setting + the figure dict + its JSON)
as a ratio to ONE run of the same optimizer, the same runs one after another, and the
payload the browser receives. The browser's redraw time per slider step is measured by
tests/test_momentum_browser.py (written to tests/artifacts/explore_redraw.json).

Run: `python -m bench explore`. Prints times and ratios (no assertions).
"""
from __future__ import annotations

import time

import plotly.io as pio

from app import explore
from app.figures import FrozenFigure
from optim_core import SURFACES, SimConfig, simulate
from optim_core.grid import evaluate_grid

STEPS = 300
LABELS = {**{k: k for k in ("title", "x", "y", "step", "loss", "play", "pause",
                                 *explore.SWEEPABLE)},
          "final": "final loss {loss:.3g} after {steps} steps", "diverged": "diverged at {step}"}
VIEWS = (   # name, surface, optimizer, base lr, sliders as (param, values)
    ("momentum: lr x 64", "ill_conditioned", "momentum", 0.05, (("lr", 64),)),
    ("momentum: lr 32 x momentum 16", "ill_conditioned", "momentum", 0.05,
     (("lr", 32), ("momentum", 16))),
    ("adam: beta1 32 x beta2 16", "rosenbrock", "adam", 0.05, (("betas[0]", 32), ("betas[1]", 16))),
)


def best_of(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def view(surface, optimizer, lr, sliders) -> dict:
    sweeps = tuple(explore.Sweep(p, explore.sweep_values(optimizer, p, n, lr)) for p, n in sliders)
    start = SURFACES[surface].start
    config = explore.explore_config({"surface": surface}, optimizer, {"lr": lr}, sweeps, STEPS,
                                    start)
    single = SimConfig(surface=surface, optimizers=config.optimizers[:1], starts=(start,),
                       steps=STEPS, record_rates=False)
    simulate(single)                                                  # warm-up
    grid = evaluate_grid(config.make_surface(), 160)
    bounds = config.make_surface().bounds

    def build():
        result = simulate(config)
        fig = explore.explore_figure(result, grid, bounds, sweeps, LABELS)
        return pio.to_json(FrozenFigure(fig), validate=False)   # what st.plotly_chart sends

    one = best_of(lambda: simulate(single), 9)
    batched = best_of(lambda: simulate(config), 3)
    total = best_of(build, 3)
    t = time.perf_counter()
    for run in config.optimizers:
        simulate(SimConfig(surface=surface, optimizers=(run,), starts=(start,), steps=STEPS,
                           record_rates=False))
    seq = time.perf_counter() - t
    payload = len(build())
    res = simulate(config)
    return {"runs": len(config.optimizers), "one": one, "batched": batched, "total": total,
            "seq": seq, "payload": payload,
            "points": len(explore.kept_steps(len(config.optimizers), STEPS)),
            "diverged": int((res.diverged_at >= 0).sum())}


def main() -> None:
    print(f"explore views, {STEPS} steps, from each surface's start (best of 3; one run best of 9):")
    for name, surface, optimizer, lr, sliders in VIEWS:
        v = view(surface, optimizer, lr, sliders)
        print(f"  {name} on {surface}: {v['runs']} runs ({v['diverged']} diverge), "
              f"{v['points']} points each; one run {v['one'] * 1e3:.1f} ms; batched simulation "
              f"{v['batched'] * 1e3:.0f} ms ({v['batched'] / v['one']:.1f}x one run); figure "
              f"built + serialized {v['total'] * 1e3:.0f} ms ({v['total'] / v['one']:.1f}x one "
              f"run); the same runs one by one {v['seq'] * 1e3:.0f} ms "
              f"({v['seq'] / v['batched']:.0f}x the batch); payload {v['payload'] / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
