"""The analyses on the command line, in-process: each command's JSON equals what the page's
own (cached) call returns for the same configuration; bad input exits 2 with one line
naming the field; `--help` names every field of the config."""
import json
from dataclasses import fields

import numpy as np
import pytest

from optim_core import cli
from optim_core.cli_analysis import ANALYSES, HessianConfig, LandscapeConfig, RangeConfig, jsonable
from optim_core.critical import CriticalConfig
from optim_core.escape import EscapeConfig
from optim_core.nets import NET_PARAMS, NetConfig
from optim_core.sweep import SweepConfig

# a small network (seconds to train here), two optimizers, one with a schedule
NET = {"net": {"n": 48, "width": 4, "depth": 1, "epochs": 4, "batch_size": 12, "seed": 3,
               "init_seed": 5},
       "optimizers": [{"name": "sgd", "params": {"lr": 0.3}},
                      {"name": "adam", "params": {"lr": 0.02},
                       "schedule": {"name": "cosine", "params": {"T_max": 16}}}]}


def run(capsys, tmp_path, command, config, *extra):
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    rc = cli.main([command, "--config", str(path), *extra])
    out, err = capsys.readouterr()
    return rc, out, err


def ok(capsys, tmp_path, command, config):
    rc, out, err = run(capsys, tmp_path, command, config)
    assert rc == 0, err
    assert "NaN" not in out and "Infinity" not in out
    return json.loads(out)


def same(got, expect):
    """Equal after the same JSON round trip (floats print exactly)."""
    assert got == json.loads(json.dumps(jsonable(expect), allow_nan=False))


def test_every_analysis_is_registered():
    assert {"critical-points", "escape", "sweep", "landscape", "hessian",
            "lr-range"} <= set(cli.COMMANDS)


@pytest.mark.parametrize("config", [
    {"surface": "himmelblau", "grid": 12},
    {"surface": "ill_conditioned", "surface_params": {"kappa": 7.0}, "grid": 8},
    {"formula": "x**3 - 3*x + y**2", "bounds": [-2, 2, -1.5, 1.5], "grid": 10},
])
def test_critical_points_config_equals_the_page(capsys, tmp_path, config):
    from app.critical.cache import critical_points
    got = ok(capsys, tmp_path, "critical-points", config)
    kw = {**config}
    if "surface_params" in kw:
        kw["surface_params"] = tuple(kw["surface_params"].items())
    if "bounds" in kw:
        kw["bounds"] = tuple(kw["bounds"])
    res = critical_points(CriticalConfig(**kw))
    same(got["points"], res.to_dict()["points"])
    assert got["counts"] == res.counts() and got["iterations"] == res.iterations
    assert got["points"], "the finder found nothing: the comparison would be empty"


def test_critical_points_surface_flag_still_works(capsys):
    from optim_core.critical import find_critical_points
    assert cli.main(["critical-points", "--surface", "himmelblau",
                     "--bounds=-5,5,-5,5"]) == 0
    got = json.loads(capsys.readouterr().out)
    same(got, find_critical_points(CriticalConfig("himmelblau",
                                                  bounds=(-5, 5, -5, 5))).to_dict())
    assert cli.main(["critical-points", "--surface", "himmelblau", "--config", "x"]) == 2
    assert "not allowed with" in capsys.readouterr().err


def test_escape_equals_the_page(capsys, tmp_path):
    from app.critical.cache import escape
    config = {"surface": "lecture_w1w2", "point": [0, 0], "radius": 0.4, "lr": 0.05,
              "kick": 0.04, "steps": 60, "sigmas": [0.0, 0.01, 0.3], "seeds": 6, "seed": 2}
    got = ok(capsys, tmp_path, "escape", config)
    res = escape(EscapeConfig(**{k: tuple(v) if isinstance(v, list) else v
                                 for k, v in config.items()}))
    assert got["kind"] == res.kind == "saddle"
    same(got["sigmas"], res.sigmas)
    for i, m in enumerate(("gd", "gd_noise", "momentum", "eigen")):
        same(got["methods"][m]["mean_steps"], res.mean_steps[i])
        same(got["methods"][m]["escaped"], res.escaped[i])
    assert got["methods"]["gd"]["escaped"] == [0.0, 0.0, 0.0]   # plain GD stalls at a saddle
    assert got["methods"]["eigen"]["escaped"][0] == 1.0


