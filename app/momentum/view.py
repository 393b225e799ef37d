"""Cached core calls of the Momentum page, keyed on plain values (configs), never tensors."""
from __future__ import annotations

import streamlit as st

from app import explore
from app.explore import ExploreView
from app.text import t, tr
from optim_core import OPTIMIZERS, SURFACES, QuadraticConfig, QuadraticResult, solve


@st.cache_resource(max_entries=32, show_spinner=False)
def quadratic(config: QuadraticConfig) -> QuadraticResult:
    return solve(config)


def explore_labels(optimizer: str, surface: str) -> dict:
    labels = {k: t(f"momentum.{k}") for k in ("step", "loss", "final", "diverged", "x", "y",
                                               "play", "pause")}
    labels.update({p: t(f"momentum.param_{p}") for p in explore.SWEEPABLE})
    labels["title"] = t("momentum.explore_title", name=tr(OPTIMIZERS[optimizer].name),
                        surface=tr(SURFACES[surface].name))
    return labels


def explore_view(config, sweeps: tuple) -> ExploreView:
    """The explore figure (app/explore/'s one way: one batched run, cached per config and
    language)."""
    return explore.view("momentum", config, sweeps,
                        explore_labels(config.optimizers[0].name, config.surface))
