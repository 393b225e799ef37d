"""The learning-rate range test: raise the rate every mini-batch, watch the loss.

The rate grows geometrically from ``lr_min`` to ``lr_max`` over ``iterations``
mini-batches of one training run (the network of a :class:`~optim_core.nets.NetConfig`,
the optimizer of one :class:`~optim_core.config.OptimizerRun`); the loss is smoothed with
a bias-corrected moving average and the test stops once it exceeds ``stop_factor`` times
its best. Suggested: the rate where the smoothed loss falls fastest (per log rate), and
the range from a tenth of the rate at the smoothed minimum up to that rate.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np
import torch

from .data_surfaces import batch_schedule
from .nets import NetConfig, build_model, loss_fn, penalty
from .optimizers import OPTIMIZERS, get_optimizer

__all__ = ["RangeTest", "lr_range_test"]


@dataclass
class RangeTest:
    lr: np.ndarray          # the rate of each iteration run
    loss: np.ndarray        # that mini-batch's loss
    smooth: np.ndarray      # bias-corrected moving average
    steepest: float | None  # suggested rate
    low: float | None       # suggested range
    high: float | None
    stopped_early: bool


def lr_range_test(config: NetConfig, optimizer: int = 0, lr_min: float = 1e-5,
                  lr_max: float = 10.0, iterations: int = 200, beta: float = 0.9,
                  stop_factor: float = 4.0) -> RangeTest:
    if not (0 < lr_min < lr_max <= 100) or not 10 <= iterations <= 5000:
        raise ValueError("the range test needs 0 < lr_min < lr_max <= 100 and 10 to 5000 "
                         "iterations")
    run = config.optimizers[optimizer]
    if run.name not in OPTIMIZERS:     # Muon + AdamW (optim_core.net_optimizers)
        raise ValueError(f"the range test sweeps one learning rate; {run.name} has two "
                         f"(Muon's and AdamW's): pick another optimizer")
    p = config.hp
    d = config.data()
    x, y = torch.tensor(d.x_train, dtype=torch.float64), torch.tensor(d.y_train)
    rng = torch.get_rng_state()      # restored below: building the model draws from it too
    model = copy.deepcopy(build_model(config))
    opt = get_optimizer(run.name).make(model.parameters(), **{**run.hp, "lr": lr_min})
    order = batch_schedule(len(y), config.batch, p["shuffle"] == "on", p["drop_last"] == "on",
                           p["seed"], iterations)
    factor = (lr_max / lr_min) ** (1 / (iterations - 1))
    lrs, losses, smooth = [], [], []
    avg, best, early = 0.0, math.inf, False
    model.train()
    torch.manual_seed(p["init_seed"])     # dropout's masks, as in training
    for i in range(iterations):
        lr = lr_min * factor ** i
        for g in opt.param_groups:
            g["lr"] = lr
        opt.zero_grad()
        loss = loss_fn(model(x[order[i]]), y[order[i]])
        value = loss.item()
        if not math.isfinite(value):
            early = True
            break
        avg = beta * avg + (1 - beta) * value
        s = avg / (1 - beta ** (i + 1))
        lrs.append(lr), losses.append(value), smooth.append(s)
        best = min(best, s)
        if i > 10 and s > stop_factor * best:
            early = True
            break
        (loss + penalty(model, p["weight_decay"], p["l1"])).backward()
        if isinstance(opt, torch.optim.LBFGS):
            from .nets import _closure
            opt.step(lambda i=i: _closure(opt, model, loss_fn, x[order[i]], y[order[i]]))
        else:
            opt.step()
    torch.set_rng_state(rng)
    lr_a, sm = np.array(lrs), np.array(smooth)
    steep = low = high = None
    if len(sm) >= 5:
        slope = np.gradient(sm, np.log(lr_a))
        skip = max(1, len(sm) // 10)        # the average is still settling at the start
        i_min = int(np.argmin(sm))
        window = slope[skip:max(i_min, skip + 1)]
        if len(window) and window.min() < 0:
            steep = float(lr_a[skip + int(np.argmin(window))])
            high = float(lr_a[i_min])
            low = high / 10
    return RangeTest(lr_a, np.array(losses), sm, steep, low, high, early)
