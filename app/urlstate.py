"""A config <-> the page URL: the whole configuration round-trips through one query
parameter (URL-safe base64 of the same JSON the command line reads)."""
from __future__ import annotations

import base64
import json
from collections.abc import Callable

import streamlit as st


def encode(d: dict) -> str:
    raw = json.dumps(d, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(text: str) -> dict:
    pad = "=" * (-len(text) % 4)
    try:
        d = json.loads(base64.urlsafe_b64decode(text + pad))
    except (ValueError, UnicodeDecodeError):
        raise ValueError("the link's configuration is not readable") from None
    except RecursionError:
        raise ValueError("the link's configuration is nested too deeply") from None
    if not isinstance(d, dict):
        raise ValueError("the link's configuration is not an object")
    return d


def load_once(prefix: str, apply: Callable[[dict], None], param: str = "cfg") -> str | None:
    """On a session's first run of a page, copy the URL's config into widget state.

    Returns an error message for a bad link (the page shows it), else None."""
    flag = f"{prefix}._url_loaded"
    if st.session_state.get(flag):
        return None
    st.session_state[flag] = True
    text = st.query_params.get(param)
    if not text:
        return None
    try:
        apply(decode(text))
    except (ValueError, KeyError, TypeError, RecursionError) as e:
        return " ".join(str(e).split()) or type(e).__name__
    return None


def save(d: dict, param: str = "cfg") -> None:
    text = encode(d)
    if st.query_params.get(param) != text:
        st.query_params[param] = text
