"""The glossary rule: a school term is translated with the glossary's word, in any case ending."""

from stemkit.curriculum.lint import GlossaryTerm, glossary_misses

NODE = GlossaryTerm("node", {"ru": ["узел"], "kk": ["түйін"]})
POWER = GlossaryTerm("power", {"ru": ["мощность"], "kk": ["қуат"]})
SUPPLY = GlossaryTerm("power supply", {"ru": ["источник питания"], "kk": ["қоректендіру көзі"]})


def test_a_fleeting_vowel_still_matches_the_glossary_word():
    assert glossary_misses([NODE], "ru", "Measure at the node.", "Измерьте у узла.") == []
    assert glossary_misses([NODE], "ru", "Measure at the node.", "Измерьте в точке.") == [NODE]


def test_the_longest_term_wins():
    both = [POWER, SUPPLY]
    assert glossary_misses(both, "ru", "Switch the power supply on.", "Включите источник питания.") == []
    assert glossary_misses(both, "ru", "Switch the power supply on.", "Включите блок.") == [SUPPLY]
    assert glossary_misses(both, "ru", "The power is 2 W.", "Мощность равна 2 W.") == []


def test_a_term_in_code_or_a_formula_is_a_name_not_a_word():
    assert glossary_misses([POWER], "ru", "Type `power` and $P = power$.", "Введите `power` и $P = power$.") == []


def test_yo_and_ye_are_the_same_letter():
    wheel = GlossaryTerm("wheel", {"ru": ["колесо"], "kk": ["дөңгелек"]})
    assert glossary_misses([wheel], "ru", "Both wheels turn.", "Оба колёса крутятся.") == []
    assert glossary_misses([wheel], "ru", "Both wheels turn.", "Оба колеса крутятся.") == []


def test_a_kazakh_dropped_vowel_still_matches():
    place = GlossaryTerm("position", {"ru": ["положение"], "kk": ["орын"]})
    assert glossary_misses([place], "kk", "Its position.", "Оның орны.") == []
