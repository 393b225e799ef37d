"""Widgets generated from the core's registries (``Param`` specs), never hard-coded lists.

Every widget has a key under a page prefix so sessions' keys never collide across
pages. A widget takes its value from session state when the key is already there (set by
the URL or a click), and from the registry default otherwise.
"""
from __future__ import annotations

import json
import math
from dataclasses import replace
from typing import Any

import streamlit as st

from app.text import t, tr
from optim_core import NET_PARAMS, OPTIMIZERS, SCHEDULES, SURFACES, Param, max_epochs, max_points


def _initial(key: str, default: Any) -> dict:
    """``value=`` for a widget whose key is not yet in session state, else nothing."""
    return {} if key in st.session_state else {"value": default}


def param_label(name: str) -> str:
    """A parameter's widget label: torch's keyword name, said in the page's language."""
    try:
        return t(f"controls.param_{name}")
    except KeyError:
        return name


def param_widget(p: Param, key: str, value: Any = None, label: str | None = None,
                 limit: int | None = None) -> Any:
    """One widget for one hyper-parameter spec; returns the chosen value. ``limit`` is a
    bound that depends on other settings (the core's work limit): the help states it."""
    value = p.default if value is None else value
    label = label or param_label(p.name)
    if limit is not None and limit < p.high:
        p = replace(p, help=t("controls.at_most_here", help=tr(p.help), limit=f"{limit:,}"))
    if p.kind == "pair":          # float bounds: a pair of steps (milestones) has int ones
        a, b = st.columns(2)
        lo, hi = float(p.low), float(p.high)
        return (float(a.number_input(f"{label}[0]", lo, hi, format="%.4f",
                                     key=f"{key}.0", help=tr(p.help),
                                     **_initial(f"{key}.0", float(value[0])))),
                float(b.number_input(f"{label}[1]", lo, hi, format="%.4f",
                                     key=f"{key}.1", help=tr(p.help),
                                     **_initial(f"{key}.1", float(value[1])))))
    if p.kind in STRUCTURED:
        return STRUCTURED[p.kind](p, key, value, label)
    if p.kind == "choice":
        index = {} if key in st.session_state else {"index": p.choices.index(value)}
        return st.selectbox(label, p.choices, key=key, help=tr(p.help), **index,
                            format_func=lambda c: t(f"choices.{c}"))
    if p.kind == "bool":
        return bool(st.toggle(label, key=key, help=tr(p.help), **_initial(key, bool(value))))
    if p.kind == "int":
        return int(st.number_input(label, int(p.low), int(p.high), step=1, key=key,
                                   help=tr(p.help), **_initial(key, int(value))))
    if p.log:
        fmt = "%.2e" if p.low < 1e-3 else "%.4f"
        step = 10.0 ** math.floor(math.log10(max(abs(float(value)), p.low, 1e-12)))
        return float(st.number_input(label, float(p.low), float(p.high), step=step,
                                     format=fmt, key=key, help=tr(p.help),
                                     **_initial(key, float(value))))
    return float(st.number_input(label, float(p.low), float(p.high), format="%.4f", key=key,
                                 help=tr(p.help), **_initial(key, float(value))))


def _ints_widget(p: Param, key: str, value: Any, label: str) -> Any:
    """A list of steps typed as "100, 200, 300"; what does not parse is passed on as typed,
    so the core's check names the field."""
    text = st.text_input(label, key=key, help=tr(p.help),
                         **_initial(key, ", ".join(str(int(v)) for v in value)))
    parts = [s.strip() for s in text.replace(";", ",").split(",") if s.strip()]
    return [int(s) if s.lstrip("-").isdigit() else s for s in parts]


def _formula_widget(p: Param, key: str, value: Any, label: str) -> str:
    return st.text_input(label, key=key, help=tr(p.help), **_initial(key, str(value)))


def _pieces_widget(p: Param, key: str, value: Any, label: str) -> Any:
    """Composite schedules: the pieces as JSON, [{"name": ..., "params": {...}}, ...]."""
    text = st.text_area(label, key=key, help=tr(p.help), height=140,
                        **_initial(key, json.dumps(list(value), indent=1)))
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text   # the core's check says what is expected


STRUCTURED = {"ints": _ints_widget, "formula": _formula_widget, "pieces": _pieces_widget}


def param_widgets(specs: tuple[Param, ...], key_prefix: str, values: dict | None = None,
                  limits: dict[str, int] | None = None) -> dict[str, Any]:
    values, limits = values or {}, limits or {}
    return {p.name: param_widget(p, f"{key_prefix}.{p.name}", values.get(p.name),
                                 limit=limits.get(p.name)) for p in specs}


def net_epochs_limit(prefix: str = "net.p", optimizers_key: str = "net.opts",
                     default_optimizers: int = 1) -> int | None:
    """The most epochs the core's work limit allows for the network settings now in the
    form (defaults where a widget is not drawn yet), or None if they are not valid."""
    ss = st.session_state
    values = {p.name: ss.get(f"{prefix}.{p.name}", p.default) for p in NET_PARAMS}
    try:
        n = len(ss[optimizers_key]) if optimizers_key in ss else default_optimizers
        return max_epochs(values, max(1, n))
    except ValueError:
        return None


def points_caption(surface_fields: dict, optimizers: int, starts: int, steps: int) -> int | None:
    """State the simulation's work limit on this surface next to its controls; returns it."""
    try:
        cap = max_points(surface_fields.get("surface", "formula"),
                         surface_fields.get("surface_params", ()), surface_fields.get("formula"))
    except ValueError:   # the surface itself is not valid: its own error is shown
        return None
    used = optimizers * starts * steps
    st.caption(t("controls.points_limit", cap=f"{cap:,}", used=f"{used:,}",
                 steps=f"{cap // max(1, optimizers * starts):,}"))
    return cap


