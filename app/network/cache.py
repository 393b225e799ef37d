"""The Neural-network page's computations through the app's one cache (:mod:`app.cache`),
keyed on the configuration's JSON.

Training runs in the worker pool (:mod:`app.workers`): the session's thread polls it and
shows progress, the server keeps serving other pages, and a session that goes away
cancels the training if nobody else waits for it. The views derived from a trained
result (landscape slice, Hessian along training, range test) run in the pool too and are
cached by the same key.
"""
from __future__ import annotations

import json
from collections.abc import Callable

from app import workers
from app.cache import cached
from optim_core import NetConfig, NetResult


def key_of(config: NetConfig) -> str:
    return json.dumps(config.to_dict(), sort_keys=True)


def trained(config: NetConfig,
            on_progress: Callable[[workers.Progress], None] | None = None) -> NetResult:
    """The trained networks of ``config``, trained once in the worker pool."""
    return cached("net.train", key_of(config),
                  lambda: workers.submit(workers.train_network, config),
                  wait=workers.waiter(on_progress))


def _config(key: str) -> NetConfig:
    return NetConfig.from_dict(json.loads(key))


def landscape(key: str, kind: str, span: float | None, n: int, seed: int, center: int):
    return cached("net.landscape", (key, kind, span, n, seed, center),
                  lambda: workers.submit(workers.net_landscape, trained(_config(key)), kind,
                                         span, n, seed, center), wait=workers.waiter())


def hessian(key: str, run: int, points: int, max_iter: int):
    return cached("net.hessian", (key, run, points, max_iter),
                  lambda: workers.submit(workers.net_hessian, trained(_config(key)), run,
                                         points, max_iter), wait=workers.waiter())


def range_test(key: str, run: int, lr_min: float, lr_max: float, iterations: int):
    return cached("net.range", (key, run, lr_min, lr_max, iterations),
                  lambda: workers.submit(workers.net_range_test, _config(key), run, lr_min,
                                         lr_max, iterations), wait=workers.waiter())
