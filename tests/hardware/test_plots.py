"""A recording drawn against time, updated as it grows."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from stemkit.hardware.plots import data_columns, draw_recording, update_recording  # noqa: E402
from stemkit.hardware.recording import Recording  # noqa: E402


def test_draw_then_update_follows_the_data():
    rec = Recording(["t_ms", "a0", "a1"])
    rec.add_row(0.0, (0, 500, 100))
    fig, ax = plt.subplots()
    artists = draw_recording(ax, rec, prediction={"model": ([0, 1], [510, 510])})
    assert set(artists["lines"]) == {"a0", "a1"} == set(data_columns(rec))
    for k in range(1, 6):
        rec.add_row(0.1 * k, (1000 * k, 500 + k, 100))
    update_recording(artists, rec)
    x, y = artists["lines"]["a0"].get_data()
    assert np.allclose(x, rec["t_ms"] / 1000) and np.allclose(y, rec["a0"])   # the sketch's clock
    assert ax.get_xlim()[1] >= 5.0
    assert artists["prediction"]["model"].get_linestyle() == "--"
    assert "a0 [counts]" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(fig)


def test_without_the_sketchs_clock_the_computers_is_used():
    rec = Recording(["distance_cm"])
    for k in range(3):
        rec.add_row(0.5 * k, (20.0 + k,))
    fig, ax = plt.subplots()
    artists = draw_recording(ax, rec)
    assert np.allclose(artists["lines"]["distance_cm"].get_xdata(), [0, 0.5, 1.0])
    plt.close(fig)
