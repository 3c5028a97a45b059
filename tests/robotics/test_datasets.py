"""The robotics datasets: each has a card, loads, and (when generated) matches its generator."""

import re

import numpy as np
import pytest

from stemkit import datasets
from stemkit.robotics import odometry, sensors

MINE = ["robotics/encoder_log", "robotics/range_log", "robotics/line_track"]


@pytest.mark.parametrize("name", MINE)
def test_card_has_the_required_lines(name):
    text = datasets.card(name).read_text(encoding="utf-8")
    assert text.startswith("# ")
    for key in ("source", "licence", "units", "generated"):
        assert re.search(rf"^- {key}: \S", text, flags=re.M), f"{name} card lacks '- {key}:'"
    generated = re.search(r"^- generated: (.*)$", text, flags=re.M).group(1)
    assert generated.startswith("yes, by stemkit.robotics.")
    assert re.search(r"seed \d+", generated)
    table = datasets.load(name)
    if hasattr(table, "columns"):
        for column in table.columns:
            assert f"| {column} |" in text, f"column {column} of {name} is not described in its card"


def test_encoder_log_matches_its_generator():
    table = datasets.load("robotics/encoder_log")
    log = odometry.simulate_encoder_log(seed=3)
    for column in ("left_ticks", "right_ticks"):
        assert np.array_equal(table[column], log[column])
    for column in ("time", "true_x", "true_y", "true_theta"):
        assert np.allclose(table[column], log[column], atol=1e-6)
    # the log is a closed 1 m square as commanded, so odometry ends near the start
    est = odometry.odometry(left_ticks=table["left_ticks"], right_ticks=table["right_ticks"])
    assert np.hypot(*est[-1, :2]) < 0.05


def test_range_log_matches_its_generator():
    table = datasets.load("robotics/range_log")
    log = sensors.simulate_range_log(seed=7)
    for column in ("time", "true_distance", "measured_distance"):
        assert np.allclose(table[column], log[column], atol=1e-6)
    assert table["measured_distance"].min() >= 0.02 and table["measured_distance"].max() <= 4.0


def test_line_track_matches_its_generator():
    data = datasets.load("robotics/line_track")
    track = sensors.example_track(data["name"])
    assert np.allclose(np.array(data["points"]), track.points, atol=1e-6)
    assert data["tape_width"] == sensors.TAPE_WIDTH and data["closed"] is True
    start = data["start"]
    assert track.distance_to([start[:2]])[0] < 1e-9  # the robot starts on the line
    text = datasets.card("robotics/line_track").read_text(encoding="utf-8")
    for key in data:
        assert f"`{key}`" in text, f"JSON key {key} is not described in the card"
