"""One message catalogue for every sentence stemkit shows a person.

Sentences are written in English with named placeholders and passed through
``_()``::

    _("{quantity} must be > 0, got {value}").format(quantity="resistance", value=-1)

Translations live in ``stemkit/locale/<lang>/LC_MESSAGES/stemkit.po`` (gettext PO, the
source kept in git). The language is, in this order:

1. ``STEMKIT_LANG`` (``en``, ``ru``, ``kk``) in the environment;
2. ``stemkit.set_language("kk")`` (in a lesson's setup cell, say);
3. in a Jupyter kernel, the notebook's ``metadata.stemkit.lang`` (a translated
   edition says ``ru`` or ``kk``), read once from the notebook file the kernel runs;
4. English.

English is also the fallback for any text not translated yet.

The ``.mo`` files gettext reads are compiled from the ``.po`` on first use, into a
cache (``$XDG_CACHE_HOME/stemkit/locale``, else ``~/.cache/stemkit/locale``, else the
temp folder), named after the hash of the ``.po``: an edited ``.po`` is compiled
again at the next start, in an editable install (``make lab``) as in a wheel, with
no build step to forget; ``.mo`` files are never committed. A ``stemkit.mo`` beside
the ``.po`` (a packager's build) is used when it is at least as new as the ``.po``.

Numbers shown to a person go through :func:`format_number`: in ``ru`` and ``kk`` it
writes a decimal comma and groups thousands with a narrow no-break space
(``1 234,5``), from Babel's locale data; English output is plain (``1234.5``).
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import json
import math
import os
import sys
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

__all__ = ["_", "N_", "ngettext", "format_number", "set_language", "get_language", "language", "LANGUAGES",
           "compiled_catalog"]

_LOCALE_DIR = Path(__file__).parent / "locale"
_DOMAIN = "stemkit"
#: Languages stemkit speaks (English is the source).
LANGUAGES = ("en", "ru", "kk")
_GROUP = "\u202f"   # narrow no-break space between groups of thousands (ru, kk)
_language: str | None = None      # from set_language()
_forced: list[str] = []           # from `with language(...)`: stemkit's own tools (release, guide)
_notebook: list[str | None] = []  # the notebook's metadata.stemkit.lang, once looked up


def _normal(language: str | None) -> str | None:
    """``"ru_RU.UTF-8"`` -> ``"ru"``; ``None``/empty -> None; an unknown language raises ValueError."""
    if language is None or not str(language).strip():
        return None
    code = str(language).strip().replace("-", "_").split(".")[0].split("_")[0].lower()
    if code not in LANGUAGES:
        raise ValueError(_("language must be one of {langs}, got {value!r}").format(
            langs=", ".join(LANGUAGES), value=language))
    return code


def set_language(language: str | None) -> None:
    """Choose the language of stemkit's messages: ``"en"``, ``"ru"`` or ``"kk"`` (None: back to the default).

    ``STEMKIT_LANG`` in the environment still comes first.
    """
    global _language
    _language = _normal(language)


@contextlib.contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Messages in ``lang`` inside the block, whatever else is set (for stemkit's own tools)."""
    _forced.append(_normal(lang) or "en")
    try:
        yield
    finally:
        _forced.pop()


