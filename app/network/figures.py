"""Figures of the Neural-network page."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from app.figures import (
    LEGEND,
    LOG_AXIS,
    MAP_LEGEND,
    MAP_RIGHT_MARGIN,
    _f32,
    color,
    run_colors,
    series_color,
)
from app.text import t, tr
from optim_core import NET_OPTIMIZERS, OPTIMIZERS

LAYOUT = {"margin": {"l": 60, "r": 20, "t": 60, "b": 50}, "legend": LEGEND}


def loss_curves(result, names: list[str] | None = None) -> go.Figure:
    """Training and validation loss per run; ``names``: the runs' labels (else each
    optimizer's name)."""
    fig = go.Figure()
    cols = run_colors([run.name for run in result.runs])
    for i, run in enumerate(result.runs):
        e = np.arange(len(run.train_loss))
        spec = OPTIMIZERS.get(run.name) or NET_OPTIMIZERS.get(run.name)
        name = names[i] if names else tr(spec.name) if spec is not None else run.name
        for arr, dash, suffix in ((run.train_loss, "solid", "train_suffix"),
                                  (run.val_loss, "dash", "val_suffix")):
            if np.isnan(arr).all() and suffix == "val_suffix":   # no validation split
                continue
            fig.add_trace(go.Scatter(x=e, y=_f32(arr), mode="lines", legendgroup=f"run{i}",
                                     name=f"{name} ({t('network.' + suffix)})",
                                     line={"color": cols[i], "dash": dash, "width": 2}))
    fig.update_layout(title=t("network.loss_title"), height=380,
                      yaxis={"title": t("network.loss_axis"), **LOG_AXIS},
                      xaxis_title=t("network.epoch_axis"),
                      **LAYOUT)
    return fig


def boundary(xs, ys, p, data, name: str) -> go.Figure:
    fig = go.Figure(go.Contour(x=_f32(xs), y=_f32(ys), z=_f32(p), colorscale="RdBu", zmin=0,
                               zmax=1, opacity=0.75, contours={"start": 0, "end": 1, "size": 0.1},
                               colorbar={"title": {"text": t("network.prob")}},
                               hoverinfo="skip", showlegend=False))
    for c, col in ((0, "#b91c1c"), (1, "#1d4ed8")):
        for X, y, symbol in ((data.x_train, data.y_train, "circle"),
                             (data.x_val, data.y_val, "x")):
            m = y == c
            fig.add_trace(go.Scatter(x=_f32(X[m, 0]), y=_f32(X[m, 1]), mode="markers",
                                     name=t("network.class", c=c), legendgroup=str(c),
                                     showlegend=symbol == "circle",
                                     marker={"color": col, "symbol": symbol, "size": 6,
                                             "line": {"color": "white", "width": 0.5}}))
    fig.update_layout(title=t("network.boundary_title", name=name), height=520,
                      xaxis_title=t("network.x1", f=data.features[0]),
                      yaxis_title=t("network.x2", f=data.features[1]), legend=MAP_LEGEND,
                      margin={**LAYOUT["margin"], "r": MAP_RIGHT_MARGIN})
    return fig


def objective_text(penalty) -> str:
    """Which function a figure shows: the cross-entropy plus the training penalty
    ``(weight_decay, l1)``, in words and symbols."""
    wd, l1 = penalty
    key = ("objective_both" if wd and l1 else "objective_l2" if wd else
           "objective_l1" if l1 else "objective_data")
    return t(f"network.{key}", wd=wd, l1=l1)


def slice_figure(view, names: list[str]) -> go.Figure:
    z = np.log10(np.maximum(view.z, 1e-12))
    z = np.where(np.isfinite(z), z, np.nan)     # an overflowing corner is left blank
    fig = go.Figure(go.Contour(x=_f32(view.coords), y=_f32(view.coords), z=_f32(z),
                               colorscale="Viridis", ncontours=30, contours={"coloring": "heatmap"},
                               colorbar={"title": {"text": "log10 L"}, "x": 1.0, "xanchor": "left",
                                         "thickness": 14}, hoverinfo="skip",
                               showlegend=False))
    for i, (ab, name) in enumerate(zip(view.paths, names)):
        if ab is None:
            continue
        fig.add_trace(go.Scatter(x=_f32(ab[:, 0]), y=_f32(ab[:, 1]), mode="lines+markers",
                                 name=name, line={"color": series_color(name, i), "width": 2.5},
                                 marker={"size": 4}))
        fig.add_trace(go.Scatter(x=_f32(ab[-1:, 0]), y=_f32(ab[-1:, 1]), mode="markers",
                                 showlegend=False, marker={"color": series_color(name, i), "size": 11,
                                                           "line": {"color": "white", "width": 1.5}}))
    span = float(view.coords[-1])
    fig.update_layout(title=t("network.slice_title", objective=objective_text(view.penalty)),
                      height=560, xaxis_title=t("network.a_axis"),
                      yaxis_title=t("network.b_axis"), xaxis_range=[-span, span],
                      yaxis_range=[-span, span], legend=MAP_LEGEND,
                      margin={**LAYOUT["margin"], "r": MAP_RIGHT_MARGIN})
    return fig


