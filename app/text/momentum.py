EN = {
    "title": "Momentum",
    "intro": (
        "Why momentum works, told the way Distill's *Why Momentum Really Works* tells it, with "
        "the numbers checked against `torch.optim.SGD`. On a convex quadratic every "
        "eigenvector of the Hessian is its own little problem: the error along it shrinks by "
        "a fixed factor per step, and the slowest factor sets the pace. Then drag the "
        "sliders of the **explore** section: every setting is already computed, so the path "
        "redraws in your browser as you drag."
    ),
    "tab_decomp": "Error by eigenvector",
    "tab_map": "Rate over (α, β)",
    "tab_ball": "The ball",
    "tab_explore": "Explore (instant sliders)",
    # the quadratic's controls
    "kappa": "Condition number κ = λₙ / λ₁",
    "kappa_help": "λ₁ = 1; the eigenvalues are spaced geometrically from 1 to κ.",
    "n": "Number of eigenvalues n",
    "use_optimum": "Use the optimal α and β",
    "alpha": "Step size α (torch: lr)",
    "beta": "Momentum β (torch: momentum)",
    "steps": "Steps shown",
    "bad_input": "Please check this input: {msg}",
    "rule_title": "How momentum is written, and what torch.optim.SGD calls it",
    "update_rule": (
        r"Momentum as Distill writes it: $z^{t+1} = \beta z^t + \nabla f(w^t),\ "
        r"w^{t+1} = w^t - \alpha z^{t+1}$. This *is* `torch.optim.SGD(lr=α, momentum=β)` "
        r"(dampening 0: torch's momentum buffer is $z$). The lecture's $m^t = \gamma m^{t-1} "
        r"+ \eta g^t,\ \theta^t = \theta^{t-1} - m^t$ is the same run with $m = \eta z$, so "
        r"`lr = η`, `momentum = γ`. The averaged form $m \leftarrow \beta m + (1-\beta) g$, "
        r"$w \leftarrow w - \alpha m$ is `SGD(lr=α(1−β), momentum=β)`."
    ),
    "numbers": (
        "**κ = {kappa:g}.** Gradient descent at its best step α = 2/(λ₁+λₙ) = {a_gd:.4g} "
        "contracts the error by **{r_gd:.5f}** per step (bound: {n_gd} to 10⁻⁶ of the "
        "initial error). Momentum at α* = (2/(√λ₁+√λₙ))² = {a_opt:.4g}, "
        "β* = ((√κ−1)/(√κ+1))² = {b_opt:.4g} contracts by **{r_opt:.5f}** per step (bound: "
        "{n_opt}). Measured on this spectrum (all components start at 1): GD "
        "{m_gd}, momentum {m_opt}: at the optimum the extreme components are "
        "critically damped and decay as t·ρᵗ, not ρᵗ."
    ),
    "current": (
        "At your setting α = {alpha:.4g}, β = {beta:.4g}: momentum's rate "
        "max|eig Rᵢ| = **{rate:.5f}** (bound: {n_bound}; measured: {measured}); "
        "GD at the same α: **{gd_rate:.5f}** (bound: {n_gd})."
    ),
    "never": "not within {n} steps",
    "n_steps": "{n} steps",
    "diverges": "diverges",
    # decomposition
    "decomp_title": "|error| along each eigenvector",
    "decomp_gd": "Gradient descent at its best step, α = {alpha:.3g}",
    "decomp_mom": "Momentum, α = {alpha:.3g}, β = {beta:.3g}",
    "decomp_help": (
        "Each curve is one eigenvector's share of the error, |xᵢᵗ| (log scale), starting at "
        "1. GD (left, at its best step α = 2/(λ₁+λₙ)) multiplies it by 1 − αλᵢ every step: the small eigenvalues (dark) crawl, the "
        "large ones (light) flip sign. Momentum runs each component through the 2 × 2 matrix "
        "Rᵢ = [[β, λᵢ], [−αβ, 1 − αλᵢ]]; its decay is the spectral radius of Rᵢ, and at the "
        "optimum every component decays at the same rate √β. The dotted line is that rate, ρᵗ."
    ),
    "component": "λ = {lam:.3g}",
    "step": "step t",
    "abs_error": "|xᵢᵗ| (error along eigenvector i)",
    "rate_line": "ρᵗ, ρ = {rate:.4f}",
    # rate map
    "map_title": "Convergence rate over (α, β) for this spectrum",
    "map_rate": "rate = maxᵢ |eig Rᵢ| (1 = no progress)",
    "map_region": "Regions (slowest component)",
    "alpha_axis": "step size α",
    "beta_axis": "momentum β",
    "optimum": "optimum (α*, β*)",
    "you": "your (α, β)",
    "gd_line": "β = 0: gradient descent",
    "region_monotone": "monotone",
    "region_oscillating": "oscillating",
    "region_divergent": "divergent",
    "map_help": (
        "Left: the rate, the factor by which the slowest component shrinks per step (darker "
        "is faster; white = diverges). Right: how that slowest component moves: "
        "**monotone** (real positive eigenvalue: it creeps in from one side), "
        "**oscillating** (complex or negative eigenvalue: it overshoots and rings) or "
        "**divergent** (rate ≥ 1). The bottom edge β = 0 is plain gradient descent; the "
        "star is Polyak's optimum, where the fastest rate (√κ−1)/(√κ+1) is reached."
    ),
    # ball
    "ball_title": "One component: a ball in a bowl",
    "ball_path": "Path xᵗ of one component, αλ = {al:.3g}, β = {beta:.3g}",
    "ball_plane": "Damping over (αλ, β)",
    "al_axis": "αλ (step size × curvature)",
    "x_axis": "xᵗ (error)",
    "critical": "critical damping β = (1 − √(αλ))²",
    "flip": "sign flip αλ = (1 + √β)²",
    "diverge_line": "divergence αλ = 2(1 + β)",
    "ball_lam": "Component: λ =",
    "ball_help": (
        "Along one eigenvector, momentum is xᵗ⁺¹ − 2xᵗ + xᵗ⁻¹ + (1−β)(xᵗ − xᵗ⁻¹) + αλ·xᵗ = 0: "
        "a ball of unit mass on a spring of stiffness αλ with friction 1 − β, sampled once "
        "per step. Below the critical-damping line it creeps in without overshooting "
        "(over-damped); above it, it overshoots and rings (under-damped); on the line it "
        "arrives fastest without ringing. Right of the sign-flip line it jumps across the "
        "minimum every step; past the divergence line it flies off. The dot is the chosen "
        "component at your (α, β)."
    ),
    "region_over": "over-damped (monotone)",
    "region_under": "under-damped (rings)",
    "region_flip": "flips sign each step",
    # explore
    "explore_help": (
        "All {runs} runs of the grid below are computed in one batched call and shipped with "
        "the figure ({kb:.0f} kB): the slider switches between them in your browser, "
        "with no trip to the server. The loss curve and the result line follow the slider."
    ),
    "explore_surface": "Surface",
    "explore_optimizer": "Optimizer",
    "explore_param": "Slider 1",
    "explore_param2": "Slider 2 (optional)",
    "explore_none": "none",
    "explore_steps": "Steps",
    "explore_title": "{name} on {surface}: drag the slider",
    "explore_kappa": "f(x, y) = ½(x² + κy²) with κ = {kappa:g}, the condition number chosen on "
                     "the left (capped at 1000 here).",
    "explore_build": "Built on the server in {ms:.0f} ms for {runs} runs.",
    "final": "final loss {loss:.3g} after {steps} steps",
    "diverged": "diverged at step {step}",
    "param_lr": "learning rate η = ",
    "param_momentum": "momentum = ",
    "param_betas[0]": "β₁ = ",
    "param_betas[1]": "β₂ = ",
    "play": "Play",
    "pause": "Pause",
    "x": "x",
    "y": "y",
    "loss": "loss f(x, y)",
}
