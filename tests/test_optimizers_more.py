"""The optimizers beyond the coefficient template (the general path, optim_core.general).

Each equals its reference implementation's own loop (torch.optim, lion-pytorch,
schedulefree, prodigyopt, pytorch-optimizer) to 1e-10 over randomized settings, with the
same horizon rule as tests/test_exact.py; the general path itself is checked by sending
template entries through it (it must reproduce the engine, divergence included); and
what it records besides the path (evaluations, averaged iterates, Prodigy's d) is
checked against the libraries' own state.
"""
import dataclasses
import math

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_exact import MIN_HORIZON, SURFACE_KEYS, TOL, stable_horizon

from optim_core import OPTIMIZERS, SURFACES, OptimizerRun, SimConfig, simulate, simulate_reference
from optim_core.general import MAX_LOOP_STEPS
from optim_core.optimizers import GROUPS

GENERAL = sorted(k for k, o in OPTIMIZERS.items() if o.coeffs is None)
STEPS = 60
RANGES = {"lambd": (0.0, 1e-2), "alpha": (0.5, 1.0), "t0": (0.0, 40.0),
          "etaminus": (0.3, 0.7), "etaplus": (1.05, 1.5), "beta2_decay": (-1.0, -0.5),
          "d": (1.0, 2.0), "beta1": (0.5, 0.99), "beta2": (0.5, 0.99), "beta3": (0.9, 0.999),
          "d_coef": (0.5, 2.0), "weight_decay": (0.0, 0.1), "momentum": (0.5, 0.95),
          "damping": (0.0, 5.0)}
LOG_RANGES = {"eps": (1e-10, 1e-6), "eps2": (1e-4, 1e-2), "step_min": (1e-8, 1e-4),
              "step_max": (0.1, 50.0), "d0": (1e-7, 1e-3)}
INTS = {"max_iter": (1, 10), "history_size": (1, 20), "warmup_steps": (0, 30)}


@st.composite
def general_settings(draw, key):
    surface = SURFACES[draw(st.sampled_from(SURFACE_KEYS))]
    spec = OPTIMIZERS[key]
    hp = {}
    for p in spec.params:
        if p.name == "lr":
            base = surface.lr_hint if key in ("asgd", "sf_sgd") else \
                0.02 if key == "lion" else p.default
            hp["lr"] = base * math.exp(draw(st.floats(math.log(0.2), math.log(2.0))))
        elif p.kind == "pair":
            hp[p.name] = (draw(st.floats(0.5, 0.95)), draw(st.floats(0.9, 0.9999)))
        elif p.kind == "choice":
            hp[p.name] = draw(st.sampled_from(p.choices))
        elif p.kind == "int":
            hp[p.name] = draw(st.integers(*INTS[p.name]))
        elif p.name in LOG_RANGES:
            lo, hi = LOG_RANGES[p.name]
            hp[p.name] = math.exp(draw(st.floats(math.log(lo), math.log(hi))))
        else:
            hp[p.name] = draw(st.floats(*RANGES[p.name]))
    xmin, xmax, ymin, ymax = surface.bounds
    starts = tuple((draw(st.floats(xmin, xmax)), draw(st.floats(ymin, ymax))) for _ in range(2))
    noise = 0.0 if key == "lbfgs" else draw(st.sampled_from([0.0, 0.0, 0.3]))
    clip = draw(st.sampled_from([0.0, 0.0, 2.0]))
    return SimConfig(surface=surface.key, optimizers=(OptimizerRun(key, tuple(hp.items())),),
                     starts=starts, steps=STEPS, noise=noise, seed=draw(st.integers(0, 99)),
                     clip=clip)


@pytest.mark.parametrize("key", GENERAL)
@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(data=st.data())
def test_general_path_equals_its_library_loop(key, data):
    config = data.draw(general_settings(key))
    ref, horizon = stable_horizon(config)
    assume(horizon.min() >= MIN_HORIZON)
    ours = simulate(config)
    surface = config.make_surface()
    xmin, xmax, ymin, ymax = surface.bounds
    center = np.array([(xmin + xmax) / 2, (ymin + ymax) / 2])
    for j, h in enumerate(horizon):
        d = ours.diverged_at[0, j]
        if 0 <= d < h:   # ours froze where the reference leaves the domain grown 100x
            assert np.abs(ref[j, d] - center).max() > 100 * max(xmax - xmin, ymax - ymin) or \
                not np.isfinite(surface.f(*torch.tensor(ref[j, d]))), (key, config, j, d)
            h = d
        diff = np.abs(ours.path[0, j, :h] - ref[j, :h]).max()
        assert diff <= TOL, (key, config, j, diff)


