"""The Learned-surfaces page's tabs: widgets -> frozen SimConfigs -> cached simulations ->
figures. No numbers are computed here beyond labels."""
from __future__ import annotations

import numpy as np
import streamlit as st
import torch

from app.cache import config_key, simulation, surface_grid
from app.controls import param_widgets, suggested_lr
from app.figures import add_path, contour_figure, frozen
from app.learned_figures import curves, data_figure
from app.optimizer_menu import optimizer_keys, optimizer_label
from app.text import current_language, t, tr
from optim_core import OPTIMIZERS, SURFACES, OptimizerRun, SimConfig, get_surface

DATA_KEYS = [k for k, s in SURFACES.items() if s.data]
ONE_FEATURE = [k for k in DATA_KEYS if not k.startswith("scaling")]
name_of = {"format_func": lambda k: tr((OPTIMIZERS.get(k) or SURFACES[k]).name)}


def _error(where, e):
    where.error(t("learned.bad_input", msg=e))


def _optimizer(prefix: str, surface, default: str = "sgd"):
    keys = optimizer_keys()
    opt = st.selectbox(t("learned.optimizer"), keys, index=keys.index(default),
                       key=f"{prefix}.opt", format_func=optimizer_label)
    lr = st.number_input(t("learned.lr"), 1e-10, 10.0, suggested_lr(opt, surface),
                         format="%.2e", key=f"{prefix}.lr.{opt}.{surface.key}")
    try:
        return OptimizerRun(opt, (("lr", lr),))
    except ValueError as e:
        return _error(st, e)


def _paths_figure(surface, params, results, labels, title):
    fig = contour_figure(surface, surface_grid(surface.key, tuple(params.items())),
                         title=title, height=500)
    for i, (res, label) in enumerate(zip(results, labels)):
        add_path(fig, res.path[0, 0], name=label, index=i, diverged=res.diverged_at[0, 0] >= 0)
    return fig


def _diverged(results, labels):
    for res, label in zip(results, labels):
        if res.diverged_at[0, 0] >= 0:
            st.warning(t("learned.diverged", name=label, step=int(res.diverged_at[0, 0])))


def batch_tab():
    left, right = st.columns([1, 3], gap="large")
    with left:
        key = st.selectbox(t("learned.model"), DATA_KEYS, key="learned.b.surface", **name_of)
        params = param_widgets(SURFACES[key].params, f"learned.b.sp.{key}")
        try:
            surface = get_surface(key, params)
        except ValueError as e:
            return _error(left, e)
        run = _optimizer("learned.b", surface)
        if run is None:
            return
        n = surface.data.n
        epochs = st.slider(t("learned.epochs"), 1, 200, 20, key="learned.b.epochs",
                           help=t("learned.epochs_help"))
        b = int(st.number_input(t("learned.batch"), 2, max(2, n - 1), min(10, max(2, n - 1)),
                                key=f"learned.b.size.{n}"))
        shuffle = st.toggle(t("learned.shuffle"), True, key="learned.b.shuffle")
        drop = st.toggle(t("learned.drop_last"), False, key="learned.b.drop")
        seed = int(st.number_input(t("learned.seed"), 0, 2 ** 31 - 1, 0, key="learned.b.seed"))
    base = {"surface": key, "surface_params": tuple(params.items()), "optimizers": (run,),
                "starts": (surface.start,), "seed": seed, "shuffle": shuffle, "drop_last": drop}
    try:
        per_mini = SimConfig(**base, batch_size=b).batches_per_epoch
        per_sgd = SimConfig(**base, batch_size=1).batches_per_epoch
        configs = [SimConfig(**base, steps=epochs),
                   SimConfig(**base, batch_size=b, steps=epochs * per_mini),
                   SimConfig(**base, batch_size=1, steps=epochs * per_sgd)]
    except ValueError as e:
        return _error(left, e)
    labels = [t("learned.full", it=epochs), t("learned.mini", b=b, it=epochs * per_mini),
              t("learned.sgd", it=epochs * per_sgd)]
    with right, st.spinner(t("learned.computing")):
        st.markdown(t("learned.batch_help"))
        st.caption(t("learned.counts", n=n, mini=per_mini))
        results = [simulation(c) for c in configs]
        _diverged(results, labels)
        ck = (*(config_key(c) for c in configs), current_language())
        st.plotly_chart(frozen(("learned.paths", *ck), lambda: _paths_figure(
            surface, params, results, labels,
            t("learned.paths_title", name=tr(surface.name), epochs=epochs))))
        per = [1, per_mini, per_sgd]
        st.plotly_chart(frozen(("learned.loss", *ck), lambda: curves(
            {lab: (np.arange(len(r.loss[0, 0])) / p, r.loss[0, 0])
             for lab, r, p in zip(labels, results, per)},
            title=t("learned.loss_title"), xlabel=t("learned.epoch_axis"),
            ylabel=t("learned.loss_axis"))))
        if key in ONE_FEATURE:
            st.plotly_chart(frozen(("learned.data", *ck), lambda: data_figure(
                key, params, {lab: tuple(r.path[0, 0, -1]) for lab, r in zip(labels, results)},
                title=t("learned.data_title"), xlabel=t("learned.data_x"),
                ylabel=t("learned.data_label" if key.startswith("logistic") else "learned.data_y"))))


