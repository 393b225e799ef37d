"""The order and labels of optimizers in every picker: grouped by the registry's
``group`` field when the specs carry one ("classic", "adaptive", "lecture",
"second-order", "recent"), registry order inside a group; plain names otherwise."""
from __future__ import annotations

from collections.abc import Mapping

from app.text import t, tr
from optim_core import OPTIMIZERS

GROUP_ORDER = ("classic", "adaptive", "lecture", "second-order", "recent")


def _group(spec) -> str | None:
    return getattr(spec, "group", None)


def optimizer_keys(registry: Mapping | None = None, hessian: bool = True) -> list[str]:
    """Registry keys, grouped when any spec has a group (unknown groups last);
    ``hessian=False`` leaves out the entries that need the exact Hessian (Newton)."""
    registry = OPTIMIZERS if registry is None else registry
    keys = [k for k in registry if hessian or not getattr(registry[k], "hessian", False)]
    if not any(_group(s) for s in registry.values()):
        return keys
    rank = {g: i for i, g in enumerate(GROUP_ORDER)}
    return sorted(keys, key=lambda k: (rank.get(_group(registry[k]), len(rank)),
                                       keys.index(k)))


def optimizer_label(key: str, registry: Mapping | None = None) -> str:
    """"Adaptive · Adam" when the spec has a group, else its name."""
    spec = (OPTIMIZERS if registry is None else registry)[key]
    group = _group(spec)
    if not group:
        return tr(spec.name)
    try:
        head = t(f"common.group_{group.replace('-', '_')}")
    except KeyError:
        head = group
    return f"{head} · {tr(spec.name)}"
