"""The Compare page under AppTest: widgets drive the figure, URL round-trip, divergence."""
import json

import pytest
from conftest import app_test

from app import urlstate
from app.exporters import config_json, reproduction_script, trajectories_csv
from optim_core import OPTIMIZERS, OptimizerRun, SimConfig, simulate


def path_traces(at):
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    return [d for d in fig["data"] if d.get("mode") == "lines"
            and d.get("line", {}).get("dash") != "dash"]   # not an averaged point's path


def test_default_page_renders_every_view():
    at = app_test("compare")
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 5
    assert len(path_traces(at)) == 5           # five default optimizers
    assert "cfg" in at.query_params


def test_changing_widgets_changes_the_traces():
    at = app_test("compare")
    before = path_traces(at)
    at.multiselect(key="cmp.opts").set_value(["adam", "nesterov"]).run()
    after = path_traces(at)
    assert [d["name"] for d in after] == ["Adam", "Nesterov (NAG)"]
    at.number_input(key="cmp.x").set_value(0.5).run()
    moved = path_traces(at)
    assert moved[0]["x"] != after[0]["x"] and before != after


def test_url_round_trip():
    cfg = SimConfig(surface="himmelblau", starts=((1.0, -2.0),), steps=120, noise=0.2, seed=5,
                    optimizers=(OptimizerRun("rmsprop", (("lr", 0.03), ("alpha", 0.9))),
                                OptimizerRun("adam", (("lr", 0.05), ("betas", (0.8, 0.99))))))
    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.query_params["cfg"] = urlstate.encode(cfg.to_dict())
    at.run()
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    shown = SimConfig.from_dict(urlstate.decode(at.query_params["cfg"][0]
                                                if isinstance(at.query_params["cfg"], list)
                                                else at.query_params["cfg"]))
    assert shown == cfg


def test_bad_link_is_a_message_not_a_crash():
    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.query_params["cfg"] = urlstate.encode({"surface": "nope"})
    at.run()
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    assert any("could not be read" in w.value for w in at.warning)


def test_divergence_is_a_plain_message():
    at = app_test("compare")
    at.multiselect(key="cmp.opts").set_value(["sgd"]).run()
    at.number_input(key="cmp.hp.rosenbrock.sgd.lr").set_value(1.0).run()
    assert not at.exception
    assert any("SGD diverged at step" in w.value for w in at.warning)


@pytest.mark.parametrize("key", sorted(OPTIMIZERS))
def test_every_optimizer_can_be_selected_and_run(key):
    at = app_test("compare")
    at.multiselect(key="cmp.opts").set_value([key]).run()
    assert not at.exception and not at.error
    assert [d["name"] for d in path_traces(at)] == [OPTIMIZERS[key].name]


def test_exports():
    cfg = SimConfig(surface="booth", steps=20, optimizers=(OptimizerRun("adam"), OptimizerRun("sgd")))
    result = simulate(cfg)
    assert SimConfig.from_dict(json.loads(config_json(cfg))) == cfg
    csv = trajectories_csv(result).splitlines()
    assert csv[0].startswith("optimizer,") and len(csv) == 1 + 2 * 21
    script = reproduction_script(cfg)
    compile(script, "reproduce.py", "exec")   # valid Python; it is run in test_exports_script
    assert "torch.optim.Adam" in script and "torch.optim.SGD" in script


@pytest.mark.parametrize("where", [{"surface": "beale"}, {"formula": "x**2 - y**2 + 0.1*sin(3*x)"},
                                   {"surface": "linreg"}, {"surface": "quadfit", "batch_size": 7}])
def test_exports_script_reproduces_the_runs(tmp_path, where):
    import subprocess
    import sys
    cfg = SimConfig(**where, steps=30, starts=((1.0, 1.5),),
                    optimizers=(OptimizerRun("adam", (("lr", 0.01),)), OptimizerRun("momentum", (("lr", 1e-3),))))
    f = tmp_path / "reproduce.py"
    f.write_text(reproduction_script(cfg))
    import os
    from pathlib import Path
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    out = subprocess.run([sys.executable, str(f)], check=False, capture_output=True, text=True, timeout=120,
                         env=env)
    assert out.returncode == 0, out.stderr
    result = simulate(cfg)
    for k, line in enumerate(out.stdout.strip().splitlines()):
        w = json.loads(line.split("w = ")[1].split(", loss")[0])
        assert w == pytest.approx(result.path[k, 0, -1].tolist(), abs=1e-10)


def test_a_typed_formula_drives_the_page():
    at = app_test("compare")
    at.selectbox(key="cmp.surface").set_value("formula").run()
    at.text_input(key="cmp.formula").set_value("x**2 - y**2").run()
    at.number_input(key="cmp.x").set_value(1.5).run()
    at.number_input(key="cmp.y").set_value(0.01).run()
    assert not at.exception and not at.error
    raw = at.query_params["cfg"]
    cfg = SimConfig.from_dict(urlstate.decode(raw if isinstance(raw, str) else raw[0]))
    assert cfg.formula == "x**2 - y**2" and cfg.bounds == (-2.0, 2.0, -2.0, 2.0)
    assert "Custom" not in at.title[0].value and len(path_traces(at)) == 5


def test_a_bad_formula_shows_its_message():
    at = app_test("compare")
    at.selectbox(key="cmp.surface").set_value("formula").run()
    at.text_input(key="cmp.formula").set_value("__import__('os').getcwd()").run()
    assert not at.exception
    assert any("only these functions may be called" in e.value for e in at.error)


