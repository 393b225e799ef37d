"""The Compare page's pieces between widgets and figures: config from widget values,
URL state, and the results table."""
from __future__ import annotations

import numpy as np
import streamlit as st

from app.text import t
from optim_core import OPTIMIZERS, SCHEDULES, SimConfig, SimResult, Surface

PREFIX = "cmp"
DEFAULT = {"surface": "rosenbrock", "optimizers": ("sgd", "momentum", "rmsprop", "adam", "adagrad"),
           "steps": 300, "noise": 0.0, "seed": 0}
UI_MAX_STEPS = 2000


def apply_url_config(d: dict) -> None:
    """Copy a shared config (the CLI's JSON) into this page's widget state."""
    cfg = SimConfig.from_dict(d)
    ss = st.session_state
    ss[f"{PREFIX}.surface"] = cfg.surface
    if cfg.formula is not None:
        ss[f"{PREFIX}.formula"] = cfg.formula
        for i, v in enumerate(cfg.bounds):
            ss[f"{PREFIX}.b{i}"] = v
    for name, value in cfg.surface_params:
        ss[f"{PREFIX}.sp.{cfg.surface}.{name}"] = value
    ss[f"{PREFIX}.x"], ss[f"{PREFIX}.y"] = cfg.starts[0]
    ss[f"{PREFIX}.steps"] = min(cfg.steps, UI_MAX_STEPS)
    if cfg.steps > UI_MAX_STEPS:          # the nearest value the slider allows, said so
        ss[f"{PREFIX}.steps_note"] = t("compare.steps_clamped", asked=cfg.steps,
                                       max=UI_MAX_STEPS)
    ss[f"{PREFIX}.noise"], ss[f"{PREFIX}.seed"] = cfg.noise, cfg.seed
    ss[f"{PREFIX}.opts"] = list(dict.fromkeys(r.name for r in cfg.optimizers))
    ss[f"{PREFIX}.same_lr"] = False
    for run in cfg.optimizers:
        for name, value in run.params:
            base = f"{PREFIX}.hp.{cfg.surface}.{run.name}.{name}"
            if isinstance(value, tuple):
                ss[f"{base}.0"], ss[f"{base}.1"] = value
            else:
                ss[base] = value
        ss[f"{PREFIX}.sched.{run.name}"] = run.schedule or ""
        if run.schedule is not None:
            from app.controls import widget_state
            sp = dict(run.schedule_params)
            for p in SCHEDULES[run.schedule].params:
                ss.update(widget_state(p, f"{PREFIX}.ssp.{run.name}.{run.schedule}.{p.name}",
                                       sp[p.name]))


FRAME = f"{PREFIX}.frame"


def step_frame(delta: int, n_frames: int) -> None:
    """Button callback: move the map's shown frame by ``delta`` (from the last frame, the
    whole paths, when none was chosen)."""
    cur = st.session_state.get(FRAME)
    cur = n_frames - 1 if cur is None else cur
    st.session_state[FRAME] = max(0, min(n_frames - 1, cur + delta))


def map_figure(fig):
    """The map at the frame chosen by the step buttons (the frozen figure itself at the
    last frame). Returns (figure, frame index, number of frames)."""
    from app.compare_figures import at_frame
    from app.figures import FrozenFigure
    d = fig.to_dict()
    n = len(d.get("frames", [])) or 1
    i = st.session_state.get(FRAME)
    if i is None or i >= n - 1:
        return fig, n - 1, n
    return FrozenFigure(at_frame(d, i)), i, n


def take_map_click(event) -> None:
    """A click on the contour moves the start: remember it and rerun; the next run copies
    it into the start widgets before they are drawn (see apply_pending_start)."""
    points = (event or {}).get("selection", {}).get("points") or []
    if points:
        xy = (round(float(points[0]["x"]), 4), round(float(points[0]["y"]), 4))
        if xy != st.session_state.get(f"{PREFIX}.clicked"):
            st.session_state[f"{PREFIX}.clicked"] = xy
            st.session_state[f"{PREFIX}.pending_start"] = xy
            st.rerun()


def apply_pending_start() -> None:
    """Before the start widgets are drawn: take a start chosen by a click."""
    xy = st.session_state.pop(f"{PREFIX}.pending_start", None)
    if xy is not None:
        st.session_state[f"{PREFIX}.x"], st.session_state[f"{PREFIX}.y"] = xy


