"""Compare links (issue 13): config -> URL -> page -> URL -> the same config, with the same
optimizer raced several times and several starts; Back/Forward re-reads the URL; a link
the page cannot show in full says so; the Home page's scenes are valid links."""
import base64
import json

import numpy as np
import pytest
from conftest import ENTRY, app_test

from app import urlstate
from app.compare.figures import MAX_SHOWN_STARTS, run_labels, trajectory_figure
from app.scenes import scenes
from optim_core import OptimizerRun, SimConfig, simulate


def _url_config(at) -> SimConfig:
    raw = at.query_params["cfg"]
    return SimConfig.from_dict(urlstate.decode(raw[0] if isinstance(raw, list) else raw))


def open_link(cfg: SimConfig | dict, page: str = "compare"):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.query_params["cfg"] = urlstate.encode(cfg if isinstance(cfg, dict) else cfg.to_dict())
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    return at


def infos(at) -> str:
    return " | ".join(i.value for i in at.info) + " | ".join(c.value for c in at.caption)


def path_names(at) -> list[str]:
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    return [d["name"] for d in fig["data"] if d.get("mode") == "lines"]


RACE = SimConfig(
    surface="rosenbrock", steps=80, noise=0.1, seed=3,
    starts=((-1.5, 2.0), (0.5, 0.5), (-0.25, 1.75)),
    optimizers=(OptimizerRun("sgd", (("lr", 0.001),)),
                OptimizerRun("adam", (("lr", 0.05),)),
                OptimizerRun("sgd", (("lr", 0.0001),)),
                OptimizerRun("sgd", (("lr", 0.001),), schedule="cosine",
                             schedule_params=(("T_max", 80),))))


def test_round_trip_keeps_duplicates_order_and_starts():
    at = open_link(RACE)
    assert not at.exception and not at.error
    assert _url_config(at) == RACE            # nothing merged, reordered or dropped
    names = path_names(at)                   # every run from every start
    assert names == [n for n in ("SGD η=0.001 constant", "Adam", "SGD η=0.0001 constant",
                                 "SGD η=0.001 cosine") for _ in range(3)]
    # each run's schedule is its own widget, restored from the link
    assert [at.session_state[f"cmp.sched.{rid}"] for rid in ("sgd", "adam", "sgd~1", "sgd~2")] \
        == ["", "", "", "cosine"]


def test_race_sgd_at_two_rates_is_two_runs():
    cfg = SimConfig(surface="rosenbrock", steps=50, optimizers=(
        OptimizerRun("sgd", (("lr", 0.01),)), OptimizerRun("sgd", (("lr", 0.001),))))
    at = open_link(cfg)
    assert _url_config(at) == cfg
    assert set(path_names(at)) == {"SGD η=0.01", "SGD η=0.001"}
    # a widget change after the link keeps both runs
    at.number_input(key="cmp.seed").set_value(7).run()
    again = _url_config(at)
    assert again.optimizers == cfg.optimizers and again.seed == 7


def test_labels_name_what_differs():
    runs = (OptimizerRun("adam", (("lr", 0.01), ("betas", (0.9, 0.999)))),
            OptimizerRun("adam", (("lr", 0.01), ("betas", (0.8, 0.999)))),
            OptimizerRun("sgd"), OptimizerRun("momentum"), OptimizerRun("momentum"))
    got = run_labels(runs)
    assert got[0] == "Adam betas=(0.9, 0.999)" and got[1] == "Adam betas=(0.8, 0.999)"
    assert got[2] == "SGD"
    assert got[3].endswith("(1)") and got[4].endswith("(2)") and got[3] != got[4]


def test_add_a_run_and_remove_it():
    at = app_test("compare")
    at.multiselect(key="cmp.opts").set_value(["sgd"]).run()
    at.selectbox(key="cmp.add_of").set_value("sgd").run()
    at.button(key="cmp.add_run").click().run()
    assert not at.exception
    assert at.session_state["cmp.runs"] == ["sgd", "sgd~1"]
    lr = at.number_input(key="cmp.hp.rosenbrock.sgd~1.lr")
    lr.set_value(lr.value / 10).run()
    cfg = _url_config(at)
    assert [r.name for r in cfg.optimizers] == ["sgd", "sgd"]
    assert cfg.optimizers[0].hp["lr"] == pytest.approx(10 * cfg.optimizers[1].hp["lr"])
    at.button(key="cmp.rm.sgd~1").click().run()
    assert len(_url_config(at).optimizers) == 1


def test_ring_click_and_clear_starts():
    at = app_test("compare")
    at.number_input(key="cmp.ring_n").set_value(6).run()
    at.number_input(key="cmp.ring_r").set_value(0.5).run()
    at.button(key="cmp.add_ring").click().run()
    cfg = _url_config(at)
    assert len(cfg.starts) == 7
    center = np.array(cfg.starts[0])
    assert np.allclose(np.linalg.norm(np.array(cfg.starts[1:]) - center, axis=1), 0.5,
                       atol=1e-4)
    at.button(key="cmp.clear_starts").click().run()
    assert len(_url_config(at).starts) == 1


