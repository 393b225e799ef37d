"""Widgets -> frozen configs for the Basins page (a basin map and a fair race), and the
URL round trip of the map's configuration."""
from __future__ import annotations

import numpy as np
import streamlit as st

from app.controls import optimizer_picker, params_state, surface_state
from app.text import t, tr
from optim_core import (
    BASIN_LIMITS,
    METRICS,
    OPTIMIZERS,
    TUNE_LIMITS,
    BasinConfig,
    OptimizerRun,
    TuneConfig,
)

PREFIX = "bas"
DEFAULT = {"surface": "himmelblau", "optimizers": ("sgd", "momentum", "adam"),
           "resolution": 64, "steps": 300}
# first-visit rates that show the three stories on Himmelblau within 300 steps
DEFAULT_HP = {"sgd": {"lr": 0.01}, "momentum": {"lr": 0.01}, "adam": {"lr": 0.1}}
RACE = {"optimizers": ("sgd", "momentum", "adam"), "lr_min": 1e-4, "lr_max": 3.0,
        "lr_points": 16, "steps": 300, "starts": 3, "metric": "steps_to_loss",
        "target": 1e-2}


TABS = ("maps", "race")
# the widgets of each tab: kept while the other tab is open (only the open tab is drawn)
MAP_KEYS = (f"{PREFIX}.resolution", f"{PREFIX}.steps", f"{PREFIX}.opts")
RACE_KEYS = tuple(f"{PREFIX}.race.{k}" for k in (
    "opts", "lr_min", "lr_max", "lr_points", "second", "second_values", "metric", "target",
    "steps", "starts", "noise", "seeds"))


def link_tab() -> str | None:
    """The tab a link being opened asks for (before its configs are loaded): the race for
    a race link without a map, or with ``tab=race``; the maps for a map link; else None."""
    ss, q = st.session_state, st.query_params
    new_map = "cfg" in q and not ss.get(f"{PREFIX}._url_loaded")
    new_race = "race" in q and not ss.get(f"{PREFIX}.race._url_loaded")
    if new_race and (not new_map or q.get("tab") == "race"):
        return "race"
    return "maps" if new_map else None


def tabs(labels: list[str], want: str | None):
    """The page's tabs, only the open one computed (``.open``); the open tab survives
    reruns and language switches, ``want`` (a link's) opens another. Returns the
    containers and the open tab's key; writes ``tab=race`` into the URL while the race
    is open, so a copied link opens it."""
    ss, key, last = st.session_state, f"{PREFIX}.tab", f"{PREFIX}._tab"
    if want is not None:
        ss[last] = want
    if want is not None or ss.get(key) not in labels:
        ss[key] = labels[TABS.index(ss.get(last, TABS[0]))]
    containers = st.tabs(labels, key=key, on_change="rerun")
    open_key = next((k for k, c in zip(TABS, containers) if c.open), TABS[0])
    ss[last] = open_key
    closed = RACE_KEYS if open_key == "maps" else (*MAP_KEYS, *(
        k for k in list(ss.keys()) if isinstance(k, str) and k.startswith(f"{PREFIX}.hp.")))
    for k in closed:
        if k in ss:       # the closed tab's widgets keep their values
            ss[k] = ss[k]
    if open_key == "race":
        if st.query_params.get("tab") != "race":
            st.query_params["tab"] = "race"
    elif "tab" in st.query_params:
        del st.query_params["tab"]
    return containers, open_key


def _initial(key: str, default) -> dict:
    """``value=`` for a widget whose key is not yet in session state (set by a link)."""
    return {} if key in st.session_state else {"value": default}


def seed_defaults(surface_key: str) -> None:
    """On a first visit, preset the optimizers' rates the map opens with."""
    if surface_key != DEFAULT["surface"]:
        return
    for name, hp in DEFAULT_HP.items():
        for p, v in hp.items():
            st.session_state.setdefault(f"{PREFIX}.hp.{surface_key}.{name}.{p}", v)


def map_config(surf: dict, spec, cols) -> BasinConfig | None:
    """The map's widgets (in three containers) -> BasinConfig (None when no optimizer is
    chosen). Raises ValueError for a bad combination (the page shows it)."""
    res = cols[0].slider(t("basins.resolution"), 16, BASIN_LIMITS["resolution"], step=16,
                         key=f"{PREFIX}.resolution", help=t("basins.resolution_help"),
                         **_initial(f"{PREFIX}.resolution", DEFAULT["resolution"]))
    steps = cols[1].slider(t("basins.steps"), 10, BASIN_LIMITS["steps"], step=10,
                           key=f"{PREFIX}.steps", **_initial(f"{PREFIX}.steps", DEFAULT["steps"]))
    seed_defaults(spec.key)
    with cols[2]:
        chosen = optimizer_picker(PREFIX, spec, DEFAULT["optimizers"], None)
    if not chosen:
        return None
    return BasinConfig(optimizers=tuple(OptimizerRun(k, tuple(hp.items())) for k, hp in chosen),
                       resolution=res, steps=steps, **surf)


def apply_url_config(d: dict) -> None:
    """Copy a shared map configuration (the CLI's JSON) into the widgets' state."""
    cfg = BasinConfig.from_dict(d)
    ss = st.session_state
    ss.update(surface_state(PREFIX, cfg))
    ss[f"{PREFIX}.resolution"] = cfg.resolution - cfg.resolution % 16 or 16
    ss[f"{PREFIX}.steps"] = max(10, cfg.steps - cfg.steps % 10)
    ss[f"{PREFIX}.opts"] = list(dict.fromkeys(r.name for r in cfg.optimizers))
    for run in cfg.optimizers:
        ss.update(params_state(OPTIMIZERS[run.name].params, run.params,
                               f"{PREFIX}.hp.{cfg.surface}.{run.name}"))


