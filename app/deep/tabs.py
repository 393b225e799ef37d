"""The Deep-networks page's tabs: widgets (from the core's Param specs) -> one frozen
DeepConfig -> the tab's study (app.deep.view) -> figures (app.deep.figures)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from app import page_links as links
from app.deep import figures as fg
from app.deep import snap_figures as sf
from app.deep.view import study
from app.figures import frozen
from app.text import current_language, t
from app.urlstate import encode
from optim_core import (
    DEEP_COMMON,
    DEEP_PARAMS,
    INITS,
    MAX_UPDATES,
    SNAP_MAX_UPDATES,
    TABS,
    USES,
    DeepConfig,
    snapshot_summary,
    updates_per_epoch,
)

PREFIX = "deep"          # the URL's section and the page's state prefix
W = "dp."                # widget keys: dp.<field>
SPECS = {p.name: p for p in DEEP_PARAMS}
BATCH_OPTIONS = (1, 2, 4, 8, 16, 32, 64, 128, 200, 256, 512)
COST = {"vanishing": 3, "bias": 1, "batch": 1, "init": 0.1, "saddles": 3, "snapshots": 1}   # s, measured
FORMATS = {"stall": "%.1e", "lr": "%.4f", "batch_lr": "%.4f", "saddle_lr": "%.4f",
           "saddle_init": "%.3f", "scale": "%.2f", "noise": "%.2f", "val_fraction": "%.2f",
           "snap_lr": "%.4f", "snap_momentum": "%.2f"}
CHOICE_TEXT = {"data": "data", "init_act": "act"}


def apply_url(doc: dict) -> None:
    """A link's ``deep`` section into widget state (checked as a whole DeepConfig)."""
    d = doc.get(PREFIX)
    if d is None:
        return
    config = DeepConfig.from_dict(d)
    for name in SPECS:
        value = getattr(config, name)
        st.session_state[W + name] = list(value) if name == "batches" else value


def _limit(p) -> str:
    return t("deep.limit", low=f"{p.low:g}", high=f"{p.high:g}")


def field(name: str, where=st) -> None:
    """One field's widget, labelled in the page's language, its range stated."""
    p, key, ss = SPECS[name], W + name, st.session_state
    if key not in ss:
        ss[key] = list(p.default) if name == "batches" else p.default
    label = t(f"deep.f_{name}")
    if name == "batches":
        options = sorted(set(BATCH_OPTIONS) | set(ss[key]))
        where.multiselect(label, options, key=key, max_selections=6,
                          help=t("deep.limit", low=1, high=512))
    elif p.kind == "choice":
        where.selectbox(label, p.choices, key=key,
                        format_func=lambda c: t(f"deep.{CHOICE_TEXT[name]}_{c}"))
    elif p.kind == "bool":
        where.toggle(label, key=key)
    elif p.kind == "int":
        where.slider(label, int(p.low), int(p.high), key=key, help=_limit(p))
    else:
        where.number_input(label, float(p.low), float(p.high), key=key, help=_limit(p),
                           format=FORMATS.get(name, "%.3f"))


def common_controls() -> None:
    cols = st.columns(4)
    for col, name in zip(cols, DEEP_COMMON):
        field(name, col)


def config_now() -> DeepConfig:
    ss = st.session_state
    d = {n: ss.get(W + n, p.default) for n, p in SPECS.items()}
    d["batches"] = tuple(d["batches"])
    return DeepConfig(**d)


def _controls(tab: str) -> DeepConfig | None:
    own = [n for n in USES[tab] if n not in DEEP_COMMON]
    with st.expander(t("deep.settings"), expanded=False):
        cols = st.columns(3)
        for i, name in enumerate(own):
            field(name, cols[i % 3])
        st.caption(t("deep.cost", s=COST[tab]))
    try:
        return config_now()
    except ValueError as e:
        st.error(t("deep.bad_input", msg=e))
        return None


def _fig(tab: str, config: DeepConfig, name: str, build, sink: list):
    fig = frozen(("deep", tab, name, config.part(tab), current_language()), build)
    st.plotly_chart(fig, key=f"deep.fig.{tab}.{name}")
    sink.append(fig)


