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


def test_the_real_entry_point():
    """The one test that starts `python -m optim_core` itself (the others call its main
    in-process through the ``cli`` fixture): same JSON as the library, exit 0."""
    out = subprocess.run([sys.executable, "-m", "optim_core", "simulate", "--config", "-"],
                         cwd=ROOT, input=json.dumps(EXAMPLE), capture_output=True, text=True,
                         timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    runs = json.loads(out.stdout)["runs"]
    assert np.array_equal(np.array(runs[0]["path"]),
                          simulate(SimConfig.from_dict(EXAMPLE)).path[0, 0])


def test_list_text_and_json(cli):
    out = cli("list", "surfaces")
    assert out.returncode == 0 and "rosenbrock" in out.stdout and "six_hump_camel" in out.stdout
    rows = json.loads(cli("list", "optimizers", "--json").stdout)
    assert {r["key"] for r in rows} == set(OPTIMIZERS)
    adam = next(r for r in rows if r["key"] == "adam")
    lr = next(p for p in adam["params"] if p["name"] == "lr")
    assert lr["default"] == 1e-3 and lr["log"] is True and lr["low"] < lr["high"]
    assert {r["key"] for r in json.loads(cli("list", "surfaces", "--json").stdout)} == set(SURFACES)


def test_simulate_from_stdin_and_file(tmp_path, cli):
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


def test_diverged_run_reports_its_step(cli):
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
def test_bad_input_exits_2_with_one_line(stdin, field, cli):
    out = cli("simulate", "--config", "-", stdin=stdin)
    assert out.returncode == 2 and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0], out.stderr


def test_missing_file_and_unknown_command(cli):
    out = cli("simulate", "--config", "/nonexistent.json")
    assert out.returncode == 2 and "--config" in out.stderr and len(out.stderr.splitlines()) == 1
    out = cli("frobnicate")
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1


# --- in-process: every command ends in a result or one line naming the field -----------

def run_main(command, config, capsys, monkeypatch):
    """``main([command, "--config", "-"])`` in this process, config on stdin."""
    import io

    from optim_core.cli import main
    text = config if isinstance(config, str) else json.dumps(config)
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code = main([command, "--config", "-"])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code, out, err, *words):
    assert code == 2 and out == "", (code, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and all(w in lines[0] for w in words), err
    return lines[0]


@pytest.mark.parametrize("formula", ["1/x", "1e308*10", "log(x)"])
def test_a_start_whose_loss_is_not_finite_is_a_result(formula, capsys, monkeypatch):
    cfg = {"formula": formula, "starts": [[0, 0], [1.0, 0.5]], "steps": 5,
           "optimizers": ["sgd"]}
    code, out, err = run_main("simulate", cfg, capsys, monkeypatch)
    assert code == 0, err
    bad, good = json.loads(out)["runs"]
    assert bad["diverged_at"] == 0 and "not finite at the start" in bad["message"]
    assert bad["loss"][0] is None
    assert ("message" in good) == (formula == "1e308*10")


@pytest.mark.parametrize("command", ["simulate", "schedule", "train"])
def test_deeply_nested_json_is_one_line(command, capsys, monkeypatch):
    deep = '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"
    one_line_error(*run_main(command, deep, capsys, monkeypatch), "--config", "nested")


@pytest.mark.parametrize("name", [5, None, [1], {"a": 1}, True])
def test_schedule_with_a_non_string_name(name, capsys, monkeypatch):
    one_line_error(*run_main("schedule", {"schedule": name}, capsys, monkeypatch), "schedule")


@pytest.mark.parametrize("value", [5, None, "adam", {"name": "adam"}, [5], [None], []])
def test_train_optimizers_must_be_a_list(value, capsys, monkeypatch):
    code, out, err = run_main("train", {"net": {"epochs": 1}, "optimizers": value},
                              capsys, monkeypatch)
    if code == 0:   # a plain list of names is fine
        assert isinstance(value, list) and value
        return
    one_line_error(code, out, err, "optimizers")


@pytest.mark.parametrize("command, config", [
    ("train", {"net": {"epochs": 1}, "simulate": 1}),
    ("train", {"net": {"epochs": 1, "colour": 3}}),
    ("simulate", {"surface": "bowl", "bad\nkey": 1}),
    ("train", {"net": {"epochs": 1}, "bad\nkey": 1}),
    ("schedule", {"schedule": "step", "bad\nkey": 1}),
    ("schedule", {"schedule": "step\nstep"}),
    ("simulate", {"surface": "bow\nl"}),
    ("simulate", {"optimizers": ["ad\nam"]}),
    ("simulate", {"optimizers": [{"name": "adam", "params": {"l\nr": 1}}]}),
])
def test_unknown_keys_are_refused_on_one_line(command, config, capsys, monkeypatch):
    line = one_line_error(*run_main(command, config, capsys, monkeypatch))
    bad = next(k for k in ("bad\nkey", "simulate", "colour", "step\nstep", "bow\nl", "ad\nam",
                           "l\nr") if json.dumps(k)[1:-1] in json.dumps(config))
    assert repr(bad)[1:-1] in line


def test_simulate_output_is_bounded_in_bytes(capsys, monkeypatch):
    from optim_core.config import LIMITS, output_bytes
    cfg = {"surface": "bowl", "steps": 10_000, "record_rates": False, "optimizers": ["sgd"] * 8,
           "starts": [[0.1 * i, 0.2] for i in range(64)]}
    assert output_bytes(SimConfig.from_dict(cfg)) > LIMITS["output_bytes"]
    one_line_error(*run_main("simulate", cfg, capsys, monkeypatch), "output", "at most")
    small = {**cfg, "steps": 50}
    code, out, err = run_main("simulate", small, capsys, monkeypatch)
    assert code == 0 and len(out) <= output_bytes(SimConfig.from_dict(small)), err
