"""The JSON command line: ``python -m optim_core list|simulate ...``.

Bad input exits with status 2 and one line naming the field and what is allowed.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable

from .config import LIMITS, ScheduleConfig, SimConfig, output_bytes
from .engine import simulate
from .optimizers import OPTIMIZERS
from .schedules import SCHEDULES
from .specs import shown
from .surfaces import SURFACES

# name -> (registry, one-line summary of an entry); later registries add themselves here.
LISTS: dict[str, tuple[dict, Callable]] = {
    "surfaces": (SURFACES, lambda s: {"key": s.key, "name": s.name, "latex": s.latex,
                                      "bounds": list(s.bounds), "start": list(s.start),
                                      "params": [p.describe() for p in s.params],
                                      "known": [{"point": list(k.point), "type": k.kind}
                                                for k in s.known],
                                      "teaches": s.teaches}),
    "optimizers": (OPTIMIZERS, lambda o: {"key": o.key, "name": o.name,
                                          "params": [p.describe() for p in o.params],
                                          "latex": o.latex, "shines": o.shines,
                                          "fails": o.fails, "in_torch": o.in_torch,
                                          "group": o.group, "reference": o.reference,
                                          "path": "engine" if o.coeffs else "general"}),
}
# command name -> function(config_dict) -> JSON-able dict; later features add themselves.
LISTS["schedules"] = (SCHEDULES, lambda s: {"key": s.key, "name": s.name, "latex": s.latex,
                                            "params": [p.describe() for p in s.params],
                                            "explain": s.explain})
COMMANDS: dict[str, Callable[[dict], dict]] = {
    "simulate": lambda d: _simulate(d),
    "schedule": lambda d: {"lr": ScheduleConfig.from_dict(d).table().tolist()},
    "train": lambda d: _train(d),
    "basins": lambda d: _feature("basins", "BasinConfig", "basin_map", d),
    "tune": lambda d: (_feature("net_tune", "NetTuneConfig", "net_tune", d)
                       if isinstance(d, dict) and "net" in d   # a network's rate tuning
                       else _feature("tune", "TuneConfig", "tune", d)),
}
HELP: dict[str, str] = {   # command name -> its --help text (the config's fields)
    "tune": "Equal-budget tuning, then the race at each optimizer's best setting.\n\n"
            "On a surface: a TuneConfig (surface, optimizers, lr_min, lr_max, lr_points, "
            "second, starts, seeds, noise, seed, steps, metric, target).\nOn a network: "
            "{\"net\": {...}, \"optimizers\": [...], \"tune\": {\"lr_min\", \"lr_max\", "
            "\"lr_points\", \"epochs\"}}; the metric is the validation loss after "
            "tune.epochs epochs, the race trains each optimizer at its best rate for "
            "net.epochs.",
}


def _feature(module: str, config: str, run: str, d) -> dict:
    """A feature module's ``run(Config.from_dict(d)).to_dict()`` (imported when used)."""
    import importlib
    mod = importlib.import_module(f"{__package__}.{module}")
    return getattr(mod, run)(getattr(mod, config).from_dict(d)).to_dict()


def _simulate(d) -> dict:
    """A SimConfig's runs; a run whose start is already bad says why (JSON has no inf)."""
    config = SimConfig.from_dict(d)
    size, cap = output_bytes(config), LIMITS["output_bytes"]
    if size > cap:
        raise ValueError(f"the output would be about {size / 1e6:,.0f} MB of JSON; at most "
                         f"{cap / 1e6:,.0f} MB (fewer optimizers, starts or steps)")
    res = simulate(config)
    runs = []
    for run in res.runs():
        if run["diverged_at"] == 0:
            x, y = run["start"]
            finite = math.isfinite(run["loss"][0])
            run["message"] = (f"the start ({x:g}, {y:g}) is far outside the surface's view"
                              if finite else
                              f"the loss is not finite at the start ({x:g}, {y:g})")
            run["loss"] = _json_numbers(run["loss"])
            run["path"] = [_json_numbers(p) for p in run["path"]]
        runs.append(run)
    return {"runs": runs}


def _json_numbers(values: list) -> list:
    """inf and NaN have no JSON form: null."""
    return [v if math.isfinite(v) else None for v in values]


