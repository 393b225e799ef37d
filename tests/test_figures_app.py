"""What people see, checked on the figure dicts and page pieces (no browser): exports,
number formats, log axes, colours, legends, arrival and start messages."""
import io
import itertools

import numpy as np
import pandas as pd
import pytest

from app.compare.figures import labels, series_figure, surface3d_figure, trajectory_figure
from app.compare.form import arrival_rule, divergence_messages, results_rows
from app.exporters import trajectories_csv
from app.figures import OPTIMIZER_COLORS, optimizer_color, palette, run_colors, series_color
from app.tables import SCIENTIFIC, number_format
from app.text import t
from optim_core import OPTIMIZERS, OptimizerRun, SimConfig, simulate
from optim_core.grid import evaluate_grid as surface_grid


def _run(**kw):
    cfg = SimConfig(**{"surface": "booth", "steps": 20,
                       "optimizers": (OptimizerRun("adam"), OptimizerRun("sgd")), **kw})
    return cfg, simulate(cfg)


def test_csv_reads_back_as_the_runs_floats():
    cfg, res = _run(starts=((-1.5, 2.0), (0.3, -0.7)))
    text = trajectories_csv(res)
    assert "np.float64" not in text
    df = pd.read_csv(io.StringIO(text))
    assert all(df[c].dtype == np.float64 for c in ("x", "y", "loss", "grad_norm"))
    for k, run in enumerate(cfg.optimizers):
        for j in range(2):
            part = df[(df.optimizer == run.name) & (df.start_index == j)].sort_values("step")
            np.testing.assert_array_equal(part[["x", "y"]].to_numpy(), res.path[k, j])
            np.testing.assert_array_equal(part["loss"].to_numpy(), res.loss[k, j])
            np.testing.assert_array_equal(part["grad_norm"].to_numpy(), res.grad_norm[k, j])


@pytest.mark.parametrize("values, scientific", [([1e-31, 0.5], True), ([3.2e7, 1.0], True),
                                                ([0.25, 12.5], False), ([0.0, 0.002], False),
                                                ([np.nan, 1e-4], True)])
def test_tiny_and_huge_numbers_use_scientific_notation(values, scientific):
    assert (number_format(values) == SCIENTIFIC) == scientific


def _log_axes(fig: dict):
    lay = fig["layout"]
    return [v for k, v in lay.items() if k.startswith(("xaxis", "yaxis"))
            and isinstance(v, dict) and v.get("type") == "log"]


def test_every_log_axis_uses_powers_of_ten():
    from app.learned import figures as learned_figures
    _cfg, res = _run()
    figs = [series_figure(res, res.loss[:, 0], title="", ylabel="", log=True).to_dict(),
            learned_figures.curves({"a": (np.arange(3), np.array([1e-9, 1e-6, 1.0]))},
                                   title="", xlabel="", ylabel="").to_dict()]
    from app.compare.figures import rate_figure
    figs.append(rate_figure(res, title="", ylabel="", xname="x", yname="y").to_dict())
    seen = 0
    for fig in figs:
        for ax in _log_axes(fig):
            assert ax.get("exponentformat") == "power"
            seen += 1
    assert seen == 3


def test_every_log_axis_in_the_figure_modules_sets_powers():
    """Source check: each place that makes a log axis also sets exponentformat."""
    import pathlib
    root = pathlib.Path(__file__).resolve().parents[1] / "app"
    for f in root.glob("*figures.py"):
        src = f.read_text()
        assert 'yaxis_type="log"' not in src and 'xaxis_type="log"' not in src, f.name


def test_3d_view_has_axis_and_z_titles():
    cfg, res = _run(surface="rosenbrock")
    surface = cfg.make_surface()
    grid = surface_grid(surface, 40)
    fig = surface3d_figure(surface, grid, res, title="", zlabel="log10(f − min + 0.001)")
    scene = fig.to_dict()["layout"]["scene"]
    assert scene["zaxis"]["title"]["text"] == "log10(f − min + 0.001)"
    assert scene["xaxis"]["title"]["text"] == "x"


def _rgb(h):
    return np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


@pytest.mark.parametrize("n", [16, 30])
def test_palette_colours_are_distinct(n):
    cols = palette(n)
    assert len(set(cols)) == n
    dmin = min(np.linalg.norm(_rgb(a) - _rgb(b)) for a, b in itertools.combinations(cols, 2))
    assert dmin > 40, dmin


