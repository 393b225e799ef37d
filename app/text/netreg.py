"""Text of the Neural-network page's regularization, Muon, Adafactor and widths views."""
EN = {
    "range_two_rates": (
        "The range test sweeps one learning rate; {name} has two (Muon's and AdamW's). "
        "Pick another optimizer here."
    ),
    "training_baseline": "Training the same networks without regularization…",
    "weights_help": (
        "**Regularization and the weights.** Dropout zeroes a random share p of the hidden "
        "units at every training step (evaluation always uses every unit). Weight decay "
        "adds λ/2·Σw² to the loss (gradient λw: every weight shrinks towards 0); L1 adds "
        "λ₁·Σ|w| (gradient λ₁·sign(w): the same pull whatever the size, so small weights are "
        "driven to zero). Biases are not penalized. Below: the final weights' magnitudes, "
        "sorted, with the form's regularization and without it."
    ),
    "with_reg": "with the regularization", "without_reg": "without (dropout, λ, λ₁ = 0)",
    "as_trained": "as trained",
    "no_reg": (
        "Dropout, weight_decay and l1 are all 0 in the form: set one (in Training) and "
        "train to compare the weights with and without it."
    ),
    "weights_result": (
        "{name}: **{a:.0%}** of the weights are near zero (|w| < {tol:g}) with the "
        "regularization, **{b:.0%}** without; their norm ‖w‖ is {na:.3g} with, {nb:.3g} "
        "without."
    ),
    "weights_title": "Final weights' magnitudes |w|, sorted (linear layers)",
    "weights_x": "share of the weights", "weights_y": "|w|",
    "near_zero_line": "near zero: |w| < {tol:g}",
    "col_training": "Training", "col_near_zero": "Share |w| < {tol:g}",
    "col_norm": "‖w‖", "col_max": "max |w|",
    "muon_header": "Muon: an orthogonalized update",
    "muon_help": (
        "Muon keeps a momentum B of the gradient G of each hidden weight matrix and replaces "
        "it by the nearest orthogonal matrix (five Newton–Schulz iterations, no SVD): every "
        "singular value of the update becomes about 1, so the update moves every direction "
        "of the matrix at the same pace. It needs a matrix: biases, the first and last "
        "layers (and any 2-parameter surface) are left to AdamW. Below: the singular values "
        "of the full-batch gradient of the first hidden matrix at the initial weights "
        "(divided by the largest) and those of Muon's first update."
    ),
    "muon_depth": (
        "This network has one hidden layer, so no hidden-to-hidden weight matrix: Muon has "
        "nothing to update (set depth 2 or more)."
    ),
    "muon_result": (
        "The gradient's {k} singular values above {floor:g} of the largest span a factor "
        "**{ratio:,.0f}**; Muon's update's are all between **{lo:.2f}** and **{hi:.2f}**."
    ),
    "shines_fails": "Shines: {shines} Fails: {fails} {note}",
    "sv_title": "Singular values: gradient vs Muon's update (first hidden matrix)",
    "sv_grad": "gradient G (÷ largest)", "sv_update": "Muon's update",
    "sv_x": "index (largest first)", "sv_y": "singular value",
    "ada_header": "Adafactor: a factored second moment",
    "ada_help": (
        "For a {r}×{c} weight matrix, Adam keeps the running average V of g² for every "
        "entry ({full} numbers). Adafactor keeps only its row and column averages ({kept} "
        "numbers) and uses the rank-one matrix they give (row · column / mean of rows). "
        "Left: the full V, computed beside it; right: Adafactor's own factored V, from "
        "torch.optim.Adafactor's state. On a 2-parameter vector (the surfaces of the "
        "other pages) Adafactor is **not** factored: a vector keeps its full V."
    ),
    "v_title": "Second moment of the first hidden matrix after {steps} full-batch steps",
    "v_full": "full V ({n} numbers)", "v_factored": "factored V (from {n} numbers)",
    "v_rows": "row", "v_cols": "column", "v_hover": "row %{y}, column %{x}: %{z:.3g}",
    "widths_help": (
        "**The notes' figure.** Two moons, 200 points, noise 0.2, one tanh hidden layer of "
        "1, 2, 3, 4, 5, 20 and 50 units, every point used for training (no validation "
        "split), 300 full-batch epochs of Adam (η = 0.05): one decision boundary per width. "
        "Or the page's own settings with the width varied (its first optimizer)."
    ),
    "widths_source": "Settings", "src_notes": "the notes' (two moons, 200 points)",
    "src_page": "this page's form ({name})",
    "widths_limit": (
        "Seven networks: at most {limit:.0e} weight-samples together (about 25 s); these "
        "take {work:.2g}."
    ),
    "widths_too_much": (
        "The seven networks would take {work:.2g} weight-samples; at most {limit:.0e} (about "
        "25 s): fewer epochs, more data per batch or less data in the form."
    ),
    "widths_training": "Training the seven networks…",
    "widths_title": "Decision boundary per hidden width",
    "width_panel": "width {w} · loss {loss:.3f}",
    "col_width": "Hidden width",
    "widths_claim": (
        "Widths 1 and 2 cannot bend the boundary around the moons (training accuracy at most "
        "{a:.0%}); from width 3 on every network fits them (at least {b:.0%}) with a lower "
        "training loss than widths 1 and 2."
    ),
    "widths_no_claim": (
        "Here the small widths do not all underfit the large ones' data: compare the "
        "training losses in the table."
    ),
}

