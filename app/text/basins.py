EN = {
    "title": "Basins & fair races",
    "intro": (
        "Two questions no single race answers. **From where does each optimizer end up in "
        "which minimum?** A grid of starts over the whole surface runs every optimizer in "
        "one batched call; each start is coloured by where its run ends. **Is one optimizer "
        "really faster, or just better tuned?** Every optimizer gets the same tuning budget, "
        "then they race at their own best settings."
    ),
    "tab_maps": "Basin maps",
    "tab_race": "Fair race (tune, then race)",
    "bad_input": "Please check this input: {msg}",
    "bad_link": "The shared link could not be read ({msg}); showing the defaults.",
    "none_selected": "Select at least one optimizer.",
    "resolution": "starts per axis",
    "resolution_help": "The map runs resolution × resolution starts (cell centres of the "
                       "domain), every optimizer from each.",
    "steps": "steps",
    "computing": "Running {n:,} starts × {k} optimizers × {steps} steps…",
    "maps_title": "Where each start ends, per optimizer",
    "not_arrived": "not arrived",
    "diverged": "diverged",
    "point_name": "{kind} ({x:.2f}, {y:.2f})",
    "kind_minimum": "min",
    "kind_maximum": "max",
    "kind_saddle": "saddle",
    "kind_degenerate": "degenerate",
    "click_help": "Click any pixel of a map to see the paths from that start.",
    "rule": (
        "A run *arrives* at a critical point when it ends within {tol:.3g} of it ("
        "{rel:.1%} of the domain's diagonal) with a gradient below {grad:.2%} of the "
        "surface's typical slope; critical points come from the Saddles & Hessian finder."
    ),
    "teach_header": "What to look for",
    "teach": (
        "- **Small-step gradient descent follows the gradient flow.** Each start ends in "
        "the minimum that steepest descent, followed continuously, leads to: the basins "
        "are the gradient flow's basins, separated by the ridges through the saddles. On "
        "Himmelblau the four basins meet at the maximum; the tests check that GD at a "
        "small rate agrees with integrating the flow (scipy's `solve_ivp`) everywhere but "
        "in a thin band along the borders.\n"
        "- **Momentum and Adam cross borders.** They carry speed: a run can coast over a "
        "saddle's ridge and settle in a neighbouring basin, so their maps show islands "
        "and tongues of other colours. Adam's per-coordinate normalization also bends its "
        "paths away from steepest descent.\n"
        "- **Large rates make basins fractal.** Raise GD's rate towards 2 / (largest "
        "curvature): each step overshoots, the end depends sensitively on the start, and "
        "the borders fray into speckle; further up, runs oscillate (not arrived) or "
        "diverge."
    ),
    "shares_header": "Share of starts per basin",
    "other_points": "{n} other points",
    "col_optimizer": "optimizer",
    "path_header": "Paths from ({x:.3f}, {y:.3f})",
    "path_title": "Paths from the clicked start",
    "ends_in": "{name}: ends at {where}",
    "export": "Downloads",
    "download_csv": "Labels (CSV)",
    "download_json": "Configuration (JSON for `python -m optim_core basins --config`)",
    "download_html": "Maps (interactive HTML)",
    "share": "The page's URL holds the whole map's configuration: share it. For a PNG, "
             "use the camera icon above the maps.",
    # the fair race
    "race_intro": (
        "Every optimizer gets **the same budget**: the same number of tuning runs of the "
        "same length. Each tries a log-spaced grid of learning rates (and optionally a "
        "second hyper-parameter: the optimizers without one get proportionally more "
        "rates), from the same starts with the same noise. The best setting by the stated "
        "metric races the others. Rankings between optimizers often flip with the tuning "
        "budget (Choi et al. 2019; Schmidt, Schneider & Hennig 2021): here both are "
        "visible."
    ),
    "race_optimizers": "optimizers to tune",
    "lr_min": "smallest rate",
    "lr_max": "largest rate",
    "lr_points": "rates per grid",
    "second": "also tune momentum / β₁",
    "second_help": "For each optimizer with a momentum (or β₁): these values × the rates. "
                   "The others get as many more rates, so the budget stays equal.",
    "second_values": "momentum / β₁ values",
    "metric": "metric",
    "metric_final_loss": "final loss (mean over runs)",
    "metric_steps_to_loss": "steps to reach a loss (mean over runs)",
    "target": "target loss",
    "race_starts": "starts",
    "race_starts_help": "The surface's start, then further starts drawn from the middle of "
                        "the domain (fixed draws: the same for every optimizer).",
    "noise": "gradient noise σ",
    "seeds": "noise seeds per start",
    "bad_values": "Type numbers separated by commas, e.g. 0.5, 0.9, 0.99.",
    "budget": "Budget per optimizer: {runs:,} runs × {steps} steps = {total:,} steps "
              "(equal for all).",
    "sensitivity_title": "Sensitivity to the learning rate",
    "race_title": "The race at each one's best setting",
    "figures_help": "Left: each optimizer's metric at every rate of its grid (at its best "
                    "second value), ● the chosen rate, the thick bar the rates within 10 % "
                    "of the best; a run that never reaches the target counts steps + 1. "
                    "Right: the mean loss over the runs of each tuned optimizer.",
    "col_best_lr": "best rate",
    "col_second": "best second value",
    "col_metric": "metric at best",
    "col_band": "rates within 10 %",
    "col_decades": "band width (decades)",
    "col_runs": "tuning runs",
    "col_steps": "tuning steps",
    "never": "never",
    "edge": "{name}: the best rate is at the edge of the grid; widen the range to be fair.",
    "not_reached": "{name} never reached the target loss {target:g} at any rate.",
    "band_help": "A wide band means easy to tune: many rates do almost as well as the best.",
    "download_race": "Configuration (JSON for `python -m optim_core tune --config`)",
    "step": "step",
    "loss": "mean loss",
    "lr": "learning rate",
    "hover_start": "start",
    "click": "click",
    "second_momentum": "momentum",
}

