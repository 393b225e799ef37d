"""The Neural-network page's reproduction script: plain PyTorch, run in a fresh process
outside the project, prints the same per-epoch history as optim_core.nets.train."""
import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler as S

from optim_core.datasets import CLASSIFICATION
from optim_core.formula import FUNCTIONS, compile_formula
from optim_core.net_script import factor_source, net_script, schedules_source, script_covers
from optim_core.nets import INITS, NetConfig, train
from optim_core.schedules import LOSS_DRIVEN, SCHEDULES, attach

CONFIGS = [
    {"net": {"data": "moons", "n": 64, "width": 6, "depth": 2, "epochs": 6, "batch_size": 10,
             "seed": 4, "init_seed": 9, "batch_norm": "on"},
     "optimizers": [{"name": "nesterov", "params": {"lr": 0.1}},
                    {"name": "adagrad_lecture", "params": {"lr": 0.05},
                     "schedule": {"name": "reduce_on_plateau", "params": {"patience": 2}}},
                    {"name": "adam", "params": {"lr": 0.02},
                     "schedule": {"name": "warmup_cosine",
                                  "params": {"total_iters": 6, "T_max": 20}}}]},
    {"net": {"data": "spirals", "n": 50, "noise": 0.4, "width": 5, "depth": 3,
             "activation": "elu", "residual": "on", "init": "xavier", "epochs": 5,
             "batch_size": 8, "drop_last": "on", "seed": 2, "init_seed": 1},
     "optimizers": [{"name": "rmsprop_centered", "params": {"lr": 0.01}},
                    {"name": "adam_sgd", "params": {"lr": 0.01}},
                    {"name": "sgd", "params": {"lr": 0.5},
                     "schedule": {"name": "onecycle", "params": {"max_lr": 1.0}}}]},
    # typed and composite schedules: a typed factor alone and as a piece, a sequence, a chain
    {"net": {"data": "circles", "n": 60, "width": 6, "depth": 2, "epochs": 5,
             "batch_size": 12, "seed": 3, "init_seed": 5},
     "optimizers": [{"name": "sgd", "params": {"lr": 0.3},
                     "schedule": {"name": "lambda",
                                  "params": {"lr_lambda": "max(0.2, exp(-t / 8)) * (1 + sin(t) / 4)"}}},
                    {"name": "adam", "params": {"lr": 0.02},
                     "schedule": {"name": "sequential", "params": {
                         "schedulers": [{"name": "linear", "params": {"start_factor": 0.2,
                                                                      "total_iters": 5}},
                                        {"name": "lambda", "params": {"lr_lambda": "1 / sqrt(1 + t)"}},
                                        {"name": "multistep", "params": {"milestones": [3, 6]}}],
                         "milestones": [5, 12]}}},
                    {"name": "momentum", "params": {"lr": 0.1},
                     "schedule": {"name": "chained", "params": {
                         "schedulers": [{"name": "constant_factor",
                                         "params": {"factor": 0.3, "total_iters": 7}},
                                        {"name": "cosine", "params": {"T_max": 25}}]}}}]},
    {"net": {"data": "moons", "n": 60, "width": 5, "depth": 3, "epochs": 5, "batch_size": 12,
             "seed": 3, "init_seed": 5, "dropout": 0.3, "weight_decay": 0.02, "l1": 0.003,
             "val_fraction": 0.0},
     "optimizers": [{"name": "muon", "params": {"lr": 0.05, "adamw_lr": 0.02}},
                    {"name": "adam", "params": {"lr": 0.02}},
                    {"name": "adafactor", "params": {"lr": 0.05}},
                    {"name": "rprop", "params": {"lr": 0.01}}]},
]


@pytest.mark.parametrize("d", CONFIGS, ids=["moons-bn-schedules", "spirals-residual",
                                      "circles-typed-composite",
                                      "dropout-penalties-muon-no-validation"])
