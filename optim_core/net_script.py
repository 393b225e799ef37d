"""The Neural-network page's reproduction script: plain PyTorch, no optim_core.

:func:`net_script` renders, from a :class:`~optim_core.nets.NetConfig`, a standalone
script that draws the same data from the same seed, builds the same MLP with the same
initial weights, trains one copy per optimizer with the same ``torch.optim`` optimizer,
the same ``lr_scheduler`` and the same mini-batch order, and prints the per-epoch losses
and accuracies as JSON, in the shape of ``python -m optim_core train`` (NaN as null).
The lecture's own optimizers (not in torch.optim) are copied into the script.
"""
from __future__ import annotations

import inspect

from . import datasets, lecture
from .nets import ACTIVATIONS, MLP, NetConfig
from .optimizers import OPTIMIZERS
from .schedules import LOSS_DRIVEN, WARMUP

__all__ = ["SCHEDULE_SOURCE", "net_script", "script_supports"]

# every schedule of the registry as the torch code that builds it: build(opt, steps, **hp)
_CYCLIC = ("lambda opt, steps, max_lr, step_size_up, gamma=1.0: S.CyclicLR(\n"
           "        opt, base_lr=opt.param_groups[0]['lr'], max_lr=max_lr,\n"
           "        step_size_up=step_size_up, mode={mode!r}, gamma=gamma, cycle_momentum=False)")
SCHEDULE_SOURCE = {
    "constant": "lambda opt, steps: S.LambdaLR(opt, lambda t: 1.0)",
    "step": "lambda opt, steps, step_size, gamma: S.StepLR(opt, step_size, gamma)",
    "multistep": ("lambda opt, steps, milestones, gamma: S.MultiStepLR(\n"
                  "        opt, sorted({int(m) for m in milestones}), gamma)"),
    "exponential": "lambda opt, steps, gamma: S.ExponentialLR(opt, gamma)",
    "cosine": "lambda opt, steps, T_max, eta_min: S.CosineAnnealingLR(opt, T_max, eta_min)",
    "cyclic_triangular": _CYCLIC.format(mode="triangular"),
    "cyclic_triangular2": _CYCLIC.format(mode="triangular2"),
    "cyclic_exp_range": _CYCLIC.format(mode="exp_range"),
    "sgdr": ("lambda opt, steps, T_0, T_mult, eta_min: S.CosineAnnealingWarmRestarts(\n"
             "        opt, T_0, T_mult, eta_min)"),
    "onecycle": ("lambda opt, steps, max_lr, pct_start, div_factor, final_div_factor: "
                 "S.OneCycleLR(\n        opt, max_lr, total_steps=steps, pct_start=pct_start,"
                 " div_factor=div_factor,\n        final_div_factor=final_div_factor, "
                 "cycle_momentum=False)"),
    "linear": ("lambda opt, steps, start_factor, end_factor, total_iters: S.LinearLR(\n"
               "        opt, start_factor, end_factor, total_iters)"),
    "polynomial": "lambda opt, steps, total_iters, power: S.PolynomialLR(opt, total_iters, power)",
    "constant_factor": ("lambda opt, steps, factor, total_iters: S.ConstantLR(\n"
                        "        opt, factor, total_iters)"),
    "multiplicative": "lambda opt, steps, factor: S.MultiplicativeLR(opt, lambda t: factor)",
    "inverse_sqrt": ("lambda opt, steps, warmup_steps: S.LambdaLR(\n"
                     "        opt, lambda t: min((t + 1) / warmup_steps, "
                     "math.sqrt(warmup_steps / (t + 1))))"),
    **{f"reduce_on_plateau{'' if m == 'rel' else '_abs'}":
       f"lambda opt, steps, **hp: S.ReduceLROnPlateau(opt, mode='min', threshold_mode={m!r}, **hp)"
       for m in ("rel", "abs")},
}
def script_supports(schedule: str) -> bool:
    """Whether the reproduction script can write ``schedule`` as plain torch code."""
    decay = next((d for d, w in WARMUP.items() if w == schedule), None)
    return (decay or schedule) in SCHEDULE_SOURCE


_WARMUP = '''def warmup(decay):
    """Linear warm-up for total_iters steps, then the decay from its own step 0."""
    def build(opt, steps, start_factor, total_iters, **hp):
        w = min(total_iters, steps)
        return S.SequentialLR(opt, [S.LinearLR(opt, start_factor, 1.0, total_iters=w),
                                    decay(opt, max(steps - w, 1), **hp)], milestones=[w])
    return build'''

