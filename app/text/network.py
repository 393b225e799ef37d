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
    "runs_help": "Each run below has its own rate, schedule and other settings; add "
                 "another run of the same optimizer to race it with different settings (at most {max} "
                 "runs).",
    "add_run_of": "Add a run of (another run copies its first run's settings)",
    "pending": "The form differs from the trained configuration: press **Train** to train "
               "what it shows.",
    "link_not_shown": "The link's values of {what} cannot be shown by the form: the page "
                      "shows and trains the form's values instead.",
    "train": "Train",
    "training": "Training {name}…",
    "queued": "Waiting for a free worker: other requests are computing…",
    "bad_input": "Please check this input: {msg}",
    "summary": (
        "{n_train} training and {n_val} validation points · {weights:,} weights · "
        "{per} iterations per epoch × {epochs} epochs"
    ),
    "hessian_cost": (
        "Why not Newton's method: the Hessian of these {weights:,} weights has {weights:,}² = "
        "{entries:,} entries ({mb:,.1f} MB in float64), to build and invert at every step. "
        "Newton and damped Newton run on the Compare page, where there are 2 weights."
    ),
    "tab_training": "Training", "tab_landscape": "Loss landscape", "tab_hessian": "Hessian",
    "tab_range": "Learning-rate range test",
    "tab_weights": "Weights and optimizers", "tab_widths": "Widths",
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
        "The training objective (the loss plus the penalty the network was trained with) on a "
        "plane through the final weights θ* of one run: L(θ* + a·d₁ + b·d₂). "
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
    "slice_title": "Training objective on the plane: {objective} (log10)",
    "objective_data": "cross-entropy (no penalty)",
    "objective_l2": "cross-entropy + λ/2·‖w‖² (λ = {wd:g})",
    "objective_l1": "cross-entropy + λ₁·‖w‖₁ (λ₁ = {l1:g})",
    "objective_both": "cross-entropy + λ/2·‖w‖² + λ₁·‖w‖₁ (λ = {wd:g}, λ₁ = {l1:g})",
    "objective_axis": "training objective",
    "objective_caption": (
        "Every value here is the training objective the optimizers minimized: {objective}, "
        "on the training set in evaluation mode (dropout off, batch norm with its running "
        "statistics); ‖w‖ over the weights of the linear layers, not the biases."),
    "hessian_l2": (
        "The L2 term λ/2·‖w‖² adds λ = {wd:g} to the Hessian's diagonal entry of every "
        "weight (not the biases), so λmax is at most {wd:g} above the cross-entropy's."),
    "hessian_l1": "The L1 term adds nothing to the Hessian away from w = 0 (|w| is linear there).",
    "own_decay": (
        "Not included: the optimizer's own weight_decay of {runs} (torch's, applied in the "
        "update to every parameter, biases too), so for those runs this is not exactly the "
        "objective they minimized."),
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
        "Extreme eigenvalues of the Hessian of the training objective (the loss plus the "
        "penalty the network was trained with), from Hessian-vector products "
        "with the Lanczos iteration (full re-orthogonalization). λmin is computed directly, "
        "not by shifting. A value whose residual is above 10⁻³·|λ|max is marked **not "
        "converged**: near a trained point the smallest eigenvalues crowd near zero and can "
        "need hundreds of products. Then the page says so rather than show a wrong number."
    ),
    "run": "Run",
    "points": "Points along training",
    "max_products": "Products per point (at most)",
    "computing_hessian": "Lanczos at {n} points…",
    "hessian_title": "{name}: extreme Hessian eigenvalues of {objective} along training",
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
    "yes": "yes", "no": "no",
}

