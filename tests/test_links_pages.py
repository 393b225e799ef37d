"""Links of the Learning-rate, Saddles & Hessian, Learned-surfaces and Neural-network pages
under AppTest: config -> URL -> page -> URL gives the same config; values outside a
widget's range open at the nearest allowed value with a note; an unreadable link is a note;
the URL's sections are the command line's JSON (run in-process) and give the page's own
numbers; every page offers its exports."""
import copy
import json

import numpy as np
import pytest
from conftest import ENTRY, assert_no_exception, open_page, wait_for_app
from conftest import link_notes as notes
from conftest import url_doc as url

from app.urlstate import decode, encode
from optim_core import cli


def cli_json(capsys, tmp_path, command: str, config: dict) -> dict:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    assert cli.main([command, "--config", str(path)]) == 0
    return json.loads(capsys.readouterr().out)


def trace_values(v) -> np.ndarray:
    """A chart trace's numbers (plain lists, or plotly's typed-array form)."""
    if isinstance(v, dict) and "bdata" in v:
        import base64
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).astype(float)
    return np.asarray([np.nan if x is None else x for x in v], dtype=float)


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def downloads(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


TAB_KEYS = {"schedules": ("lr", ("builder", "stuck", "sweep", "adaptive")),
            "learned": ("learned", ("batch", "logistic", "scaling"))}


def open_tab(at, page: str, key: str):
    """Open the tab ``key`` of ``page`` (only the open tab is computed)."""
    prefix, keys = TAB_KEYS[page]
    at.session_state[f"{prefix}.tab"] = at.tabs[keys.index(key)].label
    at.run()
    assert not at.exception, at.exception
    return at


def every_tab(at, page: str):
    """Open every tab once (each writes its section into the URL), then the first."""
    if page in TAB_KEYS:
        for key in (*TAB_KEYS[page][1][1:], TAB_KEYS[page][1][0]):
            open_tab(at, page, key)
    return at


def roundtrip(page: str, edit) -> tuple:
    """Open ``page`` at its defaults, edit its URL document, open the edited link in a new
    session: the page's URL must be the edited document, and stay so on a rerun and
    while each tab in turn is drawn from it."""
    base = url(every_tab(open_page(page), page))
    doc = copy.deepcopy(base)
    edit(doc)
    assert doc != base
    at = open_page(page, doc)
    assert not at.error and not notes(at), (at.error, notes(at))
    assert url(at) == doc
    at.run()
    assert url(at) == doc
    for key in TAB_KEYS.get(page, (None, ()))[1]:
        open_tab(at, page, key)
        assert not at.error and url(at) == {**doc, "tab": key}, key
    if page in TAB_KEYS:
        open_tab(at, page, doc["tab"])
    return at, doc


def test_schedules_roundtrip_and_sweep_cli(capsys, tmp_path):
    def edit(d):
        d["tab"] = "sweep"
        b = d["builder"]
        b["steps"], b["noise"] = 420, 0.5
        for run in b["optimizers"]:
            run["params"]["lr"] = 0.02
        b["optimizers"][1]["schedule"]["params"]["total_iters"] = 40
        d["stuck"]["lr"] = 0.05
        d["sweep"].update(optimizers=["sgd", "adam"], steps=150, surface="himmelblau")
        d["adaptive"]["surface"] = "ravine"
    at, doc = roundtrip("schedules", edit)
    assert at.session_state["lr.tab"] == "Learning-rate sweep"
    assert at.session_state["lr.sweep_opts"] == ["sgd", "adam"]
    # the sweep section is the command line's input and gives the page's table
    got = cli_json(capsys, tmp_path, "sweep", doc["sweep"])
    table = at.dataframe[0].value
    assert len(table) == len(got["table"]) == 2
    for row, expect in zip(table.to_dict("records"), got["table"]):
        assert float(list(row.values())[1]) == float(f"{expect['best_lr']:.3g}")
    # the builder section runs with `simulate`
    sim = cli_json(capsys, tmp_path, "simulate", doc["builder"])
    assert np.asarray(sim["runs"][0]["loss"] if "runs" in sim else sim["loss"]).size > 0
    assert any("JSON" in label for label in downloads(at))
    assert any("CSV" in label for label in downloads(at))
    assert any("HTML" in label for label in downloads(at))
    open_tab(at, "schedules", "adaptive")
    assert "Narrow ravine" in charts(at)[-1]["layout"]["title"]["text"]


def test_schedules_out_of_range_and_bad_links():
    doc = url(every_tab(open_page("schedules"), "schedules"))
    doc["sweep"]["steps"], doc["stuck"]["lr"], doc["tab"] = 5000, 0.5, "nowhere"
    at = open_page("schedules", doc)
    assert not at.error
    said = " ".join(notes(at))
    assert "steps = 5000" in said and "1000" in said and "lr = 0.5" in said and "tab" in said
    assert url(at)["tab"] == "builder"
    assert url(open_tab(at, "schedules", "sweep"))["sweep"]["steps"] == 1000
    assert url(open_tab(at, "schedules", "stuck"))["stuck"]["lr"] == 0.1
    at = open_page("schedules", raw="not*base64")
    assert not at.error and len(notes(at)) == 1
    at = open_page("schedules", {"sweep": {"optimizers": ["nope"]}, "builder": [1],
                                 "tab": "sweep"})
    assert not at.error and notes(at)
    default = url(every_tab(open_page("schedules"), "schedules"))["sweep"]["optimizers"]
    assert url(at)["sweep"]["optimizers"] == default


def test_critical_roundtrip_and_cli(capsys, tmp_path):
    def edit(d):
        e = d["escape"]
        e.update(lr=0.02, radius=0.4, momentum=0.8, kick=0.07, seeds=16,
                 sigmas=[0.0, 0.006, 0.02, 0.06, 0.2, 0.6, 2.0])
        d["taylor"], d["paths_sigma"] = 0.5, 5
    at, doc = roundtrip("critical", edit)
    assert at.session_state["critical.esc.lr"] == 0.02
    got = cli_json(capsys, tmp_path, "critical-points", doc["critical"])
    caption = next(c.value for c in at.caption if "critical point" in c.value.lower())
    assert str(len(got["points"])) in caption
    esc = cli_json(capsys, tmp_path, "escape", doc["escape"])
    assert esc["sigmas"] == doc["escape"]["sigmas"] and esc["kind"] == "saddle"
    steps_fig = next(f for f in charts(at) if len(f["data"]) == 4 and
                     f["data"][0].get("mode") == "lines+markers")
    for trace, method in zip(steps_fig["data"], ("gd", "gd_noise", "momentum", "eigen")):
        expect = np.asarray([np.nan if v is None else v
                             for v in esc["methods"][method]["mean_steps"]], dtype=float)
        np.testing.assert_allclose(trace_values(trace["y"]), expect, rtol=1e-6)
    assert sum("JSON" in label for label in downloads(at)) == 2


def test_critical_clamps_a_link():
    doc = url(open_page("critical"))
    doc["escape"]["seeds"], doc["taylor"] = 500, 1e6
    at = open_page("critical", doc)
    assert not at.error and len(notes(at)) == 2
    assert url(at)["escape"]["seeds"] == 128 and url(at)["taylor"] < 1e6


def test_learned_roundtrip():
    def edit(d):
        d["tab"] = "logistic"
        b = d["batch"]
        b["epochs"] = 7
        b["config"]["seed"], b["config"]["shuffle"] = 5, False
        b["config"]["optimizers"][0]["params"]["lr"] = 0.003
        b["config"]["steps"] = 7 * 6       # 60 points in batches of 10
        lg = d["logistic"]["config"]
        lg["steps"], lg["starts"] = 120, [[0.5, -0.5]]
        d["scaling"]["config"]["steps"] = 50
    at, _ = roundtrip("learned", edit)
    assert at.session_state["learned.tab"] == at.tabs[1].label


def test_network_roundtrip_lazy_tabs_and_cli(capsys, tmp_path):
    small = {"net": {"n": 48, "width": 4, "depth": 1, "epochs": 4, "batch_size": 12,
                     "seed": 3},
             "optimizers": [{"name": "sgd", "params": {"lr": 0.3}},
                            {"name": "adam", "params": {"lr": 0.02}}]}
    at = open_page("network", {"train": small, "tab": "range",
                               "range": {"optimizer": 1, "iterations": 60}})
    assert not at.error and not notes(at)
    assert len(at.get("plotly_chart")) == 1        # only the open tab is computed
    doc = url(at)
    assert doc["tab"] == "range" and doc["range"]["optimizer"] == 1
    assert doc["train"]["optimizers"][1]["params"]["lr"] == 0.02
    assert doc["train"]["net"]["epochs"] == 4
    at2 = open_page("network", doc)
    assert url(at2) == doc
    got = cli_json(capsys, tmp_path, "lr-range", {**doc["train"], **doc["range"]})
    assert len(got["lr"]) == 60
    raw = charts(at2)[0]["data"][0]                  # the page's own range test, drawn
    np.testing.assert_allclose(trace_values(raw["x"]), got["lr"], rtol=1e-6)
    np.testing.assert_allclose(trace_values(raw["y"]), got["loss"], rtol=1e-6)
    assert any("Python" in label for label in downloads(open_page(
        "network", {**doc, "tab": "training"})))


@pytest.mark.browser
def test_back_and_forward_walk_through_changes(app_url, page):
    """Each change writes the URL; Back and Forward bring the earlier settings back."""
    def cfg() -> dict:
        from urllib.parse import parse_qs, urlparse
        return decode(parse_qs(urlparse(page.url).query)["cfg"][0])

    def titles() -> list[str]:      # the visible charts' own titles, as drawn
        return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
            .filter(p => p.offsetParent !== null)
            .map(p => (p.layout && p.layout.title && p.layout.title.text) || '')""")

    def selected() -> str:
        return page.locator("[role='tab'][aria-selected='true']").inner_text().strip()

    page.goto(f"{app_url}/schedules")
    wait_for_app(page, "h1")
    assert cfg()["tab"] == "builder"
    page.get_by_role("tab", name="Adaptive rates").click()
    wait_for_app(page, "h1")
    page.wait_for_function("() => location.search.length > 0")
    assert cfg()["tab"] == "adaptive"
    page.get_by_role("combobox", name="Surface").last.click()
    page.get_by_role("option", name="Narrow ravine").click()
    wait_for_app(page, "h1")
    assert cfg()["adaptive"]["surface"] == "ravine" and "Narrow ravine" in titles()[-1]
    assert_no_exception(page)
    page.go_back()
    wait_for_app(page, "h1")
    assert cfg()["adaptive"]["surface"] != "ravine" and cfg()["tab"] == "adaptive"
    assert "ravine" not in titles()[-1]
    page.go_back()
    wait_for_app(page, "h1")
    assert cfg()["tab"] == "builder" and selected() == "Schedule builder"
    page.go_forward()
    page.go_forward()
    wait_for_app(page, "h1")
    assert cfg()["adaptive"]["surface"] == "ravine" and selected() == "Adaptive rates"
    assert "Narrow ravine" in titles()[-1]
    assert_no_exception(page)


def test_network_bad_link_is_a_note_not_a_crash():
    at = open_page("network", {"train": {"net": {"epochs": "many"}}, "tab": "hessian",
                               "hessian": {"points": 99, "run": 7}}, timeout=600)
    assert not at.error
    said = " ".join(notes(at))
    assert "epochs" in said and "points = 99" in said and "run = 7" in said
    doc = url(at)
    assert doc["tab"] == "hessian" and doc["hessian"]["points"] == 10
    assert doc["hessian"]["run"] == len(doc["train"]["optimizers"]) - 1


def test_exported_figures_are_standalone_html():
    from app.figures import frozen
    from app.html_export import figure_html
    from app.page_links import _spec, _title, csv_bytes
    fig = frozen(("test.links", 1), lambda: {"data": [{"type": "scatter", "y": [1, 2]}],
                                              "layout": {"title": {"text": "<b>Loss</b> curve"}}})
    page = figure_html(_spec(fig), _title(fig)).decode()
    assert '"y":[1,2]' in page.replace(" ", "") and "<title>Loss curve</title>" in page
    assert csv_bytes([{"a": 1, "b": 2.5}]).decode().splitlines() == ["a,b", "1,2.5"]


def test_language_is_part_of_the_link_and_switching_keeps_the_tab():
    from app.text import schedules as text
    label = {lang: getattr(text, lang.upper(), {}).get("tab_sweep", text.EN["tab_sweep"])
             for lang in ("en", "zh")}
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=300)
    at.query_params["cfg"], at.query_params["lang"] = encode({"tab": "sweep"}), "zh"
    at.switch_page("pages/schedules.py")
    at.run()
    assert not at.exception and not at.error
    assert at.session_state["lr.tab"] == label["zh"] and url(at)["tab"] == "sweep"
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception and at.session_state["lr.tab"] == label["en"]
    assert url(at)["tab"] == "sweep"


@pytest.mark.browser
def test_exports_download_in_the_browser(app_url, page, tmp_path, capsys):
    """The sweep tab's exports: its JSON is the URL's sweep section and runs with the
    command line; the CSV has a row per optimizer and rate; the figure is standalone HTML."""
    from urllib.parse import parse_qs, urlparse
    page.goto(f"{app_url}/schedules")
    wait_for_app(page, "h1")
    page.get_by_role("tab", name="Learning-rate sweep").click()
    wait_for_app(page, "h1")
    panel = page.locator("[role='tabpanel']:visible")
    panel.get_by_text("Export: settings, data and figures").click()

    def fetch(label: str) -> str:
        with page.expect_download() as info:
            panel.get_by_role("button", name=label).first.click()
        wait_for_app(page, "h1")
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        return path.read_text(encoding="utf-8")

    config = json.loads(fetch("Settings (JSON, runs with the command line)"))
    doc = decode(parse_qs(urlparse(page.url).query)["cfg"][0])
    assert config == doc["sweep"]
    got = cli_json(capsys, tmp_path, "sweep", config)
    rows = fetch("Data (CSV)").strip().splitlines()
    assert rows[0] == "optimizer,lr,final_loss,diverged"
    assert len(rows) - 1 == len(config["optimizers"]) * len(got["rates"])
    html = fetch("Figure as HTML")
    assert html.startswith("<!DOCTYPE html>") and "Plotly.newPlot" in html
    assert "cdn" not in html.split("Plotly.newPlot")[1][:2000].lower()
    assert_no_exception(page)


def test_downloads_never_rerun_the_page():
    """A download changes nothing, so no download button reruns the page: a rerun started
    by one download could replace the next button while it is being clicked."""
    import ast
    from pathlib import Path
    root = Path(ENTRY).parent
    calls = []
    for path in [*root.glob("app/**/*.py"), *root.glob("pages/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "download_button"):
                on_click = {k.arg: k.value for k in node.keywords}.get("on_click")
                calls.append((f"{path.name}:{node.lineno}",
                              getattr(on_click, "value", None)))
    assert len(calls) >= 10
    assert [c for c in calls if c[1] != "ignore"] == []


def test_network_closed_tabs_keep_their_settings():
    small = {"net": {"n": 48, "width": 4, "depth": 1, "epochs": 3, "batch_size": 12},
             "optimizers": [{"name": "sgd", "params": {"lr": 0.3}}]}
    at = open_page("network", {"train": small, "tab": "range"})
    at.slider(key="net.r.its").set_value(40).run()
    labels = [tb.label for tb in at.tabs]
    at.session_state["net.tab"] = labels[0]
    at.run()
    assert url(at)["range"]["iterations"] == 40 and url(at)["tab"] == "training"
    at.session_state["net.tab"] = labels[3]
    at.run()
    assert not at.exception and at.slider(key="net.r.its").value == 40
    assert url(at)["range"]["iterations"] == 40
