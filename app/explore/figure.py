"""Instant what-if, the figure: the surface as a picture, the path and the loss of every
run of the grid as float32 typed arrays, and the sliders (frames for slider A, visibility
for slider B)."""
from __future__ import annotations

import base64

import numpy as np

from app.explore.sweeps import Sweep
from optim_core import SimResult

MAX_POINTS = 40_000         # runs x points per run kept in the figure
DENSE = 2 / 3               # share of a run's points spent on its first steps, one by one


def typed(a) -> dict:
    """A float32 array as Plotly's typed-array spec (4 bytes a value, base64)."""
    a = np.ascontiguousarray(a, dtype="<f4")
    spec = {"dtype": "f4", "bdata": base64.b64encode(a.tobytes()).decode("ascii")}
    if a.ndim > 1:
        spec["shape"] = ",".join(map(str, a.shape))
    return spec


def kept_steps(runs: int, steps: int) -> np.ndarray:
    """The steps a figure of ``runs`` runs keeps, at most MAX_POINTS in all: every step
    while they fit; else the first ones one by one (where paths move most) and the rest
    log-spaced to the last step."""
    T1 = steps + 1
    budget = max(MAX_POINTS // runs, 16)
    if T1 <= budget:
        return np.arange(T1)
    dense = int(budget * DENSE)
    tail = np.geomspace(dense, steps, budget - dense).round().astype(int)
    return np.unique(np.concatenate([np.arange(dense), tail, [steps]]))


def _result_text(result: SimResult, k: int, labels: dict) -> str:
    d = int(result.diverged_at[k, 0])
    if d >= 0:
        return labels["diverged"].format(step=d)
    return labels["final"].format(loss=float(result.loss[k, 0, -1]), steps=result.config.steps)


def _loss_range(loss: np.ndarray) -> tuple[list, bool]:
    finite = loss[np.isfinite(loss)]
    positive = finite[finite > 0]
    if positive.size and finite.min() >= 0:   # a loss of exactly 0 (underflow) stays log
        lo = max(float(positive.min()), float(positive.max()) * 1e-14, 1e-300)
        return [float(np.log10(lo)) - 0.3, float(np.log10(min(finite.max(), 1e30))) + 0.3], True
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    pad = 0.05 * (hi - lo or 1.0)
    return [lo - pad, min(hi, lo + 1e6) + pad], False


def shown_loss(loss: np.ndarray, log: bool) -> np.ndarray:
    """The loss as float32 can hold it: within +-1e30, and above 1e-38 on a log axis."""
    return np.clip(loss, 1e-38 if log else -1e30, 1e30)


def explore_figure(result: SimResult, grid, bounds: tuple, sweeps: tuple, labels: dict,
                   height: int = 620, minima: tuple = (), texts: list | None = None,
                   png: str | None = None, start: tuple = (0, 0)) -> dict:
    """The figure (a plain dict): the surface (a picture) and the path on the left, the loss
    on the right with a result line above it, and one slider per sweep.

    ``labels``: title, x, y, step, loss, final ("{loss}", "{steps}"), diverged ("{step}"),
    play, pause, and one slider prefix per sweep param (e.g. labels["lr"] = "learning rate
    η = "). ``minima``: the surface's known minima ((x, y), ...), drawn as stars. ``texts``:
    the result line of each run (row k), when the page says more than the final loss.
    ``png``: the surface's picture (:func:`surface_png` of ``grid.z``) when already made.
    ``start``: the value each slider opens at (indices).
    """
    nA = len(sweeps[0].values)
    nB = len(sweeps[1].values) if len(sweeps) > 1 else 1
    T1 = result.path.shape[2]
    keep = kept_steps(nA * nB, T1 - 1)
    steps = keep.astype(np.float32)
    loss = result.loss[:, 0, keep]
    (ylo, yhi), log = _loss_range(loss)
    ytext = 10 ** (yhi - 0.08 * (yhi - ylo)) if log else yhi - 0.08 * (yhi - ylo)
    xmin, xmax, ymin, ymax = bounds
    # the surface is a picture under the axes (layout image), not a trace: a change of
    # visibility recomputes every trace, and a contour made each such step ~220 ms
    m = np.asarray(minima, dtype=np.float32).reshape(-1, 2)
    data = [{"type": "scatter", "mode": "markers", "x": typed(m[:, 0]), "y": typed(m[:, 1]),
             "hoverinfo": "skip", "showlegend": False,
             "marker": {"symbol": "star", "size": 14, "color": "white",
                        "line": {"color": "black", "width": 1.5}}}]
    for j in range(nB):   # trace group j: path, loss, result text (only group 0 visible)
        vis = j == (start[1] if nB > 1 else 0)
        data += [{"type": "scatter", "mode": "lines+markers", "x": [], "y": [], "visible": vis,
                  "line": {"color": "#e11d48", "width": 2.5}, "marker": {"size": 3},
                  "hoverinfo": "skip", "showlegend": False},
                 {"type": "scatter", "mode": "lines", "x": typed(steps), "y": [], "visible": vis,
                  "xaxis": "x2", "yaxis": "y2", "line": {"color": "#4f46e5", "width": 2},
                  "hoverinfo": "skip", "showlegend": False},
                 {"type": "scatter", "mode": "text", "x": [float(steps[-1])], "y": [ytext],
                  "text": [""], "textposition": "bottom left", "visible": vis, "xaxis": "x2",
                  "yaxis": "y2", "hoverinfo": "skip", "showlegend": False,
                  "textfont": {"size": 14}}]
    frames = []
    for i in range(nA):
        fd = []
        for j in range(nB):
            k = i * nB + j
            xy = result.path[k, 0, keep]
            fd += [{"x": typed(xy[:, 0]), "y": typed(xy[:, 1])},
                   {"y": typed(shown_loss(loss[k], log))},
                   {"text": [texts[k] if texts else _result_text(result, k, labels)]}]
        frames.append({"name": f"a{i}", "data": fd, "traces": list(range(1, 1 + 3 * nB))})
    for trace, values in zip(data[1:], frames[start[0]]["data"]):   # open at ``start``
        trace.update(values)
    sliders = [{**_slider_a(sweeps[0], labels, nA), "active": start[0]}]
    if nB > 1:
        sliders.append({**_slider_b(sweeps[1], labels, nB), "active": start[1]})
    layout = {
        "title": {"text": labels["title"]}, "height": height, "showlegend": False,
        "margin": {"l": 60, "r": 30, "t": 60, "b": 80 + 70 * len(sliders)},
        "xaxis": {"domain": [0, 0.46], "range": [xmin, xmax], "title": {"text": labels["x"]},
                  "showgrid": False, "zeroline": False},
        "yaxis": {"range": [ymin, ymax], "title": {"text": labels["y"]}, "showgrid": False,
                  "zeroline": False},
        "xaxis2": {"domain": [0.6, 1], "range": [0, float(steps[-1])],
                   "title": {"text": labels["step"]}},
        "yaxis2": {"anchor": "x2", "range": [ylo, yhi], "type": "log" if log else "linear",
                   "title": {"text": labels["loss"]}, "exponentformat": "power"},
        "sliders": sliders, "uirevision": "explore", "updatemenus": [_play(labels)],
        "images": [{"source": png or surface_png(grid.z), "xref": "x", "yref": "y", "x": xmin,
                    "y": ymax, "sizex": xmax - xmin, "sizey": ymax - ymin, "sizing": "stretch",
                    "layer": "below", "opacity": 0.9}]}
    return {"data": data, "layout": layout, "frames": frames}


def surface_png(z: np.ndarray) -> str:
    """The grid's values (rows = y upwards) as a Viridis PNG data URI, on the log scale
    log10(f - min + 1e-3); non-finite cells white."""
    from io import BytesIO

    from PIL import Image
    from plotly.colors import hex_to_rgb, sequential
    finite = np.isfinite(z)
    zmin = float(z[finite].min()) if finite.any() else 0.0
    v = np.log10(np.where(finite, z - zmin, 0.0) + 1e-3)
    lo, hi = float(v[finite].min(initial=0.0)), float(v[finite].max(initial=1.0))
    idx = np.clip((v - lo) / ((hi - lo) or 1.0) * 255, 0, 255).astype(np.uint8)
    stops = np.array([hex_to_rgb(c) for c in sequential.Viridis], dtype=float)
    lut = np.stack([np.interp(np.linspace(0, 1, 256), np.linspace(0, 1, len(stops)), stops[:, i])
                    for i in range(3)], axis=1).astype(np.uint8)
    rgb = np.where(finite[..., None], lut[idx], 255).astype(np.uint8)[::-1]   # top row first
    buf = BytesIO()
    Image.fromarray(rgb, "RGB").save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


ANIMATE = {"mode": "immediate", "frame": {"duration": 0, "redraw": False},
           "transition": {"duration": 0}}


def _fmt(v: float) -> str:
    return f"{v:.3g}"


def _play(labels: dict) -> dict:
    """Play slider A's values in order (the slider follows the frames), and Pause."""
    run = {"mode": "immediate", "fromcurrent": True, "frame": {"duration": 120, "redraw": False},
           "transition": {"duration": 0}}
    return {"type": "buttons", "direction": "left", "x": 0.0, "y": 0, "xanchor": "left",
            "yanchor": "top", "pad": {"t": 60}, "showactive": False,
            "buttons": [{"label": f"▶ {labels['play']}", "method": "animate", "args": [None, run]},
                        {"label": f"⏸ {labels['pause']}", "method": "animate",
                         "args": [[None], {**ANIMATE, "mode": "immediate"}]}]}


def _slider_a(sweep: Sweep, labels: dict, n: int) -> dict:
    return {"active": 0, "name": "a", "len": 0.75, "x": 0.25, "y": 0, "yanchor": "top",
            "pad": {"t": 50}, "currentvalue": {"prefix": labels[sweep.param]},
            "steps": [{"label": _fmt(v), "method": "animate", "args": [[f"a{i}"], ANIMATE]}
                      for i, v in enumerate(sweep.values[:n])]}


def _slider_b(sweep: Sweep, labels: dict, n: int) -> dict:
    steps = []
    for j, v in enumerate(sweep.values[:n]):
        vis = [g == j for g in range(n) for _ in range(3)]
        steps.append({"label": _fmt(v), "method": "restyle",
                      "args": [{"visible": vis}, list(range(1, 1 + 3 * n))]})
    return {"active": 0, "name": "b", "len": 0.75, "x": 0.25, "y": 0, "yanchor": "top",
            "pad": {"t": 120}, "currentvalue": {"prefix": labels[sweep.param]}, "steps": steps}
