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
    "kind_not critical": "point that is not critical",
    "kind_not smooth": "point where the surface is not smooth",
    "hover_escape": "σ=%{x}: %{y:.1f} steps, %{text}",
    "bad_input": "Please check this input: {msg}",
}

ZH = {
    "title": "鞍点与海森矩阵",
    "intro": (
        "训练会停在梯度（几乎）为零的地方：**临界点** (critical point)。它是局部最小值 "
        "(local minima)，还是一个可以走开的**鞍点** (saddle point)？在临界点 θ′ 附近，损失就是"
        "它的二阶泰勒展开 "
        "$L(\\theta)\\approx L(\\theta')+\\tfrac12(\\theta-\\theta')^\\top H(\\theta-\\theta')$，"
        "所以由海森矩阵 (Hessian) H 的特征值决定：全为正 → 最小值，全为负 → 最大值，"
        "有正有负 → 鞍点，有（接近）零的 → 二阶检验**无法判断**（退化）。"),
    "surface": "曲面",
    "surface_help": "实验室里的每个曲面；寻找临界点的程序对它们都适用。",
    "finding": "正在从 40 × 40 个起点的网格中寻找临界点…",
    "found": "从 {starts} 个起点出发，经过 {it} 次牛顿迭代，找到 {n} 个临界点。",
    "map_title": "{name} 的临界点（点击标记或任意位置）",
    "map_help": (
        "40 × 40 个起点各自运行一次带阻尼的牛顿法（Levenberg-Marquardt）搜索 ∇L = 0；"
        "终点经过验证、去重，再用海森矩阵分类。**点击**一个标记，或地图上的任意位置，"
        "在下方查看它。"),
    "kind_minimum": "最小值",
    "kind_maximum": "最大值",
    "kind_saddle": "鞍点",
    "kind_degenerate": "退化（检验无法判断）",
    "family": "退化临界点组成的山谷",
    "click_grid": "点击查看",
    "selected": "选中的点",
    "point_header": "点 ({x:.4f}, {y:.4f})",
    "verdict_minimum": "**局部最小值**：两个特征值都为正，曲面在每个方向上都向上弯。",
    "verdict_maximum": "**局部最大值**：两个特征值都为负，曲面在每个方向上都向下弯。",
    "verdict_saddle": ("**鞍点**：有一个特征值为负。沿它的特征向量 u 移动会降低损失，"
                       "因为 uᵀHu = λ‖u‖² < 0：这就是出路。"),
    "verdict_degenerate": ("**退化**：有一个特征值为零（在 τ 之内）。二阶检验在这里无法判断："
                           "要由更高阶的项，或者一整条由相等点组成的山谷来决定会发生什么。"),
    "verdict_not critical": ("**不是临界点**：这里的梯度不为零，所以梯度下降会直接走过去"
                             "（箭头表示 −∇L）。海森矩阵仍然描述局部的曲率。"),
    "verdict_not smooth": ("**这里不光滑**：曲面在这一点有折角或尖点（比如 Ackley 在原点的最小值），"
                           "梯度和海森矩阵都不存在，二阶检验不适用。"),
    "family_note": ("这个点代表一整条由 {n} 个等价的退化临界点组成的曲线（在地图上画成一条线）："
                    "沿着这条曲线损失不变，所以有一个特征值恰好为零。"),
    "gradient": "梯度",
    "hessian": "海森矩阵",
    "eigen": "特征值与特征向量",
    "value": "损失",
    "arrows_title": "特征向量，长度 ∝ |λ|（红色：λ < 0）",
    "arrow_grad": "−梯度",
    "taylor_header": "二次模型在哪里成立？",
    "taylor_help": (
        "左：这个点周围真实的曲面。右：它的二阶泰勒展开模型 L(θ′) + gᵀv + ½ vᵀHv。"
        "颜色相同，等高线相同。红色虚线围出的区域里，模型与损失的差距在窗口损失范围的 10 % 以内："
        "在线内，海森矩阵说的是实话；在线外，更高阶的项说了算。"),
    "taylor_half": "窗口半宽",
    "taylor_title_true": "真实曲面",
    "taylor_title_model": "二次（泰勒）模型",
    "taylor_holds": "模型误差在 10 % 以内",
    "lecture_header": "课堂上的例子",
    "lecture_text": (
        "模型 $y = w_1 w_2 x$，训练数据 $\\{(x=1,\\ \\hat y=1)\\}$，所以损失是 "
        "$L = (\\hat y - w_1 w_2 x)^2 = (1 - w_1 w_2)^2$。\n\n"
        "$\\partial L/\\partial w_1 = -2(1-w_1w_2)\\,w_2$ 和 "
        "$\\partial L/\\partial w_2 = -2(1-w_1w_2)\\,w_1$ 在 $(0,0)$ 都为零：这是一个临界点。"
        "那里的二阶导数：$\\partial^2L/\\partial w_1^2 = 2w_2^2 = 0$，"
        "$\\partial^2L/\\partial w_2^2 = 2w_1^2 = 0$，"
        "$\\partial^2L/\\partial w_1\\partial w_2 = -2 + 4w_1w_2 = -2$，所以\n\n"
        "$H = \\begin{bmatrix}0 & -2\\\\ -2 & 0\\end{bmatrix}$，特征值为 "
        "$\\lambda = 2$（特征向量 $(1,-1)/\\sqrt2$）和 $\\lambda = -2$（特征向量 "
        "$(1,1)/\\sqrt2$）。正负都有：**是鞍点**。沿 $u=(1,1)$ 走，损失会朝山谷 "
        "$w_1w_2 = 1$ 下降。（讲义把 $u = (1,1)$ 和 λ = 2 配在一起；上面的计算表明它属于 "
        "λ = −2，也就是逃离的方向。）山谷本身是一条由最小值组成的曲线：那里有一个特征值为 0，"
        "所以寻找程序把它报告为退化。"),
    "escape_header": "逃离实验：离开鞍点",
    "escape_help": (
        "从选中的点出发，数一数运行要走多少步才离开以它为中心、半径为 r 的球。"
        "**普通 GD** 看到的梯度为零，永远不动。**GD 加噪声**（梯度 + σ·z，就像小批量的噪声）"
        "会慢慢漂走，然后沿负曲率方向滑下去；**动量**会把漂移累积起来；"
        "**一步特征向量步** θ′ + h·u（沿负特征值 λ 的特征向量），然后 GD：不需要噪声，"
        "但也不会立刻离开：GD 每步把距离 h 放大约 1 + η|λ| 倍，所以大约需要 "
        "1 + ln(r/h) / ln(1 + η|λ|) 步（在课堂曲面上、默认设置下是 26 步），而噪声足够时"
        "动量会更早离开。（没有噪声时，动量也可能慢慢漂走：它放大了计算出的鞍点里残留的微小"
        "舍入误差。）图上每个点是一次批量运行在各个随机种子上的平均；从未离开的运行按步数预算计。"
        "爆炸的运行（学习率太大）算作**发散**，不算逃离，也不计入平均。"),
    "escape_not_saddle": ("选中的点是**{kind}**：在地图上选一个鞍点，才能看到停滞与逃离："
                          "只有在鞍点，普通 GD 会停下，而轻轻一推就能出去。"),
    "radius": "球半径 r",
    "lr": "学习率 η",
    "momentum": "动量 β",
    "kick": "特征向量步长 h",
    "seeds": "每个点的随机种子数",
    "steps": "步数预算",
    "sigma_max": "最大噪声 σ",
    "escaping": "正在每个噪声水平上运行每种方法…",
    "method_gd": "普通 GD",
    "method_gd_noise": "GD + 噪声",
    "method_momentum": "动量 + 噪声",
    "method_eigen": "特征向量步，然后 GD + 噪声",
    "escape_title": "离开半径为 r 的球所需的步数（对随机种子取平均）",
    "escape_x": "梯度噪声 σ",
    "escape_y": "逃离所需步数",
    "stall": "从未离开（预算用完）",
    "paths_title": "σ = {sigma:g} 时的示例运行",
    "paths_sigma": "示例运行的噪声水平",
    "ball": "半径为 r 的球",
    "axis_x": "x (w₁)",
    "axis_y": "y (w₂)",
    "escaped_frac": "逃离：{frac}",
    "diverged_frac": "，发散：{frac}",
    "kind_not critical": "非临界点",
    "kind_not smooth": "不光滑的点",
    "hover_escape": "σ=%{x}：%{y:.1f} 步，%{text}",
    "bad_input": "请检查这个输入：{msg}",
    "queued": "正在等待空闲的计算进程：其他请求正在计算…",
    "elapsed": "搜索中… {s:.1f} 秒",
}
