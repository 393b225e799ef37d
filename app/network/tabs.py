"""The Neural-network page: a settings form -> NetConfig -> cached training (with
progress) -> six tabs of views (the last two in app/network/inside.py and widths.py).
Numbers come from optim_core; this file only wires."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import streamlit as st

from app import page_links as links
from app.controls import net_epochs_limit, param_widgets
from app.figures import frozen
from app.network import cache, inside, replay, tune, widths
from app.network import figures as fig
from app.optimizer_menu import optimizer_keys, optimizer_label
from app.runs import (
    RunMenu,
    add_run,
    run_key,
    run_labels,
    run_settings,
    run_title,
    runs_state,
    sync_runs,
)
from app.tables import show_table
from app.text import current_language, t, tr
from optim_core import (
    NET_MAX_RUNS,
    NET_OPTIMIZERS,
    NET_PARAMS,
    OPTIMIZERS,
    NetConfig,
    NetRun,
    OptimizerRun,
    decision_grid,
    final_gradient_norm,
    script_covers,
    write_net_script,
)

PREFIX = "net"
TABS = ("training", "landscape", "hessian", "range", "weights", "widths", "tune", "replay")
TAB_WIDGETS = ("net.boundary", "net.dir", "net.center", "net.res", "net.span", "net.dseed",
               "net.h.run", "net.h.points", "net.h.budget", "net.r.run", "net.r.lo",
               "net.r.hi", "net.r.its", *inside.WIDGETS, *widths.WIDGETS,
               *tune.WIDGETS, *replay.WIDGETS)   # drawn only while their tab is open
tune_tab, replay_tab = tune.tune_tab, replay.replay_tab   # the fair race, the epoch replay

DEFAULT_OPTIMIZERS = ("momentum", "rmsprop", "adam")
NET_LR = {"sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "adagrad": 0.05,
          "adagrad_lecture": 0.05, "adam_sgd": 0.01}   # else the registry's default
GROUPS = (("data_header", ("data", "n", "noise", "seed", "val_fraction")),
          ("net_header", ("width", "depth", "activation", "residual", "batch_norm", "init",
                          "init_seed")),
          ("train_header", ("epochs", "batch_size", "shuffle", "drop_last", "dropout",
                            "weight_decay", "l1")))
RUNS = f"{PREFIX}.runs"          # run ids in the race's order: "sgd", "sgd~1", ...
CONFIG = f"{PREFIX}._config"     # the configuration the Train button last submitted
LINKED = f"{PREFIX}._linked"     # a link's configuration, checked once against the form


def _first(key: str, arg: str, value) -> dict:
    """A widget's initial value, unless its state is already set (by a link or the user)."""
    return {} if key in st.session_state else {arg: value}


def page_keys() -> list[str]:
    """The page's optimizer choices: the registry's, then the network-only ones (Muon)."""
    return [*optimizer_keys(hessian=False), *NET_OPTIMIZERS]   # no exact-Hessian Newton


def run_label(key: str) -> str:
    return tr(NET_OPTIMIZERS[key].name) if key in NET_OPTIMIZERS else optimizer_label(key)


def run_name(key: str) -> str:
    return tr((NET_OPTIMIZERS.get(key) or OPTIMIZERS[key]).name)


def run_names(runs) -> list[str]:
    """Each run's label: its optimizer, and what differs when one is raced twice."""
    return run_labels(runs, run_name)


MENU = RunMenu(PREFIX, lambda rid: f"{PREFIX}.hp.{rid}",
               lambda key: (NET_OPTIMIZERS.get(key) or OPTIMIZERS[key]).params, run_name,
               lambda key: key not in NET_OPTIMIZERS)   # network-only: constant rates


def default_lr(key: str) -> float:
    return NET_LR.get(key, (NET_OPTIMIZERS.get(key) or OPTIMIZERS[key]).params[0].default)


def _run(key: str, hp: dict, i: int, sched, sparams) -> OptimizerRun:
    """A form row as a run: network-only optimizers run at constant rates."""
    if key in NET_OPTIMIZERS:
        return NetRun(key, tuple(hp.items()), field_name=f"optimizers[{i}]")
    return OptimizerRun(key, tuple(hp.items()), field_name=f"optimizers[{i}]",
                        schedule=sched, schedule_params=sparams)


