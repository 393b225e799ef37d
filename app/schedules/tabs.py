"""The Learning-rate page's four tabs: widgets -> frozen config (app.schedules.form) ->
cached simulation -> figure builders (app.schedules.figures)."""
from __future__ import annotations

import streamlit as st

from app import page_links as links
from app.cache import config_key, simulation, surface_grid
from app.controls import param_widgets, suggested_lr, surface_picker
from app.figures import add_path, contour_figure, frozen
from app.formula_input import stand_in_surface
from app.optimizer_menu import optimizer_keys, optimizer_label
from app.schedules import form as pg
from app.schedules.figures import (
    curvature_figure,
    eff_rate_figure,
    loss_and_lr,
    lr_curve,
    stuck_figure,
    sweep_figure,
)
from app.text import current_language, t, tr
from optim_core import (
    OPTIMIZERS,
    SCHEDULES,
    SURFACES,
    SWEEP_DEFAULT,
    WARMUP,
    SimConfig,
    SweepConfig,
    run_sweep,
    surface_of,
)
from optim_core import load as load_analysis

name_of = {"format_func": lambda k: tr((SCHEDULES.get(k) or OPTIMIZERS.get(k) or SURFACES[k]).name)}


def _first(key: str, arg: str, value) -> dict:
    """A widget's initial value, unless its state is already set (by a link or the user)."""
    return {} if key in st.session_state else {arg: value}


def _show(where, sink: list, fig):
    """Draw ``fig`` in ``where`` and keep it for the export row."""
    where.plotly_chart(fig)
    sink.append(fig)


def paths(surface, grid, result, labels, title, height=480):
    fig = contour_figure(surface, grid, title=title, height=height)
    for k, label in enumerate(labels):
        add_path(fig, result.path[k, 0], name=label, index=k, diverged=result.diverged_at[k, 0] >= 0)
    return fig


