"""The Saddles & Hessian page's core calls through the app's one cache (:mod:`app.cache`),
keyed on configs and plain values. The critical-point search on learned surfaces and
typed formulas runs in the worker pool (:mod:`app.workers`); on the registry's analytic
surfaces it takes a few milliseconds and runs here."""
from __future__ import annotations

from collections.abc import Callable

from app import workers
from app.cache import cached
from optim_core import (
    SURFACES,
    CriticalConfig,
    EscapeConfig,
    escape_lab,
    evaluate_grid,
    find_critical_points,
    get_surface,
    point_info,
    taylor_window,
)


def in_pool(config: CriticalConfig) -> bool:
    spec = SURFACES.get(config.surface)
    return config.formula is not None or spec is None or bool(spec.data)


def critical_points(config: CriticalConfig,
                    on_progress: Callable[[workers.Progress], None] | None = None):
    if in_pool(config):
        return cached("critical", config, lambda: workers.submit(workers.critical_points, config),
                      wait=workers.waiter(on_progress))
    return cached("critical", config, lambda: find_critical_points(config))


def surface_grid(key: str, params: tuple, n: int = 200):
    return cached("critical.grid", (key, params, n),
                  lambda: evaluate_grid(get_surface(key, dict(params)), n))


def inspect(key: str, params: tuple, xy: tuple, scale: float):
    return cached("critical.inspect", (key, params, xy, scale),
                  lambda: point_info(get_surface(key, dict(params)), xy, scale=scale))


def taylor(key: str, params: tuple, xy: tuple, half: float):
    return cached("critical.taylor", (key, params, xy, half),
                  lambda: taylor_window(get_surface(key, dict(params)), xy, half))


def escape(config: EscapeConfig):
    return cached("critical.escape", config, lambda: escape_lab(config))
