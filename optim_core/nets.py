"""Small neural networks trained with the registry's optimizers and schedules.

:class:`NetConfig` is frozen and validated like :class:`~optim_core.config.SimConfig`
(it is the cache key); :func:`train` trains one copy of the same initial network per
optimizer with the real ``torch.optim`` optimizer and ``lr_scheduler`` (float64), and
records per epoch the training and validation loss and accuracy and the flattened
weights (the trajectory the landscape views project). A run whose loss stops being
finite is stopped and reported, not raised.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from .config import OptimizerRun, _freeze
from .data_surfaces import batch_schedule, batches_per_epoch
from .datasets import CLASSIFICATION, classification
from .net_optimizers import make_optimizer
from .schedules import LOSS_DRIVEN, _quiet, attach, check_factor
from .specs import Param, check_keys, shown, validate_params
from .text import Text

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "MAX_WORK",
    "NET_PARAMS",
    "NetConfig",
    "NetResult",
    "RunHistory",
    "build_model",
    "flat",
    "loss_fn",
    "max_epochs",
    "penalized_names",
    "penalty",
    "penalty_of",
    "train",
]

DTYPE = torch.float64
ACTIVATIONS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU,
               "leaky_relu": nn.LeakyReLU, "elu": nn.ELU, "silu": nn.SiLU}
INITS = ("default", "xavier", "he")
NET_PARAMS = (   # the network and its data, as Param specs (widgets, validation, CLI)
    Param("data", "moons", 0, 0, kind="choice", choices=tuple(CLASSIFICATION)),
    Param("n", 300, 20, 2000, kind="int", help=Text("data points (generated sets)",
                                                    "数据点个数（生成的数据集）")),
    Param("noise", 0.2, 0.0, 2.0, help=Text("std of the noise of a generated set",
                                            "生成数据集的噪声标准差")),
    Param("seed", 0, 0, 2 ** 31 - 1, kind="int", help=Text("seed of the data and its split",
                                                           "数据及其划分的随机种子")),
    Param("val_fraction", 0.25, 0.0, 0.5, help=Text(
        "share of the data kept for validation (0 = no validation split)",
        "留作验证的数据比例（0 = 不划分验证集）")),
    Param("width", 16, 1, 128, kind="int", help=Text("units per hidden layer", "每个隐藏层的单元数")),
    Param("depth", 2, 1, 6, kind="int", help=Text("hidden layers", "隐藏层数")),
    Param("activation", "tanh", 0, 0, kind="choice", choices=tuple(ACTIVATIONS)),
    Param("residual", "off", 0, 0, kind="choice", choices=("off", "on"),
          help=Text("h + f(h) around every hidden layer after the first",
                    "第一层之后每个隐藏层外加残差 h + f(h)")),
    Param("batch_norm", "off", 0, 0, kind="choice", choices=("off", "on"),
          help=Text("BatchNorm1d after every hidden linear layer",
                    "每个隐藏线性层之后加 BatchNorm1d")),
    Param("init", "default", 0, 0, kind="choice", choices=INITS,
          help=Text("PyTorch's default, Xavier (Glorot) uniform or He (Kaiming) normal",
                    "PyTorch 默认、Xavier (Glorot) 均匀或 He (Kaiming) 正态初始化")),
    Param("init_seed", 0, 0, 2 ** 31 - 1, kind="int", help=Text("seed of the initial weights",
                                                                "初始权重的随机种子")),
    Param("epochs", 60, 1, 1000, kind="int", help=Text("passes over the training data",
                                                       "遍历训练数据的轮数")),
    Param("batch_size", 32, 0, 2000, kind="int", help=Text("0 = the full batch", "0 = 全批量")),
    Param("shuffle", "on", 0, 0, kind="choice", choices=("off", "on")),
    Param("drop_last", "off", 0, 0, kind="choice", choices=("off", "on")),
    Param("dropout", 0.0, 0.0, 0.9, help=Text(
        "share p of hidden units zeroed at random in training only (the rest scaled by "
        "1/(1-p)); evaluation uses every unit", "训练时随机置零的隐藏单元比例 p（其余乘以 "
        "1/(1-p)）；仅在训练时生效，评估时使用全部单元")),
    Param("weight_decay", 0.0, 0.0, 1.0, help=Text(
        "L2 penalty lambda/2 * sum of squared weights (not the biases) added to the loss",
        "加到损失上的 L2 惩罚 λ/2 · 权重平方和（不含偏置）")),
    Param("l1", 0.0, 0.0, 1.0, help=Text(
        "L1 penalty lambda1 * sum of |weights| (not the biases) added to the loss",
        "加到损失上的 L1 惩罚 λ1 · 权重绝对值之和（不含偏置）")),
)
# Training work in weight-samples (one weight, one data point, forward and backward): an
# iteration costs ITERATION_COST of them on top of batch x weights (torch's per-call
# overhead, 1.7 ms measured), every epoch evaluates the whole data set once more. 0.5 ns a
# weight-sample on this machine (bench/RESULTS.md "Largest accepted requests").
ITERATION_COST = 3_400_000
MAX_RUNS = 8                 # runs (optimizer configurations) per training
MAX_WORK = 5e10          # about 25 s of CPU
MAX_SNAPSHOT_BYTES = 400e6   # weight vectors kept for the landscape views, all optimizers
SNAPSHOTS = 200  # weight vectors kept per run (evenly spaced epochs)


class MLP(nn.Module):
    def __init__(self, width: int, depth: int, activation: str, residual: bool,
                 batch_norm: bool, dropout: float = 0.0):
        super().__init__()
        act = ACTIVATIONS[activation]
        self.residual, self.activation = residual, activation
        self.layers = nn.ModuleList()
        for i in range(depth):
            parts = [nn.Linear(2 if i == 0 else width, width, dtype=DTYPE)]
            if batch_norm:
                parts.append(nn.BatchNorm1d(width, dtype=DTYPE))
            parts.append(act())
            if dropout > 0:   # only then: p = 0 draws no random numbers
                parts.append(nn.Dropout(dropout))
            self.layers.append(nn.Sequential(*parts))
        self.out = nn.Linear(width, 2, dtype=DTYPE)

    def forward(self, x):
        h = self.layers[0](x)
        for layer in self.layers[1:]:
            h = h + layer(h) if self.residual else layer(h)
        return self.out(h)


@dataclass(frozen=True)
class NetConfig:
    """A network, its data and how to train it, with the optimizers to compare."""
    params: tuple = ()                          # ((name, value), ...) of NET_PARAMS
    optimizers: tuple = (OptimizerRun("adam"),)

    def __post_init__(self):
        p = validate_params(NET_PARAMS, dict(self.params) if not isinstance(self.params, dict)
                            else self.params, "net")
        object.__setattr__(self, "params", _freeze(p))
        n_runs = len(self.optimizers) if isinstance(self.optimizers, (list, tuple)) else -1
        if not 1 <= n_runs <= MAX_RUNS:
            got = (len(self.optimizers) if isinstance(self.optimizers, (list, tuple))
                   else shown(self.optimizers))
            raise ValueError(f"optimizers must list 1 to {MAX_RUNS} optimizers; got {got}")
        from .net_optimizers import NetRun, run_from_dict
        object.__setattr__(self, "optimizers", tuple(
            o if isinstance(o, OptimizerRun) else run_from_dict(o, i)
            for i, o in enumerate(self.optimizers)))
        if p["depth"] < 2 and any(isinstance(o, NetRun) for o in self.optimizers):
            raise ValueError("net.depth: Muon updates the hidden weight matrices (between "
                             "two hidden layers); it needs at least 2 hidden layers")
        from .optimizers import get_optimizer
        for i, o in enumerate(self.optimizers):   # Newton: n^2 Hessian entries, n solves
            if not isinstance(o, NetRun) and get_optimizer(o.name).hessian:
                raise ValueError(f"optimizers[{i}]: {o.name} needs the exact Hessian, "
                                 f"(number of weights)^2 = {self.n_weights ** 2:,} entries here: "
                                 "not offered for networks (L-BFGS approximates it)")
        n_train = len(self.data().y_train)
        b = p["batch_size"]
        steps = p["epochs"] * batches_per_epoch(n_train, b or n_train, p["drop_last"] == "on")
        for i, o in enumerate(self.optimizers):   # a typed factor: a rate at every step
            if o.schedule == "lambda" and steps:
                check_factor(dict(o.schedule_params)["lr_lambda"], steps,
                             f"optimizers[{i}].schedule.params")
        if b > n_train:
            raise ValueError(f"net.batch_size must be at most the training points "
                             f"({n_train}); got {b}")
        if b and p["drop_last"] == "on" and n_train // b == 0:
            raise ValueError("net.drop_last leaves no batch")
        if p["batch_norm"] == "on" and (b == 1 or (b and p["drop_last"] == "off"
                                                    and n_train % b == 1)):
            raise ValueError(f"net.batch_size: batch norm needs at least 2 points in every "
                             f"batch; {n_train} training points in batches of {b} leave one "
                             f"alone (another batch size, or drop_last on)")
        if self.work > MAX_WORK:
            raise ValueError(
                f"training is {self.work:.2g} weight-samples (optimizers x epochs x "
                f"(iterations x ({ITERATION_COST:.2g} + batch x weights) + data x weights)); "
                f"at most {MAX_WORK:.0e}, about 25 s: at most "
                f"{max_epochs(dict(self.params), len(self.optimizers))} epochs here "
                f"(or a larger batch, a narrower net, less data, fewer optimizers)")
        kept = len(self.optimizers) * min(p["epochs"] + 1, SNAPSHOTS + 1) * self.n_weights * 8
        if kept > MAX_SNAPSHOT_BYTES:
            raise ValueError(f"the weights kept for the landscape views would take "
                             f"{kept / 1e6:,.0f} MB; at most {MAX_SNAPSHOT_BYTES / 1e6:,.0f} MB "
                             f"(fewer optimizers or epochs, a narrower or shallower net)")

    @property
    def work(self) -> float:
        """Weight-samples of training (see ITERATION_COST): what the limit counts."""
        return len(self.optimizers) * self.hp["epochs"] * self.epoch_work

    @property
    def epoch_work(self) -> float:
        n_train, W = len(self.data().y_train), self.n_weights
        n_all = n_train + len(self.data().y_val)
        return self.iterations_per_epoch * (ITERATION_COST + self.batch * W) + n_all * W

    @property
    def hp(self) -> dict:
        return dict(self.params)

    @property
    def n_weights(self) -> int:
        w, d, bn = self.hp["width"], self.hp["depth"], self.hp["batch_norm"] == "on"
        return (2 * w + w) + (d - 1) * (w * w + w) + (w * 2 + 2) + (2 * w * d if bn else 0)

    def data(self):
        p = self.hp
        return classification(p["data"], p["n"], p["noise"], p["seed"], p["val_fraction"])

    @property
    def batch(self) -> int:
        return self.hp["batch_size"] or len(self.data().y_train)

    @property
    def iterations_per_epoch(self) -> int:
        return batches_per_epoch(len(self.data().y_train), self.batch,
                                 self.hp["drop_last"] == "on")

    def to_dict(self) -> dict:
        return {"net": dict(self.params), "optimizers": [o.to_dict() for o in self.optimizers]}

    @classmethod
    def from_dict(cls, d) -> NetConfig:
        if not isinstance(d, dict) or not isinstance(d.get("net", {}), dict):
            raise ValueError("a network configuration is {\"net\": {...}, \"optimizers\": [...]}")
        check_keys(d, ("net", "optimizers"), what="configuration field")
        opts = d.get("optimizers", ["adam"])
        if not isinstance(opts, list) or not 1 <= len(opts) <= MAX_RUNS:
            got = len(opts) if isinstance(opts, list) else shown(opts)
            raise ValueError(f"optimizers must list 1 to {MAX_RUNS} optimizers; got {got}")
        from .net_optimizers import run_from_dict
        return cls(tuple(d.get("net", {}).items()),
                   tuple(run_from_dict(o, i) for i, o in enumerate(opts)))


def max_epochs(params: dict, optimizers: int = 1) -> int:
    """The most epochs :data:`MAX_WORK` allows for these network settings and this many
    optimizers (what the page states next to the epochs control); 0 if not even one."""
    one = NetConfig.__new__(NetConfig)   # the work of one epoch, without the limit check
    p = validate_params(NET_PARAMS, {**params, "epochs": 1}, "net")
    object.__setattr__(one, "params", _freeze(p))
    return int(MAX_WORK // (optimizers * one.epoch_work))


def build_model(config: NetConfig) -> MLP:
    """The initial network, its weights drawn from a generator seeded with ``init_seed``."""
    p = config.hp
    model = MLP(p["width"], p["depth"], p["activation"], p["residual"] == "on",
                p["batch_norm"] == "on", p["dropout"])
    gen = torch.Generator().manual_seed(p["init_seed"])
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Linear):
                fan_in = m.weight.shape[1]
                if p["init"] == "xavier":
                    nn.init.xavier_uniform_(m.weight, generator=gen)
                    nn.init.zeros_(m.bias)
                elif p["init"] == "he":
                    nn.init.kaiming_normal_(m.weight, nonlinearity="relu", generator=gen)
                    nn.init.zeros_(m.bias)
                else:   # what nn.Linear.reset_parameters does, from our generator
                    nn.init.kaiming_uniform_(m.weight, a=math.sqrt(5), generator=gen)
                    bound = 1 / math.sqrt(fan_in)
                    nn.init.uniform_(m.bias, -bound, bound, generator=gen)
    return model


def loss_fn(logits, y):
    return nn.functional.cross_entropy(logits, y)


def penalty(model: nn.Module, weight_decay: float, l1: float):
    """The regularization term added to the training loss: weight_decay/2 * sum w^2 +
    l1 * sum |w| over the weights of the linear layers (not the biases, as the notes
    advise); 0 when both are 0. Its gradient is weight_decay * w + l1 * sign(w), its
    Hessian weight_decay on every such weight (L1 adds none away from w = 0)."""
    return penalty_of([m.weight for m in model.modules() if isinstance(m, nn.Linear)],
                      weight_decay, l1)


def penalty_of(weights, weight_decay: float, l1: float):
    """:func:`penalty` of the given weight tensors (the linear layers' weights)."""
    out = 0.0
    for w in weights:
        if weight_decay:
            out = out + weight_decay / 2 * w.square().sum()
        if l1:
            out = out + l1 * w.abs().sum()
    return out


def penalized_names(model: nn.Module) -> list[str]:
    """The parameter names :func:`penalty` covers: every linear layer's weight."""
    return [f"{name}.weight" for name, m in model.named_modules() if isinstance(m, nn.Linear)]


def flat(model: nn.Module) -> torch.Tensor:
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()])