def seeds_caption(config, high: int) -> int:
    """State the escape lab's work limit next to its seeds control: the most seeds the
    limit allows with the config's surface, steps and noise levels (at most ``high``, the
    control's own end); returns that number."""
    from optim_core import escape_limits
    cap, most = escape_limits(config.surface, config.surface_params, config.steps,
                              len(config.sigmas))
    most = min(most, high)
    st.caption(t("controls.seeds_limit", most=f"{most:,}", cap=f"{cap:,}",
                 levels=len(config.sigmas), steps=f"{config.steps:,}"))
    return most


from app.formula_input import DEFAULT_FORMULA, FORMULA, formula_input  # noqa: F401


def surface_picker(prefix: str, default: str = "rosenbrock") -> dict:
    """Surface select box (every registry surface, or a typed formula) and its parameters;
    returns the SimConfig fields for the surface."""
    options, wkey = [*SURFACES, FORMULA], f"{prefix}.surface"
    index = {} if wkey in st.session_state else {"index": options.index(default)}
    key = st.selectbox(t("controls.surface"), options, key=wkey, **index,
                       format_func=lambda k: tr(SURFACES[k].name) if k in SURFACES
                       else t("controls.custom_formula"))
    if key == FORMULA:
        return formula_input(prefix)
    params = param_widgets(SURFACES[key].params, f"{prefix}.sp.{key}")
    return {"surface": key, "surface_params": tuple(params.items())}


def suggested_lr(key: str, surface) -> float:
    """A rate that shows something within a few hundred steps on this surface (a registry
    key or a Surface)."""
    spec, surf = OPTIMIZERS[key], SURFACES[surface] if isinstance(surface, str) else surface
    if spec.hessian:   # Newton's natural rate is 1, whatever the surface
        return float(spec.params[0].default)
    if not spec.adaptive:
        return surf.lr_hint
    xmin, xmax, ymin, ymax = surf.bounds
    base = spec.params[0].default
    cap = 1.0 if base >= 1.0 else 0.1
    return float(f"{min(5 * base, cap) * max(xmax - xmin, ymax - ymin) / 4:.3g}")


def widget_state(p: Param, key: str, value: Any) -> dict:
    """The session-state entries that make ``param_widget(p, key)`` show ``value`` (a link
    restoring a configuration)."""
    if p.kind == "pair":
        return {f"{key}.0": float(value[0]), f"{key}.1": float(value[1])}
    if p.kind == "ints":
        return {key: ", ".join(str(int(v)) for v in value)}
    if p.kind == "pieces":
        return {key: json.dumps(list(value), indent=1)}
    return {key: value}


def params_state(specs: tuple[Param, ...], params, key_prefix: str) -> dict:
    """The session-state entries that make ``param_widgets(specs, key_prefix)`` show
    ``params`` (``(name, value)`` pairs or a dict): how a link restores them."""
    values = dict(params)
    out: dict = {}
    for p in specs:
        if p.name in values:
            out.update(widget_state(p, f"{key_prefix}.{p.name}", values[p.name]))
    return out


def surface_state(prefix: str, cfg) -> dict:
    """The session-state entries that make ``surface_picker(prefix)`` show the surface of
    ``cfg`` (any config with surface, surface_params, formula and bounds)."""
    out = {f"{prefix}.surface": cfg.surface}
    if cfg.formula is not None:
        out[f"{prefix}.formula"] = cfg.formula
        out.update({f"{prefix}.b{i}": v for i, v in enumerate(cfg.bounds or ())})
    if cfg.surface in SURFACES:
        out.update(params_state(SURFACES[cfg.surface].params, cfg.surface_params,
                                f"{prefix}.sp.{cfg.surface}"))
    return out


def schedule_picker(prefix: str, key: str) -> tuple[str | None, dict]:
    """A schedule for one run (none by default) and its parameters."""
    s = st.selectbox(t("controls.schedule"), ["", *SCHEDULES], key=f"{prefix}.sched.{key}",
                     format_func=lambda c: tr(SCHEDULES[c].name) if c else t("controls.no_schedule"))
    if not s:
        return None, {}
    return s, param_widgets(SCHEDULES[s].params, f"{prefix}.ssp.{key}.{s}")


def optimizer_picker(prefix: str, surface, default: tuple[str, ...],
                     same_lr: float | None, schedules: bool = False) -> list[tuple]:
    """Multi-select of optimizers, each with its hyper-parameters in an expander:
    ``(key, hp)`` each, or with ``schedules`` ``(key, hp, schedule, schedule_params)``.

    With ``same_lr`` given, every optimizer uses that rate and hides its own."""
    from app.optimizer_menu import optimizer_keys, optimizer_label
    keys = st.multiselect(t("controls.optimizers"), optimizer_keys(), key=f"{prefix}.opts",
                          format_func=optimizer_label,
                          **({} if f"{prefix}.opts" in st.session_state
                             else {"default": list(default)}))
    out = []
    for k in keys:
        spec = OPTIMIZERS[k]
        with st.expander(t("controls.hyper", name=tr(spec.name))):
            values = {"lr": suggested_lr(k, surface)}
            specs = tuple(p for p in spec.params if not (same_lr is not None and p.name == "lr"))
            hp = param_widgets(specs, f"{prefix}.hp.{surface.key}.{k}", values)
            sched = schedule_picker(prefix, k) if schedules else None
        if same_lr is not None:
            hp["lr"] = same_lr
        out.append((k, hp, *sched) if schedules else (k, hp))
    return out
