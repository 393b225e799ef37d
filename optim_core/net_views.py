"""What the Neural-network page shows about regularization and two optimizers' inner
workings: the final weights with and without a penalty, Muon's orthogonalized update,
Adafactor's factored second moment, and the notes' widths figure (two moons, tanh hidden
widths 1 ... 50, their decision boundaries side by side)."""
from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import nn

from .config import OptimizerRun
from .nets import NetConfig, build_model, loss_fn, penalty, train

__all__ = ["NEAR_ZERO", "NOTES_WIDTHS", "WidthRun", "adafactor_moments", "linear_weights",
           "muon_singular_values", "near_zero_share", "notes_widths_config", "unregularized",
           "widths_sweep"]

NEAR_ZERO = 1e-2        # |w| below this counts as "near zero"
NOTES_WIDTHS = (1, 2, 3, 4, 5, 20, 50)


def linear_weights(model: nn.Module) -> np.ndarray:
    """Every weight of the linear layers (the penalized ones), flattened."""
    return np.concatenate([m.weight.detach().reshape(-1).numpy() for m in model.modules()
                           if isinstance(m, nn.Linear)])


def near_zero_share(w: np.ndarray, tol: float = NEAR_ZERO) -> float:
    return float(np.mean(np.abs(w) < tol))


def unregularized(config: NetConfig) -> NetConfig:
    """The same configuration without dropout, weight decay and L1 (the comparison)."""
    return NetConfig(tuple({**config.hp, "dropout": 0.0, "weight_decay": 0.0,
                            "l1": 0.0}.items()), config.optimizers)


def _full_batch(config: NetConfig):
    d = config.data()
    return torch.tensor(d.x_train, dtype=torch.float64), torch.tensor(d.y_train)


def _matrix(model):
    """The weight matrix the pictures use: the first hidden-to-hidden one (else the
    first layer's)."""
    return (model.layers[1] if len(model.layers) > 1 else model.layers[0])[0].weight


@torch.no_grad()
def _no_grad_copy(w):
    return w.detach().clone()


def muon_singular_values(config: NetConfig, momentum: float = 0.95, ns_steps: int = 5):
    """At the initial network: the singular values of the full-batch gradient G of the
    first hidden weight matrix, and of Muon's first update of it (torch.optim.Muon's own
    step with rate 1 and no weight decay, read back from the weights, divided by Muon's
    shape factor). ``None`` when the network has no hidden weight matrix (depth 1)."""
    if config.hp["depth"] < 2:
        return None
    model = build_model(config)
    x, y = _full_batch(config)
    W = _matrix(model)
    opt = torch.optim.Muon([W], lr=1.0, momentum=momentum, ns_steps=ns_steps,
                           weight_decay=0.0)
    model.train()
    loss = loss_fn(model(x), y) + penalty(model, config.hp["weight_decay"], config.hp["l1"])
    loss.backward()
    G, before = _no_grad_copy(W.grad), _no_grad_copy(W)
    opt.step()
    A, B = W.shape
    update = (before - W.detach()) / max(1.0, A / B) ** 0.5
    return (torch.linalg.svdvals(G).numpy(), torch.linalg.svdvals(update).numpy())


def adafactor_moments(config: NetConfig, steps: int = 20, lr: float = 0.01):
    """``steps`` full-batch steps of torch.optim.Adafactor from the initial network; for
    the picture's weight matrix: torch's row and column accumulators, the second moment
    they stand for (r c / mean r, what torch divides by) and the full second moment V
    (the same running average of g^2, every entry kept), computed beside it."""
    model = build_model(config)
    x, y = _full_batch(config)
    W = _matrix(model)
    opt = torch.optim.Adafactor(model.parameters(), lr=lr, foreach=False)
    decay = opt.param_groups[0]["beta2_decay"]
    V = torch.zeros_like(W)
    model.train()
    for t in range(1, steps + 1):
        opt.zero_grad()
        (loss_fn(model(x), y) + penalty(model, config.hp["weight_decay"],
                                        config.hp["l1"])).backward()
        V.lerp_(W.grad.detach().square(), t ** decay)
        opt.step()
    st = opt.state[W]
    row, col = st["row_var"].detach(), st["col_var"].detach()
    factored = row @ col / row.mean(dim=-2, keepdim=True)
    return {"row": row.reshape(-1).numpy(), "col": col.reshape(-1).numpy(),
            "factored": factored.numpy(), "full": V.numpy(), "steps": steps}


def notes_widths_config(optimizer: OptimizerRun | None = None, epochs: int = 300
                        ) -> NetConfig:
    """The notes' figure: two moons, 200 points, noise 0.2, one tanh hidden layer, all
    points used for training (no validation split), full batch."""
    return NetConfig((("data", "moons"), ("n", 200), ("noise", 0.2), ("val_fraction", 0.0),
                      ("width", 1), ("depth", 1), ("activation", "tanh"), ("epochs", epochs),
                      ("batch_size", 0)),
                     (optimizer or OptimizerRun("adam", (("lr", 0.05),)),))


@dataclass
class WidthRun:
    width: int
    train_loss: float
    train_acc: float
    val_loss: float
    val_acc: float
    xs: np.ndarray
    ys: np.ndarray
    p: np.ndarray              # P(class 1) on the grid (NaN where the run diverged)
    diverged_at: int | None


def widths_sweep(config: NetConfig, widths=NOTES_WIDTHS, progress=None) -> list[WidthRun]:
    """``config`` (its first optimizer) trained once per hidden width; each network's
    final losses and its decision boundary on a grid. ``progress(done, total)`` per
    width."""
    from .net_analysis import decision_grid
    base = NetConfig(config.params, config.optimizers[:1])
    out = []
    for i, w in enumerate(widths):
        c = replace(base, params=tuple({**base.hp, "width": w}.items()))
        run = train(c).runs[0]
        with torch.no_grad():
            xs, ys, p = decision_grid(copy.deepcopy(run.model), n=80, data=c.data())
        out.append(WidthRun(w, float(run.train_loss[-1]), float(run.train_acc[-1]),
                            float(run.val_loss[-1]), float(run.val_acc[-1]), xs, ys, p,
                            run.diverged_at))
        if progress:
            progress(i + 1, len(widths))
    return out
