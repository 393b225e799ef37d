"""Figures of the Deep-networks page's "Snapshot ensembles" tab (text through t())."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.deep.figures import COLORS, _f32, _layout
from app.text import t


def snap_rates(r) -> go.Figure:
    """The rate of every update (SGDR and the no-restart baseline), the snapshots marked."""
    it = np.arange(len(r.lr))
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=it, y=_f32(r.lr), name=t("deep.snap_sgdr"),
                             line={"color": COLORS[1]}))
    fig.add_trace(go.Scatter(x=it, y=_f32(r.base_lr), name=t("deep.snap_base"),
                             line={"color": COLORS[7], "dash": "dash"}))
    fig.add_trace(go.Scatter(x=r.snap_iters, y=_f32(r.lr[r.snap_iters]), mode="markers",
                             name=t("deep.snap_marks"),
                             marker={"color": COLORS[0], "size": 11, "symbol": "star"}))
    fig.update_xaxes(title=t("deep.snap_iter"))
    fig.update_yaxes(title=t("deep.snap_rate"))
    return _layout(fig, t("deep.snap_lr_title"), 380)


def snap_losses(r) -> go.Figure:
    """Left: each snapshot's, the ensemble's and the baseline's validation loss (bars, the
    snapshots' mean dotted); right: the validation loss after every epoch, both runs."""
    m = len(r.snap_loss)
    fig = make_subplots(1, 2, subplot_titles=(t("deep.snap_loss_title"),
                                              t("deep.snap_curve_title")))
    names = [t("deep.snap_name", k=k + 1) for k in range(m)]
    names += [t("deep.snap_ens"), t("deep.snap_base")]
    values = [*r.snap_loss, r.ens_loss, r.base_loss]
    colors = [COLORS[1]] * m + [COLORS[0], COLORS[7]]
    fig.add_trace(go.Bar(x=names, y=_f32(values), marker={"color": colors},
                         text=[f"{v:.4f}" for v in values], textposition="inside",
                         insidetextanchor="middle",     # clear of the mean's line
                         showlegend=False), 1, 1)
    fig.add_trace(go.Scatter(x=[names[0], names[m - 1]], y=[float(np.mean(r.snap_loss))] * 2,
                             mode="lines", name=t("deep.snap_mean"),
                             line={"color": COLORS[4], "dash": "dot"}), 1, 1)
    ep = np.arange(len(r.val_curve))
    fig.add_trace(go.Scatter(x=ep, y=_f32(r.val_curve), name=t("deep.snap_sgdr"),
                             line={"color": COLORS[1]}), 1, 2)
    fig.add_trace(go.Scatter(x=ep, y=_f32(r.base_curve), name=t("deep.snap_base"),
                             line={"color": COLORS[7], "dash": "dash"}), 1, 2)
    fig.update_yaxes(title=t("deep.snap_val_axis"))
    fig.update_xaxes(title=t("deep.snap_epoch"), row=1, col=2)
    return _layout(fig, "", 420)
