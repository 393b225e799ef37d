"""The Neural-network page's replay: an epoch slider with Play over the training's
snapshots (:attr:`optim_core.nets.RunHistory.weights`, kept every ``ceil(epochs / 200)``
epochs). One figure (a plain dict, arrays as typed base64) carries every frame: the
decision boundary of the chosen run (P(class 1) on a ``GRID`` x ``GRID`` grid, one byte a
cell), every run's point on the landscape plane (PCA of the paths, through the chosen
run's final weights) and every run's marker on its training-loss curve. The slider and
Play switch frames in the browser (Plotly ``animate``): no request to the server.

Bounded payload: at most ``MAX_FRAMES`` frames of ``GRID**2`` bytes (about 3 kB each in
base64) plus a few points.
"""
from __future__ import annotations

import base64
import time
from dataclasses import dataclass

import numpy as np
import plotly.io as pio
import streamlit as st
import torch

from app.cache import cached
from app.explore import surface_png, typed
from app.figures import FrozenFigure, run_colors
from app.network import cache
from app.text import current_language, t
from optim_core import decision_grid, set_weights

MAX_FRAMES = 60          # frames one replay carries (snapshots evenly picked)
GRID = 48                # decision-boundary cells per axis
PLANE = 21               # landscape grid per axis
WIDGETS = ("net.rp.run",)
REDRAW = {"mode": "immediate", "frame": {"duration": 0, "redraw": True},
          "transition": {"duration": 0}}


def u8(a: np.ndarray) -> dict:
    """Values in [0, 1] as Plotly's typed-array spec of bytes (0..255)."""
    b = np.ascontiguousarray(np.clip(np.round(np.nan_to_num(a, nan=0.5) * 255), 0, 255),
                             dtype=np.uint8)
    return {"dtype": "u1", "bdata": base64.b64encode(b.tobytes()).decode("ascii"),
            "shape": ",".join(map(str, b.shape))}


def frame_rows(snapshots: np.ndarray, finite: np.ndarray) -> np.ndarray:
    """Rows of the snapshots a replay shows: the finite ones, at most MAX_FRAMES, evenly
    spread, first and last kept."""
    rows = np.flatnonzero(finite)
    if len(rows) <= MAX_FRAMES:
        return rows
    pick = np.unique(np.linspace(0, len(rows) - 1, MAX_FRAMES).round().astype(int))
    return rows[pick]


def boundaries(result, k: int, rows: np.ndarray, n: int = GRID):
    """``(xs, ys, P (F, n, n))``: run ``k``'s P(class 1) at each snapshot row (the grid of
    :func:`~optim_core.net_analysis.decision_grid`; one model, its weights written in
    place for each row, the grid built once)."""
    run, data = result.runs[k], result.config.data()
    xs, ys, first = decision_grid(set_weights(run.model, run.weights[rows[0]],
                                              run.buffers[rows[0]]), n=n, data=data)
    grid = torch.tensor(np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2), dtype=torch.float64)
    model = set_weights(run.model, run.weights[rows[0]], run.buffers[rows[0]])
    params = list(model.parameters())
    out = [first]
    with torch.no_grad():
        for r in rows[1:]:
            theta, i = torch.as_tensor(run.weights[r]), 0
            for p in params:
                p.copy_(theta[i:i + p.numel()].view_as(p))
                i += p.numel()
            for name, b in run.buffers[r].items():
                model.get_buffer(name).copy_(b)
            out.append(torch.softmax(model(grid), dim=1)[:, 1].reshape(n, n).numpy())
    return xs, ys, np.stack(out)


