"""The Compare page's pieces between widgets and figures: config from widget values,
URL state, and the results table."""
from __future__ import annotations

import numpy as np
import streamlit as st

from app.compare.figures import MAX_SHOWN_STARTS
from app.controls import params_state, surface_state
from app.runs import run_ids, run_key  # noqa: F401  (the Compare page's names for them)
from app.text import t, tr
from optim_core import OPTIMIZERS, SCHEDULES, SimConfig, SimResult, Surface, point_info

PREFIX = "cmp"
DEFAULT = {"surface": "rosenbrock", "optimizers": ("sgd", "momentum", "rmsprop", "adam", "adagrad"),
           "steps": 300, "noise": 0.0, "seed": 0}
UI_MAX_STEPS = 2000


RUNS = f"{PREFIX}.runs"            # run ids in the race's order: "sgd", "sgd~1", ...
MORE = f"{PREFIX}.starts_more"     # the starts after the first (x, y widgets)
CARRY = f"{PREFIX}.carry"          # a link's fields this page has no widget for: kept
NOTES = f"{PREFIX}.link_notes"     # what the page changed or cannot show of a link
UI_MAX_NOISE = 100.0
UI_MAX_SEED = 2**31 - 1
CARRIED = ("clip", "record_rates", "batch_size", "shuffle", "drop_last")


def hp_key(surface_key: str, run_id: str) -> str:
    """The widget-key prefix of a run's hyper-parameters (the first run keeps the old key)."""
    return f"{PREFIX}.hp.{surface_key}.{run_id}"


def _clamped(ss, name: str, value, high, notes: list) -> None:
    ss[f"{PREFIX}.{name}"] = min(value, high)
    if value > high:          # the nearest value the widget allows, said so
        notes.append(t("compare.value_clamped", field=name, asked=value, max=high))


def _clamp_params(specs, params, where: str, notes: list) -> dict:
    """A link's numeric hyper-parameters outside their range -> the nearest allowed value,
    each named in a note (anything else is left for the config to check)."""
    if not isinstance(params, dict):
        return params
    out = dict(params)
    for p in specs:
        v = out.get(p.name)
        if p.kind in ("float", "int") and isinstance(v, (int, float)) and not isinstance(v, bool):
            near = min(max(v, p.low), p.high)
            if near != v:
                out[p.name] = type(p.default)(near) if p.kind == "int" else float(near)
                notes.append(t("compare.param_clamped", field=f"{where}.{p.name}", asked=v,
                               near=out[p.name]))
    return out


def clamp_link(d: dict) -> tuple[dict, list[str]]:
    """A shared config with each out-of-range optimizer or surface parameter moved to the
    nearest allowed value, and the notes saying so."""
    from optim_core import SURFACES
    notes: list[str] = []
    d = dict(d)
    opts = d.get("optimizers")
    if isinstance(opts, list):
        fixed = []
        for i, o in enumerate(opts):
            if isinstance(o, dict) and o.get("name") in OPTIMIZERS:
                o = {**o, "params": _clamp_params(OPTIMIZERS[o["name"]].params,
                                                  o.get("params") or {}, f"optimizers[{i}]",
                                                  notes)}
            fixed.append(o)
        d["optimizers"] = fixed
    if d.get("surface") in SURFACES and "surface_params" in d:
        d["surface_params"] = _clamp_params(SURFACES[d["surface"]].params,
                                            d["surface_params"], "surface_params", notes)
    return d, notes


def apply_url_config(d: dict) -> None:
    """Copy a shared config (the CLI's JSON) into this page's widget state: every run (the
    same optimizer several times too), every start, and the fields this page has no
    widget for (kept as they are and named in a note). Values outside a widget's range
    open at the nearest allowed one, with a note."""
    d, notes = clamp_link(d)
    cfg = SimConfig.from_dict(d)
    ss = st.session_state
    ss.update(surface_state(PREFIX, cfg))
    ss[f"{PREFIX}.x"], ss[f"{PREFIX}.y"] = cfg.starts[0]
    ss[MORE] = [tuple(s) for s in cfg.starts[1:]]
    ss[f"{PREFIX}.steps"] = min(cfg.steps, UI_MAX_STEPS)
    if cfg.steps > UI_MAX_STEPS:          # the nearest value the slider allows, said so
        ss[f"{PREFIX}.steps_note"] = t("compare.steps_clamped", asked=cfg.steps,
                                       max=UI_MAX_STEPS)
    _clamped(ss, "noise", cfg.noise, UI_MAX_NOISE, notes)
    _clamped(ss, "seed", cfg.seed, UI_MAX_SEED, notes)
    ids = run_ids([r.name for r in cfg.optimizers])
    ss[f"{PREFIX}.opts"] = list(dict.fromkeys(r.name for r in cfg.optimizers))
    ss[RUNS] = ids
    ss[f"{PREFIX}.same_lr"] = False
    for rid, run in zip(ids, cfg.optimizers):
        ss.update(params_state(OPTIMIZERS[run.name].params, run.params, hp_key(cfg.surface, rid)))
        ss[f"{PREFIX}.sched.{rid}"] = run.schedule or ""
        if run.schedule is not None:
            ss.update(params_state(SCHEDULES[run.schedule].params, run.schedule_params,
                                   f"{PREFIX}.ssp.{rid}.{run.schedule}"))
    default = SimConfig.__dataclass_fields__
    carry = {f: getattr(cfg, f) for f in CARRIED if getattr(cfg, f) != default[f].default}
    ss[CARRY] = carry
    if carry:
        notes.append(t("compare.link_kept", fields=", ".join(f"{k}={v}" for k, v in
                                                               carry.items())))
    if len(cfg.starts) > MAX_SHOWN_STARTS:
        notes.append(t("compare.starts_not_drawn", n=len(cfg.starts), shown=MAX_SHOWN_STARTS))
    ss[NOTES] = notes


