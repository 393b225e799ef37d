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
    "rate": "rate",
}

ZH = {
    "title": "动量",
    "intro": (
        "动量 (momentum) 为什么有效？这里按 Distill 的文章 *Why Momentum Really Works* 的思路来讲，"
        "数字都和 `torch.optim.SGD` 核对过。在凸二次函数上，海森矩阵 (Hessian) 的每个特征向量 (eigenvector)"
        "都是一个独立的小问题：沿它的误差每一步按固定的倍数缩小，最慢的那个倍数决定整体速度。"
        "然后拖动**探索**部分的滑块：所有设置都已预先算好，路径会在浏览器里随拖随画。"
    ),
    "tab_decomp": "按特征向量分解误差",
    "tab_map": "(α, β) 上的收敛速率",
    "tab_ball": "碗里的小球",
    "tab_explore": "探索（即时滑块）",
    # the quadratic's controls
    "kappa": "条件数 κ = λₙ / λ₁",
    "kappa_help": "λ₁ = 1；特征值从 1 到 κ 按等比分布。",
    "n": "特征值个数 n",
    "use_optimum": "使用最优的 α 和 β",
    "alpha": "步长 α（torch 参数 `lr`）",
    "beta": "动量 β（torch 参数 `momentum`）",
    "steps": "显示的步数",
    "bad_input": "请检查这个输入：{msg}",
    "rule_title": "动量的写法，以及 torch.optim.SGD 里对应的参数",
    "update_rule": (
        r"Distill 写的动量：$z^{t+1} = \beta z^t + \nabla f(w^t),\ "
        r"w^{t+1} = w^t - \alpha z^{t+1}$。这**就是** `torch.optim.SGD(lr=α, momentum=β)`"
        r"（`dampening=0`：torch 的动量缓冲区就是 $z$）。课上的 $m^t = \gamma m^{t-1} "
        r"+ \eta g^t,\ \theta^t = \theta^{t-1} - m^t$ 取 $m = \eta z$ 后是同一个过程，"
        r"所以 `lr = η`，`momentum = γ`。平均形式 $m \leftarrow \beta m + (1-\beta) g$，"
        r"$w \leftarrow w - \alpha m$ 对应 `SGD(lr=α(1−β), momentum=β)`。"
    ),
    "numbers": (
        "**κ = {kappa:g}。** 梯度下降 (gradient descent) 取最优步长 α = 2/(λ₁+λₙ) = {a_gd:.4g} 时，"
        "误差每步变为原来的 **{r_gd:.5f}** 倍（理论界：降到初始误差的 10⁻⁶ 需要 {n_gd}）。"
        "动量取 α* = (2/(√λ₁+√λₙ))² = {a_opt:.4g}，"
        "β* = ((√κ−1)/(√κ+1))² = {b_opt:.4g} 时，每步变为原来的 **{r_opt:.5f}** 倍（理论界："
        "{n_opt}）。在这组特征值上实测（各分量都从 1 开始）：梯度下降 "
        "{m_gd}，动量 {m_opt}。在最优点，两端的分量处于临界阻尼 (critical damping)，"
        "按 t·ρᵗ 而不是 ρᵗ 衰减。"
    ),
    "current": (
        "你的设置 α = {alpha:.4g}，β = {beta:.4g}：动量的收敛速率 "
        "max|eig Rᵢ| = **{rate:.5f}**（理论界：{n_bound}；实测：{measured}）；"
        "同样 α 下的梯度下降：**{gd_rate:.5f}**（理论界：{n_gd}）。"
    ),
    "never": "{n} 步内未达到",
    "n_steps": "{n} 步",
    "diverges": "发散",
    # decomposition
    "decomp_title": "沿每个特征向量的 |误差|",
    "decomp_gd": "梯度下降，最优步长 α = {alpha:.3g}",
    "decomp_mom": "动量，α = {alpha:.3g}，β = {beta:.3g}",
    "decomp_help": (
        "每条曲线是误差在一个特征向量上的分量 |xᵢᵗ|（对数坐标），从 1 开始。"
        "梯度下降（左，取最优步长 α = 2/(λ₁+λₙ)）每步把它乘以 1 − αλᵢ：小特征值（深色）"
        "爬得很慢，大特征值（浅色）来回变号。动量让每个分量经过 2 × 2 矩阵 "
        "Rᵢ = [[β, λᵢ], [−αβ, 1 − αλᵢ]]；衰减速度是 Rᵢ 的谱半径。在最优点，"
        "所有分量都以同样的速率 √β 衰减。点线就是这个速率 ρᵗ。"
    ),
    "component": "λ = {lam:.3g}",
    "step": "步数 t",
    "abs_error": "|xᵢᵗ|（沿特征向量 i 的误差）",
    "rate_line": "ρᵗ，ρ = {rate:.4f}",
    # rate map
    "map_title": "这组特征值下，(α, β) 上的收敛速率",
    "map_rate": "速率 = maxᵢ |eig Rᵢ|（1 = 没有进展）",
    "map_region": "区域（最慢的分量）",
    "alpha_axis": "步长 α",
    "beta_axis": "动量 β",
    "optimum": "最优点 (α*, β*)",
    "you": "你的 (α, β)",
    "gd_line": "β = 0：梯度下降",
    "region_monotone": "单调",
    "region_oscillating": "振荡",
    "region_divergent": "发散",
    "map_help": (
        "左图：速率，即最慢的分量每步缩小的倍数（越深越快；白色 = 发散）。"
        "右图：这个最慢分量怎么动："
        "**单调**（正实特征值：从一侧慢慢靠近）、"
        "**振荡**（复数或负特征值：冲过头再来回摆动）或"
        "**发散**（速率 ≥ 1）。底边 β = 0 就是普通的梯度下降；"
        "星号是 Polyak 的最优点，在那里达到最快速率 (√κ−1)/(√κ+1)。"
    ),
    # ball
    "ball_title": "一个分量：碗里的小球",
    "ball_path": "一个分量的路径 xᵗ，αλ = {al:.3g}，β = {beta:.3g}",
    "ball_plane": "(αλ, β) 上的阻尼情况",
    "al_axis": "αλ（步长 × 曲率）",
    "x_axis": "xᵗ（误差）",
    "critical": "临界阻尼 β = (1 − √(αλ))²",
    "flip": "变号 αλ = (1 + √β)²",
    "diverge_line": "发散 αλ = 2(1 + β)",
    "ball_lam": "分量：λ =",
    "ball_help": (
        "沿一个特征向量，动量满足 xᵗ⁺¹ − 2xᵗ + xᵗ⁻¹ + (1−β)(xᵗ − xᵗ⁻¹) + αλ·xᵗ = 0："
        "就像一个单位质量的小球挂在刚度为 αλ 的弹簧上，摩擦为 1 − β，每步采样一次。"
        "在临界阻尼线下方，它慢慢靠近、不会冲过头（过阻尼）；在线上方，它会冲过头并来回振荡"
        "（欠阻尼）；正好在线上时，它最快到达且不振荡。在变号线右侧，它每步都跳到最小值的"
        "另一边；越过发散线后，它会飞出去。圆点是你的 (α, β) 下所选的分量。"
    ),
    "region_over": "过阻尼（单调）",
    "region_under": "欠阻尼（振荡）",
    "region_flip": "每步变号",
    # explore
    "explore_help": (
        "下面网格中的全部 {runs} 次运行在一次批量调用里算完，和图一起发送"
        "（{kb:.0f} kB）：滑块在浏览器里切换它们，不需要访问服务器。"
        "损失曲线和结果文字会跟着滑块变化。"
    ),
    "explore_surface": "曲面",
    "explore_optimizer": "优化器",
    "explore_param": "滑块 1",
    "explore_param2": "滑块 2（可选）",
    "explore_none": "无",
    "explore_steps": "步数",
    "explore_title": "{name} 在 {surface} 上：拖动滑块",
    "explore_kappa": "f(x, y) = ½(x² + κy²)，κ = {kappa:g}，即左侧选的条件数"
                     "（这里最大取 1000）。",
    "explore_build": "服务器用 {ms:.0f} ms 算完 {runs} 次运行。",
    "final": "{steps} 步后最终损失 {loss:.3g}",
    "diverged": "在第 {step} 步发散",
    "param_lr": "学习率 η = ",
    "param_momentum": "动量 = ",
    "param_betas[0]": "β₁ = ",
    "param_betas[1]": "β₂ = ",
    "play": "播放",
    "pause": "暂停",
    "x": "x",
    "y": "y",
    "loss": "损失 f(x, y)",
    "rate": "速率",
}
