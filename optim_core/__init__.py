"""optim_core: exact, vectorized simulation of gradient-based optimizers on 2-D surfaces.

Never imports streamlit or plotly; usable from a notebook and from its JSON command line
(``python -m optim_core --help``).
"""
from .config import LIMITS, OptimizerRun, SimConfig
from .critical import (CriticalConfig, CriticalPoint, CriticalResult, PointInfo,
                       find_critical_points, point_info, taylor_window)
from .engine import SimResult, simulate
from .escape import ESCAPE_METHODS, EscapeConfig, EscapeResult, escape_lab
from .optimizers import OPTIMIZERS, OptimizerSpec, get_optimizer
from .reference import simulate_reference
from .schedules import LOSS_DRIVEN, SCHEDULES, WARMUP, ScheduleSpec, get_schedule, lr_table
from .specs import Param
from .surfaces import SURFACES, KnownPoint, Surface, SurfaceSpec, get_surface

__all__ = [
    "LIMITS", "OptimizerRun", "SimConfig", "SimResult", "simulate", "simulate_reference",
    "OPTIMIZERS", "OptimizerSpec", "get_optimizer", "Param",
    "SCHEDULES", "ScheduleSpec", "get_schedule", "lr_table", "WARMUP", "LOSS_DRIVEN",
    "SURFACES", "KnownPoint", "Surface", "SurfaceSpec", "get_surface",
    "CriticalConfig", "CriticalPoint", "CriticalResult", "PointInfo", "find_critical_points",
    "point_info", "taylor_window", "EscapeConfig", "EscapeResult", "escape_lab",
    "ESCAPE_METHODS",
]
