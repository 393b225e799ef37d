"""Cached core calls of the Momentum page, keyed on plain values (configs), never tensors."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

import plotly.io as pio
import streamlit as st

from app import explore
from app.cache import config_key, simulation, surface_grid
from app.figures import FrozenFigure
from app.text import current_language, t, tr
from optim_core import OPTIMIZERS, SURFACES
from optim_core.quadratic import QuadraticConfig, QuadraticResult, solve


@st.cache_resource(max_entries=32, show_spinner=False)
def quadratic(config: QuadraticConfig) -> QuadraticResult:
    return solve(config)


@dataclass(frozen=True)
class ExploreView:
    figure: dict        # the plotly figure, as a plain dict (never modified)
    runs: int
    payload: int        # bytes of the JSON st.plotly_chart sends
    build_ms: float     # simulation + figure on the server, cold


def explore_labels(optimizer: str, surface: str) -> dict:
    labels = {k: t(f"momentum.{k}") for k in ("step", "loss", "final", "diverged", "x", "y",
                                               "play", "pause")}
    labels.update({p: t(f"momentum.param_{p}") for p in explore.SWEEPABLE})
    labels["title"] = t("momentum.explore_title", name=tr(OPTIMIZERS[optimizer].name),
                        surface=tr(SURFACES[surface].name))
    return labels


@st.cache_resource(max_entries=16, show_spinner=False)
def _explore(config_json: str, sweeps: tuple, lang: str) -> ExploreView:
    from optim_core import SimConfig
    start = time.perf_counter()
    config = SimConfig.from_dict(json.loads(config_json))
    result = simulation(config)
    grid = surface_grid(config.surface, config.surface_params)
    surface = config.make_surface()
    minima = tuple(k.point for k in surface.known if k.kind == "minimum")
    fig = explore.explore_figure(result, grid, surface.bounds, sweeps,
                                 explore_labels(config.optimizers[0].name, config.surface),
                                 minima=minima)
    ms = 1000 * (time.perf_counter() - start)
    sent = pio.to_json(FrozenFigure(fig), validate=False)   # what st.plotly_chart sends
    return ExploreView(fig, len(config.optimizers), len(sent), ms)


def explore_view(config, sweeps: tuple) -> ExploreView:
    return _explore(config_key(config), sweeps, current_language())
