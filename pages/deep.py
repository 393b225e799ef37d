"""Deep networks: vanishing gradients, model bias vs optimization, batch size,
initialization and batch norm, saddles, snapshot ensembles, practical tips (the tabs live
in app/deep/tabs.py).
The whole configuration, open tab included, lives in the URL; only the open tab computes."""
import streamlit as st

from app import page_links as links
from app.deep import tabs as tab
from app.shell import routed
from app.text import t
from optim_core import TABS

routed()
st.title(t("deep.title"))
st.markdown(t("deep.intro"))
links.load(tab.PREFIX, tab.apply_url)
links.keep_alive(prefix=tab.W)     # a closed tab keeps its settings
said = st.container()              # the link's notes, above the tabs
with st.expander(t("deep.common"), expanded=False):
    tab.common_controls()
containers, open_key = links.tabs(tab.PREFIX, TABS, [t(f"deep.tab_{k}") for k in TABS])
with said:
    links.notes(tab.PREFIX)
config = None
for key, container in zip(TABS, containers):
    if container.open:   # only the open tab is computed
        with container:
            config = tab.RENDER[key]()
links.save(tab.PREFIX, open_key, tab.PREFIX, config.to_dict() if config is not None else None)
