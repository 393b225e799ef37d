"""The Learned-surfaces and Neural-network pages under AppTest: they render every tab,
react to their widgets, show bad input next to the control, and what their texts claim
holds on their own configurations."""
import json

import numpy as np
from conftest import app_test

from app.network.tabs import TABS
from optim_core import SimConfig, simulate


def charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _labelled(figs):
    for f in figs:
        lay = f["layout"]
        assert lay["title"]["text"]
        for axis in ("xaxis", "yaxis"):
            assert any(v.get("title", {}).get("text") for k, v in lay.items() if k.startswith(axis))


def test_learned_page_renders_and_reacts():
    at = app_test("learned")
    assert not at.exception and not at.error
    figs = charts(at)
    assert len(figs) == 3                              # only the open tab is computed
    for label in [tb.label for tb in at.tabs][1:]:
        at.session_state["learned.tab"] = label
        at.run()
        assert not at.exception and not at.error, label
        figs += charts(at)
    assert len(figs) == 13                             # softmax: p and y, p - y
    at.session_state["learned.tab"] = at.tabs[0].label
    at.run()
    figs = charts(at) + figs[3:]
    _labelled(figs)
    names = [tr["name"] for tr in figs[0]["data"] if tr.get("name")]
    assert any(n.startswith("Full batch (20") for n in names)
    assert any(n.startswith("Mini-batch B=10 (120") for n in names)
    assert any(n.startswith("Stochastic B=1 (1200") for n in names)
    at.selectbox(key="learned.b.surface").set_value("quadfit").run()
    assert not at.exception and not at.error
    assert charts(at)[0]["layout"]["title"]["text"].startswith("Learned: the notes'")
    at.selectbox(key="learned.b.sp.quadfit.loss").set_value("huber").run()
    assert not at.exception and not at.error
    at.toggle(key="learned.b.drop").set_value(True).run()
    assert not at.exception and not at.error
    assert "mini-batch 4" in " ".join(c.value for c in at.caption)     # 40 // 10 = 4


def test_learned_page_reports_bad_input_and_divergence():
    at = app_test("learned")
    lr_key = next(w.key for w in at.number_input if w.key and w.key.startswith("learned.b.lr."))
    at.number_input(key=lr_key).set_value(5.0).run()
    assert not at.exception
    assert any("diverged at iteration" in w.value for w in at.warning)


def test_page_claims_hold():
    """The MSE path stalls on its plateau while cross-entropy's reaches the minimum;
    standardizing divides the condition number by more than a million."""
    run = {"name": "sgd", "params": {"lr": 1.0}}
    mse = simulate(SimConfig(surface="logistic_mse", optimizers=(run,), starts=((-4, 4),), steps=300))
    ce = simulate(SimConfig(surface="logistic_ce", optimizers=(run,), starts=((-4, 4),), steps=300))
    assert np.linalg.norm(ce.path[0, 0, -1] - [2.27, -0.12]) < 0.1
    assert np.linalg.norm(mse.path[0, 0, -1] - [1.99, -0.04]) > 1.0


def test_network_page_renders_every_tab():
    at = app_test("network")
    assert not at.exception and not at.error
    figs, infos, tables = charts(at), [i.value for i in at.info], len(at.dataframe)
    assert len(figs) == 2                       # only the open tab is computed
    first = {"training": (2, tables)}
    for key, label in zip(TABS[1:], [tb.label for tb in at.tabs][1:]):
        at.session_state["net.tab"] = label
        at.run()
        assert not at.exception and not at.error, label
        new = charts(at)
        first[key] = (len(new), len(at.dataframe))
        figs += new
        infos += [i.value for i in at.info]
    # the first four tabs: boundary + curves, landscape, Hessian, range test
    assert sum(first[k][0] for k in TABS[:4]) == 6
    assert sum(first[k][1] for k in TABS[:4]) == 2
    # the later ones draw their own figures (the fair race waits for its button)
    assert all(first[k][0] >= 1 for k in TABS[4:] if k != "tune"), first
    _labelled(figs)
    assert any("explains" in i for i in infos)


def test_network_page_bad_settings_and_retrain():
    at = app_test("network")
    at.number_input(key="net.p.batch_size").set_value(1000)
    at.button[0].click().run()
    assert not at.exception
    assert any("net.batch_size must be at most" in e.value for e in at.error)
    at.number_input(key="net.p.batch_size").set_value(0)
    at.number_input(key="net.p.epochs").set_value(5)
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert "1 iterations per epoch × 5 epochs" in " ".join(c.value for c in at.caption)


def test_every_learned_surface_on_the_compare_and_saddles_pages():
    from optim_core import SURFACES
    keys = [k for k, s in SURFACES.items() if s.data]
    cmp, crit = app_test("compare"), app_test("critical")
    for k in keys:
        cmp.selectbox(key="cmp.surface").set_value(k).run()
        assert not cmp.exception and not cmp.error, k
        assert len(cmp.dataframe) == 1, k
        next(s for s in crit.selectbox if s.label == "Surface").set_value(k).run()
        assert not crit.exception and not crit.error, k
        assert any("minimum" in (m.value or "") for m in crit.markdown), k
