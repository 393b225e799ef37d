"""Saddles & Hessian: find and classify every critical point, inspect one, escape a saddle."""
import time
from dataclasses import replace

import streamlit as st

from app import page_links as links
from app.controls import param_widgets, seeds_caption
from app.critical import cache
from app.critical import figures as fig
from app.critical import links as url
from app.shell import routed
from app.text import t, tr
from optim_core import SURFACES, CriticalConfig, default_escape, get_surface, noise_levels

routed()

st.title(t("critical.title"))
st.markdown(t("critical.intro"))
links.load(url.PREFIX, url.apply_url_config)
said = st.container()     # the link's notes (some are found further down the page)


def stop():
    with said:
        links.notes(url.PREFIX)
    st.stop()


keys = list(SURFACES)
top = st.columns([2, 3])
key = top[0].selectbox(t("critical.surface"), keys, key="critical.surface",
                       **({} if "critical.surface" in st.session_state
                          else {"index": keys.index("lecture_w1w2")}),
                       format_func=lambda k: tr(SURFACES[k].name), help=t("critical.surface_help"))
with top[1]:
    params = tuple(param_widgets(SURFACES[key].params, f"critical.{key}").items())
try:
    config = CriticalConfig(key, params)
except ValueError as e:
    st.error(t("critical.bad_input", msg=e))
    stop()
surface = get_surface(key, dict(params))
status, began = st.empty(), time.monotonic()


def waiting(p):      # polled while the worker pool searches (app.workers.Progress)
    status.caption(t("critical.elapsed", s=time.monotonic() - began) if p.running
                   else t("critical.queued"))


with st.spinner(t("critical.finding")):
    result, grid = cache.critical_points(config, waiting), cache.surface_grid(key, params)
status.empty()
st.caption(t("critical.found", n=len(result.points), starts=len(result.starts),
             it=result.iterations) + " " + t("critical.map_help"))

left, right = st.columns([5, 4])
chart = f"critical.map.{key}"
picked = st.session_state.get(chart, {}).get("selection", {}).get("points") or [None]
xy = url.pick_point(result, key, picked[-1], surface.start)
map_fig = fig.critical_map(surface, grid, result, xy)
left.plotly_chart(map_fig, key=chart, on_select="rerun", selection_mode="points")
info = cache.inspect(key, params, xy, result.curvature_scale)
with right:
    st.subheader(t("critical.point_header", x=xy[0], y=xy[1]))
    st.markdown(t(f"critical.verdict_{info.kind}"))
    if result.family_size(xy):
        st.caption(t("critical.family_note", n=result.family_size(xy)))
    tiny = fig.zero_level(info)
    st.latex(rf"L = {info.value:.5g} \qquad " + fig.matrix_latex(r"\nabla L", info.gradient,
                                                                 zero=tiny))
    st.latex(fig.matrix_latex("H", info.hessian, zero=tiny))
    for line in fig.eigen_latex(info):
        st.latex(line)
    arrows = fig.hessian_arrows(info, 0.1 * fig.short_side(surface.bounds))
    st.plotly_chart(arrows)

st.subheader(t("critical.taylor_header"))
st.markdown(t("critical.taylor_help"))
span = fig.short_side(surface.bounds)
tkey = f"critical.taylor.{key}.{span!r}"
half = st.slider(t("critical.taylor_half"), span / 40, span / 2, format="%.3f", key=tkey,
                 **url.taylor_value(tkey, span / 40, span / 2, span / 4))
taylor = fig.taylor_figure(cache.taylor(key, params, xy, half), xy, surface.log_levels)
st.plotly_chart(taylor)
links.export_row("critical-points", url.dump(config), url.point_rows(result),
                 [map_fig, arrows, taylor])
with st.expander(t("critical.lecture_header"), expanded=key == "lecture_w1w2"):
    st.markdown(t("critical.lecture_text"))

st.subheader(t("critical.escape_header"))
st.markdown(t("critical.escape_help"))
base = default_escape(key, xy, params)
url.escape_defaults(base, (key, params, xy))
c = st.columns(6)
seeds = c[4].slider(t("critical.seeds"), 4, 128, key="critical.esc.seeds")
with c[4]:
    seeds_caption(base, 128)      # the work limit, like the other limited controls
try:
    esc = replace(base, radius=c[0].number_input(t("critical.radius"), 1e-6, 1e3, format="%.3g",
                                                 key="critical.esc.radius"),
                  lr=c[1].number_input(t("critical.lr"), 1e-10, 10.0, format="%.2e",
                                       key="critical.esc.lr"),
                  momentum=c[2].slider(t("critical.momentum"), 0.0, 0.99,
                                       key="critical.esc.momentum"),
                  kick=c[3].number_input(t("critical.kick"), 0.0, 1e3, format="%.3g",
                                         key="critical.esc.kick"),
                  seeds=seeds,
                  sigmas=noise_levels(c[5].number_input(t("critical.sigma_max"), 1e-4, 100.0,
                                                        format="%.4f",
                                                        key="critical.esc.sigma_max")))
except ValueError as e:
    st.error(t("critical.bad_input", msg=e))
    stop()
if info.kind != "saddle":
    st.info(t("critical.escape_not_saddle", kind=t(f"critical.kind_{info.kind}")))
with st.spinner(t("critical.escaping")):
    res = cache.escape(esc)
a, b = st.columns(2)
esc_fig = fig.escape_figure(res)
a.plotly_chart(esc_fig)
s = b.select_slider(t("critical.paths_sigma"), range(len(res.sigmas)), key="critical.paths_sigma",
                    format_func=lambda i: f"σ = {res.sigmas[i]:g}",
                    **({} if "critical.paths_sigma" in st.session_state else {"value": 3}))
paths_fig = fig.escape_paths_figure(surface, grid, res, s)
b.plotly_chart(paths_fig)
links.export_row("escape", url.dump(esc), url.escape_rows(res), [esc_fig, paths_fig])
url.save(config, esc, half, s)
with said:
    links.notes(url.PREFIX)
