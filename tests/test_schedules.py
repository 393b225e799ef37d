"""Schedules: tables equal torch's schedulers; the engine under a schedule equals the
reference loop stepping the real scheduler; sweeps equal the individual runs; the CLI."""
import json
import math
import sys

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from optim_core import (
    OPTIMIZERS,
    SCHEDULES,
    OptimizerRun,
    SimConfig,
    lr_table,
    simulate,
    simulate_reference,
)
from optim_core.schedules import LOSS_DRIVEN, PIECE_EXCLUDED, WARMUP, Plateau, attach

FACTORS = ("1", "0.5**t", "1 / (1 + t)", "exp(-t / 50)", "max(0, 1 - t / 100)",
           "abs(sin(t / 10))", "t / (t + 1)", "min(1, (t + 1) / 20)", "1 / sqrt(1 + t / 10)",
           "cos(pi * t / 200)**2", "sigmoid(t - 30) + 0.01")
PIECES = [k for k in SCHEDULES if k not in PIECE_EXCLUDED]


def draw_pieces(draw, steps, full=False):
    n = draw(st.integers(1, 4))
    keys = [draw(st.sampled_from(PIECES)) for _ in range(n)]
    pieces = [{"name": k, "params": draw_params(draw, k, steps, full)} for k in keys]
    milestones = sorted(draw(st.sets(st.integers(1, max(steps, n)), min_size=n - 1,
                                     max_size=n - 1)))
    return pieces, milestones


def draw_params(draw, key, steps, full=False):
    """Parameters of ``key``: sensible ones (int params within ``steps``), or with ``full``
    any the registry accepts."""
    hp = {}
    for p in SCHEDULES[key].params:
        if p.kind == "formula":
            hp[p.name] = draw(st.sampled_from(FACTORS))
        elif p.kind == "pieces":
            hp[p.name], milestones = draw_pieces(draw, steps, full)
            if "milestones" in {q.name for q in SCHEDULES[key].params}:
                hp["milestones"] = milestones
            break
        elif p.kind == "ints":
            top = int(p.high) if full else steps
            hp[p.name] = sorted(draw(st.lists(st.integers(1, top), min_size=1, max_size=6)))
        elif full and p.kind == "int":
            hp[p.name] = draw(st.one_of(st.integers(int(p.low), int(p.low) + 3),
                                        st.integers(int(p.low), int(p.high))))
        elif full and p.kind == "float":
            hp[p.name] = draw(st.one_of(st.sampled_from([p.low, p.high]),
                                        st.floats(p.low, p.high)))
        elif p.kind == "int":
            hp[p.name] = draw(st.integers(int(p.low), min(int(p.high), steps)))
        elif p.kind == "pair":
            a, b = sorted(draw(st.lists(st.integers(1, steps), min_size=2, max_size=2)))
            hp[p.name] = (a, b)
        elif p.log:
            hp[p.name] = math.exp(draw(st.floats(math.log(p.low), math.log(p.high))))
        else:
            hp[p.name] = draw(st.floats(p.low, p.high))
    return hp


TIMED = sorted(k for k in SCHEDULES if k not in LOSS_DRIVEN)


@pytest.mark.parametrize("key", TIMED)
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


def test_warmup_precedes_any_decay():
    """LinearLR up to the rate, then the decay as it runs alone (SequentialLR restarts it)."""
    for decay, key in WARMUP.items():
        hp = {p.name: p.default for p in SCHEDULES[decay].params}
        alone = lr_table(decay, hp, 0.1, 100)
        warm = lr_table(key, {**hp, "total_iters": 20, "start_factor": 0.1}, 0.1, 120)
        assert warm[0] == pytest.approx(0.01) and warm[19] < warm[20] == 0.1
        assert np.allclose(warm[20:], alone, rtol=1e-12, atol=1e-15), key


