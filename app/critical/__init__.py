"""The critical page: its form, figures and view."""
