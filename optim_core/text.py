"""Registry text in two languages, kept beside its entry.

A :class:`Text` *is* its English string (the command line, JSON and docs see English), and
carries its Chinese in ``.zh``. The app shows ``.zh`` when the page is in Chinese
(``app.text.tr``); the core never needs to know the language.
"""
from __future__ import annotations

from typing import Self

__all__ = ["Text", "zh_of"]


class Text(str):
    """An English string with its Chinese beside it: ``Text("saddle", "鞍点")``."""

    zh: str

    def __new__(cls, en: str, zh: str = "") -> Self:
        obj = super().__new__(cls, en)
        obj.zh = zh
        return obj

    def __reduce__(self):
        return (Text, (str(self), self.zh))


def zh_of(text) -> str | None:
    """The Chinese of ``text`` if it has one, else None."""
    return getattr(text, "zh", None) or None
