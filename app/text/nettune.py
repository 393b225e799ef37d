EN = {
    # the two tabs of the Neural-network page: equal-budget tuning, epoch replay
    "tab_tune": "Fair race (tuning)", "tab_replay": "Replay",
    "tune_help": (
        "**Is one optimizer better, or just better tuned?** Every optimizer gets the **same "
        "budget**: the same log-spaced grid of learning rates, one training run per rate, "
        "each from the same initial weights on the same mini-batches for the same number "
        "of epochs. The metric is the **validation loss after those epochs** (lower is "
        "better); each optimizer's best rate is then trained for the configuration's "
        "epochs. The thick bar marks the rates within 10 % of the best: a wide band means "
        "easy to tune."
    ),
    "lr_min": "Smallest rate", "lr_max": "Largest rate",
    "lr_points": "Rates per optimizer (training runs each)",
    "epochs": "Epochs per tuning run",
    "epochs_limit": "at most {n} epochs here (all tuning runs and the tuned race: about 25 s)",
    "budget": (
        "{runs} tuning runs per optimizer × {k} optimizers = {total} trainings of {epochs} "
        "epochs, then {k} tuned runs of {full} epochs."
    ),
    "submit": "Tune",
    "cancel": "Cancel the tuning",
    "cancelled": "The tuning was cancelled. Press **Tune** to run it again.",
    "tuning": "Tuning: {done:.0%} of the trainings…",
    "queued": "Waiting for a free worker: other requests are computing…",
    "training_tuned": "Training every optimizer at its best rate…",
    "bad_input": "Please check this input: {msg}",
    "col_optimizer": "Optimizer", "col_best_lr": "Best rate",
    "col_metric": "Validation loss after {epochs} epochs",
    "col_band": "Rates within 10 % of the best", "col_decades": "Band width (decades)",
    "col_runs": "Tuning runs", "col_steps": "Optimizer steps",
    "col_final": "Tuned run: final validation loss",
    "edge": "{name}: the best rate is at the edge of the grid; widen the range to be sure.",
    "diverged_all": "{name}: every rate of the grid diverged.",
    "sensitivity_title": "Sensitivity: validation loss after {epochs} epochs against the rate",
    "lr_axis": "learning rate η", "metric_axis": "validation loss",
    "tuned_title": "The tuned runs: training (solid) and validation (dashed) loss",
    # replay
    "replay_help": (
        "The training replayed from its snapshots: drag the **epoch** slider or press "
        "**Play**. The decision boundary, the point on the loss landscape (the plane of "
        "the paths' two main directions, through the chosen run's final weights) and the "
        "markers on the loss curves move together, in your browser: no request to the "
        "server while you drag."
    ),
    "replay_run": "Run to replay",
    "replay_frames": (
        "{frames} snapshots, epochs 0 to {last} (at most 60, evenly spread): {kb:,.0f} kB sent "
        "once, built in {ms:.0f} ms"
    ),
    "replay_title": "Replay of {name}",
    "boundary_axis_x": "x₁", "boundary_axis_y": "x₂",
    "plane_a": "direction 1", "plane_b": "direction 2",
    "epoch": "epoch", "loss": "training loss",
    "epoch_prefix": "epoch ",
    "play": "Play", "pause": "Pause",
    "computing_replay": "Preparing the replay ({n} snapshots)…",
}

ZH = {
    "tab_tune": "公平比赛（调参）", "tab_replay": "回放",
    "tune_help": (
        "**是某个优化器更好，还是只是调得更好？** 每个优化器得到**相同的预算**：同一组对数间隔的"
        "学习率网格，每个学习率训练一次，都从相同的初始权重出发、使用相同的小批量、训练相同的轮数。"
        "指标是**训练这些轮后的验证损失**（越低越好）；然后以每个优化器的最佳学习率按配置的轮数"
        "训练。粗条标出与最佳值相差不超过 10% 的学习率范围：范围越宽，越容易调参。"
    ),
    "lr_min": "最小学习率", "lr_max": "最大学习率",
    "lr_points": "每个优化器的学习率个数（各训练一次）",
    "epochs": "每次调参训练的轮数",
    "epochs_limit": "此处最多 {n} 轮（全部调参训练和调参后的比赛：约 25 秒）",
    "budget": (
        "每个优化器 {runs} 次调参训练 × {k} 个优化器 = {total} 次 {epochs} 轮的训练，"
        "然后 {k} 次 {full} 轮的调参后训练。"
    ),
    "submit": "调参",
    "cancel": "取消调参",
    "cancelled": "调参已取消。按 **调参** 重新运行。",
    "tuning": "调参中：已完成 {done:.0%} 的训练……",
    "queued": "正在等待空闲的工作进程：其他请求正在计算……",
    "training_tuned": "正在以各自的最佳学习率训练每个优化器……",
    "bad_input": "请检查此输入：{msg}",
    "col_optimizer": "优化器", "col_best_lr": "最佳学习率",
    "col_metric": "{epochs} 轮后的验证损失",
    "col_band": "与最佳值相差 10% 以内的学习率", "col_decades": "范围宽度（数量级）",
    "col_runs": "调参训练次数", "col_steps": "优化器步数",
    "col_final": "调参后训练：最终验证损失",
    "edge": "{name}：最佳学习率在网格边缘；请扩大范围以确认。",
    "diverged_all": "{name}：网格中的每个学习率都发散了。",
    "sensitivity_title": "敏感性：{epochs} 轮后的验证损失与学习率的关系",
    "lr_axis": "学习率 η", "metric_axis": "验证损失",
    "tuned_title": "调参后的训练：训练损失（实线）和验证损失（虚线）",
    "replay_help": (
        "根据训练中保存的快照回放训练过程：拖动 **轮次** 滑块或按 **播放**。决策边界、损失地形上的点"
        "（过所选运行最终权重、由路径的两个主方向张成的平面）和损失曲线上的标记一起移动，全部在浏览器中"
        "完成：拖动时不向服务器发送任何请求。"
    ),
    "replay_run": "要回放的运行",
    "replay_frames": "{frames} 个快照，第 0 到 {last} 轮（最多 60 个，均匀分布）：只发送一次，共 {kb:,.0f} kB，构建用时 {ms:.0f} 毫秒",
    "replay_title": "{name} 的训练回放",
    "boundary_axis_x": "x₁", "boundary_axis_y": "x₂",
    "plane_a": "方向 1", "plane_b": "方向 2",
    "epoch": "轮次", "loss": "训练损失",
    "epoch_prefix": "轮次 ",
    "play": "播放", "pause": "暂停",
    "computing_replay": "正在准备回放（{n} 个快照）……",
}
