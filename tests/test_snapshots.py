"""Snapshot ensembles on SGDR (optim_core.snapshots, the Deep-networks page's "Snapshot
ensembles" tab): the schedule is torch's, the snapshots are the cycle ends, the ensemble
averages probabilities, Jensen holds, and the page, its link and the CLI state the core's
numbers."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest
import torch

from optim_core.deep import DeepConfig
from optim_core.snapshots import ensemble_loss, snapshot_ensembles, summary

PAGE = DeepConfig()                                   # the configuration the tab opens with


@pytest.fixture(scope="module")
def page_result():
    return snapshot_ensembles(PAGE)


def _torch_rates(sched_of, steps: int) -> np.ndarray:
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=PAGE.snap_lr, momentum=0.9)
    sched, out = sched_of(opt), []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(out)


def test_schedule_equals_torch_cosine_annealing_warm_restarts(page_result):
    r = page_result
    total = len(r.lr)
    assert total == PAGE.snap_epochs * r.per_epoch
    assert r.t0 * PAGE.snap_cycles == total            # T_0 = epochs / cycles, in iterations
    ref = _torch_rates(lambda o: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(
        o, T_0=r.t0, eta_min=0.0), total)
    np.testing.assert_allclose(r.lr, ref, rtol=0, atol=1e-15)
    # and the closed form: eta_max / 2 (1 + cos(pi (i mod T_0) / T_0))
    i = np.arange(total)
    np.testing.assert_allclose(r.lr, PAGE.snap_lr / 2 * (1 + np.cos(np.pi * (i % r.t0) / r.t0)),
                               atol=1e-12)
    base = _torch_rates(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(
        o, T_max=total, eta_min=0.0), total)
    np.testing.assert_allclose(r.base_lr, base, rtol=0, atol=1e-15)


def test_snapshots_are_taken_at_the_cycle_ends(page_result):
    r = page_result
    m = PAGE.snap_cycles
    assert len(r.snap_iters) == len(r.snap_loss) == m
    for c in range(m):
        cycle = r.lr[c * r.t0:(c + 1) * r.t0]
        assert r.snap_iters[c] == c * r.t0 + int(np.argmin(cycle))     # the rate's minimum
        assert r.snap_iters[c] == (c + 1) * r.t0 - 1                   # the cycle's last update
        if c + 1 < m:
            assert r.lr[r.snap_iters[c] + 1] == PAGE.snap_lr            # then the restart
    # the kept weights are the model at those moments: a cycle ends on an epoch boundary,
    # where the run's validation curve was measured
    cycle_epochs = PAGE.snap_epochs // m
    np.testing.assert_allclose(r.snap_loss, r.val_curve[cycle_epochs::cycle_epochs],
                               rtol=1e-12)
    assert len(set(np.round(r.snap_loss, 6))) == m                     # distinct models


def test_ensemble_probabilities_are_the_mean_of_the_snapshots(page_result):
    r = page_result
    prob = 1 / (1 + np.exp(-r.snap_logits))
    np.testing.assert_allclose(r.snap_prob, prob, atol=1e-12)
    np.testing.assert_allclose(r.ens_prob, prob.mean(0), atol=1e-12)
    y, p = r.y_val, r.ens_prob
    direct = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert r.ens_loss == pytest.approx(direct, rel=1e-12)
    assert r.ens_acc == pytest.approx(np.mean((p > 0.5) == (y == 1)), abs=1e-15)
    # one model: the ensemble's loss is that model's binary cross-entropy
    z = torch.as_tensor(r.snap_logits[:1])
    one = float(ensemble_loss(z, torch.as_tensor(y)))
    assert one == pytest.approx(r.snap_loss[0], rel=1e-12)


@pytest.mark.parametrize("kw", [{}, {"seed": 1}, {"seed": 2}, {"seed": 3},
                                {"data": "spirals", "seed": 4},
                                {"data": "circles", "snap_cycles": 5, "snap_epochs": 40}])
def test_jensen_ensemble_loss_is_at_most_the_snapshots_mean(kw):
    r = snapshot_ensembles(DeepConfig(**kw))
    s = summary(r)
    assert s["ens"] <= s["mean"] + 1e-12
    assert s["mean"] == pytest.approx(float(np.mean(r.snap_loss)), rel=1e-15)


def test_summary_counts_what_it_says(page_result):
    r = page_result
    s = summary(r)
    assert s["best"] == r.snap_loss.min() and r.snap_loss[s["k"] - 1] == s["best"]
    assert s["below"] == sum(r.ens_loss < v for v in r.snap_loss)
    assert s["beats_all"] == (s["below"] == s["m"])
    assert s["beats_base"] == (r.ens_loss < r.base_loss)


def test_snapshot_limits_are_refused():
    with pytest.raises(ValueError, match="multiple of snap_cycles"):
        snapshot_ensembles(DeepConfig(snap_epochs=30, snap_cycles=4))
    with pytest.raises(ValueError, match="snap_batch must be at most"):
        DeepConfig(snap_batch=300).check_snapshots()
    with pytest.raises(ValueError, match="must be at most 8,000"):
        DeepConfig(snap_batch=1, snap_epochs=40).check_snapshots()
    with pytest.raises(ValueError):
        DeepConfig(snap_cycles=1)
    c = DeepConfig(snap_cycles=3, snap_epochs=30, snap_lr=0.05)
    assert DeepConfig.from_dict(json.loads(c.json())) == c
    assert c.part("snapshots") != PAGE.part("snapshots")
    assert c.part("init") == PAGE.part("init")           # another tab is not recomputed


def test_snapshot_limit_messages_reach_a_chinese_page_in_chinese():
    from app.text._errors import message_zh
    for c in (DeepConfig(snap_epochs=30), DeepConfig(snap_batch=300),
              DeepConfig(snap_batch=1, snap_epochs=40)):
        with pytest.raises(ValueError) as e:
            c.check_snapshots()
        zh = message_zh(str(e.value))
        assert zh != str(e.value) and "必须" in zh or "最多" in zh


def test_cli_deep_snapshots_returns_the_core_numbers():
    cmd = [sys.executable, "-m", "optim_core", "deep", "--config", "-"]
    env = {"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"}
    cfg = {"tab": "snapshots", "snap_epochs": 12, "snap_cycles": 3, "seed": 2}
    out = subprocess.run(cmd, input=json.dumps(cfg), capture_output=True, text=True, env=env,
                         check=True)
    d = json.loads(out.stdout)["result"]
    r = snapshot_ensembles(DeepConfig(snap_epochs=12, snap_cycles=3, seed=2))
    np.testing.assert_allclose(d["snap_loss"], r.snap_loss, rtol=1e-12)
    np.testing.assert_allclose(d["lr"], r.lr, rtol=1e-12)
    assert d["ens_loss"] == pytest.approx(r.ens_loss, rel=1e-12)
    assert d["base_loss"] == pytest.approx(r.base_loss, rel=1e-12)


# --- the page ---------------------------------------------------------------------------

def _sentences(r, table) -> list[str]:
    s = summary(r)
    best = table["snap_best_all" if s["beats_all"] else "snap_best_not"].format(**s)
    base = table["snap_base_lower" if s["beats_base"] else "snap_base_not"].format(
        base=s["base"], total=len(r.lr))
    jensen = table["snap_jensen"].format(ens=s["ens"], mean=s["mean"], m=s["m"])
    return [best, base, jensen]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_snapshot_tab_renders_and_states_its_result(lang, page_result):
    from test_zh_zhB import (
        SHARED_HARDCODED,
        english_runs,
        run_page,
        untranslated_registry,
        untranslated_shared,
        visible_texts,
    )

    from app.text import deep as text
    table = getattr(text, lang.upper())
    *_, at = run_page("deep", lang, [("tab", "deep.tab", "snapshots")])
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(at.get("plotly_chart")) == 2 and len(at.dataframe) == 1
    body = " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info)
    for sentence in _sentences(page_result, table):
        assert sentence in body, sentence
    df = at.dataframe[0].value
    np.testing.assert_allclose(df[table["col_val"]],
                               np.round([*page_result.snap_loss, page_result.ens_loss,
                                         page_result.base_loss], 4))
    if lang == "zh":
        allowed = [*untranslated_registry(), *untranslated_shared(), *SHARED_HARDCODED]
        bad = {f"{runs} in {s[:120]!r}" for s in set(visible_texts(at))
               if (runs := english_runs(s, allowed))}
        assert not bad, bad


def test_snapshot_link_round_trips():
    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest

    from app.urlstate import decode, encode
    cfg = DeepConfig(snap_cycles=3, snap_epochs=30, snap_lr=0.05, snap_batch=64)
    at = AppTest.from_file(ENTRY, default_timeout=600)
    at.query_params["cfg"] = encode({"tab": "snapshots", "deep": cfg.to_dict()})
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/deep.py").run()
    assert not at.exception, at.exception
    assert at.session_state["dp.snap_cycles"] == 3 and at.session_state["dp.snap_lr"] == 0.05
    per = math.ceil((cfg.n - round(cfg.val_fraction * cfg.n)) / 64)
    assert f"T_0 = **{10 * per} iterations**" in " ".join(c.value for c in at.caption)
    v = at.query_params["cfg"]
    back = decode(v[0] if isinstance(v, list) else v)
    assert back["tab"] == "snapshots"
    assert DeepConfig.from_dict(back["deep"]) == cfg
    # not a multiple: an error next to the controls, no traceback
    at.slider(key="dp.snap_cycles").set_value(4).run()
    assert not at.exception
    assert any("multiple of snap_cycles" in e.value for e in at.error)
