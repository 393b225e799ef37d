"""The Basins page's two tabs: widgets -> config -> cached core call -> figures."""
from __future__ import annotations

import streamlit as st

from app import urlstate
from app.basins import figures as fig
from app.basins import form, view
from app.text import t


def maps_tab(surf: dict, spec) -> None:
    """Basin maps: controls, one map per optimizer, teaching text, shares, paths."""
    controls = st.columns([1, 1, 2], gap="large")
    try:
        config = form.map_config(surf, spec, controls)
    except ValueError as e:
        st.error(t("basins.bad_input", msg=e))
        config = None
    if config is None:
        st.info(t("basins.none_selected"))
    else:
        urlstate.save(config.to_dict())
        text = t("basins.computing", n=config.resolution ** 2, k=len(config.optimizers),
                 steps=config.steps)
        bar = []

        def progress(p):   # polled while the worker pool runs a map (app.workers.Progress)
            if not bar:
                bar.append(st.progress(0.0))
            bar[0].progress(p.fraction or 0.0, text=text)
        with st.spinner(text):
            result = view.basins(config, progress)
        for b in bar:
            b.empty()
        chart = f"{form.PREFIX}.maps"
        points = st.session_state.get(chart, {}).get("selection", {}).get("points") or []
        if points:   # kept, so the start stays picked when the maps are redrawn
            st.session_state[f"{form.PREFIX}.picked"] = (points[-1]["x"], points[-1]["y"])
        i, j = result.pixel(st.session_state.get(f"{form.PREFIX}.picked", spec.start))
        picked = result.start(i, j)
        maps_col, teach_col = st.columns([4, 1])
        maps_col.plotly_chart(view.maps(result, picked), key=chart, on_select="rerun",
                              selection_mode="points", config={"scrollZoom": False})
        maps_col.caption(t("basins.click_help") + " " + t(
            "basins.rule", tol=config.arrive_radius, rel=config.arrive_tol,
            grad=config.grad_tol))
        with teach_col:
            st.subheader(t("basins.teach_header"))
            st.markdown(t("basins.teach"))
        st.subheader(t("basins.shares_header"))
        st.dataframe(view.shares_table(result), hide_index=True)
        path_col, export_col = st.columns([3, 1], gap="large")
        with path_col:
            st.subheader(t("basins.path_header", x=picked[0], y=picked[1]))
            _, path_fig = view.path_from(result, picked)
            st.plotly_chart(path_fig, key=f"{form.PREFIX}.path")
        with export_col:
            st.subheader(t("basins.export"))
            st.caption(t("basins.share"))
            st.download_button(t("basins.download_csv"), lambda: view.labels_csv(result),
                               "basins.csv", key=f"{form.PREFIX}.csv", on_click="ignore")
            st.download_button(t("basins.download_json"), view.key_of(config),
                               "basins.json", key=f"{form.PREFIX}.json", on_click="ignore")
            st.download_button(t("basins.download_html"),
                               lambda: fig.maps_html(view.maps(result, picked)),
                               "basins.html", key=f"{form.PREFIX}.html", on_click="ignore")


def race_tab(surf: dict, spec) -> None:
    """Tune, then race: the protocol's controls, curves, the race and the table."""
    st.markdown(t("basins.race_intro"))
    left, right = st.columns([1, 3], gap="large")
    with left:
        try:
            race = form.race_config(surf, spec)
        except ValueError as e:
            st.error(t("basins.bad_input", msg=e))
            race = None
    if race is None:
        right.info(t("basins.none_selected"))
    else:
        urlstate.save(race.to_dict(), "race")
        with right, st.spinner(t("common.computing")):
            tuned = view.tuned(race)
        with right:
            e0 = tuned.entries[0]
            st.caption(t("basins.budget", runs=e0.runs, steps=race.steps, total=e0.steps))
            for note in view.tune_notes(tuned):
                st.warning(note, icon=":material/warning:")
            figs = view.tune_figures(tuned)
            a, b = st.columns(2)
            a.plotly_chart(figs["sensitivity"], key=f"{form.PREFIX}.race.sens")
            b.plotly_chart(figs["race"], key=f"{form.PREFIX}.race.race")
            st.caption(t("basins.figures_help"))
            st.dataframe(view.tune_table(tuned), hide_index=True)
            st.caption(t("basins.band_help"))
            st.download_button(t("basins.download_race"), view.key_of(race), "tune.json",
                               key=f"{form.PREFIX}.race.json",
                               on_click="ignore")