FRAME = f"{PREFIX}.frame"


def step_frame(delta: int, n_frames: int) -> None:
    """Button callback: move the map's shown frame by ``delta`` (from the last frame, the
    whole paths, when none was chosen)."""
    cur = st.session_state.get(FRAME)
    cur = n_frames - 1 if cur is None else cur
    st.session_state[FRAME] = max(0, min(n_frames - 1, cur + delta))


def map_figure(fig):
    """The map at the frame chosen by the step buttons (the frozen figure itself at the
    last frame). Returns (figure, frame index, number of frames)."""
    from app.compare.figures import at_frame
    from app.figures import FrozenFigure
    d = fig.to_dict()
    n = len(d.get("frames", [])) or 1
    i = st.session_state.get(FRAME)
    if i is None or i >= n - 1:
        return fig, n - 1, n
    return FrozenFigure(at_frame(d, i)), i, n


def take_map_click(event) -> None:
    """A click on the contour moves the start: remember it and rerun; the next run copies
    it into the start widgets before they are drawn (see apply_pending_start)."""
    points = (event or {}).get("selection", {}).get("points") or []
    if points:
        xy = (round(float(points[0]["x"]), 4), round(float(points[0]["y"]), 4))
        if xy != st.session_state.get(f"{PREFIX}.clicked"):
            st.session_state[f"{PREFIX}.clicked"] = xy
            adds = st.session_state.get(f"{PREFIX}.click_adds")
            st.session_state[f"{PREFIX}.pending_{'add' if adds else 'start'}"] = xy
            st.rerun()


def apply_pending_start() -> None:
    """Before the start widgets are drawn: take a start chosen by a click."""
    xy = st.session_state.pop(f"{PREFIX}.pending_start", None)
    if xy is not None:
        st.session_state[f"{PREFIX}.x"], st.session_state[f"{PREFIX}.y"] = xy
    add = st.session_state.pop(f"{PREFIX}.pending_add", None)
    if add is not None:
        st.session_state[MORE] = [*st.session_state.get(MORE, []), add]


def arrival_rule(surface: Surface, grid_z: np.ndarray | None = None) -> dict:
    """What "arrived" means on this surface, said in the column header: within 1% of the
    view of a listed minimum when the surface lists one, else a loss at most the lowest
    value on the map plus 0.1% of the map's range."""
    xmin, xmax, ymin, ymax = surface.bounds
    minima = np.array([k.point for k in surface.known if k.kind == "minimum"]).reshape(-1, 2)
    if len(minima):
        tol = 0.01 * max(xmax - xmin, ymax - ymin)
        return {"kind": "minimum", "minima": minima, "tol": tol,
                "header": t("compare.col_reach", tol=tol)}
    z = np.asarray(grid_z if grid_z is not None else [], dtype=np.float64)
    z = z[np.isfinite(z)]
    if not z.size:
        return {"kind": "none", "header": t("compare.col_reach_none")}
    low, high = float(z.min()), float(z.max())
    level = low + 1e-3 * (high - low)
    return {"kind": "loss", "level": level, "header": t("compare.col_reach_loss", level=level)}


def arrival_step(path: np.ndarray, loss: np.ndarray, rule: dict) -> int | None:
    """First step meeting ``rule`` (None: never)."""
    if rule["kind"] == "minimum":
        dist = np.linalg.norm(path[:, None, :] - rule["minima"][None], axis=-1).min(-1)
        hit = np.flatnonzero(dist <= rule["tol"])
    elif rule["kind"] == "loss":
        hit = np.flatnonzero(np.isfinite(loss) & (loss <= rule["level"]))
    else:
        return None
    return int(hit[0]) if len(hit) else None


