"""Labels of the values of choice parameters (losses, data sets, activations, ...)."""
EN = {
    "mse": "MSE (squared error)", "mae": "MAE (absolute error)", "huber": "Huber",
    "synthetic": "Synthetic: y = 1 + 2x + noise", "diabetes": "Diabetes (body-mass index)",
    "moons": "Two moons", "circles": "Circles", "spirals": "Spirals",
    "breast_cancer": "Breast cancer (2 features)",
    "sigmoid": "Sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "Leaky ReLU",
    "elu": "ELU", "silu": "SiLU",
    "default": "PyTorch default", "xavier": "Xavier (Glorot)", "he": "He (Kaiming)",
    "on": "on", "off": "off",
    "strong_wolfe": "Strong Wolfe line search", "none": "none (a fixed step: lr)",
}

ZH = {
    "mse": "MSE（平方误差）", "mae": "MAE（绝对误差）", "huber": "Huber",
    "synthetic": "合成数据：y = 1 + 2x + 噪声", "diabetes": "糖尿病数据（体重指数）",
    "moons": "双月形", "circles": "同心圆", "spirals": "螺旋",
    "breast_cancer": "乳腺癌数据（2 个特征）",
    "sigmoid": "Sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "Leaky ReLU",
    "elu": "ELU", "silu": "SiLU",
    "default": "PyTorch 默认", "xavier": "Xavier (Glorot)", "he": "He (Kaiming)",
    "on": "开", "off": "关",
    "strong_wolfe": "强 Wolfe 线搜索 (strong Wolfe line search)",
    "none": "无（固定步长：lr）",
}
