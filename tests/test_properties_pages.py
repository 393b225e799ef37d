"""Property-based tests (hypothesis) of every page's link (issue 12): for any ``?cfg=`` (and
``?race=``, ``?scene=``, ``?present=``, ``?lang=``) built from the page's own document with
any of its values replaced (registry entries of every registry, values in and out of
range, wrong types, huge numbers, NaN and Infinity, deep nesting, unreadable text), the
page ends in a result or a one-line named message, never an exception.

Two layers: the decoding path (``urlstate.decode`` and the page's ``apply`` into session
state) over hundreds of examples, in this process with a plain dict as session state;
and the real page (AppTest) over a few examples per page."""
from __future__ import annotations

import base64
import json
import math

import pytest
import streamlit as st
from conftest import ENTRY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_

from app import urlstate
from optim_core import OPTIMIZERS, SCHEDULES, SURFACES
from optim_core.datasets import CLASSIFICATION, REGRESSION

BROAD = settings(max_examples=150, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# a real page run costs 0.3-8 s (a network trains, a learned surface's critical points):
# fewer examples where one costs more, so the file stays near a minute and a half
EXAMPLES = {"network": 5, "critical": 5, "basins": 6, "momentum": 4}


def page_settings(page: str):
    return settings(max_examples=EXAMPLES.get(page, 8), deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

# every registry's keys: a string anywhere in a document may become any of them
KEYS = sorted({*OPTIMIZERS, *SURFACES, *SCHEDULES, *CLASSIFICATION, *REGRESSION, "formula",
               "nope", ""})
JUNK = st_.one_of(st_.none(), st_.booleans(), st_.integers(-10 ** 20, 10 ** 20), st_.floats(),
                  st_.sampled_from([1e308, -1e308, 2 ** 63, 10 ** 400, 1e-320]),
                  st_.text(max_size=6), st_.sampled_from(KEYS),
                  st_.lists(st_.integers(-3, 3), max_size=3),
                  st_.dictionaries(st_.sampled_from(KEYS), st_.integers(-2, 2), max_size=2))

# each page's document as the page writes it (every tab opened once)
OPT = [{"name": "momentum", "params": {"lr": 0.01, "momentum": 0.9}},
       {"name": "adam", "params": {"lr": 0.05, "betas": [0.9, 0.999]},
        "schedule": {"name": "warmup_cosine", "params": {"T_max": 30, "total_iters": 3}}}]
SIM = {"surface": "himmelblau", "surface_params": {}, "optimizers": OPT, "starts": [[0.0, 0.0]],
       "steps": 60, "noise": 0.0, "seed": 0, "clip": 0.0, "record_rates": True}
LEARNED = {"surface": "linreg", "surface_params": {"n": 40, "noise": 0.5, "seed": 0},
           "optimizers": [{"name": "sgd", "params": {"lr": 0.05}}], "starts": [[-1.5, -2.5]],
           "steps": 40, "batch_size": 10, "shuffle": True, "drop_last": False}
NET = {"net": {"data": "moons", "n": 40, "width": 4, "depth": 1, "epochs": 2, "batch_size": 20,
               "activation": "tanh", "val_fraction": 0.25},
       "optimizers": [{"name": "adam", "params": {"lr": 0.01}}]}
DOCS = {
    "compare": {"cfg": SIM},
    "schedules": {"cfg": {"tab": "builder", "builder": {**SIM, "optimizers": [
        {"name": "momentum", "params": {"lr": 0.01}},
        {"name": "momentum", "params": {"lr": 0.01}, "schedule": {
            "name": "onecycle", "params": {"max_lr": 0.1, "total_steps": 60}}}]},
        "stuck": {"lr": 0.099}, "adaptive": {"surface": "ill_conditioned"},
        "sweep": {"surface": "rosenbrock", "optimizers": ["sgd", "adam"], "steps": 60,
                  "rates": 8, "lr_min": 1e-4, "lr_max": 1.0}}},
    "critical": {"cfg": {
        "critical": {"surface": "lecture_w1w2", "surface_params": {}, "grid": 20,
                     "max_iter": 50},
        "escape": {"surface": "lecture_w1w2", "point": [0.0, 0.0], "radius": 0.5, "lr": 0.05,
                   "momentum": 0.9, "kick": 0.05, "seeds": 8, "steps": 100,
                   "sigmas": [0.0, 0.01, 0.1]},
        "taylor": 1.0, "paths_sigma": 3}},
    "learned": {"cfg": {"tab": "batch", "batch": {"config": LEARNED, "epochs": 5},
                        "logistic": {"config": {**LEARNED, "surface": "logistic_mse",
                                                "surface_params": {"n": 40}}},
                        "scaling": {"config": {**LEARNED, "surface": "scaling_raw",
                                               "surface_params": {"n": 30}}}}},
    "network": {"cfg": {"tab": "training", "train": NET, "training": {"boundary": 0},
                        "landscape": {"center": 0, "plane": "pca", "resolution": 11,
                                      "span": 1.0, "seed": 0},
                        "hessian": {"run": 0, "points": 2, "max_products": 20},
                        "range": {"optimizer": 0, "lr_min": 1e-4, "lr_max": 1.0,
                                  "iterations": 20}}},
    "basins": {"cfg": {"surface": "himmelblau", "optimizers": OPT[:1], "resolution": 16,
                       "steps": 20},
               "race": {"surface": "himmelblau", "optimizers": OPT[:1], "lr_points": 3,
                        "steps": 20, "starts": [[0.0, 0.0]], "metric": "steps_to_loss",
                        "target": 0.01}},
    "momentum": {"cfg": {"kappa": 100, "n": 6}},
    "lesson": {},
}
# what tends to break a page: every tab key, optimizer and schedule lists, deep nesting
TAB_KEYS = ["builder", "stuck", "sweep", "adaptive", "batch", "logistic", "scaling",
            "training", "landscape", "hessian", "range"]


def optimizer_run():
    return st_.sampled_from([*OPTIMIZERS, "nope"]).flatmap(lambda k: st_.one_of(
        st_.just(k), st_.fixed_dictionaries({"name": st_.just(k)}, optional={
            "params": st_.dictionaries(st_.sampled_from(["lr", "momentum", "betas", "eps",
                                                         "weight_decay", "bogus\nkey"]),
                                       st_.one_of(st_.floats(-1, 2), JUNK), max_size=2),
            "schedule": st_.fixed_dictionaries({"name": st_.sampled_from([*SCHEDULES, 5])},
                                               optional={"params": JUNK})})))


def mutated(value, depth: int = 0):
    """``value`` with any part of it kept, changed or replaced by junk."""
    if isinstance(value, dict):
        fields = {k: mutated(v, depth + 1) for k, v in value.items()}
        if "optimizers" in value:
            fields["optimizers"] = st_.one_of(
                fields["optimizers"], st_.lists(optimizer_run(), min_size=0, max_size=3))
        if "tab" in value:
            fields["tab"] = st_.one_of(st_.sampled_from(TAB_KEYS), JUNK)
        return st_.fixed_dictionaries({}, optional={**fields, "bogus\nkey": JUNK}) \
            if depth else st_.fixed_dictionaries(fields, optional={"bogus\nkey": JUNK})
    if isinstance(value, list):
        return st_.one_of(st_.tuples(*(mutated(v, depth + 1) for v in value)).map(list),
                          JUNK)
    if isinstance(value, bool) or value is None:
        return st_.one_of(st_.just(value), JUNK)
    if isinstance(value, (int, float)):
        scaled = [value * f for f in (-1, 0.5, 2, 1e6)]
        return st_.one_of(st_.just(value), st_.sampled_from(scaled), JUNK)
    return st_.one_of(st_.just(value), st_.sampled_from(KEYS), JUNK)


REGISTRY_OF = {"surface": sorted(SURFACES), "tab": TAB_KEYS, "name": sorted(SCHEDULES),
               "data": sorted(CLASSIFICATION), "adaptive": sorted(SURFACES)}


def varied(value, name: str = ""):
    """``value`` kept valid in shape: registry entries swapped for others of the same
    registry, numbers scaled a little, optimizer lists any combination of the registry's."""
    if isinstance(value, dict):
        fields = {k: varied(v, k) for k, v in value.items()}
        if "optimizers" in value:
            fields["optimizers"] = st_.one_of(fields["optimizers"], st_.lists(
                st_.sampled_from(sorted(OPTIMIZERS)), min_size=1, max_size=4))
        return st_.fixed_dictionaries(fields)
    if isinstance(value, list):
        return st_.tuples(*(varied(v) for v in value)).map(list)
    if isinstance(value, str) and name in REGISTRY_OF:
        return st_.sampled_from(REGISTRY_OF[name])
    if isinstance(value, float):
        return st_.sampled_from([value, value * 0.5, value * 2])
    return st_.just(value)


def raw_json(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def deep(n: int) -> str:
    """A link whose JSON is nested ``n`` levels deep (json.dumps itself would recurse)."""
    return raw_json('{"tab":' + "[" * n + "]" * n + ',"steps":' + "{\"a\":" * n + "1"
                    + "}" * n + "}")


RAW = st_.one_of(st_.text(max_size=40), st_.sampled_from([
    deep(100_000), deep(900), raw_json('{"steps": NaN, "lr": Infinity}'),
    raw_json('{"tab": "stuck", "stuck": {"lr": NaN}}'),
    raw_json('{"tab": "stuck", "stuck": {"lr": -Infinity}}'),
    raw_json('{"kappa": 1e400, "n": 1e400}'), raw_json("[1, 2]"), raw_json('"text"'),
    raw_json('{"steps": ' + "9" * 5000 + "}"), "%%%", "====", ""]))


def link(page: str, key: str):
    doc = DOCS[page].get(key)
    if doc is None:
        return RAW
    return st_.one_of(varied(doc).map(urlstate.encode), mutated(doc).map(urlstate.encode), RAW)


def query(page: str):
    """The page's query parameters: any mutation of its own, any language."""
    params = {key: link(page, key) for key in DOCS[page]}
    if page == "lesson":
        params = {"scene": st_.one_of(st_.integers(-5, 99).map(str), st_.text(max_size=8),
                                      st_.just("9" * 5000)),
                  "present": st_.one_of(st_.sampled_from(["0", "1"]), st_.text(max_size=3))}
    return st_.fixed_dictionaries(params, optional={
        "lang": st_.one_of(st_.sampled_from(["en", "zh"]), st_.text(max_size=4))})


# --- the decoding path, broadly ----------------------------------------------------------

def appliers():
    from app.basins import form
    from app.compare.form import apply_url_config as compare
    from app.critical.links import apply_url_config as critical
    from app.learned.tabs import apply_url_config as learned
    from app.network.tabs import apply_url_config as network
    from app.schedules.tabs import apply_url_config as schedules
    return {("compare", "cfg"): compare, ("schedules", "cfg"): schedules,
            ("critical", "cfg"): critical, ("learned", "cfg"): learned,
            ("network", "cfg"): network, ("basins", "cfg"): form.apply_url_config,
            ("basins", "race"): form.apply_race_config}


APPLIED = sorted(appliers())
CAUGHT = (ValueError, KeyError, TypeError, RecursionError)   # what urlstate turns into a note


def finite_values(state: dict):
    """Every number put into widget state is finite (a widget given NaN raises)."""
    for k, v in state.items():
        for x in (v if isinstance(v, (list, tuple)) else [v]):
            if isinstance(x, float):
                assert math.isfinite(x), (k, v)


@pytest.mark.parametrize("page,key", APPLIED, ids=[f"{p}-{k}" for p, k in APPLIED])
def test_any_link_decodes_to_widget_state_or_one_line(page, key, monkeypatch):
    apply = appliers()[(page, key)]

    @BROAD
    @given(text=link(page, key))
    def prop(text):
        state: dict = {}
        monkeypatch.setattr(st, "session_state", state)
        try:
            apply(urlstate.decode(text))
        except CAUGHT as e:
            message = " ".join(str(e).split()) or type(e).__name__
            assert message and "\n" not in message
            return
        finite_values(state)
        for notes in (v for k, v in state.items() if k.endswith("._notes")):
            assert all("\n" not in n for n in notes), notes
    prop()


# --- the real page, a few examples each --------------------------------------------------

PRESET = {   # small widget defaults where a link is refused (the network trains otherwise)
    "network": {"net.p.epochs": 2, "net.p.n": 40, "net.p.width": 4, "net.p.depth": 1,
                "net.opts": ["adam"]},
}


def open_with(page: str, params: dict):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    for k, v in PRESET.get(page, {}).items():
        at.session_state[k] = v
    at.switch_page(f"pages/{page}.py")
    at.run()
    return at


def one_line_messages(at):
    """What went wrong is said in one line each (errors and warnings: a bad value named)."""
    for kind in ("error", "warning"):
        for m in getattr(at, kind):
            assert m.value.strip() and "\n" not in m.value.strip(), (kind, m.value)


@pytest.mark.parametrize("page", sorted(DOCS))
def test_any_link_opens_the_page(page, monkeypatch):
    # heavy work in this thread: the pool's niced workers wait behind a loaded machine,
    # and the pool's own failures are tested in test_workers_lost.py
    monkeypatch.setenv("DESCENT_WORKERS", "0")
    @page_settings(page)
    @given(params=query(page))
    def prop(params):
        at = open_with(page, params)
        assert not at.exception, (params, [e.value for e in at.exception])
        assert page == "lesson" or at.title, params          # the page itself was drawn
        one_line_messages(at)
    prop()


def test_the_page_property_can_fail():
    """The checker sees an exception: a page script that raises is reported."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_string("raise RuntimeError('boom')").run()
    assert at.exception
    with pytest.raises(AssertionError):
        finite_values({"x": float("nan")})
    assert json.loads('{"a": NaN}')["a"] != json.loads('{"a": NaN}')["a"]
