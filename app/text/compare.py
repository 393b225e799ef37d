EN = {
    "title": "Compare optimizers",
    "intro": (
        "Pick a surface, tick optimizers and watch them race from the same start. The path of "
        "every `torch.optim` optimizer is exactly what `torch.optim` would do (the lecture's "
        "own forms follow the lecture's formulas: see Update rules). Look for who gets there, who oscillates "
        "across a valley, who stalls on a plateau, and who explodes. Click the map to move "
        "the start; press ▶ to replay all paths together."
    ),
    "settings": "Settings",
    "start_x": "start x",
    "start_y": "start y",
    "steps": "steps",
    "steps_clamped": "The link asks for {asked} steps; this page runs at most {max}, so it "
                     "opens with {max}. The command line (`python -m optim_core simulate`) "
                     "runs the link's configuration as it is.",
    "steps_help": "From 1 to {max} steps (the command line accepts more).",
    "noise": "gradient noise σ",
    "noise_help": "Gaussian noise of this standard deviation is added to every gradient "
                  "(like a small mini-batch); every optimizer sees the same noise.",
    "seed": "seed",
    "same_lr": "same learning rate for all",
    "lr": "learning rate η (all)",
    "none_selected": "Select at least one optimizer to start the race.",
    "bad_input": "Please check this input: {msg}",
    "bad_link": "The shared link could not be read ({msg}); showing the defaults.",
    "diverged": "{name} diverged at step {step}: its loss or position blew up, so the run "
                "is frozen at its last good point (marked ✕).",
    "start_outside": "The start ({x:.4g}, {y:.4g}) is outside the view (x ∈ [{x0:g}, {x1:g}], "
                     "y ∈ [{y0:g}, {y1:g}]) and too far for a run: no optimizer moved. "
                     "Choose a start inside the view, or click the map.",
    "start_nonfinite": "f is not finite at the start ({x:.4g}, {y:.4g}) (outside the domain "
                       "where it is defined): no optimizer moved. Choose another start, or "
                       "click the map.",
    "map_title": "Paths on {surface}",
    "slider": "step",
    "play": "Play",
    "pause": "Pause",
    "step_back": "◀ Step back",
    "step_forward": "Step forward ▶",
    "frame_note": "Frame {frame} of {n}. ▶ plays at half, normal or double speed; the step "
                  "buttons move one frame; the slider jumps to any step.",
    "tab_map": "Contour",
    "tab_3d": "3-D surface",
    "tab_curves": "Loss & gradient",
    "tab_rates": "Effective learning rate",
    "tab_table": "Results",
    "tab_rules": "Update rules",
    "tab_export": "Share & export",
    "surface3d_title": "{surface} with the paths lying on it",
    "z_log": "log10(f − min + 0.001)",
    "z_lin": "f({a}, {b})",
    "loss_title": "Loss vs step",
    "loss_axis": "loss f(x, y)",
    "grad_title": "Gradient norm vs step",
    "grad_axis": "‖∇f‖",
    "rates_title": "Per-parameter effective learning rate η_t / σ_t",
    "rates_axis": "η_t / σ_t",
    "rates_help": (
        "In the lecture's unified view θ ← θ − (η_t / σ_t)·m_t, adaptive methods give every "
        "coordinate its own step size. Solid lines: x; dashed: y. torch's AdaGrad divides "
        "by the root of the *sum* of squared gradients, so its rate only shrinks; the "
        "lecture's AdaGrad divides by their root *mean* square, so its rate grows again "
        "when the gradients get smaller. RMSProp and Adam forget old gradients."
    ),
    "rates_none": "None of the selected optimizers is adaptive: their step size is just η.",
    "col_optimizer": "optimizer",
    "col_final": "final loss",
    "col_best": "best loss",
    "col_reach": "steps to within {tol:g} of a listed minimum",
    "col_reach_loss": "steps to loss ≤ {level:.3g} (lowest on the map + 0.1% of its range)",
    "col_reach_none": "steps to arrive (no minimum listed, no finite loss on the map)",
    "col_diverged": "diverged at step",
    "col_length": "path length",
    "never": "—",
    "table_help": (
        "Arrival is measured as its column header says: within a distance of a minimum the "
        "surface lists, or, on a surface that lists none (a saddle, a typed formula), a loss "
        "at most the lowest value on the map plus 0.1% of the map's range. '—' means never "
        "within the steps run (or, in the last columns, never diverged)."
    ),
    "what_to_look_for": "What to look for",
    "lecture_note": "Lecture vs PyTorch",
    "shines": "Shines",
    "fails": "Fails",
    "download_csv": "Trajectories (CSV)",
    "download_json": "Configuration (JSON, for `python -m optim_core simulate`)",
    "download_py": "Reproduce with plain torch.optim (Python)",
    "share": "This page's address holds the whole configuration: copy it to share this view.",
    "computing": "Simulating…",
    "rule_line": "*{label}:* {text}",
    "surface_caption": "**{name}**: {teaches}",
}