def test_every_optimizer_has_its_own_colour_on_every_page():
    assert list(OPTIMIZER_COLORS) == list(OPTIMIZERS)
    assert len(set(OPTIMIZER_COLORS.values())) == len(OPTIMIZERS)
    assert optimizer_color("rmsprop") != optimizer_color("adadelta")
    for key, spec in OPTIMIZERS.items():     # by key (Compare) or by name (sweep, network)
        assert series_color(spec.name, 99) == series_color(key, 0) == optimizer_color(key)
    cols = run_colors(["adam", "sgd", "adam"])
    assert cols[0] == optimizer_color("adam") and len(set(cols)) == 3
    _cfg, res = _run(optimizers=(OptimizerRun("adadelta"), OptimizerRun("rmsprop")))
    fig = series_figure(res, res.loss[:, 0], title="", ylabel="", log=True).to_dict()
    assert [d["line"]["color"] for d in fig["data"] if d.get("mode") == "lines"] == \
        [optimizer_color("adadelta"), optimizer_color("rmsprop")]


def test_map_legend_sits_outside_the_plot_away_from_the_slider():
    cfg, res = _run()
    surface = cfg.make_surface()
    fig = trajectory_figure(surface, surface_grid(surface, 40), res, title="", slider_label="step",
                            play="Play", pause="Pause")
    leg = fig["layout"]["legend"]
    assert leg["orientation"] == "v" and leg["xanchor"] == "right" and leg["xref"] == "container"
    slider = fig["layout"]["sliders"][0]
    assert slider["y"] <= 0 and leg["y"] >= 0.5            # below the plot vs at its top


def test_network_loss_legend_shows_names_not_keys():
    from types import SimpleNamespace

    from app.network.figures import loss_curves
    run = SimpleNamespace(name="rmsprop_centered", train_loss=np.array([1.0, 0.5]),
                          val_loss=np.array([1.1, 0.6]))
    fig = loss_curves(SimpleNamespace(runs=[run])).to_dict()
    names = [d["name"] for d in fig["data"]]
    assert all(n.startswith(OPTIMIZERS["rmsprop_centered"].name + " (") for n in names), names
    assert fig["layout"]["yaxis"]["exponentformat"] == "power"


def test_arrival_without_a_listed_minimum_is_a_loss_threshold():
    """The lecture's (1 - w1 w2)^2 lists no minimum: a run reaching loss 1e-30 arrived."""
    cfg, res = _run(surface="lecture_w1w2", starts=((1.5, 1.2),), steps=300,
                    optimizers=(OptimizerRun("momentum", (("lr", 0.05),)),))
    surface = cfg.make_surface()
    grid = surface_grid(surface, 60)
    assert res.loss[0, 0, -1] < 1e-12
    row = results_rows(res, surface, labels(res), grid.z)[0]
    rule = arrival_rule(surface, grid.z)
    assert rule["kind"] == "loss" and "loss ≤" in rule["header"]
    assert row[rule["header"]] != t("compare.never")
    hit = int(row[rule["header"]])
    assert res.loss[0, 0, hit] <= rule["level"] < res.loss[0, 0, hit - 1]


def test_arrival_with_a_listed_minimum_says_so():
    cfg, res = _run(surface="bowl", steps=100, optimizers=(OptimizerRun("sgd", (("lr", 0.1),)),))
    surface = cfg.make_surface()
    rule = arrival_rule(surface, surface_grid(surface, 30).z)
    assert rule["kind"] == "minimum" and "listed minimum" in rule["header"]
    row = results_rows(res, surface, labels(res))[0]
    assert row[rule["header"]] != t("compare.never")


def test_a_start_outside_the_view_is_said_so_not_diverged_at_step_0():
    cfg, res = _run(surface="bowl", starts=((1e4, 0.0),))
    msgs = divergence_messages(res, labels(res), cfg.make_surface())
    assert len(msgs) == 1 and "outside the view" in msgs[0] and "diverged" not in msgs[0]
    cfg, res = _run(surface="bowl", starts=((0.5, 0.0),), optimizers=(
        OptimizerRun("sgd", (("lr", 5.0),)),))
    msgs = divergence_messages(res, labels(res), cfg.make_surface())
    assert len(msgs) == 1 and "diverged at step" in msgs[0]


def test_pickers_group_optimizers_when_the_registry_has_groups():
    from types import SimpleNamespace

    from app.optimizer_menu import optimizer_keys, optimizer_label
    plain = {"sgd": SimpleNamespace(name="SGD"), "adam": SimpleNamespace(name="Adam")}
    assert optimizer_keys(plain) == ["sgd", "adam"] and optimizer_label("adam", plain) == "Adam"
    grouped = {"adam": SimpleNamespace(name="Adam", group="adaptive"),
               "newton": SimpleNamespace(name="Newton", group="second-order"),
               "sgd": SimpleNamespace(name="SGD", group="classic"),
               "lion": SimpleNamespace(name="Lion", group="recent"),
               "adagrad_l": SimpleNamespace(name="AdaGrad (lecture)", group="lecture"),
               "rmsprop": SimpleNamespace(name="RMSProp", group="adaptive")}
    assert optimizer_keys(grouped) == ["sgd", "adam", "rmsprop", "adagrad_l", "newton", "lion"]
    assert optimizer_label("newton", grouped) == "Second-order · Newton"
    assert set(optimizer_keys()) == set(OPTIMIZERS)          # the live registry, every entry
