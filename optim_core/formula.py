"""Typed formulas f(x, y) compiled safely into torch functions.

The text is parsed with ``ast.parse`` (parsing runs no code) and walked against a
whitelist: numbers, the names x, y, pi, e, the operators + - * / ** and unary -/+, and
calls of a fixed table of functions. Each node becomes a torch operation; nothing is ever
passed to eval, exec or compile. Constants are float64 tensors, so ``9**9**9`` is inf,
not a hang. Limits on length, node count and nesting depth bound the work.
"""
from __future__ import annotations

import ast
import math
from collections.abc import Callable

import torch

from .specs import check_bounds
from .surfaces import Surface
from .text import Text

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_NODES",
    "FormulaError",
    "compile_formula",
    "formula_surface",
    "nonfinite_region",
]

MAX_LENGTH, MAX_NODES, MAX_DEPTH = 300, 120, 24   # mirrored in config.LIMITS["formula_*"]
# what a rejected construct is called in the message (default: its syntax-tree name)
CONSTRUCTS = {"Attribute": "attribute access (a.b)", "Subscript": "indexing (a[i])",
              "Compare": "a comparison", "BoolOp": "and/or", "Lambda": "a lambda",
              "IfExp": "if/else", "NamedExpr": "an assignment (:=)", "JoinedStr": "an f-string",
              "ListComp": "a comprehension", "SetComp": "a comprehension",
              "DictComp": "a comprehension", "GeneratorExp": "a comprehension",
              "List": "a list", "Tuple": "a tuple", "Set": "a set", "Dict": "a dict"}
FUNCTIONS: dict[str, Callable] = {
    "sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "exp": torch.exp, "log": torch.log,
    "sqrt": torch.sqrt, "abs": torch.abs, "tanh": torch.tanh, "sinh": torch.sinh,
    "cosh": torch.cosh, "atan": torch.atan, "arctan": torch.atan, "sigmoid": torch.sigmoid,
    "relu": torch.relu, "softplus": torch.nn.functional.softplus,
    "max": torch.maximum, "min": torch.minimum,
}
ARITY = {"max": 2, "min": 2}
CONSTANTS = {"pi": math.pi, "e": math.e}
BINARY = {ast.Add: torch.add, ast.Sub: torch.sub, ast.Mult: torch.mul, ast.Div: torch.div,
          ast.Pow: torch.pow}
UNARY = {ast.USub: torch.neg, ast.UAdd: lambda a: a}


class FormulaError(ValueError):
    """A rejected formula; ``column``/``end`` (0-based, in the text as typed) mark the
    offending part when there is one, so a page can point at it."""

    def __init__(self, message: str, column: int | None = None, end: int | None = None):
        super().__init__(message)
        self.column, self.end = column, end


def _reject(text: str, node_or_col, why: str) -> FormulaError:
    col = node_or_col if isinstance(node_or_col, int) else getattr(node_or_col, "col_offset", 0)
    end = getattr(node_or_col, "end_col_offset", None) or col + 1
    snippet = text[col:end][:30]
    return FormulaError(f"formula: {why} at column {col + 1}: {snippet!r}", col, max(end, col + 1))


def compile_formula(text: str,
                    variables: tuple[str, ...] = ("x", "y")) -> Callable[..., torch.Tensor]:
    """Return ``f(x, y)`` built from torch operations, or raise ``ValueError``.

    ``variables`` names the arguments (a learning-rate factor is a formula of ``("t",)``)."""
    if not isinstance(text, str):
        raise ValueError(f"formula must be text, got {type(text).__name__}")
    if not text.strip():
        raise ValueError("formula is empty: type an expression in x and y, e.g. x**2 - y**2"
                         if variables == ("x", "y") else
                         f"formula is empty: type an expression in {', '.join(variables)}")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"formula is {len(text)} characters long; at most {MAX_LENGTH} allowed")
    for i, ch in enumerate(text):
        if not (32 <= ord(ch) < 127):
            raise _reject(text, i, f"only plain ASCII characters are allowed, not {ch!r}")
    body = text.strip()
    lead = len(text) - len(text.lstrip())   # columns are reported in the text as typed
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as e:
        if not e.offset or e.offset > len(body):
            end = lead + len(body)
            raise FormulaError(f"formula: the expression ends too early at column {end + 1}: "
                               f"{body[-10:]!r}", end, end + 1) from None
        why = "this is not a valid expression" if e.msg == "invalid syntax" else e.msg
        raise _reject(text, lead + e.offset - 1, why) from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise ValueError(f"formula has {len(nodes)} parts; at most {MAX_NODES} allowed")
    if lead:
        for n in nodes:
            if hasattr(n, "col_offset"):
                n.col_offset += lead
                n.end_col_offset = (n.end_col_offset or n.col_offset - lead) + lead
    return _build(tree.body, text, 0, variables)


