"""Neural-network page: dropout, weight decay and L1, Muon + AdamW, Adafactor's factored
second moment and the notes' widths figure, each checked on the configuration it shows."""
import numpy as np
import pytest
import torch

from optim_core.config import OptimizerRun
from optim_core.data_surfaces import batch_schedule
from optim_core.net_optimizers import NetRun
from optim_core.net_views import (
    NOTES_WIDTHS,
    adafactor_moments,
    linear_weights,
    muon_singular_values,
    near_zero_share,
    notes_widths_config,
    unregularized,
    widths_sweep,
)
from optim_core.nets import NetConfig, build_model, evaluate, loss_fn, penalty, train

# the page's default optimizers and rates (app/network/tabs.py)
PAGE_RUNS = (OptimizerRun("momentum", (("lr", 0.05),)), OptimizerRun("rmsprop"),
             OptimizerRun("adam"))


def _cfg(runs=PAGE_RUNS, **net):
    return NetConfig(tuple(net.items()), runs)


def test_dropout_is_active_in_training_only():
    config = _cfg(dropout=0.5, epochs=2)
    model = build_model(config)
    x = torch.tensor(config.data().x_train, dtype=torch.float64)
    y = torch.tensor(config.data().y_train)
    assert evaluate(model, x, y) == evaluate(model, x, y)          # eval: every unit
    model.train()
    with torch.no_grad():
        assert not torch.equal(model(x), model(x))                  # train: random masks
    # the trained run is reproducible (masks seeded) and the global generator untouched
    state = torch.get_rng_state()
    a, b = train(config), train(config)
    assert torch.equal(state, torch.get_rng_state())
    np.testing.assert_array_equal(a.runs[0].train_loss, b.runs[0].train_loss)


def test_weight_decay_and_l1_terms_and_gradients_equal_the_formula():
    model = build_model(_cfg(depth=3, width=5))
    W = [m.weight for m in model.modules() if isinstance(m, torch.nn.Linear)]
    lam, lam1 = 0.03, 0.007
    term = penalty(model, lam, lam1)
    want = sum(lam / 2 * float((w.detach() ** 2).sum()) + lam1 * float(w.detach().abs().sum())
               for w in W)
    assert float(term.detach()) == pytest.approx(want, rel=1e-12)
    term.backward()
    for w in W:
        torch.testing.assert_close(w.grad, lam * w.detach() + lam1 * torch.sign(w.detach()),
                                   rtol=1e-12, atol=1e-14)
    for name, p in model.named_parameters():
        if name.endswith("bias"):
            assert p.grad is None                                   # biases not penalized
    assert penalty(model, 0.0, 0.0) == 0.0


def test_l1_gives_more_near_zero_weights_and_l2_shrinks_them_on_the_page_config():
    l1 = train(_cfg(l1=0.003))
    l2 = train(_cfg(weight_decay=0.01))
    plain = train(unregularized(_cfg(l1=0.003)))
    for a, b, c in zip(l1.runs, l2.runs, plain.runs):
        wa, wb, wc = (linear_weights(r.model) for r in (a, b, c))
        assert near_zero_share(wa) > near_zero_share(wc) + 0.1, a.name
        assert np.linalg.norm(wb) < np.linalg.norm(wc), a.name


def test_muon_is_muon_on_hidden_matrices_and_adamw_on_the_rest_exactly():
    hp = {"lr": 0.03, "adamw_lr": 0.02, "momentum": 0.9, "ns_steps": 5, "weight_decay": 0.01}
    config = _cfg((NetRun("muon", tuple(hp.items())),), depth=3, width=6, epochs=4,
                  batch_size=25, dropout=0.1, l1=0.001)
    res = train(config).runs[0]
    model = build_model(config)
    hidden = [model.layers[1][0].weight, model.layers[2][0].weight]
    rest = [model.layers[0][0].weight, model.layers[0][0].bias, model.layers[1][0].bias,
            model.layers[2][0].bias, model.out.weight, model.out.bias]
    assert len(hidden) + len(rest) == len(list(model.parameters()))
    muon = torch.optim.Muon(hidden, lr=0.03, momentum=0.9, ns_steps=5, weight_decay=0.01)
    adamw = torch.optim.AdamW(rest, lr=0.02, weight_decay=0.01)
    d = config.data()
    xt, yt = torch.tensor(d.x_train, dtype=torch.float64), torch.tensor(d.y_train)
    per = config.iterations_per_epoch
    order = batch_schedule(len(yt), config.batch, True, False, config.hp["seed"], 4 * per)
    losses = [evaluate(model, xt, yt)[0]]
    torch.manual_seed(config.hp["init_seed"])
    for e in range(4):
        model.train()
        for i in range(e * per, (e + 1) * per):
            muon.zero_grad()
            adamw.zero_grad()
            idx = order[i]
            (loss_fn(model(xt[idx]), yt[idx]) + penalty(model, 0.0, 0.001)).backward()
            muon.step()
            adamw.step()
        losses.append(evaluate(model, xt, yt)[0])
    np.testing.assert_allclose(res.train_loss, losses, rtol=0, atol=1e-10)
    assert losses[-1] < losses[0]


