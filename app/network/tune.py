"""The Neural-network page's fair race: equal-budget learning-rate tuning of every chosen
optimizer (:mod:`optim_core.net_tune`) in the worker pool, with progress and cancel; the
sensitivity curves (the Basins page's figure) and the tuned runs' curves."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import streamlit as st

from app import page_links as links
from app import workers
from app.basins.figures import sensitivity_figure
from app.cache import cached
from app.figures import frozen, run_colors
from app.network import cache
from app.network import figures as fig
from app.tables import show_table
from app.text import current_language, t, tr
from optim_core import (
    MAX_WORK,
    NET_TUNE_PARAMS,
    OPTIMIZERS,
    NetConfig,
    NetTuneConfig,
    NetTuneResult,
)

FIELDS = {"lr_min": "net.t.lo", "lr_max": "net.t.hi", "lr_points": "net.t.points",
          "epochs": "net.t.epochs"}
WIDGETS = tuple(FIELDS.values())
CANCELLED = "net.t._cancelled"      # the tuning key the user cancelled (not recomputed)


def apply_url(prefix: str, sec: dict) -> None:
    """The link's ``tune`` section into widget state (clamped like every field)."""
    specs = {p.name: p for p in NET_TUNE_PARAMS}
    for name, key in FIELDS.items():
        if sec.get(name) is not None:
            p = specs[name]
            links.clamp(prefix, key, sec[name], p.low, p.high, name)


def max_tune_epochs(config: NetConfig, points: int) -> int:
    """The most tuning epochs the work limit allows beside the tuned race."""
    per = len(config.optimizers) * points * config.epoch_work
    return max(0, int((MAX_WORK - config.work) // per))


def tuned_grid(tc: NetTuneConfig, on_progress=None) -> NetTuneResult:
    """The tuning runs, once per configuration, in the worker pool."""
    return cached("net.tune", json.dumps(tc.to_dict(), sort_keys=True),
                  lambda: workers.submit(workers.net_tune, tc),
                  wait=workers.waiter(on_progress))


def _form(config: NetConfig) -> NetTuneConfig | None:
    ss = st.session_state
    defaults = {p.name: p.default for p in NET_TUNE_PARAMS}
    for name, key in FIELDS.items():
        ss.setdefault(key, defaults[name])
    with st.form("net.t.form"):
        c = st.columns(4)
        lo = c[0].number_input(t("nettune.lr_min"), 1e-7, 10.0, format="%.1e", key="net.t.lo")
        hi = c[1].number_input(t("nettune.lr_max"), 1e-7, 10.0, format="%.1e", key="net.t.hi")
        points = c[2].slider(t("nettune.lr_points"), 2, 12, key="net.t.points")
        most = max_tune_epochs(config, int(ss["net.t.points"]))
        epochs = c[3].number_input(t("nettune.epochs"), 1, 1000, key="net.t.epochs",
                                   help=t("nettune.epochs_limit", n=most))
        c[3].caption(t("nettune.epochs_limit", n=most))
        pressed = st.form_submit_button(t("nettune.submit"), type="primary")
    try:
        tc = NetTuneConfig(config, lr_min=lo, lr_max=hi, lr_points=int(points),
                           epochs=int(epochs))
    except ValueError as e:
        st.error(t("nettune.bad_input", msg=e))
        return None
    if pressed:
        ss.pop(CANCELLED, None)
    return tc


def _cancel(key: str) -> None:
    st.session_state[CANCELLED] = key


def tune_tab(config: NetConfig, result, names) -> dict:
    st.markdown(t("nettune.tune_help"))
    tc = _form(config)
    if tc is None:
        return {}
    own = tc.section()
    k = len(config.optimizers)
    st.caption(t("nettune.budget", runs=tc.lr_points, k=k, total=k * tc.lr_points,
                 epochs=tc.epochs, full=config.hp["epochs"]))
    key = json.dumps(tc.to_dict(), sort_keys=True)
    if st.session_state.get(CANCELLED) == key:
        st.info(t("nettune.cancelled"))
        return own
    stop = st.empty()
    stop.button(t("nettune.cancel"), key="net.t.cancel", on_click=_cancel, args=(key,))
    bar = st.progress(0.0)

    def progress(p):
        if p.fraction is None:
            bar.progress(0.0, text=t("nettune.queued") if not p.running
                         else t("nettune.tuning", done=0.0))
        else:
            bar.progress(p.fraction, text=t("nettune.tuning", done=p.fraction))
    grid = tuned_grid(tc, progress)

    def race_progress(p):
        bar.progress(p.fraction or 0.0, text=t("nettune.training_tuned"))
    race = cache.trained(tc.race_config(grid.best), race_progress)
    bar.empty()
    stop.empty()
    show(tc, grid, race)
    return own


def display_names(entries) -> list[str]:
    return [tr(OPTIMIZERS[e.run.name].name) for e in entries]


def table(tc: NetTuneConfig, grid: NetTuneResult, race) -> pd.DataFrame:
    rows = []
    for e, r, name in zip(grid.entries, race.runs, display_names(grid.entries)):
        best = float(e.metric[e.best])
        rows.append({t("nettune.col_optimizer"): name,
                     t("nettune.col_best_lr"): float(e.lrs[e.best]),
                     t("nettune.col_metric", epochs=tc.epochs): best,
                     t("nettune.col_band"): f"{e.band[0]:.2g} – {e.band[1]:.2g}",
                     t("nettune.col_decades"): round(float(np.log10(e.band[1] / e.band[0])), 2),
                     t("nettune.col_runs"): e.runs, t("nettune.col_steps"): e.steps,
                     t("nettune.col_final"): float(r.val_loss[-1])})
    return pd.DataFrame(rows)


def show(tc: NetTuneConfig, grid: NetTuneResult, race) -> None:
    names = display_names(grid.entries)
    show_table(table(tc, grid, race))
    for e, name in zip(grid.entries, names):
        if not np.isfinite(e.metric).any():
            st.warning(t("nettune.diverged_all", name=name))
        elif e.at_edge:
            st.warning(t("nettune.edge", name=name))
    key = ("net.tune", json.dumps(tc.to_dict(), sort_keys=True), current_language())
    finite = np.concatenate([e.metric[np.isfinite(e.metric)] for e in grid.entries])
    sens = frozen(key + ("s",), lambda: _recolored(sensitivity_figure(
        grid.entries, names, title=t("nettune.sensitivity_title", epochs=tc.epochs),
        xlabel=t("nettune.lr_axis"), ylabel=t("nettune.metric_axis"),
        log_y=bool(finite.size and finite.min() > 0)), [e.run.name for e in grid.entries]))
    curves = frozen(key + ("r",), lambda: _titled(fig.loss_curves(race), t("nettune.tuned_title")))
    st.plotly_chart(sens)
    st.plotly_chart(curves)
    rows = [{"optimizer": e.run.name, "lr": float(lr), "val_loss": float(m),
             "best": i == e.best}
            for e in grid.entries for i, (lr, m) in enumerate(zip(e.lrs, e.metric))]
    links.export_row("network-tune", tc.to_dict(), rows,
                     [(t("nettune.sensitivity_title", epochs=tc.epochs), sens),
                      (t("nettune.tuned_title"), curves)])


def _recolored(figure, keys: list[str]):
    """The sensitivity figure (three traces per optimizer: curve, choice, band) in the
    colours the loss curves give each optimizer."""
    cols = run_colors(keys)
    for i, trace in enumerate(figure.data):
        trace.update(line_color=cols[i // 3], marker_color=cols[i // 3])
    return figure


def _titled(figure, title: str):
    figure.update_layout(title=title)
    return figure
