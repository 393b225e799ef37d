"""The Deep-networks page's claims, each checked on the page's own configuration
(``DeepConfig()``, the defaults the page opens with) or a variant of it."""
import json
import subprocess
import sys

import numpy as np
import pytest
import torch

from optim_core import deep_lab as lab
from optim_core.deep import DeepConfig, batch_data, bce, make_net, updates_per_epoch
from optim_core.hessian import HVP

PAGE = DeepConfig()


@pytest.fixture(scope="module")
def van():
    return lab.vanishing(PAGE)


def test_first_layer_gradient_vanishes_for_sigmoid_not_residual(van):
    """The page's claim: at init the first layer's gradient norm is orders of magnitude
    smaller for sigmoid than for the residual net (same depth, width, data)."""
    first = dict(zip(van.kinds, van.grad_norms[:, 0, 0]))
    assert first["residual"] / first["sigmoid"] > 1e3
    # and for the plain sigmoid net it shrinks from the last layer back to the first
    sig = van.grad_norms[0, 0]
    assert sig[0] < sig[-1] / 1e3


def test_sigmoid_factor_per_layer_is_at_most_a_quarter_times_the_weights():
    """sigma'(z) <= 1/4: |dL/dh_{l-1}| <= |W_l|_2 / 4 * |dL/dh_l| for every example."""
    net = make_net(PAGE.depth, PAGE.width, "sigmoid", PAGE.seed)
    x, y, _, _ = batch_data(PAGE)
    rec: list = []
    hs = []

    def keep(m, i, o):
        o.retain_grad()
        hs.append(o)
    handles = [lin.register_forward_hook(keep) for lin in net.layers]
    bce(net(x, rec), y).backward()
    for h in handles:
        h.remove()
    for lin, z_next, z in zip(net.layers[1:], hs[1:], hs[:-1]):
        # dL/dz_{l-1} = sigma'(z_{l-1}) * W_l^T dL/dz_l, per example
        s = torch.sigmoid(z.detach())
        assert float((s * (1 - s)).max()) <= 0.25
        lhs = z.grad.norm(dim=1)
        rhs = torch.linalg.matrix_norm(lin.weight, 2) / 4 * z_next.grad.norm(dim=1)
        assert torch.all(lhs <= rhs * (1 + 1e-12))


def test_dead_relu_units_have_no_gradient(van):
    """A unit counted dead is never active on the data, so its incoming weights get a zero
    gradient."""
    net = make_net(PAGE.depth, PAGE.width, "relu", PAGE.seed)
    x, y, _, _ = batch_data(PAGE)
    rec: list = []
    bce(net(x, rec), y).backward()
    counted = 0
    for lin, z in zip(net.layers, rec):
        dead = (z > 0).sum(0) == 0
        counted += int(dead.sum())
        assert torch.all(lin.weight.grad[dead] == 0)
    assert counted == int(van.dead_init.sum())


def test_deeper_net_has_higher_training_loss_yet_could_copy_the_shallower():
    """Model bias vs optimization: on the page's config the deeper net's training loss is
    higher, and the deeper net set to copy the shallower reaches the shallower's loss
    exactly: the notes' rule says optimization issue."""
    r = lab.bias(PAGE)
    shallow, deep = r.loss[:, -1]
    assert deep > shallow + 0.1
    assert abs(r.copy_loss - shallow) < 1e-12
    assert r.accuracy[0] > r.accuracy[1]


def test_batch_sizes_updates_and_gradient_noise():
    for drop in (False, True):
        c = DeepConfig(batches=(4, 16, 64, 200), epochs=2, drop_last=drop)
        r = lab.batch_sizes(c)
        want = [updates_per_epoch(r.n_train, b, drop) for b in r.sizes]
        assert list(r.updates) == want
        assert want == [int(np.floor(r.n_train / b)) if drop else int(np.ceil(r.n_train / b))
                        for b in r.sizes]
    # noise per step: the variance of the mini-batch gradient falls with B (formula and
    # measurement, 200 batches each: within 30 % of the formula)
    assert np.all(np.diff(r.predicted) < 0) and np.all(np.diff(r.variance) < 0)
    assert np.all(np.abs(r.variance / r.predicted - 1) < 0.3)
    assert r.seconds.shape == (4,) and np.all(r.seconds > 0)
    # a batch of all the data has no noise at all
    x, y, _, _ = batch_data(c, c.val_fraction)
    net = make_net(2, c.width, "relu", c.seed)
    m, p = lab.gradient_noise(net, x, y, (len(x),), 3, torch.Generator().manual_seed(0))
    assert p[0] == 0 and m[0] < 1e-25


