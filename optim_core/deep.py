"""The Deep-networks page's core: one frozen :class:`DeepConfig` and the small networks
its five studies train (the studies themselves live in :mod:`optim_core.deep_lab`).

Every network is a plain MLP on two-class 2-D data (moons, circles, spirals), float64,
built from a ``torch.Generator`` seeded by the config (never the global seed):
``Linear(2, w) -> act -> [Linear(w, w) -> act] x (depth - 1) -> Linear(w, 1)`` with a
binary cross-entropy loss on the logit. A *residual* network adds the input of every
hidden block to its output (``h <- h + act(W h + b)``), the rest unchanged.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np
import torch
from torch import nn

from .datasets import classification
from .specs import Param, check_fields, check_keys, shown

MAX_UPDATES = 10_000   # epochs x the updates of every batch size: ~5 s of CPU here
SNAP_MAX_UPDATES = 8_000   # snapshot ensembles, both runs: ~5 s at batch 1, 4 x 32 units

__all__ = ["DEEP_PARAMS", "TABS", "DeepConfig", "DeepNet", "batch_data", "make_net"]

TABS = ("vanishing", "bias", "batch", "init", "saddles", "snapshots", "tips")
ACTS = ("sigmoid", "tanh", "relu")
INITS = ("default", "xavier", "he", "small")


def _batches(value: Any, field: str) -> tuple[int, ...]:
    if not isinstance(value, (list, tuple)) or not 1 <= len(value) <= 6:
        raise ValueError(f"{field} must be a list of 1 to 6 batch sizes; got {shown(value)}")
    out = []
    for i, v in enumerate(value):
        out.append(Param("b", 1, 1, 512, kind="int").check(v, f"{field}[{i}]"))
    if len(set(out)) != len(out):
        raise ValueError(f"{field} must not repeat a batch size; got {shown(value)}")
    return tuple(sorted(out))


# name, default, low, high (inclusive): the limits the page states next to its controls
DEEP_PARAMS = (
    Param("data", "moons", 0, 0, kind="choice", choices=("moons", "circles", "spirals"),
          help="the two-class data set"),
    Param("n", 300, 50, 600, kind="int", help="data points (all studies)"),
    Param("noise", 0.2, 0.0, 1.0, help="std of the data's noise"),
    Param("seed", 0, 0, 10_000, kind="int", help="data and weights seed"),
    Param("width", 16, 4, 32, kind="int", help="units per hidden layer"),
    # 1. vanishing gradients
    Param("depth", 8, 2, 12, kind="int", help="hidden layers (vanishing gradients)"),
    Param("steps", 100, 10, 300, kind="int", help="full-batch SGD steps (vanishing)"),
    Param("lr", 0.1, 1e-3, 2.0, log=True, help="SGD learning rate (vanishing, bias)"),
    # 2. model bias vs optimization issue
    Param("shallow", 2, 1, 6, kind="int", help="hidden layers of the shallower net"),
    Param("deep", 20, 2, 24, kind="int", help="hidden layers of the deeper net"),
    Param("bias_steps", 300, 20, 400, kind="int", help="full-batch SGD steps of both nets"),
    # 3. small vs large batch
    Param("batches", (4, 16, 64, 200), 1, 512, parse=_batches, help="batch sizes compared"),
    Param("epochs", 20, 1, 40, kind="int", help="epochs per batch size"),
    Param("batch_lr", 0.1, 1e-3, 2.0, log=True, help="SGD learning rate (batch sizes)"),
    Param("val_fraction", 0.3, 0.1, 0.5, help="share of the data held out for validation"),
    Param("drop_last", False, 0, 1, kind="bool", help="drop the last incomplete batch"),
    # 4. initialization and batch normalization
    Param("init_depth", 10, 2, 30, kind="int", help="hidden layers (initialization)"),
    Param("init_width", 64, 4, 256, kind="int", help="units per hidden layer (initialization)"),
    Param("init_act", "relu", 0, 0, kind="choice", choices=ACTS,
          help="activation (initialization)"),
    Param("scale", 0.5, 0.05, 3.0, help="the 'small' init: this times He's std"),
    # 5. saddles
    Param("seeds", 6, 1, 8, kind="int", help="networks trained until they stall"),
    Param("saddle_width", 6, 2, 8, kind="int", help="units per hidden layer (saddles)"),
    Param("saddle_init", 0.1, 0.01, 3.0, log=True,
          help="init std of every weight (saddles; small starts near the origin's saddle)"),
    Param("saddle_lr", 0.5, 1e-3, 5.0, log=True, help="GD learning rate (saddles)"),
    Param("max_steps", 600, 50, 1000, kind="int", help="full-batch GD steps at most"),
    Param("stall", 1e-2, 1e-6, 1e-1, log=True, help="stop once the gradient norm is below"),
    Param("k_low", 8, 1, 12, kind="int", help="lowest Hessian eigenvalues computed (Lanczos)"),
    # 6. snapshot ensembles (SGDR): optim_core.snapshots
    Param("snap_depth", 2, 1, 4, kind="int", help="hidden layers (snapshot ensembles)"),
    Param("snap_epochs", 60, 2, 200, kind="int",
          help="epochs of each run (snapshot ensembles; a multiple of snap_cycles)"),
    Param("snap_cycles", 4, 2, 8, kind="int",
          help="SGDR cycles = snapshots (T_0 = snap_epochs / snap_cycles epochs)"),
    Param("snap_batch", 32, 1, 512, kind="int", help="mini-batch size (snapshot ensembles)"),
    Param("snap_lr", 0.5, 1e-3, 2.0, log=True,
          help="the cosine's highest learning rate (snapshot ensembles; lowest: 0)"),
    Param("snap_momentum", 0.9, 0.0, 0.99, help="SGD momentum (snapshot ensembles)"),
)
_SPECS = {p.name: p for p in DEEP_PARAMS}


@dataclass(frozen=True)
class DeepConfig:
    data: str = "moons"
    n: int = 300
    noise: float = 0.2
    seed: int = 0
    width: int = 16
    depth: int = 8
    steps: int = 100
    lr: float = 0.1
    shallow: int = 2
    deep: int = 20
    bias_steps: int = 300
    batches: tuple = (4, 16, 64, 200)
    epochs: int = 20
    batch_lr: float = 0.1
    val_fraction: float = 0.3
    drop_last: bool = False
    init_depth: int = 10
    init_width: int = 64
    init_act: str = "relu"
    scale: float = 0.5
    seeds: int = 6
    saddle_width: int = 6
    saddle_init: float = 0.1
    saddle_lr: float = 0.5
    max_steps: int = 600
    stall: float = 1e-2
    k_low: int = 8
    snap_depth: int = 2
    snap_epochs: int = 60
    snap_cycles: int = 4
    snap_batch: int = 32
    snap_lr: float = 0.5
    snap_momentum: float = 0.9

    def __post_init__(self):
        check_fields(self, DEEP_PARAMS)
        if self.deep <= self.shallow:
            raise ValueError(f"deep must be larger than shallow ({self.shallow}); "
                             f"got {self.deep}")

    def check_batches(self) -> None:
        """The batch-size study needs every B within the training set (checked there, so
        a small n does not make the other tabs' settings invalid)."""
        n_train = self.n - round(self.val_fraction * self.n)
        if self.batches[-1] > n_train:
            raise ValueError(f"batches must be at most the {n_train} training points "
                             f"(n minus the validation share); got {self.batches[-1]}")
        total = self.epochs * sum(updates_per_epoch(n_train, b, self.drop_last)
                                  for b in self.batches)
        if total > MAX_UPDATES:
            raise ValueError(f"epochs x updates per epoch, summed over the batch sizes, must "
                             f"be at most {MAX_UPDATES:,}; got {total:,} (use fewer epochs "
                             f"or larger batches)")

    def check_snapshots(self) -> None:
        """The snapshot study's own limits (checked there, like :meth:`check_batches`):
        whole epochs per cycle, a batch within the training set, and both runs (SGDR and the
        no-restart baseline) within the update budget."""
        if self.snap_epochs % self.snap_cycles:
            raise ValueError(f"snap_epochs must be a multiple of snap_cycles "
                             f"({self.snap_cycles}); got {self.snap_epochs}")
        n_train = self.n - round(self.val_fraction * self.n)
        if self.snap_batch > n_train:
            raise ValueError(f"snap_batch must be at most the {n_train} training points "
                             f"(n minus the validation share); got {self.snap_batch}")
        total = self.snap_updates()
        if total > SNAP_MAX_UPDATES:
            raise ValueError(f"2 runs x snap_epochs x updates per epoch must be at most "
                             f"{SNAP_MAX_UPDATES:,}; got {total:,} (use fewer epochs or a "
                             f"larger batch)")

    def snap_updates(self) -> int:
        """Updates of the snapshot study, both runs (SGDR and the no-restart baseline)."""
        n_train = self.n - round(self.val_fraction * self.n)
        return 2 * self.snap_epochs * updates_per_epoch(n_train, self.snap_batch, False)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["batches"] = list(self.batches)
        return d

    @classmethod
    def from_dict(cls, d: Any) -> DeepConfig:
        if not isinstance(d, dict):
            raise ValueError(f"the deep config must be a JSON object; got {shown(d)}")
        check_keys(d, [f.name for f in fields(cls)])
        return cls(**d)

    def json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    def part(self, tab: str) -> tuple:
        """The fields one tab's study reads (its cache key): changing another tab's
        setting never recomputes this one."""
        return tuple((k, getattr(self, k)) for k in USES[tab])


_COMMON = ("data", "n", "noise", "seed")
USES = {
    "vanishing": (*_COMMON, "width", "depth", "steps", "lr"),
    "bias": (*_COMMON, "width", "shallow", "deep", "bias_steps", "lr"),
    "batch": (*_COMMON, "width", "batches", "epochs", "batch_lr", "val_fraction", "drop_last"),
    "init": (*_COMMON, "init_depth", "init_width", "init_act", "scale"),
    "saddles": (*_COMMON, "seeds", "saddle_width", "saddle_init", "saddle_lr", "max_steps", "stall",
                "k_low"),
    "snapshots": (*_COMMON, "width", "val_fraction", "snap_depth", "snap_epochs", "snap_cycles",
                  "snap_batch", "snap_lr", "snap_momentum"),
    "tips": (),
}


def batch_data(config: DeepConfig, val_fraction: float = 0.0):
    """``(x, y, x_val, y_val)`` float64 tensors (y as 0/1 floats, shape (n, 1))."""
    c = classification(config.data, config.n, config.noise, config.seed, val_fraction)

    def t(a, b):
        return (torch.as_tensor(a, dtype=torch.float64),
                torch.as_tensor(b, dtype=torch.float64).reshape(-1, 1))
    return (*t(c.x_train, c.y_train), *t(c.x_val, c.y_val))


_ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}


