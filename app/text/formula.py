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
