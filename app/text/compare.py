EN = {
    "avg_path": "averaged point (dashed)",
    "evals_title": "Loss vs function evaluations (L-BFGS: several a step)",
    "evals_axis": "function evaluations",
    "col_evals": "function evaluations (L-BFGS: several a step; the others one)",
    "d_title": "Prodigy's distance estimate d vs step",
    "d_axis": "d",
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
    "singular": "{name} stopped at step {step}: the Hessian is singular at ({x:.4g}, {y:.4g}) "
                "(condition number of H + λI: {cond}), so there is no Newton step from there; "
                "the run is frozen at that point (marked ✕). Newton solves H d = g, and a zero "
                "eigenvalue of H leaves no (or no finite) solution.",
    "singular_damped": "{name} stopped at step {step}: the damped system H + λI (λ = {lam:g}) "
                       "is singular or nearly so at ({x:.4g}, {y:.4g}) (condition number: {cond}): an "
                       "eigenvalue of H is (about) −λ there, so the damping cancels it and there "
                       "is no usable step; the run is frozen at that point (marked ✕).",
    "singular_cell": "{step} (singular Hessian)",
    "ex_singular": "singular Hessian at step {n}",
    "singular_damped_cell": "{step} (singular H + λI)",
    "ex_singular_damped": "singular H + λI at step {n}",
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
    "singular": "{name} 在第 {step} 步停下：海森矩阵在 ({x:.4g}, {y:.4g}) 处奇异"
                "（H + λI 的条件数：{cond}），所以从那里没有牛顿步；运行停在这个点（标记为 ✕）。"
                "牛顿法要解 H d = g，H 有一个为零的特征值时，这个方程没有解（或没有有限的解）。",
    "singular_damped": "{name} 在第 {step} 步停下：阻尼后的方程组 H + λI（λ = {lam:g}）在 "
                       "({x:.4g}, {y:.4g}) 处奇异或接近奇异（条件数：{cond}）：那里 H 的一个特征值（约）等于 −λ，"
                       "阻尼正好把它抵消，所以没有可用的牛顿步；运行停在这个点（标记为 ✕）。",
    "singular_cell": "{step}（海森矩阵奇异）",
    "ex_singular": "第 {n} 步海森矩阵奇异",
    "singular_damped_cell": "{step}（H + λI 奇异）",
    "ex_singular_damped": "第 {n} 步 H + λI 奇异",
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
    "avg_path": "平均点（虚线）",
    "evals_title": "损失与函数求值次数（L-BFGS 每步多次）",
    "evals_axis": "函数求值次数",
    "col_evals": "函数求值次数（L-BFGS 每步多次；其他每步一次）",
    "d_title": "Prodigy 的距离估计 d 随步数的变化",
    "d_axis": "d",
}


# issue 13 (links, several runs and starts, exports): new keys, English and Chinese
_LINKS_EN = {
    "param_clamped": "The link asks for {field} = {asked}, outside its range; it opens at the "
                     "nearest allowed value, {near}.",
    "value_clamped": "The link asks for {field} = {asked}; this page allows at most {max}, "
                     "so it opens at {max}.",
    "link_kept": "The link also sets {fields}: this page has no control for them and keeps "
                 "them as they are.",
    "starts_not_drawn": "{n} starts: the map and the 3-D view draw the first {shown} of each "
                        "run; the table, the CSV and the JSON hold all of them.",
    "curves_first_start": "{n} starts: the map and the 3-D view draw every start; the loss, "
                          "gradient and rate curves follow the first start, the table lists "
                          "every start.",
    "carried": "Kept from the link (no control on this page): {fields}",
    "drop_carried": "Drop them",
    "run_copy": "{name}, run {n}: settings",
    "remove_run": "Remove this run",
    "add_run_of": "Race again with other settings",
    "add_run": "Add a run",
    "starts_header": "Starts ({n})",
    "click_adds": "A click on the map adds a start",
    "click_adds_help": "Off: a click moves the first start. On: every click adds one more.",
    "ring_n": "Starts on the ring",
    "ring_r": "Ring radius",
    "add_ring": "Add a ring of starts",
    "clear_starts": "Clear starts",
    "col_start": "Start",
    "copy_link": "Copy link",
    "link_copied": "Link copied",
    "html_header": "Figures as standalone HTML (work offline, for slides and course sites):",
    "html_map": "Map (HTML)",
    "html_3d": "3-D surface (HTML)",
    "html_loss": "Loss (HTML)",
    "html_grad": "Gradient norm (HTML)",
    "html_rates": "Effective rates (HTML)",
    "html_evals": "Loss vs function evaluations (HTML)",
    "html_d": "Prodigy's d (HTML)",
}
_LINKS_ZH = {
    "param_clamped": "链接要求 {field} = {asked}，超出允许范围；按最接近的允许值 {near} 打开。",
    "value_clamped": "链接要求 {field} = {asked}；本页最多允许 {max}，因此按 {max} 打开。",
    "link_kept": "链接还设置了 {fields}：本页没有对应的控件，按原样保留。",
    "starts_not_drawn": "共 {n} 个起点：等高线图和三维视图只画出每个运行的前 {shown} 个；"
                        "表格、CSV 和 JSON 包含全部起点。",
    "curves_first_start": "共 {n} 个起点：等高线图和三维视图画出每个起点；损失、梯度和学习率"
                          "曲线只跟随第一个起点，表格列出每个起点。",
    "carried": "从链接保留（本页没有对应控件）：{fields}",
    "drop_carried": "去掉这些设置",
    "run_copy": "{name}，第 {n} 次运行：设置",
    "remove_run": "删除此运行",
    "add_run_of": "用其他设置再比一次",
    "add_run": "添加一次运行",
    "starts_header": "起点（{n} 个）",
    "click_adds": "点击等高线图添加起点",
    "click_adds_help": "关闭：点击移动第一个起点。打开：每次点击添加一个起点。",
    "ring_n": "圆环上的起点数",
    "ring_r": "圆环半径",
    "add_ring": "添加一圈起点",
    "clear_starts": "清除起点",
    "col_start": "起点",
    "copy_link": "复制链接",
    "link_copied": "链接已复制",
    "html_header": "图表导出为独立 HTML（可离线使用，适合幻灯片和课程网站）：",
    "html_map": "等高线图（HTML）",
    "html_3d": "三维曲面（HTML）",
    "html_loss": "损失（HTML）",
    "html_grad": "梯度范数（HTML）",
    "html_rates": "有效学习率（HTML）",
    "html_evals": "损失与函数求值次数（HTML）",
    "html_d": "Prodigy 的 d（HTML）",
}
EN.update(_LINKS_EN)
ZH = {**_LINKS_ZH, **globals().get("ZH", {})}


