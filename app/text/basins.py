EN = {
    "title": "Basins & fair races",
    "intro": (
        "Two questions no single race answers. **From where does each optimizer end up in "
        "which minimum?** A grid of starts over the whole surface runs every optimizer in "
        "one batched call; each start is coloured by where its run ends. **Is one optimizer "
        "really faster, or just better tuned?** Every optimizer gets the same tuning budget, "
        "then they race at their own best settings."
    ),
    "tab_maps": "Basin maps",
    "tab_race": "Fair race (tune, then race)",
    "bad_input": "Please check this input: {msg}",
    "bad_link": "The shared link could not be read ({msg}); showing the defaults.",
    "none_selected": "Select at least one optimizer.",
    "resolution": "starts per axis",
    "resolution_help": "The map runs resolution × resolution starts (cell centres of the "
                       "domain), every optimizer from each.",
    "steps": "steps",
    "computing": "Running {n:,} starts × {k} optimizers × {steps} steps…",
    "maps_title": "Where each start ends, per optimizer",
    "not_arrived": "not arrived",
    "diverged": "diverged",
    "point_name": "{kind} ({x:.2f}, {y:.2f})",
    "kind_minimum": "min",
    "kind_maximum": "max",
    "kind_saddle": "saddle",
    "kind_degenerate": "degenerate",
    "click_help": "Click any pixel of a map to see the paths from that start.",
    "rule": (
        "A run *arrives* at a critical point when it ends within {tol:.3g} of it ("
        "{rel:.1%} of the domain's diagonal) with a gradient below {grad:.2%} of the "
        "surface's typical slope; critical points come from the Saddles & Hessian finder."
    ),
    "teach_header": "What to look for",
    "teach": (
        "- **Small-step gradient descent follows the gradient flow.** Each start ends in "
        "the minimum that steepest descent, followed continuously, leads to: the basins "
        "are the gradient flow's basins, separated by the ridges through the saddles. On "
        "Himmelblau the four basins meet at the maximum; the tests check that GD at a "
        "small rate agrees with integrating the flow (scipy's `solve_ivp`) everywhere but "
        "in a thin band along the borders.\n"
        "- **Momentum and Adam cross borders.** They carry speed: a run can coast over a "
        "saddle's ridge and settle in a neighbouring basin, so their maps show islands "
        "and tongues of other colours. Adam's per-coordinate normalization also bends its "
        "paths away from steepest descent.\n"
        "- **Large rates make basins fractal.** Raise GD's rate towards 2 / (largest "
        "curvature): each step overshoots, the end depends sensitively on the start, and "
        "the borders fray into speckle; further up, runs oscillate (not arrived) or "
        "diverge."
    ),
    "shares_header": "Share of starts per basin",
    "other_points": "{n} other points",
    "col_optimizer": "optimizer",
    "path_header": "Paths from ({x:.3f}, {y:.3f})",
    "path_title": "Paths from the clicked start",
    "ends_in": "{name}: ends at {where}",
    "export": "Downloads",
    "download_csv": "Labels (CSV)",
    "download_json": "Configuration (JSON for `python -m optim_core basins --config`)",
    "download_html": "Maps (interactive HTML)",
    "share": "The page's URL holds the whole map's configuration: share it. For a PNG, "
             "use the camera icon above the maps.",
    # the fair race
    "race_intro": (
        "Every optimizer gets **the same budget**: the same number of tuning runs of the "
        "same length. Each tries a log-spaced grid of learning rates (and optionally a "
        "second hyper-parameter: the optimizers without one get proportionally more "
        "rates), from the same starts with the same noise. The best setting by the stated "
        "metric races the others. Rankings between optimizers often flip with the tuning "
        "budget (Choi et al. 2019; Schmidt, Schneider & Hennig 2021): here both are "
        "visible."
    ),
    "race_optimizers": "optimizers to tune",
    "lr_min": "smallest rate",
    "lr_max": "largest rate",
    "lr_points": "rates per grid",
    "second": "also tune momentum / β₁",
    "second_help": "For each optimizer with a momentum (or β₁): these values × the rates. "
                   "The others get as many more rates, so the budget stays equal.",
    "second_values": "momentum / β₁ values",
    "metric": "metric",
    "metric_final_loss": "final loss (mean over runs)",
    "metric_steps_to_loss": "steps to reach a loss (mean over runs)",
    "target": "target loss",
    "race_starts": "starts",
    "race_starts_help": "The surface's start, then further starts drawn from the middle of "
                        "the domain (fixed draws: the same for every optimizer).",
    "noise": "gradient noise σ",
    "seeds": "noise seeds per start",
    "bad_values": "Type numbers separated by commas, e.g. 0.5, 0.9, 0.99.",
    "budget": "Budget per optimizer: {runs:,} runs × {steps} steps = {total:,} steps "
              "(equal for all).",
    "sensitivity_title": "Sensitivity to the learning rate",
    "race_title": "The race at each one's best setting",
    "figures_help": "Left: each optimizer's metric at every rate of its grid (at its best "
                    "second value), ● the chosen rate, the thick bar the rates within 10 % "
                    "of the best; a run that never reaches the target counts steps + 1. "
                    "Right: the mean loss over the runs of each tuned optimizer.",
    "col_best_lr": "best rate",
    "col_second": "best second value",
    "col_metric": "metric at best",
    "col_band": "rates within 10 %",
    "col_decades": "band width (decades)",
    "col_runs": "tuning runs",
    "col_steps": "tuning steps",
    "never": "never",
    "edge": "{name}: the best rate is at the edge of the grid; widen the range to be fair.",
    "not_reached": "{name} never reached the target loss {target:g} at any rate.",
    "band_help": "A wide band means easy to tune: many rates do almost as well as the best.",
    "download_race": "Configuration (JSON for `python -m optim_core tune --config`)",
    "step": "step",
    "loss": "mean loss",
    "lr": "learning rate",
}
