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


def _refuse(name: str):
    """JSON has no NaN or Infinity (Python's json reads them): a link holding one is
    not readable."""
    raise ValueError(name)


def decode(text: str) -> dict:
    pad = "=" * (-len(text) % 4)
    try:
        d = json.loads(base64.urlsafe_b64decode(text + pad), parse_constant=_refuse)
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


def follow(prefix: str, apply: Callable[[dict], None], param: str = "cfg") -> str | None:
    """Copy the URL's config into widget state whenever the URL holds one this page did not
    write itself: the first visit, and every browser Back / Forward (Streamlit 1.67 pushes a
    history entry for each ``st.query_params`` change and reruns the page with the old
    query string on a popstate). A rerun after a widget change finds its own URL and keeps
    the session's values. Returns an error message for a bad link, else None."""
    seen = f"{prefix}._url_text"
    text = st.query_params.get(param)
    if not text or text == st.session_state.get(seen):
        return None
    st.session_state[seen] = text
    try:
        apply(decode(text))
    except (ValueError, KeyError, TypeError, RecursionError) as e:
        return " ".join(str(e).split()) or type(e).__name__
    return None


def save_followed(prefix: str, d: dict, param: str = "cfg") -> str:
    """Write the page's config to the URL (a new history entry when it changed) and
    remember it as this page's own, so :func:`follow` does not re-apply it. Returns the
    encoded text."""
    text = encode(d)
    st.session_state[f"{prefix}._url_text"] = text
    if st.query_params.get(param) != text:
        st.query_params[param] = text
    return text


def copy_link_button(label: str, done: str, key: str) -> None:
    """A small button that copies the page's address (window.location: the whole
    configuration) to the clipboard, and shows ``done`` once copied."""
    import html
    import json as _json
    st.html(
        f"""<button id="{html.escape(key)}" style="border:1px solid rgba(49,51,63,.2);
        border-radius:.5rem;padding:.25rem .75rem;background:transparent;cursor:pointer;
        font:inherit">{html.escape(label)}</button>
        <script>
        (function() {{
          const b = document.getElementById({_json.dumps(key)});
          if (!b) return;
          b.onclick = () => {{
            const url = window.parent.location.href;
            (navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject())
              .then(() => {{ b.textContent = {_json.dumps(done)}; }})
              .catch(() => {{ window.prompt({_json.dumps(label)}, url); }});
          }};
        }})();
        </script>""", unsafe_allow_javascript=True)