def test_back_forward_rereads_the_url():
    """A popstate reruns the page with an older query string: the page shows that one,
    not its session's values; a widget rerun with its own URL keeps the session's."""
    a = SimConfig(surface="himmelblau", steps=40, starts=((1.0, 1.0),),
                  optimizers=(OptimizerRun("adam", (("lr", 0.1),)),))
    at = open_link(a)
    first = at.query_params["cfg"]
    first = first[0] if isinstance(first, list) else first
    at.number_input(key="cmp.x").set_value(-2.0).run()
    assert _url_config(at).starts[0] == (-2.0, 1.0)
    at.query_params["cfg"] = first                          # Back
    at.run()
    assert at.number_input(key="cmp.x").value == 1.0
    assert _url_config(at) == a


def test_out_of_range_values_open_at_the_nearest_with_a_note():
    d = SimConfig(surface="bowl", steps=5000, noise=500.0, seed=2**40,
                  optimizers=(OptimizerRun("sgd"),)).to_dict()
    at = open_link(d)
    assert not at.exception
    cfg = _url_config(at)
    assert (cfg.steps, cfg.noise, cfg.seed) == (2000, 100.0, 2**31 - 1)
    text = infos(at)
    assert "5000" in text and "500" in text and str(2**40) in text


def test_fields_without_a_control_are_kept_and_named():
    cfg = SimConfig(surface="linreg", steps=60, clip=0.5, batch_size=10,
                    optimizers=(OptimizerRun("sgd", (("lr", 0.05),)),))
    at = open_link(cfg)
    assert _url_config(at) == cfg
    assert "clip=0.5" in infos(at) and "batch_size=10" in infos(at)


def test_more_starts_than_the_map_draws_is_said():
    n = MAX_SHOWN_STARTS + 5
    cfg = SimConfig(surface="bowl", steps=20, optimizers=(OptimizerRun("sgd"),),
                    starts=tuple((-1 + 0.1 * i, 0.5) for i in range(n)))
    at = open_link(cfg)
    assert _url_config(at) == cfg
    assert f"{n} starts" in infos(at)
    assert len(path_names(at)) == MAX_SHOWN_STARTS


def test_map_paths_are_the_simulation():
    cfg = RACE
    res = simulate(cfg)
    from optim_core.grid import evaluate_grid
    surface = cfg.make_surface()
    fig = trajectory_figure(surface, evaluate_grid(surface, 40), res, title="t",
                            slider_label="s", play="p", pause="q")
    lines = [d for d in fig["data"] if d.get("mode") == "lines"]
    k, s = 2, 1
    got = np.frombuffer(base64.b64decode(lines[k * 3 + s]["x"]["bdata"]), np.float32)
    assert np.allclose(got, res.path[k, s, :, 0].astype(np.float32))


def test_html_export_of_a_compare_figure():
    from app.compare.view import compare_view, figure_file
    at = open_link(RACE)   # a session, so the cache and language work
    assert not at.exception
    view = compare_view(RACE)
    html = figure_file(view, "loss")()
    assert html.startswith(b"<!DOCTYPE html>") and b"plotly" in html and len(html) > 1_000_000
    assert b"SGD \\u03b7=0.0001" in html or "SGD η=0.0001".encode() in html


@pytest.mark.parametrize("scene", scenes(), ids=lambda s: s.key)
def test_each_scene_is_a_valid_link_that_opens(scene):
    d = urlstate.decode(scene.cfg)
    assert type(scene.config).from_dict(d) == scene.config
    at = open_link(d, scene.page)
    assert not at.exception and not at.error
    if scene.page == "compare":
        assert _url_config(at) == scene.config
        assert not [i for i in at.warning if "could not be read" in i.value]


def test_home_lists_every_scene():
    at = app_test()
    assert not at.exception
    text = json.dumps([str(e.proto) for e in at.get("page_link")])
    assert all(s.cfg in text for s in scenes())


def test_out_of_range_hyper_parameters_open_at_the_nearest_with_a_note():
    d = SimConfig(surface="ill_conditioned", steps=30, surface_params=(("kappa", 10.0),),
                  optimizers=(OptimizerRun("sgd", (("lr", 0.01),)),
                              OptimizerRun("sgd", (("lr", 0.1),)))).to_dict()
    d["optimizers"][1]["params"]["lr"] = 50.0            # beyond lr's 10
    d["surface_params"]["kappa"] = 5000.0                # beyond kappa's 1000
    at = open_link(d)
    assert not at.exception
    assert not [w for w in at.warning if "could not be read" in w.value]
    cfg = _url_config(at)
    assert [r.hp["lr"] for r in cfg.optimizers] == [0.01, 10.0]
    assert dict(cfg.surface_params)["kappa"] == 1000.0
    text = infos(at)
    assert "optimizers[1].lr = 50.0" in text and "surface_params.kappa = 5000.0" in text