@dataclass
class RunHistory:
    """One optimizer's training: per epoch (index 0 = before training)."""
    name: str
    train_loss: np.ndarray      # (E+1,) full training set, eval mode
    val_loss: np.ndarray
    train_acc: np.ndarray
    val_acc: np.ndarray
    batch_loss: np.ndarray      # (iterations,) each mini-batch's loss as it was trained on
    lr: np.ndarray              # (iterations,) the rate of each step
    weights: np.ndarray         # (S, P) flattened parameters at the epochs ``snapshots``
    snapshots: np.ndarray       # (S,) epochs of the rows of ``weights`` (0 and E included)
    buffers: list               # (S,) batch-norm statistics at those epochs (state dicts)
    diverged_at: int | None     # first iteration whose loss was not finite
    model: MLP = field(repr=False)


@dataclass
class NetResult:
    config: NetConfig
    runs: list[RunHistory]
    init: MLP = field(repr=False)


def _tensors(config):
    d = config.data()
    return (torch.tensor(d.x_train, dtype=DTYPE), torch.tensor(d.y_train),
            torch.tensor(d.x_val, dtype=DTYPE), torch.tensor(d.y_val))


@torch.no_grad()
def evaluate(model: MLP, x, y) -> tuple[float, float]:
    model.eval()
    if len(y) == 0:       # no validation split
        return math.nan, math.nan
    logits = model(x)
    return float(loss_fn(logits, y)), float((logits.argmax(1) == y).double().mean())