def _add_run() -> None:
    """Submit callback: a first run of an optimizer not raced yet, else one more run of
    it (its first run's settings copied); it trains with the next Train."""
    ss = st.session_state
    key, keys = ss.get("net.add_of"), list(ss.get("net.opts", []))
    if key not in page_keys():
        return
    if key in keys:
        add_run(MENU, key)
    else:
        ss["net.opts"] = [*keys, key]


def apply_url_config(d: dict) -> None:
    """Copy a shared document ({"tab", "train": the CLI's network JSON, one section per
    tab}) into widget state: the data, the net, the training and every run (its
    optimizer, hyper-parameters and schedule); what the form cannot show becomes a note."""
    ss, note = st.session_state, lambda text: links.note(PREFIX, text)
    n = len(ss.get(RUNS, DEFAULT_OPTIMIZERS))
    if "train" in d:
        try:
            config = NetConfig.from_dict(d["train"])
        except (ValueError, TypeError, KeyError) as e:
            note(t("links.unreadable", msg=e))
            config = None
        if config is not None:
            for name, value in config.hp.items():
                ss[f"net.p.{name}"] = value
            ss["net.opts"] = list(dict.fromkeys(r.name for r in config.optimizers))
            ss.update(runs_state(MENU, config.optimizers))
            ss[LINKED] = config          # settings() checks the form shows all of it
            ss.pop(CONFIG, None)         # the link's configuration trains, not the last one
            n = len(config.optimizers)
    last = max(0, n - 1)
    own = {"training": {"boundary": ("net.boundary", 0, last)},
           "landscape": {"center": ("net.center", 0, last), "resolution": ("net.res", 11, 51),
                         "span": ("net.span", 0.05, 5.0), "seed": ("net.dseed", 0, 10_000)},
           "hessian": {"run": ("net.h.run", 0, last), "points": ("net.h.points", 2, 10),
                       "max_products": ("net.h.budget", 20, 400)},
           "range": {"optimizer": ("net.r.run", 0, last), "lr_min": ("net.r.lo", 1e-7, 1.0),
                     "lr_max": ("net.r.hi", 1e-4, 100.0), "iterations": ("net.r.its", 20, 1000)}}
    own["replay"] = {"run": ("net.rp.run", 0, last)}
    if isinstance(d.get("tune"), dict):
        tune.apply_url(PREFIX, d["tune"])
    for tab, fields in own.items():
        sec = d.get(tab)
        if not isinstance(sec, dict):
            continue
        for name, (key, lo, hi) in fields.items():
            if sec.get(name) is not None:
                links.clamp(PREFIX, key, sec[name], lo, hi, name)
        if tab == "landscape" and "plane" in sec:
            links.choose(PREFIX, "net.dir", sec["plane"], ("pca", "random"), "plane")


def settings() -> NetConfig | None:
    """The settings form: the data, the net, the training, and every run with its own
    hyper-parameters and schedule. Returns the configuration the Train button last
    submitted (a link's, or the defaults, before any): adding or removing a run and
    editing settings train only on Train."""
    ss = st.session_state
    if "net.opts" not in ss:        # the form's widgets are new (first visit, page switch)
        ss.pop(CONFIG, None), ss.pop(RUNS, None)
    specs = {p.name: p for p in NET_PARAMS}
    limits = {"epochs": net_epochs_limit(optimizers_key=RUNS,
                                         default_optimizers=len(DEFAULT_OPTIMIZERS))}
    with st.form("net.form"):
        cols = st.columns(3)
        values = {}
        for col, (header, names) in zip(cols, GROUPS):
            with col:
                st.markdown(f"**{t('network.' + header)}**")
                values.update(param_widgets(tuple(specs[n] for n in names), "net.p",
                                            limits=limits))
        submitted = st.form_submit_button(t("network.train"), type="primary", key="net.train")
    rows = runs_form()
    if submitted or CONFIG not in ss:
        try:
            runs = tuple(_run(k, hp, i, s_, sp) for i, (k, hp, s_, sp) in enumerate(rows))
            ss[CONFIG] = NetConfig(tuple(values.items()), runs)
        except ValueError as e:
            ss.pop(CONFIG, None)
            ss.pop(LINKED, None)
            st.error(t("network.bad_input", msg=e))
            return None
        linked = ss.pop(LINKED, None)
        if linked is not None and linked != ss[CONFIG]:
            links.note(PREFIX, t("network.link_not_shown",
                                 what=", ".join(differences(linked, ss[CONFIG]))))
    if ss[CONFIG] != _drawn(values, rows):
        st.caption(t("network.pending"))
    return ss[CONFIG]