def run_under(key: str, opt: str, fast: bool = False) -> OptimizerRun:
    lr = (1.0 if opt == "adadelta" else 0.1 if OPTIMIZERS[opt].adaptive else 0.01) if fast else \
        (0.5 if opt == "adadelta" else 0.01 if OPTIMIZERS[opt].adaptive else 0.004)
    peak = (("max_lr", 2 * lr),) if any(p.name == "max_lr" for p in SCHEDULES[key].params) else ()
    extra = {"rmsprop": (("momentum", 0.5),), "adamw": (("weight_decay", 0.1),)}.get(opt, ())
    return OptimizerRun(opt, (("lr", lr), *extra), schedule=key, schedule_params=peak)


@pytest.mark.parametrize("key", TIMED)
def test_engine_under_schedule_equals_reference(key):
    runs = tuple(run_under(key, k) for k in OPTIMIZERS)
    cfg = SimConfig(surface="himmelblau", optimizers=runs, starts=((0.5, -1.0),), steps=100)
    result = simulate(cfg)
    assert (result.diverged_at < 0).all() and result.lr_runs is None
    assert np.abs(result.path - simulate_reference(cfg)).max() <= 1e-10
    for k, run in enumerate(runs):
        assert np.array_equal(result.lr[k], run.lr_table(100))


def plateau_params(rng, mode, demanding=False):
    """Random settings; ``demanding`` ones ask for enough improvement that rates do drop."""
    rel, ab = ([1e-2, 0.05, 0.1], [0.05, 0.5]) if demanding else ([0.0, 1e-4, 1e-2, 0.1],
                                                                  [0.0, 1e-3, 0.05])
    return (("factor", float(rng.uniform(0.1, 0.9))), ("patience", int(rng.integers(0, 6))),
            ("threshold", float(rng.choice(rel if mode == "rel" else ab))),
            ("cooldown", int(rng.integers(0, 5))),
            ("min_lr", float(rng.choice([0.0, 1e-4, 1e-3]))))


@pytest.mark.parametrize("seed", range(12))
def test_plateau_rule_equals_torch(seed):
    """The vectorized rule against torch's ReduceLROnPlateau fed the same losses: random
    settings, both threshold modes, plateaus, exact ties, inf and NaN losses."""
    rng = np.random.default_rng(seed)
    runs = [OptimizerRun("sgd", (("lr", float(rng.uniform(1e-3, 1.0))),), schedule=key,
                         schedule_params=plateau_params(rng, LOSS_DRIVEN[key]))
            for key in rng.choice(sorted(LOSS_DRIVEN), 6)]
    M, T = 3, 150
    losses = np.round(np.cumsum(rng.normal(0, 1, (T, len(runs), M)), 0) * 4) / 4   # ties
    losses[rng.random(losses.shape) < 0.02] = np.inf
    losses[rng.random(losses.shape) < 0.02] = np.nan
    expected = np.empty_like(losses)
    for k, run in enumerate(runs):
        for j in range(M):
            w = torch.zeros(1, requires_grad=True)
            opt = torch.optim.SGD([w], lr=float(run.hp["lr"]))
            sched = attach(opt, run.schedule, dict(run.schedule_params), T)
            for t in range(T):
                sched.step(float(losses[t, k, j]))
                expected[t, k, j] = opt.param_groups[0]["lr"]
    plateau = Plateau(runs, M)
    for t in range(T):
        plateau.step(torch.tensor(losses[t]))
        assert np.array_equal(plateau.rate.numpy(), expected[t]), t
    assert (expected[-1] < expected[0]).sum() >= 6      # the settings do reduce


