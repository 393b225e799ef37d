"""Surface values on a regular grid, in one batched call (for contours and 3-D views)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .surfaces import Surface

__all__ = ["Grid", "evaluate_grid"]

MAX_GRID = 600   # points per axis


@dataclass
class Grid:
    x: np.ndarray        # (nx,)
    y: np.ndarray        # (ny,)
    z: np.ndarray        # (ny, nx); non-finite values replaced by NaN
    finite: bool         # every value was finite


def evaluate_grid(surface: Surface, n: int = 200,
                  bounds: tuple[float, float, float, float] | None = None) -> Grid:
    if not 2 <= n <= MAX_GRID:
        raise ValueError(f"grid size must be in [2, {MAX_GRID}], got {n}")
    xmin, xmax, ymin, ymax = bounds or surface.bounds
    x = torch.linspace(xmin, xmax, n, dtype=torch.float64)
    y = torch.linspace(ymin, ymax, n, dtype=torch.float64)
    X, Y = torch.meshgrid(x, y, indexing="xy")
    with torch.inference_mode():
        z = surface.value(torch.stack([X, Y], dim=-1))
    finite = bool(torch.isfinite(z).all())
    z = torch.where(torch.isfinite(z), z, torch.nan)
    return Grid(x.numpy(), y.numpy(), z.numpy(), finite)
