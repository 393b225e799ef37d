"""L-BFGS evaluates the function several times a step (issue 15): the result counts the
evaluations of every step, equal to a counting closure's in a plain torch.optim.LBFGS loop,
and the Compare page shows them (the loss against evaluations, the table's column)."""
import numpy as np
import pytest
import torch

from app.compare.view import compare_view
from app.text import t
from optim_core import OptimizerRun, SimConfig, simulate


def counting_loop(surface, start, steps, **kw):
    """torch.optim.LBFGS itself, its closure counting its own calls per step."""
    w = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w], **kw)
    calls, path = [0], [list(start)]

    def closure():
        calls[0] += 1
        opt.zero_grad()
        loss = surface.value(w.view(1, 2)).sum()
        loss.backward()
        return loss
    counts = []
    for _ in range(steps):
        calls[0] = 0
        opt.step(closure)
        counts.append(calls[0])
        path.append(w.detach().tolist())
    return counts, np.array(path)


@pytest.mark.parametrize("surface,start,hp", [
    ("rosenbrock", (-1.2, 1.0), (("max_iter", 5), ("line_search_fn", "strong_wolfe"))),
    ("himmelblau", (0.5, -3.0), (("max_iter", 8), ("history_size", 3),
                                 ("line_search_fn", "strong_wolfe"))),
    ("six_hump_camel", (1.5, 0.8), (("max_iter", 4), ("lr", 0.2), ("line_search_fn", "none"))),
    ("ill_conditioned", (-1.8, 0.8), (("max_iter", 3), ("line_search_fn", "strong_wolfe"))),
])
def test_evaluations_per_step_equal_a_counting_closure(surface, start, hp):
    steps = 12
    cfg = SimConfig(surface=surface, starts=(start,), steps=steps,
                    optimizers=(OptimizerRun("lbfgs", hp),))
    r = simulate(cfg)
    kw = dict(cfg.optimizers[0].params)   # every hyper-parameter, defaults included
    kw["line_search_fn"] = None if kw.get("line_search_fn") == "none" else kw["line_search_fn"]
    counts, path = counting_loop(cfg.make_surface(), start, steps, **kw)
    assert r.diverged_at[0, 0] == -1
    assert r.evals[0, 0].tolist() == counts
    np.testing.assert_allclose(r.path[0, 0], path, rtol=0, atol=1e-12)
    assert max(counts) > 1     # several evaluations in a step


def test_compare_shows_the_loss_against_evaluations_and_counts_them():
    cfg = SimConfig(surface="rosenbrock", starts=((-1.2, 1.0),), steps=15, optimizers=(
        OptimizerRun("lbfgs"), OptimizerRun("adam", (("lr", 0.05),)), OptimizerRun("newton")))
    view = compare_view(cfg)
    r = view.result
    fig = view.figures["loss"].to_dict()
    menu = fig["layout"]["updatemenus"][0]
    steps, evals = (b["args"][0]["x"] for b in menu["buttons"])
    assert [b["args"][1]["xaxis.title.text"] for b in menu["buttons"]] == [
        t("figures.step"), t("compare.evals_axis")]
    assert steps[1] == list(range(16))
    assert evals[0] == [0, *np.cumsum(r.evals[0, 0]).tolist()]   # L-BFGS: several a step
    assert evals[1] == list(range(16)) and evals[2] == list(range(16))   # Adam, Newton: one
    assert evals[0][-1] > 15
    col = t("compare.col_evals")
    assert view.table[col].tolist() == [int(r.evals[k, 0].sum()) for k in range(3)]
    assert view.table[col].tolist()[1:] == [15, 15]


def test_no_evaluation_axis_without_a_multi_evaluation_optimizer():
    cfg = SimConfig(surface="rosenbrock", starts=((-1.2, 1.0),), steps=10,
                    optimizers=(OptimizerRun("adam"),))
    view = compare_view(cfg)
    assert "updatemenus" not in view.figures["loss"].to_dict()["layout"]
    assert t("compare.col_evals") not in view.table.columns
