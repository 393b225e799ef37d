"""Learned surfaces: two-parameter models fitted to data (the tabs live in app/learned_tabs.py).
The whole configuration, open tab included, lives in the URL."""
import streamlit as st

from app import page_links as links
from app.learned import tabs as tab
from app.learned.softmax import softmax_tab
from app.shell import routed
from app.text import t

routed()
st.title(t("learned.title"))
st.markdown(t("learned.intro"))
links.load(tab.PREFIX, tab.apply_url_config)
links.keep_alive(prefix="learned.")     # a closed tab keeps its settings
said = st.container()     # the link's notes, above the tabs (opening a tab may add one)
containers, open_key = links.tabs(tab.PREFIX, tab.TABS, [t(f"learned.tab_{k}") for k in tab.TABS])
with said:
    links.notes(tab.PREFIX)
own = {}
for key, container, render in zip(tab.TABS, containers,
                                  (tab.batch_tab, tab.logistic_tab, tab.scaling_tab,
                                   softmax_tab)):
    if container.open:   # only the open tab is computed
        with container:
            own[key] = render()
links.save(tab.PREFIX, open_key, sections={k: v for k, v in own.items() if v is not None})
