"""The Neural-network page under AppTest: its default run, the names in the loss legend,
and a curvature verdict that shows the gradient norm it rests on."""
import json

import numpy as np
from conftest import ENTRY

from app.urlstate import encode
from optim_core import OPTIMIZERS


def test_network_page_default_names_and_verdict():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=600)
    at.query_params["cfg"] = encode({"tab": "hessian"})   # only the open tab is computed
    at.switch_page("pages/network.py")
    at.run()
    assert not at.exception and not at.error
    verdicts = [m.value for m in (*at.info, *at.success, *at.warning) if "final weights" in m.value
                or "did not converge" in m.value]
    assert len(verdicts) == 1 and "‖∇L‖" in verdicts[0] or "did not converge" in verdicts[0]
    if "< 0" in verdicts[0]:                 # negative curvature: saddle only at a critical point
        assert "not a critical point" in verdicts[0] or "critical point)" in verdicts[0]
    at.session_state["net.tab"] = "Training"
    at.run()
    assert not at.exception and not at.error
    loss = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {d["name"].rsplit(" (", 1)[0] for d in loss["data"]}
    assert names <= {o.name for o in OPTIMIZERS.values()}, names          # names, not keys
    assert loss["layout"]["yaxis"]["exponentformat"] == "power"


def test_boundary_regions_take_their_class_colour():
    """The probability map's low end (p(class 1) = 0: class 0's region) is drawn in class
    0's red and the high end in class 1's blue."""
    import plotly.colors as pc

    from app.network.figures import boundary
    from optim_core.datasets import classification
    data = classification("moons", 40, 0.2, 0, 0.25)
    xs = ys = np.linspace(-1, 1, 5)
    fig = boundary(xs, ys, np.zeros((5, 5)), data, "adam").to_dict()
    contour = fig["data"][0]
    scale = pc.get_colorscale(contour["colorscale"]) if isinstance(contour["colorscale"], str) \
        else contour["colorscale"]
    if contour.get("reversescale"):
        scale = [[1 - v, c] for v, c in reversed(scale)]

    def rgb(c):
        return pc.unlabel_rgb(pc.convert_colors_to_same_type(c, "rgb")[0][0])
    low, high = rgb(scale[0][1]), rgb(scale[-1][1])
    assert low[0] > low[2] and high[2] > high[0]          # red at p = 0, blue at p = 1
    marks = {d["name"]: d["marker"]["color"] for d in fig["data"][1:] if d.get("showlegend")}
    red, blue = (rgb(c) for c in marks.values())
    assert red[0] > red[2] and blue[2] > blue[0]          # class 0 red, class 1 blue
