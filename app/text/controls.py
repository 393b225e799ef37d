EN = {
    "surface": "Surface",
    "optimizers": "Optimizers",
    "group_classic": "Classic", "group_adaptive": "Adaptive", "group_lecture": "Lecture form",
    "group_second-order": "Second-order", "group_recent": "Recent",
    "schedule": "Learning-rate schedule",
    "no_schedule": "none (a constant rate)",
    "hyper": "{name}: hyper-parameters",
    "custom_formula": "Custom formula…",
    "formula": "f(x, y) =",
    "formula_help": "Numbers, x, y, pi, e, + − * / ** and sin cos tan exp log sqrt abs tanh "
                    "sinh cosh atan sigmoid relu softplus max(a, b) min(a, b).",
    "at_most_here": "{help} At most {limit} with the other settings as they are (the work "
                    "limit keeps every request under about 30 s).",
    "points_limit": "At most {cap} optimizers × starts × steps on this surface (about 3 s of "
                    "work); now {used}: at most {steps} steps with this many optimizers.",
}
