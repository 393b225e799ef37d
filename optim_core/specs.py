"""Hyper-parameter specifications shared by every registry (optimizers, surfaces, schedules).

A :class:`Param` describes one keyword argument: its default, the allowed range and the
scale a slider should use. The UI builds widgets from it, the CLI lists it and
:func:`validate_params` turns untrusted input into checked values, raising ``ValueError``
that names the field and what is allowed.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "BOUNDS_LIMIT",
    "Param",
    "check_bounds",
    "check_fields",
    "check_keys",
    "check_number",
    "key_name",
    "shown",
    "validate_params",
]

BOUNDS_LIMIT = 1e4   # |xmin|, |xmax|, |ymin|, |ymax| of any view: the one bounds check


def shown(value: Any, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters and kept on one line: what an error
    message shows of a value the user gave."""
    try:
        text = repr(value)
    except RecursionError:
        text = f"<a {type(value).__name__} nested too deeply>"
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class Param:
    name: str                     # keyword name, e.g. "lr" (torch.optim's own names)
    default: Any                  # float, int or a pair of floats (betas)
    low: float                    # smallest allowed value (inclusive)
    high: float                   # largest allowed value (inclusive)
    kind: str = "float"           # "float" | "int" | "pair" | "choice" | "bool"
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
                                 f"got {shown(value)}")
            return value
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ValueError(f"{field} must be true or false, got {shown(value)}")
            return value
        if self.kind == "pair":
            if not isinstance(value, (list, tuple)) or len(value) != 2:
                raise ValueError(f"{field} must be a pair of numbers in "
                                 f"[{self.low:g}, {self.high:g}], got {shown(value)}")
            return tuple(check_number(v, f"{field}[{i}]", self.low, self.high)
                         for i, v in enumerate(value))
        if self.kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool) or \
                isinstance(value, float) and value.is_integer()
            if not ok or not self.low <= int(value) <= self.high:   # exact for big ints
                raise ValueError(f"{field} must be an integer in "
                                 f"[{self.low:g}, {self.high:g}], got {shown(value)}")
            return int(value)
        return check_number(value, field, self.low, self.high)


def check_number(value: Any, field: str, low: float = -math.inf,
                 high: float = math.inf) -> float:
    """Return ``value`` as a float, or raise ``ValueError`` naming ``field``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{field} must be a number in [{low:g}, {high:g}], got {shown(value)}")
    value = float(value)
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{field} must be a finite number in [{low:g}, {high:g}], "
                         f"got {shown(value)}")
    return value


def key_name(key: Any) -> str:
    """A key as an error message names it: plain when it is a simple name, else its repr."""
    return key if isinstance(key, str) and key.isidentifier() else shown(key, 40)


def check_keys(given: Any, allowed, where: str = "", what: str = "field here") -> None:
    """Refuse a key of ``given`` that is not in ``allowed`` (one style for every config)."""
    unknown = [k for k in given if k not in allowed]
    if unknown:
        name = f"{where}.{key_name(unknown[0])}" if where else key_name(unknown[0])
        raise ValueError(f"{name} is not a {what}; allowed: {', '.join(allowed) or 'none'}")


def check_fields(obj: Any, specs: tuple[Param, ...], where: str = "") -> None:
    """Check the fields of a frozen dataclass named by ``specs`` and store the checked
    values: how every config validates its plain fields."""
    for p in specs:
        value = p.check(getattr(obj, p.name), f"{where}{p.name}")
        object.__setattr__(obj, p.name, value)


def check_bounds(b: Any, field: str = "bounds") -> tuple[float, float, float, float]:
    """``(xmin, xmax, ymin, ymax)`` with xmin < xmax and ymin < ymax, every value at most
    :data:`BOUNDS_LIMIT` in size, or ValueError. The one bounds check of every config."""
    if not isinstance(b, (list, tuple)) or len(b) != 4:
        raise ValueError(f"{field} must be four numbers [xmin, xmax, ymin, ymax]; "
                         f"got {shown(b)}")
    c = BOUNDS_LIMIT
    v = tuple(check_number(x, f"{field}[{i}]", -c, c) for i, x in enumerate(b))
    if not (v[0] < v[1] and v[2] < v[3]):
        raise ValueError(f"{field} must satisfy xmin < xmax and ymin < ymax; got {list(v)}")
    return v


def validate_params(specs: tuple[Param, ...], given: Mapping[str, Any] | None,
                    field: str) -> dict[str, Any]:
    """Merge ``given`` over the defaults of ``specs``; reject unknown or bad values."""
    try:
        given = dict(given or {})
    except (TypeError, ValueError):
        raise ValueError(f"{field} must map parameter names to values; "
                         f"got {shown(given)}") from None
    known = {p.name: p for p in specs}
    unknown = [k for k in given if k not in known]
    if unknown:
        allowed = ", ".join(known) or "none"
        raise ValueError(f"{field}.{key_name(unknown[0])} is not a parameter here; "
                         f"allowed: {allowed}")
    return {name: p.check(given[name], f"{field}.{name}") if name in given else p.default
            for name, p in known.items()}
