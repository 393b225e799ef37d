EN = {
    "title": "Descent Lab",
    "intro": (
        "A laboratory for gradient-based optimization. Every optimizer taken from "
        "`torch.optim` runs here exactly as PyTorch runs it (tested to float64 round-off), "
        "on surfaces you can see, so what you watch is what your training loop would do. "
        "{n_lecture} entries are not in `torch.optim`: {lecture}. They follow the lecture "
        "notes, written by hand as `torch.optim.Optimizer` subclasses and tested against "
        "their formulas."
    ),
    "pages_header": "What each page shows",
    "page_compare": (
        "**Compare optimizers**: race SGD, momentum, Nesterov, AdaGrad, RMSProp, AdaDelta, "
        "Adam and its family side by side on any surface; replay the paths, compare loss, "
        "gradient norm and each coordinate's effective learning rate."
    ),
    "page_critical": (
        "**Saddles & Hessian**: find every critical point, classify it by the Hessian's "
        "eigenvalues (minimum, maximum, saddle) and escape a saddle along the eigenvector "
        "of a negative eigenvalue."
    ),
    "page_schedules": (
        "**Learning rate**: warm-up, decay, cyclical rates and restarts; why training "
        "stuck is not the same as a small gradient; a learning-rate sweep."
    ),
    "page_learned": (
        "**Learned surfaces**: the error surface of a two-parameter model on data "
        "(y = b + w x with MSE, MAE or Huber; the notes' y = 3x² + 2; logistic regression "
        "with squared error against cross-entropy; raw against standardized features) and "
        "full-batch, mini-batch and stochastic gradient descent on it."
    ),
    "page_network": (
        "**Neural network**: train a small MLP with any optimizer and schedule, see its "
        "decision boundary, its loss landscape along PCA or filter-normalized directions, "
        "the Hessian's extreme eigenvalues (Lanczos) along training, and a learning-rate "
        "range test."
    ),
    "framework_header": "One framework for every optimizer",
    "framework": (
        "The lecture writes every optimizer the same way: a gradient $g_t$, a first moment "
        "$m_t = \\phi(g_1,\\dots,g_t)$, a second moment $V_t = \\psi(g_1,\\dots,g_t)$, a step "
        "$\\eta_t = \\alpha\\, m_t / \\sqrt{V_t}$ and the update $w_{t+1} = w_t - \\eta_t$."
    ),
    "surfaces_header": "Surfaces in the lab",
    "optimizers_header": "Optimizers in the lab",
    "col_name": "Name",
    "col_key": "Key",
    "col_teaches": "What it teaches",
    "col_shines": "Shines when",
    "col_fails": "Fails when",
    "list_sep": ", ",
}

