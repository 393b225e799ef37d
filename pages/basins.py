"""Basins & fair races: where each optimizer ends from every start; tune, then race."""
import streamlit as st

from app import urlstate
from app.basins import form
from app.basins import tabs as basin_tabs
from app.controls import surface_picker
from app.shell import routed
from app.text import t
from optim_core import surface_of

routed()

st.title(t("basins.title"))
st.markdown(t("basins.intro"))
urlstate.copy_link_button(t("compare.copy_link"), t("compare.link_copied"), "bas-copy-link")
want = form.link_tab()
link_error = (urlstate.load_once(form.PREFIX, form.apply_url_config) or
              urlstate.load_once(f"{form.PREFIX}.race", form.apply_race_config, "race"))
if link_error:
    st.warning(t("basins.bad_link", msg=link_error))
top = st.columns([1, 3])
with top[0]:
    surf = surface_picker(form.PREFIX, form.DEFAULT["surface"])
try:
    spec = surface_of(**surf)
except ValueError as e:
    st.error(t("basins.bad_input", msg=e))
    st.stop()
containers, open_key = form.tabs([t(f"basins.tab_{k}") for k in form.TABS], want)
for key, container, render in zip(form.TABS, containers,
                                  (basin_tabs.maps_tab, basin_tabs.race_tab)):
    if container.open:   # only the open tab is computed
        with container:
            render(surf, spec)
