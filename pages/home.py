"""Home: what the lab is and what each page shows."""
import pandas as pd
import streamlit as st

from app.scenes import scenes
from app.shell import routed
from app.text import t, tr
from optim_core import OPTIMIZERS, SURFACES

routed()

st.title(t("home.title"))
lecture = [tr(o.name) for o in OPTIMIZERS.values() if not o.in_torch]
st.markdown(t("home.intro", n_lecture=len(lecture), lecture=t("home.list_sep").join(lecture)))
st.subheader(t("home.pages_header"))
for key in ("page_compare", "page_critical", "page_schedules", "page_learned", "page_network"):
    st.markdown(f"- {t('home.' + key)}")
st.subheader(t("home.scenes_header"))
st.caption(t("home.scenes_help"))
for scene in scenes():
    st.page_link(f"pages/{scene.page}.py", label=t("home.scene_" + scene.key),
                 icon=":material/play_circle:", query_params={"cfg": scene.cfg})
st.subheader(t("home.framework_header"))
st.markdown(t("home.framework"))
left, right = st.columns(2)
with left:
    st.subheader(t("home.surfaces_header"))
    st.dataframe(pd.DataFrame([{t("home.col_name"): tr(s.name), t("home.col_teaches"): tr(s.teaches)}
                               for s in SURFACES.values()]), hide_index=True)
with right:
    st.subheader(t("home.optimizers_header"))
    st.dataframe(pd.DataFrame([{t("home.col_name"): tr(o.name), t("home.col_shines"): tr(o.shines),
                                t("home.col_fails"): tr(o.fails)} for o in OPTIMIZERS.values()]),
                 hide_index=True)
