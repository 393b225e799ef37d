EN = {
    "title": "Learning rate",
    "intro": (
        "Every method in the lecture is θ ← θ − (η_t / σ_t)·m_t. A **schedule** changes η_t "
        "over time; an **adaptive** method changes σ_t per parameter. Build a schedule and "
        "watch what it does to a run, see why *training stuck is not a small gradient*, find "
        "a good rate with a sweep, and watch the per-parameter rates of AdaGrad, RMSProp and "
        "Adam."
    ),
    "tab_builder": "Schedule builder",
    "tab_stuck": "Stuck ≠ small gradient",
    "tab_sweep": "Learning-rate sweep",
    "tab_adaptive": "Adaptive rates",
    # builder
    "schedule": "Schedule (decay, cycles, restarts)",
    "schedule_help": "Every entry is a torch.optim.lr_scheduler; its settings keep torch's names.",
    "warmup": "Linear warm-up first",
    "warmup_help": "LinearLR for total_iters steps, then the schedule above (SequentialLR).",
    "no_warmup": "This schedule has its own way of starting.",
    "noise": "Gradient noise σ",
    "noise_help": "Gaussian noise added to every gradient, like a mini-batch's. With noise, a "
                  "constant rate keeps jittering around the minimum; a decaying one settles.",
    "base_lr": "Base learning rate η",
    "steps": "Steps",
    "optimizer": "Optimizer",
    "surface": "Surface",
    "curve_title": "{name}: the rate each step uses",
    "plateau_note": (
        "Reduce-on-plateau watches the loss of the run, so its curve is the rate the run "
        "below actually used: it drops each time the loss stops improving for `patience` steps."
    ),
    "lr_axis": "learning rate η_t",
    "step_axis": "step t",
    "warmup_band": "warm-up",
    "with_without": "The same optimizer with and without the schedule",
    "with_without_intro": (
        "Both runs start at the same point with the same base rate η and the same gradient "
        "noise; only the schedule differs. With noise, a constant rate keeps jittering around "
        "the minimum; a rate that decays lets the run settle. Below, loss (solid, left axis) and "
        "the rate used (dotted, right axis) share the step axis."
    ),
    "with": "with {name}",
    "tail_caption": "Mean loss over the last {n} steps",
    "of_constant": "vs constant η",
    "without": "constant η",
    "paths_title": "Paths on {surface}",
    "loss_title": "Loss (left) and learning rate (right) per step",
    "loss_axis": "loss f(x, y)",
    # stuck
    "stuck_intro": (
        "On the narrow ravine f = x²/20 + 10·(y − 0.4 sin x)² the walls are steep and the "
        "floor is gentle. Across the floor the steepest curvature λmax is about "
        "20 + 3.2 cos²x: near 20.3 far out, where the run starts, and 23.2 at the minimum. "
        "Gradient descent at a fixed rate η is stable across the ravine only where "
        "λmax < 2/η. At η = 0.099 (2/η = 20.2) that fails long before the minimum "
        "(2/23.2 = 0.086): the run slides along the floor until the curvature under it "
        "reaches 2/η, and there it locks into bouncing between the same two points on the "
        "walls, for ever. **The loss stops falling while the gradient norm stays large**: "
        "the run is not at a critical point, the rate is too large for the curvature ahead "
        "of it. The chart below plots λmax at the centre of each bounce against 2/η. The "
        "dashed run, at half the rate (stable everywhere on the floor), does not bounce: its "
        "loss and gradient norm fall together as it slides towards the minimum."
    ),
    "curv_title": "Steepest curvature λmax under the run (at the centre of each bounce)",
    "curv_axis": "λmax of the Hessian",
    "curv_limit": "2/η of {name} = {v:.4g}",
    "curv_at_min": "λmax at the minimum = {v:.3g}",
    "curv_caption": (
        "λmax is the Hessian's largest eigenvalue at the midpoint of consecutive iterates, "
        "computed by the core (torch.func). A run stays where its curvature meets its "
        "dotted 2/η line; a run whose curve stays below the line keeps moving."
    ),
    "stuck_lr": "SGD learning rate η",
    "stuck_title": "Loss and gradient norm of SGD on the ravine",
    "stuck_paths": "The bouncing path (η = {lr:.4f}) and the calm one (η = {half:.4f})",
    "stuck_run": "η = {lr:.4f}",
    "grad_axis": "gradient norm ‖∇f‖",
    "stuck_verdict": (
        "Last {n} steps at η = {lr:.4f}: the loss changed by {change} (it sits at {loss:.3g}) "
        "while ‖∇f‖ stayed above {g:.3g}. At the minimum both are 0: the run is stuck, not "
        "arrived. λmax under it is {lam:.4g}, 2/η = {limit:.4g}."
    ),
    "stuck_verdict_cycle": (
        "Last {n} steps at η = {lr:.4f}: the run bounces between the same two points (a "
        "2-cycle); the loss changed by {change} (it sits at {loss:.3g}) while ‖∇f‖ stayed "
        "above {g:.3g}. The centre of the bounce is where λmax = {lam:.4g} meets "
        "2/η = {limit:.4g}; at the minimum λmax = {lam_min:.3g}, so this rate can never get "
        "there. Stuck, not arrived."
    ),
    "stuck_moving": (
        "At η = {lr:.4f} the run is still moving (2/η = {limit:.4g}; λmax is {lam_min:.3g} "
        "at the minimum): try a rate between 2/{lam_min:.3g} = {lim_min:.3f} and 0.1."
    ),
    # sweep
    "sweep_intro": (
        "Final loss against the learning rate: {n} rates from 10⁻⁴ to 1 per optimizer, all "
        "the runs simulated in **one batched call**. Too small never arrives; too large "
        "oscillates or explodes (✕ = diverged, drawn above the curves). ◆ marks each "
        "optimizer's best rate."
    ),
    "sweep_optimizers": "Optimizers",
    "sweep_steps": "Steps per run",
    "sweep_title": "Final loss after {steps} steps vs learning rate on {surface}",
    "sweep_none": "Pick at least one optimizer.",
    "final_loss": "final loss f(x, y)",
    "rate_axis": "learning rate η (log scale)",
    "diverged": "{name}: diverged",
    "best": "{name}: best η = {lr:.2g}",
    "best_table": "best rate",
    "best_loss": "its final loss",
    "diverged_from": "diverges from η ≈",
    "never": "never in this range",
    # adaptive
    "adaptive_intro": (
        "η_t/σ_t for each parameter (solid: x, dashed: y), each optimizer in its own panel "
        "on a shared log axis. torch's AdaGrad (shown here) divides by the root of the *sum* "
        "of squared gradients, so its rates only shrink towards zero (the lecture's form "
        "divides by the root *mean* square, which grows again as the gradients shrink: "
        "try it on the Compare page). RMSProp and Adam divide by a moving average, so their "
        "rates recover when the slope changes. The parameter with the steeper slope "
        "gets the smaller rate."
    ),
    "adaptive_title": "Per-parameter effective learning rate η_t/σ_t on {surface}",
    "eff_axis": "η_t / σ_t",
    "coord_x": "x",
    "coord_y": "y",
    "bad_input": "Please check this input: {msg}",
    "computing": "Simulating…",
}