ZH = {
    "title": "吸引域与公平比赛",
    "intro": (
        "有两个问题，单看一场比赛回答不了。**从哪里出发，每个优化器会落到哪个最小值**？"
        "在整个曲面上铺一张起点网格，所有优化器在一次批量调用里一起跑；每个起点按它最终到达的"
        "位置上色，这样就画出了每个最小值的吸引域 (basin of attraction)。"
        "**某个优化器是真的更快，还是只是调得更好**？"
        "每个优化器拿到同样的调参预算，然后各自用最好的设置比赛。"
    ),
    "tab_maps": "吸引域图",
    "tab_race": "公平比赛（先调参，再比赛）",
    "bad_input": "请检查这个输入：{msg}",
    "bad_link": "分享的链接无法读取（{msg}），显示默认设置。",
    "none_selected": "请至少选择一个优化器。",
    "resolution": "每个轴上的起点数",
    "resolution_help": "每个轴取 N 个起点，图上共 N × N 个起点（定义域内各格子的中心），"
                       "每个优化器从每个起点各跑一次。",
    "steps": "步数",
    "computing": "正在运行 {n:,} 个起点 × {k} 个优化器 × {steps} 步…",
    "maps_title": "每个起点最终到了哪里（按优化器）",
    "not_arrived": "未到达",
    "diverged": "发散",
    "point_name": "{kind} ({x:.2f}, {y:.2f})",
    "kind_minimum": "极小",
    "kind_maximum": "极大",
    "kind_saddle": "鞍点",
    "kind_degenerate": "退化",
    "click_help": "点击图上任意一个像素，查看从这个起点出发的路径。",
    "rule": (
        "一次运行结束时，如果离某个临界点 (critical point) 不超过 {tol:.3g}（定义域对角线的 "
        "{rel:.1%}），并且梯度小于曲面典型斜率的 {grad:.2%}，就算*到达*了这个临界点；"
        "临界点由“鞍点与海森矩阵”页的求解器给出。"
    ),
    "teach_header": "看点",
    "teach": (
        "- **小步长的梯度下降沿着梯度流走。** 每个起点最终落到连续的最速下降所通向的那个"
        "最小值：吸引域就是梯度流的吸引域，被穿过鞍点 (saddle point) 的山脊分开。"
        "在 Himmelblau 上，四个吸引域在最大值处相交；测试检查了小学习率的梯度下降"
        "与对梯度流做数值积分（scipy 的 `solve_ivp`）的结果一致，只有边界附近的窄带除外。\n"
        "- **动量和 Adam 会越过边界。** 它们带着速度：一次运行可能滑过鞍点的山脊，"
        "停在相邻的吸引域里，所以它们的图上会出现别的颜色的小岛和舌头。"
        "Adam 按坐标归一化，也会让路径偏离最速下降的方向。\n"
        "- **学习率大了，吸引域会变成分形。** 把梯度下降的学习率往 2 / (最大曲率) 调："
        "每一步都冲过头，终点对起点非常敏感，边界碎成斑点；再调大，运行会振荡（未到达）"
        "或发散。"
    ),
    "shares_header": "各吸引域的起点占比",
    "other_points": "其他 {n} 个点",
    "col_optimizer": "优化器",
    "path_header": "从 ({x:.3f}, {y:.3f}) 出发的路径",
    "path_title": "从所点击起点出发的路径",
    "ends_in": "{name}：终点在 {where}",
    "export": "下载",
    "download_csv": "标签（CSV）",
    "download_json": "配置（JSON，用于 `python -m optim_core basins --config`）",
    "download_html": "吸引域图（交互式 HTML）",
    "share": "页面的网址保存了整张图的配置：直接分享即可。要 PNG 图片，"
             "请用图上方的相机图标。",
    # the fair race
    "race_intro": (
        "每个优化器拿到**同样的预算**：同样次数、同样长度的调参运行。"
        "每个优化器在对数均匀分布的一组学习率上尝试（也可以再调第二个超参数：没有第二个超参数"
        "的优化器相应地多试几个学习率），起点相同，噪声也相同。按所选指标最好的设置"
        "参加比赛。优化器之间的排名常常随调参预算而改变"
        "（Choi et al. 2019；Schmidt, Schneider & Hennig 2021）：这里两者都能看到。"
    ),
    "race_optimizers": "要调参的优化器",
    "lr_min": "最小学习率",
    "lr_max": "最大学习率",
    "lr_points": "每组网格的学习率个数",
    "second": "同时调动量 / β₁",
    "second_help": "对每个有动量（或 β₁）的优化器：这些取值 × 各个学习率。"
                   "其他优化器相应地多试几个学习率，预算保持相同。",
    "second_values": "动量 / β₁ 的取值",
    "metric": "指标",
    "metric_final_loss": "最终损失（各次运行的平均）",
    "metric_steps_to_loss": "达到目标损失所需步数（各次运行的平均）",
    "target": "目标损失",
    "race_starts": "起点数",
    "race_starts_help": "先用曲面自带的起点，再从定义域中部抽取更多起点"
                        "（固定抽取：每个优化器都一样）。",
    "noise": "梯度噪声 σ",
    "seeds": "每个起点的噪声种子数",
    "bad_values": "请输入用逗号分隔的数字，例如 0.5, 0.9, 0.99。",
    "budget": "每个优化器的预算：{runs:,} 次运行 × {steps} 步 = {total:,} 步"
              "（所有优化器相同）。",
    "sensitivity_title": "对学习率的敏感程度",
    "race_title": "各自用最好的设置比赛",
    "figures_help": "左图：每个优化器在网格中每个学习率下的指标（取最好的第二个超参数），"
                    "● 是选中的学习率，粗线是与最好结果相差不到 10 % 的学习率范围；"
                    "始终达不到目标的运行记为步数 + 1。"
                    "右图：每个调好的优化器在各次运行上的平均损失。",
    "col_best_lr": "最佳学习率",
    "col_second": "最佳第二个超参数",
    "col_metric": "最佳时的指标",
    "col_band": "相差 10 % 以内的学习率",
    "col_decades": "范围宽度（数量级）",
    "col_runs": "调参运行次数",
    "col_steps": "调参总步数",
    "never": "从未达到",
    "edge": "{name}：最佳学习率在网格的边缘；请扩大范围，比赛才公平。",
    "not_reached": "{name} 在所有学习率下都没有达到目标损失 {target:g}。",
    "band_help": "范围越宽，越容易调：很多学习率都和最好的差不多。",
    "download_race": "配置（JSON，用于 `python -m optim_core tune --config`）",
    "step": "步数",
    "loss": "平均损失",
    "lr": "学习率",
    "hover_start": "起点",
    "click": "点击",
    "second_momentum": "动量",
}
