"""The Momentum page's parts: cached core calls (view), figures, and one function per tab
(tabs); the explore figure itself is app/explore/."""
