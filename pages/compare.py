"""Compare optimizers: race them side by side on one surface."""
import pandas as pd
import streamlit as st

from app.shell import routed

from app import urlstate
from app.cache import simulation, surface_grid
from app.compare import (DEFAULT, PREFIX, UI_MAX_STEPS, apply_pending_start, apply_url_config,
                         divergence_messages, results_rows, rule_markdown,
                         take_map_click)
from app.compare_figures import (labels, rate_figure, series_figure, surface3d_figure,
                                 trajectory_figure)
from app.controls import optimizer_picker, surface_picker
from app.exporters import config_json, reproduction_script, trajectories_csv
from app.text import escape_markdown, t
from optim_core import OptimizerRun, SimConfig
from optim_core.config import surface_of

routed()

st.title(t("compare.title"))
st.markdown(t("compare.intro"))
link_error = urlstate.load_once(PREFIX, apply_url_config)
if link_error:
    st.warning(t("compare.bad_link", msg=link_error))
apply_pending_start()

left, right = st.columns([1, 3], gap="large")
with left:
    surf = surface_picker(PREFIX, DEFAULT["surface"])
    try:
        spec = surface_of(**surf)
    except ValueError as e:
        st.error(t("compare.bad_input", msg=e))
        st.stop()
    cx, cy = st.columns(2)
    x = cx.number_input(t("compare.start_x"), key=f"{PREFIX}.x", format="%.4f",
                        **({} if f"{PREFIX}.x" in st.session_state else {"value": spec.start[0]}))
    y = cy.number_input(t("compare.start_y"), key=f"{PREFIX}.y", format="%.4f",
                        **({} if f"{PREFIX}.y" in st.session_state else {"value": spec.start[1]}))
    steps = st.slider(t("compare.steps"), 10, UI_MAX_STEPS, DEFAULT["steps"], 10, key=f"{PREFIX}.steps")
    noise = st.number_input(t("compare.noise"), 0.0, 100.0, 0.0, key=f"{PREFIX}.noise",
                            help=t("compare.noise_help"))
    seed = int(st.number_input(t("compare.seed"), 0, 2**31 - 1, 0, key=f"{PREFIX}.seed"))
    same = st.toggle(t("compare.same_lr"), key=f"{PREFIX}.same_lr")
    lr = st.number_input(t("compare.lr"), 1e-6, 10.0, spec.lr_hint, format="%.2e",
                         key=f"{PREFIX}.lr.{spec.key}") if same else None
    chosen = optimizer_picker(PREFIX, spec, DEFAULT["optimizers"], lr)

if not chosen:
    right.info(t("compare.none_selected"))
    st.stop()
try:
    config = SimConfig(optimizers=tuple(OptimizerRun(k, tuple(hp.items())) for k, hp in chosen),
                       starts=((x, y),), steps=steps, noise=noise, seed=seed, **surf)
except ValueError as e:
    left.error(t("compare.bad_input", msg=e))
    st.stop()
urlstate.save(config.to_dict())
with right, st.spinner(t("compare.computing")):
    result = simulation(config)
    surface = config.make_surface()
    grid = surface_grid(config.surface, config.surface_params, formula=config.formula,
                        bounds=config.bounds)
names = labels(result)
with right:
    st.caption(f"**{escape_markdown(spec.name)}**: {spec.teaches}")
    for msg in divergence_messages(result, names):
        st.warning(msg, icon=":material/warning:")
    tabs = st.tabs([t(f"compare.tab_{k}") for k in
                    ("map", "3d", "curves", "rates", "table", "rules", "export")])
    with tabs[0]:
        fig = trajectory_figure(surface, grid, result, title=t("compare.map_title", surface=spec.name),
                                slider_label=t("compare.slider"), play=t("compare.play"),
                                pause=t("compare.pause"))
        event = st.plotly_chart(fig, key=f"{PREFIX}.map", on_select="rerun",
                                selection_mode="points", config={"scrollZoom": False})
    with tabs[1]:
        take_map_click(event)
        zlabel = t("compare.z_log" if surface.log_levels else "compare.z_lin")
        st.plotly_chart(surface3d_figure(surface, grid, result, zlabel=zlabel,
                                         title=t("compare.surface3d_title", surface=spec.name)))
    with tabs[2]:
        a, b = st.columns(2)
        a.plotly_chart(series_figure(result, result.loss[:, 0], title=t("compare.loss_title"),
                                     ylabel=t("compare.loss_axis"), log=True))
        b.plotly_chart(series_figure(result, result.grad_norm[:, 0], title=t("compare.grad_title"),
                                     ylabel=t("compare.grad_axis"), log=True))
    with tabs[3]:
        st.markdown(t("compare.rates_help"))
        st.plotly_chart(rate_figure(result, title=t("compare.rates_title"),
                                    ylabel=t("compare.rates_axis"), xname="x", yname="y"))
    with tabs[4]:
        st.dataframe(pd.DataFrame(results_rows(result, surface, names)), hide_index=True)
        st.caption(t("compare.table_help"))
    with tabs[5]:
        for key, _ in chosen:
            st.markdown(rule_markdown(key))
    with tabs[6]:
        st.caption(t("compare.share"))
        st.download_button(t("compare.download_csv"), trajectories_csv(result), "trajectories.csv")
        st.download_button(t("compare.download_json"), config_json(config), "descent_lab.json")
        st.download_button(t("compare.download_py"), reproduction_script(config), "reproduce.py")
