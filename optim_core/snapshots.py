"""Snapshot ensembles (Huang et al. 2017, "Train 1, get M for free") on SGDR (Loshchilov &
Hutter 2017), the Deep-networks page's sixth study.

One network (:func:`optim_core.deep.make_net`: ``snap_depth`` ReLU layers of ``width``
units, seeded by ``seed``) is trained by mini-batch SGD with momentum under
``torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`` with ``T_0`` counted in
ITERATIONS (mini-batch updates; the scheduler steps after every update):
``T_0 = (snap_epochs / snap_cycles) x updates per epoch``, ``eta_max = snap_lr``,
``eta_min = 0``, ``T_mult = 1``. At the end of each cycle (after its last update, whose rate
is the cycle's lowest, just before the restart) the weights are kept: ``snap_cycles``
snapshots. On the validation split, each snapshot's cross-entropy and accuracy, and the
ensemble's: the mean of the snapshots' predicted probabilities P(class 1). For comparison
the same network (same initial weights, same batch order) trained for the same number of
updates with plain cosine decay (``CosineAnnealingLR``, no restarts).

Jensen: the cross-entropy ``-y log p - (1 - y) log(1 - p)`` is convex in ``p``, so the
ensemble's loss is at most the MEAN of the snapshots' losses, always. Whether it beats the
best snapshot, or the baseline, is measured, never promised.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn.functional import logsigmoid

from .deep import DeepConfig, DeepNet, batch_data, bce, make_net, updates_per_epoch

__all__ = ["Snapshots", "ensemble_loss", "snapshot_ensembles", "summary"]


def _none(done, total):
    return None


@dataclass(frozen=True)
class Snapshots:
    lr: np.ndarray            # (T,) the rate of every SGDR update (iteration 0..T-1)
    base_lr: np.ndarray       # (T,) the rate of every no-restart cosine update
    snap_iters: np.ndarray    # (M,) the update after which each snapshot was kept
    t0: int                   # iterations per cycle
    per_epoch: int            # updates per epoch
    snap_logits: np.ndarray   # (M, n_val) each snapshot's logit on the validation points
    snap_prob: np.ndarray     # (M, n_val) P(class 1)
    snap_loss: np.ndarray     # (M,) validation cross-entropy
    snap_acc: np.ndarray      # (M,) validation accuracy
    ens_prob: np.ndarray      # (n_val,) mean of the snapshots' probabilities
    ens_loss: float
    ens_acc: float
    base_loss: float          # the no-restart model at the end
    base_acc: float
    val_curve: np.ndarray     # (epochs + 1,) SGDR run's validation loss after each epoch
    base_curve: np.ndarray    # (epochs + 1,) the baseline's
    y_val: np.ndarray         # (n_val,) 0/1


def ensemble_loss(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of the mean of ``sigmoid(logits)`` over the first axis (the models),
    computed stably in log space: ``log mean p = logsumexp(log sigmoid(z)) - log M``."""
    m = logits.shape[0]
    log_p = torch.logsumexp(logsigmoid(logits), 0) - math.log(m)
    log_q = torch.logsumexp(logsigmoid(-logits), 0) - math.log(m)
    return -(y * log_p + (1 - y) * log_q).mean()


def _train(net: DeepNet, config: DeepConfig, x, y, xv, yv, restarts: bool, progress, k):
    """One run; returns (rates, kept weights' logits on xv at the cycle ends, curve)."""
    n, b = len(x), config.snap_batch
    per = updates_per_epoch(n, b, False)
    total = config.snap_epochs * per
    t0 = total // config.snap_cycles
    opt = torch.optim.SGD(net.parameters(), lr=config.snap_lr, momentum=config.snap_momentum)
    sched = (torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=t0, eta_min=0.0)
             if restarts else torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total,
                                                                       eta_min=0.0))
    order_gen = torch.Generator().manual_seed(config.seed + 1)
    rates, kept, curve, it = [], [], [], 0
    with torch.no_grad():
        curve.append(float(bce(net(xv), yv)))
    for epoch in range(config.snap_epochs):
        order = torch.randperm(n, generator=order_gen)
        for i in range(0, n, b):
            idx = order[i:i + b]
            rates.append(opt.param_groups[0]["lr"])
            opt.zero_grad()
            bce(net(x[idx]), y[idx]).backward()
            opt.step()
            sched.step()
            it += 1
            if restarts and it % t0 == 0:          # the cycle's last update: keep
                with torch.no_grad():
                    kept.append(net(xv).reshape(-1))
        with torch.no_grad():
            curve.append(float(bce(net(xv), yv)))
        progress(k * config.snap_epochs + epoch + 1, 2 * config.snap_epochs)
    return np.array(rates), kept, np.array(curve), t0, per


def _acc(prob: torch.Tensor, y: torch.Tensor) -> float:
    return float(((prob > 0.5).double() == y).double().mean())


def snapshot_ensembles(config: DeepConfig, progress=_none) -> Snapshots:
    config.check_snapshots()
    x, y, xv, yv = batch_data(config, config.val_fraction)
    net = make_net(config.snap_depth, config.width, "relu", config.seed)
    lr, kept, val_curve, t0, per = _train(net, config, x, y, xv, yv, True, progress, 0)
    base = make_net(config.snap_depth, config.width, "relu", config.seed)
    base_lr, _, base_curve, _, _ = _train(base, config, x, y, xv, yv, False, progress, 1)
    yv1 = yv.reshape(-1)
    logits = torch.stack(kept)                                  # (M, n_val)
    prob = torch.sigmoid(logits)
    loss = np.array([float(bce(z, yv1)) for z in logits])
    with torch.no_grad():
        z_base = base(xv).reshape(-1)
    ens = prob.mean(0)
    return Snapshots(
        lr=lr, base_lr=base_lr, snap_iters=np.arange(1, config.snap_cycles + 1) * t0 - 1,
        t0=t0, per_epoch=per, snap_logits=logits.numpy(), snap_prob=prob.numpy(),
        snap_loss=loss, snap_acc=np.array([_acc(p, yv1) for p in prob]),
        ens_prob=ens.numpy(), ens_loss=float(ensemble_loss(logits, yv1)),
        ens_acc=_acc(ens, yv1), base_loss=float(bce(z_base, yv1)),
        base_acc=_acc(torch.sigmoid(z_base), yv1), val_curve=val_curve,
        base_curve=base_curve, y_val=yv1.numpy())


def summary(r: Snapshots) -> dict:
    """The numbers the page's sentences state: the ensemble's loss against the snapshots'
    mean (Jensen: never above it), the best snapshot (1-based), how many snapshots it beats,
    and the no-restart baseline."""
    k = int(np.argmin(r.snap_loss))
    return {"ens": r.ens_loss, "mean": float(np.mean(r.snap_loss)), "m": len(r.snap_loss),
            "k": k + 1, "best": float(r.snap_loss[k]),
            "below": int((r.ens_loss < r.snap_loss).sum()),
            "beats_all": bool((r.ens_loss < r.snap_loss).all()),
            "base": r.base_loss, "beats_base": bool(r.ens_loss < r.base_loss)}