def train(config: NetConfig, progress=None) -> NetResult:
    """Train every optimizer of ``config`` from the same initial network.

    ``progress(done, total)`` is called after every epoch of every optimizer. Dropout's
    masks come from torch's global generator, seeded with ``init_seed`` at the start of
    every run; its state is restored afterwards."""
    with torch.random.fork_rng(devices=[]):
        return _train(config, progress)


def _train(config: NetConfig, progress=None) -> NetResult:
    p = config.hp
    xt, yt, xv, yv = _tensors(config)
    init = build_model(config)
    E, per = p["epochs"], config.iterations_per_epoch
    wd, l1 = p["weight_decay"], p["l1"]
    steps = E * per
    order = batch_schedule(len(yt), config.batch, p["shuffle"] == "on",
                           p["drop_last"] == "on", p["seed"], steps)
    runs = []
    for k, run in enumerate(config.optimizers):
        model = copy.deepcopy(init)
        opt = make_optimizer(run, model)
        torch.manual_seed(p["init_seed"])   # dropout's masks (the global generator)
        sched = None
        if run.schedule is not None:
            with _quiet():
                sched = attach(opt, run.schedule, dict(run.schedule_params), steps)
        hist = {key: [] for key in ("tl", "vl", "ta", "va", "w", "s", "b")}
        stride = -(-E // SNAPSHOTS)
        batch_loss, lrs, diverged = np.full(steps, np.nan), np.full(steps, np.nan), None

        def record(epoch, model=model, hist=hist, stride=stride):
            for key, (x, y) in (("t", (xt, yt)), ("v", (xv, yv))):
                loss, acc = evaluate(model, x, y)
                hist[key + "l"].append(loss)
                hist[key + "a"].append(acc)
            if epoch % stride == 0 or epoch == E:
                hist["w"].append(flat(model).numpy())
                hist["s"].append(epoch)
                hist["b"].append({k: v.clone() for k, v in model.named_buffers()})
        record(0)
        for e in range(E):
            if diverged is None:
                model.train()
                for i in range(e * per, (e + 1) * per):
                    idx = order[i]
                    lrs[i] = opt.param_groups[0]["lr"]
                    opt.zero_grad()
                    loss = loss_fn(model(xt[idx]), yt[idx])
                    if not torch.isfinite(loss):
                        diverged = i
                        break
                    (loss + penalty(model, wd, l1)).backward()
                    if isinstance(opt, torch.optim.LBFGS):   # evaluates the batch again
                        opt.step(lambda idx=idx, o=opt, m=model: _closure(
                            o, m, lambda z, y, m=m: loss_fn(z, y) + penalty(m, wd, l1),
                            xt[idx], yt[idx]))
                    else:
                        opt.step()
                    batch_loss[i] = loss.item()
                    if sched is not None:
                        with _quiet():
                            sched.step(loss.item()) if run.schedule in LOSS_DRIVEN else sched.step()
            if diverged is None and not torch.isfinite(flat(model)).all():
                diverged = (e + 1) * per - 1
            record(e + 1)
            if progress:
                progress(k * E + e + 1, len(config.optimizers) * E)
        runs.append(RunHistory(run.name, *(np.array(hist[k]) for k in ("tl", "vl", "ta", "va")),
                               batch_loss, lrs, np.stack(hist["w"]), np.array(hist["s"]),
                               hist["b"], diverged, model))
    return NetResult(config, runs, init)


def _closure(opt, model, loss_fn, x, y):
    """L-BFGS's closure: the batch's loss and gradient at the current weights."""
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    return loss
