"""A race's runs, shared by the Compare and Neural-network pages: the same optimizer
several times with different settings too. A run id is the optimizer's key for its first
run and ``key~n`` for the next ones; each run's settings live in widget state under the
page's prefixes (its hyper-parameters under ``menu.hp(rid)``, its schedule under
:func:`app.controls.schedule_picker`'s ``<prefix>.sched.<rid>`` keys)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from app.controls import param_widgets, params_state, schedule_picker
from app.text import t
from optim_core import SCHEDULES, OptimizerRun

SYMBOLS = {"lr": "η"}        # how a label names a setting


@dataclass(frozen=True)
class RunMenu:
    """How one page names, stores and draws its runs."""
    prefix: str                              # the page's widget prefix ("cmp", "net")
    hp: Callable[[str], str]                 # run id -> widget-key prefix of its params
    specs: Callable[[str], tuple]            # optimizer key -> its Param specs
    name: Callable[[str], str]               # optimizer key -> its name, in the language
    scheduled: Callable[[str], bool] = lambda key: True   # may the optimizer take a schedule

    @property
    def runs(self) -> str:
        return f"{self.prefix}.runs"

    def sched(self, rid: str) -> str:
        return f"{self.prefix}.sched.{rid}"

    def sched_params(self, rid: str) -> str:
        return f"{self.prefix}.ssp.{rid}"


def run_key(run_id: str) -> str:
    """The optimizer key of a run id ("sgd~1" -> "sgd")."""
    return run_id.split("~")[0]


def run_ids(keys) -> list[str]:
    """Run ids for optimizer keys in order: the first run of an optimizer is its key, the
    next ones key~1, key~2, ..."""
    seen: dict[str, int] = {}
    out = []
    for k in keys:
        n = seen.get(k, 0)
        seen[k] = n + 1
        out.append(k if n == 0 else f"{k}~{n}")
    return out


def next_id(runs: list[str], key: str) -> str:
    used = [int(r.split("~")[1]) for r in runs if "~" in r and run_key(r) == key]
    return f"{key}~{max(used, default=0) + 1}"


def _copy_state(src: str, dst: str) -> None:
    """Every widget value under ``src`` (the key itself, or ``src.*``) copied to ``dst``."""
    ss = st.session_state
    for name in [k for k in ss if str(k) == src or str(k).startswith(src + ".")]:
        ss[dst + str(name)[len(src):]] = ss[name]


def add_run(menu: RunMenu, key: str) -> str:
    """Button callback: one more run of ``key``, starting from its first run's settings
    (hyper-parameters and schedule). Returns the new run's id."""
    ss = st.session_state
    runs = list(ss.get(menu.runs, []))
    rid = next_id(runs, key)
    for src, dst in ((menu.hp(key), menu.hp(rid)), (menu.sched(key), menu.sched(rid)),
                     (menu.sched_params(key), menu.sched_params(rid))):
        _copy_state(src, dst)
    ss[menu.runs] = [*runs, rid]
    return rid


def remove_run(menu: RunMenu, rid: str) -> None:
    st.session_state[menu.runs] = [r for r in st.session_state.get(menu.runs, []) if r != rid]


def sync_runs(menu: RunMenu, keys) -> list[str]:
    """The run ids for the chosen optimizer ``keys``: the runs kept so far whose optimizer
    is still chosen, then a first run of each newly chosen one."""
    ss = st.session_state
    runs = [r for r in ss.get(menu.runs, []) if run_key(r) in keys]
    runs += [k for k in keys if k not in runs]
    ss[menu.runs] = runs
    return runs


def run_title(menu: RunMenu, rid: str) -> str:
    name = menu.name(run_key(rid))
    if "~" in rid:
        return t("compare.run_copy", name=name, n=int(rid.split("~")[1]) + 1)
    return t("controls.hyper", name=name)


def run_settings(menu: RunMenu, rid: str, values: dict | None = None, skip=(),
                 button=None) -> tuple[dict, str | None, tuple]:
    """One run's widgets (call inside its expander): its hyper-parameters but ``skip``,
    its schedule when the optimizer takes one, and for a copy a remove button (``button``:
    ``st.button``, or ``st.form_submit_button`` inside a form). Returns ``(hp, schedule,
    schedule params)``."""
    key = run_key(rid)
    specs = tuple(p for p in menu.specs(key) if p.name not in skip)
    hp = param_widgets(specs, menu.hp(rid), values)
    sched, sp = schedule_picker(menu.prefix, rid) if menu.scheduled(key) else (None, {})
    if "~" in rid:
        (button or st.button)(t("compare.remove_run"), key=f"{menu.prefix}.rm.{rid}",
                              on_click=remove_run, args=(menu, rid))
    return hp, sched, tuple(sp.items())


def runs_state(menu: RunMenu, runs) -> dict:
    """The session-state entries that make the picker show ``runs`` (OptimizerRun each),
    in order: the run ids, each run's hyper-parameters and schedule (how a link restores
    a race)."""
    ids = run_ids([r.name for r in runs])
    out: dict = {menu.runs: ids}
    for rid, run in zip(ids, runs):
        out.update(params_state(menu.specs(run.name), run.params, menu.hp(rid)))
        out[menu.sched(rid)] = run.schedule or ""
        if run.schedule is not None:
            out.update(params_state(SCHEDULES[run.schedule].params, run.schedule_params,
                                    f"{menu.sched_params(rid)}.{run.schedule}"))
    return out


def _value(v) -> str:
    if isinstance(v, tuple):
        return "(" + ", ".join(_value(x) for x in v) + ")"
    return f"{v:g}" if isinstance(v, float) else str(v)


def _differ(pairs, others) -> list[str]:
    return [f"{SYMBOLS.get(k, k)}={_value(v)}" for k, v in pairs
            if any(dict(o).get(k) != v for o in others)]


def run_labels(runs: tuple[OptimizerRun, ...], name: Callable[[str], str]) -> list[str]:
    """A label per run: the optimizer's name, and for an optimizer raced more than once the
    settings that differ between its runs ("SGD η=0.01", "SGD η=0.001", "SGD step_lr
    gamma=0.5"); a number when even those are the same."""
    out = []
    for i, r in enumerate(runs):
        same = [o for o in runs if o.name == r.name]
        if len(same) == 1:
            out.append(name(r.name))
            continue
        parts = _differ(r.params, [o.params for o in same])
        if any(o.schedule != r.schedule for o in same):
            parts.append(r.schedule or "constant")
        peers = [o.schedule_params for o in same if o.schedule == r.schedule]
        if r.schedule is not None:
            extra = _differ(r.schedule_params, peers)
            if extra and r.schedule not in parts:
                parts.append(r.schedule)
            parts += extra
        label = f"{name(r.name)} {' '.join(parts)}" if parts else name(r.name)
        twins = [j for j, o in enumerate(runs) if o == r]
        if len(twins) > 1:
            label += f" ({twins.index(i) + 1})"
        out.append(label)
    return out
