"""The Lesson page's body: scene picker, previous / next (arrow keys), presentation mode,
and one scene: explanation, live figure, "try this" and the "Open in" link."""
from __future__ import annotations

import streamlit as st

from app import page_links
from app.lesson import figures, links, present
from app.lesson.scenes import Scene, scenes
from app.text import current_language, t

IDX = "lesson.i"       # the scene shown (0-based); not a widget key, so it survives
PICK = "lesson.pick"   # the picker widget (not drawn in presentation mode)
PRESENT = "lesson.present"


def _from_link(n: int) -> None:
    """A link's ?scene=N (1-based) and ?present=1 win once, like ?lang."""
    asked = st.query_params.get("scene")
    if asked is not None and asked != st.session_state.get("lesson._scene_link"):
        st.session_state["lesson._scene_link"] = asked
        try:
            number = int(asked)
        except ValueError:       # a link never silently opens another scene: it says so
            page_links.note("lesson", t("links.bad_value", name="scene", value=asked))
            number = 1
        near = min(max(number, 1), n)
        if near != number:
            page_links.note("lesson", t("links.clamped", name="scene", value=number,
                                        near=near))
        st.session_state[IDX] = near - 1
    mode = st.query_params.get("present")
    if mode is not None and mode != st.session_state.get("lesson._present_link"):
        st.session_state["lesson._present_link"] = mode
        st.session_state[PRESENT] = mode == "1"
    st.session_state.setdefault(IDX, 0)
    st.session_state.setdefault(PRESENT, False)


def _step(delta: int, n: int) -> None:
    st.session_state[IDX] = min(max(st.session_state[IDX] + delta, 0), n - 1)


def _picked() -> None:
    st.session_state[IDX] = st.session_state[PICK]


def _to_url(i: int, presenting: bool) -> None:
    st.session_state["lesson._scene_link"] = str(i + 1)
    if st.query_params.get("scene") != str(i + 1):
        st.query_params["scene"] = str(i + 1)
    mode = "1" if presenting else "0"
    st.session_state["lesson._present_link"] = mode
    if st.query_params.get("present") != mode:
        st.query_params["present"] = mode


def page() -> None:
    all_scenes = scenes()
    n = len(all_scenes)
    _from_link(n)
    presenting = st.session_state[PRESENT]
    if presenting:
        present.apply()
    else:
        st.title(t("lesson.title"))
        st.markdown(t("lesson.intro"))
    page_links.notes("lesson")      # what a link asked for that the page cannot open
    title_of = [t(f"lesson.{s.key}_title") for s in all_scenes]
    bar = st.columns([1.4, 1.4, 3.6, 2], vertical_alignment="center")
    i = st.session_state[IDX]
    bar[0].button(t("lesson.prev"), key="lesson.prev", on_click=_step, args=(-1, n),
                  disabled=i == 0, shortcut="Left", width="stretch")
    bar[1].button(t("lesson.next"), key="lesson.next", on_click=_step, args=(1, n),
                  disabled=i >= n - 1, shortcut="Right", width="stretch")
    if presenting:
        bar[2].caption(t("lesson.scene_of", i=i + 1, n=n))
    else:
        st.session_state[PICK] = i
        bar[2].selectbox(t("lesson.pick"), range(n), key=PICK, on_change=_picked,
                         label_visibility="collapsed",
                         format_func=lambda k: f"{k + 1}. {title_of[k]}")
    bar[3].toggle(t("lesson.present"), key=PRESENT, help=t("lesson.present_help"))
    i = st.session_state[IDX]
    _to_url(i, st.session_state[PRESENT])
    scene(all_scenes[i], i, n)
    if not presenting:
        st.caption(t("lesson.keys_help"))


def scene(s: Scene, i: int, n: int) -> None:
    st.header(f"{i + 1}. {t(f'lesson.{s.key}_title')}")
    st.markdown(t(f"lesson.{s.key}_text"))
    try:
        with st.spinner(t("lesson.computing")):
            figures.show(s)
            if s.explore is not None:
                figures.show_explore(s)
    except Exception as e:  # noqa: BLE001  (never a traceback in a lecture; tests see st.error)
        st.error(t("lesson.figure_error", msg=e))
    st.markdown(f"**{t('lesson.try_header')}**\n\n" + t(f"lesson.{s.key}_try"))
    for flag in (*links.URL_FLAGS, links.EXPLORE_SEEN):   # so the page reads the link below,
        st.session_state.pop(flag, None)                    # even if visited before
    script, params = links.link(s, current_language())
    st.page_link(script, label=t("lesson.open_in", page=t(links.nav_key(s))),
                 icon=":material/open_in_new:", query_params=params)
