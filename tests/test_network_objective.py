"""The Neural-network page's landscape, Hessian and gradient norm are those of the
training objective: the cross-entropy (eval mode) plus the configuration's penalty
weight_decay/2 * sum w^2 + l1 * sum |w| over the linear layers' weights."""
import numpy as np
import pytest
import torch

from optim_core import NetConfig, OptimizerRun
from optim_core.landscape import random_plane, slice_serial, slice_values
from optim_core.net_analysis import (
    final_gradient_norm,
    hessian_along,
    landscape_view,
    objective_hvp,
    set_weights,
)
from optim_core.nets import loss_fn, penalized_names, penalty, train


def _config(wd=0.0, l1=0.0, **net):
    p = {"n": 60, "width": 5, "depth": 2, "epochs": 8, "batch_size": 20, "seed": 1,
         "weight_decay": wd, "l1": l1, **net}
    return NetConfig(tuple(p.items()), (OptimizerRun("sgd", (("lr", 0.2),)),
                                        OptimizerRun("adam", (("lr", 0.02),))))


def _xy(config):
    d = config.data()
    return torch.tensor(d.x_train, dtype=torch.float64), torch.tensor(d.y_train)


def _objective(result, run: int) -> tuple[float, float]:
    """(data loss, training objective) at the final weights of ``run``, computed directly."""
    r = result.runs[run]
    model = set_weights(r.model, r.weights[-1], r.buffers[-1])
    x, y = _xy(result.config)
    with torch.no_grad():
        data = float(loss_fn(model(x), y))
        pen = float(penalty(model, result.config.hp["weight_decay"], result.config.hp["l1"]))
    return data, data + pen


@pytest.mark.parametrize("wd, l1, net", [(0.05, 0.0, {}), (0.02, 0.003, {}),
                                         (0.05, 0.0, {"activation": "relu", "dropout": 0.2})])
def test_landscape_centre_is_the_training_objective(wd, l1, net):
    result = train(_config(wd, l1, **net))
    for center in (0, 1):
        view = landscape_view(result, "pca", None, 11, 0, center)
        data, objective = _objective(result, center)
        assert view.penalty == (wd, l1)
        assert objective - data > 1e-3                      # the penalty is not negligible
        assert view.z[5, 5] == pytest.approx(objective, abs=1e-10)
        assert view.path_loss[center][-1] == pytest.approx(objective, abs=1e-10)
        assert view.path_slice[center][-1] == pytest.approx(objective, abs=1e-10)


def test_fast_slice_equals_the_reference_with_the_penalty():
    for act in ("tanh", "relu"):                  # the one-point tanh path, the batched one
        config = _config(0.03, 0.01, activation=act)
        result = train(config)
        r = result.runs[0]
        model = set_weights(r.model, r.weights[-1], r.buffers[-1])
        x, y = _xy(config)
        plane = random_plane(model, torch.from_numpy(r.weights[-1].copy()), 3)
        _, z = slice_values(model, plane, x, y, loss_fn, span=0.7, n=7, penalty=(0.03, 0.01))
        ref = slice_serial(model, plane, x, y, loss_fn, span=0.7, n=7, penalty=(0.03, 0.01))
        plain = slice_serial(model, plane, x, y, loss_fn, span=0.7, n=7)
        np.testing.assert_allclose(z, ref, atol=1e-12)
        assert np.all(ref - plain > 1e-3)


def _dense(hvp) -> np.ndarray:
    eye = torch.eye(hvp.n, dtype=torch.float64)
    return np.stack([hvp(e).numpy() for e in eye])


def test_the_l2_term_adds_weight_decay_to_the_hessian_of_every_weight():
    """d^2/dw^2 (lambda/2 w^2) = lambda: the objective's Hessian is the data loss's plus
    lambda on the diagonal entry of every linear layer's weight (0 on the biases), so its
    top eigenvalue moves up by at most lambda (exactly lambda along a direction of weights
    only); L1 adds nothing (its second derivative is 0 away from w = 0)."""
    wd = 0.05
    config = _config(wd, 0.004, width=3, depth=1, epochs=20)
    result = train(config)
    r = result.runs[0]
    model = set_weights(r.model, r.weights[-1], r.buffers[-1])
    x, y = _xy(config)
    h_obj = _dense(objective_hvp(model, x, y, (wd, 0.004)))
    h_data = _dense(objective_hvp(model, x, y))
    names = set(penalized_names(model))
    mask = np.concatenate([np.full(p.numel(), n in names) for n, p in model.named_parameters()])
    assert 0 < mask.sum() < len(mask)               # weights penalized, biases not
    np.testing.assert_allclose(h_obj - h_data, wd * np.diag(mask.astype(float)), atol=1e-12)
    top_data, top_obj = np.linalg.eigvalsh(h_data)[-1], np.linalg.eigvalsh(h_obj)[-1]
    assert top_data < top_obj <= top_data + wd + 1e-12
    # the page's Lanczos finds the objective's top eigenvalue, not the data loss's
    epoch, ext = hessian_along(result, 0, points=2, tol=1e-10, max_iter=len(mask))[-1]
    assert epoch == config.hp["epochs"] and ext.converged[0]
    assert ext.largest == pytest.approx(top_obj, rel=1e-8)
    assert abs(ext.largest - top_data) > 1e-6


def test_final_gradient_norm_is_the_objective_gradient():
    config = _config(0.05, 0.01)
    result = train(config)
    r = result.runs[1]
    model = set_weights(r.model, r.weights[-1], r.buffers[-1])
    x, y = _xy(config)
    params = list(model.parameters())
    g = torch.autograd.grad(loss_fn(model(x), y) + penalty(model, 0.05, 0.01), params)
    direct = float(torch.sqrt(sum((gi ** 2).sum() for gi in g)))
    assert final_gradient_norm(result, 1) == pytest.approx(direct, rel=1e-10)


def test_page_says_which_loss_its_landscape_and_hessian_show():
    """The page's landscape is the training objective (its title names the penalty) and
    the Hessian tab says what the L2 term adds."""
    import base64
    import json

    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest

    from app.network import cache
    from app.urlstate import encode
    config = _config(0.05, 0.0, n=48, width=4, depth=1, epochs=4, batch_size=12)
    at = AppTest.from_file(ENTRY, default_timeout=600)
    at.query_params["cfg"] = encode({"tab": "landscape", "train": config.to_dict(),
                                     "landscape": {"resolution": 11, "center": 0}})
    at.switch_page("pages/network.py")
    at.run()
    assert not at.exception and not at.error
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "λ/2·‖w‖² (λ = 0.05)" in spec["layout"]["title"]["text"]
    z = spec["data"][0]["z"]
    z = np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"]).reshape(11, 11) \
        if isinstance(z, dict) else np.asarray(z, dtype=float)
    _, objective = _objective(cache.trained(config), 0)
    assert float(z[5, 5]) == pytest.approx(np.log10(objective), rel=1e-6)
    assert any("training objective the optimizers minimized" in c.value for c in at.caption)
    at.session_state["net.tab"] = "Hessian"
    at.run()
    assert not at.exception and not at.error
    assert any("adds λ = 0.05" in c.value for c in at.caption)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "cross-entropy + λ/2·‖w‖²" in spec["layout"]["title"]["text"]
