"""Servo pulse widths as the Arduino Servo library computes them."""

import numpy as np
import pytest

from stemkit.hardware.servo import SERVO_MAX_PULSE, SERVO_MIN_PULSE, servo_pulse_width


def test_ends_and_middle():
    assert servo_pulse_width(0) == pytest.approx(SERVO_MIN_PULSE)
    assert servo_pulse_width(180) == pytest.approx(SERVO_MAX_PULSE)
    assert servo_pulse_width(90) * 1e6 == pytest.approx(1472)


def test_integer_map_like_the_library():
    angles = np.arange(0, 181)
    # Arduino's map(): (x - 0) * (2400 - 544) / (180 - 0) + 544 in long integers
    expected = np.array([a * 1856 // 180 + 544 for a in angles]) * 1e-6
    assert np.array_equal(servo_pulse_width(angles), expected)
    assert np.all(np.diff(servo_pulse_width(angles)) > 0)


def test_out_of_range_angles_are_kept_within_0_180_and_bad_input_named():
    assert servo_pulse_width(-20) == servo_pulse_width(0)
    assert servo_pulse_width(200) == servo_pulse_width(180)
    with pytest.raises(ValueError, match="angle must be a finite"):
        servo_pulse_width(float("nan"))
    with pytest.raises(ValueError, match="min_pulse"):
        servo_pulse_width(90, min_pulse=3e-3)