def _build(node, text: str, depth: int, names: tuple[str, ...] = ("x", "y")):
    if depth > MAX_DEPTH:
        raise _reject(text, node, f"nesting deeper than {MAX_DEPTH} levels")
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise _reject(text, node, "only numbers may appear as constants")
        try:
            value = float(node.value)
        except OverflowError:
            value = math.inf
        c = torch.tensor(value, dtype=torch.float64)
        return lambda *v: c
    if isinstance(node, ast.Name):
        if node.id in names:
            i = names.index(node.id)
            return lambda *v: v[i]
        if node.id in CONSTANTS:
            c = torch.tensor(CONSTANTS[node.id], dtype=torch.float64)
            return lambda *v: c
        raise _reject(text, node, f"unknown name {node.id!r} (use {', '.join(names)}, pi, e "
                                  "or a function: "
                                  f"{', '.join(FUNCTIONS)})")
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        op, a, b = BINARY[type(node.op)], _build(node.left, text, depth + 1, names), \
            _build(node.right, text, depth + 1, names)
        return lambda *v: op(a(*v), b(*v))
    if isinstance(node, ast.UnaryOp) and type(node.op) in UNARY:
        op, a = UNARY[type(node.op)], _build(node.operand, text, depth + 1, names)
        return lambda *v: op(a(*v))
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise _reject(text, node.func, "only these functions may be called: "
                                           + ", ".join(FUNCTIONS))
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise _reject(text, node, "functions take plain arguments only")
        n = ARITY.get(node.func.id, 1)
        if len(node.args) != n:
            raise _reject(text, node, f"{node.func.id} takes {n} argument{'s' * (n > 1)}")
        fn, args = FUNCTIONS[node.func.id], [_build(a, text, depth + 1, names) for a in node.args]
        if n == 1:
            a0 = args[0]
            return lambda *v: fn(a0(*v))
        a0, a1 = args
        return lambda *v: fn(*torch.broadcast_tensors(a0(*v), a1(*v)))
    if isinstance(node, (ast.BinOp, ast.UnaryOp)):
        raise _reject(text, node, "only + - * / ** and unary minus are allowed")
    what = CONSTRUCTS.get(type(node).__name__, type(node).__name__)
    raise _reject(text, node, f"{what} is not allowed in a formula")


def formula_surface(text: str, bounds=(-2.0, 2.0, -2.0, 2.0)) -> Surface:
    """A :class:`Surface` of a typed formula; gradients and Hessians come from autograd."""
    fn = compile_formula(text)
    b = check_bounds(bounds)

    def f(x, y):
        # "+ 0 (x + y)" keeps the shape and the autograd graph of formulas that ignore x or y
        return fn(x, y) + 0.0 * (x + y)

    start = (b[0] + 0.75 * (b[1] - b[0]), b[2] + 0.6 * (b[3] - b[2]))
    return Surface("formula", f"f(x, y) = {text.strip()}", text.strip(), b, start,
                   Text("Your own surface: every page can use it.",
                        "你自己的曲面：每个页面都能用它。"), (), False, 0.01, f, None)


def nonfinite_region(grid) -> tuple[float, float, float, float, float] | None:
    """Where a grid (``optim_core.grid.Grid``, NaN where the surface is not finite) is not
    finite: ``(fraction of points, xmin, xmax, ymin, ymax)`` of those points, or None."""
    import numpy as np
    bad = ~np.isfinite(grid.z)
    if not bad.any():
        return None
    rows, cols = np.nonzero(bad)
    return (float(bad.mean()), float(grid.x[cols.min()]), float(grid.x[cols.max()]),
            float(grid.y[rows.min()]), float(grid.y[rows.max()]))
