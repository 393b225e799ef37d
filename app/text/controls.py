EN = {
    "surface": "Surface",
    "optimizers": "Optimizers",
    "hyper": "{name}: hyper-parameters",
}
