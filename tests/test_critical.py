"""Critical points: derivatives against autograd, the second-order test, the finder
against published critical points, the escape lab and the command line."""
import json

import numpy as np
import pytest
import torch

from optim_core import (
    SURFACES,
    CriticalConfig,
    EscapeConfig,
    escape_lab,
    find_critical_points,
    get_surface,
    point_info,
    taylor_window,
)
from optim_core.critical import classify, derivatives


def found(key, **kw):
    return find_critical_points(CriticalConfig(key, **kw))


def match(points, xy, tol=1e-4):
    """The found point within ``tol`` of ``xy`` (exactly one)."""
    hits = [p for p in points if np.linalg.norm(p.point - np.asarray(xy)) < tol]
    assert len(hits) == 1, f"expected one critical point near {xy}, found {len(hits)}"
    return hits[0]


@pytest.mark.parametrize("key", list(SURFACES))
def test_derivatives_match_autograd(key):
    """torch.func gradient and Hessian equal plain autograd (double backward)."""
    s = get_surface(key)
    xmin, xmax, ymin, ymax = s.bounds
    rng = np.random.default_rng(1)
    pts = np.stack([rng.uniform(xmin, xmax, 5), rng.uniform(ymin, ymax, 5)], -1)
    f, g, H = derivatives(s, pts)
    for i, p in enumerate(pts):
        q = torch.tensor(p, requires_grad=True)
        Ha = torch.autograd.functional.hessian(lambda z: s.value(z), q)
        (ga,) = torch.autograd.grad(s.value(q), q)
        np.testing.assert_allclose(g[i], ga.numpy(), rtol=1e-10, atol=1e-10)
        np.testing.assert_allclose(H[i], Ha.numpy(), rtol=1e-10, atol=1e-9)
        assert f[i] == pytest.approx(float(s.value(q.detach())), rel=1e-14)


def test_classify_rules():
    assert classify([1.0, 2.0]) == "minimum"
    assert classify([-1.0, -2.0]) == "maximum"
    assert classify([-1.0, 2.0]) == "saddle"
    assert classify([0.0, 2.0]) == "degenerate"
    assert classify([1e-9, 2.0], rel_tol=1e-6) == "degenerate"     # within tau of zero
    assert classify([0.0, 0.0]) == "degenerate"
    assert classify([1e-12, 1e-12], scale=1.0) == "degenerate"    # tiny against the surface


def test_lecture_example_origin():
    """L = (1 - w1 w2)^2: H(0, 0) = [[0, -2], [-2, 0]], eigenvalues -2 and 2, a saddle whose
    negative eigenvalue has eigenvector (1, 1)/sqrt(2)."""
    info = point_info(get_surface("lecture_w1w2"), (0.0, 0.0))
    np.testing.assert_allclose(info.hessian, [[0, -2], [-2, 0]], atol=1e-14)
    np.testing.assert_allclose(info.eigenvalues, [-2, 2], atol=1e-14)
    np.testing.assert_allclose(info.eigenvectors[0], np.array([1, 1]) / np.sqrt(2), atol=1e-14)
    assert info.kind == "saddle" and info.value == 1.0


def test_lecture_valley_is_one_degenerate_family_per_branch():
    r = found("lecture_w1w2")
    kinds = [p.kind for p in r.points]
    assert kinds.count("saddle") == 1 and match(r.points, (0, 0)).kind == "saddle"
    fams = [p for p in r.points if p.family is not None]
    assert len(r.points) <= 4, "the valley must not flood the list"
    assert len(fams) == 2 and all(p.kind == "degenerate" for p in fams)
    for p in fams:   # every member lies on w1 w2 = 1, both branches are covered
        np.testing.assert_allclose(p.family[:, 0] * p.family[:, 1], 1.0, atol=1e-8)
        assert len(p.family) > 20
    assert sorted(np.sign(p.point[0]) for p in fams) == [-1, 1]


def test_himmelblau_four_minima_one_maximum_four_saddles():
    r = found("himmelblau")
    assert r.counts() == {"minimum": 4, "maximum": 1, "saddle": 4, "degenerate": 0}
    for k in SURFACES["himmelblau"].known:   # published coordinates (6 decimals)
        p = match(r.points, k.point, 1e-5)
        assert p.kind == k.kind
        assert np.linalg.norm(p.gradient) < 1e-9


def test_beale_minimum_and_saddle():
    r = found("beale")
    assert match(r.points, (3.0, 0.5), 1e-8).kind == "minimum"
    s = match(r.points, (0.0, 1.0), 1e-8)
    assert s.kind == "saddle"
    np.testing.assert_allclose(s.eigenvalues, [-27.75, 27.75], rtol=1e-12)


