"""Figures of the Basins page: pure functions, results in, plotly figures out.

The same critical point has the same colour on every map, in the legend, the table and the
path view (:func:`category_colors`).
"""
from __future__ import annotations

import binascii
import math

import numpy as np
import plotly.graph_objects as go

from app.compare.figures import FigureDict
from app.figures import (
    KNOWN_MARKERS,
    LOG_AXIS,
    MAP_LEGEND,
    MAP_RIGHT_MARGIN,
    _f32,
    color,
    contour_levels,
)
from app.text import t
from optim_core import DIVERGED, NOT_ARRIVED, BasinResult

MINIMA = ("#2563eb", "#e11d48", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777",
          "#65a30d", "#ea580c", "#0d9488")
OTHERS = ("#f9a8d4", "#fde047", "#a5f3fc", "#c4b5fd", "#fdba74", "#bef264")
NOT_ARRIVED_COLOR, DIVERGED_COLOR = "#e5e7eb", "#111827"
CLICK_GRID = 40      # clickable markers per axis on each map


def category_colors(kinds: list) -> list[str]:
    """One colour per critical point (minima strong, others pale), then not arrived and
    diverged."""
    out, m, o = [], 0, 0
    for kind in kinds:
        if kind == "minimum":
            out.append(MINIMA[m % len(MINIMA)])
            m += 1
        else:
            out.append(OTHERS[o % len(OTHERS)])
            o += 1
    return [*out, NOT_ARRIVED_COLOR, DIVERGED_COLOR]


def category_names(result: BasinResult, kind_name, not_arrived: str, diverged: str) -> list:
    """Display names of the categories, in :func:`category_colors` order."""
    return [kind_name(k, p) for k, p in zip(result.kinds, result.points)] + [not_arrived,
                                                                              diverged]


def codes(result: BasinResult) -> np.ndarray:
    """Labels as category indices 0..P+1 (not arrived = P, diverged = P + 1)."""
    P = len(result.points)
    return np.where(result.labels == NOT_ARRIVED, P,
                    np.where(result.labels == DIVERGED, P + 1, result.labels)).astype(np.int16)


def _scale(colors: list[str]) -> list:
    n = len(colors)
    out = []
    for i, c in enumerate(colors):
        out += [[i / n, c], [(i + 1) / n, c]]
    return out


def _typed(a, dtype=np.float32) -> dict:
    """An array in plotly.js's binary form (2-D arrays with their shape)."""
    a = np.ascontiguousarray(a, dtype=dtype)
    out = {"dtype": np.dtype(dtype).str[1:],
           "bdata": binascii.b2a_base64(a.tobytes(), newline=False).decode("ascii")}
    if a.ndim > 1:
        out["shape"] = ", ".join(map(str, a.shape))
    return out


def _grid_layout(K: int, cols: int, rows: int, titles: list[str]) -> tuple[list, list]:
    """What ``make_subplots(rows, cols, subplot_titles=titles, horizontal_spacing=0.04,
    vertical_spacing=0.08)`` lays out: each map's (x domain, y domain) and the titles."""
    h, v = 0.04, 0.08 if rows > 1 else 0.0
    w, ht = (1 - h * (cols - 1)) / cols, (1 - v * (rows - 1)) / rows
    domains, notes = [], []
    for k in range(K):
        r, c = divmod(k, cols)
        x0, y1 = c * (w + h), 1 - r * (ht + v)
        domains.append(([x0, x0 + w], [max(y1 - ht, 0.0), y1]))
        notes.append({"font": {"size": 16}, "showarrow": False, "text": titles[k],
                      "x": x0 + w / 2, "xanchor": "center", "xref": "paper", "y": y1,
                      "yanchor": "bottom", "yref": "paper"})
    return domains, notes


