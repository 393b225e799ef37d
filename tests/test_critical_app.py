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
