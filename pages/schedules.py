"""Learning rate: a schedule builder, 'stuck is not a small gradient', a batched sweep and
the adaptive per-parameter rates (the tabs live in app/schedules_tabs.py)."""
import streamlit as st

from app import schedules_tabs as tab
from app.shell import routed
from app.text import t

routed()
st.title(t("schedules.title"))
st.markdown(t("schedules.intro"))
tabs = st.tabs([t(f"schedules.tab_{k}") for k in ("builder", "stuck", "sweep", "adaptive")])
for container, render in zip(tabs, (tab.builder, tab.stuck, tab.sweep, tab.adaptive)):
    with container:
        render()
