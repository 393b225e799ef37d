"""Figures of the Compare page: pure functions, SimResult in, a plotly figure dict out.

Built as plain dicts (arrays in plotly.js's binary form): plotly's validating objects cost
more than the whole simulation. Every run is drawn from each of its starts (the map and
the 3-D view show at most ``MAX_SHOWN_STARTS`` of them; the page says so beyond).
"""
from __future__ import annotations

import base64
import binascii

import numpy as np

from app.figures import (
    KNOWN_MARKERS,
    LEGEND,
    LOG_AXIS,
    MAP_LEGEND,
    MAP_RIGHT_MARGIN,
    VIRIDIS,
    contour_levels,
    map_image,
    run_colors,
)
from app.text import t, tr
from optim_core import OPTIMIZERS, Grid, SimResult, Surface

MAX_FRAMES = 40
MAX_SHOWN_STARTS = 12        # starts drawn per run on the map and the 3-D view
SPEEDS = (("0.5×", 120), ("1×", 60), ("2×", 25))   # label, milliseconds per frame


class FigureDict(dict):
    """A figure in plotly's dict form, with ``to_dict()`` like a ``go.Figure``'s."""

    def to_dict(self) -> dict:
        return self


def _typed(a) -> dict:
    """A float32 array in plotly.js's binary form (what go objects send for numpy)."""
    return _f4(np.ascontiguousarray(a, dtype=np.float32).tobytes())


def _f4(buf: bytes) -> dict:
    """float32 bytes in plotly.js's binary form."""
    return {"dtype": "f4", "bdata": binascii.b2a_base64(buf, newline=False).decode("ascii")}


def colors(result: SimResult) -> list[str]:
    """Each run's colour: its optimizer's, the same on every page."""
    return run_colors([r.name for r in result.config.optimizers])


def run_labels(runs) -> list[str]:
    """A label per run (OptimizerRun): the optimizer's name, and for an optimizer raced more
    than once the settings that differ between its runs ("SGD η=0.01", "SGD η=0.001")."""
    from app.runs import run_labels as labels_of
    return labels_of(runs, lambda key: tr(OPTIMIZERS[key].name))


def labels(result: SimResult) -> list[str]:
    return run_labels(result.config.optimizers)


def shown_starts(result: SimResult) -> int:
    return min(result.path.shape[1], MAX_SHOWN_STARTS)


def _anim(duration: int) -> dict:
    """Frames touch only the path traces (scatter): no redraw, so the contour stays."""
    return {"frame": {"duration": duration, "redraw": False}, "transition": {"duration": 0},
            "mode": "immediate", "fromcurrent": True}


def map_base_image(grid: Grid, log: bool) -> tuple[str, float, float, dict]:
    """The filled levels as a PNG data URL, its value range and the colour bar's scale
    settings: made once per grid's values (a new optimizer, rate or start on the same
    surface reuses it; it costs ~30 ms, 50x a default simulation), shared through the
    app's one cache and keyed on a digest of the values themselves."""
    import hashlib

    from app.cache import cached
    z = np.ascontiguousarray(grid.z, dtype=np.float64)
    key = (z.shape, hashlib.blake2b(z.tobytes(), digest_size=16).hexdigest(), bool(log))

    def build():
        levels, colorbar = contour_levels(z, log)
        return (*map_image(np.asarray(levels, dtype=np.float64)), colorbar)
    return cached("compare.map_image", key, build, size_of=lambda v: len(v[0]) + 1024)


