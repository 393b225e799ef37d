"""Cached wrappers around core calls, keyed on plain values (a config's JSON), never tensors.

Bounded (``max_entries``) so a class of students cannot grow the server without limit.
"""
from __future__ import annotations

import json

import streamlit as st

from optim_core import SimConfig, SimResult, simulate
from optim_core.grid import Grid, evaluate_grid


def config_key(config: SimConfig) -> str:
    return json.dumps(config.to_dict(), sort_keys=True)


@st.cache_data(max_entries=64, show_spinner=False)
def run_simulation(config_json: str) -> SimResult:
    return simulate(SimConfig.from_dict(json.loads(config_json)))


def simulation(config: SimConfig) -> SimResult:
    return run_simulation(config_key(config))


@st.cache_data(max_entries=64, show_spinner=False)
def surface_grid(key: str, params: tuple, n: int = 160, formula: str | None = None,
                 bounds: tuple | None = None) -> Grid:
    from optim_core.config import surface_of
    return evaluate_grid(surface_of(key, params, formula, bounds), n)

