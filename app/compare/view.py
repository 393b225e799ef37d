"""Everything the Compare page shows for one configuration, built once and shared.

A rerun that does not change the configuration (a tab switch, a download, another
student's identical settings) reuses the bundle: figures are frozen (their dicts made
once), the table, CSV and script are ready. Keyed on the config's JSON and the language.

A new configuration pays for what depends on it and nothing else (bench/compare_page.py):
the config arrives validated (not parsed again from its key), the map's filled-level
image is made once per surface grid (``figures.map_base_image``), the figures are frozen
without plotly's own set-up, and the bundle's size for the byte-bounded cache is
estimated from its serialized figures instead of walking every dict.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.cache import cached, config_key, simulation, surface_grid
from app.compare.figures import (
    evals_axis,
    labels,
    rate_figure,
    series_figure,
    surface3d_figure,
    trajectory_figure,
)
from app.compare.form import divergence_messages, results_rows
from app.exporters import config_json, reproduction_script, trajectories_csv
from app.figures import FrozenFigure
from app.text import current_language, t, tr
from optim_core import SimConfig, SimResult


@dataclass(frozen=True)
class CompareView:
    result: SimResult
    names: list
    warnings: list
    figures: dict          # name -> FrozenFigure
    table: pd.DataFrame
    json: str
    script: str

    @property
    def csv(self) -> str:
        """Every path as CSV: made when downloaded (it costs more than the simulation)."""
        return trajectories_csv(self.result)


def figure_file(view: CompareView, name: str):
    """The figure ``name`` as a standalone offline HTML file, made only when downloaded
    (a callable for ``st.download_button``: plotly.js inlined is a few MB)."""
    from app.html_export import figure_html
    fig, lang = view.figures[name].to_dict(), current_language()
    title = (fig.get("layout", {}).get("title") or {}).get("text") or name
    return lambda: figure_html(fig, title, lang)


def compare_view(config: SimConfig) -> CompareView:
    key, lang = config_key(config), current_language()
    return cached("compare.view", (key, lang), lambda: _view(config), size_of=bundle_size)


def frozen_figure(fig: dict) -> FrozenFigure:
    """``FrozenFigure(fig)`` without ``go.Figure.__init__`` (its default template costs
    ~3 ms a figure, more than the simulation): ``st.plotly_chart`` and the exports only
    call ``to_dict()`` / ``cache_payload()`` on a frozen figure, which return ``fig``."""
    f = FrozenFigure.__new__(FrozenFigure)
    object.__setattr__(f, "_frozen", fig)
    return f


def bundle_size(view: CompareView) -> int:
    """Bytes the bundle holds, for the app's byte-bounded cache: the result's arrays, and
    twice each figure's JSON (measured: a figure's dicts hold 1.1-1.7x their JSON; walking
    them with ``app.cache.nbytes`` costs more than building them)."""
    import orjson

    from app.cache import nbytes
    figs = sum(2 * len(orjson.dumps(f.to_dict())) + 1024 for f in view.figures.values())
    return (nbytes(view.result) + figs + 128 * view.table.size + len(view.json)
            + len(view.script) + 4096)


def _view(config: SimConfig) -> CompareView:
    result = simulation(config)
    surface = config.make_surface()
    grid = surface_grid(config.surface, config.surface_params, formula=config.formula,
                        bounds=config.bounds)
    names = labels(result)
    name = tr(surface.name)
    zlabel = t("compare.z_log" if surface.log_levels else "compare.z_lin",
               a=surface.axes[0], b=surface.axes[1])
    figs = {
        "map": trajectory_figure(surface, grid, result, title=t("compare.map_title", surface=name),
                                 slider_label=t("compare.slider"), play=t("compare.play"),
                                 pause=t("compare.pause"), avg_label=t("compare.avg_path")),
        "3d": surface3d_figure(surface, grid, result, zlabel=zlabel,
                               title=t("compare.surface3d_title", surface=name)),
        "loss": series_figure(result, result.loss[:, 0], title=t("compare.loss_title"),
                              ylabel=t("compare.loss_axis"), log=True),
        "grad": series_figure(result, result.grad_norm[:, 0], title=t("compare.grad_title"),
                              ylabel=t("compare.grad_axis"), log=True),
        "rates": rate_figure(result, title=t("compare.rates_title"),
                             ylabel=t("compare.rates_axis"), xname=surface.axes[0],
                             yname=surface.axes[1]),
    }
    if result.evals is not None and (result.evals[:, 0] > 1).any():
        # the loss read against function evaluations as well as steps (an x-axis choice)
        evals_axis(figs["loss"], result, steps_label=t("figures.step"),
                   evals_label=t("compare.evals_axis"), evals_title=t("compare.evals_title"))
    d = (result.extras or {}).get("d")
    if d is not None:   # Prodigy's distance estimate; NaN on the other rows (not drawn)
        figs["d"] = series_figure(result, d[:, 0], title=t("compare.d_title"),
                                  ylabel=t("compare.d_axis"), log=False)
        drawn = {n for n, row in zip(names, d[:, 0]) if np.isfinite(row).all()}
        figs["d"]["data"] = [tr for tr in figs["d"]["data"] if tr.get("name") in drawn]
    return CompareView(result, names, divergence_messages(result, names, surface),
                       {k: frozen_figure(f) for k, f in figs.items()},
                       pd.DataFrame(results_rows(result, surface, names, grid.z)),
                       config_json(config), reproduction_script(config))
