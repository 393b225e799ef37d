"""Curriculum sections 1-4 (error surface and GD, optimizers, critical points, batch size
and momentum): the concepts docs/CONCEPTS.md names a test for and no other test checks,
each run through the configuration of the page (or lesson scene) that shows it, asserting
the fact the page teaches. Newton on a singular Hessian says so (issue 15)."""
from dataclasses import replace

import numpy as np
import pytest
import torch

from app.lesson import scenes as sc
from optim_core import (
    CriticalConfig,
    OptimizerRun,
    SimConfig,
    evaluate_grid,
    find_critical_points,
    get_surface,
    point_info,
    simulate,
)


def _run(name, lr, **hp):
    return OptimizerRun(name, (("lr", lr), *hp.items()))


# --- 1. error surface and gradient descent ---------------------------------------------

def test_the_contour_is_the_loss_over_the_parameters():
    """The Compare page's contour of the error-surface scene (linreg) is L(w, b), the mean
    of (b + w x - y)^2 over the data, at every grid point: the map is the error surface."""
    surface = sc.ERROR_SURFACE.make_surface()
    grid = evaluate_grid(surface, 41)
    data = surface.data
    x, y = data.A.reshape(-1).numpy(), data.t.reshape(-1).numpy()
    W, B = np.meshgrid(grid.x, grid.y)
    want = ((B[..., None] + W[..., None] * x - y) ** 2).mean(-1)
    np.testing.assert_allclose(grid.z, want, rtol=1e-12, atol=1e-12)
    # the lowest cell is next to the least-squares fit
    i, j = np.unravel_index(np.argmin(grid.z), grid.z.shape)
    w_ls, b_ls = np.polyfit(x, y, 1)
    assert abs(grid.x[j] - w_ls) <= grid.x[1] - grid.x[0]
    assert abs(grid.y[i] - b_ls) <= grid.y[1] - grid.y[0]


def test_mae_mse_and_huber_are_averages_of_their_error():
    """The Learned-surfaces page's linreg (y = b + w x) with each loss: L = 1/N sum e_n with
    e = |y - yhat| (MAE), (y - yhat)^2 (MSE), and Huber between them (a small delta: delta
    times MAE; a delta beyond every residual: MSE / 2)."""
    w, b = 1.3, -0.4
    tw, tb = (torch.tensor(v, dtype=torch.float64) for v in (w, b))

    def loss(**p):
        s = get_surface("linreg", p)
        return float(s.f(tw, tb)), s.data.A.numpy(), s.data.t.numpy()
    mae, x, y = loss(loss="mae")
    e = y - (b + w * x)
    assert mae == pytest.approx(np.abs(e).mean(), rel=1e-13)
    assert loss(loss="mse")[0] == pytest.approx((e * e).mean(), rel=1e-13)
    big = float(np.abs(e).max()) * 1.01
    assert loss(loss="huber", delta=big)[0] == pytest.approx((e * e).mean() / 2, rel=1e-13)
    small = 0.01                                             # the smallest delta offered
    a = np.abs(e)
    huber = np.where(a < small, 0.5 * e * e, small * (a - small / 2)).mean()
    assert loss(loss="huber", delta=small)[0] == pytest.approx(huber, rel=1e-13)
    assert huber == pytest.approx(small * a.mean(), rel=0.02)


def test_the_notes_data_sets():
    """The notes' data as the pages build it: quadfit is y = 3x^2 + 2 + 0.2 noise on
    x in [-1, 1] (the feature is x^2); the widths figure trains on two moons, 200 points,
    noise 0.2, all of them (no validation split)."""
    from optim_core.net_views import notes_widths_config
    d = get_surface("quadfit").data
    x2, y = d.A.numpy(), d.t.numpy()
    assert np.all((0 <= x2) & (x2 <= 1)) and x2.max() > 0.9
    resid = y - 3 * x2 - 2
    assert abs(resid.mean()) < 0.1 and 0.12 < resid.std() < 0.28
    cfg = notes_widths_config()
    p = dict(cfg.params)
    assert (p["data"], p["n"], p["noise"], p["val_fraction"]) == ("moons", 200, 0.2, 0.0)
    data = cfg.data()
    assert len(data.y_train) == 200 and len(data.y_val) == 0


