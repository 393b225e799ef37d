EN = {
    "title": "Learning rate",
    "intro": (
        "Every method in the lecture is θ ← θ − (η_t / σ_t)·m_t. A **schedule** changes η_t "
        "over time; an **adaptive** method changes σ_t per parameter. Build a schedule and "
        "watch what it does to a run, see why *training stuck is not a small gradient*, find "
        "a good rate with a sweep, and watch the per-parameter rates of AdaGrad, RMSProp and "
        "Adam."
    ),
    "tab_builder": "Schedule builder",
    "tab_stuck": "Stuck ≠ small gradient",
    "tab_sweep": "Learning-rate sweep",
    "tab_adaptive": "Adaptive rates",
    # builder
    "schedule": "Schedule (decay, cycles, restarts)",
    "schedule_help": "Every entry is a torch.optim.lr_scheduler; its settings keep torch's names.",
    "warmup": "Linear warm-up first",
    "warmup_help": "LinearLR for total_iters steps, then the schedule above (SequentialLR).",
    "no_warmup": "This schedule has its own way of starting.",
    "noise": "Gradient noise σ",
    "noise_help": "Gaussian noise added to every gradient, like a mini-batch's. With noise, a "
                  "constant rate keeps jittering around the minimum; a decaying one settles.",
    "base_lr": "Base learning rate η",
    "steps": "Steps",
    "optimizer": "Optimizer",
    "surface": "Surface",
    "curve_title": "{name}: the rate each step uses",
    "plateau_note": (
        "Reduce-on-plateau watches the loss of the run, so its curve is the rate the run "
        "below actually used: it drops each time the loss stops improving for `patience` steps."
    ),
    "lr_axis": "learning rate η_t",
    "step_axis": "step t",
    "warmup_band": "warm-up",
    "with_without": "The same optimizer with and without the schedule",
    "with_without_intro": (
        "Both runs start at the same point with the same base rate η and the same gradient "
        "noise; only the schedule differs. With noise, a constant rate keeps jittering around "
        "the minimum; a rate that decays lets the run settle. Below, loss (solid, left axis) and "
        "the rate used (dotted, right axis) share the step axis."
    ),
    "with": "with {name}",
    "tail_caption": "Mean loss over the last {n} steps",
    "of_constant": "vs constant η",
    "without": "constant η",
    "paths_title": "Paths on {surface}",
    "loss_title": "Loss (left) and learning rate (right) per step",
    "loss_axis": "loss f(x, y)",
    # stuck
    "stuck_intro": (
        "On the narrow ravine f = x²/20 + 10·(y − 0.4 sin x)² the walls are steep and the "
        "floor is gentle. Across the floor the steepest curvature λmax is about "
        "20 + 3.2 cos²x: near 20.3 far out, where the run starts, and 23.2 at the minimum. "
        "Gradient descent at a fixed rate η is stable across the ravine only where "
        "λmax < 2/η. At η = 0.099 (2/η = 20.2) that fails long before the minimum "
        "(2/23.2 = 0.086): the run slides along the floor until the curvature under it "
        "reaches 2/η, and there it locks into bouncing between the same two points on the "
        "walls, for ever. **The loss stops falling while the gradient norm stays large**: "
        "the run is not at a critical point, the rate is too large for the curvature ahead "
        "of it. The chart below plots λmax at the centre of each bounce against 2/η. The "
        "dashed run, at half the rate (stable everywhere on the floor), does not bounce: its "
        "loss and gradient norm fall together as it slides towards the minimum."
    ),
    "curv_title": "Steepest curvature λmax under the run (at the centre of each bounce)",
    "curv_axis": "λmax of the Hessian",
    "curv_limit": "2/η of {name} = {v:.4g}",
    "curv_at_min": "λmax at the minimum = {v:.3g}",
    "curv_caption": (
        "λmax is the Hessian's largest eigenvalue at the midpoint of consecutive iterates, "
        "computed by the core (torch.func). A run stays where its curvature meets its "
        "dotted 2/η line; a run whose curve stays below the line keeps moving."
    ),
    "stuck_lr": "SGD learning rate η",
    "stuck_title": "Loss and gradient norm of SGD on the ravine",
    "stuck_paths": "The bouncing path (η = {lr:.4f}) and the calm one (η = {half:.4f})",
    "stuck_run": "η = {lr:.4f}",
    "grad_axis": "gradient norm ‖∇f‖",
    "stuck_verdict": (
        "Last {n} steps at η = {lr:.4f}: the loss changed by {change} (it sits at {loss:.3g}) "
        "while ‖∇f‖ stayed above {g:.3g}. At the minimum both are 0: the run is stuck, not "
        "arrived. λmax under it is {lam:.4g}, 2/η = {limit:.4g}."
    ),
    "stuck_verdict_cycle": (
        "Last {n} steps at η = {lr:.4f}: the run bounces between the same two points (a "
        "2-cycle); the loss changed by {change} (it sits at {loss:.3g}) while ‖∇f‖ stayed "
        "above {g:.3g}. The centre of the bounce is where λmax = {lam:.4g} meets "
        "2/η = {limit:.4g}; at the minimum λmax = {lam_min:.3g}, so this rate can never get "
        "there. Stuck, not arrived."
    ),
    "stuck_moving": (
        "At η = {lr:.4f} the run is still moving (2/η = {limit:.4g}; λmax is {lam_min:.3g} "
        "at the minimum): try a rate between 2/{lam_min:.3g} = {lim_min:.3f} and 0.1."
    ),
    # sweep
    "sweep_intro": (
        "Final loss against the learning rate: {n} rates from 10⁻⁴ to 1 per optimizer, all "
        "the runs simulated in **one batched call**. Too small never arrives; too large "
        "oscillates or explodes (✕ = diverged, drawn above the curves). ◆ marks each "
        "optimizer's best rate."
    ),
    "sweep_optimizers": "Optimizers",
    "sweep_steps": "Steps per run",
    "sweep_title": "Final loss after {steps} steps vs learning rate on {surface}",
    "sweep_none": "Pick at least one optimizer.",
    "final_loss": "final loss f(x, y)",
    "rate_axis": "learning rate η (log scale)",
    "diverged": "{name}: diverged",
    "best": "{name}: best η = {lr:.2g}",
    "best_table": "best rate",
    "best_loss": "its final loss",
    "diverged_from": "diverges from η ≈",
    "never": "never in this range",
    # adaptive
    "adaptive_intro": (
        "η_t/σ_t for each parameter (solid: x, dashed: y), each optimizer in its own panel "
        "on a shared log axis. torch's AdaGrad (shown here) divides by the root of the *sum* "
        "of squared gradients, so its rates only shrink towards zero (the lecture's form "
        "divides by the root *mean* square, which grows again as the gradients shrink: "
        "try it on the Compare page). RMSProp and Adam divide by a moving average, so their "
        "rates recover when the slope changes. The parameter with the steeper slope "
        "gets the smaller rate."
    ),
    "adaptive_title": "Per-parameter effective learning rate η_t/σ_t on {surface}",
    "eff_axis": "η_t / σ_t",
    "coord_x": "x",
    "coord_y": "y",
    "bad_input": "Please check this input: {msg}",
    "computing": "Simulating…",
    "series_loss": "{name}: loss",
    "hover_final": "final loss",
}

