"""The teacher's prepared scenes: one ready link per lecture topic (the Home page lists
them). Each is built here from a config object, so every link is valid by construction;
tests decode each one and open it."""
from __future__ import annotations

import math
from dataclasses import dataclass

from app.urlstate import encode
from optim_core import BasinConfig, OptimizerRun, SimConfig


@dataclass(frozen=True)
class Scene:
    key: str            # its text: t("home.scene_<key>")
    page: str           # the page's URL path
    config: object      # SimConfig or BasinConfig

    @property
    def cfg(self) -> str:
        """The ``?cfg=`` value: the config's JSON, URL-safe base64."""
        return encode(self.config.to_dict())

    @property
    def link(self) -> str:
        """The scene's address relative to the app (``compare?cfg=...``)."""
        return f"{self.page}?cfg={self.cfg}"


def _run(name: str, **params) -> OptimizerRun:
    return OptimizerRun(name, tuple(params.items()))


def _ring(cx: float, cy: float, n: int, r: float) -> tuple:
    return tuple((round(cx + r * math.cos(2 * math.pi * i / n), 4),
                  round(cy + r * math.sin(2 * math.pi * i / n), 4)) for i in range(n))


def scenes() -> tuple[Scene, ...]:
    return (
        # 1. error surface and gradient descent: one optimizer, three rates (the last diverges)
        Scene("rates", "compare", SimConfig(
            surface="linreg", starts=((-1.5, -2.5),), steps=200,
            optimizers=(_run("sgd", lr=0.001), _run("sgd", lr=0.01), _run("sgd", lr=0.8)))),
        # 2. optimizers: one framework
        Scene("framework", "compare", SimConfig(
            surface="rosenbrock", starts=((-1.5, 2.0),), steps=400,
            optimizers=(_run("sgd", lr=0.001), _run("momentum", lr=0.001),
                        _run("nesterov", lr=0.001), _run("rmsprop", lr=0.01),
                        _run("adam", lr=0.05)))),
        # 3. critical points: a ring of starts around the lecture's saddle at (0, 0)
        Scene("saddle", "compare", SimConfig(
            surface="lecture_w1w2", starts=_ring(0.0, 0.0, 8, 0.2), steps=150,
            optimizers=(_run("sgd", lr=0.05), _run("momentum", lr=0.05)))),
        # 4. batch size and momentum: where SGD and momentum end from every start
        Scene("basins", "basins", BasinConfig(
            surface="himmelblau", resolution=64, steps=300,
            optimizers=(_run("sgd", lr=0.01), _run("momentum", lr=0.01)))),
        # 5. adaptive learning rates on a ravine
        Scene("adaptive", "compare", SimConfig(
            surface="ill_conditioned", surface_params=(("kappa", 50.0),), steps=300,
            starts=((-1.8, 0.8),),
            optimizers=(_run("sgd", lr=0.02), _run("adagrad", lr=0.5),
                        _run("rmsprop", lr=0.02), _run("adam", lr=0.1)))),
        # 6. classification: squared error on a sigmoid has a plateau
        Scene("classification", "compare", SimConfig(
            surface="logistic_mse", starts=((-4.0, 4.0),), steps=300,
            optimizers=(_run("sgd", lr=0.5), _run("adam", lr=0.1)))),
        # 7. normalization: raw features give an elongated surface no single rate suits
        Scene("scaling", "compare", SimConfig(
            surface="scaling_raw", starts=((-1.0, 0.002),), steps=300,
            optimizers=(_run("sgd", lr=1e-8), _run("sgd", lr=3e-8), _run("adam", lr=0.01)))),
    )
