"""The simulated board prints what the lessons' sketches would, from the rooms' models."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from stemkit.electronics import PWM, Circuit, arduino, pwm, sensors
from stemkit.hardware import (
    Board,
    BoardWarning,
    Button,
    Divider,
    Encoder,
    Led,
    PwmFilter,
    SimulatedBoard,
    Thermistor,
    UltrasonicTarget,
    connect,
)
from stemkit.hardware.simulated import Model
from stemkit.robotics.odometry import encoder_ticks
from stemkit.robotics.sensors import echo_distance


def test_simulated_board_has_the_board_api():
    public = {name for name in dir(Board) if not name.startswith("_")}
    assert public <= set(dir(SimulatedBoard))


def test_divider_reads_the_circuits_voltage():
    c = Circuit("divider")
    c.add_voltage_source("V1", "5v", "0", 5)
    c.add_resistor("R1", "5v", "out", "10k")
    c.add_resistor("R2", "out", "0", "4k7")
    board = SimulatedBoard(Divider(c, node="out", pin="a2", noise_counts=0.0, period=0.1), speed=50)
    data = board.read(lines=10)
    assert data.columns == ["t_ms", "a2"]
    assert np.all(data["a2"] == arduino.adc_counts(voltage=c.operating_point().voltage("out")))
    assert np.diff(data["t_ms"]).tolist() == [100] * 9
    more = board.read(lines=5)                       # the next read goes on where this one stopped
    assert more["t_ms"][0] == data["t_ms"][-1] + 100


def test_thermistor_follows_a_cooling_cup_and_the_lesson_reads_it_back():
    def cup(t):     # 60 °C cooling towards 20 °C with a 2-minute time constant
        return 20 + 40 * np.exp(-t / 120)

    board = SimulatedBoard(Thermistor(temperature=cup, noise_counts=0.0), speed=200, seed=2)
    data = board.read(lines=30)
    v = arduino.counts_to_voltage(counts=data["a0"])
    r = sensors.sensor_resistance(output_voltage=v, supply_voltage=5, fixed_resistance=10e3)
    measured = sensors.ntc_temperature(resistance=r) - sensors.ZERO_CELSIUS
    assert measured == pytest.approx(cup(data["t_ms"] / 1000), abs=0.25)
    assert np.all(np.diff(data["a0"]) >= 0), "cooling: the NTC's resistance and the voltage rise"


def test_two_models_print_side_by_side_like_the_sensor_logger():
    ldr = Circuit("LDR divider")
    ldr.add_voltage_source("V1", "5v", "0", 5)
    ldr.add_resistor("LDR", "5v", "a1", sensors.ldr_resistance(illuminance=100.0))
    ldr.add_resistor("R2", "a1", "0", "10k")
    board = SimulatedBoard(Thermistor(temperature=25.0), Divider(ldr, node="a1", pin="a1"), speed=100, seed=1)
    data = board.read(lines=3)
    assert data.columns == ["t_ms", "a0", "a1"]
    assert np.all(np.abs(data["a0"] - 512) <= 1)
    assert np.all(np.abs(data["a1"] - arduino.adc_counts(voltage=ldr.operating_point().voltage("a1"))) <= 1)


def test_led_anode_voltage_is_the_led_models():
    red, blue = Led(colour="red", resistance=330), Led(colour="blue", resistance=330)
    assert 1.7 < red.voltage < 2.1 and 2.6 < blue.voltage < 3.4 and blue.voltage > red.voltage


def test_ultrasonic_target_prints_like_the_sketch():
    board = SimulatedBoard(UltrasonicTarget(distance=0.5, noise_std=0.0, miss_probability=0.3), speed=20, seed=4)
    data = board.read(lines=60)
    assert data.columns == ["t_ms", "echo_us", "distance_cm"]
    hit = data["echo_us"] > 0
    assert 0.1 < 1 - hit.mean() < 0.5, "about 30 % of echoes missed"
    assert np.all(data["distance_cm"][~hit] == 0)
    assert echo_distance(data["echo_us"][hit] * 1e-6) == pytest.approx(0.5, abs=0.001)
    assert data["distance_cm"][hit] == pytest.approx(data["echo_us"][hit] / 58, abs=0.06)
    far = SimulatedBoard(UltrasonicTarget(distance=6.0), speed=20, seed=1).read(lines=3)
    assert far["echo_us"].tolist() == [0, 0, 0], "beyond 4 m the sensor times out"


def test_speed_paces_simulated_time():
    board = SimulatedBoard(Thermistor(temperature=25.0), speed=10)
    start = time.monotonic()
    data = board.read(seconds=5)
    wall = time.monotonic() - start
    assert wall > 0.45, "5 simulated seconds at 10 x take half a second, not less"
    assert 4 <= len(data) <= 6 and data["t_ms"][-1] <= 5000


def test_background_reading_stops_on_request():
    board = SimulatedBoard(speed=5)
    rec = board.start()
    time.sleep(0.3)
    assert board.reading
    assert board.stop() is rec and not board.reading
    n = len(rec)
    time.sleep(0.1)
    assert len(rec) == n > 0


def test_stemkit_board_sim_forces_the_simulated_board(monkeypatch):
    monkeypatch.setenv("STEMKIT_BOARD", "sim")
    with pytest.warns(BoardWarning, match="STEMKIT_BOARD=sim"):
        board = connect(speed=50)
    assert isinstance(board, SimulatedBoard) and board.read(lines=2).columns == ["t_ms", "a0"]


def test_bad_models_are_named():
    with pytest.raises(ValueError, match="pin must be an analog pin"):
        Thermistor(pin="d3")
    with pytest.raises(ValueError, match="miss_probability"):
        UltrasonicTarget(miss_probability=2)
    with pytest.raises(ValueError, match="garble"):
        SimulatedBoard(garble=-0.1)
    with pytest.raises(ValueError, match="speed must be > 0"):
        SimulatedBoard(speed=0)


def test_button_bounces_without_the_capacitor_and_not_with_it():
    bouncy = SimulatedBoard(Button(press_every=0.5), speed=100, seed=5).read(lines=21)
    clean = SimulatedBoard(Button(press_every=0.5, capacitance=100e-9), speed=100, seed=5).read(lines=21)
    assert bouncy.columns == clean.columns == ["t_ms", "presses"]
    assert clean["presses"].tolist() == list(range(21))          # 20 presses, 20 counts
    assert 22 <= bouncy["presses"][-1] <= 40                      # the lesson's teacher notes
    # a 1 nF capacitor charges in 9 µs: far too fast to hide a bounce
    assert not Button(capacitance=1e-9).debounced and Button(capacitance=100e-9).debounced


def test_pwm_filter_settles_at_the_lessons_average():
    board = SimulatedBoard(PwmFilter(noise_counts=0.0, period=0.01), speed=100)
    data = board.read(lines=400)
    assert data.columns == ["t_ms", "pwm", "a0"]
    for value in (64, 128, 191):
        settled = data["a0"][(data["pwm"] == value) & (data["t_ms"] % 1000 > 700)]
        v_avg = pwm.average_voltage(duty=pwm.duty_from_analog_write(value), high_voltage=5)
        assert settled == pytest.approx(arduino.adc_counts(voltage=v_avg), abs=1)
    first = data["a0"][(data["t_ms"] >= 100) & (data["t_ms"] < 101)][0]   # one time constant into the first step
    assert first == pytest.approx(0.632 * 1.2549 / arduino.lsb(), abs=1.5)


def test_pwm_filter_ripple_is_the_exact_filters():
    # the first step against the circuit simulator: PWM from 0 V into 10 kΩ and 1 µF
    dac = Circuit("PWM DAC")
    dac.add_voltage_source("pin9", "d9", "0", PWM(frequency=pwm.ARDUINO_PWM_FREQUENCY, duty=64 / 255))
    dac.add_resistor("R1", "d9", "out", "10k")
    dac.add_capacitor("C1", "out", "0", "1u", initial_voltage=0.0)
    sim = dac.transient(stop_time=0.03, time_step=2e-5, initial="given")
    rippled = PwmFilter(capacitance=1e-6, ripple=True)
    model = np.array([rippled.voltage(t) for t in sim.time])
    assert np.max(np.abs(model - sim.voltage("out"))) < 1e-3
    # later steps carry on from where the last one ended: the 191 step settles to the
    # steady-state ripple band, around the same average as the smooth model
    smooth = PwmFilter(capacitance=1e-6)
    v = np.array([rippled.voltage(t) for t in np.arange(2.9, 2.99, 1e-4)])
    lo, hi = pwm.steady_state_limits(duty=pwm.duty_from_analog_write(191), frequency=pwm.ARDUINO_PWM_FREQUENCY,
                                     high_voltage=5, resistance=10e3, capacitance=1e-6)
    assert v.min() == pytest.approx(lo, abs=2e-3) and v.max() == pytest.approx(hi, abs=2e-3)
    assert v.mean() == pytest.approx(smooth.voltage(2.95), abs=0.01)
    assert np.ptp([smooth.voltage(t) for t in np.arange(2.9, 2.99, 1e-4)]) < 1e-3   # by default: no ripple


def test_pwm_filter_carries_each_step_on_from_the_last():
    slow = PwmFilter(capacitance=100e-6)                          # τ = 1 s: no step settles in its second
    later_first = PwmFilter(capacitance=100e-6).voltage(41.3)     # asked out of order, on a fresh model
    for k in range(1, 48):
        assert slow.voltage(k - 1e-9) == pytest.approx(slow.voltage(k), abs=1e-6), "the output cannot jump"
    assert slow.voltage(41.3) == later_first
    assert slow.voltage(45.3) == pytest.approx(slow.voltage(41.3), abs=1e-9)   # settled into the 4 s cycle
    assert 0.0 < slow.voltage(40.0) < slow.voltage(41.0) < slow.voltage(42.0) < slow.voltage(43.0)


class _SlowModel(Model):
    """A model that needs 1 ms of real time per line, while a line covers 2 ms / 20 = 0.1 ms."""

    columns = ("n",)
    period = 0.002

    def values(self, at, rng):
        time.sleep(0.001)
        return (round(at * 1000),)


def test_a_slow_model_makes_its_lines_late_but_never_holds_up_the_reader():
    board = SimulatedBoard(_SlowModel(), speed=20)
    done = {}
    reader = threading.Thread(target=lambda: done.setdefault("data", board.read(lines=300)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert "data" in done, "read(lines=300) never returned: the port kept making lines to catch up with the clock"
    data = done["data"]
    assert len(data) == 300 and np.diff(data["t_ms"]).tolist() == [2.0] * 299, "in order, none lost"


def test_encoder_counts_like_the_lessons_model():
    board = SimulatedBoard(Encoder(left_speed=10.0, right_speed=12.0), speed=50)
    data = board.read(lines=21)
    t = data["t_ms"] / 1000
    assert data.columns == ["t_ms", "left_ticks", "right_ticks"]
    assert np.array_equal(data["left_ticks"], encoder_ticks(10.0 * t))
    assert np.array_equal(data["right_ticks"], encoder_ticks(12.0 * t))
