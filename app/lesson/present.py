"""Presentation mode for the projector: larger type, sidebar and controls folded away."""
from __future__ import annotations

import streamlit as st

CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMain"] .block-container { max-width: 100%; padding-top: 1rem; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 1.55rem;
  line-height: 1.5; }
[data-testid="stMain"] h1 { font-size: 3rem; }
[data-testid="stMain"] h2 { font-size: 2.4rem; }
[data-testid="stMain"] .katex { font-size: 1.5em; }
</style>"""


def apply() -> None:
    """Inject the presentation style (a style-only ``st.html`` adds no visible block)."""
    st.html(CSS)
