"""Every page starts with :func:`routed`, so a deep link works on a fresh server.

Streamlit only honours ``st.navigation`` once the entrypoint has run in the process; until
then a link such as ``/compare`` runs ``pages/compare.py`` alone (no page config, the old
auto-discovered sidebar). ``routed`` then runs the router instead, which renders the same
page the proper way.
"""
from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

ENTRY = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
FLAG = "_router_ran"


def mark_routed() -> None:
    """Called by the router before it runs a page."""
    st.session_state[FLAG] = True


def routed() -> None:
    if st.session_state.get(FLAG):
        return
    runpy.run_path(ENTRY, run_name="__main__")
    st.stop()
