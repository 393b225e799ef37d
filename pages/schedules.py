"""Learning rate: a schedule builder, 'stuck is not a small gradient', a batched sweep and
the adaptive per-parameter rates (the tabs live in app/schedules_tabs.py). The whole
configuration, open tab included, lives in the URL."""
import streamlit as st

from app import page_links as links
from app.schedules import tabs as tab
from app.shell import routed
from app.text import t

routed()
st.title(t("schedules.title"))
st.markdown(t("schedules.intro"))
links.load(tab.PREFIX, tab.apply_url_config)
links.keep_alive(prefix="lr.")     # a closed tab keeps its settings
said = st.container()     # the link's notes, above the tabs (opening a tab may add one)
containers, open_key = links.tabs(tab.PREFIX, tab.TABS, [t(f"schedules.tab_{k}") for k in tab.TABS])
with said:
    links.notes(tab.PREFIX)
own = {}
for key, container, render in zip(tab.TABS, containers,
                                  (tab.builder, tab.stuck, tab.sweep, tab.adaptive)):
    if container.open:   # only the open tab is computed
        with container:
            own[key] = render()
links.save(tab.PREFIX, open_key, sections={k: v for k, v in own.items() if v is not None})
