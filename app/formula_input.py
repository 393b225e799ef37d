"""The typed-formula control: text, bounds, a pointer at the rejected part, and a note
on where the surface is not finite. Validation itself is the core's (optim_core.formula);
the page shows the core's message with st.error, this widget points at the part."""
from __future__ import annotations

import streamlit as st

from app.cache import surface_grid
from app.text import t
from optim_core import MAX_LENGTH, FormulaError, check_bounds, compile_formula, nonfinite_region

FORMULA = "formula"
DEFAULT_FORMULA = "x**2 - y**2 + 0.1*sin(3*x)"
DEFAULT_BOUNDS = (-2.0, 2.0, -2.0, 2.0)


def pointer(text: str, err: FormulaError) -> str | None:
    """The formula with carets under the offending part (None when there is no part)."""
    if err.column is None:
        return None
    end = max(err.end or err.column + 1, err.column + 1)
    return f"{text}\n{' ' * err.column}{'^' * (end - err.column)}"


def formula_input(prefix: str) -> dict:
    """Returns the SimConfig fields ``{"surface", "formula", "bounds"}``."""
    fkey = f"{prefix}.formula"
    init = {} if fkey in st.session_state else {"value": DEFAULT_FORMULA}
    text = st.text_input(t("formula.label"), key=fkey, help=t("formula.help"),
                         max_chars=MAX_LENGTH, **init)
    cols, names = [*st.columns(2), *st.columns(2)], t("formula.bounds").split("|")
    bounds = []
    for i, (c, name, v) in enumerate(zip(cols, names, DEFAULT_BOUNDS)):   # 2 x 2: readable
        bkey = f"{prefix}.b{i}"
        bounds.append(float(c.number_input(name, -1e4, 1e4, format="%.2f", key=bkey,
                                           **({} if bkey in st.session_state else {"value": v}))))
    bounds = tuple(bounds)
    try:
        compile_formula(text)
    except ValueError as e:            # the page shows the message; point at the part here
        mark = pointer(text, e) if isinstance(e, FormulaError) else None
        if mark:
            st.caption(t("formula.pointer"))
            st.code(mark, language=None)
        return {"surface": FORMULA, "formula": text, "bounds": bounds}
    try:
        b = check_bounds(bounds)
    except ValueError:
        return {"surface": FORMULA, "formula": text, "bounds": bounds}
    region = nonfinite_region(surface_grid(FORMULA, (), formula=text, bounds=b))
    if region:
        pct, x0, x1, y0, y1 = region
        st.info(t("formula.nonfinite", pct=100 * pct, x0=x0, x1=x1, y0=y0, y1=y1),
                icon=":material/info:")
    return {"surface": FORMULA, "formula": text, "bounds": bounds}


def stand_in_surface(fields: dict, default: str = "rosenbrock"):
    """A valid surface with the same widget keys as ``fields`` (the surface widgets' output)
    when those do not build one (an empty or rejected formula): the page keeps drawing
    every widget below with it, so none loses its value (Streamlit drops the state of a
    widget that a run does not draw), and stops before simulating."""
    from optim_core import surface_of
    if fields.get("surface") == FORMULA:
        try:
            bounds = check_bounds(fields.get("bounds"))
            return surface_of(FORMULA, (), DEFAULT_FORMULA, bounds)
        except ValueError:
            return surface_of(FORMULA, (), DEFAULT_FORMULA, DEFAULT_BOUNDS)
    try:
        return surface_of(fields["surface"])
    except ValueError:
        return surface_of(default)
