"""The Neural-network page's replay and fair race (issues 18 and 19), on the page's default
network (two moons, 300 points, 2 x 16 tanh, 60 epochs, batches of 32; momentum, RMSProp,
Adam).

- replay: the server's time to build the figure (decision boundaries at up to 60
  snapshots, frames, slider) beside the training it replays and its landscape plane, and
  the payload st.plotly_chart sends (the browser's redraw per step is timed by
  tests/test_network_replay_browser.py);
- fair race: the default tuning (6 rates x 3 optimizers x 20 epochs, then the tuned race).

Run: `python -m bench net_replay`.
"""
from __future__ import annotations

import time

import plotly.io as pio

from app.figures import FrozenFigure
from app.network.replay import PLANE, build
from optim_core import OptimizerRun
from optim_core.net_analysis import landscape_view
from optim_core.net_tune import NetTuneConfig, net_tune
from optim_core.nets import NetConfig, train

RUNS = (OptimizerRun("momentum", (("lr", 0.05),)), OptimizerRun("rmsprop", (("lr", 0.01),)),
        OptimizerRun("adam", (("lr", 0.001),)))


def main() -> dict:
    cfg = NetConfig((), RUNS)
    t = time.perf_counter()
    result = train(cfg)
    trained = time.perf_counter() - t
    t = time.perf_counter()
    view = landscape_view(result, "pca", None, PLANE, 0, 0)
    plane = time.perf_counter() - t
    names = ["SGD with momentum", "RMSProp", "Adam"]
    builds = []
    for _ in range(3):
        rp = build(result, view, 0, names)
        builds.append(rp.build_ms)
    t = time.perf_counter()
    pio.to_json(FrozenFigure(rp.figure), validate=False)
    encode = 1000 * (time.perf_counter() - t)
    print(f"replay of the default network ({rp.frames} frames, epochs 0-{rp.last}):\n"
          f"  training {trained:.2f} s, landscape plane {PLANE}x{PLANE} {plane:.2f} s\n"
          f"  figure build {min(builds):.0f} ms (best of 3; {min(builds) / 1e3 / trained:.1%} "
          f"of the training), JSON encoding {encode:.0f} ms, payload {rp.payload / 1e3:.0f} kB")
    tc = NetTuneConfig(cfg)
    t = time.perf_counter()
    tuned = net_tune(tc)
    tuning = time.perf_counter() - t
    print(f"fair race, default tuning ({tc.lr_points} rates x {len(RUNS)} optimizers x "
          f"{tc.epochs} epochs, then the tuned race of {cfg.hp['epochs']} epochs): "
          f"{tuning:.1f} s ({tuning / trained:.1f}x one training); work "
          f"{tc.work:.2g} of at most 5e10 weight-samples")
    for e in tuned.entries:
        print(f"  {e.run.name}: best lr {e.lrs[e.best]:.3g}, val loss {e.metric[e.best]:.4f}, "
              f"band {e.band[0]:.2g}-{e.band[1]:.2g}")
    return {"train_s": trained, "plane_s": plane, "build_ms": min(builds),
            "payload_kB": rp.payload / 1e3, "tune_s": tuning}


if __name__ == "__main__":
    main()
