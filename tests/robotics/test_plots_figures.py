"""The explanatory pictures of robotics-02 (turning centre) and robotics-07 (law of cosines)."""

import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from stemkit.robotics.arm import forward_kinematics, inverse_kinematics
from stemkit.robotics.drive import turning_radius
from stemkit.robotics.plots import VectorFigure, cosine_triangle_figure, turning_centre_figure


def _texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_turning_centre_figure_puts_the_centre_at_r_and_the_arrow_tips_on_one_line():
    fig = turning_centre_figure(left_speed=0.20, right_speed=0.30, track_width=0.13, seconds=0.8)
    radius = turning_radius(left_speed=0.20, right_speed=0.30, track_width=0.13)   # the drive module's own formula
    texts = _texts(fig)
    assert f"R = {round(radius * 1000)} mm" in texts and "W = 130 mm" in texts
    ax = fig.axes[0]
    centre = next(line for line in ax.lines if line.get_marker() == "o")
    assert centre.get_xdata()[0] == pytest.approx(-radius)
    tips = [(a.xy[0], a.xy[1]) for a in ax.texts if hasattr(a, "xy") and a.xy[1] > 0.01]
    assert len(tips) == 3    # v_L, v and v_R
    for x, y in tips:         # speed grows with the distance from the centre: one straight line
        assert y / (x + radius) == pytest.approx(0.8 * (0.30 - 0.20) / 0.13)


def test_turning_centre_figure_refuses_a_car_that_drives_straight():
    with pytest.raises(ValueError, match="must differ"):
        turning_centre_figure(left_speed=0.2, right_speed=0.2)
    with pytest.raises(ValueError, match="track_width"):
        turning_centre_figure(track_width=0)


def test_cosine_triangle_has_the_arm_s_sides_and_elbow_angle():
    target = (0.10, 0.05)
    fig = cosine_triangle_figure(target, link_lengths=(0.08, 0.06))
    q1, q2 = inverse_kinematics(target, link_lengths=(0.08, 0.06), elbow="down")
    assert np.allclose(forward_kinematics((q1, q2), link_lengths=(0.08, 0.06)), target)
    texts = _texts(fig)
    r = math.hypot(*target)
    assert "L1 = 80 mm" in texts and "L2 = 60 mm" in texts and f"r = {round(r * 1000)} mm" in texts
    # the law of cosines itself: r² = L1² + L2² − 2·L1·L2·cos(180° − q2)
    assert r ** 2 == pytest.approx(0.08 ** 2 + 0.06 ** 2 - 2 * 0.08 * 0.06 * math.cos(math.pi - q2))
    q2_text = next(t for t in texts if t.startswith("q2 = "))
    assert float(q2_text[5:-1]) == pytest.approx(math.degrees(q2), abs=0.05)


def test_pictures_show_as_deterministic_vector_images():
    for make in (turning_centre_figure, cosine_triangle_figure):
        a, b = make()._repr_svg_(), make()._repr_svg_()
        assert a == b
        root = ET.fromstring(a.encode())
        assert root.get("width").endswith("pt") and float(root.get("width")[:-2]) < 500   # about 600 px wide
        assert isinstance(make(), VectorFigure)
