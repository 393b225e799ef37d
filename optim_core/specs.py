"""Hyper-parameter specifications shared by every registry (optimizers, surfaces, schedules).

A :class:`Param` describes one keyword argument: its default, the allowed range and the
scale a slider should use. The UI builds widgets from it, the CLI lists it and
:func:`validate_params` turns untrusted input into checked values, raising ``ValueError``
that names the field and what is allowed.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Mapping

__all__ = ["Param", "validate_params", "check_number"]


@dataclass(frozen=True)
class Param:
    name: str                     # keyword name, e.g. "lr" (torch.optim's own names)
    default: Any                  # float, int or a pair of floats (betas)
    low: float                    # smallest allowed value (inclusive)
    high: float                   # largest allowed value (inclusive)
    kind: str = "float"           # "float" | "int" | "pair" | "choice"
    log: bool = False             # a slider should be log-scaled
    help: str = ""                # one line for tooltips and `list`
    choices: tuple[str, ...] = ()  # the allowed values of a "choice"
    # a structured value's own check (kinds "ints", "formula", "pieces"): returns the
    # frozen value or raises ValueError naming ``field``
    parse: Callable[[Any, str], Any] | None = field(default=None, compare=False, repr=False)

    def describe(self) -> dict:
        d = {"name": self.name, "default": self.default, "low": self.low,
             "high": self.high, "kind": self.kind, "log": self.log, "help": self.help}
        if self.kind == "choice":
            d["choices"] = list(self.choices)
        return d

    def check(self, value: Any, field: str) -> Any:
        if self.parse is not None:
            return self.parse(value, field)
        if self.kind == "choice":
            if not isinstance(value, str) or value not in self.choices:
                raise ValueError(f"{field} must be one of {', '.join(self.choices)}; "
                                 f"got {value!r:.60}")
            return value
        if self.kind == "pair":
            if not isinstance(value, (list, tuple)) or len(value) != 2:
                raise ValueError(f"{field} must be a pair of numbers in "
                                 f"[{self.low}, {self.high}], got {value!r}")
            return tuple(check_number(v, f"{field}[{i}]", self.low, self.high)
                         for i, v in enumerate(value))
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                    (isinstance(value, float) and not value.is_integer()):
                raise ValueError(f"{field} must be an integer in "
                                 f"[{self.low:g}, {self.high:g}], got {value!r}")
            return int(check_number(value, field, self.low, self.high))
        return check_number(value, field, self.low, self.high)


def check_number(value: Any, field: str, low: float = -math.inf,
                 high: float = math.inf) -> float:
    """Return ``value`` as a float, or raise ``ValueError`` naming ``field``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{field} must be a number in [{low:g}, {high:g}], got {value!r}")
    value = float(value)
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{field} must be a finite number in [{low:g}, {high:g}], "
                         f"got {value!r}")
    return value


def validate_params(specs: tuple[Param, ...], given: Mapping[str, Any] | None,
                    field: str) -> dict[str, Any]:
    """Merge ``given`` over the defaults of ``specs``; reject unknown or bad values."""
    try:
        given = dict(given or {})
    except (TypeError, ValueError):
        raise ValueError(f"{field} must map parameter names to values; got {given!r:.60}") from None
    known = {p.name: p for p in specs}
    unknown = [k for k in given if k not in known]
    if unknown:
        allowed = ", ".join(known) or "none"
        raise ValueError(f"{field}.{unknown[0]} is not a parameter here; allowed: {allowed}")
    return {name: p.check(given[name], f"{field}.{name}") if name in given else p.default
            for name, p in known.items()}
