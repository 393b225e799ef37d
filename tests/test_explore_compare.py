"""The Compare page's explore tab (issue 19): its settings are a frozen, validated config
and the page's ``?explore=`` link; every slider position carries exactly the run the page
would make with that value (the race's other settings, schedule and noise kept); the
result lines follow the Results tab's rules."""
import base64
import json

import numpy as np
import pytest
from conftest import ENTRY, app_test

from app import explore, urlstate
from app.compare.explore import result_lines
from app.compare.form import results_rows
from optim_core import OptimizerRun, SimConfig, simulate
from optim_core.grid import evaluate_grid


def _decode(spec):
    if isinstance(spec, dict):
        a = np.frombuffer(base64.b64decode(spec["bdata"]), dtype="<f4")
        return a.reshape([int(n) for n in spec["shape"].split(",")]) if "shape" in spec else a
    return np.asarray(spec, dtype=np.float32)


def _qp(at, name: str) -> str:
    v = at.query_params[name]
    return v[0] if isinstance(v, list) else v


def explore_chart(at):
    for chart in at.get("plotly_chart"):
        fig = json.loads(chart.proto.spec)
        if fig["layout"].get("uirevision") == "explore":
            return fig
    return None


BASE = SimConfig(surface="himmelblau", noise=0.3, seed=4, steps=120, starts=((0.5, 0.5), (1, 1)),
                 optimizers=(OptimizerRun("sgd", (("lr", 0.01),)),
                             OptimizerRun("momentum", (("lr", 0.01),), schedule="cosine")))


def _open(cfg: SimConfig, ex: dict | None):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=180)
    at.query_params["cfg"] = urlstate.encode(cfg.to_dict())
    if ex is not None:
        at.query_params["explore"] = urlstate.encode(ex)
    at.run()
    at.switch_page("pages/compare.py").run()
    return at


def test_explore_is_off_until_asked_then_builds_the_first_run_over_the_rate():
    at = app_test("compare")
    assert explore_chart(at) is None and "explore" not in at.query_params
    at.toggle(key="cmp.ex.on").set_value(True).run()
    assert not at.exception and not at.error
    fig = explore_chart(at)
    assert fig is not None
    ex = explore.ExploreConfig.from_dict(urlstate.decode(_qp(at, "explore")))
    assert ex.run == 0 and [s.param for s in ex.sliders] == ["lr"] and ex.runs == 64
    assert len(fig["frames"]) == 64 and len(fig["layout"]["sliders"]) == 1
    steps = fig["layout"]["sliders"][0]["steps"]
    assert [s["args"][0] for s in steps] == [[f"a{i}"] for i in range(64)]
    assert "64 runs of 300 steps" in " ".join(c.value for c in at.caption)
    at.toggle(key="cmp.ex.on").set_value(False).run()     # off: the link drops it
    assert explore_chart(at) is None and "explore" not in at.query_params


def test_link_opens_two_sliders_and_every_position_is_the_pages_own_run():
    ex = {"run": 1, "sliders": [{"param": "lr", "n": 5, "low": 1e-3, "high": 2e-2},
                                {"param": "momentum", "n": 3, "low": 0.0, "high": 0.9}]}
    at = _open(BASE, ex)
    assert not at.exception and not at.error
    fig = explore_chart(at)
    assert len(fig["frames"]) == 5 and len(fig["layout"]["sliders"]) == 2
    sweeps = explore.ExploreConfig.from_dict(ex).sweeps()
    keep = _decode(fig["data"][2]["x"]).astype(int)
    run = BASE.optimizers[1]
    for i in (0, 2, 4):
        for j in range(3):
            hp = {**run.hp, "lr": sweeps[0].values[i], "momentum": sweeps[1].values[j]}
            alone = simulate(SimConfig(**{**BASE.__dict__, "starts": BASE.starts[:1],
                                          "optimizers": (OptimizerRun(
                                              "momentum", tuple(hp.items()), schedule="cosine",
                                              schedule_params=run.schedule_params),)}))
            path, loss, text = fig["frames"][i]["data"][3 * j: 3 * j + 3]
            assert np.array_equal(_decode(path["x"]), alone.path[0, 0, keep, 0].astype("f4"))
            assert np.array_equal(_decode(path["y"]), alone.path[0, 0, keep, 1].astype("f4"))
            log = fig["layout"]["yaxis2"]["type"] == "log"
            assert np.array_equal(_decode(loss["y"]), explore.shown_loss(
                alone.loss[0, 0, keep], log).astype("f4"))
            assert f"final loss {alone.loss[0, 0, -1]:.3g}" in text["text"][0]
    # the link is the page's: the same settings written back
    assert explore.ExploreConfig.from_dict(urlstate.decode(_qp(at, "explore"))) == \
        explore.ExploreConfig.from_dict(ex)


