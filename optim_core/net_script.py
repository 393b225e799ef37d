"""The Neural-network page's reproduction script: plain PyTorch, no optim_core.

:func:`net_script` renders, from a :class:`~optim_core.nets.NetConfig`, a standalone
script that draws the same data from the same seed, builds the same MLP with the same
initial weights, trains one copy per optimizer with the same ``torch.optim`` optimizer,
the same ``lr_scheduler`` and the same mini-batch order, and prints the per-epoch losses
and accuracies as JSON, in the shape of ``python -m optim_core train`` (NaN as null).
The lecture's own optimizers (not in torch.optim) are copied into the script.
"""
from __future__ import annotations

import ast
import inspect
import math

import torch

from . import datasets, lecture
from .formula import ARITY, FUNCTIONS, compile_formula
from .net_optimizers import MuonAdamW, NetRun, muon_split
from .nets import ACTIVATIONS, MLP, NetConfig
from .optimizers import OPTIMIZERS
from .schedules import LOSS_DRIVEN, WARMUP

__all__ = ["SCHEDULE_SOURCE", "factor_source", "net_script", "schedules_source",
           "script_covers", "script_supports"]

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
    # typed and composite schedules: helpers written into the script (_COMPOSITE)
    "lambda": "lambda opt, steps, lr_lambda: factor_lr(opt, steps, FACTORS[lr_lambda])",
    "sequential": "sequential",
    "chained": "chained",
}


def script_supports(schedule: str) -> bool:
    """Whether the reproduction script can write ``schedule`` as plain torch code."""
    decay = next((d for d, w in WARMUP.items() if w == schedule), None)
    return (decay or schedule) in SCHEDULE_SOURCE


def _optimizer_covered(run) -> bool:
    """torch.optim classes stepped without a closure, the lecture's own, and Muon + AdamW;
    not L-BFGS (closure) nor third-party libraries."""
    if isinstance(run, NetRun):
        return True
    o = OPTIMIZERS[run.name]
    return (o.in_torch and o.ref is not torch.optim.LBFGS) or (not o.in_torch and not o.source)


def script_covers(config: NetConfig) -> bool:
    """Whether :func:`net_script` can write every optimizer and schedule of ``config``."""
    return all(_optimizer_covered(r) and (r.schedule is None or script_supports(r.schedule))
               for r in config.optimizers)


_WARMUP = '''def warmup(decay):
    """Linear warm-up for total_iters steps, then the decay from its own step 0."""
    def build(opt, steps, start_factor, total_iters, **hp):
        w = min(total_iters, steps)
        return S.SequentialLR(opt, [S.LinearLR(opt, start_factor, 1.0, total_iters=w),
                                    decay(opt, max(steps - w, 1), **hp)], milestones=[w])
    return build'''

_FACTOR = '''def c(v):
    return torch.tensor(v, dtype=torch.float64)


def factor_lr(opt, steps, f):
    """LambdaLR with the factor f(t), evaluated once for every step as a float64 vector."""
    t = torch.arange(steps + 1, dtype=torch.float64)
    values = (f(t) + 0.0 * t).tolist()

    def factor(step):
        v = values[step] if step < len(values) else \\
            float(f(torch.tensor(float(step), dtype=torch.float64)))
        if not (math.isfinite(v) and v >= 0.0):
            raise ValueError(f"lr_lambda: the factor at t = {step} is {v!r}; it must be "
                             "finite and >= 0")
        return v
    return S.LambdaLR(opt, factor)'''

_COMPOSITE = '''def piece(opt, steps, p):
    return SCHEDULES[p["name"]](opt, steps, **p["params"])


def sequential(opt, steps, schedulers, milestones):
    """SequentialLR: piece i runs from milestone i-1 for its own span of steps."""
    edges = [0, *milestones, max(steps, milestones[-1] + 1 if milestones else steps)]
    parts = [piece(opt, max(edges[i + 1] - edges[i], 1), p) for i, p in enumerate(schedulers)]
    return S.SequentialLR(opt, parts, milestones=list(milestones))


def chained(opt, steps, schedulers):
    """ChainedScheduler: every piece steps at every step; their factors multiply."""
    return S.ChainedScheduler([piece(opt, steps, p) for p in schedulers], optimizer=opt)'''

