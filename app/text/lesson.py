"""Text of the Lesson page: the lecture as a guided path (scenes: app/lesson/scenes.py)."""

EN = {
    "title": "Lesson: the lecture, one scene at a time",
    "intro": ("Walk through the lecture in its own order. Each scene has a short explanation, "
              "the live figure of the page that shows it, things to try, and a link that opens "
              "the scene on its page with the same settings."),
    "prev": "◀ Previous",
    "next": "Next ▶",
    "pick": "Scene",
    "present": "Presentation mode",
    "present_help": ("For the projector: larger type, no sidebar, no picker. The left and right "
                     "arrow keys move between scenes."),
    "scene_of": "Scene {i} of {n}",
    "keys_help": ("Keyboard: ← and → move between scenes. A link to this scene keeps its number "
                  "(?scene=N) and the language."),
    "computing": "Computing the scene…",
    "figure_error": "This scene's figure could not be drawn: {msg}",
    "try_header": "Try this",
    "open_in": "Open this scene in {page}",

    "error_surface_title": "The error surface",
    "error_surface_text": (
        "A model $y = b + w x$ has two unknowns. For every pair $(w, b)$ the loss "
        "$L(w, b) = \\frac1N \\sum_n e_n$ says how badly it fits the data. The contour map of "
        "$L$ over the parameters **is the error surface**; training is a walk downhill on it. "
        "Here gradient descent (SGD on the full batch) starts far away and reaches the "
        "lowest valley."),
    "error_surface_try": (
        "- Open the scene and switch the loss from MSE to MAE or Huber: how does the surface "
        "change shape?\n- Click the map to start from another point."),

    "gd_eta_title": "Gradient descent and the learning rate η",
    "gd_eta_text": (
        "Each step moves against the gradient: $\\theta^{t+1} = \\theta^t - \\eta\\, g^t$. "
        "On the bowl $x^2 + y^2$ one step multiplies each coordinate by $1 - 2\\eta$. "
        "At η = 0.1 SGD glides in; at η = 0.9 it jumps across the valley every step "
        "(oscillates) but still converges; above η = 1 (e.g. 1.05) every jump is longer than "
        "the last and it diverges."),
    "gd_eta_try": (
        "- Raise η to 0.9: the path zig-zags across the minimum.\n"
        "- Raise η to 1.05 until SGD diverges.\n- Lower η to 0.01: does it arrive in 40 steps?"),

    "batch_title": "Batch, mini-batch and epoch",
    "batch_text": (
        "With a mini-batch each step uses only some of the data, so the gradient is noisy: "
        "the path wobbles. One **epoch** means every batch has been seen once; here 60 points "
        "in batches of 8 give 8 iterations per epoch (the last batch holds 4 points), and "
        "batches of 1 (stochastic GD) give 60. The map shows 20 epochs of each: the full "
        "batch takes 20 smooth steps, the others many more, noisier ones. The data are "
        "shuffled every epoch."),
    "batch_try": (
        "- Open the scene and change the batch size: how many iterations per epoch?\n"
        "- Turn on 'drop last': the partial batch of 4 is skipped.\n"
        "- Turn shuffling off and compare the paths."),

    "critical_title": "Critical points: minima, maxima, saddles",
    "critical_text": (
        "Training stalls where the gradient is zero: a **critical point**. It can be a local "
        "minimum, a local maximum or a **saddle point**. Himmelblau's function has all three: "
        "4 minima, 1 maximum and 4 saddles, found here by solving $\\nabla L = 0$ from a grid "
        "of starts."),
    "critical_try": (
        "- Open the page, choose Himmelblau and click a saddle: which way is downhill?\n"
        "- Pick another surface (six-hump camel, monkey saddle) and count its critical points."),

    "hessian_title": "The Hessian and the worked example",
    "hessian_text": (
        "Near a point, $L(\\theta) \\approx L(\\theta') + (\\theta-\\theta')^T g + \\frac12 "
        "(\\theta-\\theta')^T H (\\theta-\\theta')$. At a critical point $g = 0$, so the "
        "**Hessian** $H$ decides: all eigenvalues positive, a minimum; all negative, a "
        "maximum; mixed signs, a saddle; one of them 0, the test cannot decide (degenerate: on "
        "the valley $w_1 w_2 = 1$ an eigenvalue is 0, yet every point of it is a minimum). "
        "The lecture's example: $y = w_1 w_2 x$ with one data "
        "point $(x=1, \\hat y=1)$, so $L = (1 - w_1 w_2)^2$. At $(0, 0)$ "
        "$H = \\begin{bmatrix}0 & -2\\\\ -2 & 0\\end{bmatrix}$ with eigenvalues $\\pm 2$: a saddle."),
    "hessian_try": (
        "- Open the scene and click a point on the valley $w_1 w_2 = 1$: what are the "
        "eigenvalues there?\n- Use the Taylor window to compare $L$ with its quadratic "
        "approximation."),

    "escape_title": "Escaping a saddle",
    "escape_text": (
        "Along an eigenvector $u$ with eigenvalue $\\lambda < 0$, $u^T H u = \\lambda \\|u\\|^2 < 0$: "
        "the loss goes down, so that is the way out. On $x^2 - y^2$ plain GD started exactly on "
        "the line $y = 0$ never sees that direction and stops at the saddle $(0, 0)$. A little "
        "gradient noise (here σ = 0.05, like a small batch) pushes it off the line and it "
        "escapes along $y$."),
    "escape_try": (
        "- Set the noise to 0: GD stalls at the saddle.\n"
        "- Add momentum: does it escape sooner?"),

    "momentum_title": "Momentum",
    "momentum_text": (
        "Momentum keeps part of the previous move: $m^{t+1} = \\lambda m^t - \\eta g^t$, "
        "$\\theta^{t+1} = \\theta^t + m^{t+1}$. In a curved ravine the components that flip "
        "sign cancel and the ones that agree add up. With the same η, SGD crawls along the "
        "ravine; momentum reaches a far lower loss in 200 steps."),
    "momentum_try": (
        "- Set momentum to 0.5 and 0.99: which is too much?\n"
        "- Add Nesterov (NAG) to the race."),

    "adaptive_title": "Adaptive learning rates",
    "adaptive_text": (
        "AdaGrad, RMSProp and Adam divide the step by $\\sigma_i$, a running size of each "
        "parameter's gradients: $\\theta_i^{t+1} = \\theta_i^t - \\frac{\\eta}{\\sigma_i^t} m_i^t$. "
        "On an elongated bowl (κ = 50) SGD uses one rate for both directions; the figure shows "
        "the **effective per-parameter rate** $\\eta/\\sigma_i$: Adam's rate for the flat "
        "direction $x$ ends far larger than for the steep $y$."),
    "adaptive_try": (
        "- Raise κ to 200: which optimizer still arrives?\n"
        "- Add AdaGrad and watch its rate only fall."),

    "schedule_title": "Schedules and warm-up",
    "schedule_text": (
        "η can change along training. **Warm-up** starts small and grows (here for 30 steps), "
        "then a **decay** (here cosine) lowers it so the noisy steps settle into the minimum. "
        "ResNet, Transformers and RAdam use warm-up."),
    "schedule_try": (
        "- Open the Learning-rate page: compare with and without the schedule.\n"
        "- Try step decay and SGDR (warm restarts)."),

    "mse_ce_title": "MSE vs cross-entropy",
    "mse_ce_text": (
        "For classification a sigmoid output trained with **MSE** has a flat plateau where it "
        "is badly wrong: at the start shown here the gradient is only about 0.05, and after "
        "300 steps the loss is still about 0.49. **Cross-entropy** on the same model and data "
        "keeps a slope there (gradient about 1.05) and reaches its minimum within 50 steps: "
        "it learns fastest exactly when it is most wrong."),
    "mse_ce_try": (
        "- Open the scene and start even further out, e.g. (−8, 8): how flat does MSE get?\n"
        "- Give both the same larger η: does MSE catch up?"),

    "scaling_title": "Feature scaling",
    "scaling_text": (
        "When one feature lies in 1–10 and another in 1000–10000, the error surface is a very "
        "long, thin valley: only a tiny η is stable (2e-8 here) and the flat direction barely "
        "moves. Standardizing each feature, $\\tilde x = (x - \\mu)/\\sigma$, makes the "
        "surface round, and η = 0.1 works."),
    "scaling_try": (
        "- Open the scene: the page gives both surfaces the same η. Which one can use it?\n"
        "- Double η on the raw surface: what happens?"),

    "newton_title": "Newton's method, and why not",
    "newton_text": (
        "Newton's method uses the Hessian: $\\theta \\leftarrow \\theta - H^{-1} \\nabla L$. "
        "On a quadratic it jumps to the stationary point in one step. But it solves "
        "$\\nabla L = 0$ whatever the curvature, so near $x^2 - y^2$ it jumps straight onto the "
        "saddle $(0, 0)$, shown here, while gradient descent slides away. And the Hessian has "
        "(number of weights)² entries: for a million weights, 10¹² numbers."),
    "newton_try": (
        "- Start from other points: where does Newton land?\n"
        "- Compare with gradient descent with a little noise."),

    "network_title": "The landscape of a neural network",
    "network_text": (
        "A network has many weights, so we look at a slice: a plane through the trained "
        "weights spanned by the two main directions (PCA) of the training path. The paths "
        "of momentum and Adam mostly lie in this plane."),
    "network_try": (
        "- Open the page, switch to random directions and compare.\n"
        "- Add residual connections or make the net deeper: is the slice smoother?"),

    "basins_title": "Basins: where each optimizer ends",
    "basins_text": (
        "Start from every point of a grid and color it by the minimum the run ends in: the "
        "**basins of attraction**. Each optimizer has its own map; momentum can roll past a "
        "minimum into another."),
    "basins_try": (
        "- Click a start where the maps disagree and compare the paths.\n"
        "- Raise momentum's η: do its basins break up?"),

    "race_title": "A fair race",
    "race_text": (
        "Comparing optimizers at one shared η is unfair: each has its own best rate. A fair "
        "race first tunes η for each optimizer on a grid (the same budget for all), then "
        "races them at their best. Here the best η of SGD and of momentum is about 0.01, "
        "Adam's is above 1: more than a hundred times larger."),
    "race_try": (
        "- Open the race and change the target loss.\n"
        "- Add a second hyper-parameter (β₁ or momentum) to the tuning."),
}

