r"""Softmax, one-hot targets and cross-entropy for one example (notes §6).

.. math::
    p_i = \frac{e^{z_i}}{\sum_j e^{z_j}},\qquad L = -\sum_i y_i \log p_i = -\log p_y,
    \qquad \frac{\partial L}{\partial z} = p - y

with :math:`y` the one-hot vector of the true class. Over a data set the summed
cross-entropy is :math:`-\log \prod_n p_{y_n}`: minimizing it maximizes the likelihood of
the labels. With two classes, :math:`p_1 = \sigma(z_1 - z_2)`: the sigmoid is the
two-class softmax.

:class:`SoftmaxConfig` is the Learned-surfaces page's softmax view (its link section);
:func:`softmax_view` computes everything it shows.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch

from .specs import Param, check_fields, check_keys, shown

__all__ = ["SOFTMAX_PARAMS", "SoftmaxConfig", "SoftmaxResult", "softmax_view"]

LOGIT_LIMIT = 10.0
SOFTMAX_PARAMS = (
    Param("classes", 3, 2, 3, kind="int", help="number of classes (2: the sigmoid case)"),
    Param("z1", 2.0, -LOGIT_LIMIT, LOGIT_LIMIT, help="logit of class 1"),
    Param("z2", 1.0, -LOGIT_LIMIT, LOGIT_LIMIT, help="logit of class 2"),
    Param("z3", -1.0, -LOGIT_LIMIT, LOGIT_LIMIT, help="logit of class 3 (3 classes only)"),
    Param("label", 1, 1, 3, kind="int", help="the true class, 1 to the number of classes"),
)


@dataclass(frozen=True)
class SoftmaxConfig:
    """Logits z1..z3 (z3 unused with two classes) and the true class (1-based)."""
    classes: int = 3
    z1: float = 2.0
    z2: float = 1.0
    z3: float = -1.0
    label: int = 1

    def __post_init__(self):
        check_fields(self, SOFTMAX_PARAMS)
        if self.label > self.classes:
            raise ValueError(f"label must be a class from 1 to {self.classes}; "
                             f"got {shown(self.label)}")

    @property
    def logits(self) -> tuple[float, ...]:
        return (self.z1, self.z2, self.z3)[:self.classes]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d) -> SoftmaxConfig:
        if not isinstance(d, dict):
            raise ValueError(f"a softmax configuration is a mapping; got {shown(d)}")
        check_keys(d, [p.name for p in SOFTMAX_PARAMS], "softmax")
        return cls(**d)


@dataclass(frozen=True)
class SoftmaxResult:
    config: SoftmaxConfig
    probs: tuple[float, ...]        # softmax(z)
    target: tuple[float, ...]       # one-hot y
    loss: float                     # cross-entropy -log p_y
    grad: tuple[float, ...]         # dL/dz = p - y
    likelihood: float               # p_y = exp(-loss)
    sigmoid: float | None           # sigma(z1 - z2) with two classes, else None


def softmax_view(config: SoftmaxConfig) -> SoftmaxResult:
    """Probabilities, one-hot target, cross-entropy and its gradient p - y (float64)."""
    z = torch.tensor(config.logits, dtype=torch.float64)
    probs = torch.softmax(z, 0)
    y = torch.zeros_like(z)
    y[config.label - 1] = 1.0
    loss = float(-torch.log_softmax(z, 0)[config.label - 1])
    sig = float(torch.sigmoid(z[0] - z[1])) if config.classes == 2 else None
    return SoftmaxResult(config, tuple(probs.tolist()), tuple(y.tolist()), loss,
                         tuple((probs - y).tolist()), math.exp(-loss), sig)
