"""Instant what-if: one figure carrying every run of a hyper-parameter grid, and Plotly
sliders that switch between them in the browser, with no round trip to the server.

The engine runs the grid in one batched call (K rows = one optimizer at K settings). The
figure is a plain dict of float32 typed arrays (base64) over a PNG of the surface, built
once per configuration:

- slider A (the first hyper-parameter) plays a frame per value: each frame swaps the
  paths, loss curves and result texts of the traces (``animate``, no redraw);
- slider B (the second one, optional) shows one of those trace groups (``restyle`` of
  ``visible``), so the two sliders compose: A picks the data, B picks the group.
"""
from __future__ import annotations

import base64
import itertools
from dataclasses import dataclass

import numpy as np

from optim_core import OPTIMIZERS, OptimizerRun, SimConfig, SimResult
from optim_core.specs import Param, check_fields, check_keys, check_number, shown

# hyper-parameters one can sweep, as (registry name, index into a pair or None)
SWEEPABLE = {"lr": ("lr", None), "momentum": ("momentum", None),
             "betas[0]": ("betas", 0), "betas[1]": ("betas", 1)}
LR_SPAN = (1e-2, 10.0)      # the learning rate sweeps base/100 .. base*10 (log scale)
MAX_RUNS = 1024             # runs one explore figure may carry
MAX_POINTS = 40_000         # runs x points per run kept in the figure
DENSE = 2 / 3               # share of a run's points spent on its first steps, one by one


@dataclass(frozen=True)
class Sweep:
    """One slider: a hyper-parameter and its values."""
    param: str                 # a key of SWEEPABLE
    values: tuple              # floats, in slider order

    def __post_init__(self):
        if self.param not in SWEEPABLE:
            raise ValueError(f"sweep.param must be one of {', '.join(SWEEPABLE)}; "
                             f"got {self.param!r}")
        if not 2 <= len(self.values) <= 256:
            raise ValueError(f"sweep.values must hold 2 to 256 values, got {len(self.values)}")


def sweepable(optimizer: str) -> list[str]:
    """The SWEEPABLE keys ``optimizer`` has (in SWEEPABLE's order)."""
    names = {p.name for p in OPTIMIZERS[optimizer].params}
    return [k for k, (name, _) in SWEEPABLE.items() if name in names]


def sweep_values(optimizer: str, param: str, n: int, base_lr: float) -> tuple:
    """``n`` values of ``param``: the rate on a log scale around ``base_lr``, momentum and
    beta1 evenly in [low, 0.99], beta2 as 1 - (0.5 .. 1e-4) on a log scale; clipped to the
    registry's range."""
    if param not in sweepable(optimizer):
        raise ValueError(f"param must be one of {', '.join(sweepable(optimizer))} for "
                         f"{optimizer}; got {param!r}")
    name, _ = SWEEPABLE[param]
    spec = next(p for p in OPTIMIZERS[optimizer].params if p.name == name)
    if param == "lr":
        v = np.geomspace(base_lr * LR_SPAN[0], base_lr * LR_SPAN[1], n)
    elif param == "betas[1]":
        v = 1 - np.geomspace(0.5, 1e-4, n)
    else:
        v = np.linspace(max(spec.low, 0.0), 0.99, n)
    return tuple(float(f"{x:.4g}") for x in np.clip(v, spec.low, spec.high))


def _set(hp: dict, param: str, value: float) -> dict:
    name, i = SWEEPABLE[param]
    out = dict(hp)
    if i is None:
        out[name] = value
    else:
        pair = list(out[name])
        pair[i] = value
        out[name] = tuple(pair)
    return out


def explore_config(surface: dict, optimizer: str, hp: dict, sweeps: tuple, steps: int,
                   start: tuple) -> SimConfig:
    """Every combination of the sweeps' values (the first sweep slowest) as the K rows of
    one simulation from ``start``."""
    if not 1 <= len(sweeps) <= 2:
        raise ValueError(f"sweeps must hold one or two sliders, got {len(sweeps)}")
    hp = {**{p.name: p.default for p in OPTIMIZERS[optimizer].params}, **hp}
    runs = []
    for combo in itertools.product(*(s.values for s in sweeps)):
        p = dict(hp)
        for s, v in zip(sweeps, combo):
            p = _set(p, s.param, v)
        runs.append(OptimizerRun(optimizer, tuple(p.items())))
    if len(runs) > MAX_RUNS:
        raise ValueError(f"the sliders' values multiplied must be at most {MAX_RUNS}, "
                         f"got {len(runs)}")
    return SimConfig(optimizers=tuple(runs), starts=(tuple(start),), steps=steps,
                     record_rates=False, **surface)


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


