EN = {
    "title": "Learned surfaces",
    "intro": (
        "An error surface is not a made-up formula: it is the **loss of a model over its "
        "parameters on training data**. Here the model has two parameters, so every point of "
        "the plot is one model and its height is that model's error on the data. Change the "
        "data, the loss or the batch size and the surface (or the path) changes with it."
    ),
    "tab_batch": "Full, mini-batch, stochastic",
    "tab_logistic": "MSE vs cross-entropy",
    "tab_scaling": "Feature scaling",
    "model": "Model and data",
    "optimizer": "Optimizer",
    "lr": "Learning rate η",
    "epochs": "Epochs",
    "epochs_help": "1 epoch = one pass over the (shuffled) data in batches: ⌈n / batch⌉ "
                   "iterations, every point seen once; with drop_last, ⌊n / batch⌋ "
                   "iterations and the last n mod batch points of that pass are skipped.",
    "batch": "Mini-batch size B",
    "shuffle": "Shuffle every epoch",
    "drop_last": "Drop the last partial batch",
    "seed": "Batch-order seed",
    "steps": "Iterations",
    "start_x": "start x", "start_y": "start y",
    "batch_help": (
        "Same optimizer, same rate, same number of **epochs**. Full batch: one smooth step per "
        "epoch. Mini-batch: ⌈N/B⌉ noisier steps per epoch (⌊N/B⌋ when the last partial "
        "batch is dropped). Stochastic (B = 1): N very noisy steps per epoch. All paths lie on "
        "the same surface: the full-data loss; each step only sees its batch's gradient."
    ),
    "full": "Full batch ({it} iterations)",
    "mini": "Mini-batch B={b} ({it} iterations)",
    "sgd": "Stochastic B=1 ({it} iterations)",
    "paths_title": "{name}: paths over {epochs} epochs",
    "loss_title": "Training loss (all data) against epochs",
    "epoch_axis": "epoch (iterations ÷ iterations per epoch)",
    "loss_axis": "loss on all N points",
    "data_title": "The data and the fitted models after the last epoch",
    "data_x": "x (feature)", "data_y": "y (target)", "data_label": "class label / P(class 1)",
    "counts": "N = {n} points · iterations per epoch: full 1, mini-batch {mini}, stochastic {n}",
    "diverged": "{name} diverged at iteration {step}: the rate is too large for this surface.",
    "logistic_help": (
        "The same data and model σ(w·x + b), two losses. Start where the model is "
        "**confidently wrong**: the squared error saturates into a flat **plateau** (its "
        "gradient vanishes, so gradient descent barely moves) while cross-entropy keeps a "
        "steady **slope** and recovers."
    ),
    "mse": "Squared error (MSE)", "ce": "Cross-entropy",
    "loss_steps_title": "Training loss against iterations",
    "grad_title": "Gradient norm along each path (log scale)",
    "grad_axis": "‖∇L‖",
    "step_axis": "iteration",
    "scaling_help": (
        "Features on scales 1–10 and 1000–10000 make a long, thin elliptic bowl: one "
        "learning rate is too large for the steep direction (it diverges) or far too small for "
        "the flat one (it crawls). Standardized features, (x − mean)/std, make it nearly "
        "round. Same optimizer, same rate on both."
    ),
    "raw": "Raw features", "std": "Standardized features",
    "stability": (
        "{name}: Hessian eigenvalues {lmin:.3g} and {lmax:.3g} (condition number {cond:.3g}); "
        "plain gradient descent is stable only for η < 2/λmax = {limit:.3g}."
    ),
    "bad_input": "Please check this input: {msg}",
    "computing": "Simulating…",
    "w_axis": "parameter 1 ({x})", "b_axis": "parameter 2 ({y})",
}
