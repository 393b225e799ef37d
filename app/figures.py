"""Pure figure builders shared by every page: result or grid in, plotly Figure out.

Arrays are passed to plotly as float32 numpy (20x cheaper to serialize than lists).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go

from optim_core.grid import Grid
from optim_core.surfaces import Surface

PALETTE = ("#4f46e5", "#e11d48", "#059669", "#d97706", "#0891b2", "#7c3aed", "#db2777",
           "#65a30d", "#ea580c", "#0d9488", "#9333ea", "#2563eb", "#b91c1c", "#15803d",
           "#a16207", "#475569")
KNOWN_MARKERS = {"minimum": "star", "maximum": "triangle-up", "saddle": "x",
                 "degenerate": "diamond"}


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _f32(a) -> np.ndarray:
    return np.asarray(a, dtype=np.float32)


def contour_levels(z: np.ndarray, log: bool) -> tuple[np.ndarray, dict]:
    """Values to draw and the colorbar settings: log10(z - min + 1e-3) when ``log``."""
    if not log:
        return z, {}
    finite = z[np.isfinite(z)]
    zmin = float(finite.min()) if finite.size else 0.0
    return np.log10(z - zmin + 1e-3), {"title": {"text": "log10(f - min)"}}


def contour_figure(surface: Surface, grid: Grid, *, title: str, xlabel: str | None = None,
                   ylabel: str | None = None, show_known: bool = True, height: int = 560) -> go.Figure:
    """Filled contour of ``grid`` with the surface's known critical points."""
    z, colorbar = contour_levels(grid.z, surface.log_levels)
    fig = go.Figure(go.Contour(x=_f32(grid.x), y=_f32(grid.y), z=_f32(z), ncontours=30,
                               colorscale="Viridis", opacity=0.85, showscale=True,
                               colorbar=colorbar or {"title": {"text": "f({}, {})".format(
                                   *surface.axes) if surface.axes == ("x", "y") else
                                   "L({}, {})".format(*surface.axes)}},
                               contours={"coloring": "heatmap"}, line={"width": 0.4},
                               hovertemplate="x=%{x:.3f}<br>y=%{y:.3f}<extra></extra>",
                               name="surface", showlegend=False))
    if show_known:
        for kind, symbol in KNOWN_MARKERS.items():
            pts = [k.point for k in surface.known if k.kind == kind]
            if pts:
                xy = _f32(pts)
                fig.add_trace(go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="markers",
                                         name=f"known {kind}", marker={
                                             "symbol": symbol, "size": 13, "color": "white",
                                             "line": {"color": "black", "width": 1.5}}))
    xmin, xmax, ymin, ymax = surface.bounds
    xlabel, ylabel = xlabel or surface.axes[0], ylabel or surface.axes[1]
    fig.update_layout(title=title, height=height, margin={"l": 60, "r": 20, "t": 60, "b": 50},
                      xaxis={"title": xlabel, "range": [xmin, xmax]},
                      yaxis={"title": ylabel, "range": [ymin, ymax]},
                      legend={"orientation": "h", "y": -0.15})
    return fig


def add_path(fig: go.Figure, xy: np.ndarray, *, name: str, index: int,
             diverged: bool = False) -> go.Figure:
    """A trajectory (T+1, 2) with its start and end markers."""
    xy = _f32(xy)
    c = color(index)
    fig.add_trace(go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="lines", name=name,
                             line={"color": c, "width": 2.5}, legendgroup=name))
    fig.add_trace(go.Scatter(x=xy[-1:, 0], y=xy[-1:, 1], mode="markers", showlegend=False,
                             legendgroup=name, name=f"{name} end",
                             marker={"symbol": "x" if diverged else "circle", "size": 11,
                                     "color": c, "line": {"color": "white", "width": 1.5}}))
    return fig


class FrozenFigure(go.Figure):
    """A finished figure, for figures cached across reruns and sessions. ``st.plotly_chart``
    turns a figure into a dict on every call (a deep copy of every trace and frame); a
    frozen figure hands over the dict it made once. Never modify one."""

    def __init__(self, fig: go.Figure | dict):
        super().__init__()
        self._frozen = fig if isinstance(fig, dict) else fig.to_dict()

    def to_dict(self) -> dict:
        return self._frozen

    def cache_payload(self) -> dict:
        """What the figure holds, for ``app.cache.nbytes`` (not plotly's internals)."""
        return self._frozen


def frozen(key: tuple, build: Callable[[], go.Figure | dict]) -> FrozenFigure:
    """The figure ``build()`` makes, built once per ``key`` in the process and shared by
    every session (through the app's one cache, bounded in bytes: ``app.cache``). The key
    must hold everything the figure depends on: the config's JSON, the language, ..."""
    from app.cache import cached
    return cached("figure", key, lambda: FrozenFigure(build()))
