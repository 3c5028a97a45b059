"""ArmExplorer and PlannerExplorer, driven without a browser."""

from __future__ import annotations

import statistics

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from stemkit.robotics import arm as A  # noqa: E402
from stemkit.robotics import explorers  # noqa: E402

L = (0.08, 0.06)


def _median_update_s(ex, name, values):
    times = []
    for v in values:
        ex.controls[name].value = v
        assert ex.last_error is None, ex.last_error
        times.append(ex.last_update_s)
    return statistics.median(times)


# -- ArmExplorer --------------------------------------------------------------
def test_arm_explorer_forward_side():
    ex = explorers.ArmExplorer(link_lengths=L)
    ex.set(shoulder=90, elbow=0)
    assert ex.last_error is None
    assert ex.result["tip"] == pytest.approx((0.0, 0.14), abs=1e-12)
    assert np.allclose(ex.result["servo_angles_deg"], (90, 90))
    assert ex.result["servo_ok"]
    assert ex.readout_values["tip (forward)"] == "(0 m, 140 mm)"
    xs, ys = ex._fk["links"].get_data()
    assert np.allclose(xs, [0, 0, 0], atol=1e-12) and np.allclose(ys, [0, 0.08, 0.14])
    ex.set(shoulder=-30)
    assert not ex.result["servo_ok"]
    assert "outside 0–180°" in ex.readout_values["servo angles (forward)"]


def test_arm_explorer_inverse_side_shows_both_branches():
    ex = explorers.ArmExplorer(link_lengths=L)
    ex.set(x=0.08, y=0.06)
    r = ex.result
    assert r["reachable"]
    assert r["solutions_deg"].shape == (2, 2)
    for q, artists in zip(r["solutions_deg"], (ex._down, ex._up)):
        xs, ys = artists["links"].get_data()
        assert np.allclose((xs[-1], ys[-1]), (0.08, 0.06), atol=1e-12)
        assert np.allclose(A.forward_kinematics(q, link_lengths=L, unit="deg"), (0.08, 0.06))
    assert np.allclose(r["solutions_deg"][0], (0, 90), atol=1e-9)
    assert "servos (0°, 180°)" in ex.readout_values["elbow down"]
    assert ex._note.get_text() == ""


def test_arm_explorer_unreachable_target_is_shown_plainly():
    ex = explorers.ArmExplorer(link_lengths=L)
    ex.set(x=0.15, y=0.05)
    assert ex.last_error is None
    assert not ex.result["reachable"]
    assert ex.result["solutions_deg"].shape == (0, 2)
    assert ex._note.get_text() == "unreachable"
    assert "unreachable" in ex.readout_values["inverse"] and "140 mm" in ex.readout_values["inverse"]
    assert len(ex._down["links"].get_xdata()) == 0 and len(ex._up["links"].get_xdata()) == 0
    ex.set(x=0.1, y=0.0)
    assert ex.result["reachable"] and len(ex._down["links"].get_xdata()) == 3


def test_arm_explorer_is_fast():
    ex = explorers.ArmExplorer()
    assert _median_update_s(ex, "shoulder", np.linspace(0, 180, 20)) < 0.05
    assert _median_update_s(ex, "x", np.linspace(-0.15, 0.15, 20)) < 0.05
