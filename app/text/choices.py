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