def test_engine_under_plateau_equals_reference():
    """Every optimizer under reduce-on-plateau with random settings, several starts each
    with its own torch scheduler stepped with its own loss (noisy gradients): the engine's
    in-loop rule follows them, and every optimizer's rate really drops somewhere."""
    dropped = np.zeros(len(OPTIMIZERS), dtype=bool)
    for seed in range(3):
        rng = np.random.default_rng(100 + seed)
        runs = []
        for k in OPTIMIZERS:
            base = run_under("constant", k, fast=k != "radam")   # rates that stall near a floor
            key = str(rng.choice(sorted(LOSS_DRIVEN)))
            runs.append(OptimizerRun(k, base.params, schedule=key,
                                     schedule_params=plateau_params(rng, LOSS_DRIVEN[key], True)))
        starts = tuple(tuple(float(v) for v in rng.uniform(-4, 4, 2)) for _ in range(3))
        cfg = SimConfig(surface="himmelblau", optimizers=tuple(runs), starts=starts, steps=150,
                        noise=0.5, seed=seed)
        r = simulate(cfg)
        ok = r.diverged_at < 0
        assert ok.mean() > 0.9
        assert np.abs(r.path - simulate_reference(cfg))[ok].max() <= 1e-10
        assert (r.lr_runs[:, :, 1:] <= r.lr_runs[:, :, :-1]).all()
        assert np.array_equal(r.lr, r.lr_runs[:, 0])
        dropped |= ((r.lr_runs[:, :, -1] < r.lr_runs[:, :, 0]) & ok).any(axis=1)
    assert dropped.all(), [k for k, d in zip(OPTIMIZERS, dropped) if not d]


def test_rate_enters_linearly_for_every_optimizer():
    """The loss-driven loop multiplies the rate into RATE_KEYS; for every optimizer the
    rate reaches only those, linearly (and the lr-dependent ones are found)."""
    from optim_core.engine import rate_linear_keys
    for k in (k for k, o in OPTIMIZERS.items() if o.coeffs is not None):   # engine rows
        keys = rate_linear_keys(run_under("constant", k), 50)
        assert keys and keys <= {"nm", "ng", "post", "eta", "dec"}, k
    assert "dec" in rate_linear_keys(run_under("constant", "adamw"), 50)
    assert "post" in rate_linear_keys(run_under("constant", "adadelta"), 50)


def test_reduce_on_plateau_really_reduces():
    run = OptimizerRun("momentum", (("lr", 0.004),), schedule="reduce_on_plateau",
                       schedule_params=(("patience", 5), ("factor", 0.5)))
    r = simulate(SimConfig(surface="himmelblau", optimizers=(run,), starts=((0.0, 0.0),),
                           steps=200))
    assert r.lr[0, 0] == 0.004 and r.lr[0, -1] < 0.004 and (np.diff(r.lr[0]) <= 0).all()
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


def test_cli_schedule(capsys, cli):
    out = cli("schedule", "--config", "-",
              stdin=json.dumps({"schedule": "step", "lr": 0.1, "steps": 5,
                                "params": {"step_size": 2, "gamma": 0.5}}))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["lr"] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])
    for bad, field in (({"schedule": "nope"}, "schedule"), ({"schedule": "step", "steps": 0}, "steps"),
                       ({"schedule": "step", "params": {"gamma": 2}}, "params.gamma"),
                       ({"schedule": "step", "lr": -1}, "lr"),
                       ({"schedule": "warmup_cosine", "params": {"total_iters": 0}},
                        "params.total_iters"),
                       ({"schedule": "reduce_on_plateau"}, "follows the loss")):
        assert run_cli(capsys, ["schedule", "--config", "-"], json.dumps(bad)) == 2
        err = capsys.readouterr().err
        assert field in err and len(err.splitlines()) == 1, err
    assert run_cli(capsys, ["list", "schedules", "--json"]) == 0
    assert {r["key"] for r in json.loads(capsys.readouterr().out)} == set(SCHEDULES)


def run_cli(capsys, argv, stdin=""):
    import io

    from optim_core.cli import main
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(argv)
    finally:
        sys.stdin = old


# --- every accepted value works (issue 12: one-cycle's ZeroDivisionError, triangular2's
# OverflowError) ---------------------------------------------------------------------

def torch_builder(key):
    """The schedules the registry patches, as plain torch builds them (None: not patched)."""
    if key == "onecycle":
        return lambda opt, steps, max_lr, pct_start, div_factor, final_div_factor: \
            torch.optim.lr_scheduler.OneCycleLR(opt, max_lr, total_steps=steps,
                                                pct_start=pct_start, div_factor=div_factor,
                                                final_div_factor=final_div_factor,
                                                cycle_momentum=False)
    if key == "cyclic_triangular2":
        return lambda opt, steps, max_lr, step_size_up: torch.optim.lr_scheduler.CyclicLR(
            opt, base_lr=opt.param_groups[0]["lr"], max_lr=max_lr, step_size_up=step_size_up,
            mode="triangular2", cycle_momentum=False)
    return None


