"""The lesson's scenes, in the lecture's order. A scene is data: the page that shows the
concept, a frozen configuration of that page's core call, and which figure to draw.

The text of a scene (title, explanation, "try this") lives in ``app.text.lesson`` under
``<key>_title``, ``<key>_text`` and ``<key>_try``.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.basins.form import race_starts
from app.explore import ExploreConfig, Span
from app.schedules.form import STUCK_LR, stuck
from optim_core import (
    OPTIMIZERS,
    BasinConfig,
    CriticalConfig,
    DeepConfig,
    NetConfig,
    OptimizerRun,
    SimConfig,
    SoftmaxConfig,
    TuneConfig,
    get_surface,
)

# page url_path -> (script, the query parameter it reads its config from, or None)
PAGES = {
    "compare": ("pages/compare.py", "cfg"),
    "schedules": ("pages/schedules.py", None),
    "schedules_stuck": ("pages/schedules.py", "cfg"),
    "critical": ("pages/critical.py", None),
    "basins": ("pages/basins.py", "cfg"),
    "basins_race": ("pages/basins.py", "race"),
    "network": ("pages/network.py", None),
    "learned": ("pages/learned.py", None),
    "learned_softmax": ("pages/learned.py", "cfg"),
    "deep": ("pages/deep.py", "cfg"),
}
# pages whose link is a document {"tab": <the scene's tab>, ...} holding config.to_dict() at
# this path (the Learned-surfaces page: {"softmax": {"config": {...}}})
SECTIONS = {"deep": ("deep",), "learned_softmax": ("softmax", "config"),
            "schedules_stuck": ("stuck",)}


@dataclass(frozen=True)
class Scene:
    key: str              # text keys in app.text.lesson: <key>_title, _text, _try
    page: str             # a key of PAGES
    figure: str           # what to draw (app.lesson.figures dispatches on it)
    config: object        # the page's frozen config (SimConfig, CriticalConfig, ...); for a
    #                       Learned-surfaces scene, a tuple of SimConfigs drawn side by side
    point: tuple | None = None   # the point a Saddles & Hessian scene inspects
    explore: ExploreConfig | None = None   # a Compare scene's instant sliders (its ?explore=)
    tab: str | None = None       # the tab a page of SECTIONS opens on (its study)
    section: tuple | None = None   # what that link holds, when not config.to_dict(): items


def _run(name: str, lr: float | None = None, **kw) -> OptimizerRun:
    return OptimizerRun(name, (("lr", lr),) if lr is not None else (), **kw)


# the rates the GD-eta scene talks about (f = x^2 + y^2: x <- (1 - 2 eta) x)
ETA_SMALL, ETA_OSC, ETA_BIG = 0.1, 0.9, 1.05
ERROR_SURFACE = SimConfig(surface="linreg", optimizers=(_run("sgd", 0.05),), steps=100,
                          starts=((-1.5, -2.5),))
GD_ETA = SimConfig(surface="bowl", optimizers=(_run("sgd", ETA_SMALL),), steps=40,
                   starts=((-1.5, 1.2),))
# the Learned-surfaces page's batch tab: 20 epochs of full batch, batches of 8, and B = 1
BATCH_SIZE, EPOCHS = 8, 20
_BATCH = {"surface": "linreg", "optimizers": (_run("sgd", 0.05),), "starts": ((-1.5, -2.5),)}
BATCH = (SimConfig(**_BATCH, steps=EPOCHS),
         SimConfig(**_BATCH, batch_size=BATCH_SIZE,
                   steps=EPOCHS * SimConfig(**_BATCH, batch_size=BATCH_SIZE).batches_per_epoch),
         SimConfig(**_BATCH, batch_size=1,
                   steps=EPOCHS * SimConfig(**_BATCH, batch_size=1).batches_per_epoch))
CRITICAL = CriticalConfig("himmelblau")
HESSIAN = CriticalConfig("lecture_w1w2")
ESCAPE = SimConfig(surface="saddle", optimizers=(_run("sgd", 0.05),), steps=200,
                   starts=((1.5, 0.0),), noise=0.05, seed=0)
MOMENTUM = SimConfig(surface="ravine", optimizers=(_run("sgd", 0.09), _run("momentum", 0.09)),
                     steps=200, starts=((-5.0, 1.5),))
# the instant sliders: GD's rate over 96 values (log scale); momentum (34 values, 0.03 apart)
# x the rate (5 values up to the scene's 0.09) for the momentum run
GD_ETA_EXPLORE = ExploreConfig(0, (Span("lr", 96, 0.01, 1.1),))
MOMENTUM_EXPLORE = ExploreConfig(1, (Span("momentum", 34, 0.0, 0.99), Span("lr", 5, 0.01, 0.09)))
ADAPTIVE = SimConfig(surface="ill_conditioned", surface_params=(("kappa", 50.0),),
                     optimizers=(_run("sgd", 0.03), _run("rmsprop", 0.03), _run("adam", 0.1)),
                     steps=200, starts=((-1.8, 0.8),))
# the Learning-rate page's "stuck" tab as it opens: SGD on the ravine at 0.099 and at half
STUCK = stuck(STUCK_LR)
SCHEDULE = SimConfig(surface="himmelblau", steps=300, noise=2.0, starts=((0.0, 0.0),),
                     optimizers=(_run("momentum", 0.01, schedule="warmup_cosine"),))
# the Learned-surfaces page's softmax view as it opens: z = (2, 1, -1), class 1 true
SOFTMAX = SoftmaxConfig()
MSE = SimConfig(surface="logistic_mse", optimizers=(_run("sgd", 1.0),), steps=300,
                starts=((-4.0, 4.0),))
CE = SimConfig(surface="logistic_ce", optimizers=(_run("sgd", 1.0),), steps=300,
               starts=((-4.0, 4.0),))
SCALING_RAW = SimConfig(surface="scaling_raw", optimizers=(_run("sgd", 2e-8),), steps=200,
                        starts=((-1.0, 0.002),))
SCALING_STD = SimConfig(surface="scaling_std", optimizers=(_run("sgd", 0.1),), steps=200,
                        starts=((-1.5, 3.0),))
NEWTON_START = (1.5, 0.5)
NEWTON_FALLBACK = CriticalConfig("saddle")
NETWORK = NetConfig((("epochs", 30), ("width", 8)),
                    (_run("momentum", 0.05), _run("adam", 0.01)))
# the Deep-networks page as it opens (its defaults): the vanishing-gradients study (8 hidden
# layers of 16 units, sigmoid / ReLU / residual) and model bias vs optimization (2 vs 20
# ReLU layers)
DEEP = DeepConfig()
BASINS = BasinConfig(surface="himmelblau", resolution=32, steps=300,
                     optimizers=(_run("sgd", 0.01), _run("momentum", 0.01), _run("adam", 0.1)))
# the starts the Basins page draws for a race of 3 starts, so its link reproduces the scene
RACE = TuneConfig(surface="himmelblau", optimizers=("sgd", "momentum", "adam"), lr_min=1e-4,
                  lr_max=10.0, lr_points=20, steps=300, metric="steps_to_loss", target=1e-2,
                  starts=race_starts(get_surface("himmelblau", {}), 3))


def newton_scene() -> Scene:
    """Newton on Compare when the registry has it (checked at run time), else the saddle's
    Hessian on Saddles & Hessian (the point Newton's step jumps to)."""
    if "newton" in OPTIMIZERS:
        try:
            cfg = SimConfig(surface="saddle", optimizers=(OptimizerRun("newton"), _run("sgd", 0.05)),
                            steps=50, starts=(NEWTON_START,))
            return Scene("newton", "compare", "map", cfg)
        except ValueError:   # an entry this lesson does not know how to configure
            pass
    return Scene("newton", "critical", "hessian", NEWTON_FALLBACK, (0.0, 0.0))


def scenes() -> tuple[Scene, ...]:
    return (
        Scene("error_surface", "compare", "map", ERROR_SURFACE),
        Scene("gd_eta", "compare", "map", GD_ETA, explore=GD_ETA_EXPLORE),
        Scene("batch", "learned", "learned_batch", BATCH),
        Scene("critical", "critical", "critical_map", CRITICAL),
        Scene("hessian", "critical", "hessian", HESSIAN, (0.0, 0.0)),
        Scene("escape", "compare", "map", ESCAPE),
        Scene("momentum", "compare", "map", MOMENTUM, explore=MOMENTUM_EXPLORE),
        Scene("adaptive", "compare", "rates", ADAPTIVE),
        Scene("stuck", "schedules_stuck", "stuck", STUCK, tab="stuck",
              section=(("lr", STUCK_LR),)),
        Scene("schedule", "schedules", "lr_curve", SCHEDULE),
        Scene("softmax", "learned_softmax", "softmax", SOFTMAX, tab="softmax"),
        Scene("mse_ce", "learned", "learned_side", (MSE, CE)),
        Scene("scaling", "learned", "learned_side", (SCALING_RAW, SCALING_STD)),
        newton_scene(),
        Scene("network", "network", "landscape", NETWORK),
        Scene("vanishing", "deep", "deep", DEEP, tab="vanishing"),
        Scene("bias", "deep", "deep", DEEP, tab="bias"),
        Scene("basins", "basins", "basins", BASINS),
        Scene("race", "basins_race", "race", RACE),
    )
