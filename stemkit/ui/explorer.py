"""The Explorer base class: controls -> core function -> artists, with a readout.

An explorer builds its figure once. When a control changes it calls the room's
core function, updates the artists it drew (``update_*`` in ``plots.py``) and
redraws. Errors raised while updating are shown in the explorer in plain words,
never lost in a log. The latest result stays on ``explorer.result`` so a student
can keep computing with it.

Subclasses implement :meth:`Explorer.update` and add controls with
:meth:`Explorer.add_slider`, :meth:`Explorer.add_dropdown`, ... in ``__init__``,
then call :meth:`Explorer.refresh` once at the end of ``__init__``.

Explorers are tested without a browser: set ``explorer.controls["name"].value``
and assert on ``explorer.result``, ``explorer.readout_values`` and artist data.
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import matplotlib
from matplotlib.figure import Figure

from stemkit.i18n import _

__all__ = ["Explorer"]

_ERROR_STYLE = "color:#b00020;background:#fdecea;padding:4px 8px;border-radius:4px"
_READOUT_STYLE = "font-family:monospace;font-size:1.05em;line-height:1.5"


def _uses_widget_backend() -> bool:
    backend = matplotlib.get_backend().lower()
    return "ipympl" in backend or "widget" in backend


class Explorer:
    """Base class for the interactive explorers of every room.

    Parameters
    ----------
    title : str
        Shown above the controls.
    figsize : tuple of float
        Figure size in inches (width, height). ``None`` for an explorer with no figure.
    ncols, nrows : int
        Subplot grid for the figure.
    """

    def __init__(self, *, title: str = "", figsize: tuple[float, float] | None = (6.4, 3.6),
                 nrows: int = 1, ncols: int = 1, subplot_kw: Mapping[str, Any] | None = None):
        self.title = title
        self.controls: dict[str, widgets.ValueWidget] = {}
        self.result: Any = None
        self.readout_values: dict[str, str] = {}
        self.last_error: str | None = None
        self.last_update_s: float = 0.0
        self._building = True
        self._readout = widgets.HTML()
        self._message = widgets.HTML()
        self._image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self._widget: widgets.Widget | None = None
        self._shown = False
        self.figure: Figure | None = None
        self.axes = None
        self.dpi = 100
        self._layout_frozen = False
        if figsize is not None:
            if _uses_widget_backend():
                import matplotlib.pyplot as plt

                with plt.ioff():
                    self.figure = plt.figure(figsize=figsize)
                self.figure.canvas.header_visible = False
            else:
                self.figure = Figure(figsize=figsize, layout="constrained")
            self.axes = self.figure.subplots(nrows, ncols, subplot_kw=dict(subplot_kw or {}))

    # -- controls ---------------------------------------------------------
    def _register(self, name: str, control: widgets.ValueWidget) -> widgets.ValueWidget:
        self.controls[name] = control
        control.observe(self._on_change, names="value")
        return control

    def add_slider(self, name: str, *, min: float, max: float, value: float, step: float | None = None,
                   description: str = "", integer: bool = False, log: bool = False,
                   continuous_update: bool = True, readout_format: str | None = None) -> widgets.ValueWidget:
        """Add a slider control named ``name`` (its value is ``self.value(name)``)."""
        kwargs: dict[str, Any] = dict(description=description or name, value=value,
                                      continuous_update=continuous_update,
                                      style={"description_width": "initial"},
                                      layout=widgets.Layout(width="95%"))
        if log:
            import math

            cls = widgets.FloatLogSlider
            kwargs.update(min=math.log10(min), max=math.log10(max), base=10)
            if step is not None:
                kwargs["step"] = step
        elif integer:
            cls = widgets.IntSlider
            kwargs.update(min=int(min), max=int(max), step=int(step or 1))
        else:
            cls = widgets.FloatSlider
            kwargs.update(min=min, max=max, step=step if step is not None else (max - min) / 100)
        if readout_format:
            kwargs["readout_format"] = readout_format
        return self._register(name, cls(**kwargs))

    def add_dropdown(self, name: str, *, options, value=None, description: str = "") -> widgets.ValueWidget:
        """Add a dropdown of ``options`` (a list, or a mapping label -> value)."""
        control = widgets.Dropdown(options=options, description=description or name,
                                   style={"description_width": "initial"})
        if value is not None:
            control.value = value
        return self._register(name, control)

    def add_toggle(self, name: str, *, value: bool = False, description: str = "") -> widgets.ValueWidget:
        """Add an on/off checkbox."""
        control = widgets.Checkbox(value=value, description=description or name, indent=False)
        return self._register(name, control)

    def add_text(self, name: str, *, value: str = "", description: str = "",
                 continuous_update: bool = False) -> widgets.ValueWidget:
        """Add a text box (updates when the student presses Enter or leaves the box)."""
        control = widgets.Text(value=value, description=description or name,
                               continuous_update=continuous_update,
                               style={"description_width": "initial"})
        return self._register(name, control)

    def add_control(self, name: str, control: widgets.ValueWidget) -> widgets.ValueWidget:
        """Add any ipywidgets value widget."""
        return self._register(name, control)

    def value(self, name: str) -> Any:
        """The current value of control ``name``."""
        return self.controls[name].value

    def set(self, **values: Any) -> None:
        """Set several controls at once and update once (handy in tests and lessons)."""
        self._building = True
        try:
            for name, val in values.items():
                if name not in self.controls:
                    raise KeyError(_("this explorer has no control named {name!r}; it has {names}").format(
                        name=name, names=", ".join(self.controls)))
                self.controls[name].value = val
        finally:
            self._building = False
        self.refresh()

    # -- updating ---------------------------------------------------------
    def update(self) -> None:  # pragma: no cover - abstract
        """Recompute ``self.result`` from the controls and update the artists."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Run :meth:`update`, show any error in the explorer, redraw the figure."""
        self._building = False
        start = time.perf_counter()
        try:
            self.update()
        except Exception as exc:  # shown to the student, not swallowed
            self.last_error = f"{type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc)
            self._message.value = f'<div style="{_ERROR_STYLE}">⚠ {html.escape(self.last_error)}</div>'
        else:
            self.last_error = None
            self._message.value = ""
        self.last_update_s = time.perf_counter() - start
        self._redraw()

    def _on_change(self, change: Mapping[str, Any]) -> None:
        if not self._building:
            self.refresh()

    def show_values(self, values: Mapping[str, str]) -> None:
        """Show labelled, already-formatted values under the figure."""
        self.readout_values = dict(values)
        rows = "".join(
            f"<div><b>{html.escape(str(k))}</b>: {html.escape(str(v))}</div>" for k, v in values.items()
        )
        self._readout.value = f'<div style="{_READOUT_STYLE}">{rows}</div>'

    def render_png(self) -> bytes:
        """The figure as PNG bytes, as the explorer shows it."""
        import io

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=self.dpi)
        if not self._layout_frozen:
            # Lay the figure out once; redoing the constrained layout on every slider move
            # costs about a third of each redraw and the axes do not move anyway.
            self.figure.set_layout_engine("none")
            self._layout_frozen = True
        return buffer.getvalue()

    def _redraw(self) -> None:
        if self.figure is None:
            return
        if isinstance(self.figure.canvas, widgets.DOMWidget):
            self.figure.canvas.draw_idle()
        elif self._shown:
            # A PNG in an Image widget shows the same in JupyterLab, Notebook 7, VS Code and on
            # RISE slides, whichever matplotlib backend the kernel has, and without flicker.
            self._image.value = self.render_png()

    # -- display ----------------------------------------------------------
    @property
    def widget(self) -> widgets.Widget:
        """The whole explorer as one ipywidgets box."""
        if self._widget is None:
            parts: list[widgets.Widget] = []
            if self.title:
                parts.append(widgets.HTML(f"<h4 style='margin:4px 0'>{html.escape(self.title)}</h4>"))
            parts.append(widgets.VBox(list(self.controls.values())))
            if self.figure is not None:
                if isinstance(self.figure.canvas, widgets.DOMWidget):
                    parts.append(self.figure.canvas)
                else:
                    parts.append(self._image)
            parts += [self._readout, self._message]
            self._widget = widgets.VBox(parts)
        return self._widget

    def _ipython_display_(self) -> None:
        import base64

        from IPython.display import display

        box = self.widget
        self._shown = True
        self._redraw()
        bundle = dict(box._repr_mimebundle_() or {})
        if self.figure is not None:
            # A still picture beside the live widget: a front end without the widget manager
            # (a slideshow view, a static HTML export, nbviewer) shows the figure, not "VBox(...)".
            bundle["image/png"] = base64.b64encode(self.render_png()).decode("ascii")
            bundle["text/plain"] = self.title or type(self).__name__
        display(bundle, raw=True)
