"""Each lesson sketch, run on a simulated ATmega328P, does what its lesson predicts.

The inputs come from the lessons' own models (a Circuit, the NTC and LDR formulas, the
bounce list of electronics-06, the encoder and line-sensor models, the arm's inverse
kinematics); the harness feeds them to the firmware and the tests compare what the
firmware printed, or the pulses it made, with the lesson's prediction.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from stemkit.electronics import Circuit, arduino, pwm, rc, sensors
from stemkit.hardware import servo_pulse_width
from stemkit.robotics.arm import Arm
from stemkit.robotics.odometry import (
    TICKS_PER_REVOLUTION,
    WHEEL_RADIUS,
    encoder_ticks,
    ticks_to_distance,
)
from stemkit.robotics.pid import PID
from stemkit.robotics.sensors import (
    LineSensorArray,
    LineTrack,
    Pose,
    UltrasonicSensor,
    echo_distance,
    speed_of_sound,
)


def _edges(level: np.ndarray, time: np.ndarray) -> list[float]:
    """Times [µs] at which a sampled logic level changes."""
    change = np.flatnonzero(np.diff(level.astype(int)) != 0) + 1
    return [float(time[i] * 1e6) for i in change]


def _ms(values) -> str:
    return ",".join(f"{v:.4f}" for v in values)


# -- electronics-06: press counter ----------------------------------------------------------------

BOUNCES = [(1.0e-3, True), (1.2e-3, False), (1.5e-3, True), (1.6e-3, False), (2.0e-3, True),
           (6.0e-3, False), (6.3e-3, True), (6.5e-3, False)]   # the lesson's bouncing press


def _button_pin_level(capacitance):
    # The lesson's circuit and its digitalRead model (a Schmitt trigger at 1.5 V / 3.0 V).
    b = Circuit("push button with a 10 kΩ pull-up")
    b.add_voltage_source("V1", "5v", "0", 5)
    b.add_resistor("R_pullup", "5v", "pin", "10k")
    b.add_resistor("R2", "pin", "contact", "100")
    b.add_switch("S1", "contact", "0", events=BOUNCES)
    if capacitance is not None:
        b.add_capacitor("C1", "pin", "0", capacitance)
    result = b.transient(stop_time=10e-3, time_step=1e-5)
    level = rc.schmitt_trigger(result.voltage("pin"), low_threshold=1.5, high_threshold=3.0)
    return result.time, level


@pytest.mark.parametrize("capacitance", [None, 100e-9], ids=["bouncing", "debounced"])
def test_press_counter_counts_every_high_to_low_change(capacitance, firmware, simulate):
    time, level = _button_pin_level(capacitance)
    presses_each = int(np.sum(np.diff(level.astype(int)) == -1))   # the lesson's count
    assert level[0] and level[-1], "the pin rests HIGH before and after a press"
    edges = _edges(level, time)
    # three presses, 20 ms apart
    waveform = [t + 20_000 * k for k in range(3) for t in edges]
    run = simulate(firmware("press_counter"), 0.07, "-w", "2=1:" + _ms(waveform))
    header, rows, _notes = run.csv()
    assert header == ["t_ms", "presses"]
    assert rows[:, 1].tolist() == list(range(1, 3 * presses_each + 1))
    assert rows[-1, 1] == 3 * presses_each
    if capacitance is None:
        assert presses_each > 1           # one press counts several times: bounce
    else:
        assert presses_each == 1


# -- electronics-07: sensor logger ------------------------------------------------------------------

def _divider_volts(top, bottom):
    c = Circuit("sensor divider")
    c.add_voltage_source("V1", "5v", "0", 5)
    c.add_resistor("R1", "5v", "out", top)
    c.add_resistor("R2", "out", "0", bottom)
    return c.operating_point().voltage("out")


def test_sensor_logger_prints_the_counts_of_both_dividers(firmware, simulate):
    temps_c, lux = (20.0, 45.0), (10.0, 2000.0)    # room air, then warm water and a torch (from 1.5 s)
    a0 = [_divider_volts(10e3, sensors.ntc_resistance(temperature=t + sensors.ZERO_CELSIUS)) for t in temps_c]
    a1 = [_divider_volts(sensors.ldr_resistance(illuminance=e), 10e3) for e in lux]
    run = simulate(firmware("sensor_logger"), 2.1,
                   "-a", f"0={a0[0] * 1000:.0f}@0,{a0[1] * 1000:.0f}@1500",
                   "-a", f"1={a1[0] * 1000:.0f}@0,{a1[1] * 1000:.0f}@1500")
    header, rows, _notes = run.csv()
    assert header == ["t_ms", "a0", "a1"]
    assert rows[:, 0].tolist() == [0, 1000, 2000]           # one reading a second
    for (t_ms, n0, n1) in rows:
        k = 0 if t_ms < 1500 else 1
        assert abs(n0 - arduino.adc_counts(voltage=a0[k])) <= 1
        assert abs(n1 - arduino.adc_counts(voltage=a1[k])) <= 1
        # and the lesson's chain back from counts to °C finds the temperature again
        v = arduino.counts_to_voltage(counts=n0)
        r = sensors.sensor_resistance(output_voltage=v, supply_voltage=5, fixed_resistance=10e3)
        assert sensors.ntc_temperature(resistance=r) - sensors.ZERO_CELSIUS == pytest.approx(temps_c[k], abs=0.3)


# -- electronics-08: PWM steps through an RC filter ---------------------------------------------------

def test_pwm_steps_give_the_duty_and_the_rc_curve_of_the_lesson(firmware, simulate):
    r, c = 10e3, 10e-6
    tau = rc.time_constant(resistance=r, capacitance=c)
    run = simulate(firmware("pwm_steps"), 2.1, "-f", f"0=9:{tau * 1e6:.0f}", "-r", "9")
    header, rows, _notes = run.csv()
    assert header == ["t_ms", "pwm", "a0"]
    t_s, value, counts = rows[:, 0] / 1000, rows[:, 1], rows[:, 2]
    assert np.unique(value).tolist()[:2] == [64, 128]
    assert np.all(np.diff(t_s) <= 0.0045), "a reading every 2 ms (plus printing, and millis() steps)"

    # the pin itself: 490 Hz with duty = value / 255
    pulses = run.pulses[9]
    for v in (64, 128):
        start = t_s[value == v][0] * 1e6
        mine = pulses[(pulses[:, 0] > start + 5000) & (pulses[:, 0] < start + 900_000)]
        period = np.diff(mine[:, 0]).mean() * 1e-6
        assert 1 / period == pytest.approx(pwm.ARDUINO_PWM_FREQUENCY, rel=0.01)
        assert mine[:, 1].mean() * 1e-6 / period == pytest.approx(pwm.duty_from_analog_write(v), abs=0.002)

    # the filter's output: the lesson's average voltage, approached with time constant RC
    v_start = 0.0
    for v in (64, 128):
        mask = value == v
        t0 = t_s[mask][0]
        duty = pwm.duty_from_analog_write(v)
        v_avg = pwm.average_voltage(duty=duty, high_voltage=5)
        predicted = rc.step_response(t_s[mask] - t0, initial=v_start, final=v_avg, time_constant=tau)
        ripple = pwm.ripple(duty=duty, frequency=pwm.ARDUINO_PWM_FREQUENCY, high_voltage=5, resistance=r,
                            capacitance=c)
        slope = abs(v_avg - v_start) / tau * np.exp(-(t_s[mask] - t0) / tau)   # V/s
        # a new duty starts with the next PWM period (up to 2 ms later) and millis() lags by
        # up to 1 ms: on the steep part of the curve that is a few counts
        tolerance = (ripple / 2 + slope * 3.5e-3) / arduino.lsb() + 2          # counts
        miss = np.abs(counts[mask] - predicted / arduino.lsb())
        assert np.all(miss <= tolerance), f"analogWrite({v}): off by up to {miss.max():.1f} counts"
        settled = counts[mask][t_s[mask] - t0 > 6 * tau]
        assert settled.mean() == pytest.approx(v_avg / arduino.lsb(), abs=1.5)
        v_start = float(predicted[-1])


# -- robotics-03: encoder counter -----------------------------------------------------------------------

def _encoder_edges(revs_per_s, seconds, chatter_us=(12.0, 30.0, 41.0, 70.0)):
    # A slot passes every 1/(N·f) s: the output rises as it starts (one tick), falls half-way,
    # and at each slot edge the LM393's output flips a few more times within 0.1 ms.
    period = 1e6 / (TICKS_PER_REVOLUTION * revs_per_s)
    edges = []
    k = 1
    while k * period < seconds * 1e6:
        for t in (k * period, k * period + period / 2):
            edges += [t, *(t + c for c in chatter_us)]
        k += 1
    return edges


def test_encoder_counter_counts_the_ticks_and_ignores_chatter(firmware, simulate):
    left, right = 2.0, 2.5      # wheel turns per second
    seconds = 1.05
    run = simulate(firmware("encoder_counter"), seconds, "-w", "2=0:" + _ms(_encoder_edges(left, seconds)),
                   "-w", "3=0:" + _ms(_encoder_edges(right, seconds)))
    header, rows, _notes = run.csv()
    assert header == ["t_ms", "left_ticks", "right_ticks"]
    t = rows[:, 0] / 1000
    assert len(rows) >= 9
    for column, f in ((1, left), (2, right)):
        expected = encoder_ticks(2 * math.pi * f * t, ticks_per_revolution=TICKS_PER_REVOLUTION)
        assert np.all(np.abs(rows[:, column] - expected) <= 1), (rows[:, column], expected)
        # the lesson's distance per tick turns the count into how far the wheel rolled
        rolled = ticks_to_distance(rows[-1, column])
        assert rolled == pytest.approx(2 * math.pi * WHEEL_RADIUS * f * t[-1], abs=2 * ticks_to_distance(1))
    rises = 6 * int(seconds * TICKS_PER_REVOLUTION * right)   # 3 rising edges at each slot edge
    assert rows[-1, 2] < rises / 5, "the chatter edges were not counted as ticks"


# -- robotics-04: ultrasonic logger ----------------------------------------------------------------------

def test_ultrasonic_logger_reports_the_echo_and_zero_for_a_missed_one(firmware, simulate):
    sensor = UltrasonicSensor(noise_std=0.0)
    walls = {0.50: [(0.5, -0.2, 0.5, 0.2)], 1.20: [(1.2, -0.3, 1.2, 0.3)], 0.10: [(0.1, -0.1, 0.1, 0.1)],
             None: []}   # None: nothing in range, the echo never comes back
    plan = [0.50, 0.50, None, 1.20, 0.10]
    readings = [sensor.measure((0.0, 0.0, 0.0), walls[d]) for d in plan]
    cm = [0.0 if r >= sensor.max_range else 100 * r for r in readings]
    run = simulate(firmware("ultrasonic_logger"), 0.4, "-e", "9:10=" + ",".join(f"{x:.1f}" for x in cm))
    header, rows, _notes = run.csv()
    assert header == ["t_ms", "echo_us", "distance_cm"]
    assert len(rows) >= len(plan)
    for (_t_ms, echo_us, distance_cm), want_cm, (_n, _rise, width) in zip(rows, cm, run.echoes, strict=False):
        if want_cm == 0:
            assert (echo_us, distance_cm) == (0, 0), "a missed echo reads 0, as the lesson says"
            continue
        assert echo_us == pytest.approx(width, rel=0.01, abs=3)       # pulseIn timed the echo
        assert distance_cm == pytest.approx(echo_us / 58, abs=0.06)   # the sketch's 58 µs per cm
        # the lesson's echo_distance gives the wall's distance from the same echo
        assert echo_distance(echo_us * 1e-6) == pytest.approx(want_cm / 100, rel=0.015)
    assert speed_of_sound(20) * 58e-6 / 2 == pytest.approx(0.01, rel=0.01)   # why 58 µs is 1 cm


# -- robotics-05: line follower ---------------------------------------------------------------------------

def test_line_follower_calibrates_finds_the_line_and_steers_by_pd(firmware, simulate):
    floor_mv, tape_mv = 700.0, 3800.0
    sensor = LineSensorArray()
    tape = LineTrack([(0, 0), (2, 0)])
    offsets = [(3000, -0.010), (3300, 0.020), (3600, 0.0), (3900, -0.004)]   # (from ms, robot beside the line m)
    inputs = []
    for ch in range(5):
        # calibration: the car slides across the tape (every sensor sees floor, tape, floor)
        points = [f"{floor_mv:.0f}@0", f"{tape_mv:.0f}@1000", f"{floor_mv:.0f}@2000"]
        for ms, y in offsets:
            r = sensor.read(Pose(0.5, y, 0.0), tape)[ch]
            points.append(f"{floor_mv + r * (tape_mv - floor_mv):.0f}@{ms}")
        inputs += ["-a", f"{ch}=" + ",".join(points)]
    run = simulate(firmware("line_follower"), 4.1, *inputs, "-r", "5", "-r", "6")
    header, rows, notes = run.csv()
    assert header == ["t_ms", "line_mm", "omega", "left_pwm", "right_pwm"]
    floor_counts = arduino.adc_counts(voltage=floor_mv / 1000)
    assert notes and notes[0].startswith("# floor")
    found = [int(x) for x in notes[0].replace(",", " ").split() if x.isdigit()]
    assert all(abs(n - floor_counts) <= 1 for n in found[:5])
    assert all(abs(n - arduino.adc_counts(voltage=tape_mv / 1000)) <= 1 for n in found[5:])

    t_ms, line_mm, omega, left, right = rows.T
    assert t_ms[0] >= 3000, "the motors wait until calibration is done"
    for (start, y), (end, _y) in zip(offsets, offsets[1:] + [(4100, None)], strict=True):
        steady = (t_ms > start + 30) & (t_ms < end - 5)
        expected = 1000 * sensor.line_position(sensor.read(Pose(0.5, y, 0.0), tape))
        assert np.abs(line_mm[steady] - expected).max() < 0.3, (start, line_mm[steady], expected)
    # omega = Kp·p + Kd·Δp/dt, line by line: stemkit's PID on the same positions
    pid = PID(kp=40.0, kd=1.0, dt=0.01, derivative_on_measurement=False)
    pid.update(setpoint=0.0, measurement=0.0)       # the sketch starts with lastPosition = 0
    for p_mm, w in zip(line_mm, omega, strict=True):
        assert w == pytest.approx(pid.update(setpoint=0.0, measurement=-p_mm / 1000), abs=0.02)
    # wheel speeds v ∓ ω·W/2, as PWM of a 0.5 m/s-at-255 motor
    for sign, column in ((-1, left), (1, right)):
        speed = 0.25 + sign * omega * 0.13 / 2
        assert np.all(np.abs(column - np.clip(np.round(speed / 0.5 * 255), 0, 255)) <= 1)
    # and the motor pins carry those PWM values (fast PWM: high for value + 1 of 256 ticks of 4 µs)
    for pin, column in ((5, left), (6, right)):
        pulses = run.pulses[pin]
        for start, _y in offsets:
            window = (pulses[:, 0] > (start + 40) * 1000) & (pulses[:, 0] < (start + 250) * 1000)
            printed = column[(t_ms > start + 40) & (t_ms < start + 250)]
            if printed.size and 0 < printed[0] < 255:
                # simavr restarts the PWM period when analogWrite() rewrites the timer's control
                # register (each loop), cutting one pulse short; the others show the value
                assert np.median(pulses[window, 1]) == pytest.approx((printed[0] + 1) * 4.0, abs=0.1)


# -- robotics-06 and 07: servos -------------------------------------------------------------------------------

def _frames(pulses, start_us=0.0, end_us=np.inf):
    mine = pulses[(pulses[:, 0] > start_us) & (pulses[:, 0] < end_us)]
    return mine[:, 1], np.diff(mine[:, 0])


def test_servo_centre_sends_the_90_degree_pulse_every_20_ms(firmware, simulate):
    run = simulate(firmware("servo_centre"), 0.125, "-r", "9", "-r", "10")
    header, rows, _notes = run.csv()
    assert header == ["shoulder_deg", "elbow_deg"] and rows.tolist() == [[90, 90]]
    for pin in (9, 10):
        widths, gaps = _frames(run.pulses[pin], start_us=15_000)     # after the first frame
        assert len(widths) >= 5
        assert widths == pytest.approx(servo_pulse_width(90) * 1e6, abs=2.0)
        assert gaps == pytest.approx(20_000, abs=50)


def test_arm_square_sends_the_lessons_corner_angles(firmware, simulate):
    # The lesson's plan: inverse kinematics of the four corners, rounded to whole degrees.
    corners_mm = [(-15, 105), (15, 105), (15, 135), (-15, 135)]
    model = Arm(link_lengths=(0.08, 0.06))
    commands = [tuple(int(s) for s in np.round(model.joint_to_servo(model.inverse((x / 1000, y / 1000)))))
                for x, y in corners_mm]
    run = simulate(firmware("arm_square"), 4.7, "-r", "9", "-r", "10")
    header, rows, _notes = run.csv()
    assert header == ["t_ms", "corner", "shoulder_deg", "elbow_deg"]
    assert [tuple(int(v) for v in r[2:]) for r in rows[:4]] == commands
    starts = rows[:4, 0] * 1000
    for i, (shoulder, elbow) in enumerate(commands):
        begin, end = starts[i] + 25_000, min(starts[i] + 1_450_000, run.simulated_s * 1e6 - 1000)
        for pin, angle in ((9, shoulder), (10, elbow)):
            widths, gaps = _frames(run.pulses[pin], begin, end)
            assert len(widths) >= (end - begin) / 20_000 - 1
            # an interrupt now and then delays the pulse's end by a few µs, well inside
            # an SG90's dead band of about 10 µs
            assert np.median(widths) == pytest.approx(servo_pulse_width(angle) * 1e6, abs=1.5)
            assert np.abs(widths - servo_pulse_width(angle) * 1e6).max() < 6
            assert gaps == pytest.approx(20_000, abs=50)
