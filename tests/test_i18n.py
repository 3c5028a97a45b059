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


# ---------------------------------------------------------------------------
# languages, plural forms, numbers per locale
import gettext  # noqa: E402

import pytest  # noqa: E402

from stemkit import i18n  # noqa: E402
from stemkit.i18n import compiled_catalog, get_language, language, ngettext  # noqa: E402
from stemkit.units import format_si  # noqa: E402

_RU_PO = '''msgid ""
msgstr ""
"Language: ru\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "{n} point"
msgid_plural "{n} points"
msgstr[0] "{n} балл"
msgstr[1] "{n} балла"
msgstr[2] "{n} баллов"
'''


def test_russian_has_three_plural_forms(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    po = tmp_path / "stemkit.po"
    po.write_text(_RU_PO, encoding="utf-8")
    with open(compiled_catalog("ru", po), "rb") as fh:
        ru = gettext.GNUTranslations(fh)
    said = {n: ru.ngettext("{n} point", "{n} points", n).format(n=n) for n in (1, 2, 5, 11, 21, 22, 25, 104, 111)}
    assert said == {1: "1 балл", 2: "2 балла", 5: "5 баллов", 11: "11 баллов", 21: "21 балл", 22: "22 балла",
                    25: "25 баллов", 104: "104 балла", 111: "111 баллов"}


def test_the_package_catalogues_declare_their_plural_rules():
    from babel.messages.pofile import read_po

    for lang, plurals in (("ru", 3), ("kk", 2)):
        with open(i18n._LOCALE_DIR / lang / "LC_MESSAGES" / "stemkit.po", "rb") as fh:
            assert read_po(fh, locale=lang).num_plurals == plurals


def test_english_plural_without_a_catalogue():
    assert ngettext("{n} point", "{n} points", 1) == "{n} point"
    assert ngettext("{n} point", "{n} points", 2) == "{n} points"


def test_a_changed_po_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    po = tmp_path / "stemkit.po"
    po.write_text(_RU_PO, encoding="utf-8")
    first = compiled_catalog("ru", po)
    po.write_text(_RU_PO.replace("баллов", "очков"), encoding="utf-8")
    second = compiled_catalog("ru", po)
    assert first != second
    with open(second, "rb") as fh:
        assert gettext.GNUTranslations(fh).ngettext("{n} point", "{n} points", 5) == "{n} очков"


def test_numbers_in_russian_and_kazakh():
    for lang in ("ru", "kk"):
        with language(lang):
            assert format_number(1234.5, 5) == "1\u202f234,5"
            assert format_number(-0.00123) == "-0,00123"
            assert format_number(0.1 + 0.2) == "0,3"
            assert format_number(4700) == "4\u202f700"
            assert format_number(2.5e-7) == "2,5e-07"
            assert format_number(float("nan")) == "NaN"
            assert format_si(1234.5, "Ω", 5) == "1,2345 kΩ"       # units keep their symbols
            assert format_si(0.0123, "A") == "12,3 mA"
            assert format_si(1234, "V", 4) == "1,234 kV"
    assert format_number(1234.5, 5) == "1234.5"                  # English unchanged
    assert format_si(0.0123, "A") == "12.3 mA"


def test_language_order(monkeypatch):
    monkeypatch.delenv("STEMKIT_LANG", raising=False)
    assert get_language() == "en"
    try:
        set_language("kk")
        assert get_language() == "kk"
        monkeypatch.setenv("STEMKIT_LANG", "ru")
        assert get_language() == "ru"         # the environment comes first
        with language("en"):
            assert get_language() == "en"     # stemkit's own tools choose for their block
        assert get_language() == "ru"
    finally:
        set_language(None)
    with pytest.raises(ValueError, match="fr"):
        set_language("fr")


def test_check_feedback_in_three_languages():
    from stemkit import checks

    said = {}
    for lang in ("en", "ru", "kk"):
        with language(lang):
            ns = {"current": 9 / 470 * 1000}
            with pytest.raises(checks.CheckFailed) as err:
                exec('checks.number("electronics-01-ex1-1", "current", expected=9 / 470, unit="A", points=2)',
                     {"checks": checks, **ns})
            said[lang] = str(err.value)
    assert said["en"].startswith("✗ Exercise 1.1")
    assert said["ru"] != said["en"] and said["kk"] != said["en"] and said["ru"] != said["kk"]
    assert "1000" in said["ru"] and "1000" in said["kk"]


def test_points_take_the_right_plural_form_in_the_package_catalogues(capsys):
    from stemkit import checks

    said = {}
    for lang in ("en", "ru", "kk"):
        for points in (1, 2, 5, 21):
            with language(lang):
                checks.number("electronics-01-ex1-1", "current", expected=0.02, unit="A", points=points, value=0.02)
            said[lang, points] = capsys.readouterr().out.strip()
    assert said["en", 1].endswith("1/1 point") and said["en", 2].endswith("2/2 points")
    assert said["ru", 1].endswith("1 балл из 1") and said["ru", 2].endswith("2 балла из 2")
    assert said["ru", 5].endswith("5 баллов из 5") and said["ru", 21].endswith("21 балл из 21")
    assert said["kk", 1].endswith("1/1 ұпай") and said["kk", 5].endswith("5/5 ұпай")
