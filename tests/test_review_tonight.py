"""Adversarial review of the evening's features (issue 12's standard): odd values in the
new widgets and hand-made links end in a result or a message naming the field, never a
traceback; every sentence the new views show holds for the setting shown."""
import numpy as np
import pytest
from conftest import open_page

from optim_core import NetConfig

NET = {"n": 48, "width": 4, "depth": 1, "epochs": 2, "batch_size": 12}


def _lambda_run(formula: str) -> dict:
    return {"net": NET, "optimizers": [{"name": "sgd", "params": {"lr": 0.1}, "schedule": {
        "name": "lambda", "params": {"lr_lambda": formula}}}]}


@pytest.mark.parametrize("formula, t", [("1/t", 0), ("-1", 0), ("t**1000", 3)])
def test_network_lambda_factor_that_is_no_rate_is_refused_naming_the_field(formula, t):
    with pytest.raises(ValueError, match=rf"optimizers\[0\]\.schedule\.params\.lr_lambda: "
                                         rf"the factor at t = {t} "):
        NetConfig.from_dict(_lambda_run(formula))
    NetConfig.from_dict(_lambda_run("1 / sqrt(1 + t / 10)"))     # a rate: accepted


def test_network_page_lambda_schedule_typed_badly_is_a_message_not_a_crash():
    at = open_page("network", {"tab": "training", "train": {
        "net": NET, "optimizers": [{"name": "sgd", "params": {"lr": 0.1}}]}})
    at.selectbox(key="net.sched.sgd").set_value("lambda").run()
    at.text_input(key="net.ssp.sgd.lambda.lr_lambda").set_value("1/t").run()
    at.button(key="net.train").click().run()
    assert not at.exception, at.exception
    assert any("lr_lambda" in e.value and "t = 0" in e.value for e in at.error)
    # a link with the same run: the note names the field, the page opens
    at = open_page("network", {"tab": "training", "train": _lambda_run("-1")})
    assert not at.exception


def test_snapshot_tab_says_a_diverged_run_diverged_and_claims_nothing_about_nan():
    """η_max 2 with momentum 0.99 on 3 layers of 32: the SGDR snapshots' losses are nan.
    The tab said "Always true (Jensen): here **nan ≤ nan**" and compared nan losses."""
    from optim_core.deep import DeepConfig
    from optim_core.snapshots import snapshot_ensembles
    config = DeepConfig(width=32, snap_depth=3, snap_lr=2.0, snap_momentum=0.99,
                        snap_epochs=8, snap_cycles=2, snap_batch=4)
    assert not np.isfinite(snapshot_ensembles(config).snap_loss).any()   # the premise
    at = open_page("deep", {"tab": "snapshots", "deep": config.to_dict()})
    shown = [m.value for m in (*at.markdown, *at.info, *at.success)]
    assert not any("nan" in v for v in shown), [v for v in shown if "nan" in v]
    assert any("diverged" in w.value for w in at.warning)


def test_newton_on_a_linear_surface_stops_for_its_zero_hessian_not_diverged():
    """f = x has H = 0 everywhere: Newton has no step (singular), nothing blew up. Its
    gradient has no autograd graph, which raised inside the step: reported "diverged"."""
    from optim_core import OptimizerRun, SimConfig, simulate
    for formula, reason in (("x", "singular_hessian"), ("x + y", "singular_hessian")):
        r = simulate(SimConfig(formula=formula, starts=((1.0, 1.0),), steps=5,
                               optimizers=(OptimizerRun("newton"),)))
        assert r.stop_reason[0, 0] == reason and r.diverged_at[0, 0] == 1
    flat = simulate(SimConfig(formula="0*x", starts=((1.0, 1.0),), steps=5,
                              optimizers=(OptimizerRun("newton"),)))
    assert flat.diverged_at[0, 0] == -1 and (flat.path[0, 0] == 1.0).all()   # g = 0: no step
    damped = simulate(SimConfig(formula="x", starts=((1.0, 1.0),), steps=2, optimizers=(
        OptimizerRun("damped_newton", (("lr", 1.0), ("damping", 2.0))),)))
    np.testing.assert_allclose(damped.path[0, 0, :, 0], [1.0, 0.5, 0.0])    # (0 + λ)⁻¹ g


@pytest.mark.parametrize("schedule, name, value, says", [
    ("multistep", "milestones", "abc", "optimizers[0].schedule.params.milestones[0]"),
    ("multistep", "milestones", "", "optimizers[0].schedule.params.milestones must"),
    ("lambda", "lr_lambda", "", "optimizers[0].schedule.params.lr_lambda: formula is empty"),
    ("lambda", "lr_lambda", "1/t", "optimizers[0].schedule.params.lr_lambda: the factor at t = 0"),
])
def test_compare_run_schedule_typed_badly_is_an_error_naming_the_field(schedule, name, value,
                                                                      says):
    """A run's schedule parameter the core refuses (milestones 'abc', an empty formula)
    crashed the Compare page: the run was built outside the page's error handling."""
    at = open_page("compare")
    rid = at.session_state["cmp.runs"][0]
    at.selectbox(key=f"cmp.sched.{rid}").set_value(schedule).run()
    at.text_input(key=f"cmp.ssp.{rid}.{schedule}.{name}").set_value(value).run()
    assert not at.exception, at.exception
    assert any(says in e.value for e in at.error), [e.value for e in at.error]
    assert not at.get("plotly_chart")                # nothing ran on a half-read config