ZH = {
    "range_two_rates": (
        "范围测试只扫描一个学习率；{name} 有两个（正交化方法 (Muon) 的和 AdamW 的）。这里请选择另一个优化器。"
    ),
    "training_baseline": "正在训练不加正则化的同一组网络…",
    "weights_help": (
        "**正则化与权重。** 暂退法 (dropout) 在每个训练步随机把比例为 p 的隐藏单元置零（评估时总是使用"
        "全部单元）。权重衰减在损失上加 λ/2·Σw²（梯度为 λw：每个权重都向 0 收缩）；L1 加 λ₁·Σ|w|"
        "（梯度为 λ₁·sgn(w)：不论大小拉力相同，所以小权重被压到 0）。偏置不加惩罚。下图：最终权重的"
        "绝对值，按大小排序，分别是加了表单中的正则化与不加的情况。"
    ),
    "with_reg": "加正则化", "without_reg": "不加（dropout、λ、λ₁ = 0）",
    "as_trained": "训练所得",
    "no_reg": (
        "表单中 dropout、weight_decay 和 l1 都是 0：在“训练”一栏设置其中之一再训练，即可比较加与不加时的权重。"
    ),
    "weights_result": (
        "{name}：加正则化时 **{a:.0%}** 的权重接近零（|w| < {tol:g}），不加时为 **{b:.0%}**；"
        "权重范数 ‖w‖ 加时为 {na:.3g}，不加时为 {nb:.3g}。"
    ),
    "weights_title": "最终权重的绝对值 |w|，按大小排序（线性层）",
    "weights_x": "权重所占比例", "weights_y": "|w|",
    "near_zero_line": "接近零：|w| < {tol:g}",
    "col_training": "训练方式", "col_near_zero": "|w| < {tol:g} 的比例",
    "col_norm": "‖w‖", "col_max": "最大 |w|",
    "muon_header": "正交化方法 (Muon)：正交化的更新量",
    "muon_help": (
        "正交化方法 (Muon) 对每个隐藏层权重矩阵的梯度 G 保留一个动量 B，再把它换成最接近的正交矩阵（五次 "
        "牛顿-舒尔茨 (Newton-Schulz) 迭代，不做 SVD）：更新量的每个奇异值都约为 1，所以更新以相同的速度移动矩阵的"
        "每个方向。它需要矩阵：偏置、第一层和最后一层（以及任何二维参数曲面）交给 AdamW。下图：初始"
        "权重处第一个隐藏层矩阵的全批量梯度的奇异值（除以最大者）与 正交化方法 (Muon) 第一次更新量的奇异值。"
    ),
    "muon_depth": (
        "这个网络只有一个隐藏层，没有隐藏层之间的权重矩阵：正交化方法 (Muon) 没有可更新的对象（把深度设为 2 或以上）。"
    ),
    "muon_result": (
        "梯度中大于最大值 {floor:g} 倍的 {k} 个奇异值相差 **{ratio:,.0f}** 倍；正交化方法 (Muon) 更新量的奇异值全部"
        "在 **{lo:.2f}** 与 **{hi:.2f}** 之间。"
    ),
    "shines_fails": "擅长：{shines} 不足：{fails} {note}",
    "sv_title": "奇异值：梯度与 正交化方法 (Muon) 的更新量（第一个隐藏层矩阵）",
    "sv_grad": "梯度 G（÷ 最大值）", "sv_update": "正交化方法 (Muon) 的更新量",
    "sv_x": "序号（从大到小）", "sv_y": "奇异值",
    "ada_header": "Adafactor：分解的二阶矩",
    "ada_help": (
        "对 {r}×{c} 的权重矩阵，Adam 为每个元素保留 g² 的滑动平均 V（{full} 个数）。Adafactor 只保留"
        "它的行平均与列平均（{kept} 个数），并使用它们给出的秩一矩阵（行 · 列 / 行的平均）。左：在旁边"
        "另行计算的完整 V；右：Adafactor 自己的分解 V，取自 torch.optim.Adafactor 的状态。在二维参数"
        "向量上（其他页面的曲面）Adafactor **不做**分解：向量保留完整的 V。"
    ),
    "v_title": "{steps} 个全批量步之后第一个隐藏层矩阵的二阶矩",
    "v_full": "完整 V（{n} 个数）", "v_factored": "分解 V（由 {n} 个数得到）",
    "v_rows": "行", "v_cols": "列", "v_hover": "第 %{y} 行，第 %{x} 列：%{z:.3g}",
    "widths_help": (
        "**讲义中的图。** 双月数据，200 个点，噪声 0.2，一个 tanh 隐藏层，单元数为 1、2、3、4、5、20 "
        "和 50，全部数据点用于训练（不划分验证集），Adam（η = 0.05）全批量训练 300 轮：每个宽度一条"
        "决策边界。也可以用本页表单的设置，只改变宽度（使用其第一个优化器）。"
    ),
    "widths_source": "设置", "src_notes": "讲义的（双月，200 个点）",
    "src_page": "本页表单的（{name}）",
    "widths_limit": "七个网络：合计至多 {limit:.0e} 个权重-样本（约 25 秒）；这里需要 {work:.2g}。",
    "widths_too_much": (
        "七个网络需要 {work:.2g} 个权重-样本；至多 {limit:.0e}（约 25 秒）：请在表单中减少轮数、"
        "增大批量或减少数据。"
    ),
    "widths_training": "正在训练七个网络…",
    "widths_title": "每个隐藏层宽度的决策边界",
    "width_panel": "宽度 {w} · 损失 {loss:.3f}",
    "col_width": "隐藏层宽度",
    "widths_claim": (
        "宽度 1 和 2 无法把边界弯到双月周围（训练准确率至多 {a:.0%}）；从宽度 3 起每个网络都能拟合"
        "（至少 {b:.0%}），训练损失也都低于宽度 1 和 2。"
    ),
    "widths_no_claim": "这里小宽度并非都欠拟合：请比较表中的训练损失。",
}
