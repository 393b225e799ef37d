"""A page's whole configuration in its URL, its open tab, and its exports.

The URL's ``?cfg=`` (app.urlstate) holds one JSON object: ``{"tab": key, <section>: {...}}``
where each section is the JSON the command line reads for that view (or the view's own
settings). On a session's first run the page copies the link into widget state; on every
run it writes back the sections it drew, keeping the others, so a link opens exactly
what was shared and Back/Forward walk through the student's changes.
"""
from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Sequence

import streamlit as st

from app import urlstate
from app.html_export import figure_html
from app.text import current_language, t
from optim_core import shown

__all__ = ["clamp", "export_row", "load", "notes", "save", "tabs"]


def _doc_key(prefix: str) -> str:
    return f"{prefix}._doc"


def load(prefix: str, apply: Callable[[dict], None]) -> None:
    """Copy the link's document into widget state via ``apply`` on a session's first run,
    and again whenever the URL is not the one this page last wrote (browser Back and
    Forward); a link that cannot be read (or applied) becomes a note, never a crash."""
    ss = st.session_state

    def keep(d: dict) -> None:
        ss[_doc_key(prefix)] = dict(d)
        ss.pop(f"{prefix}.tab", None), ss.pop(f"{prefix}._tab", None)
        apply(d)
    text, last = st.query_params.get("cfg"), ss.get(f"{prefix}._written")
    if text and last and text != last and ss.get(f"{prefix}._url_loaded"):
        ss[f"{prefix}._url_loaded"] = False          # the URL moved under us: follow it
    err = urlstate.load_once(prefix, keep)
    if err:
        note(prefix, t("links.unreadable", msg=err))


def note(prefix: str, text: str) -> None:
    st.session_state.setdefault(f"{prefix}._notes", []).append(text)


def notes(prefix: str) -> None:
    """Show (once) what the link asked for that the page could not show as asked."""
    for text in st.session_state.pop(f"{prefix}._notes", []):
        st.info(text, icon=":material/link:")


def clamp(prefix: str, key: str, value, low, high, name: str | None = None):
    """Put ``value`` into widget state ``key``, at the nearest allowed value (with a note)."""
    try:
        v = type(low)(value)
        if isinstance(value, bool) or not math.isfinite(v):
            raise ValueError(value)
    except (TypeError, ValueError, OverflowError):
        note(prefix, t("links.bad_value", name=name or key, value=shown(value)))
        return
    if not low <= v <= high:
        near = min(max(v, low), high)
        note(prefix, t("links.clamped", name=name or key, value=shown(value), near=near))
        v = near
    st.session_state[key] = v


def choose(prefix: str, key: str, value, allowed: Sequence, name: str | None = None):
    """Put ``value`` into widget state ``key`` if allowed, else keep the default (note)."""
    if value in allowed:
        st.session_state[key] = value
    else:
        note(prefix, t("links.bad_value", name=name or key, value=shown(value)))


def section(prefix: str, name: str) -> dict:
    """The link's section ``name`` (empty if none)."""
    d = st.session_state.get(_doc_key(prefix), {}).get(name)
    return d if isinstance(d, dict) else {}


def save(prefix: str, tab: str | None, name: str | None = None, data=None,
         sections: dict | None = None) -> None:
    """Write the open tab and the given sections into the URL, keeping the others."""
    doc = dict(st.session_state.get(_doc_key(prefix), {}))
    if tab is not None:
        doc["tab"] = tab
    if name is not None and data is not None:
        doc[name] = data
    doc.update(sections or {})
    st.session_state[_doc_key(prefix)] = doc
    urlstate.save(doc)
    st.session_state[f"{prefix}._written"] = urlstate.encode(doc)


def tabs(prefix: str, keys: Sequence[str], labels: Sequence[str]):
    """``st.tabs`` whose open tab survives reruns, language switches and links; returns
    ``(containers, open_key)``. Only the open tab's content needs computing (``.open``)."""
    ss, wkey, last = st.session_state, f"{prefix}.tab", f"{prefix}._tab"
    if ss.get(wkey) not in labels:        # first run, a link, or a language switch
        want = ss.get(last) or st.session_state.get(_doc_key(prefix), {}).get("tab")
        if want not in keys:
            if want is not None:
                note(prefix, t("links.bad_value", name="tab", value=want))
            want = keys[0]
        ss[wkey] = labels[list(keys).index(want)]
    containers = st.tabs(list(labels), key=wkey, on_change="rerun")
    open_key = next((k for k, c in zip(keys, containers) if c.open), keys[0])
    ss[last] = open_key
    return containers, open_key


def keep_alive(keys=(), prefix: str | None = None) -> None:
    """Keep the values of widgets a run does not draw (those of closed tabs): Streamlit
    drops a widget's state when a run skips it, unless the state was set by the page.
    ``prefix`` keeps every key that starts with it."""
    ss = st.session_state
    if prefix is not None:
        keys = [*keys, *(k for k in list(ss.keys()) if isinstance(k, str)
                         and k.startswith(prefix))]
    for k in keys:
        if k in ss:
            ss[k] = ss[k]


def csv_bytes(rows: Sequence[dict]) -> bytes:
    buf = io.StringIO()
    if rows:
        w = csv.DictWriter(buf, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def export_row(name: str, config: dict | None = None, rows: Sequence[dict] | None = None,
               figures: Sequence = (), script: str | None = None,
               more: dict[str, dict] | None = None) -> None:
    """Download buttons: the JSON config (the command line's input), the data as CSV, every
    figure as standalone HTML, and optionally a script. Files are named ``name.*``."""
    with st.expander(t("links.exports")):
        c = st.columns(4)
        if config is not None:
            c[0].download_button(t("links.json"), json.dumps(config, indent=2),
                                 f"{name}.json", "application/json", key=f"dl.{name}.json",
                                 on_click="ignore")
        for i, (label, extra) in enumerate((more or {}).items()):
            c[0].download_button(f"{t('links.json')}: {label}", json.dumps(extra, indent=2),
                                 f"{name}-{i + 1}.json", "application/json",
                                 key=f"dl.{name}.json{i}", on_click="ignore")
        if rows:
            c[1].download_button(t("links.csv"), csv_bytes(rows), f"{name}.csv",
                                 "text/csv", key=f"dl.{name}.csv", on_click="ignore")
        if script is not None:
            c[2].download_button(t("links.script"), script, f"{name}.py",
                                 "text/x-python", key=f"dl.{name}.py",
                                 on_click="ignore")
        for i, item in enumerate(figures):
            title, fig = item if isinstance(item, tuple) else (_title(item), item)
            c[3].download_button(t("links.html", title=title),
                                 lambda f=fig, title=title: figure_html(_spec(f), title,
                                                                        current_language()),
                                 f"{name}-{i + 1}.html", "text/html",
                                 key=f"dl.{name}.html{i}", on_click="ignore")


def _spec(fig):
    """A figure's dict form (a frozen figure's ``to_plotly_json`` would be empty)."""
    return fig.to_dict() if hasattr(fig, "to_dict") else fig


def _title(fig) -> str:
    """A figure's own title text (HTML tags dropped), for its export button and file."""
    import re
    text = (_spec(fig).get("layout", {}).get("title") or {})
    text = text.get("text", "") if isinstance(text, dict) else str(text)
    first = re.split(r"<br\s*/?>", text)[0]          # the title, not its subtitle line
    return re.sub(r"<[^>]+>", "", first).strip() or t("links.figure")