def test_script_reproduces_train(tmp_path, d):
    config = NetConfig.from_dict(d)
    src = net_script(config)
    assert "import optim_core" not in src and "from optim_core" not in src
    script = tmp_path / "reproduce.py"
    script.write_text(src)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-I", str(script)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    got = json.loads(out.stdout)["runs"]
    res = train(config)
    assert [g["optimizer"] for g in got] == [r.name for r in res.runs]
    for g, r in zip(got, res.runs):
        assert g["diverged_at"] == r.diverged_at
        for key in ("train_loss", "val_loss", "train_acc", "val_acc"):
            want = getattr(r, key)
            assert len(g[key]) == config.hp["epochs"] + 1 == len(want)
            np.testing.assert_allclose(np.array(g[key], dtype=float), want, rtol=0, atol=1e-10,
                                       err_msg=f"{r.name} {key}")
        assert g["train_loss"][-1] < g["train_loss"][0]   # it trained


def test_uncovered_optimizers_are_refused_by_name():
    for name in ("lbfgs", "lion"):
        config = NetConfig.from_dict({"optimizers": ["adam", name]})
        assert not script_covers(config)
        with pytest.raises(ValueError, match=f"does not cover the optimizer '{name}'"):
            net_script(config)
    assert script_covers(NetConfig.from_dict({"optimizers": ["adam", "muon", "adafactor"]}))


def _build(key: str, hp: dict):
    ns = {"S": S, "math": math, "torch": torch, "F": torch.nn.functional}
    exec(schedules_source([(key, hp)]), ns)  # noqa: S102  our own template text
    return ns["SCHEDULES"][key]


@pytest.mark.parametrize("key", list(SCHEDULES))
def test_every_schedule_builds_the_registry_scheduler(key):
    """The script's scheduler code gives the registry's rates, step by step, for every
    entry of the registry (typed factors and composites too): every config has a script."""
    hp = {p.name: p.default for p in SCHEDULES[key].params}
    if ("step_size" in hp or "T_max" in hp or "T_0" in hp or "milestones" in hp) and \
            "schedulers" not in hp:
        hp.update({k: v for k, v in {"step_size": 7, "T_max": 15, "T_0": 9,
                                     "milestones": (5, 12)}.items() if k in hp})
    if "total_iters" in hp:
        hp["total_iters"] = 6
    steps = 40
    losses = [1.0 / (1 + (t % 9)) for t in range(steps)]   # plateaus for the loss-driven
    tables = []
    for make in (lambda o: attach(o, key, hp, steps), lambda o: _build(key, hp)(o, steps, **hp)):
        w = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([w], lr=0.03)
        sched, lrs = make(opt), []
        for t in range(steps):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step(losses[t]) if key in LOSS_DRIVEN else sched.step()
        tables.append(lrs)
    assert tables[0] == tables[1]
    assert len(set(tables[0])) > 1 or key == "constant"   # the comparison is not vacuous


@pytest.mark.parametrize("data", list(CLASSIFICATION))
@pytest.mark.parametrize("init", INITS)
def test_every_data_set_and_init_renders_valid_python(data, init):
    config = NetConfig.from_dict({"net": {"data": data, "init": init, "epochs": 1},
                                  "optimizers": ["adam", "rmsprop_lecture"]})
    compile(net_script(config), "reproduce.py", "exec")


FORMULAS = [*(f"{name}(t / 40 + 0.1)" for name in FUNCTIONS if name not in ("max", "min")),
            "max(0.1, 1 - t / 30)", "min(1, (t + 1) / 5) + 0 * pi * e", "-(-t) ** 0.5 / 7",
            "+t / (1 + t) - 2 ** -3", "9 ** 9 ** 9 * 0 + 1", "  0.5  "]


@pytest.mark.parametrize("text", FORMULAS)
def test_factor_source_computes_what_the_safe_parser_computes(text):
    """The typed factor written as plain Python gives the same float64 values, bit for bit."""
    import torch.nn.functional as F

    src = factor_source(text)
    assert "eval" not in src and "optim_core" not in src
    fn = eval(src, {"torch": torch, "math": math, "F": F,
                    "c": lambda v: torch.tensor(v, dtype=torch.float64)})
    t = torch.arange(61, dtype=torch.float64)
    want = compile_formula(text, ("t",))(t) + 0.0 * t
    got = fn(t) + 0.0 * t
    assert torch.equal(torch.nan_to_num(got, nan=-7.0), torch.nan_to_num(want, nan=-7.0))


def test_factor_source_refuses_what_the_parser_refuses():
    with pytest.raises(ValueError, match="not allowed|unknown name|only these"):
        factor_source("__import__('os').system('true')")
    with pytest.raises(ValueError, match="unknown name"):
        factor_source("x + 1")