def test_muon_refusals_name_the_reason():
    with pytest.raises(ValueError, match="at least 2 hidden layers"):
        NetConfig.from_dict({"net": {"depth": 1}, "optimizers": ["muon"]})
    with pytest.raises(ValueError, match="constant"):
        NetConfig.from_dict({"optimizers": [{"name": "muon", "schedule": {"name": "step"}}]})
    with pytest.raises(ValueError, match="lr"):
        NetConfig.from_dict({"optimizers": [{"name": "muon", "params": {"lr": -1}}]})
    d = {"net": {"depth": 2}, "optimizers": [{"name": "muon", "params": {"lr": 0.01}}, "adam"]}
    c = NetConfig.from_dict(d)
    assert NetConfig.from_dict(c.to_dict()) == c


def test_newton_schulz_brings_the_update_singular_values_near_one():
    g, u = muon_singular_values(_cfg())
    kept = g / g[0] > 1e-3                  # the gradient's directions above its noise floor
    assert kept.sum() >= 4
    assert g[0] / g[kept][-1] > 100         # the gradient: orders of magnitude apart
    assert np.all((u[kept] > 0.5) & (u[kept] < 1.3))   # the update: all about 1
    assert muon_singular_values(_cfg(depth=1)) is None


def test_adafactor_keeps_row_and_column_sums_standing_for_the_full_second_moment():
    config = _cfg()
    m = adafactor_moments(config, steps=10)
    w = config.hp["width"]
    assert m["row"].shape == (w,) and m["col"].shape == (w,) and m["full"].shape == (w, w)
    # torch's accumulators are the running averages of the full V's row and column means
    np.testing.assert_allclose(m["row"], m["full"].mean(1), rtol=1e-10, atol=1e-16)
    np.testing.assert_allclose(m["col"], m["full"].mean(0), rtol=1e-10, atol=1e-16)
    assert np.linalg.matrix_rank(m["factored"], tol=1e-12 * m["factored"].max()) == 1
    assert np.linalg.matrix_rank(m["full"], tol=1e-6 * m["full"].max()) > 1


def test_width_one_and_no_validation_split_are_allowed():
    config = notes_widths_config(epochs=3)
    assert config.hp["width"] == 1 and len(config.data().y_val) == 0
    run = train(config).runs[0]
    assert np.isnan(run.val_loss).all() and np.isfinite(run.train_loss).all()


def test_notes_widths_figure_widths_one_and_two_underfit_three_on_fit():
    runs = widths_sweep(notes_widths_config())
    assert [r.width for r in runs] == list(NOTES_WIDTHS)
    small, large = runs[:2], runs[2:]
    assert min(r.train_loss for r in small) > max(r.train_loss for r in large)
    assert max(r.train_acc for r in small) < 0.9
    assert min(r.train_acc for r in large) >= 0.97
    assert all(r.p.shape == (len(r.ys), len(r.xs)) for r in runs)


def test_range_test_with_dropout_is_reproducible_and_leaves_the_generator():
    from optim_core.lr_finder import lr_range_test
    config = _cfg(dropout=0.3, weight_decay=0.01)
    state = torch.get_rng_state()
    a, b = (lr_range_test(config, 2, 1e-4, 1.0, 40) for _ in range(2))
    assert torch.equal(state, torch.get_rng_state())
    np.testing.assert_array_equal(a.loss, b.loss)