def _train(d) -> dict:
    """`{"net": {...NET_PARAMS}, "optimizers": [...]}` -> per-epoch losses and accuracies."""
    from .nets import NetConfig, train
    res = train(NetConfig.from_dict(d))

    def clean(a):
        return _json_numbers([float(x) for x in a])
    return {"runs": [{"optimizer": r.name, "train_loss": clean(r.train_loss),
                      "val_loss": clean(r.val_loss), "train_acc": clean(r.train_acc),
                      "val_acc": clean(r.val_acc), "diverged_at": r.diverged_at}
                     for r in res.runs]}


class _Parser(argparse.ArgumentParser):
    def error(self, message):   # argparse's usage errors: one line, exit 2
        raise ValueError(message)


def _read_config(path: str) -> dict:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as f:
                text = f.read()
    except OSError as e:
        raise ValueError(f"--config: cannot read {path!r}: {e.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"--config: malformed JSON at line {e.lineno} column {e.colno}: "
                         f"{e.msg}") from None
    except RecursionError:
        raise ValueError("--config: the JSON is nested too deeply") from None


def _in(lang: str, x):
    """``x`` with every registry text in ``lang`` (its Chinese beside the English)."""
    if lang == "zh" and getattr(x, "zh", ""):
        return x.zh
    if isinstance(x, dict):
        return {k: _in(lang, v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_in(lang, v) for v in x]
    return x


def _list(what: str, as_json: bool, lang: str = "en") -> str:
    registry, row = LISTS[what]
    rows = [_in(lang, row(v)) for v in registry.values()]
    if as_json:
        return json.dumps(rows, indent=2, ensure_ascii=lang == "en")
    lines = []
    for r in rows:
        params = ", ".join(f"{p['name']}={p['default']}" for p in r.get("params", []))
        lines.append(f"{r['key']:<20} {r['name']:<28} {params}")
    return "\n".join(lines)


def _critical_points(surface: str, bounds: str | None) -> dict:
    from .critical import CriticalConfig, find_critical_points
    b = None
    if bounds is not None:
        try:
            b = tuple(float(v) for v in bounds.split(","))
        except ValueError:
            raise ValueError(f"--bounds must be four numbers xmin,xmax,ymin,ymax; "
                             f"got {shown(bounds)}") from None
    return find_critical_points(CriticalConfig(surface, bounds=b)).to_dict()


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m optim_core", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_list = sub.add_parser("list", help="list a registry")
    p_list.add_argument("what", choices=sorted(LISTS))
    p_list.add_argument("--json", action="store_true")
    p_list.add_argument("--lang", choices=("en", "zh"), default="en",
                        help="the language of names and explanations (default en)")
    p_crit = sub.add_parser("critical-points", help="find and classify a surface's critical points")
    how = p_crit.add_mutually_exclusive_group(required=True)
    how.add_argument("--surface", help="a surface key (see `list surfaces`)")
    how.add_argument("--config", help="JSON file, or - for stdin")
    p_crit.add_argument("--bounds", help="xmin,xmax,ymin,ymax (default: the surface's)")
    for name in COMMANDS:
        p = sub.choices.get(name) or sub.add_parser(name, help=f"{name} from a JSON config")
        p.description, p.formatter_class = HELP.get(name), argparse.RawDescriptionHelpFormatter
        if name != "critical-points":
            p.add_argument("--config", required=True, help="JSON file, or - for stdin")
    try:
        args = parser.parse_args(argv)
        if args.command == "list":
            out = _list(args.what, args.json, args.lang)
        elif args.command == "critical-points" and args.config is None:
            out = json.dumps(_critical_points(args.surface, args.bounds), allow_nan=False)
        elif getattr(args, "bounds", None) is not None:
            raise ValueError("--bounds applies with --surface; a config gives its own bounds")
        else:
            out = json.dumps(COMMANDS[args.command](_read_config(args.config)), allow_nan=False)
    except ValueError as e:   # one line, whatever the message quotes
        print("error: " + " ".join(str(e).split()), file=sys.stderr)
        return 2
    except Exception as e:   # noqa: BLE001  a bug: still one line, never a traceback
        print(f"error: internal error ({type(e).__name__}: {' '.join(str(e).split())[:200]}); "
              "please report it with the configuration", file=sys.stderr)
        return 1
    print(out)
    return 0


from . import cli_analysis  # noqa: F401  registers the analyses' commands
