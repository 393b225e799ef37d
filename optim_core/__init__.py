"""optim_core: exact, vectorized simulation of gradient-based optimizers on 2-D surfaces.

Never imports streamlit or plotly; usable from a notebook and from its JSON command line
(``python -m optim_core --help``).
"""
# what app/ and pages/ use: one public API (nothing there imports a core module)
from .basins import (
                     BASIN_LIMITS,
                     DIVERGED,
                     NOT_ARRIVED,
                     BasinConfig,
                     BasinResult,
                     basin_ends,
                     basin_fused,
                     basin_map,
                     basin_rows,
                     label_basins,
)
from .cli_analysis import dump, load
from .config import LIMITS, OptimizerRun, SimConfig, max_points, surface_of, with_hp
from .critical import (
                       KINDS,
                       CriticalConfig,
                       CriticalPoint,
                       CriticalResult,
                       PointInfo,
                       derivatives,
                       find_critical_points,
                       point_info,
                       taylor_window,
)
from .deep import _COMMON as DEEP_COMMON
from .deep import (
                   DEEP_PARAMS,
                   INITS,
                   MAX_UPDATES,
                   SNAP_MAX_UPDATES,
                   TABS,
                   USES,
                   DeepConfig,
                   updates_per_epoch,
)
from .deep_lab import run_tab
from .engine import SimResult, simulate, warm
from .escape import (
                       ESCAPE_METHODS,
                       EscapeConfig,
                       EscapeResult,
                       default_escape,
                       escape_lab,
                       escape_limits,
                       noise_levels,
)
from .formula import MAX_LENGTH, FormulaError, check_bounds, compile_formula, nonfinite_region
from .grid import Grid, evaluate_grid
from .hessian import GDStability, gd_stability, surface_hessian
from .lr_finder import lr_range_test
from .net_analysis import (
                       decision_grid,
                       final_gradient_norm,
                       hessian_along,
                       landscape_view,
                       set_weights,
)
from .net_optimizers import NET_OPTIMIZERS, NetRun
from .net_script import net_script as write_net_script
from .net_script import script_covers
from .net_tune import NET_TUNE_PARAMS, NetTuneConfig, NetTuneResult
from .net_tune import net_tune as run_net_tune
from .net_views import (
                       NEAR_ZERO,
                       NOTES_WIDTHS,
                       adafactor_moments,
                       linear_weights,
                       muon_singular_values,
                       near_zero_share,
                       notes_widths_config,
                       unregularized,
                       widths_sweep,
)
from .nets import MAX_RUNS as NET_MAX_RUNS
from .nets import MAX_WORK, NET_PARAMS, NetConfig, NetResult, max_epochs, train
from .optimizers import OPTIMIZERS, OptimizerSpec, get_optimizer
from .quadratic import LIMITS as QUADRATIC_LIMITS
from .quadratic import (
                       QuadraticConfig,
                       QuadraticResult,
                       critical_beta,
                       damping_regions,
                       divergence_alpha_lambda,
                       eigenvalues,
                       optimal,
                       radius,
                       solve,
                       steps_to,
)
from .reference import simulate_reference
from .schedules import LOSS_DRIVEN, SCHEDULES, WARMUP, ScheduleSpec, get_schedule, lr_table
from .snapshots import Snapshots, ensemble_loss, snapshot_ensembles
from .snapshots import summary as snapshot_summary
from .softmax import LOGIT_LIMIT, SoftmaxConfig, SoftmaxResult, softmax_view
from .specs import Param, check_fields, check_keys, check_number, shown
from .surfaces import SURFACES, KnownPoint, Surface, SurfaceSpec, get_surface
from .sweep import SWEEP_DEFAULT, SweepConfig, SweepResult
from .sweep import sweep as run_sweep
from .text import zh_of
from .tune import METRICS, TUNE_LIMITS, TuneConfig, TuneResult
from .tune import tune as run_tune

__all__ = [
                       "BASIN_LIMITS",
                       "DEEP_COMMON",
                       "DEEP_PARAMS",
                       "DIVERGED",
                       "ESCAPE_METHODS",
                       "INITS",
                       "KINDS",
                       "LIMITS",
                       "LOGIT_LIMIT",
                       "LOSS_DRIVEN",
                       "MAX_LENGTH",
                       "MAX_UPDATES",
                       "MAX_WORK",
                       "METRICS",
                       "NEAR_ZERO",
                       "NET_MAX_RUNS",
                       "NET_OPTIMIZERS",
                       "NET_PARAMS",
                       "NET_TUNE_PARAMS",
                       "NOTES_WIDTHS",
                       "NOT_ARRIVED",
                       "OPTIMIZERS",
                       "QUADRATIC_LIMITS",
                       "SCHEDULES",
                       "SNAP_MAX_UPDATES",
                       "SURFACES",
                       "SWEEP_DEFAULT",
                       "TABS",
                       "TUNE_LIMITS",
                       "USES",
                       "WARMUP",
                       "BasinConfig",
                       "BasinResult",
                       "CriticalConfig",
                       "CriticalPoint",
                       "CriticalResult",
                       "DeepConfig",
                       "EscapeConfig",
                       "EscapeResult",
                       "FormulaError",
                       "GDStability",
                       "Grid",
                       "KnownPoint",
                       "NetConfig",
                       "NetResult",
                       "NetRun",
                       "NetTuneConfig",
                       "NetTuneResult",
                       "OptimizerRun",
                       "OptimizerSpec",
                       "Param",
                       "PointInfo",
                       "QuadraticConfig",
                       "QuadraticResult",
                       "ScheduleSpec",
                       "SimConfig",
                       "SimResult",
                       "Snapshots",
                       "SoftmaxConfig",
                       "SoftmaxResult",
                       "Surface",
                       "SurfaceSpec",
                       "SweepConfig",
                       "SweepResult",
                       "TuneConfig",
                       "TuneResult",
                       "adafactor_moments",
                       "basin_ends",
                       "basin_fused",
                       "basin_map",
                       "basin_rows",
                       "check_bounds",
                       "check_fields",
                       "check_keys",
                       "check_number",
                       "compile_formula",
                       "critical_beta",
                       "damping_regions",
                       "decision_grid",
                       "default_escape",
                       "derivatives",
                       "divergence_alpha_lambda",
                       "dump",
                       "eigenvalues",
                       "ensemble_loss",
                       "escape_lab",
                       "escape_limits",
                       "evaluate_grid",
                       "final_gradient_norm",
                       "find_critical_points",
                       "gd_stability",
                       "get_optimizer",
                       "get_schedule",
                       "get_surface",
                       "hessian_along",
                       "label_basins",
                       "landscape_view",
                       "linear_weights",
                       "load",
                       "lr_range_test",
                       "lr_table",
                       "max_epochs",
                       "max_points",
                       "muon_singular_values",
                       "near_zero_share",
                       "noise_levels",
                       "nonfinite_region",
                       "notes_widths_config",
                       "optimal",
                       "point_info",
                       "radius",
                       "run_net_tune",
                       "run_sweep",
                       "run_tab",
                       "run_tune",
                       "script_covers",
                       "set_weights",
                       "shown",
                       "simulate",
                       "simulate_reference",
                       "snapshot_ensembles",
                       "snapshot_summary",
                       "softmax_view",
                       "solve",
                       "steps_to",
                       "surface_hessian",
                       "surface_of",
                       "taylor_window",
                       "train",
                       "unregularized",
                       "updates_per_epoch",
                       "warm",
                       "widths_sweep",
                       "with_hp",
                       "write_net_script",
                       "zh_of",
]