def apply_race_config(d: dict) -> None:
    """Copy a shared race configuration (the CLI's JSON) into the race widgets' state."""
    cfg = TuneConfig.from_dict(d)
    ss, p = st.session_state, f"{PREFIX}.race"
    ss.update(surface_state(PREFIX, cfg))
    ss[f"{p}.opts"] = list(dict.fromkeys(r.name for r in cfg.optimizers))
    ss[f"{p}.lr_min"], ss[f"{p}.lr_max"] = cfg.lr_min, cfg.lr_max
    ss[f"{p}.lr_points"] = max(2, cfg.lr_points)
    ss[f"{p}.second"] = bool(cfg.second)
    if cfg.second:
        ss[f"{p}.second_values"] = ", ".join(f"{v:g}" for v in cfg.second[0][2])
    ss[f"{p}.metric"], ss[f"{p}.target"] = cfg.metric, cfg.target
    ss[f"{p}.steps"] = min(1000, max(10, cfg.steps - cfg.steps % 10))
    ss[f"{p}.starts"] = min(16, len(cfg.starts))
    ss[f"{p}.noise"], ss[f"{p}.seeds"] = cfg.noise, min(8, cfg.seeds)


def race_starts(spec, n: int) -> tuple:
    """The surface's start, then ``n - 1`` fixed draws from the middle 80 % of the domain."""
    xmin, xmax, ymin, ymax = spec.bounds
    rng = np.random.default_rng(0)
    u = rng.uniform(0.1, 0.9, (max(n - 1, 0), 2))
    extra = [(float(f"{xmin + a * (xmax - xmin):.4g}"), float(f"{ymin + b * (ymax - ymin):.4g}"))
             for a, b in u]
    return (tuple(spec.start), *extra)


def _second_param(name: str) -> str | None:
    allowed = TuneConfig.second_params(name)
    return "beta1" if "beta1" in allowed else "momentum" if "momentum" in allowed else None


def parse_values(text: str) -> tuple[float, ...]:
    try:
        vals = tuple(float(v) for v in text.replace(";", ",").split(",") if v.strip())
    except ValueError:
        raise ValueError(t("basins.bad_values")) from None
    if not vals:
        raise ValueError(t("basins.bad_values"))
    return vals


def race_config(surf: dict, spec) -> TuneConfig | None:
    """The fair race's widgets -> TuneConfig (None when no optimizer is chosen)."""
    p = f"{PREFIX}.race"
    names = st.multiselect(t("basins.race_optimizers"), list(OPTIMIZERS), key=f"{p}.opts",
                           max_selections=TUNE_LIMITS["optimizers"],
                           format_func=lambda k: tr(OPTIMIZERS[k].name),
                           **({} if f"{p}.opts" in st.session_state
                              else {"default": list(RACE["optimizers"])}))
    a, b = st.columns(2)
    lo = a.number_input(t("basins.lr_min"), 1e-8, 10.0, format="%.1e", key=f"{p}.lr_min",
                        **_initial(f"{p}.lr_min", RACE["lr_min"]))
    hi = b.number_input(t("basins.lr_max"), 1e-8, 10.0, format="%.1e", key=f"{p}.lr_max",
                        **_initial(f"{p}.lr_max", RACE["lr_max"]))
    points = st.slider(t("basins.lr_points"), 2, TUNE_LIMITS["lr_points"], key=f"{p}.lr_points",
                       **_initial(f"{p}.lr_points", RACE["lr_points"]))
    second = ()
    if st.toggle(t("basins.second"), key=f"{p}.second", help=t("basins.second_help")):
        vals = parse_values(st.text_input(t("basins.second_values"), key=f"{p}.second_values",
                                          **_initial(f"{p}.second_values", "0.5, 0.9, 0.99")))
        second = tuple((n, _second_param(n), vals) for n in dict.fromkeys(names)
                       if _second_param(n))
    metric = st.selectbox(t("basins.metric"), METRICS, key=f"{p}.metric",
                          format_func=lambda m: t(f"basins.metric_{m}"),
                          **({} if f"{p}.metric" in st.session_state
                             else {"index": METRICS.index(RACE["metric"])}))
    target = st.session_state.get(f"{p}.target", RACE["target"])   # kept when not shown
    if metric == "steps_to_loss":
        target = st.number_input(t("basins.target"), -1e6, 1e6, format="%.2e",
                                 key=f"{p}.target", **_initial(f"{p}.target", RACE["target"]))
    steps = st.slider(t("basins.steps"), 10, 1000, step=10, key=f"{p}.steps",
                      **_initial(f"{p}.steps", RACE["steps"]))
    n = st.slider(t("basins.race_starts"), 1, 16, key=f"{p}.starts",
                  help=t("basins.race_starts_help"), **_initial(f"{p}.starts", RACE["starts"]))
    noise = st.number_input(t("basins.noise"), 0.0, 100.0, key=f"{p}.noise",
                            **_initial(f"{p}.noise", 0.0))
    seeds = st.slider(t("basins.seeds"), 1, 8, key=f"{p}.seeds", disabled=noise == 0,
                      **_initial(f"{p}.seeds", 1))
    if not names:
        return None
    return TuneConfig(optimizers=tuple(names), lr_min=lo, lr_max=hi, lr_points=points,
                      second=second, starts=race_starts(spec, n),
                      seeds=seeds if noise > 0 else 1, noise=noise, steps=steps,
                      metric=metric, target=target, **surf)