def vanishing() -> DeepConfig | None:
    config = _controls("vanishing")
    if config is None:
        return None
    st.markdown(t("deep.van_help"))
    with st.expander(t("deep.tab_vanishing") + ": σ'(z) ≤ 1/4", expanded=True):
        st.markdown(t("deep.van_why", latex=True))
    r = study(config, "vanishing")
    if r is None:
        return config
    first = r.grad_norms[:, 0, 0]
    st.markdown(t("deep.van_numbers", sig=first[0], relu=first[1], res=first[2],
                  orders=float(np.log10(first[2] / first[0])), steps=config.steps,
                  l_sig=r.loss[0, -1], l_relu=r.loss[1, -1], l_res=r.loss[2, -1]))
    figs: list = []
    _fig("vanishing", config, "layers", lambda: fg.vanishing_layers(r), figs)
    _fig("vanishing", config, "training", lambda: fg.vanishing_training(r), figs)
    st.markdown(t("deep.van_dead", n=config.n, init=int(r.dead_init.sum()),
                  end=int(r.dead_end.sum()), total=config.width * config.depth,
                  per=", ".join(str(int(v)) for v in r.dead_end)))
    rows = [{"kind": kind, "layer": layer + 1, "grad_norm_init": r.grad_norms[k, 0, layer],
             "grad_norm_end": r.grad_norms[k, -1, layer],
             "dead_relu_init": int(r.dead_init[layer]), "dead_relu_end": int(r.dead_end[layer])}
            for k, kind in enumerate(r.kinds) for layer in range(config.depth)]
    links.export_row("deep-vanishing", config.to_dict(), rows, figs)
    return config


def bias() -> DeepConfig | None:
    config = _controls("bias")
    if config is None:
        return None
    st.markdown(t("deep.bias_help"))
    st.info(t("deep.bias_rule"))
    r = study(config, "bias")
    if r is None:
        return config
    ls, ld = float(r.loss[0, -1]), float(r.loss[1, -1])
    key = "deep.bias_opt" if ld > ls else "deep.bias_not"
    st.markdown(t(key, deep=config.deep, shallow=config.shallow, l_deep=ld, l_shallow=ls,
                  copy=r.copy_loss))
    figs: list = []
    _fig("bias", config, "loss", lambda: fg.bias_loss(r), figs)
    _fig("bias", config, "boundaries", lambda: fg.bias_boundaries(r), figs)
    rows = [{"step": s, "loss_shallow": r.loss[0, s], "loss_deep": r.loss[1, s]}
            for s in range(r.loss.shape[1])]
    links.export_row("deep-bias", config.to_dict(), rows, figs)
    return config


def batch() -> DeepConfig | None:
    config = _controls("batch")
    if config is None:
        return None
    n_train = config.n - round(config.val_fraction * config.n)
    used = config.epochs * sum(updates_per_epoch(n_train, b, config.drop_last)
                               for b in config.batches)
    st.caption(t("deep.batch_budget", max=f"{MAX_UPDATES:,}", used=f"{used:,}"))
    try:
        config.check_batches()
    except ValueError as e:
        st.error(t("deep.bad_input", msg=e))
        return config
    st.markdown(t("deep.batch_help"))
    st.markdown(t("deep.batch_formula", latex=True))
    r = study(config, "batch")
    if r is None:
        return config
    st.caption(t("deep.batch_n", n=r.n_train, epochs=config.epochs, lr=config.batch_lr))
    figs: list = []
    _fig("batch", config, "view", lambda: fg.batch_view(r), figs)
    st.caption(t("deep.batch_time_note"))
    table = pd.DataFrame({
        t("deep.col_b"): list(r.sizes),
        t("deep.col_updates"): r.updates,
        t("deep.col_formula"): [updates_per_epoch(r.n_train, b, config.drop_last)
                                for b in r.sizes],
        t("deep.col_ms"): np.round(1000 * r.seconds, 2),
        t("deep.col_train"): np.round(r.train_loss[:, -1], 4),
        t("deep.col_val"): np.round(r.val_loss[:, -1], 4),
        t("deep.col_gap"): np.round(r.val_loss[:, -1] - r.train_loss[:, -1], 4),
        t("deep.col_var"): [f"{v:.3e}" for v in r.variance],
        t("deep.col_pred"): [f"{v:.3e}" for v in r.predicted]})
    st.dataframe(table, hide_index=True)
    _fig("batch", config, "curves", lambda: fg.batch_curves(r), figs)
    rows = [{"batch": b, "updates_per_epoch": int(r.updates[k]), "ms_per_epoch": 1000 * r.seconds[k],
             "train_loss": r.train_loss[k, -1], "val_loss": r.val_loss[k, -1],
             "grad_variance": r.variance[k], "predicted_variance": r.predicted[k]}
            for k, b in enumerate(r.sizes)]
    links.export_row("deep-batch", config.to_dict(), rows, figs)
    return config


