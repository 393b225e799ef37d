EN = {
    "title": "Saddles & Hessian",
    "intro": (
        "Training stalls where the gradient is (almost) zero: a **critical point**. Is it a "
        "local minimum, or a **saddle point** you could walk away from? Near a critical "
        "point θ′ the loss is its second-order Taylor model "
        "$L(\\theta)\\approx L(\\theta')+\\tfrac12(\\theta-\\theta')^\\top H(\\theta-\\theta')$, "
        "so the eigenvalues of the Hessian H decide: all positive → minimum, all negative → "
        "maximum, mixed signs → saddle, some (near) zero → the second-order test **cannot "
        "decide** (degenerate)."),
    "surface": "Surface",
    "surface_help": "Every surface of the lab; the finder runs on all of them.",
    "finding": "Searching a 40 × 40 grid of starts for critical points…",
    "queued": "Waiting for a free worker: other requests are computing…",
    "elapsed": "Searching… {s:.1f} s",
    "found": "Found {n} critical point(s) from {starts} starts in {it} Newton iterations.",
    "map_title": "Critical points of {name} (click a marker or anywhere)",
    "map_help": (
        "Each of the 40 × 40 starts ran a damped Newton (Levenberg-Marquardt) search for "
        "∇L = 0; the ends were verified, deduplicated and classified by the Hessian. "
        "**Click** a marker, or any spot of the map, to inspect it below."),
    "kind_minimum": "minimum",
    "kind_maximum": "maximum",
    "kind_saddle": "saddle",
    "kind_degenerate": "degenerate (test cannot decide)",
    "family": "valley of degenerate critical points",
    "click_grid": "click to inspect",
    "selected": "selected point",
    "point_header": "The point ({x:.4f}, {y:.4f})",
    "verdict_minimum": "**Local minimum**: both eigenvalues are positive, the surface curves up in every direction.",
    "verdict_maximum": "**Local maximum**: both eigenvalues are negative, the surface curves down in every direction.",
    "verdict_saddle": ("**Saddle point**: one eigenvalue is negative. Moving along its eigenvector "
                       "u lowers the loss, since uᵀHu = λ‖u‖² < 0: this is the way out."),
    "verdict_degenerate": ("**Degenerate**: an eigenvalue is zero (within τ). The second-order "
                           "test cannot decide here: higher-order terms or a whole valley of "
                           "equal points decide what happens."),
    "verdict_not critical": ("**Not a critical point**: the gradient is not zero here, so gradient "
                             "descent simply moves on (the arrow shows −∇L). The Hessian still "
                             "describes the local curvature."),
    "verdict_not smooth": ("**Not smooth here**: the surface has a kink or cusp at this point "
                           "(like Ackley's minimum at the origin), so gradient and Hessian do not "
                           "exist and the second-order test does not apply."),
    "family_note": ("This point stands for a whole curve of {n} equivalent degenerate critical "
                    "points (drawn as a line on the map): along the curve the loss does not "
                    "change, so one eigenvalue is exactly zero."),
    "gradient": "Gradient",
    "hessian": "Hessian",
    "eigen": "Eigenvalues and eigenvectors",
    "value": "Loss",
    "arrows_title": "Eigenvectors, length ∝ |λ| (red: λ < 0)",
    "arrow_grad": "−gradient",
    "taylor_header": "Where does the quadratic model hold?",
    "taylor_help": (
        "Left: the true surface around the point. Right: its second-order Taylor model "
        "L(θ′) + gᵀv + ½ vᵀHv. Same colours, same levels. The dashed red line encloses "
        "the region where the model is within 10 % of the loss range of the window: inside it "
        "the Hessian tells the truth, outside it the higher-order terms take over."),
    "taylor_half": "Window half-width",
    "taylor_title_true": "True surface",
    "taylor_title_model": "Quadratic (Taylor) model",
    "taylor_holds": "model within 10 %",
    "lecture_header": "The lecture's worked example",
    "lecture_text": (
        "Model $y = w_1 w_2 x$, training data $\\{(x=1,\\ \\hat y=1)\\}$, so the loss is "
        "$L = (\\hat y - w_1 w_2 x)^2 = (1 - w_1 w_2)^2$.\n\n"
        "$\\partial L/\\partial w_1 = -2(1-w_1w_2)\\,w_2$ and "
        "$\\partial L/\\partial w_2 = -2(1-w_1w_2)\\,w_1$ both vanish at $(0,0)$: a critical "
        "point. Second derivatives there: $\\partial^2L/\\partial w_1^2 = 2w_2^2 = 0$, "
        "$\\partial^2L/\\partial w_2^2 = 2w_1^2 = 0$, "
        "$\\partial^2L/\\partial w_1\\partial w_2 = -2 + 4w_1w_2 = -2$, so\n\n"
        "$H = \\begin{bmatrix}0 & -2\\\\ -2 & 0\\end{bmatrix}$ with eigenvalues "
        "$\\lambda = 2$ (eigenvector $(1,-1)/\\sqrt2$) and $\\lambda = -2$ (eigenvector "
        "$(1,1)/\\sqrt2$). Mixed signs: **a saddle**. Stepping along $u=(1,1)$ lowers the loss "
        "towards the valley $w_1w_2 = 1$. (The notes pair $u = (1,1)$ with λ = 2; the "
        "computation above shows it belongs to λ = −2, the escape direction.) The valley "
        "itself is a curve of minima: there one eigenvalue is 0, so the finder reports it "
        "as degenerate."),
    "escape_header": "Escape lab: leaving a saddle",
    "escape_help": (
        "Start exactly at the selected point and count the steps until the run leaves a "
        "ball of radius r around it. **Plain GD** sees a zero gradient and never moves. "
        "**GD with noise** (gradient + σ·z, like a small mini-batch) drifts off and then "
        "slides down the negative-curvature direction; **momentum** accumulates the drift; "
        "**one eigenvector step** θ′ + h·u along the eigenvector of the negative eigenvalue "
        "λ, then GD, needs no noise but does not leave at once: GD grows the distance h by "
        "about 1 + η|λ| per step, so it takes about 1 + ln(r/h) / ln(1 + η|λ|) steps (26 "
        "at the defaults on the lecture's surface), and momentum with enough noise leaves "
        "sooner. (Without noise, momentum may still drift off slowly: it amplifies the tiny "
        "round-off left in the computed saddle.) Each point of the plot is the mean over the "
        "seeds of one batched run; a run that never leaves counts as the step budget. A run "
        "that blows up (too large a rate) is counted as **diverged**, not escaped, and left "
        "out of the mean."),
    "escape_not_saddle": ("The selected point is a **{kind}**: pick a saddle on the map to see "
                          "a stall and an escape: only at a saddle does plain GD stop while a nudge gets out."),
    "radius": "Ball radius r",
    "lr": "Learning rate η",
    "momentum": "Momentum β",
    "kick": "Eigenvector step h",
    "seeds": "Seeds per point",
    "steps": "Step budget",
    "sigma_max": "Largest noise σ",
    "escaping": "Running every method at every noise level…",
    "method_gd": "plain GD",
    "method_gd_noise": "GD + noise",
    "method_momentum": "momentum + noise",
    "method_eigen": "eigenvector step, then GD + noise",
    "escape_title": "Steps to leave the ball of radius r (mean over seeds)",
    "escape_x": "gradient noise σ",
    "escape_y": "steps to escape",
    "stall": "never left (budget)",
    "paths_title": "Example runs at σ = {sigma:g}",
    "paths_sigma": "Noise level for the example runs",
    "ball": "ball of radius r",
    "axis_x": "x (w₁)",
    "axis_y": "y (w₂)",
    "escaped_frac": "escaped: {frac}",
    "diverged_frac": ", diverged: {frac}",
}
