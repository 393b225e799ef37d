"""Learning rate: schedules, 'stuck is not a small gradient', a sweep, adaptive rates."""
import streamlit as st

from app import schedules_page as cfgs
from app.cache import simulation, surface_grid
from app.controls import param_widgets
from app.figures import add_path, contour_figure
from app.schedule_figures import eff_rate_figure, loss_and_lr, lr_curve, sweep_figure
from app.shell import routed
from app.text import t
from optim_core import OPTIMIZERS, SCHEDULES, SURFACES

routed()
st.title(t("schedules.title"))
st.markdown(t("schedules.intro"))
tabs = st.tabs([t(f"schedules.tab_{k}") for k in ("builder", "stuck", "sweep", "adaptive")])
pick = dict(format_func=lambda k: (SCHEDULES.get(k) or OPTIMIZERS.get(k) or SURFACES[k]).name)

with tabs[0]:
    left, right = st.columns([1, 3], gap="large")
    with left:
        key = st.selectbox(t("schedules.schedule"), list(SCHEDULES), index=5, key="lr.sched", **pick)
        sp = tuple(param_widgets(SCHEDULES[key].params, f"lr.sp.{key}").items())
        opt = st.selectbox(t("schedules.optimizer"), list(OPTIMIZERS), index=1, key="lr.opt", **pick)
        surf = st.selectbox(t("schedules.surface"), list(SURFACES), index=4, key="lr.surf", **pick)
        lr = st.number_input(t("schedules.base_lr"), 1e-6, 10.0, 0.01, format="%.2e", key="lr.base")
        steps = st.slider(t("schedules.steps"), 20, 1000, 300, 10, key="lr.steps")
    try:
        config = cfgs.with_without(surf, opt, lr, key, sp, steps)
    except ValueError as e:
        left.error(t("schedules.bad_input", msg=e))
        st.stop()
    with right, st.spinner(t("schedules.computing")):
        name = SCHEDULES[key].name
        st.latex(SCHEDULES[key].latex)
        st.caption(SCHEDULES[key].explain)
        res = simulation(config)   # its recorded rates are the schedule's (even loss-driven ones)
        st.plotly_chart(lr_curve({name: res.lr[1]}, title=t("schedules.curve_title", name=name),
                                 ylabel=t("schedules.lr_axis")))
        st.subheader(t("schedules.with_without"))
        labels = [t("schedules.without"), t("schedules.with", name=name)]
        surface = config.make_surface()
        fig = contour_figure(surface, surface_grid(surf, ()),
                             title=t("schedules.paths_title", surface=surface.name), height=460)
        for k, label in enumerate(labels):
            add_path(fig, res.path[k, 0], name=label, index=k, diverged=res.diverged_at[k, 0] >= 0)
        a, b = st.columns(2)
        a.plotly_chart(fig)
        b.plotly_chart(loss_and_lr(dict(zip(labels, res.loss[:, 0])), dict(zip(labels, res.lr)),
                                   title=t("schedules.loss_title"),
                                   loss_label=t("schedules.loss_axis"), lr_label=t("schedules.lr_axis")))

with tabs[1]:
    st.markdown(t("schedules.stuck_intro"))
    lr_s = st.slider(t("schedules.stuck_lr"), 0.005, 0.1, 0.0995, 0.0005, key="lr.stuck",
                     format="%.4f")
    res = simulation(cfgs.stuck(lr_s))
    surface = SURFACES["ravine"]
    fig = contour_figure(res.config.make_surface(), surface_grid("ravine", ()),
                         title=t("schedules.paths_title", surface=surface.name), height=420)
    add_path(fig, res.path[0, 0], name="SGD", index=0, diverged=res.diverged_at[0, 0] >= 0)
    a, b = st.columns(2)
    a.plotly_chart(fig)
    b.plotly_chart(loss_and_lr({"SGD": res.loss[0, 0]}, {"SGD": res.grad_norm[0, 0]},
                               title=t("schedules.stuck_curves"), loss_label=t("schedules.loss_axis"),
                               lr_label=t("schedules.grad_axis"), second_name=t("schedules.grad_axis")))

with tabs[2]:
    st.markdown(t("schedules.sweep_intro", n=len(cfgs.SWEEP_RATES)))
    c1, c2 = st.columns([2, 1])
    chosen = c1.multiselect(t("schedules.sweep_optimizers"), list(OPTIMIZERS),
                            default=list(cfgs.SWEEP_DEFAULT), key="lr.sweep_opts", **pick)
    surf_s = c2.selectbox(t("schedules.surface"), list(SURFACES), index=2, key="lr.sweep_surf", **pick)
    if chosen:
        with st.spinner(t("schedules.computing")):
            res = simulation(cfgs.sweep(surf_s, chosen, 300))
        finals, diverged = cfgs.sweep_finals(res, chosen)
        names = {OPTIMIZERS[k].name: k for k in chosen}
        st.plotly_chart(sweep_figure(cfgs.SWEEP_RATES, {n: finals[k] for n, k in names.items()},
                                     {n: diverged[k] for n, k in names.items()},
                                     title=t("schedules.sweep_title", steps=300, surface=SURFACES[surf_s].name),
                                     ylabel=t("schedules.final_loss"), diverged_label=t("schedules.diverged")))

with tabs[3]:
    st.markdown(t("schedules.adaptive_intro"))
    surf_a = st.selectbox(t("schedules.surface"), list(SURFACES), index=1, key="lr.ad_surf", **pick)
    res = simulation(cfgs.adaptive(surf_a, 300))
    st.plotly_chart(eff_rate_figure({OPTIMIZERS[k].name: res.eff_lr[i, 0] for i, k in enumerate(cfgs.ADAPTIVE)},
                                    title=t("schedules.adaptive_title", surface=SURFACES[surf_a].name),
                                    ylabel=t("schedules.eff_axis")))
