"""Compiled (numba) loss and gradient of the analytic registry surfaces, for the fused path.

Each surface is one branch of :func:`eval_block`, which fills ``f``, ``gx``, ``gy`` for a
block of points; the formulas are the ones of :mod:`optim_core.surfaces`, written in the
same order of operations, and the tests check every entry against the torch functions.
``FAST_SURFACES`` maps a registry key to its branch and the names of its parameters; a
surface missing here (typed formulas, surfaces learned from data, a new entry without a
kernel) runs on the pure-torch engine.
"""
from __future__ import annotations

import math

import numba as nb
import numpy as np

__all__ = ["FAST_SURFACES", "eval_block", "surface_arrays"]

# key -> (branch id, parameter names in the order of the ``prm`` array)
FAST_SURFACES: dict[str, tuple[int, tuple[str, ...]]] = {
    "bowl": (0, ()), "ill_conditioned": (1, ("kappa",)), "rosenbrock": (2, ()),
    "beale": (3, ()), "himmelblau": (4, ()), "booth": (5, ()), "six_hump_camel": (6, ()),
    "rastrigin": (7, ()), "ackley": (8, ()), "goldstein_price": (9, ()),
    "styblinski_tang": (10, ()), "saddle": (11, ()), "monkey_saddle": (12, ()),
    "lecture_w1w2": (13, ()), "plateau_cliff": (14, ()), "ravine": (15, ()),
}

TAU = 2 * math.pi
E = math.e
PI = math.pi


def surface_arrays(key: str, params: dict) -> tuple[int, np.ndarray]:
    """The branch id and parameter array of registry surface ``key`` (bound ``params``)."""
    sid, names = FAST_SURFACES[key]
    return sid, np.array([float(params[n]) for n in names] or [0.0], dtype=np.float64)


@nb.njit(cache=True, nogil=True, error_model="numpy")
def eval_block(sid, prm, x, y, f, gx, gy, n):
    """Loss and gradient of surface ``sid`` at ``x[:n], y[:n]`` into ``f, gx, gy``."""
    if sid == 0:
        for i in range(n):
            a, b = x[i], y[i]
            f[i] = a * a + b * b
            gx[i] = 2 * a
            gy[i] = 2 * b
    elif sid == 1:
        kappa = prm[0]
        for i in range(n):
            a, b = x[i], y[i]
            f[i] = 0.5 * (a * a + kappa * b * b)
            gx[i] = a
            gy[i] = kappa * b
    elif sid == 2:
        for i in range(n):
            a, b = x[i], y[i]
            r = b - a * a
            f[i] = (1 - a) ** 2 + 100 * r ** 2
            gx[i] = -2 * (1 - a) - 400 * a * r
            gy[i] = 200 * r
    elif sid == 3:
        for i in range(n):
            a, b = x[i], y[i]
            p = 1.5 - a + a * b
            q = 2.25 - a + a * b * b
            c = 2.625 - a + a * b ** 3
            f[i] = p * p + q * q + c * c
            y2 = b * b
            gx[i] = 2 * (p * (b - 1) + q * (y2 - 1) + c * (y2 * b - 1))
            gy[i] = 2 * a * (p + 2 * q * b + 3 * c * y2)
    elif sid == 4:
        for i in range(n):
            a, b = x[i], y[i]
            p, q = a * a + b - 11, a + b * b - 7
            f[i] = p ** 2 + q ** 2
            gx[i] = 4 * a * p + 2 * q
            gy[i] = 2 * p + 4 * b * q
    elif sid == 5:
        for i in range(n):
            a, b = x[i], y[i]
            p, q = a + 2 * b - 7, 2 * a + b - 5
            f[i] = p ** 2 + q ** 2
            gx[i] = 2 * p + 4 * q
            gy[i] = 4 * p + 2 * q
    elif sid == 6:
        for i in range(n):
            a, b = x[i], y[i]
            x2, y2 = a * a, b * b
            f[i] = (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + a * b + (-4 + 4 * y2) * y2
            gx[i] = 8 * a - 8.4 * x2 * a + 2 * x2 * x2 * a + b
            gy[i] = a - 8 * b + 16 * b ** 3
    elif sid == 7:
        for i in range(n):
            a, b = x[i], y[i]
            f[i] = 20 + a * a - 10 * math.cos(TAU * a) + b * b - 10 * math.cos(TAU * b)
            gx[i] = 2 * a + 10 * TAU * math.sin(TAU * a)
            gy[i] = 2 * b + 10 * TAU * math.sin(TAU * b)
    elif sid == 8:
        for i in range(n):
            a, b = x[i], y[i]
            r = math.sqrt(0.5 * (a * a + b * b))
            cs = math.exp(0.5 * (math.cos(TAU * a) + math.cos(TAU * b)))
            f[i] = -20 * math.exp(-0.2 * r) - cs + E + 20
            r = max(r, 1e-300)
            p = 2 * math.exp(-0.2 * r) / r
            q = PI * cs
            gx[i] = p * a + q * math.sin(TAU * a)
            gy[i] = p * b + q * math.sin(TAU * b)
    elif sid == 9:
        for i in range(n):
            a, b = x[i], y[i]
            s, d = a + b + 1, 2 * a - 3 * b
            p = 19 - 14 * a + 3 * a * a - 14 * b + 6 * a * b + 3 * b * b
            q = 18 - 32 * a + 12 * a * a + 48 * b - 36 * a * b + 27 * b * b
            u, v = 1 + s * s * p, 30 + d * d * q
            f[i] = u * v
            da = 2 * s * p + s * s * (-14 + 6 * a + 6 * b)
            gx[i] = da * v + u * (4 * d * q + d * d * (-32 + 24 * a - 36 * b))
            gy[i] = da * v + u * (-6 * d * q + d * d * (48 - 36 * a + 54 * b))
    elif sid == 10:
        for i in range(n):
            a, b = x[i], y[i]
            f[i] = 0.5 * (a ** 4 - 16 * a * a + 5 * a + b ** 4 - 16 * b * b + 5 * b)
            gx[i] = 0.5 * (4 * a ** 3 - 32 * a + 5)
            gy[i] = 0.5 * (4 * b ** 3 - 32 * b + 5)
    elif sid == 11:
        for i in range(n):
            a, b = x[i], y[i]
            f[i] = a * a - b * b
            gx[i] = 2 * a
            gy[i] = -2 * b
    elif sid == 12:
        for i in range(n):
            a, b = x[i], y[i]
            f[i] = a ** 3 - 3 * a * b * b
            gx[i] = 3 * a * a - 3 * b * b
            gy[i] = -6 * a * b
    elif sid == 13:
        for i in range(n):
            a, b = x[i], y[i]
            f[i] = (1 - a * b) ** 2
            r = -2 * (1 - a * b)
            gx[i] = r * b
            gy[i] = r * a
    elif sid == 14:
        for i in range(n):
            a, b = x[i], y[i]
            s = 1.0 / (1.0 + math.exp(-(8 * (a - 1))))
            f[i] = 1 - s + 0.005 * (a - 2) ** 2 + 0.1 * b * b
            gx[i] = -8 * s * (1 - s) + 0.01 * (a - 2)
            gy[i] = 0.2 * b
    else:
        for i in range(n):
            a, b = x[i], y[i]
            r = 20 * (b - 0.4 * math.sin(a))
            f[i] = a * a / 20 + 10 * (b - 0.4 * math.sin(a)) ** 2
            gx[i] = a / 10 - 0.4 * math.cos(a) * r
            gy[i] = r