@pytest.mark.parametrize("key", GENERAL)
def test_defaults_from_three_starts_equal_the_library_loop(key):
    cfg = SimConfig(surface="bowl", optimizers=(OptimizerRun(key),),
                    starts=((-1.5, 1.2), (0.7, -0.4), (1.9, 1.9)), steps=150)
    r = simulate(cfg)
    assert np.abs(r.path - simulate_reference(cfg)).max() <= TOL
    assert (r.diverged_at < 0).all() and np.isfinite(r.loss).all()
    assert r.lr.shape == (1, 150) and r.evals.shape == (1, 3, 150)


def as_general(monkeypatch, key, batched):
    """A template entry sent through the general path (its torch.optim loop)."""
    new = f"{key}__general"
    monkeypatch.setitem(OPTIMIZERS, new, dataclasses.replace(
        OPTIMIZERS[key], key=new, coeffs=None, batched=batched))
    return new


@pytest.mark.parametrize("batched", [True, False])
def test_general_path_reproduces_the_engine(monkeypatch, batched):
    """Template entries through the general path: the engine's paths, losses, rates and
    divergence steps (runs that explode and leave the domain, noise and clipping, a
    schedule and a loss-driven schedule)."""
    runs = (OptimizerRun("sgd", (("lr", 0.02),)),
            OptimizerRun("sgd", (("lr", 0.15),)),                   # diverges: 0.15 > 2/18
            OptimizerRun("momentum", (("lr", 0.01),), schedule="cosine"),
            OptimizerRun("adam", (("lr", 0.5),), schedule="reduce_on_plateau",
                         schedule_params=(("patience", 3),)),
            OptimizerRun("rmsprop", (("lr", 0.1), ("momentum", 0.5))))
    for clip in (0.0, 5.0):   # booth: a quadratic, where small differences do not grow
        cfg = SimConfig(surface="booth", optimizers=runs, steps=120, noise=0.5, clip=clip,
                        starts=((-8.0, 6.0), (2.0, 2.5), (0.0, -1.0)))
        engine = simulate(cfg)
        general = simulate(dataclasses.replace(cfg, optimizers=tuple(
            OptimizerRun(as_general(monkeypatch, r.name, batched), r.params,
                         schedule=r.schedule, schedule_params=r.schedule_params)
            for r in runs)))
        assert clip or ((engine.diverged_at >= 0).any() and (engine.diverged_at < 0).any())
        assert np.array_equal(general.diverged_at, engine.diverged_at)
        assert np.abs(general.path - engine.path).max() <= 1e-10
        # the loss at those positions: relative (frozen diverged runs sit at losses ~1e13)
        assert np.allclose(general.loss, engine.loss, rtol=1e-9, atol=1e-12)
        assert np.array_equal(general.lr, engine.lr)
        assert general.lr_runs is not None and np.array_equal(general.lr_runs, engine.lr_runs)
        assert general.eff_lr.shape == engine.eff_lr.shape and np.isfinite(general.eff_lr).all()
        # SGD's realized step per unit gradient is its rate
        assert np.allclose(general.eff_lr[0, 0, :50], 0.02, rtol=1e-9)


def test_mixed_rows_equal_each_alone():
    keys = ["adam", "lbfgs", "lion", "sgd", "prodigy", "asgd"]
    runs = tuple(OptimizerRun(k) if k != "sgd" else OptimizerRun(k, (("lr", 0.01),))
                 for k in keys)
    cfg = SimConfig(surface="himmelblau", optimizers=runs, starts=((0.0, 0.0), (-1, 2)),
                    steps=80)
    together = simulate(cfg)
    assert together.path.shape == (6, 2, 81, 2) and together.evals.shape == (6, 2, 80)
    for i, run in enumerate(runs):
        alone = simulate(dataclasses.replace(cfg, optimizers=(run,)))
        assert np.array_equal(together.path[i], alone.path[0]), run.name
        assert np.array_equal(together.lr[i], alone.lr[0])
        if alone.evals is not None:
            assert np.array_equal(together.evals[i], alone.evals[0])