def runs_form() -> list[tuple]:
    """The runs (outside the form, so a run's new schedule shows its parameters at once;
    they train with the next Train): the optimizers, each run's settings in an expander,
    and a button adding a run. Returns ``[(key, hp, schedule, schedule params)]``."""
    st.markdown(f"**{t('network.optimizers')}**")
    opts = st.multiselect(t("network.optimizers"), page_keys(),
                          **_first("net.opts", "default", list(DEFAULT_OPTIMIZERS)),
                          key="net.opts", format_func=run_label, label_visibility="collapsed")
    st.caption(t("network.runs_help", max=NET_MAX_RUNS))
    rows, cols = [], st.columns(2)
    for i, rid in enumerate(sync_runs(MENU, opts)):
        key = run_key(rid)
        with cols[i % 2].expander(run_title(MENU, rid)):
            rows.append((key, *run_settings(MENU, rid, {"lr": default_lr(key)})))
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    a.selectbox(t("network.add_run_of"), page_keys(), key="net.add_of", format_func=run_label)
    b.button(t("compare.add_run"), key="net.add_run", on_click=_add_run,
             icon=":material/add:", width="stretch", disabled=len(rows) >= NET_MAX_RUNS)
    return rows


def _drawn(values: dict, rows: list) -> NetConfig | None:
    """The configuration the form shows now (None when it is not valid)."""
    try:
        return NetConfig(tuple(values.items()), tuple(
            _run(k, hp, i, s_, sp) for i, (k, hp, s_, sp) in enumerate(rows)))
    except ValueError:
        return None


def differences(a: NetConfig, b: NetConfig) -> list[str]:
    """The fields where ``b`` differs from ``a``: net.<name> and optimizers[i]."""
    out = [f"net.{k}" for k, v in a.hp.items() if b.hp.get(k) != v]
    n = max(len(a.optimizers), len(b.optimizers))
    ra, rb = (list(c.optimizers) + [None] * (n - len(c.optimizers)) for c in (a, b))
    return out + [f"optimizers[{i}]" for i in range(n) if ra[i] != rb[i]]


def own_decay(config: NetConfig, names: list[str]) -> list[str]:
    """A sentence naming the runs whose optimizer has its own weight_decay > 0 (torch's,
    in the update, on every parameter): the objective shown does not include it, so it is
    not exactly what those runs minimized."""
    runs = [n for n, r in zip(names, config.optimizers) if r.hp.get("weight_decay", 0) > 0]
    return [t("network.own_decay", runs=", ".join(runs))] if runs else []


def train(config: NetConfig):
    bar = st.progress(0.0)
    names = run_names(config.optimizers)

    def progress(p):     # polled while the worker pool trains (app.workers.Progress)
        if p.fraction is None:
            bar.progress(0.0, text=t("network.training", name=names[0]) if p.running
                         else t("network.queued"))
            return
        k = min(len(names) - 1, int(p.fraction * len(names) - 1e-9))
        bar.progress(p.fraction, text=t("network.training", name=names[k]))
    result = cache.trained(config, progress)
    bar.empty()
    d = config.data()
    st.caption(t("network.summary", n_train=len(d.y_train), n_val=len(d.y_val),
                 weights=config.n_weights, per=config.iterations_per_epoch,
                 epochs=config.hp["epochs"]))
    n = config.n_weights   # the notes' "why not Newton": the Hessian has n^2 entries
    st.caption(t("network.hessian_cost", weights=n, entries=n * n, mb=n * n * 8 / 1e6))
    for name, run in zip(names, result.runs):
        if run.diverged_at is not None:
            st.warning(t("network.diverged", name=name, it=run.diverged_at))
    return result, names


