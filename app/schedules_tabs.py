"""The Learning-rate page's four tabs: widgets -> frozen config (app.schedules_page) ->
cached simulation -> figure builders (app.schedule_figures)."""
from __future__ import annotations

import streamlit as st

from app import schedules_page as pg
from app.cache import config_key, simulation, surface_grid
from app.controls import param_widgets, suggested_lr, surface_picker
from app.figures import add_path, contour_figure, frozen
from app.formula_input import stand_in_surface
from app.optimizer_menu import optimizer_keys, optimizer_label
from app.schedule_figures import (
    curvature_figure,
    eff_rate_figure,
    loss_and_lr,
    lr_curve,
    stuck_figure,
    sweep_figure,
)
from app.text import current_language, t, tr
from optim_core import OPTIMIZERS, SCHEDULES, SURFACES, WARMUP
from optim_core.config import surface_of

name_of = {"format_func": lambda k: tr((SCHEDULES.get(k) or OPTIMIZERS.get(k) or SURFACES[k]).name)}


def paths(surface, grid, result, labels, title, height=480):
    fig = contour_figure(surface, grid, title=title, height=height)
    for k, label in enumerate(labels):
        add_path(fig, result.path[k, 0], name=label, index=k, diverged=result.diverged_at[k, 0] >= 0)
    return fig


def builder():
    left, right = st.columns([1, 3], gap="large")
    with left:
        decay = st.selectbox(t("schedules.schedule"), pg.DECAYS, index=pg.DECAYS.index("cosine"),
                             key="lr.sched", help=t("schedules.schedule_help"), **name_of)
        dp = param_widgets(SCHEDULES[decay].params, f"lr.sp.{decay}")
        warm = None
        if decay in WARMUP and st.toggle(t("schedules.warmup"), True, key="lr.warm",
                                         help=t("schedules.warmup_help")):
            warm = param_widgets(SCHEDULES[WARMUP[decay]].params[:2], "lr.warmup")
        keys = optimizer_keys()
        opt = st.selectbox(t("schedules.optimizer"), keys, index=keys.index("momentum"),
                           key="lr.opt", format_func=optimizer_label)
        surf = surface_picker("lr", "himmelblau")
        try:
            spec, surface_error = surface_of(**surf), None
        except ValueError as e:        # keep drawing the widgets below (their values stay)
            st.error(t("schedules.bad_input", msg=e))
            spec, surface_error = stand_in_surface(surf, "himmelblau"), e
        lr = st.number_input(t("schedules.base_lr"), 1e-6, 10.0, suggested_lr(opt, spec),
                             format="%.2e", key=f"lr.base.{opt}.{spec.key}")
        noise = st.number_input(t("schedules.noise"), 0.0, 100.0, 2.0, key="lr.noise",
                                help=t("schedules.noise_help"))
        steps = st.slider(t("schedules.steps"), 20, 1000, 300, 10, key="lr.steps")
    if surface_error is not None:
        return
    key, sp = pg.compose(decay, dp, warm)
    try:
        config = pg.with_without(surf, opt, lr, key, sp, steps, noise)
    except ValueError as e:
        left.error(t("schedules.bad_input", msg=e))
        return
    name = tr(SCHEDULES[key].name)
    lowered = name[0].lower() + name[1:] if current_language() == "en" else name
    labels = [t("schedules.without"), t("schedules.with", name=lowered)]
    with right, st.spinner(t("schedules.computing")):
        st.latex(SCHEDULES[key].latex)
        st.caption(tr(SCHEDULES[key].explain))
        res = simulation(config)
        st.plotly_chart(frozen(("lr.curve", config_key(config), current_language()), lambda: lr_curve(
            {name: res.lr[1]}, title=t("schedules.curve_title", name=name),
            ylabel=t("schedules.lr_axis"), warmup=pg.warmup_steps(key, sp),
            warmup_label=t("schedules.warmup_band"), xlabel=t("schedules.step_axis"))))
        if pg.is_loss_driven(key):
            st.caption(t("schedules.plateau_note"))
        st.subheader(t("schedules.with_without"))
        st.markdown(t("schedules.with_without_intro"))
        tail = pg.tail_loss(res)
        st.caption(t("schedules.tail_caption", n=tail["n"]))
        m1, m2 = st.columns(2)
        m1.metric(labels[0], f"{tail['loss'][0]:.3g}")
        m2.metric(labels[1], f"{tail['loss'][1]:.3g}", delta_color="inverse",
                  delta=f"{tail['ratio'] - 1:+.1%} " + t("schedules.of_constant"))
    grid = surface_grid(surf["surface"], surf.get("surface_params", ()), formula=surf.get("formula"),
                        bounds=spec.bounds if surf.get("formula") else None)
    a, b = st.columns(2, gap="medium")
    ck = (config_key(config), current_language())
    a.plotly_chart(frozen(("lr.paths", *ck), lambda: paths(
        spec, grid, res, labels, t("schedules.paths_title", surface=tr(spec.name)), 560)))
    b.plotly_chart(frozen(("lr.loss", *ck), lambda: loss_and_lr(
        dict(zip(labels, res.loss[:, 0])), dict(zip(labels, res.lr)),
        title=t("schedules.loss_title"), loss_label=t("schedules.loss_axis"),
        lr_label=t("schedules.lr_axis"), xlabel=t("schedules.step_axis"))))


