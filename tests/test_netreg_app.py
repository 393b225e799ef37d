"""The Neural-network page's regularization, Muon, Adafactor and widths views under
AppTest: each renders from a link, and its sentences state what the computation found."""
import json
import re

from conftest import ENTRY

from app.urlstate import encode

TRAIN = {"net": {"n": 120, "width": 8, "depth": 2, "epochs": 20, "batch_size": 16,
                 "l1": 0.003, "dropout": 0.1, "val_fraction": 0.0},
         "optimizers": [{"name": "adam", "params": {"lr": 0.01}},
                        {"name": "muon", "params": {"lr": 0.02}}]}


def _page(doc):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=600)
    at.query_params["cfg"] = encode(doc)
    at.switch_page("pages/network.py")
    at.run()
    assert not at.exception and not at.error, (at.exception, at.error)
    return at


def test_weights_tab_l1_muon_and_adafactor():
    at = _page({"tab": "weights", "train": TRAIN})
    assert at.session_state["net.opts"] == ["adam", "muon"]
    text = " ".join(m.value for m in at.markdown)
    near = re.search(r"\*\*(\d+)%\*\* of the weights are near zero .* \*\*(\d+)%\*\* without",
                     text)
    assert near and int(near[1]) > int(near[2])           # L1: more near-zero weights
    sv = re.search(r"all between \*\*([\d.]+)\*\* and \*\*([\d.]+)\*\*", text)
    assert sv and 0.3 < float(sv[1]) <= float(sv[2]) < 1.5
    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    heat = [f for f in figs if any(d["type"] == "heatmap" for d in f["data"])]
    assert len(heat) == 1 and len(heat[0]["data"]) == 2
    assert "not** factored" in text
    # the training tab copes with no validation split: no validation curve, no column
    at.session_state["net.tab"] = "Training"
    at.run()
    assert not at.exception and not at.error
    loss = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert {d["name"].rsplit(" (", 1)[0] for d in loss["data"]} == {"Adam", "Muon + AdamW"}
    assert all("validation" not in d["name"] for d in loss["data"])
    assert not any("Final validation loss" in str(df.value.columns) for df in at.dataframe)
    # the range test sweeps one rate: for Muon + AdamW (two rates) it says so
    at.session_state["net.tab"] = "Learning-rate range test"
    at.run()
    at.selectbox(key="net.r.run").set_value(1).run()
    assert not at.exception and not at.error
    assert any("has two" in m.value for m in at.info)


def test_widths_tab_draws_the_notes_figure_and_its_claim():
    at = _page({"tab": "widths", "train": {**TRAIN, "optimizers": ["adam"]}})
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert sum(d["type"] == "contour" for d in fig["data"]) == 7
    titles = [a["text"] for a in fig["layout"]["annotations"]]
    assert [int(s.split()[1]) for s in titles] == [1, 2, 3, 4, 5, 20, 50]
    assert any("Widths 1 and 2 cannot bend" in m.value for m in at.success)
    # the page's own settings, the width varied (its 20 epochs: another sweep)
    notes = at.dataframe[0].value.iloc[:, 1].to_numpy()
    at.radio(key="net.wd.src").set_value("page").run()
    assert not at.exception and not at.error
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert sum(d["type"] == "contour" for d in fig["data"]) == 7
    assert len(at.dataframe[0].value) == 7
    assert (at.dataframe[0].value.iloc[:, 1].to_numpy() != notes).all()
