import math

import numpy as np
import pytest

from stemkit.validate import positive


def test_accepts_numbers_of_any_kind():
    assert positive(3, "x", "m") == 3.0
    assert positive(np.float32(0.5), "x", "m") == 0.5


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf, -math.inf])
def test_rejects_zero_negative_and_non_finite_naming_all_three(bad):
    with pytest.raises(ValueError, match=rf"^capacitance must be > 0 F, got {bad}$"):
        positive(bad, "capacitance", "F")


@pytest.mark.parametrize("bad", ["4k7", None, True, [1.0, 2.0]])
def test_rejects_what_is_not_a_number(bad):
    with pytest.raises(TypeError, match="resistance must be a number in Ω"):
        positive(bad, "resistance", "Ω")
