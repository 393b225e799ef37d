"""Curriculum sections 5-8 (docs/CONCEPTS.md): the concepts no other test checked on the
configuration of the page that shows them. Each test builds that page's own configuration
(its form's helpers, its defaults, or the core call the page makes with them) and asserts
the fact the page teaches; every assertion can fail."""
import base64
import math

import numpy as np
import pytest
import torch

from app.controls import suggested_lr
from app.schedules import form as lr_page
from optim_core import SCHEDULES, SURFACES, SWEEP_DEFAULT, run_sweep, simulate, surface_of
from optim_core import deep_lab as lab
from optim_core.deep import DeepConfig, batch_data, bce, make_net
from optim_core.softmax import SoftmaxConfig, softmax_view

# --- 5. adaptive learning rate and schedules ------------------------------------------------

# the Learning-rate page's builder as it opens (app/schedules/tabs.py): momentum on
# Himmelblau at its suggested rate, gradient noise 2, 300 steps, each schedule's defaults,
# the warm-up toggle's own defaults when it is on
BUILDER_SURFACE = {"surface": "himmelblau", "surface_params": ()}
WARM = {"total_iters": 30, "start_factor": 0.01}


def builder_rates(decay: str, warm: dict | None = None) -> tuple[float, np.ndarray]:
    lr = suggested_lr("momentum", surface_of(**BUILDER_SURFACE))
    key, sp = lr_page.compose(decay, {p.name: p.default for p in SCHEDULES[decay].params}, warm)
    r = simulate(lr_page.with_without(BUILDER_SURFACE, "momentum", lr, key, sp, 300, 2.0))
    assert np.all(r.lr[0] == lr)                 # the row without the schedule: constant
    return lr, r.lr[1]