def test_six_hump_camel_global_minima_and_origin_saddle():
    r = found("six_hump_camel")
    for sign in (1, -1):
        p = match(r.points, (sign * 0.0898, -sign * 0.7126), 2e-4)
        assert p.kind == "minimum" and p.value == pytest.approx(-1.0316284535, abs=1e-9)
    assert match(r.points, (0.0, 0.0), 1e-8).kind == "saddle"
    assert min(p.value for p in r.points) == pytest.approx(-1.0316284535, abs=1e-9)


def test_rosenbrock_hessian_at_minimum():
    r = found("rosenbrock")
    p = match(r.points, (1.0, 1.0), 1e-8)
    assert p.kind == "minimum" and len(r.points) == 1
    # H(1, 1) = [[802, -400], [-400, 200]]: eigenvalues 501 -+ sqrt(301^2 + 400^2)
    exact = 501 + np.array([-1, 1]) * np.hypot(301, 400)
    np.testing.assert_allclose(p.eigenvalues, exact, rtol=1e-9)
    assert p.eigenvalues == pytest.approx([0.3994, 1001.6], rel=1e-3)


def test_saddle_x2_minus_y2():
    r = found("saddle")
    p = match(r.points, (0, 0), 1e-10)
    assert len(r.points) == 1 and p.kind == "saddle"
    np.testing.assert_allclose(p.eigenvalues, [-2, 2], atol=1e-12)
    np.testing.assert_allclose(np.abs(p.eigenvectors), [[0, 1], [1, 0]], atol=1e-12)


def test_monkey_saddle_is_degenerate_never_a_minimum():
    r = found("monkey_saddle")
    assert len(r.points) == 1
    p = match(r.points, (0, 0), 1e-6)
    assert p.kind == "degenerate"
    assert point_info(get_surface("monkey_saddle"), (0.0, 0.0)).kind == "degenerate"


@pytest.mark.parametrize("key", list(SURFACES))
def test_finder_runs_on_every_surface_and_its_points_are_critical(key):
    r = found(key, grid=16)
    s = get_surface(key)
    xmin, xmax, ymin, ymax = s.bounds
    for p in r.points:
        assert xmin - 1e-6 <= p.point[0] <= xmax + 1e-6 and ymin - 1e-6 <= p.point[1] <= ymax + 1e-6
        info = point_info(s, p.point, scale=r.curvature_scale)
        assert info.critical and info.kind == p.kind
    # known points of the registry that are smooth are found with their kind
    if key not in ("ackley",):          # Ackley's minimum is a cusp: no Hessian there
        r40 = found(key)
        for k in s.known:
            assert match(r40.points, k.point, 2e-4).kind == k.kind, k


LEARNED_CASES = [(k, ()) for k in sorted(k for k, s in SURFACES.items() if s.data)] + [
    ("linreg", (("loss", "huber"),)), ("linreg", (("loss", "mae"),)),
    ("quadfit", (("loss", "huber"), ("delta", 0.3))), ("logistic_mse", (("separation", 0.5),)),
    ("logistic_ce", (("n", 300), ("seed", 7)))]


@pytest.mark.parametrize("key,params", LEARNED_CASES)
def test_learned_surface_finder_in_closed_form_finds_what_torch_func_finds(key, params):
    """The closed-form derivatives of learned surfaces (all starts in one pass) give the
    same critical points, kinds, start counts and labels as the torch.func path."""
    config = CriticalConfig(key, params, grid=24)
    fast = find_critical_points(config)
    ref = find_critical_points(config, closed_form=False)
    assert [p.kind for p in fast.points] == [p.kind for p in ref.points]
    assert [p.starts for p in fast.points] == [p.starts for p in ref.points]
    assert fast.iterations == ref.iterations
    np.testing.assert_array_equal(fast.label, ref.label)
    for a, b in zip(fast.points, ref.points):
        np.testing.assert_allclose(a.point, b.point, rtol=0, atol=1e-8)
        np.testing.assert_allclose(a.eigenvalues, b.eigenvalues, rtol=1e-8,
                                   atol=1e-8 * abs(b.eigenvalues).max())


def test_config_rejects_bad_input_with_named_field():
    with pytest.raises(ValueError, match="surface must be one of"):
        CriticalConfig("nope")
    with pytest.raises(ValueError, match="bounds"):
        CriticalConfig("bowl", bounds=(1, 0, 0, 1))
    with pytest.raises(ValueError, match=r"grid must be an integer in \[2, 80\]"):
        CriticalConfig("bowl", grid=1000)
    with pytest.raises(ValueError, match="surface_params.kappa"):
        CriticalConfig("ill_conditioned", surface_params=(("kappa", -1.0),))


