"""The Compare page's race: which runs (the same optimizer several times with different
settings too) and from which starts (one, a ring around it, or one added per click)."""
from __future__ import annotations

import math

import streamlit as st

from app.compare.form import MORE, PREFIX, RUNS, hp_key, run_key
from app.controls import param_widgets, schedule_picker, suggested_lr
from app.text import t, tr
from optim_core import OPTIMIZERS, OptimizerRun


def _next_id(runs: list[str], key: str) -> str:
    used = [int(r.split("~")[1]) for r in runs if "~" in r and run_key(r) == key]
    return f"{key}~{max(used, default=0) + 1}"


def _add_run(key: str, surface_key: str) -> None:
    """Button callback: one more run of ``key``, starting from its first run's settings."""
    ss = st.session_state
    runs = list(ss.get(RUNS, []))
    rid = _next_id(runs, key)
    src, dst = hp_key(surface_key, key), hp_key(surface_key, rid)
    for name in [k for k in ss if str(k).startswith(src + ".")]:
        ss[dst + name[len(src):]] = ss[name]
    ss[RUNS] = [*runs, rid]


def _remove_run(rid: str) -> None:
    st.session_state[RUNS] = [r for r in st.session_state.get(RUNS, []) if r != rid]


def run_picker(surface, default: tuple[str, ...], same_lr: float | None) -> list[tuple]:
    """The optimizers (a multi-select) and each run's hyper-parameters in an expander; a
    button adds another run of a chosen optimizer. Returns [(run id, OptimizerRun)]."""
    from app.optimizer_menu import optimizer_keys, optimizer_label
    ss = st.session_state
    keys = st.multiselect(t("controls.optimizers"), optimizer_keys(), key=f"{PREFIX}.opts",
                          format_func=optimizer_label,
                          **({} if f"{PREFIX}.opts" in ss else {"default": list(default)}))
    runs = [r for r in ss.get(RUNS, []) if run_key(r) in keys]
    runs += [k for k in keys if k not in runs]
    ss[RUNS] = runs
    out = []
    for rid in runs:
        key = run_key(rid)
        spec = OPTIMIZERS[key]
        copy = "~" in rid
        title = (t("compare.run_copy", name=tr(spec.name), n=int(rid.split("~")[1]) + 1) if copy
                 else t("controls.hyper", name=tr(spec.name)))
        with st.expander(title):
            specs = tuple(p for p in spec.params if not (same_lr is not None and p.name == "lr"))
            hp = param_widgets(specs, hp_key(surface.key, rid),
                               {"lr": suggested_lr(key, surface)})
            sched, sp = schedule_picker(PREFIX, rid)
            sparams = tuple(sp.items())
            if copy:
                st.button(t("compare.remove_run"), key=f"{PREFIX}.rm.{rid}",
                          on_click=_remove_run, args=(rid,))
        if same_lr is not None:
            hp["lr"] = same_lr
        out.append((rid, OptimizerRun(key, tuple(hp.items()), schedule=sched,
                                      schedule_params=sparams)))
    if keys:
        which = st.selectbox(t("compare.add_run_of"), keys, key=f"{PREFIX}.add_of",
                             format_func=lambda k: tr(OPTIMIZERS[k].name))
        st.button(t("compare.add_run"), key=f"{PREFIX}.add_run", on_click=_add_run,
                  args=(which, surface.key), icon=":material/add:")
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
