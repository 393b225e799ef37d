"""The Neural-network page's "Widths" tab: the notes' figure (two moons, 200 points, noise
0.2, one tanh hidden layer of width 1, 2, 3, 4, 5, 20, 50, no validation split), or the
page's own settings with the width varied; seven networks trained in the worker pool."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from app import page_links as links
from app import workers
from app.cache import cached
from app.figures import frozen
from app.network import cache
from app.network import reg_figures as fig
from app.tables import show_table
from app.text import current_language, t
from optim_core import MAX_WORK, NOTES_WIDTHS, NetConfig, notes_widths_config, widths_sweep

WIDGETS = ("net.wd.src",)


def sweep_config(config: NetConfig, source: str) -> NetConfig:
    return notes_widths_config() if source == "notes" else NetConfig(config.params,
                                                                    config.optimizers[:1])


def sweep_work(config: NetConfig) -> float:
    return sum(replace(config, params=tuple({**config.hp, "width": w}.items())).work
               for w in NOTES_WIDTHS)


def render(config, result, names) -> dict:
    st.markdown(t("netreg.widths_help"))
    source = st.radio(t("netreg.widths_source"), ("notes", "page"), key="net.wd.src",
                      format_func=lambda k: t(f"netreg.src_{k}", name=names[0]),
                      horizontal=True)
    own = {"source": source}
    try:
        sweep = sweep_config(config, source)
        work = sweep_work(sweep)
    except ValueError as e:
        st.error(t("network.bad_input", msg=e))
        return own
    if work > MAX_WORK:
        st.error(t("netreg.widths_too_much", work=work, limit=MAX_WORK))
        return own
    st.caption(t("netreg.widths_limit", limit=MAX_WORK, work=work))
    key = cache.key_of(sweep)
    bar = st.progress(0.0, text=t("netreg.widths_training"))

    def progress(p):
        bar.progress(p.fraction or 0.0, text=t("netreg.widths_training"))
    runs = cached("netreg.widths", key, lambda: workers.submit(widths_sweep, sweep),
                  wait=workers.waiter(progress))
    bar.empty()
    data = sweep.data()
    figure = frozen(("netreg.widths", key, current_language()),
                    lambda: fig.widths_boundaries(runs, data))
    st.plotly_chart(figure)
    has_val = len(data.y_val) > 0
    rows = [{t("netreg.col_width"): r.width, t("network.col_train_loss"): r.train_loss,
             t("network.col_train_acc"): r.train_acc,
             **({t("network.col_val_loss"): r.val_loss, t("network.col_val_acc"): r.val_acc}
                if has_val else {})} for r in runs]
    show_table(pd.DataFrame(rows))
    small = [r for r in runs if r.width <= 2]
    large = [r for r in runs if r.width >= 3]
    if (min(r.train_loss for r in small) > max(r.train_loss for r in large)
            and max(r.train_acc for r in small) < 0.9 <= min(r.train_acc for r in large)):
        st.success(t("netreg.widths_claim", a=max(r.train_acc for r in small),
                     b=min(r.train_acc for r in large)))
    else:
        st.info(t("netreg.widths_no_claim"))
    links.export_row("network-widths", {**sweep.to_dict(), "widths": list(NOTES_WIDTHS)},
                     rows, [(t("netreg.widths_title"), figure)])
    return own