def maps_figure(result: BasinResult, titles: list[str], names: list[str], *, title: str,
                picked: tuple[float, float] | None = None) -> FigureDict:
    """One heatmap per optimizer, side by side (three per row), the critical points on top,
    a faint grid of clickable markers, and the picked start. Built as plain dicts with the
    arrays in binary form (plotly's validating objects cost more than the map itself)."""
    K = len(titles)
    cols = min(K, 3)
    rows = math.ceil(K / cols)
    domains, notes = _grid_layout(K, cols, rows, titles)
    colors = category_colors(result.kinds)
    z = codes(result)
    xmin, xmax, ymin, ymax = result.config.domain
    n = min(CLICK_GRID, len(result.x))
    gx, gy = np.meshgrid(np.linspace(result.x[0], result.x[-1], n),
                         np.linspace(result.y[0], result.y[-1], n))
    click_x, click_y = _typed(gx.ravel()), _typed(gy.ravel())
    hx, hy = _typed(result.x), _typed(result.y)
    scale = _scale(colors)
    marks = []
    for kind, symbol in KNOWN_MARKERS.items():
        idx = [i for i, kd in enumerate(result.kinds) if kd == kind]
        if idx:
            xy = result.points[idx]
            marks.append((_typed(xy[:, 0]), _typed(xy[:, 1]), symbol))
    unselected = {"marker": {"opacity": 1}}
    data, layout = [], {}
    for k in range(K):
        ax = str(k + 1) if k else ""
        on = {"xaxis": f"x{ax}", "yaxis": f"y{ax}"}
        data.append({"type": "heatmap", "x": hx, "y": hy, "z": _typed(z[k], np.int16),
                     "colorscale": scale, "zmin": -0.5, "zmax": len(colors) - 0.5,
                     "showscale": False,
                     "hovertemplate": "(%{x:.2f}, %{y:.2f})<extra></extra>", **on})
        data.append({"type": "scatter", "x": click_x, "y": click_y, "mode": "markers",
                     "marker": {"size": 6, "color": "rgba(255,255,255,0.01)"},
                     "hovertemplate": t("basins.hover_start")
                     + " (%{x:.2f}, %{y:.2f})<extra></extra>",
                     "showlegend": False, "name": t("basins.click"),
                     "unselected": unselected, **on})
        for mx, my, symbol in marks:
            data.append({"type": "scatter", "x": mx, "y": my, "mode": "markers",
                         "showlegend": False, "hoverinfo": "skip", "unselected": unselected,
                         "marker": {"symbol": symbol, "size": 9, "color": "white",
                                    "line": {"color": "black", "width": 1}}, **on})
        if picked is not None:
            data.append({"type": "scatter", "x": _typed([picked[0]]), "y": _typed([picked[1]]),
                         "mode": "markers", "showlegend": False, "hoverinfo": "skip",
                         "unselected": unselected,
                         "marker": {"symbol": "circle-open", "size": 13, "color": "white",
                                    "line": {"width": 3}}, **on})
        (x0x1, y0y1) = domains[k]
        layout[f"xaxis{ax}"] = {"anchor": f"y{ax}", "domain": x0x1, "range": [xmin, xmax],
                                "constrain": "domain"}
        layout[f"yaxis{ax}"] = {"anchor": f"x{ax}", "domain": y0y1, "range": [ymin, ymax],
                                "scaleanchor": f"x{ax}", "constrain": "domain"}
    present = set(np.unique(z).tolist())
    for i, (name, col) in enumerate(zip(names, colors)):
        if i in present:   # legend entries for the categories that occur
            data.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers",
                         "name": name, "unselected": unselected,
                         "marker": {"symbol": "square", "size": 12, "color": col,
                                    "line": {"color": "#9ca3af", "width": 1}}})
    layout.update({"annotations": notes, "title": {"text": title}, "height": 80 + 380 * rows,
                   "clickmode": "event+select", "dragmode": False,
                   "margin": {"l": 40, "r": 10, "t": 80, "b": 40},
                   "legend": {"orientation": "h", "y": -0.08}, "plot_bgcolor": "white"})
    return FigureDict(data=data, layout=layout)


