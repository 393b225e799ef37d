"""Widgets generated from the core's registries (``Param`` specs), never hard-coded lists."""
from __future__ import annotations

import math
from typing import Any

import streamlit as st

from optim_core.specs import Param


def param_widget(p: Param, key: str, value: Any = None, label: str | None = None) -> Any:
    """One widget for one hyper-parameter spec; returns the chosen value."""
    value = p.default if value is None else value
    label = label or p.name
    if p.kind == "pair":
        a, b = st.columns(2)
        return (float(a.number_input(f"{label}[0]", p.low, p.high, float(value[0]),
                                     format="%.4f", key=f"{key}.0", help=p.help)),
                float(b.number_input(f"{label}[1]", p.low, p.high, float(value[1]),
                                     format="%.4f", key=f"{key}.1", help=p.help)))
    if p.kind == "int":
        return int(st.number_input(label, int(p.low), int(p.high), int(value), step=1,
                                   key=key, help=p.help))
    if p.log:
        fmt = "%.2e" if p.low < 1e-3 else "%.4f"
        step = 10.0 ** math.floor(math.log10(max(abs(float(value)), p.low, 1e-12)))
        return float(st.number_input(label, float(p.low), float(p.high), float(value),
                                     step=step, format=fmt, key=key, help=p.help))
    return float(st.number_input(label, float(p.low), float(p.high), float(value),
                                 format="%.4f", key=key, help=p.help))


def param_widgets(specs: tuple[Param, ...], key_prefix: str,
                  values: dict | None = None) -> dict[str, Any]:
    values = values or {}
    return {p.name: param_widget(p, f"{key_prefix}.{p.name}", values.get(p.name)) for p in specs}
