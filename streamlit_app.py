"""Descent Lab's entrypoint: page config, navigation and the shared sidebar. Nothing else."""
import streamlit as st

import app  # noqa: F401  (configures torch threads once per process)
from app.icon import icon_png
from app.lang import init_language, language_switch
from app.nav import PAGES
from app.shell import mark_routed
from app.text import t

# the favicon is drawn locally: a ":material/...:" favicon is fetched from fonts.gstatic.com
# (the page icons below use Streamlit's bundled icon font: tests/test_ui_browser.py)
init_language()
st.set_page_config(page_title=t("common.app_title"), page_icon=icon_png(), layout="wide")
with st.sidebar:
    language_switch()
pages = [st.Page(p.path, title=t(p.title_key), icon=p.icon, url_path=p.url_path,
                 default=(i == 0)) for i, p in enumerate(PAGES)]
mark_routed()
st.navigation(pages).run()
