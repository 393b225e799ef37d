""""Why not Newton": the Neural-network page states the Hessian's size for its network,
(number of weights)^2, and offers no optimizer that needs it."""
from conftest import ENTRY

from app.text import t
from app.urlstate import encode
from optim_core.nets import NetConfig, build_model


def test_network_page_states_the_hessian_size_of_its_network():
    from streamlit.testing.v1 import AppTest
    train = {"net": {"width": 6, "depth": 2, "epochs": 2}, "optimizers": ["sgd"]}
    config = NetConfig.from_dict(train)
    n = sum(p.numel() for p in build_model(config).parameters())
    assert n == config.n_weights
    at = AppTest.from_file(ENTRY, default_timeout=600)
    at.query_params["cfg"] = encode({"tab": "training", "train": train})
    at.switch_page("pages/network.py")
    at.run()
    assert not at.exception and not at.error
    want = t("network.hessian_cost", weights=n, entries=n * n, mb=n * n * 8 / 1e6)
    assert want in [c.value for c in at.caption]
    assert f"{n * n:,} entries" in want
    options = at.multiselect(key="net.opts").options   # the labels shown
    assert any("Adam" in o for o in options) and not any("Newton" in o for o in options)
