"""The learned page: its form, figures and view."""
