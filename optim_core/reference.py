"""The reference: plain ``torch.optim`` loops, the way a practitioner writes them.

``simulate_reference`` runs one optimizer object per (optimizer, start) on a 2-element
float64 parameter: ``step(closure)`` with a closure doing zero_grad, loss, backward (every
optimizer evaluates it once before its update; L-BFGS as often as it needs). It is slow on
purpose and is what the engine is tested (and benchmarked) against. ``batched=True``
gives each optimizer one ``(M, 2)`` parameter instead, the usual first speed-up.
"""
from __future__ import annotations

import numpy as np
import torch

from .config import SimConfig
from .optimizers import get_optimizer
from .schedules import LOSS_DRIVEN, _quiet, attach
from .surfaces import Surface

__all__ = ["simulate_reference"]


def simulate_reference(config: SimConfig, surface: Surface | None = None,
                       batched: bool = False) -> np.ndarray:
    """Paths ``(K, M, T+1, 2)`` from plain torch.optim loops (no divergence handling)."""
    surface = surface or config.make_surface()
    starts = torch.tensor(config.starts, dtype=torch.float64)
    M, T = len(starts), config.steps
    noise = None
    if config.noise > 0:   # the engine's stream: one (M, 2) draw per step
        gen = torch.Generator().manual_seed(config.seed)
        noise = [torch.randn((M, 2), generator=gen, dtype=torch.float64) for _ in range(T)]
    batches = config.batches()
    out = np.empty((len(config.optimizers), M, T + 1, 2))
    for k, run in enumerate(config.optimizers):
        rows = [slice(None)] if batched else [slice(j, j + 1) for j in range(M)]
        for rows_j in rows:
            # one run: a 2-vector parameter (Adafactor keeps a vector's V unfactored)
            w = (starts[rows_j] if batched else starts[rows_j][0]).clone().requires_grad_(True)
            opt = get_optimizer(run.name).make([w], **run.hp)
            sched = None
            if run.schedule is not None:
                with _quiet():
                    sched = attach(opt, run.schedule, dict(run.schedule_params), T)
            out[k, rows_j, 0] = w.detach().view(-1, 2).numpy()
            for t in range(T):
                def closure(t=t, rows_j=rows_j, w=w, opt=opt):
                    opt.zero_grad()
                    x = w.view(-1, 2)
                    loss = (surface.value(x) if batches is None else
                            surface.data.value(x[:, 0], x[:, 1], batches[t])).sum()
                    loss.backward(create_graph=getattr(opt, "needs_hessian", False))  # Newton
                    g = w.grad.view(-1, 2)
                    if noise is not None:
                        g += config.noise * noise[t][rows_j]
                    if config.clip > 0:
                        if batched:   # clip each run on its own
                            for i in range(g.shape[0]):
                                _clip_row(g[i], config.clip)
                        else:
                            torch.nn.utils.clip_grad_norm_([w], config.clip)
                    return loss
                loss = opt.step(closure)   # closure-based (L-BFGS) or evaluated once first
                if sched is not None:
                    with _quiet():
                        if run.schedule in LOSS_DRIVEN:
                            sched.step(loss.item())
                        else:
                            sched.step()
                out[k, rows_j, t + 1] = w.detach().view(-1, 2).numpy()
    return out


def _clip_row(g: torch.Tensor, max_norm: float) -> None:
    coef = max_norm / (torch.linalg.vector_norm(g) + 1e-6)
    g.mul_(torch.clamp(coef, max=1.0))
