"""The Deep-networks page's studies through the app's one cache, run in the worker pool
with a progress bar. The cache key is the tab and the fields its study reads
(``DeepConfig.part``), so changing one tab's setting never recomputes another tab."""
from __future__ import annotations

import streamlit as st

from app import workers
from app.cache import cached
from app.text import t
from optim_core import DeepConfig, run_tab


def study(config: DeepConfig, tab: str):
    """The tab's study, or None after an error shown in its place (never a traceback)."""
    what = t(f"deep.tab_{tab}")
    bar = st.progress(0.0, text=t("deep.computing", what=what))

    def progress(p):      # polled while a worker computes (app.workers.Progress)
        if p.fraction is None:
            bar.progress(0.0, text=t("deep.computing", what=what) if p.running
                         else t("deep.queued"))
        else:
            bar.progress(p.fraction, text=t("deep.computing", what=what))
    try:
        return cached("deep", (tab, config.part(tab)),
                      lambda: workers.submit(run_tab, config, tab),
                      wait=workers.waiter(progress))
    except (ValueError, ArithmeticError, RuntimeError) as e:   # the study's own answer
        st.error(t("deep.failed", msg=" ".join(str(e).split())[:300]))
        return None
    finally:
        bar.empty()
