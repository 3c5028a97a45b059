"""The electronics datasets of the components half: they load, have cards, and agree with the core."""

import numpy as np
import pytest

from stemkit import datasets
from stemkit.electronics import resistors


def _card(name):
    text = datasets.card(name) if hasattr(datasets, "card") else None
    if text is None or not isinstance(text, str):
        text = datasets.path(name).with_suffix(".md").read_text(encoding="utf-8")
    return text


@pytest.mark.parametrize("name", ["electronics/e_series"])
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