def init() -> DeepConfig | None:
    config = _controls("init")
    if config is None:
        return None
    st.markdown(t("deep.init_help"))
    with st.expander("Xavier, He, BN", expanded=True):
        st.markdown(t("deep.init_what", latex=True))
    r = study(config, "init")
    if r is None:
        return config
    he, small = INITS.index("he"), INITS.index("small")
    depth = config.init_depth
    st.markdown(t("deep.init_numbers", he_lo=float(r.std[he, 0].min()),
                  he_hi=float(r.std[he, 0].max()), depth=depth, scale=config.scale,
                  small=float(r.std[small, 0, -1]),
                  m=max(float(np.abs(r.mean[:, 1]).max()), 1e-16),
                  s=max(float(np.abs(r.std[:, 1] - 1).max()), 1e-16)))
    if config.init_act == "relu":
        st.markdown(t("deep.init_relu", depth=depth,
                      ratio=float(r.std[small, 0, -1] / r.std[he, 0, -1]),
                      pred=config.scale ** depth))
    figs: list = []
    _fig("init", config, "view", lambda: fg.init_view(r), figs)
    rows = [{"init": init, "batch_norm": bool(j), "layer": layer + 1,
             "mean": r.mean[i, j, layer], "std": r.std[i, j, layer]}
            for i, init in enumerate(r.inits) for j in range(2) for layer in range(depth)]
    links.export_row("deep-init", config.to_dict(), rows, figs)
    return config


def saddles() -> DeepConfig | None:
    config = _controls("saddles")
    if config is None:
        return None
    st.markdown(t("deep.saddle_help"))
    r = study(config, "saddles")
    if r is None:
        return config
    k = r.lowest.shape[1]
    neg = int((r.negative > 0).sum())
    st.markdown(t("deep.saddle_summary", stalled=int(r.stalled.sum()), seeds=config.seeds,
                  max_steps=config.max_steps, neg=neg, p=r.params,
                  full=int((r.negative == k).sum()), k=k))
    if neg == config.seeds:
        st.info(t("deep.saddle_honest", stall=config.stall, seeds=config.seeds, p=r.params))
    else:
        st.info(t("deep.saddle_mixed", neg=neg, seeds=config.seeds, rest=config.seeds - neg,
                  k=k, stall=config.stall, p=r.params))
    figs: list = []
    _fig("saddles", config, "view", lambda: fg.saddle_view(r), figs)
    table = pd.DataFrame({
        t("deep.col_seed"): list(range(config.seeds)),
        t("deep.col_steps"): r.steps,
        t("deep.col_stalled"): [t("deep.yes") if s else t("deep.no") for s in r.stalled],
        t("deep.col_loss"): np.round(r.loss, 4),
        t("deep.col_grad"): [f"{g:.2e}" for g in r.grad_norm],
        t("deep.col_min"): [f"{v:.3e}" for v in r.lowest[:, 0]],
        t("deep.col_max"): [f"{v:.3g}" for v in r.largest],
        t("deep.col_neg", k=k): r.negative})
    st.dataframe(table, hide_index=True)
    rows = [{"seed": s, "steps": int(r.steps[s]), "stalled": bool(r.stalled[s]),
             "loss": r.loss[s], "grad_norm": r.grad_norm[s], "largest": r.largest[s],
             "negative": int(r.negative[s]),
             **{f"eig{j}": r.lowest[s, j] for j in range(k)}} for s in range(config.seeds)]
    links.export_row("deep-saddles", config.to_dict(), rows, figs)
    return config