def training_tab(config, result, names):
    ck = (cache.key_of(config), current_language())
    st.plotly_chart(frozen(("net.loss", *ck), lambda: fig.loss_curves(result, names)))
    rows = [{t("network.col_optimizer"): n, t("network.col_train_loss"): r.train_loss[-1],
             t("network.col_val_loss"): r.val_loss[-1], t("network.col_train_acc"): r.train_acc[-1],
             t("network.col_val_acc"): r.val_acc[-1],
             t("network.col_diverged"): "" if r.diverged_at is None else str(r.diverged_at)}
            for n, r in zip(names, result.runs)]
    if not len(config.data().y_val):      # no validation split: no validation columns
        rows = [{k: v for k, v in row.items() if k not in (
            t("network.col_val_loss"), t("network.col_val_acc"))} for row in rows]
    show_table(pd.DataFrame(rows))
    k = st.selectbox(t("network.boundary_for"), range(len(names)), format_func=names.__getitem__,
                     key="net.boundary")
    data = config.data()

    def boundary():
        xs, ys, p = decision_grid(result.runs[k].model, data=data)
        return fig.boundary(xs, ys, np.nan_to_num(p, nan=0.5), data, names[k])
    figs = [(t("network.tab_training"), frozen(("net.loss", *ck), lambda: fig.loss_curves(result, names))),
            (names[k], frozen(("net.boundary", k, *ck), boundary))]
    st.plotly_chart(figs[1][1])
    links.export_row("network-train", config.to_dict(), history_rows(result, names), figs,
                     script=write_net_script(config) if script_covers(config) else None)
    return {"boundary": k}


def history_rows(result, names) -> list[dict]:
    """Per optimizer and epoch: the losses and accuracies (the training tab's data)."""
    return [{"optimizer": n, "epoch": e, "train_loss": float(r.train_loss[e]),
             "val_loss": float(r.val_loss[e]), "train_acc": float(r.train_acc[e]),
             "val_acc": float(r.val_acc[e])}
            for n, r in zip(names, result.runs) for e in range(len(r.train_loss))]


def landscape_tab(config, result, names):
    st.markdown(t("network.landscape_help"))
    c = st.columns(4)
    kind = c[0].radio(t("network.directions"), ("pca", "random"), key="net.dir",
                      format_func=lambda k: t(f"network.{k}"))
    center = c[1].selectbox(t("network.center"), range(len(names)), format_func=names.__getitem__,
                            key="net.center")
    n = c[2].slider(t("network.resolution"), 11, 51, step=2, key="net.res",
                    **_first("net.res", "value", 31))
    span, seed = None, 0
    if kind == "random":
        span = c[3].number_input(t("network.span"), 0.05, 5.0, key="net.span",
                                 **_first("net.span", "value", 1.0))
        seed = int(c[3].number_input(t("network.dir_seed"), 0, 10_000, key="net.dseed",
                                     **_first("net.dseed", "value", 0)))
    with st.spinner(t("network.computing_slice", n=n)):
        view = cache.landscape(cache.key_of(config), kind, span, n, seed, center)
    if view.explained:
        p1, p2 = view.explained
        st.info(t("network.explained", p1=p1, p2=p2, p=p1 + p2))
    else:
        st.caption(t("network.random_note"))
    ck = (cache.key_of(config), kind, span, n, seed, center, current_language())
    figs = [(t("network.tab_landscape"), frozen(("net.slice", *ck),
                                                lambda: fig.slice_figure(view, names))),
            (t("network.tab_landscape") + " 2", frozen(("net.path", *ck),
                                                     lambda: fig.path_vs_slice(view, names)))]
    for _, f in figs:
        st.plotly_chart(f)
    st.caption(" ".join([t("network.objective_caption",
                           objective=fig.objective_text(view.penalty)), *own_decay(config, names)]))
    own = {"plane": kind, "span": span, "resolution": n, "seed": seed, "center": center}
    rows = [{"a": float(a), "b": float(b), "loss": float(view.z[j, i])}
            for j, b in enumerate(view.coords) for i, a in enumerate(view.coords)]
    links.export_row("network-landscape", {**config.to_dict(), **own}, rows, figs)
    return own


