"""Configuration validation: every bad input is a ValueError naming the field."""
import math

import pytest

from optim_core import LIMITS, OptimizerRun, SimConfig

GOOD = {"surface": "rosenbrock", "starts": [[-1.5, 2.0]], "steps": 50, "noise": 0.0, "seed": 0,
        "optimizers": [{"name": "adam", "params": {"lr": 0.01, "betas": [0.9, 0.999]}}]}


def with_(**kw):
    return {**GOOD, **kw}


BAD = [
    (with_(surface="nope"), "surface must be one of"),
    (with_(steps=0), "steps must be an integer in"),
    (with_(steps=LIMITS["steps"] + 1), "steps must be an integer in"),
    (with_(steps=1.5), "steps must be"),
    (with_(steps=True), "steps must be"),
    (with_(starts=[]), "starts must list"),
    (with_(starts=[[0.0, math.inf]]), r"starts\[0\]\[1\]"),
    (with_(starts=[[0.0, float("nan")]]), r"starts\[0\]\[1\]"),
    (with_(starts=[[0.0]]), r"starts\[0\] must be a point"),
    (with_(starts=[["a", 1]]), r"starts\[0\]\[0\]"),
    (with_(starts=[[0, 0]] * (LIMITS["starts"] + 1)), "starts must list"),
    (with_(noise=-1), "noise"),
    (with_(seed=-1), "seed"),
    (with_(seed=1.5), "seed"),
    (with_(clip=-0.1), "clip"),
    (with_(optimizers=[]), "optimizers must list"),
    (with_(optimizers="adam"), "optimizers must be a list"),
    (with_(optimizers=[{"name": "adamm"}]), "optimizer must be one of"),
    (with_(optimizers=[{"params": {}}]), r"optimizers\[0\] must be an object with a 'name'"),
    (with_(optimizers=[{"name": "adam", "params": {"lr": 100}}]), r"optimizers\[0\].params.lr"),
    (with_(optimizers=[{"name": "adam", "params": {"lr": "fast"}}]), r"optimizers\[0\].params.lr"),
    (with_(optimizers=[{"name": "sgd"}, {"name": "adam", "params": {"betas": [0.9]}}]),
     r"optimizers\[1\].params.betas"),
    (with_(optimizers=[{"name": "adam", "params": {"betas": [0.9, 1.5]}}]),
     r"optimizers\[0\].params.betas\[1\]"),
    (with_(optimizers=[{"name": "adam", "params": {"momentum": 0.9}}]),
     r"optimizers\[0\].params.momentum is not a parameter here"),
    (with_(optimizers=[{"name": "adam_sgd", "params": {"switch_step": 2.5}}]),
     r"optimizers\[0\].params.switch_step must be an integer"),
    (with_(surface="ill_conditioned", surface_params={"kappa": 1e9}), "surface_params.kappa"),
    (with_(colour="red"), "colour is not a configuration field"),
    (with_(steps=LIMITS["steps"], starts=[[0, 0]] * 1000), "optimizers x starts x steps"),
]


@pytest.mark.parametrize("bad,message", BAD)
def test_bad_input_names_the_field(bad, message):
    with pytest.raises(ValueError, match=message):
        SimConfig.from_dict(bad)


def test_not_an_object():
    with pytest.raises(ValueError, match="must be a JSON object"):
        SimConfig.from_dict([1, 2])


def test_round_trip_and_hashable():
    cfg = SimConfig.from_dict(GOOD)
    again = SimConfig.from_dict(cfg.to_dict())
    assert again == cfg and hash(again) == hash(cfg)
    assert cfg.optimizers[0].hp["eps"] == 1e-8          # defaults filled in
    assert cfg.optimizers[0].hp["betas"] == (0.9, 0.999)


def test_optimizer_run_by_name_only():
    run = OptimizerRun.from_dict("momentum")
    assert run.hp["momentum"] == 0.9 and run.name == "momentum"


@pytest.mark.parametrize("build, field", [
    (lambda: SimConfig(steps=0), "steps"),
    (lambda: SimConfig(seed=2 ** 63), "seed"),
    (lambda: SimConfig(record_rates="yes"), "record_rates"),
    (lambda: __import__("optim_core.critical").critical.CriticalConfig(grid=1), "grid"),
    (lambda: __import__("optim_core.critical").critical.CriticalConfig(rel_tol=1.0), "rel_tol"),
    (lambda: __import__("optim_core.escape").escape.EscapeConfig(seeds=0), "seeds"),
    (lambda: __import__("optim_core.escape").escape.EscapeConfig(offset=(0, "a")), "offset[1]"),
    (lambda: __import__("optim_core.config").config.ScheduleConfig("step", steps=0), "steps"),
    (lambda: __import__("optim_core.config").config.ScheduleConfig("step", lr=-1.0), "lr"),
    (lambda: __import__("optim_core.nets").nets.NetConfig((("epochs", 0),)), "net.epochs"),
])
def test_one_validation_style_for_every_config(build, field):
    """Every config checks its plain fields with the same Param specs: the same sentence."""
    with pytest.raises(ValueError) as e:
        build()
    text = str(e.value)
    assert text.startswith(f"{field} must be ") and "\n" not in text, text


def test_big_seeds_are_exact():
    """A seed near 2**63 stays the integer given (it went through a float and rounded)."""
    assert SimConfig(seed=2 ** 63 - 1).seed == 2 ** 63 - 1
