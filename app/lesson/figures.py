"""A scene's live figure: the same cached core call and figure builder as its page."""
from __future__ import annotations

import numpy as np
import streamlit as st

from app.basins import view as basin_view
from app.cache import config_key, simulation, surface_grid
from app.compare.view import compare_view
from app.critical import cache as critical_cache
from app.critical import figures as cfig
from app.figures import add_path, contour_figure, frozen
from app.learned.figures import curves
from app.lesson.scenes import Scene
from app.network import cache as net_cache
from app.network.figures import slice_figure
from app.schedules.figures import lr_curve
from app.text import current_language, t, tr
from optim_core import OPTIMIZERS, SCHEDULES, get_surface, softmax_view


def show(scene: Scene) -> None:
    """Draw the scene's figure (and, for a Hessian scene, the matrix and eigenvalues)."""
    key = f"lesson.fig.{scene.key}"
    kind, cfg = scene.figure, scene.config
    if kind in ("map", "rates", "loss"):
        st.plotly_chart(compare_view(cfg).figures[kind], key=key)
    elif kind in ("critical_map", "hessian"):
        _critical(scene, key)
    elif kind == "lr_curve":
        res = simulation(cfg)
        run = cfg.optimizers[0]
        name = tr(SCHEDULES[run.schedule].name)
        warm = int(dict(run.schedule_params).get("total_iters", 0))
        st.plotly_chart(frozen(("lesson.lr", config_key(cfg), current_language()), lambda: lr_curve(
            {tr(OPTIMIZERS[run.name].name): res.lr[0]}, title=t("schedules.curve_title", name=name),
            ylabel=t("schedules.lr_axis"), xlabel=t("schedules.step_axis"),
            warmup=warm, warmup_label=t("schedules.warmup_band"))), key=key)
    elif kind == "learned_batch":
        _learned_batch(cfg, key)
    elif kind == "learned_side":
        _learned_side(cfg, key)
    elif kind == "basins":
        result = basin_view.basins(cfg)
        st.plotly_chart(basin_view.maps(result, result.start(*result.pixel(
            get_surface(cfg.surface, dict(cfg.surface_params)).start))), key=key)
    elif kind == "race":
        st.plotly_chart(basin_view.tune_figures(basin_view.tuned(cfg))["race"], key=key)
    elif kind == "stuck":         # the Learning-rate page's stuck tab: loss and gradient norm
        _stuck(cfg, key)
    elif kind == "deep":
        _deep(scene, key)
    elif kind == "softmax":       # the Learned-surfaces page's softmax view (instant)
        from app.learned.softmax import grad_figure, probs_figure
        res = softmax_view(cfg)
        left, right = st.columns(2)
        left.plotly_chart(probs_figure(res), key=key)
        right.plotly_chart(grad_figure(res), key=f"{key}.grad")
    elif kind == "landscape":
        result = net_cache.trained(cfg)
        names = [tr(OPTIMIZERS[r.name].name) for r in cfg.optimizers]
        view = net_cache.landscape(net_cache.key_of(cfg), "pca", None, 21, 0, 0)
        st.plotly_chart(frozen(("lesson.net", net_cache.key_of(cfg), current_language()),
                               lambda: slice_figure(view, names)), key=key)
        del result
    else:
        raise ValueError(f"unknown lesson figure {kind!r}")


def _stuck(cfg, key: str) -> None:
    from app.schedules.figures import stuck_figure
    res = simulation(cfg)
    labels = [t("schedules.stuck_run", lr=o.hp["lr"]) for o in cfg.optimizers]
    st.plotly_chart(frozen(("lesson.stuck", config_key(cfg), current_language()),
                           lambda: stuck_figure(
        dict(zip(labels, res.loss[:, 0])), dict(zip(labels, res.grad_norm[:, 0])),
        title=t("schedules.stuck_title"), loss_label=t("schedules.loss_axis"),
        grad_label=t("schedules.grad_axis"), xlabel=t("schedules.step_axis"))), key=key)


def _deep(scene: Scene, key: str) -> None:
    """The Deep-networks page's study of the scene's tab (the same cached call in the worker
    pool, the same figure and cache key as the page's): per-layer gradient norms for
    vanishing gradients, the two training losses for model bias vs optimization."""
    from app.deep import figures as dfig
    from app.deep.view import study
    cfg, tab = scene.config, scene.tab
    result = study(cfg, tab)
    if result is None:          # the study's error is already shown in its place
        return
    name, build = {"vanishing": ("layers", dfig.vanishing_layers),
                   "bias": ("loss", dfig.bias_loss)}[tab]
    st.plotly_chart(frozen(("deep", tab, name, cfg.part(tab), current_language()),
                           lambda: build(result)), key=key)


