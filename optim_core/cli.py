"""The JSON command line: ``python -m optim_core list|simulate ...``.

Bad input exits with status 2 and one line naming the field and what is allowed.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from .config import LIMITS, SimConfig
from .schedules import SCHEDULES, get_schedule, lr_table
from .specs import check_number
from .engine import simulate
from .optimizers import OPTIMIZERS
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
    "simulate": lambda d: {"runs": list(simulate(SimConfig.from_dict(d)).runs())},
    "schedule": lambda d: {"lr": _schedule(d)},
    "train": lambda d: _train(d),
}


def _train(d) -> dict:
    """`{"net": {...NET_PARAMS}, "optimizers": [...]}` -> per-epoch losses and accuracies."""
    from .nets import NetConfig, train
    res = train(NetConfig.from_dict(d))

    def clean(a):
        return [None if x != x else float(x) for x in a]
    return {"runs": [{"optimizer": r.name, "train_loss": clean(r.train_loss),
                      "val_loss": clean(r.val_loss), "train_acc": clean(r.train_acc),
                      "val_acc": clean(r.val_acc), "diverged_at": r.diverged_at}
                     for r in res.runs]}


def _schedule(d) -> list[float]:
    """`{"schedule": NAME, "params": {...}, "lr": 0.1, "steps": N}` -> N rates."""
    if not isinstance(d, dict):
        raise ValueError("the configuration must be a JSON object")
    unknown = sorted(set(d) - {"schedule", "params", "lr", "steps"})
    if unknown:
        raise ValueError(f"{unknown[0]} is not a field; allowed: schedule, params, lr, steps")
    steps = d.get("steps", 100)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= LIMITS["steps"]:
        raise ValueError(f"steps must be an integer in [1, {LIMITS['steps']}], got {steps!r}")
    lr = check_number(d.get("lr", 0.1), "lr", 1e-8, 10.0)
    if not isinstance(d.get("params", {}), dict):
        raise ValueError("params must be an object")
    return lr_table(get_schedule(d.get("schedule")).key, d.get("params"), lr, steps,
                    field="params").tolist()


class _Parser(argparse.ArgumentParser):
    def error(self, message):   # argparse's usage errors: one line, exit 2
        raise ValueError(message)


def _read_config(path: str) -> dict:
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    except OSError as e:
        raise ValueError(f"--config: cannot read {path!r}: {e.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"--config: malformed JSON at line {e.lineno} column {e.colno}: "
                         f"{e.msg}") from None


def _list(what: str, as_json: bool) -> str:
    registry, row = LISTS[what]
    rows = [row(v) for v in registry.values()]
    if as_json:
        return json.dumps(rows, indent=2)
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
                             f"got {bounds!r}") from None
    return find_critical_points(CriticalConfig(surface, bounds=b)).to_dict()


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m optim_core", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_list = sub.add_parser("list", help="list a registry")
    p_list.add_argument("what", choices=sorted(LISTS))
    p_list.add_argument("--json", action="store_true")
    p_crit = sub.add_parser("critical-points", help="find and classify a surface's critical points")
    p_crit.add_argument("--surface", required=True, help="a surface key (see `list surfaces`)")
    p_crit.add_argument("--bounds", help="xmin,xmax,ymin,ymax (default: the surface's)")
    for name in COMMANDS:
        p = sub.add_parser(name, help=f"{name} from a JSON config")
        p.add_argument("--config", required=True, help="JSON file, or - for stdin")
    try:
        args = parser.parse_args(argv)
        if args.command == "list":
            out = _list(args.what, args.json)
        elif args.command == "critical-points":
            out = json.dumps(_critical_points(args.surface, args.bounds), allow_nan=False)
        else:
            out = json.dumps(COMMANDS[args.command](_read_config(args.config)), allow_nan=False)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(out)
    return 0
