"""Softmax, one-hot, cross-entropy (= maximum likelihood) and the gradient p - y: the core
against autograd, and the Learned-surfaces page's softmax view saying what it computes."""
import json
import math

import numpy as np
import pytest
import torch
from conftest import app_test
from hypothesis import given, settings
from hypothesis import strategies as st

from app.text import learned
from optim_core.softmax import SoftmaxConfig, softmax_view

LOGIT = st.floats(-10, 10)


@settings(max_examples=60, deadline=None)
@given(classes=st.sampled_from([2, 3]), z=st.tuples(LOGIT, LOGIT, LOGIT),
       label=st.integers(1, 3))
def test_p_minus_y_is_autograds_gradient(classes, z, label):
    label = min(label, classes)
    res = softmax_view(SoftmaxConfig(classes, *z, label=label))
    logits = torch.tensor(z[:classes], dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(logits[None], torch.tensor([label - 1]))
    loss.backward()
    np.testing.assert_allclose(res.grad, logits.grad.numpy(), rtol=0, atol=1e-14)
    assert res.loss == pytest.approx(loss.item(), rel=1e-13, abs=1e-15)
    assert res.loss == pytest.approx(-math.log(res.probs[label - 1]), rel=1e-12, abs=1e-15)
    assert sum(res.probs) == pytest.approx(1.0) and sum(res.target) == 1.0
    assert res.target[label - 1] == 1.0
    # the page's sentences: the entries add up to 0, the true class's is p_y - 1
    assert abs(sum(res.grad)) < 1e-14
    assert res.grad[label - 1] == pytest.approx(res.probs[label - 1] - 1, abs=1e-15)
    if classes == 2:   # the sigmoid is the two-class softmax
        assert res.sigmoid == pytest.approx(res.probs[0], abs=1e-15)
        assert res.sigmoid == pytest.approx(1 / (1 + math.exp(-(z[0] - z[1]))), abs=1e-15)
    else:
        assert res.sigmoid is None


def test_adding_a_constant_to_every_logit_changes_nothing():
    a = softmax_view(SoftmaxConfig(3, 2.0, 1.0, -1.0, label=2))
    b = softmax_view(SoftmaxConfig(3, 6.5, 5.5, 3.5, label=2))
    np.testing.assert_allclose(a.probs, b.probs, rtol=1e-14)
    assert a.loss == pytest.approx(b.loss, rel=1e-13)


def test_summed_cross_entropy_is_minus_log_likelihood_and_its_minimum_is_the_mle():
    """Cross-entropy = maximum likelihood: over data, the summed loss is -log of the product
    of the true classes' probabilities; for a model with one shared set of logits, the
    logits minimizing it give p = the classes' frequencies (the maximum-likelihood fit)."""
    labels = [1, 1, 2, 3, 1, 2]
    z = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([z], max_iter=200, tolerance_grad=1e-12, tolerance_change=1e-14)

    def total(zv):
        return sum(softmax_view(SoftmaxConfig(3, *zv, label=y)).loss for y in labels)

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(z.expand(len(labels), 3),
                                                 torch.tensor(labels) - 1, reduction="sum")
        loss.backward()
        return loss
    opt.step(closure)
    zv = z.detach().tolist()
    res = [softmax_view(SoftmaxConfig(3, *zv, label=y)) for y in labels]
    like = math.prod(r.likelihood for r in res)
    assert total(zv) == pytest.approx(-math.log(like), rel=1e-12)
    np.testing.assert_allclose(res[0].probs, [3 / 6, 2 / 6, 1 / 6], atol=1e-6)
    # the gradient summed over the data, sum (p - y), vanishes there
    np.testing.assert_allclose(np.sum([r.grad for r in res], 0), 0.0, atol=1e-6)


@pytest.mark.parametrize("bad,match", [
    ({"classes": 2, "label": 3}, "label must be a class from 1 to 2"),
    ({"z1": 11.0}, r"z1 must be a finite number in \[-10, 10\]"),
    ({"classes": 4}, "classes must be an integer"),
    ({"label": True}, "label must be an integer"),
])
def test_bad_settings_are_named(bad, match):
    with pytest.raises(ValueError, match=match):
        SoftmaxConfig(**bad)
    with pytest.raises(ValueError, match="softmax.temperature is not a"):
        SoftmaxConfig.from_dict({"temperature": 1.0})


def _softmax_tab(at):
    label = learned.EN["tab_softmax"]
    at.session_state["learned.tab"] = label
    at.run()
    assert not at.exception and not at.error
    return at


def test_the_softmax_view_shows_p_y_and_p_minus_y():
    at = _softmax_tab(app_test("learned"))
    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(figs) == 2
    res = softmax_view(SoftmaxConfig())
    probs, target = figs[0]["data"]
    np.testing.assert_allclose(probs["y"], res.probs)
    assert target["y"] == [1.0, 0.0, 0.0]
    np.testing.assert_allclose(figs[1]["data"][0]["y"], res.grad)
    text = " ".join(m.value for m in at.markdown)
    assert f"**{res.loss:.4f}**" in text and "maximum likelihood" in text
    # two classes, the second true: the sigmoid sentence with sigma(z1 - z2)
    at.radio(key="learned.sm.classes").set_value(2).run()
    at.selectbox(key="learned.sm.label").set_value(2).run()
    at.slider(key="learned.sm.z1").set_value(0.5).run()
    assert not at.exception and not at.error
    two = softmax_view(SoftmaxConfig(2, 0.5, 1.0, -1.0, label=2))
    text = " ".join(m.value for m in at.markdown)
    assert f"= {two.sigmoid:.4f}" in text and f"**{two.loss:.4f}**" in text
    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    np.testing.assert_allclose(figs[1]["data"][0]["y"], two.grad)


def test_the_softmax_view_is_part_of_the_link():
    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest

    from app.urlstate import decode, encode
    at = _softmax_tab(app_test("learned"))
    at.slider(key="learned.sm.z2").set_value(3.0).run()
    v = at.query_params["cfg"]
    doc = decode(v[0] if isinstance(v, list) else v)
    assert doc["tab"] == "softmax" and doc["softmax"]["config"]["z2"] == 3.0
    again = AppTest.from_file(ENTRY, default_timeout=120)
    again.query_params["cfg"] = encode(doc)
    again.switch_page("pages/learned.py")
    again.run()
    assert not again.exception and not again.error
    assert again.session_state["learned.sm.z2"] == 3.0
    figs = [json.loads(c.proto.spec) for c in again.get("plotly_chart")]
    want = softmax_view(SoftmaxConfig.from_dict(doc["softmax"]["config"]))
    np.testing.assert_allclose(figs[1]["data"][0]["y"], want.grad)
