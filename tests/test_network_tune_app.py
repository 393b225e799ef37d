"""The Neural-network page's fair race and replay tabs under AppTest: the page's tuning is
the command line's, and the replay's frames are the training's snapshots."""
import base64
import json

import numpy as np
import pytest
from conftest import ENTRY

from app.urlstate import encode
from optim_core.net_tune import NetTuneConfig, net_tune
from optim_core.nets import NetConfig, train

NET = {"n": 120, "epochs": 8, "width": 6, "batch_size": 30}
OPTS = [{"name": "sgd", "params": {"lr": 0.1}}, {"name": "adam", "params": {"lr": 0.01}}]
TUNE = {"lr_min": 0.001, "lr_max": 1.0, "lr_points": 4, "epochs": 3}


def page(doc: dict):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=600)
    at.query_params["cfg"] = encode(doc)
    at.switch_page("pages/network.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_tune_tab_equals_the_cli():
    at = page({"tab": "tune", "train": {"net": NET, "optimizers": OPTS}, "tune": TUNE})
    assert not at.error, [e.value for e in at.error]
    want = net_tune(NetTuneConfig.from_dict({"net": NET, "optimizers": OPTS, "tune": TUNE}))
    table = at.dataframe[0].value
    best = table.iloc[:, 1].to_numpy(dtype=float)
    metric = table.iloc[:, 2].to_numpy(dtype=float)
    np.testing.assert_allclose(best, [float(e.lrs[e.best]) for e in want.entries])
    np.testing.assert_allclose(metric, [float(e.metric[e.best]) for e in want.entries],
                               rtol=1e-12)
    final = table.iloc[:, -1].to_numpy(dtype=float)
    np.testing.assert_allclose(final, [r.val_loss[-1] for r in want.race.runs], rtol=1e-12)
    assert list(table.iloc[:, 5]) == [4, 4]          # the same budget: 4 runs each
    sens = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "Sensitivity" in sens["layout"]["title"]["text"]
    # the tab's own section is in the link, with the training's configuration
    assert at.session_state["net.t.points"] == 4 and at.session_state["net.t.epochs"] == 3


def test_cancelled_tuning_is_not_recomputed_until_tune_is_pressed():
    from app.network.tune import CANCELLED
    cfg = NetTuneConfig.from_dict({"net": NET, "optimizers": OPTS, "tune": TUNE})
    at = page({"tab": "tune", "train": {"net": NET, "optimizers": OPTS}, "tune": TUNE})
    at.session_state[CANCELLED] = json.dumps(cfg.to_dict(), sort_keys=True)
    at.run()
    assert any("cancelled" in i.value for i in at.info)
    assert not at.dataframe
    next(b for b in at.button if b.label == "Tune").click().run()
    assert not at.exception and CANCELLED not in at.session_state
    assert len(at.dataframe) == 1 and not any("cancelled" in i.value for i in at.info)


def _frames(fig: dict):
    return fig["frames"]


def _bytes(spec) -> np.ndarray:
    return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.uint8)


def test_replay_frames_follow_the_snapshots():
    at = page({"tab": "replay", "train": {"net": NET, "optimizers": OPTS}})
    assert not at.error
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    frames = _frames(fig)
    result = train(NetConfig.from_dict({"net": NET, "optimizers": OPTS}))
    epochs = [int(f["name"][1:]) for f in frames]
    assert epochs == list(result.runs[0].snapshots)          # every epoch kept (8 <= 60)
    steps = fig["layout"]["sliders"][0]["steps"]
    assert [s["args"][0][0] for s in steps] == [f["name"] for f in frames]
    # the boundary changes along training; the loss markers sit on the loss curves
    zs = [_bytes(f["data"][0]["z"]) for f in frames]
    assert all(z.size == 48 * 48 for z in zs)
    assert not np.array_equal(zs[0], zs[-1])
    for f, e in zip(frames, epochs):
        ly = np.frombuffer(base64.b64decode(f["data"][2]["y"]["bdata"]), dtype="<f4")
        np.testing.assert_allclose(ly, [r.train_loss[e] for r in result.runs], rtol=1e-6)
    assert len(json.dumps(fig)) < 1_000_000


@pytest.mark.parametrize("snapshots, want", [(8, 8), (201, 60)])
def test_replay_keeps_at_most_60_frames(snapshots, want):
    from app.network.replay import frame_rows
    rows = frame_rows(np.arange(snapshots), np.ones(snapshots, dtype=bool))
    assert len(rows) == want and rows[0] == 0 and rows[-1] == snapshots - 1


def test_replay_boundaries_are_the_snapshots_decision_grids():
    """Each frame's boundary is the decision grid of the weights saved at its epoch (the
    training tab's function on a fresh copy of the model)."""
    from app.network.replay import GRID, boundaries, frame_rows
    from optim_core.net_analysis import decision_grid, set_weights
    result = train(NetConfig.from_dict({"net": {**NET, "batch_norm": "on"}, "optimizers": OPTS}))
    run = result.runs[1]
    rows = frame_rows(run.snapshots, np.ones(len(run.snapshots), dtype=bool))
    xs, ys, P = boundaries(result, 1, rows)
    assert len(ys) == GRID
    for i, r in enumerate(rows):
        gx, _, p = decision_grid(set_weights(run.model, run.weights[r], run.buffers[r]),
                                  n=GRID, data=result.config.data())
        np.testing.assert_array_equal(P[i], p)
    np.testing.assert_array_equal(xs, gx)
    assert not np.array_equal(P[0], P[-1])


@pytest.mark.parametrize("tab", ["tune", "replay"])
def test_tabs_in_chinese_have_no_english(tab):
    """The two tabs from a Chinese link: every visible text (tables, figures, captions)
    passes the Chinese pages' checker."""
    from streamlit.testing.v1 import AppTest
    from test_zh_zhB import (
        SHARED_HARDCODED,
        english_runs,
        untranslated_registry,
        untranslated_shared,
        visible_texts,
    )
    at = AppTest.from_file(ENTRY, default_timeout=600)
    at.query_params["lang"] = "zh"
    at.query_params["cfg"] = encode({"tab": tab, "train": {"net": NET, "optimizers": OPTS},
                                     "tune": TUNE})
    at.switch_page("pages/network.py")
    at.run()
    assert not at.exception and not at.error
    assert at.get("plotly_chart"), "the tab drew its figures"
    allowed = [*untranslated_registry(), *untranslated_shared(), *SHARED_HARDCODED]
    bad = {f"{r} in {s[:120]!r}" for s in visible_texts(at) for r in [english_runs(s, allowed)]
           if r}
    assert not bad, "\n".join(sorted(bad))
