"""Interactive explorers of the robotics room (ipywidgets), built on :class:`stemkit.ui.Explorer`."""

from __future__ import annotations
