"""Text of the Deep-networks page (pages/deep.py, app/deep/)."""

EN = {
    "title": "Deep networks",
    "intro": (
        "What changes when a network gets deep: gradients that vanish through the layers, "
        "a deeper net that trains *worse* than a shallower one, the batch size, how the "
        "initialization and batch normalization keep the signal alive, and where training "
        "stalls. Every number below is computed on this page's configuration (small data, "
        "small networks) when you open a tab; the whole configuration is in the page's link."
    ),
    "tab_vanishing": "Vanishing gradients",
    "tab_bias": "Model bias or optimization?",
    "tab_batch": "Small vs large batch",
    "tab_init": "Initialization & batch norm",
    "tab_saddles": "Saddles in high dimension",
    "tab_tips": "Practical tips",
    "common": "Data (all tabs)",
    "settings": "Settings of this tab",
    "bad_input": "Please check this input: {msg}",
    "computing": "Computing this tab's study ({what})…",
    "queued": "Waiting for a free worker…",
    "failed": "This study could not be computed on these settings: {msg}",
    "limit": "{low} to {high} (at most {high})",
    "cost": "At the defaults this tab takes about {s} s of CPU on this machine (2 shared "
            "cores); it runs in a worker process, with progress.",
    # the fields
    "f_data": "Data set",
    "f_n": "Data points n",
    "f_noise": "Noise of the data",
    "f_seed": "Seed (data and weights)",
    "f_width": "Units per hidden layer",
    "f_depth": "Hidden layers",
    "f_steps": "Full-batch SGD steps",
    "f_lr": "Learning rate η (SGD)",
    "f_shallow": "Hidden layers of the shallower net",
    "f_deep": "Hidden layers of the deeper net",
    "f_bias_steps": "Full-batch SGD steps (both nets)",
    "f_batches": "Batch sizes B compared",
    "f_epochs": "Epochs per batch size",
    "f_batch_lr": "Learning rate η (SGD)",
    "f_val_fraction": "Share held out for validation",
    "f_drop_last": "Drop the last incomplete batch (drop_last)",
    "f_init_depth": "Hidden layers",
    "f_init_width": "Units per hidden layer",
    "f_init_act": "Activation function",
    "f_scale": "Scale of the 'too small' init (times He's std)",
    "f_seeds": "Networks (seeds)",
    "f_saddle_width": "Units per hidden layer",
    "f_saddle_init": "Std of the initial weights",
    "f_saddle_lr": "Learning rate η (GD)",
    "f_max_steps": "GD steps at most",
    "f_stall": "Stalled once the gradient norm is below",
    "f_k_low": "Lowest eigenvalues computed (Lanczos)",
    "data_moons": "two moons",
    "data_circles": "circles",
    "data_spirals": "spirals",
    "act_sigmoid": "sigmoid",
    "act_tanh": "tanh",
    "act_relu": "ReLU",
    # 1. vanishing gradients
    "van_help": (
        "Three networks of the same depth and width, trained by the same full-batch SGD on "
        "the same data: sigmoid layers, ReLU layers, and the sigmoid layers again with skip "
        "connections (residual: $h \\leftarrow h + \\sigma(Wh + b)$). Look at the gradient "
        "norm of each layer's weights: with sigmoid it shrinks by orders of magnitude from "
        "the output back to the first layer, so the first layers barely learn."
    ),
    "van_why": (
        r"Why: backpropagation multiplies one factor per layer, "
        r"$\frac{{\partial L}}{{\partial h_{{l-1}}}} = W_l^\top \operatorname{{diag}}(\sigma'(z_l))"
        r"\,\frac{{\partial L}}{{\partial h_l}}$, and $\sigma'(z) = \sigma(z)(1 - \sigma(z)) "
        r"\le \frac14$. Through $L$ layers the gradient is scaled by at most "
        r"$\left(\tfrac14\right)^{{L}}\prod_l \lVert W_l\rVert$: it vanishes unless the "
        r"weights are large. ReLU's derivative is 1 where the unit is active (0 where not), "
        r"and a skip connection adds the identity: $\frac{{\partial h_l}}{{\partial h_{{l-1}}}} "
        r"= I + W_l^\top\operatorname{{diag}}(\sigma'(z_l))$, so the gradient has a path that "
        r"is never shrunk."
    ),
    "van_numbers": (
        "At initialization the first layer's gradient norm is **{sig:.2e}** (sigmoid), "
        "**{relu:.2e}** (ReLU) and **{res:.2e}** (residual): sigmoid's is **{orders:.1f} "
        "orders of magnitude** smaller than the residual net's. After {steps} steps the "
        "training loss is {l_sig:.3f} (sigmoid), {l_relu:.3f} (ReLU), {l_res:.3f} (residual); "
        "a loss of 0.693 = ln 2 is a coin toss."
    ),
    "van_dead": (
        "**Dead ReLU units** (never active on any of the {n} points: zero output, and a zero "
        "gradient for their incoming weights, which therefore stop changing): {init} of "
        "{total} hidden units at "
        "initialization, {end} after training. Per layer, from the input: {per}."
    ),
    "van_title": "Gradient norm of each layer's weights",
    "van_layer": "layer (1 = next to the input)",
    "van_norm": "‖∂L/∂W‖ (log scale)",
    "van_at_init": "{kind}, at init",
    "van_at_end": "{kind}, after training",
    "van_loss_title": "Training loss along training",
    "van_first_title": "First layer's gradient norm along training",
    "step": "SGD step",
    "gd_step": "GD step",
    "batch_b": "batch size B",
    "loss": "training loss (cross-entropy)",
    "kind_sigmoid": "sigmoid",
    "kind_relu": "ReLU",
    "kind_residual": "residual (sigmoid + skip)",
    # 2. model bias vs optimization issue
    "bias_help": (
        "Two ReLU networks of the same width on the same data, trained by the same full-batch "
        "SGD for the same number of steps: a shallower one and a deeper one. Compare their "
        "**training** loss (not the validation loss)."
    ),
    "bias_rule": (
        "The notes' rule: if a deeper network has a **higher training loss** than a "
        "shallower one, the problem is **optimization**, not model bias, because the deeper "
        "net can do everything the shallower can (let the extra layers copy their input). "
        "A model-bias problem would show as *both* losses high; overfitting as a low "
        "training loss with a high validation loss."
    ),
    "bias_opt": (
        "The deeper net ({deep} layers) ends at training loss **{l_deep:.4f}**, higher than "
        "the shallower one ({shallow} layers) at **{l_shallow:.4f}**. Yet the deeper net "
        "can compute exactly what the shallower computes: its first {shallow} layers "
        "copied, every extra layer the identity ($W = I$, $b = 0$; ReLU leaves the "
        "non-negative activations unchanged). That copy, evaluated here, has training loss "
        "**{copy:.4f}**. So the deeper net's higher loss is an **optimization issue**, not "
        "model bias."
    ),
    "bias_not": (
        "On this setting the deeper net's training loss ({l_deep:.4f}) is not higher than "
        "the shallower's ({l_shallow:.4f}): the rule does not point to an optimization "
        "issue here. (The copy of the shallower net inside the deeper one has loss "
        "{copy:.4f}.)"
    ),
    "bias_loss_title": "Training loss: shallower vs deeper",
    "bias_net": "{layers} hidden layers",
    "bias_panel": "{layers} hidden layers: loss {loss:.3f}, accuracy {acc:.0%}",
    "bias_prob": "P(class 1)",
    "x1": "x₁ (standardized)",
    "x2": "x₂ (standardized)",
    "class": "class {k}",
    # 3. small vs large batch
    "batch_help": (
        "The same ReLU network (two hidden layers) trained with mini-batch SGD at several "
        "batch sizes B, for the same number of epochs and the same η; the data is shuffled "
        "every epoch. Left: training and validation loss at the end (the gap between them "
        "is the generalization gap). Middle: the measured time of one epoch. Right: how "
        "noisy one step's gradient is, at the initial weights."
    ),
    "batch_formula": (
        r"One epoch makes $\lceil n/B \rceil$ updates ($\lfloor n/B \rfloor$ with "
        r"drop_last). A mini-batch gradient $g_B$ (B examples drawn without replacement "
        r"from the $n$ training examples) is an unbiased estimate of the full gradient "
        r"$g$ with variance $\mathbb{{E}}\lVert g_B - g\rVert^2 = \frac{{\operatorname{{tr}}"
        r"\Sigma}}{{B}}\cdot\frac{{n - B}}{{n - 1}}$ ($\Sigma$: the covariance of the per-example "
        r"gradients): small batches take many noisy steps, large batches few accurate ones."
    ),
    "batch_time_note": (
        "Times are measured on this machine (a small server shared by others, one CPU "
        "thread per job), so they vary between runs; on a GPU a large batch costs little "
        "more than a small one, which is the large batch's advantage."
    ),
    "batch_title": "Batch size: loss, time per epoch and gradient noise",
    "batch_axis": "batch size B (log scale)",
    "batch_loss_axis": "loss after the last epoch",
    "batch_ms_axis": "time per epoch (ms, this machine)",
    "batch_var_axis": "E‖g_B − g‖² (log scale)",
    "batch_train": "training loss",
    "batch_val": "validation loss",
    "batch_time": "time per epoch",
    "batch_measured": "measured (200 batches)",
    "batch_predicted": "predicted tr Σ / B · (n − B)/(n − 1)",
    "batch_curves_title": "Validation loss per epoch",
    "epoch": "epoch",
    "val_loss": "validation loss",
    "col_b": "B",
    "col_updates": "updates per epoch",
    "col_formula": "⌈n/B⌉ or ⌊n/B⌋",
    "col_ms": "ms per epoch",
    "col_train": "training loss",
    "col_val": "validation loss",
    "col_gap": "gap (validation − training)",
    "col_var": "gradient variance",
    "col_pred": "predicted",
    "batch_budget": "At most {max} updates in all (epochs × the updates per epoch of every B); "
                    "these settings: {used}.",
    "batch_n": "{n} training points, {epochs} epochs at η = {lr:g}.",
    # 4. initialization and batch normalization
    "init_help": (
        "A deep network at its initial weights, before any training: the data goes through "
        "and we measure, for each layer, the mean and the standard deviation of the "
        "pre-activations $z_l = W_l h_{l-1} + b_l$ over the batch and the units. Four "
        "initializations, each without (solid) and with (dashed) batch normalization."
    ),
    "init_what": (
        r"**Xavier** (Glorot) draws $W$ with variance $\frac{{2}}{{\text{{fan}}_\text{{in}} + "
        r"\text{{fan}}_\text{{out}}}}$ to keep the variance through tanh-like layers; **He** "
        r"(Kaiming) uses $\frac{{2}}{{\text{{fan}}_\text{{in}}}}$ because ReLU zeroes half of its "
        r"inputs: $\operatorname{{Var}} z_l = \text{{fan}}_\text{{in}}\cdot\operatorname{{Var}} W "
        r"\cdot \tfrac12 \operatorname{{Var}} z_{{l-1}} = \operatorname{{Var}} z_{{l-1}}$. The "
        r"'too small' init is He times a factor $s < 1$: with ReLU every layer multiplies the "
        r"signal by $s$, so the std shrinks geometrically ($s^l$) and so do the gradients. "
        r"PyTorch's default (uniform, bound $1/\sqrt{{\text{{fan}}_\text{{in}}}}$) is about "
        r"$1/\sqrt{{6}}$ of He's std. **Batch normalization** re-centres and rescales every "
        r"unit over the batch, $\hat z = \gamma\frac{{z - \mu_B}}{{\sqrt{{\sigma_B^2 + "
        r"\varepsilon}}}} + \beta$ (at init $\gamma = 1,\ \beta = 0$), whatever the weights; "
        r"at test time it uses moving averages of $\mu_B$ and $\sigma_B^2$ instead."
    ),
    "init_numbers": (
        "With He init the std stays between **{he_lo:.2f}** and **{he_hi:.2f}** over the "
        "{depth} layers. With the too-small init ({scale:g} × He) it falls to **{small:.1e}** "
        "at layer {depth}. With batch normalization (train mode) every layer's batch mean "
        "is within **{m:.0e}** of 0 and its std within **{s:.0e}** of 1, for all four "
        "initializations."
    ),
    "init_relu": (
        "With ReLU the too-small init's std is exactly $s^l$ times He's at layer $l$ (ReLU "
        "is positively homogeneous and the biases are zero): measured ratio at layer "
        "{depth}: {ratio:.3e}, $s^{{{depth}}}$ = {pred:.3e}."
    ),
    "init_std_title": "Std of each layer's pre-activations at initialization",
    "init_mean_title": "Mean of each layer's pre-activations",
    "init_layer": "layer",
    "init_std": "std of z_l (log scale)",
    "init_mean": "mean of z_l",
    "init_bn": "{init} + BN",
    "init_default": "PyTorch default",
    "init_xavier": "Xavier",
    "init_he": "He",
    "init_small": "too small ({scale:g} × He)",
    # 5. saddles
    "saddle_help": (
        "Small tanh networks (two hidden layers) trained by full-batch gradient descent "
        "from several seeds until they **stall** (gradient norm below the threshold) or run "
        "out of steps. At each stopping point we compute the lowest eigenvalues of the "
        "Hessian with Lanczos (scipy's `eigsh` on Hessian-vector products; never the whole "
        "matrix) and count the negative ones: a negative eigenvalue is a direction in which "
        "the loss still goes down, so the point is a saddle, not a minimum."
    ),
    "saddle_summary": (
        "**{stalled} of {seeds}** runs stalled within {max_steps} steps. At **{neg} of "
        "{seeds}** stopping points the Hessian ({p} weights) has at least one eigenvalue "
        "below −10⁻⁴ × λmax; at {full} of them all {k} eigenvalues computed are negative "
        "(at least {k} directions downhill)."
    ),
    "saddle_honest": (
        "What this shows, honestly: on this configuration the places where gradient descent "
        "slows down are saddles with several downhill directions, not minima, as the notes "
        "say. What it does not show: a stall at a gradient norm of {stall:g} is not an "
        "exact critical point, and {seeds} networks of {p} weights are an illustration, not "
        "a proof that minima are rare in high dimension. Raise the initial std or the "
        "steps and see how the count changes."
    ),
    "saddle_mixed": (
        "What this shows, honestly: on this configuration {neg} of {seeds} stopping points "
        "are saddles (a direction downhill), the other {rest} show no eigenvalue below the "
        "threshold among the {k} lowest: they look like minima (or flat regions) at this "
        "precision. A stall at a gradient norm of {stall:g} is not an exact critical point, "
        "and {seeds} networks of {p} weights are an illustration, not a proof."
    ),
    "saddle_eig_title": "Lowest Hessian eigenvalues at the stopping points",
    "saddle_loss_title": "Loss along gradient descent",
    "saddle_seed": "network (seed)",
    "saddle_eig": "eigenvalue",
    "saddle_zero": "zero",
    "col_seed": "seed",
    "col_steps": "steps",
    "col_stalled": "stalled",
    "col_loss": "loss",
    "col_grad": "gradient norm",
    "col_min": "λmin",
    "col_max": "λmax",
    "col_neg": "negative (of the lowest {k})",
    "yes": "yes",
    "no": "no",
    # 6. tips
    # 6. snapshot ensembles (SGDR)
    "tab_snapshots": "Snapshot ensembles",
    "f_snap_depth": "Hidden layers (ReLU)",
    "f_snap_epochs": "Epochs (a multiple of the cycles)",
    "f_snap_cycles": "Cycles = snapshots",
    "f_snap_batch": "Batch size B",
    "f_snap_lr": "Highest learning rate η_max (lowest: 0)",
    "f_snap_momentum": "Momentum β (SGD)",
    "snap_help": (
        "**Snapshot ensembles: train 1, get M for free** (Huang et al. 2017). SGDR (Loshchilov "
        "& Hutter 2017) anneals the learning rate along a cosine to 0, then restarts it at "
        "η_max. At the end of each cycle the rate is at its lowest (the steps are small): keep "
        "the weights there (a *snapshot*); the restart's large rate then moves them away, and "
        "the next cycle ends at another model. The ensemble averages the snapshots' predicted "
        "**probabilities**, at the cost of one training run. Compared here with one model "
        "trained for the same number of updates under cosine decay without restarts."),
    "snap_budget": "At most {max} updates in all (2 runs × epochs × updates per epoch); "
                   "these settings: {used}.",
    "snap_jensen": (
        r"Always true (Jensen's inequality): the cross-entropy $-y\log p-(1-y)\log(1-p)$ is "
        r"convex in the probability $p$, so the loss of the averaged probabilities is at most "
        r"the average of the losses: here **{ens:.4f} ≤ {mean:.4f}** (the mean of the "
        r"{m} snapshots' validation losses). Beating the *best* snapshot is not guaranteed."),
    "snap_setup": (
        "Setup: `CosineAnnealingWarmRestarts` with T_0 = **{t0} iterations** "
        "({cycle_epochs} epochs × {per} updates per epoch; the scheduler steps after every "
        "mini-batch update), η from {lr:g} down to 0 in each of the {m} cycles, SGD with "
        "momentum {mom:g}; {n_val} validation points. Snapshots after updates {iters}."),
    "snap_best_all": (
        "Measured on this configuration: the ensemble's validation loss (**{ens:.4f}**) is "
        "lower than every snapshot's (the best: snapshot {k}, {best:.4f})."),
    "snap_best_not": (
        "Measured on this configuration: the ensemble's validation loss (**{ens:.4f}**) is "
        "**not** lower than the best snapshot's (snapshot {k}, {best:.4f}); it is lower than "
        "{below} of the {m} snapshots'."),
    "snap_base_lower": (
        "It is lower than the loss of the single model trained for the same {total} updates "
        "with cosine decay and no restart (**{base:.4f}**)."),
    "snap_base_not": (
        "It is **not** lower than the loss of the single model trained for the same {total} "
        "updates with cosine decay and no restart (**{base:.4f}**)."),
    "snap_diverged": (
        "The SGDR run **diverged**: the validation loss of snapshot(s) {which} of {m} is not "
        "finite (η_max = {lr:g} with momentum {mom:g} is too large for this network), so "
        "there is no ensemble to compare. Lower η_max or the momentum."),
    "snap_base_diverged": (
        "The single model trained for the same {total} updates with cosine decay and no "
        "restart **diverged** (its validation loss is not finite)."),
    "snap_lr_title": "Learning rate of every update, the snapshots marked",
    "snap_iter": "iteration (mini-batch update)",
    "snap_rate": "learning rate η",
    "snap_sgdr": "SGDR (warm restarts)",
    "snap_base": "cosine, no restart",
    "snap_marks": "snapshots (end of each cycle)",
    "snap_loss_title": "Validation loss (cross-entropy)",
    "snap_val_axis": "validation loss (cross-entropy)",
    "snap_name": "snapshot {k}",
    "snap_ens": "ensemble",
    "snap_mean": "mean of the snapshots",
    "snap_curve_title": "Validation loss after each epoch",
    "snap_epoch": "epoch",
    "col_model": "model",
    "col_acc": "validation accuracy",
    "tips_help": "The notes' practical advice, each with the page where you can try it.",
    "tip_optimizer": "Start with SGD with Nesterov momentum, or with Adam.",
    "tip_small": "Try a small data set (and a small network) first: if it cannot fit "
                 "that, the problem is not the data size.",
    "tip_shuffle": "Shuffle the data every epoch, and know what happens to the last "
                   "incomplete batch.",
    "tip_watch": "Watch the training **and** the validation loss: training high means "
                 "model bias or optimization; training low, validation high means overfitting.",
    "tip_schedule": "Use a learning-rate decay schedule, with warm-up for large rates.",
    "tip_range": "Find the learning rate systematically: raise it every mini-batch and "
                 "record the loss (the range test).",
    "tip_scale": "Standardize the features: a round error surface suits one learning rate.",
    "tip_deeper": "If a deeper net trains worse than a shallower one, fix the optimization "
                  "(initialization, normalization, residual connections), not the model.",
    "tip_open": "Open: {page}",
    "here": "this page, tab “{tab}”",
}

