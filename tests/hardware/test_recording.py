"""A recording keeps every row, saves with a card, and loads back the same."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from stemkit import datasets
from stemkit.hardware.recording import HOST_TIME, Recording, guess_unit, load_recording


def _recording() -> Recording:
    rec = Recording(["t_ms", "a0", "distance_cm"], source="/dev/ttyACM0", baudrate=115200)
    for k in range(5):
        rec.add_row(0.1 * k, (100 * k, 500 + k, 12.5 + k))
    rec.add_note("the board restarted at 0.3 s")
    return rec


def test_columns_and_time_are_arrays():
    rec = _recording()
    assert len(rec) == 5 and rec["a0"].tolist() == [500, 501, 502, 503, 504]
    assert rec[HOST_TIME] == pytest.approx(rec.time) and rec.duration == pytest.approx(0.4)
    with pytest.raises(KeyError, match="the columns are host_time_s, t_ms, a0, distance_cm"):
        rec["a1"]
    with pytest.raises(ValueError, match="needs 3 values"):
        rec.add_row(1.0, (1, 2))


def test_save_writes_csv_and_card_and_loads_back(tmp_path):
    rec = _recording()
    path = rec.save(tmp_path / "thermistor", what="Thermistor divider on A0, cup of warm water")
    assert path.name == "thermistor.csv"
    card = (tmp_path / "thermistor.md").read_text()
    assert card.startswith("# Thermistor divider on A0, cup of warm water")
    for words in ("/dev/ttyACM0 at 115200 baud", "5 lines", "t_ms [ms]", "a0 [counts]", "distance_cm [cm]",
                  "the board restarted"):
        assert words in card
    back = load_recording(path)
    for column in ("t_ms", "a0", "distance_cm"):
        assert np.array_equal(back[column], rec[column])
    assert back.time == pytest.approx(rec.time) and back.notes == rec.notes
    # the same file is a dataset the curriculum's loader reads
    table = datasets._read_csv(path)
    assert table.columns == [HOST_TIME, "t_ms", "a0", "distance_cm"]


def test_rows_added_from_another_thread_are_all_there():
    rec = Recording(["a0"])

    def fill(offset):
        for k in range(2000):
            rec.add_row(k, (offset + k,))

    threads = [threading.Thread(target=fill, args=(10_000 * i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(rec) == 8000 and len(set(rec["a0"].tolist())) == 8000


def test_units_from_names():
    assert [guess_unit(c) for c in ("a3", "echo_us", "left_ticks", "shoulder_deg", "line_mm", "x")] == [
        "counts", "µs", "ticks", "°", "mm", ""]


def test_html_summary_shows_notes():
    html = _recording()._repr_html_()
    assert "5 lines" in html and "restarted" in html and "<table>" in html
