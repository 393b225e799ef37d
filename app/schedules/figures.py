"""Figures of the Learning-rate page: pure functions, arrays in, plotly Figure out.

Every label arrives from the page (app/text); arrays go to plotly as float32.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.figures import LEGEND, _f32, color, series_color
from app.text import t

MARGIN = {"l": 70, "r": 30, "t": 60, "b": 50}


def _steps(n: int) -> np.ndarray:
    return np.arange(n, dtype=np.float32)


def lr_curve(tables: dict[str, np.ndarray], *, title: str, ylabel: str, xlabel: str,
             warmup: int = 0, warmup_label: str = "") -> go.Figure:
    """The rate each step uses; a shaded band over the warm-up steps."""
    fig = go.Figure()
    for i, (name, lr) in enumerate(tables.items()):
        fig.add_trace(go.Scatter(x=_steps(len(lr)), y=_f32(lr), name=name, mode="lines",
                                 line={"color": color(i + 1), "width": 2.5},
                                 hovertemplate="t=%{x}<br>η=%{y:.4g}<extra></extra>"))
    if warmup:
        fig.add_vrect(x0=0, x1=warmup, fillcolor="#fbbf24", opacity=0.15, line_width=0,
                      annotation_text=warmup_label, annotation_position="top left")
    fig.update_layout(title=title, height=320, xaxis_title=xlabel, yaxis_title=ylabel,
                      margin=MARGIN, showlegend=True, legend=LEGEND,
                      yaxis={"rangemode": "tozero"})
    return fig


def loss_and_lr(losses: dict[str, np.ndarray], lrs: dict[str, np.ndarray], *, title: str,
                loss_label: str, lr_label: str, xlabel: str, rate_name: str = "η_t") -> go.Figure:
    """Loss curves (solid, left log axis) and their rates (dotted, right axis)."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for i, name in enumerate(losses):
        fig.add_trace(go.Scatter(x=_steps(len(losses[name])), y=_f32(losses[name]),
                                 name=t("schedules.series_loss", name=name), line={"color": color(i), "width": 1.8}),
                      secondary_y=False)
        fig.add_trace(go.Scatter(x=_steps(len(lrs[name])), y=_f32(lrs[name]),
                                 name=f"{name}: {rate_name}", line={"color": color(i), "dash": "dot"}),
                      secondary_y=True)
    positive = all((v > 0).all() for v in losses.values())
    fig.update_yaxes(title_text=loss_label, type="log" if positive else "linear",
                     exponentformat="power", secondary_y=False)
    fig.update_yaxes(title_text=lr_label, rangemode="tozero", showgrid=False, tickformat=".2~g",
                     tickmode="auto", nticks=6, secondary_y=True)
    fig.update_layout(title=title, height=560, xaxis_title=xlabel, margin=MARGIN, legend=LEGEND)
    return fig


