"""Neural network: train an MLP with several optimizers, then its landscape, Hessian, a
learning-rate range test, the weights (regularization, Muon, Adafactor) and the notes'
widths figure (the wiring lives in app/network/). The whole
configuration lives in the URL; only the open tab is computed."""
import streamlit as st

from app import page_links as links
from app.network import tabs as tab
from app.shell import routed
from app.text import t

routed()
st.title(t("network.title"))
st.markdown(t("network.intro"))
links.load(tab.PREFIX, tab.apply_url_config)
links.keep_alive(tab.TAB_WIDGETS)     # a closed tab keeps its settings
config = tab.settings()
said = st.container()     # the link's notes (opening a tab may add one)
with said:
    links.notes(tab.PREFIX)
if config is not None:
    result, names = tab.train(config)
    containers, open_key = links.tabs(tab.PREFIX, tab.TABS,
                                      [t(f"nettune.tab_{k}") if k in ("tune", "replay")
                                       else t(f"network.tab_{k}") for k in tab.TABS])
    with said:
        links.notes(tab.PREFIX)
    render = dict(zip(tab.TABS, (tab.training_tab, tab.landscape_tab, tab.hessian_tab,
                                 tab.range_tab, tab.inside.render, tab.widths.render,
                                 tab.tune_tab, tab.replay_tab)))
    for key, container in zip(tab.TABS, containers):
        if container.open:
            with container:
                own = render[key](config, result, names)
            links.save(tab.PREFIX, key, sections={"train": config.to_dict(), key: own})
