"""The five studies of the Deep-networks page, each a plain function of a
:class:`~optim_core.deep.DeepConfig` returning a dataclass of numpy arrays:

1. :func:`vanishing` - gradient norm per layer along training, sigmoid vs ReLU vs residual;
   dead ReLU units.
2. :func:`bias` - a deeper ReLU net with a higher *training* loss than a shallower one,
   and the deeper net set to copy the shallower (extra layers = identity) as the proof that
   it could do at least as well: an optimization issue, not model bias.
3. :func:`batch_sizes` - train / validation loss, time per epoch, updates per epoch and the
   variance of the mini-batch gradient across batch sizes.
4. :func:`init_stats` - pre-activation mean / std per layer at initialization, four
   initializations, with and without batch normalization.
5. :func:`saddles` - networks trained by full-batch GD until the gradient is small, and
   their lowest Hessian eigenvalues by Lanczos (``scipy.sparse.linalg.eigsh``).
6. :func:`optim_core.snapshots.snapshot_ensembles` - SGDR's snapshots, their ensemble and a
   no-restart cosine baseline on the validation split.

:func:`run_tab` is the worker pool's entry point (``progress(done, total)`` optional).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch
from scipy.sparse.linalg import LinearOperator, eigsh
from torch.func import functional_call, grad, vmap

from .deep import INITS, DeepConfig, DeepNet, batch_data, bce, make_net
from .hessian import HVP, full_hessian
from .snapshots import snapshot_ensembles

__all__ = [
    "VANISHING_KINDS",
    "batch_sizes",
    "bias",
    "init_stats",
    "lowest_eigenvalues",
    "run_tab",
    "saddles",
    "vanishing",
]

VANISHING_KINDS = ("sigmoid", "relu", "residual")   # the residual net uses sigmoid blocks
GRID = 60                                          # decision-boundary grid (per side)


def _none(done, total):
    return None


def _grad_norms(net: DeepNet) -> list[float]:
    return [float(lin.weight.grad.norm()) for lin in net.layers]


# --- 1. vanishing gradients --------------------------------------------------------------

@dataclass(frozen=True)
class Vanishing:
    kinds: tuple
    grad_norms: np.ndarray    # (kinds, steps + 1, depth): |dL/dW_l| before each step
    loss: np.ndarray          # (kinds, steps + 1)
    dead_init: np.ndarray     # (depth,) ReLU units never active on the data, at init
    dead_end: np.ndarray      # (depth,) the same after training
    width: int


def _dead(net: DeepNet, x: torch.Tensor) -> np.ndarray:
    rec: list = []
    with torch.no_grad():
        net(x, rec)
    return np.array([int(((z > 0).sum(0) == 0).sum()) for z in rec])


def vanishing(config: DeepConfig, progress=_none) -> Vanishing:
    x, y, _, _ = batch_data(config)
    norms, losses, dead = [], [], {}
    for k, kind in enumerate(VANISHING_KINDS):
        act = "relu" if kind == "relu" else "sigmoid"
        net = make_net(config.depth, config.width, act, config.seed,
                       residual=kind == "residual")
        if kind == "relu":
            dead["init"] = _dead(net, x)
        opt = torch.optim.SGD(net.parameters(), lr=config.lr)
        g, ls = [], []
        for step in range(config.steps + 1):
            opt.zero_grad()
            loss = bce(net(x), y)
            loss.backward()
            g.append(_grad_norms(net))
            ls.append(float(loss.detach()))
            if step < config.steps:
                opt.step()
            if step % 25 == 0:
                progress(k * (config.steps + 1) + step, 3 * (config.steps + 1))
        if kind == "relu":
            dead["end"] = _dead(net, x)
        norms.append(g)
        losses.append(ls)
    return Vanishing(VANISHING_KINDS, np.array(norms), np.array(losses), dead["init"],
                     dead["end"], config.width)


# --- 2. model bias vs optimization issue --------------------------------------------------

@dataclass(frozen=True)
class Bias:
    depths: tuple             # (shallow, deep) hidden layers
    loss: np.ndarray          # (2, steps + 1) training loss
    accuracy: np.ndarray      # (2,) training accuracy at the end
    copy_loss: float          # the deeper net copying the trained shallower one
    xs: np.ndarray            # (GRID,) boundary grid
    ys: np.ndarray
    prob: np.ndarray          # (2, GRID, GRID) P(class 1)
    x: np.ndarray             # the training data, for the scatter
    y: np.ndarray


def copy_into(shallow: DeepNet, deep: DeepNet) -> DeepNet:
    """``deep`` set to compute exactly what ``shallow`` computes: its first layers are the
    shallower net's, every extra layer the identity (W = I, b = 0: ReLU keeps the
    non-negative activations unchanged), the same readout."""
    with torch.no_grad():
        for a, b in zip(shallow.layers, deep.layers):
            b.weight.copy_(a.weight), b.bias.copy_(a.bias)
        for b in deep.layers[len(shallow.layers):]:
            b.weight.copy_(torch.eye(b.weight.shape[0], dtype=torch.float64)), b.bias.zero_()
        deep.out.weight.copy_(shallow.out.weight), deep.out.bias.copy_(shallow.out.bias)
    return deep


def bias(config: DeepConfig, progress=_none) -> Bias:
    x, y, _, _ = batch_data(config)
    lo, hi = x.min(0).values - 0.5, x.max(0).values + 0.5
    xs = torch.linspace(float(lo[0]), float(hi[0]), GRID, dtype=torch.float64)
    ys = torch.linspace(float(lo[1]), float(hi[1]), GRID, dtype=torch.float64)
    grid = torch.stack(torch.meshgrid(xs, ys, indexing="xy"), -1).reshape(-1, 2)
    nets, losses, acc, probs = [], [], [], []
    total = 2 * (config.bias_steps + 1)
    for k, depth in enumerate((config.shallow, config.deep)):
        net = make_net(depth, config.width, "relu", config.seed)
        opt = torch.optim.SGD(net.parameters(), lr=config.lr)
        ls = []
        for step in range(config.bias_steps + 1):
            opt.zero_grad()
            loss = bce(net(x), y)
            ls.append(float(loss.detach()))
            if step < config.bias_steps:
                loss.backward()
                opt.step()
            if step % 50 == 0:
                progress(k * (config.bias_steps + 1) + step, total)
        with torch.no_grad():
            acc.append(float(((net(x) > 0).double() == y).double().mean()))
            probs.append(torch.sigmoid(net(grid)).reshape(GRID, GRID).numpy())
        nets.append(net)
        losses.append(ls)
    copy = copy_into(nets[0], make_net(config.deep, config.width, "relu", config.seed))
    with torch.no_grad():
        copy_loss = float(bce(copy(x), y))
    return Bias((config.shallow, config.deep), np.array(losses), np.array(acc), copy_loss,
                xs.numpy(), ys.numpy(), np.array(probs), x.numpy(), y.numpy().ravel())


# --- 3. small vs large batch -----------------------------------------------------------

@dataclass(frozen=True)
class Batches:
    sizes: tuple
    train_loss: np.ndarray    # (sizes, epochs + 1) on the whole training set
    val_loss: np.ndarray      # (sizes, epochs + 1)
    seconds: np.ndarray       # (sizes,) mean wall time of one epoch, this machine
    updates: np.ndarray       # (sizes,) updates per epoch counted in training
    variance: np.ndarray      # (sizes,) E|g_B - g|^2 over 200 random batches, at init
    predicted: np.ndarray     # (sizes,) (tr Sigma / B) (N - B) / (N - 1)
    n_train: int


def _loss_of(net, x, y) -> float:
    with torch.no_grad():
        return float(bce(net(x), y))


def gradient_noise(net: DeepNet, x, y, sizes, samples: int, gen) -> tuple:
    """The mini-batch gradient's variance E|g_B - g|^2: measured over ``samples`` batches
    drawn without replacement, and predicted from the per-example gradients."""
    params = {k: v.detach() for k, v in net.named_parameters()}

    def one(p, xi, yi):
        return bce(functional_call(net, p, (xi[None],)), yi[None])
    per = vmap(grad(one), in_dims=(None, 0, 0))(params, x, y)
    G = torch.cat([v.reshape(len(x), -1) for v in per.values()], 1)     # (N, P)
    g, n = G.mean(0), len(x)
    sigma2 = float(((G - g) ** 2).sum(1).mean())
    measured, predicted = [], []
    for b in sizes:
        idx = torch.stack([torch.randperm(n, generator=gen)[:b] for _ in range(samples)])
        gb = G[idx].mean(1)
        measured.append(float(((gb - g) ** 2).sum(1).mean()))
        predicted.append(sigma2 / b * (n - b) / (n - 1) if n > 1 else 0.0)
    return np.array(measured), np.array(predicted)


def batch_sizes(config: DeepConfig, progress=_none) -> Batches:
    config.check_batches()
    x, y, xv, yv = batch_data(config, config.val_fraction)
    n = len(x)
    gen = torch.Generator().manual_seed(config.seed)
    tl, vl, secs, ups = [], [], [], []
    for k, b in enumerate(config.batches):
        net = make_net(2, config.width, "relu", config.seed)
        opt = torch.optim.SGD(net.parameters(), lr=config.batch_lr)
        order_gen = torch.Generator().manual_seed(config.seed + 1)
        t_loss, v_loss, spent, count = [_loss_of(net, x, y)], [_loss_of(net, xv, yv)], 0.0, 0
        for epoch in range(config.epochs):
            start = time.perf_counter()
            order = torch.randperm(n, generator=order_gen)      # shuffle every epoch
            for i in range(0, n, b):
                idx = order[i:i + b]
                if config.drop_last and len(idx) < b:
                    break
                opt.zero_grad()
                bce(net(x[idx]), y[idx]).backward()
                opt.step()
                count += 1
            spent += time.perf_counter() - start
            t_loss.append(_loss_of(net, x, y))
            v_loss.append(_loss_of(net, xv, yv))
            progress(k * config.epochs + epoch + 1, len(config.batches) * config.epochs)
        tl.append(t_loss), vl.append(v_loss)
        secs.append(spent / config.epochs), ups.append(count // config.epochs)
    init = make_net(2, config.width, "relu", config.seed)
    measured, predicted = gradient_noise(init, x, y, config.batches, 200, gen)
    return Batches(config.batches, np.array(tl), np.array(vl), np.array(secs),
                   np.array(ups), measured, predicted, n)


# --- 4. initialization and batch normalization ----------------------------------------

@dataclass(frozen=True)
class InitStats:
    inits: tuple
    mean: np.ndarray          # (inits, 2, depth): without / with batch norm
    std: np.ndarray           # (inits, 2, depth)
    scale: float
    act: str


def init_stats(config: DeepConfig, progress=_none) -> InitStats:
    x, _, _, _ = batch_data(config)
    mean = np.zeros((len(INITS), 2, config.init_depth))
    std = np.zeros_like(mean)
    for i, init in enumerate(INITS):
        for j, bn in enumerate((False, True)):
            net = make_net(config.init_depth, config.init_width, config.init_act,
                           config.seed, bn=bn, init=init, scale=config.scale)
            net.train()                       # batch norm uses the batch's statistics
            rec: list = []
            with torch.no_grad():
                net(x, rec)
            mean[i, j] = [float(z.mean()) for z in rec]
            std[i, j] = [float(z.std(unbiased=False)) for z in rec]
        progress(i + 1, len(INITS))
    return InitStats(INITS, mean, std, config.scale, config.init_act)


# --- 5. saddles in high dimension -------------------------------------------------------

@dataclass(frozen=True)
class Saddles:
    steps: np.ndarray         # (seeds,) GD steps until the gradient norm fell below stall
    stalled: np.ndarray       # (seeds,) bool: it did (else max_steps was reached)
    loss: np.ndarray          # (seeds,) loss where it stopped
    grad_norm: np.ndarray     # (seeds,)
    lowest: np.ndarray        # (seeds, k) lowest Hessian eigenvalues (Lanczos), ascending
    largest: np.ndarray       # (seeds,) largest eigenvalue
    negative: np.ndarray      # (seeds,) how many of the lowest k are below -tol
    tol: np.ndarray           # (seeds,) 1e-4 x the largest eigenvalue
    params: int
    curves: tuple             # per seed: the loss along GD (every 10th step)


class GraphHVP:
    """``v -> H v`` by double backward through one kept graph of the gradient (one
    backward pass per product; much cheaper here than re-tracing ``torch.func`` per call).
    Same interface as :class:`optim_core.hessian.HVP` (``n``, ``count``)."""

    def __init__(self, net: DeepNet, x, y):
        self.params = [p for p in net.parameters()]
        g = torch.autograd.grad(bce(net(x), y), self.params, create_graph=True)
        self.g = torch.cat([t.reshape(-1) for t in g])
        self.n, self.count = self.g.numel(), 0

    def __call__(self, v: torch.Tensor) -> torch.Tensor:
        self.count += 1
        hv = torch.autograd.grad(self.g, self.params, grad_outputs=v, retain_graph=True)
        return torch.cat([t.reshape(-1) for t in hv]).detach()


def lowest_eigenvalues(hvp, k: int, seed: int = 0) -> np.ndarray:
    """The ``k`` lowest eigenvalues of the Hessian behind ``hvp``, ascending: Lanczos
    (ARPACK's ``eigsh``, which='SA') on a LinearOperator of Hessian-vector products."""
    n = hvp.n

    def mv(v):
        v = torch.as_tensor(np.asarray(v, dtype=np.float64).ravel())
        return hvp(v).detach().numpy()
    op = LinearOperator((n, n), matvec=mv, dtype=np.float64)
    v0 = np.random.default_rng(seed).standard_normal(n)
    k = min(k, n - 1)
    vals = eigsh(op, k=k, which="SA", v0=v0, tol=1e-12, ncv=min(n, max(2 * k + 1, 64)),
                 return_eigenvectors=False, maxiter=50 * n)
    return np.sort(vals)


def largest_eigenvalue(hvp, seed: int = 0) -> float:
    n = hvp.n
    op = LinearOperator((n, n), dtype=np.float64, matvec=lambda v: hvp(
        torch.as_tensor(np.asarray(v, dtype=np.float64).ravel())).detach().numpy())
    v0 = np.random.default_rng(seed).standard_normal(n)
    return float(eigsh(op, k=1, which="LA", v0=v0, tol=1e-10,
                       return_eigenvectors=False)[0])


def saddle_net(config: DeepConfig, s: int) -> DeepNet:
    """Two tanh hidden layers of ``saddle_width`` units, every weight and bias drawn from
    N(0, saddle_init^2) with seed ``seed * 1000 + s``."""
    net = DeepNet(2, config.saddle_width, "tanh")
    gen = torch.Generator().manual_seed(config.seed * 1000 + s)
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64)
                    * config.saddle_init)
    return net


