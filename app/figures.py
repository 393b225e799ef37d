"""Pure figure builders shared by every page: result or grid in, plotly Figure out.

Arrays are passed to plotly as float32 numpy (20x cheaper to serialize than lists).
"""
from __future__ import annotations

import base64
import colorsys
import struct
import zlib
from collections.abc import Callable, Sequence

import numpy as np
import plotly.graph_objects as go

from app.text import t
from optim_core import OPTIMIZERS, Grid, Surface, zh_of

KNOWN_MARKERS = {"minimum": "star", "maximum": "triangle-up", "saddle": "x",
                 "degenerate": "diamond"}
# every log axis: powers of ten (10⁻⁹), never SI prefixes ("1n", "100µ")
LOG_AXIS = {"type": "log", "exponentformat": "power"}
# legends sit to the right of the plot: never over the data, a slider or the buttons
LEGEND = {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"}
# beside a contour's colour bar: the legend keeps the right edge of the figure, the colour
# bar the edge of the plot, and the right margin holds both
MAP_LEGEND = {"orientation": "v", "xref": "container", "x": 0.995, "xanchor": "right",
              "y": 1.0, "yanchor": "top", "font": {"size": 11}}
MAP_RIGHT_MARGIN = 30     # plotly's automargin adds the colour bar's and the legend's width


VIRIDIS = ("#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779",
           "#6ece58", "#b5de2b", "#fde725")


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(255 * v):02x}" for v in rgb)


def palette(n: int) -> tuple[str, ...]:
    """``n`` distinct colours, deterministic: farthest-point picks (in RGB) from saturated
    hues at three lightness levels, so each new colour is as far as possible from every
    earlier one and a prefix of the list is itself well spread."""
    cand = np.array([colorsys.hls_to_rgb(h / 48, light, sat) for h in range(48)
                     for light in (0.32, 0.45, 0.6) for sat in (0.7, 0.95)])
    # not too close to the map's own colours (Viridis), so a path stays visible on it
    viridis = np.array([[int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)] for c in VIRIDIS])
    cand = cand[np.linalg.norm(cand[:, None] - viridis[None], axis=-1).min(1) > 0.25]
    chosen = [int(np.argmin(np.abs(cand - (0.31, 0.27, 0.9)).sum(1)))]    # indigo first
    dist = np.linalg.norm(cand - cand[chosen[0]], axis=1)
    while len(chosen) < min(n, len(cand)):
        i = int(np.argmax(dist))
        chosen.append(i)
        dist = np.minimum(dist, np.linalg.norm(cand - cand[i], axis=1))
    out = [_hex(cand[i]) for i in chosen]
    return tuple(out[i % len(out)] for i in range(n))


# one colour per optimizer, keyed by registry order: the same on every page
OPTIMIZER_COLORS = dict(zip(OPTIMIZERS, palette(len(OPTIMIZERS))))
PALETTE = palette(max(16, len(OPTIMIZERS)))


def color(i: int) -> str:
    """The i-th colour of a figure whose lines are not optimizers."""
    return PALETTE[i % len(PALETTE)]


def optimizer_color(key: str) -> str:
    """The optimizer's colour on every page (a key outside the registry: a fixed grey)."""
    return OPTIMIZER_COLORS.get(key, "#64748b")


# display names in every language (the Chinese one when the registry carries it)
_BY_NAME = {**{zh_of(spec.name): key for key, spec in OPTIMIZERS.items() if zh_of(spec.name)},
            **{spec.name: key for key, spec in OPTIMIZERS.items()}}


def series_color(label: str, i: int) -> str:
    """An optimizer's colour for a series labelled by its key or display name, else the
    figure's i-th colour."""
    key = label if label in OPTIMIZER_COLORS else _BY_NAME.get(label)
    return optimizer_color(key) if key else color(i)


