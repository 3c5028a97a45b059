"""Every explorer of every room, without a browser: each control's move changes the figure's data
(the numbers the browser draws) and sends no picture."""

from __future__ import annotations

import importlib
import inspect

import ipywidgets as widgets
import numpy as np
import pytest

from stemkit.ui import Explorer

MODULES = ["stemkit.ui.welcome", "stemkit.electronics.explorers", "stemkit.robotics.explorers",
           "stemkit.design3d.explorers"]

#: Controls whose move from the defaults leaves the figure as it was, for a reason given.
READOUT_ONLY = {
    ("LEDResistorExplorer", "series"),       # E12 and E24 can give the same resistor
    ("ColourCodeExplorer", "value"),          # an empty text box changes nothing
    ("DividerExplorer", "mode"),              # the default pot (10 kΩ, wiper at 0.5) is the default divider
    ("MeshViewerExplorer", "support"),        # the default block sits on the bed: no face needs support
    ("GCodeExplorer", "show_below"),          # layer 0, the default, has no layer below it
    ("TransformExplorer", "order"),           # with no turn the order of turn and move does not matter
}


def _classes():
    for name in MODULES:
        module = importlib.import_module(name)
        for _n, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Explorer) and cls is not Explorer and cls.__module__ == module.__name__:
                yield cls


def _build(cls):
    if cls.__name__ == "PlaybackExplorer":
        t = np.linspace(0, 10, 41)
        arc = np.column_stack([np.sin(t / 10), 1 - np.cos(t / 10), t / 10])
        return cls({"arc": arc, "line": np.column_stack([t / 10, 0 * t, 0 * t])}, times=t)
    return cls()


def _state(ex) -> list:
    out = []
    for plot in ex.plots:
        for mark in plot.marks:
            for key in ("x", "y", "color", "text", "fill_colors", "colors"):
                if mark.has_trait(key):
                    value = getattr(mark, key)
                    out.append(np.asarray(value).tobytes() if isinstance(value, np.ndarray) else repr(value))
        out.append((plot.xscale.min, plot.xscale.max, plot.yscale.min, plot.yscale.max))
    return out


def _other_value(control):
    if isinstance(control, widgets.Dropdown):
        values = list(control.options.values()) if isinstance(control.options, dict) else [
            o[1] if isinstance(o, tuple) else o for o in control.options]
        others = [v for v in values if v != control.value]
        return others[-1] if others else None
    if isinstance(control, widgets.Checkbox):
        return not control.value
    if isinstance(control, widgets.FloatLogSlider):
        lo, hi = control.base ** control.min, control.base ** control.max
        return hi if control.value < (lo * hi) ** 0.5 else lo
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
        mid = (control.min + control.max) / 2
        return control.max if control.value < mid else control.min
    return None


@pytest.mark.parametrize("cls", list(_classes()), ids=lambda c: c.__name__)
def test_every_move_changes_the_figure_data_and_sends_no_picture(cls, monkeypatch):
    ex = _build(cls)
    assert ex.plots, "an explorer draws a figure"
    sent = []
    original = widgets.Widget._send

    def spy(self, msg, buffers=None):
        sent.append((self, [bytes(memoryview(b)[:8]) for b in buffers or []]))
        return original(self, msg, buffers)

    monkeypatch.setattr(widgets.Widget, "_send", spy)
    for name in list(ex.controls):
        ex = _build(cls)   # each control from the defaults, so one move does not hide another's effect
        control = ex.controls[name]
        if control.layout.display == "none":
            continue   # a hidden control (the other mode's) is tried when its mode is on
        value = _other_value(control)
        if value is None:
            continue
        before = _state(ex)
        control.value = value
        assert ex.last_error is None or cls.__name__ == "ColourCodeExplorer", (name, ex.last_error)
        if (cls.__name__, name) not in READOUT_ONLY and ex.last_error is None:
            assert _state(ex) != before, f"moving {name} changed nothing in {cls.__name__}'s figure"
    assert sent, "the moves reached the browser's models"
    assert not any(isinstance(w, widgets.Image) for w, _b in sent)
    assert not any(b.startswith(b"\x89PNG") for _w, bs in sent for b in bs)


@pytest.mark.parametrize("cls", list(_classes()), ids=lambda c: c.__name__)
def test_readouts_are_everyday_numbers_at_the_defaults_and_both_ends(cls):
    import re

    scientific = re.compile(r"\de[+-]\d")
    ex = _build(cls)
    sliders = [n for n, c in ex.controls.items() if isinstance(c, (widgets.FloatSlider, widgets.IntSlider,
                                                                  widgets.FloatLogSlider))]
    for name in [None, *sliders]:
        ends = [None] if name is None else ["min", "max"]
        for end in ends:
            if name is not None:
                control = ex.controls[name]
                low_high = (control.base ** control.min, control.base ** control.max) \
                    if isinstance(control, widgets.FloatLogSlider) else (control.min, control.max)
                control.value = low_high[0] if end == "min" else low_high[1]
            for key, text in ex.readout_values.items():
                assert not scientific.search(str(text)), (name, end, key, text)
            for other in ex.controls:
                assert not scientific.search(ex.readout(other)), (name, end, other, ex.readout(other))