def _snap_claims(r, s: dict, config: DeepConfig) -> None:
    """The measured sentences, each only when its numbers are finite: a diverged run (its
    validation loss inf or nan) is said to have diverged, not compared."""
    bad = [k + 1 for k, v in enumerate(r.snap_loss) if not np.isfinite(v)]
    if bad:
        st.warning(t("deep.snap_diverged", which=", ".join(map(str, bad)), m=s["m"],
                     lr=config.snap_lr, mom=config.snap_momentum))
    elif np.isfinite(s["base"]):
        st.markdown(t("deep.snap_best_all" if s["beats_all"] else "deep.snap_best_not", **s)
                    + " " + t("deep.snap_base_lower" if s["beats_base"] else
                              "deep.snap_base_not", base=s["base"], total=len(r.lr)))
    else:
        st.markdown(t("deep.snap_best_all" if s["beats_all"] else "deep.snap_best_not", **s))
    if not np.isfinite(s["base"]):
        st.warning(t("deep.snap_base_diverged", total=len(r.lr)))
    if not bad:
        st.info(t("deep.snap_jensen", ens=s["ens"], mean=s["mean"], m=s["m"]))


def snapshots() -> DeepConfig | None:
    config = _controls("snapshots")
    if config is None:
        return None
    st.caption(t("deep.snap_budget", max=f"{SNAP_MAX_UPDATES:,}", used=f"{config.snap_updates():,}"))
    try:
        config.check_snapshots()
    except ValueError as e:
        st.error(t("deep.bad_input", msg=e))
        return config
    st.markdown(t("deep.snap_help"))
    r = study(config, "snapshots")
    if r is None:
        return config
    s = snapshot_summary(r)
    st.caption(t("deep.snap_setup", t0=r.t0, cycle_epochs=config.snap_epochs // config.snap_cycles,
                 per=r.per_epoch, lr=config.snap_lr, m=s["m"], mom=config.snap_momentum,
                 n_val=len(r.y_val), iters=", ".join(str(int(i) + 1) for i in r.snap_iters)))
    figs: list = []
    _fig("snapshots", config, "rates", lambda: sf.snap_rates(r), figs)
    _snap_claims(r, s, config)
    _fig("snapshots", config, "losses", lambda: sf.snap_losses(r), figs)
    names = [t("deep.snap_name", k=k + 1) for k in range(s["m"])]
    names += [t("deep.snap_ens"), t("deep.snap_base")]
    table = pd.DataFrame({
        t("deep.col_model"): names,
        t("deep.col_val"): np.round([*r.snap_loss, r.ens_loss, r.base_loss], 4),
        t("deep.col_acc"): np.round([*r.snap_acc, r.ens_acc, r.base_acc], 4)})
    st.dataframe(table, hide_index=True)
    rows = [{"model": f"snapshot {k + 1}", "after_update": int(r.snap_iters[k]) + 1,
             "val_loss": r.snap_loss[k], "val_accuracy": r.snap_acc[k]} for k in range(s["m"])]
    rows += [{"model": "ensemble", "after_update": len(r.lr), "val_loss": r.ens_loss,
              "val_accuracy": r.ens_acc},
             {"model": "cosine, no restart", "after_update": len(r.lr), "val_loss": r.base_loss,
              "val_accuracy": r.base_acc}]
    links.export_row("deep-snapshots", config.to_dict(), rows, figs)
    return config


# tip -> (page script, the tab it opens there); a None script: this page's tab
TIPS = (("optimizer", "pages/compare.py", None), ("small", "pages/network.py", "training"),
        ("shuffle", "pages/learned.py", "batch"), ("watch", "pages/network.py", "training"),
        ("schedule", "pages/schedules.py", "builder"), ("range", "pages/network.py", "range"),
        ("scale", "pages/learned.py", "scaling"), ("deeper", None, "bias"))
PAGE_TITLES = {"pages/compare.py": "common.nav_compare", "pages/network.py": "common.nav_network",
               "pages/learned.py": "common.nav_learned",
               "pages/schedules.py": "common.nav_schedules"}


def tips() -> DeepConfig | None:
    st.markdown(t("deep.tips_help"))
    for i, (key, script, tab) in enumerate(TIPS):
        st.markdown(f"{i + 1}. {t('deep.tip_' + key)}")
        if script is not None:
            params = {"cfg": encode({"tab": tab})} if tab else None
            st.page_link(script, label=t("deep.tip_open", page=t(PAGE_TITLES[script])),
                         icon=":material/arrow_forward:", query_params=params)
        else:
            st.caption("→ " + t("deep.here", tab=t(f"deep.tab_{tab}")))
    try:
        return config_now()
    except ValueError:
        return None


RENDER = {"vanishing": vanishing, "bias": bias, "batch": batch, "init": init,
          "saddles": saddles, "snapshots": snapshots, "tips": tips}
assert tuple(RENDER) == TABS
