"""Figures of the Basins page: pure functions, results in, plotly figures out.

The same critical point has the same colour on every map, in the legend, the table and the
path view (:func:`category_colors`).
"""
from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.figures import KNOWN_MARKERS, _f32, add_path, color, contour_figure
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


def maps_figure(result: BasinResult, titles: list[str], names: list[str], *, title: str,
                picked: tuple[float, float] | None = None) -> go.Figure:
    """One heatmap per optimizer, side by side (three per row), the critical points on top,
    a faint grid of clickable markers, and the picked start."""
    K = len(titles)
    cols = min(K, 3)
    rows = math.ceil(K / cols)
    fig = make_subplots(rows, cols, subplot_titles=titles, horizontal_spacing=0.04,
                        vertical_spacing=0.08 if rows > 1 else 0.0)
    colors = category_colors(result.kinds)
    z = codes(result)
    xmin, xmax, ymin, ymax = result.config.domain
    n = min(CLICK_GRID, len(result.x))
    gx, gy = np.meshgrid(np.linspace(result.x[0], result.x[-1], n),
                         np.linspace(result.y[0], result.y[-1], n))
    for k in range(K):
        r, c = k // cols + 1, k % cols + 1
        fig.add_trace(go.Heatmap(x=_f32(result.x), y=_f32(result.y), z=z[k],
                                 colorscale=_scale(colors), zmin=-0.5,
                                 zmax=len(colors) - 0.5, showscale=False,
                                 hovertemplate="(%{x:.2f}, %{y:.2f})<extra></extra>"), r, c)
        fig.add_trace(go.Scatter(x=_f32(gx.ravel()), y=_f32(gy.ravel()), mode="markers",
                                 marker={"size": 6, "color": "rgba(255,255,255,0.01)"},
                                 hovertemplate=t("basins.hover_start") + " (%{x:.2f}, %{y:.2f})<extra></extra>",
                                 showlegend=False, name=t("basins.click")), r, c)
        for kind, symbol in KNOWN_MARKERS.items():
            idx = [i for i, kd in enumerate(result.kinds) if kd == kind]
            if idx:
                xy = _f32(result.points[idx])
                fig.add_trace(go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="markers",
                                         showlegend=False, hoverinfo="skip", marker={
                                             "symbol": symbol, "size": 9, "color": "white",
                                             "line": {"color": "black", "width": 1}}), r, c)
        if picked is not None:
            fig.add_trace(go.Scatter(x=_f32([picked[0]]), y=_f32([picked[1]]), mode="markers",
                                     showlegend=False, hoverinfo="skip",
                                     marker={"symbol": "circle-open", "size": 13,
                                             "color": "white", "line": {"width": 3}}), r, c)
        fig.update_xaxes(range=[xmin, xmax], constrain="domain", row=r, col=c)
        fig.update_yaxes(range=[ymin, ymax], scaleanchor=f"x{k + 1 if k else ''}",
                         constrain="domain", row=r, col=c)
    present = set(np.unique(z).tolist())
    for i, (name, col) in enumerate(zip(names, colors)):
        if i in present:   # legend entries for the categories that occur
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name,
                                     marker={"symbol": "square", "size": 12, "color": col,
                                             "line": {"color": "#9ca3af", "width": 1}}))
    fig.update_traces(unselected={"marker": {"opacity": 1}}, selector={"type": "scatter"})
    fig.update_layout(title=title, height=80 + 380 * rows, clickmode="event+select",
                      dragmode=False, margin={"l": 40, "r": 10, "t": 80, "b": 40},
                      legend={"orientation": "h", "y": -0.08}, plot_bgcolor="white")
    return fig


def path_figure(surface, grid, sim, result: BasinResult, names: list[str], *,
                title: str) -> go.Figure:
    """The contour with each optimizer's path from one start, critical points coloured as
    on the maps."""
    fig = contour_figure(surface, grid, title=title, show_known=False, height=520)
    fig.data[0].hoverinfo = "skip"
    colors = category_colors(result.kinds)
    for i, (p, kind) in enumerate(zip(result.points, result.kinds)):
        fig.add_trace(go.Scatter(x=_f32([p[0]]), y=_f32([p[1]]), mode="markers",
                                 showlegend=False, hoverinfo="skip",
                                 marker={"symbol": KNOWN_MARKERS.get(kind, "circle"), "size": 13,
                                         "color": colors[i],
                                         "line": {"color": "black", "width": 1.5}}))
    for k, name in enumerate(names):
        add_path(fig, sim.path[k, 0], name=name, index=k, diverged=sim.diverged_at[k, 0] >= 0)
    xmin, xmax, ymin, ymax = result.config.domain
    fig.update_layout(xaxis={"range": [xmin, xmax]}, yaxis={"range": [ymin, ymax]})
    return fig


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
                log_y: bool = True) -> go.Figure:
    fig = go.Figure()
    for k, name in enumerate(names):
        mean = race.loss[k].mean(0)
        if log_y:
            mean = np.maximum(mean, 1e-16)
        fig.add_trace(go.Scatter(x=np.arange(len(mean), dtype=np.float32), y=_f32(mean),
                                 mode="lines", name=name, line={"color": color(k), "width": 2}))
    fig.update_layout(title=title, height=440, xaxis={"title": xlabel},
                      yaxis={"title": ylabel, "type": "log" if log_y else "linear"},
                      legend={"orientation": "h", "y": -0.2},
                      margin={"l": 60, "r": 20, "t": 60, "b": 40})
    return fig


def maps_html(fig: go.Figure) -> str:
    return fig.to_html(include_plotlyjs="cdn", full_html=True)
