"""Interactive explorers of the electronics room (ipywidgets), built on :class:`stemkit.ui.Explorer`."""

from __future__ import annotations
