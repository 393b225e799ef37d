r"""The lecture's own optimizers, written as ``torch.optim.Optimizer`` subclasses.

They are the reference for the fast engine just as ``torch.optim`` is for the others,
and their tests check them against the lecture's formulas computed by hand.
"""
from __future__ import annotations

import torch

__all__ = ["AdamThenSGD", "LectureAdagrad", "LectureRMSprop", "Newton", "UncorrectedAdam"]


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


def _hessian(p: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
    """The exact Hessian (n x n) of the loss at ``p`` from ``grad``, a gradient made with
    ``backward(create_graph=True)``: one autograd pass per row."""
    g = grad.reshape(-1)
    rows = [torch.autograd.grad(g[i], p, retain_graph=i < g.numel() - 1, allow_unused=True)[0]
            for i in range(g.numel())]
    return torch.stack([torch.zeros_like(p).reshape(-1) if r is None else r.reshape(-1)
                        for r in rows])


def _condition(A: torch.Tensor) -> float:
    """|mu|max / |mu|min over the eigenvalues mu of the symmetric ``A``: ``inf`` when one is
    0, NaN when ``A`` is not finite."""
    if not bool(torch.isfinite(A).all()):
        return float("nan")
    mu = torch.linalg.eigvalsh(A).abs()
    lo, hi = float(mu.min()), float(mu.max())
    return float("inf") if lo == 0.0 else hi / lo


class Newton(torch.optim.Optimizer):
    r"""Newton's method with an optional Levenberg damping, on the exact Hessian.

    .. math::
        w_{t+1} = w_t - \eta\,(H_t + \lambda I)^{-1} g_t

    :math:`\eta = 1, \lambda = 0` is pure Newton: on a quadratic it lands on the critical
    point in one step, whatever its kind (it solves :math:`\nabla L = 0`). The closure must
    call ``loss.backward(create_graph=True)`` (``needs_hessian`` says so, as for AdaHessian)
    so that :math:`H_t` is the autograd Hessian of the same loss. A singular
    :math:`H_t + \lambda I` has no Newton step: the parameter becomes NaN (not an exception;
    the simulation freezes the run at its last good point and names the reason, a singular
    Hessian). Each step records in the parameter's state ``singular`` (the system had no
    solution) and ``cond``, the condition number :math:`|\mu|_{max}/|\mu|_{min}` of
    :math:`H_t + \lambda I` (``inf`` when singular): a huge one explains a step that flies
    off. At a point where the gradient is exactly 0 the step is 0, singular or not (nothing
    to solve: a converged run stays where it is).
    Each parameter tensor is its own block (its own Hessian, no cross terms).
    """

    needs_hessian = True

    def __init__(self, params, lr: float = 1.0, damping: float = 0.0):
        _check("lr", lr, 0.0, float("inf"))
        _check("damping", damping, 0.0, float("inf"))
        super().__init__(params, {"lr": lr, "damping": damping})

    def step(self, closure=None):
        if closure is None:
            raise RuntimeError("Newton needs a closure that calls backward(create_graph=True)")
        with torch.enable_grad():
            loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad
                # a gradient made with create_graph=True but without a graph does not depend
                # on p (a loss linear in p, like f = x): its Hessian is 0, singular
                H = (_hessian(p, grad).detach() if grad.grad_fn is not None
                     else torch.zeros(grad.numel(), grad.numel(), dtype=grad.dtype))
                g = grad.detach().reshape(-1)
                p.grad = g.view_as(p).clone()   # break the parameter <-> gradient cycle
                A = H + group["damping"] * torch.eye(len(g), dtype=H.dtype)
                cond = _condition(A)
                if not bool(g.any()):   # at a critical point: nothing to solve, no step
                    d, singular = torch.zeros_like(g), False
                else:
                    d, info = torch.linalg.solve_ex(A, g)
                    singular = info.item() != 0 or not bool(torch.isfinite(d).all())
                    if singular:   # no Newton step: the run stops here, for this reason
                        d = torch.full_like(g, float("nan"))
                st = self.state[p]
                st["hessian"], st["step"] = H, st.get("step", 0) + 1
                st["singular"], st["cond"] = singular, float("inf") if singular else cond
                with torch.no_grad():
                    p.sub_(group["lr"] * d.view_as(p))
        return loss


class UncorrectedAdam(torch.optim.Optimizer):
    r"""Adam without bias correction, the form before the correction is introduced:

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\quad V_t = \beta_2 V_{t-1} + (1-\beta_2) g_t^2,
        \quad w_{t+1} = w_t - \alpha\,\frac{m_t}{\sqrt{V_t}+\epsilon}

    Starting from :math:`m_0 = V_0 = 0`, the first step is
    :math:`\alpha (1-\beta_1) g / (\sqrt{1-\beta_2}|g| + \epsilon)`: about
    :math:`(1-\beta_1)/\sqrt{1-\beta_2}` times Adam's :math:`\alpha`. ``weight_decay`` is
    coupled (added to the gradient) as in ``torch.optim.Adam``, or decoupled
    (:math:`w \leftarrow w(1-\alpha\lambda)`, AdamW) when ``decoupled``.
    """

    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, decoupled: bool = False):
        _check("lr", lr, 0.0, float("inf"))
        _check("eps", eps, 0.0, float("inf"))
        for i, b in enumerate(betas):
            _check(f"betas[{i}]", b, 0.0, 1.0)
        super().__init__(params, {"lr": lr, "betas": tuple(betas), "eps": eps,
                                  "weight_decay": weight_decay, "decoupled": decoupled})

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            b1, b2 = group["betas"]
            lr, wd = group["lr"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                if group["decoupled"]:
                    p.mul_(1 - lr * wd)
                elif wd != 0:
                    g = g + wd * p
                st = self.state[p]
                if not st:
                    st["step"], st["m"], st["v"] = 0, torch.zeros_like(p), torch.zeros_like(p)
                st["step"] += 1
                st["m"].mul_(b1).add_(g, alpha=1 - b1)
                st["v"].mul_(b2).addcmul_(g, g, value=1 - b2)
                p.addcdiv_(st["m"], st["v"].sqrt().add_(group["eps"]), value=-lr)
        return loss
