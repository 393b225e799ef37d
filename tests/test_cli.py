"""The JSON command line: `python -m optim_core list|simulate`."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from optim_core import OPTIMIZERS, SURFACES, SimConfig, simulate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = {"surface": "rosenbrock", "starts": [[-1.5, 2.0]], "steps": 500, "noise": 0.0, "seed": 0,
           "optimizers": [{"name": "adam", "params": {"lr": 0.01, "betas": [0.9, 0.999]}}]}


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "optim_core", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_list_text_and_json():
    out = cli("list", "surfaces")
    assert out.returncode == 0 and "rosenbrock" in out.stdout and "six_hump_camel" in out.stdout
    rows = json.loads(cli("list", "optimizers", "--json").stdout)
    assert {r["key"] for r in rows} == set(OPTIMIZERS)
    adam = next(r for r in rows if r["key"] == "adam")
    lr = next(p for p in adam["params"] if p["name"] == "lr")
    assert lr["default"] == 1e-3 and lr["log"] is True and lr["low"] < lr["high"]
    assert {r["key"] for r in json.loads(cli("list", "surfaces", "--json").stdout)} == set(SURFACES)


def test_simulate_from_stdin_and_file(tmp_path):
    out = cli("simulate", "--config", "-", stdin=json.dumps(EXAMPLE))
    assert out.returncode == 0, out.stderr
    runs = json.loads(out.stdout)["runs"]
    assert len(runs) == 1 and runs[0]["optimizer"] == "adam" and runs[0]["start"] == [-1.5, 2.0]
    assert len(runs[0]["path"]) == 501 and len(runs[0]["loss"]) == 501
    assert runs[0]["diverged_at"] is None
    expect = simulate(SimConfig.from_dict(EXAMPLE)).path[0, 0]
    assert np.array_equal(np.array(runs[0]["path"]), expect)
    f = tmp_path / "c.json"
    f.write_text(json.dumps({**EXAMPLE, "starts": [[0, 0], [1, 1]],
                             "optimizers": ["sgd", {"name": "momentum"}]}))
    runs = json.loads(cli("simulate", "--config", str(f)).stdout)["runs"]
    assert [(r["optimizer"], r["start"]) for r in runs] == [
        ("sgd", [0, 0]), ("sgd", [1, 1]), ("momentum", [0, 0]), ("momentum", [1, 1])]


def test_diverged_run_reports_its_step():
    cfg = {**EXAMPLE, "steps": 50, "optimizers": [{"name": "sgd", "params": {"lr": 1.0}}]}
    run = json.loads(cli("simulate", "--config", "-", stdin=json.dumps(cfg)).stdout)["runs"][0]
    assert isinstance(run["diverged_at"], int) and run["diverged_at"] > 0
    assert all(np.isfinite(run["loss"]))


@pytest.mark.parametrize("stdin,field", [
    ('{"surface": "nope"}', "surface"),
    (json.dumps({**EXAMPLE, "steps": 0}), "steps"),
    (json.dumps({**EXAMPLE, "steps": 10 ** 6}), "steps"),
    (json.dumps({**EXAMPLE, "optimizers": [{"name": "adam", "params": {"lr": 50}}]}),
     "optimizers[0].params.lr"),
    (json.dumps({**EXAMPLE, "optimizers": [{"name": "sparse_adam"}]}), "optimizer"),
    ('{"starts": [[0, Infinity]]}', "starts[0][1]"),
    ('{"surface": "bowl",', "malformed JSON"),
    ("[]", "JSON object"),
])
def test_bad_input_exits_2_with_one_line(stdin, field):
    out = cli("simulate", "--config", "-", stdin=stdin)
    assert out.returncode == 2 and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0], out.stderr


def test_missing_file_and_unknown_command():
    out = cli("simulate", "--config", "/nonexistent.json")
    assert out.returncode == 2 and "--config" in out.stderr and len(out.stderr.splitlines()) == 1
    out = cli("frobnicate")
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
