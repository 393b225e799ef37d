"""All user-facing text, in one place, ready for a second language.

Each page has a module here (``home``, ``compare``, ...) defining ``EN``: a dict of
message keys to English strings (``str.format`` placeholders allowed). A Chinese version
adds a ``ZH`` dict beside each ``EN``; :func:`t` picks the session's language and falls
back to English for keys not yet translated.
"""
from __future__ import annotations

import importlib

LANGUAGES = {"en": "English", "zh": "中文"}
DEFAULT_LANGUAGE = "en"


def current_language() -> str:
    """The session's language (``st.session_state["lang"]``; sessions never share it)."""
    try:
        import streamlit as st
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        if get_script_run_ctx(suppress_warning=True) is None:   # no session on this thread
            return DEFAULT_LANGUAGE
        lang = st.session_state.get("lang", DEFAULT_LANGUAGE)
    except Exception:  # noqa: BLE001  (outside a Streamlit session: tests, scripts)
        lang = DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **fmt) -> str:
    """Text for ``"<page>.<key>"``, e.g. ``t("home.title")``."""
    page, _, name = key.partition(".")
    mod = importlib.import_module(f"{__name__}.{page}")
    table = getattr(mod, current_language().upper(), None) or mod.EN
    text = table.get(name, mod.EN.get(name))
    if text is None:
        raise KeyError(f"missing UI text {key!r}")
    if not fmt:
        return text
    if table is not mod.EN:
        fmt = {k: message(v) if isinstance(v, Exception) or k == "msg" else v
               for k, v in fmt.items()}
    return text.format(**fmt)


def message(error) -> str:
    """A core error (or its one-line text) in the session's language: the core writes
    English; a Chinese page shows the Chinese of the same sentence (``app.text._errors``)."""
    text = " ".join(str(error).split()) or type(error).__name__
    if current_language() == "zh":
        from app.text._errors import message_zh
        return message_zh(text)
    return text


def tr(text) -> str:
    """Registry text (``optim_core.text.Text``) in the session's language."""
    if current_language() == "zh":
        return getattr(text, "zh", None) or str(text)
    return str(text)


def escape_markdown(text: str) -> str:
    """Show user text (e.g. a formula with ``**``) verbatim inside Markdown."""
    for ch in "\\`*_[]<>#$":
        text = text.replace(ch, "\\" + ch)
    return text
