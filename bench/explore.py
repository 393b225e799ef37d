"""Instant what-if sliders (issue 19), the server's side: for each explore view, the time
to build the figure (one batched simulation of every setting + the figure dict + its JSON)
as a ratio to ONE run of the same optimizer, the same runs one after another, and the
payload the browser receives. The views: the Momentum page's, the Compare page's explore tab
(its ?explore= settings over the page's default race, result lines included) and the
lesson's gradient-descent and momentum scenes. The browser's redraw time per slider step
is measured by tests/test_momentum_browser.py and tests/test_explore_browser.py (written to
tests/artifacts/explore_redraw*.json).

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

    def build(png=None):
        result = explore.simulate32(config)
        fig = explore.explore_figure(result, grid, bounds, sweeps, LABELS, png=png)
        return pio.to_json(FrozenFigure(fig), validate=False)   # what st.plotly_chart sends

    one = best_of(lambda: simulate(single), 9)
    batched = best_of(lambda: explore.simulate32(config), 3)
    total = best_of(build, 3)
    png = explore.surface_png(grid.z)
    warm = best_of(lambda: build(png), 3)     # the surface's picture cached (as the app does)
    t = time.perf_counter()
    for run in config.optimizers:
        simulate(SimConfig(surface=surface, optimizers=(run,), starts=(start,), steps=STEPS,
                           record_rates=False))
    seq = time.perf_counter() - t
    payload = len(build())
    res = simulate(config)
    return {"runs": len(config.optimizers), "one": one, "batched": batched, "total": total,
            "warm": warm, "seq": seq, "payload": payload,
            "points": len(explore.kept_steps(len(config.optimizers), STEPS)),
            "diverged": int((res.diverged_at >= 0).sum())}


def page_views() -> list:
    """(name, base config, ExploreConfig): the Compare tab's and the lesson scenes' views."""
    from app.compare.form import DEFAULT
    from app.controls import suggested_lr
    from app.lesson.scenes import GD_ETA, GD_ETA_EXPLORE, MOMENTUM, MOMENTUM_EXPLORE
    from optim_core import OptimizerRun
    race = SimConfig(surface=DEFAULT["surface"], steps=DEFAULT["steps"], optimizers=tuple(
        OptimizerRun(k, (("lr", suggested_lr(k, DEFAULT["surface"])),))
        for k in DEFAULT["optimizers"]))
    lr = race.optimizers[1].hp["lr"]
    return [
        ("compare: SGD lr x 64 (default race)", race, explore.ExploreConfig(0, (
            explore.default_span("sgd", "lr", 64, race.optimizers[0].hp["lr"]),))),
        ("compare: momentum lr 32 x momentum 16", race, explore.ExploreConfig(1, (
            explore.Span("lr", 32, lr / 100, lr * 10), explore.Span("momentum", 16, 0.0, 0.99)))),
        ("compare: Adam lr 128 (default race)", race, explore.ExploreConfig(3, (
            explore.default_span("adam", "lr", 128, race.optimizers[3].hp["lr"]),))),
        ("lesson: GD eta x 96 (bowl)", GD_ETA, GD_ETA_EXPLORE),
        ("lesson: momentum 34 x eta 5 (ravine)", MOMENTUM, MOMENTUM_EXPLORE),
    ]


def page_view(base, ex) -> dict:
    """One page view as the app builds it (app.explore.sweep_config, simulate32, the
    Compare result lines, explore_figure, the JSON sent)."""
    from app.compare.explore import MAX_STEPS, labels, result_lines
    config = explore.sweep_config(base, ex, MAX_STEPS)
    surface = config.make_surface()
    single = SimConfig(**{**config.__dict__, "optimizers": config.optimizers[:1]})
    simulate(single)                                                  # warm-up
    grid = evaluate_grid(surface, 160)
    lab = labels(config.optimizers[0].name, surface.key, surface.axes)
    minima = tuple(k.point for k in surface.known if k.kind == "minimum")

    def build(png=None):
        result = explore.simulate32(config)
        fig = explore.explore_figure(result, grid, surface.bounds, ex.sweeps(), lab, 620,
                                     minima, result_lines(result, surface, grid), png)
        return pio.to_json(FrozenFigure(fig), validate=False)

    one = best_of(lambda: simulate(single), 9)
    batched = best_of(lambda: explore.simulate32(config), 3)
    total = best_of(build, 3)
    png = explore.surface_png(grid.z)
    warm = best_of(lambda: build(png), 3)     # the surface's picture cached (as the app does)
    t = time.perf_counter()
    for run in config.optimizers[:64]:      # the first 64 one by one, scaled to all
        simulate(SimConfig(**{**config.__dict__, "optimizers": (run,)}))
    seq = (time.perf_counter() - t) * len(config.optimizers) / min(64, len(config.optimizers))
    res = explore.simulate32(config)
    return {"runs": len(config.optimizers), "one": one, "batched": batched, "total": total,
            "warm": warm, "seq": seq, "payload": len(build()), "steps": config.steps,
            "points": len(explore.kept_steps(len(config.optimizers), config.steps)),
            "diverged": int((res.diverged_at >= 0).sum())}


def _line(v: dict) -> str:
    return (f"{v['points']} points each; one run {v['one'] * 1e3:.1f} ms; batched simulation "
            f"{v['batched'] * 1e3:.0f} ms ({v['batched'] / v['one']:.1f}x one run); figure "
            f"built + serialized {v['total'] * 1e3:.0f} ms ({v['total'] / v['one']:.0f}x one "
            f"run), {v['warm'] * 1e3:.0f} ms with the surface's picture cached "
            f"({v['warm'] / v['one']:.0f}x); the same runs one by one {v['seq'] * 1e3:.0f} ms "
            f"({v['seq'] / v['batched']:.0f}x the batch); payload {v['payload'] / 1e3:.0f} kB")


def main() -> None:
    print(f"explore views, {STEPS} steps, from each surface's start (best of 3; one run best of 9):")
    for name, surface, optimizer, lr, sliders in VIEWS:
        v = view(surface, optimizer, lr, sliders)
        print(f"  {name} on {surface}: {v['runs']} runs ({v['diverged']} diverge), {_line(v)}")
    print("the pages' views (app.explore.sweep_config; Compare's result lines; the same runs "
          "one by one: the first 64 timed, scaled):")
    for name, base, ex in page_views():
        v = page_view(base, ex)
        print(f"  {name}: {v['runs']} runs x {v['steps']} steps ({v['diverged']} diverge), "
              f"{_line(v)}")


if __name__ == "__main__":
    main()