def stuck_figure(losses: dict[str, np.ndarray], grads: dict[str, np.ndarray], *, title: str,
                 loss_label: str, grad_label: str, xlabel: str) -> go.Figure:
    """Loss (top) and gradient norm (bottom) on one step axis, log scales; the first run
    solid, the others dashed."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    for i, name in enumerate(losses):
        line = {"color": color(i), "width": 2.5 if i == 0 else 2, "dash": "solid" if i == 0 else "dash"}
        steps = _steps(len(losses[name]))
        fig.add_trace(go.Scatter(x=steps, y=_f32(losses[name]), name=name, legendgroup=name,
                                 line=line), row=1, col=1)
        fig.add_trace(go.Scatter(x=steps, y=_f32(grads[name]), name=name, legendgroup=name,
                                 showlegend=False, line=line), row=2, col=1)
    fig.update_yaxes(title_text=loss_label, type="log", exponentformat="power", row=1, col=1)
    fig.update_yaxes(title_text=grad_label, type="log", exponentformat="power", row=2, col=1)
    fig.update_xaxes(title_text=xlabel, row=2, col=1)
    fig.update_layout(title=title, height=520, margin=MARGIN, legend=LEGEND)
    return fig


def curvature_figure(curv: dict[str, np.ndarray], limits: dict[str, float], *, title: str,
                     ylabel: str, xlabel: str, limit_label: str, at_min: float,
                     at_min_label: str) -> go.Figure:
    """The steepest curvature at the centre of each bounce, per run, with each run's
    stability limit 2/eta (same colour, dotted) and the curvature at the minimum."""
    fig = go.Figure()
    for i, (name, lam) in enumerate(curv.items()):
        fig.add_trace(go.Scatter(x=np.arange(1, len(lam) + 1, dtype=np.float32), y=_f32(lam),
                                 name=name, mode="lines",
                                 line={"color": color(i), "width": 2.5 if i == 0 else 2,
                                       "dash": "solid" if i == 0 else "dash"}))
        fig.add_hline(y=limits[name], line={"color": color(i), "dash": "dot", "width": 1.5},
                      annotation_text=limit_label.format(name=name, v=limits[name]),
                      annotation_position="top left")
    fig.add_hline(y=at_min, line={"color": "#475569", "dash": "dashdot", "width": 1},
                  annotation_text=at_min_label.format(v=at_min),
                  annotation_position="bottom right")
    top = max(at_min, min(limits.values())) * 1.04
    low = min(float(np.min(v)) for v in curv.values()) * 0.98
    fig.update_layout(title=title, height=360, margin=MARGIN, legend=LEGEND,
                      xaxis_title=xlabel, yaxis={"title": ylabel, "range": [low, top]})
    return fig


def sweep_figure(rates: np.ndarray, finals: dict[str, np.ndarray], diverged: dict[str, np.ndarray],
                 *, title: str, xlabel: str, ylabel: str, diverged_label: str,
                 best_label: str) -> go.Figure:
    """Final loss vs rate per optimizer (log-log); diverged rates as crosses in a band
    above every curve, the best rate of each as a diamond."""
    fig = go.Figure()
    kept = [v[~diverged[n]] for n, v in finals.items()]
    kept = np.concatenate(kept) if kept else np.array([1.0])
    positive = kept.size == 0 or bool((kept > 0).all())
    top = float(kept.max()) if kept.size else 1.0
    band = top * 4 if positive else top + 1.0
    for i, name in enumerate(finals):
        ok = ~diverged[name]
        f = finals[name]
        fig.add_trace(go.Scatter(x=_f32(rates[ok]), y=_f32(f[ok]), name=name, legendgroup=name,
                                 mode="lines+markers", line={"color": series_color(name, i)}, marker={"size": 5},
                                 hovertemplate="η=%{x:.3g}<br>" + t("schedules.hover_final")
                                 + "=%{y:.3g}<extra>" + name + "</extra>"))
        if ok.any():
            b = int(np.argmin(np.where(ok, f, np.inf)))
            fig.add_trace(go.Scatter(x=_f32(rates[b:b + 1]), y=_f32(f[b:b + 1]), mode="markers",
                                     name=best_label.format(name=name, lr=float(rates[b])),
                                     legendgroup=name, showlegend=False,
                                     marker={"symbol": "diamond", "size": 13, "color": series_color(name, i),
                                             "line": {"color": "white", "width": 1.5}},
                                     hovertemplate=best_label.format(name=name, lr=float(rates[b]))
                                     + "<extra></extra>"))
        if (~ok).any():
            y = band * (1.6 ** (i % 4)) if positive else band + i
            fig.add_trace(go.Scatter(x=_f32(rates[~ok]), y=np.full((~ok).sum(), y, np.float32),
                                     mode="markers", name=diverged_label.format(name=name),
                                     legendgroup=name, showlegend=False,
                                     marker={"symbol": "x-thin", "size": 9, "color": series_color(name, i),
                                             "line": {"color": series_color(name, i), "width": 2}},
                                     hovertemplate="η=%{x:.3g}: " + diverged_label.format(name=name)
                                     + "<extra></extra>"))
    fig.update_layout(title=title, height=480, margin=MARGIN, legend=LEGEND,
                      xaxis={"title": xlabel, "type": "log", "exponentformat": "power"},
                      yaxis={"title": ylabel, "type": "log" if positive else "linear",
                             "exponentformat": "power"})
    return fig


def eff_rate_figure(rates: dict[str, np.ndarray], *, title: str, ylabel: str, xlabel: str,
                    coords: tuple[str, str] = ("x", "y")) -> go.Figure:
    """One panel per optimizer, shared log y axis: eta_t / sigma_t of x (solid), y (dashed)."""
    names = list(rates)
    fig = make_subplots(rows=1, cols=len(names), shared_yaxes=True, subplot_titles=names,
                        horizontal_spacing=0.04)
    for i, name in enumerate(names):
        e = rates[name]
        steps = np.arange(1, len(e) + 1, dtype=np.float32)
        for j, (coord, dash) in enumerate(zip(coords, ("solid", "dash"))):
            fig.add_trace(go.Scatter(x=steps, y=_f32(e[:, j]), name=f"{name}: {coord}",
                                     line={"color": series_color(name, i), "dash": dash, "width": 2.5}),
                          row=1, col=i + 1)
        fig.update_xaxes(title_text=xlabel, row=1, col=i + 1)
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_yaxes(title_text=ylabel, row=1, col=1)
    fig.update_layout(title=title, height=440, margin=MARGIN, legend=LEGEND)
    return fig
