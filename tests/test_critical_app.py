"""The Saddles & Hessian page through AppTest: the lecture example preloaded, surfaces
switch, surface parameters reach the search."""
from conftest import app_test


def texts(at):
    return " ".join(m.value for m in at.markdown) + " " + " ".join(x.value for x in at.latex)


def test_lecture_example_is_preloaded():
    at = app_test("critical")
    assert not at.exception
    assert at.title[0].value == "Saddles & Hessian"
    assert at.selectbox[0].value == "lecture_w1w2"
    assert at.subheader[0].value == "The point (0.0000, 0.0000)"
    body = texts(at)
    assert "Saddle point" in body
    assert r"H = \begin{bmatrix} 0 & -2 \\ -2 & 0 \end{bmatrix}" in body
    assert r"\lambda_1 = -2" in body and r"\lambda_2 = 2" in body
    assert "w_1 w_2 x" in body and "(1 - w_1 w_2)^2" in body     # the worked example
    assert len(at.get("plotly_chart")) == 5   # map, arrows, Taylor, escape, example runs


def test_switching_surface_shows_its_first_saddle():
    at = app_test("critical")
    at.selectbox[0].set_value("beale").run()
    assert not at.exception
    head = at.subheader[0].value
    assert head.startswith("The point (") and "Saddle point" in texts(at)
    at.selectbox[0].set_value("monkey_saddle").run()
    assert not at.exception and "Degenerate" in texts(at)


def test_surface_parameters_drive_the_search():
    """ill_conditioned: 0.5 (x^2 + kappa y^2) has one minimum with H = diag(1, kappa)."""
    at = app_test("critical")
    at.selectbox[0].set_value("ill_conditioned").run()
    kappa = next(n for n in at.number_input if n.label == "kappa")
    kappa.set_value(100.0).run()
    assert not at.exception
    body = texts(at)
    assert "Local minimum" in body
    assert r"H = \begin{bmatrix} 1 & 0 \\ 0 & 100 \end{bmatrix}" in body
    assert "escape" in body.lower() and any("minimum" in i.value for i in at.info)


def test_escape_lab_claims_hold_at_the_page_defaults():
    """The eigenvector step takes ~1 + ln(r/h)/ln(1 + eta|lambda|) steps (26), not one;
    momentum with noise leaves sooner from sigma >= 0.03."""
    import math
    from dataclasses import replace

    import numpy as np

    from app.text import t
    from optim_core.escape import ESCAPE_METHODS, default_escape, escape_lab, noise_levels
    cfg = replace(default_escape("lecture_w1w2", (0.0, 0.0)), sigmas=noise_levels(1.0))
    r = escape_lab(cfg)
    eig, mom = ESCAPE_METHODS.index("eigen"), ESCAPE_METHODS.index("momentum")
    predicted = 1 + math.log(cfg.radius / cfg.kick) / math.log(1 + cfg.lr * abs(r.eigenvalue))
    assert r.mean_steps[eig, 0] == 26 and abs(r.mean_steps[eig, 0] - predicted) < 1.5
    later = r.sigmas >= 0.03
    assert np.all(r.mean_steps[mom, later] < r.mean_steps[eig, later])
    text = t("critical.escape_help")
    assert "at once" not in text.replace("does not leave at once", "") and "26" in text


def test_an_exploding_run_is_diverged_not_escaped():
    from dataclasses import replace

    import numpy as np

    from optim_core.escape import ESCAPE_METHODS, default_escape, escape_lab
    r = escape_lab(replace(default_escape("lecture_w1w2", (0.0, 0.0)), lr=5.0, seeds=8,
                           sigmas=(0.0, 0.1)))
    for name in ("gd_noise", "momentum", "eigen"):
        m = ESCAPE_METHODS.index(name)
        assert np.all(r.diverged[m, 1:] == 1) and np.all(r.escaped[m, 1:] == 0), name
        assert np.all(np.isnan(r.mean_steps[m, 1:]))
    # running away downhill on x^2 - y^2 (unbounded below) is an escape, not a divergence
    s = escape_lab(replace(default_escape("saddle", (0.0, 0.0)), seeds=8, sigmas=(0.0, 0.1),
                           steps=300))
    eig = ESCAPE_METHODS.index("eigen")
    assert np.all(s.escaped[eig] == 1) and np.all(s.diverged[eig] == 0)