def test_lbfgs_counts_its_function_evaluations():
    cfg = SimConfig(surface="ill_conditioned", starts=((-1.5, 1.5),), steps=6, optimizers=(
        OptimizerRun("lbfgs", (("max_iter", 5),)),))
    r = simulate(cfg)
    assert r.evals[0, 0, 0] > 1 and r.evals.sum() == r.evals[0, 0].sum()
    # an independent L-BFGS loop's own counter
    w = torch.tensor([-1.5, 1.5], dtype=torch.float64, requires_grad=True)
    opt = OPTIMIZERS["lbfgs"].make([w], **dict(cfg.optimizers[0].params))
    surface = cfg.make_surface()

    def closure():
        opt.zero_grad()
        loss = surface.value(w.view(1, 2)).sum()
        loss.backward()
        return loss
    counts = []
    for _ in range(6):
        before = opt.state[w].get("func_evals", 0) if w in opt.state else 0
        opt.step(closure)
        counts.append(opt.state[w]["func_evals"] - before)
    assert r.evals[0, 0].tolist() == counts
    assert r.loss[0, 0, -1] < 1e-9 * r.loss[0, 0, 0]   # a quadratic: solved in a few steps
    plain = simulate(dataclasses.replace(cfg, optimizers=(OptimizerRun("adam"),)))
    assert plain.evals is None   # the engine's rows: one evaluation per step


def library_loop(key, hp, start, steps, surface="himmelblau"):
    surf = SimConfig(surface=surface).make_surface()
    w = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = OPTIMIZERS[key].make([w], **hp)
    for _ in range(steps):
        opt.zero_grad()
        surf.value(w.view(1, 2)).sum().backward()
        opt.step()
    return w, opt


def test_asgd_records_its_averaged_iterate():
    hp = dict(OptimizerRun("asgd", (("lr", 0.005), ("t0", 20.0))).params)
    r = simulate(SimConfig(surface="himmelblau", starts=((0.5, -1.0),), steps=100,
                           optimizers=(OptimizerRun("asgd", tuple(hp.items())),)))
    w, opt = library_loop("asgd", hp, [0.5, -1.0], 100)
    avg = r.extras["avg_path"][0, 0]
    assert np.array_equal(avg[-1], opt.state[w]["ax"].numpy())
    assert np.array_equal(avg[:22], r.path[0, 0, :22])   # no averaging before t0
    assert np.abs(avg[-1] - r.path[0, 0, -1]).max() > 1e-4
    assert "d" not in r.extras


@pytest.mark.parametrize("key", ["sf_adamw", "sf_sgd"])
def test_schedule_free_records_the_averaged_point(key):
    """The path is y (where gradients are taken); extras hold x, what eval() switches to."""
    hp = dict(OptimizerRun(key).params)
    r = simulate(SimConfig(surface="himmelblau", starts=((0.5, -1.0),), steps=100,
                           optimizers=(OptimizerRun(key),)))
    w, opt = library_loop(key, hp, [0.5, -1.0], 100)
    assert np.abs(r.path[0, 0, -1] - w.detach().numpy()).max() <= 1e-12
    opt.eval()
    assert np.abs(r.extras["avg_path"][0, 0, -1] - w.detach().numpy()).max() <= 1e-12
    assert np.abs(r.extras["avg_path"][0, 0, -1] - r.path[0, 0, -1]).max() > 1e-6


def test_prodigy_records_its_distance_estimate():
    hp = dict(OptimizerRun("prodigy").params)
    r = simulate(SimConfig(surface="himmelblau", starts=((0.5, -1.0),), steps=100,
                           optimizers=(OptimizerRun("prodigy"),)))
    d = r.extras["d"][0, 0]
    _, opt = library_loop("prodigy", hp, [0.5, -1.0], 100)
    assert d[0] == hp["d0"] and d[-1] == opt.param_groups[0]["d"]
    assert (np.diff(d) >= 0).all() and d[-1] > 100 * d[0]


def test_adafactor_on_a_two_vector_is_not_factored():
    w, opt = library_loop("adafactor", dict(OptimizerRun("adafactor").params), [0.5, -1.0], 3)
    st_ = opt.state[w]
    assert st_["variance"].shape == (2,)   # the full second moment, one per coordinate
    assert st_.get("row_var") is None and st_.get("col_var") is None


def test_registry_entries_are_complete():
    for key, o in OPTIMIZERS.items():
        assert o.group in GROUPS, key
        assert o.latex and o.shines and o.fails and o.reference, key
        hp = {p.name: p.default for p in o.params}
        opt = o.make([torch.zeros(2, dtype=torch.float64, requires_grad=True)], **hp)
        assert isinstance(opt, torch.optim.Optimizer), key
    assert {o.group for o in OPTIMIZERS.values()} == set(GROUPS)
    for key in ("asgd", "rprop", "adafactor", "lbfgs"):
        assert OPTIMIZERS[key].in_torch and OPTIMIZERS[key].reference.startswith("torch.optim")


