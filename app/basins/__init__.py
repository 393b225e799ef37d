"""The Basins page's pieces: form (widgets -> configs), view (cached calls, tables),
figures (pure builders)."""