def _map_base(surface: Surface, grid: Grid, title: str) -> tuple[list, dict]:
    """The filled levels as a layout image (plus an empty trace carrying the colour bar) and
    the known critical points: app.figures.contour_figure(as_image=True) as dicts."""
    url, lo, hi, colorbar = map_base_image(grid, surface.log_levels)
    colorbar = {"title": {"text": "f({}, {})".format(*surface.axes) if surface.axes == ("x", "y")
                          else "L({}, {})".format(*surface.axes)},
                **colorbar, "x": 1.0, "xanchor": "left", "xpad": 4, "thickness": 14}
    gx, gy = grid.x, grid.y
    dx = (gx[-1] - gx[0]) / max(len(gx) - 1, 1) / 2
    dy = (gy[-1] - gy[0]) / max(len(gy) - 1, 1) / 2
    scale = [[float(p), c] for p, c in zip(np.linspace(0, 1, len(VIRIDIS)), VIRIDIS)]
    data = [{"type": "scatter", "x": [None], "y": [None], "mode": "markers",
             "hoverinfo": "skip", "showlegend": False, "name": t("figures.surface"),
             "marker": {"color": [lo, hi], "cmin": lo, "cmax": hi, "colorscale": scale,
                        "showscale": True, "colorbar": colorbar}}]
    for kind, symbol in KNOWN_MARKERS.items():
        pts = np.array([k.point for k in surface.known if k.kind == kind]).reshape(-1, 2)
        if len(pts):
            data.append({"type": "scatter", "x": _typed(pts[:, 0]), "y": _typed(pts[:, 1]),
                         "mode": "markers", "name": t(f"figures.known_{kind}"),
                         "marker": {"symbol": symbol, "size": 13, "color": "white",
                                    "line": {"color": "black", "width": 1.5}}})
    xmin, xmax, ymin, ymax = surface.bounds
    layout = {"title": {"text": title}, "height": 640,
              "margin": {"l": 60, "r": MAP_RIGHT_MARGIN, "t": 60, "b": 150},
              "images": [{"source": url, "xref": "x", "yref": "y", "x": float(gx[0] - dx),
                          "y": float(gy[-1] + dy), "sizex": float(gx[-1] - gx[0] + 2 * dx),
                          "sizey": float(gy[-1] - gy[0] + 2 * dy), "sizing": "stretch",
                          "layer": "below"}],
              "xaxis": {"title": {"text": surface.axes[0]}, "range": [xmin, xmax],
                        "showgrid": False, "zeroline": False},
              "yaxis": {"title": {"text": surface.axes[1]}, "range": [ymin, ymax],
                        "showgrid": False, "zeroline": False},
              "legend": MAP_LEGEND, "clickmode": "event+select", "dragmode": False}
    return data, layout