def test_step_decay_halves_the_rate_every_step_size_steps():
    lr, rate = builder_rates("step")
    t = np.arange(300)
    np.testing.assert_allclose(rate, lr * 0.5 ** (t // 100), rtol=1e-12)
    # with the page's warm-up first: a linear rise for 30 steps, then the same staircase
    lr, rate = builder_rates("step", WARM)
    rise = rate[:31]
    assert rate[0] == pytest.approx(0.01 * lr) and np.all(np.diff(rise) > 0)
    assert rate[30] == pytest.approx(lr)
    np.testing.assert_allclose(rate[30:], lr * 0.5 ** ((t[30:] - 30) // 100), rtol=1e-12)


def test_cyclical_triangular_rate_climbs_and_falls_linearly_every_cycle():
    lr, rate = builder_rates("cyclic_triangular")
    top = {p.name: p.default for p in SCHEDULES["cyclic_triangular"].params}["max_lr"]
    assert rate.min() == pytest.approx(lr) and rate.max() == pytest.approx(top)
    assert rate[50] == pytest.approx(top) and rate[100] == pytest.approx(lr)
    np.testing.assert_allclose(rate[:100], rate[100:200], rtol=1e-12)   # a period of 100
    slope = (top - lr) / 50
    np.testing.assert_allclose(np.diff(rate[:51]), slope, rtol=1e-9)    # straight up,
    np.testing.assert_allclose(np.diff(rate[50:101]), -slope, rtol=1e-9)   # straight down


def test_sgdr_anneals_then_restarts_warm():
    lr, rate = builder_rates("sgdr")
    t = np.arange(300) % 100                     # T_0 = 100, T_mult = 1, eta_min = 0
    np.testing.assert_allclose(rate, lr * (1 + np.cos(np.pi * t / 100)) / 2, atol=1e-15)
    for restart in (100, 200):                   # a jump back up to the base rate
        assert rate[restart - 1] < 0.01 * lr and rate[restart] == pytest.approx(lr)


def test_learning_rate_sweep_too_small_never_arrives_too_large_explodes():
    """The sweep tab as it opens: the default optimizers on its default surface (the third of
    the registry: Rosenbrock, start loss 12.5, minimum 0) for 300 steps."""
    surface = list(SURFACES)[2]
    config = lr_page.sweep(surface, list(SWEEP_DEFAULT), 300)
    res = run_sweep(config, simulate(config.sim_config()))
    start = simulate(config.sim_config()).loss[0, 0, 0]
    assert surface == "rosenbrock" and start == pytest.approx(12.5)
    best = {row["key"]: row for row in res.table()}
    for k in SWEEP_DEFAULT:
        smallest = res.finals[k][0]
        assert smallest > 1.0 and smallest > 2 * best[k]["best_loss"], k   # never arrives
    for k in ("sgd", "momentum"):                # too large explodes: every rate from the
        i = int(np.argmax(res.diverged[k]))      # first diverging one diverges
        assert res.diverged[k][i:].all() and not res.diverged[k][:i].any()
        assert best[k]["best_lr"] < res.rates[i] < 2 * best[k]["best_lr"]   # right past it
    for k in ("rmsprop", "nadam"):               # too large oscillates: at the top rate the
        assert not res.diverged[k][-1]           # loss ends far above the best
        assert res.finals[k][-1] > 100 * best[k]["best_loss"]


def test_lr_range_test_suggests_a_rate_below_divergence_on_the_page_network():
    """The Neural-network page's range test as it opens (its default network and first
    optimizer, momentum; rates 1e-5 to 10 over 200 mini-batches): the loss first falls, then
    explodes and the test stops; training at the suggested rate learns, at the rate where
    the test stopped it blows up."""
    from app.network.tabs import DEFAULT_OPTIMIZERS, NET_LR
    from optim_core.config import OptimizerRun
    from optim_core.lr_finder import lr_range_test
    from optim_core.nets import NetConfig, train
    runs = tuple(OptimizerRun(k, (("lr", NET_LR[k]),)) if k in NET_LR else OptimizerRun(k)
                 for k in DEFAULT_OPTIMIZERS)
    page = NetConfig((), runs)
    r = lr_range_test(page, 0, 1e-5, 10.0, 200)
    assert page.optimizers[0].name == "momentum"
    assert r.stopped_early and r.lr[-1] < 10.0                     # it exploded on the way
    assert r.smooth.min() < 0.6 * r.smooth[0]                      # it fell first
    assert r.steepest is not None and r.low < r.steepest < r.high < r.lr[-1] / 5

    def trained(lr):
        run = train(NetConfig(page.params, (OptimizerRun("momentum", (("lr", lr),)),))).runs[0]
        return run.train_loss[0], run.train_loss[-1]
    first, good = trained(r.steepest)
    _, bad = trained(float(r.lr[-1]))
    assert good < 0.2 * first and bad > first                      # learns / blows up


# --- 6. classification and losses -----------------------------------------------------------

def test_zero_one_error_cannot_tell_distributions_apart():
    """The Learned-surfaces page's softmax view at its defaults (z = 2, 1, -1, class 1) and a
    more confident model: both pick the true class (0/1 error 0 for both, and it stays 0 under
    any small change of the logits: no gradient), but their cross-entropies differ, and
    the cross-entropy's gradient p - y is not zero."""
    page = softmax_view(SoftmaxConfig())
    sure = softmax_view(SoftmaxConfig(z1=6.0))

    def error(res):
        return float(int(np.argmax(res.probs)) + 1 != res.config.label)
    assert error(page) == error(sure) == 0.0
    assert not np.allclose(page.probs, sure.probs, atol=0.1)
    assert page.loss > 5 * sure.loss > 0
    for dz in (-0.1, 0.1):                       # a nudge moves the loss, never the error
        moved = softmax_view(SoftmaxConfig(z1=2.0 + dz))
        assert error(moved) == 0.0 and moved.loss != page.loss
    assert np.abs(page.grad).max() > 0.2


# --- 7. normalization ---------------------------------------------------------------------

def test_batch_norm_uses_batch_statistics_in_training_and_moving_averages_at_test():
    """The Deep-networks page's network with batch normalization (its init tab's depth, width
    and data): in training each layer is normalized by the batch's own mean and variance (so
    a point's output depends on the rest of the batch) and the moving averages are updated
    (PyTorch's momentum 0.1); in evaluation the moving averages are used: a point's output
    no longer depends on its batch."""
    page = DeepConfig()
    net = make_net(page.init_depth, page.init_width, page.init_act, page.seed, bn=True,
                   init="he")
    x, _, _, _ = batch_data(page)
    bn = net.norms[0]
    z0 = net.layers[0](x).detach()
    net.train()
    with torch.no_grad():
        whole = net(x)
        torch.testing.assert_close(bn.running_mean, 0.1 * z0.mean(0), rtol=1e-10, atol=1e-14)
        torch.testing.assert_close(bn.running_var, 0.9 + 0.1 * z0.var(0), rtol=1e-10,
                                   atol=1e-14)     # (the unbiased batch variance)
        half = net(x[:50])
    assert not torch.allclose(whole[:50], half, atol=1e-6)          # depends on the batch
    net.eval()
    with torch.no_grad():
        a, b = net(x)[:50], net(x[:50])
        zn = bn(z0)
    torch.testing.assert_close(a, b, rtol=1e-12, atol=1e-14)       # the batch no longer matters
    want = (z0 - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps)
    torch.testing.assert_close(zn, want, rtol=1e-10, atol=1e-12)


# --- 8. regularization and stability ------------------------------------------------------

def test_gradient_shrinks_with_depth_for_sigmoid_not_for_residual():
    """The vanishing-gradients study of the Deep-networks page at depths 2, 4, 8 (the page's
    default) and 12: the first layer's gradient norm at initialization falls by orders of
    magnitude with every added layers for sigmoid, stays within a factor 2 for the residual
    net; ReLU (PyTorch's default init) lies between."""
    depths = (2, 4, 8, 12)
    first = np.array([lab.vanishing(DeepConfig(depth=d, steps=10)).grad_norms[:, 0, 0]
                      for d in depths])          # (depths, kinds: sigmoid, relu, residual)
    sig, relu, res = first.T
    assert lab.VANISHING_KINDS == ("sigmoid", "relu", "residual")
    assert np.all(sig[1:] < sig[:-1] / 10) and sig[-1] < 1e-8 * sig[0]
    assert res.max() < 2 * res.min()
    assert np.all(sig[1:] < relu[1:]) and np.all(relu[1:] < res[1:])
    # sigma'(z) = sigma(z)(1 - sigma(z)) <= 1/4, equal only at z = 0
    z = torch.linspace(-20, 20, 4001, dtype=torch.float64, requires_grad=True)
    (d,) = torch.autograd.grad(torch.sigmoid(z).sum(), z)
    assert float(d.max()) == pytest.approx(0.25, abs=1e-15) and float(d[2000]) == 0.25


def test_xavier_keeps_tanh_activations_in_a_band():
    """The init tab with tanh: Xavier keeps each layer's pre-activation std within a factor
    2 over the 10 layers; PyTorch's default and the too-small init shrink it layer by layer."""
    r = lab.init_stats(DeepConfig(init_act="tanh"))
    std = dict(zip(r.inits, r.std[:, 0]))
    assert std["xavier"].max() / std["xavier"].min() < 2
    assert std["default"][0] / std["default"][-1] > 5
    assert std["small"][0] / std["small"][-1] > 20


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "silu"])
def test_every_activation_of_the_network_page_and_only_relu_has_a_dead_side(act):
    """The Neural-network page's activation menu: each choice builds its torch module into
    the page's network; below zero ReLU's derivative is exactly 0 (a unit negative on all
    the data learns nothing: dead), the others keep a gradient there."""
    from optim_core.config import OptimizerRun
    from optim_core.nets import ACTIVATIONS, NetConfig, build_model
    model = build_model(NetConfig((("activation", act),), (OptimizerRun("adam"),)))
    mods = [m for m in model.modules() if isinstance(m, ACTIVATIONS[act])]
    assert len(mods) == 2                        # the page's default depth: 2 hidden layers
    z = torch.linspace(-5, -0.1, 50, dtype=torch.float64, requires_grad=True)
    (d,) = torch.autograd.grad(mods[0](z).sum(), z)
    if act == "relu":
        assert torch.all(d == 0)
    else:
        assert torch.all(d != 0)
    assert math.isfinite(float(d.sum()))


def test_too_large_an_init_explodes_as_s_to_the_l():
    """The init tab's scale above 1 (its range reaches 3): with ReLU every layer multiplies the
    signal by s, so the std grows as s^l: exploding, the mirror of the shrinking 'too small'."""
    page = DeepConfig()
    r = lab.init_stats(DeepConfig(scale=2.0))
    he, big = r.inits.index("he"), r.inits.index("small")
    layers = np.arange(1, page.init_depth + 1)
    np.testing.assert_allclose(r.std[big, 0] / r.std[he, 0], 2.0 ** layers, rtol=1e-9)
    assert r.std[big, 0, -1] > 100 * r.std[big, 0, 0]


def _learned_tab_config(tab: str):
    """The Learned-surfaces page's tab as it opens, and the configuration it saves in its URL
    (its first surface; the second gets the same optimizer, rate and steps)."""
    import json

    from conftest import app_test

    from app.text import learned
    from app.urlstate import decode
    from optim_core import SimConfig
    at = app_test("learned")
    at.session_state["learned.tab"] = learned.EN[f"tab_{tab}"]
    at.run()
    assert not at.exception and not at.error
    v = at.query_params["cfg"]
    doc = decode(v[0] if isinstance(v, list) else v)
    assert doc["tab"] == tab
    captions = " ".join(c.value for c in at.caption)
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return SimConfig.from_dict(doc[tab]["config"]), captions, charts


def test_scaling_tab_one_rate_fails_raw_features_and_works_standardized():
    """The page's scaling tab at its defaults: the stated condition numbers (raw above a
    million, standardized near 1), and its dilemma: its one default rate is stable on the raw
    surface but crawls there (the flat direction), while a rate at which the standardized
    surface converges makes the raw run diverge."""
    from dataclasses import replace

    from optim_core import OptimizerRun, gd_stability, get_surface
    raw, captions, _ = _learned_tab_config("scaling")
    assert raw.surface == "scaling_raw"
    std = replace(raw, surface="scaling_std", starts=(tuple(SURFACES["scaling_std"].start),))
    stab = {}
    for cfg in (raw, std):
        s = get_surface(cfg.surface)
        stab[cfg.surface] = gd_stability(s, s.start)
        assert f"condition number {stab[cfg.surface].condition:.3g}" in captions
    assert stab["scaling_raw"].condition > 1e6 and stab["scaling_std"].condition < 1.2
    lr = raw.optimizers[0].hp["lr"]
    r_raw = simulate(raw)
    assert lr < stab["scaling_raw"].limit and r_raw.diverged_at[0, 0] < 0       # stable,
    assert r_raw.loss[0, 0, -1] > 0.5 * r_raw.loss[0, 0, 0]                       # crawls
    works = stab["scaling_std"].limit / 2          # half the standardized surface's limit
    r_std = simulate(replace(std, optimizers=(OptimizerRun("sgd", (("lr", works),)),)))
    assert r_std.grad_norm[0, 0, -1] < 1e-6 * r_std.grad_norm[0, 0, 0]        # converges
    r_raw = simulate(replace(raw, optimizers=(OptimizerRun("sgd", (("lr", works),)),)))
    assert r_raw.diverged_at[0, 0] >= 0                                          # diverges


def test_logistic_tab_mse_plateau_and_cross_entropy_slope_on_the_page_defaults():
    """The page's MSE-vs-cross-entropy tab at its defaults (same start, optimizer, rate):
    at the confidently wrong start MSE's gradient is over ten times smaller than
    cross-entropy's; over the last 100 of the page's steps MSE barely moves, far above its
    minimum and far from it, while cross-entropy has arrived (gradient below 1e-3)."""
    from dataclasses import replace
    mse, _, charts = _learned_tab_config("logistic")
    assert mse.surface == "logistic_mse"
    ce = replace(mse, surface="logistic_ce")
    r_mse, r_ce = simulate(mse), simulate(ce)
    assert r_ce.grad_norm[0, 0, 0] > 10 * r_mse.grad_norm[0, 0, 0]
    surface = mse.make_surface()
    best = next(k.point for k in surface.known if k.kind == "minimum")
    floor = simulate(replace(mse, starts=(best,), steps=1)).loss[0, 0, 0]
    tail = r_mse.loss[0, 0, -100:]
    assert tail[-1] > 3 * floor and tail[0] - tail[-1] < 0.05 * (tail[0] - floor)  # stalled high
    assert np.abs(np.asarray(r_mse.path[0, 0, -1]) - best).max() > 1.0
    assert r_ce.grad_norm[0, 0, -1] < 1e-3 and r_ce.loss[0, 0, -1] < 0.5 * r_ce.loss[0, 0, 0]
    grad = next(c for c in charts if "Gradient norm" in c["layout"]["title"]["text"])
    y = grad["data"][0]["y"]                       # the page draws these very runs
    y = np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.dtype(y["dtype"]))
    np.testing.assert_allclose(y, r_mse.grad_norm[0, 0], rtol=1e-6)


def test_dead_relu_units_incoming_weights_stop_changing():
    """The vanishing tab's dead-unit sentence: a ReLU unit inactive on every point of the
    page's data gets a zero gradient for its incoming weights and bias, so the page's SGD
    steps leave them exactly as they were (while it stays dead)."""
    page = DeepConfig()
    net = make_net(page.depth, page.width, "relu", page.seed)
    x, y, _, _ = batch_data(page)
    rec: list = []
    with torch.no_grad():
        net(x, rec)
    dead = [(z > 0).sum(0) == 0 for z in rec]
    assert sum(int(d.sum()) for d in dead) == 57
    before = [(lin.weight.detach().clone(), lin.bias.detach().clone()) for lin in net.layers]
    opt = torch.optim.SGD(net.parameters(), lr=page.lr)
    for _ in range(5):
        opt.zero_grad()
        bce(net(x), y).backward()
        opt.step()
    moved = 0
    for lin, d, (w, b) in zip(net.layers, dead, before):
        assert torch.equal(lin.weight[d], w[d]) and torch.equal(lin.bias[d], b[d])
        moved += int((lin.weight[~d] != w[~d]).any())
    assert moved > 0                              # the live units did learn
