"""The Explorer base: controls drive update(), marks carry the data, errors show in the widget."""

import re

import numpy as np
import pytest

from stemkit.ui import ControlTypeError, ControlValueError, Explorer
from stemkit.ui.figure import Plot, nice_limit, nice_ticks, project, still_svg
from stemkit.ui.welcome import BlinkExplorer, blink_signal


class Doubler(Explorer):
    def __init__(self, x=2.0):
        super().__init__(title="doubler")
        self.add_slider("x", min=0, max=10, value=x, unit="V", si=True, description="x [V]")
        self.add_dropdown("mode", options=["double", "triple"], value="double")
        self.plot = self.add_plot(xlabel="t [s]", ylabel="y [V]", xlim=(0, 1), ylim=(0, 30))
        self.line = self.plot.line([0, 1], [0, 0])
        self.updates = 0
        self.refresh()

    def update(self):
        self.updates += 1
        x = self.value("x")
        if x > 9:
            raise ValueError(f"x must be <= 9, got {x}")
        factor = 2 if self.value("mode") == "double" else 3
        self.result = {"y": factor * x}
        self.plot.update(self.line, y=[0, factor * x])
        self.show_values({"y": str(factor * x)})


def test_a_control_change_updates_result_marks_and_readout():
    d = Doubler()
    d.controls["x"].value = 4
    assert d.result == {"y": 8}
    assert list(d.line.y) == [0, 8]
    assert d.readout_values == {"y": "8.0"}
    assert "8.0" in d._readout.value


def test_set_changes_several_controls_with_one_update():
    d = Doubler()
    before = d.updates
    d.set(x=3, mode="triple")
    assert d.updates == before + 1 and d.result == {"y": 9}
    with pytest.raises(KeyError, match="no control named 'z'"):
        d.set(z=1)


def test_errors_show_in_the_explorer_and_keep_the_last_good_result():
    d = Doubler()
    d.controls["x"].value = 5
    d.controls["x"].value = 9.5
    assert d.last_error == "x must be <= 9, got 9.5"
    assert "x must be &lt;= 9" in d._message.value  # escaped, shown in the widget
    assert d.result == {"y": 10}
    d.controls["x"].value = 1
    assert d.last_error is None and d._message.value == ""


def test_a_move_sends_numbers_and_never_a_picture(monkeypatch):
    import ipywidgets

    d = Doubler()
    sent = []
    original = ipywidgets.Widget._send

    def spy(self, msg, buffers=None):
        sent.append((self, msg, [bytes(memoryview(b)) for b in buffers or []]))
        return original(self, msg, buffers)

    monkeypatch.setattr(ipywidgets.Widget, "_send", spy)
    d.controls["x"].value = 7
    kinds = {type(w).__name__ for w, _m, _b in sent}
    assert "Lines" in kinds                       # the mark's data went to the browser ...
    assert not any(isinstance(w, ipywidgets.Image) for w, _m, _b in sent)
    assert not any(b.startswith(b"\x89PNG") for _w, _m, bs in sent for b in bs)   # ... and no PNG
    line_msgs = [m for w, m, _b in sent if w is d.line]
    assert len(line_msgs) == 1                    # one message per mark per move (hold)
    np.testing.assert_array_equal(d.line.y, [0, 14])


def test_slider_readout_is_si_and_follows_the_value():
    d = Doubler(x=2.5)
    assert d.readout("x") == "2.5 V"
    d.controls["x"].value = 0.004
    assert d.readout("x") == "4 mV"
    assert d.controls["x"]._stemkit_readout.value == "4 mV"
    assert d.controls["x"].readout is False       # the widget's own 4.00e-3 readout is off


def test_bad_starting_values_name_the_control_range_and_value():
    with pytest.raises(ControlValueError, match=r"x \[V\] must be from 0 V to 10 V, got x=12"):
        Doubler(x=12)
    with pytest.raises(ControlTypeError, match=r"x \[V\] needs a number from 0 V to 10 V; x='5' is not a number"):
        Doubler(x="5")
    assert issubclass(ControlValueError, ValueError) and issubclass(ControlTypeError, TypeError)
    d = Doubler()
    with pytest.raises(ControlValueError, match="mode can be 'double', 'triple'; mode='quadruple'"):
        d.set(mode="quadruple")
    with pytest.raises(ControlValueError, match="got x=-1"):
        d.set(x=-1)                                # no silent clamp to 0
    assert d.value("x") == 2.0


