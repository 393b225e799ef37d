EN = {
    "avg_path": "averaged point (dashed)",
    "title": "Compare optimizers",
    "intro": (
        "Pick a surface, tick optimizers and watch them race from the same start. Every path "
        "is exactly what `torch.optim` would do. Look for who gets there, who oscillates "
        "across a valley, who stalls on a plateau, and who explodes. Click the map to move "
        "the start; press ▶ to replay all paths together."
    ),
    "settings": "Settings",
    "start_x": "start x",
    "start_y": "start y",
    "steps": "steps",
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
    "map_title": "Paths on {surface}",
    "slider": "step",
    "play": "Play",
    "pause": "Pause",
    "tab_map": "Contour",
    "tab_3d": "3-D surface",
    "tab_curves": "Loss & gradient",
    "tab_rates": "Effective learning rate",
    "tab_table": "Results",
    "tab_rules": "Update rules",
    "tab_export": "Share & export",
    "surface3d_title": "{surface} with the paths lying on it",
    "z_log": "log10(f − min)",
    "z_lin": "f(x, y)",
    "loss_title": "Loss vs step",
    "loss_axis": "loss f(x, y)",
    "grad_title": "Gradient norm vs step",
    "grad_axis": "‖∇f‖",
    "rates_title": "Per-parameter effective learning rate η_t / σ_t",
    "rates_axis": "η_t / σ_t",
    "rates_help": (
        "In the lecture's unified view θ ← θ − (η_t / σ_t)·m_t, adaptive methods give every "
        "coordinate its own step size. Solid lines: x; dashed: y. AdaGrad's only shrinks; "
        "RMSProp and Adam forget old gradients."
    ),
    "rates_none": "None of the selected optimizers is adaptive: their step size is just η.",
    "col_optimizer": "optimizer",
    "col_final": "final loss",
    "col_best": "best loss",
    "col_reach": "steps to within {tol:g} of a minimum",
    "col_diverged": "diverged at step",
    "col_length": "path length",
    "never": "—",
    "table_help": "Distance to the nearest known minimum of the surface; '—' means never.",
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