def test_init_he_band_small_geometric_and_bn():
    r = lab.init_stats(PAGE)
    he, small = r.inits.index("he"), r.inits.index("small")
    std_he = r.std[he, 0]
    assert std_he.max() / std_he.min() < 2.0             # He + ReLU: a band
    layers = np.arange(1, PAGE.init_depth + 1)
    # too small: exactly scale^l times He's (ReLU is positively homogeneous, zero biases)
    np.testing.assert_allclose(r.std[small, 0] / std_he, PAGE.scale ** layers, rtol=1e-9)
    assert r.std[small, 0, -1] < PAGE.scale ** (PAGE.init_depth - 1) * 2 * r.std[small, 0, 0]
    # batch norm in train mode: every layer's batch mean ~0 and std ~1, for every init
    assert np.abs(r.mean[:, 1]).max() < 1e-12
    assert np.abs(r.std[:, 1] - 1).max() < 1e-3


def test_lanczos_matches_the_full_hessian():
    """eigsh on Hessian-vector products equals the whole Hessian's eigenvalues (1e-8)."""
    c = DeepConfig(saddle_width=3, n=60)
    x, y, _, _ = batch_data(c)
    net = lab.saddle_net(c, 0)
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    for _ in range(30):
        opt.zero_grad()
        bce(net(x), y).backward()
        opt.step()
    hvp = HVP(net, x, y, bce)
    k = 5
    full_low = lab.full_lowest(hvp, k)          # torch.func.hessian, the whole matrix
    np.testing.assert_allclose(lab.lowest_eigenvalues(hvp, k), full_low, atol=1e-8, rtol=0)
    # the page's own products (double backward through one kept graph)
    graph = lab.GraphHVP(net, x, y)
    assert graph.n == hvp.n
    np.testing.assert_allclose(lab.lowest_eigenvalues(graph, k), full_low, atol=1e-8, rtol=0)
    assert graph.count < 10 * graph.n           # Lanczos, not one product per column
    full = np.linalg.eigvalsh(lab.full_hessian(hvp).detach().numpy())
    assert abs(lab.largest_eigenvalue(hvp) - full[-1]) < 1e-8


def test_saddles_on_the_page_config():
    """What the saddles tab says on its defaults: every run stalled, and at every stall the
    Hessian has negative eigenvalues (the count is of eigenvalues below -1e-4 lambda_max)."""
    r = lab.saddles(PAGE)
    assert r.stalled.all() and np.all(r.grad_norm < PAGE.stall)
    assert np.all(r.negative >= 1)
    assert np.all(r.lowest[:, 0] < -r.tol)
    assert np.all(np.diff(r.lowest, axis=1) >= 0)


def test_config_validation_and_round_trip():
    assert DeepConfig.from_dict(json.loads(PAGE.json())) == PAGE
    with pytest.raises(ValueError, match="deep must be larger"):
        DeepConfig(shallow=4, deep=4)
    with pytest.raises(ValueError, match="batches"):
        DeepConfig(batches=(4, 4))
    with pytest.raises(ValueError, match="at most the 210 training points"):
        DeepConfig(batches=(512,)).check_batches()
    with pytest.raises(ValueError, match="bogus"):
        DeepConfig.from_dict({"bogus": 1})
    with pytest.raises(ValueError, match="depth"):
        DeepConfig(depth=99)
    # the study's cache key is the fields it reads: another tab's setting does not enter
    assert PAGE.part("init") == DeepConfig(depth=3).part("init")
    assert PAGE.part("vanishing") != DeepConfig(depth=3).part("vanishing")


def test_cli_deep_command():
    cmd = [sys.executable, "-m", "optim_core", "deep", "--config", "-"]
    env = {"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(cmd, input='{"tab": "init", "init_depth": 3}', capture_output=True,
                         text=True, env=env, check=True)
    d = json.loads(out.stdout)
    r = lab.init_stats(DeepConfig(init_depth=3))
    np.testing.assert_allclose(d["result"]["std"], r.std, rtol=1e-12)
    bad = subprocess.run(cmd, input='{"tab": "nope"}', capture_output=True, text=True,
                         env=env, check=False)
    assert bad.returncode == 2 and "tab must be one of" in bad.stderr