ZH = {
    "title": "课程导览：一节课，一幕一幕地看",
    "intro": ("按照讲义的顺序走一遍。每一幕有简短说明、对应页面的实时图、可以动手试的任务，"
              "还有一个链接，用相同的设置在原页面打开这一幕。"),
    "prev": "◀ 上一幕",
    "next": "下一幕 ▶",
    "pick": "选择一幕",
    "present": "演示模式",
    "present_help": "投影用：字更大，隐藏侧边栏和选择框。用键盘的左右方向键切换场景。",
    "scene_of": "第 {i} 幕，共 {n} 幕",
    "keys_help": "键盘：← 和 → 切换场景。本页链接会保留场景编号（?scene=N）和语言。",
    "computing": "正在计算……",
    "figure_error": "这一幕的图画不出来：{msg}",
    "try_header": "动手试试",
    "open_in": "在「{page}」中打开这一幕",

    "error_surface_title": "误差曲面",
    "error_surface_text": (
        "模型 $y = b + w x$ 有两个未知参数。对每一组 $(w, b)$，损失 "
        "$L(w, b) = \\frac1N \\sum_n e_n$ 衡量它和数据差多少。把 $L$ 在参数上画成等高线图，"
        "就是**误差曲面 (error surface)**；训练就是在上面一路往下走。"
        "这里梯度下降 (gradient descent) 用全部数据，从远处出发，走到了最低的谷底。"),
    "error_surface_try": (
        "- 打开这一幕，把损失从 MSE 换成 MAE 或 Huber：曲面的形状怎么变？\n"
        "- 点击地图，换一个起点。"),

    "gd_eta_title": "梯度下降与学习率 η",
    "gd_eta_text": (
        "每一步都逆着梯度走，步长由学习率 (learning rate) η 控制：$\\theta^{t+1} = \\theta^t - \\eta\\, g^t$。"
        "在碗形曲面 $x^2 + y^2$ 上，一步把每个坐标乘以 $1 - 2\\eta$。"
        "η = 0.1 时 SGD 平稳地滑进谷底；η = 0.9 时每一步都跳到谷的另一边（振荡），但仍然收敛；"
        "η 超过 1（比如 1.05）时一步比一步跳得远，于是发散。"),
    "gd_eta_try": (
        "- 把 η 调到 0.9：路径在最小值两边来回跳。\n"
        "- 继续调到 1.05，直到 SGD 发散。\n- 把 η 降到 0.01：40 步之内能到吗？"),

    "batch_title": "批次、小批量与轮",
    "batch_text": (
        "用小批量时，每一步只看一部分数据，梯度带噪声，路径会抖动。"
        "一**轮 (epoch)** 指所有批次 (batch) 都看过一遍；这里 60 个数据点，批次大小为 8，"
        "每轮 8 次迭代 (iteration)（最后一批只有 4 个点）；批次大小为 1（随机梯度下降）时每轮 60 次。"
        "图中三种方式各训练 20 轮：全批量走 20 步，路径平滑；另外两种步数多得多，也更抖。"
        "每轮开始前都会打乱 (shuffle) 数据。"),
    "batch_try": (
        "- 打开这一幕，改一改批次大小：每轮有几次迭代？\n"
        "- 打开「丢弃最后一批」：那 4 个点的半批被跳过。\n"
        "- 关掉打乱，比较路径。"),

    "critical_title": "临界点：最小值、最大值、鞍点",
    "critical_text": (
        "梯度为零的地方训练会停下来，这就是**临界点 (critical point)**。它可能是局部最小值 "
        "(local minima)、局部最大值，也可能是**鞍点 (saddle point)**。Himmelblau 函数三种都有："
        "4 个最小值、1 个最大值、4 个鞍点。这里从一片网格上的起点求解 $\\nabla L = 0$ 找到它们。"),
    "critical_try": (
        "- 打开页面，选择 Himmelblau，点击一个鞍点：往哪个方向是下坡？\n"
        "- 换一个曲面（六峰驼背、猴鞍），数一数它的临界点。"),

    "hessian_title": "海森矩阵与讲义中的例子",
    "hessian_text": (
        "在某点附近，$L(\\theta) \\approx L(\\theta') + (\\theta-\\theta')^T g + \\frac12 "
        "(\\theta-\\theta')^T H (\\theta-\\theta')$（泰勒展开）。临界点处 $g = 0$，"
        "于是由**海森矩阵 (Hessian)** $H$ 决定：特征值全为正是最小值，全为负是最大值，"
        "有正有负是鞍点；有一个为零时检验无法判断（退化：谷底 $w_1 w_2 = 1$ 上有一个特征值为 0，"
        "但谷底每一点都是最小值）。讲义的例子：$y = w_1 w_2 x$，只有一个数据点 $(x=1, \\hat y=1)$，"
        "所以 $L = (1 - w_1 w_2)^2$。在 $(0, 0)$ 处 "
        "$H = \\begin{bmatrix}0 & -2\\\\ -2 & 0\\end{bmatrix}$，特征值为 $\\pm 2$：是鞍点。"),
    "hessian_try": (
        "- 打开这一幕，点击谷底 $w_1 w_2 = 1$ 上的一点：那里的特征值是多少？\n"
        "- 用泰勒窗口比较 $L$ 和它的二次近似。"),

    "escape_title": "逃离鞍点",
    "escape_text": (
        "沿着特征值 $\\lambda < 0$ 的特征向量 $u$，$u^T H u = \\lambda \\|u\\|^2 < 0$，"
        "损失会下降，这就是出路。在 $x^2 - y^2$ 上，正好从直线 $y = 0$ 出发的梯度下降"
        "看不到这个方向，会停在鞍点 $(0, 0)$。加一点梯度噪声（这里 σ = 0.05，"
        "就像小批量带来的噪声）把它推离这条线，它就沿 $y$ 方向逃出去了。"),
    "escape_try": (
        "- 把噪声设为 0：梯度下降停在鞍点。\n"
        "- 加上动量：能更快逃出吗？"),

    "momentum_title": "动量",
    "momentum_text": (
        "动量 (momentum) 保留上一步移动的一部分：$m^{t+1} = \\lambda m^t - \\eta g^t$，"
        "$\\theta^{t+1} = \\theta^t + m^{t+1}$。在弯曲的峡谷里，来回变号的分量互相抵消，"
        "方向一致的分量不断累加。同样的 η 下，SGD 沿着峡谷慢慢爬，"
        "动量在 200 步内把损失降得低得多。"),
    "momentum_try": (
        "- 把动量设为 0.5 和 0.99：哪个太大了？\n"
        "- 把 Nesterov (NAG) 也加进来比一比。"),

    "adaptive_title": "自适应学习率",
    "adaptive_text": (
        "自适应学习率 (adaptive learning rate) 的优化器，如 AdaGrad、RMSProp 和 Adam，把步长除以 $\\sigma_i$，即每个参数梯度大小的累计值："
        "$\\theta_i^{t+1} = \\theta_i^t - \\frac{\\eta}{\\sigma_i^t} m_i^t$。"
        "在拉长的碗（κ = 50）上，SGD 两个方向用同一个学习率；图中画的是"
        "**每个参数的有效学习率** $\\eta/\\sigma_i$：Adam 在平缓方向 $x$ 上的学习率"
        "最终远大于陡峭方向 $y$。"),
    "adaptive_try": (
        "- 把 κ 调到 200：哪些优化器还能到达？\n"
        "- 加上 AdaGrad，看它的学习率只降不升。"),

    "schedule_title": "学习率调度与预热",
    "schedule_text": (
        "η 可以在训练中变化。**预热 (warm-up)** 从很小开始逐步增大（这里 30 步），"
        "之后用**学习率衰减**（这里是余弦）把它调小，让带噪声的步子在最小值附近稳定下来。"
        "ResNet、Transformer 和 RAdam 都用预热。"),
    "schedule_try": (
        "- 打开「学习率」页面：比较用和不用调度。\n"
        "- 试试阶梯衰减和 SGDR（热重启）。"),

    "mse_ce_title": "均方误差与交叉熵",
    "mse_ce_text": (
        "做分类时，sigmoid 输出如果用**均方误差 (MSE)** 训练，在错得很离谱的地方有一片平台："
        "这里的起点梯度只有约 0.05，走了 300 步损失仍约为 0.49。同样的模型和数据换成**交叉熵 (cross-entropy)**，"
        "那里仍有坡度（梯度约 1.05），50 步之内就到达最小值：错得越多，学得越快。"),
    "mse_ce_try": (
        "- 打开这一幕，从更远的地方出发，比如 (−8, 8)：MSE 有多平？\n"
        "- 给两者同样更大的 η：MSE 能追上吗？"),

    "scaling_title": "特征缩放",
    "scaling_text": (
        "一个特征在 1–10 之间，另一个在 1000–10000 之间时，误差曲面是一条又长又窄的山谷："
        "只有极小的 η 才稳定（这里是 2e-8），平缓方向几乎不动。"
        "对每个特征做标准化 (standardization) $\\tilde x = (x - \\mu)/\\sigma$，曲面变圆，η = 0.1 就行。"),
    "scaling_try": (
        "- 打开这一幕：页面给两个曲面同一个 η。哪个曲面用得了？\n"
        "- 在原始曲面上把 η 加倍：会怎样？"),

    "newton_title": "牛顿法，以及为什么不用它",
    "newton_text": (
        "牛顿法 (Newton's method) 用海森矩阵：$\\theta \\leftarrow \\theta - H^{-1} \\nabla L$。"
        "在二次函数上一步就跳到驻点。但它求解的是 $\\nabla L = 0$，不管曲率如何，"
        "所以在 $x^2 - y^2$ 附近它会直接跳到鞍点 $(0, 0)$（图中所示），而梯度下降会滑走。"
        "而且海森矩阵有（权重个数）² 个元素：一百万个权重就是 10¹² 个数。"),
    "newton_try": (
        "- 换几个起点：牛顿法落在哪里？\n"
        "- 和带一点噪声的梯度下降比一比。"),

    "network_title": "神经网络的损失地形",
    "network_text": (
        "网络的权重很多，无法画出整个损失地形 (loss landscape)，所以我们看一个切片：过训练后权重的一个平面，"
        "由训练路径的两个主方向 (PCA) 张成。动量和 Adam 的路径大部分都落在这个平面里。"),
    "network_try": (
        "- 打开页面，换成随机方向比较一下。\n"
        "- 加上残差连接或把网络加深：切片更平滑了吗？"),

    "basins_title": "吸引域：每个优化器停在哪里",
    "basins_text": (
        "从网格上的每个点出发，按最终停到的最小值给起点上色，就得到**吸引域 (basin of attraction)**。"
        "每个优化器有自己的图；动量可能冲过一个最小值，落进另一个。"),
    "basins_try": (
        "- 点击各图不一致的起点，比较路径。\n"
        "- 调大动量的 η：它的吸引域会碎开吗？"),

    "race_title": "公平比赛",
    "race_text": (
        "用同一个 η 比较优化器不公平：每个优化器都有自己最合适的学习率。"
        "公平比赛先在一组 η 上为每个优化器调参（预算相同），再让它们各用最佳学习率比赛。"
        "这里 SGD 和动量的最佳 η 都约为 0.01，Adam 的则超过 1：大一百倍以上。"),
    "race_try": (
        "- 打开比赛，改一改目标损失。\n"
        "- 再加一个超参数（β₁ 或动量）一起调。"),
}