def _critical(scene: Scene, key: str) -> None:
    cfg = scene.config
    surface = get_surface(cfg.surface, dict(cfg.surface_params))
    result = critical_cache.critical_points(cfg)
    xy = scene.point or result.default_point(surface.start)
    if scene.figure == "critical_map":
        grid = critical_cache.surface_grid(cfg.surface, cfg.surface_params)
        st.plotly_chart(cfig.critical_map(surface, grid, result, xy), key=key)
        return
    info = critical_cache.inspect(cfg.surface, cfg.surface_params, xy, result.curvature_scale)
    left, right = st.columns([2, 3])
    with left:
        st.markdown(t(f"critical.verdict_{info.kind}"))
        tiny = cfig.zero_level(info)
        st.latex(cfig.matrix_latex(r"\nabla L", info.gradient, zero=tiny))
        st.latex(cfig.matrix_latex("H", info.hessian, zero=tiny))
        for line in cfig.eigen_latex(info):
            st.latex(line)
    right.plotly_chart(cfig.hessian_arrows(info, 0.1 * cfig.short_side(surface.bounds)), key=key)


def _paths(configs, labels, title):
    """The Learned-surfaces page's map: one surface, one path per configuration."""
    first = configs[0]
    surface = first.make_surface()
    fig = contour_figure(surface, surface_grid(first.surface, first.surface_params),
                         title=title, height=500)
    for i, (res, label) in enumerate(zip(map(simulation, configs), labels)):
        add_path(fig, res.path[0, 0], name=label, index=i, diverged=res.diverged_at[0, 0] >= 0)
    return fig


def _learned_batch(configs, key: str) -> None:
    full, mini, one = configs
    epochs = full.steps
    labels = [t("learned.full", it=full.steps), t("learned.mini", b=mini.batch_size, it=mini.steps),
              t("learned.sgd", it=one.steps)]
    ck = (*(config_key(c) for c in configs), current_language())
    st.caption(t("learned.counts", n=full.make_surface().data.n, mini=mini.batches_per_epoch))
    st.plotly_chart(frozen(("lesson.batch", *ck), lambda: _paths(
        configs, labels, t("learned.paths_title", name=tr(full.make_surface().name), epochs=epochs))),
        key=key)


def _learned_side(configs, key: str) -> None:
    """Two surfaces side by side (Learned surfaces' MSE / cross-entropy and scaling tabs),
    then the gradient norm along both paths."""
    ck = (*(config_key(c) for c in configs), current_language())
    cols = st.columns(2)
    for i, (col, cfg) in enumerate(zip(cols, configs)):
        name = tr(OPTIMIZERS[cfg.optimizers[0].name].name)
        label = f"{name} (η={cfg.optimizers[0].hp['lr']:g})"
        col.plotly_chart(frozen(("lesson.side", i, *ck), lambda cfg=cfg, label=label: _paths(
            (cfg,), [label], tr(cfg.make_surface().name))), key=f"{key}.{i}")
    results = [simulation(c) for c in configs]
    st.plotly_chart(frozen(("lesson.side_grad", *ck), lambda: curves(
        {tr(c.make_surface().name): (np.arange(c.steps + 1), r.grad_norm[0, 0])
         for c, r in zip(configs, results)}, title=t("learned.grad_title"),
        xlabel=t("learned.step_axis"), ylabel=t("learned.grad_axis"))), key=key)


def show_explore(scene: Scene) -> None:
    """A Compare scene's instant sliders: the Compare page's explore figure of the scene's
    configuration (the same cached call), with what to look for while dragging."""
    from app import explore
    from app.compare.explore import MAX_STEPS, labels, result_lines
    from app.figures import FrozenFigure
    cfg, ex = scene.config, scene.explore
    sweep = explore.sweep_config(cfg, ex, MAX_STEPS)
    surface = sweep.make_surface()
    run = cfg.optimizers[ex.run].name
    v = explore.view("compare", sweep, ex.sweeps(), labels(run, tr(surface.name), surface.axes),
                     result_lines, start=explore.start_of(cfg, ex))
    st.markdown(t(f"lesson.{scene.key}_explore"))
    st.plotly_chart(FrozenFigure(v.figure), key=f"lesson.explore.{scene.key}")
    st.caption(t("compare.ex_help", runs=v.runs, kb=v.payload / 1000, steps=sweep.steps))
