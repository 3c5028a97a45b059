"""The electronics datasets of the components half: they load, have cards, and agree with the core."""

import numpy as np
import pytest

from stemkit import datasets
from stemkit.electronics import leds, resistors, sensors


def _card(name):
    text = datasets.card(name) if hasattr(datasets, "card") else None
    if text is None or not isinstance(text, str):
        text = datasets.path(name).with_suffix(".md").read_text(encoding="utf-8")
    return text


@pytest.mark.parametrize("name", ["electronics/e_series", "electronics/led_typical", "electronics/ntc_10k_3950",
                                  "electronics/thermistor_log", "electronics/ldr_log"])
def test_card_has_the_required_lines(name):
    text = _card(name)
    assert text.startswith("# ")
    for key in ("- source:", "- licence:", "- units:", "- generated:", "## Columns"):
        assert key in text, (name, key)


def test_e_series_table_matches_the_core():
    table = datasets.load("electronics/e_series")
    for name, sig in resistors.E_SERIES.items():
        rows = table["series"] == name
        assert rows.sum() == len(sig)
        np.testing.assert_array_equal(table["significand"][rows], sig)
        np.testing.assert_array_equal(table["position"][rows], np.arange(len(sig)))
        assert np.all(table["tolerance"][rows] == resistors.SERIES_TOLERANCE[name])
        # the 1-10 Ω decade, exactly the floats the core builds
        np.testing.assert_array_equal(table["value_ohm"][rows],
                                      resistors.series_values(name, minimum=1, maximum=9.99))


def test_led_table_matches_the_core_models():
    table = datasets.load("electronics/led_typical")
    assert sorted(table["colour"]) == sorted(leds.LEDS)
    for k, colour in enumerate(table["colour"]):
        model = leds.LEDS[colour]
        assert table["forward_voltage_typ_v"][k] == model.forward_voltage
        assert table["forward_voltage_max_v"][k] == model.forward_voltage_max
        assert table["test_current_a"][k] == model.test_current
        assert table["max_current_a"][k] == model.max_current
        assert table["part"][k] in model.source
        if model.wavelength is None:
            assert np.isnan(table["wavelength_nm"][k])
        else:
            assert table["wavelength_nm"][k] == pytest.approx(model.wavelength * 1e9)
        # physics sanity: a photon's energy hc/λ is close to (a bit below) q·V_F for coloured LEDs
        if model.wavelength is not None:
            photon_ev = 6.62607015e-34 * 299792458 / model.wavelength / leds.ELEMENTARY_CHARGE
            assert 0.7 * model.forward_voltage < photon_ev < 1.2 * model.forward_voltage


@pytest.mark.parametrize("name,generator,seed", [
    ("electronics/thermistor_log", sensors.thermistor_log, 2024),
    ("electronics/ldr_log", sensors.ldr_log, 7),
])
def test_generated_logs_regenerate(name, generator, seed):
    assert f"sensors.{generator.__name__}, seed {seed}" in _card(name)
    table = datasets.load(name)
    fresh = generator(seed=seed)
    assert list(table) == list(fresh)
    for column in fresh:
        # the file holds the values as printed (0.1 °C, 3 significant figures, whole counts)
        np.testing.assert_allclose(table[column], fresh[column], rtol=1e-9, atol=1e-9)


def test_ntc_table_regenerates_from_the_b_equation():
    assert "sensors.ntc_table" in _card("electronics/ntc_10k_3950")
    table = datasets.load("electronics/ntc_10k_3950")
    fresh = sensors.ntc_table()
    np.testing.assert_array_equal(table["temperature_c"], fresh["temperature_c"])
    np.testing.assert_allclose(table["resistance_ohm"], fresh["resistance_ohm"], atol=0.05 + 1e-9)
    # independent check: the B equation by hand at 0 °C and 100 °C
    import math
    for tc in (0.0, 100.0):
        by_hand = 10e3 * math.exp(3950 * (1 / (tc + 273.15) - 1 / 298.15))
        assert table["resistance_ohm"][table["temperature_c"] == tc][0] == pytest.approx(by_hand, abs=0.05)