# the formula's operations as the torch calls optim_core.formula makes (same order)
_BINARY = {ast.Add: "torch.add", ast.Sub: "torch.sub", ast.Mult: "torch.mul",
           ast.Div: "torch.div", ast.Pow: "torch.pow"}


def _torch_name(fn) -> str:
    import torch.nn.functional as F
    if fn is F.softplus:
        return "F.softplus"
    return f"torch.{fn.__name__}"


def _expr(node, var: str) -> str:
    if isinstance(node, ast.Constant):
        try:
            v = float(node.value)
        except OverflowError:
            v = math.inf
        return f"c({'math.inf' if v == math.inf else repr(v)})"
    if isinstance(node, ast.Name):
        if node.id == var:
            return var
        return f"c(math.{node.id})" if node.id in ("pi", "e") else _unknown(node)
    if isinstance(node, ast.BinOp):
        return f"{_BINARY[type(node.op)]}({_expr(node.left, var)}, {_expr(node.right, var)})"
    if isinstance(node, ast.UnaryOp):
        inner = _expr(node.operand, var)
        return f"torch.neg({inner})" if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Call):
        fn = _torch_name(FUNCTIONS[node.func.id])
        args = [_expr(a, var) for a in node.args]
        if ARITY.get(node.func.id, 1) == 1:
            return f"{fn}({args[0]})"
        return f"{fn}(*torch.broadcast_tensors({', '.join(args)}))"
    return _unknown(node)


def _unknown(node):
    raise ValueError(f"the reproduction script cannot write {ast.dump(node)[:60]}")


def factor_source(text: str, var: str = "t") -> str:
    """A typed factor of ``t`` as a plain-Python lambda of torch calls: the formula is
    checked by the safe parser first, then written node for node as the torch operations
    it compiles to, so the script computes the same float64 values."""
    compile_formula(text, (var,))                 # rejects anything outside the whitelist
    return f"lambda {var}: {_expr(ast.parse(text.strip(), mode='eval').body, var)}"


def _used(runs) -> tuple[list[str], list[str]]:
    """The schedule keys (pieces of composite ones too) and the typed factors used."""
    keys, formulas = set(), []
    todo = [(r.schedule, dict(r.schedule_params)) for r in runs if r.schedule is not None]
    while todo:
        key, hp = todo.pop()
        keys.add(key)
        if key == "lambda" and hp["lr_lambda"] not in formulas:
            formulas.append(hp["lr_lambda"])
        todo += [(p["name"], dict(p["params"])) for p in hp.get("schedulers", ())]
    return sorted(keys), formulas


def schedules_source(uses) -> str:
    """The script's schedule section for ``uses`` [(key, params), ...]: the helpers it
    needs and ``SCHEDULES = {key: build(optimizer, steps, **params)}``."""
    from types import SimpleNamespace
    keys, formulas = _used([SimpleNamespace(schedule=k, schedule_params=tuple(hp.items()))
                            for k, hp in uses])
    for k in keys:
        if not script_supports(k):
            raise ValueError(f"the reproduction script does not cover the schedule {k!r}; "
                             f"covered: {', '.join(sorted(SCHEDULE_SOURCE))}")
    if not keys:
        return ""
    out = ["# --- the learning-rate schedules: build(optimizer, steps, **params) ---"]
    if any(k in WARMUP.values() for k in keys):
        out += [_WARMUP, "", ""]
    if formulas:
        out += [_FACTOR, "", "",
                "# each typed factor lambda(t), written as the torch operations it stands for",
                "FACTORS = {"]
        out += [f"    {f!r}: {factor_source(f)}," for f in formulas]
        out += ["}", "", ""]
    if {"sequential", "chained"} & set(keys):
        out += [_COMPOSITE, "", ""]
    out += ["SCHEDULES = {"]
    for k in keys:
        decay = next((d for d, w in WARMUP.items() if w == k), None)
        src = f"warmup({SCHEDULE_SOURCE[decay]})" if decay else SCHEDULE_SOURCE[k]
        out.append(f"    {k!r}: {src},")
    return "\n".join([*out, "}", ""])

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
    if len(y) == 0:   # no validation split
        return math.nan, math.nan
    with torch.no_grad():
        logits = model(x)
        return (float(F.cross_entropy(logits, y)),
                float((logits.argmax(1) == y).double().mean()))


