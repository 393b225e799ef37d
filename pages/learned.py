"""Learned surfaces: two-parameter models fitted to data (the tabs live in app/learned_tabs.py)."""
import streamlit as st

from app import learned_tabs as tab
from app.shell import routed
from app.text import t

routed()
st.title(t("learned.title"))
st.markdown(t("learned.intro"))
tabs = st.tabs([t(f"learned.tab_{k}") for k in ("batch", "logistic", "scaling")])
for container, render in zip(tabs, (tab.batch_tab, tab.logistic_tab, tab.scaling_tab)):
    with container:
        render()
