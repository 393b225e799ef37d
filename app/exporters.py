"""Downloads: trajectories as CSV, the configuration as JSON, a reproduction script."""
from __future__ import annotations

import inspect
import io
import json
import re

import numpy as np

from optim_core import OPTIMIZERS, SURFACES, SimConfig, SimResult
from optim_core import surfaces as surfaces_module


def trajectories_csv(result: SimResult) -> str:
    out = io.StringIO()
    out.write("optimizer,start_index,step,x,y,loss,grad_norm\n")
    for k, run in enumerate(result.config.optimizers):
        for j in range(len(result.config.starts)):
            T1 = result.path.shape[2]
            block = np.column_stack([np.arange(T1), result.path[k, j], result.loss[k, j],
                                     result.grad_norm[k, j]])
            for row in block.tolist():      # Python floats: repr is the shortest exact text
                out.write(f"{run.name},{j},{int(row[0])},{row[1]!r},{row[2]!r},{row[3]!r},"
                          f"{row[4]!r}\n")
    return out.getvalue()


def config_json(config: SimConfig) -> str:
    """Exactly what `python -m optim_core simulate --config FILE` reads."""
    return json.dumps(config.to_dict(), indent=2)


def _surface_source(key: str) -> str:
    """The surface's torch function and the module helpers it calls. A surface learned
    from data takes its data set and loss from optim_core (built from the seed)."""
    fn = SURFACES[key].f
    if SURFACES[key].data:
        return (f"from optim_core.data_surfaces import batch_schedule, data_loss\n\n\n"
                f"def {fn.__name__}(x, y, batch=None, **params):\n"
                f"    \"\"\"Mean loss over the data (or the mini-batch ``batch``).\"\"\"\n"
                f"    return data_loss({key!r}, tuple(sorted(params.items()))).value(x, y, batch)\n")
    src = inspect.getsource(fn)
    helpers = [h for h in sorted(set(re.findall(r"\b(_\w+)\(", src)) - {fn.__name__})
               if callable(getattr(surfaces_module, h, None))]
    return "\n\n".join([inspect.getsource(getattr(surfaces_module, h)) for h in helpers] + [src])


def _formula_source(text: str) -> str:
    """The typed formula as a torch function (it passed the formula whitelist)."""
    return ("from torch import sin, cos, tan, exp, log, sqrt, abs, tanh, sinh, cosh, atan, sigmoid, relu\n"
            "from torch.nn.functional import softplus\n"
            "arctan, max, min, pi, e = atan, torch.maximum, torch.minimum, math.pi, math.e\n\n\n"
            f"def formula(x, y):\n    return {text} + 0.0 * (x + y)\n")


def _in_torch(cls) -> bool:
    return cls.__module__.startswith("torch.optim")


def reproduction_script(config: SimConfig) -> str:
    """A short standalone script: the same runs with plain torch.optim loops."""
    fname = "formula" if config.formula else SURFACES[config.surface].f.__name__
    source = _formula_source(config.formula) if config.formula else _surface_source(config.surface)
    lines = ['"""Reproduces a Descent Lab comparison with plain torch.optim (float64)."""',
             "import math", "", "import torch", ""]
    refs = [OPTIMIZERS[r.name].ref_for(r.hp) for r in config.optimizers]
    lecture = [cls for (cls, _), r in zip(refs, config.optimizers)
               if not _in_torch(cls) and not OPTIMIZERS[r.name].source]
    if lecture:
        names = sorted({cls.__name__ for cls in lecture})
        lines += [f"# {', '.join(names)}: the lecture's variants, from Descent Lab's optim_core",
                  f"from optim_core.lecture import {', '.join(names)}", ""]
    libraries = sorted({OPTIMIZERS[r.name].source for r in config.optimizers
                        if OPTIMIZERS[r.name].source})
    for path in libraries:   # reference implementations beyond torch.optim (pinned)
        module, name = path.rsplit(".", 1)
        lines.append(f"from {module} import {name}")
    lines += [""] if libraries else []
    lines += [source, "",
              f"SURFACE_PARAMS = {dict(config.surface_params)!r}",
              f"STARTS = {[list(s) for s in config.starts]!r}",
              f"STEPS = {config.steps}", (f"NOISE, SEED, CLIP = {config.noise!r}, {config.seed}, "
              f"{config.clip!r}"), "", "OPTIMIZERS = ["]
    for run, (ref, kwargs) in zip(config.optimizers, refs):
        cls = f"torch.optim.{ref.__name__}" if _in_torch(ref) else ref.__name__
        lines.append(f"    ({run.name!r}, {cls}, {kwargs!r}),")
    lines += ["]", "",
              "gen = torch.Generator().manual_seed(SEED)",
              "starts = torch.tensor(STARTS, dtype=torch.float64)",
              "noise = [torch.randn((len(STARTS), 2), generator=gen, dtype=torch.float64)",
              "         for _ in range(STEPS)] if NOISE > 0 else None",
              *(["# mini-batches: each step's data indices, as Descent Lab draws them",
                 (f"BATCHES = batch_schedule({config.make_surface().data.n}, {config.batch_size}, "
                 f"{config.shuffle}, {config.drop_last}, SEED, STEPS)")] if config.batch_size
                else ["BATCHES = [None] * STEPS"]),
              "for name, cls, kwargs in OPTIMIZERS:",
              "    for j, start in enumerate(starts):",
              "        w = start.clone().requires_grad_(True)",
              "        opt = cls([w], **kwargs)",
              "        if hasattr(opt, 'train'):   # schedule-free: gradients are taken at y",
              "            opt.train()",
              "        for t in range(STEPS):",
              "            def closure(t=t, j=j, w=w, opt=opt):   # L-BFGS calls it several times",
              "                opt.zero_grad()",
              f"                loss = {fname}(w[0], w[1], **SURFACE_PARAMS)" if not config.batch_size
              else f"                loss = {fname}(w[0], w[1], BATCHES[t], **SURFACE_PARAMS)",
              "                # Newton's methods use the exact Hessian: the gradient keeps its graph",
              "                loss.backward(create_graph=getattr(opt, 'needs_hessian', False))",
              "                if noise is not None:",
              "                    w.grad += NOISE * noise[t][j]",
              "                if CLIP > 0:",
              "                    torch.nn.utils.clip_grad_norm_([w], CLIP)",
              "                return loss",
              "            opt.step(closure)",
              "        final = " + fname + "(w[0], w[1], **SURFACE_PARAMS).item()",
              "        print(f'{name:>18} start {start.tolist()}: w = {w.tolist()}, loss = {final:.6g}')",
              ""]
    return "\n".join(lines)
