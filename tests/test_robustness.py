"""Bad input never breaks anything: every boundary (formula, JSON, URL, critical-point
config) answers with a result or a ValueError; formula messages point into the text as
typed; formula surfaces work for gradients (also under inference_mode) and Hessians; the
page says where a formula is not finite; production settings hide tracebacks."""
import ast
import base64
import builtins
import json
import tomllib
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from app import urlstate
from optim_core import SimConfig, simulate
from optim_core.config import LIMITS
from optim_core.critical import CriticalConfig
from optim_core.formula import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_NODES,
    FormulaError,
    compile_formula,
    formula_surface,
    nonfinite_region,
)
from optim_core.grid import evaluate_grid
from tests.conftest import app_test, assert_no_exception, screenshot, wait_for_app

ROOT = Path(__file__).resolve().parents[1]
MARK = Path("/tmp/descent_lab_robustness_side_effect")


# --- messages point at the part, in the text as typed --------------------------------

@pytest.mark.parametrize("text, column, part", [
    ("   x + y.real", 8, "y.real"), ("  x +* y", 6, "*"), ("x**2 + z", 8, "z"),
    ("  sin(x", 6, "("), ("sigmoid(x))", 11, ")"), (" foo(x) + y", 2, "foo"),
    ("x + [1]", 5, "[1]"),
])
def test_columns_point_into_the_text_as_typed(text, column, part):
    with pytest.raises(FormulaError) as e:
        compile_formula(text)
    assert f"at column {column}: {part!r}" in str(e.value)
    assert text[e.value.column:e.value.end] == part


@pytest.mark.parametrize("text", ["x +", "  2 ** ", "sin(x) *"])
def test_an_unfinished_formula_says_so_at_its_end(text):
    with pytest.raises(FormulaError, match="ends too early") as e:
        compile_formula(text)
    assert e.value.column == len(text.rstrip())


def test_the_widget_pointer_marks_the_span():
    from app.formula_input import pointer
    with pytest.raises(FormulaError) as e:
        compile_formula("x**2 + y.real")
    assert pointer("x**2 + y.real", e.value) == "x**2 + y.real\n       ^^^^^^"


