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


def results_rows(result: SimResult, surface: Surface, names: list[str]) -> list[dict]:
    xmin, xmax, ymin, ymax = surface.bounds
    tol = 0.01 * max(xmax - xmin, ymax - ymin)
    minima = np.array([k.point for k in surface.known if k.kind == "minimum"]).reshape(-1, 2)
    rows = []
    for k, name in enumerate(names):
        path, loss, d = result.path[k, 0], result.loss[k, 0], int(result.diverged_at[k, 0])
        reach = t("compare.never")
        if len(minima):
            dist = np.linalg.norm(path[:, None, :] - minima[None], axis=-1).min(-1)
            hit = np.flatnonzero(dist <= tol)
            if len(hit):
                reach = str(int(hit[0]))   # a text column: a number or "never"
        rows.append({t("compare.col_optimizer"): name,
                     t("compare.col_final"): float(loss[-1]),
                     t("compare.col_best"): float(loss.min()),
                     t("compare.col_reach", tol=tol): reach,
                     t("compare.col_diverged"): str(d) if d >= 0 else t("compare.never"),
                     t("compare.col_length"): float(np.linalg.norm(np.diff(path, axis=0),
                                                                   axis=-1).sum())})
    return rows


def divergence_messages(result: SimResult, names: list[str]) -> list[str]:
    return [t("compare.diverged", name=n, step=int(result.diverged_at[k, 0]))
            for k, n in enumerate(names) if result.diverged_at[k, 0] >= 0]


def rule_markdown(key: str) -> str:
    spec = OPTIMIZERS[key]
    text = (f"**{spec.name}**\n\n$$\n{spec.latex}\n$$\n\n"
            f"*{t('compare.shines')}:* {spec.shines}  \n*{t('compare.fails')}:* {spec.fails}")
    if spec.lecture_note:
        text += f"  \n*{t('compare.lecture_note')}:* {spec.lecture_note}"
    return text