def replay_figure(result, view, k: int, names: list[str], labels: dict) -> dict:
    """The replay (a plain figure dict with frames and a slider)."""
    run = result.runs[k]
    finite = np.all(np.isfinite(run.weights), axis=1)
    rows = frame_rows(run.snapshots, finite)
    epochs = run.snapshots[rows]
    xs, ys, P = boundaries(result, k, rows)
    data_set = result.config.data()
    K = len(result.runs)
    cols = run_colors([r.name for r in result.runs])     # as on the training tab
    a = view.coords
    span = float(a[-1])
    traces = [{"type": "heatmap", "x": typed(xs), "y": typed(ys), "z": u8(P[0]),
               "zmin": 0, "zmax": 255, "colorscale": "RdBu", "reversescale": True,
               "showscale": False, "zsmooth": "best", "opacity": 0.8, "hoverinfo": "skip"}]
    for c, col in ((0, "#b91c1c"), (1, "#1d4ed8")):
        m = data_set.y_train == c
        traces.append({"type": "scatter", "mode": "markers", "x": typed(data_set.x_train[m, 0]),
                       "y": typed(data_set.x_train[m, 1]), "hoverinfo": "skip",
                       "marker": {"color": col, "size": 5, "line": {"color": "white",
                                                                  "width": 0.5}}})
    for j in range(K):       # the paths on the plane and the loss curves (static)
        ab = view.paths[j]
        if ab is not None:
            traces.append({"type": "scatter", "mode": "lines", "x": typed(ab[:, 0]),
                           "y": typed(ab[:, 1]), "xaxis": "x2", "yaxis": "y2",
                           "line": {"color": cols[j], "width": 2}, "hoverinfo": "skip"})
        loss = result.runs[j].train_loss
        traces.append({"type": "scatter", "mode": "lines", "name": names[j],
                       "x": typed(np.arange(len(loss))), "y": typed(np.clip(loss, 1e-30, 1e30)),
                       "xaxis": "x3", "yaxis": "y3", "showlegend": True,
                       "line": {"color": cols[j], "width": 2}})
    moving = len(traces)

    def points(e: int):
        px, py, lx, ly = [], [], [], []
        for j in range(K):
            snaps = view.snapshots[j]
            if view.paths[j] is not None and len(snaps):
                i = max(0, int(np.searchsorted(snaps, e, side="right")) - 1)
                px.append(view.paths[j][i, 0])
                py.append(view.paths[j][i, 1])
            else:
                px.append(np.nan)
                py.append(np.nan)
            loss = result.runs[j].train_loss
            lx.append(e)
            ly.append(np.clip(loss[min(e, len(loss) - 1)], 1e-30, 1e30))
        return ([{"x": typed(np.array(px)), "y": typed(np.array(py))},
                 {"x": typed(np.array(lx)), "y": typed(np.array(ly))}])
    colors = cols
    first = points(int(epochs[0]))
    traces.append({"type": "scatter", "mode": "markers", "xaxis": "x2", "yaxis": "y2",
                   **first[0], "hoverinfo": "skip",
                   "marker": {"color": colors, "size": 12, "line": {"color": "white",
                                                                    "width": 2}}})
    traces.append({"type": "scatter", "mode": "markers", "xaxis": "x3", "yaxis": "y3",
                   **first[1], "hoverinfo": "skip",
                   "marker": {"color": colors, "size": 11, "line": {"color": "white",
                                                                    "width": 2}}})
    frames = [{"name": f"e{int(e)}", "traces": [0, moving, moving + 1],
               "data": [{"z": u8(P[i])}, *points(int(e))]} for i, e in enumerate(epochs)]
    steps = [{"label": str(int(e)), "method": "animate", "args": [[f"e{int(e)}"], REDRAW]}
             for e in epochs]
    play = {"mode": "immediate", "fromcurrent": True,
            "frame": {"duration": 150, "redraw": True}, "transition": {"duration": 0}}
    z = np.where(np.isfinite(view.z), view.z, np.nan)
    layout = {
        "title": {"text": labels["title"]}, "height": 560, "showlegend": True,
        "legend": {"orientation": "h", "x": 0.68, "y": 1.12},
        "margin": {"l": 50, "r": 20, "t": 90, "b": 150},
        "xaxis": {"domain": [0, 0.3], "title": {"text": labels["x"]}, "range": [xs[0], xs[-1]]},
        "yaxis": {"title": {"text": labels["y"]}, "range": [ys[0], ys[-1]]},
        "xaxis2": {"domain": [0.36, 0.64], "range": [-span, span], "showgrid": False,
                   "title": {"text": labels["a"]}, "zeroline": False},
        "yaxis2": {"anchor": "x2", "range": [-span, span], "showgrid": False,
                   "title": {"text": labels["b"]}, "zeroline": False},
        "xaxis3": {"domain": [0.72, 1], "title": {"text": labels["epoch"]},
                   "range": [0, float(len(run.train_loss) - 1)]},
        "yaxis3": {"anchor": "x3", "type": "log", "title": {"text": labels["loss"]},
                   "exponentformat": "power"},
        "images": [{"source": surface_png(z), "xref": "x2", "yref": "y2", "x": -span,
                    "y": span, "sizex": 2 * span, "sizey": 2 * span, "sizing": "stretch",
                    "layer": "below", "opacity": 0.9}],
        "sliders": [{"active": 0, "len": 0.8, "x": 0.2, "y": 0, "yanchor": "top",
                     "pad": {"t": 60}, "currentvalue": {"prefix": labels["prefix"]},
                     "steps": steps}],
        "updatemenus": [{"type": "buttons", "direction": "left", "x": 0.0, "y": 0,
                         "xanchor": "left", "yanchor": "top", "pad": {"t": 70},
                         "showactive": False,
                         "buttons": [{"label": f"▶ {labels['play']}", "method": "animate",
                                      "args": [None, play]},
                                     {"label": f"⏸ {labels['pause']}", "method": "animate",
                                      "args": [[None], REDRAW]}]}],
        "uirevision": "replay"}
    for tr_ in traces:
        tr_.setdefault("showlegend", False)
    return {"data": traces, "layout": layout, "frames": frames}