def _notebook_language() -> str | None:
    """In a Jupyter kernel: ``metadata.stemkit.lang`` of the notebook it runs (looked up once)."""
    if _notebook:
        return _notebook[0]
    found = None
    if "ipykernel" in sys.modules:
        candidates: list[Path] = []
        for name in (os.environ.get("JPY_SESSION_NAME"), _ipython_session()):
            if name and str(name).endswith(".ipynb"):
                candidates.append(Path(name))
        try:
            candidates += sorted(Path.cwd().glob("*.ipynb"), key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            pass
        for path in candidates:
            try:
                with open(path, encoding="utf-8") as fh:
                    meta = json.load(fh).get("metadata", {}).get("stemkit", {})
            except (OSError, ValueError, AttributeError):
                continue
            if isinstance(meta, dict) and meta.get("lang"):
                try:
                    found = _normal(meta["lang"])
                except ValueError:
                    found = None
                break
    _notebook.append(found)
    return found


def _ipython_session() -> str | None:
    try:
        from IPython import get_ipython

        shell = get_ipython()
        return shell.user_ns.get("__session__") if shell is not None else None
    except Exception:   # no IPython, or an odd shell: no session name
        return None


def get_language() -> str:
    """The language messages are shown in now: ``"en"``, ``"ru"`` or ``"kk"``."""
    if _forced:
        return _forced[-1]
    try:
        env = _normal(os.environ.get("STEMKIT_LANG"))
    except ValueError:
        env = None
    return env or _language or _notebook_language() or "en"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "stemkit" / "locale"


def compiled_catalog(lang: str, po: Path | None = None) -> Path | None:
    """The ``.mo`` for ``lang``, compiled from its ``.po`` when needed (None if there is no ``.po``)."""
    po = po or _LOCALE_DIR / lang / "LC_MESSAGES" / f"{_DOMAIN}.po"
    if not po.is_file():
        return None
    beside = po.with_suffix(".mo")
    if beside.is_file() and beside.stat().st_mtime >= po.stat().st_mtime:
        return beside
    data = po.read_bytes()
    digest = hashlib.sha1(data).hexdigest()[:16]
    for folder in (_cache_dir(), Path(tempfile.gettempdir()) / "stemkit-locale"):
        target = folder / f"{_DOMAIN}-{lang}-{digest}.mo"
        if target.is_file():
            return target
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _compile(data, lang, target)
            return target
        except OSError:
            continue
    return None


def _compile(data: bytes, lang: str, target: Path) -> None:
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(data), locale=lang)
    tmp = target.with_suffix(f".{os.getpid()}.part")
    with open(tmp, "wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)
    os.replace(tmp, target)


@lru_cache(maxsize=8)
def _translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    try:
        mo = compiled_catalog(language)
    except Exception:   # a broken .po (lint reports it): English rather than a crash in a lesson
        mo = None
    if mo is None:
        return gettext.NullTranslations()
    try:
        with open(mo, "rb") as fh:
            return gettext.GNUTranslations(fh)
    except (OSError, ValueError):
        return gettext.NullTranslations()


def _current() -> gettext.NullTranslations:
    return _translations(get_language())


def _(message: str) -> str:
    """Translate ``message`` (an English sentence with ``{named}`` placeholders)."""
    return _current().gettext(message)


def N_(message: str) -> str:
    """Mark a word for the catalogue without translating it yet (translate later with ``_(word)``)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a sentence whose form depends on a count ``n`` (Russian has three forms: 1 балл, 2 балла, 5 баллов)."""
    return _current().ngettext(singular, plural, n)


def format_number(value: float, digits: int = 4) -> str:
    """Format a number for a person: ``digits`` significant figures, no float noise.

    In Russian and Kazakh the decimal mark is a comma and thousands are grouped with
    a narrow no-break space, the way Babel's locale data says.

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
    >>> with language("ru"):
    ...     format_number(1234.5, 5)
    '1\u202f234,5'
    """
    text = _format_plain(value, digits)
    lang = get_language()
    if lang == "en" or not text or not (text[0].isdigit() or text[0] == "-" and text[1:2].isdigit()):
        return text
    return _localise(text, lang)


def _format_plain(value: float, digits: int) -> str:
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


def _localise(text: str, lang: str) -> str:
    """``"-1234.5"`` -> ``"-1 234,5"`` in ru and kk: Babel's decimal mark and grouping, the group
    separator a narrow no-break space; the digits are those of the English text, the exponent kept."""
    from decimal import Decimal, InvalidOperation

    from babel.numbers import format_decimal

    mantissa, e, exponent = text.partition("e")
    try:
        out = format_decimal(Decimal(mantissa), locale=lang, decimal_quantization=False)
    except (InvalidOperation, ValueError):
        return text
    out = out.replace("\u00a0", _GROUP).replace("\u2009", _GROUP)
    return out + (e + exponent if e else "")


def _sci(x: float, digits: int) -> str:
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    exp = int(exponent)
    return f"{mantissa}e{exp:+03d}" if exp < 0 else f"{mantissa}e{exp:02d}"
