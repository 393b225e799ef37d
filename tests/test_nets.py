"""Small networks: data, initialization, training, landscape slices, Hessian eigenvalues,
and the learning-rate range test."""
import math

import numpy as np
import pytest
import torch

from optim_core.datasets import classification
from optim_core.hessian import HVP, full_hessian, lanczos, power_iteration
from optim_core.landscape import (
    pca_plane,
    plane_losses,
    project,
    random_plane,
    slice_serial,
    slice_values,
    unflatten,
)
from optim_core.lr_finder import lr_range_test
from optim_core.nets import NetConfig, build_model, flat, loss_fn, train

SMALL = (("n", 120), ("width", 6), ("epochs", 15), ("batch_size", 16))


def _xy(config):
    d = config.data()
    return torch.tensor(d.x_train, dtype=torch.float64), torch.tensor(d.y_train)


@pytest.fixture(scope="module")
def trained():
    cfg = NetConfig(SMALL, ("sgd", "adam"))
    return cfg, train(cfg)


@pytest.mark.parametrize("name", ["moons", "circles", "spirals", "breast_cancer"])
def test_data_sets_reproducible_and_split(name):
    a = classification(name, 200, 0.2, 5, 0.25)
    classification.cache_clear()
    b = classification(name, 200, 0.2, 5, 0.25)
    assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_val, b.y_val)
    c = classification(name, 200, 0.2, 6, 0.25)
    assert not np.array_equal(a.x_train, c.x_train)
    total = len(a.y_train) + len(a.y_val)
    assert len(a.y_val) == round(0.25 * total) and set(np.unique(a.y_train)) == {0, 1}
    assert np.allclose(a.x_train.mean(0), 0, atol=1e-12)


def test_initializations_follow_their_rules():
    def weights(init, seed=0):
        return build_model(NetConfig((("init", init), ("width", 64), ("init_seed", seed))))
    m = weights("xavier")
    w = m.layers[1][0].weight
    bound = math.sqrt(6 / (64 + 64))
    assert w.abs().max() <= bound and w.abs().max() > 0.9 * bound
    assert torch.all(m.layers[1][0].bias == 0)
    he = weights("he").layers[1][0].weight
    assert abs(float(he.detach().std()) - math.sqrt(2 / 64)) < 0.01
    d = weights("default").layers[1][0]
    assert d.weight.abs().max() <= 1 / 8 and d.bias.abs().max() <= 1 / 8
    assert torch.equal(flat(weights("he", 3)), flat(weights("he", 3)))
    assert not torch.equal(flat(weights("he", 3)), flat(weights("he", 4)))


def test_every_optimizer_starts_from_the_same_weights_and_training_is_the_plain_loop(trained):
    cfg, res = trained
    assert np.array_equal(res.runs[0].weights[0], res.runs[1].weights[0])
    # the same run by hand: torch.optim.SGD over the same batches
    from optim_core.data_surfaces import batch_schedule
    model = build_model(cfg)
    opt = torch.optim.SGD(model.parameters(), lr=cfg.optimizers[0].hp["lr"])
    x, y = _xy(cfg)
    order = batch_schedule(len(y), 16, True, False, 0, 15 * cfg.iterations_per_epoch)
    model.train()
    for idx in order:
        opt.zero_grad()
        loss_fn(model(x[idx]), y[idx]).backward()
        opt.step()
    assert np.allclose(flat(model).numpy(), res.runs[0].weights[-1], rtol=0, atol=1e-13)
    assert res.runs[1].train_loss[-1] < res.runs[1].train_loss[0]


def test_a_diverging_run_is_a_result():
    cfg = NetConfig(SMALL + (("width", 32), ("depth", 6), ("activation", "relu"), ("init", "he")),
                    ({"name": "sgd", "params": {"lr": 10.0}},))
    run = train(cfg).runs[0]
    assert run.diverged_at is not None and 0 <= run.diverged_at < 15 * cfg.iterations_per_epoch
    assert len(run.train_loss) == 16 and np.isnan(run.train_loss[-1])


@pytest.mark.parametrize("bad, message", [
    ({"width": 0}, "net.width must be"), ({"activation": "swish"}, "net.activation must be one of"),
    ({"batch_size": 5000}, "net.batch_size must be"), ({"data": "iris"}, "net.data must be one of"),
    ({"epochs": 1000, "width": 128, "depth": 6, "n": 2000}, "at most"),
])
def test_bad_network_settings_name_the_field(bad, message):
    with pytest.raises(ValueError, match=message):
        NetConfig(tuple(bad.items()))


def test_config_round_trip():
    cfg = NetConfig(SMALL, ("sgd", {"name": "adam", "schedule": {"name": "cosine"}}))
    assert NetConfig.from_dict(cfg.to_dict()) == cfg


@pytest.mark.parametrize("net", [(("activation", "relu"),), (("batch_norm", "on"),),
                                 (("residual", "on"), ("depth", 3)), (("dropout", 0.3),),
                                 (("batch_norm", "on"), ("dropout", 0.3))])
