"""The Explorer base class: controls -> core function -> figure data, with a readout.

An explorer builds its figure once: one or more :class:`~stemkit.ui.figure.Plot` (bqplot
marks, drawn by the browser). When a control changes it calls the room's core function
and changes the marks' data; the kernel sends numbers, never a picture. Errors raised
while updating are shown in the explorer in plain words, never lost in a log. The latest
result stays on ``explorer.result`` so a student can keep computing with it.

Subclasses implement :meth:`Explorer.update`, add controls with
:meth:`Explorer.add_slider`, :meth:`Explorer.add_dropdown`, ... and plots with
:meth:`Explorer.add_plot` in ``__init__``, then call :meth:`Explorer.refresh` once at
the end of ``__init__``.

A starting value outside a control's range, a choice that is not offered, or text
where a number belongs raises :class:`ControlValueError` (a ``ValueError``) or
:class:`ControlTypeError` (a ``TypeError``) naming the control, what it allows and
what was given; nothing is clamped silently.

Explorers are tested without a browser: set ``explorer.controls["name"].value``
and assert on ``explorer.result``, ``explorer.readout_values`` and the marks' data.
"""

from __future__ import annotations

import contextlib
import html
import math
import numbers
import time
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from stemkit.i18n import _, format_number
from stemkit.ui.figure import Plot, still_svg
from stemkit.units import format_si

__all__ = ["Explorer", "ControlValueError", "ControlTypeError"]

_ERROR_STYLE = "color:#b00020;background:#fdecea;padding:4px 8px;border-radius:4px"
_READOUT_STYLE = "font-family:monospace;font-size:1.0em;line-height:1.45"


class ControlValueError(ValueError):
    """A control was given a value outside what it allows."""


class ControlTypeError(TypeError):
    """A control was given the wrong kind of value (text where a number belongs)."""


def _option_values(options) -> list:
    if isinstance(options, Mapping):
        return list(options.values())
    return [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in options]


