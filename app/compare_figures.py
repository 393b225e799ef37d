"""Figures of the Compare page: pure functions, SimResult in, plotly Figure out."""
from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go

from app.figures import LEGEND, LOG_AXIS, MAP_LEGEND, _f32, add_path, contour_figure, run_colors
from optim_core import OPTIMIZERS, SimResult, Surface
from optim_core.grid import Grid

MAX_FRAMES = 40
SPEEDS = (("0.5×", 120), ("1×", 60), ("2×", 25))   # label, milliseconds per frame


def _typed(a: np.ndarray) -> dict:
    """A float32 array in plotly.js's binary form (what go objects send for numpy)."""
    return {"dtype": "f4", "bdata": base64.b64encode(np.ascontiguousarray(a, np.float32)).decode()}


def colors(result: SimResult) -> list[str]:
    """Each run's colour: its optimizer's, the same on every page."""
    return run_colors([r.name for r in result.config.optimizers])


def labels(result: SimResult) -> list[str]:
    names = [OPTIMIZERS[r.name].name for r in result.config.optimizers]
    return [f"{n} ({i + 1})" if names.count(n) > 1 else n for i, n in enumerate(names)]


def _anim(duration: int) -> dict:
    """Frames touch only the path traces (scatter): no redraw, so the contour stays."""
    return {"frame": {"duration": duration, "redraw": False}, "transition": {"duration": 0},
            "mode": "immediate", "fromcurrent": True}


def trajectory_figure(surface: Surface, grid: Grid, result: SimResult, *, title: str,
                      slider_label: str, play: str, pause: str,
                      click_grid: int = 40, avg_label: str = "averaged point") -> dict:
    """Contour + every path + start/end markers, with Play (three speeds) / Pause frames
    that update only the path traces, and a faint grid of clickable points (a click moves
    the start)."""
    fig = contour_figure(surface, grid, title=title, as_image=True)   # frames keep it
    xmin, xmax, ymin, ymax = surface.bounds
    gx, gy = np.meshgrid(np.linspace(xmin, xmax, click_grid), np.linspace(ymin, ymax, click_grid))
    fig.add_trace(go.Scatter(x=_f32(gx.ravel()), y=_f32(gy.ravel()), mode="markers",
                             marker={"size": 9, "color": "rgba(255,255,255,0.01)"},
                             hovertemplate="start here: (%{x:.2f}, %{y:.2f})<extra></extra>",
                             showlegend=False, name="click"))
    start = result.path[0, 0, 0]
    fig.add_trace(go.Scatter(x=_f32([start[0]]), y=_f32([start[1]]), mode="markers",
                             name="start", marker={"symbol": "circle-open", "size": 16,
                                                   "color": "white", "line": {"width": 3}}))
    names, cols = labels(result), colors(result)
    first = len(fig.data)
    for k, name in enumerate(names):
        add_path(fig, result.path[k, 0], name=name, line_color=cols[k],
                 diverged=result.diverged_at[k, 0] >= 0)
    path_traces = list(range(first, len(fig.data)))
    avg = (result.extras or {}).get("avg_path")
    for k, name in enumerate(names if avg is not None else []):
        if np.isfinite(avg[k, 0]).all():   # ASGD's averaged iterate, schedule-free's x
            xy = _f32(avg[k, 0])
            fig.add_trace(go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="lines", legendgroup=name,
                                     name=f"{name}: {avg_label}",
                                     line={"color": cols[k], "width": 2, "dash": "dash"}))
    T = result.path.shape[2] - 1
    steps = np.unique(np.linspace(0, T, min(MAX_FRAMES, T + 1)).round().astype(int))
    fig.update_traces(unselected={"marker": {"opacity": 1}}, selector={"type": "scatter"})
    play_buttons = [{"label": f"▶ {play} {speed}", "method": "animate",
                     "args": [None, _anim(ms)]} for speed, ms in SPEEDS]
    fig.update_layout(
        updatemenus=[{"type": "buttons", "direction": "left", "x": 0.0, "y": -0.12,
                      "xanchor": "left", "yanchor": "top", "showactive": False,
                      "pad": {"t": 0, "r": 4},
                      "buttons": [*play_buttons,
                                  {"label": f"❚❚ {pause}", "method": "animate",
                                   "args": [[None], {**_anim(0), "mode": "immediate"}]}]}],
        sliders=[{"active": len(steps) - 1, "x": 0.0, "len": 1.0, "y": -0.2,
                  "xanchor": "left", "yanchor": "top", "pad": {"t": 0},
                  "currentvalue": {"prefix": f"{slider_label}: ", "xanchor": "right",
                                   "offset": 4},
                  "steps": [{"label": str(s), "method": "animate",
                             "args": [[str(s)], _anim(0)]} for s in steps]}],
        legend=MAP_LEGEND, height=640, clickmode="event+select",
        dragmode=False)
    # Frames as plain dicts: building hundreds of validated go.Scatter objects costs more
    # than the whole simulation; plotly serializes these the same way.
    paths = _f32(result.path[:, 0])
    frames = []
    for s in steps:
        data = []
        for k in range(len(names)):
            xy = paths[k, :s + 1]
            data += [{"type": "scatter", "x": _typed(xy[:, 0]), "y": _typed(xy[:, 1])},
                     {"type": "scatter", "x": _typed(xy[-1:, 0]), "y": _typed(xy[-1:, 1])}]
        frames.append({"data": data, "traces": path_traces, "name": str(s)})
    out = fig.to_dict()
    out["frames"] = frames
    out["layout"]["margin"]["b"] = 150         # the buttons, then the slider, below the plot
    return out


