"""The Explorer base: controls drive update(), errors show in the widget, PNG view follows."""

import numpy as np
import pytest

from stemkit.ui import Explorer
from stemkit.ui.welcome import BlinkExplorer, blink_signal


class Doubler(Explorer):
    def __init__(self):
        super().__init__(title="doubler")
        self.add_slider("x", min=0, max=10, value=2)
        self.add_dropdown("mode", options=["double", "triple"], value="double")
        (self.line,) = self.axes.plot([0, 1], [0, 0])
        self.updates = 0
        self.refresh()

    def update(self):
        self.updates += 1
        x = self.value("x")
        if x > 9:
            raise ValueError(f"x must be <= 9, got {x}")
        factor = 2 if self.value("mode") == "double" else 3
        self.result = {"y": factor * x}
        self.line.set_ydata([0, factor * x])
        self.show_values({"y": str(factor * x)})


def test_a_control_change_updates_result_artists_and_readout():
    d = Doubler()
    d.controls["x"].value = 4
    assert d.result == {"y": 8}
    assert list(d.line.get_ydata()) == [0, 8]
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


def test_png_view_follows_the_controls_once_shown():
    d = Doubler()
    assert d._image.value == b""  # nothing is rendered before it is displayed
    d._shown = True
    d.controls["x"].value = 7
    first = bytes(d._image.value)
    assert first.startswith(b"\x89PNG")
    d.controls["x"].value = 1
    assert bytes(d._image.value) != first
    assert d.widget.children[-2] is d._readout


def test_blink_signal_closed_form_and_bad_input():
    t = np.array([0.0, 0.1, 0.24, 0.26, 0.49, 0.5])
    assert blink_signal(times=t, frequency=2.0, duty=0.5).tolist() == [1, 1, 1, 0, 0, 1]
    assert blink_signal(times=t, frequency=2.0, duty=0.0).sum() == 0
    with pytest.raises(ValueError, match="frequency must be > 0 Hz"):
        blink_signal(times=t, frequency=0, duty=0.5)
    with pytest.raises(ValueError, match="duty must be between 0 and 1"):
        blink_signal(times=t, frequency=1, duty=1.5)


def test_blink_explorer_readout_and_update_time():
    b = BlinkExplorer()
    times = []
    for f in np.linspace(0.5, 10, 20):
        b.controls["frequency"].value = float(round(f * 2) / 2)
        times.append(b.last_update_s)
    b.set(frequency=4.0, duty=0.25)
    assert b.result["period"] == pytest.approx(0.25)
    assert b.result["on_time"] == pytest.approx(0.0625)
    assert b.readout_values["blinks per minute"] == "240"
    on_fraction = b.line.get_ydata().mean()
    assert on_fraction == pytest.approx(0.25, abs=0.01)
def test_display_sends_the_widget_with_a_still_picture_fallback(monkeypatch):
    import base64

    import IPython.display

    sent = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: sent.append((obj, raw)))
    d = Doubler()
    d._ipython_display_()
    (bundle, raw), = sent
    assert raw is True
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == d.widget.model_id
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert bundle["text/plain"] == "doubler"
