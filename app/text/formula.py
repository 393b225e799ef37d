EN = {
    "label": "f(x, y) =",
    "help": "Numbers, x, y, pi, e, + − * / ** and sin cos tan exp log sqrt abs tanh "
            "sinh cosh atan sigmoid relu softplus max(a, b) min(a, b).",
    "bounds": "x min|x max|y min|y max",
    "pointer": "The part the message is about:",
    "nonfinite": "f is not finite on {pct:.0f}% of this view (x ∈ [{x0:.3g}, {x1:.3g}], "
                 "y ∈ [{y0:.3g}, {y1:.3g}]): the map is blank there, and a run that "
                 "steps there stops at its last finite point.",
}

ZH = {
    "label": "f(x, y) =",
    "help": "可用：数字、x、y、pi、e、+ − * / ** 以及 sin cos tan exp log sqrt abs tanh "
            "sinh cosh atan sigmoid relu softplus max(a, b) min(a, b)。",
    "bounds": "x 最小|x 最大|y 最小|y 最大",
    "pointer": "出错的位置：",
    "nonfinite": "在这个视图的 {pct:.0f}% 上 f 不是有限值（x ∈ [{x0:.3g}, {x1:.3g}]，"
                 "y ∈ [{y0:.3g}, {y1:.3g}]）：那里的地图是空白的，走到那里的运行会停在"
                 "最后一个有限点。",
}
