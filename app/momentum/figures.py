"""Figures of the Momentum page: a QuadraticResult in, a plotly Figure out.

Labels come from the page (app/text/momentum.py via ``t``); arrays go to plotly as float32.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from app.figures import _f32
from app.text import t
from optim_core import QuadraticResult, critical_beta, damping_regions, divergence_alpha_lambda

MARGIN = {"l": 70, "r": 30, "t": 80, "b": 60}
REGION_COLORS = ("#a7f3d0", "#fde68a", "#fecaca")             # monotone, oscillating, divergent
DAMPING_COLORS = ("#a7f3d0", "#fde68a", "#fdba74", "#fecaca")


def _shown(a) -> np.ndarray:
    """Values for a log axis: clipped into float32's comfortable range."""
    return _f32(np.clip(np.nan_to_num(a, nan=1e30, posinf=1e30), 1e-30, 1e30))


def _power(rho: float, steps: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):     # a diverging rate: inf, clipped for display
        return rho ** steps.astype(float)


def _component_colors(n: int) -> list[str]:
    return sample_colorscale("Viridis", list(np.linspace(0.0, 0.9, n)))


def decomposition(r: QuadraticResult) -> go.Figure:
    """|x_i^t| per eigenvector for GD (left) and momentum (right), log scale."""
    fig = make_subplots(1, 2, shared_yaxes=True, horizontal_spacing=0.06, subplot_titles=(
        t("momentum.decomp_gd", alpha=r.gd[0]),
        t("momentum.decomp_mom", alpha=r.alpha, beta=r.beta)))
    steps = np.arange(r.gd_errors.shape[1], dtype=np.float32)
    colors = _component_colors(len(r.lams))
    for col, errors, rates in ((1, r.gd_errors, r.gd_rates), (2, r.mom_errors, r.rates)):
        for i, lam in enumerate(r.lams):
            fig.add_trace(go.Scatter(
                x=steps, y=_shown(np.abs(errors[i])), mode="lines",
                name=t("momentum.component", lam=lam), legendgroup=str(i),
                showlegend=col == 1, line={"color": colors[i], "width": 2},
                hovertemplate="t=%{x}<br>|x|=%{y:.3g}<extra>λ=" + f"{lam:.3g}</extra>"),
                row=1, col=col)
        rho = float(rates.max())
        fig.add_trace(go.Scatter(x=steps, y=_shown(_power(rho, steps)), mode="lines",
                                 name=t("momentum.rate_line", rate=rho), showlegend=True,
                                 line={"color": "black", "dash": "dot", "width": 1.5}),
                      row=1, col=col)
    fig.update_yaxes(type="log", range=[-16, 0.5], exponentformat="power", row=1, col=1,
                     title_text=t("momentum.abs_error"))
    fig.update_yaxes(type="log", range=[-16, 0.5], row=1, col=2)
    fig.update_xaxes(title_text=t("momentum.step"))
    fig.update_layout(title=t("momentum.decomp_title"), height=480, margin=MARGIN,
                      legend={"orientation": "h", "y": -0.2})
    return fig


def _discrete(colors) -> list:
    n = len(colors)
    return [[v, c] for i, c in enumerate(colors) for v in (i / n, (i + 1) / n)]


def rate_map(r: QuadraticResult) -> go.Figure:
    """The rate (left) and the region (right) over the (alpha, beta) grid, with the optimum
    and the current setting marked."""
    fig = make_subplots(1, 2, shared_yaxes=True, horizontal_spacing=0.17, subplot_titles=(
        t("momentum.map_rate"), t("momentum.map_region")))
    a, b = _f32(r.alphas), _f32(r.betas)
    rate = np.where(r.rate < 1, r.rate, np.nan)
    lo = max(float(r.optimum[2]) - 0.02, 0.0)
    fig.add_trace(go.Heatmap(x=a, y=b, z=_f32(rate), zmin=lo, zmax=1.0, colorscale="Viridis",
                             colorbar={"title": {"text": t("momentum.rate")}, "x": 0.43, "len": 0.9,
                                       "thickness": 14},
                             hovertemplate="α=%{x:.4g}<br>β=%{y:.3f}<br>" + t("momentum.rate")
                             + "=%{z:.4f}<extra></extra>"), row=1, col=1)
    names = [t(f"momentum.region_{k}") for k in ("monotone", "oscillating", "divergent")]
    fig.add_trace(go.Heatmap(
        x=a, y=b, z=r.region.astype(np.float32), zmin=-0.5, zmax=2.5,
        colorscale=_discrete(REGION_COLORS), customdata=np.array(names, dtype=object)[r.region],
        colorbar={"tickvals": [0, 1, 2], "ticktext": names, "len": 0.9},
        hovertemplate="α=%{x:.4g}<br>β=%{y:.3f}<br>%{customdata}<extra></extra>"), row=1, col=2)
    for col in (1, 2):
        fig.add_trace(go.Scatter(x=[r.optimum[0]], y=[r.optimum[1]], mode="markers",
                                 name=t("momentum.optimum"), showlegend=col == 1,
                                 marker={"symbol": "star", "size": 18, "color": "white",
                                         "line": {"color": "black", "width": 1.5}}), row=1, col=col)
        fig.add_trace(go.Scatter(x=[r.alpha], y=[r.beta], mode="markers", name=t("momentum.you"),
                                 showlegend=col == 1, marker={"symbol": "circle-open", "size": 14,
                                                              "color": "#e11d48",
                                                              "line": {"width": 3}}),
                      row=1, col=col)
    fig.update_xaxes(title_text=t("momentum.alpha_axis"), range=[0, float(a[-1])])
    fig.update_yaxes(title_text=t("momentum.beta_axis"), range=[0, 1], row=1, col=1)
    fig.update_layout(title=t("momentum.map_title"), height=480, margin=MARGIN,
                      legend={"orientation": "h", "y": -0.2}, plot_bgcolor="white")
    return fig


