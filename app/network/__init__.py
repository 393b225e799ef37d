"""The network page: its form, figures and view."""
