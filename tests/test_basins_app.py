"""The Basins & fair races page through AppTest: maps, shares and the race on the defaults,
the URL round trip, bad input as a message."""
import numpy as np
from conftest import ENTRY, app_test

from app import urlstate
from optim_core import OptimizerRun
from optim_core.basins import BasinConfig


def test_default_page_shows_maps_shares_and_a_fair_race():
    at = app_test("basins")
    assert not at.exception
    assert at.title[0].value == "Basins & fair races"
    assert len(at.get("plotly_chart")) == 2     # maps, paths: only the open tab is computed
    shares = at.dataframe[0].value
    assert len(at.dataframe) == 1
    assert list(shares["optimizer"]) == ["SGD (η=0.01)", "SGD with momentum (η=0.01)",
                                         "Adam (η=0.1)"]
    pct = shares.drop(columns="optimizer").to_numpy()
    np.testing.assert_allclose(pct.sum(1), 100, atol=0.5)
    assert any(c.startswith("min (3.00, 2.00)") for c in shares.columns)
    body = " ".join(m.value for m in at.markdown)
    assert "gradient flow" in body and "cross borders" in body and "fractal" in body
    assert any(s.value.startswith("Paths from (") for s in at.subheader)
    assert "cfg" in at.query_params and "tab" not in at.query_params
    cfg = at.query_params["cfg"]
    at.session_state["bas.tab"] = "Fair race (tune, then race)"
    at.run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2     # sensitivity, race
    race = at.dataframe[0].value
    assert len(set(race["tuning runs"])) == 1 and len(set(race["tuning steps"])) == 1
    assert "race" in at.query_params and at.query_params["tab"] == "race"
    at.session_state["bas.tab"] = "Basin maps"
    at.run()                                    # back: the map's settings were kept
    assert not at.exception and at.query_params["cfg"] == cfg
    assert "tab" not in at.query_params and len(at.get("plotly_chart")) == 2


def test_url_round_trip():
    from streamlit.testing.v1 import AppTest
    cfg = BasinConfig("six_hump_camel", (OptimizerRun("adam", (("lr", 0.05),)),),
                      resolution=32, steps=120)
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.query_params["cfg"] = urlstate.encode(cfg.to_dict())
    at.run()
    at.switch_page("pages/basins.py").run()
    assert not at.exception
    raw = at.query_params["cfg"]
    shown = BasinConfig.from_dict(urlstate.decode(raw[0] if isinstance(raw, list) else raw))
    assert shown == cfg
    assert list(at.dataframe[0].value["optimizer"]) == ["Adam (η=0.05)"]


def test_bad_input_is_a_message_not_a_crash():
    at = app_test("basins")
    at.selectbox(key="bas.surface").set_value("linreg").run()
    assert not at.exception
    assert any("learned from data" in e.value for e in at.error)
    at.selectbox(key="bas.surface").set_value("himmelblau").run()
    at.session_state["bas.tab"] = "Fair race (tune, then race)"
    at.run()
    at.toggle(key="bas.race.second").set_value(True).run()
    at.text_input(key="bas.race.second_values").set_value("0.5, x").run()
    assert not at.exception
    assert any("separated by commas" in e.value for e in at.error)


def test_race_link_round_trip():
    """A race configuration made by the page's own widgets comes back from its link."""
    from streamlit.testing.v1 import AppTest

    from app.basins.form import race_starts
    from optim_core import get_surface
    from optim_core.tune import TuneConfig
    cfg = TuneConfig("himmelblau", ("sgd", "adam"), 1e-3, 1.0, 6,
                     second=(("adam", "beta1", (0.5, 0.9)),),
                     starts=race_starts(get_surface("himmelblau", {}), 2), steps=100,
                     metric="final_loss")
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.query_params["race"] = urlstate.encode(cfg.to_dict())
    at.run()
    at.switch_page("pages/basins.py").run()
    assert not at.exception
    raw = at.query_params["race"]
    shown = TuneConfig.from_dict(urlstate.decode(raw[0] if isinstance(raw, list) else raw))
    assert shown == cfg
    race = at.dataframe[0].value                # a race link opens the race tab
    assert list(race["optimizer"]) == ["SGD", "Adam"] and set(race["tuning runs"]) == {24}


def test_a_formula_map_runs_in_the_worker_pool_a_registry_map_here(monkeypatch):
    """Typed formulas take the pure-torch engine (seconds for a big map): the pool runs
    them. The fused kernel's maps run in the page's thread, row by row; both equal
    basin_map."""
    from app import workers
    from app.basins import view
    from optim_core import basin_map
    calls = []
    real = workers.submit
    monkeypatch.setattr(workers, "submit", lambda fn, *a: calls.append(fn) or real(fn, *a))
    cfg = BasinConfig(formula="(x**2 - 1)**2 + y**2", bounds=(-2.0, 2.0, -1.0, 1.0),
                      optimizers=(OptimizerRun("sgd", (("lr", 0.05),)),), resolution=12,
                      steps=80)
    res = view.basins(cfg)
    assert calls.count(basin_map) == 1               # (the pool may warm up with a no-op)
    np.testing.assert_array_equal(res.labels, basin_map(cfg).labels)
    assert set(np.unique(res.labels)) == {0, 1}      # the two minima's basins
    fused = BasinConfig("himmelblau", (OptimizerRun("adam", (("lr", 0.1),)),
                                       OptimizerRun("sgd", (("lr", 0.013),))),
                        resolution=12, steps=70)
    res = view.basins(fused)
    assert calls.count(basin_map) == 1               # not through the pool
    want = basin_map(fused)
    np.testing.assert_array_equal(res.labels, want.labels)
    np.testing.assert_array_equal(res.ends, want.ends)


def test_labels_csv_holds_plain_numbers():
    """The CSV download: one row per run, plain numbers (not numpy reprs), the map's ends."""
    import csv
    import io

    from app.basins import view
    res = view.basins(BasinConfig(resolution=8, steps=40))
    rows = list(csv.DictReader(io.StringIO(view.labels_csv(res))))
    assert len(rows) == 3 * 8 * 8
    first = rows[0]
    assert (float(first["x"]), float(first["y"])) == res.start(0, 0)
    assert [float(first["end_x"]), float(first["end_y"])] == res.ends[0, 0, 0].tolist()
