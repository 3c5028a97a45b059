"""stemkit: the package behind the stemkit lessons.

Rooms (one per track) are imported on demand::

    from stemkit import units, checks
    from stemkit.electronics import ...

Importing ``stemkit`` loads numpy-free, plotting-free code only, so it is fast.

Messages come in English, Russian or Kazakh: ``stemkit.set_language("kk")`` in a
setup cell (``STEMKIT_LANG`` in the environment comes first; a translated edition
says its language in its metadata).
"""

from stemkit.i18n import set_language

__version__ = "0.1.0"
__all__ = ["__version__", "set_language"]