def test_bounds_restrict_the_search():
    r = find_critical_points(CriticalConfig("himmelblau", bounds=(0, 5, 0, 5)))
    assert [p.kind for p in r.points] == ["minimum", "saddle", "saddle"] or \
        all(p.point.min() >= 0 for p in r.points)
    assert all(p.point.min() >= -1e-9 for p in r.points)
    match(r.points, (3, 2), 1e-8)


def test_taylor_model_is_exact_for_a_quadratic_and_close_near_a_point():
    w = taylor_window(get_surface("booth"), (0.3, -0.2), 2.0, 21)
    np.testing.assert_allclose(w["model"], w["true"], rtol=1e-12, atol=1e-10)
    # elsewhere the model's error is third order: halving the window divides it by ~8
    errs = []
    for half in (1e-2, 5e-3):
        w = taylor_window(get_surface("himmelblau"), (3.0, 2.0), half, 11)
        errs.append(np.abs(w["model"] - w["true"]).max())
    assert 7.0 < errs[0] / errs[1] < 9.0


def test_escape_lab_plain_gd_stalls_and_the_eigenvector_step_escapes():
    cfg = EscapeConfig("saddle", point=(0.0, 0.0), radius=0.5, lr=0.05, kick=0.05, steps=200,
                       sigmas=(0.0, 0.01, 0.1), seeds=16)
    r = escape_lab(cfg)
    gd, noise, mom, eig = range(4)
    assert r.kind == "saddle" and r.eigenvalue == pytest.approx(-2.0)
    assert np.all(r.escaped[gd] == 0) and np.all(r.mean_steps[gd] == 200)
    assert r.escaped[noise, 0] == 0 and np.all(r.escaped[noise, 1:] == 1)
    assert np.all(r.escaped[eig] == 1)
    # one eigenvector step: |y| grows by (1 + 2 lr) per GD step from h = 0.05 to r = 0.5
    assert r.mean_steps[eig, 0] == 1 + int(np.ceil(np.log(10) / np.log(1.1)))
    # more noise escapes sooner; momentum escapes sooner than plain GD with the same noise
    assert r.mean_steps[noise, 2] < r.mean_steps[noise, 1]
    assert np.all(r.mean_steps[mom, 1:] < r.mean_steps[noise, 1:])
    again = escape_lab(cfg)
    np.testing.assert_array_equal(again.mean_steps, r.mean_steps)   # seeded


def test_escape_config_validates():
    with pytest.raises(ValueError, match="radius"):
        EscapeConfig(radius=0.0)
    with pytest.raises(ValueError, match="sigmas"):
        EscapeConfig(sigmas=())
    with pytest.raises(ValueError, match="seeds"):
        EscapeConfig(seeds=0)


def test_cli_critical_points(cli):
    out = cli("critical-points", "--surface", "himmelblau")
    assert out.returncode == 0, out.stderr
    pts = json.loads(out.stdout)["points"]
    assert sorted(p["type"] for p in pts) == sorted(k.kind for k in SURFACES["himmelblau"].known)
    for p in pts:
        assert set(p) >= {"point", "value", "type", "eigenvalues", "eigenvectors"}
        H = np.array(p["eigenvectors"]).T @ np.diag(p["eigenvalues"]) @ np.array(p["eigenvectors"])
        info = point_info(get_surface("himmelblau"), p["point"])
        np.testing.assert_allclose(H, info.hessian, atol=1e-9)
    out = cli("critical-points", "--surface", "saddle", "--bounds", "0.5,2,-2,2")
    assert out.returncode == 0 and json.loads(out.stdout) == {"points": []}


@pytest.mark.parametrize("args, message", [
    (("--surface", "nope"), "surface must be one of"),
    (("--surface", "bowl", "--bounds", "1,2,3"), "bounds must be four numbers"),
    (("--surface", "bowl", "--bounds", "a,b,c,d"), "--bounds must be four numbers"),
    (("--surface", "bowl", "--bounds", "2,1,0,1"), "xmin < xmax"),
    ((), "required"),
])
def test_cli_bad_input_exits_2_with_one_line(args, message, capsys):
    from optim_core.cli import main  # in-process: the same entry as `python -m`
    assert main(["critical-points", *args]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert len(out.err.strip().splitlines()) == 1 and message in out.err


def test_a_kink_is_reported_not_smooth_and_the_escape_lab_still_runs():
    """Ackley's minimum is a cusp: no gradient or Hessian exists there."""
    info = point_info(get_surface("ackley"), (0.0, 0.0))
    assert info.kind == "not smooth" and not info.critical
    assert np.all(np.isnan(info.eigenvalues))
    r = escape_lab(EscapeConfig("ackley", point=(0.0, 0.0), steps=20, sigmas=(0.0,), seeds=2))
    assert np.all(np.isfinite(r.mean_steps))