def _side_by_side(prefix: str, keys: tuple[str, str], labels: tuple[str, str], help_key: str,
                  default_steps: int, stability: bool = False):
    """Two surfaces, the same optimizer and rate. With ``stability`` the parameters mean
    different things on the two surfaces, so each starts from its own default point."""
    st.markdown(t(help_key))
    c = st.columns(4)
    surf0 = get_surface(keys[0])
    with c[0]:
        run = _optimizer(prefix, surf0)
    if run is None:
        return
    steps = c[1].slider(t("learned.steps"), 10, 2000, default_steps, key=f"{prefix}.steps")
    if stability:
        starts = [SURFACES[k].start for k in keys]
    else:
        sx = c[2].number_input(t("learned.start_x"), value=float(surf0.start[0]), format="%.4g",
                               key=f"{prefix}.sx")
        sy = c[3].number_input(t("learned.start_y"), value=float(surf0.start[1]), format="%.4g",
                               key=f"{prefix}.sy")
        starts = [(sx, sy)] * 2
    try:
        configs = [SimConfig(surface=k, optimizers=(run,), starts=(s,), steps=steps)
                   for k, s in zip(keys, starts)]
    except ValueError as e:
        return _error(st, e)
    with st.spinner(t("learned.computing")):
        results = [simulation(cfg) for cfg in configs]
    ck = (*(config_key(c) for c in configs), current_language())
    cols = st.columns(2)
    for col, key, label, res in zip(cols, keys, labels, results):
        surface = get_surface(key)
        with col:
            st.subheader(label)
            if stability:
                st.caption(_stability(surface, label))
            _diverged([res], [label])
            st.plotly_chart(frozen(("learned.side", key, *ck), lambda surface=surface, res=res, run=run: _paths_figure(
                surface, {}, [res], [tr(OPTIMIZERS[run.name].name)], tr(surface.name))))
    st.plotly_chart(frozen(("learned.side_loss", *ck), lambda: curves(
        {lab: (np.arange(steps + 1), r.loss[0, 0]) for lab, r in zip(labels, results)},
        title=t("learned.loss_steps_title"), xlabel=t("learned.step_axis"),
        ylabel=t("learned.loss_axis"))))
    st.plotly_chart(frozen(("learned.side_grad", *ck), lambda: curves(
        {lab: (np.arange(steps + 1), r.grad_norm[0, 0]) for lab, r in zip(labels, results)},
        title=t("learned.grad_title"), xlabel=t("learned.step_axis"),
        ylabel=t("learned.grad_axis"))))


def _stability(surface, label) -> str:
    """Eigenvalues of the (constant) Hessian of a squared-error surface."""
    xy = torch.tensor(surface.start, dtype=torch.float64)
    ev = torch.linalg.eigvalsh(torch.func.hessian(surface.value)(xy)).tolist()
    return t("learned.stability", name=label, lmin=ev[0], lmax=ev[1], cond=ev[1] / ev[0],
             limit=2 / ev[1])


def logistic_tab():
    _side_by_side("learned.l", ("logistic_mse", "logistic_ce"),
                  (t("learned.mse"), t("learned.ce")), "learned.logistic_help", 300)


def scaling_tab():
    _side_by_side("learned.s", ("scaling_raw", "scaling_std"),
                  (t("learned.raw"), t("learned.std")), "learned.scaling_help", 300, stability=True)