_DATA = {
    "moons": "X, y = skd.make_moons(N, noise=NOISE, random_state=SEED)",
    "circles": "X, y = skd.make_circles(N, noise=NOISE, factor=0.5, random_state=SEED)",
    "spirals": "X, y = _spirals(N, NOISE, SEED)",
    "breast_cancer": ("d = skd.load_breast_cancer()\n"
                      "    X, y = d.data[:, [0, 1]], d.target  # two features; N, NOISE unused"),
}
_INIT = {
    "xavier": ["nn.init.xavier_uniform_(m.weight, generator=gen)", "nn.init.zeros_(m.bias)"],
    "he": ["nn.init.kaiming_normal_(m.weight, nonlinearity='relu', generator=gen)",
           "nn.init.zeros_(m.bias)"],
    "default": ["# what nn.Linear.reset_parameters does, from our generator",
                "nn.init.kaiming_uniform_(m.weight, a=math.sqrt(5), generator=gen)",
                "bound = 1 / math.sqrt(m.weight.shape[1])",
                "nn.init.uniform_(m.bias, -bound, bound, generator=gen)"],
}

_TRAIN = '''
def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        logits = model(x)
        return (float(F.cross_entropy(logits, y)),
                float((logits.argmax(1) == y).double().mean()))


def batch_order(n, steps):
    """Each step's data indices: a fresh torch.randperm per epoch (as RandomSampler)."""
    gen = torch.Generator().manual_seed(SEED)
    out = []
    while len(out) < steps:
        order = torch.randperm(n, generator=gen) if SHUFFLE else torch.arange(n)
        out += [order[i * BATCH:(i + 1) * BATCH] for i in range(PER_EPOCH)]
    return out[:steps]


def train():
    xt, yt, xv, yv = make_data()
    init = initial_model()
    steps = EPOCHS * PER_EPOCH
    order = batch_order(len(yt), steps)
    runs = []
    for name, cls, kwargs, schedule in OPTIMIZERS:
        model = copy.deepcopy(init)
        opt = cls(model.parameters(), **kwargs)
        sched = None
        if schedule is not None:
            key, build, hp = schedule
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sched = build(opt, steps, **hp)
        hist = {k: [] for k in ("train_loss", "val_loss", "train_acc", "val_acc")}
        diverged = None

        def record():
            for part, (x, y) in (("train", (xt, yt)), ("val", (xv, yv))):
                loss, acc = evaluate(model, x, y)
                hist[part + "_loss"].append(loss)
                hist[part + "_acc"].append(acc)
        record()
        for e in range(EPOCHS):
            if diverged is None:
                model.train()
                for i in range(e * PER_EPOCH, (e + 1) * PER_EPOCH):
                    idx = order[i]
                    opt.zero_grad()
                    loss = F.cross_entropy(model(xt[idx]), yt[idx])
                    if not torch.isfinite(loss):
                        diverged = i
                        break
                    loss.backward()
                    opt.step()
                    if sched is not None:
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            if key in LOSS_DRIVEN:
                                sched.step(loss.item())
                            else:
                                sched.step()
            weights = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
            if diverged is None and not torch.isfinite(weights).all():
                diverged = (e + 1) * PER_EPOCH - 1
            record()
        runs.append({"optimizer": name, **{k: [v if math.isfinite(v) else None for v in vs]
                                           for k, vs in hist.items()},
                     "diverged_at": diverged})
    return {"runs": runs}


if __name__ == "__main__":
    print(json.dumps(train(), allow_nan=False))
'''


def _lecture_source() -> str:
    src = inspect.getsource(lecture)
    return src.replace("from __future__ import annotations\n", "").replace("import torch\n", "")