# --- 2. optimizers -------------------------------------------------------------------------

def test_sgd_oscillates_across_the_ravine_momentum_goes_along_it():
    """The momentum scene (ravine x^2/20 + 10 (y - 0.4 sin x)^2, SGD at eta = 0.09): the
    cross-ravine coordinate c = y - 0.4 sin x changes sign at every one of the first 15
    steps of SGD, which covers far more ground across the ravine than along it."""
    r = simulate(sc.MOMENTUM)
    names = [o.name for o in sc.MOMENTUM.optimizers]
    sgd = r.path[names.index("sgd"), 0]
    c = sgd[:, 1] - 0.4 * np.sin(sgd[:, 0])
    assert np.all(np.sign(c[1:16]) == -np.sign(c[:15]))
    across, along = np.abs(np.diff(c[:41])).sum(), np.abs(np.diff(sgd[:41, 0])).sum()
    assert across > 5 * along
    mom = r.path[names.index("momentum"), 0]
    assert abs(mom[-1, 0]) < 0.01 * abs(sgd[-1, 0])      # momentum has reached the floor


def test_adagrad_rate_decays_towards_zero_rmsprop_does_not():
    """Compare's effective learning rate (record_rates) with gradient noise: AdaGrad's
    eta / sqrt(sum g^2) only shrinks, about as 1/sqrt(t); RMSProp's forgets and stays."""
    cfg = SimConfig(surface="bowl", starts=((1.0, -1.0),), steps=1000, noise=1.0, seed=2,
                    record_rates=True, optimizers=(_run("adagrad", 0.5), _run("rmsprop", 0.01)))
    r = simulate(cfg)
    ada, rms = r.eff_lr[0, 0], r.eff_lr[1, 0]
    assert np.all(np.diff(ada, axis=0) <= 0)                   # never grows
    assert np.all(ada[-1] < ada[0] / 10)
    ratio = ada[249] / ada[999]                                 # 1/sqrt(t): about 2
    assert np.all((1.7 < ratio) & (ratio < 2.3))
    assert np.all(rms[-100:].min(0) > rms[-100:].max(0) / 10)  # RMSProp: a steady level
    assert np.all(rms[-1] > ada[-1] / 50)


def test_momentum_damps_the_oscillating_component():
    """f = (x^2 + 20 y^2)/2 on Compare, eta = 1.9/20: GD multiplies y by 1 - 20 eta = -0.9
    every step (a slow flip-flop); with momentum 0.5 the flips partly cancel and y shrinks
    by about sqrt(0.5) per step."""
    lr = 1.9 / 20
    cfg = SimConfig(surface="ill_conditioned", surface_params=(("kappa", 20.0),),
                    starts=((-1.8, 0.8),), steps=40,
                    optimizers=(_run("sgd", lr), _run("momentum", lr, momentum=0.5)))
    r = simulate(cfg)
    gd, mom = r.path[0, 0, :, 1], r.path[1, 0, :, 1]
    np.testing.assert_allclose(gd[1:], -0.9 * gd[:-1], rtol=1e-12)
    assert abs(mom[-1]) < abs(gd[-1]) / 100
    assert abs(mom[-1] / mom[0]) ** (1 / 40) < 0.75          # ~0.707 per step, not 0.9


# --- 3. critical points --------------------------------------------------------------------