def path_figure(grid, log_levels: bool, axes: tuple, sim, result: BasinResult,
                names: list[str], *, title: str, surface_name: str, end_name) -> FigureDict:
    """The contour with each optimizer's path from one start, critical points coloured as
    on the maps (plain dicts, as :func:`maps_figure`)."""
    zl, colorbar = contour_levels(grid.z, log_levels)
    colorbar = {"title": {"text": "f({}, {})".format(*axes) if tuple(axes) == ("x", "y")
                          else "L({}, {})".format(*axes)},
                **colorbar, "x": 1.0, "xanchor": "left", "xpad": 4, "thickness": 14}
    data = [{"type": "contour", "x": _typed(grid.x), "y": _typed(grid.y), "z": _typed(zl),
             "ncontours": 30, "colorscale": "Viridis", "opacity": 0.85, "showscale": True,
             "colorbar": colorbar, "contours": {"coloring": "heatmap"}, "line": {"width": 0.4},
             "hoverinfo": "skip", "name": surface_name, "showlegend": False}]
    colors = category_colors(result.kinds)
    for i, (p, kind) in enumerate(zip(result.points, result.kinds)):
        data.append({"type": "scatter", "x": _typed([p[0]]), "y": _typed([p[1]]),
                     "mode": "markers", "showlegend": False, "hoverinfo": "skip",
                     "marker": {"symbol": KNOWN_MARKERS.get(kind, "circle"), "size": 13,
                                "color": colors[i], "line": {"color": "black", "width": 1.5}}})
    for k, name in enumerate(names):
        xy = np.asarray(sim.path[k, 0], dtype=np.float32)
        c = color(k)
        diverged = sim.diverged_at[k, 0] >= 0
        data += [{"type": "scatter", "x": _typed(xy[:, 0]), "y": _typed(xy[:, 1]),
                  "mode": "lines", "name": name, "line": {"color": c, "width": 2.5},
                  "legendgroup": name},
                 {"type": "scatter", "x": _typed(xy[-1:, 0]), "y": _typed(xy[-1:, 1]),
                  "mode": "markers", "showlegend": False, "legendgroup": name,
                  "name": end_name(name),
                  "marker": {"symbol": "x" if diverged else "circle", "size": 11,
                             "color": c, "line": {"color": "white", "width": 1.5}}}]
    xmin, xmax, ymin, ymax = result.config.domain
    layout = {"title": {"text": title}, "height": 520,
              "margin": {"l": 60, "r": MAP_RIGHT_MARGIN, "t": 60, "b": 50},
              "xaxis": {"title": {"text": axes[0]}, "range": [xmin, xmax]},
              "yaxis": {"title": {"text": axes[1]}, "range": [ymin, ymax]},
              "legend": MAP_LEGEND}
    return FigureDict(data=data, layout=layout)


def sensitivity_figure(entries, names: list[str], *, title: str, xlabel: str, ylabel: str,
                       log_y: bool) -> go.Figure:
    """Metric against learning rate (at the best second value), the chosen point and the
    band of rates within 10 % of the best drawn as a thick bar at the best's level."""
    fig = go.Figure()
    for k, (e, name) in enumerate(zip(entries, names)):
        lrs, m = e.curve()
        y = np.where(np.isfinite(m), m, np.nan)
        c = color(k)
        fig.add_trace(go.Scatter(x=_f32(lrs), y=_f32(y), mode="lines+markers", name=name,
                                 line={"color": c, "width": 2}, marker={"size": 5},
                                 legendgroup=name))
        best = float(e.metric[e.best])
        fig.add_trace(go.Scatter(x=[float(e.lrs[e.best])], y=[best], mode="markers",
                                 showlegend=False, legendgroup=name, hoverinfo="skip",
                                 marker={"size": 14, "color": c,
                                         "line": {"color": "white", "width": 2}}))
        fig.add_trace(go.Scatter(x=list(e.band), y=[best, best], mode="lines",
                                 showlegend=False, legendgroup=name, hoverinfo="skip",
                                 line={"color": c, "width": 10}, opacity=0.35))
    fig.update_layout(title=title, height=440, xaxis={"title": xlabel, "type": "log"},
                      yaxis={"title": ylabel, "type": "log" if log_y else "linear"},
                      legend={"orientation": "h", "y": -0.2},
                      margin={"l": 60, "r": 20, "t": 60, "b": 40})
    return fig


def race_figure(race, names: list[str], *, title: str, xlabel: str, ylabel: str,
                log_y: bool = True) -> FigureDict:
    data = []
    for k, name in enumerate(names):
        mean = race.loss[k].mean(0)
        if log_y:
            mean = np.maximum(mean, 1e-16)
        data.append({"type": "scatter", "x": _typed(np.arange(len(mean))), "y": _typed(mean),
                     "mode": "lines", "name": name, "line": {"color": color(k), "width": 2}})
    layout = {"title": {"text": title}, "height": 440, "xaxis": {"title": {"text": xlabel}},
              "yaxis": {"title": {"text": ylabel}, **(LOG_AXIS if log_y else {"type": "linear"})},
              "legend": {"orientation": "h", "y": -0.2},
              "margin": {"l": 60, "r": 20, "t": 60, "b": 40}}
    return FigureDict(data=data, layout=layout)


def maps_html(fig) -> str:
    """A figure (dict or plotly object) as a stand-alone HTML page."""
    import plotly.io as pio
    return pio.to_html(fig.to_dict(), include_plotlyjs="cdn", full_html=True, validate=False)
