"""Every checkable claim a lesson scene makes, checked by running the scene's own
configuration through the core (the numbers quoted in app/text/lesson.py)."""
from dataclasses import replace

import numpy as np
import pytest

from app.lesson import scenes as sc
from optim_core import (
    OPTIMIZERS,
    OptimizerRun,
    find_critical_points,
    get_surface,
    point_info,
    simulate,
)
from optim_core.basins import basin_map
from optim_core.grid import evaluate_grid
from optim_core.net_analysis import landscape_view
from optim_core.nets import train
from optim_core.tune import tune


def with_lr(config, lr, name="sgd"):
    return replace(config, optimizers=(OptimizerRun(name, (("lr", lr),)),))


def test_error_surface_gd_reaches_the_lowest_valley():
    r = simulate(sc.ERROR_SURFACE)
    loss = r.loss[0, 0]
    floor = evaluate_grid(sc.ERROR_SURFACE.make_surface(), 200).z.min()
    assert loss[0] > 10 * floor
    assert loss[-1] <= floor * 1.01 and np.all(np.diff(loss) <= 1e-12)


def test_gd_eta_small_glides_09_oscillates_105_diverges():
    x = {lr: simulate(with_lr(sc.GD_ETA, lr)).path[0, 0, :, 0] for lr in
         (sc.ETA_SMALL, sc.ETA_OSC, sc.ETA_BIG)}
    for lr, xs in x.items():      # one step multiplies x by 1 - 2 eta
        np.testing.assert_allclose(xs[1:6], (1 - 2 * lr) * xs[:5], rtol=1e-12)
    small, osc, big = x[sc.ETA_SMALL], x[sc.ETA_OSC], x[sc.ETA_BIG]
    assert np.all(small < 0) and abs(small[-1]) < 1e-3                  # glides in
    assert np.all(np.sign(osc[1:]) == -np.sign(osc[:-1])) and abs(osc[-1]) < 1e-3
    assert np.all(np.abs(big[1:]) > np.abs(big[:-1])) and abs(big[-1]) > 10 * abs(big[0])


def test_batch_counts_and_noise():
    full, mini, one = sc.BATCH
    assert full.make_surface().data.n == 60
    assert mini.batches_per_epoch == 8 and one.batches_per_epoch == 60
    sizes = [len(b) for b in list(mini.batches())[:8]]
    assert sizes.count(8) == 7 and sizes.count(4) == 1
    assert (full.steps, mini.steps, one.steps) == (20, 160, 1200)
    res = [simulate(c).loss[0, 0] for c in sc.BATCH]
    assert np.all(np.diff(res[0]) <= 1e-12)              # the full batch: smooth descent
    for loss in res[1:]:                                 # mini-batches: noisy, still learning
        assert np.any(np.diff(loss) > 0) and loss[-1] < 0.1 * loss[0]


def test_critical_points_of_himmelblau():
    counts = find_critical_points(sc.CRITICAL).counts()
    assert (counts["minimum"], counts["maximum"], counts["saddle"]) == (4, 1, 4)


def test_hessian_worked_example():
    info = point_info(get_surface(sc.HESSIAN.surface, {}), (0.0, 0.0))
    np.testing.assert_allclose(info.hessian, [[0, -2], [-2, 0]], atol=1e-12)
    np.testing.assert_allclose(info.eigenvalues, [-2, 2], atol=1e-12)
    assert info.kind == "saddle"


def test_escape_noise_leaves_the_saddle_plain_gd_stalls():
    still = simulate(replace(sc.ESCAPE, noise=0.0)).path[0, 0, -1]
    assert np.abs(still).max() < 1e-6
    noisy = simulate(sc.ESCAPE)
    end = noisy.path[0, 0, -1]
    assert abs(end[1]) > 1.0 and noisy.loss[0, 0, -1] < -1.0    # away along y, downhill
    info = point_info(sc.ESCAPE.make_surface(), (0.0, 0.0))
    u = info.eigenvectors[0]                                    # lambda < 0: the way out
    assert info.eigenvalues[0] < 0 and abs(u[1]) == pytest.approx(1.0)
    assert u @ info.hessian @ u == pytest.approx(info.eigenvalues[0])


def test_momentum_beats_sgd_in_the_ravine():
    sgd, mom = simulate(sc.MOMENTUM).loss[:, 0, -1]
    assert mom < sgd / 1000


def test_adaptive_rates_differ_per_parameter():
    r = simulate(sc.ADAPTIVE)
    names = [o.name for o in sc.ADAPTIVE.optimizers]
    sgd, adam = r.eff_lr[names.index("sgd"), 0, -1], r.eff_lr[names.index("adam"), 0, -1]
    assert sgd[0] == sgd[1] == pytest.approx(0.03)
    assert adam[0] > 10 * adam[1]                      # flat x gets the larger rate


