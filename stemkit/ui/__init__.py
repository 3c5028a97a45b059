"""What every explorer shares: the Explorer base, its readout and error panel, styles."""

from stemkit.ui.explorer import Explorer

__all__ = ["Explorer"]