def at_frame(fig: dict, index: int) -> dict:
    """The map showing frame ``index`` (the step-back / step-forward buttons): the path
    traces and the slider set to that frame. Shares every other part with ``fig``."""
    frames = fig["frames"]
    index = max(0, min(index, len(frames) - 1))
    frame = frames[index]
    data = list(fig["data"])
    for trace, update in zip(frame["traces"], frame["data"]):
        data[trace] = {**data[trace], "x": update["x"], "y": update["y"]}
    slider = {**fig["layout"]["sliders"][0], "active": index}
    return {**fig, "data": data, "layout": {**fig["layout"], "sliders": [slider]}}


def surface3d_figure(surface: Surface, grid: Grid, result: SimResult, *, title: str,
                     zlabel: str) -> go.Figure:
    zmin = min(float(np.nanmin(grid.z)), float(result.loss.min()))
    z = np.log10(grid.z - zmin + 1e-3) if surface.log_levels else grid.z
    fig = go.Figure(go.Surface(x=_f32(grid.x), y=_f32(grid.y), z=_f32(z), colorscale="Viridis",
                               opacity=0.9, showscale=False, name="surface"))
    cols = colors(result)
    for k, name in enumerate(labels(result)):
        xy, loss = result.path[k, 0], result.loss[k, 0]
        lz = np.log10(loss - zmin + 1e-3) if surface.log_levels else loss
        fig.add_trace(go.Scatter3d(x=_f32(xy[:, 0]), y=_f32(xy[:, 1]), z=_f32(lz), mode="lines",
                                   name=name, line={"color": cols[k], "width": 6}))
    fig.update_layout(title=title, height=560, margin={"l": 0, "r": 0, "t": 50, "b": 0},
                      scene={"xaxis": {"title": {"text": surface.axes[0]}},
                             "yaxis": {"title": {"text": surface.axes[1]}},
                             "zaxis": {"title": {"text": zlabel}}},
                      legend=LEGEND)
    return fig


def series_figure(result: SimResult, values: np.ndarray, *, title: str, ylabel: str,
                  log: bool) -> go.Figure:
    """One line per optimizer of ``values`` (K, T+1) against the step."""
    fig = go.Figure()
    cols = colors(result)
    for k, name in enumerate(labels(result)):
        v = values[k]
        fig.add_trace(go.Scatter(x=np.arange(len(v), dtype=np.float32), y=_f32(v), name=name,
                                 mode="lines", line={"color": cols[k], "width": 2}))
        d = result.diverged_at[k, 0]
        if d >= 0:
            fig.add_trace(go.Scatter(x=_f32([d]), y=_f32([v[d]]), mode="markers",
                                     showlegend=False, marker={"symbol": "x", "size": 12,
                                                               "color": cols[k]}))
    use_log = log and np.all(values > 0)
    fig.update_layout(title=title, height=360, xaxis_title="step",
                      yaxis={"title": ylabel, **(LOG_AXIS if use_log else {"type": "linear"})},
                      margin={"l": 60, "r": 20, "t": 50, "b": 40}, legend=LEGEND)
    return fig


def evals_figure(result: SimResult, *, title: str, xlabel: str, ylabel: str) -> go.Figure:
    """Loss against the cumulative number of function evaluations (L-BFGS evaluates f
    several times a step; every other optimizer once)."""
    fig, cols = go.Figure(), colors(result)
    for k, name in enumerate(labels(result)):
        x = np.concatenate([[0], np.cumsum(result.evals[k, 0])])
        fig.add_trace(go.Scatter(x=_f32(x), y=_f32(result.loss[k, 0]), name=name, mode="lines",
                                 line={"color": cols[k], "width": 2}))
    use_log = bool(np.all(result.loss[:, 0] > 0))
    fig.update_layout(title=title, height=360, xaxis_title=xlabel, yaxis_title=ylabel,
                      yaxis_type="log" if use_log else "linear",
                      margin={"l": 60, "r": 20, "t": 50, "b": 40},
                      legend={"orientation": "h", "y": -0.25})
    return fig


def rate_figure(result: SimResult, *, title: str, ylabel: str, xname: str,
                yname: str) -> go.Figure:
    """eta_t / sigma_t per parameter for the adaptive optimizers (solid x, dashed y)."""
    fig = go.Figure()
    cols = colors(result)
    for k, name in enumerate(labels(result)):
        if not OPTIMIZERS[result.config.optimizers[k].name].adaptive:
            continue
        e = result.eff_lr[k, 0]
        steps = np.arange(1, len(e) + 1, dtype=np.float32)
        for i, (coord, dash) in enumerate(((xname, "solid"), (yname, "dash"))):
            fig.add_trace(go.Scatter(x=steps, y=_f32(e[:, i]), mode="lines",
                                     name=f"{name}: {coord}", line={"color": cols[k],
                                                                     "dash": dash}))
    fig.update_layout(title=title, height=360, xaxis_title="step",
                      yaxis={"title": ylabel, **LOG_AXIS}, margin={"l": 60, "r": 20, "t": 50, "b": 40},
                      legend=LEGEND)
    return fig
