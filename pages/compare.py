"""Compare optimizers: race them side by side on one surface."""
import streamlit as st

from app import urlstate
from app.compare.explore import explore_tab
from app.compare.figures import MAX_SHOWN_STARTS
from app.compare.form import (
    CARRY,
    DEFAULT,
    NOTES,
    PREFIX,
    UI_MAX_NOISE,
    UI_MAX_SEED,
    UI_MAX_STEPS,
    apply_pending_start,
    apply_url_config,
    map_figure,
    rule_markdown,
    step_frame,
    take_map_click,
)
from app.compare.runs import run_picker, starts_picker
from app.compare.view import compare_view, figure_file
from app.controls import points_caption, surface_picker
from app.formula_input import stand_in_surface
from app.shell import routed
from app.tables import show_table
from app.text import escape_markdown, t, tr
from optim_core import SimConfig, surface_of

routed()

st.title(t("compare.title"))
st.markdown(t("compare.intro"))
link_error = urlstate.follow(PREFIX, apply_url_config)
if link_error:
    st.warning(t("compare.bad_link", msg=link_error))
if note := st.session_state.pop(f"{PREFIX}.steps_note", None):
    st.info(note, icon="ℹ️")
for note in st.session_state.pop(NOTES, []):
    st.info(note, icon="ℹ️")
apply_pending_start()

left, right = st.columns([1, 3], gap="large")
with left:
    surf = surface_picker(PREFIX, DEFAULT["surface"])
    try:
        spec, surface_error = surface_of(**surf), None
    except ValueError as e:
        st.error(t("compare.bad_input", msg=e))
        spec, surface_error = stand_in_surface(surf), e   # draw the widgets below anyway
    cx, cy = st.columns(2)
    x = cx.number_input(t("compare.start_x"), key=f"{PREFIX}.x", format="%.4f",
                        **({} if f"{PREFIX}.x" in st.session_state else {"value": spec.start[0]}))
    y = cy.number_input(t("compare.start_y"), key=f"{PREFIX}.y", format="%.4f",
                        **({} if f"{PREFIX}.y" in st.session_state else {"value": spec.start[1]}))
    steps = st.slider(t("compare.steps"), 1, UI_MAX_STEPS, key=f"{PREFIX}.steps",
                      help=t("compare.steps_help", max=UI_MAX_STEPS),
                      **({} if f"{PREFIX}.steps" in st.session_state
                         else {"value": DEFAULT["steps"]}))
    noise = st.number_input(t("compare.noise"), 0.0, UI_MAX_NOISE, 0.0, key=f"{PREFIX}.noise",
                            help=t("compare.noise_help"))
    seed = int(st.number_input(t("compare.seed"), 0, UI_MAX_SEED, 0, key=f"{PREFIX}.seed"))
    same = st.toggle(t("compare.same_lr"), key=f"{PREFIX}.same_lr")
    lr = st.number_input(t("compare.lr"), 1e-6, 10.0, spec.lr_hint, format="%.2e",
                         key=f"{PREFIX}.lr.{spec.key}") if same else None
    chosen = run_picker(spec, DEFAULT["optimizers"], lr)
    starts = starts_picker((x, y), spec.bounds)
    points_caption(surf, len(chosen), len(starts), steps)
    if carry := st.session_state.get(CARRY):
        st.caption(t("compare.carried", fields=", ".join(f"{k}={v}" for k, v in carry.items())))
        st.button(t("compare.drop_carried"), key=f"{PREFIX}.drop_carry",
                  on_click=lambda: st.session_state.pop(CARRY, None))
if surface_error is not None or any(run is None for _, run in chosen):
    st.stop()

if not chosen:
    right.info(t("compare.none_selected"))
    st.stop()
try:
    config = SimConfig(optimizers=tuple(run for _, run in chosen), starts=starts, steps=steps,
                       noise=noise, seed=seed, **surf, **st.session_state.get(CARRY, {}))
    for run in config.optimizers:   # a typed schedule factor's bad value: named here
        run.lr_table(config.steps)
except ValueError as e:
    left.error(t("compare.bad_input", msg=e))
    st.stop()
urlstate.save_followed(PREFIX, config.to_dict())
with right, st.spinner(t("compare.computing")):
    view = compare_view(config)
with right:
    st.caption(t("compare.surface_caption", name=escape_markdown(tr(spec.name)),
                     teaches=tr(spec.teaches)))
    for msg in view.warnings:
        st.warning(msg, icon=":material/warning:")
    if len(starts) > MAX_SHOWN_STARTS:
        st.caption(t("compare.starts_not_drawn", n=len(starts), shown=MAX_SHOWN_STARTS))
    elif len(starts) > 1:
        st.caption(t("compare.curves_first_start", n=len(starts)))
    tabs = st.tabs([t(f"compare.tab_{k}") for k in
                    ("map", "3d", "curves", "rates", "table", "rules", "export", "explore")])
    with tabs[0]:
        fig, frame, n_frames = map_figure(view.figures["map"])
        event = st.plotly_chart(fig, key=f"{PREFIX}.map", on_select="rerun",
                                selection_mode="points", config={"scrollZoom": False})
        back, forward, note = st.columns([1, 1, 5], vertical_alignment="center")
        back.button(t("compare.step_back"), key=f"{PREFIX}.back", on_click=step_frame,
                    args=(-1, n_frames), disabled=frame == 0, width="stretch")
        forward.button(t("compare.step_forward"), key=f"{PREFIX}.forward", on_click=step_frame,
                       args=(1, n_frames), disabled=frame >= n_frames - 1, width="stretch")
        note.caption(t("compare.frame_note", frame=frame + 1, n=n_frames))
    with tabs[1]:
        take_map_click(event)
        st.plotly_chart(view.figures["3d"])
    with tabs[2]:
        a, b = st.columns(2)
        a.plotly_chart(view.figures["loss"])
        b.plotly_chart(view.figures["grad"])
        extra = [view.figures[k] for k in ("evals", "d") if k in view.figures]
        for col, fig in zip(st.columns(2) if extra else [], extra):
            col.plotly_chart(fig)
    with tabs[3]:
        st.markdown(t("compare.rates_help"))
        st.plotly_chart(view.figures["rates"])
    with tabs[4]:
        show_table(view.table)
        st.caption(t("compare.table_help"))
    with tabs[5]:
        for key in dict.fromkeys(run.name for _, run in chosen):
            st.markdown(rule_markdown(key))
    with tabs[6]:
        st.caption(t("compare.share"))
        urlstate.copy_link_button(t("compare.copy_link"), t("compare.link_copied"),
                                  f"{PREFIX}-copy-link")
        st.download_button(t("compare.download_csv"), lambda: view.csv, "trajectories.csv",
                           on_click="ignore")
        st.download_button(t("compare.download_json"), view.json, "descent_lab.json",
                           on_click="ignore")
        st.download_button(t("compare.download_py"), view.script, "reproduce.py", on_click="ignore")
        st.markdown(t("compare.html_header"))
        row = st.container(horizontal=True)
        for name in view.figures:
            row.download_button(t(f"compare.html_{name}"), figure_file(view, name),
                                f"{name}.html", mime="text/html", key=f"{PREFIX}.html.{name}",
                                on_click="ignore")
    with tabs[7]:
        explore_tab(config, view.names)