class Explorer:
    """Base class for the interactive explorers of every room.

    Parameters
    ----------
    title : str
        Shown above the controls.
    """

    def __init__(self, *, title: str = ""):
        self.title = title
        self.controls: dict[str, widgets.ValueWidget] = {}
        self.plots: list[Plot] = []
        self.plot_columns = 1
        self.result: Any = None
        self.readout_values: dict[str, str] = {}
        self.last_error: str | None = None
        self.last_update_s: float = 0.0
        self._building = True
        self._readout = widgets.HTML()
        self._message = widgets.HTML()
        self._rows: dict[str, widgets.Widget] = {}
        self._widget: widgets.Widget | None = None

    # -- figure -------------------------------------------------------------
    def add_plot(self, plot: Plot | None = None, **options: Any) -> Plot:
        """Add a :class:`~stemkit.ui.figure.Plot` (or make one from ``options``) to the figure."""
        plot = plot if plot is not None else Plot(**options)
        self.plots.append(plot)
        return plot

    @property
    def figure(self) -> widgets.Widget | None:
        """The plots as one widget (a box of bqplot figures), or None for an explorer with no figure."""
        if not self.plots:
            return None
        if getattr(self, "_figure_box", None) is not None:
            return self._figure_box
        figures = [p.figure for p in self.plots]
        if self.plot_columns == 1:
            self._figure_box = widgets.VBox(figures, layout=widgets.Layout(flex="0 0 auto"))
        else:
            rows = [widgets.HBox(figures[i:i + self.plot_columns])
                    for i in range(0, len(figures), self.plot_columns)]
            self._figure_box = widgets.VBox(rows, layout=widgets.Layout(flex="0 0 auto"))
        return self._figure_box

    # -- controls -----------------------------------------------------------
    def _register(self, name: str, control: widgets.ValueWidget, row: widgets.Widget | None = None):
        self.controls[name] = control
        self._rows[name] = row if row is not None else control
        control.observe(self._on_change, names="value")
        return control

    @staticmethod
    def _formatter(unit: str, si: bool, factor: float, digits: int) -> Callable[[float], str]:
        def fmt(value: float) -> str:
            v = float(value) * factor
            if si:
                return format_si(v, unit, digits)
            text = format_number(round(v, 10) + 0.0, digits)
            if not unit:
                return text
            return text + unit if unit == "°" else f"{text} {unit}"
        return fmt

    def _check_number(self, name: str, value: Any, *, low: float, high: float, label: str,
                      fmt: Callable[[float], str], argument: str | None, integer: bool) -> float:
        given = _("{argument}={value!r}").format(argument=argument or name, value=value)
        allowed = _("from {low} to {high}").format(low=fmt(low), high=fmt(high))
        if isinstance(value, (bool, str, bytes)) or value is None or not isinstance(value, numbers.Real):
            raise ControlTypeError(_("{control} needs a number {allowed}; {given} is not a number").format(
                control=label, allowed=allowed, given=given))
        v = float(value)
        if not math.isfinite(v) or v < low - 1e-9 * max(1.0, abs(low)) or v > high + 1e-9 * max(1.0, abs(high)):
            raise ControlValueError(_("{control} must be {allowed}, got {given} ({shown})").format(
                control=label, allowed=allowed, given=given, shown=fmt(v) if math.isfinite(v) else str(v)))
        if integer and not v.is_integer():
            raise ControlValueError(_("{control} must be a whole number {allowed}; {given} is not whole").format(
                control=label, allowed=allowed, given=given))
        return v

    def add_slider(self, name: str, *, min: float, max: float, value: float, step: float | None = None,
                   description: str = "", integer: bool = False, log: bool = False,
                   continuous_update: bool = True, unit: str = "", si: bool = False, factor: float = 1.0,
                   digits: int = 3, argument: str | None = None,
                   readout_format: str | None = None) -> widgets.ValueWidget:
        """Add a slider control named ``name`` (its value is ``self.value(name)``).

        The value shows beside the slider in everyday units: ``si=True`` writes it with an SI
        prefix (10.7 kΩ, 100 µF) from ``value × factor`` in ``unit``; otherwise as a plain
        number followed by ``unit``. A starting ``value`` outside ``min``–``max`` (or text)
        raises a message naming the control and the allowed range; ``argument`` is the
        explorer's parameter name to quote in it.
        """
        del readout_format  # the readout is written by stemkit in SI units
        fmt = self._formatter(unit, si, factor, digits)
        label = description or name
        v = self._check_number(name, value, low=min, high=max, label=label, fmt=fmt, argument=argument,
                               integer=integer)
        kwargs: dict[str, Any] = dict(description=label, value=v, continuous_update=continuous_update,
                                      readout=False, style={"description_width": "initial"},
                                      layout=widgets.Layout(flex="1 1 auto", width="auto", min_width="200px"))
        if log:
            cls = widgets.FloatLogSlider
            kwargs.update(min=math.log10(min), max=math.log10(max), base=10)
            if step is not None:
                kwargs["step"] = step
        elif integer:
            cls = widgets.IntSlider
            kwargs.update(min=int(min), max=int(max), step=int(step or 1), value=int(v))
        else:
            cls = widgets.FloatSlider
            kwargs.update(min=min, max=max, step=step if step is not None else (max - min) / 100)
        control = cls(**kwargs)
        shown = widgets.HTML(fmt(control.value), layout=widgets.Layout(width="84px", flex="0 0 auto"))
        control._stemkit_format = fmt  # the readout text, for tests and the still picture
        control._stemkit_readout = shown
        row = widgets.HBox([control, shown], layout=widgets.Layout(width="100%", align_items="center"))
        control.layout.observe(lambda change: setattr(row.layout, "display", change["new"]), names="display")
        self._register(name, control, row)
        # observed after the explorer's own update, so the new figure leaves the kernel first
        control.observe(lambda change: setattr(shown, "value", fmt(change["new"])), names="value")
        return control

    def add_dropdown(self, name: str, *, options, value=None, description: str = "",
                     argument: str | None = None) -> widgets.ValueWidget:
        """Add a dropdown of ``options`` (a list, or a mapping label -> value).

        A ``value`` that is not one of the options raises a message listing them (and the one
        meant, when only the capitals differ).
        """
        label = description or name
        control = widgets.Dropdown(options=options, description=label, style={"description_width": "initial"})
        if value is not None:
            values = _option_values(options)
            if value not in values:
                close = [o for o in values if isinstance(o, str) and isinstance(value, str)
                         and o.lower() == value.strip().lower()]
                hint = _(" Did you mean {option!r}?").format(option=close[0]) if close else ""
                raise ControlValueError(_("{control} can be {options}; {argument}={value!r} is not one of them."
                                          "{hint}").format(control=label, options=", ".join(repr(o) for o in values),
                                                           argument=argument or name, value=value, hint=hint))
            control.value = value
        return self._register(name, control)

    def add_toggle(self, name: str, *, value: bool = False, description: str = "") -> widgets.ValueWidget:
        """Add an on/off checkbox."""
        if not isinstance(value, bool):
            raise ControlTypeError(_("{control} is on or off: give True or False, got {value!r}").format(
                control=description or name, value=value))
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

    def readout(self, name: str) -> str:
        """The text shown beside control ``name`` (a slider's value in everyday units)."""
        control = self.controls[name]
        fmt = getattr(control, "_stemkit_format", None)
        return fmt(control.value) if fmt else str(control.value)

    def set(self, **values: Any) -> None:
        """Set several controls at once and update once (handy in tests and lessons).

        Values are checked as at the start: a number outside a slider's range or a choice a
        dropdown does not offer raises a message, not a silent clamp.
        """
        for name, val in values.items():
            if name not in self.controls:
                raise KeyError(_("this explorer has no control named {name!r}; it has {names}").format(
                    name=name, names=", ".join(self.controls)))
            self._check(name, val)
        self._building = True
        try:
            for name, val in values.items():
                self.controls[name].value = val
        finally:
            self._building = False
        self.refresh()

    def _check(self, name: str, value: Any) -> None:
        control = self.controls[name]
        label = control.description or name
        if isinstance(control, widgets.FloatLogSlider):
            self._check_number(name, value, low=control.base ** control.min, high=control.base ** control.max,
                               label=label, fmt=self._fmt_of(control), argument=name, integer=False)
        elif isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
            self._check_number(name, value, low=control.min, high=control.max, label=label,
                               fmt=self._fmt_of(control), argument=name,
                               integer=isinstance(control, widgets.IntSlider))
        elif isinstance(control, widgets.Dropdown):
            values = _option_values(control.options)
            if value not in values:
                raise ControlValueError(_("{control} can be {options}; {argument}={value!r} is not one of them."
                                          "{hint}").format(control=label, options=", ".join(repr(o) for o in values),
                                                           argument=name, value=value, hint=""))

    @staticmethod
    def _fmt_of(control) -> Callable[[float], str]:
        return getattr(control, "_stemkit_format", lambda v: format_number(float(v), 4))

    # -- updating ---------------------------------------------------------
    def update(self) -> None:  # pragma: no cover - abstract
        """Recompute ``self.result`` from the controls and update the plots' marks."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Run :meth:`update` and show any error in the explorer.

        Each widget that changed sends one message: the plots' marks, scales and axes
        first (what the student waits to see), then the numbers and the message.
        """
        self._building = False
        start = time.perf_counter()
        with contextlib.ExitStack() as stack:
            # entered first, left last: the numbers follow the figure
            stack.enter_context(self._message.hold_sync())
            stack.enter_context(self._readout.hold_sync())
            for plot in self.plots:
                stack.enter_context(plot.hold())
            try:
                self.update()
            except Exception as exc:  # shown to the student, not swallowed
                self.last_error = f"{type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc)
                self._message.value = f'<div style="{_ERROR_STYLE}">⚠ {html.escape(self.last_error)}</div>'
            else:
                self.last_error = None
                self._message.value = ""
        self.last_update_s = time.perf_counter() - start

    def _on_change(self, change: Mapping[str, Any]) -> None:
        if not self._building:
            self.refresh()

    def show_values(self, values: Mapping[str, str]) -> None:
        """Show labelled, already-formatted values beside the figure."""
        self.readout_values = dict(values)
        rows = "".join(
            f"<div><b>{html.escape(str(k))}</b>: {html.escape(str(v))}</div>" for k, v in values.items()
        )
        self._readout.value = f'<div style="{_READOUT_STYLE}">{rows}</div>'

    # -- display ----------------------------------------------------------
    @property
    def widget(self) -> widgets.Widget:
        """The whole explorer as one ipywidgets box: controls and numbers beside the figure."""
        if self._widget is None:
            side = [widgets.VBox([self._rows[name] for name in self.controls],
                                 layout=widgets.Layout(width="100%")),
                    self._readout, self._message]
            left = widgets.VBox(side, layout=widgets.Layout(flex="1 1 340px", min_width="300px",
                                                            max_width="480px", margin="0 12px 0 0"))
            parts: list[widgets.Widget] = []
            if self.title:
                parts.append(widgets.HTML(f"<h4 style='margin:4px 0'>{html.escape(self.title)}</h4>"))
            body = [left] + ([self.figure] if self.plots else [])
            parts.append(widgets.HBox(body, layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start")))
            self._widget = widgets.VBox(parts)
            # names a page (and a browser test) can find the explorer and its figure by
            self._widget.add_class("stemkit-explorer")
            self._widget.add_class(f"stemkit-{type(self).__name__}")
            if self.plots:
                self.figure.add_class("stemkit-figure")
        return self._widget

    def still(self) -> str:
        """The figure as it is now, as an SVG document (for slides and static pages)."""
        return still_svg(self.plots, columns=self.plot_columns)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = dict(self.widget._repr_mimebundle_() or {})
        if self.plots:
            # A vector still beside the live widget: a front end without the widget manager
            # (a RISE slide, a static HTML export, nbviewer) shows the figure, not "VBox(...)".
            bundle["image/svg+xml"] = self.still()
        bundle["text/plain"] = self.title or type(self).__name__
        return bundle

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)
