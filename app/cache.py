"""Cached wrappers around core calls, keyed on plain values (a config's JSON), never tensors.

Bounded (``max_entries``) so a class of students cannot grow the server without limit.
Results are shared, not copied (``st.cache_resource``): ``st.cache_data`` unpickles a copy
of every result on every hit, which under load cost more than the page around it. The
arrays of a result are read-only for pages: nothing may write into them.
"""
from __future__ import annotations

import json

import streamlit as st

from optim_core import SimConfig, SimResult, simulate
from optim_core.grid import Grid, evaluate_grid


def config_key(config: SimConfig) -> str:
    return json.dumps(config.to_dict(), sort_keys=True)


@st.cache_resource(max_entries=64, show_spinner=False)
def run_simulation(config_json: str) -> SimResult:
    result = simulate(SimConfig.from_dict(json.loads(config_json)))
    for name in ("path", "loss", "grad_norm", "lr", "eff_lr", "diverged_at", "lr_runs"):
        array = getattr(result, name)
        if array is not None:
            array.flags.writeable = False     # shared by every session
    return result


def simulation(config: SimConfig) -> SimResult:
    return run_simulation(config_key(config))


@st.cache_resource(max_entries=64, show_spinner=False)
def surface_grid(key: str, params: tuple, n: int = 160, formula: str | None = None,
                 bounds: tuple | None = None) -> Grid:
    from optim_core.config import surface_of
    return evaluate_grid(surface_of(key, params, formula, bounds), n)

