EN = {
    "surface": "Surface",
    "optimizers": "Optimizers",
    "hyper": "{name}: hyper-parameters",
    "custom_formula": "Custom formula…",
    "formula": "f(x, y) =",
    "formula_help": "Numbers, x, y, pi, e, + − * / ** and sin cos tan exp log sqrt abs tanh "
                    "sinh cosh atan sigmoid relu softplus max(a, b) min(a, b).",
}

ZH = {
    "surface": "曲面",
    "optimizers": "优化器",
    "hyper": "{name}：超参数",
    "custom_formula": "自定义公式…",
    "formula": "f(x, y) =",
    "formula_help": "可用：数字、x、y、pi、e、+ − * / ** 以及 sin cos tan exp log sqrt abs tanh "
                    "sinh cosh atan sigmoid relu softplus max(a, b) min(a, b)。",
}
