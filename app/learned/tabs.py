"""The Learned-surfaces page's tabs: widgets -> frozen SimConfigs -> cached simulations ->
figures. No numbers are computed here beyond labels."""
from __future__ import annotations

import numpy as np
import streamlit as st

from app import page_links as links
from app.cache import config_key, simulation, surface_grid
from app.controls import param_widgets, suggested_lr
from app.figures import add_path, contour_figure, frozen
from app.learned.figures import curves, data_figure
from app.optimizer_menu import optimizer_keys, optimizer_label
from app.text import current_language, t, tr
from optim_core import OPTIMIZERS, SURFACES, OptimizerRun, SimConfig, gd_stability, get_surface

DATA_KEYS = [k for k, s in SURFACES.items() if s.data]
ONE_FEATURE = [k for k in DATA_KEYS if not k.startswith("scaling")]
name_of = {"format_func": lambda k: tr((OPTIMIZERS.get(k) or SURFACES[k]).name)}


def _first(key: str, arg: str, value) -> dict:
    """A widget's initial value, unless its state is already set (by a link or the user)."""
    return {} if key in st.session_state else {arg: value}


def _show(where, sink: list, fig):
    """Draw ``fig`` in ``where`` and keep it for the export row."""
    where.plotly_chart(fig)
    sink.append(fig)


def _rows(results, labels) -> list[dict]:
    """Per run and step: position, loss and gradient norm (the tab's data as CSV rows)."""
    return [{"run": lab, "step": i, "x": float(r.path[0, 0, i, 0]), "y": float(r.path[0, 0, i, 1]),
             "loss": float(r.loss[0, 0, i]), "grad_norm": float(r.grad_norm[0, 0, i])}
            for lab, r in zip(labels, results) for i in range(r.loss.shape[-1])]


def _error(where, e):
    where.error(t("learned.bad_input", msg=e))


def _optimizer(prefix: str, surface, default: str = "sgd"):
    keys = optimizer_keys()
    opt = st.selectbox(t("learned.optimizer"), keys, **_first(f"{prefix}.opt", "index",
                                                              keys.index(default)),
                       key=f"{prefix}.opt", format_func=optimizer_label)
    lkey = f"{prefix}.lr.{opt}.{surface.key}"
    lr = st.number_input(t("learned.lr"), 1e-10, 10.0, format="%.2e", key=lkey,
                         **_first(lkey, "value", suggested_lr(opt, surface)))
    try:
        return OptimizerRun(opt, (("lr", lr),))
    except ValueError as e:
        return _error(st, e)


def _paths_figure(surface, params, results, labels, title):
    fig = contour_figure(surface, surface_grid(surface.key, tuple(params.items())),
                         title=title, height=500)
    for i, (res, label) in enumerate(zip(results, labels)):
        add_path(fig, res.path[0, 0], name=label, index=i, diverged=res.diverged_at[0, 0] >= 0)
    return fig


def _diverged(results, labels):
    for res, label in zip(results, labels):
        if res.diverged_at[0, 0] >= 0:
            st.warning(t("learned.diverged", name=label, step=int(res.diverged_at[0, 0])))


