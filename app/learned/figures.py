"""Figures of the Learned-surfaces page: curves against epochs, and the data with fits."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from app.figures import LEGEND, LOG_AXIS, _f32, color, series_color
from app.text import t
from optim_core import datasets

LAYOUT = {"margin": {"l": 60, "r": 20, "t": 60, "b": 50}, "legend": LEGEND}


def curves(series: dict[str, tuple[np.ndarray, np.ndarray]], *, title: str, xlabel: str,
           ylabel: str, log: bool = True, height: int = 360) -> go.Figure:
    """One line per name: ``{name: (x, y)}``."""
    fig = go.Figure()
    for i, (name, (x, y)) in enumerate(series.items()):
        fig.add_trace(go.Scatter(x=_f32(x), y=_f32(y), name=name, mode="lines",
                                 line={"color": series_color(name, i), "width": 2}))
    fig.update_layout(title=title, height=height, xaxis_title=xlabel,
                      yaxis={"title": ylabel, **(LOG_AXIS if log else {"type": "linear"})},
                      **LAYOUT)
    return fig


def _raw(key: str, p: dict):
    if key == "linreg":
        return datasets.regression(p["data"], p["n"], p["noise"], p["seed"])
    if key == "quadfit":
        return datasets.lecture_quadratic(p["n"], p["noise"], p["seed"])
    if key.startswith("logistic"):
        return datasets.two_class_1d(p["n"], p["separation"], p["seed"])
    return None


def data_figure(key: str, params: dict, fits: dict[str, tuple[float, float]], *, title: str,
                xlabel: str, ylabel: str) -> go.Figure | None:
    """The data of a one-feature model and each fitted model (``{name: (w, b)}``); None
    for two-feature data."""
    raw = _raw(key, params)
    if raw is None:
        return None
    x, y = raw
    fig = go.Figure(go.Scatter(x=_f32(x), y=_f32(y), mode="markers", name=t("learned.data_name"),
                               marker={"color": "#94a3b8", "size": 6}))
    xs = np.linspace(x.min(), x.max(), 200)
    for i, (name, (w, b)) in enumerate(fits.items()):
        feat = xs * xs if key == "quadfit" else xs
        z = w * feat + b
        if key.startswith("logistic"):
            z = 1 / (1 + np.exp(-np.clip(z, -60, 60)))
        fig.add_trace(go.Scatter(x=_f32(xs), y=_f32(z), mode="lines", name=name,
                                 line={"color": color(i), "width": 2}))
    fig.update_layout(title=title, height=360, xaxis_title=xlabel, yaxis_title=ylabel, **LAYOUT)
    return fig