def torch_table(build, hp, lr, steps):
    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
    sched = build(opt, steps, **hp)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(out)


def test_onecycle_where_torch_divides_by_zero():
    """pct_start x steps == 1: torch raises; the registry takes torch's limit from below."""
    for steps, pct in ((10, 0.1), (100, 0.01), (2, 0.5), (50, 0.02), (4, 0.25)):
        assert pct * steps == 1.0
        hp = {"max_lr": 0.5, "pct_start": pct, "div_factor": 25.0, "final_div_factor": 1e4}
        with pytest.raises(ZeroDivisionError):
            torch_table(torch_builder("onecycle"), hp, 0.1, steps)
        ours = lr_table("onecycle", hp, 0.1, steps)
        below = torch_table(torch_builder("onecycle"),
                            {**hp, "pct_start": math.nextafter(pct, 0.0)}, 0.1, steps)
        assert np.isfinite(ours).all() and ours[0] == 0.5
        assert np.allclose(ours, below, rtol=1e-12, atol=0), (steps, ours, below)


def test_triangular2_past_1024_cycles():
    """torch's 2.0 ** (cycle - 1) overflows from cycle 1025; the registry's amplitude is
    the same power of two before that and keeps halving (to 0) after."""
    hp = {"max_lr": 1.0, "step_size_up": 1}
    steps = 2 * 1024 - 1   # the scheduler computes one step ahead
    ours = lr_table("cyclic_triangular2", hp, 0.1, steps + 200)
    assert np.array_equal(ours[:steps], torch_table(torch_builder("cyclic_triangular2"), hp,
                                                    0.1, steps))
    with pytest.raises(OverflowError):
        torch_table(torch_builder("cyclic_triangular2"), hp, 0.1, steps + 200)
    assert np.isfinite(ours).all() and (ours >= 0.1).all() and ours[-1] == 0.1
    assert ours[1] == 1.0 and ours[3] == pytest.approx(0.55)   # amplitude halved per cycle


@st.composite
def any_accepted(draw, key):
    """Any value the registry accepts (the whole range, not only sensible ones), with
    enough steps to reach the extreme ends (thousands of cycles, tiny factors)."""
    steps = draw(st.one_of(st.integers(1, 60), st.integers(1, 3000)))
    hp = draw_params(draw, key, steps, full=True)
    if key == "onecycle" and draw(st.booleans()):   # torch's division by zero
        steps = draw(st.sampled_from([2, 4, 5, 10, 20, 25, 50, 100]))
        hp["pct_start"] = max(1.0 / steps, 0.01)
    lr = draw(st.sampled_from([1e-10, 1e-3, 1.0, 10.0]))
    return hp, lr, steps


@pytest.mark.parametrize("key", TIMED)
@settings(max_examples=12, deadline=None, derandomize=True)
@given(data=st.data())
def test_every_accepted_value_gives_finite_rates_equal_to_torch(key, data):
    hp, lr, steps = data.draw(any_accepted(key))
    table = lr_table(key, hp, lr, steps)
    assert table.shape == (steps,) and np.isfinite(table).all() and (table >= 0).all()
    plain = torch_builder(key)
    try:   # where plain torch works, the registry's patched schedules equal it
        expected = torch_table(plain or SCHEDULES[key].build, hp, lr, steps)
    except (ZeroDivisionError, OverflowError):
        assert plain is not None   # only where the registry has patched torch
        return
    assert np.array_equal(table, expected), (key, hp, lr, steps)


# --- the new schedules against torch's schedulers built by hand --------------------------

def by_hand(make, steps, lr=0.1):
    """The rates of a scheduler ``make(opt)`` built directly from torch.optim.lr_scheduler."""
    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
    return _step_through(opt, make(opt), steps)