def results_rows(result: SimResult, surface: Surface, names: list[str],
                 grid_z: np.ndarray | None = None) -> list[dict]:
    rule = arrival_rule(surface, grid_z)
    rows = []
    n_starts = result.path.shape[1]
    for k, j in ((k, j) for k in range(len(names)) for j in range(n_starts)):
        name = names[k]
        path, loss, d = result.path[k, j], result.loss[k, j], int(result.diverged_at[k, j])
        if d >= 0:          # frozen at the last good point after divergence: count to there
            path, loss = path[:d + 1], loss[:d + 1]
        hit = arrival_step(path, loss, rule)
        rows.append({t("compare.col_optimizer"): name,
                     **({t("compare.col_start"): j + 1} if n_starts > 1 else {}),
                     t("compare.col_final"): float(loss[-1]),
                     t("compare.col_best"): float(loss.min()),
                     rule["header"]: t("compare.never") if hit is None else str(hit),
                     t("compare.col_diverged"): stop_cell(result, k, j),
                     t("compare.col_length"): float(np.linalg.norm(np.diff(path, axis=0),
                                                                   axis=-1).sum()),
                     **({t("compare.col_evals"): int(result.evals[k, j].sum())}
                        if result.evals is not None else {})})
    return rows


def stop_cell(result: SimResult, k: int, j: int) -> str:
    """The results table's "diverged at step" cell: the step, and the reason when it is a
    singular Hessian (Newton)."""
    d = int(result.diverged_at[k, j])
    if d < 0:
        return t("compare.never")
    if not result.singular()[k, j]:
        return str(d)
    damped = float(result.config.optimizers[k].hp.get("damping", 0.0)) > 0
    return t("compare.singular_damped_cell" if damped else "compare.singular_cell", step=d)


def condition_text(result: SimResult, surface: Surface | None, k: int, j: int = 0) -> str:
    """The condition number of H + lambda I where run (k, j) stopped (its frozen point):
    "∞" when an eigenvalue is 0, "—" without a surface."""
    if surface is None:
        return "—"
    mu = np.abs(point_info(surface, result.path[k, j, -1]).eigenvalues
                + float(result.config.optimizers[k].hp.get("damping", 0.0)))
    if not np.isfinite(mu).all():
        return "—"
    return "∞" if mu.min() == 0 else f"{mu.max() / mu.min():.3g}"


def start_message(result: SimResult, surface: Surface) -> str | None:
    """A message when the runs stopped at step 0 because of where they start: outside the
    view, or at a point where f is not finite (every run shares the start)."""
    if not np.all(result.diverged_at[:, 0] == 0):
        return None
    x, y = (float(v) for v in result.path[0, 0, 0])
    xmin, xmax, ymin, ymax = surface.bounds
    inside = xmin <= x <= xmax and ymin <= y <= ymax
    return t("compare.start_nonfinite" if inside else "compare.start_outside", x=x, y=y,
             x0=xmin, x1=xmax, y0=ymin, y1=ymax)


def divergence_messages(result: SimResult, names: list[str],
                        surface: Surface | None = None) -> list[str]:
    """One line per diverged run; one line about the start when it is the cause."""
    if surface is not None:
        msg = start_message(result, surface)
        if msg:
            return [msg]
    singular = result.singular()
    out = []
    for k, n in enumerate(names):
        d = int(result.diverged_at[k, 0])
        if d < 0:
            continue
        if singular[k, 0]:
            x, y = (float(v) for v in result.path[k, 0, -1])
            lam = float(result.config.optimizers[k].hp.get("damping", 0.0))
            hess = None if surface is None else point_info(surface, result.path[k, 0, -1])
            # the Hessian itself is regular when only the damping cancels an eigenvalue
            damped = lam > 0 and hess is not None and np.all(hess.eigenvalues != 0)
            out.append(t("compare.singular_damped" if damped else "compare.singular", name=n,
                         step=d, x=x, y=y, lam=lam, cond=condition_text(result, surface, k)))
        else:
            out.append(t("compare.diverged", name=n, step=d))
    return out


def rule_markdown(key: str) -> str:
    spec = OPTIMIZERS[key]
    text = (f"**{tr(spec.name)}**\n\n$$\n{spec.latex}\n$$\n\n"
            + t("compare.rule_line", label=t("compare.shines"), text=tr(spec.shines))
            + "  \n" + t("compare.rule_line", label=t("compare.fails"), text=tr(spec.fails)))
    if spec.lecture_note:
        text += "  \n" + t("compare.rule_line", label=t("compare.lecture_note"),
                            text=tr(spec.lecture_note))
    return text