def saddles(config: DeepConfig, progress=_none) -> Saddles:
    x, y, _, _ = batch_data(config)
    out = {k: [] for k in ("steps", "stalled", "loss", "grad", "lowest", "largest", "curve")}
    params = 0
    for s in range(config.seeds):
        net = saddle_net(config, s)
        opt = torch.optim.SGD(net.parameters(), lr=config.saddle_lr)
        curve, gn, step = [], np.inf, 0
        for step in range(config.max_steps + 1):
            opt.zero_grad()
            loss = bce(net(x), y)
            loss.backward()
            gn = float(torch.cat([p.grad.reshape(-1) for p in net.parameters()]).norm())
            if step % 10 == 0:
                curve.append(float(loss.detach()))
            if gn < config.stall or step == config.max_steps:
                break
            opt.step()
        hvp = GraphHVP(net, x, y)
        params = hvp.n
        out["steps"].append(step), out["stalled"].append(gn < config.stall)
        out["loss"].append(float(loss.detach())), out["grad"].append(gn), out["curve"].append(curve)
        out["lowest"].append(lowest_eigenvalues(hvp, config.k_low, s))
        out["largest"].append(largest_eigenvalue(hvp, s))
        progress(s + 1, config.seeds)
    largest = np.array(out["largest"])
    lowest = np.array(out["lowest"])
    tol = 1e-4 * np.maximum(np.abs(largest), 1e-12)
    return Saddles(np.array(out["steps"]), np.array(out["stalled"]), np.array(out["loss"]),
                   np.array(out["grad"]), lowest, largest,
                   (lowest < -tol[:, None]).sum(1), tol, params, tuple(out["curve"]))