# issue 19: the instant sliders of the gradient-descent and momentum scenes
EN.update({
    "gd_eta_explore": (
        "**Drag η** (96 rates from 0.01 to 1.1, log scale; every path is already in the "
        "figure): below η = 0.5 the path slides straight in without crossing the minimum; "
        "between 0.5 and 1 it jumps across the minimum every step, yet the loss still falls; "
        "above 1 the loss grows with every step."),
    "momentum_explore": (
        "**Drag the momentum** (slider 1: 34 values from 0 to 0.99) **and η** (slider 2: five "
        "rates from 0.01 to the scene's 0.09). At η = 0.09 the loss after 200 steps falls from "
        "about 0.03 without momentum to below 1e-12 at the best momentum (about 0.84); at 0.99 "
        "the path still swings after 200 steps and ends higher than with no momentum at all. "
        "At every η on slider 2 the best momentum lies between 0.8 and 0.97."),
})
ZH.update({
    "gd_eta_explore": (
        "**拖动 η**（从 0.01 到 1.1 的 96 个学习率，对数刻度；每条路径都已在图里）："
        "η 小于 0.5 时路径径直滑进去，不越过最小值；在 0.5 和 1 之间每一步都跳到最小值的另一边，"
        "但损失仍在下降；超过 1 时损失一步比一步大。"),
    "momentum_explore": (
        "**拖动动量**（滑块 1：从 0 到 0.99 的 34 个取值）**和 η**（滑块 2：从 0.01 到本幕的 0.09 "
        "的 5 个学习率）。η = 0.09 时，200 步后的损失从不用动量时的约 0.03 "
        "降到最佳动量（约 0.84）时的 1e-12 以下；动量为 0.99 时路径 200 步后仍在摆动，"
        "最终损失比不用动量还高。滑块 2 上的每个 η，最佳动量都在 0.8 和 0.97 之间。"),
})

