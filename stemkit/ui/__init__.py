"""What every explorer shares: the Explorer base, its figure (bqplot), readout and error panel, styles.

The explorer parts load on first use (``from stemkit.ui import Explorer``), so
``stemkit.ui.style`` can be imported without bqplot or ipywidgets.
"""

from stemkit.ui.style import crisp_figures

__all__ = ["Explorer", "ControlValueError", "ControlTypeError", "Plot", "PALETTE", "crisp_figures"]

_LAZY = {"Explorer": "stemkit.ui.explorer", "ControlValueError": "stemkit.ui.explorer",
         "ControlTypeError": "stemkit.ui.explorer", "Plot": "stemkit.ui.figure", "PALETTE": "stemkit.ui.figure"}


def __getattr__(name: str):  # noqa: ANN202 - module attribute hook
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'stemkit.ui' has no attribute {name!r}")


crisp_figures()   # a lesson that draws with stemkit shows its static figures sharp at device scale 2