@pytest.mark.parametrize("surface,high", [("himmelblau", 0.05), ("rosenbrock", 0.01),
                                          ("six_hump_camel", 0.5), ("formula", 0.5)])
def test_result_lines_count_as_the_results_tab(surface, high):
    """Every column of the Results tab, for every run: arrival (a listed minimum, or the
    loss rule where none is listed), divergence, final and best loss, path length."""
    ex = explore.ExploreConfig(0, (explore.Span("lr", 12, 1e-3, high),))
    where = ({"formula": "(x - 0.5)**2 + 2*y**2"} if surface == "formula"   # no listed
             else {"surface": surface})                                     # minimum
    base = SimConfig(**where, steps=120, starts=((-1.5, 1.0),), optimizers=(OptimizerRun("sgd"),))
    cfg = explore.sweep_config(base, ex, 2000)
    res = explore.simulate32(cfg)
    full = simulate(cfg)
    surf = cfg.make_surface()
    grid = evaluate_grid(surf, 40)
    rows = results_rows(full, surf, ["x"] * 12, grid.z)
    lines = result_lines(res, surf, grid)
    reached = diverged = 0
    for row, line in zip(rows, lines):
        step = next(v for k, v in row.items() if k.startswith("steps to"))
        assert (f"arrived at step {step}" in line) == (step != "—")
        assert ("not arrived" in line) == (step == "—")
        assert (f"diverged at step {row['diverged at step']}" in line) == \
            (row["diverged at step"] != "—")
        reached += step != "—"
        diverged += row["diverged at step"] != "—"
        for col, key in (("best loss", "best loss"), ("final loss", "final loss"),
                         ("path length", "path length")):
            shown = float(line.split(f"{key} ")[1].split("<br>")[0])
            assert shown == pytest.approx(row[col], rel=5.1e-3), (col, line)   # 3 digits
    if surface in ("himmelblau", "formula"):
        assert 0 < reached < 12       # the grid spans rates that arrive and rates that do not
    header = next(k for k in rows[0] if k.startswith("steps to"))
    assert ("loss ≤" in header) == (surface == "formula")     # the rule where none is listed
    if surface == "rosenbrock":
        assert diverged > 0           # the grid's top rates diverge: counted to that step


def test_bad_explore_link_is_a_warning_not_a_crash():
    at = _open(BASE, {"run": 0, "sliders": [{"param": "momentum", "n": 5, "low": 0, "high": 1}]})
    assert not at.exception
    assert any("momentum" in w.value and "for sgd" in w.value for w in at.warning)
    at = _open(BASE, {"run": 0, "sliders": "nope"})
    assert not at.exception and any("explore.sliders" in w.value for w in at.warning)


@pytest.mark.parametrize("d,match", [
    ({"run": 0, "sliders": [{"param": "eps", "n": 4, "low": 0, "high": 1}]},
     "sliders\\[\\]\\.param must be one of"),
    ({"run": 0, "sliders": [{"param": "lr", "n": 200, "low": 0.1, "high": 1}]},
     "n must be an integer in \\[2, 128\\]"),
    ({"run": 0, "sliders": [{"param": "lr", "n": 64, "low": 0.1, "high": 1},
                            {"param": "momentum", "n": 16, "low": 0, "high": 0.9}]}, "at most 512"),
    ({"run": 0, "sliders": [{"param": "lr", "n": 8, "low": 1, "high": 0.1}]}, "low must be below"),
    ({"run": 0, "sliders": [{"param": "lr", "n": 8, "low": 0.1}]}, "high is missing"),
    ({"run": 0, "sliders": [{"param": "lr", "n": 8, "low": 0.1, "high": 1, "x": 1}]},
     "sliders\\[0\\]\\.x is not a field"),
    ({"run": 0, "sliders": [{"param": "lr", "n": 8, "low": 0.1, "high": 1},
                            {"param": "lr", "n": 8, "low": 0.1, "high": 1}]}, "two different"),
    ({"run": 9, "sliders": [{"param": "lr", "n": 8, "low": 0.1, "high": 1}]},
     "explore.run must be below 2"),
    ({"run": 1, "sliders": [{"param": "momentum", "n": 8, "low": 0.5, "high": 1.5}]},
     "sliders\\[0\\]\\.high must be a finite number in \\[0, 0.999\\]"),
])
def test_bad_explore_settings_name_the_field(d, match):
    with pytest.raises(ValueError, match=match):
        explore.ExploreConfig.from_dict(d).check(BASE)


