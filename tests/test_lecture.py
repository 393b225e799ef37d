"""The lecture's own optimizers against their formulas, computed by hand in numpy."""
import numpy as np
import pytest
import torch

from optim_core import OptimizerRun, SimConfig, get_surface, simulate
from optim_core.lecture import AdamThenSGD, LectureAdagrad, LectureRMSprop

SURF = get_surface("himmelblau")


def grad(w):
    return SURF.grad(torch.tensor(w, dtype=torch.float64)).numpy()


def run_torch(opt_cls, w0, steps, **hp):
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt = opt_cls([w], **hp)
    out = [w.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        SURF.value(w).backward()
        opt.step()
        out.append(w.detach().numpy().copy())
    return np.array(out)


def test_adagrad_lecture_formula():
    """sigma_i^t = sqrt(1/(t+1) sum_{k<=t} (g_i^k)^2);  theta -= eta / sigma * g."""
    eta, eps, w = 0.1, 1e-10, np.array([0.5, -0.5])
    hist, path = [], [w.copy()]
    for t in range(6):
        g = grad(w)
        hist.append(g)
        sigma = np.sqrt(np.sum(np.square(hist), axis=0) / (t + 1))
        w = w - eta / (sigma + eps) * g
        path.append(w.copy())
    assert np.allclose(run_torch(LectureAdagrad, [0.5, -0.5], 6, lr=eta, eps=eps), path,
                       rtol=0, atol=1e-13)
    cfg = SimConfig(surface="himmelblau", starts=((0.5, -0.5),), steps=6,
                    optimizers=(OptimizerRun("adagrad_lecture", (("lr", eta), ("eps", eps))),))
    assert np.allclose(simulate(cfg).path[0, 0], path, rtol=0, atol=1e-13)


def test_rmsprop_lecture_formula():
    """sigma^0 = |g^0|;  sigma^t = sqrt(alpha sigma^2 + (1 - alpha) g^2)."""
    eta, alpha, eps, w = 0.05, 0.9, 1e-8, np.array([0.5, -0.5])
    path, sigma = [w.copy()], None
    for t in range(6):
        g = grad(w)
        sigma = np.abs(g) if t == 0 else np.sqrt(alpha * sigma ** 2 + (1 - alpha) * g ** 2)
        w = w - eta / (sigma + eps) * g
        path.append(w.copy())
    assert np.allclose(run_torch(LectureRMSprop, [0.5, -0.5], 6, lr=eta, alpha=alpha, eps=eps),
                       path, rtol=0, atol=1e-13)
    cfg = SimConfig(surface="himmelblau", starts=((0.5, -0.5),), steps=6,
                    optimizers=(OptimizerRun("rmsprop_lecture", (("lr", eta), ("alpha", alpha),
                                                                 ("eps", eps))),))
    assert np.allclose(simulate(cfg).path[0, 0], path, rtol=0, atol=1e-13)


def test_lecture_forms_differ_from_pytorch():
    """The two forms are really different (so the tests above could fail)."""
    a = run_torch(LectureAdagrad, [0.5, -0.5], 5, lr=0.1)
    b = run_torch(torch.optim.Adagrad, [0.5, -0.5], 5, lr=0.1)
    assert np.abs(a - b).max() > 1e-3


@pytest.mark.parametrize("momentum", [0.0, 0.8])
def test_adam_then_sgd_formula(momentum):
    """Adam (bias-corrected, by hand) for steps 1..k-1, then SGD with a fresh buffer."""
    lr, b1, b2, eps, k, sgd_lr = 0.02, 0.9, 0.999, 1e-8, 4, 0.003
    w, m, v, buf = np.array([0.5, -0.5]), np.zeros(2), np.zeros(2), None
    path = [w.copy()]
    for t in range(1, 9):
        g = grad(w)
        if t < k:
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            w = w - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
        else:
            buf = g.copy() if buf is None else momentum * buf + g
            w = w - sgd_lr * (buf if momentum else g)
        path.append(w.copy())
    hp = {"lr": lr, "betas": (b1, b2), "eps": eps, "switch_step": k, "sgd_lr": sgd_lr, "sgd_momentum": momentum}
    assert np.allclose(run_torch(AdamThenSGD, [0.5, -0.5], 8, **hp), path, rtol=0, atol=1e-13)
    cfg = SimConfig(surface="himmelblau", starts=((0.5, -0.5),), steps=8,
                    optimizers=(OptimizerRun("adam_sgd", tuple(hp.items())),))
    assert np.allclose(simulate(cfg).path[0, 0], path, rtol=0, atol=1e-13)


def test_lecture_optimizers_validate_arguments():
    w = torch.zeros(2, requires_grad=True)
    with pytest.raises(ValueError, match="lr"):
        LectureAdagrad([w], lr=-1.0)
    with pytest.raises(ValueError, match="alpha"):
        LectureRMSprop([w], alpha=1.5)
    with pytest.raises(ValueError, match="switch_step"):
        AdamThenSGD([w], switch_step=0)
