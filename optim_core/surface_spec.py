"""The registry's record types, shared by the analytic and the data surfaces.

:class:`SurfaceSpec` is one registry entry (``optim_core.surfaces`` holds the analytic
ones, ``optim_core.data_surfaces`` the ones learned from data); :class:`KnownPoint` is a
critical point an entry knows in closed form. Both surface modules import this one and
neither imports the other's registry at import time.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from .specs import Param

__all__ = ["KnownPoint", "SurfaceSpec"]

Tensor = torch.Tensor


@dataclass(frozen=True)
class KnownPoint:
    point: tuple[float, float]
    kind: str                      # "minimum" | "maximum" | "saddle" | "degenerate"


@dataclass(frozen=True)
class SurfaceSpec:
    key: str
    name: str
    latex: str
    f: Callable[..., Tensor]                       # f(x, y, **params)
    bounds: tuple[float, float, float, float]      # xmin, xmax, ymin, ymax
    start: tuple[float, float]
    teaches: str
    grad: Callable[..., tuple[Tensor, Tensor]] | None = None   # analytic (dx, dy)
    known: tuple[KnownPoint, ...] = ()
    params: tuple[Param, ...] = ()
    log_levels: bool = False       # contour levels should be log-spaced
    lr_hint: float = 0.01          # a plain-SGD rate that shows something in ~200 steps
    data: bool = False             # learned from data (optim_core.data_surfaces)
    axes: tuple[str, str] = ("x", "y")   # the parameters' names (w, b for a line)