@pytest.mark.parametrize("tab", ["landscape", "hessian"])
def test_network_objective_caption_names_runs_with_their_own_weight_decay(tab):
    """"Every value here is the training objective the optimizers minimized: cross-entropy
    (no penalty)" was shown for an SGD run with torch's weight_decay 0.01, which minimizes
    cross-entropy + 0.005·‖θ‖²: that run is now named as not minimizing what is shown."""
    runs = [{"name": "sgd", "params": {"lr": 0.3, "weight_decay": 0.01}},
            {"name": "adam", "params": {"lr": 0.02}}]
    at = open_page("network", {"tab": tab, "train": {"net": NET, "optimizers": runs}})
    caps = [c.value for c in at.caption if "training objective the optimizers" in c.value]
    assert len(caps) == 1 and "Not included" in caps[0] and "of SGD (" in caps[0]
    assert "Adam" not in caps[0].split("Not included")[1]
    at = open_page("network", {"tab": tab, "train": {"net": NET, "optimizers": runs[1:]}})
    caps = [c.value for c in at.caption if "training objective the optimizers" in c.value]
    assert len(caps) == 1 and "Not included" not in caps[0]


def test_network_add_run_stops_at_the_limit_it_states():
    """"Add a run" added a 9th, 10th... run, refused only at Train with the runs' reprs; the
    limit is stated next to the runs and the button is off at it."""
    at = open_page("network", {"tab": "training", "train": {
        "net": NET, "optimizers": [{"name": "sgd", "params": {"lr": 0.1}}]}})
    assert any("at most 8 runs" in c.value for c in at.caption)
    for _ in range(7):
        at.selectbox(key="net.add_of").set_value("sgd")
        at.button(key="net.add_run").click().run()
    assert len(at.session_state["net.runs"]) == 8 and at.button(key="net.add_run").disabled
    with pytest.raises(ValueError, match=r"optimizers must list 1 to 8 optimizers; got 9$"):
        NetConfig.from_dict({"net": NET, "optimizers": [{"name": "sgd"}] * 9})


def test_damped_newton_stopped_by_its_damping_does_not_call_the_hessian_singular():
    """x²/2 - y²/2 has H = diag(1, -1), regular everywhere; damped Newton with λ = 1 stops
    because H + λI = diag(2, 0) is singular. The message said "the Hessian is singular"."""
    from app.compare.form import divergence_messages, stop_cell
    from optim_core import OptimizerRun, SimConfig, simulate
    for formula, damping, says, not_says in (
            ("x**2/2 - y**2/2", 1.0, "H + λI (λ = 1)", "the Hessian is singular"),
            ("x**2", 0.0, "the Hessian is singular", "H + λI (λ =")):
        cfg = SimConfig(formula=formula, starts=((1.0, 1.0),), steps=3, optimizers=(
            OptimizerRun("damped_newton", (("lr", 1.0), ("damping", damping))),))
        r = simulate(cfg)
        assert r.stop_reason[0, 0] == "singular_hessian"
        (msg,) = divergence_messages(r, ["Damped Newton"], cfg.make_surface())
        assert says in msg and not_says not in msg, msg
        cell = stop_cell(r, 0, 0)     # the results table's short label says the same
        assert cell.endswith("(singular H + λI)" if damping else "(singular Hessian)"), cell


def test_unknown_optimizer_in_a_run_is_named_by_its_index():
    """A link's third run with an unknown name: the error said only "optimizer must be one
    of ...", not which run."""
    runs = [{"name": "sgd"}, {"name": "adam"}, {"name": "nosuch"}]
    with pytest.raises(ValueError, match=r"^optimizers\[2\]\.name: optimizer must be one of"):
        NetConfig.from_dict({"net": NET, "optimizers": runs})
    from optim_core import SimConfig
    with pytest.raises(ValueError, match=r"^optimizers\[2\]\.name: optimizer must be one of"):
        SimConfig.from_dict({"surface": "bowl", "optimizers": runs})


def test_the_new_run_errors_read_in_chinese():
    from app.text._errors import message_zh
    for d in ({"net": NET, "optimizers": [{"name": "sgd"}] * 9}, _lambda_run("1/t")):
        with pytest.raises(ValueError) as e:
            NetConfig.from_dict(d)
        zh = message_zh(str(e.value))
        assert zh != str(e.value) and not any(w in zh for w in ("runs", "factor", "must")), zh
