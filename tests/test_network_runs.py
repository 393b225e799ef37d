"""The Neural-network page's runs under AppTest: every run with its own optimizer, rate,
schedule (with its parameters) and other hyper-parameters, the same optimizer twice too;
the link round-trips exactly (config -> URL -> page -> URL -> same config); the form
trains only on Train; what the form cannot show is named in a note."""
import json
from dataclasses import replace

from conftest import link_notes, open_page, url_doc

from optim_core import NetConfig, OptimizerRun
from optim_core.net_optimizers import NetRun

NET = (("n", 48), ("width", 4), ("depth", 2), ("epochs", 3), ("batch_size", 12), ("seed", 3))
CONFIG = NetConfig(NET, (
    OptimizerRun("sgd", (("lr", 0.3), ("weight_decay", 0.001)), schedule="step",
                 schedule_params=(("step_size", 4), ("gamma", 0.25))),
    OptimizerRun("adam", (("lr", 0.02), ("betas", (0.8, 0.99)))),
    OptimizerRun("sgd", (("lr", 0.1),), schedule="multistep",
                 schedule_params=(("milestones", (3, 6)), ("gamma", 0.7))),
    NetRun("muon", (("lr", 0.03), ("adamw_lr", 0.005), ("ns_steps", 3)))))


def _legend(at) -> list[str]:
    loss = json.loads(at.get("plotly_chart")[0].proto.spec)
    return list(dict.fromkeys(d["name"] for d in loss["data"] if d.get("showlegend", True)))


def test_two_runs_of_one_optimizer_with_own_schedules_round_trip():
    doc = {"tab": "training", "train": CONFIG.to_dict()}
    at = open_page("network", doc)
    assert not at.error and not link_notes(at)
    got = url_doc(at)
    assert NetConfig.from_dict(got["train"]) == CONFIG          # link -> page -> URL
    assert got["train"] == CONFIG.to_dict()
    # each run's own widgets hold its own values
    assert at.session_state["net.runs"] == ["sgd", "adam", "sgd~1", "muon"]
    assert at.number_input(key="net.hp.sgd.lr").value == 0.3
    assert at.number_input(key="net.hp.sgd~1.lr").value == 0.1
    assert at.selectbox(key="net.sched.sgd").value == "step"
    assert at.selectbox(key="net.sched.sgd~1").value == "multistep"
    assert at.text_input(key="net.ssp.sgd~1.multistep.milestones").value == "3, 6"
    assert at.number_input(key="net.hp.muon.ns_steps").value == 3
    # the two SGD runs are labelled by what differs
    names = _legend(at)
    sgd = [n for n in names if n.startswith("SGD") and "(train)" in n]
    assert sgd == ["SGD η=0.3 weight_decay=0.001 step (train)",
                   "SGD η=0.1 weight_decay=0 multistep (train)"]
    # ... and the URL opens the same again
    at2 = open_page("network", got)
    assert url_doc(at2)["train"] == got["train"] and not link_notes(at2)


def test_form_trains_only_on_train_and_adds_a_copy():
    small = NetConfig(NET[:-1] + (("depth", 1),), (OptimizerRun("sgd", (("lr", 0.3),)),))
    at = open_page("network", {"tab": "training", "train": small.to_dict()})
    at.selectbox(key="net.add_of").set_value("sgd")
    at.button(key="net.add_run").click().run()
    assert not at.exception and at.session_state["net.runs"] == ["sgd", "sgd~1"]
    assert NetConfig.from_dict(url_doc(at)["train"]) == small       # not trained yet
    assert any("press **Train**" in c.value for c in at.caption)
    at.number_input(key="net.hp.sgd~1.lr").set_value(0.05)
    at.selectbox(key="net.sched.sgd~1").set_value("exponential").run()
    at.number_input(key="net.ssp.sgd~1.exponential.gamma").set_value(0.9)
    assert NetConfig.from_dict(url_doc(at)["train"]) == small
    at.button(key="net.train").click().run()
    assert not at.exception and not at.error
    runs = NetConfig.from_dict(url_doc(at)["train"]).optimizers
    assert [r.hp["lr"] for r in runs] == [0.3, 0.05]
    assert runs[0].schedule is None
    assert runs[1].schedule == "exponential" and dict(runs[1].schedule_params)["gamma"] == 0.9
    assert not any("press **Train**" in c.value for c in at.caption)
    # remove the copy: trains on the next Train only
    at.button(key="net.rm.sgd~1").click().run()
    assert len(NetConfig.from_dict(url_doc(at)["train"]).optimizers) == 2
    at.button(key="net.train").click().run()
    assert NetConfig.from_dict(url_doc(at)["train"]) == small


def test_a_bad_schedule_value_names_its_field():
    small = NetConfig(NET[:-1] + (("depth", 1),), (
        OptimizerRun("sgd", (("lr", 0.3),)), OptimizerRun("sgd", (("lr", 0.1),), schedule="multistep")))
    at = open_page("network", {"tab": "training", "train": small.to_dict()})
    at.text_input(key="net.ssp.sgd~1.multistep.milestones").set_value("3, x")
    at.button(key="net.train").click().run()
    assert not at.exception
    assert any("optimizers[1].schedule.params.milestones" in e.value for e in at.error)


def test_what_the_form_cannot_show_is_named(monkeypatch):
    """A form that could not show a run's schedule (simulated: the runs' widget state
    loses it) says which run it changed instead of dropping it silently."""
    from app.network import tabs
    real = tabs.runs_state

    def lossy(menu, runs):
        return real(menu, [replace(r, schedule=None, schedule_params=())
                           if r.name == "sgd" and r.schedule == "multistep" else r
                           for r in runs])
    monkeypatch.setattr(tabs, "runs_state", lossy)
    at = open_page("network", {"tab": "training", "train": CONFIG.to_dict()})
    said = " ".join(link_notes(at))
    assert "optimizers[2]" in said and "optimizers[0]" not in said, said
    assert NetConfig.from_dict(url_doc(at)["train"]).optimizers[2].schedule is None


def test_labels_name_the_schedule_setting_that_differs():
    from app.network.tabs import run_names
    runs = (OptimizerRun("sgd", (("lr", 0.1),), schedule="step",
                         schedule_params=(("step_size", 4), ("gamma", 0.5))),
            OptimizerRun("sgd", (("lr", 0.1),), schedule="step",
                         schedule_params=(("step_size", 4), ("gamma", 0.25))),
            NetRun("muon", (("lr", 0.02),)), NetRun("muon", (("lr", 0.02), ("ns_steps", 3))))
    assert run_names(runs) == ["SGD step gamma=0.5", "SGD step gamma=0.25",
                               "Muon + AdamW ns_steps=5", "Muon + AdamW ns_steps=3"]