def stuck():
    st.markdown(t("schedules.stuck_intro"))
    lr_s = st.slider(t("schedules.stuck_lr"), 0.005, 0.1, pg.STUCK_LR, 0.0005, key="lr.stuck", format="%.4f")
    res = simulation(pg.stuck(lr_s))
    labels = [t("schedules.stuck_run", lr=lr_s), t("schedules.stuck_run", lr=lr_s / 2)]
    a, b = st.columns(2)
    ck = (config_key(res.config), current_language())
    a.plotly_chart(frozen(("lr.stuck_paths", *ck), lambda: paths(
        res.config.make_surface(), surface_grid("ravine", ()), res, labels,
        t("schedules.stuck_paths", lr=lr_s, half=lr_s / 2), height=520)))
    b.plotly_chart(frozen(("lr.stuck", *ck), lambda: stuck_figure(
        dict(zip(labels, res.loss[:, 0])), dict(zip(labels, res.grad_norm[:, 0])),
        title=t("schedules.stuck_title"), loss_label=t("schedules.loss_axis"),
        grad_label=t("schedules.grad_axis"), xlabel=t("schedules.step_axis"))))
    summary = pg.stuck_summary(res)
    st.plotly_chart(frozen(("lr.stuck_curv", *ck), lambda: curvature_figure(
        {labels[0]: pg.curvature_along(res, 0), labels[1]: pg.curvature_along(res, 1)},
        {labels[0]: summary["limit"], labels[1]: 2 * summary["limit"]},
        title=t("schedules.curv_title"), ylabel=t("schedules.curv_axis"),
        xlabel=t("schedules.step_axis"), limit_label=t("schedules.curv_limit"),
        at_min=summary["lam_min"], at_min_label=t("schedules.curv_at_min"))))
    st.caption(t("schedules.curv_caption"))
    if summary["stuck"]:
        key = "stuck_verdict_cycle" if summary["cycle"] < 1e-6 else "stuck_verdict"
        st.info(t(f"schedules.{key}", lr=lr_s, **summary), icon="ℹ️")
    else:
        st.info(t("schedules.stuck_moving", lr=lr_s, **summary), icon="ℹ️")

def sweep():
    st.markdown(t("schedules.sweep_intro", n=len(pg.SWEEP_RATES)))
    c1, c2, c3 = st.columns([3, 1, 1])
    chosen = c1.multiselect(t("schedules.sweep_optimizers"), optimizer_keys(),
                            default=list(pg.SWEEP_DEFAULT),
                            key="lr.sweep_opts", format_func=optimizer_label)
    surf_s = c2.selectbox(t("schedules.surface"), list(SURFACES), index=2, key="lr.sweep_surf", **name_of)
    steps_s = c3.slider(t("schedules.sweep_steps"), 50, 1000, 300, 50, key="lr.sweep_steps")
    if not chosen:
        st.info(t("schedules.sweep_none"))
        return
    try:   # optimizers that run as their own loops have a bound of their own
        config = pg.sweep(surf_s, chosen, steps_s)
    except ValueError as e:
        st.error(t("schedules.bad_input", msg=e))
        return
    with st.spinner(t("schedules.computing")):
        res = simulation(config)
    finals, diverged = pg.sweep_finals(res, chosen)
    names = {tr(OPTIMIZERS[k].name): k for k in chosen}
    st.plotly_chart(frozen(("lr.sweep", config_key(res.config), current_language()),
                           lambda: sweep_figure(
        pg.SWEEP_RATES, {n: finals[k] for n, k in names.items()},
        {n: diverged[k] for n, k in names.items()},
        title=t("schedules.sweep_title", steps=steps_s, surface=tr(SURFACES[surf_s].name)),
        xlabel=t("schedules.rate_axis"), ylabel=t("schedules.final_loss"),
        diverged_label=t("schedules.diverged"), best_label=t("schedules.best"))))
    st.dataframe(pg.sweep_rows(finals, diverged, {
        "name": t("schedules.optimizer"), "best": t("schedules.best_table"),
        "loss": t("schedules.best_loss"), "diverges": t("schedules.diverged_from"),
        "never": t("schedules.never")}), hide_index=True)

def adaptive():
    st.markdown(t("schedules.adaptive_intro"))
    surf_a = st.selectbox(t("schedules.surface"), list(SURFACES), index=1, key="lr.ad_surf", **name_of)
    res = simulation(pg.adaptive(surf_a, 300))
    st.plotly_chart(frozen(("lr.adaptive", config_key(res.config), current_language()),
                           lambda: eff_rate_figure(
        {tr(OPTIMIZERS[k].name): res.eff_lr[i, 0] for i, k in enumerate(pg.ADAPTIVE)},
        title=t("schedules.adaptive_title", surface=tr(SURFACES[surf_a].name)),
        ylabel=t("schedules.eff_axis"), coords=(t("schedules.coord_x"), t("schedules.coord_y")),
        xlabel=t("schedules.step_axis"))))
