"""Numbers as the text writes them, in digits or in words (``12``, ``douze``, ``dix-sept``).

>>> from types import SimpleNamespace as T
>>> number_value(T(text="dix-sept"), "fr"), number_value(T(text="1 200"), "fr"), number_value(T(text="drone"), "fr")
(17, 1200, None)
"""

from __future__ import annotations

from typing import Protocol

from text_to_num import text2num


class _HasText(Protocol):
    @property
    def text(self) -> str: ...


def number_value(token: _HasText, lang: str) -> int | None:
    """The integer a number token writes, in digits or in words; None otherwise."""
    text = token.text.replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if text.isdigit():
        return int(text)
    try:
        return int(text2num(token.text.lower(), lang))
    except (ValueError, TypeError):
        return None