class DeepNet(nn.Module):
    """The page's MLP: ``hidden`` Linear layers of ``width`` units (the first from the 2-D
    input), ``act`` after each, optional skip connections and batch normalization (before
    the activation), then a Linear readout to one logit."""

    def __init__(self, hidden: int, width: int, act: str = "relu", residual: bool = False,
                 bn: bool = False):
        super().__init__()
        self.act, self.residual = _ACT[act], residual
        self.layers = nn.ModuleList(
            [nn.Linear(2 if i == 0 else width, width, dtype=torch.float64)
             for i in range(hidden)])
        self.norms = nn.ModuleList([nn.BatchNorm1d(width, dtype=torch.float64)
                                    for _ in range(hidden)]) if bn else None
        self.out = nn.Linear(width, 1, dtype=torch.float64)

    def forward(self, x, record: list | None = None):
        h = x
        for i, lin in enumerate(self.layers):
            z = lin(h)
            if self.norms is not None:
                z = self.norms[i](z)
            if record is not None:
                record.append(z)
            a = self.act(z)
            h = h + a if self.residual and i > 0 else a
        return self.out(h)


def _uniform(gen: torch.Generator, shape, bound: float) -> torch.Tensor:
    return (torch.rand(shape, generator=gen, dtype=torch.float64) * 2 - 1) * bound