def hessian_tab(config, result, names):
    st.markdown(t("network.hessian_help"))
    c = st.columns(3)
    k = c[0].selectbox(t("network.run"), range(len(names)), format_func=names.__getitem__,
                       **_first("net.h.run", "index", len(names) - 1), key="net.h.run")
    points = c[1].slider(t("network.points"), 2, 10, key="net.h.points",
                         **_first("net.h.points", "value", 5))
    budget = c[2].slider(t("network.max_products"), 20, 400, step=10, key="net.h.budget",
                         **_first("net.h.budget", "value", 120))
    with st.spinner(t("network.computing_hessian", n=points)):
        pts = cache.hessian(cache.key_of(config), k, points, budget)
    own = {"run": k, "points": points, "max_products": budget}
    pen = (config.hp["weight_decay"], config.hp["l1"])   # what the Hessian includes
    if not pts:
        st.warning(t("network.diverged", name=names[k], it=result.runs[k].diverged_at))
        return own
    figure = frozen(("net.hessian", cache.key_of(config), k, points, budget,
                     current_language()), lambda: fig.hessian_figure(pts, names[k], pen))
    st.plotly_chart(figure)
    st.caption(" ".join([t("network.objective_caption", objective=fig.objective_text(pen)),
                         *([t("network.hessian_l2", wd=pen[0])] if pen[0] else []),
                         *([t("network.hessian_l1")] if pen[1] else []),
                         *own_decay(config, names)]))
    links.export_row("network-hessian", {**config.to_dict(), **own},
                     [{"epoch": e, "largest": x.largest, "smallest": x.smallest,
                       "converged_largest": bool(x.converged[0]),
                       "converged_smallest": bool(x.converged[1]), "products": x.products}
                      for e, x in pts], [(t("network.tab_hessian"), figure)])
    show_table(pd.DataFrame([{t("network.col_epoch"): e, t("network.col_lmax"): x.largest,
                              t("network.col_lmin"): x.smallest,
                              t("network.col_converged"):
                                  ", ".join(t("network.yes" if c else "network.no")
                                            for c in x.converged[:2]),
                              t("network.col_products"): x.products} for e, x in pts]))
    last = pts[-1][1]
    g = _final_gradient_norm(cache.key_of(config), k)
    key = verdict(last.smallest, last.largest, g, last.converged[1])
    text = t(f"network.verdict_{key}", lmin=last.smallest, lmax=last.largest, g=g,
             tol=GRAD_TOL * max(1.0, abs(last.largest)), k=last.products, r=last.residuals[1])
    {"unknown": st.warning, "min": st.success}.get(key, st.info)(text)
    return own


GRAD_TOL = 1e-3    # "near a critical point": gradient norm at most this times max(1, lmax)


def verdict(lmin: float, lmax: float, grad_norm: float, converged: bool) -> str:
    """What the final weights are, from the extreme eigenvalues and the gradient norm
    there: unknown | min | flat | saddle (near-critical, negative curvature) | descending
    (negative curvature but the gradient is not small: not a critical point)."""
    if not converged:
        return "unknown"
    near_critical = grad_norm <= GRAD_TOL * max(1.0, abs(lmax))
    if lmin < -1e-3 * abs(lmax):
        return "saddle" if near_critical else "descending"
    return "flat" if lmin < 1e-3 * abs(lmax) else "min"


@st.cache_data(max_entries=32, show_spinner=False)
def _final_gradient_norm(key: str, run: int) -> float:
    return final_gradient_norm(cache.trained(NetConfig.from_dict(json.loads(key))), run)


def range_tab(config, result, names):
    st.markdown(t("network.range_help"))
    c = st.columns(4)
    k = c[0].selectbox(t("network.range_optimizer"), range(len(names)),
                       format_func=names.__getitem__, key="net.r.run")
    lo = c[1].number_input(t("network.lr_min"), 1e-7, 1.0, format="%.1e", key="net.r.lo",
                           **_first("net.r.lo", "value", 1e-5))
    hi = c[2].number_input(t("network.lr_max"), 1e-4, 100.0, format="%.1e", key="net.r.hi",
                           **_first("net.r.hi", "value", 10.0))
    its = c[3].slider(t("network.iterations"), 20, 1000, step=10, key="net.r.its",
                      **_first("net.r.its", "value", 200))
    own = {"optimizer": k, "lr_min": lo, "lr_max": hi, "iterations": its}
    if isinstance(config.optimizers[k], NetRun):
        st.info(t("netreg.range_two_rates", name=names[k]))
        return own
    try:
        with st.spinner(t("network.computing_range")):
            r = cache.range_test(cache.key_of(config), k, lo, hi, its)
    except ValueError as e:
        st.error(t("network.bad_input", msg=e))
        return own
    figure = frozen(("net.range", cache.key_of(config), k, lo, hi, its,
                     current_language()), lambda: fig.range_figure(r, names[k]))
    st.plotly_chart(figure)
    links.export_row("network-lr-range", {**config.to_dict(), **own},
                     [{"lr": float(a), "loss": float(b), "smooth": float(c)}
                      for a, b, c in zip(r.lr, r.loss, r.smooth)],
                     [(t("network.tab_range"), figure)])
    if r.steepest is None:
        st.warning(t("network.range_none"))
    else:
        st.success(t("network.range_result", s=r.steepest, lo=r.low, hi=r.high))
    if r.stopped_early:
        st.caption(t("network.stopped"))
    return own
