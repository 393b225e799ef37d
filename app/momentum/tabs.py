"""The Momentum page's tabs: widgets -> frozen config -> cached core call -> figures."""
from __future__ import annotations

import streamlit as st

from app import explore
from app.controls import suggested_lr
from app.figures import FrozenFigure
from app.momentum import figures
from app.momentum.view import explore_view
from app.text import t, tr
from optim_core import (
    OPTIMIZERS,
    QUADRATIC_LIMITS,
    SURFACES,
    QuadraticConfig,
    eigenvalues,
    optimal,
    radius,
    steps_to,
)

PREFIX = "mom"
ONE_SLIDER, TWO_SLIDERS = 64, (32, 16)   # values per slider
EXPLORE_STEPS = 300
NONE = "none"                            # no second slider


def _steps_text(n) -> str:
    return t("momentum.never", n=QUADRATIC_LIMITS["steps"]) if n is None else t("momentum.n_steps", n=n)


def _bound_text(rate: float) -> str:
    n = steps_to(rate)
    return t("momentum.diverges") if n == float("inf") else t("momentum.n_steps", n=n)


def quadratic_controls() -> QuadraticConfig | None:
    """The spectrum and the setting, in the sidebar-like left column."""
    kappa = st.select_slider(t("momentum.kappa"), [2, 5, 10, 20, 50, 100, 200, 500, 1000, 10_000],
                             100, key=f"{PREFIX}.kappa", help=t("momentum.kappa_help"))
    n = st.slider(t("momentum.n"), 2, 12, 6, key=f"{PREFIX}.n")
    steps = st.slider(t("momentum.steps"), 20, 500, 150, 10, key=f"{PREFIX}.steps")
    lams = eigenvalues(float(kappa), n)
    a_opt, b_opt, _ = optimal(lams[0], lams[-1])
    alpha = beta = None
    if not st.toggle(t("momentum.use_optimum"), True, key=f"{PREFIX}.opt"):
        alpha = st.number_input(t("momentum.alpha"), 1e-6, 10.0, float(f"{a_opt:.4g}"),
                                format="%.5f", key=f"{PREFIX}.alpha.{kappa}")
        beta = st.slider(t("momentum.beta"), 0.0, 0.999, float(round(b_opt, 3)), 0.001,
                         format="%.3f", key=f"{PREFIX}.beta.{kappa}")
    try:
        return QuadraticConfig(kappa=float(kappa), n=n, alpha=alpha, beta=beta, steps=steps)
    except ValueError as e:
        st.error(t("momentum.bad_input", msg=e))
        return None


def summary(r) -> None:
    a_gd, r_gd = r.gd
    a_opt, b_opt, r_opt = r.optimum
    with st.expander(t("momentum.rule_title")):
        st.markdown(t("momentum.update_rule"))
    st.markdown(t("momentum.numbers", kappa=r.config.kappa, a_gd=a_gd, r_gd=r_gd,
                  n_gd=_bound_text(r_gd), a_opt=a_opt, b_opt=b_opt, r_opt=r_opt,
                  n_opt=_bound_text(r_opt), m_gd=_steps_text(r.gd_measured),
                  m_opt=_steps_text(r.opt_measured)))
    gd_same = float(radius(r.alpha, 0.0, r.lams).max())   # GD at the same alpha
    st.markdown(t("momentum.current", alpha=r.alpha, beta=r.beta, rate=float(r.rates.max()),
                  n_bound=_bound_text(float(r.rates.max())), measured=_steps_text(r.measured),
                  gd_rate=gd_same, n_gd=_bound_text(gd_same)))


def decomposition(r) -> None:
    st.plotly_chart(figures.decomposition(r))
    st.caption(t("momentum.decomp_help"))


def rate_map(r) -> None:
    st.plotly_chart(figures.rate_map(r))
    st.caption(t("momentum.map_help"))


def ball(r) -> None:
    i = st.select_slider(t("momentum.ball_lam"), list(range(len(r.lams))), 0,
                         format_func=lambda k: f"{r.lams[k]:.3g}", key=f"{PREFIX}.ball")
    st.plotly_chart(figures.ball(r, i))
    st.caption(t("momentum.ball_help"))


def explore_section(kappa: float) -> None:
    """Pick a surface, an optimizer and one or two hyper-parameters; get the instant figure.
    The ill-conditioned quadratic takes the page's kappa (within its registry range)."""
    c = st.columns(4)
    surface = c[0].selectbox(t("momentum.explore_surface"), [k for k in SURFACES
                                                             if not SURFACES[k].data],
                             index=list(SURFACES).index("ill_conditioned"),
                             format_func=lambda k: tr(SURFACES[k].name), key=f"{PREFIX}.ex.surf")
    opts = [k for k in OPTIMIZERS if explore.sweepable(k)]
    opt = c[1].selectbox(t("momentum.explore_optimizer"), opts, index=opts.index("momentum"),
                         format_func=lambda k: tr(OPTIMIZERS[k].name), key=f"{PREFIX}.ex.opt")
    params = explore.sweepable(opt)
    name = {p: t(f"momentum.param_{p}").rstrip(" =") for p in params}
    p1 = c[2].selectbox(t("momentum.explore_param"), params, format_func=name.get,
                        key=f"{PREFIX}.ex.p1.{opt}")
    rest = [NONE, *(p for p in params if p != p1)]
    p2 = c[3].selectbox(t("momentum.explore_param2"), rest, key=f"{PREFIX}.ex.p2.{opt}",
                        index=1 if len(rest) > 1 and p1 == "lr" else 0,
                        format_func=lambda p: t("momentum.explore_none") if p == NONE else name[p])
    spec = SURFACES[surface]
    where = {"surface": surface}
    if surface == "ill_conditioned":
        p = next(p for p in spec.params if p.name == "kappa")
        where["surface_params"] = (("kappa", min(max(kappa, p.low), p.high)),)
        st.caption(t("momentum.explore_kappa", kappa=where["surface_params"][0][1]))
    hp = {p.name: p.default for p in OPTIMIZERS[opt].params}
    hp["lr"] = suggested_lr(opt, surface)
    counts = (ONE_SLIDER,) if p2 == NONE else TWO_SLIDERS
    sweeps = tuple(explore.Sweep(p, explore.sweep_values(opt, p, n, hp["lr"]))
                   for p, n in zip((p1, p2), counts) if p != NONE)
    try:
        config = explore.explore_config(where, opt, hp, sweeps, EXPLORE_STEPS, spec.start)
    except ValueError as e:
        st.error(t("momentum.bad_input", msg=e))
        return
    with st.spinner(t("common.computing")):
        view = explore_view(config, sweeps)
    st.markdown(t("momentum.explore_help", runs=view.runs, kb=view.payload / 1000))
    st.plotly_chart(FrozenFigure(view.figure), key=f"{PREFIX}.ex.fig")
    st.caption(t("momentum.explore_build", ms=view.build_ms, runs=view.runs))