def make_net(hidden: int, width: int, act: str, seed: int, residual: bool = False,
             bn: bool = False, init: str = "default", scale: float = 1.0) -> DeepNet:
    """A :class:`DeepNet` with its weights drawn from ``seed``: ``default`` is PyTorch's
    own ``nn.Linear`` rule (uniform, bound 1/sqrt(fan_in), for weights and biases),
    ``xavier`` normal with std sqrt(2 / (fan_in + fan_out)), ``he`` normal with std
    sqrt(2 / fan_in), ``small`` He times ``scale``; the last three with zero biases."""
    net = DeepNet(hidden, width, act, residual, bn)
    gen = torch.Generator().manual_seed(int(seed))
    with torch.no_grad():
        for lin in [*net.layers, net.out]:
            fan_out, fan_in = lin.weight.shape
            if init == "default":
                bound = 1 / math.sqrt(fan_in)
                lin.weight.copy_(_uniform(gen, lin.weight.shape, bound))
                lin.bias.copy_(_uniform(gen, lin.bias.shape, bound))
                continue
            std = {"xavier": math.sqrt(2 / (fan_in + fan_out)), "he": math.sqrt(2 / fan_in),
                   "small": scale * math.sqrt(2 / fan_in)}[init]
            lin.weight.copy_(torch.randn(lin.weight.shape, generator=gen,
                                         dtype=torch.float64) * std)
            lin.bias.zero_()
    return net


def bce(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return nn.functional.binary_cross_entropy_with_logits(logits, y)


def updates_per_epoch(n: int, batch: int, drop_last: bool) -> int:
    """How many updates one epoch makes: ceil(n / B), or floor(n / B) when the last
    incomplete batch is dropped ."""
    return n // batch if drop_last else -(-n // batch)


def np64(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)