@pytest.mark.parametrize("key", sorted(OPTIMIZERS))
def test_every_accepted_value_makes_its_reference(key):
    """The registry's ranges are inside what each reference accepts: every parameter at
    its lowest and highest value builds the optimizer, and a simulation gives a result."""
    spec = OPTIMIZERS[key]
    for p in spec.params:
        values = [p.default] if p.kind in ("choice",) else \
            [(p.low, p.low), (p.high, p.high)] if p.kind == "pair" else [p.low, p.high]
        values = p.choices if p.kind == "choice" else (False, True) if p.kind == "bool" \
            else values
        for v in values:
            run = OptimizerRun(key, ((p.name, v),))
            r = simulate(SimConfig(surface="booth", optimizers=(run,), steps=5,
                                   starts=((1.0, 2.0), (0.0, 0.0))))
            assert r.path.shape == (1, 2, 6, 2), (key, p.name, v)


def test_general_work_is_bounded():
    with pytest.raises(ValueError, match=rf"optimizers: lbfgs .* at most {MAX_LOOP_STEPS:,}"):
        SimConfig(surface="bowl", optimizers=(OptimizerRun("lbfgs"),), steps=2000,
                  starts=tuple((0.1 * i, 0.0) for i in range(30)))
    # a batched one counts its steps once
    SimConfig(surface="bowl", optimizers=(OptimizerRun("lion"),), steps=2000,
              starts=tuple((0.1 * i, 0.0) for i in range(30)))


def test_the_test_can_fail(monkeypatch):
    """A wrong hyper-parameter mapping is caught: Rprop with its etas swapped differs."""
    cfg = SimConfig(surface="booth", optimizers=(OptimizerRun("rprop"),), steps=40)
    ref = simulate_reference(cfg)
    spec = OPTIMIZERS["rprop"]
    monkeypatch.setitem(OPTIMIZERS, "rprop", dataclasses.replace(
        spec, to_kwargs=lambda hp: {**spec.to_kwargs(hp), "etas": (0.4, 1.2)}))
    assert np.abs(simulate(cfg).path - ref).max() > TOL


def test_every_optimizer_trains_a_network():
    """The Neural-network page's loop takes every registry entry (L-BFGS with a closure on
    each batch, schedule-free in its training mode) and the range test too."""
    from optim_core.lr_finder import lr_range_test
    from optim_core.nets import NetConfig, train
    small = (("n", 80), ("width", 4), ("epochs", 3), ("batch_size", 16))
    # Newton needs the exact Hessian: (number of weights)^2 entries, refused for networks
    exact = [k for k in GENERAL if OPTIMIZERS[k].hessian]
    assert exact
    for k in exact:
        with pytest.raises(ValueError, match="needs the exact Hessian"):
            NetConfig(small, (k,))
    usable = [k for k in GENERAL if k not in exact]
    for part in (usable[:5], usable[5:]):   # at most 8 per network config
        cfg = NetConfig(small, tuple(part))
        for run in train(cfg).runs:
            assert np.isfinite(run.train_loss).all() and run.diverged_at is None, run
    cfg = NetConfig(small, ("lbfgs",))
    assert len(lr_range_test(cfg, 0, iterations=20).lr) > 0


