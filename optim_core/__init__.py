"""optim_core: exact, vectorized simulation of gradient-based optimizers on 2-D surfaces.

Never imports streamlit or plotly; usable from a notebook and from its JSON command line
(``python -m optim_core --help``).
"""
from .config import LIMITS, OptimizerRun, SimConfig
from .critical import (
                       CriticalConfig,
                       CriticalPoint,
                       CriticalResult,
                       PointInfo,
                       find_critical_points,
                       point_info,
                       taylor_window,
)
from .engine import SimResult, simulate
from .escape import ESCAPE_METHODS, EscapeConfig, EscapeResult, escape_lab
from .hessian import GDStability, gd_stability, surface_hessian
from .optimizers import OPTIMIZERS, OptimizerSpec, get_optimizer
from .reference import simulate_reference
from .schedules import LOSS_DRIVEN, SCHEDULES, WARMUP, ScheduleSpec, get_schedule, lr_table
from .specs import Param
from .surfaces import SURFACES, KnownPoint, Surface, SurfaceSpec, get_surface

__all__ = [
                       "ESCAPE_METHODS",
                       "LIMITS",
                       "LOSS_DRIVEN",
                       "OPTIMIZERS",
                       "SCHEDULES",
                       "SURFACES",
                       "WARMUP",
                       "CriticalConfig",
                       "CriticalPoint",
                       "CriticalResult",
                       "EscapeConfig",
                       "EscapeResult",
                       "GDStability",
                       "KnownPoint",
                       "OptimizerRun",
                       "OptimizerSpec",
                       "Param",
                       "PointInfo",
                       "ScheduleSpec",
                       "SimConfig",
                       "SimResult",
                       "Surface",
                       "SurfaceSpec",
                       "escape_lab",
                       "find_critical_points",
                       "gd_stability",
                       "get_optimizer",
                       "get_schedule",
                       "get_surface",
                       "lr_table",
                       "point_info",
                       "simulate",
                       "simulate_reference",
                       "surface_hessian",
                       "taylor_window",
]