def path_vs_slice(view, names: list[str]) -> go.Figure:
    fig = go.Figure()
    for i, name in enumerate(names):
        if view.paths[i] is None:
            continue
        e = view.snapshots[i]
        fig.add_trace(go.Scatter(x=e, y=_f32(view.path_loss[i]), mode="lines", legendgroup=name,
                                 name=f"{name} ({t('network.true_suffix')})",
                                 line={"color": series_color(name, i), "width": 2}))
        fig.add_trace(go.Scatter(x=e, y=_f32(view.path_slice[i]), mode="lines", legendgroup=name,
                                 name=f"{name} ({t('network.slice_suffix')})",
                                 line={"color": series_color(name, i), "dash": "dot", "width": 2}))
    fig.update_layout(title=t("network.path_title"), height=380,
                      yaxis={"title": t("network.objective_axis"), **LOG_AXIS},
                      xaxis_title=t("network.epoch_axis"),
                      **LAYOUT)
    return fig


def hessian_figure(points, name: str, penalty=(0.0, 0.0)) -> go.Figure:
    fig = go.Figure()
    epochs = [e for e, _ in points]
    for j, (key, attr) in enumerate((("lmax", "largest"), ("lmin", "smallest"))):
        vals = [getattr(x, attr) for _, x in points]
        ok = [x.converged[j] for _, x in points]
        fig.add_trace(go.Scatter(x=epochs, y=vals, mode="lines+markers", name=t(f"network.{key}"),
                                 line={"color": color(j), "width": 2},
                                 marker={"size": [10 if o else 13 for o in ok],
                                         "symbol": ["circle" if o else "circle-open" for o in ok]}))
    if not all(all(x.converged) for _, x in points):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t("network.unconverged"),
                                 marker={"symbol": "circle-open", "size": 13, "color": "#475569"}))
    fig.add_hline(y=0, line={"color": "#94a3b8", "dash": "dot"})
    fig.update_layout(title=t("network.hessian_title", name=name,
                              objective=objective_text(penalty)), height=380,
                      xaxis_title=t("network.epoch_axis"), yaxis_title=t("network.lambda_axis"),
                      **LAYOUT)
    return fig


def range_figure(r, name: str) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=_f32(r.lr), y=_f32(r.loss), mode="lines", name=t("network.raw_loss"),
                             line={"color": "#94a3b8", "width": 1}))
    fig.add_trace(go.Scatter(x=_f32(r.lr), y=_f32(r.smooth), mode="lines",
                             name=t("network.smooth_loss"), line={"color": color(0), "width": 2.5}))
    if r.low is not None:
        fig.add_vrect(x0=r.low, x1=r.high, fillcolor="#22c55e", opacity=0.15, line_width=0)
        fig.add_trace(go.Scatter(x=[r.low, r.high], y=[None, None], mode="markers",
                                 name=t("network.suggested_range"),
                                 marker={"symbol": "square", "size": 12, "color": "#86efac"}))
        i = int(np.argmin(np.abs(r.lr - r.steepest)))
        fig.add_trace(go.Scatter(x=[r.steepest], y=[float(r.smooth[i])], mode="markers",
                                 name=t("network.steepest"),
                                 marker={"symbol": "star", "size": 15, "color": color(1)}))
    finite = r.smooth[np.isfinite(r.smooth)]
    top = float(min(finite.max(), 4 * finite.min() + 1e-12)) if finite.size else 1.0
    fig.update_layout(title=t("network.range_title", name=name), height=420,
                      xaxis={"title": t("network.lr_axis"), **LOG_AXIS}, yaxis_title=t("network.loss_axis"),
                      yaxis_range=[0, 1.15 * max(top, float(r.loss[0]) if len(r.loss) else 1)],
                      **LAYOUT)
    return fig
