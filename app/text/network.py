EN = {
    "title": "Neural network",
    "intro": (
        "A small network (an MLP) learns to separate two classes. Every optimizer trains the "
        "**same initial weights** on the same mini-batches. Then look at where training "
        "ended: the **loss landscape** on a plane through the final weights, the **Hessian's "
        "extreme eigenvalues** (a minimum has none negative; a saddle has some), and the "
        "**learning-rate range test** that picks a rate before training."
    ),
    "data_header": "Data", "net_header": "Network", "train_header": "Training",
    "optimizers": "Optimizers (same initial weights)",
    "rates": "Learning rates",
    "schedule": "Schedule (every optimizer)",
    "constant": "Constant rate",
    "train": "Train",
    "training": "Training {name}…",
    "queued": "Waiting for a free worker: other requests are computing…",
    "bad_input": "Please check this input: {msg}",
    "summary": (
        "{n_train} training and {n_val} validation points · {weights:,} weights · "
        "{per} iterations per epoch × {epochs} epochs"
    ),
    "tab_training": "Training", "tab_landscape": "Loss landscape", "tab_hessian": "Hessian",
    "tab_range": "Learning-rate range test",
    "loss_title": "Loss per epoch: training (solid) and validation (dashed)",
    "epoch_axis": "epoch", "loss_axis": "cross-entropy loss",
    "train_suffix": "train", "val_suffix": "validation",
    "col_optimizer": "Optimizer", "col_train_loss": "Final training loss",
    "col_val_loss": "Final validation loss", "col_train_acc": "Training accuracy",
    "col_val_acc": "Validation accuracy", "col_diverged": "Diverged at iteration",
    "boundary_for": "Decision boundary of",
    "boundary_title": "{name}: P(class 1) over the input plane (train ●, validation ✕)",
    "x1": "input 1 ({f}, standardized)", "x2": "input 2 ({f}, standardized)",
    "prob": "P(class 1)",
    "class": "class {c}",
    "diverged": "{name} diverged at iteration {it}: its loss stopped being finite.",
    "landscape_help": (
        "The loss on a plane through the final weights θ* of one run: L(θ* + a·d₁ + b·d₂). "
        "**PCA**: d₁, d₂ are the top two principal directions of the runs' weight "
        "trajectories, so the paths can be drawn on the plane. **Random**: two Gaussian "
        "directions, each filter (row of a weight matrix) scaled to the norm of the same "
        "filter of θ* (Li et al. 2018; biases and batch-norm parameters left out); random "
        "directions are nearly orthogonal to any path, so its projection sits near (0, 0)."
    ),
    "directions": "Directions",
    "pca": "PCA of the trajectories", "random": "Filter-normalized random",
    "center": "Plane through the final weights of",
    "resolution": "Grid points per side",
    "span": "Half-width of the square (random directions)",
    "dir_seed": "Direction seed",
    "computing_slice": "Evaluating the loss on {n}×{n} weight vectors…",
    "slice_title": "Loss on the plane (log10 of the loss)",
    "a_axis": "a (along d₁)", "b_axis": "b (along d₂)",
    "explained": (
        "The plane explains {p1:.1%} + {p2:.1%} = {p:.1%} of the variance of the trajectories' "
        "points. The rest of each path is **off the plane**: the curve below compares the true "
        "loss along a path with the slice's loss at its projection, so nobody mistakes one for "
        "the other."
    ),
    "random_note": "Random directions: the paths' projections are shown, but the paths are "
                   "almost entirely off this plane.",
    "path_title": "Along each path: true loss (solid) vs the slice's value at its projection (dotted)",
    "true_suffix": "true", "slice_suffix": "on the plane",
    "hessian_help": (
        "Extreme eigenvalues of the Hessian of the training loss, from Hessian-vector products "
        "with the Lanczos iteration (full re-orthogonalization). λmin is computed directly, "
        "not by shifting. A value whose residual is above 10⁻³·|λ|max is marked **not "
        "converged**: near a trained point the smallest eigenvalues crowd near zero and can "
        "need hundreds of products. Then the page says so rather than show a wrong number."
    ),
    "run": "Run",
    "points": "Points along training",
    "max_products": "Products per point (at most)",
    "computing_hessian": "Lanczos at {n} points…",
    "hessian_title": "{name}: extreme Hessian eigenvalues along training",
    "lambda_axis": "eigenvalue λ",
    "lmax": "λmax", "lmin": "λmin", "unconverged": "not converged",
    "col_epoch": "Epoch", "col_lmax": "λmax", "col_lmin": "λmin", "col_products": "Products",
    "col_converged": "Converged (λmax, λmin)",
    "verdict_min": "At the final weights every eigenvalue is ≥ 0 (λmin = {lmin:.3g}) and "
                   "‖∇L‖ = {g:.3g}: training ended at (or near) a **minimum**.",
    "verdict_saddle": "At the final weights ‖∇L‖ = {g:.3g} (at most {tol:.2g}: a critical "
                      "point) and λmin = {lmin:.3g} < 0: a direction of negative curvature "
                      "at a critical point, so this is a **saddle**, not a minimum.",
    "verdict_descending": "At the final weights λmin = {lmin:.3g} < 0, but ‖∇L‖ = {g:.3g} "
                          "is not small (a critical point needs at most {tol:.2g}): this is "
                          "**not a critical point**, so not a saddle either. Training is "
                          "still descending, on a slope that curves down in some direction.",
    "verdict_flat": "At the final weights λmin = {lmin:.3g} is within 10⁻³·λmax of zero "
                    "(‖∇L‖ = {g:.3g}): the curvature test cannot tell a flat minimum from a "
                    "saddle here.",
    "verdict_unknown": "λmin did not converge within {k} products (residual {r:.2g}): the "
                       "smallest eigenvalue is **not known**; raise the product budget.",
    "range_help": (
        "Train from the initial weights while raising the rate geometrically every mini-batch, "
        "from lr_min to lr_max, and plot the loss against the rate. The loss first falls, "
        "then explodes. Suggested: the rate where the smoothed loss falls fastest, and the "
        "range from a tenth of the rate at the smoothed minimum up to that rate."
    ),
    "range_optimizer": "Optimizer",
    "lr_min": "lr_min", "lr_max": "lr_max", "iterations": "Iterations",
    "computing_range": "Range test…",
    "range_title": "{name}: loss against the learning rate (one mini-batch each)",
    "lr_axis": "learning rate (log scale)",
    "raw_loss": "mini-batch loss", "smooth_loss": "smoothed",
    "suggested_range": "suggested range", "steepest": "steepest descent",
    "range_result": "Suggested rate {s:.3g}; range {lo:.3g} – {hi:.3g}.",
    "range_none": "No falling stretch was found: widen the range of rates.",
    "stopped": "Stopped when the smoothed loss passed 4× its best.",
}
