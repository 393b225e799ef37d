"""The Deep-networks page through AppTest: every tab renders in English and in Chinese
(no English left in the Chinese page), the numbers it states are the core's on the same
config, a link round-trips, bad input is an error next to the controls (no traceback)."""
from __future__ import annotations

import re

import numpy as np
import pytest
from test_zh_zhB import (
    SHARED_HARDCODED,
    english_runs,
    run_page,
    untranslated_registry,
    untranslated_shared,
    visible_texts,
)

from app.text import deep as text
from app.urlstate import encode
from optim_core import deep_lab as lab
from optim_core.deep import TABS, DeepConfig

STEPS = [("tab", "deep.tab", k) for k in TABS[1:]]


def _texts(at) -> str:
    return " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info)


@pytest.fixture(scope="module")
def english():
    """The page in English, each tab opened in turn: (tab, markdown, charts, tables)."""
    out = {}
    for k, at in zip(TABS, run_page("deep", "en", STEPS)):
        assert not at.exception, at.exception
        assert at.title[0].value == "Deep networks"
        assert not at.error, [e.value for e in at.error]
        out[k] = (_texts(at), len(at.get("plotly_chart")), [d.value for d in at.dataframe])
    return out


def test_every_tab_renders(english):
    charts = {k: v[1] for k, v in english.items()}
    assert charts == {"vanishing": 2, "bias": 2, "batch": 2, "init": 1, "saddles": 1,
                      "snapshots": 2, "tips": 0}
    assert len(english["batch"][2]) == 1 and len(english["saddles"][2]) == 1
    assert len(english["snapshots"][2]) == 1


def test_vanishing_numbers_are_the_core_s(english):
    r = lab.vanishing(DeepConfig())
    body = english["vanishing"][0]
    first = r.grad_norms[:, 0, 0]
    assert f"**{first[0]:.2e}** (sigmoid)" in body
    assert f"**{first[2]:.2e}** (residual)" in body
    orders = float(re.search(r"\*\*([0-9.]+) orders of magnitude\*\*", body).group(1))
    assert orders > 3
    assert f"{int(r.dead_init.sum())} of {16 * 8} hidden units at initialization" in body


def test_bias_verdict_is_optimization(english):
    r = lab.bias(DeepConfig())
    body = english["bias"][0]
    assert "**optimization issue**, not model bias" in body
    assert f"**{r.loss[1, -1]:.4f}**" in body and f"**{r.copy_loss:.4f}**" in body


def test_batch_table_counts_updates(english):
    table = english["batch"][2][0]
    assert list(table["B"]) == [4, 16, 64, 200]
    assert list(table["updates per epoch"]) == [53, 14, 4, 2]       # ceil(210 / B)
    assert list(table["updates per epoch"]) == list(table["⌈n/B⌉ or ⌊n/B⌋"])
    gap = table["gap (validation − training)"].to_numpy()
    np.testing.assert_allclose(gap, table["validation loss"] - table["training loss"],
                               atol=2e-4)


def test_init_and_saddles_statements(english):
    body = english["init"][0]
    assert "std stays between" in body and "measured ratio at layer 10" in body
    sad = english["saddles"][0]
    assert "**6 of 6** runs stalled" in sad and "At **6 of 6** stopping points" in sad
    assert "What this shows, honestly" in sad


def test_chinese_page_has_no_english():
    allowed = [*untranslated_registry(), *untranslated_shared(), *SHARED_HARDCODED]
    bad = set()
    for at in run_page("deep", "zh", STEPS):
        assert not at.exception, at.exception
        assert at.title[0].value == text.ZH["title"]
        for s in set(visible_texts(at)):
            runs = english_runs(s, allowed)
            if runs:
                bad.add(f"{runs} in {s[:160]!r}")
    assert not bad, "\n".join(sorted(bad))


def test_link_round_trip_and_bad_input():
    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest
    cfg = DeepConfig(init_depth=4, init_act="tanh", scale=0.3)
    at = AppTest.from_file(ENTRY, default_timeout=600)
    at.query_params["cfg"] = encode({"tab": "init", "deep": cfg.to_dict()})
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/deep.py").run()
    assert not at.exception
    assert at.session_state["dp.init_depth"] == 4 and at.session_state["dp.scale"] == 0.3
    assert "measured ratio at layer" not in _texts(at)   # tanh: no exact s^l claim
    assert "at layer 4" in _texts(at)
    # a deeper net that is not deeper: an error next to the controls, nothing else breaks
    at.session_state["deep.tab"] = text.EN["tab_bias"]
    at.run()
    at.slider(key="dp.shallow").set_value(6).run()
    at.slider(key="dp.deep").set_value(3).run()
    assert not at.exception
    assert any("deep must be larger than shallow" in e.value for e in at.error)


def test_tips_link_to_existing_tabs():
    """Each tip opens a page of the navigation on a tab that page has."""
    import importlib

    from app.deep.tabs import TIPS
    from app.nav import PAGES
    scripts = {p.path for p in PAGES}
    for key, script, tab in TIPS:
        assert key in {k[4:] for k in text.EN if k.startswith("tip_")}
        if script is None:
            assert tab in TABS
            continue
        assert script in scripts
        if tab is not None:
            page = script.removeprefix("pages/").removesuffix(".py")
            assert tab in importlib.import_module(f"app.{page}.tabs").TABS
