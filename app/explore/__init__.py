"""Instant what-if: one figure carrying every run of a hyper-parameter grid, and Plotly
sliders that switch between them in the browser, with no round trip to the server.

The engine runs the grid in one batched call (K rows = one optimizer at K settings). The
figure is a plain dict of float32 typed arrays (base64) over a PNG of the surface, built
once per configuration:

- slider A (the first hyper-parameter) plays a frame per value: each frame swaps the
  paths, loss curves and result texts of the traces (``animate``, no redraw);
- slider B (the second one, optional) shows one of those trace groups (``restyle`` of
  ``visible``), so the two sliders compose: A picks the data, B picks the group.

The package: ``sweeps`` (what is swept, a page's settings, the batched config), ``figure``
(the figure dict) and ``build`` (the cached view a page shows). Pages import
``from app import explore`` and use the names below.
"""
from app.explore.build import ExploreView, simulate32, view
from app.explore.figure import (
    ANIMATE,
    DENSE,
    MAX_POINTS,
    _fmt,
    _loss_range,
    _play,
    _result_text,
    _slider_a,
    _slider_b,
    explore_figure,
    kept_steps,
    shown_loss,
    surface_png,
    typed,
)
from app.explore.sweeps import (
    LR_SPAN,
    MAX_GRID,
    MAX_RUNS,
    MAX_VALUES,
    SWEEPABLE,
    ExploreConfig,
    Span,
    Sweep,
    _set,
    default_span,
    explore_config,
    start_of,
    sweep_config,
    sweep_values,
    sweepable,
)

__all__ = ["ANIMATE", "DENSE", "LR_SPAN", "MAX_GRID", "MAX_POINTS", "MAX_RUNS", "MAX_VALUES",
           "SWEEPABLE", "ExploreConfig", "ExploreView", "Span", "Sweep", "_fmt", "_loss_range",
           "_play", "_result_text", "_set", "_slider_a", "_slider_b", "default_span",
           "explore_config", "explore_figure", "kept_steps", "shown_loss", "simulate32",
           "start_of", "surface_png", "sweep_config", "sweep_values", "sweepable", "typed",
           "view"]
