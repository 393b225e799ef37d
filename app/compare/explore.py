"""The Compare page's explore tab: one run of the race at up to 512 settings of one or two of
its hyper-parameters, computed in one batched call; the figure carries every path and its
sliders switch between them in the browser (app/explore/). Its settings are the page's
``?explore=`` link (an :class:`app.explore.ExploreConfig`)."""
from __future__ import annotations

import numpy as np
import streamlit as st

from app import explore, urlstate
from app.cache import surface_grid
from app.compare.form import PREFIX, arrival_rule
from app.figures import FrozenFigure
from app.text import t, tr
from optim_core import OPTIMIZERS, SimConfig

P = f"{PREFIX}.ex"
ON, RUN = f"{P}.on", f"{P}.run"
PARAM = "explore"                  # the query parameter of the link
MAX_STEPS = 2000                   # the page's own step limit
DEFAULT_N = (64, 8)                # values on slider 1 and 2 (64 alone, 64 x 8 = 512 together)
NONE = "none"


def _keys(slot: int, opt: str, param: str = "") -> dict:
    return {"p": f"{P}.p{slot}.{opt}", "n": f"{P}.n{slot}",
            "lo": f"{P}.lo{slot}.{opt}.{param}", "hi": f"{P}.hi{slot}.{opt}.{param}"}


def apply_link(config: SimConfig, d: dict) -> None:
    """A shared ``?explore=`` into the tab's widget state (it opens built)."""
    ex = explore.ExploreConfig.from_dict(d)
    ex.check(config)
    ss = st.session_state
    ss[ON], ss[RUN] = True, ex.run
    opt = config.optimizers[ex.run].name
    ss[_keys(2, opt)["p"]] = NONE
    for slot, s in enumerate(ex.sliders, 1):
        k = _keys(slot, opt, s.param)
        ss[k["p"]], ss[k["n"]], ss[k["lo"]], ss[k["hi"]] = s.param, s.n, s.low, s.high


def result_lines(result, surface, grid) -> list[str]:
    """Each run's results row, one line a column: final and best loss, arrival, divergence,
    path length (the Results tab's columns, counted by the same rule, for every run at once:
    a diverged run counts up to the step it diverged at)."""
    rule = arrival_rule(surface, grid.z)
    path, loss = result.path[:, 0].astype(float), result.loss[:, 0].astype(float)
    K, T1 = loss.shape
    d = result.diverged_at[:, 0].astype(int)
    singular = result.singular()
    last = np.where(d >= 0, d, T1 - 1)
    valid = np.arange(T1)[None, :] <= last[:, None]
    final = loss[np.arange(K), last]
    best = np.where(valid, loss, np.inf).min(axis=1)
    seg = np.linalg.norm(np.diff(path, axis=1), axis=-1)
    length = np.where(valid[:, 1:], seg, 0.0).sum(axis=1)
    if rule["kind"] == "minimum":
        dist = np.linalg.norm(path[:, :, None, :] - rule["minima"][None, None], axis=-1).min(-1)
        hit = valid & (dist <= rule["tol"])
    elif rule["kind"] == "loss":
        with np.errstate(invalid="ignore"):
            hit = valid & np.isfinite(loss) & (loss <= rule["level"])
    else:
        hit = np.zeros_like(valid)
    first = np.where(hit.any(axis=1), hit.argmax(axis=1), -1)
    out = []
    for k in range(K):
        lines = [t("compare.ex_final", v=float(final[k])), t("compare.ex_best", v=float(best[k])),
                 t("compare.ex_reach", n=int(first[k])) if first[k] >= 0
                 else t("compare.ex_no_reach"), t("compare.ex_length", v=float(length[k]))]
        if d[k] >= 0:
            damped = float(result.config.optimizers[k].hp.get("damping", 0.0)) > 0
            key = ("compare.ex_singular_damped" if damped else "compare.ex_singular") \
                if singular[k, 0] else "compare.ex_diverged"
            lines.insert(0, t(key, n=int(d[k])))
        out.append("<br>".join(lines))
    return out


def labels(optimizer: str, surface_name: str, axes: tuple) -> dict:
    out = {k: t(f"compare.ex_{k}") for k in ("step", "final", "diverged", "play", "pause")}
    out.update(loss=t("compare.loss_axis"), x=axes[0], y=axes[1],
               title=t("compare.ex_title", name=tr(OPTIMIZERS[optimizer].name),
                       surface=surface_name))
    out.update({p: t(f"compare.ex_prefix_{p}") for p in explore.SWEEPABLE})
    return out


