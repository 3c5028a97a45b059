"""Interactive explorers of the design3d room (ipywidgets), built on :class:`stemkit.ui.Explorer`."""

from __future__ import annotations