ZH = {
    "title": "学习率",
    "intro": (
        "课堂里的每种方法都是 θ ← θ − (η_t / σ_t)·m_t。**学习率调度** (learning-rate scheduling) "
        "让 η_t 随时间变化；**自适应学习率** (adaptive learning rate) 方法让每个参数有自己的 σ_t。"
        "在这里搭一个调度，看它对一次运行的影响；看看为什么*训练卡住不等于梯度很小*；"
        "用扫描找一个好的学习率；再看 AdaGrad、RMSProp 和 Adam 给每个参数的学习率。"
    ),
    "tab_builder": "调度构建器",
    "tab_stuck": "卡住 ≠ 梯度小",
    "tab_sweep": "学习率扫描",
    "tab_adaptive": "自适应学习率",
    # builder
    "schedule": "调度（衰减、周期、重启）",
    "schedule_help": "每一项都是一个 torch.optim.lr_scheduler；它的设置沿用 torch 的名字。",
    "warmup": "先线性预热 (warm-up)",
    "warmup_help": "先用 LinearLR 跑 total_iters 步，再接上面的调度（SequentialLR）。",
    "no_warmup": "这个调度有它自己的起步方式。",
    "noise": "梯度噪声 σ",
    "noise_help": "每个梯度都加上高斯噪声，就像小批量 (mini-batch) 的噪声。有噪声时，固定的学习率"
                  "会一直在最小值附近抖动；逐渐衰减的学习率能让它稳定下来。",
    "base_lr": "基础学习率 η",
    "steps": "步数",
    "optimizer": "优化器",
    "surface": "曲面",
    "curve_title": "{name}：每一步用的学习率",
    "plateau_note": (
        "平台期降低学习率（ReduceLROnPlateau）盯着这次运行的损失，所以它的曲线就是下面那次运行"
        "实际用的学习率："
        "每当损失连续 `patience` 步没有改善，它就下降一次。"
    ),
    "lr_axis": "学习率 η_t",
    "step_axis": "步 t",
    "warmup_band": "预热",
    "with_without": "同一个优化器，用和不用调度",
    "with_without_intro": (
        "两次运行从同一点出发，基础学习率 η 和梯度噪声都相同，只有调度不同。有噪声时，"
        "固定的学习率会一直在最小值附近抖动；衰减的学习率能让运行稳定下来。下图中损失"
        "（实线，左轴）和所用的学习率（点线，右轴）共用步数轴。"
    ),
    "with": "使用 {name}",
    "tail_caption": "最后 {n} 步的平均损失",
    "of_constant": "对比固定 η",
    "without": "固定 η",
    "paths_title": "{surface} 上的路径",
    "loss_title": "每一步的损失（左）和学习率（右）",
    "loss_axis": "损失 f(x, y)",
    # stuck
    "stuck_intro": (
        "在狭窄山谷 f = x²/20 + 10·(y − 0.4 sin x)² 上，两壁很陡，谷底很缓。沿着谷底，最陡的"
        "曲率 λmax 约为 20 + 3.2 cos²x：在远处（运行的起点）接近 20.3，在最小值处是 23.2。"
        "固定学习率 η 的梯度下降，只有在 λmax < 2/η 的地方才能在横跨山谷的方向上保持稳定。"
        "η = 0.099 时（2/η = 20.2），远在到达最小值之前这个条件就不成立了（2/23.2 = 0.086）："
        "运行沿谷底滑动，直到脚下的曲率达到 2/η，然后就锁定在两壁上同样的两个点之间来回弹跳，"
        "永远停不下来。**损失不再下降，而梯度范数一直很大**：运行并不在临界点 (critical point)，"
        "而是学习率对前方的曲率来说太大了。下图画出每次弹跳中心处的 λmax，并与 2/η 对比。"
        "虚线是学习率减半的运行（在整个谷底都稳定），它不会弹跳：它一边滑向最小值，"
        "损失和梯度范数一边一起下降。"
    ),
    "curv_title": "运行下方最陡的曲率 λmax（在每次弹跳的中心）",
    "curv_axis": "海森矩阵的 λmax",
    "curv_limit": "{name} 的 2/η = {v:.4g}",
    "curv_at_min": "最小值处的 λmax = {v:.3g}",
    "curv_caption": (
        "λmax 是相邻两次迭代中点处海森矩阵 (Hessian) 的最大特征值，由核心代码（torch.func）计算。"
        "运行会停在曲率碰到它的点线 2/η 的地方；曲线一直在线下方的运行会继续前进。"
    ),
    "stuck_lr": "SGD 学习率 η",
    "stuck_title": "SGD 在山谷上的损失和梯度范数",
    "stuck_paths": "弹跳的路径（η = {lr:.4f}）和平稳的路径（η = {half:.4f}）",
    "stuck_run": "η = {lr:.4f}",
    "grad_axis": "梯度范数 ‖∇f‖",
    "stuck_verdict": (
        "η = {lr:.4f} 的最后 {n} 步：损失只变化了 {change}（停在 {loss:.3g}），"
        "而 ‖∇f‖ 一直大于 {g:.3g}。在最小值处两者都是 0：运行是卡住了，不是到达了。"
        "它下方的 λmax 是 {lam:.4g}，2/η = {limit:.4g}。"
    ),
    "stuck_verdict_cycle": (
        "η = {lr:.4f} 的最后 {n} 步：运行在同样的两个点之间来回弹跳（2-周期）；损失只变化了 "
        "{change}（停在 {loss:.3g}），而 ‖∇f‖ 一直大于 {g:.3g}。弹跳的中心在 λmax = {lam:.4g} "
        "与 2/η = {limit:.4g} 相等的地方；最小值处 λmax = {lam_min:.3g}，所以这个学习率永远"
        "到不了那里。是卡住，不是到达。"
    ),
    "stuck_moving": (
        "η = {lr:.4f} 时运行还在移动（2/η = {limit:.4g}；最小值处 λmax 是 {lam_min:.3g}）："
        "试试 2/{lam_min:.3g} = {lim_min:.3f} 到 0.1 之间的学习率。"
    ),
    # sweep
    "sweep_intro": (
        "最终损失与学习率的关系：每个优化器取 {n} 个从 10⁻⁴ 到 1 的学习率，所有运行在"
        "**一次批量调用**中模拟完成。太小永远到不了；太大就震荡或发散（✕ = 发散，画在曲线上方）。"
        "◆ 标出每个优化器最好的学习率。"
    ),
    "sweep_optimizers": "优化器",
    "sweep_steps": "每次运行的步数",
    "sweep_title": "{surface} 上 {steps} 步后的最终损失与学习率",
    "sweep_none": "至少选一个优化器。",
    "final_loss": "最终损失 f(x, y)",
    "rate_axis": "学习率 η（对数刻度）",
    "diverged": "{name}：发散",
    "best": "{name}：最佳 η = {lr:.2g}",
    "best_table": "最佳学习率",
    "best_loss": "对应的最终损失",
    "diverged_from": "发散起点 η ≈",
    "never": "在此范围内从不发散",
    # adaptive
    "adaptive_intro": (
        "每个参数的 η_t/σ_t（实线：x，虚线：y），每个优化器一个子图，共用对数轴。"
        "torch 的 AdaGrad（这里显示的）除以梯度平方*和*的平方根，所以它的学习率只会缩向零"
        "（课堂版除以均方根（*平均*），梯度变小时又会变大：可以在“比较优化器”页试试）。"
        "RMSProp 和 Adam 除以一个滑动平均，所以坡度变化时它们的学习率会恢复。"
        "坡度更陡的参数得到更小的学习率。"
    ),
    "adaptive_title": "{surface} 上每个参数的有效学习率 η_t/σ_t",
    "eff_axis": "η_t / σ_t",
    "coord_x": "x",
    "coord_y": "y",
    "bad_input": "请检查这个输入：{msg}",
    "computing": "模拟中…",
    "series_loss": "{name}：损失",
    "hover_final": "最终损失",
}