def test_sweep_equals_the_page(capsys, tmp_path):
    from app.schedules import form as pg
    from optim_core import simulate
    from optim_core.sweep import sweep
    got = ok(capsys, tmp_path, "sweep", {"surface": "rosenbrock", "optimizers": ["sgd", "adam"],
                                         "steps": 60})
    config = pg.sweep("rosenbrock", ["sgd", "adam"], 60)        # the page's config
    res = sweep(config, simulate(config.sim_config()))          # as the page runs it
    same(got["rates"], res.rates)
    same(got["rates"], np.geomspace(1e-4, 1.0, 64))
    for r in got["runs"]:
        same(r["final_loss"], res.finals[r["optimizer"]])
        same(r["diverged"], res.diverged[r["optimizer"]])
    same(got["table"], res.table())
    assert any(r["diverged"][-1] for r in got["runs"])   # sgd at rate 1 blows up here
    assert config == SweepConfig("rosenbrock", (), ("sgd", "adam"), 60)


@pytest.fixture(scope="module")
def net_key():
    from app.network import cache as net_cache
    return net_cache.key_of(NetConfig.from_dict(NET))


@pytest.mark.parametrize("extra", [{}, {"plane": "random", "span": 0.5, "seed": 4, "center": 1}])
def test_landscape_equals_the_page(capsys, tmp_path, net_key, extra):
    from app.network import cache as net_cache
    got = ok(capsys, tmp_path, "landscape", {**NET, "resolution": 7, **extra})
    c = {"plane": "pca", "span": None, "seed": 0, "center": 0, **extra}
    view = net_cache.landscape(net_key, c["plane"], c["span"], 7, c["seed"], c["center"])
    same(got["coords"], view.coords)
    same(got["loss"], view.z)
    same(got["explained"], view.explained)
    for r, path, pl, ps, s in zip(got["runs"], view.paths, view.path_loss, view.path_slice,
                                  view.snapshots):
        same(r["path"], path), same(r["loss"], pl), same(r["slice_loss"], ps)
        same(r["epochs"], s)
    assert np.array(got["loss"]).shape == (7, 7)


def test_hessian_equals_the_page(capsys, tmp_path, net_key):
    from app.network import cache as net_cache
    got = ok(capsys, tmp_path, "hessian", {**NET, "points": 3, "max_products": 40})
    pts = net_cache.hessian(net_key, 1, 3, 40)   # the page's default run: the last
    assert got["run"] == 1 and got["optimizer"] == "adam" and len(got["points"]) == len(pts)
    for g, (epoch, x) in zip(got["points"], pts):
        assert g["epoch"] == epoch and g["products"] == x.products
        same([g["largest"], g["smallest"]], [x.largest, x.smallest])
        assert g["converged"] == [bool(c) for c in x.converged]
        same(g["residuals"], x.residuals)


def test_lr_range_equals_the_page(capsys, tmp_path, net_key):
    from app.network import cache as net_cache
    config = {**NET, "optimizer": 1, "lr_min": 1e-4, "lr_max": 30.0, "iterations": 40}
    got = ok(capsys, tmp_path, "lr-range", config)
    r = net_cache.range_test(net_key, 1, 1e-4, 30.0, 40)
    same(got["lr"], r.lr), same(got["loss"], r.loss), same(got["smooth"], r.smooth)
    assert got["stopped_early"] == r.stopped_early
    same([got["steepest"], got["low"], got["high"]], [r.steepest, r.low, r.high])