ZH = {
    "title": "Descent Lab 下降实验室",
    "intro": (
        "一个研究梯度优化的实验室。凡是来自 `torch.optim` 的优化器 (optimizer)，在这里的运行方式"
        "和 PyTorch 完全一样（测试到 float64 舍入误差），只是放在看得见的曲面上：你看到的，"
        "就是你的训练循环会做的事。有 {n_lecture} 个不在 `torch.optim` 里：{lecture}。它们按"
        "课堂讲义手写成 `torch.optim.Optimizer` 的子类，并按公式逐一测试。"
    ),
    "pages_header": "每一页讲什么",
    "page_compare": (
        "**比较优化器**：在任意曲面上让 SGD、动量 (momentum)、Nesterov、AdaGrad、RMSProp、"
        "AdaDelta、Adam 及其家族并排比赛；回放路径，比较损失、梯度范数和每个坐标的有效学习率。"
    ),
    "page_critical": (
        "**鞍点与海森矩阵**：找出所有临界点 (critical point)，用海森矩阵 (Hessian) 的特征值"
        "分类（最小值、最大值、鞍点 (saddle point)），并沿负特征值的特征向量逃离鞍点。"
    ),
    "page_schedules": (
        "**学习率**：预热 (warm-up)、衰减、周期性学习率和重启；为什么训练卡住不等于梯度很小；"
        "学习率扫描。"
    ),
    "page_learned": (
        "**从数据学到的曲面**：两个参数的模型在数据上的误差曲面 (error surface)"
        "（y = b + w x 配 MSE、MAE 或 Huber；讲义里的 y = 3x² + 2；逻辑回归用平方误差对比交叉熵；"
        "原始特征对比标准化特征），以及在上面跑的全批量、小批量和随机梯度下降。"
    ),
    "page_network": (
        "**神经网络**：用任意优化器和学习率调度训练一个小 MLP，看它的决策边界、沿 PCA 方向或"
        "滤波器归一化方向的损失地形、训练过程中海森矩阵的最大和最小特征值 (Lanczos)，"
        "以及学习率范围测试。"
    ),
    "framework_header": "所有优化器，同一个框架",
    "framework": (
        "课堂把每个优化器写成同一个样子：梯度 $g_t$，一阶动量 "
        "$m_t = \\phi(g_1,\\dots,g_t)$，二阶动量 $V_t = \\psi(g_1,\\dots,g_t)$，步长 "
        "$\\eta_t = \\alpha\\, m_t / \\sqrt{V_t}$，以及更新 $w_{t+1} = w_t - \\eta_t$。"
    ),
    "surfaces_header": "实验室里的曲面",
    "optimizers_header": "实验室里的优化器",
    "col_name": "名称",
    "col_key": "键名",
    "col_teaches": "它教什么",
    "col_shines": "擅长的情况",
    "col_fails": "失败的情况",
    "list_sep": "、",
}


# issue 13 (links): the teacher's prepared scenes, English and Chinese
_LINKS_EN = {
    "scenes_header": "Prepared scenes, one per lecture topic",
    "scenes_help": "Each link opens a page with every setting in place: open it, press Play, "
                   "then change one thing.",
    "scene_rates": "Error surface and gradient descent: SGD at three learning rates on "
                   "y = b + w x (too small crawls, too large diverges)",
    "scene_framework": "One framework: SGD, momentum, Nesterov, RMSProp and Adam on "
                       "Rosenbrock's valley",
    "scene_saddle": "Critical points: eight starts around the lecture's saddle of "
                    "L = (1 - w₁w₂)²",
    "scene_basins": "Momentum: where SGD and momentum end from every start on Himmelblau",
    "scene_adaptive": "Adaptive learning rates: SGD, AdaGrad, RMSProp and Adam in a ravine "
                      "(κ = 50)",
    "scene_classification": "Classification: squared error on a sigmoid has a plateau",
    "scene_scaling": "Normalization: raw features, where no single learning rate suits "
                     "both directions",
}
_LINKS_ZH = {
    "scenes_header": "备好的场景：每个课程主题一个",
    "scenes_help": "每个链接打开一个设置齐全的页面：打开它，按播放，然后只改一处。",
    "scene_rates": "误差曲面 (error surface) 与梯度下降：SGD 在 y = b + w x 上用三个学习率"
                   "（太小爬得慢，太大发散）",
    "scene_framework": "统一框架：SGD、动量、Nesterov、RMSProp 和 Adam 在 Rosenbrock 山谷中",
    "scene_saddle": "驻点 (critical point)：L = (1 - w₁w₂)² 的鞍点 (saddle point) 周围的八个起点",
    "scene_basins": "动量 (momentum)：在 Himmelblau 上，SGD 和动量从每个起点最终到达哪里",
    "scene_adaptive": "自适应学习率 (adaptive learning rate)：SGD、AdaGrad、RMSProp 和 Adam "
                      "在狭长山谷中（κ = 50）",
    "scene_classification": "分类：sigmoid 加均方误差会出现平台",
    "scene_scaling": "归一化：原始特征下，没有一个学习率能同时适合两个方向",
}
EN.update(_LINKS_EN)
ZH = {**_LINKS_ZH, **globals().get("ZH", {})}