def test_landscape_center_is_the_final_loss_and_equals_the_serial_loop(trained, net):
    cfg = NetConfig(SMALL + net, ("adam",))
    res = train(cfg)
    model = res.runs[0].model
    x, y = _xy(cfg)
    plane = random_plane(model, flat(model), seed=1)
    a, z = slice_values(model, plane, x, y, loss_fn, span=0.5, n=9, block=7)
    assert a[4] == 0 and z[4, 4] == pytest.approx(res.runs[0].train_loss[-1], abs=1e-12)
    assert np.allclose(z, slice_serial(model, plane, x, y, loss_fn, span=0.5, n=9), atol=1e-12)
    assert torch.equal(flat(model), plane.center)      # the model's weights are untouched



@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_landscape_far_out_saturates_like_the_serial_loop(trained, dtype):
    """Far from the center tanh saturates (its exp overflows in the batched kernel): the
    slice still equals the serial loop, silently (no overflow warning) and finite."""
    import copy
    import warnings
    cfg, res = trained
    model = copy.deepcopy(res.runs[0].model).to(dtype)
    assert model.activation == "tanh"
    x, y = _xy(cfg)
    x = x.to(dtype)
    plane = random_plane(model, flat(model), seed=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        _, z = slice_values(model, plane, x, y, loss_fn, span=400.0, n=7, block=3)
    ref = slice_serial(model, plane, x, y, loss_fn, span=400.0, n=7)
    assert np.isfinite(z).all() and z.max() > 10   # saturated: large losses
    tol = 1e-9 if dtype == torch.float64 else 1e-3
    assert np.allclose(z, ref, rtol=tol, atol=tol)

def _serial_at(model, plane, x, y, a, b):
    import copy
    m = copy.deepcopy(model).eval()
    theta = plane.center + a * plane.d1 + b * plane.d2
    with torch.no_grad():
        for name, t in unflatten(m, theta).items():
            dict(m.named_parameters())[name].copy_(t)
        return float(loss_fn(m(x), y))


@pytest.mark.parametrize("net", [(), (("residual", "on"), ("depth", 3))])
def test_default_network_slice_equals_the_serial_loop(trained, net, monkeypatch):
    """The default network (float64 tanh, no batch norm) takes the one-point-at-a-time
    kernel with the first layer's exp factored on the grid (and without the factoring):
    the same values as the serial loop, on a random plane and on a PCA plane (whose
    directions move the biases too)."""
    from optim_core import landscape
    cfg = NetConfig(SMALL + net, ("adam", "sgd"))
    res = train(cfg)
    model = res.runs[0].model
    x, y = _xy(cfg)
    assert landscape._TanhNet.applies(model, torch.float64)
    used = []
    real = landscape._TanhNet.first_layer_factors

    def spy(self, *args):
        out = real(self, *args)
        used.append(out is not None)
        return out
    monkeypatch.setattr(landscape._TanhNet, "first_layer_factors", spy)
    pca = pca_plane([r.weights for r in res.runs], res.runs[0].weights[-1])
    assert np.abs(pca.d1.numpy()[-2:]).max() > 0      # the output bias moves on this plane
    for plane in (random_plane(model, flat(model), seed=5), pca):
        _, z = slice_values(model, plane, x, y, loss_fn, span=0.8, n=9)
        ref = slice_serial(model, plane, x, y, loss_fn, span=0.8, n=9)
        assert np.allclose(z, ref, rtol=1e-12, atol=1e-12)
    assert used == [True, True]
    ab = torch.from_numpy(np.random.default_rng(1).uniform(-0.8, 0.8, (12, 2)))
    scattered = plane_losses(model, pca, ab, x, y, loss_fn)   # no grid: no factoring
    assert used[-1] is False
    assert np.allclose(scattered.numpy(), [_serial_at(model, pca, x, y, a, b) for a, b in
                                           ab.tolist()], rtol=1e-12, atol=1e-12)
    monkeypatch.setattr(landscape._TanhNet, "first_layer_factors", lambda *a: None)
    _, z = slice_values(model, pca, x, y, loss_fn, span=0.8, n=9)
    assert np.allclose(z, ref, rtol=1e-12, atol=1e-12)
    assert torch.equal(flat(model), flat(res.runs[0].model))


def test_filter_normalized_directions(trained):
    _, res = trained
    model = res.runs[0].model
    plane = random_plane(model, flat(model), seed=3)
    w, d = unflatten(model, flat(model)), unflatten(model, plane.d1)
    for name, t in w.items():
        if t.dim() == 1:
            assert torch.all(d[name] == 0), name
        else:
            assert torch.allclose(d[name].norm(dim=1), t.norm(dim=1), rtol=1e-9)


def test_projection_and_pca(trained):
    cfg, res = trained
    model = res.runs[0].model
    center = flat(model)
    plane = random_plane(model, center, seed=2)
    ab = np.random.default_rng(0).normal(size=(6, 2))
    pts = center.numpy() + ab[:, :1] * plane.d1.numpy() + ab[:, 1:] * plane.d2.numpy()
    assert np.allclose(project(plane, pts), ab, atol=1e-10)
    trajs = [r.weights for r in res.runs]
    pca = pca_plane(trajs, trajs[0][-1])
    D = torch.stack([pca.d1, pca.d2]).numpy()
    assert np.allclose(D @ D.T, np.eye(2), atol=1e-12)
    assert 0 < pca.explained[1] <= pca.explained[0] and sum(pca.explained) <= 1 + 1e-12
    # a path that lies in a plane is explained entirely and projected exactly
    flat_path = trajs[0][-1] + ab[:, :1] * D[0] + ab[:, 1:] * D[1]
    p2 = pca_plane([flat_path], trajs[0][-1])
    assert sum(p2.explained) == pytest.approx(1.0, abs=1e-12)
    back = project(p2, flat_path)
    assert np.allclose(back[:, :1] * p2.d1.numpy() + back[:, 1:] * p2.d2.numpy() + trajs[0][-1],
                       flat_path, atol=1e-10)
    # the slice at a projected point equals the true loss when the point is in the plane
    x, y = _xy(cfg)
    z = plane_losses(model, pca, torch.zeros(1, 2), x, y, loss_fn)
    assert float(z[0]) == pytest.approx(res.runs[0].train_loss[-1], abs=1e-12)


@pytest.mark.parametrize("net", [(), (("activation", "relu"), ("batch_norm", "on")),
                                 (("residual", "on"), ("depth", 3), ("activation", "silu"))])
def test_lanczos_equals_the_full_hessian(net):
    cfg = NetConfig(SMALL + net, ("adam",))
    model = train(cfg).runs[0].model
    x, y = _xy(cfg)
    hvp = HVP(model, x, y, loss_fn)
    ev = torch.linalg.eigvalsh(full_hessian(hvp))
    e = lanczos(hvp, hvp.n, tol=1e-9, max_iter=hvp.n)
    assert e.converged == (True, True)
    assert e.largest == pytest.approx(float(ev[-1]), abs=1e-6)
    assert e.smallest == pytest.approx(float(ev[0]), abs=1e-6)
    assert e.products == hvp.count <= hvp.n


def test_smallest_eigenvalue_is_direct_when_all_are_positive():
    """A convex problem: every eigenvalue positive; the smallest must not come back as the
    largest (what a shift-free power iteration would report)."""
    A = torch.diag(torch.linspace(0.5, 10.0, 40, dtype=torch.float64))
    e = lanczos(lambda v: A @ v, 40, tol=1e-10, max_iter=40)
    assert e.smallest == pytest.approx(0.5, abs=1e-8) and e.largest == pytest.approx(10.0, abs=1e-8)
    p = power_iteration(lambda v: A @ v, 40, tol=1e-10, max_iter=5000)
    assert p.largest == pytest.approx(10.0, abs=1e-6)


def test_unconverged_lanczos_says_so():
    A = torch.diag(torch.cat([torch.tensor([5.0]), torch.linspace(-1e-4, 1e-4, 300)]).double())
    e = lanczos(lambda v: A @ v, 301, tol=1e-9, max_iter=5)
    assert e.products == 5 and not all(e.converged)


def test_lr_range_test():
    cfg = NetConfig(SMALL, ({"name": "sgd"},))
    r = lr_range_test(cfg, lr_min=1e-4, lr_max=50.0, iterations=120)
    ratio = r.lr[1:] / r.lr[:-1]
    assert np.allclose(ratio, (50.0 / 1e-4) ** (1 / 119))
    assert r.stopped_early and len(r.lr) < 120
    assert r.low is not None and r.low < r.high and 1e-4 <= r.steepest <= r.high
    with pytest.raises(ValueError, match="lr_min < lr_max"):
        lr_range_test(cfg, lr_min=1.0, lr_max=0.1)


def test_cli_train(tmp_path, cli):
    import json
    cfg = {"net": {"n": 80, "width": 4, "epochs": 3}, "optimizers": ["adam", {"name": "sgd"}]}
    out = cli("train", "--config", "-", stdin=json.dumps(cfg))
    assert out.returncode == 0, out.stderr
    runs = json.loads(out.stdout)["runs"]
    assert [r["optimizer"] for r in runs] == ["adam", "sgd"] and len(runs[0]["train_loss"]) == 4
    bad = cli("train", "--config", "-", stdin=json.dumps({"net": {"width": 0}}))
    assert bad.returncode == 2 and bad.stderr.startswith("error: net.width must be")
    assert len(bad.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("raw", [[], {"net": []}, {"net": {"depth": "2"}}, {"net": {"n": 1e9}},
                                 {"optimizers": "adam"}, {"optimizers": [{"lr": 1}]},
                                 {"optimizers": []}, {"net": {"x": 1}}, {"optimizers": [None]}])
def test_junk_network_configs_are_value_errors(raw):
    with pytest.raises(ValueError):
        NetConfig.from_dict(raw)
