"""Cached core calls of the Saddles & Hessian page, keyed on configs and plain values."""
from __future__ import annotations

import streamlit as st

from optim_core import (CriticalConfig, EscapeConfig, escape_lab, find_critical_points,
                        get_surface, point_info, taylor_window)
from optim_core.grid import evaluate_grid


@st.cache_data(max_entries=32, show_spinner=False)
def critical_points(config: CriticalConfig):
    return find_critical_points(config)


@st.cache_data(max_entries=32, show_spinner=False)
def surface_grid(key: str, params: tuple, n: int = 200):
    return evaluate_grid(get_surface(key, dict(params)), n)


@st.cache_data(max_entries=256, show_spinner=False)
def inspect(key: str, params: tuple, xy: tuple, scale: float):
    return point_info(get_surface(key, dict(params)), xy, scale=scale)


@st.cache_data(max_entries=64, show_spinner=False)
def taylor(key: str, params: tuple, xy: tuple, half: float):
    return taylor_window(get_surface(key, dict(params)), xy, half)


@st.cache_data(max_entries=32, show_spinner=False)
def escape(config: EscapeConfig):
    return escape_lab(config)