# --- a page's explore settings: which run, which hyper-parameters, their ranges -----------

MAX_VALUES = 128            # values per slider
MAX_GRID = 512              # runs of one explore figure from a page (the core's optimizer cap)


@dataclass(frozen=True)
class Span:
    """One slider of a page's explore settings: ``n`` values of ``param`` from ``low`` to
    ``high`` (the rate on a log scale, β₂ by 1 - β₂ on a log scale, the others evenly)."""
    param: str
    n: int
    low: float
    high: float

    def __post_init__(self):
        check_fields(self, _SPAN_FIELDS, "explore.sliders[].")
        if not self.low < self.high:
            raise ValueError(f"explore slider {self.param}: low must be below high, got "
                             f"{self.low:g} and {self.high:g}")

    def values(self) -> tuple:
        if self.param == "lr":
            v = np.geomspace(self.low, self.high, self.n)
        elif self.param == "betas[1]":
            v = 1 - np.geomspace(1 - self.low, 1 - self.high, self.n)
        else:
            v = np.linspace(self.low, self.high, self.n)
        return tuple(float(f"{x:.6g}") for x in v)

    def sweep(self) -> Sweep:
        return Sweep(self.param, self.values())

    def to_dict(self) -> dict:
        return {"param": self.param, "n": self.n, "low": self.low, "high": self.high}


_SPAN_FIELDS = (
    Param("param", "lr", 0, 0, kind="choice", choices=tuple(SWEEPABLE)),
    Param("n", 64, 2, MAX_VALUES, kind="int", help="values on this slider"),
    Param("low", 0.0, 0.0, 10.0, help="the slider's first value"),
    Param("high", 1.0, 0.0, 10.0, help="the slider's last value"),
)


@dataclass(frozen=True)
class ExploreConfig:
    """A page's explore view: run ``run`` of the page's configuration (its optimizer, its
    other settings, its schedule) at every combination of the sliders' values, from the
    first start. The ``?explore=`` link of the Compare page."""
    run: int = 0
    sliders: tuple = ()

    def __post_init__(self):
        check_fields(self, (Param("run", 0, 0, MAX_GRID - 1, kind="int"),), "explore.")
        if not isinstance(self.sliders, (list, tuple)) or not 1 <= len(self.sliders) <= 2:
            raise ValueError(f"explore.sliders must hold one or two sliders, got "
                             f"{shown(self.sliders)}")
        spans = tuple(s if isinstance(s, Span) else _span(s, i)
                      for i, s in enumerate(self.sliders))
        object.__setattr__(self, "sliders", spans)
        if len({s.param for s in spans}) < len(spans):
            raise ValueError("explore.sliders must sweep two different hyper-parameters")
        runs = int(np.prod([s.n for s in spans]))
        if runs > MAX_GRID:
            raise ValueError(f"explore: the sliders' values multiplied must be at most "
                             f"{MAX_GRID}, got {runs}")

    @property
    def runs(self) -> int:
        return int(np.prod([s.n for s in self.sliders]))

    def sweeps(self) -> tuple:
        return tuple(s.sweep() for s in self.sliders)

    def to_dict(self) -> dict:
        return {"run": self.run, "sliders": [s.to_dict() for s in self.sliders]}

    @classmethod
    def from_dict(cls, d) -> ExploreConfig:
        if not isinstance(d, dict):
            raise ValueError(f"explore must be an object, got {shown(d)}")
        check_keys(d, ("run", "sliders"), "explore")
        return cls(d.get("run", 0), tuple(d.get("sliders") or ()))

    def check(self, base: SimConfig) -> None:
        """Raise ValueError naming the field when this does not fit ``base``: the run
        exists, has each hyper-parameter, and each range lies in the registry's."""
        if self.run >= len(base.optimizers):
            raise ValueError(f"explore.run must be below {len(base.optimizers)} (the runs of "
                             f"the configuration), got {self.run}")
        name = base.optimizers[self.run].name
        ok = sweepable(name)
        for i, s in enumerate(self.sliders):
            if s.param not in ok:
                raise ValueError(f"explore.sliders[{i}].param must be one of "
                                 f"{', '.join(ok) or 'none'} for {name}; got {s.param!r}")
            spec = next(p for p in OPTIMIZERS[name].params if p.name == SWEEPABLE[s.param][0])
            for end in ("low", "high"):
                check_number(getattr(s, end), f"explore.sliders[{i}].{end}", spec.low,
                             min(spec.high, 10.0))


def _span(d, i: int) -> Span:
    if not isinstance(d, dict):
        raise ValueError(f"explore.sliders[{i}] must be an object, got {shown(d)}")
    check_keys(d, ("param", "n", "low", "high"), f"explore.sliders[{i}]")
    missing = [k for k in ("param", "n", "low", "high") if k not in d]
    if missing:
        raise ValueError(f"explore.sliders[{i}].{missing[0]} is missing")
    return Span(d["param"], d["n"], d["low"], d["high"])


