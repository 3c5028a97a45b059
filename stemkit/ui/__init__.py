"""What every explorer shares: the Explorer base, its figure (bqplot), readout and error panel, styles."""

from stemkit.ui.explorer import ControlTypeError, ControlValueError, Explorer
from stemkit.ui.figure import PALETTE, Plot

__all__ = ["Explorer", "ControlValueError", "ControlTypeError", "Plot", "PALETTE"]
