"""Instant what-if, the view a page shows: the batched run (in the worker pool when big),
the figure and its size, built once per configuration, labels and language."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.explore.figure import explore_figure, surface_png
from optim_core import SimConfig, SimResult


@dataclass(frozen=True)
class ExploreView:
    figure: dict        # the plotly figure, as a plain dict (never modified)
    runs: int
    payload: int        # bytes of the JSON st.plotly_chart sends
    build_ms: float     # simulation + figure on the server, cold


def simulate32(config: SimConfig, progress=None) -> SimResult:
    """The simulation recorded in float32 (what the figure ships): half the memory and
    the transfer from a worker process."""
    from optim_core import simulate
    return simulate(config, record_dtype=np.float32)


def view(kind: str, config: SimConfig, sweeps: tuple, labels: dict, texts=None,
         height: int = 620, start: tuple = (0, 0)) -> ExploreView:
    """The explore figure of ``config`` (one row per combination of ``sweeps``' values),
    once per configuration, labels and language in the app's cache; a big grid runs in the
    worker pool. ``texts(result, surface, grid)`` -> one result line per run (optional;
    ``kind`` names it in the cache key); ``start``: the sliders' first positions."""
    from app.cache import cached, config_key
    from app.text import current_language
    key = (config_key(config), sweeps, tuple(sorted(labels.items())), current_language(),
           height, tuple(start))
    return cached(f"explore.{kind}", key,
                  lambda: _build(config, sweeps, labels, texts, height, tuple(start)))


def _build(config: SimConfig, sweeps: tuple, labels: dict, texts, height: int,
           start: tuple) -> ExploreView:
    import time

    import plotly.io as pio

    from app import workers
    from app.cache import cached, surface_grid
    from app.figures import FrozenFigure
    t0 = time.perf_counter()
    if workers.is_heavy_simulation(config):
        result = workers.run(simulate32, config)
    else:
        result = simulate32(config)
    grid = surface_grid(config.surface, config.surface_params, formula=config.formula,
                        bounds=config.bounds)
    png = cached("explore.png", (config.surface, config.surface_params, config.formula,
                                 config.bounds), lambda: surface_png(grid.z),
                 size_of=len)   # the picture: once per surface (it costs more than the runs)
    surface = config.make_surface()
    minima = tuple(k.point for k in surface.known if k.kind == "minimum")
    fig = explore_figure(result, grid, surface.bounds, sweeps, labels, height, minima,
                         texts(result, surface, grid) if texts else None, png, start)
    ms = 1000 * (time.perf_counter() - t0)
    sent = pio.to_json(FrozenFigure(fig), validate=False)   # what st.plotly_chart sends
    return ExploreView(fig, len(config.optimizers), len(sent), ms)
