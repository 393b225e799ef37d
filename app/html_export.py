"""A figure as a standalone interactive HTML file for slides and course sites.

plotly.js is inlined (``include_plotlyjs=True``: a few MB, no network needed) and MathJax
is left out (it would load from a CDN): the file opens offline, zooms, pans and hovers
like the page's chart. Plotly's own camera button still saves a PNG.
"""
from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import plotly.io as pio

__all__ = ["figure_html"]

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>html, body {{ height: 100%; margin: 0; }} body {{ font-family: sans-serif; }}</style>
</head>
<body>
{body}
</body>
</html>
"""


def figure_html(fig: Any, title: str, lang: str = "en") -> bytes:
    """``fig`` (a ``plotly.graph_objects.Figure`` or its dict form ``{"data", "layout"}``)
    as one self-contained UTF-8 HTML document titled ``title``."""
    if isinstance(fig, Mapping):
        spec = {k: v for k, v in fig.items() if k in ("data", "layout", "frames")}
        if not isinstance(spec.get("data", []), (list, tuple)):
            raise ValueError("figure.data must be a list of traces")
    elif hasattr(fig, "to_plotly_json"):
        spec = fig.to_plotly_json()
    else:
        raise ValueError(f"figure must be a plotly Figure or a dict with data and layout; "
                         f"got {type(fig).__name__}")
    body = pio.to_html(spec, include_plotlyjs=True, include_mathjax=False, full_html=False,
                       validate=False, div_id="figure",
                       config={"displaylogo": False, "responsive": True,
                               "toImageButtonOptions": {"format": "png", "scale": 2,
                                                        "filename": _filename(title)}})
    return _PAGE.format(lang=html.escape(lang), title=html.escape(title),
                        body=body).encode("utf-8")


def _filename(title: str) -> str:
    """A safe file stem from the title (for the PNG button)."""
    stem = "".join(c if c.isalnum() else "_" for c in title).strip("_")
    return stem[:60] or "figure"
