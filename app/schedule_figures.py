"""Figures of the Learning-rate page: pure functions, arrays in, plotly Figure out."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.figures import _f32, color

MARGIN = {"l": 60, "r": 20, "t": 50, "b": 40}


def lr_curve(tables: dict[str, np.ndarray], *, title: str, ylabel: str) -> go.Figure:
    fig = go.Figure()
    for i, (name, lr) in enumerate(tables.items()):
        fig.add_trace(go.Scatter(x=np.arange(len(lr), dtype=np.float32), y=_f32(lr), name=name,
                                 mode="lines", line={"color": color(i), "width": 2.5}))
    fig.update_layout(title=title, height=340, xaxis_title="step", yaxis_title=ylabel,
                      margin=MARGIN, legend={"orientation": "h", "y": -0.25})
    return fig


def loss_and_lr(losses: dict[str, np.ndarray], lrs: dict[str, np.ndarray], *, title: str,
                loss_label: str, lr_label: str, log: bool = True,
                second_name: str = "η_t") -> go.Figure:
    """Loss curves on the left axis, their learning rates (dotted) on the right."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for i, name in enumerate(losses):
        fig.add_trace(go.Scatter(x=np.arange(len(losses[name]), dtype=np.float32),
                                 y=_f32(losses[name]), name=f"{name}: {loss_label}",
                                 line={"color": color(i), "width": 2.5}), secondary_y=False)
        fig.add_trace(go.Scatter(x=np.arange(len(lrs[name]), dtype=np.float32), y=_f32(lrs[name]),
                                 name=f"{name}: {second_name}",
                                 line={"color": color(i), "dash": "dot"}),
                      secondary_y=True)
    positive = all((v > 0).all() for v in losses.values())
    fig.update_yaxes(title_text=loss_label, type="log" if log and positive else "linear",
                     secondary_y=False)
    fig.update_yaxes(title_text=lr_label, secondary_y=True)
    fig.update_layout(title=title, height=380, xaxis_title="step", margin=MARGIN,
                      legend={"orientation": "h", "y": -0.25})
    return fig


def sweep_figure(rates: np.ndarray, finals: dict[str, np.ndarray], diverged: dict[str, np.ndarray],
                 *, title: str, ylabel: str, diverged_label: str) -> go.Figure:
    fig = go.Figure()
    for i, name in enumerate(finals):
        ok = ~diverged[name]
        fig.add_trace(go.Scatter(x=_f32(rates[ok]), y=_f32(finals[name][ok]), name=name,
                                 mode="lines+markers", line={"color": color(i)},
                                 marker={"size": 5}))
        if (~ok).any():
            top = max(float(np.nanmax(v[~diverged[n]])) if (~diverged[n]).any() else 1.0
                      for n, v in finals.items())
            fig.add_trace(go.Scatter(x=_f32(rates[~ok]), y=np.full((~ok).sum(), top * 3,
                                                                  dtype=np.float32),
                                     mode="markers", name=diverged_label.format(name=name),
                                     marker={"symbol": "x", "size": 9, "color": color(i)}))
    positive = all((v[~diverged[n]] > 0).all() for n, v in finals.items())
    fig.update_layout(title=title, height=420, xaxis={"title": "learning rate η", "type": "log"},
                      yaxis={"title": ylabel, "type": "log" if positive else "linear"},
                      margin=MARGIN, legend={"orientation": "h", "y": -0.32})
    return fig


def eff_rate_figure(rates: dict[str, np.ndarray], *, title: str, ylabel: str) -> go.Figure:
    """rates: name -> (T, 2) eta_t / sigma_t; solid x, dashed y."""
    fig = go.Figure()
    for i, (name, e) in enumerate(rates.items()):
        steps = np.arange(1, len(e) + 1, dtype=np.float32)
        for j, (coord, dash) in enumerate((("x", "solid"), ("y", "dash"))):
            fig.add_trace(go.Scatter(x=steps, y=_f32(e[:, j]), name=f"{name}: {coord}",
                                     line={"color": color(i), "dash": dash}))
    fig.update_layout(title=title, height=400, xaxis_title="step", yaxis_title=ylabel,
                      yaxis_type="log", margin=MARGIN, legend={"orientation": "h", "y": -0.25})
    return fig