def batch_tab():
    left, right = st.columns([1, 3], gap="large")
    with left:
        key = st.selectbox(t("learned.model"), DATA_KEYS, key="learned.b.surface", **name_of)
        params = param_widgets(SURFACES[key].params, f"learned.b.sp.{key}")
        try:
            surface = get_surface(key, params)
        except ValueError as e:
            return _error(left, e)
        run = _optimizer("learned.b", surface)
        if run is None:
            return
        n = surface.data.n
        epochs = st.slider(t("learned.epochs"), 1, 200, key="learned.b.epochs",
                           **_first("learned.b.epochs", "value", 20),
                           help=t("learned.epochs_help"))
        b = int(st.number_input(t("learned.batch"), 2, max(2, n - 1), key=f"learned.b.size.{n}",
                                **_first(f"learned.b.size.{n}", "value", min(10, max(2, n - 1)))))
        shuffle = st.toggle(t("learned.shuffle"), key="learned.b.shuffle",
                            **_first("learned.b.shuffle", "value", True))
        drop = st.toggle(t("learned.drop_last"), key="learned.b.drop",
                         **_first("learned.b.drop", "value", False))
        seed = int(st.number_input(t("learned.seed"), 0, 2 ** 31 - 1, key="learned.b.seed",
                                   **_first("learned.b.seed", "value", 0)))
    base = {"surface": key, "surface_params": tuple(params.items()), "optimizers": (run,),
                "starts": (surface.start,), "seed": seed, "shuffle": shuffle, "drop_last": drop}
    try:
        per_mini = SimConfig(**base, batch_size=b).batches_per_epoch
        per_sgd = SimConfig(**base, batch_size=1).batches_per_epoch
        configs = [SimConfig(**base, steps=epochs),
                   SimConfig(**base, batch_size=b, steps=epochs * per_mini),
                   SimConfig(**base, batch_size=1, steps=epochs * per_sgd)]
    except ValueError as e:
        return _error(left, e)
    labels = [t("learned.full", it=epochs), t("learned.mini", b=b, it=epochs * per_mini),
              t("learned.sgd", it=epochs * per_sgd)]
    with right, st.spinner(t("learned.computing")):
        st.markdown(t("learned.batch_help"))
        st.caption(t("learned.counts", n=n, mini=per_mini))
        results = [simulation(c) for c in configs]
        _diverged(results, labels)
        ck = (*(config_key(c) for c in configs), current_language())
        figs = []
        _show(st, figs, frozen(("learned.paths", *ck), lambda: _paths_figure(
            surface, params, results, labels,
            t("learned.paths_title", name=tr(surface.name), epochs=epochs))))
        per = [1, per_mini, per_sgd]
        _show(st, figs, frozen(("learned.loss", *ck), lambda: curves(
            {lab: (np.arange(len(r.loss[0, 0])) / p, r.loss[0, 0])
             for lab, r, p in zip(labels, results, per)},
            title=t("learned.loss_title"), xlabel=t("learned.epoch_axis"),
            ylabel=t("learned.loss_axis"))))
        if key in ONE_FEATURE:
            _show(st, figs, frozen(("learned.data", *ck), lambda: data_figure(
                key, params, {lab: tuple(r.path[0, 0, -1]) for lab, r in zip(labels, results)},
                title=t("learned.data_title"), xlabel=t("learned.data_x"),
                ylabel=t("learned.data_label" if key.startswith("logistic") else "learned.data_y"))))
    links.export_row("learned-batch", configs[1].to_dict(), _rows(results, labels), figs,
                     more={labels[0]: configs[0].to_dict(), labels[2]: configs[2].to_dict()})
    return {"epochs": epochs, "config": configs[1].to_dict()}


def _side_by_side(prefix: str, keys: tuple[str, str], labels: tuple[str, str], help_key: str,
                  default_steps: int, stability: bool = False):
    """Two surfaces, the same optimizer and rate. With ``stability`` the parameters mean
    different things on the two surfaces, so each starts from its own default point."""
    st.markdown(t(help_key))
    c = st.columns(4)
    surf0 = get_surface(keys[0])
    with c[0]:
        run = _optimizer(prefix, surf0)
    if run is None:
        return
    steps = c[1].slider(t("learned.steps"), 10, 2000, key=f"{prefix}.steps",
                        **_first(f"{prefix}.steps", "value", default_steps))
    if stability:
        starts = [SURFACES[k].start for k in keys]
    else:
        sx = c[2].number_input(t("learned.start_x"), format="%.4g", key=f"{prefix}.sx",
                               **_first(f"{prefix}.sx", "value", float(surf0.start[0])))
        sy = c[3].number_input(t("learned.start_y"), format="%.4g", key=f"{prefix}.sy",
                               **_first(f"{prefix}.sy", "value", float(surf0.start[1])))
        starts = [(sx, sy)] * 2
    try:
        configs = [SimConfig(surface=k, optimizers=(run,), starts=(s,), steps=steps)
                   for k, s in zip(keys, starts)]
    except ValueError as e:
        return _error(st, e)
    with st.spinner(t("learned.computing")):
        results = [simulation(cfg) for cfg in configs]
    ck = (*(config_key(c) for c in configs), current_language())
    figs = []
    cols = st.columns(2)
    for col, key, label, res in zip(cols, keys, labels, results):
        surface = get_surface(key)
        with col:
            st.subheader(label)
            if stability:
                st.caption(_stability(surface, label))
            _diverged([res], [label])
            _show(st, figs, frozen(("learned.side", key, *ck), lambda surface=surface, res=res, run=run: _paths_figure(
                surface, {}, [res], [tr(OPTIMIZERS[run.name].name)], tr(surface.name))))
    _show(st, figs, frozen(("learned.side_loss", *ck), lambda: curves(
        {lab: (np.arange(steps + 1), r.loss[0, 0]) for lab, r in zip(labels, results)},
        title=t("learned.loss_steps_title"), xlabel=t("learned.step_axis"),
        ylabel=t("learned.loss_axis"))))
    _show(st, figs, frozen(("learned.side_grad", *ck), lambda: curves(
        {lab: (np.arange(steps + 1), r.grad_norm[0, 0]) for lab, r in zip(labels, results)},
        title=t("learned.grad_title"), xlabel=t("learned.step_axis"),
        ylabel=t("learned.grad_axis"))))
    name = prefix.rsplit(".", 1)[-1]
    links.export_row(f"learned-{name}", configs[0].to_dict(), _rows(results, labels), figs,
                     more={keys[1]: configs[1].to_dict()})
    return {"config": configs[0].to_dict()}