def test_schedule_warms_up_then_decays():
    lr = simulate(sc.SCHEDULE).lr[0]
    warm = dict(sc.SCHEDULE.optimizers[0].schedule_params)["total_iters"]
    assert warm == 30
    assert np.all(np.diff(lr[:warm + 1]) > 0) and np.all(np.diff(lr[warm:]) <= 1e-15)
    assert int(lr.argmax()) == warm and lr[-1] < lr.max() / 10


def test_mse_plateau_vs_cross_entropy_slope():
    assert sc.MSE.starts == sc.CE.starts
    mse, ce = simulate(sc.MSE), simulate(sc.CE)
    assert mse.grad_norm[0, 0, 0] == pytest.approx(0.05, abs=0.005)
    assert ce.grad_norm[0, 0, 0] == pytest.approx(1.05, abs=0.01)
    assert mse.loss[0, 0, -1] == pytest.approx(0.49, abs=0.01)          # still on the plateau
    assert ce.loss[0, 0, 50] == pytest.approx(ce.loss[0, 0, -1], rel=0.01)   # arrived by 50


def test_feature_scaling_rounds_the_surface():
    def curvature(c):
        s = c.make_surface()
        return point_info(s, s.start).eigenvalues
    data = sc.SCALING_RAW.make_surface().data
    assert 1 <= data.A.min() and data.A.max() <= 10                 # one feature in 1-10,
    assert 1000 <= data.B.min() and data.B.max() <= 10000           # the other in 1000-10000
    raw, std = curvature(sc.SCALING_RAW), curvature(sc.SCALING_STD)
    assert raw[1] / raw[0] > 1e6 and std[1] / std[0] < 1.2       # long thin valley vs round
    assert sc.SCALING_RAW.optimizers[0].hp["lr"] < 2 / raw[1] < 1e-7   # only a tiny eta
    assert sc.SCALING_STD.optimizers[0].hp["lr"] < 2 / std[1]
    raw_loss, std_loss = (simulate(c).loss[0, 0] for c in (sc.SCALING_RAW, sc.SCALING_STD))
    assert raw_loss[-1] > 0.5 * raw_loss[0] and std_loss[-1] < 0.01 * std_loss[0]
    assert simulate(with_lr(sc.SCALING_RAW, 2.2 / raw[1])).loss[0, 0, -1] > raw_loss[0]


def test_newton_jumps_onto_the_saddle():
    scene = sc.newton_scene()
    surface = get_surface("saddle", {})
    info = point_info(surface, sc.NEWTON_START)
    step = np.asarray(sc.NEWTON_START) - np.linalg.solve(info.hessian, info.gradient)
    np.testing.assert_allclose(step, [0.0, 0.0], atol=1e-12)          # one Newton step
    assert point_info(surface, (0.0, 0.0)).kind == "saddle"
    gd = simulate(with_lr(replace(sc.GD_ETA, surface="saddle", starts=(sc.NEWTON_START,)), 0.05))
    assert abs(gd.path[0, 0, -1, 1]) > 1.0                            # GD slides away
    if "newton" in OPTIMIZERS:
        assert scene.page == "compare"
        r = simulate(scene.config)
        np.testing.assert_allclose(r.path[0, 0, -1], [0.0, 0.0], atol=1e-8)
    else:
        assert scene.page == "critical" and scene.point == (0.0, 0.0)


def test_network_paths_lie_in_the_pca_plane():
    result = train(sc.NETWORK)
    for run in result.runs:
        assert run.train_loss[-1] < 0.5 * run.train_loss[0]
    p1, p2 = landscape_view(result, "pca", None, 11, 0, 0).explained
    assert p1 + p2 > 0.8


def test_basins_momentum_rolls_into_other_minima():
    b = basin_map(sc.BASINS)
    names = [o.name for o in sc.BASINS.optimizers]
    sgd, mom = b.labels[names.index("sgd")], b.labels[names.index("momentum")]
    assert (sgd != mom).mean() > 0.1
    minima = [i for i, k in enumerate(b.kinds) if k == "minimum"]
    assert b.shares()[:, minima].sum(axis=1).min() > 0.95


def test_fair_race_best_rates_far_apart():
    r = tune(sc.RACE)
    best = {e.run.name: float(e.lrs[e.best]) for e in r.entries}
    assert not any(e.at_edge for e in r.entries)
    assert 0.005 < best["sgd"] < 0.02 and 0.005 < best["momentum"] < 0.02 and best["adam"] > 1
    assert best["adam"] > 100 * best["sgd"]
    assert r.race.loss[:, :, -1].max() < sc.RACE.target


def _scene(key):
    return next(s for s in sc.scenes() if s.key == key)


