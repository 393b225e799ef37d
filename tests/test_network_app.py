"""The Neural-network page under AppTest: its default run, the names in the loss legend,
and a curvature verdict that shows the gradient norm it rests on."""
import json

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
