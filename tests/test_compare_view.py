"""The Compare page's bundle for a new configuration: what it reuses (the surface's map
image), what it skips (plotly's figure set-up, a walk of every dict for its size), and
that none of it changes what the page shows."""
import json

import numpy as np
import plotly.io
import plotly.tools

from app.cache import CACHE, nbytes, surface_grid
from app.compare import figures as F
from app.compare.view import _view, bundle_size, compare_view, frozen_figure
from optim_core import OptimizerRun, SimConfig


def _cfg(lr=0.001, start=(-1.5, 2.0), surface="rosenbrock"):
    return SimConfig(surface=surface, steps=60, starts=(start,),
                     optimizers=(OptimizerRun("sgd", (("lr", lr),)), OptimizerRun("adam")))


def test_a_new_configuration_on_the_same_surface_reuses_the_map_image():
    CACHE.clear()
    a = compare_view(_cfg(lr=0.001))
    made = CACHE.computations
    b = compare_view(_cfg(lr=0.002))
    # the new config computes its simulation and bundle, but neither grid nor image
    assert CACHE.computations - made == 2
    ia, ib = (v.figures["map"].to_dict()["layout"]["images"][0]["source"] for v in (a, b))
    assert ia is ib
    # ...and the image is the one a cold cache makes for that surface
    CACHE.clear()
    cold = _view(_cfg(lr=0.002)).figures["map"].to_dict()
    assert json.dumps(cold, sort_keys=True) == json.dumps(b.figures["map"].to_dict(),
                                                          sort_keys=True)


def test_another_surface_gets_its_own_image():
    CACHE.clear()
    a = compare_view(_cfg()).figures["map"].to_dict()["layout"]["images"][0]["source"]
    b = compare_view(_cfg(surface="himmelblau", start=(0.0, 0.0))).figures["map"].to_dict()
    assert b["layout"]["images"][0]["source"] != a


def test_frames_send_each_path_prefix_and_its_end():
    cfg = _cfg()
    view = compare_view(cfg)
    fig = view.figures["map"].to_dict()
    paths = np.asarray(view.result.path, dtype=np.float32)
    first = fig["frames"][0]["traces"][0]
    for frame in (fig["frames"][0], fig["frames"][7], fig["frames"][-1]):
        step = int(frame["name"])
        for j, (k, s) in enumerate((k, s) for k in range(paths.shape[0])
                                   for s in range(paths.shape[1])):
            line, end = frame["data"][2 * j], frame["data"][2 * j + 1]
            assert line == {"type": "scatter", **{c: F._typed(paths[k, s, :step + 1, i])
                                                  for i, c in enumerate("xy")}}
            assert end["x"] == F._typed(paths[k, s, step:step + 1, 0])
        assert frame["traces"][0] == first


def test_a_frozen_figure_goes_through_streamlits_path_unchanged():
    fig = compare_view(_cfg()).figures["loss"]
    d = fig.to_dict()
    assert plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True) is d
    assert json.loads(plotly.io.to_json(d, validate=False))["layout"]["title"] == d["layout"]["title"]
    again = frozen_figure(d)
    assert again.to_dict() is d and again.cache_payload() is d


def test_the_bundle_size_bounds_what_the_bundle_holds():
    view = compare_view(_cfg())
    walked = nbytes(view)
    assert walked <= bundle_size(view) <= 4 * walked


def test_the_grid_is_made_once_per_surface():
    CACHE.clear()
    g = surface_grid("rosenbrock", ())
    compare_view(_cfg(lr=0.003))
    assert surface_grid("rosenbrock", ()) is g
