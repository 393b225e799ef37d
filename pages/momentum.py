"""Momentum, the Distill way: the quadratic's eigen-decomposition, the rate over (α, β), the
ball in a bowl, and instant what-if sliders (the tabs live in app/momentum/tabs.py)."""
import streamlit as st

from app import urlstate
from app.momentum import tabs as tab
from app.momentum.view import quadratic
from app.shell import routed
from app.text import t

routed()
st.title(t("momentum.title"))
st.markdown(t("momentum.intro"))
urlstate.copy_link_button(t("compare.copy_link"), t("compare.link_copied"), "mom-copy-link")
left, right = st.columns([1, 3], gap="large")
with left:
    config = tab.quadratic_controls()
if config is None:
    st.stop()
result = quadratic(config)
with right:
    tab.summary(result)
    decomp, rmap, ball, explore = st.tabs(
        [t(f"momentum.tab_{k}") for k in ("decomp", "map", "ball", "explore")])
    with decomp:
        tab.decomposition(result)
    with rmap:
        tab.rate_map(result)
    with ball:
        tab.ball(result)
    with explore:
        tab.explore_section(config.kappa)