def full_lowest(hvp: HVP, k: int) -> np.ndarray:
    """The same ``k`` lowest eigenvalues from the whole Hessian (small nets only)."""
    return np.linalg.eigvalsh(full_hessian(hvp).detach().numpy())[:k]


STUDIES = {"vanishing": vanishing, "bias": bias, "batch": batch_sizes, "init": init_stats,
           "saddles": saddles, "snapshots": snapshot_ensembles}


def run_tab(config: DeepConfig, tab: str, progress=None):
    """One tab's study (the worker pool calls this)."""
    return STUDIES[tab](config, progress or _none)


def cli_run(d) -> dict:
    """The ``deep --config`` command: ``{"tab": one of STUDIES, <DeepConfig fields>}`` ->
    that study's arrays as plain JSON (the same numbers the page shows)."""
    from dataclasses import asdict

    from .cli_analysis import jsonable
    if not isinstance(d, dict):
        raise ValueError("the deep config must be a JSON object")
    d = dict(d)
    tab = d.pop("tab", "vanishing")
    if tab not in STUDIES:
        raise ValueError(f"tab must be one of {', '.join(STUDIES)}; got {tab!r}")
    config = DeepConfig.from_dict(d)
    return jsonable({"tab": tab, "config": config.to_dict(),
                     "result": asdict(STUDIES[tab](config))})


def cli_help() -> str:
    from .deep import DEEP_PARAMS
    lines = [f"  {'tab':<14} {'|'.join(STUDIES):<40} default \"vanishing\"  the study"]
    for p in DEEP_PARAMS:
        allowed = "|".join(p.choices) if p.kind == "choice" else f"[{p.low:g}, {p.high:g}]"
        lines.append(f"  {p.name:<14} {allowed:<40} default {p.default!r}  {p.help}")
    return ("One study of the Deep-networks page (vanishing gradients, model bias vs "
            "optimization, batch sizes, initialization / batch norm, saddles, snapshot ensembles).\n\nconfig "
            "fields (a JSON object; unknown fields are refused):\n" + "\n".join(lines))
