"""Data sets generated from a seed (or shipped with scikit-learn), as float64 numpy arrays.

Two families: 1-D regression / two-class data for the two-parameter learned surfaces
(:mod:`optim_core.data_surfaces`), and 2-D two-class data for the small networks
(:mod:`optim_core.nets`). The same arguments always give the same arrays.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .specs import Param
from .text import Text

__all__ = [
    "CLASSIFICATION",
    "REGRESSION",
    "Classification",
    "classification",
    "regression",
    "scaled_features",
    "two_class_1d",
]

REGRESSION = ("synthetic", "diabetes")
CLASSIFICATION = {   # key -> the Param specs its generator takes
    "moons": (Param("noise", 0.2, 0.0, 1.0, help=Text("std of the Gaussian noise added",
                                                      "所加高斯噪声的标准差")),),
    "circles": (Param("noise", 0.1, 0.0, 1.0, help=Text("std of the Gaussian noise added",
                                                        "所加高斯噪声的标准差")),),
    "spirals": (Param("noise", 0.3, 0.0, 2.0, help=Text("std of the Gaussian noise added",
                                                        "所加高斯噪声的标准差")),),
    "breast_cancer": (),
}


def regression(data: str, n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)``: synthetic ``y = 1 + 2x + noise`` on x in [-2, 2], or the diabetes set's
    body-mass index against disease progression (442 patients, both standardized)."""
    if data == "diabetes":
        from sklearn.datasets import load_diabetes
        d = load_diabetes()
        x, y = d.data[:, 2].astype(np.float64), d.target.astype(np.float64)
        return (x - x.mean()) / x.std(), (y - y.mean()) / y.std()
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 2.0, n)
    return x, 1.0 + 2.0 * x + noise * rng.standard_normal(n)


def lecture_quadratic(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The notes' data: ``y = 3x^2 + 2 + noise * N(0, 1)`` on x in [-1, 1]."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, n)
    return x, 3.0 * x * x + 2.0 + noise * rng.standard_normal(n)


def two_class_1d(n: int, separation: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(x, label)``: two Gaussian classes of std 1 whose means are ``separation`` apart."""
    rng = np.random.default_rng(seed)
    label = (np.arange(n) % 2).astype(np.float64)
    return (label - 0.5) * separation + rng.standard_normal(n), label


def scaled_features(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)``: x1 in [1, 10], x2 in [1000, 10000], ``y = 0.5 x1 + 0.0005 x2 + noise``."""
    rng = np.random.default_rng(seed)
    X = np.stack([rng.uniform(1.0, 10.0, n), rng.uniform(1000.0, 10000.0, n)], axis=1)
    return X, 0.5 * X[:, 0] + 0.0005 * X[:, 1] + noise * rng.standard_normal(n)


@dataclass(frozen=True)
class Classification:
    """Two-class data with 2 standardized inputs, split into training and validation."""
    x_train: np.ndarray     # (n_train, 2)
    y_train: np.ndarray     # (n_train,) int64 labels 0 / 1
    x_val: np.ndarray
    y_val: np.ndarray
    features: tuple[str, str]


@lru_cache(maxsize=32)
def classification(name: str, n: int, noise: float, seed: int,
                   val_fraction: float) -> Classification:
    """Moons, circles or spirals drawn from ``seed``, or two features of scikit-learn's
    breast-cancer set (569 patients; ``n`` and ``noise`` do not apply); shuffled and split
    from ``seed``; inputs standardized with the training part's mean and std."""
    from sklearn import datasets as skd
    features = ("x1", "x2")
    if name == "moons":
        X, y = skd.make_moons(n, noise=noise, random_state=seed)
    elif name == "circles":
        X, y = skd.make_circles(n, noise=noise, factor=0.5, random_state=seed)
    elif name == "spirals":
        X, y = _spirals(n, noise, seed)
    elif name == "breast_cancer":
        d = skd.load_breast_cancer()
        X, y = d.data[:, [0, 1]], d.target
        features = (str(d.feature_names[0]), str(d.feature_names[1]))
    else:
        raise ValueError(f"data must be one of {', '.join(CLASSIFICATION)}; got {name!r}")
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64)
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, train = order[:n_val], order[n_val:]
    mu, sd = X[train].mean(0), X[train].std(0)
    sd[sd == 0] = 1.0
    X = (X - mu) / sd
    return Classification(X[train], y[train], X[val], y[val], features)


def _spirals(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals (1.5 turns each)."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    r = rng.uniform(0.1, 1.0, n)
    theta = 3 * np.pi * r + np.pi * y
    X = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1) * 3.0
    return X + noise * 0.3 * rng.standard_normal((n, 2)), y
