EN = {
    "avg_path": "averaged point (dashed)",
    "evals_title": "Loss vs function evaluations (L-BFGS evaluates f several times a step)",
    "evals_axis": "function evaluations",
    "d_title": "Prodigy's distance estimate d vs step",
    "d_axis": "d",
    "title": "Compare optimizers",
    "intro": (
        "Pick a surface, tick optimizers and watch them race from the same start. The path of "
        "every `torch.optim` optimizer is exactly what `torch.optim` would do (the lecture's "
        "own forms follow the lecture's formulas: see Update rules). Look for who gets there, who oscillates "
        "across a valley, who stalls on a plateau, and who explodes. Click the map to move "
        "the start; press ▶ to replay all paths together."
    ),
    "settings": "Settings",
    "start_x": "start x",
    "start_y": "start y",
    "steps": "steps",
    "steps_clamped": "The link asks for {asked} steps; this page runs at most {max}, so it "
                     "opens with {max}. The command line (`python -m optim_core simulate`) "
                     "runs the link's configuration as it is.",
    "steps_help": "From 1 to {max} steps (the command line accepts more).",
    "noise": "gradient noise σ",
    "noise_help": "Gaussian noise of this standard deviation is added to every gradient "
                  "(like a small mini-batch); every optimizer sees the same noise.",
    "seed": "seed",
    "same_lr": "same learning rate for all",
    "lr": "learning rate η (all)",
    "none_selected": "Select at least one optimizer to start the race.",
    "bad_input": "Please check this input: {msg}",
    "bad_link": "The shared link could not be read ({msg}); showing the defaults.",
    "diverged": "{name} diverged at step {step}: its loss or position blew up, so the run "
                "is frozen at its last good point (marked ✕).",
    "start_outside": "The start ({x:.4g}, {y:.4g}) is outside the view (x ∈ [{x0:g}, {x1:g}], "
                     "y ∈ [{y0:g}, {y1:g}]) and too far for a run: no optimizer moved. "
                     "Choose a start inside the view, or click the map.",
    "start_nonfinite": "f is not finite at the start ({x:.4g}, {y:.4g}) (outside the domain "
                       "where it is defined): no optimizer moved. Choose another start, or "
                       "click the map.",
    "map_title": "Paths on {surface}",
    "slider": "step",
    "play": "Play",
    "pause": "Pause",
    "step_back": "◀ Step back",
    "step_forward": "Step forward ▶",
    "frame_note": "Frame {frame} of {n}. ▶ plays at half, normal or double speed; the step "
                  "buttons move one frame; the slider jumps to any step.",
    "tab_map": "Contour",
    "tab_3d": "3-D surface",
    "tab_curves": "Loss & gradient",
    "tab_rates": "Effective learning rate",
    "tab_table": "Results",
    "tab_rules": "Update rules",
    "tab_export": "Share & export",
    "surface3d_title": "{surface} with the paths lying on it",
    "z_log": "log10(f − min + 0.001)",
    "z_lin": "f({a}, {b})",
    "loss_title": "Loss vs step",
    "loss_axis": "loss f(x, y)",
    "grad_title": "Gradient norm vs step",
    "grad_axis": "‖∇f‖",
    "rates_title": "Per-parameter effective learning rate η_t / σ_t",
    "rates_axis": "η_t / σ_t",
    "rates_help": (
        "In the lecture's unified view θ ← θ − (η_t / σ_t)·m_t, adaptive methods give every "
        "coordinate its own step size. Solid lines: x; dashed: y. torch's AdaGrad divides "
        "by the root of the *sum* of squared gradients, so its rate only shrinks; the "
        "lecture's AdaGrad divides by their root *mean* square, so its rate grows again "
        "when the gradients get smaller. RMSProp and Adam forget old gradients."
    ),
    "rates_none": "None of the selected optimizers is adaptive: their step size is just η.",
    "col_optimizer": "optimizer",
    "col_final": "final loss",
    "col_best": "best loss",
    "col_reach": "steps to within {tol:g} of a listed minimum",
    "col_reach_loss": "steps to loss ≤ {level:.3g} (lowest on the map + 0.1% of its range)",
    "col_reach_none": "steps to arrive (no minimum listed, no finite loss on the map)",
    "col_diverged": "diverged at step",
    "col_length": "path length",
    "never": "—",
    "table_help": (
        "Arrival is measured as its column header says: within a distance of a minimum the "
        "surface lists, or, on a surface that lists none (a saddle, a typed formula), a loss "
        "at most the lowest value on the map plus 0.1% of the map's range. '—' means never "
        "within the steps run (or, in the last columns, never diverged)."
    ),
    "what_to_look_for": "What to look for",
    "lecture_note": "Lecture vs PyTorch",
    "shines": "Shines",
    "fails": "Fails",
    "download_csv": "Trajectories (CSV)",
    "download_json": "Configuration (JSON, for `python -m optim_core simulate`)",
    "download_py": "Reproduce with plain torch.optim (Python)",
    "share": "This page's address holds the whole configuration: copy it to share this view.",
    "computing": "Simulating…",
}
