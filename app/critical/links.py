"""The Saddles & Hessian page's link: the critical-points JSON, the escape JSON (its point
is the selected point), the Taylor window and the shown noise level, all in ``?cfg=``."""
from __future__ import annotations

import streamlit as st

from app import page_links as links
from app.text import t
from optim_core import ESCAPE_METHODS, dump, load, noise_levels

PREFIX = "critical"
# widget key -> (EscapeConfig field, low, high); sigma_max is the largest sigma
ESCAPE_WIDGETS = {"radius": (1e-6, 1e3), "lr": (1e-10, 10.0), "momentum": (0.0, 0.99),
                  "kick": (0.0, 1e3), "seeds": (4, 128), "sigma_max": (1e-4, 100.0)}


def apply_url_config(d: dict) -> None:
    """Copy a shared document into widget state; what the page cannot show is a note."""
    ss = st.session_state
    if isinstance(d.get("critical"), dict):
        try:
            c = load("critical-points", d["critical"])
        except (ValueError, TypeError) as e:
            links.note(PREFIX, t("links.unreadable", msg=e))
        else:
            if c.formula is not None or c.bounds is not None:
                links.note(PREFIX, t("links.partial", what="formula, bounds"))
            ss["critical.surface"] = c.surface
            for name, value in c.surface_params:
                ss[f"critical.{c.surface}.{name}"] = value
    if isinstance(d.get("escape"), dict):
        try:
            e = load("escape", d["escape"])
        except (ValueError, TypeError) as err:
            links.note(PREFIX, t("links.unreadable", msg=err))
        else:
            ss["critical.point_link"] = (e.surface, tuple(e.point))
            ss["critical.esc_linked"] = True
            for name, (lo, hi) in ESCAPE_WIDGETS.items():
                value = max(e.sigmas) if name == "sigma_max" else getattr(e, name)
                links.clamp(PREFIX, f"critical.esc.{name}", value, lo, hi, name)
            if tuple(e.sigmas) != noise_levels(max(e.sigmas)) or e.offset != (0.0, 0.0) \
                    or (e.steps, e.seed) != (300, 0):
                links.note(PREFIX, t("links.partial", what="sigmas, offset, steps, seed"))
    if d.get("taylor") is not None:
        ss["critical.taylor_link"] = d["taylor"]
    if d.get("paths_sigma") is not None:
        links.clamp(PREFIX, "critical.paths_sigma", d["paths_sigma"], 0, 6, "paths_sigma")


def pick_point(result, key: str, picked, surface_start) -> tuple[float, float]:
    """The clicked point, else the link's point (on its surface), else the default."""
    if picked:
        return result.snap((picked["x"], picked["y"]))
    link = st.session_state.get("critical.point_link")
    if link and link[0] == key:
        return result.snap(link[1])
    return result.default_point(surface_start)


def escape_defaults(base, where) -> None:
    """Reset the escape widgets to ``base`` whenever the surface or point changes (a link's
    own values are kept on its first run)."""
    ss = st.session_state
    if ss.pop("critical.esc_linked", False):
        ss["critical.esc_for"] = where
    if ss.get("critical.esc_for") != where:
        ss["critical.esc_for"] = where
        for name in ESCAPE_WIDGETS:
            ss[f"critical.esc.{name}"] = 1.0 if name == "sigma_max" else getattr(base, name)


def taylor_value(tkey: str, lo: float, hi: float, default: float) -> dict:
    """The Taylor slider's initial value: the link's once (clamped, with a note), else
    the default for a new key."""
    ss, v = st.session_state, st.session_state.pop("critical.taylor_link", None)
    if v is not None:
        try:
            v = float(v)
        except (TypeError, ValueError):
            links.note(PREFIX, t("links.bad_value", name="taylor", value=v))
            v = None
    if v is None:
        return {} if tkey in ss else {"value": default}
    if not lo <= v <= hi:
        near = min(max(v, lo), hi)
        links.note(PREFIX, t("links.clamped", name="taylor", value=v, near=f"{near:.3g}"))
        v = near
    ss[tkey] = v
    return {}


def save(config, esc, half: float, sigma: int) -> None:
    links.save(PREFIX, None, sections={"critical": dump(config), "escape": dump(esc),
                                       "taylor": half, "paths_sigma": sigma})


def point_rows(result) -> list[dict]:
    return [{"x": p.point[0], "y": p.point[1], "type": p.kind, "value": float(p.value),
             "eig_min": float(p.eigenvalues[0]), "eig_max": float(p.eigenvalues[-1])}
            for p in result.points]


def escape_rows(res) -> list[dict]:
    return [{"method": m, "sigma": float(s), "mean_steps": float(res.mean_steps[i, j]),
             "escaped": float(res.escaped[i, j]), "diverged": float(res.diverged[i, j])}
            for i, m in enumerate(ESCAPE_METHODS) for j, s in enumerate(res.sigmas)]
