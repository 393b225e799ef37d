"""Sentences the pages say, each checked against the core (the claim, not just the text)."""
import numpy as np
import torch

from app.text import t
from optim_core import OPTIMIZERS, OptimizerRun, SimConfig, simulate


def test_home_names_the_entries_not_in_torch_optim():
    from conftest import app_test
    lecture = {k for k, o in OPTIMIZERS.items() if not o.in_torch}
    for k, o in OPTIMIZERS.items():        # the flag says what the classes are
        in_torch = getattr(torch.optim, o.ref.__name__, None) is o.ref
        assert in_torch == o.in_torch, k
    at = app_test()
    intro = at.markdown[0].value
    assert "exactly as PyTorch" in intro
    assert all(OPTIMIZERS[k].name in intro for k in lecture) and f"{len(lecture)} entries" in intro


def test_no_page_says_every_optimizer_is_torch_optim():
    from app.text import compare, home
    for text in (compare.EN["intro"], home.EN["intro"]):
        assert "lecture" in text and "Every optimizer here runs exactly" not in text
        assert "Every path is exactly" not in text


def test_nesterov_note_look_ahead_with_the_momentum_factor_is_torch():
    """The lecture's NAG, gradient at w - alpha*lambda*m, visits the same look-ahead points
    as torch's SGD(nesterov=True); without the factor lambda it does not."""
    note = OPTIMIZERS["nesterov"].lecture_note
    assert r"\alpha\lambda m_{t-1}" in note
    lr, lam, steps = 0.01, 0.9, 60
    cfg = SimConfig(surface="booth", steps=steps, starts=((-8.0, -6.0),), optimizers=(
        OptimizerRun("nesterov", (("lr", lr), ("momentum", lam))),))
    torch_path = simulate(cfg).path[0, 0]
    surface = cfg.make_surface()

    def lecture(factor):
        w = torch.tensor([-8.0, -6.0], dtype=torch.float64)
        m = torch.zeros(2, dtype=torch.float64)
        looks = []
        for _ in range(steps):
            ahead = (w - lr * factor * m).requires_grad_(True)
            looks.append(ahead.detach().numpy().copy())
            g, = torch.autograd.grad(surface.f(ahead[0], ahead[1]), ahead)
            m = lam * m + g
            w = w - lr * m
        return np.array(looks)
    assert np.isfinite(torch_path).all()
    np.testing.assert_allclose(lecture(lam), torch_path[:steps], rtol=0, atol=1e-10)
    assert np.abs(lecture(1.0) - torch_path[:steps]).max() > 1e-3


def test_an_epoch_with_drop_last_skips_the_remainder():
    from optim_core.data_surfaces import batch_schedule
    text = t("learned.epochs_help")
    assert "drop_last" in text and "every training point seen once =" not in text
    n, b = 10, 3
    kept = batch_schedule(n, b, True, True, 0, 3)          # one epoch with drop_last
    seen = torch.cat(kept).tolist()
    assert len(kept) == n // b and len(set(seen)) == n - n % b
    full = batch_schedule(n, b, True, False, 0, 4)
    assert len(full) == -(-n // b) and sorted(torch.cat(full).tolist()) == list(range(n))


def test_adagrad_rates_torch_only_shrinks_the_lecture_form_can_grow():
    for where in (t("compare.rates_help"), t("schedules.adaptive_intro")):
        assert "root *mean* square" in where
    cfg = SimConfig(surface="bowl", steps=200, starts=((-1.5, 1.2),), optimizers=(
        OptimizerRun("adagrad", (("lr", 0.1),)), OptimizerRun("adagrad_lecture", (("lr", 0.1),))))
    eff = simulate(cfg).eff_lr[:, 0]                       # (2, T, 2)
    assert np.all(np.diff(eff[0], axis=0) <= 1e-15)        # torch: never grows
    assert np.any(np.diff(eff[1], axis=0) > 1e-6)          # lecture: grows as g shrinks


def test_network_verdict_needs_a_small_gradient_to_say_saddle():
    from app.network.tabs import verdict
    assert verdict(-0.06, 5.0, 0.2, True) == "descending"      # negative curvature, slope
    assert verdict(-0.06, 5.0, 1e-4, True) == "saddle"         # ... at a critical point
    assert verdict(1e-5, 5.0, 1e-4, True) == "flat"
    assert verdict(0.5, 5.0, 1e-4, True) == "min"
    assert verdict(-0.06, 5.0, 1e-4, False) == "unknown"
    text = t("network.verdict_descending", lmin=-0.06, g=0.2, tol=5e-3)
    assert "not a critical point" in text and "‖∇L‖ = 0.2" in text


def test_final_gradient_norm_is_the_training_loss_gradient():
    from optim_core.net_analysis import final_gradient_norm
    from optim_core.nets import NetConfig, loss_fn, train
    cfg = NetConfig(params=(("n", 80), ("epochs", 3), ("width", 4)),
                    optimizers=(OptimizerRun("sgd", (("lr", 0.1),)),))
    res = train(cfg)
    g = final_gradient_norm(res, 0)
    model = res.runs[0].model
    d = cfg.data()
    x = torch.tensor(d.x_train, dtype=torch.float64)
    y = torch.tensor(d.y_train)
    model.eval()
    grads = torch.autograd.grad(loss_fn(model(x), y), list(model.parameters()))
    direct = float(torch.sqrt(sum((gi ** 2).sum() for gi in grads)))
    assert g > 0 and abs(g - direct) <= 1e-10 * max(1.0, direct)