def _step_through(opt, sched, steps):
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(out)


S = torch.optim.lr_scheduler


@settings(max_examples=25, deadline=None, derandomize=True)
@given(milestones=st.lists(st.integers(1, 300), min_size=1, max_size=12),
       gamma=st.floats(1e-4, 1.0), steps=st.integers(1, 400))
def test_multistep_any_number_of_milestones(milestones, gamma, steps):
    ours = lr_table("multistep", {"milestones": milestones, "gamma": gamma}, 0.1, steps)
    assert np.array_equal(ours, by_hand(lambda o: S.MultiStepLR(o, milestones, gamma), steps))


@pytest.mark.parametrize("text", FACTORS)
def test_lambda_formula_equals_lambdalr_of_the_same_function(text):
    """The typed factor, evaluated by torch's LambdaLR one step at a time on a Python float
    (math functions), equals the table: the formula means what it says."""
    env = {"sqrt": math.sqrt, "exp": math.exp, "sin": math.sin, "cos": math.cos, "pi": math.pi,
           "abs": abs, "max": max, "min": min, "sigmoid": lambda v: 1 / (1 + math.exp(-v))}
    fn = eval("lambda t: " + text, env)   # the test's own, independent reading of the text
    ours = lr_table("lambda", {"lr_lambda": text}, 0.1, 300)
    theirs = by_hand(lambda o: S.LambdaLR(o, fn), 300)
    assert np.allclose(ours, theirs, rtol=1e-14, atol=1e-300), text
    assert lr_table("lambda", {"lr_lambda": "1"}, 0.1, 5).tolist() == [0.1] * 5


def test_lambda_factor_errors_name_the_field():
    for text, why in (("x + 1", "unknown name 'x'"), ("1 / t", "at t = 0 is inf"),
                      ("exp(t)", "at t = 710 is inf"), ("-1", "must be finite and >= 0"),
                      ("", "formula is empty"), ("__import__('os')", "lr_lambda")):
        with pytest.raises(ValueError, match="schedule.params.lr_lambda") as e:
            lr_table("lambda", {"lr_lambda": text}, 0.1, 1000)
        assert why in str(e.value) and len(str(e.value).splitlines()) == 1
    with pytest.raises(ValueError, match="lr_lambda must be a formula of t"):
        lr_table("lambda", {"lr_lambda": 3}, 0.1, 10)


def test_sequential_and_chained_equal_torch_built_by_hand():
    pieces = [{"name": "linear", "params": {"start_factor": 0.01, "end_factor": 1.0,
                                            "total_iters": 20}},
              {"name": "step", "params": {"step_size": 7, "gamma": 0.5}},
              {"name": "lambda", "params": {"lr_lambda": "0.9**t"}},
              {"name": "cosine", "params": {"T_max": 30, "eta_min": 0.001}}]
    ours = lr_table("sequential", {"schedulers": pieces, "milestones": [20, 50, 70]}, 0.1, 150)
    theirs = by_hand(lambda o: S.SequentialLR(o, [
        S.LinearLR(o, 0.01, 1.0, total_iters=20), S.StepLR(o, 7, 0.5),
        S.LambdaLR(o, lambda t: 0.9 ** t), S.CosineAnnealingLR(o, 30, 0.001)],
        milestones=[20, 50, 70]), 150)
    assert np.allclose(ours, theirs, rtol=1e-15, atol=0)
    assert ours[0] == pytest.approx(0.001) and ours[20] == pytest.approx(0.1)
    chain = [{"name": "constant_factor", "params": {"factor": 0.1, "total_iters": 10}},
             {"name": "exponential", "params": {"gamma": 0.95}},
             {"name": "multistep", "params": {"milestones": [30, 60], "gamma": 0.5}}]
    ours = lr_table("chained", {"schedulers": chain}, 0.1, 100)
    theirs = by_hand(lambda o: S.ChainedScheduler([
        S.ConstantLR(o, 0.1, 10), S.ExponentialLR(o, 0.95), S.MultiStepLR(o, [30, 60], 0.5)],
        optimizer=o), 100)
    assert np.array_equal(ours, theirs)


