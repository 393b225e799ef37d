"""Figure builders of the Saddles & Hessian page: results in, plotly Figures out (pure)."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.figures import _f32, contour_figure, contour_levels
from app.text import t, tr
from optim_core import ESCAPE_METHODS, KINDS, CriticalResult, EscapeResult, Grid, PointInfo, Surface

MARKERS = {"minimum": ("star", "#facc15"), "maximum": ("triangle-up", "#f43f5e"),
           "saddle": ("x", "#22d3ee"), "degenerate": ("diamond", "#e879f9")}
METHOD_COLORS = {"gd": "#64748b", "gd_noise": "#4f46e5", "momentum": "#059669",
                 "eigen": "#e11d48"}
PATH_DASH = {"gd": "solid", "gd_noise": "solid", "momentum": "dash", "eigen": "dot"}
NEG, POS = "#dc2626", "#2563eb"


def short_side(bounds) -> float:
    """The shorter side of a domain: the length scale of arrows and windows."""
    return float(min(bounds[1] - bounds[0], bounds[3] - bounds[2]))


def zero_level(info: PointInfo) -> float:
    """Entries below this print as 0: round-off of a gradient that vanishes."""
    h = np.abs(info.hessian)
    return 1e-10 * max(1.0, float(h.max()) if np.all(np.isfinite(h)) else 1.0)


def _axes(fig: go.Figure, **kw) -> go.Figure:
    fig.update_xaxes(title=t("critical.axis_x"), **kw)
    fig.update_yaxes(title=t("critical.axis_y"), **kw)
    return fig


def critical_map(surface: Surface, grid: Grid, result: CriticalResult,
                 selected: tuple[float, float] | None, click_n: int = 36) -> go.Figure:
    """Contour, a faint grid of clickable points, every critical point by type."""
    fig = contour_figure(surface, grid, title=t("critical.map_title", name=tr(surface.name)),
                         show_known=False, height=600)
    xmin, xmax, ymin, ymax = result.config.domain
    gx, gy = np.meshgrid(np.linspace(xmin, xmax, click_n), np.linspace(ymin, ymax, click_n))
    fig.add_trace(go.Scatter(x=_f32(gx.ravel()), y=_f32(gy.ravel()), mode="markers",
                             name=t("critical.click_grid"), showlegend=False,
                             marker={"size": 9, "color": "white", "opacity": 0.08},
                             hovertemplate="(%{x:.3f}, %{y:.3f})<extra></extra>"))
    for p in result.points:
        if p.family is not None:
            fig.add_trace(go.Scatter(x=_f32(p.family[:, 0]), y=_f32(p.family[:, 1]),
                                     mode="markers", name=t("critical.family"),
                                     legendgroup="family", showlegend=False,
                                     marker={"size": 5, "color": MARKERS["degenerate"][1]},
                                     hovertemplate="(%{x:.3f}, %{y:.3f})<extra>"
                                     + t("critical.family") + "</extra>"))
    for kind in KINDS:
        pts = [p for p in result.points if p.kind == kind]
        if not pts:
            continue
        xy = _f32([p.point for p in pts])
        symbol, colour = MARKERS[kind]
        fig.add_trace(go.Scatter(
            x=xy[:, 0], y=xy[:, 1], mode="markers", name=t(f"critical.kind_{kind}"),
            marker={"symbol": symbol, "size": 15, "color": colour,
                    "line": {"color": "black", "width": 1.5}},
            customdata=_f32([[p.value, *p.eigenvalues] for p in pts]),
            hovertemplate=("(%{x:.4f}, %{y:.4f})<br>L = %{customdata[0]:.4g}<br>"
                           "λ = %{customdata[1]:.4g}, %{customdata[2]:.4g}<extra>"
                           + t(f"critical.kind_{kind}") + "</extra>")))
    if selected is not None:
        fig.add_trace(go.Scatter(x=_f32([selected[0]]), y=_f32([selected[1]]), mode="markers",
                                 name=t("critical.selected"), hoverinfo="skip",
                                 marker={"symbol": "circle-open", "size": 28, "color": "#f97316",
                                         "line": {"width": 4}}))
    fig.update_layout(clickmode="event+select", dragmode=False,
                      legend={"orientation": "h", "y": -0.12})
    return _axes(fig)


def _num(v: float, digits: int, zero: float) -> str:
    if abs(v) <= zero:
        return "0"
    s = f"{v:.{digits}g}"
    if "e" in s:
        mant, exp = s.split("e")
        s = rf"{mant}\cdot 10^{{{int(exp)}}}"
    return s


def matrix_latex(name: str, m: np.ndarray, digits: int = 4, zero: float = 0.0) -> str:
    """``name = [[...]]`` as a LaTeX bmatrix (a vector is a column); entries with
    ``|v| <= zero`` print as 0 (round-off at a critical point)."""
    m = np.atleast_2d(np.asarray(m, dtype=np.float64))
    if m.shape[0] == 1:
        m = m.T
    rows = r" \\ ".join(" & ".join(_num(v, digits, zero) for v in r) for r in m)
    return rf"{name} = \begin{{bmatrix}} {rows} \end{{bmatrix}}"


def eigen_latex(info: PointInfo) -> list[str]:
    """One line per eigenpair: lambda_i and its unit eigenvector u_i."""
    return [rf"\lambda_{i + 1} = {_num(lam, 4, 0.0)},\quad u_{i + 1} = "
            rf"\begin{{bmatrix}} {u[0]:.3f} \\ {u[1]:.3f} \end{{bmatrix}}"
            for i, (lam, u) in enumerate(zip(info.eigenvalues, info.eigenvectors))]


def hessian_arrows(info: PointInfo, length: float = 1.0) -> go.Figure:
    """The eigenvectors at the point as arrows of length proportional to |lambda|, both
    ways (+-u), red for negative curvature; the negative gradient in grey."""
    lam, vec = info.eigenvalues, info.eigenvectors
    big = float(np.abs(lam).max()) or 1.0
    fig = go.Figure()
    c = info.point
    for i in range(2):
        s = length * abs(lam[i]) / big
        colour = NEG if lam[i] < 0 else POS
        for sign in (1, -1):
            tip = c + sign * s * vec[i]
            fig.add_annotation(x=tip[0], y=tip[1], ax=c[0], ay=c[1], xref="x", yref="y",
                               axref="x", ayref="y", showarrow=True, arrowhead=3,
                               arrowwidth=3, arrowcolor=colour)
        fig.add_trace(go.Scatter(x=[c[0] + s * vec[i][0]], y=[c[1] + s * vec[i][1]],
                                 mode="text", text=[f"λ{i + 1} = {lam[i]:.3g}"],
                                 textposition="middle right", showlegend=False,
                                 textfont={"color": colour, "size": 14}))
    g = info.gradient
    gn = float(np.linalg.norm(g))
    if gn > 0 and info.kind == "not critical":
        tip = c - length * g / gn
        fig.add_annotation(x=tip[0], y=tip[1], ax=c[0], ay=c[1], xref="x", yref="y",
                           axref="x", ayref="y", showarrow=True, arrowhead=2, arrowwidth=2,
                           arrowcolor="#475569", text=t("critical.arrow_grad"))
    fig.add_trace(go.Scatter(x=[c[0]], y=[c[1]], mode="markers", showlegend=False,
                             marker={"size": 10, "color": "black"}, hoverinfo="skip"))
    r = 1.6 * length
    fig.update_layout(title=t("critical.arrows_title"), height=380,
                      margin={"l": 60, "r": 20, "t": 50, "b": 50}, plot_bgcolor="#f8fafc")
    _axes(fig, range=None)
    fig.update_xaxes(range=[c[0] - r, c[0] + r], zeroline=False)
    fig.update_yaxes(range=[c[1] - r, c[1] + r], scaleanchor="x", zeroline=False)
    return fig


def taylor_figure(window: dict, center, log: bool) -> go.Figure:
    """True surface and quadratic model side by side, same colour levels, with the line
    inside which the model is within 10 % of the window's loss range."""
    x, y, true, model = window["x"], window["y"], window["true"], window["model"]
    finite = true[np.isfinite(true)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    span = max(hi - lo, 1e-12)
    fig = make_subplots(1, 2, subplot_titles=(t("critical.taylor_title_true"),
                                              t("critical.taylor_title_model")),
                        horizontal_spacing=0.08)
    for col, z in ((1, true), (2, np.clip(model, lo - span, hi + span))):
        fig.add_trace(go.Contour(x=_f32(x), y=_f32(y), z=_f32(z), zmin=lo, zmax=hi,
                                 contours={"start": lo, "end": hi, "size": span / 20},
                                 colorscale="Viridis", showscale=col == 2, line={"width": 0.5},
                                 colorbar={"title": {"text": "L"}},
                                 hovertemplate="(%{x:.3f}, %{y:.3f}) L=%{z:.4g}<extra></extra>",
                                 showlegend=False), 1, col)
        err = np.abs(model - true) / span
        fig.add_trace(go.Contour(x=_f32(x), y=_f32(y), z=_f32(err), showscale=False,
                                 contours={"start": 0.1, "end": 0.1, "size": 1,
                                           "coloring": "none"},
                                 line={"color": "#ef4444", "width": 3, "dash": "dash"},
                                 name=t("critical.taylor_holds"), showlegend=col == 1,
                                 hoverinfo="skip"), 1, col)
        fig.add_trace(go.Scatter(x=[center[0]], y=[center[1]], mode="markers",
                                 showlegend=False, hoverinfo="skip",
                                 marker={"size": 10, "color": "white",
                                         "line": {"color": "black", "width": 2}}), 1, col)
    fig.update_layout(height=430, margin={"l": 60, "r": 20, "t": 60, "b": 50},
                      legend={"orientation": "h", "y": -0.2})
    return _axes(fig)


def escape_figure(res: EscapeResult) -> go.Figure:
    """Mean steps to escape against the noise level, one line per method."""
    labels = [f"{s:g}" for s in res.sigmas]
    cap = res.config.steps
    fig = go.Figure()
    for m, name in enumerate(ESCAPE_METHODS):
        mean, frac, blown = res.mean_steps[m], res.escaped[m], res.diverged[m]
        text = [t("critical.escaped_frac", frac=f"{f:.0%}")
                + (t("critical.diverged_frac", frac=f"{b:.0%}") if b > 0 else "")
                for f, b in zip(frac, blown)]
        dash = "dash" if name == "gd" else "solid"
        fig.add_trace(go.Scatter(x=labels, y=_f32(mean), mode="lines+markers",
                                 name=t(f"critical.method_{name}"), text=text,
                                 line={"color": METHOD_COLORS[name], "width": 3, "dash": dash},
                                 marker={"size": 9, "symbol": ["circle" if f == 1 else "x"
                                                               for f in frac]},
                                 hovertemplate=t("critical.hover_escape") + "<extra></extra>"))
    fig.add_hline(y=cap, line={"color": "#94a3b8", "dash": "dot"},
                  annotation_text=t("critical.stall"), annotation_position="top left")
    fig.update_layout(title=t("critical.escape_title"), height=420,
                      xaxis={"title": t("critical.escape_x"), "type": "category"},
                      yaxis={"title": t("critical.escape_y"), "rangemode": "tozero",
                             "range": [0, cap * 1.1]},
                      margin={"l": 60, "r": 20, "t": 60, "b": 50},
                      legend={"orientation": "h", "y": -0.25})
    return fig


def escape_paths_figure(surface: Surface, grid: Grid, res: EscapeResult, s: int) -> go.Figure:
    """Example runs of every method at noise level ``res.sigmas[s]`` around the point."""
    z, _ = contour_levels(grid.z, surface.log_levels)
    c, r = np.array(res.config.point), res.config.radius
    fig = go.Figure(go.Contour(x=_f32(grid.x), y=_f32(grid.y), z=_f32(z), ncontours=30,
                               colorscale="Viridis", opacity=0.75, showscale=False,
                               hoverinfo="skip", contours={"coloring": "heatmap"},
                               line={"width": 0.3}))
    th = np.linspace(0, 2 * np.pi, 120)
    fig.add_trace(go.Scatter(x=_f32(c[0] + r * np.cos(th)), y=_f32(c[1] + r * np.sin(th)),
                             mode="lines", name=t("critical.ball"),
                             line={"color": "white", "dash": "dash", "width": 2}))
    for m, name in enumerate(ESCAPE_METHODS):
        for j, path in enumerate(res.paths[m, s]):
            fig.add_trace(go.Scatter(x=_f32(path[:, 0]), y=_f32(path[:, 1]), mode="lines",
                                     name=t(f"critical.method_{name}"), legendgroup=name,
                                     showlegend=j == 0,
                                     line={"color": METHOD_COLORS[name], "width": 5 - m,
                                           "dash": PATH_DASH[name]}, opacity=0.85))
    w = 3 * r
    fig.update_layout(title=t("critical.paths_title", sigma=float(res.sigmas[s])), height=420,
                      margin={"l": 60, "r": 20, "t": 60, "b": 50},
                      legend={"orientation": "h", "y": -0.25})
    _axes(fig)
    fig.update_xaxes(range=[c[0] - w, c[0] + w])
    fig.update_yaxes(range=[c[1] - w, c[1] + w], scaleanchor="x")
    return fig
