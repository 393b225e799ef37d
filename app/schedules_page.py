"""Configs of the Learning-rate page, built from widget values (no maths, no torch)."""
from __future__ import annotations

import numpy as np

from app.controls import suggested_lr
from optim_core import OptimizerRun, SimConfig, SimResult

SWEEP_RATES = np.geomspace(1e-4, 1.0, 64)
SWEEP_DEFAULT = ("sgd", "momentum", "rmsprop", "adagrad", "adam", "nadam")
ADAPTIVE = ("adagrad", "rmsprop", "adam")


def with_without(surface: str, opt: str, lr: float, schedule: str, sparams: tuple,
                 steps: int) -> SimConfig:
    hp = (("lr", lr),)
    return SimConfig(surface=surface, steps=steps, optimizers=(
        OptimizerRun(opt, hp), OptimizerRun(opt, hp, schedule=schedule, schedule_params=sparams)))


def stuck(lr: float, steps: int = 200) -> SimConfig:
    return SimConfig(surface="ravine", steps=steps, optimizers=(OptimizerRun("sgd", (("lr", lr),)),))


def sweep(surface: str, optimizers: list[str], steps: int) -> SimConfig:
    runs = tuple(OptimizerRun(k, (("lr", float(r)),)) for k in optimizers for r in SWEEP_RATES)
    return SimConfig(surface=surface, optimizers=runs, steps=steps, record_rates=False)


def sweep_finals(result: SimResult, optimizers: list[str]):
    n = len(SWEEP_RATES)
    finals = {k: result.loss[i * n:(i + 1) * n, 0, -1] for i, k in enumerate(optimizers)}
    diverged = {k: result.diverged_at[i * n:(i + 1) * n, 0] >= 0 for i, k in enumerate(optimizers)}
    return finals, diverged


def adaptive(surface: str, steps: int) -> SimConfig:
    return SimConfig(surface=surface, steps=steps, optimizers=tuple(
        OptimizerRun(k, (("lr", suggested_lr(k, surface)),)) for k in ADAPTIVE))