def test_composite_config_round_trip_and_errors():
    d = {"surface": "bowl", "optimizers": [{"name": "adam", "params": {"lr": 0.1}, "schedule": {
        "name": "sequential", "params": {
            "schedulers": [{"name": "linear"}, {"name": "multistep",
                                                "params": {"milestones": [40, 10, 80]}}],
            "milestones": [5]}}}]}
    cfg = SimConfig.from_dict(d)
    text = json.dumps(cfg.to_dict())
    assert SimConfig.from_dict(json.loads(text)) == cfg and hash(cfg) == hash(
        SimConfig.from_dict(json.loads(text)))
    piece = json.loads(text)["optimizers"][0]["schedule"]["params"]["schedulers"][1]
    assert piece == {"name": "multistep", "params": {"milestones": [10, 40, 80], "gamma": 0.5}}
    import pickle
    assert pickle.loads(pickle.dumps(cfg)) == cfg
    where = "optimizers[0].schedule.params"
    for params, msg in (
            ({"schedulers": [{"name": "sequential"}]}, "schedulers[0].name must be one of"),
            ({"schedulers": [{"name": "step"}, {"name": "cosine"}], "milestones": []},
             "milestones must list 1 step(s) for 2 pieces"),
            ({"schedulers": [{"name": "step"}, {"name": "cosine"}], "milestones": [0]},
             "milestones[0] must be an integer in [1, 100000]"),
            ({"schedulers": [{"name": "step"}] * 3, "milestones": [5, 5]}, "distinct"),
            ({"schedulers": "cosine"}, "schedulers must be a list"),
            ({"schedulers": [{"name": "step", "params": {"gamma": 5}}]},
             "schedulers[0].params.gamma"),
            ({"schedulers": [{"name": "reduce_on_plateau"}]}, "schedulers[0].name"),
            ({"schedulers": [{"name": "step"}] * 9, "milestones": list(range(1, 9))},
             "1 to 8 pieces")):
        bad = json.loads(json.dumps(d))
        bad["optimizers"][0]["schedule"]["params"] = params
        with pytest.raises(ValueError) as e:
            SimConfig.from_dict(bad)
        assert str(e.value).startswith(where) and msg in str(e.value), str(e.value)
    with pytest.raises(ValueError, match=r"schedule.params.milestones must be a list"):
        lr_table("multistep", {"milestones": 5}, 0.1, 10)


def test_learning_rate_page_offers_the_new_schedules():
    """Every new schedule renders on the Learning-rate page; structured inputs (milestones,
    a factor formula, pieces as JSON) that do not parse are shown next to the control."""
    from conftest import app_test
    at = app_test("schedules")
    for key in ("linear", "polynomial", "constant_factor", "multiplicative", "lambda",
                "multistep", "sequential", "chained"):
        at.selectbox(key="lr.sched").set_value(key).run()
        assert not at.exception and not at.error, key
    at.selectbox(key="lr.sched").set_value("multistep").run()
    at.text_input(key="lr.sp.multistep.milestones").set_value("50, 20, 120").run()
    assert not at.exception and not at.error
    at.text_input(key="lr.sp.multistep.milestones").set_value("50, x").run()
    assert not at.exception and len(at.error) == 1 and "milestones[1]" in at.error[0].value
    at.selectbox(key="lr.sched").set_value("lambda").run()
    at.text_input(key="lr.sp.lambda.lr_lambda").set_value("0.99**t").run()
    assert not at.exception and not at.error
    at.text_input(key="lr.sp.lambda.lr_lambda").set_value("1/t").run()
    assert not at.exception and len(at.error) == 1 and "lr_lambda" in at.error[0].value
    at.selectbox(key="lr.sched").set_value("sequential").run()
    at.text_area(key="lr.sp.sequential.schedulers").set_value("[{\"name\": \"step\"}").run()
    assert not at.exception and len(at.error) == 1 and "schedulers" in at.error[0].value