ZH = {
    "title": "深度网络",
    "intro": (
        "网络变深之后会发生什么：梯度在层间逐层消失，更深的网络反而比更浅的网络训练得*更差*，"
        "批次大小的影响，初始化和批量归一化 (batch normalization) 如何让信号不衰减，以及训练在哪里停滞。"
        "下面的每个数字都是在打开选项卡时按本页配置（小数据、小网络）计算的；完整配置保存在本页链接中。"
    ),
    "tab_vanishing": "梯度消失",
    "tab_bias": "模型偏差还是优化问题？",
    "tab_batch": "小批次与大批次",
    "tab_init": "初始化与批量归一化",
    "tab_saddles": "高维中的鞍点",
    "tab_tips": "实用建议",
    "common": "数据（所有选项卡）",
    "settings": "本选项卡的设置",
    "bad_input": "请检查输入：{msg}",
    "computing": "正在计算本选项卡的实验（{what}）…",
    "queued": "正在等待空闲的计算进程…",
    "failed": "在这组设置下无法完成本实验：{msg}",
    "limit": "{low} 到 {high}（最多 {high}）",
    "cost": "默认设置下，本选项卡在这台机器（2 个共享核心）上约需 {s} 秒 CPU 时间；"
            "它在后台计算进程中运行，并显示进度。",
    "f_data": "数据集",
    "f_n": "数据点数 n",
    "f_noise": "数据噪声",
    "f_seed": "随机种子（数据与权重）",
    "f_width": "每个隐藏层的单元数",
    "f_depth": "隐藏层数",
    "f_steps": "全批量 SGD 步数",
    "f_lr": "学习率 η（SGD）",
    "f_shallow": "较浅网络的隐藏层数",
    "f_deep": "较深网络的隐藏层数",
    "f_bias_steps": "全批量 SGD 步数（两个网络）",
    "f_batches": "比较的批次大小 B",
    "f_epochs": "每个批次大小训练的轮数",
    "f_batch_lr": "学习率 η（SGD）",
    "f_val_fraction": "留作验证的比例",
    "f_drop_last": "丢弃最后一个不完整的批次（drop_last）",
    "f_init_depth": "隐藏层数",
    "f_init_width": "每个隐藏层的单元数",
    "f_init_act": "激活函数",
    "f_scale": "“过小”初始化的倍数（乘以 He 的标准差）",
    "f_seeds": "网络个数（随机种子）",
    "f_saddle_width": "每个隐藏层的单元数",
    "f_saddle_init": "初始权重的标准差",
    "f_saddle_lr": "学习率 η（梯度下降）",
    "f_max_steps": "梯度下降最多步数",
    "f_stall": "梯度范数低于此值即视为停滞",
    "f_k_low": "计算的最小特征值个数（Lanczos）",
    "data_moons": "双月",
    "data_circles": "同心圆",
    "data_spirals": "螺旋",
    "act_sigmoid": "sigmoid",
    "act_tanh": "tanh",
    "act_relu": "ReLU",
    "van_help": (
        "三个深度和宽度相同的网络，用同样的全批量 SGD 在同样的数据上训练：sigmoid 层、ReLU 层，"
        "以及加上跳跃连接的 sigmoid 层（残差：$h \\leftarrow h + \\sigma(Wh + b)$）。"
        "请看每一层权重的梯度范数：用 sigmoid 时，它从输出层往回到第一层缩小了好几个数量级，"
        "所以前面的层几乎学不到东西。"
    ),
    "van_why": (
        r"原因：反向传播每经过一层乘一个因子，"
        r"$\frac{{\partial L}}{{\partial h_{{l-1}}}} = W_l^\top \operatorname{{diag}}(\sigma'(z_l))"
        r"\,\frac{{\partial L}}{{\partial h_l}}$，而 $\sigma'(z) = \sigma(z)(1 - \sigma(z)) "
        r"\le \frac14$。经过 $L$ 层，梯度最多被缩放为 "
        r"$\left(\tfrac14\right)^{{L}}\prod_l \lVert W_l\rVert$：除非权重很大，否则梯度会消失。"
        r"ReLU 的导数在单元激活处为 1（未激活处为 0）；跳跃连接加上了单位矩阵："
        r"$\frac{{\partial h_l}}{{\partial h_{{l-1}}}} = I + W_l^\top\operatorname{{diag}}(\sigma'(z_l))$，"
        r"所以梯度有一条永远不会被缩小的通路。"
    ),
    "van_numbers": (
        "初始化时，第一层的梯度范数为 **{sig:.2e}**（sigmoid）、**{relu:.2e}**（ReLU）和 "
        "**{res:.2e}**（残差）：sigmoid 的比残差网络的小 **{orders:.1f} 个数量级**。"
        "训练 {steps} 步后，训练损失为 {l_sig:.3f}（sigmoid）、{l_relu:.3f}（ReLU）、"
        "{l_res:.3f}（残差）；损失 0.693 = ln 2 相当于抛硬币。"
    ),
    "van_dead": (
        "**死亡 ReLU 单元**（在全部 {n} 个数据点上都不激活：输出为零，输入权重的梯度也为零，这些权重因此不再改变）："
        "初始化时 {total} 个隐藏单元中有 {init} 个，训练后有 {end} 个。从输入端起逐层为：{per}。"
    ),
    "van_title": "每一层权重的梯度范数",
    "van_layer": "层（1 = 紧挨输入）",
    "van_norm": "‖∂L/∂W‖（对数刻度）",
    "van_at_init": "{kind}，初始化时",
    "van_at_end": "{kind}，训练后",
    "van_loss_title": "训练过程中的训练损失",
    "van_first_title": "训练过程中第一层的梯度范数",
    "step": "SGD 步数",
    "gd_step": "梯度下降步数",
    "batch_b": "批次大小 B",
    "loss": "训练损失（交叉熵）",
    "kind_sigmoid": "sigmoid",
    "kind_relu": "ReLU",
    "kind_residual": "残差（sigmoid + 跳跃连接）",
    "bias_help": (
        "两个宽度相同的 ReLU 网络，在同样的数据上用同样的全批量 SGD 训练同样的步数："
        "一个较浅，一个较深。请比较它们的**训练**损失（不是验证损失）。"
    ),
    "bias_rule": (
        "讲义的判断规则：如果更深的网络**训练损失更高**，问题出在**优化**，而不是模型偏差 (model bias)，"
        "因为更深的网络能做到较浅网络能做的一切（让多出来的层原样复制输入即可）。"
        "模型偏差表现为两个损失*都*高；过拟合则是训练损失低、验证损失高。"
    ),
    "bias_opt": (
        "较深的网络（{deep} 层）最终训练损失为 **{l_deep:.4f}**，高于较浅的网络（{shallow} 层）的 "
        "**{l_shallow:.4f}**。然而较深的网络完全可以算出较浅网络算出的结果：前 {shallow} 层照搬，"
        "每个多出来的层取恒等映射（$W = I$，$b = 0$；ReLU 不改变非负的激活值）。"
        "这里实际算出的这个复制网络的训练损失为 **{copy:.4f}**。所以较深网络损失更高是**优化问题**，"
        "而不是模型偏差。"
    ),
    "bias_not": (
        "在这组设置下，较深网络的训练损失（{l_deep:.4f}）并不高于较浅网络的（{l_shallow:.4f}）："
        "这里的规则不指向优化问题。（较深网络内部复制较浅网络得到的损失为 {copy:.4f}。）"
    ),
    "bias_loss_title": "训练损失：较浅与较深",
    "bias_net": "{layers} 个隐藏层",
    "bias_panel": "{layers} 个隐藏层：损失 {loss:.3f}，准确率 {acc:.0%}",
    "bias_prob": "P（类别 1）",
    "x1": "x₁（标准化）",
    "x2": "x₂（标准化）",
    "class": "类别 {k}",
    "batch_help": (
        "同一个 ReLU 网络（两个隐藏层）用小批量 SGD 在几种批次大小 B 下训练，轮数和 η 都相同；"
        "每一轮都打乱 (shuffle) 数据。左：最后的训练损失与验证损失（两者之差就是泛化差距）。"
        "中：实测的每轮时间。右：在初始权重处，一步的梯度有多嘈杂。"
    ),
    "batch_formula": (
        r"一轮 (epoch) 做 $\lceil n/B \rceil$ 次更新（drop_last 时为 $\lfloor n/B \rfloor$）。"
        r"小批量梯度 $g_B$（从 $n$ 个训练样本中不放回地抽取 B 个）是全梯度 $g$ 的无偏估计，"
        r"方差为 $\mathbb{{E}}\lVert g_B - g\rVert^2 = \frac{{\operatorname{{tr}}"
        r"\Sigma}}{{B}}\cdot\frac{{n - B}}{{n - 1}}$（$\Sigma$：单个样本梯度的协方差）："
        r"小批次走很多步嘈杂的更新，大批次走少数几步准确的更新。"
    ),
    "batch_time_note": (
        "时间是在这台机器上实测的（一台与他人共享的小服务器，每个任务一个 CPU 线程），"
        "所以每次运行会有差别；在 GPU 上大批次几乎不比小批次更花时间，这正是大批次的优势。"
    ),
    "batch_title": "批次大小：损失、每轮时间与梯度噪声",
    "batch_axis": "批次大小 B（对数刻度）",
    "batch_loss_axis": "最后一轮后的损失",
    "batch_ms_axis": "每轮时间（毫秒，本机）",
    "batch_var_axis": "E‖g_B − g‖²（对数刻度）",
    "batch_train": "训练损失",
    "batch_val": "验证损失",
    "batch_time": "每轮时间",
    "batch_measured": "实测（200 个批次）",
    "batch_predicted": "预测 tr Σ / B · (n − B)/(n − 1)",
    "batch_curves_title": "每轮的验证损失",
    "epoch": "轮",
    "val_loss": "验证损失",
    "col_b": "B",
    "col_updates": "每轮更新次数",
    "col_formula": "⌈n/B⌉ 或 ⌊n/B⌋",
    "col_ms": "每轮毫秒数",
    "col_train": "训练损失",
    "col_val": "验证损失",
    "col_gap": "差距（验证 − 训练）",
    "col_var": "梯度方差",
    "col_pred": "预测值",
    "batch_budget": "总更新次数最多 {max} 次（轮数 × 每个 B 的每轮更新次数之和）；当前设置：{used} 次。",
    "batch_n": "{n} 个训练点，{epochs} 轮，η = {lr:g}。",
    "init_help": (
        "一个处于初始权重、尚未训练的深度网络：让数据通过网络，对每一层测量预激活 "
        "$z_l = W_l h_{l-1} + b_l$ 在批次和单元上的均值与标准差。四种初始化，"
        "每种都分别不带（实线）和带（虚线）批量归一化。"
    ),
    "init_what": (
        r"**Xavier**（Glorot）按方差 $\frac{{2}}{{\text{{fan}}_\text{{in}} + \text{{fan}}_\text{{out}}}}$ "
        r"抽取 $W$，使方差在类似 tanh 的层之间保持不变；**He**（Kaiming）用 "
        r"$\frac{{2}}{{\text{{fan}}_\text{{in}}}}$，因为 ReLU 会把一半输入置零："
        r"$\operatorname{{Var}} z_l = \text{{fan}}_\text{{in}}\cdot\operatorname{{Var}} W "
        r"\cdot \tfrac12 \operatorname{{Var}} z_{{l-1}} = \operatorname{{Var}} z_{{l-1}}$。"
        r"“过小”的初始化是 He 乘以因子 $s < 1$：使用 ReLU 时每层都把信号乘以 $s$，"
        r"所以标准差按几何级数 ($s^l$) 缩小，梯度也一样。PyTorch 的默认初始化（均匀分布，界为 "
        r"$1/\sqrt{{\text{{fan}}_\text{{in}}}}$）约为 He 标准差的 $1/\sqrt{{6}}$。"
        r"**批量归一化**不管权重如何，都在批次上对每个单元重新居中和缩放："
        r"$\hat z = \gamma\frac{{z - \mu_B}}{{\sqrt{{\sigma_B^2 + \varepsilon}}}} + \beta$"
        r"（初始化时 $\gamma = 1,\ \beta = 0$）；测试时改用 $\mu_B$ 和 $\sigma_B^2$ 的滑动平均。"
    ),
    "init_numbers": (
        "使用 He 初始化时，{depth} 层中的标准差保持在 **{he_lo:.2f}** 到 **{he_hi:.2f}** 之间。"
        "使用过小的初始化（{scale:g} × He）时，到第 {depth} 层降到 **{small:.1e}**。"
        "使用批量归一化（训练模式）时，对全部四种初始化，每层的批次均值与 0 相差不超过 "
        "**{m:.0e}**，标准差与 1 相差不超过 **{s:.0e}**。"
    ),
    "init_relu": (
        "使用 ReLU 时，在第 $l$ 层过小初始化的标准差恰好是 He 的 $s^l$ 倍"
        "（ReLU 是正齐次的，且偏置为零）：第 {depth} 层实测比值 {ratio:.3e}，"
        "$s^{{{depth}}}$ = {pred:.3e}。"
    ),
    "init_std_title": "初始化时各层预激活的标准差",
    "init_mean_title": "各层预激活的均值",
    "init_layer": "层",
    "init_std": "z_l 的标准差（对数刻度）",
    "init_mean": "z_l 的均值",
    "init_bn": "{init} + 批量归一化",
    "init_default": "PyTorch 默认",
    "init_xavier": "Xavier",
    "init_he": "He",
    "init_small": "过小（{scale:g} × He）",
    "saddle_help": (
        "小型 tanh 网络（两个隐藏层），从几个随机种子出发用全批量梯度下降训练，直到**停滞**"
        "（梯度范数低于阈值）或步数用完。在每个停止点，用 Lanczos 方法（scipy 的 `eigsh`，"
        "基于海森矩阵 (Hessian) 与向量的乘积，从不构造整个矩阵）计算最小的几个特征值，"
        "并数出其中的负值：负特征值对应一个损失仍在下降的方向，所以这个点是鞍点 (saddle point)，"
        "而不是极小值。"
    ),
    "saddle_summary": (
        "**{seeds} 次中有 {stalled} 次**在 {max_steps} 步内停滞。在 **{seeds} 个停止点中的 "
        "{neg} 个**，海森矩阵（{p} 个权重）至少有一个特征值低于 −10⁻⁴ × λmax；"
        "其中 {full} 个点算出的全部 {k} 个特征值都是负的（至少有 {k} 个下降方向）。"
    ),
    "saddle_honest": (
        "如实地说，这说明了什么：在这组配置下，梯度下降变慢的地方是带有多个下降方向的鞍点，"
        "而不是极小值，正如讲义所说。它没有说明什么：梯度范数为 {stall:g} 时的停滞并不是精确的"
        "临界点，而 {seeds} 个只有 {p} 个权重的网络只是示例，不能证明高维中极小值很少见。"
        "调大初始标准差或步数，看看数目如何变化。"
    ),
    "saddle_mixed": (
        "如实地说，这说明了什么：在这组配置下，{seeds} 个停止点中有 {neg} 个是鞍点（存在下降方向），"
        "其余 {rest} 个在最小的 {k} 个特征值中没有低于阈值的：在这个精度下它们像极小值（或平坦区域）。"
        "梯度范数为 {stall:g} 时的停滞并不是精确的临界点，而 {seeds} 个只有 {p} 个权重的网络只是示例，"
        "不是证明。"
    ),
    "saddle_eig_title": "停止点处海森矩阵的最小特征值",
    "saddle_loss_title": "梯度下降过程中的损失",
    "saddle_seed": "网络（随机种子）",
    "saddle_eig": "特征值",
    "saddle_zero": "零",
    "col_seed": "随机种子",
    "col_steps": "步数",
    "col_stalled": "是否停滞",
    "col_loss": "损失",
    "col_grad": "梯度范数",
    "col_min": "λmin",
    "col_max": "λmax",
    "col_neg": "负值个数（最小的 {k} 个中）",
    "yes": "是",
    "no": "否",
    # 6. snapshot ensembles (SGDR)
    "tab_snapshots": "快照集成",
    "f_snap_depth": "隐藏层数（ReLU）",
    "f_snap_epochs": "轮数（周期数的整数倍）",
    "f_snap_cycles": "周期数 = 快照数",
    "f_snap_batch": "批次大小 B",
    "f_snap_lr": "最大学习率 η_max（最小为 0）",
    "f_snap_momentum": "动量 β（SGD）",
    "snap_help": (
        "**快照集成：训练一次，白得 M 个模型**（黄高等人，2017）。SGDR（带热重启的余弦退火，2017）"
        "让学习率沿余弦曲线退火到 0，然后重新从 η_max 开始。每个周期结束时学习率最小（步子很小）："
        "把此时的权重保存下来（一个*快照*）；随后重启时的大学习率又把权重推开，"
        "下一个周期结束在另一个模型上。集成对各快照预测的**概率**取平均，只花一次训练的代价。这里与一个训练相同"
        "更新次数、使用不重启的余弦衰减的单个模型作比较。"),
    "snap_budget": "总更新次数最多 {max} 次（2 次训练 × 轮数 × 每轮更新次数）；当前设置：{used} 次。",
    "snap_jensen": (
        r"总是成立（詹森不等式）：交叉熵 $-y\log p-(1-y)\log(1-p)$ 对概率 $p$ 是凸的，"
        r"所以平均概率的损失不超过各损失的平均：这里 **{ens:.4f} ≤ {mean:.4f}**"
        r"（{m} 个快照验证损失的平均）。但不保证胜过*最好的*快照。"),
    "snap_setup": (
        "设置：`CosineAnnealingWarmRestarts`，T_0 = **{t0} 次迭代**"
        "（{cycle_epochs} 轮 × 每轮 {per} 次更新；调度器在每次小批量更新后前进一步），"
        "{m} 个周期中每个周期的学习率 η 从 {lr:g} 降到 0，带动量 {mom:g} 的 SGD；"
        "{n_val} 个验证点。快照取在第 {iters} 次更新之后。"),
    "snap_best_all": (
        "在本配置上的测量结果：集成的验证损失（**{ens:.4f}**）低于每一个快照的"
        "（最好的是快照 {k}，{best:.4f}）。"),
    "snap_best_not": (
        "在本配置上的测量结果：集成的验证损失（**{ens:.4f}**）**没有**低于最好的快照"
        "（快照 {k}，{best:.4f}）；它低于 {m} 个快照中 {below} 个的损失。"),
    "snap_base_lower": (
        "它低于用不重启的余弦衰减训练相同 {total} 次更新的单个模型的损失（**{base:.4f}**）。"),
    "snap_base_not": (
        "它**没有**低于用不重启的余弦衰减训练相同 {total} 次更新的单个模型的损失"
        "（**{base:.4f}**）。"),
    "snap_diverged": (
        "SGDR 运行**发散**了：{m} 个快照中第 {which} 个的验证损失不是有限值"
        "（η_max = {lr:g}、动量 {mom:g} 对这个网络太大），所以没有可比较的集成。"
        "请降低 η_max 或动量。"),
    "snap_base_diverged": (
        "用不重启的余弦衰减训练相同 {total} 次更新的单个模型**发散**了（其验证损失不是有限值）。"),
    "snap_lr_title": "每次更新的学习率，标出快照",
    "snap_iter": "迭代（小批量更新）",
    "snap_rate": "学习率 η",
    "snap_sgdr": "SGDR（热重启）",
    "snap_base": "余弦衰减，不重启",
    "snap_marks": "快照（每个周期结束时）",
    "snap_loss_title": "验证损失（交叉熵）",
    "snap_val_axis": "验证损失（交叉熵）",
    "snap_name": "快照 {k}",
    "snap_ens": "集成",
    "snap_mean": "各快照的平均",
    "snap_curve_title": "每轮之后的验证损失",
    "snap_epoch": "轮",
    "col_model": "模型",
    "col_acc": "验证准确率",
    "tips_help": "讲义中的实用建议，每条都附有可以动手尝试的页面。",
    "tip_optimizer": "先用带 Nesterov 动量的 SGD，或者用 Adam。",
    "tip_small": "先在小数据集（和小网络）上试：如果连它都拟合不了，问题就不在数据量。",
    "tip_shuffle": "每一轮都打乱数据，并弄清最后一个不完整的批次会怎样处理。",
    "tip_watch": "同时观察训练损失**和**验证损失：训练损失高，是模型偏差或优化问题；"
                 "训练损失低而验证损失高，是过拟合。",
    "tip_schedule": "使用学习率衰减调度，学习率较大时加上预热 (warm-up)。",
    "tip_range": "系统地寻找学习率：每个小批量都增大学习率并记录损失（学习率范围测试）。",
    "tip_scale": "对特征做标准化：圆形的误差曲面适合同一个学习率。",
    "tip_deeper": "如果更深的网络比更浅的训练得更差，应改进优化（初始化、归一化、残差连接），"
                  "而不是换模型。",
    "tip_open": "打开：{page}",
    "here": "本页，选项卡“{tab}”",
}
