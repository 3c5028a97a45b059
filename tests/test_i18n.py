from stemkit.i18n import _, format_number, set_language


def test_english_fallback_returns_the_source_text():
    set_language("kk")  # no catalogue compiled yet: English must come back, never an error
    try:
        assert _("{quantity} must be > 0").format(quantity="resistance") == "resistance must be > 0"
    finally:
        set_language(None)


def test_format_number_significant_figures():
    assert format_number(0.1 + 0.2) == "0.3"
    assert format_number(1 / 3) == "0.3333"
    assert format_number(4700) == "4700"
    assert format_number(-0.02) == "-0.02"
    assert format_number(123456789) == "1.235e08"
    assert format_number(float("inf")) == "∞"
    assert format_number(None) == "None"