def test_span_values_and_round_trip():
    lr = explore.Span("lr", 5, 1e-3, 1e-1).values()
    assert lr[0] == 1e-3 and lr[-1] == 0.1 and np.allclose(np.diff(np.log10(lr)), 0.5)
    b2 = explore.Span("betas[1]", 4, 0.9, 0.9999).values()
    assert np.allclose(np.log10(1 - np.array(b2)), [-1, -2, -3, -4])
    m = explore.Span("momentum", 3, 0.0, 0.9).values()
    assert m == (0.0, 0.45, 0.9)
    ex = explore.ExploreConfig(1, (explore.Span("lr", 8, 1e-3, 1.0),
                                   explore.Span("momentum", 4, 0.1, 0.9)))
    assert explore.ExploreConfig.from_dict(json.loads(json.dumps(ex.to_dict()))) == ex
    cfg = explore.sweep_config(BASE, ex, 100)
    assert len(cfg.optimizers) == 32 and cfg.steps == 100 and cfg.starts == BASE.starts[:1]
    assert all(r.schedule == "cosine" for r in cfg.optimizers)
    assert (cfg.noise, cfg.seed, cfg.surface) == (BASE.noise, BASE.seed, BASE.surface)


@pytest.mark.parametrize("opts,slider2", [(["momentum"], "momentum"), (["adam"], "betas[1]")])
def test_explore_tab_in_chinese_has_no_english_left(opts, slider2):
    from test_zh_zhA import CJK, english_runs, registry_texts, run_page, visible_texts

    def on(at):
        at.session_state["cmp.steps"] = 60
        at.session_state["cmp.opts"] = opts
        at.session_state["cmp.ex.on"] = True
        at.session_state[f"cmp.ex.p2.{opts[0]}"] = slider2
    at = run_page("compare", "zh", (on,))
    assert not at.error
    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    ex = [f for f in figs if f["layout"].get("uirevision") == "explore"]
    assert len(ex) == 1 and len(ex[0]["layout"]["sliders"]) == 2
    texts = visible_texts(at)
    assert any(CJK.search(s) for s in texts) and any("拖动滑块" in s for s in texts)
    untranslated, names = registry_texts()
    left = {s[:160]: runs for s in texts if (runs := english_runs(s, untranslated, names))}
    assert not left, f"English left on the explore tab in Chinese: {left}"


def test_sliders_open_at_the_runs_own_setting():
    ex = explore.ExploreConfig(1, (explore.Span("lr", 9, 1e-4, 1.0),
                                   explore.Span("momentum", 4, 0.0, 0.99)))
    start = explore.start_of(BASE, ex)          # the run's lr 0.01 and momentum 0.9 (default)
    assert start == (4, 3)
    cfg = explore.sweep_config(BASE, ex, 60)
    res = explore.simulate32(cfg)
    grid = evaluate_grid(cfg.make_surface(), 40)
    lab = {k: k for k in ("title", "x", "y", "step", "loss", "play", "pause", *explore.SWEEPABLE)}
    lab.update(final="final {loss:.3g} {steps}", diverged="div {step}")
    fig = explore.explore_figure(res, grid, cfg.make_surface().bounds, ex.sweeps(), lab,
                                 start=start)
    assert [s["active"] for s in fig["layout"]["sliders"]] == [4, 3]
    shown = [i for i, d in enumerate(fig["data"]) if d.get("visible", True)][1:]
    assert shown == [10, 11, 12]                  # group 3 (after the minima's trace)
    for trace, frame in zip(fig["data"][1:], fig["frames"][4]["data"]):
        for k, v in frame.items():
            assert trace[k] == v
    assert explore.start_of(BASE, explore.ExploreConfig(0, (explore.Span("lr", 3, 0.1, 1),))) \
        == (0, 0)                                 # below the range: its first value