@pytest.mark.parametrize("command,config,field", [
    ("critical-points", {"surface": "himmelblau", "grdi": 3}, "grdi"),
    ("critical-points", {"surface": "himmelblau", "grid": 1}, "grid"),
    ("critical-points", {"formula": "import os"}, "formula"),
    ("critical-points", {"formula": "x*y", "surface_params": {"kappa": 2}}, "surface_params"),
    ("critical-points", {"formula": "x*y", "surface": "bowl"}, "surface"),
    ("critical-points", {"surface": "ill_conditioned", "surface_params": {"k": 1}},
     "surface_params.k"),
    ("escape", {"sigmas": [0.1] * 13}, "sigmas"),
    ("escape", {"point": [0, "a"]}, "point[1]"),
    ("sweep", {"optimizers": ["sgd", "nope"]}, "optimizers[1]"),
    ("sweep", {"lr_min": 1.0, "lr_max": 0.1}, "lr_min"),
    ("sweep", {"steps": 0}, "steps"),
    ("landscape", {**NET, "plane": "diagonal"}, "plane"),
    ("landscape", {**NET, "center": 2}, "center"),
    ("landscape", {**NET, "span": -1}, "span"),
    ("landscape", {**NET, "resolutoin": 5}, "resolutoin"),
    ("hessian", {**NET, "run": 5}, "run"),
    ("hessian", {**NET, "net": {"width": 0}}, "net.width"),
    ("lr-range", {**NET, "iterations": 3}, "iterations"),
    ("lr-range", {**NET, "optimizers": [{"name": "sgd", "params": {"lr": -1}}]},
     "optimizers[0].params.lr"),
])
def test_bad_input_exits_2_naming_the_field(capsys, tmp_path, command, config, field):
    rc, out, err = run(capsys, tmp_path, command, config)
    assert rc == 2 and out == ""
    assert err.count("\n") == 1 and field in err, err


def test_a_non_object_config_is_refused(capsys, tmp_path):
    for command in ANALYSES:
        rc, _, err = run(capsys, tmp_path, command, [1, 2])
        assert rc == 2 and "JSON object" in err, (command, err)


@pytest.mark.parametrize("command,names", [
    ("critical-points", [f.name for f in fields(CriticalConfig)]),
    ("escape", [f.name for f in fields(EscapeConfig)]),
    ("sweep", [f.name for f in fields(SweepConfig)]),
    ("landscape", [f.name for f in fields(LandscapeConfig) if f.name != "net"]),
    ("hessian", [f.name for f in fields(HessianConfig) if f.name != "net"]),
    ("lr-range", [f.name for f in fields(RangeConfig) if f.name != "net"]),
])
def test_help_names_every_field(capsys, command, names):
    with pytest.raises(SystemExit) as e:
        cli.main([command, "--help"])
    assert e.value.code == 0
    text = capsys.readouterr().out
    listed = {line.split()[0] for line in text.splitlines() if line.startswith("  ")}
    assert set(names) <= listed, set(names) - listed
    if command in ("landscape", "hessian", "lr-range"):
        assert {"net", "optimizers"} | {f"net.{p.name}" for p in NET_PARAMS} <= listed


def test_jsonable_turns_non_finite_numbers_into_null():
    x = jsonable({"a": np.array([1.0, np.nan, np.inf]), "b": (np.float64(-np.inf), np.int64(3)),
                  "c": np.bool_(True)})
    assert x == {"a": [1.0, None, None], "b": [None, 3], "c": True}
    json.dumps(x, allow_nan=False)


ROUND_TRIP = [
    ("critical-points", {"surface": "ill_conditioned", "surface_params": {"kappa": 7.0},
                         "bounds": [-1, 2, -3, 4], "grid": 9}),
    ("critical-points", {"formula": "sin(x) * y", "bounds": [-3, 3, -1, 1]}),
    ("escape", {"surface": "monkey_saddle", "point": [0, 0], "sigmas": [0, 0.5], "seeds": 3}),
    ("sweep", {"surface": "bowl", "optimizers": ["adam"], "rates": 5, "lr_max": 0.5}),
    ("landscape", {**NET, "plane": "random", "span": 0.25, "center": 1}),
    ("landscape", NET),
    ("hessian", {**NET, "run": 0, "tol": 1e-4}),
    ("lr-range", {**NET, "optimizer": 1, "iterations": 30}),
]


@pytest.mark.parametrize("command,d", ROUND_TRIP, ids=[c for c, _ in ROUND_TRIP])
def test_config_json_round_trip(command, d):
    """config -> JSON -> config is the identity, and the config is hashable (a cache key)."""
    from optim_core.cli_analysis import dump, load
    c = load(command, d)
    text = json.dumps(dump(c), allow_nan=False)
    again = load(command, json.loads(text))
    assert again == c and hash(again) == hash(c)
    assert dump(again) == json.loads(text)
