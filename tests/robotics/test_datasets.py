"""The robotics datasets: each has a card, loads, and (when generated) matches its generator."""

import re

import numpy as np
import pytest

from stemkit import datasets
from stemkit.robotics import odometry

MINE = ["robotics/encoder_log"]


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
