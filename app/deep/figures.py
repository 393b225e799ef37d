"""Figure builders of the Deep-networks page: result -> plotly figure (text through t())."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.text import t

COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
          "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939")


def _f32(a) -> np.ndarray:
    return np.asarray(a, dtype=np.float32)


def _layout(fig, title: str, height: int = 420):
    fig.update_layout(title=title, height=height, margin={"l": 60, "r": 20, "t": 60, "b": 50},
                      legend={"orientation": "h", "y": -0.2})
    return fig


def vanishing_layers(r) -> go.Figure:
    fig = go.Figure()
    layers = np.arange(1, r.grad_norms.shape[2] + 1)
    for k, kind in enumerate(r.kinds):
        name = t(f"deep.kind_{kind}")
        fig.add_trace(go.Scatter(x=layers, y=_f32(r.grad_norms[k, 0]), mode="lines+markers",
                                 name=t("deep.van_at_init", kind=name),
                                 line={"color": COLORS[k]}))
        fig.add_trace(go.Scatter(x=layers, y=_f32(r.grad_norms[k, -1]), mode="lines+markers",
                                 name=t("deep.van_at_end", kind=name),
                                 line={"color": COLORS[k], "dash": "dash"}))
    fig.update_xaxes(title=t("deep.van_layer"), dtick=1)
    fig.update_yaxes(title=t("deep.van_norm"), type="log", exponentformat="power")
    return _layout(fig, t("deep.van_title"))


def vanishing_training(r) -> go.Figure:
    fig = make_subplots(1, 2, subplot_titles=(t("deep.van_first_title"),
                                              t("deep.van_loss_title")))
    steps = np.arange(r.loss.shape[1])
    for k, kind in enumerate(r.kinds):
        name = t(f"deep.kind_{kind}")
        fig.add_trace(go.Scatter(x=steps, y=_f32(r.grad_norms[k, :, 0]), name=name,
                                 line={"color": COLORS[k]}, legendgroup=kind), 1, 1)
        fig.add_trace(go.Scatter(x=steps, y=_f32(r.loss[k]), name=name, showlegend=False,
                                 line={"color": COLORS[k]}, legendgroup=kind), 1, 2)
    fig.update_xaxes(title=t("deep.step"))
    fig.update_yaxes(title=t("deep.van_norm"), type="log", exponentformat="power", row=1, col=1)
    fig.update_yaxes(title=t("deep.loss"), row=1, col=2)
    return _layout(fig, "", 400)


def bias_loss(r) -> go.Figure:
    fig = go.Figure()
    steps = np.arange(r.loss.shape[1])
    for k, layers in enumerate(r.depths):
        fig.add_trace(go.Scatter(x=steps, y=_f32(r.loss[k]), name=t("deep.bias_net", layers=layers),
                                 line={"color": COLORS[k]}))
    fig.update_xaxes(title=t("deep.step"))
    fig.update_yaxes(title=t("deep.loss"))
    return _layout(fig, t("deep.bias_loss_title"), 380)


def bias_boundaries(r) -> go.Figure:
    titles = [t("deep.bias_panel", layers=d, loss=float(r.loss[k, -1]), acc=float(r.accuracy[k]))
              for k, d in enumerate(r.depths)]
    fig = make_subplots(1, 2, subplot_titles=titles, horizontal_spacing=0.08)
    for k in range(2):
        fig.add_trace(go.Contour(x=_f32(r.xs), y=_f32(r.ys), z=_f32(r.prob[k]), zmin=0, zmax=1,
                                 colorscale="RdBu", opacity=0.7, showscale=k == 1,
                                 colorbar={"title": {"text": t("deep.bias_prob")}},
                                 contours={"start": 0, "end": 1, "size": 0.1},
                                 name=t("deep.bias_prob")), 1, k + 1)
        for c in (0, 1):
            m = r.y == c
            fig.add_trace(go.Scatter(x=_f32(r.x[m, 0]), y=_f32(r.x[m, 1]), mode="markers",
                                     name=t("deep.class", k=c), showlegend=k == 0,
                                     marker={"size": 5, "color": COLORS[c],
                                             "line": {"width": 0.5, "color": "white"}}),
                          1, k + 1)
    fig.update_xaxes(title=t("deep.x1"))
    fig.update_yaxes(title=t("deep.x2"))
    return _layout(fig, "", 420)


def batch_view(r) -> go.Figure:
    fig = make_subplots(1, 3, horizontal_spacing=0.09)
    b = np.asarray(r.sizes, dtype=np.float32)
    fig.add_trace(go.Scatter(x=b, y=_f32(r.train_loss[:, -1]), name=t("deep.batch_train"),
                             mode="lines+markers", line={"color": COLORS[1]}), 1, 1)
    fig.add_trace(go.Scatter(x=b, y=_f32(r.val_loss[:, -1]), name=t("deep.batch_val"),
                             mode="lines+markers", line={"color": COLORS[0]}), 1, 1)
    fig.add_trace(go.Bar(x=[str(s) for s in r.sizes], y=_f32(1000 * r.seconds),
                         name=t("deep.batch_time"), marker={"color": COLORS[2]}), 1, 2)
    fig.add_trace(go.Scatter(x=b, y=_f32(r.variance), name=t("deep.batch_measured"),
                             mode="markers", marker={"size": 10, "color": COLORS[3]}), 1, 3)
    fig.add_trace(go.Scatter(x=b, y=_f32(r.predicted), name=t("deep.batch_predicted"),
                             mode="lines", line={"color": COLORS[4]}), 1, 3)
    ticks = {"tickvals": list(r.sizes), "ticktext": [str(s) for s in r.sizes]}
    fig.update_xaxes(title=t("deep.batch_axis"), type="log", row=1, col=1, **ticks)
    fig.update_xaxes(title=t("deep.batch_b"), type="category",
                     row=1, col=2)
    fig.update_xaxes(title=t("deep.batch_axis"), type="log", row=1, col=3, **ticks)
    fig.update_yaxes(title=t("deep.batch_loss_axis"), row=1, col=1)
    fig.update_yaxes(title=t("deep.batch_ms_axis"), row=1, col=2)
    fig.update_yaxes(title=t("deep.batch_var_axis"), type="log", exponentformat="power",
                     row=1, col=3)
    return _layout(fig, t("deep.batch_title"), 430)


def batch_curves(r) -> go.Figure:
    fig = go.Figure()
    epochs = np.arange(r.val_loss.shape[1])
    for k, b in enumerate(r.sizes):
        fig.add_trace(go.Scatter(x=epochs, y=_f32(r.val_loss[k]), name=f"B = {b}",
                                 line={"color": COLORS[k]}))
    fig.update_xaxes(title=t("deep.epoch"))
    fig.update_yaxes(title=t("deep.val_loss"))
    return _layout(fig, t("deep.batch_curves_title"), 360)


def _init_name(init: str, scale: float) -> str:
    return t(f"deep.init_{init}", scale=scale) if init == "small" else t(f"deep.init_{init}")


def init_view(r) -> go.Figure:
    fig = make_subplots(1, 2, subplot_titles=(t("deep.init_std_title"),
                                              t("deep.init_mean_title")))
    layers = np.arange(1, r.std.shape[2] + 1)
    for i, init in enumerate(r.inits):
        name = _init_name(init, r.scale)
        for j, dash in enumerate(("solid", "dash")):
            label = name if j == 0 else t("deep.init_bn", init=name)
            line = {"color": COLORS[i], "dash": dash}
            fig.add_trace(go.Scatter(x=layers, y=_f32(r.std[i, j]), name=label, line=line,
                                     mode="lines+markers", legendgroup=label), 1, 1)
            fig.add_trace(go.Scatter(x=layers, y=_f32(r.mean[i, j]), name=label, line=line,
                                     mode="lines+markers", legendgroup=label,
                                     showlegend=False), 1, 2)
    fig.update_xaxes(title=t("deep.init_layer"), dtick=1 if len(layers) <= 12 else None)
    fig.update_yaxes(title=t("deep.init_std"), type="log", exponentformat="power", row=1, col=1)
    fig.update_yaxes(title=t("deep.init_mean"), row=1, col=2)
    return _layout(fig, "", 460)


def saddle_view(r) -> go.Figure:
    fig = make_subplots(1, 2, subplot_titles=(t("deep.saddle_eig_title"),
                                              t("deep.saddle_loss_title")))
    for s in range(len(r.steps)):
        fig.add_trace(go.Scatter(x=np.full(r.lowest.shape[1], s, dtype=np.float32),
                                 y=_f32(r.lowest[s]), mode="markers", showlegend=False,
                                 marker={"color": COLORS[s % len(COLORS)], "size": 8},
                                 name=f"{t('deep.col_seed')} {s}"), 1, 1)
        curve = np.asarray(r.curves[s])
        fig.add_trace(go.Scatter(x=np.arange(len(curve), dtype=np.float32) * 10, y=_f32(curve),
                                 name=f"{t('deep.col_seed')} {s}",
                                 line={"color": COLORS[s % len(COLORS)]}), 1, 2)
    fig.add_hline(0, line={"color": "black", "width": 1}, row=1, col=1)
    fig.update_xaxes(title=t("deep.saddle_seed"), dtick=1, row=1, col=1)
    fig.update_xaxes(title=t("deep.gd_step"), row=1, col=2)
    fig.update_yaxes(title=t("deep.saddle_eig"), row=1, col=1)
    fig.update_yaxes(title=t("deep.loss"), row=1, col=2)
    return _layout(fig, "", 430)