def test_exported_script_reproduces_the_general_path(tmp_path):
    """The Compare page's reproduction script imports each library and steps with a
    closure: it reproduces the general path's runs."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from app.exporters import reproduction_script
    cfg = SimConfig(surface="booth", steps=30, starts=((1.0, 1.5),), noise=0.1,
                    optimizers=tuple(OptimizerRun(k) for k in GENERAL))
    f = tmp_path / "reproduce.py"
    f.write_text(reproduction_script(cfg))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    out = subprocess.run([sys.executable, str(f)], capture_output=True, text=True, timeout=300,
                         env=env, check=False)
    assert out.returncode == 0, out.stderr
    result = simulate(cfg)
    lines = out.stdout.strip().splitlines()
    assert len(lines) == len(GENERAL)
    for k, line in enumerate(lines):
        w = json.loads(line.split("w = ")[1].split(", loss")[0])
        assert w == pytest.approx(result.path[k, 0, -1].tolist(), abs=1e-10), GENERAL[k]


def test_compare_page_draws_the_averaged_point():
    from conftest import app_test
    at = app_test("compare")
    at.multiselect(key="cmp.opts").set_value(["sf_adamw", "adam"]).run()
    assert not at.exception and not at.error
    import json
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    dashed = [d for d in fig["data"] if d.get("line", {}).get("dash") == "dash"]
    assert [d["name"] for d in dashed] == ["Schedule-Free AdamW: averaged point (dashed)"]


def test_a_run_leaving_the_domain_is_frozen_where_the_reference_leaves_it():
    """Rprop's growing steps on a saddle: the general path marks the first step outside the
    domain grown 100x (the engine's rule), equal to the reference up to there."""
    run = OptimizerRun("rprop", (("etaplus", 2.0), ("step_max", 6.0)))
    cfg = SimConfig(surface="saddle", optimizers=(run,), starts=((1.0, 1.0),), steps=80)
    r, ref = simulate(cfg), simulate_reference(cfg)[0, 0]
    d = r.diverged_at[0, 0]
    xmin, xmax, ymin, ymax = cfg.make_surface().bounds
    limit = 100 * max(xmax - xmin, ymax - ymin)
    outside = np.abs(ref - [(xmin + xmax) / 2, (ymin + ymax) / 2]).max(-1) > limit
    assert d > 0 and d == np.argmax(outside)
    assert np.abs(r.path[0, 0, :d] - ref[:d]).max() <= TOL
    assert (r.path[0, 0, d:] == r.path[0, 0, d - 1]).all()


def test_cli_lists_and_simulates_the_general_path(capsys):
    import io
    import json
    import sys

    from optim_core.cli import main
    assert main(["list", "optimizers", "--json"]) == 0
    listed = {o["key"]: o for o in json.loads(capsys.readouterr().out)}
    assert set(listed) == set(OPTIMIZERS)
    assert listed["lion"]["reference"] == "lion_pytorch.Lion" and listed["lion"]["path"] == \
        "general" and listed["adam"]["path"] == "engine" and listed["lbfgs"]["group"] == \
        "second-order"
    old = sys.stdin
    sys.stdin = io.StringIO(json.dumps({"surface": "booth", "steps": 5,
                                        "optimizers": ["lbfgs", "asgd", "prodigy", "adam"]}))
    try:
        assert main(["simulate", "--config", "-"]) == 0
    finally:
        sys.stdin = old
    runs = json.loads(capsys.readouterr().out)["runs"]
    assert runs[0]["evals"][0] > 1 and runs[3]["evals"] == [1] * 5
    assert len(runs[1]["avg_path"]) == 6 and len(runs[2]["d"]) == 6
    assert "avg_path" not in runs[0] and "d" not in runs[1]


def test_compare_page_draws_evaluations_and_prodigys_d():
    import json

    from conftest import app_test
    at = app_test("compare")
    at.multiselect(key="cmp.opts").set_value(["lbfgs", "prodigy", "adam"]).run()
    assert not at.exception and not at.error
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    # the loss figure reads against steps or, one button away, function evaluations
    buttons = [b["label"] for f in specs for m in f["layout"].get("updatemenus", [])
               for b in m.get("buttons", [])]
    assert "function evaluations" in buttons, buttons
    d = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
             if json.loads(c.proto.spec)["layout"]["title"]["text"].startswith("Prodigy's"))
    assert [tr["name"] for tr in d["data"]] == ["Prodigy"]
    at.multiselect(key="cmp.opts").set_value(["adam"]).run()
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    titles = [f["layout"]["title"]["text"] for f in specs]
    assert not any("Prodigy" in s for s in titles)
    assert not any(m for f in specs for m in f["layout"].get("updatemenus", [])
                   if any("evaluations" in b["label"] for b in m.get("buttons", [])))


def test_compare_page_runs_a_schedule_per_run_and_links_keep_it():
    """A schedule per run on the Compare page (structured ones too), restored from a link."""
    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest

    from app import urlstate
    seq = (("schedulers", ({"name": "linear", "params": {"total_iters": 20}},
                           {"name": "multistep", "params": {"milestones": [40, 60, 90]}})),
           ("milestones", (20,)))
    cfg = SimConfig(surface="himmelblau", starts=((1.0, -2.0),), steps=120, optimizers=(
        OptimizerRun("adam", (("lr", 0.05),), schedule="sequential", schedule_params=seq),
        OptimizerRun("lion", (("lr", 0.01),), schedule="lambda",
                     schedule_params=(("lr_lambda", "0.99**t"),)),
        OptimizerRun("sgd", (("lr", 0.001),))))
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.query_params["cfg"] = urlstate.encode(cfg.to_dict())
    at.run()
    at.switch_page("pages/compare.py").run()
    assert not at.exception and not at.error
    raw = at.query_params["cfg"]
    shown = SimConfig.from_dict(urlstate.decode(raw[0] if isinstance(raw, list) else raw))
    assert shown == cfg
    at.text_input(key="cmp.ssp.lion.lambda.lr_lambda").set_value("1/t").run()
    assert not at.exception and len(at.error) == 1 and "lr_lambda" in at.error[0].value