def _slider(cols, slot: int, opt: str, params: list, base_lr: float, default_n: int):
    """One slider's widgets (hyper-parameter, values, range) in a row of four columns; a
    Span, or None when slider 2 is "none"."""
    k = _keys(slot, opt)
    choices = params if slot == 1 else [NONE, *params]
    name = {p: t(f"compare.ex_param_{p}") for p in explore.SWEEPABLE}
    name[NONE] = t("compare.ex_none")
    if st.session_state.get(k["p"]) not in choices:
        st.session_state.pop(k["p"], None)
    param = cols[0].selectbox(t(f"compare.ex_slider{slot}"), choices, key=k["p"],
                              format_func=name.get)
    if param == NONE:
        return None
    k = _keys(slot, opt, param)
    n = cols[1].number_input(t("compare.ex_n"), 2, explore.MAX_VALUES, default_n, key=k["n"],
                             help=t("compare.ex_n_help", max=explore.MAX_VALUES,
                                    total=explore.MAX_GRID))
    spec = next(p for p in OPTIMIZERS[opt].params if p.name == explore.SWEEPABLE[param][0])
    d = explore.default_span(opt, param, 8, base_lr)
    fmt = "%.3g" if param == "lr" else "%.4f"
    hi = min(spec.high, 10.0)
    low = cols[2].number_input(t("compare.ex_low"), float(spec.low), hi, d.low, format=fmt,
                               key=k["lo"])
    high = cols[3].number_input(t("compare.ex_high"), float(spec.low), hi, d.high, format=fmt,
                                key=k["hi"])
    return explore.Span(param, int(n), float(low), float(high))


def explore_tab(config: SimConfig, names: list[str]) -> None:
    """The tab's body: the settings, then (when switched on) the figure."""
    st.markdown(t("compare.ex_intro", total=explore.MAX_GRID, max=explore.MAX_VALUES))
    link_error = urlstate.follow(P, lambda d: apply_link(config, d), PARAM)
    if link_error:
        st.warning(t("compare.ex_bad_link", msg=link_error))
    ss = st.session_state
    runs = [i for i, r in enumerate(config.optimizers) if explore.sweepable(r.name)]
    if not runs:
        st.info(t("compare.ex_no_param"))
        return
    if ss.get(RUN) not in runs:
        ss.pop(RUN, None)
    on = st.toggle(t("compare.ex_on"), key=ON)
    if not on:
        if PARAM in st.query_params:
            del st.query_params[PARAM]
        ss.pop(f"{P}._url_text", None)
        return
    widths = [1.6, 1.8, 1.1, 1.2, 1.2]
    rows = [st.columns(widths, vertical_alignment="bottom") for _ in range(2)]
    i = rows[0][0].selectbox(t("compare.ex_run"), runs, key=RUN, format_func=lambda k: names[k])
    run = config.optimizers[i]
    params = explore.sweepable(run.name)
    spans = []
    try:
        for slot, row in ((1, rows[0]), (2, rows[1])):
            if slot == 2 and len(params) < 2:
                break
            span = _slider(row[1:], slot, run.name, [p for p in params if
                                                     slot == 1 or p != spans[0].param],
                           float(run.hp["lr"]), DEFAULT_N[slot - 1])
            if span is not None:
                spans.append(span)
        ex = explore.ExploreConfig(i, tuple(spans))
        sweep = explore.sweep_config(config, ex, MAX_STEPS)
    except ValueError as e:
        st.error(t("compare.bad_input", msg=e))
        return
    urlstate.save_followed(P, ex.to_dict(), PARAM)
    surface = sweep.make_surface()
    with st.spinner(t("compare.ex_computing", runs=ex.runs)):
        v = explore.view("compare", sweep, ex.sweeps(),
                         labels(run.name, tr(surface.name), surface.axes), result_lines,
                         start=explore.start_of(config, ex))
    st.caption(t("compare.ex_help", runs=v.runs, kb=v.payload / 1000, steps=sweep.steps))
    st.plotly_chart(FrozenFigure(v.figure), key=f"{P}.fig")
    grid = surface_grid(sweep.surface, sweep.surface_params, formula=sweep.formula,
                        bounds=sweep.bounds)
    st.caption(t("compare.ex_rule", rule=arrival_rule(surface, grid.z)["header"]) + " "
               + t("compare.ex_build", ms=v.build_ms, runs=v.runs))