def trajectory_figure(surface: Surface, grid: Grid, result: SimResult, *, title: str,
                      slider_label: str, play: str, pause: str,
                      click_grid: int = 40, avg_label: str = "averaged point") -> FigureDict:
    """Contour + every path (each run from each shown start) + start/end markers, with
    Play (three speeds) / Pause frames that update only the path traces, and a faint grid
    of clickable points (a click moves the start)."""
    data, layout = _map_base(surface, grid, title)
    xmin, xmax, ymin, ymax = surface.bounds
    gx, gy = np.meshgrid(np.linspace(xmin, xmax, click_grid), np.linspace(ymin, ymax, click_grid))
    data.append({"type": "scatter", "x": _typed(gx.ravel()), "y": _typed(gy.ravel()),
                 "mode": "markers", "marker": {"size": 9, "color": "rgba(255,255,255,0.01)"},
                 "hovertemplate": t("figures.start_here") + "<extra></extra>",
                 "showlegend": False, "name": t("figures.click")})
    S = shown_starts(result)
    starts = result.path[0, :S, 0]
    data.append({"type": "scatter", "x": _typed(starts[:, 0]), "y": _typed(starts[:, 1]),
                 "mode": "markers", "name": t("figures.start"),
                 "marker": {"symbol": "circle-open", "size": 16, "color": "white",
                            "line": {"width": 3}}})
    names, cols = labels(result), colors(result)
    first = len(data)
    paths = np.asarray(result.path[:, :S], dtype=np.float32)
    for k, name in enumerate(names):
        for s in range(S):
            xy, diverged = paths[k, s], result.diverged_at[k, s] >= 0
            data += [{"type": "scatter", "x": _typed(xy[:, 0]), "y": _typed(xy[:, 1]),
                      "mode": "lines", "name": name, "legendgroup": name,
                      "showlegend": s == 0, "line": {"color": cols[k], "width": 2.5}},
                     {"type": "scatter", "x": _typed(xy[-1:, 0]), "y": _typed(xy[-1:, 1]),
                      "mode": "markers", "showlegend": False, "legendgroup": name,
                      "name": t("figures.end", name=name),
                      "marker": {"symbol": "x" if diverged else "circle", "size": 11,
                                 "color": cols[k], "line": {"color": "white", "width": 1.5}}}]
    path_traces = list(range(first, len(data)))   # what the frames update
    avg = (result.extras or {}).get("avg_path")
    for k, name in enumerate(names if avg is not None else []):
        if np.isfinite(avg[k, 0]).all():   # ASGD's averaged iterate, schedule-free's x
            xy = np.asarray(avg[k, 0], dtype=np.float32)
            data.append({"type": "scatter", "x": _typed(xy[:, 0]), "y": _typed(xy[:, 1]),
                         "mode": "lines", "legendgroup": name, "name": f"{name}: {avg_label}",
                         "line": {"color": cols[k], "width": 2, "dash": "dash"}})
    for d in data:
        if d["type"] == "scatter":
            d["unselected"] = {"marker": {"opacity": 1}}
    T = result.path.shape[2] - 1
    steps = np.unique(np.linspace(0, T, min(MAX_FRAMES, T + 1)).round().astype(int))
    play_buttons = [{"label": f"▶ {play} {speed}", "method": "animate",
                     "args": [None, _anim(ms)]} for speed, ms in SPEEDS]
    layout["updatemenus"] = [{"type": "buttons", "direction": "left", "x": 0.0, "y": -0.12,
                              "xanchor": "left", "yanchor": "top", "showactive": False,
                              "pad": {"t": 0, "r": 4},
                              "buttons": [*play_buttons,
                                          {"label": f"❚❚ {pause}", "method": "animate",
                                           "args": [[None], {**_anim(0), "mode": "immediate"}]}]}]
    layout["sliders"] = [{"active": len(steps) - 1, "x": 0.0, "len": 1.0, "y": -0.2,
                          "xanchor": "left", "yanchor": "top", "pad": {"t": 0},
                          "currentvalue": {"prefix": f"{slider_label}: ", "xanchor": "right",
                                           "offset": 4},
                          "steps": [{"label": str(s), "method": "animate",
                                     "args": [[str(s)], _anim(0)]} for s in steps]}]
    # each path's columns as float32 bytes once; a frame sends their first step + 1 values
    columns = [(paths[k, s, :, 0].tobytes(), paths[k, s, :, 1].tobytes())
               for k in range(len(names)) for s in range(S)]
    frames = []
    for step in steps:
        a, b = 4 * int(step), 4 * int(step) + 4
        fd = []
        for bx, by in columns:
            fd += [{"type": "scatter", "x": _f4(bx[:b]), "y": _f4(by[:b])},
                   {"type": "scatter", "x": _f4(bx[a:b]), "y": _f4(by[a:b])}]
        frames.append({"data": fd, "traces": path_traces, "name": str(step)})
    return FigureDict(data=data, layout=layout, frames=frames)


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
                     zlabel: str) -> FigureDict:
    zmin = min(float(np.nanmin(grid.z)), float(np.nanmin(result.loss)))
    z = np.log10(grid.z - zmin + 1e-3) if surface.log_levels else grid.z
    z32 = np.asarray(z, dtype=np.float32)
    data = [{"type": "surface", "x": _typed(grid.x), "y": _typed(grid.y),
             "z": {"dtype": "f4", "shape": f"{z32.shape[0]}, {z32.shape[1]}",
                   "bdata": base64.b64encode(np.ascontiguousarray(z32)).decode()},
             "colorscale": "Viridis", "opacity": 0.9, "showscale": False, "name": t("figures.surface")}]
    cols = colors(result)
    for k, name in enumerate(labels(result)):
        for s in range(shown_starts(result)):
            xy, loss = result.path[k, s], result.loss[k, s]
            lz = np.log10(loss - zmin + 1e-3) if surface.log_levels else loss
            data.append({"type": "scatter3d", "x": _typed(xy[:, 0]), "y": _typed(xy[:, 1]),
                         "z": _typed(lz), "mode": "lines", "name": name, "legendgroup": name,
                         "showlegend": s == 0, "line": {"color": cols[k], "width": 6}})
    layout = {"title": {"text": title}, "height": 560,
              "margin": {"l": 0, "r": 0, "t": 50, "b": 0},
              "scene": {"xaxis": {"title": {"text": surface.axes[0]}},
                        "yaxis": {"title": {"text": surface.axes[1]}},
                        "zaxis": {"title": {"text": zlabel}}},
              "legend": LEGEND}
    return FigureDict(data=data, layout=layout)


def _line_layout(title: str, ylabel: str, yaxis: dict) -> dict:
    return {"title": {"text": title}, "height": 360, "xaxis": {"title": {"text": t("figures.step")}},
            "yaxis": {"title": {"text": ylabel}, **yaxis},
            "margin": {"l": 60, "r": 20, "t": 50, "b": 40}, "legend": LEGEND}


