EN = {
    "app_title": "Descent Lab",
    "tagline": "Watch optimizers move across loss surfaces, and learn why they behave as they do.",
    "nav_home": "Home",
    "nav_compare": "Compare optimizers",
    "nav_critical": "Saddles & Hessian",
    "nav_basins": "Basins & fair races",
    "nav_schedules": "Learning rate",
    "nav_learned": "Learned surfaces",
    "nav_network": "Neural network",
    "language": "Language",
    "error_prefix": "Please check this input",
    "computing": "Computing…",
}
