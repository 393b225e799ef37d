EN = {
    "title": "Learning rate",
    "intro": (
        "The lecture spends as long on η as on the optimizers. Every method is "
        "θ ← θ − (η_t / σ_t)·m_t: schedules change η_t over time, adaptive methods change σ_t "
        "per parameter. Build a schedule, see what it does to a run, learn why *training "
        "stuck is not a small gradient*, and find a good rate with a sweep."
    ),
    "tab_builder": "Schedule builder",
    "tab_stuck": "Stuck ≠ small gradient",
    "tab_sweep": "Learning-rate sweep",
    "tab_adaptive": "Adaptive rates",
    "schedule": "schedule",
    "base_lr": "base learning rate η",
    "steps": "steps",
    "optimizer": "optimizer",
    "surface": "surface",
    "curve_title": "{name}: the rate each step uses",
    "lr_axis": "learning rate η_t",
    "with_without": "The same optimizer with and without the schedule",
    "with": "with {name}",
    "without": "constant η",
    "paths_title": "Paths on {surface}",
    "loss_title": "Loss (left axis) and learning rate (right axis)",
    "loss_axis": "loss",
    "stuck_intro": (
        "On the narrow ravine with a fixed rate, plain gradient descent bounces between the "
        "walls: the **loss flattens while the gradient norm stays large**. The optimizer is "
        "not at a critical point; the rate is simply too large for the steep direction and "
        "too small for the flat one. Try a smaller rate, momentum, or an adaptive method."
    ),
    "stuck_lr": "SGD learning rate",
    "stuck_curves": "Loss and gradient norm of SGD on the ravine",
    "grad_axis": "‖∇f‖",
    "sweep_intro": (
        "Final loss against the learning rate, {n} rates per optimizer, all simulated in one "
        "batched run. Too small never arrives; too large oscillates or explodes (✕ = diverged)."
    ),
    "sweep_optimizers": "optimizers",
    "sweep_title": "Final loss after {steps} steps vs learning rate on {surface}",
    "final_loss": "final loss",
    "diverged": "{name} diverged",
    "adaptive_intro": (
        "η_t/σ_t for each parameter (solid: x, dashed: y). AdaGrad divides by the root of the "
        "*sum* of squared gradients, so its rate only shrinks towards zero; RMSProp and Adam "
        "divide by a moving average, so their rates recover when the slope changes."
    ),
    "adaptive_title": "Per-parameter effective learning rate on {surface}",
    "eff_axis": "η_t / σ_t",
    "bad_input": "Please check this input: {msg}",
    "computing": "Simulating…",
}
