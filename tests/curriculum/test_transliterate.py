"""Kazakh in the Latin alphabet of 2021: the transliteration table on known words, and the ``kk-latn`` edition."""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile

import pytest

from stemkit.curriculum.translate import KK_LATIN_TABLE, latin_catalog, transliterate_kk

#: The Kazakh Cyrillic alphabet, 42 letters.
KAZAKH_CYRILLIC = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
#: The Latin alphabet of 2021, 31 letters.
LATIN_2021 = "AÄBDEFGĞHIİJKLMNÑOÖPQRSŞTUŪÜVYZ" + "aäbdefgğhıijklmnñoöpqrsştuūüvyz"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.mark.parametrize(("cyrillic", "latin"), [
    # the glossary's school terms
    ("кернеу", "kerneu"), ("ток күші", "tok küşı"), ("кедергі", "kedergı"), ("жаттығу", "jattyğu"),
    # the country, and the letters the 2021 alphabet changed most: ы y, і ı, и/й i, ұ ū, ү ü, ң ñ, ғ ğ, ш ş, қ q
    ("Қазақстан", "Qazaqstan"), ("Иә", "İä"), ("ұпай", "ūpai"), ("үйіне", "üiıne"), ("сөйлесіп", "söilesıp"),
    ("мың", "myñ"), ("Ағаш", "Ağaş"), ("шаһар", "şahar"), ("Әліпби", "Älıpbi"),
    # letters only loanwords use: written by their sounds, signs dropped
    ("цикл", "tsikl"), ("Чертёж", "Chertioj"), ("щит", "şşit"), ("объект", "obekt"), ("мультиметр", "multimetr"),
    ("эксперимент", "eksperiment"), ("Юпитер", "İupiter"), ("ядро", "iadro"),
    # a two-letter capital is in capitals only inside a word in capitals
    ("Ядро", "İadro"), ("ЯДРО", "İADRO"), ("ЖАУАП", "JAUAP"), ("ТЕЗ ЖАУАП", "TEZ JAUAP"),
])
def test_known_words(cyrillic, latin):
    assert transliterate_kk(cyrillic) == latin


def test_a_published_transliteration():
    # the first sentence of a 1902 text, with its transliteration in the 2021 alphabet (Wikipedia, "Kazakh alphabets")
    cyrillic = "Бұрыңғы өткен заманда, бір данышпан кісі, Бағдат шаһарының бір үлкен қазысының үйіне келіп қоныпты."
    latin = "Būryñğy ötken zamanda, bır danyşpan kısı, Bağdat şaharynyñ bır ülken qazysynyñ üiıne kelıp qonypty."
    assert transliterate_kk(cyrillic) == latin


def test_the_table_covers_the_alphabet_and_writes_only_its_letters():
    assert len(KAZAKH_CYRILLIC) == 42 and set(KK_LATIN_TABLE) == set(KAZAKH_CYRILLIC)
    both = KAZAKH_CYRILLIC + KAZAKH_CYRILLIC.upper()
    out = transliterate_kk(both + " " + " ".join(both))
    assert not _CYRILLIC.search(out)
    # every letter written is one of the 31, and c only as the ch of loanwords (ч)
    assert set(out.replace("ch", "").replace("Ch", "").replace("CH", "")) <= set(LATIN_2021) | {" "}
    assert unicodedata.is_normalized("NFC", out)
    # the capitals are the capitals of the alphabet, not what str.upper() makes of the lower case
    assert transliterate_kk("И І Ы") == "İ I Y" and transliterate_kk("и і ы") == "i ı y"


def test_everything_but_cyrillic_stays_as_it_is():
    text = "Ток $I = V / R$, `current = 0.02` (20 mA), 4,7 kΩ; {value:.3f} [link](https://x.org) **V**"
    out = transliterate_kk(text)
    assert out == "Tok $I = V / R$, `current = 0.02` (20 mA), 4,7 kΩ; {value:.3f} [link](https://x.org) **V**"
    assert transliterate_kk("English only: 5 V, ±1 %") == "English only: 5 V, ±1 %"


def test_latin_catalog_keeps_contexts_ids_and_fuzzy_flags():
    from babel.messages.catalog import Catalog

    cat = Catalog(locale="kk")
    cat.add("Voltage", "Кернеу", context="c1/heading/abc")
    cat.add("Old", "Ескі", context="c2/paragraph/def", flags=["fuzzy"])
    latin = latin_catalog(cat)
    assert latin.get("Voltage", context="c1/heading/abc").string == "Kerneu"
    old = latin.get("Old", context="c2/paragraph/def")
    assert old.string == "Eskı" and "fuzzy" in old.flags   # a stale translation stays unused in Latin too


# ---------------------------------------------------------------------------
# the edition
@pytest.fixture(scope="module")
def start01():
    from tests.lessons import editions

    lesson = next(lf for lf in editions.find_lessons(editions.ROOT) if lf.lesson_id == "start-01")
    return lesson, editions.key_of(lesson)