def default_span(optimizer: str, param: str, n: int, base_lr: float) -> Span:
    """The default range of ``param`` (see :func:`sweep_values`) with ``n`` values."""
    v = sweep_values(optimizer, param, n, base_lr)
    return Span(param, n, min(v), max(v))


def sweep_config(base: SimConfig, ex: ExploreConfig, max_steps: int) -> SimConfig:
    """``base`` with run ``ex.run`` (its settings and schedule) at every combination of the
    sliders' values (the first slider slowest), from the first start, for at most
    ``max_steps`` steps, without the per-parameter rates."""
    import dataclasses
    ex.check(base)
    run = base.optimizers[ex.run]
    runs = []
    for combo in itertools.product(*(s.values() for s in ex.sliders)):
        p = run.hp
        for s, v in zip(ex.sliders, combo):
            p = _set(p, s.param, v)
        runs.append(OptimizerRun(run.name, tuple(p.items()), schedule=run.schedule,
                                 schedule_params=run.schedule_params))
    return dataclasses.replace(base, optimizers=tuple(runs), starts=base.starts[:1],
                               steps=min(base.steps, max_steps), record_rates=False)


def start_of(base: SimConfig, ex: ExploreConfig) -> tuple:
    """Where each slider opens: the value nearest the run's own (the rate on a log scale;
    1 - β₂ too), so the figure first shows the run the page races."""
    hp = base.optimizers[ex.run].hp
    out = []
    for s in ex.sliders:
        name, i = SWEEPABLE[s.param]
        own = float(hp[name] if i is None else hp[name][i])
        v = np.array(s.values())
        if s.param == "lr":
            v, own = np.log(v), np.log(own)
        elif s.param == "betas[1]":
            v, own = np.log(1 - v), np.log(max(1 - own, 1e-12))
        out.append(int(np.argmin(np.abs(v - own))))
    return (*out, 0)[:2]


# --- the view a page shows: built once per configuration and language ---------------------

@dataclass(frozen=True)
class ExploreView:
    figure: dict        # the plotly figure, as a plain dict (never modified)
    runs: int
    payload: int        # bytes of the JSON st.plotly_chart sends
    build_ms: float     # simulation + figure on the server, cold


def simulate32(config: SimConfig, progress=None) -> SimResult:
    """The simulation recorded in float32 (what the figure ships): half the memory and
    the transfer from a worker process."""
    from optim_core import simulate
    return simulate(config, record_dtype=np.float32)


def view(kind: str, config: SimConfig, sweeps: tuple, labels: dict, texts=None,
         height: int = 620, start: tuple = (0, 0)) -> ExploreView:
    """The explore figure of ``config`` (one row per combination of ``sweeps``' values),
    once per configuration, labels and language in the app's cache; a big grid runs in the
    worker pool. ``texts(result, surface, grid)`` -> one result line per run (optional;
    ``kind`` names it in the cache key); ``start``: the sliders' first positions."""
    from app.cache import cached, config_key
    from app.text import current_language
    key = (config_key(config), sweeps, tuple(sorted(labels.items())), current_language(),
           height, tuple(start))
    return cached(f"explore.{kind}", key,
                  lambda: _build(config, sweeps, labels, texts, height, tuple(start)))


def _build(config: SimConfig, sweeps: tuple, labels: dict, texts, height: int,
           start: tuple) -> ExploreView:
    import time

    import plotly.io as pio

    from app import workers
    from app.cache import cached, surface_grid
    from app.figures import FrozenFigure
    t0 = time.perf_counter()
    if workers.is_heavy_simulation(config):
        result = workers.run(simulate32, config)
    else:
        result = simulate32(config)
    grid = surface_grid(config.surface, config.surface_params, formula=config.formula,
                        bounds=config.bounds)
    png = cached("explore.png", (config.surface, config.surface_params, config.formula,
                                 config.bounds), lambda: surface_png(grid.z),
                 size_of=len)   # the picture: once per surface (it costs more than the runs)
    surface = config.make_surface()
    minima = tuple(k.point for k in surface.known if k.kind == "minimum")
    fig = explore_figure(result, grid, surface.bounds, sweeps, labels, height, minima,
                         texts(result, surface, grid) if texts else None, png, start)
    ms = 1000 * (time.perf_counter() - t0)
    sent = pio.to_json(FrozenFigure(fig), validate=False)   # what st.plotly_chart sends
    return ExploreView(fig, len(config.optimizers), len(sent), ms)