ZH = {
    "title": "神经网络",
    "intro": (
        "一个小型神经网络（多层感知机 MLP）学习把两类点分开。每个优化器都从**同一组初始权重**"
        "出发，用同样的小批量数据训练。然后看训练停在了哪里：经过最终权重的一个平面上的"
        "**损失地形**，**海森矩阵 (Hessian) 的最大和最小特征值**（最小值处没有负特征值；"
        "鞍点 (saddle point) 处有），以及在训练前挑选学习率的**学习率范围测试**。"
    ),
    "data_header": "数据", "net_header": "网络", "train_header": "训练",
    "optimizers": "优化器（同一组初始权重）",
    "runs_help": "下面每次运行都有自己的学习率、学习率调度和其他设置；再添加同一优化器的一次运行，"
                 "就能用不同设置比较它（最多 {max} 次运行）。",
    "add_run_of": "添加一次运行（同一优化器的新运行复制其第一次运行的设置）",
    "pending": "表单与已训练的配置不同：按**训练**来训练表单中的设置。",
    "link_not_shown": "链接中 {what} 的值无法在表单中显示：页面显示并训练表单中的值。",
    "train": "训练",
    "training": "正在训练 {name}…",
    "bad_input": "请检查这个输入：{msg}",
    "summary": (
        "{n_train} 个训练点，{n_val} 个验证点 · {weights:,} 个权重 · "
        "每轮 {per} 次迭代 × {epochs} 轮"
    ),
    "hessian_cost": (
        "为什么不用牛顿法：这 {weights:,} 个权重的海森矩阵有 {weights:,}² = {entries:,} 个元素"
        "（float64 下 {mb:,.1f} MB），每一步都要算出来再求逆。牛顿法和阻尼牛顿法在“比较优化器”"
        "页面上运行，那里只有 2 个权重。"
    ),
    "tab_training": "训练", "tab_landscape": "损失地形", "tab_hessian": "海森矩阵",
    "tab_range": "学习率范围测试",
    "tab_weights": "权重与优化器", "tab_widths": "宽度",
    "loss_title": "每轮的损失：训练（实线）与验证（虚线）",
    "epoch_axis": "轮 (epoch)", "loss_axis": "交叉熵损失",
    "train_suffix": "训练", "val_suffix": "验证",
    "col_optimizer": "优化器", "col_train_loss": "最终训练损失",
    "col_val_loss": "最终验证损失", "col_train_acc": "训练准确率",
    "col_val_acc": "验证准确率", "col_diverged": "发散于第几次迭代",
    "boundary_for": "决策边界：",
    "boundary_title": "{name}：输入平面上的 P(类别 1)（训练 ●，验证 ✕）",
    "x1": "输入 1（{f}，已标准化）", "x2": "输入 2（{f}，已标准化）",
    "prob": "P(类别 1)",
    "class": "类别 {c}",
    "diverged": "{name} 在第 {it} 次迭代发散：损失不再是有限值。",
    "landscape_help": (
        "经过某次运行最终权重 θ* 的一个平面上的训练目标（损失加上训练时的惩罚项）：L(θ* + a·d₁ + b·d₂)。"
        "**PCA**：d₁、d₂ 是各次运行权重轨迹的前两个主方向，所以路径可以画在这个平面上。"
        "**随机**：两个高斯随机方向，每个滤波器（权重矩阵的一行）缩放到与 θ* 中同一滤波器"
        "相同的范数（Li et al. 2018；偏置和批量归一化的参数不计入）。随机方向几乎与任何路径"
        "都正交，所以路径的投影落在 (0, 0) 附近。"
    ),
    "directions": "方向",
    "pca": "轨迹的 PCA", "random": "按滤波器归一化的随机方向",
    "center": "平面经过这个优化器的最终权重：",
    "resolution": "每边的网格点数",
    "span": "正方形的半宽（随机方向）",
    "dir_seed": "方向的随机种子",
    "computing_slice": "正在计算 {n}×{n} 组权重上的损失…",
    "slice_title": "平面上的训练目标：{objective}（log10）",
    "objective_data": "交叉熵（无惩罚项）",
    "objective_l2": "交叉熵 + λ/2·‖w‖²（λ = {wd:g}）",
    "objective_l1": "交叉熵 + λ₁·‖w‖₁（λ₁ = {l1:g}）",
    "objective_both": "交叉熵 + λ/2·‖w‖² + λ₁·‖w‖₁（λ = {wd:g}，λ₁ = {l1:g}）",
    "objective_axis": "训练目标",
    "objective_caption": (
        "这里的每个值都是优化器最小化的训练目标：{objective}，在训练集上以评估模式计算（关闭暂退法 "
        "(dropout)，批量归一化 (batch normalization) 使用其运行统计量）；‖w‖ 只含线性层的权重，不含偏置。"),
    "hessian_l2": (
        "L2 项 λ/2·‖w‖² 在每个权重（不含偏置）对应的海森矩阵 (Hessian) 对角元上加 λ = {wd:g}，"
        "所以 λmax 最多比交叉熵的高 {wd:g}。"),
    "hessian_l1": "L1 项在 w ≠ 0 处不改变海森矩阵（|w| 在那里是线性的）。",
    "own_decay": (
        "未包含：{runs} 的优化器自身的 weight_decay（torch 在更新中对每个参数施加，包括偏置），"
        "所以对这些运行而言，这里并不完全是它们最小化的目标。"),
    "a_axis": "a（沿 d₁）", "b_axis": "b（沿 d₂）",
    "explained": (
        "这个平面解释了轨迹上各点方差的 {p1:.1%} + {p2:.1%} = {p:.1%}。"
        "路径的其余部分**不在平面上**：下面的曲线比较沿路径的真实损失和切片在其投影处的损失，"
        "免得把两者混为一谈。"
    ),
    "random_note": "随机方向：图上画的是路径的投影，但路径几乎完全不在这个平面上。",
    "path_title": "沿每条路径：真实损失（实线）与切片在投影处的值（点线）",
    "true_suffix": "真实", "slice_suffix": "平面上",
    "hessian_help": (
        "训练目标（损失加上训练时的惩罚项）的海森矩阵的最大和最小特征值，用海森矩阵–向量乘积加 Lanczos 迭代"
        "（完全重正交化）算出。λmin 是直接算的，不是靠平移。残差超过 10⁻³·|λ|max 的值标为"
        "**未收敛**：在训练好的点附近，最小的几个特征值挤在零附近，可能需要几百次乘积。"
        "这时页面会如实说明，而不是显示一个错误的数字。"
    ),
    "run": "运行",
    "points": "沿训练过程取的点数",
    "max_products": "每个点的乘积次数（上限）",
    "computing_hessian": "正在 {n} 个点上做 Lanczos 迭代…",
    "hessian_title": "{name}：训练过程中 {objective} 的海森矩阵最大和最小特征值",
    "lambda_axis": "特征值 λ",
    "lmax": "λmax", "lmin": "λmin", "unconverged": "未收敛",
    "col_epoch": "轮", "col_lmax": "λmax", "col_lmin": "λmin", "col_products": "乘积次数",
    "col_converged": "是否收敛 (λmax, λmin)",
    "verdict_min": "在最终权重处，所有特征值都 ≥ 0（λmin = {lmin:.3g}），且 "
                   "‖∇L‖ = {g:.3g}：训练停在了（或接近）一个**局部最小值**。",
    "verdict_saddle": "在最终权重处 ‖∇L‖ = {g:.3g}（不超过 {tol:.2g}：是临界点），"
                      "且 λmin = {lmin:.3g} < 0：临界点处有一个负曲率方向，"
                      "所以这是**鞍点**，不是最小值。",
    "verdict_descending": "在最终权重处 λmin = {lmin:.3g} < 0，但 ‖∇L‖ = {g:.3g} "
                          "并不小（临界点要求不超过 {tol:.2g}）：这**不是临界点**，"
                          "所以也不是鞍点。训练还在下降，所在的坡在某个方向上向下弯。",
    "verdict_flat": "在最终权重处 λmin = {lmin:.3g} 与零的差距在 10⁻³·λmax 以内"
                    "（‖∇L‖ = {g:.3g}）：这里曲率检验分不清平坦的最小值和鞍点。",
    "verdict_unknown": "λmin 在 {k} 次乘积内没有收敛（残差 {r:.2g}）："
                       "最小特征值**未知**；请提高乘积次数上限。",
    "range_help": (
        "从初始权重开始训练，每个小批量把学习率按等比从 lr_min 提高到 lr_max，"
        "画出损失随学习率的变化。损失先下降，然后爆炸。建议值：平滑后的损失下降最快处的"
        "学习率；建议范围：从平滑损失最低点学习率的十分之一，到这个学习率。"
    ),
    "range_optimizer": "优化器",
    "lr_min": "lr_min", "lr_max": "lr_max", "iterations": "迭代次数",
    "computing_range": "范围测试中…",
    "range_title": "{name}：损失随学习率的变化（每个学习率一个小批量）",
    "lr_axis": "学习率（对数坐标）",
    "raw_loss": "小批量损失", "smooth_loss": "平滑后",
    "suggested_range": "建议范围", "steepest": "下降最快处",
    "range_result": "建议学习率 {s:.3g}；范围 {lo:.3g} – {hi:.3g}。",
    "range_none": "没有找到损失下降的区段：请扩大学习率范围。",
    "stopped": "平滑后的损失超过其最小值的 4 倍时停止。",
    "yes": "是", "no": "否",
    "queued": "正在等待空闲的计算进程：其他请求正在计算…",
}
