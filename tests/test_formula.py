"""Typed formulas: a hostile corpus is rejected fast with no side effect; valid formulas
equal numpy; formula surfaces work in the engine, the CLI and the critical-point finder."""
import builtins
import json
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from optim_core import OptimizerRun, SimConfig, simulate
from optim_core.formula import MAX_LENGTH, compile_formula, formula_surface

MARK = "/tmp/descent_lab_formula_side_effect"

_ATTACKS = [
    f'__import__("os").system("touch {MARK}")', f'open("{MARK}", "w")',
    f'exec("open(\\"{MARK}\\", \\"w\\")")', f'eval("open(\\"{MARK}\\", \\"w\\")")',
    'compile("1", "f", "eval")', "globals()", "locals()", "vars()", "dir()", "help()",
    "input()", "breakpoint()", "getattr(x, 'real')", "setattr(x, 'a', 1)", "delattr(x, 'a')",
    "type(x)", "object()", "x.__class__", "x.__class__.__bases__", "().__class__.__base__",
    "x.__dict__", "sin.__globals__", "sin.__self__", "x.real", "x.T", "x.numpy()", "y.item()",
    "x.__add__(y)", "[].append(1)", "{}", "{1: 2}", "{1, 2}", "[1, 2]", "(1, 2)", "x, y",
    "[x for x in y]", "{x for x in y}", "(x for x in y)", "{x: y for x in y}", "lambda: 1",
    "lambda x: x", "x if y else 1", "x and y", "x or y", "not x", "x < y", "x == y",
    "x is y", "x in y", "x[0]", "x[1:2]", "x @ y", "x // y", "x % y", "x ^ y", "x & y",
    "x | y", "~x", "x << 2", "x >> 2", "'abc'", '"abc"', "b'abc'", 'f"{x}"', "f'{y}'",
    "r'x'", "...", "None", "True", "False", "1j", "x + 1j", "(y := 3)", "await x",
    "yield x", "sin(x=1)", "sin(*[x])", "max(**{})", "sin(x, y)", "max(x)", "sin()",
    "os.system('ls')", "sys.exit()", "print(x)", "import os", "from os import system",
    "x = 1", "del x", "assert x", "raise x", "pass", "while 1: pass", "for i in x: pass",
    "def f(): pass", "class A: pass", "with x: pass", "try: x\nexcept: y", "x; y",
    "x\ny", "sin(x)\n__import__('os')", "ｘ + 1", "x + ｙ", "ⅹ", "x\u200b + y",
    "\u0455in(x)", "sіn(x)", "x \u2212 y", "×", "x·y", "9" * (MAX_LENGTH + 1),
    "x+" * 200 + "x", "-" * 60 + "x", "sin(" * 40 + "x" + ")" * 40, "(" * 250 + "x" + ")" * 250,
    "", "   ", "\t", "sin", "x y", "x +", "* y", "2 ** ", "exp(", "sigmoid(x))",
    "__builtins__", "__import__", "__name__", "__file__", "__loader__", "__spec__",
    "_", "X", "Y", "xx", "z", "t", "np", "torch", "math", "self", "cls",
    "getattr", "eval", "exec", "compile", "open", "print",
]


def test_corpus_size():
    assert len(_ATTACKS) >= 100


@pytest.mark.parametrize("text", _ATTACKS)
def test_hostile_formula_is_rejected_fast_without_side_effects(text, monkeypatch):
    Path(MARK).unlink(missing_ok=True)
    real_compile = builtins.compile
    calls = []

    def only_ast(source, filename, mode, flags=0, *a, **k):   # parsing to a tree is allowed
        if not flags & __import__("ast").PyCF_ONLY_AST:
            calls.append("compile")
        return real_compile(source, filename, mode, flags, *a, **k)

    for name in ("eval", "exec", "open"):
        monkeypatch.setattr(builtins, name, lambda *a, _n=name, **k: calls.append(_n))
    monkeypatch.setattr(builtins, "compile", only_ast)
    t = time.perf_counter()
    with pytest.raises(ValueError, match="formula"):
        compile_formula(text)
    elapsed = time.perf_counter() - t
    monkeypatch.undo()
    assert calls == [], calls
    assert elapsed < 0.05, elapsed
    assert not Path(MARK).exists()


def test_the_check_for_side_effects_works():
    """The monkeypatched builtins really do catch a call (so the test above can fail)."""
    Path(MARK).unlink(missing_ok=True)
    open(MARK, "w").close()
    assert Path(MARK).exists()
    Path(MARK).unlink()


def test_messages_point_at_the_offending_part():
    with pytest.raises(ValueError, match=r"column 8: 'y.real'"):
        compile_formula("x**2 + y.real")
    with pytest.raises(ValueError, match="unknown name 'z'"):
        compile_formula("x + z")
    with pytest.raises(ValueError, match="at most 300"):
        compile_formula("x+" * 200 + "x")


def test_huge_exponents_are_inf_not_a_hang():
    t = time.perf_counter()
    s = formula_surface("9**9**9 + x")
    v = s.value(torch.zeros(3, 2, dtype=torch.float64))
    assert torch.isinf(v).all() and time.perf_counter() - t < 0.5


# --- valid formulas equal numpy ------------------------------------------------------

NP = {"sin": np.sin, "cos": np.cos, "tanh": np.tanh, "exp": np.exp, "abs": np.abs,
      "sigmoid": lambda a: 1 / (1 + np.exp(-a)), "relu": lambda a: np.maximum(a, 0)}


