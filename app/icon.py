"""The app's favicon, drawn here (Rosenbrock's levels in Viridis with a white path) so
that nothing is fetched from the internet: a ":material/...:" favicon comes from
fonts.gstatic.com. PNG bytes, made once per process."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from app.figures import VIRIDIS, _png


@lru_cache(maxsize=1)
def icon_png(n: int = 64) -> bytes:
    y, x = np.mgrid[0:n, 0:n] / (n - 1) * 4 - 2
    u = np.log10((1 - x) ** 2 + 10 * (y - x ** 2) ** 2 + 1e-2)
    u = (u - u.min()) / (u.max() - u.min())
    stops = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in VIRIDIS], float)
    rgb = np.stack([np.interp(u, np.linspace(0, 1, len(stops)), stops[:, k])
                    for k in range(3)], -1)
    for t in np.linspace(0, 1, 200):            # a path sliding down to the valley floor
        px, py = -1.6 + 2.4 * t, 1.8 - 2.6 * t + 1.2 * t * t
        i, j = int((py + 2) / 4 * (n - 1)), int((px + 2) / 4 * (n - 1))
        rgb[max(i - 1, 0):i + 2, max(j - 1, 0):j + 2] = 255
    rgba = np.concatenate([rgb, np.full((n, n, 1), 255.0)], -1).round().astype(np.uint8)
    return _png(rgba[::-1].copy())