def _stability(surface, label) -> str:
    """The Hessian's eigenvalues at the start (constant on a squared-error surface)."""
    s = gd_stability(surface, surface.start)
    return t("learned.stability", name=label, lmin=s.smallest, lmax=s.largest,
             cond=s.condition, limit=s.limit)


def logistic_tab():
    return _side_by_side("learned.l", ("logistic_mse", "logistic_ce"),
                  (t("learned.mse"), t("learned.ce")), "learned.logistic_help", 300)


def scaling_tab():
    return _side_by_side("learned.s", ("scaling_raw", "scaling_std"),
                  (t("learned.raw"), t("learned.std")), "learned.scaling_help", 300, stability=True)


PREFIX = "learned"
TABS = ("batch", "logistic", "scaling", "softmax")
SIDES = {"logistic": ("learned.l", ("logistic_mse", "logistic_ce"), False),
         "scaling": ("learned.s", ("scaling_raw", "scaling_std"), True)}


def _apply_optimizer(prefix: str, cfg: SimConfig) -> None:
    if len(cfg.optimizers) != 1 or cfg.optimizers[0] != OptimizerRun(
            cfg.optimizers[0].name, (("lr", dict(cfg.optimizers[0].params)["lr"]),)):
        links.note(PREFIX, t("links.partial", what="optimizers"))
    run = cfg.optimizers[0]
    links.choose(PREFIX, f"{prefix}.opt", run.name, optimizer_keys(), "optimizer")
    links.clamp(PREFIX, f"{prefix}.lr.{run.name}.{cfg.surface}", dict(run.params)["lr"],
                1e-10, 10.0, "lr")


def _apply_batch(d: dict) -> None:
    ss, cfg = st.session_state, SimConfig.from_dict(d.get("config", {}))
    if cfg.surface not in DATA_KEYS:
        links.note(PREFIX, t("links.bad_value", name="surface", value=cfg.surface))
        return
    ss["learned.b.surface"] = cfg.surface
    for name, value in cfg.surface_params:
        ss[f"learned.b.sp.{cfg.surface}.{name}"] = value
    _apply_optimizer("learned.b", cfg)
    n = get_surface(cfg.surface, dict(cfg.surface_params)).data.n
    if cfg.batch_size:
        links.clamp(PREFIX, f"learned.b.size.{n}", cfg.batch_size, 2, max(2, n - 1), "batch_size")
    ss["learned.b.shuffle"], ss["learned.b.drop"] = bool(cfg.shuffle), bool(cfg.drop_last)
    links.clamp(PREFIX, "learned.b.seed", cfg.seed, 0, 2 ** 31 - 1, "seed")
    if "epochs" in d:
        links.clamp(PREFIX, "learned.b.epochs", d["epochs"], 1, 200, "epochs")


def _apply_side(tab: str, d: dict) -> None:
    prefix, keys, stability = SIDES[tab]
    raw = dict(d.get("config", {}))
    steps = raw.pop("steps", 300)         # checked against the slider below, not the core
    cfg = SimConfig.from_dict(raw)
    if cfg.surface != keys[0]:
        links.note(PREFIX, t("links.bad_value", name="surface", value=cfg.surface))
        return
    _apply_optimizer(prefix, cfg)
    links.clamp(PREFIX, f"{prefix}.steps", steps, 10, 2000, "steps")
    if not stability:
        st.session_state[f"{prefix}.sx"], st.session_state[f"{prefix}.sy"] = cfg.starts[0]


def apply_url_config(d: dict) -> None:
    """Copy a shared document ({"tab", one section per tab}) into widget state."""
    for tab in TABS:
        if isinstance(d.get(tab), dict):
            try:
                if tab == "softmax":
                    from app.learned.softmax import apply
                    apply(d[tab])
                else:
                    _apply_batch(d[tab]) if tab == "batch" else _apply_side(tab, d[tab])
            except (ValueError, TypeError, KeyError) as e:
                links.note(PREFIX, t("links.unreadable", msg=e))
