"""The core's validation messages reach a Chinese page in Chinese (issue 14).

Every configuration the pages and the command line read (Compare's SimConfig, the
Learning-rate page's ScheduleConfig, the network's NetConfig, Saddles & Hessian's
CriticalConfig / EscapeConfig, the sweep, Basins, the fair race, the network analyses, the
Momentum page's QuadraticConfig) is broken field by field: every value of its valid JSON
replaced by junk, and an unknown key added to every object. Each message the core raises
must be matched by a pattern of ``app.text._errors`` (so the page shows its Chinese), and
no pattern's Chinese may hold an English sentence. Then one page, opened in Chinese with a
bad link and with a bad widget value, shows the Chinese message.
"""
from __future__ import annotations

import json
import re

import pytest

from app import urlstate
from app.text import _errors
from optim_core import SimConfig
from optim_core.basins import BasinConfig
from optim_core.cli_analysis import CONFIGS, dump, load
from optim_core.config import ScheduleConfig
from optim_core.formula import compile_formula
from optim_core.nets import NetConfig
from optim_core.quadratic import QuadraticConfig
from optim_core.tune import TuneConfig

NET = NetConfig.from_dict({"net": {"epochs": 2, "n": 40, "width": 4, "batch_size": 8},
                           "optimizers": [{"name": "adam", "params": {"lr": 0.01},
                                           "schedule": {"name": "step",
                                                        "params": {}}}]}).to_dict()
BASES = {
    "simulate": (SimConfig.from_dict, {
        "surface": "rosenbrock", "surface_params": {}, "steps": 20, "starts": [[0.5, 0.5]],
        "optimizers": [{"name": "adam", "params": {"lr": 0.01, "betas": [0.9, 0.999]},
                        "schedule": {"name": "multistep", "params": {"milestones": [5, 9]}}},
                       "sgd"], "noise": 0.0, "batch_size": 0}),
    "formula": (SimConfig.from_dict, {"formula": "x**2 + y**2", "bounds": [-2, 2, -2, 2],
                                      "optimizers": ["sgd"], "starts": [[1, 1]]}),
    "learned": (SimConfig.from_dict, {"surface": "linreg_mse", "batch_size": 4,
                                      "drop_last": True, "optimizers": ["sgd"]}),
    "schedule": (ScheduleConfig.from_dict, {"schedule": "sequential", "lr": 0.1, "steps": 30,
                                            "params": {}}),
    "train": (NetConfig.from_dict, NET),
}


JUNK = [None, True, -1, 0, 0.5, -0.5, 1e300, 10 ** 30, "nope", "", [], {}, [1, 2, 3],
        {"a": 1}, [[1]], "x +"]


def _bases():
    out = dict(BASES)
    out["basins"] = (BasinConfig.from_dict, BasinConfig.from_dict({}).to_dict())
    out["tune"] = (TuneConfig.from_dict, TuneConfig.from_dict({}).to_dict())
    out["quadratic"] = (_quadratic,
                        {"kappa": 100.0, "n": 6, "alpha": 0.01, "beta": 0.5, "steps": 150,
                         "grid": 160})
    for cmd, cls in CONFIGS.items():
        try:
            base = dump(cls())
        except TypeError:                          # the network analyses: a net is needed
            base = dump(load(cmd, NET))
        out[cmd] = (lambda d, cmd=cmd: load(cmd, d), base)
    return out


def _quadratic(d):
    # the Momentum page builds it from its widgets (no link of its own to decode)
    if isinstance(d, dict) and set(d) <= {"kappa", "n", "alpha", "beta", "steps", "grid"}:
        QuadraticConfig(**d)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def _replace(value, path, new):
    if not path:
        return new
    value = json.loads(json.dumps(value))
    node = value
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = new
    return value


def _with_unknown(value, path):
    value = json.loads(json.dumps(value))
    node = value
    for p in path:
        node = node[p]
    if isinstance(node, dict):
        node["bogus_key"] = 1
        return value
    return None


CRASHES: dict[str, str] = {}


