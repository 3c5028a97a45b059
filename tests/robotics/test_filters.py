"""Tests of stemkit.robotics.filters: causal moving average and median against direct definitions."""

import numpy as np
import pytest

from stemkit.robotics import filters as f

rng = np.random.default_rng(11)
X = rng.normal(0, 1, 200)


@pytest.mark.parametrize("window", [1, 2, 3, 5, 8, 250])
def test_moving_average_matches_the_definition(window):
    expected = [np.mean(X[max(0, k - window + 1): k + 1]) for k in range(X.size)]
    assert np.allclose(f.moving_average(X, window=window), expected)


@pytest.mark.parametrize("window", [1, 2, 3, 5, 8, 250])
def test_median_matches_the_definition(window):
    expected = [np.median(X[max(0, k - window + 1): k + 1]) for k in range(X.size)]
    assert np.allclose(f.median_filter(X, window=window), expected)


def test_filters_are_causal():
    y = X.copy()
    y[150:] += 100.0  # change the future
    for fn in (lambda v: f.moving_average(v, window=5), lambda v: f.median_filter(v, window=5),
               lambda v: f.exponential_filter(v, alpha=0.3)):
        assert np.array_equal(fn(X)[:150], fn(y)[:150])


def test_median_rejects_a_lone_outlier_and_the_average_does_not():
    signal = np.full(21, 0.5)
    signal[10] = 4.0  # a time-out reading
    assert np.allclose(f.median_filter(signal, window=3), 0.5)
    avg = f.moving_average(signal, window=5)
    assert avg[10] == pytest.approx(0.5 + 3.5 / 5)


def test_averaging_reduces_noise_by_root_n():
    noise = rng.normal(0, 1, 100_000)
    smoothed = f.moving_average(noise, window=16)[16:]
    assert smoothed.std() == pytest.approx(1 / 4, rel=0.05)


def test_step_lag():
    step = np.r_[np.zeros(10), np.ones(10)]
    assert f.moving_average(step, window=4)[10:14].tolist() == [0.25, 0.5, 0.75, 1.0]
    assert f.median_filter(step, window=5)[10:14].tolist() == [0.0, 0.0, 1.0, 1.0]


def test_exponential_filter_recursion_and_rms():
    y = f.exponential_filter([1.0, 3.0, 3.0], alpha=0.25)
    assert y.tolist() == [1.0, 1.5, 1.875]
    assert f.rms_error([1, 2], [1, 2]) == 0.0
    assert f.rms_error([0, 0], [3, 4]) == pytest.approx(np.sqrt(12.5))


def test_bad_input_is_clear():
    with pytest.raises(ValueError, match="window must be a whole number"):
        f.moving_average([1, 2, 3], window=0)
    with pytest.raises(ValueError, match="window"):
        f.median_filter([1, 2, 3], window=2.5)
    with pytest.raises(ValueError, match="reading 1 is nan"):
        f.median_filter([1.0, float("nan")], window=3)
    with pytest.raises(ValueError, match="1-D"):
        f.moving_average([[1, 2], [3, 4]], window=2)
    with pytest.raises(ValueError, match="alpha"):
        f.exponential_filter([1, 2], alpha=0)
    with pytest.raises(ValueError, match="same length"):
        f.rms_error([1, 2], [1])
    assert f.moving_average([], window=3).size == 0


@pytest.mark.parametrize("bad", ["far", 1e300, 0, 2.5, True, None])
def test_window_must_be_a_sensible_whole_number(bad):
    with pytest.raises(ValueError, match="window must be a whole number of samples from 1 to"):
        f.moving_average([1.0, 2.0], window=bad)


def test_alpha_text_and_huge_readings():
    with pytest.raises(ValueError, match="alpha must be between 0 and 1"):
        f.exponential_filter([1.0, 2.0], alpha="half")
    # squares of 1e300 overflow; the scaled formula gives the exact answer
    assert f.rms_error([1e300, -1e300], [0.0, 0.0]) == pytest.approx(1e300)
    assert f.rms_error([3.0, 3.0], [3.0, 3.0]) == 0.0
