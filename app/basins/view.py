"""Cached core calls of the Basins page (keyed on configs' JSON, shared by sessions) and
what the page shows for one result: names, figures, tables, downloads."""
from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import streamlit as st

from app import workers
from app.basins import figures as fig
from app.cache import cached, simulation, surface_grid
from app.figures import FrozenFigure, frozen
from app.text import current_language, t, tr
from optim_core import (
    OPTIMIZERS,
    BasinConfig,
    BasinResult,
    SimConfig,
    TuneConfig,
    TuneResult,
    basin_ends,
    basin_fused,
    basin_map,
    basin_rows,
    label_basins,
    run_tune,
)


def key_of(config) -> str:
    return json.dumps(config.to_dict(), sort_keys=True)


def _read_only(result: BasinResult) -> BasinResult:
    for a in (result.labels, result.ends, result.diverged_at, result.points, result.values,
              result.x, result.y):
        a.flags.writeable = False     # shared by every session
    return result


def _ends(config: BasinConfig) -> tuple:
    ends, div = basin_ends(config)
    ends.flags.writeable = div.flags.writeable = False     # shared by every session
    return ends, div


def _compute(config: BasinConfig) -> BasinResult:
    """The map from its optimizers' rows, each row's ends once per row and its labels
    once per row and labelling settings (on the fused kernel the rows are independent: a
    new rate for one optimizer runs and labels that row only)."""
    ends, divs, labels = [], [], []
    for bare, row in zip(basin_rows(config), basin_rows(config, tolerances=True)):
        e, d = cached("basins.row", key_of(bare), lambda bare=bare: _ends(bare))
        ends.append(e)
        divs.append(d)
        labels.append(cached("basins.row_labels", key_of(row),
                             lambda row=row, e=e, d=d: _labels(row, e, d)))
    return label_basins(config, np.concatenate(ends), np.concatenate(divs),
                        np.concatenate(labels))


def _labels(row: BasinConfig, ends, div) -> np.ndarray:
    labels = label_basins(row, ends, div).labels
    labels.flags.writeable = False
    return labels


def basins(config: BasinConfig, progress=None) -> BasinResult:
    """The map of ``config``, once per configuration in the process (the app's one cache,
    bounded in bytes: a 256 x 256 x 8 map holds ~8 MB of ends and labels). On the fused
    kernel (a 128 x 128 x 6 x 300 map: ~0.06 s) it runs here, row by row; elsewhere
    (typed formulas: the pure-torch engine, seconds for a big map) in the worker pool,
    ``progress(workers.Progress)`` polled while it runs."""
    key = key_of(config)
    if basin_fused(config):
        return cached("basins.map", key, lambda: _compute(config), prepare=_read_only)
    return cached("basins.map", key, lambda: workers.submit(basin_map, config),
                  wait=workers.waiter(progress), prepare=_read_only)


@st.cache_resource(max_entries=32, show_spinner=False)
def _tune(key: str) -> TuneResult:
    return run_tune(TuneConfig.from_dict(json.loads(key)))


def tuned(config: TuneConfig) -> TuneResult:
    return _tune(key_of(config))


def run_names(runs) -> list[str]:
    """"Adam (η=0.1)": the name and rate, numbered when the same twice."""
    names = [f"{tr(OPTIMIZERS[r.name].name)} (η={r.hp['lr']:g})" for r in runs]
    return [f"{n} #{i + 1}" if names.count(n) > 1 else n for i, n in enumerate(names)]


def point_name(kind: str, p) -> str:
    x, y = (round(float(v), 2) + 0.0 for v in p)   # no "-0.00"
    return t("basins.point_name", kind=t(f"basins.kind_{kind}"), x=x, y=y)


def category_names(result: BasinResult) -> list[str]:
    return fig.category_names(result, point_name, t("basins.not_arrived"), t("basins.diverged"))


def maps(result: BasinResult, picked) -> FrozenFigure:
    key = ("basins.maps", key_of(result.config), current_language(), tuple(picked))
    return frozen(key, lambda: fig.maps_figure(
        result, run_names(result.config.optimizers), category_names(result),
        title=t("basins.maps_title"), picked=picked))


MAX_POINT_COLUMNS = 10


def shares_table(result: BasinResult) -> pd.DataFrame:
    """Percent of starts per category (columns that occur somewhere), one row per map. With
    many critical points (Rastrigin), the ten largest basins and the rest summed."""
    sh = 100 * result.shares()
    names = category_names(result)
    P = len(result.points)
    used = [i for i in range(P) if sh[:, i].any()]
    rest = []
    if len(used) > MAX_POINT_COLUMNS:
        order = sorted(used, key=lambda i: -sh[:, i].max())
        used, rest = sorted(order[:MAX_POINT_COLUMNS]), order[MAX_POINT_COLUMNS:]
    rows = {t("basins.col_optimizer"): run_names(result.config.optimizers)}
    for i in used:
        rows[f"{names[i]} %"] = np.round(sh[:, i], 1)
    if rest:
        rows[t("basins.other_points", n=len(rest)) + " %"] = np.round(sh[:, rest].sum(1), 1)
    for i in (P, P + 1):
        if sh[:, i].any():
            rows[f"{names[i]} %"] = np.round(sh[:, i], 1)
    return pd.DataFrame(rows)


