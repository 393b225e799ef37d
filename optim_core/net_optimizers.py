r"""Optimizers for the Neural-network page only: Muon.

Muon orthogonalizes the update of a weight *matrix* (Newton-Schulz iterations push the
singular values of the momentum towards 1), so it has no meaning on the 2-parameter
surfaces of the other pages: ``torch.optim.Muon`` refuses anything but 2-D parameters.
It is therefore not a registry entry (every registry entry runs on every surface and is
checked there) but a network-only optimizer: as PyTorch documents it, Muon for the hidden
2-D weight matrices and AdamW for the rest (biases, batch-norm parameters, and the first
and last layers, whose shapes are set by the 2 inputs and the 2 classes).

:class:`NetRun` is its :class:`~optim_core.config.OptimizerRun` (same JSON shape:
``{"name": "muon", "params": {...}}``, constant rates); :func:`run_from_dict` reads either.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from .config import OptimizerRun, _freeze
from .specs import Param, shown, validate_params
from .text import Text

__all__ = ["NET_OPTIMIZERS", "MuonAdamW", "NetRun", "make_optimizer", "muon_split",
           "run_from_dict"]


@dataclass(frozen=True)
class NetOptimizerSpec:
    key: str
    name: Text
    params: tuple
    latex: str
    shines: Text
    fails: Text
    note: Text


NET_OPTIMIZERS = {
    "muon": NetOptimizerSpec(
        "muon", Text("Muon + AdamW", "正交化方法 (Muon) + AdamW"),
        (Param("lr", 0.02, 1e-6, 10.0, log=True,
               help=Text("Muon's rate (hidden weight matrices)", "Muon 的学习率（隐藏层权重矩阵）")),
         Param("adamw_lr", 0.01, 1e-6, 10.0, log=True,
               help=Text("AdamW's rate (biases, first and last layer)",
                         "AdamW 的学习率（偏置、第一层和最后一层）")),
         Param("momentum", 0.95, 0.0, 0.999, help=Text("Muon's momentum", "Muon 的动量")),
         Param("ns_steps", 5, 1, 10, kind="int", help=Text("Newton-Schulz iterations",
                                                           "Newton-Schulz 迭代次数")),
         Param("weight_decay", 0.0, 0.0, 1.0, help=Text("decoupled weight decay of both",
                                                        "两者的解耦权重衰减"))),
        r"B_t=\mu B_{t-1}+G_t,\quad M_t=G_t+\mu B_t\ (\text{Nesterov}),\quad "
        r"O_t=\mathrm{NS}_5(M_t)\approx UV^\top\ (M_t=U\Sigma V^\top),\quad W\leftarrow W-\eta\,O_t",
        Text("Every direction of the weight matrix moves at the same pace: the update's "
             "singular values are all about 1, so rare directions are not drowned by the "
             "dominant one.",
             "权重矩阵的每个方向都以相同的速度移动：更新量的奇异值都约为 1，少见的方向不会被主导方向淹没。"),
        Text("Only for 2-D hidden weight matrices: vectors, the input and output layers and "
             "a 2-parameter surface need another optimizer (here AdamW).",
             "只适用于隐藏层的二维权重矩阵：向量、输入层和输出层以及二维参数曲面需要另一个优化器（这里是 AdamW）。"),
        Text("Network only: Muon updates matrices, so it is not offered on the 2-parameter "
             "surfaces; it runs at constant rates (no schedule).",
             "仅用于神经网络：正交化方法 (Muon) 更新的是矩阵，所以在二维参数曲面上不提供；它使用固定学习率（不用学习率调度）。")),
}


def muon_split(model) -> tuple[list, list]:
    """(hidden weight matrices, everything else) of an MLP, in ``parameters()`` order."""
    hidden = [layer[0].weight for layer in model.layers[1:]]
    ids = {id(w) for w in hidden}
    return hidden, [p for p in model.parameters() if id(p) not in ids]


class MuonAdamW:
    """torch.optim.Muon on the hidden weight matrices, torch.optim.AdamW on the rest,
    stepped together (what PyTorch's Muon documentation recommends)."""
    splits_model = True     # built over muon_split(model), not model.parameters()

    def __init__(self, hidden, rest, lr, adamw_lr, momentum, ns_steps, weight_decay):
        self.muon = torch.optim.Muon(hidden, lr=lr, momentum=momentum, ns_steps=ns_steps,
                                     weight_decay=weight_decay)
        self.adamw = torch.optim.AdamW(rest, lr=adamw_lr, weight_decay=weight_decay)

    @property
    def param_groups(self):
        return self.muon.param_groups + self.adamw.param_groups

    def zero_grad(self):
        self.muon.zero_grad()
        self.adamw.zero_grad()

    def step(self):
        self.muon.step()
        self.adamw.step()


@dataclass(frozen=True)
class NetRun(OptimizerRun):
    """A network-only optimizer with its hyper-parameters (constant rates)."""

    def __post_init__(self):
        if self.name not in NET_OPTIMIZERS:
            raise ValueError(f"{self.field_name}.name must be one of "
                             f"{', '.join(NET_OPTIMIZERS)}; got {shown(self.name)}")
        hp = validate_params(NET_OPTIMIZERS[self.name].params, self.params,
                             f"{self.field_name}.params")
        object.__setattr__(self, "params", _freeze(hp))
        if self.schedule is not None:
            raise ValueError(f"{self.field_name}.schedule: {self.name} runs at constant "
                             f"rates here (no schedule)")


def run_from_dict(d, index: int = 0) -> OptimizerRun:
    """A registry run or a network-only run (``{"name": "muon", ...}``)."""
    name = d if isinstance(d, str) else d.get("name") if isinstance(d, dict) else None
    if isinstance(name, str) and name in NET_OPTIMIZERS:
        if isinstance(d, str):
            d = {"name": d}
        from .specs import check_keys
        check_keys(d, ("name", "params", "schedule"), f"optimizers[{index}]")
        params = d.get("params") or {}
        if not isinstance(params, dict):
            raise ValueError(f"optimizers[{index}].params must be an object, got {shown(params)}")
        return NetRun(name, tuple(params.items()), field_name=f"optimizers[{index}]",
                      schedule=(d.get("schedule") or {}).get("name") if isinstance(
                          d.get("schedule"), dict) else d.get("schedule"))
    return OptimizerRun.from_dict(d, index)


def make_optimizer(run: OptimizerRun, model, **override):
    """The optimizer of ``run`` over ``model`` (a registry entry over all parameters, or
    Muon + AdamW over the split of :func:`muon_split`)."""
    hp = {**run.hp, **override}
    if isinstance(run, NetRun):
        return MuonAdamW(*muon_split(model), **hp)
    from .optimizers import get_optimizer
    return get_optimizer(run.name).make(model.parameters(), **hp)