def test_vanishing_sigmoid_first_layer_six_orders_below_residual():
    """The vanishing scene's numbers, from the Deep-networks page's own study of its tab."""
    from optim_core import run_tab
    scene = _scene("vanishing")
    assert (scene.page, scene.tab, scene.config) == ("deep", "vanishing", sc.DEEP)
    assert (sc.DEEP.depth, sc.DEEP.width, sc.DEEP.steps, sc.DEEP.data) == (8, 16, 100, "moons")
    r = run_tab(scene.config, scene.tab)
    first = dict(zip(r.kinds, r.grad_norms[:, 0, 0]))
    assert f"{first['sigmoid']:.0e}" == "3e-08" and f"{first['relu']:.0e}" == "7e-05"
    assert f"{first['residual']:.0e}" == "7e-02"
    assert 6 <= np.log10(first["residual"] / first["sigmoid"]) < 7      # six orders
    loss = dict(zip(r.kinds, r.loss[:, -1]))
    assert abs(loss["sigmoid"] - np.log(2)) < 5e-4 and abs(loss["relu"] - np.log(2)) < 5e-4
    assert f"{loss['residual']:.2f}" == "0.58"
    assert int(r.dead_init.sum()) == 57 and sc.DEEP.width * sc.DEEP.depth == 128


def test_bias_deeper_net_higher_training_loss_yet_its_copy_of_the_shallower_fits():
    from optim_core import run_tab
    scene = _scene("bias")
    assert (scene.page, scene.tab) == ("deep", "bias")
    assert (sc.DEEP.shallow, sc.DEEP.deep, sc.DEEP.bias_steps) == (2, 20, 300)
    r = run_tab(scene.config, scene.tab)
    shallow, deep = r.loss[:, -1]
    assert f"{deep:.3f}" == "0.693" and f"{shallow:.3f}" == "0.245"
    assert f"{r.accuracy[1]:.0%}" == "50%" and f"{r.accuracy[0]:.0%}" == "89%"
    assert abs(r.copy_loss - shallow) < 1e-12 and f"{r.copy_loss:.3f}" == "0.245"
    assert deep > shallow            # the notes' rule: higher training loss -> optimization


def test_softmax_numbers_p_minus_y_and_the_zero_one_error():
    """The softmax scene: the Learned-surfaces page's view at its defaults, p, L and p - y as
    quoted; z1 = 6 keeps the prediction (0/1 error 0 both times) with p1 = 0.99, L = 0.008."""
    from optim_core import SoftmaxConfig, softmax_view
    scene = _scene("softmax")
    assert (scene.page, scene.tab, scene.config) == ("learned_softmax", "softmax",
                                                      SoftmaxConfig())
    assert scene.config.logits == (2.0, 1.0, -1.0) and scene.config.label == 1
    r = softmax_view(scene.config)
    assert [f"{p:.2f}" for p in r.probs] == ["0.71", "0.26", "0.04"]
    assert f"{r.loss:.2f}" == "0.35"
    assert [f"{g:.2f}" for g in r.grad] == ["-0.29", "0.26", "0.04"]
    np.testing.assert_allclose(r.grad, np.array(r.probs) - np.array(r.target), atol=1e-15)
    sure = softmax_view(SoftmaxConfig(z1=6.0))
    assert f"{sure.probs[0]:.2f}" == "0.99" and f"{sure.loss:.3f}" == "0.008"
    for res in (r, sure):                              # class 1 picked: 0/1 error 0
        assert int(np.argmax(res.probs)) + 1 == res.config.label
    two = softmax_view(SoftmaxConfig(classes=2))
    assert two.probs[0] == pytest.approx(1 / (1 + np.exp(-(2.0 - 1.0))), abs=1e-15)


def test_stuck_loss_stalls_while_the_gradient_stays_large():
    """The stuck scene: the Learning-rate page's stuck tab as it opens (SGD on the ravine at
    0.099 and at half of it), the numbers quoted; a too small rate never arrives."""
    from app.schedules.form import STUCK_LR, stuck, stuck_summary
    scene = _scene("stuck")
    assert (scene.page, scene.tab, scene.config) == ("schedules_stuck", "stuck", stuck(STUCK_LR))
    assert dict(scene.section) == {"lr": STUCK_LR} == {"lr": 0.099}
    r = simulate(scene.config)
    s = stuck_summary(r)
    assert f"{r.loss[0, 0, 0]:.1f}" == "13.7" and f"{s['loss']:.1f}" == "6.7"
    assert s["change"] == "< 0.01%" and s["g"] > 15 and s["cycle"] < 1e-9   # two points
    assert f"{s['limit']:.1f}" == "20.2" and abs(s["lam"] - s["limit"]) < 0.01
    assert f"{s['lam_min']:.1f}" == "23.2" and f"{s['lim_min']:.3f}" == "0.086"
    calm_loss, calm_g = r.loss[1, 0, -1], r.grad_norm[1, 0, -1]
    assert f"{calm_loss:.2f}" == "0.07" and f"{calm_g:.2f}" == "0.12"
    tiny = simulate(stuck(0.005))                  # too small: far from the minimum still
    assert tiny.loss[0, 0, -1] > 10 * calm_loss and tiny.diverged_at[0, 0] < 0