def builder():
    figs = []
    left, right = st.columns([1, 3], gap="large")
    with left:
        decay = st.selectbox(t("schedules.schedule"), pg.DECAYS,
                             **_first("lr.sched", "index", pg.DECAYS.index("cosine")),
                             key="lr.sched", help=t("schedules.schedule_help"), **name_of)
        dp = param_widgets(SCHEDULES[decay].params, f"lr.sp.{decay}")
        warm = None
        if decay in WARMUP and st.toggle(t("schedules.warmup"), key="lr.warm",
                                         **_first("lr.warm", "value", True),
                                         help=t("schedules.warmup_help")):
            warm = param_widgets(SCHEDULES[WARMUP[decay]].params[:2], "lr.warmup")
        keys = optimizer_keys()
        opt = st.selectbox(t("schedules.optimizer"), keys,
                           **_first("lr.opt", "index", keys.index("momentum")), key="lr.opt", format_func=optimizer_label)
        surf = surface_picker("lr", "himmelblau")
        try:
            spec, surface_error = surface_of(**surf), None
        except ValueError as e:        # keep drawing the widgets below (their values stay)
            st.error(t("schedules.bad_input", msg=e))
            spec, surface_error = stand_in_surface(surf, "himmelblau"), e
        lr = st.number_input(t("schedules.base_lr"), 1e-6, 10.0, format="%.2e",
                             key=f"lr.base.{opt}.{spec.key}", **_first(
                                 f"lr.base.{opt}.{spec.key}", "value", suggested_lr(opt, spec)))
        noise = st.number_input(t("schedules.noise"), 0.0, 100.0, key="lr.noise",
                                **_first("lr.noise", "value", 2.0),
                                help=t("schedules.noise_help"))
        steps = st.slider(t("schedules.steps"), 20, 1000, step=10, key="lr.steps",
                          **_first("lr.steps", "value", 300))
    if surface_error is not None:
        return None
    key, sp = pg.compose(decay, dp, warm)
    try:
        config = pg.with_without(surf, opt, lr, key, sp, steps, noise)
    except ValueError as e:
        left.error(t("schedules.bad_input", msg=e))
        return None
    name = tr(SCHEDULES[key].name)
    lowered = name[0].lower() + name[1:] if current_language() == "en" else name
    labels = [t("schedules.without"), t("schedules.with", name=lowered)]
    with right, st.spinner(t("schedules.computing")):
        st.latex(SCHEDULES[key].latex)
        st.caption(tr(SCHEDULES[key].explain))
        res = simulation(config)
        _show(st, figs, frozen(("lr.curve", config_key(config), current_language()), lambda: lr_curve(
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
    _show(a, figs, frozen(("lr.paths", *ck), lambda: paths(
        spec, grid, res, labels, t("schedules.paths_title", surface=tr(spec.name)), 560)))
    _show(b, figs, frozen(("lr.loss", *ck), lambda: loss_and_lr(
        dict(zip(labels, res.loss[:, 0])), dict(zip(labels, res.lr)),
        title=t("schedules.loss_title"), loss_label=t("schedules.loss_axis"),
        lr_label=t("schedules.lr_axis"), xlabel=t("schedules.step_axis"))))
    links.export_row("lr-schedule", config.to_dict(), _run_rows(res, labels), figs)
    return config.to_dict()


def _run_rows(res, labels) -> list[dict]:
    """Per run and step: loss, gradient norm and rate (a simulation's data as CSV rows)."""
    return [{"run": label, "step": i, "loss": float(res.loss[k, 0, i]),
             "grad_norm": float(res.grad_norm[k, 0, i]),
             "lr": float(res.lr[k, i]) if res.lr is not None and i < res.lr.shape[-1] else None}
            for k, label in enumerate(labels) for i in range(res.loss.shape[-1])]


def stuck():
    figs = []
    st.markdown(t("schedules.stuck_intro"))
    lr_s = st.slider(t("schedules.stuck_lr"), 0.005, 0.1, step=0.0005, key="lr.stuck",
                     format="%.4f", **_first("lr.stuck", "value", pg.STUCK_LR))
    res = simulation(pg.stuck(lr_s))
    labels = [t("schedules.stuck_run", lr=lr_s), t("schedules.stuck_run", lr=lr_s / 2)]
    a, b = st.columns(2)
    ck = (config_key(res.config), current_language())
    _show(a, figs, frozen(("lr.stuck_paths", *ck), lambda: paths(
        res.config.make_surface(), surface_grid("ravine", ()), res, labels,
        t("schedules.stuck_paths", lr=lr_s, half=lr_s / 2), height=520)))
    _show(b, figs, frozen(("lr.stuck", *ck), lambda: stuck_figure(
        dict(zip(labels, res.loss[:, 0])), dict(zip(labels, res.grad_norm[:, 0])),
        title=t("schedules.stuck_title"), loss_label=t("schedules.loss_axis"),
        grad_label=t("schedules.grad_axis"), xlabel=t("schedules.step_axis"))))
    summary = pg.stuck_summary(res)
    _show(st, figs, frozen(("lr.stuck_curv", *ck), lambda: curvature_figure(
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
    links.export_row("lr-stuck", res.config.to_dict(), _run_rows(res, labels), figs)
    return {"lr": lr_s}

def sweep():
    st.markdown(t("schedules.sweep_intro", n=SweepConfig().rates))
    c1, c2, c3 = st.columns([3, 1, 1])
    chosen = c1.multiselect(t("schedules.sweep_optimizers"), optimizer_keys(),
                            **_first("lr.sweep_opts", "default", list(SWEEP_DEFAULT)),
                            key="lr.sweep_opts", format_func=optimizer_label)
    surf_s = c2.selectbox(t("schedules.surface"), list(SURFACES), key="lr.sweep_surf",
                          **_first("lr.sweep_surf", "index", 2), **name_of)
    steps_s = c3.slider(t("schedules.sweep_steps"), 50, 1000, step=50, key="lr.sweep_steps",
                        **_first("lr.sweep_steps", "value", 300))
    if not chosen:
        st.info(t("schedules.sweep_none"))
        return {"surface": surf_s, "optimizers": [], "steps": steps_s}
    try:
        config = pg.sweep(surf_s, chosen, steps_s)
    except ValueError as e:
        st.error(t("schedules.bad_input", msg=e))
        return {"surface": surf_s, "optimizers": chosen, "steps": steps_s}
    with st.spinner(t("schedules.computing")):
        res = run_sweep(config, simulation(config.sim_config()))
    names = {tr(OPTIMIZERS[k].name): k for k in chosen}
    figure = frozen(("lr.sweep", config_key(res.sim.config), current_language()),
                    lambda: sweep_figure(
        res.rates, {n: res.finals[k] for n, k in names.items()},
        {n: res.diverged[k] for n, k in names.items()},
        title=t("schedules.sweep_title", steps=steps_s, surface=tr(SURFACES[surf_s].name)),
        xlabel=t("schedules.rate_axis"), ylabel=t("schedules.final_loss"),
        diverged_label=t("schedules.diverged"), best_label=t("schedules.best")))
    st.plotly_chart(figure)
    st.dataframe(pg.sweep_rows(res, {
        "name": t("schedules.optimizer"), "best": t("schedules.best_table"),
        "loss": t("schedules.best_loss"), "diverges": t("schedules.diverged_from"),
        "never": t("schedules.never")}), hide_index=True)
    rows = [{"optimizer": k, "lr": float(r), "final_loss": float(res.finals[k][i]),
             "diverged": bool(res.diverged[k][i])}
            for k in chosen for i, r in enumerate(res.rates)]
    links.export_row("lr-sweep", config.to_dict(), rows, [figure])
    return config.to_dict()

def adaptive():
    figs = []
    st.markdown(t("schedules.adaptive_intro"))
    surf_a = st.selectbox(t("schedules.surface"), list(SURFACES), key="lr.ad_surf",
                          **_first("lr.ad_surf", "index", 1), **name_of)
    res = simulation(pg.adaptive(surf_a, 300))
    _show(st, figs, frozen(("lr.adaptive", config_key(res.config), current_language()),
                           lambda: eff_rate_figure(
        {tr(OPTIMIZERS[k].name): res.eff_lr[i, 0] for i, k in enumerate(pg.ADAPTIVE)},
        title=t("schedules.adaptive_title", surface=tr(SURFACES[surf_a].name)),
        ylabel=t("schedules.eff_axis"), coords=(t("schedules.coord_x"), t("schedules.coord_y")),
        xlabel=t("schedules.step_axis"))))
    rows = [{"optimizer": k, "step": j, "eff_lr_x": float(res.eff_lr[i, 0, j, 0]),
             "eff_lr_y": float(res.eff_lr[i, 0, j, 1])}
            for i, k in enumerate(pg.ADAPTIVE) for j in range(res.eff_lr.shape[2])]
    links.export_row("lr-adaptive", res.config.to_dict(), rows, figs)
    return {"surface": surf_a}


PREFIX = "lr"
TABS = ("builder", "stuck", "sweep", "adaptive")


def _apply_surface(cfg) -> None:
    ss = st.session_state
    if cfg.formula is not None:
        ss["lr.surface"], ss["lr.formula"] = "formula", cfg.formula
        for i, v in enumerate(cfg.bounds or ()):
            links.clamp(PREFIX, f"lr.b{i}", float(v), -1e4, 1e4, f"bounds[{i}]")
        return
    ss["lr.surface"] = cfg.surface
    for name, value in cfg.surface_params:
        ss[f"lr.sp.{cfg.surface}.{name}"] = value


def _apply_builder(d: dict) -> None:
    """The builder from the ``simulate`` JSON it exports: constant rate vs the schedule."""
    ss = st.session_state
    cfg = SimConfig.from_dict(d)
    runs = cfg.optimizers
    if len(runs) != 2 or runs[0].name != runs[1].name or runs[1].schedule is None:
        links.note(PREFIX, t("links.partial", what="optimizers"))
        return
    _apply_surface(cfg)
    opt, key = runs[1].name, runs[1].schedule
    links.choose(PREFIX, "lr.opt", opt, optimizer_keys(), "optimizer")
    sp = dict(runs[1].schedule_params)
    decay = next((k for k, w in WARMUP.items() if w == key), key)
    if decay != key:                             # a warm-up first: its two fields, then the decay's
        ss["lr.warm"] = True
        for p in SCHEDULES[key].params[:2]:
            ss[f"lr.warmup.{p.name}"] = sp.pop(p.name)
    elif decay in WARMUP:
        ss["lr.warm"] = False
    links.choose(PREFIX, "lr.sched", decay, pg.DECAYS, "schedule")
    for name, value in sp.items():
        ss[f"lr.sp.{decay}.{name}"] = value
    skey = surface_of(**{k: getattr(cfg, k) for k in ("surface", "surface_params", "formula",
                                                      "bounds")}).key
    links.clamp(PREFIX, f"lr.base.{opt}.{skey}", dict(runs[0].params)["lr"], 1e-6, 10.0, "lr")
    links.clamp(PREFIX, "lr.noise", cfg.noise, 0.0, 100.0, "noise")
    links.clamp(PREFIX, "lr.steps", cfg.steps, 20, 1000, "steps")


def _apply_sweep(d: dict) -> None:
    ss = st.session_state
    if not d.get("optimizers"):                  # "none chosen" is a state of the page too
        ss["lr.sweep_opts"] = []
        d = {k: v for k, v in d.items() if k != "optimizers"}
    else:
        ss["lr.sweep_opts"] = list(load_analysis("sweep", d).optimizers)
    cfg = load_analysis("sweep", {**d, "optimizers": ["sgd"]})
    default = SweepConfig()
    if (cfg.surface_params or (cfg.lr_min, cfg.lr_max, cfg.rates)
            != (default.lr_min, default.lr_max, default.rates)):
        links.note(PREFIX, t("links.partial", what="surface_params, lr_min, lr_max, rates"))
    ss["lr.sweep_surf"] = cfg.surface
    links.clamp(PREFIX, "lr.sweep_steps", cfg.steps, 50, 1000, "steps")


def apply_url_config(d: dict) -> None:
    """Copy a shared document ({"tab", one section per tab}) into widget state."""
    for name, apply in (("builder", _apply_builder), ("sweep", _apply_sweep)):
        if isinstance(d.get(name), dict):
            try:
                apply(d[name])
            except (ValueError, TypeError, KeyError) as e:
                links.note(PREFIX, t("links.unreadable", msg=e))
    if isinstance(d.get("stuck"), dict) and "lr" in d["stuck"]:
        links.clamp(PREFIX, "lr.stuck", d["stuck"]["lr"], 0.005, 0.1, "lr")
    if isinstance(d.get("adaptive"), dict):
        links.choose(PREFIX, "lr.ad_surf", d["adaptive"].get("surface"), list(SURFACES),
                     "surface")
