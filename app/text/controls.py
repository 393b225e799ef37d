EN = {
    "surface": "Surface",
    "optimizers": "Optimizers",
    "hyper": "{name}: hyper-parameters",
    "custom_formula": "Custom formula…",
    "formula": "f(x, y) =",
    "formula_help": "Numbers, x, y, pi, e, + − * / ** and sin cos tan exp log sqrt abs tanh "
                    "sinh cosh atan sigmoid relu softplus max(a, b) min(a, b).",
}