def test_a_zero_eigenvalue_makes_the_test_inconclusive():
    """The Saddles page's worked example (1 - w1 w2)^2: the critical points along the
    valley w1 w2 = 1 have a zero eigenvalue and are classified degenerate, yet L = 0 there
    (minima); the monkey saddle's origin is degenerate too, and is no minimum."""
    r = find_critical_points(CriticalConfig("lecture_w1w2"))
    valley = [p for p in r.points if p.kind == "degenerate"]
    assert valley
    surface = get_surface("lecture_w1w2")
    for p in valley:
        info = point_info(surface, p.point)
        assert info.kind == "degenerate" and abs(info.value) < 1e-12      # a global minimum
        assert abs(info.eigenvalues).min() < 1e-8 < info.eigenvalues.max()
    monkey = get_surface("monkey_saddle")
    info = point_info(monkey, (0.0, 0.0))
    assert info.kind == "degenerate" and np.allclose(info.eigenvalues, 0.0)
    near = torch.tensor([[0.1, 0.0], [-0.1, 0.0]], dtype=torch.float64)
    vals = monkey.value(near).numpy()
    assert vals.min() < info.value < vals.max()            # lower on one side: not a minimum


def test_momentum_and_noise_escape_the_saddle():
    """The escape scene (x^2 - y^2 from (1.5, 0), eta = 0.05): without noise GD and
    momentum both stall at the saddle; with the scene's noise (a small batch) both leave,
    momentum in fewer steps."""
    cfg = replace(sc.ESCAPE, optimizers=(_run("sgd", 0.05), _run("momentum", 0.05)))
    calm = simulate(replace(cfg, noise=0.0))
    assert np.abs(calm.path[:, 0, -1]).max() < 1e-5
    r = simulate(cfg)
    left = [int(np.argmax(np.abs(r.path[k, 0, :, 1]) > 1.0)) for k in range(2)]
    assert all(s > 0 for s in left)                         # both leave along y
    assert left[1] < left[0]                                 # momentum first
    assert np.all(r.loss[:, 0, max(left)] < -0.5)            # downhill, away from L = 0


# --- 4. batch size -------------------------------------------------------------------------

def test_small_batches_optimize_more_per_epoch_large_ones_take_less_time():
    """The Deep-networks page's batch tab on its defaults: the same epochs, smaller B makes
    more updates and reaches a lower training loss; the full batch takes less time per
    epoch (its 2 updates against 53); the gap column is validation minus training loss."""
    from optim_core import DeepConfig
    from optim_core import deep_lab as lab
    r = lab.batch_sizes(DeepConfig())
    assert list(r.sizes) == sorted(r.sizes)
    assert np.all(np.diff(r.updates) < 0)
    assert np.all(np.diff(r.train_loss[:, -1]) > 0)
    assert r.seconds[-1] < r.seconds[0]
    assert np.all(r.variance[:-1] > r.variance[1:])         # noisier gradient at small B


# --- Newton on a singular Hessian (issue 15) -----------------------------------------------

NEWTON = OptimizerRun("newton")


def test_newton_on_a_singular_hessian_names_the_reason():
    # f = x^2: H = diag(2, 0) has no inverse: the run stops at step 1, the reason says why
    r = simulate(SimConfig(formula="x**2", starts=((1.0, 0.5),), steps=5,
                           optimizers=(NEWTON, _run("sgd", 0.1))))
    assert r.diverged_at[0, 0] == 1 and r.reasons()[0, 0] == "singular_hessian"
    assert r.reasons()[1, 0] == "" and r.singular().tolist() == [[True], [False]]
    np.testing.assert_array_equal(r.path[0, 0, -1], (1.0, 0.5))
    row = next(r.runs())
    assert row["diverged_at"] == 1 and row["stop_reason"] == "singular_hessian"
    # damped Newton with lambda = 2 on x^2 - y^2: H + 2I = diag(4, 0)
    d = simulate(SimConfig(surface="saddle", starts=((1.0, 0.5),), steps=5, optimizers=(
        OptimizerRun("damped_newton", (("damping", 2.0),)),)))
    assert d.singular()[0, 0] and d.diverged_at[0, 0] == 1