# issue 19 (the explore tab: instant what-if sliders), English and Chinese
_EXPLORE_EN = {
    "tab_explore": "Explore (instant sliders)",
    "ex_intro": (
        "Pick one run of the race and one or two of its hyper-parameters: the run is computed "
        "at every value (at most {max} values a slider, {total} runs in all) in one batched "
        "call, from the first start, and the figure carries every path. Dragging a slider then "
        "switches paths, loss curve and results in your browser, with no trip to the server."),
    "ex_on": "Build the explore figure",
    "ex_run": "Run",
    "ex_slider1": "Slider 1",
    "ex_slider2": "Slider 2 (optional)",
    "ex_none": "none",
    "ex_n": "Values",
    "ex_n_help": "At most {max} values on a slider, and at most {total} runs for both sliders "
                 "together.",
    "ex_low": "from",
    "ex_high": "to",
    "ex_param_lr": "learning rate η (log scale)",
    "ex_param_momentum": "momentum",
    "ex_param_betas[0]": "β₁",
    "ex_param_betas[1]": "β₂ (1 - β₂ on a log scale)",
    "ex_prefix_lr": "η = ",
    "ex_prefix_momentum": "momentum = ",
    "ex_prefix_betas[0]": "β₁ = ",
    "ex_prefix_betas[1]": "β₂ = ",
    "ex_no_param": "None of the chosen optimizers has a learning rate, momentum or β to "
                   "explore.",
    "ex_bad_link": "The link's explore settings were not used: {msg}",
    "ex_computing": "Computing {runs} runs in one batched call…",
    "ex_help": "{runs} runs of {steps} steps, shipped with the figure ({kb:.0f} kB): the sliders "
               "and Play switch between them in your browser.",
    "ex_build": "Built on the server in {ms:.0f} ms for {runs} runs.",
    "ex_rule": "Arrived: {rule}.",
    "ex_title": "{name} on {surface}: drag the slider",
    "ex_step": "step",
    "ex_play": "Play",
    "ex_pause": "Pause",
    "ex_final": "final loss {v:.3g}",
    "ex_best": "best loss {v:.3g}",
    "ex_reach": "arrived at step {n}",
    "ex_no_reach": "not arrived",
    "ex_diverged": "diverged at step {n}",
    "ex_length": "path length {v:.3g}",
}
_EXPLORE_ZH = {
    "tab_explore": "探索（即时滑块）",
    "ex_intro": (
        "从比赛中选一次运行，再选它的一个或两个超参数：这次运行在每个取值上都算一遍"
        "（每个滑块最多 {max} 个取值，合计最多 {total} 次运行），一次批量调用完成，都从第一个起点出发，"
        "图里带着全部路径。拖动滑块时，路径、损失曲线和结果都在你的浏览器里切换，不再请求服务器。"),
    "ex_on": "生成探索图",
    "ex_run": "运行",
    "ex_slider1": "滑块 1",
    "ex_slider2": "滑块 2（可选）",
    "ex_none": "无",
    "ex_n": "取值个数",
    "ex_n_help": "每个滑块最多 {max} 个取值，两个滑块合计最多 {total} 次运行。",
    "ex_low": "从",
    "ex_high": "到",
    "ex_param_lr": "学习率 η（对数刻度）",
    "ex_param_momentum": "动量",
    "ex_param_betas[0]": "β₁",
    "ex_param_betas[1]": "β₂（1 - β₂ 取对数刻度）",
    "ex_prefix_lr": "η = ",
    "ex_prefix_momentum": "动量 = ",
    "ex_prefix_betas[0]": "β₁ = ",
    "ex_prefix_betas[1]": "β₂ = ",
    "ex_no_param": "所选的优化器都没有可探索的学习率、动量或 β。",
    "ex_bad_link": "链接里的探索设置未被采用：{msg}",
    "ex_computing": "正在一次批量调用中计算 {runs} 次运行…",
    "ex_help": "{runs} 次运行，每次 {steps} 步，随图一起发送（{kb:.0f} kB）：滑块和播放都在你的浏览器里切换。",
    "ex_build": "服务器用 {ms:.0f} ms 算完 {runs} 次运行。",
    "ex_rule": "到达的含义：{rule}。",
    "ex_title": "{name} 在 {surface} 上：拖动滑块",
    "ex_step": "步",
    "ex_play": "播放",
    "ex_pause": "暂停",
    "ex_final": "最终损失 {v:.3g}",
    "ex_best": "最低损失 {v:.3g}",
    "ex_reach": "第 {n} 步到达",
    "ex_no_reach": "未到达",
    "ex_diverged": "第 {n} 步发散",
    "ex_length": "路径长度 {v:.3g}",
}
EN.update(_EXPLORE_EN)
ZH.update(_EXPLORE_ZH)
