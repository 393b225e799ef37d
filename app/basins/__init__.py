"""The Basins page's pieces: form (widgets -> configs), tabs (layout), view (cached calls,
tables), figures (pure builders)."""