def _const(v):
    return lambda x, y: np.full_like(x, v)


def _compose(g, h):
    return lambda x, y: g(h(x, y))


def _negate(h):
    return lambda x, y: -h(x, y)


def _binary(o, a, b):
    return lambda x, y: o(a(x, y), b(x, y))


@st.composite
def expressions(draw, depth=0):
    if depth > 3 or draw(st.booleans()) and depth > 0:
        leaf = draw(st.sampled_from(["x", "y", "num"]))
        if leaf == "num":
            v = draw(st.floats(-3, 3, allow_nan=False).map(lambda f: round(f, 3)))
            return f"({v})", _const(v)
        return leaf, (lambda x, y: x) if leaf == "x" else (lambda x, y: y)
    kind = draw(st.sampled_from(["+", "-", "*", "fn", "neg"]))
    if kind == "fn":
        name = draw(st.sampled_from(sorted(NP)))
        s, f = draw(expressions(depth + 1))
        return f"{name}({s})", _compose(NP[name], f)
    if kind == "neg":
        s, f = draw(expressions(depth + 1))
        return f"-({s})", _negate(f)
    (s1, f1), (s2, f2) = draw(expressions(depth + 1)), draw(expressions(depth + 1))
    ops = {"+": np.add, "-": np.subtract, "*": np.multiply}
    return f"({s1} {kind} {s2})", _binary(ops[kind], f1, f2)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(expr=expressions(), pts=st.lists(st.tuples(st.floats(-2, 2), st.floats(-2, 2)),
                                        min_size=1, max_size=8))
def test_random_formulas_equal_numpy(expr, pts):
    text, ref = expr
    xy = np.array(pts)
    ours = formula_surface(text).value(torch.tensor(xy)).numpy()
    with np.errstate(all="ignore"):
        expect = ref(xy[:, 0], xy[:, 1])
    assert np.allclose(ours, expect, rtol=1e-12, atol=1e-12, equal_nan=True), text


# --- formula surfaces everywhere ------------------------------------------------------

def test_formula_surface_in_the_engine_matches_the_registry_surface():
    cfg_f = SimConfig(formula="(1 - x)**2 + 100*(y - x**2)**2", bounds=(-2, 2, -1, 3),
                      starts=((-1.5, 2.0),), steps=100, optimizers=(OptimizerRun("adam"),))
    cfg_r = SimConfig(surface="rosenbrock", starts=((-1.5, 2.0),), steps=100,
                      optimizers=(OptimizerRun("adam"),))
    assert np.abs(simulate(cfg_f).path - simulate(cfg_r).path).max() < 1e-12
    assert SimConfig.from_dict(cfg_f.to_dict()) == cfg_f


def test_non_finite_regions_are_results():
    r = simulate(SimConfig(formula="log(x)", bounds=(-1, 1, -1, 1), starts=((0.5, 0.0),),
                           steps=50, optimizers=(OptimizerRun("sgd", (("lr", 0.5),)),)))
    assert np.isfinite(r.path).all() and np.isfinite(r.loss).all()


@settings(max_examples=60, deadline=None, derandomize=True)
@given(d=st.dictionaries(
    st.sampled_from(["surface", "formula", "bounds", "starts", "steps", "noise", "seed", "clip",
                     "optimizers", "surface_params", "extra"]),
    st.one_of(st.none(), st.booleans(), st.integers(-5, 50), st.floats(allow_nan=True),
              st.text(max_size=20), st.lists(st.floats(-5, 5), max_size=4),
              st.sampled_from(["bowl", "x*y", "adam", [[0.5, 0.5]], [{"name": "sgd"}],
                               [-1, 1, -1, 1], {"kappa": 3.0}]))))
def test_random_configs_end_in_a_result_or_a_value_error(d):
    try:
        cfg = SimConfig.from_dict(d)
    except ValueError:
        return
    r = simulate(SimConfig.from_dict({**cfg.to_dict(), "steps": min(cfg.steps, 20)}))
    assert np.isfinite(r.path).all() and np.isfinite(r.loss).all()


def test_critical_points_of_a_formula():
    from optim_core.critical import CriticalConfig, find_critical_points
    res = find_critical_points(CriticalConfig(formula="x**2 - y**2 + 0.1*x**3", grid=20))
    kinds = {(round(p.point[0], 4), round(p.point[1], 4)): p.kind for p in res.points}
    assert kinds[(0.0, 0.0)] == "saddle"
    origin = next(p for p in res.points if abs(p.point[0]) < 1e-6 and abs(p.point[1]) < 1e-6)
    assert sorted(origin.eigenvalues) == pytest.approx([-2.0, 2.0])


def test_formula_cli(cli):
    cfg = {"formula": "x**2 - y**2", "bounds": [-2, 2, -2, 2], "starts": [[1.0, 0.1]],
           "steps": 10, "optimizers": ["sgd"]}
    out = cli("simulate", "--config", "-", stdin=json.dumps(cfg))
    assert out.returncode == 0 and len(json.loads(out.stdout)["runs"][0]["path"]) == 11
    cfg["formula"] = "__import__('os').getcwd()"
    out = cli("simulate", "--config", "-", stdin=json.dumps(cfg))
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
    assert "formula" in out.stderr
    for bad, field in (({"bounds": [1, 0, -1, 1]}, "bounds"), ({"bounds": [0, 1]}, "bounds"),
                       ({"formula": 7}, "formula")):
        with pytest.raises(ValueError, match=field):
            SimConfig.from_dict({**cfg, "formula": "x", **bad})
