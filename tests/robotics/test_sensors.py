"""Tests of stemkit.robotics.sensors: line sensors on polylines and images, ray casting, the ultrasonic cone."""

import math

import numpy as np
import pytest

from stemkit.robotics import sensors as s
from stemkit.robotics.geometry import Pose
from stemkit.units import to_radians


def test_distance_to_polyline_against_brute_force_sampling():
    rng = np.random.default_rng(0)
    pts = rng.uniform(0, 1, (6, 2))
    track = s.LineTrack(pts)
    # sample each segment densely and take the nearest sample: an independent estimate
    dense = np.vstack([a + np.linspace(0, 1, 2001)[:, None] * (b - a) for a, b in zip(pts[:-1], pts[1:], strict=True)])
    queries = rng.uniform(-0.2, 1.2, (50, 2))
    brute = np.min(np.linalg.norm(queries[:, None, :] - dense[None, :, :], axis=2), axis=1)
    assert np.allclose(track.distance_to(queries), brute, atol=1e-3)


def test_darkness_ramp_across_the_tape_edge():
    track = s.LineTrack([(0, 0), (2, 0)], width=0.02)
    ys = np.array([0.0, 0.005, 0.010, 0.012, 0.014, 0.02])
    values = track.darkness(np.column_stack([np.ones_like(ys), ys]), spot_radius=0.004)
    # fully on tape while the whole spot is inside (y <= 0.006), half at the edge, zero beyond
    assert values.tolist() == pytest.approx([1.0, 1.0, 0.5, 0.25, 0.0, 0.0])


def test_distance_field_matches_exact_distance():
    track = s.example_track()
    field, x0, y0, res = track.distance_field(resolution=0.002, margin=0.1)
    rng = np.random.default_rng(1)
    i = rng.integers(0, field.shape[0], 300)
    j = rng.integers(0, field.shape[1], 300)
    exact = np.minimum(track.distance_to(np.column_stack([x0 + j * res, y0 + i * res])), 0.1)
    assert np.allclose(field[i, j], exact, atol=1e-12)


def test_line_sensor_reads_the_tape_and_finds_the_line():
    track = s.LineTrack([(0, 0), (2, 0)], width=0.019)
    sensor = s.LineSensorArray()
    centred = sensor.read(Pose(1.0, 0.0, 0.0), track)
    assert centred.tolist() == pytest.approx([0, 0, 1, 0, 0])
    assert sensor.line_position(centred) == pytest.approx(0.0)
    # robot 15 mm to the right of the line: the line is seen 15 mm to its left
    shifted = sensor.read(Pose(1.0, -0.015, 0.0), track)
    assert shifted.argmax() == 1
    assert sensor.line_position(shifted) == pytest.approx(0.015)
    # symmetric: mirror the offset, mirror the estimate
    left = sensor.line_position(sensor.read(Pose(1.0, -0.007, 0.0), track))
    right = sensor.line_position(sensor.read(Pose(1.0, 0.007, 0.0), track))
    assert left == pytest.approx(-right) and left > 0
    assert math.isnan(sensor.line_position(sensor.read(Pose(1.0, 0.5, 0.0), track)))


def test_image_track_agrees_with_the_polyline_it_shows():
    track = s.LineTrack([(0.05, 0.25), (0.45, 0.25)], width=0.02)
    res = 0.001
    xs = (np.arange(500) + 0.5) * res
    ys = (np.arange(500) + 0.5) * res
    X, Y = np.meshgrid(xs, ys[::-1])  # row 0 is the top of the picture
    grey = 1.0 - track.darkness(np.column_stack([X.ravel(), Y.ravel()])).reshape(X.shape)
    image = s.ImageTrack((grey * 255).round(), pixel_size=res)
    probe = np.column_stack([np.full(20, 0.2), np.linspace(0.2, 0.3, 20)])
    assert np.allclose(image.darkness(probe), track.darkness(probe), atol=0.02)
    sensor = s.LineSensorArray(forward=0.0)
    assert sensor.line_position(sensor.read(Pose(0.2, 0.24, 0.0), image)) == pytest.approx(0.01, abs=0.002)
    assert image.darkness([(5.0, 5.0)])[0] == 0.0


def test_ray_cast_against_closed_forms():
    square = [(-1, -1, 1, -1), (1, -1, 1, 1), (1, 1, -1, 1), (-1, 1, -1, -1)]
    angles = np.linspace(-math.pi / 4 + 1e-9, math.pi / 4 - 1e-9, 31)
    # from the centre, the wall x = 1 is 1/cos(angle) away
    assert np.allclose(s.ray_cast((0, 0), angles, square), 1 / np.cos(angles))
    assert s.ray_cast((0.5, 0), [math.pi], square)[0] == pytest.approx(1.5)
    assert s.ray_cast((0, 0), [0.0], [(2, 1, 2, 3)], max_range=5.0)[0] == 5.0  # misses the segment
    assert s.ray_cast((0, 0), [0.0], [(-2, -1, -2, 1)])[0] == math.inf          # wall behind