def test_a_wrong_option_suggests_the_one_meant():
    class Picker(Explorer):
        def __init__(self, material):
            super().__init__()
            self.add_dropdown("material", options=["PLA", "PETG"], value=material, description="material")

    with pytest.raises(ControlValueError, match="Did you mean 'PLA'"):
        Picker("pla")


def test_display_sends_the_widget_with_a_vector_still(monkeypatch):
    import IPython.display

    sent = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: sent.append((obj, raw)))
    d = Doubler()
    d._ipython_display_()
    (bundle, raw), = sent
    assert raw is True
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == d.widget.model_id
    svg = bundle["image/svg+xml"]
    assert svg.startswith("<svg") and "polyline" in svg and "t [s]" in svg
    assert "image/png" not in bundle
    assert bundle["text/plain"] == "doubler"


def test_still_svg_draws_the_marks_where_the_scales_put_them():
    p = Plot(xlim=(0, 10), ylim=(0, 10), width=200, height=200)
    p.margin = {"top": 0, "bottom": 0, "left": 0, "right": 0}
    p.line([0, 10], [0, 10])
    svg = still_svg([p])
    # (0, 0) is the bottom-left corner and (10, 10) the top-right one of the 200 px square
    assert re.search(r'points="0\.0,200\.0 200\.0,0\.0"', svg)


def test_equal_plots_keep_one_metre_as_long_on_both_axes():
    p = Plot(equal=True, width=400, height=300)
    p.view(0, 1, 0, 1)
    pw = 400 - p.margin["left"] - p.margin["right"]
    ph = 300 - p.margin["top"] - p.margin["bottom"]
    x_per_px = (p.xscale.max - p.xscale.min) / pw
    y_per_px = (p.yscale.max - p.yscale.min) / ph
    assert x_per_px == pytest.approx(y_per_px)
    assert p.xscale.min <= 0 and p.xscale.max >= 1 and p.yscale.min <= 0 and p.yscale.max >= 1


def test_ticks_limits_and_projection():
    assert nice_ticks(0, 1) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(1e-9, 1e-3, log=True)[0] == pytest.approx(1e-9)
    assert nice_limit(0.9) == 1.0 and nice_limit(1.01) == 2.0
    # looking straight down (elevation 90) the screen shows x to the right and y up
    u, v, depth = project([[1, 0, 0], [0, 1, 0], [0, 0, 1]], elevation=90, azimuth=-90)
    np.testing.assert_allclose(u, [1, 0, 0], atol=1e-12)
    np.testing.assert_allclose(v, [0, 1, 0], atol=1e-12)
    np.testing.assert_allclose(depth, [0, 0, 1], atol=1e-12)


def test_blink_signal_closed_form_and_bad_input():
    t = np.array([0.0, 0.1, 0.24, 0.26, 0.49, 0.5])
    assert blink_signal(times=t, frequency=2.0, duty=0.5).tolist() == [1, 1, 1, 0, 0, 1]
    assert blink_signal(times=t, frequency=2.0, duty=0.0).sum() == 0
    with pytest.raises(ValueError, match="frequency must be > 0 Hz"):
        blink_signal(times=t, frequency=0, duty=0.5)
    with pytest.raises(ValueError, match="duty must be between 0 and 1"):
        blink_signal(times=t, frequency=1, duty=1.5)


def test_blink_explorer_readout_and_data():
    b = BlinkExplorer()
    for f in np.linspace(0.5, 10, 20):
        b.controls["frequency"].value = float(round(f * 2) / 2)
        assert b.last_error is None
    b.set(frequency=4.0, duty=0.25)
    assert b.result["period"] == pytest.approx(0.25)
    assert b.result["on_time"] == pytest.approx(0.0625)
    assert b.readout_values["blinks per minute"] == "240"
    assert b.readout("frequency") == "4 Hz"
    on_fraction = np.asarray(b.line.y).mean()
    assert on_fraction == pytest.approx(0.25, abs=0.01)
    np.testing.assert_array_equal(b.line.y, blink_signal(times=b.times, frequency=4.0, duty=0.25))