# issue 15: softmax on the Learned-surfaces page; the Deep-networks page's scenes (vanishing
# gradients; model bias vs optimization), each on its page's own defaults (their numbers:
# tests/test_lesson_claims.py)
EN.update({
    "stuck_title": "Training stuck ≠ a small gradient",
    "stuck_text": (
        "On the narrow ravine $f = x^2/20 + 10\\,(y - 0.4 \\sin x)^2$, SGD at η = 0.099 "
        "lowers the loss from 13.7 to about 6.7 and then stops: over its last 100 steps the "
        "loss changes by less than 0.01 % while the **gradient norm stays above 15**. It is "
        "not at a critical point: it bounces between the same two points on the walls, "
        "because there the steepest curvature equals 2/η ≈ 20.2 and the rate is too large "
        "for the curvature ahead (the minimum needs η below 2/23.2 ≈ 0.086). At half the rate "
        "(dashed) loss and gradient fall together, to about 0.07 and 0.12. Too small an η "
        "fails the other way: it never arrives."),
    "stuck_try": (
        "- Open the scene and lower η slowly: from which rate does the run reach the "
        "minimum?\n"
        "- Look at the curvature chart on the page: where does the bouncing run stop?"),

    "softmax_title": "Softmax, one-hot and cross-entropy",
    "softmax_text": (
        "A classifier gives one number per class, the **logits** $z$. **Softmax** turns them "
        "into probabilities $p_i = e^{z_i}/\\sum_j e^{z_j}$; the label is a **one-hot** vector "
        "$y$; the loss is the **cross-entropy** $L = -\\log p_y$, and summed over the data it "
        "is $-\\log$ of the likelihood of the labels: minimizing it is maximum likelihood. Its "
        "gradient with respect to the logits is simply $p - y$. Here $z = (2, 1, -1)$ with "
        "class 1 true: $p$ ≈ (0.71, 0.26, 0.04), $L$ ≈ 0.35, $p - y$ ≈ (−0.29, 0.26, 0.04). "
        "With two classes, $p_1 = \\sigma(z_1 - z_2)$: the sigmoid is the two-class softmax. "
        "**Why not train on the classification (0/1) error?** At $z_1 = 6$ the model still "
        "picks class 1: the error is 0 both times, yet $p_1$ = 0.99 and $L$ ≈ 0.008. The "
        "error cannot tell the two distributions apart, and since a small change of the "
        "logits does not change it, its gradient is 0."),
    "softmax_try": (
        "- Open the scene and lower $z_1$ below $z_2$: the prediction flips at $z_1 = z_2$, "
        "while the loss rises smoothly.\n"
        "- Switch to 2 classes and compare $p_1$ with $\\sigma(z_1 - z_2)$.\n"
        "- Make class 2 the true class: which bar of $p - y$ turns negative?"),

    "vanishing_title": "Vanishing gradients through depth",
    "vanishing_text": (
        "Three networks of 8 hidden layers (16 units each), trained by the same full-batch "
        "SGD on the two moons: sigmoid layers, ReLU layers, and sigmoid layers with skip "
        "connections (residual: $h \\leftarrow h + \\sigma(Wh + b)$). Backpropagation multiplies "
        "one factor per layer, and $\\sigma'(z) = \\sigma(z)(1 - \\sigma(z)) \\le \\frac14$: at "
        "initialization the first layer's gradient norm is about 3·10⁻⁸ with sigmoid, "
        "7·10⁻⁵ with ReLU and 7·10⁻² with skip connections, **six orders of magnitude** "
        "more than sigmoid's. After 100 steps the sigmoid and ReLU nets are still at "
        "loss ln 2 ≈ 0.693 (a coin toss); the residual net is at 0.58. In the ReLU net 57 of "
        "the 128 hidden units are **dead**: never active on any point, so they get no "
        "gradient at all."),
    "vanishing_try": (
        "- Open the scene and lower the depth to 3: how far apart are the first-layer "
        "gradients now?\n"
        "- Raise the depth to 12 and look at the sigmoid curve from the output back to the "
        "input.\n"
        "- Count the dead ReLU units after training: does any come back?"),

    "bias_title": "Model bias or optimization?",
    "bias_text": (
        "Two ReLU networks of the same width, trained by the same SGD for 300 steps: 2 hidden "
        "layers and 20. The deeper net ends at **training** loss 0.693 (50 % of the points "
        "right, a coin toss), the shallower at 0.245 (89 %). Yet the deeper net can compute "
        "exactly what the shallower one computes: copy its 2 layers and make every extra "
        "layer the identity; that copy has training loss 0.245. The notes' rule: if a deeper "
        "network has a **higher training loss** than a shallower one, it is an "
        "**optimization** issue, not model bias (model bias: both losses high; overfitting: "
        "low training loss, high validation loss)."),
    "bias_try": (
        "- Open the scene and lower the deeper net to 4 layers: is it still worse?\n"
        "- Give both nets 400 steps or a larger η: does the deeper one start to learn?\n"
        "- Switch the data to circles."),
})
ZH.update({
    "stuck_title": "训练卡住 ≠ 梯度很小",
    "stuck_text": (
        "在狭窄的山谷 $f = x^2/20 + 10\\,(y - 0.4 \\sin x)^2$ 上，η = 0.099 的 SGD 把损失从 13.7 "
        "降到约 6.7 就停住了：最后 100 步损失的变化不到 0.01%，而**梯度范数一直大于 15**。"
        "它并不在临界点：它在山谷两壁的同样两个点之间来回弹跳，因为那里最陡的曲率正好等于 "
        "2/η ≈ 20.2，学习率对前方的曲率来说太大了（要到达最小值，η 必须小于 2/23.2 ≈ 0.086）。"
        "学习率减半时（虚线），损失和梯度一起下降，分别到约 0.07 和 0.12。"
        "η 太小则是另一种失败：永远到不了。"),
    "stuck_try": (
        "- 打开这一幕，慢慢调小 η：从哪个学习率开始能到达最小值？\n"
        "- 看页面上的曲率图：弹跳的路径停在哪里？"),

    "softmax_title": "softmax、独热编码与交叉熵",
    "softmax_text": (
        "分类器为每个类别输出一个数，即**原始分数 (logits)** $z$。**softmax** 把它们变成概率 "
        "$p_i = e^{z_i}/\\sum_j e^{z_j}$；标签是**独热编码 (one-hot)** 向量 $y$；损失是"
        "**交叉熵 (cross-entropy)** $L = -\\log p_y$，对整个数据求和就是标签似然的 $-\\log$："
        "最小化它就是最大似然。它对原始分数的梯度就是 $p - y$。这里 $z = (2, 1, -1)$，"
        "真实类别是 1：$p$ ≈ (0.71, 0.26, 0.04)，$L$ ≈ 0.35，$p - y$ ≈ (−0.29, 0.26, 0.04)。"
        "只有两个类别时 $p_1 = \\sigma(z_1 - z_2)$：sigmoid 就是两类的 softmax。"
        "**为什么不直接用分类错误率（0/1 误差）来训练**？当 $z_1 = 6$ 时模型仍然选类别 1："
        "两次的错误率都是 0，可是 $p_1$ = 0.99，$L$ ≈ 0.008。错误率分辨不出这两个分布；"
        "而且原始分数稍微变一点它也不变，所以它的梯度是 0。"),
    "softmax_try": (
        "- 打开这一幕，把 $z_1$ 调到比 $z_2$ 小：在 $z_1 = z_2$ 处预测翻转，而损失平滑地上升。\n"
        "- 换成 2 个类别，比较 $p_1$ 和 $\\sigma(z_1 - z_2)$。\n"
        "- 把类别 2 设为真实类别：$p - y$ 的哪一根柱子变成负的？"),

    "vanishing_title": "深度带来的梯度消失",
    "vanishing_text": (
        "三个各有 8 个隐藏层（每层 16 个单元）的网络，在双月数据上用同样的全批量 SGD 训练："
        "sigmoid 层、ReLU 层，以及加上跳跃连接的 sigmoid 层（残差：$h \\leftarrow h + \\sigma(Wh + b)$）。"
        "反向传播每经过一层乘一个因子，而 $\\sigma'(z) = \\sigma(z)(1 - \\sigma(z)) \\le \\frac14$："
        "初始化时第一层的梯度范数，sigmoid 约为 3·10⁻⁸，ReLU 约为 7·10⁻⁵，带跳跃连接的约为 7·10⁻²，"
        "比 sigmoid 大**六个数量级**。训练 100 步后，sigmoid 和 ReLU 网络的损失仍是 ln 2 ≈ 0.693"
        "（等于抛硬币）；残差网络降到 0.58。ReLU 网络的 128 个隐藏单元中有 57 个是**死单元**："
        "对任何数据点都不激活，所以完全得不到梯度。这就是梯度消失 (vanishing gradients)。"),
    "vanishing_try": (
        "- 打开这一幕，把深度降到 3：第一层的梯度现在相差多少？\n"
        "- 把深度加到 12，看 sigmoid 曲线从输出层到输入层怎样变化。\n"
        "- 数一数训练后的 ReLU 死单元：有哪个恢复了吗？"),

    "bias_title": "模型偏差还是优化问题？",
    "bias_text": (
        "两个宽度相同的 ReLU 网络，用同样的 SGD 训练 300 步：一个 2 个隐藏层，一个 20 个。"
        "深的网络最终**训练损失**为 0.693（只对一半的点，等于抛硬币），浅的为 0.245（对 89%）。"
        "可是深的网络完全能算出浅的网络算的东西：复制浅网络的 2 层，其余每层都设成恒等映射；"
        "这个复制品的训练损失就是 0.245。讲义的规则：如果更深的网络**训练损失更高**，"
        "那是**优化问题**，不是模型偏差 (model bias)（模型偏差：两个损失都高；"
        "过拟合：训练损失低、验证损失高）。"),
    "bias_try": (
        "- 打开这一幕，把深的网络降到 4 层：它还更差吗？\n"
        "- 给两个网络 400 步或更大的 η：深的网络开始学了吗？\n"
        "- 把数据换成同心圆。"),
})
