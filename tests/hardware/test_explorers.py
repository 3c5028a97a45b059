"""The live plot reads in the background, redraws, and stops on its button."""

import time

import numpy as np

from stemkit.hardware import SimulatedBoard, Thermistor
from stemkit.hardware.explorers import BoardExplorer


def _wait_for(condition, seconds=5.0):
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        time.sleep(0.05)
    return condition()


def test_live_plot_fills_stops_and_keeps_the_data():
    board = SimulatedBoard(Thermistor(temperature=lambda t: 20 + t, noise_counts=0.0, period=0.2), speed=10,
                           seed=1)
    explorer = board.live(refresh=0.1, prediction={"lesson": ([0, 10], [420, 420])})
    assert isinstance(explorer, BoardExplorer) and board.reading
    assert _wait_for(lambda: len(explorer.recording) >= 8)
    explorer.stop_button.click()
    assert not board.reading and explorer.stop_button.disabled
    rec = explorer.result
    n = len(rec)
    time.sleep(0.2)
    assert len(rec) == n, "nothing is added after Stop"
    line = explorer.lines["a0"]
    assert np.allclose(line.y, rec["a0"]) and np.allclose(line.x, rec["t_ms"] / 1000)
    assert explorer.readout_values["lines read"] == str(n)
    assert explorer.last_error is None
    box = explorer.widget
    assert box.children[0] is explorer.stop_button


def test_live_plot_stops_by_itself_and_shows_an_unplug_note():
    board = SimulatedBoard(speed=20, unplug_after=1.0, autosave=False)
    explorer = BoardExplorer(board, refresh=0.05)
    assert _wait_for(lambda: not board.reading)
    assert _wait_for(lambda: explorer.stop_button.disabled)
    explorer.refresh()
    assert any("unplugged" in v for v in explorer.readout_values.values())
    assert len(explorer.recording) >= 5
