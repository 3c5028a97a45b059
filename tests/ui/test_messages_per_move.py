"""Widget messages per slider move, counted without a browser.

Every widget whose state changes on a move sends one message from the kernel, and the Jupyter
server relays each one to the page, so the count sets how long a move waits in the server on a
busy machine (benchmarks/README.md). A move is sent here the way the browser sends it (a comm
message to the slider), so the slider's echo is counted as it is in a real page.

The floor is four messages: the slider's echo, its value written beside it, one figure mark
and the readout. Explorers that must change more than one mark, or more than one plot, have a
larger budget, given with its reason. A move may also step an axis: a plot's scale and its axis
ticks, two messages per axis, at most four for a floor plot that frames a new view.
"""

from __future__ import annotations

import importlib
import inspect
import statistics

import ipywidgets as widgets
import numpy as np
import pytest

from stemkit.ui import Explorer

MODULES = ["stemkit.ui.welcome", "stemkit.electronics.explorers", "stemkit.robotics.explorers",
           "stemkit.design3d.explorers"]

FLOOR = 4
#: Messages of a typical move (the median over the moves of each slider), when above the floor.
BUDGET = {
    "OhmsLawExplorer": 5,        # the I-V line with the power rectangle, and the point with its current
    "LEDResistorExplorer": 5,    # the two straight lines (wanted current, resistor), and the point
    "SensorExplorer": 5,         # a new fixed resistor moves the curve and the point
    "RCExplorer": 6,             # the supply moves the threshold line and the points along the new y axis
    "PrintCostExplorer": 5,      # new walls move the mass curve and the dot
    "LowPassExplorer": 6,        # the shared frequency axis and the signal's point on each of the two plots
    "ArmExplorer": 6,            # a target moves both elbow solutions and the target cross
    "PlannerExplorer": 6,        # a new start or goal: the searched cells, the path and the marker
    "PWMExplorer": 7,            # the duty moves the signals and the average line on each of the two plots
}
#: Above the budget on the moves where an axis steps: its scale and its ticks (two per axis).
AXIS_STEP = 4

SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)


#: Explorers with no slider to move.
NO_SLIDER = {"ColourCodeExplorer"}   # dropdowns and a text box only


def _classes(*, sliders: bool = True):
    for name in MODULES:
        module = importlib.import_module(name)
        for _n, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Explorer) and cls is not Explorer and cls.__module__ == module.__name__:
                if not sliders or cls.__name__ not in NO_SLIDER:
                    yield cls


def _build(cls):
    if cls.__name__ == "PlaybackExplorer":
        t = np.linspace(0, 10, 201)
        return cls({"arc": np.column_stack([np.sin(t / 10), 1 - np.cos(t / 10), t / 10])}, times=t)
    return cls()


def _press(control, value) -> None:
    """What the browser sends when a key moves the slider: an update of its value."""
    control._handle_msg({"content": {"data": {"method": "update", "state": {"value": value},
                                              "buffer_paths": []}}, "buffers": []})


def _arrow_keys(control) -> list:
    """Six presses of the right arrow from the default, then six of the left (back again)."""
    steps = [1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 0]
    if isinstance(control, widgets.FloatLogSlider):
        top = control.max
        return [control.base ** min(np.log10(control.value) + k * control.step, top) for k in steps]
    out = []
    for k in steps:
        v = control.value + k * control.step
        if v > control.max:   # at the top end the keys go the other way
            v = control.value - k * control.step
        out.append(v)
    return out


@pytest.fixture
def sent(monkeypatch):
    log: list = []
    original = widgets.Widget._send

    def spy(self, msg, buffers=None):
        log.append((self, msg))
        return original(self, msg, buffers)

    monkeypatch.setattr(widgets.Widget, "_send", spy)
    return log


def test_the_count_is_what_a_bare_slider_sends(sent):
    slider, label = widgets.FloatSlider(), widgets.HTML("0")
    slider.observe(lambda change: setattr(label, "value", str(change["new"])), names="value")
    sent.clear()
    _press(slider, 0.5)
    # the echo and the label: what the browser benchmark's baseline counts in a real page
    assert [(type(w).__name__, m["method"]) for w, m in sent] == [("FloatSlider", "echo_update"),
                                                                 ("HTML", "update")]


@pytest.mark.parametrize("cls", list(_classes()), ids=lambda c: c.__name__)
def test_a_slider_move_sends_no_more_than_its_budget(cls, sent):
    ex = _build(cls)
    budget = BUDGET.get(cls.__name__, FLOOR)
    pressed = 0
    for name, control in ex.controls.items():
        if not isinstance(control, SLIDERS) or control.layout.display == "none":
            continue
        counts = []
        for value in _arrow_keys(control):
            sent.clear()
            _press(control, value)
            assert ex.last_error is None, (name, ex.last_error)
            counts.append(len(sent))
            assert len(sent) <= budget + AXIS_STEP, (name, value, [type(w).__name__ for w, _m in sent])
        pressed += len(counts)
        assert statistics.median(counts) <= budget, (name, counts)
    assert pressed, "the explorer has a slider to press"


@pytest.mark.parametrize("cls", list(_classes()), ids=lambda c: c.__name__)
def test_the_figure_leaves_the_kernel_before_the_numbers(cls, sent):
    # the student waits for the picture: the marks go first, the readout and the slider's value last
    ex = _build(cls)
    control = next(c for c in ex.controls.values() if isinstance(c, SLIDERS) and c.layout.display != "none")
    for value in _arrow_keys(control)[:3]:
        sent.clear()
        _press(control, value)
        kinds = [w for w, _m in sent[1:]]       # after the echo
        texts = [i for i, w in enumerate(kinds) if isinstance(w, widgets.HTML)]
        figure = [i for i, w in enumerate(kinds) if not isinstance(w, widgets.HTML)]
        if texts and figure:
            assert max(figure) < min(texts), [type(w).__name__ for w in kinds]


@pytest.mark.parametrize("cls", list(_classes(sliders=False)), ids=lambda c: c.__name__)
def test_an_update_with_nothing_new_sends_nothing(cls, sent):
    ex = _build(cls)
    sent.clear()
    ex.refresh()
    assert [type(w).__name__ for w, _m in sent] == []
