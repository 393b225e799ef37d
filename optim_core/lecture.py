r"""The lecture's own optimizers, written as ``torch.optim.Optimizer`` subclasses.

They are the reference for the fast engine just as ``torch.optim`` is for the others,
and their tests check them against the lecture's formulas computed by hand.
"""
from __future__ import annotations

import torch

__all__ = ["AdamThenSGD", "LectureAdagrad", "LectureRMSprop"]


def _check(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ValueError(f"Invalid {name} value: {value} (allowed [{low}, {high}])")


class _ElementWise(torch.optim.Optimizer):
    """A per-parameter update ``_update(p, grad, state, group)`` applied to each param."""

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():   # as torch.optim's optimizers evaluate it
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    self._update(p, p.grad, self.state[p], group)
        return loss


class LectureAdagrad(_ElementWise):
    r"""AdaGrad as the lecture writes it: :math:`\sigma` is the root *mean* square.

    .. math::
        \sigma_i^t = \sqrt{\tfrac{1}{t+1}\textstyle\sum_{k=0}^{t} (g_i^k)^2},\qquad
        \theta_i^{t+1} = \theta_i^t - \frac{\eta}{\sigma_i^t + \epsilon}\, g_i^t

    PyTorch's ``Adagrad`` divides by the root of the *sum* instead, so its steps shrink
    faster by a factor :math:`\sqrt{t+1}`.
    """

    def __init__(self, params, lr: float = 0.01, eps: float = 1e-10):
        _check("lr", lr, 0.0, float("inf"))
        _check("eps", eps, 0.0, float("inf"))
        super().__init__(params, {"lr": lr, "eps": eps})

    def _update(self, p, grad, st, group):
        if not st:
            st["step"], st["sum"] = 0, torch.zeros_like(p)
        st["step"] += 1
        st["sum"].addcmul_(grad, grad)
        sigma = (st["sum"] / st["step"]).sqrt()
        p.addcdiv_(grad, sigma + group["eps"], value=-group["lr"])


class LectureRMSprop(_ElementWise):
    r"""RMSProp as the lecture writes it: :math:`\sigma^0 = |g^0|`.

    .. math::
        \sigma_i^0 = |g_i^0|,\qquad
        \sigma_i^t = \sqrt{\alpha(\sigma_i^{t-1})^2 + (1-\alpha)(g_i^t)^2},\qquad
        \theta_i^{t+1} = \theta_i^t - \frac{\eta}{\sigma_i^t + \epsilon}\, g_i^t

    PyTorch starts the running average at zero, so its first steps are larger by up to
    :math:`1/\sqrt{1-\alpha}`.
    """

    def __init__(self, params, lr: float = 0.01, alpha: float = 0.9, eps: float = 1e-8):
        _check("lr", lr, 0.0, float("inf"))
        _check("alpha", alpha, 0.0, 1.0)
        _check("eps", eps, 0.0, float("inf"))
        super().__init__(params, {"lr": lr, "alpha": alpha, "eps": eps})

    def _update(self, p, grad, st, group):
        g2 = grad * grad
        if not st:
            st["square_avg"] = g2.clone()
        else:
            st["square_avg"].mul_(group["alpha"]).add_(g2 * (1 - group["alpha"]))
        p.addcdiv_(grad, st["square_avg"].sqrt() + group["eps"], value=-group["lr"])


class AdamThenSGD(torch.optim.Optimizer):
    r"""Adam for steps :math:`1 \dots k-1`, then SGD (with optional momentum) from step k.

    The two phases are plain ``torch.optim.Adam`` and ``torch.optim.SGD`` over the same
    parameters; the SGD phase starts with fresh state, as when a practitioner swaps the
    optimizer in the middle of training.
    """

    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 switch_step: int = 100, sgd_lr: float = 0.01, sgd_momentum: float = 0.0):
        _check("switch_step", switch_step, 1, float("inf"))
        params = list(params)
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps,
                                  "switch_step": switch_step, "sgd_lr": sgd_lr,
                                  "sgd_momentum": sgd_momentum})
        self.adam = torch.optim.Adam(params, lr=lr, betas=betas, eps=eps)
        self.sgd = torch.optim.SGD(params, lr=sgd_lr, momentum=sgd_momentum)
        self.steps_taken = 0

    def step(self, closure=None):
        """One step of the current phase; a scheduler's rate (on this optimizer's group)
        drives Adam's rate and scales SGD's by the same factor."""
        self.steps_taken += 1
        lr = self.param_groups[0]["lr"]
        self.adam.param_groups[0]["lr"] = lr
        self.sgd.param_groups[0]["lr"] = self.defaults["sgd_lr"] * lr / self.defaults["lr"]
        phase = self.adam if self.steps_taken < self.defaults["switch_step"] else self.sgd
        return phase.step(closure)
