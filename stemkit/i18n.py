"""One message catalogue for every sentence stemkit shows a person.

Sentences are written in English with named placeholders and passed through
``_()``::

    _("{quantity} must be > 0, got {value}").format(quantity="resistance", value=-1)

Translations live in ``stemkit/locale/<lang>/LC_MESSAGES/stemkit.mo`` (gettext).
The language comes from ``STEMKIT_LANG`` (``en``, ``ru``, ``kk``), then the usual
``LANGUAGE``/``LANG`` variables; English is the fallback for any missing text.
Numbers shown to a person go through :func:`format_number`.
"""

from __future__ import annotations

import gettext
import math
import os
from functools import lru_cache
from pathlib import Path

__all__ = ["_", "N_", "ngettext", "format_number", "set_language"]

_LOCALE_DIR = Path(__file__).parent / "locale"
_DOMAIN = "stemkit"
_language: str | None = None


@lru_cache(maxsize=8)
def _translations(language: str | None) -> gettext.NullTranslations:
    languages = [language] if language else None
    return gettext.translation(_DOMAIN, localedir=_LOCALE_DIR, languages=languages, fallback=True)


def set_language(language: str | None) -> None:
    """Choose the language of messages (``"en"``, ``"ru"``, ``"kk"``; None = from environment)."""
    global _language
    _language = language


def _current() -> gettext.NullTranslations:
    return _translations(_language or os.environ.get("STEMKIT_LANG") or None)


def _(message: str) -> str:
    """Translate ``message`` (an English sentence with ``{named}`` placeholders)."""
    return _current().gettext(message)


def N_(message: str) -> str:
    """Mark a word for the catalogue without translating it yet (translate later with ``_(word)``)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a sentence whose form depends on a count ``n``."""
    return _current().ngettext(singular, plural, n)


def format_number(value: float, digits: int = 4) -> str:
    """Format a number for a person: ``digits`` significant figures, no float noise.

    Examples
    --------
    >>> format_number(0.1 + 0.2)
    '0.3'
    >>> format_number(12345.678)
    '12350'
    >>> format_number(2.5e-7)
    '2.5e-07'
    >>> format_number(float("nan"))
    'NaN'
    """
    if value is None:
        return "None"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if x == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(x)))
    if -4 <= magnitude < 6:
        places = digits - 1 - magnitude
        text = f"{round(x, places):.{max(places, 0)}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    return _sci(x, digits)


def _sci(x: float, digits: int) -> str:
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    exp = int(exponent)
    return f"{mantissa}e{exp:+03d}" if exp < 0 else f"{mantissa}e{exp:02d}"