def path_from(result: BasinResult, xy) -> tuple:
    """The simulation from one start (every optimizer of the map) and its figure (frozen:
    built once per map, start and language)."""
    cfg = result.config
    where = ({"formula": cfg.formula, "bounds": cfg.bounds} if cfg.formula else
             {"surface": cfg.surface, "surface_params": cfg.surface_params})
    sim = simulation(SimConfig(optimizers=cfg.optimizers, starts=(tuple(xy),),
                               steps=cfg.steps, record_rates=False, **where))

    def build():
        surface = cfg.make_surface()
        grid = surface_grid(cfg.surface, cfg.surface_params, formula=cfg.formula,
                            bounds=cfg.bounds)
        return fig.path_figure(grid, surface.log_levels, surface.axes, sim, result,
                               run_names(cfg.optimizers), title=t("basins.path_title"),
                               surface_name=t("figures.surface"),
                               end_name=lambda name: t("figures.end", name=name))
    key = ("basins.path", key_of(cfg), current_language(), tuple(map(float, xy)))
    return sim, frozen(key, build)


def labels_csv(result: BasinResult) -> str:
    out = io.StringIO()
    out.write("optimizer,index,x,y,label,end_x,end_y,diverged_at\n")
    names = category_names(result)
    code = fig.codes(result)
    for k, run in enumerate(result.config.optimizers):
        for i, y in enumerate(result.y):
            for j, x in enumerate(result.x):
                e = result.ends[k, i, j]
                out.write(f"{run.name},{k},{float(x)!r},{float(y)!r},"
                          f"\"{names[code[k, i, j]]}\",{float(e[0])!r},{float(e[1])!r},"
                          f"{int(result.diverged_at[k, i, j])}\n")
    return out.getvalue()


def second_name(param: str) -> str:
    """A second tuned hyper-parameter as the page shows it: β₁, β₂, momentum (translated),
    else its registry name."""
    if param == "momentum":
        return t("basins.second_momentum")
    return {"beta1": "β₁", "beta2": "β₂"}.get(param, param)


def tune_table(result: TuneResult) -> pd.DataFrame:
    cfg = result.config
    rows = []
    for e in result.entries:
        best = float(e.metric[e.best])
        never = cfg.metric == "steps_to_loss" and best > cfg.steps
        rows.append({
            t("basins.col_optimizer"): tr(OPTIMIZERS[e.run.name].name),
            t("basins.col_best_lr"): float(e.lrs[e.best]),
            t("basins.col_second"): (f"{second_name(e.second[0])} = {e.second[1][e.best]:g}"
                                     if e.second else "–"),
            t("basins.col_metric"): t("basins.never") if never else f"{best:.4g}",
            t("basins.col_band"): f"{e.band[0]:.2g} – {e.band[1]:.2g}",
            t("basins.col_decades"): round(float(np.log10(e.band[1] / e.band[0])), 2),
            t("basins.col_runs"): e.runs, t("basins.col_steps"): e.steps})
    return pd.DataFrame(rows)


def tune_notes(result: TuneResult) -> list[str]:
    cfg, out = result.config, []
    for e in result.entries:
        name = tr(OPTIMIZERS[e.run.name].name)
        if cfg.metric == "steps_to_loss" and e.metric[e.best] > cfg.steps:
            out.append(t("basins.not_reached", name=name, target=cfg.target))
        elif e.at_edge:
            out.append(t("basins.edge", name=name))
    return out


def tune_figures(result: TuneResult) -> dict:
    key = ("basins.tune", key_of(result.config), current_language())
    names = [tr(OPTIMIZERS[e.run.name].name) for e in result.entries]
    cfg = result.config
    finite = np.concatenate([e.metric[np.isfinite(e.metric)] for e in result.entries])
    log_y = cfg.metric == "final_loss" and finite.size and finite.min() > 0
    ylabel = t(f"basins.metric_{cfg.metric}")
    positive = bool((result.race.loss >= 0).all())   # log axis (zeros drawn at 1e-16)
    return {
        "sensitivity": frozen(key + ("s",), lambda: fig.sensitivity_figure(
            result.entries, names, title=t("basins.sensitivity_title"), xlabel=t("basins.lr"),
            ylabel=ylabel, log_y=bool(log_y))),
        "race": frozen(key + ("r",), lambda: fig.race_figure(
            result.race, names, title=t("basins.race_title"), xlabel=t("basins.step"),
            ylabel=t("basins.loss"), log_y=positive)),
    }