def core_messages() -> dict[str, str]:
    """Every distinct message the core raises for the broken configs: message -> where."""
    found: dict[str, str] = {}
    for name, (read, base) in _bases().items():
        variants = []
        for path in _paths(base):
            variants += [_replace(base, path, j) for j in JUNK]
            unknown = _with_unknown(base, path)
            if unknown is not None:
                variants.append(unknown)
        for v in variants:
            try:
                read(v)
            except ValueError as e:
                found.setdefault(" ".join(str(e).split()), f"{name}: {json.dumps(v)[:120]}")
            except Exception as e:  # noqa: BLE001  (a crash: named by its own test below)
                CRASHES.setdefault(f"{name}: {type(e).__name__}: {e}", json.dumps(v)[:200])
    for text in ["", "x +", "x" * 2000, "(" * 300 + "x" + ")" * 300, 5]:
        try:
            compile_formula(text)
        except ValueError as e:
            found.setdefault(" ".join(str(e).split()), f"formula {text!r:.40}")
    for raw in ["%%%", urlstate.encode({"a": 1})[:-2] + "!!", "W10", "bnVsbA"]:
        try:
            urlstate.decode(raw)
        except ValueError as e:
            found.setdefault(str(e), f"link {raw}")
    return found


MESSAGES = core_messages()


def test_broken_configs_never_crash():
    """Bad input is a ValueError naming the field (issue 12), never another exception."""
    assert not CRASHES, "\n".join(f"{k} <- {v}" for k, v in CRASHES.items())


def test_broken_configs_raise_many_distinct_messages():
    # the collector itself works: the core's checks give dozens of different sentences
    assert len(MESSAGES) >= 40, len(MESSAGES)


def test_every_core_message_has_its_chinese():
    missing = [f"{m!r} (from {MESSAGES[m]})" for m in sorted(MESSAGES)
               if _errors.to_zh(m) is None]
    assert not missing, "no Chinese pattern for:\n" + "\n".join(missing[:30])
    for m in MESSAGES:
        assert re.search(r"[\u4e00-\u9fff]", _errors.to_zh(m)), m


LATIN_RUN = re.compile(r"[A-Za-z]{4,}(?: [A-Za-z]{2,})+")
KEPT = re.compile(r"\{\w+\}|`[^`]*`|\b[a-z]+_[a-z_]+\b|\b(?:xmin|xmax|ymin|ymax|lr|n|t|"
                  r"drop_last|net|formula|surface|bounds|data|second|noise|seeds|name|"
                  r"params|optimizers|JSON|torch\.optim|true|false|float64|float32|MB)\b")


@pytest.mark.parametrize("english, chinese", _errors.PATTERNS)
def test_every_pattern_is_chinese_with_the_same_parts(english, chinese):
    names = set(re.findall(r"\{(\w+)\}", english))
    # every part is kept, but for Python's own parser's reason (`why`, English), which a
    # Chinese sentence replaces
    assert set(re.findall(r"\{(\w+)\}", chinese)) == names - {"why"}, (english, chinese)
    if re.search(r"[A-Za-z]{2,}", re.sub(r"\{\w+\}", "", english)):   # words to translate
        assert re.search(r"[\u4e00-\u9fff]", chinese), chinese
    prose = KEPT.sub(" ", chinese)
    assert not LATIN_RUN.search(prose), chinese


def test_a_pattern_translates_its_parts_and_nested_messages():
    inner = "optimizers[0].params.lr must be a finite number in [0, 10], got 1e+300"
    zh = _errors.to_zh(f"optimizers[0].schedule: {inner}")
    assert zh == "optimizers[0].schedule：optimizers[0].params.lr 必须是 [0, 10] 内的有限数，" \
                 "收到的是 1e+300"
    assert _errors.to_zh("a sentence nobody wrote") is None


def _messages(at) -> str:
    return " ".join(w.value for w in list(at.warning) + list(at.error))


def test_a_chinese_page_shows_a_core_message_in_chinese():
    """A bad link and a bad widget value, on the Compare page in Chinese."""
    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.query_params["cfg"] = urlstate.encode({"surface": "rosenbrock", "steps": 20,
                                              "bogus": 1})
    at.query_params["lang"] = "zh"
    at.run()
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    shown = _messages(at)
    assert "配置里没有字段 bogus" in shown and "is not" not in shown, shown
    # widgets set before the page's one run (AppTest formats a select box's options
    # outside the session, in English, and would not find them on a rerun)
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.query_params["lang"] = "zh"
    at.run()
    at.session_state["cmp.surface"] = "formula"
    at.session_state["cmp.formula"] = "x + nope"
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    shown = _messages(at)
    assert "不认识的名字 'nope'" in shown and "unknown name" not in shown, shown
