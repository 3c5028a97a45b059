"""stemkit: the package behind the stemkit lessons.

Rooms (one per track) are imported on demand::

    from stemkit import units, checks
    from stemkit.electronics import ...

Importing ``stemkit`` loads numpy-free, plotting-free code only, so it is fast.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
