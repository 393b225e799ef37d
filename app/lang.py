"""The page language: chosen in the sidebar, carried by every link (``?lang=zh``).

A link's ``lang`` wins; without one, the browser's language picks (Streamlit exposes the
browser locale as ``st.context.locale``), falling back to English. The choice lives in
the session (``st.session_state["lang"]``), so switching keeps every other setting.
"""
from __future__ import annotations

import streamlit as st

from app import text
from app.text import LANGUAGES, t

KEY = "lang"


def browser_language() -> str:
    try:
        locale = (st.context.locale or "").lower()
    except Exception:   # noqa: BLE001  (no browser behind this run: AppTest)
        locale = ""
    return "zh" if locale.startswith("zh") else text.DEFAULT_LANGUAGE   # read now, not at import


def init_language() -> None:
    """Before anything is drawn: take the link's language, else the browser's (once)."""
    asked = st.query_params.get(KEY)
    if asked in LANGUAGES and asked != st.session_state.get(f"_{KEY}_from_link"):
        st.session_state[KEY] = asked
        st.session_state[f"_{KEY}_from_link"] = asked
    elif st.session_state.get(KEY) not in LANGUAGES:
        st.session_state[KEY] = browser_language()


def language_switch() -> None:
    """The sidebar control; keeps ``lang`` in the page's URL."""
    st.radio(t("common.language"), list(LANGUAGES), format_func=LANGUAGES.get, key=KEY,
             horizontal=True)
    lang = st.session_state[KEY]
    st.session_state[f"_{KEY}_from_link"] = lang
    if st.query_params.get(KEY) != lang:
        st.query_params[KEY] = lang
