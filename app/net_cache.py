"""Cached network computations, keyed on the configuration's JSON.

Training keeps live models, so it is cached here (bounded, least recently used, one
computation per configuration even when sessions ask at the same moment); what the views
derive from it goes through ``st.cache_data`` with the same key.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict

import streamlit as st

from optim_core.lr_finder import lr_range_test
from optim_core.net_analysis import hessian_along, landscape_view
from optim_core.nets import NetConfig, NetResult, train

MAX_ENTRIES = 16
_lock = threading.Lock()
_results: OrderedDict[str, NetResult] = OrderedDict()
_pending: dict[str, threading.Lock] = {}


def key_of(config: NetConfig) -> str:
    return json.dumps(config.to_dict(), sort_keys=True)


def trained(config: NetConfig, progress=None) -> NetResult:
    key = key_of(config)
    with _lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key]
        gate = _pending.setdefault(key, threading.Lock())
    with gate:   # a second session asking for the same run waits for the first
        with _lock:
            if key in _results:
                return _results[key]
        result = train(config, progress)
        with _lock:
            _results[key] = result
            while len(_results) > MAX_ENTRIES:
                _results.popitem(last=False)
            _pending.pop(key, None)
    return result


def _config(key: str) -> NetConfig:
    return NetConfig.from_dict(json.loads(key))


@st.cache_data(max_entries=32, show_spinner=False)
def landscape(key: str, kind: str, span: float | None, n: int, seed: int, center: int):
    return landscape_view(trained(_config(key)), kind, span, n, seed, center)


@st.cache_data(max_entries=32, show_spinner=False)
def hessian(key: str, run: int, points: int, max_iter: int):
    return hessian_along(trained(_config(key)), run, points, max_iter=max_iter)


@st.cache_data(max_entries=32, show_spinner=False)
def range_test(key: str, run: int, lr_min: float, lr_max: float, iterations: int):
    return lr_range_test(_config(key), run, lr_min, lr_max, iterations)