def test_a_nearly_singular_hessian_is_named_a_plain_blow_up_is_not():
    """(1 - w1 w2)^2 has a singular Hessian on w1 w2 = 1/3: 1e-9 from it Newton's step flies
    off (condition number ~1e9): singular; a gradient-descent blow-up stays "diverged"."""
    near = simulate(SimConfig(surface="lecture_w1w2", starts=((1 / 3 + 1e-9, 1.0),), steps=3,
                              optimizers=(NEWTON,)))
    assert near.diverged_at[0, 0] == 1 and near.singular()[0, 0]
    fine = simulate(SimConfig(surface="lecture_w1w2", starts=((0.4, 1.0),), steps=3,
                              optimizers=(NEWTON,)))
    assert fine.diverged_at[0, 0] == -1 and fine.reasons()[0, 0] == ""
    blow = simulate(SimConfig(surface="bowl", starts=((1.0, 1.0),), steps=200,
                              optimizers=(_run("sgd", 1.5),)))
    assert blow.diverged_at[0, 0] > 0 and blow.reasons()[0, 0] == "diverged"


def test_newton_at_a_critical_point_of_a_degenerate_valley_stays():
    """On the valley w1 w2 = 1 the gradient is exactly 0 and H singular: no step to take,
    the run stays (it used to be marked diverged)."""
    r = simulate(SimConfig(surface="lecture_w1w2", starts=((1.0, 1.0), (2.0, 0.5)), steps=4,
                           optimizers=(NEWTON,)))
    assert (r.diverged_at == -1).all()
    np.testing.assert_array_equal(r.path[0, :, -1], [(1.0, 1.0), (2.0, 0.5)])


@pytest.mark.parametrize("lang,words", [("en", ("singular", "Hessian", "step 1")),
                                        ("zh", ("奇异", "海森矩阵", "第 1 步"))])
def test_compare_page_says_singular_hessian(lang, words):
    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest

    from app.urlstate import encode
    cfg = SimConfig(formula="x**2", starts=((1.0, 0.5),), steps=5, optimizers=(NEWTON,))
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.query_params["cfg"] = encode(cfg.to_dict())
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/compare.py").run()
    assert not at.exception and not at.error
    shown = " ".join(e.value for kind in ("warning", "info", "markdown", "caption")
                     for e in getattr(at, kind))
    line = next((s for s in shown.split("\n") if words[0] in s), shown)
    assert all(w in line for w in words), line
    assert "∞" in shown                                      # its condition number
    cells = [str(v) for df in at.dataframe for v in df.value.to_numpy().ravel()]
    want = "1 (singular Hessian)" if lang == "en" else "1（海森矩阵奇异）"
    assert want in cells


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_singular_hessian_message_in_the_browser(app_url, browser, lang):
    """Newton on x^2 in headless Chromium: the page names the singular Hessian (no
    exception); screenshots in tests/artifacts/."""
    from conftest import assert_no_exception, screenshot, wait_for_app

    from app.urlstate import encode
    cfg = SimConfig(formula="x**2", starts=((1.0, 0.5),), steps=5,
                    optimizers=(NEWTON, _run("sgd", 0.1)))
    ctx = browser.new_context(viewport={"width": 1440, "height": 1500}, locale="en-US")
    page = ctx.new_page()
    try:
        page.goto(f"{app_url}/compare?lang={lang}&cfg={encode(cfg.to_dict())}")
        wait_for_app(page, "h1")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        page.wait_for_timeout(1500)
        assert_no_exception(page)
        want = "the Hessian is singular" if lang == "en" else "海森矩阵在 (1, 0.5) 处奇异"
        assert page.get_by_text(want, exact=False).count() >= 1
        screenshot(page, f"singular_hessian_{lang}")
    finally:
        ctx.close()
