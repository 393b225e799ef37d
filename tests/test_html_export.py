"""A figure as a standalone HTML file: plotly.js inlined, nothing loaded from the network,
the figure's data inside; and (browser) it draws with every network request blocked."""
import base64
import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from app.html_export import figure_html

FIG = {"data": [{"type": "scatter", "mode": "lines", "name": "SGD η=0.01",
                 "x": [0, 1, 2, 3], "y": [4.0, 2.5, 1.25, 0.625]},
                {"type": "contour", "z": [[1, 2], [3, 4]], "name": "loss"}],
       "layout": {"title": {"text": "Loss on Rosenbrock"}, "height": 420}}


def _markup(page: str) -> str:
    return re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", page, flags=re.DOTALL)


def _values(v):
    """A trace's array as a list: Plotly 7 writes numpy arrays as base64 typed arrays."""
    if isinstance(v, dict):
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return v


def _spec(page: str) -> list:
    """The traces passed to Plotly.newPlot."""
    m = re.search(r'Plotly\.newPlot\(\s*"figure",\s*(\[.*?\]),\s*\{', page, re.DOTALL)
    assert m, "no Plotly.newPlot call"
    return json.loads(m.group(1))


@pytest.mark.parametrize("fig", [FIG, go.Figure(FIG)], ids=["dict", "Figure"])
def test_self_contained_with_the_data(fig):
    page = figure_html(fig, "Loss on Rosenbrock").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>Loss on Rosenbrock</title>" in page
    assert "plotly.js v" in page and "window.Plotly = Plotly" in page      # inlined bundle
    assert 'src="http' not in page.lower()
    markup = _markup(page)   # the page without the inlined scripts' source
    assert "cdn.plot.ly" not in markup
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup, re.IGNORECASE)
    assert "<link" not in markup and "@import" not in markup
    assert re.findall(r"<script[^>]*>", markup) == ["<script>"] * markup.count("<script")
    traces = _spec(page)
    assert traces[0]["name"] == "SGD η=0.01" and traces[0]["y"] == [4.0, 2.5, 1.25, 0.625]
    assert traces[1]["type"] == "contour" and traces[1]["z"] == [[1, 2], [3, 4]]
    assert '"height":420' in page.replace(" ", "")


def test_title_is_escaped_and_numpy_data_serialized():
    fig = go.Figure(go.Scatter(x=np.arange(3), y=np.array([0.5, np.nan, 2.0])))
    page = figure_html(fig, "a </title><script>alert(1)</script>").decode()
    assert "<script>alert(1)" not in page
    assert "&lt;/title&gt;&lt;script&gt;" in page
    y = _values(_spec(page)[0]["y"])
    assert y[0] == 0.5 and np.isnan(y[1]) and y[2] == 2.0
    assert _values(_spec(page)[0]["x"]) == [0, 1, 2]


@pytest.mark.parametrize("bad", [None, 3, "fig", {"data": "x"}])
def test_bad_figure_is_a_value_error(bad):
    with pytest.raises(ValueError, match="figure"):
        figure_html(bad, "t")


@pytest.mark.browser
def test_draws_offline(browser, tmp_path):
    path = tmp_path / "figure.html"
    path.write_bytes(figure_html(FIG, "offline"))
    ctx = browser.new_context(offline=True)
    requested = []
    ctx.route(re.compile(r"^https?://"), lambda route: (requested.append(route.request.url),
                                                         route.abort()))
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("#figure .main-svg", timeout=30_000)
    assert page.evaluate("document.getElementById('figure').data.length") == 2
    assert page.locator("#figure .scatterlayer .trace").count() == 1
    assert requested == [] and errors == []
    ctx.close()