def arrival_rule(surface: Surface, grid_z: np.ndarray | None = None) -> dict:
    """What "arrived" means on this surface, said in the column header: within 1% of the
    view of a listed minimum when the surface lists one, else a loss at most the lowest
    value on the map plus 0.1% of the map's range."""
    xmin, xmax, ymin, ymax = surface.bounds
    minima = np.array([k.point for k in surface.known if k.kind == "minimum"]).reshape(-1, 2)
    if len(minima):
        tol = 0.01 * max(xmax - xmin, ymax - ymin)
        return {"kind": "minimum", "minima": minima, "tol": tol,
                "header": t("compare.col_reach", tol=tol)}
    z = np.asarray(grid_z if grid_z is not None else [], dtype=np.float64)
    z = z[np.isfinite(z)]
    if not z.size:
        return {"kind": "none", "header": t("compare.col_reach_none")}
    low, high = float(z.min()), float(z.max())
    level = low + 1e-3 * (high - low)
    return {"kind": "loss", "level": level, "header": t("compare.col_reach_loss", level=level)}


def arrival_step(path: np.ndarray, loss: np.ndarray, rule: dict) -> int | None:
    """First step meeting ``rule`` (None: never)."""
    if rule["kind"] == "minimum":
        dist = np.linalg.norm(path[:, None, :] - rule["minima"][None], axis=-1).min(-1)
        hit = np.flatnonzero(dist <= rule["tol"])
    elif rule["kind"] == "loss":
        hit = np.flatnonzero(np.isfinite(loss) & (loss <= rule["level"]))
    else:
        return None
    return int(hit[0]) if len(hit) else None


def results_rows(result: SimResult, surface: Surface, names: list[str],
                 grid_z: np.ndarray | None = None) -> list[dict]:
    rule = arrival_rule(surface, grid_z)
    rows = []
    for k, name in enumerate(names):
        path, loss, d = result.path[k, 0], result.loss[k, 0], int(result.diverged_at[k, 0])
        if d >= 0:          # frozen at the last good point after divergence: count to there
            path, loss = path[:d + 1], loss[:d + 1]
        hit = arrival_step(path, loss, rule)
        rows.append({t("compare.col_optimizer"): name,
                     t("compare.col_final"): float(loss[-1]),
                     t("compare.col_best"): float(loss.min()),
                     rule["header"]: t("compare.never") if hit is None else str(hit),
                     t("compare.col_diverged"): str(d) if d >= 0 else t("compare.never"),
                     t("compare.col_length"): float(np.linalg.norm(np.diff(path, axis=0),
                                                                   axis=-1).sum())})
    return rows


def start_message(result: SimResult, surface: Surface) -> str | None:
    """A message when the runs stopped at step 0 because of where they start: outside the
    view, or at a point where f is not finite (every run shares the start)."""
    if not np.all(result.diverged_at[:, 0] == 0):
        return None
    x, y = (float(v) for v in result.path[0, 0, 0])
    xmin, xmax, ymin, ymax = surface.bounds
    inside = xmin <= x <= xmax and ymin <= y <= ymax
    return t("compare.start_nonfinite" if inside else "compare.start_outside", x=x, y=y,
             x0=xmin, x1=xmax, y0=ymin, y1=ymax)


def divergence_messages(result: SimResult, names: list[str],
                        surface: Surface | None = None) -> list[str]:
    """One line per diverged run; one line about the start when it is the cause."""
    if surface is not None:
        msg = start_message(result, surface)
        if msg:
            return [msg]
    return [t("compare.diverged", name=n, step=int(result.diverged_at[k, 0]))
            for k, n in enumerate(names) if result.diverged_at[k, 0] >= 0]


def rule_markdown(key: str) -> str:
    spec = OPTIMIZERS[key]
    text = (f"**{spec.name}**\n\n$$\n{spec.latex}\n$$\n\n"
            f"*{t('compare.shines')}:* {spec.shines}  \n*{t('compare.fails')}:* {spec.fails}")
    if spec.lecture_note:
        text += f"  \n*{t('compare.lecture_note')}:* {spec.lecture_note}"
    return text
