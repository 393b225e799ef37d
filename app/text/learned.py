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
    "data_name": "data",
}

ZH = {
    "title": "从数据学到的曲面",
    "intro": (
        "误差曲面 (error surface) 不是随便编的公式：它是**模型在训练数据上的损失，"
        "看作参数的函数**。这里的模型只有两个参数，所以图上每个点就是一个模型，"
        "高度就是这个模型在数据上的误差。换数据、换损失函数或换批次大小，"
        "曲面（或路径）都会跟着变。"
    ),
    "tab_batch": "全批量、小批量、随机",
    "tab_logistic": "均方误差与交叉熵",
    "tab_scaling": "特征缩放",
    "model": "模型与数据",
    "optimizer": "优化器",
    "lr": "学习率 η",
    "epochs": "轮数",
    "epochs_help": "1 轮 (epoch) = 把（打乱后的）数据按批次完整过一遍：批次大小为 B 时"
                   "共 ⌈n / B⌉ 次迭代 (iteration)，每个点恰好用一次；丢弃最后不完整的批次时为 "
                   "⌊n / B⌋ 次迭代，这一遍最后的 n mod B 个点被跳过。",
    "batch": "小批量大小 B",
    "shuffle": "每轮打乱 (shuffle) 数据",
    "drop_last": "丢弃最后一个不完整的批次",
    "seed": "批次顺序的随机种子",
    "steps": "迭代次数",
    "start_x": "起点 x", "start_y": "起点 y",
    "batch_help": (
        "同一个优化器，同一个学习率，同样的**轮数**。全批量：每轮一步，走得很平稳。"
        "小批量 (batch)：每轮 ⌈N/B⌉ 步，噪声更大（丢弃最后不完整的批次时为 ⌊N/B⌋ 步）。"
        "随机梯度下降 (B = 1)：每轮 N 步，噪声很大。所有路径都画在同一个曲面上，"
        "即全部数据上的损失；每一步只看到自己那个批次的梯度。"
    ),
    "full": "全批量（{it} 次迭代）",
    "mini": "小批量 B={b}（{it} 次迭代）",
    "sgd": "随机 B=1（{it} 次迭代）",
    "paths_title": "{name}：{epochs} 轮内的路径",
    "loss_title": "训练损失（全部数据）随轮数的变化",
    "epoch_axis": "轮（迭代次数 ÷ 每轮迭代次数）",
    "loss_axis": "全部 N 个点上的损失",
    "data_title": "数据，以及最后一轮后拟合出的模型",
    "data_x": "x（特征）", "data_y": "y（目标值）", "data_label": "类别标签 / P(类别 1)",
    "counts": "N = {n} 个点 · 每轮迭代次数：全批量 1，小批量 {mini}，随机 {n}",
    "diverged": "{name} 在第 {step} 次迭代发散：学习率对这个曲面来说太大了。",
    "logistic_help": (
        "同样的数据和模型 σ(w·x + b)，两种损失。从模型**很自信却判断错误**的地方出发："
        "均方误差 (MSE) 饱和成一块平坦的**高原**（梯度消失，梯度下降几乎不动），"
        "而交叉熵保持稳定的**坡度**，能走出来。"
    ),
    "mse": "均方误差 (MSE)", "ce": "交叉熵",
    "loss_steps_title": "训练损失随迭代次数的变化",
    "grad_title": "沿每条路径的梯度范数（对数坐标）",
    "grad_axis": "‖∇L‖",
    "step_axis": "迭代次数",
    "scaling_help": (
        "一个特征的尺度是 1–10，另一个是 1000–10000，损失就成了一个又长又窄的椭圆碗："
        "同一个学习率，对陡的方向太大（发散），对平的方向又太小（爬得很慢）。"
        "标准化特征 (x − 均值)/标准差 后，碗几乎是圆的。两边用同一个优化器、同一个学习率。"
    ),
    "raw": "原始特征", "std": "标准化后的特征",
    "stability": (
        "{name}：海森矩阵 (Hessian) 的特征值为 {lmin:.3g} 和 {lmax:.3g}（条件数 {cond:.3g}）；"
        "普通梯度下降只有在 η < 2/λmax = {limit:.3g} 时才稳定。"
    ),
    "bad_input": "请检查这个输入：{msg}",
    "computing": "模拟中…",
    "w_axis": "参数 1（{x}）", "b_axis": "参数 2（{y}）",
    "data_name": "数据",
}