def test_cached_figures_are_valid_plotly():
    """The page's figure bundle hands plotly dicts over unvalidated: validate them here."""
    import plotly.graph_objects as go

    from app.compare.view import _view
    cfg = SimConfig(surface="himmelblau", steps=40, optimizers=(OptimizerRun("adam"), OptimizerRun("sgd")))
    view = _view(cfg)
    assert set(view.figures) == {"map", "3d", "loss", "grad", "rates"}
    for fig in view.figures.values():
        go.Figure(fig.to_dict())                       # raises on any invalid property
    assert len(view.figures["map"].to_dict()["frames"]) > 10
    assert view.csv.startswith("optimizer,") and "torch.optim.Adam" in view.script


def _open_link(cfg: SimConfig):
    from conftest import ENTRY
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.query_params["cfg"] = urlstate.encode(cfg.to_dict())
    at.run()
    at.switch_page("pages/compare.py").run()
    return at


@pytest.mark.parametrize("steps", [1, 5, 9])
def test_a_link_with_few_steps_opens_with_those_steps(steps):
    at = _open_link(SimConfig(surface="booth", steps=steps, optimizers=(OptimizerRun("adam"),)))
    assert not at.exception and not at.error
    assert at.slider(key="cmp.steps").value == steps
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert len(next(d for d in fig["data"] if d.get("mode") == "lines")["x"]["bdata"]) > 0


def test_clearing_the_formula_is_a_message_next_to_the_control():
    at = app_test("compare")
    at.selectbox(key="cmp.surface").set_value("formula").run()
    at.text_input(key="cmp.formula").set_value("").run()
    assert not at.exception
    assert any("formula is empty" in e.value for e in at.error)


def test_a_formula_error_keeps_the_optimizer_selection():
    at = app_test("compare")
    at.multiselect(key="cmp.opts").set_value(["adam", "nesterov"]).run()
    at.selectbox(key="cmp.surface").set_value("formula").run()
    at.text_input(key="cmp.formula").set_value("x**").run()
    assert not at.exception and at.error
    at.text_input(key="cmp.formula").set_value("x**2 + y**2").run()
    assert not at.exception and not at.error
    assert at.multiselect(key="cmp.opts").value == ["adam", "nesterov"]
    assert [d["name"] for d in path_traces(at)] == ["Adam", "Nesterov (NAG)"]


def test_play_frames_touch_only_the_paths_at_three_speeds():
    at = app_test("compare")
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    menu = fig["layout"]["updatemenus"][0]["buttons"]
    plays = [b for b in menu if b["args"][0] is None]
    assert len(plays) == 3 and len({b["args"][1]["frame"]["duration"] for b in plays}) == 3
    for b in plays + fig["layout"]["sliders"][0]["steps"]:
        assert b["args"][1]["frame"]["redraw"] is False          # the contour is not redrawn
    # plotly's frames drop the layers of non-animatable traces (a contour): the levels are
    # a background image, and every frame touches only scatter traces
    assert not [d for d in fig["data"] if d["type"] in ("contour", "heatmap")]
    assert fig["layout"]["images"][0]["source"].startswith("data:image/png;base64,")
    assert fig["layout"]["images"][0]["layer"] == "below"
    assert all(fig["data"][i]["type"] == "scatter" for f in fig["frames"] for i in f["traces"])
    slider, buttons = fig["layout"]["sliders"][0], fig["layout"]["updatemenus"][0]
    assert slider["y"] < buttons["y"]                 # the slider (and its label) below them
    assert slider["currentvalue"]["xanchor"] == "right"


def test_step_buttons_move_one_frame():
    at = app_test("compare")
    full = path_traces(at)[0]["x"]["bdata"]
    at.button(key="cmp.back").click().run()
    assert not at.exception
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    n = len(fig["frames"])
    assert fig["layout"]["sliders"][0]["active"] == n - 2
    back = path_traces(at)[0]["x"]["bdata"]
    assert back == fig["frames"][n - 2]["data"][0]["x"]["bdata"] and back != full
    at.button(key="cmp.back").click().run()
    at.button(key="cmp.forward").click().run()
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert fig["layout"]["sliders"][0]["active"] == n - 2
    assert any(f"Frame {n - 1} of {n}" in c.value for c in at.caption)


def test_a_link_with_more_steps_than_the_slider_opens_at_its_maximum_with_a_note():
    from app.compare.form import UI_MAX_STEPS
    at = _open_link(SimConfig(surface="booth", steps=UI_MAX_STEPS + 500,
                              optimizers=(OptimizerRun("adam"),)))
    assert not at.exception and not at.error
    assert at.slider(key="cmp.steps").value == UI_MAX_STEPS
    assert any(f"asks for {UI_MAX_STEPS + 500} steps" in i.value for i in at.info)


def test_a_formula_error_keeps_every_widget_drawn():
    """Streamlit drops the value of a widget a run does not draw (seen in Chromium:
    tests/test_ui_browser.py): while the formula is rejected the optimizer picker, its
    hyper-parameters and the start stay on the page."""
    at = app_test("compare")
    at.selectbox(key="cmp.surface").set_value("formula").run()
    at.multiselect(key="cmp.opts").set_value(["adam"]).run()
    at.text_input(key="cmp.formula").set_value("").run()
    assert not at.exception and at.error
    assert at.multiselect(key="cmp.opts").value == ["adam"]
    assert at.number_input(key="cmp.hp.formula.adam.lr") is not None
    assert at.number_input(key="cmp.x") is not None and not at.get("plotly_chart")
