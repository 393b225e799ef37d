"""The app's one cache: results by configuration, shared by every session, bounded in bytes.

``cached(kind, config, compute, size_of)`` returns the value for ``(kind, config)``,
computing it once: a session asking while another computes the same configuration waits
for that computation (one computation per configuration, however many ask at once).
``compute`` returns the value, or a ``concurrent.futures.Future`` of it (work handed to
the worker pool, :mod:`app.workers`); the value is stored when it arrives, even if every
session that asked for it has gone. Errors are never stored: the next request tries
again. Work cancelled because its sessions went away (a ``CancelledError``) is started
again for a session still asking.

The cache holds at most ``budget`` bytes (``DESCENT_CACHE_MB``, default 512), counted by
``size_of(value)`` (default :func:`nbytes`: numpy arrays, tensors, models, figures' dicts
and the containers around them); least recently used entries go first, and a value
larger than the whole budget is returned without being stored.

Values are shared, not copied: their arrays are read-only for pages, nothing may write
into them.
"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import CancelledError, Future
from typing import Any

import numpy as np

__all__ = [
    "CACHE",
    "ByteCache",
    "cached",
    "config_key",
    "nbytes",
    "simulation",
    "surface_grid",
]


def nbytes(obj: Any) -> int:
    """Bytes held by ``obj``: array buffers (numpy, torch, a model's parameters) plus the
    containers, dataclasses, strings and numbers around them, each object counted once."""
    import torch
    seen: set[int] = set()
    total, stack = 0, [obj]
    while stack:
        o = stack.pop()
        if id(o) in seen or o is None:
            continue
        seen.add(id(o))
        if isinstance(o, np.ndarray):
            root = o
            while isinstance(root.base, np.ndarray):
                root = root.base
            if root is o or id(root) not in seen:     # a view's buffer counted once
                seen.add(id(root))
                total += root.nbytes
            total += 112
        elif isinstance(o, torch.Tensor):
            total += o.element_size() * o.nelement() + 80
        elif isinstance(o, torch.nn.Module):
            stack.extend(o.state_dict(keep_vars=True).values())
            total += 1024
        elif hasattr(o, "cache_payload"):          # e.g. a frozen figure: its dict only
            total += 1024
            stack.append(o.cache_payload())
        elif isinstance(o, dict):
            total += sys.getsizeof(o)
            stack.extend(o.keys())
            stack.extend(o.values())
        elif isinstance(o, (list, tuple, set, frozenset)):
            total += sys.getsizeof(o)
            stack.extend(o)
        elif dataclasses.is_dataclass(o) and not isinstance(o, type):
            total += sys.getsizeof(o)
            stack.extend(getattr(o, f.name, None) for f in dataclasses.fields(o))
        elif hasattr(o, "__dict__") and not isinstance(o, type):
            total += sys.getsizeof(o)
            stack.extend(vars(o).values())
        else:
            total += sys.getsizeof(o)
    return total


class ByteCache:
    """Least-recently-used values by key, at most ``budget`` bytes, one computation per
    key (see the module docstring)."""

    def __init__(self, budget: int):
        if budget < 0:
            raise ValueError(f"budget must be >= 0 bytes, got {budget}")
        self.budget = budget
        self.used = 0
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._flights: dict[Hashable, Future] = {}
        self.computations = 0            # computations started (for tests and the bench)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.used = 0

    def get(self, key: Hashable, compute: Callable[[], Any],
            size_of: Callable[[Any], int] | None = None,
            wait: Callable[[Future], Any] | None = None,
            prepare: Callable[[Any], Any] | None = None) -> Any:
        """The value for ``key``; ``wait(flight)`` waits for a computation in progress
        (default ``flight.result()``; the worker pool's waits with progress and cancels
        work nobody waits for when the session stops); ``prepare(value)`` is applied
        once before the value is stored and shared (e.g. making arrays read-only)."""
        while True:
            with self._lock:
                hit = self._entries.get(key)
                if hit is not None:
                    self._entries.move_to_end(key)
                    return hit[0]
                flight = self._flights.get(key)
                leader = flight is None
                if leader:
                    flight = self._flights[key] = Future()
                    self.computations += 1
            if leader:
                self._lead(key, flight, compute, size_of or nbytes, prepare)
            try:
                return (wait or Future.result)(flight)
            except CancelledError:
                if flight.cancelled():
                    continue     # its sessions went away and it was cancelled: ask again
                raise

    def _lead(self, key, flight: Future, compute, size_of, prepare) -> None:
        try:
            out = compute()
            if prepare is not None and not isinstance(out, Future):
                out = prepare(out)
        except BaseException as e:       # errors (and a stopped session) are not stored
            self._finish(key, flight, error=e)
            raise
        if isinstance(out, Future):
            flight.source = out          # the pool's future: progress, cancellation
            out.add_done_callback(lambda f: self._settle(key, flight, f, size_of, prepare))
        else:
            self._finish(key, flight, value=out, size=self._size(out, size_of))

    @staticmethod
    def _size(value, size_of) -> int:
        size = int(size_of(value))
        if size < 0:
            raise ValueError(f"size_of must return bytes >= 0, got {size}")
        return size

    def _settle(self, key, flight: Future, done: Future, size_of, prepare) -> None:
        if done.cancelled():
            self._finish(key, flight, error=CancelledError())
            return
        error = done.exception()
        if error is not None:
            self._finish(key, flight, error=error)
            return
        try:
            value = done.result()
            if prepare is not None:
                value = prepare(value)
            self._finish(key, flight, value=value, size=self._size(value, size_of))
        except Exception as e:  # noqa: BLE001  (prepare or size_of failing: an error, not a hang)
            self._finish(key, flight, error=e)

    def _finish(self, key, flight: Future, value=None, size: int = 0,
                error: BaseException | None = None) -> None:
        with self._lock:
            self._flights.pop(key, None)
            if error is None and size <= self.budget:
                old = self._entries.pop(key, None)
                if old is not None:
                    self.used -= old[1]
                self._entries[key] = (value, size)
                self.used += size
                while self.used > self.budget:
                    _, (_, s) = self._entries.popitem(last=False)
                    self.used -= s
        if error is None:
            flight.set_result(value)
        elif isinstance(error, CancelledError):
            flight.cancel()
        else:
            flight.set_exception(error)


CACHE = ByteCache(int(float(os.environ.get("DESCENT_CACHE_MB", "512")) * 2 ** 20))


def _warm_pool_when_serving() -> None:
    """In a running app (not a test or a script importing this), start the worker pool as
    the first page loads, before the first heavy request."""
    try:
        from streamlit import runtime
        serving = runtime.exists()
    except ImportError:
        serving = False
    if serving:
        from app import workers
        workers.warm()


_warm_pool_when_serving()


def cached(kind: str, config: Hashable, compute: Callable[[], Any],
           size_of: Callable[[Any], int] | None = None,
           wait: Callable[[Future], Any] | None = None,
           prepare: Callable[[Any], Any] | None = None) -> Any:
    """``compute()`` once per ``(kind, config)`` in the process (see the module
    docstring and :meth:`ByteCache.get`). ``config`` must hold everything the value
    depends on (a frozen config, its JSON, the language of a figure...)."""
    return CACHE.get((kind, config), compute, size_of, wait, prepare)


# --- the simulations and grids shared by the pages ---------------------------------------

def config_key(config) -> str:
    return json.dumps(config.to_dict(), sort_keys=True)


def _read_only(result):
    for name in ("path", "loss", "grad_norm", "lr", "eff_lr", "diverged_at", "lr_runs"):
        array = getattr(result, name, None)
        if isinstance(array, np.ndarray):
            array.flags.writeable = False     # shared by every session
    return result


def simulation(config, progress: Callable[[Any], None] | None = None):
    """The simulation of a :class:`~optim_core.SimConfig`, once per configuration; big
    ones (sweeps) run in the worker pool so they never hold the server's interpreter."""
    from app import workers
    from optim_core import simulate
    if workers.is_heavy_simulation(config):
        return cached("simulation", config_key(config),
                      lambda: workers.submit(workers.simulate, config),
                      wait=workers.waiter(progress), prepare=_read_only)
    return cached("simulation", config_key(config), lambda: simulate(config),
                  prepare=_read_only)


def surface_grid(key: str, params: tuple, n: int = 160, formula: str | None = None,
                 bounds: tuple | None = None):
    from optim_core import evaluate_grid, surface_of
    return cached("grid", (key, params, n, formula, bounds),
                  lambda: evaluate_grid(surface_of(key, params, formula, bounds), n))