def series_figure(result: SimResult, values: np.ndarray, *, title: str, ylabel: str,
                  log: bool) -> FigureDict:
    """One line per run of ``values`` (K, T+1) against the step (its first start)."""
    data = []
    cols = colors(result)
    for k, name in enumerate(labels(result)):
        v = values[k]
        data.append({"type": "scatter", "x": _typed(np.arange(len(v))), "y": _typed(v),
                     "name": name, "mode": "lines", "line": {"color": cols[k], "width": 2}})
        d = int(result.diverged_at[k, 0])
        if d >= 0:
            data.append({"type": "scatter", "x": _typed([d]), "y": _typed([v[d]]),
                         "mode": "markers", "showlegend": False,
                         "marker": {"symbol": "x", "size": 12, "color": cols[k]}})
    use_log = log and bool(np.all(values > 0))
    return FigureDict(data=data, layout=_line_layout(title, ylabel,
                                                     LOG_AXIS if use_log else {"type": "linear"}))


def evals_figure(result: SimResult, *, title: str, xlabel: str, ylabel: str) -> FigureDict:
    """Loss against the cumulative number of function evaluations (L-BFGS evaluates f
    several times a step; every other optimizer once)."""
    data, cols = [], colors(result)
    for k, name in enumerate(labels(result)):
        x = np.concatenate([[0], np.cumsum(result.evals[k, 0])])
        data.append({"type": "scatter", "x": _typed(x), "y": _typed(result.loss[k, 0]),
                     "name": name, "mode": "lines", "line": {"color": cols[k], "width": 2}})
    use_log = bool(np.all(result.loss[:, 0] > 0))
    layout = _line_layout(title, ylabel, LOG_AXIS if use_log else {"type": "linear"})
    layout["xaxis"] = {**layout.get("xaxis", {}), "title": {"text": xlabel}}
    return FigureDict(data=data, layout=layout)


def evals_axis(fig: FigureDict, result: SimResult, *, steps_label: str, evals_label: str,
               evals_title: str) -> FigureDict:
    """Add an x-axis choice to a ``series_figure`` of ``result``: steps, or cumulative
    function evaluations (L-BFGS evaluates f several times a step; every other optimizer
    once). Two buttons restyle the x of every trace in the browser (no rerun)."""
    by_steps, by_evals = [], []
    for k in range(len(result.config.optimizers)):
        cum = np.concatenate([[0], np.cumsum(result.evals[k, 0])]).astype(int).tolist()
        by_steps.append(list(range(len(cum))))
        by_evals.append(cum)
        d = int(result.diverged_at[k, 0])
        if d >= 0:   # the divergence marker of series_figure follows its line
            by_steps.append([d])
            by_evals.append([cum[d]])
    if len(by_steps) != len(fig["data"]):   # not the figure this was made for
        return fig
    layout = fig["layout"]
    title = layout["title"]["text"]
    layout["margin"] = {**layout.get("margin", {}), "b": 95}   # room for the buttons
    layout["updatemenus"] = [{
        "type": "buttons", "direction": "left", "x": 0.0, "xanchor": "left", "y": -0.3,
        "yanchor": "top", "showactive": True, "active": 0,
        "buttons": [{"label": steps_label, "method": "update",
                     "args": [{"x": by_steps}, {"xaxis.title.text": steps_label,
                                                "title.text": title}]},
                    {"label": evals_label, "method": "update",
                     "args": [{"x": by_evals}, {"xaxis.title.text": evals_label,
                                                "title.text": evals_title}]}]}]
    return fig


def rate_figure(result: SimResult, *, title: str, ylabel: str, xname: str,
                yname: str) -> FigureDict:
    """eta_t / sigma_t per parameter for the adaptive optimizers (solid x, dashed y)."""
    data = []
    cols = colors(result)
    for k, name in enumerate(labels(result) if result.eff_lr is not None else ()):
        if not OPTIMIZERS[result.config.optimizers[k].name].adaptive:
            continue
        e = result.eff_lr[k, 0]
        steps = np.arange(1, len(e) + 1)
        for i, (coord, dash) in enumerate(((xname, "solid"), (yname, "dash"))):
            data.append({"type": "scatter", "x": _typed(steps), "y": _typed(e[:, i]),
                         "mode": "lines", "name": f"{name}: {coord}",
                         "line": {"color": cols[k], "dash": dash}})
    return FigureDict(data=data, layout=_line_layout(title, ylabel, LOG_AXIS))
