"""The schedules page: its form, figures and view."""