ZH = {
    "title": "比较优化器",
    "intro": (
        "选一个曲面，勾选几个优化器 (optimizer)，看它们从同一起点出发比赛。每个 `torch.optim` "
        "优化器的路径就是 `torch.optim` 本身会走的路径（课堂版本按讲义公式实现，见“更新规则”）。"
        "看谁能到达，谁在山谷两壁间来回震荡，谁在平台上停滞，谁发散 (diverge)。点击地图可以移动"
        "起点；按 ▶ 让所有路径一起回放。"
    ),
    "settings": "设置",
    "start_x": "起点 x",
    "start_y": "起点 y",
    "steps": "步数",
    "steps_clamped": "链接要求 {asked} 步；本页最多运行 {max} 步，所以按 {max} 步打开。"
                     "命令行（`python -m optim_core simulate`）会按链接里的配置原样运行。",
    "steps_help": "从 1 到 {max} 步（命令行可以更多）。",
    "noise": "梯度噪声 σ",
    "noise_help": "每个梯度都加上这个标准差的高斯噪声（就像小批量 (mini-batch) 带来的噪声）；"
                  "所有优化器看到的是同一份噪声。",
    "seed": "随机种子",
    "same_lr": "所有优化器用同一个学习率",
    "lr": "学习率 η（全部）",
    "none_selected": "至少选一个优化器，比赛才能开始。",
    "bad_input": "请检查这个输入：{msg}",
    "bad_link": "分享的链接无法读取（{msg}）；现在显示默认设置。",
    "diverged": "{name} 在第 {step} 步发散：它的损失或位置爆炸了，所以运行停在最后一个正常的点"
                "（标记为 ✕）。",
    "start_outside": "起点 ({x:.4g}, {y:.4g}) 在视图之外（x ∈ [{x0:g}, {x1:g}]，"
                     "y ∈ [{y0:g}, {y1:g}]），离得太远，无法运行：没有优化器移动。"
                     "请在视图内选一个起点，或者点击地图。",
    "start_nonfinite": "f 在起点 ({x:.4g}, {y:.4g}) 不是有限值（在它的定义域之外）："
                       "没有优化器移动。请换一个起点，或者点击地图。",
    "map_title": "{surface} 上的路径",
    "slider": "步",
    "play": "播放",
    "pause": "暂停",
    "step_back": "◀ 后退一步",
    "step_forward": "前进一步 ▶",
    "frame_note": "第 {frame} 帧，共 {n} 帧。▶ 可以半速、正常或两倍速播放；单步按钮每次移动一帧；"
                  "滑块可以跳到任意一步。",
    "tab_map": "等高线图",
    "tab_3d": "三维曲面",
    "tab_curves": "损失与梯度",
    "tab_rates": "有效学习率",
    "tab_table": "结果",
    "tab_rules": "更新规则",
    "tab_export": "分享与导出",
    "surface3d_title": "{surface} 及其上的路径",
    "z_log": "log10(f − min + 0.001)",
    "z_lin": "f({a}, {b})",
    "loss_title": "损失随步数的变化",
    "loss_axis": "损失 f(x, y)",
    "grad_title": "梯度范数随步数的变化",
    "grad_axis": "‖∇f‖",
    "rates_title": "每个参数的有效学习率 η_t / σ_t",
    "rates_axis": "η_t / σ_t",
    "rates_help": (
        "按课堂的统一写法 θ ← θ − (η_t / σ_t)·m_t，自适应学习率方法给每个坐标各自的步长。"
        "实线：x；虚线：y。torch 的 AdaGrad 除以梯度平方*和*的平方根，所以它的学习率只会变小；"
        "课堂版 AdaGrad 除以梯度的均方根（*平均*），所以梯度变小时学习率又会变大。"
        "RMSProp 和 Adam 会逐渐忘记旧的梯度。"
    ),
    "rates_none": "选中的优化器都不是自适应的：它们的步长就是 η。",
    "col_optimizer": "优化器",
    "col_final": "最终损失",
    "col_best": "最低损失",
    "col_reach": "到达已知最小值 {tol:g} 范围内的步数",
    "col_reach_loss": "损失 ≤ {level:.3g} 的步数（地图上的最低值 + 其范围的 0.1%）",
    "col_reach_none": "到达的步数（没有已知最小值，地图上也没有有限的损失）",
    "col_diverged": "发散于第几步",
    "col_length": "路径长度",
    "never": "—",
    "table_help": (
        "“到达”按列标题所说的方式衡量：离曲面列出的某个最小值足够近；如果曲面没有列出最小值"
        "（比如鞍点或自己输入的公式），就看损失是否不超过地图上的最低值加地图范围的 0.1%。"
        "“—”表示在运行的步数内从未到达（在最后几列表示从未发散）。"
    ),
    "what_to_look_for": "看点",
    "lecture_note": "课堂版与 PyTorch 的区别",
    "shines": "擅长",
    "fails": "失败",
    "download_csv": "轨迹（CSV）",
    "download_json": "配置（JSON，用于 `python -m optim_core simulate`）",
    "download_py": "用纯 torch.optim 复现（Python）",
    "share": "本页地址包含完整配置：复制它就能分享这个视图。",
    "computing": "模拟中…",
    "rule_line": "*{label}：* {text}",
    "surface_caption": "**{name}**：{teaches}",
}