def penalty(model):
    """WEIGHT_DECAY/2 * sum w^2 + L1 * sum |w| over the linear layers' weights."""
    out = 0.0
    for m in model.modules():
        if isinstance(m, nn.Linear):
            if WEIGHT_DECAY:
                out = out + WEIGHT_DECAY / 2 * m.weight.square().sum()
            if L1:
                out = out + L1 * m.weight.abs().sum()
    return out


def make_optimizer(cls, model, kwargs):
    """The optimizer over the model's parameters (Muon + AdamW: over their split)."""
    if getattr(cls, "splits_model", False):
        return cls(*muon_split(model), **kwargs)
    return cls(model.parameters(), **kwargs)


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
        opt = make_optimizer(cls, model, kwargs)
        torch.manual_seed(INIT_SEED)   # dropout's masks
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
                    (loss + penalty(model)).backward()
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
    if any(isinstance(r, NetRun) for r in runs):
        lines += ["# --- Muon on the hidden weight matrices, AdamW on the rest ---",
                  inspect.getsource(muon_split), "", inspect.getsource(MuonAdamW), ""]
    # (class, keyword arguments) of each registry run; Muon + AdamW is written below
    refs = [None if isinstance(r, NetRun) else OPTIMIZERS[r.name].ref_for(r.hp) for r in runs]
    if any(ref is not None and not ref[0].__module__.startswith("torch.optim") for ref in refs):
        lines += ["# --- the lecture's own optimizers (Descent Lab's optim_core/lecture.py) ---",
                  _lecture_source().strip(), ""]
    lines += ["# --- the configuration ---",
              (f"DATA, N, NOISE, SEED, VAL_FRACTION = {p['data']!r}, {p['n']}, {p['noise']!r}, "
               f"{p['seed']}, {p['val_fraction']!r}"),
              f"WIDTH, DEPTH, ACTIVATION = {p['width']}, {p['depth']}, {p['activation']!r}",
              f"RESIDUAL, BATCH_NORM = {p['residual'] == 'on'}, {p['batch_norm'] == 'on'}",
              f"INIT_SEED, EPOCHS = {p['init_seed']}, {p['epochs']}",
              (f"DROPOUT, WEIGHT_DECAY, L1 = {p['dropout']!r}, {p['weight_decay']!r}, "
               f"{p['l1']!r}  # dropout in training only; penalties on the weights"),
              f"BATCH, SHUFFLE = {config.batch}, {p['shuffle'] == 'on'}  # mini-batch size",
              (f"PER_EPOCH = {config.iterations_per_epoch}  # mini-batches per epoch"
               f"{' (the last partial one dropped)' if p['drop_last'] == 'on' else ''}"),
              f"LOSS_DRIVEN = {tuple(LOSS_DRIVEN)!r}  # schedulers stepped with the loss",
              "DTYPE = torch.float64",
              f"ACTIVATIONS = {{{p['activation']!r}: nn.{ACTIVATIONS[p['activation']].__name__}}}",
              ""]
    for r in runs:
        if not _optimizer_covered(r):
            raise ValueError(f"the reproduction script does not cover the optimizer {r.name!r} "
                             f"(L-BFGS's closure and third-party libraries)")
    block = schedules_source([(r.schedule, dict(r.schedule_params)) for r in runs
                              if r.schedule is not None])
    if block:
        lines += [block]
    lines += ["# (name, optimizer class, keyword arguments, (schedule, build, params) or None)",
              "OPTIMIZERS = ["]
    for r, ref in zip(runs, refs):
        if ref is None:
            lines.append(f"    ({r.name!r}, MuonAdamW, {r.hp!r}, None),")
            continue
        cls = f"torch.optim.{ref[0].__name__}" if ref[0].__module__.startswith("torch.optim") \
            else ref[0].__name__
        sched = ("None" if r.schedule is None else
                 f"({r.schedule!r}, SCHEDULES[{r.schedule!r}], {dict(r.schedule_params)!r})")
        lines.append(f"    ({r.name!r}, {cls}, {ref[1]!r}, {sched}),")
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
              "    model = MLP(WIDTH, DEPTH, ACTIVATION, RESIDUAL, BATCH_NORM, DROPOUT)",
              "    gen = torch.Generator().manual_seed(INIT_SEED)",
              "    with torch.no_grad():",
              "        for m in model.modules():",
              "            if isinstance(m, nn.Linear):",
              *(f"                {s}" for s in _INIT[p["init"]]),
              "    return model", ""]
    return "\n".join(lines) + _TRAIN