def test_ultrasonic_sees_the_nearest_thing_in_its_cone():
    sensor = s.UltrasonicSensor(rays=31)
    # a post 1 m ahead, 0.1 m to the side: inside a 15° cone (atan(0.1) = 5.7°) ...
    post = [(1.0, 0.09, 1.0, 0.11)]
    assert sensor.measure(Pose(0, 0, 0), post) == pytest.approx(math.hypot(1.0, 0.09), rel=1e-3)
    # ... but not at 0.2 m to the side (11.3° > 7.5°)
    assert sensor.measure(Pose(0, 0, 0), [(1.0, 0.19, 1.0, 0.21)]) == sensor.max_range
    narrow = s.UltrasonicSensor(beam_width=to_radians(5.0))
    assert narrow.measure(Pose(0, 0, 0), post) == narrow.max_range
    # limits of the HC-SR04
    assert sensor.measure(Pose(0, 0, 0), [(0.01, -1, 0.01, 1)]) == pytest.approx(0.02)
    assert sensor.measure(Pose(0, 0, 0), [(5.0, -1, 5.0, 1)]) == 4.0
    # the mount turns with the robot
    side = s.UltrasonicSensor(mount=(0.0, 0.0, math.pi / 2))
    assert side.measure(Pose(0, 0, 0), [(-1, 0.7, 1, 0.7)]) == pytest.approx(0.7)


def test_ultrasonic_noise_is_seeded_and_has_the_asked_spread():
    sensor = s.UltrasonicSensor(noise_std=0.01)
    wall = [(1.0, -1, 1.0, 1)]
    a = [sensor.measure(Pose(), wall, rng=np.random.default_rng(5)) for _ in range(3)]
    assert a[0] == a[1] == a[2]
    rng = np.random.default_rng(2)
    many = np.array([sensor.measure(Pose(), wall, rng=rng) for _ in range(4000)])
    assert many.mean() == pytest.approx(1.0, abs=0.001)
    assert many.std() == pytest.approx(0.01, rel=0.05)


def test_range_log_has_noise_and_outliers():
    log = s.simulate_range_log(seed=7)
    err = log["measured_distance"] - log["true_distance"]
    outliers = np.abs(err) > 0.05
    assert 0.01 < outliers.mean() < 0.1
    assert np.std(err[~outliers]) == pytest.approx(0.004, rel=0.2)
    assert np.any(log["measured_distance"] == 4.0)
    again = s.simulate_range_log(seed=7)
    assert np.array_equal(log["measured_distance"], again["measured_distance"])


def test_example_track_is_a_closed_racetrack():
    track = s.example_track()
    assert track.closed and np.array_equal(track.points[0], track.points[-1])
    straight_and_circle = 2 * 1.0 + 2 * math.pi * 0.4
    assert straight_and_circle < track.length < straight_and_circle + 0.1
    assert track.distance_to([(0.5, 0.0)])[0] == pytest.approx(0.0)
    assert track.distance_to([(0.5, 0.1)])[0] == pytest.approx(0.1)
    assert track.distance_to([(1.5, 0.4)])[0] == pytest.approx(0.1, abs=1e-4)  # outside the right half circle


def test_bad_input_is_clear():
    with pytest.raises(ValueError, match="at least 2 points"):
        s.LineTrack([(0, 0)])
    with pytest.raises(ValueError, match="width must be > 0"):
        s.LineTrack([(0, 0), (1, 0)], width=-0.01)
    with pytest.raises(ValueError, match="points must be finite"):
        s.LineTrack([(0, 0), (float("nan"), 0)])
    with pytest.raises(ValueError, match="readings but"):
        s.line_position([0, 1], offsets=[0.0, 0.1, 0.2])
    with pytest.raises(ValueError, match="rng"):
        s.UltrasonicSensor(noise_std=0.01).measure(Pose(), [(1, -1, 1, 1)])
    with pytest.raises(ValueError, match="beam_width must be > 0"):
        s.UltrasonicSensor(beam_width=0)
    with pytest.raises(ValueError, match="min_range"):
        s.UltrasonicSensor(min_range=5.0)
    with pytest.raises(ValueError, match=r"walls must be rows"):
        s.ray_cast((0, 0), [0.0], [(1, 2, 3)])
    with pytest.raises(ValueError, match="grey levels"):
        s.ImageTrack([[0, 300]], pixel_size=0.01)
    with pytest.raises(ValueError, match="unknown track"):
        s.example_track("figure-eight")


def test_measure_many_equals_measure_one_by_one():
    rng = np.random.default_rng(3)
    poses = np.column_stack([rng.uniform(-0.5, 0.5, 40), rng.uniform(-0.5, 0.5, 40), rng.uniform(-3, 3, 40)])
    room = [(-1, -1, 1, -1), (1, -1, 1, 1), (1, 1, -1, 1), (-1, 1, -1, -1), (0.2, 0.2, 0.3, 0.25)]
    sensor = s.UltrasonicSensor(noise_std=0.005, rays=7, mount=(0.05, 0.0, 0.0))
    many = sensor.measure_many(poses, room, rng=np.random.default_rng(9))
    one_rng = np.random.default_rng(9)
    one = [sensor.measure(p, room, rng=one_rng) for p in poses]
    assert np.allclose(many, one, atol=1e-12)


def test_speed_of_sound_and_echo_distance():
    # textbook values: 331.3 m/s at 0 °C, about 343 m/s at 20 °C
    assert s.speed_of_sound(0.0) == pytest.approx(331.3)
    assert s.speed_of_sound(20.0) == pytest.approx(343.2, abs=0.1)
    assert s.speed_of_sound(30.0) - s.speed_of_sound(20.0) == pytest.approx(6.0, abs=0.2)
    # there and back: a 1 m target returns after 2 m of travel
    t = 2.0 / s.speed_of_sound(20.0)
    assert s.echo_distance(t) == pytest.approx(1.0)
    assert np.allclose(s.echo_distance([t, 2 * t]), [1.0, 2.0])
    with pytest.raises(ValueError, match="echo_time must be ≥ 0"):
        s.echo_distance(-1e-3)
    with pytest.raises(ValueError, match="absolute zero"):
        s.speed_of_sound(-300)
