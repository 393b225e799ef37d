"""Figures of the Neural-network page's "Weights and optimizers" and "Widths" tabs."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.figures import LEGEND, LOG_AXIS, _f32
from app.text import t

LAYOUT = {"margin": {"l": 60, "r": 20, "t": 60, "b": 50}, "legend": LEGEND}
COLORS = ("#2563eb", "#9ca3af")


def sorted_magnitudes(weights: dict[str, np.ndarray], near_zero: float) -> go.Figure:
    """|w| sorted from the largest, one line per set of weights (log scale), with the
    near-zero line."""
    fig = go.Figure()
    for (label, w), col in zip(weights.items(), COLORS):
        mags = np.sort(np.abs(w))[::-1]
        share = np.arange(1, len(mags) + 1) / len(mags)
        fig.add_trace(go.Scatter(x=_f32(share), y=_f32(np.maximum(mags, 1e-12)), mode="lines",
                                 name=label, line={"color": col, "width": 2}))
    fig.add_hline(y=near_zero, line={"dash": "dot", "color": "#b91c1c"},
                  annotation_text=t("netreg.near_zero_line", tol=near_zero))
    fig.update_layout(title=t("netreg.weights_title"), height=380,
                      xaxis={"title": t("netreg.weights_x"), "tickformat": ".0%"},
                      yaxis={"title": t("netreg.weights_y"), **LOG_AXIS}, **LAYOUT)
    return fig


def singular_values(grad: np.ndarray, update: np.ndarray) -> go.Figure:
    i = np.arange(1, len(grad) + 1)
    fig = go.Figure([
        go.Scatter(x=i, y=_f32(np.maximum(grad / grad[0], 1e-12)), mode="lines+markers",
                   name=t("netreg.sv_grad"), line={"color": COLORS[1]}),
        go.Scatter(x=i, y=_f32(np.maximum(update, 1e-12)), mode="lines+markers",
                   name=t("netreg.sv_update"), line={"color": COLORS[0]})])
    fig.add_hline(y=1.0, line={"dash": "dot", "color": "#6b7280"})
    fig.update_layout(title=t("netreg.sv_title"), height=380,
                      xaxis_title=t("netreg.sv_x"),
                      yaxis={"title": t("netreg.sv_y"), **LOG_AXIS}, **LAYOUT)
    return fig


def factored_moment(m: dict) -> go.Figure:
    """The full second moment and Adafactor's factored one, on one colour scale."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=(t("netreg.v_full", n=m["full"].size),
                                        t("netreg.v_factored", n=m["row"].size + m["col"].size)))
    hi = float(max(m["full"].max(), m["factored"].max()))
    for col, z in ((1, m["full"]), (2, m["factored"])):
        fig.add_trace(go.Heatmap(z=_f32(z), coloraxis="coloraxis",
                                 hovertemplate=t("netreg.v_hover") + "<extra></extra>"),
                      row=1, col=col)
        fig.update_yaxes(autorange="reversed", title_text=t("netreg.v_rows"), row=1, col=col)
        fig.update_xaxes(title_text=t("netreg.v_cols"), row=1, col=col)
    fig.update_layout(title=t("netreg.v_title", steps=m["steps"]), height=380,
                      coloraxis={"colorscale": "Viridis", "cmin": 0, "cmax": hi},
                      margin=LAYOUT["margin"])
    return fig


def widths_boundaries(runs, data) -> go.Figure:
    """The notes' figure: one decision boundary per hidden width, side by side."""
    cols = 4
    rows = -(-len(runs) // cols)
    fig = make_subplots(rows=rows, cols=cols, horizontal_spacing=0.04, vertical_spacing=0.12,
                        subplot_titles=[t("netreg.width_panel", w=r.width, loss=r.train_loss)
                                        for r in runs])
    X, y = data.x_train, data.y_train
    for i, r in enumerate(runs):
        row, col = i // cols + 1, i % cols + 1
        fig.add_trace(go.Contour(x=_f32(r.xs), y=_f32(r.ys), z=_f32(np.nan_to_num(r.p, nan=0.5)),
                                 coloraxis="coloraxis", opacity=0.75, hoverinfo="skip",
                                 contours={"start": 0, "end": 1, "size": 0.1}),
                      row=row, col=col)
        for c, color in ((0, "#b91c1c"), (1, "#1d4ed8")):
            m = y == c
            fig.add_trace(go.Scatter(x=_f32(X[m, 0]), y=_f32(X[m, 1]), mode="markers",
                                     name=t("network.class", c=c), legendgroup=str(c),
                                     showlegend=i == 0,
                                     marker={"color": color, "size": 4,
                                             "line": {"color": "white", "width": 0.4}}),
                          row=row, col=col)
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False)
    for i in range(len(runs)):       # inputs named under the bottom panels, left of the first
        row, col = i // cols + 1, i % cols + 1
        if i + cols >= len(runs):
            fig.update_xaxes(title_text=t("network.x1", f=data.features[0]), row=row, col=col)
        if col == 1:
            fig.update_yaxes(title_text=t("network.x2", f=data.features[1]), row=row, col=col)
    fig.update_layout(title=t("netreg.widths_title"), height=300 * rows + 80,
                      coloraxis={"colorscale": "RdBu", "cmin": 0, "cmax": 1,
                                 "colorbar": {"title": {"text": t("network.prob")}}},
                      legend={"orientation": "h", "y": -0.05}, margin=LAYOUT["margin"])
    return fig
