"""The Compare page's race: which runs (the same optimizer several times with different
settings too) and from which starts (one, a ring around it, or one added per click)."""
from __future__ import annotations

import math

import streamlit as st

from app.compare.form import MORE, PREFIX, hp_key
from app.controls import suggested_lr
from app.runs import RunMenu, add_run, run_key, run_settings, run_title, sync_runs
from app.text import t, tr
from optim_core import OPTIMIZERS, OptimizerRun


def menu(surface) -> RunMenu:
    """The Compare page's runs (app/runs.py): registry optimizers, parameters per surface."""
    return RunMenu(PREFIX, lambda rid: hp_key(surface.key, rid),
                   lambda key: OPTIMIZERS[key].params, lambda key: tr(OPTIMIZERS[key].name))


def run_picker(surface, default: tuple[str, ...], same_lr: float | None) -> list[tuple]:
    """The optimizers (a multi-select) and each run's hyper-parameters in an expander; a
    button adds another run of a chosen optimizer. Returns [(run id, OptimizerRun)], the
    run None when its settings are not valid (the error is shown under it)."""
    from app.optimizer_menu import optimizer_keys, optimizer_label
    ss, m = st.session_state, menu(surface)
    keys = st.multiselect(t("controls.optimizers"), optimizer_keys(), key=f"{PREFIX}.opts",
                          format_func=optimizer_label,
                          **({} if f"{PREFIX}.opts" in ss else {"default": list(default)}))
    out = []
    for i, rid in enumerate(sync_runs(m, keys)):
        key = run_key(rid)
        with st.expander(run_title(m, rid)):
            hp, sched, sparams = run_settings(m, rid, {"lr": suggested_lr(key, surface)},
                                              skip=("lr",) if same_lr is not None else ())
        if same_lr is not None:
            hp["lr"] = same_lr
        try:    # a schedule parameter typed badly (milestones "abc", an empty formula)
            run = OptimizerRun(key, tuple(hp.items()), schedule=sched, schedule_params=sparams,
                               field_name=f"optimizers[{i}]")
        except ValueError as e:   # named under the run; the page stops before running
            st.error(t("compare.bad_input", msg=e))
            run = None
        out.append((rid, run))
    if keys:
        which = st.selectbox(t("compare.add_run_of"), keys, key=f"{PREFIX}.add_of",
                             format_func=lambda k: tr(OPTIMIZERS[k].name))
        st.button(t("compare.add_run"), key=f"{PREFIX}.add_run", on_click=add_run,
                  args=(m, which), icon=":material/add:")
    return out


def ring(center: tuple[float, float], n: int, radius: float) -> list[tuple[float, float]]:
    """``n`` points evenly on a circle around ``center`` (rounded to 4 decimals, as the
    start widgets show them)."""
    cx, cy = center
    return [(round(cx + radius * math.cos(2 * math.pi * i / n), 4),
             round(cy + radius * math.sin(2 * math.pi * i / n), 4)) for i in range(n)]


def _add_ring(center: tuple[float, float]) -> None:
    ss = st.session_state
    pts = ring(center, int(ss[f"{PREFIX}.ring_n"]), float(ss[f"{PREFIX}.ring_r"]))
    ss[MORE] = [*ss.get(MORE, []), *pts]


def _clear_starts() -> None:
    st.session_state[MORE] = []


def starts_picker(center: tuple[float, float], bounds) -> tuple:
    """More starts than the one in the widgets: a ring around it, or one per click on the
    map; "clear starts" keeps only the first. Returns every start."""
    more = list(st.session_state.get(MORE, []))
    with st.expander(t("compare.starts_header", n=1 + len(more))):
        st.toggle(t("compare.click_adds"), key=f"{PREFIX}.click_adds",
                  help=t("compare.click_adds_help"))
        a, b = st.columns(2)
        a.number_input(t("compare.ring_n"), 2, 64, 8, key=f"{PREFIX}.ring_n")
        span = max(bounds[1] - bounds[0], bounds[3] - bounds[2])
        b.number_input(t("compare.ring_r"), 1e-4, 1e6, float(f"{span / 10:.3g}"),
                       format="%.4f", key=f"{PREFIX}.ring_r")
        c, d = st.columns(2)
        c.button(t("compare.add_ring"), key=f"{PREFIX}.add_ring", on_click=_add_ring,
                 args=(center,), width="stretch")
        d.button(t("compare.clear_starts"), key=f"{PREFIX}.clear_starts",
                 on_click=_clear_starts, disabled=not more, width="stretch")
        if more:
            st.caption(", ".join(f"({x:g}, {y:g})" for x, y in more[:24])
                       + (" …" if len(more) > 24 else ""))
    return (tuple(center), *more)
