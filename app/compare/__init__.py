"""The compare page: its form, figures and view."""
