"""Schedules: tables equal torch's schedulers; the engine under a schedule equals the
reference loop stepping the real scheduler; sweeps equal the individual runs; the CLI."""
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from optim_core import (OPTIMIZERS, SCHEDULES, OptimizerRun, SimConfig, lr_table, simulate,
                        simulate_reference)
from optim_core.schedules import attach

ROOT = Path(__file__).resolve().parents[1]


def draw_params(draw, key, steps):
    hp = {}
    for p in SCHEDULES[key].params:
        if p.kind == "int":
            hp[p.name] = draw(st.integers(int(p.low), min(int(p.high), steps)))
        elif p.kind == "pair":
            a, b = sorted(draw(st.lists(st.integers(1, steps), min_size=2, max_size=2)))
            hp[p.name] = (a, b)
        elif p.log:
            hp[p.name] = math.exp(draw(st.floats(math.log(p.low), math.log(p.high))))
        else:
            hp[p.name] = draw(st.floats(p.low, p.high))
    return hp


@pytest.mark.parametrize("key", sorted(k for k in SCHEDULES if k != "reduce_on_plateau"))
@settings(max_examples=10, deadline=None, derandomize=True)
@given(data=st.data())
def test_table_equals_an_independent_torch_run(key, data):
    steps = data.draw(st.integers(1, 150))
    hp = draw_params(data.draw, key, steps)
    lr = math.exp(data.draw(st.floats(math.log(1e-4), math.log(1.0))))
    table = lr_table(key, hp, lr, steps)
    # an independent run: Adam on a real parameter, reading the group's rate each step
    w = torch.ones(3, requires_grad=True)
    opt = torch.optim.Adam([w], lr=lr)
    sched = attach(opt, key, hp, steps)
    for t in range(steps):
        assert table[t] == opt.param_groups[0]["lr"], (key, hp, t)
        (w ** 2).sum().backward()
        opt.step()
        sched.step()


@pytest.mark.parametrize("key", sorted(k for k in SCHEDULES if k != "reduce_on_plateau"))
def test_engine_under_schedule_equals_reference(key):
    def run(k):
        lr = 0.5 if k == "adadelta" else 0.01 if OPTIMIZERS[k].adaptive else 0.004
        peak = (("max_lr", 2 * lr),) if any(p.name == "max_lr" for p in SCHEDULES[key].params) else ()
        return OptimizerRun(k, (("lr", lr),), schedule=key, schedule_params=peak)
    runs = tuple(run(k) for k in OPTIMIZERS)
    cfg = SimConfig(surface="himmelblau", optimizers=runs, starts=((0.0, 0.0), (1.0, -1.0)),
                    steps=150)
    result = simulate(cfg)
    assert (result.diverged_at < 0).all()
    assert np.abs(result.path - simulate_reference(cfg)).max() <= 1e-10
    for k, run in enumerate(runs):
        assert np.array_equal(result.lr[k], run.lr_table(150))


@pytest.mark.parametrize("key", sorted(OPTIMIZERS))
def test_reduce_on_plateau_equals_torch(key):
    """The loss-driven schedule: the engine's fixed point equals torch's scheduler stepped
    with each step's loss in the reference loop, rate changes included."""
    lr = 0.5 if key == "adadelta" else 0.03 if OPTIMIZERS[key].adaptive else 0.004
    run = OptimizerRun(key, (("lr", lr),), schedule="reduce_on_plateau",
                       schedule_params=(("patience", 5), ("factor", 0.5)))
    cfg = SimConfig(surface="himmelblau", optimizers=(run,), starts=((0.0, 0.0),), steps=200)
    r = simulate(cfg)
    assert np.abs(r.path - simulate_reference(cfg)).max() <= 1e-10


def test_reduce_on_plateau_really_reduces():
    run = OptimizerRun("momentum", (("lr", 0.004),), schedule="reduce_on_plateau",
                       schedule_params=(("patience", 5), ("factor", 0.5)))
    r = simulate(SimConfig(surface="himmelblau", optimizers=(run,), starts=((0.0, 0.0),), steps=200))
    assert r.lr[0, 0] == 0.004 and r.lr[0, -1] < 0.004 and (np.diff(r.lr[0]) <= 0).all()
    with pytest.raises(ValueError, match="single start"):
        SimConfig(surface="bowl", optimizers=(run,), starts=((0, 0), (1, 1)))
    with pytest.raises(ValueError, match="follows the loss"):
        lr_table("reduce_on_plateau", {}, 0.1, 10)


def test_a_schedule_changes_the_path():
    base = OptimizerRun("sgd", (("lr", 0.01),))
    sched = OptimizerRun("sgd", (("lr", 0.01),), schedule="step",
                         schedule_params=(("step_size", 10), ("gamma", 0.1)))
    r = simulate(SimConfig(surface="bowl", optimizers=(base, sched), steps=50))
    assert np.abs(r.path[0] - r.path[1]).max() > 1e-3
    assert r.lr[1, 9] == 0.01 and r.lr[1, 10] == pytest.approx(0.001)


def test_sweep_equals_individual_runs():
    rates = np.geomspace(1e-3, 1.0, 16)
    runs = tuple(OptimizerRun(k, (("lr", float(r)),)) for k in ("sgd", "adam") for r in rates)
    sweep = simulate(SimConfig(surface="ravine", optimizers=runs, steps=100, record_rates=False))
    for i, run in enumerate(runs):
        alone = simulate(SimConfig(surface="ravine", optimizers=(run,), steps=100,
                                   record_rates=False))
        assert np.array_equal(sweep.path[i], alone.path[0])
        assert sweep.diverged_at[i, 0] == alone.diverged_at[0, 0]


def test_config_round_trip_and_errors():
    d = {"surface": "bowl", "optimizers": [{"name": "adam", "params": {"lr": 0.1},
                                            "schedule": {"name": "cosine", "params": {"T_max": 50}}}]}
    cfg = SimConfig.from_dict(d)
    assert SimConfig.from_dict(cfg.to_dict()) == cfg
    assert cfg.optimizers[0].to_dict()["schedule"] == {"name": "cosine",
                                                       "params": {"T_max": 50, "eta_min": 0.0}}
    bad = json.loads(json.dumps(d))
    bad["optimizers"][0]["schedule"]["name"] = "zigzag"
    with pytest.raises(ValueError, match=r"optimizers\[0\].schedule.name"):
        SimConfig.from_dict(bad)
    bad["optimizers"][0]["schedule"] = {"name": "step", "params": {"gamma": 7}}
    with pytest.raises(ValueError, match=r"optimizers\[0\].schedule.params.gamma"):
        SimConfig.from_dict(bad)


def cli(stdin):
    return subprocess.run([sys.executable, "-m", "optim_core", "schedule", "--config", "-"],
                          cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120)


def test_cli_schedule():
    out = cli(json.dumps({"schedule": "step", "params": {"step_size": 2, "gamma": 0.5},
                          "lr": 0.1, "steps": 5}))
    assert out.returncode == 0
    assert json.loads(out.stdout)["lr"] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])
    for bad, field in (({"schedule": "nope"}, "schedule"), ({"schedule": "step", "steps": 0}, "steps"),
                       ({"schedule": "step", "params": {"gamma": 2}}, "params.gamma"),
                       ({"schedule": "step", "lr": -1}, "lr")):
        out = cli(json.dumps(bad))
        assert out.returncode == 2 and field in out.stderr and len(out.stderr.splitlines()) == 1
    listed = subprocess.run([sys.executable, "-m", "optim_core", "list", "schedules", "--json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert {r["key"] for r in json.loads(listed.stdout)} == set(SCHEDULES)
