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
    "tab_softmax": "Softmax and cross-entropy",
    "sm_intro": (
        "A classifier outputs one number per class, the **logits** $z$. **Softmax** turns them "
        "into probabilities $p_i = e^{z_i}/\\sum_j e^{z_j}$; the label is a **one-hot** vector "
        "$y$ (1 for the true class, 0 elsewhere); the loss is the **cross-entropy** "
        "$L = -\\sum_i y_i \\log p_i = -\\log p_y$. Move the logits and watch all three."
    ),
    "sm_classes": "Classes",
    "sm_2": "2 (the sigmoid case)",
    "sm_3": "3",
    "sm_logit": "logit z{i}",
    "sm_logit_help": "the model's raw score for this class (at most ±{limit:g} here)",
    "sm_label": "True class",
    "sm_class": "class {i}",
    "sm_p": "p = softmax(z)",
    "sm_y": "y (one-hot)",
    "sm_probs_title": "Softmax probabilities p and the one-hot target y",
    "sm_prob_axis": "probability",
    "sm_class_axis": "class",
    "sm_grad_title": "Gradient of the loss with respect to the logits: p − y",
    "sm_grad_axis": "∂L/∂z",
    "sm_loss": "Cross-entropy $L = -\\log p_{{{y}}}$ = **{loss:.4f}** (the true class's "
               "probability $p_{{{y}}}$ = {py:.4f})",
    "sm_grad_note": (
        "The gradient is $p - y$: for the true class it is $p_{{{y}}} - 1$ = {g:.4f}, so "
        "gradient descent raises that logit; every other logit is lowered by its own "
        "probability. The entries add up to 0: adding the same number to every logit changes "
        "neither p nor the loss."
    ),
    "sm_ml": (
        "**Cross-entropy = maximum likelihood.** Over N examples the summed loss is "
        "$-\\sum_n \\log p_{y_n} = -\\log \\prod_n p_{y_n}$: minimizing it maximizes the "
        "probability the model gives to the true labels of the data."
    ),
    "sm_sigmoid": (
        "With two classes $p_1 = \\sigma(z_1 - z_2)$ = {sig:.4f} ($z_1 - z_2$ = {diff:.2f}): "
        "the sigmoid is the two-class softmax, and only the difference of the logits matters."
    ),
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
    "tab_softmax": "softmax 与交叉熵",
    "sm_intro": (
        "分类器为每个类别输出一个数，即**原始分数 (logits)** $z$。**softmax** 把它们变成概率 "
        "$p_i = e^{z_i}/\\sum_j e^{z_j}$；标签是一个**独热编码 (one-hot)** 向量 $y$"
        "（真实类别为 1，其余为 0）；损失是**交叉熵** $L = -\\sum_i y_i \\log p_i = -\\log p_y$。"
        "移动原始分数，看这三者如何变化。"
    ),
    "sm_classes": "类别数",
    "sm_2": "2（sigmoid 的情形）",
    "sm_3": "3",
    "sm_logit": "原始分数 z{i}",
    "sm_logit_help": "模型对这个类别的原始分数（这里最多 ±{limit:g}）",
    "sm_label": "真实类别",
    "sm_class": "类别 {i}",
    "sm_p": "p = softmax(z)",
    "sm_y": "y（独热编码）",
    "sm_probs_title": "softmax 概率 p 与独热编码目标 y",
    "sm_prob_axis": "概率",
    "sm_class_axis": "类别",
    "sm_grad_title": "损失对原始分数的梯度：p − y",
    "sm_grad_axis": "∂L/∂z",
    "sm_loss": "交叉熵 $L = -\\log p_{{{y}}}$ = **{loss:.4f}**（真实类别的概率 "
               "$p_{{{y}}}$ = {py:.4f}）",
    "sm_grad_note": (
        "梯度是 $p - y$：真实类别这一项是 $p_{{{y}}} - 1$ = {g:.4f}，所以梯度下降会把这个原始分数"
        "调高；其他每个原始分数按它自己的概率被调低。各项之和为 0：给所有原始分数加上同一个数，"
        "p 和损失都不变。"
    ),
    "sm_ml": (
        "**交叉熵 = 最大似然。** 在 N 个样本上，损失之和是 "
        "$-\\sum_n \\log p_{y_n} = -\\log \\prod_n p_{y_n}$：最小化它，就是最大化模型给数据的"
        "真实标签的概率。"
    ),
    "sm_sigmoid": (
        "两个类别时 $p_1 = \\sigma(z_1 - z_2)$ = {sig:.4f}（$z_1 - z_2$ = {diff:.2f}）："
        "sigmoid 就是两类的 softmax，只有原始分数之差起作用。"
    ),
}
