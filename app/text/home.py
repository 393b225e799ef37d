EN = {
    "title": "Descent Lab",
    "intro": (
        "A laboratory for gradient-based optimization. Every optimizer taken from "
        "`torch.optim` runs here exactly as PyTorch runs it (tested to float64 round-off), "
        "on surfaces you can see, so what you watch is what your training loop would do. "
        "{n_lecture} entries are not in `torch.optim`: {lecture}. They follow the lecture "
        "notes, written by hand as `torch.optim.Optimizer` subclasses and tested against "
        "their formulas."
    ),
    "pages_header": "What each page shows",
    "page_compare": (
        "**Compare optimizers**: race SGD, momentum, Nesterov, AdaGrad, RMSProp, AdaDelta, "
        "Adam and its family side by side on any surface; replay the paths, compare loss, "
        "gradient norm and each coordinate's effective learning rate."
    ),
    "page_critical": (
        "**Saddles & Hessian**: find every critical point, classify it by the Hessian's "
        "eigenvalues (minimum, maximum, saddle) and escape a saddle along the eigenvector "
        "of a negative eigenvalue."
    ),
    "page_schedules": (
        "**Learning rate**: warm-up, decay, cyclical rates and restarts; why training "
        "stuck is not the same as a small gradient; a learning-rate sweep."
    ),
    "page_learned": (
        "**Learned surfaces**: the error surface of a two-parameter model on data "
        "(y = b + w x with MSE, MAE or Huber; the notes' y = 3x² + 2; logistic regression "
        "with squared error against cross-entropy; raw against standardized features) and "
        "full-batch, mini-batch and stochastic gradient descent on it."
    ),
    "page_network": (
        "**Neural network**: train a small MLP with any optimizer and schedule, see its "
        "decision boundary, its loss landscape along PCA or filter-normalized directions, "
        "the Hessian's extreme eigenvalues (Lanczos) along training, and a learning-rate "
        "range test."
    ),
    "framework_header": "One framework for every optimizer",
    "framework": (
        "The lecture writes every optimizer the same way: a gradient $g_t$, a first moment "
        "$m_t = \\phi(g_1,\\dots,g_t)$, a second moment $V_t = \\psi(g_1,\\dots,g_t)$, a step "
        "$\\eta_t = \\alpha\\, m_t / \\sqrt{V_t}$ and the update $w_{t+1} = w_t - \\eta_t$."
    ),
    "surfaces_header": "Surfaces in the lab",
    "optimizers_header": "Optimizers in the lab",
    "col_name": "Name",
    "col_key": "Key",
    "col_teaches": "What it teaches",
    "col_shines": "Shines when",
    "col_fails": "Fails when",
}
