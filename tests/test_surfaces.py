"""Surface registry: analytic gradients equal autograd, metadata is complete and sane."""
import numpy as np
import pytest
import torch

from optim_core import SURFACES, get_surface
from optim_core.surfaces import autograd_grad

REQUIRED = {"bowl", "ill_conditioned", "rosenbrock", "beale", "himmelblau", "booth",
            "six_hump_camel", "rastrigin", "ackley", "goldstein_price", "styblinski_tang",
            "saddle", "monkey_saddle", "lecture_w1w2", "plateau_cliff", "ravine"}


def test_registry_has_every_required_surface():
    assert REQUIRED <= set(SURFACES)


@pytest.mark.parametrize("key", sorted(SURFACES))
def test_metadata_complete(key):
    s = SURFACES[key]
    xmin, xmax, ymin, ymax = s.bounds
    assert xmin < xmax and ymin < ymax
    assert xmin <= s.start[0] <= xmax and ymin <= s.start[1] <= ymax
    assert s.name and s.latex and s.teaches and s.key == key
    for k in s.known:
        assert xmin <= k.point[0] <= xmax and ymin <= k.point[1] <= ymax
        assert k.kind in {"minimum", "maximum", "saddle", "degenerate"}


@pytest.mark.parametrize("key", sorted(SURFACES))
def test_analytic_gradient_equals_autograd(key):
    s = get_surface(key)
    gen = torch.Generator().manual_seed(7)
    xmin, xmax, ymin, ymax = s.bounds
    u = torch.rand((500, 2), generator=gen, dtype=torch.float64)
    xy = torch.stack([xmin + (xmax - xmin) * u[:, 0], ymin + (ymax - ymin) * u[:, 1]], -1)
    g_auto = autograd_grad(s.value, xy)
    scale = 1.0 + g_auto.abs()
    assert torch.all((s.grad(xy) - g_auto).abs() <= 1e-12 * scale)


@pytest.mark.parametrize("key", sorted(SURFACES))
def test_value_shapes_and_batching(key):
    s = get_surface(key)
    xy = torch.tensor(s.start, dtype=torch.float64).expand(3, 4, 2)
    assert s.value(xy).shape == (3, 4)
    assert s.grad(xy).shape == (3, 4, 2)


@pytest.mark.parametrize("key", sorted(k for k in SURFACES if SURFACES[k].known))
def test_known_points_are_critical(key):
    """Published critical points have a (near) zero gradient; most are given to ~4-6 digits."""
    s = get_surface(key)
    pts = torch.tensor([k.point for k in s.known], dtype=torch.float64)
    if key == "ackley":   # a cusp: the gradient is undefined at the minimum
        pytest.skip("Ackley's minimum is not differentiable")
    g = autograd_grad(s.value, pts).norm(dim=-1)
    h = torch.func.vmap(torch.func.hessian(s.value))(pts)
    curvature = torch.linalg.matrix_norm(h, ord=2) + 1.0
    # a point known to d digits is off by <= 5e-(d+1); the gradient by <= that x curvature
    assert torch.all(g <= 1e-3 * curvature), (key, g)


def test_known_minima_values():
    assert get_surface("rosenbrock").value(torch.tensor([1.0, 1.0])).item() == 0.0
    assert get_surface("goldstein_price").value(
        torch.tensor([0.0, -1.0], dtype=torch.float64)).item() == pytest.approx(3.0)
    assert get_surface("six_hump_camel").value(
        torch.tensor([0.0898, -0.7126], dtype=torch.float64)).item() == pytest.approx(-1.0316, abs=1e-4)


def test_condition_number_parameter():
    s = get_surface("ill_conditioned", {"kappa": 100.0})
    h = torch.func.hessian(s.value)(torch.zeros(2, dtype=torch.float64))
    ev = torch.linalg.eigvalsh(h)
    assert ev.max() / ev.min() == pytest.approx(100.0)
    with pytest.raises(ValueError, match="surface_params.kappa"):
        get_surface("ill_conditioned", {"kappa": 0.5})
    with pytest.raises(ValueError, match="surface_params.nope"):
        get_surface("ill_conditioned", {"nope": 1.0})


def test_unknown_surface_names_the_field():
    with pytest.raises(ValueError, match="surface must be one of"):
        get_surface("nope")


def test_lecture_surface_matches_the_worked_example():
    s = get_surface("lecture_w1w2")
    h = torch.func.hessian(s.value)(torch.zeros(2, dtype=torch.float64))
    assert np.allclose(h.numpy(), [[0.0, -2.0], [-2.0, 0.0]])