def _shade(hex_color: str, k: int) -> str:
    """The k-th variant (k >= 1) of a colour: lighter or darker, for a repeated optimizer."""
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    light = min(0.85, max(0.15, light + (0.18 if k % 2 else -0.15) * ((k + 1) // 2)))
    return _hex(colorsys.hls_to_rgb(h, light, s))


def run_colors(keys: Sequence[str]) -> list[str]:
    """Colours of runs given by optimizer key: the registry colour, and lighter / darker
    variants for the second, third ... run of the same optimizer."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        k = seen.get(key, 0)
        seen[key] = k + 1
        base = optimizer_color(key)
        out.append(base if k == 0 else _shade(base, k))
    return out


def _f32(a) -> np.ndarray:
    return np.asarray(a, dtype=np.float32)


def contour_levels(z: np.ndarray, log: bool) -> tuple[np.ndarray, dict]:
    """Values to draw and the colorbar settings: log10(z - min + 1e-3) when ``log``."""
    if not log:
        return z, {}
    finite = z[np.isfinite(z)]
    zmin = float(finite.min()) if finite.size else 0.0
    return np.log10(z - zmin + 1e-3), {"title": {"text": "log10(f - min)"}}


def _png(rgba: np.ndarray) -> bytes:
    """An (H, W, 4) uint8 array as PNG bytes (zlib only: no imaging library needed)."""
    h, w, _ = rgba.shape
    raw = b"".join(b"\x00" + rgba[i].tobytes() for i in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def map_image(z: np.ndarray, bands: int = 30, opacity: float = 0.85) -> tuple[str, float, float]:
    """The filled contour as a PNG data URL: Viridis by level, a darker line where the
    level band changes, transparent where z is not finite. Returns (url, zmin, zmax)."""
    finite = np.isfinite(z)
    lo = float(z[finite].min()) if finite.any() else 0.0
    hi = float(z[finite].max()) if finite.any() else 1.0
    u = np.clip((np.where(finite, z, lo) - lo) / ((hi - lo) or 1.0), 0, 1)
    stops = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in VIRIDIS], float)
    pos = np.linspace(0, 1, len(stops))
    rgb = np.stack([np.interp(u, pos, stops[:, k]) for k in range(3)], axis=-1)
    band = np.minimum((u * bands).astype(int), bands - 1)
    edge = np.zeros(band.shape, bool)
    edge[:, 1:] |= band[:, 1:] != band[:, :-1]
    edge[1:, :] |= band[1:, :] != band[:-1, :]
    rgb[edge] *= 0.8
    alpha = np.where(finite, round(255 * opacity), 0)
    rgba = np.concatenate([rgb, alpha[..., None]], axis=-1).round().astype(np.uint8)
    url = "data:image/png;base64," + base64.b64encode(_png(rgba[::-1].copy())).decode()
    return url, lo, hi


def contour_figure(surface: Surface, grid: Grid, *, title: str, xlabel: str | None = None,
                   ylabel: str | None = None, show_known: bool = True, height: int = 560,
                   as_image: bool = False) -> go.Figure:
    """Filled contour of ``grid`` with the surface's known critical points.

    ``as_image``: the filled levels as a layout image under the plot (and an empty trace
    carrying the colour bar) instead of a contour trace. Plotly's animation frames redraw
    only animatable traces and drop the layers of every other trace type, so a map that
    plays its paths must not hold a contour trace."""
    z, colorbar = contour_levels(grid.z, surface.log_levels)
    colorbar = {"title": {"text": "f({}, {})".format(*surface.axes) if surface.axes == ("x", "y")
                          else "L({}, {})".format(*surface.axes)},
                **colorbar, "x": 1.0, "xanchor": "left", "xpad": 4, "thickness": 14}
    if as_image:
        url, lo, hi = map_image(np.asarray(z, dtype=np.float64))
        xmin, xmax, ymin, ymax = surface.bounds
        gx, gy = grid.x, grid.y
        dx = (gx[-1] - gx[0]) / max(len(gx) - 1, 1) / 2
        dy = (gy[-1] - gy[0]) / max(len(gy) - 1, 1) / 2
        fig = go.Figure(go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip",
                                   showlegend=False, name=t("figures.surface"),
                                   marker={"color": [lo, hi], "cmin": lo, "cmax": hi,
                                           "colorscale": [[p, c] for p, c in zip(
                                               np.linspace(0, 1, len(VIRIDIS)), VIRIDIS)],
                                           "showscale": True, "colorbar": colorbar}))
        fig.update_layout(images=[{"source": url, "xref": "x", "yref": "y",
                                   "x": float(gx[0] - dx), "y": float(gy[-1] + dy),
                                   "sizex": float(gx[-1] - gx[0] + 2 * dx),
                                   "sizey": float(gy[-1] - gy[0] + 2 * dy),
                                   "sizing": "stretch", "layer": "below"}],
                          xaxis={"showgrid": False, "zeroline": False},
                          yaxis={"showgrid": False, "zeroline": False})
    else:
        fig = go.Figure(go.Contour(x=_f32(grid.x), y=_f32(grid.y), z=_f32(z), ncontours=30,
                                   colorscale="Viridis", opacity=0.85, showscale=True,
                                   colorbar=colorbar, contours={"coloring": "heatmap"},
                                   line={"width": 0.4},
                                   hovertemplate="x=%{x:.3f}<br>y=%{y:.3f}<extra></extra>",
                                   name=t("figures.surface"), showlegend=False))
    if show_known:
        for kind, symbol in KNOWN_MARKERS.items():
            pts = [k.point for k in surface.known if k.kind == kind]
            if pts:
                xy = _f32(pts)
                fig.add_trace(go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="markers",
                                         name=t(f"figures.known_{kind}"), marker={
                                             "symbol": symbol, "size": 13, "color": "white",
                                             "line": {"color": "black", "width": 1.5}}))
    xmin, xmax, ymin, ymax = surface.bounds
    xlabel, ylabel = xlabel or surface.axes[0], ylabel or surface.axes[1]
    fig.update_layout(title=title, height=height,
                      margin={"l": 60, "r": MAP_RIGHT_MARGIN, "t": 60, "b": 50},
                      xaxis={"title": xlabel, "range": [xmin, xmax]},
                      yaxis={"title": ylabel, "range": [ymin, ymax]},
                      legend=MAP_LEGEND)
    return fig


def add_path(fig: go.Figure, xy: np.ndarray, *, name: str, index: int = 0,
             diverged: bool = False, line_color: str | None = None) -> go.Figure:
    """A trajectory (T+1, 2) with its start and end markers."""
    xy = _f32(xy)
    c = line_color or color(index)
    fig.add_trace(go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="lines", name=name,
                             line={"color": c, "width": 2.5}, legendgroup=name))
    fig.add_trace(go.Scatter(x=xy[-1:, 0], y=xy[-1:, 1], mode="markers", showlegend=False,
                             legendgroup=name, name=t("figures.end", name=name),
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