def test_latin_edition_is_the_kazakh_one_transliterated_and_says_it_is_machine_made(start01):
    from stemkit.curriculum.notebook import cell_source, read_notebook
    from stemkit.curriculum.release import LATIN_NOTE_ID, student_edition_in

    lesson, key = start01
    source = read_notebook(lesson.path)
    cyrillic, _stats = student_edition_in(source, key, "kk")
    latin, stats = student_edition_in(source, key, "kk-latn")
    assert stats.lang == "kk-latn" and stats.used > 0
    assert latin["metadata"]["stemkit"]["lang"] == "kk-latn"
    assert latin["metadata"]["stemkit"]["title"] == transliterate_kk(cyrillic["metadata"]["stemkit"]["title"])
    note, *cells = latin["cells"]
    assert note["id"] == LATIN_NOTE_ID and note["cell_type"] == "markdown" and "machine-made" in note["metadata"]["tags"]
    assert len(cell_source(note)) > 100 and not _CYRILLIC.search(cell_source(note))
    assert len(cells) == len(cyrillic["cells"])
    for lat, cyr in zip(cells, cyrillic["cells"], strict=True):
        assert lat["cell_type"] == cyr["cell_type"] and lat.get("id") == cyr.get("id")
        if lat["cell_type"] == "markdown":
            assert cell_source(lat) == transliterate_kk(cell_source(cyr))
            assert not _CYRILLIC.search(cell_source(lat))
        else:   # code: the texts a student reads come from the catalogue, the code itself is the same
            assert re.sub(r"\s", "", transliterate_kk(cell_source(cyr))) == re.sub(r"\s", "", cell_source(lat))
    assert any(_CYRILLIC.search(cell_source(c)) for c in cyrillic["cells"])
    # the hints and mistake messages sealed in the key are in Latin letters too
    from stemkit.checks.seal import KEY_FIELD, unseal

    sealed = json.dumps(unseal(latin["metadata"][KEY_FIELD]), ensure_ascii=False)
    assert not _CYRILLIC.search(sealed) and _CYRILLIC.search(json.dumps(unseal(cyrillic["metadata"][KEY_FIELD]),
                                                                      ensure_ascii=False))


@pytest.mark.lessons
def test_latin_edition_runs_blank_fails_and_answered_passes(start01, tmp_path):
    from stemkit.curriculum.notebook import read_notebook, write_notebook
    from stemkit.curriculum.release import student_edition_in
    from tests.lessons import editions

    lesson, key = start01
    edition, _stats = student_edition_in(read_notebook(lesson.path), key, "kk-latn")
    path = tmp_path / "kk-latn" / lesson.track / lesson.path.name
    write_notebook(edition, path)
    blank = editions.run(edition, path.parent)
    graded = 0
    for index, cell in enumerate(blank.cells):
        err = editions.error_of(cell)
        nbg = cell.metadata.get("nbgrader", {})
        if nbg.get("grade"):
            graded += 1
            assert err is not None and err[0] in editions.CHECK_FAILURES and "Traceback" not in err[1], (index, err)
        elif nbg.get("solution") and cell.cell_type == "code":
            assert err is None or err[0] == "NotImplementedError", (index, err)
        else:
            assert err is None, (index, err)
    assert graded >= 3
    answered = editions.run(editions.with_solutions(edition, read_notebook(lesson.path)), path.parent)
    for index, cell in enumerate(answered.cells):
        if cell.metadata.get("nbgrader", {}).get("grade"):
            assert editions.error_of(cell) is None and "✓" in editions.text_of(cell), (index, editions.text_of(cell))


def test_commands_write_the_latin_edition_and_pack(tmp_path, monkeypatch, capsys):
    from stemkit.cli import main

    monkeypatch.chdir(tmp_path.parent)
    out = tmp_path / "student"
    assert main(["release", "start-01", "--lang", "kk-latn", "--out", str(out), "--guide", str(tmp_path / "guides")]) == 0
    said = capsys.readouterr().out
    assert (out / "kk-latn" / "start" / "01-welcome.ipynb").is_file()
    assert "no teacher guide in the Latin alphabet" in said and not (tmp_path / "guides" / "kk-latn").exists()
    assert "--lang kk-latn`" not in said   # the status command takes kk: the Latin edition has no catalogue of its own
    assert main(["pack", "start", "--lang", "kk-latn", "--out", str(tmp_path / "packs")]) == 0
    with zipfile.ZipFile(tmp_path / "packs" / "stemkit-start-student-kk-latn.zip") as zf:
        readme = zf.read("start/README.txt").decode("utf-8")
        packed = json.loads(zf.read("start/01-welcome.ipynb"))
    assert not _CYRILLIC.search(readme) and packed["metadata"]["stemkit"]["lang"] == "kk-latn"
    assert main(["release", "start-01", "--lang", "kk-cyrl", "--out", str(tmp_path / "x")]) == 2
    capsys.readouterr()