def ball(r: QuadraticResult, i: int) -> go.Figure:
    """Component ``i``'s path x^t (left) and Distill's damping plane over (alpha lam, beta)
    with every component of the spectrum placed on it (right)."""
    al = r.alpha * r.lams
    fig = make_subplots(1, 2, horizontal_spacing=0.1, column_widths=[0.55, 0.45],
                        subplot_titles=(t("momentum.ball_path", al=al[i], beta=r.beta),
                                        t("momentum.ball_plane")))
    steps = np.arange(r.mom_errors.shape[1], dtype=np.float32)
    x = np.clip(r.mom_errors[i], -1e30, 1e30)   # diverged: clipped (nan stays a gap)
    fig.add_trace(go.Scatter(x=steps, y=_f32(x), mode="lines+markers",
                             marker={"size": 4}, line={"color": "#e11d48"}, showlegend=False,
                             hovertemplate="t=%{x}<br>x=%{y:.3g}<extra></extra>"), row=1, col=1)
    fig.add_hline(y=0, line={"color": "gray", "width": 1}, row=1, col=1)
    xs = np.linspace(0, 4.4, 221)
    bs = np.linspace(0, 0.999, 160)
    codes = damping_regions(xs[None, :], bs[:, None])
    names = [t(f"momentum.region_{k}") for k in ("over", "under", "flip", "divergent")]
    fig.add_trace(go.Heatmap(x=_f32(xs), y=_f32(bs), z=codes.astype(np.float32), zmin=-0.5,
                             zmax=3.5, colorscale=_discrete(DAMPING_COLORS), showscale=False,
                             customdata=np.array(names, dtype=object)[codes],
                             hovertemplate="αλ=%{x:.3g}<br>β=%{y:.3f}<br>%{customdata}"
                             "<extra></extra>"), row=1, col=2)
    line = np.linspace(0, 1, 101)
    sb = np.linspace(0, 1, 101)
    for x, y, name, dash in ((line, critical_beta(line), "critical", "solid"),
                             ((1 + np.sqrt(sb)) ** 2, sb, "flip", "dash"),
                             (divergence_alpha_lambda(sb), sb, "diverge_line", "dot")):
        fig.add_trace(go.Scatter(x=_f32(x), y=_f32(y), mode="lines", name=t(f"momentum.{name}"),
                                 line={"color": "black", "dash": dash, "width": 2}), row=1, col=2)
    colors = _component_colors(len(r.lams))
    fig.add_trace(go.Scatter(x=_f32(al), y=np.full(len(al), r.beta, dtype=np.float32),
                             mode="markers", showlegend=False,
                             marker={"size": [16 if k == i else 9 for k in range(len(al))],
                                     "color": colors, "line": {"color": "black", "width": 1}},
                             text=[t("momentum.component", lam=v) for v in r.lams],
                             hovertemplate="%{text}<br>αλ=%{x:.3g}<extra></extra>"),
                  row=1, col=2)
    fig.update_xaxes(title_text=t("momentum.step"), row=1, col=1)
    fig.update_yaxes(title_text=t("momentum.x_axis"), row=1, col=1)
    fig.update_xaxes(title_text=t("momentum.al_axis"), range=[0, 4.4], row=1, col=2)
    fig.update_yaxes(title_text=t("momentum.beta_axis"), range=[0, 1], row=1, col=2)
    fig.update_layout(title=t("momentum.ball_title"), height=480, margin=MARGIN,
                      legend={"orientation": "h", "y": -0.2})
    return fig
