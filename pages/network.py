"""Neural network: train an MLP with several optimizers, then its landscape, Hessian and
a learning-rate range test (the wiring lives in app/network_tabs.py)."""
import streamlit as st

from app import network_tabs as tab
from app.shell import routed
from app.text import t

routed()
st.title(t("network.title"))
st.markdown(t("network.intro"))
config = tab.settings()
if config is not None:
    result, names = tab.train(config)
    tabs = st.tabs([t(f"network.tab_{k}") for k in ("training", "landscape", "hessian", "range")])
    for container, render in zip(tabs, (tab.training_tab, tab.landscape_tab, tab.hessian_tab,
                                        tab.range_tab)):
        with container:
            render(config, result, names)
