"""Words inside the shared figures (legend names, hover text, axis titles)."""
EN = {
    "known_minimum": "known minimum",
    "known_maximum": "known maximum",
    "known_saddle": "known saddle",
    "known_degenerate": "known degenerate",
    "end": "{name} end",
    "surface": "surface",
    "start": "start",
    "click": "click",
    "start_here": "start here: (%{x:.2f}, %{y:.2f})",
    "step": "step",
    "diverged": "{name} diverged",
}

ZH = {
    "known_minimum": "已知最小值",
    "known_maximum": "已知最大值",
    "known_saddle": "已知鞍点",
    "known_degenerate": "已知退化点",
    "end": "{name} 终点",
    "surface": "曲面",
    "start": "起点",
    "click": "点击",
    "start_here": "从这里出发：(%{x:.2f}, %{y:.2f})",
    "step": "步",
    "diverged": "{name} 发散",
}
