"""The Deep-networks page (pages/deep.py): controls, cached studies, figures."""
