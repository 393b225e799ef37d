"""The Neural-network page's "Weights and optimizers" tab: the final weights with and
without the regularization of the form, Muon's orthogonalized update and Adafactor's
factored second moment. Numbers come from optim_core.net_views."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from app import page_links as links
from app.cache import cached
from app.figures import frozen
from app.network import cache
from app.network import reg_figures as fig
from app.tables import show_table
from app.text import current_language, t, tr
from optim_core import (
    NEAR_ZERO,
    NET_OPTIMIZERS,
    NetRun,
    adafactor_moments,
    linear_weights,
    muon_singular_values,
    near_zero_share,
    unregularized,
)

WIDGETS = ("net.w.run",)
NOISE_FLOOR = 1e-3     # gradient directions below this share of the largest are not counted


def _regularized(config) -> bool:
    p = config.hp
    return bool(p["dropout"] or p["weight_decay"] or p["l1"])


def _baseline(config, names):
    """The same networks trained without regularization (the worker pool, with progress)."""
    bar = st.progress(0.0, text=t("netreg.training_baseline"))

    def progress(p):
        bar.progress(p.fraction or 0.0, text=t("netreg.training_baseline"))
    result = cache.trained(unregularized(config), progress)
    bar.empty()
    return result


def render(config, result, names) -> dict:
    st.markdown(t("netreg.weights_help"))
    k = st.selectbox(t("network.run"), range(len(names)), format_func=names.__getitem__,
                     key="net.w.run")
    own = {"run": k}
    ck = (cache.key_of(config), k, current_language())
    w = linear_weights(result.runs[k].model)
    sets = {t("netreg.with_reg") if _regularized(config) else t("netreg.as_trained"): w}
    rows = [_row(t("netreg.with_reg") if _regularized(config) else t("netreg.as_trained"),
                 w, result.runs[k])]
    if _regularized(config):
        base = _baseline(config, names).runs[k]
        w0 = linear_weights(base.model)
        sets[t("netreg.without_reg")] = w0
        rows.append(_row(t("netreg.without_reg"), w0, base))
        st.markdown(t("netreg.weights_result", name=names[k], a=near_zero_share(w),
                      b=near_zero_share(w0), tol=NEAR_ZERO, na=np.linalg.norm(w),
                      nb=np.linalg.norm(w0)))
    else:
        st.info(t("netreg.no_reg"))
    figure = frozen(("netreg.weights", *ck), lambda: fig.sorted_magnitudes(sets, NEAR_ZERO))
    st.plotly_chart(figure)
    show_table(pd.DataFrame(rows))
    figs = [(t("netreg.weights_title"), figure)]
    figs += _muon(config, ck)
    figs += _adafactor(config, ck)
    links.export_row("network-weights", {**config.to_dict(), "weights": own}, rows, figs)
    return own


def _row(label, w, run) -> dict:
    return {t("netreg.col_training"): label, t("netreg.col_near_zero", tol=NEAR_ZERO):
            near_zero_share(w), t("netreg.col_norm"): float(np.linalg.norm(w)),
            t("netreg.col_max"): float(np.abs(w).max()),
            t("network.col_train_loss"): float(run.train_loss[-1])}


def _muon(config, ck) -> list:
    st.subheader(t("netreg.muon_header"))
    st.markdown(t("netreg.muon_help"))
    muon = next((r for r in config.optimizers if isinstance(r, NetRun)), None)
    hp = muon.hp if muon is not None else {"momentum": 0.95, "ns_steps": 5}
    sv = cached("netreg.muon", (cache.key_of(config), hp["momentum"], hp["ns_steps"]),
                lambda: muon_singular_values(config, hp["momentum"], hp["ns_steps"]))
    if sv is None:
        st.info(t("netreg.muon_depth"))
        return []
    g, u = sv
    kept = g / g[0] > NOISE_FLOOR
    st.markdown(t("netreg.muon_result", k=int(kept.sum()), ratio=g[0] / g[kept][-1],
                  lo=float(u[kept].min()), hi=float(u[kept].max()), floor=NOISE_FLOOR))
    figure = frozen(("netreg.sv", *ck, hp["momentum"], hp["ns_steps"]),
                    lambda: fig.singular_values(g, u))
    st.plotly_chart(figure)
    spec = NET_OPTIMIZERS["muon"]
    st.caption(t("netreg.shines_fails", shines=tr(spec.shines), fails=tr(spec.fails),
                 note=tr(spec.note)))
    return [(t("netreg.sv_title"), figure)]


def _adafactor(config, ck) -> list:
    st.subheader(t("netreg.ada_header"))
    m = cached("netreg.adafactor", cache.key_of(config), lambda: adafactor_moments(config))
    rows, cols = m["full"].shape
    st.markdown(t("netreg.ada_help", r=rows, c=cols, full=rows * cols, kept=rows + cols))
    figure = frozen(("netreg.ada", *ck), lambda: fig.factored_moment(m))
    st.plotly_chart(figure)
    return [(t("netreg.ada_header"), figure)]