def test_formula_caps_are_in_limits():
    assert (LIMITS["formula_chars"], LIMITS["formula_nodes"], LIMITS["formula_depth"]) == \
        (MAX_LENGTH, MAX_NODES, MAX_DEPTH)
    with pytest.raises(ValueError, match=f"at most {MAX_NODES}"):   # short text, many nodes
        compile_formula("+".join(["x"] * (MAX_NODES // 2 + 1)))
    with pytest.raises(ValueError, match=f"deeper than {MAX_DEPTH}"):
        compile_formula("sin(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    compile_formula("sin(" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1))


# --- the side-effect harness really catches execution ---------------------------------

def _guarded(fn, text, monkeypatch) -> list:
    """Run fn(text) with eval/exec/open and non-AST compile trapped; return the calls."""
    calls, real_compile = [], builtins.compile

    def only_ast(source, filename, mode, flags=0, *a, **k):
        if not flags & ast.PyCF_ONLY_AST:
            calls.append("compile")
        return real_compile(source, filename, mode, flags, *a, **k)

    for name in ("eval", "exec", "open"):
        monkeypatch.setattr(builtins, name, lambda *a, _n=name, **k: calls.append(_n))
    monkeypatch.setattr(builtins, "compile", only_ast)
    try:
        fn(text)
    except ValueError:
        pass
    finally:
        monkeypatch.undo()
    return calls


def test_the_harness_catches_an_unsafe_compiler(monkeypatch):
    """An eval-based 'compiler' is caught by the same trap test_formula.py uses."""
    assert _guarded(lambda s: eval(s), f'open("{MARK}", "w")', monkeypatch) == ["eval"]
    assert _guarded(lambda s: exec(s), "1", monkeypatch) == ["exec"]  # noqa: S102
    assert _guarded(lambda s: compile(s, "f", "eval"), "1", monkeypatch) == ["compile"]
    assert not MARK.exists()


@pytest.mark.parametrize("text", [
    f'__import__("pathlib").Path("{MARK}").touch()', "globals().update(PWNED=1)",
    "setattr(__builtins__, 'PWNED', 1)", "sin.__globals__.update(PWNED=1)",
    "(lambda: __import__('builtins').__setattr__('PWNED', 1))()",
    "[__import__('builtins').__setattr__('PWNED', 1) for _ in x]",
])
def test_hostile_formulas_write_nothing_set_nothing_call_nothing(text, monkeypatch):
    MARK.unlink(missing_ok=True)
    for fn in (compile_formula, lambda s: SimConfig(formula=s),
               lambda s: CriticalConfig(formula=s), lambda s: SimConfig.from_dict({"formula": s})):
        assert _guarded(fn, text, monkeypatch) == []
    assert not MARK.exists()
    assert not hasattr(builtins, "PWNED") and "PWNED" not in globals()


# --- formula surfaces work for gradients and Hessians ---------------------------------

def test_gradient_and_hessian_of_a_formula():
    s = formula_surface("x**2*y + sin(x) - exp(y)/3")
    xy = torch.tensor([[0.3, -0.7], [1.1, 0.4]], dtype=torch.float64)
    x, y = xy[:, 0], xy[:, 1]
    expect = torch.stack([2 * x * y + torch.cos(x), x**2 - torch.exp(y) / 3], -1)
    with torch.inference_mode():                  # as inside the engine
        g = s.grad(xy)
    assert torch.allclose(g, expect, atol=1e-13)
    H = torch.func.vmap(torch.func.hessian(lambda p: s.value(p)))(xy)
    want = torch.stack([torch.stack([2 * y - torch.sin(x), 2 * x], -1),
                        torch.stack([2 * x, -torch.exp(y) / 3], -1)], -2)
    assert torch.allclose(H, want, atol=1e-12)


def test_constant_formula_has_zero_gradient_and_runs():
    s = formula_surface("3")
    assert torch.equal(s.grad(torch.ones(4, 2, dtype=torch.float64)), torch.zeros(4, 2,
                                                                                  dtype=torch.float64))
    r = simulate(SimConfig(formula="3", starts=((0.5, 0.5),), steps=5))
    assert np.all(r.path[:, 0, -1] == 0.5)


def test_where_a_formula_is_not_finite():
    g = evaluate_grid(formula_surface("log(x) + y", (-2, 2, -1, 1)), 41)
    assert not g.finite
    pct, x0, x1, y0, y1 = nonfinite_region(g)
    assert pct == pytest.approx(21 / 41) and (x0, y0, y1) == (-2, -1, 1) and x1 <= 1e-12
    assert np.isnan(g.z[:, :20]).all() and np.isfinite(g.z[:, 21:]).all()
    assert nonfinite_region(evaluate_grid(formula_surface("x*y"), 21)) is None


# --- every boundary: a result or a ValueError -----------------------------------------

JUNK = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                              st.floats(), st.text(max_size=12)),
                    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c,
                                                                         max_size=4),
                    max_leaves=12)
FIELDS = ["surface", "formula", "bounds", "starts", "steps", "noise", "seed", "clip",
          "optimizers", "surface_params", "record_rates"]
GOOD = {"formula": "x**2 - y**2", "bounds": [-2, 2, -2, 2], "starts": [[1.0, 0.1]],
        "steps": 10, "optimizers": [{"name": "adam", "params": {"lr": 0.05}}]}


@settings(max_examples=120, deadline=None, derandomize=True)
@given(field=st.sampled_from(FIELDS + ["optimizers.0.params", "optimizers.0.name",
                                       "optimizers.0.schedule"]),
       value=JUNK)
def test_one_bad_field_is_named_or_accepted(field, value):
    d = json.loads(json.dumps(GOOD))
    if field.startswith("optimizers.0."):
        d["optimizers"][0][field.rsplit(".", 1)[1]] = value
    else:
        d[field] = value
    try:
        cfg = SimConfig.from_dict(d)
    except ValueError as e:
        assert str(e) and "\n" not in str(e)
        return
    r = simulate(SimConfig.from_dict({**cfg.to_dict(), "steps": min(cfg.steps, 10)}))
    assert np.isfinite(r.path).all()


@settings(max_examples=80, deadline=None, derandomize=True)
@given(raw=st.one_of(st.text(max_size=60), st.binary(max_size=60).map(
    lambda b: base64.urlsafe_b64encode(b).decode()), JUNK.map(
    lambda j: urlstate.encode({"x": j}) if not isinstance(j, dict) else urlstate.encode(j))))
def test_any_link_is_a_config_or_a_value_error(raw):
    try:
        SimConfig.from_dict(urlstate.decode(raw))
    except ValueError:
        pass


@settings(max_examples=60, deadline=None, derandomize=True)
@given(kw=st.dictionaries(st.sampled_from(["surface", "surface_params", "bounds", "grid",
                                           "max_iter", "grad_tol", "rel_tol", "dedupe_tol",
                                           "formula"]), JUNK, max_size=4))
def test_critical_configs_are_valid_or_a_value_error(kw):
    try:
        CriticalConfig(**kw)
    except ValueError:
        pass


@settings(max_examples=80, deadline=None, derandomize=True)
@given(kw=st.dictionaries(st.sampled_from(FIELDS), JUNK, max_size=4))
def test_direct_sim_configs_are_valid_or_a_value_error(kw):
    """Pages build SimConfig(...) directly: junk there is a ValueError too, never a TypeError."""
    try:
        SimConfig(**kw)
    except ValueError:
        pass


def test_bad_fields_name_the_field_and_the_range():
    for bad, words in (({"steps": 10**9}, ["steps", str(LIMITS["steps"])]),
                       ({"starts": [[1e9, 0]]}, ["start"]),
                       ({"bounds": [-1e9, 1, -1, 1]}, ["bounds[0]"]),
                       ({"formula": "x" * (MAX_LENGTH + 1)}, ["formula", str(MAX_LENGTH)]),
                       ({"optimizers": [{"name": "adam", "params": {"lr": -1}}]}, ["lr"])):
        with pytest.raises(ValueError) as e:
            SimConfig.from_dict({**GOOD, **bad})
        assert all(w in str(e.value) for w in words), (bad, str(e.value))


# --- production settings ----------------------------------------------------------------

def test_production_streamlit_config_hides_tracebacks():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["client"]["showErrorDetails"] == "none"
    assert cfg["server"]["headless"] is True
    assert 0 < cfg["server"]["maxUploadSize"] <= 10 and 0 < cfg["server"]["maxMessageSize"] <= 200


# --- the page ----------------------------------------------------------------------------

def _formula_page(text):
    at = app_test("compare")
    at.selectbox(key="cmp.surface").set_value("formula").run()
    at.text_input(key="cmp.formula").set_value(text).run()
    assert not at.exception
    return at


def test_page_points_at_the_rejected_part():
    at = _formula_page("x**2 + y.real")
    assert any("attribute access" in e.value for e in at.error)
    assert any(c.value.endswith("       ^^^^^^") for c in at.code)


def test_page_says_where_a_formula_is_not_finite():
    at = _formula_page("log(x) + y**2")
    assert not at.error
    assert any("not finite" in i.value and "(x ∈ [-2" in i.value for i in at.info)
    assert not any("not finite" in i.value for i in _formula_page("x**2 + y**2").info)


@pytest.mark.browser
def test_formula_control_in_a_browser(app_url, page):
    for text, name in (("log(x) + y**2", "formula_nonfinite"), ("x**2 + y.real", "formula_pointer")):
        enc = urlstate.encode({**GOOD, "formula": "x**2 - y**2", "optimizers": ["sgd", "adam"]})
        page.goto(f"{app_url}/compare?cfg={enc}")
        wait_for_app(page)
        box = page.get_by_label("f(x, y) =", exact=True).and_(page.locator("input"))
        box.fill(text)
        box.press("Enter")
        page.wait_for_timeout(500)
        wait_for_app(page)
        assert_no_exception(page)
        page.wait_for_selector("text=not finite" if "log" in text else "text=^^^^^^", timeout=30_000)
        screenshot(page, name)


# --- issue 12: crashes that must be results or one-line errors ---------------------------

ADAPTIVE = [k for k, s in __import__("optim_core").OPTIMIZERS.items() if s.adaptive]


@pytest.mark.parametrize("other", [k for k in ADAPTIVE if k != "radam"])
@pytest.mark.parametrize("steps, betas", [(1, (0.9, 0.999)), (5, (0.9, 0.999)),
                                          (6, (0.9, 0.999)), (40, (0.9, 0.5))])
def test_radam_beside_any_adaptive_optimizer_equals_torch(other, steps, betas):
    """RAdam's rectification off for the whole run (steps <= 5, or beta2 <= 2/3) beside an
    optimizer with a denominator crashed the engine; now both equal torch.optim."""
    from optim_core import simulate_reference
    cfg = SimConfig.from_dict({"surface": "bowl", "starts": [[1.0, -0.5], [0.3, 0.8]],
                               "steps": steps,
                               "optimizers": [{"name": "radam", "params": {"lr": 0.01,
                                                                           "betas": betas}},
                                              {"name": other}]})
    got = simulate(cfg).path
    assert np.abs(got - simulate_reference(cfg)).max() <= 1e-12


def test_a_deeply_nested_link_is_one_line():
    raw = base64.urlsafe_b64encode(b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}").decode()
    with pytest.raises(ValueError, match="nested too deeply") as e:
        urlstate.decode(raw)
    assert "\n" not in str(e.value)


def test_one_bounds_check_for_every_config():
    """CriticalConfig accepted bounds the formula surface then refused: one check now."""
    from optim_core import critical, formula, specs
    assert critical.check_bounds is specs.check_bounds is formula.check_bounds
    wide = (-5e4, 5e4, -1, 1)
    for build in (lambda: CriticalConfig(formula="x**2 + y**2", bounds=wide),
                  lambda: CriticalConfig("himmelblau", bounds=wide),
                  lambda: SimConfig(formula="x**2", bounds=wide)):
        with pytest.raises(ValueError, match=r"bounds\[0\]"):
            build()
    ok = CriticalConfig(formula="x**2 + y**2", bounds=(-1e4, 1e4, -1, 1))
    assert ok.make_surface().bounds == (-1e4, 1e4, -1.0, 1.0)


# --- issue 12: limits that count real work ---------------------------------------------

def test_simulation_limit_counts_what_a_point_costs():
    from optim_core.config import max_points, point_cost
    assert point_cost("rosenbrock") == 1.0
    assert point_cost("formula", (), "x**2") < point_cost("formula", (), "+".join(["sin(x)"] * 30))
    n1000 = (("n", 1000),)
    cap = max_points("logistic_ce", n1000)
    assert cap < max_points("logistic_ce", (("n", 100),)) < max_points("rosenbrock")
    starts = ((0, 0), (1, 1), (0, 1), (1, 0))
    with pytest.raises(ValueError, match=f"at most {cap:,} on this surface"):
        SimConfig(surface="logistic_ce", surface_params=n1000, starts=starts,
                  steps=cap // 4 + 1)
    SimConfig(surface="logistic_ce", surface_params=n1000, starts=starts, steps=cap // 4)


NET_SLOW = {"epochs": 1000, "batch_size": 1, "n": 2000}   # issue 12: ~6 hours for 8 optimizers


def test_network_limit_counts_iterations_weights_and_data():
    from optim_core.nets import MAX_WORK, NetConfig, max_epochs
    with pytest.raises(ValueError, match="at most") as e:
        NetConfig(tuple(NET_SLOW.items()), ("adam",) * 8)
    assert "epochs" in str(e.value)
    cheap = NetConfig((("epochs", 60),))
    assert cheap.work <= MAX_WORK
    # the largest accepted epochs for a setting is accepted, one more is not
    params = {"batch_size": 8, "n": 2000, "width": 32, "depth": 3}
    top = max_epochs(params, 4)
    assert 1 <= top < 1000
    NetConfig(tuple({**params, "epochs": top}.items()), ("adam",) * 4)
    with pytest.raises(ValueError, match="at most"):
        NetConfig(tuple({**params, "epochs": top + 1}.items()), ("adam",) * 4)


def test_network_weight_snapshots_are_bounded_in_bytes():
    from optim_core.nets import NetConfig
    big = {"width": 128, "depth": 6, "batch_norm": "on", "epochs": 100, "batch_size": 0}
    with pytest.raises(ValueError, match="at most 400 MB"):
        NetConfig(tuple(big.items()), ("adam",) * 8)
    NetConfig(tuple(big.items()), ("adam",) * 2)


@pytest.mark.parametrize("net", [{"batch_norm": "on", "batch_size": 1},
                                 {"batch_norm": "on", "batch_size": 149, "n": 200}])
def test_batch_norm_needs_two_points_in_every_batch(net):
    """A batch of one point made torch raise inside training (a traceback in the CLI)."""
    from optim_core.nets import NetConfig
    with pytest.raises(ValueError, match="net.batch_size"):
        NetConfig(tuple({**net, "epochs": 1}.items()))
    if net["batch_size"] > 1:   # dropping the lone point helps; a batch of one never does
        NetConfig(tuple({**net, "epochs": 1, "drop_last": "on"}.items()))


def test_pages_state_the_work_limits_next_to_the_controls():
    from optim_core.config import max_points
    from optim_core.nets import NET_PARAMS, max_epochs
    at = app_test("compare")
    assert not at.exception
    cap = f"{max_points():,}"
    assert any(c.value.startswith(f"At most {cap} optimizers × starts × steps") for c in at.caption)
    at = app_test("network")
    assert not at.exception
    defaults = {p.name: p.default for p in NET_PARAMS}
    top = max_epochs(defaults, 3)
    assert f"At most {top:,} with the other settings" in at.number_input(key="net.p.epochs").help
    at.number_input(key="net.p.batch_size").set_value(1)
    at.number_input(key="net.p.n").set_value(2000)
    at.button[0].click().run()   # the form's submit
    top = max_epochs({**defaults, "batch_size": 1, "n": 2000}, 3)
    assert top < max_epochs(defaults, 3)
    assert f"At most {top:,} with the other settings" in at.number_input(key="net.p.epochs").help


def test_escape_lab_limit_counts_its_runs():
    """The escape lab runs 2 optimizers x 2 starts x seeds x steps per noise level: its
    largest settings passed the config and then failed inside (or ran for minutes)."""
    from optim_core.escape import EscapeConfig, escape_work
    with pytest.raises(ValueError, match="at most"):
        EscapeConfig(steps=5000, seeds=512, sigmas=(0.0,) * 12)
    ok = EscapeConfig(steps=300, seeds=32)
    assert escape_work(ok) <= LIMITS["work"]


@pytest.mark.parametrize("key", sorted(__import__("optim_core").SURFACES))
def test_escape_lab_defaults_are_within_the_limit_on_every_surface(key):
    """The Saddles page builds default_escape for any surface: its defaults must pass."""
    from optim_core import SURFACES
    from optim_core.escape import default_escape
    default_escape(key, SURFACES[key].start)