def labels_of(name: str) -> dict:
    return {"title": t("nettune.replay_title", name=name), "x": t("nettune.boundary_axis_x"),
            "y": t("nettune.boundary_axis_y"), "a": t("nettune.plane_a"),
            "b": t("nettune.plane_b"), "epoch": t("nettune.epoch"), "loss": t("nettune.loss"),
            "prefix": t("nettune.epoch_prefix"), "play": t("nettune.play"),
            "pause": t("nettune.pause")}


@dataclass(frozen=True)
class Replay:
    figure: dict         # the plotly figure, a plain dict (never modified)
    frames: int
    last: int            # the last frame's epoch (the first is epoch 0)
    payload: int         # bytes of the JSON st.plotly_chart sends
    build_ms: float      # boundaries and figure on the server (the landscape apart)


def build(result, view, k: int, names: list[str]) -> Replay:
    start = time.perf_counter()
    fig = replay_figure(result, view, k, names, labels_of(names[k]))
    ms = 1000 * (time.perf_counter() - start)
    sent = pio.to_json(FrozenFigure(fig), validate=False)     # what st.plotly_chart sends
    last = int(fig["frames"][-1]["name"][1:])
    return Replay(fig, len(fig["frames"]), last, len(sent), ms)


def replay_tab(config, result, names) -> dict:
    st.markdown(t("nettune.replay_help"))
    last = len(names) - 1
    if st.session_state.get("net.rp.run", 0) > last:
        st.session_state["net.rp.run"] = last
    k = st.selectbox(t("nettune.replay_run"), range(len(names)), format_func=names.__getitem__,
                     key="net.rp.run")
    key = cache.key_of(config)
    run = result.runs[k]
    n = len(frame_rows(run.snapshots, np.all(np.isfinite(run.weights), axis=1)))
    with st.spinner(t("nettune.computing_replay", n=n)):
        view = cache.landscape(key, "pca", None, PLANE, 0, k)
        rp = cached("net.replay", (key, k, current_language()),
                    lambda: build(result, view, k, names))
    st.caption(t("nettune.replay_frames", frames=rp.frames, last=rp.last,
                 kb=rp.payload / 1e3, ms=rp.build_ms))
    st.plotly_chart(FrozenFigure(rp.figure), key="net.rp.fig")
    return {"run": k}