def net_script(config: NetConfig) -> str:
    """A standalone script retraining ``config``'s network with every optimizer (plain
    PyTorch, numpy and scikit-learn; float64) and printing the per-epoch history as JSON."""
    p = config.hp
    runs = config.optimizers
    lines = ['"""Reproduces a Descent Lab network run with plain PyTorch (float64).',
             "",
             "Prints, per optimizer, the loss and accuracy on the training and validation",
             'data before training and after every epoch, as JSON."""',
             "from __future__ import annotations", "",
             "import copy", "import json", "import math", "import warnings", "",
             "import numpy as np", "import torch",
             "import torch.nn.functional as F",
             "from sklearn import datasets as skd",
             "from torch import nn",
             "from torch.optim import lr_scheduler as S", ""]
    refs = [OPTIMIZERS[r.name].ref_for(r.hp) for r in runs]   # (class, keyword arguments)
    if any(not cls.__module__.startswith("torch.optim") for cls, _ in refs):
        lines += ["# --- the lecture's own optimizers (Descent Lab's optim_core/lecture.py) ---",
                  _lecture_source().strip(), ""]
    lines += ["# --- the configuration ---",
              (f"DATA, N, NOISE, SEED, VAL_FRACTION = {p['data']!r}, {p['n']}, {p['noise']!r}, "
               f"{p['seed']}, {p['val_fraction']!r}"),
              f"WIDTH, DEPTH, ACTIVATION = {p['width']}, {p['depth']}, {p['activation']!r}",
              f"RESIDUAL, BATCH_NORM = {p['residual'] == 'on'}, {p['batch_norm'] == 'on'}",
              f"INIT_SEED, EPOCHS = {p['init_seed']}, {p['epochs']}",
              f"BATCH, SHUFFLE = {config.batch}, {p['shuffle'] == 'on'}  # mini-batch size",
              (f"PER_EPOCH = {config.iterations_per_epoch}  # mini-batches per epoch"
               f"{' (the last partial one dropped)' if p['drop_last'] == 'on' else ''}"),
              f"LOSS_DRIVEN = {tuple(LOSS_DRIVEN)!r}  # schedulers stepped with the loss",
              "DTYPE = torch.float64",
              f"ACTIVATIONS = {{{p['activation']!r}: nn.{ACTIVATIONS[p['activation']].__name__}}}",
              ""]
    scheds = sorted({r.schedule for r in runs if r.schedule is not None})
    for k in scheds:
        if not script_supports(k):
            raise ValueError(f"the reproduction script does not cover the schedule {k!r} yet "
                             f"(typed and composite schedules); covered: "
                             f"{', '.join(sorted(SCHEDULE_SOURCE))}")
    if scheds:
        lines += ["# --- the learning-rate schedules: build(optimizer, steps, **params) ---"]
        if any(k in WARMUP.values() for k in scheds):
            lines += [_WARMUP, ""]
        lines += ["SCHEDULES = {"]
        for k in scheds:
            decay = next((d for d, w in WARMUP.items() if w == k), None)
            src = f"warmup({SCHEDULE_SOURCE[decay]})" if decay else SCHEDULE_SOURCE[k]
            lines.append(f"    {k!r}: {src},")
        lines += ["}", ""]
    lines += ["# (name, optimizer class, keyword arguments, (schedule, build, params) or None)",
              "OPTIMIZERS = ["]
    for r, (ref, kwargs) in zip(runs, refs):
        cls = f"torch.optim.{ref.__name__}" if ref.__module__.startswith("torch.optim") \
            else ref.__name__
        sched = ("None" if r.schedule is None else
                 f"({r.schedule!r}, SCHEDULES[{r.schedule!r}], {dict(r.schedule_params)!r})")
        lines.append(f"    ({r.name!r}, {cls}, {kwargs!r}, {sched}),")
    lines += ["]", "", "", "# --- the data: generated from SEED, shuffled and split, standardized ---"]
    if p["data"] == "spirals":
        lines += [inspect.getsource(datasets._spirals), ""]
    lines += ["def make_data():",
              f"    {_DATA[p['data']]}",
              "    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64)",
              "    order = np.random.default_rng(SEED).permutation(len(X))",
              "    n_val = int(round(VAL_FRACTION * len(X)))",
              "    val, train = order[:n_val], order[n_val:]",
              "    mu, sd = X[train].mean(0), X[train].std(0)",
              "    sd[sd == 0] = 1.0",
              "    X = (X - mu) / sd",
              "    return (torch.tensor(X[train], dtype=DTYPE), torch.tensor(y[train]),",
              "            torch.tensor(X[val], dtype=DTYPE), torch.tensor(y[val]))", "", "",
              "# --- the network ---",
              inspect.getsource(MLP), "",
              "def initial_model():",
              '    """The initial weights, drawn from a generator seeded with INIT_SEED."""',
              "    model = MLP(WIDTH, DEPTH, ACTIVATION, RESIDUAL, BATCH_NORM)",
              "    gen = torch.Generator().manual_seed(INIT_SEED)",
              "    with torch.no_grad():",
              "        for m in model.modules():",
              "            if isinstance(m, nn.Linear):",
              *(f"                {s}" for s in _INIT[p["init"]]),
              "    return model", ""]
    return "\n".join(lines) + _TRAIN
